"""Asking the graph from Python: saved questions and their answers, parameters, safety, timeouts.

Every saved question is checked against an answer computed independently from the
corpus (the validated sources) in plain Python, so the tests hold on the real, growing
graph and fail if a question or the machinery under it breaks.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter

import pytest

from graph.errors import (
    ParameterError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    UnknownQuestion,
)
from graph.query.questions import Question, bind, inspect, saved_question, saved_questions
from graph.query.results import serialize
from graph.query.runner import run_question
from graph.vocab import ENT, PREFIXES, local_name

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def runner(store_path):
    from graph.query.runner import QueryRunner

    with QueryRunner(store_path) as own:
        yield own


@pytest.fixture(scope="module")
def corpus(built):
    return built.corpus


def ask(runner, name: str, **params):
    return run_question(None, saved_question(name), params, runner=runner)


def ids(terms) -> list[str]:
    """Entity ids of a column of IRIs."""
    return [local_name(t.value) for t in terms if t is not None]


def label(corpus, entity_id: str) -> str:
    return corpus.entities[entity_id].label


def of_type(corpus, entity_id: str, kind: str) -> bool:
    return entity_id in corpus.entities and corpus.entities[entity_id].type == kind


def statements(corpus, *predicates: str):
    """The current statements of these predicates: the graph's direct triples (a former or target
    fact is reified only, docs/data-model.md), which is what the saved questions read."""
    return [s for s in corpus.statements if s.predicate in predicates and s.time == "current"]


def every_statement(corpus, *predicates: str):
    """Current, former and target alike: what questions that read the statements with their quotes see."""
    return [s for s in corpus.statements if s.predicate in predicates]


def reachable(edges: list[tuple[str, str]], start: str) -> set[str]:
    """``start`` and every node the edges (from, to) lead to from it."""
    step: dict[str, list[str]] = {}
    for a, b in edges:
        step.setdefault(a, []).append(b)
    found, todo = {start}, [start]
    while todo:
        for nxt in step.get(todo.pop(), ()):
            if nxt not in found:
                found.add(nxt)
                todo.append(nxt)
    return found


def narrower(corpus, industry: str) -> set[str]:
    """The industry and every industry below it (subIndustryOf*)."""
    return reachable([(s.object, s.subject) for s in statements(corpus, "subIndustryOf")], industry)


def places_above(corpus, place: str) -> set[str]:
    """The place and every place it lies in (locatedIn*)."""
    return reachable([(s.subject, s.object) for s in statements(corpus, "locatedIn")], place)


def firms_per_industry(corpus) -> dict[str, set[str]]:
    industries = [e for e in corpus.entities if of_type(corpus, e, "Industry")]
    operates = [(s.subject, s.object) for s in statements(corpus, "operatesIn")
                if of_type(corpus, s.subject, "Firm")]
    out = {}
    for i in industries:  # each industry's closure once: over ~2,000 entities, not once per firm and industry
        below = narrower(corpus, i)
        out[i] = {f for f, j in operates if j in below}
    return out


def busiest(counter: Counter, fallback: str) -> str:
    """The most frequent key (ties by id), or the fallback when there is none."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else fallback


# ---------------------------------------------------------------- saved questions and their answers


def check_firms_enabled_by(runner, corpus):
    result = ask(runner, "firms-enabled-by", policy="18號文件")
    got = {(local_name(r["enabled"]), r["quote"], local_name(r["document"])) for r in result.records()}
    expected = {(s.object, q.quote, q.document) for s in statements(corpus, "enabled")
                if s.subject == "policy-18-1987" for q in s.quotes}
    assert got == expected
    assert any(e == "huawei" and "如果沒有18號文件" in q for e, q, _ in got), \
        "18号文件 enabled 华为, in 任正非's words"
    assert {r["label"] for r in result.records() if local_name(r["enabled"]) == "huawei"} == {"华为"}


