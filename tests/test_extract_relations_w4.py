"""Relation rules of the fourth round of issue 21, each with a sentence it fires on and one it
must not fire on (or fires on under another, weaker rule): the evidence a place hosts an
industry, ..."""

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
    extractor = Extractor(build_gazetteer(known), ontology, calibrated=False, model=False)
    extraction = extractor.extract(text + "\n", script=script)
    label = {e.id: e.label for e in known} | {p.id: p.label for p in extraction.proposals.values()}
    return {(label.get(c.subject, c.subject), c.predicate, label.get(c.object, c.object)): c.rule
            for c in extraction.candidates}


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
