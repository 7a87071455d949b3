"""Tests written against the mutants `make mutate` left alive in graph/store/ (the 1-in-20
sample of docs/testing.md): the remote store against a real Oxigraph server on 127.0.0.1 (the
one tests/test_remote.py starts), the embedded store's files, counts and error messages, and
the store configuration.  Each pins what a user sees, so the small change that breaks it turns
red; the mutants no input can tell apart are in tests/mutation_equivalent.txt."""

from __future__ import annotations

import socket
import threading
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import ConfigError, QueryError, StoreError
from graph.store import config as C
from graph.store import embedded as M
from graph.store import remote as R
from graph.vocab import DOCGRAPH, ONTOLOGY_GRAPH
from tests.test_remote import _start_oxigraph, _stop

GRAPH = "https://w3id.org/szkg/graph/"
ONTOLOGY = str(ONTOLOGY_GRAPH)


def triple(s: str, o: str = "v") -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"http://e/{s}"), ox.NamedNode("http://e/p"), ox.Literal(o))


# ------------------------------------------------------------------ a real server, and a silent one


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """URL (``oxigraph+http://…``) of an Oxigraph server on 127.0.0.1, stopped after the module."""
    url, handle = _start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield "oxigraph+" + url
    _stop(handle)


@pytest.fixture
def server(oxigraph):
    """A RemoteStore on the server with every graph dropped first."""
    store = R.RemoteStore(oxigraph)
    store.update("DROP ALL")
    return store


