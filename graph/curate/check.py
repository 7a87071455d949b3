"""The independent check of the curated graph (docs/curation-check.md): draw the statements and
paragraphs a reviewer judges, reproducibly, and score what the reviewer returns.

The sample is drawn with a seeded ``random.Random`` from the statements and the paragraphs of
the clean texts in a stable order, so the same sources and seed give the same sample; the
reviewer sees the article and the statement (labels, predicate, quote), never the facts files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from graph.model import Corpus
from graph.names import name_key


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a clean text, by document and position."""

    document: str
    start: int
    end: int
    text: str


def sample_statements(corpus: Corpus, n: int = 30, seed: int = 2026) -> list:
    """``n`` statements drawn at random (every fact equally likely, whatever its quotes)."""
    ordered = sorted(corpus.statements, key=lambda s: s.id)
    return random.Random(seed).sample(ordered, min(n, len(ordered)))


def paragraphs(corpus: Corpus, min_chars: int = 40) -> list[Paragraph]:
    """The paragraphs of every clean text that are long enough to state a fact."""
    found = []
    for doc_id in sorted(corpus.documents):
        text, pos = corpus.documents[doc_id].text, 0
        for line in text.split("\n"):
            if len(line.strip()) >= min_chars:
                found.append(Paragraph(doc_id, pos, pos + len(line), line))
            pos += len(line) + 1
    return found


def sample_paragraphs(corpus: Corpus, n: int = 15, seed: int = 2026) -> list[Paragraph]:
    return random.Random(seed).sample(paragraphs(corpus), min(n, len(paragraphs(corpus))))


def describe(corpus: Corpus, statement) -> str:
    """A statement as a reviewer reads it: names, predicate, qualifiers, document and quotes."""
    subject, obj = corpus.entities[statement.subject], corpus.entities[statement.object]
    qualifiers = "".join(f" [{q}]" for q in (statement.time if statement.time != "current" else "",
                                             statement.role) if q)
    quotes = " | ".join(f"«{q.quote}»" for q in statement.quotes)
    for _ev, end, mention, named in statement.resolutions:  # what a mention in a quote stands for
        quotes += f" ({mention} = {'subject' if end == 's' else 'object'}, named at «{named.quote}»)"
    return (f"{subject.label} ({subject.type}) —{statement.predicate}{qualifiers}→ {obj.label} ({obj.type}); "
            f"document {statement.evidence.document}: {quotes}")


def found_in_graph(corpus: Corpus, document: str, subject: str, predicate: str, obj: str) -> bool:
    """Whether a fact a reviewer wrote (names as written, any script) is a statement of that document."""
    def ids(name: str) -> set[str]:
        key = name_key(name)
        return {e.id for e in corpus.entities.values()
                if key in {name_key(n) for n in (e.id, e.label, e.en, *e.aliases) if n}}

    subjects, objects = ids(subject), ids(obj)
    for s in corpus.statements:
        if s.predicate != predicate or s.evidence.document != document:
            continue
        if (s.subject in subjects and s.object in objects) or \
                (predicate in ("partnersWith", "competesWith") and s.subject in objects and s.object in subjects):
            return True
    return False
