"""Time the network stage: projection + PageRank + sampled betweenness, ours against rdflib's.

For each graph folder (or each synthetic size, generated with
``spacegraph.synth`` into a temporary folder), in the same run:

- **ours**: load the folder into an in-memory Oxigraph store, run the actor
  projection (``projections/actor.rq``), then PageRank and betweenness from
  ``k`` sampled sources on the projected graph;
- **rdflib baseline**: parse the folder with rdflib, convert the union graph
  with ``rdflib.extras.external_graph_libs.rdflib_to_networkx_multidigraph``
  (every triple an edge: classes, labels and literals become nodes), make it
  a simple undirected graph, and run the same two measures on it.

With ``--backend NAME`` (``parallel`` for nx-parallel) it also times
betweenness on the same actor projection through ``centrality_table``, as
``spacegraph rank`` runs it, once in NetworkX and once with ``--backend NAME``,
from ``k`` sampled sources and from every node, and prints the speed-up
(NetworkX seconds / backend seconds) and the largest difference in a score.
Seconds are wall-clock (the backend's work is in worker processes); the
workers are started before anything is timed.

Usage::

    python benchmarks/bench_network.py GRAPH_DIR [GRAPH_DIR ...]
    python benchmarks/bench_network.py --synth 10k,100k,1M
    python benchmarks/bench_network.py --synth 10k,100k --backend parallel --no-baseline

``--synth`` needs ``spacegraph.synth`` (the synthetic-graph generator).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

from spacegraph.loader import graph_files
from spacegraph.measures import betweenness, centrality_table, pagerank
from spacegraph.network import load_store, project


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()
    start = time.perf_counter()
    out = func()
    return out, time.perf_counter() - start


def ours(graph_dir: Path, k: int) -> dict[str, Any]:
    store, t_load = timed(lambda: load_store(graph_dir))
    G, t_project = timed(lambda: project(store, "actor"))
    _, t_pagerank = timed(lambda: pagerank(G))
    _, t_between = timed(lambda: betweenness(G, k=k, seed=1))
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "load": t_load,
        "project": t_project,
        "pagerank": t_pagerank,
        "betweenness": t_between,
    }


def baseline(graph_dir: Path, k: int) -> dict[str, Any]:
    def parse() -> Graph:
        dataset = Dataset()
        for path in graph_files(graph_dir):
            dataset.parse(path, format="trig" if path.suffix == ".trig" else None)
        union = Graph()
        for graph in dataset.graphs():
            union += graph
        return union

    union, t_load = timed(parse)

    def convert() -> nx.Graph:
        return nx.Graph(rdflib_to_networkx_multidigraph(union).to_undirected())

    H, t_project = timed(convert)
    nx.set_edge_attributes(H, 1.0, "distance")
    nx.set_edge_attributes(H, 1, "weight")
    _, t_pagerank = timed(lambda: pagerank(H))
    _, t_between = timed(lambda: betweenness(H, k=k, seed=1))
    return {
        "nodes": H.number_of_nodes(),
        "edges": H.number_of_edges(),
        "load": t_load,
        "project": t_project,
        "pagerank": t_pagerank,
        "betweenness": t_between,
    }


def report(name: str, triples: int | None, k: int, graph_dir: Path, skip_baseline: bool) -> None:
    rows = [("spacegraph actor.rq (oxigraph)", ours(graph_dir, k))]
    if not skip_baseline:
        rows.append(("rdflib_to_networkx_multidigraph", baseline(graph_dir, k)))
    size = f"{triples:,} triples" if triples else str(graph_dir)
    print(f"\n{name}: {size}, betweenness from k={k} sampled sources")
    print(
        f"{'method':34} {'nodes':>9} {'edges':>9} {'load s':>8} {'project s':>10}"
        f" {'pagerank s':>11} {'betw. s':>8} {'total s':>8}"
    )
    for method, r in rows:
        total = r["load"] + r["project"] + r["pagerank"] + r["betweenness"]
        print(
            f"{method:34} {r['nodes']:>9,} {r['edges']:>9,} {r['load']:>8.2f} {r['project']:>10.2f}"
            f" {r['pagerank']:>11.2f} {r['betweenness']:>8.2f} {total:>8.2f}"
        )
    sys.stdout.flush()


def report_backend(graph_dir: Path, k: int, backend: str) -> None:
    """Betweenness of the actor projection in NetworkX and with ``backend``, same graph."""
    G = project(load_store(graph_dir), "actor")
    print(
        f"betweenness of the actor projection ({G.number_of_nodes():,} nodes,"
        f" {G.number_of_edges():,} edges): networkx vs --backend {backend}"
        f" ({os.cpu_count()} cores)"
    )
    print(
        f"{'sources':14} {'networkx s':>11} {backend + ' s':>11} {'speed-up':>9} {'max |diff|':>11}"
    )
    for name, sources in ((f"k={k}", k), ("all", None)):
        plain, t_plain = timed(lambda s=sources: centrality_table(G, ["betweenness"], k=s, seed=1))
        fast, t_fast = timed(
            lambda s=sources: centrality_table(G, ["betweenness"], backend=backend, k=s, seed=1)
        )
        diff = (plain["betweenness"] - fast["betweenness"].reindex(plain.index)).abs().max()
        print(f"{name:14} {t_plain:>11.2f} {t_fast:>11.2f} {t_plain / t_fast:>8.2f}x {diff:>11.1e}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", nargs="*", type=Path, help="graph folders of .trig files")
    parser.add_argument(
        "--synth", default="", help="comma-separated synthetic sizes, e.g. 10k,100k,1M"
    )
    parser.add_argument("--k", type=int, default=100, help="sampled betweenness sources")
    parser.add_argument(
        "--no-baseline", action="store_true", help="time only the spacegraph projection"
    )
    parser.add_argument(
        "--backend",
        default=None,
        help="also time betweenness with this NetworkX backend (e.g. parallel) against NetworkX",
    )
    args = parser.parse_args(argv)
    if not args.graphs and not args.synth:
        parser.error("give graph folders or --synth SIZES")
    pagerank(nx.path_graph(3))  # import scipy's sparse code before anything is timed
    if args.backend:
        small = nx.barabasi_albert_graph(50, 2, seed=0)
        nx.set_edge_attributes(small, 1, "weight")
        nx.set_edge_attributes(small, 1.0, "distance")
        _, t_start = timed(lambda: centrality_table(small, ["betweenness"], backend=args.backend))
        print(f"--backend {args.backend}: first call (starts the workers) {t_start:.2f} s")
    for graph_dir in args.graphs:
        report(graph_dir.name, None, args.k, graph_dir, args.no_baseline)
        if args.backend:
            report_backend(graph_dir, args.k, args.backend)
    if args.synth:
        try:
            from spacegraph.synth import parse_size, synthesise
        except ImportError:
            print("spacegraph.synth is not available yet: pass graph folders instead")
            return 2
        for text in args.synth.split(","):
            triples = parse_size(text)
            with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
                result, t_synth = timed(lambda t=triples, d=tmp: synthesise(d, t, seed=0))
                print(f"\nsynthesised {text} in {t_synth:.1f} s")
                report(
                    f"synthetic {text}",
                    result.triples,
                    args.k,
                    Path(tmp) / "graph",
                    args.no_baseline,
                )
                if args.backend:
                    report_backend(Path(tmp) / "graph", args.k, args.backend)
    return 0


if __name__ == "__main__":
    sys.exit(main())
