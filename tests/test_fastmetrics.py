"""The igraph fast path gives networkx's answers: same definition, normalisation and sampling."""

from __future__ import annotations

import networkx as nx
import pytest

from graph import fastmetrics as fm

pytest.importorskip("igraph")

TOL = 1e-6


def _weighted(G):
    for i, (u, v) in enumerate(sorted(G.edges())):
        G.edges[u, v]["weight"] = 1 + i % 5
    return G


GRAPHS = {
    "karate": lambda: _weighted(nx.karate_club_graph()),
    "random": lambda: _weighted(nx.gnm_random_graph(300, 900, seed=1)),
    "scale-free": lambda: _weighted(nx.barabasi_albert_graph(500, 2, seed=3)),
    "directed": lambda: _weighted(nx.gnm_random_graph(300, 1500, seed=2, directed=True)),
}


def close(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and max(abs(a[n] - b[n]) for n in a) < TOL


@pytest.fixture(params=sorted(GRAPHS))
def G(request):
    return GRAPHS[request.param]()


@pytest.mark.parametrize("weight", [None, "weight"])
def test_pagerank_matches_networkx(G, weight):
    # networkx iterates until the L1 change is below n·1e-6, so its default answer is itself only
    # ~1e-5 accurate; run to convergence it is what igraph's exact solver returns.
    reference = nx.pagerank(G, weight=weight, tol=1e-12)
    assert close(fm.pagerank(G, weight=weight, fast_above=0), reference)
    default = nx.pagerank(G, weight=weight)
    fast = fm.pagerank(G, weight=weight, fast_above=0)
    assert max(abs(default[n] - fast[n]) for n in G) < 1e-4


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("normalized", [True, False])
def test_exact_betweenness_matches_networkx(G, weight, normalized):
    reference = nx.betweenness_centrality(G, weight=weight, normalized=normalized)
    assert close(fm.betweenness(G, weight=weight, normalized=normalized, fast_above=0), reference)


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("normalized", [True, False])
def test_sampled_betweenness_samples_what_networkx_samples(G, weight, normalized):
    reference = nx.betweenness_centrality(G, k=20, seed=7, weight=weight, normalized=normalized)
    assert close(
        fm.betweenness(G, k=20, seed=7, weight=weight, normalized=normalized, fast_above=0),
        reference,
    )


def test_sampled_betweenness_depends_on_the_seed():
    G = GRAPHS["scale-free"]()
    assert not close(
        fm.betweenness(G, k=20, seed=1, fast_above=0), fm.betweenness(G, k=20, seed=2, fast_above=0)
    )


@pytest.mark.parametrize("weight", [None, "weight"])
def test_eigenvector_matches_networkx(G, weight):
    reference = nx.eigenvector_centrality(G, weight=weight, max_iter=10_000, tol=1e-12)
    assert close(fm.eigenvector(G, weight=weight, fast_above=0), reference)


def test_small_graphs_are_left_to_networkx():
    G = GRAPHS["karate"]()
    assert fm.pagerank(G) == nx.pagerank(G)
    assert fm.betweenness(G, k=10, seed=3) == nx.betweenness_centrality(G, k=10, seed=3)
    assert fm.eigenvector(G) == nx.eigenvector_centrality(G, max_iter=1000)


def test_one_conversion_serves_several_metrics():
    G = GRAPHS["random"]()
    view = fm.to_igraph(G)
    assert close(fm.pagerank(view, weight=None), nx.pagerank(G, weight=None, tol=1e-12))
    assert close(
        fm.pagerank(view, weight="weight"), nx.pagerank(G, tol=1e-12)
    )  # weights added on demand
    assert close(fm.betweenness(view, k=30, seed=1), nx.betweenness_centrality(G, k=30, seed=1))


def test_nodes_keep_their_names():
    G = nx.relabel_nodes(GRAPHS["karate"](), {n: f"实体{n}" for n in range(34)})
    assert set(fm.pagerank(G, fast_above=0)) == set(G)
