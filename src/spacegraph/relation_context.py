"""One sentence as the relation rules see it, and the state they share over a document.

Each sentence becomes a *template*: every resolved mention is replaced by a
placeholder ``⟦i⟧``, quote marks are dropped and articles before names are
removed, so "The ‘Chang’e-5 mission’, conducted by China’s National Space
Administration (CNSA), …" reads ``⟦0⟧, conducted by ⟦1⟧'s ⟦2⟧, …``.
:class:`RuleSentence` holds the template with the mentions and classes
behind its placeholders and records facts; :class:`RuleState` holds what the
rules share over a document: the facts so far (a fact stated twice keeps both
sentences), the entities, and the nations and missions mentioned last, which
"the two countries" and "the mission" refer to.

The rules themselves are in :mod:`spacegraph.rules_craft`,
:mod:`spacegraph.rules_samples` and :mod:`spacegraph.rules_actors`; they use
the class groups and patterns defined here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import URIRef

from . import prefilter
from .extract import Extraction, Fact, Nary, Value
from .gazetteer import Gazetteer
from .iri import entity_iri
from .linker import Entity
from .mention_types import Mention
from .prefilter import Prefiltered
from .text import Sentence
from .vocab import ORG as _ORG_NAMESPACE
from .vocab import SG as _SG_NAMESPACE
from .vocab import Terms

__all__ = [
    "ACTORS",
    "CRAFT",
    "LIST",
    "ORG",
    "ORGS",
    "PLACEHOLDER",
    "PLACES",
    "SG",
    "E",
    "FactCall",
    "Recent",
    "RuleSentence",
    "RuleState",
    "owner_before",
    "pairs",
    "subject_before",
    "template",
]

#: The ontology's terms and the W3C Organization Ontology's, each made once (see Terms): the
#: rules name a few in every fact they state.
SG, ORG = Terms(_SG_NAMESPACE), Terms(_ORG_NAMESPACE)
#: The arguments of one call of :meth:`RuleState.fact`.
FactCall = tuple[URIRef, URIRef, Value, tuple[int, int], float, str, bool, URIRef | None, bool]
#: A placeholder, its index captured.
E = r"⟦(\d+)⟧"
_P = r"⟦\d+⟧"
#: A list of names: "⟦1⟧, ⟦2⟧'s ⟦3⟧ and ⟦4⟧ of ⟦5⟧".
LIST = rf"(?:{_P}(?:'s {_P}| of {_P})?(?:,? and |, |,? as well as |,? or )?)+"
ORGS = {"SpaceAgency", "Organisation", "University", "ResearchInstitute", "Company"}
ACTORS = ORGS | {"Nation", "Region", "Person", "UnnamedInstitutions"}
CRAFT = {"Mission", "Spacecraft", "SpaceStationModule", "SpaceStation", "Programme", "Facility"}
PLACES = {"Place", "Nation", "Region", "CelestialBody"}
_SYMMETRIC = {SG.cooperatesWith, SG.tradesWith, SG.jointMissionWith}

#: A placeholder of the template, its index captured.
PLACEHOLDER = re.compile(E)
_OWNED = re.compile(rf"{E}('s)?")
_OF_BEFORE = re.compile(r"⟦\d+⟧ of $")
_OWNER = re.compile(rf"{E}'s")
_BRACKETED_SAME = prefilter.compile(r"⟦(\d+)⟧ \(⟦(\d+)⟧\)")
_APOSTROPHE = re.compile(r"'(?!s\b)")
_ARTICLE = prefilter.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts own|[Ii]ts|[Tt]heir own|[Tt]heir) (?=⟦)")
_SPACES = re.compile(r" +")


def _clean(segment: str) -> str:
    segment = segment.replace("’", "'").replace("‘", "").replace("“", "").replace("”", "")
    segment = segment.replace('"', "")
    return _APOSTROPHE.sub("", segment) if "'" in segment else segment


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
        parts.append(text[pos - sentence.start : m.start - sentence.start])
        parts.append(f"⟦{i}⟧")
        pos = m.end
    parts.append(text[pos - sentence.start : sentence.end - sentence.start])
    # Cleaning the joined text cleans each piece between placeholders alike: they hold no
    # quote marks, and an apostrophe before one is dropped either way.
    out = _clean("".join(parts))
    if _ARTICLE.possible(out):
        out = _ARTICLE.pattern.sub("", out)
    if "  " in out:
        out = _SPACES.sub(" ", out)
    return out.replace(" ,", ",").replace(" .", ".")


class Recent:
    """Entities of one kind, each once, in the order last mentioned (most recent last)."""

    def __init__(self) -> None:
        self._order: dict[URIRef, None] = {}

    def touch(self, iri: URIRef) -> None:
        """Mark ``iri`` as mentioned now."""
        self._order.pop(iri, None)
        self._order[iri] = None

    def last(self, n: int) -> list[URIRef]:
        """The ``n`` most recent (fewer if fewer were mentioned), oldest first."""
        out: list[URIRef] = []
        for iri in reversed(self._order):
            if len(out) == n:
                break
            out.append(iri)
        return out[::-1]

    def latest(self) -> URIRef | None:
        """The most recent, or None."""
        return next(reversed(self._order), None)


class RuleState:
    """State shared by the rules over one document."""

    def __init__(self, ex: Extraction, gaz: Gazetteer, *, deferred: bool = False) -> None:
        self.ex = ex
        self.gaz = gaz
        self.text = ex.document.text
        self.ents = ex.entities
        self.facts: dict[tuple[URIRef, URIRef, Value, bool], Fact] = {}
        self.pairs: set[frozenset[Value]] = set()
        self.recent_nations = Recent()
        self.recent_missions = Recent()
        self.recent_agencies = Recent()
        # With ``deferred`` (a share of the sentences, read apart, see spacegraph.relations),
        # what the rules find is kept here, the extraction untouched: the facts as calls of
        # fact(), to replay() in order where the facts before them are known; the n-ary
        # relations; the entities the rules imply.
        self.calls: list[FactCall] | None = [] if deferred else None
        self.naries: list[Nary] = [] if deferred else ex.naries
        self.implied: dict[URIRef, Entity] = {} if deferred else ex.entities

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
        unless_paired: bool = False,
    ) -> None:
        """Record a fact (again: one more evidence span, the higher confidence).

        With ``unless_paired``, only if no fact relates ``s`` and ``o`` yet.
        """
        if self.calls is not None:
            self.calls.append((s, p, o, span, conf, rule, negated, precision, unless_paired))
            return
        if s == o or (unless_paired and frozenset((s, o)) in self.pairs):
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

    def replay(self, calls: Iterable[FactCall]) -> None:
        """Record the facts of deferred :meth:`fact` calls, in order."""
        for s, p, o, span, conf, rule, negated, precision, unless_paired in calls:
            self.fact(
                s,
                p,
                o,
                span,
                conf,
                rule,
                negated=negated,
                precision=precision,
                unless_paired=unless_paired,
            )

    def entity(self, cls: str, label: str, conf: float = 0.6) -> URIRef:
        """An entity a rule implies without naming it ("institutions in France")."""
        iri = entity_iri(cls, label)
        if iri not in self.ents and iri not in self.implied:
            self.implied[iri] = Entity(iri, cls, label, confidence=conf)
        return iri


class RuleSentence:
    """One sentence under analysis: its mentions, template and emitters."""

    def __init__(self, rel: RuleState, index: int, sentence: Sentence, mentions: list[Mention]):
        self.rel = rel
        self.index = index
        self.sentence = sentence
        self.ms = [m for m in mentions if m.iri is not None]
        self._classes = [rel.ents[m.iri].cls for m in self.ms if m.iri is not None]
        self.t = template(sentence.text, sentence, self.ms)
        #: Placeholders dropped from the template: "⟦1⟧ (⟦2⟧)" of one entity reads "⟦1⟧".
        self.merged: set[int] = set()
        if _BRACKETED_SAME.possible(self.t):
            self.t = _BRACKETED_SAME.pattern.sub(self._merge, self.t)
        self.span = (sentence.start, sentence.end)

    def _merge(self, m: re.Match[str]) -> str:
        first, second = int(m[1]), int(m[2])
        if self.ms[first].iri != self.ms[second].iri:
            return m[0]
        self.merged.add(second)
        return f"⟦{first}⟧"

    def iri(self, i: int | str) -> URIRef:
        """The entity of placeholder ``i``."""
        iri = self.ms[int(i)].iri
        if iri is None:  # pragma: no cover - only resolved mentions are kept
            raise ValueError("unresolved mention")
        return iri

    def cls(self, i: int | str) -> str:
        """The class of the entity of placeholder ``i``."""
        return self._classes[int(i)]

    def idx(self, text: str) -> list[int]:
        """Placeholder indices in a piece of template, possessors and "X of Y" owners left out."""
        out = []
        for m in _OWNED.finditer(text):
            if m[2]:
                continue
            before = text[: m.start()]
            if _OF_BEFORE.search(before) and self.cls(m[1]) in PLACES:
                continue
            out.append(int(m[1]))
        return out

    def of(self, *classes: str) -> list[int]:
        """The placeholders of the template whose entity has one of these classes."""
        merged = self.merged
        return [i for i, cls in enumerate(self._classes) if cls in classes and i not in merged]

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
        unless_paired: bool = False,
    ) -> None:
        """Record a fact with this sentence as its evidence (see :meth:`RuleState.fact`)."""
        self.rel.fact(
            s,
            p,
            o,
            self.span,
            conf,
            rule,
            negated=negated,
            precision=precision,
            unless_paired=unless_paired,
        )

    def search(self, pattern: Prefiltered) -> re.Match[str] | None:
        """The first match of ``pattern`` in the template (no scan if it cannot match)."""
        return pattern.search(self.t)

    def finditer(self, pattern: Prefiltered) -> Iterable[re.Match[str]]:
        """Every match of ``pattern`` in the template (no scan if it cannot match)."""
        return pattern.finditer(self.t)


def subject_before(s: RuleSentence, pos: int, classes: set[str]) -> int | None:
    """The last placeholder before ``pos`` of one of these classes."""
    found = [int(m[1]) for m in PLACEHOLDER.finditer(s.t, 0, pos) if s.cls(m[1]) in classes]
    return found[-1] if found else None


def owner_before(s: RuleSentence, pos: int) -> int | None:
    """The last possessor ("⟦i⟧'s") before ``pos``."""
    owners = [int(m[1]) for m in _OWNER.finditer(s.t, 0, pos)]
    return owners[-1] if owners else None


def pairs(items: list[int]) -> Iterable[tuple[int, int]]:
    """Every unordered pair of distinct positions, in order."""
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            yield items[a], items[b]
