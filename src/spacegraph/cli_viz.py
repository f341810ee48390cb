"""``spacegraph viz``: write the graph explorer, one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import CORPUS_OPTION, GRAPH_OPTION, default_graph_dir, reports_errors
from .viz import MEASURES, PROJECTIONS


@click.command("viz")
@GRAPH_OPTION
@CORPUS_OPTION
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("spacegraph.html"),
    show_default=True,
    help="HTML file to write (nothing else is written: no lib/ folder).",
)
@click.option("--focus", default=None, help="Draw only the neighbourhood of this label or alias.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Steps from --focus to include.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="Keep only the N most central nodes (by --size-by); the page says so.",
)
@click.option(
    "--size-by",
    type=click.Choice(MEASURES),
    default="degree",
    show_default=True,
    help="Centrality that sizes the nodes.",
)
@click.option(
    "--projection",
    type=click.Choice(PROJECTIONS),
    default="full",
    show_default=True,
    help="full: every entity and relation; actor, nation, mission: the network projections.",
)
@reports_errors(1)
def viz(
    graph_dir: Path | None,
    corpus: Path | None,
    out_file: Path,
    focus: str | None,
    depth: int,
    top: int | None,
    size_by: str,
    projection: str,
) -> None:
    """Write the interactive graph explorer: search, filters, the evidence behind each edge.

    The page works offline (vis-network is inlined); with --corpus, each fact
    shows the sentence of the document that states it.

    \b
    Example:
        spacegraph viz --corpus ../shared/corpus --focus "Chang'e-5" --depth 2 --out change5.html
    """
    from .evidence import resolve_evidence
    from .loader import load
    from .viz import explore, write_html

    loaded = load(graph_dir or default_graph_dir())
    if corpus is not None:
        resolve_evidence(loaded, corpus)  # the quotes go into loaded.store
    page = explore(
        loaded.store,
        loaded.ontology,
        projection=projection,
        focus=focus,
        depth=depth,
        top=top,
        size_by=size_by,
    )
    write_html(out_file, page.html)
    click.echo(f"wrote {out_file} ({page.summary})")
