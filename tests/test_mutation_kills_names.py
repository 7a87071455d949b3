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
    iris = [labelled(store, f"e{i:04d}", zh_Hans=f"甲{i}").value for i in range(1001)]  # three chunks of VALUES rows
    labelled(store, "huawei", zh_Hans="华为", zh_Hant="華為", en="Huawei", plain="HW")
    labelled(store, "elsewhere", graph="urn:other", en="not an entity label")
    found = labels_of(store, [*iris, str(ENT["huawei"]), str(ENT["elsewhere"]), str(ENT["e0000"])])
    assert set(found) == {*iris, str(ENT["huawei"])}
    assert found[str(ENT["e0000"])] == {"zh-hans": "甲0"} and found[str(ENT["e1000"])] == {"zh-hans": "甲1000"}
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


# ------------------------------------------------------------------ graph.query.entity: resolving names and documents

from graph.errors import AmbiguousName  # noqa: E402
from graph.names import name_keys  # noqa: E402
from graph.query.entity import DocumentMatch, resolve_document, resolve_names  # noqa: E402
from graph.vocab import DOC, DOCUMENTS_GRAPH  # noqa: E402

ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
KEY = ox.NamedNode(str(SZKG["nameKey"]))
EG = ox.NamedNode(str(ENTITIES_GRAPH))


def entity(store: ox.Store, entity_id: str, kind: str, label: str, *aliases: str, keys=True, en: str = "",
           iri: str | None = None, types: tuple[str, ...] = ()) -> None:
    """An entity as szkg build writes it: class, labels, aliases and (``keys``) its name keys."""
    node = ox.NamedNode(iri or str(ENT[entity_id]))
    for t in (*((str(SZKG[kind]),) if kind else ()), *types):
        store.add(ox.Quad(node, TYPE, ox.NamedNode(t), EG))
    store.add(ox.Quad(node, PREF, ox.Literal(label, language="zh-Hans"), EG))
    if en:
        store.add(ox.Quad(node, PREF, ox.Literal(en, language="en"), EG))
    for alias in aliases:
        store.add(ox.Quad(node, ALT, ox.Literal(alias), EG))
    if keys:
        extra = tuple(keys) if isinstance(keys, tuple) else ()
        for key in name_keys([entity_id, label, en, *aliases, *extra]):
            store.add(ox.Quad(node, KEY, ox.Literal(key), EG))


def places(keys=True) -> ox.Store:
    store = ox.Store()
    entity(store, "nanshan-district", "Place", "南山区", "南山", keys=keys)
    entity(store, "nanshan-group", "Firm", "南山集团", "南山", keys=keys)
    entity(store, "huawei", "Firm", "华为", "华为技术", en="Huawei", keys=("hw-extra",) if keys else False)
    entity(store, "huawei-village", "Place", "华维村", keys=keys)
    return store


def test_an_entity_resolves_by_its_iri_written_plainly():
    match = resolve_entity(places(), str(ENT["huawei"]))
    assert (match.id, match.iri, match.label) == ("huawei", str(ENT["huawei"]), "华为")


def test_resolve_names_gives_every_name_of_the_entity_and_its_stored_keys():
    names = resolve_names(places(), "ent:huawei")
    assert (names.iri, names.id, names.type) == (str(ENT["huawei"]), "huawei", "Firm")
    assert names.labels == {"zh-hans": "华为", "en": "Huawei"} and names.aliases == ["华为技术"]
    assert names.keys() == sorted(["huawei", "华为", "华为技术", "hwextra"])
    assert resolve_entity(places(), "HW extra").id == "huawei"  # a stored key that no name spells


def test_without_name_keys_every_entity_is_read_and_matched_by_its_names():
    store = places(keys=False)
    names = resolve_names(store, "南山区")
    assert (names.iri, names.id, names.type) == (str(ENT["nanshan-district"]), "nanshan-district", "Place")
    assert names.labels == {"zh-hans": "南山区"} and names.aliases == ["南山"]
    assert resolve_entity(store, "Huawei").id == "huawei"
    with pytest.raises(AmbiguousName, match="^'南山' names 2 entities: 南山区 "):
        resolve_entity(store, "南山")


def test_only_szkg_entities_with_an_szkg_class_resolve():
    store = places()
    entity(store, "outsider", "Firm", "外人", iri="urn:x:outsider")
    entity(store, "untyped", "", "无类", types=("http://www.w3.org/2002/07/owl#Thing",))
    entity(store, "typed-twice", "Firm", "两类", types=("http://www.w3.org/2002/07/owl#NamedIndividual",))
    for name in ("<urn:x:outsider>", "无类", "ent:untyped"):
        with pytest.raises(UnknownName):
            resolve_entity(store, name)
    assert resolve_entity(store, "两类").type == "Firm"


def test_a_name_of_another_class_says_what_it_is_and_lists_the_closest_of_the_class():
    store = places()
    with pytest.raises(UnknownName) as info:
        resolve_entity(store, "南山", "Person")
    assert str(info.value) == ("'南山' is 南山区 (nanshan-district, Place), 南山集团 (nanshan-group, Firm), not a Person; "
                               "closest Person names: none")
    entity(store, "nanshan-man", "Person", "南山人")
    with pytest.raises(UnknownName) as info:
        resolve_entity(store, "华为", "Place")
    assert str(info.value) == "'华为' is 华为 (huawei, Firm), not a Place; closest Place names: 华维村 (huawei-village, Place)"


