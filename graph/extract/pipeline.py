"""Extract entities and candidate statements from one clean text.

The text is read one block at a time — a paragraph, or for a very long paragraph a slice
of whole sentences (``SLICE``) — and normalised (OpenCC t2s) a window at a time
(``WINDOW``).  For each block:

1. *discover*: the patterns find names the gazetteer does not know; each is added to a
   document-local gazetteer, so a person found after 董事长 is also found wherever the
   article names them again;
2. *relate*: every known, lexicon and discovered name of the block is matched and,
   sentence by sentence, the relation rules propose statements, each with the sentence
   (or, for the paragraph-level rule, the sentences) as its verbatim quote.

A block that names something the patterns only discovered further on is related again
at the end.  What is kept per block is its normalised text, its gazetteer matches and
its proposals, so memory grows linearly with the article and nothing is quadratic in it.

Offsets are in the clean text: a normalised block has the same length as the original,
so ``text[start:end]`` is always the name or the quote as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from graph.extract.gazetteer import (
    Entry,
    Gazetteer,
    Lexicons,
    Match,
    load_lexicons,
    normalise,
    outermost,
    slug,
)
from graph.extract.cues import debris
from graph.extract.english import ENGLISH_STAGES
from graph.extract.learned import load_model as load_pair_model
from graph.extract.model import CONFIDENCE, model_names
from graph.extract.patterns import STAGES, Cues, Found, Paragraph, listed_firms
from graph.extract.relations import Related, RelationRules, Sentence, among_them, national_rank
from graph.text import sentences, to_simplified
from graph.vocab import Ontology

EXTRACTOR_VERSION = "szkg-extract/0.1"
#: A paragraph longer than this is processed in slices of whole sentences.
SLICE = 4000
#: Characters normalised (OpenCC) in one call.
WINDOW = 65536
_QUOTE_CHARS = "“”‘’\"'「」『』《》"
#: A place in brackets right after a firm's name: 蓝湾精密电子(郑州)
_SEAT = re.compile(r"[(（]([^()（）\s]{2,4})[)）]")
_PAREN_ALIAS = re.compile(r"[(（]([A-Za-z][A-Za-z0-9 .'\-]{1,30})[)）]")
#: X(以下简称"Y") / X(下称《Y》) / X(简称Y) / X (hereinafter "Y"): Y is a short name of X (searched in the
#: normalised block: ASCII brackets and commas)
_ABBREVIATION = re.compile(r"(?P<open>\(\s*)(?:以下简称|以下称|以下称为|下称|简称|hereinafter(?: referred to as| called)?)"
                           r"[:为]?\s*[“\"「『《]?(?P<short>[^“”\"「」『』《》(),、:]{2,24}?)[”\"」』》]?\s*[),]")


@dataclass
class _BlockResult:
    """One block's names to note and relations, kept until every block is done."""

    notes: list[Match]
    nested: dict[Entry, Match] = field(default_factory=dict)
    relations: list[tuple[Related, int, int]] = field(default_factory=list)
    #: the names of the block's last sentence: what a mention opening the next paragraph may stand for
    last: list[Match] = field(default_factory=list)
    #: the kinds of which an unnamed thing («a new battery company») stands after the last name in that sentence
    last_unnamed: frozenset[str] = frozenset()


def _start(m: Match) -> int:
    return m.start


@dataclass
class Proposal:
    """A new entity the extractor proposes, with the first place the text names it."""

    id: str
    type: str
    label: str  #: simplified label
    aliases: list[str]  #: other names as written
    quote: str  #: the sentence that first names it
    start: int  #: offset of the quote in the clean text
    confidence: float
    rule: str
    en: str = ""
    #: True when no candidate statement has it as an end: such a proposal is calibrated apart («RULE alone»),
    #: as the curated facts name fewer of them (a place or body written in passing, a word read as a trade)
    alone: bool = False

    @property
    def calibration_key(self) -> str:
        return f"{self.rule} alone" if self.alone else self.rule


@dataclass(frozen=True)
class Candidate:
    """A proposed statement: subject, predicate, object and the sentence that says it."""

    subject: str
    predicate: str
    object: str
    quote: str
    start: int
    confidence: float
    rule: str


@dataclass
class Extraction:
    """What the extractor found in one document."""

    document: str
    text_length: int
    known: dict[str, int] = field(default_factory=dict)  #: known entity id → mentions
    proposals: dict[str, Proposal] = field(default_factory=dict)  #: proposed id → proposal
    candidates: list[Candidate] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  #: every entity id found → its type
    names: dict[str, set[str]] = field(default_factory=dict)  #: every entity id found → names as written
    ids: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)  #: (type, label) → proposed id


def blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, block) over the text: lines, long lines cut after whole sentences."""
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line_start = pos
        while end - line_start > SLICE:
            cut = max((b for _a, b in sentences(text[line_start:line_start + SLICE])), default=0)
            cut = cut if cut > 0 and cut < SLICE else SLICE
            yield line_start, text[line_start:line_start + cut]
            line_start += cut
        if end > line_start:
            yield line_start, text[line_start:end]
        pos = end + 1


def normalised_blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, block, normalised block), converting about WINDOW characters at a time (one
    OpenCC call per window instead of one per line)."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", min(pos + WINDOW, len(text)))
        end = len(text) if end < 0 else end + 1
        window = text[pos:end]
        norm = normalise(window)
        for offset, block in blocks(window):
            yield pos + offset, block, norm[offset:offset + len(block)]
        pos = end


class Extractor:
    """Holds the compiled rules and the gazetteer; ``extract`` runs both passes on a text."""

    def __init__(self, gazetteer: Gazetteer, ontology: Ontology, *, lexicons: Lexicons | None = None,
                 reserved_ids: set[str] | None = None, model: bool = True, calibrated: bool = True,
                 learned: bool = True):
        self.lexicons = lexicons or load_lexicons()
        #: rule → measured confidence (calibration.yaml); off to measure the rules' raw confidences
        self.calibration = ({kind: {rule: row["confidence"] for rule, row in rows.items()}
                             for kind, rows in self.lexicons.calibration.items()} if calibrated else {})
        #: the name-finding stages: the patterns, then (unless ``model`` is off) the trained model
        self.stages = STAGES + ((model_names, listed_firms) if model else ())  # a list the model's firms are in: after it
        self.english = ENGLISH_STAGES
        self.cues = Cues(self.lexicons.cues)
        self.gazetteer = gazetteer
        self.rules = RelationRules(ontology, self.lexicons.relations, self.cues.roles)
        if learned:  # the learned pair model (lexicons/pairs.json, ``szkg eval --learn``), when there is one
            self.rules.learned = load_pair_model()
        self.reserved = set(reserved_ids or ())
        #: «Chinese» → the entry of China: an English adjective of a country (places.yaml ``demonyms``)
        demonyms = {d: row["label"] for row in self.lexicons.places for d in row.get("demonyms", [])}
        self.demonyms = {d.lower(): e for d, label in demonyms.items() if (e := gazetteer.lookup(label)) is not None}
        self._demonym = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, demonyms), key=len, reverse=True))
                                   + r")\b") if demonyms else None

    # ---------------------------------------------------------------- pass 1

    def _matches(self, norm: str) -> list[Match]:
        """The gazetteer's names in a block; a lexicon name inside a longer common word (养老 in
        养老院, 通信 in 通信协议) is not a mention."""
        found = []
        for m in self.gazetteer.find(norm):
            if m.entry.source == "lexicon:industries" and (
                    _embedded(norm[max(0, m.start - 1):m.end], self.gazetteer)
                    or _embedded(norm[m.start:m.end + 1], self.gazetteer)
                    or _embedded(norm[m.start:m.end + 2], self.gazetteer)):
                continue
            found.append(m)
        return found

    def _discover(self, block: str, norm: str, base: list[Match], local: Gazetteer,
                  when: dict[str, int], index: int, stages: tuple, whole: str = "") -> list[Match]:
        """Add the names the patterns find in one block to the document's gazetteer; return
        the block's matches with them."""
        matches = base + local.find(norm)
        junk = debris(norm)
        orgs = when.setdefault(_ORGS_SEEN, {})  # type: ignore[arg-type]
        for stage in stages:
            orgs.update((norm[m.start:m.end], m.entry) for m in matches if m.entry.type == "Organization")
            size = len(local.entries)
            found = stage(Paragraph(norm, block, matches, whole), self.cues)
            if junk is not None:  # a byline, credit or dateline names no entity of the story
                found = [f for f in found if not junk[0] <= f.start < junk[1]]
            seated: list[Found] = []
            for f in sorted(found, key=lambda f: (f.start, f.start - f.end)):
                if any(s.start <= f.start and f.end <= s.end for s in seated):
                    continue  # 蓝湾精密 of 蓝湾精密电子(太原): the unit's name is registered whole
                g = self._with_seat(f, norm)
                if g is not f:
                    seated.append(g)
                self._register(g, block, local, when, index)
            if len(local.entries) != size:
                matches = base + local.find(norm)
        for m in _PAREN_ALIAS.finditer(block):  # 影石(Insta360): the Latin name is an alias
            before = [x for x in matches if x.end == m.start()]
            if before and not self.gazetteer.lookup(m.group(1)) and not local.lookup(m.group(1)):
                local.add(m.group(1), max(before, key=lambda x: x.end - x.start).entry)
                when[normalise(m.group(1))] = index
                matches = base + local.find(norm)
        return self._abbreviations(norm, base, matches, local, when, index)

    def _with_seat(self, f: Found, norm: str) -> Found:
        """A firm's name with the place of its seat in brackets after it is the registered name of one unit
        (蓝湾精密电子(郑州), 蓝康药业（香港）: the 郑州 and 太原 units are two firms; the place is part of the
        name, no mention of its own, annotation section 4); any other bracket stays outside the name."""
        m = _SEAT.match(norm, f.end)
        if f.type != "Firm" or m is None or self.cues.firm_suffix.match(norm, m.end()) \
                or norm.startswith(("技术", "有限"), m.end()):
            return f  # 睿思芯科(深圳)技术有限公司: the registered name goes on, 睿思芯科 is the firm's name
        place = self.gazetteer.lookup(m.group(1))
        if place is None or place.type != "Place":
            return f
        return replace(f, end=m.end(), names=(f.names[0] + norm[f.end:m.end()],))

    def _abbreviations(self, norm: str, base: list[Match], matches: list[Match], local: Gazetteer,
                       when: dict[str, int], index: int) -> list[Match]:
        """X(以下简称"Y"): Y names X wherever the article writes it, not a new entity of its own
        (a name the patterns proposed for Y alone is replaced; a known entity's name is kept)."""
        added = False
        for m in _ABBREVIATION.finditer(norm):
            short = m.group("short").strip()
            end = m.start()
            while end > 0 and norm[end - 1] in "》”\"」』 ":
                end -= 1
            before = [x for x in outermost(matches) if x.end == end]
            if not before or self.gazetteer.lookup(short) is not None:
                continue
            entry = before[0].entry
            old = local.lookup(short)
            if old is entry or (old is not None and old.known) or normalise(short) == norm[before[0].start:end]:
                continue
            local.add(short, entry, replace=True)
            when[normalise(short)] = index
            added = True
        return base + local.find(norm) if added else matches

    def _register(self, f: Found, block: str, local: Gazetteer, when: dict[str, int], index: int) -> None:
        for name in f.names:
            known = self.gazetteer.lookup(name)
            if known is not None and (known.known or known.type == f.type):
                return
        key = normalise(f.names[0])
        if key in local.entries:
            return
        seen = {**when.get(_ORGS_SEEN, {}),  # type: ignore[dict-item]
                **{k: e for k, e in local.entries.items() if e.type == "Organization"}}
        fuller = _fuller_body(f, key, seen, self.gazetteer) or _same_firm(f, key, local, self.cues)
        if fuller is not None:
            local.add(key, fuller)  # 市工业和信息化局 after 深圳市工业和信息化局: the same bureau
            when.setdefault(key, index)
            return
        entry = Entry(f"?{f.type}:{key}", f.type, _label(f, block), False, f.rule)
        for name in f.names:
            local.add(name, entry)
            when.setdefault(normalise(name), index)

    # ---------------------------------------------------------------- relate

    def extract(self, text: str, document: str = "", script: str = "") -> Extraction:
        """Discover and relate block by block; redo the few blocks that name something the
        patterns only found further on.  ``script`` ``en`` takes the English path (English
        name patterns instead of the Chinese ones and the model); anything else the Chinese one."""
        stages = self.english if script == "en" else self.stages
        local, when = Gazetteer(), {}
        done: list[tuple[int, str, list[Match], _BlockResult]] = []
        #: per block: the names of the sentence before it and the document's focus place so far
        contexts: list[tuple[list[Match], Entry | None]] = []
        places: dict[Entry, int] = {}  #: place → times named so far (dicts keep the first-named first)
        blocks = list(normalised_blocks(text))
        whole = "\n".join(norm for _offset, _block, norm in blocks)  # what the model's names are checked against
        for index, (offset, block, norm) in enumerate(blocks):
            base = self._matches(norm)
            if script == "en":
                base = [m for m in base if not _generic_english(norm, m)]
            matches = self._discover(block, norm, base, local, when, index, stages, whole)
            focus = max(places, key=places.__getitem__) if places else None
            contexts.append(((done[-1][3].last, done[-1][3].last_unnamed) if done else ([], frozenset()), focus))
            res = self._relate(block, norm, matches, *contexts[-1])
            done.append((offset, norm, base, res))
            for m in outermost(matches):
                if m.entry.type == "Place":
                    places[m.entry] = places.get(m.entry, 0) + 1
        for index, (offset, norm, base, _res) in enumerate(done):
            if any(when.get(norm[m.start:m.end], -1) > index for m in local.find(norm)):
                block = text[offset:offset + len(norm)]
                done[index] = (offset, norm, base, self._relate(block, norm, base + local.find(norm), *contexts[index]))
        result = Extraction(document, len(text))
        for offset, norm, _base, res in done:
            block = text[offset:offset + len(norm)]
            for m in res.notes:
                self._note(result, m, block, offset)
            for rel, a, b in res.relations:
                for entry in (rel.subject, rel.object):  # a name seen only inside another name
                    if entry in res.nested and self._id(result, entry) not in result.types:
                        self._note(result, res.nested[entry], block, offset)
                result.candidates.append(Candidate(
                    self._id(result, rel.subject), rel.predicate, self._id(result, rel.object),
                    block[a:b], offset + a, self._calibrated("relations", rel.rule, rel.confidence), rel.rule))
        result.candidates = _best_per_triple(result.candidates)
        ends = {c.subject for c in result.candidates} | {c.object for c in result.candidates}
        for proposal in result.proposals.values():
            proposal.alone = proposal.id not in ends
            key = proposal.calibration_key if proposal.calibration_key in self.calibration.get("entities", {}) \
                else proposal.rule
            proposal.confidence = self._calibrated("entities", key, proposal.confidence)
        return result

    def _calibrated(self, kind: str, rule: str, confidence: float) -> float:
        """The precision calibration.yaml trusts the rule to reach, else the rule's own confidence."""
        return self.calibration.get(kind, {}).get(rule, confidence)

    def _relate(self, block: str, norm: str, every: list[Match],
                carry: tuple[list[Match], frozenset[str]] = ([], frozenset()), focus: Entry | None = None) -> _BlockResult:
        """The names of one block to note, and the relations its sentences state; ``carry`` holds the
        names of the previous paragraph's last sentence (a mention opening this one may stand for them),
        ``focus`` the place the document has named most so far (what «there» / «the city» stands for
        when the paragraph and the sentence before name no place)."""
        flat = outermost(every)
        res = _BlockResult(list(flat))
        spans = [(a, b) for a, b in sentences(block) if block[a:b].strip()]
        if spans:
            a, b = spans[-1]
            res.last = [m for m in flat if a <= m.start and m.end <= b]
            res.last_unnamed = frozenset(kind for kind, unnamed in _UNNAMED.items() if any(
                u.start() >= max((m.end for m in res.last if m.entry.type == kind), default=a)
                for u in unnamed.finditer(norm, a, b)))
        for m in every:
            if m not in flat:
                if m.entry.known and m.entry.source == "entities" and not (m.entry.type == "Person" and any(
                        o.entry.type == "Person" and o.start <= m.start and m.end <= o.end for o in flat)):
                    res.notes.append(m)  # not 李明 inside 李明远: part of another person's name, no mention of his
                elif not m.entry.known and m.entry.type in ("Place", "Organization", "Firm") and any(
                        o.entry.type == "Policy" and o.start <= m.start and m.end <= o.end for o in flat):
                    res.notes.append(m)  # a title names the place or body it is about (the Hetao zone of its plan)
                res.nested.setdefault(m.entry, m)
        adjectives = self._demonyms(block, flat)
        for m in adjectives:  # noted as a name of the country only if a relation uses it
            res.nested.setdefault(m.entry, m)
        referents = _anaphora(norm, flat, self.gazetteer, every, carry, spans[0][1] if spans else 0,
                              focus if _latin_share(block) > 0.5 else None)
        referent_starts = frozenset(m.start for m in referents)
        every = every + referents + adjectives
        every.sort(key=_start)
        flat = outermost(every)
        flat_starts, every_starts = [m.start for m in flat], [m.start for m in every]
        located: set[str] = set()
        previous: tuple[int, list[Match]] = (0, [])
        for a, b in sentences(block):
            while a < b and block[a].isspace():
                a += 1
            while b > a and block[b - 1].isspace():
                b -= 1
            lo, hi = bisect_left(flat_starts, a), bisect_left(flat_starts, b)
            inside = [m for m in flat[lo:hi] if m.end <= b]
            if b <= a:
                continue
            for rel, opens in among_them(norm, previous[1], inside, a, b, self.gazetteer):
                if self.rules.allowed(rel):
                    located.add(rel.subject.entity)
                    res.relations.append((rel, previous[0] if opens else a, b))
            for rel in _chain_of_previous(norm, previous[1], inside, a, b, self.gazetteer):
                if self.rules.allowed(rel):
                    res.relations.append((rel, previous[0], b))
            for rel, country in national_rank(norm, inside, a, b, self.gazetteer):
                if self.rules.allowed(rel):
                    res.nested.setdefault(rel.object, country)  # 全国 written for the country: noted if used
                    res.relations.append((rel, a, b))
            previous = (a, inside)
            if len(inside) < 2:
                continue
            lo, hi = bisect_left(every_starts, a), bisect_left(every_starts, b)
            sent = Sentence(norm, a, b, inside, [m for m in every[lo:hi] if m.end <= b], referent_starts)
            for rel in self.rules.relate(sent, self.gazetteer):
                if rel.predicate == "locatedIn":
                    located.add(rel.subject.entity)
                res.relations.append((rel, a, b))
        for firm, place, (a, b) in _scene_located(block, norm, flat, located):
            res.relations.append((Related(firm, "locatedIn", place, "firm-in-paragraph-scene", 0.45), a, b))
        for firm, city, (a, b), conf in _co_located(block, flat, self.gazetteer, located):
            res.relations.append((Related(firm, "locatedIn", city, "firm-with-only-city", conf), a, b))
        return res

    def _demonyms(self, block: str, flat: list[Match]) -> list[Match]:
        """«Chinese», «American» … written as such (capitalised, outside any name): a mention of
        the country, for the English rules that place a firm or a city in it."""
        if self._demonym is None:
            return []
        return [Match(m.start(), m.end(), self.demonyms[m.group().lower()]) for m in self._demonym.finditer(block)
                if not any(f.start < m.end() and m.start() < f.end for f in flat)]

    def _note(self, result: Extraction, m: Match, block: str, offset: int) -> None:
        """Record one name occurrence: count known ones, propose the others once."""
        written = block[m.start:m.end]
        entity = self._id(result, m.entry)
        result.types[entity] = m.entry.type
        result.names.setdefault(entity, set()).add(written)
        if m.entry.known:
            result.known[entity] = result.known.get(entity, 0) + 1
            return
        proposal = result.proposals.get(entity)
        if proposal is None:
            a, b = _sentence_of(block, m.start, m.end)
            conf = (0.85 if m.entry.source.startswith("lexicon:") else CONFIDENCE[m.entry.type]
                    if m.entry.source.startswith("model:") else _rule_confidence(m.entry.source))
            result.proposals[entity] = Proposal(entity, m.entry.type, m.entry.label, [], block[a:b], offset + a,
                                                conf, m.entry.source, m.entry.en)
            proposal = result.proposals[entity]
        if written != proposal.label and written not in proposal.aliases and _strip_quotes(written):
            proposal.aliases.append(written)

    def _id(self, result: Extraction, entry: Entry) -> str:
        """The id of an entry: known ids as they are, a fresh unique slug for a proposal."""
        if entry.known:
            return entry.entity
        key = (entry.type, entry.label)
        ids = result.ids
        if key not in ids:
            base = entry.entity if not entry.entity.startswith("?") else slug(entry.label)
            candidate, n = base, 2
            while candidate in self.reserved or candidate in ids.values():
                candidate, n = f"{base}-{n}", n + 1
            ids[key] = candidate
        return ids[key]


