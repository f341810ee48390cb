"""Time ``spacegraph ingest`` on large articles built at run time (0.25, 0.5 and 1 MB).

Usage (from the repository root)::

    python benchmarks/bench_ingest.py [--corpus ../shared/corpus] [--sizes 0.25,0.5,1]
                                      [--repeat 3] [--baseline REV] [--cap 900] [--stages]

Each article is built by :func:`spacegraph.synth_text.build_article`: the
corpus articles' text interleaved with generated sentences naming entities
from the gazetteer, up to the size (1 MB = 10^6 bytes of UTF-8), written to a
temporary folder; nothing from the corpus is stored in the repository. Each
run ingests one article, as a user would (``python -m spacegraph.cli ingest``
in a fresh process, start-up included), into a fresh temporary copy of the
repository's ``graph/`` folder, which is never modified. Both packages, the
working tree's and the baseline's, are copied to the temporary folder and
compiled to bytecode first, as installing a package leaves it (else a machine
that sets ``PYTHONDONTWRITEBYTECODE`` compiles them again at every run). The best of
``--repeat`` runs is reported (the machine may be shared), with the CPU time
(less sensitive to other jobs), the ratio to
the goal (seconds / 4 s, the goal for 1 MB) and, with ``--baseline REV``,
the time and CPU time of the package as it was at git revision ``REV`` (as
many runs, taking turns with the current package's so that both see the same
load; a run stopped after ``--cap`` seconds is not repeated) and the speed-up
of each.

Prints a Markdown table, then how the time grows with the size (linear: 4×
from 0.25 to 1 MB; start-up makes it a little less). With ``--stages``, then
where the time of the largest article goes: one more ingest of it, in
this process, with each step's wall-clock and CPU time (its forked parts
included; start-up is timed apart: the imports, in a fresh process).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from spacegraph.synth_text import build_article, corpus_texts  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
#: Seconds a 1 MB article may take.
GOAL = 4.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(src: Path, article: Path, work: Path, cap: float) -> tuple[float, float] | None:
    """Wall-clock and CPU seconds of ``spacegraph ingest`` of ``article``, package in ``src``.

    None if the run was stopped at ``cap`` seconds.
    """
    graph = work / "graph"
    shutil.rmtree(graph, ignore_errors=True)
    shutil.copytree(REPO / "graph", graph)
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "spacegraph.cli", "ingest", str(article), "--graph", str(graph)]
    cpu = _cpu()
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=cap, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    elapsed = time.perf_counter() - started
    cpu = _cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr.strip()}")
    if not (graph / f"{article.stem}.trig").is_file():
        raise SystemExit(f"ingest wrote no {article.stem}.trig")
    return elapsed, cpu


def _baseline(rev: str, into: Path) -> Path:
    """The package (``src/`` and ``ontology/``) as it was at git revision ``rev``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src", "ontology"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _current(into: Path) -> Path:
    """A copy of the working tree's package (``src/`` and ``ontology/``), as it is now."""
    for part in ("src", "ontology"):
        shutil.copytree(REPO / part, into / part, ignore=shutil.ignore_patterns("__pycache__"))
    return into / "src"


def _compiled(src: Path) -> Path:
    """``src`` with its modules compiled to bytecode, as installing a package leaves them.

    Without it, a machine that sets ``PYTHONDONTWRITEBYTECODE`` (many containers
    do) would compile the package again at every start.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)
    return src


def _seconds(value: tuple[float, float] | None, cap: float) -> str:
    return f"> {cap:.0f}" if value is None else f"{value[0]:.2f}"


def _import_cpu(src: Path) -> float:
    """CPU seconds of a fresh process that imports what ``spacegraph ingest`` imports."""
    code = "import spacegraph.cli, spacegraph.ingest"
    env = {**os.environ, "PYTHONPATH": str(src)}
    cpu = _cpu()
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)
    return _cpu() - cpu


def _own_and_children_cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (the forked parts)."""
    return time.process_time() + _cpu()


