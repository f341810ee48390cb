"""Load the built dataset into a SPARQL server through the Graph Store HTTP Protocol.

``spacegraph push --endpoint URL`` reads ``build/spacegraph.nq`` (what
``spacegraph build`` wrote, quotes resolved) and sends each named graph (one
per document, plus the ontology) with an HTTP ``PUT`` to
``{graph store}?graph=<graph IRI>`` as N-Triples. PUT replaces the graph
on the server, so pushing twice gives the same server content.

A manifest, ``build/push-manifest.json``, records per graph store the SHA-256
of every graph as last pushed. The next push sends only the graphs whose
content changed, and ``DELETE``s the graphs that are no longer in the build.
The manifest is rewritten after each push, successful or not, with exactly the
graphs the server accepted, so an interrupted push resumes where it stopped.

Any server that speaks SPARQL 1.1 Graph Store HTTP Protocol works: Oxigraph
(``/store``), Fuseki (``/<dataset>/data``), GraphDB
(``/repositories/<id>/rdf-graphs/service``), Virtuoso
(``/sparql-graph-crud``, or ``/sparql-graph-crud-auth``) and QLever (its own
graph-store endpoint for updates). Nothing local is changed but the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import __version__
from .atomic import atomic_write
from .errors import InputFileError, SpacegraphError

__all__ = ["MANIFEST", "PushError", "PushResult", "default_graph_store", "graphs_of", "push"]

#: The push manifest, inside the build folder.
MANIFEST = "push-manifest.json"
_NTRIPLES = "application/n-triples"


class PushError(SpacegraphError):
    """The server could not be reached or refused a graph."""


@dataclass
class PushResult:
    """What a push did: graphs sent, left as they were, and deleted."""

    graph_store: str
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    triples: int = 0


def default_graph_store(endpoint: str) -> str:
    """The graph store URL that goes with a SPARQL query endpoint.

    Oxigraph serves queries at ``/query`` and the graph store at ``/store``;
    Fuseki serves ``/<dataset>/sparql`` or ``/<dataset>/query`` and
    ``/<dataset>/data``. For other servers give ``--graph-store``.

    >>> default_graph_store("http://localhost:7878/query")
    'http://localhost:7878/store'
    >>> default_graph_store("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/data'
    """
    parsed = urllib.parse.urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise PushError(f"--endpoint {endpoint!r}: expected an http:// or https:// URL")
    path = parsed.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last == "query" and not head:
        new = "/store"
    elif last in ("query", "sparql") and head:
        new = head + "/data"
    else:
        raise PushError(
            f"--endpoint {endpoint}: cannot tell where its graph store is; give --graph-store"
            " (Oxigraph: /store, Fuseki: /<dataset>/data, GraphDB:"
            " /repositories/<id>/rdf-graphs/service, Virtuoso: /sparql-graph-crud-auth)"
        )
    return urllib.parse.urlunparse(parsed._replace(path=new, query="", fragment=""))


def graphs_of(nquads: Path) -> dict[str, bytes]:
    """Each named graph of an N-Quads file as N-Triples bytes, keyed by graph IRI."""
    if not nquads.is_file():
        raise InputFileError(
            f"{nquads}: not found; run spacegraph build first (push sends the built dataset)"
        )
    triples: dict[str, list[ox.Triple]] = defaultdict(list)
    try:
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            name = quad.graph_name
            graph = name.value if isinstance(name, ox.NamedNode) else ""  # "" default graph
            triples[graph].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    except SyntaxError as exc:
        raise InputFileError(f"{nquads}:{exc.lineno or 0}: {exc.msg}; rebuild it") from None
    # The build's N-Quads are sorted, so each graph's triples come in a fixed order.
    return {
        g: ox.serialize(rows, format=ox.RdfFormat.N_TRIPLES) or b""
        for g, rows in sorted(triples.items())
    }


def _read_manifest(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class _Client:
    def __init__(self, store: str, timeout: float) -> None:
        self.store = store
        self.timeout = timeout

    def url(self, graph: str) -> str:
        if not graph:
            return self.store + ("&" if "?" in self.store else "?") + "default"
        sep = "&" if "?" in self.store else "?"
        return f"{self.store}{sep}{urllib.parse.urlencode({'graph': graph})}"

    def send(self, method: str, graph: str, body: bytes | None = None) -> int:
        headers = {"User-Agent": f"spacegraph/{__version__}"}
        if body is not None:
            headers["Content-Type"] = _NTRIPLES
        request = urllib.request.Request(self.url(graph), data=body, method=method, headers=headers)
        what = f"<{graph}>" if graph else "the default graph"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            if method == "DELETE" and exc.code == 404:
                return 404  # already gone
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            first = detail[0][:300] if detail else exc.reason
            raise PushError(
                f"{self.store} refused {method} of {what} (HTTP {exc.code}): {first}"
            ) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, socket.timeout | TimeoutError):
                raise PushError(f"{self.store}: no answer within {self.timeout:g} s") from None
            raise PushError(f"cannot reach the graph store {self.store}: {reason}") from None
        except TimeoutError:
            raise PushError(f"{self.store}: no answer within {self.timeout:g} s") from None
        except (OSError, ValueError) as exc:
            raise PushError(f"cannot reach the graph store {self.store}: {exc}") from None


def push(
    build_dir: Path | str,
    *,
    endpoint: str | None = None,
    graph_store: str | None = None,
    force: bool = False,
    timeout: float = 120.0,
    progress: Callable[[str, str], None] | None = None,
) -> PushResult:
    """Send the graphs of ``build_dir/spacegraph.nq`` that changed since the last push.

    Parameters
    ----------
    build_dir : path
        The folder ``spacegraph build`` wrote.
    endpoint, graph_store : str
        The server's SPARQL query endpoint and/or its Graph Store Protocol URL
        (derived from ``endpoint`` when not given; see :func:`default_graph_store`).
    force : bool
        Send every graph, whatever the manifest says (after the server lost its data).
    progress : callable, optional
        Called with ``("sent" | "deleted", graph IRI)`` after each request.

    Raises
    ------
    PushError
        If the server cannot be reached or refuses a graph (one line; the
        manifest keeps what was accepted before).
    """
    if graph_store is None:
        if endpoint is None:
            raise PushError("give --endpoint or --graph-store: where to push the graphs")
        graph_store = default_graph_store(endpoint)
    parsed = urllib.parse.urlparse(graph_store)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise PushError(f"--graph-store {graph_store!r}: expected an http:// or https:// URL")
    build = Path(build_dir)
    graphs = graphs_of(build / "spacegraph.nq")
    manifest_path = build / MANIFEST
    manifest = _read_manifest(manifest_path)
    before = {} if force else dict(manifest.get(graph_store, {}))
    pushed = dict(before)
    client = _Client(graph_store, timeout)
    result = PushResult(graph_store)
    try:
        for graph, body in graphs.items():
            digest = hashlib.sha256(body).hexdigest()
            if before.get(graph) == digest:
                result.unchanged.append(graph)
                continue
            pushed.pop(graph, None)  # unknown state until the server accepts it
            client.send("PUT", graph, body)
            pushed[graph] = digest
            result.sent.append(graph)
            result.triples += body.count(b"\n")
            if progress:
                progress("sent", graph)
        for graph in sorted(set(before) - set(graphs)):
            client.send("DELETE", graph)
            pushed.pop(graph, None)
            result.deleted.append(graph)
            if progress:
                progress("deleted", graph)
    finally:
        if pushed != manifest.get(graph_store, {}):
            manifest[graph_store] = dict(sorted(pushed.items()))
            with contextlib.suppress(SpacegraphError):  # the push's own error matters more
                atomic_write(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return result
