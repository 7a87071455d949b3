"""Chinese entity constructions of issue 21, round 8 (industries, organisations, firms): each rule
with a sentence it must find and the smallest change it must not."""

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
    return Extractor(build_gazetteer([]), ontology, calibrated=False, model=False, learned=False)


@pytest.fixture(scope="module")
def with_model(ontology):
    return Extractor(build_gazetteer([]), ontology, calibrated=False, learned=False)


def found(extraction) -> dict[str, str]:
    """label → type of every entity found (lexicon entries and proposals alike)."""
    return {p.label: p.type for p in extraction.proposals.values()}


def test_a_taiwan_word_of_a_lexicon_trade_is_that_trade(rules_only):
    assert found(rules_only.extract("深圳市作為全國資訊産業重鎮，正在邁進。\n")).get("信息产业") == "Industry"
    assert found(rules_only.extract("在積體電路等產品中，深圳產量佔全國一成。\n")).get("集成电路") == "Industry"
    # 資訊 alone is "information", no trade
    assert "信息产业" not in found(rules_only.extract("深圳市作為全國資訊重鎮，正在邁進。\n"))


def test_a_narrower_trade_is_not_an_alias_of_its_sector(rules_only):
    extraction = rules_only.extract("前海将重点发展金融业、现代物流业、信息服务业四大产业领域。\n")
    assert {"现代物流", "信息服务"} <= set(found(extraction))
    assert not {"物流", "软件与信息服务"} & set(found(extraction))
    # the sector itself is still the sector
    assert {"物流", "软件与信息服务"} <= set(found(rules_only.extract("前海将重点发展物流业、软件业。\n")))


def test_every_member_of_a_counted_list_of_trades_is_a_trade(rules_only):
    text = "迈瑞主要瞄准生命信息与支持、临床检验及试剂、医学影像三大领域。\n"
    assert {"生命信息与支持", "临床检验及试剂"} <= {k for k, v in found(rules_only.extract(text)).items()
                                                  if v == "Industry"}
    # no member the lexicon knows as a trade: nothing says the list is one of trades
    assert "生命信息与支持" not in found(rules_only.extract("迈瑞主要瞄准生命信息与支持、临床检验及试剂三大领域。\n"))


def test_the_verb_before_the_first_member_of_a_list_of_trades_is_not_part_of_it(rules_only):
    labels = found(rules_only.extract("這些團隊開發智能玩具、智能眼鏡等產品。广东企业分布在新一代信息技术、高端装备智造、新材料4个赛道。\n"))
    assert "高端装备智造" in labels
    assert not any(label.startswith(("开发", "分布")) for label in labels)


def test_a_trade_named_before_its_field_word_is_a_trade(rules_only):
    labels = found(rules_only.extract("如无人机龙头大疆,机器视觉识别领域的龙头奥比中光。\n"))
    assert labels.get("机器视觉识别") == "Industry" and "机器视觉" not in labels  # longer than the known one
    assert found(rules_only.extract("这对武汉的生命健康产业是一个里程碑。\n")).get("生命健康") == "Industry"
    # a clause before 产业 (no 的), a technology and a qualifier before 领域: no trade
    for text in ("目标是到2015年,力争实现产业规模600亿元。\n", "深圳在关键核心技术领域取得突破。\n",
                 "这对武汉的相关产业是一个里程碑。\n"):
        assert not {k for k, v in found(rules_only.extract(text)).items() if v == "Industry"}


def test_the_models_short_organisations_are_no_firms_but_its_long_ones_are(with_model):
    assert "普惠" not in found(with_model.extract("加快推进算力基础设施建设,加大普惠服务资源供给。\n"))
    assert found(with_model.extract("普华永道发布了报告。\n")).get("普华永道") == "Firm"


def test_places_paired_by_their_short_names_are_no_place(with_model):
    labels = found(with_model.extract("深港商业互动更加频繁,这说明深港两地的商业互动更频繁热络了。\n"))
    assert "深港" not in labels and not any(label.endswith("深港") for label in labels)


def organisations(extraction) -> set[str]:
    return {k for k, v in found(extraction).items() if v == "Organization"}