def _stages(article: Path, work: Path, src: Path) -> list[tuple[str, float, float]]:
    """Wall-clock and CPU seconds of each step of one ingest of ``article`` in this process.

    A step's CPU time includes its forked children's (a long document's
    extraction is shared with one), so CPU may exceed wall. The report is made
    in this process, after the TriG text is written, so both can be timed.
    """
    from spacegraph import extract, ingest, relations
    from spacegraph.docgraph import DocumentGraph

    spent: dict[str, tuple[float, float]] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), _own_and_children_cpu()
            try:
                return fn(*args, **kwargs)
            finally:
                old_wall, old_cpu = spent.get(name, (0.0, 0.0))
                spent[name] = (
                    old_wall + time.perf_counter() - wall,
                    old_cpu + _own_and_children_cpu() - cpu,
                )

        return run

    graph = work / "graph"
    shutil.rmtree(graph, ignore_errors=True)
    shutil.copytree(REPO / "graph", graph)
    steps = [
        (ingest, "Known", "reading the graph folder"),
        (ingest, "extract", "extraction"),
        (extract, "find_mentions", "  names (two passes)"),
        (relations, "find_relations", "  relation rules"),
        (ingest, "build_graph", "building the document graph"),
        (ingest, "compare", "the report (new, corroborated, contradicted)"),
        (DocumentGraph, "serialize", "writing: TriG text (DocumentGraph.serialize)"),
        (ingest, "atomic_write", "writing: the file"),
    ]
    patches = [
        mock.patch.object(owner, attr, timed(name, getattr(owner, attr)))
        for owner, attr, name in steps
    ]
    # The report is made here, to time it (a real run makes it in a forked child while
    # the TriG text is written: it then costs only what the text does not cover).
    patches.append(mock.patch.object(ingest, "PARALLEL_CLAIMS", 10**12))
    for patch in patches:
        patch.start()
    try:
        wall, cpu = time.perf_counter(), _own_and_children_cpu()
        ingest.ingest([article], graph)
        total = (time.perf_counter() - wall, _own_and_children_cpu() - cpu)
    finally:
        for patch in patches:
            patch.stop()
    start_up = _import_cpu(src)
    rows = [("start-up: imports (a fresh process)", start_up, start_up)]
    rows += [(name, *spent.get(name, (0.0, 0.0))) for _, _, name in steps]
    extraction = spent.get("extraction", (0.0, 0.0))
    inside = [spent.get(n, (0.0, 0.0)) for n in ("  names (two passes)", "  relation rules")]
    rows.insert(
        5,
        (
            "  sentences, linking, samples",
            extraction[0] - sum(w for w, _ in inside),
            extraction[1] - sum(c for _, c in inside),
        ),
    )
    top = [(w, c) for name, w, c in rows[1:] if not name.startswith(" ")]
    rows.append(
        (
            "the rest (gazetteer, indexes, results)",
            total[0] - sum(w for w, _ in top),
            total[1] - sum(c for _, c in top),
        )
    )
    return rows


def main(argv: list[str]) -> int:
    """Build the articles, time the ingests, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="0.25,0.5,1", help="article sizes in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best counts)")
    parser.add_argument("--baseline", metavar="REV", help="also time git revision REV, once")
    parser.add_argument("--cap", type=float, default=900, help="seconds before a run is stopped")
    parser.add_argument(
        "--stages", action="store_true", help="then time each step for the largest article"
    )
    args = parser.parse_args(argv)
    texts = corpus_texts(args.corpus)
    if not texts:
        print(f"Error: {args.corpus}: no *.txt articles", file=sys.stderr)
        return 1
    sizes = [float(s) for s in args.sizes.split(",")]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average {load} at start"
    )
    print()
    print(
        f"| article | ingest (s, best of {args.repeat}) | CPU (s) | s per MB | ÷ {GOAL:g} s goal"
        " | before (s) | before CPU (s) | speed-up | CPU speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    best: dict[float, float] = {}
    largest: Path | None = None
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        new_src = _compiled(_current(work / "current"))
        old_src = _compiled(_baseline(args.baseline, work / "baseline")) if args.baseline else None
        for size in sizes:
            article = work / f"article-{size:g}mb.txt"
            article.write_text(build_article(texts, int(size * 1_000_000)), encoding="utf-8")
            largest = article
            runs: list[tuple[float, float] | None] = []
            old_runs: list[tuple[float, float] | None] = []
            for _ in range(args.repeat):  # taking turns, so both see the same load
                runs.append(_run(new_src, article, work, args.cap))
                if old_src is not None and (not old_runs or old_runs[-1] is not None):
                    old_runs.append(_run(old_src, article, work, args.cap))
            done = [r for r in runs if r is not None]
            now = min(r[0] for r in done) if done else None
            now_cpu = min(r[1] for r in done) if done else None
            cpu = f"{now_cpu:.2f}" if now_cpu is not None else "-"
            old_done = [r for r in old_runs if r is not None]
            before = (
                (min(r[0] for r in old_done), min(r[1] for r in old_done)) if old_done else None
            )
            if now is not None:
                best[size] = now
            per_mb = f"{now / size:.2f}" if now is not None else "-"
            goal = f"{now / GOAL:.2f}" if now is not None else "-"
            if old_src is None:
                old, old_cpu, speedup, cpu_speedup = "not run (--baseline REV)", "-", "-", "-"
            else:
                old = _seconds(before, args.cap)
                old_cpu = f"{before[1]:.2f}" if before else "-"
                ratio = (before[0] if before else args.cap) / now if now else None
                speedup = "-" if ratio is None else f"{'> ' if before is None else ''}{ratio:.1f}×"
                cpu_speedup = f"{before[1] / now_cpu:.1f}×" if before and now_cpu else "-"
            mb = article.stat().st_size / 1_000_000
            tail = f"| {old} | {old_cpu} | {speedup} | {cpu_speedup} |"
            print(
                f"| {mb:.2f} MB | {now:.2f} | {cpu} | {per_mb} | {goal} {tail}"
                if now is not None
                else f"| {mb:.2f} MB | > {args.cap:.0f} | - | - | - {tail}"
            )
        if args.stages and largest is not None:
            stages = _stages(largest, work, new_src)
            megabytes = largest.stat().st_size / 1_000_000
    if len(best) >= 2:
        small, large = min(best), max(best)
        print()
        print(
            f"Growth: {large:g} MB takes {best[large] / best[small]:.2f}× as long as"
            f" {small:g} MB (linear: {large / small:.2f}×)."
        )
    if args.stages and largest is not None:
        print()
        print(f"| step ({megabytes:.2f} MB) | wall (s) | CPU (s, forked parts included) |")
        print("|---|---|---|")
        for name, step_wall, step_cpu in stages:
            print(f"| {name.replace('  ', '… ')} | {step_wall:.2f} | {step_cpu:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
