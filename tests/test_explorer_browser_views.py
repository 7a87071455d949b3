"""The explorer's views in headless Chromium at a laptop's 1440×900: the start view, the filters,
search, the evidence panel, a hub's card, observations in the page's language and the policy
timeline — each checked on the rendered page (tests/test_explorer_browser.py has the set-up)."""

from __future__ import annotations

import re

import pytest
import yaml

from graph.analysis.projection import project, resolve
from graph.layout import BuildDir
from graph.views.explorer import write_explorer
from tests.conftest import SOURCES
from tests.test_explorer_browser import CHROMIUM, Opened, browser, shot  # noqa: F401 (browser: a fixture)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not found at /usr/bin/chromium")

LAPTOP = (1440, 900)


@pytest.fixture(scope="module")
def G(built):
    return project(built.out)


@pytest.fixture(scope="module")
def page_path(built, tmp_path_factory):
    return write_explorer(built.out, tmp_path_factory.mktemp("views") / "explorer.html")


@pytest.fixture
def page(browser, page_path):  # noqa: F811
    opened = Opened(browser, page_path, viewport=LAPTOP)
    yield opened
    assert opened.requests == [] and opened.errors == []
    opened.close()


def drawn_ids(page) -> tuple[set[str], set[tuple[str, str, str]]]:
    """The ids of the entities drawn, and the (subject, object, predicate) of the edges drawn."""
    nodes, edges = (page.js("""() => { const b = window.szkgExplorer.network.body;
        return [b.nodeIndices, b.edgeIndices.filter(id => b.edges[id].connected)
                .map(id => { const e = b.data.edges.get(id); return [e.from, e.to, e.predicate]; })]; }"""))
    return set(nodes), {tuple(e) for e in edges}


def reveal(page, *ids: str) -> None:
    """Draw these entities (as search or "Draw them" would) and wait for the layout."""
    page.js("(ids) => window.szkgExplorer.reveal(ids)", list(ids))
    page.page.wait_for_timeout(100)
    page.wait_stable()


def card_text(page) -> str:
    return page.page.locator("#card").inner_text()


def selected(page) -> list[str]:
    return page.js("() => window.szkgExplorer.network.getSelectedNodes()")


def dimmed(page) -> int:
    return page.js("() => window.szkgExplorer.network.body.data.nodes.get()"
                   ".filter(x => x.color.background === '#e4e7eb').length")


def test_the_start_view_is_readable_and_no_card_says_null(page, G):
    nodes, _edges = drawn_ids(page)
    assert 10 <= len(nodes) <= 40 < len(G)  # the hubs, not the hairball
    assert page.js("() => window.szkgExplorer.labelPx()") >= 11
    inside = page.js("""() => { const n = window.szkgExplorer.network, box = document.getElementById('graph');
        const p = n.getPositions(); return Object.keys(p).filter(id => { const d = n.canvasToDOM(p[id]);
        return d.x >= 0 && d.y >= 0 && d.x <= box.clientWidth && d.y <= box.clientHeight; }).length; }""")
    assert inside == len(nodes)  # every entity of the start view is on screen
    shot(page, "explorer-start-1440x900.png")
    for node in sorted(nodes):
        page.js("(id) => window.szkgExplorer.select(id, false)", node)
        text = card_text(page)
        assert page.page.locator("#card").get_attribute("data-node") == node
        assert not re.search(r"\bnull\b|\bundefined\b|NaN", text), f"{node}'s card: {text[:300]}"
    assert not re.search(r"\bnull\b|\bundefined\b", page.page.locator("body").inner_text())


def test_more_is_drawn_on_demand_from_a_card(page, G):
    shenzhen = resolve(G, "深圳")
    page.js("(id) => window.szkgExplorer.select(id, false)", shenzhen)
    before, _ = drawn_ids(page)
    page.page.click("#draw-neighbours")
    page.page.wait_for_timeout(100)
    page.wait_stable()
    after, _ = drawn_ids(page)
    neighbours = set(G.predecessors(shenzhen)) | set(G.successors(shenzhen))
    assert after == before | neighbours


