"""Pass 2 keeps pass 1's choice of mentions only where nothing could change it.

Where no detector of a sentence missed a name the document defines later, and
the sentence holds no anaphor, the name finder's second pass takes the
mentions its first pass chose (:data:`spacegraph.mentions.REUSE_FIRST_PASS`).
It must give exactly what choosing again gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spacegraph import mentions
from spacegraph.gazetteer import Gazetteer
from spacegraph.synth_text import build_article, corpus_texts
from spacegraph.text import split_sentences


def _mentions(text: str, parallel: bool) -> list[list[tuple[Any, ...]]]:
    found, _ = mentions.find_mentions(
        text, split_sentences(text), Gazetteer.packaged(), parallel=parallel
    )
    return [
        [(m.start, m.end, m.surface, m.cls, m.label, m.source, m.possessive, m.anaphor) for m in ms]
        for ms in found
    ]


# The second text defines names after it first used them (an acronym, an invented company),
# so pass 2 must choose again in the sentences before; the first has anaphors.
_TEXTS = [
    "NASA flew the rover. The rover landed. The agency said the mission went well.",
    "KW built the lander. Kestrel Works (KW) was founded in 2019. KW's lander flew.",
]


@pytest.mark.parametrize("parallel", [False, True])
def test_the_same_mentions_with_and_without_reuse(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    texts = corpus_texts(corpus)
    articles = [*_TEXTS, *texts, build_article(texts, 80_000)]
    reused = [_mentions(text, parallel) for text in articles]
    monkeypatch.setattr(mentions, "REUSE_FIRST_PASS", False)
    assert [_mentions(text, parallel) for text in articles] == reused
    assert any(m[7] for ms in reused[0] for m in ms)  # an anaphor was found


def test_reuse_saves_choosing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most sentences of a long article are settled once."""
    settled = 0
    settle = mentions._settle

    def counted(candidates: list[Any]) -> list[Any]:
        nonlocal settled
        settled += 1
        return settle(candidates)

    monkeypatch.setattr(mentions, "_settle", counted)
    text = build_article([], 40_000)
    count = len(split_sentences(text))
    _mentions(text, parallel=False)
    assert settled < 1.5 * count  # pass 1 settles each sentence; pass 2 few of them