_ANAPHOR = re.compile(r"(?<![\u4e00-\u9fff])(?:该公司|这家公司|公司)(?![\u4e00-\u9fff]{0,1}(?:债|法|章|制))|(?<=[，,。；;])公司")


#: 这里 / 该区 / 当地 … standing alone: the last place named before it in the paragraph.
_PLACE_ANAPHOR = re.compile(r"这里|该区|此地|当地|该地|这片区域|该片区|区内")
#: 该市 / 这座城市 / «the city»: the last city named before it (not a library or a park)
_CITY_ANAPHOR = re.compile(r"该市|这座城市|这个城市|市内|(?<![A-Za-z])the (?:city|metropolis)(?![A-Za-z]| of )")
#: English «the company» / «the firm» / «the Chinese carmaker» (searched in the normalised, lower-cased
#: block): the last firm named before it
_EN_ANAPHOR = re.compile(r"(?<![A-Za-z])[Tt]he (?:(?:chinese|tech|technology|local) )?"
                         r"(?:company|firm|group|carmaker|automaker|maker|manufacturer)(?![A-Za-z-])")
#: English «the Shenzhen-based company» / «the Shenzhen-based gadget maker»: the noun (group 1) is the last firm named
#: before it; the place stays a name of its own (en-place-based places the firm there).  Not after a comma («Lanhai,
#: the Shenzhen-based company,» is an apposition: en-based-apposition), nor after and / or / with / than (another firm)
_EN_BASED_ANAPHOR = re.compile(r"(?<![A-Za-z])(?<!, )(?<!and )(?<!or )(?<!with )(?<!than )"
                               r"[Tt]he [a-z]+-(?:based|headquartered) (?:[a-z]+ )?"
                               r"(company|firm|group|carmaker|automaker|maker|manufacturer)(?![A-Za-z-])")
