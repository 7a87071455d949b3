"""The centrality report says, per metric, something true of that metric, quotes one relation
per top entity, and shows labels, classes and predicates in the chosen language."""

from __future__ import annotations

import re
from html import unescape

import networkx as nx
import pytest

from graph.analysis.centrality import centrality, reading
from graph.analysis.projection import collapse, project, relabel, resolve
from graph.views.report_page import render_html


@pytest.fixture(scope="module")
def G(store_path):
    return project(store_path)


@pytest.fixture(scope="module")
def report(G):
    """The report in English: the tests below read its sentences."""
    return centrality(relabel(G.copy(), "en"), top=5)


def quotes_of(G, s, o, p) -> set[str]:
    return {x.quote for x in G.edges[s, o, p]["statements"]}


def test_in_degree_names_who_points_at_the_entity_and_quotes_a_relation_into_it(G, report):
    D = collapse(G, directed=True)
    for row in report.metrics["in_degree"].top:
        assert row.fact.startswith(f"{D.in_degree(row.id)} entities point at it")
        q = row.quoted
        assert q.object == row.id or (q.subject == row.id and q.predicate in G.graph["symmetric"])
        assert q.quote in quotes_of(G, q.subject, q.object, q.predicate)


def test_out_degree_quotes_a_relation_the_entity_states(G, report):
    D = collapse(G, directed=True)
    for row in report.metrics["out_degree"].top:
        assert row.fact.startswith(f"it points at {D.out_degree(row.id)} entities")
        q = row.quoted
        assert q.subject == row.id or (q.object == row.id and q.predicate in G.graph["symmetric"])


def test_betweenness_names_a_pair_whose_every_shortest_path_runs_through_the_entity(G, report):
    U = collapse(G)
    for row in report.metrics["betweenness"].top:
        found = re.search(r"between (\d[\d,]*) pairs .* such as (.+) and (.+)$", row.fact)
        if not found:
            continue
        names = {G.nodes[n]["label_en"] or G.nodes[n]["label"]: n for n in U[row.id]}
        a, b = names[found.group(2)], names[found.group(3)]
        paths = list(nx.all_shortest_paths(U, a, b))
        assert paths and all(row.id in path for path in paths)
        assert a in (row.quoted.subject, row.quoted.object)  # the quote is about that pair


def test_pagerank_names_central_neighbours_and_closeness_counts_hops(G, report):
    U = collapse(G)
    top = report.metrics["pagerank"].top[0]
    assert f"linked to {U.degree(top.id)} entities" in top.fact
    closest = report.metrics["closeness"].top[0]
    hops = nx.single_source_shortest_path_length(U, closest.id)
    assert f"{sum(1 for d in hops.values() if d == 1)} in one hop" in closest.fact
    assert f"reaches {len(hops) - 1} entities" in closest.fact


def test_each_paragraph_fits_its_own_metric(report):
    text = dict(zip(report.metrics, reading(report)[1:], strict=True))
    assert "point at it" in text["in_degree"] and "point at it" not in text["out_degree"]
    assert "runs through it" in text["betweenness"] and "runs through it" not in text["degree"]
    for paragraph in text.values():
        assert "For example," in paragraph and "“" in paragraph  # one relation, in its source's words


@pytest.mark.parametrize("lang, place, located", [
    ("zh-Hans", "地点", "位于"), ("zh-Hant", "地點", "位於"), ("en", "Place", "located in")])
def test_labels_classes_and_predicates_are_in_the_chosen_language(G, lang, place, located):
    page = render_html(centrality(relabel(G.copy(), lang), top=5), lang=lang)
    assert f'<html lang="{lang}">' in page
    text = unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    assert place in text and located in text
    camel = {p for *_e, p in G.edges(keys=True) if re.search(r"[a-z][A-Z]", p)}
    assert camel and not {p for p in camel if re.search(rf"\b{p}\b", text)}
    shenzhen = resolve(G, "深圳")
    assert G.nodes[shenzhen]["label_" + lang.lower().replace("-", "_")] in text


