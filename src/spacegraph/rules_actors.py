"""Relation rules about actors (nations, agencies, organisations, persons) and their dealings.

Persons' roles ("⟦person⟧, former director of ⟦institute⟧", membership
n-ary nodes) and their quotations; cooperation ("agreement between",
"cooperates with", "jointly developing", "joint missions with", "the two
countries"); participation ("has never been a partner in", "send astronauts
to"); contributions ("provides the rover", "built"); support ("support for …
came from", "tracked"); legal restrictions ("barred from"); and a nation's
history of cooperation ("since the 1990s", "with over 30 nations"). Each rule
takes one :class:`~spacegraph.relation_context.RuleSentence`;
:mod:`spacegraph.relations` runs them in order.
"""

from __future__ import annotations

from rdflib import XSD, Literal, URIRef

from . import prefilter
from .extract import Nary, Quantity
from .relation_context import (
    ACTORS,
    CRAFT,
    LIST,
    ORG,
    ORGS,
    SG,
    E,
    RuleSentence,
    owner_before,
    pairs,
    subject_before,
)
from .relation_values import QUAL, QUALIFIERS

__all__ = [
    "contributions",
    "cooperation",
    "history",
    "participation",
    "people",
    "restrictions",
    "support",
]

#: Who heads an organisation, however the title is written.
_HEAD = (
    r"(?:director[- ]general|director|head|chief executive(?: officer)?|chief|president"
    r"|administrator|chairman|chairwoman|chair)"
)
_ROLES = [
    (rf"(?:former|then-|ex-) ?{_HEAD}", "former director", SG.FormerDirector, SG.formerDirectorOf),
    (_HEAD, "director", SG.Director, SG.directorOf),
    (
        r"(?:science lead|lead scientist|principal investigator|chief scientist)",
        "science lead",
        SG.ScienceLead,
        SG.scienceLeadOf,
    ),
    (r"astronaut", "astronaut", SG.Astronaut, SG.astronautOf),
]
_ROLE_PATTERNS = [
    (
        prefilter.compile(
            rf"{E}, (?:the |a |an )?(?:{pattern}) (?:of|at|for|with) {E}(?: (?:at|of) {E})?"
        ),
        word,
        role,
        pred,
    )
    for pattern, word, role, pred in _ROLES
] + [
    (prefilter.compile(rf"{E}, (?:the )?{E}'s (?:{pattern})\b()"), word, role, pred)
    for pattern, word, role, pred in _ROLES
]  # "⟦person⟧, director of ⟦agency⟧" and "⟦person⟧, ⟦agency⟧'s director general"
#: "⟦NASA⟧ astronaut ⟦Frank Rubio⟧".
_CREW_MEMBER = prefilter.compile(rf"{E}(?:'s)? (?:astronaut|cosmonaut|taikonaut)s? {E}")
#: "⟦Michael López-Alegría⟧, a former ⟦NASA⟧ astronaut", "an ⟦ESA⟧ project astronaut".
_CREW_MEMBER_AFTER = prefilter.compile(
    rf"{E}, (?:a |an |the )?(?:former |retired )?{E}(?:'s)? (?:\w+ )?"
    rf"(?:astronaut|cosmonaut|taikonaut)\b"
)
#: What a person can be an astronaut of.
_CREWS = ORGS | {"Nation", "Region"}
#: "⟦agency⟧, whose president is ⟦person⟧": the organisation first.
_WHOSE_HEAD = prefilter.compile(rf"{E}, whose {_HEAD} (?:is|was) {E}")
_SPEECH = r"(?:said|says|notes|noted|argues|argued|stated|states|added|explained|told \w+)"
#: "said that “…”", "said ShadowCam had “…”": the speaker is named before the verb.
_QUOTATION = prefilter.compile(
    rf"{_SPEECH}(?: that)?,? (?:[^‘“\"’”.;]{{0,60}}? )?[‘“\"](.+?)[’”\"](?=\s|[.,;:!?]|$)"
)
#: "“…,” said X", "“…,” X said": the speaker is named after the quotation.
_QUOTATION_FIRST = prefilter.compile(
    rf"[‘“\"]([^‘“\"’”]+?)[,.!?]?[’”\"],? "
    rf"(?:{_SPEECH} (?=[A-Z])|(?=[A-Z][^,.;]{{0,40}} {_SPEECH}\b))"
)


