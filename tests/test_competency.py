"""Competency questions: each ``tests/competency/*.rq`` answered over ``graph/*.trig``.

Every query file starts with ``# Question:``, ``# Expected:`` (in words) and
``# Expected-JSON:`` (the rows, each a list of strings: IRIs and the lexical
form of literals) comment lines. Each query runs against the union of the
document graphs in rdflib (``Dataset(default_union=True)``) and in pyoxigraph
(``use_default_graph_as_union=True``); both must give the expected rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef

# rdflib 7.6 warns about its own internal use of deprecated Dataset APIs
# (RDFLib/rdflib#3475); only those warnings are ignored.
pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:rdflib\..*")

ROOT = Path(__file__).resolve().parents[1]
QUERY_DIR = Path(__file__).resolve().parent / "competency"
QUERIES = sorted(QUERY_DIR.glob("*.rq"))
GRAPHS = sorted((ROOT / "graph").glob("*.trig"))

Row = tuple[str, ...]


def header(path: Path) -> dict[str, str]:
    """The ``# Key: value`` comment lines at the top of a query file."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, sep, value = line[2:].partition(": ")
        if sep:
            fields[key] = value
    return fields


def expected_rows(path: Path) -> list[Row]:
    rows = json.loads(header(path)["Expected-JSON"])
    return sorted(tuple(str(v) for v in row) for row in rows)


def test_the_globs_find_files() -> None:
    assert QUERIES, f"no competency questions in {QUERY_DIR}"
    assert GRAPHS, f"no document graphs in {ROOT / 'graph'}"


@pytest.fixture(scope="module")
def rdflib_dataset() -> Dataset:
    if not GRAPHS:
        pytest.fail(f"no document graphs in {ROOT / 'graph'}")
    ds = Dataset(default_union=True)
    for path in GRAPHS:
        ds.parse(path, format="trig")
    return ds


@pytest.fixture(scope="module")
def oxigraph_store() -> ox.Store:
    if not GRAPHS:
        pytest.fail(f"no document graphs in {ROOT / 'graph'}")
    store = ox.Store()
    for path in GRAPHS:
        store.load(path=path, format=ox.RdfFormat.TRIG)
    return store


def rdflib_answer(ds: Dataset, query: str) -> list[Row]:
    rows = []
    for row in ds.query(query):
        values = []
        for term in row:  # type: ignore[union-attr]
            assert isinstance(term, URIRef | Literal), f"unexpected term {term!r}"
            values.append(str(term))
        rows.append(tuple(values))
    return sorted(rows)


def oxigraph_answer(store: ox.Store, query: str) -> list[Row]:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = []
    for solution in solutions:
        values = []
        for var in solutions.variables:
            term = solution[var]
            assert isinstance(term, ox.NamedNode | ox.Literal), f"unexpected term {term!r}"
            values.append(term.value)
        rows.append(tuple(values))
    return sorted(rows)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_file_has_question_and_expected_answer(path: Path) -> None:
    fields = header(path)
    assert fields.get("Question", "").endswith("?"), f"{path.name}: no '# Question: …?' line"
    assert fields.get("Expected"), f"{path.name}: no '# Expected:' line"
    assert expected_rows(path), f"{path.name}: '# Expected-JSON:' has no rows"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_rdflib_answers(path: Path, rdflib_dataset: Dataset) -> None:
    query = path.read_text(encoding="utf-8")
    assert rdflib_answer(rdflib_dataset, query) == expected_rows(path)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_oxigraph_answers(path: Path, oxigraph_store: ox.Store) -> None:
    query = path.read_text(encoding="utf-8")
    assert oxigraph_answer(oxigraph_store, query) == expected_rows(path)
