"""Centrality and communities of a networkx graph, computed in C when the graph is big.

networkx stays the model: every function takes a networkx ``Graph`` or ``DiGraph`` and
returns what the networkx function it names returns, with networkx's definition,
normalisation and sampling.  Up to ``fast_above`` nodes it simply calls networkx; above, it
converts the graph once (``convert``) to igraph and to a GraphBLAS adjacency matrix and
computes there:

* ``pagerank`` and ``eigenvector`` — graphblas-algorithms, the GraphBLAS networkx backend:
  networkx's own power iterations (start vector, dangling nodes, the (A + I) shift of
  eigenvector centrality, tolerance, ``max_iter``, ``PowerIterationFailedConvergence``) as
  sparse matrix products in SuiteSparse:GraphBLAS, so the answers are networkx's to rounding,
  also on graphs that are not connected.
* ``betweenness`` — igraph accumulates the same Brandes dependencies from the same sources:
  all nodes, or the ``k`` that ``random.Random(seed).sample(list(G), k)`` picks, which is
  what networkx samples; networkx's own rescaling is then applied.  igraph counts two
  paths as equally short when their lengths agree to rounding, networkx only when the
  floating-point sums are identical, so with fractional lengths (1/weight) igraph's answer
  is networkx's on the exact lengths.
* ``closeness`` and ``harmonic`` — igraph; distances *to* the node (networkx reverses a
  directed graph), closeness over the reachable nodes with Wasserman and Faust's correction.
* ``communities`` — Louvain: igraph's multilevel algorithm (Blondel et al.) with igraph's
  random generator seeded, so a seed gives one partition; it is *not* the partition
  networkx's ``louvain_communities`` draws for that seed (they visit nodes in another
  order), but one of the same kind and modularity.

Results agree with networkx to 1e-6 (tests/test_fastmetrics.py).  A report computing several
metrics converts once: pass the ``FastView`` from ``convert`` instead of the graph.
Multigraphs are left to networkx.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from typing import Any

#: Above this many nodes the metrics run in C (below, networkx is fast enough).
FAST_ABOVE = 1000
#: Sampled betweenness sources per igraph call when a progress bar is shown.
_CHUNK = 16


@dataclass
class FastView:
    """A networkx graph converted once: to igraph (vertex ``i`` is ``nodes[i]``) and to the
    compressed rows of its adjacency (row ``i`` lists ``nodes[i]``'s neighbours), which a
    GraphBLAS matrix imports as they are."""

    graph: Any  #: the igraph.Graph
    nodes: list
    source: Any  #: the networkx graph
    indptr: Any  #: numpy: row ``i``'s entries are ``targets[indptr[i]:indptr[i + 1]]``
    targets: Any  #: numpy: every adjacency entry's target vertex, row by row
    edges: Any  #: which adjacency entries are the igraph edges (numpy mask)
    weights: dict[str, list[float]] = field(default_factory=dict)  #: attribute → per igraph edge
    position: dict | None = None  #: node → vertex id, built on first use
    _entries: dict = field(default_factory=dict)  #: attribute → value per adjacency entry

    def values(self, vector) -> dict:
        """``{node: value}`` of a vector indexed like the vertices."""
        return dict(zip(self.nodes, map(float, vector), strict=True))

    def index(self, nodes) -> list[int]:
        """igraph vertex ids of networkx nodes."""
        if self.position is None:
            self.position = {n: i for i, n in enumerate(self.nodes)}
        return [self.position[n] for n in nodes]

    def _entry_values(self, name: str):
        if name not in self._entries:
            self._entries[name] = _attribute(self.source, name, len(self.targets))
        return self._entries[name]

    def weight(self, name: str | None) -> list[float] | None:
        """The igraph edges' weights of attribute ``name`` (missing ones count 1)."""
        if name is None:
            return None
        if name not in self.weights:
            self.weights[name] = self._entry_values(name)[self.edges].tolist()
        return self.weights[name]

    def graphblas(self, weight: str | None):
        """A graphblas-algorithms graph of the adjacency matrix, ``A[i, j]`` the ``weight`` of
        edge ``i → j`` (both directions of an undirected edge; 1 without ``weight``), as
        networkx's ``to_scipy_sparse_array`` makes it.

        Made afresh for each metric (importing the rows takes under a millisecond per 100,000
        entries), so no metric's timing hides in another's; graphblas-algorithms caches the
        degrees it derives on the graph object.
        """
        import graphblas as gb
        import graphblas_algorithms as ga
        import numpy as np

        n = len(self.nodes)
        values = np.ones(1) if weight is None else self._entry_values(weight)
        common = {"nrows": n, "ncols": n, "indptr": self.indptr, "values": values}
        if self.graph.is_directed():
            matrix = gb.Matrix.ss.import_csr(
                **common, col_indices=self.targets, is_iso=weight is None, sorted_cols=False
            )
            return ga.DiGraph(matrix)
        # symmetric: the rows read as columns are the same matrix, stored by column, where
        # the iterations' x @ A is a dot product per column (2× faster at 150,000 nodes)
        matrix = gb.Matrix.ss.import_csc(
            **common, row_indices=self.targets, is_iso=weight is None, sorted_rows=False
        )
        return ga.Graph(matrix)


def _adjacency(G):
    """``G``'s adjacency, {node: {neighbour: edge data}}: networkx's own dicts if it has them.

    They are about 1.5× faster to walk than the public views that wrap them; a subgraph
    view has no such dicts and is walked through its view.
    """
    return G._adj if type(G._adj) is dict else G.adj


def _rows(G):
    """(nodes, indptr, sources, targets, edge mask): ``G``'s adjacency entries, row by row.

    An undirected edge has two entries; the mask keeps one (source ≤ target).
    """
    from itertools import chain

    import numpy as np

    adj = _adjacency(G)
    nodes = list(adj)
    position = {n: i for i, n in enumerate(nodes)}
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(nodes))
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    # one dict lookup per adjacency entry, in C (map); the edges view would loop in Python
    targets = np.fromiter(
        map(position.__getitem__, chain.from_iterable(adj.values())),
        dtype=np.int64, count=int(indptr[-1]),
    )  # fmt: skip
    sources = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    keep = sources <= targets if not G.is_directed() else np.ones(len(targets), dtype=bool)
    return nodes, indptr, sources, targets, keep


