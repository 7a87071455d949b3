"""A corpus of 100 generated documents: a rebuild after one document changed redoes only that
document's graph — made, validated, cached and stored anew — and writes what a full build writes.

Observed through the build's report (``BuildResult``) and its cache files, never through time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.curate import guard
from graph.curate.build import build
from graph.vocab import document_graph
from tests.conftest import ONTOLOGY, ROOT

N = 100
CHANGED = 7


def _age(sources, seconds: int = 60) -> None:
    """Date every source file ``seconds`` back, as files written some time before a build are."""
    then = time.time() - seconds
    for path in sources.rglob("*"):
        os.utime(path, (then, then))


@pytest.fixture(scope="module")
def rebuilt(corpus_module, tmp_path_factory):
    """(first build, cache inodes after it, rebuild after one document changed, sources, out,
    the YAML files the rebuild read)."""
    root = tmp_path_factory.mktemp("corpus")
    sources = corpus_module.make_corpus(root / "sources", N)
    _age(sources)
    out = root / "out"
    first = build(sources, ONTOLOGY, out, workers=2)
    inodes = {p.name: p.stat().st_ino for p in (out / "cache").iterdir()}
    corpus_module.touch_document(sources, CHANGED)
    read = []
    with pytest.MonkeyPatch.context() as patch:
        real = guard.read_bounded

        def spy(path, *args, **kwargs):
            read.append(Path(path).as_posix())
            return real(path, *args, **kwargs)

        patch.setattr(guard, "read_bounded", spy)
        again = build(sources, ONTOLOGY, out)
    return first, inodes, again, sources, out, read


def test_the_first_build_makes_and_validates_every_document_graph(rebuilt):
    first, _inodes, _again, _sources, _out, _read = rebuilt
    assert len(first.corpus.documents) == N
    assert len(first.graphs_made) == N and sorted(first.graphs_validated) == sorted(first.graphs_made)
    assert not first.incremental


def test_a_rebuild_after_one_change_redoes_only_that_documents_graph(rebuilt):
    _first, _inodes, again, _sources, _out, _read = rebuilt
    changed = str(document_graph(f"gen-{CHANGED:05d}"))
    assert again.graphs_made == [changed]
    assert again.graphs_validated == [changed]
    assert again.incremental and again.graphs_replaced == [changed]
    assert len(again.graphs_unchanged) == N + 3  # the 99 others, entities, documents, counts, ontology


def test_only_the_changed_documents_cache_entry_is_written_again(rebuilt):
    _first, inodes, _again, _sources, out, _read = rebuilt
    now = {p.name: p.stat().st_ino for p in (out / "cache").iterdir()}
    assert now.keys() == inodes.keys()
    rewritten = sorted(name for name in now if now[name] != inodes[name] and not name.startswith("_"))
    assert rewritten == [f"gen-{CHANGED:05d}.facts.pickle", f"gen-{CHANGED:05d}.pickle"]
    assert not any(name.endswith(".blocks") for name in now)  # a graph's blocks are read from the dumps


def test_the_change_is_in_the_store(rebuilt):
    _first, _inodes, _again, _sources, out, _read = rebuilt
    store = ox.Store.read_only(str(out / "store"))
    graph = document_graph(f"gen-{CHANGED:05d}")
    szkg = "https://w3id.org/szkg/ontology#"
    rows = list(store.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?obs <{szkg}about> <https://w3id.org/szkg/id/"
                            f"gen-firm-{CHANGED:05d}> ; <{szkg}asOf> ?o }} }}"))
    assert [r["o"].value for r in rows] == ["2024-12"]


def test_the_rebuild_writes_what_a_full_build_writes(rebuilt, tmp_path):
    """The first build's graphs were made by two worker processes (the many-documents path), the
    rebuild's one graph in the build's own process, this full build's by that process alone: the
    same bytes."""
    first, _inodes, again, sources, out, _read = rebuilt
    assert first.processes == 2 and again.processes == 1
    full = build(sources, ONTOLOGY, tmp_path / "full", full=True, workers=1)
    assert len(full.graphs_made) == N and full.processes == 1
    for name in ("szkg.nq", "szkg.trig", "szkg.ttl"):
        assert (out / name).read_bytes() == (full.out / name).read_bytes(), name
    assert again.triples == full.triples and again.store_quads == full.store_quads


def test_the_rebuild_reads_only_the_changed_facts_file(rebuilt):
    """Unchanged facts files (same size, times and inode as when the first build read them) are
    neither read nor hashed again; the changed one is."""
    _first, _inodes, _again, _sources, _out, read = rebuilt
    facts = sorted({Path(p).name for p in read if Path(p).parent.name == "facts"})
    assert facts == [f"gen-{CHANGED:05d}.yaml"]


def test_a_dump_changed_after_its_build_is_not_copied_from(rebuilt, tmp_path):
    """The rebuild copies unchanged graphs' blocks from the previous dumps only while those are
    as their build left them: an edited dump is not trusted, and the result is still a full
    build's, byte for byte."""
    _first, _inodes, _again, sources, out, _read = rebuilt
    nq = out / "szkg.nq"
    data = bytearray(nq.read_bytes())
    at = data.index(b"gen-firm-")
    data[at:at + 9] = b"GEN-FIRM-"
    nq.write_bytes(bytes(data))
    again = build(sources, ONTOLOGY, out)
    assert again.graphs_made == [str(document_graph(f"gen-{k:05d}")) for k in range(N)]
    full = build(sources, ONTOLOGY, tmp_path / "full", full=True)
    for name in ("szkg.nq", "szkg.trig", "szkg.ttl"):
        assert (out / name).read_bytes() == (full.out / name).read_bytes(), name



