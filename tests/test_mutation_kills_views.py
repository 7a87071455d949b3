"""Tests written against the mutants `make mutate` found alive in views (docs/testing.md): each pins
a behaviour a user sees that no other test pinned, so the small change that broke it turns red."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from tests.test_curation_rules import ENTITIES, corpus_dir, facts, load  # noqa: F401  (corpus_dir is a fixture)


def recorded(print_it, *args, width: int = 100, **kwargs) -> str:
    """What a ``print_…`` function shows on a plain terminal ``width`` columns wide."""
    out = Console(record=True, width=width, color_system=None, file=io.StringIO())
    print_it(*args, out, **kwargs)
    return out.export_text()


# ------------------------------------------------------------------ the build summary (szkg build)


@pytest.fixture
def result(corpus_dir):  # noqa: F811
    from graph.curate.build import BuildResult

    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quotes: ["比亚迪是深圳的企业", "公司总部位于深圳坪山"]}
          - {s: huawei, p: foundedBy, o: ren-zhengfei, quote: "华为由任正非创办"}
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山"}
        observations:
          - {s: shenzhen, indicator: firm-count, as_written: 超过7.4万家, value: 74000, bound: lower, unit: count,
             quote: "深圳机器人企业超过7.4万家"}
        attributes:
          - {s: byd, p: foundedYear, value: "2003", quote: "深圳市政府从2003年起支持比亚迪"}
        """)
    corpus = load(corpus_dir)
    corpus.warnings.append("name 'x' is shared by a, b")
    return BuildResult(out=Path("out"), corpus=corpus, quads=120, triples=100, store_quads=120, shacl_violations=0,
                       seconds=1.25, files={"store": Path("out/store"), "ttl": Path("out/graph.ttl")},
                       incremental=True, graphs_replaced=["g1"], graphs_removed=["g2", "g3"])


SUMMARY = """\
szkg build: 2 documents, 12 entities, 3 facts (relation statements) supported by 4 quotes, 1 
observations, 1 attributes → 100 triples in 120 quads; SHACL: 0 violations; 1.2 s
    Entities per class     
┏━━━━━━━━━━━━━━┳━━━━━━━━━━┓
┃ class        ┃ entities ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━┩
│ Industry     │        3 │
│ Firm         │        2 │
│ Organization │        2 │
│ Person       │        2 │
│ Place        │        2 │
│ Policy       │        1 │
└──────────────┴──────────┘
 Statements per predicate 
┏━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ predicate ┃ statements ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ locatedIn │          2 │
│ foundedBy │          1 │
└───────────┴────────────┘
                        Per document                         
┏━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ document ┃ title ┃ statements ┃ observations ┃ attributes ┃
┡━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ doc-a    │ A     │          3 │            1 │          1 │
│ doc-b    │ B     │          0 │            0 │          0 │
└──────────┴───────┴────────────┴──────────────┴────────────┘
warning: name 'x' is shared by a, b
store: 1 named graph replaced, 2 removed, 0 unchanged
   store: out/store
     ttl: out/graph.ttl
"""


def test_the_build_summary_counts_classes_predicates_and_documents_and_says_where_the_files_are(result):
    from graph.views.build_summary import print_build_summary

    assert recorded(print_build_summary, result) == SUMMARY


def test_a_quiet_build_prints_only_where_the_files_are(result):
    from graph.views.build_summary import print_build_summary

    assert recorded(print_build_summary, result, quiet=True) == "   store: out/store\n     ttl: out/graph.ttl\n"


# ------------------------------------------------------------------ the analysis tables (szkg centrality, stats, …)
#
# Each output of graph.views.tables for hand-made results (so the analysis algorithms do not move
# them), compared exactly with tests/views_snapshot/<name>.txt: what a user reads, labels with
# rich markup and pipes included.  After an intended change, review the difference and write the
# new snapshot on purpose: ``SZKG_UPDATE_SNAPSHOT=1 python -m pytest tests/test_mutation_kills_views.py``.

