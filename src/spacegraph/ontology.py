"""Read what the ontology says about its own terms.

Other stages ask the ontology rather than keep their own lists: which
properties are stated facts (sub-properties of ``sg:relation``, ``sg:fact`` or
``sg:naryRole``), which classes are entity kinds (sub-classes of ``sg:Actor``
and the other roots), and the label of each term.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL

from .vocab import SG

__all__ = [
    "ENTITY_ROOTS",
    "functional_properties",
    "stated_properties",
    "subclasses",
    "subproperties",
]

#: Roots of the classes whose instances are entities (nodes a user asks about).
ENTITY_ROOTS: tuple[URIRef, ...] = (
    SG.Actor,
    SG.Mission,
    SG.Programme,
    SG.Spacecraft,
    SG.Instrument,
    SG.LaunchVehicle,
    SG.LaunchSite,
    SG.Facility,
    SG.Place,
    SG.CelestialBody,
    SG.SampleCollection,
    SG.Agreement,
    SG.Law,
)


def _closure(ontology: Graph, root: URIRef, link: URIRef) -> set[URIRef]:
    found = {root}
    frontier = [root]
    while frontier:
        node = frontier.pop()
        for sub in ontology.subjects(link, node):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


def subproperties(ontology: Graph, root: URIRef) -> set[URIRef]:
    """``root`` and every property below it through ``rdfs:subPropertyOf``."""
    return _closure(ontology, root, RDFS.subPropertyOf)


def subclasses(ontology: Graph, root: URIRef) -> set[URIRef]:
    """``root`` and every class below it through ``rdfs:subClassOf``."""
    return _closure(ontology, root, RDFS.subClassOf)


def stated_properties(ontology: Graph) -> set[URIRef]:
    """Properties whose triples are facts a document states (each needs a claim)."""
    props: set[URIRef] = set()
    for root in (SG.relation, SG.fact, SG.naryRole):
        props |= subproperties(ontology, root)
    return props - {SG.relation, SG.fact, SG.naryRole}


def functional_properties(ontology: Graph | Iterable[ox.Quad]) -> set[URIRef]:
    """Single-valued facts: two documents giving two values is a conflict.

    ``ontology`` is the ontology's rdflib graph, or its quads as Oxigraph
    parses them (which is all ingest needs of it: no rdflib graph is made).
    """
    if isinstance(ontology, Graph):
        found = ontology.subjects(RDF.type, OWL.FunctionalProperty)
        return {p for p in found if isinstance(p, URIRef)}
    a, functional = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(OWL.FunctionalProperty))
    return {
        URIRef(q.subject.value)
        for q in ontology
        if q.predicate == a and q.object == functional and isinstance(q.subject, ox.NamedNode)
    }
