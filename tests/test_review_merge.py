"""Review that loses nothing (issue 22): stable candidate ids, re-extraction that merges with the
review file, symmetric relations once, and errors that say what happened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph.cli.app import cli
from graph.curate.edit import facts_text
from graph.curate.review import candidate_id
from graph.curate.sources import load_corpus
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY

DATA = Path(__file__).parent / "data"
SEED = "004_7ac091414ba7caeb"  # names intellifusion and shenzhen-bus-group as partners, both ways round


def run(sources: Path, *args: str):
    return CliRunner().invoke(cli, [*map(str, args), "--sources", str(sources), "--ontology", str(ONTOLOGY)],
                              catch_exceptions=False)


def ok(sources: Path, *args: str) -> str:
    result = run(sources, *args)
    assert result.exit_code == 0, result.output
    return result.output


def fails(sources: Path, *args: str) -> str:
    result = run(sources, *args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture
def article(sources_copy) -> tuple[Path, str]:
    """A copy of the sources with a new article ingested and extracted once."""
    out = ok(sources_copy, "ingest", DATA / "new_article_hans.md")
    doc_id = out.split("→ ")[1].strip()
    ok(sources_copy, "extract", doc_id)
    return sources_copy, doc_id


def review_file(sources: Path, doc_id: str) -> Path:
    return sources / "review" / f"{doc_id}.yaml"


def statements(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]


def facts(sources: Path, doc_id: str) -> list[dict]:
    path = sources / "facts" / f"{doc_id}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["statements"] if path.exists() else []


def set_line(path: Path, cid: str, **changes) -> None:
    """Edit the review line of candidate ``cid`` in place, as a reviewer would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"  - {{id: {cid},"))
    item = yaml.safe_load(lines[at][4:])
    item.update(changes)
    lines[at] = "  - " + yaml.safe_dump(item, default_flow_style=True, allow_unicode=True, sort_keys=False,
                                       width=10**6).strip() + "\n"
    path.write_text("".join(lines), encoding="utf-8")


# ------------------------------------------------------------------ ids


def test_ids_are_hashes_of_the_fact_and_stable_across_runs(article, tmp_path):
    sources, doc_id = article
    path = review_file(sources, doc_id)
    first = statements(path)
    assert len({s["id"] for s in first}) == len(first) > 3
    for s in first:
        assert s["id"] == candidate_id(s["s"], s["p"], s["o"], s["start"], s["start"] + len(s["quote"]))
    ok(sources, "extract", doc_id)
    assert [s["id"] for s in statements(path)] == [s["id"] for s in first]
    # accepting one does not renumber the others: the id an earlier listing showed still means that fact
    listing = ok(sources, "review", doc_id)
    assert all(s["id"] in listing for s in first)
    ok(sources, "accept", doc_id, "--ids", first[0]["id"])
    left = {s["id"]: (s["s"], s["p"], s["o"], s["start"]) for s in statements(path)}
    assert left == {s["id"]: (s["s"], s["p"], s["o"], s["start"]) for s in first[1:]}
    target = first[2]
    ok(sources, "accept", doc_id, "--ids", target["id"])
    accepted = facts(sources, doc_id)[-1]
    assert (accepted["s"], accepted["p"], accepted["o"], accepted["quote"]) == (
        target["s"], target["p"], target["o"], target["quote"])


# ------------------------------------------------------------------ merge


def test_decisions_survive_reextraction_and_the_backup_is_the_previous_file(article):
    sources, doc_id = article
    path = review_file(sources, doc_id)
    assert not path.with_name(path.name + ".bak").exists()  # nothing to back up on the first run
    first = statements(path)
    curated, rejected, edited, qualified = (s["id"] for s in first[:4])
    set_line(path, curated, status="curated")
    set_line(path, rejected, status="rejected")
    set_line(path, edited, quote=first[2]["quote"][:4])  # the reviewer shortened the quote
    set_line(path, qualified, time="former")
    before = path.read_bytes()
    lines_before = {s["id"]: s for s in statements(path)}
    out = ok(sources, "extract", doc_id)
    assert f"merged: 4 decisions kept, {len(first) - 4} open candidates unchanged, 0 added" in out
    assert path.with_name(path.name + ".bak").read_bytes() == before
    assert "previous one kept as" in out and ".yaml.bak" in out
    after = {s["id"]: s for s in statements(path)}
    for cid in (curated, rejected, edited, qualified):
        assert after[cid] == lines_before[cid]
    assert after[curated]["status"] == "curated" and after[rejected]["status"] == "rejected"
    assert after[edited]["quote"] == first[2]["quote"][:4] and after[qualified]["time"] == "former"
    assert len(after) == len(first)  # nothing proposed twice
    # a second re-extraction backs up the merged file, not the first one
    merged = path.read_bytes()
    ok(sources, "extract", doc_id)
    assert path.with_name(path.name + ".bak").read_bytes() == merged
    assert path.read_bytes() == merged


def test_accepted_facts_are_not_proposed_again_and_rejections_stay(article):
    sources, doc_id = article
    path = review_file(sources, doc_id)
    first = statements(path)
    set_line(path, first[1]["id"], status="rejected")
    ok(sources, "accept", doc_id, "--ids", f"{first[0]['id']},{first[2]['id']}")
    out = ok(sources, "extract", doc_id)
    assert "2 dropped because already accepted" in out and "1 decisions kept" in out
    again = {s["id"]: s for s in statements(path)}
    assert first[0]["id"] not in again and first[2]["id"] not in again
    assert again[first[1]["id"]]["status"] == "rejected"  # accept kept the rejection; extract did not undo it
    accepted = {(f["s"], f["p"], f["o"]) for f in facts(sources, doc_id)}
    assert not accepted & {(s["s"], s["p"], s["o"]) for s in again.values()}


