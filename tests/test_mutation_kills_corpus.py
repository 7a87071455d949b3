"""Tests written against the mutants `make mutate` left alive in the corpus build's parts: the
worker processes (graph/curate/forked.py), the document graphs and dumps (graph/curate/graphs.py)
and the per-document cache (graph/curate/cache.py).  Each pins what ``build()`` shows a user —
who made the graphs, the dump bytes, the error, what is left on disk — on generated corpora
(bench/corpus.py, as tests/test_corpus_build.py)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from graph.curate.build import build
from tests.conftest import ONTOLOGY, ROOT


@pytest.fixture(scope="module")
def corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    return module


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
