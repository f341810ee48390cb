"""A long document's extraction shared with a forked child gives what one process gives.

The name finder's first pass and the relation rules split a long document's
sentences with a forked child (:mod:`spacegraph.forked`). The split must not
show: the mentions, entities, facts and n-ary relations, and the document
graph written by ``spacegraph ingest``, are the same, byte for byte, as when
one process reads every sentence.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import astuple
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, BNode, Literal, URIRef

from spacegraph import export, forked, mentions, relations
from spacegraph.cli import main
from spacegraph.extract import Extraction, Quantity, extract
from spacegraph.gazetteer import Gazetteer
from spacegraph.synth_text import build_article, corpus_texts
from spacegraph.text import Document, sha256_text

from .conftest import GRAPH_DIR

needs_two_cores = pytest.mark.skipif(forked.cores() < 2, reason="a fork needs a second core")


@pytest.fixture(scope="module")
def article(corpus: Path) -> str:
    """About 60 kB (some 600 sentences) of corpus text and generated sentences."""
    return build_article(corpus_texts(corpus), 60_000)


def _facts(ex: Extraction) -> list[tuple[object, ...]]:
    def value(v: object) -> object:
        return astuple(v) if isinstance(v, Quantity) else v

    return [
        (f.subject, f.predicate, value(f.obj), f.spans, f.confidence, f.rule, f.negated,
         f.precision)
        for f in ex.facts
    ]  # fmt: skip


def _summary(ex: Extraction) -> tuple[object, ...]:
    mentioned = [[astuple(m) for m in ms] for ms in ex.mentions]
    entities = [
        (e.iri, e.cls, e.label, sorted(e.aliases), e.confidence) for e in ex.entities.values()
    ]
    return mentioned, entities, _facts(ex), [astuple(n) for n in ex.naries]


@needs_two_cores
def test_a_forked_part_is_computed_in_another_process() -> None:
    with forked.Beside(os.getpid) as part:
        assert part.result() != os.getpid()


def test_without_a_fork_the_part_runs_inline() -> None:
    with forked.Beside(os.getpid, fork=False) as part:
        assert part.result() == os.getpid()


def test_a_process_running_threads_does_not_fork() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with forked.Beside(os.getpid) as part:
            assert part.result() == os.getpid()
    finally:
        stop.set()
        other.join()


@needs_two_cores
def test_a_part_that_fails_in_the_child_is_computed_again_here() -> None:
    parent = os.getpid()

    def part() -> str:
        if os.getpid() != parent:
            raise MemoryError("the child ran out")
        return "computed here"

    with forked.Beside(part) as beside:
        assert beside.result() == "computed here"


@needs_two_cores
def test_an_unread_child_is_stopped_when_the_block_ends() -> None:
    with forked.Beside(lambda: time.sleep(60)) as part:
        child = part._pid
        assert child
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # already reaped: no process is left behind


@needs_two_cores
def test_the_split_extraction_equals_the_single_one(article: str) -> None:
    doc = Document(Path("long.txt"), article, sha256_text(article))
    gazetteer = Gazetteer.packaged()
    alone = extract(doc, gazetteer, parallel=False)
    shared = extract(doc, gazetteer, parallel=True)
    assert len(alone.sentences) > 300 and len(alone.facts) > 300
    assert _summary(shared) == _summary(alone)


@needs_two_cores
def test_each_corpus_article_splits_without_a_trace(corpus: Path) -> None:
    gazetteer = Gazetteer.packaged()
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = Document(path, text, sha256_text(text))
        alone = extract(doc, gazetteer, parallel=False)
        assert _summary(extract(doc, gazetteer, parallel=True)) == _summary(alone), path.name


@needs_two_cores
def test_ingest_writes_the_same_graph_split_or_not(
    article: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "long.txt"
    source.write_text(article, encoding="utf-8")
    written = {}
    for name, threshold in (("alone", 10**9), ("shared", 1)):
        monkeypatch.setattr(mentions, "PARALLEL_SENTENCES", threshold)
        monkeypatch.setattr(relations, "PARALLEL_SENTENCES", threshold)
        monkeypatch.setattr(export, "PARALLEL_TRIPLES", threshold)
        graph = tmp_path / name
        shutil.copytree(GRAPH_DIR, graph)
        result = CliRunner().invoke(main, ["ingest", str(source), "--graph", str(graph)])
        assert result.exit_code == 0, result.output
        written[name] = (graph / "long.trig").read_bytes()
    assert written["shared"] == written["alone"]


_CALM = "The weather was calm that week."


@needs_two_cores
@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # the nations mentioned last, read by "the two countries" after the split point
        (
            "Officials from France and Japan met in Paris.",
            "The two countries announced their cooperation on lunar science.",
            [("two-nations-cooperation", 1)],
        ),
        # a co-occurrence is no fact once another fact relates the pair
        (
            "The Artemis II mission was conducted by NASA.",
            "NASA prepared Artemis II for the flight.",
            [("conducted-by", 1)],
        ),
        # a symmetric fact stated again the other way round: one fact, two sentences
        (
            "France cooperates with Japan on lunar science.",
            "Japan cooperates with France on lunar science.",
            [("cooperates-with", 2)],
        ),
    ],
)
def test_what_the_rules_carry_across_the_split_point(
    before: str, after: str, expected: list[tuple[str, int]]
) -> None:
    # ten sentences: the child reads the last five, from ``after`` on
    text = " ".join([_CALM] * 4 + [before, after] + [_CALM] * 4)
    doc = Document(Path("split.txt"), text, sha256_text(text))
    gazetteer = Gazetteer.packaged()
    alone = extract(doc, gazetteer, parallel=False)
    assert [(f.rule, len(f.spans)) for f in alone.facts] == expected
    assert _summary(extract(doc, gazetteer, parallel=True)) == _summary(alone)


@needs_two_cores
def test_a_graph_written_in_two_halves_reads_as_one() -> None:
    # IRIs that are prefixes of one another sort differently as strings and as "<iri>"
    # forms ("a" < "a-b" but "<a-b>" < "<a>"); blank nodes sort after every IRI.
    subjects = [URIRef(f"https://example.org/{k}") for k in ("a", "a-b", "a/b", "b", "b.c", "c")]
    subjects += [BNode("n1"), BNode("n2")]
    triples = [
        (s, p, o)
        for s in subjects
        for p, o in (
            (RDFS.label, Literal(f"label of {s}")),
            (RDFS.comment, Literal('a "quoted" word\non two lines', lang="en")),
            (RDFS.seeAlso, subjects[0]),
        )
    ]
    name = URIRef("https://example.org/graph")
    whole = export.graph_to_trig(name, triples, parallel=False)
    assert export.graph_to_trig(name, triples, parallel=True) == whole
    assert whole.count("rdfs:label") == len(subjects)


def test_a_split_that_cannot_fork_gives_the_same_extraction(article: str) -> None:
    # With another thread running, the child's share is computed here, after this
    # process's own: it must not count anything twice.
    doc = Document(Path("long.txt"), article, sha256_text(article))
    gazetteer = Gazetteer.packaged()
    alone = extract(doc, gazetteer, parallel=False)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        inline = extract(doc, gazetteer, parallel=True)
    finally:
        stop.set()
        other.join()
    assert _summary(inline) == _summary(alone)
