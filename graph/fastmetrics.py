"""Centrality and communities of a networkx graph, computed by igraph when the graph is big.

networkx stays the model: every function takes a networkx ``Graph`` or ``DiGraph`` and
returns what the networkx function it names returns, with networkx's definition,
normalisation and sampling.  Up to ``fast_above`` nodes it simply calls networkx; above, it
converts the graph to igraph (C) and computes there:

* ``pagerank``    — igraph's PRPACK solves the same linear system exactly (networkx iterates
  to a tolerance of about 1e-5); dangling nodes spread uniformly, as in networkx.
* ``betweenness`` — igraph accumulates the same Brandes dependencies from the same sources:
  all nodes, or the ``k`` that ``random.Random(seed).sample(list(G), k)`` picks, which is
  what networkx samples; networkx's own rescaling is then applied.  igraph counts two
  paths as equally short when their lengths agree to rounding, networkx only when the
  floating-point sums are identical, so with fractional lengths (1/weight) igraph's answer
  is networkx's on the exact lengths.
* ``eigenvector`` — igraph's ARPACK leading eigenvector of the in-edge adjacency, normalised
  to unit Euclidean length as networkx does.  On a graph that is not (strongly) connected
  networkx's power iteration stops while the smaller parts still hold values near zero,
  which igraph sets to zero; on an acyclic directed graph igraph returns what that
  iteration tends to (only sinks non-zero).
* ``closeness`` and ``harmonic`` — distances *to* the node (networkx reverses a directed
  graph), closeness over the reachable nodes with Wasserman and Faust's correction.
* ``communities`` — Louvain: igraph's multilevel algorithm (Blondel et al.) with igraph's
  random generator seeded, so a seed gives one partition; it is *not* the partition
  networkx's ``louvain_communities`` draws for that seed (they visit nodes in another
  order), but one of the same kind and modularity.

Results agree with networkx to 1e-6 (tests/test_fastmetrics.py).  A report computing several
metrics converts once: pass the ``IGraphView`` from ``to_igraph`` instead of the graph.
Multigraphs are left to networkx.
"""

from __future__ import annotations

import contextlib
import functools
import random
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

#: Above this many nodes the metrics run on igraph (below, networkx is fast enough).
FAST_ABOVE = 1000
#: Sampled betweenness sources per igraph call when a progress bar is shown.
_CHUNK = 16


@dataclass
class IGraphView:
    """A networkx graph converted to igraph (vertex ``i`` is ``nodes[i]``), with edge weights."""

    graph: Any  #: the igraph.Graph
    nodes: list
    weights: dict[str, list[float]]  #: attribute → value per igraph edge (missing ones count 1)
    source: Any  #: the networkx graph
    edges: Any = None  #: which adjacency entries of ``source`` are the igraph edges (numpy mask)
    position: dict | None = None  #: node → vertex id, built on first use

    def values(self, vector) -> dict:
        """``{node: value}`` of a vector indexed like the igraph vertices."""
        return dict(zip(self.nodes, map(float, vector), strict=True))

    def index(self, nodes) -> list[int]:
        """igraph vertex ids of networkx nodes."""
        if self.position is None:
            self.position = {n: i for i, n in enumerate(self.nodes)}
        return [self.position[n] for n in nodes]

    def weight(self, name: str | None) -> list[float] | None:
        """The weights of attribute ``name`` (read from the networkx graph on first use)."""
        if name is None:
            return None
        if name not in self.weights:
            self.weights[name] = _attribute(self.source, name, self.edges)
        return self.weights[name]


def _adjacency(G):
    """``G``'s adjacency, {node: {neighbour: edge data}}: networkx's own dicts if it has them.

    They are about 1.5× faster to walk than the public views that wrap them; a subgraph
    view has no such dicts and is walked through its view.
    """
    return G._adj if type(G._adj) is dict else G.adj


