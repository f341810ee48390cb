"""The library of ready questions: ``src/spacegraph/queries/*.rq``, loaded by name.

Each file is a standard SPARQL query (it declares its own prefixes, so any
engine runs it) whose first comment lines describe it::

    # Question: Which missions does an agency or a nation run?
    # Param: actor (entity) The agency or nation, by label, alias or IRI, e.g. "CNSA"
    # Param: domain (entity, optional) …

A parameter is a variable of the query; its value is passed to the engine as
a binding, never pasted into the text. Kinds: ``entity`` (a resource, found by
label, alias, IRI or prefixed name; see :mod:`spacegraph.resolve`),
``document`` (a source document by file name, stem or title), ``literal``,
``integer``.

>>> q = get_query("missions")
>>> q.name, [p.name for p in q.params]
('missions', ['actor'])
>>> get_query("mision")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
spacegraph.errors.UnknownNameError: no query named 'mision'; did you mean: missions? ...
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import InputFileError, QueryError, UnknownNameError

__all__ = [
    "PARAM_KINDS",
    "NamedQuery",
    "Param",
    "get_query",
    "list_queries",
    "parse_query_file",
    "query_from_file",
]

#: The kinds of parameter a named query can declare.
PARAM_KINDS = ("entity", "document", "literal", "integer")

_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s+\((?P<kind>[a-z]+)(?P<opt>,\s*optional)?\)\s+(?P<doc>.+)$"
)


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: a variable bound before the query runs."""

    name: str
    kind: str
    description: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library (or a ``.rq`` file) with its question and parameters."""

    name: str
    question: str
    text: str
    source: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param:
        """The parameter ``name``; :class:`UnknownNameError` with close names otherwise."""
        for p in self.params:
            if p.name == name:
                return p
        known = [p.name for p in self.params]
        if not known:
            raise UnknownNameError(f"query {self.name} takes no parameters (got {name!r})")
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f"did you mean: {', '.join(close)}? " if close else ""
        raise UnknownNameError(
            f"query {self.name} has no parameter {name!r}; {hint}its parameters: {', '.join(known)}"
        )


def parse_query_file(text: str, name: str, source: str) -> NamedQuery:
    """Read the ``# Question:`` and ``# Param:`` header lines of a query's text."""
    question = ""
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(":")
        if not sep:
            continue
        value = value.strip()
        if key == "Question":
            question = value
        elif key == "Param":
            m = _PARAM.match(value)
            if not m or m.group("kind") not in PARAM_KINDS:
                raise QueryError(
                    f"{source}:{number}: malformed parameter line; expected"
                    f" '# Param: name (kind[, optional]) description' with kind one of"
                    f" {', '.join(PARAM_KINDS)}"
                )
            params.append(
                Param(m.group("name"), m.group("kind"), m.group("doc"), bool(m.group("opt")))
            )
    return NamedQuery(name, question, text, source, tuple(params))


def _library() -> dict[str, NamedQuery]:
    folder = resources.files("spacegraph") / "queries"
    found: dict[str, NamedQuery] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = parse_query_file(
                entry.read_text(encoding="utf-8"), name, f"queries/{entry.name}"
            )
    return dict(sorted(found.items()))


def list_queries() -> list[NamedQuery]:
    """Every query of the library, sorted by name."""
    return list(_library().values())


def get_query(name: str) -> NamedQuery:
    """The library query ``name``; :class:`UnknownNameError` suggests close names."""
    library = _library()
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, list(library), n=3, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}? " if close else ""
    raise UnknownNameError(
        f"no query named {name!r}; {hint}(spacegraph query --list shows them all)"
    )


def query_from_file(path: Path) -> NamedQuery:
    """A ``.rq`` file as a query (its ``# Param:`` lines declare its parameters)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8") from None
    return parse_query_file(text, path.stem, str(path))
