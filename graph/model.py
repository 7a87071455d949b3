"""Small dataclasses passed between the layers: nothing here makes triples."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable


@dataclass(frozen=True)
class Document:
    """A source document as received plus the clean text derived from it."""

    id: str  #: stable id, the file name without extension (``000_8038bac2c53f9c46``)
    path: str  #: path of the raw file, relative to the sources root
    raw: bytes  #: the bytes as received, never modified
    text: str  #: clean text; every quote and offset refers to it
    title: str
    script: str  #: ``zh-Hans`` or ``zh-Hant``
    publisher: str = ""
    author: str = ""
    date: str = ""  #: ISO 8601, as precise as known (``2025``, ``2025-08``, ``2025-08-25``)
    url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Entity:
    """A named thing: firm, organization, person, place, industry, policy or product."""

    id: str  #: readable slug, unique across the corpus (``huawei``, ``policy-18-1987``)
    type: str  #: ontology class local name (``Firm``)
    label: str  #: simplified-Chinese preferred label (the zh-Hant one is derived by OpenCC)
    en: str = ""  #: English label where the article or common usage gives one
    aliases: tuple[str, ...] = ()  #: every other name as written in the sources
    broader: str = ""  #: for industries: the id of the broader industry, if any
    source: str = ""  #: ``file:line`` where the entity is declared (for messages)


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote in a document's clean text, with its character offsets."""

    document: str
    quote: str
    start: int  #: offset of the first character in the clean text (code points)
    end: int  #: offset after the last character

    @property
    def key(self) -> str:
        return f"{self.document}:{self.start}-{self.end}"


@dataclass(frozen=True)
class Statement:
    """A relation between two entities stated by a document: one fact, with every quote of
    that document that states it (one statement per subject, predicate, object and document)."""

    id: str  #: stable id derived from document and triple
    subject: str
    predicate: str  #: ontology property local name (``enabled``)
    object: str
    evidence: Evidence  #: the first quote that states it
    status: str = "curated"  #: ``curated`` | ``extracted`` | ``candidate``
    confidence: float | None = None  #: for extracted statements
    extractor: str = ""  #: rule and extractor version, for extracted statements
    source: str = ""
    also: tuple[Evidence, ...] = ()  #: further quotes of the same document that state it
    time: str = "current"  #: ``current`` | ``former`` | ``target`` (part of the fact)
    role: str = ""  #: the role as written, for holdsPosition, worksFor, leads (part of the fact)
    since: str = ""  #: year the relation began, when the text says
    until: str = ""  #: year it ended, when the text says
    #: mentions that stand for an end without naming it: (evidence, "s"|"o", mention, where it is named)
    resolutions: tuple[tuple[Evidence, str, str, Evidence], ...] = ()

    @property
    def quotes(self) -> tuple[Evidence, ...]:
        """Every piece of evidence, the first one first."""
        return (self.evidence, *self.also)


@dataclass(frozen=True)
class Attribute:
    """A literal attribute of an entity (founding or issuing year) with its quote."""

    id: str
    subject: str
    predicate: str  #: ``foundedYear`` | ``issuedYear``
    value: str
    evidence: Evidence
    source: str = ""
    datatype: str = "gYear"  #: XSD datatype of the value (``gYear``; ``string`` for a release date)


@dataclass(frozen=True)
class Indicator:
    """A concept of the indicator vocabulary (``sources/indicators.yaml``)."""

    id: str
    labels: dict[str, str]  #: ``zh-Hans``, ``zh-Hant``, ``en`` → label
    definition: str = ""
    unit_kind: str = ""
    comparable: str = ""  #: a note on when two values can be compared


@dataclass(frozen=True)
class Observation:
    """A quantity a document states about an entity."""

    id: str
    subject: str
    indicator: str  #: slug from the ontology's indicator scheme (``revenue``)
    value: Decimal  #: normalised number (98.58亿 → 9858000000)
    unit: str  #: ``CNY``, ``percent``, ``count``, ...
    period: str  #: ``2025``, ``2025-Q1-Q3``, ``2024-12``; "" when the text states none
    as_written: str  #: the number as the text writes it; occurs in the quote
    evidence: Evidence
    qualifier: str = ""  #: the bound: ``lower`` (超), ``lower-inclusive`` (以上), ``nearly`` (近), ``about`` (约), ``upper`` (不到)
    source: str = ""
    as_of: str = ""  #: the date the figure holds at when no period is stated (the document's date)
    period_as_written: str = ""  #: a period as the text writes it (上线两年, 截至2024年底)
    status: str = "actual"  #: ``actual`` | ``target`` | ``estimate``
    dimensions: tuple[tuple[str, str], ...] = ()  #: scope, basis, category, condition, rank_of, among, …


