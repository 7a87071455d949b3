"""A narrower trade written as a modifier of grade, use or kind before a known trade (issue 21, session 15):
消费级无人机, 家用储能, 跨境电商 are curated whole, with subIndustryOf their head, and the extractor used to find
the head only.  Invented compounds the lexicons do not hold; each case with the nearest one it must refuse."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.model import Entity
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY


@pytest.fixture(scope="module")
def extractor():
    return Extractor(build_gazetteer([]), load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False)


def found(extraction) -> dict[str, tuple[str, str]]:
    """label → (type, rule) of every entity proposed."""
    return {p.label: (p.type, p.rule) for p in extraction.proposals.values()}


def statements(extraction) -> set[tuple[str, str, str]]:
    """(subject, predicate, object): a proposed entity by its label, a known one by its id."""
    names = {p.id: p.label for p in extraction.proposals.values()}
    return {(names.get(c.subject, c.subject), c.predicate, names.get(c.object, c.object)) for c in extraction.candidates}


@pytest.mark.parametrize("text, name", [
    ("蓝海科技是全球领先的入门级储能企业。\n", "入门级储能"),  # a grade, a word for its firms after it
    ("深圳发展家用储能、海洋机器人等产业。\n", "家用储能"),  # a use, after the verb that opens a list
    ("当地聚焦第四代半导体领域。\n", "第四代半导体"),  # a generation, the field word after it
])
def test_a_modifier_and_a_known_trade_are_one_narrower_trade(extractor, text, name):
    assert found(extractor.extract(text)).get(name) == ("Industry", "industry-modified")


def test_the_narrower_trade_is_a_kind_of_its_head():
    # the head must be a trade of the corpus (known), as 储能 is in sources/entities.yaml
    extractor = Extractor(build_gazetteer([Entity("energy-storage", "Industry", "储能")]),
                          load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False)
    got = statements(extractor.extract("深圳发展家用储能、海洋机器人等产业。\n"))
    assert ("家用储能", "subIndustryOf", "energy-storage") in got


@pytest.mark.parametrize("text, name", [
    ("名单中，国家级储能企业有十家。\n", "国家级储能"),  # an administrative level is no grade of the trade
    ("省级储能企业名单公布。\n", "省级储能"),
    ("这家公司生产高端储能。\n", "高端储能"),  # a bare quality: the curators keep the known trade
    ("市政府推动第四代半导体发展。\n", "第四代半导体"),  # inside a clause: 推动 is no list opener
    ("深圳发展家用储能柜。\n", "家用储能"),  # the trade goes on (储能柜): not where the name ends
])
def test_no_narrower_trade_where_the_modifier_is_not_a_grade_or_the_name_does_not_end(extractor, text, name):
    assert name not in found(extractor.extract(text))
