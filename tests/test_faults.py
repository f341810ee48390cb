"""Faults: killed and interrupted builds, a full disk, a read-only folder, two builds at once.

The previous outputs are a build without ``--corpus`` ("old"); the build that
is interrupted runs with ``--corpus``, whose outputs differ ("new": they carry
the quoted sentences). After every fault the output folder must hold exactly
the old files or, once a commit has begun, exactly the new ones: compared by
the SHA-256 of every file. ``fault_driver.py`` runs the real CLI in a child
process, pausing or dying at a chosen point; nothing in spacegraph itself
knows about it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from spacegraph import atomic
from spacegraph.cli import main

from .conftest import GRAPH_DIR, REPO

DRIVER = REPO / "tests" / "fault_driver.py"
OUTPUTS = {
    "spacegraph.trig",
    "spacegraph.nq",
    "spacegraph.ttl",
    "spacegraph.jsonld",
    "summary.json",
}


def outputs(folder: Path) -> dict[str, str]:
    """SHA-256 of every output: each visible file, and the store by its sorted quads.

    The store (a RocksDB folder) is compared by content: two builds of the same
    data write the same quads (up to blank-node ids) but not the same files.
    """
    found = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }
    if (folder / "store").is_dir():
        store = ox.Store.read_only(str(folder / "store"))
        dump = store.dump(format=ox.RdfFormat.N_QUADS)
        quads = sorted(re.sub(rb"_:\w+", b"_:b", dump).splitlines())  # blank-node ids vary
        found["store/"] = hashlib.sha256(b"\n".join(quads)).hexdigest()
        del store
    return found


def files_of(digests: dict[str, str]) -> set[str]:
    return {name for name in digests if not name.endswith("/")}


def staging_folders(folder: Path) -> list[Path]:
    return sorted(folder.glob(".staging-*"))


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> tuple[Path, Path]:
    """Two reference builds: without the corpus (old) and with it (new)."""
    old, new = tmp_path_factory.mktemp("old"), tmp_path_factory.mktemp("new")
    for out, extra in ((old, []), (new, ["--corpus", str(corpus)])):
        args = ["build", "--graph", str(GRAPH_DIR), "--out", str(out), *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    assert set(outputs(old)) >= OUTPUTS
    assert all(outputs(old)[n] != outputs(new)[n] for n in ("spacegraph.nq", "summary.json"))
    return old, new


@pytest.fixture()
def out(tmp_path: Path, old_and_new: tuple[Path, Path]) -> Path:
    """An output folder holding the old build."""
    folder = tmp_path / "out"
    shutil.copytree(old_and_new[0], folder)
    return folder


def driver(
    out: Path, corpus: Path | None, fault: str = "", marker: Path | None = None
) -> subprocess.Popen[str]:
    args = [sys.executable, str(DRIVER), "build", "--graph", str(GRAPH_DIR), "--out", str(out)]
    if corpus is not None:
        args += ["--corpus", str(corpus)]
    env = {**os.environ, "SPACEGRAPH_TEST_FAULT": fault}
    if marker is not None:
        env["SPACEGRAPH_TEST_MARKER"] = str(marker)
    return subprocess.Popen(
        args, env=env, cwd=out.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached its staging phase"
        time.sleep(0.02)


@pytest.fixture()
def paused(out: Path, corpus: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A build with --corpus, paused inside its staging phase (two outputs staged)."""
    marker = tmp_path / "paused"
    process = driver(out, corpus, "pause-staging", marker)
    try:
        wait_for(marker, process)
        assert len(staging_folders(out)) == 1
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def recover(out: Path) -> None:
    """What the next build does first: take the lock, finish or discard a killed commit."""
    with atomic.staged_output(out):
        pass


