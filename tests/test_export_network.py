"""``spacegraph export-network``: GraphML and GEXF read back with NetworkX, CSV with pandas."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.network import project

from .conftest import GRAPH_DIR

CNSA = "https://w3id.org/spacegraph/id/spaceagency/china-national-space-administration"


def export(out: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(
        main, ["export-network", "--graph", str(GRAPH_DIR), "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_read_back(tmp_path: Path, fmt: str, reader) -> None:  # type: ignore[no-untyped-def]
    lines = export(tmp_path, "--format", fmt)
    path = tmp_path / f"actor-network.{fmt}"
    assert lines == [f"wrote {path}"]
    back = reader(path)
    original = project(GRAPH_DIR, "actor")
    assert set(back.nodes) == set(original.nodes)
    assert back.number_of_edges() == original.number_of_edges()
    node = back.nodes[CNSA]
    assert node["label"] == "China National Space Administration"
    assert node["class"] == "SpaceAgency"
    assert int(node["degree"]) == 6
    assert float(node["betweenness"]) == pytest.approx(110 / 190)
    edge = back.edges[CNSA, "https://w3id.org/spacegraph/id/nation/france"]
    assert edge["relations"] == "cooperatesWith"
    assert float(edge["weight"]) == 1.0
    assert "/evidence/moon-rocks-china-us/" in edge["evidence"]


def test_csv_tables(tmp_path: Path) -> None:
    lines = export(tmp_path, "--format", "csv", "--projection", "nation", "--no-measures")
    assert lines == [
        f"wrote {tmp_path / 'nation-nodes.csv'}",
        f"wrote {tmp_path / 'nation-edges.csv'}",
    ]
    nodes = pd.read_csv(tmp_path / "nation-nodes.csv")
    edges = pd.read_csv(tmp_path / "nation-edges.csv")
    assert list(nodes.columns) == ["id", "iri", "label", "class"]
    assert len(nodes) == 9 and len(edges) == 8
    assert {"source", "target", "relations", "weight", "distance", "lifts"} <= set(edges.columns)
    france = edges[
        edges["target"].str.endswith("/france") | edges["source"].str.endswith("/france")
    ]
    assert france["lifts"].item() == "China National Space Administration agencyOf China"


def test_same_input_same_bytes(tmp_path: Path) -> None:
    export(tmp_path / "one", "--format", "graphml")
    export(tmp_path / "two", "--format", "graphml")
    one = (tmp_path / "one" / "actor-network.graphml").read_bytes()
    assert one == (tmp_path / "two" / "actor-network.graphml").read_bytes()


def test_unknown_format_lists_the_valid_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export-network", "--format", "dot", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "'dot' is not one of 'graphml', 'gexf', 'csv'" in result.stderr
