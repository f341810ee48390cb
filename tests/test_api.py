"""The Python API: every named query through every engine, DataFrames, bindings, errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest
from rdflib import XSD, Literal, URIRef

import spacegraph
from spacegraph.api import SpaceGraph, load
from spacegraph.docgraph import DocumentGraph
from spacegraph.errors import QueryError, UnknownNameError
from spacegraph.library import list_queries
from spacegraph.results import QueryResult
from spacegraph.vocab import SG

from .conftest import GRAPH_DIR
from .query_expected import ALL_NAMES, SGR, check, params_of

pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:rdflib\..*")

ENGINES = ["store", "oxigraph-files", "rdflib-files", "oxigraph-nquads"]


@pytest.fixture(scope="module")
def graphs(built: Path, corpus: Path) -> dict[str, SpaceGraph]:
    """The first article's graph loaded every way the API offers."""
    return {
        "store": load(built / "store"),
        "oxigraph-files": load(GRAPH_DIR, corpus=corpus, store=""),
        "rdflib-files": load(GRAPH_DIR, engine="rdflib", corpus=corpus),
        "oxigraph-nquads": load(built / "spacegraph.nq"),
    }


def test_every_library_query_has_an_expected_answer() -> None:
    names = [q.name for q in list_queries()]
    assert names, "no named queries found"
    assert sorted(names) == ALL_NAMES


def test_load_is_exported() -> None:
    assert spacegraph.load is load


@pytest.fixture(scope="module")
def answers(graphs: dict[str, SpaceGraph]) -> dict[tuple[str, str], QueryResult]:
    """Every named query's answer from every engine (each run once)."""
    return {(e, n): graphs[e].query(n, **params_of(n)) for e in ENGINES for n in ALL_NAMES}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_named_query_answers(
    answers: dict[tuple[str, str], QueryResult], name: str, engine: str
) -> None:
    result = answers[engine, name]
    check(name, result.variables, result.as_strings())


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_engine_gives_the_same_terms(
    answers: dict[tuple[str, str], QueryResult], name: str
) -> None:
    """Not just the same strings: the same RDF terms (datatypes, languages) in the same order."""
    first = answers["store", name]
    for engine in ENGINES:
        result = answers[engine, name]
        assert result.variables == first.variables, engine
        assert result.rows == first.rows, engine


def test_store_is_used_when_current(built: Path) -> None:
    sg = load(GRAPH_DIR, store=built / "store")
    assert sg.source == f"store {built / 'store'}"
    assert sg.note == ""


def test_stale_store_is_not_used(built: Path, graph_copy: Path) -> None:
    path = next(graph_copy.glob("*.trig"))
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    sg = load(graph_copy, store=built / "store")
    assert sg.source == f"files {graph_copy}"
    assert "out of date" in sg.note


def test_query_df_types(graphs: dict[str, SpaceGraph]) -> None:
    df = graphs["store"].query_df(
        "SELECT ?mission ?return ?start WHERE {"
        " ?mission sg:returnDate ?return ."
        " ?c rdf:subject ?mission ; rdf:predicate sg:returnDate ; sg:hasEvidence ?e ."
        " ?e oa:hasSelector ?p . ?p oa:start ?start }"
    )
    assert list(df.columns) == ["mission", "return", "start"]
    assert df.loc[0, "mission"] == SGR + "mission/change-5"
    assert df.loc[0, "return"] == pd.Timestamp(datetime.date(2020, 12, 3))
    assert pd.api.types.is_datetime64_any_dtype(df["return"])
    assert pd.api.types.is_integer_dtype(df["start"]) and df.loc[0, "start"] == 1678


def test_query_df_numbers_and_unbound(graphs: dict[str, SpaceGraph]) -> None:
    df = graphs["rdflib-files"].query_df("top-actors")
    assert df["relations"].dtype == "int64" and df.loc[0, "relations"] == 10
    mass = graphs["rdflib-files"].query_df(
        "SELECT ?v ?missing WHERE { ?q sg:normalisedValue ?v OPTIONAL { ?q sg:nothing ?missing } }"
    )
    assert mass["v"].dtype == "float64" and mass.loc[0, "v"] == pytest.approx(1995.806)
    assert mass["missing"].isna().all()


@pytest.mark.parametrize("engine", ["store", "rdflib-files"])
def test_inline_bindings_are_terms_not_text(graphs: dict[str, SpaceGraph], engine: str) -> None:
    sg = graphs[engine]
    q = "SELECT ?label WHERE { ?x rdfs:label ?label }"
    assert sg.query(q, x=URIRef(SGR + "nation/china")).as_strings() == [("China",)]
    assert sg.query(q, x=SGR + "nation/china").as_strings() == [("China",)]
    # A value with quotes and braces is a literal, not SPARQL.
    hostile = 'China" } ; ?x ?y ?z . { "'
    assert sg.query("SELECT ?x WHERE { ?x rdfs:label ?label }", label=hostile).rows == []
    assert sg.query("SELECT ?x WHERE { ?x rdfs:label ?label }", label=Literal("China")).rows == [
        (URIRef(SGR + "nation/china"),)
    ]


