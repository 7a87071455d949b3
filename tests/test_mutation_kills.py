"""Tests written against the mutants `make mutate` found alive (docs/testing.md): each pins a
behaviour a user sees that no other test pinned, so the small change that broke it turns red."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.curate.sources import SourceError
from graph.names import name_key
from graph.quantity import format_quantity, parse_quantity
from tests.test_curation_rules import corpus_dir, facts, load  # noqa: F401  (corpus_dir is a fixture)

# ------------------------------------------------------------------ quantities


@pytest.mark.parametrize("prefix", ["约", "近", "超过", "超", "逾", "达", "第", "前", "共", "累计", "仅", "不到", "上",
                                    "近乎"])
def test_every_hedge_before_a_number_is_read_past(prefix):
    assert parse_quantity(f"{prefix}2.5万家") == Decimal(25000)


@pytest.mark.parametrize("written, value", [
    ("98.58亿元", "9858000000"), ("3.83万亿元", "3830000000000"), ("2.5万家", "25000"), ("3千台", "3000"),
    ("1,234家", "1234"), ("3/4", "0.75"), ("第一", "1"), ("两千万元", "20000000"), ("千万元", "10000000"),
    ("三万亿元", "3000000000000"), ("万亿元级", "1000000000000"), ("亿元级", "100000000"), ("万家", "10000"),
    ("超過2.5萬家", "25000"), (" 12 ", "12"),
])
def test_numbers_as_chinese_news_writes_them(written, value):
    assert format_quantity(parse_quantity(written)) == value


@pytest.mark.parametrize("written", ["", "abc", "元", "超", "十十"])  # 十十: cn2an refuses it
def test_no_number_is_a_value_error_naming_the_text(written):
    with pytest.raises(ValueError, match=f"cannot read a number from '{written}'"):
        parse_quantity(written)


@pytest.mark.parametrize("value, text", [(Decimal("1.50"), "1.5"), (Decimal("100"), "100"), (Decimal("2.0"), "2"),
                                         (Decimal("1E+3"), "1000"), (Decimal("0.25"), "0.25")])
def test_quantities_print_plainly_without_trailing_zeros(value, text):
    assert format_quantity(value) == text


# ------------------------------------------------------------------ names


@pytest.mark.parametrize("written", ["《华为》", "“华为”", "「华为」", "『华为』", "【华为】", "(华为)", "（华为）", "[华为]",
                                     "〈华为〉", "\"华为\"", "'华为'", "‘华为’", "華為", "华 为", "华·为", "华-为"])
def test_quotation_marks_brackets_script_and_joiners_do_not_change_a_name(written):
    assert name_key(written) == "华为"


def test_a_name_key_folds_width_and_case():
    assert name_key("ＨＵＡＷＥＩ") == name_key("Huawei") == "huawei"
    assert name_key("A.I_Lab,x") == "ailabx"


# ------------------------------------------------------------------ sources


def test_an_explicit_start_must_point_at_the_quote(corpus_dir):  # noqa: F811
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业", start: 3}
        """)
    with pytest.raises(SourceError, match=r"doc-a.yaml:3: quote is not at offset 3 of document 'doc-a'"):
        load(corpus_dir)
    start = (corpus_dir / "documents" / "a.txt").read_text(encoding="utf-8").index("比亚迪是深圳的企业")
    facts(corpus_dir, "doc-a", f"""\
        statements:
          - {{s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业", start: {start}}}
        """)
    (statement,) = load(corpus_dir).statements
    assert statement.quotes[0].start == start


