"""Tests written against the mutants `make mutate` found alive in names (docs/testing.md): each pins
a behaviour a user sees that no other test pinned, so the small change that broke it turns red."""

from __future__ import annotations

import pytest

from graph.errors import UnknownName
from graph.names import choose, closest


class Named:
    def __init__(self, id: str, *keys: str):
        self.id, self._keys = id, list(keys)

    def keys(self):
        return self._keys


# ------------------------------------------------------------------ graph.names: the closest names


def test_a_name_exactly_a_third_alike_is_still_close_and_less_is_not():
    # 17 of 50 characters in common on each side: SequenceMatcher's ratio is 2 × 17 / 100 = 0.34
    key = "a" * 17 + "b" * 33
    assert [c.id for c in closest(key, [Named("edge", "a" * 17 + "c" * 33)])] == ["edge"]
    assert closest(key, [Named("below", "a" * 16 + "c" * 34)]) == []


def test_at_most_five_close_names_are_offered_by_default():
    pool = [Named(f"e{i}", f"华为{i}") for i in range(7)]
    assert [c.id for c in closest("华为", pool)] == ["e0", "e1", "e2", "e3", "e4"]


def test_an_unknown_name_lists_every_close_name_separated_by_commas():
    pool = [Named("huawei", "华为"), Named("huawei-device", "华为终端")]
    with pytest.raises(UnknownName) as info:
        choose("华", [], lambda: pool, lambda c: f"<{c.id}>")
    assert str(info.value) == "no entity is called '华'; closest: <huawei>, <huawei-device>"
