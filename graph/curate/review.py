"""Review files: what `szkg extract` proposes for a document, and `szkg accept` merging it.

``sources/review/<doc>.yaml`` is in the curated-facts format (``document``, ``statements``
with ``id, s, p, o, quote, start, status, confidence, extractor``) plus the new entities the
statements need (``entities``, in the entities.yaml format with the sentence that names
them) and, for the reviewer, the ids of the known entities the article names (``known``).

A candidate's ``id`` is a short hash of its subject, predicate, object and quote span
(``candidate_id``; the two ends in sorted order for a symmetric predicate, which is proposed
once): the same candidate has the same id in every run, whatever else the file holds.

Reviewing: set ``status: curated`` on a candidate you checked (and corrected: s, p, o or
quote may be edited; the line keeps its id), ``status: rejected`` on a wrong one (rejected
lines stay in the review file, so extracting again does not propose them; a deleted line is
proposed again).  `szkg accept DOC` then moves the curated ones into ``facts/<doc>.yaml`` with status
``curated``; ``--all`` or ``--min-confidence X`` also accepts unreviewed candidates, which
keep status ``extracted`` with their confidence and rule, because no person checked them;
``--ids`` accepts the candidates of those ids, as ``curated``.  New entities that accepted
statements use are appended to entities.yaml.  Everything is validated together, as
`szkg build` would, before any file is written.

Extracting again merges with the review file: the reviewer's decisions (curated, rejected,
edited lines) are kept, candidates whose fact is already in ``facts/<doc>.yaml`` are not
proposed again, new candidates are added; the previous file is kept as ``<doc>.yaml.bak``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.curate.edit import SourcesEdit, facts_text, flow, write_atomic
from graph.curate.evaluate import DEFAULT_MIN_CONFIDENCE
from graph.curate.guard import check_document_id, shown
from graph.curate.sources import load_documents, load_entities, read_yaml, records
from graph.errors import NothingToAccept, SourceError
from graph.extract import EXTRACTOR_VERSION, Extraction, Extractor, build_gazetteer
from graph.layout import sources_lock
from graph.model import Document, Entity
from graph.vocab import QUALIFIERS, load_ontology

REVIEW_HEADER = """\
# Candidates proposed by {version} for document {doc}: nothing here is in the graph yet.
# Review: set `status: curated` on each line you checked (edit s, p, o or quote if needed;
# keep its id), `status: rejected` on wrong ones (not deleted: they would come back), then run
# `szkg accept {doc}`.
# `szkg accept {doc} --ids ID,ID` accepts those candidates; `--all` (or --min-confidence X)
# accepts unreviewed ones as `extracted`. `szkg extract {doc}` again keeps your decisions.
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


def known_entities(root: Path, ontology_dir: Path) -> dict[str, Entity]:
    if not (Path(root) / "entities.yaml").exists():
        return {}
    return load_entities(Path(root), load_ontology(str(Path(ontology_dir) / "szkg.ttl")))


# ------------------------------------------------------------------ candidate ids

#: Hex digits of a candidate id.
ID_LENGTH = 8
_ID = re.compile(r"[0-9a-f]{1,40}")


def candidate_id(s: object, p: object, o: object, start: object, end: object, symmetric: bool = False) -> str:
    """The stable id of a candidate: a short hash of subject, predicate, object and quote span.

    For a symmetric predicate the two ends are taken in canonical (sorted) order, so a
    statement and its mirror image have the same id."""
    s, o = str(s), str(o)
    if symmetric and o < s:
        s, o = o, s
    raw = "\x1f".join((s, str(p), o, str(start), str(end)))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:ID_LENGTH]


def symmetric_predicates(ontology_dir: Path) -> frozenset[str]:
    """The symmetric predicates of the ontology (owl:SymmetricProperty: partnersWith, competesWith)."""
    ontology = load_ontology(str(Path(ontology_dir) / "szkg.ttl"))
    return frozenset(name for name, prop in ontology.relations.items() if prop.symmetric)


