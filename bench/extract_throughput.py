#!/usr/bin/env python3
"""Throughput of `szkg extract`, with the NER model and without it, against a naive baseline, in one run.

    python bench/extract_throughput.py            # about 0.5 MB of text
    python bench/extract_throughput.py --mb 2 --json

The text is the clean text of every document of sources/ (simplified, traditional and English,
each extracted with its own script's path), repeated until it reaches the requested size; the
gazetteer holds every curated entity plus the generic lexicons, as `szkg extract` uses it.
Start-up (loading the model, the word list, the gazetteer) is excluded.  Reported:

* **extractor with the model** (LAC on ONNX Runtime + gazetteer + patterns + relation rules + the
  learned pair model) and **rule-only extractor** (the same without LAC and the learned pairs, what
  extraction was before issue 21),
  side by side: characters per CPU second of this process (one core) and the ratio.  The issue's
  target is ≥ 15,000 characters per second per core with the model.
* **all cores**: the same documents extracted by one worker process per core (as
  ``szkg extract --pending`` does), characters per wall second.
* **gazetteer**: finding every known name with the Aho-Corasick automaton, against the
  baseline of one ``str.find`` scan per name (what a simple implementation does); the
  ratio is the speed-up.

Timings are the best of ``--repeat`` runs (CPU time is less disturbed by other load on
the machine than wall time; both are shown).
"""

from __future__ import annotations

import argparse
import json
import os
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
    docs = [(doc.text, doc.script) for _id, doc in sorted(corpus.documents.items())]
    size = sum(len(t.encode("utf-8")) for t, _s in docs)
    copies = max(1, int(megabytes * 1e6 / size + 0.999))
    return corpus, onto, docs * copies


_WORKER = None


def _start(sources: str, ontology: str) -> None:
    global _WORKER
    from graph.curate.review import known_entities, make_extractor

    _WORKER = make_extractor(Path(ontology), known_entities(Path(sources), Path(ontology)))
    _WORKER.extract("深圳华为。", script="zh-Hans")  # load the model in the worker, outside the timing


def _extract(job: tuple[str, str]) -> int:
    text, script = job
    return len(_WORKER.extract(text, script=script).candidates)


def all_cores(docs, sources: Path, ontology: Path) -> tuple[float, int]:
    """(wall seconds, workers) to extract every document with one worker process per core."""
    from concurrent.futures import ProcessPoolExecutor

    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers, initializer=_start, initargs=(str(sources), str(ontology))) as pool:
        list(pool.map(_start_probe, range(workers)))  # every worker started before the clock
        w0 = time.perf_counter()
        list(pool.map(_extract, docs, chunksize=4))
        return time.perf_counter() - w0, workers


def _start_probe(_n: int) -> int:
    return 0


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
    parser.add_argument("--mb", type=float, default=0.5, help="Megabytes of UTF-8 text to extract from.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per measurement (the best counts).")
    parser.add_argument("--sources", type=Path, default=ROOT / "sources")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()

    from graph.extract import Extractor, build_gazetteer, normalise
    from graph.extract.patterns import word_frequencies

    corpus, onto, docs = corpus_text(args.sources, args.ontology, args.mb)
    characters = sum(len(t) for t, _s in docs)
    size = sum(len(t.encode("utf-8")) for t, _s in docs) / 1e6
    gazetteer = build_gazetteer(corpus.entities.values())
    with_model = Extractor(gazetteer, onto, reserved_ids=set(corpus.entities))
    rules_only = Extractor(gazetteer, onto, reserved_ids=set(corpus.entities), model=False, learned=False)
    word_frequencies()  # one-off loading of the word list, not part of the throughput
    with_model.extract("深圳华为。", script="zh-Hans")  # loads the model once, outside the timing

    def run(extractor):
        return sum(len(extractor.extract(t, script=s).candidates) for t, s in docs)

    cpu, wall, candidates = best(lambda: run(with_model), args.repeat)
    rcpu, rwall, rcandidates = best(lambda: run(rules_only), args.repeat)
    par_wall, workers = all_cores(docs, args.sources, args.ontology)
    text = "\n".join(t for t, _s in docs)
    norm = normalise(text)
    names = list(gazetteer.entries)
    ac_cpu, _w, ac_hits = best(lambda: len(gazetteer.find(norm)), args.repeat)
    naive_cpu, _w, naive_hits = best(lambda: naive_find(names, norm), max(1, args.repeat - 2))
    results = {
        "text_mb": round(size, 3), "characters": characters, "documents": len(docs),
        "model_chars_per_cpu_second": round(characters / cpu),
        "rules_only_chars_per_cpu_second": round(characters / rcpu),
        "model_vs_rules_only": round(rcpu / cpu, 3),
        "model_cpu_seconds": round(cpu, 3), "rules_only_cpu_seconds": round(rcpu, 3),
        "model_wall_seconds": round(wall, 3),
        "all_cores_workers": workers, "all_cores_chars_per_wall_second": round(characters / par_wall),
        "target_chars_per_second_per_core": 15000,
        "candidates": {"model": candidates, "rules_only": rcandidates},
        "gazetteer_names": len(names),
        "gazetteer_aho_corasick_cpu_seconds": round(ac_cpu, 4),
        "gazetteer_naive_find_cpu_seconds": round(naive_cpu, 4),
        "gazetteer_speedup": round(naive_cpu / ac_cpu, 1) if ac_cpu else None,
        "gazetteer_hits": {"aho_corasick": ac_hits, "naive": naive_hits},
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"text: {size:.2f} MB of UTF-8 ({characters} characters in {len(docs)} documents), "
          f"{len(names)} gazetteer names")
    print(f"extractor with the model: {results['model_chars_per_cpu_second']:,} characters per CPU second "
          f"(target ≥ 15,000 per core); rule-only: {results['rules_only_chars_per_cpu_second']:,} "
          f"→ the model costs ×{1 / results['model_vs_rules_only']:.2f} the time")
    print(f"all {workers} cores: {results['all_cores_chars_per_wall_second']:,} characters per wall second")
    print(f"gazetteer: Aho-Corasick {ac_cpu:.3f} s vs one str.find scan per name {naive_cpu:.3f} s "
          f"→ {results['gazetteer_speedup']}× faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