def test_a_document_entry_splits_its_own_nodes_from_what_it_may_share():
    """The Turtle dump writes each document's statement and observation nodes in its own block
    and every other triple (direct triples, mentions: subjects other graphs share) once in the
    shared part: ``document_entry`` must put exactly those triples on each side, keep every quad
    once in N-Quads order, and hash the graph as the store's ``graph_hash`` does."""
    from graph.curate.graphs import _header, document_entry
    from graph.curate.sources import load_corpus
    from graph.rdf import document_quads
    from graph.store.embedded import graph_hash
    from graph.vocab import BASE, load_ontology

    corpus = load_corpus(ROOT / "sources", load_ontology(str(ONTOLOGY / "szkg.ttl")))
    own_prefixes = (f"{BASE}statement/", f"{BASE}observation/")
    nquad = lambda q: ox.serialize([q], format=ox.RdfFormat.N_QUADS)  # noqa: E731

    def parsed(data: bytes, fmt: ox.RdfFormat) -> set:
        return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}

    for doc_id in sorted(corpus.documents)[:6]:
        quads = document_quads(corpus.documents[doc_id], *corpus.facts_of(doc_id),
                               corpus.mentions.get(doc_id, set()), sort=False)
        entry, ordered = document_entry(str(document_graph(doc_id)), quads + quads[:5])  # repeats allowed
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        own = {t for t in triples if t.subject.value.startswith(own_prefixes)}
        assert own and own != triples, doc_id
        header = _header(ox.RdfFormat.TURTLE)
        assert parsed(header + entry["turtle"], ox.RdfFormat.TURTLE) == own, doc_id
        assert parsed(entry["shared"], ox.RdfFormat.N_TRIPLES) == triples - own, doc_id
        assert entry["own_triples"] == len(own)
        assert entry["quads"] == len(triples)
        assert entry["hash"] == graph_hash(triples)
        assert ordered == sorted(set(quads), key=nquad)
        assert entry["nquads"] == b"".join(nquad(q) for q in ordered)