def test_a_statement_relating_an_entity_to_itself_is_refused(corpus_dir):  # noqa: F811
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: partnersWith, o: byd, quote: "比亚迪是深圳的企业"}
        """)
    with pytest.raises(SourceError, match=r"doc-a.yaml:3: statement relates 'byd' to itself"):
        load(corpus_dir)


def test_an_observation_whose_value_is_not_in_its_quote_is_refused(corpus_dir):  # noqa: F811
    facts(corpus_dir, "doc-a", """\
        observations:
          - {s: shenzhen, indicator: firm-count, value: 7.5万家, unit: count, period: "2025", quote: "深圳机器人企业超过7.4万家"}
        """)
    with pytest.raises(SourceError, match=r"doc-a.yaml:3: value '7.5万家' is not written in the quote"):
        load(corpus_dir)


# ------------------------------------------------------------------ query inspection


@pytest.mark.parametrize("text, operation", [
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "Modify"),
    ("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "Modify"),
    ("DELETE WHERE { ?s ?p ?o }", "DeleteWhere"),
    ("DELETE DATA { <urn:a> <urn:b> <urn:c> }", "DeleteData"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "InsertData"),
    ("CLEAR ALL", "Clear"), ("DROP ALL", "Drop"), ("CREATE GRAPH <urn:g>", "Create"),
    ("ADD DEFAULT TO <urn:g>", "Add"), ("MOVE DEFAULT TO <urn:g>", "Move"), ("COPY DEFAULT TO <urn:g>", "Copy"),
])
def test_every_kind_of_update_is_recognised_and_refused_unless_allowed(text, operation):
    from graph.errors import QueryRefused
    from graph.query.questions import inspect

    inspection = inspect(text, allow_update=True)
    assert (inspection.form, inspection.operations) == ("update", (operation,))
    with pytest.raises(QueryRefused, match=rf"updates are refused \({operation}\)"):
        inspect(text)


# ------------------------------------------------------------------ the naming policy (graph.names)


def test_printable_escapes_control_characters_and_cuts_long_text():
    from graph.names import printable

    assert printable("a\x1b[2Jb\x07\x7f\x85") == "a\\x1b[2Jb\\x07\\x7f\\x85"
    assert printable("tab\tand\nnewline") == "tab\tand\nnewline"  # whitespace is left as it is
    assert printable("x" * 200) == "x" * 200
    assert printable("x" * 201) == "x" * 199 + "…"
    assert printable("abcdef", limit=4) == "abc…"


def test_pick_label_falls_back_through_the_languages_in_order():
    from graph.names import pick_label

    labels = {"zh-hans": "华为", "ZH-HANT": "華為", "en": "Huawei"}
    assert pick_label(labels, "zh-Hant") == "華為"  # tags in any case
    assert pick_label(labels, "en") == "Huawei"
    assert pick_label({"zh-Hant": "華為", "en": "Huawei"}, "zh-Hans") == "華為"
    assert pick_label({"en": "Huawei"}, "zh-Hant") == "Huawei"
    assert pick_label({"zh-Hans": "", "en": "Huawei"}, "zh-Hans") == "Huawei"  # an empty label is none
    assert pick_label({}, "en") == ""
    with pytest.raises(ValueError, match="unknown language 'fr'; choose from zh-Hans, zh-Hant, en"):
        pick_label(labels, "fr")


class _Named:
    def __init__(self, id: str, *keys: str):
        self.id, self._keys = id, list(keys)

    def keys(self):
        return self._keys

    def __repr__(self):
        return self.id


def test_closest_puts_substring_matches_first_and_keeps_the_best_few():
    from graph.names import closest

    pool = [_Named("b", "华为技术"), _Named("a", "华为"), _Named("c", "华维"), _Named("z", "腾讯"),
            _Named("d", "华为终端有限公司")]
    assert [c.id for c in closest("华为", pool)] == ["a", "b", "d", "c"]  # 腾讯 is not close at all
    assert [c.id for c in closest("华为", pool, n=2)] == ["a", "b"]
    assert closest("", pool) == [] and closest("华为", []) == []


def test_choose_takes_the_one_lists_the_many_and_hints_at_the_closest():
    from graph.errors import AmbiguousName, UnknownName
    from graph.names import choose

    one, two = _Named("huawei", "华为"), _Named("huawei-device", "华为")
    describe = lambda c: f"<{c.id}>"  # noqa: E731
    assert choose("华为", [one], lambda: [], describe) is one
    with pytest.raises(AmbiguousName, match=r"^'华为' names 2 entities: <huawei>, <huawei-device>; use the id instead$"):
        choose("华为", [two, one], lambda: [], describe)
    with pytest.raises(AmbiguousName, match=r"names 2 documents: "):
        choose("华为", [two, one], lambda: [], describe, "document")
    with pytest.raises(UnknownName, match=r"^no entity is called '华维'; closest: <huawei>$"):
        choose("华维", [], lambda: [one], describe)
    with pytest.raises(UnknownName, match=r"^no document is called '\\x1b'; no name is close$"):
        choose("\x1b", [], lambda: [one], describe, "document")


def test_mentions_match_across_scripts_and_only_whole_latin_words():
    from graph.model import Corpus, Document, Entity
    from graph.names import mentions

    corpus = Corpus(
        documents={"d": Document("d", "d.txt", b"", "華為在深圳。USA and EV makers: a thousand every year", "t", "zh-Hant"),
                   "e": Document("e", "e.txt", b"", "nothing here", "t", "en")},
        entities={"huawei": Entity("huawei", "Firm", "华为"), "usa": Entity("usa", "Place", "美国", en="USA"),
                  "ev": Entity("ev", "Industry", "电动车", aliases=("EV",)),
                  "sand": Entity("sand", "Industry", "沙", aliases=("sand",)),
                  "ear": Entity("ear", "Industry", "耳", aliases=("ear",))})
    assert mentions(corpus) == {"d": {"huawei", "ev"}, "e": set()}  # «ear» of «year», «sand» of «thousand»
    assert mentions(corpus, english=True) == {"d": {"huawei", "ev", "usa"}, "e": set()}
    assert mentions(Corpus(documents=corpus.documents)) == {"d": set(), "e": set()}


def test_closest_ranks_substrings_by_their_share_against_plain_likeness():
    from graph.names import closest

    # 华为 is inside 华为技术 (0.6 + 0.4 × 2/4); 华为技木 is only alike (ratio 0.75)
    assert [c.id for c in closest("华为技术", [_Named("alike", "华为技木"), _Named("inside", "华为")])] == ["inside", "alike"]
    # a short substring loses to a close spelling: 华为 in 华为技术有限公司 is 0.7, 华为技术有限司 ~0.93
    assert [c.id for c in closest("华为技术有限公司", [_Named("inside", "华为"), _Named("alike", "华为技术有限司")])] == [
        "alike", "inside"]


def test_mentions_at_the_edges_of_the_text_and_of_mixed_names():
    from graph.model import Corpus, Document, Entity
    from graph.names import mentions

    def found(text: str, *entities: Entity) -> set[str]:
        corpus = Corpus(documents={"d": Document("d", "d.txt", b"", text, "t", "zh-Hans")},
                        entities={e.id: e for e in entities})
        return mentions(corpus)["d"]

    ev = Entity("ev", "Industry", "电动车", aliases=("EV",))
    assert found("EV makers in 2025", ev) == {"ev"}  # at the very start
    assert found("makers of EV", ev) == {"ev"}  # at the very end
    assert found("xEV and more", ev) == set() and found("more EVs", ev) == set()
    assert found("a thousand EV makers", ev, Entity("sand", "Industry", "沙", aliases=("sand",))) == {"ev"}
    assert found("沙", Entity("sand", "Industry", "沙")) == {"sand"}  # a one-character name
    kirin = Entity("kirin", "Product", "麒麟X")
    assert found("麒麟X9", kirin) == set() and found("麒麟X。", kirin) == {"kirin"}
    xray = Entity("xray", "Product", "X光机")
    assert found("aX光机", xray) == set() and found("一台X光机", xray) == {"xray"}
    twins = (Entity("a", "Firm", "甲", aliases=("同名",)), Entity("b", "Firm", "乙", aliases=("同名",)))
    assert found("同名", *twins) == {"a", "b"}  # a name two entities share mentions both
