"""Relation rules about missions and hardware: who owns, builds and runs them; where and when.

Possessives ("China's CNSA", "NASA's rover"), "… by" phrases ("conducted
by", "built by", "passed by"), launches ("launched on a Long March 5 rocket
from Wenchang"), locations ("… in Japan", "Wenchang, China"), dates next to
launch, landing, ascent, return and enactment verbs, landing and recovery
sites, target bodies, and whether a mission carried a rover. Each rule takes
one :class:`~spacegraph.relation_context.RuleSentence` and records facts
through it; :mod:`spacegraph.relations` runs them in order.
"""

from __future__ import annotations

import re

from rdflib import XSD, Literal

from . import prefilter
from .relation_context import (
    ACTORS,
    CRAFT,
    ORGS,
    PLACEHOLDER,
    SG,
    E,
    RuleSentence,
    subject_before,
)
from .relation_values import MASS_UNITS, QUAL, mass, parse_dates

__all__ = [
    "by_phrases",
    "events",
    "launches",
    "locations",
    "masses",
    "parts",
    "possessives",
    "rovers",
    "targets",
]

_POSSESSED = prefilter.compile(rf"{E}'s {E}")
#: What an organisation's possessive names as run by it.
_OPERATED = {"Facility", "Mission", "Spacecraft", "LaunchVehicle", "Programme", "LaunchSite"}
#: What an organisation's own units are: "ISRO's U R Rao Satellite Centre".
_UNITS = {"ResearchInstitute", "Organisation", "Facility"}
#: "⟦Nuri⟧, ⟦South Korea⟧'s domestically built rocket", "⟦GSLV⟧, one of ⟦India⟧'s rockets".
_NATIONS_OWN = prefilter.compile(
    rf"{E}, (?:one of )?{E}'s (?:[\w\-]+ ){{0,3}}?"
    rf"(?:rockets?|launchers?|launch vehicles?|spacecraft|satellites?|probes?|missions?)\b"
)
#: A maker's or operator's name before the thing's: "⟦SpaceX⟧ ⟦Falcon 9⟧", "⟦NASA⟧ ⟦Artemis⟧".
_ADJUNCT = prefilter.compile(rf"{E} {E}")
_POSSESSIVE_ALONE = prefilter.compile(rf"{E}'s (?!{E})")
_X_OF_Y = prefilter.compile(rf"{E} of {E}")


def possessives(s: RuleSentence) -> None:
    """Possessives: "⟦nation⟧'s ⟦agency⟧", "⟦org⟧'s ⟦mission⟧", "⟦agency⟧ of ⟦nation⟧"."""
    adjacent = set()
    for m in s.finditer(_POSSESSED):
        a, b = int(m[1]), int(m[2])
        adjacent.add(a)
        owner, owned = s.cls(a), s.cls(b)
        if owner == "Nation" and owned == "SpaceAgency":
            s.fact(s.iri(b), SG.agencyOf, s.iri(a), 0.85, "possessive-agency")
        elif owner == "Nation" and owned in CRAFT | {"LaunchVehicle"} and owned != "Facility":
            s.fact(s.iri(b), SG.country, s.iri(a), 0.8, "possessive-country")
        elif owner == "Company" and owned in ("LaunchVehicle", "Spacecraft"):
            s.fact(s.iri(b), SG.builtBy, s.iri(a), 0.75, "possessive-maker")  # "SpaceX's Falcon 9"
        elif owner in ORGS and owned in _OPERATED:  # "NASA's Artemis programme"
            s.fact(s.iri(b), SG.operatedBy, s.iri(a), 0.8, "possessive-operator")
        elif owner == "Nation" and owned in ORGS:
            s.fact(s.iri(b), SG.locatedIn, s.iri(a), 0.7, "possessive-located")
        elif owner in ORGS and owned in _UNITS:  # "NASA's Jet Propulsion Laboratory"
            s.fact(s.iri(b), SG.partOf, s.iri(a), 0.7, "possessive-part")
    for m in s.finditer(_NATIONS_OWN):
        a, b = int(m[1]), int(m[2])
        if s.cls(b) == "Nation" and s.cls(a) in CRAFT | {"LaunchVehicle"} - {"Facility"}:
            s.fact(s.iri(a), SG.country, s.iri(b), 0.75, "apposed-nation")
    for m in s.finditer(_ADJUNCT):
        a, b = int(m[1]), int(m[2])
        owner, owned = s.cls(a), s.cls(b)
        if owner == "Company" and owned in ("LaunchVehicle", "Spacecraft", "Instrument"):
            s.fact(s.iri(b), SG.builtBy, s.iri(a), 0.7, "maker-before-name")
        elif owner == "SpaceAgency" and owned in ("Mission", "Spacecraft", "Programme"):
            s.fact(s.iri(b), SG.operatedBy, s.iri(a), 0.7, "operator-before-name")
    for m in s.finditer(_POSSESSIVE_ALONE):
        a = int(m[1])
        if a in adjacent or s.cls(a) != "Nation":
            continue
        for i in s.of("Mission"):
            if not s.ms[i].anaphor:
                s.fact(s.iri(i), SG.country, s.iri(a), 0.6, "possessive-nation-mission")
    for m in s.finditer(_X_OF_Y):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) == "SpaceAgency" and s.cls(b) in ("Nation", "Region"):
            s.fact(s.iri(a), SG.agencyOf, s.iri(b), 0.8, "agency-of-nation")


