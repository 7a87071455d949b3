"""Rules of the fifth round of issue 21, each with a sentence it fires on and one it must not
fire on: short names the article gives (以下简称), a firm's full name is not its parent, and the
narrowed or cut co-mention rules."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.model import Entity
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY
from tests.test_extract_relations_w3 import found


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(str(ONTOLOGY / "szkg.ttl"))


def proposals(ontology, known: list[Entity], text: str) -> dict[str, set[str]]:
    """Every proposed entity's label → the names the article writes it by."""
    extraction = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False, learned=False).extract(text + "\n")
    return {p.label: extraction.names.get(p.id, set()) for p in extraction.proposals.values()}


FINANCE = [Entity("finance", "Industry", "金融", "finance", ()), Entity("shenzhen", "Place", "深圳")]


def test_a_short_name_given_in_brackets_names_the_same_policy(ontology):
    text = "深圳发布了《前海合作区建设2025年行动方案》(以下简称《行动方案》)。《行动方案》聚焦金融开放。"
    got = proposals(ontology, FINANCE, text)
    assert got["前海合作区建设2025年行动方案"] >= {"行动方案"}
    assert "行动方案" not in got
    assert found(ontology, FINANCE, text).get(("前海合作区建设2025年行动方案", "targets", "金融")) == "targets-focus"


def test_a_bracket_that_gives_no_short_name_adds_none(ontology):
    text = "深圳发布了《前海合作区建设2025年行动方案》(2025年版)。《行动方案》聚焦金融开放。"
    got = proposals(ontology, FINANCE, text)
    assert "行动方案" in got
    assert "行动方案" not in got.get("前海合作区建设2025年行动方案", set())


def test_a_short_firm_name_in_quotes_is_the_firm(ontology):
    text = "深圳市佑明光电有限公司(以下简称“佑明光电”)在中山投资建设基地。佑明光电位于深圳。"
    got = proposals(ontology, FINANCE, text)
    full = next(label for label, names in got.items() if "佑明光电" in names)
    assert "深圳市佑明光电有限公司" in got[full]


def test_a_firm_is_not_a_subsidiary_of_its_name_without_the_legal_form(ontology):
    known = [Entity("youming", "Firm", "深圳市佑明光电")]
    got = found(ontology, known, "深圳市佑明光电有限公司在深圳开业。")
    assert got.get(("佑明光电有限公司", "locatedIn", "深圳")) == "firm-at-place"  # the full name is found
    assert not any(p == "subsidiaryOf" for _s, p, _o in got)
    known = [Entity("yi", "Firm", "乙科技")]
    got = found(ontology, known, "乙科技研究院有限公司在深圳开业。")
    assert got.get(("乙科技研究院", "subsidiaryOf", "乙科技")) == "name-starts-with-organisation"


FIRMS = [Entity("yi", "Firm", "乙科技"), Entity("bing", "Firm", "丙科技"), Entity("org", "Organization", "丁协会"),
         Entity("drones", "Industry", "无人机", "drones", ())]


def test_partners_stand_on_either_side_of_with(ontology):
    got = found(ontology, FIRMS, "乙科技还与丙科技紧密合作,开发新产品。")
    assert got.get(("乙科技", "partnersWith", "丙科技")) == "partners-with"


def test_a_list_acting_together_is_no_partnership(ontology):
    got = found(ontology, FIRMS, "该奖由乙科技、丙科技、丁协会联合提名。")
    assert not any(p == "partnersWith" for _s, p, _o in got)


def test_a_firm_and_its_market_stand_in_one_clause(ontology):
    got = found(ontology, FIRMS, "乙科技占据全球80%无人机市场份额。")
    assert got.get(("乙科技", "operatesIn", "无人机")) == "operates-in-market"


def test_a_market_after_a_comma_is_the_next_firms(ontology):
    got = found(ontology, FIRMS, "互联网巨头乙科技,无人机行业先锋丙科技,都在这里。")
    assert ("乙科技", "operatesIn", "无人机") not in got
    assert got.get(("丙科技", "operatesIn", "无人机")) == "industry-before-firm"


POLICIES = [Entity("shenzhen", "Place", "深圳"), Entity("hk", "Place", "香港"),
            Entity("voucher", "Policy", "训力券"), Entity("plan", "Policy", "1510计划")]


