"""Add articles to a graph folder: extract, compare with the graph, write.

For each article, :func:`ingest` reads it (refusing what is not a UTF-8 text
file), extracts its entities and facts (:mod:`spacegraph.extract`), builds its
document graph with :class:`~spacegraph.docgraph.DocumentGraph` — marked as
asserted by the extractor, with a confidence per fact and every mention's
surface form — compares it with what the graph already states
(:mod:`spacegraph.corroboration`: new entities, new facts, facts it
corroborates, facts it contradicts) and writes it
(:meth:`DocumentGraph.serialize <spacegraph.docgraph.DocumentGraph.serialize>`).

Idempotence is keyed by the document's SHA-256: a document whose hash the
graph already holds is skipped (and a curated graph is never overwritten); a
changed document replaces its own ``<stem>.trig`` only. Every article is read
and checked before anything is written; each file is written atomically.

Every step is linear in the article's length (``benchmarks/bench_ingest.py``
times it, step by step with ``--stages``). No step builds an rdflib graph of
the new document: the comparison reads it through a
:class:`~spacegraph.triples.TripleIndex` and the builder's list of claims,
and the writer reads the builder's records of claims, evidence spans and
mentions (:mod:`spacegraph.docrecords`) and its other triples directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from .atomic import atomic_write
from .corroboration import Comparison, Known, compare
from .docgraph import Agent, ClaimKey, DocumentGraph
from .errors import InputFileError
from .extract import EXTRACTOR_VERSION, Extraction, Quantity, Value, extract
from .forked import Beside
from .gazetteer import Gazetteer, fold
from .gcpause import collector_paused
from .iri import document_slug
from .mentions import Mention
from .text import Document, read_document
from .vocab import BASE, SG

__all__ = [
    "EXTRACTOR",
    "IngestResult",
    "build_graph",
    "default_qids_file",
    "ingest",
]

#: Claims from which a forked child compares a document graph with the folder while this
#: process writes the graph's text (about 300 kB of article): below, the fork costs about
#: what the overlap saves. The child makes the report, not the text, because the report
#: goes back through the pipe as a few hundred kilobytes and the text as sixteen times
#: the article, and because a child runs slower (it copies each page of the parent's
#: memory it touches), and the report touches less than the text.
PARALLEL_CLAIMS = 5_000

#: The agent of extracted graphs.
EXTRACTOR = Agent(
    URIRef(BASE + "agent/extractor"), "spacegraph extractor", SG.Extractor, EXTRACTOR_VERSION
)


def default_qids_file() -> Path | None:
    """The checked Wikidata list, ``../shared/reference/wikidata-qids.csv``, if present."""
    repo = Path(__file__).resolve().parents[2]
    for base in (Path.cwd().parent, repo.parent):
        path = base / "shared" / "reference" / "wikidata-qids.csv"
        if path.is_file():
            return path
    return None


def _node(dg: DocumentGraph, value: Value) -> Node:
    if isinstance(value, Quantity):
        return dg.quantity(
            value.value,
            value.unit_code,
            value.unit_text,
            qualifier=SG[value.qualifier],
            normalised=value.normalised,
        )
    return value


def _title(doc: Document) -> str:
    first = doc.text.strip().split("\n", 1)[0].strip()
    if first and len(first) <= 120 and not first.endswith((".", "!", "?")):
        return first
    return doc.stem


def build_graph(ex: Extraction, agent: Agent = EXTRACTOR) -> DocumentGraph:
    """The document graph of an extraction: entities, mentions, claims, evidence."""
    doc = ex.document
    dg = DocumentGraph(
        document_slug(doc.stem),
        file_name=doc.name,
        title=_title(doc),
        sha256=doc.sha256,
        length=len(doc.text),
        agent=agent,
    )
    anaphors: dict[URIRef, list[Mention]] = {}
    for ms in ex.mentions:
        for m in ms:
            if m.anaphor and m.iri is not None:
                anaphors.setdefault(m.iri, []).append(m)
    for ent in sorted(ex.entities.values(), key=lambda e: str(e.iri)):
        node = dg.entity(
            SG[ent.cls], ent.label, aliases=sorted(ent.aliases), qid=ent.qid, iri=ent.iri
        )
        if ent.iso:
            dg.add((node, SKOS.notation, Literal(ent.iso)))
        names = {fold(n) for n in ent.names()}
        # Each distinct resolution (surface form → entity) once, at its first occurrence.
        seen: set[str] = set()
        for m in sorted([*ent.mentions, *anaphors.get(ent.iri, [])], key=lambda m: m.start):
            surface = m.surface.strip()
            if surface in seen:
                continue
            seen.add(surface)
            plain = fold(surface) in names and not m.anaphor
            dg.mention(node, (m.start, m.end), None if plain else surface)
    for f in ex.facts:
        dg.state(
            f.subject,
            f.predicate,
            _node(dg, f.obj),
            f.spans,
            negated=f.negated,
            precision=f.precision,
            confidence=f.confidence,
        )
    for n in ex.naries:
        roles = [(p, _node(dg, o)) for p, o in n.roles]
        derived = [(s, p, _node(dg, o)) for s, p, o in n.derived]
        key = (n.span,) if n.cls == SG.Quotation else ()
        dg.nary(
            n.cls, roles, [n.span], label=n.label, derived=derived, key=key, confidence=n.confidence
        )
    return dg


def _compare(
    dg: DocumentGraph, claims: dict[URIRef, ClaimKey], existing: Known, stem: str, ex: Extraction
) -> Comparison:
    """What the document graph adds to the folder's graphs other than its own former one."""
    before = existing.without(stem)
    return compare(dg.plain_index(), claims, before, existing.functional, ex)


