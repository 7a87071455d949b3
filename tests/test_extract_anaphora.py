"""Referents (issue 21, round 10): a definite description or a pronoun stands for the nearest earlier
name of the kind it names (annotation.md §2.3, «the nearest name wins»).

«the company» / «the firm» / «the Chinese firm» / «the carmaker» / 该公司 / 其 → the last firm (其: the
nearest name of any kind, when that is a firm or a body); «the city» / «there» / 这里 / 该区 / 当地 → the
last place, else (English) the place the document has named most; «the bureau» → the last organisation.
Within the paragraph, or from the first sentence of a paragraph back to the last sentence of the one
before; never across a name or an unnamed thing of the same kind («a new battery company»).  The quote
stays the one sentence that holds the mention.

Each case: a sentence it must resolve (the triple, by the rule named), and the smallest change it must
not (another firm between, a referent of another kind, an unnamed thing of the kind).
"""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY
from tests.test_relation_rules import ENTITIES, proposed

NOT_BEIJING = ", not Beijing."

# (text, triple, the rule that proposes it, or None: nothing does)
CASES = {
    "the-company-previous-paragraph": [
        ("Lanhai Tech has grown fast.\n\nThe company is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), "en-located"),
        # an unnamed firm stands nearer than the name: «the company» is that one
        ("Lanhai Tech set up a new battery company in Dongguan.\nThe company is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "the-chinese-firm": [
        ("Lanhai Tech is big. The Chinese firm is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), "en-located"),
        # another firm named between: the nearer one
        ("Lanhai Tech is big. Xinghe Motors is bigger. The Chinese firm is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), None),
        ("Lanhai Tech is big. Xinghe Motors is bigger. The Chinese firm is based in Shenzhen" + NOT_BEIJING,
         ("xinghe", "locatedIn", "shenzhen"), "en-located"),
    ],
    "the-company-after-predicate": [
        # «is a drone maker» says what the firm is: no other firm
        ("Lanhai Tech is a drone maker. The firm partnered with Qingmu Electronics.",
         ("lanhai", "partnersWith", "qingmu"), "en-partners"),
        ("Lanhai Tech opened a drone maker. The firm partnered with Qingmu Electronics.",
         ("lanhai", "partnersWith", "qingmu"), None),
    ],
    "the-company-not-two-paragraphs-back": [
        ("Lanhai Tech has grown fast.\n\nThe company is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), "en-located"),
        # the mention opens the paragraph's second sentence: the name is not in the sentence before
        ("Lanhai Tech has grown fast.\n\nSales rose. The company is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "there-focus-place": [
        ("Shenzhen is big.\n\nOne reason is cost. Lanhai Tech is based in there" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), "en-located"),
        # an unnamed place («a small town») stands nearer than the focus place
        ("Shenzhen is big.\n\nOne reason is a small town. Lanhai Tech is based in there" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "the-city-referent-of-its-kind": [
        ("Lanhai Tech is big. Shenzhen is bigger. The city is home to Qingmu Electronics.",
         ("qingmu", "locatedIn", "shenzhen"), "en-home-to"),
        # «the company» is no place
        ("Lanhai Tech is big. Shenzhen is bigger. The company is home to Qingmu Electronics.",
         ("qingmu", "locatedIn", "shenzhen"), None),
    ],
    "the-bureau": [
        ("The Science Bureau met. The bureau partnered with Lanhai Tech.",
         ("kejiju", "partnersWith", "lanhai"), "en-partners"),
        # «the company» stands for a firm, not the bureau
        ("The Science Bureau met. The company partnered with Lanhai Tech.",
         ("kejiju", "partnersWith", "lanhai"), None),
    ],
    # a referent is not the name written: the lexicon's own hierarchy (the firm's home city) needs the name
    "lexicon-hierarchy-needs-names": [
        ("Shenzhen is big. Guangdong and Shenzhen grew too.", ("shenzhen", "locatedIn", "guangdong"),
         "lexicon-hierarchy"),
        ("Shenzhen is big. Guangdong and the city grew too.", ("shenzhen", "locatedIn", "guangdong"), None),
    ],
    # the window of «based in» (and every English S-T-O trigger rule's) skips an apposition after the subject
    # (DJI, the global leader in manufacturing drones, is based in there)
    "en-located-apposition": [
        ("Lanhai Tech, the global leader in manufacturing drones, is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), "en-located"),
        # no closing comma: no apposition, and the gap is beyond the window
        ("Lanhai Tech, the global leader in manufacturing drones that is based in Shenzhen" + NOT_BEIJING,
         ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # «In X, the company has built a new campus» (016): the opening place is where the firm sets up its site
    "en-opening-site": [
        ("Lanhai Tech grew.\n\nIn Dongguan, close to the city of Shenzhen, the company has built a new campus.",
         ("lanhai", "locatedIn", "dongguan"), "en-opening-site"),
        ("In Dongguan, Lanhai Tech has built a new plant.", ("lanhai", "locatedIn", "dongguan"), "en-opening-site"),
        # what it built is no site of its own
        ("In Dongguan, Lanhai Tech has built a new road.", ("lanhai", "locatedIn", "dongguan"), None),
        # the firm does not open the main clause
        ("In Dongguan, Qingmu Electronics said Lanhai Tech has built a new plant.", ("lanhai", "locatedIn", "dongguan"),
         None),
    ],
    "gai-gongsi": [
        ("蓝海科技成立于2010年。该公司总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), "located-headquarters"),
        ("蓝海科技创立了一家新公司。该公司总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "gai-gongsi-previous-paragraph": [
        ("蓝海科技成立于2010年。\n\n该公司总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), "located-headquarters"),
        ("蓝海科技成立于2010年。\n\n青木电子发展很快。该公司总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "qi": [
        ("蓝海科技成立于2010年。其总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), "located-headquarters"),
        # the nearest name is an industry: 其 is the industry's, not the firm's
        ("蓝海科技发布了无人机。其总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
        # 其中 is a list head, never a mention
        ("蓝海科技成立于2010年。其中总部位于深圳。不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "gai-qu": [
        ("南山区是创新高地。该区聚集了蓝海科技。", ("lanhai", "locatedIn", "nanshan-district"), "located-place-has"),
        ("南山区是创新高地。该公司聚集了蓝海科技。", ("lanhai", "locatedIn", "nanshan-district"), None),
    ],
    "dang-di": [
        ("深圳发展很快。当地拥有蓝海科技。不是北京。", ("lanhai", "locatedIn", "shenzhen"), "located-place-has"),
        ("深圳发展很快。对方拥有蓝海科技。不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "zheli-previous-paragraph": [
        ("深圳发展很快。\n\n这里诞生了蓝海科技。", ("lanhai", "locatedIn", "shenzhen"), "located-in-place-founded"),
        ("深圳发展很快。\n\n后来，蓝海科技壮大了。这里诞生了青木电子。", ("qingmu", "locatedIn", "shenzhen"), None),
    ],
}

FLAT = [(name, k, *case) for name, cases in CASES.items() for k, case in enumerate(cases)]


@pytest.fixture(scope="module")
def extractor():
    return Extractor(build_gazetteer(ENTITIES), load_ontology(str(ONTOLOGY / "szkg.ttl")), model=False,
                     calibrated=False, learned=False)


@pytest.mark.parametrize("name, k, text, triple, by", FLAT, ids=[f"{c[0]}-{c[1]}" for c in FLAT])
def test_referent(extractor, name, k, text, triple, by):
    found = proposed(extractor, text)
    assert found.get(triple) == by, (text, found)


def test_quote_is_the_sentence_with_the_mention(extractor):
    text = "Lanhai Tech has grown fast.\n\nThe company is based in Shenzhen, not Beijing."
    quotes = {c.quote for c in extractor.extract(text, script="en").candidates
              if (c.subject, c.predicate, c.object) == ("lanhai", "locatedIn", "shenzhen")}
    assert quotes == {"The company is based in Shenzhen, not Beijing."}
