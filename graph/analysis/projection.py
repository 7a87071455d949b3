"""The RDF → networkx projection, and the graph questions asked of it (stats, paths, communities).

The projection (``project``) reads the store with SPARQL and returns an ``nx.MultiDiGraph``:

* **Nodes** are the entities of ``g:entities`` whose class is one of ``ENTITY_CLASSES``
  (Firm, Organization, Person, Place, Industry, Policy, Product), keyed by their local id
  (``ent:huawei`` → ``"huawei"``), isolated ones included.  Attributes: ``iri``, ``type``,
  ``label_zh_hans``, ``label_zh_hant``, ``label_en``, ``alt_labels`` and ``label`` (the
  label to show: zh-Hans, else zh-Hant, else en, else the id; ``relabel`` chooses another
  language first).  Nodes are stored sorted by id and edges by (subject, object, predicate),
  so everything computed on the projection is the same from one process to the next.
* **Edges** come from statement nodes whose ``rdf:predicate`` is a sub-property of
  ``szkg:relation`` in the ontology graph: one edge ``subject → object`` (the direction the
  sentence states) per distinct (subject, predicate, object), keyed by the predicate's local
  name, so parallel typed edges (华为 locatedIn 深圳 *and* 华为 partnersWith X) stay apart.
  Attributes: ``predicate``, ``symmetric`` (partnersWith, competesWith), ``statements`` — a
  list of ``Support(statement, quote, document, title)`` — and ``weight``, the number of
  independent pieces of evidence: distinct (document, quote) pairs.
* **Kept out**: statement nodes, observations, documents and indicators are never nodes;
  attributes (foundedYear, issuedYear) and ``szkg:mentions`` are never edges — only
  predicates under ``szkg:relation`` are.  Their counts are in ``G.graph["kept_out"]``;
  ``G.graph["symmetric"]`` lists the symmetric predicates.

For a metric the multigraph is collapsed (``collapse``) to a simple ``nx.Graph`` (default) or
``nx.DiGraph`` (symmetric predicates then point both ways).  All parallel edges between two
entities merge into one whose ``weight`` is the number of distinct (document, quote) pairs
behind any of them, ``distance`` = 1 / weight (for path metrics under ``--weighted``), and
``relations`` lists ``(predicate, subject, object, quotes)`` of what was merged.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple

from graph.errors import AnalysisError, NoPath, StoreError
from graph.names import LABEL_LANGS, pick_label
from graph.vocab import ENT, ENTITY_CLASSES, SZKG, local_name, sparql_prefixes

if TYPE_CHECKING:
    import networkx as nx


class Support(NamedTuple):
    """One statement behind an edge: its id, verbatim quote, document id and title."""

    statement: str
    quote: str
    document: str
    title: str


def _rows(store, name: str):
    """The rows of reader query ``name`` (graph/queries/read/<name>.rq)."""
    from graph.query.reads import read_query

    return store.query(sparql_prefixes() + read_query(name), use_default_graph_as_union=True)


def track(progress, rows, description: str, total: int | None = None):
    """Iterate ``rows`` under an optional rich-Progress-like ``progress.track``."""
    if progress is None:
        return rows
    return progress.track(rows, total=total, description=description)


def _node_attrs(iri: str, kind: str) -> dict:
    return {
        "iri": iri,
        "type": kind,
        "label_zh_hans": "",
        "label_zh_hant": "",
        "label_en": "",
        "alt_labels": (),
    }


def project(source: Any, progress: Any = None) -> nx.MultiDiGraph:
    """Read the entity graph out of a store (see the module docstring for the projection).

    ``source`` is a pyoxigraph Store, a store directory or a build directory; ``progress``
    is anything with rich's ``Progress.track`` signature.  StoreError if the store holds no
    ontology graph (then no predicate is known to be a relation).
    """
    import networkx as nx
    import pyoxigraph as ox

    from graph.store import connect

    store = connect(source)
    relations = {r["p"].value: r["sym"].value == "true" for r in _rows(store, "relations")}
    if not relations:
        raise StoreError(
            "the store has no ontology graph: no predicate is a sub-property of szkg:relation"
        )
    G = nx.MultiDiGraph()
    classes = {str(SZKG[c]): c for c in ENTITY_CLASSES}
    for row in _rows(store, "entities"):
        if row["type"].value in classes and row["e"].value.startswith(str(ENT)):
            G.add_node(
                local_name(row["e"].value),
                **_node_attrs(row["e"].value, classes[row["type"].value]),
            )
    for row in _rows(store, "entity-labels"):
        node = local_name(row["e"].value)
        if node not in G or not row["e"].value.startswith(str(ENT)):
            continue  # an indicator's labels (indicator/investment) are not the entity investment's
        attrs, label = G.nodes[node], row["l"]
        language = (label.language or "").lower()  # Oxigraph lower-cases language tags
        if row["kind"].value.endswith("altLabel"):
            attrs["alt_labels"] = tuple(sorted({*attrs["alt_labels"], label.value}))
        elif language in ("zh-hans", "zh-hant", "en"):
            attrs["label_" + language.replace("-", "_")] = label.value
    for node, attrs in G.nodes(data=True):
        attrs["label"] = label_in(attrs, DEFAULT_LANG) or node
    seen: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
    for row in track(progress, _rows(store, "statements"), "reading statements"):
        predicate = row["predicate"].value
        if predicate not in relations or not isinstance(row["object"], ox.NamedNode) or row["time"] is not None:
            continue  # attributes, and former or target facts: the graph is of what holds now
        s, p, o = local_name(row["subject"].value), local_name(predicate), local_name(row["object"].value)
        for node in (s, o):
            if node not in G:  # an entity outside g:entities: keep the edge, mark the type unknown
                G.add_node(node, **_node_attrs(str(ENT[node]), ""), label=node)
        doc = local_name(row["document"].value) if row["document"] else ""
        support = Support(
            local_name(row["statement"].value),
            row["quote"].value if row["quote"] else "",
            doc,
            row["title"].value if row["title"] else "",
        )
        if not G.has_edge(s, o, key=p):
            G.add_edge(
                s, o, key=p, predicate=p, symmetric=relations[predicate], statements=[], weight=0
            )
            seen[(s, p, o)] = set()
        edge = G.edges[s, o, p]
        if support not in edge["statements"]:  # one Support per quote of each statement
            edge["statements"].append(support)
            seen[(s, p, o)].add((support.document, support.quote))
            edge["weight"] = len(seen[(s, p, o)])
    for _s, _o, data in G.edges(data=True):
        data["statements"].sort()
    counts = next(iter(_rows(store, "kept-out")))
    G.graph["kept_out"] = {
        k: int(counts[k].value) for k in ("statements", "observations", "documents")
    }
    G.graph["symmetric"] = sorted(local_name(p) for p, symmetric in relations.items() if symmetric)
    G.graph["vocabulary"] = _vocabulary(store)
    G.graph["lang"] = DEFAULT_LANG
    return _sorted(G)


def _vocabulary(store) -> dict[str, dict[str, str]]:
    """The ontology's labels of classes and predicates: {local name: {zh-Hans, zh-Hant, en}}
    (zh-Hant by OpenCC from zh-Hans where the ontology has none)."""
    from graph.text import to_traditional

    found: dict[str, dict[str, str]] = {}
    for row in _rows(store, "ontology-labels"):
        tag = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get((row["l"].language or "").lower())
        if tag:
            found.setdefault(local_name(row["x"].value), {})[tag] = row["l"].value
    for labels in found.values():
        if "zh-Hans" in labels:
            labels.setdefault("zh-Hant", to_traditional(labels["zh-Hans"]))
    return dict(sorted(found.items()))


def term(G: nx.Graph, name: str, lang: str | None = None) -> str:
    """A class's or predicate's label in ``lang`` (default: the language ``relabel`` chose),
    falling back to the other languages, then to the name itself."""
    labels = G.graph.get("vocabulary", {}).get(name, {})
    return pick_label({t: labels.get(t, "") for t in LABEL_LANGS}, lang or G.graph.get("lang", DEFAULT_LANG)) or name


def _sorted(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with its nodes in id order and its edges in (subject, object, predicate) order.

    The store answers in an order of its own; networkx iterates in insertion order, and
    seeded sampling, Louvain and the order in which floating-point sums are added all follow
    that iteration.  Sorted, the same graph gives the same numbers in every process.
    """
    import networkx as nx

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda nd: nd[0]))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    return H


