"""`szkg eval`: precision, recall and F1 of the extractor against the curated facts.

The documents fall in three groups (``split_of``; the rule is frozen in docs/evaluation.md):
``seed`` (the five first-wave articles), ``tune`` and ``test`` (the development corpus).  A
``seed`` or ``tune`` document *d* is extracted with a gazetteer built from the *other*
``seed`` and ``tune`` documents (leave-one-document-out); a ``test`` document with one built
from all ``seed`` and ``tune`` documents, never from another ``test`` document.  So every
score is that of a genuinely new article, and nothing a ``test`` article alone knows reaches
the extractor.  The report gives each group's figures apart; errors are listed for ``seed``
and ``tune`` documents only.

Definitions, for each evaluated document *d* (a document whose facts file has at least
one statement; documents without curated statements have no gold and are skipped):

* **Gold entities of d** — every entity that d's curated facts use (subjects and objects
  of statements, subjects of observations and attributes), plus every entity that d
  *mentions* (one of its names, its English name included, occurs in d's clean text,
  ``graph.names.mentions``).
* **Gazetteer for d** — the entities used by the facts of, or mentioned in, the other
  ``seed`` and ``tune`` documents; of each, its label and only those aliases that occur in another document's
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
  evaluated documents of a group; per entity type, per predicate and per script as well.
* **Calibration** — every candidate statement of a group (at any confidence) is put in its
  confidence band, and the band's precision is the share of its candidates that are curated
  facts; ``at_least`` gives the precision of all candidates at or above a threshold (what
  ``szkg accept --min-confidence`` keeps).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.curate.sources import load_corpus
from graph.errors import SzkgError
from graph.extract import Extraction, Extractor, build_gazetteer, name_key, normalise
from graph.extract.learned import RULE as LEARNED_RULE
from graph.extract.learned import PairModel, fit
from graph.model import Corpus
from graph.names import mentions, names_of
from graph.vocab import load_ontology

#: Candidates below this confidence are not proposed by default (eval and extract). Confidences are
#: calibrated (calibration.yaml: the precision each rule reaches, nine chances in ten, on the seed and tune documents);
#: 0.25 gave the best relation F1 on the tune documents.
DEFAULT_MIN_CONFIDENCE = 0.25
#: The groups of documents, in the order the report gives them.
SPLITS = ("seed", "tune", "test")
#: The group of ``tune`` documents a user names as not yet seen (``evaluate(unseen=…)``): scored as ``test`` is.
UNSEEN = "unseen"
#: Documents 000-004 are the first wave's five seed articles.
SEED_DOCUMENTS = 5
#: A development-corpus document is in ``test`` when its content-hash id ends in one of these.
TEST_DIGITS = frozenset("012345")
#: Lower edges of the calibration bands.
BANDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def split_of(document: str) -> str:
    """``seed``, ``tune`` or ``test``: the frozen rule of docs/evaluation.md."""
    number = document.split("_", 1)[0]
    if number.isdigit() and int(number) < SEED_DOCUMENTS:
        return "seed"
    return "test" if document[-1:] in TEST_DIGITS else "tune"


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
    split: str = ""
    script: str = ""
    #: every candidate statement at any confidence: (confidence, is it a curated fact)
    judged: list[tuple[float, bool]] = field(default_factory=list)
    #: (kind, rule, confidence, correct) of every candidate statement ("relations") and proposed entity ("entities")
    by_rule: list[tuple[str, str, float, bool]] = field(default_factory=list)
    #: found entity id → (type, curated id or ``new:<name>``)
    resolved: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

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
    split: str = ""
    scripts: dict[str, dict[str, Score]] = field(default_factory=dict)  #: script → {"entities", "relations"}

    def calibration(self) -> dict:
        """Precision of the candidate statements per confidence band, and at or above each edge."""
        judged = [j for r in self.documents for j in r.judged]
        bands, at_least = [], {}
        for i, low in enumerate(BANDS):
            high = BANDS[i + 1] if i + 1 < len(BANDS) else 1.0001
            inside = [ok for conf, ok in judged if low <= conf < high]
            above = [ok for conf, ok in judged if conf >= low]
            bands.append({"from": low, "to": min(high, 1.0), "candidates": len(inside), "correct": sum(inside),
                          "precision": round(sum(inside) / len(inside), 4) if inside else None})
            at_least[f"{low:.1f}"] = {"candidates": len(above), "correct": sum(above),
                                      "precision": round(sum(above) / len(above), 4) if above else None}
        return {"bands": bands, "at_least": at_least}


@dataclass
class Evaluation:
    """One report per group of documents (``seed``, ``tune``, ``test``)."""

    splits: dict[str, EvalReport] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  #: documents without curated statements
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    seconds: float = 0.0
    model: bool = True
    #: the learned pair model ran on the test split (never on seed and tune: it was fitted on them)
    learned: bool = True


def facts_entities(corpus: Corpus) -> dict[str, set[str]]:
    """Document id → ids of the entities its curated facts use."""
    used: dict[str, set[str]] = defaultdict(set)
    for st in corpus.statements:
        used[st.evidence.document] |= {st.subject, st.object}
    for fact in (*corpus.observations, *corpus.attributes):
        used[fact.evidence.document].add(fact.subject)
    return used


def written_in(corpus: Corpus) -> dict[str, set[str]]:
    """Each alias and English name of an entity, normalised → the documents whose normalised text writes it."""
    texts = {d: normalise(doc.text) for d, doc in corpus.documents.items()}
    names = {normalise(a) for ent in corpus.entities.values() for a in (*ent.aliases, ent.en) if a}
    return {n: {d for d, t in texts.items() if n in t} for n in names}


def known_elsewhere(corpus: Corpus, document: str, used: dict[str, set[str]],
                    mentioned: dict[str, set[str]], allowed: set[str] | None = None,
                    written: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Entity id → the names a gazetteer may use when ``document`` is the new article: what the
    other documents (of ``allowed``, by default all) use or mention.  ``written`` is ``written_in(corpus)``,
    made once for every document of an evaluation (each call would read every text again)."""
    others = {d for d in corpus.documents if d != document and (allowed is None or d in allowed)}
    ids = set().union(*(used.get(d, set()) | mentioned.get(d, set()) for d in others)) if others else set()
    if written is None:
        written = written_in(corpus)
    names: dict[str, set[str]] = {}
    for ent_id in ids:
        ent = corpus.entities[ent_id]
        names[ent_id] = {ent.label} | {a for a in (*ent.aliases, ent.en)
                                       if a and not others.isdisjoint(written[normalise(a)])}
    return names


