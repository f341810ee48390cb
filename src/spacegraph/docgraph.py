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

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from .docrecords import ClaimRecord, MentionRecord, Records, UnrecordedStatement
from .errors import SpacegraphError
from .iri import claim_iri, document_iri, entity_iri, graph_iri, node_iri
from .triples import TripleIndex
from .vocab import BASE, OA, PROV, SCHEMA, SG, WD, Terms, bind_prefixes

__all__ = ["CURATOR", "Agent", "ClaimKey", "DocumentGraph", "Span", "Triple"]

#: A half-open code-point span ``(start, end)`` of a document's text.
Span = tuple[int, int]
#: One stated triple.
Triple = tuple[Node, Node, Node]
#: What a claim states: subject, predicate, object, and whether the document denies it.
ClaimKey = tuple[URIRef, URIRef, Node, bool]


@dataclass(frozen=True)
class Agent:
    """Who asserted a document's claims: a human curator or a software extractor."""

    iri: URIRef
    label: str
    kind: URIRef  # SG.Curator or SG.Extractor
    version: str | None = None


#: The agent of hand-reviewed graphs.
CURATOR = Agent(URIRef(BASE + "agent/curator"), "spacegraph curators", SG.Curator)


# The builder writes several terms per stated triple; each is built once (see Terms).
_RDF, _RDFS, _XSD, _SKOS, _DCTERMS = (
    Terms(RDF),
    Terms(RDFS),
    Terms(XSD),
    Terms(SKOS),
    Terms(DCTERMS),
)
_SG, _OA, _PROV, _SCHEMA = Terms(SG), Terms(OA), Terms(PROV), Terms(SCHEMA)


@lru_cache(maxsize=256)
def _confidence(value: float) -> Literal:
    """A confidence as a decimal literal (one object per value: a few values make every one)."""
    return Literal(Decimal(f"{value:.2f}"))


