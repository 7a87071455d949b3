"""The public API (``import graph``): its exact list of names, that it loads nothing heavy at
import, and that its one-call functions answer as the CLI does."""

from __future__ import annotations

import html
import subprocess
import sys

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli

#: The public surface. A change here is a change of the API: update this list on purpose.
PUBLIC = {
    "__version__", "AmbiguousName", "BuildDir", "BuildResult", "CARD_LIMIT", "CLASS_STYLE",
    "DEFAULT_MIN_CONFIDENCE", "EXACT_LIMIT", "EmbeddedStore", "Explorer", "MAX_BYTES", "METRICS",
    "MemoryStore", "Metric", "NoPath", "OntologyError", "PREFIXES", "ProjectError", "QUERY_FORMATS",
    "QueryError", "QueryResult", "Question", "RemoteStore", "ServerConfig", "SourceError", "Store",
    "StoreError", "SzkgError", "UnknownName", "View", "accept", "ask", "build", "centrality",
    "class_colour", "communities", "conflict_rows", "conflicts", "connect", "default_ontology", "default_out", "default_sources",
    "entity_card", "eval_report_json", "evaluate", "evidence_paths", "explore", "impact", "ingest", "one_line",
    "init_project", "load_build", "localize_labels", "open_reader", "parse_types", "print_build_summary",
    "print_eval_report", "print_review", "project", "project_root", "propose", "question_from_file",
    "rank_impact", "reading", "relabel", "render_card", "render_explorer", "render_report", "resolve_entity", "result_markdown",
    "result_table", "review_path", "review_rows", "run_question", "runner_for", "save_explorer",
    "saved_question", "saved_questions", "sentence_around", "serialize", "serve", "stats", "store_choice", "tables",
    "use_project", "write_atomic", "write_explorer", "write_report",
    "ingest_batch", "extract_pending", "accept_all_documents", "corpus_status", "print_status", "extract_file",
    "print_file_extraction", "calibrate_rules", "calibration_text", "learn_pairs",
}


def test_the_public_names_are_exactly_the_documented_ones():
    assert set(graph.__all__) == PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC - {"__version__"}))
def test_every_public_name_resolves(name):
    assert getattr(graph, name) is not None


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        graph.nothing_here  # noqa: B018


def test_import_loads_no_heavy_library():
    code = ("import sys, graph, graph.cli; "
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx', 'pyshacl', 'numpy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_ask_a_saved_question_with_parameters_by_name(built):
    result = graph.ask("firms-enabled-by", out=built.out, policy="18號文件")
    firms = {str(row[result.variables.index("target")].value) for row in result.rows} \
        if "target" in result.variables else {str(v.value) for row in result.rows for v in row if v is not None}
    assert "https://w3id.org/szkg/id/huawei" in firms


def test_ask_sparql_text_and_an_in_memory_store(built):
    import pyoxigraph as ox

    fake = graph.MemoryStore([ox.Quad(ox.NamedNode("https://w3id.org/szkg/id/x"),
                                      ox.NamedNode("https://w3id.org/szkg/ontology#locatedIn"),
                                      ox.NamedNode("https://w3id.org/szkg/id/y"),
                                      ox.NamedNode("https://w3id.org/szkg/graph/doc"))])
    result = graph.ask("SELECT ?o WHERE { ent:x szkg:locatedIn ?o }", fake)
    assert [row[0].value for row in result.rows] == ["https://w3id.org/szkg/id/y"]


def test_entity_card_by_any_name(built):
    card = graph.entity_card("ｈｕａｗｅｉ", out=built.out)  # full-width Latin, NFKC-folded
    assert card.id == "huawei"


def test_explore_shows_inline_in_jupyter_escaped(built):
    page = graph.explore(out=built.out, focus="华为", depth=1)
    frame = page._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts"' in frame
    assert html.escape(page.html, quote=True) in frame and "<script" not in frame


def test_init_then_build_a_new_corpus(tmp_path, monkeypatch):
    folder = tmp_path / "my-corpus"
    runner = CliRunner()
    made = runner.invoke(cli, ["init", str(folder)])
    assert made.exit_code == 0, made.output
    assert (folder / "sources" / "entities.yaml").is_file() and (folder / "README.md").is_file()
    monkeypatch.chdir(folder)
    built = runner.invoke(cli, ["build", "--no-views"])
    assert built.exit_code == 0, built.output
    assert (folder / "out" / "szkg.nq").read_text(encoding="utf-8").count("enabled") >= 1
    again = runner.invoke(cli, ["init", str(folder)])
    assert again.exit_code == 1 and "already holds sources/" in again.output


def test_project_option_points_commands_at_a_corpus(tmp_path, monkeypatch):
    folder = tmp_path / "elsewhere"
    graph.init_project(folder)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--project", str(folder), "build", "--no-views", "-q"])
    assert result.exit_code == 0, result.output
    assert (folder / "out" / "store").is_dir()
    missing = CliRunner().invoke(cli, ["--project", str(tmp_path), "build"])
    assert missing.exit_code == 1 and "not a szkg project" in missing.output
    graph.use_project(None)
