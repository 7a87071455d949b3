"""A learned relation finder: a logistic regression over the pairs of names of one sentence.

The trigger and structural rules of ``relations.py`` were written by reading articles; on articles
nobody read they find about a third of what they find on their own (docs/evaluation.md).  This
model learns from the curated facts themselves which pairs of names of a sentence are related, by
which predicate: features are the predicate, the two types and their order, the characters (Chinese)
or words (English) between and around the names, how many names stand between them, whether each is
the other's nearest name of its type, and the known entity at each end.  No rule's output is a
feature, so the model is a second, independent opinion; it only *adds* statements between two names
the rules left unrelated (``RelationRules.relate``): where a rule chose the predicate of a pair
(a vice-president worksFor the firm), the model does not add another (leads); and of the
statements it could make about one pair (A locatedIn B, B locatedIn A) it makes the likeliest only.

``szkg eval --learn FILE`` fits it on the seed and tune documents (never the test split) with
scikit-learn and writes ``lexicons/pairs.json``; the extractor needs only that file (a dot product,
no scikit-learn).  Each statement it proposes gets, as its confidence, the precision its probability
band reached on documents held out of the fit (five folds by document): the calibration of this
rule is measured there, never on the documents it was fitted on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from graph.extract.gazetteer import Match

#: The predicates the model proposes: the ones a sentence states between two of its names.
PREDICATES = ("locatedIn", "operatesIn", "hostsIndustry", "subIndustryOf", "produces", "subsidiaryOf",
              "worksFor", "leads", "foundedBy", "supplies", "partnersWith", "investsIn", "targets",
              "issuedBy", "supports")
#: The rule name of its statements (review files, ``szkg eval``'s per-rule figures).
RULE = "learned-pair"
#: Lower edges of the probability bands whose held-out precision is a statement's confidence.
BANDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
#: Inverse regularisation strength of the logistic regression (chosen on the twelve tune articles added
#: on 2026-12-06, fitted without them: 0.3, 1 and 3 gave relation F1 0.323, 0.323, 0.332 there, and 0.3
#: the most precise additions, 0.39 against 0.30 and 0.28).
C = 0.3
#: A gap longer than this is represented by its two ends only.
_GAP = 24
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-z]+|[^\sa-z]")


def _tokens(text: str) -> set[str]:
    """Characters and character pairs of Chinese text; words and signs of Latin text."""
    if _HAN.search(text):
        return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}
    return set(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Pair:
    """One (subject, predicate, object) a sentence could state, with its features."""

    subject: Match
    predicate: str
    object: Match
    features: dict[str, float]


def sentence_pairs(norm: str, a: int, b: int, names: list[Match], domains: dict[str, tuple[frozenset, frozenset]],
                   symmetric: frozenset[str] = frozenset()) -> Iterator[Pair]:
    """Every ordered pair of two different names of the sentence [a, b) of ``norm`` and every
    predicate of ``domains`` (predicate → (subject types, object types)) the two types allow."""
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            if first.entry.entity == second.entry.entity:
                continue
            gap = norm[first.end:second.start]
            shared = _shared(norm, a, b, names, first, second, gap)
            for subj, obj, forward in ((first, second, True), (second, first, False)):
                for predicate, (dom, rng) in domains.items():
                    if subj.entry.type not in dom or obj.entry.type not in rng or (predicate in symmetric and not forward):
                        continue
                    yield Pair(subj, predicate, obj, _features(shared, names, subj, obj, predicate, forward))


def _shared(norm: str, a: int, b: int, names: list[Match], first: Match, second: Match, gap: str) -> dict:
    between = [m for m in names if m.start >= first.end and m.end <= second.start]
    short = gap if len(gap) <= _GAP else gap[:_GAP // 2] + " " + gap[-_GAP // 2:]
    return {"between": between, "gap": len(gap), "gap_tokens": _tokens(short),
            "left": _tokens(norm[max(a, first.start - 4):first.start]),
            "right": _tokens(norm[second.end:min(b, second.end + 4)]), "punct": any(c in gap for c in ",;:")}


def _nearest(names: list[Match], of: Match, other: Match) -> bool:
    """``other`` is the name of its type nearest to ``of`` (by start)."""
    distances = [abs(m.start - of.start) for m in names if m.entry.type == other.entry.type and m is not of]
    return bool(distances) and abs(other.start - of.start) == min(distances)


def _features(shared: dict, names: list[Match], subj: Match, obj: Match, p: str, forward: bool) -> dict[str, float]:
    between = shared["between"]
    same = sum(1 for m in between if m.entry.type in (subj.entry.type, obj.entry.type))
    f = {"p=" + p: 1.0, f"tt={p}:{subj.entry.type}>{obj.entry.type}:{forward}": 1.0,
         f"between={p}:{min(len(between), 3)}": 1.0, f"gl={p}:{min(shared['gap'] // 4, 8)}": 1.0,
         f"samebetween:{p}:{min(same, 3)}": 1.0}
    for kind in ("gap_tokens", "left", "right"):
        tag = {"gap_tokens": "g", "left": "l", "right": "r"}[kind]
        for t in shared[kind]:
            f[f"{tag}:{p}:{t}"] = 1.0
    if shared["punct"]:
        f["punct=" + p] = 1.0
    if _nearest(names, subj, obj):
        f[f"nearest_o:{p}"] = 1.0
    if _nearest(names, obj, subj):
        f[f"nearest_s:{p}"] = 1.0
    for end, m in (("sid", subj), ("oid", obj)):
        if m.entry.known:
            f[f"{end}:{p}:{m.entry.entity}"] = 1.0
    return f


@dataclass
class PairModel:
    """The fitted model (``lexicons/pairs.json``): weights, bias, and the held-out precision per band."""

    weights: dict[str, float]
    bias: float
    #: (lower edge of a probability band, precision of the band's statements on held-out documents)
    bands: list[tuple[float, float]] = field(default_factory=list)

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def confidence(self, probability: float) -> float | None:
        """The held-out precision of the band ``probability`` falls in; None below the lowest band."""
        found = None
        for low, precision in self.bands:
            if probability >= low:
                found = precision
        return found

    def to_text(self) -> str:
        """pairs.json: JSON with one weight per line (sorted, rounded to 4 decimals; zeros left out), so a
        refit shows as a readable diff."""
        weights = [(k, round(w, 4)) for k, w in sorted(self.weights.items())]
        lines = [f"{json.dumps(k, ensure_ascii=False)}: {w}" for k, w in weights if w != 0]
        head = {"rule": RULE, "bias": round(self.bias, 4), "bands": [[low, round(p, 3)] for low, p in self.bands]}
        return (json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n")

    @classmethod
    def from_json(cls, data: dict) -> PairModel:
        return cls({k: float(w) for k, w in data["weights"].items()}, float(data["bias"]),
                   [(float(low), float(p)) for low, p in data["bands"]])


@lru_cache(maxsize=1)
def load_model() -> PairModel | None:
    """The model shipped in graph/extract/lexicons/pairs.json, or None when there is none."""
    path = resources.files("graph.extract").joinpath("lexicons", "pairs.json")
    if not path.is_file():
        return None
    return PairModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def fit(instances: Iterable[tuple[str, dict[str, float], bool, bool]], folds: int = 5, c: float = C) -> PairModel:
    """Fit on (document, features, is a curated fact, the rules proposed it) instances.  Each band's
    precision is measured on ``folds`` folds by document — every document's pairs predicted by a model
    fitted without it — and only on the pairs the rules did not propose: the model adds only those."""
    from sklearn.feature_extraction import DictVectorizer  # only to fit: the extractor needs pairs.json
    from sklearn.linear_model import LogisticRegression

    rows = list(instances)
    documents = sorted({r[0] for r in rows})
    fold = {d: i % folds for i, d in enumerate(documents)}

    def model(train: list) -> tuple:
        vec = DictVectorizer(sort=True)
        x = vec.fit_transform([r[1] for r in train])
        return vec, LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(x, [r[2] for r in train])

    held: list[tuple[float, bool]] = []
    for k in range(folds):
        train = [r for r in rows if fold[r[0]] != k]
        test = [r for r in rows if fold[r[0]] == k and not r[3]]
        if not test or len({r[2] for r in train}) < 2:
            continue
        vec, lr = model(train)
        held.extend(zip(lr.predict_proba(vec.transform([r[1] for r in test]))[:, 1], (r[2] for r in test)))
    counts = []  # per band: [lower edge, facts, pairs]
    for i, low in enumerate(BANDS):
        high = BANDS[i + 1] if i + 1 < len(BANDS) else 1.01
        inside = [y for p, y in held if low <= p < high]
        if inside:
            counts.append([low, sum(inside), len(inside)])
    vec, lr = model(rows)
    weights = dict(zip(vec.get_feature_names_out(), lr.coef_[0]))
    return PairModel({str(k): float(w) for k, w in weights.items()}, float(lr.intercept_[0]), monotone(counts))


def monotone(counts: list[list]) -> list[tuple[float, float]]:
    """Band precisions made non-decreasing by pooling adjacent bands that violate the order (the
    pool-adjacent-violators fit of isotonic regression): a likelier pair is never trusted less,
    and a band of few pairs borrows from its neighbour."""
    pools: list[list] = []  # [first lower edge, facts, pairs, lower edges]
    for low, facts, pairs in counts:
        pools.append([facts, pairs, [low]])
        while len(pools) > 1 and pools[-2][0] / pools[-2][1] > pools[-1][0] / pools[-1][1]:
            facts2, pairs2, lows2 = pools.pop()
            pools[-1][0] += facts2
            pools[-1][1] += pairs2
            pools[-1][2] += lows2
    return [(low, facts / pairs) for facts, pairs, lows in pools for low in lows]
