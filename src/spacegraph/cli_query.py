"""``spacegraph query`` and ``spacegraph serve``: ask the graph questions in SPARQL."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .cli_common import CORPUS_OPTION, GRAPH_OPTION, default_graph_dir, reports_errors
from .errors import QueryError

__all__ = ["query", "serve"]

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--param {item!r}: expected name=value, e.g. entity=China")
        out[name.strip()] = value
    return out


def _list_queries() -> None:
    from .library import list_queries

    queries = list_queries()
    width = max(len(q.name) for q in queries)
    for q in queries:
        params = " ".join(f"[{p.name}=…]" if p.optional else f"{p.name}=…" for p in q.params)
        click.echo(f"{q.name.ljust(width)}  {q.question}" + (f"  ({params})" if params else ""))


def _resolve_query(spec: str):  # type: ignore[no-untyped-def]
    """A NamedQuery from inline text, a .rq file, ``-`` (stdin) or a library name."""
    from .library import get_query, parse_query_file, query_from_file

    if spec == "-":
        return parse_query_file(sys.stdin.read(), "stdin", "<stdin>")
    if spec.endswith(".rq") or Path(spec).is_file():
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return query_from_file(path)
    if any(c.isspace() for c in spec) or "{" in spec:
        return parse_query_file(spec, "query", "<query>")
    return get_query(spec)


@click.command()
@click.argument("query_spec", metavar="QUERY", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query (repeatable); entities by label, alias or IRI.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output: table, csv, tsv, json, xml (SELECT, ASK); turtle, ntriples (CONSTRUCT).",
)
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
@GRAPH_OPTION
@click.option(
    "--store",
    "store_dir",
    type=click.Path(path_type=Path),
    default=Path("build/store"),
    show_default=True,
    help="Oxigraph store written by spacegraph build; used when it is up to date with --graph.",
)
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="Engine for graph files (rdflib never uses the store).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Ask a remote SPARQL 1.1 endpoint instead of the local graph.",
)
@CORPUS_OPTION
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    default=60.0,
    show_default=True,
    help="Stop a query that runs longer than this many seconds.",
)
@reports_errors(1)
def query(
    query_spec: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_only: bool,
    graph_dir: Path | None,
    store_dir: Path,
    engine: str,
    endpoint: str | None,
    corpus: Path | None,
    timeout: float,
) -> None:
    """Run a SPARQL query: a named question, a .rq file, or inline text.

    Queries see the union of all document graphs, know the project prefixes
    (sg:, sgr:, rdfs:, …) and may not change the graph.

    \b
    Example:
        spacegraph query --list
        spacegraph query missions --param actor=CNSA
        spacegraph query entity-profile -p entity="Chang'e-5" --format csv
        spacegraph query 'SELECT ?m WHERE { ?m a sg:Mission }' --format json
        spacegraph query my-question.rq --endpoint http://127.0.0.1:7878/query
    """
    from .api import load
    from .results import format_result

    if list_only:
        _list_queries()
        return
    if not query_spec:
        raise click.UsageError("give a query (a name, a .rq file or SPARQL text) or --list")
    named = _resolve_query(query_spec)
    values = _params(params)
    if endpoint is None and graph_dir is None:
        graph_dir = default_graph_dir()
    graph = load(
        graph_dir,
        engine=engine,
        store=store_dir,
        endpoint=endpoint,
        corpus=corpus,
        timeout=timeout,
    )
    if graph.note:
        click.echo(f"Note: {graph.note}", err=True)
    result = graph.query(named, timeout=timeout, **values)
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


@click.command()
@click.option(
    "--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="TCP port."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 exposes the endpoint to the network.",
)
@GRAPH_OPTION
@CORPUS_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Build folder holding the store (rebuilt first when out of date).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="The server stops a query that runs longer than this many seconds.",
)
@click.option(
    "--max-result-mb",
    type=click.FloatRange(min=0.001),
    default=100.0,
    show_default=True,
    help="Cut off a result larger than this many megabytes (the client sees it incomplete).",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (browser apps).")
@reports_errors(1)
def serve(
    port: int,
    host: str,
    graph_dir: Path | None,
    corpus: Path | None,
    out_dir: Path,
    timeout: float,
    max_result_mb: float,
    cors: bool,
) -> None:
    """Serve the graph over the SPARQL 1.1 Protocol (read-only) until Ctrl-C.

    Builds the store first if it is missing or out of date, then runs the
    Oxigraph server on it: GET and POST on /query, result formats by the
    Accept header, UPDATE refused, a query page at / that works offline.
    A query past --timeout gets 503 (and the server process running it is
    replaced, so it stops); a result past --max-result-mb is cut off.

    \b
    Example:
        spacegraph serve --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s a sg:Mission }' \\
            http://127.0.0.1:7878/query
    """
    from .serve import interrupt_on_sigterm, prepare_store, running_server

    graph = graph_dir or default_graph_dir()
    store, rebuilt = prepare_store(graph, out_dir, corpus)
    if rebuilt:
        click.echo(f"built {store} from {graph}")
    limit = round(max_result_mb * 1_000_000)
    try:
        with running_server(
            store, host=host, port=port, timeout=timeout, cors=cors, max_result_bytes=limit
        ) as server:
            interrupt_on_sigterm()
            click.echo(f"SPARQL endpoint: {server.endpoint}")
            click.echo(f"query page:      {server.url}")
            click.echo(
                f"read-only, {timeout:g} s and {max_result_mb:g} MB per query; press Ctrl-C to stop"
            )
            sys.stdout.flush()
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass
    click.echo("stopped")
