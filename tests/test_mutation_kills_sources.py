"""Tests written against the mutants `make mutate` found alive in sources (docs/testing.md): each pins
a behaviour a user sees that no other test pinned, so the small change that broke it turns red."""

from __future__ import annotations

import os
import re
import socket
import textwrap
from pathlib import Path

import pytest

from graph.curate import guard
from graph.curate.guard import (
    check_document_id,
    check_entity_id,
    check_offset,
    inside,
    load_yaml,
    read_bounded,
    shown,
    source_file,
)
from graph.errors import SourceError
from tests.conftest import ROOT

# ------------------------------------------------------------------ guard: how a value is quoted


def test_a_value_in_an_error_is_one_line_escaped_and_cut_at_80_characters():
    assert shown("a\nb") == "a\\nb"
    assert shown("a\x1bb") == "a\\x1bb"
    assert shown("x" * 80) == "x" * 80
    assert shown("x" * 81) == "x" * 79 + "…"
    assert shown(12) == "12"
    assert shown("abcdef", 4) == "abc…"


# ------------------------------------------------------------------ guard: ids


@pytest.mark.parametrize("good", ["huawei", "policy-18-1987", "0", "a" * 100, "9-a"])
def test_an_entity_id_is_a_lowercase_slug_of_at_most_100_characters(good):
    assert check_entity_id(good) == good


@pytest.mark.parametrize("bad", ["", "-a", "A", "a_b", "a b", "../x", "x/y", "a>b", "a" * 101, "华为"])
def test_anything_else_is_refused_with_the_rule_file_and_line(bad, tmp_path):
    where = tmp_path / "entities.yaml"
    with pytest.raises(SourceError) as info:
        check_entity_id(bad, where, 7)
    assert str(info.value) == (f"{where}:7: entity id '{shown(bad)}' must be a lowercase slug: a-z, 0-9 and -, "
                               "at most 100 characters")


@pytest.mark.parametrize("good", ["doc-a", "001_0123456789abcdef", "123456_0123456789abcdef", "x" * 100])
def test_a_document_id_is_a_slug_or_the_ingest_form(good):
    assert check_document_id(good) == good


@pytest.mark.parametrize("bad", ["Doc", "01_0123456789abcdef", "1234567_0123456789abcdef", "001_0123456789ABCDEF",
                                 "001_0123456789abcde", "_a", "x" * 101, "a/b"])
def test_another_document_id_is_refused_with_the_rule(bad):
    with pytest.raises(SourceError) as info:
        check_document_id(bad, Path("documents.yaml"), 2)
    assert str(info.value) == (f"documents.yaml:2: document id '{shown(bad)}' must be a lowercase slug (a-z, 0-9, -) "
                               "or the NNN_<16 hex digits> form szkg ingest gives")


# ------------------------------------------------------------------ guard: paths


def test_a_path_inside_the_sources_resolves_there(tmp_path):
    (tmp_path / "documents").mkdir()
    assert inside(tmp_path, "documents/a.txt") == (tmp_path / "documents" / "a.txt").resolve()
    assert inside(tmp_path, ".") == tmp_path.resolve()  # the folder itself is inside


@pytest.mark.parametrize("bad, rule", [
    ("", "is not a path"), ("   ", "is not a path"), ("a\x00b", "is not a path"),
    ("../x.txt", "points outside the sources folder"), ("/etc/passwd", "points outside the sources folder"),
])
def test_a_path_that_is_none_or_leaves_the_sources_is_refused(tmp_path, bad, rule):
    root = tmp_path / "sources"
    root.mkdir()
    with pytest.raises(SourceError) as info:
        inside(root, bad, Path("documents.yaml"), 4, what="document file")
    assert str(info.value).startswith(f"documents.yaml:4: document file '{shown(bad)}' {rule}")
    if "outside" in rule:
        assert str(info.value).endswith(f"outside the sources folder {root.resolve()}")


