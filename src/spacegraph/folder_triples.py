"""The triples of a graph folder that ingest's report reads, made from Oxigraph's quads.

The report (:mod:`spacegraph.corroboration`) sets a new document against the
folder's document graphs: their entities' labels, classes and names, what
their claims state and whether they deny it, their quantities, and each
document's hash and file name. Making an rdflib dataset of the folder costs
about 60 µs a quad (15 s for the graph of a 1 MB article); here each distinct
term becomes an rdflib term once, and the quads the report never reads are
left out: evidence spans and their selectors, mention annotations, and the
bookkeeping of claims (where they are stated, by whom, with what confidence).
That is three quarters of an extracted document's graph.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from .loader import ONTOLOGY_GRAPH
from .triples import Triple, TripleIndex
from .vocab import OA, PROV, SG

__all__ = ["UNREAD_PREDICATES", "UNREAD_TYPES", "document_triples"]

#: Predicates of the quads the report never reads.
UNREAD_PREDICATES = frozenset(
    {
        OA.hasSource,
        OA.hasSelector,
        OA.start,
        OA.end,
        OA.hasBody,
        OA.hasTarget,
        OA.motivatedBy,
        SG.hasEvidence,
        SG.statedIn,
        SG.confidence,
        SG.surfaceForm,
        SG.mentionedIn,
        PROV.wasAttributedTo,
    }
)
#: Classes whose ``rdf:type`` quads the report never reads.
UNREAD_TYPES = frozenset({SG.Evidence, OA.TextPositionSelector, OA.Annotation, SG.Claim})

_XSD_STRING = str(XSD.string)


class _Terms(dict[object, Node]):
    """rdflib terms of Oxigraph terms, each made once (as rdflib's N-Quads parser makes it)."""

    def __missing__(self, term: object) -> Node:
        made: Node
        if isinstance(term, ox.NamedNode):
            made = URIRef(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                made = Literal(term.value, lang=term.language)
            elif term.datatype.value == _XSD_STRING:
                made = Literal(term.value)
            else:
                made = Literal(term.value, datatype=URIRef(term.datatype.value))
        elif isinstance(term, ox.BlankNode):
            made = BNode(term.value)
        else:
            raise TypeError(f"not an RDF term: {term!r}")
        self[term] = made
        return made


def document_triples(quads: Iterable[ox.Quad]) -> dict[URIRef, TripleIndex]:
    """Each document graph's triples that the report reads, by graph name, in the quads' order.

    The ontology's graph and the default graph are left out.
    """
    terms = _Terms()
    skip = {ox.NamedNode(str(p)) for p in UNREAD_PREDICATES}
    skip_types = {ox.NamedNode(str(c)) for c in UNREAD_TYPES}
    rdf_type = ox.NamedNode(str(RDF.type))
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    graphs: dict[object, dict[Triple, None]] = {}
    for quad in quads:
        p = quad.predicate
        if p in skip:
            continue
        o = quad.object
        if p == rdf_type and o in skip_types:
            continue
        g = quad.graph_name
        triples = graphs.get(g)
        if triples is None:
            if not isinstance(g, ox.NamedNode) or g == ontology:
                continue
            triples = graphs[g] = {}
        triples[(terms[quad.subject], terms[p], terms[o])] = None
    return {URIRef(g.value): TripleIndex(t) for g, t in graphs.items()}  # type: ignore[attr-defined]
