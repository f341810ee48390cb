"""What a built graph holds: entities by class, relations, documents, evidence share.

The summary is printed by ``spacegraph build`` and saved as ``summary.json``;
its numbers come from the data and the ontology only, so they are the same
whichever engine later reads the exported files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, ORG
from rdflib.term import Node

from .loader import ONTOLOGY_GRAPH, LoadedGraph
from .ontology import ENTITY_ROOTS, stated_properties, subclasses, subproperties
from .vocab import SG

__all__ = ["format_summary", "summarise"]


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def summarise(loaded: LoadedGraph, *, quotes_resolved: int | None = None) -> dict[str, Any]:
    """Counts describing ``loaded`` (see the module docstring)."""
    ontology = loaded.dataset.graph(ONTOLOGY_GRAPH)
    entity_classes: set[URIRef] = set()
    for root in ENTITY_ROOTS:
        entity_classes |= subclasses(ontology, root)
    nary_classes = subclasses(ontology, SG.NaryRelation) | {ORG.Membership}
    relations = subproperties(ontology, SG.relation)
    facts = subproperties(ontology, SG.fact)
    stated = stated_properties(ontology)

    # One pass over the document graphs' quads, each distinct triple once (the
    # union), instead of building an rdflib graph of the union first.
    types: dict[Node, set[URIRef]] = defaultdict(set)
    nary: set[Node] = set()
    relation_triples: set[tuple[Node, Node, Node]] = set()
    fact_triples: set[tuple[Node, Node, Node]] = set()
    stated_triples = set()
    for s, p, o, context in loaded.dataset.quads((None, None, None, None)):
        name = getattr(context, "identifier", context)
        if name == ONTOLOGY_GRAPH or not isinstance(name, URIRef):
            continue
        if p == RDF.type and isinstance(o, URIRef):
            if o in entity_classes:
                types[s].add(o)
            if o in nary_classes:
                nary.add(s)
        if p in relations and isinstance(p, URIRef):
            relation_triples.add((s, p, o))
        elif p in facts:
            fact_triples.add((s, p, o))
        if p in stated:
            stated_triples.add((s, p, o))

    by_class: Counter[str] = Counter()
    for classes in types.values():
        # the most specific class: one that no other class of the entity is below
        specific = sorted(c for c in classes if not subclasses(ontology, c) & (classes - {c}))
        by_class[_local(specific[0])] += 1
    rel_counter = Counter(_local(p) for _, p, _ in relation_triples)  # type: ignore[arg-type]
    fact_count = len(fact_triples)

    evidenced = set()
    claims = negated = 0
    documents = []
    for g in loaded.document_graphs():
        doc_claims = 0
        for claim in g.subjects(RDF.type, SG.Claim):
            doc_claims += 1
            if g.value(claim, SG.polarity) == SG.Negated:
                negated += 1
            elif g.value(claim, SG.hasEvidence) is not None:
                evidenced.add(
                    (
                        g.value(claim, RDF.subject),
                        g.value(claim, RDF.predicate),
                        g.value(claim, RDF.object),
                    )
                )
        claims += doc_claims
        for doc in g.subjects(RDF.type, SG.SourceDocument):
            documents.append(
                {
                    "iri": str(doc),
                    "file": str(g.value(doc, DCTERMS.identifier)),
                    "title": str(g.value(doc, DCTERMS.title)),
                    "graph": str(g.identifier),
                    "claims": doc_claims,
                    "evidence_spans": len(set(g.subjects(RDF.type, SG.Evidence))),
                    "triples": len(g),
                }
            )
    with_evidence = len(stated_triples & evidenced)
    return {
        "documents": sorted(documents, key=lambda d: d["file"]),
        "entities": sum(by_class.values()),
        "entities_by_class": dict(sorted(by_class.items())),
        "relations": sum(rel_counter.values()),
        "relations_by_property": dict(sorted(rel_counter.items())),
        "facts": fact_count,
        "nary_relations": len(nary),
        "claims": claims,
        "claims_negated": negated,
        "stated_triples": len(stated_triples),
        "stated_triples_with_evidence": with_evidence,
        "evidence_share": round(with_evidence / len(stated_triples), 4) if stated_triples else 1.0,
        "quotes_resolved": quotes_resolved,
        "triples": sum(len(g) for g in loaded.document_graphs()),
        "ontology_terms": len(set(ontology.subjects(RDFS.isDefinedBy, None))),
    }


def format_summary(summary: dict[str, Any]) -> str:
    """A short human-readable report of a summary."""
    lines = [
        f"documents: {len(summary['documents'])}",
        f"entities: {summary['entities']} ("
        + ", ".join(f"{k} {v}" for k, v in summary["entities_by_class"].items())
        + ")",
        f"relations: {summary['relations']}  facts: {summary['facts']}"
        f"  n-ary relations: {summary['nary_relations']}",
        f"claims: {summary['claims']} ({summary['claims_negated']} denied)",
        f"stated facts with evidence: {summary['stated_triples_with_evidence']}"
        f"/{summary['stated_triples']} ({summary['evidence_share']:.0%})",
        f"triples: {summary['triples']}",
    ]
    if summary["quotes_resolved"] is not None:
        lines.append(f"evidence quotes resolved from the corpus: {summary['quotes_resolved']}")
    return "\n".join(lines)
