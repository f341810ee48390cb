"""A document graph written from its records is the text the generic writer gives, byte for byte."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from spacegraph import docrecords
from spacegraph.docgraph import DocumentGraph
from spacegraph.export import graph_to_trig, nt_form, quads_of, to_trig
from spacegraph.extract import extract
from spacegraph.gazetteer import Gazetteer
from spacegraph.ingest import build_graph
from spacegraph.synth import documents, render_docgraph
from spacegraph.text import read_document
from spacegraph.vocab import OA, PROV, SG, WD

ID = "https://w3id.org/spacegraph/id/"


def generic(dg: DocumentGraph) -> str:
    """What the generic writer gives for every triple of ``dg``."""
    return graph_to_trig(dg.identifier, dg.triples())


def recorded(dg: DocumentGraph) -> str:
    """``dg.serialize()``, failing if it does not write from the records."""
    with mock.patch("spacegraph.export.graph_to_trig", side_effect=AssertionError("generic")):
        return dg.serialize()


def new_graph(length: int = 1000) -> DocumentGraph:
    return DocumentGraph("t", file_name="t.txt", title="t", sha256="0" * 64, length=length)


@pytest.mark.parametrize(
    "name",
    [
        "moon-rocks-china-us.txt",
        "change5-mission-record.txt",
        "india-japan-lunar.txt",
        "iss-partnership.txt",
    ],
)
def test_corpus_articles(corpus: Path, name: str) -> None:
    dg = build_graph(extract(read_document(corpus / name), Gazetteer.packaged()))
    text = recorded(dg)
    assert text == generic(dg)
    assert "sg:hasEvidence" in text and "oa:hasBody" in text


def test_the_report_reads_the_plain_index_as_the_whole_graph(corpus: Path) -> None:
    """Comparing with the triples of the entities gives what comparing with all gives."""
    from spacegraph.corroboration import Known, compare

    from .conftest import GRAPH_DIR

    known = Known(GRAPH_DIR)
    for name in ("change5-mission-record.txt", "iss-partnership.txt"):
        ex = extract(read_document(corpus / name), Gazetteer.packaged())
        dg = build_graph(ex)
        plain, full = dg.plain_index(), dg.index()
        assert len(plain) < len(full) / 3
        assert compare(plain, dg.claims, known.union, known.functional, ex) == compare(
            full, dg.claims, known.union, known.functional, ex
        )


def test_a_claims_statements() -> None:
    dg = new_graph()
    s, o = URIRef(ID + "mission/a"), Literal("2020")
    claim = dg.state(s, SG.launchDate, o, [(0, 10), (20, 30)], precision=SG.Year, confidence=0.7)
    dg.state(s, SG.launchDate, o, [(0, 10)], confidence=0.9)
    ev = [URIRef(f"https://w3id.org/spacegraph/evidence/t/{a}-{b}") for a, b in ((0, 10), (20, 30))]
    assert {(p, v) for c, p, v in dg.triples() if c == claim} == {
        (RDF.type, SG.Claim),
        (RDF.subject, s),
        (RDF.predicate, SG.launchDate),
        (RDF.object, o),
        (SG.statedIn, dg.document),
        (SG.polarity, SG.Affirmed),
        (PROV.wasAttributedTo, dg.agent.iri),
        (SG.precision, SG.Year),
        (SG.hasEvidence, ev[0]),
        (SG.hasEvidence, ev[1]),
        (SG.confidence, Literal(Decimal("0.90"))),
    }
    assert (s, SG.launchDate, o) in set(dg.triples())
    selector = URIRef(f"{ev[1]}#position")
    assert {(p, v) for e, p, v in dg.triples() if e == selector} == {
        (RDF.type, OA.TextPositionSelector),
        (OA.start, Literal(20, datatype=XSD.nonNegativeInteger)),
        (OA.end, Literal(30, datatype=XSD.nonNegativeInteger)),
    }


def test_records_state_what_the_shared_graph_holds() -> None:
    """The triples made from the records are the ones the rdflib graph receives."""
    for doc in list(documents(2000, 2, seed=5)):
        dg = render_docgraph(doc)
        before = set(dg.triples())
        assert len(before) == len(dg.triples())  # each once
        assert set(dg.graph) == before
        assert len(dg) == len(before)


def test_synthetic_documents() -> None:
    """Curated and extracted plans: n-ary nodes, denials, confidences, many spans."""
    for doc in list(documents(3000, 4, seed=3)):
        dg = render_docgraph(doc)
        assert recorded(dg) == generic(dg), doc.stem


def test_a_triple_about_a_recorded_node_goes_through_the_generic_writer() -> None:
    dg = new_graph()
    claim = dg.state(URIRef(ID + "mission/a"), SG.launchDate, Literal("2020"), [(0, 10)])
    dg.add((claim, RDFS.comment, Literal("added apart from the claim's record")))
    dg.add((claim, RDF.type, SG.Claim))  # (which the record states too: still one triple)
    assert len(dg.triples()) == len(set(dg.triples())) == len(dg)
    with pytest.raises(AssertionError, match="generic"):
        recorded(dg)
    text = dg.serialize()
    assert text == generic(dg) and "added apart" in text


def test_after_the_graph_was_handed_out() -> None:
    dg = new_graph()
    claim = dg.state(URIRef(ID + "mission/a"), SG.launchDate, Literal("2020"), [(0, 10)])
    dg.graph.remove((claim, SG.polarity, None))  # its reader may change it
    assert dg.serialize() == generic(dg)
    assert "sg:polarity" not in dg.serialize()


def test_several_objects_stand_in_the_order_of_their_n_triples_forms() -> None:
    """``…/5-100`` before ``…/5-10`` and ``Q1.`` before ``Q1``, as in sorted N-Triples lines."""
    dg = new_graph()
    dg.state(URIRef(ID + "mission/a"), SG.launchDate, Literal("2020"), [(5, 10), (5, 100)])
    dg.mention(WD.Q1, (5, 10))
    dg.mention(URIRef(str(WD) + "Q1."), (5, 10), "Q one")
    dg.mention(URIRef(ID + "nation/a"), (5, 10), "Q")
    text = recorded(dg)
    assert text == generic(dg)
    assert text.index("/5-100>") < text.index("/5-10>")


def test_record_predicates_stand_in_the_generic_order() -> None:
    """The templates list each record's predicates in the order of their N-Triples forms."""
    for predicates in (
        docrecords.CLAIM,
        docrecords.EVIDENCE,
        docrecords.SELECTOR,
        docrecords.MENTION,
    ):
        forms = [nt_form(p) for p in predicates]
        assert forms == sorted(forms)


