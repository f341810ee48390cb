"""Project the knowledge graph into NetworkX graphs for network analysis.

Each projection is declared by a SPARQL query in ``projections/<name>.rq``
(package data); nothing here converts triples wholesale, so classes, labels
and literals never become nodes. The queries run on a :class:`pyoxigraph.Store`
over the union of all named graphs (see :mod:`spacegraph.oxstore`).

- ``actor``: nations, regions, agencies, organisations, universities,
  institutes and persons; an edge for each stated relation between two of
  them and between co-participants of one n-ary relation (a cooperation, a
  grant, an agreement, a membership).
- ``nation``: the actor graph with each endpoint lifted to its nation (or
  region) through ``sg:agencyOf`` / ``sg:locatedIn`` (optionally after one
  ``sg:partOf`` step); each edge records the lift paths in ``lifts``.
- ``mission``: bipartite, actors to the missions, programmes and space
  stations they operate, fund, contribute to or take part in
  (node attribute ``bipartite``: 0 actors, 1 missions).

Every projection is undirected. Edge attributes: ``relations`` (sorted local
names; an n-ary relation's class when the edge comes from co-participation),
``weight`` (number of distinct documents supporting the edge), ``distance``
(``1 / weight``, what betweenness and closeness read), ``documents`` and
``evidence`` (sorted IRIs) and ``contested``. Node attributes: ``label``,
``class`` (the most specific ``sg:`` class) and ``iri``; nodes are keyed by
IRI. A fact that a document denies, or one of two values of a functional
property, is contested and left out unless ``include_contested`` is set.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import Dataset

from .errors import SpacegraphError, UnknownNameError
from .loader import LoadedGraph
from .oxstore import from_nquads, load_store
from .oxstore import query as query_store

__all__ = [
    "PROJECTIONS",
    "EmptyProjectionError",
    "check_projection",
    "load_store",
    "project",
    "projection_query",
    "sparql_df",
    "to_store",
]

#: The projections, each with a one-line description.
PROJECTIONS: dict[str, str] = {
    "actor": "actors linked by stated relations and shared n-ary relations",
    "nation": "actors lifted to their nation through agencyOf / locatedIn",
    "mission": "bipartite: actors to the missions and programmes they take part in",
}

_SG = "https://w3id.org/spacegraph/ontology#"


class EmptyProjectionError(SpacegraphError):
    """A projection has no edges, so no measure can say anything about it."""


def check_projection(name: str) -> str:
    """Return ``name`` if it is a projection, else raise :class:`UnknownNameError`.

    >>> check_projection("actor")
    'actor'
    >>> check_projection("actors")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.UnknownNameError: unknown projection 'actors'; valid projections: actor, ...
    """
    if name not in PROJECTIONS:
        valid = ", ".join(PROJECTIONS)
        raise UnknownNameError(f"unknown projection {name!r}; valid projections: {valid}")
    return name


def projection_query(name: str) -> str:
    """The SPARQL text of projection ``name`` (``projections/<name>.rq``)."""
    check_projection(name)
    return (resources.files("spacegraph") / "projections" / f"{name}.rq").read_text("utf-8")


# -- loading ----------------------------------------------------------------------------
def to_store(source: ox.Store | Dataset | LoadedGraph | Path | str) -> ox.Store:
    """An Oxigraph store holding ``source``: a store, an rdflib dataset, a loaded graph or a folder.

    An rdflib dataset should include the ontology (as :func:`spacegraph.loader.load`
    puts it), since the projections follow ``rdfs:subClassOf``.
    """
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, str | Path):
        return load_store(source)
    dataset = source.dataset if isinstance(source, LoadedGraph) else source
    if not isinstance(dataset, Dataset):
        raise SpacegraphError(
            f"cannot project a {type(source).__name__}: give a graph folder, a LoadedGraph,"
            " an rdflib Dataset or a pyoxigraph Store"
        )
    return from_nquads(dataset.serialize(format="nquads").encode("utf-8"))


# -- building graphs --------------------------------------------------------------------
def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class _Edge:
    relations: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    contested: bool = False
    lifts: set[str] = field(default_factory=set)


@dataclass
class _Rows:
    nodes: dict[str, dict[str, str]]
    edges: dict[tuple[str, str], _Edge]
    excluded: int


def _run(store: ox.Store, name: str, include_contested: bool) -> _Rows:
    try:
        solutions = query_store(store, projection_query(name))
    except (SyntaxError, OSError) as exc:  # pragma: no cover - the queries are package data
        raise SpacegraphError(f"projection {name!r}: query failed ({exc})") from None
    nodes: dict[str, dict[str, str]] = {}
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    excluded: set[tuple[str, str, str]] = set()
    solutions = cast(ox.QuerySolutions, solutions)  # every projection is a SELECT
    # Solutions are read by position: reading a term by variable name costs about
    # a microsecond each, a few tenths of a second for a million-triple graph.
    at = {v.value: i for i, v in enumerate(solutions.variables)}
    i_node, i_class, i_label = at["node"], at["class"], at["label"]
    i_source, i_target, i_relation = at["source"], at["target"], at["relation"]
    i_contested, i_doc, i_evidence = at["contested"], at["doc"], at["evidence"]
    i_part, i_via = at.get("part"), at.get("via")
    for terms in solutions:
        row = [None if term is None else str(term.value) for term in terms]
        node = row[i_node]
        if node is not None:
            cls = _local(row[i_class] or "")
            attrs = nodes.setdefault(node, {"iri": node, "label": "", "class": cls})
            label = row[i_label] or _local(node)
            # Deterministic choice when documents label or type an entity differently.
            if not attrs["label"] or label < attrs["label"]:
                attrs["label"] = label
            if cls < attrs["class"]:
                attrs["class"] = cls
            if i_part is not None:
                attrs["bipartite"] = row[i_part] or ""
            continue
        source, target, relation = row[i_source], row[i_target], row[i_relation]
        if source is None or target is None or relation is None:
            continue
        contested = row[i_contested] == "true"
        via = row[i_via] if i_via is not None else None
        if contested and not include_contested:
            excluded.add((source, relation, target))
            continue
        if name == "nation":  # a lift: keep its direction and the partOf step, if any
            key = (source, f"{via or ''}\x1f{target}")
        else:
            key = (min(source, target), max(source, target))
        edge = edges[key]
        edge.relations.add(_local(relation))
        edge.documents.add(row[i_doc] or "")
        evidence = row[i_evidence]
        if evidence:
            edge.evidence.add(evidence)
        edge.contested |= contested
    return _Rows(nodes, dict(edges), len(excluded))


def _graph(name: str, rows: _Rows, include_contested: bool) -> nx.Graph:
    G = nx.Graph(projection=name, include_contested=include_contested)
    G.graph["excluded_contested"] = rows.excluded
    for node in sorted(rows.nodes):
        attrs: dict[str, Any] = dict(rows.nodes[node])
        if "bipartite" in attrs:
            attrs["bipartite"] = 0 if attrs["bipartite"] == "actor" else 1
        G.add_node(node, **attrs)
    for (u, v), edge in sorted(rows.edges.items()):
        if u not in G or v not in G:
            continue
        weight = len(edge.documents)
        G.add_edge(
            u,
            v,
            relations=sorted(edge.relations),
            weight=weight,
            distance=1.0 / weight,
            documents=sorted(edge.documents),
            evidence=sorted(edge.evidence),
            contested=edge.contested,
        )
        if edge.lifts:
            G[u][v]["lifts"] = sorted(edge.lifts)
    if name == "mission":  # the bipartite graph lists the actors that take part in missions
        G.remove_nodes_from([n for n, d in G.degree() if d == 0 and G.nodes[n]["bipartite"] == 0])
    return G


def _lift(store: ox.Store, actor: _Rows, include_contested: bool) -> _Rows:
    """Replace each actor edge's endpoints by their nations (see ``nation.rq``)."""
    lifts = _run(store, "nation", include_contested)
    nations = lifts.nodes
    paths: dict[str, set[tuple[str, str]]] = defaultdict(set)  # actor -> {(nation, path)}
    for (source, via_target), edge in lifts.edges.items():
        via, target = via_target.split("\x1f")
        rel = "/".join(sorted(edge.relations))
        steps = [actor.nodes.get(source, {}).get("label", _local(source))]
        if via:
            steps += ["partOf", actor.nodes.get(via, {}).get("label", _local(via))]
        steps += [rel, nations.get(target, {}).get("label", _local(target))]
        paths[source].add((target, " ".join(steps)))
    for nation in nations:
        paths[nation].add((nation, ""))
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    for (u, v), base in actor.edges.items():
        for nu, pu in sorted(paths.get(u, ())):
            for nv, pv in sorted(paths.get(v, ())):
                if nu == nv:
                    continue
                edge = edges[(min(nu, nv), max(nu, nv))]
                edge.relations |= base.relations
                edge.documents |= base.documents
                edge.evidence |= base.evidence
                edge.contested |= base.contested
                edge.lifts.update(p for p in (pu, pv) if p)
    return _Rows(nations, dict(edges), actor.excluded + lifts.excluded)


