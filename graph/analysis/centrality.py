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
from graph.analysis.projection import AnalysisError, collapse, label, parse_types, term, track
from graph.analysis.wording import metric_meaning, metric_title, say

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
class Quoted:
    """One relation of a ranked entity, in the words of its source: what the entity's score
    rests on (for in-degree a relation pointing at it, for out-degree one starting from it)."""

    subject: str
    subject_label: str
    predicate: str
    predicate_label: str  #: the ontology's label in the report's language
    object: str
    object_label: str
    quote: str
    title: str  #: the document's title

    def text(self) -> str:
        """``18号文件 → 促成 → 华为: “如果沒有18號文件…” (深圳式創新)``."""
        said = f": “{self.quote}”" if self.quote else ""
        source = f" ({self.title})" if self.title else ""
        return f"{self.subject_label} → {self.predicate_label} → {self.object_label}{said}{source}"


@dataclass(frozen=True)
class Ranked:
    """One entity in a metric's top list."""

    rank: int
    id: str
    label: str
    type: str
    value: float
    neighbours: tuple[Neighbour, ...]
    type_label: str = ""  #: the class's label in the report's language
    fact: str = ""  #: what about this entity the metric counts, in one clause
    quoted: Quoted | None = None  #: one relation behind the score, with its quote


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
    lang: str = "zh-Hans"  #: the language of labels (``relabel``)
    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)  #: class and predicate labels

    def term(self, name: str) -> str:
        """A class's or predicate's label in the report's language (the name when unknown)."""
        from graph.names import pick_label

        return pick_label(self.vocabulary.get(name, {}), self.lang) or name


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
        if exact and dist:
            on, dist = _whole_lengths(H), "length"
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


def _whole_lengths(H):
    """``H`` with each edge's length 1 / weight scaled to a whole number (``length``): networkx compares
    float lengths exactly, so 1/3 + 1/6 and 1/2 would be two shortest lengths and a tied path would be
    missed; betweenness does not change when every length is multiplied by one number (the fast path's
    igraph compares lengths with a tolerance and needs none of this)."""
    scale = math.lcm(*(int(d["weight"]) for _u, _v, d in H.edges(data=True))) if H.number_of_edges() else 1
    out = H.copy()
    for _u, _v, d in out.edges(data=True):
        d["length"] = scale // int(d["weight"])
    return out


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
        lang=G.graph.get("lang", "zh-Hans"),
        vocabulary=G.graph.get("vocabulary", {}),
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
                term(G, H.nodes[n].get("type", "")),
                *explained(G, D if metric in DIRECTIONAL else H, n, metric, values, report),
            )
            for i, n in enumerate(ranked[:top], start=1)
        ]
        report.metrics[metric] = MetricResult(metric, values, top_list, note)
        if note:
            report.notes.append(f"{METRICS[metric].title}: {note}")
    return report


#: how many pairs of a hub's neighbours ``why`` examines for betweenness (the first by id)
PAIR_LIMIT = 400


def _most_common(counts: dict[str, int]) -> tuple[str, int]:
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _by_relation(H, node: str, others, report: CentralityReport, incoming: bool) -> str:
    """``most by 位于 (52)``: the relation that links ``node`` to most of ``others``."""
    counts: dict[str, int] = {}
    for other in others:
        edge = H[other][node] if incoming else H[node][other]
        for predicate in {r[0] for r in edge.get("relations", ())}:
            counts[predicate] = counts.get(predicate, 0) + 1
    if not counts:
        return ""
    predicate, n = _most_common(counts)
    return say(report.lang, "most by", predicate=report.term(predicate), n=n)


def _bridged_pairs(H, node: str) -> tuple[int, tuple[str, str] | None]:
    """Pairs of ``node``'s neighbours (a before b, a → node → b when directed) whose every
    shortest path runs through ``node``: not linked to each other, and no other entity links
    them in two steps.  Returns how many, and the first by id."""
    directed = H.is_directed()
    before = sorted(H.predecessors(node) if directed else H[node])[:PAIR_LIMIT]
    after = sorted(H.successors(node) if directed else H[node])[:PAIR_LIMIT]
    found, first = 0, None
    for i, a in enumerate(before):
        onward = set(H.successors(a) if directed else H[a])
        for b in after if directed else after[i + 1:]:
            if a == b or b in onward:
                continue
            into_b = set(H.predecessors(b)) if directed else set(H[b])
            if (onward & into_b) - {node}:
                continue
            found += 1
            first = first or (a, b)
    return found, first


def explained(G, H, node: str, metric: str, values: dict[str, float], report: CentralityReport):
    """(fact, quoted relation) of a ranked entity: ``why`` and ``quoted_relation``; for
    betweenness the quote links the entity to one end of the pair the fact names."""
    fact, toward = why(G, H, node, metric, values, report)
    return fact, quoted_relation(G, node, metric, values, toward)


