"""`szkg ingest`: add articles to the sources, and the all-or-nothing editing of a sources tree.

A document's id is ``NNN_<hash>``: NNN the next sequence number of the tree, <hash> the
first 16 hex digits of the SHA-256 of its *clean text* — the same article in UTF-8,
GB18030 or Big5, or with other page furniture, is the same document.  Ingesting a text
whose hash is already there does nothing.  A *changed* document — same ``url``, same
title, or named by ``replaces`` — replaces the old one: its facts whose quotes are still
verbatim in the new clean text are kept (offsets recomputed), the others are dropped, its
review file is deleted, and entities no document mentions any more are removed.

Metadata comes from options, else from YAML front matter (``---`` … ``---`` at the top of
a .txt/.md file; the front matter is not stored with the text), else from the HTML head
(``<title>``, ``<meta name="author|publisher|date">``).  Every change of one command is
staged, validated by loading the whole staged tree with ``graph.curate.sources.load_corpus``,
and only then written, each file through a temporary file and a rename.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from graph.curate.edit import SourcesEdit, facts_text
from graph.curate.guard import read_bounded
from graph.curate.sources import (
    load_documents,
    load_entities,
    read_yaml,
    records,
)
from graph.errors import SourceError
from graph.layout import sources_lock
from graph.model import Corpus
from graph.names import mentions
from graph.text import SCRIPTS, clean, decode, detect_script
from graph.vocab import load_ontology

MAX_BYTES = 20_000_000
EXTENSIONS = {".txt": ".txt", ".md": ".md", ".markdown": ".md", ".html": ".html", ".htm": ".html"}
META_FIELDS = ("title", "script", "publisher", "author", "date", "url", "notes")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_HEADER = ("# Metadata of the source documents. Files under documents/ are kept as received;\n"
           "# the clean text that quotes refer to is derived by graph/text.py.\n")


# ------------------------------------------------------------------ reading one input file


class _HtmlHead(HTMLParser):
    """Collects <title> and <meta name=… content=…> of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (attrs.get("name") or attrs.get("property") or "").lower()
            key = {"og:site_name": "publisher", "article:published_time": "date", "og:url": "url"}.get(key, key)
            if key in META_FIELDS and attrs.get("content"):
                self.meta.setdefault(key, attrs["content"].strip())
        elif tag == "link" and (attrs.get("rel") or "").lower() == "canonical" and attrs.get("href"):
            self.meta.setdefault("url", attrs["href"])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self._title.append(data)

    def result(self) -> dict[str, str]:
        title = "".join(self._title).strip()
        return {**({"title": title} if title else {}), **self.meta}


def front_matter(raw: bytes, text: str, path: Path) -> tuple[dict, bytes]:
    """(metadata, body bytes) of a file starting with a ``---`` YAML block; else ({}, raw)."""
    if not text.startswith("---\n"):
        return {}, raw
    end = text.find("\n---\n", 3)
    if end < 0:
        return {}, raw
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"malformed front matter: {str(exc).splitlines()[0]}", path) from exc
    if not isinstance(meta, dict):
        raise SourceError("front matter must be a mapping of metadata fields", path)
    unknown = sorted(set(map(str, meta)) - set(META_FIELDS))
    if unknown:
        raise SourceError(f"unknown front matter field(s) {', '.join(unknown)}; allowed: {', '.join(META_FIELDS)}", path)
    start = raw.find(b"---", 0)
    cut = raw.find(b"\n---", start + 3)
    cut = raw.find(b"\n", cut + 4)
    return {k: str(v) for k, v in meta.items() if v is not None}, raw[cut + 1:] if cut >= 0 else b""


def _valid_date(text: str) -> bool:
    import datetime

    if not _DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        return False
    return True


@dataclass
class Incoming:
    """One input file, read, decoded, cleaned and described."""

    path: Path
    body: bytes  #: the bytes stored under documents/ (front matter removed)
    text: str  #: clean text
    digest: str
    ext: str
    meta: dict[str, str]


