"""A long document's work shared with a forked child gives what one process gives.

The name finder's first pass and the relation rules split a long document's
sentences with a forked child, and ingest has a child write the graph's text
while it makes its report (:mod:`spacegraph.forked`). The split must not show:
the mentions, entities, facts and n-ary relations, and the document graph
written by ``spacegraph ingest``, are the same, byte for byte, as when one
process does it all.

A process forks only while no other thread runs in it, and the test session
may hold such threads (a query stopped by its timeout runs on in its own). So
each check that needs a fork runs in a freshly spawned interpreter (one per
module, its tasks one after another in its main thread), which also counts
the forks made, so a check cannot pass by running everything in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner

from spacegraph import forked, ingest, mentions, relations
from spacegraph.cli import main
from spacegraph.extract import Extraction, Quantity, extract
from spacegraph.gazetteer import Gazetteer
from spacegraph.synth_text import build_article, corpus_texts
from spacegraph.text import Document, sha256_text, split_sentences

from .conftest import GRAPH_DIR

pytestmark = pytest.mark.skipif(forked.cores() < 2, reason="a fork needs a second core")

T = TypeVar("T")


@pytest.fixture(scope="module")
def fresh() -> Iterator[Callable[..., Any]]:
    """``fresh(check, *args)``: ``(check(*args), forks made)`` in a spawned interpreter."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        yield lambda check, *args: pool.apply(_counting_forks, (check, *args))


def _counting_forks(check: Callable[..., T], *args: Any) -> tuple[T, int]:
    assert threading.active_count() == 1, "the spawned interpreter runs one thread"
    made = 0
    start = forked.Beside._start

    def counted(self: forked.Beside[Any]) -> None:
        nonlocal made
        start(self)
        made += self._pid != 0

    forked.Beside._start = counted  # type: ignore[method-assign]
    try:
        return check(*args), made
    finally:
        forked.Beside._start = start  # type: ignore[method-assign]


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


def _split_equals_single(text: str) -> tuple[bool, int, int]:
    """Whether the split extraction equals the single one; the sentences and facts."""
    doc = Document(Path("long.txt"), text, sha256_text(text))
    gazetteer = Gazetteer.packaged()
    alone = extract(doc, gazetteer, parallel=False)
    shared = extract(doc, gazetteer, parallel=True)
    return _summary(shared) == _summary(alone), len(alone.sentences), len(alone.facts)


# -- the forked part ---------------------------------------------------------------------------
def _pids() -> tuple[int, int]:
    with forked.Beside(os.getpid) as part:
        return os.getpid(), part.result()


def test_a_forked_part_is_computed_in_another_process(fresh: Callable[..., Any]) -> None:
    (parent, child), forks = fresh(_pids)
    assert child != parent and forks == 1


def _pids_with_stdout_closed() -> tuple[int, int]:
    closed = open(os.devnull, "w")  # noqa: SIM115 - closed at once: flushing it fails
    closed.close()
    saved, sys.stdout = sys.stdout, closed
    try:
        return _pids()
    finally:
        sys.stdout = saved


def test_a_closed_stdout_does_not_stop_a_fork(fresh: Callable[..., Any]) -> None:
    (parent, child), forks = fresh(_pids_with_stdout_closed)
    assert child != parent and forks == 1


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


def _failing_in_the_child(how: str) -> str:
    parent = os.getpid()

    def part() -> str:
        if os.getpid() != parent:
            if how == "raises":
                raise MemoryError("the child ran out")
            os.kill(os.getpid(), signal.SIGKILL)  # (as the kernel's out-of-memory killer does)
        return "computed here"

    with forked.Beside(part) as beside:
        return beside.result()


@pytest.mark.parametrize("how", ["raises", "is killed before it sends"])
def test_a_part_that_fails_in_the_child_is_computed_again_here(
    fresh: Callable[..., Any], how: str
) -> None:
    assert fresh(_failing_in_the_child, how) == ("computed here", 1)


def _unread_child_is_reaped() -> bool:
    with forked.Beside(lambda: time.sleep(60)) as part:
        child = part._pid
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return True  # already reaped: no process is left behind
    return False


def test_an_unread_child_is_stopped_when_the_block_ends(fresh: Callable[..., Any]) -> None:
    assert fresh(_unread_child_is_reaped) == (True, 1)


# -- extraction --------------------------------------------------------------------------------
def test_the_split_extraction_equals_the_single_one(
    fresh: Callable[..., Any], article: str
) -> None:
    (same, sentences, facts), forks = fresh(_split_equals_single, article)
    assert sentences > 300 and facts > 300
    assert same and forks == 2  # the names' first pass and the relation rules


