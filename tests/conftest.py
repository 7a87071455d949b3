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
    """Fastest first when SZKG_TEST_ORDER names a JSON of test id → seconds (``make mutate``:
    a mutant's run stops at its first failing test, and mutmut's fork server hands the tests
    over in no particular order)."""
    order = Path(os.environ.get("SZKG_TEST_ORDER") or "")
    if order.name and order.is_file():  # not yet written during mutmut's first (stats) run
        import json

        seconds = json.loads(order.read_text(encoding="utf-8"))
        items.sort(key=lambda item: seconds.get(item.nodeid, 0.0))


def pytest_sessionfinish(session):
    """Under mutmut (``make mutate``) each mutant's tests are a pytest session in a child process
    that exits without pytest's own clean-up, so its temporary folder stays locked and is kept for
    three days: one run of the endpoint's mutants left 63 GB in /tmp.  Remove it here."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        factory = getattr(session.config, "_tmp_path_factory", None)
        basetemp = getattr(factory, "_basetemp", None)
        if basetemp is not None:
            shutil.rmtree(basetemp, ignore_errors=True)


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
