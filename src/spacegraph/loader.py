"""Load the ontology and a graph folder: every quad as parsed, and the views made from them.

Each ``graph/*.trig`` file holds one document's named graph. The ontology goes
into a named graph of its own (``sgr:graph/ontology``), so that queries can
follow ``rdfs:subClassOf`` and every exported file is self-describing.

Files are parsed once, by Oxigraph: it is fast (about 4 s for a million
triples, against about 100 s for rdflib) and reports the exact line and column
of a syntax error, which becomes ``<file>:<line>:<column>: <message>``. The
parsed quads keep each literal as the file spells it, so the exports repeat
the source. From them, on demand, :class:`LoadedGraph` makes an Oxigraph store
(what the build's checks, summary and page query) and, only for the callers
that want rdflib objects, an rdflib :class:`~rdflib.Dataset`; a large graph
never becomes rdflib objects on the build's path.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from .errors import InputFileError, ParseError
from .paths import ontology_file
from .text import decode_utf8, read_checked_bytes
from .vocab import BASE, bind_prefixes

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "GRAPH_SUFFIXES",
    "MAX_GRAPH_FILE_BYTES",
    "ONTOLOGY_GRAPH",
    "LoadedGraph",
    "dataset_of",
    "graph_files",
    "load",
    "read_folder",
    "read_ontology",
    "read_quads",
    "syntax_message",
]

#: Graph files larger than this are refused (a file this large is a mistake,
#: not a document's graph; a graph folder holds one file per document).
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
    """The ontology and a graph folder's quads, with the store and dataset made from them.

    ``quads`` holds the ontology's quads (in :data:`ONTOLOGY_GRAPH`) and every
    document quad as parsed; :meth:`extend` adds more (the build's evidence
    quotes) to every view already made.
    """

    quads: list[ox.Quad]
    ontology: Graph
    files: list[Path] = field(default_factory=list)

    @cached_property
    def store(self) -> ox.Store:
        """An in-memory Oxigraph store of the quads, their union in the default graph."""
        from .oxstore import from_quads  # oxstore reads graph folders through this module

        return from_quads(self.quads)

    @cached_property
    def dataset(self) -> Dataset:
        """The quads as an rdflib dataset (made on first use: about 1 kB of memory per triple)."""
        return dataset_of(self.quads, self.ontology)

    def extend(self, quads: list[ox.Quad]) -> None:
        """Add quads to the graph and to the store and dataset if they were made."""
        self.quads.extend(quads)
        if "store" in self.__dict__:
            from .oxstore import add_quads

            add_quads(self.store, quads)
        if "dataset" in self.__dict__:
            self.dataset.parse(data=_nquads(quads), format="nquads")

    def drop_store(self) -> None:
        """Free the in-memory store (made again on next use): a build's page is its last reader."""
        self.__dict__.pop("store", None)

    def document_graphs(self) -> list[Graph]:
        """The named graphs of source documents (everything but the ontology), as rdflib graphs."""
        return [
            g
            for g in self.dataset.graphs()
            if g.identifier != ONTOLOGY_GRAPH and isinstance(g.identifier, URIRef) and len(g)
        ]

    def union(self, *, with_ontology: bool = False) -> Graph:
        """One rdflib graph of every document graph's triples (and the ontology if asked)."""
        union = Graph()
        bind_prefixes(union)
        for g in self.document_graphs():
            union += g
        if with_ontology:
            union += self.ontology
        return union


