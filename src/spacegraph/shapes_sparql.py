"""SHACL core shapes compiled to SPARQL, one whole-graph query per shape, run in Oxigraph.

pySHACL walks the shapes in Python over an rdflib graph: on a 100k-triple
graph its core constraints took about 10 s, and rdflib needs the whole graph
as Python objects first (about 100 s to parse a million triples). The shapes
spacegraph uses are all of one simple kind (targets by class or by subject of
a property; property shapes with a predicate path; value constraints, counts,
``sh:or`` of such shapes, one qualified count), and each such shape says the
same as one SPARQL query: the focus nodes for which the shape's conformance
expression is false. :func:`compile_shapes` writes those queries;
:func:`run_shape_queries` runs them. A shape that uses anything else (another
path form, ``sh:node``, ``sh:closed``, a severity other than violation, no
``sh:message``...) is not compiled and stays with pySHACL, so the result is
always that of the SHACL specification; a test checks that both give the same
lines on valid and broken graphs.

Conformance follows SHACL 1.0: ``sh:class`` through ``rdf:type/rdfs:subClassOf*``;
``sh:datatype`` requires the datatype and a well-formed value (checked with
the XPath cast of the lexical form where SPARQL has one); ``sh:in`` compares
terms, not values; ``sh:pattern`` and ``sh:minLength`` fail on blank nodes;
``sh:minInclusive`` fails when the comparison is an error.

Terms written into a query come from the shapes file (the project's own
schema), in their N-Triples form; no document text reaches a query.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from . import oxstore

__all__ = ["ShapeQuery", "compile_shapes", "remaining_shapes", "run_shape_queries"]

_RDF_TYPE = f"<{RDF.type}>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

#: Datatypes whose well-formedness SPARQL can test by casting the lexical form.
_CASTS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime}
_CASTS |= {XSD.time, XSD.gYear, XSD.gYearMonth}
#: Integer subtypes: an integer cast plus a range test.
_INTEGER_RANGES = {XSD.nonNegativeInteger: ">= 0", XSD.positiveInteger: "> 0"}

#: Node kinds and the SPARQL test for each.
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}

#: Predicates of a shape that this compiler reads or that do not affect validation.
_DESCRIPTIVE = {RDF.type, SH.message, SH.name, SH.description, SH.order, SH.group}
_DESCRIPTIVE |= {URIRef("http://www.w3.org/2000/01/rdf-schema#comment")}
_DESCRIPTIVE |= {URIRef("http://www.w3.org/2000/01/rdf-schema#label")}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
_VALUE = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.flags, SH.minLength}
_VALUE |= {SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["or"]}
_COUNTS = {SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.qualifiedMinCount}


class Unsupported(Exception):
    """A shape uses a feature this compiler does not translate (pySHACL checks it)."""


@dataclass(frozen=True)
class ShapeQuery:
    """A query that selects focus nodes (``?this``) violating a shape (one of its queries)."""

    shape: str
    path: str | None
    message: str
    query: str


def _nt(term: Node) -> str:
    """A shapes-file term in N-Triples form, as SPARQL accepts it."""
    if isinstance(term, BNode):
        raise Unsupported("a blank node where a value is expected")
    return str(oxstore.to_term(term))


class _Compiler:
    """Writes SPARQL conformance expressions for the shapes of one shapes graph."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.fresh: Callable[[], str] = (f"?v{n}" for n in itertools.count()).__next__

    def _one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self.shapes.objects(node, predicate))
        if len(values) > 1:
            raise Unsupported(f"several {predicate}")
        return values[0] if values else None

    def _int(self, node: Node, predicate: URIRef) -> int | None:
        value = self._one(node, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise Unsupported(f"{predicate} is not an integer")
        return int(value.toPython())

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def _check_known(self, node: Node, allowed: set[URIRef]) -> None:
        for predicate in set(self.shapes.predicates(node, None)):
            if predicate not in allowed | _DESCRIPTIVE:
                raise Unsupported(f"{predicate}")
        if self._one(node, SH.deactivated) is not None:
            raise Unsupported("sh:deactivated")

    # -- value constraints: is the value node {v} acceptable? -----------------------
    def value_ok(self, node: Node, v: str, scope: list[str]) -> str:
        """The conjunction of ``node``'s value-level constraints applied to ``v``.

        A class test adds to ``scope`` (the patterns of the group the
        expression is used in) an ``OPTIONAL`` sub-select of the class's
        instances that binds a flag; the expression tests the flag.
        """
        tests = []
        for c in self.shapes.objects(node, SH["class"]):
            flag, t = self.fresh(), self.fresh()
            scope.append(
                f"OPTIONAL {{ SELECT DISTINCT {v} (true AS {flag}) WHERE"
                f" {{ {v} {_RDF_TYPE} {t} . {t} {_SUBCLASS}* {_nt(c)} }} }}"
            )
            tests.append(f"BOUND({flag})")
        datatype = self._one(node, SH.datatype)
        if datatype is not None:
            tests.append(self._datatype_ok(datatype, v))
        kind = self._one(node, SH.nodeKind)
        if kind is not None:
            if not isinstance(kind, URIRef) or kind not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {kind}")
            tests.append(_NODE_KINDS[kind].format(v=v))
        members = self._one(node, SH["in"])
        if members is not None:
            alternatives = [f"sameTerm({v}, {_nt(m)})" for m in self._list(members)]
            tests.append("(" + (" || ".join(alternatives) or "false") + ")")
        pattern = self._one(node, SH.pattern)
        if pattern is not None:
            flags = self._one(node, SH.flags)
            args = _nt(Literal(str(pattern))) + (f", {_nt(Literal(str(flags)))}" if flags else "")
            tests.append(f"(!isBlank({v}) && COALESCE(REGEX(STR({v}), {args}), false))")
        elif self._one(node, SH.flags) is not None:
            raise Unsupported("sh:flags without sh:pattern")
        length = self._int(node, SH.minLength)
        if length is not None:
            tests.append(f"(!isBlank({v}) && STRLEN(STR({v})) >= {length})")
        for predicate, operator in (
            (SH.minInclusive, ">="),
            (SH.maxInclusive, "<="),
            (SH.minExclusive, ">"),
            (SH.maxExclusive, "<"),
        ):
            bound = self._one(node, predicate)
            if bound is not None:
                tests.append(f"COALESCE({v} {operator} {_nt(bound)}, false)")
        either = self._one(node, SH["or"])
        if either is not None:
            options = [self.shape_ok(a, v, scope) for a in self._list(either)]
            tests.append("(" + " || ".join(options) + ")")
        return "(" + (" && ".join(tests) or "true") + ")"

    @staticmethod
    def _datatype_ok(datatype: Node, v: str) -> str:
        if not isinstance(datatype, URIRef):
            raise Unsupported("sh:datatype is not an IRI")
        test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), <{datatype}>)"
        if datatype in _CASTS:
            test += f" && COALESCE(isLiteral(<{datatype}>(STR({v}))), false)"
        elif datatype in _INTEGER_RANGES:
            cast = f"<{XSD.integer}>(STR({v}))"
            test += f" && COALESCE({cast} {_INTEGER_RANGES[datatype]}, false)"
        return test + ")"

    # -- shapes: does the focus node {v} conform? -------------------------------------
    def shape_ok(self, node: Node, v: str, scope: list[str]) -> str:
        """Conformance of ``v`` to a shape: a property shape if it has a path, else a node shape."""
        if (node, SH.path, None) in self.shapes:
            return self.property_ok(node, v, scope)
        self._check_known(node, _VALUE | {SH.property} | _TARGETS)
        tests = [self.value_ok(node, v, scope)]
        tests += [self.property_ok(p, v, scope) for p in self.shapes.objects(node, SH.property)]
        return "(" + " && ".join(tests) + ")"

    def _count(
        self, focus: str, p: str, condition: Callable[[str, list[str]], str] | None,
        scope: list[str],
    ) -> str:  # fmt: skip
        """Bind (through ``scope``) the number of distinct values of ``p`` on ``focus``.

        Only the values that meet ``condition`` count: it writes the test of a
        value variable and adds the patterns the test needs to a list. The
        count is an aggregate over the whole graph joined to the focus nodes:
        Oxigraph evaluates it once, where a ``FILTER EXISTS`` per focus node
        cost about 0.2 ms each (9 s for the entity-label shape at 1M triples).
        """
        count, value = self.fresh(), self.fresh()
        inner: list[str] = []
        where = f"{focus} {p} {value} ."
        if condition is not None:
            test = condition(value, inner)
            where += " " + " ".join(inner) + f" FILTER({test})"
        scope.append(
            f"OPTIONAL {{ SELECT {focus} (COUNT(DISTINCT {value}) AS {count})"
            f" WHERE {{ {where} }} GROUP BY {focus} }}"
        )
        return f"COALESCE({count}, 0)"

    def property_ok(self, node: Node, focus: str, scope: list[str]) -> str:
        """Conformance of ``focus`` to a property shape with a predicate path."""
        self._check_known(node, _VALUE | _COUNTS | {SH.path} | _TARGETS)
        path = self._one(node, SH.path)
        if not isinstance(path, URIRef):
            raise Unsupported("a path that is not a predicate")
        p = _nt(path)
        tests = []
        probe: list[str] = []
        if self.value_ok(node, "?probe", probe) != "(true)":  # some value constraint
            bad = self._count(focus, p, lambda v, inner: f"!{self.value_ok(node, v, inner)}", scope)
            tests.append(f"{bad} = 0")
        least = self._int(node, SH.minCount)
        most = self._int(node, SH.maxCount)
        if least or most is not None:
            n = self._count(focus, p, None, scope)
            tests += [f"{n} >= {least}"] if least else []
            tests += [f"{n} <= {most}"] if most is not None else []
        qualified = self._one(node, SH.qualifiedValueShape)
        needed = self._int(node, SH.qualifiedMinCount)
        if qualified is not None or needed is not None:
            if qualified is None or not needed or (node, SH.qualifiedMaxCount, None) in self.shapes:
                raise Unsupported("a qualified count other than sh:qualifiedMinCount n ≥ 1")
            good = self._count(focus, p, lambda v, inner: self.shape_ok(qualified, v, inner), scope)
            tests.append(f"{good} >= {needed}")
        return "(" + (" && ".join(tests) or "true") + ")"

    def shape_query(self, shape: Node) -> str:
        """A query selecting the focus nodes (``?this``) that violate a top-level shape."""
        scope: list[str] = []
        ok = self.shape_ok(shape, "?this", scope)
        return (
            f"SELECT DISTINCT ?this WHERE {{ {self.targets(shape)} {' '.join(scope)}"
            f" FILTER(!{ok}) }}"
        )

    # -- targets ------------------------------------------------------------------------
    def targets(self, shape: Node) -> str:
        """A sub-select of the shape's focus nodes (``?this``)."""
        branches = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            t = self.fresh()
            branches.append(f"{{ ?this {_RDF_TYPE} {t} . {t} {_SUBCLASS}* {_nt(cls)} }}")
        for prop in self.shapes.objects(shape, SH.targetSubjectsOf):
            branches.append(f"{{ ?this {_nt(prop)} [] }}")
        return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(branches)} }} }}"


