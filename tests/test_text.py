"""The cleaner's rules, script conversion and quantities."""

from decimal import Decimal

import pytest

from graph.errors import SourceError
from graph.names import name_key as match_key
from graph.quantity import format_quantity, parse_quantity
from graph.text import clean, clean_lines, decode, sentence_around, to_simplified, to_traditional


def test_html_spans_and_markdown_are_removed_but_their_text_kept():
    raw = ("# 标题\n\n> 深圳发布 [原文链接](https://example.org/x)\n"
           '　　<span style="background:#fff88f">深圳<strong>制造业</strong>正以</span>**攀高**。\n').encode()
    text = clean(raw)
    assert text == "标题\n\n深圳发布 原文链接\n深圳制造业正以攀高。\n"


def test_html_entities_are_decoded():
    assert clean("<p>A &amp; B</p>\n".encode()) == "A & B\n"


@pytest.mark.parametrize("debris, rule", [
    (".jpg)", "image placeholder"),
    ("![]()", "image placeholder"),
    ("------", "horizontal rule"),
    ("-", "horizontal rule"),
    ("您現在的位置:", "navigation"),
    ("京公網安備 11011402013531號", "registration footer"),
    ("大灣區精選:", "related-articles heading"),
    ("- 2025年08月26日 20:46:01", "timestamp list item"),
    ("> URL: https://example.org/posts/1", "bare URL line"),
])
def test_debris_lines_are_dropped_by_a_named_rule(debris, rule):
    text, report = clean_lines(f"正文第一段。\n{debris}\n正文第二段。\n")
    assert text == "正文第一段。\n正文第二段。\n"
    assert report.dropped == {rule: 1}


def test_content_that_looks_like_a_list_item_is_kept():
    text, report = clean_lines("- 深圳2025年产值增长\n")
    assert text == "- 深圳2025年产值增长\n" and report.dropped == {}


def test_blank_line_runs_collapse_and_indentation_goes():
    text, _ = clean_lines("　　第一段\n\n\n\n   第二段   \n\n")
    assert text == "第一段\n\n第二段\n"


def test_empty_binary_and_undecodable_input_are_refused():
    with pytest.raises(SourceError, match="empty"):
        decode(b"  \n", "a.txt")
    with pytest.raises(SourceError, match="binary"):
        decode(b"abc\x00def", "a.txt")
    with pytest.raises(SourceError, match="a.txt: cannot decode"):
        decode(b"\xff\xfe\xfa\x80\x81\xfe\xff\x00"[:-1] * 3, "a.txt")


def test_gb18030_and_big5_are_detected():
    text = "深圳的创新企业华为和大疆，推动了电子信息产业的发展。" * 4
    assert decode(text.encode("gb18030")) == text
    trad = "深圳的創新企業華為和大疆，推動了電子信息產業的發展。" * 4
    assert decode(trad.encode("big5")) == trad


def test_scripts_convert_both_ways_with_opencc():
    assert to_simplified("華為 18號文件 雲天勵飛") == "华为 18号文件 云天励飞"
    assert to_traditional("华为") == "華為"
    assert match_key("華為") == match_key("华为")
    assert match_key("Bambu Lab") == match_key("bambulab")


def test_sentence_around_expands_to_whole_sentences():
    text = "第一句。任正非說:“如果沒有18號文件,我不會想創辦華為。”第三句。"
    start = text.index("18號")
    a, b = sentence_around(text, start, start + 5)
    assert text[a:b] == "任正非說:“如果沒有18號文件,我不會想創辦華為。”"


@pytest.mark.parametrize("written, value", [
    ("98.58亿元", "9858000000"), ("3.83万亿元", "3830000000000"), ("9090.45亿元", "909045000000"),
    ("2.5万家", "25000"), ("76.85%", "76.85"), ("347家", "347"), ("第一", "1"),
    ("5.11萬家", "51100"), ("近四万亿元", "4000000000000"), ("2000多家", "2000"),
    ("39种", "39"), ("千萬", "10000000"), ("1/10", "0.1"), ("万亿元", "1000000000000"), ("兩年", "2"),
])
def test_quantities_normalise_as_the_text_writes_them(written, value):
    assert format_quantity(parse_quantity(written)) == value


def test_a_quantity_without_a_number_is_refused():
    with pytest.raises(ValueError):
        parse_quantity("很多")
    assert parse_quantity("1億元") == Decimal(100000000)
