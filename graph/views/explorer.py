"""The graph explorer: one self-contained HTML page that draws the entity graph with vis-network.

The page needs nothing outside itself and works offline from disk: vis-network's script and
stylesheet are read from the installed pyvis wheel and inlined, the app script and styles come
from ``graph/templates/explorer.html``, and the graph travels as JSON in a
``<script type="application/json">`` block.  pyvis's own template is not used: it inserts its
heading unescaped, switches every tooltip to raw ``innerHTML`` as soon as one contains "href",
and loads vis-network or Bootstrap from a CDN even in its "local" and "in_line" modes.

Safety: the JSON is written with ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e``, ``\\u0026``,
so no label can close the script block; the page's script builds every card, tooltip and legend with
text nodes (``textContent``), never HTML; a Content-Security-Policy meta tag allows only the
page's own inline scripts and styles (by SHA-256 hash, computed at render time) and no fetch
of any kind.

What is drawn: the projection of ``graph.analysis.projection.project`` — entities as nodes, one edge per
distinct (subject, predicate, object), parallel edges kept and curved apart — narrowed by the
view options (``--focus/--depth``, ``--type``, ``--community``, ``--top``) and, above
``max_nodes``, pruned to the most central entities with a note on the page saying what was
left out.  Everything selected travels with the page, but it opens on the start view
(``start_view``: the ``start`` most central entities and their strongest neighbours) and draws the
rest on demand, so a large graph opens legible instead of as a hairball.  The cards' details
(evidence with offsets and sentence, document links, indicator labels, the policy timeline) come
from ``graph.views.explorer_details``.  The same graph and options give byte-identical HTML.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import ExplorerError
from graph.views.explorer_details import load_details, policy_timeline, with_evidence
from graph.views.palette import CLASS_STYLE, PREDICATE_COLOURS

if TYPE_CHECKING:
    import networkx as nx

LANGS = ("zh-Hans", "zh-Hant", "en")
#: above this many entities a view is pruned to its most central ones (0 = never)
DEFAULT_MAX_NODES = 5000
#: the start view: this many most central entities, each with its strongest neighbours
DEFAULT_START = 12
#: a view of at most this many entities is drawn whole from the start
START_ALL = 40
VIS_DIR = "vis-9.1.2"



@dataclass(frozen=True)
class View:
    """What to draw: the options of ``szkg explore``."""

    lang: str = "zh-Hans"  #: label language shown first (all three travel with the page)
    size_by: str = "pagerank"  #: centrality that sizes the nodes and ranks them for --top
    focus: str | None = None  #: id or name: draw only its ego network
    depth: int = 1  #: hops around ``focus``, in either direction
    top: int | None = None  #: keep only the N most central entities
    types: tuple[str, ...] = ()  #: keep only these classes (the focus entity always stays)
    community: int | None = None  #: keep only the K-th community of ``szkg communities``
    max_nodes: int = DEFAULT_MAX_NODES  #: prune above this many entities; 0 draws everything
    seed: int = 42  #: Louvain seed for ``community``, as in ``szkg communities``
    #: drawn at first: the N most central entities and their strongest neighbours (the rest on
    #: demand); 0 draws the whole view at once.  A view of at most START_ALL entities is drawn whole.
    start: int = DEFAULT_START


@dataclass
class Explorer:
    """A rendered explorer page and what it shows."""

    html: str
    title: str
    nodes: int  #: entities drawn
    edges: int  #: typed edges drawn (parallel edges counted apart)
    notes: list[str] = field(default_factory=list)  #: what the view left out, and how to see it

    def _repr_html_(self) -> str:
        """Shown inline by Jupyter: the page in a sandboxed frame (its scripts run there only)."""
        return (f'<iframe title="{html.escape(self.title)}" srcdoc="{html.escape(self.html, quote=True)}" '
                'sandbox="allow-scripts" style="width:100%;height:720px;border:1px solid #ddd"></iframe>')


# ----------------------------------------------------------------------------- reading the store

def load_graph(store, progress: Any = None) -> nx.MultiDiGraph:
    """The entity graph the explorer draws: ``graph.analysis.projection.project`` of the store."""
    from graph.analysis.projection import project

    return project(store, progress=progress)


# ----------------------------------------------------------------------------- choosing the view


def check_view(view: View) -> View:
    """The view with its types normalised; ExplorerError naming a bad option value."""
    from graph.analysis.projection import parse_types

    if view.lang not in LANGS:
        raise ExplorerError(f"unknown language {view.lang!r}; choose from {', '.join(LANGS)}")
    from graph.analysis.metrics import METRICS

    if view.size_by not in METRICS:
        raise ExplorerError(
            f"unknown metric {view.size_by!r} for --size-by; choose from {', '.join(METRICS)}"
        )
    if view.depth < 0:
        raise ExplorerError(f"--depth must be 0 or more, not {view.depth}")
    if view.top is not None and view.top < 1:
        raise ExplorerError(f"--top must be at least 1, not {view.top}")
    if view.start < 0:
        raise ExplorerError(f"--start must be 0 (draw everything) or more, not {view.start}")
    if view.max_nodes < 0:
        raise ExplorerError(f"--max-nodes must be 0 (no limit) or more, not {view.max_nodes}")
    types = parse_types(",".join(view.types)) if view.types else ()
    return replace(view, types=types)


def scores(G: nx.MultiDiGraph, metric: str) -> dict[str, float]:
    """The centrality that sizes the nodes, on the whole graph (so sizes compare across views)."""
    from graph.analysis.centrality import centrality

    if len(G) == 0:
        return {}
    values = centrality(G, (metric,), top=1).metrics[metric].values
    return {n: float(f"{values.get(n, 0.0):.6g}") for n in G}


def _community(G: nx.MultiDiGraph, k: int, seed: int) -> tuple[set[str], str]:
    from graph.analysis.projection import communities

    found = communities(G, seed=seed)
    if not 1 <= k <= len(found):
        listed = sum(1 for c in found if len(c.members) > 1)
        raise ExplorerError(
            f"community {k} does not exist: the graph has {listed} communities of two or more "
            f"entities (numbered as in `szkg communities --seed {seed}`)"
        )
    chosen = found[k - 1]
    return set(chosen.members), chosen.name


def select(
    G: nx.MultiDiGraph, score: dict[str, float], view: View
) -> tuple[list[str], str, list[str], str | None]:
    """The entities to draw, the page heading, notes on what was left out, and the focus entity.

    Filters intersect: the ego network of ``focus`` (undirected, ``depth`` hops), then
    ``types`` (the focus stays), ``community``, ``top``; then pruning to ``max_nodes``.
    """
    from graph.analysis.metrics import METRICS
    from graph.analysis.projection import label, resolve

    metric = METRICS[view.size_by].title
    keep = set(G)
    parts, notes = [], []
    distance: dict[str, int] = {}
    focus = resolve(G, view.focus) if view.focus else None
    if focus:
        import networkx as nx

        distance = nx.single_source_shortest_path_length(
            G.to_undirected(as_view=True), focus, cutoff=view.depth
        )
        keep = set(distance)
        parts.append(
            f"{label(G, focus)} and its neighbours within {view.depth} hop{'s' * (view.depth != 1)}"
        )
    if view.types:
        keep = {n for n in keep if G.nodes[n].get("type") in view.types or n == focus}
        parts.append("types " + ", ".join(view.types))
    if view.community is not None:
        members, name = _community(G, view.community, view.seed)
        keep &= members
        parts.append(f"community {view.community} ({name})")

    def rank(n: str):
        return (distance.get(n, 0), -score.get(n, 0.0), label(G, n), n)

    if view.top is not None and len(keep) > view.top:
        keep = set(sorted(keep, key=rank)[: view.top])
        parts.append(f"top {view.top} by {metric}")
    if view.max_nodes and len(keep) > view.max_nodes:
        ranked = sorted(keep, key=rank)
        kept = set(ranked[: view.max_nodes])
        lost_edges = sum(
            1 for s, o in G.edges() if s in keep and o in keep and not (s in kept and o in kept)
        )
        which = "nearest to the focus, then most central" if focus else "most central"
        notes.append(
            f"This view holds {len(keep):,} entities, too many to draw legibly: showing the "
            f"{view.max_nodes:,} {which} by {metric}. Left out: {len(keep) - len(kept):,} "
            f"entities and {lost_edges:,} relations. To see them, narrow the view (szkg explore "
            "--focus NAME --depth 1, --type Firm,Policy, --community K) or draw everything "
            "with --max-nodes 0."
        )
        keep = kept
    heading = "; ".join(parts) if parts else "the whole graph"
    shown = sorted(keep, key=lambda n: (label(G, n), n))
    return shown, heading, notes, focus


# ----------------------------------------------------------------------------- the page's data


def _name_variants(names: list[str]) -> list[str]:
    """Every name as written and in both scripts, for the page's search box."""
    from graph.text import to_simplified, to_traditional

    found = set()
    for name in filter(None, names):
        found.update({name, to_simplified(name), to_traditional(name)})
    return sorted(found)


