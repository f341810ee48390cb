"""Each measure on graphs small enough to check by hand."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest

from spacegraph.errors import SpacegraphError, UnknownNameError
from spacegraph.measures import (
    ANALYSIS_GRAPH,
    MEASURES,
    centrality_table,
    check_backend,
    measures_to_rdf,
)
from spacegraph.network import EmptyProjectionError


def weighted(G: nx.Graph, weights: dict[tuple[int, int], int] | None = None) -> nx.Graph:
    """Give every edge a weight (default 1) and distance = 1/weight, as projections do."""
    for u, v in G.edges:
        w = (weights or {}).get((u, v), (weights or {}).get((v, u), 1))
        G[u][v]["weight"] = w
        G[u][v]["distance"] = 1 / w
    return G


@pytest.fixture()
def star() -> pd.DataFrame:
    """Centre 0 with leaves 1-4."""
    return centrality_table(weighted(nx.star_graph(4)))


@pytest.fixture()
def path() -> pd.DataFrame:
    """0 - 1 - 2 - 3."""
    return centrality_table(weighted(nx.path_graph(4)))


def test_star(star: pd.DataFrame) -> None:
    centre, leaf = star.loc[0], star.loc[1]
    assert (centre["degree"], leaf["degree"]) == (4, 1)
    assert (centre["weighted_degree"], leaf["weighted_degree"]) == (4.0, 1.0)
    # Every one of the C(4,2) = 6 leaf pairs passes through the centre.
    assert (centre["betweenness"], leaf["betweenness"]) == (1.0, 0.0)
    # Closeness: (n-1) / sum of distances; a leaf is 1 from the centre and 2 from 3 leaves.
    assert centre["closeness"] == pytest.approx(1.0)
    assert leaf["closeness"] == pytest.approx(4 / 7)
    assert centre["harmonic"] == pytest.approx(4.0)
    assert leaf["harmonic"] == pytest.approx(1 + 3 * 0.5)
    # Eigenvector of K(1,4): lambda = 2, centre twice a leaf, unit length: 2/sqrt(8), 1/sqrt(8).
    assert centre["eigenvector"] == pytest.approx(2 / 8**0.5, abs=1e-6)
    assert leaf["eigenvector"] == pytest.approx(1 / 8**0.5, abs=1e-6)
    # PageRank, d = 0.85: c = 0.15/5 + 0.85 * 4l and l = 0.15/5 + 0.85 c/4, so c = 0.88/1.85.
    assert centre["pagerank"] == pytest.approx(
        0.88 / 1.85, abs=1e-5
    )  # nx stops at tol 1e-6 per node
    assert leaf["pagerank"] == pytest.approx((1 - 0.88 / 1.85) / 4, abs=1e-5)
    assert star["community"].nunique() == 1  # one community: nothing to split


def test_path(path: pd.DataFrame) -> None:
    assert path["degree"].to_dict() == {0: 1, 1: 2, 2: 2, 3: 1}
    # Node 1 lies on the paths 0-2 and 0-3: 2 of the C(3,2) = 3 pairs not involving it.
    assert path.loc[1, "betweenness"] == pytest.approx(2 / 3)
    assert path.loc[0, "betweenness"] == 0.0
    assert path.loc[0, "closeness"] == pytest.approx(3 / (1 + 2 + 3))
    assert path.loc[1, "closeness"] == pytest.approx(3 / (1 + 1 + 2))
    assert path.loc[0, "harmonic"] == pytest.approx(1 + 1 / 2 + 1 / 3)
    assert path.loc[1, "harmonic"] == pytest.approx(1 + 1 + 1 / 2)
    assert path.loc[1, "pagerank"] > path.loc[0, "pagerank"]
    assert path.loc[1, "eigenvector"] > path.loc[0, "eigenvector"]


def test_weights_are_strengths_and_distances_lengths() -> None:
    """a-b and b-c are each stated by 4 documents, a-c by 1, c-d by 1.

    Distances: a-b 0.25, b-c 0.25, a-c 1, c-d 1. The shortest a-c path is
    a-b-c (0.5 < 1), so b lies on a-c and a-d; c lies on a-d and b-d.
    Betweenness (normalised by C(3,2) = 3): b = c = 2/3, a = d = 0. Counting
    hops instead, b would lie on no shortest path at all.
    """
    G = weighted(
        nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")]),
        {("a", "b"): 4, ("b", "c"): 4},
    )
    table = centrality_table(G)
    assert table["betweenness"].to_dict() == pytest.approx(
        {"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0}
    )
    assert table["weighted_degree"].to_dict() == {"a": 5.0, "b": 8.0, "c": 6.0, "d": 1.0}
    # From a: b at 0.25, c at 0.5, d at 1.5.
    assert table.loc["a", "closeness"] == pytest.approx(3 / 2.25)
    assert table.loc["a", "harmonic"] == pytest.approx(4 + 2 + 1 / 1.5)
    assert nx.betweenness_centrality(G)["b"] == 0.0  # unweighted: the direct a-c edge wins


def test_louvain_finds_the_two_triangles_and_repeats() -> None:
    G = weighted(nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)]))
    first = centrality_table(G, ["community"], seed=7)["community"].to_dict()
    assert first[1] == first[2] == first[3] != first[4] == first[5] == first[6]
    for _ in range(3):
        assert centrality_table(G, ["community"], seed=7)["community"].to_dict() == first


def test_sampled_betweenness_repeats_with_a_seed() -> None:
    G = weighted(nx.barabasi_albert_graph(60, 2, seed=1))
    one = centrality_table(G, ["betweenness"], k=10, seed=3)
    two = centrality_table(G, ["betweenness"], k=10, seed=3)
    pd.testing.assert_frame_equal(one, two)


def test_table_is_sorted_by_the_first_measure() -> None:
    table = centrality_table(weighted(nx.path_graph(4)), ["betweenness", "degree"])
    assert list(table.columns) == ["label", "class", "betweenness", "degree"]
    assert list(table.index[:2]) == [1, 2]


def test_unknown_measure_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownNameError) as err:
        centrality_table(weighted(nx.path_graph(3)), ["pagrank"])
    for name in MEASURES:
        assert name in str(err.value)


def test_empty_graph_says_so() -> None:
    G = nx.Graph(projection="actor")
    G.add_node("x")
    with pytest.raises(EmptyProjectionError, match="actor projection has no edges"):
        centrality_table(G)


def test_unknown_backend_lists_installed_ones() -> None:
    with pytest.raises(UnknownNameError, match="installed backends: networkx"):
        check_backend("no-such-backend")
    assert check_backend(None) is None
    assert check_backend("networkx") is None


def test_parallel_backend_gives_the_same_numbers_or_a_clear_error() -> None:
    """nx-parallel through NetworkX's dispatch: the same table, or one line saying why not."""
    if "parallel" not in nx.utils.backends.backends:
        pytest.skip("nx-parallel is not installed (pip install 'spacegraph[parallel]')")
    G = weighted(nx.barabasi_albert_graph(80, 2, seed=2))
    plain = centrality_table(G)
    try:
        parallel = centrality_table(G, backend="parallel")
    except UnknownNameError:  # pragma: no cover
        raise
    except SpacegraphError as exc:
        assert "does not load with networkx" in str(exc)
        return
    pd.testing.assert_frame_equal(plain, parallel)


