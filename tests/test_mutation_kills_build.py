"""Tests written against the mutants `make mutate` left alive in the incremental build
(graph/curate/build.py) and the stores (graph/store/): each pins what a user sees — a rebuilt
graph's store and dumps, the reason a build loaded afresh, a store error's message — so the
small change that breaks it turns red."""

from __future__ import annotations

from pathlib import Path

from graph.curate.build import remove_leftovers
from graph.layout import BuildDir


def test_leftovers_of_dead_builds_are_cleared_and_a_retired_build_put_back(tmp_path):
    target = BuildDir(tmp_path / "out")
    for name in (".out.tmp-11", ".out.tmp-12", ".out.old-3", ".out.old-4", ".other.tmp-1"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f").write_text(name, encoding="utf-8")
    removed = remove_leftovers(target)
    assert (target.root / "f").read_text(encoding="utf-8") == ".out.old-4", "the newest retired build is back"
    assert sorted(p.name for p in removed) == [".out.old-3", ".out.tmp-11", ".out.tmp-12"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp-1", "out"]
    (tmp_path / ".out.old-5").mkdir()
    assert [p.name for p in remove_leftovers(target)] == [".out.old-5"], "a build folder there is kept"
    assert (target.root / "f").read_text(encoding="utf-8") == ".out.old-4"
    assert remove_leftovers(BuildDir(tmp_path / "none")) == []
    assert not Path(tmp_path / "none").exists()


# ------------------------------------------------------------------ graph/store/sparql.py

import pyoxigraph as ox  # noqa: E402
import pytest  # noqa: E402
from rdflib import BNode, Literal, URIRef  # noqa: E402

from graph.errors import StoreError  # noqa: E402
from graph.store import embedded as M  # noqa: E402
from graph.store.sparql import inject_values, keywords_only, query_form  # noqa: E402

V = "VALUES ?x {1}"


@pytest.mark.parametrize("query, bound", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { VALUES ?x {1}  ?s ?p ?o }"),
    ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES ?x {1}  ?s ?p ?o }"),
    ("SELECT * WHERE { { SELECT * WHERE { ?a ?b ?c } } }", "SELECT * WHERE { VALUES ?x {1}  { SELECT * WHERE { ?a ?b ?c } } }"),
    ("PREFIX x: <http://{where}> SELECT * # WHERE {\n WHERE { ?s ?p '{' }",
     "PREFIX x: <http://{where}> SELECT * # WHERE {\n WHERE { VALUES ?x {1}  ?s ?p '{' }"),
    ("SELECT ?x FROM <http://a{b}> where{?x ?y ?z}", "SELECT ?x FROM <http://a{b}> where{ VALUES ?x {1} ?x ?y ?z}"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?x {1}  ?s ?p ?o }"),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "CONSTRUCT { VALUES ?x {1}  ?s ?p ?o } { ?s ?p ?o }"),
    ("ASK", "ASK\nVALUES ?x {1}"),
])
def test_values_go_first_in_the_where_group(query, bound):
    assert inject_values(query, V) == bound


def test_keywords_only_blanks_iris_strings_and_comments():
    text = 'SELECT "a\\"b" \'b\' """c\nd""" \'\'\'e\'\'\' <http://x> # comment\n ?x'
    assert keywords_only(text) == "SELECT" + " " * 12 + "\n ?x"
    assert keywords_only("a <b c> d") == "a <b c> d", "an IRI holds no space"


@pytest.mark.parametrize("query, form", [
    ("select *", "SELECT"), ("# SELECT\nASK {}", "ASK"), ("PREFIX a: <http://ask/> construct {}", "CONSTRUCT"),
    ("DESCRIBE <x>", "DESCRIBE"), ("nothing", "SELECT"), ("'ASK' describe", "DESCRIBE"), ("asking", "SELECT"),
])
def test_the_form_is_the_first_form_keyword_outside_strings(query, form):
    assert query_form(query) == form


# ------------------------------------------------------------------ graph/store/embedded.py


def test_rdflib_terms_become_oxigraph_terms():
    assert M.to_ox(URIRef("http://a")) == ox.NamedNode("http://a")
    assert M.to_ox(BNode("b1")) == ox.BlankNode("b1")
    assert M.to_ox(Literal("x", lang="zh")) == ox.Literal("x", language="zh")
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert M.to_ox(Literal("1", datatype=URIRef(integer))) == ox.Literal("1", datatype=ox.NamedNode(integer))
    assert M.to_ox(Literal("p")) == ox.Literal("p")
    with pytest.raises(TypeError, match="cannot convert 'str' to an Oxigraph term"):
        M.to_ox("str")


def test_a_graph_hash_is_order_free_and_blind_to_blank_node_labels():
    p, v = ox.NamedNode("http://p"), ox.Literal("v")
    assert M.graph_hash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    one = [ox.Triple(ox.BlankNode("x"), p, v), ox.Triple(ox.NamedNode("http://s"), p, ox.BlankNode("y"))]
    other = [ox.Triple(ox.NamedNode("http://s"), p, ox.BlankNode("z")), ox.Triple(ox.BlankNode("w"), p, v)]
    assert M.graph_hash(one) == M.graph_hash(other)
    import hashlib

    lines = sorted(['_: <http://p> "v" .\n', '<http://s> <http://p> _: .\n'])
    assert M.graph_hash(one) == hashlib.sha256("".join(lines).encode()).hexdigest()
    quad = ox.Quad(ox.NamedNode("http://s"), p, v, ox.NamedNode("http://g"))
    assert M.graph_hash([quad]) == M.graph_hash([ox.Triple(quad.subject, p, v)])


def test_quads_are_grouped_by_their_graph():
    p = ox.NamedNode("http://p")
    a = ox.Quad(p, p, p, ox.NamedNode("http://g"))
    b = ox.Quad(p, p, ox.Literal("1"), ox.NamedNode("http://g"))
    c = ox.Quad(p, p, p)
    assert M.quads_by_graph([a, c, b]) == {"http://g": [a, b], "": [c]}


@pytest.mark.parametrize("data, parts, limits, ranges", [
    (b"a\nbb\nccc\ndddd\n", 2, (100, 1), [(0, 9), (9, 14)]),
    (b"a\nbb\nccc\ndddd\n", 1, (4, 1), [(0, 5), (5, 9), (9, 14)]),
    (b"a\nbb\nccc\ndddd\n", 4, (None, 8), [(0, 9), (9, 14)]),
    (b"a\nbb\nccc\ndddd\n", 0, (None, 1), [(0, 14)]),
    (b"a\nbb\nccc\ndddd\n", 3, (None, None), [(0, 14)]),
    (b"a\nbb\nccc\ndddd\n", 14, (None, 1), [(0, 2), (2, 5), (5, 9), (9, 14)]),
    (b"abc", 2, (None, 1), [(0, 3)]),
    (b"ab\ncd", 2, (None, 1), [(0, 3), (3, 5)]),
    (b"", 3, (None, None), []),
])
def test_nquads_ranges_are_line_aligned_and_bounded(data, parts, limits, ranges):
    assert M.nquads_ranges(data, parts, *limits) == ranges


