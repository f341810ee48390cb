"""``spacegraph build``: load, validate, resolve evidence, export, summarise.

Every check runs before anything is written, and outputs are staged and moved
into place together (:mod:`spacegraph.atomic`), so a failing build leaves an
existing output folder exactly as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import check_output_folder, staged_output
from .errors import OutputError, ValidationError
from .evidence import resolve_evidence
from .export import to_jsonld, to_nquads, to_trig, to_turtle
from .loader import LoadedGraph, load
from .oxstore import from_nquads
from .store import input_hashes, write_store
from .summary import summarise
from .validate import validate
from .viz import explore

__all__ = ["BuildResult", "build", "check"]


@dataclass
class BuildResult:
    """What a build wrote and what the graph holds."""

    out_dir: Path
    files: list[Path]
    summary: dict[str, Any]


def check(graph_dir: Path, corpus: Path | None = None) -> tuple[LoadedGraph, int | None]:
    """Load and validate a graph folder; with ``corpus``, resolve its evidence.

    Raises :class:`ValidationError` (with one line per violation) when the
    graph does not conform, and :class:`EvidenceError` when a document is
    missing or changed.
    """
    loaded = load(graph_dir)
    report = validate(loaded)
    if not report.conforms:
        raise ValidationError(
            f"{graph_dir}: the graph does not conform ({len(report.violations)} problems)",
            report.violations,
        )
    quotes = resolve_evidence(loaded.dataset, corpus) if corpus is not None else None
    return loaded, quotes


def build(graph_dir: Path, out_dir: Path, corpus: Path | None = None) -> BuildResult:
    """Build the outputs of ``graph_dir`` into ``out_dir`` (see the module docstring)."""
    check_output_folder(out_dir)
    loaded, quotes = check(graph_dir, corpus)
    summary = summarise(loaded, quotes_resolved=quotes)
    dataset = loaded.dataset
    nquads = to_nquads(dataset)
    outputs = {
        "spacegraph.trig": to_trig(dataset),
        "spacegraph.nq": nquads,
        "spacegraph.ttl": to_turtle(dataset),
        "spacegraph.jsonld": to_jsonld(dataset),
        "summary.json": json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        # The graph explorer: one self-contained page (see spacegraph.viz), its
        # queries run in an in-memory Oxigraph store of the same quads.
        "spacegraph.html": explore(loaded, store=from_nquads(nquads.encode("utf-8"))).html,
    }
    with staged_output(out_dir) as staging:
        for name, text in outputs.items():
            staging.write(name, text)
        # The embedded Oxigraph store (a folder): queries open it instead of parsing files.
        try:
            write_store(staging.path("store"), nquads.encode("utf-8"), input_hashes(graph_dir))
        except OutputError as exc:
            reason = str(exc).split(": ", 1)[-1]
            raise OutputError(f"{out_dir / 'store'}: {reason}; nothing was changed") from None
    return BuildResult(out_dir, [out_dir / n for n in [*outputs, "store"]], summary)
