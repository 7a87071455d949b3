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
    return Extractor(build_gazetteer(known), load_ontology(str(ONTOLOGY / "szkg.ttl")), calibrated=False)


def found(raw, sentence):
    return names(raw.extract(sentence + "\n", script="en"))


def kind(raw, sentence, name):
    return found(raw, sentence).get(name, ("", ""))[0]


# A copyright line is page debris, however long.
def test_a_long_copyright_line_names_nothing(raw):
    assert "South China Morning Post Publishers Ltd" not in found(
        raw, "Copyright © 2025 South China Morning Post Publishers Ltd. All rights reserved.")
    assert kind(raw, "The paper is owned by South China Morning Post Publishers Ltd, which said so on Monday.",
                "South China Morning Post Publishers Ltd") == "Firm"

