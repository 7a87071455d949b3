"""The embedded Oxigraph store: open, load, update and query.

rdflib terms are what ``graph.rdf`` makes; this module converts them to pyoxigraph's
terms once, at load time.  Queries run with the default graph as the union of all
named graphs, so users need no ``GRAPH`` clause for the common questions.

Loading is parallel: ``load_nquads`` cuts an N-Quads file into line-aligned byte ranges
and bulk-loads them from a pool of threads into the same store (pyoxigraph releases the
GIL while it parses and writes).  A build changes only the named graphs whose content
changed (``update_graphs``); ``graph_hash`` is the per-graph fingerprint that decides it,
the same one the remote store's manifest records.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from graph.errors import StoreError
from graph.vocab import ONTOLOGY_GRAPH

#: Largest byte range one ``bulk_load`` call parses: memory stays below threads × this (plus
#: the loader's own, a few times the range).  At 32 MB a 1.6M-quad file loads as fast as at
#: 256 MB with a third of the peak memory (0.49 GB, not 1.70 GB; docs/benchmarks.md).
MAX_RANGE = 32 * 2**20
#: A file smaller than this is loaded in one call (each call writes its own set of files).
MIN_RANGE = 4 * 2**20


def to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert one rdflib term to its pyoxigraph equivalent."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def dataset_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of the dataset in a stable order (graph, subject, predicate, object)."""
    quads = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g.identifier if hasattr(g, "identifier") else g))
        for s, p, o, g in ds.quads((None, None, None, None))
        if g is not None and not str(g.identifier if hasattr(g, "identifier") else g).startswith("urn:x-rdflib:")
    ]
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def graph_quads(g: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    name = ox.NamedNode(str(graph_name))
    for s, p, o in g:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def ontology_quads(ontology: Graph) -> list[ox.Quad]:
    """The ontology as quads of ``g:ontology``, its blank nodes canonically labelled.

    rdflib names blank nodes at random; canonical labels make two builds from the same
    ontology store the same quads.
    """
    from rdflib.compare import to_canonical_graph

    return sorted(graph_quads(to_canonical_graph(ontology), ONTOLOGY_GRAPH), key=str)


# ------------------------------------------------------------------ per-graph hashes


def _canonical(term) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def graph_hash(triples: Iterable) -> str:
    """SHA-256 of a graph's triples (or quads: the graph name is ignored) as sorted N-Triples.

    Blank node labels are left out (every server and parser renames them), so two graphs
    that differ only in how their blank nodes are wired hash alike — only the ontology's
    ``owl:unionOf`` lists have any.
    """
    digest = hashlib.sha256()
    lines = (f"{_canonical(t.subject)} {t.predicate} {_canonical(t.object)} .\n" for t in triples)
    for line in sorted(lines):
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def quads_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Quads grouped by the IRI of their named graph (default-graph quads under "")."""
    graphs: dict[str, list[ox.Quad]] = {}
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, []).append(q)
    return graphs


# ------------------------------------------------------------------ parallel N-Quads loading


def nquads_ranges(
    data, parts: int, max_bytes: int | None = None, min_bytes: int | None = None
) -> list[tuple[int, int]]:
    """Line-aligned ``(start, end)`` byte ranges covering ``data``: about ``parts`` of them,
    more if that would make one longer than ``max_bytes`` (default MAX_RANGE), fewer if
    shorter than ``min_bytes`` (default MIN_RANGE).

    N-Quads has one statement per line and no raw line break inside a term, so every
    range is a valid document on its own.
    """
    size = len(data)
    max_bytes = MAX_RANGE if max_bytes is None else max_bytes
    min_bytes = MIN_RANGE if min_bytes is None else min_bytes
    step = max(min(max(-(-size // max(parts, 1)), min_bytes), max_bytes), 1)
    ranges, start = [], 0
    while start < size:
        newline = data.find(b"\n", start + step - 1) if start + step < size else -1
        end = size if newline < 0 else newline + 1
        ranges.append((start, end))
        start = end
    return ranges


class _FileBytes:
    """A file seen as ``bytes`` — length, slices, ``find``, ``count`` — read on demand.

    ``os.pread`` rather than ``mmap``: the pages of a mapped file count as the process's
    resident memory, and a 10M-quad file is 1.7 GB.  Reads release the GIL.
    """

    BLOCK = 16 * 2**20  #: bytes read at once by find and count

    def __init__(self, path: Path):
        self.path, self.fd = path, os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self.size = os.fstat(self.fd).st_size

    def __enter__(self) -> _FileBytes:
        return self

    def __exit__(self, *_exc) -> None:
        os.close(self.fd)

    def __len__(self) -> int:
        return self.size

    def _read(self, start: int, length: int) -> bytes:
        if hasattr(os, "pread"):
            return os.pread(self.fd, length, start)
        with open(self.path, "rb") as file:  # no pread (Windows): a handle per read
            file.seek(start)
            return file.read(length)

    def __getitem__(self, span: slice) -> bytes:
        start, stop = span.start or 0, min(self.size if span.stop is None else span.stop, self.size)
        chunks = []
        while start < stop:
            chunk = self._read(start, stop - start)
            if not chunk:
                break
            chunks.append(chunk)
            start += len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def find(self, sub: bytes, start: int = 0) -> int:
        for pos in range(start, self.size, self.BLOCK):
            found = self[pos : pos + self.BLOCK + len(sub) - 1].find(sub)
            if found >= 0:
                return pos + found
        return -1

    def count(self, sub: bytes, end: int) -> int:
        """Occurrences of the one-byte ``sub`` before ``end``."""
        return sum(self[p : min(p + self.BLOCK, end)].count(sub) for p in range(0, end, self.BLOCK))


def _rebase_lines(message: str, offset: int) -> str:
    """A parser message whose "line N" counts from the file's start, not the range's."""
    return re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + offset}", message)


def _load_error(exc: Exception, path: Path, lines_before: int = 0) -> StoreError:
    text = (exc.msg if isinstance(exc, SyntaxError) else None) or str(exc)  # str() repeats the line
    detail = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, SyntaxError):
        return StoreError(f"{path}: malformed N-Quads: {_rebase_lines(detail, lines_before)}")
    return StoreError(f"{path}: cannot load into the store: {detail}")


def bulk_load_nquads(
    store: ox.Store, path: Path, *, threads: int | None = None, lenient: bool = False
) -> None:
    """Bulk-load the N-Quads file at ``path`` into ``store`` from ``threads`` threads (default:
    one per CPU); StoreError naming the file and line of the first problem.

    The file is cut into line-aligned ranges (``nquads_ranges``: one per thread, at most
    MAX_RANGE bytes each, so memory stays below threads × MAX_RANGE plus the loader's own).
    Not transactional: after an error the store holds part of the file, so load into a
    fresh store that is thrown away on failure.  A file with blank nodes is loaded in one
    call, since a blank node label means the same node only within one ``bulk_load``.
    ``lenient`` skips IRI validation; only for files szkg wrote itself.
    """
    path = Path(path)
    threads = threads or os.cpu_count() or 1
    try:
        with _FileBytes(path) as data:
            ranges = nquads_ranges(data, threads)
            if len(ranges) > 1 and data.find(b"_:") < 0:
                _load_ranges(store, path, data, ranges, min(threads, len(ranges)), lenient)
                return
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=lenient)
    except (SyntaxError, OSError) as exc:
        raise _load_error(exc, path) from exc


def _load_ranges(store: ox.Store, path: Path, data: _FileBytes, ranges, threads: int,
                 lenient: bool) -> None:
    failed = threading.Event()  # after a failure, ranges not yet started are skipped

    def load(span: tuple[int, int]) -> None:
        if failed.is_set():
            return
        try:
            store.bulk_load(data[span[0] : span[1]], format=ox.RdfFormat.N_QUADS, lenient=lenient)
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="szkg-load") as pool:
        futures = [pool.submit(load, span) for span in ranges]
        errors = [(span, f.exception()) for span, f in zip(ranges, futures, strict=True)]
    for (start, _end), exc in errors:  # the first problem in the file is the one to report
        if exc is not None:
            lines_before = data.count(b"\n", start) if isinstance(exc, SyntaxError) else 0
            raise _load_error(exc, path, lines_before) from exc


def load_nquads(
    store_path: Path,
    nq_path: Path,
    *,
    threads: int | None = None,
    lenient: bool = False,
    optimize: bool = False,
    count: bool = True,
) -> int | None:
    """Load an N-Quads file into the on-disk store at ``store_path`` (created if missing) in
    parallel, flush it, and return how many quads the store then holds (None with
    ``count=False``: counting reads every quad again, ≈ 1 s per million).

    See ``bulk_load_nquads`` for ``threads``, ``lenient`` and what an error leaves behind.
    ``optimize`` compacts the store afterwards: each range was written as its own set of
    files, and merging them makes lookups faster (at 1M quads: 3 s more, lookups 1.2–1.6×
    faster).
    """
    return write_store(store_path, nq_path, threads=threads, lenient=lenient, optimize=optimize, count=count)


# ------------------------------------------------------------------ writing a build's store


def write_store(
    path: Path,
    nquads: Path,
    extra: Iterable[ox.Quad] = (),
    *,
    lenient: bool = False,
    threads: int | None = None,
    optimize: bool = True,
    count: bool = True,
    loaded: Callable[[], None] | None = None,
) -> int | None:
    """Create (or add to) the on-disk store at ``path``: an N-Quads file plus ``extra``
    quads (the ontology graph); the number of quads it then holds (None with ``count=False``).
    ``loaded`` is called once everything is loaded, before the store is compacted (``optimize``:
    one core's work for a while, which the caller may want to share)."""
    try:
        store = ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc
    bulk_load_nquads(store, nquads, threads=threads, lenient=lenient)
    try:
        store.bulk_extend(extra)
        if loaded is not None:
            loaded()
        if optimize:
            store.optimize()
        store.flush()
        return len(store) if count else None
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the store: {exc}") from exc


def copy_store(source: Path, target: Path) -> None:
    """A checkpoint of the store at ``source`` in ``target`` (hard links on the same file
    system); ``source`` is opened read-only and not changed.  StoreError if it cannot be read or
    ``target`` cannot be written (pyoxigraph raises RuntimeError, not OSError, when it exists)."""
    try:
        ox.Store.read_only(str(source)).backup(str(target))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{source}: cannot copy the store: {exc} (into {target})") from exc


def update_graphs(
    path: Path, replace: dict[str, list[ox.Quad]], remove: Iterable[str] = (), before: int | None = None
) -> int:
    """In the store at ``path``, drop every graph in ``remove`` and ``replace``, then add the
    quads of ``replace``; other graphs are not touched.  The number of quads it then holds:
    counted over the whole store, or, given the number it held ``before``, from that and the
    graphs touched (a large store is not scanned to count a few changed graphs)."""

    def held(store: ox.Store, graphs) -> int:
        return sum(sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in graphs)

    try:
        store = ox.Store(str(path))
        touched = sorted({*replace, *remove})
        dropped = held(store, touched) if before is not None else 0
        for graph in touched:
            store.remove_graph(ox.NamedNode(graph))
        store.bulk_extend(q for graph in sorted(replace) for q in replace[graph])
        store.flush()
        return len(store) if before is None else before - dropped + held(store, replace)
    except OSError as exc:
        raise StoreError(f"{path}: cannot update the store: {exc}") from exc


def store_fingerprint(path: Path) -> list[list]:
    """Name and size of every file of the store at ``path`` but its text logs.

    Opening a store read-only changes none of them; any write (a SPARQL Update through
    ``szkg serve --update``, even opening it writable) does, so a build can tell whether
    the store still holds what it wrote.
    """
    path = Path(path)
    return sorted(
        [f.name, f.stat().st_size]
        for f in path.iterdir()
        if f.is_file() and f.name != "LOG" and not f.name.startswith("LOG.old")
    )


def open_store(path: Path) -> ox.Store:
    """Open a built store read-only; StoreError with a hint if there is none."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path}: no store here; run `szkg build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc


class EmbeddedStore:
    """The build's Oxigraph store on disk, opened on first use (read-only unless ``writable``).

    Keeps the :class:`graph.store.Store` contract; ``path`` is what a query worker process
    opens for itself (see :mod:`graph.query.runner`).
    """

    #: Oxigraph releases the GIL while it evaluates: a reader may run queries side by side.
    parallel_reads = True

    def __init__(self, path: Path | None, *, writable: bool = False):
        self.path = Path(path) if path is not None else None
        self.writable = writable
        self._ox: ox.Store | None = None

    @classmethod
    def wrap(cls, store: ox.Store) -> EmbeddedStore:
        """An already open pyoxigraph store (its path, if any, is not known)."""
        embedded = cls(None)
        embedded._ox = store
        return embedded

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path) if self.path else '<open>'!r})"

    @property
    def ox(self) -> ox.Store:
        """The pyoxigraph store itself."""
        if self._ox is None:
            if self.writable:
                try:
                    self._ox = ox.Store(str(self.path))
                except OSError as exc:
                    raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
            else:
                self._ox = open_store(self.path)
        return self._ox

    def query(self, sparql: str, *, timeout: float | None = None, **options):
        """pyoxigraph's ``Store.query``; ``timeout`` cannot stop Oxigraph in-process and is
        left to the runner (a killed worker, or the command's watchdog)."""
        return self.ox.query(sparql, **options)

    def update(self, sparql: str, **options) -> None:
        self.ox.update(sparql, **options)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def put_graph(self, graph: str, triples: list) -> None:
        """Replace named graph ``graph`` by ``triples`` (pyoxigraph Triples)."""
        name = ox.NamedNode(graph)
        self.ox.remove_graph(name)
        self.ox.extend([ox.Quad(t.subject, t.predicate, t.object, name) for t in triples])

    def __len__(self) -> int:
        return len(self.ox)

    def describe(self) -> str:
        return f"embedded store {self.path}" if self.path else "embedded store"


class MemoryStore(EmbeddedStore):
    """An Oxigraph store in memory: the fake that tests and notebooks fill with quads."""

    def __init__(self, quads: Iterable[ox.Quad] = ()):
        super().__init__(None, writable=True)
        self._ox = ox.Store()
        self._ox.extend(list(quads))

    def describe(self) -> str:
        return "in-memory store"