def _top_shapes(shapes: Graph) -> Iterator[Node]:
    seen = set()
    for predicate in sorted(_TARGETS):
        for shape in sorted(shapes.subjects(predicate, None), key=str):
            if shape not in seen:
                seen.add(shape)
                yield shape


def compile_shapes(shapes: Graph) -> tuple[list[ShapeQuery], Graph]:
    """A query for each shape with targets that this module can translate, and the rest.

    The rest is the shapes graph without the targets of the compiled shapes,
    so pySHACL would not check them again; a shape that also has ``sh:sparql``
    constraints keeps its targets, which
    :func:`spacegraph.validate.split_sparql_constraints` reads next (its other
    constraints are compiled here too). :func:`remaining_shapes` of the rest,
    once the ``sh:sparql`` constraints are taken out, is what pySHACL must
    still check.
    """
    compiler = _Compiler(shapes)
    queries = []
    rest = Graph()
    for triple in shapes:
        rest.add(triple)
    for shape in _top_shapes(shapes):
        messages = list(shapes.objects(shape, SH.message))
        severity = compiler._one(shape, SH.severity)
        try:
            if len(messages) != 1 or severity not in (None, SH.Violation):
                raise Unsupported("not one sh:message, or not a violation")
            compiler._check_known(shape, _VALUE | _COUNTS | _TARGETS | {SH.path, SH.property}
                                  | {SH.sparql, SH.severity})  # fmt: skip
            texts = [compiler.shape_query(shape)] if _has_core(shapes, shape) else []
        except Unsupported:
            continue
        path = shapes.value(shape, SH.path)
        shown = str(path) if path is not None else None
        queries += [ShapeQuery(str(shape), shown, str(messages[0]), text) for text in texts]
        if (shape, SH.sparql, None) not in shapes:
            for predicate in _TARGETS:
                rest.remove((shape, predicate, None))
    return queries, rest


def _has_core(shapes: Graph, shape: Node) -> bool:
    """True when the shape has constraints besides ``sh:sparql`` (a path counts)."""
    own = set(shapes.predicates(shape, None)) - _DESCRIPTIVE - _TARGETS - {SH.sparql, SH.severity}
    return bool(own)


def remaining_shapes(shapes: Graph) -> list[Node]:
    """Shapes that still have targets and some constraint (``sh:sparql`` included) to check."""
    return [shape for shape in _top_shapes(shapes) if _has_core(shapes, shape) or
            (shape, SH.sparql, None) in shapes]  # fmt: skip


def run_shape_queries(queries: list[ShapeQuery], store: ox.Store) -> list[str]:
    """``<focus> [<path>]: <message>`` for each violating focus node of each query."""
    lines = []
    for q in queries:
        for row in oxstore.query(store, q.query):  # type: ignore[union-attr]
            focus = row["this"]
            shown = repr(focus.value) if isinstance(focus, ox.Literal) else str(focus.value)
            where = shown + (f" {q.path}" if q.path else "")
            lines.append(f"{where}: {q.message}")
    return lines