def why(G, H, node: str, metric: str, values: dict[str, float], report: CentralityReport) -> tuple[str, str | None]:
    """What about ``node`` the metric counts, in one clause that is true of that metric, and
    the neighbour that clause names first (None when it names none)."""
    lang = report.lang
    if metric in DIRECTIONAL:
        incoming = metric == "in_degree"
        others = sorted(H.predecessors(node) if incoming else H.successors(node))
        said = say(lang, "point at it" if incoming else "it points at", n=len(others))
        return f"{said}{_by_relation(H, node, others, report, incoming)}", None
    if metric == "degree":
        others = sorted(H[node]) if not H.is_directed() else sorted({*H.predecessors(node), *H.successors(node)})
        most = _by_relation(H.to_undirected(as_view=True), node, others, report, False)
        return say(lang, "linked to", n=len(others)) + most, None
    if metric in ("pagerank", "eigenvector"):
        near = sorted(set(nx_neighbours(H, node)), key=lambda m: (-values.get(m, 0.0), m))[:2]
        if not near:
            return say(lang, "linked to none"), None
        named = say(lang, "and").join(f"{label(G, m)} ({_fmt(values.get(m, 0.0))})" for m in near)
        return say(lang, "among them", n=len(set(nx_neighbours(H, node))), named=named), near[0]
    if metric == "betweenness":
        count, pair = _bridged_pairs(H, node)
        if not pair:
            return say(lang, "no pair"), None
        a, b = pair
        capped = say(lang, "at least") if len(nx_neighbours(H, node)) > PAIR_LIMIT else ""
        return say(lang, "bridges", capped=capped, count=f"{count:,}", a=label(G, a), b=label(G, b)), a
    import networkx as nx

    hops = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), node)
    ring = [sum(1 for d in hops.values() if d == k) for k in (1, 2, 3)]
    reach = len(hops) - 1
    mean = sum(hops.values()) / reach if reach else 0.0
    return say(lang, "reaches", reach=reach, one=ring[0], two=ring[1], three=ring[2], mean=f"{mean:.2f}"), None


def nx_neighbours(H, node: str):
    """Every entity linked to ``node`` either way."""
    if H.is_directed():
        return [*H.predecessors(node), *H.successors(node)]
    return list(H[node])


def quoted_relation(G, node: str, metric: str, values: dict[str, float], toward: str | None = None) -> Quoted | None:
    """One relation of ``node`` and its first quote: for in-degree a relation pointing at it
    (a symmetric one counts both ways), for out-degree one starting from it, otherwise any;
    one with ``toward`` when there is one, then the one with most supporting quotes, then to
    the most central neighbour."""
    symmetric = set(G.graph.get("symmetric", ()))
    edges = []
    for s, o, p, data in (*G.in_edges(node, keys=True, data=True), *G.out_edges(node, keys=True, data=True)):
        other = o if s == node else s
        if other == node:
            continue
        if metric == "in_degree" and o != node and p not in symmetric:
            continue
        if metric == "out_degree" and s != node and p not in symmetric:
            continue
        edges.append((other != toward, -data.get("weight", 1), -values.get(other, 0.0), p, s, o, data))
    if not edges:
        return None
    *_key, p, s, o, data = min(edges, key=lambda e: e[:6])
    first = min(data["statements"], key=lambda x: (x.document, x.quote)) if data["statements"] else None
    return Quoted(s, label(G, s), p, term(G, p), o, label(G, o),
                  first.quote if first else "", first.title if first else "")


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4f}"


def relation_text(n: Neighbour, term=None) -> str:
    """``深圳 (← 位于 ×2)``: a neighbour and the relations that link it, with quote counts;
    predicates by ``term`` (a report's :meth:`CentralityReport.term`: their labels), else by id."""
    rel = ", ".join(f"{arrow} {term(p) if term else p} ×{q}" for p, arrow, q in n.relations)
    return f"{n.label} ({rel})"


def reading(report: CentralityReport) -> list[str]:
    """A short plain-language reading of the result, in the report's language: the setting,
    then one paragraph per metric that says what the metric counts for its leader and quotes
    one relation behind the score."""
    lang = report.lang
    sep = say(lang, "list sep")
    filt = say(lang, "only types", types=sep.join(report.term(t) for t in report.types)) if report.types else ""
    paragraphs = [
        say(lang, "setting", nodes=f"{report.nodes:,}", pairs=f"{report.pairs:,}",
            mode=say(lang, "directed" if report.directed else "undirected"),
            weight=say(lang, "weighted" if report.weighted else "unweighted"),
            parts=f"{report.components:,}", largest=f"{report.largest_component:,}") + filt
    ]
    for name, result in report.metrics.items():
        title, meaning = metric_title(name, lang), metric_meaning(name, lang)
        if not result.top:
            paragraphs.append(f"{say(lang, 'nothing to rank', title=title, meaning=meaning)} {result.note}".strip())
            continue
        first = result.top[0]
        text = say(lang, "measures", title=title, meaning=meaning)
        text += say(lang, "first", label=first.label, value=_fmt(first.value))
        ties = [r.label for r in result.top[1:] if math.isclose(r.value, first.value)]
        if ties:
            text += say(lang, "tied", labels=sep.join(ties))
        elif len(result.top) > 1:
            second = result.top[1]
            text += say(lang, "ahead", label=second.label, value=_fmt(second.value))
        text += say(lang, "end")
        if first.fact:
            text += say(lang, "fact", label=first.label, fact=first.fact)
        if first.quoted:
            text += say(lang, "example", relation=first.quoted.text())
        if result.note:
            text += say(lang, "note", note=result.note)
        paragraphs.append(text)
    return paragraphs
