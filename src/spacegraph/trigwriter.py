"""TriG of one document graph, written by Oxigraph from its triples, in linear time.

What ingest writes for each article. The bytes are those of
:func:`spacegraph.export.to_trig` for the same graph: Oxigraph's writer, the
project's prefixes except ``sgr:`` (local names under the base IRI hold
slashes, which Turtle must escape), triples sorted by the N-Triples forms of
subject, predicate and object, and decimals written with a point ("700.0",
the form rdflib's parser and writer use, so one value has one spelling in
every file).

The difference is speed: a document graph is read straight from
:meth:`DocumentGraph.triples <spacegraph.docgraph.DocumentGraph.triples>`
(no rdflib dataset is built), each distinct term's N-Triples form (its sort
key) is computed once, and the sorted quads reach Oxigraph as one N-Quads
text rather than as a Python object each, so a 1 MB article's quarter of a
million triples take about a second.
"""

from __future__ import annotations

from typing import TypeAlias

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from .docgraph import DocumentGraph
from .vocab import BASE, PREFIXES

__all__ = ["WRITER_PREFIXES", "document_trig", "oxigraph_term"]

OxTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

_DECIMAL = XSD.decimal
#: The prefixes written, sorted; not ``sgr:`` (see the module docstring).
WRITER_PREFIXES = {k: v for k, v in sorted(PREFIXES.items()) if v != str(BASE)}


def oxigraph_term(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib term (:class:`TypeError` for anything else).

    >>> str(oxigraph_term(Literal("700", datatype=XSD.decimal)))
    '"700.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            lexical = str(term)
            if term.datatype == _DECIMAL and "." not in lexical and "E" not in lexical.upper():
                lexical += ".0"
            return ox.Literal(lexical, datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _ntriples(term: Node) -> str:
    """The N-Triples form of a term, as Oxigraph writes it (its sort key)."""
    if type(term) is URIRef:
        return f"<{term}>"  # an IRI is written as it is
    return str(oxigraph_term(term))


def document_trig(dg: DocumentGraph) -> str:
    """The document graph as TriG: one named graph, triples sorted, prefixes declared."""
    forms: dict[Node, str] = {}
    get = forms.get

    def form(term: Node) -> str:
        text = forms[term] = _ntriples(term)
        return text

    rows = [(get(s) or form(s), get(p) or form(p), get(o) or form(o)) for s, p, o in dg.triples()]
    rows.sort()
    # Sorted N-Quads, parsed and written by Oxigraph: no Python object per quad.
    tail = f" <{dg.identifier}> .\n"
    nquads = "".join([f"{s} {p} {o}{tail}" for s, p, o in rows])
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    out = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=WRITER_PREFIXES)
    return out.decode("utf-8") if isinstance(out, bytes) else ""