def people(s: RuleSentence) -> None:
    """Persons' roles in organisations (membership nodes) and what they said (quotations)."""
    for pattern, word, role, pred in _ROLE_PATTERNS:
        for m in s.finditer(pattern):
            p, o = int(m[1]), int(m[2])
            if s.cls(p) != "Person" or s.cls(o) not in ACTORS:
                continue
            _membership(s, p, o, word, role, pred)
            if m[3] and s.cls(o) in ("ResearchInstitute", "Facility", "Organisation"):
                s.fact(s.iri(o), SG.partOf, s.iri(m[3]), 0.75, "part-of")
    for m in s.finditer(_CREW_MEMBER):
        _membership(s, int(m[2]), int(m[1]), "astronaut", SG.Astronaut, SG.astronautOf)
    for m in s.finditer(_CREW_MEMBER_AFTER):
        _membership(s, int(m[1]), int(m[2]), "astronaut", SG.Astronaut, SG.astronautOf)
    for m in s.finditer(_WHOSE_HEAD):
        _membership(s, int(m[2]), int(m[1]), "director", SG.Director, SG.directorOf)
    text = s.rel.text[s.sentence.start : s.sentence.end]
    quoted: set[int] = set()
    for m in _QUOTATION_FIRST.finditer(text):
        after = [i for i in s.of("Person") if s.ms[i].start - s.sentence.start >= m.end()]
        if after and s.ms[after[0]].start - s.sentence.start - m.end() <= 1:
            _quotation(s, s.sentence.start + m.start(1), m[1], after[0])
            quoted.add(m.start(1))
    for m in _QUOTATION.finditer(text):
        if m.start(1) in quoted:
            continue
        persons = [i for i in s.of("Person") if s.ms[i].end - s.sentence.start < m.start()]
        if persons:
            _quotation(s, s.sentence.start + m.start(1), m[1], persons[-1])


def _membership(s: RuleSentence, p: int, o: int, word: str, role: URIRef, pred: URIRef) -> None:
    """Person ``p`` holds ``role`` in organisation ``o``: a membership node, and ``p pred o``.

    Nothing if ``o`` cannot hold that role: only an organisation has a director ("the
    president of France" is not a membership), a nation may have astronauts.
    """
    if s.cls(p) != "Person" or s.cls(o) not in (_CREWS if pred == SG.astronautOf else ORGS):
        return
    s.rel.naries.append(
        Nary(
            ORG.Membership,
            [(ORG.member, s.iri(p)), (ORG.organization, s.iri(o)), (ORG.role, role)],
            s.span,
            f"{s.rel.ents[s.iri(p)].label}, {word} of {s.rel.ents[s.iri(o)].label}",
            0.8,
            "person-role",
            derived=[(s.iri(p), pred, s.iri(o))],
        )
    )


def _quotation(s: RuleSentence, start: int, words: str, person: int) -> None:
    """A quotation node: what ``person`` said, its evidence the quoted words at ``start``."""
    speaker = s.iri(person)
    s.rel.naries.append(
        Nary(
            SG.Quotation,
            [(SG.speaker, speaker)],
            (start, start + len(words)),
            f"quotation of {s.rel.ents[speaker].label}",
            0.75,
            "quotation",
        )
    )


