"""Run queries in worker processes that are killed at the deadline.

Oxigraph evaluates a query in Rust: a SIGALRM does not interrupt a running aggregate
and a thread cannot be stopped, so the only timeout that really stops the work is a
process that can be killed.  A :class:`QueryRunner` keeps a few workers, each with the
store open (read-only unless updates are allowed); a query is sent to an idle worker, and
if no answer comes before the deadline the worker is killed and a fresh one is started
the next time one is needed.

Workers start with ``fork`` when the calling process has a single thread (a script: a
worker costs a few milliseconds) and with ``forkserver`` otherwise (the server, or a test
process that has a store open), because forking a process that runs other threads can
copy a lock in a held state.  Before forking, the caller imports what the worker will need
(name resolution, OpenCC), so that a fresh worker does not pay for it on every question;
a read-only worker is ended with SIGKILL without waiting (it has nothing to save).
What remains per question is the fork and RocksDB opening the store (about 10 ms).

The ``szkg`` command itself does not need a worker: its process is szkg's own and ends after
one question, so an :class:`InProcessRunner` answers there, and at the deadline ends the whole
process (Oxigraph releases the GIL while it evaluates, so a watchdog thread sees the deadline).
That saves the fork, the second store opening and sending the rows back through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ParameterError, QueryError, QueryTimeout, StoreError, SzkgError
from graph.query.questions import (
    Job,
    Question,
    inspect,
    make_job,
    oxigraph_syntax_error,
    saved_inspection,
)
from graph.query.results import QueryResult


def _resolve(store, kind: str, entity_class: str, name: str):
    import pyoxigraph as ox

    from graph.query.entity import resolve_document, resolve_entity

    if kind == "document":
        return ox.NamedNode(resolve_document(store, name).iri)
    return ox.NamedNode(resolve_entity(store, name, entity_class or None).iri)


def _collect(answer, max_rows: int | None) -> QueryResult:
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        result = QueryResult("select", variables)
        for solution in answer:
            if max_rows is not None and len(result.rows) >= max_rows:
                result.truncated = True
                break
            result.rows.append(tuple(solution[v] for v in variables))
        return result
    result = QueryResult("graph")
    for triple in answer:
        if max_rows is not None and len(result.triples) >= max_rows:
            result.truncated = True
            break
        result.triples.append(triple)
    return result


@dataclass(frozen=True)
class CardJob:
    """An entity card for a worker (:func:`graph.query.card.entity_card`): the page at
    ``/entity/<id>`` of ``szkg serve`` runs its queries under the same deadline as a query."""

    name: str  #: any name of the entity, or ``ent:id``
    limit: int | None = None  #: statements listed per relation and direction (None: all)
    lang: str = "zh-Hans"

    def answer(self, store):
        from graph.query.card import entity_card

        return entity_card(store, self.name, self.limit, self.lang)


def execute(store, job: Job | CardJob) -> QueryResult:
    """Answer one job against an open pyoxigraph Store (what a worker does)."""
    import pyoxigraph as ox

    if isinstance(job, CardJob):
        return job.answer(store)

    substitutions = {ox.Variable(name): term for name, term in job.substitutions.items()}
    for name, (kind, entity_class, value) in job.lookups.items():
        substitutions[ox.Variable(name)] = _resolve(store, kind, entity_class, value)
    text = job.text
    if job.inline_values and substitutions:
        from graph.query.questions import with_values

        text = with_values(text, {v.value: term for v, term in substitutions.items()})
        substitutions = {}
    start = time.perf_counter()
    try:
        if job.update:
            store.update(text, prefixes=job.prefixes)
            return QueryResult("update", seconds=time.perf_counter() - start)
        options: dict = {"prefixes": job.prefixes, "substitutions": substitutions or None}
        if job.default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        elif job.union:
            options["use_default_graph_as_union"] = True
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        result = _collect(store.query(text, **options), job.max_rows)
    except SyntaxError as exc:
        raise oxigraph_syntax_error(str(exc), job.source) from None
    except RuntimeError as exc:
        message = str(exc)
        if "in its SELECT projection" in message:
            variable = message.split("variable ", 1)[-1].split(" ", 1)[0]
            raise ParameterError(f"parameter {variable} is not in the query's SELECT clause; add it there "
                                 "(a parameter is bound like a VALUES block over the projection)") from None
        raise QueryError(f"the query failed: {message}") from None
    except (OSError, ValueError, TypeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    result.seconds = time.perf_counter() - start
    if job.written_as:
        _write(result, job)
    return result


def _write(result: QueryResult, job: Job) -> None:
    """Write the answer in ``job.written_as`` here, in the worker, when that format fits it (the
    endpoint then sends the bytes on: its own process, which every request shares, does less)."""
    from graph.query.results import GRAPH_FORMATS, RESULT_FORMATS, serialize

    fits = GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS
    if result.truncated or result.kind == "update" or job.written_as not in fits:
        return
    result.body, result.written_as = serialize(result, job.written_as, job.prefixes), job.written_as
    result.rows, result.triples = [], []


def _limit_cpu(seconds: float | None) -> None:
    """Let the kernel stop this process after ``seconds`` more CPU time (Unix; else nothing).

    The parent kills a worker at the deadline (an in-process runner's watchdog ends its
    process); this is for when neither can: no parent left, or a watchdog that never gets to
    run.  The worker's own Python code is busy waiting for Oxigraph, but SIGXCPU from the
    kernel ends the process.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    soft = hard if seconds is None else int(usage.ru_utime + usage.ru_stime + seconds) + 10
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


