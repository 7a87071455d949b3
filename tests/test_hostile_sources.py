"""Hostile sources and interrupted work: every bad input gets one line naming the file, exit 1,
no traceback, nothing written outside --out, and the previous build byte for byte as it was.

Each case breaks a copy of the real sources in one way (the classes of issue 19 first, then
the classes that already worked before it), builds over a copy of a good build, and checks
all of the above.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli.app import cli
from graph.layout import BuildDir, build_lock, sources_lock
from tests.conftest import ONTOLOGY

DOC = "004_7ac091414ba7caeb"
GOOD_QUOTE = "如果沒有18號文件,我不會想創辦華為。"


def tree(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``root`` (symlinks by their target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(root))] = "-> " + os.readlink(path)
        elif path.is_file():
            found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def previous(built, tmp_path):
    """A good build at tmp_path/deep/er/out (so a '../../' id would land inside tmp_path)."""
    out = tmp_path / "deep" / "er" / "out"
    shutil.copytree(built.out, out)
    return out


def outside(tmp_path: Path, out: Path, sources: Path) -> set[str]:
    """Every file under tmp_path that is neither in the build, nor in the sources, nor a lock."""
    return {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
            if not p.is_dir() and out not in p.parents and sources not in p.parents
            and not p.name.endswith(".szkg-lock")}


def build_fails(sources: Path, out: Path, tmp_path: Path, *fragments: str, runner=None) -> str:
    """Build; assert every promise of a refused build; the one line of the error."""
    before, around = tree(out), outside(tmp_path, out, sources)
    result = (runner or CliRunner()).invoke(cli, ["build", "--sources", str(sources), "--ontology", str(ONTOLOGY),
                                                  "--out", str(out)])
    message = result.output.strip()
    assert result.exit_code == 1, result.output
    assert message.startswith("Error: ") and "\n" not in message, message
    assert "Traceback" not in result.output and len(message) <= 620, message[:300]
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert tree(out) == before, "the previous build changed"
    assert outside(tmp_path, out, sources) == around, "something was written outside --out"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.is_dir()]
    return message


def set_document(sources: Path, **fields: str) -> int:
    """Change the first document's entry in documents.yaml; its line number."""
    path = sources / "documents.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- id:"))
    for key, value in fields.items():
        at = next(i for i in range(first, len(lines)) if lines[i].lstrip("- ").startswith(f"{key}:"))
        indent = "- " if lines[at].startswith("- ") else "  "
        lines[at] = f"{indent}{key}: {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return first + 1


def add_facts(sources: Path, body: str) -> Path:
    path = sources / "facts" / "zz-test.yaml"
    path.write_text(f"document: {DOC}\n{body}", encoding="utf-8")
    return path


# ---------------------------------------------------------------- ids and paths


@pytest.mark.parametrize("bad_id", ["../../x", "x/y", "a b", "a>b", "Huawei", "x" * 300])
def test_a_document_id_that_is_not_a_slug_is_refused(previous, sources_copy, tmp_path, bad_id):
    line = set_document(sources_copy, id=f'"{bad_id}"')
    message = build_fails(sources_copy, previous, tmp_path, f"documents.yaml:{line}:", "document id",
                          "lowercase slug")
    assert not (tmp_path / "deep" / "x.txt").exists() and not (tmp_path / "x.txt").exists()
    assert len(message) < 400


def test_a_document_file_outside_the_sources_is_refused(previous, sources_copy, tmp_path):
    line = set_document(sources_copy, file="/dev/zero")
    build_fails(sources_copy, previous, tmp_path, f"documents.yaml:{line}:", "/dev/zero",
                "points outside the sources folder")


def test_a_device_linked_into_the_sources_is_not_read(previous, sources_copy, tmp_path):
    (sources_copy / "documents" / "zero.txt").symlink_to("/dev/zero")
    line = set_document(sources_copy, file="documents/zero.txt")
    build_fails(sources_copy, previous, tmp_path, f"documents.yaml:{line}:", "outside the sources folder")


def test_a_fifo_is_refused_without_waiting_for_a_writer(previous, sources_copy, tmp_path):
    os.mkfifo(sources_copy / "documents" / "pipe.txt")
    line = set_document(sources_copy, file="documents/pipe.txt")
    build_fails(sources_copy, previous, tmp_path, f"documents.yaml:{line}:", "not a regular file")


def test_a_symlink_loop_is_one_line(previous, sources_copy, tmp_path):
    loop = sources_copy / "documents" / "loop.txt"
    loop.symlink_to("loop.txt")
    line = set_document(sources_copy, file="documents/loop.txt")
    build_fails(sources_copy, previous, tmp_path, f"documents.yaml:{line}:", "loop.txt")


