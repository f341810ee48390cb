"""The graph explorer: one self-contained, searchable HTML page per graph.

A NetworkX projection (nodes with ``label``, ``class``, ``iri``; edges with
``relations`` and ``weight``) and the facts behind it become page data (plain
JSON), which the template ``templates/explorer.html`` draws with vis-network.

Why not PyVis's own HTML: its template loads Bootstrap and vis-network CSS
from CDNs even "in line", writes ``lib/`` into the current folder by default,
sets tooltips with ``innerHTML`` when a title contains "href" and does not
escape the heading. The explorer uses the vis-network build that ships
inside the pyvis package, inlined, and its own small script that renders every
text from a document with ``textContent``.

The data sits in ``<script type="application/json">`` with ``<``, ``>`` and
``&`` written as JSON escapes, so no text can close the script element:

>>> page_json({"label": "</script><b>"})
'{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import importlib.util
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph

from . import measures
from .atomic import atomic_write
from .errors import InputFileError, UnknownNameError
from .gcpause import collector_paused
from .iri import normalise_label
from .viz_data import (
    Entity,
    Fact,
    Vocabulary,
    entities,
    facts,
    full_projection,
    local_name,
    vocabulary,
)
from .viz_layout import layout

__all__ = [
    "LARGE",
    "MEASURES",
    "PROJECTIONS",
    "ExplorerPage",
    "ExplorerView",
    "build_date",
    "centrality",
    "explore",
    "explorer_data",
    "find_node",
    "page_json",
    "render_html",
    "select_view",
    "vis_network_js",
    "write_html",
]

#: Above this many nodes, positions are computed in Python and physics is off.
LARGE = 500
#: Centrality measures ``--size-by`` accepts.
MEASURES = ("degree", "pagerank", "betweenness")
SG_NS = "https://w3id.org/spacegraph/ontology#"

# Colour and shape by class; classes not listed fall back to their root's style.
STYLES: dict[str, tuple[str, str]] = {
    "Nation": ("#4e79a7", "diamond"),
    "Region": ("#a0cbe8", "diamond"),
    "SpaceAgency": ("#f28e2b", "square"),
    "Organisation": ("#ffbe7d", "square"),
    "Company": ("#d4a6c8", "square"),
    "University": ("#59a14f", "triangle"),
    "ResearchInstitute": ("#8cd17d", "triangle"),
    "UnnamedInstitutions": ("#b6d7a8", "triangle"),
    "Person": ("#e15759", "dot"),
    "Mission": ("#76b7b2", "hexagon"),
    "Programme": ("#499894", "hexagon"),
    "Spacecraft": ("#86bcb6", "hexagon"),
    "SpaceStation": ("#17becf", "hexagon"),
    "SampleCollection": ("#b07aa1", "star"),
    "Place": ("#9c755f", "triangleDown"),
    "CelestialBody": ("#bab0ac", "triangleDown"),
    "LaunchSite": ("#c49c94", "triangleDown"),
    "Agreement": ("#edc948", "square"),
    "Law": ("#f1ce63", "square"),
}
DEFAULT_STYLE = ("#9aa5b1", "dot")


def page_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` element (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def vis_network_js() -> str:
    """The vis-network 9.1.2 standalone build that ships inside the pyvis package."""
    # Found without importing pyvis (its import pulls in jinja2 and more: about 0.5 s).
    spec = importlib.util.find_spec("pyvis")
    folder = Path(spec.origin).parent if spec is not None and spec.origin else Path("pyvis")
    path = folder / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    if not path.is_file():
        raise InputFileError(
            f"{path}: vis-network is missing from the pyvis package; reinstall pyvis"
        )
    return path.read_text("utf-8")


def build_date() -> str:
    """Today's date (UTC), or ``SOURCE_DATE_EPOCH``'s for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return when.date().isoformat()