def test_a_sibling_folder_whose_name_starts_like_the_sources_is_outside(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src-other").mkdir()
    with pytest.raises(SourceError, match="points outside the sources folder"):
        inside(tmp_path / "src", "../src-other/a.txt")


def test_a_symlink_loop_cannot_be_resolved(tmp_path):
    (tmp_path / "x").symlink_to("y")
    (tmp_path / "y").symlink_to("x")
    with pytest.raises(SourceError) as info:
        inside(tmp_path, "x", Path("documents.yaml"), 3)
    assert str(info.value).startswith("documents.yaml:3: file 'x' cannot be resolved: ")


# ------------------------------------------------------------------ guard: bounded reads


def test_a_regular_file_is_read_whole_up_to_the_limit(tmp_path):
    file = tmp_path / "a.txt"
    file.write_bytes(b"12345")
    assert read_bounded(file) == b"12345"
    assert read_bounded(file, limit=5) == b"12345"
    with pytest.raises(SourceError) as info:
        read_bounded(file, limit=4)
    assert str(info.value) == f"{file}: file has 5 bytes, over the limit of 4 bytes"


def test_a_read_error_names_the_file_only_where_the_prefix_does_not(tmp_path):
    missing = tmp_path / "gone.txt"
    with pytest.raises(SourceError) as info:
        read_bounded(missing)
    assert str(info.value) == f"{missing}: file not found"
    with pytest.raises(SourceError) as info:
        read_bounded(missing, path=Path("documents.yaml"), line=5, what="document file")
    assert str(info.value) == f"documents.yaml:5: document file {missing} not found"


def test_a_folder_and_a_socket_are_not_files(tmp_path):
    with pytest.raises(SourceError) as info:
        read_bounded(tmp_path, what="YAML file")
    assert str(info.value) == f"{tmp_path}: YAML file is a folder, not a file"
    sock_path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        with pytest.raises(SourceError) as info:
            read_bounded(sock_path)
        assert "cannot be opened" in str(info.value) or "not a regular file (a device, FIFO or socket)" in str(info.value)
    finally:
        sock.close()


def test_a_fifo_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    other_end = os.open(fifo, os.O_RDWR)  # a writer is there, so even a blocking open would return
    try:
        with pytest.raises(SourceError) as info:
            read_bounded(fifo)
    finally:
        os.close(other_end)
    assert str(info.value) == f"{fifo}: file is not a regular file (a device, FIFO or socket)"


def test_a_file_is_opened_without_waiting_and_closed_on_exec(tmp_path, monkeypatch):
    """Non-blocking: a FIFO without a writer is refused at once, never waited on (test_hostile_sources
    shows it on a real FIFO; here the flags, so that a mutant cannot hang the run)."""
    flags = []
    real_open = os.open
    monkeypatch.setattr(guard.os, "open", lambda file, flag, *a: (flags.append(flag), real_open(file, flag, *a))[1])
    file = tmp_path / "a.txt"
    file.write_bytes(b"x")
    assert read_bounded(file) == b"x"
    assert flags == [os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC]


def test_a_folder_opened_as_a_file_is_caught_after_opening(tmp_path, monkeypatch):
    real_open = os.open

    def opens_folders(file, flags, *args):  # some systems open a folder read-only without complaint
        return real_open(file, os.O_RDONLY)

    monkeypatch.setattr(guard.os, "open", opens_folders)
    with pytest.raises(SourceError) as info:
        read_bounded(tmp_path)
    assert str(info.value) == f"{tmp_path}: file is a folder, not a file"


@pytest.mark.parametrize("error, message", [
    (PermissionError(13, "Permission denied"), "cannot be read: permission denied"),
    (IsADirectoryError(21, "Is a directory"), "is a folder, not a file"),
    (OSError(40, "Too many levels of symbolic links"), "cannot be opened: Too many levels of symbolic links"),
    (OSError("no errno"), "cannot be opened: no errno"),
])
def test_an_open_that_fails_is_one_line_saying_why(tmp_path, monkeypatch, error, message):
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(guard.os, "open", refuse)
    with pytest.raises(SourceError) as info:
        read_bounded(tmp_path / "a.txt", path=Path("documents.yaml"), line=2)
    assert str(info.value) == f"documents.yaml:2: file {tmp_path / 'a.txt'} {message}"


def test_a_read_that_fails_midway_is_one_line_and_closes_the_file(tmp_path, monkeypatch):
    file = tmp_path / "a.txt"
    file.write_bytes(b"abc")
    closed = []
    real_close = os.close
    monkeypatch.setattr(guard.os, "close", lambda fd: (closed.append(fd), real_close(fd)))
    monkeypatch.setattr(guard.os, "fdopen", lambda *a, **k: (_ for _ in ()).throw(OSError(5, "Input/output error")))
    with pytest.raises(SourceError) as info:
        read_bounded(file)
    assert str(info.value) == f"{file}: file cannot be read: Input/output error"
    assert len(closed) == 1


def test_a_file_that_grows_while_read_is_refused(tmp_path, monkeypatch):
    file = tmp_path / "a.txt"
    file.write_bytes(b"abc")
    real_fstat = os.fstat

    class Small:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 1

    monkeypatch.setattr(guard.os, "fstat", lambda fd: Small(real_fstat(fd)))  # it had 1 byte when checked
    with pytest.raises(SourceError) as info:
        read_bounded(file, limit=2)
    assert str(info.value) == f"{file}: file grew past the limit of 2 bytes while read"
    assert read_bounded(file, limit=3) == b"abc"


def test_a_document_file_is_resolved_inside_the_sources_and_read_bounded(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "a.txt").write_bytes(b"hello")
    target, raw = source_file(tmp_path, "documents/a.txt", Path("documents.yaml"), 1)
    assert (target, raw) == ((tmp_path / "documents" / "a.txt").resolve(), b"hello")
    with pytest.raises(SourceError) as info:
        source_file(tmp_path, "documents/a.txt", Path("documents.yaml"), 1, limit=4)
    assert str(info.value) == ("documents.yaml:1: document file "
                               f"{(tmp_path / 'documents' / 'a.txt').resolve()} has 5 bytes, over the limit of 4 bytes")


# ------------------------------------------------------------------ guard: YAML


def yaml_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_yaml_keeps_the_line_of_every_node(tmp_path):
    node, data = load_yaml(yaml_file(tmp_path, """\
        - {id: a}
        - {id: b}
        """))
    assert data == [{"id": "a"}, {"id": "b"}]
    assert [item.start_mark.line + 1 for item in node.value] == [1, 2]
    assert load_yaml(yaml_file(tmp_path, "")) == (None, None)
    assert load_yaml(yaml_file(tmp_path, "# only a comment\n")) == (None, None)


@pytest.mark.parametrize("text", [
    "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: 2024-01-02\ng: '12'\nh: 0x1F\ni: 1_000\nj: [yes, No, off]\nk: .inf\n",
    "- !!str 12\n- !!int '7'\n- !!float 3\n- !!set {a, b}\n- -3\n- +4\n- .5\n- 'true'\n",
    "深圳: 华为\n'quoted': \"also\"\nempty:\nlist: []\nmap: {}\nTrue: t\nNo: n\n1: one\n",
    "<<: {a: 1}\nb: 2\n", "=: x\n", "? [1, 2]\n: v\n", "x: !!binary aGk=\n",
])
def test_yaml_gives_what_the_safe_loader_gives(tmp_path, text):
    """Facts files are read with a faster resolver and constructor (strings, mappings and lists
    built in one walk); every value, type and error is the safe loader's."""
    import yaml

    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        with pytest.raises(SourceError, match="malformed YAML"):
            load_yaml(yaml_file(tmp_path, text))
        return
    data = load_yaml(yaml_file(tmp_path, text))[1]
    assert data == expected and repr(data) == repr(expected)


def test_every_yaml_file_of_the_sources_reads_as_the_safe_loader_reads_it():
    import yaml

    files = sorted((ROOT / "sources").rglob("*.yaml"))
    assert len(files) > 50
    for path in files:
        data = load_yaml(path)[1]
        assert repr(data) == repr(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)), path


@pytest.mark.parametrize("text, line", [
    ("- {id: z}\n- &a {id: a}\n- *a\n", 2),
    ("x: 0\na: &x [1, 2]\nb:\n  c: *x\n", 2),
    ("- 0\n- [&y 1, *y]\n", 2),
])
def test_an_alias_anywhere_is_refused_at_the_line_of_what_it_repeats(tmp_path, text, line):
    path = yaml_file(tmp_path, text)
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert str(info.value) == f"{path}:{line}: YAML anchors and aliases (&name, *name) are not allowed in sources"


def test_an_anchor_without_an_alias_and_repeated_equal_values_are_fine(tmp_path):
    _node, data = load_yaml(yaml_file(tmp_path, "a: &x 1\nb: 1\nc: [1, 1]\nd: {k: 1}\ne: {k: 1}\n"))
    assert data == {"a": 1, "b": 1, "c": [1, 1], "d": {"k": 1}, "e": {"k": 1}}


