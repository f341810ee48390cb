"""Check evidence spans against their documents and resolve the quoted text.

The committed graph stores where a fact stands (offsets) and the document's
SHA-256, never the text. With a corpus folder at hand, :func:`resolve_evidence`
reads each document, refuses one whose hash changed (the offsets would point
at the wrong words), and adds to each evidence node an
``oa:TextQuoteSelector`` holding the exact quote with a little context, as the
W3C Web Annotation model recommends for robust anchoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from .errors import EvidenceError, InputFileError
from .text import Document, read_document
from .vocab import OA, SG

__all__ = ["EvidenceSpan", "check_spans", "evidence_spans", "resolve_evidence"]

#: Characters of context kept before and after a quote (oa:prefix, oa:suffix).
CONTEXT = 32


@dataclass(frozen=True)
class EvidenceSpan:
    """One evidence node: which document, which span, in which named graph."""

    evidence: URIRef
    document: URIRef
    start: int
    end: int
    graph: URIRef


def _int(node: object) -> int:
    """An integer literal's value (-1 for anything that is not one)."""
    value = node.toPython() if isinstance(node, Literal) else None
    return value if isinstance(value, int) else -1


def evidence_spans(dataset: Dataset) -> list[EvidenceSpan]:
    """Every evidence span in the dataset, sorted by graph, document and offset."""
    spans = set()
    for ev, _, doc, ctx in dataset.quads((None, OA.hasSource, None, None)):
        g = dataset.graph(ctx) if not isinstance(ctx, Graph) else ctx
        for sel in g.objects(ev, OA.hasSelector):
            if (sel, RDF.type, OA.TextPositionSelector) not in g:
                continue
            start, end = g.value(sel, OA.start), g.value(sel, OA.end)
            if start is None or end is None:
                continue
            spans.add(EvidenceSpan(ev, doc, _int(start), _int(end), g.identifier))  # type: ignore[arg-type]
    return sorted(spans, key=lambda s: (str(s.graph), str(s.document), s.start, s.end))


def _documents(dataset: Dataset) -> dict[URIRef, tuple[str, str, int, URIRef]]:
    """Document IRI → (file name, sha256, length, graph) as the graph records them."""
    docs = {}
    for doc, _, _, ctx in dataset.quads((None, RDF.type, SG.SourceDocument, None)):
        g = dataset.graph(ctx) if not isinstance(ctx, Graph) else ctx
        name = g.value(doc, DCTERMS.identifier)
        digest = g.value(doc, SG.sha256)
        length = g.value(doc, SG.characterCount)
        docs[doc] = (
            str(name),
            str(digest),
            _int(length),
            g.identifier,
        )
    return docs  # type: ignore[return-value]


def check_spans(dataset: Dataset) -> list[str]:
    """Structural checks that need no corpus: each span lies inside its document.

    Returns one line per problem (empty when all is well).
    """
    docs = _documents(dataset)
    problems = []
    for span in evidence_spans(dataset):
        if span.document not in docs:
            problems.append(f"{span.evidence}: evidence source {span.document} is not a document")
            continue
        name, _, length, _ = docs[span.document]
        if not 0 <= span.start < span.end <= length:
            problems.append(
                f"{span.evidence}: span {span.start}-{span.end} lies outside {name}"
                f" (0-{length}); fix the offsets"
            )
    return problems


def _read_checked(corpus: Path, name: str, digest: str, length: int) -> Document:
    path = corpus / name
    try:
        doc = read_document(path)
    except InputFileError as exc:
        raise EvidenceError(
            f"{exc} (the graph cites document {name}; is --corpus right?)"
        ) from None
    if doc.sha256 != digest:
        raise EvidenceError(
            f"{path}: SHA-256 is {doc.sha256[:12]}…, the graph recorded {digest[:12]}…:"
            " the document changed since it was annotated; re-ingest or re-curate it"
        )
    if len(doc.text) != length:
        raise EvidenceError(f"{path}: length {len(doc.text)} differs from recorded {length}")
    return doc


def resolve_evidence(dataset: Dataset, corpus: Path) -> int:
    """Check every span against its document in ``corpus`` and add its exact quote.

    Returns the number of evidence spans resolved. Raises :class:`EvidenceError`
    naming the document (and the span) if a document is missing, changed, or
    a span falls outside it.
    """
    if corpus.exists() and not corpus.is_dir():
        raise EvidenceError(f"{corpus}: is a file, expected the corpus folder (--corpus)")
    if not corpus.is_dir():
        raise EvidenceError(f"{corpus}: corpus folder not found (--corpus)")
    docs = _documents(dataset)
    texts: dict[URIRef, Document] = {}
    count = 0
    for span in evidence_spans(dataset):
        if span.document not in docs:
            raise EvidenceError(f"{span.evidence}: source {span.document} is not a document")
        name, digest, length, _ = docs[span.document]
        if span.document not in texts:
            texts[span.document] = _read_checked(corpus, name, digest, length)
        text = texts[span.document].text
        if not 0 <= span.start < span.end <= len(text):
            raise EvidenceError(
                f"{corpus / name}: evidence span {span.start}-{span.end} lies outside the"
                f" document (0-{len(text)})"
            )
        g = dataset.graph(span.graph)
        quote = URIRef(f"{span.evidence}#quote")
        g.add((span.evidence, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(text[span.start : span.end])))
        g.add((quote, OA.prefix, Literal(text[max(0, span.start - CONTEXT) : span.start])))
        g.add((quote, OA.suffix, Literal(text[span.end : span.end + CONTEXT])))
        count += 1
    return count
