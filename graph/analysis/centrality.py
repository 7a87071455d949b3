"""Centrality metrics on the projection, the neighbours that carry each top score, and a reading.

Every metric runs on ``collapse(G, directed)`` — an undirected simple graph by default, a
directed one with ``directed=True`` — so that ``centrality`` returns exactly what networkx
returns on that graph.  Degrees are raw counts (number of distinct neighbours; with
``weighted``, the sum of edge weights); in- and out-degree always follow the stated
direction.  Under ``weighted``, PageRank, eigenvector and degree treat ``weight`` (distinct
supporting quotes) as strength, and betweenness, closeness and harmonic centrality treat
``distance`` = 1 / weight as length.

Up to ``exact_limit`` nodes the metrics are networkx's own functions.  Above it they run
in ``graph.analysis.fastmetrics`` — the same definitions computed in C (PageRank and eigenvector
centrality by GraphBLAS, the path metrics by igraph), on one conversion of the graph shared
by every metric — and, when the graph is larger than ``samples`` (by default
a work budget, see ``default_samples``), the path metrics are estimated so that a million
nodes stay tractable: betweenness from ``samples`` seeded random sources (networkx's
``k``), closeness and harmonic centrality for the ``samples`` entities of highest degree
only.  ``CentralityReport.notes`` says which estimates were used, with the sample size.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import Any

from graph.analysis.metrics import DIRECTIONAL, EXACT_LIMIT, FAST_METRICS, METRICS
from graph.analysis.projection import AnalysisError, collapse, label, parse_types, track

#: Significant digits every centrality value is rounded to, once, where it is computed: the
#: last bits of a float sum depend on the order it was added in, and these digits do not.
DIGITS = 10


def stable(value: float) -> float:
    """``value`` rounded to ``DIGITS`` significant digits (NaN stays NaN, -0.0 becomes 0.0)."""
    value = float(format(float(value), f".{DIGITS}g"))
    return value + 0.0 if not math.isnan(value) else value


def stable_text(value: float) -> str:
    """A value as every machine-readable output writes it: ``format(v, ".10g")``."""
    return format(stable(value), f".{DIGITS}g")


def parse_metrics(text: str | None) -> tuple[str, ...]:
    """``"pagerank,degree"`` or ``"all"`` → metric names; AnalysisError naming an unknown one."""
    if not text or text.strip() == "all":
        return tuple(METRICS)
    names = tuple(
        dict.fromkeys(m.strip().lower().replace("-", "_") for m in text.split(",") if m.strip())
    )
    unknown = [m for m in names if m not in METRICS]
    if unknown:
        raise AnalysisError(
            f"unknown metric {unknown[0]!r}; choose from {', '.join(METRICS)} or all"
        )
    return names


def default_samples(nodes: int, edges: int) -> int:
    """Sample size for estimated path metrics: a work budget of about 1.5·10⁸ node and edge visits.

    That is 37 sources or entities on a million nodes and three million edges, where igraph
    takes 8–16 s per path metric; graphs small enough for the budget to cover every node get
    exact values.
    """
    return max(32, int(1.5e8 // max(nodes + edges, 1)))


@dataclass(frozen=True)
class Neighbour:
    """A neighbour that carries part of an entity's score, and the relations linking them."""

    id: str
    label: str
    weight: int  #: distinct supporting quotes over all relations between the two
    #: (predicate, arrow, quotes): arrow → the entity is the subject, ← the object, ↔ symmetric
    relations: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class Ranked:
    """One entity in a metric's top list."""

    rank: int
    id: str
    label: str
    type: str
    value: float
    neighbours: tuple[Neighbour, ...]


@dataclass
class MetricResult:
    """All values of one metric, and its top entities (after the type filter)."""

    name: str
    values: dict[str, float]
    top: list[Ranked]
    note: str = ""


@dataclass
class CentralityReport:
    """What ``centrality`` computed, with the settings it used."""

    metrics: dict[str, MetricResult]
    directed: bool
    weighted: bool
    types: tuple[str, ...]
    nodes: int
    pairs: int  #: edges of the collapsed graph the metrics ran on
    components: int
    largest_component: int
    notes: list[str] = field(default_factory=list)
    betweenness_samples: int | None = None  #: None when betweenness is exact


