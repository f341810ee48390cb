"""The ontology file declares and documents exactly the terms of ``spacegraph.vocab.SG``."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, Namespace

from spacegraph.paths import ontology_file
from spacegraph.vocab import ORG, PROV, SCHEMA, SG

ONTOLOGY_IRI = URIRef("https://w3id.org/spacegraph/ontology")
VANN = Namespace("http://purl.org/vocab/vann/")
OA = Namespace("http://www.w3.org/ns/oa#")
SG_NS = str(SG._NS)

#: Every term of the closed namespace, in the order vocab.py lists them.
SG_TERMS = [SG[name] for name in SG.__annotations__]

#: Classes with no superclass at all (everything else hangs below something).
ROOTS = {SG.NaryRelation}

#: Types a declared sg: term may have.
TERM_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    RDF.Property,
    SKOS.Concept,
    SKOS.ConceptScheme,
}

RELATIONS = [
    "agencyOf", "operatedBy", "country", "target", "collected", "youngerThan", "locatedIn",
    "partOf", "hasSampleAccess", "directorOf", "formerDirectorOf", "scienceLeadOf",
    "astronautOf", "cooperatesWith", "jointMissionWith", "tradesWith", "investsIn",
    "participatesIn", "partnerIn", "launchVehicle", "launchedFrom", "landingSite",
    "recoverySite", "supported", "contributedTo", "builtBy", "passedBy", "restricts",
    "reportedOn", "signatoryOf",
]  # fmt: skip
FACTS = [
    "launchDate", "landingDate", "ascentDate", "returnDate", "enactedDate", "hasRover",
    "mass", "age", "partnerCount", "activeSince",
]  # fmt: skip
ROLES = [
    "participant", "domain", "grantee", "sampleCollection", "party", "investor", "recipient",
    "amount", "period", "since", "year", "reportedBy", "subjectCollection", "comparedTo",
    "difference", "speaker",
]  # fmt: skip
FUNCTIONAL = [
    "launchDate", "landingDate", "ascentDate", "returnDate", "enactedDate", "hasRover",
    "mass", "age",
]  # fmt: skip
SYMMETRIC = ["cooperatesWith", "jointMissionWith", "tradesWith"]
SCHEMES = {
    "CooperationDomain": [
        "Science", "Trade", "Education", "Technology", "Spaceflight", "Economy", "Culture",
        "Security",
    ],
    "RoleType": ["Director", "FormerDirector", "ScienceLead", "Astronaut"],
    "Qualifier": ["Exactly", "MoreThan", "LessThan", "About"],
    "Precision": ["Day", "Month", "Year", "Decade"],
    "Polarity": ["Affirmed", "Negated"],
}  # fmt: skip
SUBCLASSES = [
    (SG.Nation, SG.Actor),
    (SG.Region, SG.Actor),
    (SG.Organisation, SG.Actor),
    (SG.Person, SG.Actor),
    (SG.SpaceAgency, SG.Organisation),
    (SG.University, SG.Organisation),
    (SG.ResearchInstitute, SG.Organisation),
    (SG.Company, SG.Organisation),
    (SG.UnnamedInstitutions, SG.Organisation),
    (SG.SpaceAgency, SG.Actor),
    (SG.SpaceStation, SG.Spacecraft),
    (SG.SpaceStationModule, SG.Spacecraft),
    (SG.Cooperation, SG.NaryRelation),
    (SG.SampleAccessGrant, SG.NaryRelation),
    (SG.EconomicFigure, SG.NaryRelation),
    (SG.TradeFigure, SG.EconomicFigure),
    (SG.InvestmentFigure, SG.EconomicFigure),
    (SG.TradeFigure, SG.NaryRelation),
    (SG.AgeComparison, SG.NaryRelation),
    (SG.Quotation, SG.NaryRelation),
    (SG.Agreement, SG.NaryRelation),
    (SG.LaunchSite, SG.Place),
    # alignments to standard vocabularies
    (SG.Actor, PROV.Agent),
    (SG.Organisation, ORG.Organization),
    (SG.SpaceAgency, ORG.FormalOrganization),
    (SG.Nation, SCHEMA.Country),
    (SG.University, SCHEMA.CollegeOrUniversity),
    (SG.ResearchInstitute, SCHEMA.ResearchOrganization),
    (SG.Company, SCHEMA.Corporation),
    (SG.Person, SCHEMA.Person),
    (SG.Person, PROV.Person),
    (SG.Quotation, SCHEMA.Quotation),
    (SG.Quantity, SCHEMA.QuantitativeValue),
    (SG.Law, SCHEMA.Legislation),
    (SG.SourceDocument, PROV.Entity),
    (SG.Claim, RDF.Statement),
    (SG.Claim, PROV.Entity),
    (SG.Evidence, OA.SpecificResource),
    (SG.Extractor, PROV.SoftwareAgent),
    (SG.Mission, PROV.Activity),
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def superclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    """All (transitive) named superclasses of ``cls``."""
    return {c for c in graph.transitive_objects(cls, RDFS.subClassOf) if c != cls}


def superproperties(graph: Graph, prop: URIRef) -> set[URIRef]:
    return {p for p in graph.transitive_objects(prop, RDFS.subPropertyOf) if p != prop}


# -- parsing -------------------------------------------------------------------


def test_parses_in_rdflib_and_pyoxigraph(onto: Graph) -> None:
    quads = list(pyoxigraph.parse(path=ontology_file(), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(onto) > 500
    assert len(quads) == len(onto)


def test_pyoxigraph_answers_sparql_over_the_ontology() -> None:
    store = pyoxigraph.Store()
    store.load(path=ontology_file(), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(
        store.query(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?c WHERE { ?c rdfs:subClassOf+ "
            "<https://w3id.org/spacegraph/ontology#Organisation> }"
        )
    )
    found = {row["c"].value for row in rows}
    assert str(SG.SpaceAgency) in found
    assert str(SG.University) in found


# -- header ------------------------------------------------------------------------


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    version_iri = onto.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert str(version_iri).startswith(str(ONTOLOGY_IRI) + "/")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://www.apache.org/licenses/LICENSE-2.0"
    )
    for prop in (DCTERMS.created, DCTERMS.modified):
        assert onto.value(ONTOLOGY_IRI, prop) == Literal("2026-11-25", datatype=XSD.date)
    for prop in (DCTERMS.title, DCTERMS.description):
        value = onto.value(ONTOLOGY_IRI, prop)
        assert isinstance(value, Literal)
        assert value.language == "en"
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("sg")


def test_version_matches_the_package(onto: Graph) -> None:
    from importlib.metadata import version

    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == version("spacegraph")


# -- every term declared and documented ---------------------------------------------


@pytest.mark.parametrize("term", SG_TERMS, ids=lambda t: str(t).rsplit("#", 1)[1])
def test_term_is_declared_and_documented(onto: Graph, term: URIRef) -> None:
    types = set(onto.objects(term, RDF.type))
    assert types & TERM_TYPES, f"{term} has no declared type"
    labels = list(onto.objects(term, RDFS.label))
    assert len(labels) == 1 and labels[0].language == "en", f"{term}: one rdfs:label@en"
    definitions = list(onto.objects(term, SKOS.definition))
    assert len(definitions) == 1, f"{term}: one skos:definition"
    assert definitions[0].language == "en"
    assert len(str(definitions[0]).split()) >= 5, f"{term}: definition too short"
    assert onto.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_no_sg_term_outside_vocab(onto: Graph) -> None:
    known = set(SG_TERMS)
    used = {
        node
        for triple in onto
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(SG_NS)
    }
    assert used - known == set()


def test_vocab_lists_no_duplicates() -> None:
    assert len(SG_TERMS) == len(set(SG_TERMS))


def test_no_term_documented_twice_by_accident(onto: Graph) -> None:
    labels: dict[str, URIRef] = {}
    for term in SG_TERMS:
        label = str(onto.value(term, RDFS.label))
        kind = next(iter(sorted(set(onto.objects(term, RDF.type)) & TERM_TYPES)))
        if kind in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property):
            kind = RDF.Property
        key = f"{kind}:{label.casefold()}"
        assert key not in labels, f"{term} and {labels[key]} share the label {label!r}"
        labels[key] = term


# -- class hierarchy ------------------------------------------------------------------


def sg_classes(onto: Graph) -> list[URIRef]:
    return sorted(
        c
        for c in onto.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(SG_NS)
    )


def test_every_class_but_the_roots_has_a_superclass(onto: Graph) -> None:
    orphans = [c for c in sg_classes(onto) if c not in ROOTS and not superclasses(onto, c)]
    assert orphans == []
    for root in ROOTS:
        assert (root, RDF.type, OWL.Class) in onto


@pytest.mark.parametrize(
    ("sub", "sup"), SUBCLASSES, ids=lambda t: str(t).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
)
def test_subclass(onto: Graph, sub: URIRef, sup: URIRef) -> None:
    assert sup in superclasses(onto, sub)


def test_hierarchy_has_no_cycles(onto: Graph) -> None:
    for cls in sg_classes(onto):
        assert cls not in superclasses(onto, cls)


def test_referenced_classes_are_declared(onto: Graph) -> None:
    """Every class named in a domain, range, subclass or union is declared (no typos)."""
    declared = set(onto.subjects(RDF.type, OWL.Class)) | set(onto.subjects(RDF.type, RDFS.Class))
    referenced: set[URIRef] = set()
    for prop in (RDFS.domain, RDFS.range, RDFS.subClassOf):
        for obj in onto.objects(None, prop):
            if isinstance(obj, URIRef) and not str(obj).startswith(str(XSD)):
                referenced.add(obj)
            for members in onto.objects(obj, OWL.unionOf):
                referenced |= {m for m in onto.items(members) if not str(m).startswith(str(XSD))}
    assert referenced - declared == set()


# -- properties ---------------------------------------------------------------------


@pytest.mark.parametrize("name", RELATIONS)
def test_relation_is_sub_property_of_relation(onto: Graph, name: str) -> None:
    prop = SG[name]
    assert (prop, RDF.type, OWL.ObjectProperty) in onto
    assert SG.relation in superproperties(onto, prop)


@pytest.mark.parametrize("name", FACTS)
def test_fact_is_sub_property_of_fact(onto: Graph, name: str) -> None:
    assert SG.fact in superproperties(onto, SG[name])


@pytest.mark.parametrize("name", ROLES)
def test_role_is_sub_property_of_nary_role(onto: Graph, name: str) -> None:
    assert SG.naryRole in superproperties(onto, SG[name])


def test_every_sg_property_is_in_a_known_group(onto: Graph) -> None:
    """A new relation, fact or role must be put under its super-property."""
    abstract = {SG.relation, SG.fact, SG.naryRole}
    grouped = {SG[n] for n in RELATIONS + FACTS + ROLES}
    for prop in {*onto.subjects(RDF.type, OWL.ObjectProperty)} | {
        *onto.subjects(RDF.type, OWL.DatatypeProperty)
    }:
        if not str(prop).startswith(SG_NS) or prop in abstract:
            continue
        supers = superproperties(onto, prop) & abstract
        assert (prop in grouped) == bool(supers), prop


def test_functional_properties(onto: Graph) -> None:
    functional = {
        p for p in onto.subjects(RDF.type, OWL.FunctionalProperty) if str(p).startswith(SG_NS)
    }
    assert functional == {SG[n] for n in FUNCTIONAL}
    for prop in functional:
        assert "conflict" in str(onto.value(prop, SKOS.definition))


def test_symmetric_properties(onto: Graph) -> None:
    symmetric = {
        p for p in onto.subjects(RDF.type, OWL.SymmetricProperty) if str(p).startswith(SG_NS)
    }
    assert symmetric == {SG[n] for n in SYMMETRIC}


def test_no_property_is_both_object_and_datatype(onto: Graph) -> None:
    both = set(onto.subjects(RDF.type, OWL.ObjectProperty)) & set(
        onto.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert both == set()


@pytest.mark.parametrize("name", ["agencyOf", "operatedBy", "cooperatesWith", "participant"])
def test_key_ranges(onto: Graph, name: str) -> None:
    assert onto.value(SG[name], RDFS.range) is not None


def test_date_facts_point_to_owl_time(onto: Graph) -> None:
    time_in_xsd_date = URIRef("http://www.w3.org/2006/time#inXSDDate")
    for name in ("launchDate", "landingDate", "ascentDate", "returnDate", "enactedDate"):
        assert (SG[name], RDFS.seeAlso, time_in_xsd_date) in onto


# -- concept schemes ---------------------------------------------------------------------


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_scheme(onto: Graph, scheme: str) -> None:
    assert (SG[scheme], RDF.type, SKOS.ConceptScheme) in onto
    members = set(onto.subjects(SKOS.inScheme, SG[scheme]))
    assert members == {SG[c] for c in SCHEMES[scheme]}
    for concept in members:
        assert (concept, RDF.type, SKOS.Concept) in onto
        assert (SG[scheme], SKOS.hasTopConcept, concept) in onto


def test_role_types_are_org_roles(onto: Graph) -> None:
    for name in SCHEMES["RoleType"]:
        assert (SG[name], RDF.type, ORG.Role) in onto