def test_malformed_yaml_names_the_line_and_the_problem(tmp_path):
    path = yaml_file(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: malformed YAML: [^\n]+", str(info.value))
    assert not str(info.value).startswith(f"{path}:1:")
    assert "malformed YAML: while parsing" not in str(info.value)  # the problem, not the context


def test_a_yaml_file_that_is_not_utf8_says_where(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert str(info.value) == f"{path}: not UTF-8 (invalid start byte at byte 8)"


def test_a_yaml_file_over_the_limit_is_not_parsed(tmp_path):
    path = yaml_file(tmp_path, "a: 1\n")
    with pytest.raises(SourceError, match=r"YAML file has 5 bytes, over the limit of 4 bytes"):
        load_yaml(path, limit=4)
    assert load_yaml(path, limit=5)[1] == {"a": 1}


# ------------------------------------------------------------------ guard: offsets


@pytest.mark.parametrize("start, length", [(0, 10), (9, 10), (0, 0)])
def test_an_offset_inside_the_text_is_kept(start, length):
    assert check_offset(start, length, Path("f.yaml"), 3) == start


@pytest.mark.parametrize("start, length, last", [(10, 10, 9), (-1, 10, 9), (True, 10, 9), ("3", 10, 9), (1.0, 10, 9),
                                                 (None, 10, 9), (1, 0, 0)])
def test_an_offset_outside_the_text_or_not_a_whole_number_is_refused(start, length, last):
    with pytest.raises(SourceError) as info:
        check_offset(start, length, Path("f.yaml"), 3)
    assert str(info.value) == (f"f.yaml:3: start '{shown(start)}' must be a whole number from 0 to {last}, "
                               "the quote's offset in the clean text")


# ------------------------------------------------------------------ sources: every refusal, word for word

from graph.curate.sources import closest_passage, load_corpus  # noqa: E402
from tests.test_curation_rules import ENTITIES, INDICATORS, corpus_dir, facts, load  # noqa: E402,F401


def refused(corpus_dir) -> str:  # noqa: F811
    """The one-line message loading these sources gives (it must refuse them)."""
    with pytest.raises(SourceError) as info:
        load(corpus_dir)
    return str(info.value)

S = "statements:\n  - "
OB = "observations:\n  - "
A = "attributes:\n  - "


@pytest.mark.parametrize("body, line, message", [
    # the facts file itself
    ("statements: []\nnotes: x\nextra: 1\n", 1, "unknown top-level key(s) extra, notes"),
    ("statements: {a: 1}\n", 2, "'statements' must be a list"),
    ("statements:\n  - just text\n", 3, "expected a mapping"),
    # statements
    (S + "{s: byd, o: shenzhen, quote: 比亚迪是深圳的企业}\n", 3, "missing required field 'p'"),
    (S + "{s: byd, p: locatedIn, o: '  ', quote: 比亚迪是深圳的企业}\n", 3, "missing required field 'o'"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业, why: x, a: 1}\n", 3,
     "unknown field(s) a, why; allowed: confidence, extractor, o, p, quote, quotes, resolve, role, s, since, start, "
     "status, time, until"),
    (S + "{s: byd, p: locatedin, o: shenzhen, quote: 比亚迪是深圳的企业}\n", 3,
     "predicate 'locatedin' is not in the ontology; did you mean locatedIn?"),
    (S + "{s: byd, p: zzz, o: shenzhen, quote: 比亚迪是深圳的企业}\n", 3, "predicate 'zzz' is not in the ontology"),
    (S + "{s: bid, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业}\n", 3,
     "unknown entity id 'bid' as subject; did you mean byd?"),
    (S + "{s: byd, p: locatedIn, o: qqqq, quote: 比亚迪是深圳的企业}\n", 3, "unknown entity id 'qqqq' as object"),
    (S + "{s: ren-zhengfei, p: locatedIn, o: shenzhen, quote: 华为由任正非创办}\n", 3,
     "domain violation: locatedIn needs a subject of type Firm or Organization or Place, 'ren-zhengfei' is a Person"),
    (S + "{s: byd, p: locatedIn, o: huawei, quote: 比亚迪是深圳的企业}\n", 3,
     "range violation: locatedIn needs an object of type Place, 'huawei' is a Firm"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, status: sure, quote: 比亚迪是深圳的企业}\n", 3,
     "status 'sure' must be one of candidate, curated, extracted"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, since: '03', quote: 比亚迪是深圳的企业}\n", 3,
     "since '03' must be a four-digit year"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, until: 2003年, quote: 比亚迪是深圳的企业}\n", 3,
     "until '2003年' must be a four-digit year"),
    (S + "{s: byd, p: locatedIn, o: shenzhen}\n", 3, "missing required field 'quote'"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业, quotes: [公司总部位于深圳坪山]}\n", 3,
     "give either 'quote' (with an optional 'start') or 'quotes', not both"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, start: 3, quotes: [公司总部位于深圳坪山]}\n", 3,
     "give either 'quote' (with an optional 'start') or 'quotes', not both"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quotes: []}\n", 3, "'quotes' must be a non-empty list of quotes"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quotes: 比亚迪是深圳的企业}\n", 3,
     "'quotes' must be a non-empty list of quotes"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quotes: [比亚迪是深圳的企业, '']}\n", 3,
     "'quotes' must be a non-empty list of quotes"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quotes: [比亚迪是深圳的企业, 3]}\n", 3,
     "'quotes' must be a non-empty list of quotes"),
    (S + "{s: byd, p: locatedIn, o: shenzhen, quotes: [比亚迪是深圳的企业, 比亚迪是深圳的企业]}\n", 3,
     "the same quote is listed twice in 'quotes'"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: [s]}\n", 3,
     "'resolve' must map s and/or o to {mention, named}"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: {}}\n", 3,
     "'resolve' must map s and/or o to {mention, named}"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: {x: {mention: a, named: b}}}\n", 3,
     "'resolve' must map s and/or o to {mention, named}"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: {s: {mention: 公司}}}\n", 3,
     "resolve.s must have exactly 'mention' and 'named'"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: {o: 公司}}\n", 3,
     "resolve.o must have exactly 'mention' and 'named'"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: {s: {mention: '', named: 比亚迪}}}\n", 3,
     "resolve.s: mention '' is not in the quote"),
    (S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, resolve: {o: {mention: 坪山, named: 华为由任正非创办}}}\n",
     3, "resolve.o: the passage '华为由任正非创办' does not name 'pingshan' (坪山)"),
    # observations
    (OB + "{s: shenzhen, indicator: Firm-count, value: 7.4万家, unit: count, quote: 深圳机器人企业超过7.4万家}\n", 3,
     "indicator 'Firm-count' must be lowercase (a-z, 0-9, - or _)"),
    (OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: firms, quote: 深圳机器人企业超过7.4万家}\n", 3,
     "unit 'firms' must be one of CNY, EUR, HKD, USD, count, day, hour, index, items, km, mm, month, multiple, "
     "percent, percentage-point, person, rank, seconds, square-km, tier, units, week, year"),
    (OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, period: 2025-Q5, quote: 深圳机器人企业超过7.4万家}\n",
     3, "period '2025-Q5' is not like 2025, 2025-Q1-Q3, 2025-H1 or 2024-12 (leave it out when the text states none, "
        "and give as_of)"),
    (OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, as_of: 2025-8, quote: 深圳机器人企业超过7.4万家}\n",
     3, "as_of '2025-8' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    (OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, bound: lower, qualifier: over, "
         "quote: 深圳机器人企业超过7.4万家}\n", 3, "give 'bound' or its older name 'qualifier', not both"),
    (OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, bound: above, quote: 深圳机器人企业超过7.4万家}\n",
     3, "bound 'above' must be one of about, lower, lower-inclusive, nearly, upper"),
    (OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, status: planned, quote: 深圳机器人企业超过7.4万家}\n",
     3, "status 'planned' must be one of actual, estimate, target"),
    (OB + "{s: shenzhen, indicator: firm-count, as_written: 超过, unit: count, quote: 深圳机器人企业超过7.4万家}\n", 3,
     "value '超过': cannot read a number from '超过'"),
    (OB + "{s: shenzhen, indicator: firm-count, as_written: 7.4万家, value: many, unit: count, quote: 深圳机器人企业超过7.4万家}\n",
     3, "value 'many': [<class 'decimal.ConversionSyntax'>]"),
    (OB + "{s: shenzhen, indicator: firm-count, unit: count, quote: 深圳机器人企业超过7.4万家}\n", 3,
     "missing required field 'value'"),
    (OB + "{s: shenzhen, indicator: firm-count, as_written: '', value: 1, unit: count, quote: 深圳机器人企业超过7.4万家}\n", 3,
     "missing required field 'as_written'"),
    # attributes
    (A + "{s: byd, p: founded, value: '2003', quote: 深圳市政府从2003年起支持比亚迪}\n", 3,
     "attribute 'founded' is not in the ontology (foundedYear, issuedYear, releaseDate, year)"),
    (A + "{s: bid, p: foundedYear, value: '2003', quote: 深圳市政府从2003年起支持比亚迪}\n", 3,
     "unknown entity id 'bid' as subject; did you mean byd?"),
    (OB + "{s: shenzen, indicator: firm-count, value: 7.4万家, unit: count, quote: 深圳机器人企业超过7.4万家}\n", 3,
     "unknown entity id 'shenzen' as subject; did you mean shenzhen?"),
    (A + "{s: ren-zhengfei, p: foundedYear, value: '2003', quote: 深圳市政府从2003年起支持比亚迪}\n", 3,
     "domain violation: foundedYear applies to Firm or Organization, 'ren-zhengfei' is a Person"),
    (A + "{s: byd, p: foundedYear, value: 2003-01, quote: 深圳市政府从2003年起支持比亚迪}\n", 3,
     "foundedYear value '2003-01' is not a four-digit year"),
    (A + "{s: byd, p: foundedYear, value: '2004', quote: 深圳市政府从2003年起支持比亚迪}\n", 3,
     "'2004' is not written in the quote"),
    (A + "{s: byd, p: foundedYear, value: '2003', as_written: 去年, quote: 深圳市政府从2003年起支持比亚迪}\n", 3,
     "'去年' is not written in the quote"),
    (A + "{s: byd, p: foundedYear, value: '2003', quote: 深圳市政府从2003年起支持比亚迪, note: x}\n", 3,
     "unknown field(s) note; allowed: as_written, p, quote, s, start, value"),
])
def test_every_refusal_of_a_facts_file_names_the_line_and_the_rule(corpus_dir, body, line, message):  # noqa: F811
    (corpus_dir / "facts" / "doc-a.yaml").write_text("document: doc-a\n" + body, encoding="utf-8")
    assert refused(corpus_dir) == f"{corpus_dir / 'facts' / 'doc-a.yaml'}:{line}: {message}"


