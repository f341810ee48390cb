"""Check a loaded graph: SHACL shapes, claim coverage, evidence spans.

Three checks, each returning one line per problem:

1. the SHACL shapes (``ontology/shapes.ttl``) over the union of the document
   graphs, with the ontology for class hierarchy: ``<focus node> <path>: <message>``.
   Everything runs in an Oxigraph store of the graph: the core constraints as
   one query per shape (:mod:`spacegraph.shapes_sparql`), the SPARQL-based
   constraints (``sh:sparql``) as one query per constraint over the whole
   graph with the target pattern put in place of the pre-bound ``$this``
   (pySHACL parses and runs each such query once per focus node: a
   10,000-triple graph took 80 s that way, a second this way). Only a shape
   neither translation understands goes to pySHACL, over an rdflib copy of
   the union made for it; the project's own shapes all translate;
2. every stated triple has a claim with evidence in the same document graph
   (the project's promise that each fact is traceable to a sentence);
3. every evidence span lies inside its document's recorded length.

The corpus-dependent check (hash and quote) is in :mod:`spacegraph.evidence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from . import oxstore
from .evidence import check_spans
from .loader import ONTOLOGY_GRAPH, LoadedGraph
from .ontology import stated_properties
from .paths import shapes_file
from .shapes_sparql import compile_shapes, remaining_shapes, run_shape_queries
from .vocab import PREFIXES

__all__ = [
    "Report",
    "SparqlCheck",
    "pyshacl_violations",
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


def pyshacl_violations(data: Graph, ontology: Graph, shapes: Graph | None = None) -> list[str]:
    """pySHACL's results over an rdflib graph as ``<focus> <path>: <message>`` lines, sorted.

    The reference the Oxigraph translation is tested against, and the checker
    of any shape that translation does not understand.
    """
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


def shacl_violations(store: ox.Store, ontology: Graph, shapes: Graph | None = None) -> list[str]:
    """The shapes' violations in ``store`` (its union: documents and ontology), lines sorted.

    See the module docstring: translated shapes run in Oxigraph; pySHACL gets
    only what is left, over an rdflib graph of the store's union.
    """
    if shapes is None:
        shapes = Graph().parse(shapes_file(), format="turtle")
    compiled, rest = compile_shapes(shapes)
    rest, checks = split_sparql_constraints(rest)
    lines = run_shape_queries(compiled, store) + run_sparql_constraints(checks, store)
    if remaining_shapes(rest):
        lines += pyshacl_violations(_union_graph(store), ontology, rest)
    return sorted(set(lines))


def _union_graph(store: ox.Store) -> Graph:
    """The store's union as an rdflib graph (for the shapes pySHACL must check)."""
    if not oxstore.has_union(store):
        oxstore.fill_union(store)
    triples = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    data = ox.serialize(triples, format=ox.RdfFormat.N_QUADS)
    return Graph().parse(data=data or b"", format="nt")


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


#: Stated triples without an affirmed claim with evidence in their own graph (an anti-join:
#: ``FILTER NOT EXISTS`` per stated triple took 1.4 s on a 100k-triple graph, ``MINUS`` 0.1 s).
_UNCOVERED = """SELECT ?g ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g != ?ontology)
  MINUS {
    GRAPH ?g {
      ?claim a sg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; sg:hasEvidence [] .
      FILTER NOT EXISTS { ?claim sg:polarity sg:Negated }
    }
  }
}"""


def _shown(term: object) -> str:
    return repr(term.value) if isinstance(term, ox.Literal) else str(getattr(term, "value", term))


def uncovered_facts(store: ox.Store, ontology: Graph) -> list[str]:
    """Stated triples that have no claim with evidence in their own document graph."""
    props = sorted(stated_properties(ontology))
    if not props:
        return []
    values = "VALUES ?p { " + " ".join(f"<{p}>" for p in props) + " }\n"
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    query = prefixes + _UNCOVERED.replace("WHERE {\n", "WHERE {\n  " + values, 1).replace(
        "?ontology", f"<{ONTOLOGY_GRAPH}>"
    )
    lines = []
    for row in store.query(query):  # type: ignore[union-attr]
        lines.append(
            f"{_shown(row['s'])} {_shown(row['p'])}: stated in {_shown(row['g'])} without a claim"
            f" with evidence (object {_shown(row['o'])})"
        )
    return sorted(lines)


def validate(loaded: LoadedGraph) -> Report:
    """Run every corpus-free check on a loaded graph (in its Oxigraph store)."""
    report = Report()
    report.violations += shacl_violations(loaded.store, loaded.ontology)
    report.violations += uncovered_facts(loaded.store, loaded.ontology)
    report.violations += check_spans(loaded.store)
    return report