#: An aside between a subject and its verb, with at most one name: ", ⟦Russia⟧'s corporation,".
_ASIDE = r"(?:, [^,;⟦]*(?:⟦\d+⟧[^,;⟦]*)?,)?"
_COOP_WORDS = r"collaborat\w*|cooperat\w*|partnership\w*|come together|agreement"
_NEGATIVE = prefilter.compile(r"\b(?:barred|banned|prohibited|forbidden|never|not)\b")
_AGREEMENT_BETWEEN = prefilter.compile(
    rf"\b(?:{_COOP_WORDS}|memorandum|deal|accord|alliance)s? (?:[^⟦.;]{{0,40}}? )?"
    rf"(?:between|among) ({LIST})"
)
_COOPERATION_WORD = prefilter.compile(rf"\b(?:{_COOP_WORDS}|partners?)\b")
_BETWEEN = prefilter.compile(rf"\bbetween {E} and {E}(?!'s)")
_THE_TWO = prefilter.compile(r"\b(?:[Tt]he two|[Bb]oth) (?:nations|countries)\b")
_THE_TWO_AGENCIES = prefilter.compile(r"\b(?:[Tt]he two|[Bb]oth) (?:space )?agencies\b")
_COOP_VERBS = (
    r"(?:signed (?:an? )?(?:\w+ )?(?:agreement|memorandum|deal|statement|contract|declaration)"
    r"(?: of understanding)? with|agreed with|under an? (?:contract|agreement) with|"
    r"cooperat\w* with|"
    r"collaborat\w* with|partner\w* with|team\w* up with|work\w* (?:together )?with|"
    r"joined forces with|(?:\w+ ){0,3}in (?:partnership|cooperation|collaboration) with)"
)
_COOPERATES_WITH = prefilter.compile(
    rf"{E}(?:,? (?:which|who|that))?(?: in \d{{4}}| (?:also|already|recently|formally|later))*"
    rf" (?:has |have |had |will |is |are )?{_COOP_VERBS} ({LIST})"
)
_X_AND_Y_AGREED = prefilter.compile(
    rf"{E} and {E}{_ASIDE} (?:have |had |are |were |will )?"
    rf"(?:signed(?! on| up)|agreed|teamed up"
    rf"|team up|partnered|cooperate|collaborate|jointly \w+)"
)
_JOINTLY_DEVELOPING = prefilter.compile(
    rf"{E} and {E} (?:are |were |is |will be )?jointly (?:developing|building|"
    rf"operating|conducting|leading|running) {E}"
)
#: "⟦BepiColombo⟧, a joint mission of ⟦ESA⟧ and ⟦JAXA⟧".
_A_MISSION_OF = prefilter.compile(
    rf"{E},? (?:is |was )?(?:an? |the )(?P<joint>joint |collaborative )?(?:\w+ )?"
    rf"(?:mission|project|venture|programme|program) (?:of|by|between|from) ({LIST})"
)
#: "⟦ISRO⟧'s cooperation with ⟦Roscosmos⟧".
_ONES_COOPERATION = prefilter.compile(
    rf"{E}'s (?:\w+ )?(?:cooperation|partnership|collaboration|agreement|deal) with ({LIST})"
)
_JOINT_MISSIONS = prefilter.compile(
    rf"\bjoint (?:missions?|projects?|ventures?|flights?|exploration) with ({LIST})"
)


def cooperation(s: RuleSentence) -> None:
    """Cooperation between actors: agreements, "cooperates with", joint work and missions."""
    actors = lambda xs: [i for i in xs if s.cls(i) in ACTORS]  # noqa: E731
    negative = s.search(_NEGATIVE)
    for m in s.finditer(_AGREEMENT_BETWEEN):
        for a, b in pairs(actors(s.idx(m[1]))):
            s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.8, "agreement-between")
    if s.search(_COOPERATION_WORD) and not negative:
        for m in s.finditer(_BETWEEN):
            a, b = int(m[1]), int(m[2])
            if s.cls(a) in ACTORS and s.cls(b) in ACTORS:
                s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.7, "between-cooperation")
        for the_two, recent, rule in (
            (_THE_TWO, s.rel.recent_nations, "two-nations-cooperation"),
            (_THE_TWO_AGENCIES, s.rel.recent_agencies, "two-agencies-cooperation"),
        ):
            pair = recent.last(2) if s.search(the_two) else []
            if len(pair) == 2:
                s.fact(pair[0], SG.cooperatesWith, pair[1], 0.6, rule)
    for m in s.finditer(_COOPERATES_WITH):
        if negative:
            break
        a = int(m[1])
        for b in actors(s.idx(m[2])):
            if s.cls(a) in ACTORS:
                s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.75, "cooperates-with")
    for m in s.finditer(_X_AND_Y_AGREED):
        a, b = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(b) in ACTORS and not negative:
            s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.75, "jointly")
    for m in s.finditer(_JOINTLY_DEVELOPING):
        a, b, x = int(m[1]), int(m[2]), int(m[3])
        if s.cls(x) in CRAFT:
            for o in (a, b):
                if s.cls(o) in ORGS:
                    s.fact(s.iri(x), SG.operatedBy, s.iri(o), 0.8, "jointly-developing")
    for m in s.finditer(_ONES_COOPERATION):
        a = int(m[1])
        for b in actors(s.idx(m[2])) if s.cls(a) in ACTORS and not negative else ():
            s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.75, "ones-cooperation")
    for m in s.finditer(_A_MISSION_OF):
        x = int(m[1])
        if s.cls(x) not in CRAFT:
            continue
        runners = [i for i in s.idx(m[m.lastindex or 0]) if s.cls(i) in ORGS]
        for o in runners:
            s.fact(s.iri(x), SG.operatedBy, s.iri(o), 0.75, "a-mission-of")
        if m["joint"]:
            for a, b in pairs(runners):
                s.fact(s.iri(a), SG.jointMissionWith, s.iri(b), 0.7, "a-joint-mission-of")
    for m in s.finditer(_JOINT_MISSIONS):
        subject = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS), None)
        subject = subject if subject is not None else owner_before(s, m.start())
        if subject is None:
            continue
        for b in actors(s.idx(m[1])):
            s.fact(s.iri(subject), SG.jointMissionWith, s.iri(b), 0.75, "joint-missions")


