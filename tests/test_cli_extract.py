"""`szkg ingest / extract / review / accept / eval` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph.cli.app import cli
from graph.curate.sources import load_corpus, load_documents
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY

DATA = Path(__file__).parent / "data"
NEW = ["new_article_hans.md", "new_article_hant_big5.txt", "new_article_gb18030.html"]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def ingested(sources: Path, name: str) -> str:
    result = run("ingest", "--sources", sources, "--ontology", ONTOLOGY, DATA / name)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("added: ")
    return result.output.split("→ ")[1].strip()


@pytest.mark.parametrize("name", NEW)
def test_ingest_and_extract_a_new_article_give_verbatim_quotes(sources_copy, name):
    doc_id = ingested(sources_copy, name)
    result = run("extract", doc_id, "--sources", sources_copy, "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.output
    assert "candidate statements" in result.output
    review = yaml.safe_load((sources_copy / "review" / f"{doc_id}.yaml").read_text(encoding="utf-8"))
    text = load_documents(sources_copy)[doc_id].text
    assert review["document"] == doc_id and review["statements"]
    for item in review["statements"] + review["entities"]:
        assert text[item["start"]:item["start"] + len(item["quote"])] == item["quote"]
        assert item["status"] == "candidate" and 0 < item["confidence"] <= 1
        assert item["extractor"].startswith("szkg-extract/")


def test_review_then_accept_merges_into_valid_sources(sources_copy):
    doc_id = ingested(sources_copy, "new_article_hans.md")
    run("extract", doc_id[:3], "--sources", sources_copy, "--ontology", ONTOLOGY)
    shown = run("review", doc_id[:3], "--sources", sources_copy, "--ontology", ONTOLOGY)
    assert shown.exit_code == 0 and "Candidates of" in shown.output
    review_file = sources_copy / "review" / f"{doc_id}.yaml"
    review = yaml.safe_load(review_file.read_text(encoding="utf-8"))
    first = review["statements"][0]
    assert first["id"] in shown.output
    result = run("accept", doc_id, "--ids", first["id"], "--sources", sources_copy, "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.output
    assert "1 curated and 0 extracted" in result.output
    facts = yaml.safe_load((sources_copy / "facts" / f"{doc_id}.yaml").read_text(encoding="utf-8"))
    assert facts["statements"][0]["status"] == "curated"
    assert (facts["statements"][0]["s"], facts["statements"][0]["o"]) == (first["s"], first["o"])
    left = yaml.safe_load(review_file.read_text(encoding="utf-8"))["statements"]
    assert len(left) == len(review["statements"]) - 1
    result = run("accept", doc_id, "--all", "--sources", sources_copy, "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.output
    assert not review_file.exists()
    corpus = load_corpus(sources_copy, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    mine = [s for s in corpus.statements if s.evidence.document == doc_id]
    assert len(mine) == len(review["statements"])
    assert {s.status for s in mine} == {"curated", "extracted"}
    assert all(s.confidence is not None for s in mine if s.status == "extracted")


def test_accept_with_nothing_chosen_is_a_clear_error(sources_copy):
    doc_id = ingested(sources_copy, "new_article_gb18030.html")
    run("extract", doc_id, "--sources", sources_copy, "--ontology", ONTOLOGY)
    result = run("accept", doc_id, "--sources", sources_copy, "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    assert "nothing to accept" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (["extract", "999_nope"], "document '999_nope' is not in documents.yaml"),
    (["review", "999_nope"], "no review file for document '999_nope'"),
    (["accept", "004", "--ids", "x"], "'x' is not a candidate id"),
])
def test_unknown_documents_and_bad_options(sources_copy, args, message):
    result = run(*args, "--sources", sources_copy, "--ontology", ONTOLOGY)
    assert result.exit_code in (1, 2)
    assert message in result.output and "Traceback" not in result.output


def test_ingest_of_a_bad_file_is_one_line_and_writes_nothing(sources_copy, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00binary\x00")
    before = (sources_copy / "documents.yaml").read_bytes()
    result = run("ingest", "--sources", sources_copy, "--ontology", ONTOLOGY, bad)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "binary" in result.output and str(bad) in result.output
    assert (sources_copy / "documents.yaml").read_bytes() == before


def one_of_each_split(sources: Path) -> list[str]:
    """``-d`` options naming the first document of each split (the whole corpus is `szkg eval` in CI's log)."""
    from graph.curate.evaluate import split_of

    ids = sorted(load_documents(sources))
    picked = [next(d for d in ids if split_of(d) == split) for split in ("seed", "tune", "test")]
    return [x for d in picked for x in ("-d", d)]


def test_eval_prints_tables_and_numbers(sources_copy):
    some = one_of_each_split(sources_copy)
    result = run("eval", "--no-errors", "--sources", sources_copy, "--ontology", ONTOLOGY, *some)
    assert result.exit_code == 0, result.output
    assert "seed   1 documents" in result.output and "test   1 documents" in result.output
    for split in ("seed", "tune", "test"):
        for text in (f"{split}: entities per type", f"{split}: relations per predicate",
                     f"{split}: precision of candidate statements by confidence"):
            assert text in result.output
    for text in ("entity F1", "relation F1", "leave-one-document-out", "frozen split", "docs/evaluation.md"):
        assert text in result.output
    data = json.loads(run("eval", "--format", "json", "--sources", sources_copy, "--ontology", ONTOLOGY, *some).output)
    for split in ("seed", "tune", "test"):
        part = data["splits"][split]
        assert 0 < part["entities"]["f1"] <= 1 and 0 < part["relations"]["f1"] <= 1
        assert part["calibration"]["bands"] and part["scripts"]
    assert "relation_misses" in data["splits"]["seed"]["errors"][0]
    assert "relation_misses" not in data["splits"]["test"]["errors"][0]