class Resolver:
    """Maps a found entity (by id or by its names) to a curated entity id."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for ent in sorted(corpus.entities.values(), key=lambda e: e.id):
            # the English name too: the gold's mentions count it (``mentions(english=True)``), so a
            # found «Huanggang Port» is 皇岗口岸, not a false hit beside a miss
            for name in dict.fromkeys([*names_of(ent), *([ent.en] if ent.en else [])]):
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


def resolve_found(extraction: Extraction, resolver: Resolver, gold_ids: set[str]) -> dict[str, tuple[str, str]]:
    """Each found entity id → (type, curated id or ``new:<name>``)."""
    resolved = {}
    for ent_id, etype in extraction.types.items():
        names = [set(extraction.names.get(ent_id, set()))]
        if ent_id in extraction.proposals:
            proposal = extraction.proposals[ent_id]
            names.append({proposal.label, *proposal.aliases})
        resolved[ent_id] = resolver.resolve(ent_id, etype, names, gold_ids)
    return resolved


def compare(corpus: Corpus, document: str, extraction: Extraction, used, mentioned, resolver: Resolver,
            symmetric: set[str], min_confidence: float) -> DocumentResult:
    """Gold and found entities and relations of one document, as comparable sets."""
    gold_ids = used.get(document, set()) | mentioned.get(document, set())
    gold_entities = {(corpus.entities[i].type, i) for i in gold_ids}
    resolved = resolve_found(extraction, resolver, gold_ids)
    weak = {p.id for p in extraction.proposals.values() if p.confidence < min_confidence}
    found_entities = {resolved[i] for i in resolved if i not in weak}
    by_rule = [("entities", p.calibration_key, p.confidence, resolved[p.id] in gold_entities)
               for p in extraction.proposals.values() if p.id in resolved]

    def triple(s: str, p: str, o: str) -> tuple[str, str, str]:
        return (min(s, o), p, max(s, o)) if p in symmetric else (s, p, o)

    gold_relations = {triple(st.subject, st.predicate, st.object) for st in corpus.statements
                      if st.evidence.document == document}
    found_relations, rules, judged = set(), {}, []
    for c in extraction.candidates:
        key = triple(resolved[c.subject][1], c.predicate, resolved[c.object][1])
        judged.append((c.confidence, key in gold_relations))
        by_rule.append(("relations", c.rule, c.confidence, key in gold_relations))
        if c.confidence < min_confidence:
            continue
        found_relations.add(key)
        rules.setdefault(c.rule, Score()).add(Score(int(key in gold_relations), int(key not in gold_relations), 0))
    return DocumentResult(document, gold_entities, found_entities, gold_relations, found_relations, rules,
                          judged=judged, by_rule=by_rule, resolved=resolved)


def unseen_documents(documents: Collection[str], named: Collection[str], from_number: int | None,
                     where: Path) -> set[str]:
    """The ``tune`` documents named (by id, or by the number before its ``_``) or numbered
    ``from_number`` or more; a name that is no document, or a seed or test document, is an error."""
    numbered: dict[str, list[str]] = defaultdict(list)
    for doc_id in documents:
        numbered[doc_id.split("_", 1)[0]].append(doc_id)
    out: set[str] = set()
    for name in named:
        found = [name] if name in documents else numbered.get(name, [])
        if len(found) != 1:
            raise SzkgError(f"unseen document {name!r}: " + ("no such document" if not found else
                            f"the number of {len(found)} documents, name one by id") + f" in {where}")
        if split_of(found[0]) != "tune":
            raise SzkgError(f"unseen document {name!r}: {found[0]} of {where} is in the {split_of(found[0])} split; "
                            "only tune documents can be named unseen (test documents always are)")
        out.add(found[0])
    if from_number is not None:
        out |= {d for d in documents if split_of(d) == "tune" and d.split("_", 1)[0].isdigit()
                and int(d.split("_", 1)[0]) >= from_number}
    return out


def evaluate(sources: Path, ontology_dir: Path, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
             documents: list[str] | None = None, splits: tuple[str, ...] = SPLITS,
             model: bool = True, calibrated: bool = True, learned: bool = True,
             unseen: Collection[str] = (), unseen_from: int | None = None,
             collect: Callable[[DocumentResult, Extraction, list], None] | None = None) -> Evaluation:
    """Every document with curated statements (or only ``documents``), in its group of
    ``splits``: leave-one-document-out for ``seed`` and ``tune``, ``seed`` + ``tune`` knowledge
    for ``test``.  ``model=False`` runs the rule-only extractor (for comparison), ``learned=False``
    the rules without the learned pair model; ``collect`` is given each document's result, extraction
    and the pairs of names its sentences held (``learn``).

    ``unseen`` names ``tune`` documents that nothing was written or fitted from yet (a batch just
    curated): they form their own group, scored as ``test`` is — a gazetteer of the *other* seed and
    tune documents (none of the group), the learned pairs on — so a batch can be measured before
    rules are written from it and before ``--learn`` / ``--calibrate`` see it (docs/evaluation.md)."""
    began = time.perf_counter()
    ontology = load_ontology(str(Path(ontology_dir) / "szkg.ttl"))
    corpus = load_corpus(Path(sources), ontology)
    unseen = unseen_documents(corpus.documents, unseen, unseen_from, Path(sources) / "documents.yaml")
    used, mentioned = facts_entities(corpus), mentions(corpus, english=True)
    written = written_in(corpus)
    resolver = Resolver(corpus)
    symmetric = {name for name, prop in ontology.relations.items() if prop.symmetric}
    with_facts = {st.evidence.document for st in corpus.statements}
    known = {d for d in corpus.documents if split_of(d) != "test" and d not in unseen}
    labels = {e.id: e.label for e in corpus.entities.values()}
    result = Evaluation(min_confidence=min_confidence, model=model, learned=learned)
    if unseen:
        splits = (*splits, UNSEEN)
    for split in splits:
        result.splits[split] = EvalReport(min_confidence=min_confidence, labels=labels, split=split)
    for doc_id in sorted(corpus.documents):
        split = UNSEEN if doc_id in unseen else split_of(doc_id)
        if (documents is not None and doc_id not in documents) or split not in splits:
            continue
        if doc_id not in with_facts:
            result.skipped.append(doc_id)
            continue
        names = known_elsewhere(corpus, doc_id, used, mentioned, known, written=written)
        gazetteer = build_gazetteer((corpus.entities[i] for i in names), names)
        document = corpus.documents[doc_id]
        started = time.perf_counter()
        extractor = Extractor(gazetteer, ontology, reserved_ids=set(names), model=model, calibrated=calibrated,
                              learned=learned and split in ("test", UNSEEN))  # fitted on seed + tune: no measure there
        seen: list = []
        if collect is not None:
            extractor.rules.observe = lambda pairs, keys: seen.append((pairs, keys))
        extraction = extractor.extract(
            document.text, doc_id, script=document.script)
        one = compare(corpus, doc_id, extraction, used, mentioned, resolver, symmetric, min_confidence)
        if collect is not None:
            collect(one, extraction, seen)
        one.seconds, one.split, one.script = time.perf_counter() - started, split, document.script
        report = result.splits[split]
        report.characters += len(document.text)
        report.documents.append(one)
        _tally(report, one)
    for report in result.splits.values():
        report.seconds = sum(r.seconds for r in report.documents)
    result.seconds = time.perf_counter() - began
    return result


#: Weight of a rule's own confidence in its calibrated one, in candidates (a prior of K pseudo-counts).
PRIOR_WEIGHT = 4
#: A rule's calibrated confidence is this quantile of its precision's posterior: nine chances in ten
#: that the rule is at least this precise (not the posterior mean, which trusts a rule seen 7 of 7 at 0.82).
LOWER_QUANTILE = 0.1
#: The groups calibration is measured on: never ``test``.
CALIBRATION_SPLITS = ("seed", "tune")


def rule_confidence(correct: int, candidates: int, own: float,
                    per_document: Sequence[tuple[int, int]] | None = None) -> float:
    """The precision a rule can be trusted to reach: the LOWER_QUANTILE of the Beta posterior of its
    precision after ``correct`` of ``candidates``, from a prior of PRIOR_WEIGHT candidates at its own
    confidence ``own`` (Beta(K·own, K·(1 − own))).  A rule measured on few candidates, or on the very
    documents it was written from, is trusted less than its hit rate; many hits bring it close to it.

    ``per_document`` — (candidates, correct) in each document the rule fired in — discounts the counts
    by the rule's design effect (``design_effect``): one article's pairs are not independent draws
    (a rule that is wrong in an article tends to be wrong there several times), so 39 of 44 spread over
    many articles is better evidence than 39 of 44 from four."""
    from scipy.stats import beta  # numpy/scipy load only when calibrating

    own = min(max(own, 0.01), 0.99)
    deff = design_effect(per_document) if per_document else 1.0
    a = correct / deff + PRIOR_WEIGHT * own
    b = (candidates - correct) / deff + PRIOR_WEIGHT * (1 - own)
    return float(beta.ppf(LOWER_QUANTILE, a, b))


def design_effect(per_document: Sequence[tuple[int, int]]) -> float:
    """How much less a rule's hits say than as many independent ones: the variance of its precision
    with documents as the unit drawn (the linearised variance of the ratio Σ correct / Σ candidates
    over documents, Cochran's cluster estimator) over the binomial variance p(1 − p)/n; never below 1.
    One document is one draw: all of a rule's candidates in one article weigh as one candidate
    (when it was neither always right nor always wrong there).  The analytic form of a
    document-level bootstrap, without its random numbers (calibration.yaml stays byte-identical)."""
    n = sum(candidates for candidates, _ in per_document)
    correct = sum(right for _, right in per_document)
    if n == 0 or correct in (0, n):
        return 1.0
    p = correct / n
    k = len(per_document)
    if k < 2:
        return float(n)
    clustered = k / (k - 1) * sum((right - p * candidates) ** 2 for candidates, right in per_document) / n ** 2
    return max(1.0, clustered / (p * (1 - p) / n))


def calibrate(sources: Path, ontology_dir: Path, documents: Collection[str] | None = None) -> dict:
    """Each rule's trusted precision on the ``seed`` and ``tune`` documents (``rule_confidence``, its
    counts discounted by how they cluster in documents), or on those of them in ``documents``: what
    calibration.yaml holds."""
    evaluation = evaluate(sources, ontology_dir, splits=CALIBRATION_SPLITS, calibrated=False, min_confidence=0.0,
                          documents=None if documents is None else list(documents))
    # (kind, rule) → document → [candidates, correct, sum of the rule's own confidences]
    per_document: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    for report in evaluation.splits.values():
        for result in report.documents:
            for kind, rule, confidence, correct in result.by_rule:
                here = per_document[(kind, rule)].setdefault(result.document, [0, 0, 0.0])
                here[0], here[1], here[2] = here[0] + 1, here[1] + int(correct), here[2] + confidence
    out: dict[str, dict] = {"relations": {}, "entities": {}}
    for (kind, rule), by_document in sorted(per_document.items()):
        if rule == LEARNED_RULE:  # fitted on these very documents: its confidence is measured held out (learn)
            continue
        docs = [(n, right) for n, right, _ in (by_document[d] for d in sorted(by_document))]
        n, correct = sum(c for c, _ in docs), sum(r for _, r in docs)
        own = sum(row[2] for row in by_document.values()) / n
        out[kind][rule] = {"candidates": n, "correct": correct, "documents": len(docs), "own": round(own, 3),
                           "confidence": round(rule_confidence(correct, n, own, docs), 3)}
    return {"documents": sum(len(r.documents) for r in evaluation.splits.values()), **out}


def learn(sources: Path, ontology_dir: Path) -> PairModel:
    """Fit the learned pair model (``graph.extract.learned``) on the ``seed`` and ``tune``
    documents: every pair of names of a sentence that the ontology allows a predicate between,
    labelled by whether it is a curated fact of the document; the rules' own proposals are
    instances like the others (no rule is a feature), but the held-out precision of each
    probability band — the confidence of what the model adds — is measured on the pairs of names
    the rules left unrelated (by any predicate), which are the only ones it adds."""
    rows: list[tuple[str, dict[str, float], bool, bool]] = []
    ontology = load_ontology(str(Path(ontology_dir) / "szkg.ttl"))
    symmetric = {name for name, prop in ontology.relations.items() if prop.symmetric}

    def collect(result: DocumentResult, extraction: Extraction, seen: list) -> None:
        def gold_id(entry) -> str | None:
            found = entry.entity if entry.known else extraction.ids.get((entry.type, entry.label))
            return result.resolved[found][1] if found in result.resolved else None

        for pairs, ruled in seen:
            related = {frozenset((s, o)) for s, _p, o in ruled}
            for pair in pairs:
                s, o = gold_id(pair.subject.entry), gold_id(pair.object.entry)
                if s is None or o is None:
                    continue
                key = (min(s, o), pair.predicate, max(s, o)) if pair.predicate in symmetric else (s, pair.predicate, o)
                by_rules = frozenset((pair.subject.entry.entity, pair.object.entry.entity)) in related
                rows.append((result.document, pair.features, key in result.gold_relations, by_rules))

    evaluate(sources, ontology_dir, splits=CALIBRATION_SPLITS, learned=False, min_confidence=0.0, collect=collect)
    return fit(rows)


def calibration_text(table: dict) -> str:
    """calibration.yaml: a header saying where the numbers come from, then one line per rule."""
    lines = ["# Measured precision of each extraction rule (written by `szkg eval --calibrate FILE`; do not edit).",
             f"# Measured on the seed and tune documents only ({table['documents']} documents; never the test split,",
             "# docs/evaluation.md). confidence: the precision the rule reaches with nine chances in ten "
             f"(the {LOWER_QUANTILE:g} quantile",
             f"# of Beta(correct + {PRIOR_WEIGHT}·own, candidates − correct + {PRIOR_WEIGHT}·(1 − own)): "
             f"its own confidence weighs as {PRIOR_WEIGHT} candidates), correct and candidates first divided by the rule's",
             "# design effect: how much more its hits and misses bunch in a few documents than independent draws would.",
             "# The extractor gives each candidate statement and proposed entity its rule's confidence here."]
    for kind in ("relations", "entities"):
        lines.append(f"{kind}:")
        for rule, row in table[kind].items():
            lines.append(f"  {_yaml_key(rule)}: {{candidates: {row['candidates']}, correct: {row['correct']}, "
                         f"documents: {row['documents']}, own: {row['own']}, confidence: {row['confidence']}}}")
    return "\n".join(lines) + "\n"


def _yaml_key(rule: str) -> str:
    return f'"{rule}"' if ":" in rule or " " in rule else rule


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
    by_script = report.scripts.setdefault(result.script, {"entities": Score(), "relations": Score()})
    for kind, gold, found in (("entities", result.gold_entities, result.found_entities),
                              ("relations", result.gold_relations, result.found_relations)):
        by_script[kind].add(Score(len(gold & found), len(found - gold), len(gold - found)))
    report.entities = _total(report.entity_types)
    report.relations = _total(report.predicates)


def _total(scores: dict[str, Score]) -> Score:
    total = Score()
    for score in scores.values():
        total.add(score)
    return total


def split_json(report: EvalReport) -> dict:
    """One group's report as plain data; a ``test`` group lists its documents, never their errors."""
    def name(ent: str) -> str:
        return ent[4:] if ent.startswith("new:") else report.labels.get(ent, ent)

    data = {
        "documents": len(report.documents),
        "characters": report.characters,
        "entities": report.entities.as_dict(),
        "relations": report.relations.as_dict(),
        "entity_types": {k: v.as_dict() for k, v in sorted(report.entity_types.items())},
        "predicates": {k: v.as_dict() for k, v in sorted(report.predicates.items())},
        "scripts": {script: {kind: score.as_dict() for kind, score in kinds.items()}
                    for script, kinds in sorted(report.scripts.items())},
        "calibration": report.calibration(),
        "rules": {k: {"true": v.tp, "false": v.fp} for k, v in sorted(report.rules.items())},
        "seconds": round(report.seconds, 3),
    }
    if report.split == "test":
        data["errors"] = [{"document": r.document} for r in report.documents]
    else:
        data["errors"] = [{
            "document": r.document,
            "entity_misses": sorted(f"{t} {name(e)}" for t, e in r.entity_misses),
            "entity_false_hits": sorted(f"{t} {name(e)}" for t, e in r.entity_false_hits),
            "relation_misses": sorted(f"{name(s)} {p} {name(o)}" for s, p, o in r.relation_misses),
            "relation_false_hits": sorted(f"{name(s)} {p} {name(o)}" for s, p, o in r.relation_false_hits),
        } for r in report.documents]
    return data


