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