# Terms that exercise the writer's forms: prefixed names that are valid, or need escapes, or
# cannot be abbreviated; literals with quotes, line breaks, non-ASCII text, language tags,
# inline numbers and typed values.
_IRIS = st.sampled_from(
    [
        URIRef(ID + "mission/chang-e-5"),
        URIRef(ID + "nation/c\u00f4te-d-ivoire"),
        WD.Q1,
        URIRef(str(WD) + "Q1."),
        URIRef(str(WD) + "a/b"),
        URIRef(str(SG) + "x%20y"),
        URIRef(str(SG) + "1st"),
        URIRef("urn:example:a"),
        URIRef("http://example.org/a b".replace(" ", "%20")),
    ]
)
_LITERALS = st.one_of(
    st.text(max_size=12).map(Literal),
    st.sampled_from(['a "quoted" name', "two\nlines", "tab\tand\\slash", "\u00e9t\u00e9"]).map(
        Literal
    ),
    st.sampled_from(["en", "fr", "zh-Hans"]).map(lambda lang: Literal("x", lang=lang)),
    st.integers(-5, 10**6).map(Literal),
    st.sampled_from(["0.80", "7", "1.5E3", "-0.5"]).map(lambda v: Literal(Decimal(v))),
    st.sampled_from(["2020-12-16", "not a date"]).map(lambda v: Literal(v, datatype=XSD.date)),
    st.booleans().map(Literal),
)
_SPANS = st.lists(
    st.tuples(st.integers(0, 900), st.integers(1, 99)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=1,
    max_size=3,
)
_STATEMENTS = st.lists(
    st.tuples(
        _IRIS,
        st.sampled_from([SG.launchDate, SG.operatedBy, SG.mass, WD.P31]),
        st.one_of(_IRIS, _LITERALS),
        _SPANS,
        st.booleans(),
        st.sampled_from([None, SG.Decade, SG.Year]),
        st.sampled_from([None, 0.5, 0.75, 0.9]),
    ),
    max_size=8,
)
_MENTIONS = st.lists(
    st.tuples(_IRIS, _SPANS.map(lambda spans: spans[0]), st.one_of(st.none(), _LITERALS)),
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(statements=_STATEMENTS, mentions=_MENTIONS, label=_LITERALS)
def test_any_builder_calls(
    statements: list[tuple[URIRef, URIRef, object, list[tuple[int, int]], bool, object, object]],
    mentions: list[tuple[URIRef, tuple[int, int], Literal | None]],
    label: Literal,
) -> None:
    dg = new_graph()
    dg.entity(SG.Mission, str(label) or "x", aliases=["y", str(label)], qid="Q42")
    for s, p, o, spans, negated, precision, confidence in statements:
        dg.state(
            s,
            p,
            o,  # type: ignore[arg-type]
            spans,
            negated=negated,
            precision=precision,  # type: ignore[arg-type]
            confidence=confidence,  # type: ignore[arg-type]
        )
    for entity, span, surface in mentions:
        dg.mention(entity, span, None if surface is None else str(surface))
    dg.nary(SG.Cooperation, [(SG.party, WD.Q1), (SG.party, WD.Q2)], [(5, 9)], label="c")
    assert recorded(dg) == generic(dg)


def test_forms_are_oxigraphs() -> None:
    assert docrecords.trig_forms([RDF.type, WD.Q1, Literal("a\nb"), Literal(Decimal("0.80"))]) == [
        "rdf:type",
        "wd:Q1",
        '"a\\nb"',
        "0.80",
    ]


def test_the_generic_writer_orders_subjects_as_to_trig() -> None:
    """IRIs that are prefixes of one another ("<a-b>" < "<a>") and blank nodes, last."""
    subjects: list[Node] = [
        URIRef(f"https://example.org/{k}") for k in ("a", "a-b", "a/b", "b", "b.c", "c")
    ]
    subjects += [BNode("n1"), BNode("n2")]
    triples = [
        (s, p, o)
        for s in subjects
        for p, o in (
            (RDFS.label, Literal(f"label of {s}")),
            (RDFS.comment, Literal('a "quoted" word\non two lines', lang="en")),
            (RDFS.seeAlso, subjects[0]),
        )
    ]
    name = URIRef("https://example.org/graph")
    dataset = Dataset()
    graph = dataset.graph(name)
    for triple in triples:
        graph.add(triple)
    text = graph_to_trig(name, triples)
    assert text == to_trig(quads_of(dataset))
    assert text.count("rdfs:label") == 8
