"""Tests written against what mutation testing of graph/query/server.py left alive
(docs/testing.md): each pins a behaviour of the endpoint that the other tests did not reach."""

from __future__ import annotations

import pytest

from graph.errors import ParameterError
from graph.query.server import (
    GRAPH_TYPES,
    RESULT_TYPES,
    HttpError,
    ServerConfig,
    _accept_items,
    choose_format,
    negotiate,
    parse_origins,
)


def test_accept_items_read_q_values_and_skip_empty_entries():
    assert _accept_items("text/csv;q=0.5, ,application/json") == [("text/csv", 0.5), ("application/json", 1.0)]
    assert _accept_items("text/csv;q=x") == [("text/csv", 0.0)]  # a q that is not a number counts as 0
    assert _accept_items("Text/CSV ; level=1") == [("text/csv", 1.0)]
    assert _accept_items("") == []


def test_negotiate_prefers_the_highest_q_and_skips_zero():
    assert negotiate("text/csv;q=0.2, text/tab-separated-values;q=0.9", RESULT_TYPES, "json") == "tsv"
    assert negotiate("text/csv;q=0, */*;q=0.1", RESULT_TYPES, "json") == "json"
    assert negotiate("text/csv;q=0", RESULT_TYPES, "json") == "json"
    assert negotiate("image/png", RESULT_TYPES, "json") == "json"
    assert negotiate("", GRAPH_TYPES, "turtle") == "turtle"
    assert negotiate("text/csv, text/tab-separated-values", RESULT_TYPES, "json") == "csv"  # ties: the first


def test_choose_format_names_then_accept_then_406():
    assert choose_format("select", ["", "csv"], "") == "csv"
    assert choose_format("select", ["text/csv; charset=utf-8"], "") == "csv"
    assert choose_format("graph", ["json"], "") == "jsonld"
    assert choose_format("select", [], "application/sparql-results+xml") == "xml"
    assert choose_format("graph", [], "") == "turtle" and choose_format("ask", [], "") == "json"
    assert choose_format("select", [], "text/plain") == "json"  # text/plain alone is not a refusal
    with pytest.raises(HttpError) as refused:
        choose_format("graph", [], "text/csv")
    assert refused.value.status == 406 and "CONSTRUCT or DESCRIBE" in str(refused.value)
    assert "turtle (text/turtle)" in str(refused.value)
    with pytest.raises(HttpError) as refused:
        choose_format("select", ["turtle"], "")
    assert refused.value.status == 406 and "'turtle'" in str(refused.value)
    assert "SELECT answer" in str(refused.value) and "csv (text/csv)" in str(refused.value)
    assert choose_format("select", [], "application/n-quads, image/png") == "json"  # one it does not know


def test_parse_origins_splits_trims_and_refuses_non_origins():
    assert parse_origins("https://a.example, http://b.example:8080/  https://a.example") == (
        "https://a.example", "http://b.example:8080")
    assert parse_origins(["*", ""]) == ("*",)
    with pytest.raises(ParameterError, match="'ftp://x' is not an origin"):
        parse_origins("ftp://x")
    with pytest.raises(ParameterError):
        parse_origins("https://a.example/path")


def test_allowed_origins_default_to_any_when_read_only_and_none_with_updates(tmp_path):
    assert ServerConfig(tmp_path).allowed_origins == ("*",)
    assert ServerConfig(tmp_path, allow_update=True).allowed_origins == ()
    assert ServerConfig(tmp_path, allow_update=True, cors_origins=("https://a.example/",)).allowed_origins == (
        "https://a.example",)


# ---------------------------------------------------------------- over HTTP, against a running endpoint
# (what the first run of graph/query/server.py under mutmut left alive: docs/testing.md)

import html  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import urllib.parse  # noqa: E402

from tests.test_server import HUAWEI_LABELS, fetch, get, post_form, running, writable  # noqa: E402,F401


@pytest.fixture(scope="module")
def one(store_path):
    """A read-only endpoint with one worker and small, recognisable limits."""
    srv = running(ServerConfig(store_path, timeout=7, max_rows=300, workers=1, quiet=True))
    yield srv
    srv.shutdown()
    srv.server_close()


