"""`szkg serve`: a SPARQL 1.1 Protocol endpoint over a store (the build's embedded one, or a
remote server behind the same checks), and a small page.

Routes::

    GET  /            the query page: YASGUI with szkg's completion and saved questions
                      (graph.query.ui; ``?query-text=`` gives the plain page, its box filled in)
    GET  /static/…    the page's scripts and styles (graph/query/static/, nothing else)
    GET  /entity/ID   an entity's card as HTML (``?all=1`` every statement, ``?lang=en``)
    GET  /sparql      ?query=… [&default-graph-uri=…] [&named-graph-uri=…] [&param=NAME=VALUE…]
                      (also at / with a query)
    POST /sparql      form-encoded query= or update=, or a body of type
                      application/sparql-query or application/sparql-update
    GET  /explorer    the graph explorer (out/explorer.html) when it has been built

``param=NAME[:KIND]=VALUE`` binds a parameter of the query as an RDF term (the saved questions'
machinery: :func:`graph.query.questions.bind`), never pasting it into the text.

Answers follow ``format=`` or ``output=`` (a name such as ``json``, ``json-ld``, ``rdf+xml``,
``n3``, or a media type; SPARQLWrapper sends both), else ``Accept``: SELECT and ASK as SPARQL
JSON (the default), XML, CSV, TSV or an HTML table; CONSTRUCT and DESCRIBE as Turtle (the
default; N3 is answered as Turtle), N-Triples, JSON-LD or RDF/XML.  Asking only for formats that
do not fit the query form (CSV for a CONSTRUCT, N-Quads) is a 406 naming those that do.
``default-graph-uri=urn:x-rdflib:default`` (rdflib's ``Dataset``) means the default graph.

CORS: every answer carries ``Access-Control-Allow-Origin: *`` and OPTIONS answers a browser's
preflight, unless the operator restricted the origins (``cors_origins``) or allowed updates
(then no origin is allowed unless named).

Safe by default.  Every query is inspected before it runs (:func:`graph.query.questions.inspect_quickly`:
a lexical screen, then the parser when the screen cannot clear it):
SERVICE, LOAD and dataset clauses naming anything but this store's graphs are refused,
and so are updates unless the operator passed ``allow_update``.  An answer with more rows
than ``max_rows`` is refused rather than sent.

Processes.  On the build's store (a folder on disk) the server is a small pre-forked pool
(:class:`PreforkServer`): ``workers`` processes, each with the store open, accept connections
on the one listening socket and answer a request from start to end — HTTP, inspection, query,
writing — in their own interpreter, so requests are handled side by side on every core, with
no hop between processes and no lock shared between them.  A worker answers one request at a
time (HTTP/1.0: the connection closes after the answer, and a client that stalls while sending
its request is dropped after ``SparqlHandler.timeout`` seconds).  At the query's deadline a
watchdog thread in the worker writes the 503 answer and ends the process (Oxigraph cannot be
interrupted, so ending the process is what stops the work); the supervising process starts a
new worker.  Another store (in memory, or a remote server) is served by a threading server
(:class:`SparqlServer`) whose runner keeps the deadline.  Status codes: 400 malformed request or query;
403 refused; 404 unknown path; 405 a method other than GET, HEAD, POST or OPTIONS (with
``Allow``); 406 a format that does not fit the query form; 413 request body too large; 415
unknown body type; 422 more rows than ``max_rows`` (not 400: SPARQLWrapper calls every 400
"QueryBadFormed"); 503 timed out (the server goes on serving).  Errors are one line of
plain text (or the page, for a browser).
"""

from __future__ import annotations

import functools
import html
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from graph.errors import (
    AmbiguousName,
    ParameterError,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
    SzkgError,
    UnknownName,
)
from graph.query.questions import Question, inspect, inspect_quickly, make_job, saved_questions
from graph.query.results import GRAPH_FORMATS, RESULT_FORMATS, compact, serialize
from graph.query.runner import CardJob
from graph.query.ui import STATIC_FILES, UI_POLICY, card_page, static_file, ui_page, with_prefixes

#: Media types a client may ask for → format name, for SELECT/ASK and for graphs.
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",  # Turtle is N3
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/x-json+ld": "jsonld", "application/json": "jsonld",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml", "text/html": "html",
}
#: Names a client may pass as ``format=`` or ``output=`` (SPARQLWrapper's among them) → format.
RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
                "html": "html"}
GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples", "ntriples": "ntriples",
               "n-triples": "ntriples", "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld",
               "rdf+xml": "rdfxml", "rdfxml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml", "html": "html"}
