"""The name patterns' words never give back letters, and they match as if they could.

:data:`spacegraph.mention_lexicon.WORD` is an atomic group and
:data:`~spacegraph.mention_lexicon.PERSON` repeats its letters possessively,
which makes the patterns built of them fail sooner. The matches stay the same
only while every such pattern follows a word with what part of a word could
not meet (a space, a comma, "'s", nothing). Each pattern is checked here
against its twin with plain groups and repeats: on the corpus articles, on a
generated article and on made-up text of the hard cases (initialisms,
apostrophes, hyphens, possessives, digits).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacegraph import mention_detectors, mention_lexicon, mentions
from spacegraph.prefilter import Prefiltered
from spacegraph.synth_text import build_article, corpus_texts

WORD = mention_lexicon.WORD
PLAIN_WORD = "(?:" + WORD.removeprefix("(?>")
PERSON = mention_lexicon.PERSON
PLAIN_PERSON = PERSON.replace("++", "+")


def _plain(source: str) -> str:
    return source.replace(WORD, PLAIN_WORD).replace(PERSON, PLAIN_PERSON)


def _compiled(value: object) -> list[re.Pattern[str]]:
    if isinstance(value, Prefiltered):
        return [value.pattern]
    if isinstance(value, re.Pattern):
        return [value]
    if isinstance(value, list | tuple):
        return [p for item in value for p in _compiled(item)]
    return []


#: Every compiled pattern built of words or names, with its twin of plain groups and repeats.
PAIRS = [
    (p, re.compile(_plain(p.pattern), p.flags))
    for module in (mention_lexicon, mention_detectors, mentions)
    for value in vars(module).values()
    for p in _compiled(value)
    if WORD in p.pattern or PERSON in p.pattern
]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_words_are_atomic_and_used() -> None:
    assert WORD.startswith("(?>") and PLAIN_WORD != WORD and PLAIN_PERSON != PERSON
    names = {p.pattern for p, _ in PAIRS}
    for pattern in (mention_lexicon.NAME_RUN, mention_detectors._CUE):
        assert pattern.pattern in names
    assert all(p.pattern.pattern in names for p in mention_detectors._PERSONS)
    assert len(PAIRS) >= 12


def test_same_matches_on_articles(corpus: Path) -> None:
    texts = corpus_texts(corpus)
    for text in [*texts, build_article(texts, 100_000)]:
        for atomic, plain in PAIRS:
            assert _matches(atomic, text) == _matches(plain, text), plain.pattern


_PIECES = [
    "U.S.",
    "U.S",
    "A.B.C",
    "-led",
    "Chang’e",
    "Chang'e-5",
    "’s",
    "'s",
    "’e",
    "O’Brien",
    "3D",
    "4-5",
    "II",
    "Agency",
    "University",
    "Mars",
    "Long March",
    " ",
    ", ",
    ",",
    ".",
    " of ",
    " the ",
    "the ",
    " mission",
    " rocket",
    " module",
    " missions",
    "module, ",
    ", the ",
    " near ",
    " at ",
    "known as ",
    "said ",
    " said",
    "Institute",
    "Anna Petrov",
    "Jean-Luc van Berg",
    "O’Neil",
    "J.",
    " J. ",
    "Dr. ",
    " former director",
    " told",
    "x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_same_matches_on_made_up_text(text: str) -> None:
    for atomic, plain in PAIRS:
        assert _matches(atomic, text) == _matches(plain, text), (plain.pattern, text)


@pytest.mark.parametrize(
    "text",
    [
        "U.S.-led Artemis mission",
        "Chang’e’s rocket",
        "A.B.C rover",
        "Anna Petrovs, former director of X, said",
        "said Jean-Luc de Berg’s",
    ],
)
def test_examples(text: str) -> None:
    for atomic, plain in PAIRS:
        assert _matches(atomic, text) == _matches(plain, text)
