"""szkg: an evidence-backed knowledge graph of firms, policies and industries from news articles.

This module is the public API: what a notebook, a script and the ``szkg`` command use.
Everything listed in ``__all__`` is importable from ``graph`` itself; the packages below it
(``graph.store``, ``graph.query``, ``graph.analysis``, ``graph.views``, ``graph.curate``,
``graph.extract``) are its implementation, free to change.  Names are loaded on first use,
so ``import graph`` (and ``szkg --help``) stays instant.

A session in four lines::

    import graph
    graph.build()                                   # sources/ → out/ (dumps, store, views)
    graph.ask("firms-enabled-by", policy="18号文件")  # a saved question, parameters by name
    graph.entity_card("华为")                         # what the graph says of Huawei, with quotes
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name → the module that defines it (attribute of the same name unless given).
_EXPORTS: dict[str, str] = {
    # errors
    "SzkgError": "graph.errors", "SourceError": "graph.errors", "OntologyError": "graph.errors",
    "StoreError": "graph.errors", "QueryError": "graph.errors", "ProjectError": "graph.errors",
    "UnknownName": "graph.errors", "one_line": "graph.errors", "AmbiguousName": "graph.errors", "NoPath": "graph.errors",
    # projects and build folders
    "BuildDir": "graph.layout", "project_root": "graph.layout", "default_out": "graph.layout",
    "default_sources": "graph.layout", "default_ontology": "graph.layout", "init_project": "graph.api",
    "use_project": "graph.layout",
    # stores
    "Store": "graph.store", "connect": "graph.store", "EmbeddedStore": "graph.store.embedded",
    "MemoryStore": "graph.store.embedded", "RemoteStore": "graph.store.remote",
    "store_choice": "graph.store.config", "open_reader": "graph.store.config",
    "load_build": "graph.store.remote",
    # building
    "build": "graph.api", "BuildResult": "graph.curate.build",
    # asking
    "ask": "graph.api", "Question": "graph.query.questions", "saved_question": "graph.query.questions",
    "saved_questions": "graph.query.questions", "question_from_file": "graph.query.questions",
    "run_question": "graph.query.runner", "runner_for": "graph.query.runner", "QueryResult": "graph.query.results",
    "QUERY_FORMATS": "graph.query.results", "serialize": "graph.query.results", "result_table": "graph.query.results",
    "result_markdown": "graph.query.results", "PREFIXES": "graph.vocab", "sentence_around": "graph.text",
    "entity_card": "graph.api", "render_card": "graph.query.card", "CARD_LIMIT": "graph.rdf",
    "resolve_entity": "graph.query.entity", "localize_labels": "graph.query.entity", "conflicts": "graph.query.conflicts",
    "conflict_rows": "graph.query.conflicts", "ServerConfig": "graph.query.server", "serve": "graph.query.server",
    # analysis
    "project": "graph.analysis.projection", "relabel": "graph.analysis.projection", "parse_types": "graph.analysis.projection",
    "stats": "graph.analysis.projection", "communities": "graph.analysis.projection",
    "evidence_paths": "graph.analysis.projection", "centrality": "graph.analysis.centrality",
    "METRICS": "graph.analysis.metrics", "Metric": "graph.analysis.metrics", "EXACT_LIMIT": "graph.analysis.metrics",
    "reading": "graph.analysis.centrality", "impact": "graph.analysis.impact", "rank_impact": "graph.analysis.impact",
    # views
    "CLASS_STYLE": "graph.views.palette", "class_colour": "graph.views.palette",
    "View": "graph.views.explorer", "Explorer": "graph.views.explorer", "explore": "graph.api",
    "render_explorer": "graph.views.explorer", "save_explorer": "graph.views.explorer",
    "write_explorer": "graph.views.explorer", "write_report": "graph.views.report_page",
    "render_report": "graph.views.report_page", "print_build_summary": "graph.views.build_summary",
    "tables": "graph.views.tables",
    # curation
    "ingest": "graph.curate.ingest", "review_path": "graph.curate.review", "MAX_BYTES": "graph.curate.ingest", "propose": "graph.curate.review",
    "accept": "graph.curate.review", "review_rows": "graph.curate.review", "print_review": "graph.curate.review",
    "evaluate": "graph.curate.evaluate", "eval_report_json": "graph.curate.evaluate",
    "print_eval_report": "graph.curate.evaluate", "DEFAULT_MIN_CONFIDENCE": "graph.curate.evaluate",
    "write_atomic": "graph.curate.edit", "ingest_batch": "graph.curate.ingest",
    "extract_pending": "graph.curate.review", "accept_all_documents": "graph.curate.review",
    "corpus_status": "graph.curate.status", "print_status": "graph.curate.status",
    "extract_file": "graph.curate.textfile", "calibrate_rules": "graph.curate.evaluate",
    "calibration_text": "graph.curate.evaluate", "print_file_extraction": "graph.curate.textfile",
    "learn_pairs": "graph.curate.evaluate",
}
#: Public names whose attribute in the defining module differs.
_RENAMED = {
    "QUERY_FORMATS": "ALL_FORMATS", "result_table": "table", "result_markdown": "markdown",
    "render_report": "render_html", "propose": "extract", "eval_report_json": "report_json",
    "print_eval_report": "print_report", "localize_labels": "localize", "calibrate_rules": "calibrate",
    "learn_pairs": "learn",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name == "tables":  # the text renderings (rich tables, CSV, JSON, Markdown): a module
        value = import_module("graph.views.tables")
    elif name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), _RENAMED.get(name, name))
    else:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
