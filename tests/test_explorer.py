"""The explorer page without a browser: what it draws, which views it offers, and that it is
self-contained, deterministic and escaped.  tests/test_explorer_browser.py opens it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections import Counter

import click
import networkx as nx
import pytest
from click.testing import CliRunner

from graph.analysis.projection import Support, communities, project, resolve
from graph.cli.app import cli
from graph.errors import ExplorerError, SzkgError
from graph.layout import BuildDir
from graph.views.explorer import (
    LANGS,
    View,
    explorer_data,
    json_for_html,
    render_explorer,
    render_html,
    scores,
    write_explorer,
)

EVIL_IMG = "<img src=x onerror=\"document.title='pwned'\">"
EVIL_SCRIPT = "href </script><script>document.title='pwned2'</script>"
NO_DETAILS = {"labels": {}, "documents": {}, "mentions": {}, "observations": {}, "attributes": {}}


def payload(page: str) -> dict:
    """The graph data embedded in a page."""
    found = re.search(r'<script type="application/json" id="szkg-data">(.*?)</script>', page, re.S)
    assert found, "no data block"
    return json.loads(found.group(1))


def script_blocks(page: str) -> list[str]:
    """The attributes of every <script> element, in order (bodies skipped whatever they hold)."""
    return re.findall(r"<script\b([^>]*)>.*?</script>", page, re.S)


def data(built, **options) -> dict:
    return payload(render_explorer(built.out, View(**options)).html)


@pytest.fixture(scope="module")
def G(store_path):
    return project(store_path)


@pytest.fixture(scope="module")
def whole(built):
    return render_explorer(built.out)


def edge_keys(d: dict) -> list[tuple[str, str, str]]:
    return sorted((e["from"], e["to"], e["predicate"]) for e in d["edges"])


# ----------------------------------------------------------------------------- what is drawn


def test_the_whole_graph_draws_every_entity_and_every_typed_edge(whole, G):
    d = payload(whole.html)
    assert sorted(n["id"] for n in d["nodes"]) == sorted(G)
    assert edge_keys(d) == sorted(G.edges(keys=True))
    assert (whole.nodes, whole.edges) == (G.number_of_nodes(), G.number_of_edges())
    assert len({e["id"] for e in d["edges"]}) == len(d["edges"])
    assert whole.notes == [] and d["notes"] == []


def test_the_18_document_edge_carries_the_ren_zhengfei_quote_and_its_document(whole, G):
    d = payload(whole.html)
    policy, huawei = resolve(G, "18号文件"), resolve(G, "华为")
    edge = next(
        e for e in d["edges"] if (e["from"], e["to"], e["predicate"]) == (policy, huawei, "enabled")
    )
    expected = G.edges[policy, huawei, "enabled"]["statements"]
    assert [s["quote"] for s in edge["statements"]] == [x.quote for x in expected]
    assert any("18號文件" in s["quote"] and "華為" in s["quote"] for s in edge["statements"])
    for s in edge["statements"]:
        assert d["documents"][s["doc"]]["title"]


def test_a_node_card_has_every_label_alias_and_search_name(whole, G):
    d = payload(whole.html)
    huawei = next(n for n in d["nodes"] if n["id"] == resolve(G, "Huawei"))
    assert huawei["type"] == "Firm"
    assert {"华为", "華為", "Huawei"} <= set(huawei["labels"].values()) <= set(huawei["names"])
    assert set(G.nodes[huawei["id"]]["alt_labels"]) <= set(huawei["names"])


def test_legend_lists_the_classes_and_predicates_drawn_with_their_counts(whole, G):
    d = payload(whole.html)
    assert {c["id"]: c["count"] for c in d["classes"]} == dict(
        Counter(t for _n, t in G.nodes(data="type"))
    )
    assert sum(p["count"] for p in d["predicates"]) == G.number_of_edges()
    enabled = next(p for p in d["predicates"] if p["id"] == "enabled")
    assert enabled["labels"]["en"] == "enabled" and enabled["labels"]["zh-Hans"]
    assert len({c["colour"] for c in d["classes"]}) == len(d["classes"])
    assert len({c["shape"] for c in d["classes"]}) == len(d["classes"])


def test_node_size_follows_the_chosen_centrality(built, G):
    for metric in ("pagerank", "degree"):
        d = data(built, size_by=metric)
        values = scores(G, metric)
        biggest = max(d["nodes"], key=lambda n: n["size"])
        assert values[biggest["id"]] == max(values.values())
        assert d["sizeBy"]["id"] == metric


def test_parallel_and_opposite_edges_are_all_kept_and_curved_apart():
    G = nx.MultiDiGraph(symmetric=["partnersWith"])
    for n in ("a", "b"):
        G.add_node(
            n, type="Firm", label_zh_hans=n, label_zh_hant=n, label_en=n, alt_labels=(), label=n
        )
    support = [Support("st", "quote", "doc", "title")]
    for s, o, p in (("a", "b", "supplies"), ("a", "b", "partnersWith"), ("b", "a", "investsIn")):
        G.add_edge(
            s, o, key=p, predicate=p, symmetric=p == "partnersWith", statements=support, weight=1
        )
    d = explorer_data(G, NO_DETAILS, View())
    assert edge_keys(d) == sorted(G.edges(keys=True))
    # seen from a→b: b→a's curve flips sign; no two edges may share a curve (they would overlap)
    seen = [e["curve"] if e["from"] == "a" else -e["curve"] for e in d["edges"]]
    assert len(set(seen)) == 3
    assert (
        d["predicates"][[p["id"] for p in d["predicates"]].index("partnersWith")]["symmetric"]
        is True
    )


# ----------------------------------------------------------------------------- views


def test_focus_draws_the_ego_network_within_depth_hops(built, G):
    huawei = resolve(G, "華為")
    U = G.to_undirected(as_view=True)
    for depth in (0, 1, 2):
        d = data(built, focus="華為", depth=depth)
        expected = set(nx.single_source_shortest_path_length(U, huawei, cutoff=depth))
        assert {n["id"] for n in d["nodes"]} == expected
        assert d["focus"] == huawei
        assert edge_keys(d) == sorted(
            e for e in G.edges(keys=True) if e[0] in expected and e[1] in expected
        )
    assert resolve(G, "18号文件") in {
        n["id"] for n in data(built, focus="Huawei", depth=1)["nodes"]
    }


def test_top_n_keeps_the_most_central_entities(built, G):
    values = scores(G, "degree")
    d = data(built, top=5, size_by="degree")
    assert len(d["nodes"]) == 5
    cutoff = min(values[n["id"]] for n in d["nodes"])
    assert sum(1 for v in values.values() if v > cutoff) < 5


def test_type_filter_keeps_only_those_classes(built, G):
    d = data(built, types=("Firm", "Policy"))
    assert {n["type"] for n in d["nodes"]} == {"Firm", "Policy"}
    assert len(d["nodes"]) == sum(1 for _n, t in G.nodes(data="type") if t in ("Firm", "Policy"))
    # the focus stays even when its class is filtered out
    with_focus = data(built, types=("Firm",), focus="18号文件", depth=1)
    assert resolve(G, "18号文件") in {n["id"] for n in with_focus["nodes"]}


def test_community_view_draws_that_community(built, G):
    first = communities(G, seed=42)[0]
    d = data(built, community=1)
    assert {n["id"] for n in d["nodes"]} == set(first.members)
    assert "community 1" in d["heading"]


def test_a_view_too_large_is_pruned_with_a_note_saying_what_was_left_out(built, G):
    explorer = render_explorer(built.out, View(max_nodes=10))
    d = payload(explorer.html)
    assert len(d["nodes"]) == 10 == explorer.nodes
    values = scores(G, "pagerank")
    assert min(values[n["id"]] for n in d["nodes"]) >= sorted(values.values(), reverse=True)[9]
    assert len(explorer.notes) == 1 and d["notes"] == explorer.notes
    note = explorer.notes[0]
    assert f"{len(G) - 10:,} entities" in note and "--max-nodes 0" in note and "--focus" in note
    hidden = sum(n["hidden"] for n in d["nodes"])
    assert hidden > 0 or G.number_of_edges() == len(d["edges"])


@pytest.mark.parametrize(
    "options, message",
    [
        ({"lang": "fr"}, "unknown language 'fr'"),
        ({"size_by": "fame"}, "unknown metric 'fame'"),
        ({"depth": -1}, "--depth must be 0 or more"),
        ({"types": ("Company",)}, "unknown entity type 'Company'"),
        ({"community": 100000}, "community 100000 does not exist"),
        ({"focus": "没有这个实体"}, "no entity is called '没有这个实体'"),
    ],
)
def test_bad_view_options_are_one_line_errors_naming_the_value(built, options, message):
    with pytest.raises(SzkgError, match=re.escape(message)) as caught:
        render_explorer(built.out, View(**options))
    assert "\n" not in str(caught.value)


# ----------------------------------------------------------------------------- the page itself


def test_the_page_loads_nothing_from_outside(whole):
    page = whole.html
    assert script_blocks(page) == [' type="application/json" id="szkg-data"', "", ""]
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"<link\b|\b(src|href)\s*=|@import", markup, re.I)
    assert "vis-network" in page and "9.1.2" in page  # vis-network is inlined, not fetched
    assert "cdn" not in markup.lower() and "bootstrap" not in page.lower()


def test_the_csp_forbids_everything_but_the_pages_own_scripts_and_styles(whole):
    page = whole.html
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "unsafe" not in directives["script-src"] and "unsafe" not in directives["style-src"]

    def hashes(tag: str) -> set[str]:
        return {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for body in re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)
        }

    assert set(directives["script-src"].split()) == hashes("script") and len(hashes("script")) == 2
    assert set(directives["style-src"].split()) == hashes("style")
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_the_template_builds_text_with_text_nodes_only():
    from importlib import resources

    template = (
        resources.files("graph").joinpath("templates", "explorer.html").read_text(encoding="utf-8")
    )
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ):
        assert sink not in template


def test_same_graph_same_bytes(built, tmp_path):
    first = write_explorer(built.out, tmp_path / "a.html").read_bytes()
    second = write_explorer(built.out, tmp_path / "b.html").read_bytes()
    assert first == second
    assert first == render_explorer(built.out).html.encode("utf-8")


def test_write_explorer_writes_beside_the_dumps_by_default(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    path = write_explorer(out)
    assert path == BuildDir(out).explorer and path.stat().st_size > 100_000
    assert not list(out.glob(".*tmp*"))


def test_json_for_html_cannot_close_the_script_block():
    evil = {"label": "</script><script>alert(1)</script>", "more": "a & b <!-- c -->"}
    text = json_for_html(evil)
    assert not set("<>&") & set(text)
    assert json.loads(text) == evil


def test_labels_quotes_and_titles_never_reach_the_page_as_markup():
    G = nx.MultiDiGraph(symmetric=[])
    for n, name in (("evil-img", EVIL_IMG), ("evil-script", EVIL_SCRIPT), ("huawei", "华为")):
        G.add_node(
            n,
            type="Firm",
            label_zh_hans=name,
            label_zh_hant=name,
            label_en=name,
            alt_labels=(name + "{{csp}}",),
            label=name,
        )
    support = [Support("st", EVIL_SCRIPT, "doc", EVIL_IMG)]
    G.add_edge(
        "evil-img",
        "huawei",
        key="supplies",
        predicate="supplies",
        symmetric=False,
        statements=support,
        weight=1,
    )
    details = dict(NO_DETAILS, documents={"doc": {"title": EVIL_SCRIPT}})
    d = explorer_data(G, details, View(focus=EVIL_SCRIPT))
    page = render_html(d, "szkg explorer — " + d["heading"])
    assert "<img" not in page
    assert "</script><script>document" not in page
    # a label that looks like a placeholder stays data; the real placeholder was filled
    assert '"Content-Security-Policy" content="default-src' in page and page.count("{{csp}}") == 2
    assert len(script_blocks(page)) == 3
    assert "<title>szkg explorer — href &lt;/script&gt;&lt;script&gt;" in page
    assert payload(page)["nodes"][0]["labels"]["en"] in (EVIL_IMG, EVIL_SCRIPT)


# ----------------------------------------------------------------------------- start view, evidence, timeline


def test_the_start_view_is_the_most_central_entities_with_their_strongest_neighbours(whole, G):
    from graph.views.explorer import DEFAULT_START

    d = payload(whole.html)
    values = scores(G, "pagerank")
    top = sorted(G, key=lambda n: (-values[n], G.nodes[n]["label"], n))[:DEFAULT_START]
    start = set(d["start"])
    assert set(top) <= start and len(start) <= 3 * DEFAULT_START
    assert start < {n["id"] for n in d["nodes"]}  # the rest travels with the page, drawn on demand
    for n in start - set(top):  # every other entity is one of a top entity's neighbours
        assert any(G.has_edge(n, t) or G.has_edge(t, n) for t in top)


def test_a_small_view_or_start_0_is_drawn_whole(built):
    small = data(built, focus="18号文件", depth=1)  # a small neighbourhood (华为's outgrew the start view)
    assert sorted(small["start"]) == sorted(n["id"] for n in small["nodes"])
    everything = data(built, start=0)
    assert len(everything["start"]) == len(everything["nodes"])


def test_every_quote_carries_its_offsets_sentence_status_and_document(whole, built):
    d = payload(whole.html)
    checked = 0
    for e in d["edges"]:
        for st in e["statements"]:
            text = BuildDir(built.out).clean_text(st["doc"]).read_text(encoding="utf-8")
            assert text[st["start"]:st["end"]] == st["quote"]
            assert text[st["start"] - len(st["before"]):st["start"]] == st["before"]
            assert text[st["end"]:st["end"] + len(st["after"])] == st["after"]
            assert not re.search("[。！？]", st["before"])  # the sentence around, not the paragraph
            assert st["status"] == "curated"
            checked += 1
    assert checked >= len(d["edges"])
    assert d["statuses"] == ["curated"]


def test_documents_carry_their_date_year_and_link_from_documents_yaml(whole):
    import yaml

    from tests.conftest import SOURCES

    listed = {x["id"]: x for x in yaml.safe_load((SOURCES / "documents.yaml").read_text(encoding="utf-8"))}
    d = payload(whole.html)
    with_url = [k for k in d["documents"] if listed[k].get("url")]
    assert with_url
    for key, doc in d["documents"].items():
        assert doc.get("url") == listed[key].get("url")
        if listed[key].get("date"):
            assert doc["year"] == int(str(listed[key]["date"])[:4])


def test_observations_carry_their_indicators_labels_in_every_language(whole):
    import yaml

    from tests.conftest import SOURCES

    vocabulary = {x["id"]: x for x in yaml.safe_load((SOURCES / "indicators.yaml").read_text(encoding="utf-8"))}
    seen = [o for n in payload(whole.html)["nodes"] for o in n["observations"]]
    assert seen
    for o in seen:
        known = vocabulary[o["indicator"]]
        assert o["indicatorLabels"] == {lang: known[lang] for lang in LANGS}


def test_the_policy_timeline_lists_policies_by_year_with_what_they_enabled_or_targeted(whole, G):
    d = payload(whole.html)
    timeline = d["timeline"]
    assert {t["policy"] for t in timeline} == {n for n, t in G.nodes(data="type") if t == "Policy"}
    years = [t["year"] for t in timeline]
    known = [y for y in years if y is not None]
    assert known and known == sorted(known)
    assert years == known + [None] * (len(years) - len(known))  # unknown years last
    policy18 = next(t for t in timeline if t["policy"] == resolve(G, "18号文件"))
    assert policy18["year"] == 1987
    assert {"predicate": "enabled", "to": resolve(G, "华为")} in policy18["links"]
    for t in timeline:
        expected = sorted((p, o) for _s, o, p in G.out_edges(t["policy"], keys=True)
                          if p in ("enabled", "targets", "supports"))
        assert sorted((x["predicate"], x["to"]) for x in t["links"]) == expected


@pytest.mark.parametrize("start, end, before, after", [
    (5, 7, "甲乙", "戊。"),  # inside a sentence: the rest of it on each side
    (3, 5, "", "丙丁戊。"),  # at the start of a sentence: nothing of the one before
    (3, 9, "", ""),  # a quote that ends its sentence
])
def test_context_is_the_rest_of_the_sentence(start, end, before, after):
    from graph.views.explorer_details import context

    assert context("前文。甲乙丙丁戊。后文。", start, end) == (before, after)


def test_context_of_bad_offsets_is_empty():
    from graph.views.explorer_details import context

    assert context("甲乙", 1, 9) == ("", "") and context("", 0, 0) == ("", "")


# ----------------------------------------------------------------------------- the command


def test_cli_explore_writes_the_page_and_prints_its_path(built, tmp_path):
    target = tmp_path / "x.html"
    result = CliRunner().invoke(
        cli,
        [
            "explore",
            "--out",
            str(built.out),
            "--output",
            str(target),
            "--focus",
            "華為",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert str(target) in result.output and target.exists()
    d = payload(target.read_text(encoding="utf-8"))
    assert d["lang"] == "en" and d["focus"] == "huawei"


def test_cli_explore_open_launches_the_browser(built, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    result = CliRunner().invoke(
        cli, ["explore", "--out", str(built.out), "-o", str(tmp_path / "e.html"), "--open"]
    )
    assert result.exit_code == 0, result.output
    assert opened == [str(tmp_path / "e.html")]


def test_cli_explore_prints_the_pruning_note(built, tmp_path):
    result = CliRunner().invoke(
        cli,
        ["explore", "--out", str(built.out), "-o", str(tmp_path / "e.html"), "--max-nodes", "3"],
    )
    assert result.exit_code == 0, result.output
    assert "Left out" in result.output


def test_cli_explore_bad_input_is_one_line(built, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "explore",
            "--out",
            str(built.out),
            "-o",
            str(tmp_path / "e.html"),
            "--focus",
            "没有这个实体",
        ],
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "no entity is called '没有这个实体'" in result.output
    assert not (tmp_path / "e.html").exists()
    missing = CliRunner().invoke(cli, ["explore", "--out", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "szkg build" in missing.output
    bad_metric = CliRunner().invoke(cli, ["explore", "--out", str(built.out), "--size-by", "fame"])
    assert bad_metric.exit_code == 2


def test_cli_choices_are_the_librarys():
    from graph.analysis.metrics import METRICS

    params = {p.name: p for p in cli.commands["explore"].params}
    assert tuple(params["lang"].type.choices) == LANGS
    assert tuple(params["size_by"].type.choices) == tuple(METRICS)


def test_explorer_error_is_an_szkg_error():
    assert issubclass(ExplorerError, SzkgError)
