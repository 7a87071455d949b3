"""`szkg build` from the command line: the summary, and one clear line for every bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli.app import cli
from tests.conftest import ONTOLOGY

DOC = "004_7ac091414ba7caeb"


def run_build(sources: Path, out: Path, ontology: Path = ONTOLOGY):
    return CliRunner().invoke(cli, ["build", "--sources", str(sources), "--ontology", str(ontology),
                                    "--out", str(out)])


def test_build_prints_a_summary_and_the_output_paths(sources_copy, tmp_path):
    result = run_build(sources_copy, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "SHACL: 0 violations" in result.output
    assert "Statements per predicate" in result.output and "enabled" in result.output
    for name in ("szkg.trig", "szkg.ttl", "szkg.nq", "store"):
        assert str(tmp_path / "out" / name) in result.output
        assert (tmp_path / "out" / name).exists()


def add_facts(sources: Path, body: str) -> Path:
    """Add a facts file for document 004 whose line 3 is the first fact."""
    path = sources / "facts" / "zz-test.yaml"
    path.write_text(f"document: {DOC}\nstatements:\n{body}", encoding="utf-8")
    return path


GOOD_QUOTE = "如果沒有18號文件,我不會想創辦華為。"

BAD_FACTS = [
    ("quote not found",
     '  - {s: policy-18-1987, p: enabled, o: huawei, quote: "如果没有十八号文件我不会创办华为"}\n',
     ["zz-test.yaml:3:", "quote not found", "closest passage", "18號文件"]),
    ("unknown entity",
     f'  - {{s: policy-18-1987, p: enabled, o: huawie, quote: "{GOOD_QUOTE}"}}\n',
     ["zz-test.yaml:3:", "unknown entity id 'huawie'", "did you mean huawei"]),
    ("unknown predicate",
     f'  - {{s: policy-18-1987, p: enables, o: huawei, quote: "{GOOD_QUOTE}"}}\n',
     ["zz-test.yaml:3:", "predicate 'enables' is not in the ontology", "did you mean enabled"]),
    ("domain violation",
     f'  - {{s: huawei, p: enabled, o: huawei-b, quote: "{GOOD_QUOTE}"}}\n',
     ["zz-test.yaml:3:", "unknown entity id 'huawei-b'"]),
    ("range violation",
     f'  - {{s: policy-18-1987, p: enabled, o: shenzhen, quote: "{GOOD_QUOTE}"}}\n',
     ["zz-test.yaml:3:", "range violation", "'shenzhen' is a Place"]),
    ("subject domain violation",
     f'  - {{s: shenzhen, p: enabled, o: huawei, quote: "{GOOD_QUOTE}"}}\n',
     ["zz-test.yaml:3:", "domain violation", "'shenzhen' is a Place"]),
    ("malformed YAML",
     f'  - {{s: policy-18-1987, p: enabled, o: huawei, quote: "{GOOD_QUOTE}"\n',
     ["zz-test.yaml:", "malformed YAML"]),
    ("duplicate statement",
     f'  - {{s: policy-18-1987, p: enabled, o: huawei, quote: "{GOOD_QUOTE}"}}\n' * 2,
     ["zz-test.yaml:4:", "duplicate of the fact at line 3"]),
]


# BAD_FACTS are built over a previous build in tests/test_hostile_sources.py, with every promise checked.


def test_duplicate_entity_id_names_both_lines(sources_copy, tmp_path):
    path = sources_copy / "entities.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- {id: huawei,"))
    path.write_text("\n".join(lines + [lines[first]]) + "\n", encoding="utf-8")
    result = run_build(sources_copy, tmp_path / "out")
    assert result.exit_code == 1
    assert f"entities.yaml:{len(lines) + 1}: duplicate entity id 'huawei' (first declared at line {first + 1})" \
        in result.output


def test_an_entity_no_document_names_is_refused(sources_copy, tmp_path):
    with (sources_copy / "entities.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- {id: atlantis-corp, type: Firm, label: 亚特兰蒂斯公司}\n")
    result = run_build(sources_copy, tmp_path / "out")
    assert result.exit_code == 1
    assert "entity 'atlantis-corp': none of its names" in result.output


def test_malformed_turtle_in_the_ontology_is_reported(sources_copy, tmp_path):
    onto = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, onto)
    (onto / "szkg.ttl").write_text("@prefix szkg: <x#> .\nszkg:Firm a szkg:Class \"unterminated .\n", encoding="utf-8")
    result = run_build(sources_copy, tmp_path / "out", onto)
    assert result.exit_code == 1
    assert "szkg.ttl: malformed Turtle" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content, expected", [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\xff\xfe\xfa\x80\x81\xfe\xff" * 3, "cannot decode"),
])
def test_empty_binary_or_undecodable_documents_are_refused(sources_copy, tmp_path, content, expected):
    (sources_copy / "documents" / f"{DOC}.txt").write_bytes(content)
    result = run_build(sources_copy, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{DOC}.txt: " in result.output and expected in result.output


def test_missing_sources_directory(tmp_path):
    result = run_build(tmp_path / "nowhere", tmp_path / "out")
    assert result.exit_code == 1 and "sources directory not found" in result.output