#: Media types of formats this server knows but does not write (asking only for them is a 406).
UNWRITTEN_TYPES = {"application/n-quads": "nquads", "text/x-nquads": "nquads", "application/trig": "trig"}
#: rdflib's name for "the default graph" (``Dataset(store=SPARQLStore(url))`` sends it).
RDFLIB_DEFAULT_GRAPH = "urn:x-rdflib:default"
HTML_TYPE = "text/html; charset=utf-8"
PAGE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'")


@dataclass
class ServerConfig:
    """How the endpoint runs."""

    store: Any  #: what to serve: a graph.store.Store, or anything graph.store.connect takes
    timeout: float = 30.0  #: seconds a query may run before it is stopped
    max_rows: int = 10_000  #: answers with more rows (or triples) are refused
    allow_update: bool = False  #: accept SPARQL Update (it changes the store until the next build)
    workers: int = 2  #: queries answered at once (1 when updates are allowed)
    explorer: Path | None = None  #: HTML file served at /explorer when it exists
    max_body: int = 1_000_000  #: largest request body accepted, in bytes
    quiet: bool = False  #: do not log requests to stderr
    #: origins a page may query from (CORS); ``("*",)`` any; None: any when read-only, none with updates
    cors_origins: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.cors_origins is not None:
            self.cors_origins = parse_origins(self.cors_origins)

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The origins that get CORS headers (``*`` for any)."""
        if self.cors_origins is not None:
            return self.cors_origins
        return () if self.allow_update else ("*",)


def parse_origins(values) -> tuple[str, ...]:
    """``--cors-origin`` values (each may hold several, split by commas or spaces) → origins."""
    origins: list[str] = []
    for value in ([values] if isinstance(values, str) else values):
        for origin in re.split(r"[\s,]+", value.strip()):
            if not origin:
                continue
            origin = origin.rstrip("/")
            if origin != "*" and not re.fullmatch(r"https?://[^/\s?#]+", origin):
                raise ParameterError(f"CORS origin {origin!r} is not an origin; write it as "
                                     "scheme://host[:port] (e.g. https://example.org) or * for any")
            origins.append(origin)
    return tuple(dict.fromkeys(origins))


class HttpError(Exception):
    """An error answer: status and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.headers = status, headers or {}


def negotiate(accept: str, table: dict[str, str], default: str) -> str:
    """The format the client prefers among those in ``table`` (q-values honoured)."""
    best: tuple[float, str] | None = None
    for media, q in _accept_items(accept) or [("", 1.0)]:
        if q <= 0:
            continue
        if media in table:
            fmt = table[media]
        elif media in ("*/*", "application/*", "text/*", ""):
            fmt = default
        else:
            continue
        if best is None or q > best[0]:
            best = (q, fmt)
    return best[1] if best else default


_FORM_NAMES = {"select": "a SELECT answer (a table)", "ask": "an ASK answer (a boolean)",
               "graph": "a CONSTRUCT or DESCRIBE answer (a graph)"}


def writable_formats(kind: str) -> list[str]:
    """The formats an answer of this kind (select, ask, graph) can be written in."""
    formats = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    return [f for f in formats if f not in ("table", "markdown")] + ["html"]


def choose_format(kind: str, requested: list[str], accept: str) -> str:
    """The format of the answer: ``format=``/``output=`` first (names or media types), else ``Accept``.

    HttpError 406 when the client asked only for formats that do not fit the query form
    (CSV for a CONSTRUCT, Turtle for a SELECT, N-Quads for anything) — never a silent default.
    """
    is_graph = kind == "graph"
    names, types = (GRAPH_NAMES, GRAPH_TYPES) if is_graph else (RESULT_NAMES, RESULT_TYPES)
    media = {**(GRAPH_FORMATS if is_graph else RESULT_FORMATS), "html": "text/html"}
    fits = ", ".join(f"{f} ({media[f]})" for f in writable_formats(kind))
    asked = [v.strip() for v in requested if v.strip()]
    for value in asked:  # SPARQLWrapper sends a name and a media type: the first that fits wins
        name = value.lower().split(";")[0].strip()
        if name in names or name in types:
            return names.get(name) or types[name]
    if asked:
        raise HttpError(406, f"format {asked[0]!r} does not fit {_FORM_NAMES[kind]}; "
                             f"it can be written as {fits}")
    default = "turtle" if is_graph else "json"
    fmt = negotiate(accept, types, "")
    if fmt:
        return fmt
    known = {*RESULT_TYPES, *GRAPH_TYPES, *UNWRITTEN_TYPES} - {"text/plain"}
    wanted = [m for m, q in _accept_items(accept) if q > 0]
    if wanted and all(m in known for m in wanted):  # only formats we know, none of which fits
        raise HttpError(406, f"Accept: {' '.join(accept.split())} does not fit {_FORM_NAMES[kind]}; "
                             f"it can be written as {fits}")
    return default