_BY_VERBS = (
    r"(?:conducted|operated|run|managed|led|launched|built|developed|made|manufactured|"
    r"assembled|constructed|produced|funded|financed|sponsored|passed|designed|supplied|provided)"
)
_BY = prefilter.compile(
    rf"\b(?P<v>{_BY_VERBS})(?:,? and (?P<v2>{_BY_VERBS}))?(?: jointly)? by (?=(?P<list>[^.;]*))"
)
#: Where the list of "by ⟦a⟧, ⟦b⟧ and ⟦c⟧" ends: a preposition, or the next verb ("and is
#: operated by").
_BY_LIST_END = re.compile(r"\b(?:from|on|in|at|to|with|for|since|is|was|are|were|has|had)\b")


#: What "… by" phrases say is made, run or passed by someone.
_MADE = CRAFT | {"LaunchVehicle", "Instrument", "Law", "Agreement"}


_OPERATED_FROM = prefilter.compile(
    rf"\b(?:operated|run|controlled|flown|managed) from (?:the |its |their )?{E}"
)


def by_phrases(s: RuleSentence) -> None:
    """Phrases with "by": "⟦mission⟧ … conducted by ⟦agency⟧", "built by", "passed by".

    And where a craft is run from: "⟦Webb⟧ is operated from ⟦STScI⟧".
    """
    for m in s.finditer(_OPERATED_FROM):
        subject = subject_before(s, m.start(), CRAFT - {"Facility"})
        o = int(m[1])
        if subject is None:
            continue
        if s.cls(o) in ORGS:
            s.fact(s.iri(subject), SG.operatedBy, s.iri(o), 0.75, "operated-from")
        elif s.cls(o) == "Facility":  # a control centre supports what it flies
            s.fact(s.iri(o), SG.supported, s.iri(subject), 0.7, "operated-from-facility")
    for m in s.finditer(_BY):
        # "built by ⟦A⟧ together with ⟦B⟧": both built it
        objects = s.idx(_BY_LIST_END.split(m["list"].replace(" together with ", " and "))[0])
        if not objects:
            continue
        subject = subject_before(s, m.start(), _MADE)
        if subject is None:
            continue
        for verb in filter(None, (m["v"], m["v2"])):  # "built and operated by"
            _by(s, subject, verb, objects, "partner" in m["list"])


def _by(s: RuleSentence, subject: int, verb: str, objects: list[int], partnership: bool) -> None:
    """What "⟦subject⟧ … ⟦verb⟧ by ⟦objects⟧" states, by the verb and the classes."""
    subj, scls = s.iri(subject), s.cls(subject)
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
            "assembled",
            "constructed",
            "produced",
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


_LAUNCH_WORD = prefilter.compile(
    r"\b(?:launch\w*|lift\w* off|blast\w* off|fl(?:y|ew|own|ies)|rode|rid(?:e|es|ing)|aboard)\b"
)


