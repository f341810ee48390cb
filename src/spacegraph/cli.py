"""The ``spacegraph`` command line: thin commands over the library.

Each command parses its options, calls one library function and prints the
result. A :class:`SpacegraphError` becomes one ``Error: …`` line on stderr
with exit status 1 (usage errors exit 2, as click does); no traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import SpacegraphError, ValidationError
from .paths import embedded_graph_dir

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(exit_code: int = 1) -> Callable[[F], F]:
    """Turn SpacegraphError into ``Error: …`` and an exit status; Ctrl-C into exit 130."""

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except ValidationError as exc:
                for line in exc.violations:
                    click.echo(f"Violation: {line}", err=True)
                click.echo(f"Error: {exc}", err=True)
                sys.exit(exit_code)
            except SpacegraphError as exc:
                click.echo(f"Error: {exc}", err=True)
                sys.exit(exit_code)
            except KeyboardInterrupt as exc:
                # Held back while outputs move into place (atomic.py), a Ctrl-C can
                # land just after them; it then says so instead of "left as they were".
                done = f" ({exc.args[0]})" if exc.args else "; outputs left as they were"
                click.echo(f"Error: interrupted{done}", err=True)
                sys.exit(130)
            except OSError as exc:
                # A system error no library check anticipated (a disk that fails
                # mid-read, a vanished network mount): still one line, no traceback.
                where = f"{exc.filename}: " if exc.filename else ""
                click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
                sys.exit(exit_code)

        return inner  # type: ignore[return-value]

    return wrap


def default_graph_dir() -> Path:
    """``./graph`` when it exists, else the graph shipped with spacegraph."""
    local = Path("graph")
    return local if local.is_dir() else embedded_graph_dir()


# Annotated: the command modules imported at the bottom of this file import it back.
GRAPH_OPTION: Callable[[F], F] = click.option(
    "--graph",
    "graph_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Graph folder of .trig files (default: ./graph, else the embedded first-article graph).",
)
CORPUS_OPTION = click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder with the source documents; checks each span's document hash and adds quotes.",
)


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


# Commands defined in other modules (imported last: they import from this one).
from .cli_network import export_network_command, rank  # noqa: E402

main.add_command(rank)
main.add_command(export_network_command)

from .cli_viz import viz  # noqa: E402

main.add_command(viz)

from .cli_query import query, serve  # noqa: E402

main.add_command(query)
main.add_command(serve)

from .cli_scale import push, synth  # noqa: E402

main.add_command(synth)
main.add_command(push)

from .cli_ingest import conflicts, ingest  # noqa: E402

main.add_command(ingest)
main.add_command(conflicts)

if __name__ == "__main__":  # pragma: no cover
    main()
