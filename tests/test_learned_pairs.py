"""The learned pair model: features of a pair of names, its bands, what it adds to the rules, how it
is fitted (held-out precision, never the test split), and `szkg eval --learn` / `--no-learned`."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from graph.cli.app import cli as main
from graph.curate.evaluate import calibrate, evaluate, learn
from graph.extract import Extractor, build_gazetteer
from graph.extract.gazetteer import Entry, Match
from graph.extract.learned import RULE, PairModel, fit, load_model, monotone, sentence_pairs
from graph.extract.relations import RelationRules, Sentence
from graph.text import clean, to_simplified
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY, SOURCES

ONT = load_ontology(str(ONTOLOGY / "szkg.ttl"))
FIRM = Entry("lanhai", "Firm", "蓝海科技", True, "entities")
PLACE = Entry("longhua-district", "Place", "龙华区", True, "entities")
INDUSTRY = Entry("?Industry:无人机", "Industry", "无人机", False, "lexicon:industries")
DOMAINS = {"locatedIn": (frozenset({"Firm", "Organization", "Place"}), frozenset({"Place"})),
           "operatesIn": (frozenset({"Firm", "Organization"}), frozenset({"Industry"})),
           "partnersWith": (frozenset({"Firm"}), frozenset({"Firm"}))}


def names_in(text: str, *entries: Entry) -> list[Match]:
    return sorted((Match(text.index(e.label), text.index(e.label) + len(e.label), e) for e in entries),
                  key=lambda m: m.start)


def test_pairs_are_every_typed_ordered_pair_with_what_stands_between_and_around():
    text = "蓝海科技落户龙华区"
    pairs = list(sentence_pairs(text, 0, len(text), names_in(text, FIRM, PLACE), DOMAINS))
    # 蓝海科技 → 龙华区 (locatedIn); 龙华区 → 蓝海科技 fits no domain (a firm is no place)
    assert [(p.subject.entry.label, p.predicate, p.object.entry.label) for p in pairs] == [
        ("蓝海科技", "locatedIn", "龙华区")]
    f = pairs[0].features
    assert {"g:locatedIn:落户", "g:locatedIn:落", "tt=locatedIn:Firm>Place:True", "between=locatedIn:0",
            "nearest_o:locatedIn", "nearest_s:locatedIn", "sid:locatedIn:lanhai", "oid:locatedIn:longhua-district"} <= set(f)
    assert not any(k.startswith("oid:") for k in pairs[0].features if "无人机" in k)


def test_a_proposed_entity_gives_no_id_feature_and_symmetric_pairs_come_once():
    other = Entry("qingmu", "Firm", "青木电子", True, "entities")
    text = "蓝海科技与青木电子合作研发无人机"
    pairs = list(sentence_pairs(text, 0, len(text), names_in(text, FIRM, other, INDUSTRY), DOMAINS,
                                symmetric=frozenset({"partnersWith"})))
    partners = [p for p in pairs if p.predicate == "partnersWith"]
    assert len(partners) == 1 and partners[0].subject.entry is FIRM  # the written order only
    industry = [p for p in pairs if p.object.entry is INDUSTRY]
    assert industry and not any(k.startswith("oid:") for p in industry for k in p.features)
    assert any(k.startswith("sid:") for p in industry for k in p.features)


def test_the_confidence_is_the_held_out_precision_of_the_probability_band():
    model = PairModel({"x": 0.0}, 0.0, [(0.3, 0.2), (0.5, 0.35), (0.8, 0.6)])
    assert model.confidence(0.29) is None  # below the lowest band: not proposed
    assert model.confidence(0.3) == 0.2 and model.confidence(0.49) == 0.2
    assert model.confidence(0.5) == 0.35 and model.confidence(0.95) == 0.6
    assert model.probability({}) == 0.5
    assert PairModel({"x": 2.0}, -1.0).probability({"x": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -1))


def test_the_model_file_round_trips_and_a_refit_is_a_readable_diff():
    model = PairModel({'g:p:"': 0.123456, "b": 0.00001, "中": -1.5}, -2.5, [(0.3, 0.25)])
    text = model.to_text()
    again = PairModel.from_json(json.loads(text))
    assert again.weights == {'g:p:"': 0.1235, "中": -1.5} and again.bias == -2.5 and again.bands == [(0.3, 0.25)]
    assert text.count("\n") == 4  # the head, one line per kept weight, the end


def sentence(text: str, *entries: Entry) -> Sentence:
    names = names_in(text, *entries)
    return Sentence(text, 0, len(text), names, names)


def one_rule(rule_id: str, predicate: str, trigger: str, order: str, subject: str, obj: str, confidence: float) -> dict:
    return {"id": rule_id, "predicate": predicate, "triggers": [trigger], "order": order, "window": 10,
            "subject": [subject], "object": [obj], "confidence": confidence}


UNUSED = one_rule("unused", "locatedIn", "从未写出", "S T O", "Firm", "Place", 0.9)


def rules_with(model: PairModel | None) -> RelationRules:
    rules = RelationRules(ONT, [UNUSED], {})
    rules.learned = model
    return rules


def test_the_model_adds_a_pair_the_rules_left_unrelated_with_its_band_as_confidence():
    s = sentence("蓝海科技落户龙华区。", FIRM, PLACE)
    gaz = build_gazetteer([], {})
    assert rules_with(None).relate(s, gaz) == []  # no rule relates them
    model = PairModel({"g:locatedIn:落户": 4.0}, -2.0, [(0.3, 0.2), (0.8, 0.55)])
    found = rules_with(model).relate(s, gaz)
    assert [(r.subject.label, r.predicate, r.object.label, r.rule, r.confidence) for r in found] == [
        ("蓝海科技", "locatedIn", "龙华区", RULE, 0.55)]
    weak = PairModel({"g:locatedIn:落户": 1.0}, -2.0, [(0.3, 0.2), (0.8, 0.55)])  # p = 0.27: below every band
    assert rules_with(weak).relate(s, gaz) == []


def test_a_pair_a_rule_proposed_keeps_the_rules_statement():
    s = sentence("蓝海科技位于龙华区。", FIRM, PLACE)
    rules = RelationRules(ONT, [one_rule("located-test", "locatedIn", "位于", "S T O", "Firm", "Place", 0.9)], {})
    rules.learned = PairModel({"g:locatedIn:位于": 10.0}, -5.0, [(0.3, 0.3)])
    seen = []
    rules.observe = lambda pairs, keys: seen.append((pairs, keys))
    found = rules.relate(s, build_gazetteer([], {}))
    assert [(r.rule, r.confidence) for r in found] == [("located-test", 0.9)]
    assert seen and ("lanhai", "locatedIn", "longhua-district") in seen[0][1]


def instances(n_docs: int = 10):
    """Pairs whose gap holds 落户 are facts, with 参观 not; a few of each are the rules' own."""
    rows = []
    for d in range(n_docs):
        for i in range(6):
            rows.append((f"d{d}", {"g:落户": 1.0, f"n{i}": 1.0}, True, i == 0))
            rows.append((f"d{d}", {"g:参观": 1.0, f"n{i}": 1.0}, False, False))
            rows.append((f"d{d}", {"g:参观": 1.0, "g:落户": 1.0, f"n{i}": 1.0}, i % 2 == 0, i == 1))
    return rows


