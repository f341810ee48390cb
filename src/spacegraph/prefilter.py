"""Skip regular-expression scans that cannot match: literal strings every match contains.

The extractor runs about a hundred patterns over each of an article's
sentences, and most of them match nowhere: the engine still tries every
position of the sentence (a few microseconds a pattern, most of the
extractor's time on a large article). :func:`needles` reads a compiled
pattern's syntax tree and finds strings one of which every match must contain
("launch" or "lift" in ``\\b(?:launch\\w*|lift\\w* off)``), and a pattern
compiled by :func:`compile` (a :class:`Prefiltered`) looks for them with
``in``, ten times cheaper than the scan, and scans only a text that has one.

The strings are a necessary condition, never a guess: a pattern whose matches
need no literal text (``\\w+``), or only case-insensitive text, gets none and
is always scanned. The analysis reads Python's own regular-expression parser
(``re._parser``); should that change shape, patterns are simply always
scanned.

Reading a hundred patterns' syntax trees took a fifth of ``spacegraph
ingest``'s start-up, so the strings of the project's own patterns are kept
in ``spacegraph/data/needles.json``, keyed by each pattern's flags and text
(``curation/needles.py`` writes it; ``tests/test_prefilter.py`` checks that
it is complete and up to date). A pattern not in it (one just edited) is
read as before.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable
from importlib import resources
from itertools import product
from typing import Any

__all__ = ["COMPILED", "Prefiltered", "compile", "needles", "table_key"]

try:  # Python's own parser of regular expressions (private, but stable since 3.11)
    _p: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a Python without it scans every text
    _p = _c = None

#: Most alternatives a requirement may have (each is one ``in`` test).
_MOST_NEEDLES = 12
#: Longest useful needle length for choosing between requirements.
_ENOUGH = 8
#: Most strings expanded from one piece of pattern before giving up on it.
_MOST_STRINGS = 64

_Strings = frozenset[str]


def _exact(items: list[tuple[Any, Any]]) -> _Strings | None:
    """Every string the sequence ``items`` can match, if few and all literal; else None."""
    out: _Strings = frozenset({""})
    for item in items:
        strings = _exact_item(item)
        if strings is None:
            return None
        out = frozenset(a + b for a, b in product(out, strings))
        if len(out) > _MOST_STRINGS:
            return None
    return out


#: :func:`_exact_item` of each piece of the pattern being read (by ``id``: pieces are lists).
_exact_memo: dict[int, _Strings | None] = {}


def _exact_item(item: tuple[Any, Any]) -> _Strings | None:
    key = id(item)
    if key not in _exact_memo:
        _exact_memo[key] = _exact_piece(item)
    return _exact_memo[key]


def _exact_piece(item: tuple[Any, Any]) -> _Strings | None:
    op, av = item
    if op is _c.LITERAL:
        return frozenset({chr(av)})
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset({""})  # zero-width: adds nothing to the matched text
    if op is _c.IN:
        chars = []
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.append(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < 8:
                chars += [chr(c) for c in range(value[0], value[1] + 1)]
            else:
                return None  # negated sets, categories (\w, \d), wide ranges
        return frozenset(chars) if len(chars) <= 8 else None
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & _c.SRE_FLAG_IGNORECASE else _exact(list(sub))
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _exact(list(branch))
            if strings is None:
                return None
            out |= strings
        return frozenset(out) if len(out) <= _MOST_STRINGS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        once = _exact(list(sub))
        if once is None or high > 3:
            return None
        repeats: set[str] = set()
        power: _Strings = frozenset({""})  # ``once`` repeated ``count`` times
        for count in range(high + 1):
            if count >= low:
                repeats |= power
            power = frozenset(a + b for a, b in product(power, once))
            if len(repeats) > _MOST_STRINGS or len(power) > _MOST_STRINGS:
                return None
        return frozenset(repeats)
    return None  # any character, categories, back-references, conditionals


def _score(strings: _Strings) -> tuple[int, int]:
    return min(min(len(s) for s in strings), _ENOUGH), -len(strings)


def _reduce(strings: _Strings) -> _Strings:
    """The same condition with fewer strings: one that contains another is redundant."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def _better(a: _Strings | None, b: _Strings | None) -> _Strings | None:
    if a is None or b is None:
        return a if b is None else b
    return a if _score(a) >= _score(b) else b


def _pieces(items: list[tuple[Any, Any]]) -> list[tuple[_Strings | None, _Strings | None]]:
    """Each piece's exact strings, or how it begins; runs of plain literals joined into one."""
    out: list[tuple[_Strings | None, _Strings | None]] = []
    for item in items:
        exact = _exact_item(item)
        if exact is not None and len(exact) == 1 and out and out[-1][0] is not None:
            before = out[-1][0]
            if len(before) == 1:
                out[-1] = (frozenset({next(iter(before)) + next(iter(exact))}), None)
                continue
        out.append((exact, None if exact is not None else _lead(item)))
    return out