def test_file_bytes_read_like_bytes(tmp_path):
    path = tmp_path / "x.nq"
    data = b'<http://a> <http://b> "c" <http://g> .\n<http://a> <http://b> bad <http://g> .\n'
    path.write_bytes(data)
    with M._FileBytes(path) as fb:
        assert len(fb) == len(data) == 78
        assert (fb[0:5], fb[70:200], fb[:], fb[5:2], fb[:0]) == (data[0:5], data[70:200], data, b"", b"")
        assert (fb.find(b"bad"), fb.find(b"zzz"), fb.find(b"<", 1), fb.find(b"\n", 39)) == (61, -1, 11, 77)
        assert (fb.count(b"\n", 50), fb.count(b"\n", 78), fb.count(b"\n", 0)) == (1, 2, 0)
        fb.BLOCK = 5
        assert fb.find(b"bad") == 61 and fb.find(b"http://g> .\n<http") == 27
        assert fb.count(b"\n", 78) == 2 and fb.count(b"/", 44) == data[:44].count(b"/") == 6
        assert fb._read(70, 100) == data[70:]


def test_line_numbers_count_from_the_file_start():
    assert M._rebase_lines("error on line 3 and line 10", 5) == "error on line 8 and line 15"
    assert M._rebase_lines("lines 3 inline 4", 5) == "lines 3 inline 4"


def nquads(n: int, bad: int | None = None) -> bytes:
    lines = [f'<http://a/{i}> <http://b> "{i}" <http://g> .\n'.encode() for i in range(n)]
    if bad is not None:
        lines[bad] = b"<http://a> <http://b> bad <http://g> .\n"
    return b"".join(lines)


@pytest.mark.parametrize("threads", [1, 4])
def test_a_malformed_line_is_named_by_its_line_in_the_file(tmp_path, monkeypatch, threads):
    monkeypatch.setattr(M, "MIN_RANGE", 1000)
    path = tmp_path / "big.nq"
    path.write_bytes(nquads(2000, bad=1500))
    with pytest.raises(StoreError) as info:
        M.bulk_load_nquads(ox.Store(), path, threads=threads)
    assert str(info.value) == (f"{path}: malformed N-Quads: Parser error at line 1501 between columns 23 and 26: "
                               "The object of a triple must be an IRI, a blank node or a literal")
    with pytest.raises(StoreError, match=r"^" + str(tmp_path / "none.nq") + ": cannot load into the store: "):
        M.bulk_load_nquads(ox.Store(), tmp_path / "none.nq")


def test_a_file_is_loaded_in_ranges_from_threads_unless_it_has_blank_nodes(tmp_path, monkeypatch):
    monkeypatch.setattr(M, "MIN_RANGE", 1000)
    calls = []
    real = M._load_ranges
    monkeypatch.setattr(M, "_load_ranges", lambda *a: calls.append(a[3:5]) or real(*a))
    path = tmp_path / "big.nq"
    path.write_bytes(nquads(2000))
    store = ox.Store()
    M.bulk_load_nquads(store, path, threads=3)
    assert len(store) == 2000 and len(calls) == 1 and len(calls[0][0]) == 3 and calls[0][1] == 3
    with_blank = tmp_path / "blank.nq"
    with_blank.write_bytes(nquads(2000) + b"_:b <http://b> _:b <http://g> .\n")
    store = ox.Store()
    M.bulk_load_nquads(store, with_blank, threads=3)
    assert len(store) == 2001 and len(calls) == 1, "a file with blank nodes is loaded in one call"


def test_writing_and_updating_a_store_on_disk(tmp_path):
    path = tmp_path / "big.nq"
    path.write_bytes(nquads(20))
    o = ox.NamedNode("http://o")
    assert M.write_store(tmp_path / "st", path, [ox.Quad(o, o, o, ox.NamedNode("http://og"))], threads=2) == 21
    assert M.write_store(tmp_path / "st2", path, count=False, optimize=False) is None
    assert M.load_nquads(tmp_path / "st3", path) == 20
    fingerprint = M.store_fingerprint(tmp_path / "st")
    assert fingerprint == sorted(fingerprint) and all(not name.startswith("LOG") for name, _ in fingerprint)
    assert {"CURRENT"} <= {name for name, _ in fingerprint}
    new = ox.Quad(o, o, ox.Literal("n"), ox.NamedNode("http://new"))
    assert M.update_graphs(tmp_path / "st", {"http://new": [new]}, ["http://og"]) == 21
    assert M.store_fingerprint(tmp_path / "st") != fingerprint
    store = M.open_store(tmp_path / "st")
    assert new in store and {g.value for g in store.named_graphs()} == {"http://g", "http://new"}
    del store
    in_g = ox.Quad(o, o, ox.Literal("m"), ox.NamedNode("http://g"))
    assert M.update_graphs(tmp_path / "st", {"http://g": [in_g]}) == 2, "a replaced graph loses its old quads"
    two = ox.Quad(o, o, ox.Literal("k"), ox.NamedNode("http://g"))
    # given the count before, the count after comes from the graphs touched: 2 - 1 (g) + 2 (g again) - 1 (new)
    assert M.update_graphs(tmp_path / "st", {"http://g": [in_g, two, two]}, ["http://new"], before=2) == 2
    assert len(M.open_store(tmp_path / "st")) == 2
    M.copy_store(tmp_path / "st", tmp_path / "copy")
    assert len(M.open_store(tmp_path / "copy")) == 2
    assert M.update_graphs(tmp_path / "st", {}, ["http://g"], before=100) == 98, "the count before is trusted"


def test_store_errors_name_the_folder(tmp_path):
    assert str(pytest.raises(StoreError, M.open_store, tmp_path / "nope").value) == \
        f"{tmp_path / 'nope'}: no store here; run `szkg build` first"
    assert str(pytest.raises(StoreError, M.open_store, tmp_path).value).startswith(
        f"{tmp_path}: cannot open the store: ")
    assert str(pytest.raises(StoreError, M.copy_store, tmp_path, tmp_path / "c").value).startswith(
        f"{tmp_path}: cannot copy the store: ")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert str(pytest.raises(StoreError, M.update_graphs, tmp_path / "file", {}).value).startswith(
        f"{tmp_path / 'file'}: cannot update the store: ")
    nq = tmp_path / "a.nq"
    nq.write_bytes(nquads(1))
    assert str(pytest.raises(StoreError, M.write_store, tmp_path / "file", nq).value).startswith(
        f"{tmp_path / 'file'}: cannot open the store: ")


def test_the_embedded_store_keeps_the_contract(tmp_path):
    from graph.store.embedded import EmbeddedStore, MemoryStore

    memory = MemoryStore([ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("1"),
                                  ox.NamedNode("http://g1"))])
    assert memory.describe() == "in-memory store" and memory.writable and memory.path is None and len(memory) == 1
    memory.put_graph("http://g0", [ox.Triple(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("2"))])
    memory.put_graph("http://g1", [])
    assert memory.named_graphs() == ["http://g0"] and len(memory) == 1
    memory.update("INSERT DATA { GRAPH <http://g2> { <http://a> <http://b> <http://c> } }")
    assert memory.named_graphs() == ["http://g0", "http://g2"]
    assert [r[0].value for r in memory.query("SELECT ?o WHERE { ?s <http://p> ?o }", timeout=5,
                                             use_default_graph_as_union=True)] == ["2"]
    assert repr(EmbeddedStore(tmp_path)) == f"EmbeddedStore({str(tmp_path)!r})"
    assert repr(EmbeddedStore.wrap(ox.Store())) == "EmbeddedStore('<open>')"
    assert EmbeddedStore(tmp_path).describe() == f"embedded store {tmp_path}"
    assert EmbeddedStore.wrap(ox.Store()).describe() == "embedded store"
    assert str(pytest.raises(StoreError, lambda: EmbeddedStore(tmp_path / "none").ox).value) == \
        f"{tmp_path / 'none'}: no store here; run `szkg build` first"
    writable = EmbeddedStore(tmp_path / "new", writable=True)
    writable.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert len(writable) == 1 and writable.ox is writable.ox
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert str(pytest.raises(StoreError, lambda: EmbeddedStore(tmp_path / "file", writable=True).ox).value) \
        .startswith(f"{tmp_path / 'file'}: cannot open the store: ")


