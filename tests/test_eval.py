"""Leave-one-document-out evaluation: honest gazetteers, clear matching, the targets."""

from __future__ import annotations

import pytest

from graph.curate.evaluate import (
    DEFAULT_MIN_CONFIDENCE,
    Resolver,
    Score,
    compare,
    design_effect,
    evaluate,
    facts_entities,
    known_elsewhere,
    report_json,
    rule_confidence,
    split_json,
    split_of,
    written_in,
)
from graph.extract import Candidate, Extraction, name_key, normalise
from graph.names import mentions, names_of
from tests.conftest import ONTOLOGY, ROOT, SOURCES


def few_of_each_split(documents) -> list[str]:
    """Every seed document and the first three of the tune and the test split: the gazetteer still comes from the
    whole corpus (``evaluate(documents=…)`` narrows what is scored, not what is known), so the seed scores are the
    full evaluation's, at a fraction of its time."""
    ids = sorted(documents)
    return [d for d in ids if split_of(d) == "seed"] + [
        d for split in ("tune", "test") for d in [i for i in ids if split_of(i) == split][:3]]


@pytest.fixture(scope="module")
def chosen(built):
    return few_of_each_split({st.evidence.document for st in built.corpus.statements})


@pytest.fixture(scope="module")
def evaluation(chosen):
    return evaluate(SOURCES, ONTOLOGY, documents=chosen)


@pytest.fixture(scope="module")
def report(evaluation):
    return evaluation.splits["seed"]


def test_the_split_rule_is_the_documented_one():
    assert split_of("000_8038bac2c53f9c46") == split_of("004_7ac091414ba7caeb") == "seed"
    assert split_of("005_b0ead6491bf5516f") == "tune" and split_of("006_8487854515ab5da4") == "test"
    assert [split_of(f"123_abcdef012345678{d}") for d in "0123456789abcdef"] == ["test"] * 6 + ["tune"] * 10


def test_a_test_document_is_extracted_without_anything_only_test_documents_know(built):
    corpus = built.corpus
    used, mentioned = facts_entities(corpus), mentions(corpus, english=True)
    written = written_in(corpus)
    known = {d for d in corpus.documents if split_of(d) != "test"}
    tests = [d for d in corpus.documents if split_of(d) == "test"]
    assert tests, "the corpus has test documents"
    allowed = set().union(*(used.get(d, set()) | mentioned.get(d, set()) for d in known))
    only_tests = set().union(*(used.get(d, set()) | mentioned.get(d, set()) for d in tests)) - allowed
    known_texts = [normalise(corpus.documents[d].text) for d in known]
    written_by_known = {}
    for doc in tests:
        names = known_elsewhere(corpus, doc, used, mentioned, known, written=written)
        assert set(names) <= allowed
        assert not only_tests & set(names)
        # an alias counts only where an allowed document writes it
        for ent_id, kept in names.items():
            for alias in kept - {corpus.entities[ent_id].label}:
                if alias not in written_by_known:
                    written_by_known[alias] = any(normalise(alias) in t for t in known_texts)
                assert written_by_known[alias], (doc, alias)


