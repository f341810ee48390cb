"""The claims, evidence spans and mentions of a document graph, kept as records.

Claims, evidence spans, their selectors and mention annotations make nine in
ten of a large document graph's triples, and each has the fixed shape
:class:`~spacegraph.docgraph.DocumentGraph` gives it: a claim states its
subject, predicate, object, type, document, polarity, agent, confidence,
precisions and evidence. The builder keeps one record per node
(:class:`Records`) instead of its triples: the triples are made only when
they are read (:meth:`Records.triples`; ingest's report never reads them),
and the TriG text writes each record's statements with one template
(:meth:`Records.trig`) instead of sorting, parsing and writing them one
triple at a time (which took five microseconds a triple: two seconds of CPU
for a 1 MB article). The other triples (metadata, entities, n-ary nodes,
quantities) go through :func:`spacegraph.export.graph_lines`, and their text
is cut into the statements of each subject. (A forked child writing those
while this process wrote the records was tried: it saved 0.05 s alone, and on
a 1 MB article ingest, beside the child that makes the report, it cost 6%.)

The text is the one the generic writer gives for all the triples, byte for
byte (``tests/test_docrecords.py`` compares them): the blocks of statements
stand in the order of their subjects' N-Triples forms (the order of the
sorted N-Quads lines Oxigraph writes from), each block's predicates and
objects in the same order, and every term is written in the form Oxigraph
gives it (:func:`trig_forms`, asked once per distinct term).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.term import Node

from .export import WRITER_PREFIXES, graph_lines, lines_to_trig, nt_form
from .vocab import OA, PROV, SG, Terms

__all__ = [
    "CLAIM",
    "EVIDENCE",
    "MENTION",
    "SELECTOR",
    "ClaimRecord",
    "MentionRecord",
    "Records",
    "UnrecordedStatement",
    "trig_forms",
]

Span = tuple[int, int]
Triple = tuple[Node, Node, Node]

# Several terms per record's statement; each is built once (see Terms).
_RDF, _XSD, _SG, _OA, _PROV = Terms(RDF), Terms(XSD), Terms(SG), Terms(OA), Terms(PROV)


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

#: A term's TriG form is its N-Triples form unless it is an IRI in one of these namespaces.
_PREFIXED = tuple(WRITER_PREFIXES.values())
_RDF_TYPE = f"<{RDF.type}>"


class UnrecordedStatement(ValueError):
    """A triple about a recorded node that its record does not hold."""


@dataclass
class ClaimRecord:
    """What the statements of one claim node say (see :meth:`DocumentGraph.state`)."""

    subject: URIRef
    predicate: URIRef
    obj: Node
    negated: bool
    evidence: dict[URIRef, None] = field(default_factory=dict)  # in order of statement
    precisions: dict[URIRef, None] = field(default_factory=dict)
    confidence: Literal | None = None


@dataclass
class MentionRecord:
    """What the statements of one mention annotation say (see :meth:`DocumentGraph.mention`)."""

    target: URIRef  # the evidence node of its span
    bodies: dict[URIRef, None] = field(default_factory=dict)  # the entities it identifies
    surfaces: dict[Node, None] = field(default_factory=dict)  # the names as written


@dataclass
class Records:
    """The claims, evidence spans and mentions of a document graph, as its builder made them."""

    document: URIRef
    agent: URIRef
    claims: dict[URIRef, ClaimRecord] = field(default_factory=dict)
    evidence: dict[Span, URIRef] = field(default_factory=dict)
    mentions: dict[URIRef, MentionRecord] = field(default_factory=dict)

    # -- triples ---------------------------------------------------------------------------
    def claim_triples(self, claim: URIRef) -> list[Triple]:
        """The statements of one claim node."""
        c = self.claims[claim]
        triples: list[Triple] = [
            (claim, _RDF.type, _SG.Claim),
            (claim, _RDF.subject, c.subject),
            (claim, _RDF.predicate, c.predicate),
            (claim, _RDF.object, c.obj),
            (claim, _SG.statedIn, self.document),
            (claim, _SG.polarity, _SG.Negated if c.negated else _SG.Affirmed),
            (claim, _PROV.wasAttributedTo, self.agent),
        ]
        triples += [(claim, _SG.precision, p) for p in c.precisions]
        triples += [(claim, _SG.hasEvidence, ev) for ev in c.evidence]
        if c.confidence is not None:
            triples.append((claim, _SG.confidence, c.confidence))
        return triples

    def evidence_triples(self, span: Span) -> list[Triple]:
        """The statements of one evidence node and of its text-position selector."""
        ev = self.evidence[span]
        selector = URIRef(f"{ev}#position")
        return [
            (ev, _RDF.type, _SG.Evidence),
            (ev, _OA.hasSource, self.document),
            (ev, _OA.hasSelector, selector),
            (selector, _RDF.type, _OA.TextPositionSelector),
            (selector, _OA.start, _offset(span[0])),
            (selector, _OA.end, _offset(span[1])),
        ]

    def mention_triples(self, mention: URIRef) -> list[Triple]:
        """The statements of one mention annotation."""
        m = self.mentions[mention]
        triples: list[Triple] = [
            (mention, _RDF.type, _OA.Annotation),
            (mention, _OA.motivatedBy, _OA.identifying),
            (mention, _OA.hasTarget, m.target),
            (mention, _PROV.wasAttributedTo, self.agent),
        ]
        triples += [(mention, _OA.hasBody, body) for body in m.bodies]
        triples += [(mention, _SG.surfaceForm, surface) for surface in m.surfaces]
        return triples

    def triples(self) -> Iterator[Triple]:
        """Every statement of every record: evidence spans, claims, mentions."""
        for span in self.evidence:
            yield from self.evidence_triples(span)
        for claim in self.claims:
            yield from self.claim_triples(claim)
        for mention in self.mentions:
            yield from self.mention_triples(mention)

    # -- text ------------------------------------------------------------------------------

    def trig(self, name: URIRef, others: Collection[Triple]) -> str:
        """The TriG text of the named graph ``name``: the records' statements and ``others``.

        ``others`` are the graph's remaining triples (at least one: the
        document's metadata); none may have a record's node as its subject
        (:class:`UnrecordedStatement` otherwise: a builder that added such a
        triple writes through the generic writer instead).
        """
        if not others:
            raise UnrecordedStatement("no other triples: nothing states the document")
        blocks = self._blocks(_TrigForms())
        head, other_blocks = _other_blocks(name, others)
        if not blocks.keys().isdisjoint(other_blocks):
            raise UnrecordedStatement("a triple about a recorded node was added apart from it")
        blocks.update(other_blocks)
        return "".join([head, *(blocks[s] for s in sorted(blocks)), "}\n"])

    def _blocks(self, forms: _TrigForms) -> dict[str, str]:
        """Each record's statements, by the N-Triples form of its node."""
        forms.prepare(
            [
                *(t for c in self.claims.values() for t in (c.subject, c.predicate, c.obj)),
                *(c.confidence for c in self.claims.values() if c.confidence is not None),
                *(s for m in self.mentions.values() for s in m.surfaces),
                *_CONSTANTS,
            ]
        )
        f, objects = forms.trig, forms.objects
        blocks: dict[str, str] = {}
        document, agent = f(self.document), f(self.agent)
        # A claim's statements, in the order of their predicates (see CLAIM below).
        typed = f"{_CLAIM_TYPE_ROW}{f(_SG.Claim)}{_ATTRIBUTED_ROW}{agent}"
        affirmed = f"{_POLARITY_ROW}{f(_SG.Affirmed)}"
        negated = f"{_POLARITY_ROW}{f(_SG.Negated)}"
        stated = f"{_STATED_IN_ROW}{document} .\n"
        # (Record nodes are minted under the project's base IRI, which no writer prefix
        # abbreviates: their TriG form is their N-Triples form, and so is their sort key.)
        form = forms.forms  # (the claims' terms are prepared: a look-up each)
        for claim, c in self.claims.items():
            node = f"<{claim}>"
            confidence = "" if c.confidence is None else _CONFIDENCE_ROW + form[id(c.confidence)]
            precision = _PRECISION_ROW + objects(c.precisions) if c.precisions else ""
            spans = c.evidence
            evidence = (
                f"<{next(iter(spans))}>"
                if len(spans) == 1
                else " , ".join(sorted(f"<{ev}>" for ev in spans))
            )
            blocks[node] = (
                f"\t{node} {_OBJECT}{form[id(c.obj)]}{_PREDICATE_ROW}{form[id(c.predicate)]}"
                f"{_SUBJECT_ROW}{form[id(c.subject)]}{typed}{confidence}"
                f"{_EVIDENCE_ROW}{evidence}{negated if c.negated else affirmed}"
                f"{precision}{stated}"
            )
        evidence = f"{_EVIDENCE_TYPE}{f(_SG.Evidence)}{_HAS_SELECTOR_ROW}"
        source = f"{_HAS_SOURCE_ROW}{document} .\n"
        selector_type = f"{_SELECTOR_TYPE}{f(_OA.TextPositionSelector)}{_END_ROW}"
        for (start, end), ev in self.evidence.items():
            node, selector = f"<{ev}>", f"<{ev}#position>"
            blocks[node] = f"\t{node} {evidence}{selector}{source}"
            blocks[selector] = (
                f'\t{selector} {selector_type}"{end}"^^{_OFFSET_TYPE}'
                f'{_START_ROW}"{start}"^^{_OFFSET_TYPE} .\n'
            )
        annotation = f"{_MENTION_TYPE}{f(_OA.Annotation)}{_HAS_BODY_ROW}"
        motivated = f"{_MOTIVATED_BY_ROW}{f(_OA.identifying)}{_MENTION_ATTRIBUTED_ROW}{agent}"
        for mention, m in self.mentions.items():
            node = f"<{mention}>"
            surface = _SURFACE_ROW + objects(m.surfaces) if m.surfaces else ""
            blocks[node] = (
                f"\t{node} {annotation}{objects(m.bodies)}{_HAS_TARGET_ROW}<{m.target}>"
                f"{motivated}{surface} .\n"
            )
        return blocks


