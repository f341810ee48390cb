"""Projections of the first article's graph, and of small two-document graphs."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from spacegraph.docgraph import DocumentGraph
from spacegraph.errors import UnknownNameError
from spacegraph.iri import entity_iri
from spacegraph.loader import load
from spacegraph.measures import centrality_table
from spacegraph.network import PROJECTIONS, load_store, project
from spacegraph.paths import ontology_file
from spacegraph.vocab import SG

from .conftest import GRAPH_DIR

CHINA = str(entity_iri("Nation", "China"))
US = str(entity_iri("Nation", "United States"))
CNSA = str(entity_iri("SpaceAgency", "China National Space Administration"))
CHANGE5 = str(entity_iri("Mission", "Chang'e-5"))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(GRAPH_DIR)


@pytest.fixture(scope="module")
def actor(store: ox.Store) -> nx.Graph:
    return project(store, "actor")


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_nodes_and_edges_carry_their_attributes(store: ox.Store, name: str) -> None:
    G = project(store, name)
    assert G.number_of_edges() > 0
    for node, data in G.nodes(data=True):
        assert data["iri"] == node
        assert data["label"] and data["class"]
        assert not data["class"].startswith("http")
    for _, _, data in G.edges(data=True):
        assert data["weight"] == len(data["documents"]) >= 1
        assert data["distance"] == pytest.approx(1 / data["weight"])
        assert data["relations"] == sorted(data["relations"])
        assert data["evidence"] and all("/evidence/" in e for e in data["evidence"])
        assert data["contested"] is False


def test_no_class_label_or_literal_becomes_a_node(store: ox.Store) -> None:
    for name in PROJECTIONS:
        for node in project(store, name):
            assert node.startswith("https://w3id.org/spacegraph/id/")


def test_actor_graph_of_the_first_article(actor: nx.Graph) -> None:
    """Top actors by degree and betweenness, counted by hand from the article's facts.

    The article states: China and the US cooperate, trade and invest (one
    cooperation, one trade figure reported by the US-China Business Council,
    one investment figure); CNSA is China's agency and cooperates with France,
    Germany, Japan, Pakistan and the UK, whose institutions (and Brown and
    Stony Brook in the US) got sample access; China has joint missions with
    Russia and Europe; John Logsdon was director of the Space Policy
    Institute, part of George Washington University.

    Degree: CNSA 6 (China + 5 nations), China 5 (US, CNSA, USCBC, Russia,
    Europe), US 4 (China, USCBC, Brown, Stony Brook).

    Betweenness (21 nodes, normalised by C(20,2) = 190 pairs):
    - CNSA cuts off 5 branches of 2 (a nation and its institutions) from
      the 7 other nodes of the main component: 40 branch-to-branch pairs +
      10 x 7 = 110 pairs, 110/190.
    - China separates CNSA's 11 nodes, the US group (US, USCBC, Brown, Stony
      Brook: 4), Russia and Europe: 11*4 + 11 + 11 + 4 + 4 + 1 = 75, 75/190.
    - The US is the only way to Brown and Stony Brook: 2 x 15 + 1 = 31, 31/190.
    - France (and each of the four other nations) is the only way to its
      institutions: 16 pairs, 16/190.
    """
    table = centrality_table(actor, ["degree", "betweenness", "pagerank"])
    assert list(table.index[:3]) == [CNSA, CHINA, US]
    assert table.loc[CNSA, "degree"] == 6
    assert table.loc[CHINA, "degree"] == 5
    assert table.loc[US, "degree"] == 4
    between = table["betweenness"]
    assert between[CNSA] == pytest.approx(110 / 190)
    assert between[CHINA] == pytest.approx(75 / 190)
    assert between[US] == pytest.approx(31 / 190)
    assert between[str(entity_iri("Nation", "France"))] == pytest.approx(16 / 190)
    assert list(between.sort_values(ascending=False, kind="mergesort").index[:3]) == [
        CNSA,
        CHINA,
        US,
    ]
    # PageRank agrees on the top three: most links, and to the best-linked.
    assert list(table["pagerank"].sort_values(ascending=False).index[:3]) == [CNSA, CHINA, US]


def test_cooperation_edges_and_co_participants(actor: nx.Graph) -> None:
    edge = actor[CHINA][US]
    assert {"cooperatesWith", "tradesWith", "investsIn", "Cooperation", "TradeFigure"} <= set(
        edge["relations"]
    )
    assert edge["weight"] == 1  # one document states all of it
    uscbc = str(entity_iri("Organisation", "US-China Business Council"))
    assert "TradeFigure" in actor[uscbc][CHINA]["relations"]  # reporter and party of one figure
    assert actor.nodes[CNSA]["class"] == "SpaceAgency"
    assert actor.nodes[CNSA]["label"] == "China National Space Administration"


def test_nation_graph_lifts_agencies_and_records_the_path(store: ox.Store) -> None:
    """CNSA's cooperation with five nations becomes China's, through CNSA agencyOf China."""
    G = project(store, "nation")
    assert {G.nodes[n]["class"] for n in G} <= {"Nation", "Region"}
    france = str(entity_iri("Nation", "France"))
    assert G[CHINA][france]["relations"] == ["cooperatesWith"]
    assert G[CHINA][france]["lifts"] == ["China National Space Administration agencyOf China"]
    assert "lifts" not in G[CHINA][US]  # stated between the nations themselves
    assert nx.betweenness_centrality(G)[CHINA] == 1.0  # a star around China
    assert G.degree(CHINA) == G.number_of_nodes() - 1


def test_mission_graph_is_bipartite(store: ox.Store) -> None:
    G = project(store, "mission")
    assert nx.is_bipartite(G)
    top = {n for n, d in G.nodes(data=True) if d["bipartite"] == 0}
    assert CNSA in top and CHINA in top and CHANGE5 not in top
    assert G[CHANGE5][CNSA]["relations"] == ["operatedBy"]
    assert G[CHANGE5][CHINA]["relations"] == ["country"]
    for u, v in G.edges:
        assert G.nodes[u]["bipartite"] != G.nodes[v]["bipartite"]


def test_sources_agree(store: ox.Store) -> None:
    """A Store, a loaded rdflib dataset and a folder give the same graph."""
    from_store = project(store, "actor")
    from_dataset = project(load(GRAPH_DIR), "actor")
    from_folder = project(GRAPH_DIR, "actor")
    for other in (from_dataset, from_folder):
        assert nx.utils.graphs_equal(from_store, other)


def test_unknown_projection_lists_the_valid_ones(store: ox.Store) -> None:
    with pytest.raises(UnknownNameError, match="valid projections: actor, nation, mission"):
        project(store, "actors")


# -- two documents: corroboration and contradiction ----------------------------------------
def document(stem: str) -> DocumentGraph:
    return DocumentGraph(stem, file_name=f"{stem}.txt", title=stem, sha256="0" * 64, length=100)


@pytest.fixture()
def two_documents(tmp_path: Path) -> Path:
    """Doc a: ESA cooperates with NASA, NASA with JAXA; JAXA agencyOf Japan; NASA agencyOf US.

    Doc b: ESA cooperates with NASA (corroborates), denies that NASA cooperates
    with JAXA (contests), and says JAXA is the agency of Japan.
    """
    a, b = document("a"), document("b")
    for doc in (a, b):
        esa = doc.entity(SG.SpaceAgency, "ESA")
        nasa = doc.entity(SG.SpaceAgency, "NASA")
        jaxa = doc.entity(SG.SpaceAgency, "JAXA")
        japan = doc.entity(SG.Nation, "Japan")
        doc.state(esa, SG.cooperatesWith, nasa, [(0, 10)])
        doc.state(jaxa, SG.agencyOf, japan, [(10, 20)])
    a.state(nasa, SG.cooperatesWith, jaxa, [(20, 30)])
    b.state(nasa, SG.cooperatesWith, jaxa, [(20, 30)], negated=True)
    us = a.entity(SG.Nation, "United States")
    a.state(nasa, SG.agencyOf, us, [(30, 40)])
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / "a.trig").write_text(a.serialize(), encoding="utf-8")
    (folder / "b.trig").write_text(b.serialize(), encoding="utf-8")
    return folder


def test_corroborated_edge_weighs_two_documents(two_documents: Path) -> None:
    G = project(two_documents, "actor")
    esa, nasa = str(entity_iri("SpaceAgency", "ESA")), str(entity_iri("SpaceAgency", "NASA"))
    assert G[esa][nasa]["weight"] == 2
    assert G[esa][nasa]["distance"] == 0.5
    assert len(G[esa][nasa]["documents"]) == 2


def test_denied_fact_is_left_out_unless_asked(two_documents: Path) -> None:
    nasa, jaxa = str(entity_iri("SpaceAgency", "NASA")), str(entity_iri("SpaceAgency", "JAXA"))
    G = project(two_documents, "actor")
    assert not G.has_edge(nasa, jaxa)
    assert G.graph["excluded_contested"] == 1
    kept = project(two_documents, "actor", include_contested=True)
    assert kept[nasa][jaxa]["contested"] is True
    assert kept[nasa][jaxa]["weight"] == 1  # only document a affirms it
    # The nation graph follows: the US and Japan are linked only through the contested fact.
    japan, us = str(entity_iri("Nation", "Japan")), str(entity_iri("Nation", "United States"))
    nations = project(two_documents, "nation")
    assert not nations.has_edge(japan, us)
    with_contested = project(two_documents, "nation", include_contested=True)
    assert with_contested[japan][us]["lifts"] == [
        "JAXA agencyOf Japan",
        "NASA agencyOf United States",
    ]


def test_two_values_of_a_functional_property_are_contested(tmp_path: Path) -> None:
    """With sg:agencyOf declared functional, an agency of two nations is a conflict."""
    ontology = tmp_path / "ontology.ttl"
    ontology.write_text(
        ontology_file().read_text(encoding="utf-8")
        + "\n<https://w3id.org/spacegraph/ontology#agencyOf>"
        " a <http://www.w3.org/2002/07/owl#FunctionalProperty> .\n",
        encoding="utf-8",
    )
    a, b = document("a"), document("b")
    agency = a.entity(SG.SpaceAgency, "Agency")
    b.entity(SG.SpaceAgency, "Agency")
    a.state(agency, SG.agencyOf, a.entity(SG.Nation, "Xland"), [(0, 10)])
    b.state(agency, SG.agencyOf, b.entity(SG.Nation, "Yland"), [(0, 10)])
    folder = tmp_path / "graph"
    folder.mkdir()
    (folder / "a.trig").write_text(a.serialize(), encoding="utf-8")
    (folder / "b.trig").write_text(b.serialize(), encoding="utf-8")
    store = load_store(folder, ontology=ontology)
    assert project(store, "actor").number_of_edges() == 0
    kept = project(store, "actor", include_contested=True)
    assert kept.number_of_edges() == 2
    assert all(d["contested"] for _, _, d in kept.edges(data=True))
