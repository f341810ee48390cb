"""What the graph explorer shows: entities, facts with their evidence, the full projection.

Everything is read with the SPARQL queries in ``viz_queries/`` (package data),
run in an Oxigraph store of the dataset (:mod:`spacegraph.oxstore`: rdflib's
engine took about 20 s for them on a 100k-triple graph). The store keeps
values in canonical form, so a decimal written "1731.0" is shown as "1731".
A fact is one claim of one document: subject, relation, object, the document's
title, the quoted sentence(s) when the build resolved them from the corpus
(:func:`spacegraph.evidence.resolve_evidence`), and whether other documents
corroborate or contest it.

The page asks about the nodes it draws, not the whole graph: facts and
entities are read for given nodes only, so their cost follows the page, not
the graph (on a million-triple graph every fact with its evidence took about
6 s, every entity about 9 s). The nodes go into the query as a ``VALUES ?node``
block of IRIs taken from the store, each written by pyoxigraph in its
N-Triples form (:func:`restricted_query`); no label or literal is ever written
into a query. One query with the block is much faster than one query per node
with pyoxigraph's ``substitutions``: Oxigraph plans such a query without
knowing that ``?node`` is bound, so each one read every claim (at a million
triples, 0.6 s per node against 0.04 s for 20 nodes in one block).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
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
    "restricted_query",
    "vocabulary",
]


def read_query(name: str) -> str:
    """The text of ``viz_queries/<name>.rq`` (package data)."""
    return resources.files("spacegraph").joinpath("viz_queries", f"{name}.rq").read_text("utf-8")


def restricted_query(name: str, nodes: Iterable[str]) -> str:
    """``viz_queries/<name>.rq`` with ``VALUES ?node { … }`` of ``nodes`` opening its WHERE clause.

    Each node must be an IRI (as read from the store); pyoxigraph checks it
    and writes it in N-Triples form, so nothing but IRIs can enter the text.

    >>> q = restricted_query("titles", ["https://w3id.org/spacegraph/doc/a"])
    >>> "VALUES ?node { <https://w3id.org/spacegraph/doc/a> }" in q
    True
    >>> restricted_query("titles", ["a> } ?x ?y ?z {"])
    Traceback (most recent call last):
    ...
    ValueError: ...
    """
    block = " ".join(str(ox.NamedNode(iri)) for iri in sorted(set(nodes)))
    head, where, tail = read_query(name).partition("WHERE {")
    if not where:
        raise ValueError(f"viz_queries/{name}.rq has no WHERE clause to restrict")
    return f"{head}WHERE {{\n  VALUES ?node {{ {block} }}{tail}"


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


def _select(store: ox.Store, text: str, names: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """The solutions of a SELECT as tuples of pyoxigraph terms (``None`` when unbound).

    ``names`` are the query's variables in the order of its SELECT clause;
    reading a solution by position is much cheaper than by name.
    """
    solutions = oxstore.query(store, text)
    found = tuple(v.value for v in solutions.variables)
    if found != names:
        raise ValueError(f"query selects {found}, expected {names}")
    return map(tuple, solutions)


def entities(
    store: ox.Store, vocab: Vocabulary, ontology: Graph, nodes: Iterable[str] | None = None
) -> dict[str, Entity]:
    """Typed nodes of the document graphs, by IRI, with names and identifiers.

    Every typed node when ``nodes`` is ``None``, else only those of ``nodes``
    (IRIs) that are typed. ``is_entity`` tells the entities (instances of the
    classes under :data:`spacegraph.ontology.ENTITY_ROOTS`) from n-ary relation
    nodes, quantities, claims and documents.
    """
    if nodes is None:
        text = read_query("entities")
    else:
        nodes = set(nodes)
        if not nodes:
            return {}
        text = restricted_query("entities", nodes)
    rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node, kind, value in _select(store, text, ("node", "kind", "value")):
        if isinstance(node, ox.NamedNode):
            rows[node.value][kind.value].add(value.value)
    specific: dict[frozenset[str], str] = {}
    found: dict[str, Entity] = {}
    for iri, values in rows.items():
        types = values["class"] & vocab.entity_classes
        is_entity = bool(types)
        types = types or values["class"]
        if not types:
            continue
        key = frozenset(types)
        if key not in specific:
            specific[key] = _most_specific(types, ontology)
        labels = sorted(values["label"])
        label = labels[0] if labels else local_name(iri)
        aliases = sorted((values["alias"] | set(labels[1:])) - {label})
        found[iri] = Entity(
            iri=iri,
            cls=specific[key],
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
    subject_is_iri: bool = True


_QUALIFIERS = {"MoreThan": "more than ", "LessThan": "less than ", "About": "about "}
_NEGATED = str(SG.Negated)
_CLAIM = ("claim", "s", "p", "o", "polarity", "doc")


def _value_text(value: Any, unit: Any, qualifier: Any) -> str:
    prefix = _QUALIFIERS.get(local_name(qualifier.value), "") if qualifier is not None else ""
    return f"{prefix}{value.value}{' ' + unit.value if unit is not None else ''}"


def _fact(claim: Any, s: Any, p: Any, o: Any, polarity: Any, doc: Any) -> Fact:
    """The fact of one claim's terms (title, evidence and standing are filled in later)."""
    return Fact(
        claim=claim.value,
        subject=s.value,
        predicate=p.value,
        object=o.value,
        object_is_iri=isinstance(o, ox.NamedNode),
        document=doc.value,
        document_title="",
        negated=polarity is not None and polarity.value == _NEGATED,
        subject_is_iri=isinstance(s, ox.NamedNode),
    )