def _ends(item: dict, symmetric: frozenset[str]) -> tuple[str, str]:
    """Subject and object of a statement line, in canonical order for a symmetric predicate."""
    s, o = str(item.get("s")), str(item.get("o"))
    return (o, s) if item.get("p") in symmetric and o < s else (s, o)


def _fact_key(item: dict, symmetric: frozenset[str]) -> tuple[str, str, str]:
    """(subject, predicate, object) of a statement line, unordered for a symmetric predicate."""
    s, o = _ends(item, symmetric)
    return s, str(item.get("p")), o


def content_id(item: dict, symmetric: frozenset[str], text: str | None = None) -> str:
    """The id of a statement line as it now reads (its quote located in ``text`` if it has no valid start)."""
    quote = str(item.get("quote") or "")
    start = item.get("start")
    if text is not None and not (isinstance(start, int) and text[start:start + len(quote)] == quote):
        start = text.find(quote) if quote else -1
    end = start + len(quote) if isinstance(start, int) and not isinstance(start, bool) else None
    return candidate_id(item.get("s"), item.get("p"), item.get("o"), start, end, item.get("p") in symmetric)


def item_id(item: dict, symmetric: frozenset[str]) -> str:
    """The id `szkg review` shows for a review line: the one written by `szkg extract` (kept when the
    reviewer edits the line), else the hash of the line as it reads."""
    given = item.get("id")
    return str(given) if given not in (None, "") else content_id(item, symmetric)


#: The fields `szkg extract` writes on a candidate line; a reviewer who adds another (a qualifier
#: such as ``time: former``) has edited it.
_CANDIDATE_FIELDS = frozenset({"id", "s", "p", "o", "quote", "start", "status", "confidence", "extractor"})


def is_edited(item: dict, symmetric: frozenset[str]) -> bool:
    """True if the reviewer changed s, p, o, quote or start of a candidate after `szkg extract` wrote
    it, or added a field to it."""
    given = item.get("id")
    return bool(set(item) - _CANDIDATE_FIELDS) or (given not in (None, "") and str(given) != content_id(item, symmetric))


def is_decided(item: dict, symmetric: frozenset[str]) -> bool:
    """A reviewer's decision: status curated or rejected, or an edited candidate."""
    return str(item.get("status") or "candidate") in ("curated", "rejected") or is_edited(item, symmetric)


def _facts_statements(root: Path, doc_id: str) -> tuple[Path, list[tuple[int, dict]]]:
    """The statement lines of ``facts/<doc>.yaml`` (none if it does not exist)."""
    path = Path(root) / "facts" / f"{doc_id}.yaml"
    if not path.exists():
        return path, []
    node, data = read_yaml(path)
    if not isinstance(data, dict):
        return path, []
    return path, list(records(path, node, data, "statements"))


# ------------------------------------------------------------------ extract


@dataclass
class ReviewFile:
    """The review file written for one document, and how it was merged with the previous one."""

    path: Path
    document: str
    extraction: Extraction
    statements: list[dict]
    entities: list[dict]
    kept: int = 0  #: reviewer decisions (curated, rejected, edited) kept from the previous file
    unchanged: int = 0  #: open candidates of the previous file proposed again (same id)
    added: int = 0  #: candidates new to the review file
    accepted: int = 0  #: candidates not proposed because their fact is already in facts/<doc>.yaml
    withdrawn: int = 0  #: open candidates of the previous file the extractor no longer proposes
    backup: Path | None = None  #: the previous review file, as it was


def backup_path(path: Path) -> Path:
    """Where `szkg extract` keeps the previous review file: ``<doc>.yaml.bak`` beside it."""
    return Path(path).with_name(Path(path).name + ".bak")


def extract(root: Path, ontology_dir: Path, name: str, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            output: Path | None = None) -> ReviewFile:
    """Extract one document of the sources and merge the candidates into its review file."""
    with sources_lock(Path(root)):
        return _extract(root, ontology_dir, name, min_confidence=min_confidence, output=output)


