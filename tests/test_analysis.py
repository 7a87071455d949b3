"""The RDF → networkx projection and the graph questions asked of it.

Assertions follow from the data (the curated statements, networkx on the same projection,
brute-force removal), never from numbers copied out of one build.
"""

from __future__ import annotations

import math
import random
import re
import shutil
import subprocess
from collections import Counter
from fractions import Fraction
from html.parser import HTMLParser

import networkx as nx
import pytest

from graph.analysis.centrality import centrality, parse_metrics, reading
from graph.analysis.impact import impact, rank_impact, removal_pieces
from graph.analysis.metrics import EXACT_LIMIT, METRICS
from graph.analysis.projection import (
    NoPath,
    Support,
    collapse,
    communities,
    evidence_paths,
    project,
    resolve,
    stats,
)
from graph.errors import AmbiguousName, AnalysisError, UnknownName
from graph.views.report_page import render_html, write_report
from graph.vocab import ENTITY_CLASSES

REN_ZHENGFEI = "如果沒有18號文件,我不會想創辦華為"


@pytest.fixture(scope="module")
def G(built):
    return project(built.out)


@pytest.fixture(scope="module")
def S(G):
    """A part of the projection below the exact limit (the metrics are then networkx's own): the first 600
    entities a breadth-first walk from Shenzhen reaches, neighbours in id order — deterministic, and dense with
    the hubs' paths.  The whole projection (~2,000 entities) is above the limit, where the fast path runs."""
    U = nx.Graph(G.to_undirected())
    seen, queue = ["shenzhen"], ["shenzhen"]
    while queue and len(seen) < 600:
        for n in sorted(U[queue.pop(0)]):
            if n not in seen and len(seen) < 600:
                seen.append(n)
                queue.append(n)
    part = G.subgraph(seen).copy()
    assert len(part) == 600 < EXACT_LIMIT < len(G)
    return part


def toy(edges, symmetric=("partnersWith",)) -> nx.MultiDiGraph:
    """A projection-shaped multigraph: edges are (s, p, o, [(doc, quote), ...])."""
    g = nx.MultiDiGraph(symmetric=list(symmetric))
    for s, p, o, quotes in edges:
        for node in (s, o):
            g.add_node(node, type="Firm", label=node, label_zh_hans=node, label_zh_hant="", label_en="",
                       alt_labels=())
        sts = [Support(f"st-{s}-{p}-{o}-{i}", q, d, d.upper()) for i, (d, q) in enumerate(quotes)]
        g.add_edge(s, o, key=p, predicate=p, symmetric=p in symmetric, statements=sts,
                   weight=len(set(quotes)))
    return g


# ---------------------------------------------------------------- projection


def test_nodes_are_exactly_the_entities(G, built):
    assert set(G) == set(built.corpus.entities)
    for node, attrs in G.nodes(data=True):
        entity = built.corpus.entities[node]
        assert attrs["type"] == entity.type in ENTITY_CLASSES
        assert attrs["label_zh_hans"] == entity.label
        assert attrs["label_en"] == entity.en


def test_statements_observations_and_documents_are_kept_out(G, built):
    corpus = built.corpus
    assert not set(G) & set(corpus.documents)
    assert not any(n.startswith(("st-", "obs-")) for n in G)
    assert G.graph["kept_out"] == {"statements": len(corpus.statements) + len(corpus.attributes),
                                   "observations": len(corpus.observations),
                                   "documents": len(corpus.documents)}


def test_one_typed_edge_per_stated_triple_with_all_its_statements(G, built):
    expected: dict[tuple, set] = {}
    for st in built.corpus.statements:
        if st.time == "current":  # former and target facts are not edges of the present graph
            expected.setdefault((st.subject, st.predicate, st.object), set()).add(st.id)
    edges = {(s, p, o): d for s, o, p, d in G.edges(keys=True, data=True)}
    assert set(edges) == set(expected)
    for triple, data in edges.items():
        assert {x.statement for x in data["statements"]} == expected[triple]
        assert data["predicate"] == triple[1]
        assert data["weight"] == len({(x.document, x.quote) for x in data["statements"]})
        for x in data["statements"]:
            assert x.quote in built.corpus.documents[x.document].text
            assert x.title == built.corpus.documents[x.document].title


def test_labels_in_three_scripts(G):
    huawei = G.nodes["huawei"]
    assert (huawei["label_zh_hans"], huawei["label_zh_hant"], huawei["label_en"]) == ("华为", "華為", "Huawei")