def test_filters_update_counts_cards_and_highlights(page, G):
    huawei = resolve(G, "华为")
    assert page.search("华为") == [huawei] and dimmed(page) > 0
    start_nodes = int(page.page.locator("#summary").get_attribute("data-nodes"))
    nodes, _ = drawn_ids(page)
    firms = sum(1 for n in nodes if G.nodes[n]["type"] == "Firm")
    page.page.uncheck("input[data-class=Firm]")
    # the summary, the legend's count, the card and the highlight all follow the filter
    assert int(page.page.locator("#summary").get_attribute("data-nodes")) == start_nodes - firms
    assert page.page.locator("[data-count=Firm]").inner_text().startswith("0 / ")
    assert page.page.locator("#card").get_attribute("data-node") is None
    assert "hidden by the filters" in card_text(page)
    assert selected(page) == [] and dimmed(page) == 0
    page.page.check("input[data-class=Firm]")
    assert int(page.page.locator("#summary").get_attribute("data-nodes")) == start_nodes
    assert page.page.locator("[data-count=Firm]").inner_text() == f"{firms} / {sum(1 for _n, t in G.nodes(data='type') if t == 'Firm')}"


def test_the_document_filter_draws_what_that_document_says_and_nothing_else(page, G):
    doc = "004_7ac091414ba7caeb"  # the article with 任正非's words on the 18号文件
    page.page.select_option("#filter-document", doc)
    page.page.wait_for_timeout(100)
    page.wait_stable()
    _, edges = drawn_ids(page)
    said = {(s, o, p) for s, o, p, sts in G.edges(keys=True, data="statements") if any(x.document == doc for x in sts)}
    assert edges == said
    assert int(page.page.locator("#summary").get_attribute("data-edges")) == len(said)
    page.page.select_option("#filter-document", "")
    assert len(drawn_ids(page)[1]) > len(said) or not said


def test_the_year_and_status_filters(page, G, built):
    docs = {x["id"]: x for x in yaml.safe_load((SOURCES / "documents.yaml").read_text(encoding="utf-8"))}
    page.page.click("#show-all")
    page.page.wait_for_timeout(100)
    page.wait_stable()
    page.page.select_option("#filter-year-from", "2025")
    page.page.select_option("#filter-year-to", "2025")
    _, edges = drawn_ids(page)
    in_2025 = {(s, o, p) for s, o, p, sts in G.edges(keys=True, data="statements")
               if any(str(docs[x.document].get("date", "")).startswith("2025") for x in sts)}
    assert edges == in_2025 and in_2025
    page.page.uncheck("input[data-status=curated]")
    assert drawn_ids(page) == (set(), set()) and page.page.locator("#summary").get_attribute("data-edges") == "0"


def test_search_offers_ten_matches_in_either_script_and_a_failed_search_clears(page, G):
    page.page.fill("#search", "华")
    simplified = page.page.locator("#matches li").evaluate_all("xs => xs.map(x => x.dataset.id)")
    page.page.fill("#search", "華")
    traditional = page.page.locator("#matches li").evaluate_all("xs => xs.map(x => x.dataset.id)")
    assert len(simplified) == 10 and simplified == traditional
    assert resolve(G, "华为") in simplified
    page.page.locator("#matches li button").nth(simplified.index(resolve(G, "华为"))).click()
    assert selected(page) == [resolve(G, "华为")] and page.page.locator("#matches li").count() == 0
    # a name outside the start view is drawn when found
    leaf = min((n for n in G if G.degree(n) == 1), key=lambda n: n)
    assert page.search(G.nodes[leaf]["label_zh_hant"] or G.nodes[leaf]["label"]) == [leaf]
    assert page.js("(id) => window.szkgExplorer.network.body.nodeIndices.includes(id)", leaf)
    assert page.search("没有这样的实体名字") == []
    assert page.page.locator("#card").get_attribute("data-node") is None and dimmed(page) == 0
    assert "no entity matches" in page.page.locator("#search-status").inner_text()


