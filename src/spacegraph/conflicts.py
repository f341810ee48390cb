"""Where documents disagree, and where they agree.

Over a loaded dataset (one named graph per document):

- a **value conflict** is two documents giving incompatible values of a
  single-valued property (``owl:FunctionalProperty`` in the ontology: a return
  date, a sample mass, whether a mission had a rover). Dates compatible at
  their precision are not a conflict ("2020-11" and "2020-11-23"); quantities
  are compared by normalised value, as intervals that their qualifiers
  ("more than", "about") allow, with a small tolerance;
- a **denial** is a statement one document affirms and another denies
  (a claim with ``sg:polarity sg:Negated``);
- a **corroboration** is the same triple affirmed by two or more documents.

Each conflict keeps both claims and their evidence spans, so the report can
show both sentences when the corpus is at hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .errors import EvidenceError
from .loader import ONTOLOGY_GRAPH, LoadedGraph
from .ontology import functional_properties
from .text import read_document
from .vocab import OA, SCHEMA, SG

__all__ = ["Claim", "Conflict", "ConflictReport", "compatible", "find_conflicts", "format_report"]

#: Relative tolerance when comparing normalised quantities.
TOLERANCE = Decimal("0.01")
_DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear}


@dataclass(frozen=True)
class Claim:
    """One document's claim, with what the report needs to show it."""

    iri: URIRef
    document: str  # file name
    subject: Node
    predicate: URIRef
    obj: Node
    negated: bool
    spans: tuple[tuple[int, int], ...]
    precision: Node | None = None


@dataclass(frozen=True)
class Conflict:
    """Two claims that cannot both hold."""

    kind: str  # "value" or "denied"
    first: Claim
    second: Claim


@dataclass
class ConflictReport:
    """Conflicts and corroborations over a dataset."""

    conflicts: list[Conflict] = field(default_factory=list)
    corroborated: dict[tuple[Node, URIRef, Node], list[str]] = field(default_factory=dict)
    labels: dict[Node, str] = field(default_factory=dict)


def _interval(graph: Graph, q: Node) -> tuple[Decimal, Decimal, str] | None:
    """The interval a quantity node allows, in its normalised unit."""
    value = graph.value(q, SG.normalisedValue)
    unit = graph.value(q, SG.normalisedUnit)
    if value is None:
        value, unit = graph.value(q, SCHEMA.value), graph.value(q, SCHEMA.unitCode)
    if value is None:
        return None
    try:
        v = Decimal(str(value))
    except InvalidOperation:
        return None
    qualifier = graph.value(q, SG.qualifier)
    slack = v * TOLERANCE
    if qualifier == SG.MoreThan:
        return v - slack, Decimal("Infinity"), str(unit)
    if qualifier == SG.LessThan:
        return Decimal("-Infinity"), v + slack, str(unit)
    if qualifier == SG.About:
        return v * Decimal("0.9"), v * Decimal("1.1"), str(unit)
    return v - slack, v + slack, str(unit)


def _date_prefix(lit: Literal, decade: bool) -> str:
    text = str(lit)
    return text[:3] if decade else text


def compatible(
    graph: Graph, a: Node, b: Node, *, decade_a: bool = False, decade_b: bool = False
) -> bool:
    """Whether two values of a single-valued property can both be true.

    >>> compatible(Graph(), Literal("2020-11", datatype=XSD.gYearMonth),
    ...            Literal("2020-11-23", datatype=XSD.date))
    True
    >>> compatible(Graph(), Literal("2020-12-03", datatype=XSD.date),
    ...            Literal("2020-12-16", datatype=XSD.date))
    False
    """
    if a == b:
        return True
    if isinstance(a, Literal) and isinstance(b, Literal):
        if a.datatype in _DATE_TYPES and b.datatype in _DATE_TYPES:
            pa, pb = _date_prefix(a, decade_a), _date_prefix(b, decade_b)
            return pa.startswith(pb) or pb.startswith(pa)
        return a.eq(b) if a.datatype == b.datatype else str(a) == str(b)
    if (a, RDF.type, SG.Quantity) in graph and (b, RDF.type, SG.Quantity) in graph:
        ia, ib = _interval(graph, a), _interval(graph, b)
        if ia is None or ib is None or ia[2] != ib[2]:
            return True  # not comparable: not reported as a conflict
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    return False


def _claims(loaded: LoadedGraph) -> list[Claim]:
    out = []
    for g in loaded.document_graphs():
        if g.identifier == ONTOLOGY_GRAPH:
            continue
        for claim in g.subjects(RDF.type, SG.Claim):
            doc = g.value(claim, SG.statedIn)
            name = str(g.value(doc, DCTERMS.identifier)) if doc is not None else str(g.identifier)
            spans = []
            for ev in g.objects(claim, SG.hasEvidence):
                sel = g.value(ev, OA.hasSelector)
                start, end = g.value(sel, OA.start), g.value(sel, OA.end)
                if start is not None and end is not None:
                    spans.append((int(str(start)), int(str(end))))
            p = g.value(claim, RDF.predicate)
            s, o = g.value(claim, RDF.subject), g.value(claim, RDF.object)
            if not isinstance(p, URIRef) or not isinstance(claim, URIRef) or s is None or o is None:
                continue
            out.append(
                Claim(
                    claim,
                    name,
                    s,
                    p,
                    o,
                    g.value(claim, SG.polarity) == SG.Negated,
                    tuple(sorted(spans)),
                    g.value(claim, SG.precision),
                )
            )
    return sorted(out, key=lambda c: (c.document, str(c.iri)))