# ------------------------------------------------------------------ graph/store/remote.py, against a fake server
#
# A SPARQL server in this process, on 127.0.0.1, backed by a pyoxigraph store: /query (the
# Protocol, form-encoded POST), /update, /store (the Graph Store Protocol: PUT, POST, DELETE
# with ?graph=).  It records every request; ``answer`` makes it reply as a given server would.

import json  # noqa: E402
import threading  # noqa: E402
import urllib.parse  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

from graph.errors import QueryError  # noqa: E402
from graph.store import remote as R  # noqa: E402

GRAPH = "https://w3id.org/szkg/graph/"


class Fake:
    def __init__(self):
        self.store = ox.Store()
        self.requests: list[dict] = []
        self.answer = None  # (status, content type, body) to send instead of the real answer

    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, str, bytes]:
        url = urllib.parse.urlsplit(path)
        form = urllib.parse.parse_qsl(body.decode()) if headers.get("Content-Type", "").startswith(
            "application/x-www-form-urlencoded") else []
        params = urllib.parse.parse_qsl(url.query)
        self.requests.append({"method": method, "path": url.path, "form": form, "params": params,
                              "headers": dict(headers), "body": body})
        if self.answer is not None:
            return self.answer
        if url.path.endswith("/query"):
            values = dict(form)
            options: dict = {}
            defaults = [ox.NamedNode(v) for k, v in form if k == "default-graph-uri"]
            named = [ox.NamedNode(v) for k, v in form if k == "named-graph-uri"]
            if defaults:
                options["default_graph"] = defaults
            elif values.get("union-default-graph") == "true":
                options["use_default_graph_as_union"] = True
            if named:
                options["named_graphs"] = named
            answer = self.store.query(values["query"], **options)
            if isinstance(answer, (ox.QuerySolutions, ox.QueryBoolean)):
                return 200, "application/sparql-results+json", answer.serialize(format=ox.QueryResultsFormat.JSON)
            return 200, "application/n-triples", ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES) or b""
        if url.path.endswith("/update"):
            self.store.update(dict(form)["update"])
            return 204, "text/plain", b""
        graph = ox.NamedNode(dict(params)["graph"])
        if method == "DELETE":
            if not any(True for _ in self.store.quads_for_pattern(None, None, None, graph)):
                return 404, "text/html", b"<html><body><h1>Not Found</h1></body></html>"
            self.store.remove_graph(graph)
            return 204, "text/plain", b""
        if method == "PUT":
            self.store.remove_graph(graph)
        self.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return 204, "text/plain", b""


@pytest.fixture
def fake():
    server_state = Fake()

    class Handler(BaseHTTPRequestHandler):
        def _any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, ctype, data = server_state.handle(self.command, self.path, self.headers, body)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _any

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.handle_error = lambda *_: None  # a client that gave up (the timeout tests) is no error here
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server_state.url = f"oxigraph+http://127.0.0.1:{server.server_address[1]}"
    server_state.root = f"http://127.0.0.1:{server.server_address[1]}"
    yield server_state
    server.shutdown()
    server.server_close()


def triple(s: str, o: str = "v") -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"http://e/{s}"), ox.NamedNode("http://e/p"), ox.Literal(o))


@pytest.mark.parametrize("url, flavour, query, update, gsp, union", [
    ("http://h:8890/sparql", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql",
     "http://h:8890/sparql-graph-crud", "native"),
    ("http://h:8890/sparql-auth/", "virtuoso", "http://h:8890/sparql-auth", "http://h:8890/sparql-auth",
     "http://h:8890/sparql-graph-crud-auth", "native"),
    ("http://h:3030/ds", "fuseki", "http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data",
     "explicit"),
    ("fuseki+http://h:3030/ds/sparql", "fuseki", "http://h:3030/ds/sparql", "http://h:3030/ds/update",
     "http://h:3030/ds/data", "explicit"),
    ("http://h:3030/ds/query", "fuseki", "http://h:3030/ds/query", "http://h:3030/ds/update",
     "http://h:3030/ds/data", "explicit"),
    ("http://h:7200/repositories/r", "graphdb", "http://h:7200/repositories/r", "http://h:7200/repositories/r/statements",
     "http://h:7200/repositories/r/rdf-graphs/service", "native"),
    ("http://h:7200/repositories/sparql", "graphdb", "http://h:7200/repositories/sparql",
     "http://h:7200/repositories/sparql/statements", "http://h:7200/repositories/sparql/rdf-graphs/service", "native"),
    ("http://h:7878", "oxigraph", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store", "param"),
    ("http://h:9/", "oxigraph", "http://h:9/query", "http://h:9/update", "http://h:9/store", "param"),
    ("http://h:9/query", "oxigraph", "http://h:9/query", "http://h:9/update", "http://h:9/store", "param"),
    ("http://h:7878/x", "oxigraph", "http://h:7878/x/query", "http://h:7878/x/update", "http://h:7878/x/store",
     "param"),
    ("http://h:9/x", "sparql", "http://h:9/x", "http://h:9/x", "http://h:9/x", "explicit"),
    ("fuseki+https://h/x/", "fuseki", "https://h/x/query", "https://h/x/update", "https://h/x/data", "explicit"),
    ("sparql+http://h:8890/sparql", "sparql", "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql",
     "explicit"),
])
def test_the_endpoints_of_each_flavour(url, flavour, query, update, gsp, union):
    ep = R.endpoint(url)
    assert (ep.flavour, ep.query, ep.update, ep.graph_store, ep.union) == (flavour, query, update, gsp, union)
    assert ep.url == url.partition("+")[2] if "+" in url else ep.url == url
    assert (ep.user, ep.password, ep.timeout) == (None, None, 60.0)


def test_explicit_endpoints_win_and_bad_urls_or_unions_are_named():
    ep = R.endpoint("http://h:9/x", query="http://q", update="http://u", graph_store="http://g", union="native",
                    user="me", password="pw", timeout=5)
    assert (ep.query, ep.update, ep.graph_store, ep.union, ep.user, ep.password, ep.timeout) == \
        ("http://q", "http://u", "http://g", "native", "me", "pw", 5)
    assert "pw" not in repr(ep)
    assert str(pytest.raises(StoreError, R.endpoint, "ftp://h/x").value) == \
        "ftp://h/x: not a store URL; give http(s)://… optionally prefixed by one of virtuoso+, fuseki+, " \
        "graphdb+, oxigraph+, sparql+"
    assert str(pytest.raises(StoreError, R.endpoint, "nosuch+http://h/x").value).startswith("nosuch+http://h/x: not")
    assert str(pytest.raises(StoreError, R.endpoint, "fuseki+ftp://h/x").value).startswith("fuseki+ftp://h/x: not")
    assert str(pytest.raises(StoreError, R.endpoint, "http://h/x", union="all").value) == \
        "union = 'all': expected native, param or explicit"
    for union in ("native", "param", "explicit"):
        assert R.endpoint("http://h:9/x", union=union).union == union
    assert R.open_remote("http://h:9/x", timeout=3).endpoint.timeout == 3


def test_a_remote_store_reads_answers_as_pyoxigraph_results(fake):
    fake.store.add(ox.Quad(*triple("a"), ox.NamedNode(GRAPH + "one")))
    fake.store.add(ox.Quad(*triple("b", "w"), ox.NamedNode(GRAPH + "two")))
    store = R.RemoteStore(fake.url)
    assert repr(store) == f"RemoteStore({fake.root!r}, flavour='oxigraph')"
    assert store.describe() == f"oxigraph SPARQL server {fake.root}"
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert [r["s"].value for r in rows] == ["http://e/a", "http://e/b"]
    sent = fake.requests[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/query")
    assert ("union-default-graph", "true") in sent["form"]
    assert sent["headers"]["Accept"] == "application/sparql-results+json, application/sparql-results+xml;q=0.9"
    assert bool(store.query("ASK { ?s ?p 'w' }")) is True
    assert list(store.query("SELECT ?s WHERE { ?s ?p ?o }", use_default_graph_as_union=False)) == []
    assert ("union-default-graph", "true") not in fake.requests[-1]["form"]
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = 'w') }")
    assert graph == [triple("b", "w")]
    assert fake.requests[-1]["headers"]["Accept"] == "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    prefixed = store.query("SELECT ?o WHERE { e:a ?p ?o }", prefixes={"e": "http://e/"})
    assert [r["o"].value for r in prefixed] == ["v"]
    bound = store.query("SELECT ?s ?o WHERE { ?s ?p ?o }", substitutions={ox.Variable("s"): ox.NamedNode("http://e/b")})
    assert [(r["s"].value, r["o"].value) for r in bound] == [("http://e/b", "w")]
    by_name = store.query("SELECT ?o WHERE { ?s ?p ?o }", substitutions={"s": ox.NamedNode("http://e/a")})
    assert [r["o"].value for r in by_name] == ["v"]
    assert fake.requests[-1]["form"][0][1].startswith("SELECT ?o WHERE { VALUES (?s) { (<http://e/a>) }")
    only_two = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode(GRAPH + "two")])
    assert [r["o"].value for r in only_two] == ["w"]
    assert [k for k, _ in fake.requests[-1]["form"]] == ["query", "default-graph-uri"]
    named = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[GRAPH + "one"])
    assert [r["g"].value for r in named] == [GRAPH + "one"]
    assert fake.requests[-1]["form"][1:] == [("named-graph-uri", GRAPH + "one")]
    assert R.query(store, "ASK { ?s ?p 'v' }", timeout=5)
    assert bool(R.query(fake.url, "ASK { ?s ?p 'nothing' }")) is False


