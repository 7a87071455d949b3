"""Path metrics for large graphs: networkx's formulas, run as vectorised sparse-matrix code.

networkx walks a graph one Python object at a time; on a million nodes a single
breadth-first search takes seconds.  These functions compute the same numbers — Brandes
betweenness (from sampled sources, with networkx's sampling and rescaling), closeness
(Wasserman–Faust improved) and harmonic centrality — on a CSR matrix with numpy and
``scipy.sparse.csgraph``, so that a search costs milliseconds.  Tests check them against
networkx on small graphs.
"""

from __future__ import annotations

import math
import random
import weakref

#: CSR matrices already built, per graph and weight attribute
_CSR: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def to_csr(H, weight: str | None = None):
    """(node list, CSR adjacency) of a networkx graph; entry (i, j) is the edge i → j.

    Built once per graph and weight (an undirected edge gives both entries); the graph
    must not change afterwards.
    """
    import numpy as np
    from scipy.sparse import csr_array

    built = _CSR.setdefault(H, {})
    if weight not in built:
        nodes = list(H)
        position = {x: i for i, x in enumerate(nodes)}
        m = H.number_of_edges()
        rows = np.fromiter((position[u] for u, _v in H.edges()), dtype=np.int64, count=m)
        cols = np.fromiter((position[v] for _u, v in H.edges()), dtype=np.int64, count=m)
        data = (
            np.fromiter(
                (d for _u, _v, d in H.edges(data=weight, default=1.0)), dtype=float, count=m
            )
            if weight
            else np.ones(m)
        )
        if not H.is_directed():
            rows, cols, data = (
                np.concatenate([rows, cols]),
                np.concatenate([cols, rows]),
                np.concatenate([data, data]),
            )
        built[weight] = (nodes, csr_array((data, (rows, cols)), shape=(len(nodes), len(nodes))))
    return built[weight]


def _expand(A, frontier):
    """Every edge (v, w) leaving the frontier nodes, as two index arrays."""
    import numpy as np

    starts, ends = A.indptr[frontier], A.indptr[frontier + 1]
    counts = ends - starts
    total = int(counts.sum())
    if total == 0:
        return frontier[:0], frontier[:0]
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
    positions = np.arange(total) + offsets
    return np.repeat(frontier, counts), A.indices[positions]


def _brandes_source(A, s: int, n: int):
    """Dependencies δ_s(v) of one BFS source (unweighted), level by level."""
    import numpy as np

    sigma = np.zeros(n)
    dist = np.full(n, -1, dtype=np.int64)
    sigma[s], dist[s] = 1.0, 0
    frontier = np.array([s], dtype=A.indices.dtype)
    levels = []  # per level: (v, w) edges on shortest paths into that level
    depth = 0
    while frontier.size:
        v, w = _expand(A, frontier)
        fresh = dist[w] < 0
        v, w = v[fresh], w[fresh]
        if not w.size:
            break
        depth += 1
        np.add.at(sigma, w, sigma[v])
        frontier = np.unique(w)
        dist[frontier] = depth
        levels.append((v, w))
    delta = np.zeros(n)
    for v, w in reversed(levels):
        np.add.at(delta, v, sigma[v] * (1.0 + delta[w]) / sigma[w])
    delta[s] = 0.0
    return delta


def betweenness(H, k: int | None, seed: int, progress=None) -> dict[str, float]:
    """Normalised, unweighted betweenness as ``nx.betweenness_centrality(H, k=k, seed=seed)``.

    Sources are drawn exactly as networkx draws them (``random.Random(seed).sample``), and
    values are rescaled the same way, so the two agree to rounding.
    """
    import numpy as np

    nodes, A = to_csr(H)
    n = len(nodes)
    if k is not None and k >= n:
        k = None
    if k is None:
        sources = list(range(n))
    else:
        position = {x: i for i, x in enumerate(nodes)}
        sources = [position[x] for x in random.Random(seed).sample(nodes, k)]
    total = np.zeros(n)
    iterator = (
        sources
        if progress is None
        else progress.track(sources, description="betweenness (sources)")
    )
    for s in iterator:
        total += _brandes_source(A, s, n)
    N = n - 1  # endpoints excluded
    if N < 2:
        return dict(zip(nodes, total.tolist(), strict=True))
    if k is None:
        total *= 1.0 / (N * (N - 1))
    else:
        source_scale = 1.0 / ((k - 1) * (N - 1)) if k > 1 else math.nan
        scale = np.full(n, 1.0 / (k * (N - 1)))
        scale[sources] = source_scale
        total *= scale
    return dict(zip(nodes, total.tolist(), strict=True))


def closeness_harmonic(H, candidates: list[str], distance: str | None = None, chunk: int = 16):
    """(closeness, harmonic) of the candidate nodes, as networkx computes them.

    Both use distances *to* a node (networkx reverses a directed graph first).
    """
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    nodes, A = to_csr(H, weight=distance)
    M = A.T.tocsr() if H.is_directed() else A
    position = {x: i for i, x in enumerate(nodes)}
    n = len(nodes)
    closeness: dict[str, float] = {}
    harmonic: dict[str, float] = {}
    for start in range(0, len(candidates), chunk):
        batch = candidates[start : start + chunk]
        dist = shortest_path(
            M,
            method="D",
            directed=True,
            unweighted=distance is None,
            indices=[position[c] for c in batch],
        )
        for node, row in zip(batch, np.atleast_2d(dist), strict=True):
            reach = row[np.isfinite(row)]
            total, found = float(reach.sum()), len(reach)
            closeness[node] = (
                (found - 1.0) / total * ((found - 1.0) / (n - 1)) if total > 0 and n > 1 else 0.0
            )
            harmonic[node] = float((1.0 / reach[reach > 0]).sum())
    return closeness, harmonic
