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
    M.copy_store(tmp_path / "st", tmp_path / "copy")
    assert len(M.open_store(tmp_path / "copy")) == 2


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
