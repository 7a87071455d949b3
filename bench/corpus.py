#!/usr/bin/env python3
"""A generated corpus of N documents shaped like the curated one, for the build benchmark.

Document *k* joins three curated documents (``3k``, ``3k+1``, ``3k+2`` mod their number: texts,
metadata of the first and facts as curated: the same shared entities, quotes, multi-quote statements, observations and
attributes), under a new id ``gen-NNNNN``, with one sentence of its own appended to the text:
a firm that exists only in this document (``gen-firm-NNNNN``, a new entity), located in
深圳, partnering with 华为, with a revenue — so the entity list grows with the corpus, as a
real one does, while most facts point at a few shared hubs.

``make_corpus(target, n)`` writes a sources folder (documents.yaml, documents/, facts/,
entities.yaml, indicators.yaml); ``touch_document(target, k)`` changes one document's facts
(its own firm's revenue), which is what the one-document-changed rebuild measures.  The same
``n`` gives byte-identical files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


def _doc_id(k: int) -> str:
    return f"gen-{k:05d}"


def _sentence(k: int, revenue: int) -> str:
    return f"合成{k:05d}号科技公司总部位于深圳,与华为开展合作,2024年营业收入{revenue}亿元。"


def _firm_entity(k: int) -> str:
    return (f"- {{id: gen-firm-{k:05d}, type: Firm, label: 合成{k:05d}号科技公司, "
            f"en: Synthetic Tech No. {k:05d}, aliases: [合成{k:05d}号]}}\n")


def _tail(k: int, revenue: int) -> dict:
    """The statements and the observation of document k's own firm."""
    quote, firm = _sentence(k, revenue), f"gen-firm-{k:05d}"
    return {"statements": [{"s": firm, "p": "locatedIn", "o": "shenzhen", "quote": quote[:16]},
                           {"s": firm, "p": "partnersWith", "o": "huawei", "quote": quote}],
            "observations": [{"s": firm, "indicator": "revenue", "as_written": f"{revenue}亿元", "unit": "CNY",
                              "period": "2024", "quote": f"2024年营业收入{revenue}亿元"}]}


PARTS = 3  #: curated documents joined into one generated document (≈ 2,000 quads each)


