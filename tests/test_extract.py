"""Extraction: cross-script gazetteer, name patterns, relation rules, streaming passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract import Extractor, build_gazetteer, normalise, pipeline
from graph.extract.gazetteer import outermost, slug
from graph.text import clean
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY

DATA = Path(__file__).parent / "data"
NEW_ARTICLES = ["new_article_hans.md", "new_article_hant_big5.txt", "new_article_gb18030.html"]


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(ONTOLOGY / "szkg.ttl"))


@pytest.fixture(scope="module")
def lexicon_only(ontology):
    """An extractor that knows no curated entity: only the generic lexicons."""
    return Extractor(build_gazetteer([]), ontology)


@pytest.fixture(scope="module")
def full(built, ontology):
    """An extractor that knows every curated entity of the seed graph."""
    entities = built.corpus.entities
    return Extractor(build_gazetteer(entities.values()), ontology, reserved_ids=set(entities))


def assert_quotes_verbatim(text: str, extraction) -> None:
    assert extraction.candidates, "nothing extracted"
    for c in extraction.candidates:
        assert text[c.start:c.start + len(c.quote)] == c.quote
    for p in extraction.proposals.values():
        assert text[p.start:p.start + len(p.quote)] == p.quote


# ------------------------------------------------------------------ gazetteer


def test_normalising_keeps_every_offset(built):
    for doc in built.corpus.documents.values():
        assert len(normalise(doc.text)) == len(doc.text)
    assert normalise("華為與Ｈｕａｗｅｉ") == "华为与huawei"


def test_names_in_any_script_resolve_to_one_entity(full):
    text = "華為、华为和Huawei都在深圳。"
    matches = outermost(full.gazetteer.find(normalise(text)))
    found = {text[m.start:m.end]: m.entry.entity for m in matches}
    assert found["華為"] == found["华为"] == found["Huawei"] == "huawei"
    assert found["深圳"] == "shenzhen"


def test_latin_names_match_only_whole_words(lexicon_only):
    text = "OpenAI与AI芯片"
    spans = {(m.start, text[m.start:m.end]) for m in lexicon_only.gazetteer.find(normalise(text))}
    assert (7, "AI芯片") in spans
    assert (4, "AI") not in spans  # not the end of OpenAI


# ------------------------------------------------------------------ patterns


@pytest.mark.parametrize("sentence, name, etype", [
    ("深圳南山区的蓝鲸智控科技近日完成融资。", "蓝鲸智控科技", "Firm"),
    ("南山區科技創新局局長張景平表示,將支持初創企業。", "南山區科技創新局", "Organization"),
    ("南山區科技創新局局長張景平表示,將支持初創企業。", "張景平", "Person"),
    ("全国人大代表、小鹏汽车董事长兼CEO何小鹏表示欢迎。", "何小鹏", "Person"),
    ("当年深圳颁发“18号文件”,鼓励创办民营科技企业。", "18号文件", "Policy"),
    ("省政府印发《广东省数字经济促进条例》。", "广东省数字经济促进条例", "Policy"),
    ("他毕业于深圳技术大学电子学院。", "深圳技术大学电子学院", "Organization"),
    ("科苑路两旁聚集了许多科技公司。", "科苑路", "Place"),
])
def test_patterns_find_new_names(lexicon_only, sentence, name, etype):
    extraction = lexicon_only.extract(sentence)
    found = {n: extraction.types[i] for i, names in extraction.names.items() for n in names}
    assert found.get(name) == etype, found


def test_generic_words_are_not_firm_names(lexicon_only):
    extraction = lexicon_only.extract("民营科技企业和前沿科技创新,都离不开高科技人才。")
    assert not [i for i, t in extraction.types.items() if t == "Firm"]


# ------------------------------------------------------------------ relations


def test_policy_18_enabled_huawei_with_ren_zhengfeis_words(built, full):
    doc = next(d for d in built.corpus.documents.values() if "如果沒有18號文件" in d.text)
    extraction = full.extract(doc.text, doc.id)
    hits = [c for c in extraction.candidates
            if (c.subject, c.predicate, c.object) == ("policy-18-1987", "enabled", "huawei")]
    assert hits and "如果沒有18號文件,我不會想創辦華為" in hits[0].quote
    assert doc.text[hits[0].start:hits[0].start + len(hits[0].quote)] == hits[0].quote


@pytest.mark.parametrize("sentence, triple", [
    ("蓝鲸智控科技总部位于深圳。", ("lan-jing-zhi-kong-ke-ji", "locatedIn", "shenzhen")),
    ("蓝鲸智控科技创始人李明远表示将加大投入。", ("lan-jing-zhi-kong-ke-ji", "foundedBy", "li-ming-yuan")),
    ("蓝鲸智控科技与华为签署战略合作协议。", ("lan-jing-zhi-kong-ke-ji", "partnersWith", "huawei")),
    ("蓝鲸智控科技是比亚迪的供应商。", ("lan-jing-zhi-kong-ke-ji", "supplies", "byd")),
    ("中国科学院院士、清华大学人工智能学院院长姚期智指出", ("yao-qi-zhi", "holdsPosition", "chinese-academy-of-sciences")),
    ("中国科学院院士、清华大学人工智能学院院长姚期智指出", ("yao-qi-zhi", "leads", slug("清华大学人工智能学院"))),
    ("清华大学人工智能学院院长姚期智", (slug("清华大学人工智能学院"), "subsidiaryOf", "tsinghua-university")),
    ("智能终端包括无人机、平板电脑和可穿戴设备。", ("drones", "subIndustryOf", "smart-devices")),
    ("AI眼镜、AI玩具和AI翻译机等智能硬件集中亮相。", ("ai-fan-yi-ji", "subIndustryOf", "smart-hardware")),
])
def test_relation_rules(lexicon_only, sentence, triple):
    """New names (ids from pinyin or the lexicons' English names), related by the rules."""
    extraction = lexicon_only.extract(sentence)
    assert triple in {(c.subject, c.predicate, c.object) for c in extraction.candidates}
    assert_quotes_verbatim(sentence, extraction)


def test_symmetric_and_domain_checks_leave_no_ill_typed_statement(built, full, ontology):
    doc = next(iter(built.corpus.documents.values()))
    extraction = full.extract(doc.text, doc.id)
    for c in extraction.candidates:
        prop = ontology.relations[c.predicate]
        assert extraction.types[c.subject] in prop.domain and extraction.types[c.object] in prop.range
        assert c.subject != c.object


# ------------------------------------------------------------------ whole articles


@pytest.mark.parametrize("name", NEW_ARTICLES)
def test_new_articles_give_verbatim_quotes(full, name):
    text = clean((DATA / name).read_bytes(), name)
    extraction = full.extract(text, name)
    assert_quotes_verbatim(text, extraction)
    assert extraction.known  # every test article names Shenzhen or a known firm


def test_a_name_found_later_is_related_earlier_too(lexicon_only):
    text = "李明远创办了蓝鲸智控科技。\n多年后,蓝鲸智控科技董事长李明远接受采访。\n"
    extraction = lexicon_only.extract(text)
    triples = {(c.subject, c.predicate, c.object) for c in extraction.candidates}
    assert ("lan-jing-zhi-kong-ke-ji", "foundedBy", "li-ming-yuan") in triples
    assert any(c.start == 0 for c in extraction.candidates)  # from the first line, before the role word


def test_a_long_article_in_small_windows_gives_the_same_result(built, full, monkeypatch):
    doc = max(built.corpus.documents.values(), key=lambda d: len(d.text))
    one_line = doc.text.replace("\n", "")  # one paragraph, longer than a slice
    whole = full.extract(one_line)
    monkeypatch.setattr(pipeline, "SLICE", 300)
    monkeypatch.setattr(pipeline, "WINDOW", 700)
    assert all(len(b) <= 300 for _o, b in pipeline.blocks(one_line))
    sliced = full.extract(one_line)
    assert_quotes_verbatim(one_line, sliced)
    key = {(c.subject, c.predicate, c.object) for c in whole.candidates}
    again = {(c.subject, c.predicate, c.object) for c in sliced.candidates}
    assert len(key & again) >= 0.9 * len(key)  # only relations across a cut may differ
