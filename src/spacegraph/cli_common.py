"""What every ``spacegraph`` command shares: the error reporter and the common options.

Kept apart from :mod:`spacegraph.cli` (which assembles the command group) so
that each command module imports it without importing the group back.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
            except BrokenPipeError:
                # The reader went away (`spacegraph … | head`): stop quietly, as Unix tools
                # do, with the status a shell gives a process SIGPIPE ends; stdout goes to
                # /dev/null so the interpreter's own flush at exit finds no closed pipe.
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, sys.stdout.fileno())
                sys.exit(141)
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