@dataclass(frozen=True)
class FactsSummary:
    """What the whole-corpus parts of a build need from one facts file, without its facts:
    counts, predicates, the indicators its observations use and the rows of ``g:counts``
    (``graph.rdf.hub_counts``).  Small enough to keep beside a cached file's facts, so a
    build that reuses them need not read the facts themselves."""

    statements: int = 0
    quotes: int = 0
    observations: int = 0
    attributes: int = 0
    predicates: tuple[tuple[str, int], ...] = ()  #: (predicate, statements), sorted
    indicators: tuple[str, ...] = ()  #: sorted
    observed: tuple[str, ...] = ()  #: the observations' subjects, sorted
    #: (subject, relation, object, object is an entity) per statement and attribute, in file order
    count_rows: tuple[tuple[str, str, str, bool], ...] = ()

    @classmethod
    def of(cls, statements, observations, attributes) -> FactsSummary:
        from collections import Counter

        return cls(len(statements), sum(len(s.quotes) for s in statements), len(observations), len(attributes),
                   tuple(sorted(Counter(s.predicate for s in statements).items())),
                   tuple(sorted({o.indicator for o in observations})), tuple(sorted({o.subject for o in observations})),
                   tuple([(s.subject, s.predicate, s.object, True) for s in statements]
                         + [(a.subject, a.predicate, a.value, False) for a in attributes]))


@dataclass
class FactsPart:
    """One facts file as loading found it: its document, its summary, and its facts
    (``{"statements", "observations", "attributes"}``) or a function that reads them when
    first asked for."""

    document: str
    summary: FactsSummary
    facts: dict | None = None
    read: Callable[[], dict] | None = None

    def get(self) -> dict:
        if self.facts is None:
            self.facts = self.read()  # type: ignore[misc]
            self.read = None
        return self.facts


@dataclass
class Corpus:
    """Everything loaded from ``sources/``, validated and ready to become RDF.

    Facts come in ``parts``, one per facts file in file order; ``statements``, ``attributes``
    and ``observations`` are every part's, read on first use (a build that reuses cached
    documents reads only the changed ones' facts, and the others' summaries)."""

    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: document id → ids of the entities its text names (``graph.names.mentions``), as loading found them
    mentions: dict[str, set[str]] = field(default_factory=dict)
    parts: list[FactsPart] = field(default_factory=list, repr=False)
    _facts: dict[str, list] | None = field(default=None, init=False, repr=False, compare=False)
    _by_document: tuple[int, dict[str, list[FactsPart]]] | None = field(default=None, init=False, repr=False,
                                                                         compare=False)

    def add_facts(self, part: FactsPart) -> None:
        self.parts.append(part)
        self._facts = None

    def _all(self, kind: str) -> list:
        if self._facts is None:
            self._facts = {"statements": [], "observations": [], "attributes": []}
            for part in self.parts:
                for name, facts in self._facts.items():
                    facts.extend(part.get()[name])
        return self._facts[kind]

    @property
    def statements(self) -> list[Statement]:
        return self._all("statements")

    @property
    def attributes(self) -> list[Attribute]:
        return self._all("attributes")

    @property
    def observations(self) -> list[Observation]:
        return self._all("observations")

    def facts_of(self, document: str) -> tuple[list[Statement], list[Attribute], list[Observation]]:
        """The statements, attributes and observations of one document (only its parts are read)."""
        if self._by_document is None or self._by_document[0] != len(self.parts):
            index: dict[str, list[FactsPart]] = {}
            for part in self.parts:
                index.setdefault(part.document, []).append(part)
            self._by_document = (len(self.parts), index)
        found: tuple[list, list, list] = ([], [], [])
        for part in self._by_document[1].get(document, ()):
            facts = part.get()
            for bucket, name in zip(found, ("statements", "attributes", "observations")):
                bucket.extend(facts[name])
        return found

    def count_rows(self) -> list[tuple[str, str, str, bool]]:
        """Every statement's and attribute's (subject, relation, object, object is an entity), from the summaries."""
        return [row for part in self.parts for row in part.summary.count_rows]

    def used_indicators(self) -> set[str]:
        return {i for part in self.parts for i in part.summary.indicators}
