"""``spacegraph ingest`` of a large article built at run time: one document graph, and it validates.

The article (about 100 kB, twenty-five times the largest corpus article) is
the corpus articles' text interleaved with generated sentences naming
gazetteer entities (:mod:`spacegraph.synth_text`). Only the result is checked
here; how long it takes is ``benchmarks/bench_ingest.py``'s business. The size
is kept down by validation: the SHACL check of a 300 kB article's graph takes
about half a minute.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Dataset, URIRef

from spacegraph.cli import main
from spacegraph.synth_text import build_article, corpus_texts
from spacegraph.vocab import BASE, SG

from .conftest import FIRST_ARTICLE, GRAPH_DIR

pytestmark = pytest.mark.slow  # the SHACL validation of the graph takes most of it

SIZE = 100_000
NAME = "large-article"
#: A generated sentence: "The Cygnus-292 mission, conducted by Canadian Space Agency, was
#: launched on a Soyuz rocket from Vostochny Cosmodrome on August 21, 2014."
LAUNCH = re.compile(
    r"The (\w+-\d+) mission, conducted by ([^,]+), was launched on a (.+?) rocket from (.+?) on "
)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> tuple[Path, Path, str]:
    """The graph folder after ingesting the article, the article's folder, the command output."""
    root = tmp_path_factory.mktemp("large")
    documents = root / "corpus"
    documents.mkdir()
    article = documents / f"{NAME}.txt"
    article.write_text(build_article(corpus_texts(corpus), SIZE), encoding="utf-8")
    shutil.copy(corpus / FIRST_ARTICLE, documents)  # the curated graph's document
    graph = root / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    result = CliRunner().invoke(main, ["ingest", str(article), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return graph, documents, result.output


def test_the_article_is_large(ingested: tuple[Path, Path, str], corpus: Path) -> None:
    _, documents, _ = ingested
    size = (documents / f"{NAME}.txt").stat().st_size
    assert 0.95 * SIZE <= size <= SIZE
    assert size > 20 * max(p.stat().st_size for p in corpus.glob("*.txt"))


def test_one_document_graph_is_written(ingested: tuple[Path, Path, str]) -> None:
    graph, _, output = ingested
    assert sorted(p.name for p in graph.iterdir()) == [f"{NAME}.trig", "moon-rocks-china-us.trig"]
    assert output.startswith(f"{NAME}.txt: added\n")
    assert output.rstrip().endswith(f"wrote {graph / (NAME + '.trig')}")


def test_the_graph_validates_with_its_evidence(ingested: tuple[Path, Path, str]) -> None:
    graph, documents, _ = ingested
    result = CliRunner().invoke(
        main, ["validate", "--graph", str(graph), "--corpus", str(documents)]
    )
    assert result.exit_code == 0, result.output
    assert "conforms (2 files" in result.output


def test_generated_sentences_give_their_facts(ingested: tuple[Path, Path, str]) -> None:
    graph, documents, _ = ingested
    launches = LAUNCH.findall((documents / f"{NAME}.txt").read_text(encoding="utf-8"))
    assert len(launches) > 50
    data = Dataset()
    data.parse(graph / f"{NAME}.trig", format="trig")
    g = data.graph(URIRef(f"{BASE}graph/{NAME}"))

    labels = {node: str(label) for node, label in g.subject_objects(RDFS.label)}
    missions = {labels[m]: m for m in g.subjects(SG.launchVehicle, None)}

    def objects(node: URIRef, predicate: URIRef) -> set[str]:
        return {labels[o] for o in g.objects(node, predicate)}

    for mission, agency, vehicle, site in launches[:: max(1, len(launches) // 20)]:
        node = missions[mission]
        assert vehicle in objects(node, SG.launchVehicle)
        assert site in objects(node, SG.launchedFrom)
        if all(word[0].isupper() for word in agency.split()):  # not "Mohammed bin Rashid …"
            assert agency in objects(node, SG.operatedBy)
