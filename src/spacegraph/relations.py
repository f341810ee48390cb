"""Relation and fact patterns over the sentences of one document.

Each sentence becomes a *template* (:mod:`spacegraph.relation_context`):
every resolved mention is replaced by a placeholder ``⟦i⟧``, quote marks are
dropped and articles before names are removed, so "The ‘Chang’e-5 mission’,
conducted by China’s National Space Administration (CNSA), …" reads
``⟦0⟧, conducted by ⟦1⟧'s ⟦2⟧, …``. The rules match templates and check the
classes of the entities they connect; each fact they state carries the
sentence as its evidence, a confidence, and the name of the rule.

The rules are general English constructions of the domain ("conducted
by", "launched … from", "on a … rocket", "built by", "agreement between",
"selected for access to", "former director of", "jointly developing",
"supports", "provides", "has never been a partner in", "passed by",
"barred from", dates next to launch, landing, ascent and return verbs,
masses and ages of samples), not rules for single sentences. They live in
:mod:`spacegraph.rules_craft` (missions and hardware),
:mod:`spacegraph.rules_samples` (sample collections),
:mod:`spacegraph.rules_actors` (persons, cooperation, participation) and
:mod:`spacegraph.rules_economy` (trade and investment); this module runs them
over every sentence in a fixed order, then the rules that read the whole
document.
"""

from __future__ import annotations

from rdflib import URIRef

from . import rules_actors, rules_craft, rules_economy, rules_samples
from .extract import Extraction, Nary
from .forked import Beside
from .gazetteer import Gazetteer
from .linker import Entity
from .mention_types import Mention
from .relation_context import SG, FactCall, RuleSentence, RuleState, template
from .relation_values import parse_dates

__all__ = ["find_relations", "parse_dates", "template"]

#: The sentence rules, in the order they run (a fact found twice keeps the first rule's name).
_RULES = (
    rules_craft.possessives,
    rules_craft.by_phrases,
    rules_craft.launches,
    rules_craft.locations,
    rules_craft.events,
    rules_craft.targets,
    rules_samples.samples,
    rules_samples.grants,
    rules_actors.people,
    rules_actors.cooperation,
    rules_economy.trade,
    rules_economy.investment,
    rules_actors.participation,
    rules_actors.contributions,
    rules_actors.support,
    rules_actors.restrictions,
    rules_craft.rovers,
    rules_craft.masses,
    rules_craft.parts,
    rules_actors.history,
)


def _document_rules(rel: RuleState, first_sentence: dict[URIRef, tuple[int, int]]) -> None:
    """Facts implied by names: an agency named after a nation the document mentions."""
    nations = {e.label: e.iri for e in rel.ents.values() if e.cls == "Nation"}
    stated = {f.subject for f in rel.facts.values() if f.predicate == SG.agencyOf}
    for ent in list(rel.ents.values()):
        if ent.cls != "SpaceAgency" or ent.iri not in first_sentence:
            continue
        nation = ent.country or rel.gaz.nation_in_name(ent.label)
        if nation in nations and ent.iri not in stated:
            rel.fact(
                ent.iri,
                SG.agencyOf,
                nations[nation],
                first_sentence[ent.iri],
                0.6,
                "agency-named-after-nation",
            )
    stations = [e for e in rel.ents.values() if e.cls == "SpaceStation"]
    for ent in list(rel.ents.values()):
        if not (ent.cls == "SpaceStationModule" or ent.part) or ent.iri not in first_sentence:
            continue
        span = first_sentence[ent.iri]
        before = [st for st in stations if st.mentions and st.mentions[0].start <= span[1]]
        if before:
            station = max(
                before, key=lambda st: max(m.start for m in st.mentions if m.start <= span[1])
            )
            rel.fact(ent.iri, SG.partOf, station.iri, span, 0.6, "module-of-station")


def _co_occurrence(s: RuleSentence) -> None:
    """One mission and one agency in a sentence, otherwise unrelated: the agency operates it."""
    missions = {s.iri(i) for i in s.of("Mission")}
    agencies = {s.iri(i) for i in s.of("SpaceAgency")}
    if len(missions) != 1 or len(agencies) != 1 or len({m.iri for m in s.ms}) > 3:
        return
    (m,), (a,) = missions, agencies
    s.fact(m, SG.operatedBy, a, 0.5, "co-occurrence", unless_paired=True)


#: Sentences (about 150 kB of text) from which the second half of a document's sentences is
#: read by a forked child (see spacegraph.mentions.PARALLEL_SENTENCES).
PARALLEL_SENTENCES = 1500


def _touch(rel: RuleState, mentions: list[Mention]) -> None:
    """Note the nations, missions and agencies a sentence mentions (the last is the most recent)."""
    for m in mentions:
        if m.iri is None:
            continue
        cls = rel.ents[m.iri].cls
        if cls == "Nation":
            rel.recent_nations.touch(m.iri)
        elif cls == "Mission":
            rel.recent_missions.touch(m.iri)
        elif cls == "SpaceAgency":
            rel.recent_agencies.touch(m.iri)


def _run(rel: RuleState, ex: Extraction, sentences: range) -> None:
    """Every sentence rule over these sentences, in order."""
    for index in sentences:
        mentions = ex.mentions[index]
        s = RuleSentence(rel, index, ex.sentences[index], mentions)
        for rule in _RULES:
            rule(s)
        _co_occurrence(s)
        _touch(rel, mentions)


_Share = tuple[list[FactCall], list[Nary], list[tuple[URIRef, Entity]]]


def _run_deferred(ex: Extraction, gaz: Gazetteer, sentences: range) -> _Share:
    """A forked child's share: the rules over ``sentences``, their facts deferred.

    The rules read the facts stated before only through the deferred calls
    (a fact stated again, a symmetric one, "unless paired"), which the parent
    replays in order; the nations and missions mentioned before are noted
    here first. Returned: the calls, the n-ary relations and the entities the
    rules implied, each in the order made; the extraction is left as it was
    (where no child can be forked, this runs in the parent, after its share).
    """
    rel = RuleState(ex, gaz, deferred=True)
    for index in range(sentences.start):
        _touch(rel, ex.mentions[index])
    _run(rel, ex, sentences)
    return rel.calls or [], rel.naries, list(rel.implied.items())


def find_relations(ex: Extraction, gaz: Gazetteer, *, parallel: bool | None = None) -> None:
    """Run every rule over every sentence; add the facts to ``ex``.

    ``parallel`` has a forked child read the second half of the sentences
    (default: for documents of :data:`PARALLEL_SENTENCES` sentences or more);
    the facts are the same either way.
    """
    n = len(ex.sentences)
    if parallel is None:
        parallel = n >= PARALLEL_SENTENCES
    half = n // 2 if parallel else n
    rel = RuleState(ex, gaz)
    with Beside(lambda: _run_deferred(ex, gaz, range(half, n)), fork=parallel) as rest:
        _run(rel, ex, range(half))
        if half < n:
            calls, naries, entities = rest.result()
            ex.naries += naries
            for iri, entity in entities:
                rel.ents.setdefault(iri, entity)
            rel.replay(calls)
    first_sentence: dict[URIRef, tuple[int, int]] = {}
    for sentence, mentions in zip(ex.sentences, ex.mentions, strict=True):
        for m in mentions:
            if m.iri is not None and not m.anaphor:
                first_sentence.setdefault(m.iri, (sentence.start, sentence.end))
    _document_rules(rel, first_sentence)
    ex.facts = list(rel.facts.values())
