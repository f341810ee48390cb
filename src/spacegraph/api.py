"""The Python API: ``spacegraph.load()`` and the :class:`SpaceGraph` it returns.

>>> import spacegraph
>>> sg = spacegraph.load()  # doctest: +SKIP
>>> sg.query("missions", actor="CNSA").as_strings()[0][:2]  # doctest: +SKIP
("Chang'e-5", 'operated by it')
>>> sg.query_df("SELECT ?m WHERE { ?m a sg:Mission }")  # doctest: +SKIP

``load`` picks the fastest faithful source: an up-to-date ``build/store``
(written by ``spacegraph build``), else the graph files, parsed into an
in-memory Oxigraph store (or an rdflib dataset with ``engine="rdflib"``), or a
remote SPARQL 1.1 endpoint with ``endpoint=``. Every way gives the same
answers; the tests check it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from .engines import Engine, OxigraphEngine, RdflibEngine
from .errors import InputFileError, QueryError
from .library import NamedQuery, get_query, parse_query_file, query_from_file
from .resolve import DOCUMENT_LABELS_QUERY, LABELS_QUERY, LabelIndex, literal_value, parse_iri
from .results import QueryResult
from .store import MANIFEST, open_store, store_is_current

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ENGINES", "SpaceGraph", "load", "to_dataframe"]

#: Engines ``load`` can use for local files.
ENGINES = ("oxigraph", "rdflib")
_DEFAULT_STORE = Path("build") / "store"


@dataclass
class SpaceGraph:
    """A loaded graph that answers SPARQL queries.

    ``source`` says what was loaded (a store, files, an endpoint) and ``note``
    why a store was not used, if one was found out of date.
    """

    engine: Engine
    source: str
    note: str = ""
    _indexes: dict[str, LabelIndex] = field(default_factory=dict, repr=False)

    # -- running queries ------------------------------------------------------------------
    def query(
        self, sparql: str | NamedQuery, *, timeout: float | None = None, **params: Any
    ) -> QueryResult:
        """Answer ``sparql``: a library query name, a ``.rq`` path, or SPARQL text.

        Keyword arguments are parameter values. For a named query (or a ``.rq``
        file with ``# Param:`` lines) an ``entity`` value may be a label or
        alias as a user types it; for other text, a string that looks like an
        IRI is bound as an IRI and any other value as a literal. rdflib terms
        are bound as they are. ``timeout`` (seconds) stops waiting for a query
        that runs too long, with a :class:`QueryError`; neither engine can
        cancel a query, so it runs on in a background thread until it ends.
        """
        named = self._as_query(sparql)
        bindings = self.bindings(named, params)
        return self._run(named.text, bindings, named.source, timeout)

    def query_df(
        self, sparql: str | NamedQuery, *, timeout: float | None = None, **params: Any
    ) -> pd.DataFrame:
        """Like :meth:`query`, as a pandas DataFrame with Python-typed columns."""
        return to_dataframe(self.query(sparql, timeout=timeout, **params))

    def bindings(self, named: NamedQuery, params: Mapping[str, Any]) -> dict[str, Node]:
        """The RDF terms to bind for ``params`` (labels resolved to IRIs)."""
        out: dict[str, Node] = {}
        if named.params:
            for name in params:
                named.param(name)  # unknown names fail with the close ones
            for p in named.params:
                value = params.get(p.name)
                if value is None:
                    if p.optional:
                        continue
                    raise QueryError(
                        f"query {named.name} needs --param {p.name}=… ({p.description})"
                    )
                out[p.name] = self._term(value, p.kind, p.name)
            return out
        for name, value in params.items():
            if value is not None:
                out[name] = self._term(value, "auto", name)
        return out

    def _term(self, value: Any, kind: str, name: str) -> Node:
        if isinstance(value, URIRef | Literal):
            return value
        if kind in ("entity", "document"):
            return self._index(kind).resolve(str(value), param=name)
        if kind in ("literal", "integer"):
            return literal_value(str(value), kind, param=name)
        if isinstance(value, str):
            return parse_iri(value) or Literal(value)
        return Literal(value)

    def _index(self, kind: str) -> LabelIndex:
        if kind not in self._indexes:
            text = DOCUMENT_LABELS_QUERY if kind == "document" else LABELS_QUERY
            result = self.engine.run(text, {}, f"<{kind} labels>")
            pairs = [(str(r[0]), str(r[1])) for r in result.rows if r[0] is not None]
            self._indexes[kind] = LabelIndex(pairs, kind=kind)
        return self._indexes[kind]

    @staticmethod
    def _as_query(sparql: str | NamedQuery) -> NamedQuery:
        if isinstance(sparql, NamedQuery):
            return sparql
        text = sparql.strip()
        if text.endswith(".rq") and "\n" not in text and not text.upper().startswith("SELECT"):
            return query_from_file(Path(text))
        if "{" not in text and " " not in text:
            return get_query(text)
        return parse_query_file(sparql, "query", "<query>")

    def _run(
        self, text: str, bindings: Mapping[str, Node], source: str, timeout: float | None
    ) -> QueryResult:
        if timeout is None:
            return self.engine.run(text, bindings, source)
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["result"] = self.engine.run(text, bindings, source)
            except BaseException as exc:  # handed to the caller's thread
                box["error"] = exc

        worker = threading.Thread(target=work, name="spacegraph-query", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise QueryError(
                f"{source}: stopped after {timeout:g} s (--timeout); narrow the query or"
                " raise the timeout"
            )
        if "error" in box:
            raise box["error"]
        return box["result"]  # type: ignore[no-any-return]


# -- loading -----------------------------------------------------------------------------------
def load(
    graph: Path | str | None = None,
    *,
    engine: str = "oxigraph",
    store: Path | str | None = None,
    endpoint: str | None = None,
    corpus: Path | str | None = None,
    timeout: float = 60.0,
) -> SpaceGraph:
    """Load the knowledge graph for querying.

    Parameters
    ----------
    graph : path, optional
        A graph folder of ``.trig`` files (default: ``./graph``, else the graph
        shipped with spacegraph), one RDF file (``build/spacegraph.trig``), or a
        store folder (``build/store``).
    engine : {"oxigraph", "rdflib"}
        The engine for local files; a store is always read by Oxigraph.
    store : path, optional
        The store to use when it is up to date with ``graph`` (default
        ``build/store``); ``False``-like empty string disables it.
    endpoint : str, optional
        The URL of a remote SPARQL 1.1 endpoint; nothing is loaded.
    corpus : path, optional
        The corpus folder: evidence quotes are resolved when loading files.
    timeout : float
        Seconds to wait for a remote endpoint.
    """
    if endpoint:
        from .remote import RemoteEngine

        return SpaceGraph(RemoteEngine(endpoint, timeout=timeout), f"endpoint {endpoint}")
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    from .cli_common import default_graph_dir

    path = Path(graph) if graph is not None else default_graph_dir()
    corpus_dir = Path(corpus) if corpus else None
    if path.is_dir() and (path / MANIFEST).is_file():
        return SpaceGraph(OxigraphEngine(open_store(path)), f"store {path}")
    if path.is_file():
        return _from_file(path, engine)
    note = ""
    store_dir = _DEFAULT_STORE if store is None else (Path(store) if store else None)
    if engine == "oxigraph" and store_dir is not None and (store_dir / MANIFEST).is_file():
        if corpus_dir is None and store_is_current(store_dir, path):
            return SpaceGraph(OxigraphEngine(open_store(store_dir)), f"store {store_dir}")
        if corpus_dir is None:
            note = (
                f"{store_dir} is out of date with {path}; loading the files (run spacegraph build)"
            )
    return _from_folder(path, engine, corpus_dir, note)


def _from_file(path: Path, engine: str) -> SpaceGraph:
    if engine == "oxigraph":
        return SpaceGraph(OxigraphEngine.from_dataset_file(path), f"file {path}")
    from .loader import GRAPH_SUFFIXES, dataset_of, read_quads
    from .vocab import bind_prefixes

    if path.suffix not in GRAPH_SUFFIXES:
        raise InputFileError(f"{path}: unknown RDF file type (expected .trig, .nq or .ttl)")
    import warnings

    from rdflib import Dataset

    if path.suffix != ".ttl":
        return SpaceGraph(RdflibEngine(dataset_of(read_quads(path))), f"file {path}")
    read_quads(path)  # file and syntax checks, with file:line:column
    dataset = Dataset()
    bind_prefixes(dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.default_graph.parse(path, format="turtle")
    return SpaceGraph(RdflibEngine(dataset), f"file {path}")


def _from_folder(path: Path, engine: str, corpus: Path | None, note: str) -> SpaceGraph:
    if engine == "oxigraph" and corpus is None:
        return SpaceGraph(OxigraphEngine.from_files(path), f"files {path}", note)
    import warnings

    from .loader import load as load_files

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        loaded = load_files(path)
        if corpus is not None:
            from .evidence import resolve_evidence

            resolve_evidence(loaded, corpus)
    if engine == "rdflib":
        return SpaceGraph(RdflibEngine(loaded.dataset), f"files {path}", note)
    return SpaceGraph(OxigraphEngine(loaded.store), f"files {path}", note)


# -- DataFrames ------------------------------------------------------------------------------
def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Literal):  # no Python type (gYear, gYearMonth, …): keep the text
            return str(value)
        from decimal import Decimal

        if isinstance(value, Decimal):
            return float(value)
        return value
    return str(term)


def to_dataframe(result: QueryResult) -> pd.DataFrame:
    """A DataFrame of a SELECT result: numbers as numbers, dates as dates, IRIs as strings.

    An integer column with unbound values becomes pandas' nullable ``Int64``;
    ``xsd:date`` and ``xsd:dateTime`` columns become ``datetime64``.
    """
    import datetime

    import pandas as pd

    if result.kind != "select":
        raise QueryError("query_df needs a SELECT query; use query() for ASK, CONSTRUCT, DESCRIBE")
    columns: dict[str, Any] = {}
    for i, name in enumerate(result.variables):
        values = [_python(row[i]) for row in result.rows]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, bool) for v in present):
            columns[name] = pd.Series(values, dtype="boolean")
        elif present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            columns[name] = pd.Series(
                values, dtype="Int64" if len(present) < len(values) else "int64"
            )
        elif present and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in present
        ):
            columns[name] = pd.Series(values, dtype="float64")
        elif present and all(isinstance(v, datetime.date) for v in present):
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            columns[name] = pd.Series(values, dtype="object")
    return pd.DataFrame(columns, columns=result.variables)
