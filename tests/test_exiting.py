"""The quick exit of the ``spacegraph`` program loses nothing Python's own exit would keep."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from .conftest import FIRST_ARTICLE


def _run(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``body`` as the command of :func:`run_then_exit`, in a fresh interpreter."""
    script = tmp_path / "command.py"
    script.write_text(
        "import atexit, sys, threading, time\n"
        "from pathlib import Path\n"
        "from spacegraph.exiting import run_then_exit\n"
        f"OUT = Path({str(tmp_path)!r})\n"
        "def command():\n" + textwrap.indent(textwrap.dedent(body), "    ") + "\n"
        "run_then_exit(command)\n"
    )
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=buffered,
    )


def test_output_and_exit_handlers_survive(tmp_path: Path) -> None:
    proc = _run(
        """
        atexit.register(lambda: (OUT / "handler").write_text("ran"))
        sys.stdout.write("x" * 100_000)  # (the end held in the stream's buffer: a pipe)
        sys.stderr.write("warned")
        """,
        tmp_path,
    )
    assert proc.returncode == 0
    assert proc.stdout == "x" * 100_000 and proc.stderr == "warned"
    assert (tmp_path / "handler").read_text() == "ran"


@pytest.mark.parametrize(("ending", "status"), [("sys.exit(3)", 3), ("sys.exit()", 0)])
def test_the_commands_status_is_the_processs(tmp_path: Path, ending: str, status: int) -> None:
    proc = _run(f"print('done')\n{ending}", tmp_path)
    assert (proc.returncode, proc.stdout) == (status, "done\n")


def test_a_message_status_is_printed_as_python_does(tmp_path: Path) -> None:
    proc = _run("sys.exit('no such graph')", tmp_path)
    assert (proc.returncode, proc.stderr) == (1, "no such graph\n")


def test_an_exception_keeps_its_traceback(tmp_path: Path) -> None:
    proc = _run("raise RuntimeError('boom')", tmp_path)
    assert proc.returncode == 1 and "RuntimeError: boom" in proc.stderr


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    proc = _run(
        """
        def late():
            time.sleep(0.5)
            (OUT / "thread").write_text("finished")
        threading.Thread(target=late).start()
        """,
        tmp_path,
    )
    assert proc.returncode == 0
    assert (tmp_path / "thread").read_text() == "finished"


def test_the_program_runs_through_it(tmp_path: Path, corpus: Path) -> None:
    (script,) = entry_points(group="console_scripts", name="spacegraph")
    assert script.value == "spacegraph.cli:run"
    graph = tmp_path / "graph"
    args = ["ingest", str(corpus / FIRST_ARTICLE), "--graph", str(graph)]
    proc = subprocess.run(
        [sys.executable, "-m", "spacegraph.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == f"{FIRST_ARTICLE}: added"
    assert (graph / f"{Path(FIRST_ARTICLE).stem}.trig").stat().st_size > 0
