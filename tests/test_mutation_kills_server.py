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
