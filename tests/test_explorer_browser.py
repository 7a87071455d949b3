"""The explorer in a real headless Chromium, with the network cut off.

Debian's ``chromium`` (installed by ``make test``) is driven by Playwright's Python package
through ``/usr/bin/chromium``; Playwright's own browser downloads are never used.  A
screenshot of each page is saved under ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from graph.analysis.projection import project, resolve
from graph.views.explorer import View, render_explorer, save_explorer, write_explorer
from tests.conftest import ONTOLOGY, ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium not found at /usr/bin/chromium "
    "(Debian: apt-get install chromium fonts-noto-cjk)",
)

EVIL_IMG = "<img src=x onerror=\"document.title='pwned'\">"
EVIL_SCRIPT = "href </script><script>document.title='pwned2'</script>"
EVIL_TITLE = (
    "</script><script>document.title='pwned3'</script>"
    "<img src=x onerror=\"document.title='pwned4'\">"
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class Opened:
    """A page opened from disk, with everything it tried to fetch and every error it logged."""

    def __init__(self, browser, path: Path, viewport=(1600, 1000)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, offline=True)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.wait_stable()

    def wait_stable(self) -> None:
        """Wait until the layout has settled and physics is off (after loading or drawing more)."""
        # the page marks itself stable once physics has settled and been switched off; a page
        # whose script failed never will, so stop at its first error instead of timing out
        for _ in range(1800):  # up to three minutes: a shared, loaded machine settles a 1,000-entity graph slowly
            if self.errors or self.page.locator("html[data-state=stable]").count():
                break
            self.page.wait_for_timeout(100)
        assert not self.errors, f"the page logged errors: {self.errors}"
        assert self.page.locator("html[data-state=stable]").count(), (
            "the layout never became stable"
        )

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def search(self, text: str) -> list[str]:
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")
        return self.js("() => window.szkgExplorer.network.getSelectedNodes()")

    def screen_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is on screen, after drawing it (when the start view left it out) and
        centring the view on it."""
        if self.js("(id) => window.szkgExplorer.reveal([id])", node_id):
            self.page.wait_for_timeout(100)
            self.wait_stable()
        box = self.page.locator("#graph").bounding_box()
        p = self.js(
            """(id) => { const n = window.szkgExplorer.network;
                         n.focus(id, {scale: 1.5, animation: false});
                         return n.canvasToDOM(n.getPositions([id])[id]); }""",
            node_id,
        )
        return box["x"] + p["x"], box["y"] + p["y"]

    def click_edge(self, edge_id: str) -> None:
        """Click the edge where the drawing shows it alone (no node on top), like a user would:
        with both ends in view, else zoomed in on a stretch of it (where the graph is dense, other
        edges run along it at the first scale). Positions are the canvas's (vis-network's DOM
        coordinates start at the canvas, not at its container's border)."""
        box = self.page.locator("#graph canvas").bounding_box()
        point = self.js(
            """(id) => {
            const n = window.szkgExplorer.network, e = n.body.data.edges.get(id);
            n.fit({nodes: [e.from, e.to], animation: false});
            const base = n.getScale(), pos = n.getPositions([e.from, e.to]);
            const ts = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75];
            for (const zoom of [1, 2, 4, 8]) {
              for (const t of ts) {
                if (zoom > 1) {  // centre the stretch at t and zoom in on it
                  const c = {x: pos[e.from].x + t * (pos[e.to].x - pos[e.from].x),
                             y: pos[e.from].y + t * (pos[e.to].y - pos[e.from].y)};
                  n.moveTo({position: c, scale: base * zoom, animation: false});
                }
                const a = n.canvasToDOM(pos[e.from]), b = n.canvasToDOM(pos[e.to]);
                const len = Math.hypot(b.x - a.x, b.y - a.y);
                const nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
                for (let off = 0; off <= 80; off += 2) {
                  for (const sign of [1, -1]) {
                    const p = {x: a.x + t * (b.x - a.x) + sign * off * nx,
                               y: a.y + t * (b.y - a.y) + sign * off * ny};
                    // the browser clicks at whole pixels: the edge must be the one under every pixel
                    // around the point, or a neighbouring edge as near may take the click
                    const near = [-1, 0, 1].flatMap(dx => [-1, 0, 1].map(dy => ({x: Math.round(p.x) + dx, y: Math.round(p.y) + dy})));
                    if (near.every(q => n.getNodeAt(q) === undefined && n.getEdgeAt(q) === id)) return {x: Math.round(p.x), y: Math.round(p.y)};
                  }
                }
              }
            }
            return null; }""",
            edge_id,
        )
        assert point, f"edge {edge_id} is nowhere clickable on its own"
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def close(self) -> None:
        self.context.close()


