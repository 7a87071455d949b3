"""Load and validate the sources: documents, their metadata, entities and curated facts.

Layout of a sources root::

    documents.yaml           metadata of every document (one mapping per document)
    documents/*.txt|md|html  the documents, bytes as received
    entities.yaml            every entity (one flow mapping per line)
    facts/<document>.yaml    statements, observations and attributes of one document

Every problem is a SourceError whose message starts with ``file:line:``.  Nothing here
makes RDF: the result is a validated ``Corpus`` of dataclasses.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.curate.guard import (
    check_document_id,
    check_entity_id,
    check_offset,
    load_yaml,
    shown,
    source_file,
)
from graph.errors import SourceError
from graph.model import Attribute, Corpus, Document, Entity, Evidence, Observation, Statement
from graph.names import mentions, name_key, names_of
from graph.quantity import parse_quantity
from graph.text import clean, sentences
from graph.vocab import Ontology

SCRIPTS = ("zh-Hans", "zh-Hant")
UNITS = frozenset({"CNY", "USD", "EUR", "percent", "percentage-point", "count", "rank", "multiple",
                   "person", "items", "units", "year", "month", "week", "day", "seconds", "mm", "square-km"})
QUALIFIERS = frozenset({"", "over", "nearly", "about", "at-least"})
STATUSES = frozenset({"curated", "extracted", "candidate"})
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PERIOD = re.compile(r"\d{4}(-Q[1-4](-Q[1-4])?|-H[12]|-\d{2}(-\d{2})?)?(/\d{4}(-\d{2})?)?")
_INDICATOR = re.compile(r"[a-z][a-z0-9_]*")
_YEAR = re.compile(r"\d{4}")


# ------------------------------------------------------------------ YAML with line numbers


def read_yaml(path: Path) -> Any:
    """Parse a YAML source file, keeping the line of every sequence item (see ``records``);
    read bounded, without aliases (graph.curate.guard.load_yaml)."""
    return load_yaml(Path(path))


def records(path: Path, node: Any, data: Any, key: str | None) -> Iterator[tuple[int, dict]]:
    """Yield (line, mapping) for each item of the list at ``data[key]`` (or ``data``)."""
    if key is not None:
        if data is None or not isinstance(data, dict):
            raise SourceError("expected a mapping at the top level", path, 1)
        items = data.get(key) or []
        node = next((v for k, v in node.value if k.value == key), None)
    else:
        items = data or []
    if not isinstance(items, list):
        raise SourceError(f"'{key or 'top level'}' must be a list", path, node.start_mark.line + 1 if node else 1)
    for item, item_node in zip(items, node.value if node is not None else [], strict=False):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise SourceError("expected a mapping", path, line)
        yield line, item


def _require(item: dict, field: str, path: Path, line: int) -> str:
    value = item.get(field)
    if value is None or str(value).strip() == "":
        raise SourceError(f"missing required field '{field}'", path, line)
    return str(value)


def _unknown_fields(item: dict, allowed: set[str], path: Path, line: int) -> None:
    extra = sorted(set(item) - allowed)
    if extra:
        raise SourceError(f"unknown field(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}", path, line)


# ------------------------------------------------------------------ documents


def load_documents(root: Path) -> dict[str, Document]:
    """Read documents.yaml and every document it lists; clean each text."""
    path = root / "documents.yaml"
    node, data = read_yaml(path)
    docs: dict[str, Document] = {}
    allowed = {"id", "file", "title", "script", "publisher", "author", "date", "url", "notes"}
    for line, item in records(path, node, data, None):
        _unknown_fields(item, allowed, path, line)
        doc_id = check_document_id(_require(item, "id", path, line), path, line)
        if doc_id in docs:
            raise SourceError(f"duplicate document id '{doc_id}'", path, line)
        script = _require(item, "script", path, line)
        if script not in SCRIPTS:
            raise SourceError(f"script '{script}' must be one of {', '.join(SCRIPTS)}", path, line)
        date = str(item.get("date") or "")
        if date and not _DATE.fullmatch(date):
            raise SourceError(f"date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD", path, line)
        file, raw = source_file(root, _require(item, "file", path, line), path, line)
        docs[doc_id] = Document(
            id=doc_id, path=str(file.relative_to(Path(root).resolve())), raw=raw, text=clean(raw, file),
            title=_require(item, "title", path, line), script=script,
            publisher=str(item.get("publisher") or ""), author=str(item.get("author") or ""),
            date=date, url=str(item.get("url") or ""), notes=str(item.get("notes") or ""),
        )
    return docs


# ------------------------------------------------------------------ entities


def load_entities(root: Path, ontology: Ontology) -> dict[str, Entity]:
    """Read entities.yaml: ids unique slugs, types from the ontology, labels present."""
    path = root / "entities.yaml"
    node, data = read_yaml(path)
    entities: dict[str, Entity] = {}
    allowed = {"id", "type", "label", "en", "aliases"}
    for line, item in records(path, node, data, None):
        _unknown_fields(item, allowed, path, line)
        ent_id = check_entity_id(_require(item, "id", path, line), path, line)
        if ent_id in entities:
            raise SourceError(f"duplicate entity id '{ent_id}' (first declared at line "
                              f"{entities[ent_id].source.rsplit(':', 1)[1]})", path, line)
        etype = _require(item, "type", path, line)
        if etype not in ontology.classes or etype not in _entity_classes(ontology):
            raise SourceError(f"entity '{ent_id}': type '{etype}' is not an entity class of the ontology "
                              f"({', '.join(sorted(_entity_classes(ontology)))})", path, line)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            raise SourceError(f"entity '{ent_id}': aliases must be a list", path, line)
        entities[ent_id] = Entity(
            id=ent_id, type=etype, label=_require(item, "label", path, line),
            en=str(item.get("en") or ""), aliases=tuple(str(a) for a in aliases), source=f"{path}:{line}",
        )
    return entities


def _entity_classes(ontology: Ontology) -> set[str]:
    from graph.vocab import ENTITY_CLASSES

    return set(ENTITY_CLASSES) & set(ontology.classes)


# ------------------------------------------------------------------ facts


def closest_passage(text: str, quote: str) -> str:
    """The sentence of ``text`` most like ``quote``, to help fix a quote that is not found."""
    candidates = [text[a:b].strip() for a, b in sentences(text)]
    best = max(candidates, key=lambda s: difflib.SequenceMatcher(None, quote, s).ratio(), default="")
    return best[:80] + ("…" if len(best) > 80 else "")


def find_evidence(doc: Document, quote: str, start: Any, path: Path, line: int) -> Evidence:
    """Locate a verbatim quote in the clean text; SourceError with the closest passage if absent."""
    if not quote:
        raise SourceError("missing required field 'quote'", path, line)
    if start is not None:
        check_offset(start, len(doc.text), path, line)
        if doc.text[start : start + len(quote)] != quote:
            raise SourceError(f"quote is not at offset {start} of document '{doc.id}'", path, line)
        return Evidence(doc.id, quote, start, start + len(quote))
    pos = doc.text.find(quote)
    if pos < 0:
        raise SourceError(f"quote not found in the clean text of '{doc.id}': '{shown(quote, 120)}'; "
                          f"closest passage: {closest_passage(doc.text, quote)!r}", path, line)
    return Evidence(doc.id, quote, pos, pos + len(quote))


def _stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


class _FactsFile:
    """Validation context for one facts file."""

    def __init__(self, path: Path, corpus: Corpus, ontology: Ontology):
        self.path, self.corpus, self.ontology = path, corpus, ontology

    def entity(self, ent_id: Any, line: int, role: str) -> Entity:
        ent = self.corpus.entities.get(str(ent_id))
        if ent is None:
            close = difflib.get_close_matches(str(ent_id), list(self.corpus.entities), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise SourceError(f"unknown entity id '{ent_id}' as {role}{hint}", self.path, line)
        return ent

    def statement(self, doc: Document, line: int, item: dict) -> Statement:
        _unknown_fields(item, {"s", "p", "o", "quote", "start", "status", "confidence", "extractor"}, self.path, line)
        pred = _require(item, "p", self.path, line)
        prop = self.ontology.relations.get(pred)
        if prop is None:
            close = difflib.get_close_matches(pred, list(self.ontology.relations), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise SourceError(f"predicate '{pred}' is not in the ontology{hint}", self.path, line)
        subj = self.entity(_require(item, "s", self.path, line), line, "subject")
        obj = self.entity(_require(item, "o", self.path, line), line, "object")
        if subj.id == obj.id:
            raise SourceError(f"statement relates '{subj.id}' to itself", self.path, line)
        if subj.type not in prop.domain:
            raise SourceError(f"domain violation: {pred} needs a subject of type {' or '.join(sorted(prop.domain))}, "
                              f"'{subj.id}' is a {subj.type}", self.path, line)
        if obj.type not in prop.range:
            raise SourceError(f"range violation: {pred} needs an object of type {' or '.join(sorted(prop.range))}, "
                              f"'{obj.id}' is a {obj.type}", self.path, line)
        status = str(item.get("status") or "curated")
        if status not in STATUSES:
            raise SourceError(f"status '{status}' must be one of {', '.join(sorted(STATUSES))}", self.path, line)
        ev = find_evidence(doc, str(item.get("quote") or ""), item.get("start"), self.path, line)
        confidence = item.get("confidence")
        return Statement(
            id=_stable_id("st", doc.id, subj.id, pred, obj.id, ev.start, ev.end),
            subject=subj.id, predicate=pred, object=obj.id, evidence=ev, status=status,
            confidence=float(confidence) if confidence is not None else None,
            extractor=str(item.get("extractor") or ""), source=f"{self.path}:{line}",
        )

    def observation(self, doc: Document, line: int, item: dict) -> Observation:
        _unknown_fields(item, {"s", "indicator", "value", "unit", "period", "qualifier", "quote", "start"},
                        self.path, line)
        subj = self.entity(_require(item, "s", self.path, line), line, "subject")
        indicator = _require(item, "indicator", self.path, line)
        if not _INDICATOR.fullmatch(indicator):
            raise SourceError(f"indicator '{indicator}' must be snake_case", self.path, line)
        unit = _require(item, "unit", self.path, line)
        if unit not in UNITS:
            raise SourceError(f"unit '{unit}' must be one of {', '.join(sorted(UNITS))}", self.path, line)
        period = _require(item, "period", self.path, line)
        if not _PERIOD.fullmatch(period):
            raise SourceError(f"period '{period}' is not like 2025, 2025-Q1-Q3, 2025-H1 or 2024-12", self.path, line)
        qualifier = str(item.get("qualifier") or "")
        if qualifier not in QUALIFIERS:
            raise SourceError(f"qualifier '{qualifier}' must be one of {', '.join(sorted(QUALIFIERS - {''}))}",
                              self.path, line)
        written = _require(item, "value", self.path, line)
        ev = find_evidence(doc, str(item.get("quote") or ""), item.get("start"), self.path, line)
        if written not in ev.quote:
            raise SourceError(f"value '{written}' is not written in the quote", self.path, line)
        try:
            value = parse_quantity(written)
        except ValueError as exc:
            raise SourceError(str(exc), self.path, line) from exc
        return Observation(
            id=_stable_id("obs", doc.id, subj.id, indicator, period, ev.start, written),
            subject=subj.id, indicator=indicator, value=value, unit=unit, period=period,
            as_written=written, evidence=ev, qualifier=qualifier, source=f"{self.path}:{line}",
        )

    def attribute(self, doc: Document, line: int, item: dict) -> Attribute:
        _unknown_fields(item, {"s", "p", "value", "quote", "start"}, self.path, line)
        pred = _require(item, "p", self.path, line)
        prop = self.ontology.attributes.get(pred)
        if prop is None:
            raise SourceError(f"attribute '{pred}' is not in the ontology "
                              f"({', '.join(sorted(self.ontology.attributes))})", self.path, line)
        subj = self.entity(_require(item, "s", self.path, line), line, "subject")
        if subj.type not in prop.domain:
            raise SourceError(f"domain violation: {pred} applies to {' or '.join(sorted(prop.domain))}, "
                              f"'{subj.id}' is a {subj.type}", self.path, line)
        value = _require(item, "value", self.path, line)
        if not _YEAR.fullmatch(value):
            raise SourceError(f"{pred} value '{value}' is not a four-digit year", self.path, line)
        ev = find_evidence(doc, str(item.get("quote") or ""), item.get("start"), self.path, line)
        if value not in ev.quote:
            raise SourceError(f"year '{value}' is not written in the quote", self.path, line)
        return Attribute(_stable_id("st", doc.id, subj.id, pred, value, ev.start), subj.id, pred, value, ev,
                         f"{self.path}:{line}")


def load_facts(root: Path, corpus: Corpus, ontology: Ontology) -> None:
    """Read every facts/*.yaml into the corpus, validating ids, types and quotes."""
    for path in sorted((root / "facts").glob("*.yaml")):
        node, data = read_yaml(path)
        if not isinstance(data, dict):
            raise SourceError("expected a mapping with 'document' and 'statements'", path, 1)
        allowed = {"document", "statements", "observations", "attributes"}
        extra = sorted(set(data) - allowed)
        if extra:
            raise SourceError(f"unknown top-level key(s) {', '.join(extra)}", path, 1)
        doc_id = str(data.get("document") or "")
        if doc_id:
            check_document_id(doc_id, path, 1)
        doc = corpus.documents.get(doc_id)
        if doc is None:
            raise SourceError(f"document '{doc_id}' is not listed in documents.yaml", path, 1)
        ctx = _FactsFile(path, corpus, ontology)
        seen: dict[str, int] = {}
        for kind, make, bucket in (("statements", ctx.statement, corpus.statements),
                                   ("observations", ctx.observation, corpus.observations),
                                   ("attributes", ctx.attribute, corpus.attributes)):
            for line, item in records(path, node, data, kind):
                fact = make(doc, line, item)
                if fact.id in seen:
                    raise SourceError(f"duplicate of the fact at line {seen[fact.id]}", path, line)
                seen[fact.id] = line
                bucket.append(fact)


# ------------------------------------------------------------------ mentions


def check_mentioned(corpus: Corpus, found: dict[str, set[str]]) -> None:
    """Every entity must be named by at least one document (its evidence of existence)."""
    mentioned = set().union(*found.values()) if found else set()
    for ent in corpus.entities.values():
        if ent.id not in mentioned:
            path, line = ent.source.rsplit(":", 1)
            raise SourceError(f"entity '{ent.id}': none of its names ({', '.join(names_of(ent))}) "
                              "occurs in any document", path, int(line))


def alias_clashes(corpus: Corpus) -> list[str]:
    """Warnings for names that two entities share (lookups by that name are ambiguous)."""
    owners: dict[str, set[str]] = {}
    for ent in corpus.entities.values():
        for name in names_of(ent):
            owners.setdefault(name_key(name), set()).add(ent.id)
    return [f"name '{key}' is shared by {', '.join(sorted(ids))}" for key, ids in sorted(owners.items()) if len(ids) > 1]


def load_corpus(root: Path, ontology: Ontology) -> Corpus:
    """Load and validate everything under a sources root."""
    root = Path(root)
    if not root.is_dir():
        raise SourceError("sources directory not found", root)
    corpus = Corpus()
    corpus.documents = load_documents(root)
    corpus.entities = load_entities(root, ontology)
    load_facts(root, corpus, ontology)
    check_mentioned(corpus, mentions(corpus))
    corpus.warnings.extend(alias_clashes(corpus))
    return corpus
