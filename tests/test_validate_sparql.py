"""The SPARQL-based shapes run in Oxigraph report exactly what pySHACL reports."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from spacegraph.paths import ontology_file, shapes_file
from spacegraph.validate import shacl_violations, split_sparql_constraints

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

CASES = {
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
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_lines_as_pyshacl(name: str, ontology: Graph) -> None:
    data = Graph().parse(data=PREFIXES + CASES[name], format="turtle")
    store = ox.Store()
    store.load(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    store.load(ontology.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    reference = shacl_violations(data, ontology)
    fast = shacl_violations(data, ontology, store=store)
    assert reference, name  # each case breaks a SPARQL-based shape
    assert fast == reference


def test_every_sparql_constraint_is_taken_out() -> None:
    shapes = Graph().parse(shapes_file(), format="turtle")
    rest, checks = split_sparql_constraints(shapes)
    assert len(checks) == len(list(shapes.subject_objects(_sparql()))) >= 4
    assert not list(rest.subject_objects(_sparql()))


def _sparql():  # type: ignore[no-untyped-def]
    from rdflib.namespace import SH

    return SH.sparql