def _accept_items(accept: str) -> list[tuple[str, float]]:
    """(media type, q) of each entry of an Accept header."""
    items = []
    for part in (accept or "").split(","):
        media, *params = part.strip().split(";")
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media.strip():
            items.append((media.strip().lower(), q))
    return items


#: texts up to this long have the verdict of their inspection kept (a client asking again)
INSPECTED_TEXT_LIMIT = 16_384


def _inspect(text: str, allow_update: bool):
    """inspect_quickly's verdict on a query; the last 512 accepted texts (of at most
    ``INSPECTED_TEXT_LIMIT`` characters) are remembered.  A refused text raises every time."""
    if len(text) > INSPECTED_TEXT_LIMIT:
        return inspect_quickly(text, allow_update=allow_update, source="query")
    return _inspect_kept(text, allow_update)


@functools.lru_cache(maxsize=512)
def _inspect_kept(text: str, allow_update: bool):
    return inspect_quickly(text, allow_update=allow_update, source="query")


def _error_status(exc: SzkgError) -> tuple[int, dict]:
    if isinstance(exc, QueryTimeout):
        return 503, {"Retry-After": "1"}
    if isinstance(exc, QueryRefused):
        return 403, {}
    if isinstance(exc, (QuerySyntaxError, ParameterError, QueryError, UnknownName, AmbiguousName)):
        return 400, {}  # a parameter naming no entity, or several, is the request's fault
    return 500, {}


def server_start_method() -> str:
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class _Endpoint:
    """What a request handler reads from its server: the configuration, the runner that answers
    jobs under the deadline, and the saved questions."""

    config: ServerConfig
    runner: Any
    server_address: tuple

    def _endpoint(self, config: ServerConfig) -> None:
        self.config = config
        #: saved questions by their text: the page sends a saved question's text as it is
        self.saved = {text: q for q in saved_questions().values() for text in (q.text, with_prefixes(q.text))}

    def question_for(self, text: str, params: list[str]) -> tuple[Question, dict[str, str]]:
        """The question a request asks and its ``param=NAME[:KIND]=VALUE`` values.

        The text of a saved question is that question (its parameters are declared and bound
        as a VALUES block); other text declares its parameters in ``# param:`` comments or
        takes them inline, as ``szkg query`` does.  Without ``param=`` the text is asked as it
        is (its variables unbound)."""
        saved = self.saved.get(text)
        if not params:
            return (saved or Question(text, source="query")), {}
        values: dict[str, str] = {}
        for param in params:
            name, eq, value = param.partition("=")
            if not eq or not name.strip():
                raise ParameterError(f"param={param!r}: write param=NAME=VALUE (or NAME:KIND=VALUE)")
            values[name.strip()] = value
        return (saved or Question.from_text(text, source="query")), values

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


class SparqlServer(_Endpoint, ThreadingHTTPServer):
    """A threading HTTP server that owns the query runner: for a store no other process can
    open (in memory) or a remote server (whose own timeout is the deadline)."""

    daemon_threads = True
    #: connections the kernel holds while every thread is busy (socketserver's 5 makes a burst of
    #: clients wait a second for the SYN to be sent again)
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], config: ServerConfig, store=None):
        from graph.query.runner import runner_for

        self._endpoint(config)
        workers = 1 if config.allow_update else config.workers
        self.runner = runner_for(config.store if store is None else store, workers=workers,
                                 writable=config.allow_update, method=server_start_method())
        try:
            self.runner.warm()
            super().__init__(address, SparqlHandler)
        except BaseException:
            self.runner.close()
            raise

    def server_close(self) -> None:
        super().server_close()
        self.runner.close()


# ---------------------------------------------------------------- the pre-forked pool


