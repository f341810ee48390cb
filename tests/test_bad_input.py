"""The catalogue of bad inputs: every mistake gets one ``Error:`` line and its exit code.

Each :class:`Case` sets up one mistake in a fresh workspace (a copy of the
graph folder, a corpus folder holding the first article, and an output folder
holding a previous build), runs the command through click's ``CliRunner`` and
checks the exit code, the exact message (a regular expression over the one
``Error:`` line; ``{ws}`` stands for the workspace path), that no exception
escaped (no traceback), and that the previous outputs are byte for byte as
they were. ``docs/errors.md`` lists every case by its id; a test checks that
the table and this file agree.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from spacegraph.cli import main
from spacegraph.text import MAX_DOCUMENT_BYTES

from .conftest import FIRST_ARTICLE, GRAPH_DIR, REPO
from .test_build import digests

TRIG = "moon-rocks-china-us.trig"
CHINA = "https://w3id.org/spacegraph/id/nation/china"
BIG_GRAPH = 256 * 1024 * 1024 + 1  # one byte over loader.MAX_GRAPH_FILE_BYTES


@dataclass(frozen=True)
class Case:
    """One catalogued mistake: how to make it, the exit code and the message."""

    id: str
    setup: Callable[[Path], list[str]]
    code: int
    message: str  # regex for the Error: line; {ws} is the workspace


# -- helpers that make a mistake in the workspace and return the command line ------------
def build_args(ws: Path, *extra: str) -> list[str]:
    return ["build", "--graph", str(ws / "graph"), "--out", str(ws / "out"), *extra]


def with_corpus(ws: Path) -> list[str]:
    return build_args(ws, "--corpus", str(ws / "corpus"))


def graph_file(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def setup(ws: Path) -> list[str]:
        (ws / "graph" / name).write_bytes(data)
        return build_args(ws)

    return setup


def corpus_document(data: bytes) -> Callable[[Path], list[str]]:
    def setup(ws: Path) -> list[str]:
        (ws / "corpus" / FIRST_ARTICLE).write_bytes(data)
        return with_corpus(ws)

    return setup


def sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    with open(path, "wb") as fh:
        fh.truncate(size)


def edit_trig(pattern: str, repl: str) -> Callable[[Path], list[str]]:
    def setup(ws: Path) -> list[str]:
        trig = ws / "graph" / TRIG
        text, n = re.subn(pattern, repl, trig.read_text(encoding="utf-8"), count=1)
        assert n == 1, pattern
        trig.write_text(text, encoding="utf-8")
        return build_args(ws)

    return setup


def _big_graph(ws: Path) -> list[str]:
    sparse(ws / "graph" / "huge.trig", BIG_GRAPH)
    return build_args(ws)


def _big_document(ws: Path) -> list[str]:
    sparse(ws / "corpus" / FIRST_ARTICLE, MAX_DOCUMENT_BYTES + 1)
    return with_corpus(ws)


def _fifo_graph(ws: Path) -> list[str]:
    os.mkfifo(ws / "graph" / "pipe.trig")
    return build_args(ws)


def _fifo_document(ws: Path) -> list[str]:
    (ws / "corpus" / FIRST_ARTICLE).unlink()
    os.mkfifo(ws / "corpus" / FIRST_ARTICLE)
    return with_corpus(ws)


def _dir_graph(ws: Path) -> list[str]:
    (ws / "graph" / "folder.trig").mkdir()
    return build_args(ws)


def _dir_document(ws: Path) -> list[str]:
    (ws / "corpus" / FIRST_ARTICLE).unlink()
    (ws / "corpus" / FIRST_ARTICLE).mkdir()
    return with_corpus(ws)


def _missing_document(ws: Path) -> list[str]:
    (ws / "corpus" / FIRST_ARTICLE).unlink()
    return with_corpus(ws)


def _changed_document(ws: Path) -> list[str]:
    doc = ws / "corpus" / FIRST_ARTICLE
    doc.write_text(doc.read_text(encoding="utf-8").replace("China", "Chima", 1), encoding="utf-8")
    return with_corpus(ws)


def _span_past_end(ws: Path) -> list[str]:
    edit_trig(r'oa:end "(\d+)"', 'oa:end "999999"')(ws)
    return with_corpus(ws)


def _shacl(ws: Path) -> list[str]:
    (ws / "graph" / "extra.trig").write_text(
        f"<https://w3id.org/spacegraph/graph/extra> {{ <{CHINA}> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Zhongguo" . }\n',
        encoding="utf-8",
    )
    return build_args(ws)


def _no_rdf_files(ws: Path) -> list[str]:
    for p in (ws / "graph").iterdir():
        p.unlink()
    (ws / "graph" / "notes.txt").write_text("not RDF")
    return build_args(ws)


def _graph_is_file(ws: Path) -> list[str]:
    (ws / "file").write_text("x")
    return ["build", "--graph", str(ws / "file"), "--out", str(ws / "out")]


def _out_under_file(ws: Path) -> list[str]:
    (ws / "file").write_text("x")
    return ["build", "--graph", str(ws / "graph"), "--out", str(ws / "file" / "out")]


def _out_is_file(ws: Path) -> list[str]:
    (ws / "file").write_text("x")
    return ["build", "--graph", str(ws / "graph"), "--out", str(ws / "file")]


def _corpus_is_file(ws: Path) -> list[str]:
    (ws / "file").write_text("x")
    return build_args(ws, "--corpus", str(ws / "file"))


def _validate(setup: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    """The same mistake through ``spacegraph validate`` (which exits 2 on unreadable input)."""

    def inner(ws: Path) -> list[str]:
        args = setup(ws)
        keep = [a for i, a in enumerate(args) if a != "--out" and args[i - 1] != "--out"]
        return ["validate", *keep[1:]]

    return inner


def _query(*args: str) -> Callable[[Path], list[str]]:
    return lambda ws: ["query", "--graph", str(ws / "graph"), "--store", str(ws / "nostore"), *args]


WS = r"{ws}"
P = re.escape

CASES = [
    # -- RDF files of the graph folder -----------------------------------------------------
    Case(
        "malformed-trig",
        graph_file("broken.trig", b'@prefix ex: <http://e/> .\nex:g {\n ex:a ex:b "open .\n}\n'),
        1,
        WS + r"/graph/broken\.trig:3:\d+: .+",
    ),
    Case(
        "malformed-turtle",
        graph_file("broken.ttl", b"@prefix ex: <http://e/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n"),
        1,
        WS + r"/graph/broken\.ttl:4:\d+: .+",
    ),
    Case(
        "malformed-trig-validate",
        _validate(graph_file("broken.trig", b"<http://e/g> { <http://e/a> <http://e/b> }\n")),
        2,
        WS + r"/graph/broken\.trig:1:\d+: .+",
    ),
    Case(
        "graph-file-empty",
        graph_file("empty.trig", b"  \n"),
        1,
        WS + P("/graph/empty.trig: file is empty"),
    ),
    Case(
        "graph-file-binary",
        graph_file("image.trig", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        1,
        WS + P("/graph/image.trig: binary file (NUL byte at offset 8), expected RDF text"),
    ),
    Case(
        "graph-file-not-utf8",
        graph_file("latin1.ttl", b'@prefix ex: <http://e/> .\nex:a ex:b "caf\xe9" .\n'),
        1,
        WS
        + P("/graph/latin1.ttl:2: not UTF-8 (invalid byte 0xe9 at offset 40);")
        + " convert it with: iconv -t UTF-8",
    ),
    Case(
        "graph-file-too-large",
        _big_graph,
        1,
        WS + P(f"/graph/huge.trig: file is {BIG_GRAPH} bytes, larger than the limit of")
        + r" \d+ bytes",
    ),
    Case(
        "graph-file-is-directory",
        _dir_graph,
        1,
        WS + P("/graph/folder.trig: is a directory, expected an RDF file"),
    ),
    Case(
        "graph-file-is-pipe",
        _fifo_graph,
        1,
        WS
        + P("/graph/pipe.trig: not a regular file (a pipe, socket or device),")
        + " expected an RDF file",
    ),
    Case(
        "graph-file-is-pipe-validate",
        _validate(_fifo_graph),
        2,
        WS + P("/graph/pipe.trig: not a regular file") + ".*",
    ),
    Case("graph-folder-missing", lambda ws: build_args(ws / "nowhere"), 1, ""),
    Case(
        "graph-folder-is-file",
        _graph_is_file,
        1,
        WS + P("/file: is a file, expected a graph folder"),
    ),
    Case(
        "graph-folder-without-rdf",
        _no_rdf_files,
        1,
        WS + P("/graph: no RDF files (.trig, .nq, .ttl) in the graph folder"),
    ),
    # -- the shapes and the evidence ------------------------------------------------------
    Case(
        "shacl-violation",
        _shacl,
        1,
        WS + P("/graph: the graph does not conform (1 problems)"),
    ),
    Case(
        "span-outside-document",
        _span_past_end,
        1,
        WS + r"/graph: the graph does not conform \(\d+ problems\)",
    ),
    Case(
        "document-hash-changed",
        _changed_document,
        1,
        WS
        + P(f"/corpus/{FIRST_ARTICLE}: SHA-256 is ")
        + r"[0-9a-f]{12}…, the graph recorded [0-9a-f]{12}…: the document changed since it was"
        r" annotated; re-ingest or re-curate it",
    ),
    Case(
        "corpus-without-document",
        _missing_document,
        1,
        WS
        + P(
            f"/corpus/{FIRST_ARTICLE}: no such file (the graph cites document {FIRST_ARTICLE};"
            " is --corpus right?)"
        ),
    ),
    Case(
        "corpus-folder-missing",
        lambda ws: build_args(ws, "--corpus", str(ws / "nowhere")),
        1,
        WS + P("/nowhere: corpus folder not found (--corpus)"),
    ),
    Case(
        "corpus-folder-is-file",
        _corpus_is_file,
        1,
        WS + P("/file: is a file, expected the corpus folder (--corpus)"),
    ),
    Case(
        "document-empty",
        corpus_document(b"\n\n"),
        1,
        WS + P(f"/corpus/{FIRST_ARTICLE}: file is empty (the graph cites document") + ".*",
    ),
    Case(
        "document-binary",
        corpus_document(b"%PDF-1.7\n\x00\x01\x02"),
        1,
        WS + P(f"/corpus/{FIRST_ARTICLE}: binary file (NUL byte at offset 9), expected UTF-8 text")
        + ".*",
    ),
    Case(
        "document-not-utf8",
        corpus_document("Première ligne\nEspaço é\n".encode("latin-1")),
        1,
        WS + P(f"/corpus/{FIRST_ARTICLE}:1: not UTF-8 (invalid byte 0xe8 at offset 5);") + ".*",
    ),
    Case(
        "document-too-large",
        _big_document,
        1,
        WS
        + P(
            f"/corpus/{FIRST_ARTICLE}: file is {MAX_DOCUMENT_BYTES + 1} bytes, larger than the"
            f" limit of {MAX_DOCUMENT_BYTES} bytes"
        )
        + ".*",
    ),
    Case(
        "document-is-directory",
        _dir_document,
        1,
        WS + P(f"/corpus/{FIRST_ARTICLE}: is a directory, expected a text file") + ".*",
    ),
    Case(
        "document-is-pipe",
        _fifo_document,
        1,
        WS + P(f"/corpus/{FIRST_ARTICLE}: not a regular file (a pipe, socket or device)") + ".*",
    ),
    # -- the output folder ----------------------------------------------------------------
    Case(
        "output-under-a-file",
        _out_under_file,
        1,
        WS
        + P("/file/out: cannot create output folder (")
        + WS
        + P("/file is a file, not a folder)"),
    ),
    Case("output-is-a-file", _out_is_file, 1, WS + P("/file: exists and is not a folder")),
    # -- named queries, parameters, SPARQL -------------------------------------------------
    Case(
        "unknown-named-query",
        _query("mision"),
        1,
        P("no query named 'mision'; did you mean: missions?")
        + P(" (spacegraph query --list shows them all)"),
    ),
    Case(
        "unknown-query-parameter",
        _query("missions", "--param", "actr=CNSA"),
        1,
        P("query missions has no parameter 'actr'; did you mean: actor? its parameters: actor"),
    ),
    Case(
        "unknown-entity-label",
        _query("missions", "--param", "actor=CNSAA"),
        1,
        P("--param actor='CNSAA': no entity has this label or alias; did you mean: CNSA") + ".*",
    ),
    Case(
        "sparql-syntax-error",
        _query("SELECT ?x WHERE {\n  ?x ?y }"),
        1,
        P("<query>:2:") + r"\d+" + P(": SPARQL syntax error: ") + ".+",
    ),
    Case(
        "query-file-missing",
        lambda ws: _query(str(ws / "nowhere.rq"))(ws),
        1,
        WS + P("/nowhere.rq: no such query file"),
    ),
    # -- network analysis and the explorer -------------------------------------------------
    Case(
        "unknown-projection",
        lambda ws: ["rank", "--graph", str(ws / "graph"), "--projection", "actors"],
        2,
        P("Invalid value for '--projection': unknown projection 'actors'; valid projections:")
        + " actor, nation, mission",
    ),
    Case(
        "unknown-measure",
        lambda ws: ["rank", "--graph", str(ws / "graph"), "--measure", "pagerenk"],
        2,
        P("Invalid value for '--measure': unknown measure 'pagerenk'; valid measures:")
        + ".*pagerank.*",
    ),
    Case(
        "unknown-focus-label",
        lambda ws: [
            *("viz", "--graph", str(ws / "graph"), "--focus", "Chinaa"),
            *("--out", str(ws / "out" / "v.html")),
        ],
        1,
        P("--focus 'Chinaa': no node has this label or alias; did you mean 'China'") + ".*",
    ),
]  # fmt: skip

# The missing graph folder's message needs the path twice; fill it in here.
CASES = [
    c
    if c.id != "graph-folder-missing"
    else Case(c.id, c.setup, c.code, WS + P("/nowhere/graph: no such graph folder"))
    for c in CASES
]


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Outputs of a good build, copied into each workspace as ``out/``."""
    out = tmp_path_factory.mktemp("previous")
    result = CliRunner().invoke(main, ["build", "--graph", str(GRAPH_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def workspace(tmp_path: Path, previous_build: Path, corpus: Path) -> Iterator[Path]:
    shutil.copytree(GRAPH_DIR, tmp_path / "graph")
    (tmp_path / "corpus").mkdir()
    shutil.copy(corpus / FIRST_ARTICLE, tmp_path / "corpus" / FIRST_ARTICLE)
    shutil.copytree(previous_build, tmp_path / "out")
    yield tmp_path


def error_line(result: Result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0][len("Error: ") :]


def check_clean_failure(result: Result, code: int, message: str, ws: Path) -> None:
    assert result.exit_code == code, result.output
    # CliRunner keeps an escaped exception in result.exception rather than printing it.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    pattern = message.replace("{ws}", re.escape(str(ws)))
    assert re.fullmatch(pattern, error_line(result)), error_line(result)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, workspace: Path, previous_build: Path) -> None:
    args = case.setup(workspace)
    before = digests(previous_build)
    result = CliRunner().invoke(main, args)
    check_clean_failure(result, case.code, case.message, workspace)
    assert digests(workspace / "out") == before, "a failed command changed the outputs"
    assert not list((workspace / "out").glob(".staging-*"))


def test_shacl_violation_names_node_path_and_message(workspace: Path) -> None:
    result = CliRunner().invoke(main, _shacl(workspace))
    assert result.exit_code == 1
    assert (
        f"Violation: {CHINA} http://www.w3.org/2000/01/rdf-schema#label: An entity needs exactly"
        " one rdfs:label" in result.output
    )
    result = CliRunner().invoke(main, ["validate", "--graph", str(workspace / "graph")])
    assert result.exit_code == 1
    assert result.output.startswith(f"{CHINA} http://www.w3.org/2000/01/rdf-schema#label: ")


def test_span_outside_document_names_the_span(workspace: Path) -> None:
    result = CliRunner().invoke(main, _validate(_span_past_end)(workspace))
    assert result.exit_code == 1
    assert re.search(
        r"^https://w3id\.org/spacegraph/evidence/moon-rocks-china-us/\d+-\d+: span \d+-999999 lies"
        rf" outside {FIRST_ARTICLE} \(0-\d+\); fix the offsets$",
        result.output,
        re.M,
    ), result.output


def test_unreadable_graph_file(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (the tests run as root, so the read is made to fail)."""
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == TRIG:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = CliRunner().invoke(main, build_args(workspace))
    check_clean_failure(result, 1, WS + P(f"/graph/{TRIG}: permission denied"), workspace)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_document_by_mode(workspace: Path) -> None:
    (workspace / "corpus" / FIRST_ARTICLE).chmod(0)
    result = CliRunner().invoke(main, with_corpus(workspace))
    check_clean_failure(
        result, 1, WS + P(f"/corpus/{FIRST_ARTICLE}: permission denied") + ".*", workspace
    )


def test_second_build_refuses_while_one_holds_the_folder(workspace: Path) -> None:
    """Another build holds the lock (here: this test), so the build refuses, changing nothing."""
    before = digests(workspace / "out")
    with open(workspace / "out" / ".lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(main, build_args(workspace))
    check_clean_failure(
        result,
        1,
        WS + P("/out: another spacegraph build is writing this folder; wait for it to finish"),
        workspace,
    )
    assert digests(workspace / "out") == before


def test_every_case_is_in_the_table() -> None:
    table = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"`test_bad_input\[([\w-]+)\]`", table))
    assert ids == {c.id for c in CASES}


def test_unexpected_system_error_is_one_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError no check anticipated (here: an I/O error mid-build) is still one line."""
    import spacegraph.build

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(workspace / "graph" / TRIG))

    monkeypatch.setattr(spacegraph.build, "build", failing)
    result = CliRunner().invoke(main, build_args(workspace))
    check_clean_failure(result, 1, WS + P(f"/graph/{TRIG}: Input/output error"), workspace)