def test_18_document_enabled_huawei_edge_carries_ren_zhengfeis_quote(G):
    data = G.edges["policy-18-1987", "huawei", "enabled"]
    assert any(REN_ZHENGFEI in x.quote and x.document.startswith("004_") for x in data["statements"])


def test_parallel_typed_edges_stay_apart_and_collapse_by_independent_evidence():
    g = toy([("a", "supplies", "b", [("d1", "q1"), ("d2", "q2")]),
             ("a", "partnersWith", "b", [("d1", "q1")]),  # same sentence: not independent
             ("b", "competesWith", "c", [("d3", "q3")])], symmetric=("partnersWith", "competesWith"))
    assert g.number_of_edges("a", "b") == 2
    U = collapse(g)
    assert U["a"]["b"]["weight"] == 2 and U["a"]["b"]["distance"] == 0.5
    assert sorted(r[0] for r in U["a"]["b"]["relations"]) == ["partnersWith", "supplies"]
    D = collapse(g, directed=True)
    assert D.has_edge("c", "b") and D.has_edge("b", "c")  # symmetric: both ways
    assert D.has_edge("b", "a") and D["b"]["a"]["weight"] == 1  # only partnersWith points back
    assert D.has_edge("a", "b") and D["a"]["b"]["weight"] == 2


# ---------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["华为", "華為", "Huawei", "huawei", " HUAWEI "])
def test_names_in_any_script_resolve_to_the_same_entity(G, name):
    assert resolve(G, name) == "huawei"


def test_18_document_resolves_in_both_scripts(G):
    assert resolve(G, "18号文件") == resolve(G, "18號文件") == "policy-18-1987"


def test_unknown_name_suggests_the_closest(G):
    with pytest.raises(UnknownName, match=r"no entity is called '华未'; closest: .*华为"):
        resolve(G, "华未")


def test_shared_name_is_ambiguous():
    g = toy([("a", "supplies", "b", [("d", "q")])])
    g.nodes["a"]["alt_labels"] = ("同名",)
    g.nodes["b"]["alt_labels"] = ("同名",)
    with pytest.raises(AmbiguousName, match=r"'同名' names 2 entities: .*\(a\), .*\(b\); use the id"):
        resolve(g, "同名")


# ---------------------------------------------------------------- stats


def test_stats_follow_from_the_projection(G, built):
    s = stats(G)
    assert s.nodes == len(built.corpus.entities) == sum(s.nodes_per_type.values())
    assert s.nodes_per_type == built.per_class()
    assert s.edges == G.number_of_edges() == sum(s.edges_per_predicate.values())
    current = Counter(st.predicate for st in built.corpus.statements if st.time == "current")
    assert s.statements_per_predicate == current  # former and target facts are not in the projection
    U = nx.Graph(G.to_undirected())
    U.remove_edges_from(nx.selfloop_edges(U))
    assert s.components == nx.number_connected_components(U)
    assert s.density == pytest.approx(nx.density(U))
    assert s.isolated == nx.number_of_isolates(U)


# ---------------------------------------------------------------- centrality


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_every_value_matches_networkx_on_the_same_projection(S, directed, weighted):
    report = centrality(S, directed=directed, weighted=weighted)
    H = collapse(S, directed=directed)
    D = collapse(S, directed=True)
    w, dist = ("weight", "distance") if weighted else (None, None)
    # path lengths 1/weight as exact fractions: with floats, 1/3 + 1/6 and 1/2 are two lengths to networkx and one
    # shortest length to igraph (and to arithmetic), so networkx's float answer is not the reference
    exact = H.copy()
    for _u, _v, data in exact.edges(data=True):
        data["distance"] = 1 / Fraction(data["weight"])
    expected = {
        "degree": dict(H.degree(weight=w)),
        "in_degree": dict(D.in_degree(weight=w)),
        "out_degree": dict(D.out_degree(weight=w)),
        "pagerank": nx.pagerank(H, weight=w),
        "betweenness": nx.betweenness_centrality(exact, weight=dist),
        "closeness": nx.closeness_centrality(exact, distance=dist),
        "harmonic": nx.harmonic_centrality(exact, distance=dist),
    }
    try:
        expected["eigenvector"] = nx.eigenvector_centrality(H, max_iter=1000, weight=w)
    except nx.PowerIterationFailedConvergence:
        assert "did not converge" in report.metrics["eigenvector"].note
    assert set(report.metrics) == set(METRICS)
    for metric, values in expected.items():
        got = report.metrics[metric].values
        assert set(got) == set(H)
        for node in H:
            assert math.isclose(got[node], float(values[node]), rel_tol=1e-9, abs_tol=1e-12), (metric, node)


