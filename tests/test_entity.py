"""Entities and documents by any of their names, in any script (graph.query.entity)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import AmbiguousName, UnknownName
from graph.query.entity import resolve_document, resolve_entity
from graph.vocab import ENT, ENTITIES_GRAPH, SZKG


@pytest.mark.parametrize("name", ["华为", "華為", "Huawei", "huawei", " HUAWEI ", "ent:huawei",
                                  f"<{ENT['huawei']}>"])
def test_a_firm_resolves_by_any_label_or_alias_in_any_script(store, name):
    match = resolve_entity(store, name)
    assert (match.id, match.type, match.label, match.en) == ("huawei", "Firm", "华为", "Huawei")


@pytest.mark.parametrize("name", ["18号文件", "18號文件", "“18號文件”", "Document No. 18 (1987)"])
def test_a_policy_resolves_by_its_names_with_or_without_quotation_marks(store, name):
    assert resolve_entity(store, name).id == "policy-18-1987"


def test_an_unknown_name_lists_the_closest_names(store):
    with pytest.raises(UnknownName) as info:
        resolve_entity(store, "华维")
    assert "no entity is called '华维'" in str(info.value)
    assert "华为 (huawei, Firm)" in str(info.value).split("closest:")[1]


def test_a_class_narrows_the_candidates(store):
    assert resolve_entity(store, "深圳", "Place").id == "shenzhen"
    with pytest.raises(UnknownName, match="is 深圳 \\(shenzhen, Place\\), not a Firm"):
        resolve_entity(store, "深圳", "Firm")


def tiny_store(*entities: tuple[str, str, str, list[str]]) -> ox.Store:
    """An in-memory store with entities (id, class, zh-Hans label, aliases)."""
    store = ox.Store()
    graph = ox.NamedNode(str(ENTITIES_GRAPH))
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for entity_id, kind, label, aliases in entities:
        node = ox.NamedNode(str(ENT[entity_id]))
        store.add(ox.Quad(node, rdf_type, ox.NamedNode(str(SZKG[kind])), graph))
        store.add(ox.Quad(node, pref, ox.Literal(label, language="zh-Hans"), graph))
        for alias in aliases:
            store.add(ox.Quad(node, alt, ox.Literal(alias), graph))
    return store


def test_a_name_shared_by_two_entities_is_ambiguous_and_both_are_listed():
    store = tiny_store(("nanshan-district", "Place", "南山区", ["南山"]),
                       ("nanshan-group", "Firm", "南山集团", ["南山"]))
    with pytest.raises(AmbiguousName) as info:
        resolve_entity(store, "南山")
    assert "南山区 (nanshan-district, Place)" in str(info.value)
    assert "南山集团 (nanshan-group, Firm)" in str(info.value)
    assert resolve_entity(store, "南山", "Firm").id == "nanshan-group"
    assert resolve_entity(store, "nanshan-district").id == "nanshan-district"


def test_a_document_resolves_by_id_prefix_or_title(store, built):
    doc = sorted(built.corpus.documents.values(), key=lambda d: d.id)[-1]
    assert resolve_document(store, doc.id).id == doc.id
    assert resolve_document(store, doc.title).id == doc.id
    if sum(d.startswith(doc.id[:3]) for d in built.corpus.documents) == 1:
        assert resolve_document(store, doc.id[:3]).id == doc.id
    with pytest.raises(UnknownName, match="no document is called 'nope'"):
        resolve_document(store, "nope")


def test_every_name_of_every_entity_is_in_the_name_key_index(store, built):
    """`szkg build` writes one szkg:nameKey per normalised name; resolution looks names up there."""
    from graph.query.entity import name_key

    rows = store.query(f"SELECT ?e ?k WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e <{SZKG['nameKey']}> ?k }} }}")
    index: dict[str, set[str]] = {}
    for row in rows:
        index.setdefault(row["e"].value.removeprefix(str(ENT)), set()).add(row["k"].value)
    assert set(index) == set(built.corpus.entities)
    for entity in built.corpus.entities.values():
        assert {name_key(n) for n in (entity.id, entity.label, entity.en, *entity.aliases) if n} <= index[entity.id], entity.id
    assert {"华为", "huawei"} <= index["huawei"]


def test_a_name_is_looked_up_in_the_index_not_by_reading_every_label():
    """An entity reachable only through its szkg:nameKey still resolves: the lookup uses the index."""
    store = tiny_store(("nanshan-district", "Place", "南山区", []))
    node = ox.NamedNode(str(ENT["nanshan-district"]))
    store.add(ox.Quad(node, ox.NamedNode(str(SZKG["nameKey"])), ox.Literal("蛇口"),
                      ox.NamedNode(str(ENTITIES_GRAPH))))
    assert resolve_entity(store, "蛇口").id == "nanshan-district"
