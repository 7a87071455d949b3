"""The entity card (graph.query.card): every statement with its quote, summaries of hubs, g:counts."""

from __future__ import annotations

from graph.query.card import entity_card


def test_the_card_has_labels_in_every_script_and_every_relation_with_its_quote(store, built):
    corpus = built.corpus
    card = entity_card(store, "華為", limit=None)  # every statement, even of a hub
    assert card.id == "huawei" and card.types == ["Firm"]
    assert card.labels == {"en": "Huawei", "zh-hans": "华为", "zh-hant": "華為"}
    # every quote of every statement (one fact with two quotes is one statement, shown with both)
    expected = {("out", s.predicate, s.object, q.quote, q.document)
                for s in corpus.statements if s.subject == "huawei" for q in s.quotes}
    expected |= {("in", s.predicate, s.subject, q.quote, q.document)
                 for s in corpus.statements if s.object == "huawei" for q in s.quotes}
    assert {(r.direction, r.predicate, r.other, r.quote, r.document) for r in card.relations} == expected
    enabled = [r for r in card.relations
               if (r.direction, r.predicate, r.other) == ("in", "enabled", "policy-18-1987")]
    assert enabled and "如果沒有18號文件" in enabled[0].quote
    assert enabled[0].title == corpus.documents[enabled[0].document].title
    assert enabled[0].other_label == "18号文件"


def test_the_card_has_observations_by_period_and_attributes(store, built):
    corpus = built.corpus
    subject = max(sorted({o.subject for o in corpus.observations}),
                  key=lambda e: sum(o.subject == e for o in corpus.observations))
    card = entity_card(store, subject)
    assert sorted((o.period, o.as_written) for o in card.observations) == \
        sorted((o.period, o.as_written) for o in corpus.observations if o.subject == subject)
    assert [o.period for o in card.observations] == sorted(o.period for o in card.observations)
    policy = entity_card(store, "18号文件")
    assert {(a.predicate, a.value) for a in policy.attributes} == \
        {(a.predicate, a.value) for a in corpus.attributes if a.subject == "policy-18-1987"}
    assert policy.documents and all(d.title for d in policy.documents)


def test_a_hubs_card_is_a_summary_with_exact_counts(store, built):
    statements = built.corpus.statements
    full = entity_card(store, "深圳", limit=None)
    assert full.complete
    assert len(full.relations) == sum(len(s.quotes) for s in statements if "shenzhen" in (s.subject, s.object))
    assert len({r.statement for r in full.relations}) == sum("shenzhen" in (s.subject, s.object) for s in statements)
    card = entity_card(store, "深圳", limit=2)
    assert not card.complete
    expected: dict[tuple[str, str], int] = {}
    for s in statements:
        if s.subject == "shenzhen":
            expected[("out", s.predicate)] = expected.get(("out", s.predicate), 0) + 1
        if s.object == "shenzhen":
            expected[("in", s.predicate)] = expected.get(("in", s.predicate), 0) + 1
    assert {(g.direction, g.predicate): g.count for g in card.groups} == expected
    assert all(1 <= g.shown <= min(2, g.count) for g in card.groups)  # two rows: two quotes, or two facts
    assert len({r.statement for r in card.relations}) == sum(g.shown for g in card.groups)
    assert {(r.direction, r.predicate, r.other, r.quote) for r in card.relations} <= \
        {(r.direction, r.predicate, r.other, r.quote) for r in full.relations}


def test_cli_entity_says_the_card_is_a_summary_and_all_lists_everything(built):
    from click.testing import CliRunner

    from graph.cli.app import cli

    summary = CliRunner().invoke(cli, ["entity", "深圳", "--json", "--out", str(built.out)])
    everything = CliRunner().invoke(cli, ["entity", "深圳", "--json", "--all", "--out", str(built.out)])
    assert summary.exit_code == 0 and everything.exit_code == 0, summary.output + everything.output
    import json

    short, full = json.loads(summary.output), json.loads(everything.output)
    assert short["complete"] is False and full["complete"] is True
    assert len(short["relations"]) < len(full["relations"])
    assert len({r["statement"] for r in full["relations"]}) == \
        sum("shenzhen" in (s.subject, s.object) for s in built.corpus.statements)
    text = CliRunner().invoke(cli, ["entity", "深圳", "--out", str(built.out)])
    assert "Add --all to list all of them." in text.output


def _corpus_counts(built) -> dict[tuple[str, str, str], int]:
    counts: dict[tuple[str, str, str], int] = {}
    for s in built.corpus.statements:
        for key in ((s.subject, "out", s.predicate), (s.object, "in", s.predicate)):
            counts[key] = counts.get(key, 0) + 1
    for a in built.corpus.attributes:
        counts[a.subject, "out", a.predicate] = counts.get((a.subject, "out", a.predicate), 0) + 1
    return counts


def test_the_build_records_the_counts_of_every_hub_and_of_no_other_entity(store, built):
    from graph.query.card import CARD_LIMIT
    from graph.vocab import COUNTS_GRAPH, PREFIXES, local_name

    counts = _corpus_counts(built)
    hubs = {e for (e, _, _), n in counts.items() if n > CARD_LIMIT}
    assert "shenzhen" in hubs and any(e not in hubs for (e, _, _) in counts)
    rows = store.query(f"SELECT ?e ?d ?p ?n WHERE {{ GRAPH <{COUNTS_GRAPH}> {{ ?c szkg:countOf ?e ; "
                       f"szkg:direction ?d ; szkg:countedRelation ?p ; szkg:statementCount ?n }} }}",
                       prefixes=PREFIXES)
    recorded = {(local_name(r["e"].value), r["d"].value, local_name(r["p"].value)): int(r["n"].value)
                for r in rows}
    assert recorded == {key: n for key, n in counts.items() if key[0] in hubs}


def test_a_hubs_card_reads_its_counts_and_every_card_equals_the_counted_one(store, built, monkeypatch):
    import graph.query.card as card_module

    indexed = {e.id: entity_card(store, e.id).to_dict() for e in built.corpus.entities.values()}
    real = card_module.read_query

    def without(*broken: str, text: str):
        monkeypatch.setattr(card_module, "read_query", lambda name: text if name in broken else real(name))

    without("card-indexed-counts", text="SELECT * WHERE { FILTER(false) }")
    counted = {e.id: entity_card(store, e.id).to_dict() for e in built.corpus.entities.values()}
    assert indexed == counted
    assert not indexed["shenzhen"]["complete"]
    # with the index a hub's card does not count its statements
    monkeypatch.undo()
    without("card-count-out", "card-count-in", text="SELECT * WHERE { BIND(1/0 AS ?n) FILTER(?n) }")
    assert entity_card(store, "shenzhen").to_dict() == indexed["shenzhen"]
    from graph.query.card import CARD_LIMIT

    counts = _corpus_counts(built)
    hubs = {e for (e, _, _), n in counts.items() if n > CARD_LIMIT}
    busiest = max(sorted({e for (e, _, _) in counts} - hubs), key=lambda e: sum(n for (x, _, _), n in counts.items() if x == e))
    assert entity_card(store, busiest).groups == []  # not a hub: counted, and the counting is broken here