def test_sigkill_while_staging(
    out: Path, paused: subprocess.Popen[str], old_and_new: tuple[Path, Path]
) -> None:
    paused.send_signal(signal.SIGKILL)
    assert paused.wait(30) == -signal.SIGKILL
    assert outputs(out) == outputs(old_and_new[0])
    assert len(staging_folders(out)) == 1  # abandoned, with two staged outputs inside
    result = CliRunner().invoke(main, ["build", "--graph", str(GRAPH_DIR), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert staging_folders(out) == []
    assert outputs(out) == outputs(old_and_new[0])


def test_sigint_mid_build(
    out: Path, paused: subprocess.Popen[str], old_and_new: tuple[Path, Path]
) -> None:
    paused.send_signal(signal.SIGINT)
    _stdout, stderr = paused.communicate(timeout=30)
    assert paused.returncode == 130, stderr
    assert stderr == "Error: interrupted; outputs left as they were\n"
    assert staging_folders(out) == []
    assert outputs(out) == outputs(old_and_new[0])


def test_concurrent_build_refuses(
    out: Path, paused: subprocess.Popen[str], old_and_new: tuple[Path, Path]
) -> None:
    second = driver(out, None)
    _stdout, stderr = second.communicate(timeout=120)
    assert second.returncode == 1, stderr
    assert stderr == (
        f"Error: {out}: another spacegraph build is writing this folder; wait for it to finish\n"
    )
    assert outputs(out) == outputs(old_and_new[0])
    assert paused.poll() is None  # the first build was not disturbed


def test_sigkill_mid_commit_rolls_forward(
    out: Path, corpus: Path, old_and_new: tuple[Path, Path]
) -> None:
    old, new = (outputs(f) for f in old_and_new)
    process = driver(out, corpus, "kill-commit")
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    # The kill landed between two moves: two output files are new, the others still old.
    now = outputs(out)
    changed = {n for n in files_of(now) if now[n] != old[n]}
    assert len(changed) == 2 and all(now[n] == new[n] for n in changed)
    assert all(now[n] == old[n] for n in set(now) - changed)
    [staged] = staging_folders(out)
    assert (staged / atomic.JOURNAL).is_file()
    # Once recovered, the folder holds this build's outputs: those already moved
    # and those still staged (compared with the staged bytes, not with another run).
    expected = {**now, **{n: v for n, v in outputs(staged).items() if n in now}}
    assert set(expected) == set(now) and expected != now
    recover(out)
    assert outputs(out) == expected
    assert {n: outputs(out)[n] for n in OUTPUTS} == {n: new[n] for n in OUTPUTS}
    assert staging_folders(out) == []


def test_sigkill_at_any_moment(out: Path, corpus: Path, old_and_new: tuple[Path, Path]) -> None:
    """Unpatched builds killed at moments spread over a build: old or new, never a mix."""
    old, new = (outputs(f) for f in old_and_new)
    start = time.monotonic()
    process = driver(out.parent / "timing", corpus)
    process.communicate(timeout=120)
    duration = time.monotonic() - start
    assert process.returncode == 0
    for fraction in (0.5, 0.9, 0.98):
        process = driver(out, corpus)
        time.sleep(duration * fraction)
        process.kill()
        process.communicate(timeout=30)
        assert outputs(out) in (old, new), fraction
        recover(out)
        assert outputs(out) in (old, new), fraction
        assert staging_folders(out) == []
        if outputs(out) == new:  # finished before the kill: start again from the old build
            shutil.rmtree(out)
            shutil.copytree(old_and_new[0], out)


class _FullDisk:
    """A file object that accepts writes until ``room`` bytes, then raises ENOSPC."""

    def __init__(self, fh: Any, room: int) -> None:
        self.fh, self.room = fh, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.fh.write(data[: self.room])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return int(self.fh.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


def test_full_disk_patched(
    out: Path, corpus: Path, old_and_new: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the third output is written."""
    opened: list[str] = []

    def full_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = open(path, mode, *args, **kwargs)  # noqa: SIM115
        opened.append(Path(path).name)
        return _FullDisk(fh, 1000) if "w" in mode and len(opened) == 3 else fh

    monkeypatch.setattr(atomic, "open", full_open, raising=False)
    args = ["build", "--graph", str(GRAPH_DIR), "--out", str(out), "--corpus", str(corpus)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: {out / opened[2]}: cannot write (No space left on device); nothing was changed\n"
    )
    assert outputs(out) == outputs(old_and_new[0])
    assert staging_folders(out) == []


@contextlib.contextmanager
def tmpfs(where: Path, size: int, *options: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``where`` (skips the test where mounting is not allowed)."""
    where.mkdir()
    opts = ",".join([f"size={size}", *options])
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def disk_usage(folder: Path) -> int:
    """Bytes a folder's files take on tmpfs (whole 4 KiB pages; the store is a folder)."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in folder.rglob("*") if p.is_file())


def test_full_disk_tmpfs(tmp_path: Path, corpus: Path, old_and_new: tuple[Path, Path]) -> None:
    """A real full disk: room for the old build, not for old and new side by side."""
    old, new = old_and_new
    size_old, size_new = disk_usage(old), disk_usage(new)
    with tmpfs(tmp_path / "disk", size_old + size_new // 2) as disk:
        out = disk / "out"
        shutil.copytree(old, out)
        args = ["build", "--graph", str(GRAPH_DIR), "--out", str(out), "--corpus", str(corpus)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert re.fullmatch(
            rf"Error: {re.escape(str(out))}/[\w.]+: cannot write \(No space left on device\);"
            " nothing was changed\n",
            result.output,
        ), result.output
        assert outputs(out) == outputs(old)
        assert staging_folders(out) == []


def test_read_only_output_folder(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", 4096, "ro") as ro:
        args = ["build", "--graph", str(GRAPH_DIR), "--out", str(ro / "out")]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {ro / 'out'}: cannot create output folder ({ro} is not writable)\n"
    )


ARTICLES = ("change5-mission-record.txt", "india-japan-lunar.txt", "iss-partnership.txt")


def graph_state(folder: Path) -> dict[str, str]:
    """SHA-256 of every graph file a loader would read (temporary files are hidden)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.trig")}


def ingest_process(folder: Path, corpus: Path) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "spacegraph.cli", "ingest", "--graph", str(folder)]
    args += [str(corpus / name) for name in ARTICLES]
    return subprocess.Popen(
        args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_ingest_killed_at_any_moment(tmp_path: Path, corpus: Path) -> None:
    """An ingest killed at moments spread over its run leaves each graph file old or new.

    Every document graph is written through a temporary file and a rename, so a
    file is either the one before (or absent) or the complete new one; the
    folder validates after every kill, and running the ingest again finishes it.
    """
    before = graph_state(GRAPH_DIR)
    reference = tmp_path / "reference"
    shutil.copytree(GRAPH_DIR, reference)
    start = time.monotonic()
    process = ingest_process(reference, corpus)
    process.communicate(timeout=300)
    duration = time.monotonic() - start
    assert process.returncode == 0
    after = graph_state(reference)
    assert set(after) - set(before), "the reference ingest wrote no new graph"
    for fraction in (0.5, 0.8, 0.95):
        folder = tmp_path / f"killed-{fraction}"
        shutil.copytree(GRAPH_DIR, folder)
        process = ingest_process(folder, corpus)
        time.sleep(duration * fraction)
        process.kill()
        process.communicate(timeout=30)
        state = graph_state(folder)
        for name, digest in state.items():
            assert digest in (before.get(name), after.get(name)), (fraction, name)
        result = CliRunner().invoke(main, ["validate", "--graph", str(folder)])
        assert result.exit_code == 0, (fraction, result.output)
        process = ingest_process(folder, corpus)
        process.communicate(timeout=300)
        assert process.returncode == 0
        assert graph_state(folder) == after, fraction


def test_a_reader_that_has_gone_ends_the_command_quietly(tmp_path: Path, corpus: Path) -> None:
    """`spacegraph ingest --dry-run a.txt | head -0`: no error line, the SIGPIPE status.

    The pipe's reader is closed before the command writes, so its first write fails
    however large the pipe's buffer is (the report is written at once, and a reader that
    reads one line may otherwise leave only after the whole report fits in the buffer).
    """
    graph = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, graph)
    article = corpus / "change5-mission-record.txt"
    command = ["ingest", "--dry-run", str(article), "--graph", str(graph)]
    read, write = os.pipe()
    os.close(read)  # the reader goes away before reading anything
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "spacegraph.cli", *command],
            cwd=REPO,
            stdout=write,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert proc.returncode == 141
    assert proc.stderr.decode() == ""