_STATION_LIKE = {"SpaceStation", "Programme", "Mission"}
_PARTNER_IN = prefilter.compile(
    rf"{E} (?:has |had |have )?(?P<neg>never|not|no longer)? ?(?:been |is |was"
    rf" |are |were |became |become )?(?:(?P<neg2>not|never) )?(?:an? |one of"
    rf" the )?(?:\w+ )?(?:partner|participant|member)s? (?:in|of) {E}"
)
_ASTRONAUT_TO = prefilter.compile(
    rf"\bsend (?:an? |its )?(?:first )?(?:astronaut|crew\w*|taikonaut|cosmonaut)s? to {E}"
)
_TAKES_PART_IN = prefilter.compile(
    rf"\b(?:collaborat|cooperat|participat|involved|took part|takes part)"
    rf"[^⟦.]*(?:including|such as|in) {E}"
)


_JOINED = prefilter.compile(
    rf"({LIST}){_ASIDE} (?:have |has |had )?(?:also |since |now )?"
    rf"(?P<verb>joined|signed on to|signed up to|signed up for|agreed to join|declined to join"
    rf"|refused to join|decided not to join) {E}"
)


#: "⟦Roscosmos⟧ had been ⟦ESA⟧'s partner in ⟦ExoMars⟧".
_ONES_PARTNER_IN = prefilter.compile(
    rf"{E}{_ASIDE} (?:is|was|are|were|has been|had been|became) {E}'s "
    rf"(?:\w+ )?partner in {E}"
)
#: "the Artemis programme, …, in which ⟦ESA⟧ is a key partner".
_IN_WHICH_PARTNER = prefilter.compile(
    rf"\bin which {E} (?:is|was|are|were|has been) (?:a |an |one of the )?(?:\w+ )?"
    rf"(?:partner|participant|member)s?\b"
)
#: "carrying astronauts from ⟦India⟧, ⟦Poland⟧ and ⟦Hungary⟧".
_CREW_FROM = prefilter.compile(rf"\b(?:astronauts|crew members|crews?) from ({LIST})")


def _taking_part(s: RuleSentence, a: int) -> URIRef:
    """How actor ``a`` takes part: an organisation is a partner, a nation a participant."""
    return SG.partnerIn if s.cls(a) in ORGS else SG.participatesIn


