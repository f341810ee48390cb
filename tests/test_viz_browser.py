"""The explorer page in headless Chromium, with every network request blocked and recorded.

Debian's ``chromium`` is driven by the ``playwright`` package (no browser
download). Without it the tests are skipped on a workstation and fail in CI.
Set ``SPACEGRAPH_UPDATE_SCREENSHOT=1`` to refresh ``docs/spacegraph-screenshot.png``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from spacegraph.evidence import resolve_evidence
from spacegraph.loader import load
from spacegraph.viz import explore, explorer_data, render_html, select_view, write_html
from spacegraph.viz_data import Entity, Fact

from .conftest import GRAPH_DIR, IN_CI, REPO

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
EVIL = '<img src=x onerror="window.__pwned=1;alert(1)">'
ID = "https://w3id.org/spacegraph/id/"
CHANGE5 = ID + "mission/change-5"
CNSA = ID + "spaceagency/china-national-space-administration"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        message = f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@dataclass
class Opened:
    """A loaded page with what it tried to fetch and what it logged."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture()
def open_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def opener(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(route: Any) -> None:
            url = route.request.url
            if url != path.as_uri():
                opened.requests.append(url)
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", route)
        page.on(
            "console", lambda m: m.type in ("error", "warning") and opened.console.append(m.text)
        )
        page.on("pageerror", lambda e: opened.console.append(str(e)))

        def on_dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=20_000)
        return opened

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    """The first article's explorer page (built with the corpus), its data, and a quote."""
    from .conftest import CORPUS, FIRST_ARTICLE

    if not (CORPUS / FIRST_ARTICLE).is_file():
        pytest.fail(f"corpus not found at {CORPUS}")
    loaded = load(GRAPH_DIR)
    resolve_evidence(loaded, CORPUS)
    page = explore(loaded.store, loaded.ontology)
    path = tmp_path_factory.mktemp("viz") / "spacegraph.html"
    write_html(path, page.html)
    operated = [
        f for f in page.data["facts"] if f["si"] >= 0 and f["oi"] >= 0 and f["p"] == "operated by"
    ]
    quote = operated[0]["q"][0]
    return path, page.data, quote


def index_of(data: dict[str, Any], iri: str) -> int:
    return next(n["id"] for n in data["nodes"] if n["iri"] == iri)


def test_draws_every_node_and_edge_offline_without_errors(open_page: Any, article: Any) -> None:
    path, data, _ = article
    opened = open_page(path)
    opened.page.wait_for_timeout(300)
    assert opened.js("spacegraphExplorer.drawn()") == {
        "nodes": len(data["nodes"]),
        "edges": len(data["edges"]),
    }
    assert len(data["nodes"]) == 29  # every entity of the first article
    assert opened.requests == []
    assert opened.console == []
    assert "29 nodes" in opened.page.inner_text("#meta")


def test_search_finds_cnsa_by_alias_and_focuses_it(open_page: Any, article: Any) -> None:
    path, data, _ = article
    opened = open_page(path)
    opened.page.fill("#search", "cnsa")
    opened.page.press("#search", "Enter")
    assert opened.js("spacegraphExplorer.network.getSelectedNodes()") == [index_of(data, CNSA)]
    assert opened.page.inner_text("#details h3") == "China National Space Administration"
    opened.page.fill("#search", "change-5")
    assert opened.page.inner_text("#results li:first-child button span") == "Chang'e-5"


def test_class_filter_hides_and_shows_its_nodes(open_page: Any, article: Any) -> None:
    path, data, _ = article
    opened = open_page(path)
    nations = [n["id"] for n in data["nodes"] if n["class"] == "Nation"]
    assert nations
    opened.page.uncheck("input[data-filter=class][data-value=Nation]")
    drawn = opened.js("spacegraphExplorer.network.body.nodeIndices.slice()")
    assert len(drawn) == len(data["nodes"]) - len(nations)
    assert not set(nations) & set(drawn)
    opened.page.check("input[data-filter=class][data-value=Nation]")
    assert opened.js("spacegraphExplorer.drawn().nodes") == len(data["nodes"])