def _other_blocks(name: URIRef, others: Collection[Triple]) -> tuple[str, dict[str, str]]:
    """The generic writer's text of ``others``: its head, and each subject's statements.

    The blocks are keyed by their subjects' N-Triples forms, as the records' are.
    """
    lines = graph_lines(name, others)
    generic = lines_to_trig(lines)
    opening = generic.index(" {\n") + len(" {\n")
    head, body = generic[:opening], generic[opening : -len("}\n")]
    # (A subject's form, an IRI or a blank node, holds no space: it begins its line.)
    subjects = list(dict.fromkeys(line[: line.index(" ")] for line in lines))
    starts = [m.start() for m in _BLOCK_START.finditer(body)]
    if len(starts) != len(subjects):
        raise UnrecordedStatement(
            f"{len(starts)} blocks of statements for {len(subjects)} subjects"
        )
    ends = [*starts[1:], len(body)]
    return head, {s: body[a:b] for s, a, b in zip(subjects, starts, ends, strict=True)}


#: Where each subject's statements begin in Oxigraph's TriG text of one named graph (its
#: continuation lines begin with two tabs; no literal holds a raw line break).
_BLOCK_START = re.compile(r"^\t(?!\t)", re.MULTILINE)

#: The classes and values the templates write (the same objects: forms are kept by identity).
_CONSTANTS = (
    _SG.Claim,
    _SG.Affirmed,
    _SG.Negated,
    _SG.Evidence,
    _OA.TextPositionSelector,
    _OA.Annotation,
    _OA.identifying,
)


