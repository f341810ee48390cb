"""One runner for every scale benchmark: each stage at each size, ours against the naive stack.

For each size (``--sizes 10k,100k,1M``) the runner writes a synthetic graph
folder with :mod:`spacegraph.synth`, then runs every stage twice, ours and
naive, each in a fresh subprocess (so a stage's peak memory is its own: the
child's ``ru_maxrss`` read with ``os.wait4``) and under a time cap (a stage
still running at ``--cap`` seconds is stopped and reported as ``> cap``).
Loading the data a stage needs happens in the child before the clock starts.

- build: ``spacegraph.build.build`` (load, checks, quotes, exports, store, page);
  no naive counterpart;
- parse: pyoxigraph ``Store.load`` of every file / rdflib ``Dataset.parse``;
- validate: ``spacegraph.validate.validate`` / pySHACL over the rdflib union;
- query:NAME: every named query of the library (``spacegraph.library``) on an
  Oxigraph store (the union in its default graph, as ``oxstore.load_store``
  makes it) / in rdflib's SPARQL engine; a query with parameters gets values
  picked from the graph itself, once per size and the same for both (the
  actor with most missions, the entity in most claims and its most frequent
  fact, the document with most claims, the science domain; see ``PICK``);
- projection: ``network.project(store, "actor")`` /
  ``rdflib_to_networkx_multidigraph`` of the union;
- pagerank: igraph on the projection / ``nx.pagerank`` (top-20 overlap noted);
- betweenness: igraph subset betweenness from the k = 256 sources NetworkX
  samples / ``nx.betweenness_centrality(k=256)`` (top-20 overlap noted);
- page: ``viz.explore(..., projection="actor", top=500)`` / PyVis defaults
  (``Network().from_nx``, ``write_html``) on the top 500 nodes by degree.

Usage::

    python benchmarks/run.py --sizes 10k,100k --cap 300
    python benchmarks/run.py --sizes 1M --cap 600 --out benchmarks/results-1M.md
    python benchmarks/run.py --sizes 1M --stages query:entities,query:cooperation --skip-naive 1M

It prints a Markdown table (stage, size, ours s, naive s, ratio, peak MB).
Seconds are CPU seconds of the timed step (``time.process_time``: all threads
of the child), which stay honest when other jobs share the machine; the
build, which runs its checks and its store load in a thread beside the rest,
also notes its wall-clock seconds; the cap
is on the step's CPU time too (``RLIMIT_CPU``), with 4× the cap of wall time
as a backstop. ``--skip-naive SIZES`` leaves out the naive runs at those
sizes (at 1M each naive step parses the graph with rdflib first, about 100 s).
``--built-store`` also runs each query on the persistent (RocksDB) store the
build stage wrote, which ``spacegraph query`` opens, and notes its seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from spacegraph.library import list_queries

HERE = Path(__file__).resolve()
QUERIES = [q.name for q in list_queries()]
STAGES = ["build", "parse", "validate", *(f"query:{q}" for q in QUERIES)]
STAGES += ["projection", "pagerank", "betweenness", "page"]
NAIVE_NONE = {"build"}
#: Stages that keep both cores busy (the build's checks and store load run in a thread):
#: their wall-clock seconds, which the targets speak of, are noted beside the CPU seconds.
WALL_NOTED = {"build"}
RDFLIB_STAGES = {"validate", "projection", *(f"query:{q}" for q in QUERIES)}
K = 256
SG = "https://w3id.org/spacegraph/ontology#"

#: How a parameter value is picked from the graph (one value, an IRI, per query).
PICK = {
    # the actor (nation or agency) with most missions
    "actor": f"""PREFIX sg: <{SG}>
        SELECT ?actor WHERE {{
          {{ ?m sg:country ?actor }} UNION {{ ?m sg:operatedBy ?actor }}
          UNION {{ ?m sg:operatedBy/sg:agencyOf ?actor }}
        }} GROUP BY ?actor ORDER BY DESC(COUNT(*)) STR(?actor) LIMIT 1""",
    # the entity that is the subject of most claims, and its most frequent fact
    "fact": """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?subject ?predicate ?object WHERE {
          { SELECT ?subject WHERE { ?c rdf:subject ?subject } GROUP BY ?subject
            ORDER BY DESC(COUNT(*)) STR(?subject) LIMIT 1 }
          ?c rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
          FILTER(isIRI(?object))
        } GROUP BY ?subject ?predicate ?object
        ORDER BY DESC(COUNT(*)) STR(?predicate) STR(?object) LIMIT 1""",
    # the document that states most claims
    "document": f"""SELECT ?document WHERE {{ ?c <{SG}statedIn> ?document }}
        GROUP BY ?document ORDER BY DESC(COUNT(*)) STR(?document) LIMIT 1""",
}


# -- the stages (run in a child process) ------------------------------------------------------
def _graph_files(folder: Path) -> list[Path]:
    return sorted((folder / "graph").glob("*.trig"))


def _ox_store(folder: Path) -> Any:
    from spacegraph.network import load_store

    return load_store(folder / "graph")


def _rdflib_dataset(folder: Path) -> Any:
    import warnings

    from rdflib import Dataset

    from spacegraph.loader import ONTOLOGY_GRAPH
    from spacegraph.paths import ontology_file

    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.graph(ONTOLOGY_GRAPH).parse(ontology_file(), format="turtle")
        for path in _graph_files(folder):
            ds.parse(path, format="trig")
    return ds


def _projection(folder: Path) -> Any:
    from spacegraph.network import project

    return project(_ox_store(folder), "actor")


def pick_params(folder: Path) -> dict[str, dict[str, str]]:
    """Values (IRIs) for the required parameters of each named query, picked from the graph."""
    from spacegraph.engines import OxigraphEngine

    engine = OxigraphEngine(_ox_store(folder))
    values = {"domain": SG + "Science"}
    for key, text in PICK.items():
        rows = engine.run(text, {}, f"pick {key}").rows
        if not rows or any(term is None for term in rows[0]):
            continue  # a query needing this value reports the error
        if key == "fact":
            values.update(zip(["subject", "predicate", "object"], map(str, rows[0]), strict=True))
            values["entity"] = values["subject"]
        else:
            values[key] = str(rows[0][0])
    picked = {}
    for query in list_queries():
        required = [p.name for p in query.params if not p.optional]
        if required and all(name in values for name in required):
            picked[query.name] = {name: values[name] for name in required}
    return picked


def _warm_up() -> None:
    """Import and initialise both stacks before any clock starts (not part of a stage)."""
    import networkx as nx
    import pyoxigraph as ox
    from rdflib import Dataset

    import spacegraph.build
    import spacegraph.engines
    import spacegraph.network
    import spacegraph.validate
    import spacegraph.viz  # noqa: F401

    Dataset().query("ASK { ?s ?p ?o }")  # builds rdflib's SPARQL parser
    ox.Store().query("ASK { ?s ?p ?o }")
    nx.pagerank(nx.path_graph(3))  # imports scipy


_STOPPED: list[int] = []  # the signals that stopped the timed step


def _alarm(seconds: int) -> None:
    """Stop the timed step after ``seconds`` of CPU time (and, as a backstop, 4× that of wall time).

    CPU time, because on a shared machine wall time also counts other jobs.
    """
    import resource

    def stop(signum: int, frame: Any) -> None:
        _STOPPED.append(signum)
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.signal(signal.SIGXCPU, stop)
    used = int(time.process_time()) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
    signal.alarm(4 * seconds)


def stage(
    name: str, impl: str, folder: Path, cap: int, params: dict[str, str] | None = None
) -> dict[str, Any]:
    """Prepare, then time one stage (``params``: a query's parameter values); seconds and notes."""
    import warnings

    warnings.simplefilter("ignore")
    _warm_up()
    extra: dict[str, Any] = {}
    if name == "build":
        from spacegraph.build import build

        def run() -> None:
            build(folder / "graph", folder / "build", folder / "corpus")

    elif name == "parse":
        if impl == "ours":

            def run() -> None:
                extra["quads"] = len(_ox_store(folder))

        else:

            def run() -> None:
                extra["quads"] = len(_rdflib_dataset(folder))

    elif name == "validate":
        from spacegraph.loader import load

        loaded = load(folder / "graph")
        if impl == "ours":
            from spacegraph.validate import validate

            def run() -> None:
                extra["violations"] = len(validate(loaded).violations)

        else:
            from pyshacl import validate as shacl
            from rdflib import Graph

            from spacegraph.loader import ONTOLOGY_GRAPH
            from spacegraph.paths import shapes_file

            shapes = Graph().parse(shapes_file(), format="turtle")
            ontology = loaded.dataset.graph(ONTOLOGY_GRAPH)

            def run() -> None:
                extra["conforms"] = shacl(
                    loaded.union(), shacl_graph=shapes, ont_graph=ontology, advanced=True
                )[0]

    elif name.startswith("query:"):
        from rdflib import URIRef

        from spacegraph.library import get_query

        query = get_query(name.split(":", 1)[1])
        bindings = {k: URIRef(v) for k, v in (params or {}).items()}
        missing = [p.name for p in query.params if not p.optional and p.name not in bindings]
        if missing:
            raise SystemExit(f"no value picked from the graph for {', '.join(missing)}")
        if impl == "ours":
            from spacegraph.engines import OxigraphEngine

            engine: Any = OxigraphEngine(_ox_store(folder))
        elif impl == "built":  # the persistent store the build stage wrote (RocksDB)
            from spacegraph.engines import OxigraphEngine
            from spacegraph.store import open_store

            engine = OxigraphEngine(open_store(folder / "build" / "store"))
        else:
            from spacegraph.engines import RdflibEngine

            engine = RdflibEngine(_rdflib_dataset(folder))

        def run() -> None:
            extra["rows"] = len(engine.run(query.text, bindings, name))

    elif name == "projection":
        if impl == "ours":
            store = _ox_store(folder)

            def run() -> None:
                from spacegraph.network import project

                G = project(store, "actor")
                extra.update(nodes=G.number_of_nodes(), edges=G.number_of_edges())

        else:
            from rdflib import Graph
            from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

            ds = _rdflib_dataset(folder)
            union = Graph()
            for g in ds.graphs():
                union += g

            def run() -> None:
                G = rdflib_to_networkx_multidigraph(union)
                extra.update(nodes=G.number_of_nodes(), edges=G.number_of_edges())

    elif name == "pagerank":
        import networkx as nx

        G = _projection(folder)
        if impl == "ours":
            import igraph as ig

            def run() -> None:
                nodes = list(G.nodes)
                index = {n: i for i, n in enumerate(nodes)}
                h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
                h.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
                scores = h.pagerank(weights="weight", damping=0.85)
                extra["top"] = [
                    nodes[i] for i in sorted(range(len(nodes)), key=lambda i: -scores[i])[:20]
                ]

        else:

            def run() -> None:
                scores = nx.pagerank(G, weight="weight")
                extra["top"] = sorted(scores, key=lambda n: -scores[n])[:20]

    elif name == "betweenness":
        import random

        import networkx as nx

        G = _projection(folder)
        k = min(K, len(G))
        if impl == "ours":
            import igraph as ig

            nodes = list(G.nodes)
            index = {n: i for i, n in enumerate(nodes)}
            sources = random.Random(1).sample(nodes, k)  # the sample NetworkX draws with seed=1

            def run() -> None:
                h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
                h.es["distance"] = [d["distance"] for _, _, d in G.edges(data=True)]
                scores = h.betweenness(
                    directed=False, weights="distance", sources=[index[n] for n in sources]
                )
                extra["top"] = [
                    nodes[i] for i in sorted(range(len(nodes)), key=lambda i: -scores[i])[:20]
                ]

        else:

            def run() -> None:
                scores = nx.betweenness_centrality(G, k=k, weight="distance", seed=1)
                extra["top"] = sorted(scores, key=lambda n: -scores[n])[:20]

    elif name == "page":
        if impl == "ours":
            from spacegraph.loader import load
            from spacegraph.viz import explore

            loaded = load(folder / "graph")
            store, ontology = loaded.store, loaded.ontology  # made before the clock starts

            def run() -> None:
                page = explore(store, ontology, projection="actor", top=500)
                (folder / "page-ours.html").write_text(page.html)

        else:
            import networkx as nx
            from pyvis.network import Network

            G = _projection(folder)
            top = sorted(G.degree, key=lambda nd: -nd[1])[:500]
            sub = nx.Graph()
            for n, _ in top:
                sub.add_node(n, label=G.nodes[n].get("label", n), title=G.nodes[n].get("label", n))
            for u, v in G.subgraph([n for n, _ in top]).edges():
                sub.add_edge(u, v)

            def run() -> None:
                net = Network()
                net.from_nx(sub)
                os.chdir(folder)
                net.write_html(str(folder / "page-naive.html"))

    else:
        raise SystemExit(f"unknown stage {name}")
    _alarm(cap)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        run()
    except TimeoutError:
        return {"seconds": None, "wall": None, **extra}
    except Exception:
        # A library can catch the TimeoutError and fail otherwise (rdflib's SPARQL engine
        # then raises an IndexError): still a step stopped at the cap, not an error.
        if _STOPPED:
            return {"seconds": None, "wall": None, **extra}
        raise
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)  # sent every second past the limit
    # CPU seconds (all threads) are what the table reports: on a shared machine wall
    # time also counts the time other processes held the cores.
    return {"seconds": time.process_time() - cpu, "wall": time.perf_counter() - start, **extra}


