"""The ``spacegraph`` command line: thin commands over the library.

Each command parses its options, calls one library function and prints the
result. A :class:`SpacegraphError` becomes one ``Error: …`` line on stderr
with exit status 1 (usage errors exit 2, as click does); no traceback.

The commands that live in their own modules are imported when they run (or
when ``--help`` lists them), not at start-up: ``spacegraph ingest`` need not
load pandas, SciPy and NetworkX, which ``viz`` imports and which took longer
than ingesting a small article.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from . import __version__
from .cli_common import CORPUS_OPTION, GRAPH_OPTION, default_graph_dir, reports_errors
from .errors import ValidationError

#: Command name → ``module:attribute`` of the commands defined in other modules.
_LAZY_COMMANDS = {
    "conflicts": "cli_ingest:conflicts",
    "export-network": "cli_network:export_network_command",
    "ingest": "cli_ingest:ingest",
    "push": "cli_scale:push",
    "query": "cli_query:query",
    "rank": "cli_network:rank",
    "serve": "cli_query:serve",
    "synth": "cli_scale:synth",
    "viz": "cli_viz:viz",
}


class _LazyGroup(click.Group):
    """A command group that imports a command's module only when the command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module, attribute = _LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def run() -> None:
    """The ``spacegraph`` program: the command group, then a quick exit (see :mod:`.exiting`)."""
    from .exiting import run_then_exit

    run_then_exit(main)


if __name__ == "__main__":  # pragma: no cover
    run()
