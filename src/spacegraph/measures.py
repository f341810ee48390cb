"""Centrality and communities of a projection, as a table and as RDF.

Every measure is one call of a NetworkX function, so NetworkX's dispatch can
hand it to a backend (``backend="parallel"`` for nx-parallel, a GPU backend,
...): :func:`centrality_table` runs the calls with that backend first in
``nx.config.backend_priority``, and NetworkX runs any call the backend does
not implement itself.

Weights: ``weight`` (number of supporting documents) is a strength for
weighted degree, eigenvector, PageRank and Louvain; ``distance``
(``1 / weight``) is a length for betweenness, closeness and harmonic
centrality, so a better-attested link is a shorter one.

>>> import networkx as nx
>>> G = nx.star_graph(3)  # node 0 linked to 1, 2 and 3
>>> nx.set_edge_attributes(G, 1, "weight"); nx.set_edge_attributes(G, 1.0, "distance")
>>> table = centrality_table(G, ["degree", "betweenness"])
>>> table["degree"].to_dict()
{0: 3, 1: 1, 2: 1, 3: 1}
>>> table["betweenness"].to_dict()
{0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import RDF, XSD, Graph, Literal, URIRef

from .errors import SpacegraphError, UnknownNameError
from .iri import short_hash
from .vocab import BASE, SG, bind_prefixes

__all__ = [
    "ANALYSIS_GRAPH",
    "MEASURES",
    "betweenness",
    "centrality_table",
    "check_backend",
    "check_measures",
    "closeness",
    "communities",
    "degree",
    "eigenvector",
    "harmonic",
    "measures_to_rdf",
    "pagerank",
    "weighted_degree",
]

#: Named graph that holds analysis results.
ANALYSIS_GRAPH = URIRef(BASE + "graph/analysis")

#: Seed of every randomised measure (Louvain, sampled betweenness), so results repeat.
DEFAULT_SEED = 42

Scores = dict[Any, float]


def degree(G: nx.Graph) -> Scores:
    """Number of neighbours of each node."""
    return {n: float(d) for n, d in G.degree()}


def weighted_degree(G: nx.Graph) -> Scores:
    """Sum of the ``weight`` (supporting documents) of each node's edges."""
    return {n: float(d) for n, d in G.degree(weight="weight")}


def betweenness(G: nx.Graph, *, k: int | None = None, seed: int = DEFAULT_SEED) -> Scores:
    """Normalised betweenness on ``distance``; ``k`` samples that many source nodes."""
    if k is not None and k >= len(G):
        k = None
    return nx.betweenness_centrality(G, k=k, normalized=True, weight="distance", seed=seed)


def closeness(G: nx.Graph) -> Scores:
    """Closeness on ``distance`` (Wasserman–Faust, scaled by the reachable share)."""
    return nx.closeness_centrality(G, distance="distance")


def harmonic(G: nx.Graph) -> Scores:
    """Harmonic centrality on ``distance``: sum of 1/d over the other nodes."""
    return nx.harmonic_centrality(G, distance="distance")


def eigenvector(G: nx.Graph) -> Scores:
    """Eigenvector centrality with ``weight`` as strength."""
    try:
        return nx.eigenvector_centrality(G, weight="weight", max_iter=10_000, tol=1e-9)
    except nx.PowerIterationFailedConvergence:
        raise SpacegraphError(
            "eigenvector centrality did not converge in 10000 iterations;"
            " leave it out with --measure"
        ) from None


def pagerank(G: nx.Graph) -> Scores:
    """PageRank (damping 0.85) with ``weight`` as strength."""
    return nx.pagerank(G, weight="weight")


