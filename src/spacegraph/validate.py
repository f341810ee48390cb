"""Check a loaded graph: SHACL shapes, claim coverage, evidence spans.

Three checks, each returning one line per problem:

1. the SHACL shapes (``ontology/shapes.ttl``) over the union of the document
   graphs, with the ontology for class hierarchy: ``<focus node> <path>: <message>``;
2. every stated triple has a claim with evidence in the same document graph
   (the project's promise that each fact is traceable to a sentence);
3. every evidence span lies inside its document's recorded length.

The corpus-dependent check (hash and quote) is in :mod:`spacegraph.evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SH

from .evidence import check_spans
from .loader import ONTOLOGY_GRAPH, LoadedGraph
from .ontology import stated_properties
from .paths import shapes_file
from .vocab import SG

__all__ = ["Report", "shacl_violations", "uncovered_facts", "validate"]


@dataclass
class Report:
    """Outcome of :func:`validate`; ``conforms`` when no check found a problem."""

    violations: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when the graph passed every check."""
        return not self.violations


def _short(node: object) -> str:
    text = str(node)
    if isinstance(node, Literal):
        return repr(text)
    return text


def shacl_violations(data: Graph, ontology: Graph, shapes: Graph | None = None) -> list[str]:
    """SHACL results as ``<focus> <path>: <message>`` lines, sorted."""
    if shapes is None:
        shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    if conforms:
        return []
    results = results if isinstance(results, Graph) else Graph()
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage) or "constraint violated"
        where = _short(focus) + (f" {_short(path)}" if path is not None else "")
        lines.append(f"{where}: {message}")
    return sorted(set(lines))


def uncovered_facts(loaded: LoadedGraph) -> list[str]:
    """Stated triples that have no claim with evidence in their own document graph."""
    props = stated_properties(loaded.dataset.graph(ONTOLOGY_GRAPH))
    lines = []
    for g in loaded.document_graphs():
        covered = set()
        for claim in g.subjects(RDF.type, SG.Claim):
            if g.value(claim, SG.polarity) == SG.Negated:
                continue
            if g.value(claim, SG.hasEvidence) is None:
                continue
            covered.add(
                (
                    g.value(claim, RDF.subject),
                    g.value(claim, RDF.predicate),
                    g.value(claim, RDF.object),
                )
            )
        for s, p, o in g:
            if p in props and (s, p, o) not in covered:
                lines.append(
                    f"{_short(s)} {_short(p)}: stated in {g.identifier} without a claim"
                    f" with evidence (object {_short(o)})"
                )
    return sorted(lines)


def validate(loaded: LoadedGraph) -> Report:
    """Run every corpus-free check on a loaded graph."""
    ontology = loaded.dataset.graph(ONTOLOGY_GRAPH)
    report = Report()
    report.violations += shacl_violations(loaded.union(), ontology)
    report.violations += uncovered_facts(loaded)
    report.violations += check_spans(loaded.dataset)
    return report
