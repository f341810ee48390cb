"""Atomic, all-or-nothing output: stage files, then move them into place.

A build writes every output into a staging folder inside the target folder
(``.staging-*``), flushed to disk, and only moves them into place once all are
written, each with :func:`os.replace` (atomic on POSIX). A failure, Ctrl-C or
``kill -9`` before that point leaves the previous outputs exactly as they were;
the next build removes the abandoned staging folder.

The moves themselves are a short critical section: before the first move a
journal (``.commit``, the list of outputs) is written into the staging folder,
and Ctrl-C and SIGTERM are held back until the last move is done. If the
process is killed outright (SIGKILL, power loss) between two moves, the next
build into the folder finds the journal and finishes the moves (roll
forward) before doing anything else, so the folder ends up holding one
complete build, never a mix. A lock file keeps a second concurrent build from
interleaving its files with the first one's: the second one fails at once with
a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["JOURNAL", "Staging", "atomic_write", "check_output_folder", "staged_output"]

#: Name of the journal written into a staging folder just before its outputs move.
JOURNAL = ".commit"
#: Signals held back while outputs move into place.
_DEFERRED = {signal.SIGINT, signal.SIGTERM}


def _ensure_dir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{path}: exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot create output folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK):
        raise OutputError(f"{path}: output folder is not writable")


def check_output_folder(target: Path) -> None:
    """Fail fast if ``target`` could not become an output folder; creates nothing.

    A build checks this before its slow steps, so that an output path under a
    file, or a folder that is not writable, is reported at once rather than
    after minutes of validation.
    """
    if target.exists():
        if not target.is_dir():
            raise OutputError(f"{target}: exists and is not a folder")
        if not os.access(target, os.W_OK):
            raise OutputError(f"{target}: output folder is not writable")
        return
    parent = target.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(
            f"{target}: cannot create output folder ({parent} is a file, not a folder)"
        )
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{target}: cannot create output folder ({parent} is not writable)")


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
        #: True once every output has moved into place.
        self.committed = False

    def path(self, name: str) -> Path:
        """Where to write output ``name`` (a file or folder) before commit."""
        self.names.append(name)
        return self.folder / name

    def write(self, name: str, data: str | bytes) -> None:
        """Write output file ``name`` into the staging folder and flush it to disk."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            with open(self.path(name), "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise OutputError(
                f"{self.target / name}: cannot write ({exc.strerror or exc}); nothing was changed"
            ) from None

    def commit(self) -> None:
        """Move every staged output into the target folder (see the module docstring)."""
        # The journal appears whole or not at all (written aside, then renamed):
        # a half-written list would make recovery move only some outputs.
        draft = self.folder / (JOURNAL + ".tmp")
        with open(draft, "w", encoding="utf-8") as fh:
            fh.write("\n".join(self.names) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(draft, self.folder / JOURNAL)
        _fsync_dir(self.folder)
        try:
            with _signals_deferred():
                _move_all(self.folder, self.target, self.names)
                self.committed = True
                _fsync_dir(self.target)
        except KeyboardInterrupt:
            if self.committed:  # Ctrl-C held back during the moves, delivered after them
                raise KeyboardInterrupt("the new outputs were already in place") from None
            raise


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk, where the OS allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _move_all(folder: Path, target: Path, names: list[str]) -> None:
    """Move ``names`` from a staging folder into ``target``; safe to run again after a crash."""
    for name in names:
        src, dst = folder / name, target / name
        if not src.exists() and not src.is_symlink():
            continue  # moved before the crash
        if src.is_dir():
            old = folder / (name + ".old")
            if dst.exists():
                os.replace(dst, old)
            os.replace(src, dst)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(src, dst)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM (delivered when the block ends) in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _recover(target: Path) -> None:
    """Finish the moves of a build killed while committing; drop abandoned staging folders."""
    for stale in sorted(target.glob(".staging-*")):
        journal = stale / JOURNAL
        if journal.is_file():
            names = [n for n in journal.read_text(encoding="utf-8").splitlines() if n]
            _move_all(stale, target, names)
            _fsync_dir(target)
        shutil.rmtree(stale, ignore_errors=True)


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
        try:
            _recover(target)
        except OSError as exc:
            raise OutputError(
                f"{target}: cannot finish the moves of an interrupted build ({exc.strerror or exc})"
            ) from None
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
            # A commit that failed between two moves keeps its journal and
            # files, so that the next build finishes the moves (see _recover).
            if staging.committed or not (folder / JOURNAL).exists():
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        lock.close()
