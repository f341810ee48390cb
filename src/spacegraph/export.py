"""Serialise a dataset to the standard RDF formats, deterministically.

The same dataset always gives the same bytes: rdflib's Turtle and TriG
serialisers order subjects, predicates and objects, and N-Quads lines are
sorted here. Nothing has a blank node (every node has an IRI), so no
relabelling can differ between runs. JSON-LD is written in expanded form
with sorted keys and sorted node lists.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal
from rdflib.term import Node

from .vocab import bind_prefixes

__all__ = ["EXPORTS", "to_jsonld", "to_nquads", "to_trig", "to_turtle"]

#: Output file name → (format label used in docs).
EXPORTS = {
    "spacegraph.trig": "TriG (one named graph per document, plus the ontology)",
    "spacegraph.nq": "N-Quads, sorted",
    "spacegraph.ttl": "Turtle, the union of all graphs",
    "spacegraph.jsonld": "JSON-LD (expanded, one entry per named graph)",
}


def to_trig(dataset: Dataset) -> str:
    """The dataset as TriG, one block per named graph, graphs sorted by IRI.

    rdflib orders the triples inside a graph but not the graphs themselves, so
    each graph is serialised on its own and the blocks are joined in order
    under one shared prefix header.
    """
    prefixes: set[str] = set()
    blocks = []
    graphs = [g for g in dataset.graphs() if len(g)]
    for graph in sorted(graphs, key=lambda g: str(g.identifier)):
        single = Dataset()
        bind_prefixes(single)
        target = single.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
        lines = single.serialize(format="trig").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        blocks.append("\n".join(line for line in lines if not line.startswith("@prefix")).strip())
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(blocks) + "\n"


def to_nquads(dataset: Dataset) -> str:
    """The dataset as N-Quads, one quad per line, lines sorted."""
    text = dataset.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def to_turtle(graph: Graph) -> str:
    """A graph (typically the union of the dataset) as Turtle."""
    bind_prefixes(graph)
    return graph.serialize(format="turtle")


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