@pytest.mark.parametrize("text", ["深圳市区两级出台23项专项政策,创新推出“训力券”。", "深圳市政府出台了涵盖算力与数据等方面的二十余项专项政策,包括“训力券”。"])
def test_a_city_that_issues_issues_the_policies_named_after_it(ontology, text):
    assert found(ontology, POLICIES, text).get(("训力券", "issuedBy", "深圳")) == "place-issues-policy"


@pytest.mark.parametrize("text", ["为支持香港青年创业,前海推出「1510计划」。", "「1510计划」说明会在香港举行。"])
def test_a_place_merely_named_with_a_policy_did_not_issue_it(ontology, text):
    assert ("1510计划", "issuedBy", "香港") not in found(ontology, POLICIES, text)


CITY = [Entity("yi", "Firm", "乙科技"), Entity("huawei", "Firm", "华为", "Huawei", ("Huawei",)),
        Entity("shenzhen", "Place", "深圳", "Shenzhen", ("Shenzhen",)),
        Entity("shanghai", "Place", "上海", "Shanghai", ("Shanghai",))]


def test_a_chinese_paragraph_with_one_city_weakly_places_its_firms_there(ontology):
    got = found(ontology, CITY, "深圳的创新生态越来越好。乙科技的新品卖得很火。")
    assert got.get(("乙科技", "locatedIn", "深圳")) == "firm-with-only-city"


def test_an_english_paragraph_with_one_city_does_not(ontology):
    got = found(ontology, CITY, "Reporters attended the Huawei Cloud Congress. It was held in Shanghai last week.",
                script="en")
    assert ("华为", "locatedIn", "上海") not in got


def test_a_region_is_no_city_a_paragraph_places_its_firms_in(ontology):
    known = [*CITY, Entity("south", "Place", "华南")]
    got = found(ontology, known, "华南的创新生态越来越好。乙科技的新品卖得很火。")
    assert not any(p == "locatedIn" and s == "乙科技" for s, p, _o in got)


def _spans(known: list[Entity], text: str) -> dict[str, str]:
    from graph.extract.gazetteer import normalise

    gaz, norm = build_gazetteer(known), normalise(text)
    return {norm[m.start:m.end]: m.entry.label for m in gaz.find(norm)}


EV = [Entity("nev", "Industry", "新能源汽车", "new energy vehicle", ("new energy vehicle",)),
      Entity("drone", "Industry", "无人机", "drone", ("drone",))]


def test_an_english_plural_names_the_kind(ontology):
    got = _spans(EV, "BYD's new energy vehicles and its drones sold well")
    assert got.get("new energy vehicles") == "新能源汽车"
    assert got.get("drones") == "无人机"


def test_a_longer_english_word_is_no_plural(ontology):
    got = _spans(EV, "a droneship and the droness carried new energy vehicless")
    assert not any(label == "无人机" for label in got.values())
    assert "新能源汽车" not in got.values()


CHAIN = [Entity("tencent", "Firm", "腾讯"), Entity("shenzhen", "Place", "深圳"), Entity("futian", "Place", "福田区"),
         Entity("hqb", "Place", "华强北"), Entity("seg", "Place", "赛格科技园"), Entity("dongguan", "Place", "东莞")]


def test_a_written_chain_puts_each_place_in_every_broader_one(ontology):
    got = found(ontology, CHAIN, "腾讯的起点,是深圳福田区华强北的赛格科技园。")
    assert got.get(("赛格科技园", "locatedIn", "华强北")) == "place-before-place"
    assert got.get(("赛格科技园", "locatedIn", "深圳")) == "place-in-written-chain"
    assert got.get(("华强北", "locatedIn", "深圳")) == "place-in-written-chain"


def test_places_of_a_list_are_no_chain(ontology):
    got = found(ontology, CHAIN, "腾讯的办公室在深圳、东莞和华强北。")
    assert ("华强北", "locatedIn", "深圳") not in got


def test_what_is_located_in_the_narrowest_place_is_in_each_written_one(ontology):
    got = found(ontology, CHAIN, "腾讯刚创立时的办公室,坐落在深圳华强北赛格科技园。")
    assert got.get(("腾讯", "locatedIn", "赛格科技园")) == "located-trigger"
    assert got.get(("腾讯", "locatedIn", "华强北")) == "located-in-written-chain"


