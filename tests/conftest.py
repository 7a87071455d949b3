"""Shared fixtures: the real seed graph, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: SZKG_TEST_SOURCES lets a developer point the suite at another sources tree.
SOURCES = Path(os.environ.get("SZKG_TEST_SOURCES", ROOT / "sources"))
ONTOLOGY = ROOT / "ontology"


def pytest_collection_modifyitems(items):
    """When SZKG_TEST_ORDER names a JSON of ``files`` (a mutation group's test files, in order)
    and ``seconds`` (test id → seconds), run file by file in that order, fastest first within
    each (``make mutate``: a mutant's run stops at its first failing test, and mutmut's fork
    server hands the tests over in no particular order).  A file's tests stay together: tests
    of several files interleaved would tear down and start again a module's fixtures (the
    endpoint's worker processes) at every change of file."""
    order = Path(os.environ.get("SZKG_TEST_ORDER") or "")
    if order.name and order.is_file():  # not yet written during mutmut's first (stats) run
        import json

        data = json.loads(order.read_text(encoding="utf-8"))
        files, seconds = data.get("files", []), data.get("seconds", {})
        rank = {name: i for i, name in enumerate(files)}

        def key(item):
            path = item.nodeid.split("::")[0]
            return rank.get(path, len(files)), path, seconds.get(item.nodeid, 0.0)

        items.sort(key=key)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """In a mutation run (SZKG_TEST_ORDER set), temporary folders go under mutants/tmp/<pid>, and
    those of runs that have ended are removed: mutmut ends a mutant's pytest with os._exit, so
    pytest never unlocks its numbered folders in the system's temp and never removes them (store
    copies of every mutant's run, gigabytes an hour)."""
    order = os.environ.get("SZKG_TEST_ORDER")
    if not order:
        return
    # mutmut's fork server handles SIGTERM itself (it kills its own children and exits), and a
    # mutant's pytest, forked from it, inherits that handler, and so do the build's worker
    # processes forked from the test: Pool.terminate's SIGTERM then left a worker waiting for
    # its task queue, and the build that ended the pool waited for it until mutmut's timeout.
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if config.option.basetemp:
        return
    root = Path(order).parent / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    for old in root.iterdir():
        try:
            os.kill(int(old.name), 0)
        except ProcessLookupError:  # that run has ended
            shutil.rmtree(old, ignore_errors=True)
        except (ValueError, PermissionError):
            pass
    config.option.basetemp = str(root / str(os.getpid()))


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seed corpus built into a temporary directory (BuildResult).

    SZKG_TEST_BUILT names a pickled BuildResult to use instead: ``make mutate`` builds once
    with the code as it is and every mutant's run reads that build (tests that build on their
    own still run the mutated build code)."""
    from graph.curate.build import build

    if os.environ.get("SZKG_TEST_BUILT"):
        import pickle

        return pickle.loads(Path(os.environ["SZKG_TEST_BUILT"]).read_bytes())
    out = tmp_path_factory.mktemp("build") / "out"
    return build(SOURCES, ONTOLOGY, out)


@pytest.fixture(scope="session")
def store_path(built) -> Path:
    """Path of the embedded Oxigraph store of the seed graph."""
    return built.out / "store"


@pytest.fixture(scope="module")
def store(store_path):
    """The seed graph's store, opened read-only."""
    from graph.store.embedded import open_store

    return open_store(store_path)


@pytest.fixture
def sources_copy(tmp_path) -> Path:
    """A writable copy of the real sources, for tests that break them on purpose."""
    dest = tmp_path / "sources"
    shutil.copytree(SOURCES, dest, ignore=shutil.ignore_patterns("curation"))
    return dest


@pytest.fixture(scope="module")
def corpus_module():
    """``bench/corpus.py``, the generator of corpora shaped like the curated one (not a package)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    return module
