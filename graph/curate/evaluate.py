"""`szkg eval`: precision, recall and F1 of the extractor against the curated facts.

Leave-one-document-out: document *d* is extracted with a gazetteer built only from what
the *other* documents know, so every score is that of a genuinely new article.

Definitions, for each evaluated document *d* (a document whose facts file has at least
one statement; documents without curated statements have no gold and are skipped):

* **Gold entities of d** — every entity that d's curated facts use (subjects and objects
  of statements, subjects of observations and attributes), plus every entity that d
  *mentions* (one of its names occurs in d's clean text, ``graph.curate.sources.mentions``).
* **Gazetteer for d** — the entities used by the facts of, or mentioned in, the other
  documents; of each, its label and only those aliases that occur in another document's
  text (an alias a curator added because d writes it is d's knowledge, not the others').
  Plus the generic lexicons (places, industries) — never an entity list derived from d.
* **Entity match** — a found entity is resolved to a curated entity when one of its names
  equals one of the curated entity's names under ``name_key`` (simplified script, case
  folded, quotes, brackets and spaces removed); it counts as a true positive when
  (type, resolved id) is among the gold entities of d.  Several names of one entity count
  once; a resolved entity of the wrong type is a false hit *and* a miss.
* **Relation match** — (subject id, predicate, object id) after resolving both ends as
  above, against the set of d's curated statements; for symmetric predicates
  (partnersWith, competesWith) the two ends are unordered.  Quotes and offsets are not
  compared: a relation the article states twice counts once.
* Candidates and proposed entities below ``min_confidence`` are not counted.  Scores are micro-averaged over the
  evaluated documents; per entity type and per predicate as well.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graph.curate.sources import load_corpus
from graph.extract import Extraction, Extractor, build_gazetteer, name_key, normalise
from graph.model import Corpus
from graph.names import mentions, names_of
from graph.vocab import load_ontology

#: Candidates below this confidence are not proposed by default (eval and extract).
DEFAULT_MIN_CONFIDENCE = 0.4


@dataclass
class Score:
    """True positives, false positives and false negatives, with the derived rates."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class DocumentResult:
    """The comparison for one document: what matched, what was missed, what was wrong."""

    document: str
    gold_entities: set[tuple[str, str]]  #: (type, id)
    found_entities: set[tuple[str, str]]  #: (type, id or "new:label")
    gold_relations: set[tuple[str, str, str]]
    found_relations: set[tuple[str, str, str]]
    rules: dict[str, Score] = field(default_factory=dict)  #: rule → true and false hits it proposed
    seconds: float = 0.0

    @property
    def entity_misses(self) -> set:
        return self.gold_entities - self.found_entities

    @property
    def entity_false_hits(self) -> set:
        return self.found_entities - self.gold_entities

    @property
    def relation_misses(self) -> set:
        return self.gold_relations - self.found_relations

    @property
    def relation_false_hits(self) -> set:
        return self.found_relations - self.gold_relations