def shot(opened: Opened, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    opened.page.screenshot(path=str(path))
    return path


def test_the_seed_graph_in_a_real_browser(browser, built, tmp_path):
    G = project(built.out)
    page = Opened(browser, write_explorer(built.out, tmp_path / "explorer.html"))
    try:
        start = page.js("() => JSON.parse(document.getElementById('szkg-data').textContent).start")
        drawn = page.js("() => window.szkgExplorer.drawn()")
        assert drawn == {"nodes": len(start), "edges": sum(1 for s, o in G.edges() if s in start and o in start)}

        # the layout is frozen: nothing moves once the page says it is stable
        before = page.js("() => window.szkgExplorer.network.getPositions()")
        page.page.wait_for_timeout(700)
        assert page.js("() => window.szkgExplorer.network.getPositions()") == before
        assert page.js("() => window.szkgExplorer.network.physics.options.enabled") is False

        # everything on demand: then every entity and every typed edge is drawn
        page.page.click("#show-all")
        page.page.wait_for_timeout(200)
        page.wait_stable()
        assert page.js("() => window.szkgExplorer.drawn()") == {
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
        everything = page.js("() => window.szkgExplorer.drawn()")

        huawei = resolve(G, "华为")
        # filters: unticking a class hides its entities and their edges; a predicate, its edges
        policies = {n for n, t in G.nodes(data="type") if t == "Policy"}
        page.page.uncheck("input[data-class=Policy]")
        assert page.js("() => window.szkgExplorer.drawn()") == {
            "nodes": len(G) - len(policies),
            "edges": sum(1 for s, o in G.edges() if s not in policies and o not in policies),
        }
        page.page.check("input[data-class=Policy]")
        page.page.uncheck("input[data-predicate=enabled]")
        enabled = sum(1 for *_e, p in G.edges(keys=True) if p == "enabled")
        assert page.js("() => window.szkgExplorer.drawn().edges") == G.number_of_edges() - enabled
        page.page.check("input[data-predicate=enabled]")
        assert page.js("() => window.szkgExplorer.drawn()") == everything

        # labels switch language in place
        page.page.select_option("#lang", "en")
        label = "(id) => window.szkgExplorer.network.body.data.nodes.get(id).label"
        assert page.js(label, huawei) == "Huawei"
        page.page.select_option("#lang", "zh-Hans")

        assert page.search("華為") == [huawei]
        assert page.page.locator("#card h2").inner_text() == "华为"
        assert page.search("Huawei") == [huawei]
        # neighbours highlighted: the selected node's neighbours keep their colour, others dim
        dimmed = page.js(
            """(id) => { const n = window.szkgExplorer.network;
            const near = new Set(n.getConnectedNodes(id));
            return n.body.data.nodes.get().filter(x => x.id !== id && !near.has(x.id))
                    .every(x => x.color.background === '#e4e7eb'); }""",
            huawei,
        )
        assert dimmed

        policy = resolve(G, "18号文件")
        edge_id = page.js(
            """([s, o]) => window.szkgExplorer.network.body.data.edges.get()
            .find(e => e.from === s && e.to === o && e.predicate === 'enabled').id""",
            [policy, huawei],
        )
        page.click_edge(edge_id)
        card = page.page.locator("#card")
        assert card.get_attribute("data-edge") == edge_id
        text = card.inner_text()
        for support in G.edges[policy, huawei, "enabled"]["statements"]:
            assert support.quote in text and support.title in text
        assert re.search(r"如果沒有18號文件.{0,3}我不會想創辦華為", text)  # 任正非's words
        shot(page, "explorer.png")

        assert page.requests == [], "the page tried to reach the network"
        assert page.errors == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def evil_build(tmp_path_factory):
    """The seed sources plus a document and two entities whose names and title are attacks."""
    import shutil

    from graph.curate.build import build
    from tests.conftest import SOURCES

    root = tmp_path_factory.mktemp("evil")
    sources = root / "sources"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns("curation"))
    (sources / "documents" / "999-xss.txt").write_text(
        "恶意样本甲与华为合作。恶意样本乙与恶意样本甲合作。\n", encoding="utf-8"
    )
    docs = yaml.safe_load((sources / "documents.yaml").read_text(encoding="utf-8"))
    docs.append(
        {"id": "999-xss", "file": "documents/999-xss.txt", "title": EVIL_TITLE, "script": "zh-Hans"}
    )
    (sources / "documents.yaml").write_text(
        yaml.safe_dump(docs, allow_unicode=True), encoding="utf-8"
    )
    entities = yaml.safe_load((sources / "entities.yaml").read_text(encoding="utf-8"))
    entities += [
        {
            "id": "evil-img",
            "type": "Firm",
            "label": EVIL_IMG,
            "en": EVIL_IMG,
            "aliases": ["恶意样本甲"],
        },
        {"id": "evil-script", "type": "Firm", "label": EVIL_SCRIPT, "aliases": ["恶意样本乙"]},
    ]
    (sources / "entities.yaml").write_text(
        yaml.safe_dump(entities, allow_unicode=True), encoding="utf-8"
    )
    (sources / "facts" / "999-xss.yaml").write_text(
        yaml.safe_dump(
            {
                "document": "999-xss",
                "statements": [
                    {
                        "s": "evil-img",
                        "p": "partnersWith",
                        "o": "huawei",
                        "quote": "恶意样本甲与华为合作。",
                    },
                    {
                        "s": "evil-script",
                        "p": "partnersWith",
                        "o": "evil-img",
                        "quote": "恶意样本乙与恶意样本甲合作。",
                    },
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return build(sources, ONTOLOGY, root / "out")


@pytest.mark.parametrize(
    "view", [View(), View(focus=EVIL_SCRIPT, depth=1)], ids=["whole", "focus-on-evil"]
)
def test_names_that_are_attacks_are_shown_as_text(browser, evil_build, tmp_path, view):
    explorer = render_explorer(evil_build.out, view)
    page = Opened(browser, save_explorer(explorer, tmp_path / "evil.html"))
    try:
        title = explorer.title  # what the page's <title> says; a script that ran would change it
        assert page.page.title() == title
        if view.focus:  # the heading and the page title hold the attack, as text
            assert (
                EVIL_SCRIPT in page.page.locator("#heading").inner_text() and EVIL_SCRIPT in title
            )
        for entity in ("evil-img", "evil-script"):
            page.page.mouse.move(*page.screen_point(entity))  # hover: the tooltip
            page.page.wait_for_timeout(150)
            assert page.page.locator("#tooltip").is_visible()
            page.page.mouse.click(*page.screen_point(entity))  # click: the card
            assert page.page.locator("#card").get_attribute("data-node") == entity
        assert page.search("恶意样本甲") == ["evil-img"]
        card = page.page.locator("#card").inner_text()
        assert EVIL_IMG in card and EVIL_SCRIPT in card and EVIL_TITLE in card
        assert page.js("() => [document.scripts.length, document.images.length]") == [3, 0]
        assert page.js("() => document.title") == title
        shot(page, f"explorer-escaping-{'focus' if view.focus else 'whole'}.png")
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_an_empty_view_still_loads(browser, tmp_path):
    import networkx as nx

    from graph.views.explorer import explorer_data, render_html

    details = {"labels": {}, "documents": {}, "mentions": {}, "observations": {}, "attributes": {}}
    path = tmp_path / "empty.html"
    path.write_text(render_html(explorer_data(nx.MultiDiGraph(), details, View()), "empty"))
    page = Opened(browser, path)
    try:
        assert page.js("() => window.szkgExplorer.drawn()") == {"nodes": 0, "edges": 0}
        assert page.page.locator("#status").inner_text() == "No entity in this view."
        assert page.requests == [] and page.errors == []
    finally:
        page.close()
