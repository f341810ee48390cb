"""Find the names of entities in a document, each with its exact span and a class.

The detectors (:mod:`spacegraph.mention_detectors`) propose candidates in
each sentence: names from the gazetteer and from the names the document
defines, acronym definitions, names with a head noun ("… University") or a
cue noun ("… mission"), appositives, numbered names ("Chang’e-5"), persons
with a role, places, anaphors ("the mission"). Overlapping candidates are
settled here, longest first, then by detector priority.

A document is read twice: the first pass collects the names it defines
(acronyms, "known as", new entities) into a :class:`NameTable`, the second
finds every mention of them. A detector whose first-pass candidates in a
sentence cannot change (no name it looked up there was defined later) keeps
them, so the second pass only runs a detector again where the table has news
for it (in practice the gazetteer detector, in the sentences that introduce
a name).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from . import prefilter
from .gazetteer import Gazetteer
from .mention_detectors import FIRST_PASS, Finder
from .mention_lexicon import WORD, classify_name
from .mention_types import Mention, ModelHook, NameTable
from .text import Sentence

__all__ = ["Mention", "ModelHook", "NameTable", "classify_name", "find_mentions"]

_KNOWN_AS = prefilter.compile(
    rf"(?:known as|called|dubbed|named) (?:the )?({WORD}(?: {WORD}){{0,3}})"
)


def _rank(m: Mention) -> tuple[int, int, int]:
    return m.start - m.end, -m.priority, m.start  # longest, then highest priority, first


_START = attrgetter("start")


def _settle(candidates: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then highest priority."""
    chosen: list[Mention] = []
    for m in sorted(candidates, key=_rank):
        start, end = m.start, m.end
        for c in chosen:
            if start < c.end and c.start < end:
                break
        else:
            chosen.append(m)
    chosen.sort(key=_START)
    return chosen


def _possessives(text: str, mentions: list[Mention], offset: int) -> None:
    for m in mentions:
        after = text[m.end - offset : m.end - offset + 2]
        m.possessive = after in ("'s", "’s")


def find_mentions(
    text: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    *,
    model: ModelHook | None = None,
) -> tuple[list[list[Mention]], NameTable]:
    """The mentions of each sentence, and the names the document defines.

    >>> from spacegraph.text import split_sentences
    >>> text = "The Japan Aerospace Exploration Agency (JAXA) built Kibo. JAXA’s H3 rocket flew."
    >>> found, _ = find_mentions(text, split_sentences(text), Gazetteer.packaged())
    >>> [(m.surface, m.cls) for m in found[1]]
    [('JAXA', 'SpaceAgency'), ('H3 rocket', 'LaunchVehicle')]
    """
    table = NameTable()
    # Pass 1: names the document defines (acronyms, aliases, new entities). Each
    # detector's candidates are kept with the names it looked up in vain.
    first: list[list[tuple[list[Mention], set[str]]]] = []
    for sentence in sentences:
        finder = Finder(gazetteer, table, sentence)
        found: list[tuple[list[Mention], set[str]]] = []
        for detect in FIRST_PASS:
            done = len(finder.out)
            finder.missed = set()
            detect(finder)
            found.append((finder.out[done:], finder.missed))
        first.append(found)
        if model is not None:
            finder.out.extend(model(text, sentence))
        chosen = _settle(finder.out)
        for m in chosen:
            if m.source not in ("gazetteer", "document", "place"):
                extra = [m.label.split()[-1]] if _defines_head_alias(m) else []
                table.define(m, *extra)
        for k in _KNOWN_AS.finditer(sentence.text):
            before = [c for c in chosen if c.end <= sentence.start + k.start()]
            if before and not gazetteer.lookup(k[1]):
                table.define(before[-1], k[1])
    # Pass 2: every mention, with the document's own names known. A detector gives what
    # it gave in pass 1 (the same objects: the table's defining mentions among them are
    # read for their names and class, which nothing changes) unless a name it did not
    # find has been defined since.
    out: list[list[Mention]] = []
    for sentence, found in zip(sentences, first, strict=True):
        finder = Finder(gazetteer, table, sentence)
        for detect, (detected, missed) in zip(FIRST_PASS, found, strict=True):
            if missed and any(table.get(name) is not None for name in missed):
                detect(finder)
            else:
                finder.out += detected
        finder.anaphors()
        if model is not None:
            finder.out.extend(model(text, sentence))
        chosen = _settle(finder.out)
        _possessives(text, chosen, 0)
        out.append(chosen)
    return out, table


def _defines_head_alias(m: Mention) -> bool:
    """ "US Congress" may later be called "Congress"; a person by the family name."""
    words = m.label.split()
    if m.cls == "Person":
        return True
    return (
        m.cls == "Organisation"
        and len(words) >= 2
        and words[-1]
        in (
            "Congress",
            "Parliament",
            "Senate",
            "Council",
            "Committee",
            "Commission",
        )
    )