def test_measures_to_rdf_sorts_in_sparql() -> None:
    table = centrality_table(weighted(nx.star_graph(3)), ["pagerank", "community"])
    table.index = [f"https://example.org/n{n}" for n in table.index]
    graph = measures_to_rdf(table, "actor", computed_on=dt.date(2026, 1, 2))
    assert graph.identifier == ANALYSIS_GRAPH
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    rows = list(
        store.query(
            """PREFIX sg: <https://w3id.org/spacegraph/ontology#>
            SELECT ?node ?rank ?day WHERE {
              ?s a sg:CentralityScore ; sg:node ?node ; sg:measure "pagerank" ;
                 sg:projection "actor" ; sg:value ?v ; sg:rank ?rank ; sg:computedOn ?day }
            ORDER BY DESC(?v) ?node"""
        )
    )
    assert rows[0]["node"].value == "https://example.org/n0"
    assert [int(r["rank"].value) for r in rows] == [1, 2, 2, 2]  # ties share the rank
    assert {r["day"].value for r in rows} == {"2026-01-02"}
    community = list(
        store.query("SELECT ?c WHERE { ?s <https://w3id.org/spacegraph/ontology#community> ?c }")
    )
    assert len(community) == 4
    # The same table gives the same graph.
    again = measures_to_rdf(table, "actor", computed_on=dt.date(2026, 1, 2))
    assert set(again) == set(graph)