def test_top_pagerank_includes_shenzhen_and_huawei(G):
    top = [r.id for r in centrality(G, "pagerank", top=10).metrics["pagerank"].top]
    assert "shenzhen" in top and "huawei" in top


def test_rankings_are_sorted_and_filtered_by_type(G):
    report = centrality(G, "degree,pagerank", types="Firm,Policy", top=5)
    for result in report.metrics.values():
        assert result.top and {r.type for r in result.top} <= {"Firm", "Policy"}
        values = [r.value for r in result.top]
        assert values == sorted(values, reverse=True)
        assert [r.rank for r in result.top] == list(range(1, len(result.top) + 1))
    assert report.metrics["degree"].values == centrality(G, "degree").metrics["degree"].values


def test_top_entities_are_explained_by_their_real_neighbours(G):
    U = collapse(G)
    for row in centrality(G, "pagerank", top=5).metrics["pagerank"].top:
        if U.degree(row.id) == 0:
            continue
        assert row.neighbours
        for n in row.neighbours:
            assert U.has_edge(row.id, n.id) and n.weight == U[row.id][n.id]["weight"]
            for predicate, arrow, quotes in n.relations:
                s, o = (row.id, n.id) if arrow in "→↔" else (n.id, row.id)
                edge = G.get_edge_data(s, o, predicate) or G.get_edge_data(o, s, predicate)
                assert edge is not None and edge["weight"] == quotes


def test_unknown_metric_or_type_is_named():
    with pytest.raises(AnalysisError, match="unknown metric 'pagerankk'"):
        parse_metrics("pagerank,pagerankk")
    with pytest.raises(AnalysisError, match="unknown entity type 'Frim'"):
        centrality(toy([("a", "supplies", "b", [("d", "q")])]), types="Frim")


def test_above_the_limit_betweenness_is_sampled_and_says_so(G):
    k = 3
    report = centrality(G, exact_limit=0, samples=k, seed=7)
    H = collapse(G)
    assert report.betweenness_samples == k
    assert f"{k} sampled source nodes" in report.metrics["betweenness"].note
    expected = nx.betweenness_centrality(H, k=k, seed=7)
    got = report.metrics["betweenness"].values
    for node in H:
        assert (math.isnan(expected[node]) and math.isnan(got[node])) or math.isclose(
            got[node], expected[node], abs_tol=1e-12)
    closeness = report.metrics["closeness"].values
    assert len(closeness) == k
    exact = nx.closeness_centrality(H)
    assert all(math.isclose(v, exact[n], abs_tol=1e-12) for n, v in closeness.items())


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_above_the_limit_the_fast_path_gives_networkxs_values(G, directed, weighted):
    report = centrality(G, directed=directed, weighted=weighted, exact_limit=0, samples=10**6)
    assert not report.notes and report.betweenness_samples is None  # nothing estimated
    H = collapse(G, directed=directed)
    w, dist = ("weight", "distance") if weighted else (None, None)
    # betweenness on lengths scaled to integers: igraph's tolerant comparison of path lengths
    # is networkx's on exact lengths (see tests/test_fastmetrics.py)
    scale = math.lcm(*(d["weight"] for _u, _v, d in H.edges(data=True)))
    for _u, _v, d in H.edges(data=True):
        d["scaled"] = scale // d["weight"] if weighted else 1
    expected = {
        "pagerank": (nx.pagerank(H, weight=w), 1e-12),
        "betweenness": (nx.betweenness_centrality(H, weight="scaled"), 1e-12),
        "closeness": (nx.closeness_centrality(H, distance=dist), 1e-12),
        "harmonic": (nx.harmonic_centrality(H, distance=dist), 1e-9),
        "eigenvector": (nx.eigenvector_centrality(H, max_iter=1000, weight=w), 1e-12),
    }
    for metric, (values, tol) in expected.items():
        got = report.metrics[metric].values
        assert set(got) == set(H)
        # values are rounded to 10 significant digits (reproducible output): relative 5e-10
        worst = max(abs(got[n] - values[n]) - 1e-9 * abs(values[n]) for n in H)
        assert worst < tol, (metric, worst)


