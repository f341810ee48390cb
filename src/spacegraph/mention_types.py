"""The data the name finder produces and reads: a mention, and the names a document defines.

Kept apart from the finder (:mod:`spacegraph.mentions`) and its detectors
(:mod:`spacegraph.mention_detectors`) because the linker, the relation rules
and the extractor read mentions too, and the detectors read the document's
name table while the finder fills it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .gazetteer import Entry, fold
from .text import Sentence

__all__ = ["Mention", "ModelHook", "NameTable", "RunNames"]


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


#: What the gazetteer detector found in one run of capitalised words: each candidate as
#: :meth:`~spacegraph.mention_detectors.Finder.add`'s arguments (offsets from the run's
#: start, ``part`` last), and the names it looked up and did not find (folded).
RunNames = tuple[list[tuple[Any, ...]], frozenset[str]]


@dataclass
class NameTable:
    """Names a document introduces: folded name → a mention that defines it.

    It also keeps what the gazetteer detector found in each run of
    capitalised words (:attr:`runs`, by the run's text): a long article names
    the same few entities again and again, and a run's candidates stay the
    same until one of the names looked up there and not found is defined
    (names are only ever added, and the gazetteer does not change while a
    document is read).
    """

    names: dict[str, Mention] = field(default_factory=dict)
    runs: dict[str, RunNames] = field(default_factory=dict)

    def define(self, m: Mention, *extra: str) -> None:
        """Register a defining mention under its label, surface and aliases."""
        for name in (m.label, m.surface, *m.aliases, *extra):
            key = fold(name)
            if key and key not in self.names:
                self.names[key] = m

    def get(self, name: str) -> Mention | None:
        """The defining mention of a name, or None."""
        return self.names.get(fold(name))


#: Candidate names from a trained model, for one sentence of a text.
ModelHook = Callable[[str, Sentence], Iterator[Mention]]
