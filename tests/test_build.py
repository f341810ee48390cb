"""``spacegraph build`` and ``validate``: outputs, determinism, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from spacegraph.cli import main

from .conftest import FIRST_ARTICLE, GRAPH_DIR, REPO

OUTPUTS = [
    "spacegraph.trig",
    "spacegraph.nq",
    "spacegraph.ttl",
    "spacegraph.jsonld",
    "summary.json",
]


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` (relative path → hex).

    The Oxigraph store's database files (``store/``) hold RocksDB session ids and
    are never byte-identical; its manifest (hashes of what it holds) is compared.
    """
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and p.name != ".lock"
        and (p.parent.name != "store" or p.name == "spacegraph-store.json")
    }


def test_build_writes_every_output(built: Path) -> None:
    for name in OUTPUTS:
        assert (built / name).stat().st_size > 0, name
    summary = json.loads((built / "summary.json").read_text())
    assert summary["evidence_share"] == 1.0
    assert summary["stated_triples"] == summary["stated_triples_with_evidence"] > 50
    assert [d["file"] for d in summary["documents"]] == [FIRST_ARTICLE]
    assert summary["quotes_resolved"] > 0
    assert summary["entities_by_class"]["Nation"] >= 8


def test_quotes_resolved_from_corpus(built: Path, corpus: Path) -> None:
    """Every evidence node of the output has an exact quote equal to the document's text."""
    text = (corpus / FIRST_ARTICLE).read_text(encoding="utf-8")
    ds = Dataset()
    ds.parse(built / "spacegraph.trig", format="trig")
    rows = list(
        ds.query(
            """
            PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?start ?end ?exact WHERE { GRAPH ?g {
              ?ev oa:hasSelector ?pos, ?quote .
              ?pos oa:start ?start ; oa:end ?end .
              ?quote oa:exact ?exact } }
            """
        )
    )
    assert rows
    for start, end, exact in rows:
        assert text[int(start) : int(end)] == str(exact)