class _Deadline:
    """The worker's watchdog: one thread that, when a query runs past its deadline, writes the
    503 answer and ends the process (the supervisor starts another worker).

    ``arm`` and ``disarm`` bracket one job.  The watchdog is woken only when it sleeps past the
    new deadline (after an idle spell): otherwise it wakes at the deadline it sleeps towards and
    finds a later one, or none, so a busy worker pays no thread switch per query.  The lock is
    held while the 503 is written, so a query that ends as the deadline passes cannot write its
    own answer over it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._expire = None
        self._sleeps_until: float | None = None  #: when the watchdog wakes (None: when woken)
        threading.Thread(target=self._watch, name="szkg-query-deadline", daemon=True).start()

    def _watch(self) -> None:
        with self._cond:
            while True:
                deadline = self._deadline
                if deadline is not None and time.monotonic() >= deadline:
                    try:
                        self._expire()
                    finally:
                        os._exit(0)
                self._sleeps_until = deadline
                self._cond.wait(None if deadline is None else deadline - time.monotonic())

    def arm(self, seconds: float, expire) -> None:
        with self._cond:
            self._deadline, self._expire = time.monotonic() + seconds, expire
            if self._sleeps_until is None or self._sleeps_until > self._deadline:
                self._sleeps_until = self._deadline
                self._cond.notify()

    def disarm(self) -> None:
        with self._cond:  # waits for ever if the watchdog is ending the process
            self._deadline = self._expire = None


class DeadlineRunner:
    """Answers jobs in this worker process on its own store, under :class:`_Deadline`; the
    kernel's CPU-time limit is the backstop should the watchdog not get to run."""

    def __init__(self, store_path: Path, *, writable: bool = False):
        from graph.store.embedded import EmbeddedStore

        self.store = EmbeddedStore(Path(store_path), writable=writable)
        self.deadline = _Deadline()
        self.expire = None  #: called by the watchdog at the deadline with the message (the server's)

    def warm(self) -> None:
        """Open the store now (StoreError if it cannot be)."""
        self.store.ox  # noqa: B018 - opens it

    def run(self, job, timeout: float = 30.0):
        from graph.query.runner import execute, limit_cpu, timed_out

        store = self.store.ox
        message, expire = timed_out(timeout), self.expire
        self.deadline.arm(timeout, lambda: expire(message) if expire else None)
        limit_cpu(timeout)
        try:
            return execute(store, job)
        finally:
            self.deadline.disarm()
            limit_cpu(None)

    def close(self) -> None:
        self.store = None


class WorkerServer(_Endpoint, HTTPServer):
    """One worker of :class:`PreforkServer`: accepts on the shared socket and answers one
    request at a time, its queries run here under the deadline."""

    def __init__(self, sock, config: ServerConfig, store_path: Path):
        self._endpoint(config)
        self.runner = DeadlineRunner(store_path, writable=config.allow_update)
        self.runner.expire = self._expired
        self.runner.warm()
        self.handler: SparqlHandler | None = None
        self.stopping = False
        HTTPServer.__init__(self, sock.getsockname()[:2], SparqlHandler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.server_address = sock.getsockname()[:2]

    def serve(self) -> None:
        """Accept and answer connections one at a time until ``stop`` (a blocking accept():
        no select() that would wake every worker for each connection)."""
        while not self.stopping:
            try:
                request, client_address = self.get_request()
            except OSError:
                continue
            try:
                self.process_request(request, client_address)
            except Exception:  # noqa: BLE001 - as socketserver: log it, keep serving
                self.handle_error(request, client_address)
                self.shutdown_request(request)

    def stop(self) -> None:
        """End ``serve``: it is waiting in accept(), which a shut-down socket ends."""
        self.stopping = True
        try:
            self.socket.shutdown(socket.SHUT_RD)
        except OSError:
            pass

    def _expired(self, message: str) -> None:
        """The watchdog's answer for the request whose query is past its deadline."""
        handler = self.handler
        if handler is None:
            return
        handler.close_connection = True
        handler._fail(503, message, {"Retry-After": "1"}, query=getattr(handler, "query_text", ""))
        handler.wfile.flush()
        handler.connection.shutdown(socket.SHUT_WR)

    def handle_error(self, request, client_address) -> None:
        if not self.config.quiet:
            super().handle_error(request, client_address)


def _worker_main(sock, conn, config: ServerConfig, store_path: str) -> None:
    """A worker process: open the store, report ready, then serve until the supervisor closes
    its end of ``conn`` (or dies: the same end-of-file), or the watchdog ends the process."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU must not leave a core file
    except (ImportError, ValueError, OSError):  # pragma: no cover
        pass
    try:
        server = WorkerServer(sock, config, Path(store_path))
    except SzkgError as exc:
        conn.send(("error", exc))
        return
    conn.send(("ready", os.getpid()))

    def supervisor_gone() -> None:
        try:
            conn.recv()
        except (EOFError, OSError):
            pass
        if not config.allow_update:
            os._exit(0)  # read-only: nothing to save
        server.stop()  # a writable store is closed as the process ends

    threading.Thread(target=supervisor_gone, name="szkg-supervisor", daemon=True).start()
    server.serve()


class _Process:
    """A worker process and the supervisor's end of its pipe."""

    def __init__(self, context, sock, config: ServerConfig, store_path: Path, startup_timeout: float):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(sock, child, config, str(store_path)),
                                       name="szkg-endpoint-worker", daemon=True)
        self.process.start()
        child.close()
        try:
            if not self.conn.poll(startup_timeout):
                raise StoreError(f"{store_path}: the endpoint worker did not start within {startup_timeout:g} s")
            try:
                status, payload = self.conn.recv()
            except EOFError:
                raise StoreError(f"{store_path}: the endpoint worker exited while opening the store") from None
            if status == "error":
                raise payload
        except BaseException:
            self.kill()
            raise

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self, writable: bool) -> None:
        self.conn.close()  # the worker sees end-of-file: a read-only one exits at once
        if writable:
            self.process.join(5)
        self.kill()


