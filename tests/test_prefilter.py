"""The prefilter never skips a scan that would have matched."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacegraph import (
    extract,
    mention_detectors,
    mention_lexicon,
    mentions,
    prefilter,
    relation_context,
    relation_values,
    rules_actors,
    rules_craft,
    rules_economy,
    rules_samples,
)
from spacegraph.gazetteer import Gazetteer
from spacegraph.prefilter import Prefiltered, needles
from spacegraph.synth_text import build_article, corpus_texts
from spacegraph.text import Document, sha256_text

_DATA = Path(prefilter.__file__).parent / "data"

_MODULES = (
    extract,
    mention_detectors,
    mention_lexicon,
    mentions,
    relation_context,
    relation_values,
    rules_actors,
    rules_craft,
    rules_economy,
    rules_samples,
)


def _patterns(value: object) -> list[Prefiltered]:
    if isinstance(value, Prefiltered):
        return [value]
    if isinstance(value, re.Pattern):
        return [Prefiltered(value)]
    if isinstance(value, list | tuple):
        return [p for item in value for p in _patterns(item)]
    return []


#: Every pattern the extractor compiles (prefiltered or not), prefiltered here.
PATTERNS = [p for module in _MODULES for value in vars(module).values() for p in _patterns(value)]


@pytest.fixture(scope="module")
def texts(corpus: Path) -> list[str]:
    """Sentences and rule templates of the corpus articles and of a generated article."""
    gazetteer = Gazetteer.packaged()
    out: list[str] = []
    articles = [*corpus_texts(corpus), build_article(corpus_texts(corpus), 40_000)]
    for text in articles:
        ex = extract.extract(Document(Path("t.txt"), text, sha256_text(text)), gazetteer)
        state = relation_context.RuleState(ex, gazetteer)
        for i, (sentence, found) in enumerate(zip(ex.sentences, ex.mentions, strict=True)):
            out += [sentence.text, relation_context.RuleSentence(state, i, sentence, found).t]
    return list(dict.fromkeys(out))


def test_examples() -> None:
    assert needles(re.compile(r"\b(?:launch\w*|lift\w* off)\b")) == ("launch", "lift")
    assert needles(re.compile(r"⟦(\d+)⟧ (?:bars|bans) ⟦(\d+)⟧")) == ("⟧ bans ⟦", "⟧ bars ⟦")
    assert needles(re.compile(r"(?:a|the) rovers?")) == ("a rover", "the rover")
    assert needles(re.compile(r"\w+")) is None
    assert needles(re.compile(r"(?i:space) station")) == (" station",)
    assert needles(re.compile(r"space", re.IGNORECASE)) is None
    assert needles(re.compile(r"a|b\d")) == ("a", "b")
    assert needles(re.compile(r"x|\d")) is None  # one alternative needs no literal text


def test_the_extractor_patterns_are_read() -> None:
    assert len(PATTERNS) > 80
    assert sum(p.needles is not None for p in PATTERNS) > 60


def test_no_match_is_skipped(texts: list[str]) -> None:
    skipped = 0
    for p in PATTERNS:
        for text in texts:
            if not p.possible(text):
                skipped += 1
                assert p.pattern.search(text) is None, (p.pattern.pattern, text)
    assert skipped > len(PATTERNS) * len(texts) // 2  # the point of it


_FRAGMENTS = sorted(
    {piece for p in PATTERNS for s in p.needles or () for piece in (s, s[: len(s) // 2], s[1:])}
    | {"⟦0⟧", "⟦1⟧", " ", ", ", "'s ", "The ", "NASA", "Chang'e-5", "2020", " of ", "."}
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_no_match_is_skipped_in_made_up_text(text: str) -> None:
    for p in PATTERNS:
        if p.pattern.search(text) is not None:
            assert p.possible(text), (p.pattern.pattern, text)


def test_the_needle_table_is_complete_and_up_to_date() -> None:
    """Every extractor pattern's strings are in the table, as its syntax tree gives them.

    Checked in a fresh interpreter, where only the extractor has made patterns. If this
    fails after a pattern was changed, run ``python curation/needles.py``.
    """
    script = Path(__file__).resolve().parents[1] / "curation" / "needles.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_extractor_takes_its_strings_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """No extractor pattern's syntax tree is read when it is made again."""

    def read(pattern: re.Pattern[str]) -> None:
        raise AssertionError(f"syntax tree read: {pattern.pattern[:60]}")

    table = json.loads((_DATA / prefilter.TABLE_FILE).read_text("utf-8"))["needles"]
    monkeypatch.setattr(prefilter, "needles", read)
    for key, strings in table.items():
        flags, source = key.split(":", 1)
        made = Prefiltered(re.compile(source, int(flags)))
        assert made.needles == (tuple(strings) if strings is not None else None)
    assert len(table) > 80


def test_a_pattern_not_in_the_table_is_read_from_its_syntax_tree() -> None:
    fresh = prefilter.compile(r"\bnot in any table (?:yet|still)\b")
    assert fresh.needles == ("not in any table ",)
