"""The one-call functions of the public API (:mod:`graph`): build, ask, an entity card, the
explorer, a new project.  Each takes what a person has at hand — a name, a folder, a URL —
and finds the rest the way the ``szkg`` command does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.layout import BuildDir, default_ontology, default_out, default_sources
from graph.query.card import entity_card as _card_of
from graph.query.questions import Question, saved_question, saved_questions
from graph.query.runner import run_question
from graph.rdf import CARD_LIMIT
from graph.store import Store, connect

__all__ = ["build", "ask", "entity_card", "explore", "init_project"]


def build(sources: Path | None = None, ontology: Path | None = None, out: Path | None = None, *,
          views: bool = True, full: bool = False, threads: int | None = None, progress: Any = None):
    """Validate the sources and build the graph into ``out``; the BuildResult.

    Defaults are the project's (see :mod:`graph.layout`).  With ``views`` the centrality
    report and the explorer are written too, into the new build before it replaces the old
    one: a failure anywhere leaves the previous build as it was.
    """
    from graph.curate.build import build as build_graph
    from graph.views.explorer import write_explorer
    from graph.views.report_page import write_report

    def finish(staging: Path) -> dict[str, Path]:  # written before the swap: a build is whole or absent
        return {"report": write_report(staging, progress=progress),
                "explorer": write_explorer(staging, progress=progress)}

    return build_graph(sources or default_sources(), ontology or default_ontology(), out or default_out(),
                       full=full, threads=threads, finish=finish if views else None)


def _store(store: Any, out: Path | None) -> Store:
    return connect(store if store is not None else BuildDir.at(out))


def ask(question: str | Question, store: Any = None, *, out: Path | None = None, timeout: float = 30.0,
        limit: int | None = None, runner: Any = None, **params: str):
    """Answer a saved question by name (``ask("firms-enabled-by", policy="18号文件")``) or a
    SPARQL text; a :class:`graph.query.results.QueryResult` (``.rows``, ``.variables``).

    ``store`` is anything :func:`graph.store.connect` takes (default: the build in ``out``);
    ``runner`` one of :func:`graph.query.runner.runner_for` to reuse across questions.
    """
    if isinstance(question, str):
        text = question.strip()
        question = saved_question(text) if text in saved_questions() else Question.from_text(question)
    return run_question(_store(store, out), question, params, timeout=timeout, limit=limit, runner=runner)


def entity_card(name: str, store: Any = None, *, out: Path | None = None, limit: int | None = CARD_LIMIT,
                lang: str = "zh-Hans"):
    """What the graph says of the entity called ``name`` (any name, any script), with quotes;
    entities named in ``lang`` (zh-Hans, zh-Hant or en, falling back to the others)."""
    return _card_of(_store(store, out), name, limit=limit, lang=lang)


def explore(store: Any = None, *, out: Path | None = None, view: Any = None, progress: Any = None, **options):
    """The explorer page (an :class:`graph.views.explorer.Explorer`; Jupyter shows it inline).
    ``options`` are :class:`graph.views.explorer.View`'s fields (``focus="华为"``, ``depth=2``)."""
    from graph.views.explorer import View, render_explorer

    return render_explorer(_store(store, out), view or View(**options), progress=progress)


def init_project(folder: Path) -> list[Path]:
    """Create a new corpus folder: sources/ with an example document and its facts, and a README."""
    from graph.curate.skeleton import init_project as create

    return create(Path(folder))
