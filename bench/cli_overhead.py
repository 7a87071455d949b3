#!/usr/bin/env python3
"""Where the time of one CLI question goes: worker start, store opening, the query itself.

    python bench/cli_overhead.py bench/data/store-1000000-*      # a store made by bench/run

Prints medians of 9 runs: ``run_question`` in a worker (what a Python caller gets), a worker
started and stopped (fork + open the store in it), the same question on an already started
worker, the question in this process as the `szkg query` command runs it (store opened each
time: ``graph.runner.InProcessRunner``), and opening the store alone.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def median_ms(fn, n: int = 9) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def show(label: str, ms: float) -> None:
    print(f"{label + ':':30s}{ms:7.1f} ms")


def main(store: Path) -> None:
    import pyoxigraph as ox

    from graph.query import run_question, saved_question
    from graph.runner import InProcessRunner, QueryRunner, start_method

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
    show("open the store alone", median_ms(lambda: ox.Store.read_only(str(store))))


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: bench/cli_overhead.py STORE_DIR (e.g. bench/data/store-1000000-<version>, made by bench/run)")
    main(Path(sys.argv[1]))