class PreforkServer(_Endpoint):
    """The endpoint on the build's store: ``workers`` processes that each accept and answer
    requests (see the module docstring), supervised by this one, which restarts a worker that
    ended (its query ran past the deadline) and stops them all in ``server_close``.

    It has the parts of socketserver's interface the callers use: ``serve_forever`` (here: the
    supervision), ``shutdown``, ``server_close``, ``server_address`` and ``url``."""

    request_queue_size = 128  #: connections the kernel holds while every worker is busy

    def __init__(self, address: tuple[str, int], config: ServerConfig, store_path: Path,
                 startup_timeout: float = 60.0):
        import multiprocessing

        self._endpoint(config)
        self.store_path, self.startup_timeout = Path(store_path), startup_timeout
        self.size = 1 if config.allow_update else max(1, config.workers)
        self._context = multiprocessing.get_context(server_start_method())
        if self._context.get_start_method() == "forkserver":
            self._context.set_forkserver_preload(["graph.query.server"])
        self._worker_config = replace(config, store=str(self.store_path), explorer=config.explorer)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._workers: list[_Process] = []
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = self._context.Pipe(duplex=False)
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
            # blocking: the kernel wakes one worker waiting in accept() per connection, not all
            self.socket.listen(self.request_queue_size)
            self.server_address = self.socket.getsockname()[:2]
            for _ in range(self.size):
                self._workers.append(self._start())
        except BaseException:
            self.server_close()
            raise

    def _start(self) -> _Process:
        return _Process(self._context, self.socket, self._worker_config, self.store_path, self.startup_timeout)

    def worker_pids(self) -> set[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        with self._lock:
            return {w.process.pid for w in self._workers if w.process.is_alive()}

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Supervise the workers until ``shutdown``: a worker that ended is replaced (the
        workers serve from the moment they start; this only keeps their number)."""
        from multiprocessing.connection import wait

        self._idle.clear()
        try:
            while not self._stop.is_set():
                with self._lock:
                    sentinels = {w.process.sentinel: w for w in self._workers}
                ready = wait([*sentinels, self._wake_r], timeout=poll_interval)
                for handle in ready:
                    if handle is self._wake_r:
                        self._wake_r.recv()
                    elif not self._stop.is_set():
                        self._replace(sentinels[handle])
        finally:
            self._stop.clear()
            self._idle.set()

    def _replace(self, ended: _Process) -> None:
        ended.kill()  # reaps it
        try:
            worker = self._start()
        except (SzkgError, OSError) as exc:
            import sys

            print(f"szkg serve: cannot start an endpoint worker: {exc}", file=sys.stderr)
            time.sleep(1)  # the store may be back later; do not spin
            return
        with self._lock:
            self._workers = [w for w in self._workers if w is not ended] + [worker]

    def shutdown(self) -> None:
        """Stop ``serve_forever`` (the workers go on until ``server_close``)."""
        self._stop.set()
        self._wake_w.send(None)
        self._idle.wait()

    def server_close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop(self.config.allow_update)
        self.socket.close()
        self._wake_r.close()
        self._wake_w.close()


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: the page, the explorer, or a SPARQL query or update."""

    server: SparqlServer | WorkerServer
    server_version = "szkg"
    #: the answer is written through a buffer: status line, headers and a small body leave in one
    #: send (two sends cost a second trip through the kernel's loopback for every request)
    wbufsize = 64 * 1024
    timeout = 20  # seconds a slow client may take to send its request (it holds a worker meanwhile)

    # ------------------------------------------------------------ plumbing

    def handle(self) -> None:
        self.server.handler = self  # a worker's watchdog answers this request at its deadline
        super().handle()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if not self.server.config.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        cors = self._cors_headers()
        self.send_header("Vary", "Accept, Origin" if "Vary" in cors else "Accept")
        for key, value in {**{k: v for k, v in cors.items() if k != "Vary"}, **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, status: int, message: str, headers: dict | None = None, query: str = "") -> None:
        if "html" == negotiate(self.headers.get("Accept", ""), {"text/html": "html"}, "text"):
            body = page(self.server.config, query=query, error=message)
            self._send(status, body, HTML_TYPE, {"Content-Security-Policy": PAGE_POLICY, **(headers or {})})
        else:
            self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise HttpError(400, "Content-Length is not a number") from None
        if length > self.server.config.max_body:
            if length <= 64 * self.server.config.max_body:  # read it away so the client sees the answer
                remaining = length
                while remaining > 0 and (chunk := self.rfile.read(min(65536, remaining))):
                    remaining -= len(chunk)
            raise HttpError(413, f"the request body has {length} bytes; "
                                 f"the limit is {self.server.config.max_body}")
        return self.rfile.read(length) if length > 0 else b""

    # ------------------------------------------------------------ routes

    #: The methods the endpoint answers; any other gets 405 with this list in ``Allow``.
    ALLOWED = "GET, HEAD, POST, OPTIONS"

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # PUT, DELETE, PATCH, any other word: the protocol's 405
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self.close_connection = True  # a body we did not read must not be taken for the next request
        self._send(405, f"{self.command} is not allowed here; the endpoint answers {self.ALLOWED}\n".encode(),
                   "text/plain; charset=utf-8", {"Allow": self.ALLOWED})

    #: What a page of an allowed origin may send (the CORS preflight's answer).
    CORS_METHODS = "GET, POST, OPTIONS"
    CORS_HEADERS = "Content-Type, Accept"

    def _cors_headers(self) -> dict[str, str]:
        """Access-Control-Allow-Origin for this request's Origin, if the server lets it read answers."""
        allowed = self.server.config.allowed_origins
        if "*" in allowed:
            return {"Access-Control-Allow-Origin": "*"}
        origin = self.headers.get("Origin", "")
        if origin and origin.rstrip("/") in allowed:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {"Vary": "Origin"} if allowed else {}

    def do_OPTIONS(self) -> None:
        headers = {"Allow": self.ALLOWED}
        if "Access-Control-Allow-Origin" in self._cors_headers():  # a preflight from an allowed page
            headers.update({"Access-Control-Allow-Methods": self.CORS_METHODS,
                            "Access-Control-Allow-Headers": self.CORS_HEADERS,
                            "Access-Control-Max-Age": "600"})
        self._send(204, b"", "text/plain; charset=utf-8", headers)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path, params = urlsplit(self.path).path, self._params()
        try:
            if path == "/explorer":
                self._explorer()
            elif path == "/sparql" or (path == "/" and ("query" in params or "update" in params)):
                if "update" in params:
                    raise HttpError(400, "an update must be sent with POST")
                self._protocol(params)
            elif path == "/" and "query-text" in params:  # the plain page, its box filled in
                body = page(self.server.config, query=(params.get("query-text") or [""])[0])
                self._send(200, body, HTML_TYPE, {"Content-Security-Policy": PAGE_POLICY})
            elif path == "/":
                config = self.server.config
                body = ui_page(config, explorer=config.explorer is not None and Path(config.explorer).is_file())
                self._send(200, body, HTML_TYPE, {"Content-Security-Policy": UI_POLICY})
            elif path.startswith("/static/"):
                self._static(path[len("/static/"):])
            elif path.startswith("/entity/"):
                self._entity(unquote(path[len("/entity/"):]), params)
            else:
                raise HttpError(404, f"no such page: {path}; the endpoint is /sparql")
        except HttpError as exc:
            self._fail(exc.status, str(exc), exc.headers)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        try:
            if path not in ("/sparql", "/"):
                raise HttpError(404, f"no such endpoint: {path}; POST to /sparql")
            body = self._body()
            content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            params = self._params()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise HttpError(400, "the request body is not UTF-8") from None
            if content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                params["query"] = [text]
            elif content_type == "application/sparql-update":
                params["update"] = [text]
            else:
                raise HttpError(415, f"unsupported Content-Type {content_type!r}; use "
                                     "application/x-www-form-urlencoded, application/sparql-query "
                                     "or application/sparql-update")
            self._protocol(params)
        except HttpError as exc:
            self._fail(exc.status, str(exc), exc.headers)

    def _static(self, name: str) -> None:
        body = static_file(name)
        if body is None:
            raise HttpError(404, f"no such file: /static/{name}")
        self._send(200, body, STATIC_FILES[name], {"Cache-Control": "public, max-age=3600"})

    def _entity(self, entity_id: str, params: dict[str, list[str]]) -> None:
        """The entity card page: a summary (all of it with ``?all=1``), names in ``?lang=``."""
        from graph.names import LABEL_LANGS
        from graph.rdf import CARD_LIMIT

        if not entity_id or len(entity_id) > 300 or "/" in entity_id:
            raise HttpError(404, "no such entity; an entity's page is /entity/<id>")
        lang = (params.get("lang") or ["zh-Hans"])[0]
        if lang not in LABEL_LANGS:
            raise HttpError(400, f"lang={lang!r}: choose one of {', '.join(LABEL_LANGS)}")
        every = (params.get("all") or [""])[0] not in ("", "0")
        job = CardJob("ent:" + entity_id, None if every else CARD_LIMIT, lang)
        try:
            card = self.server.runner.run(job, self.server.config.timeout)
        except (UnknownName, AmbiguousName) as exc:
            raise HttpError(404, f"no entity {entity_id!r} in this graph ({exc})") from None
        except SzkgError as exc:
            status, headers = _error_status(exc)
            raise HttpError(status, str(exc), headers) from None
        all_href = "?" + urlencode({"all": "1", **({"lang": lang} if lang != "zh-Hans" else {})})
        self._send(200, card_page(card, all_href=all_href), HTML_TYPE, {"Content-Security-Policy": PAGE_POLICY})

    def _explorer(self) -> None:
        explorer = self.server.config.explorer
        if explorer is None or not Path(explorer).is_file():
            raise HttpError(404, "no explorer has been built yet")
        self._send(200, Path(explorer).read_bytes(), HTML_TYPE)

    # ------------------------------------------------------------ the protocol

    def _protocol(self, params: dict[str, list[str]]) -> None:
        queries, updates = params.get("query", []), params.get("update", [])
        if len(queries) + len(updates) != 1:
            raise HttpError(400, "send exactly one query= or update= (SPARQL 1.1 Protocol)")
        is_update = bool(updates)
        text = self.query_text = (updates or queries)[0]
        if is_update and (params.get("using-graph-uri") or params.get("using-named-graph-uri")):
            raise HttpError(400, "using-graph-uri is not supported; write USING in the update")
        if is_update:
            self._check_origin()
        config = self.server.config
        default_graphs = tuple(params.get("default-graph-uri", []))
        if RDFLIB_DEFAULT_GRAPH in default_graphs:  # rdflib's "the default graph": the union, as without it
            default_graphs = ()
        try:
            inspection = _inspect(text, config.allow_update)
            if is_update != (inspection.form == "update"):
                raise HttpError(400, "an update was sent as query=, or a query as update=")
            fmt = "" if is_update else choose_format(
                inspection.kind, params.get("format", []) + params.get("output", []),
                self.headers.get("Accept", ""))
            question, values = self.server.question_for(text, params.get("param", []))
            job = make_job(question, values, inspection=inspection, limit=config.max_rows,
                           default_graphs=default_graphs, named_graphs=tuple(params.get("named-graph-uri", [])),
                           written_as="" if fmt == "html" else fmt)
            result = self._run(job, text, inspection)
        except SzkgError as exc:
            status, headers = _error_status(exc)
            self._fail(status, str(exc), headers, query=text)
            return
        if result.kind == "update":
            self._send(200, b"update done\n", "text/plain; charset=utf-8")
            return
        if result.truncated:
            what = "triples" if result.kind == "graph" else "rows"
            cap = config.max_rows
            raise HttpError(422, f"the answer has more than {cap} {what}, the server's cap (--max-rows {cap}); "
                                 f"ask for it a page at a time: ORDER BY … LIMIT {cap} OFFSET 0, "
                                 f"then OFFSET {cap}, {2 * cap}, … (or narrow the query)")
        self._answer(result, fmt, text)

    def _run(self, job, text: str, inspection):
        """The job's answer; a syntax error in a query only screened (not parsed) is described
        again by the parser, whose messages name an undeclared prefix."""
        try:
            return self.server.runner.run(job, self.server.config.timeout)
        except QuerySyntaxError:
            if not inspection.parsed:
                inspect(text, allow_update=self.server.config.allow_update, source="query")
            raise

    def _check_origin(self) -> None:
        """Refuse an update posted by a page of another site (a browser sends its Origin)."""
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.headers.get("Host", ""):
            raise HttpError(403, f"update refused: it comes from a page of another site ({origin})")

    def _answer(self, result, fmt: str, text: str) -> None:
        from graph.vocab import PREFIXES

        formats = GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS
        if fmt == "html":
            body = page(self.server.config, query=text, result=result)
            self._send(200, body, HTML_TYPE, {"Content-Security-Policy": PAGE_POLICY})
            return
        if fmt not in writable_formats(result.kind):  # choose_format picked it for the query's form
            raise HttpError(406, f"format {fmt!r} does not fit {_FORM_NAMES[result.kind]}; it can be "
                                 "written as " + ", ".join(writable_formats(result.kind)))
        try:
            body = result.body if result.written_as == fmt else serialize(result, fmt, PREFIXES)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        media = formats[fmt] + ("; charset=utf-8" if formats[fmt].startswith("text/") else "")
        self._send(200, body, media)


# ---------------------------------------------------------------- the page

_STYLE = """body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
textarea{width:100%;font-family:monospace;font-size:0.95rem}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:0.2rem 0.5rem;vertical-align:top;text-align:left}
.error{background:#fee;border:1px solid #c00;padding:0.5rem}pre{background:#f6f6f6;padding:0.5rem;overflow:auto}
dt{font-weight:bold;margin-top:0.7rem}code{background:#f3f3f3}"""

_DEFAULT_QUERY = """SELECT ?firm ?label WHERE {
  ?firm a szkg:Firm ; skos:prefLabel ?label .
  FILTER(langMatches(lang(?label), "zh-Hans"))
} ORDER BY ?label LIMIT 20"""


def _results_html(result) -> str:
    from graph.vocab import PREFIXES

    if result.kind == "ask":
        return f"<p>Answer: <strong>{'true' if result.boolean else 'false'}</strong></p>"
    if result.kind == "graph":
        header = ["subject", "predicate", "object"]
        rows = [(t.subject, t.predicate, t.object) for t in result.triples]
    else:
        header, rows = list(result.variables), result.rows
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(compact(t, PREFIXES))}</td>" for t in row) + "</tr>"
                   for row in rows)
    return f"<p>{len(rows)} rows in {result.seconds:.3f} s</p><table><tr>{head}</tr>{body}</table>"