def test_a_document_path_that_is_a_folder_is_one_line(previous, sources_copy, tmp_path):
    line = set_document(sources_copy, file="facts")
    build_fails(sources_copy, previous, tmp_path, f"documents.yaml:{line}:", "is a folder, not a file")


def test_an_unreadable_facts_file_is_one_line(previous, sources_copy, tmp_path, monkeypatch):
    facts = add_facts(sources_copy, f'statements:\n  - {{s: policy-18-1987, p: enabled, o: huawei, quote: "{GOOD_QUOTE}"}}\n')
    real_open = os.open

    def no_permission(path, *args, **kwargs):  # root reads any file: deny this one the way the kernel would
        if Path(path) == facts:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("graph.curate.guard.os.open", no_permission)
    build_fails(sources_copy, previous, tmp_path, "zz-test.yaml", "permission denied")


def test_a_facts_file_that_is_a_folder_is_one_line(previous, sources_copy, tmp_path):
    (sources_copy / "facts" / "zz-test.yaml").mkdir()
    build_fails(sources_copy, previous, tmp_path, "zz-test.yaml", "is a folder")


# ---------------------------------------------------------------- YAML and offsets


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 "深圳深圳深圳深圳深圳深圳深圳深圳深圳深圳"']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [4, 6])  # 10^4 and 10^6 expansions
def test_a_yaml_alias_bomb_is_refused_at_once(previous, sources_copy, tmp_path, levels):
    path = sources_copy / "facts" / "zz-test.yaml"
    path.write_text(f"document: {DOC}\n" + textwrap.indent(alias_bomb(levels), "") +
                    f"statements:\n  - {{s: policy-18-1987, p: enabled, o: huawei, quote: *a{levels}}}\n",
                    encoding="utf-8")
    message = build_fails(sources_copy, previous, tmp_path, "zz-test.yaml:", "anchors and aliases")
    assert len(message) < 300


@pytest.mark.parametrize("kind, fact", [
    ("statements", "{s: policy-18-1987, p: enabled, o: huawei, quote: \"如果沒有18號文件\", start: -7105}"),
    ("observations", "{s: huawei, indicator: revenue, value: 1亿元, unit: CNY, period: '1992', "
                     "quote: \"華為銷售額便突破1億元\", start: -7105}"),
    ("statements", "{s: policy-18-1987, p: enabled, o: huawei, quote: \"如果沒有18號文件\", start: 99999999}"),
    ("statements", "{s: policy-18-1987, p: enabled, o: huawei, quote: \"如果沒有18號文件\", start: 3.5}"),
])
def test_an_offset_outside_the_text_names_file_line_and_value(previous, sources_copy, tmp_path, kind, fact):
    add_facts(sources_copy, f"{kind}:\n  - {fact}\n")
    start = fact.rsplit("start: ", 1)[1].rstrip("}")
    build_fails(sources_copy, previous, tmp_path, "zz-test.yaml:3:", f"start '{start}'", "must be a whole number")


def test_an_error_line_never_echoes_a_huge_value(previous, sources_copy, tmp_path):
    add_facts(sources_copy, "statements:\n  - {s: policy-18-1987, p: enabled, o: huawei, quote: \""
              + "不在文中" * 20_000 + "\"}\n")
    message = build_fails(sources_copy, previous, tmp_path, "zz-test.yaml:3:", "quote not found", "…")
    assert len(message) <= 600


# ---------------------------------------------------------------- interrupted and concurrent work


def test_a_second_build_is_refused_and_names_the_first(previous, sources_copy, tmp_path):
    with build_lock(BuildDir(previous)):
        build_fails(sources_copy, previous, tmp_path, "is being written by pid", str(os.getpid()))


def test_a_second_writer_of_the_sources_is_refused(sources_copy, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text("深圳的新文章。华为在深圳。\n", encoding="utf-8")
    before = tree(sources_copy)
    with sources_lock(sources_copy):
        result = CliRunner().invoke(cli, ["ingest", str(article), "--sources", str(sources_copy)])
    assert result.exit_code == 1 and "is being written by pid" in result.output
    assert tree(sources_copy) == before


def test_leftovers_of_killed_builds_are_cleared_by_the_next(previous, sources_copy, tmp_path):
    dead = previous.with_name(f".{previous.name}.tmp-999999")
    (dead / "store").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["build", "--sources", str(sources_copy), "--ontology", str(ONTOLOGY),
                                      "--out", str(previous), "--no-views", "-q"])
    assert result.exit_code == 0, result.output
    assert not dead.exists()