def centrality(graph: nx.Graph, measure: str) -> dict[Hashable, float]:
    """Score every node by ``measure`` (one of :data:`MEASURES`), with :mod:`spacegraph.measures`.

    PageRank reads ``weight`` as strength, betweenness reads ``distance`` as
    length; above 1,000 nodes betweenness samples 200 source nodes (seeded).

    >>> centrality(nx.star_graph(3), "degree")
    {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    if measure not in MEASURES:
        raise UnknownNameError(
            f"--size-by {measure!r}: unknown measure; use one of {', '.join(MEASURES)}"
        )
    simple = nx.Graph(graph) if graph.is_multigraph() or graph.is_directed() else graph
    if simple.number_of_nodes() == 0:
        return {}
    if measure == "degree":
        return measures.degree(simple)
    if not all("weight" in d and "distance" in d for *_, d in simple.edges(data=True)):
        simple = simple.copy()
        for *_, d in simple.edges(data=True):
            d.setdefault("weight", 1)
            d.setdefault("distance", 1.0 / d["weight"])
    if measure == "pagerank":
        return measures.pagerank(simple)
    return measures.betweenness(simple, k=200 if len(simple) > 1000 else None)


def _names(node: Hashable, data: dict[str, Any], entities: dict[str, Entity]) -> list[str]:
    ent = entities.get(str(data.get("iri", node)))
    names = [str(data.get("label", node))]
    if ent is not None:
        names += [ent.label, *ent.aliases]
    return names


def find_node(graph: nx.Graph, label: str, entities: dict[str, Entity] | None = None) -> Hashable:
    """The node whose label or alias matches ``label`` (case, accents and quotes folded).

    Raises :class:`UnknownNameError` listing the closest labels when none matches.
    """
    entities = entities or {}
    wanted = normalise_label(label)
    index: dict[str, Hashable] = {}
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: str(nd[0])):
        for name in _names(node, data, entities):
            index.setdefault(normalise_label(name), node)
    if wanted in index:
        return index[wanted]
    labels = {
        normalise_label(str(d.get("label", n))): str(d.get("label", n))
        for n, d in graph.nodes(data=True)
    }
    close = difflib.get_close_matches(wanted, list(index), n=5, cutoff=0.5)
    shown = sorted({labels.get(c, graph.nodes[index[c]].get("label", c)) for c in close})
    hint = f"; did you mean {', '.join(repr(s) for s in shown)}?" if shown else ""
    raise UnknownNameError(f"--focus {label!r}: no node has this label or alias{hint}")


@dataclass
class ExplorerView:
    """The part of a graph to draw, its node scores and what the page says about the cut."""

    graph: nx.Graph
    scores: dict[Hashable, float]
    note: str


def select_view(
    graph: nx.Graph,
    *,
    entities: dict[str, Entity] | None = None,
    focus: str | None = None,
    depth: int = 1,
    top: int | None = None,
    size_by: str = "degree",
) -> ExplorerView:
    """Cut ``graph`` to the ego network of ``focus`` and/or its ``top`` most central nodes."""
    notes = []
    if focus is not None:
        centre = find_node(graph, focus, entities)
        undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
        keep = nx.single_source_shortest_path_length(undirected, centre, cutoff=depth)
        graph = graph.subgraph(sorted(keep, key=str))
        label = graph.nodes[centre].get("label", centre)
        notes.append(f"Within {depth} step{'s' if depth != 1 else ''} of {label}")
    scores = centrality(graph, size_by)
    if top is not None and top < graph.number_of_nodes():
        ranked = sorted(graph, key=lambda v: (-scores[v], str(graph.nodes[v].get("label", v))))
        total = graph.number_of_nodes()
        graph = graph.subgraph(ranked[:top])
        scores = {v: scores[v] for v in graph}
        notes.append(f"showing the {top} most central of {total} nodes (by {size_by})")
    note = "; ".join(notes)
    return ExplorerView(graph, scores, note[:1].upper() + note[1:])


def _relation_iri(name: str) -> str:
    return name if "/" in name or "#" in name else SG_NS + name


def _class_key(value: Any) -> str:
    return local_name(str(value)) if value else "Thing"


def _value_text(fact: Fact) -> str:
    if fact.value_text:
        return fact.value_text
    if fact.object in ("true", "false"):
        return "yes" if fact.object == "true" else "no"
    return fact.object


def explorer_data(
    view: ExplorerView,
    *,
    facts: Iterable[Fact] = (),
    entities: dict[str, Entity] | None = None,
    vocab: Vocabulary | None = None,
    title: str = "spacegraph",
    projection: str = "full",
    size_by: str = "degree",
    built: str | None = None,
) -> dict[str, Any]:
    """The page data: nodes, edges, facts, legend and heading, ready for :func:`page_json`.

    The facts shown are those of ``facts`` whose subject or object is drawn.
    An undirected edge is written from the node of lower index to the other,
    so the same view gives the same page whatever order the graph keeps.
    """
    entities = entities or {}
    vocab = vocab or Vocabulary({}, set(), set(), set())
    label_of = vocab.label
    graph = view.graph
    node_data: dict[Hashable, dict[str, Any]] = dict(graph.nodes(data=True))
    iri_of = {v: str(data.get("iri", v)) for v, data in node_data.items()}
    nodes = sorted(node_data, key=iri_of.__getitem__)
    index = {v: i for i, v in enumerate(nodes)}
    iri_index = {iri_of[v]: i for i, v in enumerate(nodes)}
    drawn_label = {iri_of[v]: str(node_data[v].get("label", iri_of[v])) for v in nodes}
    all_facts = [f for f in facts if f.subject in iri_index or f.object in iri_index]
    by_triple: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    by_evidence: dict[str, list[int]] = defaultdict(list)
    node_facts: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(all_facts):
        by_triple[(f.subject, f.predicate, f.object)].append(i)
        for ev in f.evidence:
            by_evidence[ev].append(i)
        si, oi = iri_index.get(f.subject, -1), iri_index.get(f.object, -1)
        if si >= 0:
            node_facts[si].append(i)
        if oi >= 0 and oi != si:
            node_facts[oi].append(i)

    documents = sorted({(f.document_title, f.document) for f in all_facts})
    doc_index = {iri: i for i, (_, iri) in enumerate(documents)}

    # What a fact's end is called: a drawn node's label, an entity's label, the
    # class of an n-ary relation node or quantity, else the IRI or the value.
    end_names = {
        iri: ent.label if ent.is_entity else f"({label_of(ent.cls)})"
        for iri in {f.subject for f in all_facts} | {f.object for f in all_facts}
        if (ent := entities.get(iri)) is not None
    }
    end_names.update(drawn_label)

    def object_name(fact: Fact) -> str:
        name = end_names.get(fact.object)
        if name is not None:
            return name
        return fact.object if fact.object_is_iri else _value_text(fact)

    fact_rows = [
        {
            "s": end_names.get(f.subject, f.subject),
            "si": iri_index.get(f.subject, -1),
            "p": label_of(f.predicate),
            "o": object_name(f),
            "oi": iri_index.get(f.object, -1),
            "d": doc_index[f.document],
            "q": f.quotes,
            "neg": f.negated,
            "st": f.status,
            "note": f.note,
        }
        for f in all_facts
    ]

    values = [view.scores.get(v, 0.0) for v in nodes]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    large = len(nodes) > LARGE
    positions = layout(graph) if large else {}
    node_rows = []
    classes: Counter[str] = Counter()
    for v in nodes:
        data = node_data[v]
        iri = iri_of[v]
        cls = _class_key(data.get("class"))
        classes[cls] += 1
        ent = entities.get(iri)
        score = view.scores.get(v, 0.0)
        size = 12 + 26 * ((score - low) / (high - low) if high > low else 0.5)
        names = _names(v, data, entities)
        row: dict[str, Any] = {
            "id": index[v],
            "label": names[0],
            "class": cls,
            "iri": iri,
            "aliases": ent.aliases if ent else [],
            "ids": ent.identifiers if ent else [],
            "keys": sorted({normalise_label(n) for n in names}),
            "score": round(score, 6),
            "size": round(size, 2),
            "facts": node_facts.get(index[v], []),
        }
        if large:
            row["x"], row["y"] = positions[v]
        node_rows.append(row)

    edges = []
    for u, v, data in graph.edges(data=True):
        if not graph.is_directed() and index[u] > index[v]:
            u, v = v, u
        edges.append((index[u], index[v], u, v, data))
    if graph.is_multigraph():
        edges.sort(key=lambda e: (e[0], e[1], str(e[4])))
    else:
        edges.sort(key=lambda e: (e[0], e[1]))
    negated = [f.negated for f in all_facts]
    edge_rows: list[dict[str, Any]] = []
    relations: Counter[str] = Counter()
    for _, _, u, v, data in edges:
        iu, iv = iri_of[u], iri_of[v]
        names = data.get("relations") or [data.get("relation", "related")]
        for rel in sorted({_relation_iri(str(r)) for r in names}):
            forward = [i for i in by_triple.get((iu, rel, iv), ()) if not negated[i]]
            backward = [i for i in by_triple.get((iv, rel, iu), ()) if not negated[i]]
            directed = rel not in vocab.symmetric
            ends: list[tuple[Hashable, Hashable, list[int]]] = []
            if directed and forward:
                ends.append((u, v, forward))
            if directed and backward:
                ends.append((v, u, backward))
            if not ends:
                supporting = sorted(set(forward + backward))
                if not supporting:
                    evidence = data.get("evidence") or []
                    supporting = sorted(
                        {i for ev in evidence for i in by_evidence.get(str(ev), ())}
                    )
                ends.append((u, v, supporting))
                directed = directed and bool(forward or backward)
            for a, b, support in ends:
                docs = {all_facts[i].document for i in support}
                relations[rel] += 1
                edge_rows.append(
                    {
                        "id": len(edge_rows),
                        "from": index[a],
                        "to": index[b],
                        "relation": rel,
                        "label": label_of(rel),
                        "arrow": directed,
                        "docs": len(docs) or int(data.get("weight", 1) or 1),
                        "facts": support,
                    }
                )

    class_rows = [
        {
            "id": cls,
            "label": vocab.label(SG_NS + cls),
            "color": STYLES.get(cls, DEFAULT_STYLE)[0],
            "shape": STYLES.get(cls, DEFAULT_STYLE)[1],
            "count": n,
        }
        for cls, n in sorted(classes.items(), key=lambda kv: vocab.label(SG_NS + kv[0]))
    ]
    relation_rows = [
        {"id": rel, "label": vocab.label(rel), "count": n}
        for rel, n in sorted(relations.items(), key=lambda kv: vocab.label(kv[0]))
    ]
    return {
        "title": title,
        "built": built or build_date(),
        "projection": projection,
        "sizeBy": size_by,
        "note": view.note,
        "large": large,
        "counts": {
            "nodes": len(node_rows),
            "edges": len(edge_rows),
            "documents": len(documents),
            "facts": len(fact_rows),
        },
        "classes": class_rows,
        "relations": relation_rows,
        "documents": [{"title": t, "iri": iri} for t, iri in documents],
        "nodes": node_rows,
        "edges": edge_rows,
        "facts": fact_rows,
    }


_PLACEHOLDER = re.compile(r"/\*@(TITLE|VIS_JS|DATA)@\*/")


def render_html(data: dict[str, Any]) -> str:
    """The explorer page for ``data`` (from :func:`explorer_data`): one self-contained file."""
    template = (
        resources.files("spacegraph").joinpath("templates", "explorer.html").read_text("utf-8")
    )
    vis = vis_network_js()
    if re.search(r"</script", vis, re.IGNORECASE):
        raise InputFileError("the bundled vis-network script contains '</script'; cannot inline it")
    parts = {"TITLE": html.escape(str(data["title"])), "VIS_JS": vis, "DATA": page_json(data)}
    # One pass, so text inserted for one placeholder is never read as another.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], template)


def write_html(path: Path, page: str) -> None:
    """Write the page to ``path`` atomically (nothing else, no ``lib/`` folder)."""
    atomic_write(path, page)


@dataclass
class ExplorerPage:
    """An explorer page and the data drawn on it."""

    html: str
    data: dict[str, Any]

    @property
    def summary(self) -> str:
        """One line: what the page draws."""
        counts = self.data["counts"]
        note = f"; {self.data['note']}" if self.data["note"] else ""
        return f"{counts['nodes']} nodes, {counts['edges']} edges, {counts['facts']} facts{note}"


#: Projections the explorer draws: ``full`` here, the others from :mod:`spacegraph.network`.
PROJECTIONS = ("full", "actor", "nation", "mission")


def explore(
    store: ox.Store,
    ontology: Graph,
    *,
    projection: str = "full",
    focus: str | None = None,
    depth: int = 1,
    top: int | None = None,
    size_by: str = "degree",
    title: str = "spacegraph: space cooperation",
) -> ExplorerPage:
    """The explorer page of a store (evidence-resolved, for quotes) and its ontology.

    ``store`` holds the named graphs and their union (as :mod:`spacegraph.oxstore`
    makes stores, e.g. ``loader.load(folder).store``); ``ontology`` is the
    ontology graph (``loaded.ontology``). ``projection`` ``full`` draws every
    entity and every ``sg:relation`` edge; ``actor``, ``nation`` and
    ``mission`` are :func:`spacegraph.network.project`.

    Only the projection reads the whole graph. The facts, and the names of
    the nodes at either end of them, are read for the drawn nodes alone once
    ``focus`` and ``top`` have cut the view, so the page's cost follows what
    it draws (:mod:`spacegraph.viz_data`).
    """
    if projection not in PROJECTIONS:
        raise UnknownNameError(
            f"--projection {projection!r}: unknown projection; use one of {', '.join(PROJECTIONS)}"
        )
    if size_by not in MEASURES:
        raise UnknownNameError(
            f"--size-by {size_by!r}: unknown measure; use one of {', '.join(MEASURES)}"
        )
    if depth < 0:
        raise UnknownNameError(f"--depth {depth}: must be 0 or more")
    if top is not None and top < 1:
        raise UnknownNameError(f"--top {top}: must be 1 or more")
    with collector_paused():
        return _page(store, ontology, projection, focus, depth, top, size_by, title)


def _page(
    store: ox.Store,
    ontology: Graph,
    projection: str,
    focus: str | None,
    depth: int,
    top: int | None,
    size_by: str,
    title: str,
) -> ExplorerPage:
    """The page itself: :func:`explore` once its arguments are checked."""
    from .network import project

    vocab = vocabulary(ontology)
    if projection == "full":  # the projection is the entities: read them all
        known = entities(store, vocab, ontology)
        graph = full_projection(store, known)
    else:
        graph = project(store, projection)
        # --focus matches aliases too: those of the projection's nodes.
        known = entities(store, vocab, ontology, _iris(graph)) if focus is not None else {}
    view = select_view(graph, entities=known, focus=focus, depth=depth, top=top, size_by=size_by)
    drawn = _iris(view.graph)
    page_facts = facts(store, vocab, drawn)
    ends = {f.subject for f in page_facts if f.subject_is_iri}
    ends |= {f.object for f in page_facts if f.object_is_iri}
    missing = (ends | drawn) - known.keys()
    if missing:
        known = {**known, **entities(store, vocab, ontology, missing)}
    data = explorer_data(
        view,
        facts=page_facts,
        entities=known,
        vocab=vocab,
        title=title,
        projection=projection,
        size_by=size_by,
    )
    return ExplorerPage(render_html(data), data)


def _iris(graph: nx.Graph) -> set[str]:
    """The IRIs of a projection's nodes (their ``iri`` attribute; nodes are keyed by IRI)."""
    return {str(data.get("iri", node)) for node, data in graph.nodes(data=True)}