def _previous(path: Path, doc_id: str) -> tuple[bytes | None, list[tuple[int, dict]], list[tuple[int, dict]]]:
    """The previous review file at ``path``: its bytes, entity lines and statement lines."""
    if not path.exists():
        return None, [], []
    raw = path.read_bytes()
    node, data = read_yaml(path)
    if data is None:
        return raw, [], []
    if not isinstance(data, dict):
        raise SourceError("expected a mapping with 'document', 'entities' and 'statements'", path, 1)
    if str(data.get("document") or doc_id) != doc_id:
        raise SourceError(f"this review file is of document '{shown(str(data.get('document')))}', "
                          f"not '{doc_id}'", path, 1)
    return raw, list(records(path, node, data, "entities")), list(records(path, node, data, "statements"))


def _extract(root: Path, ontology_dir: Path, name: str, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            output: Path | None = None) -> ReviewFile:
    root = Path(root)
    doc = find_document(load_documents(root), name)
    entities = known_entities(root, ontology_dir)
    extraction = make_extractor(ontology_dir, entities).extract(doc.text, doc.id, script=doc.script)
    return _merge_and_write(root, doc, extraction, entities, symmetric_predicates(ontology_dir),
                            min_confidence=min_confidence, output=output)


def make_extractor(ontology_dir: Path, entities: dict[str, Entity], *, model: bool = True) -> Extractor:
    ontology = load_ontology(str(Path(ontology_dir) / "szkg.ttl"))
    return Extractor(build_gazetteer(entities.values()), ontology, reserved_ids=set(entities), model=model)


def _merge_and_write(root: Path, doc: Document, extraction: Extraction, entities: dict[str, Entity],
                     symmetric: frozenset[str], *, min_confidence: float, output: Path | None) -> ReviewFile:
    """Merge the candidates of ``extraction`` with the document's review file and write it atomically."""
    in_facts = {_fact_key(item, symmetric) for _line, item in _facts_statements(root, doc.id)[1]}
    fresh: dict[str, dict] = {}
    accepted: set[str] = set()
    for c in extraction.candidates:
        if c.confidence < min_confidence:
            continue
        if doc.text[c.start:c.start + len(c.quote)] != c.quote:  # by construction; never written if not
            raise SourceError(f"internal error: quote not at offset {c.start}: {c.quote!r}", doc.path)
        s, o = _ends({"s": c.subject, "p": c.predicate, "o": c.object}, symmetric)
        cid = candidate_id(s, c.predicate, o, c.start, c.start + len(c.quote))
        if (s, c.predicate, o) in in_facts:
            accepted.add(cid)
            continue
        item = {"id": cid, "s": s, "p": c.predicate, "o": o, "quote": c.quote, "start": c.start,
                "status": "candidate", "confidence": round(c.confidence, 2),
                "extractor": f"{EXTRACTOR_VERSION} {c.rule}"}
        if cid not in fresh or item["confidence"] > fresh[cid]["confidence"]:  # a mirror image: once
            fresh[cid] = item
    path = Path(output) if output else review_path(root, doc.id)
    previous, old_entities, old_statements = _previous(path, doc.id)
    result = ReviewFile(path, doc.id, extraction, [], [])
    seen: set[str] = set()
    for _line, item in old_statements:
        if not isinstance(item, dict):
            continue
        oid = item_id(item, symmetric)
        if oid in seen:
            continue
        if is_decided(item, symmetric):
            result.statements.append(item)
            result.kept += 1
            seen |= {oid, content_id(item, symmetric)}
        elif oid in fresh:
            result.statements.append(fresh[oid])
            result.unchanged += 1
            seen.add(oid)
        elif oid not in accepted:
            result.withdrawn += 1
    for cid, item in fresh.items():
        if cid not in seen:
            result.statements.append(item)
            result.added += 1
            seen.add(cid)
    result.accepted = len(accepted)
    used = {str(s.get("s")) for s in result.statements} | {str(s.get("o")) for s in result.statements}
    new: dict[str, dict] = {}
    for _line, item in old_entities:  # the reviewer's marks on proposed entities, and those still needed
        ent_id = str(item.get("id"))
        status = str(item.get("status") or "candidate")
        if ent_id in entities or ent_id in new:
            continue
        if status in ("curated", "rejected") or (ent_id in used and ent_id not in extraction.proposals):
            new[ent_id] = item
    for p in extraction.proposals.values():
        if p.id in new or not (p.id in used or p.confidence >= min_confidence):
            continue
        item = {"id": p.id, "type": p.type, "label": p.label}
        if p.en:
            item["en"] = p.en
        if p.aliases:
            item["aliases"] = list(p.aliases)
        item.update({"quote": p.quote, "start": p.start, "status": "candidate",
                     "confidence": round(p.confidence, 2), "extractor": f"{EXTRACTOR_VERSION} {p.rule}"})
        new[p.id] = item
    result.entities = list(new.values())
    data = {"document": doc.id, "entities": result.entities, "statements": result.statements,
            "known": sorted(extraction.known)}
    if previous is not None:
        result.backup = backup_path(path)
        write_atomic(result.backup, previous)
    write_atomic(path, facts_text(data, REVIEW_HEADER.format(version=EXTRACTOR_VERSION, doc=doc.id)))
    return result