def test_progress_is_reported_for_long_loops(built):
    class Recorder:
        def __init__(self):
            self.descriptions: list[str] = []

        def track(self, rows, total=None, description=""):
            self.descriptions.append(description)
            yield from rows

    recorder = Recorder()
    centrality(project(built.out, progress=recorder), "pagerank", progress=recorder)
    assert any("statements" in d for d in recorder.descriptions)
    assert any("centrality" in d for d in recorder.descriptions)


def test_reading_names_the_leader_of_each_metric(G):
    report = centrality(G, "pagerank,betweenness", top=3)
    text = reading(report)
    assert len(text) == 3 and "个实体" in text[0]  # the graph is labelled zh-Hans: so is the reading
    assert report.metrics["pagerank"].top[0].label in text[1]


# ---------------------------------------------------------------- communities


def test_communities_are_seeded_reproducible_and_partition_the_graph(G):
    first, again = communities(G, seed=3), communities(G, seed=3)
    assert first == again
    members = [m for c in first for m in c.members]
    assert sorted(members) == sorted(G) and len(members) == len(set(members))
    # up to fast_above nodes networkx's Louvain computes them (above it igraph's: the next test)
    small = communities(G, seed=3, fast_above=len(G))
    expected = nx.community.louvain_communities(collapse(G), weight="weight", seed=3)
    assert {frozenset(c.members) for c in small} == {frozenset(c) for c in expected}


def test_above_the_limit_communities_come_from_igraph_seeded(G):
    first = communities(G, seed=3, fast_above=0)
    assert first == communities(G, seed=3, fast_above=0)
    assert sorted(m for c in first for m in c.members) == sorted(G)
    U = collapse(G)
    ours, theirs = (
        nx.community.modularity(U, [set(c.members) for c in found], weight="weight")
        for found in (first, communities(G, seed=3))
    )
    assert ours > 0.9 * theirs


def test_communities_are_named_by_an_industry_or_place_linked_to_them(G):
    U = collapse(G)
    for c in communities(G):
        if c.basis == "member":
            assert c.named_by in c.members
            linked = {m for n in c.members for m in U[n]} | set(c.members)
            assert not any(U.nodes[m]["type"] in ("Industry", "Place") for m in linked)
        else:
            assert U.nodes[c.named_by]["type"] == c.basis in ("Industry", "Place")
            assert (c.named_by in c.members) == c.inside
            if not c.inside:  # only when no member is an industry or place
                assert not any(U.nodes[m]["type"] in ("Industry", "Place") for m in c.members)
                assert any(U.has_edge(c.named_by, m) for m in c.members)


# ---------------------------------------------------------------- paths


def test_18_document_to_huawei_is_one_hop_with_ren_zhengfeis_quote(G):
    paths = evidence_paths(G, "18号文件", "华为")
    assert paths and all(len(p) == 1 for p in paths)
    (hop,) = paths[0]
    assert any(p == "enabled" and any(REN_ZHENGFEI in x.quote for x in sups) for p, _s, _o, sups in hop.relations)


def test_every_hop_is_a_stated_edge_with_its_quotes(G, built):
    U = collapse(G)
    a, b = "huawei", "shenzhen"
    paths = evidence_paths(G, "華為", "Shenzhen", limit=3)
    assert all(len(p) == nx.shortest_path_length(U, a, b) for p in paths)
    for path in paths:
        assert path[0].source == a and path[-1].target == b
        for hop in path:
            assert hop.relations
            for p, s, o, sups in hop.relations:
                assert {s, o} == {hop.source, hop.target} and G.has_edge(s, o, p)
                for x in sups:
                    assert x.quote in built.corpus.documents[x.document].text


def test_no_path_and_same_entity_are_errors():
    g = toy([("a", "supplies", "b", [("d", "q")]), ("c", "supplies", "d", [("d", "q2")])])
    with pytest.raises(NoPath, match="no path from a to c"):
        evidence_paths(g, "a", "c")
    with pytest.raises(NoPath):
        evidence_paths(g, "b", "a", directed=True)
    with pytest.raises(AnalysisError, match="same entity"):
        evidence_paths(g, "a", "a")


# ---------------------------------------------------------------- impact