def test_scores_are_the_usual_rates():
    s = Score(tp=6, fp=2, fn=4)
    assert (s.precision, s.recall) == (0.75, 0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 0.0


def test_the_gazetteer_of_a_document_knows_only_the_other_documents(built):
    corpus = built.corpus
    used, mentioned = facts_entities(corpus), mentions(corpus, english=True)
    written = written_in(corpus)
    for doc in corpus.documents:
        names = known_elsewhere(corpus, doc, used, mentioned, written=written)
        others = set().union(*(used.get(d, set()) | mentioned.get(d, set()) for d in corpus.documents if d != doc))
        assert set(names) == others
        only_here = (used.get(doc, set()) | mentioned.get(doc, set())) - others
        assert not only_here & set(names)
    # a seed article's: the shared index gives what a call without it gives, and an entity's other names are
    # kept exactly when another document writes them
    doc = sorted(corpus.documents)[0]
    names = known_elsewhere(corpus, doc, used, mentioned)
    assert known_elsewhere(corpus, doc, used, mentioned, written=written) == names
    texts = [normalise(corpus.documents[d].text) for d in corpus.documents if d != doc]
    for ent_id, kept in names.items():
        ent = corpus.entities[ent_id]
        others_write = {a for a in (*ent.aliases, ent.en) if a and any(normalise(a) in t for t in texts)}
        assert kept == {ent.label} | others_write, ent_id


def test_found_names_resolve_across_scripts_and_symmetric_relations_are_unordered(built):
    corpus = built.corpus
    doc = next(iter(corpus.documents))
    used, mentioned = facts_entities(corpus), mentions(corpus, english=True)
    extraction = Extraction(doc, 0)
    extraction.types = {"p1": "Firm", "p2": "Firm"}
    extraction.names = {"p1": {"華為"}, "p2": {"騰訊"}}
    extraction.candidates = [Candidate("p2", "partnersWith", "p1", "q", 0, 0.9, "test")]
    result = compare(corpus, doc, extraction, used, mentioned, Resolver(corpus), {"partnersWith"}, 0.0)
    assert ("Firm", "huawei") in result.found_entities and ("Firm", "tencent") in result.found_entities
    assert ("huawei", "partnersWith", "tencent") in result.found_relations


def test_a_found_name_that_is_an_entitys_english_name_is_that_entity(built):
    """The gold counts an entity an English article names by its English name (mentions with
    english=True); a proposal written with that name must resolve to it, not be a false hit beside a miss."""
    corpus = built.corpus
    keys: dict[str, set[str]] = {}
    for ent in corpus.entities.values():
        for name in [*names_of(ent), *([ent.en] if ent.en else [])]:
            keys.setdefault(name_key(name), set()).add(ent.id)
    ent = next(e for e in sorted(corpus.entities.values(), key=lambda e: e.id)
               if e.en and name_key(e.en) not in {name_key(n) for n in names_of(e)} and keys[name_key(e.en)] == {e.id})
    assert Resolver(corpus).resolve("new-1", ent.type, [{ent.en}], set()) == (ent.type, ent.id)


def test_eval_reports_every_evaluated_document_in_its_split(evaluation, chosen):
    evaluated = {r.document: split for split, rep in evaluation.splits.items() for r in rep.documents}
    assert sorted(evaluated) == sorted(chosen) and {"seed", "tune", "test"} <= set(evaluated.values())
    assert all(split_of(doc) == split for doc, split in evaluated.items())
    data = report_json(evaluation)
    assert data["min_confidence"] == DEFAULT_MIN_CONFIDENCE and data["model"] is True
    for split, rep in evaluation.splits.items():
        for r in rep.documents:
            assert r.gold_entities and r.gold_relations
        part = data["splits"][split]
        total = sum(s["tp"] + s["fn"] for s in part["predicates"].values())
        assert total == sum(len(r.gold_relations) for r in rep.documents)
    seed_errors = data["splits"]["seed"]["errors"][0]
    assert {"entity_misses", "entity_false_hits", "relation_misses", "relation_false_hits"} <= set(seed_errors)


def test_the_test_split_never_shows_its_errors(evaluation):
    data = report_json(evaluation)
    for doc in data["splits"]["test"]["errors"]:
        assert set(doc) == {"document"}


def test_calibration_counts_every_candidate_once_in_one_band(evaluation):
    rep = evaluation.splits["seed"]
    judged = [j for r in rep.documents for j in r.judged]
    cal = rep.calibration()
    assert sum(b["candidates"] for b in cal["bands"]) == len(judged)
    assert sum(b["correct"] for b in cal["bands"]) == sum(ok for _c, ok in judged)
    high = [ok for conf, ok in judged if conf >= 0.8]
    assert cal["at_least"]["0.8"]["candidates"] == len(high) and cal["at_least"]["0.8"]["correct"] == sum(high)
    counts = [cal["at_least"][k]["candidates"] for k in sorted(cal["at_least"])]
    assert counts == sorted(counts, reverse=True)


def test_a_rule_is_trusted_below_its_hit_rate_and_closer_to_it_the_more_it_is_seen():
    seven = rule_confidence(7, 7, 0.5)
    # 7 of 7 is not 0.82 (the posterior mean of the old calibration): nine chances in ten it is at least this
    assert 0.6 < seven < (7 + 4 * 0.5) / (7 + 4) < 0.85
    # the same hit rate on more candidates is trusted more, and never beyond the hit rate
    assert rule_confidence(6, 7, 0.7) < rule_confidence(60, 70, 0.7) < rule_confidence(600, 700, 0.7) < 600 / 700
    # more hits on the same candidates, or a surer own confidence, raise it
    assert rule_confidence(5, 10, 0.6) < rule_confidence(6, 10, 0.6) and rule_confidence(5, 10, 0.3) < rule_confidence(
        5, 10, 0.6)
    # a rule never right stays low however sure its author was; unseen, its own confidence is only a prior
    assert rule_confidence(0, 30, 0.95) < 0.1
    assert 0.5 < rule_confidence(0, 0, 0.9) < 0.9


def test_a_rule_whose_errors_cluster_in_a_few_articles_is_trusted_less():
    # 39 of 44: the same hits and misses, spread over eleven articles or bunched in two of four
    spread = [(4, 4)] * 6 + [(4, 3)] * 5
    bunched = [(11, 11), (11, 11), (11, 9), (11, 8)]
    assert sum(c for c, _ in spread) == sum(c for c, _ in bunched) == 44
    assert sum(r for _, r in spread) == sum(r for _, r in bunched) == 39
    assert design_effect(spread) == 1.0  # misses no more clustered than chance: the binomial counts stand
    assert design_effect(bunched) > 1.5
    plain = rule_confidence(39, 44, 0.6)
    assert rule_confidence(39, 44, 0.6, spread) == plain
    assert rule_confidence(39, 44, 0.6, bunched) < plain - 0.02
    # one article is one draw; a rule always right (or always wrong) has no variance to inflate
    assert design_effect([(6, 4)]) == 6 and design_effect([(5, 5), (3, 3)]) == design_effect([(4, 0)]) == 1.0
    assert rule_confidence(4, 6, 0.6, [(6, 4)]) < rule_confidence(4, 6, 0.6)


@pytest.mark.skipif(SOURCES != ROOT / "sources", reason="the targets are for the curated seed articles")
def test_targets_on_the_seed_articles(report):
    assert report.entities.f1 >= 0.80, split_json(report)["entity_types"]
    # Against the re-curated seed facts (issue 20: one statement per fact, stricter predicates, five
    # predicates the extractor does not propose yet) the extractor measures 0.46; this pins that level
    # until the extraction work of issue 21 raises it (the old 0.55 was against the looser curation).
    assert report.relations.f1 >= 0.45, split_json(report)["predicates"]