def test_an_unknown_name_of_a_class_hints_only_at_that_class():
    with pytest.raises(UnknownName) as info:
        resolve_entity(places(), "华维", "Firm")
    assert str(info.value) == "no Firm is called '华维'; closest: 华为 (huawei, Firm)"
    with pytest.raises(UnknownName) as info:
        resolve_entity(places(), "华维")
    assert str(info.value) == "no entity is called '华维'; closest: 华维村 (huawei-village, Place), 华为 (huawei, Firm)"


def documents_store(*docs: tuple[str, str]) -> ox.Store:
    store = ox.Store()
    dg = ox.NamedNode(str(DOCUMENTS_GRAPH))
    for doc_id, title in docs:
        node = ox.NamedNode(str(DOC[doc_id]))
        store.add(ox.Quad(node, TYPE, ox.NamedNode(str(SZKG["Document"])), dg))
        store.add(ox.Quad(node, ox.NamedNode("http://purl.org/dc/terms/identifier"), ox.Literal(doc_id), dg))
        store.add(ox.Quad(node, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(title), dg))
    return store


REPORTS = (("report-2025", "深圳机器人产业报告"), ("report-2024", "深圳机器人产业报告（上）"), ("news-1", "华为新闻"))


@pytest.mark.parametrize("name, doc_id", [
    ("report-2025", "report-2025"), (" doc:report-2025 ", "report-2025"), (f"<{DOC['report-2025']}>", "report-2025"),
    (str(DOC["report-2024"]), "report-2024"), ("华为新闻", "news-1"), ("華為新聞", "news-1"), ("news", "news-1"),
    ("新闻", "news-1"), ("深圳机器人产业报告", "report-2025"), ("上", "report-2024"),
])
def test_a_document_resolves_by_id_iri_title_id_prefix_or_a_unique_part_of_its_title(name, doc_id):
    found = resolve_document(documents_store(*REPORTS), name)
    assert found == DocumentMatch(str(DOC[doc_id]), doc_id, dict(REPORTS)[doc_id])


@pytest.mark.parametrize("name", ["report", "机器人"])
def test_a_document_name_that_fits_several_lists_them(name):
    with pytest.raises(AmbiguousName) as info:
        resolve_document(documents_store(*REPORTS), name)
    assert str(info.value) == (f"'{name}' names 2 documents: report-2024 (深圳机器人产业报告（上）), "
                               "report-2025 (深圳机器人产业报告); use the id instead")


def test_an_unknown_document_lists_the_ids():
    with pytest.raises(UnknownName) as info:
        resolve_document(documents_store(*REPORTS), "nope")
    assert str(info.value) == "no document is called 'nope'; documents: news-1, report-2024, report-2025"
    with pytest.raises(UnknownName, match="^no document is called 'other'; documents: only-one$"):
        resolve_document(documents_store(("only-one", "唯一")), "other")


def test_an_iri_that_names_no_document_or_is_no_iri_is_unknown_even_in_a_store_of_one():
    store = documents_store(("only-one", "唯一"))
    for name in ("https://example.org/other", "https://bad iri"):
        with pytest.raises(UnknownName, match="documents: only-one$"):
            resolve_document(store, name)


def test_a_label_without_a_language_is_kept_under_no_language():
    for keys in (True, False):  # by the name-key index, and by reading every entity
        store = ox.Store()
        entity(store, "tag-less", "Firm", "有标签", keys=keys)
        store.add(ox.Quad(ox.NamedNode(str(ENT["tag-less"])), PREF, ox.Literal("NoTag"), EG))
        assert resolve_names(store, "有标签").labels == {"zh-hans": "有标签", "": "NoTag"}


def test_every_stored_name_key_makes_an_entity_close_to_a_name():
    store = ox.Store()
    entity(store, "huawei", "Firm", "华为", keys=("hwextra", "zzother"))  # keys no name of it spells
    for name in ("xtra99", "zther99"):
        with pytest.raises(UnknownName) as info:
            resolve_entity(store, name)
        assert str(info.value) == f"no entity is called '{name}'; closest: 华为 (huawei, Firm)"


from graph.names import name_occurs  # noqa: E402


@pytest.mark.parametrize("name, text, found", [
    ("UBS", "the subsidies were paid", False),  # inside a Latin word: no mention (the loader's rule)
    ("UBS", "banks such as ubs, hsbc", True),  # case-folded, Latin edges free
    ("UBS", "SUBS and UBS", True),  # a later occurrence counts when an earlier one is inside a word
    ("瑞銀", "瑞银担任保荐人", True),  # across scripts
    ("EV", "every ev maker", True),
    ("EV", "every maker", False),
])
def test_a_name_occurs_in_a_text_as_the_loader_counts_a_mention(name, text, found):
    from graph.text import to_simplified

    assert name_occurs(name, to_simplified(text).casefold()) is found
