"""Figures of projections and centrality tables, with titles and labelled axes.

Used by the notebooks, so that no drawing logic lives in a notebook. Every
function returns a :class:`matplotlib.figure.Figure`; layouts are seeded, so
the same graph gives the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from .measures import MEASURES, check_measures

__all__ = ["bar_charts", "draw_network", "top_side_by_side"]


def top_side_by_side(table: pd.DataFrame, measures: Sequence[str], top: int = 5) -> pd.DataFrame:
    """The ``top`` nodes by each measure, side by side: one column per measure, rows by rank."""
    columns = {}
    for name in check_measures(measures):
        ordered = table.sort_values([name, "label"], ascending=[False, True], kind="mergesort")
        columns[name] = [
            f"{label} ({value:.3g})"
            for label, value in zip(ordered["label"][:top], ordered[name][:top], strict=True)
        ]
    out = pd.DataFrame(columns)
    out.index = pd.RangeIndex(1, len(out) + 1, name="rank")
    return out


def bar_charts(
    table: pd.DataFrame, measures: Sequence[str], *, top: int = 8, title: str = ""
) -> Figure:
    """One horizontal bar chart per measure, the ``top`` nodes of each, highest at the top."""
    names = check_measures(measures)
    fig, axes = plt.subplots(1, len(names), figsize=(5.2 * len(names), 0.45 * top + 1.8))
    axes_list = [axes] if len(names) == 1 else list(axes)
    for ax, name in zip(axes_list, names, strict=True):
        ordered = table.sort_values([name, "label"], ascending=[False, True], kind="mergesort")
        ordered = ordered.head(top).iloc[::-1]
        ax.barh(ordered["label"], ordered[name], color="#4c72b0")
        ax.set_title(name.replace("_", " "))
        ax.set_xlabel(f"{name.replace('_', ' ')}: {MEASURES[name][1]}", fontsize=8, wrap=True)
        ax.set_ylabel("node")
        ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(title or "Most central nodes")
    fig.tight_layout()
    return fig


def draw_network(
    G: nx.Graph,
    table: pd.DataFrame,
    *,
    size_by: str = "pagerank",
    colour_by: str | None = None,
    title: str = "",
    seed: int = 42,
) -> Figure:
    """Draw ``G`` with node area proportional to ``size_by``; colour by ``colour_by`` (community).

    Edge width grows with ``weight`` (supporting documents).
    """
    check_measures([size_by] + ([colour_by] if colour_by else []))
    fig, ax = plt.subplots(figsize=(10, 7.5))
    pos = nx.spring_layout(G, seed=seed, weight="weight", k=1.6 / max(len(G), 1) ** 0.5)
    values = table[size_by].reindex(list(G.nodes)).fillna(0.0)
    top = float(values.max()) or 1.0
    sizes = [200 + 2800 * float(v) / top for v in values]
    colour: dict[str, object] = {"node_color": "#9ecae1"}
    if colour_by:
        codes = [int(c) for c in table[colour_by].reindex(list(G.nodes)).fillna(-1)]
        colour = {"node_color": codes, "cmap": "tab10", "vmin": 0, "vmax": 9}
    widths = [0.8 + 1.2 * (d.get("weight", 1) - 1) for _, _, d in G.edges(data=True)]
    nx.draw_networkx_edges(G, pos, ax=ax, width=widths, edge_color="#999999")
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=sizes, edgecolors="#333333", **colour)
    if colour_by:
        cmap = plt.get_cmap("tab10")
        handles = [
            plt.Line2D(
                [], [], marker="o", linestyle="", color=cmap(c % 10), label=f"{colour_by} {c}"
            )
            for c in sorted(set(codes))
        ]
        ax.legend(handles=handles, loc="lower left", fontsize=8, title=colour_by)
    labels = {n: G.nodes[n].get("label", n) for n in G}
    nx.draw_networkx_labels(G, pos, labels=labels, ax=ax, font_size=9)
    ax.set_title(title or f"{G.graph.get('projection', '')} graph, node size by {size_by}")
    ax.set_xlabel(f"node area: {size_by.replace('_', ' ')}; edge width: supporting documents")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.margins(0.12)
    fig.tight_layout()
    return fig
