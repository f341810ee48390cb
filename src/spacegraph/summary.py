"""What a built graph holds: entities by class, relations, documents, evidence share.

The summary is printed by ``spacegraph build`` and saved as ``summary.json``;
its numbers come from the data and the ontology only, so they are the same
whichever engine later reads the exported files. They are counted by SPARQL
aggregates in the loaded graph's Oxigraph store (the union in its default
graph counts each distinct triple once), so no Python object is made per
triple; the ontology's terms are given to the queries as ``VALUES`` of IRIs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import RDFS, URIRef
from rdflib.namespace import ORG

from .loader import ONTOLOGY_GRAPH, LoadedGraph
from .ontology import ENTITY_ROOTS, stated_properties, subclasses, subproperties
from .vocab import PREFIXES, SG

__all__ = ["format_summary", "summarise"]

_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

#: A triple of the union that some document graph (not only the ontology) states.
_IN_A_DOCUMENT = "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?ontology) }"

_QUERIES = {
    "types": "SELECT DISTINCT ?s ?c WHERE { $values ?s a ?c . }",
    "nary": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { $values ?s a ?c . }",
    "by_property": f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{
        $values ?s ?p ?o . {_IN_A_DOCUMENT} }} GROUP BY ?p""",
    "stated": f"""SELECT (COUNT(*) AS ?n) WHERE {{ $values ?s ?p ?o . {_IN_A_DOCUMENT} }}""",
    # joined from the claims' side: an EXISTS per stated triple took minutes at 100k
    "evidenced": f"""SELECT (COUNT(*) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?s ?p ?o WHERE {{
            ?claim a sg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                   sg:hasEvidence [] .
            FILTER NOT EXISTS {{ ?claim sg:polarity sg:Negated }} }} }}
        $values ?s ?p ?o . {_IN_A_DOCUMENT}
    }}""",
    "graphs": """SELECT ?g (COUNT(*) AS ?triples) WHERE {
        GRAPH ?g { ?s ?p ?o } FILTER(?g != ?ontology && isIRI(?g)) } GROUP BY ?g""",
    "claims": """SELECT ?g (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?negated) AS ?denied)
        WHERE { GRAPH ?g { ?claim a sg:Claim .
                           OPTIONAL { ?claim sg:polarity sg:Negated BIND(?claim AS ?negated) } } }
        GROUP BY ?g""",
    "evidence": """SELECT ?g (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a sg:Evidence } }
        GROUP BY ?g""",
    "documents": """SELECT ?g ?doc ?file ?title WHERE { GRAPH ?g {
        ?doc a sg:SourceDocument .
        OPTIONAL { ?doc dcterms:identifier ?file } OPTIONAL { ?doc dcterms:title ?title } } }""",
}


def _rows(
    store: ox.Store, name: str, values: tuple[str, Iterable[URIRef]] | None = None
) -> list[Any]:
    """Solutions of one of :data:`_QUERIES`, ``$values`` made ``VALUES ?var { IRIs }``."""
    text = _QUERIES[name]
    if values is not None:
        variable, terms = values
        iris = " ".join(f"<{t}>" for t in sorted(terms))
        text = text.replace("$values", f"VALUES ?{variable} {{ {iris} }}")
    text = text.replace("?ontology", f"<{ONTOLOGY_GRAPH}>")
    solutions = store.query(_PREFIXES + text)
    return list(solutions)  # type: ignore[arg-type]


def _value(term: Any, default: Any = None) -> Any:
    return default if term is None else term.value


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def summarise(loaded: LoadedGraph, *, quotes_resolved: int | None = None) -> dict[str, Any]:
    """Counts describing ``loaded`` (see the module docstring)."""
    ontology = loaded.ontology
    store = loaded.store
    entity_classes: set[URIRef] = set()
    for root in ENTITY_ROOTS:
        entity_classes |= subclasses(ontology, root)
    nary_classes = subclasses(ontology, SG.NaryRelation) | {ORG.Membership}
    relations = subproperties(ontology, SG.relation)
    facts = subproperties(ontology, SG.fact) - relations
    stated = stated_properties(ontology)

    types: dict[str, set[URIRef]] = defaultdict(set)
    for row in _rows(store, "types", ("c", entity_classes)):
        types[str(row["s"])].add(URIRef(row["c"].value))
    by_class: Counter[str] = Counter()
    for classes in types.values():
        # the most specific class: one that no other class of the entity is below
        specific = sorted(c for c in classes if not subclasses(ontology, c) & (classes - {c}))
        by_class[_local(specific[0])] += 1
    nary = int(_rows(store, "nary", ("c", nary_classes))[0]["n"].value)
    counts = {
        row["p"].value: int(row["n"].value)
        for row in _rows(store, "by_property", ("p", relations | facts))
    }
    rel_counter = Counter({_local(p): n for p, n in counts.items() if URIRef(p) in relations})
    fact_count = sum(n for p, n in counts.items() if URIRef(p) not in relations)
    stated_count = int(_rows(store, "stated", ("p", stated))[0]["n"].value)
    with_evidence = int(_rows(store, "evidenced", ("p", stated))[0]["n"].value)

    triples = {row["g"].value: int(row["triples"].value) for row in _rows(store, "graphs")}
    claims = {row["g"].value: row for row in _rows(store, "claims")}
    spans = {row["g"].value: int(row["n"].value) for row in _rows(store, "evidence")}
    documents = []
    for row in _rows(store, "documents"):
        graph = row["g"].value
        documents.append(
            {
                "iri": row["doc"].value,
                "file": str(_value(row["file"])),
                "title": str(_value(row["title"])),
                "graph": graph,
                "claims": int(claims[graph]["claims"].value) if graph in claims else 0,
                "evidence_spans": spans.get(graph, 0),
                "triples": triples.get(graph, 0),
            }
        )
    return {
        "documents": sorted(documents, key=lambda d: d["file"]),
        "entities": sum(by_class.values()),
        "entities_by_class": dict(sorted(by_class.items())),
        "relations": sum(rel_counter.values()),
        "relations_by_property": dict(sorted(rel_counter.items())),
        "facts": fact_count,
        "nary_relations": nary,
        "claims": sum(int(row["claims"].value) for row in claims.values()),
        "claims_negated": sum(int(row["denied"].value) for row in claims.values()),
        "stated_triples": stated_count,
        "stated_triples_with_evidence": with_evidence,
        "evidence_share": round(with_evidence / stated_count, 4) if stated_count else 1.0,
        "quotes_resolved": quotes_resolved,
        "triples": sum(triples.values()),
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
