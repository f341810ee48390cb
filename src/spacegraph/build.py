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
from .errors import EvidenceError, OutputError, ValidationError
from .evidence import QUADS_PER_QUOTE, quote_quads, resolve_evidence
from .export import SortedQuads, to_jsonld, to_trig, to_turtle
from .loader import LoadedGraph, load
from .store import input_hashes, write_manifest, write_store
from .summary import summarise
from .validate import Report, validate
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
    _raise_if_invalid(graph_dir, validate(loaded))
    quotes = resolve_evidence(loaded, corpus) if corpus is not None else None
    return loaded, quotes


def build(graph_dir: Path, out_dir: Path, corpus: Path | None = None) -> BuildResult:
    """Build the outputs of ``graph_dir`` into ``out_dir`` (see the module docstring).

    Everything is computed from the loaded quads and their in-memory Oxigraph
    store; no rdflib object is made per triple. Oxigraph evaluates queries
    and bulk-loads without Python's lock, so the two heavy Rust jobs run in a
    thread beside the Python work:

    1. the checks run while the quotes are read from the corpus and every
       quad's N-Quads line is sorted (the quotes reach the store only after
       the checks, which therefore see the graph as committed);
    2. the persistent store is bulk-loaded from the sorted text while the
       summary, the page and the files are made, each file dropped from
       memory once staged.
    """
    check_output_folder(out_dir)
    loaded = load(graph_dir)
    inputs = input_hashes(graph_dir)
    _ = loaded.store  # made here, before two threads read it
    with ThreadPoolExecutor(1) as pool:
        checking = pool.submit(validate, loaded)
        try:
            quotes = quote_quads(loaded.store, corpus) if corpus is not None else []
            quads = SortedQuads([*loaded.quads, *quotes])  # once for the four writers and the store
        except EvidenceError:
            _raise_if_invalid(graph_dir, checking.result())  # a broken graph is the first news
            raise
        _raise_if_invalid(graph_dir, checking.result())
    loaded.quads.clear()  # the build owns them: their lines are all it needs now
    loaded.extend(quotes)
    quotes_resolved = len(quotes) // QUADS_PER_QUOTE if corpus is not None else None
    del quotes
    with staged_output(out_dir) as staging, ThreadPoolExecutor(1) as pool:
        nquads = quads.nquads().encode("utf-8")
        # The embedded Oxigraph store (a folder): queries open it instead of parsing files.
        store_dir = staging.folder / "store"  # registered as an output once written
        store_job = pool.submit(write_store, store_dir, nquads, quads.union.encode("utf-8"))
        nquads_sha256 = hashlib.sha256(nquads).hexdigest()
        staging.write("spacegraph.nq", nquads)
        del nquads
        summary = summarise(loaded, quotes_resolved=quotes_resolved)
        text = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        staging.write("summary.json", text)
        # The graph explorer: one self-contained page (see spacegraph.viz), the
        # last reader of the in-memory store, which is dropped once it is drawn.
        page = explore(loaded.store, loaded.ontology, top=PAGE_NODES)
        staging.write("spacegraph.html", page.html)
        del page
        loaded.drop_store()
        staging.write("spacegraph.trig", to_trig(quads))
        staging.write("spacegraph.ttl", to_turtle(quads))
        staging.write("spacegraph.jsonld", to_jsonld(quads))
        del quads
        try:
            counts = store_job.result()
        except OutputError as exc:
            reason = str(exc).split(": ", 1)[-1]
            raise OutputError(f"{out_dir / 'store'}: {reason}; nothing was changed") from None
        write_manifest(store_dir, counts, nquads_sha256, inputs)
        staging.path("store")
    return BuildResult(out_dir, [out_dir / n for n in OUTPUTS], summary)


def _raise_if_invalid(graph_dir: Path, report: Report) -> None:
    """Raise :class:`ValidationError` (one line per violation) unless ``report`` conforms."""
    if not report.conforms:
        raise ValidationError(
            f"{graph_dir}: the graph does not conform ({len(report.violations)} problems)",
            report.violations,
        )


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