def test_clicking_an_edge_shows_its_evidence_sentence(open_page: Any, article: Any) -> None:
    path, data, quote = article
    opened = open_page(path)
    opened.page.wait_for_timeout(300)
    a, b = index_of(data, CHANGE5), index_of(data, CNSA)
    point = opened.js(
        """([a, b]) => {
            const net = spacegraphExplorer.network, pos = net.getPositions([a, b]);
            const mid = {x: (pos[a].x + pos[b].x) / 2, y: (pos[a].y + pos[b].y) / 2};
            const dom = net.canvasToDOM(mid);
            const box = document.getElementById("network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        [a, b],
    )
    opened.page.mouse.click(point["x"], point["y"])
    details = opened.page.inner_text("#details")
    assert details.startswith("×\nChang'e-5 → China National Space Administration")
    assert "operated by" in details
    assert quote in details
    assert opened.requests == [] and opened.console == []


def test_screenshot(open_page: Any, tmp_path: Path) -> None:
    """The page of the committed graph, without the corpus (no document text in the image)."""
    path = tmp_path / "spacegraph.html"
    loaded = load(GRAPH_DIR)
    write_html(path, explore(loaded.store, loaded.ontology).html)
    opened = open_page(path)
    opened.page.fill("#search", "cnsa")
    opened.page.press("#search", "Enter")
    opened.page.wait_for_timeout(800)  # the focus animation
    assert opened.page.inner_text("#details h3") == "China National Space Administration"
    shot = (
        REPO / "docs" / "spacegraph-screenshot.png"
        if os.environ.get("SPACEGRAPH_UPDATE_SCREENSHOT") == "1"
        else tmp_path / "spacegraph.png"
    )
    opened.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_injected_script_label_shows_as_text_and_runs_nothing(
    open_page: Any, tmp_path: Path
) -> None:
    g = nx.Graph()
    g.add_node(ID + "person/evil", label=EVIL, iri=ID + "person/evil", **{"class": "Person"})
    g.add_node(ID + "nation/x", label="X</script><script>alert(2)</script>", iri=ID + "nation/x")
    g.nodes[ID + "nation/x"]["class"] = "Nation"
    g.add_edge(ID + "person/evil", ID + "nation/x", relations=["locatedIn"], weight=1)
    evil_fact = Fact(
        claim="c",
        subject=ID + "person/evil",
        predicate="https://w3id.org/spacegraph/ontology#locatedIn",
        object=ID + "nation/x",
        object_is_iri=True,
        document="https://w3id.org/spacegraph/doc/evil",
        document_title=EVIL,
        negated=False,
        quotes=[EVIL],
    )
    entities = {ID + "person/evil": Entity(ID + "person/evil", "Person", EVIL, [EVIL])}
    data = explorer_data(select_view(g), facts=[evil_fact], entities=entities, built="2024-01-01")
    data["title"] = EVIL
    path = tmp_path / "evil.html"
    write_html(path, render_html(data))
    opened = open_page(path)
    opened.page.fill("#search", "img src")
    opened.page.press("#search", "Enter")
    opened.page.wait_for_timeout(400)
    assert opened.page.inner_text("#details h3") == EVIL
    assert EVIL in opened.page.inner_text("#details blockquote")
    assert opened.page.inner_text("#title") == EVIL
    assert opened.page.title() == EVIL
    # Hover the node so vis-network shows its tooltip too.
    point = opened.js(
        """(id) => {
            const net = spacegraphExplorer.network;
            const dom = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById("network").getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        0,
    )
    opened.page.mouse.move(point["x"], point["y"])
    opened.page.wait_for_timeout(500)
    assert opened.js("window.__pwned") is None
    assert opened.js("document.querySelectorAll('img').length") == 0
    assert opened.dialogs == [] and opened.requests == [] and opened.console == []


def test_five_thousand_nodes_draw_at_once_and_answer_search(open_page: Any, tmp_path: Path) -> None:
    g = nx.barabasi_albert_graph(5000, 2, seed=11)
    nx.relabel_nodes(g, {i: f"{ID}nation/n{i}" for i in g}, copy=False)
    for i, node in enumerate(sorted(g)):
        g.nodes[node].update(label=f"Node {i}", iri=node, **{"class": "Nation"})
    path = tmp_path / "big.html"
    write_html(path, render_html(explorer_data(select_view(g), built="2024-01-01")))
    opened = open_page(path)
    assert opened.js("spacegraphExplorer.drawn().nodes") == 5000
    elapsed = opened.js(
        """() => {
            const t = performance.now();
            const ids = spacegraphExplorer.find("node 4321");
            spacegraphExplorer.focusNode(ids[0]);
            return performance.now() - t;
        }"""
    )
    assert opened.page.inner_text("#details h3") == "Node 4321"
    assert elapsed < 1000
    assert opened.requests == [] and opened.console == []
