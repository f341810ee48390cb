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

from .doctrig import ClaimRecord, MentionRecord, Records, UnrecordedStatement
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
    return Literal(Decimal(f"{value:.2f}"))


def _offset_by_constructor(n: int) -> Literal:
    return Literal(n, datatype=_XSD.nonNegativeInteger)


def _offset_direct(n: int) -> Literal:
    lit = str.__new__(Literal, str(n))
    lit._language = None
    lit._datatype = _XSD.nonNegativeInteger
    lit._value = n
    lit._ill_typed = None
    return lit


def _same_literal(a: Literal, b: Literal) -> bool:
    return (
        type(a) is type(b)
        and str(a) == str(b)
        and all(getattr(a, slot) == getattr(b, slot) for slot in Literal.__slots__)
    )


#: A character offset as an ``xsd:nonNegativeInteger`` literal (two per evidence span).
#: rdflib's constructor takes about 14 µs a literal (it converts the value and checks it
#: again), a second of a large article's graph; the literal is made directly instead, as
#: the constructor makes it, if that gives the constructor's literal (checked here, so an
#: rdflib that makes literals differently gets the constructor).
_offset = (
    _offset_direct
    if all(_same_literal(_offset_direct(n), _offset_by_constructor(n)) for n in (0, 7, 1234567))
    else _offset_by_constructor
)


class DocumentGraph:
    """Builder of one document's named graph.

    The triples are collected in a plain insertion-ordered set, and moved into
    the rdflib :attr:`graph` (and :attr:`dataset`) when one of them is first
    read; from then on that graph is the record, since its reader may change
    it. Adding to an rdflib graph costs tens of microseconds a triple, which
    a large document's quarter of a million triples would pay for nothing
    when it is only written out and compared: :meth:`triples` and
    :meth:`index` read them without rdflib, and :attr:`claims` lists what
    each claim states. Until then, each claim, evidence span and mention is
    also kept as a record (:mod:`spacegraph.doctrig`), from which
    :meth:`serialize` writes their statements a node at a time.

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
        self._triples: dict[Triple, None] = {}  # until the rdflib graph is handed out
        self._shared = False
        # The claims, evidence spans and mentions; and the triples none of them states.
        self._records = Records(self.document, agent.iri)
        self._others: dict[Triple, None] = {}
        #: Each claim's IRI → what it states (subject, predicate, object, denied).
        self.claims: dict[URIRef, ClaimKey] = {}
        self._evidence = self._records.evidence
        self._confidences: dict[URIRef, Literal] = {}
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
            self._triples[triple] = None
            self._others[triple] = None

    def _add_recorded(self, triples: Sequence[Triple]) -> None:
        """Add the statements of a record's node (see :mod:`spacegraph.doctrig`)."""
        if self._shared:
            for triple in triples:
                self._graph.add(triple)
        else:
            self._triples.update(dict.fromkeys(triples))

    def _remove(self, triple: Triple) -> None:
        if self._shared:
            self._graph.remove(triple)
        else:
            self._triples.pop(triple, None)

    def triples(self) -> Collection[Triple]:
        """Every triple of the document graph, each once, without building the rdflib graph."""
        return list(self._graph) if self._shared else self._triples.keys()

    def index(self) -> TripleIndex:
        """The triples stated so far, in a :class:`~spacegraph.triples.TripleIndex` (a copy)."""
        return TripleIndex(self._graph if self._shared else self._triples)

    def __len__(self) -> int:
        return len(self._graph) if self._shared else len(self._triples)

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
            g.addN((s, p, o, g) for s, p, o in self._triples)
            self._triples.clear()
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
        self.claims.setdefault(claim, (s, p, o, negated))
        record = self._records.claims.get(claim)
        if record is None:
            record = self._records.claims[claim] = ClaimRecord(s, p, o, negated)
        evidence = [self.evidence(span) for span in spans]
        if not negated:
            self.add((s, p, o))
        triples = [
            (claim, _RDF.type, _SG.Claim),
            (claim, _RDF.subject, s),
            (claim, _RDF.predicate, p),
            (claim, _RDF.object, o),
            (claim, _SG.statedIn, self.document),
            (claim, _SG.polarity, _SG.Negated if negated else _SG.Affirmed),
            (claim, _PROV.wasAttributedTo, self.agent.iri),
        ]
        if precision is not None:
            triples.append((claim, _SG.precision, precision))
            record.precisions[precision] = None
        for ev in evidence:
            triples.append((claim, _SG.hasEvidence, ev))
            record.evidence[ev] = None
        self._add_recorded(triples)
        if confidence is not None:
            self._confide(claim, confidence)
        return claim

    def _confide(self, claim: URIRef, confidence: float) -> None:
        """One confidence per claim: the highest of those it is stated with.

        Two rules may state one triple (a trade fact, and the same edge derived
        from the trade figure); the shapes allow a claim one confidence.
        """
        value = _confidence(confidence)
        old = self._confidences.get(claim)
        if old is not None:
            if old.toPython() >= value.toPython():
                return
            self._remove((claim, _SG.confidence, old))
        self._confidences[claim] = value
        self._records.claims[claim].confidence = value
        self._add_recorded([(claim, _SG.confidence, value)])

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
        ev = URIRef(f"{BASE}evidence/{self.slug}/{start}-{end}")
        selector = URIRef(f"{ev}#position")
        self._add_recorded(
            [
                (ev, _RDF.type, _SG.Evidence),
                (ev, _OA.hasSource, self.document),
                (ev, _OA.hasSelector, selector),
                (selector, _RDF.type, _OA.TextPositionSelector),
                (selector, _OA.start, _offset(start)),
                (selector, _OA.end, _offset(end)),
            ]
        )
        self._evidence[span] = ev
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
        self._add_recorded(
            [
                (node, _RDF.type, _OA.Annotation),
                (node, _OA.motivatedBy, _OA.identifying),
                (node, _OA.hasBody, entity),
            ]
        )
        target = self.evidence(span)
        record = self._records.mentions.get(node)
        if record is None:
            record = self._records.mentions[node] = MentionRecord(target)
        record.bodies[entity] = None
        triples: list[Triple] = [
            (node, _OA.hasTarget, target),
            (node, _PROV.wasAttributedTo, self.agent.iri),
        ]
        if surface:
            written = Literal(surface)
            record.surfaces[written] = None
            triples.append((node, _SG.surfaceForm, written))
        self._add_recorded(triples)
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
