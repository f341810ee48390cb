"""Read the structure of a SPARQL query's text without evaluating it.

Three small jobs that every engine needs before it runs a query:

- :func:`query_form`: ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or an
  UPDATE operation (which spacegraph refuses: it only reads);
- :func:`syntax_error`: turn an engine's parse error into ``name:line:column:
  message``;
- :func:`inject_values`: add a ``VALUES`` block for bound parameters as the
  first element of the query's ``WHERE`` group, for endpoints that cannot take
  bindings natively. The values are RDF terms written by rdflib's ``n3()``
  (escaped), and the position is found by a tokenizer that skips comments,
  strings and IRIs, so no user text is ever pasted into the query.

>>> query_form("PREFIX ex: <http://example.org/#> SELECT * { ?s ?p ?o }")
'SELECT'
>>> query_form("# a comment with SELECT\\nINSERT DATA { <a:b> <a:c> <a:d> }")
'INSERT'
>>> from rdflib import URIRef
>>> inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef("http://example.org/a")})
'SELECT ?x WHERE { VALUES ?x { <http://example.org/a> } ?x ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from rdflib.term import Node

from .errors import QueryError

__all__ = ["QUERY_FORMS", "UPDATE_FORMS", "inject_values", "query_form", "syntax_error"]

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)

# Tokens that may contain braces or keywords and must be skipped as a whole.
_SKIP = re.compile(
    r"""
    \#[^\n]*                              # comment
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"   # long strings
  | '''(?:[^'\\]|\\.|'(?!''))*'''
  | "(?:[^"\\\n]|\\.)*"                   # short strings
  | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>             # IRI reference (not the < operator)
    """,
    re.VERBOSE | re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    """(offset, token) for each brace and bare word of ``text`` outside strings/IRIs."""
    i = 0
    while i < len(text):
        m = _SKIP.match(text, i)
        if m:
            i = m.end()
            continue
        ch = text[i]
        if ch in "{}":
            yield i, ch
            i += 1
            continue
        if ch in "?$":  # a variable: never a keyword
            m = _WORD.match(text, i + 1)
            i = m.end() if m else i + 1
            continue
        m = _WORD.match(text, i)
        if m:
            yield i, m.group()
            i = m.end()
            continue
        i += 1


def query_form(text: str) -> str:
    """The upper-case keyword of the query's form (or of an UPDATE operation).

    Raises :class:`QueryError` when the text has no query form at all.
    """
    for _, token in _tokens(text):
        word = token.upper()
        if word in QUERY_FORMS or word in UPDATE_FORMS:
            return word
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the outermost query's WHERE group."""
    form = query_form(text)
    depth = 0
    seen_template = form != "CONSTRUCT"
    after_form = False
    for pos, token in _tokens(text):
        if token.upper() == form and not after_form:
            after_form = True
            continue
        if not after_form:
            continue
        if token == "{":
            if depth == 0 and seen_template:
                return pos
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                seen_template = True
        elif token.upper() == "WHERE" and depth == 0 and not seen_template:
            raise QueryError(
                "parameters cannot be bound in a CONSTRUCT WHERE short form; write the"
                " template and the WHERE clause separately"
            )
    raise QueryError("cannot find the WHERE clause of the query")


def inject_values(text: str, bindings: Mapping[str, Node]) -> str:
    """``text`` with ``VALUES ?name { term }`` for each binding, first in its WHERE group.

    Joining a one-row ``VALUES`` block with the rest of the group gives the
    same answers as binding the variable beforehand, for every variable that
    occurs in the group (outside sub-queries).
    """
    if not bindings:
        return text
    brace = _where_brace(text)
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    block = f"VALUES ({names}) {{ ({terms}) }}" if len(bindings) > 1 else None
    if block is None:
        (name, term), *_ = bindings.items()
        block = f"VALUES ?{name} {{ {term.n3()} }}"
    return f"{text[: brace + 1]} {block}{text[brace + 1 :]}"


_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def syntax_error(source: str, exc: BaseException) -> QueryError:
    """A :class:`QueryError` ``source:line:column: message`` from an engine's parse error.

    Understands pyoxigraph's ``SyntaxError`` ("error at 3:17: …") and
    pyparsing's ``ParseException`` (rdflib), which carry the position.
    """
    text = str(getattr(exc, "msg", None) or exc)
    m = _OX_POSITION.match(str(exc.args[0]) if exc.args else text)
    if m:
        line, col, message = m.group(1), m.group(2), m.group(3)
        return QueryError(f"{source}:{line}:{col}: SPARQL syntax error: {message.strip()}")
    line_no = getattr(exc, "lineno", None)
    col_no = getattr(exc, "col", None) or getattr(exc, "offset", None)
    if line_no and col_no:
        found = ""
        pstr, loc = getattr(exc, "pstr", None), getattr(exc, "loc", None)
        if isinstance(pstr, str) and isinstance(loc, int):
            found = (
                f", found {pstr[loc : loc + 20]!r}" if loc < len(pstr) else ", found end of text"
            )
        return QueryError(f"{source}:{line_no}:{col_no}: SPARQL syntax error: {text}{found}")
    return QueryError(f"{source}: SPARQL syntax error: {text.splitlines()[0] if text else exc}")