def _attribute(G, name: str, entries: int):
    """Edge attribute ``name`` of every adjacency entry (1 where missing, as networkx)."""
    from itertools import chain, repeat

    import numpy as np

    data = chain.from_iterable(nbrs.values() for nbrs in _adjacency(G).values())
    return np.fromiter(map(dict.get, data, repeat(name), repeat(1)), dtype=float, count=entries)


def convert(G, weights: tuple[str, ...] = ()) -> FastView:
    """Convert ``G`` (a Graph or DiGraph) once for igraph and GraphBLAS, with the edge
    attributes ``weights``.

    One pass over the adjacency with the node → index lookups done by ``map``: about 0.25 s
    for 300,000 edges.  Each weight attribute costs another such pass.
    """
    import igraph as ig
    import numpy as np

    if G.is_multigraph():
        raise TypeError("convert takes a Graph or DiGraph; collapse a multigraph first")
    nodes, indptr, sources, targets, keep = _rows(G)
    graph = ig.Graph(n=len(nodes), directed=G.is_directed())
    graph.add_edges(np.column_stack([sources[keep], targets[keep]]))
    view = FastView(graph, nodes, G, indptr, targets, keep)
    for name in weights:
        view.weight(name)
    return view


def _view(G, fast_above: int) -> FastView | None:
    """The converted graph to compute on, or None when networkx should do it."""
    if isinstance(G, FastView):
        return G
    if len(G) <= fast_above or G.is_multigraph():
        return None
    return convert(G)


def _nx(G):
    return G.source if isinstance(G, FastView) else G


@contextlib.contextmanager
def _as_networkx():
    """graphblas-algorithms' errors raised as the networkx ones they stand for."""
    import networkx as nx
    from graphblas_algorithms.algorithms.exceptions import ConvergenceFailure

    try:
        yield
    except ConvergenceFailure as exc:
        raise nx.PowerIterationFailedConvergence(*exc.args) from exc


def pagerank(
    G, alpha: float = 0.85, weight: str | None = "weight", *, fast_above: int = FAST_ABOVE
) -> dict:
    """PageRank as ``networkx.pagerank(G, alpha, weight=weight)`` (uniform teleport, dangling
    nodes spread uniformly, networkx's tolerance and ``max_iter``)."""
    import networkx as nx

    view = _view(G, fast_above)
    if view is None:
        return nx.pagerank(_nx(G), alpha=alpha, weight=weight)
    if not view.nodes:
        return {}
    if view.graph.ecount() == 0:  # graphblas-algorithms returns no values here; networkx 1/n
        return dict.fromkeys(view.nodes, 1.0 / len(view.nodes))
    from graphblas_algorithms import algorithms

    graph = view.graphblas(weight)
    # a node whose out-weights sum to 0 is dangling to networkx; graphblas-algorithms would
    # divide by that 0 (and never converge), so its row degrees go in without the zeros
    row_degrees = graph.get_property("plus_rowwise+").select("!=", 0).new()
    with _as_networkx():
        values = algorithms.pagerank(graph, alpha=alpha, row_degrees=row_degrees)
    return view.values(values.to_dense(fill_value=0.0).tolist())


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


def eigenvector(G, weight: str | None = None, *, fast_above: int = FAST_ABOVE) -> dict:
    """Eigenvector centrality as ``networkx.eigenvector_centrality`` (in-edges, unit L2 norm).

    The power iteration runs up to ``max_iter=1000`` times at every size and raises networkx's
    ``PowerIterationFailedConvergence`` when that is not enough (directed graphs often).
    """
    import networkx as nx

    view = _view(G, fast_above)
    if view is None:
        return nx.eigenvector_centrality(_nx(G), weight=weight, max_iter=1000)
    if not view.nodes:
        raise nx.NetworkXPointlessConcept("cannot compute centrality for the null graph")
    from graphblas_algorithms import algorithms

    with _as_networkx():
        values = algorithms.eigenvector_centrality(view.graphblas(weight), max_iter=1000)
    return view.values(values.to_dense(fill_value=0.0).tolist())


def _reachable(view: FastView, vertices: list[int]) -> list[int]:
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
        # on integer nodes: Louvain keeps communities in sets, and a set of strings iterates
        # in an order that changes with PYTHONHASHSEED (and so would the communities)
        H = _nx(G)
        nodes = list(H)
        numbered = nx.relabel_nodes(H, {n: i for i, n in enumerate(nodes)}, copy=True)
        found = nx.community.louvain_communities(
            numbered, weight=weight, resolution=resolution, seed=seed
        )
        return [{nodes[i] for i in members} for members in found]
    with _seeded(seed):
        found = view.graph.community_multilevel(weights=view.weight(weight), resolution=resolution)
    return [{view.nodes[v] for v in members} for members in found]
