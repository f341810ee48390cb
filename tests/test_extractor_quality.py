"""The extractor meets its targets on the development corpus (entity F1 ≥ 0.9, pairs ≥ 0.75)."""

from __future__ import annotations

from pathlib import Path

from spacegraph.scoring import format_table, score_folder


def test_targets_on_dev_corpus(corpus: Path) -> None:
    scores = score_folder(corpus)
    assert len(scores) == len(list(corpus.glob("*.gold.json"))) >= 4
    total = scores[0]
    for s in scores[1:]:
        total = total + s
    assert total.entity[2] >= 0.9, "\n".join(format_table(scores))
    assert total.pairs[2] >= 0.75, "\n".join(format_table(scores))
    assert total.fact_recall >= 0.8, "\n".join(format_table(scores))