@pytest.mark.parametrize("head, message", [
    ("- 1\n", "expected a mapping with 'document' and 'statements'"),
    ("document: ''\n", "document '' is not listed in documents.yaml"),
    ("document: doc-z\n", "document 'doc-z' is not listed in documents.yaml"),
    ("document: Doc-A\n", "document id 'Doc-A' must be a lowercase slug (a-z, 0-9, -) or the NNN_<16 hex digits> "
                          "form szkg ingest gives"),
])
def test_a_facts_file_names_a_listed_document(corpus_dir, head, message):  # noqa: F811
    (corpus_dir / "facts" / "x.yaml").write_text(head + ("statements: []\n" if ":" in head else ""), encoding="utf-8")
    assert refused(corpus_dir) == f"{corpus_dir / 'facts' / 'x.yaml'}:1: {message}"


def test_a_quote_not_found_shows_the_closest_sentence(corpus_dir):  # noqa: F811
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳企业}
        """)
    assert refused(corpus_dir) == (f"{corpus_dir / 'facts' / 'doc-a.yaml'}:3: quote not found in the clean text of 'doc-a': "
                               "'比亚迪是深圳企业'; closest passage: '比亚迪是深圳的企业,公司总部位于深圳坪山。'")


def test_the_closest_passage_is_cut_at_80_characters():
    text = "甲" * 79 + "。" + "乙" * 10 + "。"
    assert closest_passage(text, "甲" * 79) == "甲" * 79 + "。"  # 80 characters: not cut
    assert closest_passage("乙。" + "甲" * 81 + "。", "甲" * 81) == "甲" * 80 + "…"
    assert closest_passage("", "x") == ""


@pytest.mark.parametrize("documents, line, message", [
    ("- {id: doc-a, file: documents/a.txt, title: A, script: zh-Hans}\n- {id: doc-a, file: documents/b.txt, title: B, "
     "script: zh-Hans}\n", 2, "duplicate document id 'doc-a'"),
    ("- {id: doc-a, file: documents/a.txt, title: A, script: zh}\n", 1,
     "script 'zh' must be one of zh-Hans, zh-Hant, en"),
    ("- {id: doc-a, file: documents/a.txt, title: A, script: zh-Hans, date: 2025-8}\n", 1,
     "date '2025-8' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("- {id: doc-a, file: documents/a.txt, script: zh-Hans}\n", 1, "missing required field 'title'"),
    ("- {id: doc-a, file: documents/a.txt, title: A, script: zh-Hans, lang: zh}\n", 1,
     "unknown field(s) lang; allowed: author, date, file, id, notes, publisher, script, title, url"),
    ("{id: doc-a}\n", 1, "'top level' must be a list"),
])
def test_every_refusal_of_documents_yaml(corpus_dir, documents, line, message):  # noqa: F811
    (corpus_dir / "documents.yaml").write_text(documents, encoding="utf-8")
    assert refused(corpus_dir) == f"{corpus_dir / 'documents.yaml'}:{line}: {message}"


@pytest.mark.parametrize("extra, message", [
    ("- {id: byd, type: Firm, label: 比亚迪}\n", "duplicate entity id 'byd' (first declared at line 4)"),
    ("- {id: x-doc, type: Document, label: 比亚迪}\n", "entity 'x-doc': type 'Document' is not an entity class of the "
     "ontology (Firm, Industry, Organization, Person, Place, Policy, Product, Recognition)"),
    ("- {id: x-thing, type: Thing, label: 比亚迪}\n", "entity 'x-thing': type 'Thing' is not an entity class of the "
     "ontology (Firm, Industry, Organization, Person, Place, Policy, Product, Recognition)"),
    ("- {id: x-firm, type: Firm, label: 比亚迪, aliases: BYD}\n", "entity 'x-firm': aliases must be a list"),
    ("- {id: x-firm, type: Firm, label: 比亚迪, logo: x}\n", "unknown field(s) logo; allowed: aliases, en, id, label, type"),
])
def test_every_refusal_of_entities_yaml(corpus_dir, extra, message):  # noqa: F811
    (corpus_dir / "entities.yaml").write_text(ENTITIES + extra, encoding="utf-8")
    assert refused(corpus_dir) == f"{corpus_dir / 'entities.yaml'}:13: {message}"


@pytest.mark.parametrize("extra, message", [
    ("- {id: Rank2, zh-Hans: a, zh-Hant: a, en: a}\n", "indicator id 'Rank2' must be lowercase (a-z, 0-9, - or _)"),
    ("- {id: rank, zh-Hans: a, zh-Hant: a, en: a}\n", "duplicate indicator 'rank'"),
    ("- {id: share, zh-Hans: a, en: a}\n", "missing required field 'zh-Hant'"),
    ("- {id: share, zh-Hans: a, zh-Hant: a}\n", "missing required field 'en'"),
    ("- {id: share, zh-Hans: a, zh-Hant: a, en: a, fr: a}\n",
     "unknown field(s) fr; allowed: comparable, definition, en, id, unit_kind, zh-Hans, zh-Hant"),
])
def test_every_refusal_of_indicators_yaml(corpus_dir, extra, message):  # noqa: F811
    (corpus_dir / "indicators.yaml").write_text(INDICATORS + extra, encoding="utf-8")
    assert refused(corpus_dir) == f"{corpus_dir / 'indicators.yaml'}:13: {message}"


def test_an_entity_no_document_names_is_refused_at_its_line(corpus_dir):  # noqa: F811
    (corpus_dir / "entities.yaml").write_text(ENTITIES + "- {id: tencent, type: Firm, label: 腾讯, aliases: [鹅厂]}\n",
                                              encoding="utf-8")
    assert refused(corpus_dir) == (f"{corpus_dir / 'entities.yaml'}:13: entity 'tencent': none of its names (腾讯, 鹅厂) "
                               "occurs in any document")


def test_a_missing_sources_folder_is_one_line(tmp_path):
    import graph
    from graph.vocab import load_ontology

    with pytest.raises(SourceError) as info:
        load_corpus(tmp_path / "nope", load_ontology(str(graph.default_ontology() / "szkg.ttl")))
    assert str(info.value) == f"{tmp_path / 'nope'}: sources directory not found"


# ------------------------------------------------------------------ sources: what a valid facts file becomes


def test_facts_become_statements_observations_and_attributes_with_stable_ids(corpus_dir):  # noqa: F811
    from decimal import Decimal

    from graph.model import Evidence

    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业"}
          - {s: byd, p: locatedIn, o: shenzhen, time: current, quote: "公司总部位于深圳坪山", status: candidate, confidence: 0.4}
          - {s: byd, p: locatedIn, o: shenzhen, time: former, quote: "公司总部位于深圳坪山"}
          - {s: wu-fengli, p: holdsPosition, o: npc, role: 全国人大代表, quote: "吴丰礼是全国人大代表", status: extracted,
             confidence: 0.7, extractor: rules, since: "2018", until: "2023"}
        observations:
          - {s: shenzhen, indicator: firm-count, scope: 机器人, as_written: 超过7.4万家, value: 74000, bound: over,
             unit: count, period: "2025", quote: "深圳机器人企业超过7.4万家", period_as_written: 2025年}
          - {s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, period: "2025", quote: "深圳机器人企业超过7.4万家",
             qualifier: at-least, status: estimate, as_of: 2025-08, category: '', level: 城市}
        attributes:
          - {s: byd, p: foundedYear, value: "2003", quote: "深圳市政府从2003年起支持比亚迪"}
        """)
    corpus = load(corpus_dir)
    where = corpus_dir / "facts" / "doc-a.yaml"
    first, former, deputy = corpus.statements
    assert (first.id, first.status, first.confidence, first.time, first.source) == (
        "st-2a001b9ae981", "curated", 0.4, "current", f"{where}:3")  # a candidate repeated: the surest status stays
    assert [q for q in first.quotes] == [Evidence("doc-a", "比亚迪是深圳的企业", 18, 27),
                                         Evidence("doc-a", "公司总部位于深圳坪山", 28, 38)]
    assert (former.id, former.time, former.confidence, former.quotes) == (
        "st-bec016b93690", "former", None, (Evidence("doc-a", "公司总部位于深圳坪山", 28, 38),))
    assert (deputy.id, deputy.status, deputy.confidence, deputy.extractor, deputy.role, deputy.since, deputy.until) == (
        "st-cf8529e090fd", "extracted", 0.7, "rules", "全国人大代表", "2018", "2023")
    over, at_least = corpus.observations
    assert (over.id, over.value, over.qualifier, over.as_written, over.period, over.period_as_written, over.status,
            over.as_of, over.dimensions, over.source) == (
        "obs-10cf0572533e", Decimal(74000), "lower", "超过7.4万家", "2025", "2025年", "actual", "", (("scope", "机器人"),),
        f"{where}:9")
    assert (at_least.id, at_least.value, at_least.qualifier, at_least.status, at_least.as_of, at_least.dimensions) == (
        "obs-a566204cee47", Decimal(74000), "lower-inclusive", "estimate", "2025-08", (("level", "城市"),))
    (founded,) = corpus.attributes
    assert (founded.id, founded.value, founded.datatype, founded.evidence, founded.source) == (
        "st-be50cba00885", "2003", "gYear", Evidence("doc-a", "深圳市政府从2003年起支持比亚迪", 0, 17), f"{where}:14")


