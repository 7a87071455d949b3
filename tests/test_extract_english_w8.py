"""English names, eighth round (issue 21): constructions any English news article uses, each with a
sentence the rule must find and the smallest change it must not."""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.model import Entity
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY
from tests.test_extract_wave2 import names


@pytest.fixture(scope="module")
def raw():
    known = [Entity("shenzhen", "Place", "深圳", "Shenzhen", ("Shenzhen",)),
             Entity("byd", "Firm", "比亚迪", "BYD", ("BYD",)),
             Entity("tencent", "Firm", "腾讯", "Tencent", ("Tencent",))]
    return Extractor(build_gazetteer(known), load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False, learned=False)


def found(raw, sentence):
    return names(raw.extract(sentence + "\n", script="en"))


def kind(raw, sentence, name):
    return found(raw, sentence).get(name, ("", ""))[0]


# A role word inside a capitalised run: the person is the name after it («Shenzhen Mayor Qin Weizhong»).
@pytest.mark.parametrize("sentence, name", [
    ("The ceremony was attended by Shenzhen Mayor Qin Weizhong on Friday.", "Qin Weizhong"),
    ("The ceremony was attended by BYD Chairman and President Wang Chuanfu on Friday.", "Wang Chuanfu"),
    ("Mayor Qin Weizhong attended the ceremony.", "Qin Weizhong"),
])
def test_a_role_word_inside_a_run_opens_the_persons_name(raw, sentence, name):
    assert kind(raw, sentence, name) == "Person"


def test_a_run_with_no_role_word_gives_no_person(raw):
    got = found(raw, "The ceremony was attended by Shenzhen Team Qin Weizhong on Friday.")
    assert "Qin Weizhong" not in got


# A role after the name may carry its modifiers («general manager», «chief architect»).
def test_a_modified_role_after_the_name_marks_a_person(raw):
    assert kind(raw, "“We build,” Ivan Wan, general manager and chief architect of Tencent, said.", "Ivan Wan") == "Person"


def test_a_non_role_after_the_name_marks_no_person(raw):
    assert "Ivan Wan" not in found(raw, "“We build,” Ivan Wan, general store and chief market of Tencent, said.")


# A firm named by the common noun before it or by an apposition after it.
@pytest.mark.parametrize("sentence, name", [
    ("A report by market research firm CCID Consulting said sales rose.", "CCID Consulting"),
    ("The design came from NBBJ, a firm with a long list of clients.", "NBBJ"),
    ("Orders went to Acme Drones, a Shenzhen-based maker of drones.", "Acme Drones"),
    ("Investors backed startup Lumos Vision last year.", "Lumos Vision"),
])
def test_a_firm_noun_marks_the_name_beside_it(raw, sentence, name):
    assert kind(raw, sentence, name) == "Firm"


@pytest.mark.parametrize("sentence, name", [
    ("A report by market research on CCID Consulting said sales rose.", "CCID Consulting"),
    ("The design came from NBBJ, a city with a long list of clients.", "NBBJ"),
    ("Li Zhen, a company spokesman, said sales rose.", "Li Zhen"),
])
def test_without_a_firm_noun_beside_it_no_firm(raw, sentence, name):
    assert kind(raw, sentence, name) != "Firm"


# A place after «in» / «based in», when the name ends the phrase.
@pytest.mark.parametrize("sentence, name", [
    ("Flights link the airport and the business district in Futian, known as air taxis.", "Futian"),
    ("Apple built its spaceship building in Cupertino while others waited.", "Cupertino"),
    ("The firm is based in Longhua, the company said.", "Longhua"),
])
def test_a_name_after_in_is_a_place(raw, sentence, name):
    assert kind(raw, sentence, name) == "Place"


@pytest.mark.parametrize("sentence, name", [
    ("The chips are used in Kirin phones made abroad.", "Kirin"),  # a name before a common noun: a brand
    ("Sales rose in July, the firm said.", "July"),
    ("The talk was given in English, the firm said.", "English"),
    ("Sales rose in Apple’s stores.", "Apple"),
])
def test_a_name_after_in_that_does_not_end_the_phrase_is_no_place(raw, sentence, name):
    assert kind(raw, sentence, name) != "Place"


# A newspaper or news agency is a body, never a person a verb of saying marks.
def test_a_newspaper_is_an_organization(raw):
    assert kind(raw, "BYD will invest in a factory, the Shenzhen Economic Daily reported.",
               "Shenzhen Economic Daily") == "Organization"
    assert kind(raw, "It makes 70 percent of drones, according to Xinhua News.", "Xinhua News") != "Person"


def test_a_person_after_according_to_is_still_a_person(raw):
    assert kind(raw, "It makes 70 percent of drones, according to Yang Yang.", "Yang Yang") == "Person"


# A venue: a sports, exhibition or convention centre is a place, not a body.
def test_a_venue_centre_is_a_place(raw):
    assert kind(raw, "Pilots will race in the Shenzhen Universiade Sports Centre, a stadium.",
               "Shenzhen Universiade Sports Centre") == "Place"
    assert kind(raw, "Pilots will train at the Shenzhen Universiade Research Centre.",
               "Shenzhen Universiade Research Centre") == "Organization"