#: English «there» (not «there is / are / was …», the dummy subject): the last place named before it
_EN_THERE = re.compile(r"(?<![A-Za-z])there(?![A-Za-z])(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|"
                       r"could|should|must|can|seems?|appears?|remains?|exists?|lies?|'s|’s)\b)")
#: English «the ministry» / «the bureau» …: the last organisation named before it
_EN_ORG_ANAPHOR = re.compile(r"(?<![A-Za-z])[Tt]he (?:ministry|bureau|commission|committee|agency|department|"
                             r"administration|authority|university)(?![A-Za-z-])(?! of\b)")
#: 其 standing for a firm or a body («其总部位于深圳»), not the 其 of 其中 / 其他 / 尤其 / 及其 …
_QI = re.compile(r"(?<![尤极及与何])其(?![中他它实余次间后])")
#: An unnamed thing of the mention's kind («a new battery company», «another firm», 一家新公司): a nearer
#: candidate than the name, so the mention after it resolves to nothing
_UNNAMED = {
    "Firm": re.compile(r"(?<![A-Za-z])(?<!is )(?<!was )(?<!as )(?<!be )(?<!are )(?<!become )"
                       r"(?:[Aa]n?|[Aa]nother|[Oo]ne|[Tt]wo|several|other)\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:company|companies|firm|firms|carmaker|automaker|maker|manufacturer|subsidiary|joint venture)"
                       r"(?![A-Za-z])|(?<!是)(?<!为)(?<!成)一家新?(?:公司|企业)|新公司|合资公司"),
    "Place": re.compile(r"(?<![A-Za-z])(?:[Aa]n?|[Aa]nother|[Oo]ne)\s+(?:[\w-]+\s+){0,3}?(?:city|town|province)(?![A-Za-z])"),
    "Organization": re.compile(r"(?<![A-Za-z])(?:[Aa]n?|[Aa]nother)\s+(?:[\w-]+\s+){0,3}?(?:ministry|bureau|commission|"
                               r"committee|agency|department|authority|university)(?![A-Za-z])"),
}


