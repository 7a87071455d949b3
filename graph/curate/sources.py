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
import pickle
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal, InvalidOperation
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
from graph.model import (
    Attribute,
    Corpus,
    Document,
    Entity,
    Evidence,
    FactsPart,
    FactsSummary,
    Indicator,
    Observation,
    Statement,
)
from graph.names import MentionMatcher, name_key, names_of
from graph.quantity import parse_quantity
from graph.text import SCRIPTS, clean, sentences
from graph.vocab import TIMES, Ontology

UNITS = frozenset({"CNY", "USD", "EUR", "HKD", "percent", "percentage-point", "count", "rank", "tier", "multiple",
                   "person", "items", "units", "year", "month", "week", "day", "hour", "seconds", "mm", "km",
                   "square-km", "index"})
#: The bound a qualifier word puts on a number (超 → lower, 以上 → lower-inclusive, 近 → nearly,
#: 约 → about, 不到 → upper); the older spellings are accepted as synonyms.
BOUNDS = frozenset({"", "lower", "lower-inclusive", "nearly", "about", "upper"})
_BOUND_SYNONYMS = {"over": "lower", "at-least": "lower-inclusive"}
OBSERVATION_STATUSES = frozenset({"actual", "target", "estimate"})
#: Dimensions of an observation (strings as written): what the number is about beyond its subject.
DIMENSIONS = ("scope", "basis", "category", "condition", "rank_of", "among", "consecutive", "of", "level")
STATUSES = frozenset({"curated", "extracted", "candidate"})
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_PERIOD = re.compile(r"\d{4}(-Q[1-4](-Q[1-4])?|-H[12]|-\d{2}(-\d{2})?)?(/\d{4}(-\d{2})?)?")
_INDICATOR = re.compile(r"[a-z][a-z0-9_-]*")
_AS_OF = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
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


def load_documents(root: Path, texts: dict[str, str] | None = None, workers: int = 1) -> dict[str, Document]:
    """Read documents.yaml and every document it lists; clean each text (``texts``: clean texts
    already made, by the SHA-256 of the bytes they were made from; new ones are added).  Many texts
    to clean are cleaned by ``workers`` processes forked from this one (``graph.curate.forked``);
    the first problem in the order of documents.yaml is the error either way."""
    from graph.curate.forked import ordered_map

    path = root / "documents.yaml"
    node, data = read_yaml(path)
    fields: dict[str, dict] = {}  # document id → its Document's fields but the clean text
    allowed = {"id", "file", "title", "script", "publisher", "author", "date", "url", "notes"}
    files: dict[str, Path] = {}
    stop: SourceError | None = None  # the first bad record: the texts before it are cleaned first
    try:
        for line, item in records(path, node, data, None):
            _unknown_fields(item, allowed, path, line)
            doc_id = check_document_id(_require(item, "id", path, line), path, line)
            if doc_id in fields:
                raise SourceError(f"duplicate document id '{doc_id}'", path, line)
            script = _require(item, "script", path, line)
            if script not in SCRIPTS:
                raise SourceError(f"script '{script}' must be one of {', '.join(SCRIPTS)}", path, line)
            date = str(item.get("date") or "")
            if date and not _DATE.fullmatch(date):
                raise SourceError(f"date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD", path, line)
            file, raw = source_file(root, _require(item, "file", path, line), path, line)
            files[doc_id] = file
            fields[doc_id] = dict(
                id=doc_id, path=str(file.relative_to(Path(root).resolve())), raw=raw,
                title=_require(item, "title", path, line), script=script,
                publisher=str(item.get("publisher") or ""), author=str(item.get("author") or ""),
                date=date, url=str(item.get("url") or ""), notes=str(item.get("notes") or ""),
            )
    except SourceError as exc:
        stop = exc
    keys = {doc_id: hashlib.sha256(f["raw"]).hexdigest() for doc_id, f in fields.items()} if texts is not None else {}
    dirty = [doc_id for doc_id in fields if texts is None or keys[doc_id] not in texts]
    with ordered_map(lambda doc_id: clean(fields[doc_id]["raw"], files[doc_id]), dirty, workers) as cleaned:
        made = dict(zip(dirty, cleaned, strict=True))  # (a text that cannot be cleaned raises in its turn)
    if stop is not None:
        raise stop
    if texts is not None:
        texts.update((keys[doc_id], text) for doc_id, text in made.items())
    return {doc_id: Document(**f, text=made[doc_id] if texts is None else texts[keys[doc_id]])
            for doc_id, f in fields.items()}


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


