r"""Query results in one engine-neutral form, and their serialisations.

Every engine (pyoxigraph, rdflib, a remote endpoint) returns a
:class:`QueryResult` holding rdflib terms, so one set of writers formats them
and the same answer gives the same bytes whichever engine found it:

- ``table``: aligned columns for reading, IRIs shortened with the project's prefixes;
- ``csv`` / ``tsv`` / ``json`` / ``xml``: the SPARQL 1.1 result formats;
- ``turtle`` / ``ntriples``: CONSTRUCT and DESCRIBE results (N-Triples lines sorted).

>>> from rdflib import Literal, URIRef
>>> r = QueryResult.select(["name", "n"], [(Literal("China"), Literal(3))])
>>> print(format_result(r, "table"))
name   n
-----  -
China  3
>>> format_result(r, "csv")  # RFC 4180 line ends, as the SPARQL CSV format says
'name,n\r\nChina,3\r\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import QueryError
from .vocab import PREFIXES, bind_prefixes

__all__ = [
    "GRAPH_FORMATS",
    "SELECT_FORMATS",
    "QueryResult",
    "canonical",
    "format_result",
    "from_oxigraph",
    "from_rdflib",
    "from_sparql_json",
    "nt_term",
    "term_from_oxigraph",
]

#: Formats of SELECT and ASK results.
SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Formats of CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS = ("turtle", "ntriples")

Row = tuple[Node | None, ...]
Triple = tuple[Node, Node, Node]


@dataclass
class QueryResult:
    """The answer to a query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)

    @classmethod
    def select(cls, variables: Sequence[str], rows: Iterable[Sequence[Node | None]]) -> QueryResult:
        """A SELECT result."""
        return cls("select", list(variables), [tuple(r) for r in rows])

    @classmethod
    def ask(cls, value: bool) -> QueryResult:
        """An ASK result."""
        return cls("ask", boolean=bool(value))

    @classmethod
    def graph(cls, triples: Iterable[Triple]) -> QueryResult:
        """A CONSTRUCT or DESCRIBE result (triples kept unique, in a stable order)."""
        unique = sorted(set(triples), key=lambda t: tuple(x.n3() for x in t))
        return cls("graph", triples=unique)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def as_dicts(self) -> list[dict[str, Node | None]]:
        """The rows as ``{variable: term}`` dictionaries (SELECT only)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def as_strings(self) -> list[tuple[str, ...]]:
        """The rows as tuples of strings (IRI or lexical form; ``""`` for unbound)."""
        return [tuple("" if t is None else str(t) for t in row) for row in self.rows]


# -- conversion from the engines ---------------------------------------------------------
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def term_from_oxigraph(term: Any) -> Node | None:
    """An rdflib term for a pyoxigraph term (plain literals lose ``xsd:string``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # the common case: no datatype to convert
            return Literal(term.value)
        return canonical(Literal(term.value, datatype=URIRef(datatype)))
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


_XSD_DECIMAL = str(XSD.decimal)
# Oxigraph stores every integer type as xsd:integer ("05"^^xsd:long becomes "5"^^xsd:integer).
_INTEGER_TYPES = {
    str(XSD) + name
    for name in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}


def canonical(term: Node | None) -> Node | None:
    """One form per value, whichever engine produced it.

    Plain literals lose an explicit ``xsd:string``; ``xsd:decimal`` literals get
    their XSD 1.1 canonical form ("30", "4.4"), which Oxigraph returns and rdflib
    does not (it keeps "30.0" as parsed); every integer type becomes
    ``xsd:integer``, as Oxigraph stores it.

    >>> from rdflib import XSD
    >>> str(canonical(Literal("30.0", datatype=XSD.decimal)))
    '30'
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    datatype = str(term.datatype)
    if datatype == _XSD_STRING:
        return Literal(str(term))
    if datatype in _INTEGER_TYPES:
        try:
            return Literal(str(int(str(term).strip())), datatype=XSD.integer)
        except ValueError:
            return term
    if datatype == _XSD_DECIMAL:
        try:
            value = Decimal(str(term))
        except ArithmeticError:
            return term
        if value.is_finite():
            text = format(value.normalize(), "f")
            return Literal("0" if text == "-0" else text, datatype=XSD.decimal)
    return term


def from_oxigraph(result: Any) -> QueryResult:
    """Convert what ``pyoxigraph.Store.query`` returns."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult.ask(bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        # A solution iterates its values in the order of the variables (None when
        # unbound); a term met again is converted once (results repeat IRIs and labels).
        converted: dict[Any, Node | None] = {}
        rows = []
        for solution in result:
            row: list[Node | None] = []
            for term in solution:
                if term is None:
                    row.append(None)
                    continue
                value = converted.get(term)
                if value is None:
                    value = converted[term] = term_from_oxigraph(term)
                row.append(value)
            rows.append(tuple(row))
        return QueryResult.select(names, rows)
    triples = []
    for t in result:
        s, p, o = (term_from_oxigraph(x) for x in (t.subject, t.predicate, t.object))
        if s is None or p is None or o is None:  # pragma: no cover - triples are complete
            continue
        triples.append((s, p, o))
    return QueryResult.graph(triples)


def from_rdflib(result: Any) -> QueryResult:
    """Convert an ``rdflib.query.Result``."""
    if result.type == "ASK":
        return QueryResult.ask(bool(result.askAnswer))
    if result.type == "SELECT":
        names = [str(v) for v in result.vars or []]
        rows = [tuple(canonical(term) for term in row) for row in result]
        return QueryResult.select(names, rows)
    return QueryResult.graph((canonical(s), p, canonical(o)) for s, p, o in result.graph)  # type: ignore[misc]


def _json_term(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype not in (_XSD_STRING, _LANG_STRING):
            return canonical(Literal(value["value"], datatype=URIRef(datatype)))  # type: ignore[return-value]
        return Literal(value["value"])
    raise QueryError(f"unsupported term type in SPARQL JSON results: {kind!r}")


def from_sparql_json(data: dict[str, Any]) -> QueryResult:
    """Convert SPARQL 1.1 Query Results JSON (from a remote endpoint)."""
    if "boolean" in data:
        return QueryResult.ask(bool(data["boolean"]))
    names = list(data.get("head", {}).get("vars", []))
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        rows.append(tuple(_json_term(binding[n]) if n in binding else None for n in names))
    return QueryResult.select(names, rows)


# -- writers -------------------------------------------------------------------------------
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (one line; also used for TSV cells).

    >>> print(nt_term(Literal('two\\nlines "quoted"')))
    "two\\nlines \\"quoted\\""
    """
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _compact(term: Node | None) -> str:
    """A short human-readable form: prefixed IRIs, lexical literals, empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = ""
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(ns) > len(best):
                best, name = ns, prefix
        if best:
            local = iri[len(best) :]
            return f"{name}:{local}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    header = list(result.variables)
    cells = [[_compact(t).replace("\n", " ") for t in row] for row in result.rows]
    widths = [len(h) for h in header]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    count = len(cells)
    if count == 0:
        lines.append("(no results)")
    return "\n".join(lines)


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _delimited(result: QueryResult, fmt: str) -> str:
    out = io.StringIO()
    if result.kind == "ask":
        # SPARQL CSV/TSV have no boolean form; write the answer as one value.
        return "true\n" if result.boolean else "false\n"
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([_csv_value(t) for t in row])
        return out.getvalue()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else nt_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _json_value(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        data: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {v: _json_value(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        data = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _xml_value(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(result: QueryResult) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "  <head>",
    ]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines.append("  </head>")
    if result.kind == "ask":
        lines.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("  <results>")
        for row in result.rows:
            lines.append("    <result>")
            for v, t in zip(result.variables, row, strict=True):
                if t is not None:
                    lines.append(f"      <binding name={quoteattr(v)}>{_xml_value(t)}</binding>")
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _graph_text(result: QueryResult, fmt: str) -> str:
    if fmt == "ntriples":
        lines = sorted(" ".join(nt_term(x) for x in t) + " ." for t in result.triples)
        return "\n".join(lines) + ("\n" if lines else "")
    g = Graph()
    bind_prefixes(g)
    for t in result.triples:
        g.add(t)
    return g.serialize(format="turtle")


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Serialise ``result`` as ``fmt`` (one of :data:`SELECT_FORMATS` or :data:`GRAPH_FORMATS`).

    A graph result asked for as ``table`` is written as Turtle. Raises
    :class:`QueryError` for a format that does not fit the result.
    """
    if result.kind == "graph":
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"--format {fmt} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE"
                f" result is written as {' or '.join(GRAPH_FORMATS)}"
            )
        return _graph_text(result, fmt)
    if fmt in GRAPH_FORMATS:
        raise QueryError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE results; use one of"
            f" {', '.join(SELECT_FORMATS)}"
        )
    if fmt == "table":
        return _table(result)
    if fmt in ("csv", "tsv"):
        return _delimited(result, fmt)
    if fmt == "json":
        return _json(result)
    if fmt == "xml":
        return _xml(result)
    raise QueryError(
        f"unknown format {fmt!r}; choose one of {', '.join(SELECT_FORMATS + GRAPH_FORMATS)}"
    )
