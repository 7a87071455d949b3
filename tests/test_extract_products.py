"""Product names the gazetteer does not know (graph/extract/patterns.py ``products()``).

Each rule has a sentence in which it must find a product and, right after it, the smallest
change in which it must not.  The firms are the invented ones of tests/test_relation_rules.py,
so the sentences test the product finder and not the firm finders.
"""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY
from tests.test_relation_rules import ENTITIES


@pytest.fixture(scope="module")
def extractor():
    ontology = load_ontology(str(ONTOLOGY / "szkg.ttl"))
    return Extractor(build_gazetteer(ENTITIES), ontology, model=False, calibrated=False, learned=False)


def products(extractor, sentence: str) -> set[str]:
    """The products proposed in a sentence, by name."""
    return {label for (kind, label) in extractor.extract(sentence, script="").ids if kind == "Product"}


def produces(extractor, sentence: str) -> dict[str, str]:
    """Product name → the rule that says a firm of the sentence produces it."""
    extraction = extractor.extract(sentence, script="")
    names = {pid: label for (kind, label), pid in extraction.ids.items() if kind == "Product"}
    return {names[c.object]: c.subject for c in extraction.candidates
            if c.predicate == "produces" and c.object in names}


# (sentence, product name, found?) — the first case of each rule must find, the next must not
PRODUCT_CASES = {
    # a stem of 2–4 characters right after a firm and before a product head (华为盘古大模型)
    "product-after-firm": [
        ("蓝海科技盘古芯片很好。", "盘古芯片", True),
        # a verb is never part of a product's stem: 合作开发 is what the firms do, 芯片 is no name
        ("蓝海科技与青木电子合作开发芯片。", "合作开发芯片", False),
        ("蓝海科技研发系列芯片。", "研发系列芯片", False),
        ("蓝海科技推出芯片。", "推出芯片", False),
        ("蓝海科技生产手机很多。", "生产手机", False),
        ("蓝海科技发布手表很多。", "发布手表", False),
    ],
    # a firm launching (推出, 发布, 量产, 研发出, 出产) a named product: the name after the verb
    "product-after-launch": [
        ("蓝海科技推出蓝海二号芯片。", "蓝海二号芯片", True),
        ("蓝海科技看好蓝海二号芯片。", "蓝海二号芯片", False),  # no verb of making: nothing said
        ("蓝海科技正式发布了Flow 2。", "Flow 2", True),
        ("蓝海科技正式发布了Flow。", "Flow", False),  # a Latin word without a model number or a second word
        ("蓝海科技出产的Phantom2 Vision飞行器很好。", "Phantom2 Vision", True),
        ("蓝海科技量产星河手机。", "星河手机", True),
        ("蓝海科技研发出天穹大模型。", "天穹大模型", True),
        ("蓝海科技推出合作开发芯片。", "合作开发芯片", False),  # nor after the verb
        ("蓝海科技推出,星河芯片很好。", "星河芯片", False),  # the verb's object is not after a comma
    ],
    # a short 《title》 is a work (《黑神话:悟空》); an article (《…》一文, 《…》的文章) is none
    "work-title": [
        ("蓝海科技发布了《星河传说》。", "星河传说", True),
        ("蓝海科技发布了《星河传说》一文。", "星河传说", False),
        ("蓝海科技发布《蓝海,请回答1998》的文章。", "蓝海,请回答1998", False),
        ("蓝海科技还发布了《蓝海27岁,生日快乐!》一文。", "蓝海27岁,生日快乐!", False),
    ],
}
CASES = [(rule, k, *case) for rule, cases in PRODUCT_CASES.items() for k, case in enumerate(cases)]


@pytest.mark.parametrize("rule, k, sentence, name, found", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_product_names(extractor, rule, k, sentence, name, found):
    assert (name in products(extractor, sentence)) is found, (sentence, products(extractor, sentence))


# (sentence, product name, the firm that produces it, or None: no firm does)
PRODUCES_CASES = [
    ("蓝海科技推出蓝海二号芯片。", "蓝海二号芯片", "lanhai"),
    ("蓝海科技正式发布了Flow 2。", "Flow 2", "lanhai"),
    ("蓝海科技出产的Phantom2 Vision飞行器很好。", "Phantom2 Vision", "lanhai"),
    ("蓝海科技量产星河手机。", "星河手机", "lanhai"),
    ("蓝海科技盘古芯片很好。", "盘古芯片", "lanhai"),
    ("蓝海科技看好蓝海二号芯片。", "蓝海二号芯片", None),
]


@pytest.mark.parametrize("sentence, name, firm", PRODUCES_CASES)
def test_a_launched_product_is_produced(extractor, sentence, name, firm):
    assert produces(extractor, sentence).get(name) == firm, (sentence, produces(extractor, sentence))
