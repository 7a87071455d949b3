"""The facts format of docs/annotation.md: one fact, one statement with every quote; time, role and
resolved mentions; observations with bounds, as-of dates and dimensions; the indicator
vocabulary; conflicts between sources; and the SHACL rules that reject what the issue found."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.curate.build import validate_shacl
from graph.curate.sources import load_corpus
from graph.errors import OntologyError, SourceError
from graph.rdf import corpus_to_dataset
from graph.vocab import load_ontology

ARTICLE = (
    "深圳市政府从2003年起支持比亚迪。比亚迪是深圳的企业,公司总部位于深圳坪山。\n"
    "如果没有18号文件,我不会想创办华为。华为由任正非创办。\n"
    "早期,深圳的主导产业是服装。如今深圳拥有机器人产业集群。到2026年,深圳要建设人工智能先锋城市。\n"
    "深圳机器人企业超过7.4万家,数量领跑全国。吴丰礼是全国人大代表。\n"
)
OTHER = "2025年深圳机器人企业5.11万家。另一份报告说深圳机器人企业约7.5万家。\n"

ENTITIES = """\
- {id: shenzhen, type: Place, label: 深圳, en: Shenzhen}
- {id: pingshan, type: Place, label: 坪山, en: Pingshan}
- {id: shenzhen-government, type: Organization, label: 深圳市政府, en: Shenzhen Municipal Government}
- {id: byd, type: Firm, label: 比亚迪, en: BYD}
- {id: huawei, type: Firm, label: 华为, en: Huawei}
- {id: ren-zhengfei, type: Person, label: 任正非, en: Ren Zhengfei}
- {id: wu-fengli, type: Person, label: 吴丰礼, en: Wu Fengli}
- {id: npc, type: Organization, label: 全国人大, en: National People's Congress, aliases: [全国人民代表大会]}
- {id: policy-18-1987, type: Policy, label: 18号文件, en: Document No. 18}
- {id: garments, type: Industry, label: 服装, en: garments}
- {id: robotics, type: Industry, label: 机器人, en: robotics}
- {id: ai, type: Industry, label: 人工智能, en: artificial intelligence}
"""

INDICATORS = """\
- id: firm-count
  zh-Hans: 企业数量
  zh-Hant: 企業數量
  en: number of firms
  definition: How many firms of a kind exist.
  unit_kind: count
  comparable: Registry counts of related firms are not comparable with counts of firms.
- id: rank
  zh-Hans: 排名
  zh-Hant: 排名
  en: rank
  unit_kind: rank
"""


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    root = tmp_path / "sources"
    (root / "documents").mkdir(parents=True)
    (root / "facts").mkdir()
    (root / "documents" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "documents" / "b.txt").write_text(OTHER, encoding="utf-8")
    (root / "documents.yaml").write_text(textwrap.dedent("""\
        - {id: doc-a, file: documents/a.txt, title: A, script: zh-Hans, date: 2025-08}
        - {id: doc-b, file: documents/b.txt, title: B, script: zh-Hans, date: 2025-09}
        """), encoding="utf-8")
    (root / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    (root / "indicators.yaml").write_text(INDICATORS, encoding="utf-8")
    return root


def facts(root: Path, doc: str, body: str) -> None:
    (root / "facts" / f"{doc}.yaml").write_text(f"document: {doc}\n{textwrap.dedent(body)}", encoding="utf-8")


def load(root: Path):
    return load_corpus(root, load_ontology(str(graph.default_ontology() / "szkg.ttl")))


def triples(corpus):
    return {(str(s), str(p), str(o)) for s, p, o, _g in corpus_to_dataset(corpus).quads((None, None, None, None))}


SZKG = "https://w3id.org/szkg/ontology#"
ENT = "https://w3id.org/szkg/id/"


# ---------------------------------------------------------------- one fact, one statement


def test_several_quotes_of_one_fact_are_one_statement(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quotes: ["比亚迪是深圳的企业", "公司总部位于深圳坪山"]}
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山"}
        """)
    corpus = load(corpus_dir)
    in_shenzhen = [s for s in corpus.statements if s.object == "shenzhen"]
    assert len(in_shenzhen) == 1 and [q.quote for q in in_shenzhen[0].quotes] == ["比亚迪是深圳的企业", "公司总部位于深圳坪山"]
    evidence = [t for t in triples(corpus) if t[1] == SZKG + "evidence" and "#" in t[2]]
    assert len(evidence) == 3  # two quotes on one statement, one on the other


def test_a_fact_written_on_two_lines_is_merged_and_a_repeated_quote_refused(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业"}
          - {s: byd, p: locatedIn, o: shenzhen, quote: "公司总部位于深圳坪山"}
        """)
    (statement,) = load(corpus_dir).statements
    assert len(statement.quotes) == 2
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业"}
          - {s: byd, p: locatedIn, o: shenzhen, quotes: ["公司总部位于深圳坪山", "比亚迪是深圳的企业"]}
        """)
    with pytest.raises(SourceError, match=r"doc-a.yaml:4: duplicate of the fact at line 3"):
        load(corpus_dir)


