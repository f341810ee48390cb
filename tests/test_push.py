"""``spacegraph push`` against a real Oxigraph server, and its failures.

The fixture starts ``oxigraph serve`` (the ``oxigraph`` package) on a free
loopback port with a fresh folder and stops it afterwards. In CI a missing
binary fails the tests instead of skipping them.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import spacegraph
from spacegraph.build import build
from spacegraph.cli import main
from spacegraph.push import MANIFEST, default_graph_store, push
from spacegraph.synth import synthesise

from .conftest import IN_CI
from .query_expected import EXPECTED


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def digests(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".lock")
    assert files, f"no files under {folder}"
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def sparql(endpoint: str, query: str) -> dict:  # type: ignore[type-arg]
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        endpoint, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    """A fresh ``oxigraph serve`` on a free port; yields its query endpoint URL."""
    binary = shutil.which("oxigraph")
    if binary is None:
        message = "the oxigraph server binary is not installed (pip install oxigraph)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    log = tmp_path / "oxigraph.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [
                binary,
                "serve",
                "--location",
                str(tmp_path / "oxigraph"),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    endpoint = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                sparql(endpoint, "ASK {}")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {log.read_text()}")
                time.sleep(0.1)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def rows(result: spacegraph.api.QueryResult) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else str(t) for t in row) for row in result.rows]


def test_push_then_query_gives_the_local_answers(built: Path, server: str) -> None:
    build_copy = built.parent / "push-build"
    shutil.copytree(built, build_copy, dirs_exist_ok=True)
    result = CliRunner().invoke(main, ["push", "--endpoint", server, "--build", str(build_copy)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pushed 2 graphs")  # the article and the ontology
    local = spacegraph.load(build_copy / "store")
    remote = spacegraph.load(endpoint=server)
    assert EXPECTED
    for name, spec in EXPECTED.items():
        here = local.query(name, **spec["params"])
        there = remote.query(name, **spec["params"])
        assert here.variables == there.variables, name
        assert rows(here) == rows(there), name
        assert len(here) > 0 or not spec["rows"], name
    # the CLI reads it back too
    out = CliRunner().invoke(main, ["query", "cooperation", "--endpoint", server])
    assert out.exit_code == 0, out.output
    assert "United States" in out.output


@pytest.fixture(scope="module")
def synth_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "s"
    synthesise(folder, 800, n_documents=5, seed=11)
    build(folder / "graph", folder / "build", folder / "corpus")
    return folder


@pytest.fixture()
def synth_build(synth_built: Path, tmp_path: Path) -> Path:
    """A writable copy of a built five-document synthetic graph."""
    shutil.copytree(synth_built, tmp_path / "s")
    return tmp_path / "s"


def graph_sizes(endpoint: str) -> dict[str, int]:
    answer = sparql(
        endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    return {b["g"]["value"]: int(b["n"]["value"]) for b in answer["results"]["bindings"]}


def test_only_changed_graphs_are_replaced(synth_build: Path, server: str) -> None:
    out = synth_build / "build"
    first = push(out, endpoint=server)
    assert len(first.sent) == 6 and not first.unchanged  # five documents and the ontology
    manifest = json.loads((out / MANIFEST).read_text())
    store = default_graph_store(server)
    assert sorted(manifest[store]) == sorted(first.sent)
    sizes = graph_sizes(server)
    assert sum(sizes.values()) == first.triples

    again = push(out, endpoint=server)
    assert again.sent == [] and len(again.unchanged) == 6

    # one document changes, one disappears
    docs = sorted((synth_build / "graph").glob("*.trig"))
    text = docs[1].read_text()
    docs[1].write_text(text.replace("deepen space ties", "renew space ties"))
    docs[2].unlink()
    (synth_build / "corpus" / (docs[2].stem + ".txt")).unlink()
    build(synth_build / "graph", out, synth_build / "corpus")
    third = push(out, endpoint=server)
    assert [g.rsplit("/", 1)[1] for g in third.sent] == [docs[1].stem]
    assert [g.rsplit("/", 1)[1] for g in third.deleted] == [docs[2].stem]
    assert len(third.unchanged) == 4
    titles = sparql(
        server,
        "SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t FILTER CONTAINS(?t, 'renew') }",
    )
    assert len(titles["results"]["bindings"]) == 1
    assert len(graph_sizes(server)) == 5

    # the server and the local store hold the same quads
    local = spacegraph.load(out / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert rows(local.query(count)) == rows(spacegraph.load(endpoint=server).query(count))


def test_unreachable_endpoint_is_one_line_and_touches_nothing(synth_build: Path) -> None:
    out = synth_build / "build"
    before = digests(out)
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(main, ["push", "--endpoint", url, "--build", str(out)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: cannot reach the graph store {url[:-6]}/store:")
    assert digests(out) == before
    assert not (out / MANIFEST).exists()


class _FailAfterOne(http.server.BaseHTTPRequestHandler):
    """Accepts the first PUT, then answers 500."""

    count = 0

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).count += 1
        if type(self).count == 1:
            self.send_response(201)
            self.end_headers()
        else:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"disk full\nmore detail")

    def log_message(self, *args: object) -> None:
        pass


def test_server_error_keeps_what_was_accepted(synth_build: Path) -> None:
    out = synth_build / "build"
    before = digests(out / "store")
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _FailAfterOne)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    store = f"http://127.0.0.1:{httpd.server_address[1]}/store"
    try:
        result = CliRunner().invoke(main, ["push", "--graph-store", store, "--build", str(out)])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "refused PUT of <https://w3id.org/spacegraph/graph/" in lines[0]
    assert lines[0].endswith("(HTTP 500): disk full")
    manifest = json.loads((out / MANIFEST).read_text())
    assert len(manifest[store]) == 1  # the graph the server accepted
    assert digests(out / "store") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "ftp://x/query"], "expected an http:// or https:// URL"),
        (["--endpoint", "http://localhost:1/sparql-endpoint"], "give --graph-store"),
        ([], "give --endpoint or --graph-store"),
    ],
)
def test_bad_options(args: list[str], message: str, synth_build: Path) -> None:
    result = CliRunner().invoke(main, ["push", *args, "--build", str(synth_build / "build")])
    assert result.exit_code in (1, 2)
    assert message in result.output


def test_missing_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["push", "--endpoint", "http://127.0.0.1:1/query", "--build", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "run spacegraph build first" in result.output