DEFAULT_LANG = "zh-Hans"


def label_in(attrs: dict, lang: str) -> str:
    """A node's label in ``lang`` (zh-Hans, zh-Hant or en), else in the other languages in
    the order of ``graph.names.LABEL_LANGS``; "" when it has none (the caller shows the id)."""
    if lang not in LABEL_LANGS:
        raise AnalysisError(f"unknown language {lang!r}; choose from {', '.join(LABEL_LANGS)}")
    return pick_label({t: attrs.get("label_" + t.lower().replace("-", "_"), "") for t in LABEL_LANGS}, lang)


def relabel(G: nx.Graph, lang: str = DEFAULT_LANG) -> nx.Graph:
    """Show ``G``'s nodes by their labels in ``lang`` (falling back zh-Hans → zh-Hant → en →
    id); returns ``G``, changed in place.  Every table, report and community name made from
    ``G`` afterwards uses these labels; ids, and so every order by id, stay as they were."""
    for node, attrs in G.nodes(data=True):
        attrs["label"] = label_in(attrs, lang) or node
    G.graph["lang"] = lang
    return G


def collapse(G: nx.MultiDiGraph, directed: bool = False, progress: Any = None) -> nx.Graph:
    """Merge parallel edges into one weighted edge per pair (see the module docstring)."""
    import networkx as nx

    relations: dict[tuple[str, str], list] = {}
    first: dict[tuple[str, str], dict] = {}  # the first edge of each pair
    evidence: dict[tuple[str, str], set[tuple[str, str]]] = {}  # only for pairs of several edges
    edges = G.edges(keys=True, data=True)
    what = "directed" if directed else "undirected"
    for s, o, p, data in track(progress, edges, f"merging edges ({what})", total=len(edges)):
        if s == o:
            continue
        if directed:
            pairs = [(s, o), (o, s)] if data["symmetric"] else [(s, o)]
        else:
            pairs = [(s, o) if s <= o else (o, s)]
        for pair in pairs:
            merged = relations.get(pair)
            if merged is None:
                relations[pair], first[pair] = [(p, s, o, data["weight"])], data
                continue
            merged.append((p, s, o, data["weight"]))
            found = evidence.get(pair)
            if found is None:
                found = evidence[pair] = {(x.document, x.quote) for x in first[pair]["statements"]}
            found.update((x.document, x.quote) for x in data["statements"])
    H = nx.DiGraph() if directed else nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))

    def merged_edge(pair):
        weight = max(len(evidence[pair]) if pair in evidence else first[pair]["weight"], 1)
        return (
            pair[0],
            pair[1],
            {"relations": relations[pair], "weight": weight, "distance": 1.0 / weight},
        )

    H.add_edges_from(merged_edge(pair) for pair in relations)
    return H


