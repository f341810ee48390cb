"""Relation and fact patterns over the sentences of one document.

Each sentence becomes a *template*: every resolved mention is replaced by a
placeholder ``⟦i⟧``, quote marks are dropped and articles before names are
removed, so "The ‘Chang’e-5 mission’, conducted by China’s National Space
Administration (CNSA), …" reads ``⟦0⟧, conducted by ⟦1⟧'s ⟦2⟧, …``. The
patterns below match templates and check the classes of the entities they
connect; each fact they state carries the sentence as its evidence, a
confidence, and the name of the rule.

The patterns are general English constructions of the domain ("conducted
by", "launched … from", "on a … rocket", "built by", "agreement between",
"selected for access to", "former director of", "jointly developing",
"supports", "provides", "has never been a partner in", "passed by",
"barred from", dates next to launch, landing, ascent and return verbs,
masses and ages of samples), not rules for single sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import XSD, Literal, URIRef

from .extract import Extraction, Fact, Nary, Quantity, Value
from .gazetteer import Gazetteer
from .iri import entity_iri
from .linker import Entity
from .mentions import Mention
from .text import Sentence
from .vocab import ORG, SG

__all__ = ["find_relations", "parse_dates", "template"]

E = r"⟦(\d+)⟧"
_P = r"⟦\d+⟧"
#: A list of names: "⟦1⟧, ⟦2⟧'s ⟦3⟧ and ⟦4⟧ of ⟦5⟧".
LIST = rf"(?:{_P}(?:'s {_P}| of {_P})?(?:,? and |, |,? as well as |,? or )?)+"
_SYMMETRIC = {SG.cooperatesWith, SG.tradesWith, SG.jointMissionWith}
ORGS = {"SpaceAgency", "Organisation", "University", "ResearchInstitute", "Company"}
ACTORS = ORGS | {"Nation", "Region", "Person", "UnnamedInstitutions"}
CRAFT = {"Mission", "Spacecraft", "SpaceStationModule", "SpaceStation", "Programme", "Facility"}
PLACES = {"Place", "Nation", "Region", "CelestialBody"}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    )
}
_MONTH = "|".join(_MONTHS)
_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}),? (?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH}),? (?P<y3>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?:in|since|by|of|during) (?P<y4>(?:19|20)\d{{2}})(?!s))\b"
)
_EVENTS = [
    ("ascent", r"lift(?:ed|s)? off from (?:the )?(?:⟦\d+⟧|lunar surface)|ascen(?:t|ded)"),
    ("return", r"return(?:ed|s)? to Earth|return capsule|came back|splash(?:ed)? down|returned"),
    ("landing", r"touch(?:ed|es)? down|land(?:ed|s|ing)\b|soft[- ]land\w*"),
    ("launch", r"launch(?:ed|es|ing)?\b|lift(?:ed|s)? off|blast(?:ed)? off"),
    ("enacted", r"(?:was|were) (?:passed|enacted|adopted|signed)|passed|enacted|signed into law"),
]
_EVENT_PREDICATES = {
    "launch": SG.launchDate,
    "landing": SG.landingDate,
    "ascent": SG.ascentDate,
    "return": SG.returnDate,
    "enacted": SG.enactedDate,
}
_QUALIFIERS = {
    "over": "MoreThan",
    "more than": "MoreThan",
    "at least": "MoreThan",
    "exceeded": "MoreThan",
    "about": "About",
    "nearly": "About",
    "almost": "About",
    "roughly": "About",
    "around": "About",
    "some": "About",
    "approximately": "About",
    "less than": "LessThan",
    "under": "LessThan",
    "up to": "LessThan",
}
_QUAL = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
_MASS_UNITS = {
    "pound": ("LBR", Decimal("453.59237")),
    "lb": ("LBR", Decimal("453.59237")),
    "kilogram": ("KGM", Decimal(1000)),
    "kg": ("KGM", Decimal(1000)),
    "gram": ("GRM", Decimal(1)),
    "g": ("GRM", Decimal(1)),
    "tonne": ("TNE", Decimal(1000000)),
    "ton": ("TNE", Decimal(1000000)),
    "ounce": ("ONZ", Decimal("28.349523125")),
    "oz": ("ONZ", Decimal("28.349523125")),
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _clean(segment: str) -> str:
    segment = segment.replace("’", "'").replace("‘", "").replace("“", "").replace("”", "")
    segment = segment.replace('"', "")
    segment = re.sub(r"'(?!s\b)", "", segment)
    return segment


def template(text: str, sentence: Sentence, mentions: list[Mention]) -> str:
    """The sentence with mention ``i`` replaced by ``⟦i⟧`` and quote marks dropped.

    >>> from spacegraph.mentions import Mention
    >>> s = Sentence(0, 28, "‘Chang’e-5’ was led by CNSA.")
    >>> ms = [Mention(1, 10, "Chang’e-5", "Mission", "x", "t", 1),
    ...       Mention(23, 27, "CNSA", "SpaceAgency", "y", "t", 1)]
    >>> template(s.text, s, ms)
    '⟦0⟧ was led by ⟦1⟧.'
    """
    parts: list[str] = []
    pos = sentence.start
    for i, m in enumerate(mentions):
        parts.append(_clean(text[pos - sentence.start : m.start - sentence.start]))
        parts.append(f"⟦{i}⟧")
        pos = m.end
    parts.append(_clean(text[pos - sentence.start : sentence.end - sentence.start]))
    out = "".join(parts)
    out = re.sub(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts own|[Ii]ts|[Tt]heir own|[Tt]heir) (?=⟦)", "", out)
    return re.sub(r" +", " ", out).replace(" ,", ",").replace(" .", ".")


def parse_dates(text: str) -> list[tuple[int, int, Literal]]:
    """Dates in ``text`` as ``(start, end, literal)`` typed at their precision.

    >>> [str(d[2]) for d in parse_dates("on November 23, 2020 and in 2019, May 2021")]
    ['2020-11-23', '2019', '2021-05']
    """
    out = []
    for m in _DATE.finditer(text):
        if m["y1"] or m["y2"]:
            month = _MONTHS[m["m1"] or m["m2"]]
            day = int(m["d1"] or m["d2"])
            lit = Literal(f"{m['y1'] or m['y2']}-{month:02d}-{day:02d}", datatype=XSD.date)
        elif m["m3"]:
            lit = Literal(f"{m['y3']}-{_MONTHS[m['m3']]:02d}", datatype=XSD.gYearMonth)
        elif m["iso"]:
            lit = Literal(m["iso"], datatype=XSD.date)
        else:
            lit = Literal(m["y4"], datatype=XSD.gYear)
        out.append((m.start(), m.end(), lit))
    return out


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


class _Sentence:
    """One sentence under analysis: its mentions, template and emitters."""

    def __init__(self, rel: _Relations, index: int, sentence: Sentence, mentions: list[Mention]):
        self.rel = rel
        self.index = index
        self.sentence = sentence
        self.ms = [m for m in mentions if m.iri is not None]
        self.t = template(sentence.text, sentence, self.ms)
        self.t = re.sub(
            r"⟦(\d+)⟧ \(⟦(\d+)⟧\)",
            lambda m: f"⟦{m[1]}⟧" if self.ms[int(m[1])].iri == self.ms[int(m[2])].iri else m[0],
            self.t,
        )
        self.span = (sentence.start, sentence.end)

    def iri(self, i: int | str) -> URIRef:
        iri = self.ms[int(i)].iri
        if iri is None:  # pragma: no cover - only resolved mentions are kept
            raise ValueError("unresolved mention")
        return iri

    def cls(self, i: int | str) -> str:
        return self.rel.ents[self.iri(i)].cls

    def idx(self, text: str) -> list[int]:
        """Placeholder indices in a piece of template, possessors and "X of Y" owners left out."""
        out = []
        for m in re.finditer(rf"{E}('s)?", text):
            if m[2]:
                continue
            before = text[: m.start()]
            if re.search(r"⟦\d+⟧ of $", before) and self.cls(m[1]) in PLACES:
                continue
            out.append(int(m[1]))
        return out

    def of(self, *classes: str) -> list[int]:
        return [i for i in range(len(self.ms)) if self.cls(i) in classes]

    def fact(
        self,
        s: URIRef,
        p: URIRef,
        o: Value,
        conf: float,
        rule: str,
        *,
        negated: bool = False,
        precision: URIRef | None = None,
    ) -> None:
        self.rel.fact(s, p, o, self.span, conf, rule, negated=negated, precision=precision)

    def search(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.t)

    def finditer(self, pattern: str) -> Iterable[re.Match[str]]:
        return re.finditer(pattern, self.t)


class _Relations:
    """State shared by the rules over one document."""

    def __init__(self, ex: Extraction, gaz: Gazetteer) -> None:
        self.ex = ex
        self.gaz = gaz
        self.text = ex.document.text
        self.ents = ex.entities
        self.facts: dict[tuple[URIRef, URIRef, Value, bool], Fact] = {}
        self.pairs: set[frozenset[Value]] = set()
        self.recent_nations: list[URIRef] = []
        self.recent_missions: list[URIRef] = []
        self.recent_stations: list[URIRef] = []

    def fact(
        self,
        s: URIRef,
        p: URIRef,
        o: Value,
        span: tuple[int, int],
        conf: float,
        rule: str,
        *,
        negated: bool = False,
        precision: URIRef | None = None,
    ) -> None:
        if s == o:
            return
        if p in _SYMMETRIC and (o, p, s, negated) in self.facts:
            s, o = o, s  # type: ignore[assignment]
        key = (s, p, o, negated)
        if key in self.facts:
            f = self.facts[key]
            if span not in f.spans:
                f.spans.append(span)
            f.confidence = max(f.confidence, conf)
            return
        self.facts[key] = Fact(s, p, o, [span], conf, rule, negated, precision)
        self.pairs.add(frozenset((s, o)))

    def entity(self, cls: str, label: str, conf: float = 0.6) -> URIRef:
        """An entity a rule implies without naming it ("institutions in France")."""
        iri = entity_iri(cls, label)
        if iri not in self.ents:
            self.ents[iri] = Entity(iri, cls, label, confidence=conf)
        return iri


# --------------------------------------------------------------------------- rules
def _possessives(s: _Sentence) -> None:
    adjacent = set()
    for m in s.finditer(rf"{E}'s {E}"):
        a, b = int(m[1]), int(m[2])
        adjacent.add(a)
        owner, owned = s.cls(a), s.cls(b)
        if owner == "Nation" and owned == "SpaceAgency":
            s.fact(s.iri(b), SG.agencyOf, s.iri(a), 0.85, "possessive-agency")
        elif owner == "Nation" and owned in CRAFT | {"LaunchVehicle"} and owned != "Facility":
            s.fact(s.iri(b), SG.country, s.iri(a), 0.8, "possessive-country")
        elif owner in ORGS and owned in {"Facility", "Mission", "Spacecraft"}:
            s.fact(s.iri(b), SG.operatedBy, s.iri(a), 0.8, "possessive-operator")
        elif owner == "Nation" and owned in ORGS:
            s.fact(s.iri(b), SG.locatedIn, s.iri(a), 0.7, "possessive-located")
    for m in s.finditer(rf"{E}'s (?!{E})"):
        a = int(m[1])
        if a in adjacent or s.cls(a) != "Nation":
            continue
        for i in s.of("Mission"):
            if not s.ms[i].anaphor:
                s.fact(s.iri(i), SG.country, s.iri(a), 0.6, "possessive-nation-mission")
    for m in s.finditer(rf"{E} of {E}"):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) == "SpaceAgency" and s.cls(b) in ("Nation", "Region"):
            s.fact(s.iri(a), SG.agencyOf, s.iri(b), 0.8, "agency-of-nation")


def _subject_before(s: _Sentence, pos: int, classes: set[str]) -> int | None:
    found = [int(m[1]) for m in re.finditer(E, s.t[:pos]) if s.cls(m[1]) in classes]
    return found[-1] if found else None


def _by_phrases(s: _Sentence) -> None:
    verbs = (
        r"(?P<v>conducted|operated|run|managed|led|launched|built|developed|made|manufactured|"
        r"funded|financed|sponsored|passed|designed|supplied|provided)"
    )
    for m in s.finditer(rf"\b{verbs}(?: jointly)? by (?P<list>[^.;]*)"):
        verb = m["v"]
        objects = s.idx(re.split(r"\b(?:from|on|in|at|to|with|for|since)\b", m["list"])[0])
        if not objects:
            continue
        subject = _subject_before(s, m.start(), CRAFT | {"LaunchVehicle", "Law", "Agreement"})
        if subject is None:
            continue
        subj, scls = s.iri(subject), s.cls(subject)
        partnership = "partner" in m["list"]
        for o in objects:
            oi, ocls = s.iri(o), s.cls(o)
            if verb == "passed":
                if ocls in ACTORS:
                    s.fact(subj, SG.passedBy, oi, 0.85, "passed-by")
            elif ocls == "LaunchVehicle" and verb == "launched":
                s.fact(subj, SG.launchVehicle, oi, 0.85, "launched-by-vehicle")
            elif ocls == "Nation" and scls in CRAFT | {"LaunchVehicle"}:
                s.fact(subj, SG.country, oi, 0.8, f"{verb}-by-nation")
            elif ocls in ORGS and verb in (
                "built",
                "developed",
                "made",
                "manufactured",
                "designed",
            ):
                s.fact(subj, SG.builtBy, oi, 0.8, "built-by")
            elif ocls in ACTORS and verb in (
                "funded",
                "financed",
                "sponsored",
                "supplied",
                "provided",
            ):
                s.fact(oi, SG.supported, subj, 0.7, "supported-by")
            elif ocls in ORGS and scls == "SpaceStation" and partnership:
                s.fact(oi, SG.partnerIn, subj, 0.8, "partnership")
            elif ocls in ORGS:
                s.fact(subj, SG.operatedBy, oi, 0.85, f"{verb}-by")


def _launches(s: _Sentence) -> None:
    trigger = s.search(r"\b(?:launch\w*|lift\w* off|blast\w* off|fl(?:y|ew|own|ies)|rode)\b")
    if not trigger:
        return
    vehicles = s.of("LaunchVehicle")
    sites = s.of("LaunchSite")
    for group, pred, rule in (
        (vehicles, SG.launchVehicle, "launch-vehicle"),
        (sites, SG.launchedFrom, "launch-site"),
    ):
        for v in group:
            pos = s.t.index(f"⟦{v}⟧")
            subject = _subject_before(
                s, pos, {"Mission", "Spacecraft", "SpaceStationModule", "SpaceStation"}
            )
            if subject is None:
                continue
            s.fact(s.iri(subject), pred, s.iri(v), 0.8, rule)


def _locations(s: _Sentence) -> None:
    located = {
        "University",
        "ResearchInstitute",
        "LaunchSite",
        "Place",
        "Facility",
        "Company",
        "Organisation",
    }
    for m in s.finditer(rf"((?:{E}(?:,? and |, | ))*){E},? (?:in|near|at|of) {E}"):
        place = int(m[m.lastindex or 0])
        if s.cls(place) not in ("Nation", "Region", "Place"):
            continue
        for i in s.idx(m[0][: m[0].rfind("⟦")]):
            if s.cls(i) in located:
                s.fact(s.iri(i), SG.locatedIn, s.iri(place), 0.75, "located-in")
    for m in s.finditer(rf"{E}, {E}(?=[,.]| on\b)"):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in ("Place", "LaunchSite", "Facility") and s.cls(b) in ("Place", "Nation"):
            s.fact(s.iri(a), SG.locatedIn, s.iri(b), 0.7, "apposition-located")
    for m in s.finditer(rf"{E} (?:at|of) {E}"):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in ("ResearchInstitute", "Facility") and s.cls(b) in ("University",):
            s.fact(s.iri(a), SG.partOf, s.iri(b), 0.75, "institute-at-university")


def _events(s: _Sentence) -> None:
    """Dates next to launch, landing, ascent and return verbs; landing and recovery sites."""
    triggers: list[tuple[int, int, str]] = []
    return_capsule = bool(re.search(r"\breturn(?:er| capsule)|re-?entry capsule", s.sentence.text))
    for kind, pattern in _EVENTS:
        for m in s.finditer(rf"\b(?:{pattern})"):
            if any(a <= m.start() < b for a, b, _ in triggers):
                continue
            if kind == "landing" and return_capsule:
                kind = "return"
            triggers.append((m.start(), m.end(), kind))
    if not triggers:
        return
    triggers.sort()
    subjects = {"Mission", "Spacecraft", "SpaceStationModule", "SpaceStation", "Law"}
    for start, _end, lit in parse_dates(s.t):
        before = [t for t in triggers if t[1] <= start]
        after = [t for t in triggers if t[0] >= start]
        trig = before[-1] if before else (after[0] if after else None)
        if trig is None:
            continue
        kind = trig[2]
        subject = _subject_before(s, trig[0], subjects)
        if subject is None:
            subject = next((i for i in s.idx(s.t[trig[1] :]) if s.cls(i) in subjects), None)
        if subject is None:
            continue
        if (kind == "enacted") != (s.cls(subject) == "Law"):
            continue
        s.fact(s.iri(subject), _EVENT_PREDICATES[kind], lit, 0.75, f"{kind}-date")
    for t0, t1, kind in triggers:
        if kind not in ("landing", "return"):
            continue
        subject = _subject_before(s, t0, {"Mission", "Spacecraft"})
        if subject is None:
            continue
        clause = re.split(r"[,;] (?:and|while|but)\b|;", s.t[t1:])[0]
        for m in re.finditer(rf"\b(?:near|at|in|on) {E}", clause):
            if s.cls(m[1]) == "Place":
                pred = SG.recoverySite if kind == "return" else SG.landingSite
                s.fact(s.iri(subject), pred, s.iri(m[1]), 0.7, f"{kind}-site")
                break


def _targets(s: _Sentence) -> None:
    bodies = [i for i in s.of("CelestialBody") if s.rel.ents[s.iri(i)].label != "Earth"]
    if not bodies:
        return
    for i in s.of("Mission"):
        for b in bodies:
            s.fact(s.iri(i), SG.target, s.iri(b), 0.7, "mission-body")


def _samples(s: _Sentence) -> None:
    samples = s.of("SampleCollection")
    if not samples:
        return
    if s.search(r"\b(?:collect|retriev|return|brought|bring|gather|carr)\w*"):
        for i in samples:
            mission = _subject_before(s, s.t.index(f"⟦{i}⟧"), {"Mission"})
            mission = mission if mission is not None else next(iter(s.of("Mission")), None)
            if mission is not None:
                s.fact(s.iri(mission), SG.collected, s.iri(i), 0.75, "collected")
    text = s.t
    unit = "|".join(_MASS_UNITS)
    for m in re.finditer(
        rf"(?:(?P<q>{_QUAL}) )?(?P<v>\d[\d,]*(?:\.\d+)?) ?(?P<u>{unit})s?\.? of [^⟦.]*?{E}", text
    ):
        i = int(m[m.lastindex or 0])
        if s.cls(i) != "SampleCollection":
            continue
        code, factor = _MASS_UNITS[m["u"].lower()]
        value = _number(m["v"])
        grams = (value * factor).quantize(Decimal("0.001"))
        q = Quantity(
            _plain(value),
            code,
            m["u"] + ("s" if m[0].split()[1].endswith("s") else ""),
            _QUALIFIERS.get(m["q"] or "", "Exactly"),
            (_plain(grams), "GRM"),
        )
        q = Quantity(q.value, q.unit_code, _unit_text(m[0], m["u"]), q.qualifier, q.normalised)
        s.fact(s.iri(i), SG.mass, q, 0.75, "sample-mass")
    for m in re.finditer(
        rf"age of (?:(?P<q>{_QUAL}) )?(?P<v>\d+(?:\.\d+)?) (?P<s>billion|million)? ?years", text
    ):
        for i in samples:
            value = _number(m["v"]) * _SCALES.get(m["s"] or "", 1)
            q = Quantity(_plain(value), "ANN", "years", _QUALIFIERS.get(m["q"] or "", "Exactly"))
            s.fact(s.iri(i), SG.age, q, 0.7, "sample-age")
    cmp = re.search(
        rf"(?:(?P<q>{_QUAL}) )?(?P<v>a|one|\d+(?:\.\d+)?) (?P<s>billion|million) years younger"
        rf" than (?:those|the \w+ \w+|samples)[^⟦]*?(?:retrieved|returned|collected|brought"
        rf" back|gathered)(?: \w+)? (?:during|by|on|from) {E}",
        text,
    )
    if cmp:
        prog = int(cmp[cmp.lastindex or 0])
        if s.cls(prog) in ("Programme", "Mission"):
            from .gazetteer import core_name

            name = s.rel.ents[s.iri(prog)].label
            core = s.rel.ents[s.iri(prog)].label[: len(core_name(name))] or name
            other = s.rel.entity("SampleCollection", f"{core} lunar samples")
            s.fact(s.iri(prog), SG.collected, other, 0.65, "collected-compared")
            subject = next(iter(samples))
            raw = cmp["v"]
            value = (Decimal(1) if raw in ("a", "one") else _number(raw)) * _SCALES[cmp["s"]]
            qual = _QUALIFIERS.get(cmp["q"] or "", "About" if raw in ("a", "one") else "Exactly")
            diff = Quantity(_plain(value), "ANN", "years", qual)
            s.rel.ex.naries.append(
                Nary(
                    SG.AgeComparison,
                    [
                        (SG.subjectCollection, s.iri(subject)),
                        (SG.comparedTo, other),
                        (SG.difference, diff),
                    ],
                    s.span,
                    "age comparison of sample collections",
                    0.65,
                    "younger-than",
                    derived=[(s.iri(subject), SG.youngerThan, other)],
                )
            )


def _unit_text(matched: str, unit: str) -> str:
    m = re.search(rf"\b{re.escape(unit)}s?\b", matched)
    return m[0] if m else unit


def _grants(s: _Sentence) -> None:
    m = s.search(rf"\baccess to {E}")
    if not m or s.cls(m[1]) != "SampleCollection":
        return
    collection = s.iri(m[1])
    grantees: list[URIRef] = []
    for i in range(len(s.ms)):
        if s.cls(i) in ORGS:
            grantees.append(s.iri(i))
    for fm in s.finditer(rf"\b(?:from|institutions (?:in|of)) ({LIST})"):
        for i in s.idx(fm[1]):
            if s.cls(i) != "Nation":
                continue
            nation = s.rel.ents[s.iri(i)]
            unnamed = s.rel.entity("UnnamedInstitutions", f"institutions in {nation.label}")
            s.fact(unnamed, SG.locatedIn, nation.iri, 0.7, "unnamed-institutions")
            grantees.append(unnamed)
    for g in grantees:
        s.rel.ex.naries.append(
            Nary(
                SG.SampleAccessGrant,
                [(SG.grantee, g), (SG.sampleCollection, collection)],
                s.span,
                "access to " + s.rel.ents[collection].label,
                0.75,
                "sample-access",
                derived=[(g, SG.hasSampleAccess, collection)],
            )
        )


_ROLES = [
    (r"former (?:director|head|chief)", SG.FormerDirector, SG.formerDirectorOf),
    (r"(?:director|head|chief)", SG.Director, SG.directorOf),
    (
        r"(?:science lead|lead scientist|principal investigator|chief scientist)",
        SG.ScienceLead,
        SG.scienceLeadOf,
    ),
    (r"astronaut", SG.Astronaut, SG.astronautOf),
]


def _people(s: _Sentence) -> None:
    for pattern, role, pred in _ROLES:
        for m in s.finditer(
            rf"{E}, (?:the |a |an )?(?:{pattern}) (?:of|at|for|with) {E}"
            rf"(?: (?:at|of) {E})?"
        ):
            p, o = int(m[1]), int(m[2])
            if s.cls(p) != "Person" or s.cls(o) not in ACTORS:
                continue
            s.rel.ex.naries.append(
                Nary(
                    ORG.Membership,
                    [(ORG.member, s.iri(p)), (ORG.organization, s.iri(o)), (ORG.role, role)],
                    s.span,
                    f"{s.rel.ents[s.iri(p)].label}, {pattern.split()[0].strip('(?:')}"
                    f" of {s.rel.ents[s.iri(o)].label}",
                    0.8,
                    "person-role",
                    derived=[(s.iri(p), pred, s.iri(o))],
                )
            )
            if m[3] and s.cls(o) in ("ResearchInstitute", "Facility", "Organisation"):
                s.fact(s.iri(o), SG.partOf, s.iri(m[3]), 0.75, "part-of")
    text = s.rel.text[s.sentence.start : s.sentence.end]
    speech = r"(?:said|says|notes|noted|argues|argued|stated|states|added|explained|told \w+)"
    for m in re.finditer(rf"{speech}(?: that)?,? [‘“\"](.+?)[’”\"](?=\s|[.,;:!?]|$)", text):
        people = [i for i in s.of("Person") if s.ms[i].end - s.sentence.start < m.start()]
        if not people:
            continue
        start = s.sentence.start + m.start(1)
        speaker = s.iri(people[-1])
        s.rel.ex.naries.append(
            Nary(
                SG.Quotation,
                [(SG.speaker, speaker)],
                (start, start + len(m[1])),
                f"quotation of {s.rel.ents[speaker].label}",
                0.75,
                "quotation",
            )
        )


def _pairs(items: list[int]) -> Iterable[tuple[int, int]]:
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            yield items[a], items[b]


def _cooperation(s: _Sentence) -> None:
    actors = lambda xs: [i for i in xs if s.cls(i) in ACTORS]  # noqa: E731
    coop_words = r"collaborat\w*|cooperat\w*|partnership\w*|come together|agreement"
    negative = s.search(r"\b(?:barred|banned|prohibited|forbidden|never|not)\b")
    for m in s.finditer(
        rf"\b(?:{coop_words}|memorandum|deal|accord|alliance)s? (?:between|among)"
        rf" ({LIST})"
    ):
        for a, b in _pairs(actors(s.idx(m[1]))):
            s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.8, "agreement-between")
    if s.search(rf"\b(?:{coop_words}|partners?)\b") and not negative:
        for m in s.finditer(rf"\bbetween {E} and {E}(?!'s)"):
            a, b = int(m[1]), int(m[2])
            if s.cls(a) in ACTORS and s.cls(b) in ACTORS:
                s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.7, "between-cooperation")
        if s.search(r"\b(?:[Tt]he two|[Bb]oth) (?:nations|countries)\b"):
            pair = s.rel.recent_nations[-2:]
            if len(pair) == 2:
                s.fact(pair[0], SG.cooperatesWith, pair[1], 0.6, "two-nations-cooperation")
    verbs = (
        r"(?:signed (?:an? )?(?:\w+ )?(?:agreement|memorandum|deal) with|cooperat\w* with|"
        r"collaborat\w* with|partner\w* with|team\w* up with|work\w* (?:together )?with|"
        r"joined forces with)"
    )
    for m in s.finditer(rf"{E} (?:has |have |had |will |is |are )?{verbs} ({LIST})"):
        if negative:
            break
        a = int(m[1])
        for b in actors(s.idx(m[2])):
            if s.cls(a) in ACTORS:
                s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.75, "cooperates-with")
    for m in s.finditer(
        rf"{E} and {E} (?:have |had |are |were |will )?(?:signed|agreed|teamed up"
        rf"|team up|partnered|cooperate|collaborate|jointly \w+)"
    ):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(b) in ACTORS and not negative:
            s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.75, "jointly")
    for m in s.finditer(
        rf"{E} and {E} (?:are |were |is |will be )?jointly (?:developing|building|"
        rf"operating|conducting|leading|running) {E}"
    ):
        a, b, x = int(m[1]), int(m[2]), int(m[3])
        if s.cls(x) in CRAFT:
            for o in (a, b):
                if s.cls(o) in ORGS:
                    s.fact(s.iri(x), SG.operatedBy, s.iri(o), 0.8, "jointly-developing")
    for m in s.finditer(
        r"\bjoint (?:missions?|projects?|ventures?|flights?|exploration) with"
        rf" ({LIST})"
    ):
        subject = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS), None)
        subject = subject if subject is not None else _owner(s, m.start())
        if subject is None:
            continue
        for b in actors(s.idx(m[1])):
            s.fact(s.iri(subject), SG.jointMissionWith, s.iri(b), 0.75, "joint-missions")


def _owner(s: _Sentence, pos: int) -> int | None:
    owners = [int(m[1]) for m in re.finditer(rf"{E}'s", s.t[:pos])]
    return owners[-1] if owners else None


def _trade(s: _Sentence) -> None:
    m = s.search(
        rf"\btrade (?:between|with) (?:{E} and {E}|(?:the two|both) (?:countries|nations))"
    )
    if not m:
        return
    parties = [s.iri(m[1]), s.iri(m[2])] if m[1] else s.rel.recent_nations[-2:]
    if len(parties) != 2:
        return
    a, b = parties
    s.fact(a, SG.tradesWith, b, 0.75, "trade-between")
    reporter = s.search(rf"\b(?:report|survey|study|data|figures?) (?:by|from) {E}")
    derived: list[tuple[URIRef, URIRef, Value]] = [(a, SG.tradesWith, b)]
    roles: list[tuple[URIRef, Value]] = [(SG.party, a), (SG.party, b)]
    if reporter and s.cls(reporter[1]) in ORGS:
        r = s.iri(reporter[1])
        roles.append((SG.reportedBy, r))
        derived += [(r, SG.reportedOn, a), (r, SG.reportedOn, b)]
    amount = _money(s.t)
    if amount is None:
        for d in derived:
            s.fact(d[0], d[1], d[2], 0.7, "trade-between")
        return
    roles.append((SG.amount, amount))
    if s.search(r"\b(?:annually|per year|a year|each year|every year)\b"):
        roles.append((SG.period, Literal("ANN")))
    if since := s.search(r"\bsince (\d{4})\b"):
        roles.append((SG.since, Literal(since[1], datatype=XSD.gYear)))
    s.rel.ex.naries.append(
        Nary(SG.TradeFigure, roles, s.span, "bilateral trade", 0.7, "trade-figure", derived=derived)
    )


def _money(text: str) -> Quantity | None:
    m = re.search(
        rf"(?:(?P<q>{_QUAL}) )?\$ ?(?P<v>\d[\d,]*(?:\.\d+)?) ?(?P<s>billion|million|"
        rf"trillion)?",
        text,
    )
    if not m:
        return None
    value = _number(m["v"]) * _SCALES.get(m["s"] or "", 1)
    return Quantity(_plain(value), "USD", "$", _QUALIFIERS.get(m["q"] or "", "Exactly"))


def _investment(s: _Sentence) -> None:
    m = s.search(rf"\brecipient of {E}(?:'s)? (?:\w+ )?investment")
    if m:
        investor = int(m[1])
        recipient = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS), None)
        if recipient is None or s.cls(investor) not in ACTORS:
            return
        a, b = s.iri(investor), s.iri(recipient)
        amount = _money(s.t[m.end() :])
        if amount is None:
            s.fact(a, SG.investsIn, b, 0.7, "investment")
            return
        roles: list[tuple[URIRef, Value]] = [
            (SG.investor, a),
            (SG.recipient, b),
            (SG.amount, amount),
        ]
        if year := s.search(r"\bin (\d{4})\b"):
            roles.append((SG.year, Literal(year[1], datatype=XSD.gYear)))
        s.rel.ex.naries.append(
            Nary(
                SG.InvestmentFigure,
                roles,
                s.span,
                "investment",
                0.7,
                "investment-figure",
                derived=[(a, SG.investsIn, b)],
            )
        )
    for k in s.finditer(rf"{E} (?:has |have )?invest(?:ed|s)? [^⟦.]*\bin {E}"):
        x, y = int(k[1]), int(k[2])
        if s.cls(x) in ACTORS and s.cls(y) in ACTORS:
            s.fact(s.iri(x), SG.investsIn, s.iri(y), 0.7, "invests-in")


def _participation(s: _Sentence) -> None:
    station_like = {"SpaceStation", "Programme", "Mission"}
    for m in s.finditer(
        rf"{E} (?:has |had |have )?(?P<neg>never|not|no longer)? ?(?:been |is |was"
        rf" |are |were |became |become )?(?:(?P<neg2>not|never) )?(?:an? |one of"
        rf" the )?(?:\w+ )?(?:partner|participant|member)s? (?:in|of) {E}"
    ):
        a, x = int(m[1]), int(m[m.lastindex or 0])
        if s.cls(x) not in station_like or s.cls(a) not in ACTORS:
            continue
        pred = SG.partnerIn if s.cls(a) in ORGS else SG.participatesIn
        s.fact(s.iri(a), pred, s.iri(x), 0.8, "partner-in", negated=bool(m["neg"] or m["neg2"]))
    for m in s.finditer(
        rf"\bsend (?:an? |its )?(?:first )?(?:astronaut|crew\w*|taikonaut|"
        rf"cosmonaut)s? to {E}"
    ):
        x = int(m[1])
        nation = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) == "Nation"), None)
        if nation is not None and s.cls(x) in station_like:
            s.fact(s.iri(nation), SG.participatesIn, s.iri(x), 0.75, "astronaut-to")
    for m in s.finditer(
        rf"\b(?:collaborat|cooperat|participat|involved|took part|takes part)"
        rf"[^⟦.]*(?:including|such as|in) {E}"
    ):
        x = int(m[1])
        subject = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS), None)
        if subject is not None and s.cls(x) in ("SpaceStation", "Programme"):
            s.fact(s.iri(subject), SG.participatesIn, s.iri(x), 0.65, "participates-in")


def _contributions(s: _Sentence) -> None:
    for m in s.finditer(
        rf"{E} (?:has |have )?(?:contributed|contributes|supplied|supplies|provided"
        rf"|provides|delivered|delivers|will provide|will supply) {E}"
    ):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(x) in CRAFT | {"Instrument"}:
            s.fact(s.iri(a), SG.contributedTo, s.iri(x), 0.8, "contributed")
    for m in s.finditer(rf"{E}'s (?:[\w-]+ )*?contributions? (?:is|was|are|were|include[sd]?) {E}"):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(x) in CRAFT | {"Instrument"}:
            s.fact(s.iri(a), SG.contributedTo, s.iri(x), 0.75, "contribution-is")
    for m in s.finditer(
        rf"{E} (?:\w+ly |instead |also |later |then |first )?(?:built|builds|"
        rf"developed|develops|manufactured|will build) {E}"
    ):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) == "Nation" and s.cls(x) in CRAFT:
            s.fact(s.iri(x), SG.country, s.iri(a), 0.75, "nation-built")
        elif s.cls(a) in ORGS and s.cls(x) in CRAFT:
            s.fact(s.iri(x), SG.builtBy, s.iri(a), 0.75, "org-built")
    parts = r"(?:rover|lander|orbiter|instrument|payload|spacecraft|launch\w*|module|camera)"
    for m in s.finditer(
        rf"{E} (?:provides|provided|supplies|supplied|contributes|contributed|"
        rf"delivers|will provide|will supply|builds|will build) (?:the |a |an |its )"
        rf"?(?:\w+ )?{parts}\b(?! ⟦)"
    ):
        a = int(m[1])
        mission = s.rel.recent_missions[-1] if s.rel.recent_missions else None
        if s.cls(a) in ACTORS and mission is not None:
            s.fact(s.iri(a), SG.contributedTo, mission, 0.6, "provides-part")


def _support(s: _Sentence) -> None:
    m = s.search(rf"\bsupport (?:for|to) {E} (?:came|comes|come) from (?P<rest>[^.;]*)")
    if m:
        mission = s.iri(m[1])
        for i in s.idx(m["rest"]):
            if s.cls(i) in ORGS | {"Facility", "Nation"}:
                s.fact(s.iri(i), SG.supported, mission, 0.75, "support-from")
    for m in s.finditer(rf"{E} (?:supported|supports|tracked|tracks|assisted|assists|helped) {E}"):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ORGS | {"Facility", "Nation"} and s.cls(x) in CRAFT:
            s.fact(s.iri(a), SG.supported, s.iri(x), 0.7, "supports")


def _restrictions(s: _Sentence) -> None:
    laws = s.of("Law")
    if not laws:
        return
    for m in s.finditer(
        rf"{E} (?:has been|have been|is|was|were|are|had been) (?:barred|banned|"
        rf"prohibited|restricted|forbidden|prevented)"
    ):
        x = int(m[1])
        if s.cls(x) in ACTORS:
            s.fact(s.iri(laws[0]), SG.restricts, s.iri(x), 0.75, "barred")
    for m in s.finditer(rf"{E} (?:bars|bans|prohibits|restricts|forbids|prevents) {E}"):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) == "Law" and s.cls(x) in ACTORS:
            s.fact(s.iri(a), SG.restricts, s.iri(x), 0.75, "restricts")


def _rovers(s: _Sentence) -> None:
    if not s.search(r"\brovers?\b"):
        return
    mission = next(iter(s.of("Mission")), None)
    target = (
        s.iri(mission)
        if mission is not None
        else (s.rel.recent_missions[-1] if s.rel.recent_missions else None)
    )
    if target is None:
        return
    if s.search(
        r"\b(?:no rover|without (?:a )?rover|did not carry (?:a )?rover|not carry (?:a )?"
        r"rover)"
    ):
        s.fact(target, SG.hasRover, Literal(False), 0.75, "no-rover")
    elif s.search(
        r"\brovers? (?:was|were) (?:used|deployed|carried)|\bcarried (?:a )?rovers?\b|"
        r"landers?,? and rovers?|\bdeployed (?:a )?rover"
    ):
        s.fact(target, SG.hasRover, Literal(True), 0.65, "rover")


def _history(s: _Sentence) -> None:
    nation = next((i for i in range(len(s.ms)) if s.cls(i) == "Nation"), None)
    if nation is None:
        return
    m = s.search(r"\b(?:cooperation|involved|active|collaborat\w*) since the (\d{3}0)s\b")
    if m:
        s.fact(
            s.iri(nation),
            SG.activeSince,
            Literal(m[1], datatype=XSD.gYear),
            0.7,
            "active-since",
            precision=SG.Decade,
        )
    m = s.search(
        rf"\b(?:collaborated|cooperated|partnered|worked) with (?:(?P<q>{_QUAL}) )?"
        rf"(?P<n>\d+) (?:nations|countries)"
    )
    if m:
        q = Quantity(m["n"], "C62", "nations", _QUALIFIERS.get(m["q"] or "", "Exactly"))
        s.fact(s.iri(nation), SG.partnerCount, q, 0.7, "partner-count")


_RULES = (
    _possessives,
    _by_phrases,
    _launches,
    _locations,
    _events,
    _targets,
    _samples,
    _grants,
    _people,
    _cooperation,
    _trade,
    _investment,
    _participation,
    _contributions,
    _support,
    _restrictions,
    _rovers,
    _history,
)


def _document_rules(rel: _Relations, first_sentence: dict[URIRef, tuple[int, int]]) -> None:
    """Facts implied by names: an agency named after a nation the document mentions."""
    nations = {e.label: e.iri for e in rel.ents.values() if e.cls == "Nation"}
    stated = {f.subject for f in rel.facts.values() if f.predicate == SG.agencyOf}
    for ent in list(rel.ents.values()):
        if ent.cls != "SpaceAgency" or ent.iri not in first_sentence:
            continue
        nation = ent.country or rel.gaz.nation_in_name(ent.label)
        if nation in nations and ent.iri not in stated:
            rel.fact(
                ent.iri,
                SG.agencyOf,
                nations[nation],
                first_sentence[ent.iri],
                0.6,
                "agency-named-after-nation",
            )
    stations = [e for e in rel.ents.values() if e.cls == "SpaceStation"]
    for ent in list(rel.ents.values()):
        if not (ent.cls == "SpaceStationModule" or ent.part) or ent.iri not in first_sentence:
            continue
        span = first_sentence[ent.iri]
        before = [st for st in stations if st.mentions and st.mentions[0].start <= span[1]]
        if before:
            station = max(
                before, key=lambda st: max(m.start for m in st.mentions if m.start <= span[1])
            )
            rel.fact(ent.iri, SG.partOf, station.iri, span, 0.6, "module-of-station")


def _co_occurrence(s: _Sentence) -> None:
    """One mission and one agency in a sentence, otherwise unrelated: the agency operates it."""
    missions = {s.iri(i) for i in s.of("Mission")}
    agencies = {s.iri(i) for i in s.of("SpaceAgency")}
    if len(missions) != 1 or len(agencies) != 1 or len({m.iri for m in s.ms}) > 3:
        return
    (m,), (a,) = missions, agencies
    if frozenset((m, a)) not in s.rel.pairs:
        s.fact(m, SG.operatedBy, a, 0.5, "co-occurrence")


def find_relations(ex: Extraction, gaz: Gazetteer) -> None:
    """Run every rule over every sentence; add the facts to ``ex``."""
    rel = _Relations(ex, gaz)
    first_sentence: dict[URIRef, tuple[int, int]] = {}
    for index, (sentence, mentions) in enumerate(zip(ex.sentences, ex.mentions, strict=True)):
        s = _Sentence(rel, index, sentence, mentions)
        for m in s.ms:
            if m.iri is not None and not m.anaphor:
                first_sentence.setdefault(m.iri, s.span)
        for rule in _RULES:
            rule(s)
        _co_occurrence(s)
        for m in s.ms:
            if m.iri is None:
                continue
            cls = rel.ents[m.iri].cls
            for kind, bucket in (
                ("Nation", rel.recent_nations),
                ("Mission", rel.recent_missions),
                ("SpaceStation", rel.recent_stations),
            ):
                if cls == kind:
                    if m.iri in bucket:
                        bucket.remove(m.iri)
                    bucket.append(m.iri)
    _document_rules(rel, first_sentence)
    ex.facts = list(rel.facts.values())