def _half(G):
    """(nodes, source id, target id, edge mask) of every adjacency entry of ``G``.

    An undirected edge has two entries; the mask keeps one (source ≤ target).
    """
    from itertools import chain

    import numpy as np

    adj = _adjacency(G)
    nodes = list(adj)
    position = {n: i for i, n in enumerate(nodes)}
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(nodes))
    entries = int(degree.sum())
    # one dict lookup per adjacency entry, in C (map); the edges view would loop in Python
    targets = np.fromiter(
        map(position.__getitem__, chain.from_iterable(adj.values())), dtype=np.int64, count=entries
    )
    sources = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    keep = sources <= targets if not G.is_directed() else np.ones(entries, dtype=bool)
    return nodes, sources, targets, keep


def _attribute(G, name: str, keep) -> list[float]:
    """Edge attribute ``name`` of the adjacency entries ``keep`` (1 where missing, as networkx)."""
    from itertools import chain, repeat

    import numpy as np

    data = chain.from_iterable(nbrs.values() for nbrs in _adjacency(G).values())
    values = np.fromiter(map(dict.get, data, repeat(name), repeat(1)), dtype=float, count=len(keep))
    return values[keep].tolist()


def to_igraph(G, weights: tuple[str, ...] = ()) -> IGraphView:
    """Convert ``G`` (a Graph or DiGraph) to igraph, with the edge attributes ``weights``.

    One pass over the adjacency with the node → index lookups done by ``map``: about 0.25 s
    for 300,000 edges.  Each weight attribute costs another such pass.
    """
    import igraph as ig
    import numpy as np

    if G.is_multigraph():
        raise TypeError("to_igraph takes a Graph or DiGraph; collapse a multigraph first")
    nodes, sources, targets, keep = _half(G)
    graph = ig.Graph(n=len(nodes), directed=G.is_directed())
    graph.add_edges(np.column_stack([sources[keep], targets[keep]]))
    view = IGraphView(graph, nodes, {}, G, keep)
    for name in weights:
        view.weight(name)
    return view


def _view(G, fast_above: int) -> IGraphView | None:
    """The igraph view to compute on, or None when networkx should do it."""
    if isinstance(G, IGraphView):
        return G
    if len(G) <= fast_above or G.is_multigraph():
        return None
    return to_igraph(G)


def _nx(G):
    return G.source if isinstance(G, IGraphView) else G


@functools.cache
def _openmp():
    """The OpenMP runtime loaded with igraph (ctypes library), or None where none is found."""
    import ctypes
    from pathlib import Path

    import igraph  # noqa: F401  loads the runtime it links

    maps = Path("/proc/self/maps")  # Linux: the libraries this process has loaded
    if not maps.exists():
        return None
    paths = {line.split()[-1] for line in maps.read_text().splitlines()}
    runtimes = sorted(
        (p for p in paths if "libgomp" in p or "libomp" in p),
        key=lambda p: "igraph" not in p,  # the one bundled with igraph's wheel first
    )
    for path in runtimes:
        lib = ctypes.CDLL(path)
        if hasattr(lib, "omp_set_num_threads") and hasattr(lib, "omp_get_max_threads"):
            return lib
    return None


@contextmanager
def _one_thread():
    """Run igraph's OpenMP code (PRPACK) on one thread.

    With two cores shared by other work its threads wait on each other: a 10,000-node
    PageRank took up to 1 s on two threads, against 15 ms on one.
    """
    lib = _openmp()
    if lib is None:
        yield
        return
    before = lib.omp_get_max_threads()
    lib.omp_set_num_threads(1)
    try:
        yield
    finally:
        lib.omp_set_num_threads(before)


def pagerank(
    G, alpha: float = 0.85, weight: str | None = "weight", *, fast_above: int = FAST_ABOVE
) -> dict:
    """PageRank as ``networkx.pagerank(G, alpha, weight=weight)`` (uniform teleport, dangling)."""
    import networkx as nx

    view = _view(G, fast_above)
    if view is None:
        return nx.pagerank(_nx(G), alpha=alpha, weight=weight)
    if not view.nodes:
        return {}
    with _one_thread():
        values = view.graph.pagerank(
            directed=view.graph.is_directed(),
            damping=alpha,
            weights=view.weight(weight),
            implementation="prpack",  # exact; ARPACK is 3–5× slower
        )
    return view.values(values)


