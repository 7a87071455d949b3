#!/usr/bin/env python3
"""Where the time of one CLI question goes: worker start, store opening, the query itself.

    python bench/cli_overhead.py bench/data/store-1000000-*      # a store made by bench/run

Prints medians of 9 runs: ``run_question`` whole (what `szkg query` does), a worker started
and stopped (fork + open the store in it), the same question on an already started worker,
and opening the store alone.
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


def main(store: Path) -> None:
    import pyoxigraph as ox

    from graph.query import run_question, saved_question
    from graph.runner import QueryRunner, start_method

    question, values = saved_question("document-mentions"), {"document": "d0"}
    run_question(store, question, values)  # warm the page cache
    print(f"worker start method: {start_method()}")
    print(f"run_question, whole:        {median_ms(lambda: run_question(store, question, values)):7.1f} ms")

    def start_stop():
        runner = QueryRunner(store)
        runner.warm()
        runner.close()

    print(f"worker start + open + stop: {median_ms(start_stop):7.1f} ms")
    with QueryRunner(store) as runner:
        runner.warm()
        warm = median_ms(lambda: run_question(store, question, values, runner=runner))
    print(f"question on a warm worker:  {warm:7.1f} ms")
    print(f"open the store alone:       {median_ms(lambda: ox.Store.read_only(str(store))):7.1f} ms")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: bench/cli_overhead.py STORE_DIR (e.g. bench/data/store-1000000-<version>, made by bench/run)")
    main(Path(sys.argv[1]))
