"""The graph explorer page: escaping, page data, focus and top views, the CLI, the build."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.errors import UnknownNameError
from spacegraph.viz import (
    LARGE,
    explorer_data,
    find_node,
    page_json,
    render_html,
    select_view,
    write_html,
)
from spacegraph.viz_data import Entity, Fact, Vocabulary, _mark_standing

from .conftest import GRAPH_DIR

SG = "https://w3id.org/spacegraph/ontology#"
ID = "https://w3id.org/spacegraph/id/"
DOC1, DOC2 = "https://w3id.org/spacegraph/doc/a", "https://w3id.org/spacegraph/doc/b"
EVIL = '<img src=x onerror="window.__pwned=1">'
VOCAB = Vocabulary(
    labels={SG + "operatedBy": "operated by", SG + "cooperatesWith": "cooperates with"},
    entity_classes=set(),
    symmetric={SG + "cooperatesWith"},
    functional={SG + "launchDate"},
)


def small_graph() -> nx.Graph:
    """Chang'e-5 operated by CNSA, CNSA cooperates with NASA, and a stray node."""
    g = nx.Graph()
    for key, label, cls in [
        ("change-5", "Chang’e-5", "Mission"),
        ("cnsa", "China National Space Administration", "SpaceAgency"),
        ("nasa", "NASA", "SpaceAgency"),
        ("evil", EVIL, "Person"),
    ]:
        g.add_node(ID + key, label=label, iri=ID + key, **{"class": cls})
    g.add_edge(ID + "change-5", ID + "cnsa", relations=["operatedBy"], weight=1, distance=1.0)
    g.add_edge(ID + "cnsa", ID + "nasa", relations=["cooperatesWith"], weight=2, distance=0.5)
    return g


def fact(s: str, p: str, o: str, doc: str = DOC1, **kw: object) -> Fact:
    base: dict[str, object] = dict(
        claim=f"{doc}/{s}/{p}/{o}",
        subject=ID + s,
        predicate=SG + p,
        object=o if o.startswith('"') else ID + o,
        object_is_iri=not o.startswith('"'),
        document=doc,
        document_title="Doc " + doc[-1],
        negated=False,
    )
    base.update(kw)
    return Fact(**base)  # type: ignore[arg-type]


FACTS = [
    fact("change-5", "operatedBy", "cnsa", quotes=[f"CNSA runs it {EVIL}"]),
    fact("cnsa", "cooperatesWith", "nasa"),
    fact("cnsa", "cooperatesWith", "nasa", doc=DOC2),
]
ENTITIES = {
    ID + "cnsa": Entity(
        ID + "cnsa", SG + "SpaceAgency", "China National Space Administration", ["CNSA"]
    )
}


def page_data(**kw: object) -> dict:
    view = select_view(small_graph(), entities=ENTITIES, **kw)  # type: ignore[arg-type]
    _mark_standing(FACTS, VOCAB)
    return explorer_data(view, facts=FACTS, entities=ENTITIES, vocab=VOCAB, built="2024-01-01")


# --- escaping ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", EVIL, "a & b", "<!--"])
def test_page_json_never_closes_the_script_element(text: str) -> None:
    out = page_json({"label": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"label": text}


def test_rendered_page_holds_data_text_only_escaped() -> None:
    data = page_data()
    data["title"] = "<b>Title</b>"
    page = render_html(data)
    assert EVIL not in page
    assert "<title>&lt;b&gt;Title&lt;/b&gt;</title>" in page
    blob = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert blob is not None
    labels = {n["iri"]: n["label"] for n in json.loads(blob.group(1))["nodes"]}
    assert labels[ID + "evil"] == EVIL


def test_page_is_self_contained() -> None:
    page = render_html(page_data())
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert "cdn" not in page.lower().replace("vis-network", "")
    template = (
        resources.files("spacegraph").joinpath("templates", "explorer.html").read_text("utf-8")
    )
    assert "innerHTML" not in template and "insertAdjacentHTML" not in template


def test_write_html_writes_one_file_and_no_lib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_html(tmp_path / "out" / "g.html", render_html(page_data()))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "out",
        "out/g.html",
    ]


# --- page data -------------------------------------------------------------------------------
def test_edges_carry_direction_documents_and_facts() -> None:
    data = page_data()
    edges = {e["label"]: e for e in data["edges"]}
    labels = [n["label"] for n in data["nodes"]]
    operated = edges["operated by"]
    assert labels[operated["from"]] == "Chang’e-5"
    assert labels[operated["to"]] == "China National Space Administration"
    assert operated["arrow"] is True and operated["docs"] == 1
    assert data["facts"][operated["facts"][0]]["q"] == [f"CNSA runs it {EVIL}"]
    coop = edges["cooperates with"]
    assert coop["arrow"] is False and coop["docs"] == 2
    assert {data["facts"][i]["st"] for i in coop["facts"]} == {"corroborated"}
    assert data["counts"] == {"nodes": 4, "edges": 2, "documents": 2, "facts": 3}


