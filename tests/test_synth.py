"""``spacegraph synth``: the same seed gives the same files, they validate, and they have
the structure ``DocumentGraph`` writes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph
from rdflib.compare import isomorphic

from spacegraph.cli import main
from spacegraph.synth import documents, parse_size, render_docgraph, render_trig, synthesise
from spacegraph.vocab import SG

SMALL = 3000


def digests(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".lock")
    assert files, f"no files under {folder}"
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesise(out, SMALL, n_documents=4, seed=7)
    return out


def test_same_seed_same_files(small: Path, tmp_path: Path) -> None:
    synthesise(tmp_path, SMALL, n_documents=4, seed=7)
    assert digests(tmp_path) == digests(small)


def test_other_seed_other_files(small: Path, tmp_path: Path) -> None:
    synthesise(tmp_path, SMALL, n_documents=4, seed=8)
    assert digests(tmp_path) != digests(small)


def test_size_and_layout(small: Path) -> None:
    graphs = sorted((small / "graph").glob("*.trig"))
    texts = sorted((small / "corpus").glob("*.txt"))
    assert len(graphs) == len(texts) == 4
    ds = Dataset()
    for path in graphs:
        ds.parse(path, format="trig")
    total = sum(len(g) for g in ds.graphs())
    assert 0.9 * SMALL <= total <= 1.1 * SMALL


def test_synth_folder_validates_with_corpus(small: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", "--graph", str(small / "graph"), "--corpus", str(small / "corpus")]
    )
    assert result.exit_code == 0, result.output
    assert "conforms (4 files" in result.output


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_graph_as_documentgraph(seed: int) -> None:
    """The fast TriG writer states exactly what DocumentGraph states for the same plan."""
    for doc in documents(1500, 2, seed=seed):
        fast = Dataset().parse(data=render_trig(doc), format="trig")
        (graph,) = [g for g in fast.graphs() if len(g)]
        reference = render_docgraph(doc).graph
        assert {p for _, p, _ in graph} == {p for _, p, _ in reference}
        assert isomorphic(graph, reference)


def test_model_features_present(small: Path) -> None:
    """N-ary nodes, corroboration, conflicts and denials all occur."""
    ds = Dataset()
    for path in sorted((small / "graph").glob("*.trig")):
        ds.parse(path, format="trig")
    union = Graph()
    for g in ds.graphs():
        union += g
    for cls in (SG.Cooperation, SG.SampleAccessGrant, SG.Agreement, SG.Claim, SG.Evidence):
        assert (None, RDF.type, cls) in union, cls
    assert (None, SG.polarity, SG.Negated) in union
    # corroborated: one stated triple in two document graphs
    stated = [set(g.triples((None, SG.cooperatesWith, None))) for g in ds.graphs() if len(g)]
    assert any(a & b for i, a in enumerate(stated) for b in stated[i + 1 :])


def test_scale_free_hubs() -> None:
    """Preferential attachment: the most-mentioned entity is far above the median."""
    mentions: dict[str, int] = {}
    for doc in documents(30_000, seed=3):
        for st in doc.statements:
            for iri in (st.subject, *(o[1] for _, o in st.roles)):
                if iri:
                    mentions[iri] = mentions.get(iri, 0) + 1
    counts = sorted(mentions.values())
    assert counts[-1] >= 10 * counts[len(counts) // 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--triples", "0"], "--triples 0 is out of range"),
        (["--triples", "-5"], "is not a count"),
        (["--triples", "lots"], "size 'lots' is not a count"),
        (["--triples", "1.5"], "is not a whole number"),
        (["--triples", "10k", "--documents", "0"], "--documents 0 does not fit --triples 10000"),
        (["--triples", "10k", "--documents", "1M"], "give 1 to 100 documents"),
        (["--triples", "99M"], "out of range"),
    ],
)
def test_nonsensical_sizes(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["synth", *args, "--out", str(tmp_path / "s")])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "s").exists()


def test_cli_writes_and_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["synth", "--triples", "1k", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ")
    assert len(list((tmp_path / "graph").glob("*.trig"))) == 1


def test_parse_size() -> None:
    assert parse_size("1_000") == parse_size("1k") == 1000
    assert parse_size("2.5k") == 2500
