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
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import EvidenceError, InputFileError
from .text import Document, read_document
from .vocab import OA, PREFIXES

if TYPE_CHECKING:
    from .loader import LoadedGraph

__all__ = [
    "QUADS_PER_QUOTE",
    "EvidenceSpan",
    "check_spans",
    "evidence_spans",
    "quote_quads",
    "resolve_evidence",
]

#: Characters of context kept before and after a quote (oa:prefix, oa:suffix).
CONTEXT = 32

_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

#: Every position selector of every evidence node, in the graph that states it.
_SPANS = (
    _PREFIXES
    + """SELECT ?graph ?evidence ?document ?start ?end WHERE {
  GRAPH ?graph {
    ?evidence oa:hasSource ?document ; oa:hasSelector ?selector . FILTER(isIRI(?evidence))
    ?selector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  }
}"""
)

#: Every source document with what its graph records of it.
_DOCUMENTS = (
    _PREFIXES
    + """SELECT ?graph ?document ?name ?digest ?length WHERE {
  GRAPH ?graph {
    ?document a sg:SourceDocument .
    OPTIONAL { ?document dcterms:identifier ?name }
    OPTIONAL { ?document sg:sha256 ?digest }
    OPTIONAL { ?document sg:characterCount ?length }
  }
}"""
)


@dataclass(frozen=True)
class EvidenceSpan:
    """One evidence node: which document, which span, in which named graph (IRIs as text)."""

    evidence: str
    document: str
    start: int
    end: int
    graph: str


def _int(term: object) -> int:
    """An integer literal's value (-1 for anything that is not one)."""
    if isinstance(term, ox.Literal) and term.datatype.value.endswith("#integer"):
        try:
            return int(term.value)
        except ValueError:
            return -1
    return -1


def _text(term: object) -> str:
    return str(getattr(term, "value", term))


def evidence_spans(store: ox.Store) -> list[EvidenceSpan]:
    """Every evidence span in the store's named graphs, sorted by graph, document and offset."""
    spans = {
        EvidenceSpan(
            _text(row["evidence"]),
            _text(row["document"]),
            _int(row["start"]),
            _int(row["end"]),
            _text(row["graph"]),
        )
        for row in store.query(_SPANS)  # type: ignore[union-attr]
    }
    return sorted(spans, key=lambda s: (s.graph, s.document, s.start, s.end))


def _documents(store: ox.Store) -> dict[str, tuple[str, str, int, str]]:
    """Document IRI → (file name, sha256, length, graph) as the graph records them."""
    docs = {}
    for row in store.query(_DOCUMENTS):  # type: ignore[union-attr]
        docs[_text(row["document"])] = (
            _text(row["name"]),
            _text(row["digest"]),
            _int(row["length"]),
            _text(row["graph"]),
        )
    return docs


def check_spans(store: ox.Store) -> list[str]:
    """Structural checks that need no corpus: each span lies inside its document.

    Returns one line per problem (empty when all is well).
    """
    docs = _documents(store)
    problems = []
    for span in evidence_spans(store):
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


_HAS_SELECTOR = ox.NamedNode(str(OA.hasSelector))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_QUOTE_SELECTOR = ox.NamedNode(str(OA.TextQuoteSelector))
_EXACT, _PREFIX, _SUFFIX = (ox.NamedNode(str(OA[n])) for n in ("exact", "prefix", "suffix"))


def resolve_evidence(loaded: LoadedGraph, corpus: Path) -> int:
    """Check every span against its document in ``corpus`` and add its exact quote.

    The quotes are :func:`quote_quads`, added to ``loaded`` (and its store).
    Returns the number of evidence spans resolved; raises as
    :func:`quote_quads` does, and then nothing is added.
    """
    quads = quote_quads(loaded.store, corpus)
    loaded.extend(quads)
    return len(quads) // QUADS_PER_QUOTE


#: Quads :func:`quote_quads` writes per evidence span.
QUADS_PER_QUOTE = 5


def quote_quads(store: ox.Store, corpus: Path) -> list[ox.Quad]:
    """The quote of every evidence span in ``store``, checked against its document in ``corpus``.

    Each quote goes into the graph that holds the span, as an
    ``oa:TextQuoteSelector`` ``<evidence#quote>`` with ``oa:exact``,
    ``oa:prefix`` and ``oa:suffix`` (:data:`QUADS_PER_QUOTE` quads). Only
    reads the store. Raises :class:`EvidenceError` naming the document (and
    the span) if a document is missing, changed, or a span falls outside it.
    """
    if corpus.exists() and not corpus.is_dir():
        raise EvidenceError(f"{corpus}: is a file, expected the corpus folder (--corpus)")
    if not corpus.is_dir():
        raise EvidenceError(f"{corpus}: corpus folder not found (--corpus)")
    docs = _documents(store)
    texts: dict[str, Document] = {}
    quads: list[ox.Quad] = []
    for span in evidence_spans(store):
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
        graph = ox.NamedNode(span.graph)
        quote = ox.NamedNode(f"{span.evidence}#quote")
        quads += [
            ox.Quad(ox.NamedNode(span.evidence), _HAS_SELECTOR, quote, graph),
            ox.Quad(quote, _TYPE, _QUOTE_SELECTOR, graph),
            ox.Quad(quote, _EXACT, ox.Literal(text[span.start : span.end]), graph),
            ox.Quad(
                quote, _PREFIX, ox.Literal(text[max(0, span.start - CONTEXT) : span.start]), graph
            ),
            ox.Quad(quote, _SUFFIX, ox.Literal(text[span.end : span.end + CONTEXT]), graph),
        ]
    return quads
