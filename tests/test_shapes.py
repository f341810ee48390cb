"""Valid and invalid examples for every SHACL shape in ``ontology/shapes.ttl``.

Each case is a pair of small Turtle snippets (added to a valid prelude holding a
source document, a curator and one evidence span): the valid one conforms to
ALL shapes; the invalid one breaks the shape under test, which must report its
own ``sh:message``. The validator is called exactly as the project calls it: one
data graph, the ontology as ``ont_graph``, no inference, advanced features on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import pyshacl
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH

from spacegraph.docgraph import DocumentGraph
from spacegraph.measures import measures_to_rdf
from spacegraph.paths import ontology_file, shapes_file
from spacegraph.vocab import SG

SGSH = "https://w3id.org/spacegraph/shapes#"

PREFIXES = """\
@prefix sg:      <https://w3id.org/spacegraph/ontology#> .
@prefix doc:     <https://w3id.org/spacegraph/doc/> .
@prefix agent:   <https://w3id.org/spacegraph/agent/> .
@prefix claim:   <https://w3id.org/spacegraph/claim/t/> .
@prefix ev:      <https://w3id.org/spacegraph/evidence/t/> .
@prefix x:       <https://w3id.org/spacegraph/id/test/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix schema:  <https://schema.org/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
""" + "".join(
    f"@prefix {kind}: <https://w3id.org/spacegraph/id/{kind}/> .\n"
    for kind in (
        "nation", "university", "spaceagency", "person", "samplecollection", "celestialbody",
        "mission", "quantity", "cooperation", "sampleaccessgrant", "tradefigure",
        "investmentfigure", "agecomparison", "quotation", "agreement", "membership",
        "centralityscore",
    )
)  # fmt: skip

#: A valid document, curator and evidence span that every snippet can refer to.
PRELUDE = """
doc:t a sg:SourceDocument ;
    dcterms:identifier "t.txt" ;
    dcterms:title "A test article" ;
    sg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
    sg:characterCount 100 .
agent:curator a sg:Curator ; rdfs:label "spacegraph curators" .
ev:0-10 a sg:Evidence ;
    oa:hasSource doc:t ;
    oa:hasSelector <https://w3id.org/spacegraph/evidence/t/0-10#position> .
<https://w3id.org/spacegraph/evidence/t/0-10#position> a oa:TextPositionSelector ;
    oa:start "0"^^xsd:nonNegativeInteger ;
    oa:end "10"^^xsd:nonNegativeInteger .
