"""Small dataclasses passed between the layers: nothing here makes triples."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


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
    """A relation between two entities stated by a document."""

    id: str  #: stable id derived from document, triple and quote
    subject: str
    predicate: str  #: ontology property local name (``enabled``)
    object: str
    evidence: Evidence
    status: str = "curated"  #: ``curated`` | ``extracted`` | ``candidate``
    confidence: float | None = None  #: for extracted statements
    extractor: str = ""  #: rule and extractor version, for extracted statements
    source: str = ""


@dataclass(frozen=True)
class Attribute:
    """A literal attribute of an entity (founding or issuing year) with its quote."""

    id: str
    subject: str
    predicate: str  #: ``foundedYear`` | ``issuedYear``
    value: str
    evidence: Evidence
    source: str = ""


@dataclass(frozen=True)
class Observation:
    """A quantity a document states about an entity."""

    id: str
    subject: str
    indicator: str  #: slug from the ontology's indicator scheme (``revenue``)
    value: Decimal  #: normalised number (98.58亿 → 9858000000)
    unit: str  #: ``CNY``, ``percent``, ``count``, ...
    period: str  #: ``2025``, ``2025-Q1/Q3``, ``2024-12-31``
    as_written: str  #: the number as the text writes it; occurs in the quote
    evidence: Evidence
    qualifier: str = ""  #: ``over`` (超), ``about`` (约), ``nearly`` (近), ``at-least``
    source: str = ""


@dataclass
class Corpus:
    """Everything loaded from ``sources/``, validated and ready to become RDF."""

    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
