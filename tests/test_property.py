"""Property-based tests: random and adversarial text and RDF never escape as anything else.

Any Unicode, mixed quotes, HTML and script fragments, SPARQL fragments, very
long lines and NUL bytes go through document reading, sentence splitting,
label normalisation, extraction into a document graph, the explorer's page
data and the RDF loader. Only a :class:`SpacegraphError` may come out, and
what goes in as text comes out as data: offsets still point at the text, IRIs
stay IRIs, and the page data holds no character that could end its script
element.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from spacegraph import iri
from spacegraph.errors import SpacegraphError
from spacegraph.iri import entity_iri, normalise_label, slug
from spacegraph.loader import read_quads
from spacegraph.text import read_document, sha256_text, split_sentences

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Pieces an attacker or a messy document would use.
FRAGMENTS = [
    "</script><script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"} DELETE WHERE {?s ?p ?o} #',
    "'; DROP ALL; --",
    "Chang’e-5",
    "“quoted” «guillemets» „low“",
    "\x00",
    "\r\n",
    "\u2028",
    "\ufeff",
    "@prefix ex: <http://e/> .",
    '<http://e/a> <http://e/b> "c" .',
    "{ GRAPH <g> { ?s ?p ?o } }",
    "x" * 5000,
    "\U0001f680 Tiangong",
    "\ud7ff\ue000",
    "&amp;&lt;",
]
adversarial = st.lists(
    st.one_of(st.text(max_size=80), st.sampled_from(FRAGMENTS)), max_size=12
).map("".join)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=2000), adversarial.map(lambda t: t.encode("utf-8"))))
def test_read_document_refuses_or_reads(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except SpacegraphError:
        return
    assert "\r" not in doc.text
    assert doc.sha256 == sha256_text(doc.text)


@SETTINGS
@given(text=adversarial)
def test_sentences_point_at_their_text(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


@SETTINGS
@given(label=adversarial)
def test_labels_become_safe_iris(label: str) -> None:
    folded = normalise_label(label)
    assert folded == folded.strip()
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*|x[0-9a-f]+", slug(label))
    iri = entity_iri("Mission", label)
    ox.NamedNode(str(iri))  # a valid IRI: no space, quote, brace or angle bracket
    assert entity_iri("Mission", label) == iri


def _folded_the_long_way(text: str) -> str:
    """normalise_label as first written: every text through NFKD (no ASCII shortcut)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(iri._QUOTE_TABLE).translate(iri._DASH_TABLE)
    return re.sub(r"[\s\-_]+", " ", text.casefold()).strip()


@given(label=st.one_of(adversarial, st.text(alphabet=st.characters(max_codepoint=127))))
def test_labels_fold_as_the_long_way_does(label: str) -> None:
    assert normalise_label(label) == _folded_the_long_way(label)


@SETTINGS
@given(text=adversarial.filter(lambda t: t.strip() and "\x00" not in t))
def test_extraction_of_any_text_gives_a_valid_graph(tmp_path: Path, text: str) -> None:
    from spacegraph.extract import extract
    from spacegraph.ingest import build_graph

    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    try:
        doc = read_document(path)
        trig = build_graph(extract(doc, GAZETTEER)).serialize()
    except SpacegraphError:
        return
    # Whatever the text, the graph parses in Oxigraph and holds no document text
    # (beyond the title, which is the document's metadata).
    quads = list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG))
    values = " ".join(
        q.object.value
        for q in quads
        if isinstance(q.object, ox.Literal) and q.predicate.value != str(DCTERMS.title)
    )
    for fragment in ("<script", "DELETE WHERE", "onerror"):
        if fragment in doc.text:
            assert fragment not in values


@SETTINGS
@given(data=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), adversarial),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(adversarial, inner, max_size=4),
    max_leaves=12,
))  # fmt: skip
def test_page_data_cannot_end_its_script_element(data: object) -> None:
    from spacegraph.viz import page_json

    text = page_json(data)
    assert not set(text) & set("<>&")
    assert json.loads(text) == data


# -- the RDF loader ----------------------------------------------------------------------
terms = st.one_of(
    st.builds(lambda t: Literal(t), st.text(max_size=40)),
    st.builds(lambda t: Literal(t, lang="en"), st.text(max_size=20)),
    st.builds(lambda n: Literal(n), st.integers()),
    st.builds(lambda s: URIRef("http://example.org/" + slug(s)), st.text(max_size=20)),
)


@SETTINGS
@given(
    objects=st.lists(terms, min_size=1, max_size=20),
    fmt=st.sampled_from([("trig", ".trig"), ("nquads", ".nq"), ("turtle", ".ttl")]),
)
def test_well_formed_rdf_loads_intact(tmp_path: Path, objects: list, fmt: tuple[str, str]) -> None:
    source = Dataset()
    g = source.graph(URIRef("http://example.org/g"))
    for i, o in enumerate(objects):
        g.add((URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), o))
    path = tmp_path / f"random{fmt[1]}"
    text = (g if fmt[0] == "turtle" else source).serialize(format=fmt[0])
    path.write_text(text, encoding="utf-8")
    quads = read_quads(path)
    assert len({str(q) for q in quads}) == len(set(g))


VALID_TRIG = '@prefix ex: <http://example.org/> .\nex:g {\n  ex:a ex:b "c" ; ex:d 1 .\n}\n'


@SETTINGS
@given(
    cut=st.integers(min_value=0, max_value=len(VALID_TRIG)),
    insert=st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=10)),
    suffix=st.sampled_from([".trig", ".nq", ".ttl"]),
)
def test_ill_formed_rdf_gives_a_spacegraph_error(
    tmp_path: Path, cut: int, insert: str, suffix: str
) -> None:
    path = tmp_path / f"mangled{suffix}"
    path.write_bytes(
        (VALID_TRIG[:cut] + insert + VALID_TRIG[cut:]).encode("utf-8", "surrogatepass")
    )
    try:
        read_quads(path)
    except SpacegraphError as exc:
        assert str(exc).startswith(str(path))
        assert "\n" not in str(exc)


def _gazetteer():  # type: ignore[no-untyped-def]
    from spacegraph.gazetteer import Gazetteer

    return Gazetteer.packaged()


GAZETTEER = _gazetteer()


def test_a_control_character_in_the_parser_message_stays_on_one_line(tmp_path: Path) -> None:
    """Oxigraph quotes the offending character; a newline there must not break the line."""
    path = tmp_path / "newline-in-iri.ttl"
    path.write_text("@prefix ex: <http://ex\nample.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    try:
        read_quads(path)
    except SpacegraphError as exc:
        assert str(exc) == f"{path}:1:13: Invalid IRI code point '\\n'"
    else:
        raise AssertionError("the file parsed")
