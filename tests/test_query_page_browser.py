"""The query page of ``szkg serve`` in a real headless Chromium, with every request that is not
to the server refused (and recorded): YASGUI loads, a saved question runs with its parameter,
its result links lead to entity cards with their quotes, completion offers szkg's vocabulary,
and an aggregate gets a chart.  Debian's ``chromium`` is driven by Playwright's Python package,
as in tests/test_explorer_browser.py; a screenshot of each step goes to ``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from graph.query.server import ServerConfig
from tests.conftest import ROOT
from tests.test_explorer_browser import CHROMIUM
from tests.test_server import running

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not found at /usr/bin/chromium "
                                "(Debian: apt-get install chromium fonts-noto-cjk)")


@pytest.fixture(scope="module")
def server(store_path):
    srv = running(ServerConfig(store_path, timeout=20, max_rows=1000, workers=2, quiet=True))
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-default-apps", "--no-first-run"])
        yield chromium
        chromium.close()


class Session:
    """A page of the query UI: what it asked of other hosts (refused) and the errors it logged."""

    def __init__(self, browser, base: str):
        self.base = base.rstrip("/")
        self.context = browser.new_context(viewport={"width": 1440, "height": 1000})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self) -> None:
        self.page.goto(self.base + "/")
        self.page.wait_for_selector("#yasgui .CodeMirror", timeout=20_000)
        assert not self.errors, self.errors

    def run_saved(self, name: str, **params: str) -> None:
        self.page.select_option("#question", name)
        for key, value in params.items():
            self.page.fill(f"input[data-param={key}]", value)
        self.page.click("#run-question")
        self.page.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=20_000)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"query-page-{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser, server):
    opened = Session(browser, server.url)
    yield opened
    opened.close()


def test_a_saved_question_runs_with_its_parameter_and_its_links_lead_to_cards(session):
    session.open()
    page = session.page
    session.run_saved("firms-enabled-by", policy="18號文件")
    # the query box holds the saved question, its parameter a value beside it, not in the text
    assert "18號文件" not in page.evaluate("szkgYasgui.getTab().getYasqe().getValue()")
    assert "# param: policy entity:Policy" in page.evaluate("szkgYasgui.getTab().getYasqe().getValue()")
    rows = page.locator(".yasr table.dataTable tbody tr")
    assert rows.count() >= 1
    huawei = page.locator(".yasr a.szkg-entity[href='/entity/huawei']").first
    assert huawei.count() == 1 and huawei.inner_text() == "ent:huawei"
    session.shot("saved-question")
    huawei.click()
    page.wait_for_selector("h1.card-title")
    assert page.url.endswith("/entity/huawei")
    assert page.locator("h1.card-title").inner_text() == "华为"
    quotes = [q for q in page.locator("td.quote").all_inner_texts() if q.strip()]
    assert any("18號文件" in q for q in quotes), quotes
    session.shot("entity-card")
    assert not session.errors, session.errors
    assert not session.outside, f"the page reached past the server: {session.outside}"


def test_a_required_parameter_left_empty_sends_nothing(session):
    session.open()
    page = session.page
    requests: list[str] = []
    page.on("request", lambda r: r.url.endswith("/sparql") and requests.append(r.url))
    page.select_option("#question", "firms-enabled-by")
    page.click("#run-question")
    page.wait_for_timeout(300)
    assert requests == [] and page.evaluate("document.querySelector('#params input').validity.valueMissing")


def test_completion_offers_the_ontologys_classes_and_properties(session):
    session.open()
    page = session.page
    page.evaluate("szkgYasgui.getTab().getYasqe().setValue('SELECT * WHERE { ?firm a szkg:Fi')")
    page.evaluate("(() => { const y = szkgYasgui.getTab().getYasqe(); y.focus();"
                  " y.getDoc().setCursor(y.getDoc().lastLine(), 1000); y.autocomplete(); })()")
    page.wait_for_selector(".CodeMirror-hints li", timeout=10_000)
    offered = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert "szkg:Firm" in offered, offered
    page.keyboard.press("Escape")
    page.evaluate("szkgYasgui.getTab().getYasqe().setValue('SELECT * WHERE { ?firm szkg:enab')")
    page.evaluate("(() => { const y = szkgYasgui.getTab().getYasqe(); y.focus();"
                  " y.getDoc().setCursor(y.getDoc().lastLine(), 1000); y.autocomplete(); })()")
    page.wait_for_selector(".CodeMirror-hints li", timeout=10_000)
    assert "szkg:enabled" in page.locator(".CodeMirror-hints li").all_inner_texts()
    assert not session.outside, session.outside


def test_an_aggregate_is_drawn_as_a_bar_chart(session):
    session.open()
    page = session.page
    session.run_saved("industries-by-firm-count")
    page.click(".yasr .select_chart")
    page.wait_for_selector(".szkg-chart .szkg-bar-row")
    bars = page.locator(".szkg-chart .szkg-bar-row")
    table_rows = page.evaluate("szkgYasgui.getTab().getYasr().results.getBindings().length")
    assert bars.count() == min(60, table_rows) > 0
    widths = page.locator(".szkg-bar").evaluate_all("els => els.map(e => parseFloat(e.style.width))")
    assert max(widths) == 100.0 and all(0 <= w <= 100 for w in widths)
    session.shot("chart")
    assert not session.errors and not session.outside


def test_a_query_of_ones_own_runs_without_parameters(session):
    session.open()
    page = session.page
    page.evaluate("szkgYasgui.getTab().getYasqe().setValue("
                  "'SELECT ?firm WHERE { ?firm a szkg:Firm } ORDER BY ?firm LIMIT 5')")
    page.evaluate("szkgYasgui.getTab().query()")
    page.wait_for_selector(".yasr table.dataTable tbody tr td a.szkg-entity", timeout=20_000)
    assert page.locator(".yasr table.dataTable tbody tr").count() == 5
