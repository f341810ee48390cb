"""Load test of ``spacegraph serve``: concurrent clients on loopback, with slow queries mixed in.

Starts ``spacegraph serve``'s endpoint (the guard and the read-only Oxigraph
server behind it) on a store of the graph, then ``--clients`` threads send
``--requests`` queries in all, cycling through the named-query library with parameters
(each client through :func:`spacegraph.load` with ``endpoint=``), while one
more thread sends ``--slow`` deliberately slow queries (a four-way cross join)
that the timeout must stop. Then the same load goes straight to an Oxigraph
server without the guard, the baseline. Prints throughput and p50/p99 latency
of both and their ratio; exits 1 if any library query failed through the guard
or it stopped answering. A slow query's status is 0 when the server had not
answered it within 3 s.

Usage::

    python benchmarks/load_endpoint.py --clients 8 --requests 2000 --slow 4
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Named queries with parameters that resolve on the first article's graph.
LIBRARY_CALLS: list[tuple[str, dict[str, str]]] = [
    ("missions", {"actor": "CNSA"}),
    ("entity-profile", {"entity": "Chang'e-5"}),
    ("evidence", {"subject": "Chang'e-5"}),
    ("document", {"document": "moon-rocks-china-us.txt"}),
    ("cooperation-in-domain", {"domain": "science"}),
    ("cooperation", {}),
    ("conflicts", {}),
    ("corroborated", {}),
    ("entities", {}),
    ("sample-access", {}),
    ("top-actors", {}),
]

#: A query that cannot finish: every combination of four triples.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class LoadReport:
    """What a load run measured."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    slow_statuses: list[int] = field(default_factory=list)
    slow_seconds: list[float] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "failed": len(self.failures),
            "seconds": round(self.seconds, 2),
            "throughput_per_s": round(self.throughput, 1),
            "p50_ms": round(self.percentile(50) * 1000, 2),
            "p99_ms": round(self.percentile(99) * 1000, 2),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 2) if self.latencies else 0,
            "slow_queries": len(self.slow_statuses),
            "slow_statuses": self.slow_statuses,
            "slow_max_s": round(max(self.slow_seconds, default=0.0), 2),
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_store(graph_dir: Path, folder: Path) -> Path:
    """An Oxigraph store of the ontology and ``graph_dir`` (what ``spacegraph build`` writes)."""
    import hashlib

    from spacegraph.export import SortedQuads
    from spacegraph.loader import load
    from spacegraph.store import input_hashes, write_manifest
    from spacegraph.store import write_store as write

    quads = SortedQuads(load(graph_dir).quads)
    nquads = quads.nquads().encode("utf-8")
    store = folder / "store"
    counts = write(store, nquads, quads.union.encode("utf-8"))
    digest = hashlib.sha256(nquads).hexdigest()
    write_manifest(store, counts, digest, input_hashes(graph_dir))
    return store


def post(endpoint: str, query: str, timeout: float) -> int:
    """POST a query; the HTTP status (the body is read and dropped)."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        endpoint, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return int(exc.code)


def run_load(
    endpoint: str, *, clients: int = 8, requests: int = 2000, slow: int = 4, slow_limit: float = 10
) -> LoadReport:
    """Send ``requests`` library queries from ``clients`` threads and ``slow`` slow ones."""
    import spacegraph

    report = LoadReport()
    lock = threading.Lock()
    per_client = [
        requests // clients + (1 if i < requests % clients else 0) for i in range(clients)
    ]
    start_line = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        graph = spacegraph.load(endpoint=endpoint, timeout=30)
        start_line.wait()
        for j in range(per_client[index]):
            name, params = LIBRARY_CALLS[(index + j) % len(LIBRARY_CALLS)]
            t0 = time.perf_counter()
            try:
                graph.query(name, **params)
                error = None
            except Exception as exc:
                error = f"{name} {params}: {exc}"
            elapsed = time.perf_counter() - t0
            with lock:
                report.requests += 1
                report.latencies.append(elapsed)
                if error:
                    report.failures.append(error)

    def slow_client() -> None:
        start_line.wait()
        for _ in range(slow):
            t0 = time.perf_counter()
            try:
                status = post(endpoint, SLOW_QUERY, timeout=slow_limit)
            except OSError:
                status = 0  # no answer within slow_limit: the server did not stop it
            with lock:
                report.slow_statuses.append(status)
                report.slow_seconds.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=slow_client))
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    report.seconds = time.perf_counter() - t0
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--graph", type=Path, default=None, help="Graph folder (default: embedded)."
    )
    parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
    parser.add_argument("--requests", type=int, default=2000, help="Library queries in all.")
    parser.add_argument("--slow", type=int, default=4, help="Deliberately slow queries.")
    parser.add_argument("--timeout", type=float, default=10.0, help="Server query timeout (s).")
    args = parser.parse_args(argv)

    from spacegraph.paths import embedded_graph_dir
    from spacegraph.serve import running_server, start_oxigraph

    def load(endpoint: str) -> tuple[LoadReport, bool]:
        report = run_load(
            endpoint, clients=args.clients, requests=args.requests, slow=args.slow, slow_limit=3
        )
        return report, post(endpoint, "ASK { ?s ?p ?o }", timeout=10) == 200

    with tempfile.TemporaryDirectory() as tmp:
        store = write_store(args.graph or embedded_graph_dir(), Path(tmp))
        with running_server(store, port=free_port(), timeout=args.timeout) as server:
            guarded, guarded_after = load(server.endpoint)
        # The baseline: the same load sent straight to an Oxigraph server, no guard.
        direct_server = start_oxigraph(store, args.timeout, cors=False)
        try:
            direct, direct_after = load(f"http://127.0.0.1:{direct_server.port}/query")
        finally:
            direct_server.stop()
    runs = {"guard": (guarded, guarded_after), "oxigraph alone": (direct, direct_after)}
    summary = {
        name: {**report.summary(), "answers_after_slow_queries": after}
        for name, (report, after) in runs.items()
    }
    print(json.dumps(summary, indent=2))
    print("| endpoint | q/s | p50 ms | p99 ms | failed | slow queries: statuses, longest s |")
    print("|---|---:|---:|---:|---:|---|")
    for name, (report, _) in runs.items():
        s = report.summary()
        print(
            f"| {name} | {s['throughput_per_s']} | {s['p50_ms']} | {s['p99_ms']} | {s['failed']}"
            f" | {s['slow_statuses']}, {s['slow_max_s']} |"
        )
    ratio = guarded.throughput / direct.throughput if direct.throughput else 0.0
    print(f"guard / oxigraph alone: throughput {ratio:.2f}x")
    for failure in guarded.failures[:10]:
        print("failed:", failure, file=sys.stderr)
    return 0 if not guarded.failures and guarded_after else 1


if __name__ == "__main__":
    sys.exit(main())