#: A denial just before the launch verb: "⟦Danuri⟧ did not fly on ⟦Nuri⟧".
_DENIED_BEFORE = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|was not|wasn't|were not|weren't|will not|won't"
    r"|has not|have not|had not|never)(?: be| been)? $"
)


def launches(s: RuleSentence) -> None:
    """The rocket and the launch site of a mission named before them (or denied)."""
    trigger = s.search(_LAUNCH_WORD)
    if not trigger:
        return
    denied = bool(_DENIED_BEFORE.search(s.t, 0, trigger.start()))
    vehicles = s.of("LaunchVehicle")
    sites = s.of("LaunchSite")
    for group, pred, rule in (
        (vehicles, SG.launchVehicle, "launch-vehicle"),
        (sites, SG.launchedFrom, "launch-site"),
    ):
        for v in group:
            pos = s.t.index(f"⟦{v}⟧")
            subject = subject_before(
                s, pos, {"Mission", "Spacecraft", "SpaceStationModule", "SpaceStation"}
            )
            if subject is None:
                continue
            s.fact(s.iri(subject), pred, s.iri(v), 0.8, rule, negated=denied)


#: "in southern Japan".
_QUARTER = r"(?:(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central|coastal|rural)"
_LOCATED = {
    "SpaceAgency",
    "University",
    "ResearchInstitute",
    "LaunchSite",
    "Place",
    "Facility",
    "Company",
    "Organisation",
}
_IN_PLACE = prefilter.compile(
    rf"((?:{E}(?:,? and |, | ))*){E},? (?:in|near|at|of|on) (?:{_QUARTER} )?{E}"
)
_COMMA_PLACE = prefilter.compile(rf"{E}, {E}(?=[,.]| on\b)")
_PLACE_BASED = prefilter.compile(rf"{E}-based {E}")
#: "⟦KARI⟧, a research body based in ⟦Daejeon⟧", "⟦MBRSC⟧ is headquartered in ⟦Dubai⟧".
_BASED_IN = prefilter.compile(
    rf"{E}(?:,| is| are| was| were)? (?:(?:an?|the|its) )?(?:[\w\-]+ ){{0,5}}?"
    rf"(?:based|headquartered|located|situated|lies|lie|sits|stands) (?:in|at|near|on) {E}"
)
_AT_OR_OF = prefilter.compile(rf"{E} (?:at|of) {E}")


def locations(s: RuleSentence) -> None:
    """Locations: "⟦university⟧ in ⟦nation⟧", "⟦site⟧, ⟦nation⟧", "⟦institute⟧ at ⟦university⟧"."""
    for m in s.finditer(_IN_PLACE):
        place = int(m[m.lastindex or 0])
        if s.cls(place) not in ("Nation", "Region", "Place"):
            continue
        for i in s.idx(m[0][: m[0].rfind("⟦")]):
            if s.cls(i) in _LOCATED:
                s.fact(s.iri(i), SG.locatedIn, s.iri(place), 0.75, "located-in")
    for m in s.finditer(_BASED_IN):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in _LOCATED | ORGS and s.cls(b) in ("Nation", "Region", "Place"):
            s.fact(s.iri(a), SG.locatedIn, s.iri(b), 0.75, "based-in")
    for m in s.finditer(_PLACE_BASED):  # "⟦Houston⟧-based ⟦Axiom Space⟧"
        place, org = int(m[1]), int(m[2])
        if s.cls(place) in ("Nation", "Region", "Place") and s.cls(org) in _LOCATED | ORGS:
            s.fact(s.iri(org), SG.locatedIn, s.iri(place), 0.75, "place-based")
    for m in s.finditer(_COMMA_PLACE):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in ("Place", "LaunchSite", "Facility") and s.cls(b) in ("Place", "Nation"):
            s.fact(s.iri(a), SG.locatedIn, s.iri(b), 0.7, "apposition-located")
    for m in s.finditer(_AT_OR_OF):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in ("ResearchInstitute", "Facility") and s.cls(b) in ("University",):
            s.fact(s.iri(a), SG.partOf, s.iri(b), 0.75, "institute-at-university")


