"""Load the ontology and a graph folder into one RDF dataset.

Each ``graph/*.trig`` file holds one document's named graph. The ontology goes
into a named graph of its own (``sgr:graph/ontology``), so that queries can
follow ``rdfs:subClassOf`` and every exported file is self-describing.

Files are checked with Oxigraph's parser first: it is fast and reports the
exact line and column of a syntax error, which becomes
``<file>:<line>:<column>: <message>``.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from .errors import InputFileError, ParseError
from .paths import ontology_file
from .text import decode_utf8, read_checked_bytes
from .vocab import BASE, bind_prefixes

__all__ = [
    "GRAPH_SUFFIXES",
    "MAX_GRAPH_FILE_BYTES",
    "ONTOLOGY_GRAPH",
    "LoadedGraph",
    "graph_files",
    "load",
    "parse_file",
]

#: Graph files larger than this are refused: rdflib needs about 1 kB of memory
#: per triple, so a bigger file would exhaust memory long before it loaded.
MAX_GRAPH_FILE_BYTES = 256 * 1024 * 1024

#: Named graph that holds the ontology inside a dataset.
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")

#: File suffixes read from a graph folder, with their formats.
GRAPH_SUFFIXES: dict[str, tuple[str, ox.RdfFormat]] = {
    ".trig": ("trig", ox.RdfFormat.TRIG),
    ".nq": ("nquads", ox.RdfFormat.N_QUADS),
    ".ttl": ("turtle", ox.RdfFormat.TURTLE),
}


@dataclass
class LoadedGraph:
    """The dataset built from the ontology and a graph folder."""

    dataset: Dataset
    files: list[Path] = field(default_factory=list)

    def document_graphs(self) -> list[Graph]:
        """The named graphs of source documents (everything but the ontology)."""
        return [
            g
            for g in self.dataset.graphs()
            if g.identifier != ONTOLOGY_GRAPH and isinstance(g.identifier, URIRef) and len(g)
        ]

    def union(self, *, with_ontology: bool = False) -> Graph:
        """One graph holding every document graph's triples (and the ontology if asked)."""
        union = Graph()
        bind_prefixes(union)
        for g in self.document_graphs():
            union += g
        if with_ontology:
            union += self.dataset.graph(ONTOLOGY_GRAPH)
        return union


def graph_files(graph_dir: Path) -> list[Path]:
    """The RDF files of a graph folder, sorted by name.

    Every entry whose name ends in an RDF suffix counts, so a folder, a pipe,
    an empty or an over-large file named ``x.trig`` is refused here, before
    any engine opens it (a pipe would block a reader), rather than silently
    skipped. Hidden entries (``.x.trig``: editor lock and swap files) are
    ignored.

    Raises
    ------
    InputFileError
        If the folder is missing, is a file, or holds no RDF file, or an RDF
        entry is not a regular, non-empty file within :data:`MAX_GRAPH_FILE_BYTES`.
    """
    if not graph_dir.exists():
        raise InputFileError(f"{graph_dir}: no such graph folder")
    if not graph_dir.is_dir():
        raise InputFileError(f"{graph_dir}: is a file, expected a graph folder")
    try:
        entries = list(graph_dir.iterdir())
    except OSError as exc:
        raise InputFileError(
            f"{graph_dir}: cannot list the graph folder ({exc.strerror})"
        ) from None
    files = sorted(p for p in entries if p.suffix in GRAPH_SUFFIXES and not p.name.startswith("."))
    if not files:
        suffixes = ", ".join(GRAPH_SUFFIXES)
        raise InputFileError(f"{graph_dir}: no RDF files ({suffixes}) in the graph folder")
    for path in files:
        _check_entry(path)
    return files


def _check_entry(path: Path) -> None:
    """Refuse a graph-folder entry that is not a regular, non-empty, not too large file."""
    try:
        st = path.stat()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(f"{path}: is a directory, expected an RDF file")
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(
            f"{path}: not a regular file (a pipe, socket or device), expected an RDF file"
        )
    if st.st_size == 0:
        raise InputFileError(f"{path}: file is empty")
    if st.st_size > MAX_GRAPH_FILE_BYTES:
        raise InputFileError(
            f"{path}: file is {st.st_size} bytes, larger than the limit of"
            f" {MAX_GRAPH_FILE_BYTES} bytes"
        )


def _check_syntax(path: Path, fmt: ox.RdfFormat) -> None:
    """Raise ParseError with file:line:column if Oxigraph cannot parse ``path``.

    The file is first checked as a file (regular, not empty, not over
    :data:`MAX_GRAPH_FILE_BYTES`, UTF-8, not binary), so each of those
    mistakes gets its own message instead of a puzzling syntax error.
    """
    data = read_checked_bytes(path, MAX_GRAPH_FILE_BYTES, "RDF file")
    # A NUL byte may stand in a literal of valid RDF, so it only marks a file
    # as binary when the file is not UTF-8 or does not parse.
    nul = data.find(b"\x00")
    binary = InputFileError(f"{path}: binary file (NUL byte at offset {nul}), expected RDF text")
    try:
        decode_utf8(data.replace(b"\x00", b" "), path)
    except InputFileError:
        if nul >= 0:
            raise binary from None
        raise
    try:
        for _ in ox.parse(input=data, format=fmt):
            pass
    except SyntaxError as exc:
        if nul >= 0:
            raise binary from None
        line, col = exc.lineno or 0, exc.offset or 0
        message = str(exc.msg).split(": ", 1)[-1]
        raise ParseError(f"{path}:{line}:{col}: {message}") from None


def parse_file(dataset: Dataset, path: Path) -> None:
    """Parse one RDF file into ``dataset`` after checking its syntax.

    A Turtle file goes into a named graph named after the file, so every
    triple in a dataset belongs to some document or to the ontology.
    """
    if path.suffix not in GRAPH_SUFFIXES:
        raise InputFileError(f"{path}: unknown RDF file type (expected .trig, .nq or .ttl)")
    rdflib_format, ox_format = GRAPH_SUFFIXES[path.suffix]
    _check_syntax(path, ox_format)
    try:
        if rdflib_format == "turtle":
            dataset.graph(URIRef(path.resolve().as_uri())).parse(path, format="turtle")
        else:
            dataset.parse(path, format=rdflib_format)
    except Exception as exc:  # rdflib disagreeing with Oxigraph: still one line, with the file
        raise ParseError(f"{path}: {str(exc).splitlines()[0]}") from None


def load(graph_dir: Path | str, *, ontology: Path | None = None) -> LoadedGraph:
    """Load the ontology and every RDF file of ``graph_dir`` into one dataset."""
    dataset = Dataset()
    bind_prefixes(dataset)
    onto = ontology or ontology_file()
    _check_syntax(onto, ox.RdfFormat.TURTLE)
    # The ontology's few blank nodes (owl:unionOf lists) get canonical labels,
    # so that N-Quads and JSON-LD output is the same in every run.
    ontology_graph = dataset.graph(ONTOLOGY_GRAPH)
    for triple in to_canonical_graph(Graph().parse(onto, format="turtle")):
        ontology_graph.add(triple)
    files = graph_files(Path(graph_dir))
    for path in files:
        parse_file(dataset, path)
    return LoadedGraph(dataset=dataset, files=files)
