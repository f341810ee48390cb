"""``spacegraph synth`` and ``spacegraph push``: synthetic graphs, and loading a server."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import reports_errors
from .errors import SpacegraphError

__all__ = ["synth"]


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
