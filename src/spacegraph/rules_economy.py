"""Relation rules about trade and investment between actors, with the figures stated.

"bilateral trade between the two countries has exceeded $700 billion
annually since 2006" (a trade-figure n-ary node: parties, amount, period,
since, and who reported it) and "the largest recipient of US foreign
investment, with over $100 billion invested in 2020" (an investment-figure
node); without a figure, the plain edges. Each rule takes one
:class:`~spacegraph.relation_context.RuleSentence`;
:mod:`spacegraph.relations` runs them in order.
"""

from __future__ import annotations

from rdflib import XSD, Literal, URIRef

from . import prefilter
from .extract import Nary, Value
from .relation_context import ACTORS, ORGS, SG, E, RuleSentence
from .relation_values import money

__all__ = ["investment", "trade"]

_TRADE = prefilter.compile(
    rf"\btrade (?:between|with) (?:{E} and {E}|(?:the two|both) (?:countries|nations))"
)
_REPORTER = prefilter.compile(rf"\b(?:report|survey|study|data|figures?) (?:by|from) {E}")
_YEARLY = prefilter.compile(r"\b(?:annually|per year|a year|each year|every year)\b")
_SINCE_YEAR = prefilter.compile(r"\bsince (\d{4})\b")


def trade(s: RuleSentence) -> None:
    """Trade between two nations (named, or "the two countries"), with its figure if stated."""
    m = s.search(_TRADE)
    if not m:
        return
    parties = [s.iri(m[1]), s.iri(m[2])] if m[1] else s.rel.recent_nations.last(2)
    if len(parties) != 2:
        return
    a, b = parties
    s.fact(a, SG.tradesWith, b, 0.75, "trade-between")
    reporter = s.search(_REPORTER)
    derived: list[tuple[URIRef, URIRef, Value]] = [(a, SG.tradesWith, b)]
    roles: list[tuple[URIRef, Value]] = [(SG.party, a), (SG.party, b)]
    if reporter and s.cls(reporter[1]) in ORGS:
        r = s.iri(reporter[1])
        roles.append((SG.reportedBy, r))
        derived += [(r, SG.reportedOn, a), (r, SG.reportedOn, b)]
    amount = money(s.t)
    if amount is None:
        for d in derived:
            s.fact(d[0], d[1], d[2], 0.7, "trade-between")
        return
    roles.append((SG.amount, amount))
    if s.search(_YEARLY):
        roles.append((SG.period, Literal("ANN")))
    if since := s.search(_SINCE_YEAR):
        roles.append((SG.since, Literal(since[1], datatype=XSD.gYear)))
    s.rel.naries.append(
        Nary(SG.TradeFigure, roles, s.span, "bilateral trade", 0.7, "trade-figure", derived=derived)
    )


_RECIPIENT = prefilter.compile(rf"\brecipient of {E}(?:'s)? (?:\w+ )?investment")
_IN_YEAR = prefilter.compile(r"\bin (\d{4})\b")
_INVESTED_IN = prefilter.compile(rf"{E} (?:has |have )?invest(?:ed|s)? [^⟦.]*\bin {E}")


def investment(s: RuleSentence) -> None:
    """Investment from one actor in another, with its figure if stated."""
    m = s.search(_RECIPIENT)
    if m:
        investor = int(m[1])
        recipient = next((i for i in s.idx(s.t[: m.start()]) if s.cls(i) in ACTORS), None)
        if recipient is None or s.cls(investor) not in ACTORS:
            return
        a, b = s.iri(investor), s.iri(recipient)
        amount = money(s.t[m.end() :])
        if amount is None:
            s.fact(a, SG.investsIn, b, 0.7, "investment")
            return
        roles: list[tuple[URIRef, Value]] = [
            (SG.investor, a),
            (SG.recipient, b),
            (SG.amount, amount),
        ]
        if year := s.search(_IN_YEAR):
            roles.append((SG.year, Literal(year[1], datatype=XSD.gYear)))
        s.rel.naries.append(
            Nary(
                SG.InvestmentFigure,
                roles,
                s.span,
                "investment",
                0.7,
                "investment-figure",
                derived=[(a, SG.investsIn, b)],
            )
        )
    for k in s.finditer(_INVESTED_IN):
        x, y = int(k[1]), int(k[2])
        if s.cls(x) in ACTORS and s.cls(y) in ACTORS:
            s.fact(s.iri(x), SG.investsIn, s.iri(y), 0.7, "invests-in")
