"""One confidence per claim, even when two rules state the same triple."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef

from spacegraph.cli import main
from spacegraph.docgraph import DocumentGraph
from spacegraph.vocab import SG

from .conftest import FIRST_ARTICLE

CHINA = URIRef("https://w3id.org/spacegraph/id/nation/china")
US = URIRef("https://w3id.org/spacegraph/id/nation/united-states")


def test_the_highest_confidence_is_kept() -> None:
    dg = DocumentGraph("t", file_name="t.txt", title="t", sha256="0" * 64, length=100)
    first = dg.state(CHINA, SG.tradesWith, US, [(0, 10)], confidence=0.7)
    again = dg.state(CHINA, SG.tradesWith, US, [(20, 30)], confidence=0.75)
    lower = dg.state(CHINA, SG.tradesWith, US, [(40, 50)], confidence=0.6)
    assert first == again == lower
    assert list(dg.graph.objects(first, SG.confidence)) == [Literal(Decimal("0.75"))]
    assert len(list(dg.graph.objects(first, SG.hasEvidence))) == 3


def test_confidence_after_the_graph_was_read() -> None:
    dg = DocumentGraph("t", file_name="t.txt", title="t", sha256="0" * 64, length=100)
    claim = dg.state(CHINA, SG.tradesWith, US, [(0, 10)], confidence=0.6)
    assert len(dg.graph) > 0  # hands the rdflib graph out
    dg.state(CHINA, SG.tradesWith, US, [(0, 10)], confidence=0.8)
    assert [float(c) for c in dg.graph.objects(claim, SG.confidence)] == [0.8]


def test_first_article_under_another_name_validates(tmp_path: Path, corpus: Path) -> None:
    # Its trade sentence states "China tradesWith United States" as a fact (0.75) and as an
    # edge of the trade figure (0.70); the claim used to get both and fail the shapes.
    documents = tmp_path / "corpus"
    documents.mkdir()
    shutil.copy(corpus / FIRST_ARTICLE, documents)
    copy = documents / "moon-rocks-copy.txt"
    copy.write_text((corpus / FIRST_ARTICLE).read_text("utf-8") + "A closing line.\n", "utf-8")
    graph = tmp_path / "graph"
    shutil.copytree(Path(__file__).resolve().parents[1] / "graph", graph)
    result = CliRunner().invoke(main, ["ingest", str(copy), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        main, ["validate", "--graph", str(graph), "--corpus", str(documents)]
    )
    assert result.exit_code == 0, result.output