def test_a_statement_written_again_keeps_the_surest_status_and_the_highest_confidence(corpus_dir):  # noqa: F811
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业", status: extracted, confidence: 0.9}
          - {s: byd, p: locatedIn, o: shenzhen, quote: "公司总部位于深圳坪山", status: candidate, confidence: 0.3,
             resolve: {s: {mention: 公司, named: 比亚迪是深圳的企业}}}
          - {s: huawei, p: foundedBy, o: ren-zhengfei, quote: "华为由任正非创办", status: candidate}
          - {s: huawei, p: foundedBy, o: ren-zhengfei, quote: "我不会想创办华为", status: extracted}
        """)
    located, founded = load(corpus_dir).statements
    assert (located.status, located.confidence, len(located.quotes)) == ("extracted", 0.9, 2)
    assert [(r[1], r[2]) for r in located.resolutions] == [("s", "公司")]
    assert (founded.status, founded.confidence) == ("extracted", None)


def test_an_explicit_start_and_the_quote_found_by_search_agree(corpus_dir):  # noqa: F811
    text = (corpus_dir / "documents" / "a.txt").read_text(encoding="utf-8")
    start = text.index("华为由任正非创办")
    facts(corpus_dir, "doc-a", f"""\
        attributes:
          - {{s: byd, p: foundedYear, value: "2003", quote: "2003", start: 6}}
        observations:
          - {{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, quote: "7.4万家", start: {text.index("7.4万家")}}}
        statements:
          - {{s: huawei, p: foundedBy, o: ren-zhengfei, quote: "华为由任正非创办", start: {start}}}
        """)
    corpus = load(corpus_dir)
    assert corpus.statements[0].evidence.start == start and corpus.statements[0].evidence.end == start + 8
    assert corpus.attributes[0].evidence.start == 6 and corpus.observations[0].evidence.start == text.index("7.4万家")


def test_an_attribute_written_otherwise_than_its_value_and_a_release_date(corpus_dir):  # noqa: F811
    (corpus_dir / "entities.yaml").write_text(ENTITIES + "- {id: kirin, type: Product, label: 麒麟}\n", encoding="utf-8")
    (corpus_dir / "documents" / "a.txt").write_text(
        (corpus_dir / "documents" / "a.txt").read_text(encoding="utf-8") + "去年比亚迪成立。麒麟于2020-09发布。\n", encoding="utf-8")
    facts(corpus_dir, "doc-a", """\
        attributes:
          - {s: byd, p: foundedYear, value: "2024", as_written: 去年, quote: "去年比亚迪成立"}
          - {s: kirin, p: releaseDate, value: 2020-09, quote: "麒麟于2020-09发布"}
        """)
    byd, kirin = load(corpus_dir).attributes
    assert (byd.value, byd.datatype, kirin.value, kirin.datatype) == ("2024", "gYear", "2020-09", "string")
    facts(corpus_dir, "doc-a", """\
        attributes:
          - {s: kirin, p: releaseDate, value: 2020-9, quote: "麒麟于2020-09发布"}
        """)
    with pytest.raises(SourceError, match=r"releaseDate value '2020-9' is not YYYY, YYYY-MM or YYYY-MM-DD$"):
        load(corpus_dir)


def test_documents_keep_their_metadata_and_a_path_relative_to_the_sources(corpus_dir):  # noqa: F811
    (corpus_dir / "documents.yaml").write_text(
        "- {id: doc-a, file: ./documents/a.txt, title: A, script: zh-Hans, date: 2025-08-01, publisher: P, author: W,\n"
        "   url: 'https://example.org/a', notes: n}\n- {id: doc-b, file: documents/b.txt, title: B, script: zh-Hans}\n",
        encoding="utf-8")
    docs = load(corpus_dir).documents
    a, b = docs["doc-a"], docs["doc-b"]
    assert (a.path, a.title, a.script, a.publisher, a.author, a.date, a.url, a.notes) == (
        "documents/a.txt", "A", "zh-Hans", "P", "W", "2025-08-01", "https://example.org/a", "n")
    assert (b.publisher, b.author, b.date, b.url, b.notes) == ("", "", "", "", "")
    assert a.text.startswith("深圳市政府从2003年起支持比亚迪。") and a.raw.startswith("深圳".encode())


def test_entities_keep_their_names_and_where_they_were_declared(corpus_dir):  # noqa: F811
    corpus = load(corpus_dir)
    npc = corpus.entities["npc"]
    assert (npc.type, npc.label, npc.en, npc.aliases, npc.source) == (
        "Organization", "全国人大", "National People's Congress", ("全国人民代表大会",), f"{corpus_dir / 'entities.yaml'}:8")
    assert (corpus.entities["byd"].en, corpus.entities["byd"].aliases) == ("BYD", ())
    assert corpus.indicators["rank"].labels == {"zh-Hans": "排名", "zh-Hant": "排名", "en": "rank"}
    assert (corpus.indicators["firm-count"].unit_kind, corpus.indicators["rank"].definition) == ("count", "")
    assert corpus.mentions["doc-b"] == {"shenzhen", "robotics"}


def test_names_two_entities_share_are_warned_about(corpus_dir):  # noqa: F811
    (corpus_dir / "entities.yaml").write_text(ENTITIES.replace("label: 坪山, en: Pingshan}", "label: 坪山, en: Pingshan, aliases: [比亚迪]}")
                                              .replace("label: 服装, en: garments}", "label: 服装, en: garments, aliases: [ROBOTS, 機器人]}")
                                              .replace("label: 机器人, en: robotics}", "label: 机器人, en: robotics, aliases: [robots]}"),
                                              encoding="utf-8")
    assert load(corpus_dir).warnings == ["name 'robots' is shared by garments, robotics",
                                         "name '机器人' is shared by garments, robotics",
                                         "name '比亚迪' is shared by byd, pingshan"]


def test_without_indicators_yaml_any_indicator_is_accepted(corpus_dir):  # noqa: F811
    (corpus_dir / "indicators.yaml").unlink()
    facts(corpus_dir, "doc-a", """\
        observations:
          - {s: shenzhen, indicator: robot_firms, value: 7.4万家, unit: count, quote: "深圳机器人企业超过7.4万家"}
        """)
    corpus = load(corpus_dir)
    assert corpus.indicators == {} and corpus.observations[0].indicator == "robot_firms"


def test_a_document_listed_but_without_facts_and_empty_fact_lists_are_fine(corpus_dir):  # noqa: F811
    (corpus_dir / "facts" / "doc-a.yaml").write_text("document: doc-a\nstatements:\nobservations: []\n", encoding="utf-8")
    corpus = load(corpus_dir)
    assert corpus.statements == [] and corpus.observations == [] and corpus.attributes == []


@pytest.mark.parametrize("text, where, problem", [
    ("a: \x07\n", "", "unacceptable character #x0007: control characters are not allowed"),  # no line: a reader error
    ("a: [1\n", ":2", "did not find expected ',' or ']'"),
    ('a: "\\q"\n', ":1", "found unknown escape character"),
])
def test_a_yaml_error_is_its_problem_at_its_line_when_it_has_one(tmp_path, text, where, problem):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert str(info.value) == f"{path}{where}: malformed YAML: {problem}"


def test_a_file_is_read_at_most_one_byte_past_the_limit(tmp_path, monkeypatch):
    """A file that grows while read is never read to its end: one byte past the limit tells."""
    asked = []
    real_fdopen = os.fdopen

    class Recording:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            asked.append(size)
            return self.handle.read(size)

    monkeypatch.setattr(guard.os, "fdopen", lambda *a, **k: Recording(real_fdopen(*a, **k)))
    file = tmp_path / "a.txt"
    file.write_bytes(b"abc")
    assert read_bounded(file, limit=10) == b"abc" and asked == [11]


def test_a_document_file_outside_the_sources_names_the_line_of_documents_yaml(tmp_path):
    with pytest.raises(SourceError) as info:
        source_file(tmp_path, "../x.txt", Path("documents.yaml"), 4)
    assert str(info.value) == (f"documents.yaml:4: file '../x.txt' points outside the sources folder "
                               f"{tmp_path.resolve()}")


def test_a_long_yaml_problem_is_cut_at_200_characters(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: !custom" + "x" * 300 + " 1\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    problem = "could not determine a constructor for the tag '!custom" + "x" * 300 + "'"
    assert str(info.value) == f"{path}:2: malformed YAML: {problem[:199]}…"


def test_an_empty_document_names_its_file_also_when_clean_texts_are_kept(corpus_dir):  # noqa: F811
    from graph.curate.sources import load_documents

    texts: dict[str, str] = {}
    docs = load_documents(corpus_dir, texts)
    assert sorted(texts.values()) == sorted(d.text for d in docs.values())  # kept by the bytes' SHA-256
    assert load_documents(corpus_dir, texts)["doc-a"].text == docs["doc-a"].text
    (corpus_dir / "documents" / "a.txt").write_text("<p> </p>\n\n", encoding="utf-8")
    for kept in (None, texts):
        with pytest.raises(SourceError) as info:
            load_documents(corpus_dir, kept)
        assert str(info.value) == f"{(corpus_dir / 'documents' / 'a.txt').resolve()}: file has no text left after cleaning"


@pytest.mark.parametrize("entity, message", [
    ("- {type: Firm, label: 腾讯}\n", "missing required field 'id'"),
    ("- {id: tencent, type: Firm}\n", "missing required field 'label'"),
    ("- {id: tencent, label: 腾讯}\n", "missing required field 'type'"),
])
def test_an_entity_without_id_type_or_label_names_its_line(corpus_dir, entity, message):  # noqa: F811
    (corpus_dir / "entities.yaml").write_text(ENTITIES + entity, encoding="utf-8")
    assert refused(corpus_dir) == f"{corpus_dir / 'entities.yaml'}:13: {message}"


def test_an_indicator_without_its_optional_fields_has_them_empty(corpus_dir):  # noqa: F811
    (corpus_dir / "indicators.yaml").write_text(INDICATORS + "- {id: share, zh-Hans: 份额, zh-Hant: 份額, en: share}\n",
                                                encoding="utf-8")
    share = load(corpus_dir).indicators["share"]
    assert (share.definition, share.unit_kind, share.comparable) == ("", "", "")
    assert share.labels == {"zh-Hans": "份额", "zh-Hant": "份額", "en": "share"}


# ------------------------------------------------------------------ sources: facts kept from the previous build


def test_facts_are_taken_from_the_previous_build_only_while_nothing_they_were_checked_against_changed(corpus_dir, tmp_path):  # noqa: F811,E501
    import graph
    from graph.curate.cache import DocumentCache
    from graph.curate.sources import load_corpus
    from graph.vocab import load_ontology

    ontology = load_ontology(str(graph.default_ontology() / "szkg.ttl"))
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: shenzhen, quote: "比亚迪是深圳的企业"}
        observations:
          - {s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, quote: "深圳机器人企业超过7.4万家"}
        attributes:
          - {s: byd, p: foundedYear, value: "2003", quote: "深圳市政府从2003年起支持比亚迪"}
        """)

    def build(n: int):
        cache = DocumentCache(tmp_path / f"cache{n - 1}" if n else None, "salt")
        corpus = load_corpus(corpus_dir, ontology, cache)
        cache.commit(tmp_path / f"cache{n}", corpus.documents.values())
        return corpus, cache

    first, cache = build(0)
    assert cache.reused == set() and set(cache.texts) == {__import__("hashlib").sha256(d.raw).hexdigest()
                                                          for d in first.documents.values()}
    again, cache = build(1)
    assert cache.reused == {"doc-a"}
    assert (again.statements, again.observations, again.attributes) == (first.statements, first.observations,
                                                                       first.attributes)
    facts(corpus_dir, "doc-a", """\
        statements:
          - {s: byd, p: locatedIn, o: pingshan, quote: "公司总部位于深圳坪山"}
        """)
    changed, cache = build(2)
    assert cache.reused == set() and [s.object for s in changed.statements] == ["pingshan"]
    (corpus_dir / "entities.yaml").write_text(ENTITIES.replace("label: 坪山, en: Pingshan", "label: 坪山, en: Ping Shan"),
                                              encoding="utf-8")
    renamed, cache = build(3)
    assert cache.reused == set()  # an entity the facts refer to changed: they are checked again


