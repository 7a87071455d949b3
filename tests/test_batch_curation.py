"""Batch curation (issue 22): ingest folders file by file, extract every pending document on
all cores, accept across documents, and `szkg status` per document."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph.cli.app import cli
from graph.curate.edit import SourcesEdit
from graph.errors import SourceError
from tests.conftest import ONTOLOGY

DATA = Path(__file__).parent / "data"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def curate(sources: Path, *args: object):
    return run(*args, "--sources", sources, "--ontology", ONTOLOGY)


def documents(sources: Path) -> dict[str, dict]:
    return {d["id"]: d for d in yaml.safe_load((sources / "documents.yaml").read_text(encoding="utf-8"))}


def added(output: str) -> dict[str, str]:
    """file name → document id of every `added:` line."""
    return {Path(line.split(": ", 1)[1].split(" → ")[0]).name: line.split(" → ")[1]
            for line in output.splitlines() if line.startswith("added: ")}


@pytest.fixture
def inbox(tmp_path) -> Path:
    """A folder of articles: nested good ones, a duplicate, a binary, an over-size and an unreadable file."""
    root = tmp_path / "inbox"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "nested" / "zz").mkdir()
    (root / "a.md").write_bytes((DATA / "new_article_hans.md").read_bytes())
    (root / "nested" / "c.html").write_bytes((DATA / "new_article_gb18030.html").read_bytes())
    (root / "nested" / "deeper" / "b.txt").write_bytes((DATA / "new_article_hant_big5.txt").read_bytes())
    # the same clean text as b.txt, in UTF-8 instead of Big5
    (root / "nested" / "zz" / "dup.txt").write_text(
        (DATA / "new_article_hant_big5.txt").read_bytes().decode("big5"), encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (root / "big.txt").write_text("深圳的企业。" * 1000, encoding="utf-8")  # 18,000 bytes
    os.mkfifo(root / "fifo.txt")  # root reads anything: a FIFO is what cannot be read as a file
    (root / "locked.md").write_text("深圳的一篇锁住的文章。\n", encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF")  # not an article type: not looked at in a folder
    (root / ".hidden.txt").write_text("深圳隐藏文件。\n", encoding="utf-8")
    return root


@pytest.fixture
def no_permission(monkeypatch):
    """Opening a file named locked.md fails as for a file without read permission."""
    real = os.open

    def fake(path, *args, **kwargs):
        if str(path).endswith("locked.md"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr("graph.curate.guard.os.open", fake)


def test_a_folder_is_ingested_file_by_file_and_the_bad_ones_are_reported(sources_copy, inbox, no_permission):
    before = documents(sources_copy)
    result = curate(sources_copy, "ingest", inbox, "--max-bytes", 10_000)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "Traceback" not in result.output
    assert lines[-1] == "Error: 4 of 8 files refused (see above); the others were ingested"
    by_file = {Path(line.split(": ", 1)[1].split(" ")[0].rstrip(":")).name: line for line in lines[:-1]}
    assert set(by_file) == {"a.md", "big.txt", "binary.txt", "fifo.txt", "locked.md", "c.html", "b.txt", "dup.txt"}
    assert len(lines) == 9  # one line per file; .pdf and hidden files are not looked at
    assert by_file["big.txt"] == f"refused: {inbox / 'big.txt'}: file has 18000 bytes, over the limit of 10000 bytes"
    assert by_file["binary.txt"].startswith(f"refused: {inbox / 'binary.txt'}: ") and "binary" in by_file["binary.txt"]
    assert by_file["fifo.txt"] == f"refused: {inbox / 'fifo.txt'}: file is not a regular file (a device, FIFO or socket)"
    assert by_file["locked.md"] == f"refused: {inbox / 'locked.md'}: file cannot be read: permission denied"
    new = added(result.output)
    assert set(new) == {"a.md", "c.html", "b.txt"}
    assert by_file["dup.txt"] == (f"duplicate: {inbox / 'nested' / 'zz' / 'dup.txt'} "
                                  f"(same text as {inbox / 'nested' / 'deeper' / 'b.txt'} → {new['b.txt']})")
    after = documents(sources_copy)
    assert set(after) == set(before) | set(new.values())  # the good ones, and nothing of the bad ones
    stored = sorted(p.name for p in (sources_copy / "documents").iterdir())
    assert len(stored) == len(after) and all(len([n for n in stored if n.startswith(d)]) == 1 for d in new.values())
    again = curate(sources_copy, "ingest", inbox / "a.md", inbox / "nested")
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        f"unchanged: {inbox / 'a.md'} → {new['a.md']}", f"unchanged: {inbox / 'nested' / 'c.html'} → {new['c.html']}",
        f"unchanged: {inbox / 'nested' / 'deeper' / 'b.txt'} → {new['b.txt']}",
        by_file["dup.txt"]]
    assert documents(sources_copy) == after


def test_a_document_that_fails_validation_leaves_nothing_and_the_others_are_written(sources_copy, inbox, monkeypatch):
    real = SourcesEdit.validate

    def refuse_html(self, ontology_dir):
        if any(rel.endswith(".html") for rel in self.writes):
            raise SourceError("refused for the test", self.root / "documents.yaml")
        return real(self, ontology_dir)

    monkeypatch.setattr(SourcesEdit, "validate", refuse_html)
    before = len(documents(sources_copy))
    result = curate(sources_copy, "ingest", inbox / "a.md", inbox / "nested" / "c.html")
    assert result.exit_code == 1
    assert f"refused: {inbox / 'nested' / 'c.html'}: {sources_copy / 'documents.yaml'}: refused for the test" \
        in result.output.splitlines()
    new = added(result.output)
    assert list(new) == ["a.md"] and new["a.md"] in documents(sources_copy)
    assert not list((sources_copy / "documents").glob("*.html"))  # nothing half-written
    assert len(documents(sources_copy)) == before + 1


def test_one_bad_file_is_one_error_line(sources_copy, inbox):
    result = curate(sources_copy, "ingest", inbox / "binary.txt")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {inbox / 'binary.txt'}: ") and "binary" in result.output


def test_title_or_replaces_with_several_files_is_refused(sources_copy, inbox):
    before = len(documents(sources_copy))
    result = curate(sources_copy, "ingest", inbox / "nested", "--title", "同一个标题")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "--replaces, --title and --url name one document, but 3 files were given" in result.output
    assert len(documents(sources_copy)) == before


def ingest_three(sources: Path) -> dict[str, str]:
    files = [DATA / "new_article_hans.md", DATA / "new_article_gb18030.html", DATA / "new_article_hant_big5.txt"]
    result = curate(sources, "ingest", *files)
    assert result.exit_code == 0, result.output
    return {Path(k).stem: v for k, v in added(result.output).items()}


def test_extract_pending_extracts_exactly_the_documents_not_yet_extracted(sources_copy, tmp_path):
    docs = ingest_three(sources_copy)
    first = docs["new_article_hans"]
    assert curate(sources_copy, "extract", first).exit_code == 0
    review = sources_copy / "review" / f"{first}.yaml"
    before = review.read_bytes()
    result = curate(sources_copy, "extract", "--pending")  # two documents: two worker processes
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    pending = [docs["new_article_gb18030"], docs["new_article_hant_big5"]]
    assert [line.split(": ")[1] for line in lines] == pending and all(x.startswith("extracted: ") for x in lines)
    assert review.read_bytes() == before  # the extracted one is left alone
    assert sorted(p.stem for p in (sources_copy / "review").glob("*.yaml")) == sorted([first, *pending])
    for doc in pending:  # the workers' candidates are those of a one-document extraction
        alone = tmp_path / f"{doc}.yaml"
        assert curate(sources_copy, "extract", doc, "--output", alone).exit_code == 0
        assert (sources_copy / "review" / f"{doc}.yaml").read_bytes() == alone.read_bytes()
        assert yaml.safe_load(alone.read_text(encoding="utf-8"))["statements"]
    again = curate(sources_copy, "extract", "--pending")
    assert again.exit_code == 0 and again.output == "nothing pending: every document has a review file or facts\n"


def test_extract_needs_a_document_or_pending(sources_copy):
    for args in (["extract"], ["extract", "005", "--pending"]):
        result = curate(sources_copy, *args)
        assert result.exit_code == 2 and "--pending" in result.output and "Traceback" not in result.output


def test_accept_across_documents(sources_copy):
    docs = ingest_three(sources_copy)
    assert curate(sources_copy, "extract", "--pending").exit_code == 0
    broken = docs["new_article_hant_big5"]  # its review file names a predicate the ontology does not have
    path = sources_copy / "review" / f"{broken}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0].update(p="noSuchPredicate", status="curated")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = curate(sources_copy, "accept", "--all-documents", "--min-confidence", "0.5")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("Error: 1 of 3 documents failed (nothing written for them)")
    good = [docs["new_article_hans"], docs["new_article_gb18030"]]
    for doc in good:
        line = next(x for x in lines if x.startswith(f"{doc}: "))
        assert "extracted statements → " in line
        facts = yaml.safe_load((sources_copy / "facts" / f"{doc}.yaml").read_text(encoding="utf-8"))["statements"]
        assert facts and all(f["status"] == "extracted" and f["confidence"] >= 0.5 for f in facts)
    assert any(x.startswith(f"failed: {broken}: ") for x in lines)
    assert not (sources_copy / "facts" / f"{broken}.yaml").exists()  # all or nothing per document
    again = curate(sources_copy, "accept", "--all-documents", "--min-confidence", "0.99")
    assert any(x.startswith(f"skipped: {good[0]}: ") and "nothing" in x for x in again.output.splitlines())


def test_accept_needs_a_document_or_all_documents(sources_copy):
    for args in (["accept"], ["accept", "005", "--all-documents"], ["accept", "--all-documents", "--ids", "ab"]):
        result = curate(sources_copy, *args)
        assert result.exit_code == 2 and "--all-documents" in result.output and "Traceback" not in result.output


def test_status_follows_each_document_through_the_stages(sources_copy, built):
    docs = ingest_three(sources_copy)
    first, second = docs["new_article_hans"], docs["new_article_gb18030"]
    assert curate(sources_copy, "extract", first).exit_code == 0
    path = sources_copy / "review" / f"{first}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0]["status"] = "curated"
    data["statements"][1]["status"] = "rejected"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("status", "--sources", sources_copy, "--out", built.out, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert list(rows) == list(documents(sources_copy))
    seed = rows["004_7ac091414ba7caeb"]
    assert seed["ingested"] and not seed["extracted"] and seed["facts"] > 100 and seed["built"]
    assert rows[first] == {"id": first, "title": "深圳机器人企业加速走向海外", "ingested": True, "extracted": True,
                           "accepted": 1, "rejected": 1, "open": len(data["statements"]) - 2, "facts": 0,
                           "built": False}
    assert not rows[second]["extracted"] and rows[second]["open"] == 0 and not rows[second]["built"]
    assert curate(sources_copy, "accept", first).exit_code == 0
    rows = {r["id"]: r for r in json.loads(run("status", "--sources", sources_copy, "--out", built.out,
                                               "--format", "json").output)}
    assert (rows[first]["accepted"], rows[first]["rejected"], rows[first]["facts"]) == (0, 1, 1)
    table = run("status", "--sources", sources_copy, "--out", sources_copy.parent / "no-build")
    assert table.exit_code == 0, table.output
    row = next(line for line in table.output.splitlines() if line.lstrip().startswith(first))
    assert row.split()[1:] == ["深圳机器人企业加速走向海外", "yes", "yes", f"0/1/{len(data['statements']) - 2}", "1", "no"]
    seed_row = next(line for line in table.output.splitlines() if line.lstrip().startswith("004_"))
    assert seed_row.split()[-5:] == ["yes", "no", "-", str(seed["facts"]), "no"]  # no build there
    lone = next(line for line in table.output.splitlines() if line.lstrip().startswith(second))
    assert lone.split()[-5:] == ["yes", "no", "-", "0", "no"]


class Recorder:
    """A rich-Progress-like object that records what it was told."""

    def __init__(self):
        self.tasks, self.advanced, self.tracked = [], 0, []

    def add_task(self, description, total=None):
        self.tasks.append((description, total))
        return len(self.tasks) - 1

    def advance(self, task, amount=1):
        self.advanced += amount

    def track(self, items, total=None, description=""):
        self.tracked.append(description)
        yield from items


def test_pending_extraction_in_worker_processes_reports_progress(sources_copy):
    import graph

    docs = ingest_three(sources_copy)
    bars = Recorder()
    done = graph.extract_pending(sources_copy, ONTOLOGY, workers=2, progress=bars)  # the process pool, on any machine
    assert [d.document for d in done] == list(docs.values()) and not any(d.error for d in done)
    assert all(d.review.path.exists() and d.review.statements for d in done)
    assert bars.tasks == [("extracting", 3)] and bars.advanced == 3
    ingest_bars = Recorder()
    again = graph.ingest_batch([DATA], sources_copy, ONTOLOGY, progress=ingest_bars)
    assert [r.action for r in again] == ["unchanged"] * 3 and ingest_bars.tracked == ["ingesting"]
