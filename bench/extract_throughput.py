#!/usr/bin/env python3
"""Throughput of `szkg extract` on Chinese text, against a naive baseline, in one run.

    python bench/extract_throughput.py            # about 2 MB of text
    python bench/extract_throughput.py --mb 5 --json

The text is the clean text of every seed document (simplified and traditional), repeated
until it reaches the requested size; the gazetteer holds every curated entity plus the
generic lexicons, as `szkg extract` uses it.  Reported:

* **extractor**: the whole pipeline (script normalisation, gazetteer, patterns, relation
  rules), in MB of UTF-8 text per second of CPU time of this process (one core) and of
  wall time.  The issue's target is ≥ 1 MB/s.
* **gazetteer**: finding every known name with the Aho-Corasick automaton, against the
  baseline of one ``str.find`` scan per name (what a simple implementation does); the
  ratio is the speed-up.

Timings are the best of ``--repeat`` runs (CPU time is less disturbed by other load on
the machine than wall time; both are shown).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_text(sources: Path, ontology: Path, megabytes: float):
    from graph.curate.sources import load_corpus
    from graph.vocab import load_ontology

    onto = load_ontology(str(ontology / "szkg.ttl"))
    corpus = load_corpus(sources, onto)
    seed = "\n".join(doc.text for doc in corpus.documents.values()) + "\n"
    copies = max(1, int(megabytes * 1e6 / len(seed.encode("utf-8")) + 0.999))
    return corpus, onto, seed * copies


def best(fn, repeat: int) -> tuple[float, float, object]:
    """(best CPU seconds, best wall seconds, last result) of ``repeat`` calls."""
    cpu, wall, result = [], [], None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall), result


def naive_find(names: list[str], text: str) -> int:
    """Baseline: every occurrence of every name, one str.find scan per name."""
    hits = 0
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            hits += 1
            pos = text.find(name, pos + 1)
    return hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="Megabytes of UTF-8 text to extract from.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per measurement (the best counts).")
    parser.add_argument("--sources", type=Path, default=ROOT / "sources")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()

    from graph.extract import Extractor, build_gazetteer, normalise
    from graph.extract.patterns import word_frequencies

    corpus, onto, text = corpus_text(args.sources, args.ontology, args.mb)
    size = len(text.encode("utf-8")) / 1e6
    gazetteer = build_gazetteer(corpus.entities.values())
    extractor = Extractor(gazetteer, onto, reserved_ids=set(corpus.entities))
    word_frequencies()  # one-off loading of the word list, not part of the throughput
    extractor.extract(text[:5000])

    cpu, wall, extraction = best(lambda: extractor.extract(text), args.repeat)
    norm = normalise(text)
    names = list(gazetteer.entries)
    ac_cpu, _w, ac_hits = best(lambda: len(gazetteer.find(norm)), args.repeat)
    naive_cpu, _w, naive_hits = best(lambda: naive_find(names, norm), max(1, args.repeat - 2))
    results = {
        "text_mb": round(size, 3), "characters": len(text),
        "extractor_mb_per_cpu_second": round(size / cpu, 3),
        "extractor_mb_per_wall_second": round(size / wall, 3),
        "extractor_cpu_seconds": round(cpu, 3),
        "candidates": len(extraction.candidates), "target_mb_per_second": 1.0,
        "gazetteer_names": len(names),
        "gazetteer_aho_corasick_cpu_seconds": round(ac_cpu, 4),
        "gazetteer_naive_find_cpu_seconds": round(naive_cpu, 4),
        "gazetteer_speedup": round(naive_cpu / ac_cpu, 1) if ac_cpu else None,
        "gazetteer_hits": {"aho_corasick": ac_hits, "naive": naive_hits},
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"text: {size:.2f} MB of UTF-8 ({len(text)} characters), {len(names)} gazetteer names")
    print(f"extractor: {results['extractor_mb_per_cpu_second']} MB/s per CPU second "
          f"({results['extractor_mb_per_wall_second']} MB/s wall; target ≥ 1 MB/s), "
          f"{len(extraction.candidates)} candidate statements")
    print(f"gazetteer: Aho-Corasick {ac_cpu:.3f} s vs one str.find scan per name {naive_cpu:.3f} s "
          f"→ {results['gazetteer_speedup']}× faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
