"""Rules of the fourth round of issue 21, each with a sentence it fires on and one it must not
fire on (or fires on under another, weaker rule): the evidence that a place hosts an industry,
people listed beside people (and a surname that is also a word), page debris that names no
entity, and what is built at a place."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.extract.cues import debris
from graph.model import Entity
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY
from tests.test_extract_relations_w3 import found


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(ONTOLOGY / "szkg.ttl"))

HOSTS = [Entity("robotics", "Industry", "机器人", "robotics", ()), Entity("shenzhen", "Place", "深圳", "Shenzhen", ()),
         Entity("yi", "Firm", "乙科技")]


@pytest.mark.parametrize("text, rule", [
    ("深圳机器人产业发展迅猛。", "place-before-industry"),  # the place written right before the industry
    ("深圳的机器人走进了千家万户。", "place-before-industry"),
    ("去年深圳重点发展机器人。", "industry-with-place"),  # a word of hosting, the two apart
    ("乙科技的机器人在深圳展出。", "industry-with-place-uncued"),  # only named together
    ("乙科技把机器人卖到深圳。", "industry-with-place-uncued"),
])
def test_the_evidence_that_a_place_hosts_an_industry_is_its_own_rule(ontology, text, rule):
    assert found(ontology, HOSTS, text).get(("深圳", "hostsIndustry", "机器人")) == rule


def test_a_word_of_hosting_inside_a_name_is_no_cue(ontology):
    known = [*HOSTS, Entity("park", "Place", "乙产业园")]
    got = found(ontology, known, "乙科技的机器人在深圳乙产业园展出。")
    assert got.get(("深圳", "hostsIndustry", "机器人")) in (None, "industry-with-place-uncued")
    assert "industry-with-place" not in got.values()


def people_of(ontology, known: list[Entity], text: str, model: bool = False) -> dict[str, str]:
    """Every person proposed (not known) as written → the rule that found it."""
    extractor = Extractor(build_gazetteer(known), ontology, calibrated=False, model=model, learned=False)
    extraction = extractor.extract(text + "\n")
    return {name: p.rule for p in extraction.proposals.values() if p.type == "Person"
            for name in extraction.names.get(p.id, {p.label})}


FOUNDERS = [Entity("ma", "Person", "马化腾"), Entity("zhang", "Person", "张志东"), Entity("tencent", "Firm", "腾讯")]


def test_a_name_listed_next_to_a_known_person_is_a_person_and_founds_with_them(ontology):
    text = "腾讯于1998年由马化腾、张志东、曾李青共同创立。"
    assert people_of(ontology, FOUNDERS, text) == {"曾李青": "person-listed"}
    got = found(ontology, FOUNDERS, text)
    assert got.get(("腾讯", "foundedBy", "曾李青")) == "founded-by-list"
    assert got.get(("腾讯", "foundedBy", "马化腾")) == "founded-by-list"


@pytest.mark.parametrize("text", ["马化腾、张志东、技术人员共同创立了腾讯。",  # no surname
                                  "马化腾、张志东、黄金等都来了。",  # a common word that opens with a surname
                                  "马化腾和曾李青共同创立了腾讯。"])  # 和: not next to the 、 of a list of people
def test_a_list_item_that_is_no_name_or_not_beside_a_person_is_not_a_person(ontology, text):
    assert people_of(ontology, FOUNDERS, text) == {}


def test_the_model_keeps_a_surname_that_is_also_a_word_with_the_name_in_a_list(ontology):
    got = people_of(ontology, [], "腾讯由马化腾、张志东、许晨晔、陈一丹、曾李青共同创立。", model=True)
    assert "曾李青" in got and "李青" not in got


@pytest.mark.parametrize("text, name", [("光峰科技创始人李屹正信心满满地谋划。", "李屹"),  # 正: now, not a name's end
                                        ("光峰科技创始人李屹曾表示看好激光显示。", "李屹")])
def test_an_adverb_after_a_role_and_a_name_is_not_part_of_the_name(ontology, text, name):
    assert people_of(ontology, [Entity("appotronics", "Firm", "光峰科技")], text) == {name: "person-role"}


@pytest.mark.parametrize("line", ["2025-04-23 19:45:25 南方财经全媒体集团 林典驰",  # timestamp and masthead
                                  "◆编辑:龙慧◆二审:陈吉春◆三审:周亚平",  # credits
                                  "(文章来源:湖北日报)", "经济日报/ 编译简国帆/综合外电",
                                  "copyright © 2025 south china morning post publishers ltd."])
def test_a_short_credit_timestamp_or_source_line_is_debris(line):
    assert debris(line) == (0, len(line))


def test_a_dateline_is_debris_but_not_the_story_after_it():
    line = "中评社北京11月21日电/据大公报报道,大湾区进出口商业总会共同举办活动。"
    assert debris(line) == (0, line.index("/"))


@pytest.mark.parametrize("line", ["2024年09月24日,深圳发布了新的政策,支持企业发展。",  # a date, no time: the story
                                  "深圳市龙华区举办了峰会,记者现场采访了多位企业家,编辑部也派出了团队。" * 2])  # too long
def test_a_line_of_the_story_is_not_debris(line):
    assert debris(line) is None


def test_names_on_a_credit_line_are_not_proposed(ontology):
    text = "深圳市乙科技有限公司发布新品。\n2025-04-23 19:45:25 南方财经全媒体集团 林典驰\n"
    extraction = Extractor(build_gazetteer([]), ontology, calibrated=False, learned=False).extract(text)
    labels = {p.label for p in extraction.proposals.values()}
    assert any("乙科技" in label for label in labels)
    assert not labels & {"南方财经全媒体集团", "林典驰"}


BUILT = [Entity("nanshan", "Place", "南山区"), Entity("tower", "Place", "乙大厦"), Entity("yi", "Firm", "乙科技")]


@pytest.mark.parametrize("text", ["2009年在南山区盖的乙大厦是乙科技的第一座自建写字楼。",
                                  "乙科技2015年又在南山区建成了乙大厦。"])
def test_what_is_built_at_a_place_stands_in_it(ontology, text):
    assert found(ontology, BUILT, text).get(("乙大厦", "locatedIn", "南山区")) == "located-built-in-place"


@pytest.mark.parametrize("text", ["南山区的乙科技决定明年盖一座乙大厦。",  # the place is not where it is built
                                  "乙大厦建成后,南山区将迎来更多企业。"])  # the place comes after the building
def test_a_building_verb_away_from_the_place_places_nothing(ontology, text):
    assert found(ontology, BUILT, text).get(("乙大厦", "locatedIn", "南山区")) is None
