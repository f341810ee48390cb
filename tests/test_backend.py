"""``spacegraph rank --backend parallel``: nx-parallel through NetworkX's dispatch, for real.

The test extra installs nx-parallel (0.3 with NetworkX 3.4 on Python 3.11), so CI runs these;
without it they skip and say why.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from spacegraph.cli import main
from spacegraph.docgraph import DocumentGraph
from spacegraph.errors import SpacegraphError
from spacegraph.measures import MEASURES, centrality_table, check_backend
from spacegraph.vocab import SG

from .conftest import GRAPH_DIR, IN_CI

#: Betweenness first, so the table is ranked by it; every other measure after it.
ALL_BY_BETWEENNESS = ",".join(["betweenness", *(m for m in MEASURES if m != "betweenness")])


@pytest.fixture(scope="module", autouse=True)
def parallel_backend() -> None:
    """Skip (with the reason) unless nx-parallel is installed and loads with this NetworkX."""
    if "parallel" not in nx.utils.backends.backends:
        if IN_CI:
            pytest.fail("the test extra installs nx-parallel, but NetworkX does not see it")
        pytest.skip("nx-parallel is not installed (pip install -e '.[parallel]')")
    try:
        check_backend("parallel")
    except SpacegraphError as exc:
        if IN_CI:
            raise
        pytest.skip(str(exc))


def rank(graph_dir: Path, *args: str) -> pd.DataFrame:
    result = CliRunner().invoke(
        main, ["rank", "--graph", str(graph_dir), "--format", "csv", "--top", "0", *args]
    )
    assert result.exit_code == 0, result.stderr
    return pd.read_csv(io.StringIO(result.stdout))


def dispatched(caplog: pytest.LogCaptureFixture) -> set[tuple[str, str]]:
    """(backend, function) of every call NetworkX's dispatch logged as handed to a backend."""
    return {
        (str(r.args[0]), str(r.args[1]).strip("`'"))
        for r in caplog.records
        if r.name.startswith("networkx")
        and r.msg.startswith("Using backend")
        and isinstance(r.args, tuple)
        and len(r.args) >= 2
    }


def assert_same_ranking(plain: pd.DataFrame, parallel: pd.DataFrame) -> None:
    assert list(parallel["node"]) == list(plain["node"])  # the same order, node for node
    # nx-parallel adds the chunks' partial sums in another order: equal up to rounding.
    pd.testing.assert_frame_equal(parallel, plain, check_exact=False, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("projection", ["actor", "nation"])
@pytest.mark.parametrize("k", [None, 5])
def test_first_article_ranks_the_same_with_the_backend(
    projection: str, k: int | None, caplog: pytest.LogCaptureFixture
) -> None:
    args = ["--projection", projection, "--measure", ALL_BY_BETWEENNESS]
    if k is not None:
        args += ["--k", str(k)]
    caplog.set_level(logging.DEBUG, logger="networkx")
    plain = rank(GRAPH_DIR, *args)
    assert dispatched(caplog) == set()  # without --backend NetworkX runs everything itself
    caplog.clear()
    parallel = rank(GRAPH_DIR, *args, "--backend", "parallel")
    assert ("parallel", "betweenness_centrality") in dispatched(caplog)
    assert_same_ranking(plain, parallel)
    assert plain["betweenness"].iloc[0] > 0


def test_the_first_articles_broker_tops_betweenness() -> None:
    table = rank(GRAPH_DIR, "--measure", "betweenness", "--backend", "parallel")
    assert table.loc[0, "label"] == "China National Space Administration"
    nations = rank(
        GRAPH_DIR, "--projection", "nation", "--measure", "betweenness", "--backend", "parallel"
    )
    assert (nations.loc[0, "label"], nations.loc[0, "betweenness"]) == ("China", 1.0)


@pytest.fixture()
def five_agencies(tmp_path: Path) -> Path:
    """One document: Alpha - Beta - Gamma - Delta, and Gamma - Epsilon.

    Of the C(4,2) = 6 pairs of the other four nodes, Gamma lies on 5 shortest
    paths (all but Alpha-Beta) and Beta on 3 (Alpha to Gamma, Delta, Epsilon):
    betweenness 5/6 and 1/2; the three ends lie on none.
    """
    doc = DocumentGraph("five", file_name="five.txt", title="five", sha256="0" * 64, length=100)
    a, b, c, d, e = (
        doc.entity(SG.SpaceAgency, name) for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")
    )
    for i, (s, o) in enumerate([(a, b), (b, c), (c, d), (c, e)]):
        doc.state(s, SG.cooperatesWith, o, [(10 * i, 10 * i + 10)])
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / "five.trig").write_text(doc.serialize(), encoding="utf-8")
    return folder


def test_small_graph_by_hand(five_agencies: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="networkx")
    parallel = rank(five_agencies, "--measure", "betweenness,degree", "--backend", "parallel")
    assert ("parallel", "betweenness_centrality") in dispatched(caplog)
    assert list(parallel["label"]) == ["Gamma", "Beta", "Alpha", "Delta", "Epsilon"]
    assert list(parallel["betweenness"]) == pytest.approx([5 / 6, 1 / 2, 0, 0, 0])
    assert list(parallel["degree"]) == [3, 2, 1, 1, 1]
    assert_same_ranking(rank(five_agencies, "--measure", "betweenness,degree"), parallel)


def test_backend_is_first_only_inside_the_call(five_agencies: Path) -> None:
    """After a ranking with the backend, NetworkX's config is as it was (NetworkX 3.4 kept
    the backend first for every later call when ``nx.config(backend_priority=...)`` ended)."""

    def config() -> tuple[str, str, bool]:
        return (
            str(nx.config.backend_priority),
            str(nx.config.backends.parallel),
            nx.config.cache_converted_graphs,
        )

    before = config()
    rank(five_agencies, "--measure", "betweenness", "--backend", "parallel")
    assert config() == before


def test_the_same_graph_twice_neither_warns_nor_changes(caplog: pytest.LogCaptureFixture) -> None:
    """NetworkX warns when it reuses a cached conversion (an error under this suite's
    filterwarnings); the backend calls cache none, so ranking one graph again is quiet."""
    G = nx.barabasi_albert_graph(60, 2, seed=4)
    nx.set_edge_attributes(G, 1, "weight")
    nx.set_edge_attributes(G, 1.0, "distance")
    caplog.set_level(logging.DEBUG, logger="networkx")
    first = centrality_table(G, backend="parallel")
    second = centrality_table(G, backend="parallel")
    assert ("parallel", "betweenness_centrality") in dispatched(caplog)
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, centrality_table(G), check_exact=False, rtol=1e-12)