class DocumentGraph:
    """Builder of one document's named graph.

    Claims, evidence spans and mentions are kept as records
    (:mod:`spacegraph.docrecords`), the other triples in a plain
    insertion-ordered set; all move into the rdflib :attr:`graph` (and
    :attr:`dataset`) when one of them is first read, and from then on that
    graph is the record, since its reader may change it. Adding to an rdflib
    graph costs tens of microseconds a triple, which a large document's
    quarter of a million triples would pay for nothing when it is only
    written out and compared: :meth:`triples` and :meth:`index` read them
    without rdflib, :meth:`plain_index` without making the records' triples,
    :attr:`claims` lists what each claim states, and :meth:`serialize` writes
    the records' statements a node at a time.

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
        #: The IRI of the document's named graph.
        self.identifier = graph_iri(doc_slug)
        self._dataset = Dataset()
        bind_prefixes(self._dataset)
        self._graph: Graph = self._dataset.graph(self.identifier)
        self._shared = False  # (once the rdflib graph is handed out)
        # The claims, evidence spans and mentions; and, until shared, the other triples.
        self._records = Records(self.document, agent.iri)
        self._others: dict[Triple, None] = {}
        self._evidence = self._records.evidence
        # Quantities already stated (a large article repeats its figures), with their nodes.
        self._quantities: dict[tuple[str, str, str, URIRef, tuple[str, str] | None], URIRef] = {}
        add = self.add
        add((self.document, _RDF.type, _SG.SourceDocument))
        add((self.document, _DCTERMS.identifier, Literal(file_name)))
        add((self.document, _DCTERMS.title, Literal(title)))
        add((self.document, _SG.sha256, Literal(sha256)))
        add((self.document, _SG.characterCount, Literal(length, datatype=_XSD.integer)))
        add((self.identifier, _PROV.wasDerivedFrom, self.document))
        add((agent.iri, _RDF.type, agent.kind))
        add((agent.iri, _RDFS.label, Literal(agent.label)))
        if agent.version:
            add((agent.iri, _SCHEMA.softwareVersion, Literal(agent.version)))

    # -- triples -------------------------------------------------------------
    def add(self, triple: Triple) -> None:
        """State a plain triple (no claim, no evidence): metadata, labels, types."""
        if self._shared:
            self._graph.add(triple)
        else:
            self._others[triple] = None

    def _flush(self, triples: Iterable[Triple]) -> None:
        """Once the graph is shared, a record's statements go into it as they change."""
        if self._shared:
            for triple in triples:
                self._graph.add(triple)

    def triples(self) -> Collection[Triple]:
        """Every triple of the document graph, each once, without building the rdflib graph."""
        return list(self._graph) if self._shared else self._every().keys()

    def _every(self) -> dict[Triple, None]:
        """The other triples, then the records' (a triple added apart from its record, once)."""
        every = dict(self._others)
        every.update(dict.fromkeys(self._records.triples()))
        return every

    def index(self) -> TripleIndex:
        """The triples stated so far, in a :class:`~spacegraph.triples.TripleIndex` (a copy)."""
        return TripleIndex(self._graph if self._shared else self._every())

    def plain_index(self) -> TripleIndex:
        """The triples of every node but the claims, evidence spans and mentions (a copy).

        What a comparison reads of a new graph: its metadata, entities, n-ary
        nodes, quantities and plain stated triples (the claims it reads from
        :attr:`claims`). Once the graph is shared, all of its triples.
        """
        return TripleIndex(self._graph if self._shared else self._others)

    def __len__(self) -> int:
        return len(self.triples())

    @property
    def claims(self) -> dict[URIRef, ClaimKey]:
        """Each claim's IRI → what it states (subject, predicate, object, denied)."""
        return {
            claim: (c.subject, c.predicate, c.obj, c.negated)
            for claim, c in self._records.claims.items()
        }

    @property
    def graph(self) -> Graph:
        """The document's named graph (rdflib), holding everything stated so far."""
        self._share()
        return self._graph

    @property
    def dataset(self) -> Dataset:
        """A dataset holding the document's named graph (see :attr:`graph`)."""
        self._share()
        return self._dataset

    def _share(self) -> None:
        if not self._shared:
            g = self._graph
            g.addN((s, p, o, g) for s, p, o in self.triples())
            self._others.clear()
            self._shared = True

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
        add = self.add
        add((node, _RDF.type, cls))
        add((node, _RDFS.label, Literal(label)))
        for alias in aliases:
            if alias != label:
                add((node, _SKOS.altLabel, Literal(alias)))
        if qid:
            add((node, _SKOS.exactMatch, WD[qid]))
        add((node, _SG.mentionedIn, self.document))
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
        record = self._records.claims.get(claim)
        if record is None:
            record = self._records.claims[claim] = ClaimRecord(s, p, o, negated)
        evidence = [self.evidence(span) for span in spans]
        if not negated:
            self.add((s, p, o))
        if precision is not None:
            record.precisions[precision] = None
        record.evidence.update(dict.fromkeys(evidence))
        if confidence is not None:
            self._confide(claim, record, confidence)
        self._flush(self._records.claim_triples(claim) if self._shared else ())
        return claim

    def _confide(self, claim: URIRef, record: ClaimRecord, confidence: float) -> None:
        """One confidence per claim: the highest of those it is stated with.

        Two rules may state one triple (a trade fact, and the same edge derived
        from the trade figure); the shapes allow a claim one confidence.
        """
        value = _confidence(confidence)
        old = record.confidence
        if old is not None:
            if old.toPython() >= value.toPython():
                return
            if self._shared:
                self._graph.remove((claim, _SG.confidence, old))
        record.confidence = value

    def evidence(self, span: Span) -> URIRef:
        """The evidence node for a span of this document (shared by its claims)."""
        known = self._evidence.get(span)
        if known is not None:
            return known
        start, end = span
        if not (0 <= start < end <= self.length):
            raise SpacegraphError(
                f"{self.slug}: evidence span {start}-{end} is outside the document"
                f" (0-{self.length})"
            )
        ev = self._evidence[span] = URIRef(f"{BASE}evidence/{self.slug}/{start}-{end}")
        self._flush(self._records.evidence_triples(span) if self._shared else ())
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
        self.add((node, _RDF.type, cls))
        if label:
            self.add((node, _RDFS.label, Literal(label)))
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
        record = self._records.mentions.get(node)
        if record is None:
            record = self._records.mentions[node] = MentionRecord(self.evidence(span))
        record.bodies[entity] = None
        if surface:
            record.surfaces[Literal(surface)] = None
        self._flush(self._records.mention_triples(node) if self._shared else ())
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
        stated = (value, unit_code, unit_text, qualifier, normalised)
        known = self._quantities.get(stated)
        if known is not None:
            return known  # (its triples are all there)
        key = (value, unit_code, str(qualifier), normalised)
        node = self._quantities[stated] = node_iri("Quantity", *key)
        add = self.add
        add((node, _RDF.type, _SG.Quantity))
        add((node, _SCHEMA.value, Literal(Decimal(value))))
        add((node, _SCHEMA.unitCode, Literal(unit_code)))
        add((node, _SCHEMA.unitText, Literal(unit_text)))
        add((node, _SG.qualifier, qualifier))
        if normalised:
            add((node, _SG.normalisedValue, Literal(Decimal(normalised[0]))))
            add((node, _SG.normalisedUnit, Literal(normalised[1])))
        return node

    # -- output ------------------------------------------------------------------
    def serialize(self) -> str:
        """The document graph as TriG (deterministic for the same content).

        Written from the records while the builder holds the triples, else (or
        if a triple about a recorded node was added apart from its record) by
        the generic writer; the text is the same.
        """
        from .export import graph_to_trig

        if not self._shared:
            try:
                return self._records.trig(self.identifier, self._others.keys())
            except UnrecordedStatement:
                pass
        return graph_to_trig(self.identifier, self.triples())
