"""`--lang zh-Hans|zh-Hant|en`: entity, query tables, centrality, path, impact and communities
name entities in the chosen language, falling back zh-Hans → zh-Hant → en → id."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from graph.cli.app import cli


def run(built, args: list[str], *more: str):
    result = CliRunner().invoke(cli, [*args, "--out", str(built.out), *more])
    assert result.exit_code == 0, result.output
    return result.output


def column(table: str, name: str) -> list[str]:
    """The cells of column ``name`` of a rich table or a Markdown table (one line per row)."""
    lines = [line for line in table.splitlines() if line.count("│") > 1 or line.count("┃") > 1
             or line.startswith("|")]
    split = [[c.strip() for c in line.replace("┃", "│").replace("|", "│").strip("│").split("│")]
             for line in lines]
    header = next(row for row in split if name in row)
    return [row[header.index(name)] for row in split[split.index(header) + 1:] if len(row) == len(header)]


#: language → (Huawei, Shenzhen, Intellifusion) as that language names them
NAMES = {"en": ("Huawei", "Shenzhen", "Intellifusion"), "zh-Hant": ("華為", "深圳", "雲天勵飛"),
         "zh-Hans": ("华为", "深圳", "云天励飞")}
LANGS = ["en", "zh-Hant"]
#: language → (the entity column's heading, locatedIn's label) in the centrality tables
HEADINGS = {"en": ("entity", "located in"), "zh-Hant": ("實體", "位於"), "zh-Hans": ("实体", "位于")}


@pytest.mark.parametrize("lang", LANGS)
def test_entity_card_title_and_related_entities(built, lang):
    huawei, shenzhen, _ = NAMES[lang]
    output = run(built, ["entity", "华为"], "--lang", lang)
    assert output.splitlines()[0].startswith(f"{huawei}  huawei")
    assert f"{shenzhen} (shenzhen)" in output


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_query_label_columns(built, lang, fmt):
    output = run(built, ["query", "partners-of", "--param", "firm=云天励飞", "--format", fmt], "--lang", lang)
    assert NAMES[lang][0] in column(output, "partnerLabel")


def label_in(built, entity: str, lang: str) -> str:
    """An entity's label in ``lang`` as the sources give it (en, or the zh-Hans label through OpenCC)."""
    from graph.text import to_traditional

    ent = built.corpus.entities[entity]
    return {"en": ent.en or ent.label, "zh-Hant": to_traditional(ent.label), "zh-Hans": ent.label}[lang]


def top_ids(built, args: list[str], key: str = "id") -> list[str]:
    data = json.loads(run(built, args))
    rows = data["metrics"]["degree"]["top"] if isinstance(data, dict) else data
    return [r[key] for r in rows]


@pytest.mark.parametrize("lang", LANGS)
def test_centrality(built, lang):
    _, shenzhen, _ = NAMES[lang]
    ids = top_ids(built, ["centrality", "--metric", "degree", "--top", "3", "--format", "json"])
    expected = [label_in(built, i, lang) for i in ids]
    entity, located = HEADINGS[lang]
    table = run(built, ["centrality", "--metric", "degree", "--top", "3"], "--lang", lang)
    assert [c for c in column(table, entity) if c] == expected and expected[0] == shenzhen
    markdown = run(built, ["centrality", "--metric", "degree", "--top", "3", "--format", "markdown"], "--lang", lang)
    assert [c for c in column(markdown, entity) if c.strip("-")] == expected
    # predicates by their labels (which neighbours carry the score depends on the corpus; the words do not)
    assert re.search(rf"\((?:←|→) {re.escape(located)} ×", markdown) and "locatedIn" not in markdown
    data = json.loads(run(built, ["centrality", "--metric", "degree", "--top", "3", "--format", "json"],
                          "--lang", lang))
    assert [r["label"] for r in data["metrics"]["degree"]["top"]] == expected
    assert [r["id"] for r in data["metrics"]["degree"]["top"]] == ids  # the ranking does not depend on the language
    html = run(built, ["centrality", "--metric", "degree", "--format", "html", "-o",
                       str(built.out.parent / f"report-{lang}.html")], "--lang", lang)
    page = (built.out.parent / f"report-{lang}.html").read_text(encoding="utf-8")
    assert "report:" in html and f'<html lang="{lang}">' in page and f">{expected[1]}<" in page


@pytest.mark.parametrize("lang", LANGS)
def test_path(built, lang):
    huawei, shenzhen, _ = NAMES[lang]
    output = run(built, ["path", "华为", "深圳"], "--lang", lang)
    assert f"): {huawei} — {shenzhen}" in output and f"{huawei} —locatedIn→ {shenzhen}" in output
    hops = json.loads(run(built, ["path", "华为", "深圳", "--format", "json"], "--lang", lang))
    assert hops[0][0]["relations"][0]["subject_label"] == huawei