def test_a_remote_store_lists_counts_and_writes_szkg_graphs(fake):
    store = R.RemoteStore(fake.url)
    assert store.graphs() == [] and len(store) == 0
    store.put_graph(GRAPH + "b", [triple("x"), triple("y")])
    store.put_graph(GRAPH + "a", [triple("z")])
    store.put_graph("http://other/g", [triple("o")])
    put = [r for r in fake.requests if r["method"] == "PUT"]
    assert put[0]["path"] == "/store" and put[0]["params"] == [("graph", GRAPH + "b")]
    assert put[0]["headers"]["Content-Type"] == "application/n-triples"
    assert store.graphs() == [GRAPH + "a", GRAPH + "b"] and store.named_graphs() == [GRAPH + "a", GRAPH + "b"]
    assert len(store) == 3
    store.write_manifest({GRAPH + "b": "hb", GRAPH + "a": "ha"})
    assert store.manifest() == {GRAPH + "a": "ha", GRAPH + "b": "hb"}
    assert store.graphs(refresh=True) == [GRAPH + "a", GRAPH + "b"] and len(store) == 3, "the manifest is not counted"
    store.put_graph(GRAPH + "a", [])
    assert store.graphs() == [GRAPH + "b"], "an empty PUT empties the graph and the list is asked again"
    store.delete_graph(GRAPH + "b")
    store.delete_graph(GRAPH + "b")  # already gone: the server's 404 is no error
    assert store.graphs() == []
    store.update(f"INSERT DATA {{ GRAPH <{GRAPH}c> {{ <http://e/s> <http://e/p> 'u' }} }}")
    assert fake.requests[-1]["path"] == "/update"
    assert store.graphs() == [GRAPH + "c"]
    store.write_manifest({})
    assert store.manifest() == {}
    assert fake.requests[-1]["method"] == "DELETE" or fake.requests[-2]["method"] == "DELETE"


def test_a_big_graph_is_put_in_chunks(fake, monkeypatch):
    monkeypatch.setattr(R, "CHUNK", 2)
    store = R.RemoteStore(fake.url)
    store.put_graph(GRAPH + "big", [triple(str(i)) for i in range(5)])
    assert [r["method"] for r in fake.requests] == ["PUT", "POST", "POST"]
    assert len(store) == 5


def test_the_graph_store_url_keeps_its_own_query(fake):
    store = R.RemoteStore(R.endpoint(fake.url, graph_store=fake.root + "/store?x=1"))
    store.put_graph(GRAPH + "a", [triple("a")])
    assert fake.requests[-1]["params"] == [("x", "1"), ("graph", GRAPH + "a")]


def test_explicit_union_lists_szkg_graphs_and_native_sends_none(fake):
    fake.store.add(ox.Quad(*triple("a"), ox.NamedNode(GRAPH + "one")))
    fake.store.add(ox.Quad(*triple("m"), ox.NamedNode(str(R.MANIFEST_GRAPH))))
    explicit = R.RemoteStore(R.endpoint(fake.url, union="explicit"))
    assert [r["s"].value for r in explicit.query("SELECT ?s WHERE { ?s ?p ?o }")] == ["http://e/a"]
    assert fake.requests[-1]["form"][1:] == [("default-graph-uri", GRAPH + "one"), ("named-graph-uri", GRAPH + "one")]
    native = R.RemoteStore(R.endpoint(fake.url, union="native"))
    native.query("SELECT ?s WHERE { ?s ?p ?o }")
    assert [k for k, _ in fake.requests[-1]["form"]] == ["query"]


def test_basic_auth_is_sent_when_a_user_is_set(fake):
    import base64

    R.RemoteStore(R.endpoint(fake.url, user="dba", password="sec")).query("ASK {}")
    assert fake.requests[-1]["headers"]["Authorization"] == "Basic " + base64.b64encode(b"dba:sec").decode()
    R.RemoteStore(R.endpoint(fake.url, user="dba")).query("ASK {}")
    assert fake.requests[-1]["headers"]["Authorization"] == "Basic " + base64.b64encode(b"dba:").decode()
    R.RemoteStore(fake.url).query("ASK {}")
    assert "Authorization" not in fake.requests[-1]["headers"]