@pytest.mark.parametrize(
    ("name", "rdflib_format", "ox_format"),
    [
        ("spacegraph.trig", "trig", ox.RdfFormat.TRIG),
        ("spacegraph.nq", "nquads", ox.RdfFormat.N_QUADS),
        ("spacegraph.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ],
)
def test_dataset_exports_parse_in_both_engines(
    built: Path, name: str, rdflib_format: str, ox_format: ox.RdfFormat
) -> None:
    ds = Dataset()
    ds.parse(built / name, format=rdflib_format)
    quads = list(ox.parse(path=str(built / name), format=ox_format))
    reference = list(ox.parse(path=str(built / "spacegraph.nq"), format=ox.RdfFormat.N_QUADS))
    assert len(set(quads)) == len(set(reference))
    assert len(ds) + sum(
        len(g) for g in ds.graphs() if g.identifier != ds.default_graph.identifier
    ) >= len(reference)


def test_union_turtle_parses_in_both_engines(built: Path) -> None:
    g = Graph().parse(built / "spacegraph.ttl", format="turtle")
    triples = set(ox.parse(path=str(built / "spacegraph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(g) == len(triples) > 100


def test_build_is_byte_identical_across_runs(tmp_path: Path, corpus: Path) -> None:
    """Two builds in fresh processes with different hash seeds give the same bytes."""
    results = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "spacegraph.cli", "build", "--corpus", str(corpus),
             "--out", str(out)],
            cwd=REPO, env=env, check=True, capture_output=True,
        )  # fmt: skip
        results.append(digests(out))
    assert results[0] == results[1]
    assert set(OUTPUTS) <= set(results[0])


def test_cli_build_prints_summary(tmp_path: Path, corpus: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--graph", str(GRAPH_DIR), "--corpus", str(corpus), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "stated facts with evidence" in result.output
    assert "(100%)" in result.output


def test_malformed_trig_fails_with_position_and_keeps_build(
    graph_copy: Path, tmp_path: Path, corpus: Path
) -> None:
    out = tmp_path / "out"
    assert (
        CliRunner().invoke(main, ["build", "--graph", str(graph_copy), "--out", str(out)]).exit_code
        == 0
    )
    before = digests(out)
    bad = graph_copy / "broken.trig"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:b "open .\n}\n')
    result = CliRunner().invoke(main, ["build", "--graph", str(graph_copy), "--out", str(out)])
    assert result.exit_code == 1
    assert re.match(rf"Error: {re.escape(str(bad))}:3:\d+: ", result.output), result.output
    assert "Traceback" not in result.output
    assert digests(out) == before


def test_missing_corpus_document_names_it(tmp_path: Path) -> None:
    empty = tmp_path / "corpus"
    empty.mkdir()
    result = CliRunner().invoke(
        main,
        ["build", "--graph", str(GRAPH_DIR), "--corpus", str(empty), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 1
    assert FIRST_ARTICLE in result.output and "no such file" in result.output
    assert not (tmp_path / "o" / "spacegraph.trig").exists()


def test_changed_document_is_refused(tmp_path: Path, corpus: Path) -> None:
    changed = tmp_path / "corpus"
    shutil.copytree(corpus, changed)
    path = changed / FIRST_ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace("China", "Chima", 1), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--graph",
            str(GRAPH_DIR),
            "--corpus",
            str(changed),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 1
    assert "SHA-256" in result.output and FIRST_ARTICLE in result.output


def test_validate_exit_codes(graph_copy: Path, corpus: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", "--graph", str(graph_copy), "--corpus", str(corpus)])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output

    trig = graph_copy / "moon-rocks-china-us.trig"
    text = trig.read_text(encoding="utf-8")
    # Move one evidence span past the end of the document.
    bad_text, n = re.subn(r'oa:end "(\d+)"', 'oa:end "999999"', text, count=1)
    assert n == 1
    trig.write_text(bad_text, encoding="utf-8")
    bad = runner.invoke(main, ["validate", "--graph", str(graph_copy)])
    assert bad.exit_code == 1
    assert "lies outside moon-rocks-china-us.txt" in bad.output

    trig.write_text(text + "\n<broken", encoding="utf-8")
    error = runner.invoke(main, ["validate", "--graph", str(graph_copy)])
    assert error.exit_code == 2
    assert error.output.startswith(f"Error: {trig}:")


def test_fact_without_evidence_does_not_conform(graph_copy: Path) -> None:
    extra = graph_copy / "extra.trig"
    extra.write_text(
        "@prefix sg: <https://w3id.org/spacegraph/ontology#> .\n"
        "<https://w3id.org/spacegraph/graph/extra> {\n"
        "  <https://w3id.org/spacegraph/id/nation/china> sg:cooperatesWith"
        " <https://w3id.org/spacegraph/id/nation/france> .\n}\n"
    )
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph_copy)])
    assert result.exit_code == 1
    assert "without a claim with evidence" in result.output


@pytest.mark.parametrize("bad", ["missing", "file"])
def test_bad_graph_folder(tmp_path: Path, bad: str) -> None:
    target = tmp_path / "g"
    if bad == "file":
        target.write_text("x")
    result = CliRunner().invoke(
        main, ["build", "--graph", str(target), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {target}:")
    assert "Traceback" not in result.output


def test_violations_come_before_evidence_errors(graph_copy: Path, tmp_path: Path) -> None:
    """The checks and the quotes run side by side; a broken graph is still the first news."""
    (graph_copy / "extra.trig").write_text(
        "@prefix sg: <https://w3id.org/spacegraph/ontology#> .\n"
        "<https://w3id.org/spacegraph/graph/extra> {\n"
        "  <https://w3id.org/spacegraph/id/nation/china> sg:cooperatesWith"
        " <https://w3id.org/spacegraph/id/nation/france> .\n}\n"
    )
    empty = tmp_path / "corpus"
    empty.mkdir()
    out = tmp_path / "o"
    args = ["build", "--graph", str(graph_copy), "--corpus", str(empty), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "does not conform" in result.output
    assert "without a claim with evidence" in result.output
    assert "no such file" not in result.output
    assert not out.exists()
