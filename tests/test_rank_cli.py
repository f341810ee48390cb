"""``spacegraph rank`` through click's CliRunner: output, formats, bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from spacegraph.cli import main
from spacegraph.docgraph import DocumentGraph
from spacegraph.measures import ANALYSIS_GRAPH, MEASURES
from spacegraph.vocab import SG

from .conftest import GRAPH_DIR


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_rank_table_lists_the_top_actors() -> None:
    code, out, _ = run("rank", "--graph", str(GRAPH_DIR), "--top", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["label", "class", "degree"]
    assert lines[1].split()[:5] == ["1", "China", "National", "Space", "Administration"]
    assert lines[2].split()[:2] == ["2", "China"]
    assert lines[3].split()[:3] == ["3", "United", "States"]
    assert lines[-1] == "actor projection: 21 nodes, 20 edges"


def test_rank_csv_and_json() -> None:
    code, out, _ = run(
        "rank",
        "--graph",
        str(GRAPH_DIR),
        "--projection",
        "nation",
        "--measure",
        "pagerank,betweenness",
        "--format",
        "csv",
        "--top",
        "0",
    )
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == ["node", "label", "class", "pagerank", "betweenness"]
    assert len(table) == 9
    assert table.loc[0, "label"] == "China" and table.loc[0, "betweenness"] == 1.0
    code, out, _ = run(
        "rank",
        "--graph",
        str(GRAPH_DIR),
        "--measure",
        "community",
        "--measure",
        "degree",
        "--format",
        "json",
        "--top",
        "2",
    )
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 2 and set(rows[0]) == {"node", "label", "class", "community", "degree"}
    assert rows[0]["community"] == 0


def test_rank_write_adds_the_analysis_graph(tmp_path: Path) -> None:
    target = tmp_path / "analysis.trig"
    code, _, err = run(
        "rank", "--graph", str(GRAPH_DIR), "--measure", "pagerank", "--write", str(target)
    )
    assert code == 0 and f"wrote {target}" in err
    dataset = Dataset()
    dataset.parse(target, format="trig")
    rows = list(
        dataset.query(
            """PREFIX sg: <https://w3id.org/spacegraph/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?node WHERE { GRAPH ?g { ?s sg:node ?node ; sg:measure "pagerank" ;
            sg:rank 1 } }"""
        )
    )
    assert [str(r[0]) for r in rows] == [
        "https://w3id.org/spacegraph/id/spaceagency/china-national-space-administration"
    ]
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {str(ANALYSIS_GRAPH)}


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [
        ("--projection", "actors", "valid projections: actor, nation, mission"),
        ("--measure", "page_rank", "valid measures: " + ", ".join(MEASURES)),
    ],
)
def test_unknown_names_list_the_valid_ones(option: str, value: str, listed: str) -> None:
    code, _, err = run("rank", "--graph", str(GRAPH_DIR), option, value)
    assert code == 2
    assert listed in err
    assert f"unknown {option[2:]} {value!r}" in err


def test_unknown_backend_lists_the_installed_ones() -> None:
    code, _, err = run("rank", "--graph", str(GRAPH_DIR), "--backend", "nope")
    assert code == 1
    assert err.startswith("Error: unknown NetworkX backend 'nope'; installed backends: networkx")


def test_empty_projection_says_so(tmp_path: Path) -> None:
    doc = DocumentGraph("lonely", file_name="lonely.txt", title="t", sha256="0" * 64, length=10)
    doc.entity(SG.Nation, "Atlantis")
    (tmp_path / "lonely.trig").write_text(doc.serialize(), encoding="utf-8")
    code, out, err = run("rank", "--graph", str(tmp_path))
    assert code == 1
    assert out == ""
    assert err == (
        "Error: actor projection has no edges (1 nodes): nothing to rank; check the graph"
        " folder, or use --include-contested if facts were left out\n"
    )


def test_missing_graph_folder(tmp_path: Path) -> None:
    code, _, err = run("rank", "--graph", str(tmp_path / "nope"))
    assert code == 1
    assert err == f"Error: {tmp_path / 'nope'}: no such graph folder\n"
