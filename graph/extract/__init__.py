"""Extraction of entities and candidate statements from a new article.

    gazetteer.py   known names and the generic lexicons, matched across scripts (Aho-Corasick)
    patterns.py    names the gazetteer does not know: firms, organisations, policies, places, products
    people.py      people: after a role word, before a verb of saying
    words.py       which words are common (jieba's word list): common words are not names
    relations.py   trigger and structural rules that relate two names of a sentence
    pipeline.py    the two streaming passes over a clean text → ``Extraction``
    lexicons/      the data: places, industries, cue words, trigger rules

``build_gazetteer`` and ``Extractor`` are the public entry points; graph.curate.review turns an
``Extraction`` into a review file, graph.curate.evaluate scores it against the curated facts.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.extract.gazetteer import Gazetteer, load_lexicons, normalise
from graph.extract.pipeline import EXTRACTOR_VERSION, Candidate, Extraction, Extractor, Proposal
from graph.model import Entity
from graph.names import name_key

__all__ = ["EXTRACTOR_VERSION", "Candidate", "Extraction", "Extractor", "Gazetteer", "Proposal",
           "build_gazetteer", "load_lexicons", "name_key", "normalise"]


def build_gazetteer(entities: Iterable[Entity], names: dict[str, set[str]] | None = None) -> Gazetteer:
    """A gazetteer of known entities (optionally only some of their names) plus the lexicons."""
    gaz = Gazetteer()
    gaz.add_entities(entities, names)
    gaz.add_lexicons(load_lexicons())
    return gaz