def test_a_worker_that_fails_fails_the_build_and_leaves_the_previous_one(rebuilt, tmp_path, monkeypatch):
    """A document graph a worker process cannot make fails the build with the document named; the
    previous build is untouched, no staging folder or worker file is left, no worker lives on."""
    import multiprocessing

    import graph.rdf

    _first, _inodes, _again, sources, out, _read = rebuilt
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    real = graph.rdf.document_quads

    def broken(doc, *args, **kwargs):
        if doc.id == "gen-00061":
            raise ValueError("a broken fact")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(graph.rdf, "document_quads", broken)
    with pytest.raises(RuntimeError, match=r"document gen-00061: its graph could not be made: ValueError"):
        build(sources, ONTOLOGY, out, full=True, workers=2)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(out.parent.glob(f".{out.name}.tmp-*"))
    assert not multiprocessing.active_children()


def test_a_build_keeps_the_collector_off_its_corpus_and_gives_it_back_as_found(rebuilt, tmp_path, monkeypatch):
    """While graphs are made, the loaded corpus is frozen out of the cyclic collector and collections
    are rarer (a tenth of a build's time went to collections that found nothing); the process's own
    thresholds and frozen objects are as before afterwards, after a failed build too."""
    import gc

    import graph.rdf

    _first, _inodes, _again, sources, _out, _read = rebuilt
    seen, real = [], graph.rdf.document_quads

    def watch(doc, *args, **kwargs):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        if doc.id == "gen-00003" and len(seen) > N:
            raise ValueError("a broken fact")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(graph.rdf, "document_quads", watch)
    before = gc.get_threshold()
    gc.set_threshold(900, *before[1:])
    try:
        build(sources, ONTOLOGY, tmp_path / "once", full=True, workers=1)
        assert len(seen) == N and all(threshold >= 100_000 and frozen > 0 for threshold, frozen in seen)
        assert gc.get_threshold()[0] == 900 and gc.get_freeze_count() == 0
        with pytest.raises(ValueError, match="a broken fact"):
            build(sources, ONTOLOGY, tmp_path / "twice", full=True, workers=1)
        assert gc.get_threshold()[0] == 900 and gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*before)


def test_a_build_in_a_threaded_process_makes_its_graphs_itself(rebuilt, tmp_path):
    """Forking a process that runs other threads is not safe (a lock held by one of them stays held
    in the child): there the build makes every graph in its own process, to the same bytes."""
    import threading

    _first, _inodes, _again, sources, out, _read = rebuilt
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        threaded = build(sources, ONTOLOGY, tmp_path / "threaded", full=True, workers=2)
    finally:
        stop.set()
        other.join()
    assert threaded.processes == 1 and len(threaded.graphs_made) == N
    assert (threaded.out / "szkg.nq").read_bytes() == (out / "szkg.nq").read_bytes()


def test_facts_parsed_by_worker_processes_fail_on_the_first_bad_file_by_name(rebuilt, tmp_path):
    """Many facts files are parsed by worker processes; a bad one is still the one-line error
    naming its file and line, and the first bad file in name order is the one named, as when
    one process reads them all."""
    import shutil

    from graph.errors import SourceError

    _first, _inodes, _again, sources, _out, _read = rebuilt
    copy = shutil.copytree(sources, tmp_path / "sources")
    for k in (90, 70):
        path = copy / "facts" / f"gen-{k:05d}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "remarks: none\n", encoding="utf-8")
    for workers in (2, 1):
        with pytest.raises(SourceError) as caught:
            build(copy, ONTOLOGY, tmp_path / f"out-{workers}", workers=workers)
        assert str(caught.value) == f"{copy / 'facts' / 'gen-00070.yaml'}:1: unknown top-level key(s) remarks"
        assert (caught.value.path, caught.value.line) == (str(copy / "facts" / "gen-00070.yaml"), 1)
        assert not (tmp_path / f"out-{workers}").exists()


