"""Score the extractor against reference annotations (``*.gold.json``).

For each gold file the article is extracted in memory with the packaged
gazetteer only (never the curated graph, whose labels were written from the
same article), turned into its document graph, and compared with the gold
file through :mod:`spacegraph.gold`'s mapping:

- **entities** (with type): recall is the share of gold entities found with
  the mapped class (:func:`~spacegraph.gold.check_gold`); precision the share
  of extracted entities that some gold entity resolves to. Unnamed
  institutions ("institutions in France") are not named entities and are
  left out; the gold files encode them as their nation.
- **relation pairs**: the unordered pairs of entities a relation connects,
  whatever its name; an unnamed-institutions node counts as its nation.
- **fact recall**: gold facts (dates, quantities, quotations…) found as
  :func:`~spacegraph.gold.check_gold` defines them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from .extract import extract
from .gazetteer import Gazetteer
from .gold import RELATIONS, check_gold, entity_nodes, load_gold
from .ingest import build_graph, default_qids_file
from .text import read_document
from .vocab import SG

__all__ = ["Score", "format_table", "score_article", "score_folder"]


@dataclass(frozen=True)
class Score:
    """Counts for one article (or the sum of several)."""

    article: str
    entity_tp_pred: int
    entity_pred: int
    entity_found: int
    entity_gold: int
    pair_tp_pred: int
    pair_pred: int
    pair_found: int
    pair_gold: int
    fact_found: int
    fact_gold: int
    #: Relation and fact names of the gold file without a mapping (see :func:`load_gold`).
    unmapped: tuple[str, ...] = field(default=(), kw_only=True)

    @staticmethod
    def _prf(tp_pred: int, pred: int, found: int, gold: int) -> tuple[float, float, float]:
        p = tp_pred / pred if pred else 0.0
        r = found / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def entity(self) -> tuple[float, float, float]:
        """Entity precision, recall, F1."""
        return self._prf(self.entity_tp_pred, self.entity_pred, self.entity_found, self.entity_gold)

    @property
    def pairs(self) -> tuple[float, float, float]:
        """Relation-pair precision, recall, F1."""
        return self._prf(self.pair_tp_pred, self.pair_pred, self.pair_found, self.pair_gold)

    @property
    def fact_recall(self) -> float:
        """Share of gold facts found."""
        return self.fact_found / self.fact_gold if self.fact_gold else 0.0

    def __add__(self, other: Score) -> Score:
        counts = [a + b for a, b in zip(self._counts(), other._counts(), strict=True)]
        return Score("overall", *counts, unmapped=self.unmapped + other.unmapped)

    def _counts(self) -> list[int]:
        return [
            self.entity_tp_pred, self.entity_pred, self.entity_found, self.entity_gold,
            self.pair_tp_pred, self.pair_pred, self.pair_found, self.pair_gold,
            self.fact_found, self.fact_gold,
        ]  # fmt: skip


_RELATION_PREDICATES = {m.predicate for m in RELATIONS.values()} | {SG.hasSampleAccess}


def _pairs(graph: Graph, entities: set[Node]) -> set[frozenset[Node]]:
    """Unordered entity pairs of the graph's relations (unnamed institutions → their nation)."""

    def as_entity(node: Node) -> Node:
        if (node, RDF.type, SG.UnnamedInstitutions) in graph:
            return graph.value(node, SG.locatedIn) or node
        return node

    out = set()
    for s, p, o in graph:
        if p in _RELATION_PREDICATES and s in entities and o in entities:
            a, b = as_entity(s), as_entity(o)
            if a != b:
                out.add(frozenset((a, b)))
    return out


def score_article(gold_path: Path, corpus: Path, gazetteer: Gazetteer) -> Score:
    """Extract one article in memory and score it against its gold file.

    A relation whose name has no mapping still counts by its pair of
    entities; a fact whose name has none counts as not found. Both are listed
    in :attr:`Score.unmapped`.
    """
    gold = load_gold(gold_path, strict=False)
    doc = read_document(corpus / gold.document)
    graph = build_graph(extract(doc, gazetteer)).graph
    report = check_gold(graph, gold_path, corpus=corpus, strict=False)
    nodes = entity_nodes(graph, gold_path)
    entities = {
        n
        for n in graph.subjects(SG.mentionedIn, None)
        if isinstance(n, URIRef) and (n, RDF.type, SG.UnnamedInstitutions) not in graph
    }
    matched = set().union(*nodes.values()) if nodes else set()
    all_entities = set(graph.subjects(SG.mentionedIn, None))
    predicted = _pairs(graph, all_entities)
    gold_pairs = [
        {frozenset((a, b)) for a in nodes[s] for b in nodes[o] if a != b}
        for s, _, o in gold.relations
    ]
    pair_found = sum(1 for cands in gold_pairs if cands & predicted)
    any_gold = set().union(*gold_pairs) if gold_pairs else set()
    return Score(
        gold.document,
        len(entities & matched),
        len(entities),
        len(report.found("entity")),
        len(gold.entities),
        len(predicted & any_gold),
        len(predicted),
        pair_found,
        len(gold.relations),
        len(report.found("fact")),
        len(gold.facts),
        unmapped=gold.unmapped,
    )


def score_folder(folder: Path, *, qids: Path | None = None) -> list[Score]:
    """Scores of every ``*.gold.json`` in ``folder`` (articles read from the same folder)."""
    golds = sorted(folder.glob("*.gold.json"))
    gazetteer = Gazetteer.packaged()
    qid_file = qids or default_qids_file()
    if qid_file is not None:
        gazetteer.load_qids(qid_file)
    return [score_article(g, folder, gazetteer) for g in golds]


def format_table(scores: list[Score]) -> list[str]:
    """A Markdown table: one row per article and the overall (micro-averaged) row.

    Then, if a gold file uses relation or fact names without a mapping, a
    note naming each.
    """
    rows = [
        "| article | entity P | entity R | entity F1 | pair P | pair R | pair F1 | fact recall |",
        "|---|---|---|---|---|---|---|---|",
    ]
    total = None
    for s in scores:
        total = s if total is None else total + s
    for s in [*scores, *([total] if total else [])]:
        ep, er, ef = s.entity
        pp, pr, pf = s.pairs
        name = f"**{s.article}**" if s.article == "overall" else s.article
        rows.append(
            f"| {name} | {ep:.2f} | {er:.2f} | {ef:.2f} | {pp:.2f} | {pr:.2f} | {pf:.2f}"
            f" | {s.fact_recall:.2f} ({s.fact_found}/{s.fact_gold}) |"
        )
    unmapped = total.unmapped if total else ()
    if unmapped:
        rows += [
            "",
            "Names without a mapping (a relation still counts by its pair of entities;"
            " a fact counts as not found):",
            *(f"- {line}" for line in unmapped),
        ]
    return rows