def test_fitting_learns_the_cue_and_measures_bands_on_held_out_pairs_the_rules_left():
    model = fit(instances())
    assert model.weights["g:落户"] > 0 > model.weights["g:参观"]
    assert model.probability({"g:落户": 1.0}) > 0.8 > 0.2 > model.probability({"g:参观": 1.0})
    top = model.confidence(model.probability({"g:落户": 1.0}))
    assert top == 1.0  # every held-out 落户 pair the rules left is a fact
    assert model.confidence(model.probability({"g:参观": 1.0})) is None  # never a fact: below every band


def test_the_rules_own_pairs_do_not_count_in_the_bands():
    """Half the 落户 pairs are facts: those the rules left (the model's only additions) are all facts,
    those the rules proposed none; the band of 落户 pairs is measured on the first alone."""
    rows = []
    for d in range(10):
        rows += [(f"d{d}", {"g:落户": 1.0}, True, False)] * 4 + [(f"d{d}", {"g:落户": 1.0}, False, True)] * 4
        rows += [(f"d{d}", {"g:参观": 1.0}, False, False)] * 4
    model = fit(rows)
    assert 0.3 < model.probability({"g:落户": 1.0}) < 0.7
    assert model.confidence(model.probability({"g:落户": 1.0})) == 1.0  # 0.5 if the rules' pairs counted


