"""What the graph explorer shows: entities, facts with their evidence, the full projection.

Everything is read with the SPARQL queries in ``viz_queries/`` (package data),
run in an Oxigraph store of the dataset (:mod:`spacegraph.oxstore`: rdflib's
engine took about 20 s for them on a 100k-triple graph); values are never
formatted into a query. The store keeps values in canonical form, so a decimal
written "1731.0" is shown as "1731".
A fact is one claim of one document: subject, relation, object, the document's
title, the quoted sentence(s) when the build resolved them from the corpus
(:func:`spacegraph.evidence.resolve_evidence`), and whether other documents
corroborate or contest it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL

from . import oxstore
from .ontology import ENTITY_ROOTS, functional_properties, subclasses
from .vocab import SG

__all__ = [
    "Entity",
    "Fact",
    "Vocabulary",
    "entities",
    "facts",
    "full_projection",
    "local_name",
    "read_query",
    "vocabulary",
]


def read_query(name: str) -> str:
    """The text of ``viz_queries/<name>.rq`` (package data)."""
    return resources.files("spacegraph").joinpath("viz_queries", f"{name}.rq").read_text("utf-8")


def local_name(iri: str) -> str:
    """The last segment of an IRI: ``…ontology#SpaceAgency`` → ``SpaceAgency``.

    >>> local_name("https://w3id.org/spacegraph/ontology#operatedBy")
    'operatedBy'
    >>> local_name("Mission")
    'Mission'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Vocabulary:
    """Labels and kinds of the ontology terms the explorer needs."""

    labels: dict[str, str]
    entity_classes: set[str]
    symmetric: set[str]
    functional: set[str]

    def label(self, iri: str) -> str:
        """The ontology's label of a term, else its local name."""
        return self.labels.get(iri) or local_name(iri)


def vocabulary(ontology: Graph) -> Vocabulary:
    """Read term labels, entity classes and property kinds from the ontology graph."""
    labels = {
        str(s): str(o)
        for s, o in ontology.subject_objects(RDFS.label)
        if isinstance(s, URIRef) and isinstance(o, Literal) and o.language in (None, "en")
    }
    classes: set[str] = set()
    for root in ENTITY_ROOTS:
        classes |= {str(c) for c in subclasses(ontology, root)}
    symmetric = {str(p) for p in ontology.subjects(RDF.type, OWL.SymmetricProperty)}
    functional = {str(p) for p in functional_properties(ontology)}
    return Vocabulary(labels, classes, symmetric, functional)


@dataclass
class Entity:
    """A node a user asks about: an instance of an entity class."""

    iri: str
    cls: str
    label: str
    aliases: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    is_entity: bool = True


def _most_specific(types: set[str], ontology: Graph) -> str:
    """The type of ``types`` that no other type of the set specialises."""
    ordered = sorted(types)
    for cls in ordered:
        below = {str(c) for c in subclasses(ontology, URIRef(cls))} - {cls}
        if not below & types:
            return cls
    return ordered[0]