def participation(s: RuleSentence) -> None:
    """Partners in and participants of stations and programmes, denials included."""
    for m in s.finditer(_ONES_PARTNER_IN):
        a, b, x = int(m[1]), int(m[2]), int(m[3])
        if s.cls(x) in _STATION_LIKE and s.cls(a) in ACTORS and s.cls(b) in ACTORS:
            s.fact(s.iri(a), _taking_part(s, a), s.iri(x), 0.7, "ones-partner-in")
            s.fact(s.iri(a), SG.cooperatesWith, s.iri(b), 0.7, "ones-partner-in")
    for m in s.finditer(_IN_WHICH_PARTNER):
        a = int(m[1])
        whole = subject_before(s, m.start(), _STATION_LIKE)
        if whole is not None and s.cls(a) in ACTORS and s.cls(a) != "Person":
            s.fact(s.iri(a), _taking_part(s, a), s.iri(whole), 0.65, "in-which-partner")
    for m in s.finditer(_CREW_FROM):
        flight = subject_before(s, m.start(), {"Mission", "SpaceStation"})
        if flight is None:
            continue
        for a in s.idx(m[1]):
            if s.cls(a) == "Nation":
                s.fact(s.iri(a), SG.participatesIn, s.iri(flight), 0.65, "crew-from")
    for m in s.finditer(_PARTNER_IN):
        a, x = int(m[1]), int(m[m.lastindex or 0])
        if s.cls(x) not in _STATION_LIKE or s.cls(a) not in ACTORS:
            continue
        denied = bool(m["neg"] or m["neg2"])
        s.fact(s.iri(a), _taking_part(s, a), s.iri(x), 0.8, "partner-in", negated=denied)
    for m in s.finditer(_JOINED):
        x = int(m[m.lastindex or 0])
        if s.cls(x) not in _STATION_LIKE:
            continue
        denied = m["verb"].startswith(("declined", "refused", "decided not"))
        for a in s.idx(m[1]):
            if s.cls(a) in ACTORS and s.cls(a) != "Person":
                s.fact(s.iri(a), _taking_part(s, a), s.iri(x), 0.7, "joined", negated=denied)
    for m in s.finditer(_ASTRONAUT_TO):
        x = int(m[1])
        nation = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) == "Nation"), None)
        if nation is not None and s.cls(x) in _STATION_LIKE:
            s.fact(s.iri(nation), SG.participatesIn, s.iri(x), 0.75, "astronaut-to")
    for m in s.finditer(_TAKES_PART_IN):
        x = int(m[1])
        subject = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS), None)
        if subject is not None and s.cls(x) in ("SpaceStation", "Programme"):
            s.fact(s.iri(subject), SG.participatesIn, s.iri(x), 0.65, "participates-in")


_CONTRIBUTED = prefilter.compile(
    rf"{E} (?:has |have |is |are )?(?:also )?(?:contributed|contributes|contributing|supplied"
    rf"|supplies|supplying|provided|provides|providing|delivered|delivers|will provide"
    rf"|will supply) (?:the |its |an? )?{E}"
)
#: "⟦JAXA⟧ supplies batteries and life-support hardware for ⟦I-Hab⟧".
_SUPPLIES_FOR = prefilter.compile(
    rf"{E} (?:has |have |is |are |will )?(?:also )?(?:contribut|suppl|provid|deliver|build)\w*"
    rf" [^⟦.;]{{3,80}}? (?:for|to) (?:the )?{E}"
)
#: "⟦NASA⟧, …, agreed to become a contributor to ⟦ExoMars⟧".
_CONTRIBUTOR_TO = prefilter.compile(rf"\b(?:a |the )?(?:\w+ )?contributor to {E}")
_CONTRIBUTION_IS = prefilter.compile(
    rf"{E}'s (?:[\w-]+ )*?contributions? (?:is|was|are|were|include[sd]?) {E}"
)
_BUILT = prefilter.compile(
    rf"{E} (?:\w+ly |instead |also |later |then |first )?(?:built|builds|"
    rf"developed|develops|manufactured|will build) {E}"
)
_PARTS = r"(?:rover|lander|orbiter|instrument|payload|spacecraft|launch\w*|module|camera)"
_PROVIDES_PART = prefilter.compile(
    rf"{E} (?:provides|provided|supplies|supplied|contributes|contributed|"
    rf"delivers|will provide|will supply|builds|will build) (?:the |a |an |its )"
    rf"?(?:\w+ )?{_PARTS}\b(?! ⟦)"
)


