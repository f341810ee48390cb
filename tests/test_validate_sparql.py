"""The shapes run in Oxigraph (core shapes compiled to SPARQL, ``sh:sparql`` as whole-graph
queries) report exactly what pySHACL reports, on every shape's valid and invalid example."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from spacegraph.paths import ontology_file, shapes_file
from spacegraph.shapes_sparql import compile_shapes, remaining_shapes
from spacegraph.validate import pyshacl_violations, shacl_violations, split_sparql_constraints

from .test_shapes import CASES, Case, parse

PREFIXES = """
@prefix sg: <https://w3id.org/spacegraph/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix x: <https://w3id.org/spacegraph/id/> .
"""

#: Graphs that break the SPARQL-based shapes (and, on the way, some core ones).
SPARQL_CASES = {
    "untyped entity": """
        x:doc a sg:SourceDocument ; dcterms:identifier "d.txt" ; dcterms:title "D" ;
            sg:sha256 "%s" ; sg:characterCount 100 .
        x:thing rdfs:label "Thing" ; sg:mentionedIn x:doc .
        x:typed a sg:Nation ; rdfs:label "Typed" ; sg:mentionedIn x:doc .
    """
    % ("a" * 64),
    "affirmed claim without triple": """
        x:doc a sg:SourceDocument ; dcterms:identifier "d.txt" ; dcterms:title "D" ;
            sg:sha256 "%s" ; sg:characterCount 100 .
        x:cur a sg:Curator ; rdfs:label "c" .
        x:c1 a sg:Claim ; rdf:subject x:a ; rdf:predicate sg:cooperatesWith ; rdf:object x:b ;
            sg:statedIn x:doc ; sg:polarity sg:Affirmed ; prov:wasAttributedTo x:cur ;
            sg:hasEvidence x:ev .
        x:c2 a sg:Claim ; rdf:subject x:a ; rdf:predicate sg:cooperatesWith ; rdf:object x:c ;
            sg:statedIn x:doc ; sg:polarity sg:Negated ; prov:wasAttributedTo x:cur ;
            sg:hasEvidence x:ev .
        x:ev a sg:Evidence ; oa:hasSource x:doc ; oa:hasSelector x:sel .
        x:sel a oa:TextPositionSelector ; oa:start 5 ; oa:end 10 .
    """
    % ("b" * 64),
    "spans out of order and beyond the document": """
        x:doc a sg:SourceDocument ; dcterms:identifier "d.txt" ; dcterms:title "D" ;
            sg:sha256 "%s" ; sg:characterCount 100 .
        x:ev a sg:Evidence ; oa:hasSource x:doc ; oa:hasSelector x:sel .
        x:sel a oa:TextPositionSelector ; oa:start "150"^^xsd:nonNegativeInteger ;
            oa:end "120"^^xsd:nonNegativeInteger .
    """
    % ("c" * 64),
    "ill-formed literals and wrong kinds": """
        x:doc a sg:SourceDocument ; dcterms:identifier "d.txt"@en ; dcterms:title "" ;
            sg:sha256 "XYZ" ; sg:characterCount "many"^^xsd:integer .
        x:m a sg:Mission ; rdfs:label "M", "N" ; sg:mentionedIn x:doc ;
            sg:launchDate "2020-13-45"^^xsd:date ; sg:operatedBy "CNSA" .
    """,
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


def store_of(data: Graph, ontology: Graph) -> ox.Store:
    """A store whose union (its default graph) is the data plus the ontology."""
    store = ox.Store()
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    store.load(ontology.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def same_lines(data: Graph, ontology: Graph, shapes: Graph) -> list[str]:
    reference = pyshacl_violations(data, ontology, shapes)
    ours = shacl_violations(store_of(data, ontology), ontology, shapes)
    assert ours == reference
    return ours


def test_every_project_shape_is_compiled(shapes: Graph) -> None:
    """Nothing is left for pySHACL."""
    compiled, rest = compile_shapes(shapes)
    rest, checks = split_sparql_constraints(rest)
    assert len(compiled) >= 80 and len(checks) >= 4
    assert remaining_shapes(rest) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_same_lines_as_pyshacl_on_each_shape_example(
    case: Case, ontology: Graph, shapes: Graph
) -> None:
    assert same_lines(parse(case.valid), ontology, shapes) == []
    assert same_lines(parse(case.invalid), ontology, shapes)


@pytest.mark.parametrize("name", sorted(SPARQL_CASES))
def test_same_lines_as_pyshacl_on_broken_graphs(name: str, ontology: Graph, shapes: Graph) -> None:
    data = Graph().parse(data=PREFIXES + SPARQL_CASES[name], format="turtle")
    assert same_lines(data, ontology, shapes), name


def test_a_shape_the_compiler_does_not_know_goes_to_pyshacl(ontology: Graph) -> None:
    """sh:hasValue is not translated: pySHACL checks that shape, with the same result."""
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix sg: <https://w3id.org/spacegraph/ontology#> .
        <urn:s> a sh:PropertyShape ; sh:targetClass sg:Nation ; sh:path sg:memberOf ;
            sh:hasValue <urn:un> ; sh:message "A nation is a member of the UN." .""",
        format="turtle",
    )
    compiled, _ = compile_shapes(shapes)
    assert compiled == []
    data = Graph().parse(
        data=PREFIXES + "x:a a sg:Nation . x:b a sg:Nation ; sg:memberOf <urn:un> .",
        format="turtle",
    )
    lines = same_lines(data, ontology, shapes)
    assert lines == [
        "https://w3id.org/spacegraph/id/a https://w3id.org/spacegraph/ontology#memberOf:"
        " A nation is a member of the UN."
    ]