"""


def node(subject: str, fields: Mapping[str, str | None], changes: Mapping[str, str | None]) -> str:
    """Turtle for ``subject`` with ``fields``; ``changes`` replace (or, with None, drop) some."""
    merged = {**fields, **changes}
    body = " ;\n    ".join(f"{p} {o}" for p, o in merged.items() if o is not None)
    return f"{subject}\n    {body} .\n"


CLAIM = {
    "a": "sg:Claim",
    "rdf:subject": "mission:change-5",
    "rdf:predicate": "sg:target",
    "rdf:object": "celestialbody:moon",
    "sg:statedIn": "doc:t",
    "sg:polarity": "sg:Affirmed",
    "prov:wasAttributedTo": "agent:curator",
    "sg:hasEvidence": "ev:0-10",
}
PLAIN = """
mission:change-5 a sg:Mission ; sg:target celestialbody:moon .
celestialbody:moon a sg:CelestialBody .
"""


def claim(plain: bool = True, **changes: str | None) -> str:
    """A claim of ``change-5 sg:target moon``; keyword names use ``__`` for ``:``."""
    fixed = {k.replace("__", ":"): v for k, v in changes.items()}
    return (PLAIN if plain else "") + node("claim:1", CLAIM, fixed)


DOCUMENT = {
    "a": "sg:SourceDocument",
    "dcterms:identifier": '"u.txt"',
    "dcterms:title": '"Another article"',
    "sg:sha256": '"' + "f" * 64 + '"',
    "sg:characterCount": "42",
}


def document(**changes: str | None) -> str:
    return node("doc:u", DOCUMENT, {k.replace("__", ":"): v for k, v in changes.items()})


def evidence(start: str = "20", end: str = "30", source: str | None = "doc:t") -> str:
    sel = "<https://w3id.org/spacegraph/evidence/t/s#position>"
    lines = f"ev:s a sg:Evidence ;\n    oa:hasSelector {sel} "
    if source:
        lines += f";\n    oa:hasSource {source} "
    lines += ".\n"
    ends = "".join(f" ; oa:{k} {v}" for k, v in (("start", start), ("end", end)) if v)
    return lines + f"{sel} a oa:TextPositionSelector{ends} .\n"


QUANTITY = {
    "a": "sg:Quantity",
    "schema:value": "4.4",
    "schema:unitCode": '"LBR"',
    "schema:unitText": '"pounds"',
    "sg:qualifier": "sg:MoreThan",
    "sg:normalisedValue": "1995.806",
    "sg:normalisedUnit": '"GRM"',
}


def quantity(**changes: str | None) -> str:
    fixed = {k.replace("__", ":"): v for k, v in changes.items()}
    return node("quantity:q1", QUANTITY, fixed)


SCORE = {
    "a": "sg:CentralityScore",
    "sg:node": "nation:china",
    "sg:measure": '"pagerank"',
    "sg:projection": '"actor"',
    "sg:value": '"0.25"^^xsd:double',
    "sg:rank": "1",
    "sg:computedOn": '"2026-11-25"^^xsd:date',
}


def score(**changes: str | None) -> str:
    fixed = {k.replace("__", ":"): v for k, v in changes.items()}
    return node("centralityscore:s1", SCORE, fixed)


ACTORS = """
nation:china a sg:Nation .
nation:united-states a sg:Nation .
university:brown-university a sg:University .
spaceagency:cnsa a sg:SpaceAgency .
person:john-logsdon a sg:Person .
samplecollection:change-5-lunar-samples a sg:SampleCollection .
samplecollection:apollo-lunar-samples a sg:SampleCollection .
celestialbody:moon a sg:CelestialBody .
"""


@dataclass(frozen=True)
class Case:
    """A shape, a snippet it accepts and one it rejects."""

    shape: str
    valid: str
    invalid: str


HAND_WRITTEN = [
    # -- entities
    Case(
        "EntityLabelShape",
        'nation:china a sg:Nation ; rdfs:label "China" ; sg:mentionedIn doc:t .',
        'nation:china a sg:Nation ; rdfs:label "China", "PRC" ; sg:mentionedIn doc:t .',
    ),
    Case(
        "EntityClassShape",
        'nation:china a sg:Nation ; rdfs:label "China" ; sg:mentionedIn doc:t .',
        'nation:china a schema:Country ; rdfs:label "China" ; sg:mentionedIn doc:t .',
    ),
    Case(
        "MentionedInShape",
        'nation:china a sg:Nation ; rdfs:label "China" ; sg:mentionedIn doc:t .',
        'nation:china a sg:Nation ; rdfs:label "China" ; sg:mentionedIn doc:none .',
    ),
    # -- documents
    Case("DocumentIdentifierShape", document(), document(dcterms__identifier=None)),
    Case("DocumentTitleShape", document(), document(dcterms__title='""')),
    Case("DocumentSha256Shape", document(), document(sg__sha256='"ABC123"')),
    Case("DocumentCharacterCountShape", document(), document(sg__characterCount='"42"')),
    # -- claims
    Case("ClaimSubjectShape", claim(), claim(rdf__subject=None)),
    Case("ClaimPredicateShape", claim(), claim(rdf__predicate='"target"')),
    Case("ClaimObjectShape", claim(), claim(rdf__object=None)),
    Case("ClaimStatedInShape", claim(), claim(sg__statedIn="nation:china")),
    Case("ClaimPolarityShape", claim(), claim(sg__polarity="sg:Science")),
    Case("ClaimAttributionShape", claim(), claim(prov__wasAttributedTo="person:nobody")),
    Case("ClaimEvidenceShape", claim(), claim(sg__hasEvidence=None)),
    Case("ClaimConfidenceShape", claim(sg__confidence="0.85"), claim(sg__confidence="1.5")),
    Case("ClaimPrecisionShape", claim(sg__precision="sg:Decade"), claim(sg__precision="sg:Trade")),
    Case(
        "AffirmedClaimTripleShape",
        claim(plain=False, sg__polarity="sg:Negated"),
        claim(plain=False),
    ),
    # -- evidence and selectors
    Case("EvidenceSourceShape", evidence(), evidence(source=None)),
    Case("EvidenceSelectorShape", evidence(), evidence().replace("TextPositionSelector", "X")),
    Case("EvidenceWithinDocumentShape", evidence(end="100"), evidence(end="101")),
    Case("SelectorStartShape", evidence(start="0"), evidence(start="-1")),
    Case("SelectorEndShape", evidence(), evidence(end=None)),
    Case("SelectorOrderShape", evidence(start="20", end="21"), evidence(start="20", end="20")),
    # -- agents
    Case(
        "AgentLabelShape",
        'agent:extractor a sg:Extractor ; rdfs:label "x" ; schema:softwareVersion "1.0" .',
        'agent:extractor a sg:Extractor ; schema:softwareVersion "1.0" .',
    ),
    Case(
        "ExtractorVersionShape",
        'agent:extractor a sg:Extractor ; rdfs:label "x" ; schema:softwareVersion "1.0" .',
        'agent:extractor a sg:Extractor ; rdfs:label "x" .',
    ),
    # -- facts
    Case(
        "YearShape",
        'x:i sg:year "2020"^^xsd:gYear .',
        'x:i sg:year "2020-01-01"^^xsd:date .',
    ),
    Case(
        "HasRoverShape",
        "mission:change-5 a sg:Mission ; sg:hasRover false .",
        'mission:change-5 a sg:Mission ; sg:hasRover "no" .',
    ),
    # -- quantities
    Case("QuantityValueShape", quantity(), quantity(schema__value='"4.4"')),
    Case("QuantityUnitCodeShape", quantity(), quantity(schema__unitCode='"pounds"')),
    Case("QuantityUnitTextShape", quantity(), quantity(schema__unitText='"lb", "pounds"')),
    Case("QuantityQualifierShape", quantity(), quantity(sg__qualifier=None)),
    Case("QuantityNormalisedValueShape", quantity(), quantity(sg__normalisedValue='"2 kg"')),
    Case("QuantityNormalisedUnitShape", quantity(), quantity(sg__normalisedUnit="x:g")),
    Case(
        "QuantityNormalisedPairShape",
        quantity(sg__normalisedValue=None, sg__normalisedUnit=None),
        quantity(sg__normalisedUnit=None),
    ),
    # -- n-ary relations
    Case(
        "CooperationParticipantShape",
        ACTORS + "cooperation:c a sg:Cooperation ; sg:participant nation:china, spaceagency:cnsa .",
        ACTORS + "cooperation:c a sg:Cooperation ; sg:participant nation:china .",
    ),
    Case(
        "CooperationDomainShape",
        ACTORS + "cooperation:c a sg:Cooperation ; sg:domain sg:Science ;"
        " sg:participant nation:china, nation:united-states .",
        ACTORS + "cooperation:c a sg:Cooperation ; sg:domain sg:Decade ;"
        " sg:participant nation:china, nation:united-states .",
    ),
    Case(
        "GranteeShape",
        ACTORS + "sampleaccessgrant:g a sg:SampleAccessGrant ;"
        " sg:grantee university:brown-university ;"
        " sg:sampleCollection samplecollection:change-5-lunar-samples .",
        ACTORS + "sampleaccessgrant:g a sg:SampleAccessGrant ;"
        " sg:grantee university:brown-university, nation:china ;"
        " sg:sampleCollection samplecollection:change-5-lunar-samples .",
    ),
    Case(
        "GrantCollectionShape",
        ACTORS + "sampleaccessgrant:g a sg:SampleAccessGrant ;"
        " sg:grantee university:brown-university ;"
        " sg:sampleCollection samplecollection:change-5-lunar-samples .",
        ACTORS + "sampleaccessgrant:g a sg:SampleAccessGrant ;"
        " sg:grantee university:brown-university .",
    ),
    Case(
        "TradePartyShape",
        ACTORS + quantity() + "tradefigure:t a sg:TradeFigure ; sg:amount quantity:q1 ;"
        " sg:party nation:china, nation:united-states .",
        ACTORS + quantity() + "tradefigure:t a sg:TradeFigure ; sg:amount quantity:q1 ;"
        " sg:party nation:china .",
    ),
    Case(
        # targetClass sg:EconomicFigure reaches sg:TradeFigure through the ontology
        "EconomicAmountShape",
        ACTORS + quantity() + "tradefigure:t a sg:TradeFigure ; sg:amount quantity:q1 ;"
        " sg:party nation:china, nation:united-states .",
        ACTORS + "tradefigure:t a sg:TradeFigure ; sg:party nation:china, nation:united-states .",
    ),
    Case(
        "EconomicPeriodShape",
        ACTORS + quantity() + 'tradefigure:t a sg:TradeFigure ; sg:period "ANN" ;'
        " sg:amount quantity:q1 ; sg:party nation:china, nation:united-states .",
        ACTORS + quantity() + 'tradefigure:t a sg:TradeFigure ; sg:period "per year" ;'
        " sg:amount quantity:q1 ; sg:party nation:china, nation:united-states .",
    ),
    Case(
        "ReportedByShape",
        ACTORS + quantity() + "tradefigure:t a sg:TradeFigure ; sg:amount quantity:q1 ;"
        " sg:party nation:china, nation:united-states ; sg:reportedBy nation:china .",
        ACTORS + quantity() + "tradefigure:t a sg:TradeFigure ; sg:amount quantity:q1 ;"
        " sg:party nation:china, nation:united-states ; sg:reportedBy doc:t .",
    ),
    Case(
        "InvestorShape",
        ACTORS + quantity() + "investmentfigure:i a sg:InvestmentFigure ;"
        " sg:investor nation:united-states ; sg:recipient nation:china ;"
        " sg:amount quantity:q1 .",
        ACTORS + quantity() + "investmentfigure:i a sg:InvestmentFigure ;"
        " sg:recipient nation:china ; sg:amount quantity:q1 .",
    ),
    Case(
        "RecipientShape",
        ACTORS + quantity() + "investmentfigure:i a sg:InvestmentFigure ;"
        " sg:investor nation:united-states ; sg:recipient nation:china ;"
        " sg:amount quantity:q1 .",
        ACTORS + quantity() + "investmentfigure:i a sg:InvestmentFigure ;"
        " sg:investor nation:united-states ; sg:recipient celestialbody:moon ;"
        " sg:amount quantity:q1 .",
    ),
    Case(
        "AgeSubjectShape",
        ACTORS + quantity() + "agecomparison:a a sg:AgeComparison ;"
        " sg:subjectCollection samplecollection:change-5-lunar-samples ;"
        " sg:comparedTo samplecollection:apollo-lunar-samples ;"
        " sg:difference quantity:q1 .",
        ACTORS + quantity() + "agecomparison:a a sg:AgeComparison ;"
        " sg:subjectCollection celestialbody:moon ;"
        " sg:comparedTo samplecollection:apollo-lunar-samples ;"
        " sg:difference quantity:q1 .",
    ),
    Case(
        "AgeComparedToShape",
        ACTORS + quantity() + "agecomparison:a a sg:AgeComparison ;"
        " sg:subjectCollection samplecollection:change-5-lunar-samples ;"
        " sg:comparedTo samplecollection:apollo-lunar-samples ;"
        " sg:difference quantity:q1 .",
        ACTORS + quantity() + "agecomparison:a a sg:AgeComparison ;"
        " sg:subjectCollection samplecollection:change-5-lunar-samples ;"
        " sg:difference quantity:q1 .",
    ),
    Case(
        "AgeDifferenceShape",
        ACTORS + quantity() + "agecomparison:a a sg:AgeComparison ;"
        " sg:subjectCollection samplecollection:change-5-lunar-samples ;"
        " sg:comparedTo samplecollection:apollo-lunar-samples ;"
        " sg:difference quantity:q1 .",
        ACTORS + "agecomparison:a a sg:AgeComparison ;"
        " sg:subjectCollection samplecollection:change-5-lunar-samples ;"
        " sg:comparedTo samplecollection:apollo-lunar-samples .",
    ),
    Case(
        "QuotationSpeakerShape",
        ACTORS + "quotation:q a sg:Quotation ; sg:speaker person:john-logsdon .",
        ACTORS + "quotation:q a sg:Quotation .",
    ),
    Case(
        "AgreementPartyShape",
        ACTORS + "agreement:a a sg:Agreement ; sg:party nation:china .",
        ACTORS + "agreement:a a sg:Agreement ; sg:party celestialbody:moon .",
    ),
    Case(
        "MembershipMemberShape",
        ACTORS + "membership:m a org:Membership ; org:member person:john-logsdon ;"
        " org:organization university:brown-university ; org:role sg:Director .",
        ACTORS + "membership:m a org:Membership ;"
        " org:organization university:brown-university ; org:role sg:Director .",
    ),
    Case(
        "MembershipOrganizationShape",
        ACTORS + "membership:m a org:Membership ; org:member person:john-logsdon ;"
        " org:organization university:brown-university ; org:role sg:FormerDirector .",
        ACTORS + "membership:m a org:Membership ; org:member person:john-logsdon ;"
        " org:organization celestialbody:moon ; org:role sg:FormerDirector .",
    ),
    Case(
        "MembershipRoleShape",
        ACTORS + "membership:m a org:Membership ; org:member person:john-logsdon ;"
        " org:organization university:brown-university ; org:role sg:ScienceLead .",
        ACTORS + "membership:m a org:Membership ; org:member person:john-logsdon ;"
        " org:organization university:brown-university ; org:role sg:Science .",
    ),
    # -- network measures
    Case("ScoreNodeShape", score(), score(sg__node='"China"')),
    Case("ScoreMeasureShape", score(), score(sg__measure=None)),
    Case("ScoreProjectionShape", score(), score(sg__projection="x:actor")),
    Case("ScoreValueShape", score(sg__value="0.25"), score(sg__value='"high"')),
    Case(
        "ScoreResultShape",
        score(sg__measure='"community"', sg__value=None, sg__rank=None, sg__community="2"),
        score(sg__measure='"community"', sg__value=None, sg__rank=None),
    ),
    Case("ScoreRankShape", score(), score(sg__rank="0")),
    Case(
        "CommunityShape",
        "nation:china a sg:Nation ; sg:community 3 .",
        'nation:china a sg:Nation ; sg:community "3" .',
    ),
]

#: (shape, date property): valid with each date precision, invalid as a plain string.
DATE_SHAPES = [
    ("LaunchDateShape", "launchDate"),
    ("LandingDateShape", "landingDate"),
    ("AscentDateShape", "ascentDate"),
    ("ReturnDateShape", "returnDate"),
    ("EnactedDateShape", "enactedDate"),
    ("ActiveSinceShape", "activeSince"),
    ("SinceShape", "since"),
]

#: (shape, quantity-valued property).
QUANTITY_SHAPES = [
    ("MassQuantityShape", "mass"),
    ("AgeQuantityShape", "age"),
    ("PartnerCountQuantityShape", "partnerCount"),
    ("AmountQuantityShape", "amount"),
    ("DifferenceQuantityShape", "difference"),
]

#: (shape, relation, a class its object may have, a class it may not).
RANGE_SHAPES = [
    ("AgencyOfRangeShape", "agencyOf", "Region", "SpaceAgency"),
    ("OperatedByRangeShape", "operatedBy", "SpaceAgency", "Nation"),
    ("CountryRangeShape", "country", "Nation", "Region"),
    ("TargetRangeShape", "target", "CelestialBody", "Place"),
    ("CollectedRangeShape", "collected", "SampleCollection", "Mission"),
    ("YoungerThanRangeShape", "youngerThan", "SampleCollection", "CelestialBody"),
    ("LocatedInRangeShape", "locatedIn", "LaunchSite", "University"),
    ("HasSampleAccessRangeShape", "hasSampleAccess", "SampleCollection", "Mission"),
    ("DirectorOfRangeShape", "directorOf", "ResearchInstitute", "Mission"),
    ("FormerDirectorOfRangeShape", "formerDirectorOf", "University", "Person"),
    ("AstronautOfRangeShape", "astronautOf", "SpaceAgency", "Mission"),
    ("CooperatesWithRangeShape", "cooperatesWith", "UnnamedInstitutions", "Mission"),
    ("JointMissionWithRangeShape", "jointMissionWith", "Region", "Mission"),
    ("TradesWithRangeShape", "tradesWith", "Nation", "SampleCollection"),
    ("InvestsInRangeShape", "investsIn", "Company", "Place"),
    ("ReportedOnRangeShape", "reportedOn", "Nation", "Law"),
    ("LaunchVehicleRangeShape", "launchVehicle", "LaunchVehicle", "Spacecraft"),
    ("LaunchedFromRangeShape", "launchedFrom", "LaunchSite", "Place"),
    ("LandingSiteRangeShape", "landingSite", "Place", "CelestialBody"),
    ("RecoverySiteRangeShape", "recoverySite", "Facility", "Nation"),
    ("BuiltByRangeShape", "builtBy", "Company", "Mission"),
    ("PassedByRangeShape", "passedBy", "Organisation", "Law"),
    ("RestrictsRangeShape", "restricts", "SpaceAgency", "Mission"),
    ("SignatoryOfRangeShape", "signatoryOf", "Agreement", "Cooperation"),
]

#: Relations whose subject is checked too (see DOMAIN_SHAPES).
SUBJECT_CLASS = {"agencyOf": "SpaceAgency", "directorOf": "Person", "formerDirectorOf": "Person"}

#: (shape, relation, a class its subject may have, a class it may not, object class).
DOMAIN_SHAPES = [
    ("AgencyOfDomainShape", "agencyOf", "SpaceAgency", "University", "Nation"),
    ("DirectorOfDomainShape", "directorOf", "Person", "Nation", "University"),
    ("FormerDirectorOfDomainShape", "formerDirectorOf", "Person", "Company", "University"),
]


def generated_cases() -> list[Case]:
    cases = []
    for shape, prop in DATE_SHAPES:
        valid = "".join(
            f'x:{n} sg:{prop} "{v}"^^xsd:{t} .\n'
            for n, (v, t) in enumerate(
                [("2020-11-23", "date"), ("2020-11", "gYearMonth"), ("2019", "gYear")]
            )
        )
        cases.append(Case(shape, valid, f'x:0 sg:{prop} "23 November 2020" .'))
    for shape, prop in QUANTITY_SHAPES:
        cases.append(
            Case(shape, quantity() + f"x:s sg:{prop} quantity:q1 .", f"x:s sg:{prop} 4.4 .")
        )
    for shape, prop, good, bad in RANGE_SHAPES:
        subject = f"x:s a sg:{SUBJECT_CLASS[prop]} . " if prop in SUBJECT_CLASS else ""
        cases.append(
            Case(
                shape,
                f"{subject}x:s sg:{prop} x:o . x:o a sg:{good} .",
                f"{subject}x:s sg:{prop} x:o . x:o a sg:{bad} .",
            )
        )
    for shape, prop, good, bad, obj in DOMAIN_SHAPES:
        cases.append(
            Case(
                shape,
                f"x:s a sg:{good} ; sg:{prop} x:o . x:o a sg:{obj} .",
                f"x:s a sg:{bad} ; sg:{prop} x:o . x:o a sg:{obj} .",
            )
        )
    cases.append(
        Case(
            "HasRoverDomainShape",
            "x:s a sg:Mission ; sg:hasRover true .",
            "x:s a sg:Spacecraft ; sg:hasRover true .",
        )
    )
    return cases


CASES = HAND_WRITTEN + generated_cases()


# -- fixtures and helpers ----------------------------------------------------------


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_file(), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def parse(snippet: str) -> Graph:
    return Graph().parse(data=PREFIXES + PRELUDE + snippet, format="turtle")


def validate(data: Graph, shapes: Graph, ontology: Graph | None) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    assert isinstance(report, Graph)
    return bool(conforms), report


def results(report: Graph) -> list[tuple[URIRef, str]]:
    """(source shape, message) of every result in a validation report."""
    found = []
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        for message in report.objects(result, SH.resultMessage):
            found.append((shape, str(message)))
    return found


def messages_of(shapes: Graph, shape: URIRef) -> set[str]:
    """The sh:message texts of a shape and of its SPARQL constraints."""
    texts = {str(m) for m in shapes.objects(shape, SH.message)}
    for constraint in shapes.objects(shape, SH.sparql):
        texts |= {str(m) for m in shapes.objects(constraint, SH.message)}
    return texts


def named_shapes(shapes: Graph) -> set[URIRef]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    return {s for s in found if isinstance(s, URIRef)}


# -- the shapes file ------------------------------------------------------------------


def test_every_shape_has_a_case(shapes: Graph) -> None:
    assert {URIRef(SGSH + c.shape) for c in CASES} == named_shapes(shapes)


def test_cases_are_unique() -> None:
    assert len({c.shape for c in CASES}) == len(CASES)


def test_every_shape_has_a_message_and_a_comment(shapes: Graph) -> None:
    for shape in named_shapes(shapes):
        assert messages_of(shapes, shape), f"{shape} has no sh:message"
        assert shapes.value(shape, RDFS.comment) is not None, f"{shape} has no rdfs:comment"
        for message in messages_of(shapes, shape):
            assert message.endswith("."), f"{shape}: a message is a sentence"


def test_every_shape_has_a_target(shapes: Graph) -> None:
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    for shape in named_shapes(shapes):
        assert any(shapes.value(shape, t) is not None for t in targets), shape


def test_functional_facts_have_no_max_count(shapes: Graph) -> None:
    """Two documents giving two values is a conflict to report, not an invalid graph."""
    functional = [SG.launchDate, SG.landingDate, SG.ascentDate, SG.returnDate, SG.enactedDate]
    functional += [SG.hasRover, SG.mass, SG.age]
    for prop_shape in shapes.subjects(SH.path, None):
        if shapes.value(prop_shape, SH.path) in functional:
            assert shapes.value(prop_shape, SH.maxCount) is None, prop_shape


def test_prelude_conforms(shapes: Graph, ontology: Graph) -> None:
    conforms, report = validate(parse(""), shapes, ontology)
    assert conforms, results(report)


# -- the pairs ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_valid_example_conforms(case: Case, shapes: Graph, ontology: Graph) -> None:
    conforms, report = validate(parse(case.valid), shapes, ontology)
    assert conforms, results(report)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.shape)
def test_invalid_example_reports_the_shape_message(
    case: Case, shapes: Graph, ontology: Graph
) -> None:
    shape = URIRef(SGSH + case.shape)
    conforms, report = validate(parse(case.invalid), shapes, ontology)
    assert not conforms
    found = results(report)
    own = {message for source, message in found if source == shape}
    assert own, f"{case.shape} did not fire; got {found}"
    expected = messages_of(shapes, shape)
    # SPARQL messages are templates ({$this}, {?end}); compare their fixed start.
    prefixes = {m.split("{", 1)[0] for m in expected}
    assert any(m.startswith(p) for m in own for p in prefixes), (own, expected)


# -- behaviour across classes and documents --------------------------------------------


def test_target_class_reaches_subclasses_only_through_the_ontology(
    shapes: Graph, ontology: Graph
) -> None:
    """sg:TradeFigure is an sg:EconomicFigure only because the ontology says so."""
    data = parse(
        ACTORS + "tradefigure:t a sg:TradeFigure ; sg:party nation:china, nation:united-states ."
    )
    amount_shape = URIRef(SGSH + "EconomicAmountShape")
    conforms, report = validate(data, shapes, ontology)
    assert not conforms
    assert amount_shape in {source for source, _ in results(report)}
    conforms, report = validate(data, shapes, None)
    assert amount_shape not in {source for source, _ in results(report)}


def test_sh_class_accepts_subclass_instances(shapes: Graph, ontology: Graph) -> None:
    """A space agency is an sg:Organisation (via the ontology) for sg:operatedBy."""
    data = parse("mission:m sg:operatedBy spaceagency:cnsa . " + ACTORS)
    conforms, report = validate(data, shapes, ontology)
    assert conforms, results(report)


def test_conflicting_functional_facts_conform(shapes: Graph, ontology: Graph) -> None:
    """Two documents with two return dates: a conflict for the report, not a violation."""
    data = parse(
        'mission:change-5 a sg:Mission ; sg:returnDate "2020-12-03"^^xsd:date,'
        ' "2020-12-16"^^xsd:date ; sg:hasRover true, false ; sg:mass quantity:q1,'
        " quantity:q2 .\n" + quantity() + quantity().replace("q1", "q2").replace("4.4", "1731.0")
    )
    conforms, report = validate(data, shapes, ontology)
    assert conforms, results(report)


def test_ontology_individuals_are_not_validated_as_entities(shapes: Graph, ontology: Graph) -> None:
    """Mixing the ontology in must not make its own terms (labelled @en) fail the shapes."""
    conforms, report = validate(parse(""), shapes, ontology)
    assert conforms, results(report)


def test_a_document_graph_built_by_docgraph_conforms(shapes: Graph, ontology: Graph) -> None:
    dg = DocumentGraph("t", file_name="t.txt", title="T", sha256="a" * 64, length=200)
    china = dg.entity(SG.Nation, "China")
    us = dg.entity(SG.Nation, "United States", aliases=["US"])
    cnsa = dg.entity(SG.SpaceAgency, "China National Space Administration", aliases=["CNSA"])
    mission = dg.entity(SG.Mission, "Chang'e-5")
    samples = dg.entity(SG.SampleCollection, "Chang'e-5 lunar samples")
    brown = dg.entity(SG.University, "Brown University")
    dg.state(cnsa, SG.agencyOf, china, [(0, 10)])
    dg.state(mission, SG.operatedBy, cnsa, [(0, 10), (20, 40)])
    dg.state(mission, SG.launchDate, Literal("2020-11-23", datatype=XSD.date), [(10, 20)])
    dg.state(mission, SG.hasRover, Literal(False), [(10, 20)], confidence=0.75)
    mass = dg.quantity("4.4", "LBR", "pounds", qualifier=SG.MoreThan, normalised=("1995.8", "GRM"))
    dg.state(samples, SG.mass, mass, [(40, 60)])
    dg.nary(
        SG.SampleAccessGrant,
        [(SG.grantee, brown), (SG.sampleCollection, samples)],
        [(60, 80)],
        derived=[(brown, SG.hasSampleAccess, samples)],
    )
    dg.nary(
        SG.Cooperation,
        [(SG.participant, china), (SG.participant, us), (SG.domain, SG.Science)],
        [(80, 90)],
        derived=[(china, SG.cooperatesWith, us)],
    )
    dg.state(china, SG.participatesIn, us, [(90, 100)], negated=True)
    data = Graph()
    for s, p, o, _ in dg.dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    conforms, report = validate(data, shapes, ontology)
    assert conforms, results(report)


def test_centrality_scores_written_by_measures_conform(shapes: Graph, ontology: Graph) -> None:
    nodes = [
        URIRef("https://w3id.org/spacegraph/id/nation/china"),
        URIRef("https://w3id.org/spacegraph/id/nation/japan"),
    ]
    table = pd.DataFrame(
        {"label": ["China", "Japan"], "class": ["Nation", "Nation"], "pagerank": [0.6, 0.4],
         "community": [0, 1]},
        index=pd.Index(nodes, name="node"),
    )  # fmt: skip
    data = measures_to_rdf(table, "actor", computed_on=dt.date(2026, 11, 25))
    assert len(data) > 0
    conforms, report = validate(data, shapes, ontology)
    assert conforms, results(report)