def test_a_refusal_names_the_url_what_and_the_servers_telling_line(fake):
    store = R.RemoteStore(fake.url)
    fake.answer = (400, "text/html", b"<html><h1>Bad</h1><p>Parse error: unexpected &lt;x&gt;</p><p>at 1</p></html>")
    assert str(pytest.raises(QueryError, store.query, "ASK {}").value) == \
        f"{fake.root}/query: query refused: HTTP 400 Bad Request: Parse error: unexpected <x>"
    assert str(pytest.raises(StoreError, store.update, "CLEAR ALL").value) == \
        f"{fake.root}/update: update refused: HTTP 400 Bad Request: Parse error: unexpected <x>"
    fake.answer = (500, "text/plain", b"")
    message = str(pytest.raises(StoreError, store.put_graph, GRAPH + "a", [triple("a")]).value)
    assert message == (f"{fake.root}/store?graph=https%3A%2F%2Fw3id.org%2Fszkg%2Fgraph%2Fa: PUT of graph "
                       f"<{GRAPH}a> refused: HTTP 500 Internal Server Error")
    assert str(pytest.raises(StoreError, store.delete_graph, GRAPH + "a").value).startswith(f"{fake.root}/store")
    fake.answer = (200, "application/sparql-results+json", b"{not json")
    assert str(pytest.raises(QueryError, store.query, "ASK {}").value).startswith(
        f"{fake.root}/query: unreadable answer (application/sparql-results+json): ")
    fake.answer = (200, "application/sparql-results+xml; charset=utf-8",
                   ox.Store().query("ASK {}").serialize(format=ox.QueryResultsFormat.XML))
    assert bool(store.query("ASK {}")) is True
    fake.answer = (200, "application/xml", ox.Store().query("ASK { ?s ?p ?o }").serialize(
        format=ox.QueryResultsFormat.XML))
    assert bool(store.query("ASK {}")) is False
    fake.answer = (200, "application/json", b'{"head":{},"boolean":true}')
    assert bool(store.query("ASK {}")) is True
    fake.answer = (200, "text/plain", b'<http://e/a> <http://e/p> "v" .\n')
    assert store.query("CONSTRUCT WHERE { ?s ?p ?o }") == [triple("a")]
    fake.answer = (200, "text/turtle", b'@prefix e: <http://e/> . e:a e:p "v" .')
    assert store.query("DESCRIBE <http://e/a>") == [triple("a")]


def test_virtuoso_blank_node_labels_are_made_valid():
    data = json.dumps({"head": {"vars": ["b", "c"]}, "results": {"bindings": [
        {"b": {"type": "bnode", "value": "nodeID://b1"}, "c": {"type": "uri", "value": "http://x"}},
        {"b": {"type": "bnode", "value": "nodeID://b1"}}]}}).encode()
    relabelled = json.loads(R._relabel_blank_nodes(data))
    first, second = relabelled["results"]["bindings"]
    import hashlib

    assert first["b"]["value"] == second["b"]["value"] == "b" + hashlib.sha1(b"nodeID://b1").hexdigest()[:16]
    assert first["c"] == {"type": "uri", "value": "http://x"}
    assert R._relabel_blank_nodes(b'{"head":{},"boolean":true}') == b'{"head": {}, "boolean": true}'


def test_a_blank_node_answer_from_the_server_is_read(fake):
    store = R.RemoteStore(fake.url)
    fake.answer = (200, "application/sparql-results+json", json.dumps({"head": {"vars": ["b"]}, "results": {
        "bindings": [{"b": {"type": "bnode", "value": "nodeID://b1"}}]}}).encode())
    (row,) = list(store.query("SELECT ?b WHERE { ?b ?p ?o }"))
    assert isinstance(row["b"], ox.BlankNode)


@pytest.mark.parametrize("body, line", [
    (b"<html><title>x</title><p>Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error</p>"
     b"<p>more</p></html>", "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error"),
    (b"<html><h1>Denied</h1><p>access denied</p><p>Invalid token</p></html>", "Invalid token"),
    (b"plain first\nsecond", "plain first"),
    (b"", ""),
    (b"  \n\n", ""),
    ("错误 " * 100 + "syntax", ("错误 " * 100 + "syntax")[:200]),
])
def test_the_telling_line_of_an_error_page(body, line):
    assert R._first_line(body if isinstance(body, bytes) else body.encode()) == line


def test_an_unreachable_or_slow_server_is_named(fake):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert str(pytest.raises(StoreError, R.RemoteStore(f"oxigraph+http://127.0.0.1:{port}").query, "ASK {}").value) \
        .startswith(f"http://127.0.0.1:{port}/query: cannot reach the store: ")
    slow = threading.Event()
    original = fake.handle
    fake.handle = lambda *a: (slow.wait(5), original(*a))[1]
    try:
        limited = R.RemoteStore(fake.url).with_timeout(0.2)
        assert limited.endpoint.timeout == 0.2
        assert str(pytest.raises(QueryError, limited.query, "ASK {}").value) == \
            f"{fake.root}/query: query timed out after 0.2 s"
        assert str(pytest.raises(StoreError, limited.update, "CLEAR ALL").value) == \
            f"{fake.root}/update: update timed out after 0.2 s"
        assert str(pytest.raises(QueryError, R.RemoteStore(fake.url).query, "ASK {}", timeout=0.3).value) == \
            f"{fake.root}/query: query timed out after 0.3 s"
    finally:
        slow.set()


def test_with_timeout_shares_the_graph_list(fake):
    store = R.RemoteStore(fake.url)
    store._graphs = ["x"]
    limited = store.with_timeout(3)
    assert limited.graphs() == ["x"] and limited.endpoint.url == store.endpoint.url and store.endpoint.timeout == 60


# ------------------------------------------------------------------ graph/store/config.py

