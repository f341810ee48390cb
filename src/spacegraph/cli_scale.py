"""``spacegraph synth`` and ``spacegraph push``: synthetic graphs, and loading a server."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import reports_errors
from .errors import SpacegraphError

__all__ = ["push", "synth"]


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from .synth import parse_size

    if value is None:
        return None
    try:
        return parse_size(value)
    except SpacegraphError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.option(
    "--triples",
    required=True,
    callback=_size,
    help="About how many triples to write: a count such as 10000, 10k or 1M (200 to 50M).",
)
@click.option(
    "--documents",
    "n_documents",
    callback=_size,
    default=None,
    help="How many documents (named graphs) to spread them over (default: one per 1000"
    " triples; each needs at least 100 triples).",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed: the same seed and sizes give byte-identical files.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write graph/ and corpus/ into (both replaced if present).",
)
@reports_errors(1)
def synth(triples: int, n_documents: int | None, seed: int, out_dir: Path) -> None:
    """Write a synthetic graph folder (and its documents) for benchmarks and scale tests.

    The graph has the project's own format (one named graph per document, a
    claim with an evidence span for every stated triple), a scale-free degree
    distribution, corroborated facts, conflicting launch dates and denied
    participations.

    \b
    Example:
        spacegraph synth --triples 100k --seed 1 --out /tmp/synth
        spacegraph build --graph /tmp/synth/graph --corpus /tmp/synth/corpus --out /tmp/synth/build
    """
    from .synth import check_sizes, synthesise

    try:
        check_sizes(triples, n_documents)  # type: ignore[arg-type]
    except SpacegraphError as exc:
        raise click.UsageError(str(exc)) from None
    result = synthesise(out_dir, triples, n_documents=n_documents, seed=seed)  # type: ignore[arg-type]
    click.echo(
        f"wrote {result.triples} triples in {result.documents} documents"
        f" ({result.entities} entities) to {out_dir}/graph/, their texts to {out_dir}/corpus/"
    )


@click.command()
@click.option(
    "--endpoint",
    default=None,
    help="The server's SPARQL query endpoint (its graph store is derived for Oxigraph,"
    " /query -> /store, and Fuseki, /<dataset>/sparql -> /<dataset>/data).",
)
@click.option(
    "--graph-store",
    default=None,
    help="The server's SPARQL 1.1 Graph Store HTTP Protocol URL (GraphDB:"
    " /repositories/<id>/rdf-graphs/service, Virtuoso: /sparql-graph-crud-auth).",
)
@click.option(
    "--build",
    "build_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="The build folder whose spacegraph.nq is pushed.",
)
@click.option("--force", is_flag=True, help="Send every graph, even those pushed unchanged.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=120.0,
    show_default=True,
    help="Seconds to wait for the server on each request.",
)
@reports_errors(1)
def push(
    endpoint: str | None, graph_store: str | None, build_dir: Path, force: bool, timeout: float
) -> None:
    """Load the built dataset into a SPARQL server, one named graph per document.

    Sends each named graph of BUILD/spacegraph.nq with an HTTP PUT (SPARQL 1.1
    Graph Store HTTP Protocol), only those that changed since the last push to
    the same server (recorded in BUILD/push-manifest.json), and deletes graphs
    no longer built. Query the server afterwards with spacegraph query
    --endpoint.

    \b
    Example:
        oxigraph serve --location /tmp/sg --bind 127.0.0.1:7878 --union-default-graph &
        spacegraph build && spacegraph push --endpoint http://127.0.0.1:7878/query
        spacegraph query cooperation --endpoint http://127.0.0.1:7878/query
    """
    from .push import push as run_push

    if endpoint is None and graph_store is None:
        raise click.UsageError("give --endpoint or --graph-store: where to push the graphs")
    result = run_push(
        build_dir, endpoint=endpoint, graph_store=graph_store, force=force, timeout=timeout
    )
    click.echo(
        f"pushed {len(result.sent)} graphs ({result.triples} triples) to {result.graph_store};"
        f" {len(result.unchanged)} unchanged, {len(result.deleted)} deleted"
    )