# ------------------------------------------------------------------ extract --pending

#: The extractor of a worker process, built once by :func:`_start_worker`.
_worker_extractor: Extractor | None = None


def _start_worker(ontology_dir: Path, entities: dict[str, Entity]) -> None:
    global _worker_extractor
    _worker_extractor = make_extractor(ontology_dir, entities)


def _extract_text(document: str, text: str, script: str = "") -> Extraction:
    """Run in a worker: the extraction of one document (the parent merges and writes)."""
    assert _worker_extractor is not None
    return _worker_extractor.extract(text, document, script=script)


@dataclass
class Pending:
    """What `extract --pending` did with one document: ``review`` written, or ``error``."""

    document: str
    review: ReviewFile | None = None
    error: str = ""


def pending_documents(root: Path) -> list[str]:
    """Ingested documents with neither a review file nor a facts file, in documents.yaml order."""
    root = Path(root)
    return [doc_id for doc_id in _document_ids(root)
            if not review_path(root, doc_id).exists() and not (root / "facts" / f"{doc_id}.yaml").exists()]


def _document_ids(root: Path) -> list[str]:
    path = Path(root) / "documents.yaml"
    if not path.exists():
        return []
    node, data = read_yaml(path)
    return [str(item.get("id")) for _line, item in records(path, node, data, None)]


