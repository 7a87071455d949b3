"""Work over many documents in worker processes forked from the build, results in order.

A build has loaded the sources once; a worker forked from it inherits them (nothing of the
corpus is pickled), runs one function over a slice of the jobs and sends back only that
function's results.  Forking is used only where it is safe and pays: on a system that forks,
from a process that runs no other thread (a lock another thread holds at the fork stays held
in the child), for at least ``MINIMUM`` jobs.  Otherwise the jobs run in this process — the
results are the same either way.

The workers are never killed while they may hold a lock of the pool's queues: ``Pool.terminate``
SIGTERMs them, and one killed while sending a result leaves the result queue's lock taken, so the
pool's task thread, which puts its last sentinel on that queue, waits for ever (a build that refused
a bad document hung so, once, in CI).  The context instead tells the workers to skip the jobs not yet
started, closes the pool and lets them finish; ``terminate`` stays the last resort after
``JOIN_TIMEOUT`` seconds (a worker that died, or a job that does not end).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Fewer jobs than this run in the build's own process (forking costs more than it saves).
MINIMUM = 48
#: Jobs a worker runs per task (fewer round trips; the results still arrive in order).
CHUNK = 8
#: Seconds the end of the context waits for the workers to finish what they started before it kills them.
JOIN_TIMEOUT = 60.0

#: In a worker: the function to run (inherited through fork, so a closure needs no pickling).
_CALL: Callable | None = None
#: In a worker: set when the context ends — the jobs of the tasks still queued are skipped.
_STOP = None


def _run_chunk(jobs: list) -> list:
    if _STOP is not None and _STOP.is_set():
        return []  # nobody reads these results any more
    return [_CALL(job) for job in jobs]


def can_fork(workers: int, jobs: int) -> bool:
    """Whether ``jobs`` jobs go to ``workers`` forked processes."""
    return workers > 1 and jobs >= MINIMUM and hasattr(os, "fork") and threading.active_count() == 1


@contextmanager
def ordered_map(call: Callable, jobs: list, workers: int) -> Iterator[Iterator]:
    """An iterator of ``call(job)`` for each of ``jobs``, in order, computed by ``workers``
    processes forked now, or in this process when ``can_fork`` says no.  The workers end with the
    context (on an error too); an exception a job raises reaches the caller when its turn comes."""
    global _CALL
    if not can_fork(workers, len(jobs)):
        yield (call(job) for job in jobs)
        return
    import multiprocessing

    global _STOP
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    _CALL, _STOP = call, stop
    try:
        pool = context.Pool(workers)
    finally:
        _CALL = _STOP = None
    try:
        chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
        yield (result for results in pool.imap(_run_chunk, chunks) for result in results)
    finally:
        stop.set()
        pool.close()
        _join(pool)


def _join(pool) -> None:
    """Wait for a closed pool's workers to end (they skip what is left), killing them only after
    ``JOIN_TIMEOUT`` seconds."""
    joining = threading.Thread(target=pool.join, name="szkg-pool-join", daemon=True)
    joining.start()
    joining.join(JOIN_TIMEOUT)
    if joining.is_alive():
        pool.terminate()
        joining.join()
