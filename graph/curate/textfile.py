"""`szkg extract PATH`: extract any text file that is not in the sources, changing nothing.

The file is read like an article at ingest (size bounded, UTF-8 / GB18030 / Big5 decoded,
cleaned by the same visible rules, its language detected) and extracted with the project's
known entities as gazetteer.  The result is one JSON-ready object::

    {"file", "script", "characters",
     "entities": [{"id", "name", "type", "mentions", "source", "known", "rule"}],
     "statements": [{"s", "p", "o", "quote", "start", "end", "confidence", "rule"}]}

``name`` is the entity as first written in the text, ``mentions`` every form the text
writes (in order of first appearance), ``source`` the component that found it
(``gazetteer`` — the known entities and the lexicons —, ``model`` — the trained NER —, or
``pattern``), ``known`` whether it is an entity of the sources.  ``start``/``end`` are offsets
of the quote in the clean text.  Nothing is written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from graph.curate.evaluate import DEFAULT_MIN_CONFIDENCE
from graph.curate.guard import read_bounded
from graph.curate.ingest import MAX_BYTES
from graph.curate.review import known_entities, make_extractor
from graph.errors import SourceError
from graph.extract import Extraction
from graph.text import SCRIPTS, clean, detect_script


def read_text_file(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(clean text, script) of a text file; SourceError naming the file for anything unreadable."""
    text = clean(read_bounded(Path(path), max_bytes), path)
    script = detect_script(text)
    if script not in SCRIPTS:
        raise SourceError(f"language '{script}' is not supported: szkg reads {', '.join(SCRIPTS)}", path)
    return text, script


def extract_file(path: Path, root: Path, ontology_dir: Path, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                 max_bytes: int = MAX_BYTES, model: bool = True) -> dict:
    """The extraction of one text file as plain data (see the module docstring)."""
    text, script = read_text_file(path, max_bytes)
    entities = known_entities(Path(root), ontology_dir)
    extractor = make_extractor(ontology_dir, entities, model=model)
    extraction = extractor.extract(text, Path(path).name, script=script)
    from graph.curate.review import symmetric_predicates

    return extraction_json(extraction, text, script, str(path), min_confidence, symmetric_predicates(ontology_dir))


def source_of(rule: str, known: bool) -> str:
    """``gazetteer``, ``model`` or ``pattern``: the component that found an entity."""
    if known or rule.startswith("lexicon") or rule == "entities":
        return "gazetteer"
    return "model" if rule.startswith("model:") else "pattern"


def extraction_json(extraction: Extraction, text: str, script: str, file: str, min_confidence: float,
                    symmetric: frozenset[str] = frozenset()) -> dict:
    """Entities and statements of an extraction, ordered by where the text first names them; a
    statement of a ``symmetric`` predicate once, its ends in sorted order, as a review file has it."""
    statements = _once([c for c in extraction.candidates if c.confidence >= min_confidence], symmetric)
    used = {e for c in statements for e in (c.subject, c.object)}
    entities = []
    for ent_id, etype in extraction.types.items():
        proposal = extraction.proposals.get(ent_id)
        if proposal is not None and proposal.confidence < min_confidence and ent_id not in used:
            continue
        names = extraction.names.get(ent_id, set())
        first = {n: text.find(n) for n in names}
        mentions = sorted(names, key=lambda n: (first[n] < 0, first[n], n))
        known = proposal is None
        rule = "entities" if known else proposal.rule
        entities.append({"id": ent_id, "name": mentions[0] if mentions else (proposal.label if proposal else ent_id),
                         "type": etype, "mentions": mentions, "source": source_of(rule, known), "known": known,
                         "rule": rule, "_at": min((p for p in first.values() if p >= 0), default=len(text))})
    entities.sort(key=lambda e: (e["_at"], e["id"]))
    for e in entities:
        del e["_at"]
    return {
        "file": file, "script": script, "characters": len(text), "min_confidence": min_confidence,
        "entities": entities,
        "statements": [{"s": c.subject, "p": c.predicate, "o": c.object, "quote": c.quote, "start": c.start,
                        "end": c.start + len(c.quote), "confidence": c.confidence, "rule": c.rule}
                       for c in statements],
    }


def _once(candidates: list, symmetric: frozenset[str]) -> list:
    """``candidates`` with the mirror image of a symmetric statement (same quote) folded into one,
    ends sorted, at the place and with the confidence of the surer of the two."""
    from dataclasses import replace

    best: dict[tuple, object] = {}
    for c in candidates:
        s, o = (c.object, c.subject) if c.predicate in symmetric and c.object < c.subject else (c.subject, c.object)
        key = (s, c.predicate, o, c.start, len(c.quote))
        if key not in best or c.confidence > best[key].confidence:  # (a key keeps its first place)
            best[key] = replace(c, subject=s, object=o)
    return list(best.values())


def print_file_extraction(data: dict, out) -> None:
    """The extraction of a text file as two rich tables (entities, statements)."""
    from rich.table import Table

    names = {e["id"]: e["name"] for e in data["entities"]}
    t = Table(title=f"{data['file']}: {len(data['entities'])} entities ({data['script']})")
    for col in ("name", "type", "source", "known", "mentions"):
        t.add_column(col)
    for e in data["entities"]:
        t.add_row(e["name"], e["type"], e["source"], "yes" if e["known"] else "no", " | ".join(e["mentions"]))
    out.print(t)
    t = Table(title=f"{len(data['statements'])} candidate statements")
    for col in ("subject", "predicate", "object", "confidence", "quote"):
        t.add_column(col, justify="right" if col == "confidence" else "left")
    for st in data["statements"]:
        t.add_row(names.get(st["s"], st["s"]), st["p"], names.get(st["o"], st["o"]), f"{st['confidence']:.2f}",
                  st["quote"])
    out.print(t)