def communities(G: nx.Graph, *, seed: int = DEFAULT_SEED) -> Scores:
    """Louvain communities (seeded), numbered 0, 1, … from the largest down."""
    found = nx.community.louvain_communities(G, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {n: float(i) for i, members in enumerate(ordered) for n in members}


#: Measure name → (function, one-line description).
MEASURES: dict[str, tuple[Callable[..., Scores], str]] = {
    "degree": (degree, "number of neighbours"),
    "weighted_degree": (weighted_degree, "sum of supporting documents over the edges"),
    "betweenness": (betweenness, "share of shortest paths through the node (on distance)"),
    "closeness": (closeness, "inverse mean distance to reachable nodes"),
    "harmonic": (harmonic, "sum of inverse distances to the other nodes"),
    "eigenvector": (eigenvector, "linked to nodes that are themselves central (on weight)"),
    "pagerank": (pagerank, "random-walk importance (on weight)"),
    "community": (communities, "Louvain community number, 0 the largest (seeded)"),
}


def check_measures(names: Iterable[str]) -> list[str]:
    """The measures asked for, each checked; raises :class:`UnknownNameError` listing valid ones.

    >>> check_measures(["pagerank", "degree"])
    ['pagerank', 'degree']
    >>> check_measures(["page_rank"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spacegraph.errors.UnknownNameError: unknown measure 'page_rank'; valid measures: degree, ...
    """
    out: list[str] = []
    for name in names:
        if name not in MEASURES:
            valid = ", ".join(MEASURES)
            raise UnknownNameError(f"unknown measure {name!r}; valid measures: {valid}")
        if name not in out:
            out.append(name)
    return out


def check_backend(backend: str | None) -> str | None:
    """Check that NetworkX backend ``backend`` is installed and loads.

    Raises :class:`UnknownNameError` listing the installed backends, or
    :class:`SpacegraphError` when the backend is installed but fails to load
    (for instance, built for another NetworkX version).
    """
    if backend is None or backend == "networkx":
        return None
    installed = nx.utils.backends.backends
    if backend not in installed:
        names = ", ".join(["networkx", *sorted(installed)])
        raise UnknownNameError(
            f"unknown NetworkX backend {backend!r}; installed backends: {names}"
            " (nx-parallel provides 'parallel': pip install 'spacegraph[parallel]')"
        )
    try:
        nx.utils.backends._load_backend(backend)
    except Exception as exc:  # a broken backend install: say which and why, in one line
        raise SpacegraphError(
            f"NetworkX backend {backend!r} is installed but does not load with networkx"
            f" {nx.__version__}: {type(exc).__name__}: {exc}; install a version of it made"
            " for this NetworkX, or run without --backend"
        ) from None
    return backend


@contextlib.contextmanager
def _backend(backend: str | None) -> Iterator[None]:
    """Run the block with ``backend`` first in NetworkX's dispatch, then put the config back.

    - The priority is saved and restored by hand: on NetworkX 3.4,
      ``nx.config(backend_priority=[...])`` changes the priority object in place,
      so leaving the ``with`` block kept the backend first for every later call.
    - A backend with an ``active`` switch in its config (nx-parallel) is switched
      on, with ``n_jobs=-1`` (every core) unless it has a number of jobs:
      nx-parallel 0.3 is off by default and then runs on one core.
    - Converted graphs are not cached on ``G``: a cached conversion could be
      stale once the caller changes ``G``, and NetworkX warns each time one is
      reused (nx-parallel's conversion only wraps ``G``, so nothing is lost).
    """
    if backend is None:
        yield
        return
    config = nx.config
    priority = config.backend_priority
    split = hasattr(priority, "algos")  # NetworkX >= 3.4; a plain list in 3.3
    saved_priority = list(priority.algos if split else priority)
    saved_cache = getattr(config, "cache_converted_graphs", None)
    options = getattr(config.backends, backend, None)
    try:
        if split:
            priority.algos = [backend]
        else:
            config.backend_priority = [backend]
        if saved_cache is not None:
            config.cache_converted_graphs = False
        if options is not None and not getattr(options, "active", True):
            with options(active=True, n_jobs=getattr(options, "n_jobs", None) or -1):
                yield
        else:
            yield
    finally:
        if split:
            priority.algos = saved_priority
        else:
            config.backend_priority = saved_priority
        if saved_cache is not None:
            config.cache_converted_graphs = saved_cache


def centrality_table(
    G: nx.Graph,
    measures: Sequence[str] | None = None,
    *,
    backend: str | None = None,
    k: int | None = None,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Compute ``measures`` (default: all) of ``G`` as a DataFrame, one row per node.

    Parameters
    ----------
    G : networkx.Graph
        A projection (:func:`spacegraph.network.project`), or any graph whose
        edges have ``weight`` and ``distance``.
    measures : list of str, optional
        Names from :data:`MEASURES`; the table is sorted by the first one,
        highest first (ties by label).
    backend : str, optional
        A NetworkX backend to try first for every measure (``"parallel"``).
    k : int, optional
        Sample ``k`` source nodes for betweenness (faster on large graphs).
    seed : int
        Seed of Louvain and sampled betweenness.

    Returns
    -------
    pandas.DataFrame
        Indexed by node (``node``), with columns ``label``, ``class`` and one
        per measure (``degree`` and ``community`` are integers).

    Raises
    ------
    EmptyProjectionError
        If ``G`` has no edges.
    """
    from .network import EmptyProjectionError

    names = check_measures(measures or list(MEASURES))
    if G.number_of_edges() == 0:
        what = G.graph.get("projection", "the")
        raise EmptyProjectionError(
            f"{what} projection has no edges ({G.number_of_nodes()} nodes): nothing to rank;"
            " check the graph folder, or use --include-contested if facts were left out"
        )
    backend = check_backend(backend)
    columns: dict[str, Scores] = {}
    with _backend(backend):
        for name in names:
            func = MEASURES[name][0]
            if name == "betweenness":
                columns[name] = func(G, k=k, seed=seed)
            elif name == "community":
                columns[name] = func(G, seed=seed)
            else:
                columns[name] = func(G)
    nodes = list(G.nodes)
    df = pd.DataFrame(
        {
            "label": [G.nodes[n].get("label", str(n)) for n in nodes],
            "class": [G.nodes[n].get("class", "") for n in nodes],
            **{name: [columns[name][n] for n in nodes] for name in names},
        },
        index=pd.Index(nodes, name="node"),
    )
    for name in ("degree", "community"):
        if name in df:
            df[name] = df[name].astype(int)
    first = names[0]
    ascending = first == "community"
    return df.sort_values([first, "label"], ascending=[ascending, True], kind="mergesort")


def measures_to_rdf(
    df: pd.DataFrame, projection: str, *, computed_on: dt.date | None = None
) -> Graph:
    """The table as ``sg:CentralityScore`` nodes in the named graph :data:`ANALYSIS_GRAPH`.

    One score per node and measure: ``sg:node``, ``sg:measure`` and
    ``sg:projection`` (plain literals such as ``"pagerank"`` and ``"actor"``),
    ``sg:value`` (``xsd:double``), ``sg:rank`` (1 is the highest; ties share
    the lower rank) and ``sg:computedOn`` (``xsd:date``). For the measure
    ``community``, ``sg:community`` (``xsd:integer``) takes the place of value
    and rank. Score IRIs derive from projection, measure and node, so the same
    table gives the same graph.
    """
    day = Literal((computed_on or dt.date.today()).isoformat(), datatype=XSD.date)
    graph = Graph(identifier=ANALYSIS_GRAPH)
    bind_prefixes(graph)
    measures = [c for c in df.columns if c in MEASURES]
    proj = Literal(projection)
    for name in measures:
        ranks = df[name].rank(method="min", ascending=False).astype(int).to_dict()
        for node, value in df[name].items():
            score = URIRef(f"{BASE}analysis/{projection}/{name}/{short_hash(node)}")
            graph.add((score, SG.node, URIRef(str(node))))
            graph.add((score, SG.measure, Literal(name)))
            graph.add((score, SG.projection, proj))
            graph.add((score, SG.computedOn, day))
            graph.add((score, RDF.type, SG.CentralityScore))
            if name == "community":
                graph.add((score, SG.community, Literal(int(value), datatype=XSD.integer)))
            else:
                graph.add((score, SG.value, Literal(float(value), datatype=XSD.double)))
                graph.add((score, SG.rank, Literal(int(ranks[node]), datatype=XSD.integer)))
    return graph