def report_json(evaluation: Evaluation) -> dict:
    """The evaluation as plain data (for --format json and for CI logs)."""
    return {
        "min_confidence": evaluation.min_confidence,
        "model": evaluation.model,
        "learned": evaluation.learned,
        "split_rule": "docs/evaluation.md",
        "splits": {split: split_json(report) for split, report in evaluation.splits.items()},
        "skipped": evaluation.skipped,
        "seconds": round(evaluation.seconds, 3),
    }


_HOW = {"seed": "leave-one-document-out", "tune": "leave-one-document-out",
        "test": "frozen split, gazetteer from seed + tune",
        UNSEEN: "tune documents named unseen, gazetteer from the other seed + tune"}


def print_report(evaluation: Evaluation, out, *, errors: bool = True) -> None:
    """Per group: each document's errors (not for ``test``), tables per entity type and per
    predicate, per script and the calibration; then one summary line per group (rich)."""
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

    def calibration(report: EvalReport) -> Table:
        cal = report.calibration()
        t = Table(title=f"{report.split}: precision of candidate statements by confidence")
        for col in ("confidence", "candidates", "correct", "precision", "≥ from: precision"):
            t.add_column(col, justify="right")
        for band in cal["bands"]:
            above = cal["at_least"][f"{band['from']:.1f}"]
            t.add_row(f"{band['from']:.1f}–{band['to']:.1f}", str(band["candidates"]), str(band["correct"]),
                      "–" if band["precision"] is None else f"{band['precision']:.2f}",
                      "–" if above["precision"] is None else f"{above['precision']:.2f} ({above['candidates']})")
        return t

    summary = []
    for split, report in evaluation.splits.items():
        if not report.documents:
            continue
        data = split_json(report)
        out.print(f"\n[bold]── {split}: {len(report.documents)} documents, {_HOW[split]} ──[/bold]")
        if errors and split != "test":
            for doc in data["errors"]:
                out.print(f"[bold]{doc['document']}[/bold]")
                for key, what in (("entity_misses", "missed entities"), ("entity_false_hits", "false entities"),
                                  ("relation_misses", "missed relations"),
                                  ("relation_false_hits", "false relations")):
                    if doc[key]:
                        out.print(f"  {what} ({len(doc[key])}): " + "; ".join(doc[key]), markup=False)
        out.print(table(f"{split}: entities per type", "type", report.entity_types, report.entities))
        out.print(table(f"{split}: relations per predicate", "predicate", report.predicates, report.relations))
        out.print(calibration(report))
        scripts = "; ".join(f"{script} entity F1 {kinds['entities'].f1:.3f}, relation F1 {kinds['relations'].f1:.3f}"
                            for script, kinds in sorted(report.scripts.items()))
        summary.append(f"{split:<5} {len(report.documents):>2} documents ({report.characters} characters), "
                       f"{_HOW[split]}: entity F1 {report.entities.f1:.3f} (P {report.entities.precision:.3f}, "
                       f"R {report.entities.recall:.3f}); relation F1 {report.relations.f1:.3f} "
                       f"(P {report.relations.precision:.3f}, R {report.relations.recall:.3f}); by script: {scripts}")
    skipped = f"; {len(evaluation.skipped)} documents without curated statements skipped" if evaluation.skipped else ""
    out.print(f"\nszkg eval: min confidence {evaluation.min_confidence}, "
              f"{'LAC model + gazetteer + patterns' if evaluation.model else 'rule-only (no model)'}"
              f"{' + learned pairs on test and unseen (fitted on seed + tune, so not run there)' if evaluation.learned else ''}"
              f"{skipped}; "
              f"{evaluation.seconds:.1f} s; split rule: docs/evaluation.md")
    for line in summary:
        out.print(line, markup=False)
