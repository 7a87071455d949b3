"""A remote SPARQL 1.1 store: the Protocol for queries, Update, and the Graph Store Protocol.

szkg talks to the server; it does not reimplement it.  One URL says where the server is;
an optional ``flavour+`` prefix (``virtuoso+``, ``fuseki+``, ``graphdb+``, ``oxigraph+``,
``sparql+``) says how its endpoints are laid out, else it is guessed from the URL's shape:

========  ==================================  ===============  ================================
flavour   URL to give                         update endpoint  Graph Store Protocol endpoint
========  ==================================  ===============  ================================
virtuoso  http://host:8890/sparql             the same         http://host:8890/sparql-graph-crud
fuseki    http://host:3030/DATASET            DATASET/update   DATASET/data
graphdb   http://host:7200/repositories/REPO  REPO/statements  REPO/rdf-graphs/service
oxigraph  http://host:7878                    /update          /store
sparql    any query endpoint                  the same         the same (``?graph=``)
========  ==================================  ===============  ================================

Reads see the default graph as the union of szkg's named graphs, as in the embedded store:
Virtuoso and GraphDB do that natively; Oxigraph is asked with ``union-default-graph``; for
Fuseki and unknown servers szkg lists its graphs as ``default-graph-uri``/``named-graph-uri``.

Loading (``load_build``) puts one named graph per request with GSP ``PUT``, so a document's
graph is replaced whole and nothing else is touched.  A manifest graph (``g:manifest``)
records each graph's SHA-256; a graph whose hash did not change is not sent again, and
szkg graphs on the server that the build no longer has are deleted.  Every request stands
alone (no client-side transaction), so a failed load cannot leak into the next one — the
trap of rdflib's SPARQLUpdateStore, which re-sends a failed edit until ``rollback()``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import QueryError, QueryTimeout, StoreError
from graph.store.embedded import graph_hash
from graph.store.sparql import (  # one per-graph hash for both stores (the build's manifest too)
    inject_values,
    query_form,
)
from graph.vocab import BASE, GRAPH, ONTOLOGY_GRAPH, SZKG

FLAVOURS = ("virtuoso", "fuseki", "graphdb", "oxigraph", "sparql")
MANIFEST_GRAPH = GRAPH["manifest"]
GRAPH_PREFIX = str(GRAPH)
#: Triples per GSP request: a bigger graph is PUT in its first chunk, POSTed (merged) in the rest.
CHUNK = 200_000
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server answers queries, updates and Graph Store Protocol requests."""

    url: str
    flavour: str
    query: str
    update: str
    graph_store: str
    #: "native" (the server's default graph is already the union), "param" (Oxigraph's
    #: ``union-default-graph``) or "explicit" (list szkg's graphs with every query).
    union: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0


def _guess_flavour(url: str) -> str:
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    if path.endswith(("/sparql", "/sparql-auth")) and "/repositories/" not in path:
        return "virtuoso"
    if "/repositories/" in path:
        return "graphdb"
    if urllib.parse.urlsplit(url).port == 3030:
        return "fuseki"
    if path in ("", "/query") or urllib.parse.urlsplit(url).port == 7878:
        return "oxigraph"
    return "sparql"


def endpoint(
    url: str,
    *,
    query: str | None = None,
    update: str | None = None,
    graph_store: str | None = None,
    union: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
) -> Endpoint:
    """The endpoints of the server at ``url`` (see the module docstring); explicit ones win."""
    flavour, sep, rest = url.partition("+")
    if sep and flavour in FLAVOURS and rest.startswith(("http://", "https://")):
        url = rest
    elif url.startswith(("http://", "https://")):
        flavour = _guess_flavour(url)
    else:
        raise StoreError(
            f"{url}: not a store URL; give http(s)://… optionally prefixed by one of "
            + ", ".join(f"{f}+" for f in FLAVOURS)
        )
    base = url.rstrip("/")
    if flavour == "virtuoso":
        root = base.rsplit("/", 1)[0]
        gsp = root + ("/sparql-graph-crud-auth" if base.endswith("-auth") else "/sparql-graph-crud")
        layout = (base, base, gsp, "native")
    elif flavour == "fuseki":
        dataset = base.rsplit("/", 1)[0] if base.rsplit("/", 1)[-1] in ("sparql", "query") else base
        layout = (
            dataset + "/query" if dataset == base else base,
            dataset + "/update",
            dataset + "/data",
            "explicit",
        )
    elif flavour == "graphdb":
        layout = (base, base + "/statements", base + "/rdf-graphs/service", "native")
    elif flavour == "oxigraph":
        root = base.removesuffix("/query")
        layout = (root + "/query", root + "/update", root + "/store", "param")
    else:
        layout = (base, base, base, "explicit")
    if union is not None and union not in ("native", "param", "explicit"):
        raise StoreError(f"union = {union!r}: expected native, param or explicit")
    return Endpoint(
        url,
        flavour,
        query or layout[0],
        update or layout[1],
        graph_store or layout[2],
        union or layout[3],
        user,
        password,
        timeout,
    )