def _originals() -> list[tuple[dict, dict, bytes]]:
    """(metadata, facts, document bytes) of every curated document, in id order."""
    import yaml

    meta = yaml.load((SOURCES / "documents.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    out = []
    for item in sorted(meta, key=lambda m: m["id"]):
        path = SOURCES / "facts" / f"{item['id']}.yaml"
        if not path.exists():
            continue
        facts = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        out.append((item, facts, (SOURCES / item["file"]).read_bytes()))
    return out


def _fact_key(kind: str, fact: dict) -> tuple:
    """What makes two facts of one document the same (so a joined document states it once)."""
    if kind == "statements":
        return (fact.get("s"), fact.get("p"), fact.get("o"), fact.get("time"), fact.get("role"))
    return tuple(sorted((k, str(v)) for k, v in fact.items() if k != "quotes"))


def _shifted(facts: dict, offset: int) -> dict:
    """A part's facts with every ``start:`` offset moved to where the part begins in the joined
    clean text."""
    if not offset:
        return facts
    return {kind: [{**f, "start": f["start"] + offset} if "start" in f else f for f in items]
            if isinstance(items, list) else items for kind, items in facts.items()}


def _part_offsets(parts_raw: list[bytes], joined: bytes) -> list[int]:
    """Where each part's clean text begins in the clean text of the joined document."""
    from graph.text import clean

    text, offsets, at = clean(joined), [], 0
    for raw in parts_raw:
        head = clean(raw)[:40]
        at = text.index(head, at)
        offsets.append(at)
        at += len(head)
    return offsets


def _joined_facts(doc_id: str, parts: list[dict], tail: dict) -> dict:
    facts: dict = {"document": doc_id}
    for kind in ("statements", "observations", "attributes"):
        seen, items = set(), []
        for fact in [*tail.get(kind, []), *(f for part in parts for f in part.get(kind) or [])]:
            key = _fact_key(kind, fact)
            if key not in seen:
                seen.add(key)
                items.append(fact)
        if items:
            facts[kind] = items
    return facts


def make_corpus(target: Path, n: int) -> Path:
    """Write a sources folder of ``n`` generated documents at ``target`` (replaced); ``target``."""
    import yaml

    target = Path(target)
    shutil.rmtree(target, ignore_errors=True)
    (target / "documents").mkdir(parents=True)
    (target / "facts").mkdir()
    originals = _originals()
    meta_lines, entities = [], [(SOURCES / "entities.yaml").read_text(encoding="utf-8").rstrip("\n") + "\n"]
    for k in range(n):
        parts = [originals[(PARTS * k + i) % len(originals)] for i in range(PARTS)]
        doc_id, revenue = _doc_id(k), 10 + k % 90
        raw = b"\n\n".join(raw.rstrip(b"\n") for _meta, _facts, raw in parts)
        offsets = _part_offsets([r for _m, _f, r in parts], raw)
        (target / "documents" / f"{doc_id}.txt").write_bytes(
            raw + b"\n" + _sentence(k, revenue).encode("utf-8") + b"\n")
        fields = {**parts[0][0], "id": doc_id, "file": f"documents/{doc_id}.txt"}
        meta_lines.append("- " + "\n  ".join(f"{key}: {_scalar(v)}" for key, v in fields.items()) + "\n")
        facts = _joined_facts(doc_id, [_shifted(f, at) for (_m, f, _r), at in zip(parts, offsets, strict=True)],
                              _tail(k, revenue))
        (target / "facts" / f"{doc_id}.yaml").write_text(
            yaml.dump(facts, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=400,
                      default_flow_style=None), encoding="utf-8")
        entities.append(_firm_entity(k))
    (target / "documents.yaml").write_text("".join(meta_lines), encoding="utf-8")
    (target / "entities.yaml").write_text("".join(entities), encoding="utf-8")
    shutil.copy(SOURCES / "indicators.yaml", target / "indicators.yaml")
    if PARTS * n < len(originals):  # fewer parts than curated documents: not every entity is named
        prune_entities(target)
    return target


def prune_entities(target: Path) -> Path:
    """Drop from ``target``'s entities.yaml the entities its documents never name: a corpus of fewer
    documents than the curated ones (or one a test emptied) keeps every entity its facts refer to and
    every other one with a name written in its texts (an entity no document names is a sources error)."""
    import yaml

    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    target = Path(target)
    referred = {v for path in sorted((target / "facts").glob("*.yaml"))
                for v in strings(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {})}
    from graph.names import name_occurs
    from graph.text import clean, to_simplified

    # the clean texts the loader reads (graph.text.clean: no URL debris such as «%E6…»), then its matching rule
    text = to_simplified("\n".join(clean(path.read_bytes(), path)
                                   for path in sorted((target / "documents").glob("*.txt")))).casefold()
    kept = []
    path = target / "entities.yaml"
    for line in path.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        if line.startswith("- {"):
            ent = yaml.load(line[2:], Loader=yaml.CSafeLoader)
            names = [ent.get("label"), *(ent.get("aliases") or [])]  # the loader's names (graph.names.names_of): not ``en``,
            # matched as the loader matches them (across scripts, case-folded, UBS not inside "subsidiary")
            if ent["id"] not in referred and not any(name_occurs(str(n), text) for n in names if n):
                continue
        kept.append(line)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def _scalar(value) -> str:
    import json

    return json.dumps(str(value), ensure_ascii=False)


def touch_document(target: Path, k: int, revenue: int | None = None) -> Path:
    """Change document k's facts: its firm's revenue observation now quotes another figure
    that the text states (its 2024 year becomes the period 2024-12 as of the text).  The
    facts file that changed."""
    path = Path(target) / "facts" / f"{_doc_id(k)}.yaml"
    text = path.read_text(encoding="utf-8")
    old = "period: '2024', quote: 2024年营业收入"
    new = "period: '2024', as_of: 2024-12, quote: 2024年营业收入"
    changed = text.replace(old, new, 1) if old in text else text.replace(new, old, 1)
    path.write_text(changed, encoding="utf-8")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("n", type=int)
    args = parser.parse_args(argv)
    make_corpus(args.target, args.n)
    print(f"{args.n} documents in {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