def test_a_bad_cors_origin_is_refused_with_how_to_write_one():
    with pytest.raises(ParameterError) as refused:
        parse_origins("example.org")
    assert str(refused.value) == ("CORS origin 'example.org' is not an origin; write it as scheme://host[:port] "
                                  "(e.g. https://example.org) or * for any")


def raw(srv, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (a request urllib would not write); (status, body)."""
    import socket

    with socket.create_connection(srv.server_address[:2], timeout=30) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_the_plain_page_states_the_limits_and_lists_every_saved_question(one):
    from graph.query.questions import saved_questions
    from graph.vocab import PREFIXES

    status, headers, body = fetch(one.url + "?" + urllib.parse.urlencode({"query-text": "ASK {}"}))
    text = body.decode("utf-8")
    assert status == 200 and headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert ("<p>SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST). Read-only; queries stop after 7 s "
            "and at most 300 rows.</p>") in text
    assert ("<p>Prefixes you may use without declaring them: "
            + " ".join(f"<code>{p}:</code>" for p in PREFIXES) + "</p>") in text
    assert '<textarea name="query" rows="12" spellcheck="false">ASK {}</textarea>' in text
    assert "".join(f'<option value="{f}">{f}</option>' for f in
                   ("html", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld")) in text
    assert '<p class="error">' not in text and "<table>" not in text and 'href="/explorer"' not in text
    assert "<h2>Saved questions</h2><dl><dt><code>" in text and text.endswith("</dd></dl></body></html>")
    for question in saved_questions().values():
        link = html.escape("/?query-text=" + urllib.parse.quote(question.text, safe=""), quote=True)
        assert f'<a href="{link}">open in the query box</a>' in text
        assert f"<details><summary>SPARQL</summary><pre>{html.escape(question.text)}</pre></details></dd>" in text
        if question.params:
            assert "parameters: " + html.escape(", ".join(p.describe() for p in question.params)) in text
    # an empty box gets the example query
    _, _, body = fetch(one.url + "?query-text=")
    assert "?firm a szkg:Firm ; skos:prefLabel ?label ." in body.decode("utf-8")


def test_html_answers_show_the_rows_the_triples_and_the_boolean(one):
    endpoint = one.url + "sparql"
    status, headers, body = get(endpoint, HUAWEI_LABELS, format="html")
    text = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "<p>3 rows in " in text and "<table><tr><th>l</th></tr>" in text
    assert {"<td>华为</td>", "<td>華為</td>", "<td>Huawei</td>"} <= set(re.findall(r"<td>[^<]*</td>", text))
    assert html.escape(HUAWEI_LABELS) in text  # the query stays in the box
    _, _, body = get(endpoint, "CONSTRUCT WHERE { ent:huawei skos:prefLabel ?l }", format="html")
    text = body.decode("utf-8")
    assert "<p>3 rows in " in text and "<tr><th>subject</th><th>predicate</th><th>object</th></tr>" in text
    assert "<tr><td>ent:huawei</td><td>skos:prefLabel</td><td>Huawei</td></tr>" in text
    _, _, body = get(endpoint, "ASK { ent:huawei ?p ?o }", format="html")
    assert "<p>Answer: <strong>true</strong></p>" in body.decode("utf-8")
    _, _, body = get(endpoint, "ASK { ent:huawei ent:huawei ent:huawei }", format="html")
    assert "<p>Answer: <strong>false</strong></p>" in body.decode("utf-8")


def test_text_answers_name_their_charset_and_others_do_not(one):
    endpoint = one.url + "sparql"
    assert get(endpoint, HUAWEI_LABELS, "text/csv")[1]["Content-Type"] == "text/csv; charset=utf-8"
    assert get(endpoint, HUAWEI_LABELS)[1]["Content-Type"] == "application/sparql-results+json"
    _, headers, _ = get(endpoint, "CONSTRUCT WHERE { ent:huawei skos:prefLabel ?l }")
    assert headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Vary"] == "Accept"
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_every_refusal_says_what_to_do_in_one_line(one):
    endpoint = one.url + "sparql"
    cases = [
        (fetch(one.url + "nope"), 404, "no such page: /nope; the endpoint is /sparql"),
        (fetch(one.url + "static/nope.js"), 404, "no such file: /static/nope.js"),
        (fetch(one.url + "elsewhere", data=b"query=x",
               headers={"Content-Type": "application/x-www-form-urlencoded"}), 404,
         "no such endpoint: /elsewhere; POST to /sparql"),
        (fetch(endpoint, data=b"x", headers={"Content-Type": "text/plain; charset=utf-8"}), 415,
         "unsupported Content-Type 'text/plain'; use application/x-www-form-urlencoded, "
         "application/sparql-query or application/sparql-update"),
        (fetch(endpoint, data=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}), 400,
         "the request body is not UTF-8"),
        (fetch(endpoint + "?" + urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")])), 400,
         "send exactly one query= or update= (SPARQL 1.1 Protocol)"),
        (post_form(endpoint, update="CLEAR ALL", **{"using-graph-uri": "urn:g"}), 400,
         "using-graph-uri is not supported; write USING in the update"),
        (post_form(endpoint, update="ASK {}"), 400, "an update was sent as query=, or a query as update="),
        (post_form(endpoint, query="ASK {}", param="=x"), 400,
         "param='=x': write param=NAME=VALUE (or NAME:KIND=VALUE)"),
        (fetch(one.url + "entity/huawei?lang=fr"), 400, "lang='fr': choose one of zh-Hans, zh-Hant, en"),
        (fetch(one.url + "entity/" + "x" * 301), 404, "no such entity; an entity's page is /entity/<id>"),
        (fetch(endpoint, method="PUT", data=b"x"), 405,
         "PUT is not allowed here; the endpoint answers GET, HEAD, POST, OPTIONS"),
        (get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv"), 406,
         "Accept: text/csv does not fit a CONSTRUCT or DESCRIBE answer (a graph); it can be written as "),
    ]
    for (status, headers, body), expected_status, message in cases:
        text = body.decode("utf-8")
        assert (status, text.count("\n")) == (expected_status, 1), (message, status, text)
        assert text.startswith(message), (message, text)
        assert headers["Content-Type"] == "text/plain; charset=utf-8"


def test_a_browser_gets_the_error_on_the_page(one):
    status, headers, body = fetch(one.url + "nope", headers={"Accept": "text/html"})
    text = body.decode("utf-8")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<p class="error">no such page: /nope; the endpoint is /sparql</p>' in text
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_body_limit_and_a_length_that_is_no_number(one):
    big = b"query=" + b"x" * 1_000_000
    status, _, body = fetch(one.url + "sparql", data=big,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, body.decode()) == (413, "the request body has 1000006 bytes; the limit is 1000000\n")
    status, body = raw(one, b"POST /sparql HTTP/1.0\r\nContent-Type: application/sparql-query\r\n"
                            b"Content-Length: many\r\n\r\nASK {}")
    assert (status, body) == (400, b"Content-Length is not a number\n")
    # a body of one byte is read (a length of 1 is not "no body")
    status, body = raw(one, b"POST /sparql?format=json HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded"
                            b"\r\nContent-Length: 1\r\n\r\nx")
    assert (status, body) == (400, b"send exactly one query= or update= (SPARQL 1.1 Protocol)\n")
    status, _, body = fetch(one.url + "sparql", data=b"x", headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and body.startswith(b"query: ") and b"line 1" in body  # the parser read the one byte
    status, _, body = fetch(one.url + "sparql", data=b"", headers={"Content-Type": "application/sparql-query"})
    assert (status, body) == (400, b"query: the query is empty\n")


def test_head_answers_the_headers_without_the_body(one):
    status, headers, body = fetch(one.url + "sparql?" + urllib.parse.urlencode({"query": HUAWEI_LABELS}),
                                  method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_a_hub_card_links_to_every_statement_in_the_language_asked(one):
    from graph.rdf import CARD_LIMIT

    _, _, body = fetch(one.url + "entity/shenzhen?lang=en")
    text = body.decode("utf-8")
    assert f"at most {CARD_LIMIT} statements" in text
    assert '<a href="?all=1&amp;lang=en">Show every statement and quote</a>' in text
    _, _, body = fetch(one.url + "entity/shenzhen")
    assert '<a href="?all=1">Show every statement and quote</a>' in body.decode("utf-8")
    status, headers, body = fetch(one.url + "entity/shenzhen?all=1")
    assert status == 200 and "Show every statement" not in body.decode("utf-8")
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert len(body) > len(fetch(one.url + "entity/shenzhen?all=0")[2])


def test_an_update_from_the_endpoints_own_page_is_accepted_and_the_page_says_updates_are_allowed(writable):  # noqa: F811
    endpoint = writable.url + "sparql"
    host, port = writable.server_address[:2]
    status, _, body = fetch(endpoint, data=urllib.parse.urlencode(
        {"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{host}:{port}"})
    assert (status, body) == (200, b"update done\n")
    status, _, body = fetch(endpoint, data=b"DELETE DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
                            headers={"Content-Type": "application/sparql-update", "Origin": "http://evil.test"})
    assert (status, body) == (403, b"update refused: it comes from a page of another site (http://evil.test)\n")
    status, _, body = get(endpoint, "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }")
    assert status == 200 and json.loads(body)["boolean"] is True
    # a long update (past the texts whose inspection is kept) is inspected as allowed too
    long_update = "# " + "x" * 17_000 + "\nDELETE DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    assert post_form(endpoint, update=long_update)[:3:2] == (200, b"update done\n")
    assert json.loads(get(endpoint, "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }")[2])["boolean"] is False
    _, _, body = fetch(writable.url + "?query-text=x")
    assert "Read-only (updates allowed); queries stop after 5 s" in body.decode("utf-8")


def test_a_query_sent_to_the_root_is_answered_there_and_elsewhere_is_404(one):
    status, headers, body = fetch(one.url + "?" + urllib.parse.urlencode({"query": "ASK { ent:huawei ?p ?o }"}))
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = fetch(one.url + "other?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert (status, body) == (404, b"no such page: /other; the endpoint is /sparql\n")


def test_the_preflight_answer_is_empty_plain_text(one):
    status, headers, body = fetch(one.url + "sparql", method="OPTIONS")
    assert (status, body, headers["Content-Type"]) == (204, b"", "text/plain; charset=utf-8")


def test_a_server_that_logs_requests_still_answers_them(store_path, capfd):
    srv = running(ServerConfig(store_path, workers=1, quiet=False))
    try:
        status, _, body = get(srv.url + "sparql", HUAWEI_LABELS)
        assert status == 200 and "华为".encode() in body
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_browser_whose_query_timed_out_finds_it_in_the_box(store_path):
    from tests.test_server import CROSS_JOIN

    srv = running(ServerConfig(store_path, timeout=1, workers=1, quiet=True))
    try:
        status, headers, body = get(srv.url + "sparql", CROSS_JOIN, "text/html")
        text = body.decode("utf-8")
        assert status == 503 and headers["Retry-After"] == "1" and headers["Content-Type"] == "text/html; charset=utf-8"
        assert '<p class="error">the query timed out after 1 s and was stopped</p>' in text
        assert f'spellcheck="false">{html.escape(CROSS_JOIN)}</textarea>' in text
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_folder_that_is_no_store_stops_the_server_before_it_serves(tmp_path):
    from graph.errors import StoreError
    from graph.query.server import make_server

    with pytest.raises(StoreError, match="cannot open the store"):
        make_server(ServerConfig(tmp_path, workers=1, quiet=True), "127.0.0.1", 0)


def test_a_store_in_memory_is_served_too():
    import pyoxigraph as ox

    from graph.store.embedded import MemoryStore

    store = MemoryStore([ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"))])
    srv = running(ServerConfig(store, workers=1, quiet=True))
    try:
        status, _, body = get(srv.url + "sparql", "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }", "text/csv")
        assert (status, body) == (200, b"o\r\nc\r\n")
        status, _, body = post_form(srv.url + "sparql", update="CLEAR ALL")
        assert status == 403 and b"updates are refused" in body
    finally:
        srv.shutdown()
        srv.server_close()


def unreachable_store_server():
    """An endpoint in front of a remote store on a port nothing listens on, and that store's URL."""
    import socket

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    store = f"http://127.0.0.1:{port}/sparql"
    return running(ServerConfig(store, workers=1, quiet=True, timeout=5)), store


def test_a_remote_store_that_cannot_be_reached_is_a_500_naming_it():
    """The endpoint in front of a remote store: the store's failure is the server's (500), said in one line."""
    srv, store = unreachable_store_server()
    try:
        status, headers, body = get(srv.url + "sparql", "ASK {}")
        assert status == 500 and headers["Content-Type"] == "text/plain; charset=utf-8"
        assert body.decode("utf-8").startswith(f"{store}: cannot reach the store")
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_remote_store_that_does_not_answer_in_time_is_a_503_as_a_local_timeout_is():
    """The endpoint's deadline is the remote request's timeout: when the store does not answer
    in time, the client is told to retry (503, Retry-After), not that its query was bad (400)."""
    import socket

    silent = socket.socket()  # accepts connections (the kernel's backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    store = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
    srv = running(ServerConfig(store, workers=1, quiet=True, timeout=1))
    try:
        status, headers, body = get(srv.url + "sparql", "ASK {}")
        assert (status, headers.get("Retry-After")) == (503, "1")
        assert body.decode("utf-8") == f"{store}: query timed out after 1 s\n"
    finally:
        srv.shutdown()
        srv.server_close()
        silent.close()


def test_the_text_of_a_saved_question_is_that_question_and_errors_name_it(one):
    from graph.query.questions import saved_question
    from graph.query.ui import with_prefixes

    text = saved_question("firms-enabled-by").text
    for shown in (text, with_prefixes(text)):
        status, _, body = post_form(one.url + "sparql", query=shown, param="firm=华为")
        assert (status, body.decode("utf-8")) == (
            400, "firms-enabled-by has no parameter 'firm'; it takes: policy (entity:Policy)\n")
    # edited text is the request's own query
    status, _, body = post_form(one.url + "sparql", query=text + "\n", param="firm=华为")
    assert (status, body.decode("utf-8")) == (
        400, "the query has no parameter 'firm'; it takes: policy (entity:Policy)\n")


# ---------------------------------------------------------------- the second run (docs/testing.md ⁴)


def test_an_accept_that_refuses_every_format_it_names_gets_the_default(one):
    """``q=0`` means "not this one": a client that refuses CSV for a CONSTRUCT asks for nothing in
    particular and gets Turtle, not a 406 saying CSV does not fit."""
    construct = ("CONSTRUCT WHERE { <https://w3id.org/szkg/id/huawei> "
                 "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    status, headers, body = get(one.url + "sparql", construct, "text/csv;q=0")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Huawei" in body.decode("utf-8")
    status, _, body = get(one.url + "sparql", construct, "text/csv")  # CSV itself still does not fit
    assert status == 406 and body.decode("utf-8").startswith("Accept: text/csv does not fit")


def test_a_406_lists_exactly_the_formats_the_answer_can_be_written_in(one):
    """The plain-text table and Markdown are the command line's formats, not the endpoint's: a 406
    names only what a client can ask for."""
    status, _, body = get(one.url + "sparql", HUAWEI_LABELS, format="turtle")
    assert (status, body.decode("utf-8")) == (406, (
        "format 'turtle' does not fit a SELECT answer (a table); it can be written as csv (text/csv), "
        "tsv (text/tab-separated-values), json (application/sparql-results+json), "
        "xml (application/sparql-results+xml), html (text/html)\n"))
    status, _, body = get(one.url + "sparql", "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert (status, body.decode("utf-8")) == (406, (
        "Accept: text/csv does not fit a CONSTRUCT or DESCRIBE answer (a graph); it can be written as "
        "turtle (text/turtle), ntriples (application/n-triples), jsonld (application/ld+json), "
        "rdfxml (application/rdf+xml), html (text/html)\n"))


def test_an_empty_query_is_a_query_and_an_empty_box_is_the_plain_page(one):
    """A parameter given empty is given: ``query=`` is an empty query (named as such), not a request
    without one, and ``/?query-text=`` opens the plain page with an empty box, not the query UI."""
    status, _, body = fetch(one.url + "sparql?query=")
    assert (status, body) == (400, b"query: the query is empty\n")
    status, _, body = fetch(one.url + "?query-text=")
    text = body.decode("utf-8")
    assert status == 200 and "<h1>szkg — ask the graph</h1>" in text and "yasgui" not in text.lower()


def test_a_worker_that_cannot_start_is_tried_again_until_the_store_is_back(store_path, tmp_path, capfd):
    """The supervisor replaces an ended worker; while the store cannot be opened it says so and tries
    again, and once the store is back the endpoint answers (a request waiting meanwhile included)."""
    import os
    import shutil
    import signal
    import time

    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    srv = running(ServerConfig(copy, workers=1, quiet=True))
    try:
        assert get(srv.url + "sparql", "ASK {}")[0] == 200
        away = tmp_path / "away"
        copy.rename(away)
        (pid,) = srv.worker_pids()
        os.kill(pid, signal.SIGKILL)
        err, deadline = "", time.monotonic() + 60
        while "cannot start an endpoint worker" not in err and time.monotonic() < deadline:
            time.sleep(0.1)
            err += capfd.readouterr().err
        assert err.startswith(f"szkg serve: cannot start an endpoint worker: {copy}")
        away.rename(copy)
        status, _, body = get(srv.url + "sparql", "ASK {}", "text/csv")
        assert (status, body) == (200, b"true")
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_body_of_exactly_the_limit_is_read(one):
    """The limit is the largest body accepted: one of exactly ``max_body`` bytes is answered."""
    form = b"query=ASK+%7B%7D&padding="  # a parameter the protocol does not read
    body = form + b"x" * (1_000_000 - len(form))
    status, _, answer = fetch(one.url + "sparql", data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})
    assert (status, answer) == (200, b"true")