def check_policies_targeting(runner, corpus):
    aimed = [s for s in every_statement(corpus, "targets", "enabled")
             if of_type(corpus, s.subject, "Policy") and of_type(corpus, s.object, "Industry")]
    industries = [e for e in corpus.entities if of_type(corpus, e, "Industry")]
    below = {i: narrower(corpus, i) for i in industries}
    reach = Counter(i for i in industries for s in aimed if s.object in below[i])
    industry = busiest(reach, sorted(industries)[0])
    result = ask(runner, "policies-targeting", industry=industry)
    got = {(local_name(r["policy"]), local_name(r["relation"]), local_name(r["target"]), r["quote"])
           for r in result.records()}
    expected = {(s.subject, s.predicate, s.object, q.quote) for s in aimed
                if s.object in below[industry] for q in s.quotes}
    assert got == expected
    assert set(ids(result.column("industry"))) <= {industry}


def check_firms_in_industry(runner, corpus):
    firms = firms_per_industry(corpus)
    industry = busiest(Counter({i: len(f) for i, f in firms.items() if f}), sorted(firms)[0])
    result = ask(runner, "firms-in-industry", industry=corpus.entities[industry].en or industry)
    rows = {local_name(r["firm"]): r for r in result.records()}
    assert set(rows) == firms[industry]
    for firm, row in rows.items():
        places = {label(corpus, s.object) for s in statements(corpus, "locatedIn") if s.subject == firm}
        assert set(filter(None, row.get("places", "").split(", "))) == places, firm
        assert row["firmLabel"] == label(corpus, firm)


def check_who_supplies_whom(runner, corpus):
    result = ask(runner, "who-supplies-whom")  # the reified statements: former suppliers too, with their time
    got = {(local_name(r["supplier"]), local_name(r["customer"]), r["quote"], r["time"]) for r in result.records()}
    supplies = every_statement(corpus, "supplies")
    assert got == {(s.subject, s.object, q.quote, s.time) for s in supplies for q in s.quotes}
    assert any(s.time != "current" for s in supplies) or not supplies  # 157: Pegatron and Compal, Apple's former makers


def check_partners_of(runner, corpus):
    partners = every_statement(corpus, "partnersWith")  # the reified statements: former and planned ones too
    timed = [s for s in partners if s.time != "current"]  # a firm with a planned or former partner, when there is one
    firm = busiest(Counter(e for s in timed or partners for e in (s.subject, s.object)), "huawei")
    result = ask(runner, "partners-of", firm=firm)
    got = {(local_name(r["partner"]), r["quote"], r["time"]) for r in result.records()}
    expected = {(s.object, q.quote, s.time) for s in partners if s.subject == firm for q in s.quotes}
    expected |= {(s.subject, q.quote, s.time) for s in partners if s.object == firm for q in s.quotes}
    assert got == expected


def check_firms_per_district(runner, corpus):
    result = ask(runner, "firms-per-district")  # the city defaults to 深圳
    districts = {s.subject for s in statements(corpus, "locatedIn")
                 if s.object == "shenzhen" and of_type(corpus, s.subject, "Place")}
    located = [(s.subject, s.object) for s in statements(corpus, "locatedIn")
               if of_type(corpus, s.subject, "Firm")]
    above = {x: places_above(corpus, x) for _f, x in located}
    expected = {d: {f for f, x in located if d in above[x]} for d in districts}
    expected = {d: len(f) for d, f in expected.items() if f}
    got = {local_name(r["district"]): int(r["firms"]) for r in result.records()}
    assert got == expected
    assert set(ids(result.column("city"))) <= {"shenzhen"}
    counts = [int(r["firms"]) for r in result.records()]
    assert counts == sorted(counts, reverse=True)


