"""Values the relation rules read in a sentence: dates, amounts of money, masses, counts.

Dates become literals typed at the precision the text gives (``xsd:date``,
``xsd:gYearMonth``, ``xsd:gYear``); amounts become
:class:`~spacegraph.extract.Quantity` values with their qualifier ("over",
"about", "up to") and, for masses, the value in grams. Kept apart from the
rules (:mod:`spacegraph.rules_craft` and its siblings) because several of
them read the same kinds of values.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from rdflib import XSD, Literal, URIRef

from . import prefilter
from .extract import Quantity
from .mention_lexicon import MONTH_NAMES

__all__ = [
    "MASS_UNITS",
    "QUAL",
    "QUALIFIERS",
    "SCALES",
    "mass",
    "money",
    "number",
    "parse_dates",
    "plain",
    "unit_text",
]

_MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}
_MONTH = "|".join(_MONTHS)
_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH}) (?P<d1>\d{{1,2}}),? (?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}),? (?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH}),? (?P<y3>\d{{4}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?:in|since|by|of|during) (?P<y4>(?:19|20)\d{{2}})(?!s))\b"
)
#: Words before a number and the ``sg:`` qualifier they give it.
QUALIFIERS = {
    "over": "MoreThan",
    "just over": "MoreThan",
    "well over": "MoreThan",
    "more than": "MoreThan",
    "at least": "MoreThan",
    "exceeded": "MoreThan",
    "about": "About",
    "nearly": "About",
    "almost": "About",
    "roughly": "About",
    "around": "About",
    "some": "About",
    "approximately": "About",
    "less than": "LessThan",
    "under": "LessThan",
    "just under": "LessThan",
    "up to": "LessThan",
}
#: The qualifier words as one alternation, longest first.
QUAL = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
#: Mass units: UN/CEFACT code and grams per unit.
MASS_UNITS = {
    "pound": ("LBR", Decimal("453.59237")),
    "lb": ("LBR", Decimal("453.59237")),
    "kilogram": ("KGM", Decimal(1000)),
    "kg": ("KGM", Decimal(1000)),
    "gram": ("GRM", Decimal(1)),
    "g": ("GRM", Decimal(1)),
    "tonne": ("TNE", Decimal(1000000)),
    "ton": ("TNE", Decimal(1000000)),
    "ounce": ("ONZ", Decimal("28.349523125")),
    "oz": ("ONZ", Decimal("28.349523125")),
}
#: Number words after a figure ("700 billion").
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONEY = prefilter.compile(
    rf"(?:(?P<q>{QUAL}) )?\$ ?(?P<v>\d[\d,]*(?:\.\d+)?) ?(?P<s>billion|million|trillion)?"
)


_DATE_TYPE, _YEAR_MONTH_TYPE, _YEAR_TYPE = XSD.date, XSD.gYearMonth, XSD.gYear


@lru_cache(maxsize=4096)
def _dated(lexical: str, datatype: URIRef) -> Literal:
    """A date literal, made once per spelling (rdflib's constructor parses the date: 20 µs)."""
    return Literal(lexical, datatype=datatype)


def parse_dates(text: str) -> list[tuple[int, int, Literal]]:
    """Dates in ``text`` as ``(start, end, literal)`` typed at their precision.

    >>> [str(d[2]) for d in parse_dates("on November 23, 2020 and in 2019, May 2021")]
    ['2020-11-23', '2019', '2021-05']
    """
    out = []
    for m in _DATE.finditer(text):
        if m["y1"] or m["y2"]:
            month = _MONTHS[m["m1"] or m["m2"]]
            day = int(m["d1"] or m["d2"])
            lit = _dated(f"{m['y1'] or m['y2']}-{month:02d}-{day:02d}", _DATE_TYPE)
        elif m["m3"]:
            lit = _dated(f"{m['y3']}-{_MONTHS[m['m3']]:02d}", _YEAR_MONTH_TYPE)
        elif m["iso"]:
            lit = _dated(m["iso"], _DATE_TYPE)
        else:
            lit = _dated(m["y4"], _YEAR_TYPE)
        out.append((m.start(), m.end(), lit))
    return out


def number(text: str) -> Decimal:
    """A figure as written ("1,935.3") as a decimal."""
    return Decimal(text.replace(",", ""))


def plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: ``Decimal("7E+11")`` → ``"700000000000"``."""
    return format(d.normalize(), "f")


def money(text: str) -> Quantity | None:
    """The first amount of US dollars in ``text`` ("over $100 billion"), or None."""
    m = _MONEY.search(text)
    if not m:
        return None
    value = number(m["v"]) * SCALES.get(m["s"] or "", 1)
    return Quantity(plain(value), "USD", "$", QUALIFIERS.get(m["q"] or "", "Exactly"))


@lru_cache(maxsize=64)
def _unit_word(unit: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(unit)}s?\b")


def unit_text(matched: str, unit: str) -> str:
    """The unit as the text writes it ("grams"), found in the matched phrase."""
    m = _unit_word(unit).search(matched)
    return m[0] if m else unit


def mass(qualifier: str | None, value: str, unit: str, matched: str) -> Quantity:
    """A stated mass ("about 1,350 kilograms") as a quantity, normalised to grams.

    ``unit`` is a key of :data:`MASS_UNITS` as written (any case), ``matched``
    the phrase it stands in (for the unit as written: "kilograms").
    """
    code, factor = MASS_UNITS[unit.lower()]
    amount = number(value)
    grams = (amount * factor).quantize(Decimal("0.001"))
    return Quantity(
        plain(amount),
        code,
        unit_text(matched, unit),
        QUALIFIERS.get(qualifier or "", "Exactly"),
        (plain(grams), "GRM"),
    )
