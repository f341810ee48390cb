"""Offline extraction: a document's text → entities and claims with evidence.

No model download and no network. The pipeline, one module per step:

1. :func:`spacegraph.text.split_sentences` — sentences with exact offsets;
2. :mod:`spacegraph.mentions` — names of entities, from the gazetteer and from
   patterns;
3. :mod:`spacegraph.linker` — entity resolution;
4. sample collections named by phrases ("lunar samples", "the Chang’e-5
   samples"), here;
5. :mod:`spacegraph.relations` — relation and fact patterns over each
   sentence.

The result, :class:`Extraction`, is plain data: entities with their mentions,
and facts (a subject, an ``sg:`` predicate, an object, the sentence span, a
confidence and the rule that found it). :mod:`spacegraph.ingest` turns it into
a document graph.

A trained spaCy model, if the user has one installed, may add candidate names
(``model="en_core_web_sm"``); nothing depends on one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from . import prefilter
from .errors import SpacegraphError
from .gazetteer import Gazetteer
from .iri import entity_iri
from .linker import Entity, link
from .mentions import Mention, ModelHook, classify_name, find_mentions
from .text import Document, Sentence, split_sentences

__all__ = ["EXTRACTOR_VERSION", "Extraction", "Fact", "Nary", "Quantity", "extract", "spacy_hook"]

#: Version of the extraction rules; written into every extracted graph.
EXTRACTOR_VERSION = "0.1.0"

Span = tuple[int, int]


@dataclass(frozen=True)
class Quantity:
    """A quantity as stated, with its normalised value."""

    value: str
    unit_code: str
    unit_text: str
    qualifier: str = "Exactly"  # an sg: qualifier local name
    normalised: tuple[str, str] | None = None


Value = URIRef | Literal | Quantity


@dataclass
class Fact:
    """One stated (or denied) triple with its evidence span."""

    subject: URIRef
    predicate: URIRef
    obj: Value
    spans: list[Span]
    confidence: float
    rule: str
    negated: bool = False
    precision: URIRef | None = None


@dataclass
class Nary:
    """An n-ary relation node (grant, membership, comparison, figure, quotation)."""

    cls: URIRef
    roles: list[tuple[URIRef, Value]]
    span: Span
    label: str
    confidence: float
    rule: str
    derived: list[tuple[URIRef, URIRef, Value]] = field(default_factory=list)


@dataclass
class Extraction:
    """What the extractor found in one document."""

    document: Document
    sentences: list[Sentence]
    entities: dict[URIRef, Entity]
    facts: list[Fact] = field(default_factory=list)
    naries: list[Nary] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)

    def entity(self, iri: URIRef) -> Entity:
        """The entity with this IRI."""
        return self.entities[iri]


# --------------------------------------------------------------------------- samples
_SAMPLE_NOUN = r"(?:rocks?|soil|samples?|basalts?|regolith|material|specimens?)"
_SAMPLE = prefilter.compile(
    rf"\b(?:(?:the |these |those |their )?(?:(?P<adj>lunar|Moon|returned|Martian|asteroid)"
    rf"(?: rocks? and)? {_SAMPLE_NOUN}(?: and soil(?: samples)?)?)"
    rf"|(?P<det>[Tt]hese|[Tt]he) samples|(?P<bare>samples))\b"
)


#: "samples" right after a mission's name ("the Chang’e-5 samples").
_SAMPLES_AFTER = re.compile(r"\s*['’]?\s*samples\b")


def _mission_before(mentions: list[Mention], pos: int, ents: dict[URIRef, Entity]) -> URIRef | None:
    for m in reversed(mentions):
        if m.end <= pos and m.iri and ents[m.iri].cls == "Mission":
            return m.iri
    return None


def _add_samples(
    text: str, sentences: list[Sentence], found: list[list[Mention]], ents: dict[URIRef, Entity]
) -> None:
    """Mentions of sample collections, each named after the mission that returned it."""
    last_mission: URIRef | None = None
    last_samples: Mention | None = None
    lunar_doc = bool(re.search(r"\b(?:lunar|Moon)\b", text))
    for sentence, mentions in zip(sentences, found, strict=True):
        named = [m for m in mentions if m.iri and ents[m.iri].cls == "Mission"]
        new: list[Mention] = []
        # "the Chang’e-5 samples": a mission mention right before "samples"
        for m in named:
            tail = _SAMPLES_AFTER.match(text, m.end, sentence.end)
            if tail:
                new.append(_sample(m, m.start, tail.end(), text, ents, lunar_doc))
        for match in _SAMPLE.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if any(n.start <= start < n.end for n in new):
                continue
            mission = _mission_before(mentions, start, ents)
            anaphor = next((m.iri for m in mentions if m.anaphor and m.iri), None)
            if match["adj"]:
                owner = mission or anaphor or last_mission
            elif match["det"]:
                owner = None
            else:
                owner = mission or anaphor
            if owner is None and match["det"] and last_samples is not None:
                new.append(_copy(last_samples, start, end, text))
            elif owner is not None:
                base = Mention(start, end, text[start:end], "Mission", "", "sample", 0.7, iri=owner)
                new.append(_sample(base, start, end, text, ents, lunar_doc))
        if new:
            keep = [
                m for m in mentions if not any(n.start < m.end and m.start < n.end for n in new)
            ]
            mentions[:] = sorted(keep + new, key=lambda m: m.start)
            last_samples = new[-1]
        if named:
            last_mission = named[-1].iri


def _sample(
    m: Mention, start: int, end: int, text: str, ents: dict[URIRef, Entity], lunar: bool
) -> Mention:
    mission = ents[m.iri].label if m.iri is not None else m.label
    label = f"{mission} lunar samples" if lunar else f"{mission} samples"
    return Mention(
        start,
        end,
        text[start:end],
        "SampleCollection",
        label,
        "sample",
        0.7,
        iri=entity_iri("SampleCollection", label),
    )


def _copy(m: Mention, start: int, end: int, text: str) -> Mention:
    return Mention(start, end, text[start:end], m.cls, m.label, "sample", m.confidence, iri=m.iri)


def _register_samples(found: list[list[Mention]], ents: dict[URIRef, Entity]) -> None:
    for mentions in found:
        for m in mentions:
            if m.cls == "SampleCollection" and m.iri is not None:
                ent = ents.setdefault(m.iri, Entity(m.iri, m.cls, m.label, confidence=0.7))
                ent.mentions.append(m)


# --------------------------------------------------------------------------- model
def spacy_hook(name: str) -> ModelHook:
    """Candidate names from an installed spaCy model (``--model NAME``).

    Raises
    ------
    SpacegraphError
        If spaCy or the model is not installed; nothing is downloaded.
    """
    try:
        import spacy
    except ImportError:
        raise SpacegraphError(
            f"--model {name}: spaCy is not installed; install it with"
            " pip install 'spacegraph[models]', or leave out --model (the extractor needs none)"
        ) from None
    try:
        nlp = spacy.load(name)
    except OSError:
        raise SpacegraphError(
            f"--model {name}: no spaCy model of that name is installed; install it or leave"
            " out --model (the extractor needs none)"
        ) from None
    kinds = {"PERSON": "Person", "ORG": None, "GPE": "Place", "LOC": "Place", "FAC": "Facility"}

    def hook(text: str, sentence: Sentence) -> Iterator[Mention]:
        for ent in nlp(sentence.text).ents:
            if ent.label_ not in kinds:
                continue
            cls = kinds[ent.label_] or classify_name(ent.text) or "Organisation"
            start = sentence.start + ent.start_char
            yield Mention(
                start, start + len(ent.text), ent.text, cls, ent.text, "model", 0.5, priority=-1
            )

    return hook


# --------------------------------------------------------------------------- entry point
def extract(
    doc: Document, gazetteer: Gazetteer, *, model: str | None = None, parallel: bool | None = None
) -> Extraction:
    """Extract entities and facts from a document.

    ``parallel`` shares the name finder's first pass and the relation rules
    with a forked child (default: for long documents; see
    :mod:`spacegraph.forked`); the extraction is the same either way.

    >>> from pathlib import Path
    >>> from spacegraph.text import Document, sha256_text
    >>> text = "Chang'e-6 was launched on a Long March 5 rocket from Wenchang on May 3, 2024."
    >>> ex = extract(Document(Path("x.txt"), text, sha256_text(text)), Gazetteer.packaged())
    >>> sorted(e.label for e in ex.entities.values())
    ["Chang'e-6", 'Long March 5', 'Wenchang Space Launch Site']
    >>> sorted(str(f.predicate).rsplit("#")[1] for f in ex.facts)
    ['launchDate', 'launchVehicle', 'launchedFrom']
    """
    from .relations import find_relations

    sentences = split_sentences(doc.text)
    hook = spacy_hook(model) if model else None
    found, _ = find_mentions(doc.text, sentences, gazetteer, model=hook, parallel=parallel)
    entities = link(found, gazetteer)
    _add_samples(doc.text, sentences, found, entities)
    _register_samples(found, entities)
    result = Extraction(doc, sentences, entities, mentions=found)
    find_relations(result, gazetteer, parallel=parallel)
    used = {m.iri for ms in found for m in ms if m.iri and not m.anaphor}
    used |= {f.subject for f in result.facts} | {
        f.obj for f in result.facts if isinstance(f.obj, URIRef)
    }
    for n in result.naries:
        used |= {o for _, o in n.roles if isinstance(o, URIRef)}
    result.entities = {k: v for k, v in entities.items() if k in used}
    return result
