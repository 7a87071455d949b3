"""Relation rules of the third wave of issue 21, each with a sentence it fires on and one it
must not fire on: head-final industry compounds, the most specific place after a location
verb, 其中 narrowing a place, place lists after 在, nationality words in English, and the
descriptors between an industry and a firm."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.model import Entity
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(ONTOLOGY / "szkg.ttl"))


def found(ontology, known: list[Entity], text: str, script: str = "") -> dict[tuple[str, str, str], str]:
    """(subject, predicate, object) as labels or ids → the rule that proposed it."""
    extractor = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False, learned=False)
    extraction = extractor.extract(text + "\n", script=script)
    label = {e.id: e.label for e in known} | {p.id: p.label for p in extraction.proposals.values()}
    return {(label.get(c.subject, c.subject), c.predicate, label.get(c.object, c.object)): c.rule
            for c in extraction.candidates}


ROBOTS = [Entity("robotics", "Industry", "机器人", "robotics", ()), Entity("shenzhen", "Place", "深圳")]


def test_an_industry_compound_is_a_kind_of_its_head(ontology):
    got = found(ontology, ROBOTS, "深圳的工业机器人产量增长很快。")
    assert got.get(("工业机器人", "subIndustryOf", "机器人")) == "industry-name-ends-with-industry"


def test_a_negated_compound_is_not_a_kind_of_its_head(ontology):
    known = [*ROBOTS, Entity("industrial-robots", "Industry", "工业机器人", "industrial robots", ())]
    got = found(ontology, known, "深圳的非工业机器人产量增长很快。")
    assert not any(p == "subIndustryOf" and s == "非工业机器人" for s, p, _o in got)


PLACES = [Entity("yi", "Firm", "乙科技"), Entity("shenzhen", "Place", "深圳"), Entity("baoan", "Place", "宝安区"),
          Entity("nanshan", "Place", "南山区"), Entity("gba", "Place", "粤港澳大湾区"), Entity("guangzhou", "Place", "广州")]


def test_a_location_verb_places_its_subject_in_the_narrowest_place_of_a_chain(ontology):
    got = found(ontology, PLACES, "乙科技总部位于深圳宝安区。")
    assert got.get(("乙科技", "locatedIn", "宝安区")) == "located-headquarters"
    assert got.get(("乙科技", "locatedIn", "深圳")) != "located-headquarters"


def test_a_place_after_a_comma_is_not_part_of_the_chain(ontology):
    got = found(ontology, PLACES, "乙科技总部位于深圳，靠近宝安区。")
    assert got.get(("乙科技", "locatedIn", "深圳")) == "located-headquarters"
    assert got.get(("乙科技", "locatedIn", "宝安区")) != "located-headquarters"


def test_among_them_narrows_the_place_of_the_sentence_before(ontology):
    got = found(ontology, PLACES, "粤港澳大湾区机器人产业发展迅猛。其中，深圳、广州增长最快。")
    assert got.get(("深圳", "locatedIn", "粤港澳大湾区")) == "among-them-place"
    assert got.get(("广州", "locatedIn", "粤港澳大湾区")) == "among-them-place"


@pytest.mark.parametrize("text", ["粤港澳大湾区机器人产业发展迅猛。深圳、广州增长最快。",  # no 其中
                                  "粤港澳大湾区在其中扮演关键角色，深圳增长最快。"])  # 在其中: in it
def test_without_among_them_the_sentence_before_says_nothing(ontology, text):
    got = found(ontology, PLACES, text)
    assert got.get(("深圳", "locatedIn", "粤港澳大湾区")) != "among-them-place"


ENGLISH = [Entity("huawei", "Firm", "华为", "Huawei", ()), Entity("shenzhen", "Place", "深圳", "Shenzhen", ()),
           Entity("drones", "Industry", "无人机", "drones", ("drone",))]


@pytest.mark.parametrize("sentence, triple, rule", [
    ("Chinese technology giant Huawei opened a store.", ("华为", "locatedIn", "中国"), "en-place-describes-firm"),
    ("She flew to the southern Chinese metropolis of Shenzhen.", ("深圳", "locatedIn", "中国"), "en-place-city-of"),
    ("Shenzhen's drone industry grew fast.", ("深圳", "hostsIndustry", "无人机"), "en-place-possessive-industry"),
    ("She flew to the city of Shenzhen in southern China.", ("深圳", "locatedIn", "中国"), "en-place-in-place"),
])
def test_english_descriptions_place_a_name(ontology, sentence, triple, rule):
    assert found(ontology, ENGLISH, sentence, script="en").get(triple) == rule


@pytest.mark.parametrize("sentence, triple", [
    ("Chinese customers like Huawei phones.", ("华为", "locatedIn", "中国")),  # no word for a firm before the name
    ("Chinese visitors of Shenzhen came.", ("深圳", "locatedIn", "中国")),  # visitors: not a city word
    ("Shenzhen's biggest drone company grew fast.", ("深圳", "hostsIndustry", "无人机")),  # a firm, not the industry
    ("She flew to Shenzhen and southern China.", ("深圳", "locatedIn", "中国")),  # and, not in
])
def test_english_descriptions_need_their_words(ontology, sentence, triple):
    assert not found(ontology, ENGLISH, sentence, script="en").get(triple, "").startswith("en-place-")


FIRMS = [Entity("internet", "Industry", "互联网"), Entity("tencent", "Firm", "腾讯"), Entity("vision", "Industry", "机器视觉"),
         Entity("orbbec", "Firm", "奥比中光"), Entity("laser", "Industry", "激光显示")]


@pytest.mark.parametrize("text, triple", [
    ("互联网巨头企业腾讯发布财报。", ("腾讯", "operatesIn", "互联网")),
    ("机器视觉领域的龙头奥比中光发布新品。", ("奥比中光", "operatesIn", "机器视觉")),
])
def test_words_for_a_firm_after_an_industry_say_the_firm_works_in_it(ontology, text, triple):
    assert found(ontology, FIRMS, text).get(triple) == "industry-before-firm"


def test_other_words_between_an_industry_and_a_firm_say_nothing(ontology):
    got = found(ontology, FIRMS, "互联网改变了腾讯。")
    assert got.get(("腾讯", "operatesIn", "互联网")) != "industry-before-firm"


def test_a_word_for_a_newcomer_is_not_part_of_the_firms_name(ontology):
    got = found(ontology, FIRMS, "激光显示新贵光峰科技上市。")
    assert ("光峰科技", "operatesIn", "激光显示") in got
    assert not any(s.startswith("新贵") for s, _p, _o in got)


MINDRAY = [Entity("mindray", "Firm", "迈瑞"), Entity("shenzhen", "Place", "深圳"), Entity("beijing", "Place", "北京"),
           Entity("wuhan", "Place", "武汉"), Entity("chengdu", "Place", "成都")]


def test_a_firm_that_sets_up_in_listed_places_is_in_each(ontology):
    got = found(ontology, MINDRAY, "此前，迈瑞已在深圳、北京，以及成都等3地设立研发中心。")
    for place in ("深圳", "北京", "成都"):  # «，以及» continues the list
        assert got.get(("迈瑞", "locatedIn", place)) == "firm-sets-up-in-place"


@pytest.mark.parametrize("text", ["未来，迈瑞将在武汉释放效应。",  # 将在: what it will do
                                  "迈瑞的产品在武汉热销。"])  # the product, not the firm, is in 武汉
def test_a_firm_only_near_a_place_is_not_placed_there(ontology, text):
    rule = found(ontology, MINDRAY, text).get(("迈瑞", "locatedIn", "武汉"))
    assert rule not in ("firm-at-place", "firm-sets-up-in-place")


HAS = [Entity("shenzhen", "Place", "深圳"), Entity("huawei", "Firm", "华为"), Entity("tencent", "Firm", "腾讯")]


def test_a_place_that_has_firms_holds_them(ontology):
    got = found(ontology, HAS, "现在的深圳，不仅拥有华为、腾讯等本土巨头企业。")
    assert got.get(("华为", "locatedIn", "深圳")) == got.get(("腾讯", "locatedIn", "深圳")) == "located-place-has"


def test_a_place_far_from_has_does_not_hold_what_is_had(ontology):
    got = found(ontology, HAS, "深圳的很多投资者都拥有华为股份。")
    assert got.get(("华为", "locatedIn", "深圳")) != "located-place-has"


def test_an_industry_named_before_a_chain_of_places_is_hosted_by_the_narrowest(ontology):
    # no word of hosting in the sentence: the weakest of the hosting rules (test_extract_relations_w4.py)
    got = found(ontology, ROBOTS, "生产机器人的公司大多来自深圳南山区。")
    assert got.get(("南山区", "hostsIndustry", "机器人")) == "industry-with-place-uncued"
    assert ("深圳", "hostsIndustry", "机器人") not in got