def extract_pending(root: Path, ontology_dir: Path, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                    workers: int | None = None, progress: Any = None) -> list[Pending]:
    """Extract every document that has no review file and no facts file yet.

    The sources lock is held by this process for the whole run; the documents are extracted
    in ``workers`` processes (default: one per core), which return their candidates, and this
    process merges and writes each review file atomically as it arrives.  A document that
    fails is reported in its Pending and the others go on.  ``progress``: a rich Progress."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    root = Path(root)
    with sources_lock(root):
        todo = pending_documents(root)
        if not todo:
            return []
        documents = load_documents(root)
        entities = known_entities(root, ontology_dir)
        symmetric = symmetric_predicates(ontology_dir)
        done: dict[str, Pending] = {}
        task = progress.add_task("extracting", total=len(todo)) if progress is not None else None

        def finish(doc_id: str, extraction: Extraction | None, error: str = "") -> None:
            if extraction is not None:
                try:
                    done[doc_id] = Pending(doc_id, _merge_and_write(
                        root, documents[doc_id], extraction, entities, symmetric,
                        min_confidence=min_confidence, output=None))
                except SourceError as exc:
                    error = str(exc)
            if error:
                done[doc_id] = Pending(doc_id, error=error)
            if progress is not None:
                progress.advance(task)

        workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
        if workers == 1:
            _start_worker(ontology_dir, entities)
            for doc_id in todo:
                try:
                    extraction = _extract_text(doc_id, documents[doc_id].text, documents[doc_id].script)
                except SourceError as exc:
                    finish(doc_id, None, str(exc))
                    continue
                finish(doc_id, extraction)
        else:
            with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(ontology_dir, entities)) as pool:
                futures = {pool.submit(_extract_text, doc_id, documents[doc_id].text, documents[doc_id].script): doc_id
                           for doc_id in todo}
                for future in as_completed(futures):
                    try:
                        extraction = future.result()
                    except SourceError as exc:
                        finish(futures[future], None, str(exc))
                        continue
                    finish(futures[future], extraction)
        return [done[doc_id] for doc_id in todo]


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


def _decide(item: dict, cid: str, all_: bool, min_confidence: float | None, ids: set[str]) -> str | None:
    """'curated', 'extracted', 'rejected' or None (left for later) for one review item."""
    if cid in ids:  # a person chose it on the command line
        return "curated"
    status = str(item.get("status") or "candidate")
    if status in ("curated", "rejected"):
        return status
    if status not in ("candidate", "extracted"):
        raise SourceError(f"status '{shown(status)}' must be candidate, curated or rejected")
    confidence = float(item.get("confidence") or 0)
    if all_ or (min_confidence is not None and confidence >= min_confidence):
        return "extracted"
    return None


def _fact(item: dict, decision: str, text: str) -> dict:
    out = {k: item[k] for k in ("s", "p", "o", "quote") if k in item}
    start = item.get("start")
    if isinstance(start, int) and text[start:start + len(str(item.get("quote", "")))] == item.get("quote"):
        out["start"] = start
    out.update({k: item[k] for k in QUALIFIERS if item.get(k) not in (None, "")})
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


#: At most this many ids are listed in an error message.
_LISTED = 12


def _check_ids(ids: set[str], open_ids: list[str], accepted_ids: dict[str, int], where: Path,
               facts: Path) -> None:
    """SourceError naming what each id that is not an open candidate actually is."""
    for cid in sorted(ids):
        if not _ID.fullmatch(cid):
            raise SourceError(f"'{shown(cid)}' is not a candidate id: ids are the {ID_LENGTH} hex digits "
                              "`szkg review` shows")
    done = sorted(i for i in ids if i not in open_ids and i in accepted_ids)
    unknown = sorted(i for i in ids if i not in open_ids and i not in accepted_ids)
    problems = []
    if done:
        problems.append("; ".join(f"candidate {i} is already accepted ({facts}:{accepted_ids[i]})" for i in done))
    if unknown:
        listed = ", ".join(open_ids[:_LISTED]) + (f", … ({len(open_ids)} in all)" if len(open_ids) > _LISTED else "")
        which = ("candidate " if len(unknown) == 1 else "candidates ") + ", ".join(unknown)
        problems.append(f"{which} {'is' if len(unknown) == 1 else 'are'} not in {where}"
                        + (f"; its candidates: {listed}" if open_ids else "; it has no candidates")
                        + ("" if not any(i.isdigit() and len(i) < ID_LENGTH for i in unknown) else
                           " (candidate numbers are gone: use the ids `szkg review` shows)"))
    if problems:
        raise SourceError("; ".join(problems))


def accept(root: Path, ontology_dir: Path, name: str, *, all_: bool = False, min_confidence: float | None = None,
           ids: Iterable[str] | None = None) -> Accepted:
    """Merge the accepted candidates of a review file into the sources (see module docstring)."""
    with sources_lock(Path(root)):
        return _accept(root, ontology_dir, name, all_=all_, min_confidence=min_confidence,
                       ids={str(i).strip().lower() for i in ids or () if str(i).strip()})


@dataclass
class AcceptedDocument:
    """What `accept --all-documents` did with one document: ``accepted``, or ``error`` (nothing
    written for it), or ``nothing`` to accept."""

    document: str
    accepted: Accepted | None = None
    error: str = ""
    nothing: bool = False


def accept_all_documents(root: Path, ontology_dir: Path, *, all_: bool = False,
                         min_confidence: float | None = None, progress: Any = None) -> list[AcceptedDocument]:
    """Accept in every document that has a review file, each document validated and written on
    its own (all or nothing per document), under one sources lock.  ``progress``: a rich Progress."""
    root = Path(root)
    with sources_lock(root):
        folder = root / "review"
        names = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        if not names:
            raise SourceError(f"no review files in {folder}; run `szkg extract --pending` first")
        results = []
        for name in (names if progress is None else progress.track(names, description="accepting")):
            try:
                results.append(AcceptedDocument(name, _accept(root, ontology_dir, name, all_=all_,
                                                               min_confidence=min_confidence, ids=set())))
            except NothingToAccept as exc:
                results.append(AcceptedDocument(name, error=str(exc), nothing=True))
            except SourceError as exc:
                results.append(AcceptedDocument(name, error=str(exc)))
        return results


def _accepted_ids(root: Path, doc: Document, symmetric: frozenset[str]) -> dict[str, int]:
    """The candidate id of every statement of ``facts/<doc>.yaml`` → its line."""
    _path, lines = _facts_statements(root, doc.id)
    return {content_id(item, symmetric, doc.text): line for line, item in reversed(lines)}


def _accept(root: Path, ontology_dir: Path, name: str, *, all_: bool = False, min_confidence: float | None = None,
           ids: set[str]) -> Accepted:
    root = Path(root)
    symmetric = symmetric_predicates(ontology_dir)
    try:
        review = read_review(root, name)
    except SourceError:
        if ids:  # say so if the ids were all accepted before the review file went away
            doc = find_document(load_documents(root), name)
            _check_ids(ids, [], _accepted_ids(root, doc, symmetric), review_path(root, doc.id),
                       root / "facts" / f"{doc.id}.yaml")
        raise
    doc = find_document(load_documents(root), review.document)
    statements = [(line, item, item_id(item, symmetric)) for line, item in review.statements]
    open_ids = [cid for _line, _item, cid in statements]
    if ids:
        _check_ids(ids, open_ids, _accepted_ids(root, doc, symmetric), review.path, root / "facts" / f"{doc.id}.yaml")
    known = known_entities(root, ontology_dir)
    proposed = {str(item.get("id")): (line, item) for line, item in review.entities}
    edit = SourcesEdit(root)
    facts_rel = f"facts/{doc.id}.yaml"
    existing = yaml.safe_load(edit.read_text(facts_rel) or "{}") or {}

    def key(f: dict) -> tuple:
        return (*_fact_key(f, symmetric), str(f.get("time") or "current"), str(f.get("role") or ""), f.get("quote"))

    have = {key(f) for f in existing.get("statements") or [] if isinstance(f, dict)}
    #: a symmetric fact is written the way round the facts file already has it (the loader then
    #: merges the two quotes into one statement), else in canonical order
    oriented = {_fact_key(f, symmetric): (str(f.get("s")), str(f.get("o")))
                for f in existing.get("statements") or [] if isinstance(f, dict) and f.get("p") in symmetric}
    result = Accepted(doc.id, root / facts_rel)
    accepted, keep_statements, rejected, needed = [], [], [], set()
    for line, item, cid in statements:
        try:
            decision = _decide(item, cid, all_, min_confidence, ids)
        except SourceError as exc:
            raise SourceError(str(exc), review.path, line) from None
        if decision is None:
            keep_statements.append(item)
            continue
        if decision == "rejected":  # stays in the review file: extracting again will not propose it
            rejected.append(item)
            continue
        fact = _fact(item, decision, doc.text)
        if fact.get("p") in symmetric:
            fact["s"], fact["o"] = oriented.setdefault(_fact_key(fact, symmetric), _ends(fact, symmetric))
        if key(fact) in have:
            result.duplicates += 1
            continue
        have.add(key(fact))
        accepted.append(fact)
        needed |= {str(fact.get("s")), str(fact.get("o"))}
        result.curated += decision == "curated"
        result.extracted += decision == "extracted"
    new_entities, keep_entities = [], []
    for ent_id, (_line, item) in proposed.items():
        status = str(item.get("status") or "candidate")
        wanted = ent_id in needed or status == "curated" or (all_ and status != "rejected")
        if ent_id in known:
            continue
        if wanted and status != "rejected":
            new_entities.append({k: item[k] for k in ("id", "type", "label", "en", "aliases") if item.get(k)})
        else:
            keep_entities.append(item)
    if not accepted and not new_entities:
        if result.duplicates:
            raise NothingToAccept(f"nothing new to accept: the {result.duplicates} chosen statement(s) are already "
                              f"in {root / facts_rel}", review.path)
        raise NothingToAccept("nothing to accept: set `status: curated` on the candidates you checked, "
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
    if keep_statements or keep_entities or rejected:
        data = {"document": doc.id, "entities": keep_entities, "statements": keep_statements + rejected,
                "known": review.known}
        edit.write(rel, facts_text(data, REVIEW_HEADER.format(version=EXTRACTOR_VERSION, doc=doc.id)))
    else:
        edit.delete(rel)
    edit.validate(ontology_dir)
    edit.commit()
    return result


def review_rows(root: Path, name: str, ontology_dir: Path) -> tuple[Review, list[dict]]:
    """The candidates of a review file with their ids and readable labels (for `szkg review`)."""
    review = read_review(root, name)
    symmetric = symmetric_predicates(ontology_dir)
    labels = {e.id: e.label for e in known_entities(root, ontology_dir).values()}
    labels.update({str(item.get("id")): f"{item.get('label')} (new {item.get('type')})" for _l, item in review.entities})
    rows = []
    for _line, item in review.statements:
        status = str(item.get("status") or "candidate")
        rows.append({"id": item_id(item, symmetric),
                     "status": status + (" (edited)" if is_edited(item, symmetric) else ""),
                     "confidence": item.get("confidence"), "s": labels.get(str(item.get("s")), item.get("s")),
                     "p": item.get("p"), "o": labels.get(str(item.get("o")), item.get("o")),
                     "rule": str(item.get("extractor") or "").split(" ")[-1], "quote": str(item.get("quote") or "")})
    return review, rows


__all__ = ["Accepted", "AcceptedDocument", "Pending", "accept_all_documents", "extract_pending",
           "pending_documents", "ID_LENGTH", "Review", "ReviewFile", "accept", "backup_path", "candidate_id", "content_id",
           "extract", "facts_text", "find_document", "flow", "is_decided", "is_edited", "item_id", "read_review",
           "review_path", "review_rows"]


def print_review(review: Review, rows: list[dict], out) -> None:
    """The candidates of a review file, with their ids, as a rich table."""
    from rich.table import Table

    table = Table(title=f"Candidates of {review.document} ({review.path})")
    for col in ("id", "status", "conf.", "subject", "predicate", "object", "rule", "quote"):
        table.add_column(col, justify="right" if col == "conf." else "left", overflow="fold", no_wrap=col == "id")
    for r in rows:
        quote = r["quote"] if len(r["quote"]) <= 60 else r["quote"][:59] + "…"
        table.add_row(r["id"], r["status"], f"{r['confidence']}", str(r["s"]), str(r["p"]), str(r["o"]),
                      r["rule"], quote)
    out.print(table)
    new = [item for _line, item in review.entities]
    if new:
        out.print(f"{len(new)} new entities proposed: " + ", ".join(f"{e.get('label')} ({e.get('type')})" for e in new),
                  markup=False)