_EVENTS = [
    (kind, prefilter.compile(rf"\b(?:{pattern})"))
    for kind, pattern in (
        ("ascent", r"lift(?:ed|s)? off from (?:the )?(?:⟦\d+⟧|lunar surface)|ascen(?:t|ded)"),
        (
            "return",
            r"return(?:ed|s)? to Earth|return capsule|came back|splash(?:ed)? down|returned",
        ),
        ("landing", r"touch(?:ed|es)? down|land(?:ed|s|ing)\b|soft[- ]land\w*"),
        ("launch", r"launch(?:ed|es|ing)?\b|lift(?:ed|s)? off|blast(?:ed)? off|left Earth"),
        (
            "enacted",
            r"(?:was|were) (?:passed|enacted|adopted|signed)|passed|enacted|signed into law",
        ),
    )
]
_EVENT_PREDICATES = {
    "launch": SG.launchDate,
    "landing": SG.landingDate,
    "ascent": SG.ascentDate,
    "return": SG.returnDate,
    "enacted": SG.enactedDate,
}
_RETURN_CAPSULE = prefilter.compile(r"\breturn(?:er| capsule)|re-?entry capsule")
_CLAUSE_END = re.compile(r"[,;] (?:and|while|but)\b|;")
_AT_PLACE = prefilter.compile(rf"\b(?:near|at|in|on) {E}")


def events(s: RuleSentence) -> None:
    """Dates next to launch, landing, ascent and return verbs; landing and recovery sites."""
    triggers: list[tuple[int, int, str]] = []
    return_capsule = bool(_RETURN_CAPSULE.search(s.sentence.text))
    for kind, pattern in _EVENTS:
        for m in s.finditer(pattern):
            if any(a <= m.start() < b for a, b, _ in triggers):
                continue
            if kind == "landing" and return_capsule:
                kind = "return"
            triggers.append((m.start(), m.end(), kind))
    if not triggers:
        return
    triggers.sort()
    subjects = {"Mission", "Spacecraft", "SpaceStationModule", "SpaceStation", "Law"}
    dates = parse_dates(s.t)
    paired = "respectively" in s.t and _respectively(s, triggers[0], subjects, dates)
    for start, _end, lit in () if paired else dates:
        before = [t for t in triggers if t[1] <= start]
        after = [t for t in triggers if t[0] >= start]
        trig = before[-1] if before else (after[0] if after else None)
        if trig is None:
            continue
        kind = trig[2]
        subject = subject_before(s, trig[0], subjects)
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
        subject = subject_before(s, t0, {"Mission", "Spacecraft"})
        if subject is None:
            continue
        clause = _CLAUSE_END.split(s.t[t1:])[0]
        for m in _AT_PLACE.finditer(clause):
            if s.cls(m[1]) == "Place":
                pred = SG.recoverySite if kind == "return" else SG.landingSite
                s.fact(s.iri(subject), pred, s.iri(m[1]), 0.7, f"{kind}-site")
                break


_BARE_YEAR = re.compile(r"\b(?:19|20)\d{2}\b(?!s)")


def _respectively(
    s: RuleSentence,
    trigger: tuple[int, int, str],
    subjects: set[str],
    dates: list[tuple[int, int, Literal]],
) -> bool:
    """ "⟦a⟧ and ⟦b⟧, due to launch in 2026 and 2028 respectively": the n-th date is the n-th's.

    True if the sentence pairs as many names before the verb with as many dates after it.
    """
    t0, t1, kind = trigger
    named = [i for i in s.idx(s.t[:t0]) if s.cls(i) in subjects]
    spans = [(start, end, lit) for start, end, lit in dates if start >= t1]
    for m in _BARE_YEAR.finditer(s.t, t1):  # "in 2026 and 2028": the second year stands alone
        if not any(a <= m.start() < b for a, b, _ in spans):
            spans.append((m.start(), m.end(), Literal(m[0], datatype=XSD.gYear)))
    after = [lit for _, _, lit in sorted(spans, key=lambda d: d[0])]
    if len(named) < 2 or len(named) != len(after) or kind == "enacted":
        return False
    for i, lit in zip(named, after, strict=True):
        s.fact(s.iri(i), _EVENT_PREDICATES[kind], lit, 0.7, f"{kind}-date-respectively")
    return True