def label(G: nx.Graph, node: str) -> str:
    """The label to show for a node (see ``relabel``), else its id."""
    return G.nodes[node].get("label") or node


def parse_types(text: str | None) -> tuple[str, ...]:
    """``"Firm,Policy"`` → ``("Firm", "Policy")``; AnalysisError naming an unknown class."""
    if not text:
        return ()
    types = tuple(t.strip() for t in text.split(",") if t.strip())
    by_fold = {c.casefold(): c for c in ENTITY_CLASSES}
    unknown = [t for t in types if t.casefold() not in by_fold]
    if unknown:
        raise AnalysisError(
            f"unknown entity type {unknown[0]!r}; choose from {', '.join(ENTITY_CLASSES)}"
        )
    return tuple(by_fold[t.casefold()] for t in types)


#: name index per graph, built on first use (kept out of G.graph so the graph stays serialisable)
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class _Node:
    """A node of the projection as a name candidate (see graph.names.choose)."""

    id: str
    names: tuple[str, ...]
    _keys: list[str] = field(default_factory=list)

    def keys(self) -> list[str]:
        if not self._keys:
            from graph.names import name_keys

            self._keys = name_keys(self.names)
        return self._keys


def _name_index(G: nx.Graph) -> tuple[dict[str, set[str]], dict[str, _Node]]:
    from graph.names import name_key

    index: dict[str, set[str]] = {}
    nodes: dict[str, _Node] = {}
    for node, attrs in G.nodes(data=True):
        names = tuple(filter(None, dict.fromkeys((
            node,
            attrs.get("label_zh_hans"),
            attrs.get("label_zh_hant"),
            attrs.get("label_en"),
            *attrs.get("alt_labels", ()),
        ))))
        nodes[node] = _Node(node, names)
        for name in names:
            index.setdefault(name_key(name), set()).add(node)
    return index, nodes