def test_a_former_or_target_cluster_is_not_asserted_as_current(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: shenzhen, p: hostsIndustry, o: garments, time: former, quote: "早期,深圳的主导产业是服装"}
          - {s: shenzhen, p: hostsIndustry, o: robotics, quote: "如今深圳拥有机器人产业集群"}
          - {s: shenzhen, p: hostsIndustry, o: ai, time: target, quote: "到2026年,深圳要建设人工智能先锋城市"}
        """)
    found = triples(load(corpus_dir))
    direct = {o for s, p, o in found if s == ENT + "shenzhen" and p == SZKG + "hostsIndustry"}
    assert direct == {ENT + "robotics"}
    assert {o for _s, p, o in found if p == SZKG + "time"} == {"former", "target"}


def test_role_and_since_are_kept_and_a_bad_time_is_refused(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: wu-fengli, p: holdsPosition, o: npc, role: 全国人大代表, quote: "吴丰礼是全国人大代表"}
          - {s: shenzhen-government, p: supports, o: byd, since: "2003", quote: "深圳市政府从2003年起支持比亚迪"}
        """)
    found = triples(load(corpus_dir))
    assert any(p == SZKG + "role" and o == "全国人大代表" for _s, p, o in found)
    assert any(p == SZKG + "since" and o == "2003" for _s, p, o in found)
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: shenzhen, p: hostsIndustry, o: robotics, time: soon, quote: "如今深圳拥有机器人产业集群"}
        """)
    with pytest.raises(SourceError, match=r"doc-a.yaml:3: time 'soon' must be one of current, former, target"):
        load(corpus_dir)


def test_a_resolved_mention_needs_the_mention_in_the_quote_and_a_passage_that_names_the_entity(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山",
             resolve: {s: {mention: 公司, named: "比亚迪是深圳的企业"}}}
        """)
    found = triples(load(corpus_dir))
    assert any(p == SZKG + "mention" and o == "公司" for _s, p, o in found)
    assert any(p == SZKG + "namedAt" for _s, p, _o in found)
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山",
             resolve: {s: {mention: 企业, named: "比亚迪是深圳的企业"}}}
        """)
    with pytest.raises(SourceError, match="mention '企业' is not in the quote"):
        load(corpus_dir)
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山",
             resolve: {s: {mention: 公司, named: "华为由任正非创办"}}}
        """)
    with pytest.raises(SourceError, match="does not name 'byd'"):
        load(corpus_dir)


# ---------------------------------------------------------------- observations and the vocabulary


def test_a_bound_is_a_bound_and_no_period_is_invented(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        observations:
          - {s: shenzhen, indicator: firm-count, scope: 机器人, as_written: 超过7.4万家, value: 74000, bound: lower,
             unit: count, as_of: "2025-08", quote: "深圳机器人企业超过7.4万家"}
        """)
    (obs,) = load(corpus_dir).observations
    assert (obs.value, obs.qualifier, obs.period, obs.as_of) == (74000, "lower", "", "2025-08")
    found = triples(load(corpus_dir))
    assert not any(p == SZKG + "period" for _s, p, _o in found)
    assert any(p == SZKG + "scope" and o == "机器人" for _s, p, o in found)
    labels = {o for s, p, o in found if s.endswith("/indicator/firm-count") and p.endswith("prefLabel")}
    assert labels == {"企业数量", "企業數量", "number of firms"}


def test_an_indicator_outside_the_vocabulary_is_refused(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        observations:
          - {s: shenzhen, indicator: firm-cnt, as_written: 7.4万家, unit: count, period: "2025",
             quote: "深圳机器人企业超过7.4万家"}
        """)
    with pytest.raises(SourceError, match=r"doc-a.yaml:3: indicator 'firm-cnt' is not in indicators.yaml; "
                                          r"did you mean firm-count"):
        load(corpus_dir)


# ---------------------------------------------------------------- szkg conflicts


def build(root: Path, out: Path):
    done = CliRunner().invoke(cli, ["build", "--sources", str(root), "--out", str(out), "--no-views", "-q"])
    assert done.exit_code == 0, done.output
    return out


#: Shenzhen's robotics firms in 2025: "over 74,000" (doc-a) and "about 75,000" (doc-b) agree.
OVER = '''\
        observations:
          - {s: shenzhen, indicator: firm-count, scope: 机器人, as_written: 超过7.4万家, value: 74000, bound: lower,
             unit: count, period: "2025", quote: "深圳机器人企业超过7.4万家"}
        '''
ABOUT = '''\
          - {s: shenzhen, indicator: firm-count, scope: 机器人, as_written: 7.5万家, value: 75000, bound: about,
             unit: count, period: "2025", quote: "另一份报告说深圳机器人企业约7.5万家"}
'''


