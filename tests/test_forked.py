"""graph/curate/forked.py: results in order from forked workers, and an end that never hangs.

A context that ends early (a bad document refused while the workers still had hundreds queued)
must not kill the workers while they may hold a lock of the pool's queues — that hung a build once —
so it tells them to skip what is left and lets them end.  These tests pin what that promises."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from graph.curate import forked
from graph.curate.forked import CHUNK, MINIMUM, can_fork, ordered_map

JOBS = 40 * MINIMUM


def _slow_double(path_and_i):
    folder, i = path_and_i
    (folder / f"{i}.done").touch()  # what the job did, seen from the test's process
    time.sleep(0.002)
    return 2 * i


@pytest.fixture
def jobs(tmp_path):
    assert can_fork(2, JOBS), "these tests need worker processes (a system that forks, one thread)"
    return [(tmp_path, i) for i in range(JOBS)]


def test_workers_give_every_result_in_order_and_end(jobs):
    with ordered_map(_slow_double, jobs, 2) as results:
        assert list(results) == [2 * i for i in range(JOBS)]
    assert multiprocessing.active_children() == []


def test_ending_the_context_early_skips_the_jobs_not_started_and_ends_the_workers(jobs, tmp_path):
    with pytest.raises(ValueError):
        with ordered_map(_slow_double, jobs, 2) as results:
            for k, _ in enumerate(results):
                if k == 20:
                    raise ValueError("a bad document")
    assert multiprocessing.active_children() == []
    done = len(list(tmp_path.glob("*.done")))
    # the workers had every job queued; the ones not started when the context ended were skipped
    assert 21 <= done < JOBS // 2, done


def test_a_jobs_error_reaches_the_caller_at_its_turn_and_the_workers_end(tmp_path):
    def fails_at_30(i):
        if i == 30:
            raise RuntimeError(f"job {i}")
        return i

    assert can_fork(2, JOBS)
    seen = []
    with pytest.raises(RuntimeError, match="job 30"):
        with ordered_map(fails_at_30, list(range(JOBS)), 2) as results:
            seen.extend(results)
    assert seen == list(range(30 // CHUNK * CHUNK))  # the results before the failing job's task
    assert multiprocessing.active_children() == []


def test_workers_still_running_after_the_timeout_are_killed(tmp_path, monkeypatch):
    """The last resort: a job that does not end is killed ``JOIN_TIMEOUT`` seconds after the context ends."""
    monkeypatch.setattr(forked, "JOIN_TIMEOUT", 0.5)

    def hangs_at_0(i):
        if i == 0:
            time.sleep(30)
        return i

    assert can_fork(2, JOBS)
    started = time.monotonic()
    with ordered_map(hangs_at_0, list(range(JOBS)), 2) as results:
        del results  # nothing taken: the context ends while job 0 runs
    assert multiprocessing.active_children() == []
    assert time.monotonic() - started < 20  # not the 30 s the job would take
