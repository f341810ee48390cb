"""Reference annotations (``*.gold.json``) and how far a graph covers them.

A gold file lists what one article states, in a neutral vocabulary: entities
(``id``, ``label``, ``type``, ``aliases``), ``relations`` and ``negated``
relations as ``[subject id, name, object id]``, and ``facts`` as
``[subject id, name, value text]``. This module maps that vocabulary onto the
spacegraph model and checks a document graph against it, so that the curated
graph and, later, an extractor are scored the same way.

Mappings
--------
Entity types (:data:`ENTITY_CLASSES`)
    Each gold type is one ``sg:`` class, under its own name except
    ``Program`` → ``sg:Programme`` and ``Organization`` → ``sg:Organisation``.
Relations (:data:`RELATIONS`)
    Each gold relation name is one ``sg:`` predicate, checked as the plain
    triple ``s p o``; the mapping names the exceptions:

    - ``cooperatesWith``, ``tradesWith``, ``jointMissionWith`` are symmetric:
      either direction counts;
    - ``contributes`` and ``contributed`` are both ``sg:contributedTo``;
    - ``grantedSampleAccess`` is ``sg:hasSampleAccess``; when its subject is a
      nation it means "institutions located in that nation have access", i.e.
      ``?i sg:locatedIn s ; sg:hasSampleAccess o``.
Negated relations
    The same predicates, found as an ``sg:Claim`` with ``sg:polarity
    sg:Negated`` (a denied statement has no plain triple).
Facts (:func:`fact_mapping`)
    ``launchDate``, ``landingDate``, ``ascentDate``, ``returnDate``,
    ``date`` (→ ``sg:enactedDate``): a literal typed at the value's precision
    (``2019`` gYear, ``2020-11`` gYearMonth, ``2020-12-03`` date; ``1990s`` is
    ``"1990"^^xsd:gYear`` with ``sg:precision sg:Decade`` on its claim).
    ``internationalSpaceCooperationSince`` is such a date on ``sg:activeSince``.
    ``hasRover``: an ``xsd:boolean``. ``mass``, ``age``: an ``sg:Quantity``
    (value, UN/CEFACT unit code, qualifier). ``spaceCooperationPartners``:
    an ``sg:partnerCount`` quantity. ``ageDifference``: an ``sg:AgeComparison``
    (``sg:subjectCollection``, ``sg:comparedTo``, ``sg:difference``).
    ``bilateralTradeWith<Name>``: an ``sg:TradeFigure`` with both parties,
    amount, and where stated ``sg:period "ANN"``, ``sg:since`` and
    ``sg:reportedBy``. ``investmentIn<Name>``: an ``sg:InvestmentFigure``
    (investor, recipient, amount, ``sg:year``). ``quote``: an ``sg:Quotation``
    with ``sg:speaker``; when the corpus is given, its evidence span must hold
    the quoted words.

Entities match by any of their names (label or alias, folded with
:func:`~spacegraph.iri.normalise_label`) against ``rdfs:label`` and
``skos:altLabel``, and must have the mapped class.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, cast

from rdflib import RDF, RDFS, XSD, ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCTERMS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier, Node

from .errors import InputFileError, UnknownNameError
from .iri import normalise_label
from .text import read_document
from .vocab import OA, SCHEMA, SG

__all__ = [
    "ENTITY_CLASSES",
    "FACT_NAMES",
    "RELATIONS",
    "FactMapping",
    "GoldEntity",
    "GoldFile",
    "GoldItem",
    "GoldReport",
    "RelationMapping",
    "check_gold",
    "entity_nodes",
    "fact_mapping",
    "load_gold",
]

#: Gold entity type → spacegraph class.
ENTITY_CLASSES: dict[str, URIRef] = {
    "Nation": SG.Nation,
    "Region": SG.Region,
    "SpaceAgency": SG.SpaceAgency,
    "Mission": SG.Mission,
    "Program": SG.Programme,
    "SpaceStation": SG.SpaceStation,
    "SpaceStationModule": SG.SpaceStationModule,
    "Spacecraft": SG.Spacecraft,
    "University": SG.University,
    "ResearchInstitute": SG.ResearchInstitute,
    "Person": SG.Person,
    "Organization": SG.Organisation,
    "Company": SG.Company,
    "CelestialBody": SG.CelestialBody,
    "SampleCollection": SG.SampleCollection,
    "Facility": SG.Facility,
    "LaunchVehicle": SG.LaunchVehicle,
    "LaunchSite": SG.LaunchSite,
    "Place": SG.Place,
    "Law": SG.Law,
}

_NS = {"sg": SG._NS, "rdf": RDF}
# ASK patterns with ?s, ?p and ?o passed as bindings.
_PLAIN = "ASK { ?s ?p ?o }"
_EITHER_WAY = "ASK { { ?s ?p ?o } UNION { ?o ?p ?s } }"
_VIA_LOCATED_IN = "ASK { { ?s ?p ?o } UNION { ?s a sg:Nation . ?i sg:locatedIn ?s ; ?p ?o } }"
_NEGATED = (
    "ASK { ?c a sg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;"
    " sg:polarity sg:Negated }"
)
_NEGATED_EITHER_WAY = (
    "ASK { ?c a sg:Claim ; rdf:predicate ?p ; sg:polarity sg:Negated ."
    " { ?c rdf:subject ?s ; rdf:object ?o } UNION { ?c rdf:subject ?o ; rdf:object ?s } }"
)


@dataclass(frozen=True)
class RelationMapping:
    """How a gold relation name is found in a graph.

    Attributes
    ----------
    predicate : URIRef
        The spacegraph predicate.
    symmetric : bool
        Either direction of the triple counts.
    pattern : str
        SPARQL ASK pattern over ``?s ?p ?o`` (bound at check time).
    """

    predicate: URIRef
    symmetric: bool = False
    pattern: str = _PLAIN

    def affirmed_query(self) -> str:
        """The ASK query that finds the stated relation."""
        return _EITHER_WAY if self.symmetric and self.pattern == _PLAIN else self.pattern

    def negated_query(self) -> str:
        """The ASK query that finds a denial of the relation."""
        return _NEGATED_EITHER_WAY if self.symmetric else _NEGATED


def _same(*names: str) -> dict[str, RelationMapping]:
    return {name: RelationMapping(SG[name]) for name in names}


#: Gold relation name → how it is found.
RELATIONS: dict[str, RelationMapping] = {
    **_same(
        "agencyOf",
        "operatedBy",
        "country",
        "target",
        "collected",
        "youngerThan",
        "locatedIn",
        "partOf",
        "directorOf",
        "formerDirectorOf",
        "scienceLeadOf",
        "astronautOf",
        "reportedOn",
        "investsIn",
        "participatesIn",
        "partnerIn",
        "launchVehicle",
        "launchedFrom",
        "landingSite",
        "recoverySite",
        "supported",
        "builtBy",
        "passedBy",
        "restricts",
        "signatoryOf",
    ),
    "cooperatesWith": RelationMapping(SG.cooperatesWith, symmetric=True),
    "tradesWith": RelationMapping(SG.tradesWith, symmetric=True),
    "jointMissionWith": RelationMapping(SG.jointMissionWith, symmetric=True),
    "contributes": RelationMapping(SG.contributedTo),
    "contributed": RelationMapping(SG.contributedTo),
    "grantedSampleAccess": RelationMapping(SG.hasSampleAccess, pattern=_VIA_LOCATED_IN),
}


# --------------------------------------------------------------------------- gold files
@dataclass(frozen=True)
class GoldEntity:
    """One gold entity: local id, label, gold type and other names."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by the aliases."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class GoldFile:
    """A parsed, vocabulary-checked gold file."""

    path: Path
    document: str
    entities: dict[str, GoldEntity]
    relations: tuple[tuple[str, str, str], ...]
    negated: tuple[tuple[str, str, str], ...]
    facts: tuple[tuple[str, str, str], ...]
    #: Read without ``strict``: why each relation or fact name without a mapping is kept.
    unmapped: tuple[str, ...] = ()