def test_conflicts_lists_values_that_cannot_both_be_true(corpus_dir, tmp_path):
    facts(corpus_dir, "doc-a", OVER)
    facts(corpus_dir, "doc-b", """\
        observations:
          - {s: shenzhen, indicator: firm-count, scope: 机器人, as_written: 5.11万家, unit: count, period: "2025",
             quote: "2025年深圳机器人企业5.11万家"}
""" + ABOUT)
    out = build(corpus_dir, tmp_path / "out")
    found = graph.conflicts(graph.connect(out))
    assert len(found) == 1
    (conflict,) = found
    assert (conflict.entity, conflict.indicator, conflict.when) == ("shenzhen", "firm-count", "2025")
    assert [s.as_written for s in conflict.sides] == ["5.11万家", "超过7.4万家", "7.5万家"]
    assert not conflict.within_one_document
    table = CliRunner().invoke(cli, ["conflicts", "--out", str(out)])
    assert table.exit_code == 0 and "1 conflicts" in table.output and "5.11万家" in table.output
    data = json.loads(CliRunner().invoke(cli, ["conflicts", "--out", str(out), "--format", "json"]).output)
    assert data[0]["dimensions"] == {"scope": "机器人"} and len(data[0]["sides"]) == 3
    csv = CliRunner().invoke(cli, ["conflicts", "--out", str(out), "--format", "csv"]).output.splitlines()
    assert csv[0].startswith("conflict,entity,") and len(csv) == 4


def test_agreeing_bounds_are_no_conflict(corpus_dir, tmp_path):
    facts(corpus_dir, "doc-a", OVER)
    facts(corpus_dir, "doc-b", """\
        observations:
""" + ABOUT + """\
          - {s: shenzhen, indicator: firm-count, scope: 其他, as_written: 5.11万家, unit: count, period: "2025",
             quote: "2025年深圳机器人企业5.11万家"}
        """)
    assert graph.conflicts(graph.connect(build(corpus_dir, tmp_path / "out"))) == []


# ---------------------------------------------------------------- the SHACL rules


def shacl(root: Path):
    corpus = load(root)
    union = __import__("rdflib").Graph()
    for s, p, o, _g in corpus_to_dataset(corpus).quads((None, None, None, None)):
        union.add((s, p, o))
    onto = graph.default_ontology()
    return validate_shacl(union, onto / "shapes.ttl", load_ontology(str(onto / "szkg.ttl")).graph)


def test_enabled_without_its_cue_is_rejected_and_with_it_accepted(corpus_dir):
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: policy-18-1987, p: enabled, o: huawei, quote: "如果没有18号文件,我不会想创办华为"}
        """)
    assert shacl(corpus_dir) == 0
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: policy-18-1987, p: enabled, o: huawei, quote: "华为由任正非创办"}
        """)
    with pytest.raises(OntologyError, match="enabled needs the text to say the policy made the object possible"):
        shacl(corpus_dir)


def test_enabled_with_the_counterfactual_written_as_若没有_is_accepted(corpus_dir):
    (corpus_dir / "documents" / "a.txt").write_text(ARTICLE + "若没有18号文件,华为的诞生无从谈起。\n", encoding="utf-8")
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: policy-18-1987, p: enabled, o: huawei, quote: "若没有18号文件,华为的诞生无从谈起"}
        """)
    assert shacl(corpus_dir) == 0


def test_a_ranking_typed_policy_and_a_deputy_who_works_for_the_congress_are_rejected(corpus_dir):
    entities = corpus_dir / "entities.yaml"
    entities.write_text(ENTITIES + "- {id: top-list, type: Policy, label: 机器人企业50强}\n", encoding="utf-8")
    (corpus_dir / "documents" / "a.txt").write_text(ARTICLE + "机器人企业50强。\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="is a Recognition, not a Policy"):
        shacl(corpus_dir)
    entities.write_text(ENTITIES, encoding="utf-8")
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: wu-fengli, p: worksFor, o: npc, quote: "吴丰礼是全国人大代表"}
        """)
    with pytest.raises(OntologyError, match="is holdsPosition, not worksFor"):
        shacl(corpus_dir)


# ---------------------------------------------------------------- the independent check


def test_the_check_samples_reproducibly_and_finds_facts_by_any_name(corpus_dir):
    from graph.curate.check import describe, found_in_graph, sample_paragraphs, sample_statements

    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业"}
          - {s: huawei, p: foundedBy, o: ren-zhengfei, quote: "华为由任正非创办"}
          - {s: shenzhen, p: hostsIndustry, o: garments, time: former, quote: "早期,深圳的主导产业是服装"}
        """)
    corpus = load(corpus_dir)
    first, again = sample_statements(corpus, 2, seed=7), sample_statements(corpus, 2, seed=7)
    assert first == again and len(first) == 2
    assert sample_paragraphs(corpus, 3, seed=1) == sample_paragraphs(corpus, 3, seed=1)
    former = next(s for s in corpus.statements if s.time == "former")
    assert "[former]" in describe(corpus, former) and "«早期,深圳的主导产业是服装»" in describe(corpus, former)
    assert found_in_graph(corpus, "doc-a", "BYD", "locatedIn", "深圳")
    assert found_in_graph(corpus, "doc-a", "華為", "foundedBy", "任正非")
    assert not found_in_graph(corpus, "doc-a", "华为", "locatedIn", "深圳")
    assert not found_in_graph(corpus, "doc-b", "BYD", "locatedIn", "深圳")
