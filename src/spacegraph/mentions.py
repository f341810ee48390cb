"""Find the names of entities in a document, each with its exact span and a class.

Detectors, each a small pattern family over one sentence:

- **gazetteer**: runs of capitalised words looked up, longest first, in the
  :class:`~spacegraph.gazetteer.Gazetteer` and in the names this document has
  already introduced;
- **acronym definitions**: "Japan Aerospace Exploration Agency (JAXA)", the
  long form found by matching the acronym's letters in order;
- **head nouns**: "… University", "University of …", "… Institute",
  "… Agency", "… Council", "… Industries", "… Cosmodrome", "… Network",
  "… Amendment", "Mons …", "… Banner";
- **cue nouns**: "… mission", "… missions" (a programme), "… rocket",
  "… module", "… space station", "… rover";
- **appositives**: "its first module, Zarya,", "Canadarm2, the robotic arm";
- **numbered names**: "Chang’e-5", "Chandrayaan-3", "Artemis II";
- **persons** with a role: "John Logsdon, former director of …";
- **places** after "near"/"in"/"at".

Overlapping candidates are settled longest first, then by detector priority.
A document is read twice: the first pass collects the names it defines
(acronyms, "known as", new entities), the second finds every mention of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from .gazetteer import Entry, Gazetteer, fold
from .text import Sentence

__all__ = ["Mention", "NameTable", "classify_name", "find_mentions"]

_W = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w]*(?:['’][a-rt-z]\w*)*(?:-\w+)*|\d\w*(?:-\w+)*)"
_CONNECT = r"(?:of|for|and|the|de|on|upon|d['’])"
_RUN = re.compile(rf"{_W}(?:(?: | {_CONNECT} ){_W})*")
_WORD = re.compile(_W)
_NAMES = rf"{_W}(?: {_W}){{0,3}}"
MONTHS = {
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
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
_STOP = MONTHS | {
    "The",
    "A",
    "An",
    "This",
    "These",
    "Those",
    "That",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "In",
    "On",
    "At",
    "Since",
    "While",
    "Under",
    "According",
    "After",
    "Before",
    "During",
    "Despite",
    "Notably",
    "Building",
    "Tracking",
    "For",
    "From",
    "With",
    "By",
    "As",
    "If",
    "When",
    "Although",
    "However",
    "Meanwhile",
    "Instead",
    "Both",
    "Each",
    "Every",
    "Some",
    "Many",
    "Most",
    "Other",
    "Another",
    "Such",
    "Several",
    "How",
    "Why",
    "What",
    "Who",
    "Where",
    "It",
    "They",
    "We",
    "He",
    "She",
    "Laboratory",
    "Five",
    "Two",
    "Three",
    "Four",
    "One",
    "First",
    "Last",
    "New",
    "Recent",
    "Historic",
    "Growing",
    "Break",
    "Significance",
    "Team",
    "Up",
    "Record",
    "Today",
    "Yesterday",
    "Also",
    "Only",
    "But",
    "And",
    "Or",
    "Yet",
}
_NOT_PLACES = {"Space", "Earth", "Orbit", "Politics", "Science", "History", "Congress"}
_SPACEY = re.compile(
    r"\b(?:Space|Aerospace|Aeronautics|Astronautics|Rocket|Satellite|Spaceflight|Cosmos|"
    r"Upper Atmosphere|Exploration)\b"
)
_HEAD_FINAL: dict[str, str] = {
    **dict.fromkeys(["University", "College"], "University"),
    **dict.fromkeys(
        ["Institute", "Laboratory", "Laboratories", "Observatory"], "ResearchInstitute"
    ),
    **dict.fromkeys(
        ["Agency", "Administration", "Organisation", "Organization", "Commission", "Office"],
        "Agency?",
    ),
    **dict.fromkeys(
        [
            "Council",
            "Congress",
            "Committee",
            "Parliament",
            "Senate",
            "Association",
            "Society",
            "Foundation",
            "Federation",
            "Ministry",
            "Department",
            "Forum",
            "Consortium",
            "Union",
            "Academy",
            "Bureau",
        ],
        "Organisation",
    ),
    **dict.fromkeys(
        [
            "Industries",
            "Corporation",
            "Corp",
            "Inc",
            "Ltd",
            "Company",
            "Technologies",
            "Systems",
            "Dynamics",
            "Group",
            "Holdings",
        ],
        "Company",
    ),
    **dict.fromkeys(
        [
            "Cosmodrome",
            "Spaceport",
            "Launch Site",
            "Launch Center",
            "Launch Centre",
            "Space Centre",
            "Space Center",
            "Launch Complex",
        ],
        "LaunchSite",
    ),
    **dict.fromkeys(["Network", "Facility", "Array", "Tracking Station"], "Facility"),
    **dict.fromkeys(["Amendment", "Act", "Law"], "Law"),
    **dict.fromkeys(["Treaty", "Accords", "Agreement", "Memorandum"], "Agreement"),
    **dict.fromkeys(
        [
            "Banner",
            "Province",
            "Prefecture",
            "County",
            "Crater",
            "Basin",
            "Planitia",
            "Desert",
            "Island",
            "Peninsula",
        ],
        "Place",
    ),
}
_HEAD_FIRST = {
    "University": "University",
    "Institute": "ResearchInstitute",
    "Academy": "Organisation",
    "Mons": "Place",
    "Mare": "Place",
    "Oceanus": "Place",
    "Lacus": "Sinus",
    "Sinus": "Place",
    "Vallis": "Place",
    "Mount": "Place",
    "Montes": "Place",
}
_HEAD_FIRST["Lacus"] = "Place"
_CUES: dict[str, str] = {
    "mission": "Mission",
    "missions": "Programme",
    "programme": "Programme",
    "program": "Programme",
    "rocket": "LaunchVehicle",
    "launcher": "LaunchVehicle",
    "launch vehicle": "LaunchVehicle",
    "module": "SpaceStationModule",
    "laboratory": "SpaceStationModule",
    "space station": "SpaceStation",
    "station": "SpaceStation",
    "spacecraft": "Spacecraft",
    "probe": "Spacecraft",
    "orbiter": "Spacecraft",
    "lander": "Spacecraft",
    "rover": "Spacecraft",
    "satellite": "Spacecraft",
    "telescope": "Spacecraft",
    "capsule": "Spacecraft",
    "robotic arm": "Spacecraft",
    "arm": "Spacecraft",
    "instrument": "Instrument",
    "camera": "Instrument",
    "spectrometer": "Instrument",
}
_HEADS_LONGEST_FIRST = sorted(_HEAD_FINAL.items(), key=lambda kv: -len(kv[0]))
_FINALS = "|".join(sorted(map(re.escape, _HEAD_FINAL), key=len, reverse=True))
_HEAD_FINAL_RE = re.compile(
    rf"(?:{_W} )+(?:{_FINALS})\b(?: (?:of|for) (?:the )?{_W}(?: {_W}){{0,2}})?"
)
_CUE_RE = "|".join(sorted((re.escape(c) for c in _CUES), key=len, reverse=True))
_ROLE = (
    r"(?:former |then-|deputy |chief |lead |senior |current |ex-|founding |principal )*"
    r"(?:director|head|chief|administrator|president|professor|scientist|researcher|engineer|"
    r"astronaut|lead|founder|chairman|chair|spokesperson|spokesman|spokeswoman|minister|"
    r"secretary|manager|official|expert|analyst|historian|commander|investigator)"
)
_PERSON = r"[A-Z][a-z]+(?: [A-Z]\.)?(?: (?:van |de |von )?[A-Z][a-z’'\-]+){1,2}"


@dataclass
class Mention:
    """One name (or anaphor) in a sentence, with its proposed entity."""

    start: int
    end: int
    surface: str
    cls: str
    label: str
    source: str
    confidence: float
    aliases: tuple[str, ...] = ()
    entry: Entry | None = None
    priority: int = 0
    possessive: bool = False
    anaphor: bool = False
    iri: URIRef | None = None
    part: bool = False  # hardware that is part of a station ("the robotic arm")

    @property
    def length(self) -> int:
        """Length of the span in code points."""
        return self.end - self.start


@dataclass
class NameTable:
    """Names a document introduces: folded name → a mention that defines it."""

    names: dict[str, Mention] = field(default_factory=dict)

    def define(self, m: Mention, *extra: str) -> None:
        """Register a defining mention under its label, surface and aliases."""
        for name in (m.label, m.surface, *m.aliases, *extra):
            key = fold(name)
            if key and key not in self.names:
                self.names[key] = m

    def get(self, name: str) -> Mention | None:
        """The defining mention of a name, or None."""
        return self.names.get(fold(name))


def classify_name(name: str) -> str | None:
    """The class a name's head noun implies, or None.

    >>> classify_name("Space Policy Institute"), classify_name("University of Tokyo")
    ('ResearchInstitute', 'University')
    >>> classify_name("Canadian Space Agency"), classify_name("US Trade Agency")
    ('SpaceAgency', 'Organisation')
    """
    words = name.split()
    if len(words) >= 2 and words[0] in _HEAD_FIRST:
        return _HEAD_FIRST[words[0]]
    for head, cls in _HEADS_LONGEST_FIRST:
        if name.endswith(" " + head) or (name.endswith(head) and "-" in name):
            if cls == "Agency?":
                return "SpaceAgency" if _SPACEY.search(name) else "Organisation"
            return cls
    return None


def _strip_stop(text: str, start: int) -> tuple[str, int]:
    """Drop leading capitalised function words ("The", "In", months) from a name."""
    words = text.split(" ")
    while words and words[0] in _STOP:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


def _label(surface: str) -> str:
    """A label from a surface form: straight apostrophes, no possessive, one space."""
    text = surface.replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(text.strip(" '\"“”").split())


class _Finder:
    """Candidate mentions of one sentence."""

    def __init__(self, gaz: Gazetteer, table: NameTable, sentence: Sentence) -> None:
        self.gaz = gaz
        self.table = table
        self.s = sentence
        self.out: list[Mention] = []

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

    def known(self, name: str) -> tuple[str, Entry | None, Mention | None] | None:
        entry = self.gaz.lookup(name)
        if entry:
            return entry.cls, entry, None
        m = self.table.get(name)
        if m:
            return m.cls, m.entry, m
        return None

    # -- detectors -------------------------------------------------------------------
    def gazetteer(self) -> None:
        text = self.s.text
        for run in _RUN.finditer(text):
            words = list(_WORD.finditer(text, run.start(), run.end()))
            i = 0
            while i < len(words):
                hit = None
                for j in range(min(len(words), i + self.gaz.max_words + 2), i, -1):
                    a, b = words[i].start(), words[j - 1].end()
                    found = self.known(text[a:b])
                    if found:
                        hit = (a, b, found, j)
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
                    and prev[0] not in _STOP
                    and not self.known(prev[0])
                ):
                    self.add(
                        prev.start(), b, "Place", _label(text[prev.start() : b]), "head", 0.6, 2
                    )
                i = k
                if entry is not None:
                    self.add(a, b, cls, entry.label, "gazetteer", 0.95, 3, entry=entry)
                elif defining is not None:
                    self.add(
                        a,
                        b,
                        cls,
                        defining.label,
                        "document",
                        defining.confidence,
                        3,
                        aliases=defining.aliases,
                    )
                    self.out[-1].part = defining.part

    def acronyms(self) -> None:
        text = self.s.text
        for m in re.finditer(r"\(([A-Z][A-Za-z0-9&\-]{1,9})\)", text):
            acr = m[1]
            if sum(c.isupper() for c in acr) < 2:
                continue
            before = text[: m.start()].rstrip()
            seg_start = max(before.rfind(c) for c in ",;:(") + 1
            words = list(re.finditer(r"[\w’'\-.&]+", before[seg_start:]))
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
            owner = re.match(r"(.+?)['’]s ", long)
            joined = long
            if owner and (e := self.gaz.lookup(owner[1])) and e.cls == "Nation":
                start += owner.end()
                joined = owner[1] + " " + long[owner.end() :]
            found = self.known(acr) or self.known(joined) or self.known(long)
            entry = found[1] if found else None
            cls = found[0] if found else (classify_name(joined) or "Organisation")
            label = entry.label if entry else _label(joined)
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

    def heads(self) -> None:
        text = self.s.text
        for m in _HEAD_FINAL_RE.finditer(text):
            name, start = _strip_stop(m[0], m.start())
            if " " not in name and "-" not in name:
                continue
            cls = classify_name(re.sub(r" (?:of|for) .*$", "", name)) or classify_name(name)
            if cls and not self.known(name):
                self.add(start, start + len(name), cls, _label(name), "head", 0.8, 2)
        firsts = "|".join(_HEAD_FIRST)
        for m in re.finditer(
            rf"\b(?:{firsts})(?: (?:of|for) (?:the )?| ){_W}(?: {_W}){{0,2}}", text
        ):
            cls = classify_name(m[0])
            if cls and not self.known(m[0]):
                self.add(m.start(), m.end(), cls, _label(m[0]), "head", 0.8, 2)

    def cues(self) -> None:
        text = self.s.text
        for m in re.finditer(rf"({_NAMES})(?:['’]s)?\s+(?i:({_CUE_RE}))\b", text):
            name, start = _strip_stop(m[1], m.start(1))
            cue = m[2].lower()
            if not name or name in _STOP or name.isdigit():
                continue
            cls = _CUES[cue]
            known = self.known(name)
            if known and known[0] != cls:
                continue
            numbered = bool(re.search(r"[- ](\d+[A-Z]?|[IVX]+)$", name)) or " " not in name
            label = known[1].label if known and known[1] else _label(name)
            if cls == "Mission" and not numbered:
                label = _label(f"{name} {m[2]}")
            if cls == "Programme":
                label = _label(f"{name} {m[2]}")
            aliases = (_label(name), _label(f"{name} {m[2]}"))
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
        text = self.s.text
        nouns = r"(?:module|laboratory|rover|lander|orbiter|spacecraft|satellite|rocket|probe)"
        for m in re.finditer(rf"\b({nouns}), ({_W}(?: {_W})?),", text):
            self._apposition(m.start(2), m[2], _CUES[m[1]], m[1])
        tail = r"(?:[a-z\-]+ ){0,3}(" + _CUE_RE + r")\b"
        for m in re.finditer(rf"({_W}(?: {_W})?), (?:the|a|an|its) {tail}", text):
            self._apposition(m.start(1), m[1], _CUES[m[2]], m[2])

    def _apposition(self, start: int, name: str, cls: str, cue: str = "") -> None:
        name, start = _strip_stop(name, start)
        if name and not self.known(name) and name not in _STOP:
            self.add(start, start + len(name), cls, _label(name), "appositive", 0.75, 2)
            self.out[-1].part = cue in ("arm", "robotic arm", "module", "laboratory")

    def numbered(self) -> None:
        text = self.s.text
        pattern = r"\b([A-Z][\w]*(?:['’][a-rt-z]\w*)?)[-‐– ](\d{1,3}[A-Z]?|[IVX]{1,4})\b"
        for m in re.finditer(pattern, text):
            if m[1] in _STOP or m[1].isupper():
                continue
            known = self.known(m[1])
            if known and known[0] not in ("Mission", "Programme"):
                continue
            self.add(m.start(), m.end(), "Mission", _label(m[0]), "numbered", 0.75, 1)

    def persons(self) -> None:
        text = self.s.text
        patterns = [
            rf"({_PERSON}), (?:the |a |an )?{_ROLE}\b",
            rf"\b(?:Dr\.?|Prof\.?|Professor|Administrator|Director|astronaut|Astronaut|"
            rf"Commander|scientist) ({_PERSON})",
            rf"\b(?:said|says|told|according to|notes|noted|argues|argued|explained) ({_PERSON})",
            rf"({_PERSON}) (?:said|says|notes|noted|argues|argued|told|explained|added)\b",
        ]
        for pattern in patterns:
            for m in re.finditer(pattern, text):
                name, start = _strip_stop(m[1], m.start(1))
                words = name.split()
                if len(words) < 2 or any(w in _STOP for w in words) or self.known(name):
                    continue
                if any(self.gaz.lookup(w) for w in words) or classify_name(name):
                    continue
                self.add(
                    start,
                    start + len(name),
                    "Person",
                    _label(name),
                    "person",
                    0.8,
                    2,
                    aliases=(words[-1],),
                )

    def places(self) -> None:
        text = self.s.text
        if not re.search(r"[.!?'\"’”)]$", text):
            return  # a heading: capitalised words there are not places
        for m in re.finditer(rf"\b(?:near|in|at) (?:the )?({_NAMES})", text):
            name, start = _strip_stop(m[1], m.start(1))
            if not name or name in _STOP | _NOT_PLACES or name[0].isdigit() or self.known(name):
                continue
            if any(w in MONTHS for w in name.split()):
                continue
            self.add(start, start + len(name), "Place", _label(name), "place", 0.55, 0)

    def anaphors(self) -> None:
        text = self.s.text
        kinds = {
            "mission": "Mission",
            "spacecraft": "Mission",
            "probe": "Mission",
            "lander": "Mission",
            "ascender": "Mission",
            "return capsule": "Mission",
            "returner": "Mission",
            "landing": "Mission",
            "station": "SpaceStation",
            "country": "Nation",
            "agency": "SpaceAgency",
        }
        words = "|".join(sorted(kinds, key=len, reverse=True))
        for m in re.finditer(rf"\b(?:[Tt]he|[Tt]his) ({words})\b(?!['’]s)", text):
            self.add(m.start(), m.end(), kinds[m[1]], "", "anaphor", 0.6, 1)
            self.out[-1].anaphor = True


def _subsequence(letters: Sequence[str], text: str) -> bool:
    i = 0
    for ch in text:
        if i < len(letters) and ch == letters[i]:
            i += 1
    return i == len(letters)


def _settle(candidates: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then highest priority."""
    chosen: list[Mention] = []
    for m in sorted(candidates, key=lambda m: (-m.length, -m.priority, m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _possessives(text: str, mentions: list[Mention], offset: int) -> None:
    for m in mentions:
        after = text[m.end - offset : m.end - offset + 2]
        m.possessive = after in ("'s", "’s")


ModelHook = Callable[[str, Sentence], Iterator[Mention]]


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
    detectors = ("acronyms", "heads", "cues", "appositives", "numbered", "persons", "places")
    # Pass 1: names the document defines (acronyms, aliases, new entities).
    for sentence in sentences:
        finder = _Finder(gazetteer, table, sentence)
        finder.gazetteer()
        for name in detectors:
            getattr(finder, name)()
        if model is not None:
            finder.out.extend(model(text, sentence))
        for m in _settle(finder.out):
            if m.source not in ("gazetteer", "document", "place"):
                extra = [m.label.split()[-1]] if _defines_head_alias(m) else []
                table.define(m, *extra)
        for k in re.finditer(
            rf"(?:known as|called|dubbed|named) (?:the )?({_W}(?: {_W}){{0,3}})", sentence.text
        ):
            before = [c for c in _settle(finder.out) if c.end <= sentence.start + k.start()]
            if before and not gazetteer.lookup(k[1]):
                table.define(before[-1], k[1])
    # Pass 2: every mention, with the document's own names known.
    out: list[list[Mention]] = []
    for sentence in sentences:
        finder = _Finder(gazetteer, table, sentence)
        finder.gazetteer()
        for name in (*detectors, "anaphors"):
            getattr(finder, name)()
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