def _rescale(raw: dict, n: int, directed: bool, normalized: bool, endpoints: bool, sampled) -> dict:
    """networkx's own rescaling of accumulated (ordered-pair) dependencies."""
    import inspect

    from networkx.algorithms.centrality import betweenness as nxb

    params = inspect.signature(nxb._rescale).parameters
    if "sampled_nodes" in params:  # networkx ≥ 3.5
        return nxb._rescale(
            raw, n, normalized=normalized, directed=directed, endpoints=endpoints,
            sampled_nodes=sampled,
        )  # fmt: skip
    k = None if sampled is None else len(sampled)
    return nxb._rescale(raw, n, normalized=normalized, directed=directed, k=k, endpoints=endpoints)


def betweenness(
    G,
    k: int | None = None,
    normalized: bool = True,
    weight: str | None = None,
    endpoints: bool = False,
    seed: int | None = None,
    *,
    fast_above: int = FAST_ABOVE,
    progress: Any = None,
) -> dict:
    """Betweenness as ``networkx.betweenness_centrality`` with the same arguments.

    With ``k`` the same ``k`` sources are sampled as networkx would (``seed`` an int or None);
    ``weight`` is an edge length, as in networkx.  ``progress`` (rich's ``Progress.track``
    signature) follows sampled sources in chunks.
    """
    import networkx as nx
    import numpy as np

    view = _view(G, fast_above)
    if view is None or endpoints:
        return nx.betweenness_centrality(
            _nx(G), k=k, normalized=normalized, weight=weight, endpoints=endpoints, seed=seed
        )
    nodes, graph = view.nodes, view.graph
    if k == len(nodes):
        k = None
    sampled = None if k is None else random.Random(seed).sample(list(nodes), k)
    w = view.weight(weight)
    if sampled is None:
        raw = np.asarray(graph.betweenness(directed=graph.is_directed(), weights=w))
    else:
        sources = view.index(sampled)
        chunks = [sources]
        if progress is not None:  # in chunks, to show how far it got
            chunks = [sources[i : i + _CHUNK] for i in range(0, len(sources), _CHUNK)]
            chunks = progress.track(chunks, description=f"betweenness ({k:,} sources)")
        raw = np.zeros(len(nodes))
        for chunk in chunks:  # dependencies add up over sources
            raw += graph.betweenness(directed=graph.is_directed(), weights=w, sources=chunk)
    if not graph.is_directed():
        raw *= 2.0  # igraph counts an undirected pair once; networkx's rescaling expects both
    accumulated = dict(zip(nodes, raw.tolist(), strict=True))
    return _rescale(accumulated, len(nodes), graph.is_directed(), normalized, endpoints, sampled)