def _curves(edges: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], float]:
    """Signed curvature per edge so that parallel edges between a pair are drawn apart.

    The sign is relative to each edge's own direction (vis-network's curvedCW/curvedCCW), so
    edges a→b and b→a with opposite canonical offsets bend to opposite sides.
    """
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for s, o, p in edges:
        pairs.setdefault(tuple(sorted((s, o))), []).append((s, o, p))
    curve = {}
    for (a, _b), group in pairs.items():
        group.sort(key=lambda e: (e[2], e[0], e[1]))
        odd = len(group) % 2
        for i, (s, o, p) in enumerate(group):
            j = i + (0 if odd else 1)  # odd groups: the first edge straight
            offset = 0.0 if j == 0 else (0.25 * ((j + 1) // 2)) * (1 if j % 2 else -1)
            curve[(s, o, p)] = offset if s == a else -offset
    return curve


def _node_rows(G, shown: list[str], score: dict[str, float], details: dict) -> list[dict]:
    """One row per drawn entity: labels, search names, size, and what its card shows."""
    drawn = set(shown)
    low = min((score.get(n, 0.0) for n in shown), default=0.0)
    high = max((score.get(n, 0.0) for n in shown), default=0.0)
    rows = []
    for n in shown:
        a = G.nodes[n]
        pairs = (("zh-Hans", "label_zh_hans"), ("zh-Hant", "label_zh_hant"), ("en", "label_en"))
        labels = {lang: a[key] for lang, key in pairs if a.get(key)}
        aliases = sorted(set(a.get("alt_labels", ())) - set(labels.values()))
        spread = (score.get(n, 0.0) - low) / (high - low) if high > low else 0.5
        ends = (*G.out_edges(n), *G.in_edges(n))
        rows.append(dict(
            id=n, type=a.get("type", ""), labels=labels, aliases=aliases,
            names=_name_variants([n, *labels.values(), *aliases]),
            score=score.get(n, 0.0), size=round(12 + 28 * spread**0.5, 2),
            observations=details["observations"].get(n, []),
            attributes=details["attributes"].get(n, []),
            mentions=details["mentions"].get(n, []),
            hidden=sum(1 for s, o in ends if s not in drawn or o not in drawn),
        ))  # fmt: skip
    return rows


def _edge_rows(G, drawn: set[str], details: dict) -> list[dict]:
    """One row per typed edge between drawn entities, parallel ones included, with evidence:
    each quote with its offsets, the sentence around it, its document and status."""
    edges = sorted((s, o, p) for s, o, p in G.edges(keys=True) if s in drawn and o in drawn)
    curve = _curves(edges)
    evidence = details.get("evidence", {})

    def statement(x) -> dict:
        return dict(id=x.statement, **with_evidence(x.statement, x.quote, x.document, evidence))

    return [
        dict(
            id=f"e{i}", **{"from": s}, to=o, predicate=p, curve=curve[(s, o, p)],
            weight=G.edges[s, o, p].get("weight", 1),
            statements=[statement(x) for x in G.edges[s, o, p]["statements"]],
        )
        for i, (s, o, p) in enumerate(edges)
    ]  # fmt: skip


def start_view(G, shown: list[str], score: dict[str, float], view: View, focus: str | None = None) -> list[str]:
    """The entities drawn when the page opens: the ``view.start`` most central ones and, for
    each, its two strongest neighbours (most supporting quotes, then most central).  The focus
    entity is always among them; a small view (or ``start=0``) is drawn whole."""
    from graph.analysis.projection import label

    if view.start == 0 or len(shown) <= START_ALL:
        return list(shown)
    drawn = set(shown)

    def rank(n: str):
        return (-score.get(n, 0.0), label(G, n), n)

    chosen = dict.fromkeys(sorted(shown, key=rank)[: view.start])
    if focus in drawn:
        chosen = {focus: None, **chosen}
    for n in list(chosen):
        weights: Counter = Counter()
        for s, o, data in (*G.out_edges(n, data=True), *G.in_edges(n, data=True)):
            other = o if s == n else s
            if other in drawn and other != n:
                weights[other] += data.get("weight", 1)
        for other in sorted(weights, key=lambda m: (-weights[m], *rank(m)))[:2]:
            chosen.setdefault(other, None)
    return sorted(chosen, key=lambda n: (label(G, n), n))


def explorer_data(G: nx.MultiDiGraph, details: dict[str, Any], view: View) -> dict[str, Any]:
    """The JSON the page draws: nodes, edges, legend, documents, heading and notes."""
    from graph.analysis.metrics import METRICS
    from graph.text import to_traditional

    view = check_view(view)
    score = scores(G, view.size_by)
    shown, heading, notes, focus = select(G, score, view)
    nodes, edges = _node_rows(G, shown, score, details), _edge_rows(G, set(shown), details)

    def names(key: str, fallback: str) -> dict[str, str]:
        found = dict(details["labels"].get(key, {}))
        found.setdefault("en", fallback)
        found.setdefault("zh-Hans", found["en"])
        found.setdefault("zh-Hant", to_traditional(found["zh-Hans"]))
        return found

    predicates = sorted({p for _s, _o, p in G.edges(keys=True)})  # colours stable across views
    colour = {p: PREDICATE_COLOURS[i % len(PREDICATE_COLOURS)] for i, p in enumerate(predicates)}
    per_type = Counter(n["type"] for n in nodes)
    per_predicate = Counter(e["predicate"] for e in edges)
    statuses = sorted({x["status"] for e in edges for x in e["statements"] if x["status"]})
    docs = {x["doc"] for e in edges for x in e["statements"]}
    for node in nodes:
        docs.update(x["doc"] for x in (*node["observations"], *node["attributes"]))
        docs.update(node["mentions"])
    title, meaning = METRICS[view.size_by].title, METRICS[view.size_by].meaning
    return {
        "heading": heading,
        "notes": notes,
        "summary": {"nodes": len(nodes), "edges": len(edges), "graphNodes": len(G),
                    "graphEdges": G.number_of_edges()},
        "lang": view.lang,
        "sizeBy": {"id": view.size_by, "label": title, "meaning": meaning},
        "focus": focus,
        "classes": [{"id": t, "labels": names(t, t or "untyped"), "colour": c, "shape": shape,
                     "count": per_type[t]} for t, (c, shape) in CLASS_STYLE.items() if per_type[t]],
        "predicates": [{"id": p, "labels": names(p, p), "colour": colour[p],
                        "count": per_predicate[p], "symmetric": p in G.graph.get("symmetric", ())}
                       for p in predicates if per_predicate[p]],
        "attributeLabels": {p: names(p, p) for p in ("foundedYear", "issuedYear")},
        "nodes": nodes,
        "edges": edges,
        "documents": {d: details["documents"].get(d, {"title": d}) for d in sorted(docs) if d},
        "statuses": statuses,
        "start": start_view(G, shown, score, view, focus),
        "timeline": policy_timeline(G, shown, details),
    }  # fmt: skip


# ----------------------------------------------------------------------------- the HTML


def _asset(name: str) -> str:
    """A vis-network file shipped inside the installed pyvis wheel."""
    try:
        return resources.files("pyvis").joinpath("lib", VIS_DIR, name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ExplorerError(
            f"pyvis/lib/{VIS_DIR}/{name} not found: reinstall pyvis (>=0.3.2)"
        ) from exc


def _inline_script(code: str) -> str:
    """JavaScript made safe to sit inside <script>…</script> (no early close, no comment state)."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def json_for_html(data: Any) -> str:
    """Deterministic JSON that cannot break out of a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hashes(page: str, tag: str) -> str:
    bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.DOTALL)
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(b.encode('utf-8')).digest()).decode()}'"
        for b in bodies
    )