def contributions(s: RuleSentence) -> None:
    """Actors that contributed hardware to a mission or built it."""
    for m in s.finditer(_CONTRIBUTED):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(x) in CRAFT | {"Instrument"}:
            s.fact(s.iri(a), SG.contributedTo, s.iri(x), 0.8, "contributed")
    for m in s.finditer(_SUPPLIES_FOR):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(a) != "Person" and s.cls(x) in CRAFT | {"Instrument"}:
            s.fact(s.iri(a), SG.contributedTo, s.iri(x), 0.7, "supplies-for")
    for m in s.finditer(_CONTRIBUTOR_TO):
        x = int(m[1])
        party = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS - {"Person"}), None)
        if party is not None and s.cls(x) in CRAFT | {"Instrument"}:
            s.fact(s.iri(party), SG.contributedTo, s.iri(x), 0.7, "contributor-to")
    for m in s.finditer(_CONTRIBUTION_IS):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ACTORS and s.cls(x) in CRAFT | {"Instrument"}:
            s.fact(s.iri(a), SG.contributedTo, s.iri(x), 0.75, "contribution-is")
    for m in s.finditer(_BUILT):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) == "Nation" and s.cls(x) in CRAFT:
            s.fact(s.iri(x), SG.country, s.iri(a), 0.75, "nation-built")
        elif s.cls(a) in ORGS and s.cls(x) in CRAFT:
            s.fact(s.iri(x), SG.builtBy, s.iri(a), 0.75, "org-built")
    for m in s.finditer(_PROVIDES_PART):
        a = int(m[1])
        mission = s.rel.recent_missions.latest()
        if s.cls(a) in ACTORS and mission is not None:
            s.fact(s.iri(a), SG.contributedTo, mission, 0.6, "provides-part")


_SUPPORT_FROM = prefilter.compile(
    rf"\bsupport (?:for|to) {E} (?:came|comes|come) from (?P<rest>[^.;]*)"
)
_SUPPORTS = prefilter.compile(
    rf"{E} (?:supported|supports|tracked|tracks|assisted|assists|helped) {E}"
)


def support(s: RuleSentence) -> None:
    """Organisations, facilities and nations that supported a mission."""
    m = s.search(_SUPPORT_FROM)
    if m:
        mission = s.iri(m[1])
        for i in s.idx(m["rest"]):
            if s.cls(i) in ORGS | {"Facility", "Nation"}:
                s.fact(s.iri(i), SG.supported, mission, 0.75, "support-from")
    for m in s.finditer(_SUPPORTS):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) in ORGS | {"Facility", "Nation"} and s.cls(x) in CRAFT:
            s.fact(s.iri(a), SG.supported, s.iri(x), 0.7, "supports")


_BARRED = prefilter.compile(
    rf"{E} (?:has been|have been|is|was|were|are|had been) (?:barred|banned|"
    rf"prohibited|restricted|forbidden|prevented)"
)
_RESTRICTS = prefilter.compile(rf"{E} (?:bars|bans|prohibits|restricts|forbids|prevents) {E}")


def restrictions(s: RuleSentence) -> None:
    """Laws that bar actors ("⟦law⟧ … ⟦agency⟧ has been barred")."""
    laws = s.of("Law")
    if not laws:
        return
    for m in s.finditer(_BARRED):
        x = int(m[1])
        if s.cls(x) in ACTORS:
            s.fact(s.iri(laws[0]), SG.restricts, s.iri(x), 0.75, "barred")
    for m in s.finditer(_RESTRICTS):
        a, x = int(m[1]), int(m[2])
        if s.cls(a) == "Law" and s.cls(x) in ACTORS:
            s.fact(s.iri(a), SG.restricts, s.iri(x), 0.75, "restricts")


_ACTIVE_SINCE = prefilter.compile(
    r"\b(?:cooperation|involved|active|collaborat\w*) since the (\d{3}0)s\b"
)
_PARTNER_COUNT = prefilter.compile(
    rf"\b(?:collaborated|cooperated|partnered|worked) with (?:(?P<q>{QUAL}) )?"
    rf"(?P<n>\d+) (?:nations|countries)"
)


def history(s: RuleSentence) -> None:
    """A nation's cooperation since a decade, and with how many nations."""
    nation = next((i for i in range(len(s.ms)) if s.cls(i) == "Nation"), None)
    if nation is None:
        return
    m = s.search(_ACTIVE_SINCE)
    if m:
        s.fact(
            s.iri(nation),
            SG.activeSince,
            Literal(m[1], datatype=XSD.gYear),
            0.7,
            "active-since",
            precision=SG.Decade,
        )
    m = s.search(_PARTNER_COUNT)
    if m:
        q = Quantity(m["n"], "C62", "nations", QUALIFIERS.get(m["q"] or "", "Exactly"))
        s.fact(s.iri(nation), SG.partnerCount, q, 0.7, "partner-count")
