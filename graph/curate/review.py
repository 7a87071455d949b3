"""Review files: what `szkg extract` proposes for a document, and `szkg accept` merging it.

``sources/review/<doc>.yaml`` is in the curated-facts format (``document``, ``statements``
with ``s, p, o, quote, start, status, confidence, extractor``) plus the new entities the
statements need (``entities``, in the entities.yaml format with the sentence that names
them) and, for the reviewer, the ids of the known entities the article names (``known``).

Reviewing: set ``status: curated`` on a candidate you checked (and corrected: s, p, o or
quote may be edited), ``status: rejected`` on a wrong one, or delete its line.
`szkg accept DOC` then moves the curated ones into ``facts/<doc>.yaml`` with status
``curated``; ``--all`` or ``--min-confidence X`` also accepts unreviewed candidates, which
keep status ``extracted`` with their confidence and rule, because no person checked them;
``--ids`` accepts the numbered candidates `szkg review` shows, as ``curated``.  New
entities that accepted statements use are appended to entities.yaml.  Everything is
validated together, as `szkg build` would, before any file is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.curate.edit import SourcesEdit, facts_text, flow, write_atomic
from graph.curate.evaluate import DEFAULT_MIN_CONFIDENCE
from graph.curate.guard import check_document_id, shown
from graph.curate.sources import load_documents, load_entities, read_yaml, records
from graph.errors import SourceError
from graph.extract import EXTRACTOR_VERSION, Extraction, Extractor, build_gazetteer
from graph.layout import sources_lock
from graph.model import Document, Entity
from graph.vocab import load_ontology

REVIEW_HEADER = """\
# Candidates proposed by {version} for document {doc}: nothing here is in the graph yet.
# Review: set `status: curated` on each line you checked (edit s, p, o or quote if needed),
# `status: rejected` on wrong ones (or delete them), then run `szkg accept {doc}`.
# `szkg accept {doc} --all` (or --min-confidence X) accepts unreviewed ones as `extracted`.
"""


def review_path(root: Path, doc_id: str) -> Path:
    return Path(root) / "review" / f"{doc_id}.yaml"


def find_document(documents: dict[str, Document], name: str) -> Document:
    """A document by id or by a unique prefix of its id."""
    if name in documents:
        return documents[name]
    hits = [d for d in documents if d.startswith(name)]
    if len(hits) == 1:
        return documents[hits[0]]
    known = ", ".join(sorted(documents)) or "none"
    why = "is ambiguous" if hits else "is not in documents.yaml"
    raise SourceError(f"document '{shown(name)}' {why}; documents: {known}")


def _entities(root: Path, ontology_dir: Path) -> dict[str, Entity]:
    if not (Path(root) / "entities.yaml").exists():
        return {}
    return load_entities(Path(root), load_ontology(str(Path(ontology_dir) / "szkg.ttl")))


# ------------------------------------------------------------------ extract


@dataclass
class ReviewFile:
    """The review file written for one document."""

    path: Path
    document: str
    extraction: Extraction
    statements: list[dict]
    entities: list[dict]


def extract(root: Path, ontology_dir: Path, name: str, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            output: Path | None = None) -> ReviewFile:
    """Extract one document of the sources with every known entity and write its review file."""
    with sources_lock(Path(root)):
        return _extract(root, ontology_dir, name, min_confidence=min_confidence, output=output)


def _extract(root: Path, ontology_dir: Path, name: str, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            output: Path | None = None) -> ReviewFile:
    root = Path(root)
    ontology = load_ontology(str(Path(ontology_dir) / "szkg.ttl"))
    doc = find_document(load_documents(root), name)
    entities = _entities(root, ontology_dir)
    extraction = Extractor(build_gazetteer(entities.values()), ontology, reserved_ids=set(entities)).extract(
        doc.text, doc.id)
    statements = []
    for c in extraction.candidates:
        if c.confidence < min_confidence:
            continue
        if doc.text[c.start:c.start + len(c.quote)] != c.quote:  # by construction; never written if not
            raise SourceError(f"internal error: quote not at offset {c.start}: {c.quote!r}", doc.path)
        statements.append({"s": c.subject, "p": c.predicate, "o": c.object, "quote": c.quote, "start": c.start,
                           "status": "candidate", "confidence": round(c.confidence, 2),
                           "extractor": f"{EXTRACTOR_VERSION} {c.rule}"})
    used = {s["s"] for s in statements} | {s["o"] for s in statements}
    new = []
    for p in extraction.proposals.values():
        if p.id in used or p.confidence >= min_confidence:
            item = {"id": p.id, "type": p.type, "label": p.label}
            if p.en:
                item["en"] = p.en
            if p.aliases:
                item["aliases"] = list(p.aliases)
            item.update({"quote": p.quote, "start": p.start, "status": "candidate",
                         "confidence": round(p.confidence, 2), "extractor": f"{EXTRACTOR_VERSION} {p.rule}"})
            new.append(item)
    data = {"document": doc.id, "entities": new, "statements": statements, "known": sorted(extraction.known)}
    path = Path(output) if output else review_path(root, doc.id)
    write_atomic(path, facts_text(data, REVIEW_HEADER.format(version=EXTRACTOR_VERSION, doc=doc.id)))
    return ReviewFile(path, doc.id, extraction, statements, new)


# ------------------------------------------------------------------ review and accept


@dataclass
class Review:
    """A review file as read back: its items with their line numbers."""

    path: Path
    document: str
    entities: list[tuple[int, dict]]
    statements: list[tuple[int, dict]]
    known: list[str] = field(default_factory=list)


def read_review(root: Path, name: str) -> Review:
    """Read ``review/<doc>.yaml`` (by document id or unique prefix)."""
    root = Path(root)
    files = {p.stem: p for p in (root / "review").glob("*.yaml")} if (root / "review").is_dir() else {}
    hits = [d for d in files if d == name] or [d for d in files if d.startswith(name)]
    if len(hits) != 1:
        raise SourceError(f"no review file for document '{shown(name)}' in {root / 'review'}; "
                          f"run `szkg extract {shown(name)}` first"
                          if not hits else f"document '{shown(name)}' is ambiguous: {', '.join(sorted(hits))}")
    path = files[hits[0]]
    node, data = read_yaml(path)
    if not isinstance(data, dict) or not data.get("document"):
        raise SourceError("expected a mapping with 'document', 'entities' and 'statements'", path, 1)
    check_document_id(data["document"], path, 1)
    return Review(path, str(data["document"]), list(records(path, node, data, "entities")),
                  list(records(path, node, data, "statements")), [str(k) for k in data.get("known") or []])


@dataclass
class Accepted:
    """What `accept` merged."""

    document: str
    facts: Path
    curated: int = 0
    extracted: int = 0
    entities: list[str] = field(default_factory=list)
    duplicates: int = 0
    left: int = 0  #: candidates still awaiting review


def _decide(item: dict, number: int, all_: bool, min_confidence: float | None, ids: set[int]) -> str | None:
    """'curated', 'extracted', 'rejected' or None (left for later) for one review item."""
    status = str(item.get("status") or "candidate")
    if status in ("curated", "rejected"):
        return status
    if status not in ("candidate", "extracted"):
        raise SourceError(f"status '{status}' must be candidate, curated or rejected")
    if number in ids:
        return "curated"
    confidence = float(item.get("confidence") or 0)
    if all_ or (min_confidence is not None and confidence >= min_confidence):
        return "extracted"
    return None


def _fact(item: dict, decision: str, text: str) -> dict:
    out = {k: item[k] for k in ("s", "p", "o", "quote") if k in item}
    start = item.get("start")
    if isinstance(start, int) and text[start:start + len(str(item.get("quote", "")))] == item.get("quote"):
        out["start"] = start
    out["status"] = decision
    if decision == "extracted" and item.get("confidence") is not None:
        out["confidence"] = item["confidence"]
    if item.get("extractor"):
        out["extractor"] = item["extractor"]
    return out


def _append_statements(current: str | None, doc_id: str, lines: list[dict]) -> str:
    """The facts file with statements appended to its ``statements:`` section (comments kept)."""
    if current is None:
        return facts_text({"document": doc_id, "statements": lines})
    body = current.splitlines(keepends=True)
    add = [f"  - {flow(item)}\n" for item in lines]
    at = next((i for i, line in enumerate(body) if line.startswith("statements:")), None)
    if at is None:
        return current + ("" if current.endswith("\n") else "\n") + "statements:\n" + "".join(add)
    if body[at].split(":", 1)[1].strip() in ("[]", ""):
        body[at] = "statements:\n"
    end = at + 1
    while end < len(body) and (body[end].startswith((" ", "-", "#")) or not body[end].strip()):
        end += 1
    while end > at + 1 and not body[end - 1].strip():
        end -= 1
    return "".join(body[:end] + add + body[end:])


def accept(root: Path, ontology_dir: Path, name: str, *, all_: bool = False, min_confidence: float | None = None,
           ids: set[int] | None = None) -> Accepted:
    """Merge the accepted candidates of a review file into the sources (see module docstring)."""
    with sources_lock(Path(root)):
        return _accept(root, ontology_dir, name, all_=all_, min_confidence=min_confidence, ids=ids)


def _accept(root: Path, ontology_dir: Path, name: str, *, all_: bool = False, min_confidence: float | None = None,
           ids: set[int] | None = None) -> Accepted:
    root = Path(root)
    review = read_review(root, name)
    doc = find_document(load_documents(root), review.document)
    known = _entities(root, ontology_dir)
    proposed = {str(item.get("id")): (line, item) for line, item in review.entities}
    edit = SourcesEdit(root)
    facts_rel = f"facts/{doc.id}.yaml"
    existing = yaml.safe_load(edit.read_text(facts_rel) or "{}") or {}
    have = {(f.get("s"), f.get("p"), f.get("o"), f.get("quote")) for f in existing.get("statements") or []}
    result = Accepted(doc.id, root / facts_rel)
    accepted, keep_statements, needed = [], [], set()
    for number, (line, item) in enumerate(review.statements, 1):
        try:
            decision = _decide(item, number, all_, min_confidence, ids or set())
        except SourceError as exc:
            raise SourceError(str(exc), review.path, line) from None
        if decision is None:
            keep_statements.append(item)
            continue
        if decision == "rejected":
            continue
        fact = _fact(item, decision, doc.text)
        if (fact.get("s"), fact.get("p"), fact.get("o"), fact.get("quote")) in have:
            result.duplicates += 1
            continue
        have.add((fact.get("s"), fact.get("p"), fact.get("o"), fact.get("quote")))
        accepted.append(fact)
        needed |= {str(fact.get("s")), str(fact.get("o"))}
        result.curated += decision == "curated"
        result.extracted += decision == "extracted"
    new_entities, keep_entities = [], []
    for ent_id, (_line, item) in proposed.items():
        status = str(item.get("status") or "candidate")
        wanted = ent_id in needed or status == "curated" or (all_ and status != "rejected")
        if ent_id in known or status == "rejected":
            continue
        if wanted:
            new_entities.append({k: item[k] for k in ("id", "type", "label", "en", "aliases") if item.get(k)})
        else:
            keep_entities.append(item)
    if not accepted and not new_entities:
        raise SourceError("nothing to accept: set `status: curated` on the candidates you checked, "
                          "or pass --all, --min-confidence or --ids", review.path)
    if accepted:
        edit.write(facts_rel, _append_statements(edit.read_text(facts_rel), doc.id, accepted))
    if new_entities:
        current = edit.read_text("entities.yaml") or ""
        edit.write("entities.yaml", current + ("" if not current or current.endswith("\n") else "\n")
                   + "".join(f"- {flow(e)}\n" for e in new_entities))
        result.entities = [e["id"] for e in new_entities]
    rel = f"review/{review.path.stem}.yaml"
    result.left = len(keep_statements)
    if keep_statements or keep_entities:
        data = {"document": doc.id, "entities": keep_entities, "statements": keep_statements, "known": review.known}
        edit.write(rel, facts_text(data, REVIEW_HEADER.format(version=EXTRACTOR_VERSION, doc=doc.id)))
    else:
        edit.delete(rel)
    edit.validate(ontology_dir)
    edit.commit()
    return result


def review_rows(root: Path, name: str, ontology_dir: Path) -> tuple[Review, list[dict]]:
    """The numbered candidates of a review file with readable labels (for `szkg review`)."""
    review = read_review(root, name)
    labels = {e.id: e.label for e in _entities(root, ontology_dir).values()}
    labels.update({str(item.get("id")): f"{item.get('label')} (new {item.get('type')})" for _l, item in review.entities})
    rows = []
    for number, (_line, item) in enumerate(review.statements, 1):
        rows.append({"n": number, "status": str(item.get("status") or "candidate"),
                     "confidence": item.get("confidence"), "s": labels.get(str(item.get("s")), item.get("s")),
                     "p": item.get("p"), "o": labels.get(str(item.get("o")), item.get("o")),
                     "rule": str(item.get("extractor") or "").split(" ")[-1], "quote": str(item.get("quote") or "")})
    return review, rows


__all__ = ["Accepted", "Review", "ReviewFile", "accept", "extract", "facts_text", "find_document", "flow",
           "read_review", "review_path", "review_rows"]


def print_review(review: Review, rows: list[dict], out) -> None:
    """The numbered candidates of a review file as a rich table."""
    from rich.table import Table

    table = Table(title=f"Candidates of {review.document} ({review.path})")
    for col in ("#", "status", "conf.", "subject", "predicate", "object", "rule", "quote"):
        table.add_column(col, justify="right" if col in ("#", "conf.") else "left", overflow="fold")
    for r in rows:
        quote = r["quote"] if len(r["quote"]) <= 60 else r["quote"][:59] + "…"
        table.add_row(str(r["n"]), r["status"], f"{r['confidence']}", str(r["s"]), str(r["p"]), str(r["o"]),
                      r["rule"], quote)
    out.print(table)
    new = [item for _line, item in review.entities]
    if new:
        out.print(f"{len(new)} new entities proposed: " + ", ".join(f"{e.get('label')} ({e.get('type')})" for e in new),
                  markup=False)