def read_input(path: Path, options: dict[str, str], max_bytes: int) -> Incoming:
    """Read and check one file; SourceError for a wrong type, size or encoding."""
    path = Path(path)
    ext = EXTENSIONS.get(path.suffix.lower())
    if ext is None:
        raise SourceError(f"unsupported file type '{path.suffix or '(none)'}'; expected one of "
                          f"{', '.join(sorted(EXTENSIONS))}", path)
    raw = read_bounded(path, max_bytes)
    decoded = decode(raw, path)
    meta, body = front_matter(raw, decoded.lstrip("\ufeff"), path) if ext != ".html" else ({}, raw)
    if ext == ".html":
        head = _HtmlHead()
        head.feed(decoded)
        meta = head.result()
    text = clean(body, path)
    meta = {**meta, **{k: v for k, v in options.items() if v}}
    meta.setdefault("title", next(line for line in text.splitlines() if line.strip())[:80])
    meta.setdefault("script", detect_script(text))
    if meta["script"] not in SCRIPTS:
        raise SourceError(f"language '{meta['script']}' is not supported: szkg reads "
                          f"{', '.join(SCRIPTS)}", path)
    if meta.get("date"):
        meta["date"] = str(meta["date"])[:10]
        if not _valid_date(meta["date"]):
            raise SourceError(f"date '{meta['date']}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD", path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Incoming(path, body, text, digest, ext, meta)


# ------------------------------------------------------------------ ingest


@dataclass
class Ingested:
    """What ingest did with one file."""

    path: Path
    document: str
    action: str  #: ``added`` | ``unchanged`` | ``replaced`` | ``duplicate`` | ``refused`` (batch)
    replaced: str = ""
    kept_facts: int = 0
    dropped_facts: int = 0
    dropped_entities: list[str] = field(default_factory=list)
    #: ``refused``: why; ``duplicate``: the earlier file of the run with the same clean text
    reason: str = ""


def _documents(edit: SourcesEdit) -> list[tuple[int, dict]]:
    text = edit.read_text("documents.yaml")
    if text is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "documents.yaml"
        path.write_text(text, encoding="utf-8")
        node, data = read_yaml(path)
        return list(records(edit.root / "documents.yaml", node, data, None))


def _entry_text(doc_id: str, file: str, meta: dict[str, str]) -> str:
    entry = {"id": doc_id, "file": file, **{k: meta[k] for k in META_FIELDS if meta.get(k)}}
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)


def _replace_block(text: str, items: list[tuple[int, dict]], doc_id: str, new: str) -> str:
    """documents.yaml with the entry of ``doc_id`` replaced by ``new`` (comments kept)."""
    lines = text.splitlines(keepends=True)
    starts = [line for line, _ in items]
    first = next(line for line, item in items if str(item.get("id")) == doc_id)
    later = [s for s in starts if s > first]
    end = (later[0] if later else len(lines) + 1) - 1
    while end > first and lines[end - 1].lstrip().startswith("#"):
        end -= 1
    return "".join(lines[:first - 1]) + new + "".join(lines[end:])


def _carry_facts(edit: SourcesEdit, old: str, new: str, text: str) -> tuple[int, int]:
    """Move the old document's facts whose quotes are still in the new text; (kept, dropped)."""
    body = edit.read_text(f"facts/{old}.yaml")
    if body is None:
        return 0, 0
    data = yaml.safe_load(body) or {}
    kept, dropped = {"document": new}, 0
    for kind in ("statements", "observations", "attributes"):
        items = []
        for item in data.get(kind) or []:
            if isinstance(item, dict) and str(item.get("quote") or "") in text and item.get("quote"):
                items.append({k: v for k, v in item.items() if k != "start"})
            else:
                dropped += 1
        kept[kind] = items
    edit.delete(f"facts/{old}.yaml")
    count = sum(len(kept[k]) for k in ("statements", "observations", "attributes"))
    if count:
        edit.write(f"facts/{new}.yaml", facts_text(kept))
    return count, dropped