# ------------------------------------------------------------------ what a new sample of sources.py left alive (w24v)


def test_a_document_file_that_is_missing_is_refused_at_its_line(corpus_dir):  # noqa: F811
    (corpus_dir / "documents.yaml").write_text(
        "- {id: doc-a, file: documents/a.txt, title: A, script: zh-Hans}\n"
        "- {id: doc-b, file: documents/gone.txt, title: B, script: zh-Hans}\n", encoding="utf-8")
    assert refused(corpus_dir).startswith(f"{corpus_dir / 'documents.yaml'}:2: ")


def test_an_indicators_comparable_note_reaches_the_graph(corpus_dir):  # noqa: F811
    from tests.test_curation_rules import triples

    facts(corpus_dir, "doc-a", OB + "{s: shenzhen, indicator: firm-count, value: 7.4万家, unit: count, "
          "quote: 深圳机器人企业超过7.4万家}\n")
    notes = {(s, o) for s, p, o in triples(load(corpus_dir)) if p == "http://www.w3.org/2004/02/skos/core#scopeNote"}
    assert notes == {("https://w3id.org/szkg/indicator/firm-count",
                      "Registry counts of related firms are not comparable with counts of firms.")}


def test_a_long_passage_that_does_not_name_the_entity_is_cut_at_60_characters(corpus_dir):  # noqa: F811
    passage = ("早期,深圳的主导产业是服装。如今深圳拥有机器人产业集群。到2026年,深圳要建设人工智能先锋城市。\n"
               "深圳机器人企业超过7.4万家,数量领跑全国。")
    facts(corpus_dir, "doc-a", S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, "
          "resolve: {o: {mention: 坪山, named: \"" + passage.replace("\n", "\\n") + "\"}}}\n")
    cut = passage.replace("\n", "\\n")[:59] + "…"
    assert refused(corpus_dir) == (f"{corpus_dir / 'facts' / 'doc-a.yaml'}:3: resolve.o: the passage '{cut}' "
                                   "does not name 'pingshan' (坪山)")