def test_the_evidence_panel_shows_the_sentence_offsets_title_date_and_link(page, G, built):
    policy, huawei = resolve(G, "18号文件"), resolve(G, "华为")
    reveal(page, policy, huawei)
    edge = page.js("""([s, o]) => window.szkgExplorer.network.body.data.edges.get()
        .find(e => e.from === s && e.to === o && e.predicate === 'enabled').id""", [policy, huawei])
    page.click_edge(edge)
    # the seed article's sentence in 任正非's words (004); later articles state the same edge too, listed beside it
    quote = next(st for st in G.edges[policy, huawei, "enabled"]["statements"] if st.document.startswith("004_"))
    block = page.page.locator("#card li").filter(has=page.page.locator("mark", has_text=quote.quote)).first
    text = BuildDir(built.out).clean_text(quote.document).read_text(encoding="utf-8")
    start = text.index(quote.quote)
    assert block.locator("mark").inner_text() == quote.quote
    assert "任正非曾坦言" in block.locator("blockquote").inner_text()  # the sentence around the quote
    source = block.locator(".source").inner_text()
    assert f"characters {start}–{start + len(quote.quote)}" in source
    assert quote.title in source and "2025-08-25" in source
    # a document with a URL in documents.yaml is a link
    docs = yaml.safe_load((SOURCES / "documents.yaml").read_text(encoding="utf-8"))
    linked = {d["id"]: d["url"] for d in docs if d.get("url")}
    s, o, p = next((s, o, p) for s, o, p, sts in G.edges(keys=True, data="statements")
                   if sts[0].document in linked)
    page.js("(id) => window.szkgExplorer.select(id, false)", s)
    links = page.page.locator("#card .source a").evaluate_all("xs => xs.map(a => a.href)")
    assert any(url == linked[G.edges[s, o, p]["statements"][0].document] or
               url.rstrip("/") == linked[G.edges[s, o, p]["statements"][0].document].rstrip("/") for url in links)


def test_a_hubs_card_is_grouped_by_relation_with_counts_and_show_more(page, G):
    shenzhen = resolve(G, "深圳")
    page.js("(id) => window.szkgExplorer.select(id, false)", shenzhen)
    group = page.page.locator("#card .group[data-predicate=locatedIn][data-direction=in]")
    located = sum(1 for _s, _o, p in G.in_edges(shenzhen, keys=True) if p == "locatedIn")
    assert located > 5
    assert group.locator("h4").inner_text().endswith(f"({located})")
    assert group.locator(":scope > ul > li").count() == 5
    group.locator("button.more").click()
    group = page.page.locator("#card .group[data-predicate=locatedIn][data-direction=in]")
    assert group.locator(":scope > ul > li").count() == located
    heights = page.js("() => document.getElementById('card').scrollHeight")
    assert heights > 0


def test_observations_use_the_indicators_label_in_the_pages_language(page, built):
    indicators = {x["id"]: x for x in yaml.safe_load((SOURCES / "indicators.yaml").read_text(encoding="utf-8"))}
    data = page.js("() => JSON.parse(document.getElementById('szkg-data').textContent).nodes")
    node = next(n for n in data if n["observations"])
    for lang in ("en", "zh-Hant", "zh-Hans"):
        page.page.select_option("#lang", lang)
        page.js("(id) => window.szkgExplorer.select(id, false)", node["id"])
        first = page.page.locator("#card li.observation").first.inner_text()
        assert first.startswith(indicators[node["observations"][0]["indicator"]][lang])
    assert "_" not in page.page.locator("#card li.observation").first.inner_text().split(":")[0]


def test_the_policy_timeline_lists_policies_by_year_with_what_they_enabled(page, G):
    page.page.click("#timeline-toggle")
    timeline = page.page.locator("#timeline")
    assert timeline.is_visible() and not page.page.locator("#graph").is_visible()
    years = timeline.locator("h3").evaluate_all("xs => xs.map(x => x.dataset.year)")
    known = [int(y) for y in years if y.isdigit()]
    assert known == sorted(known) and "1987" in years
    entry = timeline.locator(f"[data-policy={resolve(G, '18号文件')}]")
    assert "华为" in entry.locator("[data-predicate=enabled]").inner_text()
    shot(page, "explorer-timeline.png")
    entry.locator("[data-predicate=enabled] button").first.click()  # back to the graph, on 华为
    page.page.wait_for_timeout(100)
    page.wait_stable()
    assert not timeline.is_visible() and selected(page) == [resolve(G, "华为")]
