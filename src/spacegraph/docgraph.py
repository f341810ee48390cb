"""Write what one document states as one named graph, with evidence for each fact.

:class:`DocumentGraph` is the single writer of the project's graph format; the
curated graph and the extractor both use it, so every document graph has the
same shape:

- the stated triples themselves, plain ("truthy"), so the union of all
  document graphs is the knowledge graph;
- one :data:`SG.Claim` per stated triple (an ``rdf:Statement`` with
  ``rdf:subject/predicate/object``), saying which document states it, who
  asserted it (curator or extractor), whether the document affirms or denies
  it, and where: one or more :data:`SG.Evidence` nodes, each a W3C Web
  Annotation ``oa:SpecificResource`` with an ``oa:TextPositionSelector``;
- the document's metadata (file name, title, SHA-256, length).

A denied statement ("China has never been a partner") becomes a claim with
``sg:polarity sg:Negated`` and no plain triple. No document text is written:
only offsets, which the build resolves against the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from .errors import SpacegraphError
from .iri import claim_iri, document_iri, entity_iri, graph_iri, node_iri
from .vocab import BASE, OA, PROV, SCHEMA, SG, WD, bind_prefixes

__all__ = ["CURATOR", "Agent", "DocumentGraph", "Span"]

#: A half-open code-point span ``(start, end)`` of a document's text.
Span = tuple[int, int]


@dataclass(frozen=True)
class Agent:
    """Who asserted a document's claims: a human curator or a software extractor."""

    iri: URIRef
    label: str
    kind: URIRef  # SG.Curator or SG.Extractor
    version: str | None = None


#: The agent of hand-reviewed graphs.
CURATOR = Agent(URIRef(BASE + "agent/curator"), "spacegraph curators", SG.Curator)