class RemoteStore:
    """A SPARQL server behind pyoxigraph's ``Store.query`` interface (what szkg's readers call).

    Results are pyoxigraph's own types (``QuerySolutions``, ``QueryBoolean``, triples), so code
    written against the embedded store runs unchanged.
    """

    def __init__(self, where: Endpoint | str):
        self.endpoint = endpoint(where) if isinstance(where, str) else where
        self._graphs: list[str] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.url!r}, flavour={self.endpoint.flavour!r})"

    # ------------------------------------------------------------------ HTTP
    def _request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict | None = None,
        timeout: float | None = None,
        what: str = "request",
    ) -> tuple[bytes, str]:
        headers = dict(headers or {})
        ep = self.endpoint
        if ep.user is not None:
            token = base64.b64encode(f"{ep.user}:{ep.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        limit = timeout or ep.timeout
        try:
            with urllib.request.urlopen(request, timeout=limit) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            with exc:
                detail = _first_line(exc.read())
            error = QueryError if what == "query" else StoreError
            raise error(
                f"{url}: {what} refused: HTTP {exc.code} {exc.reason}"
                + (f": {detail}" if detail else "")
            ) from None
        except TimeoutError:  # a query's is QueryTimeout: an endpoint in front answers 503, as at its deadline
            error = QueryTimeout if what == "query" else StoreError
            raise error(f"{url}: {what} timed out after {limit:g} s") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"{url}: cannot reach the store: {exc.reason}") from None
        except OSError as exc:
            raise StoreError(f"{url}: cannot reach the store: {exc}") from None

    def _gsp(self, method: str, graph: str, body: bytes | None = None) -> None:
        sep = "&" if "?" in self.endpoint.graph_store else "?"
        url = self.endpoint.graph_store + sep + urllib.parse.urlencode({"graph": graph})
        headers = {"Content-Type": "application/n-triples"} if body is not None else {}
        try:
            self._request(method, url, body, headers, what=f"{method} of graph <{graph}>")
        except StoreError as exc:
            if method == "DELETE" and "HTTP 404" in str(exc):
                return  # already gone
            raise

    # ------------------------------------------------------------------ reading
    def graphs(self, refresh: bool = False) -> list[str]:
        """szkg's named graphs on the server (the manifest graph excluded), sorted."""
        if self._graphs is None or refresh:
            rows = self.query(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}',
                use_default_graph_as_union=False,
            )
            self._graphs = sorted(r["g"].value for r in rows if r["g"].value != str(MANIFEST_GRAPH))
        return self._graphs

    def with_timeout(self, timeout: float) -> RemoteStore:
        """The same server with ``timeout`` seconds per request (the graph list is shared)."""
        import dataclasses

        limited = RemoteStore(dataclasses.replace(self.endpoint, timeout=timeout))
        limited._graphs = self._graphs
        return limited

    def named_graphs(self) -> list[str]:
        """szkg's named graphs on the server (the :class:`graph.store.Store` contract)."""
        return list(self.graphs(refresh=True))

    def describe(self) -> str:
        return f"{self.endpoint.flavour} SPARQL server {self.endpoint.url}"

    def _dataset_params(self, union: bool) -> list[tuple[str, str]]:
        if not union or self.endpoint.union == "native":
            return []
        if self.endpoint.union == "param":
            return [("union-default-graph", "true")]
        graphs = self.graphs()
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        prefixes: dict[str, str] | None = None,
        substitutions: dict | None = None,
        default_graph: list | None = None,
        named_graphs: list | None = None,
        timeout: float | None = None,
    ):
        """Run a SPARQL query; pyoxigraph results, QueryError if the server refuses or times out.

        The keywords are pyoxigraph ``Store.query``'s, so code written for the embedded store
        runs here unchanged.  ``prefixes`` become PREFIX lines; ``substitutions`` (variable →
        term) a ``VALUES`` block opening the WHERE group (see ``inject_values``);
        ``default_graph`` and ``named_graphs`` the protocol's ``default-graph-uri`` and
        ``named-graph-uri``.
        """
        import pyoxigraph as ox

        if prefixes:
            sparql = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes.items()) + sparql
        if substitutions:
            names = " ".join(f"?{getattr(v, 'value', v)}" for v in substitutions)
            values = " ".join(str(t) for t in substitutions.values())
            sparql = inject_values(sparql, f"VALUES ({names}) {{ ({values}) }}")
        if default_graph or named_graphs:
            dataset = [
                ("default-graph-uri", getattr(g, "value", str(g))) for g in default_graph or ()
            ]
            dataset += [
                ("named-graph-uri", getattr(g, "value", str(g))) for g in named_graphs or ()
            ]
        else:
            dataset = self._dataset_params(use_default_graph_as_union)
        body = urllib.parse.urlencode([("query", sparql), *dataset]).encode()
        accept = (
            _ACCEPT_GRAPH if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else _ACCEPT_RESULTS
        )
        data, ctype = self._request(
            "POST",
            self.endpoint.query,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            timeout,
            "query",
        )
        ctype = ctype.split(";")[0].strip().lower()
        try:
            if ctype in ("application/sparql-results+json", "application/json"):
                if b'"bnode"' in data:  # Virtuoso's "nodeID://b1" labels: pyoxigraph refuses them
                    data = _relabel_blank_nodes(data)
                return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            if ctype in ("application/sparql-results+xml", "application/xml"):
                return ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
            fmt = (
                ox.RdfFormat.from_media_type(ctype) or ox.RdfFormat.N_TRIPLES
            )  # text/plain: N-Triples
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"{self.endpoint.query}: unreadable answer ({ctype}): {exc}") from None

    def __len__(self) -> int:
        """Triples in szkg's graphs."""
        row = next(
            iter(
                self.query(
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                    f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}") && ?g != <{MANIFEST_GRAPH}>) }}',
                    use_default_graph_as_union=False,
                )
            )
        )
        return int(row["n"].value)

    # ------------------------------------------------------------------ writing
    def update(self, sparql: str, timeout: float | None = None) -> None:
        """Run a SPARQL 1.1 Update; StoreError if the server refuses it."""
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._request(
            "POST",
            self.endpoint.update,
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
            timeout,
            "update",
        )
        self._graphs = None

    def put_graph(self, graph: str, triples: list) -> None:
        """Replace named graph ``graph`` by ``triples`` (pyoxigraph Triples), in chunks of CHUNK."""
        import pyoxigraph as ox

        for n, start in enumerate(range(0, max(len(triples), 1), CHUNK)):
            body = (
                ox.serialize(triples[start : start + CHUNK], format=ox.RdfFormat.N_TRIPLES) or b""
            )
            self._gsp("PUT" if n == 0 else "POST", graph, body)
        self._graphs = None

    def delete_graph(self, graph: str) -> None:
        """Drop named graph ``graph`` (nothing happens if it is not there)."""
        self._gsp("DELETE", graph)
        self._graphs = None

    def manifest(self) -> dict[str, str]:
        """Graph IRI → SHA-256 of its content when szkg last loaded it."""
        rows = self.query(
            f"SELECT ?g ?h WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?g <{SZKG}graphHash> ?h }} }}",
            use_default_graph_as_union=False,
        )
        return {r["g"].value: r["h"].value for r in rows}

    def write_manifest(self, hashes: dict[str, str]) -> None:
        import pyoxigraph as ox

        predicate = ox.NamedNode(f"{SZKG}graphHash")
        triples = [
            ox.Triple(ox.NamedNode(g), predicate, ox.Literal(h)) for g, h in sorted(hashes.items())
        ]
        if triples:
            self.put_graph(str(MANIFEST_GRAPH), triples)
        else:
            self.delete_graph(str(MANIFEST_GRAPH))