def _nearest(norm: str, flat: list[Match], start: int, etype: str,
             carry: tuple[list[Match], frozenset[str]] = ([], frozenset()),
             first_sentence_end: int = 0, city: bool = False, gaz: Gazetteer | None = None,
             extra: list[Match] = ()) -> Entry | None:
    """The name a mention at ``start`` stands for: the last name of ``etype`` before it in the
    paragraph, else (for a mention in the paragraph's first sentence) the last one of the previous
    sentence (``carry``); none when an unnamed thing of that kind stands between (annotation.md §2.3,
    the nearest name wins)."""
    def fits(f: Match) -> bool:
        if f.entry.type not in etype.split("|"):
            return False
        if city:
            from graph.extract.relations import city_level

            return gaz is not None and city_level(f.entry, gaz)
        return True

    before = sorted((f for f in [*flat, *extra] if f.end <= start and fits(f)), key=lambda f: f.end)
    unnamed = _UNNAMED.get(etype)
    if before:
        if unnamed is not None and unnamed.search(norm, before[-1].end, start):
            return None
        return before[-1].entry
    if start >= first_sentence_end or etype in carry[1] or (unnamed is not None and unnamed.search(norm, 0, start)):
        return None
    carried = [f for f in carry[0] if fits(f)]
    return carried[-1].entry if carried else None