def check_founders_and_leaders(runner, corpus):
    result = ask(runner, "founders-and-leaders")
    got = {(local_name(r["firm"]), r["role"], local_name(r["person"]), r["quote"]) for r in result.records()}
    expected = {(s.subject, "founder", s.object, q.quote) for s in every_statement(corpus, "foundedBy") for q in s.quotes}
    expected |= {(s.object, "leader", s.subject, q.quote) for s in every_statement(corpus, "leads") for q in s.quotes}
    assert got == expected
    if expected:  # one firm's only: the optional parameter narrows the answer
        firm = sorted(expected)[0][0]
        narrowed = ask(runner, "founders-and-leaders", firm=firm)
        assert set(ids(narrowed.column("firm"))) == {firm}
        assert len(narrowed) == sum(1 for e in expected if e[0] == firm)


def check_statements_between(runner, corpus):
    result = ask(runner, "statements-between", a="華為", b="Shenzhen")
    got = {(local_name(r["predicate"]), r["quote"], local_name(r["document"])) for r in result.records()}
    expected = {(s.predicate, q.quote, q.document) for s in corpus.statements
                if {s.subject, s.object} == {"huawei", "shenzhen"} for q in s.quotes}
    assert got == expected
    titles = {d.id: d.title for d in corpus.documents.values()}
    assert all(r["title"] == titles[local_name(r["document"])] for r in result.records())
    both = ask(runner, "statements-between", a="18号文件", b="华为")
    assert any(local_name(r["predicate"]) == "enabled" and "如果沒有18號文件" in r["quote"]
               for r in both.records())


def check_observations_about(runner, corpus):
    from graph.quantity import format_quantity

    entity = busiest(Counter(o.subject for o in corpus.observations), "huawei")
    result = ask(runner, "observations-about", entity=entity)
    got = Counter((r["period"], r["value"], r["asWritten"], r["quote"]) for r in result.records())
    expected = Counter((o.period or (f"as of {o.as_of}" if o.as_of else ""), format_quantity(o.value), o.as_written,
                        o.evidence.quote) for o in corpus.observations if o.subject == entity)
    assert got == expected
    periods = [r["period"] for r in result.records()]
    assert periods == sorted(periods)


def check_document_mentions(runner, corpus):
    from graph.names import mentions

    found = mentions(corpus)
    doc = max(sorted(found), key=lambda d: len(found[d]))
    prefix = doc[:3] if sum(d.startswith(doc[:3]) for d in corpus.documents) == 1 else doc
    result = ask(runner, "document-mentions", document=prefix)
    assert set(ids(result.column("entity"))) == found[doc]
    assert set(ids(result.column("document"))) <= {doc}
    for row in result.records():
        entity = local_name(row["entity"])
        assert local_name(row["type"]) == corpus.entities[entity].type
        assert row["label"] == label(corpus, entity)


def check_industries_by_firm_count(runner, corpus):
    result = ask(runner, "industries-by-firm-count")
    got = {local_name(r["industry"]): int(r["firms"]) for r in result.records()}
    assert got == {i: len(f) for i, f in firms_per_industry(corpus).items() if f}
    counts = [int(r["firms"]) for r in result.records()]
    assert counts == sorted(counts, reverse=True)


def check_policies_by_year(runner, corpus):
    result = ask(runner, "policies-by-year")
    years = {a.subject: a.value for a in corpus.attributes if a.predicate == "issuedYear"}
    policies = {e for e in corpus.entities if of_type(corpus, e, "Policy")}
    got = {local_name(r["policy"]): r.get("year") for r in result.records()}
    assert got == {p: years.get(p) for p in policies}
    order = [r.get("year") for r in result.records()]
    dated = [y for y in order if y]
    assert order[:len(dated)] == sorted(dated), "dated policies first, oldest first"
    for row in result.records():
        issuers = {label(corpus, s.object) for s in statements(corpus, "issuedBy")
                   if s.subject == local_name(row["policy"])}
        assert set(filter(None, row.get("issuers", "").split(", "))) == issuers


def check_entities_matching(runner, corpus):
    from graph.rdf import entity_labels

    result = ask(runner, "entities-matching", text="shenzhen")
    expected = {e.id for e in corpus.entities.values()
                if any("shenzhen" in n.lower() for n in [*entity_labels(e).values(), *e.aliases])}
    assert set(ids(result.column("entity"))) == expected
    assert "shenzhen" in expected