@dataclass
class EvalReport:
    """Scores per entity type and per predicate, totals, and every document's errors."""

    documents: list[DocumentResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    entity_types: dict[str, Score] = field(default_factory=dict)
    predicates: dict[str, Score] = field(default_factory=dict)
    rules: dict[str, Score] = field(default_factory=dict)  #: extractor rule → its true and false hits
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    labels: dict[str, str] = field(default_factory=dict)  #: entity id → label, for printing
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    seconds: float = 0.0
    characters: int = 0


def facts_entities(corpus: Corpus) -> dict[str, set[str]]:
    """Document id → ids of the entities its curated facts use."""
    used: dict[str, set[str]] = defaultdict(set)
    for st in corpus.statements:
        used[st.evidence.document] |= {st.subject, st.object}
    for fact in (*corpus.observations, *corpus.attributes):
        used[fact.evidence.document].add(fact.subject)
    return used


def known_elsewhere(corpus: Corpus, document: str, used: dict[str, set[str]],
                    mentioned: dict[str, set[str]]) -> dict[str, set[str]]:
    """Entity id → the names a gazetteer may use when ``document`` is the new article."""
    others = [d for d in corpus.documents if d != document]
    ids = set().union(*(used.get(d, set()) | mentioned.get(d, set()) for d in others)) if others else set()
    texts = [normalise(corpus.documents[d].text) for d in others]
    names: dict[str, set[str]] = {}
    for ent_id in ids:
        ent = corpus.entities[ent_id]
        names[ent_id] = {ent.label} | {a for a in (*ent.aliases, ent.en) if a and any(normalise(a) in t for t in texts)}
    return names


class Resolver:
    """Maps a found entity (by id or by its names) to a curated entity id."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for ent in sorted(corpus.entities.values(), key=lambda e: e.id):
            for name in names_of(ent):
                self.by_key[name_key(name)].append(ent.id)

    def resolve(self, ent_id: str, etype: str, names: list[set[str]], gold: set[str]) -> tuple[str, str]:
        """(type, curated id) or (type, ``new:<name>``) when no curated entity has these names.

        ``names`` are groups tried in order; within a group, a curated entity of the gold
        of the document and of the same type is preferred."""
        if ent_id in self.corpus.entities:
            return etype, ent_id
        for group in names:  # the names as written first, then the proposed label and aliases
            ids = {i for n in sorted(group) for i in self.by_key.get(name_key(n), [])}
            ranked = sorted(ids, key=lambda i: (i not in gold, self.corpus.entities[i].type != etype, i))
            if ranked:
                return etype, ranked[0]
        return etype, "new:" + min((n for group in names for n in group), key=len)


def compare(corpus: Corpus, document: str, extraction: Extraction, used, mentioned, resolver: Resolver,
            symmetric: set[str], min_confidence: float) -> DocumentResult:
    """Gold and found entities and relations of one document, as comparable sets."""
    gold_ids = used.get(document, set()) | mentioned.get(document, set())
    gold_entities = {(corpus.entities[i].type, i) for i in gold_ids}
    resolved = {}
    weak = {p.id for p in extraction.proposals.values() if p.confidence < min_confidence}
    for ent_id, etype in extraction.types.items():
        names = [set(extraction.names.get(ent_id, set()))]
        if ent_id in extraction.proposals:
            proposal = extraction.proposals[ent_id]
            names.append({proposal.label, *proposal.aliases})
        resolved[ent_id] = resolver.resolve(ent_id, etype, names, gold_ids)
    found_entities = {resolved[i] for i in resolved if i not in weak}

    def triple(s: str, p: str, o: str) -> tuple[str, str, str]:
        return (min(s, o), p, max(s, o)) if p in symmetric else (s, p, o)

    gold_relations = {triple(st.subject, st.predicate, st.object) for st in corpus.statements
                      if st.evidence.document == document}
    found_relations, rules = set(), {}
    for c in extraction.candidates:
        if c.confidence < min_confidence:
            continue
        key = triple(resolved[c.subject][1], c.predicate, resolved[c.object][1])
        found_relations.add(key)
        rules.setdefault(c.rule, Score()).add(Score(int(key in gold_relations), int(key not in gold_relations), 0))
    return DocumentResult(document, gold_entities, found_entities, gold_relations, found_relations, rules)


def evaluate(sources: Path, ontology_dir: Path, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
             documents: list[str] | None = None) -> EvalReport:
    """Leave-one-document-out over every document with curated statements (or ``documents``)."""
    began = time.perf_counter()
    ontology = load_ontology(str(Path(ontology_dir) / "szkg.ttl"))
    corpus = load_corpus(Path(sources), ontology)
    used, mentioned = facts_entities(corpus), mentions(corpus)
    resolver = Resolver(corpus)
    symmetric = {name for name, prop in ontology.relations.items() if prop.symmetric}
    with_facts = {st.evidence.document for st in corpus.statements}
    report = EvalReport(min_confidence=min_confidence,
                        labels={e.id: e.label for e in corpus.entities.values()})
    for doc_id in sorted(corpus.documents):
        if documents is not None and doc_id not in documents:
            continue
        if doc_id not in with_facts:
            report.skipped.append(doc_id)
            continue
        names = known_elsewhere(corpus, doc_id, used, mentioned)
        gazetteer = build_gazetteer((corpus.entities[i] for i in names), names)
        started = time.perf_counter()
        extraction = Extractor(gazetteer, ontology, reserved_ids=set(names)).extract(
            corpus.documents[doc_id].text, doc_id)
        result = compare(corpus, doc_id, extraction, used, mentioned, resolver, symmetric, min_confidence)
        result.seconds = time.perf_counter() - started
        report.characters += len(corpus.documents[doc_id].text)
        report.documents.append(result)
        _tally(report, result)
    report.seconds = time.perf_counter() - began
    return report


def _tally(report: EvalReport, result: DocumentResult) -> None:
    for etype, ent in result.gold_entities | result.found_entities:
        score = report.entity_types.setdefault(etype, Score())
        hit_gold, hit_found = (etype, ent) in result.gold_entities, (etype, ent) in result.found_entities
        score.add(Score(int(hit_gold and hit_found), int(hit_found and not hit_gold), int(hit_gold and not hit_found)))
    for s, p, o in result.gold_relations | result.found_relations:
        score = report.predicates.setdefault(p, Score())
        hit_gold, hit_found = (s, p, o) in result.gold_relations, (s, p, o) in result.found_relations
        score.add(Score(int(hit_gold and hit_found), int(hit_found and not hit_gold), int(hit_gold and not hit_found)))
    for rule, score in result.rules.items():
        report.rules.setdefault(rule, Score()).add(score)
    report.entities = _total(report.entity_types)
    report.relations = _total(report.predicates)


def _total(scores: dict[str, Score]) -> Score:
    total = Score()
    for score in scores.values():
        total.add(score)
    return total


def report_json(report: EvalReport) -> dict:
    """The report as plain data (for --format json and for CI logs)."""
    def name(ent: str) -> str:
        return ent[4:] if ent.startswith("new:") else report.labels.get(ent, ent)

    return {
        "min_confidence": report.min_confidence,
        "entities": report.entities.as_dict(),
        "relations": report.relations.as_dict(),
        "entity_types": {k: v.as_dict() for k, v in sorted(report.entity_types.items())},
        "predicates": {k: v.as_dict() for k, v in sorted(report.predicates.items())},
        "rules": {k: {"true": v.tp, "false": v.fp} for k, v in sorted(report.rules.items())},
        "skipped": report.skipped,
        "seconds": round(report.seconds, 3),
        "documents": [{
            "document": r.document,
            "entity_misses": sorted(f"{t} {name(e)}" for t, e in r.entity_misses),
            "entity_false_hits": sorted(f"{t} {name(e)}" for t, e in r.entity_false_hits),
            "relation_misses": sorted(f"{name(s)} {p} {name(o)}" for s, p, o in r.relation_misses),
            "relation_false_hits": sorted(f"{name(s)} {p} {name(o)}" for s, p, o in r.relation_false_hits),
        } for r in report.documents],
    }


def print_report(report: EvalReport, out, *, errors: bool = True) -> None:
    """Tables per entity type and per predicate, totals, and each document's errors (rich)."""
    from rich.table import Table

    def table(title: str, first: str, scores: dict[str, Score], total: Score) -> Table:
        t = Table(title=title)
        for col in (first, "gold", "found", "hits", "precision", "recall", "F1"):
            t.add_column(col, justify="left" if col == first else "right")
        for name, s in sorted(scores.items()):
            t.add_row(name, str(s.tp + s.fn), str(s.tp + s.fp), str(s.tp), f"{s.precision:.2f}", f"{s.recall:.2f}",
                      f"{s.f1:.2f}")
        t.add_row("[bold]all[/bold]", str(total.tp + total.fn), str(total.tp + total.fp), str(total.tp),
                  f"{total.precision:.2f}", f"{total.recall:.2f}", f"[bold]{total.f1:.2f}[/bold]")
        return t

    data = report_json(report)
    if errors:
        for doc in data["documents"]:
            out.print(f"[bold]{doc['document']}[/bold]")
            for key, what in (("entity_misses", "missed entities"), ("entity_false_hits", "false entities"),
                              ("relation_misses", "missed relations"), ("relation_false_hits", "false relations")):
                if doc[key]:
                    out.print(f"  {what} ({len(doc[key])}): " + "; ".join(doc[key]), markup=False)
    out.print(table("Entities per type", "type", report.entity_types, report.entities))
    out.print(table("Relations per predicate", "predicate", report.predicates, report.relations))
    skipped = f"; skipped (no curated statements): {', '.join(report.skipped)}" if report.skipped else ""
    out.print(f"szkg eval: leave-one-document-out over {len(report.documents)} documents "
              f"({report.characters} characters), min confidence {report.min_confidence}{skipped}; "
              f"{report.seconds:.1f} s")
    out.print(f"entity F1 {report.entities.f1:.3f} (P {report.entities.precision:.3f}, R {report.entities.recall:.3f}); "
              f"relation F1 {report.relations.f1:.3f} (P {report.relations.precision:.3f}, "
              f"R {report.relations.recall:.3f})", markup=False)