def load_indicators(root: Path) -> dict[str, Indicator]:
    """Read indicators.yaml, the indicator vocabulary (optional: without it any indicator id is
    accepted and labelled by its id)."""
    path = Path(root) / "indicators.yaml"
    if not path.exists():
        return {}
    node, data = read_yaml(path)
    found: dict[str, Indicator] = {}
    allowed = {"id", "zh-Hans", "zh-Hant", "en", "definition", "unit_kind", "comparable"}
    for line, item in records(path, node, data, None):
        _unknown_fields(item, allowed, path, line)
        ind = _require(item, "id", path, line)
        if not _INDICATOR.fullmatch(ind):
            raise SourceError(f"indicator id '{shown(ind)}' must be lowercase (a-z, 0-9, - or _)", path, line)
        if ind in found:
            raise SourceError(f"duplicate indicator '{ind}'", path, line)
        labels = {lang: _require(item, lang, path, line) for lang in ("zh-Hans", "zh-Hant", "en")}
        found[ind] = Indicator(ind, labels, str(item.get("definition") or ""), str(item.get("unit_kind") or ""),
                               str(item.get("comparable") or ""))
    return found


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
            at = [m.start() for m in re.finditer(re.escape(quote), doc.text)][:5]
            where = (f"; it is at {', '.join(map(str, at))} (offsets count characters of the clean text)" if at else
                     f"; the clean text does not hold it: closest passage {closest_passage(doc.text, quote)!r}")
            raise SourceError(f"quote is not at offset {start} of document '{doc.id}'{where}", path, line)
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

    def quotes(self, doc: Document, line: int, item: dict) -> list[Evidence]:
        """The evidence of a fact line: one ``quote`` (with an optional ``start``) or a list ``quotes``."""
        if "quotes" in item:
            if "quote" in item or "start" in item:
                raise SourceError("give either 'quote' (with an optional 'start') or 'quotes', not both", self.path, line)
            quotes = item["quotes"]
            if not isinstance(quotes, list) or not quotes or not all(isinstance(q, str) and q for q in quotes):
                raise SourceError("'quotes' must be a non-empty list of quotes", self.path, line)
            found = [find_evidence(doc, q, None, self.path, line) for q in quotes]
            if len(set(found)) != len(found):
                raise SourceError("the same quote is listed twice in 'quotes'", self.path, line)
            return found
        return [find_evidence(doc, str(item.get("quote") or ""), item.get("start"), self.path, line)]

    def _qualifier(self, item: dict, key: str, line: int, allowed=None, pattern=None) -> str:
        value = item.get(key)
        if value is None:
            return ""
        text = str(value).strip()
        if allowed is not None and text not in allowed:
            raise SourceError(f"{key} '{shown(text)}' must be one of {', '.join(allowed)}", self.path, line)
        if pattern is not None and not pattern.fullmatch(text):
            raise SourceError(f"{key} '{shown(text)}' must be a four-digit year", self.path, line)
        return text

    def resolutions(self, doc: Document, line: int, item: dict, subj: Entity, obj: Entity,
                    quotes: list[Evidence]) -> tuple:
        """``resolve: {s|o: {mention, named}}``: a word of the quote that stands for an end, and a
        passage of the same document that names that end."""
        spec = item.get("resolve")
        if spec is None:
            return ()
        if not isinstance(spec, dict) or not spec or set(spec) - {"s", "o"}:
            raise SourceError("'resolve' must map s and/or o to {mention, named}", self.path, line)
        found = []
        for end, entity in (("s", subj), ("o", obj)):
            if end not in spec:
                continue
            part = spec[end]
            if not isinstance(part, dict) or set(part) != {"mention", "named"}:
                raise SourceError(f"resolve.{end} must have exactly 'mention' and 'named'", self.path, line)
            mention = str(part["mention"])
            holder = next((q for q in quotes if mention and mention in q.quote), None)
            if holder is None:
                raise SourceError(f"resolve.{end}: mention '{shown(mention)}' is not in the quote", self.path, line)
            named = find_evidence(doc, str(part["named"]), None, self.path, line)
            keys = {name_key(n) for n in names_of(entity)}
            if not any(k and k in name_key(named.quote) for k in keys):
                raise SourceError(f"resolve.{end}: the passage '{shown(named.quote, 60)}' does not name "
                                  f"'{entity.id}' ({', '.join(names_of(entity))})", self.path, line)
            found.append((holder, end, mention, named))
        return tuple(found)

    def statement(self, doc: Document, line: int, item: dict) -> Statement:
        _unknown_fields(item, {"s", "p", "o", "quote", "quotes", "start", "status", "confidence", "extractor",
                               "time", "role", "since", "until", "resolve"}, self.path, line)
        pred = _require(item, "p", self.path, line)
        prop = self.ontology.relations.get(pred)
        if prop is None:
            close = difflib.get_close_matches(pred, list(self.ontology.relations), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise SourceError(f"predicate '{shown(pred)}' is not in the ontology{hint}", self.path, line)
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
        time = self._qualifier(item, "time", line, TIMES) or "current"
        role = self._qualifier(item, "role", line)
        since = self._qualifier(item, "since", line, pattern=_YEAR)
        until = self._qualifier(item, "until", line, pattern=_YEAR)
        quotes = self.quotes(doc, line, item)
        confidence = item.get("confidence")
        return Statement(
            id=_stable_id("st", doc.id, subj.id, pred, obj.id, *(q for q in (time, role) if q != "current")),
            subject=subj.id, predicate=pred, object=obj.id, evidence=quotes[0], also=tuple(quotes[1:]),
            status=status, confidence=float(confidence) if confidence is not None else None,
            extractor=str(item.get("extractor") or ""), source=f"{self.path}:{line}", time=time, role=role,
            since=since, until=until, resolutions=self.resolutions(doc, line, item, subj, obj, quotes),
        )

    def observation(self, doc: Document, line: int, item: dict) -> Observation:
        _unknown_fields(item, {"s", "indicator", "value", "as_written", "unit", "period", "qualifier", "bound",
                               "as_of", "period_as_written", "status", "quote", "start", *DIMENSIONS},
                        self.path, line)
        subj = self.entity(_require(item, "s", self.path, line), line, "subject")
        indicator = _require(item, "indicator", self.path, line)
        if not _INDICATOR.fullmatch(indicator):
            raise SourceError(f"indicator '{shown(indicator)}' must be lowercase (a-z, 0-9, - or _)", self.path, line)
        if self.corpus.indicators and indicator not in self.corpus.indicators:
            close = difflib.get_close_matches(indicator, list(self.corpus.indicators), n=2)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise SourceError(f"indicator '{indicator}' is not in indicators.yaml{hint}", self.path, line)
        unit = _require(item, "unit", self.path, line)
        if unit not in UNITS:
            raise SourceError(f"unit '{unit}' must be one of {', '.join(sorted(UNITS))}", self.path, line)
        period = str(item.get("period") or "")
        if period and not _PERIOD.fullmatch(period):
            raise SourceError(f"period '{shown(period)}' is not like 2025, 2025-Q1-Q3, 2025-H1 or 2024-12 "
                              "(leave it out when the text states none, and give as_of)", self.path, line)
        as_of = str(item.get("as_of") or "")
        if as_of and not _AS_OF.fullmatch(as_of):
            raise SourceError(f"as_of '{shown(as_of)}' is not YYYY, YYYY-MM or YYYY-MM-DD", self.path, line)
        if "qualifier" in item and "bound" in item:
            raise SourceError("give 'bound' or its older name 'qualifier', not both", self.path, line)
        bound = str(item.get("bound", item.get("qualifier")) or "")
        bound = _BOUND_SYNONYMS.get(bound, bound)
        if bound not in BOUNDS:
            raise SourceError(f"bound '{shown(bound)}' must be one of {', '.join(sorted(BOUNDS - {''}))}",
                              self.path, line)
        status = str(item.get("status") or "actual")
        if status not in OBSERVATION_STATUSES:
            raise SourceError(f"status '{status}' must be one of {', '.join(sorted(OBSERVATION_STATUSES))}",
                              self.path, line)
        ev = find_evidence(doc, str(item.get("quote") or ""), item.get("start"), self.path, line)
        if "as_written" in item:  # the number as written, and (optionally) its value when the words say it
            written = _require(item, "as_written", self.path, line)
            given = item.get("value")
        else:  # the older form: value is the number as written
            written, given = _require(item, "value", self.path, line), None
        if written not in ev.quote:
            raise SourceError(f"value '{shown(written)}' is not written in the quote", self.path, line)
        try:
            value = parse_quantity(written) if given is None else Decimal(str(given))
        except (ValueError, InvalidOperation) as exc:
            raise SourceError(f"value '{shown(given if given is not None else written)}': {exc}", self.path, line) \
                from exc
        dimensions = tuple((d, str(item[d])) for d in DIMENSIONS if item.get(d) not in (None, ""))
        return Observation(
            id=_stable_id("obs", doc.id, subj.id, indicator, period, ev.start, written,
                          *(f"{d}={v}" for d, v in dimensions)),
            subject=subj.id, indicator=indicator, value=value, unit=unit, period=period,
            as_written=written, evidence=ev, qualifier=bound, source=f"{self.path}:{line}", as_of=as_of,
            period_as_written=str(item.get("period_as_written") or ""), status=status, dimensions=dimensions,
        )

    def attribute(self, doc: Document, line: int, item: dict) -> Attribute:
        _unknown_fields(item, {"s", "p", "value", "as_written", "quote", "start"}, self.path, line)
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
        datatype = next(iter(prop.range), "gYear")
        if not (_YEAR if datatype == "gYear" else _AS_OF).fullmatch(value):
            form = "a four-digit year" if datatype == "gYear" else "YYYY, YYYY-MM or YYYY-MM-DD"
            raise SourceError(f"{pred} value '{shown(value)}' is not {form}", self.path, line)
        ev = find_evidence(doc, str(item.get("quote") or ""), item.get("start"), self.path, line)
        written = str(item.get("as_written") or value[:4])  # 去年 for 2024, when the document's date says so
        if written not in ev.quote:
            raise SourceError(f"'{shown(written)}' is not written in the quote", self.path, line)
        return Attribute(_stable_id("st", doc.id, subj.id, pred, value, ev.start), subj.id, pred, value, ev,
                         f"{self.path}:{line}", datatype)


#: When one fact is written twice with different statuses, the statement keeps the surest.
_STATUS_RANK = {"candidate": 0, "extracted": 1, "curated": 2}


def _with_evidence(fact: Statement, again: Statement, path: Path, line: int) -> Statement:
    """``fact`` with the quote of ``again`` (the same fact, stated again) as more evidence."""
    status = max(fact.status, again.status, key=_STATUS_RANK.__getitem__)
    confidence = max((c for c in (fact.confidence, again.confidence) if c is not None), default=None)
    return replace(fact, also=(*fact.also, *again.quotes), status=status, confidence=confidence,
                   resolutions=(*fact.resolutions, *again.resolutions))


def load_facts(root: Path, corpus: Corpus, ontology: Ontology, cache=None, workers: int = 1) -> None:
    """Read every facts/*.yaml into the corpus, validating ids, types and quotes.

    With a ``graph.curate.cache.DocumentCache``, a facts file whose bytes, document text and
    referred entities are those of the previous build's entry is taken from it, not parsed
    again (nor read, when its stat says it is unchanged: ``_FileStats``); its facts are read
    from the cache only when something asks for them (``Corpus.parts``).  Many files to parse
    are parsed by ``workers`` processes forked from this one (``graph.curate.forked``); the
    first bad file in name order is the error either way."""
    from graph.curate.forked import can_fork, ordered_map

    stats = _FileStats(cache)
    paths = sorted((root / "facts").glob("*.yaml"))
    cached: dict[Path, dict] = {}
    for path in paths:
        entry = _cached_facts(path, corpus, cache, stats) if cache is not None else None
        if entry is not None:
            cached[path] = entry
        else:
            stats.read(path)
    unread = [path for path in paths if path not in cached]
    # Parsed in worker processes, a file's facts come back pickled and stay so: the cache writes
    # the bytes as they are, and they are unpickled where they are used (the workers that make
    # the document graphs), not in this process.
    read = _read_facts_pickled if can_fork(workers, len(unread)) else _read_facts
    with ordered_map(lambda path: read(path, corpus, ontology), unread, workers) as parsed:
        for path in paths:
            entry = cached.get(path)
            if entry is not None:
                corpus.add_facts(FactsPart(entry["document"], entry["summary"],
                                           read=lambda p=path, s=entry["facts_sha"]:
                                           _reread(p, s, corpus, ontology, cache)))
                continue
            entry = next(parsed)
            if cache is not None:
                cache.keep(path.stem, entry, unchanged=False)
            if "facts_pickle" in entry:
                corpus.add_facts(FactsPart(entry["document"], entry["summary"],
                                           read=lambda data=entry["facts_pickle"]: pickle.loads(data)))
            else:
                corpus.add_facts(FactsPart(entry["document"], entry["summary"], facts=entry["facts"]))
    stats.keep()


def _read_facts_pickled(path: Path, corpus: Corpus, ontology: Ontology) -> dict:
    """``_read_facts`` with the facts pickled (``"facts_pickle"``), for a worker process to send."""
    entry = _read_facts(path, corpus, ontology)
    entry["facts_pickle"] = pickle.dumps(entry.pop("facts"), protocol=pickle.HIGHEST_PROTOCOL)
    return entry


def _reread(path: Path, sha: str, corpus: Corpus, ontology: Ontology, cache) -> dict:
    """The facts of a facts file a build took from its cache: from the cache while it holds them
    under the same hash, else parsed again from the file."""
    facts = cache.load_facts(path.stem, sha)
    return facts if facts is not None else _read_facts(path, corpus, ontology)["facts"]


def _fingerprint(doc: Document | None) -> str:
    from graph.curate.cache import digest

    return digest(doc.id, doc.text) if doc is not None else ""


def _references(corpus: Corpus, summary: FactsSummary) -> dict[str, tuple]:
    """The entities that facts refer to (their subjects, and their objects that are entities),
    as what validating them read (type and names); from the summary's rows and the observations'
    subjects."""
    ids = {row[0] for row in summary.count_rows} | {row[2] for row in summary.count_rows if row[3]}
    ids |= set(summary.observed)
    return {i: (e.type, e.label, e.en, e.aliases) for i in sorted(ids) if (e := corpus.entities.get(i))}


class _FileStats:
    """What the previous build saw of each facts file: its size, modification and change times
    and inode when it was read, and when.  A file whose stat is the same, and was already
    older than a couple of seconds when it was read (so it was not written again within one
    tick of the file system's clock), has the bytes it had: it is not read and hashed again."""

    RACY_NS = 2_000_000_000

    def __init__(self, cache):
        self.cache = cache
        self.before = (cache.previous_memo("facts-stat", "") if cache is not None else None) or {}
        self.now: dict[str, tuple] = {}

    @staticmethod
    def _stat(path: Path) -> tuple | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)

    def unchanged(self, path: Path) -> bool:
        """True if ``path`` certainly has the bytes it had when the previous build read it."""
        stat, known = self._stat(path), self.before.get(path.name)
        if stat is None or known is None or known[0] != stat or known[1] <= stat[1] + self.RACY_NS:
            return False
        self.now[path.name] = known
        return True

    def read(self, path: Path) -> None:
        """``path`` is about to be read and hashed (the stat is taken first: a write after it
        makes the next build see another stat)."""
        import time

        stat = self._stat(path)
        if stat is not None:
            self.now[path.name] = (stat, time.time_ns())

    def keep(self) -> None:
        if self.cache is not None:
            self.cache.keep_memo("facts-stat", "", self.now)


