"""`szkg query`, `szkg entity` and `szkg serve` from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli.app import cli
from graph.query.questions import saved_questions
from tests.test_server import Canary, outside_requests

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def szkg(built):
    """Run `szkg ARGS --out <the seed build>`; the click Result."""

    def run(*args: str, stdin: str | None = None):
        return CliRunner().invoke(cli, [*args, "--out", str(built.out)], input=stdin)

    return run


def test_list_shows_every_saved_question_with_its_parameters(szkg):
    result = szkg("query", "--list")
    assert result.exit_code == 0, result.output
    for name, question in saved_questions().items():
        assert name in result.output
        assert question.description.split()[0] in result.output
    assert "policy (entity:Policy)" in result.output


def test_a_saved_question_with_an_entity_parameter_in_traditional_script(szkg):
    result = szkg("query", "firms-enabled-by", "--param", "policy=18號文件")
    assert result.exit_code == 0, result.output
    assert "ent:huawei" in result.output and "华为" in result.output
    assert "如果沒有18號文件" in result.output


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda out: out.splitlines()[0] == "firm,label" and "https://w3id.org/szkg/id/huawei,华为" in out),
    ("tsv", lambda out: out.splitlines()[0] == "?firm\t?label" and '"华为"@zh-hans' in out),
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["firm", "label"]),
    ("xml", lambda out: out.startswith("<?xml") and "华为" in out),
    ("markdown", lambda out: out.startswith("| firm | label |") and "| ent:huawei | 华为 |" in out),
    ("table", lambda out: "ent:huawei" in out and "华为" in out and "┃ firm" in out),
])
def test_inline_sparql_in_every_result_format(szkg, fmt, check):
    query = ('SELECT ?firm ?label WHERE { ?firm a szkg:Firm ; skos:prefLabel ?label '
             'FILTER(langMatches(lang(?label), "zh-Hans")) } ORDER BY ?label')
    result = szkg("query", query, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert check(result.stdout)


def test_construct_prints_turtle_by_default_and_json_ld_on_request(szkg):
    query = "CONSTRUCT WHERE { ent:huawei skos:prefLabel ?l }"
    turtle = szkg("query", query)
    assert turtle.exit_code == 0 and turtle.stdout.startswith("@prefix") and '"華為"@zh-hant' in turtle.stdout
    jsonld = szkg("query", query, "--format", "jsonld")
    assert json.loads(jsonld.stdout)[0]["@id"] == "https://w3id.org/szkg/id/huawei"
    wrong = szkg("query", query, "--format", "csv")
    assert wrong.exit_code == 1 and "does not fit a CONSTRUCT or DESCRIBE answer" in wrong.output


def test_a_query_file_with_declared_parameters(szkg, tmp_path):
    path = tmp_path / "labels.rq"
    path.write_text("# description: labels of one entity\n# param: thing entity\n"
                    "SELECT ?thing ?label WHERE { ?thing skos:prefLabel ?label } ORDER BY ?label\n",
                    encoding="utf-8")
    result = szkg("query", "-f", str(path), "-p", "thing=Huawei", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {line.split(",")[1] for line in result.stdout.splitlines()[1:]} == {"Huawei", "华为", "華為"}
    missing = szkg("query", "-f", str(path))
    assert missing.exit_code == 1 and "needs parameter 'thing'" in missing.output
    stdin = szkg("query", "-f", "-", "-p", "thing=华为", "--format", "csv", stdin=path.read_text(encoding="utf-8"))
    assert stdin.exit_code == 0 and stdin.stdout == result.stdout


def test_limit_prints_the_first_rows_and_says_there_are_more(szkg):
    result = szkg("query", "SELECT ?s WHERE { ?s a szkg:Firm } ORDER BY ?s", "--limit", "2", "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert "--limit 2; there are more" in result.stderr


# ---------------------------------------------------------------- errors users make


def test_a_syntax_error_prints_line_column_and_message_without_a_traceback(szkg):
    result = szkg("query", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    assert result.exit_code == 1
    assert "syntax error at line 3, column" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_an_unknown_saved_question_lists_the_known_ones(szkg):
    result = szkg("query", "firms-enabled")
    assert result.exit_code == 1
    assert "no saved question 'firms-enabled'; did you mean firms-enabled-by?" in result.output
    assert all(name in result.output for name in saved_questions())


def test_a_missing_or_malformed_parameter_is_named(szkg):
    missing = szkg("query", "statements-between", "--param", "a=华为")
    assert missing.exit_code == 1 and "needs parameter 'b'" in missing.output
    malformed = szkg("query", "firms-enabled-by", "--param", "policy")
    assert malformed.exit_code == 2 and "write NAME=VALUE" in malformed.output
    unknown = szkg("query", "firms-enabled-by", "--param", "policy=华为")
    assert unknown.exit_code == 1 and "not a Policy" in unknown.output


def test_a_parameter_is_a_literal_even_when_it_looks_like_sparql(szkg):
    evil = '" } ; DROP ALL #'
    result = szkg("query", "SELECT ?v WHERE { }", "--param", f"v={evil}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == [{"v": {"type": "literal", "value": evil}}]
    still = szkg("query", "ASK { ent:huawei a szkg:Firm }", "--format", "csv")
    assert still.stdout.strip() == "true"


def test_a_query_past_the_timeout_says_it_timed_out(szkg):
    result = szkg("query", CROSS_JOIN, "--timeout", "1")
    assert result.exit_code == 1 and "timed out after 1 s" in result.output


def _own_process(built, *args: str):
    """`python -m graph ARGS --out <the seed build>` in its own process, as a user runs `szkg`."""
    import subprocess
    import sys
    import time

    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "graph", *args, "--out", str(built.out)],
                          capture_output=True, text=True, timeout=120)
    return done, time.monotonic() - start


def test_the_szkg_command_answers_in_its_own_process_as_the_worker_does(szkg, built):
    # the command's process answers without a worker (graph.query.runner.InProcessRunner); CliRunner
    # (this process) goes through a worker: both print the same rows
    args = ("query", "firms-enabled-by", "--param", "policy=18號文件", "--format", "csv")
    done, _ = _own_process(built, *args)
    assert done.returncode == 0, done.stderr
    assert "https://w3id.org/szkg/id/huawei" in done.stdout
    assert done.stdout == szkg(*args).stdout


def test_in_its_own_process_the_command_starts_no_worker(szkg, monkeypatch):
    import graph.cli.app
    import graph.query.runner

    def no_worker(*_args, **_kwargs):
        raise AssertionError("a query worker was started")

    monkeypatch.setattr(graph.query.runner.QueryRunner, "__init__", no_worker)
    monkeypatch.setattr(graph.cli.app, "_OWN_PROCESS", True)
    result = szkg("query", "firms-enabled-by", "--param", "policy=18號文件", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/szkg/id/huawei" in result.stdout
    monkeypatch.setattr(graph.cli.app, "_OWN_PROCESS", False)
    assert "a query worker was started" in repr(szkg("query", "firms-enabled-by", "--param", "policy=18號文件").exception)


def test_the_szkg_command_stops_itself_at_the_deadline_with_one_line(built):
    done, seconds = _own_process(built, "query", CROSS_JOIN, "--timeout", "1")
    assert done.returncode == 1
    assert done.stderr == "Error: the query timed out after 1 s and was stopped\n"
    assert done.stdout == ""
    assert seconds < 60  # the cross join alone runs for hours on the seed graph


def test_the_szkg_command_reports_a_name_it_cannot_resolve_in_one_line(built):
    done, _ = _own_process(built, "query", "firms-enabled-by", "--param", "policy=no-such-policy-anywhere")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr


def test_no_store_says_to_build_first(tmp_path):
    result = CliRunner().invoke(cli, ["query", "policies-by-year", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "run `szkg build` first" in result.output


def test_service_load_and_foreign_datasets_are_refused_and_nothing_is_fetched(szkg):
    canary = Canary()
    try:
        for _, fields in outside_requests(canary.port):
            text = fields.get("query") or fields["update"]
            args = ["query", text]
            if "default-graph-uri" in fields:  # the protocol parameter has no CLI form; use FROM
                args = ["query", f"SELECT * FROM <{fields['default-graph-uri']}> WHERE {{ ?s ?p ?o }}"]
            result = szkg(*args)
            assert result.exit_code == 1, (text, result.output)
            assert "refused" in result.output and "root:" not in result.output
        assert canary.requests == []
    finally:
        canary.close()


def test_a_negative_decimal_in_a_pattern_is_a_query_not_a_syntax_error(szkg):
    """rdflib's parser, which szkg reads a query's structure with, fails on ``-1.5`` in a triple;
    the query runs as written (and an update with one is refused as an update, not as bad syntax)."""
    result = szkg("query", "SELECT ?v WHERE { VALUES ?v { -1.5 } ?s ?p ?o } LIMIT 1", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["v", "-1.5"]
    pattern = szkg("query", "ASK { ?s ?p -1.5 }", "--format", "json")
    assert pattern.exit_code == 0, pattern.output
    assert json.loads(pattern.stdout)["boolean"] is False
    update = szkg("query", "INSERT DATA { <http://a.test/> <http://b.test/> -1.5 }")
    assert update.exit_code == 1 and "updates are refused" in update.output


def test_a_subtraction_written_without_spaces_is_still_a_subtraction():
    from graph.query.questions import _NEGATIVE_DECIMAL

    assert _NEGATIVE_DECIMAL.sub("+", "FILTER(?a-1.5 > 2-0.5 && ?b > -1.5 && ?c = (-.5))") == \
        "FILTER(?a-1.5 > 2-0.5 && ?b > +1.5 && ?c = (+.5))"
    assert _NEGATIVE_DECIMAL.sub("+", "FROM <http://x.test/-1.5> WHERE { ?s ?p ex:a-1.5, -1.5 }") == \
        "FROM <http://x.test/-1.5> WHERE { ?s ?p ex:a-1.5, +1.5 }"


def test_a_foreign_dataset_named_with_a_negative_number_is_refused_by_its_own_name(szkg):
    result = szkg("query", "SELECT * FROM <http://x.test/-1.5> WHERE { ?s ?p -1.5 }")
    assert result.exit_code == 1 and "http://x.test/-1.5" in result.output, result.output


def test_updates_are_refused(szkg):
    result = szkg("query", "DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 1 and "updates are refused" in result.output


# ---------------------------------------------------------------- szkg entity, szkg serve


def test_entity_prints_the_card(szkg):
    result = szkg("entity", "華為")
    assert result.exit_code == 0, result.output
    for text in ("华为", "huawei", "Firm", "zh-hant", "華為", "Huawei", "Relations in", "enabled",
                 "如果沒有18號文件", "Mentioned in"):
        assert text in result.output, text


def test_entity_as_json(szkg):
    result = szkg("entity", "18号文件", "--json")
    card = json.loads(result.stdout)
    assert card["id"] == "policy-18-1987" and card["labels"]["zh-hant"] == "18號文件"
    assert any(r["predicate"] == "enabled" and r["other"] == "huawei" for r in card["relations"])


def test_an_unknown_entity_lists_the_closest_names(szkg):
    result = szkg("entity", "华维")
    assert result.exit_code == 1
    assert "no entity is called '华维'; closest:" in result.output and "华为 (huawei, Firm)" in result.output


def test_serve_has_safe_defaults_in_its_help():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for text in ("127.0.0.1", "--allow-update", "--timeout", "--max-rows"):
        assert text in result.output


def test_serve_reports_a_port_in_use(built):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--out", str(built.out), "--port", str(port), "--quiet"])
    assert result.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in result.output


def test_the_table_is_aligned_by_display_width_with_chinese_labels(szkg):
    from wcwidth import wcswidth

    result = szkg("query", "SELECT ?firm ?label WHERE { ?firm a szkg:Firm ; skos:prefLabel ?label } ORDER BY ?label")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert any("華" in line or "华" in line for line in lines)
    assert len({wcswidth(line) for line in lines}) == 1, "every row as wide as the header"


def test_table_cells_are_text_not_rich_markup(szkg):
    """A value that looks like rich markup is printed as written, brackets and all."""
    result = szkg("query", 'SELECT ?v WHERE { BIND("[bold]x[/bold] [link=http://e/]y[/link]" AS ?v) }')
    assert result.exit_code == 0, result.output
    assert "[bold]x[/bold] [link=http://e/]y[/link]" in result.output


def test_a_saved_questions_parameter_is_a_literal_even_when_it_looks_like_sparql(szkg):
    """Saved questions bind through a VALUES block written by pyoxigraph: the value stays one literal."""
    evil = '" } } ; DROP ALL #'
    result = szkg("query", "entities-matching", "-p", f"text={evil}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == []
    found = szkg("query", "entities-matching", "-p", "text=華為", "--format", "json")
    rows = json.loads(found.stdout)["results"]["bindings"]
    assert rows and all(r["text"]["value"] == "華為" for r in rows)
    assert any(r["entity"]["value"].endswith("/huawei") for r in rows)


def test_ctrl_c_ends_the_szkg_command_while_its_query_runs(built):
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "graph", "query", CROSS_JOIN, "--timeout", "120",
                             "--out", str(built.out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # imported, store opened, the query running
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # Ctrl-C not honoured until the query ends
        proc.kill()
        raise AssertionError("Ctrl-C did not end the command") from None
    assert proc.returncode != 0 and "Traceback" not in err and out == ""
