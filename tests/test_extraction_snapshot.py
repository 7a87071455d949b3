"""A golden snapshot of extraction: every (document, subject, predicate, object, rule, confidence band)
the extractor proposes for the articles in sources/ outside the frozen test split (docs/evaluation.md:
nobody who tunes the extractor looks at what it does on those), compared exactly.

A change to a pattern, a relation rule, a threshold or a lexicon changes this set, and the test fails
with the difference. If the change is intended, review the difference and write the new snapshot on
purpose: ``SZKG_UPDATE_SNAPSHOT=1 python -m pytest tests/test_extraction_snapshot.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph.curate.evaluate import split_of
from graph.curate.sources import load_documents, load_entities
from graph.extract import Extractor, build_gazetteer
from graph.layout import default_ontology, default_sources
from graph.vocab import load_ontology

SNAPSHOT = Path(__file__).parent / "data" / "extraction_snapshot.json"


def band(confidence: float) -> str:
    """Confidence in bands of 0.1, so that a tiny recalibration shows as a change only when it matters."""
    low = int(confidence * 10) / 10
    return f"{low:.1f}-{low + 0.1:.1f}"


def extracted() -> list[list[str]]:
    root = default_sources()
    ontology = load_ontology(str(default_ontology() / "szkg.ttl"))
    entities = load_entities(root, ontology)
    extractor = Extractor(build_gazetteer(entities.values()), ontology, reserved_ids=set(entities))
    rows = set()
    for doc in load_documents(root).values():
        if split_of(doc.id) == "test":
            continue
        for c in extractor.extract(doc.text, doc.id, script=doc.script).candidates:
            rows.add((doc.id, c.subject, c.predicate, c.object, c.rule, band(c.confidence)))
    return [list(r) for r in sorted(rows)]


@pytest.fixture(scope="module")
def now() -> list[list[str]]:
    return extracted()


def test_extraction_matches_the_reviewed_snapshot(now):
    if os.environ.get("SZKG_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(now, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    before, after = {tuple(r) for r in stored}, {tuple(r) for r in now}
    gone, new = sorted(before - after)[:20], sorted(after - before)[:20]
    assert before == after, f"extraction changed: {len(before - after)} gone, e.g. {gone}; " \
                            f"{len(after - before)} new, e.g. {new} (see the module docstring)"


def test_the_snapshot_covers_every_document_outside_the_test_split_and_several_rules(now):
    documents = {r[0] for r in now}
    rules = {r[4] for r in now}
    outside = {d for d in load_documents(default_sources()) if split_of(d) != "test"}
    assert documents <= outside and len(documents) >= 0.9 * len(outside)  # a short article may yield nothing
    assert len(rules) >= 5 and len(now) >= 200