def _relabel_blank_nodes(data: bytes) -> bytes:
    """SPARQL JSON results with every blank node label made a valid one (same label, same node)."""
    import json

    results = json.loads(data)
    for binding in results.get("results", {}).get("bindings", []):
        for value in binding.values():
            if value.get("type") == "bnode":
                value["value"] = "b" + hashlib.sha1(value["value"].encode()).hexdigest()[:16]
    return json.dumps(results).encode()


def _first_line(body: bytes) -> str:
    """The most telling line of a server's error page (HTML stripped), at most 200 characters."""
    import html

    text = html.unescape(re.sub(r"<[^>]+>", "\n", body.decode("utf-8", "replace")))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    telling = [
        ln for ln in lines if re.search(r"error|denied|exception|invalid|syntax|parse", ln, re.I)
    ]
    return (telling or lines or [""])[-1 if telling else 0][:200]


@dataclass
class LoadReport:
    """What ``load_build`` did: graphs replaced, deleted and left as they were."""

    url: str
    put: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples: int = 0


def build_graphs(out_dir: Path, ontology: Path | None = None) -> dict[str, list]:
    """The named graphs of a build: its N-Quads dump, plus the ontology graph (from the build's
    store, else from ``ontology``, default ``ontology/szkg.ttl``)."""
    import pyoxigraph as ox

    dump = Path(out_dir) / "szkg.nq"
    if not dump.is_file():
        raise StoreError(f"{dump}: no N-Quads dump here; run `szkg build` first")
    graphs: dict[str, list] = {}
    for q in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS):
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise StoreError(
                f"{dump}: a triple outside any named graph: {q.subject} {q.predicate} {q.object}"
            )
        graphs.setdefault(q.graph_name.value, []).append(
            ox.Triple(q.subject, q.predicate, q.object)
        )
    name = ox.NamedNode(str(ONTOLOGY_GRAPH))
    store_dir = Path(out_dir) / "store"
    if str(ONTOLOGY_GRAPH) not in graphs and store_dir.is_dir():
        store = ox.Store.read_only(str(store_dir))
        onto = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, name)
        ]
        if onto:
            graphs[str(ONTOLOGY_GRAPH)] = onto
    if str(ONTOLOGY_GRAPH) not in graphs:
        from graph.layout import default_ontology

        path = Path(ontology) if ontology else default_ontology() / "szkg.ttl"
        try:
            graphs[str(ONTOLOGY_GRAPH)] = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"{path}: cannot read the ontology: {exc}") from None
    return graphs


