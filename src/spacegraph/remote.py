"""Run the same questions against any SPARQL 1.1 endpoint (the SPARQL 1.1 Protocol).

QLever, Virtuoso, GraphDB, Fuseki and Oxigraph all accept a query as an
``application/x-www-form-urlencoded`` POST and answer SELECT and ASK in
SPARQL 1.1 Results JSON and CONSTRUCT and DESCRIBE in N-Triples or Turtle.

The endpoint cannot take bindings, so each bound parameter becomes a
one-row ``VALUES`` block placed first in the query's WHERE group
(:func:`spacegraph.sparqltext.inject_values`), with the value written as an
escaped RDF term. The project's prefixes are declared in front of the text
for those the query uses without declaring. The query is parsed locally
first, so a syntax error is reported with its line and column before
anything is sent.

The named queries expect the endpoint's default graph to be the union of the
document graphs (``oxigraph serve --union-default-graph``, Fuseki's
``tdb2:unionDefaultGraph``, QLever and Virtuoso by default).
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from . import __version__
from .engines import check_read_only
from .errors import QueryError
from .results import QueryResult, from_sparql_json
from .sparqltext import inject_values, syntax_error
from .vocab import PREFIXES

__all__ = ["RemoteEngine"]

_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_PARSERS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
}


def _declare_prefixes(text: str) -> str:
    """Prefix declarations for the project prefixes the query uses without declaring."""
    import re

    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([\w\-]*):", text)}
    used = [p for p in PREFIXES if p not in declared and re.search(rf"\b{re.escape(p)}:", text)]
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in used]
    return "\n".join([*lines, text]) if lines else text


class RemoteEngine:
    """A remote SPARQL 1.1 endpoint, queried over HTTP with ``urllib``."""

    name = "remote"

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise QueryError(f"--endpoint {url!r}: expected an http:// or https:// URL")
        self.url = url
        self.timeout = timeout

    def run(self, text: str, bindings: Mapping[str, Node], source: str) -> QueryResult:
        """Send ``text`` (with ``bindings`` as VALUES) to the endpoint and read the answer."""
        form = check_read_only(text, source)
        try:  # parse locally: errors with line and column, before anything is sent
            ox.Store().query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise syntax_error(source, exc) from None
        sent = _declare_prefixes(inject_values(text, bindings))
        accept = "application/sparql-results+json" if form in ("SELECT", "ASK") else _GRAPH_ACCEPT
        body, content_type = self._post(sent, accept)
        if form in ("SELECT", "ASK"):
            try:
                return from_sparql_json(json.loads(body.decode("utf-8")))
            except (ValueError, KeyError, AttributeError) as exc:
                tail = body[-200:].decode("utf-8", "replace").strip().splitlines()
                if tail and "cancel" in tail[-1].lower():  # Oxigraph's --timeout-s, mid-answer
                    raise QueryError(
                        f"{self.url} stopped the query (its timeout): {tail[-1][-120:]}"
                    ) from None
                raise QueryError(
                    f"{self.url}: the endpoint's answer is not SPARQL JSON results ({exc})"
                ) from None
        parser = _GRAPH_PARSERS.get(content_type, "turtle")
        graph = Graph()
        try:
            graph.parse(data=body.decode("utf-8"), format=parser)
        except Exception as exc:
            raise QueryError(
                f"{self.url}: cannot read the endpoint's {content_type} answer ({exc})"
            ) from None
        return QueryResult.graph(graph)  # type: ignore[arg-type]

    def _post(self, query: str, accept: str) -> tuple[bytes, str]:
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=data,
            headers={
                "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": f"spacegraph/{__version__}",
            },
        )
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content_type = response.headers.get_content_type()
                # Read in blocks against one deadline: the socket timeout alone is per
                # read, and an endpoint may stream a long answer for ever.
                chunks = []
                while block := response.read(1 << 16):
                    chunks.append(block)
                    if time.monotonic() > deadline:
                        raise TimeoutError
                return b"".join(chunks), content_type
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            exc.close()
            first = detail[0][:300] if detail else exc.reason
            verb = "could not answer" if exc.code >= 500 else "refused"
            raise QueryError(f"{self.url} {verb} the query (HTTP {exc.code}): {first}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, socket.timeout | TimeoutError):
                raise QueryError(
                    f"{self.url}: no answer within {self.timeout:g} s (--timeout)"
                ) from None
            raise QueryError(f"cannot reach the SPARQL endpoint {self.url}: {reason}") from None
        except TimeoutError:
            raise QueryError(
                f"{self.url}: no answer within {self.timeout:g} s (--timeout)"
            ) from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"cannot reach the SPARQL endpoint {self.url}: {exc}") from None