def _questions_html() -> str:
    items = []
    for name, question in saved_questions().items():
        params = ", ".join(p.describe() for p in question.params)
        link = "/?query-text=" + quote(question.text, safe="")
        items.append(
            f"<dt><code>{html.escape(name)}</code> — {html.escape(question.description)}</dt><dd>"
            + (f"parameters: {html.escape(params)} (unbound here: they match anything) · " if params else "")
            + f'<a href="{html.escape(link, quote=True)}">open in the query box</a>'
            + f"<details><summary>SPARQL</summary><pre>{html.escape(question.text)}</pre></details></dd>")
    return "<dl>" + "".join(items) + "</dl>"


def page(config: ServerConfig, *, query: str = "", result=None, error: str = "") -> bytes:
    """The HTML page: the query box (with an answer or an error) and the saved questions."""
    from graph.vocab import PREFIXES

    explorer = config.explorer is not None and Path(config.explorer).is_file()
    prefixes = " ".join(f"<code>{html.escape(p)}:</code>" for p in PREFIXES)
    formats = "".join(f'<option value="{f}">{f}</option>'
                      for f in ("html", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld"))
    parts = [
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>szkg SPARQL</title>",
        f"<style>{_STYLE}</style></head><body><h1>szkg — ask the graph</h1>",
        "<p>SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST). Read-only"
        + (" (updates allowed)" if config.allow_update else "")
        + f"; queries stop after {config.timeout:g} s and at most {config.max_rows} rows.</p>",
        f"<p>Prefixes you may use without declaring them: {prefixes}</p>",
        '<form method="get" action="/sparql"><textarea name="query" rows="12" spellcheck="false">'
        f"{html.escape(query or _DEFAULT_QUERY)}</textarea><br>"
        f'<label>answer as <select name="format">{formats}</select></label> '
        '<button type="submit">Run</button></form>',
    ]
    if error:
        parts.append(f'<p class="error">{html.escape(error)}</p>')
    if result is not None:
        parts.append(_results_html(result))
    if explorer:
        parts.append('<p><a href="/explorer">Open the graph explorer</a></p>')
    parts.append("<h2>Saved questions</h2>" + _questions_html() + "</body></html>")
    return "".join(parts).encode("utf-8")


# ---------------------------------------------------------------- running


def make_server(config: ServerConfig, host: str = "127.0.0.1", port: int = 7878) -> SparqlServer | PreforkServer:
    """A server bound to host:port (port 0 picks a free one), workers started; not yet serving.

    The build's store on disk gets the pre-forked pool; a store in memory or a remote server
    the threading server (see the module docstring)."""
    from graph.store import connect
    from graph.store.embedded import EmbeddedStore

    store = connect(config.store, writable=config.allow_update)
    try:
        if isinstance(store, EmbeddedStore) and store.path is not None:
            if not store.path.is_dir():
                raise StoreError(f"{store.path}: no store here; run `szkg build` first")
            return PreforkServer((host, port), config, store.path)
        return SparqlServer((host, port), config, store)
    except OSError as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(config: ServerConfig, host: str = "127.0.0.1", port: int = 7878, announce=print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the query workers."""
    import signal
    import threading

    server = make_server(config, host, port)
    announce(f"SPARQL endpoint: {server.url}sparql   page: {server.url}   (Ctrl-C stops)")
    if threading.current_thread() is threading.main_thread():  # stop the workers on `kill` too

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