def load_build(
    where: Endpoint | str | RemoteStore,
    out_dir: Path,
    ontology: Path | None = None,
    progress: Any = None,
) -> LoadReport:
    """Make the server's szkg graphs equal to the build in ``out_dir``; touch only what changed.

    Changed or new graphs are PUT (replaced whole), szkg graphs the build no longer has are
    deleted, and the manifest is rewritten even when a request fails midway, so the next
    load redoes exactly what is still different.  ``progress``: anything with rich's
    ``Progress.track`` signature.
    """
    store = where if isinstance(where, RemoteStore) else RemoteStore(where)
    local = build_graphs(out_dir, ontology)
    hashes = {g: graph_hash(t) for g, t in local.items()}
    remote = store.manifest()
    present = set(store.graphs(refresh=True))
    report = LoadReport(store.endpoint.url, triples=sum(len(t) for t in local.values()))
    done = {g: h for g, h in remote.items() if g in present}
    todo = [g for g in sorted(local) if done.get(g) != hashes[g] or g not in present]
    report.unchanged = [g for g in sorted(local) if g not in todo]
    stale = sorted((present | set(remote)) - set(local))
    steps = [("put", g) for g in todo] + [("delete", g) for g in stale]
    if progress is not None:
        steps = progress.track(steps, total=len(steps), description=f"loading {store.endpoint.url}")
    try:
        for action, g in steps:
            done.pop(g, None)
            if action == "put":
                store.put_graph(g, local[g])
                done[g] = hashes[g]
                report.put.append(g)
            else:
                store.delete_graph(g)
                report.deleted.append(g)
    except BaseException:
        with contextlib.suppress(StoreError):  # the first error is the one to report
            store.write_manifest(done)
        raise
    if report.put or report.deleted or set(remote) != set(done):
        store.write_manifest(done)
    return report


def open_remote(url: str, **options: Any) -> RemoteStore:
    """A RemoteStore for ``url`` (see ``endpoint`` for the options)."""
    return RemoteStore(endpoint(url, **options))


def query(url: str | RemoteStore, sparql: str, timeout: float = 60.0, **options: Any):
    """Run one query on the server at ``url``; pyoxigraph results (see ``RemoteStore.query``)."""
    store = url if isinstance(url, RemoteStore) else RemoteStore(url)
    return store.query(sparql, timeout=timeout, **options)


__all__ = [
    "Endpoint",
    "LoadReport",
    "RemoteStore",
    "endpoint",
    "load_build",
    "open_remote",
    "query",
    "graph_hash",
    "build_graphs",
    "BASE",
    "MANIFEST_GRAPH",
]
