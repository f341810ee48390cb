"""The triples the ingest report reads of a folder: rdflib's reading, less the unread quads."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, BNode

from spacegraph.folder_triples import UNREAD_PREDICATES, UNREAD_TYPES, document_triples
from spacegraph.ingest import ingest
from spacegraph.loader import load


def test_same_terms_as_rdflib_without_the_unread_quads(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "graph"
    ingest([corpus / "change5-mission-record.txt"], folder)  # an extracted graph, and
    (folder / "curated.trig").write_text(  # a literal of every kind
        "@prefix ex: <https://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "ex:g { ex:a ex:p 'plain', 'tagged'@en, '4.40'^^xsd:decimal, '2020-11'^^xsd:gYearMonth,"
        " 7, true, _:b . }\n",
        encoding="utf-8",
    )
    loaded = load(folder)
    ours = document_triples(loaded.quads)
    for graph in loaded.document_graphs():
        expected = {
            (s, p, o)
            for s, p, o in graph
            if p not in UNREAD_PREDICATES and not (p == RDF.type and o in UNREAD_TYPES)
        }
        got = set(ours.pop(graph.identifier))  # type: ignore[call-overload]
        assert len(got) == len(expected)  # blank nodes are named differently:
        named = lambda triples: {t for t in triples if not any(isinstance(x, BNode) for x in t)}  # noqa: E731
        assert named(got) == named(expected)
    assert not ours
