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


# ------------------------------------------------------------------ graph.query.entity: labels and matches

import pyoxigraph as ox  # noqa: E402

from graph.query.entity import labels_of, localize, resolve_entity  # noqa: E402
from graph.query.results import QueryResult  # noqa: E402
from graph.vocab import ENT, ENTITIES_GRAPH, SZKG  # noqa: E402

PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def labelled(store: ox.Store, entity_id: str, kind: str = "Firm", graph: str = str(ENTITIES_GRAPH),
             **labels: str) -> ox.NamedNode:
    """Add an entity with preferred labels (keyword: language tag with _ for -, or plain)."""
    node, where = ox.NamedNode(str(ENT[entity_id])), ox.NamedNode(graph)
    store.add(ox.Quad(node, TYPE, ox.NamedNode(str(SZKG[kind])), where))
    for tag, text in labels.items():
        literal = ox.Literal(text) if tag == "plain" else ox.Literal(text, language=tag.replace("_", "-"))
        store.add(ox.Quad(node, PREF, literal, where))
    return node


def test_an_entity_shows_its_chinese_label_else_its_english_one_else_its_id():
    store = ox.Store()
    labelled(store, "bay", en="Shenzhen Bay")
    labelled(store, "bare", kind="Place")
    labelled(store, "huawei", zh_Hans="华为", en="Huawei")
    bay, bare, huawei = (resolve_entity(store, n) for n in ("bay", "ent:bare", "huawei"))  # no label: by its IRI
    assert (bay.iri, bay.id, bay.type, bay.label, bay.en) == (str(ENT["bay"]), "bay", "Firm", "Shenzhen Bay", "Shenzhen Bay")
    assert (bare.label, bare.en, bare.type) == ("bare", "", "Place")
    assert (huawei.label, huawei.en) == ("华为", "Huawei")
    assert bare.describe() == "bare (bare, Place)"


def test_labels_of_reads_every_iri_in_chunks_with_language_tags_in_lower_case():
    store = ox.Store()
    iris = [labelled(store, f"e{i:03d}", zh_Hans=f"甲{i}").value for i in range(501)]  # two chunks of VALUES rows
    labelled(store, "huawei", zh_Hans="华为", zh_Hant="華為", en="Huawei", plain="HW")
    labelled(store, "elsewhere", graph="urn:other", en="not an entity label")
    found = labels_of(store, [*iris, str(ENT["huawei"]), str(ENT["elsewhere"]), str(ENT["e000"])])
    assert set(found) == {*iris, str(ENT["huawei"])}
    assert found[str(ENT["e000"])] == {"zh-hans": "甲0"} and found[str(ENT["e500"])] == {"zh-hans": "甲500"}
    assert found[str(ENT["huawei"])] == {"zh-hans": "华为", "zh-hant": "華為", "en": "Huawei", "": "HW"}
    assert labels_of(store, []) == {}


def test_localize_shows_each_entity_column_label_in_the_chosen_language_and_leaves_the_rest():
    store = ox.Store()
    huawei = labelled(store, "huawei", zh_Hans="华为", zh_Hant="華為", en="Huawei")
    bay = labelled(store, "bay", en="Shenzhen Bay")
    unlabelled = ox.NamedNode(str(ENT["nobody"]))
    own = ox.Literal("own text")
    rows = [(huawei, own, ox.Literal("1"), ox.Literal("a")),
            (bay, own, ox.Literal("2"), ox.Literal("b")),
            (unlabelled, own, ox.Literal("3"), ox.Literal("c")),
            (ox.Literal(huawei.value), own, ox.Literal("4"), ox.Literal("d")),  # a literal is not an entity
            (None, own, ox.Literal("5"), None)]
    result = QueryResult("select", ("x", "xLabel", "n", "otherLabel"), rows, truncated=True)
    shown = localize(store, result, "zh-Hant")
    assert [row[1].value for row in shown.rows] == ["華為", "Shenzhen Bay", "own text", "own text", "own text"]
    assert [row[0] for row in shown.rows] == [row[0] for row in rows]
    assert [row[2:] for row in shown.rows] == [row[2:] for row in rows]
    assert shown.truncated and shown.variables == result.variables
    assert [row[1].value for row in localize(store, result, "en").rows][:2] == ["Huawei", "Shenzhen Bay"]
    assert result.rows == rows  # the answer given is not changed


def test_localize_leaves_an_answer_without_entity_label_columns_as_it_is():
    store = ox.Store()
    huawei = labelled(store, "huawei", zh_Hans="华为")
    plain = QueryResult("select", ("x", "label"), [(huawei, ox.Literal("x"))])
    assert localize(store, plain, "zh-Hans") is plain
    ask = QueryResult("ask", boolean=True)
    assert localize(store, ask, "zh-Hans") is ask