@pytest.fixture(scope="module")
def seed_sources(tmp_path_factory):
    """The corpus with its five seed articles and two tune articles only (fast to fit)."""
    root = tmp_path_factory.mktemp("seed") / "sources"
    shutil.copytree(SOURCES, root, ignore=shutil.ignore_patterns("incoming"))
    docs = yaml.safe_load((root / "documents.yaml").read_text(encoding="utf-8"))
    keep = [d for d in docs if d["id"][:3] in ("000", "001", "002", "003", "004", "005", "007", "013")]
    (root / "documents.yaml").write_text(yaml.safe_dump(keep, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kept = {d["id"] for d in keep}
    for f in (root / "facts").glob("*.yaml"):
        if f.stem not in kept:
            f.unlink()
    for f in (root / "documents").iterdir():
        if f.stem not in kept:
            f.unlink()
    texts = [to_simplified(clean(f.read_bytes(), f)).casefold() for f in (root / "documents").iterdir()]
    entities = yaml.safe_load((root / "entities.yaml").read_text(encoding="utf-8"))
    def written(name: str) -> bool:  # as graph.names.mentions: a Latin name is not part of a longer word
        key = re.escape(to_simplified(name).casefold())
        return any(re.search(rf"(?<![a-z0-9]){key}(?![a-z0-9])", t) for t in texts)

    facts = "".join(f.read_text(encoding="utf-8") for f in (root / "facts").glob("*.yaml"))
    used = set(re.findall(r"(?<![a-z_])(?:s|o|named|as)\s*:\s*([a-z0-9][a-z0-9-]*)", facts))
    # the names the loader's check counts (graph.names.names_of: label and aliases, not the English gloss `en`; a
    # gloss «Shenzhen International» written in a seed article kept 深国际, which no seed article names)
    named = [e for e in entities if e["id"] in used
             or any(written(n) for n in (e["label"], *e.get("aliases", [])))]
    (root / "entities.yaml").write_text(yaml.safe_dump(named, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_eval_learn_writes_the_model_and_the_extractor_reads_it(seed_sources, tmp_path):
    out = tmp_path / "pairs.json"
    result = CliRunner().invoke(main, ["eval", "--sources", str(seed_sources), "--learn", str(out)])
    assert result.exit_code == 0, result.output
    assert "learned pair model:" in result.output and str(out) in result.output
    model = PairModel.from_json(json.loads(out.read_text(encoding="utf-8")))
    assert len(model.weights) > 100 and model.bands
    assert all(0 <= p <= 1 for _low, p in model.bands)
    again = learn(seed_sources, ONTOLOGY)  # deterministic: the same sources give the same file
    assert again.to_text() == out.read_text(encoding="utf-8")


def test_the_learned_model_runs_on_the_test_split_only_and_never_enters_the_calibration(seed_sources, monkeypatch):
    model = PairModel({}, 5.0, [(0.3, 0.33)])  # every allowed pair, at 0.33
    monkeypatch.setattr("graph.extract.pipeline.load_pair_model", lambda: model)
    on = evaluate(seed_sources, ONTOLOGY, min_confidence=0.0)
    for split, report in on.splits.items():
        proposed = RULE in report.rules
        assert proposed == (split == "test" and bool(report.documents)), split
    off = evaluate(seed_sources, ONTOLOGY, min_confidence=0.0, learned=False)
    assert RULE not in off.splits["test"].rules
    assert RULE not in calibrate(seed_sources, ONTOLOGY)["relations"]


def test_eval_no_learned_scores_the_rules_alone(seed_sources, monkeypatch):
    model = PairModel({}, 5.0, [(0.3, 0.33)])
    monkeypatch.setattr("graph.extract.pipeline.load_pair_model", lambda: model)
    runner = CliRunner()
    with_model = json.loads(runner.invoke(main, ["eval", "--sources", str(seed_sources), "--format", "json",
                                                 "--min-confidence", "0"]).output)
    without = json.loads(runner.invoke(main, ["eval", "--sources", str(seed_sources), "--format", "json",
                                              "--min-confidence", "0", "--no-learned"]).output)
    found = lambda r: r["splits"]["test"]["relations"]["tp"] + r["splits"]["test"]["relations"]["fp"]  # noqa: E731
    assert found(with_model) > found(without)
    assert with_model["learned"] is True and without["learned"] is False
    table = runner.invoke(main, ["eval", "--sources", str(seed_sources), "--no-errors"]).output
    assert "learned pairs on test" in table
    assert "learned pairs" not in runner.invoke(main, ["eval", "--sources", str(seed_sources), "--no-errors",
                                                       "--no-learned"]).output


def test_the_shipped_model_is_loaded_by_default():
    model = load_model()
    assert model is not None and model.bands and len(model.weights) > 1000
    extractor = Extractor(build_gazetteer([], {}), ONT)
    assert extractor.rules.learned is model
    assert Extractor(build_gazetteer([], {}), ONT, learned=False).rules.learned is None


def test_band_precisions_never_fall_as_the_probability_rises():
    # 0.3: 4/17, 0.4: 19/74, 0.5: 4/22 (falls: pooled with 0.4), then rising bands kept as measured
    bands = monotone([[0.3, 4, 17], [0.4, 19, 74], [0.5, 4, 22], [0.7, 7, 15]])
    assert [low for low, _p in bands] == [0.3, 0.4, 0.5, 0.7]
    assert bands[0][1] == pytest.approx(4 / 17) and bands[3][1] == pytest.approx(7 / 15)
    assert bands[1][1] == bands[2][1] == pytest.approx(23 / 96)
    assert monotone([[0.3, 1, 10], [0.4, 5, 10]]) == [(0.3, 0.1), (0.4, 0.5)]


def test_a_pair_the_rules_related_by_another_predicate_gets_no_second_one_from_the_model():
    person = Entry("tan", "Person", "谭敏", True, "entities")
    s = sentence("蓝海科技副总裁谭敏表示。", FIRM, person)
    rules = RelationRules(ONT, [one_rule("works-test", "worksFor", "副总裁", "O T S", "Person", "Firm", 0.7)], {})
    rules.learned = PairModel({"p=leads": 10.0}, -5.0, [(0.3, 0.3)])
    assert {(r.predicate, r.rule) for r in rules.relate(s, build_gazetteer([], {}))} == {("worksFor", "works-test")}
    alone = RelationRules(ONT, [UNUSED], {})
    alone.learned = rules.learned
    assert {(r.predicate, r.rule) for r in alone.relate(s, build_gazetteer([], {}))} == {("leads", RULE)}


def test_of_two_statements_about_one_pair_the_model_makes_the_likelier_only():
    other = Entry("futian-district", "Place", "福田区", True, "entities")
    s = sentence("龙华区与福田区相邻。", PLACE, other)
    # locatedIn either way is allowed between two places; the later-written place as container is likelier here
    model = PairModel({"tt=locatedIn:Place>Place:True": 1.0, "tt=locatedIn:Place>Place:False": 3.0}, -1.0,
                      [(0.3, 0.3), (0.7, 0.5)])
    found = rules_with(model).relate(s, build_gazetteer([], {}))
    assert [(r.subject.label, r.predicate, r.object.label, r.confidence) for r in found] == [
        ("福田区", "locatedIn", "龙华区", 0.5)]