def _focus(norm: str, flat: list[Match], start: int, focus: Entry | None,
           carry: tuple[list[Match], frozenset[str]] = ([], frozenset())) -> Entry | None:
    """The document's focus place for a place mention at ``start``, unless the paragraph names a place
    before it (then that place was the candidate) or an unnamed one («a small town») stands before it."""
    if focus is None or any(f.entry.type == "Place" and f.end <= start for f in flat) \
            or _UNNAMED["Place"].search(norm, 0, start) or "Place" in carry[1]:
        return None
    return focus


@dataclass(frozen=True)
class _Span:
    """The part of a regex match that stands for a name (``start()`` / ``end()`` as a match has them)."""

    a: int
    b: int

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b


def _anaphora(norm: str, flat: list[Match], gaz: Gazetteer | None = None,
              every: list[Match] = (), carry: tuple[list[Match], frozenset[str]] = ([], frozenset()),
              first_sentence_end: int = 0,
              focus: Entry | None = None) -> list[Match]:
    """公司 / 该公司 / «the company» (其: a firm or a body, the nearer) standing alone refers to the last firm named before it in the
    paragraph (or, in the paragraph's first sentence, in the sentence before: ``carry``, the names of the
    previous paragraph's last sentence); 这里 / 该区 / 当地 / «there» to the last place; «the ministry» to the
    last organisation; «the city» to the last city, also one that opens a body's name («The Shenzhen
    government has awarded … the city’s Land and Real Estate Exchange Centre»).  Never across an unnamed
    thing of the same kind («a new battery company»).  An English «there» / «the city» with no place before
    it in the paragraph or the sentence before is the document's ``focus`` (the place it has named most)."""
    out = []
    for pattern, etype in ((_ANAPHOR, "Firm"), (_EN_ANAPHOR, "Firm"), (_EN_BASED_ANAPHOR, "Firm"),
                           (_PLACE_ANAPHOR, "Place"), (_EN_THERE, "Place"), (_EN_ORG_ANAPHOR, "Organization"),
                           (_QI, "Firm|Organization")):
        for m in pattern.finditer(norm):
            if m.lastindex:  # the noun alone stands for the firm
                m = _Span(m.start(m.lastindex), m.end(m.lastindex))
            if any(f.start < m.end() and m.start() < f.end for f in flat):
                continue
            if pattern is _QI:  # 其 stands for the nearest name of any kind: a firm's or a body's only when that is one
                before = [f for f in flat if f.end <= m.start()]
                if not before:
                    continue
                etype = max(before, key=lambda f: f.end).entry.type
                if etype not in ("Firm", "Organization"):
                    continue
            entry = _nearest(norm, flat, m.start(), etype, carry, first_sentence_end)
            if entry is None and pattern is _EN_THERE:
                entry = _focus(norm, flat, m.start(), focus, carry)
            if entry is not None:
                out.append(Match(m.start(), m.end(), entry))
    if gaz is not None:
        from graph.extract.relations import city_level

        for m in _CITY_ANAPHOR.finditer(norm):
            if any(f.start <= m.start() < f.end for f in flat):
                continue
            opening = [x for x in every if x not in flat and any(
                f.start == x.start and x.end < f.end and f.entry.type == "Organization" for f in flat)]
            entry = _nearest(norm, flat, m.start(), "Place", carry, first_sentence_end, True, gaz, opening)
            if entry is None and m.group().startswith(("the", "The")) and gaz is not None and focus is not None \
                    and city_level(focus, gaz):
                entry = _focus(norm, flat, m.start(), focus, carry)
            if entry is not None:
                out.append(Match(m.start(), m.end(), entry))
    return out


