"""Injection: parameter values are bound as RDF terms, never pasted into SPARQL text.

The classic attack closes the pattern and appends an update:
``"} DELETE WHERE {?s ?p ?o} #``. Passed as a parameter it must match nothing
(no label equals it), leave the graph exactly as it was, and never run as
SPARQL. Document text reaching the HTML page is covered by ``test_viz.py``
(escaping) and ``test_viz_browser.py`` (in Chromium: no script runs).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import spacegraph
from spacegraph.cli import main
from spacegraph.errors import QueryError, SpacegraphError

from .conftest import GRAPH_DIR

EVIL = '"} DELETE WHERE {?s ?p ?o} #'
PAYLOADS = [
    EVIL,
    "'} DELETE WHERE {?s ?p ?o} #",
    '" . } INSERT DATA { <http://e/a> <http://e/b> <http://e/c> } #',
    "> } DROP ALL #",
    '\\"} ; CLEAR DEFAULT #',
    'China" || true || "',
]
LABEL_QUERY = "SELECT ?s WHERE { ?s rdfs:label ?name }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            digest.update(p.name.encode() + p.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def graph(request: pytest.FixtureRequest) -> spacegraph.SpaceGraph:
    return spacegraph.load(GRAPH_DIR, engine=request.param, store="")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_parameter_is_a_value_not_sparql(graph: spacegraph.SpaceGraph, payload: str) -> None:
    before = graph.query(COUNT).rows
    assert graph.query(LABEL_QUERY, name=payload).rows == []
    assert graph.query(COUNT).rows == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_named_query_parameter_is_resolved_not_pasted(
    graph: spacegraph.SpaceGraph, payload: str
) -> None:
    before = graph.query(COUNT).rows
    with pytest.raises(SpacegraphError, match="no entity has this label or alias"):
        graph.query("missions", actor=payload)
    assert graph.query(COUNT).rows == before


def test_a_label_with_sparql_in_it_is_matched_exactly(graph: spacegraph.SpaceGraph) -> None:
    """The bound value is compared as a whole string: quotes and braces are data."""
    text = 'SELECT ?ok WHERE { BIND(?name = "\\"} DELETE WHERE {?s ?p ?o} #" AS ?ok) }'
    rows = graph.query(text, name=EVIL).rows
    assert [bool(r[0].toPython()) for r in rows] == [True]


def test_update_text_is_refused(graph: spacegraph.SpaceGraph) -> None:
    with pytest.raises(QueryError, match="is a SPARQL UPDATE; spacegraph only reads the graph"):
        graph.query("DELETE WHERE { ?s ?p ?o }")


def test_cli_parameter_leaves_graph_unchanged(tmp_path: Path) -> None:
    graph_dir = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph_dir)
    before = folder_hash(graph_dir)
    args = ["query", LABEL_QUERY, "--graph", str(graph_dir), "--store", str(tmp_path / "none")]
    result = CliRunner().invoke(main, [*args, "--param", f"name={EVIL}", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "s"  # the header, no rows
    assert folder_hash(graph_dir) == before
    named = ["query", "missions", "--graph", str(graph_dir), "--store", str(tmp_path / "none")]
    result = CliRunner().invoke(main, [*named, "-p", f"actor={EVIL}"])
    assert result.exit_code == 1
    assert "no entity has this label or alias" in result.output
    assert "Traceback" not in result.output
    assert folder_hash(graph_dir) == before