#: the same, for the endpoint's worker processes (graph.query.server), which run their queries themselves
limit_cpu = _limit_cpu


def timed_out(timeout: float) -> str:
    return f"the query timed out after {timeout:g} s and was stopped"


class InProcessRunner:
    """Answer jobs in this process: for a process that is szkg's own and may end itself.

    The ``szkg`` command uses it (see ``graph.cli.app.main``); a library caller, the server and
    the tests' CliRunner keep the worker processes, because at the deadline this runner ends
    the process it runs in: a watchdog thread writes the one-line error to stderr and exits
    with status 1 (``exit_code``).  Nothing has been printed by then: results are written after
    ``run`` returns.  A CPU-time limit is the kernel's backstop should the watchdog not run.
    Ctrl-C ends the process at once while a query runs (Python could only see it when the
    query is over).  The store is opened read-only, once, on the first job.
    """

    def __init__(self, store_path: Path, *, exit_code: int = 1):
        self.store_path, self.exit_code = Path(store_path), exit_code
        self._store = None

    def _open(self):
        if self._store is None:
            from graph.store.embedded import open_store

            self._store = open_store(self.store_path)
        return self._store

    def warm(self) -> None:
        """Nothing to start: the job runs in this process."""

    def close(self) -> None:
        self._store = None

    def __enter__(self) -> InProcessRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _watch(self, done: threading.Event, timeout: float) -> None:
        if not done.wait(timeout):
            os.write(2, f"Error: {timed_out(timeout)}\n".encode())
            os._exit(self.exit_code)

    def run(self, job: Job, timeout: float = 30.0) -> QueryResult:
        """Answer the job, or end this process at the deadline (see the class docstring)."""
        store = self._open()
        done = threading.Event()
        threading.Thread(target=self._watch, args=(done, timeout), name="szkg-query-deadline",
                         daemon=True).start()
        main = threading.current_thread() is threading.main_thread()
        interrupt = signal.signal(signal.SIGINT, signal.SIG_DFL) if main else None
        _limit_cpu(timeout)
        try:
            return execute(store, job)
        finally:
            done.set()
            _limit_cpu(None)
            if main:
                signal.signal(signal.SIGINT, interrupt)


def _worker_main(conn, parent_end, store_path: str, writable: bool) -> None:
    """Worker process: open the store, then answer jobs until told to stop (None) or killed.

    The worker closes its copy of the parent's end of the pipe (a forked child inherits
    it) so that it sees end-of-file when the parent goes away, exits when it is orphaned,
    ignores Ctrl-C (the parent decides), and runs each job under a CPU-time limit.
    """
    from graph.store.embedded import EmbeddedStore

    parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU must not leave a core file
    except (ImportError, ValueError, OSError):  # pragma: no cover
        pass
    try:
        store = EmbeddedStore(Path(store_path), writable=writable).ox
    except StoreError as exc:
        conn.send(("error", exc))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, timeout = message
        _limit_cpu(timeout)
        try:
            reply = ("ok", execute(store, job))
        except SzkgError as exc:
            reply = ("error", exc)
        except Exception as exc:  # noqa: BLE001 - the parent must get an answer, not a dead pipe
            reply = ("error", QueryError(f"the query failed: {type(exc).__name__}: {exc}"))
        _limit_cpu(None)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _preload(job: Job) -> None:
    """Import in the caller what a forked worker would otherwise import (and set up) for this
    job: done once here, a forked worker inherits it, instead of paying it in every worker."""
    if isinstance(job, CardJob):
        import graph.query.card  # noqa: F401
        return
    if job.inline_values or job.lookups:
        import graph.store.sparql  # noqa: F401 - graph.query.questions.with_values binds with its inject_values
    if job.lookups:
        import graph.query.entity  # noqa: F401
        from graph.text import to_simplified

        to_simplified("")  # loads OpenCC's dictionaries, which name matching needs


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count() + 1  # unknown: assume more than one


def start_method() -> str:
    """``fork`` for a single-threaded caller, else ``forkserver`` (or ``spawn``)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _threads() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context, store_path: Path, writable: bool, startup_timeout: float):
        self.writable = writable
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, self.conn, str(store_path), writable),
                                       name="szkg-query-worker", daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(startup_timeout):
            self.kill()
            raise StoreError(f"{store_path}: the query worker did not start within {startup_timeout:g} s")
        try:
            status, payload = self.conn.recv()
        except EOFError:
            self.kill()
            raise StoreError(f"{store_path}: the query worker exited while opening the store") from None
        if status == "error":
            self.kill()
            raise payload

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def call(self, job: Job, timeout: float):
        """Send the job; (status, payload), or None if the deadline passed first."""
        self.conn.send((job, timeout))
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self, wait: bool = True) -> None:
        """SIGKILL the worker; ``wait`` for it to be gone (else it is reaped later, by
        multiprocessing when it next starts a process or at exit)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5 if wait else 0)
        self.conn.close()

    def stop(self) -> None:
        """End the worker: a writable one is asked to close its store; a read-only one has
        nothing to save and is killed without waiting (a RocksDB close, or even the
        kernel's teardown of the process, costs more than many a query)."""
        if self.writable:
            try:
                self.conn.send(None)
                self.process.join(2)
            except (OSError, ValueError):
                pass
        self.kill(wait=self.writable)