def find_conflicts(loaded: LoadedGraph) -> ConflictReport:
    """Value conflicts, denials and corroborations between the documents of a dataset."""
    union = loaded.union()
    functional = functional_properties(loaded.dataset.graph(ONTOLOGY_GRAPH))
    claims = _claims(loaded)
    report = ConflictReport()
    by_sp: dict[tuple[Node, URIRef], list[Claim]] = defaultdict(list)
    by_spo: dict[tuple[Node, URIRef, Node], list[Claim]] = defaultdict(list)
    for c in claims:
        by_spo[(c.subject, c.predicate, c.obj)].append(c)
        if not c.negated and c.predicate in functional:
            by_sp[(c.subject, c.predicate)].append(c)
    seen: set[frozenset[URIRef]] = set()
    for group in by_sp.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.document == b.document or frozenset((a.iri, b.iri)) in seen:
                    continue
                if not compatible(
                    union,
                    a.obj,
                    b.obj,
                    decade_a=a.precision == SG.Decade,
                    decade_b=b.precision == SG.Decade,
                ):
                    seen.add(frozenset((a.iri, b.iri)))
                    report.conflicts.append(Conflict("value", a, b))
    for key, group in by_spo.items():
        affirmed = [c for c in group if not c.negated]
        denied = [c for c in group if c.negated]
        for a in affirmed:
            for b in denied:
                if a.document != b.document:
                    report.conflicts.append(Conflict("denied", a, b))
        documents = sorted({c.document for c in affirmed})
        if len(documents) >= 2:
            report.corroborated[key] = documents
    for node, label in union.subject_objects(URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
        report.labels[node] = str(label)
    return report


def _show(report: ConflictReport, node: Node, graph: Graph | None = None) -> str:
    if node in report.labels:
        return report.labels[node]
    if isinstance(node, Literal):
        return str(node)
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _quantity_text(union: Graph, node: Node) -> str | None:
    value = union.value(node, SCHEMA.value)
    if value is None:
        return None
    qualifier = union.value(node, SG.qualifier)
    words = {SG.MoreThan: "more than ", SG.LessThan: "less than ", SG.About: "about "}
    unit = union.value(node, SCHEMA.unitText) or union.value(node, SCHEMA.unitCode)
    norm = union.value(node, SG.normalisedValue)
    extra = f" (= {norm} {union.value(node, SG.normalisedUnit)})" if norm is not None else ""
    return f"{words.get(qualifier, '')}{value} {unit}{extra}"  # type: ignore[call-overload]


def format_report(
    report: ConflictReport, loaded: LoadedGraph, corpus: Path | None = None
) -> list[str]:
    """The report as lines: each conflict with both sentences (or their offsets)."""
    union = loaded.union()
    texts: dict[str, str] = {}
    if corpus is not None:
        for g in loaded.document_graphs():
            for doc, name in g.subject_objects(DCTERMS.identifier):
                path = corpus / str(name)
                if not path.is_file():
                    continue
                document = read_document(path)
                if str(g.value(doc, SG.sha256)) != document.sha256:
                    raise EvidenceError(
                        f"{path}: SHA-256 differs from the graph's; the corpus copy changed"
                    )
                texts[str(name)] = document.text

    def value(node: Node) -> str:
        return _quantity_text(union, node) or _show(report, node)

    def sentence(c: Claim) -> str:
        text = texts.get(c.document)
        where = ", ".join(f"{a}-{b}" for a, b in c.spans)
        if text is None:
            return f"{c.document} [{where}]"
        quote = " … ".join(" ".join(text[a:b].split()) for a, b in c.spans)
        return f"{c.document}: “{quote}”"

    lines = [f"{len(report.conflicts)} conflicts, {len(report.corroborated)} corroborated facts"]
    for n, conflict in enumerate(report.conflicts, 1):
        a, b = conflict.first, conflict.second
        pred = str(a.predicate).rsplit("#", 1)[-1]
        subject = _show(report, a.subject)
        if conflict.kind == "value":
            lines.append(f"{n}. {subject} {pred}: {value(a.obj)} vs {value(b.obj)}")
        else:
            lines.append(f"{n}. {subject} {pred} {_show(report, a.obj)}: affirmed vs denied")
        lines.append(f"   {sentence(a)}")
        lines.append(f"   {sentence(b)}")
    for (s, p, o), documents in sorted(report.corroborated.items(), key=lambda kv: str(kv[0])):
        pred = str(p).rsplit("#", 1)[-1]
        lines.append(f"corroborated: {_show(report, s)} {pred} {value(o)} ({', '.join(documents)})")
    return lines