def render_html(data: dict[str, Any], title: str) -> str:
    """Fill the page template: assets inlined, data embedded, CSP from the inline code's hashes."""
    template = (
        resources.files("graph").joinpath("templates", "explorer.html").read_text(encoding="utf-8")
    )
    values = {
        "csp": "{{csp}}",  # filled last, from the hashes of the finished page
        "title": html.escape(title),
        "vis_css": _asset("vis-network.css").replace("</style", "<\\/style"),
        "vis_js": _inline_script(_asset("vis-network.min.js")),
        "data": json_for_html(data),
    }
    # one pass, so text substituted in (a label, say) is never read as a placeholder itself
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)
    csp = (
        f"default-src 'none'; script-src {_hashes(page, 'script')}; "
        f"style-src {_hashes(page, 'style')}; img-src data:; base-uri 'none'; form-action 'none'"
    )
    return page.replace("{{csp}}", html.escape(csp, quote=False), 1)


def render_explorer(source: Any, view: View | None = None, progress: Any = None) -> Explorer:
    """Read a build (a store, a store folder, a build folder or a URL: see graph.store.connect)
    and render its explorer page."""
    view = check_view(view or View())
    from graph.store import connect

    store = connect(source)
    G = load_graph(store, progress)
    data = explorer_data(G, load_details(store), view)
    title = f"szkg explorer — {data['heading']}"
    return Explorer(
        render_html(data, title), title, len(data["nodes"]), len(data["edges"]), data["notes"]
    )


def save_explorer(explorer: Explorer, path: Path) -> Path:
    """Write the page atomically (a reader never sees half a file)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(explorer.html, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # no temporary file where the folder cannot be made
            tmp.unlink(missing_ok=True)
        raise ExplorerError(f"{path}: cannot write the explorer: {exc}") from exc
    return path


def write_explorer(
    out_dir: Path, output: Path | None = None, view: View | None = None, progress: Any = None
) -> Path:
    """Render the explorer of the build in ``out_dir`` to ``output`` (default: beside the dumps).

    This is what ``szkg build`` calls last, so a new user sees the graph after one command.
    """
    from graph.layout import BuildDir

    build = BuildDir(Path(out_dir))
    return save_explorer(render_explorer(build, view, progress), output or build.explorer)
