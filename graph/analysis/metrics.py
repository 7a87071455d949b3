"""The centrality metrics szkg knows: one registry that the CLI's choices, the explorer's
size-by, the HTML report, the text renderings and the benchmark all read.

Adding a metric is one entry here and one branch in
:func:`graph.analysis.centrality.metric_values` (by its ``kind``).
"""

from __future__ import annotations

from typing import NamedTuple

from graph.analysis.fastmetrics import FAST_ABOVE


class Metric(NamedTuple):
    """A centrality metric and how a reader should understand it."""

    name: str  #: the name users type (``--metric``, ``--size-by``)
    title: str  #: shown as a heading
    meaning: str  #: one sentence for a reader of the report
    #: ``degree`` (networkx at every size), ``directed-degree`` (needs the stated direction),
    #: ``spectral`` (PageRank, eigenvector: GraphBLAS above the limit) or ``path`` (igraph above
    #: the limit, estimated from samples on big graphs)
    kind: str


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("pagerank", "PageRank", "how much of the graph's attention flows to an entity: links from "
           "well-linked entities count more", "spectral"),
    Metric("degree", "Degree", "how many entities an entity is directly linked to", "degree"),
    Metric("in_degree", "In-degree", "how many entities have a relation pointing at an entity (it is its object)",
           "directed-degree"),
    Metric("out_degree", "Out-degree", "how many entities an entity's relations point at (it is their subject)",
           "directed-degree"),
    Metric("betweenness", "Betweenness", "how often an entity lies on the shortest path between two "
           "others: a broker or bridge", "path"),
    Metric("eigenvector", "Eigenvector", "how well an entity is linked to other central entities", "spectral"),
    Metric("closeness", "Closeness", "how few hops an entity needs to reach the rest of its part of the graph",
           "path"),
    Metric("harmonic", "Harmonic", "the sum of 1/distance to every other entity: closeness that copes with "
           "disconnected parts", "path"),
)}

#: default size above which the metrics are computed in C and path metrics may be estimated
EXACT_LIMIT = FAST_ABOVE
#: the metrics ``graph.analysis.fastmetrics`` computes (degrees are networkx's at every size)
FAST_METRICS = frozenset(m.name for m in METRICS.values() if m.kind in ("spectral", "path"))
#: the metrics that need the stated direction of relations
DIRECTIONAL = frozenset(m.name for m in METRICS.values() if m.kind == "directed-degree")