def brute_split(U, node) -> int:
    rest = nx.node_connected_component(U, node) - {node}
    sizes = sorted((len(c) for c in nx.connected_components(U.subgraph(rest))), reverse=True)
    return sum(sizes[1:])


def test_removing_shenzhen_splits_off_more_than_removing_a_leaf(G):
    U = collapse(G)
    if U.degree("shenzhen") < 2:
        pytest.skip("深圳 has a single link in this sources tree")
    leaf = min(n for n in nx.node_connected_component(U, "shenzhen") if U.degree(n) == 1)
    hub, tip = impact(G, "深圳"), impact(G, leaf)
    assert tip.split_off == () and not tip.articulation
    assert hub.split_count > tip.split_count
    assert hub.split_count == brute_split(U, "shenzhen")


def test_impact_matches_brute_force_removal(G):
    U = collapse(G)
    hubs = sorted(U, key=lambda n: (-U.degree(n), n))[:8]
    leaves = sorted(n for n in U if U.degree(n) == 1)[:4]
    for node in hubs + leaves:
        result = impact(G, node)
        assert result.split_count == brute_split(U, node)
        assert result.articulation == (node in set(nx.articulation_points(U)))
        for lost, kind in result.orphaned:
            assert U.has_edge(node, lost) and U.nodes[node]["type"] == kind
            assert [m for m in U[lost] if U.nodes[m]["type"] == kind] == [node]


def test_average_path_length_before_matches_networkx(G):
    U = collapse(G)
    node = max(U, key=U.degree)
    component = U.subgraph(nx.node_connected_component(U, node))
    result = impact(G, node)
    if len(component) > 1:
        assert result.aspl_before == pytest.approx(nx.average_shortest_path_length(component))


@pytest.mark.parametrize("seed", range(40))
def test_removal_pieces_match_brute_force_on_random_graphs(seed):
    rng = random.Random(seed)
    U = nx.gnm_random_graph(rng.randint(1, 25), rng.randint(0, 40), seed=seed)
    pieces = removal_pieces(U)
    for v in U:
        rest = nx.node_connected_component(U, v) - {v}
        assert pieces[v] == sorted((len(c) for c in nx.connected_components(U.subgraph(rest))), reverse=True)


def test_ranking_puts_articulation_points_first(G):
    U = collapse(G)
    rows = rank_impact(G, top=len(U))
    flags = [r.articulation for r in rows]
    assert flags == sorted(flags, reverse=True)
    assert {r.id for r in rows if r.articulation} == set(nx.articulation_points(U))
    for r in rows:
        assert r.split_off == brute_split(U, r.id)


# ---------------------------------------------------------------- HTML report


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: Counter = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.bars: dict[str, list[float]] = {}
        self._chart = ""

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        values = dict(attrs)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag == "svg":
            self._chart = values.get("data-metric", "")
            self.bars[self._chart] = []
        if tag == "rect" and values.get("class") == "bar":
            self.bars[self._chart].append(float(values["width"]))


def test_report_is_self_contained_with_one_chart_per_metric(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    path = write_report(out)
    assert path == out / "report.html"
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0
    assert any(t == "meta" and k == "http-equiv" and v == "Content-Security-Policy" for t, k, v in page.attrs)
    for tag, key, value in page.attrs:
        if key in ("src", "href"):
            assert value.startswith("#"), (tag, key, value)
    report = centrality(project(out))
    assert set(page.bars) == set(METRICS)
    for metric, widths in page.bars.items():
        top = report.metrics[metric].top
        assert len(widths) == len(top)
        peak = max(r.value for r in top)
        if peak > 0:  # bars are proportional to the values
            for width, r in zip(widths, top, strict=True):
                assert width == pytest.approx(max(1.0, 420 * r.value / peak), abs=0.06)


def test_report_escapes_every_label(G):
    g = G.copy()
    g.nodes["huawei"]["label"] = "<script>alert(1)</script>&"
    html = render_html(centrality(g, "degree,pagerank"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in html


@pytest.mark.skipif(not shutil.which("chromium"), reason="headless Chromium is not installed")
def test_report_renders_its_charts_in_a_headless_browser(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    path = write_report(out)
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    assert len(re.findall(r'<svg[^>]*class="chart"', dom)) == len(METRICS)
    assert len(re.findall(r'<rect class="bar"', dom)) >= len(METRICS)
    shot = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1000,1400", path.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