def test_a_seed_document_is_not_offered_its_own_facts(sources_copy):
    out = ok(sources_copy, "extract", SEED)
    dropped = int(out.split(" added, ")[1].split(" dropped")[0])
    assert dropped > 10
    gold = set()
    for f in facts(sources_copy, SEED):
        gold |= {(f["s"], f["p"], f["o"]), (f["o"], f["p"], f["s"])} if f["p"] == "partnersWith" else \
            {(f["s"], f["p"], f["o"])}
    assert not gold & {(s["s"], s["p"], s["o"]) for s in statements(review_file(sources_copy, SEED))}


# ------------------------------------------------------------------ symmetric relations


def test_a_symmetric_relation_is_proposed_once_and_stored_once(sources_copy):
    pair = {"intellifusion", "shenzhen-bus-group"}
    facts_file = sources_copy / "facts" / f"{SEED}.yaml"
    lines = facts_file.read_text(encoding="utf-8").splitlines(keepends=True)
    curated = [line for line in lines if "p: partnersWith" in line and all(f": {e}," in line for e in pair)]
    assert len(curated) == 1  # the seed has it; take it out so that extraction proposes it
    facts_file.write_text("".join(line for line in lines if line not in curated), encoding="utf-8")
    # every candidate, whatever its calibrated confidence: the rule that reads this sentence (partners-with-and) fell
    # below the default 0.25 with the articles of 2026-12-07, and what is tested here is the symmetry, not the threshold
    ok(sources_copy, "extract", SEED, "--min-confidence", "0")
    path = review_file(sources_copy, SEED)
    both = [s for s in statements(path) if s["p"] == "partnersWith" and {s["s"], s["o"]} == pair]
    assert len(both) == 1  # the extractor finds it both ways round; the review file has it once
    line = both[0]
    assert (line["s"], line["o"]) == ("intellifusion", "shenzhen-bus-group")  # canonical order
    ok(sources_copy, "accept", SEED, "--ids", line["id"])
    # a reviewer writes the mirror image of the accepted fact with the same quote: not stored again
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"].append({**line, "id": "0" * 8, "s": line["o"], "o": line["s"], "status": "curated"})
    path.write_text(facts_text(data), encoding="utf-8")
    before = (sources_copy / "facts" / f"{SEED}.yaml").read_bytes()
    assert "already in" in fails(sources_copy, "accept", SEED)
    assert (sources_copy / "facts" / f"{SEED}.yaml").read_bytes() == before
    corpus = load_corpus(sources_copy, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    stored = [s for s in corpus.statements if s.predicate == "partnersWith" and {s.subject, s.object} == pair]
    assert len(stored) == 1
    ok(sources_copy, "extract", SEED)  # and it is not proposed again, in either direction
    assert not [s for s in statements(path) if s["p"] == "partnersWith" and {s["s"], s["o"]} == pair
                and s["status"] == "candidate"]


# ------------------------------------------------------------------ messages


def test_accepting_an_accepted_candidate_says_so(article):
    sources, doc_id = article
    cid = statements(review_file(sources, doc_id))[0]["id"]
    ok(sources, "accept", doc_id, "--ids", cid)
    before = (sources / "facts" / f"{doc_id}.yaml").read_bytes()
    review_before = review_file(sources, doc_id).read_bytes()
    out = fails(sources, "accept", doc_id, "--ids", cid)
    assert f"candidate {cid} is already accepted" in out and f"facts/{doc_id}.yaml:" in out
    assert (sources / "facts" / f"{doc_id}.yaml").read_bytes() == before
    assert review_file(sources, doc_id).read_bytes() == review_before
    # still said when every candidate has been accepted and the review file is gone
    ok(sources, "accept", doc_id, "--all")
    assert not review_file(sources, doc_id).exists()
    assert f"candidate {cid} is already accepted" in fails(sources, "accept", doc_id, "--ids", cid)


def test_an_unknown_id_is_named_with_the_known_ones(article):
    sources, doc_id = article
    known = [s["id"] for s in statements(review_file(sources, doc_id))]
    before = review_file(sources, doc_id).read_bytes()
    out = fails(sources, "accept", doc_id, "--ids", f"{known[0]},deadbeef")
    assert "candidate deadbeef is not in" in out and f"{doc_id}.yaml" in out
    assert f"its candidates: {known[0]}, {known[1]}" in out
    assert review_file(sources, doc_id).read_bytes() == before  # the good id was not accepted either
    assert not (sources / "facts" / f"{doc_id}.yaml").exists()
    out = fails(sources, "accept", doc_id, "--ids", "1")
    assert "candidate 1 is not in" in out and "candidate numbers are gone" in out


def test_extract_never_leaves_a_half_written_review_file(article, monkeypatch):
    sources, doc_id = article
    path = review_file(sources, doc_id)
    set_line(path, statements(path)[0]["id"], status="curated")
    before = path.read_bytes()

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        CliRunner().invoke(cli, ["extract", doc_id, "--sources", str(sources), "--ontology", str(ONTOLOGY)],
                           catch_exceptions=False)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
