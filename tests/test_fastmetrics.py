"""The fast path (GraphBLAS, igraph) gives networkx's answers: same definition,
normalisation and sampling.

Every comparison forces the fast path with ``fast_above=0`` on graphs small enough for networkx.
"""

from __future__ import annotations

import math
import random
from collections import Counter

import networkx as nx
import pytest

from graph.analysis import fastmetrics as fm

TOL = 1e-6


def _weighted(G):
    for i, (u, v) in enumerate(sorted(G.edges())):
        G.edges[u, v]["weight"] = 1 + i % 5
    return G


def _disconnected():
    G = nx.disjoint_union(nx.gnm_random_graph(120, 300, seed=5), nx.path_graph(6))
    G.add_nodes_from(["lonely", "alone"])
    return _weighted(G)


GRAPHS = {
    "karate": lambda: _weighted(nx.karate_club_graph()),
    "random": lambda: _weighted(nx.gnm_random_graph(300, 900, seed=1)),
    "scale-free": lambda: _weighted(nx.barabasi_albert_graph(500, 2, seed=3)),
    "directed": lambda: _weighted(nx.gnm_random_graph(300, 1500, seed=2, directed=True)),
    "disconnected": _disconnected,
    "sparse directed": lambda: _weighted(nx.gnm_random_graph(200, 260, seed=4, directed=True)),
}
#: the connected graphs: networkx's power iteration finds their leading eigenvector
CONNECTED = ("karate", "random", "scale-free", "directed")


def close(a: dict, b: dict, tol: float = TOL) -> bool:
    return a.keys() == b.keys() and max(abs(a[n] - b[n]) for n in a) < tol


def same(a: dict, b: dict, tol: float = TOL) -> bool:
    """Equal up to ``tol`` where networkx gives a number (its sampled values can be NaN)."""
    return a.keys() == b.keys() and all(math.isnan(b[n]) or abs(a[n] - b[n]) < tol for n in a)


@pytest.fixture(params=sorted(GRAPHS))
def G(request):
    return GRAPHS[request.param]()


@pytest.mark.parametrize("weight", [None, "weight"])
def test_pagerank_matches_networkx(G, weight):
    # the same iteration, stopped at the same step (the L1 change below n·1e-6): networkx's
    # answer to rounding, not merely to its ~1e-5 accuracy
    default = nx.pagerank(G, weight=weight)
    assert close(fm.pagerank(G, weight=weight, fast_above=0), default, 1e-12)
    assert close(
        fm.pagerank(G, alpha=0.6, weight=weight, fast_above=0),
        nx.pagerank(G, 0.6, weight=weight),
        1e-12,
    )


@pytest.mark.parametrize("directed", [True, False])
def test_a_node_whose_weights_sum_to_zero_is_dangling_as_in_networkx(directed):
    # networkx spreads such a node's rank uniformly; dividing by its 0 out-weight instead
    # never converges
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_weighted_edges_from([("a", "b", 0.0), ("b", "c", 2.0), ("c", "a", 1.0), ("c", "d", 1.0)])
    G.add_edge("d", "e", weight=0.0)
    assert close(fm.pagerank(G, fast_above=0), nx.pagerank(G), 1e-12)


def test_pagerank_of_a_graph_without_edges_is_uniform_as_in_networkx():
    # graphblas-algorithms returns no values there; networkx gives every node 1/n
    G = nx.empty_graph(5)
    assert close(fm.pagerank(G, fast_above=0), nx.pagerank(G), 1e-15)
    assert fm.pagerank(nx.Graph(), fast_above=0) == {}


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("normalized", [True, False])
def test_exact_betweenness_matches_networkx(G, weight, normalized):
    reference = nx.betweenness_centrality(G, weight=weight, normalized=normalized)
    assert close(fm.betweenness(G, weight=weight, normalized=normalized, fast_above=0), reference)


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("normalized", [True, False])
def test_sampled_betweenness_samples_what_networkx_samples(G, weight, normalized):
    reference = nx.betweenness_centrality(G, k=20, seed=7, weight=weight, normalized=normalized)
    fast = fm.betweenness(G, k=20, seed=7, weight=weight, normalized=normalized, fast_above=0)
    assert same(fast, reference)