# A copyright line is page debris, however long.
def test_a_long_copyright_line_names_nothing(raw):
    assert "South China Morning Post Publishers Ltd" not in found(
        raw, "Copyright © 2025 South China Morning Post Publishers Ltd. All rights reserved.")
    assert kind(raw, "The paper is owned by South China Morning Post Publishers Ltd, which said so on Monday.",
                "South China Morning Post Publishers Ltd") == "Firm"


def test_two_people_after_their_roles_joined_by_and_are_two_people(raw):
    got = found(raw, "It was attended by Shenzhen Mayor Qin Weizhong and BYD Chairman and President Wang Chuanfu.")
    assert got.get("Qin Weizhong", ("",))[0] == "Person" and got.get("Wang Chuanfu", ("",))[0] == "Person", got
    # «and» with no person before it keeps one name
    assert kind(raw, "The Land and Real Estate Exchange Centre sold the plot.",
                "Land and Real Estate Exchange Centre") == "Organization"


# A compound title between a firm and a person: the person leads the firm.
def test_a_compound_title_between_firm_and_person_leads(raw):
    from tests.test_extract_wave2 import triples

    got = triples(raw.extract("It was attended by BYD Chairman and President Wang Chuanfu on Friday.\n", script="en"))
    assert ("Wang Chuanfu", "leads", "byd") in got, got
    got = triples(raw.extract("It was attended by BYD staff and many more guests, Wang Chuanfu said.\n", script="en"))
    assert ("Wang Chuanfu", "leads", "byd") not in got, got


# A capitalised name before a lower-case place noun is a place («the Bao’an district location»).
@pytest.mark.parametrize("sentence, name", [
    ("It will house 75,000 employees in the Bao’an district location.", "Bao’an district"),
    ("The first phase of BYD’s Shenshan industrial park started operation.", "Shenshan industrial park"),
    ("The officials of Mudan county met on Monday.", "Mudan county"),
])
def test_a_name_before_a_lower_case_place_noun_is_a_place(raw, sentence, name):
    assert kind(raw, sentence, name) == "Place"


def test_a_name_before_a_common_noun_that_is_no_place_noun_is_no_place(raw):
    got = found(raw, "It will house 75,000 employees in the Bao’an office location.")
    assert not any(v[0] == "Place" and "Bao" in k for k, v in got.items()), got


# A document's title in quotation marks, capitalised and with a title word, is a Policy.
def test_a_quoted_title_is_a_policy(raw):
    sentence = ("The State Council recently released the “Development Plan for Shenzhen Park in the Hetao "
                "Deep-Hong Kong Science and Technology Innovation Cooperation Zone.” This plan aims high.")
    assert kind(raw, sentence, "Development Plan for Shenzhen Park in the Hetao Deep-Hong Kong Science and "
                               "Technology Innovation Cooperation Zone") == "Policy"
    # the zone the title names is still a place of the article
    assert kind(raw, sentence, "Hetao Deep-Hong Kong Science and Technology Innovation Cooperation Zone") == "Place"
    # a quoted phrase with no title word is not a document («air taxis», «Made in Shenzhen»)
    got = found(raw, "The State Council recently praised the “Spirit of Shenzhen Park in the Hetao Zone.” It rose.")
    assert not any(v[0] == "Policy" for v in got.values()), got


# A name after «made by» / «produced by» is the maker: a firm.
def test_a_name_after_produced_by_is_a_firm(raw):
    assert kind(raw, "But other chips produced by HiSilicon could be sent to SMIC.", "HiSilicon") == "Firm"
    assert kind(raw, "But other chips produced in HiSilicon could be sent to SMIC.", "HiSilicon") != "Firm"


# A known place before a lower-case «government» names the place's government, an Organization.
def test_a_place_government_is_an_organization(raw):
    assert kind(raw, "The Shenzhen government has awarded Tencent a plot.", "Shenzhen government") == "Organization"
    assert kind(raw, "The Shenzhen municipal government has awarded Tencent a plot.",
                "Shenzhen municipal government") == "Organization"
    assert "Shenzhen governance" not in found(raw, "The Shenzhen governance model has awarded Tencent a plot.")


# A name right after «app» is the app, a Product («social networking app WeChat»).
def test_a_name_after_app_is_a_product(raw):
    assert kind(raw, "The creator of social networking app WeChat has agreed to pay.", "WeChat") == "Product"
    assert kind(raw, "The creator of social networking apps, WeChat has agreed to pay.", "WeChat") != "Product"


def test_the_city_after_a_place_government_is_the_place(raw):
    from tests.test_extract_wave2 import triples

    text = ("The Shenzhen government has awarded Tencent a plot, according to an announcement by the city’s "
            "Land and Real Estate Exchange Centre.\n")
    assert ("Land and Real Estate Exchange Centre", "locatedIn", "shenzhen") in triples(raw.extract(text, script="en"))


# An apposition whose head is a place noun makes the name a place («Huaqiangbei, the world’s largest … area in»).
def test_a_place_apposition_marks_a_place(raw):
    assert kind(raw, "Huaqiangbei, the world’s largest electronics wholesale market area in the city, has grown.",
                "Huaqiangbei") == "Place"
    assert kind(raw, "Huaqiangbei, the world’s largest electronics wholesale market area expert, has grown.",
                "Huaqiangbei") != "Place"
