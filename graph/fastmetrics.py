"""PageRank, betweenness and eigenvector centrality of a networkx graph, fast on big graphs.

networkx stays the model: every function takes a networkx graph and returns ``{node: value}``
with networkx's definition, normalisation and sampling.  Up to ``fast_above`` nodes it
simply calls networkx; above, it converts the graph to igraph (C) once and computes there:

* ``pagerank``    — igraph's PRPACK solves the same linear system exactly (networkx iterates
  to a tolerance), dangling nodes spread uniformly as in networkx.
* ``betweenness`` — igraph accumulates the same Brandes dependencies from the same sources:
  all nodes, or the ``k`` that ``random.Random(seed).sample(list(G), k)`` picks, which is
  what networkx samples; networkx's own rescaling is then applied.
* ``eigenvector`` — igraph's ARPACK leading eigenvector of the in-edge adjacency,
  normalised to unit Euclidean length as networkx does.

Results agree with networkx to 1e-6 on connected graphs (tests/test_fastmetrics.py).  Pass
an ``IGraphView`` from ``to_igraph`` instead of the graph to convert once for several metrics.
Without python-igraph installed everything falls back to networkx.
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass
from typing import Any

#: Above this many nodes the metrics run on igraph (below, networkx is fast enough).
FAST_ABOVE = 1000


@dataclass
class IGraphView:
    """A networkx graph converted to igraph: the igraph Graph, its node order and edge weights."""

    graph: Any
    nodes: list
    weights: dict[str, list[float]]
    source: Any

    def values(self, vector) -> dict:
        return dict(zip(self.nodes, (float(v) for v in vector), strict=True))


def igraph_available() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def to_igraph(G, weights: tuple[str, ...] = ()) -> IGraphView:
    """Convert ``G`` (Graph or DiGraph; parallel edges of a multigraph stay parallel) to igraph.

    ``weights`` names the edge attributes to carry over (missing ones count as 1, as in networkx).
    """
    import igraph as ig

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]  # without data: twice as fast
    carried = {w: [float(x) for _u, _v, x in G.edges(data=w, default=1)] for w in weights}
    graph = ig.Graph(n=len(nodes), edges=edges, directed=G.is_directed())
    return IGraphView(graph, nodes, carried, G)


def _view(G, weight: str | None, fast_above: int) -> IGraphView | None:
    """The igraph view to compute on, or None when networkx should do it."""
    if isinstance(G, IGraphView):
        if weight is not None and weight not in G.weights:
            G.weights[weight] = [float(x) for _u, _v, x in G.source.edges(data=weight, default=1)]
        return G
    if len(G) <= fast_above or not igraph_available():
        return None
    return to_igraph(G, (weight,) if weight else ())


def _nx(G):
    return G.source if isinstance(G, IGraphView) else G


def pagerank(
    G, alpha: float = 0.85, weight: str | None = "weight", *, fast_above: int = FAST_ABOVE
) -> dict:
    """PageRank as ``networkx.pagerank(G, alpha, weight=weight)`` (uniform teleport, dangling)."""
    import networkx as nx

    view = _view(G, weight, fast_above)
    if view is None:
        return nx.pagerank(_nx(G), alpha=alpha, weight=weight)
    if len(view.nodes) == 0:
        return {}
    w = view.weights[weight] if weight else None
    values = view.graph.pagerank(directed=True, damping=alpha, weights=w, implementation="prpack")
    return view.values(values)


def _rescale(raw: dict, n: int, directed: bool, normalized: bool, endpoints: bool, sampled) -> dict:
    """networkx's own rescaling of accumulated (ordered-pair) dependencies."""
    import inspect

    from networkx.algorithms.centrality import betweenness as nxb

    params = inspect.signature(nxb._rescale).parameters
    if "sampled_nodes" in params:  # networkx ≥ 3.5
        return nxb._rescale(
            raw,
            n,
            normalized=normalized,
            directed=directed,
            endpoints=endpoints,
            sampled_nodes=sampled,
        )
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
) -> dict:
    """Betweenness as ``networkx.betweenness_centrality`` with the same arguments.

    With ``k`` the same ``k`` sources are sampled as networkx would (``seed`` an int or None);
    ``weight`` is an edge length, as in networkx.
    """
    import networkx as nx

    view = _view(G, weight, fast_above)
    if view is None or endpoints:
        return nx.betweenness_centrality(
            _nx(G), k=k, normalized=normalized, weight=weight, endpoints=endpoints, seed=seed
        )
    nodes, directed = view.nodes, view.graph.is_directed()
    if k == len(nodes):
        k = None
    sampled = None if k is None else random.Random(seed).sample(list(nodes), k)
    w = view.weights[weight] if weight else None
    if sampled is None:
        raw = view.graph.betweenness(directed=directed, weights=w)
    else:
        index = {n: i for i, n in enumerate(nodes)}
        raw = view.graph.betweenness(
            directed=directed, weights=w, sources=[index[s] for s in sampled]
        )
    factor = (
        1.0 if directed else 2.0
    )  # igraph halves undirected sums; networkx rescales ordered pairs itself
    accumulated = {n: factor * float(v) for n, v in zip(nodes, raw, strict=True)}
    return _rescale(accumulated, len(nodes), directed, normalized, endpoints, sampled)


def eigenvector(G, weight: str | None = None, *, fast_above: int = FAST_ABOVE) -> dict:
    """Eigenvector centrality as ``networkx.eigenvector_centrality`` (in-edges, unit L2 norm).

    On a disconnected graph networkx's power iteration stops before the smaller components
    reach zero, while igraph returns the exact eigenvector: values there may differ.
    """
    import networkx as nx
    import numpy as np

    view = _view(G, weight, fast_above)
    if view is None:
        return nx.eigenvector_centrality(_nx(G), weight=weight, max_iter=1000)
    if len(view.nodes) == 0:
        raise nx.NetworkXPointlessConcept("cannot compute centrality for the null graph")
    if view.graph.ecount() == 0:
        return dict.fromkeys(view.nodes, 1.0 / np.sqrt(len(view.nodes)))
    w = view.weights[weight] if weight else None
    with warnings.catch_warnings():  # igraph warns on graphs that are not (strongly) connected
        warnings.simplefilter("ignore", RuntimeWarning)
        x = np.abs(
            np.asarray(view.graph.eigenvector_centrality(directed=True, weights=w), dtype=float)
        )
    return view.values(x / (np.linalg.norm(x) or 1.0))