from graph.errors import ConfigError  # noqa: E402
from graph.store import config as C  # noqa: E402


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No store settings from the environment; the working directory and project root are tmp_path."""
    for name in ("SZKG_STORE", "SZKG_CONFIG", "SZKG_STORE_USER", "SZKG_STORE_PASSWORD", "MY_PW"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "cwd").mkdir()
    (tmp_path / "root").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setattr("graph.layout.project_root", lambda: tmp_path / "root")
    return tmp_path


def test_the_config_file_is_szkg_config_then_the_working_directorys_then_the_projects(env, monkeypatch):
    assert C.config_path() is None
    (env / "root" / "szkg.toml").write_text("", encoding="utf-8")
    assert C.config_path() == env / "root" / "szkg.toml"
    (env / "cwd" / "szkg.toml").write_text("", encoding="utf-8")
    assert C.config_path() == env / "cwd" / "szkg.toml"
    (env / "other.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("SZKG_CONFIG", str(env / "other.toml"))
    assert C.config_path() == env / "other.toml"
    monkeypatch.setenv("SZKG_CONFIG", str(env / "none.toml"))
    assert str(pytest.raises(ConfigError, C.config_path).value) == \
        f"{env / 'none.toml'}: SZKG_CONFIG names a file that does not exist"
    monkeypatch.setenv("SZKG_CONFIG", "")
    assert C.config_path() == env / "cwd" / "szkg.toml"
    (env / "cwd" / "szkg.toml").unlink()
    (env / "cwd" / "szkg.toml").mkdir()
    assert C.config_path() == env / "root" / "szkg.toml", "a folder of that name is no config file"


@pytest.mark.parametrize("text, message", [
    ("[store\n", "not valid TOML: "),
    ("store = 1\n", "[store] must be a table"),
    ('[store]\nport = 1\nzz = 2\n', "unknown [store] key 'port'; known: graph_store, password_env, query, timeout, "
                                    "union, update, url, user"),
    ("[store]\ntimeout = -1\n", "[store] timeout must be a positive number of seconds, not -1"),
    ("[store]\ntimeout = 0\n", "[store] timeout must be a positive number of seconds, not 0"),
    ('[store]\ntimeout = "5"\n', "[store] timeout must be a positive number of seconds, not '5'"),
    ("[store]\nurl = 5\n", "[store] url must be a string, not 5"),
    ("[store]\nuser = true\n", "[store] user must be a string, not True"),
    ("[store]\npassword_env = 1\n", "[store] password_env must be a string, not 1"),
])
def test_a_bad_config_is_named_with_its_file(tmp_path, text, message):
    path = tmp_path / "szkg.toml"
    path.write_text(text, encoding="utf-8")
    assert str(pytest.raises(ConfigError, C.read_config, path).value).startswith(f"{path}: {message}")


def test_a_good_config_is_read_whole(tmp_path):
    path = tmp_path / "szkg.toml"
    path.write_text('[store]\nurl = "http://h:8890/sparql"\ntimeout = 0.5\nunion = "param"\n[other]\nx = 1\n',
                    encoding="utf-8")
    assert C.read_config(path) == {"url": "http://h:8890/sparql", "timeout": 0.5, "union": "param"}
    path.write_text("[other]\nx = 1\n", encoding="utf-8")
    assert C.read_config(path) == {}
    assert str(pytest.raises(ConfigError, C.read_config, tmp_path / "none.toml").value).startswith(
        f"{tmp_path / 'none.toml'}: cannot read: ")


def test_options_take_credentials_from_the_environment(env, monkeypatch):
    table = {"url": "u", "query": "q", "update": "up", "graph_store": "g", "union": "native", "user": "file-user",
             "timeout": 5, "password_env": "MY_PW"}
    assert C._options(table) == {"query": "q", "update": "up", "graph_store": "g", "union": "native",
                                 "user": "file-user", "timeout": 5}
    monkeypatch.setenv("SZKG_STORE_PASSWORD", "default-pw")
    assert "password" not in C._options(table), "the file names another variable"
    assert C._options({})["password"] == "default-pw"
    monkeypatch.setenv("MY_PW", "")
    assert C._options(table)["password"] == "", "an empty password is a password"
    monkeypatch.setenv("SZKG_STORE_USER", "env-user")
    assert C._options(table)["user"] == "env-user"
    monkeypatch.setenv("SZKG_STORE_USER", "")
    assert C._options(table)["user"] == "file-user"


def test_the_store_choice_and_who_chose_it(env, monkeypatch):
    assert C.store_choice() == C.StoreChoice(None, "default")
    assert C.store_choice().describe() == "the embedded store (chosen by default)"
    config = env / "cwd" / "szkg.toml"
    config.write_text('[store]\nurl = " http://file:8890/sparql "\ntimeout = 5\n', encoding="utf-8")
    choice = C.store_choice()
    assert choice == C.StoreChoice("http://file:8890/sparql", str(config), {"timeout": 5})
    assert not choice.embedded and choice.describe() == f"http://file:8890/sparql (chosen by {config})"
    monkeypatch.setenv("SZKG_STORE", "http://env:7878")
    assert (C.store_choice().url, C.store_choice().chosen_by) == ("http://env:7878", "SZKG_STORE")
    assert C.store_choice().options == {"timeout": 5}, "the file's settings apply to any URL"
    assert (C.store_choice("http://opt:3030/ds").url, C.store_choice("http://opt:3030/ds").chosen_by) == \
        ("http://opt:3030/ds", "--store")
    assert C.store_choice(" Embedded ") == C.StoreChoice(None, "--store")
    monkeypatch.setenv("SZKG_STORE", "EMBEDDED")
    assert C.store_choice() == C.StoreChoice(None, "SZKG_STORE")
    monkeypatch.setenv("SZKG_STORE", "")
    assert C.store_choice().chosen_by == str(config)
    assert str(pytest.raises(ConfigError, C.store_choice, "gopher://h").value).endswith("(from --store)")
    config.write_text('[store]\nurl = "http://h:9/x"\nunion = "all"\n', encoding="utf-8")
    assert str(pytest.raises(ConfigError, C.store_choice).value) == \
        f"union = 'all': expected native, param or explicit (from {config})"


def test_open_reader_opens_the_builds_store_or_the_server(env, tmp_path):
    from graph.store.embedded import EmbeddedStore

    (tmp_path / "out" / "store").mkdir(parents=True)
    reader = C.open_reader(C.StoreChoice(None, "default"), tmp_path / "out")
    assert isinstance(reader, EmbeddedStore) and reader.path == tmp_path / "out" / "store"
    assert not reader.writable
    remote = C.open_reader(C.StoreChoice("http://h:9/x", "--store", {"timeout": 3}), tmp_path / "out")
    assert isinstance(remote, R.RemoteStore) and remote.endpoint.timeout == 3
    assert str(pytest.raises(StoreError, C.open_reader, C.StoreChoice(None, "default"), tmp_path / "none").value) \
        == f"{tmp_path / 'none' / 'store'}: no store here; run `szkg build` first"


# ------------------------------------------------------------------ graph/store/__init__.py


def test_connect_turns_what_a_user_gives_into_a_store(tmp_path):
    from graph.layout import BuildDir
    from graph.store import Store, connect
    from graph.store.embedded import EmbeddedStore, MemoryStore

    memory = MemoryStore()
    assert connect(memory) is memory and isinstance(memory, Store)
    raw = ox.Store()
    wrapped = connect(raw)
    assert type(wrapped) is EmbeddedStore and wrapped.ox is raw
    remote = connect("http://h:9/x")
    assert isinstance(remote, R.RemoteStore) and remote.endpoint.url == "http://h:9/x"
    assert isinstance(connect("oxigraph+http://h:9/x"), R.RemoteStore)
    (tmp_path / "out" / "store").mkdir(parents=True)
    for where in (tmp_path / "out", str(tmp_path / "out"), BuildDir(tmp_path / "out")):
        store = connect(where, writable=True)
        assert (type(store), store.path, store.writable) == (EmbeddedStore, tmp_path / "out" / "store", True)
    bare = connect(tmp_path / "out" / "store")
    assert (bare.path, bare.writable) == (tmp_path / "out" / "store", False)
    assert str(pytest.raises(StoreError, connect, tmp_path / "none").value) == \
        f"{tmp_path / 'none' / 'store'}: no store here; run `szkg build` first"
    assert str(pytest.raises(StoreError, connect, BuildDir(tmp_path / "none")).value) == \
        f"{tmp_path / 'none' / 'store'}: no store here; run `szkg build` first"


# ------------------------------------------------------------------ graph/curate/build.py, piece by piece

import errno  # noqa: E402

from graph.curate import build as B  # noqa: E402
from graph.curate.shacl import Violation  # noqa: E402
from graph.errors import OntologyError  # noqa: E402


def test_the_store_summary_says_what_happened_to_the_store():
    result = B.BuildResult(Path("o"), None, 0, 0, 0, 0, 0.0, graphs_replaced=["a", "b"],
                           full_reason="full load requested")
    assert result.store_summary() == "store: full load of 2 named graphs (full load requested)"
    one = B.BuildResult(Path("o"), None, 0, 0, 0, 0, 0.0, incremental=True, graphs_replaced=["a"],
                        graphs_removed=["r"], graphs_unchanged=["u", "v"])
    assert one.store_summary() == "store: 1 named graph replaced, 1 removed, 2 unchanged"
    two = B.BuildResult(Path("o"), None, 0, 0, 0, 0, 0.0, incremental=True, graphs_replaced=["a", "b"])
    assert two.store_summary() == "store: 2 named graphs replaced, 0 removed, 0 unchanged"
    none = B.BuildResult(Path("o"), None, 0, 0, 0, 0, 0.0, incremental=True)
    assert none.store_summary() == "store: 0 named graphs replaced, 0 removed, 0 unchanged"


def test_the_counts_per_class_predicate_and_document(built):
    corpus = built.corpus
    from collections import Counter

    assert built.per_class() == Counter(e.type for e in corpus.entities.values())
    assert built.per_predicate() == Counter(s.predicate for s in corpus.statements)
    table = built.per_document()
    assert list(table) == sorted(corpus.documents)
    for doc, counts in table.items():
        assert counts["statements"] == sum(s.evidence.document == doc for s in corpus.statements)
        assert counts["observations"] == sum(o.evidence.document == doc for o in corpus.observations)
        assert counts["attributes"] == sum(a.evidence.document == doc for a in corpus.attributes)
    assert sum(c["statements"] for c in table.values()) == len(corpus.statements) > 0
    assert sum(c["observations"] for c in table.values()) == len(corpus.observations) > 0
    assert sum(c["attributes"] for c in table.values()) == len(corpus.attributes) > 0


def test_facts_are_grouped_by_their_document(built):
    corpus = built.corpus
    for doc in corpus.documents:
        statements, attributes, observations = corpus.facts_of(doc)
        assert statements == [s for s in corpus.statements if s.evidence.document == doc]
        assert attributes == [a for a in corpus.attributes if a.evidence.document == doc]
        assert observations == [o for o in corpus.observations if o.evidence.document == doc]


def test_violations_fail_the_build_naming_the_first_three_and_warnings_do_not():
    B._raise_violations([])
    B._raise_violations([Violation("<f>", "<p>", "MinCountConstraintComponent", None, "Warning: thin"),
                         Violation("<f>", "<p>", "X", None, "Info: fyi")])
    found = [
        Violation("<b>", "<p>", "DatatypeConstraintComponent", '"x"', "wrong datatype"),  # a path: no value shown
        Violation("<a>", None, "ClassConstraintComponent", "<v>", "not a Firm"),  # no path: the value shown
        Violation("<c>", "<p>", "SPARQLConstraintComponent", "<s>", "self relation"),  # SPARQL: the value shown
        Violation("<d>", None, "NodeKind", None, "no value"),
        Violation("<a>", None, "ClassConstraintComponent", "<v>", "not a Firm"),  # the same twice counts once
    ]
    with pytest.raises(OntologyError) as info:
        B._raise_violations(found)
    assert str(info.value) == ("SHACL: 4 violation(s); first: <a> <v>: not a Firm; <b>: wrong datatype; "
                               "<c> <s>: self relation")


def test_pyshacl_validation_names_its_file_and_its_violations(tmp_path):
    from rdflib import Graph

    ontology = Graph()
    missing = tmp_path / "none.ttl"
    assert str(pytest.raises(OntologyError, B.validate_shacl, Graph(), missing, ontology).value) == \
        f"{missing}: shapes file not found"
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n this is not turtle\n", encoding="utf-8")
    message = str(pytest.raises(OntologyError, B.validate_shacl, Graph(), bad, ontology).value)
    assert message.startswith(f"{bad}: malformed Turtle: ") and "\n" not in message
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix e: <http://e/> .
        e:S a sh:NodeShape ; sh:targetClass e:C ;
            sh:property [ sh:path e:p ; sh:minCount 1 ; sh:message "needs p" ] ;
            sh:property [ sh:path e:q ; sh:datatype <http://www.w3.org/2001/XMLSchema#string> ; sh:message "no q" ] .
        """, encoding="utf-8")
    data = Graph().parse(data="""@prefix e: <http://e/> .
        e:ok a e:C ; e:p 1 .
        e:a a e:C . e:b a e:C ; e:p 1 ; e:q 2 .""", format="turtle")
    assert str(pytest.raises(OntologyError, B.validate_shacl, data, shapes, ontology).value) == \
        "SHACL: 2 violation(s); first: http://e/a: needs p; http://e/b 2: no q"
    fine = Graph().parse(data="@prefix e: <http://e/> . e:ok a e:C ; e:p 1 .", format="turtle")
    assert B.validate_shacl(fine, shapes, ontology) == 0