import os  # noqa: E402
from collections import Counter  # noqa: E402

import networkx as nx  # noqa: E402

from graph.analysis.centrality import CentralityReport, MetricResult, Neighbour, Quoted, Ranked  # noqa: E402
from graph.analysis.impact import Damage, Impact  # noqa: E402
from graph.analysis.projection import Community, GraphStats, Hop, Support  # noqa: E402
from graph.views import tables  # noqa: E402

SNAPSHOTS = Path(__file__).parent / "views_snapshot"  # not in tests/data: test_batch_curation ingests that folder


def toy_graph():
    G = nx.MultiDiGraph()
    for n, label, t in (("huawei", "华为", "Firm"), ("shenzhen", "深圳", "Place"), ("ren", "任正非", "Person"),
                        ("byd", "比亚迪<b>", "Firm"), ("robots", "机器人", "Industry")):
        G.add_node(n, label=label, type=t)
    return G


def report():
    sz = Neighbour("shenzhen", "深圳", 3, (("locatedIn", "→", 2), ("hostsIndustry", "←", 1)))
    hw = Neighbour("huawei", "华为", 1, (("locatedIn", "←", 1),))
    top = [Ranked(1, "shenzhen", "深圳[b]", "Place", 0.5, (hw,), type_label="地点", fact="4 entities point at it",
                  quoted=Quoted("huawei", "华为", "locatedIn", "位于", "shenzhen", "深圳", "华为位于深圳<i>", "报道&")),
           Ranked(2, "huawei", "华为", "Firm", 2.0, (sz,)),
           Ranked(3, "ren", "任正非|x", "Person", 1234.56789, ())]
    return CentralityReport(metrics={"pagerank": MetricResult("pagerank", {}, top, note="n"),
                                     "degree": MetricResult("degree", {}, top[:1])},
                            directed=False, weighted=True, types=("Firm",), nodes=5, pairs=4, components=2,
                            largest_component=4, notes=["a [i]note"], betweenness_samples=7)


def graph_stats():
    return GraphStats(nodes=1234, edges=5, pairs=4, statements=7, nodes_per_type=Counter({"Firm": 2, "Place": 2, "Person": 1}),
                      edges_per_predicate=Counter({"locatedIn": 3, "foundedBy": 1, "hostsIndustry": 3}),
                      statements_per_predicate=Counter({"locatedIn": 4, "foundedBy": 2, "hostsIndustry": 1000}),
                      density=0.123456, components=2, largest_component=4, isolated=1,
                      kept_out={"statements": 7, "documents": 2, "others": 1})


def found_communities():
    members = tuple(f"m{i}" for i in range(10))
    return [Community("深圳", "shenzhen", "Place", ("shenzhen", "huawei", "byd")),
            Community("华为", "huawei", "member", members, inside=False),
            Community("机器人", "robots", "Industry", ("robots",))]


def paths():
    s1 = Support("st-1", "华为位于深圳<b>", "doc-a", "报道[i]")
    s2 = Support("st-2", "二", "doc-b", "B")
    s3 = Support("st-3", "三", "doc-b", "B")
    s4 = Support("st-4", "四", "doc-c", "C")
    one = [Hop("huawei", "shenzhen", (("locatedIn", "huawei", "shenzhen", (s1, s2, s3, s4)),))]
    two = [Hop("ren", "huawei", (("foundedBy", "huawei", "ren", (s2,)),)),
           Hop("huawei", "shenzhen", (("locatedIn", "huawei", "shenzhen", (s1,)),))]
    return [one, two]


def an_impact(split=True, orphaned=True, aspl=True, samples=None, one=False):
    pieces = ((("byd",),) if one else (("byd", "robots"), ("ren",)) + tuple((f"x{i}",) for i in range(10))) if split else ()
    return Impact("shenzhen", "深圳[b]", "Place", 1 if one else 3, 1234, True, pieces,
                  ((("byd", "Place"),) if one else (("byd", "Place"), ("robots", "Place"), ("ren", "Place"),
                                                     ("huawei", "Place"))) if orphaned else (),
                  2.5 if aspl else None, 3.25 if aspl and not one else None, 12345, samples)