def project(
    source: ox.Store | Dataset | LoadedGraph | Path | str,
    projection: str = "actor",
    *,
    include_contested: bool = False,
) -> nx.Graph:
    """Build projection ``projection`` of ``source`` as an undirected NetworkX graph.

    Parameters
    ----------
    source : pyoxigraph.Store, rdflib.Dataset, LoadedGraph, or a graph folder
        The knowledge graph, with the ontology (the projections follow
        ``rdfs:subClassOf``).
    projection : {"actor", "nation", "mission"}
        Which projection (see the module docstring).
    include_contested : bool
        Keep facts that some document denies or contradicts (edge attribute
        ``contested`` marks them).

    Returns
    -------
    networkx.Graph
        Nodes keyed by IRI; ``G.graph`` holds ``projection``,
        ``include_contested`` and ``excluded_contested`` (how many contested
        facts were left out).

    Raises
    ------
    UnknownNameError
        If ``projection`` is not one of :data:`PROJECTIONS`.
    """
    check_projection(projection)
    store = to_store(source)
    if projection == "nation":
        rows = _lift(store, _run(store, "actor", include_contested), include_contested)
    else:
        rows = _run(store, projection, include_contested)
    return _graph(projection, rows, include_contested)


def sparql_df(
    source: ox.Store | Dataset | LoadedGraph | Path | str, query: str, **bindings: str
) -> pd.DataFrame:
    """Run a SELECT query over the union of all graphs; one DataFrame column per variable.

    ``bindings`` give IRIs for variables (``entity="https://…"``), substituted
    by Oxigraph, never formatted into the query text; a bound variable must be
    in the SELECT clause. IRIs and literals become
    their string values; unbound values are ``None``.
    """
    store = to_store(source)
    substitutions: dict[ox.Variable, Any] = {
        ox.Variable(k): ox.NamedNode(v) for k, v in bindings.items()
    }
    try:
        solutions = query_store(store, query, substitutions=substitutions)
    except SyntaxError as exc:
        raise SpacegraphError(f"SPARQL syntax error: {exc}") from None
    except RuntimeError as exc:  # e.g. a bound variable missing from the SELECT clause
        raise SpacegraphError(f"SPARQL query failed: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise SpacegraphError("sparql_df needs a SELECT query")
    names = [v.value for v in solutions.variables]
    rows = [[_value(row[name]) for name in names] for row in solutions]
    return pd.DataFrame(rows, columns=names)