class QueryRunner:
    """A small pool of query worker processes for one store.

    ``run`` may be called from several threads; at most ``workers`` queries run at once
    and the others wait for a free worker (within their own timeout).  A runner is a
    context manager; ``close`` stops the workers.
    """

    def __init__(self, store_path: Path, *, workers: int = 1, writable: bool = False,
                 method: str | None = None, startup_timeout: float = 60.0):
        store_path = Path(store_path)
        if not store_path.is_dir():
            raise StoreError(f"{store_path}: no store here; run `szkg build` first")
        self.store_path, self.writable, self.size = store_path, writable, max(1, workers)
        self.startup_timeout = startup_timeout
        self._context = multiprocessing.get_context(method or start_method())
        if self._context.get_start_method() == "forkserver":
            self._context.set_forkserver_preload(["graph.query.runner"])
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False

    def warm(self) -> None:
        """Start every worker now, so the first queries need not wait for one."""
        started = [self._start() for _ in range(self.size - self._idle.qsize())]
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.store_path, self.writable, self.startup_timeout)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _take(self) -> _Worker:
        """An idle live worker, or a new one."""
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return self._start()
            if worker.process.is_alive():
                return worker
            self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def worker_pids(self) -> set[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        with self._lock:
            return {w.pid for w in self._workers if w.process.is_alive()}

    def run(self, job: Job, timeout: float = 30.0) -> QueryResult:
        """Answer the job within ``timeout`` seconds, or kill its worker and raise QueryTimeout."""
        if self._closed:
            raise QueryError("the query runner is closed")
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeout(f"all {self.size} query workers stayed busy for {timeout:g} s; try again")
        try:
            if self._context.get_start_method() == "fork":
                _preload(job)
            worker = self._take()
            try:
                reply = worker.call(job, timeout)
            except (EOFError, OSError, ValueError):
                self._discard(worker)
                raise QueryError("the query worker died while answering; the query was not answered") from None
            if reply is None:
                self._discard(worker)
                raise QueryTimeout(timed_out(timeout))
            self._idle.put(worker)
        finally:
            self._slots.release()
        status, payload = reply
        if status == "error":
            raise payload
        return payload

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class StoreRunner:
    """Answers jobs on a store held in this process (in memory, or opened by the caller),
    without a deadline: for tests and notebooks that fill a :class:`graph.store.embedded.MemoryStore`."""

    def __init__(self, store):
        self.store = store

    def _store(self, timeout: float):
        return self.store

    def run(self, job: Job, timeout: float = 30.0) -> QueryResult:
        return execute(self._store(timeout), job)

    def warm(self) -> None:
        """Nothing to start: there are no worker processes."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RemoteRunner(StoreRunner):
    """Answers :class:`graph.query.questions.Job`s on a SPARQL server, as :class:`QueryRunner` does
    on the embedded store: the question is inspected and bound exactly alike, then sent in
    one request.  The deadline is the request's timeout — the server, not a killed worker,
    stops the work.
    """

    def _store(self, timeout: float):
        return self.store.with_timeout(timeout)


def runner_for(store, *, workers: int = 1, writable: bool = False, method: str | None = None,
               in_process: bool = False):
    """The runner that answers jobs on ``store`` (anything :func:`graph.store.connect` takes):
    worker processes killed at the deadline for an embedded store (``in_process``: this very
    process, see :class:`InProcessRunner`), the server's own request timeout for a remote one."""
    from graph.store import connect
    from graph.store.embedded import EmbeddedStore

    store = connect(store, writable=writable)
    if not isinstance(store, EmbeddedStore):
        return RemoteRunner(store)
    if store.path is None:  # an in-memory or already open store: no process can open it again
        return StoreRunner(store)
    if in_process:
        return InProcessRunner(store.path)
    return QueryRunner(store.path, workers=workers, writable=writable, method=method)


def run_question(store, question: Question, values: dict[str, str] | None = None, *,
                 timeout: float = 30.0, limit: int | None = None, runner=None):
    """Inspect, bind and run a question against the store; a QueryResult.

    ``limit`` stops reading after that many rows (``result.truncated`` tells whether more
    existed).  Without a ``runner`` a one-worker runner is started and stopped around it.
    """
    inspection = saved_inspection(question) or inspect(question.text, source=question.source)
    job = make_job(question, values, inspection=inspection, limit=limit)
    if runner is not None:
        return runner.run(job, timeout)
    with runner_for(store) as own:
        return own.run(job, timeout)
