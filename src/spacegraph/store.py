"""The embedded persistent store: the built dataset in an Oxigraph (RocksDB) folder.

``spacegraph build`` writes ``build/store/`` beside the exported files, so a
question asked of an already-built graph opens the store instead of parsing
the files again. Next to Oxigraph's own files the store holds
``spacegraph-store.json``, a manifest with

- ``nquads_sha256``: the SHA-256 of the ``spacegraph.nq`` it was loaded from;
- ``inputs``: the SHA-256 of every input file (the graph folder's RDF files and
  the ontology) the build read.

:func:`store_is_current` compares both with the files as they are now, so a
store is only used while it still says what the graph folder says.
"""

from __future__ import annotations

import gc
import hashlib
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import OutputError, QueryError
from .loader import graph_files
from .paths import ontology_file

__all__ = [
    "MANIFEST",
    "input_hashes",
    "open_store",
    "read_manifest",
    "sha256_file",
    "store_is_current",
    "write_manifest",
    "write_store",
]

#: The manifest file inside a store folder.
MANIFEST = "spacegraph-store.json"
_FORMAT = 2  # 2: the default graph holds the union


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(graph_dir: Path, ontology: Path | None = None) -> dict[str, str]:
    """``{file name: SHA-256}`` of a graph folder's RDF files and the ontology."""
    hashes = {f"graph/{p.name}": sha256_file(p) for p in graph_files(graph_dir)}
    hashes["ontology/spacegraph.ttl"] = sha256_file(ontology or ontology_file())
    return hashes


def write_store(folder: Path, nquads: bytes, union: bytes) -> dict[str, int]:
    """Write a new Oxigraph store in ``folder``: the named graphs and their union.

    ``nquads`` is the dataset as N-Quads (every quad in its named graph) and
    ``union`` the distinct triples of all graphs as N-Triples, both as the
    build's exports write them (:class:`spacegraph.export.SortedQuads`), so
    the store holds what :mod:`spacegraph.oxstore` puts in every store.
    Oxigraph's bulk loader reads both texts without re-validating IRIs (they
    were parsed once already) and runs in Rust without Python's lock, so the
    build runs this in a thread beside its other outputs. It names blank
    nodes anew in each load, so the quads of the few lines that hold one
    (the ontology's lists) get their labels back afterwards: the union and
    the graphs then share those nodes. On a million
    triples it took 16 s, against 40 s for dumping the build's in-memory
    store and loading that dump (the store's dump is in hash order, and the
    in-memory copy stays resident meanwhile). Returns the counts
    :func:`write_manifest` records. ``folder`` must not exist yet (the build
    writes into a staging folder and moves it into place).
    """
    try:
        store = ox.Store(str(folder))
        store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
        store.bulk_load(input=union, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        _restore_blank_nodes(store, _blank_node_lines(nquads) + _blank_node_lines(union))
        store.flush()
        del store
        gc.collect()  # closes RocksDB before the folder is moved
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write ({_reason(exc)})") from None
    return {"quads": nquads.count(b"\n"), "union_triples": union.count(b"\n")}


def _blank_node_lines(text: bytes) -> bytes:
    """The lines of N-Quads ``text`` holding ``_:`` (a blank node, or that text in a literal)."""
    lines = []
    at = text.find(b"_:")
    while at >= 0:
        start = text.rfind(b"\n", 0, at) + 1
        end = text.find(b"\n", at) + 1 or len(text)
        lines.append(text[start:end])
        at = text.find(b"_:", end)
    return b"".join(lines)


def _restore_blank_nodes(store: ox.Store, lines: bytes) -> None:
    """Give the blank nodes of ``lines`` back their labels in ``store``.

    The bulk loader names blank nodes anew in each load, so the union and the
    graphs would not share the ontology's list nodes; the quads of ``lines``
    (few: the ontology's ``owl:unionOf`` lists) are found by their other terms,
    removed, and added again as parsed, which keeps the labels.
    """
    if not lines:
        return
    originals = list(ox.parse(lines, format=ox.RdfFormat.N_QUADS))
    renamed: set[ox.Quad] = set()
    for quad in originals:
        s_blank = isinstance(quad.subject, ox.BlankNode)
        o_blank = isinstance(quad.object, ox.BlankNode)
        if not (s_blank or o_blank):
            continue  # "_:" in a literal
        pattern = store.quads_for_pattern(
            None if s_blank else quad.subject,
            quad.predicate,
            None if o_blank else quad.object,
            quad.graph_name,
        )
        renamed.update(
            found
            for found in pattern
            if (not s_blank or isinstance(found.subject, ox.BlankNode))
            and (not o_blank or isinstance(found.object, ox.BlankNode))
        )
    for quad in renamed:
        store.remove(quad)
    store.bulk_extend(originals)


def write_manifest(
    folder: Path, counts: dict[str, int], nquads_sha256: str, inputs: dict[str, str]
) -> None:
    """Write the store's manifest: what it was built from (see the module docstring).

    ``nquads_sha256`` is the hash of the ``spacegraph.nq`` written beside the
    store, ``inputs`` the hashes of the files the build read.
    """
    manifest = {
        "format": _FORMAT,
        "pyoxigraph": ox.__version__ if hasattr(ox, "__version__") else "",
        **counts,
        "nquads_sha256": nquads_sha256,
        "inputs": inputs,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def _reason(exc: OSError) -> str:
    """The cause of a RocksDB error in a few words (its own message runs over several paths)."""
    text = str(exc)
    if "No space left on device" in text or getattr(exc, "errno", None) == 28:
        return "No space left on device"
    return exc.strerror or text.splitlines()[0]


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The store's manifest, or None when ``folder`` is not a spacegraph store."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == _FORMAT else None


def store_is_current(folder: Path, graph_dir: Path) -> bool:
    """True when ``folder`` is a store built from the current files of ``graph_dir``.

    The exported ``spacegraph.nq`` beside the store, when present, must also be
    the one the store was loaded from (a half-copied build folder is not used).
    """
    manifest = read_manifest(folder)
    if manifest is None:
        return False
    try:
        if manifest.get("inputs") != input_hashes(graph_dir):
            return False
    except Exception:  # an unreadable graph folder: let the file loader report it
        return False
    nquads = folder.parent / "spacegraph.nq"
    return not nquads.is_file() or sha256_file(nquads) == manifest.get("nquads_sha256")


def open_store(folder: Path) -> ox.Store:
    """Open a built store read-only (several readers, and the server, may share it)."""
    if read_manifest(folder) is None:
        raise QueryError(f"{folder}: not a spacegraph store (run spacegraph build)")
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise QueryError(f"{folder}: cannot open the Oxigraph store ({exc})") from None
