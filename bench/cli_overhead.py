#!/usr/bin/env python3
"""Where the time of one CLI question goes: worker start, store opening, the query itself.

    python bench/cli_overhead.py bench/data/store-1000000-*              # a store made by bench/run
    python bench/cli_overhead.py bench/data/store-1000000-* --questions  # and every saved question

Prints medians of 9 runs: ``run_question`` in a worker (what a Python caller gets), a worker
started and stopped (fork + open the store in it), the same question on an already started
worker, the question in this process as the `szkg query` command runs it (store opened each
time: ``graph.query.runner.InProcessRunner``), the question through a running `szkg serve` as
`szkg query --store URL` sends it (``graph.query.runner.RemoteRunner``), opening the store alone,
and opening a store that holds one quad (what opening costs whatever the store's size).

``--questions`` then times every saved question (bound as bench/run binds them) in three
ways: as `szkg query` runs it, through `szkg serve`, and on a store this process holds open;
with the rdflib p50s of bench/RESULTS.json for a store of that size, the ratios to them
(rdflib measured in that run, not in this one: read them as indications).
"""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(fn, n: int = 9) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def show(label: str, ms: float) -> None:
    print(f"{label + ':':34s}{ms:7.1f} ms")


@contextlib.contextmanager
def served(store: Path):
    """The URL of a `szkg serve` over ``store``, started as a user starts it (its own process)."""
    with tempfile.TemporaryDirectory(prefix="szkg-serve-") as out:
        (Path(out) / "store").symlink_to(store.resolve(), target_is_directory=True)
        server = subprocess.Popen(
            [sys.executable, "-m", "graph", "serve", "--out", out, "--port", "0", "--quiet",
             "--timeout", "300", "--max-rows", "1000000"],
            cwd=ROOT, stderr=subprocess.PIPE, text=True)
        try:
            line = server.stderr.readline()
            found = re.search(r"SPARQL endpoint: (\S+)", line)
            if not found:
                sys.exit(f"szkg serve did not start: {line.strip() or 'no output'}")
            yield found.group(1)
        finally:
            server.terminate()
            server.wait()


def one_quad_store(directory: Path) -> Path:
    import pyoxigraph as ox

    store = ox.Store(str(directory))
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    store.flush()
    del store
    return directory


def main(store: Path) -> None:
    import pyoxigraph as ox

    from graph.query.questions import saved_question
    from graph.query.runner import run_question
    from graph.query.runner import InProcessRunner, QueryRunner, start_method

    question, values = saved_question("document-mentions"), {"document": "d0"}
    run_question(store, question, values)  # warm the page cache
    print(f"worker start method: {start_method()}")
    show("run_question in a worker", median_ms(lambda: run_question(store, question, values)))

    def start_stop():
        runner = QueryRunner(store)
        runner.warm()
        runner.close()

    show("worker start + open + stop", median_ms(start_stop))
    with QueryRunner(store) as runner:
        runner.warm()
        warm = median_ms(lambda: run_question(store, question, values, runner=runner))
    show("question on a warm worker", warm)
    # after the workers: a store open in this process makes it start workers by forkserver
    show("in this process (szkg query)", median_ms(
        lambda: run_question(store, question, values, runner=InProcessRunner(store))))
    with served(store) as url:
        from graph.query.runner import RemoteRunner
        from graph.store.remote import open_remote

        # untimed: the server's workers give their first answer
        run_question(None, question, values, runner=RemoteRunner(open_remote(url)))
        show("through szkg serve (HTTP)", median_ms(
            lambda: run_question(None, question, values, runner=RemoteRunner(open_remote(url)))))
    show("open the store alone", median_ms(lambda: ox.Store.read_only(str(store))))
    with tempfile.TemporaryDirectory(prefix="szkg-tiny-") as tiny:
        path = one_quad_store(Path(tiny))
        show("open a store of one quad", median_ms(lambda: ox.Store.read_only(str(path))))


def rdflib_p50s(store: Path) -> dict[str, tuple[float, str]]:
    """rdflib's p50 per question in bench/RESULTS.json for a store of this size, as (seconds,
    "") — or (its timeout, "≥") where it did not answer in time; empty when that run has none."""
    size = re.match(r"store-(\d+)-", store.name)
    results = ROOT / "bench" / "RESULTS.json"
    if not size or not results.exists():
        return {}
    rows = [r for r in json.loads(results.read_text()).get("query", [])
            if r.get("size") == int(size.group(1))]
    base = rows[0].get("rdflib", {}) if rows else {}
    return {name: (v["p50"], "") if "p50" in v else (v["timeout"], "≥") for name, v in base.items()
            if isinstance(v, dict) and ("p50" in v or "timeout" in v)}


def questions(store: Path) -> None:
    """Every saved question three ways, and the median ratio to rdflib for each."""
    import importlib.machinery
    import importlib.util

    from graph.query.questions import with_values
    from graph.query.runner import RemoteRunner, run_question
    from graph.store.remote import open_remote
    from graph.query.runner import InProcessRunner
    from graph.store.embedded import open_store
    from graph.vocab import PREFIXES

    loader = importlib.machinery.SourceFileLoader("bench_run", str(ROOT / "bench" / "run"))
    bench = importlib.util.module_from_spec(importlib.util.spec_from_loader("bench_run", loader))
    loader.exec_module(bench)
    jobs, rdflib = bench._question_jobs(), rdflib_p50s(store)
    held = open_store(store)

    def asks(q, values, url):  # the three ways to answer one question
        # bench/run's "Oxigraph alone": parameters given as IRIs, on a store held open
        text = with_values(q.text, {p.name: bench._ox_value(p.kind, values[p.name])
                                    for p in q.params if p.name in values})
        return {
            "szkg query": lambda: run_question(store, q, values, timeout=300,
                                               runner=InProcessRunner(store)),
            "through szkg serve": lambda: run_question(None, q, values, timeout=300,
                                                       runner=RemoteRunner(open_remote(url))),
            "store held open": lambda: list(held.query(text, prefixes=PREFIXES,
                                                       use_default_graph_as_union=True)),
        }

    ways = ("szkg query", "through szkg serve", "store held open")
    print(f"\n{'question':26s}" + "".join(f"{w:>20s}" for w in ways)
          + ("   ratios to rdflib (RESULTS.json)" if rdflib else ""))
    ratios: dict[str, list[float]] = {w: [] for w in ways}
    with served(store) as url:
        for name, q, values in jobs:
            ask = asks(q, values, url)
            times = {}
            for way in ways:
                ask[way]()  # untimed: imports, the workers' first answer
                times[way] = median_ms(ask[way], n=5)
            line = f"{name:26s}" + "".join(f"{ms:17.1f} ms" for ms in times.values())
            if name in rdflib:
                seconds, bound = rdflib[name]
                for way, ms in times.items():
                    ratios[way].append(seconds * 1000 / ms)
                line += "   " + " / ".join(f"{bound}{seconds * 1000 / ms:.1f}×"
                                           for ms in times.values())
            print(line, flush=True)
    if rdflib:
        print(f"{'median ratio':26s}"
              + "".join(f"{statistics.median(r):19.1f}×" for r in ratios.values()))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--questions"]
    if len(args) != 1 or not Path(args[0]).is_dir():
        sys.exit("usage: bench/cli_overhead.py STORE_DIR [--questions] "
                 "(e.g. bench/data/store-1000000-<version>, made by bench/run)")
    main(Path(args[0]))
    if "--questions" in sys.argv[1:]:
        questions(Path(args[0]))
