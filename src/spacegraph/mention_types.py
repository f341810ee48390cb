"""The data the name finder produces and reads: a mention, and the names a document defines.

Kept apart from the finder (:mod:`spacegraph.mentions`) and its detectors
(:mod:`spacegraph.mention_detectors`) because the linker, the relation rules
and the extractor read mentions too, and the detectors read the document's
name table while the finder fills it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import URIRef

from .gazetteer import Entry, fold
from .text import Sentence

__all__ = ["Mention", "ModelHook", "NameTable"]


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


#: Candidate names from a trained model, for one sentence of a text.
ModelHook = Callable[[str, Sentence], Iterator[Mention]]