def _corpus_splits(corpus: Path) -> list[str]:
    """The corpus articles whose split extraction differs from the single one."""
    return [
        path.name
        for path in sorted(corpus.glob("*.txt"))
        if not _split_equals_single(path.read_text(encoding="utf-8"))[0]
    ]


def test_each_corpus_article_splits_without_a_trace(
    fresh: Callable[..., Any], corpus: Path
) -> None:
    differ, forks = fresh(_corpus_splits, corpus)
    assert differ == [] and forks == 2 * len(list(corpus.glob("*.txt")))


_CALM = "The weather was calm that week."


def _boundary(before: str, after: str) -> tuple[list[tuple[str, int]], bool]:
    # ten sentences: the child reads the last five, from ``after`` on
    text = " ".join([_CALM] * 4 + [before, after] + [_CALM] * 4)
    doc = Document(Path("split.txt"), text, sha256_text(text))
    gazetteer = Gazetteer.packaged()
    alone = extract(doc, gazetteer, parallel=False)
    shared = extract(doc, gazetteer, parallel=True)
    return [(f.rule, len(f.spans)) for f in alone.facts], _summary(shared) == _summary(alone)


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
    fresh: Callable[..., Any], before: str, after: str, expected: list[tuple[str, int]]
) -> None:
    (facts, same), forks = fresh(_boundary, before, after)
    assert facts == expected
    assert same and forks == 2


def _names_across_the_fork() -> tuple[bool, list[str]]:
    # Twenty sentences: this process reads two before it forks (the first defines "ZSA"),
    # then up to the eleventh (the sixth defines "QI"); the child reads the last nine.
    sentences = [
        "The Zorvan Space Agency (ZSA) was founded in 2001.",
        *[_CALM] * 4,
        "The Quorra Institute (QI) opened in 2010.",
        *[_CALM] * 6,
        "ZSA said it would fly again.",
        "The ZSA rocket flew in May.",
        "QI engineers built the lander.",
        "QI and ZSA signed an agreement.",
        *[_CALM] * 4,
    ]
    text = " ".join(sentences)
    doc = Document(Path("names.txt"), text, sha256_text(text))
    gazetteer = Gazetteer.packaged()
    alone = extract(doc, gazetteer, parallel=False)
    shared = extract(doc, gazetteer, parallel=True)
    named = [f"{m.surface}:{m.cls}" for ms in shared.mentions[12:16] for m in ms]
    return _summary(shared) == _summary(alone), named


def test_names_defined_before_and_after_the_fork(fresh: Callable[..., Any]) -> None:
    """The child knows "ZSA" (defined before the fork); "QI" it misses, and is read again."""
    (same, named), forks = fresh(_names_across_the_fork)
    assert same and forks == 2
    assert named.count("ZSA:SpaceAgency") == 3 and named.count("QI:ResearchInstitute") == 2


def test_the_child_knows_the_names_defined_before_it_was_forked() -> None:
    gazetteer = Gazetteer.packaged()
    text = "The Zorvan Space Agency (ZSA) was founded in 2001. ZSA said it would fly again."
    first, second = split_sentences(text)
    nobody = mentions._detect_alone(gazetteer, mentions.NameTable(), [second])
    _, known = mentions.find_mentions(text, [first], gazetteer, parallel=False)
    told = mentions._detect_alone(gazetteer, known, [second])
    assert "zsa" in nobody[0][2] and "zsa" not in told[0][2]  # (the names looked up in vain)
    proposed = [m[2] for ms, _ in told[0][0] for m in ms]
    assert "ZSA" in proposed and "ZSA" not in [m[2] for ms, _ in nobody[0][0] for m in ms]


def test_a_split_that_cannot_fork_gives_the_same_extraction(article: str) -> None:
    # With another thread running, the child's share is computed here, after this
    # process's own: it must not count anything twice.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        same, _, _ = _split_equals_single(article)
    finally:
        stop.set()
        other.join()
    assert same


# -- the written graph -------------------------------------------------------------------------
def _ingested_split_and_single(article: str) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "long.txt"
        source.write_text(article, encoding="utf-8")
        written = {}
        for name, threshold in (("alone", 10**9), ("shared", 1)):
            mentions.PARALLEL_SENTENCES = relations.PARALLEL_SENTENCES = threshold
            ingest.PARALLEL_CLAIMS = threshold
            graph = Path(tmp) / name
            shutil.copytree(GRAPH_DIR, graph)
            result = CliRunner().invoke(main, ["ingest", str(source), "--graph", str(graph)])
            assert result.exit_code == 0, result.output
            written[name] = (graph / "long.trig").read_bytes()
        return written["shared"] == written["alone"]


def test_ingest_writes_the_same_graph_split_or_not(fresh: Callable[..., Any], article: str) -> None:
    same, forks = fresh(_ingested_split_and_single, article)
    assert same and forks == 3  # names, relation rules, the report