class _TrigForms:
    """The TriG forms of terms, each computed once per term object.

    Looked up by the object's identity: a record holds the same few objects
    in many claims, and an rdflib literal hashes and compares in Python,
    which made these look-ups a third of the text's time. The terms are kept
    alive with their forms, so no identity is reused while they stand.
    """

    def __init__(self) -> None:
        #: Each prepared term's form, by the term's ``id``.
        self.forms: dict[int, str] = {}
        self._terms: list[Node] = []

    def prepare(self, terms: Iterable[Node]) -> None:
        """Compute the TriG forms of ``terms`` (one call to Oxigraph for all that need it)."""
        known = self.forms
        asked: dict[int, Node] = {}
        for term in terms:
            key = id(term)
            if key in known or key in asked:
                continue
            if type(term) is URIRef and not str.startswith(term, _PREFIXED):
                known[key] = f"<{term}>"  # (no prefix applies: the IRI as it is)
                self._terms.append(term)
            else:
                asked[key] = term
        known.update(zip(asked, trig_forms(list(asked.values())), strict=True))
        self._terms += asked.values()

    def trig(self, term: Node) -> str:
        """The TriG form of a term (prepared, or computed now)."""
        found = self.forms.get(id(term))
        if found is None:
            if type(term) is URIRef and not str.startswith(term, _PREFIXED):
                return f"<{term}>"  # (an evidence node, say: no prefix applies)
            self.prepare([term])
            found = self.forms[id(term)]
        return found

    def objects(self, values: Collection[Node]) -> str:
        """Several objects of one predicate, in the order of their N-Triples forms."""
        if len(values) == 1:
            return self.trig(next(iter(values)))
        return " , ".join(self.trig(v) for v in sorted(values, key=nt_form))