def _drop_orphans(edit: SourcesEdit, ontology_dir: Path) -> list[str]:
    """Remove entities that no staged document mentions and no fact uses."""
    if edit.read_text("entities.yaml") is None:
        return []
    with tempfile.TemporaryDirectory(prefix="szkg-stage-") as tmp:
        staged = edit.stage(Path(tmp))
        corpus = Corpus(documents=load_documents(staged),
                        entities=load_entities(staged, load_ontology(str(Path(ontology_dir) / "szkg.ttl"))))
        named = set().union(*mentions(corpus).values()) if corpus.documents else set()
        used = set()
        for path in (staged / "facts").glob("*.yaml"):
            used |= set(re.findall(r"\b(?:s|o): ([a-z0-9][a-z0-9-]*)", path.read_text(encoding="utf-8")))
        orphans = {e.id: int(e.source.rsplit(":", 1)[1]) for e in corpus.entities.values()
                   if e.id not in named and e.id not in used}
    if orphans:
        lines = edit.read_text("entities.yaml").splitlines(keepends=True)
        edit.write("entities.yaml", "".join(x for i, x in enumerate(lines, 1) if i not in orphans.values()))
    return sorted(orphans)


def ingest(paths: list[Path], root: Path, ontology_dir: Path, *, options: dict[str, str] | None = None,
           replaces: str | None = None, max_bytes: int = MAX_BYTES) -> list[Ingested]:
    """Add (or replace) documents; all files of one call are written together or not at all."""
    with sources_lock(Path(root), create=True):
        return _ingest(paths, root, ontology_dir, options=options, replaces=replaces, max_bytes=max_bytes)


def _ingest(paths: list[Path], root: Path, ontology_dir: Path, *, options: dict[str, str] | None = None,
           replaces: str | None = None, max_bytes: int = MAX_BYTES) -> list[Ingested]:
    edit = SourcesEdit(Path(root))
    results = [_stage(edit, read_input(Path(path), options or {}, max_bytes), replaces) for path in paths]
    _finish(edit, results, ontology_dir)
    return results


def _stage(edit: SourcesEdit, incoming: Incoming, replaces: str | None,
           fresh: dict[str, Path] | None = None) -> Ingested:
    """Stage one document on ``edit``: added, unchanged or replacing an older one.

    ``fresh`` (batch ingest): the documents added earlier in the same run, by id → file; a
    file that would replace one of them is refused instead."""
    root = edit.root
    items = _documents(edit)
    existing = {str(item["id"]): item for _line, item in items}
    same = next((i for i in existing if i.endswith("_" + incoming.digest)), None)
    if same is not None:
        return Ingested(incoming.path, same, "unchanged")
    old = replaces if replaces else next(
        (i for i, item in existing.items()
         if (incoming.meta.get("url") and str(item.get("url") or "") == incoming.meta["url"])
         or str(item.get("title") or "") == incoming.meta["title"]), None)
    if old is not None and old not in existing:
        raise SourceError(f"--replaces: unknown document '{old}'", root / "documents.yaml")
    if fresh and old in fresh:
        raise SourceError(f"same title or url as {fresh[old]}, ingested in this run: give one of them its own "
                          "title (front matter or <title>)", incoming.path)
    numbers = [int(i.split("_", 1)[0]) for i in existing if re.match(r"\d+_", i)]
    doc_id = f"{(max(numbers) + 1 if numbers else 0):03d}_{incoming.digest}"
    file = f"documents/{doc_id}{incoming.ext}"
    edit.write(file, incoming.body)
    entry = _entry_text(doc_id, file, incoming.meta)
    current = edit.read_text("documents.yaml")
    if old is None:
        base = current if current is not None else _HEADER
        edit.write("documents.yaml", base + ("" if base.endswith("\n") else "\n") + entry)
        return Ingested(incoming.path, doc_id, "added")
    edit.write("documents.yaml", _replace_block(current, items, old, entry))
    edit.delete(str(existing[old].get("file")))
    edit.delete(f"review/{old}.yaml")
    kept, dropped = _carry_facts(edit, old, doc_id, incoming.text)
    return Ingested(incoming.path, doc_id, "replaced", old, kept, dropped)