def damage():
    return [Damage(1, "shenzhen", "深圳[b]", "Place", True, 1234, 3, 2, 5),
            Damage(2, "huawei", "华为", "Firm", False, 0, 1, 0, 1)]


def toy_graph_all():
    G = toy_graph()
    for n in [f"m{i}" for i in range(10)] + [f"x{i}" for i in range(10)]:
        G.add_node(n, type="Firm")
    return G


OUTPUTS = {
    "centrality-table": lambda: recorded(tables.print_centrality, report()),
    "centrality-json": lambda: tables.centrality_json(report()),
    "centrality-csv": lambda: tables.centrality_csv(report()),
    "centrality-markdown": lambda: tables.centrality_markdown(report()),
    "stats-table": lambda: recorded(tables.print_stats, graph_stats()),
    "stats-json": lambda: tables.stats_json(graph_stats()),
    "communities-table": lambda: recorded(tables.print_communities, found_communities(), toy_graph_all()),
    "communities-table-min-1": lambda: recorded(tables.print_communities, found_communities(), toy_graph_all(),
                                                min_size=1, members=3),
    "communities-json": lambda: tables.communities_json(found_communities(), toy_graph_all(), min_size=2),
    "paths-table": lambda: recorded(tables.print_paths, paths(), toy_graph_all()),
    "paths-json": lambda: tables.paths_json(paths(), toy_graph_all()),
    "impact-table": lambda: recorded(tables.print_impact, an_impact(), toy_graph_all(), shown=1),
    "impact-table-nothing": lambda: recorded(tables.print_impact, an_impact(split=False, orphaned=False, aspl=False),
                                             toy_graph_all()),
    "impact-table-one": lambda: recorded(tables.print_impact, an_impact(one=True, samples=50), toy_graph_all()),
    "impact-json": lambda: tables.impact_json(an_impact(one=True)),
    "damage-table": lambda: recorded(tables.print_damage, damage()),
    "damage-json": lambda: tables.damage_json(damage()),
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_every_analysis_output_reads_as_its_snapshot(name):
    text = OUTPUTS[name]()
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("SZKG_UPDATE_SNAPSHOT"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: compare with {path}"


def test_labels_with_markup_or_pipes_reach_the_user_as_written():
    assert "深圳[b]" in OUTPUTS["centrality-table"]() and "a [i]note" in OUTPUTS["centrality-table"]()
    assert "任正非\\|x" in OUTPUTS["centrality-markdown"]()  # a pipe does not split the Markdown cell
    assert "深圳[b]" in OUTPUTS["impact-table"]() and "深圳[b]" in OUTPUTS["damage-table"]()
    assert "报道[i]" in OUTPUTS["paths-table"]()


@pytest.mark.parametrize("value, text", [(float("nan"), "—"), (3.0, "3"), (1234567.0, "1,234,567"), (0.123456, "0.1235"),
                                         (-0.5, "-0.5"), (12.345678, "12.3457"), (1234.5, "1,234.5000")])
def test_numbers_are_plain_integers_or_four_significant_digits(value, text):
    assert tables.number(value) == text


def test_a_markdown_table_lines_up_wide_characters_and_right_aligns_numbers():
    assert tables.markdown_table(["名", "n"], [["深圳", "1"], ["a\nb", "22"]], right={1}) == (
        "| 名   |   n |\n"
        "|------|----:|\n"
        "| 深圳 |   1 |\n"
        "| a b  |  22 |")


# ------------------------------------------------------------------ the centrality report page


def test_the_report_page_reads_as_its_snapshot():
    from graph.views.report_page import render_html

    page = render_html(report(), title="report <of> & \"x\"", lang="en")
    path = SNAPSHOTS / "report-page.html"
    if os.environ.get("SZKG_UPDATE_SNAPSHOT"):
        path.write_text(page, encoding="utf-8")
    assert page == path.read_text(encoding="utf-8"), f"the report page changed: compare with {path}"


def test_the_report_page_escapes_every_text_from_the_graph():
    from graph.views.report_page import render_html

    page = render_html(report(), title="report <of> & \"x\"")
    assert "<title>report &lt;of&gt; &amp; &quot;x&quot;</title>" in page
    assert "<h1>report &lt;of&gt; &amp; &quot;x&quot;</h1>" in page
    assert "<i>" not in page and "<b>" not in page and "报道&amp;" in page
    assert "“<q>华为位于深圳&lt;i&gt;</q>”" in page
    assert '<html lang="zh-Hans">' in page


@pytest.mark.parametrize("text, fitted", [("abc", "abc"), ("a" * 26, "a" * 26), ("a" * 27, "a" * 26 + "…"),
                                          ("深" * 13, "深" * 13), ("深" * 14, "深" * 13 + "…"), ("a深" * 9, "a深" * 8 + "a…")])
def test_a_long_label_is_cut_at_26_columns_a_wide_character_counting_two(text, fitted):
    from graph.views.report_page import _fit

    assert _fit(text) == fitted


def test_an_empty_ranking_draws_an_empty_chart_that_says_so():
    from graph.views.report_page import bar_chart

    chart = bar_chart(MetricResult("degree", {}, []), "Degree")
    assert chart.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-metric="degree" '
                            'viewBox="0 0 700 36" width="700" height="36" role="img" aria-label="Degree"')
    assert chart.endswith('<text x="190" y="20">no entity to rank</text></svg>')


def test_bars_are_as_long_as_their_values_against_the_first_and_never_vanish():
    import re

    from graph.views.report_page import bar_chart

    rows = [Ranked(i + 1, f"e{i}", f"e{i}", "Firm", v, ()) for i, v in enumerate((4.0, 2.0, 0.0, -1.0))]
    chart = bar_chart(MetricResult("degree", {}, rows), "Degree")
    assert re.findall(r'<rect class="bar" x="190" y="(\d+)" width="([\d.]+)" height="18"', chart) == [
        ("8", "420.0"), ("34", "210.0"), ("60", "1.0"), ("86", "1.0")]
    assert re.findall(r'<text x="([\d.]+)" y="(\d+)" fill="#52606d">([^<]*)</text>', chart) == [
        ("616.0", "22", "4"), ("406.0", "48", "2"), ("197.0", "74", "0"), ("197.0", "100", "-1")]
    assert 'viewBox="0 0 700 114" width="700" height="114"' in chart
    assert chart.count('text-anchor="end">') == 4 and '<text x="182" y="100" text-anchor="end">e3<title>e3</title>' in chart


# ------------------------------------------------------------------ the explorer's data


def explorer_graph(extra: int = 0) -> nx.MultiDiGraph:
    """A projection-shaped graph: a policy, firms, a place and an industry (and ``extra`` small firms)."""
    G = nx.MultiDiGraph(symmetric=["partnersWith"])
    nodes = [("policy-18", "Policy", "18号文件", "18號文件", "Document No. 18", ("十八号文",)),
             ("huawei", "Firm", "华为", "華為", "Huawei", ("华为技术", "華為")),
             ("byd", "Firm", "比亚迪", "", "BYD <b>", ()), ("shenzhen", "Place", "深圳", "深圳", "Shenzhen", ()),
             ("robots", "Industry", "机器人", "", "", ()), ("gov", "Organization", "深圳市政府", "", "", ()),
             ("plan-2025", "Policy", "规划", "", "", ())]
    nodes += [(f"f{i:02d}", "Firm", f"企业{i:02d}", "", "", ()) for i in range(extra)]
    for n, t, hans, hant, en, alt in nodes:
        G.add_node(n, type=t, label=hans, label_zh_hans=hans, label_zh_hant=hant, label_en=en, alt_labels=alt)
    edges = [("policy-18", "enabled", "huawei", 2), ("policy-18", "issuedBy", "gov", 1), ("huawei", "locatedIn", "shenzhen", 3),
             ("byd", "locatedIn", "shenzhen", 1), ("huawei", "partnersWith", "byd", 1), ("byd", "partnersWith", "huawei", 1),
             ("huawei", "operatesIn", "robots", 1), ("plan-2025", "targets", "robots", 1), ("plan-2025", "supports", "byd", 1),
             ("gov", "supports", "byd", 1), ("huawei", "supplies", "byd", 2)]
    edges += [(f"f{i:02d}", "locatedIn", "shenzhen", 1 + i % 3) for i in range(extra)]
    for s, p, o, w in edges:
        quotes = [Support(f"st-{s}-{p}-{o}", f"{s} {p} {o} <q>", "doc-a", "A"),
                  *([Support(f"st-{s}-{p}-{o}", f"again {s}", "doc-b", "B")] if w > 1 else [])]
        G.add_edge(s, o, key=p, predicate=p, symmetric=p == "partnersWith", statements=quotes, weight=w)
    return G


EXPLORER_DETAILS = {
    "labels": {"Firm": {"en": "firm", "zh-Hans": "企业"}, "enabled": {"en": "enabled", "zh-Hans": "促成", "zh-Hant": "促成"}},
    "documents": {"doc-a": {"title": "A", "year": 2025}},
    "evidence": {"st-huawei-locatedIn-shenzhen": [
        {"doc": "doc-a", "start": 3, "end": 9, "quote": "huawei locatedIn shenzhen <q>", "status": "curated",
         "before": "前", "after": "后"}]},
    "mentions": {"huawei": ["doc-a", "doc-c"]},
    "observations": {"shenzhen": [{"doc": "doc-d", "value": "1"}]},
    "attributes": {"policy-18": [{"doc": "doc-e", "attribute": "issuedYear", "value": "1987"}],
                   "plan-2025": [{"doc": "doc-e", "attribute": "issuedYear", "value": "2021"},
                                 {"doc": "doc-e", "attribute": "issuedYear", "value": "20xx"},
                                 {"doc": "doc-e", "attribute": "foundedYear", "value": "1999"}]},
}

EXPLORER_VIEWS = {
    "explorer-whole": (0, {}),
    "explorer-focus": (0, {"focus": "華為", "depth": 1, "lang": "en", "size_by": "degree"}),
    "explorer-focus-depth-0": (0, {"focus": "byd", "depth": 0}),
    "explorer-types-top": (0, {"types": ("Firm", "Place"), "top": 2, "focus": "深圳"}),
    "explorer-pruned": (45, {"max_nodes": 20, "start": 2}),
    "explorer-start": (45, {"start": 2}),
    "explorer-start-focus": (45, {"start": 1, "focus": "机器人", "depth": 3}),
}


@pytest.mark.parametrize("name", sorted(EXPLORER_VIEWS))
def test_the_explorer_data_of_each_view_reads_as_its_snapshot(name):
    import json

    from graph.views.explorer import View, explorer_data

    extra, options = EXPLORER_VIEWS[name]
    text = json.dumps(explorer_data(explorer_graph(extra), EXPLORER_DETAILS, View(**options)), ensure_ascii=False,
                      indent=1, sort_keys=True) + "\n"
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("SZKG_UPDATE_SNAPSHOT"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: compare with {path}"


# ------------------------------------------------------------------ the explorer page and its details


def test_script_text_cannot_close_its_element_or_open_a_comment():
    from graph.views.explorer import _inline_script

    assert _inline_script("a</script>b</SCRIPT >c<!--d") == "a<\\/script>b<\\/SCRIPT >c<\\!--d"
    assert _inline_script("x < y / z") == "x < y / z"


def test_a_missing_vis_network_file_says_what_to_reinstall():
    from graph.errors import ExplorerError
    from graph.views.explorer import _asset

    with pytest.raises(ExplorerError) as info:
        _asset("nope.js")
    assert str(info.value) == "pyvis/lib/vis-9.1.2/nope.js not found: reinstall pyvis (>=0.3.2)"


def test_jupyter_shows_the_page_in_a_sandboxed_frame_with_everything_escaped():
    from graph.views.explorer import Explorer

    shown = Explorer('<p title="x">a & b</p>', 'szkg "x" <y>', 1, 0)._repr_html_()
    assert shown == ('<iframe title="szkg &quot;x&quot; &lt;y&gt;" '
                     'srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;" '
                     'sandbox="allow-scripts" style="width:100%;height:720px;border:1px solid #ddd"></iframe>')


def test_the_page_is_written_whole_or_not_at_all(tmp_path):
    from graph.errors import ExplorerError
    from graph.views.explorer import Explorer, save_explorer

    page = Explorer("<html>页</html>", "t", 1, 0)
    target = tmp_path / "new" / "x.html"
    assert save_explorer(page, target) == target and target.read_text(encoding="utf-8") == "<html>页</html>"
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ExplorerError) as info:
        save_explorer(page, tmp_path / "file" / "x.html")
    assert str(info.value).startswith(f"{tmp_path / 'file' / 'x.html'}: cannot write the explorer: ")
    target.parent.chmod(0o500)
    try:
        if not os.access(target.parent, os.W_OK):  # not as root
            with pytest.raises(ExplorerError):
                save_explorer(page, target)
            assert sorted(p.name for p in target.parent.iterdir()) == ["x.html"]
    finally:
        target.parent.chmod(0o700)


def test_the_page_title_and_csp_are_filled_in_once_and_escaped():
    import re

    from graph.views.explorer import render_html

    page = render_html({"heading": "{{title}}"}, "a <b> & {{csp}}")
    assert "<title>a &lt;b&gt; &amp; {{csp}}</title>" in page or "a &lt;b&gt; &amp; {{csp}}" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert re.fullmatch(r"default-src 'none'; script-src ('sha256-[A-Za-z0-9+/=]{44}' ?)+; "
                        r"style-src ('sha256-[A-Za-z0-9+/=]{44}' ?)+; img-src data:; base-uri 'none'; "
                        r"form-action 'none'", csp.replace("&#x27;", "'")), csp
    assert "{{title}}" in page  # text substituted in is not read as a placeholder again


@pytest.mark.parametrize("text, start, end, before, after", [
    ("First one. Then the quote here. Next.", 20, 25, "Then the ", " here."),  # an English full stop and a space
    ("版本1.5很好。下一句。", 2, 5, "版本", "很好。"),  # a point inside a number ends nothing
    ("前" * 200 + "引文" + "后" * 200, 200, 202, "前" * 160, "后" * 160),  # at most 160 characters a side
    ("问？引文！后面。", 2, 5, "", ""),  # the quote holds its own end
    ("甲乙", 0, 2, "", ""), ("甲乙", 2, 2, "甲乙", ""), ("甲乙", -1, 1, "", ""), ("甲乙", 1, 0, "", ""),
])
def test_the_sentence_around_a_quote(text, start, end, before, after):
    from graph.views.explorer_details import context

    assert context(text, start, end) == (before, after)


@pytest.mark.parametrize("date, year", [("2025", 2025), ("2025-02-03", 2025), ("", None), (None, None), ("25-01", None),
                                        ("year 2025", None)])
def test_a_documents_year_comes_from_the_start_of_its_date(date, year):
    from graph.views.explorer_details import year_of

    assert year_of(date) == year


def test_a_quote_is_found_among_the_evidence_of_its_statement_or_shown_without_offsets():
    from graph.views.explorer_details import with_evidence

    evidence = {"st": [{"doc": "a", "quote": "q", "start": 1}, {"doc": "b", "quote": "q", "start": 5}]}
    assert with_evidence("st", "q", "b", evidence)["start"] == 5
    assert with_evidence("st", "q", "", evidence)["start"] == 1
    found = with_evidence("st", "q", "a", evidence)
    found["start"] = 99
    assert evidence["st"][0]["start"] == 1  # a copy
    assert with_evidence("st", "other", "a", evidence) == dict(doc="a", quote="other", start=None, end=None, status="",
                                                              before="", after="")
    assert with_evidence("nope", "q", "", evidence)["start"] is None


class _Term:
    def __init__(self, value, language=None):
        self.value, self.language = value, language


def test_labels_of_classes_and_predicates_by_language_with_traditional_made_when_missing():
    from graph.views.explorer_details import _lang_labels

    base = "https://w3id.org/szkg/ontology#"
    rows = [{"x": _Term(base + "Firm"), "l": _Term("企业", "zh-Hans")}, {"x": _Term(base + "Firm"), "l": _Term("firm", "EN")},
            {"x": _Term(base + "Place"), "l": _Term("地點", "zh-hant")}, {"x": _Term(base + "Place"), "l": _Term("ort", "de")},
            {"x": _Term(base + "Policy"), "l": _Term("无语言")}]
    assert _lang_labels(rows, "x") == {"Firm": {"zh-Hans": "企业", "en": "firm", "zh-Hant": "企業"},
                                       "Place": {"zh-Hant": "地點"}}
    assert list(_lang_labels(list(reversed(rows)), "x")) == ["Firm", "Place"]


def test_the_evidence_of_a_statement_is_in_text_order_with_the_sentence_around_it():
    from graph.views.explorer_details import _evidence

    base = "https://w3id.org/szkg/"
    row = lambda node, doc, start, end, quote, status: {  # noqa: E731
        "node": _Term(base + "id/" + node), "doc": _Term(base + "document/" + doc) if doc else None,
        "start": _Term(str(start)), "end": _Term(str(end)), "quote": _Term(quote),
        "status": _Term(status) if status else None}
    rows = [row("st-1", "d", 3, 5, "丙丁", "curated"), row("st-1", "d", 0, 2, "甲乙", ""), row("st-1", "d", 0, 2, "甲乙", ""),
            row("st-0", None, 0, 1, "x", "extracted")]
    found = _evidence(rows, {"d": "甲乙。丙丁戊。"})
    assert list(found) == ["st-0", "st-1"]
    assert found["st-1"] == [
        dict(doc="d", start=0, end=2, quote="甲乙", status="", before="", after="。"),
        dict(doc="d", start=3, end=5, quote="丙丁", status="curated", before="", after="戊。")]
    assert found["st-0"] == [dict(doc="", start=0, end=1, quote="x", status="extracted", before="", after="")]


def test_the_cards_show_each_documents_title_publisher_date_year_and_link(store, built):
    from graph.views.explorer_details import load_details, year_of

    documents = load_details(store)["documents"]
    assert set(documents) == set(built.corpus.documents)
    for doc in built.corpus.documents.values():
        expected = {"title": doc.title, "script": doc.script, "publisher": doc.publisher, "date": doc.date,
                    "url": doc.url, "year": year_of(doc.date)}
        assert documents[doc.id] == {k: v for k, v in expected.items() if v not in ("", None)}, doc.id
    assert any("publisher" in d for d in documents.values())


def test_the_cards_show_each_observation_with_its_unit_period_and_words(store, built):
    from graph.views.explorer_details import load_details

    shown = load_details(store)["observations"]
    for entity in {o.subject for o in built.corpus.observations}:
        expected = {(o.indicator, o.unit, o.period, o.as_written) for o in built.corpus.observations if o.subject == entity}
        assert {(x["indicator"], x["unit"], x["period"], x["written"]) for x in shown[entity]} == expected, entity


# ------------------------------------------------------------------ what the fixed sample of views left alive (w24s2)


def test_the_cards_show_each_observations_number_and_bound(store, built):
    from graph.quantity import format_quantity
    from graph.views.explorer_details import load_details

    shown = load_details(store)["observations"]
    for entity in {o.subject for o in built.corpus.observations}:
        expected = {(o.indicator, o.as_written, format_quantity(o.value), o.qualifier)
                    for o in built.corpus.observations if o.subject == entity}
        assert {(x["indicator"], x["written"], x["value"], x["qualifier"]) for x in shown[entity]} == expected, entity
    assert any(o.qualifier for o in built.corpus.observations)


def test_an_indicator_the_store_has_no_label_for_is_shown_by_its_id(corpus_dir):  # noqa: F811
    import pyoxigraph as ox

    from graph.rdf import corpus_graphs
    from graph.views.explorer_details import load_details

    (corpus_dir / "indicators.yaml").unlink()  # any indicator is accepted; the build labels it by its id
    facts(corpus_dir, "doc-a", """\
        observations:
          - {s: shenzhen, indicator: robot_firms, value: 7.4万家, unit: count, quote: "深圳机器人企业超过7.4万家"}
        """)
    store = ox.Store()
    for quads in corpus_graphs(load(corpus_dir)).values():
        store.extend(quads)
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    assert load_details(store)["observations"]["shenzhen"][0]["indicatorLabels"] == {"en": "robot firms"}
    # a store without the label (one not built by szkg, or whose labels an update removed) reads the same
    for quad in list(store.quads_for_pattern(None, ox.NamedNode(label), None)):
        if quad.subject.value.endswith("/robot_firms"):
            store.remove(quad)
    assert load_details(store)["observations"]["shenzhen"][0]["indicatorLabels"] == {"en": "robot firms"}


def test_szkg_impact_lists_ten_pieces_then_says_how_many_more():
    text = recorded(tables.print_impact, an_impact(), toy_graph_all())  # as the command calls it: no shown=
    pieces = [line for line in text.splitlines() if line.startswith("    ") and line[4:].strip()[:1].isdigit()]
    assert len(pieces) == 10 and "    … and 2 more pieces (all in --format json)\n" in text


def test_an_impact_that_orphans_one_entity_names_the_type_it_lost():
    one = Impact("shenzhen", "深圳", "Place", 1, 2, False, (), (("byd", "Place"),), None, None, 0)
    assert "only link to a Place: 比亚迪<b>\n" in recorded(tables.print_impact, one, toy_graph_all())


def test_observation_nodes_kept_out_of_the_projection_are_counted_by_name():
    stats = graph_stats()
    stats.kept_out.clear()
    stats.kept_out.update({"observations": 3, "statements": 1})
    assert recorded(tables.print_stats, stats).endswith(
        "kept out of the projection: 3 observation nodes, 1 statement nodes\n")


def test_the_page_data_is_compact_json():
    from graph.views.explorer import json_for_html

    assert json_for_html({"b": [1, "深圳"], "a": {"x": None}}) == '{"a":{"x":null},"b":[1,"深圳"]}'


def test_the_page_is_written_into_folders_made_as_needed(tmp_path):
    from graph.views.explorer import Explorer, save_explorer

    target = tmp_path / "a" / "b" / "c" / "x.html"
    assert save_explorer(Explorer("<html>页</html>", "t", 1, 0), target) == target
    assert target.read_bytes() == "<html>页</html>".encode()


def test_the_page_is_utf8_whatever_the_locale(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "x.html"
    code = ("import sys; from graph.views.explorer import Explorer, save_explorer; "
            "save_explorer(Explorer('<html>\\u6df1\\u5733</html>', 't', 1, 0), sys.argv[1])")  # 深圳
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}  # an ASCII locale, no UTF-8 mode
    done = subprocess.run([sys.executable, "-c", code, str(target)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == "<html>深圳</html>".encode()


def test_a_top_as_large_as_the_view_cuts_nothing_and_says_nothing():
    from graph.views.explorer import View, select

    G = explorer_graph()
    shown, heading, notes, _focus = select(G, {}, View(top=len(G)))
    assert (len(shown), heading, notes) == (len(G), "the whole graph", [])
    assert select(G, {}, View(top=len(G) - 1))[1].startswith(f"top {len(G) - 1} by ")