def metric_values(
    metric: str,
    H,
    D=None,
    *,
    weighted: bool = False,
    exact_limit: int = EXACT_LIMIT,
    samples: int | None = None,
    seed: int = 42,
    view: Any = None,
    progress: Any = None,
) -> tuple[dict[str, float], str]:
    """(values, note) of one metric on ``H``; what ``centrality`` computes for each metric.

    ``H`` is the collapse the metrics run on, ``D`` the directed one (for in- and
    out-degree; ``H`` when omitted).  Up to ``exact_limit`` nodes the values are networkx's;
    above, ``graph.analysis.fastmetrics`` computes them on ``view`` (``fastmetrics.convert(H)``,
    converted here when not given) and estimates the path metrics when ``samples`` (default
    ``default_samples``) is smaller than the graph.  The note says what was estimated.
    """
    import networkx as nx

    from graph.analysis import fastmetrics as fm

    w, dist = ("weight", "distance") if weighted else (None, None)
    D = H if D is None else D
    if metric == "degree":
        return dict(H.degree(weight=w)), ""
    if metric in DIRECTIONAL:
        if not D.is_directed():
            raise AnalysisError(f"{metric} needs the directed collapse")
        return dict((D.in_degree if metric == "in_degree" else D.out_degree)(weight=w)), ""
    if metric not in METRICS:
        raise AnalysisError(f"unknown metric {metric!r}; choose from {', '.join(METRICS)}")
    exact = len(H) <= exact_limit
    on = H if exact else view if view is not None else fm.convert(H)  # a view: computed in C
    if metric == "pagerank":
        return fm.pagerank(on, weight=w, fast_above=exact_limit), ""
    if metric == "eigenvector":
        if H.number_of_edges() == 0:
            return dict.fromkeys(H, 0.0), "the graph has no edges"
        try:
            return fm.eigenvector(on, weight=w, fast_above=exact_limit), ""
        except nx.PowerIterationFailedConvergence as exc:
            return {}, f"did not converge ({type(exc).__name__}); try --undirected"
    samples = samples or default_samples(len(H), H.number_of_edges())
    everyone = exact or samples >= len(H)
    if metric == "betweenness":
        k = None if everyone else samples
        values = fm.betweenness(
            on, k=k, weight=dist, seed=seed, fast_above=exact_limit, progress=progress
        )
        return values, (f"estimated from {k:,} sampled source nodes (seed {seed})" if k else "")
    candidates = None if everyone else sorted(H, key=lambda n: (-H.degree(n), n))[:samples]
    fn = fm.closeness if metric == "closeness" else fm.harmonic
    values = fn(on, candidates, distance=dist, fast_above=exact_limit)
    if everyone:
        return values, ""
    return values, f"computed for the {len(values):,} highest-degree entities only"


def explain(U, node: str, values: dict[str, float], limit: int = 3) -> tuple[Neighbour, ...]:
    """The neighbours that carry ``node``'s score: most supporting quotes, then most central."""
    ranked = sorted(
        U[node].items(), key=lambda kv: (-kv[1]["weight"], -values.get(kv[0], 0.0), kv[0])
    )
    result = []
    for other, data in ranked[:limit]:
        relations = []
        for predicate, s, _o, quotes in sorted(data["relations"]):
            arrow = (
                "↔" if predicate in U.graph.get("symmetric", ()) else ("→" if s == node else "←")
            )
            if (predicate, arrow, quotes) not in relations:
                relations.append((predicate, arrow, quotes))
        result.append(Neighbour(other, label(U, other), data["weight"], tuple(relations)))
    return tuple(result)


