"""A fast, deterministic 2-D layout for large graphs, computed in Python.

Above a few hundred nodes a force simulation in the browser keeps the page busy
for seconds to minutes before anything can be clicked. The explorer then ships
fixed positions and turns physics off. NetworkX's spring layout is quadratic
(over a minute for 5,000 nodes), so big components are laid out with pivot MDS
(Brandes and Pich, 2006: classical scaling of the graph distances to a few
pivot nodes, ``O(k·m)``), small ones with the spring layout, and the components
are packed in rows, largest first.

>>> import networkx as nx
>>> pos = layout(nx.path_graph(4))
>>> sorted(pos) == [0, 1, 2, 3]
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import shortest_path

__all__ = ["layout"]

#: Components up to this size use NetworkX's spring layout.
SMALL = 60
#: Pivots for pivot MDS.
PIVOTS = 50
#: Average distance between neighbouring nodes, in page pixels.
SPACING = 60.0


def _pivot_mds(graph: nx.Graph, rng: np.random.Generator) -> np.ndarray:
    nodes = list(graph)
    n = len(nodes)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    # Max-min pivot choice spreads the pivots over the whole component.
    pivots = [int(rng.integers(n))]
    dist = np.empty((0, n))
    nearest = np.full(n, np.inf)
    for _ in range(min(PIVOTS, n)):
        row = shortest_path(matrix, unweighted=True, directed=False, indices=pivots[-1])
        dist = np.vstack([dist, row])
        nearest = np.minimum(nearest, row)
        pivots.append(int(np.argmax(nearest)))
    # Double-centre the squared distances and project onto the top two axes.
    sq = dist.T**2
    centred = sq - sq.mean(axis=0) - sq.mean(axis=1, keepdims=True) + sq.mean()
    u, s, _ = np.linalg.svd(-0.5 * centred, full_matrices=False)
    coords = u[:, :2] * s[:2]
    # Nodes with equal distances to every pivot (leaves of one hub) coincide: spread them.
    coords += rng.normal(scale=0.35, size=coords.shape)
    return coords


def _component(graph: nx.Graph, rng: np.random.Generator) -> np.ndarray:
    n = graph.number_of_nodes()
    if n == 1:
        return np.zeros((1, 2))
    if n <= SMALL:
        pos = nx.spring_layout(graph, seed=int(rng.integers(2**31)), iterations=60)
        coords = np.array([pos[v] for v in graph])
        # spring_layout fits into [-1, 1]; rescale so edges are about one unit long.
        return coords * math.sqrt(n) * 0.8
    return _pivot_mds(graph, rng)


def layout(graph: nx.Graph, *, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Positions in page pixels for every node of ``graph``, the same for every run."""
    rng = np.random.default_rng(seed)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(undirected)),
        key=lambda c: (-len(c), str(c[0])),
    )
    placed: list[tuple[list[Hashable], np.ndarray]] = []
    for comp in components:
        coords = _component(undirected.subgraph(comp), rng)
        coords = coords - coords.mean(axis=0)
        placed.append((comp, coords))
    # Shelf packing: fill rows of roughly the width of the whole drawing, largest first.
    total = sum(
        max(1.0, float(np.ptp(c[:, 0])) + 2) * (float(np.ptp(c[:, 1])) + 2) for _, c in placed
    )
    width = max(math.sqrt(total) * 1.2, 4.0)
    positions: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for comp, coords in placed:
        w = float(np.ptp(coords[:, 0])) + 2
        h = float(np.ptp(coords[:, 1])) + 2
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        origin = np.array([x, y]) - coords.min(axis=0) + 1
        for node, (px, py) in zip(comp, coords + origin, strict=True):
            positions[node] = (round(px * SPACING, 1), round(py * SPACING, 1))
        x += w
        row_height = max(row_height, h)
    # Centre the drawing on the origin.
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {v: (round(px - cx, 1), round(py - cy, 1)) for v, (px, py) in positions.items()}