def _finish(edit: SourcesEdit, results: list[Ingested], ontology_dir: Path) -> None:
    """Drop orphaned entities after a replacement, validate the staged tree, write it."""
    if any(r.action == "replaced" for r in results):
        orphans = _drop_orphans(edit, ontology_dir)
        next(r for r in results if r.action == "replaced").dropped_entities = orphans
    if edit.writes or edit.deletes:
        edit.validate(ontology_dir)
        edit.commit()


# ------------------------------------------------------------------ batch ingest


def _track(progress: Any, items: list, description: str):
    """Iterate ``items`` under an optional rich-Progress-like ``progress.track``."""
    return items if progress is None else progress.track(items, total=len(items), description=description)


def input_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """The files ``paths`` name: files as given, folders walked recursively for .txt, .md,
    .markdown, .html and .htm files (hidden files and folders skipped, symlinked folders not
    followed), in name order; each with "" or why it cannot be read at all (it does not exist)."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(path: Path, problem: str = "") -> None:
        key = Path(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append((path, problem))

    for path in map(Path, paths):
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                        add(Path(folder) / name)
        elif not path.exists() and not path.is_symlink():
            add(path, "not found")
        else:
            add(path)
    return found


def _reason(exc: SourceError, path: Path) -> str:
    """The message of ``exc`` without the ``path:`` prefix when it names ``path`` itself."""
    text, prefix = str(exc), f"{exc.path}: "
    return text[len(prefix):] if exc.path == str(path) and text.startswith(prefix) else text


def ingest_batch(paths: list[Path], root: Path, ontology_dir: Path, *, options: dict[str, str] | None = None,
                 replaces: str | None = None, max_bytes: int = MAX_BYTES, progress: Any = None) -> list[Ingested]:
    """Ingest files and folders, each document on its own: one Ingested per file, action
    ``added``, ``unchanged``, ``replaced``, ``duplicate`` (same clean text as an earlier file
    of the run, named in ``reason``) or ``refused`` (why in ``reason``).

    The good files are ingested even when others are refused; each document's changes are
    validated and written together (atomic per document).  ``progress``: a rich Progress."""
    options = options or {}
    with sources_lock(Path(root), create=True):
        files = input_files(paths)
        if len(files) > 1 and (replaces or options.get("title") or options.get("url")):
            raise SourceError(f"--replaces, --title and --url name one document, but {len(files)} files "
                              f"were given: {', '.join(str(p) for p, _ in files[:3])}"
                              + (", …" if len(files) > 3 else ""))
        results: list[Ingested] = []
        digests: dict[str, Path] = {}
        fresh: dict[str, Path] = {}
        for path, problem in _track(progress, files, "ingesting"):
            if problem:
                results.append(Ingested(path, "", "refused", reason=problem))
                continue
            try:
                incoming = read_input(path, options, max_bytes)
                if incoming.digest in digests:
                    results.append(Ingested(path, "", "duplicate", reason=str(digests[incoming.digest])))
                    continue
                digests[incoming.digest] = path
                edit = SourcesEdit(Path(root))
                result = _stage(edit, incoming, replaces, fresh)
                _finish(edit, [result], ontology_dir)
            except SourceError as exc:
                results.append(Ingested(path, "", "refused", reason=_reason(exc, path)))
                continue
            if result.action in ("added", "replaced"):
                fresh[result.document] = path
            results.append(result)
        for r in results:  # a duplicate names the document its twin became
            if r.action == "duplicate":
                r.document = next((x.document for x in results if str(x.path) == r.reason and x.document), "")
        return results