#: What follows the scene's place when the paragraph tells of an event there, not of what is there
_EVENT_AT = re.compile(r"[”」』\"]?(?:举办|举行|召开|开幕|闭幕|上市|展出|亮相|发布)")


def _scene_located(block: str, norm: str, flat: list[Match], located: set[str]):
    """A paragraph that opens on its scene — 在 and a place (在深圳“机器人谷”诞生了…。近百家机器人公司中,
    如…大疆…) — tells of what is there: its firms and organisations not placed otherwise are
    weakly in the scene's narrowest place, until the paragraph sets another scene (…;在宝安的
    “低空走廊”,…).  Chinese only; not the scene of an event (在深圳举办).  The quote runs from the
    scene's sentence to the one naming the firm."""
    spans = sentences(block)
    if not spans or _latin_share(block) > 0.5:
        return
    a0, b0 = spans[0]
    head = norm[a0:b0]
    comma = head.find(",")
    starts = [a0 + len(head) - len(head.lstrip())] + ([a0 + comma + 1] if 0 <= comma <= 16 else [])
    scene = None
    for at in starts:
        if not norm.startswith("在", at):
            continue
        chain = []
        pos = at + 1
        for m in flat:
            if m.start < pos:
                continue
            if m.start - pos > 1 or m.entry.type != "Place" or norm[pos:m.start] not in ("", "的", "“", "「"):
                break
            chain.append(m)
            pos = m.end
        if chain and not _EVENT_AT.match(norm, pos):
            scene = chain[-1]
            break
    if scene is None:
        return
    places_at = {m.start for m in flat if m.entry.type == "Place"}
    ends = [i for i in range(scene.end, len(norm)) if norm[i] == "在" and (i + 1 in places_at or i + 2 in places_at)]
    scope = ends[0] if ends else len(norm)
    done: set[str] = set()
    for m in flat:
        if m.start <= scene.end or m.start >= scope or m.entry.type not in ("Firm", "Organization") \
                or m.entry.entity in located or m.entry.entity in done:
            continue
        done.add(m.entry.entity)
        b = next((y for x, y in spans if x < m.end <= y), m.end)
        while b > a0 and block[b - 1].isspace():
            b -= 1
        if b - a0 <= 300:
            yield m.entry, scene.entry, (a0, b)


#: A sentence that says its places have a chain or cluster of the industry just named
#: (大湾区机器人产业发展迅猛。深圳、广州、东莞等地已形成完备的产业链)
_CHAIN_CUE = re.compile(r"(?:形成|构建|打造|建成|拥有|具备)(?:了)?(?:[\u4e00-\u9fff]{0,6})(?:产业链|产业集群|产业生态|集群)")


def _chain_of_previous(norm: str, before: list[Match], inside: list[Match], a: int, b: int,
                       gaz: Gazetteer) -> Iterator[Related]:
    """Places said to have formed a chain or cluster, in a sentence that names no industry, host
    the industries of the sentence before (the paragraph's topic)."""
    if any(m.entry.type == "Industry" for m in inside) or not _CHAIN_CUE.search(norm, a, b):
        return
    industries = list(dict.fromkeys(m.entry for m in before if m.entry.type == "Industry"))
    if not industries or len(industries) > 3:
        return
    for place in dict.fromkeys(m.entry for m in inside if m.entry.type == "Place"):
        if gaz.parent_of(place) is not None and not gaz.is_region(place):
            for industry in industries:
                yield Related(place, "hostsIndustry", industry, "places-form-chain-of-previous", 0.5)


def _co_located(block: str, flat: list[Match], gaz: Gazetteer, located: set[str]):
    """Firms of a paragraph that names exactly one city or province: weakly, located there.
    Only in Chinese: an English paragraph places its firms in words (based in, Shenzhen-based),
    and the one city it names is as often where something happened (a congress in Shanghai).

    The quote runs from the sentence naming the place to the one naming the firm."""
    from graph.extract.relations import city_level

    places = {m.entry for m in flat if m.entry.type == "Place" and (city_level(m.entry, gaz) or gaz.is_region(m.entry))}
    if len(places) != 1 or _latin_share(block) > 0.5:
        return  # a region named beside a city (硅谷 … 深圳) is a second place, though no city itself
    (city,) = places
    if gaz.is_region(city):
        return
    spans = sentences(block)
    city_at = [m.start for m in flat if m.entry == city]
    done: set[str] = set()
    for m in flat:
        if m.entry.type != "Firm" or m.entry.entity in located or m.entry.entity in done:
            continue

        done.add(m.entry.entity)
        near = min(city_at, key=lambda c: abs(c - m.start))
        lo, hi = min(near, m.start), max(near, m.end)
        a = next((x for x, y in spans if x <= lo < y), lo)
        b = next((y for x, y in spans if x < hi <= y), hi)
        while a < b and block[a].isspace():
            a += 1
        while b > a and block[b - 1].isspace():
            b -= 1
        same = any(x <= lo and hi <= y for x, y in spans)
        if b - a <= 300:
            yield m.entry, city, (a, b), 0.45 if same else 0.4


