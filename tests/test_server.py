"""The SPARQL endpoint: the Protocol with real clients, content negotiation, safety and timeouts."""

from __future__ import annotations

import html
import json
import os
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from graph.query.server import ServerConfig, make_server, negotiate
from graph.vocab import ENT

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUAWEI_LABELS = ("SELECT ?l WHERE { <https://w3id.org/szkg/id/huawei> "
                 "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")


class Canary:
    """A local HTTP server that records every request it gets: nothing should reach it."""

    def __init__(self):
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                requests.append((self.command, self.path))
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary():
    server = Canary()
    yield server
    server.close()


def running(config: ServerConfig):
    server = make_server(config, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="module")
def explorer_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    path.write_text("<!DOCTYPE html><title>explorer</title><p>graph</p>", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(store_path, explorer_file):
    srv = running(ServerConfig(store_path, timeout=2, max_rows=500, workers=2, quiet=True, explorer=explorer_file))
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def endpoint(server) -> str:
    return server.url + "sparql"


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of a request, error statuses included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers, exc.read()


def get(endpoint: str, query: str, accept: str = "", **params):
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, **params})
    return fetch(url, headers={"Accept": accept} if accept else {})


def post_form(endpoint: str, **fields):
    return fetch(endpoint, data=urllib.parse.urlencode(fields).encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})


# ---------------------------------------------------------------- real clients


def test_sparqlwrapper_gets_select_ask_and_construct_answers(endpoint):
    from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                    "SELECT ?l WHERE { <https://w3id.org/szkg/id/huawei> skos:prefLabel ?l }")
    client.setReturnFormat(JSON)
    labels = {b["l"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert labels == {"华为", "華為", "Huawei"}
    client.setMethod(POST)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert {n.firstChild.data for n in document.getElementsByTagName("literal")} == labels
    client.setQuery("ASK { <https://w3id.org/szkg/id/policy-18-1987> <https://w3id.org/szkg/ontology#enabled> "
                    "<https://w3id.org/szkg/id/huawei> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT WHERE { <https://w3id.org/szkg/id/huawei> "
                    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    from rdflib import Graph

    assert len(Graph().parse(data=turtle, format="turtle")) == 3


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query(HUAWEI_LABELS))
    assert {row.l for row in rows} == {Literal("华为", lang="zh-hans"), Literal("華為", lang="zh-hant"),
                                       Literal("Huawei", lang="en")}
    enabled = URIRef("https://w3id.org/szkg/ontology#enabled")
    assert (URIRef(str(ENT["policy-18-1987"])), enabled, URIRef(str(ENT["huawei"]))) in graph
    constructed = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/szkg/id/huawei> AS ?s) "
                              "?s ?p ?o }").graph
    assert len(constructed) > 3


# ---------------------------------------------------------------- the Protocol and its formats


