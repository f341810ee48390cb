"""A guard in front of the Oxigraph server: the limits ``oxigraph serve-read-only`` lacks.

The Oxigraph server speaks the SPARQL 1.1 Protocol and serves the query page;
spacegraph does not reimplement either. The guard listens where users connect
and relays every request unchanged to an Oxigraph server on a private loopback
port, adding three limits:

- **a cap on the size of a result**: past ``max_result_bytes`` the answer is
  cut off. The guard relays bodies with chunked transfer encoding, and a cut
  answer ends without its last chunk, so a client sees an incomplete answer,
  never a silently short one. Closing the upstream connection also stops
  Oxigraph, which computes results as it sends them;
- **a hard deadline**: a request that has no answer after ``timeout`` seconds
  gets ``503 Service Unavailable`` with a one-line reason. Oxigraph's own
  ``--timeout-s`` only stops a query between two result rows, so a query that
  computes long before its first row (an aggregate over a cross join) would
  run on and hold a core. The guard therefore replaces the server process
  that runs it by a fresh one on the same store (a read-only store may be
  opened by several processes); new requests go to the new one at once, and
  the old one is stopped after ``timeout`` more seconds, when every request
  still in flight on it has reached its own deadline. A server process that
  dies is replaced the same way;
- **a cap on the request body** (``max_request_bytes``): a larger query gets
  ``413``.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

__all__ = ["Backend", "Guard", "Limits", "Pool"]

#: Headers that describe one connection, not the message (RFC 9110 §7.6.1).
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


class Backend(Protocol):
    """A running Oxigraph server the guard relays to."""

    host: str
    port: int

    def alive(self) -> bool:
        """True while the server process runs."""
        ...

    def stop(self) -> int:
        """Stop the server process; its exit status."""
        ...


@dataclass(frozen=True)
class Limits:
    """What the guard enforces per request."""

    timeout: float
    max_result_bytes: int
    max_request_bytes: int = 1 << 20


class Pool:
    """The current Oxigraph server, and the retired ones still finishing their requests."""

    def __init__(self, start: Callable[[], Backend], grace: float, log: Callable[[str], None]):
        self._start = start
        self._grace = grace
        self._log = log
        self._lock = threading.Lock()
        self._retired: list[Backend] = []
        # Servers are started from one long-lived thread: Linux ties a child's
        # "stop me when my parent dies" signal to the thread that forked it, and
        # a request thread ends with its request.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spacegraph-spawn")
        self.current = self._spawner.submit(start).result()
        #: How many times a server was replaced (runaway query or crash).
        self.replacements = 0

    def acquire(self) -> Backend:
        """The server to send a request to (a fresh one if the current one died)."""
        backend = self.current
        if not backend.alive():
            self.replace(backend, "the Oxigraph server stopped")
        return self.current

    def replace(self, backend: Backend, why: str) -> None:
        """Start a new server in place of ``backend``; stop ``backend`` after the grace period."""
        with self._lock:
            if backend is not self.current:
                return  # another request replaced it already
            self.current = self._spawner.submit(self._start).result()
            self.replacements += 1
            self._retired.append(backend)
        self._log(f"{why}; a fresh Oxigraph server answers from now on")
        timer = threading.Timer(self._grace, backend.stop)
        timer.daemon = True
        timer.start()

    def close(self) -> None:
        """Stop every server, current and retired."""
        with self._lock:
            for backend in [*self._retired, self.current]:
                backend.stop()
        self._spawner.shutdown()


class Guard(ThreadingHTTPServer):
    """The HTTP listener: one thread per connection, each request relayed to the pool."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 refuses bursts of concurrent clients

    def __init__(
        self, host: str, port: int, pool: Pool, limits: Limits, log: Callable[[str], None]
    ):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.pool = pool
        self.limits = limits
        self.log = log
        super().__init__((host, port), _Relay)


class _Relay(BaseHTTPRequestHandler):
    """Relays one request to the current Oxigraph server, within the guard's limits."""

    server: Guard
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._relay()

    def do_POST(self) -> None:
        self._relay()

    def do_HEAD(self) -> None:
        self._relay()

    def do_OPTIONS(self) -> None:
        self._relay()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the guard reports only what it refuses or cuts off."""

    def _refuse(self, status: int, reason: str) -> None:
        body = (reason + "\n").encode("utf-8")
        self.send_response_only(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    def _discard(self, length: int) -> None:
        """Read and drop a refused body (up to 64 MiB), so the client can read the answer.

        A client that sends its whole body before reading would otherwise meet a
        closed connection (a broken pipe) instead of the ``413``.
        """
        left = min(length, 64 << 20)
        with contextlib.suppress(OSError):
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)

    def _relay(self) -> None:
        limits = self.server.limits
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._refuse(411, "send the query with a Content-Length")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > limits.max_request_bytes:
            self._discard(length)
            self._refuse(413, f"the request is larger than {limits.max_request_bytes} bytes")
            return
        body = self.rfile.read(length) if length else None
        deadline = time.monotonic() + limits.timeout
        backend = self.server.pool.acquire()
        upstream = http.client.HTTPConnection(backend.host, backend.port, timeout=limits.timeout)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
            except TimeoutError:
                # replaced first, so that the client's next request meets the fresh server
                self.server.pool.replace(backend, f"a query ran past {limits.timeout:g} s")
                self._refuse(
                    503, f"the query did not answer within {limits.timeout:g} s and was stopped"
                )
                return
            except (OSError, http.client.HTTPException) as exc:
                self._refuse(502, f"the Oxigraph server did not answer ({exc})")
                return
            self._stream(response, upstream, deadline)
        finally:
            upstream.close()

    def _stream(
        self,
        response: http.client.HTTPResponse,
        upstream: http.client.HTTPConnection,
        deadline: float,
    ) -> None:
        limits = self.server.limits
        self.send_response_only(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        if self.command == "HEAD" or response.status in (204, 304):
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        while True:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError
                if upstream.sock is not None:
                    upstream.sock.settimeout(remaining)
                chunk = response.read1(1 << 16)
            except TimeoutError:
                self._cut(f"ran past {limits.timeout:g} s")
                return
            except (OSError, http.client.HTTPException):
                self._cut("was cut off by the Oxigraph server")
                return
            if not chunk:
                break
            sent += len(chunk)
            if sent > limits.max_result_bytes:
                self._cut(f"exceeded {limits.max_result_bytes} bytes")
                return
            try:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:  # the client went away: stop reading (and Oxigraph computing)
                self.close_connection = True
                return
        with contextlib.suppress(OSError):
            self.wfile.write(b"0\r\n\r\n")

    def _cut(self, why: str) -> None:
        """End the answer without its last chunk: the client sees it is incomplete."""
        self.server.log(f"a result {why}; the answer was cut off")
        self.close_connection = True