def test_sampled_betweenness_depends_on_the_seed():
    G = GRAPHS["scale-free"]()
    assert not close(
        fm.betweenness(G, k=20, seed=1, fast_above=0), fm.betweenness(G, k=20, seed=2, fast_above=0)
    )


def test_sampled_betweenness_reports_progress_over_its_sources():
    seen = []

    class Progress:
        def track(self, rows, description=""):
            rows = list(rows)
            seen.append((description, sum(map(len, rows))))
            return rows

    G = GRAPHS["random"]()
    fast = fm.betweenness(G, k=50, seed=3, fast_above=0, progress=Progress())
    assert seen == [("betweenness (50 sources)", 50)]
    assert close(fast, nx.betweenness_centrality(G, k=50, seed=3))


@pytest.mark.parametrize("seed", range(8))
def test_fractional_lengths_count_equal_paths_as_equal(seed):
    """Lengths 1/weight (the report's ``distance``): igraph compares path lengths with a
    tolerance, networkx exactly, so where 1/2 + 1/2 + 1/3 and 1/3 + 1/2 + 1/2 round apart
    networkx sees two lengths.  igraph's answer is networkx's on exact (integer) lengths."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(40, 100, seed=seed, directed=seed % 2 == 1)
    for u, v in G.edges:
        weight = rng.randint(1, 3)
        G.edges[u, v]["distance"] = 1.0 / weight
        G.edges[u, v]["scaled"] = 6 // weight  # the same lengths × 6, exact in floating point
    for k in (None, 10):
        fast = fm.betweenness(G, k=k, seed=seed, weight="distance", fast_above=0)
        assert same(fast, nx.betweenness_centrality(G, k=k, seed=seed, weight="scaled"), 1e-12)


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("name", CONNECTED)
def test_eigenvector_matches_networkx(name, weight):
    G = GRAPHS[name]()
    reference = nx.eigenvector_centrality(G, weight=weight, max_iter=1000)
    assert close(fm.eigenvector(G, weight=weight, fast_above=0), reference, 1e-12)


def test_eigenvector_of_a_disconnected_graph_is_networkxs():
    # the same power iteration, stopped at the same step: the small parts keep the values
    # networkx leaves them (an exact eigenvector would set them to 0)
    G = GRAPHS["disconnected"]()
    default = nx.eigenvector_centrality(G, max_iter=1000)
    fast = fm.eigenvector(G, fast_above=0)
    assert close(fast, default, 1e-12)
    assert fast["lonely"] > 0.0 and math.isclose(math.hypot(*fast.values()), 1.0)


def test_eigenvector_gives_up_where_networkx_does():
    # along a directed path the iteration drains towards the sink and does not settle in
    # 1000 steps: networkx raises, and so does the fast path, with networkx's exception
    G = nx.path_graph(2000, create_using=nx.DiGraph)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(G, max_iter=1000)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        fm.eigenvector(G, fast_above=0)


@pytest.mark.parametrize("distance", [None, "weight"])
def test_closeness_matches_networkx(G, distance):
    reference = nx.closeness_centrality(G, distance=distance)
    assert close(fm.closeness(G, distance=distance, fast_above=0), reference, 1e-12)
    some = sorted(G, key=str)[::7]
    assert close(fm.closeness(G, some, distance=distance, fast_above=0),
                 {n: reference[n] for n in some}, 1e-12)  # fmt: skip


@pytest.mark.parametrize("distance", [None, "weight"])
def test_harmonic_matches_networkx(G, distance):
    reference = nx.harmonic_centrality(G, distance=distance)
    assert close(fm.harmonic(G, distance=distance, fast_above=0), reference, 1e-9)
    some = sorted(G, key=str)[::7]
    assert close(fm.harmonic(G, some, distance=distance, fast_above=0),
                 nx.harmonic_centrality(G, nbunch=some, distance=distance), 1e-9)  # fmt: skip


def test_communities_find_planted_ones_as_networkx_does():
    G = nx.ring_of_cliques(8, 5)
    fast = fm.communities(G, weight=None, seed=1, fast_above=0)
    assert sorted(map(sorted, fast)) == sorted(map(sorted, nx.community.louvain_communities(G)))


@pytest.mark.parametrize("name", ["karate", "random", "scale-free", "disconnected"])
def test_communities_are_seeded_partitions_as_good_as_networkxs(name):
    G = GRAPHS[name]()
    for seed in (1, 2):
        fast = fm.communities(G, seed=seed, fast_above=0)
        assert fast == fm.communities(G, seed=seed, fast_above=0)
        assert nx.community.is_partition(G, fast)
        ours = nx.community.modularity(G, fast, weight="weight")
        theirs = nx.community.modularity(
            G, nx.community.louvain_communities(G, seed=seed), weight="weight"
        )
        assert ours > 0.9 * theirs


def test_communities_leave_the_global_random_state_alone():
    random.seed(5)
    expected = random.random()
    random.seed(5)
    fm.communities(GRAPHS["karate"](), seed=9, fast_above=0)
    assert random.random() == expected


def test_small_graphs_are_left_to_networkx():
    G = GRAPHS["karate"]()
    assert fm.pagerank(G) == nx.pagerank(G)
    assert fm.betweenness(G, k=10, seed=3) == nx.betweenness_centrality(G, k=10, seed=3)
    assert fm.eigenvector(G) == nx.eigenvector_centrality(G, max_iter=1000)
    assert fm.closeness(G) == nx.closeness_centrality(G)
    assert fm.communities(G, seed=3) == nx.community.louvain_communities(G, seed=3)


def test_one_conversion_serves_several_metrics():
    G = GRAPHS["random"]()
    view = fm.convert(G)
    assert close(fm.pagerank(view, weight=None), nx.pagerank(G, weight=None), 1e-12)
    assert close(fm.pagerank(view, weight="weight"), nx.pagerank(G), 1e-12)  # weights on demand
    assert close(fm.betweenness(view, k=30, seed=1), nx.betweenness_centrality(G, k=30, seed=1))
    assert close(fm.closeness(view), nx.closeness_centrality(G), 1e-12)


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_conversion_keeps_every_edge_and_weight(name):
    G = GRAPHS[name]()
    view = fm.convert(G, ("weight", "missing"))
    assert view.graph.vcount() == len(G) and view.graph.is_directed() == G.is_directed()

    def pair(u, v):
        return (u, v) if G.is_directed() else frozenset((u, v))

    edges = zip(view.graph.get_edgelist(), view.weights["weight"], strict=True)
    got = Counter((pair(view.nodes[s], view.nodes[t]), w) for (s, t), w in edges)
    assert got == Counter((pair(u, v), w) for u, v, w in G.edges(data="weight"))
    assert view.weights["missing"] == [1.0] * G.number_of_edges()  # networkx's default


@pytest.mark.parametrize("directed", [False, True])
def test_the_graphblas_matrix_is_networkxs_adjacency(directed):
    G = _weighted(nx.gnm_random_graph(60, 150, seed=8, directed=directed))
    G.add_edge(3, 3, weight=7)  # a self-loop: one entry, as networkx's matrix has it
    G.add_node("isolated")
    view = fm.convert(G)
    for weight in (None, "weight"):
        A = view.graphblas(weight)._A
        rows, cols, values = A.to_coo()
        got = {
            (view.nodes[i], view.nodes[j]): v for i, j, v in zip(rows, cols, values, strict=True)
        }
        M = nx.to_scipy_sparse_array(G, nodelist=view.nodes, weight=weight).tocoo()
        want = {
            (view.nodes[i], view.nodes[j]): v for i, j, v in zip(M.row, M.col, M.data, strict=True)
        }
        assert got == want and len(got) == (2 - directed) * G.number_of_edges() - (not directed)


def test_subgraph_views_convert_too():
    G = GRAPHS["random"]()
    S = G.subgraph(range(0, 300, 2))
    assert close(fm.pagerank(S, fast_above=0), nx.pagerank(S), 1e-12)


def test_multigraphs_are_left_to_networkx():
    G = nx.MultiGraph([(0, 1), (0, 1), (1, 2)])
    assert fm.pagerank(G, fast_above=0) == nx.pagerank(G)
    with pytest.raises(TypeError, match="collapse a multigraph"):
        fm.convert(G)


def test_nodes_keep_their_names():
    G = nx.relabel_nodes(GRAPHS["karate"](), {n: f"实体{n}" for n in range(34)})
    assert set(fm.pagerank(G, fast_above=0)) == set(G)