def test_nodes_have_search_keys_sizes_and_legend() -> None:
    data = page_data()
    cnsa = next(n for n in data["nodes"] if n["iri"] == ID + "cnsa")
    assert cnsa["keys"] == ["china national space administration", "cnsa"]
    assert cnsa["size"] > next(n for n in data["nodes"] if n["iri"] == ID + "evil")["size"]
    assert {c["id"]: c["count"] for c in data["classes"]} == {
        "Mission": 1,
        "Person": 1,
        "SpaceAgency": 2,
    }
    assert "x" not in cnsa  # small graphs are laid out by the browser


def test_standing_of_facts() -> None:
    facts = [
        fact("m", "launchDate", '"2020"'),
        fact("m", "launchDate", '"2021"', doc=DOC2),
        fact("a", "operatedBy", "b"),
        fact("a", "operatedBy", "b", doc=DOC2, negated=True),
        fact("c", "operatedBy", "d", negated=True),
    ]
    _mark_standing(facts, VOCAB)
    assert [f.status for f in facts] == [
        "contested",
        "contested",
        "contested",
        "contested",
        "denied",
    ]


def test_large_graphs_get_positions_from_python() -> None:
    g = nx.barabasi_albert_graph(LARGE + 50, 1, seed=3)
    nx.set_node_attributes(g, "Nation", "class")
    data = explorer_data(select_view(g), built="2024-01-01")
    assert data["large"] is True
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 0.95 * len(data["nodes"])


# --- focus and top ---------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["change-5", "CHANG'E 5", "Chang’e-5", "chang‘e–5"])
def test_find_node_folds_case_quotes_and_dashes(query: str) -> None:
    assert find_node(small_graph(), query) == ID + "change-5"


def test_find_node_by_alias() -> None:
    assert find_node(small_graph(), "cnsa", ENTITIES) == ID + "cnsa"


def test_unknown_focus_suggests_close_labels() -> None:
    with pytest.raises(UnknownNameError, match=r"--focus 'Chang 5'.*did you mean 'Chang’e-5'"):
        find_node(small_graph(), "Chang 5")


@pytest.mark.parametrize(("depth", "expected"), [(0, 1), (1, 2), (2, 3)])
def test_focus_draws_the_ego_network(depth: int, expected: int) -> None:
    view = select_view(small_graph(), focus="change-5", depth=depth)
    assert view.graph.number_of_nodes() == expected
    assert view.note.startswith("Within")


def test_top_keeps_the_most_central_and_says_so() -> None:
    view = select_view(small_graph(), top=1, size_by="degree")
    assert list(view.graph) == [ID + "cnsa"]
    assert view.note == "Showing the 1 most central of 4 nodes (by degree)"


@pytest.mark.parametrize("measure", ["degree", "pagerank", "betweenness"])
def test_size_by_every_measure(measure: str) -> None:
    data = explorer_data(select_view(small_graph(), size_by=measure), built="2024-01-01")
    sizes = {n["label"]: n["size"] for n in data["nodes"]}
    assert sizes["China National Space Administration"] == max(sizes.values())


# --- the first article, the CLI and the build -------------------------------------------------
def test_cli_viz_writes_the_page(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "g.html"
    args = ["viz", "--graph", str(GRAPH_DIR), "--corpus", str(corpus), "--out", str(out)]
    result = CliRunner().invoke(main, [*args, "--focus", "Chang'e-5", "--depth", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out} (")
    assert "Within 2 steps of Chang'e-5" in result.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_cli_viz_unknown_focus(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["viz", "--graph", str(GRAPH_DIR), "--focus", "Change 6", "--out", str(tmp_path / "x")],
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: --focus 'Change 6': no node has this label or alias;")
    assert "Chang'e-5" in result.output
    assert not (tmp_path / "x").exists()


def test_cli_viz_rejects_unknown_measure(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["viz", "--size-by", "fame", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "Invalid value for '--size-by'" in result.output


def test_build_writes_the_explorer_with_quotes(built: Path) -> None:
    page = (built / "spacegraph.html").read_text("utf-8")
    blob = re.search(r'id="graph-data">(.*?)</script>', page, re.S)
    assert blob is not None
    data = json.loads(blob.group(1))
    assert data["counts"]["nodes"] >= 25
    assert all(f["q"] for f in data["facts"])  # built with the corpus: every fact has its sentence
