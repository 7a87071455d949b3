"""Known names → entities, matched across scripts with one Aho-Corasick automaton.

Names and text are compared in *normalised* form: OpenCC t2s, full-width ASCII folded to
half-width and ASCII lower-cased.  ``normalise`` never changes the length of a string
(OpenCC is length-preserving per character almost always; where a conversion is not, the
text is converted one character at a time), so an offset into the normalised text is the
same offset into the original text and every match maps back to the characters as written.

A gazetteer holds three kinds of names:

* entities of ``sources/entities.yaml`` (``known``: they keep their curated ids);
* the generic lexicons of places and industries (``lexicons/*.yaml``), which also give the
  hierarchy used for ``locatedIn`` and ``subIndustryOf`` between two names of a sentence;
* names found by a pattern earlier in the same document (added per document).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from graph.model import Entity
from graph.text import to_simplified

_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)})  # full-width capitals → ASCII small
_FOLD[0x3000] = 0x20  # ideographic space


def _word_char(char: str) -> bool:
    """An ASCII letter or digit: a Latin name must not start or end inside a Latin word."""
    return char.isascii() and char.isalnum()


@lru_cache(maxsize=16384)
def _simplify_char(char: str) -> str:
    out = to_simplified(char)
    return out if len(out) == 1 else char


def normalise(text: str) -> str:
    """Simplified script, folded ASCII; always exactly as long as ``text``."""
    simple = to_simplified(text)
    if len(simple) != len(text):
        simple = "".join(_simplify_char(c) for c in text)
    return simple.translate(_FOLD)


@dataclass(frozen=True, eq=False)
class Entry:
    """What a name in the gazetteer stands for; equal entries stand for the same entity."""

    entity: str  #: id of the known entity, or the proposed id of a lexicon entry
    type: str  #: ontology class
    label: str  #: preferred (simplified) label
    known: bool  #: True for entities of sources/entities.yaml
    source: str  #: ``entities`` | ``lexicon:places`` | ``lexicon:industries`` | a pattern rule
    en: str = ""

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Entry) and self.entity == other.entity
                                 and self.type == other.type and self.label == other.label)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.entity, self.type)))

    def __hash__(self) -> int:
        return self._hash


class Match(NamedTuple):
    """A gazetteer name found in a normalised text: [start, end) and what it stands for."""

    start: int
    end: int
    entry: Entry


@dataclass
class Gazetteer:
    """Names → entries; ``find`` returns every match, ``outermost`` the longest non-nested ones."""

    entries: dict[str, Entry] = field(default_factory=dict)  #: normalised name → entry
    parents: dict[str, str] = field(default_factory=dict)  #: normalised label → normalised parent label
    regions: set[str] = field(default_factory=set)  #: normalised labels of regions (places.yaml ``region``)
    units: set[str] = field(default_factory=set)  #: normalised labels of every place of places.yaml
    _automaton: object = None
    _parent_cache: dict = field(default_factory=dict, repr=False)

    def add(self, name: str, entry: Entry, *, replace: bool = False) -> None:
        """Register a name; an existing known entry is never replaced by a lexicon one."""
        key = normalise(name.strip())
        if not key.strip() or (len(key) == 1 and not entry.known):
            return
        old = self.entries.get(key)
        if old is not None and not replace and (old.known or not entry.known):
            return
        self.entries[key] = entry
        self._automaton = None
        self._parent_cache.clear()

    def add_entities(self, entities: Iterable[Entity], names: dict[str, set[str]] | None = None) -> None:
        """Add known entities; ``names`` (id → names) restricts which of their names are used."""
        for ent in sorted(entities, key=lambda e: e.id):
            entry = Entry(ent.id, ent.type, ent.label, True, "entities", ent.en)
            for name in (names[ent.id] if names is not None else [ent.label, *ent.aliases, *_latin(ent.en)]):
                self.add(name, entry)

    def add_lexicons(self, lexicons: Lexicons) -> None:
        """Add the generic places, industries, organisations and firms with their hierarchy."""
        kinds = {"places": "Place", "industries": "Industry", "organisations": "Organization", "firms": "Firm"}
        for kind, etype in kinds.items():
            rows = getattr(lexicons, kind)
            for row in rows:
                names = [row["label"], *row.get("aliases", [])]
                names += _latin(row.get("en", ""))  # English names: China, Guangdong, consumer electronics
                known = [e for e in map(self.lookup, names) if e is not None and e.known and e.type == etype]
                if known and etype == "Industry" and self.lookup(row["label"]) is not known[0]:
                    known = []  # 生物医药 (aliases 医药): a trade known only by an alias is a narrower or broader one (the
                    # curated 医药 and 生物医药 are two); the alias stays the known entity's, the label its own trade
                if known:  # the lexicon's other names of a known entity: still that entity
                    entry = Entry(known[0].entity, etype, known[0].label, True, "lexicon-alias", known[0].en)
                else:
                    entry = Entry(slug_of(row), etype, row["label"], False, f"lexicon:{kind}", row.get("en", ""))
                for name in names:
                    self.add(name, entry)
                if kind == "industries":  # 積體電路, 資訊產業: the Taiwan words of the same trade
                    for name in _taiwan_variants(names):
                        self.add(name, entry)
                parent = row.get("parent") or row.get("broader") or row.get("place")
                if parent:
                    self.parents[normalise(row["label"])] = normalise(parent)
                if row.get("region"):
                    self.regions.add(normalise(row["label"]))
                if kind == "places":
                    self.units.add(normalise(row["label"]))

    def copy(self) -> Gazetteer:
        return Gazetteer(dict(self.entries), dict(self.parents), set(self.regions), set(self.units))

    def lookup(self, name: str) -> Entry | None:
        return self.entries.get(normalise(name.strip()))

    def is_region(self, entry: Entry) -> bool:
        """An economic or tech region (珠三角, 硅谷): no city or province."""
        return normalise(entry.label) in self.regions

    def is_site(self, entry: Entry) -> bool:
        """A place the lexicon knows no unit of (a park, a building, a street): 赛格科技园, 光明科学城."""
        return entry.type == "Place" and normalise(entry.label) not in self.units

    def parent_of(self, entry: Entry) -> Entry | None:
        """The broader place, industry (or seat of an organisation) of an entry, by the lexicons."""
        cache = self._parent_cache
        if entry not in cache:
            parent = self.parents.get(normalise(entry.label))
            cache[entry] = self.entries.get(parent) if parent else None
        return cache[entry]

    def _build(self):
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for key, entry in self.entries.items():
            automaton.add_word(key, (len(key), entry, _word_char(key[0]), _word_char(key[-1]), False))
        for key, entry in self.entries.items():
            # an industry's English plural used as a modifier (drones → «a drone maker», «Shenzhen's drone industry»)
            singular = key[:-1]
            if entry.type == "Industry" and key.isascii() and len(key) >= 5 and key.endswith("s") \
                    and not key.endswith(("ss", "ics", "ies")) and singular not in self.entries \
                    and not automaton.exists(singular):
                automaton.add_word(singular, (len(singular), entry, _word_char(singular[0]), _word_char(singular[-1]), True))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def find(self, norm: str) -> list[Match]:
        """Every name occurring in a normalised text (Latin names only at word boundaries, or
        followed by a plural s)."""
        if not self.entries:
            return []
        automaton = self._automaton or self._build()
        found = []
        last = len(norm) - 1
        for end, (length, entry, latin_start, latin_end, modifier) in automaton.iter(norm):
            start = end - length + 1
            if modifier and not _INDUSTRY_HEAD.match(norm, end + 1):
                continue  # the singular of an industry only before a word for its firms or its sector
            if latin_start and start > 0 and _word_char(norm[start - 1]):
                continue
            if latin_end and end < last and _word_char(norm[end + 1]):
                # an English plural of a name of a kind (new energy vehicle → new energy vehicles)
                if not (norm[end + 1] == "s" and norm[end].isalpha() and norm[end] != "s" and length >= 4
                        and (end + 1 == last or not _word_char(norm[end + 2])) and entry.type != "Person"):
                    continue
                end += 1
            found.append(Match(start, end + 1, entry))
        return found


#: What an industry's singular modifies when it names the industry: its firms or its sector (a drone maker, the
#: drone industry); not any noun (new material technology, semiconductor fabrication)
_INDUSTRY_HEAD = re.compile(r" (?:makers?|manufacturers?|producers?|industry|industries|sector|companies|company|firms?|"
                            r"giants?|suppliers?|market|economy|ecosystem|cluster|hub|capital|business|startups?|exports|production|"
                            r"design|designers?|supply chain)\b")


def outermost(matches: Iterable[Match]) -> list[Match]:
    """Longest matches first, dropping any that overlaps one already kept; in text order."""
    matches = list(matches)
    if not matches:
        return []
    kept: list[Match] = []
    taken = bytearray(max(m.end for m in matches) + 1)
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if any(taken[m.start:m.end]):
            continue
        kept.append(m)
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    return sorted(kept)


def _taiwan_variants(names: list[str]) -> list[str]:
    """The Taiwan phrasing of Chinese names (OpenCC s2twp, read back in simplified script): 集成电路 →
    积体电路, 信息产业 → 资讯产业, 芯片封装材料 → 晶片封装材料.  Character-by-character t2s keeps
    such words as they are, so a zh-Hant article from Taiwan names the lexicon's trades otherwise.
    A variant that is itself a common word (激光 → 雷射, 通信 → 通讯) is left out: it has other senses."""
    from graph.extract.words import is_common
    from graph.text import to_taiwan_phrasing

    out = []
    for name in names:
        if not re.search(r"[\u4e00-\u9fff]", name):
            continue
        variant = normalise(to_taiwan_phrasing(name))
        if variant != normalise(name) and not is_common(variant, 50):
            out.append(variant)
    return out


def _latin(en: str) -> list[str]:
    """An English label that is written as a name (Huawei, DJI, Hong Kong Science Park)."""
    return [en] if en and len(en) <= 60 and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .&'+-]*", en) else []


# ------------------------------------------------------------------ lexicons


@dataclass(frozen=True)
class Lexicons:
    """The generic data files of graph/extract/lexicons/."""

    places: list[dict]
    industries: list[dict]
    organisations: list[dict]
    firms: list[dict]
    cues: dict
    relations: list[dict]
    #: measured precision per rule (``szkg eval --calibrate``): {"relations": {rule: {...}}, "entities": {...}}
    calibration: dict = field(default_factory=dict)


def _read_lexicon(name: str):
    path = resources.files("graph.extract").joinpath("lexicons", name)
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """Read the lexicons shipped with the package (cached)."""
    return Lexicons(_read_lexicon("places.yaml"), _read_lexicon("industries.yaml"),
                    _read_lexicon("organisations.yaml"), _read_lexicon("firms.yaml"), _read_lexicon("cues.yaml"),
                    _read_lexicon("relations.yaml"), _read_lexicon("calibration.yaml") or {})


def slug(text: str) -> str:
    """A lowercase id slug of a name: Latin as is, Chinese in pinyin (pypinyin)."""
    suffix = ""
    if re.search(r"[\u4e00-\u9fff]", text):
        from pypinyin import lazy_pinyin

        syllables = lazy_pinyin(to_simplified(text))
        if len(syllables) > 6:  # a long name: its first words and a digest keep the id short
            suffix = "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
            syllables = syllables[:4]
        text = " ".join(syllables)
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return (out or "entity") + suffix


def slug_of(row: dict) -> str:
    """Proposed id of a lexicon row: its English name, else the pinyin of its label."""
    return slug(row.get("en") or row["label"])