def test_every_label_in_the_table_is_escaped(G):
    H = G.copy()
    H.graph["vocabulary"] = {**H.graph["vocabulary"], "locatedIn": {"en": "<b>in</b>"}}
    page = render_html(centrality(relabel(H, "en"), ("in_degree",), top=3), lang="en")
    assert "<b>in</b>" not in page and "&lt;b&gt;in&lt;/b&gt;" in page


# ---------------------------------------------------------------- the report's own words follow --lang

#: language → words the report must use in it, and English words it must not
WORDS = {
    "zh-Hans": (["入度", "介数", "有 ", "个实体指向它", "排名第一", "例如", "实体", "类别", "该指标计算的内容"],
                ["point at it", "ranks first", "For example", "In-degree", "Betweenness", "what the metric counts"]),
    "zh-Hant": (["入度", "介數", "個實體指向它", "排名第一", "例如", "實體", "類別", "該指標計算的內容"],
                ["point at it", "ranks first", "个实体", "介数", "类别"]),
    "en": (["In-degree", "Betweenness", "entities point at it", "ranks first", "For example", "entity", "class"],
           ["指向它", "排名第一", "例如", "实体", "實體"]),
}


@pytest.mark.parametrize("lang", list(WORDS))
def test_the_pages_sentences_headings_and_classes_are_in_the_chosen_language(G, lang):
    from graph.analysis.wording import metric_title

    report = centrality(relabel(G.copy(), lang), top=5)
    page = render_html(report, lang=lang)
    text = unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    present, absent = WORDS[lang]
    assert [w for w in present if w not in text] == []
    assert [w for w in absent if w in text] == []
    for name in report.metrics:
        assert f"<h2>{metric_title(name, lang)}</h2>" in page
    place = {"zh-Hans": "地点", "zh-Hant": "地點", "en": "Place"}[lang]
    assert f"<td>{place}</td>" in page  # the class column: the ontology's label, not the id


def test_traditional_wording_is_the_simplified_through_opencc_and_the_values_stay():
    from graph.analysis.wording import say
    from graph.text import to_traditional

    assert say("zh-Hant", "point at it", n=7) == to_traditional(say("zh-Hans", "point at it", n=7)) == "有 7 個實體指向它"
    assert say("en", "point at it", n=7) == "7 entities point at it"
    # a label already in the chosen language is filled in as it is, not converted again
    assert say("zh-Hans", "fact", label="華為", fact="x") == "華為：x。"


def test_an_unknown_language_is_a_one_line_error():
    from graph.analysis.wording import say
    from graph.errors import AnalysisError

    with pytest.raises(AnalysisError, match="unknown language 'fr'; choose from zh-Hans, zh-Hant, en"):
        say("fr", "point at it", n=1)


@pytest.mark.parametrize("lang, located, heading", [
    ("en", "located in", "carried_by"), ("zh-Hans", "位于", "carried_by"), ("zh-Hant", "位於", "carried_by")])
def test_centrality_csv_and_table_name_predicates_by_their_labels(built, lang, located, heading):
    import csv
    import io

    from click.testing import CliRunner

    from graph.cli.app import cli

    def run(*args):  # a wide terminal: the table's cells are not folded
        result = CliRunner().invoke(cli, ["centrality", "--metric", "in_degree", "--top", "5",
                                          "--out", str(built.out), "--lang", lang, *args], env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        return result.output

    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    carried = " ".join(r[heading] for r in rows)
    assert f"← {located} ×" in carried and "locatedIn" not in carried
    assert {r["type"] for r in rows} >= {"Place"}  # the id stays in its own column
    place = {"zh-Hans": "地点", "zh-Hant": "地點", "en": "Place"}[lang]
    assert place in {r["type_label"] for r in rows}
    table = run()
    assert f"← {located} ×" in table and "locatedIn" not in table
    title = {"en": "In-degree", "zh-Hans": "入度", "zh-Hant": "入度"}[lang]
    assert title in table and (lang == "en") == ("point at" in run("--format", "json"))
