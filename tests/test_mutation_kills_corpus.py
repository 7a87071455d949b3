"""Tests written against the mutants `make mutate` left alive in the corpus build's parts: the
worker processes (graph/curate/forked.py), the document graphs and dumps (graph/curate/graphs.py)
and the per-document cache (graph/curate/cache.py).  Each pins what ``build()`` shows a user —
who made the graphs, the dump bytes, the error, what is left on disk — on generated corpora
(bench/corpus.py, as tests/test_corpus_build.py)."""

from __future__ import annotations


import pytest

from graph.curate.build import build
from tests.conftest import ONTOLOGY


# ------------------------------------------------------------------ graph/curate/forked.py


def test_worker_processes_make_the_graphs_from_exactly_the_minimum_number_of_documents(corpus_module, tmp_path):
    """``forked.MINIMUM`` (48) documents to parse and make are the fewest that go to worker
    processes; one fewer are made by the build's own process.  The bytes are the same either way."""
    from graph.curate.forked import MINIMUM

    sources = corpus_module.make_corpus(tmp_path / "sources", MINIMUM)
    forked = build(sources, ONTOLOGY, tmp_path / "forked", workers=2)
    assert len(forked.graphs_made) == MINIMUM and forked.processes == 2
    alone = build(sources, ONTOLOGY, tmp_path / "alone", workers=1)
    assert alone.processes == 1
    for name in ("szkg.nq", "szkg.trig", "szkg.ttl"):
        assert (forked.out / name).read_bytes() == (alone.out / name).read_bytes(), name
    fewer = corpus_module.make_corpus(tmp_path / "fewer", MINIMUM - 1)
    assert build(fewer, ONTOLOGY, tmp_path / "fewer-out", workers=2).processes == 1


# ------------------------------------------------------------------ graph/curate/graphs.py


def _dumps(out) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("szkg.nq", "szkg.trig", "szkg.ttl")}


@pytest.fixture(scope="module")
def minimum(corpus_module, tmp_path_factory):
    """(sources, the dumps of a full build in one process): a corpus of ``forked.MINIMUM``
    documents, the fewest whose graphs worker processes make."""
    from graph.curate.forked import MINIMUM

    root = tmp_path_factory.mktemp("minimum")
    sources = corpus_module.make_corpus(root / "sources", MINIMUM)
    return sources, _dumps(build(sources, ONTOLOGY, root / "alone", workers=1).out)


def test_without_copy_file_range_the_dumps_are_copied_through_memory_to_the_same_bytes(
        corpus_module, minimum, tmp_path, monkeypatch):
    """On a file system (or kernel) without ``copy_file_range`` the dumps copy the graphs that
    worker processes made, and a rebuild the unchanged graphs of the previous dumps, by reading
    and writing: the same bytes as a full build in one process."""
    import errno
    import os
    import shutil

    sources, alone = minimum
    calls = []

    def unsupported(*args, **kwargs):
        calls.append(args)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", unsupported)
    forked = build(sources, ONTOLOGY, tmp_path / "out", workers=2)
    assert forked.processes == 2 and calls
    assert _dumps(forked.out) == alone
    copy = shutil.copytree(sources, tmp_path / "sources")
    corpus_module.touch_document(copy, 5)
    full = _dumps(build(copy, ONTOLOGY, tmp_path / "full", workers=1).out)
    calls.clear()
    again = build(copy, ONTOLOGY, tmp_path / "out", workers=2)
    assert len(again.graphs_made) == 1 and again.incremental and calls
    assert _dumps(again.out) == full