def test_shapes_that_need_pyshacl_give_no_compiled_checks(tmp_path):
    assert B._checks(Path("ontology/shapes.ttl").resolve()) is not None
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix e: <http://e/> .
        e:S a sh:NodeShape ; sh:targetClass e:C ; sh:property [ sh:path ( e:p e:q ) ; sh:minCount 1 ] .""",
                      encoding="utf-8")
    assert B._checks(shapes) is None


def test_a_full_disk_is_recognised_by_errno_or_message():
    assert B._disk_full(OSError(errno.ENOSPC, "full"))
    assert B._disk_full(RuntimeError("IO error: No space left on device"))
    assert not B._disk_full(OSError(errno.EACCES, "denied"))
    assert not B._disk_full(ValueError(errno.ENOSPC))


def test_unreadable_ontology_files_are_named(tmp_path):
    assert str(pytest.raises(OntologyError, B._sha256, tmp_path / "none.ttl").value).startswith(
        f"{tmp_path / 'none.ttl'}: cannot read the ontology: ")
    assert str(pytest.raises(OntologyError, B._read, tmp_path / "none.ttl").value).startswith(
        f"{tmp_path / 'none.ttl'}: cannot read: ")
    (tmp_path / "a.ttl").write_bytes(b"abc")
    import hashlib

    assert B._sha256(tmp_path / "a.ttl") == hashlib.sha256(b"abc").hexdigest()
    assert B._read(tmp_path / "a.ttl") == b"abc"


def test_the_cache_salt_follows_the_ontology_shapes_and_indicators(tmp_path):
    import shutil

    root = Path(__file__).resolve().parent.parent
    onto, sources = tmp_path / "ontology", tmp_path / "sources"
    shutil.copytree(root / "ontology", onto)
    sources.mkdir()
    salts = [B._salt(onto, sources)]
    assert B._salt(onto, sources) == salts[0], "the same files give the same salt"
    (sources / "indicators.yaml").write_text("a: 1\n", encoding="utf-8")
    salts.append(B._salt(onto, sources))
    (sources / "indicators.yaml").write_text("a: 2\n", encoding="utf-8")
    salts.append(B._salt(onto, sources))
    with (onto / "szkg.ttl").open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    salts.append(B._salt(onto, sources))
    with (onto / "shapes.ttl").open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    salts.append(B._salt(onto, sources))
    assert len(set(salts)) == 5
    (onto / "shapes.ttl").unlink()
    assert str(pytest.raises(OntologyError, B._salt, onto, sources).value).startswith(f"{onto / 'shapes.ttl'}: ")


def test_a_graph_list_becomes_an_rdflib_graph_without_graph_names():
    p = ox.NamedNode("http://e/p")
    quads = [ox.Quad(ox.NamedNode("http://e/a"), p, ox.Literal("1"), ox.NamedNode("http://g")),
             ox.Quad(ox.NamedNode("http://e/b"), p, ox.Literal("2"))]
    graph = B._rdflib_graph(quads)
    assert sorted((str(s), str(o)) for s, _, o in graph) == [("http://e/a", "1"), ("http://e/b", "2")]


# ------------------------------------------------------------------ the previous store and its manifest


def manifest(**changes) -> dict:
    base = {"format": B.MANIFEST_FORMAT, "pyoxigraph": ox.__version__, "ontology_sha256": "o", "graphs": {}}
    return {**base, **changes}


def previous_build(tmp_path, graphs: dict[str, list], **changes) -> BuildDir:
    """A build folder with a store holding ``graphs`` and the manifest that goes with it."""
    out = BuildDir(tmp_path / "prev")
    out.root.mkdir()
    store = ox.Store(str(out.store))
    store.extend([q for g in graphs.values() for q in g])
    store.flush()
    del store
    hashes = {g: M.graph_hash(quads) for g, quads in graphs.items()}
    written = {**manifest(graphs=hashes), "store_files": M.store_fingerprint(out.store),
               "quads": sum(len(quads) for quads in graphs.values()), **changes}
    out.store_manifest.write_text(json.dumps(written), encoding="utf-8")
    return out


def quads_of(graph: str, *values: str) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(v), ox.NamedNode(graph))
            for v in values]


def staging(folder: Path, nquads: bytes) -> BuildDir:
    """A new build's staging folder whose N-Quads dump holds ``nquads`` (what ``_write_store`` loads)."""
    tmp = BuildDir(folder)
    tmp.root.mkdir()
    tmp.dump("nquads").write_bytes(nquads)
    return tmp


