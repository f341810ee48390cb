"""Turn a parameter value as a user types it into the RDF term a query is bound to.

An ``entity`` parameter accepts a label or alias ("Chang’e-5", "chang'e 5",
"CNSA"), a full IRI (``<…>`` or ``https://…``), a prefixed name (``sg:Science``,
``sgr:id/nation/china``) or the last segment of an IRI (``cooperatesWith``).
Labels are compared after :func:`spacegraph.iri.normalise_label`, in Python,
over the ``rdfs:label``, ``skos:prefLabel`` and ``skos:altLabel`` of the graph;
the matching IRI is then bound. A ``document`` parameter accepts a file name,
its stem or the document's title.

>>> index = LabelIndex([("https://w3id.org/spacegraph/id/mission/change-5", "Chang'e-5"),
...                     ("https://w3id.org/spacegraph/id/mission/change-5", "Chang'e-5 mission")])
>>> index.resolve("chang’e 5")
rdflib.term.URIRef('https://w3id.org/spacegraph/id/mission/change-5')
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QueryError, UnknownNameError
from .iri import normalise_label
from .vocab import PREFIXES

__all__ = ["DOCUMENT_LABELS_QUERY", "LABELS_QUERY", "LabelIndex", "literal_value", "parse_iri"]

#: Every labelled IRI with each of its labels and aliases.
LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?resource ?label WHERE {
  ?resource rdfs:label|skos:prefLabel|skos:altLabel ?label .
  FILTER(isIRI(?resource))
}
"""

#: Every source document with its file name and title.
DOCUMENT_LABELS_QUERY = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sg: <https://w3id.org/spacegraph/ontology#>
SELECT DISTINCT ?resource ?label WHERE {
  ?resource a sg:SourceDocument ; dcterms:identifier|dcterms:title ?label .
}
"""

_CURIE = re.compile(r"^([A-Za-z][\w\-]*):(\S*)$")


def parse_iri(text: str) -> URIRef | None:
    """An IRI written as ``<…>``, ``http(s)://…``, ``urn:…`` or a known prefixed name."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^(https?://|urn:)\S+$", text):
        return URIRef(text)
    m = _CURIE.match(text)
    if m and m.group(1) in PREFIXES:
        return URIRef(PREFIXES[m.group(1)] + m.group(2))
    return None


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _squash(text: str) -> str:
    return normalise_label(text).replace(" ", "")


class LabelIndex:
    """Labels and local names of the graph's IRIs, folded for matching."""

    def __init__(self, pairs: Iterable[tuple[str, str]], *, kind: str = "entity") -> None:
        self.kind = kind
        self.by_label: dict[str, set[str]] = defaultdict(set)
        self.by_squashed: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, set[str]] = defaultdict(set)
        for iri, label in pairs:
            self.labels[iri].add(label)
            self.by_label[normalise_label(label)].add(iri)
            self.by_squashed[_squash(label)].add(iri)
        for iri in list(self.labels):
            self.by_squashed[_squash(_local_name(iri))].add(iri)
            if kind == "document":  # a document's stem is the last segment of its IRI
                self.by_label[normalise_label(_local_name(iri))].add(iri)

    def _describe(self, iri: str) -> str:
        return f"{sorted(self.labels[iri])[0]!r} <{iri}>"

    def resolve(self, value: str, *, param: str = "entity") -> URIRef:
        """The one IRI ``value`` names; :class:`UnknownNameError` if none or several."""
        iri = parse_iri(value)
        if iri is not None:
            return iri
        if self.kind == "document" and value.endswith(".txt"):
            value = value[:-4]
        for table, key in (
            (self.by_label, normalise_label(value)),
            (self.by_squashed, _squash(value)),
        ):
            found = table.get(key, set())
            if len(found) == 1:
                return URIRef(next(iter(found)))
            if len(found) > 1:
                options = "; ".join(self._describe(i) for i in sorted(found))
                raise UnknownNameError(
                    f"--param {param}={value!r} is ambiguous: it names {options};"
                    f" pass the IRI instead"
                )
        names = sorted({label for labels in self.labels.values() for label in labels})
        folded = {normalise_label(n): n for n in names}
        close = difflib.get_close_matches(normalise_label(value), list(folded), n=3, cutoff=0.6)
        what = "document" if self.kind == "document" else "entity"
        hint = f"; did you mean: {', '.join(folded[c] for c in close)}?" if close else ""
        raise UnknownNameError(
            f"--param {param}={value!r}: no {what} has this label or alias{hint}"
        )


def literal_value(value: str, kind: str, *, param: str) -> Node:
    """A literal for a ``literal`` or ``integer`` parameter."""
    if kind == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"--param {param}={value!r}: expected an integer") from None
    return Literal(value)
