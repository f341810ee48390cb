"""Triples in plain dictionaries, for the lookups ingest makes on large document graphs.

An rdflib :class:`~rdflib.Graph` costs tens of microseconds per added triple
(context bookkeeping, events); a 1 MB article states a quarter of a million
triples, and ingest used to copy them into three graphs. :class:`TripleIndex`
keeps them grouped by predicate (one dictionary insert each) and builds the
subject and object indexes of a predicate the first time a lookup needs them.
It answers the read methods of :class:`~rdflib.Graph` that ingest, its report
and :meth:`~spacegraph.gazetteer.Gazetteer.add_graph` use (``in`` with one
wildcard, ``value``, ``objects``, ``subjects``, ``subject_objects``), in
insertion order as rdflib's memory store does. :class:`UnionView` reads two of
them as one without copying either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.term import Node

__all__ = ["Triple", "TripleIndex", "UnionView"]

Triple = tuple[Node, Node, Node]
_Pattern = tuple[Node | None, Node | None, Node | None]
_Ordered = dict[Node, None]  # an insertion-ordered set


class TripleIndex:
    """A set of triples indexed by predicate, then (on demand) by subject and by object."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._pairs: dict[Node, dict[tuple[Node, Node], None]] = {}  # p → {(s, o)}
        self._by_subject: dict[Node, dict[Node, _Ordered]] = {}  # p → s → {o}
        self._by_object: dict[Node, dict[Node, _Ordered]] = {}  # p → o → {s}
        self.update(triples)

    def add(self, triple: Triple) -> None:
        """Add one triple (a duplicate is ignored)."""
        s, p, o = triple
        pairs = self._pairs.get(p)
        if pairs is None:
            pairs = self._pairs[p] = {}
        elif (s, o) in pairs:
            return
        pairs[(s, o)] = None
        if p in self._by_subject:
            self._by_subject[p].setdefault(s, {})[o] = None
        if p in self._by_object:
            self._by_object[p].setdefault(o, {})[s] = None

    def update(self, triples: Iterable[Triple]) -> None:
        """Add every triple of ``triples``."""
        if self._by_subject or self._by_object:
            add = self.add
            for triple in triples:
                add(triple)
            return
        pairs = self._pairs  # no index to keep up to date: only group by predicate
        for s, p, o in triples:
            group = pairs.get(p)
            if group is None:
                group = pairs[p] = {}
            group[(s, o)] = None

    def __len__(self) -> int:
        return sum(len(pairs) for pairs in self._pairs.values())

    def __iter__(self) -> Iterator[Triple]:
        for p, pairs in self._pairs.items():
            for s, o in pairs:
                yield s, p, o

    # -- indexes -------------------------------------------------------------------------------
    def _subjects_of(self, p: Node) -> dict[Node, _Ordered]:
        index = self._by_subject.get(p)
        if index is None:
            index = self._by_subject[p] = {}
            for s, o in self._pairs.get(p, ()):
                index.setdefault(s, {})[o] = None
        return index

    def _objects_of(self, p: Node) -> dict[Node, _Ordered]:
        index = self._by_object.get(p)
        if index is None:
            index = self._by_object[p] = {}
            for s, o in self._pairs.get(p, ()):
                index.setdefault(o, {})[s] = None
        return index

    # -- the read methods of rdflib's Graph ----------------------------------------------------
    def __contains__(self, pattern: _Pattern) -> bool:
        s, p, o = pattern
        if p is not None and s is not None:
            objects = self._subjects_of(p).get(s)
            return bool(objects) if o is None else objects is not None and o in objects
        if p is not None and o is not None:
            return bool(self._objects_of(p).get(o))
        return next(iter(self.triples(pattern)), None) is not None

    def triples(self, pattern: _Pattern) -> Iterator[Triple]:
        """The triples matching ``pattern`` (``None`` matches anything)."""
        s, p, o = pattern
        predicates = [p] if p is not None else list(self._pairs)
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
