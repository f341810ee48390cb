"""The local SPARQL engines: an Oxigraph store (persistent or in memory) and rdflib.

Both query the union of the named graphs as the default graph (stored in the
default graph of spacegraph's Oxigraph stores, see :mod:`spacegraph.oxstore`;
rdflib ``Dataset.default_union``), know the
project's prefixes without a ``PREFIX`` line, and take parameter values as
native bindings (pyoxigraph ``substitutions``, rdflib ``initBindings``), so a
value is never pasted into the text. A syntax error becomes a
:class:`QueryError` with line and column; an UPDATE is refused.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.term import Node

from . import oxstore
from .errors import InputFileError, QueryError
from .loader import GRAPH_SUFFIXES
from .results import QueryResult, from_oxigraph, from_rdflib
from .sparqltext import UPDATE_FORMS, inject_values, query_form, syntax_error
from .vocab import PREFIXES

__all__ = ["Engine", "OxigraphEngine", "RdflibEngine", "check_read_only", "to_oxigraph"]


class Engine(Protocol):
    """What :class:`spacegraph.api.SpaceGraph` needs from an engine."""

    name: str

    def run(self, text: str, bindings: Mapping[str, Node], source: str) -> QueryResult:
        """Evaluate ``text`` with ``bindings``; ``source`` names the query in errors."""
        ...


def check_read_only(text: str, source: str) -> str:
    """The query form of ``text``; :class:`QueryError` for a SPARQL UPDATE."""
    form = query_form(text)
    if form in UPDATE_FORMS:
        raise QueryError(
            f"{source}: {form} is a SPARQL UPDATE; spacegraph only reads the graph"
            " (change the graph files and run spacegraph build instead)"
        )
    return form


def to_oxigraph(term: Node) -> Any:
    """The pyoxigraph term for an rdflib term (a bound parameter value)."""
    try:
        return oxstore.to_term(term)
    except TypeError:
        raise QueryError(f"cannot bind {term!r}: not an RDF term") from None


class OxigraphEngine:
    """Queries a pyoxigraph :class:`~pyoxigraph.Store`."""

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @classmethod
    def from_files(cls, graph_dir: Path, ontology: Path | None = None) -> OxigraphEngine:
        """An in-memory store of the ontology and a graph folder (as :func:`loader.load`)."""
        return cls(oxstore.load_store(graph_dir, ontology=ontology))

    @classmethod
    def from_dataset_file(cls, path: Path) -> OxigraphEngine:
        """An in-memory store of one RDF file (a build's ``.trig``, ``.nq`` or ``.ttl``)."""
        if path.suffix not in GRAPH_SUFFIXES:
            raise InputFileError(f"{path}: unknown RDF file type (expected .trig, .nq or .ttl)")
        store = ox.Store()
        oxstore.load_file(store, path, GRAPH_SUFFIXES[path.suffix][1])
        oxstore.fill_union(store)
        return cls(store)

    def run(self, text: str, bindings: Mapping[str, Node], source: str) -> QueryResult:
        """Evaluate ``text`` on the store (see the module docstring)."""
        check_read_only(text, source)
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            try:
                raw = oxstore.query(
                    self.store,
                    text,
                    prefixes=PREFIXES,
                    substitutions=substitutions or None,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                # Oxigraph substitutes only projected variables (SEP-0007); bind the
                # others with a VALUES block placed structurally in the WHERE group.
                if "SELECT projection" not in str(exc):
                    raise
                raw = oxstore.query(
                    self.store,
                    inject_values(text, bindings),
                    prefixes=PREFIXES,
                )
            return from_oxigraph(raw)
        except SyntaxError as exc:
            raise syntax_error(source, exc) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"{source}: query failed: {exc}") from None


class RdflibEngine:
    """Queries an rdflib :class:`~rdflib.Dataset` (its default graph is the union)."""

    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        dataset.default_union = True
        self.dataset = dataset

    def run(self, text: str, bindings: Mapping[str, Node], source: str) -> QueryResult:
        """Evaluate ``text`` with rdflib's engine (see the module docstring)."""
        from pyparsing import ParseBaseException

        check_read_only(text, source)
        try:
            with warnings.catch_warnings():
                # rdflib 7.6 warns about its own use of deprecated Dataset APIs (#3475)
                warnings.simplefilter("ignore", DeprecationWarning)
                raw = self.dataset.query(text, initNs=PREFIXES, initBindings=dict(bindings))  # type: ignore[arg-type]
                return from_rdflib(raw)
        except ParseBaseException as exc:
            raise syntax_error(source, exc) from None
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises bare Exception for e.g. unknown prefixes
            raise QueryError(f"{source}: query failed: {str(exc).splitlines()[0]}") from None
