"""The ``spacegraph ingest`` and ``spacegraph conflicts`` commands."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import click

from .cli_common import GRAPH_OPTION, default_graph_dir, reports_errors
from .text import Document

__all__ = ["conflicts", "ingest"]


@click.command("ingest")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@GRAPH_OPTION
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what would be added, corroborated and contradicted; write nothing.",
)
@click.option(
    "--model",
    default=None,
    metavar="NAME",
    help="An installed spaCy model that may add candidate names (optional; none is needed).",
)
@click.option(
    "--qids",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Checked Wikidata identifiers (CSV); default ../shared/reference/wikidata-qids.csv.",
)
@reports_errors(1)
def ingest(
    articles: tuple[Path, ...],
    graph_dir: Path | None,
    dry_run: bool,
    model: str | None,
    qids: Path | None,
) -> None:
    """Extract UTF-8 articles into document graphs (graph/<name>.trig), with evidence.

    Each fact keeps its sentence, the extractor's version and a confidence. A
    document the graph already holds (same SHA-256) is skipped; a changed one
    replaces its own graph only; a curated graph is never overwritten.

    \b
    Example:
        spacegraph ingest ../shared/corpus/change5-mission-record.txt --dry-run
        spacegraph ingest ../shared/corpus/*.txt --graph graph
    """
    from .ingest import ingest as run_ingest

    target = graph_dir or Path("graph")

    def progress(docs: Iterable[Document]) -> Iterable[Document]:
        docs = list(docs)
        if len(docs) < 2 or not sys.stderr.isatty():
            yield from docs
            return
        with click.progressbar(docs, label="ingesting", file=sys.stderr) as bar:
            yield from bar

    results = run_ingest(
        list(articles), target, dry_run=dry_run, model=model, qids=qids, progress=progress
    )
    # One write: a large article's report has tens of thousands of lines, and each
    # click.echo call costs about ten microseconds.
    lines = [line for result in results for line in result.lines(dry_run)]
    if dry_run:
        lines.append("dry run: nothing written")
    click.echo("\n".join(lines))


@click.command("conflicts")
@GRAPH_OPTION
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder with the source documents, to print the sentence behind each claim.",
)
@reports_errors(1)
def conflicts(graph_dir: Path | None, corpus: Path | None) -> None:
    """List the facts documents contradict (with both sentences) and count corroborations.

    \b
    Example:
        spacegraph conflicts --graph graph --corpus ../shared/corpus
    """
    from .conflicts import find_conflicts, format_report
    from .loader import load

    loaded = load(graph_dir or default_graph_dir())
    for line in format_report(find_conflicts(loaded), loaded, corpus):
        click.echo(line)