def test_a_place_of_another_clause_is_not_written_containment(ontology):
    got = found(ontology, CHAIN, "深圳发展很快,腾讯坐落在华强北赛格科技园。")
    assert ("腾讯", "locatedIn", "深圳") not in got or got[("腾讯", "locatedIn", "深圳")] != "located-in-written-chain"


SITES = [Entity("park", "Place", "荣耀智能制造产业园"), Entity("shenzhen", "Place", "深圳"),
         Entity("pingshan", "Place", "坪山区"), Entity("beijing", "Place", "北京")]


def test_a_site_at_a_place_stands_in_it(ontology):
    got = found(ontology, SITES, "2021年9月,荣耀智能制造产业园在深圳坪山区正式启用。")
    assert got.get(("荣耀智能制造产业园", "locatedIn", "坪山区")) == "site-at-place"
    assert got.get(("荣耀智能制造产业园", "locatedIn", "深圳")) == "located-in-written-chain"


def test_a_city_at_a_place_is_no_site(ontology):
    got = found(ontology, SITES, "深圳在北京举办了推介会。")
    assert ("深圳", "locatedIn", "北京") not in got


BIO = [Entity("city", "Place", "光明科学城"), Entity("synbio", "Industry", "合成生物", "synthetic biology", ()),
       Entity("org", "Organization", "工程生物创新中心")]


def test_a_site_written_right_before_an_industry_hosts_it(ontology):
    got = found(ontology, BIO, "作为光明科学城合成生物产业的核心,工程生物创新中心发展很快。")
    assert got.get(("光明科学城", "hostsIndustry", "合成生物")) == "place-before-industry"


def test_a_site_merely_named_with_an_industry_does_not(ontology):
    got = found(ontology, BIO, "光明科学城里,工程生物创新中心研究合成生物产业。")
    assert ("光明科学城", "hostsIndustry", "合成生物") not in got


ROBOT_FIRMS = [Entity("cobots", "Industry", "协作机器人", "collaborative robots", ()),
               Entity("lidar", "Industry", "激光雷达", "lidar", ()),
               Entity("dobot", "Firm", "越疆科技"), Entity("robosense", "Firm", "速腾聚创")]


@pytest.mark.parametrize("text, firm, industry", [
    ("“协作机器人第一股”越疆科技今年上市。", "越疆科技", "协作机器人"),
    ("全球激光雷达出货量第一的速腾聚创今年扩产。", "速腾聚创", "激光雷达"),
])
def test_the_first_of_an_industry_works_in_it(ontology, text, firm, industry):
    assert found(ontology, ROBOT_FIRMS, text).get((firm, "operatesIn", industry)) == "industry-before-firm"


def test_an_industry_ranked_then_another_word_is_no_descriptor(ontology):
    got = found(ontology, ROBOT_FIRMS, "激光雷达出货量第一次超过了速腾聚创的预期。")
    assert got.get(("速腾聚创", "operatesIn", "激光雷达")) != "industry-before-firm"


SCENE = [Entity("shenzhen", "Place", "深圳"), Entity("valley", "Place", "机器人谷"), Entity("baoan", "Place", "宝安区"),
         Entity("yi", "Firm", "乙科技"), Entity("bing", "Firm", "丙机器人"), Entity("fy", "Firm", "丰翼科技")]


def test_a_paragraph_that_opens_on_its_scene_places_its_firms_there(ontology):
    text = "记者发现,在深圳“机器人谷”诞生了完整的产业链。近百家公司中,如龙头乙科技,明星企业丙机器人等。"
    got = found(ontology, SCENE, text)
    assert got.get(("乙科技", "locatedIn", "机器人谷")) == "firm-in-paragraph-scene"
    assert got.get(("丙机器人", "locatedIn", "机器人谷")) == "firm-in-paragraph-scene"


def test_a_new_scene_ends_the_first_and_an_event_is_no_scene(ontology):
    text = "在机器人谷,新产线投产;在宝安区的低空走廊,丰翼科技的无人机日均运货一万件。"
    assert ("丰翼科技", "locatedIn", "机器人谷") not in found(ontology, SCENE, text)
    text = "在深圳“机器人谷”举办的大会上,乙科技发布了新品。"
    assert ("乙科技", "locatedIn", "机器人谷") not in found(ontology, SCENE, text)


