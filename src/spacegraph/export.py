"""Serialise a dataset to the standard RDF formats, deterministically.

The same dataset always gives the same bytes: TriG and Turtle are written by
Oxigraph from quads sorted here (graph, subject, predicate, object), N-Quads
lines are sorted, JSON-LD is written in expanded form with sorted keys and
sorted node lists. The only blank nodes are the ontology's, which the loader
labels canonically, so no relabelling can differ between runs.

Oxigraph's writers are linear; rdflib's TriG writer looks up a prefix for
every IRI in a trie that grows with each evidence selector
(``…/12-34#position``), which made large graphs quadratic.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .oxstore import to_term
from .vocab import BASE, PREFIXES

__all__ = [
    "EXPORTS",
    "WRITER_PREFIXES",
    "graph_to_trig",
    "to_jsonld",
    "to_nquads",
    "to_trig",
    "to_turtle",
]

#: Output file name → (format label used in docs).
EXPORTS = {
    "spacegraph.trig": "TriG (one named graph per document, plus the ontology)",
    "spacegraph.nq": "N-Quads, sorted",
    "spacegraph.ttl": "Turtle, the union of all graphs",
    "spacegraph.jsonld": "JSON-LD (expanded, one entry per named graph)",
}


def to_trig(dataset: Dataset) -> str:
    """The dataset's named graphs as TriG, graphs and triples sorted."""
    forms = _Forms()
    rows: list[tuple[str, ...]] = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if not isinstance(name, URIRef) or name == DATASET_DEFAULT_GRAPH_ID:
            continue
        rows.append((forms(name), forms(s), forms(p), forms(o)))
    return _write(rows, ox.RdfFormat.TRIG)


def graph_to_trig(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """One named graph as TriG (what :func:`to_trig` writes for it), from its triples.

    For a document graph that has not built an rdflib graph (ingest's large
    articles): no dataset is needed.
    """
    forms = _Forms()
    graph = forms(name)
    rows: list[tuple[str, ...]] = [(graph, forms(s), forms(p), forms(o)) for s, p, o in triples]
    return _write(rows, ox.RdfFormat.TRIG)


def to_nquads(dataset: Dataset) -> str:
    """The dataset as N-Quads, one quad per line, lines sorted."""
    text = dataset.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def to_turtle(graph: Graph) -> str:
    """A graph as Turtle, triples sorted; a :class:`~rdflib.Dataset` gives the union of its graphs.

    The union is taken here, once per distinct triple, instead of building an
    rdflib graph of it (which took 6 s on a 100k-triple dataset).
    """
    if isinstance(graph, Dataset):
        distinct = {(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))}
    else:
        distinct = set(graph)
    forms = _Forms()
    rows: list[tuple[str, ...]] = [(forms(s), forms(p), forms(o)) for s, p, o in distinct]
    return _write(rows, ox.RdfFormat.TURTLE)


#: Prefixes the writers use, sorted. Not ``sgr:`` (the project's base IRI): its
#: local names hold slashes, which Turtle must escape (``sgr:id\\/nation\\/china``),
#: so full IRIs read better.
WRITER_PREFIXES = {k: v for k, v in sorted(PREFIXES.items()) if v != str(BASE)}


class _Forms(dict[Node, str]):
    """Each term's N-Triples form (as Oxigraph writes it), computed once per distinct term."""

    def __call__(self, term: Node) -> str:
        form = self.get(term)
        if form is None:
            # an IRI is written as it is; other terms through their Oxigraph form
            form = self[term] = f"<{term}>" if type(term) is URIRef else str(to_term(term))
        return form


def _write(rows: list[tuple[str, ...]], fmt: ox.RdfFormat) -> str:
    """Sort rows of N-Triples forms ((graph,) subject, predicate, object) and write them.

    Oxigraph reads them back as one N-Quads (or N-Triples) text, so no Python
    object is made per statement, and writes TriG or Turtle.
    """
    rows.sort()
    if fmt == ox.RdfFormat.TRIG:
        text = "".join([f"{s} {p} {o} {g} .\n" for g, s, p, o in rows])
        statements = ox.parse(text, format=ox.RdfFormat.N_QUADS)
    else:
        text = "".join([f"{s} {p} {o} .\n" for s, p, o in rows])
        statements = ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    out = ox.serialize(statements, format=fmt, prefixes=WRITER_PREFIXES)
    return out.decode("utf-8") if isinstance(out, bytes) else ""


def _term(node: Node) -> dict[str, Any]:
    if isinstance(node, Literal):
        out: dict[str, Any] = {"@value": str(node)}
        if node.language:
            out["@language"] = node.language
        elif node.datatype:
            out["@type"] = str(node.datatype)
        return out
    if isinstance(node, BNode):
        return {"@id": f"_:{node}"}
    return {"@id": str(node)}


def to_jsonld(dataset: Dataset) -> str:
    """The dataset as expanded JSON-LD with sorted keys and values.

    Expanded form needs no context, so any JSON-LD processor reads it the
    same way; named graphs are top-level objects with ``@graph``.
    """
    graphs: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for s, p, o, ctx in dataset.quads((None, None, None, None)):
        gid = str(ctx.identifier if isinstance(ctx, Graph) else ctx)
        key = "@type" if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" else str(p)
        graphs[gid][_term(s)["@id"]][key].append(_term(o))
    out = []
    for gid in sorted(graphs):
        nodes = []
        for sid in sorted(graphs[gid]):
            node: dict[str, Any] = {"@id": sid}
            for key, values in sorted(graphs[gid][sid].items()):
                if key == "@type":
                    node["@type"] = sorted(v["@id"] for v in values)
                else:
                    node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
            nodes.append(node)
        out.append({"@id": gid, "@graph": nodes})
    return json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
