"""Chinese entity constructions of issue 21, round 11 (the twelve new tune articles' general causes): each
rule with an invented sentence it must now get and the nearest one it must not."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(ONTOLOGY / "szkg.ttl"))


@pytest.fixture(scope="module")
def rules_only(ontology):
    """Lexicons and patterns, no model, the rules' own confidences."""
    return Extractor(build_gazetteer([]), ontology, calibrated=False, model=False)


@pytest.fixture(scope="module")
def with_model(ontology):
    return Extractor(build_gazetteer([]), ontology, calibrated=False)


def found(extraction) -> dict[str, str]:
    """label → type of every entity found (lexicon entries and proposals alike)."""
    return {p.label: p.type for p in extraction.proposals.values()}


@pytest.mark.parametrize("text", [
    "正是深圳龙华的金瑞特(688123)。\n",          # a stock code after the name
    "他收购了消费电子品牌莫克森(Moxon)。\n",       # a brand word before it
    "两人见面后,公司取名“江瑞龙”。\n",             # a naming verb and a quote before it
    "金瑞特董事长王明说,明年扩产。\n",             # a leading role, and the person after it
    "金瑞特(深圳)技术有限公司创始人王明说,明年扩产。\n",  # a seat and a legal form after it
])
def test_a_name_the_model_reads_as_a_persons_is_a_firm_where_the_text_writes_a_firm(with_model, text):
    labels = found(with_model.extract(text))
    assert "Firm" in labels.values() and "Person" not in [t for k, t in labels.items() if k != "王明"]


@pytest.mark.parametrize("text, name", [
    ("正是深圳龙华的金瑞特。\n", "金瑞特"),          # no stock code
    ("两人见面后,王明取名“江瑞龙”。\n", "王明"),       # the one who names is a person
    ("王明董事长说,明年扩产。\n", "王明"),            # a role after a person, no person after the role
    ("王明(深圳)说,明年扩产。\n", "王明"),            # a place after a person, no legal form
])
def test_a_person_without_a_firms_context_stays_a_person(with_model, text, name):
    assert found(with_model.extract(text)).get(name) != "Firm"


def test_a_chain_of_firm_suffixes_is_one_name(rules_only):
    labels = found(rules_only.extract("金泰隆精密电子去年出口第一,元泰智能科技也进入前十。\n"))
    assert labels.get("金泰隆精密电子") == "Firm" and labels.get("元泰智能科技") == "Firm"
    assert not {"金泰隆精密", "元泰智能"} & set(labels)  # the first suffix does not end a name of its own
    # one suffix alone still ends the name
    assert found(rules_only.extract("元泰智能也进入前十。\n")).get("元泰智能") == "Firm"


def test_a_seat_in_brackets_after_a_firms_name_is_part_of_it(rules_only):
    labels = found(rules_only.extract("其中金泰隆精密电子(郑州)连续五年位居第一。\n"))
    assert labels.get("金泰隆精密电子(郑州)") == "Firm"
    assert not any(label.startswith("中") for label in labels)  # 其中 is no part of the name
    # a year in brackets is no seat
    labels = found(rules_only.extract("其中金泰隆精密电子(2017)连续五年位居第一。\n"))
    assert labels.get("金泰隆精密电子") == "Firm" and "金泰隆精密电子(2017)" not in labels


def test_a_verb_of_moving_in_is_no_part_of_the_place_after_it(rules_only):
    labels = found(rules_only.extract("行政长官与进驻金沙科创园区的企业交流。\n"))
    assert labels.get("金沙科创园区") == "Place" and not any(label.startswith("进驻") for label in labels)
    labels = found(rules_only.extract("这两家入驻银湖创新产业园的企业很有名。\n"))
    assert labels.get("银湖创新产业园") == "Place" and not any(label.startswith("驻") for label in labels)
    # a name that merely holds the same characters keeps them
    assert found(rules_only.extract("行政长官参观了驻港金沙科创园区。\n")).get("驻港金沙科创园区") == "Place"


def test_a_lexicon_trade_known_only_by_its_alias_stays_its_own_trade(ontology):
    from graph.model import Entity

    known = [Entity("pharma", "Industry", "医药", "pharmaceuticals", ())]
    extractor = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False)
    extraction = extractor.extract("阿斯利康是一家生物医药企业。\n")
    # the lexicon's 生物医药 (aliases 医药) is not the curated 医药: a broader or narrower trade, not the same
    assert found(extraction).get("生物医药") == "Industry"
    # its label known: the lexicon row is that entity
    known = [Entity("biomed", "Industry", "生物医药", "biomedicine", ())]
    extraction = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False).extract(
        "阿斯利康是一家生物医药企业。\n")
    assert "biomed" in extraction.known


def test_a_known_trade_and_a_head_of_its_goods_or_making_is_a_narrower_trade(rules_only):
    labels = found(rules_only.extract("这家锂电池材料企业也做电池制造设备、智能家居设备,补齐芯片制造业和封测业。\n"))
    assert {"锂电池材料", "电池制造设备", "智能家居设备", "芯片制造"} <= {k for k, v in labels.items() if v == "Industry"}
    # the compound does not end there (材料科学), or the trade is an activity (设计|制造)
    labels = found(rules_only.extract("他研究锂电池材料科学,公司负责芯片设计制造。\n"))
    assert not {"锂电池材料", "设计制造"} & set(labels)


# A three-character name glued to the next word (2026-12-07, tune articles 037, 214, 234): the role pattern and the
# model both read 创始人周剑并未… as 周剑并; the document writes 周剑 apart elsewhere, so 并 begins the next word.
@pytest.mark.parametrize("extractor", ["rules_only", "with_model"])
def test_a_name_glued_to_the_next_word_is_cut_where_the_document_writes_it_apart(request, extractor):
    ex = request.getfixturevalue(extractor)
    labels = found(ex.extract("创始人周剑并未放弃。\n我被周剑对机器人的热情打动。\n"))
    assert labels.get("周剑") == "Person" and "周剑并" not in labels
    labels = found(ex.extract("董事长李屹正在开会。\n李屹表示,明年扩产。\n"))
    assert labels.get("李屹") == "Person" and "李屹正" not in labels


@pytest.mark.parametrize("extractor", ["rules_only", "with_model"])
def test_a_three_character_name_stays_whole_without_the_short_name_written_apart(request, extractor):
    ex = request.getfixturevalue(extractor)
    # the same glue character, but the document never writes 周剑 apart: 周剑并 may be a name
    assert found(ex.extract("创始人周剑并未放弃。\n")).get("周剑并") == "Person"
    # the two-character name written apart, but the third character begins no word (远 of 李明远)
    labels = found(ex.extract("创始人李明远表示,明年扩产。\n李明说。\n"))
    assert labels.get("李明远") == "Person"
