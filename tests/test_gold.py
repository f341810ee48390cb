"""The gold mapping: vocabulary of every gold file, coverage of the curated graph, and checks
that find (or miss) each kind of item on small hand-built graphs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import XSD, Dataset, Graph, Literal

from spacegraph.docgraph import DocumentGraph
from spacegraph.errors import InputFileError, UnknownNameError
from spacegraph.gold import ENTITY_CLASSES, RELATIONS, check_gold, fact_mapping, load_gold
from spacegraph.iri import graph_iri
from spacegraph.vocab import SG

# rdflib 7.6 warns about its own internal use of deprecated Dataset APIs
# (RDFLib/rdflib#3475); only those warnings are ignored.
pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:rdflib\..*")

ROOT = Path(__file__).resolve().parents[1]
FIRST = "moon-rocks-china-us"


# --------------------------------------------------------------------------- real files
def test_every_gold_file_maps_onto_the_model(corpus: Path) -> None:
    paths = sorted(corpus.glob("*.gold.json"))
    assert paths, f"no gold files in {corpus}"
    for path in paths:
        gold = load_gold(path)  # raises on any type, relation or fact without a mapping
        assert gold.entities and gold.relations


@pytest.mark.parametrize("as_dataset", [True, False], ids=["dataset", "graph"])
def test_first_article_graph_covers_its_gold_file(corpus: Path, as_dataset: bool) -> None:
    ds = Dataset(default_union=True)
    ds.parse(ROOT / "graph" / f"{FIRST}.trig", format="trig")
    data: Graph = ds if as_dataset else ds.graph(graph_iri(FIRST))
    report = check_gold(data, corpus / f"{FIRST}.gold.json", corpus=corpus)
    assert report.complete, report.summary()
    gold = load_gold(corpus / f"{FIRST}.gold.json")
    assert len(report.found("entity")) == len(gold.entities) == 23
    assert len(report.found("relation")) == len(gold.relations) == 32
    assert len(report.found("fact")) == len(gold.facts) == 10
    assert report.recall() == 1.0


# --------------------------------------------------------------------------- hand-built
def write_gold(tmp_path: Path, **parts: Any) -> Path:
    data = {"document": "t.txt", "entities": [], "relations": [], "facts": [], **parts}
    path = tmp_path / "t.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def doc_graph() -> DocumentGraph:
    return DocumentGraph("t", file_name="t.txt", title="t", sha256="0" * 64, length=100)


NATIONS = [
    {"id": "cn", "label": "China", "type": "Nation"},
    {"id": "us", "label": "United States", "type": "Nation", "aliases": ["US"]},
]


def test_entity_matched_by_alias_and_class(tmp_path: Path) -> None:
    g = doc_graph()
    g.entity(SG.Nation, "China")
    g.entity(SG.Nation, "USA", aliases=["US"])
    report = check_gold(g.graph, write_gold(tmp_path, entities=NATIONS))
    assert report.complete, report.summary()


def test_entity_of_the_wrong_class_is_missing(tmp_path: Path) -> None:
    g = doc_graph()
    g.entity(SG.Region, "China")
    report = check_gold(g.graph, write_gold(tmp_path, entities=NATIONS[:1]))
    [item] = report.missing("entity")
    assert "expected" in item.detail and item.detail.endswith("#Nation")


def test_symmetric_relation_counts_either_way(tmp_path: Path) -> None:
    g = doc_graph()
    cn, us = g.entity(SG.Nation, "China"), g.entity(SG.Nation, "United States")
    g.state(us, SG.cooperatesWith, cn, [(0, 10)])
    g.state(us, SG.investsIn, cn, [(0, 10)])
    gold = write_gold(
        tmp_path,
        entities=NATIONS,
        relations=[["cn", "cooperatesWith", "us"], ["cn", "investsIn", "us"]],
    )
    report = check_gold(g.graph, gold)
    assert [i.gold[1] for i in report.found("relation")] == ["cooperatesWith"]
    assert [i.gold[1] for i in report.missing("relation")] == ["investsIn"]


def test_sample_access_of_a_nation_means_its_institutions(tmp_path: Path) -> None:
    g = doc_graph()
    fr = g.entity(SG.Nation, "France")
    samples = g.entity(SG.SampleCollection, "samples")
    inst = g.entity(SG.UnnamedInstitutions, "institutions in France")
    gold = write_gold(
        tmp_path,
        entities=[
            {"id": "fr", "label": "France", "type": "Nation"},
            {"id": "s", "label": "samples", "type": "SampleCollection"},
        ],
        relations=[["fr", "grantedSampleAccess", "s"]],
    )
    assert not check_gold(g.graph, gold).complete
    g.state(inst, SG.hasSampleAccess, samples, [(0, 10)])
    assert not check_gold(g.graph, gold).complete  # not yet located in France
    g.state(inst, SG.locatedIn, fr, [(0, 10)])
    assert check_gold(g.graph, gold).complete


def test_negated_relation_needs_a_negated_claim(tmp_path: Path) -> None:
    g = doc_graph()
    cn = g.entity(SG.Nation, "China")
    iss = g.entity(SG.SpaceStation, "International Space Station")
    gold = write_gold(
        tmp_path,
        entities=[NATIONS[0], {"id": "iss", "label": "ISS", "type": "SpaceStation"}],
        negated=[["cn", "participatesIn", "iss"]],
    )
    g.entity(SG.SpaceStation, "International Space Station", aliases=["ISS"])
    g.state(cn, SG.participatesIn, iss, [(0, 10)])
    assert report_kinds(check_gold(g.graph, gold)) == {"negated": False, "entity": True}
    g.state(cn, SG.participatesIn, iss, [(20, 30)], negated=True)
    assert report_kinds(check_gold(g.graph, gold)) == {"negated": True, "entity": True}


def report_kinds(report: Any) -> dict[str, bool]:
    """Per kind: are all items of that kind found?"""
    kinds = {i.kind for i in report.items}
    return {k: not report.missing(k) for k in kinds}


@pytest.mark.parametrize(
    ("literal", "gold_value", "found"),
    [
        (Literal("2020-11", datatype=XSD.gYearMonth), "2020-11", True),
        (Literal("2020-11", datatype=XSD.gYearMonth), "2020-11-23", False),
        (Literal("2020-11-23", datatype=XSD.date), "2020-11-23", True),
        (Literal("2020", datatype=XSD.gYear), "2020", True),
        (Literal("2020", datatype=XSD.gYear), "2020-11", False),
    ],
)
def test_dates_match_at_their_precision(
    tmp_path: Path, literal: Literal, gold_value: str, found: bool
) -> None:
    g = doc_graph()
    m = g.entity(SG.Mission, "M")
    g.state(m, SG.launchDate, literal, [(0, 10)])
    gold = write_gold(
        tmp_path,
        entities=[{"id": "m", "label": "M", "type": "Mission"}],
        facts=[["m", "launchDate", gold_value]],
    )
    assert check_gold(g.graph, gold).complete is found


def test_decade_needs_decade_precision(tmp_path: Path) -> None:
    g = doc_graph()
    cn = g.entity(SG.Nation, "China")
    gold = write_gold(
        tmp_path,
        entities=NATIONS[:1],
        facts=[["cn", "internationalSpaceCooperationSince", "1990s"]],
    )
    g.state(cn, SG.activeSince, Literal("1990", datatype=XSD.gYear), [(0, 10)])
    assert not check_gold(g.graph, gold).complete
    g.state(cn, SG.activeSince, Literal("1990", datatype=XSD.gYear), [(0, 10)], precision=SG.Decade)
    assert check_gold(g.graph, gold).complete


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "gold_value", "found"),
    [
        ("4.4", "LBR", SG.MoreThan, "more than 4.4 pound", True),
        ("4.4", "LBR", SG.Exactly, "more than 4.4 pound", False),
        ("4.4", "GRM", SG.MoreThan, "more than 4.4 pound", False),
        ("1731", "GRM", SG.Exactly, "1731 gram", True),
        ("1731", "GRM", SG.Exactly, "1,731 grams", True),
        ("2000000000", "ANN", SG.About, "about 2.0 billion years", True),
        ("4.1", "TNE", SG.About, "some 4.1 tonne", True),
        ("13", "TNE", SG.MoreThan, "just over 13 tonnes", True),
        ("700", "LBR", SG.About, "nearly 700 lbs", True),
    ],
)
def test_quantities_match_value_unit_and_qualifier(
    tmp_path: Path, value: str, unit: str, qualifier: Any, gold_value: str, found: bool
) -> None:
    g = doc_graph()
    s = g.entity(SG.SampleCollection, "S")
    g.state(s, SG.mass, g.quantity(value, unit, unit, qualifier=qualifier), [(0, 10)])
    gold = write_gold(
        tmp_path,
        entities=[{"id": "s", "label": "S", "type": "SampleCollection"}],
        facts=[["s", "mass", gold_value]],
    )
    assert check_gold(g.graph, gold).complete is found


def test_dataset_without_the_document_is_an_error(tmp_path: Path) -> None:
    ds = Dataset()
    with pytest.raises(UnknownNameError, match=r"no named graph holds document 't.txt'"):
        check_gold(ds, write_gold(tmp_path))


# --------------------------------------------------------------------------- the mapping
def test_unknown_names_are_refused_with_a_suggestion(tmp_path: Path) -> None:
    bad_type = write_gold(tmp_path, entities=[{"id": "x", "label": "X", "type": "Nations"}])
    with pytest.raises(UnknownNameError, match=r"unknown gold entity type 'Nations'.*Nation"):
        load_gold(bad_type)
    bad_relation = write_gold(tmp_path, entities=NATIONS, relations=[["cn", "tradeWith", "us"]])
    with pytest.raises(UnknownNameError, match=r"unknown gold relation 'tradeWith'.*tradesWith"):
        load_gold(bad_relation)
    bad_fact = write_gold(tmp_path, entities=NATIONS, facts=[["cn", "launchdate", "2020"]])
    with pytest.raises(UnknownNameError, match=r"unknown gold fact 'launchdate'.*launchDate"):
        load_gold(bad_fact)


def test_unmapped_names_are_kept_when_not_strict(tmp_path: Path) -> None:
    path = write_gold(
        tmp_path,
        entities=NATIONS,
        relations=[["cn", "fundedBy", "us"], ["cn", "tradesWith", "us"]],
        facts=[["cn", "arrivalDate", "2021"]],
    )
    gold = load_gold(path, strict=False)
    assert gold.relations[0] == ("cn", "fundedBy", "us")
    assert len(gold.unmapped) == 2
    assert "[cn, fundedBy, us]: unknown gold relation 'fundedBy'" in gold.unmapped[0]
    assert "unknown gold fact 'arrivalDate'" in gold.unmapped[1]
    with pytest.raises(UnknownNameError):
        load_gold(path)
    g = doc_graph()
    report = check_gold(g.graph, path, strict=False)
    unmapped = [i for i in report.items if i.detail.startswith("no mapping")]
    assert [(i.kind, i.gold[1], i.found) for i in unmapped] == [
        ("relation", "fundedBy", False),
        ("fact", "arrivalDate", False),
    ]
    # An unknown entity id is an error either way.
    dangling = write_gold(tmp_path, entities=NATIONS, relations=[["cn", "fundedBy", "xx"]])
    with pytest.raises(UnknownNameError, match="unknown gold entity id 'xx'"):
        load_gold(dangling, strict=False)


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.gold.json"
    path.write_text('{"document": "t.txt",\n  "entities": [}', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad\.gold\.json:2:\d+: not JSON"):
        load_gold(path)


def test_mapping_names_only_ontology_terms() -> None:
    assert ENTITY_CLASSES["Program"] == SG.Programme
    assert ENTITY_CLASSES["Organization"] == SG.Organisation
    assert RELATIONS["contributes"].predicate == RELATIONS["contributed"].predicate
    assert RELATIONS["contributed"].predicate == SG.contributedTo
    assert RELATIONS["cooperatesWith"].symmetric
    assert "enactedDate" in fact_mapping("date").description