#: Key of ``when`` under which a document keeps the organisations it has named (name as written → entry).
_ORGS_SEEN = "\x00orgs"


def _fuller_body(f: Found, key: str, seen: dict, gaz: Gazetteer) -> Entry | None:
    """The one organisation the document named in full whose name is ``key`` after a place: 市工业和信息化局,
    written without its city (责任单位:市工业和信息化局), after 深圳市工业和信息化局.  None when there is none
    or more than one."""
    if f.type != "Organization" or not key.startswith(("市", "区", "省", "县")):
        return None
    found = {entry for name, entry in seen.items() if len(name) > len(key) and name.endswith(key)
             and (place := gaz.lookup(name[:len(name) - len(key) + 1]) or gaz.lookup(name[:len(name) - len(key)]))
             is not None and place.type == "Place"}
    return next(iter(found)) if len(found) == 1 else None


def _same_firm(f: Found, key: str, local: Gazetteer, cues) -> Entry | None:
    """The one firm the document has already named whose name is ``key`` with or without a firm suffix at its
    end: 元化智能 and 元化智能科技, 歌尔微电子 and 歌尔微 are one firm, whichever is written first (a name
    without its trade word is the firm's short name).  None when there is none or more than one."""
    if f.type != "Firm" or len(key) < 3:
        return None
    found = set()
    for name, entry in local.entries.items():
        if entry.type != "Firm" or name == key:
            continue
        short, full = (name, key) if key.startswith(name) else (key, name) if name.startswith(key) else ("", "")
        rest = full[len(short):]
        if len(short) >= 3 and rest and (m := cues.firm_suffix.fullmatch(rest)) is not None \
                and m.group() not in cues.firm_strong:
            found.add(entry)
    return next(iter(found)) if len(found) == 1 else None


def _latin_share(text: str) -> float:
    """The share of Latin letters among the letters of a text (0 for Chinese, near 1 for English)."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) / len(letters) if letters else 0.0


#: What makes a lone generic English word (manufacturing, construction, safety) the name of a trade
#: (and before a word for its makers: «a drone maker», «electronics manufacturers»)
_TRADE_AFTER = re.compile(r" (?:industry|industries|sector|sectors|market|markets|makers?|manufacturers?|producers?)\b")


def _generic_english(norm: str, m: Match) -> bool:
    """A lexicon industry written as one lowercase English word (manufacturing, construction,
    safety, electronics) names the trade only before «industry», «sector» or «market»: «under
    construction», «battery manufacturing», «brake safety system» name none."""
    word = norm[m.start:m.end]
    return (m.entry.source == "lexicon:industries" and word.isascii() and word.isalpha() and word.islower()
            and not _TRADE_AFTER.match(norm, m.end))


def _embedded(word: str, gaz: Gazetteer) -> bool:
    from graph.extract.patterns import is_common

    return len(word) >= 3 and is_common(word, 20) and gaz.entries.get(word) is None


def _label(f: Found, block: str) -> str:
    """The simplified label of a found name, with Latin letters as written."""
    norm_span = normalise(block[f.start:f.end])
    k = norm_span.find(f.names[0])
    written = block[f.start + k:f.start + k + len(f.names[0])] if k >= 0 else _strip_quotes(block[f.start:f.end])
    return to_simplified(written).strip()


def _strip_quotes(text: str) -> str:
    return text.translate({ord(c): None for c in _QUOTE_CHARS}).strip()


def _rule_confidence(rule: str) -> float:
    return {"person-role": 0.7, "policy-numbered": 0.8, "policy-title": 0.7, "policy-quoted": 0.7,
            "org-suffix": 0.65, "firm-suffix": 0.6, "place-suffix": 0.6}.get(rule, 0.5)


def _sentence_of(block: str, start: int, end: int) -> tuple[int, int]:
    for a, b in sentences(block):
        if a <= start and end <= b:
            while a < b and block[a].isspace():
                a += 1
            while b > a and block[b - 1].isspace():
                b -= 1
            return a, b
    return start, end


def _best_per_triple(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per (subject, predicate, object): the most confident, then the earliest."""
    best: dict[tuple[str, str, str], Candidate] = {}
    for c in candidates:
        key = (c.subject, c.predicate, c.object)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.start, c.subject, c.predicate, c.object))