def _required(items: list[tuple[Any, Any]]) -> _Strings | None:
    """Strings one of which every match of the sequence ``items`` contains (the most useful set)."""
    best: _Strings | None = None
    floor = 0  # the shortest string of ``best``, as scored
    pieces = _pieces(items)
    # Contiguous runs of literal pieces: their concatenations appear in every match; so
    # does a run followed by how the next, not wholly literal, piece begins.
    for i in range(len(pieces)):
        strings: _Strings = frozenset({""})
        for exact, lead in pieces[i:]:
            piece = exact if exact is not None else lead
            if piece is None:
                break
            strings = frozenset(a + b for a, b in product(strings, piece))
            if len(strings) > _MOST_STRINGS:
                break
            shortest = min(_ENOUGH, min(len(s) for s in strings))
            if shortest and shortest >= floor:
                reduced = _reduce(strings)
                if len(reduced) <= _MOST_NEEDLES:
                    best = _better(best, reduced)
                    floor = _score(best)[0] if best is not None else 0
            if exact is None or shortest == _ENOUGH:
                break  # a longer run can only need more strings
    # Mandatory groups, alternatives and repeats: what their insides require (fewer
    # strings than the whole when it is literal but has many spellings).
    for item in items:
        if item[0] is not _c.LITERAL:
            best = _better(best, _required_item(item))
    return best


def _lead(item: tuple[Any, Any]) -> _Strings | None:
    """How every match of a piece that is not wholly literal begins: literal prefixes, or None."""
    op, av = item
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & _c.SRE_FLAG_IGNORECASE else _lead_sequence(list(sub))
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _lead_sequence(list(branch))
            if strings is None:
                return None
            out |= strings
        return frozenset(out) if len(out) <= _MOST_STRINGS else None
    return None


def _lead_sequence(items: list[tuple[Any, Any]]) -> _Strings | None:
    """Literal prefixes of every match of a sequence (none empty), or None."""
    strings: _Strings = frozenset({""})
    for item in items:
        piece = _exact_item(item)
        tail = piece is None
        if piece is None:
            piece = _lead(item)
            if piece is None:
                break
        strings = frozenset(a + b for a, b in product(strings, piece))
        if len(strings) > _MOST_STRINGS:
            return None
        if tail:
            break
    return None if "" in strings else strings


def _required_item(item: tuple[Any, Any]) -> _Strings | None:
    op, av = item
    if op is _c.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & _c.SRE_FLAG_IGNORECASE else _required(list(sub))
    if op is _c.ATOMIC_GROUP:
        return _required(list(av))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, sub = av
        return _required(list(sub)) if low >= 1 else None
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _required(list(branch))
            if strings is None:
                return None
            out |= strings
        reduced = _reduce(frozenset(out))
        return reduced if len(reduced) <= _MOST_NEEDLES else None
    return None


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, or None if none are known.

    >>> needles(re.compile(r"\\b(?:launch\\w*|lift\\w* off)\\b"))
    ('launch', 'lift')
    >>> needles(re.compile(r"[Tt]he (\\d+) nations")), needles(re.compile(r"\\w+")) is None
    ((' nations',), True)
    """
    if _p is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        if tree.state.flags & _c.SRE_FLAG_IGNORECASE:
            return None
        strings = _required(list(tree.data))
    except Exception:  # an unknown parser shape: always scan
        return None
    finally:
        _exact_memo.clear()
    return tuple(sorted(strings)) if strings else None


class Prefiltered:
    """A compiled pattern that is not scanned over a text holding none of its :func:`needles`.

    >>> launch = compile(r"\\blaunch(?:ed|es)?\\b")
    >>> launch.search("It flew.") is None, launch.search("It launched.")[0]
    (True, 'launched')
    """

    __slots__ = ("needles", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needles = _known_needles(pattern)
        COMPILED.append(self)

    def possible(self, text: str) -> bool:
        """False only if the pattern cannot match anywhere in ``text``."""
        found = self.needles
        if found is None:
            return True
        for s in found:  # noqa: SIM110 - a loop costs half of any() over a generator
            if s in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, or None without a scan if it cannot match."""
        if self.needles is not None:
            for s in self.needles:  # (possible(), inlined: this runs a million times)
                if s in text:
                    break
            else:
                return None
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        """``pattern.finditer(text)``, or nothing without a scan if it cannot match."""
        if self.needles is not None:
            for s in self.needles:
                if s in text:
                    break
            else:
                return ()
        return self.pattern.finditer(text)


def compile(source: str, flags: int = 0) -> Prefiltered:
    """``re.compile(source, flags)``, prefiltered."""
    return Prefiltered(re.compile(source, flags))


#: Every prefiltered pattern made so far (the extractor's are made when its modules load).
COMPILED: list[Prefiltered] = []

#: The needle table's file, in the package's data.
TABLE_FILE = "needles.json"
_table: dict[str, list[str] | None] | None = None


def table_key(pattern: re.Pattern[str]) -> str:
    """A pattern's key in the needle table: its flags and its text."""
    return f"{pattern.flags}:{pattern.pattern}"


def _known_needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """:func:`needles` of ``pattern``, from the table if it holds the pattern."""
    global _table
    if _table is None:
        try:
            data = resources.files("spacegraph.data").joinpath(TABLE_FILE).read_text("utf-8")
            _table = json.loads(data)["needles"]
        except (OSError, ValueError, KeyError, TypeError):  # no table, or not ours: read them
            _table = {}
    key = table_key(pattern)
    if key in _table:
        found = _table[key]
        return tuple(found) if found is not None else None
    return needles(pattern)
