"""The graph explorer page: escaping, page data, focus and top views, the drawn nodes' facts,
the CLI, the build."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from spacegraph.cli import main
from spacegraph.errors import UnknownNameError
from spacegraph.evidence import resolve_evidence
from spacegraph.loader import load
from spacegraph.network import project
from spacegraph.oxstore import fill_union, load_store
from spacegraph.viz import (
    LARGE,
    explore,
    explorer_data,
    find_node,
    page_json,
    render_html,
    select_view,
    write_html,
)
from spacegraph.viz_data import (
    Entity,
    Fact,
    Vocabulary,
    _mark_standing,
    entities,
    facts,
    full_projection,
    restricted_query,
    vocabulary,
)

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


# --- the page reads the drawn nodes only ------------------------------------------------------
def _whole_graph_page(store: ox.Store, ontology: Graph, **kw: Any) -> dict:
    """The page data as it was made from every fact and entity of the graph."""
    vocab = vocabulary(ontology)
    known = entities(store, vocab, ontology)
    everything = known.keys() | {str(n) for n in _claim_ends(store)}
    projection = kw.pop("projection")
    graph = full_projection(store, known) if projection == "full" else project(store, projection)
    view = select_view(graph, entities=known, **kw)
    return explorer_data(
        view,
        facts=facts(store, vocab, everything),
        entities=known,
        vocab=vocab,
        title="spacegraph: space cooperation",
        projection=projection,
        size_by=kw.get("size_by", "degree"),
        built="2024-01-01",
    )


def _claim_ends(store: ox.Store) -> set[str]:
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    ends = set()
    for p in ("subject", "object"):
        for q in store.quads_for_pattern(None, ox.NamedNode(rdf + p), None, ox.DefaultGraph()):
            if isinstance(q.object, ox.NamedNode):
                ends.add(q.object.value)
    return ends


@pytest.fixture(scope="module")
def article_store(corpus: Path) -> tuple[ox.Store, Graph]:
    """The committed graph's store with the quotes resolved from the corpus, and its ontology."""
    loaded = load(GRAPH_DIR)
    resolve_evidence(loaded, corpus)
    return loaded.store, loaded.ontology


@pytest.mark.parametrize(
    "view",
    [
        {"projection": "full"},
        {"projection": "actor", "top": 5},
        {"projection": "full", "focus": "cnsa", "depth": 1},
        {"projection": "mission", "size_by": "pagerank"},
    ],
    ids=["full", "actor-top", "focus", "mission"],
)
def test_page_of_drawn_nodes_equals_page_of_whole_graph(
    article_store: tuple[ox.Store, Graph], view: dict[str, Any]
) -> None:
    store, ontology = article_store
    page = explore(store, ontology, **view)
    expected = _whole_graph_page(store, ontology, **dict(view))
    page.data["built"] = expected["built"]
    assert page.data == expected
    assert page.data["counts"]["facts"] > 0
    assert any(f["q"] for f in page.data["facts"])  # the quotes came through


def test_facts_of_some_nodes_keep_their_standing_among_all(tmp_path: Path) -> None:
    from spacegraph.synth import synthesise

    synthesise(tmp_path, 3000, seed=3)
    store = load_store(tmp_path / "graph")
    ontology = load(tmp_path / "graph").ontology
    vocab = vocabulary(ontology)
    every = facts(store, vocab, _claim_ends(store))
    assert {f.status for f in every} >= {"corroborated", "contested"}
    some = sorted(_claim_ends(store))[::7]
    chosen = set(some)
    assert facts(store, vocab, some) == [
        f for f in every if f.subject in chosen or f.object in chosen
    ]


def test_two_values_of_a_single_valued_relation_contest_a_fact_about_the_other_end() -> None:
    """A fact read for its object is contested by the subject's other value, read on purpose."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    store = ox.Store()
    for doc, agency in [("a", "cnsa"), ("b", "nasa")]:
        claim, graph = ox.NamedNode(f"{DOC1[:-1]}claim-{doc}"), ox.NamedNode(DOC1[:-1] + doc)
        for p, o in [
            (rdf + "type", ox.NamedNode(SG + "Claim")),
            (rdf + "subject", ox.NamedNode(ID + "change-5")),
            (rdf + "predicate", ox.NamedNode(SG + "operatedBy")),
            (rdf + "object", ox.NamedNode(ID + agency)),
            (SG + "statedIn", graph),
        ]:
            store.add(ox.Quad(claim, ox.NamedNode(p), o, graph))
    fill_union(store)
    vocab = Vocabulary({}, set(), set(), {SG + "operatedBy"})
    (fact,) = facts(store, vocab, [ID + "cnsa"])
    assert (fact.object, fact.status, fact.note) == (
        ID + "cnsa",
        "contested",
        "documents give 2 different values",
    )


def test_node_iris_enter_queries_only_as_checked_iris() -> None:
    block = restricted_query("facts", [ID + "b", ID + "a", ID + "a"]).split("VALUES ?node {")[1]
    assert block.split("}")[0].split() == [f"<{ID}a>", f"<{ID}b>"]
    for bad in ["x", ID + "a> } ?s ?p ?o {", ID + '"a"', ID + "a b"]:
        with pytest.raises(ValueError):
            restricted_query("facts", [bad])
