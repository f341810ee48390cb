"""Check a loaded graph: SHACL shapes, claim coverage, evidence spans.

Three checks, each returning one line per problem:

1. the SHACL shapes (``ontology/shapes.ttl``) over the union of the document
   graphs, with the ontology for class hierarchy: ``<focus node> <path>: <message>``.
   pySHACL checks the core constraints; the SPARQL-based constraints
   (``sh:sparql``) run in Oxigraph, one query per constraint over the whole
   graph with the target pattern put in place of the pre-bound ``$this``,
   because pySHACL parses and runs each such query once per focus node
   (a 10,000-triple graph took 80 s that way, a second this way);
2. every stated triple has a claim with evidence in the same document graph
   (the project's promise that each fact is traceable to a sentence);
3. every evidence span lies inside its document's recorded length.

The corpus-dependent check (hash and quote) is in :mod:`spacegraph.evidence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from . import oxstore
from .evidence import check_spans
from .loader import ONTOLOGY_GRAPH, LoadedGraph
from .ontology import stated_properties
from .paths import shapes_file
from .vocab import SG

__all__ = [
    "Report",
    "SparqlCheck",
    "oxigraph_store",
    "run_sparql_constraints",
    "shacl_violations",
    "split_sparql_constraints",
    "uncovered_facts",
    "validate",
]


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


def shacl_violations(
    data: Graph,
    ontology: Graph,
    shapes: Graph | None = None,
    *,
    store: ox.Store | None = None,
) -> list[str]:
    """SHACL results as ``<focus> <path>: <message>`` lines, sorted.

    With ``store`` (an Oxigraph store whose union of graphs is ``data`` plus
    ``ontology``), the SPARQL-based constraints run there instead of in pySHACL.
    """
    if shapes is None:
        shapes = Graph().parse(shapes_file(), format="turtle")
    lines: list[str] = []
    if store is not None:
        shapes, checks = split_sparql_constraints(shapes)
        lines += run_sparql_constraints(checks, store)
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    if conforms:
        return sorted(set(lines))
    results = results if isinstance(results, Graph) else Graph()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage) or "constraint violated"
        where = _short(focus) + (f" {_short(path)}" if path is not None else "")
        lines.append(f"{where}: {message}")
    return sorted(set(lines))


@dataclass(frozen=True)
class SparqlCheck:
    """One ``sh:sparql`` constraint as a whole-graph query: its text and message."""

    shape: URIRef
    query: str
    message: str


_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[SparqlCheck]]:
    """The shapes without their ``sh:sparql`` constraints, and those constraints as queries.

    A constraint is only taken out when it has the simple form the project uses
    (one ``sh:select`` using ``$this``, one message, targets by class or by
    subject of a property, no ``$PATH``, not deactivated); anything else stays
    with pySHACL.
    """
    rest = Graph()
    for triple in shapes:
        rest.add(triple)
    checks = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        select = shapes.value(constraint, SH.select)
        messages = list(shapes.objects(constraint, SH.message))
        targets = []
        for cls in shapes.objects(shape, SH.targetClass):
            targets.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> .")
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            targets.append(f"?this <{prop}> ?spacegraph_target_object .")
        unsupported = (
            select is None
            or len(messages) != 1
            or "$PATH" in str(select)
            or not targets
            or not isinstance(shape, URIRef)
            or (shape, SH.deactivated, None) in shapes
            or (constraint, SH.deactivated, None) in shapes
            or any(
                (shape, p, None) in shapes
                for p in (SH.targetNode, SH.targetObjectsOf, SH.target, SH.path)
            )
        )
        match = None if unsupported else _WHERE.search(str(select))
        if match is None:
            continue
        prefixes = []
        for source in shapes.objects(constraint, SH.prefixes):
            for decl in shapes.objects(source, SH.declare):
                prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{ns}>")
        text = str(select)
        for target in targets:
            body = text[: match.end()] + " " + target + " " + text[match.end() :]
            query = "\n".join([*prefixes, _THIS.sub("?this", body)])
            checks.append(SparqlCheck(URIRef(str(shape)), query, str(messages[0])))
        rest.remove((shape, SH.sparql, constraint))
    return rest, checks


def _text(term: object) -> str:
    return str(getattr(term, "value", term))


def run_sparql_constraints(checks: list[SparqlCheck], store: ox.Store) -> list[str]:
    """Evaluate :func:`split_sparql_constraints` queries; one line per violation."""
    lines = []
    for check in checks:
        solutions = oxstore.query(store, check.query)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        for row in solutions:  # type: ignore[union-attr]
            message = check.message
            for name in names:
                if row[name] is not None:
                    value = _text(row[name])
                    message = message.replace("{?" + name + "}", value)
                    message = message.replace("{$" + name + "}", value)
            focus = row["this"]
            shown = repr(focus.value) if isinstance(focus, ox.Literal) else _text(focus)
            lines.append(f"{shown}: {message}")
    return lines


def oxigraph_store(loaded: LoadedGraph, ontology: Path | None = None) -> ox.Store:
    """An in-memory Oxigraph store holding what ``loaded`` holds (from its files when known)."""
    if loaded.files:
        return oxstore.load_files(loaded.files, ontology=ontology)
    return oxstore.from_nquads(loaded.dataset.serialize(format="nquads").encode("utf-8"))


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
    store = oxigraph_store(loaded)
    report.violations += shacl_violations(loaded.union(), ontology, store=store)
    report.violations += uncovered_facts(loaded)
    report.violations += check_spans(loaded.dataset)
    return report