def test_facts_parsed_by_a_worker_are_cached_as_this_process_parses_them(rebuilt):
    """A worker process sends a file's facts back pickled and the cache keeps those bytes; the next
    build that needs them (a graph made again) reads them as if this process had parsed the file."""
    from graph.curate.build import _salt
    from graph.curate.cache import DocumentCache
    from graph.curate.sources import _read_facts, load_corpus
    from graph.vocab import load_ontology

    first, _inodes, _again, sources, out, _read = rebuilt
    assert first.processes == 2
    ontology = load_ontology(str(ONTOLOGY / "szkg.ttl"))
    corpus = load_corpus(sources, ontology)
    cache = DocumentCache(out / "cache", _salt(ONTOLOGY, sources))
    for stem in ("gen-00003", "gen-00064"):
        entry = cache.load(stem)
        parsed = _read_facts(sources / "facts" / f"{stem}.yaml", corpus, ontology)
        assert cache.load_facts(stem, entry["facts_sha"]) == parsed["facts"]
        assert cache.load_facts(stem, "another hash") is None


def test_document_batches_are_checked_without_the_texts_and_the_shared_graphs_whole():
    """A batch of document graphs is checked with the shared graphs minus every clean text (the
    bulk of their bytes, loaded again for every batch, made validation grow with the square of the
    corpus); the shared graphs themselves are checked whole, once: a document without its clean
    text is still a violation, one that has it is none."""
    from graph.curate.graphs import Validation, light_context
    from graph.curate.shacl import compile_shapes
    from graph.vocab import BASE, SZKG

    checks = compile_shapes(ONTOLOGY / "shapes.ttl")
    doc, g = "https://w3id.org/szkg/doc/d1", "https://w3id.org/szkg/graph/documents"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    typed = f"<{doc}> <{rdf_type}> <{SZKG.Document}> <{g}> .\n".encode()
    text = f'<{doc}> <{SZKG.cleanText}> "quoting <{SZKG.cleanText}> in a text" <{g}> .\n'.encode()
    other = f'<{doc}> <{SZKG.script}> "quoting <{SZKG.cleanText}> ." <{g}> .\n'.encode()
    assert light_context(typed + text + other) == typed + other
    batch = f"<{BASE}x> <{BASE}y> <{BASE}z> <{BASE}graph/document/d1> .\n".encode()

    def found(context: bytes) -> set:
        validation = Validation(checks, context)
        validation.add("d1", batch)
        return {(v.focus, v.path, v.component) for v in validation.results()}

    missing = (f"<{doc}>", str(SZKG.cleanText), "MinCountConstraintComponent")
    assert missing in found(typed + other)
    assert missing not in found(typed + text + other)


