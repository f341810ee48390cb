"""The gazetteer detector reads each run of capitalised words once while its result stands.

The memo (:attr:`spacegraph.mention_types.NameTable.runs`) must give exactly
what reading the run again gives: the same mentions on whole articles, and a
fresh reading once a name the run missed has been defined.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spacegraph import mentions
from spacegraph.gazetteer import Gazetteer
from spacegraph.mention_types import NameTable
from spacegraph.synth_text import build_article, corpus_texts
from spacegraph.text import split_sentences


class _Forgetful(dict[str, Any]):
    """A memo that keeps nothing: every run is read again."""

    def __setitem__(self, key: str, value: Any) -> None:
        pass


def _without_memo() -> NameTable:
    table = NameTable()
    table.runs = _Forgetful()
    return table


def _mentions(text: str, gazetteer: Gazetteer) -> list[list[tuple[Any, ...]]]:
    found, _ = mentions.find_mentions(text, split_sentences(text), gazetteer, parallel=False)
    return [
        [(m.start, m.end, m.surface, m.cls, m.label, m.source, m.aliases, m.part) for m in ms]
        for ms in found
    ]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.packaged()


def test_same_mentions_with_and_without_memo(
    corpus: Path, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = corpus_texts(corpus)
    articles = [*texts, build_article(texts, 60_000)]
    remembered = [_mentions(text, gazetteer) for text in articles]
    monkeypatch.setattr(mentions, "NameTable", _without_memo)
    assert [_mentions(text, gazetteer) for text in articles] == remembered


def test_a_run_is_read_again_once_its_missed_name_is_defined(gazetteer: Gazetteer) -> None:
    text = (
        "Kestrel Works built the lander. Kestrel Works (KW) was founded in 2019."
        " Kestrel Works built the lander."
    )
    found = _mentions(text, gazetteer)
    for sentence in (found[0], found[2]):  # the same run, before and after the definition
        assert ("Kestrel Works", "Organisation", "document") in {
            (m[2], m[3], m[5]) for m in sentence
        }


def test_runs_are_remembered(gazetteer: Gazetteer) -> None:
    text = "NASA and ESA met. NASA and ESA signed. China’s rover landed."
    table = NameTable()
    for sentence in split_sentences(text):
        finder = mentions.Finder(gazetteer, table, sentence)
        finder.gazetteer()
    assert len(table.runs) == 2  # "NASA and ESA" is read once
