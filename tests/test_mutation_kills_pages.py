"""Tests written against the mutants `make mutate` left alive in the pages szkg writes
(graph/views/explorer.py and graph/views/report_page.py, samples of docs/testing.md): each
pins what a reader of the page sees, so the small change that breaks it turns red; the mutants
no input can tell apart are in tests/mutation_equivalent.txt."""

from __future__ import annotations

import shutil

from graph.views import report_page

# ------------------------------------------------------------------ graph/views/report_page.py


def test_write_report_writes_the_page_of_the_builds_store_into_the_build(built, tmp_path):
    from graph.analysis.centrality import centrality
    from graph.analysis.projection import project, relabel

    out = tmp_path / "out"
    shutil.copytree(built.out / "store", out / "store")
    path = report_page.write_report(out, top=3, lang="en")
    assert path == out / "report.html"
    expected = report_page.render_html(centrality(relabel(project(out), "en"), top=3))
    assert path.read_text(encoding="utf-8") == expected
    assert '<html lang="en">' in expected and expected.count('class="chart"') >= 3


# ------------------------------------------------------------------ graph/views/explorer.py


def test_a_missing_community_says_how_many_have_two_or_more_entities():
    import networkx as nx
    import pytest

    from graph.errors import ExplorerError
    from graph.views.explorer import View, select

    G = nx.MultiDiGraph()
    for s, o in (("a", "b"), ("c", "d")):  # two pairs, and one entity alone
        G.add_edge(s, o, key="partnerOf", predicate="partnerOf", weight=1.0)
    G.add_node("e")
    for n in G:
        G.nodes[n].update(label=n.upper(), type="Firm")
    with pytest.raises(ExplorerError) as caught:
        select(G, {}, View(community=4))
    assert str(caught.value) == ("community 4 does not exist: the graph has 2 communities of two or more "
                                 "entities (numbered as in `szkg communities --seed 42`)")
    shown, heading, _notes, _focus = select(G, {}, View(community=3))
    assert shown == ["e"] and heading == "community 3 (E)", "the one-entity community is the third"


def _graph(n: int, edges=()):
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i:02d}" for i in range(n))
    for s, o in edges:
        G.add_edge(s, o, key="partnerOf", predicate="partnerOf", weight=1.0, statements=[])
    for node in G:
        G.nodes[node].update(label=node.upper(), type="Firm")
    return G


def test_entities_without_a_score_rank_as_zero():
    from graph.views.explorer import View, select, start_view

    G = _graph(45, [("n10", "n11"), ("n10", "n12"), ("n10", "n13"), ("n11", "n10")])
    shown, _heading, _notes, _focus = select(G, {"n20": 0.5, "n30": -1.0}, View(top=2))
    assert shown == ["n00", "n20"], "n20 first, then the unscored by label, before n30's negative score"
    assert start_view(G, sorted(G), {"n10": 0.5, "n12": -1.0}, View(start=1)) == ["n10", "n11", "n13"], \
        "n10 and its two strongest neighbours (n11 twice linked; n13 before n12's negative score)"


def test_the_legend_of_predicates_says_which_are_symmetric():
    from graph.views.explorer import View, explorer_data

    details = {key: {} for key in ("observations", "attributes", "mentions", "labels", "documents", "evidence")}
    G = _graph(2, [("n00", "n01")])
    (legend,) = explorer_data(G, details, View())["predicates"]
    assert (legend["id"], legend["count"], legend["symmetric"]) == ("partnerOf", 1, False), "a graph that names none"
    G.graph["symmetric"] = {"partnerOf"}
    assert explorer_data(G, details, View())["predicates"][0]["symmetric"] is True


def test_the_inlined_vis_network_is_read_as_utf8_whatever_the_locale():
    import locale
    from importlib import resources

    from graph.views.explorer import VIS_DIR, _asset

    expected = resources.files("pyvis").joinpath("lib", VIS_DIR, "vis-network.min.js").read_text(encoding="utf-8")
    assert any(ord(c) > 127 for c in expected), "the script holds non-ASCII characters"
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # an ASCII locale
    try:
        assert _asset("vis-network.min.js") == expected
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def test_a_community_view_uses_the_seed_asked_for():
    """A ring splits into communities differently by seed: the view draws the seed's own, as `szkg communities`."""
    import networkx as nx

    from graph.analysis.projection import communities
    from graph.views.explorer import View, select

    G = nx.MultiDiGraph()
    for i in range(12):
        G.add_edge(f"n{i:02d}", f"n{(i + 1) % 12:02d}", key="partnerOf", predicate="partnerOf", weight=1.0)
    for n in G:
        G.nodes[n].update(label=n.upper(), type="Firm")
    firsts = set()
    for seed in (0, 3, 8, 42):
        expected = communities(G, seed=seed)[0]
        shown, heading, _notes, _focus = select(G, {}, View(community=1, seed=seed))
        assert sorted(shown) == sorted(expected.members) and heading == f"community 1 ({expected.name})"
        firsts.add(tuple(sorted(shown)))
    assert len(firsts) > 1, "the seeds give different first communities"
