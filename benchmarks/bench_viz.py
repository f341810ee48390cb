"""Time to first draw and to interactive of the explorer page, against PyVis's defaults.

For 100, 1,000 and 5,000 nodes (a preferential-attachment graph, two edges per
new node), the script writes our page (:mod:`spacegraph.viz`) and PyVis's page
with its defaults (``Network()``, ``from_nx``, ``write_html``, run in a temporary
folder since it writes ``lib/`` there) and, since that page loads vis-network
from a CDN and so never draws offline, also with ``cdn_resources="in_line"``
(everything else default: physics and stabilisation in the browser). It opens
each in headless Debian Chromium
with every non-``file:`` request blocked, and prints, in the same run:

- *first draw*: milliseconds from navigation start to the first stroke or fill
  on a canvas (the network's first frame);
- *interactive*: milliseconds until the node positions stop moving and the page
  answers (two polls 100 ms apart give the same positions).

Usage: ``python benchmarks/bench_viz.py [--sizes 100,1000,5000] [--timeout 120]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

import networkx as nx
from playwright.async_api import async_playwright
from pyvis.network import Network

from spacegraph.viz import explorer_data, render_html, select_view, write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CLASSES = ["Nation", "SpaceAgency", "Mission", "University", "Person"]

# Record the first canvas stroke or fill: the first frame the network draws.
FIRST_DRAW = """
(() => {
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ["stroke", "fill"]) {
    const original = proto[name];
    proto[name] = function (...args) {
      if (window.__firstDraw === undefined) window.__firstDraw = performance.now();
      return original.apply(this, args);
    };
  }
})();
"""

# Resolve when the positions stop changing between two polls 100 ms apart.
SETTLED = """
async (timeout) => {
  const start = performance.now();
  // Ours exposes spacegraphExplorer.network; PyVis's page a global `network`.
  const net = () => (window.spacegraphExplorer ? window.spacegraphExplorer.network
                     : typeof window.network?.getPositions === "function" ? window.network : null);
  let last = null;
  await new Promise((r) => (document.readyState === "complete" ? r() : onload = r));
  if (typeof vis === "undefined") return -1;  // vis-network did not load (blocked CDN)
  while (performance.now() - start < timeout) {
    await new Promise((r) => setTimeout(r, 100));
    if (window.__firstDraw === undefined || !net()) continue;
    const pos = JSON.stringify(net().getPositions());
    if (pos === last) return performance.now();
    last = pos;
  }
  return null;
}
"""


def graph(n: int) -> nx.Graph:
    g = nx.barabasi_albert_graph(n, 2, seed=1)
    for i in g:
        g.nodes[i].update(label=f"Node {i}", iri=f"urn:node:{i}", **{"class": CLASSES[i % 5]})
    return g


def ours(g: nx.Graph, folder: Path) -> Path:
    path = folder / "ours.html"
    write_html(path, render_html(explorer_data(select_view(g), built="2024-01-01")))
    return path


def pyvis_page(g: nx.Graph, folder: Path, cdn_resources: str = "local") -> Path:
    plain = nx.Graph()  # from_nx mutates its input and reads every attribute as a vis option
    plain.add_nodes_from((v, {"label": d["label"]}) for v, d in g.nodes(data=True))
    plain.add_edges_from(g.edges())
    net = Network(cdn_resources=cdn_resources)  # "local" is PyVis's default
    net.from_nx(plain)
    cwd = os.getcwd()
    os.chdir(folder)  # PyVis writes lib/ into the current folder
    try:
        net.write_html(f"pyvis-{cdn_resources}.html")
    finally:
        os.chdir(cwd)
    return folder / f"pyvis-{cdn_resources}.html"


async def measure(browser, path: Path, timeout_s: float) -> tuple[float | None, float | None]:  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport={"width": 1400, "height": 860})
    page = await context.new_page()
    await page.add_init_script(FIRST_DRAW)

    async def block(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        await (route.continue_() if url.startswith(("file:", "data:")) else route.abort())

    await page.route("**/*", block)
    await page.goto(path.as_uri(), wait_until="commit")
    first: float | None = None
    settled: float | None = None
    try:
        # Enforced from Python: a page busy with its layout cannot run its own timers.
        settled = await asyncio.wait_for(page.evaluate(SETTLED, timeout_s * 1000), timeout_s + 5)
        first = -1.0 if settled == -1 else await page.evaluate("window.__firstDraw ?? null")
    except TimeoutError:
        pass
    await context.close()
    return first, settled


def fmt(ms: float | None, timeout_s: float) -> str:
    if ms is not None and ms < 0:
        return "never (CDN)"
    return f"> {timeout_s * 1000:,.0f}" if ms is None else f"{ms:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per page")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    header = (
        f"{'nodes':>6} {'edges':>6}  {'page':<14} {'size KB':>8}"
        f" {'first draw ms':>14} {'interactive ms':>15}"
    )
    print(header)
    print("-" * len(header))
    asyncio.run(run(sizes, args.timeout))


async def run(sizes: list[int], timeout_s: float) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        await run_sizes(browser, sizes, timeout_s)
        await browser.close()


async def run_sizes(browser, sizes: list[int], timeout_s: float) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            g = graph(n)
            folder = Path(tmp) / str(n)
            folder.mkdir()
            pages = [
                ("spacegraph", ours(g, folder)),
                ("pyvis default", pyvis_page(g, folder)),
                ("pyvis in_line", pyvis_page(g, folder, "in_line")),
            ]
            for name, path in pages:
                first, settled = await measure(browser, path, timeout_s)
                kb = path.stat().st_size / 1024
                print(
                    f"{n:>6} {g.number_of_edges():>6}  {name:<14} {kb:>8,.0f}"
                    f" {fmt(first, timeout_s):>14} {fmt(settled, timeout_s):>15}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