def _nquads(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{q} .\n" for q in quads)


def dataset_of(quads: Iterable[ox.Quad], ontology: Graph | None = None) -> Dataset:
    """An rdflib dataset of Oxigraph quads; ``ontology`` goes in whole (its blank nodes kept)."""
    dataset = Dataset()
    bind_prefixes(dataset)
    name = ox.NamedNode(str(ONTOLOGY_GRAPH))
    rest = [q for q in quads if ontology is None or q.graph_name != name]
    if rest:
        dataset.parse(data=_nquads(rest), format="nquads")
    if ontology is not None:
        target = dataset.graph(ONTOLOGY_GRAPH)
        for triple in ontology:
            target.add(triple)
    return dataset


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


def read_quads(path: Path, *, blank_prefix: str = "b") -> list[ox.Quad]:
    """Every quad of one RDF file, checked: file:line:column for a syntax error.

    The file is first checked as a file (regular, not empty, not over
    :data:`MAX_GRAPH_FILE_BYTES`, UTF-8, not binary), so each of those
    mistakes gets its own message instead of a puzzling syntax error. A
    Turtle file's triples go into a named graph named after the file, so
    every quad belongs to some document or to the ontology. Blank nodes are
    renamed ``{blank_prefix}{n}`` in order of appearance: the parser names
    ``[]`` at random, and two files' ``_:b0`` are different nodes.
    """
    if path.suffix not in GRAPH_SUFFIXES:
        raise InputFileError(f"{path}: unknown RDF file type (expected .trig, .nq or .ttl)")
    fmt = GRAPH_SUFFIXES[path.suffix][1]
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
        quads = list(ox.parse(input=data, format=fmt))
    except SyntaxError as exc:
        if nul >= 0:
            raise binary from None
        line, col = exc.lineno or 0, exc.offset or 0
        message = syntax_message(exc)
        raise ParseError(f"{path}:{line}:{col}: {message}") from None
    if fmt == ox.RdfFormat.TURTLE:
        graph = ox.NamedNode(path.resolve().as_uri())
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    if b"_:" in data or b"[" in data:  # cheap test first: most graph files have no blank node
        quads = _rename_blank_nodes(quads, blank_prefix)
    return quads


def syntax_message(exc: SyntaxError) -> str:
    """The parser's message on one line: the offending character (a newline...) escaped."""
    text = str(exc.msg if exc.msg is not None else exc).split(": ", 1)[-1]
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _rename_blank_nodes(quads: list[ox.Quad], prefix: str) -> list[ox.Quad]:
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def rename(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            if term not in names:
                names[term] = ox.BlankNode(f"{prefix}{len(names)}")
            return names[term]
        return term

    out = []
    for q in quads:
        s, o = q.subject, q.object
        if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
            q = ox.Quad(rename(s), q.predicate, rename(o), q.graph_name)
        out.append(q)
    return out


def read_ontology(path: Path | None = None) -> tuple[Graph, list[ox.Quad]]:
    """The ontology as an rdflib graph and as quads in :data:`ONTOLOGY_GRAPH`.

    Its few blank nodes (``owl:unionOf`` lists) get canonical labels, so the
    exports are the same in every run.
    """
    from .oxstore import to_term

    onto = path or ontology_file()
    read_quads(onto)  # file and syntax checks, with file:line:column
    graph = Graph()
    bind_prefixes(graph)
    for triple in to_canonical_graph(Graph().parse(onto, format="turtle")):
        graph.add(triple)
    name = ox.NamedNode(str(ONTOLOGY_GRAPH))
    quads = [ox.Quad(to_term(s), to_term(p), to_term(o), name) for s, p, o in graph]  # type: ignore[arg-type]
    return graph, quads


def read_folder(graph_dir: Path | str) -> tuple[list[ox.Quad], list[Path]]:
    """The quads of every RDF file of ``graph_dir`` (not the ontology), and the files."""
    files = graph_files(Path(graph_dir))
    quads: list[ox.Quad] = []
    for index, path in enumerate(files):
        quads.extend(read_quads(path, blank_prefix=f"f{index}b"))
    return quads, files


def load(graph_dir: Path | str, *, ontology: Path | None = None) -> LoadedGraph:
    """Read the ontology and every RDF file of ``graph_dir`` (see the module docstring)."""
    onto_graph, quads = read_ontology(ontology)
    documents, files = read_folder(graph_dir)
    return LoadedGraph(quads=quads + documents, ontology=onto_graph, files=files)
