"""The detectors: candidate names in one sentence, each a small pattern family.

- **gazetteer**: runs of capitalised words looked up, longest first, in the
  :class:`~spacegraph.gazetteer.Gazetteer` and in the names this document has
  already introduced;
- **acronyms**: "Japan Aerospace Exploration Agency (JAXA)", the long form
  found by matching the acronym's letters in order;
- **heads**: "… University", "University of …", "… Institute", "… Agency",
  "… Council", "… Industries", "… Cosmodrome", "… Network", "… Amendment",
  "Mons …", "… Banner";
- **cues**: "… mission", "… missions" (a programme), "… rocket", "… module",
  "… space station", "… rover";
- **appositives**: "its first module, Zarya,", "Canadarm2, the robotic arm";
- **numbered** names: "Chang’e-5", "Chandrayaan-3", "Artemis II";
- **persons** with a role: "John Logsdon, former director of …";
- **places** after "near"/"in"/"at";
- **anaphors**: "the mission", "this station", "the country".

A :class:`Finder` collects every candidate, overlapping ones included;
:func:`spacegraph.mentions.find_mentions` settles them. Every pattern is
compiled once, here: a document of ten thousand sentences runs each of them
twice per sentence. The words they are built of are in
:mod:`spacegraph.mention_lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import prefilter
from .gazetteer import Entry, Gazetteer, fold
from .mention_lexicon import (
    ADJECTIVES,
    CUE_WORDS,
    CUES,
    HEAD_FINAL_RE,
    HEAD_FINAL_WORD,
    HEAD_FIRST_RE,
    LOWER,
    MONTHS,
    NAME_RUN,
    NAMES,
    NOT_PLACES,
    PERSON,
    ROLE,
    ROLE_NOUN,
    STOP,
    UPPER,
    WORD,
    WORD_RE,
    classify_name,
    name_label,
    strip_stop,
)
from .mention_types import Mention, NameTable, RunNames
from .text import Sentence

__all__ = ["FIRST_PASS", "SECOND_PASS", "Finder"]

_ACRONYM = prefilter.compile(r"\(([A-Z][A-Za-z0-9&\-]{1,9})\)")
_ACRONYM_WORD = re.compile(r"[\w’'\-.&]+")
_OWNER = re.compile(r"(.+?)['’]s ")
_OF_TAIL = re.compile(r" (?:of|for) .*$")
#: Up to two plain modifiers between a name and its cue noun ("Nusantara Satu communications
#: satellite"), not a verb or a little word ("Laboratory designed the rover").
_MODIFIER = (
    r"(?!(?:the|a|an|its|their|his|her|this|that|of|and|or|to|in|on|at|by|for|with|from"
    r"|is|was|are|were|has|had|have|will|can|would)\b)[a-z][a-z\-]+(?<!ed) "
)
_CUE = re.compile(rf"({NAMES})(?:['’]s)?\s+(?:{_MODIFIER}){{0,2}}?(?i:({CUE_WORDS}))\b")
_CUE_WORD = re.compile(rf"\s(?i:{CUE_WORDS})\b")  # in every match of _CUE
_NUMBERED_NAME = re.compile(r"[- ](\d+[A-Z]?|[IVX]+)$")
_APPOSITION_NOUNS = r"(?:module|laboratory|rover|lander|orbiter|spacecraft|satellite|rocket|probe)"
_NOUN_NAME = prefilter.compile(rf"\b({_APPOSITION_NOUNS}), ({WORD}(?: {WORD})?),")
_NAME_NOUN = prefilter.compile(
    rf"({WORD}(?: {WORD})?), (?:the|a|an|its|[A-Z]\w*['’]s) "
    rf"(?:[a-z\-]+ |[A-Z]\w*-[a-z]+ |[A-Z]\w*['’]s ){{0,3}}"
    rf"({CUE_WORDS})\b"
)
#: What every match of _NAME_NOUN holds, found fast (a literal first): most sentences have none.
_NAME_NOUN_HINT = re.compile(rf", (?:the|a|an|its|[A-Z]\w*['’]s) [^,;]*?\b(?:{CUE_WORDS})\b")
_NUMBERED = re.compile(
    r"\b([A-Z][\w]*(?:['’][a-rt-z]\w*)?)[-‐– ](\d{1,3}[A-Z]?|[IVX]{1,4}|[A-Z]\d{1,2})\b(?![.,]\d)"
)  # ("Aditya-L1" too; not a figure: "Weighing 2.1 tonnes")
_PERSONS = [
    prefilter.compile(rf"({PERSON}), (?:the |a |an )?(?:[A-Za-z][\w.&]*['’]s )?{ROLE}\b"),
    prefilter.compile(
        rf"\b(?:Dr\.?|Prof\.?|Professor|Administrator|Director|astronaut|Astronaut|"
        rf"Commander|scientist|Prime Minister|President|Minister|Ambassador|Senator) ({PERSON})"
    ),
    prefilter.compile(
        rf"\b(?:said|says|told|according to|notes|noted|argues|argued|explained) ({PERSON})"
    ),
    prefilter.compile(
        rf"({PERSON}) (?:said|says|notes|noted|argues|argued|told|explained|added)\b"
    ),
    prefilter.compile(rf"({PERSON}), who\b"),
    prefilter.compile(rf"\b(?:{ROLE_NOUN} (?:is|was)|headed by|chaired by) ({PERSON})"),
]
#: "its director-general, Philip Diamond,": a name between commas, after a role noun.
_BETWEEN_COMMAS = prefilter.compile(rf", ({PERSON}),")
_ROLE_BEFORE = re.compile(rf"\b{ROLE_NOUN}s?$")
_NEXT_NAME = re.compile(rf"(?:,| and|, and) ({PERSON})\b")
_SENTENCE_END = re.compile(r"[.!?'\"’”)]$")
#: Verbs whose "by" names who made a thing.
_MAKING = {"built", "manufactured", "made", "assembled", "designed", "developed", "constructed"}
_BY_NAME = prefilter.compile(
    rf"\b({'|'.join(sorted(_MAKING))}|operated|run|funded|financed) by (?:the )?({NAMES})"
)
#: Words before "Station" that make it a station on the ground.
_GROUND = {"Earth", "Ground", "Tracking", "Force", "Research", "Relay", "Power", "Weather", "Polar"}
#: Organisations in apposition: "SpaceIL, a non-profit organisation founded in 2011".
_ORG_NOUNS = {
    "company": "Company",
    "firm": "Company",
    "start-up": "Company",
    "startup": "Company",
    "manufacturer": "Company",
    "contractor": "Company",
    "organisation": "Organisation",
    "organization": "Organisation",
    "non-profit": "Organisation",
    "nonprofit": "Organisation",
    "foundation": "Organisation",
    "consortium": "Organisation",
}
_NAME_ORG = prefilter.compile(
    rf"({WORD}(?: {WORD})?), (?:the|a|an|its|[A-Z]\w*['’]s) (?:[\w\-]+ ){{0,3}}?"
    rf"({'|'.join(_ORG_NOUNS)})\b"
)
#: A figure made an adjective before a name: "64-dish ", "2,392-kilogram ".
_FIGURE_WORD = re.compile(r"\d[\d,.]*-[a-z]+ ")
#: A compound adjective ending a name before a cue noun: "NASA-funded", "Russian-built".
_ADJECTIVE_END = re.compile(r"-[a-z]+$")
_PLACE = prefilter.compile(rf"\b(?:near|in|at) (?:the )?({NAMES})")
_BASED = prefilter.compile(rf"\b([{UPPER}][{LOWER}]+(?: [{UPPER}][{LOWER}]+)?)-based\b")
_ANAPHOR_KINDS = {
    "mission": "Mission",
    "spacecraft": "Spacecraft",
    "satellite": "Spacecraft",
    "probe": "Spacecraft",
    "lander": "Mission",
    "ascender": "Mission",
    "return capsule": "Mission",
    "returner": "Mission",
    "landing": "Mission",
    "station": "SpaceStation",
    "orbiter": "Spacecraft",
    "rover": "Spacecraft",
    "telescope": "Spacecraft",
    "observatory": "Spacecraft",
    "institute": "ResearchInstitute",
    "university": "University",
    "project": "Programme",
    "programme": "Programme",
    "country": "Nation",
    "agency": "SpaceAgency",
}
_ANAPHOR = prefilter.compile(
    rf"\b(?:[Tt]he|[Tt]his) (?:[\d,.]+-[a-z]+ )?"  # (or "the 2,392-kilogram spacecraft")
    rf"({'|'.join(sorted(_ANAPHOR_KINDS, key=len, reverse=True))})\b(?!['’]s)"
)
#: A cue noun in apposition right after a name: ", the first Earth-observation satellite".
_APPOSED_CUE = re.compile(
    rf", (?:the|a|an|its|one of (?:the|its|\w+['’]s)(?: \w+)?) (?:[\w’'\-]+ ){{0,4}}?"
    rf"({CUE_WORDS})s?\b(?!['’])",
    re.I,
)

_NOT_PLACE_NAMES = STOP | NOT_PLACES


class Finder:
    """Candidate mentions of one sentence (``out``), with the names known so far."""

    def __init__(self, gaz: Gazetteer, table: NameTable, sentence: Sentence) -> None:
        self.gaz = gaz
        self.table = table
        self.s = sentence
        self.out: list[Mention] = []
        #: Names (folded) looked up in the document's table and not found there.
        self.missed: set[str] = set()
        self._known = gaz.by_key
        self._defined = table.names
        #: A heading (no sentence-final mark): its every word is capitalised, so capitals
        #: name nothing new there ("Danuri Orbiter Gives NASA Camera a View").
        self.heading = not _SENTENCE_END.search(sentence.text)

    def add(
        self,
        start: int,
        end: int,
        cls: str,
        label: str,
        source: str,
        conf: float,
        priority: int,
        aliases: Sequence[str] = (),
        entry: Entry | None = None,
    ) -> None:
        """A candidate at ``[start, end)`` of the sentence's text."""
        off = self.s.start
        surface = self.s.text[start:end]
        self.out.append(
            Mention(
                off + start,
                off + end,
                surface,
                cls,
                label,
                source,
                conf,
                tuple(aliases),
                entry,
                priority,
            )
        )

    def known(
        self, name: str, missed: set[str] | None = None
    ) -> tuple[str, Entry | None, Mention | None] | None:
        """The class, gazetteer entry and defining mention of a known name, or None.

        A name not found is added to ``missed`` (default: :attr:`missed`).
        """
        key = fold(name)  # (the gazetteer's and the table's lookup, folding once)
        entry = self._known.get(key)
        if entry:
            return entry.cls, entry, None
        m = self._defined.get(key)
        if m:
            return m.cls, m.entry, m
        (self.missed if missed is None else missed).add(key)
        return None

    # -- detectors -------------------------------------------------------------------
    def gazetteer(self) -> None:
        """Known names, longest first; a word before a nation is a place ("Inner Mongolia").

        Each run of capitalised words is read once per document while what it
        found can stand (see :class:`~spacegraph.mention_types.NameTable`).
        """
        text = self.s.text
        heading = self.heading
        runs, defined = self.table.runs, self._defined
        out, off = self.out, self.s.start
        for run in NAME_RUN.finditer(text):
            start, end = run.span()
            # A name's leading "The " is read on past a run that ends with the word "The".
            key = text[start : end + 1] if text.endswith("The", start, end) else text[start:end]
            found = runs.get(key)
            if found is None or (found[1] and not defined.keys().isdisjoint(found[1])):
                found = runs[key] = self._run_names(key, end - start)
            candidates, missed = found
            if missed:
                self.missed |= missed
            at = off + start
            for a, b, cls, label, source, conf, priority, aliases, entry, part in candidates:
                if heading and source == "head":
                    continue  # a capitalised word before a nation in a heading: "Steer India"
                m = Mention(at + a, at + b, key[a:b], cls, label, source, conf, aliases, entry)
                m.priority, m.part = priority, part
                out.append(m)

    def _run_names(self, text: str, length: int) -> RunNames:
        """The known names in the run ``text[:length]`` (``text`` may hold one more character)."""
        longest = self.gaz.max_words + 2
        missed: set[str] = set()
        found: list[tuple[Any, ...]] = []

        def known(name: str) -> tuple[str, Entry | None, Mention | None] | None:
            return self.known(name, missed)

        words = list(WORD_RE.finditer(text, 0, length))
        ends = [w.end() for w in words]
        i = 0
        while i < len(words):
            hit = None
            a = words[i].start()
            for j in range(min(len(words), i + longest), i, -1):
                b = ends[j - 1]
                named = known(text[a:b])
                if named:
                    hit = (a, b, named, j)
                    break
            if hit is None:
                i += 1
                continue
            a, b, (cls, entry, defining), k = hit
            if text[a : a + 4] in ("The ", "the "):
                a += 4
            prev = words[i - 1] if i else None
            if (
                cls in ("Nation", "Region")
                and prev is not None
                and prev.end() + 1 == a
                and prev[0] not in STOP
                and not known(prev[0])
            ):
                label = name_label(text[prev.start() : b])
                found.append((prev.start(), b, "Place", label, "head", 0.6, 2, (), None, False))
            i = k
            if entry is not None:
                found.append((a, b, cls, entry.label, "gazetteer", 0.95, 3, (), entry, False))
            elif defining is not None:
                found.append(
                    (
                        a,
                        b,
                        cls,
                        defining.label,
                        "document",
                        defining.confidence,
                        3,
                        tuple(defining.aliases),
                        None,
                        defining.part,
                    )
                )
        return found, frozenset(missed)

    def acronyms(self) -> None:
        """An acronym in brackets and the long form before it."""
        text = self.s.text
        for m in _ACRONYM.finditer(text):
            acr = m[1]
            if sum(c.isupper() for c in acr) < 2:
                continue
            before = text[: m.start()].rstrip()
            seg_start = max(before.rfind(c) for c in ",;:(") + 1
            words = list(_ACRONYM_WORD.finditer(before[seg_start:]))
            letters = [c for c in acr.lower() if c.isalnum()]
            best = None
            for k in range(len(words) - 1, max(-1, len(words) - len(acr) - 6), -1):
                w = words[k]
                if not w[0][0].isupper() or w[0][0].lower() != letters[0]:
                    continue
                long = before[seg_start + w.start() :]
                if _subsequence(letters, long.lower()):
                    best = (seg_start + w.start(), long)
                    break
            if best is None:
                continue
            start, long = best
            owner = _OWNER.match(long)
            joined = long
            if owner and (e := self.gaz.lookup(owner[1])) and e.cls == "Nation":
                start += owner.end()
                joined = owner[1] + " " + long[owner.end() :]
            found = self.known(acr) or self.known(joined) or self.known(long)
            entry = found[1] if found else None
            cls = found[0] if found else (classify_name(joined) or self._apposed(m.end()))
            label = entry.label if entry else name_label(joined)
            self.add(
                start,
                len(before),
                cls,
                label,
                "acronym",
                0.9,
                4,
                aliases=(acr, long.replace("’", "'")),
                entry=entry,
            )
            self.add(
                m.start(1), m.end(1), cls, label, "acronym", 0.9, 4, aliases=(acr,), entry=entry
            )

    def _apposed(self, end: int) -> str:
        """The class a cue noun in apposition gives a name ending at ``end``, or "Organisation".

        "The NASA-ISRO Synthetic Aperture Radar (NISAR), the first … satellite built …"
        """
        m = _APPOSED_CUE.match(self.s.text, end)
        return CUES[m[1].lower()] if m else "Organisation"  # (one of … "instruments" too)

    def heads(self) -> None:
        """Names with a head noun: "… Agency", "University of …".

        Not "… Agency" in a heading, where every word is capitalised ("Help
        Steer India's Aditya-L1 Solar Observatory Into Orbit").
        """
        text = self.s.text
        # The patterns are costly on long sentences; a cheap search first rules most of them out.
        finals = HEAD_FINAL_RE.finditer(text) if HEAD_FINAL_WORD.search(text) else ()
        for m in () if self.heading else finals:
            name, start = strip_stop(m[0], m.start())
            if " " not in name and "-" not in name:
                continue
            cls = classify_name(_OF_TAIL.sub("", name)) or classify_name(name)
            if cls and not self.known(name):
                self.add(start, start + len(name), cls, name_label(name), "head", 0.8, 2)
        for m in HEAD_FIRST_RE.finditer(text):
            cls = classify_name(m[0])
            if cls and not self.known(m[0]):
                self.add(m.start(), m.end(), cls, name_label(m[0]), "head", 0.8, 2)

    def cues(self) -> None:
        """Names before a cue noun: "Artemis II mission", "H3 rocket".

        Not in a heading, whose every word is capitalised ("Danuri Orbiter
        Gives NASA Camera a View"); not a demonym ("the Korean mission") or a
        compound adjective ("a NASA-funded camera"); and a known name of the
        cue's class that ends the words is the name ("SpaceX Falcon 9 rocket").
        """
        text = self.s.text
        if self.heading:
            return
        for m in _CUE.finditer(text) if _CUE_WORD.search(text) else ():
            name, start = strip_stop(m[1], m.start(1))
            figure = _FIGURE_WORD.match(name)  # "the 64-dish MeerKAT telescope"
            if figure and " " in name:
                name, start = name[figure.end() :], start + figure.end()
            cue = m[2].lower()
            if not name or name in STOP or name.isdigit() or _ADJECTIVE_END.search(name):
                continue
            if self._adjective(name):
                continue
            cls = CUES[cue]
            if cls == "SpaceStation" and name.rsplit(" ", 1)[-1] in _GROUND:
                cls = "Facility"  # "Goonhilly Earth Station", "… Air Force Station"
            if cue == "missions" and _NUMBERED_NAME.search(name):
                cls = "Mission"  # "the Chang'e-7 and Chang'e-8 missions": one mission each
            known = self.known(name)
            if not known and " " in name:
                words = name.split(" ")
                for k in range(1, len(words)):
                    tail = " ".join(words[k:])
                    found = self.known(tail)
                    if found and found[0] == cls:
                        name, start, known = tail, start + len(name) - len(tail), found
                        break
            if known and known[0] != cls:
                continue
            numbered = bool(_NUMBERED_NAME.search(name)) or " " not in name
            label = known[1].label if known and known[1] else name_label(name)
            if (cls == "Mission" and not numbered) or (m[2][0].isupper() and " " in name):
                label = name_label(f"{name} {m[2]}")  # (a capitalised cue is the name's)
            if cls == "Programme":
                label = name_label(f"{name} {m[2]}")
            aliases = (name_label(name), name_label(f"{name} {m[2]}"))
            end = m.end() if "’s" not in m[0] and "'s" not in m[0] else start + len(name)
            self.add(
                start,
                end,
                cls,
                label,
                "cue",
                0.8,
                2,
                aliases=aliases,
                entry=known[1] if known else None,
            )

    def appositives(self) -> None:
        """Appositions: "its first module, Zarya,", "Canadarm2, the robotic arm"."""
        text = self.s.text
        for m in _NOUN_NAME.finditer(text):
            self._apposition(m.start(2), m[2], CUES[m[1]], m[1])
        for m in _NAME_NOUN.finditer(text) if _NAME_NOUN_HINT.search(text) else ():
            self._apposition(m.start(1), m[1], CUES[m[2]], m[2])
        for m in _NAME_ORG.finditer(text):
            self._apposition(m.start(1), m[1], _ORG_NOUNS[m[2]])

    def makers(self) -> None:
        """Unknown names after "built by", "operated by": makers are companies, the rest
        organisations ("manufactured by Terran Orbital"); a person's name is left to the
        person detector, whose candidates rank higher."""
        text = self.s.text
        for m in _BY_NAME.finditer(text):
            name, start = strip_stop(m[2], m.start(2))
            if not name or name in STOP or self.known(name) or self.gaz.is_adjective(name):
                continue
            cls = "Company" if m[1] in _MAKING else "Organisation"
            self.add(start, start + len(name), cls, name_label(name), "maker", 0.5, 0)

    def _apposition(self, start: int, name: str, cls: str, cue: str = "") -> None:
        name, start = strip_stop(name, start)
        if name and not self.known(name) and name not in STOP:
            self.add(start, start + len(name), cls, name_label(name), "appositive", 0.75, 2)
            self.out[-1].part = cue in ("arm", "robotic arm", "module", "laboratory")

    def numbered(self) -> None:
        """Numbered mission names: "Chang’e-5", "Artemis II"."""
        text = self.s.text
        for m in _NUMBERED.finditer(text):
            if m[1] in STOP or m[1].isupper():
                continue
            known = self.known(m[1])
            if known and known[0] not in ("Mission", "Programme"):
                continue
            self.add(m.start(), m.end(), "Mission", name_label(m[0]), "numbered", 0.75, 1)

    def persons(self) -> None:
        """Persons with a role or a verb of speech."""
        text = self.s.text
        after_role = [
            m
            for m in _BETWEEN_COMMAS.finditer(text)
            if _ROLE_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
        ]
        for m in list(after_role):  # "the astronauts, A B, C D and E F"
            while nxt := _NEXT_NAME.match(text, m.end(1)):
                after_role.append(m := nxt)
        for found in (*(p.finditer(text) for p in _PERSONS), after_role):
            for m in found:
                name, start = strip_stop(m[1], m.start(1))
                words = name.split()
                if len(words) < 2 or any(w in STOP for w in words) or self.known(name):
                    continue
                if any(self.gaz.lookup(w) for w in words) or classify_name(name):
                    continue
                self.add(
                    start,
                    start + len(name),
                    "Person",
                    name_label(name),
                    "person",
                    0.8,
                    2,
                    aliases=(words[-1],),
                )

    def places(self) -> None:
        """Unknown capitalised names after "near", "in" or "at"."""
        text = self.s.text
        if self.heading:
            return
        for m in _PLACE.finditer(text):
            name, start = strip_stop(m[1], m.start(1))
            if m[1].startswith("New ") and " " in m[1]:
                name, start = m[1], m.start(1)  # "New Delhi", "New Norcia": "New" is the name's
            if self._new_place(name):
                self.add(start, start + len(name), "Place", name_label(name), "place", 0.55, 0)

    def based(self) -> None:
        """Places named as an adjective: "Houston-based Axiom Space"."""
        for m in _BASED.finditer(self.s.text):
            if self._new_place(m[1]):
                self.add(m.start(1), m.end(1), "Place", name_label(m[1]), "place", 0.55, 0)

    def _new_place(self, name: str) -> bool:
        """True if ``name`` may be a place not named before: not a known name, a month, a
        figure or a nation's adjective ("in Canadian waters")."""
        if not name or name in _NOT_PLACE_NAMES or name[0].isdigit() or self.known(name):
            return False
        if self._adjective(name):
            return False
        return not any(w in MONTHS for w in name.split())

    def _adjective(self, name: str) -> bool:
        """A capitalised adjective, not a name: "Korean", "Kenyan", "Lunar"."""
        return name in ADJECTIVES or self.gaz.is_adjective(name)

    def anaphors(self) -> None:
        """Anaphors ("the mission", "this station"), resolved later to an entity of their kind."""
        text = self.s.text
        for m in _ANAPHOR.finditer(text):
            # "the 2,392-kilogram spacecraft": the noun alone, its figure left to the rules
            start = m.start() if m.start(1) - m.start() <= len("this ") else m.start(1)
            self.add(start, m.end(), _ANAPHOR_KINDS[m[1]], "", "anaphor", 0.6, 1)
            self.out[-1].anaphor = True


#: The detectors of the first pass, which collects the names a document defines, in order.
FIRST_PASS = (
    Finder.gazetteer,
    Finder.acronyms,
    Finder.heads,
    Finder.cues,
    Finder.appositives,
    Finder.numbered,
    Finder.persons,
    Finder.places,
    Finder.makers,
    Finder.based,
)
#: The detectors of the second pass, which finds every mention.
SECOND_PASS = (*FIRST_PASS, Finder.anaphors)


def _subsequence(letters: Sequence[str], text: str) -> bool:
    i = 0
    for ch in text:
        if i < len(letters) and ch == letters[i]:
            i += 1
    return i == len(letters)