def test_a_one_character_suffix_that_ends_or_begins_a_word_ends_no_name(rules_only):
    assert "深圳市科技创新局" in organisations(rules_only.extract("深圳市科技创新局在深圳市龙华区召开会议。\n"))
    assert not organisations(rules_only.extract("医疗器械创新生态峰会在深圳市龙华区举办。\n"))
    assert not organisations(rules_only.extract("日本媒體整理報導指出,華為已透過諸多投資建立晶片事業網。\n"))
    assert not organisations(rules_only.extract("这部条例成为全国首部专门聚焦低空经济的地方性法规。\n"))


def test_a_hub_is_no_organisation(rules_only):
    assert not organisations(rules_only.extract("深圳经济特区成长为华南地区中心城市,并向全国经济中心城市迈进。\n"))
    assert "深圳市工程生物产业创新中心" in organisations(rules_only.extract("深圳市工程生物产业创新中心位于光明科学城。\n"))


def hosts(extraction) -> set[tuple[str, str]]:
    label = {p.id: p.label for p in extraction.proposals.values()}
    return {(label.get(c.subject, c.subject), label.get(c.object, c.object)) for c in extraction.candidates
            if c.predicate == "hostsIndustry"}


def test_a_venue_or_a_region_a_city_is_the_hub_of_hosts_none_of_the_sentences_industries(rules_only):
    assert ("龙华区", "医疗器械") not in hosts(rules_only.extract("医疗器械创新生态峰会在深圳市龙华区举办。\n"))
    assert ("龙华区", "医疗器械") in hosts(rules_only.extract("医疗器械创新生态峰会在深圳市龙华区落地。\n"))
    text = "深圳培育发展高新技术和金融产业,成长为华南地区中心城市。\n"
    assert ("华南", "金融") not in hosts(rules_only.extract(text))


def test_a_bureau_written_without_its_city_after_its_full_name_is_that_bureau(rules_only):
    full = "深圳市工业和信息化局发布关于印发《深圳市打造人工智能先锋城市的若干措施》的通知。\n(责任单位:市工业和信息化局)\n"
    extraction = rules_only.extract(full)
    assert "市工业和信息化局" not in found(extraction)
    assert "市工业和信息化局" in extraction.names[next(p.id for p in extraction.proposals.values()
                                                    if p.label == "深圳市工业和信息化局")]
    # without the full name before it, the bureau is not resolved to any other
    assert "市工业和信息化局" in found(rules_only.extract("(责任单位:市工业和信息化局)\n"))


def test_a_firm_suffix_before_a_sector_word_ends_no_firm(rules_only):
    assert "佑明创新" not in found(rules_only.extract("投资建设的佑明创新产业制造基地项目奠基。\n"))
    assert found(rules_only.extract("投资建设的佑明创新制造基地项目奠基。\n")).get("佑明创新") == "Firm"
    assert not {k for k, v in found(rules_only.extract("這條路藏著深圳科技產業的密碼。\n")).items() if v == "Firm"}


def test_the_models_person_inside_a_firms_name_is_no_person(with_model):
    text = "由深圳市佑明光电有限公司(以下简称“佑明光电”)投资建设的佑明创新产业制造基地项目在华南现代中医药城奠基。\n"
    assert "佑明" not in found(with_model.extract(text))


def test_a_sector_named_with_its_sector_word_is_whole(rules_only):
    labels = found(rules_only.extract("規上工業中,先進製造業與高技術製造業佔比分別達68.2%與58.2%。\n"))
    assert labels.get("高技术制造业") == "Industry" and "制造业" not in labels
    # a qualifier before the sector word names no sector of its own
    assert "传统制造业" not in found(rules_only.extract("規上工業中,先進製造業與传统制造业佔比分別達68.2%與58.2%。\n"))


def test_the_name_after_a_trade_and_its_maker_word_is_a_firm(rules_only):
    text = "華為持有2%股權的晶片封裝材料業者江蘇華海誠科，已宣布全面收購同業。\n"
    assert found(rules_only.extract(text)).get("江苏华海诚科") == "Firm"
    # what the makers of the trade do is no name
    assert not {k for k, v in found(rules_only.extract("晶片封裝材料業者紛紛擴產，已宣布全面收購同業。\n")).items()
                if v == "Firm"}
