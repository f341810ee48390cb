"""Relation rules about sample collections: collector, mass, age, access grants.

"returned with 1,731 grams of lunar samples" (the mission collected the
samples; their mass, normalised to grams), "an age of 2 billion years",
"a billion years younger than those retrieved during the Apollo missions"
(an age comparison with the other programme's samples, an n-ary node), and
"selected for access to the samples" (sample-access grants, n-ary nodes, to
the organisations named and to "institutions in" the nations named). Each
rule takes one :class:`~spacegraph.relation_context.RuleSentence`;
:mod:`spacegraph.relations` runs them in order.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import URIRef

from . import prefilter
from .extract import Nary, Quantity
from .gazetteer import core_name
from .relation_context import LIST, ORGS, SG, E, RuleSentence, subject_before
from .relation_values import MASS_UNITS, QUAL, QUALIFIERS, SCALES, mass, number, plain

__all__ = ["grants", "samples"]

_GATHERED = prefilter.compile(r"\b(?:collect|retriev|return|brought|bring|gather|carr)\w*")
_MASS = prefilter.compile(
    rf"(?:(?P<q>{QUAL}) )?(?P<v>\d[\d,]*(?:\.\d+)?) ?(?P<u>{'|'.join(MASS_UNITS)})s?\.?"
    rf" of [^⟦.]*?{E}"
)
_AGE = prefilter.compile(
    rf"age of (?:(?P<q>{QUAL}) )?(?P<v>\d+(?:\.\d+)?) (?P<s>billion|million)? ?years"
)
_YOUNGER = prefilter.compile(
    rf"(?:(?P<q>{QUAL}) )?(?P<v>a|one|\d+(?:\.\d+)?) (?P<s>billion|million) years younger"
    rf" than (?:those|the \w+ \w+|samples)[^⟦]*?(?:retrieved|returned|collected|brought"
    rf" back|gathered)(?: \w+)? (?:during|by|on|from) {E}"
)


def samples(s: RuleSentence) -> None:
    """Who collected the sentence's sample collections, their mass, age and age comparison."""
    found = s.of("SampleCollection")
    if not found:
        return
    if s.search(_GATHERED):
        for i in found:
            mission = subject_before(s, s.t.index(f"⟦{i}⟧"), {"Mission"})
            mission = mission if mission is not None else next(iter(s.of("Mission")), None)
            if mission is not None:
                s.fact(s.iri(mission), SG.collected, s.iri(i), 0.75, "collected")
    text = s.t
    for m in _MASS.finditer(text):
        i = int(m[m.lastindex or 0])
        if s.cls(i) != "SampleCollection":
            continue
        s.fact(s.iri(i), SG.mass, mass(m["q"], m["v"], m["u"], m[0]), 0.75, "sample-mass")
    for m in _AGE.finditer(text):
        for i in found:
            value = number(m["v"]) * SCALES.get(m["s"] or "", 1)
            q = Quantity(plain(value), "ANN", "years", QUALIFIERS.get(m["q"] or "", "Exactly"))
            s.fact(s.iri(i), SG.age, q, 0.7, "sample-age")
    cmp = _YOUNGER.search(text)
    if cmp:
        prog = int(cmp[cmp.lastindex or 0])
        if s.cls(prog) in ("Programme", "Mission"):
            name = s.rel.ents[s.iri(prog)].label
            core = s.rel.ents[s.iri(prog)].label[: len(core_name(name))] or name
            other = s.rel.entity("SampleCollection", f"{core} lunar samples")
            s.fact(s.iri(prog), SG.collected, other, 0.65, "collected-compared")
            subject = next(iter(found))
            raw = cmp["v"]
            value = (Decimal(1) if raw in ("a", "one") else number(raw)) * SCALES[cmp["s"]]
            qual = QUALIFIERS.get(cmp["q"] or "", "About" if raw in ("a", "one") else "Exactly")
            diff = Quantity(plain(value), "ANN", "years", qual)
            s.rel.naries.append(
                Nary(
                    SG.AgeComparison,
                    [
                        (SG.subjectCollection, s.iri(subject)),
                        (SG.comparedTo, other),
                        (SG.difference, diff),
                    ],
                    s.span,
                    "age comparison of sample collections",
                    0.65,
                    "younger-than",
                    derived=[(s.iri(subject), SG.youngerThan, other)],
                )
            )


_ACCESS = prefilter.compile(rf"\baccess to {E}")
_FROM_NATIONS = prefilter.compile(rf"\b(?:from|institutions (?:in|of)) ({LIST})")


def grants(s: RuleSentence) -> None:
    """Access to a sample collection, for the organisations and nations' institutions named."""
    m = s.search(_ACCESS)
    if not m or s.cls(m[1]) != "SampleCollection":
        return
    collection = s.iri(m[1])
    grantees: list[URIRef] = []
    for i in range(len(s.ms)):
        if s.cls(i) in ORGS:
            grantees.append(s.iri(i))
    for fm in s.finditer(_FROM_NATIONS):
        for i in s.idx(fm[1]):
            if s.cls(i) != "Nation":
                continue
            nation = s.rel.ents[s.iri(i)]
            unnamed = s.rel.entity("UnnamedInstitutions", f"institutions in {nation.label}")
            s.fact(unnamed, SG.locatedIn, nation.iri, 0.7, "unnamed-institutions")
            grantees.append(unnamed)
    for g in grantees:
        s.rel.naries.append(
            Nary(
                SG.SampleAccessGrant,
                [(SG.grantee, g), (SG.sampleCollection, collection)],
                s.span,
                "access to " + s.rel.ents[collection].label,
                0.75,
                "sample-access",
                derived=[(g, SG.hasSampleAccess, collection)],
            )
        )