@contextlib.contextmanager
def _seeded(seed):
    """igraph's random generator seeded for the block (then igraph's default again)."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)  # igraph's default


#: ARPACK start vectors tried, in order, for eigenvector centrality (see ``eigenvector``).
ARPACK_SEEDS = (0, 1, 2, 3, 4)


def eigenvector(G, weight: str | None = None, *, fast_above: int = FAST_ABOVE) -> dict:
    """Eigenvector centrality as ``networkx.eigenvector_centrality`` (in-edges, unit L2 norm).

    Below ``fast_above`` nodes networkx runs with ``max_iter=1000`` and may raise
    ``PowerIterationFailedConvergence``; see the module docstring for graphs that are not
    connected.
    """
    import igraph as ig
    import networkx as nx
    import numpy as np

    view = _view(G, fast_above)
    if view is None:
        return nx.eigenvector_centrality(_nx(G), weight=weight, max_iter=1000)
    if not view.nodes:
        raise nx.NetworkXPointlessConcept("cannot compute centrality for the null graph")
    if view.graph.ecount() == 0:
        return dict.fromkeys(view.nodes, 1.0 / np.sqrt(len(view.nodes)))
    # ARPACK starts from a random vector (igraph's generator): seeded, the answer does not
    # depend on what else drew random numbers; on some directed graphs a start vector fails
    # (a LAPACK error, ≈ 5% of random starts on the seed graph), so the next seed is tried.
    for attempt, seed in enumerate(ARPACK_SEEDS, 1):
        try:
            with warnings.catch_warnings(), _seeded(seed):  # igraph warns on graphs that are not (strongly) connected
                warnings.simplefilter("ignore", RuntimeWarning)
                # directed=True also for undirected graphs: igraph 1.0 rejects directed=False there
                found = view.graph.eigenvector_centrality(directed=True, weights=view.weight(weight))
            break
        except ig.InternalError:
            if attempt == len(ARPACK_SEEDS):
                raise
    x = np.abs(np.asarray(found, dtype=float))
    return view.values(x / (np.linalg.norm(x) or 1.0))


def _reachable(view: IGraphView, vertices: list[int]) -> list[int]:
    """How many vertices reach each of ``vertices`` (itself included)."""
    graph = view.graph
    if not graph.is_directed():
        parts = graph.connected_components()
        sizes = parts.sizes()
        return [sizes[parts.membership[v]] for v in vertices]
    return graph.neighborhood_size(vertices, order=max(len(view.nodes), 1), mode="in")


def closeness(
    G, nodes: list | None = None, distance: str | None = None, *, fast_above: int = FAST_ABOVE
) -> dict:
    """``{node: networkx.closeness_centrality(G, node, distance)}`` for ``nodes`` (default all).

    Wasserman–Faust: (r − 1) / (sum of distances to the node) · (r − 1) / (n − 1), where r
    counts the nodes that reach it; 0 when none does.
    """
    import networkx as nx

    view = _view(G, fast_above)
    wanted = list(_nx(G)) if nodes is None else list(nodes)
    if view is None:
        H = _nx(G)
        if nodes is None:
            return nx.closeness_centrality(H, distance=distance)
        return {u: nx.closeness_centrality(H, u, distance=distance) for u in wanted}
    vertices = view.index(wanted)
    n = len(view.nodes)
    inverse_total = view.graph.closeness(  # 1 / sum of distances over the reachable nodes
        vertices, mode="in", weights=view.weight(distance), normalized=False
    )
    result = {}
    for node, inverse, r in zip(wanted, inverse_total, _reachable(view, vertices), strict=True):
        reached = r - 1.0
        result[node] = inverse * reached * reached / (n - 1) if reached > 0 and n > 1 else 0.0
    return result


def harmonic(
    G, nodes: list | None = None, distance: str | None = None, *, fast_above: int = FAST_ABOVE
) -> dict:
    """``networkx.harmonic_centrality(G, nodes, distance)``: the sum of 1 / distance to a node."""
    import networkx as nx

    view = _view(G, fast_above)
    if view is None:
        return nx.harmonic_centrality(_nx(G), nbunch=nodes, distance=distance)
    wanted = list(view.nodes) if nodes is None else list(nodes)
    values = view.graph.harmonic_centrality(
        view.index(wanted), mode="in", weights=view.weight(distance), normalized=False
    )
    return dict(zip(wanted, map(float, values), strict=True))


def communities(
    G,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 42,
    *,
    fast_above: int = FAST_ABOVE,
) -> list[set]:
    """Louvain communities, as ``networkx.community.louvain_communities``.

    Above ``fast_above`` nodes igraph's multilevel algorithm finds those of an undirected
    graph, seeded (see the module docstring): same seed, same communities.
    """
    import networkx as nx

    view = _view(G, fast_above)
    if view is None or view.graph.is_directed():
        return nx.community.louvain_communities(
            _nx(G), weight=weight, resolution=resolution, seed=seed
        )
    with _seeded(seed):
        found = view.graph.community_multilevel(weights=view.weight(weight), resolution=resolution)
    return [{view.nodes[v] for v in members} for members in found]
