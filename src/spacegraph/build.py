"""``spacegraph build``: load, validate, resolve evidence, export, summarise.

Every check runs before anything is written, and outputs are staged and moved
into place together (:mod:`spacegraph.atomic`), so a failing build leaves an
existing output folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import check_output_folder, staged_output
from .errors import OutputError, ValidationError
from .evidence import resolve_evidence
from .export import SortedQuads, to_jsonld, to_nquads, to_trig, to_turtle
from .loader import LoadedGraph, load
from .store import input_hashes, write_manifest, write_store
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
    quotes = resolve_evidence(loaded, corpus) if corpus is not None else None
    return loaded, quotes


def build(graph_dir: Path, out_dir: Path, corpus: Path | None = None) -> BuildResult:
    """Build the outputs of ``graph_dir`` into ``out_dir`` (see the module docstring).

    Everything is computed from the loaded quads and their in-memory Oxigraph
    store; no rdflib object is made per triple. Once the checks pass, the
    persistent store is written in a thread (Oxigraph's bulk loader runs
    without Python's lock) while the files are written one by one, each
    dropped from memory once staged.
    """
    check_output_folder(out_dir)
    loaded, quotes = check(graph_dir, corpus)
    inputs = input_hashes(graph_dir)
    summary = summarise(loaded, quotes_resolved=quotes)
    with staged_output(out_dir) as staging, ThreadPoolExecutor(1) as pool:
        # The embedded Oxigraph store (a folder): queries open it instead of parsing files.
        store_dir = staging.folder / "store"  # registered as an output once written
        store_job = pool.submit(write_store, store_dir, loaded.store)
        quads = SortedQuads(loaded.quads)  # sorted once for the four writers
        loaded.quads.clear()  # the build owns them: their lines are all it needs now
        nquads = to_nquads(quads)
        nquads_sha256 = hashlib.sha256(nquads.encode("utf-8")).hexdigest()
        staging.write("spacegraph.nq", nquads)
        del nquads
        staging.write("spacegraph.trig", to_trig(quads))
        staging.write("spacegraph.ttl", to_turtle(quads))
        staging.write("spacegraph.jsonld", to_jsonld(quads))
        del quads
        text = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        staging.write("summary.json", text)
        # The graph explorer: one self-contained page (see spacegraph.viz).
        page = explore(loaded.store, loaded.ontology, top=PAGE_NODES)
        staging.write("spacegraph.html", page.html)
        try:
            counts = store_job.result()
        except OutputError as exc:
            reason = str(exc).split(": ", 1)[-1]
            raise OutputError(f"{out_dir / 'store'}: {reason}; nothing was changed") from None
        write_manifest(store_dir, counts, nquads_sha256, inputs)
        staging.path("store")
    return BuildResult(out_dir, [out_dir / n for n in OUTPUTS], summary)


#: The build's page draws at most this many entities, the most central (and says
#: so on the page); ``spacegraph viz`` draws any other view of a larger graph.
PAGE_NODES = 500

#: What a build writes into its output folder.
OUTPUTS = [
    "store",
    "spacegraph.nq",
    "spacegraph.trig",
    "spacegraph.ttl",
    "spacegraph.jsonld",
    "summary.json",
    "spacegraph.html",
]
