"""The ``spacegraph`` command line: thin commands over the library.

Each command parses its options, calls one library function and prints the
result. A :class:`SpacegraphError` becomes one ``Error: …`` line on stderr
with exit status 1 (usage errors exit 2, as click does); no traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .cli_common import CORPUS_OPTION, GRAPH_OPTION, default_graph_dir, reports_errors
from .cli_ingest import conflicts, ingest
from .cli_network import export_network_command, rank
from .cli_query import query, serve
from .cli_scale import push, synth
from .cli_viz import viz
from .errors import ValidationError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="spacegraph")
def main() -> None:
    """spacegraph: a knowledge graph of space cooperation, every fact traced to its sentence."""


@main.command()
@GRAPH_OPTION
@CORPUS_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder.",
)
@reports_errors(1)
def build(graph_dir: Path | None, corpus: Path | None, out_dir: Path) -> None:
    """Validate the graph and write TriG, N-Quads, Turtle, JSON-LD and a summary.

    \b
    Example:
        spacegraph build --corpus ../shared/corpus --out build
    """
    from .build import build as run_build
    from .summary import format_summary

    result = run_build(graph_dir or default_graph_dir(), out_dir, corpus)
    click.echo(format_summary(result.summary))
    click.echo(f"wrote {len(result.files)} files to {out_dir}/")


@main.command()
@GRAPH_OPTION
@CORPUS_OPTION
@reports_errors(2)
def validate(graph_dir: Path | None, corpus: Path | None) -> None:
    """Check the graph: SHACL shapes, evidence for every fact, spans (and hashes with --corpus).

    Exit status: 0 conforms, 1 does not conform, 2 error (unreadable input).

    \b
    Example:
        spacegraph validate --graph graph --corpus ../shared/corpus
    """
    from .build import check

    graph = graph_dir or default_graph_dir()
    try:
        loaded, quotes = check(graph, corpus)
    except ValidationError as exc:
        for line in exc.violations:
            click.echo(line)
        click.echo(f"{graph}: does not conform ({len(exc.violations)} problems)")
        sys.exit(1)
    extra = f", {quotes} evidence spans match their documents" if quotes is not None else ""
    click.echo(f"{graph}: conforms ({len(loaded.files)} files{extra})")


for command in (rank, export_network_command, viz, query, serve, synth, push, ingest, conflicts):
    main.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    main()
