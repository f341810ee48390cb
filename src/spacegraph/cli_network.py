"""``spacegraph rank`` and ``spacegraph export-network``: network analysis from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli_common import GRAPH_OPTION, default_graph_dir, reports_errors
from .errors import UnknownNameError

__all__ = ["export_network_command", "rank"]


def _projection(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .network import check_projection

    try:
        return check_projection(value)
    except UnknownNameError as exc:
        raise click.BadParameter(str(exc)) from None


def _measures(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    from .measures import MEASURES, check_measures

    names = [n.strip() for v in value for n in v.split(",") if n.strip()]
    try:
        return check_measures(names or list(MEASURES))
    except UnknownNameError as exc:
        raise click.BadParameter(str(exc)) from None


PROJECTION_OPTION = click.option(
    "--projection",
    default="actor",
    show_default=True,
    callback=_projection,
    help="Which projection: actor, nation (actors lifted to their nation) or mission"
    " (bipartite actor-mission).",
)
CONTESTED_OPTION = click.option(
    "--include-contested",
    is_flag=True,
    help="Keep facts that a document denies or contradicts (left out by default).",
)


@click.command()
@GRAPH_OPTION
@PROJECTION_OPTION
@click.option(
    "--measure",
    "measures",
    multiple=True,
    callback=_measures,
    help="Measure(s) to compute, repeatable or comma-separated; the table is sorted by the"
    " first. One of: degree, weighted_degree, betweenness, closeness, harmonic, eigenvector,"
    " pagerank, community. Default: all, sorted by degree.",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Show the top N nodes (0: all).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@CONTESTED_OPTION
@click.option(
    "--backend",
    default=None,
    help="NetworkX backend to run the measures with, e.g. 'parallel' (nx-parallel, several"
    " cores); measures it lacks run in NetworkX.",
)
@click.option(
    "--k",
    "k",
    type=click.IntRange(min=1),
    default=None,
    help="Estimate betweenness from K sampled source nodes (faster on large graphs).",
)
@click.option(
    "--seed",
    type=int,
    default=42,
    show_default=True,
    help="Seed of Louvain communities and sampled betweenness, so results repeat.",
)
@click.option(
    "--write",
    "write_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write every node's scores as RDF (TriG, named graph sgr:graph/analysis)"
    " to this file, e.g. build/analysis.trig, for SPARQL.",
)
@reports_errors(1)
def rank(
    graph_dir: Path | None,
    projection: str,
    measures: list[str],
    top: int,
    fmt: str,
    include_contested: bool,
    backend: str | None,
    k: int | None,
    seed: int,
    write_path: Path | None,
) -> None:
    """Rank the nodes of a projection by centrality; communities by Louvain.

    Edges weigh the number of documents that support them; betweenness,
    closeness and harmonic centrality read 1/weight as the length of an edge.

    \b
    Example:
        spacegraph rank --projection nation --measure pagerank,betweenness --top 5
        spacegraph rank --measure community --format csv > communities.csv
        spacegraph rank --backend parallel --k 500 --write build/analysis.trig
    """
    import pandas as pd

    from .atomic import atomic_write
    from .measures import centrality_table, measures_to_rdf
    from .network import project

    G = project(graph_dir or default_graph_dir(), projection, include_contested=include_contested)
    table = centrality_table(G, measures, backend=backend, k=k, seed=seed)
    if write_path is not None:
        from rdflib import Dataset

        from .vocab import bind_prefixes

        scores = measures_to_rdf(table, projection)
        dataset = Dataset()
        bind_prefixes(dataset)
        target = dataset.graph(scores.identifier)
        for triple in scores:
            target.add(triple)
        atomic_write(write_path, dataset.serialize(format="trig"))
    shown = table.head(top) if top else table
    shown = shown.reset_index()
    if fmt == "csv":
        click.echo(shown.to_csv(index=False, lineterminator="\n"), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(shown.to_dict(orient="records"), indent=2, ensure_ascii=False))
    else:
        shown = shown.drop(columns=["node"])
        shown.index = pd.RangeIndex(1, len(shown) + 1)
        click.echo(shown.to_string(float_format=lambda x: f"{x:.4f}"))
        click.echo(
            f"{projection} projection: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
            + (
                f"; {G.graph['excluded_contested']} contested facts left out"
                if G.graph.get("excluded_contested")
                else ""
            )
        )
    if write_path is not None:
        click.echo(f"wrote {write_path}", err=True)


@click.command("export-network")
@GRAPH_OPTION
@PROJECTION_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv"]),
    default="graphml",
    show_default=True,
    help="graphml (Gephi, Cytoscape, igraph, R), gexf (Gephi) or csv (nodes and edges tables).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Output folder; files are named after the projection (actor-network.graphml, ...).",
)
@CONTESTED_OPTION
@click.option(
    "--measures/--no-measures",
    default=True,
    show_default=True,
    help="Add every centrality measure and the community to the nodes.",
)
@reports_errors(1)
def export_network_command(
    graph_dir: Path | None,
    projection: str,
    fmt: str,
    out_dir: Path,
    include_contested: bool,
    measures: bool,
) -> None:
    """Write a projection as GraphML, GEXF or CSV for Gephi, Cytoscape or R.

    List attributes (relations, documents, evidence) become one string with
    "; " between the items.

    \b
    Example:
        spacegraph export-network --projection nation --format gexf --out build
        spacegraph export-network --format csv --no-measures
    """
    from .measures import centrality_table
    from .netexport import export_network
    from .network import project

    G = project(graph_dir or default_graph_dir(), projection, include_contested=include_contested)
    table = centrality_table(G) if measures else None
    for path in export_network(G, fmt, out_dir, table=table):
        click.echo(f"wrote {path}")
