"""`szkg status`: where each document of the sources stands in the curation workflow.

Per document: ingested (it is in documents.yaml), extracted (it has a review file), reviewed
(the statements of its review file marked ``curated`` — accepted by a reviewer, not yet merged
—, ``rejected`` and still open), its facts (statements, observations and attributes in
``facts/<doc>.yaml``) and built (the current build's store has the document's named graph).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.curate.guard import load_yaml
from graph.curate.review import review_path
from graph.curate.sources import records
from graph.errors import SourceError, StoreError
from graph.layout import BuildDir
from graph.vocab import document_graph


@dataclass
class DocumentStatus:
    """One document's stage in the workflow."""

    id: str
    title: str
    ingested: bool = True
    extracted: bool = False  #: it has a review file
    accepted: int = 0  #: review-file statements marked curated (not yet merged by `szkg accept`)
    rejected: int = 0  #: review-file statements marked rejected
    open: int = 0  #: review-file statements not decided yet
    facts: int = 0  #: statements, observations and attributes in facts/<doc>.yaml
    built: bool = False  #: the current build has the document's named graph

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _count_facts(path: Path) -> int:
    if not path.exists():
        return 0
    _node, data = load_yaml(path)
    if not isinstance(data, dict):
        return 0
    return sum(len(data.get(kind) or []) for kind in ("statements", "observations", "attributes"))


def _built_graphs(out: Path | None) -> set[str]:
    """The named graphs of the build in ``out`` (none if there is no build)."""
    build = BuildDir.at(out)
    if not build.store.is_dir():
        return set()
    from graph.store import connect

    try:
        return set(connect(build).named_graphs())
    except (StoreError, OSError):  # being rebuilt, or unreadable: shown as not built
        return set()


def corpus_status(root: Path, out: Path | None = None) -> list[DocumentStatus]:
    """The status of every document of the sources ``root``, in documents.yaml order; ``out``:
    the build folder (default: the usual one)."""
    root = Path(root)
    path = root / "documents.yaml"
    if not path.exists():
        raise SourceError(f"no documents.yaml in {root}; add articles with `szkg ingest`")
    node, data = load_yaml(path)
    graphs = _built_graphs(out)
    rows = []
    for _line, item in records(path, node, data, None):
        doc_id = str(item.get("id"))
        row = DocumentStatus(doc_id, str(item.get("title") or ""))
        review = review_path(root, doc_id)
        if review.exists():
            row.extracted = True
            _node, content = load_yaml(review)
            statements = (content or {}).get("statements") or [] if isinstance(content, dict) else []
            for st in statements:
                status = str(st.get("status") or "candidate") if isinstance(st, dict) else "candidate"
                if status == "curated":
                    row.accepted += 1
                elif status == "rejected":
                    row.rejected += 1
                else:
                    row.open += 1
        row.facts = _count_facts(root / "facts" / f"{doc_id}.yaml")
        row.built = str(document_graph(doc_id)) in graphs
        rows.append(row)
    return rows


def print_status(rows: list[DocumentStatus], out) -> None:
    """The status rows as a rich table (rich aligns CJK titles by display width)."""
    from rich import box
    from rich.table import Table

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    table = Table(title="Documents", box=box.SIMPLE_HEAD, pad_edge=False,
                  caption="ingested · extracted (has a review file) · reviewed: statements accepted / rejected / "
                          "open in the review file · facts in sources/facts · built: in the current build")
    for col in ("id", "title", "ingested", "extracted", "reviewed", "facts", "built"):
        table.add_column(col, justify="right" if col == "facts" else "left", overflow="fold",
                         no_wrap=col != "title", min_width=16 if col == "title" else None)
    for r in rows:
        reviewed = f"{r.accepted}/{r.rejected}/{r.open}" if r.extracted else "-"
        table.add_row(r.id, r.title, yes(r.ingested), yes(r.extracted), reviewed, str(r.facts), yes(r.built))
    out.print(table)


__all__ = ["DocumentStatus", "corpus_status", "print_status"]
