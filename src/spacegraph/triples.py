"""Triples in plain dictionaries, for the lookups ingest makes on large document graphs.

An rdflib :class:`~rdflib.Graph` costs tens of microseconds per added triple
(context bookkeeping, events); a 1 MB article states a quarter of a million
triples, and ingest used to copy them into three graphs. :class:`TripleIndex`
keeps them in one insertion-ordered set (a dictionary insert each; copying
or merging another index copies the stored hashes, nothing is rehashed) and
groups them by predicate, then by subject or object, only when a lookup first
needs it, and only for the predicates looked up: ingest's report reads a few
predicates of a document graph, never all of them. It answers the read
methods of :class:`~rdflib.Graph` that ingest, its report and
:meth:`~spacegraph.gazetteer.Gazetteer.add_graph` use (``in``, ``value``,
``objects``, ``subjects``, ``subject_objects``), in insertion order as
rdflib's memory store does. :class:`UnionView` reads two of them as one
without copying either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.term import Node

__all__ = ["Triple", "TripleIndex", "UnionView"]

Triple = tuple[Node, Node, Node]
_Pattern = tuple[Node | None, Node | None, Node | None]
_Ordered = dict[Node, None]  # an insertion-ordered set


class TripleIndex:
    """A set of triples, indexed on demand by predicate, then by subject and by object.

    ``TripleIndex(triples)`` copies ``triples``; given another index, or the
    insertion-ordered ``dict`` of triples a builder keeps, the copy reuses
    their hashes.
    """

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = {}
        self._by_predicate: dict[Node, list[Triple]] | None = None  # p → triples, on demand
        self._by_subject: dict[Node, dict[Node, _Ordered]] = {}  # p → s → {o}
        self._by_object: dict[Node, dict[Node, _Ordered]] = {}  # p → o → {s}
        self.update(triples)

    def add(self, triple: Triple) -> None:
        """Add one triple (a duplicate is ignored)."""
        if triple in self._triples:
            return
        self._triples[triple] = None
        if self._by_predicate is not None:
            s, p, o = triple
            self._by_predicate.setdefault(p, []).append(triple)
            if p in self._by_subject:
                self._by_subject[p].setdefault(s, {})[o] = None
            if p in self._by_object:
                self._by_object[p].setdefault(o, {})[s] = None

    def update(self, triples: Iterable[Triple]) -> None:
        """Add every triple of ``triples``."""
        if self._by_predicate is not None:  # indexes to keep up to date
            add = self.add
            for triple in triples:
                add(triple)
        elif isinstance(triples, TripleIndex):
            self._triples.update(triples._triples)
        elif isinstance(triples, dict):
            self._triples.update(triples)
        else:
            self._triples.update(dict.fromkeys(triples))

    def discard(self, triple: Triple) -> None:
        """Remove one triple if present."""
        if triple not in self._triples:
            return
        del self._triples[triple]
        if self._by_predicate is not None:
            s, p, o = triple
            self._by_predicate[p].remove(triple)
            if p in self._by_subject:
                self._by_subject[p][s].pop(o, None)
            if p in self._by_object:
                self._by_object[p][o].pop(s, None)

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    # -- indexes -------------------------------------------------------------------------------
    def _of_predicate(self) -> dict[Node, list[Triple]]:
        """Triples grouped by predicate (made by the first lookup, then kept up to date)."""
        groups = self._by_predicate
        if groups is None:
            groups = self._by_predicate = {}
            get = groups.get
            for triple in self._triples:
                group = get(triple[1])
                if group is None:
                    group = groups[triple[1]] = []
                group.append(triple)
        return groups

    def _subjects_of(self, p: Node) -> dict[Node, _Ordered]:
        index = self._by_subject.get(p)
        if index is None:
            index = self._by_subject[p] = {}
            for s, _, o in self._of_predicate().get(p, ()):
                index.setdefault(s, {})[o] = None
        return index

    def _objects_of(self, p: Node) -> dict[Node, _Ordered]:
        index = self._by_object.get(p)
        if index is None:
            index = self._by_object[p] = {}
            for s, _, o in self._of_predicate().get(p, ()):
                index.setdefault(o, {})[s] = None
        return index

    # -- the read methods of rdflib's Graph ----------------------------------------------------
    def __contains__(self, pattern: _Pattern) -> bool:
        s, p, o = pattern
        if s is not None and p is not None and o is not None:
            return pattern in self._triples
        if p is not None and s is not None:
            return bool(self._subjects_of(p).get(s))
        if p is not None and o is not None:
            return bool(self._objects_of(p).get(o))
        return next(iter(self.triples(pattern)), None) is not None

    def triples(self, pattern: _Pattern) -> Iterator[Triple]:
        """The triples matching ``pattern`` (``None`` matches anything)."""
        s, p, o = pattern
        predicates = [p] if p is not None else list(self._of_predicate())
        for pred in predicates:
            if s is not None:
                for obj in self._subjects_of(pred).get(s, ()):
                    if o is None or obj == o:
                        yield s, pred, obj
            elif o is not None:
                for subj in self._objects_of(pred).get(o, ()):
                    yield subj, pred, o
            else:
                for obj, subjects in self._objects_of(pred).items():
                    for subj in subjects:
                        yield subj, pred, obj

    def objects(self, s: Node, p: Node) -> Iterator[Node]:
        """The objects of ``s p ?``."""
        yield from self._subjects_of(p).get(s, ())

    def subjects(self, p: Node, o: Node) -> Iterator[Node]:
        """The subjects of ``? p o``."""
        yield from self._objects_of(p).get(o, ())

    def subject_objects(self, p: Node) -> Iterator[tuple[Node, Node]]:
        """The ``(s, o)`` pairs of ``? p ?``, grouped by object (as rdflib's memory store)."""
        for o, subjects in self._objects_of(p).items():
            for s in subjects:
                yield s, o

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of ``s p ?`` (the first added), or None."""
        objects = self._subjects_of(p).get(s)
        return next(iter(objects)) if objects else None


class UnionView:
    """Two triple sets read as their union (``first``'s answers come first), nothing copied."""

    def __init__(self, first: TripleIndex, second: TripleIndex) -> None:
        self.first = first
        self.second = second

    def __contains__(self, pattern: _Pattern) -> bool:
        return pattern in self.first or pattern in self.second

    def objects(self, s: Node, p: Node) -> Iterator[Node]:
        """The objects of ``s p ?`` in either set, each once."""
        seen = dict.fromkeys(self.first.objects(s, p))
        yield from seen
        for o in self.second.objects(s, p):
            if o not in seen:
                yield o

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of ``s p ?`` (``first``'s if it has one), or None."""
        found = self.first.value(s, p)
        return found if found is not None else self.second.value(s, p)

    def triples(self, pattern: _Pattern) -> Iterator[Triple]:
        """The triples matching ``pattern`` in either set, each once."""
        seen = dict.fromkeys(self.first.triples(pattern))
        yield from seen
        for t in self.second.triples(pattern):
            if t not in seen:
                yield t
