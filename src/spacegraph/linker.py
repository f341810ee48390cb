"""Entity resolution: which entity each mention names.

A mention resolves, in this order, to

1. the node the graph already has for one of its names (same IRI and label
   as in every other document: "US", "the US" and "United States" are one
   node because the gazetteer and the graph list them as names of one entity);
2. the entity of the same class whose name this document already used or
   defined ("… Administration (CNSA)" makes "CNSA" a name of the agency);
3. a new entity whose IRI derives from its class and label
   (:func:`~spacegraph.iri.entity_iri`), so the same new name meets across
   documents; if the graph has a node with that IRI its label is reused.

Names are compared after :func:`~spacegraph.gazetteer.fold`: quote styles,
possessives, hyphens and spaces ("Chang’e-4", "Chang'e 4") do not matter.
Anaphors ("the mission", "the station", "the country") resolve to the most
recent entity of their kind. Every resolution keeps its surface form and span
(:attr:`Entity.mentions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from .gazetteer import Gazetteer, fold
from .iri import entity_iri
from .mentions import Mention

__all__ = ["Entity", "link"]

#: Which classes an anaphor of a kind may point at.
_ANAPHOR_CLASSES = {
    "Mission": ("Mission",),
    "Spacecraft": ("Mission", "Spacecraft"),  # "the spacecraft", "the probe": either
    "SpaceStation": ("SpaceStation",),
    "Nation": ("Nation",),
    "SpaceAgency": ("SpaceAgency",),
}


@dataclass
class Entity:
    """One entity a document mentions, with every mention that names it."""

    iri: URIRef
    cls: str
    label: str
    aliases: set[str] = field(default_factory=set)
    qid: str | None = None
    iso: str | None = None
    country: str | None = None
    confidence: float = 0.0
    part: bool = False
    mentions: list[Mention] = field(default_factory=list)

    def names(self) -> list[str]:
        """Label and aliases, label first."""
        return [self.label, *sorted(self.aliases - {self.label})]


def _iri_for(m: Mention, gaz: Gazetteer) -> tuple[URIRef, str]:
    """The IRI and canonical label of a (non-anaphoric) mention."""
    entry = m.entry or gaz.lookup(m.label) or gaz.lookup(m.surface)
    if entry is not None and entry.cls == m.cls:
        return entry.iri or entity_iri(entry.cls, entry.label), entry.label
    iri = entity_iri(m.cls, m.label)
    known = gaz.by_iri.get(iri)
    return iri, known.label if known else m.label


def link(sentences: Sequence[Sequence[Mention]], gaz: Gazetteer) -> dict[URIRef, Entity]:
    """Resolve every mention (setting ``mention.iri``) and return the entities.

    Anaphors that find no antecedent are left unresolved (``iri`` None).
    """
    entities: dict[URIRef, Entity] = {}
    by_name: dict[tuple[str, str], URIRef] = {}
    recent: dict[URIRef, None] = {}  # insertion-ordered: most recent last
    for mentions in sentences:
        for m in mentions:
            if m.anaphor:
                wanted = _ANAPHOR_CLASSES.get(m.cls, (m.cls,))
                m.iri = next((i for i in reversed(recent) if entities[i].cls in wanted), None)
                continue
            iri = by_name.get((m.cls, fold(m.label)))
            if iri is None:
                iri, label = _iri_for(m, gaz)
                if iri not in entities:
                    entry = m.entry or gaz.lookup(label)
                    same = entry is not None and entry.cls == m.cls
                    entities[iri] = Entity(
                        iri,
                        m.cls,
                        label,
                        qid=entry.qid if same and entry else None,
                        iso=entry.iso if same and entry else None,
                        country=entry.country if same and entry else None,
                    )
                    ent = entities[iri]
                    ent.qid = ent.qid or gaz.qid(m.cls, [label, *m.aliases])
            ent = entities[iri]
            for name in (m.label, *m.aliases):
                by_name.setdefault((m.cls, fold(name)), iri)
            m.iri = iri
            ent.mentions.append(m)
            ent.part = ent.part or m.part
            ent.confidence = max(ent.confidence, m.confidence)
            surface = m.surface.replace("’", "'").strip()
            suffix = fold(ent.label).endswith(" " + fold(surface))
            for name in ((surface,) if not suffix else ()) + m.aliases:
                if name and fold(name) != fold(ent.label) and name[:1].isupper():
                    ent.aliases.add(name)
            recent.pop(iri, None)
            recent[iri] = None
    return entities
