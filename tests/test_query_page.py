"""The query page of ``szkg serve`` over HTTP: YASGUI's files, the page's configuration, saved
questions with parameters bound as terms, entity cards, and the inspection's quick screen.
(tests/test_query_page_browser.py drives the same page in Chromium.)"""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from graph.errors import QueryRefused, QuerySyntaxError
from graph.query.questions import MAX_NESTING, inspect, inspect_quickly, saved_question, screen
from graph.query.server import ServerConfig
from graph.query.ui import STATIC_FILES, json_for_html, page_config, with_prefixes
from tests.test_server import fetch, post_form, running

ENT = "https://w3id.org/szkg/id/"


@pytest.fixture(scope="module")
def server(store_path):
    srv = running(ServerConfig(store_path, timeout=10, max_rows=500, workers=2, quiet=True))
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def endpoint(server) -> str:
    return server.url + "sparql"


def page_json(body: bytes) -> dict:
    found = re.search(rb'<script type="application/json" id="szkg-config">(.*?)</script>', body, re.S)
    assert found, "the page carries its configuration"
    return json.loads(found[1])


# ---------------------------------------------------------------- the page and its files


def test_the_page_loads_yasgui_from_this_server_only(server):
    status, headers, body = fetch(server.url)
    assert status == 200
    text = body.decode("utf-8")
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in text
    assert '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">' in text
    # every script and style sheet is this server's; the policy allows no other origin
    assert not re.search(r'(src|href)="(https?:)?//', text)
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy and "http" not in policy


@pytest.mark.parametrize("name", sorted(STATIC_FILES))
def test_every_static_file_is_served_with_its_type(server, name):
    status, headers, body = fetch(server.url + "static/" + name)
    assert status == 200 and body and headers["Content-Type"] == STATIC_FILES[name]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_vendored_yasgui_is_whole_and_names_its_licence(server):
    _, _, script = fetch(server.url + "static/yasgui/yasgui.min.js")
    assert b"Yasgui" in script and b"sourceMappingURL" not in script
    _, _, licence = fetch(server.url + "static/yasgui/LICENSE")
    assert b"MIT License" in licence
    _, _, version = fetch(server.url + "static/yasgui/VERSION")
    assert re.fullmatch(rb"\d+\.\d+\.\d+\n", version)


@pytest.mark.parametrize("path", ["static/../server.py", "static/yasgui/", "static/%2e%2e/ui.py",
                                  "static/yasgui/yasgui.min.js.map", "static/szkg-ui.js/x"])
def test_nothing_else_is_served_from_the_package(server, path):
    status, _, _ = fetch(server.url + path)
    assert status == 404


def test_the_page_knows_the_prefixes_vocabulary_and_every_saved_question(server):
    _, _, body = fetch(server.url)
    config = page_json(body)
    assert config["prefixes"]["szkg"] == "https://w3id.org/szkg/ontology#"
    assert "https://w3id.org/szkg/ontology#Firm" in config["classes"]
    assert "https://w3id.org/szkg/ontology#enabled" in config["properties"]
    assert "http://www.w3.org/2004/02/skos/core#prefLabel" in config["properties"]
    enabled = config["questions"]["firms-enabled-by"]
    assert enabled["params"][0]["name"] == "policy" and enabled["params"][0]["required"]
    assert enabled["text"].startswith("# description:") and "PREFIX szkg: <" in enabled["text"]
    text = body.decode("utf-8")
    for name in config["questions"]:
        assert f'<option value="{name}"' in text


def test_the_configuration_cannot_close_its_script_element():
    evil = {"a": "</script><script>alert(1)</script>", "b": "<!-- & \u2028"}
    text = json_for_html(evil)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == evil


def test_prefix_lines_go_after_the_header_so_the_parameters_still_read():
    question = saved_question("firms-enabled-by")
    shown = with_prefixes(question.text)
    header = shown.split("PREFIX")[0]
    assert "# param: policy" in header
    assert "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>" in shown
    assert "PREFIX ent:" not in shown  # only the prefixes the text uses


def test_page_config_follows_the_server_limits(store_path):
    config = page_config(ServerConfig(store_path, timeout=7, max_rows=123))
    assert config["timeout"] == 7 and config["maxRows"] == 123 and config["endpoint"] == "/sparql"


# ---------------------------------------------------------------- saved questions with parameters


def test_a_saved_question_as_the_page_shows_it_runs_with_its_parameter(endpoint):
    shown = with_prefixes(saved_question("firms-enabled-by").text)
    status, _, body = post_form(endpoint, query=shown, param="policy=18號文件")
    assert status == 200, body
    rows = json.loads(body)["results"]["bindings"]
    assert ENT + "huawei" in {r["enabled"]["value"] for r in rows}
    assert {r["policy"]["value"] for r in rows} == {ENT + "policy-18-1987"}


