"""``spacegraph ingest``: valid document graphs, idempotent, reports, refuses bad input."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from spacegraph.cli import main

OTHERS = ["change5-mission-record.txt", "india-japan-lunar.txt", "iss-partnership.txt"]


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    graph = tmp_path_factory.mktemp("ingest") / "graph"
    shutil.copytree(Path(__file__).resolve().parents[1] / "graph", graph)
    result = CliRunner().invoke(
        main, ["ingest", *(str(corpus / n) for n in OTHERS), "--graph", str(graph)]
    )
    assert result.exit_code == 0, result.output
    return graph


def test_each_article_gets_its_graph(ingested: Path) -> None:
    names = {p.name for p in ingested.glob("*.trig")}
    assert names == {"moon-rocks-china-us.trig", *(n.replace(".txt", ".trig") for n in OTHERS)}
    text = (ingested / "iss-partnership.trig").read_text()
    assert "sg:Extractor" in text and "sg:confidence" in text and "sg:surfaceForm" in text


def test_validate_passes(ingested: Path, corpus: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", "--graph", str(ingested), "--corpus", str(corpus)]
    )
    assert result.exit_code == 0, result.output
    assert "conforms (4 files" in result.output


def test_reingest_changes_nothing(ingested: Path, corpus: Path) -> None:
    before = digests(ingested)
    result = CliRunner().invoke(
        main, ["ingest", *(str(p) for p in sorted(corpus.glob("*.txt"))), "--graph", str(ingested)]
    )
    assert result.exit_code == 0, result.output
    assert digests(ingested) == before
    assert "iss-partnership.txt: unchanged" in result.output
    assert "moon-rocks-china-us.txt: skipped (a curated graph" in result.output


def test_dry_run_writes_nothing_and_reports(tmp_path: Path, corpus: Path, graph_copy: Path) -> None:
    before = digests(graph_copy)
    result = CliRunner().invoke(
        main,
        ["ingest", str(corpus / "change5-mission-record.txt"), "--graph", str(graph_copy),
         "--dry-run"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert digests(graph_copy) == before
    assert "new entity: Long March 5 (LaunchVehicle)" in result.output
    assert "corroborates: Chang'e-5 operatedBy China National Space Administration" in result.output
    assert "conflicts: Chang'e-5 returnDate 2020-12-16 (the graph has 2020-12-03)" in result.output
    assert "dry run: nothing written" in result.output


def test_changed_document_replaces_its_own_graph_only(
    tmp_path: Path, corpus: Path, graph_copy: Path
) -> None:
    article = tmp_path / "change5-mission-record.txt"
    article.write_text((corpus / "change5-mission-record.txt").read_text(encoding="utf-8"))
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(article), "--graph", str(graph_copy)]).exit_code == 0
    curated = digests(graph_copy)["moon-rocks-china-us.trig"]
    article.write_text(article.read_text(encoding="utf-8") + "It was operated by NASA.\n")
    result = runner.invoke(main, ["ingest", str(article), "--graph", str(graph_copy)])
    assert result.exit_code == 0, result.output
    assert "change5-mission-record.txt: replaced" in result.output
    assert digests(graph_copy)["moon-rocks-china-us.trig"] == curated


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("My article (2).txt", "My%20article%20(2)"),
        ("50% of #launches.txt", "50%25%20of%20%23launches"),
        ("Étude lunaire.txt", "%C3%89tude%20lunaire"),
    ],
)
def test_any_file_name_makes_valid_iris(
    tmp_path: Path, corpus: Path, graph_copy: Path, name: str, slug: str
) -> None:
    """A file name that may not stand in an IRI as it is still gives a graph every tool reads."""
    folder = tmp_path / "articles"  # (with the curated graph's article, for validate --corpus)
    folder.mkdir()
    shutil.copy(corpus / "moon-rocks-china-us.txt", folder)
    article = folder / name
    article.write_text((corpus / "iss-partnership.txt").read_text(encoding="utf-8"))
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(article), "--graph", str(graph_copy)])
    assert result.exit_code == 0, result.output
    assert "does not look like a valid URI" not in result.output
    written = graph_copy / f"{article.stem}.trig"
    assert f"<https://w3id.org/spacegraph/doc/{slug}>" in written.read_text(encoding="utf-8")
    checked = runner.invoke(main, ["validate", "--graph", str(graph_copy), "--corpus", str(folder)])
    assert checked.exit_code == 0, checked.output
    again = runner.invoke(main, ["ingest", str(article), "--graph", str(graph_copy)])
    assert f"{name}: unchanged" in again.output


def test_two_articles_of_one_name_are_refused(
    tmp_path: Path, corpus: Path, graph_copy: Path
) -> None:
    """Each article's graph is named after its file: the second would replace the first."""
    first, second = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    for path, source in ((first, "iss-partnership.txt"), (second, "india-japan-lunar.txt")):
        path.parent.mkdir()
        path.write_text((corpus / source).read_text(encoding="utf-8"), encoding="utf-8")
    before = digests(graph_copy)
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(first), str(second), "--graph", str(graph_copy)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {second}: another article, {first}, has the same name, and each article's"
        " graph is named after it (report.trig); rename one"
    )
    assert digests(graph_copy) == before
    again = runner.invoke(main, ["ingest", str(first), str(first), "--graph", str(graph_copy)])
    assert again.exit_code == 0 and "report.txt: unchanged" in again.output  # (the same file)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"\x00\x01binary", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (None, "is a directory"),
    ],
)
def test_bad_input_one_line_nothing_written(
    tmp_path: Path, graph_copy: Path, corpus: Path, content: bytes | None, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    if content is None:
        bad.mkdir()
    else:
        bad.write_bytes(content)
    before = digests(graph_copy)
    result = CliRunner().invoke(
        main, ["ingest", str(corpus / "iss-partnership.txt"), str(bad), "--graph", str(graph_copy)]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert digests(graph_copy) == before


def test_over_large_file_is_refused(tmp_path: Path, graph_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import spacegraph.text as text

    monkeypatch.setattr(text, "MAX_DOCUMENT_BYTES", 10)
    monkeypatch.setattr(text.read_document, "__defaults__", (10,))
    big = tmp_path / "big.txt"
    big.write_text("NASA flew to the Moon again and again.\n")
    result = CliRunner().invoke(main, ["ingest", str(big), "--graph", str(graph_copy)])
    assert result.exit_code == 1
    assert "larger than the limit" in result.output


def test_help_has_example() -> None:
    for command in ("ingest", "conflicts"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output
