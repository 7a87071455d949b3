"""The readers' own SPARQL (graph/queries/read/*.rq): each parses, each is used, and none is
offered to users as a saved question."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.query.questions import saved_questions
from graph.query.reads import read_query, read_query_names
from graph.vocab import sparql_prefixes

CODE = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "graph").rglob("*.py"))
NAMES = read_query_names()


def test_there_are_reader_queries_and_none_is_a_saved_question():
    assert len(NAMES) >= 15
    assert not set(NAMES) & set(saved_questions())


@pytest.mark.parametrize("name", NAMES)
def test_each_parses_and_runs_on_an_empty_store(name):
    answer = ox.Store().query(sparql_prefixes() + read_query(name), use_default_graph_as_union=True)
    assert list(answer) == [] or name in ("kept-out", "card-mention-count")  # aggregates answer one row


@pytest.mark.parametrize("name", NAMES)
def test_each_is_used_by_the_code(name):
    assert f'"{name}"' in CODE or "card-count-{d}" in CODE and name.startswith("card-count-") \
        or "card-group-{direction}" in CODE and name.startswith("card-group-"), f"{name}.rq is never read"