def resolve(G: nx.Graph, name: str) -> str:
    """The node a user's name denotes: an id, or any label or alias in any script or case.

    The same keys and the same policy as the store's resolver (graph.names), looked up in the
    projected graph, which may come from a store without name keys: UnknownName with the
    closest names when nothing matches, AmbiguousName with every candidate when several do.
    """
    from graph.names import choose, name_key

    if name in G:
        return name
    cached = _INDEXES.get(G)
    if cached is None:
        cached = _INDEXES[G] = _name_index(G)
    index, nodes = cached
    found = [nodes[n] for n in index.get(name_key(name.strip()), ())]
    return choose(name, found, lambda: nodes.values(), lambda c: f"{label(G, c.id)} ({c.id})").id


@dataclass
class GraphStats:
    """Counts and shape of a projection, for ``szkg stats``."""

    nodes: int
    edges: int  #: typed edges of the multigraph: distinct (subject, predicate, object)
    pairs: int  #: entity pairs linked by at least one edge (the undirected collapse)
    statements: int  #: relation statements behind the edges
    nodes_per_type: Counter = field(default_factory=Counter)
    edges_per_predicate: Counter = field(default_factory=Counter)
    statements_per_predicate: Counter = field(default_factory=Counter)
    density: float = 0.0  #: of the undirected collapse
    components: int = 0  #: connected components, isolated entities included
    largest_component: int = 0
    isolated: int = 0
    kept_out: dict[str, int] = field(default_factory=dict)


def stats(G: nx.MultiDiGraph, progress: Any = None) -> GraphStats:
    """Node and edge counts per type and predicate, density and connected components."""
    import networkx as nx

    U = collapse(G, progress=progress)
    components = list(nx.connected_components(U))
    result = GraphStats(
        G.number_of_nodes(),
        G.number_of_edges(),
        U.number_of_edges(),
        sum(len(d["statements"]) for _s, _o, d in G.edges(data=True)),
        density=nx.density(U) if len(U) > 1 else 0.0,
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        isolated=sum(1 for _ in nx.isolates(U)),
        kept_out=dict(G.graph.get("kept_out", {})),
    )
    result.nodes_per_type.update(t or "(untyped)" for _n, t in G.nodes(data="type"))
    for _s, _o, data in G.edges(data=True):
        result.edges_per_predicate[data["predicate"]] += 1
        # a statement with two quotes is two Supports of one statement
        result.statements_per_predicate[data["predicate"]] += len({x.statement for x in data["statements"]})
    return result


@dataclass(frozen=True)
class Hop:
    """One step of an evidence path: the entities and every statement linking them."""

    source: str
    target: str
    #: (predicate, subject, object, supports) of each typed edge between the two, either direction
    relations: tuple[tuple[str, str, str, tuple[Support, ...]], ...]


def hop(G: nx.MultiDiGraph, u: str, v: str) -> Hop:
    """Everything the graph states between ``u`` and ``v``, in both directions."""
    found = []
    for s, o in ((u, v), (v, u)):
        if G.has_edge(s, o):
            for p, data in sorted(G[s][o].items()):
                found.append((p, s, o, tuple(data["statements"])))
    return Hop(u, v, tuple(found))


