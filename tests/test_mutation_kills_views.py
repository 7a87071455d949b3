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
                  (("byd", "Place"), ("robots", "Place"), ("ren", "Place"), ("huawei", "Place")) if orphaned else (),
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