def facts(store: ox.Store, vocab: Vocabulary, nodes: Iterable[str]) -> list[Fact]:
    """Every claim about one of ``nodes`` (its subject or object), sorted, standing marked.

    A fact affirmed by two or more documents is *corroborated*; one that
    another document denies, or a single-valued property given two values,
    is *contested*; a denial no other document contradicts is *denied*. The
    standing is that among all the graph's claims: the claims with the same
    subject, relation and object are among those read, and for a
    single-valued relation whose subject is not in ``nodes`` the subject's
    other values are read too.
    """
    asked = set(nodes)
    if not asked:
        return []
    by_claim: dict[str, Fact] = {}
    docs: set[str] = set()
    evidence: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, set[str]] = defaultdict(set)
    names = (*_CLAIM, "evidence", "exact", "value", "unit", "qualifier")
    for *claim, ev, exact, value, unit, qualifier in _select(
        store, restricted_query("facts", asked), names
    ):
        key = claim[0].value
        fact = by_claim.get(key)
        if fact is None:
            fact = by_claim[key] = _fact(*claim)
            if isinstance(claim[5], ox.NamedNode):
                docs.add(fact.document)
        if ev is not None:
            evidence[key].add(ev.value)
            if exact is not None:
                quotes[key].add(exact.value)
        if value is not None:
            text = _value_text(value, unit, qualifier)
            if not fact.value_text or text < fact.value_text:
                fact.value_text = text
    titles: dict[str, str] = {}
    if docs:
        for doc, title in _select(store, restricted_query("titles", docs), ("node", "title")):
            titles[doc.value] = min(title.value, titles.get(doc.value, title.value))
    for key, fact in by_claim.items():
        fact.evidence = sorted(evidence.get(key, ()))
        fact.quotes = sorted(quotes.get(key, ()))
        fact.document_title = titles.get(fact.document) or local_name(fact.document)
    ordered = sorted(by_claim.values(), key=lambda f: (f.subject, f.predicate, f.object, f.claim))
    # The other values of single-valued relations whose subject was not asked about.
    others = {f.subject for f in ordered if f.subject_is_iri and f.predicate in vocab.functional}
    others -= asked
    extra = []
    if others:
        for row in _select(store, restricted_query("subject-claims", others), _CLAIM):
            if row[0].value not in by_claim and row[2].value in vocab.functional:
                extra.append(_fact(*row))
    _mark_standing([*ordered, *extra], vocab)
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
    for row in _select(store, read_query("relations"), ("s", "p", "o", "g")):
        s, p, o, g = (term.value for term in row)
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