def _unknown(kind: str, name: str, known: Iterable[str], where: str) -> UnknownNameError:
    close = difflib.get_close_matches(name, list(known), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return UnknownNameError(f"{where}: unknown gold {kind} {name!r}{hint}")


def _triples(data: dict[str, Any], key: str, where: str) -> tuple[tuple[str, str, str], ...]:
    rows = data.get(key, [])
    out = []
    for i, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row)):
            raise InputFileError(f"{where}: {key}[{i}] must be a list of three strings")
        out.append((row[0], row[1], row[2]))
    return tuple(out)


def load_gold(path: str | Path, *, strict: bool = True) -> GoldFile:
    """Read a ``*.gold.json`` file and check its vocabulary.

    Parameters
    ----------
    path : str or Path
        The gold file.
    strict : bool
        Refuse a relation or fact name without a mapping (a typo, most
        often). Without it, such rows are kept and listed in
        :attr:`GoldFile.unmapped`: a scorer still counts a relation's pair of
        entities, and counts the fact as not found.

    Returns
    -------
    GoldFile

    Raises
    ------
    InputFileError
        If the file is missing, not JSON, or malformed (the message names the
        file and, for JSON errors, line and column).
    UnknownNameError
        If an entity type (or, with ``strict``, a relation or fact name) has
        no mapping, or a row refers to an entity id the file does not declare.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(f"{p}: no such file") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{p}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("document"), str):
        raise InputFileError(f"{p}: expected an object with a 'document' file name")
    entities: dict[str, GoldEntity] = {}
    for i, raw in enumerate(data.get("entities", [])):
        where = f"{p}: entities[{i}]"
        try:
            ent = GoldEntity(raw["id"], raw["label"], raw["type"], tuple(raw.get("aliases", ())))
        except (KeyError, TypeError):
            raise InputFileError(f"{where}: needs 'id', 'label' and 'type'") from None
        if ent.type not in ENTITY_CLASSES:
            raise _unknown("entity type", ent.type, ENTITY_CLASSES, where)
        entities[ent.id] = ent
    relations = _triples(data, "relations", str(p))
    negated = _triples(data, "negated", str(p))
    facts = _triples(data, "facts", str(p))
    unmapped: list[str] = []
    for s, name, o in (*relations, *negated):
        for ref in (s, o):
            if ref not in entities:
                raise _unknown("entity id", ref, entities, f"{p}: [{s}, {name}, {o}]")
        if name not in RELATIONS:
            unknown = _unknown("relation", name, RELATIONS, f"{p}: [{s}, {name}, {o}]")
            if strict:
                raise unknown
            unmapped.append(str(unknown))
    for s, name, value in facts:
        if s not in entities:
            raise _unknown("entity id", s, entities, f"{p}: fact [{s}, {name}]")
        try:
            fact_mapping(name, f"{p}: fact [{s}, {name}, {value!r}]")
        except UnknownNameError as unknown:
            if strict:
                raise
            unmapped.append(str(unknown))
    return GoldFile(
        p, data["document"], entities, relations, negated, facts, tuple(dict.fromkeys(unmapped))
    )


# --------------------------------------------------------------------------- report
Kind = Literal["entity", "relation", "negated", "fact"]
KINDS: tuple[Kind, ...] = ("entity", "relation", "negated", "fact")


@dataclass(frozen=True)
class GoldItem:
    """One gold item and whether the graph states it.

    ``gold`` is the item as the gold file writes it (an entity id, or the
    three strings of a relation or fact); ``detail`` names the matching nodes,
    or says what is missing.
    """

    kind: Kind
    gold: tuple[str, ...]
    found: bool
    detail: str


@dataclass(frozen=True)
class GoldReport:
    """Coverage of one gold file by a graph."""

    document: str
    items: tuple[GoldItem, ...] = field(default_factory=tuple)

    def found(self, kind: Kind | None = None) -> list[GoldItem]:
        """The gold items the graph states (of one kind, or all)."""
        return [i for i in self.items if i.found and kind in (None, i.kind)]

    def missing(self, kind: Kind | None = None) -> list[GoldItem]:
        """The gold items the graph lacks (of one kind, or all)."""
        return [i for i in self.items if not i.found and kind in (None, i.kind)]

    def recall(self, kind: Kind | None = None) -> float:
        """Share of gold items found; 1.0 when there are none of that kind."""
        total = [i for i in self.items if kind in (None, i.kind)]
        return len(self.found(kind)) / len(total) if total else 1.0

    @property
    def complete(self) -> bool:
        """True if every gold item is found."""
        return not self.missing()

    def summary(self) -> str:
        """One line per kind (``entity 23/23``), then one line per missing item."""
        lines = []
        for kind in KINDS:
            n = sum(1 for i in self.items if i.kind == kind)
            if n:
                lines.append(f"{kind} {len(self.found(kind))}/{n}")
        lines += [f"missing {i.kind} {' '.join(i.gold)}: {i.detail}" for i in self.missing()]
        return "\n".join(lines)


# --------------------------------------------------------------------------- facts
_QUALIFIERS = {
    "more than": SG.MoreThan,
    "just over": SG.MoreThan,
    "over": SG.MoreThan,
    "at least": SG.MoreThan,
    "less than": SG.LessThan,
    "just under": SG.LessThan,
    "under": SG.LessThan,
    "up to": SG.LessThan,
    "about": SG.About,
    "roughly": SG.About,
    "approximately": SG.About,
    "around": SG.About,
    "nearly": SG.About,
    "almost": SG.About,
    "some": SG.About,
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_UNITS = {
    "pound": "LBR",
    "pounds": "LBR",
    "gram": "GRM",
    "grams": "GRM",
    "kilogram": "KGM",
    "kilograms": "KGM",
    "kg": "KGM",
    "tonne": "TNE",
    "tonnes": "TNE",
    "ton": "TNE",
    "tons": "TNE",
    "lb": "LBR",
    "lbs": "LBR",
    "year": "ANN",
    "years": "ANN",
    "usd": "USD",
    "nation": "C62",
    "nations": "C62",
}
_QUANTITY = re.compile(
    r"^(?:(?P<q>" + "|".join(_QUALIFIERS) + r")\s+)?(?P<v>\d[\d,]*(?:\.\d+)?)"
    r"(?:\s+(?P<scale>" + "|".join(_SCALES) + r"))?\s+(?P<unit>[A-Za-z]+)\b"
)


@dataclass(frozen=True)
class _Quantity:
    value: Decimal
    unit: str
    qualifier: URIRef


def _parse_quantity(text: str) -> tuple[_Quantity, str] | None:
    """``"more than 4.4 pound rest"`` → (quantity, ``"rest"``), or None."""
    m = _QUANTITY.match(text.strip())
    if not m or m["unit"].lower() not in _UNITS:
        return None
    value = Decimal(m["v"].replace(",", "")) * _SCALES.get(m["scale"] or "", 1)
    qualifier = _QUALIFIERS[m["q"]] if m["q"] else SG.Exactly
    return _Quantity(value, _UNITS[m["unit"].lower()], qualifier), text.strip()[m.end() :].strip()


def _date_literal(text: str) -> tuple[RDFLiteral, bool] | None:
    """``"2020-11"`` → (``"2020-11"^^xsd:gYearMonth``, False); ``"1990s"`` → (gYear, True)."""
    if re.fullmatch(r"\d{4}", text):
        return RDFLiteral(text, datatype=XSD.gYear), False
    if re.fullmatch(r"\d{3}0s", text):
        return RDFLiteral(text[:4], datatype=XSD.gYear), True
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return RDFLiteral(text, datatype=XSD.gYearMonth), False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return RDFLiteral(text, datatype=XSD.date), False
    return None


class _Context:
    """A graph, the gold file and the resolved entities, shared by the checks."""

    def __init__(self, graph: Graph, gold: GoldFile, text: str | None) -> None:
        self.graph = graph
        self.gold = gold
        self.text = text
        index: dict[str, set[Node]] = {}
        for prop in (RDFS.label, SKOS.altLabel):
            for node, label in graph.subject_objects(prop):
                index.setdefault(normalise_label(str(label)), set()).add(node)
        self.index = index
        self.nodes: dict[str, set[Node]] = {}
        self.entity_items = [self._resolve(ent) for ent in gold.entities.values()]

    def _resolve(self, ent: GoldEntity) -> GoldItem:
        named: set[Node] = set()
        for name in ent.names:
            named |= self.index.get(normalise_label(name), set())
        cls = ENTITY_CLASSES[ent.type]
        typed = {n for n in named if (n, RDF.type, cls) in self.graph}
        self.nodes[ent.id] = typed
        if typed:
            return GoldItem("entity", (ent.id,), True, _show(typed))
        if named:
            classes = sorted({str(c) for n in named for c in self.graph.objects(n, RDF.type)})
            why = f"named by {_show(named)} of class {', '.join(classes)}, expected {cls}"
        else:
            why = f"no node is labelled {' / '.join(ent.names)}"
        return GoldItem("entity", (ent.id,), False, why)

    def entity_named(self, compact: str) -> set[Node]:
        """Nodes of the gold entity whose label without spaces is ``compact``."""
        for ent in self.gold.entities.values():
            if ent.label.replace(" ", "").casefold() == compact.casefold():
                return self.nodes[ent.id]
        return set()

    def quantity_matches(self, node: Node, want: _Quantity) -> bool:
        g = self.graph
        values = [v for v in g.objects(node, SCHEMA.value) if isinstance(v, RDFLiteral)]
        try:
            same_value = any(Decimal(str(v)) == want.value for v in values)
        except InvalidOperation:
            return False
        return (
            same_value
            and (node, SCHEMA.unitCode, RDFLiteral(want.unit)) in g
            and (node, SG.qualifier, want.qualifier) in g
        )

    def claims(self, s: Node, p: URIRef, o: Node) -> list[Node]:
        g = self.graph
        return [
            c
            for c in g.subjects(RDF.subject, s)
            if (c, RDF.predicate, p) in g and (c, RDF.object, o) in g
        ]

    def span_texts(self, claim: Node) -> list[str]:
        """The document text at each evidence span of a claim (needs the text)."""
        out = []
        for ev in self.graph.objects(claim, SG.hasEvidence):
            for sel in self.graph.objects(ev, OA.hasSelector):
                start = self.graph.value(sel, OA.start)
                end = self.graph.value(sel, OA.end)
                if start is not None and end is not None and self.text is not None:
                    out.append(self.text[int(str(start)) : int(str(end))])
        return out


#: A fact check: (context, subject nodes, gold value) → matching node description or None.
FactCheck = Callable[[_Context, set[Node], str], str | None]


@dataclass(frozen=True)
class FactMapping:
    """How a gold fact name is found: a description of the pattern and its check."""

    description: str
    check: FactCheck


def _date_fact(predicate: URIRef) -> FactMapping:
    def check(ctx: _Context, subjects: set[Node], value: str) -> str | None:
        parsed = _date_literal(value)
        if parsed is None:
            return None
        lit, decade = parsed
        for s in subjects:
            if (s, predicate, lit) not in ctx.graph:
                continue
            if decade and not any(
                (c, SG.precision, SG.Decade) in ctx.graph for c in ctx.claims(s, predicate, lit)
            ):
                continue
            return f"{s} {predicate} {lit.n3()}"
        return None

    return FactMapping(f"?s {predicate} date literal at the stated precision", check)


def _boolean_fact(predicate: URIRef) -> FactMapping:
    def check(ctx: _Context, subjects: set[Node], value: str) -> str | None:
        if value.lower() not in ("true", "false"):
            return None
        lit = RDFLiteral(value.lower() == "true")
        hit = [s for s in subjects if (s, predicate, lit) in ctx.graph]
        return f"{hit[0]} {predicate} {value}" if hit else None

    return FactMapping(f"?s {predicate} xsd:boolean", check)


def _quantity_fact(predicate: URIRef) -> FactMapping:
    def check(ctx: _Context, subjects: set[Node], value: str) -> str | None:
        parsed = _parse_quantity(value)
        if parsed is None:
            return None
        for s in subjects:
            for q in ctx.graph.objects(s, predicate):
                if ctx.quantity_matches(q, parsed[0]):
                    return f"{s} {predicate} {q}"
        return None

    return FactMapping(f"?s {predicate} sg:Quantity (value, unit code, qualifier)", check)


def _age_difference(ctx: _Context, subjects: set[Node], value: str) -> str | None:
    parsed = _parse_quantity(value)
    if parsed is None:
        return None
    want, rest = parsed
    m = re.fullmatch(r"(younger|older) than (\S+)", rest)
    if not m or m[1] != "younger" or m[2] not in ctx.nodes:
        return None
    g = ctx.graph
    for s in subjects:
        for node in g.subjects(SG.subjectCollection, s):
            if (node, RDF.type, SG.AgeComparison) not in g:
                continue
            if not any((node, SG.comparedTo, o) in g for o in ctx.nodes[m[2]]):
                continue
            if any(ctx.quantity_matches(q, want) for q in g.objects(node, SG.difference)):
                return str(node)
    return None


def _figure_fact(
    cls: URIRef, own_role: URIRef, other_role: URIRef, other: str
) -> Callable[[_Context, set[Node], str], str | None]:
    def check(ctx: _Context, subjects: set[Node], value: str) -> str | None:
        parsed = _parse_quantity(value)
        if parsed is None:
            return None
        want, rest = parsed
        g = ctx.graph
        others = ctx.entity_named(other)
        reporter = re.search(r"\(per (.+)\)", rest)
        since = re.search(r"\bsince (\d{4})\b", rest)
        year = re.search(r"\bin (\d{4})\b", rest)
        for s in subjects:
            for node in g.subjects(own_role, s):
                if (node, RDF.type, cls) not in g:
                    continue
                if not any((node, other_role, o) in g for o in others if o != s):
                    continue
                if not any(ctx.quantity_matches(q, want) for q in g.objects(node, SG.amount)):
                    continue
                if "per year" in rest and (node, SG.period, RDFLiteral("ANN")) not in g:
                    continue
                if since and (node, SG.since, RDFLiteral(since[1], datatype=XSD.gYear)) not in g:
                    continue
                if year and (node, SG.year, RDFLiteral(year[1], datatype=XSD.gYear)) not in g:
                    continue
                if reporter:
                    by = ctx.index.get(normalise_label(reporter[1]), set())
                    if not any((node, SG.reportedBy, r) in g for r in by):
                        continue
                return str(node)
        return None

    return check


def _quote(ctx: _Context, subjects: set[Node], value: str) -> str | None:
    g = ctx.graph
    for s in subjects:
        for node in g.subjects(SG.speaker, s):
            if (node, RDF.type, SG.Quotation) not in g:
                continue
            if ctx.text is None:
                return str(node)
            for claim in ctx.claims(node, SG.speaker, s):
                for span in ctx.span_texts(claim):
                    if " ".join(span.split()) == " ".join(value.split()):
                        return f"{node} at {span!r}"
    return None


_DATES = {
    "launchDate": SG.launchDate,
    "landingDate": SG.landingDate,
    "ascentDate": SG.ascentDate,
    "returnDate": SG.returnDate,
    "date": SG.enactedDate,
    "internationalSpaceCooperationSince": SG.activeSince,
}
#: Gold fact names with a fixed mapping (see also the families in :func:`fact_mapping`).
FACT_NAMES: dict[str, FactMapping] = {
    **{name: _date_fact(p) for name, p in _DATES.items()},
    "hasRover": _boolean_fact(SG.hasRover),
    "mass": _quantity_fact(SG.mass),
    "age": _quantity_fact(SG.age),
    "spaceCooperationPartners": _quantity_fact(SG.partnerCount),
    "ageDifference": FactMapping(
        "sg:AgeComparison: sg:subjectCollection ?s, sg:comparedTo ?o, sg:difference quantity",
        _age_difference,
    ),
    "quote": FactMapping("sg:Quotation with sg:speaker ?s, evidence = quoted words", _quote),
}
_FAMILIES: dict[str, tuple[URIRef, URIRef, URIRef]] = {
    # prefix: (class, role of the subject, role of the entity named in the suffix)
    "bilateralTradeWith": (SG.TradeFigure, SG.party, SG.party),
    "investmentIn": (SG.InvestmentFigure, SG.investor, SG.recipient),
}


def fact_mapping(name: str, where: str = "") -> FactMapping:
    """The mapping of a gold fact name.

    ``bilateralTradeWith<Name>`` and ``investmentIn<Name>`` are families: the
    suffix is the label (without spaces) of the other party.

    >>> fact_mapping("investmentInChina").description
    'sg:InvestmentFigure: sg:investor ?s, sg:recipient China, amount, year'

    Raises
    ------
    UnknownNameError
        If ``name`` has no mapping.
    """
    if name in FACT_NAMES:
        return FACT_NAMES[name]
    for prefix, (cls, own, other) in _FAMILIES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            suffix = name[len(prefix) :]
            desc = (
                f"sg:{cls.rsplit('#', 1)[1]}: sg:{own.rsplit('#', 1)[1]} ?s,"
                f" sg:{other.rsplit('#', 1)[1]} {suffix}, amount, "
                + ("period, since, reportedBy" if cls == SG.TradeFigure else "year")
            )
            return FactMapping(desc, _figure_fact(cls, own, other, suffix))
    known = [*FACT_NAMES, *(p + "<Name>" for p in _FAMILIES)]
    raise _unknown("fact", name, known, where or name)


# --------------------------------------------------------------------------- checking
def _show(nodes: Iterable[Node]) -> str:
    return ", ".join(sorted(str(n) for n in nodes))


def _document_graph(data: Graph, document: str) -> Graph:
    """The named graph of ``data`` that holds ``document``, or ``data`` if it is a graph."""
    if not isinstance(data, ConjunctiveGraph):
        return data
    graphs = data.graphs() if isinstance(data, Dataset) else data.contexts()
    found = [
        ctx
        for ctx in graphs
        if any(True for _ in ctx.subjects(DCTERMS.identifier, RDFLiteral(document)))
    ]
    if not found:
        names = sorted(str(o) for _, _, o, _ in data.quads((None, DCTERMS.identifier, None, None)))
        raise UnknownNameError(
            f"no named graph holds document {document!r}; the dataset has: "
            + (", ".join(names) or "no documents")
        )
    return found[0]


def check_gold(
    data: Graph, gold_path: str | Path, *, corpus: str | Path | None = None, strict: bool = True
) -> GoldReport:
    """Which entities, relations and facts of a gold file a graph states.

    Parameters
    ----------
    data : rdflib.Graph or rdflib.Dataset
        A document graph, or a dataset holding it as a named graph (found by
        its document's ``dcterms:identifier``, the gold file's ``document``).
    gold_path : str or Path
        The ``*.gold.json`` file.
    corpus : str or Path, optional
        Folder of the article; when given, a ``quote`` fact must also match
        the text at its evidence span.
    strict : bool
        As for :func:`load_gold`; without it, a relation or fact name without
        a mapping gives an item not found.

    Returns
    -------
    GoldReport
        One item per gold entity, relation, negated relation and fact.

    Raises
    ------
    InputFileError, UnknownNameError
        From :func:`load_gold`, or if the dataset lacks the document.
    """
    gold = load_gold(gold_path, strict=strict)
    graph = _document_graph(data, gold.document)
    text = read_document(Path(corpus) / gold.document).text if corpus is not None else None
    ctx = _Context(graph, gold, text)
    items = list(ctx.entity_items)
    rows_of: tuple[tuple[Kind, tuple[tuple[str, str, str], ...]], ...] = (
        ("relation", gold.relations),
        ("negated", gold.negated),
    )
    for kind, rows in rows_of:
        for s, name, o in rows:
            if name not in RELATIONS:
                items.append(GoldItem(kind, (s, name, o), False, f"no mapping for {name!r}"))
                continue
            items.append(_check_relation(ctx, kind, s, name, o))
    for s, name, value in gold.facts:
        try:
            mapping = fact_mapping(name)
        except UnknownNameError:
            items.append(GoldItem("fact", (s, name, value), False, f"no mapping for {name!r}"))
            continue
        nodes = ctx.nodes[s]
        hit = mapping.check(ctx, nodes, value) if nodes else None
        why = hit or ("subject not found" if not nodes else mapping.description)
        items.append(GoldItem("fact", (s, name, value), hit is not None, why))
    return GoldReport(gold.document, tuple(items))


def entity_nodes(data: Graph, gold_path: str | Path) -> dict[str, set[Node]]:
    """The nodes of a graph that each gold entity resolves to (by name and class).

    The complement of :func:`check_gold`'s recall: what a scorer needs to tell
    which of a graph's entities the gold file does *not* list (precision).
    """
    gold = load_gold(gold_path, strict=False)  # (only the entities are read)
    return dict(_Context(_document_graph(data, gold.document), gold, None).nodes)


_PREPARED: dict[str, Any] = {}


def _ask(graph: Graph, query: str, bindings: Mapping[str, Identifier]) -> bool:
    if query not in _PREPARED:
        _PREPARED[query] = prepareQuery(query, initNs=_NS)
    return bool(graph.query(_PREPARED[query], initBindings=bindings).askAnswer)


def _check_relation(ctx: _Context, kind: Kind, s: str, name: str, o: str) -> GoldItem:
    mapping = RELATIONS[name]
    gold = (s, name, o)
    subjects, objects = ctx.nodes[s], ctx.nodes[o]
    if not subjects or not objects:
        lost = [x for x, n in ((s, subjects), (o, objects)) if not n]
        return GoldItem(kind, gold, False, f"entity not found: {', '.join(lost)}")
    query = mapping.negated_query() if kind == "negated" else mapping.affirmed_query()
    for a in sorted(subjects, key=str):
        for b in sorted(objects, key=str):
            bindings = {"s": a, "p": mapping.predicate, "o": b}
            if _ask(ctx.graph, query, cast("dict[str, Identifier]", bindings)):
                return GoldItem(kind, gold, True, f"{a} {mapping.predicate} {b}")
    what = "denial of" if kind == "negated" else "triple"
    return GoldItem(kind, gold, False, f"no {what} {mapping.predicate} between them")
