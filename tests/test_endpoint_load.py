"""``spacegraph serve`` under load: concurrent clients on loopback, slow queries mixed in.

A bounded version of ``benchmarks/load_endpoint.py`` (which the README's
figures come from): 8 clients send 800 queries from the named-query library
while two deliberately slow queries run; no library query may fail, and the
server must keep answering afterwards. The figures are printed (``-s``).
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacegraph.serve import Endpoint, running_server

from .conftest import GRAPH_DIR, REPO

_spec = importlib.util.spec_from_file_location(
    "load_endpoint", REPO / "benchmarks" / "load_endpoint.py"
)
assert _spec and _spec.loader
load_endpoint = importlib.util.module_from_spec(_spec)
sys.modules["load_endpoint"] = load_endpoint
_spec.loader.exec_module(load_endpoint)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    store = load_endpoint.write_store(GRAPH_DIR, tmp_path_factory.mktemp("serve"))
    with running_server(store, port=load_endpoint.free_port(), timeout=10) as running:
        yield running


def test_bound_to_loopback_and_read_only(server: Endpoint) -> None:
    assert server.host == "127.0.0.1"
    status = load_endpoint.post(server.endpoint, "DELETE WHERE { ?s ?p ?o }", timeout=10)
    assert status >= 400
    assert load_endpoint.post(server.endpoint, "ASK { ?s ?p ?o }", timeout=10) == 200


@pytest.mark.timeout(180)
def test_concurrent_clients_with_slow_queries(server: Endpoint) -> None:
    report = load_endpoint.run_load(server.endpoint, clients=8, requests=800, slow=2, slow_limit=3)
    print(json.dumps(report.summary(), indent=2))
    assert report.failures == []
    assert report.requests == 800
    assert len(report.slow_statuses) == 2
    # The server keeps answering after the slow queries gave up.
    assert load_endpoint.post(server.endpoint, "ASK { ?s ?p ?o }", timeout=10) == 200


def test_server_stops_a_slow_query_within_its_timeout(server: Endpoint) -> None:
    """A query still computing at the deadline gets 503 in time; the server answers on."""
    start = time.monotonic()
    status = load_endpoint.post(server.endpoint, load_endpoint.SLOW_QUERY, timeout=30)
    assert status == 503
    assert time.monotonic() - start < 13  # the 10 s timeout, and some slack for a busy machine
    assert load_endpoint.post(server.endpoint, "ASK { ?s ?p ?o }", timeout=10) == 200


@pytest.fixture()
def strict(tmp_path: Path) -> Iterator[tuple[Endpoint, list[str]]]:
    """A server with a 2 s timeout and a 20 kB result cap, and what its guard reported."""
    store = load_endpoint.write_store(GRAPH_DIR, tmp_path)
    lines: list[str] = []
    with running_server(
        store, port=load_endpoint.free_port(), timeout=2, max_result_bytes=20_000, log=lines.append
    ) as running:
        yield running, lines


def test_runaway_query_process_is_replaced_and_stopped(strict: tuple[Endpoint, list[str]]) -> None:
    """Oxigraph would compute a runaway query to the end: its process is replaced, then stopped."""
    server, lines = strict
    first = server.pool.current
    assert load_endpoint.post(server.endpoint, load_endpoint.SLOW_QUERY, timeout=30) == 503
    assert server.pool.current is not first and server.pool.replacements == 1
    assert load_endpoint.post(server.endpoint, "ASK { ?s ?p ?o }", timeout=10) == 200
    deadline = time.monotonic() + 15
    while first.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not first.alive(), "the process running the runaway query was not stopped"
    assert any("ran past 2 s" in line for line in lines), lines


def test_result_larger_than_the_cap_arrives_incomplete(
    strict: tuple[Endpoint, list[str]],
) -> None:
    server, lines = strict
    small = "SELECT ?s WHERE { ?s a <https://w3id.org/spacegraph/ontology#Mission> } LIMIT 3"
    assert load_endpoint.post(server.endpoint, small, timeout=10) == 200
    with pytest.raises(http.client.IncompleteRead):
        load_endpoint.post(server.endpoint, "SELECT * WHERE { ?s ?p ?o }", timeout=10)
    assert any("exceeded 20000 bytes" in line for line in lines), lines
    assert load_endpoint.post(server.endpoint, small, timeout=10) == 200


def test_oversized_request_is_refused(strict: tuple[Endpoint, list[str]]) -> None:
    server, _ = strict
    huge = "ASK { ?s ?p ?o } # " + "x" * (2 << 20)
    assert load_endpoint.post(server.endpoint, huge, timeout=10) == 413


def test_a_dead_server_process_is_replaced(strict: tuple[Endpoint, list[str]]) -> None:
    server, lines = strict
    first = server.pool.current
    first.stop()
    assert load_endpoint.post(server.endpoint, "ASK { ?s ?p ?o }", timeout=10) == 200
    assert server.pool.current is not first
    assert any("stopped" in line for line in lines), lines