def check_conflicting_observations(runner, corpus):
    result = ask(runner, "conflicting-observations")
    expected = set()
    plain = [o for o in corpus.observations if o.period and not o.qualifier]
    for a in plain:
        for b in plain:
            same = (a.subject, a.indicator, a.unit, a.period, dict(a.dimensions).get("scope")) == \
                (b.subject, b.indicator, b.unit, b.period, dict(b.dimensions).get("scope"))
            if same and a.value != b.value and a.id < b.id:
                expected.add((a.subject, a.indicator, a.period))
    got = {(local_name(r["entity"]), local_name(r["indicator"]), r["period"]) for r in result.records()}
    assert got == expected


CHECKS = {
    "firms-enabled-by": check_firms_enabled_by,
    "policies-targeting": check_policies_targeting,
    "firms-in-industry": check_firms_in_industry,
    "who-supplies-whom": check_who_supplies_whom,
    "partners-of": check_partners_of,
    "firms-per-district": check_firms_per_district,
    "founders-and-leaders": check_founders_and_leaders,
    "statements-between": check_statements_between,
    "observations-about": check_observations_about,
    "document-mentions": check_document_mentions,
    "industries-by-firm-count": check_industries_by_firm_count,
    "policies-by-year": check_policies_by_year,
    "entities-matching": check_entities_matching,
    "conflicting-observations": check_conflicting_observations,
}


def test_every_saved_question_has_a_test_and_a_description():
    questions = saved_questions()
    assert set(questions) == set(CHECKS), "add a check_<question> for every .rq file (and no stale ones)"
    for name, question in questions.items():
        assert question.description, f"{name}.rq needs a `# description:` line"
        assert inspect(question.text).form == "select"


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_saved_question_answers_on_the_seed_graph(name, runner, corpus):
    CHECKS[name](runner, corpus)


def test_an_entity_parameter_resolves_by_any_name_in_any_script(runner):
    answers = [ask(runner, "firms-enabled-by", policy=name).rows
               for name in ("18号文件", "18號文件", "Document No. 18 (1987)", "policy-18-1987")]
    assert answers[0] and all(a == answers[0] for a in answers)


# ---------------------------------------------------------------- parameters


def test_a_parameter_value_is_a_literal_whatever_it_contains(runner, store_path):
    import pyoxigraph as ox

    evil = '" } ; DROP ALL #'
    result = run_question(None, Question.from_text("SELECT ?v WHERE { }"), {"v": evil}, runner=runner)
    assert result.column("v") == [ox.Literal(evil)]
    matching = ask(runner, "entities-matching", text=evil)
    assert len(matching) == 0
    count = run_question(None, Question.from_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), runner=runner)
    assert int(count.rows[0][0].value) > 0, "nothing was dropped"


def test_missing_unknown_and_malformed_parameters_are_named():
    with pytest.raises(ParameterError, match="needs parameter 'policy'"):
        bind(saved_question("firms-enabled-by"), {})
    with pytest.raises(ParameterError, match="has no parameter 'firm'.*policy"):
        bind(saved_question("firms-enabled-by"), {"policy": "x", "firm": "y"})
    with pytest.raises(ParameterError, match="'n'.*not a valid integer"):
        bind(Question.from_text("SELECT ?n WHERE {}"), {"n:integer": "ten"})
    with pytest.raises(ParameterError, match="not a SPARQL variable"):
        bind(Question.from_text("SELECT * WHERE {}"), {"a b": "1"})


def test_inline_parameters_take_a_kind(runner):
    q = Question.from_text("SELECT ?firm ?year WHERE { }")
    result = run_question(None, q, {"firm:entity": "華為", "year:year": "1987"}, runner=runner)
    firm, year = result.rows[0]
    assert firm.value == str(ENT["huawei"]) and year.value == "1987" and year.datatype.value.endswith("gYear")