EN = [Entity("shenzhen", "Place", "深圳", "Shenzhen", ("Shenzhen",)),
      Entity("longhua", "Place", "龙华区", "Longhua district", ("Longhua district",)),
      Entity("hk", "Place", "香港", "Hong Kong", ("Hong Kong",)),
      Entity("byd", "Firm", "比亚迪", "BYD", ("BYD",)), Entity("faw", "Firm", "FAW Group", "FAW Group", ())]


def test_the_city_is_the_last_city_named(ontology):
    got = found(ontology, EN, "Shenzhen opened a library. It stands in the city's Longhua district.", script="en")
    assert got.get(("龙华区", "locatedIn", "深圳")) == "en-place-possessive"


def test_the_city_of_a_place_is_no_anaphor(ontology):
    got = found(ontology, EN, "Visitors from Hong Kong crossed into the city of Shenzhen.", script="en")
    assert ("深圳", "locatedIn", "香港") not in got


def test_the_company_is_the_last_firm_named(ontology):
    text = "BYD grew fast last year. The company signed a joint venture with FAW Group."
    got = found(ontology, EN, text, script="en")
    assert got.get(("比亚迪", "partnersWith", "FAW Group")) == "en-partners"
    assert not any(p == "partnersWith" for _s, p, _o in found(ontology, EN, "BYD grew. A rival signed a joint venture with FAW Group.", script="en"))


def test_a_firm_in_a_place_is_there(ontology):
    got = found(ontology, EN, "Drone routes were established by the platform BYD in Shenzhen last year.", script="en")
    assert got.get(("比亚迪", "locatedIn", "深圳")) == "en-firm-in-place"


def test_a_firm_that_does_something_in_a_place_is_not_thereby_there(ontology):
    got = found(ontology, EN, "Last year BYD sold cars to buyers in Hong Kong.", script="en")
    assert ("比亚迪", "locatedIn", "香港") not in got


def test_a_title_a_place_is_built_into_is_a_recognition_it_is_awarded(ontology):
    known = [Entity("qianhai", "Place", "前海"), Entity("shenzhen", "Place", "深圳")]
    text = "深圳将积极建设国家新一代人工智能创新发展试验区和国家人工智能创新应用先导区。"
    extraction = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False, learned=False).extract(text + "\n")
    titles = {p.label: p.rule for p in extraction.proposals.values() if p.type == "Recognition"}
    assert titles == {"国家新一代人工智能创新发展试验区": "recognition-built", "国家人工智能创新应用先导区": "recognition-built"}
    got = found(ontology, known, "根据规划,前海定位为粤港现代服务业创新合作示范区。")
    assert got.get(("粤港现代服务业创新合作示范区", "awardedTo", "前海")) == "awarded-title"
    got = found(ontology, known, "深圳荣获“智能制造标杆城市”称号。")
    assert got.get(("智能制造标杆城市", "awardedTo", "深圳")) == "awarded-title"


def test_a_zone_built_with_no_name_is_no_recognition(ontology):
    known = [Entity("shenzhen", "Place", "深圳")]
    extraction = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False, learned=False).extract(
        "深圳建设了一个新的试验区,并把“机器人”当作口号。\n")
    assert not any(p.type == "Recognition" for p in extraction.proposals.values())


def trades(ontology, known: list[Entity], text: str) -> dict[str, str]:
    extraction = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False, learned=False).extract(text + "\n",
                                                                                                 script="en")
    return {p.label: p.rule for p in extraction.proposals.values() if p.type == "Industry"}


def test_the_words_before_a_trade_noun_name_the_trade(ontology):
    text = ("Shenzhen's traditional general aviation industry leads. The online retailing giant JD.com grew, "
            "and a market research firm counted 600 licensed commercial drone companies.")
    got = trades(ontology, EV, text)
    assert got == {"general aviation": "en-trade-head", "online retailing": "en-trade-head",
                   "market research": "en-trade-head", "commercial drone": "en-trade-head"}


def test_words_of_size_place_or_a_known_opening_name_are_no_trade(ontology):
    known = [*EV, Entity("ce", "Industry", "消费电子", "consumer electronics", ("consumer electronics",))]
    text = ("The world's largest company released several industry plans. It is the heart of the consumer "
            "electronics manufacturing industry, and a well-known firm made them look like a new company.")
    assert "en-trade-head" not in trades(ontology, known, text).values()