def test_entity_labels_aliases_iris_and_names(graphs: dict[str, SpaceGraph]) -> None:
    sg = graphs["store"]
    for value in [
        "CNSA",
        "china’s national space administration",
        "sgr:id/spaceagency/china-national-space-administration",
    ]:
        rows = sg.query("missions", actor=value).as_strings()
        assert [r[0] for r in rows] == ["Chang'e-5"], value
    assert sg.query("cooperation-in-domain", domain="sg:Science").rows


def test_parameter_errors(graphs: dict[str, SpaceGraph]) -> None:
    sg = graphs["store"]
    with pytest.raises(QueryError, match=r"query missions needs --param actor=…"):
        sg.query("missions")
    with pytest.raises(UnknownNameError, match=r"has no parameter 'acter'; did you mean: actor\?"):
        sg.query("missions", acter="China")
    with pytest.raises(
        UnknownNameError, match=r"no entity has this label or alias; did you mean: China"
    ):
        sg.query("missions", actor="Chinaa")
    with pytest.raises(
        UnknownNameError, match=r"no query named 'top-actor'; did you mean: top-actors\?"
    ):
        sg.query("top-actor")


@pytest.mark.parametrize("engine", ["store", "rdflib-files"])
def test_syntax_error_has_line_and_column(graphs: dict[str, SpaceGraph], engine: str) -> None:
    with pytest.raises(QueryError, match=r"^<query>:2:\d+: SPARQL syntax error: "):
        graphs[engine].query("SELECT ?s\nWHERE { ?s ?p }")


@pytest.mark.parametrize("engine", ["store", "rdflib-files"])
def test_update_is_refused(graphs: dict[str, SpaceGraph], engine: str) -> None:
    with pytest.raises(QueryError, match="INSERT is a SPARQL UPDATE; spacegraph only reads"):
        graphs[engine].query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_timeout_stops_a_long_query(graphs: dict[str, SpaceGraph]) -> None:
    # Seconds long, not endless: a query stopped by the timeout runs on in its thread until it
    # ends (no engine here can cancel one), and an endless one kept a core busy all session.
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        " LIMIT 20000000 } }"
    )
    with pytest.raises(QueryError, match=r"stopped after 0.5 s \(--timeout\)"):
        graphs["store"].query(slow, timeout=0.5)


# -- two documents: corroboration and disagreement ------------------------------------------------
def _doc(slug: str) -> DocumentGraph:
    return DocumentGraph(slug, file_name=f"{slug}.txt", title=slug, sha256="0" * 64, length=100)


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Doc a and doc b agree on the operator, differ on the return date, b denies the rover."""
    folder = tmp_path_factory.mktemp("two-docs")
    for slug, returned, rover_denied in [("a", "2020-12-16", False), ("b", "2020-12-17", True)]:
        g = _doc(slug)
        mission = g.entity(SG.Mission, "Chang'e-5")
        cnsa = g.entity(SG.SpaceAgency, "China National Space Administration", aliases=["CNSA"])
        g.state(mission, SG.operatedBy, cnsa, [(0, 10)])
        g.state(mission, SG.returnDate, Literal(returned, datatype=XSD.date), [(10, 20)])
        # dates at two precisions that agree are not a conflict
        launch = Literal("2020-11", datatype=XSD.gYearMonth)
        if slug == "b":
            launch = Literal("2020-11-24", datatype=XSD.date)
        g.state(mission, SG.launchDate, launch, [(20, 30)])
        g.state(mission, SG.hasRover, Literal(True), [(30, 40)], negated=rover_denied)
        (folder / f"{slug}.trig").write_text(g.serialize(), encoding="utf-8")
    return folder


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_corroborated_and_conflicts(two_documents: Path, engine: str) -> None:
    sg = load(two_documents, engine=engine, store="")
    corroborated = sg.query("corroborated")
    cols = ["subjectLabel", "property", "objectLabel", "documents"]
    idx = [corroborated.variables.index(c) for c in cols]
    assert [tuple(r[i] for i in idx) for r in corroborated.as_strings()] == [
        ("Chang'e-5", "operatedBy", "China National Space Administration", "2")
    ]
    conflicts = sg.query("conflicts")
    cols = ["kind", "subjectLabel", "property", "value1", "document1", "value2", "document2"]
    idx = [conflicts.variables.index(c) for c in cols]
    assert [tuple(r[i] for i in idx) for r in conflicts.as_strings()] == [
        ("denied", "Chang'e-5", "hasRover", "true", "a.txt", "true", "b.txt"),
        (
            "different values",
            "Chang'e-5",
            "returnDate",
            "2020-12-16",
            "a.txt",
            "2020-12-17",
            "b.txt",
        ),
    ]