def test_a_build_killed_between_its_renames_gets_its_previous_build_back(built, sources_copy, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built.out, out.with_name(".out.old-999999"))  # out itself is gone
    result = CliRunner().invoke(cli, ["build", "--sources", str(sources_copy), "--ontology", str(ONTOLOGY),
                                      "--out", str(out), "--no-views", "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "szkg.nq").read_bytes() == (built.out / "szkg.nq").read_bytes()
    assert not out.with_name(".out.old-999999").exists()


def test_the_views_are_written_before_the_swap(previous, sources_copy, tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError(errno.EIO, "Input/output error")

    good = CliRunner().invoke(cli, ["build", "--sources", str(sources_copy), "--ontology", str(ONTOLOGY),
                                    "--out", str(previous), "-q"])
    assert good.exit_code == 0, good.output
    assert (previous / "explorer.html").is_file() and (previous / "report.html").is_file()
    monkeypatch.setattr("graph.views.explorer.save_explorer", broken)
    build_fails(sources_copy, previous, tmp_path, "Input/output error")


def test_a_full_disk_is_reported_as_such(previous, sources_copy, tmp_path, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("graph.curate.graphs.Dumps.open", full)
    build_fails(sources_copy, previous, tmp_path, "the disk is full", "previous build is unchanged")


# ---------------------------------------------------------------- names


def test_a_full_width_name_finds_the_entity(built):
    result = CliRunner().invoke(cli, ["entity", "ｈｕａｗｅｉ", "--json", "--out", str(built.out)])
    assert result.exit_code == 0, result.output
    assert '"id": "huawei"' in result.output


def test_control_characters_in_the_graph_are_shown_escaped(sources_copy, tmp_path):
    entities = sources_copy / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("- {id: huawei,"))
    hostile = line.replace("aliases: [", 'aliases: ["华为\\e[2J\\a", ', 1)
    assert hostile != line
    entities.write_text(text.replace(line, hostile), encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["build", "--sources", str(sources_copy), "--ontology", str(ONTOLOGY),
                                    "--out", str(out), "--no-views", "-q"])
    assert done.exit_code == 0, done.output
    card = CliRunner().invoke(cli, ["entity", "华为", "--out", str(out)])
    assert card.exit_code == 0, card.output
    assert "\x1b" not in card.output and "\x07" not in card.output
    assert "\\x1b[2J\\x07" in card.output
    unknown = CliRunner().invoke(cli, ["entity", "没有\x1b[2J", "--out", str(out)])
    assert unknown.exit_code == 1 and "\x1b" not in unknown.output and "\\x1b" in unknown.output


def test_a_hostile_document_argument_is_one_line(sources_copy):
    for command in ("extract", "review", "accept"):
        result = CliRunner().invoke(cli, [command, "../../etc/passwd\x1b", "--sources", str(sources_copy)])
        assert result.exit_code == 1, result.output
        line = result.output.strip()
        assert "\n" not in line and "Traceback" not in line and "\x1b" not in line, line


# ---------------------------------------------------------------- bounded memory

PEAK = """
import runpy, sys
sys.argv = ["szkg", *sys.argv[1:]]
try:
    runpy.run_module("graph", run_name="__main__")
except SystemExit as done:
    code = done.code
# VmHWM is this program's own high-water mark (ru_maxrss would carry the forking parent's)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("PEAK", peak // 1024, file=sys.stderr)
"""


def test_ingest_and_extract_of_a_20_mb_article_stay_under_400_mb(sources_copy, tmp_path):
    """Peak resident memory of each command on a generated 20 MB article (measured, not timed)."""
    paragraphs = [line for line in (sources_copy / "documents" / "001_bbb9268b679a78c8.txt")
                  .read_text(encoding="utf-8").splitlines() if line.strip()]
    article, size, i = [], 0, 0
    while size < 19_900_000:
        line = f"{paragraphs[i % len(paragraphs)]}（第{i}段）"
        article.append(line)
        size += len(line.encode()) + 1
        i += 1
    big = tmp_path / "big.txt"
    big.write_text("\n".join(article), encoding="utf-8")
    peaks = {}
    for args in (["ingest", str(big), "--title", "big", "--date", "2025"], ["extract", "005"]):
        done = subprocess.run([sys.executable, "-c", PEAK, *args, "--sources", str(sources_copy)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=600)
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        peaks[args[0]] = int(done.stderr.rsplit("PEAK", 1)[1])
    assert (sources_copy / "review").is_dir()
    assert peaks["ingest"] <= 400 and peaks["extract"] <= 400, peaks


# ---------------------------------------------------------------- the classes that already worked

from tests.test_cli_build import BAD_FACTS  # noqa: E402 - the nine classes, kept beside their first test


@pytest.mark.parametrize("case, body, expected", BAD_FACTS, ids=[c[0] for c in BAD_FACTS])
def test_the_earlier_classes_keep_every_promise(previous, sources_copy, tmp_path, case, body, expected):
    add_facts(sources_copy, "statements:\n" + body)
    build_fails(sources_copy, previous, tmp_path, *expected)
