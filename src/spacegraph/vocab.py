"""Namespaces and the closed list of spacegraph ontology terms.

``SG`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a misspelt term
(``SG.operatedby``) fails at import time instead of silently minting a new
IRI. The ontology file ``ontology/spacegraph.ttl`` declares and documents every
term listed here; a test checks that the two agree.

Every IRI the project mints starts with :data:`BASE`, the one base IRI.
"""

from __future__ import annotations

from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "BASE",
    "OA",
    "ORG",
    "PREFIXES",
    "PROV",
    "SCHEMA",
    "SG",
    "TIME",
    "WD",
    "Terms",
    "bind_prefixes",
]

#: The one base IRI of everything spacegraph mints.
BASE = "https://w3id.org/spacegraph/"

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")


class SG(DefinedNamespace):
    """The spacegraph ontology (``https://w3id.org/spacegraph/ontology#``)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # --- entity classes -------------------------------------------------
    Actor: URIRef
    Nation: URIRef
    Region: URIRef
    SpaceAgency: URIRef
    Organisation: URIRef
    University: URIRef
    ResearchInstitute: URIRef
    Company: URIRef
    UnnamedInstitutions: URIRef
    Person: URIRef
    Mission: URIRef
    Programme: URIRef
    Spacecraft: URIRef
    SpaceStation: URIRef
    SpaceStationModule: URIRef
    Instrument: URIRef
    LaunchVehicle: URIRef
    LaunchSite: URIRef
    Facility: URIRef
    Place: URIRef
    CelestialBody: URIRef
    SampleCollection: URIRef
    Agreement: URIRef
    Law: URIRef
    # --- n-ary relation classes ----------------------------------------
    NaryRelation: URIRef
    Cooperation: URIRef
    SampleAccessGrant: URIRef
    EconomicFigure: URIRef
    TradeFigure: URIRef
    InvestmentFigure: URIRef
    AgeComparison: URIRef
    Quotation: URIRef
    Quantity: URIRef
    # --- provenance classes ---------------------------------------------
    SourceDocument: URIRef
    Claim: URIRef
    Evidence: URIRef
    Curator: URIRef
    Extractor: URIRef
    # --- controlled vocabularies (SKOS concepts) ------------------------
    CooperationDomain: URIRef
    Science: URIRef
    Trade: URIRef
    Education: URIRef
    Technology: URIRef
    Spaceflight: URIRef
    Economy: URIRef
    Culture: URIRef
    Security: URIRef
    RoleType: URIRef
    Director: URIRef
    FormerDirector: URIRef
    ScienceLead: URIRef
    Astronaut: URIRef
    Qualifier: URIRef
    Exactly: URIRef
    MoreThan: URIRef
    LessThan: URIRef
    About: URIRef
    Precision: URIRef
    Day: URIRef
    Month: URIRef
    Year: URIRef
    Decade: URIRef
    Polarity: URIRef
    Affirmed: URIRef
    Negated: URIRef
    # --- abstract super-properties ---------------------------------------
    relation: URIRef
    fact: URIRef
    naryRole: URIRef
    # --- relations between entities -------------------------------------
    agencyOf: URIRef
    operatedBy: URIRef
    country: URIRef
    target: URIRef
    collected: URIRef
    youngerThan: URIRef
    locatedIn: URIRef
    partOf: URIRef
    hasSampleAccess: URIRef
    directorOf: URIRef
    formerDirectorOf: URIRef
    scienceLeadOf: URIRef
    astronautOf: URIRef
    cooperatesWith: URIRef
    jointMissionWith: URIRef
    tradesWith: URIRef
    investsIn: URIRef
    participatesIn: URIRef
    partnerIn: URIRef
    launchVehicle: URIRef
    launchedFrom: URIRef
    landingSite: URIRef
    recoverySite: URIRef
    supported: URIRef
    contributedTo: URIRef
    builtBy: URIRef
    passedBy: URIRef
    restricts: URIRef
    reportedOn: URIRef
    signatoryOf: URIRef
    # --- facts (literal or quantity valued) ------------------------------
    launchDate: URIRef
    landingDate: URIRef
    ascentDate: URIRef
    returnDate: URIRef
    enactedDate: URIRef
    hasRover: URIRef
    mass: URIRef
    age: URIRef
    partnerCount: URIRef
    activeSince: URIRef
    # --- roles of n-ary relations -----------------------------------------
    participant: URIRef
    domain: URIRef
    grantee: URIRef
    sampleCollection: URIRef
    party: URIRef
    investor: URIRef
    recipient: URIRef
    amount: URIRef
    period: URIRef
    since: URIRef
    year: URIRef
    reportedBy: URIRef
    subjectCollection: URIRef
    comparedTo: URIRef
    difference: URIRef
    speaker: URIRef
    # --- quantities -------------------------------------------------------
    qualifier: URIRef
    normalisedValue: URIRef
    normalisedUnit: URIRef
    # --- documents, claims, evidence ---------------------------------------
    sha256: URIRef
    characterCount: URIRef
    statedIn: URIRef
    hasEvidence: URIRef
    polarity: URIRef
    precision: URIRef
    confidence: URIRef
    surfaceForm: URIRef
    mentionedIn: URIRef
    # --- network measures (written back by the analysis stage) -------------
    CentralityScore: URIRef
    measure: URIRef
    projection: URIRef
    node: URIRef
    value: URIRef
    rank: URIRef
    community: URIRef
    computedOn: URIRef


PREFIXES: dict[str, str] = {
    "sg": str(SG._NS),
    "sgr": BASE,
    "oa": str(OA),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "wd": str(WD),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind the project's prefixes on an rdflib graph or dataset (for readable output)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


class Terms:
    """A namespace whose terms are built once each.

    An rdflib namespace builds and checks a new IRI object on every attribute
    access (``SG.Claim``); code that writes terms per triple — the document
    graph builder, the ingest report — reads them through ``Terms(SG).Claim``
    instead. A misspelt term still fails, on first use.

    >>> terms = Terms(SG)
    >>> terms.Claim is terms.Claim, terms.Claim == SG.Claim
    (True, True)
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term