# -- the runner -------------------------------------------------------------------------------
def run_child(
    name: str, impl: str, folder: Path, cap: int, params: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run one stage in a fresh process; add its peak memory (MB)."""
    cmd = [sys.executable, str(HERE), "--stage", name, "--impl", impl, "--dir", str(folder),
           "--cap", str(cap), "--params", json.dumps(params or {})]  # fmt: skip
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        start = time.monotonic()
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > 6 * cap + 600:  # the child's own limits did not stop it
                proc.kill()
                killed = True
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode()
        peak = usage.ru_maxrss / 1024
        if killed:
            return {"seconds": None, "peak_mb": peak}
        if proc.returncode != 0:
            lines = err.read().decode().strip().splitlines()
            return {"seconds": None, "error": lines[-1] if lines else "failed", "peak_mb": peak}
    result = json.loads(text.strip().splitlines()[-1])
    result["peak_mb"] = peak
    return result


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        mem = f"{mem_kb / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration, ValueError):
        mem = "unknown memory"
    return f"{os.cpu_count()} cores (nproc), {mem}, {cpu}; Python {platform.python_version()}"


def _fmt(seconds: float | None, cap: int, error: bool = False) -> str:
    if error:
        return "error"
    if seconds is None:
        return f"> {cap}"
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _picked(folder: Path) -> dict[str, dict[str, str]]:
    """The parameter values of the named queries for one graph (picked in a child process)."""
    proc = subprocess.run(
        [sys.executable, str(HERE), "--pick", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        print(f"picking query parameters failed: {lines[-1] if lines else '?'}", file=sys.stderr)
        return {}
    result: dict[str, dict[str, str]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="Comma-separated sizes: 10k,100k,1M.")
    parser.add_argument("--cap", type=int, default=300, help="Seconds before a stage is stopped.")
    parser.add_argument("--stages", default=",".join(STAGES), help="Comma-separated stages.")
    parser.add_argument("--work", type=Path, default=None, help="Folder for the synthetic data.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="Also write the table here.")
    parser.add_argument(
        "--skip-naive", default="", help="Comma-separated sizes at which naive is not run."
    )
    parser.add_argument(
        "--built-store",
        action="store_true",
        help="Also run each query on the store the build stage wrote (noted in the row).",
    )
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--impl", help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--pick", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pick:  # child mode: the parameter values of the named queries
        print(json.dumps(pick_params(args.pick)))
        return 0
    if args.stage:  # child mode
        params = json.loads(args.params)
        print(json.dumps(stage(args.stage, args.impl, args.dir, args.cap, params), default=str))
        return 0

    from spacegraph.synth import parse_size, synthesise

    work = args.work or Path(tempfile.mkdtemp(prefix="spacegraph-bench-"))
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    no_naive = {s.strip() for s in args.skip_naive.split(",") if s.strip()}
    header = [
        f"Machine: {machine()}.",
        "",
        "| stage | size | ours s | naive s | ratio | ours peak MB | naive peak MB | note |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    print("\n".join(header), flush=True)
    lines = list(header)
    skip_naive: set[str] = set()
    skip_ours: set[str] = set()
    for size_text in args.sizes.split(","):
        size = parse_size(size_text.strip())
        folder = work / size_text.strip()
        start = time.perf_counter()
        result = synthesise(folder, size, seed=args.seed)
        synth_s = time.perf_counter() - start
        row = (
            f"| synth | {size_text} | {synth_s:.1f} | | | | |"
            f" {result.triples} triples, {result.documents} documents |"
        )
        print(row, flush=True)
        lines.append(row)
        picked = _picked(folder) if any(s.startswith("query:") for s in stages) else {}
        for name in stages:
            params = picked.get(name.split(":", 1)[1]) if name.startswith("query:") else None
            if name in skip_ours:
                ours = {"seconds": None, "peak_mb": None, "skipped": True}
            else:
                ours = run_child(name, "ours", folder, args.cap, params)
                if ours["seconds"] is None:
                    skip_ours.add(name)
            if name in NAIVE_NONE:
                naive: dict[str, Any] = {"seconds": None, "peak_mb": None, "absent": True}
            elif size_text.strip() in no_naive:
                naive = {"seconds": None, "peak_mb": None, "absent": True, "not_run": True}
            elif name in skip_naive:
                naive = {"seconds": None, "peak_mb": None, "skipped": True}
            else:
                naive = run_child(name, "naive", folder, args.cap, params)
                if naive["seconds"] is None:
                    skip_naive.add(name)  # a larger size would only take longer
                    if name == "parse":  # these stages parse with rdflib before timing
                        skip_naive.update(s for s in stages if s in RDFLIB_STAGES)
            notes = []
            built_store = folder / "build" / "store"
            if args.built_store and name.startswith("query:") and built_store.is_dir():
                built = run_child(name, "built", folder, args.cap, params)
                notes.append(f"built store {_fmt(built['seconds'], args.cap, 'error' in built)} s")
            if name in WALL_NOTED and ours.get("wall"):
                notes.append(f"wall {ours['wall']:.1f} s")
            for key in ("nodes", "edges", "rows", "violations", "error"):
                if key in ours:
                    notes.append(f"{key} {ours[key]}")
            if "error" in naive:
                notes.append(f"naive error: {naive['error']}")
            if naive.get("skipped"):
                notes.append("naive not run: it (or its rdflib parse) exceeded the cap")
            if naive.get("not_run"):
                notes.append("naive not run (--skip-naive)")
            if params:
                notes.append(", ".join(f"{k} {re.split('[/#]', v)[-1]}" for k, v in params.items()))
            if ours.get("skipped"):
                notes.append("ours not run: it exceeded the cap at a smaller size")
            if "top" in ours and "top" in naive:
                overlap = len(set(ours["top"]) & set(naive["top"]))
                notes.append(f"top-20 overlap {overlap}/20")
            o, n = ours["seconds"], naive["seconds"]
            ratio = ""
            if o and n:
                ratio = f"{n / o:.1f}×" if n / o >= 1 else f"{n / o:.2f}×"
            elif o and n is None and not naive.get("absent"):
                ratio = f"> {args.cap / o:.0f}×"
            naive_s = "—" if naive.get("absent") else _fmt(n, args.cap, "error" in naive)
            peak_o = f"{ours['peak_mb']:.0f}" if ours.get("peak_mb") else ""
            peak_n = f"{naive['peak_mb']:.0f}" if naive.get("peak_mb") else ""
            shown = _fmt(o, args.cap, "error" in ours)
            row = (
                f"| {name} | {size_text} | {shown} | {naive_s} | {ratio} | {peak_o}"
                f" | {peak_n} | {'; '.join(notes)} |"
            )
            print(row, flush=True)
            lines.append(row)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
