"""The union default graph: one copy of each triple, however many documents state it.

Documents corroborate each other, so the same triple sits in several named
graphs. spacegraph's Oxigraph stores hold the deduplicated union in their
default graph; every engine and every way of loading must then count the same
rows for a plain ``COUNT(*)`` (Oxigraph's on-the-fly union would count one per
copy).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import spacegraph
from spacegraph import oxstore
from spacegraph.cli import main
from spacegraph.synth import synthesise

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("union")
    synthesise(out, 3000, n_documents=6, seed=3)
    result = CliRunner().invoke(
        main, ["build", "--graph", str(out / "graph"), "--out", str(out / "build")]
    )
    assert result.exit_code == 0, result.output
    return out


def count(sg: spacegraph.SpaceGraph) -> int:
    return int(sg.query(COUNT).rows[0][0])


def test_corroborated_triples_are_in_several_graphs(world: Path) -> None:
    store = oxstore.load_store(world / "graph")
    named = sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    union = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert union < named, "the synthetic world should repeat triples across documents"


def test_every_engine_counts_the_union_once(world: Path) -> None:
    graph = world / "graph"
    counts = {
        "store": count(spacegraph.load(world / "build" / "store")),
        "oxigraph files": count(spacegraph.load(graph, store="")),
        "rdflib files": count(spacegraph.load(graph, engine="rdflib")),
        "turtle union": count(spacegraph.load(world / "build" / "spacegraph.ttl")),
        "n-quads": count(spacegraph.load(world / "build" / "spacegraph.nq")),
    }
    assert len(set(counts.values())) == 1, counts


def test_a_foreign_store_without_a_default_graph_is_queried_as_the_union(world: Path) -> None:
    store = ox.Store()
    store.load(path=str(world / "build" / "spacegraph.nq"), format=ox.RdfFormat.N_QUADS)
    assert not oxstore.has_union(store)
    rows = list(oxstore.query(store, "SELECT ?s WHERE { ?s a ?c } LIMIT 1"))
    assert rows, "the named graphs were not seen"


def test_the_built_store_holds_what_an_in_memory_store_holds(world: Path) -> None:
    """The build bulk-loads its store from the sorted text; nothing is lost or added on the way.

    The loader names blank nodes (the ontology's ``owl:unionOf`` lists) anew, so those quads
    are compared by number, and the union must hold the same blank nodes as the named graphs.
    """
    from spacegraph.store import open_store, read_manifest

    def blank(q: ox.Quad) -> bool:
        return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)

    def nodes(quads: list[ox.Quad]) -> set[ox.BlankNode]:
        return {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}

    built = list(open_store(world / "build" / "store"))
    memory = list(oxstore.load_store(world / "graph"))
    assert {q for q in built if not blank(q)} == {q for q in memory if not blank(q)}
    assert sum(map(blank, built)) == sum(map(blank, memory)) > 0
    default = [q for q in built if isinstance(q.graph_name, ox.DefaultGraph)]
    named = [q for q in built if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert nodes(default) == nodes(named)
    manifest = read_manifest(world / "build" / "store")
    assert manifest is not None
    assert (manifest["quads"], manifest["union_triples"]) == (len(named), len(default))
