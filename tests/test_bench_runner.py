"""Smoke runs of the benchmark scripts at a tiny size (the real runs are not unit tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def test_runner_prints_a_table(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--sizes",
            "500",
            "--stages",
            "parse,query:entities,query:evidence,pagerank",
            "--cap",
            "120",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,  # ~15 s on an idle machine; generous for a shared one
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    table = out.read_text()
    assert table.startswith("Machine: ")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert [r.split(" | ")[0] for r in rows] == [
        "| stage",
        "| synth",
        "| parse",
        "| query:entities",
        "| query:evidence",
        "| pagerank",
    ]
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[2]) >= 0 and float(cells[3]) >= 0, row  # ours and naive both ran
    assert "top-20 overlap" in rows[-1]
    assert "subject " in rows[-2], "a parameterised query runs with a value picked from the graph"


def test_ingest_benchmark_times_both_packages_compiled(corpus: Path) -> None:
    """``benchmarks/bench_ingest.py`` on a tiny article, against this revision as baseline."""
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench_ingest.py"),
            "--corpus",
            str(corpus),
            "--sizes",
            "0.005",
            "--repeat",
            "1",
            "--baseline",
            "HEAD",
            "--stages",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    sizes = [r for r in rows if r.startswith("| 0.0")]
    assert len(sizes) == 1
    cells = [c.strip() for c in sizes[0].strip("|").split("|")]
    assert float(cells[1]) > 0 and float(cells[5]) > 0, sizes[0]  # ours and the baseline ran
    assert cells[7].endswith("×")
    steps = [r.split(" | ")[0] for r in rows if r.startswith("| ") and "MB)" not in r]
    assert "| start-up: imports (a fresh process)" in steps
    assert "| the report (new, corroborated, contradicted)" in steps