def _refuse_shared_names(documents: Sequence[Document]) -> None:
    """Two different articles of one name would write one graph file, the second over the first."""
    first: dict[str, Document] = {}
    for doc in documents:
        other = first.setdefault(doc.stem, doc)
        if other.sha256 != doc.sha256:
            raise InputFileError(
                f"{doc.path}: another article, {other.path}, has the same name, and each"
                f" article's graph is named after it ({doc.stem}.trig); rename one"
            )


@dataclass
class IngestResult:
    """What ingesting one article did (or, in a dry run, would do)."""

    path: Path
    status: str  # "added", "replaced", "unchanged", "skipped"
    target: Path | None = None
    message: str = ""
    new_entities: list[str] = field(default_factory=list)
    new_facts: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def lines(self, dry_run: bool) -> list[str]:
        """A short human-readable account, one item per line."""
        head = f"{self.path.name}: {self.status}"
        if self.message:
            head += f" ({self.message})"
        out = [head]
        if self.status in ("added", "replaced"):
            out.append(
                f"  {len(self.new_entities)} new entities, {len(self.new_facts)} new facts,"
                f" {len(self.corroborated)} corroborated, {len(self.conflicts)} conflicting"
            )
            for kind, items in (
                ("new entity", self.new_entities),
                ("new fact", self.new_facts),
                ("corroborates", self.corroborated),
                ("conflicts", self.conflicts),
            ):
                out += [f"  {kind}: {item}" for item in items]
            verb = "would write" if dry_run else "wrote"
            out.append(f"  {verb} {self.target}")
        return out


def ingest(
    paths: Sequence[Path],
    graph_dir: Path,
    *,
    dry_run: bool = False,
    model: str | None = None,
    qids: Path | None = None,
    progress: Callable[[Iterable[Document]], Iterable[Document]] | None = None,
) -> list[IngestResult]:
    """Ingest articles into ``graph_dir`` (or, with ``dry_run``, only report).

    Raises
    ------
    InputFileError
        If any article is missing, a directory, empty, binary, not UTF-8 or
        too large, or if two different articles have the same file name;
        nothing is written then.
    """
    documents = [read_document(p) for p in paths]
    _refuse_shared_names(documents)
    with collector_paused(freeze=True):
        existing = Known(graph_dir)
        gazetteer = Gazetteer.packaged()
        qid_file = qids or default_qids_file()
        if qid_file is not None:
            gazetteer.load_qids(qid_file)
        gazetteer.add_graph(existing.union)
    results: list[IngestResult] = []
    seen: set[str] = set()
    # The last document's graph joins the known graph only when a next document needs it.
    pending: DocumentGraph | None = None
    for doc in progress(documents) if progress else documents:
        if pending is not None:
            with collector_paused(freeze=True):
                index = pending.index()
                existing.add(index)
                gazetteer.add_graph(index)
            pending = None
        target = graph_dir / f"{doc.stem}.trig"
        if doc.sha256 in existing.by_hash or doc.sha256 in seen:
            stem, curated = existing.by_hash.get(doc.sha256, (doc.stem, False))
            why = (
                f"a curated graph, {stem}, holds this document"
                if curated
                else "the graph already holds this document (same SHA-256)"
            )
            results.append(
                IngestResult(doc.path, "skipped" if curated else "unchanged", message=why)
            )
            continue
        old = existing.by_stem.get(doc.stem)
        if old is not None and old[1]:
            results.append(
                IngestResult(
                    doc.path,
                    "skipped",
                    message=f"{target} is a curated graph of another version of this document;"
                    " it is not replaced",
                )
            )
            continue
        with collector_paused(freeze=True):
            ex = extract(doc, gazetteer, model=model)
            dg = build_graph(ex)
            # A large graph's report is made by a forked child while its text is written here.
            claims = dg.claims
            comparing = Beside(
                partial(_compare, dg, claims, existing, doc.stem, ex),
                fork=not dry_run and len(claims) >= PARALLEL_CLAIMS,
            )
            with comparing:
                if not dry_run:
                    atomic_write(target, dg.serialize().encode("utf-8"))
                found = comparing.result()
        results.append(
            IngestResult(
                doc.path,
                "replaced" if old is not None else "added",
                target,
                new_entities=found.new_entities,
                new_facts=found.new_facts,
                corroborated=found.corroborated,
                conflicts=found.conflicts,
            )
        )
        seen.add(doc.sha256)
        pending = dg
    return results
