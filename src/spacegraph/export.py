"""Serialise the loaded quads to the standard RDF formats, deterministically.

The same quads always give the same bytes: every writer works from the quads'
N-Quads lines, sorted and without duplicates (Python sorts a million strings in
well under a second), and Oxigraph writes TriG, Turtle and JSON-LD from them;
no Python object is made per statement beyond its line. Literals keep the
spelling of the source files. The only blank nodes are the ontology's, which
the loader labels canonically, and those of hand-written files, which it
renames in order of appearance, so no relabelling can differ between runs.

rdflib's writers took most of a build's time on large graphs (its TriG writer
looks up a prefix for every IRI in a trie that grows with each evidence
selector, ``…/12-34#position``, which made it quadratic).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from itertools import islice

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .oxstore import to_term
from .vocab import BASE, PREFIXES

__all__ = [
    "EXPORTS",
    "WRITER_PREFIXES",
    "SortedQuads",
    "graph_lines",
    "graph_to_trig",
    "lines_to_trig",
    "nt_form",
    "quads_of",
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
    "spacegraph.jsonld": "JSON-LD (one object per named graph, nodes sorted)",
}


def quads_of(dataset: Dataset) -> list[ox.Quad]:
    """The named-graph quads of an rdflib dataset as Oxigraph quads."""
    forms = _Forms()
    lines = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
            lines.append(f"{forms(s)} {forms(p)} {forms(o)} {forms(name)} .\n")
    return list(ox.parse("".join(lines), format=ox.RdfFormat.N_QUADS))


class SortedQuads:
    """The quads' N-Quads lines, sorted, each once: what every writer starts from.

    Made once per build (one string per quad, one sort) and shared by the
    four writers; the graph of a line and its triple are read back from the
    line itself (the graph name is its last term, an IRI, which holds no
    space), so no further Python object is made per quad.
    """

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.lines = sorted({f"{q} .\n" for q in quads})

    def nquads(self) -> str:
        """N-Quads text, lines sorted."""
        return "".join(self.lines)

    @cached_property
    def by_graph(self) -> str:
        """N-Quads text of the named-graph quads, grouped by graph in order of name."""
        graphs: dict[str, list[str]] = {}
        for line in self.lines:
            _, sep, graph = line.rpartition(" <")
            if sep and line.endswith("> .\n"):
                graphs.setdefault(graph, []).append(line)
        return "".join("".join(graphs[g]) for g in sorted(graphs))

    @cached_property
    def union(self) -> str:
        """N-Triples text of the distinct triples of all graphs, sorted.

        One pass, no second sort: the lines of a triple are exactly those that
        start with ``subject predicate object `` (the space that ends a term's
        N-Triples form never continues a longer term: a literal's own spaces
        stand inside its quotes), so they stand together in the sorted lines;
        and cutting the graph off every line keeps their order, since the
        first difference between two lines of different triples falls inside
        their triples.
        """
        triples = []
        last = None
        for line in self.lines:
            head, sep, _ = line.rpartition(" <")
            triple = head + " .\n" if sep and line.endswith("> .\n") else line
            if triple != last:
                triples.append(triple)
                last = triple
        return "".join(triples)


def _sorted(quads: Iterable[ox.Quad] | SortedQuads) -> SortedQuads:
    return quads if isinstance(quads, SortedQuads) else SortedQuads(quads)


def to_nquads(quads: Iterable[ox.Quad] | SortedQuads) -> str:
    """The quads as N-Quads, one quad per line, lines sorted."""
    return _sorted(quads).nquads()


def to_trig(quads: Iterable[ox.Quad] | SortedQuads) -> str:
    """The named graphs as TriG, graphs in order of name, each graph's triples sorted."""
    return _write(_sorted(quads).by_graph, ox.RdfFormat.TRIG)


def graph_to_trig(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """One named graph as TriG (what :func:`to_trig` writes for it), from rdflib triples.

    No dataset is needed: a document graph that has not built an rdflib graph
    is written from its triples (:mod:`spacegraph.docrecords` writes most of a
    large one's statements from its builder's records, the rest through here).
    """
    return lines_to_trig(graph_lines(name, triples))


def graph_lines(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """The N-Quads lines of one named graph's triples, sorted, each once."""
    forms = _Forms()
    graph = forms(name)
    known = forms.get  # most terms recur: a dict look-up before the method call
    lines = [
        f"{known(s) or forms(s)} {known(p) or forms(p)} {known(o) or forms(o)} {graph} .\n"
        for s, p, o in triples
    ]
    lines.sort()  # a list, not a set: its runs of related statements make the sort quick
    return _distinct(lines)


def lines_to_trig(lines: list[str]) -> str:
    """TriG text of sorted N-Quads lines (:func:`graph_lines`), in their order."""
    return _write("".join(lines), ox.RdfFormat.TRIG)


def _distinct(lines: list[str]) -> list[str]:
    """Sorted ``lines`` without repeats (two terms may share a form: decimals "7", "7.0")."""
    return lines[:1] + [b for a, b in zip(lines, islice(lines, 1, None), strict=False) if a != b]


def to_turtle(quads: Iterable[ox.Quad] | SortedQuads) -> str:
    """The union of the quads' graphs as Turtle, each distinct triple once, sorted."""
    return _write(_sorted(quads).union, ox.RdfFormat.TURTLE)


def to_jsonld(quads: Iterable[ox.Quad] | SortedQuads) -> str:
    """The named graphs as JSON-LD: one object per graph, nodes and values in sorted order.

    Oxigraph writes it from the sorted quads, so every subject is one node
    object listing all its values; the form is expanded (full IRIs), so any
    JSON-LD processor reads it the same way without a context.
    """
    return _write(_sorted(quads).by_graph, ox.RdfFormat.JSON_LD) + "\n"


#: Prefixes the writers use, sorted. Not ``sgr:`` (the project's base IRI): its
#: local names hold slashes, which Turtle must escape (``sgr:id\\/nation\\/china``),
#: so full IRIs read better.
WRITER_PREFIXES = {k: v for k, v in sorted(PREFIXES.items()) if v != str(BASE)}


def nt_form(term: Node) -> str:
    """A term's N-Triples form, as Oxigraph writes it (a decimal without a point gets one)."""
    # an IRI is written as it is; other terms through their Oxigraph form
    return f"<{term}>" if type(term) is URIRef else str(to_term(term))


class _Forms(dict[Node, str]):
    """Each term's N-Triples form, computed once per distinct term."""

    def __call__(self, term: Node) -> str:
        form = self.get(term)
        if form is None:
            form = self[term] = nt_form(term)
        return form


def _write(text: str, fmt: ox.RdfFormat) -> str:
    """Write N-Quads (or N-Triples) ``text`` as ``fmt``, in the order given.

    Oxigraph parses the text and writes it, one statement at a time. The
    parse is lenient (IRIs are not validated again): every line was written
    from terms already parsed or built as valid, and checking them anew took
    most of a writer's time.
    """
    source = ox.RdfFormat.N_TRIPLES if fmt == ox.RdfFormat.TURTLE else ox.RdfFormat.N_QUADS
    statements = ox.parse(text, format=source, lenient=True)
    prefixes = {} if fmt == ox.RdfFormat.JSON_LD else WRITER_PREFIXES
    out = ox.serialize(statements, format=fmt, prefixes=prefixes)
    return out.decode("utf-8") if isinstance(out, bytes) else ""