def evidence_paths(
    G: nx.MultiDiGraph,
    a: str,
    b: str,
    limit: int = 5,
    directed: bool = False,
    weighted: bool = False,
) -> list[list[Hop]]:
    """Up to ``limit`` shortest paths from entity ``a`` to ``b``, each a list of hops.

    Undirected by default (a hop may go against the stated direction; each relation says
    which way it points); ``directed`` follows subject → object only.  ``weighted`` prefers
    hops with more independent evidence (distance = 1 / weight).  NoPath if none exists.
    """
    import networkx as nx

    a, b = resolve(G, a), resolve(G, b)
    if a == b:
        raise AnalysisError(f"{label(G, a)!r} and {label(G, b)!r} are the same entity")
    H = collapse(G, directed=directed)
    try:
        paths = list(
            islice(nx.all_shortest_paths(H, a, b, weight="distance" if weighted else None), limit)
        )
    except nx.NetworkXNoPath:
        paths = []
    if not paths:
        how = "following the stated direction" if directed else "in any direction"
        raise NoPath(f"no path from {label(G, a)} to {label(G, b)} {how}")
    return [[hop(G, u, v) for u, v in zip(path, path[1:], strict=False)] for path in paths]


@dataclass(frozen=True)
class Community:
    """A Louvain community, named by its dominant industry or place."""

    name: str  #: label of the naming entity
    named_by: str  #: id of the naming entity
    #: ``Industry`` or ``Place`` (the type of the naming entity), or ``member`` when no industry
    #: or place is in or linked to the community (then its most linked member names it)
    basis: str
    members: tuple[str, ...]  #: ids, most connected inside the community first
    inside: bool = True  #: the naming entity is a member (else the one most linked from outside)


_NAMING_TYPES = ("Industry", "Place")


def _community_name(U, members: set[str]) -> tuple[str, str, bool]:
    """(naming node, basis, inside): the member Industry or Place with most links inside the
    community; failing that, the outside Industry or Place most linked to its members."""
    inside: Counter = Counter()
    outside: Counter = Counter()
    for node in members:
        for other, data in U[node].items():
            if U.nodes[other].get("type") in _NAMING_TYPES:
                (inside if other in members else outside)[other] += data["weight"]
        if U.nodes[node].get("type") in _NAMING_TYPES:
            inside[node] += 0  # a member industry or place is a candidate even without inner links
    for score, is_inside in ((inside, True), (outside, False)):
        if score:
            best = min(score, key=lambda n: (-score[n], -U.degree(n), n))
            return best, U.nodes[best]["type"], is_inside
    best = min(members, key=lambda n: (-U.degree(n), n))
    return best, "member", True


def communities(
    G: nx.MultiDiGraph,
    seed: int = 42,
    resolution: float = 1.0,
    weighted: bool = True,
    progress: Any = None,
    fast_above: int | None = None,
) -> list[Community]:
    """Louvain communities of the undirected collapse, reproducible for a given ``seed``.

    Largest first; isolated entities come out as one-member communities.  Up to
    ``fast_above`` entities (default ``fastmetrics.FAST_ABOVE``) networkx's
    ``louvain_communities`` finds them, above igraph's multilevel Louvain (same seed, same
    communities; not networkx's partition for that seed, but one of the same quality).
    """
    from graph.analysis import fastmetrics

    U = collapse(G, progress=progress)
    found = fastmetrics.communities(
        U,
        weight="weight" if weighted else None,
        resolution=resolution,
        seed=seed,
        fast_above=fastmetrics.FAST_ABOVE if fast_above is None else fast_above,
    )
    result = []
    for members in track(progress, found, "naming communities"):
        inside = {n: sum(1 for m in U[n] if m in members) for n in members}
        named_by, basis, is_inside = _community_name(U, members)
        ordered = tuple(sorted(members, key=lambda n: (-inside[n], -U.degree(n), n)))
        result.append(Community(label(U, named_by), named_by, basis, ordered, is_inside))
    result.sort(key=lambda c: (-len(c.members), c.named_by, c.members))  # by id: any --lang
    return result