def reload_reason(out: BuildDir, wanted: dict | None = None) -> str:
    with pytest.raises(B._Reload) as info:
        B._previous_graphs(out, wanted or manifest())
    return str(info.value)


def test_each_reason_the_previous_store_cannot_be_trusted(tmp_path):
    out = BuildDir(tmp_path / "none")
    assert reload_reason(out) == "no previous store"
    out.store.mkdir(parents=True)
    assert reload_reason(out) == "no manifest beside the previous store"
    out.store_manifest.write_text("{not json", encoding="utf-8")
    assert reload_reason(out) == "no manifest beside the previous store"
    for text in ("[]", '{"graphs": []}', "{}"):
        out.store_manifest.write_text(text, encoding="utf-8")
        assert reload_reason(out) == "unreadable manifest beside the previous store", text
    for key, value in (("format", B.MANIFEST_FORMAT + 1), ("pyoxigraph", "0.0")):
        out.store_manifest.write_text(json.dumps(manifest(**{key: value})), encoding="utf-8")
        assert reload_reason(out) == "the previous store was written by another version"
    out.store_manifest.write_text(json.dumps(manifest(ontology_sha256="x")), encoding="utf-8")
    assert reload_reason(out) == "the ontology changed"
    out.store_manifest.write_text(json.dumps(manifest(store_files=[["CURRENT", 1]])), encoding="utf-8")
    assert reload_reason(out) == "the previous store was changed after its build"
    out.store.rmdir()
    assert reload_reason(out) == "no previous store"
    out.store_manifest.write_text(json.dumps(manifest(graphs={"g": "h"}, store_files=[])), encoding="utf-8")
    out.store.mkdir()
    assert reload_reason(out) == "no quad count in the manifest beside the previous store"
    out.store_manifest.write_text(json.dumps(manifest(graphs={"g": "h"}, store_files=[], quads=7)), encoding="utf-8")
    assert B._previous_graphs(out, manifest()) == ({"g": "h"}, 7)


def test_an_update_in_place_rewrites_only_the_changed_graphs(tmp_path):
    a, b, c = "http://g/a", "http://g/b", "http://g/c"
    out = previous_build(tmp_path, {a: quads_of(a, "1"), b: quads_of(b, "1"), c: quads_of(c, "1")})
    new_b, new_d = quads_of(b, "2", "3"), quads_of("http://g/d", "4")
    hashes = {a: M.graph_hash(quads_of(a, "1")), b: M.graph_hash(new_b), "http://g/d": M.graph_hash(new_d)}
    target = tmp_path / "target"
    done = B._update_previous(out, target, {b: new_b, "http://g/d": new_d}, manifest(graphs=hashes), 4)
    assert done == {"store_quads": 4, "incremental": True, "graphs_replaced": [b, "http://g/d"],
                    "graphs_removed": [c], "graphs_unchanged": [a]}
    store = ox.Store.read_only(str(target))
    assert {(q.graph_name.value, q.object.value) for q in store} == {(a, "1"), (b, "2"), (b, "3"), ("http://g/d", "4")}
    assert len(ox.Store.read_only(str(out.store))) == 3, "the previous store is only read"
    with pytest.raises(B._Reload) as info:
        B._update_previous(out, tmp_path / "t2", {b: new_b, "http://g/d": new_d}, manifest(graphs=hashes), 5)
    assert str(info.value) == "the previous store does not match its manifest (4 quads, not 5)"
    with pytest.raises(B._Reload) as info:
        B._update_previous(out, tmp_path / "t3", {b: None, "http://g/d": new_d}, manifest(graphs=hashes), 4)
    assert str(info.value) == f"more than {B._INCREMENTAL_MAX} graphs changed"
    (tmp_path / "t4").write_text("x", encoding="utf-8")
    with pytest.raises(B._Reload) as info:
        B._update_previous(out, tmp_path / "t4" / "store", {b: new_b, "http://g/d": new_d}, manifest(graphs=hashes), 4)
    assert str(info.value).startswith("the previous store could not be updated: ")


def test_the_store_is_written_afresh_when_asked_or_when_the_previous_cannot_be_updated(tmp_path):
    a = "http://g/a"
    out = previous_build(tmp_path, {a: quads_of(a, "1")})
    tmp = staging(tmp_path / "new", ox.serialize(quads_of(a, "2"), format=ox.RdfFormat.N_QUADS))
    onto = quads_of(str(B.ONTOLOGY_GRAPH), "o")
    wanted = manifest(graphs={a: M.graph_hash(quads_of(a, "2"))})
    done = B._write_store(tmp, out, {a: quads_of(a, "2"), str(B.ONTOLOGY_GRAPH): onto}, wanted, True, 1, 2)
    assert done == {"store_quads": 2, "incremental": False, "graphs_replaced": [a],
                    "full_reason": "full load requested"}
    written = json.loads(tmp.store_manifest.read_text(encoding="utf-8"))
    assert written == {**wanted, "quads": 2, "store_files": M.store_fingerprint(tmp.store)}
    assert tmp.store_manifest.read_text(encoding="utf-8").endswith("}\n")
    assert {q.object.value for q in ox.Store.read_only(str(tmp.store))} == {"2", "o"}
    again = staging(tmp_path / "again", tmp.dump("nquads").read_bytes())
    done = B._write_store(again, out, {a: quads_of(a, "2"), str(B.ONTOLOGY_GRAPH): onto}, wanted, False, 1, 9)
    assert done["incremental"] is False and done["full_reason"].startswith("the previous store does not match")
    # a full load reports the quads the build wrote (the dump and the ontology), not a scan of the store
    assert done["store_quads"] == 9
    third = BuildDir(tmp_path / "third")
    third.root.mkdir()
    done = B._write_store(third, out, {a: quads_of(a, "2")}, wanted, False, 1, 1)
    assert done == {"store_quads": 1, "incremental": True, "graphs_replaced": [a], "graphs_removed": [],
                    "graphs_unchanged": []}


# ------------------------------------------------------------------ what the fixed sample of build.py left alive (w24s2)


def test_the_store_manifest_is_written_with_sorted_keys_whatever_order_it_was_made_in(tmp_path):
    # its bytes depend on what it says, not on the order the build puts it together: two builds
    # of the same graph write the same file, and a reader diffs two manifests line by line
    a = "http://g/a"
    out = previous_build(tmp_path, {a: quads_of(a, "1")})
    tmp = staging(tmp_path / "new", ox.serialize(quads_of(a, "2"), format=ox.RdfFormat.N_QUADS))
    wanted = {"pyoxigraph": ox.__version__, "format": B.MANIFEST_FORMAT, "ontology_sha256": "o",
              "graphs": {a: M.graph_hash(quads_of(a, "2"))}}
    B._write_store(tmp, out, {a: quads_of(a, "2"), str(B.ONTOLOGY_GRAPH): quads_of(str(B.ONTOLOGY_GRAPH), "o")},
                   wanted, True, 1, 2)
    text = tmp.store_manifest.read_text(encoding="utf-8")
    assert text == json.dumps({**wanted, "quads": 2, "store_files": M.store_fingerprint(tmp.store)},
                              indent=1, sort_keys=True) + "\n"
    assert text.index('"format"') < text.index('"graphs"') < text.index('"ontology_sha256"') < text.index('"pyoxigraph"')