def centrality(
    G,
    metrics: tuple[str, ...] | str | None = None,
    *,
    types: tuple[str, ...] | str | None = None,
    top: int = 10,
    directed: bool = False,
    weighted: bool = False,
    exact_limit: int = EXACT_LIMIT,
    samples: int | None = None,
    seed: int = 42,
    progress: Any = None,
) -> CentralityReport:
    """Compute the metrics on the whole projection; rank the top entities of ``types``.

    ``metrics`` and ``types`` accept names or comma-separated text; metrics always run on
    the whole graph, the type filter only chooses whom to rank.  ``progress`` is anything
    with rich's ``Progress.track`` signature.
    """
    import networkx as nx

    from graph.analysis import fastmetrics

    metrics = parse_metrics(
        metrics if metrics is None or isinstance(metrics, str) else ",".join(metrics)
    )
    types = parse_types(types if types is None or isinstance(types, str) else ",".join(types))
    if top < 1:
        raise AnalysisError(f"--top must be at least 1, not {top}")
    if len(G) == 0:
        raise AnalysisError("the graph has no entities; build it from sources with facts first")
    U = collapse(G, directed=False, progress=progress)
    needs_direction = directed or DIRECTIONAL & set(metrics)
    D = collapse(G, directed=True, progress=progress) if needs_direction else None
    H = D if directed else U
    samples = samples or default_samples(len(H), H.number_of_edges())
    view = None
    if len(H) > exact_limit and set(metrics) & FAST_METRICS:  # one conversion for them all
        view = fastmetrics.convert(H, ("weight", "distance") if weighted else ())
    components = list(nx.connected_components(U))
    report = CentralityReport(
        {},
        directed,
        weighted,
        types,
        len(H),
        H.number_of_edges(),
        len(components),
        max(len(c) for c in components),
    )
    for metric in track(progress, metrics, f"centrality ({len(H):,} nodes)", total=len(metrics)):
        values, note = metric_values(
            metric, H, D, weighted=weighted, exact_limit=exact_limit, samples=samples,
            seed=seed, view=view, progress=progress,
        )  # fmt: skip
        if metric == "betweenness" and note.startswith("estimated"):
            report.betweenness_samples = min(samples, len(H))
        values = {n: stable(v) for n, v in values.items()}  # same digits whatever the sum order
        wanted = [
            n
            for n, v in values.items()
            if not math.isnan(v) and (not types or H.nodes[n].get("type") in types)
        ]
        # ties by id, so the order is the same in every language (--lang) and process
        ranked = heapq.nsmallest(top, wanted, key=lambda n: (-values[n], n))
        top_list = [
            Ranked(
                i,
                n,
                label(H, n),
                H.nodes[n].get("type", ""),
                float(values[n]),
                explain(U, n, values),
            )
            for i, n in enumerate(ranked[:top], start=1)
        ]
        report.metrics[metric] = MetricResult(metric, values, top_list, note)
        if note:
            report.notes.append(f"{METRICS[metric].title}: {note}")
    return report


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4f}"


def relation_text(n: Neighbour) -> str:
    """``深圳 (← locatedIn ×2)``: a neighbour and the relations that link it, with quote counts."""
    rel = ", ".join(f"{arrow} {p} ×{q}" for p, arrow, q in n.relations)
    return f"{n.label} ({rel})"


def reading(report: CentralityReport) -> list[str]:
    """A short plain-language reading of the result, one paragraph per metric plus the setting."""
    mode = "directed" if report.directed else "undirected"
    weight = "weighted by the number of supporting quotes" if report.weighted else "unweighted"
    filt = f" Rankings list only {', '.join(report.types)} entities." if report.types else ""
    paragraphs = [
        f"The graph has {report.nodes:,} entities linked by {report.pairs:,} {mode} edges "
        f"({weight}) in {report.components:,} connected parts; the largest holds "
        f"{report.largest_component:,} entities.{filt}"
    ]
    for name, result in report.metrics.items():
        title, meaning = METRICS[name].title, METRICS[name].meaning
        if not result.top:
            paragraphs.append(f"{title} ({meaning}): no entity to rank. {result.note}".strip())
            continue
        first = result.top[0]
        text = f"{title} measures {meaning}. {first.label} ranks first ({_fmt(first.value)})"
        ties = [r.label for r in result.top[1:] if math.isclose(r.value, first.value)]
        if ties:
            text += f", tied with {', '.join(ties)}"
        elif len(result.top) > 1:
            second = result.top[1]
            text += f", ahead of {second.label} ({_fmt(second.value)})"
        text += "."
        if first.neighbours:
            carried = "; ".join(relation_text(n) for n in first.neighbours)
            text += f" Its score is carried by {carried}."
        if result.note:
            text += f" Note: {result.note}."
        paragraphs.append(text)
    return paragraphs
