"""Names the Chinese path used to cut or miss (issue 21, session 14): Latin names a Chinese sentence calls a firm,
and a firm's stem the NER model had read as a person's name earlier in the article.  Invented sentences: each rule
with one it must now get and the nearest one it must not."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY


@pytest.fixture(scope="module")
def extractor():
    return Extractor(build_gazetteer([]), load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False)


def found(extraction) -> dict[str, tuple[str, str]]:
    """label → (type, rule) of every entity proposed."""
    return {p.label: (p.type, p.rule) for p in extraction.proposals.values()}


@pytest.mark.parametrize("text, name", [
    ("园区引入德国医疗器材公司「Halbrun Medtech Limited」。\n", "Halbrun Medtech Limited"),  # a legal form ends it
    ("去年收购巴西存储厂商Vantor Brasil并扩产。\n", "Vantor Brasil"),  # a firm noun before it
    ("公司随后推出Quorra品牌,主攻拉美市场。\n", "Quorra"),  # a brand word after it
    ("两家企业与Nordvik Tessel Ltd.签约。\n", "Nordvik Tessel Ltd."),  # a legal form with its full stop
])
def test_a_latin_name_the_chinese_sentence_calls_a_firm_is_a_firm(extractor, text, name):
    assert found(extractor.extract(text)).get(name) == ("Firm", "firm-latin-context")


@pytest.mark.parametrize("text, name", [
    ("公司创立B2B品牌业务。\n", "B2B"),  # a short capital term before 品牌 is a kind of business, no name
    ("研究团队使用Quorra Toolkit完成实验。\n", "Quorra Toolkit"),  # nothing says it is a firm
    ("会上发布了Vantor Brasil Report。\n", "Vantor Brasil Report"),
])
def test_a_latin_run_nothing_calls_a_firm_is_no_firm(extractor, text, name):
    assert name not in found(extractor.extract(text))


@pytest.mark.parametrize("text, name", [
    ("江波龙收购巴西存储厂商SMART Brazil并推出新品牌。\n", "SMART Brazil"),  # the lexicon's place Brazil inside it
    ("两家企业与Nordvik Robotics Ltd.签约。\n", "Nordvik Robotics Ltd."),  # the lexicon's trade Robotics inside it
])
def test_a_known_place_or_trade_inside_a_latin_firm_name_is_part_of_the_name(extractor, text, name):
    assert found(extractor.extract(text)).get(name) == ("Firm", "firm-latin-context")


def test_a_latin_name_that_is_a_known_name_whole_is_not_proposed_again(extractor):
    assert "Brazil" not in found(extractor.extract("公司进入巴西厂商Brazil的渠道。\n"))


# LAC reads 华强 of a headline as a person's name; the firm's full name further on begins with it.
def test_a_firms_stem_the_model_read_as_a_person_is_part_of_the_firms_name(extractor):
    got = found(extractor.extract("华强文化产品走向世界\n记者来到位于高新区的华强文化科技集团。\n"))
    assert got.get("华强文化科技集团") == ("Firm", "firm-suffix") and "文化科技集团" not in got


def test_a_known_person_before_a_firm_suffix_stays_outside_the_name():
    from graph.model import Entity
    ontology = load_ontology(str(ONTOLOGY / "szkg.ttl"))
    person = Entity(id="hua-qiang", type="Person", label="华强")
    ex = Extractor(build_gazetteer([person]), ontology, calibrated=False)
    got = found(ex.extract("华强文化产品走向世界\n记者来到位于高新区的华强文化科技集团。\n"))
    assert "华强文化科技集团" not in got
