"""Curated graph of the first source document, ``moon-rocks-china-us.txt``.

Every fact the article states (and its reference annotation lists) is written
here as code, with the index of the sentence that states it; the article's text
is read from the corpus folder at run time and never stored in the repository.
Sentence indices refer to :func:`spacegraph.text.split_sentences` of the text
whose SHA-256 is :data:`SHA256`; the script refuses any other text, and refuses
a sentence splitter whose boundaries differ from the ones reviewed here.

Run from the repository root::

    python curation/moon_rocks_china_us.py [--corpus ../shared/corpus] [--output graph]

It writes ``graph/moon-rocks-china-us.trig`` (atomically; the same input gives
the same bytes).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from spacegraph.docgraph import DocumentGraph, Span
from spacegraph.errors import SpacegraphError
from spacegraph.iri import short_hash
from spacegraph.text import Document, read_document, split_sentences
from spacegraph.vocab import ORG, SG

REPO = Path(__file__).resolve().parents[1]
FILE_NAME = "moon-rocks-china-us.txt"
STEM = "moon-rocks-china-us"
#: SHA-256 of the reviewed text (UTF-8, line endings normalised to LF).
SHA256 = "7ad49062c9a17de1aa331545ab9ab365248e55338596512d8e06553bd55e592a"
#: short_hash of the (start, end) list of its sentences: the indices below assume it.
SENTENCE_LAYOUT = "f8297e1138d3"
#: A short curator's title (the article has no title line).
TITLE = "China and the US share Chang'e-5 Moon rocks"
#: The quoted words of John Logsdon in sentence 18, without the quote marks.
LOGSDON_QUOTE: Span = (2223, 2292)


def build(doc: Document) -> DocumentGraph:
    """The document graph of the article (checked against :data:`SHA256`)."""
    if doc.sha256 != SHA256:
        raise SpacegraphError(
            f"{doc.path}: SHA-256 is {doc.sha256}, expected {SHA256}; the article changed,"
            " so its sentence indices must be reviewed before this script is updated"
        )
    sentences = split_sentences(doc.text)
    layout = short_hash(*[(x.start, x.end) for x in sentences])
    if layout != SENTENCE_LAYOUT:
        raise SpacegraphError(
            f"{doc.path}: split_sentences now gives a different layout ({layout},"
            f" expected {SENTENCE_LAYOUT}); review the sentence indices in {__file__}"
        )

    def s(*indices: int) -> list[Span]:
        """Evidence spans: the sentences with these indices."""
        return [(sentences[i].start, sentences[i].end) for i in indices]

    g = DocumentGraph(
        STEM, file_name=doc.name, title=TITLE, sha256=doc.sha256, length=len(doc.text)
    )
    e = g.entity

    # -- entities (QIDs only from shared/reference/wikidata-qids.csv) -------------
    china = e(SG.Nation, "China", qid="Q148")
    us = e(SG.Nation, "United States", aliases=["US"], qid="Q30")
    france = e(SG.Nation, "France", qid="Q142")
    germany = e(SG.Nation, "Germany", qid="Q183")
    japan = e(SG.Nation, "Japan", qid="Q17")
    pakistan = e(SG.Nation, "Pakistan", qid="Q843")
    uk = e(SG.Nation, "United Kingdom", aliases=["UK"], qid="Q145")
    russia = e(SG.Nation, "Russia", qid="Q159")
    europe = e(SG.Region, "Europe", qid="Q46")
    cnsa = e(
        SG.SpaceAgency,
        "China National Space Administration",
        aliases=["CNSA", "China’s National Space Administration"],
    )
    change5 = e(SG.Mission, "Chang'e-5", aliases=["Chang'e-5 mission"])
    change4 = e(SG.Mission, "Chang'e 4", aliases=["Chang'e 4 mission"])
    # The reference list names it "Apollo program"; the article says "Apollo missions".
    apollo = e(SG.Programme, "Apollo missions", aliases=["Apollo"], qid="Q46611")
    iss = e(SG.SpaceStation, "International Space Station", aliases=["ISS"], qid="Q25271")
    brown = e(SG.University, "Brown University", qid="Q49114")
    stony_brook = e(SG.University, "Stony Brook University", qid="Q969850")
    gwu = e(SG.University, "George Washington University", qid="Q432637")
    spi = e(SG.ResearchInstitute, "Space Policy Institute")
    logsdon = e(SG.Person, "John Logsdon")
    uscbc = e(SG.Organisation, "US-China Business Council")
    moon = e(SG.CelestialBody, "Moon", qid="Q405")
    # The landing site of Chang'e 4, a place on the Moon (sentence 26).
    far_side = e(SG.Place, "far side of the Moon")
    samples = e(
        SG.SampleCollection,
        "Chang'e-5 lunar samples",
        aliases=["Moon rocks", "lunar samples", "Chang'e-5 samples"],
    )
    apollo_samples = e(SG.SampleCollection, "Apollo lunar samples")

    # -- China and the US: cooperation, trade, investment (sentences 3-6) ---------
    coop = g.nary(
        SG.Cooperation,
        [
            (SG.participant, china),
            (SG.participant, us),
            (SG.domain, SG.Trade),
            (SG.domain, SG.Education),
            (SG.domain, SG.Science),
            (SG.domain, SG.Technology),
        ],
        s(4),
        label="China–US cooperation",
        derived=[(china, SG.cooperatesWith, us)],
    )
    # Sentence 3 names the same two parties' economic, cultural and security collaborations.
    for node, p, o in [
        (coop, SG.participant, china),
        (coop, SG.participant, us),
        (coop, SG.domain, SG.Economy),
        (coop, SG.domain, SG.Culture),
        (coop, SG.domain, SG.Security),
        (china, SG.cooperatesWith, us),
    ]:
        g.state(node, p, o, s(3))

    g.nary(
        SG.TradeFigure,
        [
            (SG.party, china),
            (SG.party, us),
            (
                SG.amount,
                g.quantity("700000000000", "USD", "$", qualifier=SG.MoreThan),
            ),
            (SG.period, Literal("ANN")),
            (SG.since, Literal("2006", datatype=XSD.gYear)),
            (SG.reportedBy, uscbc),
        ],
        s(5),
        label="China–US bilateral trade",
        derived=[
            (china, SG.tradesWith, us),
            (uscbc, SG.reportedOn, china),
            (uscbc, SG.reportedOn, us),
        ],
    )
    g.nary(
        SG.InvestmentFigure,
        [
            (SG.investor, us),
            (SG.recipient, china),
            (
                SG.amount,
                g.quantity("100000000000", "USD", "$", qualifier=SG.MoreThan),
            ),
            (SG.year, Literal("2020", datatype=XSD.gYear)),
        ],
        s(6),
        label="US investment in China, 2020",
        derived=[(us, SG.investsIn, china)],
    )

    # -- Chang'e-5 (sentences 8-14) ---------------------------------------------------
    g.state(cnsa, SG.agencyOf, china, s(8))
    g.state(change5, SG.operatedBy, cnsa, s(8))
    g.state(change5, SG.collected, samples, s(8))
    g.state(change5, SG.country, china, s(8, 11))
    g.state(change5, SG.target, moon, s(12))
    g.state(apollo, SG.collected, apollo_samples, s(9))
    g.nary(
        SG.AgeComparison,
        [
            (SG.subjectCollection, samples),
            (SG.comparedTo, apollo_samples),
            (
                SG.difference,
                g.quantity("1000000000", "ANN", "years", qualifier=SG.About),
            ),
        ],
        s(9),
        label="Chang'e-5 samples younger than Apollo samples",
        derived=[(samples, SG.youngerThan, apollo_samples)],
    )
    g.state(change5, SG.launchDate, Literal("2020-11", datatype=XSD.gYearMonth), s(11))
    # Sentence 13 lists rovers among the craft used; the mission record (second article)
    # says it carried none. Each document's claim is recorded as it stands.
    g.state(change5, SG.hasRover, Literal(True), s(13))
    g.state(change5, SG.returnDate, Literal("2020-12-03", datatype=XSD.date), s(14))
    mass = g.quantity("4.4", "LBR", "pounds", qualifier=SG.MoreThan, normalised=("1995.806", "GRM"))
    g.state(samples, SG.mass, mass, s(14))

    # -- John Logsdon (sentence 18) ---------------------------------------------------
    g.nary(
        ORG.Membership,
        [
            (ORG.member, logsdon),
            (ORG.organization, spi),
            (ORG.role, SG.FormerDirector),
        ],
        s(18),
        label="John Logsdon, former director of the Space Policy Institute",
        derived=[(logsdon, SG.formerDirectorOf, spi)],
    )
    g.state(spi, SG.partOf, gwu, s(18))
    g.nary(
        SG.Quotation,
        [(SG.speaker, logsdon)],
        [LOGSDON_QUOTE],
        label="quotation of John Logsdon",
        key=[LOGSDON_QUOTE],
    )

    # -- China's space cooperation (sentences 21-26) -------------------------------------
    for nation in (france, germany, japan, pakistan, uk):
        g.state(cnsa, SG.cooperatesWith, nation, s(21, 22))
    g.state(china, SG.activeSince, Literal("1990", datatype=XSD.gYear), s(23), precision=SG.Decade)
    g.state(
        china,
        SG.partnerCount,
        g.quantity("30", "C62", "nations", qualifier=SG.MoreThan),
        s(24),
    )
    g.state(china, SG.participatesIn, iss, s(24))
    g.state(china, SG.jointMissionWith, russia, s(25))
    g.state(china, SG.jointMissionWith, europe, s(25))
    g.state(change4, SG.country, china, s(26))
    g.state(change4, SG.target, moon, s(26))
    g.state(change4, SG.landingSite, far_side, s(26))
    g.state(far_side, SG.locatedIn, moon, s(26))
    g.state(change4, SG.landingDate, Literal("2019", datatype=XSD.gYear), s(26))

    # -- access to the Chang'e-5 samples (sentence 28) -----------------------------------
    grantees: list[URIRef] = []
    for university in (brown, stony_brook):
        g.state(university, SG.locatedIn, us, s(28))
        grantees.append(university)
    for nation, name in [
        (france, "France"),
        (germany, "Germany"),
        (japan, "Japan"),
        (pakistan, "Pakistan"),
        (uk, "United Kingdom"),
    ]:
        institutions = e(SG.UnnamedInstitutions, f"institutions in {name}")
        g.state(institutions, SG.locatedIn, nation, s(28))
        grantees.append(institutions)
    for grantee in grantees:
        g.nary(
            SG.SampleAccessGrant,
            [(SG.grantee, grantee), (SG.sampleCollection, samples)],
            s(28),
            label="access to the Chang'e-5 lunar samples",
            derived=[(grantee, SG.hasSampleAccess, samples)],
        )
    return g


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    """Command line: read the article from ``--corpus``, write ``--output/<stem>.trig``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=REPO.parent / "shared" / "corpus",
        help="folder holding the article (default: ../shared/corpus from the repository root)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=REPO / "graph",
        help="folder to write the .trig file into (default: graph/ of the repository)",
    )
    args = parser.parse_args(argv)
    try:
        doc = read_document(args.corpus / FILE_NAME)
        target = args.output / f"{STEM}.trig"
        write_atomic(target, build(doc).serialize())
    except SpacegraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
