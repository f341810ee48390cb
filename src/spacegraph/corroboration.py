"""What a new document graph adds to a graph folder, and what it confirms or contradicts.

:class:`Known` is what the folder already states: every document graph's
triples and their union, which documents (by SHA-256 and by file stem) it
holds, and which properties are single-valued. :func:`compare` sets a new
document graph against it: new entities, new facts, facts it corroborates
(the folder states them too) and facts it contradicts (the folder denies
them, or gives another value of a single-valued property). Ingest prints the
result, and so does its dry run.

Both work on :class:`~spacegraph.triples.TripleIndex` rather than rdflib
graphs, and read the union and the new graph together through a
:class:`~spacegraph.triples.UnionView` instead of copying them into one: the
copies cost more than the extraction for a large article. The folder is read
from the loader's quads (:mod:`spacegraph.folder_triples`: only what the
comparison reads, no rdflib dataset), the new graph's claims from its builder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from .conflicts import compatible
from .docgraph import ClaimKey
from .extract import Extraction
from .folder_triples import document_triples
from .loader import read_folder, read_quads
from .ontology import functional_properties
from .paths import ontology_file
from .triples import TripleIndex, UnionView
from .vocab import SCHEMA, SG, Terms

__all__ = ["Comparison", "Known", "compare"]

# Read several times per claim; each term is built once (see Terms).
_RDF, _RDFS, _DCTERMS, _SG, _SCHEMA = (
    Terms(RDF),
    Terms(RDFS),
    Terms(DCTERMS),
    Terms(SG),
    Terms(SCHEMA),
)

#: What :func:`spacegraph.conflicts.compatible` reads of a quantity node.
_QUANTITY_PREDICATES = (
    RDF.type,
    SCHEMA.value,
    SCHEMA.unitCode,
    SG.normalisedValue,
    SG.normalisedUnit,
    SG.qualifier,
)


class Known:
    """What a graph folder already holds (plus the documents ingested since it was read)."""

    def __init__(self, graph_dir: Path) -> None:
        self.union = TripleIndex()
        self.functional: set[URIRef] = set()
        self.by_hash: dict[str, tuple[str, bool]] = {}  # sha256 → (file stem, curated)
        self.by_stem: dict[str, tuple[str, bool, TripleIndex]] = {}
        has_files = graph_dir.is_dir() and any(
            p.suffix in (".trig", ".nq", ".ttl") for p in graph_dir.iterdir()
        )
        if has_files:
            quads, _ = read_folder(graph_dir)
            graphs = document_triples(quads)  # what the report reads, without rdflib
            # In a fixed order: where documents label a node differently, the report shows
            # the first label.
            for name in sorted(graphs):
                self.add(graphs[name])
        # (Read by Oxigraph: an rdflib graph of the ontology, with its blank nodes
        # labelled canonically as the loader labels them, took a tenth of a second.)
        self.functional = functional_properties(read_quads(ontology_file()))

    def add(self, g: TripleIndex) -> None:
        """Add one document graph's triples."""
        self.union.update(g)
        for doc in g.subjects(_RDF.type, _SG.SourceDocument):
            sha = str(g.value(doc, _SG.sha256))
            name = Path(str(g.value(doc, _DCTERMS.identifier))).stem
            curated = (None, _RDF.type, _SG.Curator) in g
            self.by_hash[sha] = (name, curated)
            self.by_stem[name] = (sha, curated, g)

    def without(self, stem: str) -> TripleIndex:
        """The union without one document's own graph (which a new version replaces)."""
        if stem not in self.by_stem:
            return self.union
        rest = TripleIndex()
        for other, (_, _, g) in self.by_stem.items():
            if other != stem:
                rest.update(g)
        return rest


@dataclass
class Comparison:
    """A new document graph against the folder, one readable line per item."""

    new_entities: list[str] = field(default_factory=list)
    new_facts: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _label(graph: UnionView, node: Node) -> str:
    label = graph.value(node, _RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(node, Literal):
        return str(node)
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _quantities(graph: UnionView, *nodes: Node) -> Graph:
    """A small rdflib graph with what ``graph`` says of these nodes as quantities."""
    out = Graph()
    for node in nodes:
        for p in _QUANTITY_PREDICATES:
            for o in graph.objects(node, p):
                out.add((node, p, o))
    return out


def _is_denied(graph: TripleIndex, s: Node, p: URIRef, o: Node) -> bool:
    for claim in graph.subjects(_RDF.subject, s):
        if (
            (claim, _RDF.predicate, p) in graph
            and (claim, _RDF.object, o) in graph
            and (claim, _SG.polarity, _SG.Negated) in graph
        ):
            return True
    return False


def compare(
    g: TripleIndex,
    claims: Mapping[URIRef, ClaimKey],
    before: TripleIndex,
    functional: set[URIRef],
    ex: Extraction,
) -> Comparison:
    """Set the document graph ``g`` of extraction ``ex``, with its ``claims``, against ``before``.

    ``claims`` is what each claim of ``g`` states (:attr:`DocumentGraph.claims
    <spacegraph.docgraph.DocumentGraph.claims>`), so ``g`` is not searched for them;
    ``g`` needs only the triples about the graph's other nodes (its entities, n-ary
    relations and quantities: :meth:`DocumentGraph.plain_index
    <spacegraph.docgraph.DocumentGraph.plain_index>`).
    """
    result = Comparison()
    for ent in sorted(ex.entities.values(), key=lambda e: e.label):
        if (ent.iri, _RDFS.label, None) not in before:
            result.new_entities.append(f"{ent.label} ({ent.cls})")
    both = UnionView(before, g)
    # How each node is shown, looked up once (a large article names an entity in many claims).
    labels: dict[Node, str] = {}
    values: dict[Node, str] = {}

    def label(node: Node) -> str:
        shown = labels.get(node)
        if shown is None:
            shown = labels[node] = _label(both, node)
        return shown

    def value(o: Node) -> str:
        shown = values.get(o)
        if shown is None:
            if (o, _RDF.type, _SG.Quantity) in both:
                qualifier = str(both.value(o, _SG.qualifier)).rsplit("#", 1)[-1]
                amount, unit = both.value(o, _SCHEMA.value), both.value(o, _SCHEMA.unitCode)
                shown = f"{qualifier} {amount} {unit}"
            else:
                shown = label(o)
            values[o] = shown
        return shown

    def show(s: Node, p: URIRef, o: Node) -> str:
        return f"{label(s)} {str(p).rsplit('#', 1)[-1]} {value(o)}"

    for claim in sorted(claims, key=str):
        s, p, o, negated = claims[claim]
        if (s, _RDF.type, None) in g and (s, _RDFS.label, None) not in g:
            continue  # role edges of n-ary nodes: reported through their derived edges
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
            for other in (before.objects(s, p) if p in functional else ())
            if not compatible(_quantities(both, o, other), o, other)
        ]
        if clash:
            result.conflicts.append(f"{text} (the graph has {value(clash[0])})")
        else:
            result.new_facts.append(text)
    return result
