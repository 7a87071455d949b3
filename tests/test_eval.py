"""Leave-one-document-out evaluation: honest gazetteers, clear matching, the targets."""

from __future__ import annotations

import pytest

from graph.curate.evaluate import (
    DEFAULT_MIN_CONFIDENCE,
    Resolver,
    Score,
    compare,
    evaluate,
    facts_entities,
    known_elsewhere,
    report_json,
)
from graph.extract import Candidate, Extraction
from graph.names import mentions
from tests.conftest import ONTOLOGY, ROOT, SOURCES


@pytest.fixture(scope="module")
def report():
    return evaluate(SOURCES, ONTOLOGY)


def test_scores_are_the_usual_rates():
    s = Score(tp=6, fp=2, fn=4)
    assert (s.precision, s.recall) == (0.75, 0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 0.0


def test_the_gazetteer_of_a_document_knows_only_the_other_documents(built):
    corpus = built.corpus
    used, mentioned = facts_entities(corpus), mentions(corpus)
    for doc in corpus.documents:
        names = known_elsewhere(corpus, doc, used, mentioned)
        others = set().union(*(used.get(d, set()) | mentioned.get(d, set()) for d in corpus.documents if d != doc))
        assert set(names) == others
        only_here = (used.get(doc, set()) | mentioned.get(doc, set())) - others
        assert not only_here & set(names)


def test_found_names_resolve_across_scripts_and_symmetric_relations_are_unordered(built):
    corpus = built.corpus
    doc = next(iter(corpus.documents))
    used, mentioned = facts_entities(corpus), mentions(corpus)
    extraction = Extraction(doc, 0)
    extraction.types = {"p1": "Firm", "p2": "Firm"}
    extraction.names = {"p1": {"華為"}, "p2": {"騰訊"}}
    extraction.candidates = [Candidate("p2", "partnersWith", "p1", "q", 0, 0.9, "test")]
    result = compare(corpus, doc, extraction, used, mentioned, Resolver(corpus), {"partnersWith"}, 0.0)
    assert ("Firm", "huawei") in result.found_entities and ("Firm", "tencent") in result.found_entities
    assert ("huawei", "partnersWith", "tencent") in result.found_relations


def test_eval_reports_every_evaluated_document_with_its_errors(report, built):
    with_facts = {st.evidence.document for st in built.corpus.statements}
    assert {r.document for r in report.documents} == with_facts
    for r in report.documents:
        assert r.gold_entities and r.gold_relations
    data = report_json(report)
    assert data["min_confidence"] == DEFAULT_MIN_CONFIDENCE
    total = sum(s["tp"] + s["fn"] for s in data["predicates"].values())
    assert total == sum(len(r.gold_relations) for r in report.documents)
    assert {"entity_misses", "entity_false_hits", "relation_misses", "relation_false_hits"} <= set(data["documents"][0])


@pytest.mark.skipif(SOURCES != ROOT / "sources", reason="the targets are for the curated seed articles")
def test_targets_on_the_seed_articles(report):
    assert report.entities.f1 >= 0.80, report_json(report)["entity_types"]
    # Against the re-curated seed facts (issue 20: one statement per fact, stricter predicates, five
    # predicates the extractor does not propose yet) the extractor measures 0.46; this pins that level
    # until the extraction work of issue 21 raises it (the old 0.55 was against the looser curation).
    assert report.relations.f1 >= 0.45, report_json(report)["predicates"]
