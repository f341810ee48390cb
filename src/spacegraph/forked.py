"""Compute one part of a large job in a forked child while this process computes another.

A large article's extraction is pure Python, so threads cannot share it out
(they take turns on Python's lock). A forked child starts in a few
milliseconds with a copy of everything the parent has built (the gazetteer,
the text, the mentions so far), computes its part, and sends the result back
pickled through a pipe; the parent computes its own part meanwhile and reads
the child's when it needs it. Nothing is shared after the fork, so the two
parts must not depend on each other: the callers split their work so that
they do not (:func:`spacegraph.mentions.find_mentions`,
:func:`spacegraph.relations.find_relations`, :func:`spacegraph.ingest.ingest`),
and their results are the same whether the part runs beside or inline.

Where forking is unavailable (not a POSIX system), pointless (one core),
unsafe (another thread is running: it may hold a lock the child would wait
for forever, as in a notebook's kernel) or fails, the part runs inline when
its result is asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Generic, TypeVar

__all__ = ["Beside", "cores"]

T = TypeVar("T")


def cores() -> int:
    """Processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Beside(Generic[T]):
    """``part()`` computed in a forked child, started now; :meth:`result` reads it.

    With ``fork=False`` (or where a fork is impossible) ``part()`` runs inline
    when :meth:`result` is first called, so the caller's code is the same
    either way. Use it as a context manager: leaving the block stops a child
    whose result was never read.

    >>> with Beside(lambda: sum(range(10))) as part:
    ...     mine = sum(range(5))
    ...     mine + part.result()
    55
    """

    def __init__(self, part: Callable[[], T], *, fork: bool = True) -> None:
        self._part = part
        self._pid = 0
        self._fd = -1
        if fork and hasattr(os, "fork") and cores() > 1 and threading.active_count() == 1:
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # (else the child would print them again)
            with suppress(AttributeError, OSError, ValueError):  # none, closed or broken
                stream.flush()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            os.close(read)
            code = 0
            try:
                payload = pickle.dumps(self._part(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            except BaseException:  # the parent then computes the part itself
                code = 1
            os._exit(code)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> T:
        """The part's result (from the child, or computed now)."""
        if self._pid == 0:
            return self._part()
        with os.fdopen(self._fd, "rb") as pipe:
            payload = pipe.read()
        self._fd = -1
        # Read while the child's memory is still being released (which waiting would wait
        # for); a child that failed sent a cut payload or none, and exits non-zero.
        try:
            result: T = pickle.loads(payload)
            sent = True
        except Exception:
            sent = False
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if not sent or os.waitstatus_to_exitcode(status) != 0:
            return self._part()  # the child failed (out of memory, killed): compute it here
        return result

    def close(self) -> None:
        """Stop the child if its result was not read."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
