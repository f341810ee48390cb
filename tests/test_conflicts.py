"""``spacegraph conflicts``: the four contradictions of the corpus, each with both sentences."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal

from spacegraph.cli import main
from spacegraph.conflicts import compatible, find_conflicts
from spacegraph.ingest import ingest
from spacegraph.loader import load
from spacegraph.text import read_document


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    folder = tmp_path_factory.mktemp("conflicts") / "graph"
    shutil.copytree(Path(__file__).resolve().parents[1] / "graph", folder)
    ingest(sorted(corpus.glob("*.txt")), folder)
    return folder


def test_four_conflicts(graph: Path) -> None:
    report = find_conflicts(load(graph))
    found = {
        (c.kind, str(c.first.predicate).rsplit("#")[1], c.first.document, c.second.document)
        for c in report.conflicts
    }
    assert found == {
        ("value", "returnDate", "change5-mission-record.txt", "moon-rocks-china-us.txt"),
        ("value", "mass", "change5-mission-record.txt", "moon-rocks-china-us.txt"),
        ("value", "hasRover", "change5-mission-record.txt", "moon-rocks-china-us.txt"),
        ("denied", "participatesIn", "moon-rocks-china-us.txt", "iss-partnership.txt"),
    }
    assert len(report.corroborated) >= 3


def test_cli_shows_both_sentences(graph: Path, corpus: Path) -> None:
    result = CliRunner().invoke(main, ["conflicts", "--graph", str(graph), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("4 conflicts")
    # Where each sentence stands (document, start, end); the text is read from the corpus.
    for name, start, end in (
        ("moon-rocks-china-us.txt", 1678, 1760),
        ("change5-mission-record.txt", 446, 512),
        ("change5-mission-record.txt", 215, 235),
        ("moon-rocks-china-us.txt", 1587, 1643),
        ("iss-partnership.txt", 626, 672),
        ("moon-rocks-china-us.txt", 2915, 2963),
    ):
        sentence = read_document(corpus / name).text[start:end]
        assert sentence in out


def test_dates_compatible_by_precision() -> None:
    g = Graph()
    month = Literal("2020-11", datatype=XSD.gYearMonth)
    assert compatible(g, month, Literal("2020-11-23", datatype=XSD.date))
    assert not compatible(g, month, Literal("2020-12-01", datatype=XSD.date))
    assert compatible(g, Literal("1990", datatype=XSD.gYear), Literal("1995", datatype=XSD.gYear),
                      decade_a=True)  # fmt: skip
