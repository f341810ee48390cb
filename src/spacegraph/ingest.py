"""Add articles to a graph folder: extract, compare with the graph, write.

For each article, :func:`ingest` reads it (refusing what is not a UTF-8 text
file), extracts its entities and facts (:mod:`spacegraph.extract`), builds its
document graph with :class:`~spacegraph.docgraph.DocumentGraph` — marked as
asserted by the extractor, with a confidence per fact and every mention's
surface form — and compares it with what the graph already states: new
entities, new facts, facts it corroborates, facts it contradicts.

Idempotence is keyed by the document's SHA-256: a document whose hash the
graph already holds is skipped (and a curated graph is never overwritten); a
changed document replaces its own ``<stem>.trig`` only. Every article is read
and checked before anything is written; each file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from .atomic import atomic_write
from .conflicts import compatible
from .docgraph import Agent, DocumentGraph
from .export import to_trig
from .extract import EXTRACTOR_VERSION, Extraction, Quantity, Value, extract
from .gazetteer import Gazetteer, fold
from .loader import ONTOLOGY_GRAPH, graph_files, load
from .ontology import functional_properties
from .paths import ontology_file
from .text import Document, read_document
from .vocab import BASE, SCHEMA, SG

__all__ = [
    "EXTRACTOR",
    "IngestResult",
    "build_graph",
    "default_qids_file",
    "ingest",
]

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
        doc.stem,
        file_name=doc.name,
        title=_title(doc),
        sha256=doc.sha256,
        length=len(doc.text),
        agent=agent,
    )
    for ent in sorted(ex.entities.values(), key=lambda e: str(e.iri)):
        node = dg.entity(
            SG[ent.cls], ent.label, aliases=sorted(ent.aliases), qid=ent.qid, iri=ent.iri
        )
        if ent.iso:
            dg.graph.add((node, SKOS.notation, Literal(ent.iso)))
        names = {fold(n) for n in ent.names()}
        anaphors = [m for ms in ex.mentions for m in ms if m.anaphor and m.iri == ent.iri]
        # Each distinct resolution (surface form → entity) once, at its first occurrence.
        seen: set[str] = set()
        for m in sorted([*ent.mentions, *anaphors], key=lambda m: m.start):
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


class _Existing:
    """What the graph folder already holds."""

    def __init__(self, graph_dir: Path) -> None:
        self.union = Graph()
        self.functional: set[URIRef] = set()
        self.by_hash: dict[str, tuple[str, bool]] = {}  # sha256 → (file stem, curated)
        self.by_stem: dict[str, tuple[str, bool, Graph]] = {}
        has_files = graph_dir.is_dir() and any(
            p.suffix in (".trig", ".nq", ".ttl") for p in graph_dir.iterdir()
        )
        if has_files:
            loaded = load(graph_dir)
            for g in loaded.document_graphs():
                self._add(g)
            self.functional = functional_properties(loaded.dataset.graph(ONTOLOGY_GRAPH))
            graph_files(graph_dir)
        else:
            onto = Graph().parse(ontology_file(), format="turtle")
            self.functional = functional_properties(onto)

    def _add(self, g: Graph) -> None:
        self.union += g
        for doc in g.subjects(RDF.type, SG.SourceDocument):
            sha = str(g.value(doc, SG.sha256))
            name = Path(str(g.value(doc, DCTERMS.identifier))).stem
            curated = any(True for _ in g.subjects(RDF.type, SG.Curator))
            self.by_hash[sha] = (name, curated)
            self.by_stem[name] = (sha, curated, g)

    def without(self, stem: str) -> Graph:
        """The union without one document's own graph (which a new version replaces)."""
        if stem not in self.by_stem:
            return self.union
        rest = Graph()
        for other, (_, _, g) in self.by_stem.items():
            if other != stem:
                rest += g
        return rest


def _label(graph: Graph, node: Node) -> str:
    label = graph.value(node, RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(node, Literal):
        return str(node)
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _compare(
    result: IngestResult, dg: DocumentGraph, before: Graph, functional: set[URIRef], ex: Extraction
) -> None:
    g = dg.graph
    for ent in sorted(ex.entities.values(), key=lambda e: e.label):
        if (ent.iri, RDFS.label, None) not in before:
            result.new_entities.append(f"{ent.label} ({ent.cls})")
    both = before + g

    def value(o: Node) -> str:
        if (o, RDF.type, SG.Quantity) in both:
            qualifier = str(both.value(o, SG.qualifier)).rsplit("#", 1)[-1]
            return f"{qualifier} {both.value(o, SCHEMA.value)} {both.value(o, SCHEMA.unitCode)}"
        return _label(both, o)

    def show(s: Node, p: URIRef, o: Node) -> str:
        return f"{_label(both, s)} {str(p).rsplit('#', 1)[-1]} {value(o)}"

    for claim in sorted(g.subjects(RDF.type, SG.Claim), key=str):
        s, p, o = (
            g.value(claim, RDF.subject),
            g.value(claim, RDF.predicate),
            g.value(claim, RDF.object),
        )
        if s is None or not isinstance(p, URIRef) or o is None:
            continue
        if (s, RDF.type, None) in g and (s, RDFS.label, None) not in g:
            continue  # role edges of n-ary nodes: reported through their derived edges
        negated = g.value(claim, SG.polarity) == SG.Negated
        text = show(s, p, o)
        if negated:
            denied = (s, p, o) in before
            (result.conflicts if denied else result.new_facts).append(
                f"denies {text}" + (" (the graph affirms it)" if denied else "")
            )
            continue
        if (s, p, o) in before:
            result.corroborated.append(text)
            continue
        if _is_denied(before, s, p, o):
            result.conflicts.append(f"{text} (the graph has a denial)")
            continue
        clash = [
            other
            for other in before.objects(s, p)
            if p in functional and not compatible(both, o, other)
        ]
        if clash:
            result.conflicts.append(f"{text} (the graph has {value(clash[0])})")
        else:
            result.new_facts.append(text)


def _is_denied(graph: Graph, s: Node, p: URIRef, o: Node) -> bool:
    for claim in graph.subjects(RDF.subject, s):
        if (
            (claim, RDF.predicate, p) in graph
            and (claim, RDF.object, o) in graph
            and (claim, SG.polarity, SG.Negated) in graph
        ):
            return True
    return False


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
        too large; nothing is written then.
    """
    documents = [read_document(p) for p in paths]
    existing = _Existing(graph_dir)
    gazetteer = Gazetteer.packaged()
    qid_file = qids or default_qids_file()
    if qid_file is not None:
        gazetteer.load_qids(qid_file)
    gazetteer.add_graph(existing.union)
    results: list[IngestResult] = []
    seen: set[str] = set()
    for doc in progress(documents) if progress else documents:
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
        ex = extract(doc, gazetteer, model=model)
        dg = build_graph(ex)
        status = "replaced" if old is not None else "added"
        result = IngestResult(doc.path, status, target)
        _compare(result, dg, existing.without(doc.stem), existing.functional, ex)
        if not dry_run:
            atomic_write(target, to_trig(dg.dataset))
        seen.add(doc.sha256)
        existing._add(dg.graph)
        gazetteer.add_graph(dg.graph)
        results.append(result)
    return results