def test_a_batch_is_checked_with_only_the_shared_nodes_it_reaches():
    """A batch of document graphs is checked with the part of the shared graphs and the ontology
    that its checks can read — the nodes it names, and what those lead to (an entity's class and
    that class's superclasses) — not with all of them: they grow with the corpus, and every batch
    checked every shared node again.  What the batch reaches gives the same findings as before (an
    observation about a Firm is about an Entity through Firm's superclass; a Place is a Place);
    a node it does not reach is the whole check's (its missing label is still found, once)."""
    from graph.curate.graphs import Context, Validation, references
    from graph.curate.shacl import compile_shapes
    from graph.store.embedded import ontology_quads
    from graph.vocab import BASE, ENTITIES_GRAPH, SZKG, load_ontology

    checks = compile_shapes(ONTOLOGY / "shapes.ttl")
    ontology = ox.serialize(ontology_quads(load_ontology(str(ONTOLOGY / "szkg.ttl")).graph),
                            format=ox.RdfFormat.N_QUADS)
    rdf_type, label = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                       "http://www.w3.org/2004/02/skos/core#prefLabel")

    def entity(name: str, cls: str, labelled: bool = True) -> bytes:
        node, g = f"<{BASE}entity/{name}>", f"<{ENTITIES_GRAPH}>"
        lines = [f"{node} <{rdf_type}> <{SZKG[cls]}> {g} .\n"]
        if labelled:
            lines += [f'{node} <{label}> "{name}"@zh-Hans {g} .\n', f'{node} <{label}> "{name}"@zh-Hant {g} .\n']
        return "".join(lines).encode()

    context = ontology + entity("firm", "Firm") + entity("place", "Place") + entity("unlabelled", "Firm", False)
    doc = f"<{BASE}graph/document/d1>"

    def batch(*triples: tuple[str, str, str]) -> bytes:
        return "".join(f"{s} <{SZKG[p]}> {o} {doc} .\n" for s, p, o in triples).encode()

    firm, place = f"<{BASE}entity/firm>", f"<{BASE}entity/place>"
    located = batch((f"<{BASE}observation/d1-1>", "about", firm), (firm, "locatedIn", place))
    assert references(located) == {firm.encode(), place.encode()}  # not the observation: the document's own
    reached = Context(context).around(references(located))
    assert entity("firm", "Firm") in reached and entity("place", "Place") in reached
    assert f"<{SZKG.Firm}> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{SZKG.Entity}>".encode() in reached
    assert b"unlabelled" not in reached

    def found(data: bytes) -> set:
        validation = Validation(checks, context)
        validation.add("d1", data)
        return {(v.focus, v.path, v.component) for v in validation.results()}

    unlabelled = (f"<{BASE}entity/unlabelled>", "http://www.w3.org/2004/02/skos/core#prefLabel",
                  "QualifiedMinCountConstraintComponent")
    result = found(located)
    assert unlabelled in result
    assert not {f for f in result if f[1] == str(SZKG.about) or f[0] in (firm, place)}
    wrong = found(batch((firm, "locatedIn", f"<{BASE}entity/unlabelled>")))
    assert (f"<{BASE}entity/unlabelled>", None, "ClassConstraintComponent") in wrong


def test_a_small_build_checks_its_graphs_in_several_batches():
    """At least four batches (of 16 graphs at least, 128 at most), so that both SHACL threads
    work while graphs are still being made: 100 documents in one batch of 100 were checked on
    one thread after the last graph was made."""
    from graph.curate.graphs import BATCH, Validation, batch_size
    from graph.curate.shacl import compile_shapes

    assert [batch_size(n) for n in (1, 40, 64, 65, 100, 512, 513, 1000)] == [16, 16, 16, 17, 25, 128, 128, 128]
    assert BATCH == 128
    validation = Validation(compile_shapes(ONTOLOGY / "shapes.ttl"), b"", size=batch_size(40))
    for k in range(40):
        validation.add(f"d{k}", f"<urn:x:{k}> <urn:x:p> <urn:x:o> <urn:g:{k}> .\n".encode())
    assert len(validation.pending) == 1 + 2  # the shared graphs, then two full batches of 16
    assert validation.results() == [] and len(validation.validated) == 40


def test_a_violation_in_a_batch_checked_while_the_store_compacts_still_fails_the_build(rebuilt, tmp_path,
                                                                                        monkeypatch):
    """A build that loads its store afresh holds the last quarter of its SHACL batches back and checks
    them while the store compacts (one core's work, the other idle); a violation in one of them still
    fails the build, before anything is swapped in: the previous build is untouched."""
    import graph.curate.graphs as graphs
    import graph.rdf
    from graph.errors import OntologyError
    from graph.vocab import BASE, SZKG

    _first, _inodes, _again, sources, out, _read = rebuilt
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    real, late = graph.rdf.document_quads, "gen-00098"  # in the last of four batches of 25

    def wrong(doc, *args, **kwargs):
        quads = real(doc, *args, **kwargs)
        if doc.id == late:
            firm = next(q.subject for q in quads if q.predicate == ox.NamedNode(SZKG["locatedIn"]))
            quads.append(ox.Quad(firm, ox.NamedNode(SZKG["locatedIn"]), ox.NamedNode(f"{BASE}entity/nowhere"),
                                 ox.NamedNode(str(document_graph(late)))))
        return quads

    released, real_release = [], graphs.Validation.release

    def release(self):
        staged = [p / "store" for p in out.parent.glob(f".{out.name}.tmp-*")]
        released.append((len(self.held), any(store.is_dir() and any(store.iterdir()) for store in staged)))
        return real_release(self)

    monkeypatch.setattr(graph.rdf, "document_quads", wrong)
    monkeypatch.setattr(graphs.Validation, "release", release)
    with pytest.raises(OntologyError, match=rf"SHACL: 1 violation\(s\); first: .*{BASE}entity/nowhere"):
        build(sources, ONTOLOGY, out, full=True, workers=2)
    assert released[0] == (1, True)  # one batch held back, released once the store was loaded
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(out.parent.glob(f".{out.name}.tmp-*"))