def test_a_lone_generic_english_word_names_no_trade(ontology):
    text = "BYD's new headquarters is under construction, and its battery manufacturing grows."
    got = trades(ontology, [], text)
    assert "建筑业" not in got and "制造业" not in got


def test_a_generic_english_word_before_industry_names_the_trade(ontology):
    got = trades(ontology, [], "The construction industry and the manufacturing sector slowed.")
    assert got.get("建筑业") == "lexicon:industries" and got.get("制造业") == "lexicon:industries"


RIVALS = [Entity("tencent", "Firm", "腾讯", "Tencent", ("Tencent",)), Entity("alibaba", "Firm", "Alibaba", "Alibaba", ()),
          Entity("phones", "Industry", "移动电话", "mobile phones", ("mobile phones",))]


def test_an_english_rival_competes(ontology):
    got = found(ontology, RIVALS, "Tencent’s archrival Alibaba hired an architect.", script="en")
    assert got.get(("腾讯", "competesWith", "Alibaba")) == "en-competes"


def test_a_rival_of_another_clause_does_not(ontology):
    got = found(ontology, RIVALS, "Tencent grew; a rival of many firms, Alibaba, hired an architect.", script="en")
    assert not any(p == "competesWith" for _s, p, _o in got)


def test_an_english_firm_before_its_trade_works_in_it(ontology):
    assert found(ontology, RIVALS, "The ban hit Tencent mobile phones.", script="en").get(
        ("腾讯", "operatesIn", "移动电话")) == "en-firm-industry"
    assert found(ontology, RIVALS, "Tencent sold mobile phones.", script="en").get(
        ("腾讯", "operatesIn", "移动电话")) != "en-firm-industry"


GBA = [Entity("robots", "Industry", "机器人", "robots", ()), Entity("gba", "Place", "粤港澳大湾区"),
       Entity("shenzhen", "Place", "深圳"), Entity("guangzhou", "Place", "广州"), Entity("dongguan", "Place", "东莞")]


def test_places_that_formed_a_chain_host_the_industry_just_named(ontology):
    text = "大湾区机器人产业发展迅猛。深圳、广州、东莞等地已形成完备的产业链。"
    got = found(ontology, GBA, text)
    assert got.get(("广州", "hostsIndustry", "机器人")) == "places-form-chain-of-previous"
    assert got.get(("东莞", "hostsIndustry", "机器人")) == "places-form-chain-of-previous"


def test_places_of_a_sentence_without_a_chain_do_not(ontology):
    text = "大湾区机器人产业发展迅猛。深圳、广州、东莞等地的房价都在上涨。"
    assert not any(s == "广州" and p == "hostsIndustry" for s, p, _o in found(ontology, GBA, text))


HUB = [Entity("drones", "Industry", "无人机", "drones", ()), Entity("shenzhen", "Place", "深圳"),
       Entity("hub", "Recognition", "无人机之都"), Entity("award", "Recognition", "无人机创新奖")]


def test_a_place_with_the_title_of_an_industrys_hub_hosts_it(ontology):
    got = found(ontology, HUB, "深圳也因此成为闻名全球的“无人机之都”。")
    assert got.get(("深圳", "hostsIndustry", "无人机")) == "hub-title-names-industry"


def test_a_title_that_is_no_hub_hosts_nothing(ontology):
    got = found(ontology, HUB, "深圳荣获“无人机创新奖”。")
    assert got.get(("深圳", "hostsIndustry", "无人机")) != "hub-title-names-industry"


def test_the_city_is_a_city_not_the_last_place(ontology):
    known = [*EN, Entity("library", "Place", "深圳北馆", "Shenzhen Library North", ("Shenzhen Library North",))]
    got = found(ontology, known, "Shenzhen opened Shenzhen Library North, in the city's Longhua district.", script="en")
    assert ("龙华区", "locatedIn", "深圳北馆") not in got
    assert got.get(("龙华区", "locatedIn", "深圳")) == "en-place-possessive"


def test_a_paragraph_naming_a_region_beside_its_city_has_no_only_city(ontology):
    known = [*CITY, Entity("valley", "Place", "硅谷")]
    got = found(ontology, known, "硅谷的工程师在推演算法。大洋彼岸的深圳,乙科技正在街上测试。")
    assert got.get(("乙科技", "locatedIn", "深圳")) != "firm-with-only-city"
