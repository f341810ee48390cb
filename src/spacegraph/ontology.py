"""Read what the ontology says about its own terms.

Other stages ask the ontology rather than keep their own lists: which
properties are stated facts (sub-properties of ``sg:relation``, ``sg:fact`` or
``sg:naryRole``), which classes are entity kinds (sub-classes of ``sg:Actor``
and the other roots), and the label of each term.
"""

from __future__ import annotations

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


def functional_properties(ontology: Graph) -> set[URIRef]:
    """Single-valued facts: two documents giving two values is a conflict."""
    return {p for p in ontology.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)}
