"""English names, eleventh round (issue 21): causes the new tune articles (055–070) showed, each with a
sentence the rule must find and the smallest change it must not.  Invented sentences."""

from __future__ import annotations

import pytest

from tests.test_extract_english_w8 import found, kind, raw  # noqa: F401  (the fixture)


# The names an example word gives after a plural firm noun are firms («robotics companies such as Yarbo»).
@pytest.mark.parametrize("sentence, name", [
    ("The city drew robotics companies such as Lumos in 2015.", "Lumos"),
    ("The city drew many drone makers like Zentor to its parks.", "Zentor"),
    ("The city drew robotics firms, including Lumos, to its parks.", "Lumos"),
])
def test_an_example_of_firms_is_a_firm(raw, sentence, name):
    assert kind(raw, sentence, name) == "Firm"


@pytest.mark.parametrize("sentence, name", [
    ("The city drew robotics fans such as Lumos in 2015.", "Lumos"),
    ("The city drew many drone makers to parks like Zentor.", "Zentor"),
])
def test_an_example_of_anything_else_is_no_firm(raw, sentence, name):
    assert kind(raw, sentence, name) != "Firm"


# A trade named before «companies», «market» …: no superlative, no adjective of relevance or fame
# («one of the earliest companies», «the relevant market segments», «the prominent aviation industry»).
@pytest.mark.parametrize("sentence, name", [
    ("Lumos is one of the earliest companies in China to make drones.", "earliest"),
    ("It will raise its share in the relevant market segments.", "relevant"),
    ("The district is the prominent aviation industry cluster of the city.", "prominent aviation"),
    ("The district is an important drone industry cluster.", "important drone"),
])
def test_a_superlative_or_adjective_is_no_trade(raw, sentence, name):
    assert name not in found(raw, sentence)


@pytest.mark.parametrize("sentence, name", [
    ("Lumos is one of the drone companies in China.", "drone"),
    ("The district is the aviation industry cluster of the city.", "aviation"),
    ("It will raise its share in the equipment market.", "equipment"),
])
def test_the_trade_before_the_noun_stays(raw, sentence, name):
    assert kind(raw, sentence, name) == "Industry"
