"""The lookups ingest makes without rdflib, and the TriG it writes without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from spacegraph.export import quads_of, to_trig
from spacegraph.extract import extract
from spacegraph.gazetteer import Gazetteer
from spacegraph.ingest import build_graph
from spacegraph.loader import load
from spacegraph.text import read_document
from spacegraph.triples import TripleIndex, UnionView

from .conftest import GRAPH_DIR


@pytest.fixture(scope="module")
def curated() -> Graph:
    return next(iter(load(GRAPH_DIR).document_graphs()))


def test_index_answers_as_rdflib_does(curated: Graph) -> None:
    index = TripleIndex(curated)
    assert len(index) == len(curated) and set(index) == set(curated)
    for p in set(curated.predicates()):
        assert set(index.subject_objects(p)) == set(curated.subject_objects(p))
        for s in set(curated.subjects(p, None)):
            assert set(index.objects(s, p)) == set(curated.objects(s, p))
            assert (s, p, None) in index
            assert index.value(s, p) in set(curated.objects(s, p))
        for o in set(curated.objects(None, p)):
            assert set(index.subjects(p, o)) == set(curated.subjects(p, o))
            assert (None, p, o) in index
    s, p, o = next(iter(curated))
    assert (s, p, o) in index and (o, p, s) not in index and (s, o, None) not in index


def test_index_keeps_its_indexes_up_to_date(curated: Graph) -> None:
    triples = list(curated)
    index = TripleIndex(triples[:10])
    s, p, _ = triples[0]
    assert set(index.objects(s, p))  # builds the subject index of p
    index.update(triples[10:])
    assert set(index.objects(s, p)) == set(curated.objects(s, p))
    assert len(index) == len(curated)


def test_union_view_reads_both(curated: Graph) -> None:
    triples = list(curated)
    half = len(triples) // 2
    view = UnionView(TripleIndex(triples[:half]), TripleIndex(triples[half:]))
    for s, p, o in triples[:: max(1, len(triples) // 50)]:
        assert (s, p, o) in view
        assert set(view.objects(s, p)) == set(curated.objects(s, p))
        assert view.value(s, p) is not None


def test_serialized_document_graph_states_the_document_graph(corpus: Path) -> None:
    doc = read_document(corpus / "iss-partnership.txt")
    gazetteer = Gazetteer.packaged()
    dg = build_graph(extract(doc, gazetteer))
    text = dg.serialize()
    assert text == build_graph(extract(doc, gazetteer)).serialize()  # deterministic
    assert text == to_trig(quads_of(dg.dataset))  # the dataset writer gives the same bytes
    written = Dataset()
    written.parse(data=text, format="trig")
    assert isomorphic(written.graph(dg.identifier), dg.graph)
    assert "@prefix sg: <https://w3id.org/spacegraph/ontology#> ." in text