# ------------------------------------------------------------------ what the fixed sample of sources.py left alive (w24s2)


def test_an_attributes_start_is_checked_like_a_statements(corpus_dir):  # noqa: F811
    # the quote is in the text, but not at the offset given: refused, not found elsewhere
    facts(corpus_dir, "doc-a", A + "{s: byd, p: foundedYear, value: '2003', quote: '2003', start: 0}\n")
    at = (corpus_dir / "documents" / "a.txt").read_text(encoding="utf-8").index("2003")
    assert refused(corpus_dir) == (f"{corpus_dir / 'facts' / 'doc-a.yaml'}:3: quote is not at offset 0 of document "
                                   f"'doc-a'; it is at {at} (offsets count characters of the clean text)")


def test_a_start_whose_quote_the_text_does_not_hold_says_so_with_the_closest_passage(corpus_dir):  # noqa: F811
    facts(corpus_dir, "doc-a", A + "{s: byd, p: foundedYear, value: '2003', quote: '2003年比亚迪成立于火星', start: 0}\n")
    message = refused(corpus_dir)
    assert message.startswith(f"{corpus_dir / 'facts' / 'doc-a.yaml'}:3: quote is not at offset 0 of document 'doc-a'; "
                              "the clean text does not hold it: closest passage '")


def test_a_named_passage_not_in_the_document_is_refused_at_its_line(corpus_dir):  # noqa: F811
    text = (corpus_dir / "documents" / "a.txt").read_text(encoding="utf-8")
    facts(corpus_dir, "doc-a", S + "{s: byd, p: locatedIn, o: pingshan, quote: 公司总部位于深圳坪山, "
          "resolve: {o: {mention: 坪山, named: 坪山是深圳的一个区}}}\n")
    assert refused(corpus_dir) == (f"{corpus_dir / 'facts' / 'doc-a.yaml'}:3: quote not found in the clean text of "
                                   f"'doc-a': '坪山是深圳的一个区'; closest passage: {closest_passage(text, '坪山是深圳的一个区')!r}")


