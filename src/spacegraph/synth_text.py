"""Large synthetic articles, built at run time, for ingest benchmarks and scale tests.

:func:`build_article` interleaves the text of real articles (read from a corpus
folder when it is called; none is stored here) with generated sentences that
name entities from the packaged :class:`~spacegraph.gazetteer.Gazetteer`
(agencies, nations, launch sites and vehicles) and numbered missions and
persons it makes up, in the constructions the extractor reads: missions
conducted by agencies and launched on rockets from sites on dates, agreements
between agencies, nations taking part in stations, samples of a stated mass,
persons with a role. So a large article has many distinct entities and facts,
not one article repeated, and the same arguments always give the same text.

>>> text = build_article([], 2_000)
>>> len(text.encode("utf-8")) <= 2_000 and text.endswith("\\n")
True
>>> build_article([], 2_000) == text
True
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from .gazetteer import Gazetteer
from .mention_lexicon import MONTH_NAMES

__all__ = ["build_article", "corpus_texts"]

_MONTHS = list(MONTH_NAMES)
_FIRST = [
    "Anna",
    "Boris",
    "Chen",
    "Divya",
    "Emil",
    "Farah",
    "Goro",
    "Hana",
    "Ivan",
    "Julia",
    "Kenji",
    "Lena",
    "Marco",
    "Nadia",
]
_FAMILY = [
    "Okafor",
    "Petrov",
    "Tanaka",
    "Moreau",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Lindqvist",
    "Novak",
]
_MISSION = [
    "Aurora",
    "Borealis",
    "Cygnus",
    "Draco",
    "Helios",
    "Icarus",
    "Lyra",
    "Orion",
    "Perseus",
    "Vega",
    "Zephyr",
]


def corpus_texts(folder: Path) -> list[str]:
    """The text of every ``*.txt`` article in ``folder``, in name order."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


class _Names:
    """Names to mix into sentences: the gazetteer's and made-up ones."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        by_class: dict[str, list[str]] = {}
        for entry in Gazetteer.packaged().entries():
            by_class.setdefault(entry.cls, []).append(entry.label)
        self.agencies = sorted(by_class.get("SpaceAgency", []))
        self.nations = sorted(by_class.get("Nation", []))
        self.sites = sorted(by_class.get("LaunchSite", []))
        self.vehicles = sorted(by_class.get("LaunchVehicle", []))
        self.stations = sorted(by_class.get("SpaceStation", [])) or ["International Space Station"]

    def pick(self, names: Sequence[str]) -> str:
        return self.rng.choice(names)

    def mission(self) -> str:
        return f"{self.pick(_MISSION)}-{self.rng.randint(1, 400)}"

    def person(self) -> str:
        return f"{self.pick(_FIRST)} {self.pick(_FAMILY)}"

    def date(self) -> str:
        return f"{self.pick(_MONTHS)} {self.rng.randint(1, 28)}, {self.rng.randint(1990, 2030)}"


def _paragraph(n: _Names) -> str:
    mission, agency, other = n.mission(), n.pick(n.agencies), n.pick(n.agencies)
    nation, partner = n.pick(n.nations), n.pick(n.nations)
    sentences = [
        f"The {mission} mission, conducted by {agency}, was launched on a"
        f" {n.pick(n.vehicles)} rocket from {n.pick(n.sites)} on {n.date()}.",
        f"The mission landed near Mons {n.pick(_MISSION)} on {n.date()}.",
        f"{mission} returned to Earth with about {n.rng.randint(1, 9)}.{n.rng.randint(0, 9)}"
        f" kilograms of lunar samples.",
        f"In {n.rng.randint(1995, 2030)}, {agency} and {other} signed an agreement on"
        f" lunar exploration.",
        f"{n.person()}, former director of {agency}, said the results were remarkable.",
        f"{nation} has been a partner in the {n.pick(n.stations)} since"
        f" {n.rng.randint(1998, 2025)}.",
        f"The cooperation between {nation} and {partner} continues.",
        f"{nation}'s {n.mission()} spacecraft was built by {agency}.",
    ]
    return " ".join(sentences)


def build_article(corpus: Sequence[str], size: int, *, seed: int = 0) -> str:
    """An article of at most ``size`` UTF-8 bytes (and close to it), one paragraph a line.

    Each of the ``corpus`` texts is followed by a few generated paragraphs,
    round and round, until the next paragraph would pass ``size``.
    """
    rng = random.Random(seed)
    names = _Names(rng)
    lines: list[str] = []
    used = 0
    index = 0
    while True:
        block: list[str] = []
        if corpus:
            block += corpus[index % len(corpus)].strip().split("\n")
        block += [_paragraph(names) for _ in range(4)]
        index += 1
        for line in block:
            cost = len(line.encode("utf-8")) + 1
            if used + cost > size:
                return "\n".join(lines) + "\n" if lines else ""
            lines.append(line)
            used += cost
