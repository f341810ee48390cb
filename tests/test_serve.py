"""``spacegraph serve`` over HTTP: a real client (SPARQLWrapper), conneg, read-only, clean stop."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from spacegraph.api import SpaceGraph, load
from spacegraph.cli import main
from spacegraph.errors import QueryError
from spacegraph.library import get_query
from spacegraph.results import from_sparql_json
from spacegraph.sparqltext import inject_values

from .conftest import GRAPH_DIR, REPO
from .query_expected import ALL_NAMES, check, params_of

pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:rdflib\..*")


#: The command line (``python -m spacegraph.cli`` would import cli.py twice).
SPACEGRAPH = [sys.executable, "-m", "spacegraph.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    banner: list[str]

    @property
    def endpoint(self) -> str:
        return self.url + "query"


def start(out: Path, *extra: str) -> Served:
    port = free_port()
    command = [*SPACEGRAPH, "serve", "--graph", str(GRAPH_DIR)]
    command += ["--out", str(out), "--port", str(port), *extra]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    banner = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        banner.append(line.rstrip("\n"))
        if line.startswith("read-only"):
            return Served(process, f"http://127.0.0.1:{port}/", banner)
    process.kill()
    raise AssertionError("serve did not start")


def stop(served: Served) -> tuple[int, str]:
    served.process.send_signal(signal.SIGINT)
    out, _ = served.process.communicate(timeout=20)
    return served.process.returncode, out


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[Served]:
    """One server for the module, with a 1 s query timeout (every named query takes far less)."""
    s = start(built, "--timeout", "1")
    yield s
    if s.process.poll() is None:
        stop(s)


@pytest.fixture(scope="module")
def local(built: Path) -> SpaceGraph:
    return load(built / "store")


def test_banner_and_loopback_only(served: Served) -> None:
    assert served.banner[0] == f"SPARQL endpoint: {served.endpoint}"
    assert served.banner[1] == f"query page:      {served.url}"
    assert served.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("name", ALL_NAMES)
def test_named_queries_over_http_match_local(served: Served, local: SpaceGraph, name: str) -> None:
    """spacegraph query --endpoint and SPARQLWrapper (GET and POST) give the local answers."""
    expected = local.query(name, **params_of(name))
    remote = load(endpoint=served.endpoint).query(name, **params_of(name))
    assert remote.variables == expected.variables
    assert remote.rows == expected.rows
    check(name, remote.variables, remote.as_strings())

    named = get_query(name)
    text = inject_values(named.text, local.bindings(named, params_of(name)))
    for method in ("GET", POST):
        client = SPARQLWrapper(served.endpoint)
        client.setQuery(text)
        client.setReturnFormat(JSON)
        if method == POST:
            client.setMethod(POST)
        data = client.queryAndConvert()
        assert isinstance(data, dict)
        result = from_sparql_json(data)
        assert result.rows == expected.rows, method


@pytest.mark.parametrize(
    ("accept", "content_type", "first_line"),
    [
        ("text/csv", "text/csv", "missionLabel,how,mission,actor"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?missionLabel\t?how\t?mission\t?actor",
        ),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<?xml"),
        ("application/sparql-results+json", "application/sparql-results+json", '{"head":'),
    ],
)
def test_content_negotiation(
    served: Served, accept: str, content_type: str, first_line: str
) -> None:
    china = URIRef("https://w3id.org/spacegraph/id/nation/china")
    query = inject_values(get_query("missions").text, {"actor": china})
    url = served.endpoint + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get_content_type() == content_type
        body = response.read().decode("utf-8")
    assert body.startswith(first_line)
    assert body.count("change-5") == 2 and body.count("change-4") == 1


def test_update_is_refused(served: Served, local: SpaceGraph) -> None:
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    for url, data, ctype in [
        (served.url + "update", update.encode(), "application/sparql-update"),
        (
            served.url + "update",
            urllib.parse.urlencode({"update": update}).encode(),
            "application/x-www-form-urlencoded",
        ),
        (
            served.endpoint,
            urllib.parse.urlencode({"update": update}).encode(),
            "application/x-www-form-urlencoded",
        ),
    ]:
        request = urllib.request.Request(url, data=data, headers={"Content-Type": ctype})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=10)
        info.value.close()
        assert 400 <= info.value.code < 500
    ask = load(endpoint=served.endpoint).query("ASK { <urn:x> ?p ?o }")
    assert ask.boolean is False
    with pytest.raises(QueryError, match="INSERT is a SPARQL UPDATE"):
        load(endpoint=served.endpoint).query(update)


def test_query_page_works_offline(served: Served) -> None:
    with urllib.request.urlopen(served.url, timeout=10) as response:
        html = response.read().decode("utf-8")
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs, "the page loads no script or style"
    for ref in refs:
        assert not re.match(r"^(https?:)?//", ref), f"{ref} is loaded from the network"
        with urllib.request.urlopen(urllib.parse.urljoin(served.url, ref), timeout=10) as asset:
            assert asset.status == 200 and len(asset.read()) > 100


def test_server_timeout(served: Served) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    began = time.monotonic()
    # The guard answers 503 at the server's 1 s deadline (before the client's own 3 s).
    with pytest.raises(QueryError, match=r"HTTP 503\): the query did not answer within 1 s"):
        load(endpoint=served.endpoint, timeout=3).query(slow)
    assert time.monotonic() - began < 6


def children(pid: int) -> set[int]:
    """The child processes of ``pid`` (Linux ``/proc``)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has stopped


def test_killed_serve_takes_the_server_with_it(built: Path) -> None:
    """SIGKILL leaves spacegraph no chance to clean up; the kernel stops the server instead."""
    s = start(built)
    servers = children(s.process.pid)
    assert servers, "serve started no Oxigraph server process"
    s.process.kill()
    s.process.communicate(timeout=10)  # reaps it and closes its pipes
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in servers), "the Oxigraph server outlived serve"


def test_serve_reports_a_busy_port(built: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        args = ["serve", "--graph", str(GRAPH_DIR), "--out", str(built), "--port", str(port)]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the Oxigraph server did not start on 127.0.0.1:{port}")
    assert len(result.stderr.splitlines()) == 1


def test_ctrl_c_stops_the_server_cleanly(served: Served) -> None:
    """Runs last in this module: SIGINT to spacegraph stops it and the Oxigraph server."""
    status, out = stop(served)
    assert status == 0
    assert out.rstrip().endswith("stopped")
    port = int(served.url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
