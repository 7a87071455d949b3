"""`szkg eval --unseen`: a batch of tune documents scored as the test split is, before anything is fitted on it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import graph.curate.evaluate as ev
from graph.cli.app import cli as main
from graph.curate.evaluate import UNSEEN, evaluate, split_of, unseen_documents
from graph.errors import SzkgError
from tests.conftest import ONTOLOGY, SOURCES

IDS = ["000_8038bac2c53f9c46", "007_aaaaaaaaaaaaaaa6", "010_bbbbbbbbbbbbbbbf", "012_cccccccccccccccc",
       "013_ddddddddddddddd1"]


def test_unseen_documents_are_named_by_id_or_number_or_picked_from_a_number():
    assert unseen_documents(IDS, ["007_aaaaaaaaaaaaaaa6"], None, "x") == {"007_aaaaaaaaaaaaaaa6"}
    assert unseen_documents(IDS, ["010"], None, "x") == {"010_bbbbbbbbbbbbbbbf"}
    # from a number: the tune documents numbered that or more, never a test (013) or seed one
    assert unseen_documents(IDS, [], 10, "x") == {"010_bbbbbbbbbbbbbbbf", "012_cccccccccccccccc"}
    assert unseen_documents(IDS, [], 11, "x") == {"012_cccccccccccccccc"}
    assert unseen_documents(IDS, [], None, "x") == set()


@pytest.mark.parametrize(("name", "what"), [
    ("013_ddddddddddddddd1", "is in the test split"),
    ("000", "is in the seed split"),
    ("999", "no such document"),
    ("nonsense", "no such document"),
])
def test_a_name_that_is_not_one_tune_document_is_refused(name, what):
    with pytest.raises(SzkgError, match=what) as err:
        unseen_documents(IDS, [name], None, "sources/documents.yaml")
    assert name in str(err.value) and "sources/documents.yaml" in str(err.value)


def test_a_number_two_documents_share_is_refused():
    with pytest.raises(SzkgError, match="the number of 2 documents"):
        unseen_documents([*IDS, "012_eeeeeeeeeeeeeeee"], ["012"], None, "x")


@pytest.fixture(scope="module")
def two_tune(built):
    with_facts = {st.evidence.document for st in built.corpus.statements}
    tune = sorted(d for d in with_facts if split_of(d) == "tune")
    assert len(tune) >= 2
    return tune[-2:]


def test_unseen_documents_are_scored_as_test_in_their_own_group(two_tune, monkeypatch):
    """Each unseen document's gazetteer leaves out every unseen one (and the test split), and the learned
    pairs run on it; the other tune documents still know the unseen ones and run without learned pairs."""
    seen_known, learned = {}, {}
    real_known, real_extractor = ev.known_elsewhere, ev.Extractor

    def known_elsewhere(corpus, doc, used, mentioned, known=None, **kwargs):
        seen_known[doc] = set(known)
        return real_known(corpus, doc, used, mentioned, known, **kwargs)

    def extractor(*args, **kwargs):
        made = real_extractor(*args, **kwargs)
        learned[len(learned)] = kwargs["learned"]
        return made

    monkeypatch.setattr(ev, "known_elsewhere", known_elsewhere)
    monkeypatch.setattr(ev, "Extractor", extractor)
    first, second = two_tune
    result = evaluate(SOURCES, ONTOLOGY, documents=[first, second], unseen=[second])
    assert [r.document for r in result.splits[UNSEEN].documents] == [second]
    assert [r.document for r in result.splits["tune"].documents] == [first]
    assert second not in seen_known[second] and second not in seen_known[first]
    assert first in seen_known[second]
    assert not any(split_of(d) == "test" for d in seen_known[second])
    assert list(learned.values()) == [False, True]  # sorted: first (tune), then second (unseen)

    seen_known.clear()
    evaluate(SOURCES, ONTOLOGY, documents=[first], unseen=[first, second])
    assert second not in seen_known[first] and first not in seen_known[first]


def test_the_cli_reports_the_unseen_group_with_its_errors(two_tune):
    first, second = two_tune
    result = CliRunner().invoke(main, ["eval", "-d", first, "-d", second, "--unseen", second[:3],
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [e["document"] for e in data["splits"][UNSEEN]["errors"]] == [second]
    assert "entity_misses" in data["splits"][UNSEEN]["errors"][0]  # a tune document: its errors may be read
    assert data["splits"]["tune"]["documents"] == 1
    table = CliRunner().invoke(main, ["eval", "-d", second, "--unseen", second, "--no-errors"])
    assert table.exit_code == 0, table.output
    assert "unseen  1 documents" in table.output or "unseen 1 documents" in table.output


def test_the_cli_refuses_a_test_document_named_unseen_in_one_line(built):
    test_doc = next(d for d in sorted(built.corpus.documents) if split_of(d) == "test")
    result = CliRunner().invoke(main, ["eval", "--unseen", test_doc])
    assert result.exit_code != 0
    assert test_doc in result.output and "test split" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_calibration_can_be_measured_on_chosen_documents_only(two_tune):
    """graph.calibrate_rules(…, documents=…): how calibrating on the articles no rule was written from was compared
    held out (docs/evaluation.md); only the chosen documents' candidates are counted."""
    from graph.curate.evaluate import calibrate

    one = calibrate(SOURCES, ONTOLOGY, documents=two_tune[:1])
    both = calibrate(SOURCES, ONTOLOGY, documents=two_tune)
    assert one["documents"] == 1 and both["documents"] == 2
    counted = lambda table: sum(row["candidates"] for kind in ("relations", "entities") for row in table[kind].values())
    assert 0 < counted(one) < counted(both)
