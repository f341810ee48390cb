"""Write a projection for other network tools: GraphML, GEXF, or two CSV tables.

GraphML and GEXF hold only scalar attributes, so list attributes
(``relations``, ``documents``, ``evidence``, ``lifts``) become one string with
``"; "`` between the items. Every file is written through
:func:`spacegraph.atomic.atomic_write`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from .atomic import atomic_write
from .errors import UnknownNameError

__all__ = ["EXPORT_FORMATS", "export_network", "flat_graph"]

#: Export format → what it is for.
EXPORT_FORMATS: dict[str, str] = {
    "graphml": "GraphML, for Gephi, Cytoscape, igraph and R",
    "gexf": "GEXF, Gephi's own format",
    "csv": "two tables, <projection>-nodes.csv and <projection>-edges.csv",
}


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return value


def flat_graph(G: nx.Graph, table: pd.DataFrame | None = None) -> nx.Graph:
    """A copy of ``G`` with scalar attributes only, plus the columns of ``table`` on its nodes."""
    H = nx.Graph()
    H.graph.update({k: _flat(v) for k, v in G.graph.items()})
    for n, data in G.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items()}
        if table is not None and n in table.index:
            for col in table.columns:
                if col not in ("label", "class"):
                    value: Any = table.at[n, col]
                    attrs[col] = value.item() if hasattr(value, "item") else value
        H.add_node(n, **attrs)
    for u, v, data in G.edges(data=True):
        H.add_edge(u, v, **{k: _flat(x) for k, x in data.items()})
    return H


def export_network(
    G: nx.Graph, fmt: str, out_dir: Path, *, table: pd.DataFrame | None = None
) -> list[Path]:
    """Write ``G`` (with ``table``'s measures on its nodes) to ``out_dir``; return the files.

    Files are named after the projection: ``actor-network.graphml``,
    ``actor-network.gexf``, or ``actor-nodes.csv`` and ``actor-edges.csv``.
    """
    if fmt not in EXPORT_FORMATS:
        raise UnknownNameError(
            f"unknown export format {fmt!r}; valid formats: {', '.join(EXPORT_FORMATS)}"
        )
    H = flat_graph(G, table)
    name = str(G.graph.get("projection", "network"))
    if fmt == "csv":
        nodes = pd.DataFrame(
            [{"id": n, **d} for n, d in H.nodes(data=True)],
        )
        edges = pd.DataFrame([{"source": u, "target": v, **d} for u, v, d in H.edges(data=True)])
        out = [out_dir / f"{name}-nodes.csv", out_dir / f"{name}-edges.csv"]
        atomic_write(out[0], nodes.to_csv(index=False, lineterminator="\n"))
        atomic_write(out[1], edges.to_csv(index=False, lineterminator="\n"))
        return out
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(H, buffer, encoding="utf-8")
    else:
        nx.write_gexf(H, buffer, encoding="utf-8")
    path = out_dir / f"{name}-network.{fmt}"
    atomic_write(path, buffer.getvalue())
    return [path]
