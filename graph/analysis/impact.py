"""What breaks if an entity is removed from the graph, and which entities would do most damage.

Removal is judged on the undirected collapse of the projection (``analysis.collapse``):

* **split off** — the entity's connected component falls apart; the largest remaining piece
  is kept, every other piece is split off (the number counts the entities in them);
* **orphaned** — neighbours whose only link to an Industry, Policy or Place was the entity
  (removing 深圳 orphans the firms whose only place is 深圳);
* **average shortest-path length** within the entity's component, before and after (over
  the pairs still connected); above ``exact_limit`` entities it is estimated from
  ``samples`` seeded random source nodes.

``rank_impact`` ranks every entity in linear time: articulation points first (their removal
splits something), then by entities split off, orphaned neighbours and degree.  Piece sizes
come from one depth-first search (Hopcroft–Tarjan low points), not from removing each node.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.analysis.projection import collapse, label, resolve, track

#: the types an entity can lose its only link to
ANCHOR_TYPES = ("Industry", "Policy", "Place")
EXACT_LIMIT = 20_000


@dataclass(frozen=True)
class Impact:
    """The damage done by removing one entity."""

    id: str
    label: str
    type: str
    degree: int
    component: int  #: size of its connected component, itself included
    articulation: bool  #: its removal splits the component
    split_off: tuple[tuple[str, ...], ...]  #: pieces other than the largest, largest first
    orphaned: tuple[tuple[str, str], ...]  #: (entity, type) that lose their only link of that type
    aspl_before: float | None  #: average shortest-path length in the component
    aspl_after: float | None  #: the same over pairs still connected, None if no pair is
    pairs_lost: int  #: ordered pairs of other entities no longer connected
    samples: int | None = None  #: sources used to estimate path lengths, None when exact

    @property
    def split_count(self) -> int:
        return sum(len(p) for p in self.split_off)


def _typed_neighbours(U) -> dict[str, Counter]:
    return {n: Counter(U.nodes[m].get("type") for m in U[n]) for n in U}


def _orphans(U, node: str, typed: dict[str, Counter]) -> list[tuple[str, str]]:
    kind = U.nodes[node].get("type")
    if kind not in ANCHOR_TYPES:
        return []
    return sorted((m, kind) for m in U[node] if typed[m][kind] == 1)


def _path_lengths(U, nodes: set[str], sources: list[str]) -> tuple[int, int]:
    """(sum of distances, number of ordered connected pairs) from ``sources`` within ``nodes``.

    igraph's closeness of each source is 1 / (sum of its distances to the nodes it reaches);
    those are the nodes of its connected part.
    """
    from graph.analysis.fastmetrics import convert

    if not sources or len(nodes) < 2:
        return 0, 0
    view = convert(U.subgraph(nodes))
    vertices = view.index(sources)
    inverse = view.graph.closeness(vertices, normalized=False)  # NaN where nothing is reached
    parts = view.graph.connected_components()
    sizes = parts.sizes()
    total = sum(round(1.0 / x) for x in inverse if x > 0)  # hop counts: integer sums
    pairs = sum(sizes[parts.membership[v]] - 1 for v in vertices)
    return total, pairs


def impact(
    G,
    name: str,
    exact_limit: int = EXACT_LIMIT,
    samples: int | None = None,
    seed: int = 42,
    progress: Any = None,
) -> Impact:
    """Remove one entity (a name or id, see ``analysis.resolve``) and measure the damage.

    ``samples`` (default: the work budget of ``centrality_report.default_samples``) is the
    number of sources that estimate path lengths in components above ``exact_limit``.
    """
    import networkx as nx

    from graph.analysis.centrality import default_samples

    U = collapse(G, progress=progress)
    samples = samples or default_samples(len(U), U.number_of_edges())
    node = resolve(G, name)
    component = nx.node_connected_component(U, node)
    rest = component - {node}
    pieces = sorted(
        (tuple(sorted(p)) for p in nx.connected_components(U.subgraph(rest))),
        key=lambda p: (-len(p), p),
    )
    exact = len(component) <= exact_limit
    rng = random.Random(seed)
    sources = (
        sorted(component) if exact else rng.sample(sorted(component), min(samples, len(component)))
    )
    before_total, before_pairs = _path_lengths(U, component, sources)
    after_sources = [s for s in sources if s != node]
    after_total, after_pairs = _path_lengths(U, rest, after_sources)
    connected = sum(len(p) * (len(p) - 1) for p in pieces)
    return Impact(
        node,
        label(U, node),
        U.nodes[node].get("type", ""),
        U.degree(node),
        len(component),
        len(pieces) > 1,
        tuple(pieces[1:]),
        tuple(_orphans(U, node, _typed_neighbours(U))),
        before_total / before_pairs if before_pairs else None,
        after_total / after_pairs if after_pairs else None,
        len(rest) * (len(rest) - 1) - connected,
        None if exact else len(sources),
    )


def removal_pieces(U) -> dict[str, list[int]]:
    """For every node, the sizes of the pieces its component falls into without it.

    One iterative depth-first search per component: a DFS child whose low point does not
    reach above its parent becomes a separate piece when the parent is removed.
    """
    result: dict[str, list[int]] = {}
    disc: dict[str, int] = {}
    for root in U:
        if root in disc:
            continue
        low, size, parent, order = {root: 0}, {}, {root: None}, []
        disc[root] = 0
        stack = [(root, iter(U[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(node)
                size[node] = 1 + sum(size[c] for c in U[node] if parent.get(c) == node)
                if parent[node] is not None:
                    low[parent[node]] = min(low[parent[node]], low[node])
            elif child not in disc:
                disc[child] = low[child] = len(disc)
                parent[child] = node
                stack.append((child, iter(U[child])))
            elif child != parent[node]:
                low[node] = min(low[node], disc[child])
        total = len(order)
        for node in order:
            kids = [c for c in U[node] if parent.get(c) == node]
            if parent[node] is None:
                separated = [size[c] for c in kids]
            else:
                separated = [size[c] for c in kids if low[c] >= disc[node]]
            remainder = total - 1 - sum(separated)
            result[node] = sorted(separated + ([remainder] if remainder > 0 else []), reverse=True)
    return result


@dataclass(frozen=True)
class Damage:
    """One entity's place in the ``rank_impact`` list."""

    rank: int
    id: str
    label: str
    type: str
    articulation: bool
    split_off: int  #: entities in pieces other than the largest
    pieces: int  #: pieces its component falls into
    orphaned: int
    degree: int


def rank_impact(
    G, top: int = 10, types: tuple[str, ...] = (), progress: Any = None
) -> list[Damage]:
    """The ``top`` entities whose removal does most damage: articulation points first."""
    U = collapse(G, progress=progress)
    pieces = removal_pieces(U)
    typed = _typed_neighbours(U)
    rows = []
    for node in track(progress, list(U), "ranking removals", total=len(U)):
        if types and U.nodes[node].get("type") not in types:
            continue
        parts = pieces[node]
        split = sum(parts) - (parts[0] if parts else 0)
        rows.append(
            (len(parts) > 1, split, len(parts), len(_orphans(U, node, typed)), U.degree(node), node)
        )
    rows.sort(key=lambda r: (not r[0], -r[1], -r[3], -r[4], r[5]))  # ties by id: any --lang
    return [
        Damage(i, n, label(U, n), U.nodes[n].get("type", ""), art, split, npieces, orphaned, degree)
        for i, (art, split, npieces, orphaned, degree, n) in enumerate(rows[:top], start=1)
    ]
