"""``spacegraph serve``: the built store over the SPARQL 1.1 Protocol, read-only.

spacegraph does not implement the protocol: it runs the Oxigraph server from
PyPI (the ``oxigraph`` package's binary) as ``oxigraph serve-read-only`` on the
store that ``spacegraph build`` wrote, on a private loopback port, with

- no ``--union-default-graph``: the store's default graph already holds the
  deduplicated union of the document graphs (:mod:`spacegraph.oxstore`), so
  queries see what ``spacegraph query`` sees;
- ``--timeout-s``: the server stops a query between two result rows.

Users connect to the guard of :mod:`spacegraph.serve_guard`, bound to
``127.0.0.1`` unless told otherwise, which relays each request and adds what
the server lacks: a hard per-query deadline that also stops a query computing
before its first row, a cap on result size and one on request size. The
server answers GET and POST on ``/query``, negotiates the result format from
the ``Accept`` header, refuses SPARQL UPDATE (read-only mode) and serves its
YASGUI query page and scripts itself, so the page works offline. The store is
rebuilt first when it is missing or out of date with the graph.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

from .errors import QueryError, SpacegraphError
from .serve_guard import Guard, Limits, Pool

__all__ = [
    "Endpoint",
    "OxigraphProcess",
    "find_server",
    "interrupt_on_sigterm",
    "prepare_store",
    "running_server",
    "server_command",
    "start_oxigraph",
]


def find_server() -> Path:
    """The ``oxigraph`` server binary (installed by ``pip install oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise SpacegraphError(
        "the Oxigraph server is not installed: run pip install oxigraph (it provides"
        " the oxigraph command spacegraph serve starts)"
    )


def prepare_store(graph_dir: Path, out_dir: Path, corpus: Path | None) -> tuple[Path, bool]:
    """``out_dir/store``, built first when missing or out of date; and whether it was built."""
    from .store import store_is_current

    store = out_dir / "store"
    if store_is_current(store, graph_dir):
        return store, False
    from .build import build

    build(graph_dir, out_dir, corpus)
    return store, True


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def server_command(store: Path, host: str, port: int, timeout: float, cors: bool) -> list[str]:
    """The ``oxigraph serve-read-only`` command line."""
    command = [
        str(find_server()),
        "serve-read-only",
        "--location",
        str(store),
        "--bind",
        _bind(host, port),
        "--timeout-s",
        str(max(1, round(timeout))),
    ]
    if cors:
        command.append("--cors")
    return command


@dataclass
class OxigraphProcess:
    """A running ``oxigraph serve-read-only`` process (behind the guard)."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    log: IO[bytes]

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def stop(self, grace: float = 5.0) -> int:
        """Stop the server (SIGINT, then SIGKILL after ``grace`` seconds); its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            self.log.close()
        return self.process.returncode


@dataclass
class Endpoint:
    """The running endpoint: the guard's address, and the servers behind it."""

    host: str
    port: int
    pool: Pool

    @property
    def url(self) -> str:
        """The base URL (the query page)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def endpoint(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return self.url + "query"


def _wait_ready(
    process: subprocess.Popen[bytes], log: IO[bytes], host: str, port: int, wait: float
) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            err = log.read().decode("utf-8", "replace")
            lines = [line for line in err.strip().splitlines() if line.strip()]
            detail = lines[-1] if lines else f"exit status {process.returncode}"
            raise SpacegraphError(f"the Oxigraph server did not start on {host}:{port}: {detail}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
            return
        time.sleep(0.05)
    process.kill()
    raise SpacegraphError(f"the Oxigraph server did not answer on {host}:{port} within {wait:g} s")


def _check_port_free(host: str, port: int) -> None:
    """Fail early, with the port in the message, when something already listens there."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SpacegraphError(
                f"the Oxigraph server did not start on {host}:{port}: {exc.strerror or exc}"
                " (choose another --port)"
            ) from None


def _stop_with(parent: int) -> Callable[[], None]:
    """A child set-up that asks Linux to stop the server when ``parent`` dies, even by SIGKILL.

    ``prctl(PR_SET_PDEATHSIG, SIGTERM)``: without it a killed ``spacegraph serve``
    would leave the server holding the port and the store. Runs between fork and
    exec; a parent already gone by then stops the child at once.
    """

    def setup() -> None:  # pragma: no cover - runs in the child
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return setup


def start_oxigraph(store: Path, timeout: float, cors: bool, wait: float = 15.0) -> OxigraphProcess:
    """Start ``oxigraph serve-read-only`` on a free loopback port; return once it accepts."""
    host = "127.0.0.1"
    with socket.socket() as probe:
        probe.bind((host, 0))
        port = int(probe.getsockname()[1])
    # The server's log goes to a temporary file: a pipe nobody reads would fill and block it.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - OxigraphProcess.stop closes it
    process = subprocess.Popen(
        server_command(store, host, port, timeout, cors),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        preexec_fn=_stop_with(os.getpid()) if sys.platform == "linux" else None,
    )
    server = OxigraphProcess(process, host, port, log)
    try:
        _wait_ready(process, log, host, port, wait)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def running_server(
    store: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    cors: bool = False,
    max_result_bytes: int = 100 << 20,
    log: Callable[[str], None] | None = None,
) -> Iterator[Endpoint]:
    """Serve ``store`` on ``host:port`` until the block ends.

    The Oxigraph server runs on a private loopback port behind the guard of
    :mod:`spacegraph.serve_guard`, which enforces ``timeout`` and
    ``max_result_bytes`` and reports what it refuses or cuts off to ``log``.
    """
    if not store.is_dir():
        raise QueryError(f"{store}: no store (run spacegraph build)")
    _check_port_free(host, port)
    report = log or (lambda line: print(line, file=sys.stderr, flush=True))
    pool = Pool(lambda: start_oxigraph(store, timeout, cors), grace=timeout, log=report)
    try:
        limits = Limits(timeout=timeout, max_result_bytes=max_result_bytes)
        try:
            guard = Guard(host, port, pool, limits, report)
        except OSError as exc:
            raise SpacegraphError(
                f"the Oxigraph server did not start on {host}:{port}: {exc.strerror or exc}"
                " (choose another --port)"
            ) from None
        thread = threading.Thread(target=guard.serve_forever, name="spacegraph-guard", daemon=True)
        thread.start()
        try:
            yield Endpoint(host, port, pool)
        finally:
            guard.shutdown()
            guard.server_close()
    finally:
        pool.close()


def interrupt_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C, so a service manager's stop also stops the server cleanly.

    SIGINT gets Python's usual handler too: a shell starts background jobs with
    SIGINT ignored, and ``kill -INT`` should still stop the server.
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