def test_a_document_whose_graph_is_empty_among_many_leaves_the_others_graphs(corpus_module, tmp_path):
    """A document with no facts whose text names no entity has an empty graph; the documents after
    it still get theirs, whether worker processes make them or the build's own process."""
    from graph.curate.forked import MINIMUM
    from graph.vocab import document_graph

    sources = corpus_module.make_corpus(tmp_path / "sources", MINIMUM + 1)
    empty = "gen-00003"
    (sources / "facts" / f"{empty}.yaml").unlink()
    (sources / "documents" / f"{empty}.txt").write_text("今天下午天气晴朗，气温适中。\n", encoding="utf-8")
    corpus_module.prune_entities(sources)  # its firm, and entities only its parts named, are named nowhere now
    assert "id: gen-firm-00003," not in (sources / "entities.yaml").read_text(encoding="utf-8")
    results = {workers: build(sources, ONTOLOGY, tmp_path / f"out-{workers}", workers=workers)
               for workers in (2, 1)}
    assert results[2].processes == 2
    for result in results.values():
        assert len(result.graphs_made) == MINIMUM and str(document_graph(empty)) not in result.graphs_made
        assert str(document_graph(f"gen-{MINIMUM:05d}")) in result.graphs_made
    assert _dumps(results[2].out) == _dumps(results[1].out)


def test_a_build_that_fails_while_its_workers_make_graphs_leaves_no_worker_and_the_previous_build(
        minimum, tmp_path, monkeypatch):
    """A failure in the build's own process while worker processes are still making graphs ends
    them (none lives on after the build), and the previous build is as it was."""
    import multiprocessing

    import graph.curate.graphs as G

    sources, _alone = minimum
    out = tmp_path / "out"
    build(sources, ONTOLOGY, out, workers=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    real, seen = G.Dumps.add, []

    def failing(self, stem, made):
        seen.append(stem)
        if len(seen) == 10:
            raise ValueError("the tenth graph cannot be written")
        return real(self, stem, made)

    monkeypatch.setattr(G.Dumps, "add", failing)
    with pytest.raises(ValueError, match="the tenth graph cannot be written"):
        build(sources, ONTOLOGY, out, full=True, workers=2)
    assert not multiprocessing.active_children()
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(tmp_path.glob(".out.tmp-*"))


def test_a_dump_copies_each_range_from_its_own_file_even_where_two_files_ranges_meet(tmp_path):
    """A dump is appended to from several files (the previous dumps, the workers' files): ranges
    of one file that follow each other are copied in one go, but a range of another file that
    starts where the last one ended is still read from that other file."""
    import os

    from graph.curate.graphs import _Sink

    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"0123456789")
    b.write_bytes(b"abcdefghij")
    fa, fb = os.open(a, os.O_RDONLY), os.open(b, os.O_RDONLY)
    try:
        sink = _Sink(tmp_path / "out")
        assert [sink.copy(fa, 0, 4), sink.copy(fa, 4, 2), sink.copy(fb, 6, 3), sink.write(b"!"),
                sink.copy(fb, 0, 2)] == [0, 4, 6, 9, 10]
        sink.close()
    finally:
        os.close(fa)
        os.close(fb)
    assert (tmp_path / "out").read_bytes() == b"012345ghi!ab"


# ------------------------------------------------------------------ graph/curate/cache.py


def test_without_hard_links_the_cache_entries_are_copied_and_still_reused(corpus_module, minimum, tmp_path,
                                                                          monkeypatch):
    """On a file system without hard links the cache entries a rebuild keeps unchanged are copied
    into the new build folder: the next rebuild still reuses them and makes only the changed graph,
    to the bytes of a full build."""
    import errno
    import os
    import shutil

    from graph.vocab import document_graph

    sources, _alone = minimum
    copy = shutil.copytree(sources, tmp_path / "sources")
    out = tmp_path / "out"
    build(copy, ONTOLOGY, out, workers=1)
    links = []

    def unsupported(source, target, *args, **kwargs):
        links.append(target)
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", unsupported)
    for k in (5, 6):
        corpus_module.touch_document(copy, k)
        again = build(copy, ONTOLOGY, out, workers=1)
        assert again.graphs_made == [str(document_graph(f"gen-{k:05d}"))]
    assert links and all(os.stat(path).st_nlink == 1 for path in (out / "cache").iterdir())
    full = build(copy, ONTOLOGY, tmp_path / "full", workers=1)
    assert _dumps(out) == _dumps(full.out)