@pytest.mark.parametrize("lang", LANGS)
def test_impact(built, lang):
    huawei, shenzhen, _ = NAMES[lang]
    assert run(built, ["impact", "华为"], "--lang", lang).startswith(f"removing {huawei} (Firm")
    rows = json.loads(run(built, ["impact", "--top", "3", "--format", "json"], "--lang", lang))
    ids = [r["id"] for r in json.loads(run(built, ["impact", "--top", "3", "--format", "json"]))]
    assert [r["id"] for r in rows] == ids
    assert [r["label"] for r in rows] == [label_in(built, i, lang) for i in ids] and rows[0]["label"] == shenzhen
    assert column(run(built, ["impact", "--top", "1"], "--lang", lang), "entity") == [shenzhen]


@pytest.mark.parametrize("lang", LANGS)
def test_communities(built, lang):
    huawei, shenzhen, _ = NAMES[lang]
    found = json.loads(run(built, ["communities", "--format", "json"], "--lang", lang))
    labels = {m["id"]: m["label"] for c in found for m in c["members"]}
    assert labels["huawei"] == huawei and labels["shenzhen"] == shenzhen
    assert any(c["name"] == shenzhen for c in found)
    assert f"{shenzhen} (Place" in run(built, ["communities"], "--lang", lang)
    # the numbering does not depend on the language (explore --community K follows it)
    assert [c["named_by"] for c in found] == [c["named_by"] for c in json.loads(
        run(built, ["communities", "--format", "json"]))]


def test_the_default_is_simplified(built):
    args = ["centrality", "--metric", "degree", "--top", "5", "--format", "csv"]
    output = run(built, args)
    rows = list(csv.DictReader(io.StringIO(output)))
    assert rows and all(r["label"] == built.corpus.entities[r["id"]].label for r in rows)
    assert "深圳" in output and "Shenzhen" not in output
    assert run(built, args, "--lang", "zh-Hans") == output


def test_entity_card_names_related_entities_in_the_language(built):
    card = json.loads(run(built, ["entity", "huawei", "--json"], "--lang", "en"))
    others = {r["other"]: r["other_label"] for r in card["relations"]}
    assert others["shenzhen"] == "Shenzhen"
    assert card["lang"] == "en"
    hant = json.loads(run(built, ["entity", "huawei", "--json"], "--lang", "zh-Hant"))
    assert {r["other"]: r["other_label"] for r in hant["relations"]}["shenzhen"] == "深圳"
    assert "任正非" in {r["other_label"] for r in hant["relations"]}


def test_machine_formats_keep_the_answer_as_the_store_gave_it(built):
    args = ["query", "partners-of", "--param", "firm=云天励飞", "--format", "csv"]
    assert run(built, args, "--lang", "en") == run(built, args)
    rows = list(csv.DictReader(io.StringIO(run(built, args, "--lang", "en"))))
    assert any(r["partner"].endswith("/huawei") for r in rows)  # IRIs stay IRIs


def test_centrality_csv_labels_follow_the_language_and_ids_and_order_do_not(built):
    base = ["centrality", "--metric", "degree,pagerank", "--top", "10", "--format", "csv"]
    rows = {lang: list(csv.DictReader(io.StringIO(run(built, base, "--lang", lang))))
            for lang in ("zh-Hans", "zh-Hant", "en")}
    ids = [[(r["metric"], r["rank"], r["id"], r["value"]) for r in rs] for rs in rows.values()]
    assert ids[0] == ids[1] == ids[2]
    english = {r["id"]: r["label"] for r in rows["en"]}
    assert english["shenzhen"] == "Shenzhen"
    assert {r["id"]: r["label"] for r in rows["zh-Hant"]}["shenzhen"] == "深圳"


def test_labels_fall_back_through_the_other_languages():
    import networkx as nx

    from graph import relabel

    G = nx.Graph()
    G.add_node("a", label_zh_hans="", label_zh_hant="甲乙", label_en="")
    G.add_node("b", label_zh_hans="", label_zh_hant="", label_en="Bee")
    G.add_node("c", label_zh_hans="丙", label_zh_hant="", label_en="")
    G.add_node("d", label_zh_hans="", label_zh_hant="", label_en="")
    relabel(G, "en")
    assert [G.nodes[n]["label"] for n in "abcd"] == ["甲乙", "Bee", "丙", "d"]
    relabel(G, "zh-Hant")
    assert [G.nodes[n]["label"] for n in "abcd"] == ["甲乙", "Bee", "丙", "d"]
    relabel(G, "zh-Hans")
    assert [G.nodes[n]["label"] for n in "abcd"] == ["甲乙", "Bee", "丙", "d"]
    G.add_node("e", label_zh_hans="戊", label_zh_hant="戊繁", label_en="Eee")
    assert relabel(G, "en").nodes["e"]["label"] == "Eee"
    assert relabel(G, "zh-Hant").nodes["e"]["label"] == "戊繁"
    assert relabel(G, "zh-Hans").nodes["e"]["label"] == "戊"


def test_an_unknown_language_is_refused(built):
    result = CliRunner().invoke(cli, ["centrality", "--out", str(built.out), "--lang", "fr"])
    assert result.exit_code != 0 and "fr" in result.output