def _cached_facts(path: Path, corpus: Corpus, cache, stats: _FileStats) -> dict | None:
    """The previous build's facts of ``path`` if nothing they were checked against changed."""
    from graph.curate.cache import digest
    from graph.curate.guard import read_bounded

    entry = cache.load(path.stem)
    if entry is None or "facts_sha" not in entry:
        return None
    if not stats.unchanged(path):
        stats.read(path)
        if digest(read_bounded(path, what="YAML file")) != entry["facts_sha"]:
            return None
    if _fingerprint(corpus.documents.get(entry["document"])) != entry["doc"]:
        return None
    if "summary" not in entry or _references(corpus, entry["summary"]) != entry["refs"]:
        return None
    cache.keep(path.stem, entry, unchanged=True)
    return entry


def _read_facts(path: Path, corpus: Corpus, ontology: Ontology) -> dict:
    """The validated facts of one facts file, with what a cache entry needs to know when to reuse them."""
    from graph.curate.cache import digest
    from graph.curate.guard import read_bounded

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
    found: dict[str, list] = {"statements": [], "observations": [], "attributes": []}
    seen: dict[str, tuple[int, int]] = {}  # fact id → (first line, index in its bucket)
    for kind, make in (("statements", ctx.statement), ("observations", ctx.observation),
                       ("attributes", ctx.attribute)):
        bucket = found[kind]
        for line, item in records(path, node, data, kind):
            fact = make(doc, line, item)
            if fact.id not in seen:
                seen[fact.id] = (line, len(bucket))
                bucket.append(fact)
                continue
            first, index = seen[fact.id]
            if kind != "statements" or set(fact.quotes) & set(bucket[index].quotes):
                raise SourceError(f"duplicate of the fact at line {first}", path, line)
            bucket[index] = _with_evidence(bucket[index], fact, path, line)
    summary = FactsSummary.of(found["statements"], found["observations"], found["attributes"])
    return {"facts": found, "summary": summary, "document": doc_id, "doc": _fingerprint(doc),
            "refs": _references(corpus, summary), "facts_sha": digest(read_bounded(path, what="YAML file"))}


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