def trig_forms(terms: Sequence[Node]) -> list[str]:
    """The form Oxigraph's TriG and Turtle writers give each term as an object.

    The terms are written as the objects of one subject with distinct
    predicates, so each stands on a line of its own, and read back.
    """
    if not terms:
        return []
    lines = "".join(f"<urn:s> <urn:p{i}> {nt_form(t)} .\n" for i, t in enumerate(terms))
    written = ox.serialize(
        ox.parse(lines, format=ox.RdfFormat.N_TRIPLES, lenient=True),
        format=ox.RdfFormat.TURTLE,
        prefixes=WRITER_PREFIXES,
    )
    text = written.decode("utf-8") if isinstance(written, bytes) else ""
    body = text[text.index("<urn:s> ") + len("<urn:s> ") : -len(" .\n")]
    out = []
    for i, line in enumerate(body.split(" ;\n\t")):
        predicate = f"<urn:p{i}> "
        if not line.startswith(predicate):
            raise ValueError(f"unexpected Turtle from Oxigraph: {line[:80]!r}")
        out.append(line[len(predicate) :])
    return out


def _predicates(*iris: URIRef) -> list[str]:
    """Predicates as written: ``a`` for ``rdf:type``, else the IRI's TriG form."""
    forms = trig_forms(iris)
    return ["a" if iri == RDF.type else form for iri, form in zip(iris, forms, strict=True)]


#: Each record's predicates, in the order the generic writer gives a subject's statements
#: (that of their N-Triples forms; tests/test_docrecords.py checks it): the templates above
#: follow it.
CLAIM = (
    RDF.object,
    RDF.predicate,
    RDF.subject,
    RDF.type,
    PROV.wasAttributedTo,
    SG.confidence,
    SG.hasEvidence,
    SG.polarity,
    SG.precision,
    SG.statedIn,
)
EVIDENCE = (RDF.type, OA.hasSelector, OA.hasSource)
SELECTOR = (RDF.type, OA.end, OA.start)
MENTION = (RDF.type, OA.hasBody, OA.hasTarget, OA.motivatedBy, PROV.wasAttributedTo, SG.surfaceForm)


def _rows(predicates: Sequence[URIRef]) -> list[str]:
    """Each predicate as written: the first after its subject, the others each on a line."""
    first, *others = _predicates(*predicates)
    return [f"{first} ", *(f" ;\n\t\t{p} " for p in others)]


(
    _OBJECT,
    _PREDICATE_ROW,
    _SUBJECT_ROW,
    _CLAIM_TYPE_ROW,
    _ATTRIBUTED_ROW,
    _CONFIDENCE_ROW,
    _EVIDENCE_ROW,
    _POLARITY_ROW,
    _PRECISION_ROW,
    _STATED_IN_ROW,
) = _rows(CLAIM)
_EVIDENCE_TYPE, _HAS_SELECTOR_ROW, _HAS_SOURCE_ROW = _rows(EVIDENCE)
_SELECTOR_TYPE, _END_ROW, _START_ROW = _rows(SELECTOR)
(
    _MENTION_TYPE,
    _HAS_BODY_ROW,
    _HAS_TARGET_ROW,
    _MOTIVATED_BY_ROW,
    _MENTION_ATTRIBUTED_ROW,
    _SURFACE_ROW,
) = _rows(MENTION)
#: The datatype of character offsets, as written after a quoted number.
_OFFSET_TYPE = trig_forms([XSD.nonNegativeInteger])[0]
