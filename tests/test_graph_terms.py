"""Every term a document graph uses is declared (and, for sg: terms, documented) in the ontology.

Runs over every ``graph/*.trig`` (the glob must find at least one file) and over a
small graph written here with :class:`spacegraph.docgraph.DocumentGraph`, so the
writer's own vocabulary is checked even before any curated graph exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from spacegraph.docgraph import Agent, DocumentGraph
from spacegraph.paths import embedded_graph_dir, ontology_file
from spacegraph.vocab import BASE, OA, ORG, PROV, SCHEMA, SG

SG_NS = str(SG._NS)
GRAPH_FILES = sorted(embedded_graph_dir().glob("*.trig"))

#: Namespaces whose terms are well known and documented by their own vocabularies.
STANDARD_NAMESPACES = (str(RDF), str(DCTERMS), str(OA), str(PROV), str(SCHEMA), str(ORG))
#: Single well-known terms outside those namespaces.
STANDARD_TERMS = {RDFS.label, SKOS.altLabel, SKOS.exactMatch}

PROPERTY_TYPES = {
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def problems(data: Dataset, onto: Graph) -> list[str]:
    """What in ``data`` the ontology does not declare or document, one line each."""
    found: set[str] = set()
    for s, p, o, _ in data.quads((None, None, None, None)):
        for term in (s, p, o):
            if isinstance(term, URIRef) and str(term).startswith(SG_NS):
                types = set(onto.objects(term, RDF.type))
                if not types:
                    found.add(f"{term} is not declared in the ontology")
                elif onto.value(term, RDFS.label) is None:
                    found.add(f"{term} has no rdfs:label")
                elif onto.value(term, SKOS.definition) is None:
                    found.add(f"{term} has no skos:definition")
        declared_property = bool(set(onto.objects(p, RDF.type)) & PROPERTY_TYPES)
        standard = p in STANDARD_TERMS or str(p).startswith(STANDARD_NAMESPACES)
        if str(p).startswith(SG_NS) and not declared_property:
            found.add(f"{p} is used as a predicate but is not declared as a property")
        elif not str(p).startswith(SG_NS) and not (standard or declared_property):
            found.add(f"external predicate {p} is neither standard nor declared")
        sg_class = p == RDF.type and str(o).startswith(SG_NS)
        if sg_class and (o, RDF.type, OWL.Class) not in onto:
            found.add(f"{o} is used as a class but is not declared as an owl:Class")
    return sorted(found)


def load(path: Path) -> Dataset:
    data = Dataset()
    data.parse(path, format="trig")
    return data


# -- a graph written by DocumentGraph (always available) ---------------------------------


@pytest.fixture(scope="module")
def written_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small document graph using the writer's whole repertoire, written to a tmp dir."""
    extractor = Agent(URIRef(BASE + "agent/extractor"), "extractor", SG.Extractor, "0.1.0")
    dg = DocumentGraph(
        "sample", file_name="sample.txt", title="Sample", sha256="0" * 64, length=300,
        agent=extractor,
    )  # fmt: skip
    china = dg.entity(SG.Nation, "China", qid="Q148")
    us = dg.entity(SG.Nation, "United States", aliases=["US"], qid="Q30")
    cnsa = dg.entity(SG.SpaceAgency, "China National Space Administration", aliases=["CNSA"])
    mission = dg.entity(SG.Mission, "Chang'e-5")
    moon = dg.entity(SG.CelestialBody, "Moon")
    samples = dg.entity(SG.SampleCollection, "Chang'e-5 lunar samples")
    apollo = dg.entity(SG.SampleCollection, "Apollo lunar samples")
    brown = dg.entity(SG.University, "Brown University")
    logsdon = dg.entity(SG.Person, "John Logsdon")
    dg.state(cnsa, SG.agencyOf, china, [(0, 10)])
    dg.state(mission, SG.operatedBy, cnsa, [(0, 10)])
    dg.state(mission, SG.target, moon, [(10, 20)], confidence=0.9)
    dg.state(mission, SG.returnDate, Literal("2020-12-16", datatype=XSD.date), [(20, 30)])
    dg.state(china, SG.activeSince, Literal("1990", datatype=XSD.gYear), [(20, 30)],
             precision=SG.Decade)  # fmt: skip
    dg.state(mission, SG.hasRover, Literal(False), [(30, 40)])
    mass = dg.quantity("4.4", "LBR", "pounds", qualifier=SG.MoreThan, normalised=("1995.8", "GRM"))
    dg.state(samples, SG.mass, mass, [(40, 50)])
    dg.nary(
        SG.SampleAccessGrant,
        [(SG.grantee, brown), (SG.sampleCollection, samples)],
        [(50, 60)],
        derived=[(brown, SG.hasSampleAccess, samples)],
    )
    dg.nary(
        SG.Cooperation,
        [(SG.participant, china), (SG.participant, us), (SG.domain, SG.Science)],
        [(60, 70)],
        derived=[(china, SG.cooperatesWith, us)],
    )
    gap = dg.quantity("1", "ANN", "billion years", qualifier=SG.About)
    dg.nary(
        SG.AgeComparison,
        [(SG.subjectCollection, samples), (SG.comparedTo, apollo), (SG.difference, gap)],
        [(70, 80)],
        derived=[(samples, SG.youngerThan, apollo)],
    )
    dg.nary(SG.Quotation, [(SG.speaker, logsdon)], [(80, 120)])
    dg.state(china, SG.participatesIn, us, [(120, 130)], negated=True)
    path = tmp_path_factory.mktemp("graph") / "sample.trig"
    path.write_text(dg.serialize(), encoding="utf-8")
    return path


def test_written_graph_uses_only_declared_terms(written_graph: Path, onto: Graph) -> None:
    assert problems(load(written_graph), onto) == []


def test_the_check_catches_an_undeclared_term(written_graph: Path, onto: Graph) -> None:
    data = load(written_graph)
    graph = data.graph(URIRef(BASE + "graph/sample"))
    graph.add((URIRef(BASE + "id/x"), SG._NS["launchedOn"], Literal("2020")))
    graph.add((URIRef(BASE + "id/x"), URIRef("http://example.org/madeUp"), Literal("x")))
    graph.add((URIRef(BASE + "id/x"), RDF.type, SG.launchDate))
    assert problems(data, onto) == sorted(
        [
            f"{SG.launchDate} is used as a class but is not declared as an owl:Class",
            "external predicate http://example.org/madeUp is neither standard nor declared",
            f"{SG_NS}launchedOn is not declared in the ontology",
            f"{SG_NS}launchedOn is used as a predicate but is not declared as a property",
        ]
    )


# -- the committed graphs -------------------------------------------------------------------


def test_graph_folder_has_graphs() -> None:
    assert GRAPH_FILES, f"no *.trig file in {embedded_graph_dir()}"


@pytest.mark.parametrize("path", GRAPH_FILES, ids=lambda p: p.name)
def test_committed_graph_uses_only_declared_terms(path: Path, onto: Graph) -> None:
    assert problems(load(path), onto) == []