def test_texts_cleaned_by_worker_processes_fail_on_the_first_bad_document_in_order(rebuilt, tmp_path):
    """Many texts are cleaned by worker processes; the error is the one a single process gives: a
    text that cannot be cleaned is named before a bad record of documents.yaml after it, and a bad
    record is named before a text after it that cannot be cleaned."""
    import re
    import shutil

    from graph.curate.sources import load_documents
    from graph.errors import SourceError

    _first, _inodes, _again, sources, _out, _read = rebuilt
    copy = shutil.copytree(sources, tmp_path / "sources")
    listing = (copy / "documents.yaml").read_text(encoding="utf-8")

    def bad_script(k: int) -> str:
        return re.sub(rf'(- id: "gen-{k:05d}"\n(?:  .*\n)*?  script: )"[^"]*"', r'\1"zh-Latn"', listing)

    (copy / "documents" / "gen-00030.txt").write_bytes(b"\x00binary")
    binary = f"{copy / 'documents' / 'gen-00030.txt'}: file looks binary (contains NUL bytes), not text"
    for bad, first in ((80, binary), (10, "script 'zh-Latn' must be one of")):
        (copy / "documents.yaml").write_text(bad_script(bad), encoding="utf-8")
        for workers in (2, 1):
            with pytest.raises(SourceError) as caught:
                load_documents(copy, None, workers)
            assert first in str(caught.value)
    (copy / "documents.yaml").write_text(listing, encoding="utf-8")
    (copy / "documents" / "gen-00030.txt").write_bytes((sources / "documents" / "gen-00030.txt").read_bytes())
    assert load_documents(copy, None, 2) == load_documents(copy, None, 1)


def test_the_findings_of_batches_already_checked_are_read_without_waiting_for_the_others():
    """A build fails on what the batches checked by then found before it loads its store (a held
    batch's findings come after): ``found_so_far`` reads the done batches only, and never waits."""
    import threading
    from concurrent.futures import Future

    from graph.curate.graphs import Validation, batch_size
    from graph.curate.shacl import compile_shapes
    from graph.vocab import BASE, SZKG

    validation = Validation(compile_shapes(ONTOLOGY / "shapes.ttl"), b"", size=batch_size(16))
    bad = f"<{BASE}entity/x> <{SZKG['locatedIn']}> <{BASE}entity/nowhere> <urn:g:1> .\n"
    for k in range(16):
        validation.add(f"d{k}", bad.encode() if k == 3 else f"<urn:x:{k}> <urn:x:p> <urn:x:o> <urn:g:{k}> .\n".encode())
    for future in validation.pending:
        future.result()
    never = Future()  # a batch still being checked
    validation.pending.append(never)
    done = threading.Event()
    found = []
    threading.Thread(target=lambda: (found.extend(validation.found_so_far()), done.set()), daemon=True).start()
    assert done.wait(10), "found_so_far waited for a batch not yet checked"
    assert f"<{BASE}entity/nowhere>" in [v.value for v in found]
    validation.pending.remove(never)
    assert validation.results() == found