@pytest.mark.parametrize("accept, media, marker", [
    ("application/sparql-results+json", "application/sparql-results+json", b'"bindings"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
    ("text/csv", "text/csv", b"l\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values", b"?l\n"),
    ("", "application/sparql-results+json", b'"bindings"'),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", b"<table>"),
])
def test_select_answers_follow_accept(endpoint, accept, media, marker):
    status, headers, body = get(endpoint, HUAWEI_LABELS, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert marker in body and "华为".encode() in body


@pytest.mark.parametrize("accept, media, rdf_format", [
    ("text/turtle", "text/turtle", "TURTLE"),
    ("application/n-triples", "application/n-triples", "N_TRIPLES"),
    ("application/ld+json", "application/ld+json", "JSON_LD"),
    ("application/rdf+xml", "application/rdf+xml", "RDF_XML"),
])
def test_graph_answers_follow_accept(endpoint, accept, media, rdf_format):
    import pyoxigraph as ox

    status, headers, body = get(endpoint, "CONSTRUCT WHERE { ent:huawei skos:prefLabel ?l }", accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    triples = list(ox.parse(body, format=getattr(ox.RdfFormat, rdf_format)))
    assert {q.object.value for q in triples} == {"华为", "華為", "Huawei"}


def test_post_form_and_sparql_query_bodies_and_the_format_parameter(endpoint):
    status, _, body = post_form(endpoint, query=HUAWEI_LABELS)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    status, headers, body = fetch(endpoint + "?format=csv", data=HUAWEI_LABELS.encode(),
                                  headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and "華為".encode() in body


def test_negotiation_honours_q_values():
    table = {"text/csv": "csv", "application/sparql-results+json": "json"}
    assert negotiate("text/csv;q=0.5, application/sparql-results+json", table, "json") == "json"
    assert negotiate("text/csv, application/sparql-results+json;q=0.1", table, "json") == "csv"
    assert negotiate("image/png", table, "json") == "json"


@pytest.mark.parametrize("request_args, status, message", [
    (dict(query="SELECT * WHERE {\n ?s ?p ?o .\n FILTER( }"), 400, "line 3, column"),
    (dict(), 400, "exactly one query"),
    (dict(query="SELECT ?s WHERE { ?s ?p ?o }"), 422, "more than 500 rows"),
])
def test_bad_requests_get_4xx_with_a_message(endpoint, request_args, status, message):
    url = endpoint + ("?" + urllib.parse.urlencode(request_args) if request_args else "")
    code, _, body = fetch(url)
    assert code == status and message in body.decode("utf-8") and "Traceback" not in body.decode("utf-8")


def test_unknown_paths_body_types_and_huge_bodies_are_refused(server, endpoint):
    assert fetch(server.url + "nope")[0] == 404
    assert fetch(endpoint, data=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    big = b"query=" + b"x" * 1_100_000
    assert fetch(endpoint, data=big, headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 413


# ---------------------------------------------------------------- safety


def test_the_canary_sees_oxigraph_fetch_a_service_when_nothing_stops_it(canary):
    """Control: without the inspection, Oxigraph itself calls the SERVICE URL."""
    import pyoxigraph as ox

    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{canary.port}/> {{ ?s ?p ?o }} }}"))
    assert canary.requests


def outside_requests(port: int) -> list[tuple[str, dict]]:
    """(query or update, extra protocol parameters) that would reach the canary."""
    base = f"http://127.0.0.1:{port}/"
    return [
        ("query", {"query": f"SELECT * WHERE {{ SERVICE <{base}> {{ ?s ?p ?o }} }}"}),
        ("query", {"query": f"SELECT * WHERE {{ SERVICE SILENT <{base}> {{ ?s ?p ?o }} }}"}),
        ("query", {"query": f"SELECT * FROM <{base}g> WHERE {{ ?s ?p ?o }}"}),
        ("query", {"query": f"SELECT * FROM NAMED <{base}g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
        ("query", {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": f"{base}g"}),
        ("query", {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}),
        ("update", {"update": f"LOAD <{base}data.ttl>"}),
        ("update", {"update": "LOAD <file:///etc/passwd>"}),
        ("update", {"update": f"LOAD SILENT <{base}data.ttl> INTO GRAPH <https://w3id.org/szkg/graph/x>"}),
    ]


def assert_refused_without_a_request(endpoint: str, canary: Canary) -> None:
    for kind, fields in outside_requests(canary.port):
        status, _, body = post_form(endpoint, **fields) if kind == "update" else get(endpoint, **fields)
        text = body.decode("utf-8")
        assert status == 403, (fields, status, text)
        assert "refused" in text and "root:" not in text
    time.sleep(0.2)
    assert canary.requests == []


def test_service_load_and_foreign_datasets_are_refused_and_nothing_is_fetched(endpoint, canary):
    assert_refused_without_a_request(endpoint, canary)


def test_updates_are_refused_unless_allowed(endpoint):
    status, _, body = post_form(endpoint, update="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 403 and b"updates are refused" in body
    status, _, body = get(endpoint, "", update="DROP ALL")
    assert status == 400 and b"POST" in body


@pytest.fixture
def writable(store_path, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    srv = running(ServerConfig(copy, timeout=5, allow_update=True, quiet=True))
    yield srv
    srv.shutdown()
    srv.server_close()


def test_with_allow_update_updates_change_the_store_but_nothing_is_ever_fetched(writable, canary):
    endpoint = writable.url + "sparql"
    status, _, _ = post_form(endpoint, update='INSERT DATA { GRAPH <https://w3id.org/szkg/graph/notes> '
                                              '{ <urn:x:a> <urn:x:b> "added" } }')
    assert status == 200
    status, _, body = get(endpoint, "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }")
    assert status == 200 and b'"added"' in body
    status, _, body = fetch(endpoint, data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     "Origin": "http://evil.test"})
    assert status == 403 and b"another site" in body
    assert_refused_without_a_request(endpoint, canary)


def test_a_query_past_the_timeout_gets_503_and_the_server_keeps_serving(server, endpoint):
    before = server.worker_pids()
    start = time.monotonic()
    status, headers, body = get(endpoint, CROSS_JOIN)
    assert status == 503 and b"timed out" in body and headers["Retry-After"]
    assert time.monotonic() - start < 20
    # the worker that ran the query ended itself; the supervisor reaps it and starts another
    deadline = time.monotonic() + 30
    while (not before - server.worker_pids() or len(server.worker_pids()) < len(before)) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    killed = before - server.worker_pids()
    assert len(killed) == 1, "the worker that ran the query was ended, and only it"
    assert len(server.worker_pids()) == len(before), "a new worker took its place"
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    for _ in range(2 * len(before)):  # every worker answers
        status, _, body = get(endpoint, HUAWEI_LABELS)
        assert status == 200 and "华为".encode() in body


def test_a_card_past_the_timeout_gets_503_too(store_path):
    """The entity page's queries run under the same deadline (a 0.001 s one cannot be met)."""
    srv = running(ServerConfig(store_path, timeout=0.001, workers=1, quiet=True))
    try:
        status, headers, body = fetch(srv.url + "entity/huawei")
        assert status == 503 and b"timed out" in body and headers["Retry-After"] == "1"
    finally:
        srv.shutdown()
        srv.server_close()


# ---------------------------------------------------------------- the page and the explorer


def test_the_page_has_a_query_box_and_every_saved_question(server):
    from graph.query.questions import saved_questions

    status, headers, body = fetch(server.url)
    text = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert '<textarea name="query"' in text and 'action="/sparql"' in text
    for name, question in saved_questions().items():
        assert name in text and html.escape(question.description) in text
    assert 'href="/explorer"' in text


def test_everything_on_the_page_is_escaped(server, endpoint):
    evil = "<script>alert(1)</script>"
    _, _, body = fetch(server.url + "?" + urllib.parse.urlencode({"query-text": evil}))
    assert evil.encode() not in body and b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
    query = f'SELECT ?x WHERE {{ VALUES ?x {{ "{evil}" }} }}'
    status, _, body = get(endpoint, query, format="html")
    assert status == 200 and evil.encode() not in body and b"&lt;script&gt;" in body
    status, _, body = get(endpoint, query + " }", "text/html")
    assert status == 400 and evil.encode() not in body and b'class="error"' in body


def test_the_explorer_is_served_with_a_strict_content_type(server, explorer_file):
    status, headers, body = fetch(server.url + "explorer")
    assert status == 200 and body == explorer_file.read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["X-Content-Type-Options"] == "nosniff"


def test_no_explorer_yet_is_a_404(store_path, tmp_path):
    srv = running(ServerConfig(store_path, workers=1, quiet=True, explorer=tmp_path / "missing.html"))
    try:
        assert fetch(srv.url + "explorer")[0] == 404
        assert b'href="/explorer"' not in fetch(srv.url)[2]
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "BREW"])
def test_an_unsupported_method_is_405_with_allow(endpoint, method):
    status, headers, body = fetch(endpoint, data=b"x" if method != "DELETE" else None, method=method)
    assert status == 405, (status, body[:200])
    assert headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert headers["Content-Type"].startswith("text/plain") and method.encode() in body and b"<" not in body


def test_options_answers_with_the_allowed_methods(endpoint):
    status, headers, body = fetch(endpoint, method="OPTIONS")
    assert status == 204 and headers["Allow"] == "GET, HEAD, POST, OPTIONS" and body == b""