def _matched(corpus: Corpus, documents: list[str], workers: int) -> dict[str, set[str]]:
    """``mentions(corpus, documents=documents)``, the texts matched by ``workers`` processes forked
    from this one when there are many."""
    from graph.curate.forked import ordered_map

    match = MentionMatcher(corpus)
    with ordered_map(lambda doc_id: match(corpus.documents[doc_id].text), documents, workers) as found:
        return dict(zip(documents, found, strict=True))


def _mentions(corpus: Corpus, cache, workers: int = 1) -> dict[str, set[str]]:
    """``mentions(corpus)``, taking from the previous build (``cache``) the mentions of every text
    it matched against the same entities: only new or changed texts are matched again."""
    from graph.curate.cache import digest

    key = digest(sorted((e.id, names_of(e)) for e in corpus.entities.values()))
    texts = {d: hashlib.sha256(doc.text.encode("utf-8")).hexdigest() for d, doc in corpus.documents.items()}
    known = cache.previous_memo("mentions", key) or {}
    found = _matched(corpus, [d for d in corpus.documents if texts[d] not in known], workers)
    result = {d: found[d] if d in found else set(known[texts[d]]) for d in corpus.documents}
    cache.keep_memo("mentions", key, {texts[d]: tuple(sorted(ids)) for d, ids in result.items()})
    return result


def load_corpus(root: Path, ontology: Ontology, cache=None, workers: int = 1) -> Corpus:
    """Load and validate everything under a sources root (``cache``, ``workers``: see
    :func:`load_facts`)."""
    root = Path(root)
    if not root.is_dir():
        raise SourceError("sources directory not found", root)
    corpus = Corpus()
    corpus.documents = load_documents(root, cache.texts if cache is not None else None, workers)
    corpus.entities = load_entities(root, ontology)
    corpus.indicators = load_indicators(root)
    load_facts(root, corpus, ontology, cache, workers)
    corpus.mentions = _matched(corpus, list(corpus.documents), workers) if cache is None else \
        _mentions(corpus, cache, workers)
    check_mentioned(corpus, corpus.mentions)
    corpus.warnings.extend(alias_clashes(corpus))
    return corpus