def test_a_parameter_outside_the_projection_is_explained(runner):
    q = Question.from_text("SELECT ?o WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(ParameterError, match=r"\?s is not in the query's SELECT clause"):
        run_question(None, q, {"s": "<https://w3id.org/szkg/id/huawei>"}, runner=runner)


def test_an_entity_of_the_wrong_class_or_no_entity_at_all_gets_suggestions(runner):
    from graph.errors import UnknownName

    with pytest.raises(UnknownName, match="华为 \\(huawei, Firm\\), not a Policy"):
        ask(runner, "firms-enabled-by", policy="华为")
    with pytest.raises(UnknownName, match="no Policy is called '18号文鉴'; closest: 18号文件"):
        ask(runner, "firms-enabled-by", policy="18号文鉴")


def test_unknown_saved_question_lists_the_known_ones():
    with pytest.raises(UnknownQuestion) as info:
        saved_question("firms-enabled")
    assert "did you mean firms-enabled-by" in str(info.value)
    assert all(name in str(info.value) for name in saved_questions())


# ---------------------------------------------------------------- safety


@pytest.mark.parametrize("text, what", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE <http://127.0.0.1:9/> refused"),
    ("SELECT * WHERE { OPTIONAL { { SELECT * WHERE { SERVICE SILENT ?x { ?s ?p ?o } } } } }",
     "SERVICE ?x refused"),
    ("ASK { FILTER EXISTS { SERVICE <http://x.test/> { ?s ?p ?o } } }", "SERVICE <http://x.test/> refused"),
    ("LOAD <file:///etc/passwd>", "LOAD <file:///etc/passwd> refused"),
    ("LOAD SILENT <http://x.test/> INTO GRAPH <https://w3id.org/szkg/graph/x>", "LOAD <http://x.test/> refused"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM <file:///etc/passwd> refused"),
    ("SELECT * FROM NAMED <http://x.test/> WHERE { GRAPH ?g { ?s ?p ?o } }",
     "FROM NAMED <http://x.test/> refused"),
    ("DELETE { ?s ?p ?o } USING <file:///etc/passwd> WHERE { ?s ?p ?o }", "USING <file:///etc/passwd> refused"),
    ("DROP ALL", "updates are refused"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
])
def test_what_would_reach_outside_the_store_is_refused_before_it_runs(text, what):
    with pytest.raises(QueryRefused, match=what.replace("?", r"\?").replace("(", r"\(")):
        inspect(text, allow_update="updates" not in what)


def test_the_words_in_comments_and_strings_are_not_clauses():
    text = ('# SERVICE <http://x.test/> and LOAD <file:///etc/passwd>\n'
            'SELECT * WHERE { ?s ?p "SERVICE <http://x.test/> { }" }')
    assert inspect(text).form == "select"


def test_a_dataset_clause_naming_a_graph_of_the_store_selects_it(runner):
    union = run_question(None, Question.from_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), runner=runner)
    entities = run_question(None, Question.from_text(
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/szkg/graph/entities> WHERE { ?s ?p ?o }"), runner=runner)
    assert 0 < int(entities.rows[0][0].value) < int(union.rows[0][0].value)
    prefixed = run_question(None, Question.from_text(
        "SELECT (COUNT(*) AS ?n) FROM g:entities WHERE { ?s ?p ?o }"), runner=runner)
    assert prefixed.rows == entities.rows
    with pytest.raises(QueryRefused, match="USING <http://y.test/h> refused"):
        inspect("PREFIX x: <https://w3id.org/szkg/graph/> "
                "DELETE { ?s ?p ?o } USING x:entities WHERE { ?s ?p ?o } ;"
                "PREFIX y: <http://y.test/> INSERT { ?s ?p ?o } USING x:g USING y:h WHERE { ?s ?p ?o }",
                allow_update=True)


def test_a_syntax_error_names_line_and_column():
    with pytest.raises(QuerySyntaxError) as info:
        inspect("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    assert info.value.line == 3 and info.value.column is not None
    assert "line 3, column" in str(info.value)
    with pytest.raises(QuerySyntaxError, match="empty"):
        inspect("  # nothing but a comment\n")


def test_a_query_past_its_timeout_is_stopped_and_the_runner_goes_on(store_path):
    from graph.query.runner import QueryRunner

    with QueryRunner(store_path) as own:
        own.warm()
        before = own.worker_pids()
        start = time.monotonic()
        with pytest.raises(QueryTimeout, match="timed out after 1 s"):
            run_question(None, Question.from_text(CROSS_JOIN), timeout=1, runner=own)
        assert time.monotonic() - start < 20, "the worker was killed, not waited for"
        for pid in before:  # the worker that ran the query is gone
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
        again = run_question(None, saved_question("policies-by-year"), timeout=10, runner=own)
        assert again.kind == "select"


# ---------------------------------------------------------------- answers and formats


def test_limit_stops_reading_and_says_there_was_more(runner):
    q = Question.from_text("SELECT ?s WHERE { ?s a szkg:Firm }")
    everything = run_question(None, q, runner=runner)
    two = run_question(None, q, limit=2, runner=runner)
    assert len(everything) > 2 and len(two) == 2 and two.truncated and not everything.truncated


def test_answers_are_written_in_the_standard_formats(runner):
    result = ask(runner, "firms-enabled-by", policy="18号文件")
    data = json.loads(serialize(result, "json", PREFIXES))
    assert data["head"]["vars"] == list(result.variables)
    binding = data["results"]["bindings"][0]
    assert binding["policy"] == {"type": "uri", "value": str(ENT["policy-18-1987"])}
    assert binding["label"]["xml:lang"] == "zh-hans"
    csv = serialize(result, "csv", PREFIXES).decode("utf-8")
    assert csv.splitlines()[0] == ",".join(result.variables) and str(ENT["huawei"]) in csv
    tsv = serialize(result, "tsv", PREFIXES).decode("utf-8")
    assert tsv.splitlines()[0] == "\t".join("?" + v for v in result.variables) and f"<{ENT['huawei']}>" in tsv
    assert b"<sparql xmlns" in serialize(result, "xml", PREFIXES)
    md = serialize(result, "markdown", PREFIXES).decode("utf-8")
    assert md.startswith("| policy | enabled |") and "ent:huawei" in md
    with pytest.raises(Exception, match="format 'turtle' does not fit a SELECT answer"):
        serialize(result, "turtle", PREFIXES)


def test_graph_answers_come_as_turtle_ntriples_and_json_ld(runner):
    import pyoxigraph as ox

    q = Question.from_text("CONSTRUCT { ?firm skos:prefLabel ?l } WHERE { ?firm skos:prefLabel ?l }")
    result = run_question(None, q, {"firm:entity": "华为"}, runner=runner)
    assert result.kind == "graph" and len(result) == 3
    for fmt, rdf_format in (("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                            ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML)):
        parsed = {q.triple for q in ox.parse(serialize(result, fmt, PREFIXES), format=rdf_format)}
        assert parsed == set(result.triples), fmt
    assert serialize(result, "turtle", PREFIXES).startswith(b"@prefix")
    ask_result = run_question(None, Question.from_text("ASK { ent:huawei a szkg:Firm }"), runner=runner)
    assert ask_result.boolean is True
    assert json.loads(serialize(ask_result, "json", PREFIXES)) == {"head": {}, "boolean": True}


def test_a_worker_that_died_while_idle_is_replaced(store_path):
    import signal

    from graph.query.runner import QueryRunner

    with QueryRunner(store_path) as own:
        own.warm()
        (pid,) = own.worker_pids()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        result = run_question(None, Question.from_text("ASK { ent:huawei a szkg:Firm }"), runner=own)
        assert result.boolean is True and pid not in own.worker_pids()
