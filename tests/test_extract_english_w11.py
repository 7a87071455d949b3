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


# A name the sentence calls a firm: «X, headquartered in Y», «X is one of the earliest companies», «X is a robot
# maker», and each name of a list in apposition to a plural firm noun («two … companies in China, X and Y»).
@pytest.mark.parametrize("sentence, name", [
    ("Zentor, headquartered in Guangzhou, grew fast.", "Zentor"),
    ("Lumora is one of the earliest companies in China to make drones.", "Lumora"),
    ("Kavix is a robot maker from the north.", "Kavix"),
    ("The city signed a deal with two leading flying car companies in China, Zentor and Lumora.", "Zentor"),
    ("The city signed a deal with two leading flying car companies in China, Zentor and Lumora.", "Lumora"),
])
def test_a_name_the_sentence_calls_a_firm(raw, sentence, name):
    assert kind(raw, sentence, name) == "Firm"


@pytest.mark.parametrize("sentence, name", [
    ("Zentor, who lives in Guangzhou, grew fast.", "Zentor"),
    ("Lumora is one of the earliest towns in China to make drones.", "Lumora"),
    ("The city signed a deal with two leading flying car companies in China and Zentor and Lumora.", "Zentor"),
])
def test_a_name_the_sentence_calls_no_firm_is_no_firm(raw, sentence, name):
    assert kind(raw, sentence, name) != "Firm"


def test_the_list_in_apposition_is_two_names_not_one(raw):
    got = found(raw, "The city signed a deal with two leading flying car companies in China, Zentor and Lumora.")
    assert "Zentor and Lumora" not in got


def test_a_number_word_is_no_part_of_a_trade(raw):
    got = found(raw, "The city signed a deal with two flying car companies.")
    assert "two flying car" not in got and got.get("flying car", ("",))[0] == "Industry"


# A title before «of» opens no firm's name: «chairman and CEO of Lumora Holdings» names Lumora Holdings.
def test_a_title_before_of_is_no_part_of_the_firm(raw):
    got = found(raw, '"It was quiet," said Zhou Lan, chairman and CEO of Lumora Holdings.')
    assert "CEO of Lumora Holdings" not in got and got.get("Lumora Holdings", ("",))[0] == "Firm"


def test_a_body_of_a_place_keeps_its_name(raw):
    got = found(raw, "The Bureau of Industry and Security added Lumora to its list.")
    assert got.get("Bureau of Industry and Security", ("",))[0] == "Organization"


# «the government of X» before a known place names the place's government (as «the Shenzhen government»).
def test_the_government_of_a_place_is_its_government(raw):
    got = found(raw, "On July 13, the government of Shenzhen signed a memorandum with Tencent.")
    assert got.get("government of Shenzhen", ("",))[0] == "Organization"


def test_a_government_beside_a_place_is_no_body_of_it(raw):
    got = found(raw, "On July 13, the government told Shenzhen to sign a memorandum with Tencent.")
    assert not any(etype == "Organization" for etype, *_ in got.values())
