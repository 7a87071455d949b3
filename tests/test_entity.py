"""Entities by any of their names, and the entity card."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.entity import AmbiguousName, UnknownName, entity_card, resolve_document, resolve_entity
from graph.vocab import ENT, ENTITIES_GRAPH, SZKG


@pytest.fixture(scope="module")
def store(store_path):
    from graph.store import open_store

    return open_store(store_path)


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


def test_the_card_has_labels_in_every_script_and_every_relation_with_its_quote(store, built):
    corpus = built.corpus
    card = entity_card(store, "華為")
    assert card.id == "huawei" and card.types == ["Firm"]
    assert card.labels == {"en": "Huawei", "zh-hans": "华为", "zh-hant": "華為"}
    expected = {("out", s.predicate, s.object, s.evidence.quote, s.evidence.document)
                for s in corpus.statements if s.subject == "huawei"}
    expected |= {("in", s.predicate, s.subject, s.evidence.quote, s.evidence.document)
                 for s in corpus.statements if s.object == "huawei"}
    assert {(r.direction, r.predicate, r.other, r.quote, r.document) for r in card.relations} == expected
    enabled = [r for r in card.relations
               if (r.direction, r.predicate, r.other) == ("in", "enabled", "policy-18-1987")]
    assert enabled and "如果沒有18號文件" in enabled[0].quote
    assert enabled[0].title == corpus.documents[enabled[0].document].title
    assert enabled[0].other_label == "18号文件"


def test_the_card_has_observations_by_period_and_attributes(store, built):
    corpus = built.corpus
    subject = max(sorted({o.subject for o in corpus.observations}),
                  key=lambda e: sum(o.subject == e for o in corpus.observations))
    card = entity_card(store, subject)
    assert sorted((o.period, o.as_written) for o in card.observations) == \
        sorted((o.period, o.as_written) for o in corpus.observations if o.subject == subject)
    assert [o.period for o in card.observations] == sorted(o.period for o in card.observations)
    policy = entity_card(store, "18号文件")
    assert {(a.predicate, a.value) for a in policy.attributes} == \
        {(a.predicate, a.value) for a in corpus.attributes if a.subject == "policy-18-1987"}
    assert policy.documents and all(d.title for d in policy.documents)


def test_every_name_of_every_entity_is_in_the_name_key_index(store, built):
    """`szkg build` writes one szkg:nameKey per normalised name; resolution looks names up there."""
    from graph.entity import name_key

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


def test_a_hubs_card_is_a_summary_with_exact_counts(store, built):
    statements = built.corpus.statements
    full = entity_card(store, "深圳", limit=None)
    assert full.complete and len(full.relations) == sum("shenzhen" in (s.subject, s.object) for s in statements)
    card = entity_card(store, "深圳", limit=2)
    assert not card.complete
    expected: dict[tuple[str, str], int] = {}
    for s in statements:
        if s.subject == "shenzhen":
            expected[("out", s.predicate)] = expected.get(("out", s.predicate), 0) + 1
        if s.object == "shenzhen":
            expected[("in", s.predicate)] = expected.get(("in", s.predicate), 0) + 1
    assert {(g.direction, g.predicate): g.count for g in card.groups} == expected
    assert all(g.shown == min(2, g.count) for g in card.groups)
    assert len(card.relations) == sum(g.shown for g in card.groups)
    assert {(r.direction, r.predicate, r.other, r.quote) for r in card.relations} <= \
        {(r.direction, r.predicate, r.other, r.quote) for r in full.relations}


def test_cli_entity_says_the_card_is_a_summary_and_all_lists_everything(built):
    from click.testing import CliRunner

    from graph.cli import cli

    summary = CliRunner().invoke(cli, ["entity", "深圳", "--json", "--out", str(built.out)])
    everything = CliRunner().invoke(cli, ["entity", "深圳", "--json", "--all", "--out", str(built.out)])
    assert summary.exit_code == 0 and everything.exit_code == 0, summary.output + everything.output
    import json

    short, full = json.loads(summary.output), json.loads(everything.output)
    assert short["complete"] is False and full["complete"] is True
    assert len(short["relations"]) < len(full["relations"])
    assert len(full["relations"]) == sum("shenzhen" in (s.subject, s.object) for s in built.corpus.statements)
    text = CliRunner().invoke(cli, ["entity", "深圳", "--out", str(built.out)])
    assert "Add --all to list all of them." in text.output


def _corpus_counts(built) -> dict[tuple[str, str, str], int]:
    counts: dict[tuple[str, str, str], int] = {}
    for s in built.corpus.statements:
        for key in ((s.subject, "out", s.predicate), (s.object, "in", s.predicate)):
            counts[key] = counts.get(key, 0) + 1
    for a in built.corpus.attributes:
        counts[a.subject, "out", a.predicate] = counts.get((a.subject, "out", a.predicate), 0) + 1
    return counts


def test_the_build_records_the_counts_of_every_hub_and_of_no_other_entity(store, built):
    from graph.entity import CARD_LIMIT
    from graph.vocab import COUNTS_GRAPH, PREFIXES, local_name

    counts = _corpus_counts(built)
    hubs = {e for (e, _, _), n in counts.items() if n > CARD_LIMIT}
    assert "shenzhen" in hubs and "huawei" not in hubs
    rows = store.query(f"SELECT ?e ?d ?p ?n WHERE {{ GRAPH <{COUNTS_GRAPH}> {{ ?c szkg:countOf ?e ; "
                       f"szkg:direction ?d ; szkg:countedRelation ?p ; szkg:statementCount ?n }} }}",
                       prefixes=PREFIXES)
    recorded = {(local_name(r["e"].value), r["d"].value, local_name(r["p"].value)): int(r["n"].value)
                for r in rows}
    assert recorded == {key: n for key, n in counts.items() if key[0] in hubs}


def test_a_hubs_card_reads_its_counts_and_every_card_equals_the_counted_one(store, built, monkeypatch):
    import graph.entity as entity

    indexed = {e.id: entity_card(store, e.id).to_dict() for e in built.corpus.entities.values()}
    monkeypatch.setattr(entity, "INDEXED_COUNTS_QUERY", "SELECT * WHERE { FILTER(false) }")
    counted = {e.id: entity_card(store, e.id).to_dict() for e in built.corpus.entities.values()}
    assert indexed == counted
    assert not indexed["shenzhen"]["complete"]
    # with the index a hub's card does not count its statements
    monkeypatch.undo()
    monkeypatch.setattr(entity, "COUNT_QUERIES", {"out": "SELECT * WHERE { BIND(1/0 AS ?n) FILTER(?n) }",
                                                   "in": "SELECT * WHERE { BIND(1/0 AS ?n) FILTER(?n) }"})
    assert entity_card(store, "shenzhen").to_dict() == indexed["shenzhen"]
    assert entity_card(store, "huawei").groups == []  # not a hub: counted, and the counting is broken here
