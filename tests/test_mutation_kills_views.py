"""Tests written against the mutants `make mutate` found alive in views (docs/testing.md): each pins
a behaviour a user sees that no other test pinned, so the small change that broke it turns red."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from tests.test_curation_rules import ENTITIES, corpus_dir, facts, load  # noqa: F401  (corpus_dir is a fixture)


def recorded(print_it, *args, width: int = 100, **kwargs) -> str:
    """What a ``print_…`` function shows on a plain terminal ``width`` columns wide."""
    out = Console(record=True, width=width, color_system=None, file=io.StringIO())
    print_it(*args, out, **kwargs)
    return out.export_text()


# ------------------------------------------------------------------ the build summary (szkg build)


@pytest.fixture
def result(corpus_dir):  # noqa: F811
    from graph.curate.build import BuildResult

    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quotes: ["比亚迪是深圳的企业", "公司总部位于深圳坪山"]}
          - {s: huawei, p: foundedBy, o: ren-zhengfei, quote: "华为由任正非创办"}
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山"}
        observations:
          - {s: shenzhen, indicator: firm-count, as_written: 超过7.4万家, value: 74000, bound: lower, unit: count,
             quote: "深圳机器人企业超过7.4万家"}
        attributes:
          - {s: byd, p: foundedYear, value: "2003", quote: "深圳市政府从2003年起支持比亚迪"}
        """)
    corpus = load(corpus_dir)
    corpus.warnings.append("name 'x' is shared by a, b")
    return BuildResult(out=Path("out"), corpus=corpus, quads=120, triples=100, store_quads=120, shacl_violations=0,
                       seconds=1.25, files={"store": Path("out/store"), "ttl": Path("out/graph.ttl")},
                       incremental=True, graphs_replaced=["g1"], graphs_removed=["g2", "g3"])


SUMMARY = """\
szkg build: 2 documents, 12 entities, 3 facts (relation statements) supported by 4 quotes, 1 
observations, 1 attributes → 100 triples in 120 quads; SHACL: 0 violations; 1.2 s
    Entities per class     
┏━━━━━━━━━━━━━━┳━━━━━━━━━━┓
┃ class        ┃ entities ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━┩
│ Industry     │        3 │
│ Firm         │        2 │
│ Organization │        2 │
│ Person       │        2 │
│ Place        │        2 │
│ Policy       │        1 │
└──────────────┴──────────┘
 Statements per predicate 
┏━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ predicate ┃ statements ┃
┡━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ locatedIn │          2 │
│ foundedBy │          1 │
└───────────┴────────────┘
                        Per document                         
┏━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ document ┃ title ┃ statements ┃ observations ┃ attributes ┃
┡━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ doc-a    │ A     │          3 │            1 │          1 │
│ doc-b    │ B     │          0 │            0 │          0 │
└──────────┴───────┴────────────┴──────────────┴────────────┘
warning: name 'x' is shared by a, b
store: 1 named graph replaced, 2 removed, 0 unchanged
   store: out/store
     ttl: out/graph.ttl
"""


def test_the_build_summary_counts_classes_predicates_and_documents_and_says_where_the_files_are(result):
    from graph.views.build_summary import print_build_summary

    assert recorded(print_build_summary, result) == SUMMARY


def test_a_quiet_build_prints_only_where_the_files_are(result):
    from graph.views.build_summary import print_build_summary

    assert recorded(print_build_summary, result, quiet=True) == "   store: out/store\n     ttl: out/graph.ttl\n"