_PART_OF = prefilter.compile(
    rf"\b(?:forms?|formed|is|are|was|were|becomes?|became) (?:also )?(?:a |an )?"
    rf"(?:key |central |core )?part of (?:the )?{E}"
)


def parts(s: RuleSentence) -> None:
    """ "⟦the satellite⟧ also forms part of ⟦Copernicus⟧": the craft named before is part of it."""
    for m in s.finditer(_PART_OF):
        whole = int(m[1])
        part = subject_before(s, m.start(), _MADE - {"Law", "Agreement"})
        if part is not None and part != whole and s.cls(whole) in CRAFT:
            s.fact(s.iri(part), SG.partOf, s.iri(whole), 0.7, "part-of")


def targets(s: RuleSentence) -> None:
    """Every mission of a sentence that names a body other than Earth targets it."""
    bodies = [i for i in s.of("CelestialBody") if s.rel.ents[s.iri(i)].label != "Earth"]
    if not bodies:
        return
    for i in s.of("Mission", "Spacecraft"):
        if s.ms[i].anaphor and s.cls(i) != "Mission":
            continue  # ("the probe" of a sentence about another craft's data)
        for b in bodies:
            s.fact(s.iri(i), SG.target, s.iri(b), 0.7, "mission-body")


_ROVER = prefilter.compile(r"\brovers?\b")
_NO_ROVER = prefilter.compile(
    r"\b(?:no rover|without (?:a )?rover|did not carry (?:a )?rover|not carry (?:a )?rover)"
)
_A_ROVER = prefilter.compile(
    r"\brovers? (?:was|were) (?:used|deployed|carried)|\bcarried (?:a )?rovers?\b|"
    r"landers?,? and rovers?|\bdeployed (?:a )?rover"
)


def rovers(s: RuleSentence) -> None:
    """Whether the sentence's (or the latest) mission carried a rover."""
    if not s.search(_ROVER):
        return
    mission = next(iter(s.of("Mission")), None)
    target = s.iri(mission) if mission is not None else s.rel.recent_missions.latest()
    if target is None:
        return
    if s.search(_NO_ROVER):
        s.fact(target, SG.hasRover, Literal(False), 0.75, "no-rover")
    elif s.search(_A_ROVER):
        s.fact(target, SG.hasRover, Literal(True), 0.65, "rover")


_WEIGHS = prefilter.compile(
    rf"\b(?:[Ww]eigh(?:s|ed|ing)?|(?:a |with a |its )?(?:launch |dry |total )?mass of)"
    rf" (?:(?P<q>{QUAL}) )?(?P<v>\d[\d,]*(?:\.\d+)?) ?(?P<u>{'|'.join(MASS_UNITS)})s?\b"
)
#: "the 2,392-kilogram spacecraft": the mass of the name that follows.
_MASS_BEFORE_NAME = prefilter.compile(
    rf"\b(?P<v>\d[\d,]*(?:\.\d+)?)-(?P<u>{'|'.join(MASS_UNITS)})\b[^⟦]{{0,20}}⟦"
)
_MASSIVE = CRAFT - {"Programme", "Facility"}


def masses(s: RuleSentence) -> None:
    """The mass of a spacecraft or mission: "⟦Danuri⟧, which weighs about 678 kilograms".

    The craft is the name just before the phrase, or, if none is, the first after it
    ("Weighing 1,350 kilograms, ⟦Hope⟧ …").
    """
    for m in s.finditer(_WEIGHS):
        before = [int(p[1]) for p in PLACEHOLDER.finditer(s.t, 0, m.start())]
        after = [int(p[1]) for p in PLACEHOLDER.finditer(s.t, m.end())]
        craft = before[-1] if before else (after[0] if after else None)
        if craft is not None and s.cls(craft) in _MASSIVE:
            q = mass(m["q"], m["v"], m["u"], m[0])
            s.fact(s.iri(craft), SG.mass, q, 0.7, "craft-mass")
    for m in s.finditer(_MASS_BEFORE_NAME):
        craft = int(s.t[m.end() : s.t.index("⟧", m.end())])
        if s.cls(craft) in _MASSIVE:
            q = mass(None, m["v"], m["u"], m[0])
            s.fact(s.iri(craft), SG.mass, q, 0.7, "craft-mass")