@pytest.fixture
def silent():
    """URL of a server that takes a request and never answers; it hangs up after 5 s, so that
    code which waits longer than it was told still ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    stop = threading.Event()
    hang_ups: list[threading.Timer] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn = listener.accept()[0]
            except OSError:
                continue
            hang_ups.append(threading.Timer(5, conn.close))
            hang_ups[-1].start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"oxigraph+http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for timer in hang_ups:
        timer.cancel()
        timer.function()
    listener.close()


def _fake_build(tmp_path: Path, *, ontology: list[ox.Triple] | None = None, other: bool = False) -> Path:
    """A build folder: ``szkg.nq`` with two document graphs and, with ``ontology``, a store
    holding that ontology graph (and, with ``other``, a document graph beside it)."""
    out = tmp_path / "out"
    out.mkdir()
    quads = [ox.Quad(*triple("a"), ox.NamedNode(DOCGRAPH["d1"])),
             ox.Quad(*triple("b"), ox.NamedNode(DOCGRAPH["d1"])),
             ox.Quad(*triple("c", "w"), ox.NamedNode(DOCGRAPH["d2"]))]
    ox.serialize(quads, str(out / "szkg.nq"), ox.RdfFormat.N_QUADS)
    if ontology is not None:
        store = ox.Store(str(out / "store"))
        store.extend([ox.Quad(*t, ox.NamedNode(ONTOLOGY)) for t in ontology])
        if other:
            store.extend(quads)
        store.flush()
        del store
    return out


def _graph(store: R.RemoteStore, graph: str) -> list[ox.Triple]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                       use_default_graph_as_union=False)
    return sorted((ox.Triple(r["s"], r["p"], r["o"]) for r in rows), key=str)


# ------------------------------------------------------------------ graph/store/remote.py: loading a build


def test_build_graphs_reads_the_dump_and_the_stores_ontology_graph_only(tmp_path):
    onto = [triple("Class", "onto")]
    out = _fake_build(tmp_path, ontology=onto, other=True)
    graphs = R.build_graphs(out)
    assert graphs == {str(DOCGRAPH["d1"]): [triple("a"), triple("b")], str(DOCGRAPH["d2"]): [triple("c", "w")],
                      ONTOLOGY: onto}, "the store's ontology graph, not its other graphs nor the ontology file"


def test_build_graphs_falls_back_to_the_ontology_file_and_names_a_missing_dump(tmp_path):
    out = _fake_build(tmp_path)
    ttl = tmp_path / "mine.ttl"
    ttl.write_text('<http://e/x> <http://e/p> "mine" .\n', encoding="utf-8")
    assert [ox.Triple(q.subject, q.predicate, q.object) for q in R.build_graphs(out, ttl)[ONTOLOGY]] == \
        [triple("x", "mine")]
    assert str(pytest.raises(StoreError, R.build_graphs, tmp_path).value) == \
        f"{tmp_path / 'szkg.nq'}: no N-Quads dump here; run `szkg build` first"


def test_load_build_sends_the_ontology_it_is_given(server, tmp_path):
    out = _fake_build(tmp_path)
    ttl = tmp_path / "mine.ttl"
    ttl.write_text('<http://e/x> <http://e/p> "mine" .\n', encoding="utf-8")
    report = R.load_build(server, out, ttl)
    assert sorted(report.put) == sorted([str(DOCGRAPH["d1"]), str(DOCGRAPH["d2"]), ONTOLOGY])
    assert _graph(server, ONTOLOGY) == [triple("x", "mine")]
    assert report.triples == 4


def test_a_second_load_reports_every_graph_unchanged(server, tmp_path):
    out = _fake_build(tmp_path, ontology=[triple("Class", "onto")])
    R.load_build(server, out)
    again = R.load_build(server, out)
    assert (again.put, again.deleted) == ([], [])
    assert again.unchanged == sorted([str(DOCGRAPH["d1"]), str(DOCGRAPH["d2"]), ONTOLOGY])


def test_load_build_asks_the_server_afresh_which_graphs_it_holds(server, oxigraph, tmp_path):
    out = _fake_build(tmp_path, ontology=[triple("Class", "onto")])
    assert server.graphs() == [], "the list is now known (and empty)"
    R.RemoteStore(oxigraph).put_graph(GRAPH + "stale", [triple("old")])  # another client
    report = R.load_build(server, out)
    assert report.deleted == [GRAPH + "stale"]
    assert server.graphs(refresh=True) == sorted([str(DOCGRAPH["d1"]), str(DOCGRAPH["d2"]), ONTOLOGY])


def test_load_build_reports_its_steps_to_a_progress_bar(server, tmp_path):
    out = _fake_build(tmp_path, ontology=[triple("Class", "onto")])
    seen: list = []

    class Progress:
        def track(self, steps, total, description):
            seen.append((total, description))
            for step in steps:
                seen.append(step)
                yield step

    report = R.load_build(server, out, progress=Progress())
    assert seen[0] == (3, f"loading {server.endpoint.url}")
    assert seen[1:] == [("put", g) for g in sorted(report.put)]
    assert _graph(server, str(DOCGRAPH["d2"])) == [triple("c", "w")]


# ------------------------------------------------------------------ graph/store/remote.py: queries


def test_default_and_named_graphs_may_be_given_as_strings(server):
    server.put_graph(GRAPH + "one", [triple("a")])
    server.put_graph(GRAPH + "two", [triple("b", "w")])
    only_two = server.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[GRAPH + "two"])
    assert [r["o"].value for r in only_two] == ["w"]
    named = server.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[GRAPH + "one"])
    assert [r["g"].value for r in named] == [GRAPH + "one"]


def test_the_query_functions_timeout_is_the_one_applied(silent):
    store = R.RemoteStore(R.endpoint(silent, timeout=3))
    root = store.endpoint.url
    assert str(pytest.raises(QueryError, R.query, store, "ASK {}", timeout=0.2).value) == \
        f"{root}/query: query timed out after 0.2 s"


# ------------------------------------------------------------------ graph/store/embedded.py


def nquads(n: int, *, first: bytes = b"") -> bytes:
    return first + b"".join(b'<http://e/s%d> <http://e/p> "v" <http://g> .\n' % i for i in range(n))


def test_an_invalid_iri_is_refused_unless_lenient(tmp_path):
    path = tmp_path / "bad.nq"
    path.write_bytes(nquads(2) + b"<http://e/{x}> <http://e/p> <http://e/o> <http://g> .\n")
    message = str(pytest.raises(StoreError, M.bulk_load_nquads, ox.Store(), path, threads=1).value)
    assert message.startswith(f"{path}: malformed N-Quads: ") and "line 3" in message and "\n" not in message
    assert str(pytest.raises(StoreError, M.write_store, tmp_path / "st", path, threads=1).value) \
        .startswith(f"{path}: malformed N-Quads: ")
    lenient = ox.Store()
    M.bulk_load_nquads(lenient, path, threads=1, lenient=True)
    assert len(lenient) == 3


def test_a_file_cut_in_ranges_loads_whole_from_several_threads(tmp_path, monkeypatch):
    monkeypatch.setattr(M, "MIN_RANGE", 64)
    path = tmp_path / "many.nq"
    path.write_bytes(nquads(300))
    assert len(M.nquads_ranges(M._FileBytes(path), 3)) == 3
    store = ox.Store()
    M.bulk_load_nquads(store, path, threads=3)
    assert len(store) == 300
    assert M.write_store(tmp_path / "st", path, threads=3) == 300


def test_blank_nodes_in_a_long_file_stay_one_node(tmp_path, monkeypatch):
    monkeypatch.setattr(M, "MIN_RANGE", 64)
    path = tmp_path / "blank.nq"
    path.write_bytes(b'_:b1 <http://e/p> "first" <http://g> .\n' + nquads(200)
                     + b'_:b1 <http://e/p> "last" <http://g> .\n')
    store = ox.Store()
    M.bulk_load_nquads(store, path, threads=3)
    blank = {q.subject for q in store if isinstance(q.subject, ox.BlankNode)}
    assert len(store) == 202 and len(blank) == 1, "one bulk load: the label means one node"


def test_an_error_in_a_later_range_names_its_line_in_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(M, "MIN_RANGE", 64)
    path = tmp_path / "late.nq"
    path.write_bytes(nquads(100, first=b"\n") + b"<http://e/s> <http://e/p> oops <http://g> .\n" + nquads(5))
    message = str(pytest.raises(StoreError, M.bulk_load_nquads, ox.Store(), path, threads=2).value)
    assert message.startswith(f"{path}: malformed N-Quads: ")
    assert " line 102 " in message, "the empty first line counts"


def test_file_bytes_read_without_pread_and_from_a_file_that_shrank(tmp_path, monkeypatch):
    path = tmp_path / "f"
    path.write_bytes(b"0123456789" * 3)
    with M._FileBytes(path) as data:
        assert (len(data), data[2:5], data[28:99]) == (30, b"234", b"89")
        path.write_bytes(b"abc")  # truncated while open
        assert data[0:30] == b"abc", "what is left, not an error"
    monkeypatch.delattr(M.os, "pread")
    path.write_bytes(b"0123456789")
    with M._FileBytes(path) as data:
        assert (data[3:6], data.find(b"7"), data.count(b"5", 10)) == (b"345", 7, 1)


def test_dataset_quads_takes_graphs_whose_quads_carry_graph_objects():
    from rdflib import ConjunctiveGraph, Dataset, Literal, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    expected = [ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), ox.Literal("o"), ox.NamedNode("http://g"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # ConjunctiveGraph is deprecated
        conjunctive = ConjunctiveGraph(identifier=DATASET_DEFAULT_GRAPH_ID)  # a Dataset's default graph
        conjunctive.get_context(URIRef("http://g")).add((URIRef("http://s"), URIRef("http://p"), Literal("o")))
        conjunctive.add((URIRef("http://s"), URIRef("http://p"), Literal("default")))
        assert M.dataset_quads(conjunctive) == expected, "named graphs only, the quads naming Graph objects"
    ds = Dataset()
    ds.graph(URIRef("http://g")).add((URIRef("http://s"), URIRef("http://p"), Literal("o")))
    ds.default_graph.add((URIRef("http://s"), URIRef("http://p"), Literal("default")))
    assert M.dataset_quads(ds) == expected, "rdflib's own default graph is left out"


def test_copying_into_an_existing_folder_is_a_one_line_store_error(tmp_path):
    store = ox.Store(str(tmp_path / "st"))
    store.add(ox.Quad(*triple("a"), ox.NamedNode("http://g")))
    store.flush()
    del store
    (tmp_path / "copy").mkdir()
    message = str(pytest.raises(StoreError, M.copy_store, tmp_path / "st", tmp_path / "copy").value)
    assert message.startswith(f"{tmp_path / 'st'}: cannot copy the store: ")
    assert str(tmp_path / "copy") in message and "\n" not in message


# ------------------------------------------------------------------ graph/store/config.py


def test_an_unreadable_config_says_why_in_words(tmp_path):
    missing = tmp_path / "none.toml"
    assert str(pytest.raises(ConfigError, C.read_config, missing).value) == \
        f"{missing}: cannot read: No such file or directory"
    assert str(pytest.raises(ConfigError, C.read_config, tmp_path).value) == \
        f"{tmp_path}: cannot read: Is a directory"
