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

On a long document a forked child (:mod:`spacegraph.forked`) runs the first
pass's detectors over the last sentences (a little over two fifths of them)
while this process reads the others. It is forked once this process has read
the first tenth, and knows the names defined there, but defines none itself.
The same rule then makes its results exact: a detector whose missed names
are still undefined where its sentence stands keeps the child's candidates,
any other runs again. A sentence's choice among its candidates is made again
only where they may have changed: where no detector runs again and (in pass
2) no anaphor is found, the choice made before stands.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import attrgetter
from typing import Any

from . import prefilter
from .forked import Beside
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


#: What each first-pass detector proposed in a sentence, with the names it missed (folded).
Detected = list[tuple[list[Mention], set[str]]]
#: A sentence after pass 1: what each detector proposed, the mentions chosen, every name a
#: detector looked up there in vain (folded), and the anaphors (which pass 2 adds; they
#: depend on the text alone, so they are found while the first pass is shared).
_Read = tuple[Detected, list[Mention], frozenset[str], list[Mention]]
#: The same from a forked child (see :func:`_detect_alone`): mentions as plain tuples, the
#: chosen ones by their place among the proposed ones.
_Sent = tuple[
    list[tuple[list[tuple[Any, ...]], tuple[str, ...]]],
    tuple[int, ...],
    tuple[str, ...],
    list[tuple[Any, ...]],
]

#: Whether a sentence's choice of mentions stands where nothing can change it: pass 2 keeps
#: pass 1's, and pass 1 the forked child's (tests turn it off to check that it changes nothing).
REUSE_FIRST_PASS = True

#: The share of the sentences this process reads in pass 1 when a child reads the rest: over
#: half, since the child starts later (see FORK_AFTER) and its share costs more here (its
#: results come back as tuples, and its detectors run again where a name it missed was
#: defined since).
PARENT_SHARE = 0.58

#: The share of the sentences this process reads in pass 1 before the child is forked: the
#: child then knows the names defined there (an article defines most of its names early),
#: and fewer of its detectors' results are computed again here (on a generated 1 MB
#: article, the child's sentences read again fell from 2,216 of 4,741 to 765 of 4,425,
#: and the time to read the child's share again from 0.17-0.30 s to 0.08-0.12 s).
FORK_AFTER = 0.1

#: Sentences (about 150 kB of text) from which the first pass is shared with a forked child:
#: below, the fork and the copies of the pages the child touches cost about what it saves.
PARALLEL_SENTENCES = 1500


def _detect(finder: Finder, earlier: Detected | None = None) -> Detected:
    """Run the first-pass detectors, or keep what each gave ``earlier``.

    A detector is run again only if a name it missed then is in the document's
    table now: its candidates can only differ through those names.
    """
    names = finder.table.names
    found: Detected = []
    for k, detect in enumerate(FIRST_PASS):
        if earlier is not None:
            detected, missed = earlier[k]
            if not missed or names.keys().isdisjoint(missed):
                finder.out += detected
                found.append((detected, missed))
                continue
        done = len(finder.out)
        finder.missed = set()
        detect(finder)
        found.append((finder.out[done:], finder.missed))
    return found


def _detect_alone(
    gazetteer: Gazetteer, known: NameTable, sentences: Sequence[Sentence]
) -> list[_Sent]:
    """The first-pass detectors over ``sentences``, knowing only the names ``known`` holds.

    Run in a forked child, with the names the parent had defined when it
    forked (or, where it runs inline, those defined before ``sentences``):
    the parent defines a name only once and keeps it, so it knows them too
    wherever these sentences stand. None is defined here. Mentions go back as
    plain tuples (unpickling a mention object costs ten times more) and
    gazetteer entries as their ``id``, which is the same in the child as in
    the parent that forked it.
    """
    out: list[_Sent] = []
    for sentence in sentences:
        finder = Finder(gazetteer, known, sentence)
        found = _detect(finder)
        place = {id(m): i for i, m in enumerate(finder.out)}
        chosen = tuple(place[id(m)] for m in _settle(finder.out))
        missed = tuple(_missed(found))
        proposed = [([_plain(m) for m in detected], tuple(names)) for detected, names in found]
        out.append((proposed, chosen, missed, [_plain(m) for m in _anaphors(finder)]))
    return out


def _plain(m: Mention) -> tuple[Any, ...]:
    """A mention as a plain tuple, its gazetteer entry by ``id`` (see :func:`_received`)."""
    entry = id(m.entry) if m.entry else 0
    return (
        m.start,
        m.end,
        m.surface,
        m.cls,
        m.label,
        m.source,
        m.confidence,
        m.aliases,
        entry,
        m.priority,
        m.part,
    )


def _received(
    sent: list[_Sent], gazetteer: Gazetteer
) -> Iterator[tuple[Detected, tuple[int, ...], frozenset[str], list[Mention]]]:
    """:func:`_detect_alone`'s tuples as mentions again."""
    entries = {id(e): e for e in gazetteer.by_key.values()}

    def mention(f: tuple[Any, ...], anaphor: bool = False) -> Mention:
        entry = entries[f[8]] if f[8] else None
        return Mention(
            f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], entry, f[9], anaphor=anaphor, part=f[10]
        )

    for proposed, chosen, missed, anaphors in sent:
        detected = [([mention(m) for m in ms], set(names)) for ms, names in proposed]
        yield detected, chosen, frozenset(missed), [mention(m, True) for m in anaphors]