def test_a_server_that_lets_some_origins_read_says_its_answers_vary_by_origin(store_path):
    """A cache must not hand an answer without CORS headers to an allowed page (or the reverse): every
    answer of a server with a list of origins says ``Vary: Accept, Origin``, whoever asked."""
    srv = running(ServerConfig(store_path, workers=1, quiet=True, cors_origins=("https://a.example",)))
    try:
        for headers in ({}, {"Origin": "https://evil.example"}, {"Origin": "https://a.example"}):
            url = srv.url + "sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
            status, answer, _ = fetch(url, headers=headers)
            assert status == 200 and answer["Vary"] == "Accept, Origin"
            allowed = headers.get("Origin") == "https://a.example"
            assert answer.get("Access-Control-Allow-Origin") == ("https://a.example" if allowed else None)
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_post_without_a_content_type_is_told_which_to_send(one):
    status, body = raw(one, b"POST /sparql HTTP/1.0\r\nContent-Length: 6\r\n\r\nASK {}")
    assert (status, body) == (415, b"unsupported Content-Type ''; use application/x-www-form-urlencoded, "
                                   b"application/sparql-query or application/sparql-update\n")


def test_an_id_of_300_characters_is_looked_up(one):
    """300 characters is the longest id the card page looks up; one more is refused unread."""
    status, _, body = fetch(one.url + "entity/" + "x" * 300)
    assert status == 404 and body.decode("utf-8").startswith("no entity '" + "x" * 300 + "' in this graph (")


def test_a_card_whose_store_cannot_be_reached_is_a_500_naming_it():
    srv, store = unreachable_store_server()
    try:
        status, _, body = fetch(srv.url + "entity/huawei")
        assert status == 500
        assert body.decode("utf-8").startswith(f"{store}: cannot reach the store")
    finally:
        srv.shutdown()
        srv.server_close()


def test_the_plain_page_is_titled_and_declares_its_language_and_charset(one):
    _, _, body = fetch(one.url + "?query-text=x")
    assert body.decode("utf-8").startswith(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>szkg SPARQL</title>')


def test_serve_answers_until_sigterm_then_stops_cleanly(store_path):
    """``szkg serve`` run as a service: it answers, and ``kill`` (SIGTERM) stops it and its workers
    with exit status 0."""
    import signal
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from graph.query.server import ServerConfig, serve; "
            "serve(ServerConfig(Path(sys.argv[1]), workers=1, quiet=True), '127.0.0.1', 0, "
            "announce=lambda line: print(line, flush=True))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(store_path)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:")
        endpoint = line.split()[2]
        assert get(endpoint, "ASK {}", "text/csv")[::2] == (200, b"true")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