def _rows(store: ox.Store, name: str) -> list[dict[str, Any]]:
    """The solutions of ``viz_queries/<name>.rq``: variable name → pyoxigraph term (bound only)."""
    solutions = oxstore.query(store, read_query(name))
    names = [v.value for v in solutions.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def entities(store: ox.Store, vocab: Vocabulary, ontology: Graph) -> dict[str, Entity]:
    """Every typed node of the document graphs, by IRI, with names and identifiers.

    ``is_entity`` tells the entities (instances of the classes under
    :data:`spacegraph.ontology.ENTITY_ROOTS`) from n-ary relation nodes,
    quantities, claims and documents.
    """
    rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _rows(store, "entities"):
        node = row["node"]
        if isinstance(node, ox.NamedNode):
            rows[node.value][row["kind"].value].add(row["value"].value)
    found: dict[str, Entity] = {}
    for iri, values in rows.items():
        types = values["class"] & vocab.entity_classes
        is_entity = bool(types)
        types = types or values["class"]
        if not types:
            continue
        labels = sorted(values["label"])
        label = labels[0] if labels else local_name(iri)
        aliases = sorted((values["alias"] | set(labels[1:])) - {label})
        found[iri] = Entity(
            iri=iri,
            cls=_most_specific(types, ontology),
            label=label,
            aliases=aliases,
            identifiers=sorted(values["match"]),
            is_entity=is_entity,
        )
    return found


@dataclass
class Fact:
    """One claim of one document, with its evidence and its standing among documents."""

    claim: str
    subject: str
    predicate: str
    object: str
    object_is_iri: bool
    document: str
    document_title: str
    negated: bool
    quotes: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    value_text: str = ""
    status: str = ""  # "", "corroborated", "contested" or "denied"
    note: str = ""


def _value_text(row: dict[str, Any]) -> str:
    value, unit, qualifier = row.get("value"), row.get("unit"), row.get("qualifier")
    if value is None:
        return ""
    words = {"MoreThan": "more than ", "LessThan": "less than ", "About": "about "}
    prefix = words.get(local_name(qualifier.value), "") if qualifier is not None else ""
    return f"{prefix}{value.value}{' ' + unit.value if unit is not None else ''}"


def facts(store: ox.Store, vocab: Vocabulary) -> list[Fact]:
    """Every claim of every document, sorted, with corroboration and conflicts marked.

    A fact affirmed by two or more documents is *corroborated*; one that
    another document denies, or a single-valued property given two values,
    is *contested*; a denial no other document contradicts is *denied*.
    """
    by_claim: dict[str, Fact] = {}
    for row in _rows(store, "facts"):
        claim = row["claim"].value
        fact = by_claim.get(claim)
        if fact is None:
            obj, doc, title = row["o"], row["doc"].value, row.get("docTitle")
            polarity = row.get("polarity")
            fact = by_claim[claim] = Fact(
                claim=claim,
                subject=row["s"].value,
                predicate=row["p"].value,
                object=obj.value,
                object_is_iri=isinstance(obj, ox.NamedNode),
                document=doc,
                document_title=title.value if title is not None else local_name(doc),
                negated=polarity is not None and polarity.value == str(SG.Negated),
                value_text=_value_text(row),
            )
        evidence = row.get("evidence")
        if evidence is not None and evidence.value not in fact.evidence:
            fact.evidence.append(evidence.value)
        exact = row.get("exact")
        if exact is not None and exact.value not in fact.quotes:
            fact.quotes.append(exact.value)
    for fact in by_claim.values():
        fact.quotes.sort()
        fact.evidence.sort()
    ordered = sorted(by_claim.values(), key=lambda f: (f.subject, f.predicate, f.object, f.claim))
    _mark_standing(ordered, vocab)
    return ordered


def _mark_standing(all_facts: list[Fact], vocab: Vocabulary) -> None:
    affirmed: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    denied: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in all_facts:
        key = (f.subject, f.predicate, f.object)
        (denied if f.negated else affirmed)[key].add(f.document)
        if not f.negated and f.predicate in vocab.functional:
            values[(f.subject, f.predicate)].add(f.object)
    for f in all_facts:
        key = (f.subject, f.predicate, f.object)
        yes, no = affirmed.get(key, set()), denied.get(key, set())
        if f.negated:
            f.status = "contested" if yes else "denied"
            f.note = (
                f"denied here, affirmed by {len(yes)} other document(s)"
                if yes
                else "this document denies it"
            )
        elif no - {f.document}:
            f.status, f.note = "contested", f"denied by {len(no)} other document(s)"
        elif len(values.get((f.subject, f.predicate), ())) > 1:
            n = len(values[(f.subject, f.predicate)])
            f.status, f.note = "contested", f"documents give {n} different values"
        elif len(yes) > 1:
            f.status, f.note = "corroborated", f"stated by {len(yes)} documents"


def full_projection(store: ox.Store, known: dict[str, Entity]) -> nx.Graph:
    """All entities and every ``sg:relation`` edge among them, as an undirected graph.

    Node attributes ``label``, ``class`` and ``iri``; edge attributes
    ``relations`` (sorted relation IRIs), ``weight`` (distinct documents
    stating any of them) and ``distance`` (``1 / weight``), as in
    :mod:`spacegraph.network`.
    """
    known = {iri: ent for iri, ent in known.items() if ent.is_entity}
    graph = nx.Graph()
    for iri in sorted(known):
        ent = known[iri]
        graph.add_node(iri, label=ent.label, iri=iri, **{"class": ent.cls})
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    relations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows(store, "relations"):
        s, p, o, g = (row[name].value for name in ("s", "p", "o", "g"))
        if s in known and o in known and s != o:
            pair = (min(s, o), max(s, o))
            docs[pair].add(g)
            relations[pair].add(p)
    for pair in sorted(relations):
        weight = len(docs[pair])
        graph.add_edge(
            *pair, relations=sorted(relations[pair]), weight=weight, distance=1.0 / weight
        )
    return graph