def _missed(found: Detected) -> frozenset[str]:
    """Every name the sentence's detectors looked up in vain."""
    return frozenset().union(*(names for _, names in found))


def _anaphors(finder: Finder) -> list[Mention]:
    """The anaphors of the finder's sentence (added to its candidates, and returned)."""
    done = len(finder.out)
    finder.anaphors()
    return finder.out[done:]


def find_mentions(
    text: str,
    sentences: Sequence[Sentence],
    gazetteer: Gazetteer,
    *,
    model: ModelHook | None = None,
    parallel: bool | None = None,
) -> tuple[list[list[Mention]], NameTable]:
    """The mentions of each sentence, and the names the document defines.

    ``parallel`` shares the first pass with a forked child (default: for
    documents of :data:`PARALLEL_SENTENCES` sentences or more, without a
    model); the result is the same either way.

    >>> from spacegraph.text import split_sentences
    >>> text = "The Japan Aerospace Exploration Agency (JAXA) built Kibo. JAXA’s H3 rocket flew."
    >>> found, _ = find_mentions(text, split_sentences(text), Gazetteer.packaged())
    >>> [(m.surface, m.cls) for m in found[1]]
    [('JAXA', 'SpaceAgency'), ('H3 rocket', 'LaunchVehicle')]
    """
    table = NameTable()
    if parallel is None:
        parallel = model is None and len(sentences) >= PARALLEL_SENTENCES
    # Pass 1: names the document defines (acronyms, aliases, new entities), in order: a
    # sentence's candidates depend on the names defined before it. A forked child runs the
    # detectors over the last sentences with no document names known; here, each of its
    # detectors' results is kept unless a name that detector missed has been defined since.
    own = int(len(sentences) * PARENT_SHARE) if parallel else len(sentences)

    def read(sentence: Sentence, earlier: Detected | None) -> _Read:
        finder = Finder(gazetteer, table, sentence)
        found = _detect(finder, earlier)
        if model is not None:
            finder.out.extend(model(text, sentence))
        chosen = _settle(finder.out)
        _define(table, chosen, sentence, gazetteer)
        return found, chosen, _missed(found), _anaphors(finder)

    names = table.names.keys()

    def reread(
        sentence: Sentence,
        earlier: Detected,
        chosen: tuple[int, ...],
        missed: frozenset[str],
        anaphors: list[Mention],
    ) -> _Read:
        # The child's choice stands unless a name one of its detectors missed is defined now.
        if not REUSE_FIRST_PASS or model is not None or not names.isdisjoint(missed):
            return read(sentence, earlier)
        proposed = [m for detected, _ in earlier for m in detected]
        mentions = [proposed[i] for i in chosen]
        _define(table, mentions, sentence, gazetteer)
        return earlier, mentions, missed, anaphors

    ahead_from = int(len(sentences) * FORK_AFTER) if parallel else 0
    first = [read(sentence, None) for sentence in sentences[:ahead_from]]
    with Beside(lambda: _detect_alone(gazetteer, table, sentences[own:]), fork=parallel) as ahead:
        first += [read(sentence, None) for sentence in sentences[ahead_from:own]]
        if own < len(sentences):
            received = _received(ahead.result(), gazetteer)
            first += [reread(s, *sent) for s, sent in zip(sentences[own:], received, strict=True)]
    # Pass 2: every mention, with the document's own names known. A detector gives what
    # it gave in pass 1 (the same objects: the table's defining mentions among them are
    # read for their names and class, which nothing changes) unless a name it did not
    # find has been defined since. Where no detector runs again and the sentence holds no
    # anaphor (most sentences), pass 1's choice stands as it is.
    out: list[list[Mention]] = []
    for sentence, (found, chosen, missed, anaphors) in zip(sentences, first, strict=True):
        if not REUSE_FIRST_PASS or model is not None or anaphors or not names.isdisjoint(missed):
            finder = Finder(gazetteer, table, sentence)
            _detect(finder, found)
            finder.out += anaphors
            if model is not None:
                finder.out.extend(model(text, sentence))
            chosen = _settle(finder.out)
        _possessives(text, chosen, 0)
        out.append(chosen)
    return out, table


def _define(table: NameTable, chosen: list[Mention], sentence: Sentence, gaz: Gazetteer) -> None:
    """Add the names a sentence defines to the document's table."""
    for m in chosen:
        if m.source not in ("gazetteer", "document", "place"):
            extra = [m.label.split()[-1]] if _defines_head_alias(m) else []
            table.define(m, *extra)
    for k in _KNOWN_AS.finditer(sentence.text):
        before = [c for c in chosen if c.end <= sentence.start + k.start()]
        if before and not gaz.lookup(k[1]):
            table.define(before[-1], k[1])


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
