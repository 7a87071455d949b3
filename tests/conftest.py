"""Shared fixtures: the real seed graph, built once per test session."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: SZKG_TEST_SOURCES lets a developer point the suite at another sources tree.
SOURCES = Path(os.environ.get("SZKG_TEST_SOURCES", ROOT / "sources"))
ONTOLOGY = ROOT / "ontology"


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


def pytest_collection_modifyitems(config, items):
    """In a mutant's run of ``make mutate`` (tests/mutate.py): the fastest tests first, as recorded
    in mutmut's clean run, so the first failure (the run stops there) comes as soon as it can.
    mutmut hands the tests over as a set, in no useful order."""
    if "__mutmut_" not in os.environ.get("MUTANT_UNDER_TEST", ""):
        return
    try:
        durations = json.loads((ROOT / "mutmut-stats.json").read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        return
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