def test_a_missing_required_parameter_is_a_400_naming_it(endpoint):
    status, _, body = fetch(endpoint, data=urllib.parse.urlencode(
        {"query": saved_question("firms-enabled-by").text, "param": "firm=华为"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"policy" in body


def test_a_parameter_is_a_value_never_query_text(endpoint):
    """A value that would end the query if pasted is only a name that matches nothing."""
    evil = '18号文件> } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    status, _, body = post_form(endpoint, query=saved_question("firms-enabled-by").text, param=f"policy={evil}")
    assert status == 400 and b"no Policy is called" in body and b"syntax" not in body


def test_edited_text_keeps_its_declared_parameters(endpoint):
    text = ("# param: firm entity:Firm\n"
            "SELECT ?firm ?label WHERE { ?firm skos:prefLabel ?label }")
    status, _, body = post_form(endpoint, query=text, param="firm=華為")
    assert status == 200, body
    rows = json.loads(body)["results"]["bindings"]
    assert {r["firm"]["value"] for r in rows} == {ENT + "huawei"} and len(rows) == 3


def test_a_malformed_param_is_a_400(endpoint):
    status, _, body = post_form(endpoint, query="SELECT * WHERE { ?s ?p ?o } LIMIT 1", param="no-equals-sign")
    assert status == 400 and b"param=NAME=VALUE" in body


# ---------------------------------------------------------------- entity cards


def test_the_entity_card_page_shows_every_relation_with_its_quote(server):
    status, headers, body = fetch(server.url + "entity/huawei")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    assert '<h1 class="card-title">华为</h1>' in text
    assert 'href="/entity/ren-zhengfei"' in text  # foundedBy, linked to its own card
    quotes = re.findall(r'<td class="quote">(.*?)</td>', text)
    assert quotes and all(quotes)
    assert html.escape("如果沒有18號文件") in text


def test_the_card_page_names_entities_in_the_language_asked(server):
    _, _, body = fetch(server.url + "entity/huawei?lang=en")
    assert '<h1 class="card-title">Huawei</h1>' in body.decode("utf-8")
    status, _, _ = fetch(server.url + "entity/huawei?lang=fr")
    assert status == 400


@pytest.mark.parametrize("entity_id", ["nobody-at-all", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", ""])
def test_an_unknown_entity_is_a_404_with_its_name_escaped(server, entity_id):
    status, _, body = fetch(server.url + "entity/" + entity_id, headers={"Accept": "text/html"})
    assert status == 404 and b"<script>alert" not in body


# ---------------------------------------------------------------- the inspection's quick screen


def test_a_plain_read_is_screened_without_the_parser():
    seen = screen("SELECT ?firm WHERE { ?firm a szkg:Firm } LIMIT 3")
    assert seen is not None and seen.form == "select" and not seen.parsed
    assert screen("ASK { ?s ?p ?o }").form == "ask"
    assert screen("CONSTRUCT WHERE { ?s ?p ?o }").kind == "graph"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",  # an escape the parser expands
    "SELECT * WHERE { \\U00000073ervice <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u005Cu0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "select * from<file:///etc/passwd>{?s ?p ?o}",
    "DROP ALL", "load <file:///etc/passwd>", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "# a comment that says from\nSELECT * WHERE { ?s ?p ?o }",  # the parser decides, not the screen
])
def test_any_word_that_could_open_a_refused_clause_goes_to_the_parser(text):
    assert screen(text) is None


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
])
def test_the_quick_inspection_refuses_what_the_parser_refuses(text):
    with pytest.raises(QueryRefused):
        inspect_quickly(text)


def test_nesting_and_size_are_bounded_before_any_parser_runs():
    deep = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    for check in (inspect, inspect_quickly):
        with pytest.raises(QuerySyntaxError, match=f"the limit is {MAX_NESTING}"):
            check(deep)
    with pytest.raises(QuerySyntaxError, match="characters; the limit is"):
        inspect_quickly("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000)


def test_a_query_nested_to_crash_oxigraph_is_a_400_and_the_server_goes_on(endpoint):
    deep = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    status, _, body = post_form(endpoint, query=deep)
    assert status == 400 and b"nests brackets" in body
    status, _, _ = post_form(endpoint, query="ASK { ?s ?p ?o }")
    assert status == 200


def test_a_screened_query_with_an_undeclared_prefix_still_names_it(endpoint):
    status, _, body = post_form(endpoint, query="SELECT * WHERE { ?s foo:p ?o }")
    assert status == 400 and "unknown prefix foo: — declared prefixes are szkg" in body.decode("utf-8")