def cached_load(corpus_dir, tmp_path, n: int, workers: int = 1):  # noqa: F811
    """Load the sources as a build does with the cache of build ``n - 1`` (none for 0); keep build ``n``'s."""
    import graph
    from graph.curate.cache import DocumentCache
    from graph.vocab import load_ontology

    ontology = load_ontology(str(graph.default_ontology() / "szkg.ttl"))
    cache = DocumentCache(tmp_path / f"cache{n - 1}" if n else None, "salt")
    corpus = load_corpus(corpus_dir, ontology, cache, workers)
    cache.commit(tmp_path / f"cache{n}", corpus.documents.values())
    return corpus


def test_a_facts_file_swapped_for_a_folder_is_refused_alike_with_or_without_the_cache(corpus_dir, tmp_path):  # noqa: F811
    facts(corpus_dir, "doc-a", S + "{s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业}\n")
    cached_load(corpus_dir, tmp_path, 0)
    path = corpus_dir / "facts" / "doc-a.yaml"
    path.unlink()
    path.mkdir()
    with pytest.raises(SourceError) as without:
        load(corpus_dir)
    with pytest.raises(SourceError) as cached:
        cached_load(corpus_dir, tmp_path, 1)
    assert str(cached.value) == str(without.value) == f"{path}: YAML file is a folder, not a file"


def test_a_facts_file_restored_with_its_old_size_and_time_is_read_again(corpus_dir, tmp_path):  # noqa: F811
    # as `cp -p` from a backup does: the same size and modification time as the file the last
    # build read, other bytes; the change time (and inode) tell them apart
    path = corpus_dir / "facts" / "doc-a.yaml"
    facts(corpus_dir, "doc-a", S + "{s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业, confidence: 0.1}\n")
    old = 1_600_000_000_000_000_000
    os.utime(path, ns=(old, old))
    assert [s.confidence for s in cached_load(corpus_dir, tmp_path, 0).statements] == [0.1]
    assert [s.confidence for s in cached_load(corpus_dir, tmp_path, 1).statements] == [0.1]  # kept unread
    backup = tmp_path / "backup.yaml"
    backup.write_text(path.read_text(encoding="utf-8").replace("0.1", "0.2"), encoding="utf-8")
    assert backup.stat().st_size == path.stat().st_size
    os.utime(backup, ns=(old, old))
    os.replace(backup, path)
    assert [s.confidence for s in cached_load(corpus_dir, tmp_path, 2).statements] == [0.2]


def test_facts_whose_cached_copy_is_damaged_are_read_again_from_their_file(corpus_dir, tmp_path):  # noqa: F811
    facts(corpus_dir, "doc-a", S + "{s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业}\n")
    first = cached_load(corpus_dir, tmp_path, 0)
    (tmp_path / "cache0" / "doc-a.facts.pickle").write_bytes(b"not a pickle")
    again = cached_load(corpus_dir, tmp_path, 1)
    assert again.statements == first.statements and [s.object for s in again.statements] == ["shenzhen"]


def test_facts_parsed_by_worker_processes_are_the_facts_parsed_here(corpus_dir, tmp_path):  # noqa: F811
    from graph.curate.forked import MINIMUM

    for n in range(MINIMUM):  # enough files for the workers to be forked
        (corpus_dir / "facts" / f"doc-a-{n:02}.yaml").write_text(
            f"document: doc-a\n{S}{{s: byd, p: locatedIn, o: shenzhen, quote: 比亚迪是深圳的企业, confidence: 0.{n + 1:02}}}\n",
            encoding="utf-8")
    here = load(corpus_dir)
    forked = cached_load(corpus_dir, tmp_path, 0, workers=2)
    assert forked.statements == here.statements and len(here.statements) == MINIMUM
    assert forked.statements[0].confidence == 0.01