class DocumentGraph:
    """Builder of one document's named graph.

    Parameters
    ----------
    doc_slug : str
        Short name of the document (its file stem); names the graph and the
        document IRIs.
    file_name, title, sha256, length :
        The document's metadata; ``length`` is in code points.
    agent : Agent
        Who asserts the claims.
    """

    def __init__(
        self,
        doc_slug: str,
        *,
        file_name: str,
        title: str,
        sha256: str,
        length: int,
        agent: Agent = CURATOR,
    ) -> None:
        self.slug = doc_slug
        self.length = length
        self.agent = agent
        self.document = document_iri(doc_slug)
        self.dataset = Dataset()
        bind_prefixes(self.dataset)
        self.graph: Graph = self.dataset.graph(graph_iri(doc_slug))
        g = self.graph
        g.add((self.document, RDF.type, SG.SourceDocument))
        g.add((self.document, DCTERMS.identifier, Literal(file_name)))
        g.add((self.document, DCTERMS.title, Literal(title)))
        g.add((self.document, SG.sha256, Literal(sha256)))
        g.add((self.document, SG.characterCount, Literal(length, datatype=XSD.integer)))
        g.add((self.graph.identifier, PROV.wasDerivedFrom, self.document))
        g.add((agent.iri, RDF.type, agent.kind))
        g.add((agent.iri, RDFS.label, Literal(agent.label)))
        if agent.version:
            g.add((agent.iri, SCHEMA.softwareVersion, Literal(agent.version)))

    # -- entities ------------------------------------------------------------
    def entity(
        self,
        cls: URIRef,
        label: str,
        *,
        aliases: Iterable[str] = (),
        qid: str | None = None,
        iri: URIRef | None = None,
    ) -> URIRef:
        """Declare an entity the document mentions and return its IRI.

        ``cls`` is an ``SG`` class; the IRI derives from the class and label
        unless ``iri`` is given (for an entity already known under another
        class). ``qid`` is a checked Wikidata identifier.
        """
        node = iri or entity_iri(str(cls).rsplit("#", 1)[1], label)
        g = self.graph
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
        for alias in aliases:
            if alias != label:
                g.add((node, SKOS.altLabel, Literal(alias)))
        if qid:
            g.add((node, SKOS.exactMatch, WD[qid]))
        g.add((node, SG.mentionedIn, self.document))
        return node

    # -- claims --------------------------------------------------------------
    def state(
        self,
        s: URIRef,
        p: URIRef,
        o: Node,
        spans: Sequence[Span],
        *,
        negated: bool = False,
        precision: URIRef | None = None,
        confidence: float | None = None,
    ) -> URIRef:
        """Record that the document states (or denies) ``s p o`` at ``spans``.

        Returns the claim's IRI. Raises :class:`SpacegraphError` if a span is
        empty or lies outside the document.
        """
        if not spans:
            raise SpacegraphError(f"{self.slug}: claim {s} {p} {o} has no evidence span")
        claim = claim_iri(self.slug, s, p, o, negated)
        g = self.graph
        if not negated:
            g.add((s, p, o))
        g.add((claim, RDF.type, SG.Claim))
        g.add((claim, RDF.subject, s))
        g.add((claim, RDF.predicate, p))
        g.add((claim, RDF.object, o))
        g.add((claim, SG.statedIn, self.document))
        g.add((claim, SG.polarity, SG.Negated if negated else SG.Affirmed))
        g.add((claim, PROV.wasAttributedTo, self.agent.iri))
        if precision is not None:
            g.add((claim, SG.precision, precision))
        if confidence is not None:
            g.add((claim, SG.confidence, Literal(Decimal(f"{confidence:.2f}"))))
        for span in spans:
            g.add((claim, SG.hasEvidence, self.evidence(span)))
        return claim

    def evidence(self, span: Span) -> URIRef:
        """The evidence node for a span of this document (shared by its claims)."""
        start, end = span
        if not (0 <= start < end <= self.length):
            raise SpacegraphError(
                f"{self.slug}: evidence span {start}-{end} is outside the document"
                f" (0-{self.length})"
            )
        ev = URIRef(f"{BASE}evidence/{self.slug}/{start}-{end}")
        selector = URIRef(f"{ev}#position")
        g = self.graph
        g.add((ev, RDF.type, SG.Evidence))
        g.add((ev, OA.hasSource, self.document))
        g.add((ev, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
        return ev

    # -- n-ary relations and quantities -----------------------------------------
    def nary(
        self,
        cls: URIRef,
        roles: Sequence[tuple[URIRef, Node]],
        spans: Sequence[Span],
        *,
        label: str | None = None,
        derived: Sequence[tuple[URIRef, URIRef, Node]] = (),
        key: Sequence[object] = (),
        confidence: float | None = None,
    ) -> URIRef:
        """An n-ary relation node of class ``cls`` with its role edges, all stated.

        The node's IRI is keyed by its class and roles, so documents that state
        the same relation meet on one node. ``derived`` are the plain edges the
        relation implies (``A cooperatesWith B``), stated with the same spans.
        ``key`` adds what else tells two such relations apart (for a quotation,
        its span: one speaker says many things).
        """
        parts = [*sorted((str(p), str(o)) for p, o in roles), *key]
        node = node_iri(str(cls).rsplit("#", 1)[1], *parts)
        self.graph.add((node, RDF.type, cls))
        if label:
            self.graph.add((node, RDFS.label, Literal(label)))
        for p, o in roles:
            self.state(node, p, o, spans, confidence=confidence)
        for s, p, o in derived:
            self.state(s, p, o, spans, confidence=confidence)
        return node

    def mention(self, entity: URIRef, span: Span, surface: str | None = None) -> URIRef:
        """Record that the name at ``span`` identifies ``entity`` (entity resolution).

        A W3C Web Annotation with motivation ``oa:identifying``: its body is the
        entity, its target the evidence span, and ``sg:surfaceForm`` keeps the
        name as written when it differs from the entity's label and aliases.
        """
        start, end = span
        node = URIRef(f"{BASE}mention/{self.slug}/{start}-{end}")
        g = self.graph
        g.add((node, RDF.type, OA.Annotation))
        g.add((node, OA.motivatedBy, OA.identifying))
        g.add((node, OA.hasBody, entity))
        g.add((node, OA.hasTarget, self.evidence(span)))
        g.add((node, PROV.wasAttributedTo, self.agent.iri))
        if surface:
            g.add((node, SG.surfaceForm, Literal(surface)))
        return node

    def quantity(
        self,
        value: str,
        unit_code: str,
        unit_text: str,
        *,
        qualifier: URIRef = SG.Exactly,
        normalised: tuple[str, str] | None = None,
    ) -> URIRef:
        """A quantity as the text states it, with an optional normalised value.

        ``value`` is a decimal string ("4.4"), ``unit_code`` a UN/CEFACT or ISO
        4217 code ("LBR", "GRM", "USD"), ``normalised`` a ``(value, unit_code)``
        pair in the project's base unit (grams for mass).
        """
        key = (value, unit_code, str(qualifier), normalised)
        node = node_iri("Quantity", *key)
        g = self.graph
        g.add((node, RDF.type, SG.Quantity))
        g.add((node, SCHEMA.value, Literal(Decimal(value))))
        g.add((node, SCHEMA.unitCode, Literal(unit_code)))
        g.add((node, SCHEMA.unitText, Literal(unit_text)))
        g.add((node, SG.qualifier, qualifier))
        if normalised:
            g.add((node, SG.normalisedValue, Literal(Decimal(normalised[0]))))
            g.add((node, SG.normalisedUnit, Literal(normalised[1])))
        return node

    # -- output ------------------------------------------------------------------
    def serialize(self) -> str:
        """The document graph as TriG (deterministic for the same content)."""
        from .export import to_trig

        return to_trig(self.dataset)
