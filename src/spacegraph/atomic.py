"""Atomic, all-or-nothing output: stage files, then move them into place.

A build writes every output into a staging folder beside the target folder and
only moves them into place once all are written, each with :func:`os.replace`
(atomic on POSIX). A failure or interruption before that point leaves the
previous outputs exactly as they were; a lock file keeps a second concurrent
build from interleaving its files with the first one's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["Staging", "atomic_write", "staged_output"]


def _ensure_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{path}: exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot create output folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK):
        raise OutputError(f"{path}: output folder is not writable")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    _ensure_dir(path.parent)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


class Staging:
    """A staging folder whose files replace those of ``target`` on commit."""

    def __init__(self, target: Path, folder: Path) -> None:
        self.target = target
        self.folder = folder
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write output ``name`` (a file or folder) before commit."""
        self.names.append(name)
        return self.folder / name

    def write(self, name: str, data: str | bytes) -> None:
        """Write output file ``name`` into the staging folder."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            self.path(name).write_bytes(raw)
        except OSError as exc:
            raise OutputError(
                f"{self.target / name}: cannot write ({exc.strerror or exc})"
            ) from None

    def commit(self) -> None:
        """Move every staged output into the target folder."""
        for name in self.names:
            src, dst = self.folder / name, self.target / name
            if src.is_dir():
                old = self.folder / (name + ".old")
                if dst.exists():
                    os.replace(dst, old)
                os.replace(src, dst)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(src, dst)


@contextlib.contextmanager
def staged_output(target: Path) -> Iterator[Staging]:
    """Stage outputs for ``target``; commit them only if the block succeeds.

    Holds an exclusive lock on ``target/.lock`` so that two builds into the
    same folder never interleave; the second one fails with a clear message.
    """
    _ensure_dir(target)
    lock_path = target / ".lock"
    try:
        lock = open(lock_path, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise OutputError(f"{lock_path}: cannot create lock file ({exc.strerror})") from None
    try:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{target}: another spacegraph build is writing this folder; wait for it to finish"
            ) from None
        for stale in target.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=target))
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror})") from None
        staging = Staging(target, folder)
        try:
            yield staging
            try:
                staging.commit()
            except OSError as exc:
                raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        lock.close()
