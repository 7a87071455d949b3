"""The named graphs of a build, made or reused per document, validated and written as a stream.

A build never holds the whole corpus as RDF.  Each document's graph (``g:document/D``) is made
by ``graph.rdf.document_quads`` — or taken from the previous build's cache entry when its
facts and the entities its text mentions are unchanged — then validated by the compiled SHACL
checks (``graph.curate.shacl``) together with the shared graphs it refers to, in batches run
on two threads, and written straight into the dumps:

* N-Quads: the graphs in IRI order, each sorted (what ``ox.serialize`` gives for the whole
  sorted dataset, byte for byte);
* TriG: one block per graph after one prefix header;
* Turtle (the union of all graphs, as triples): first every triple whose subject several
  graphs may share (entities, documents, indicators, hub counts, the direct triples and
  mentions of every document), deduplicated and sorted; then per document its own nodes
  (statements, evidence, observations).

A document graph reused from the previous build is not made again: its three blocks are
copied from the previous build's dumps (``PreviousDumps``, in the kernel, contiguous runs of
unchanged graphs in one go), where ``Dumps.index`` recorded them, as long as those files are
as their build left them.  So a full build and an incremental one write the same bytes.

Many graphs to make are made by worker processes forked from the build (``Makers``,
``graph.curate.forked``: they inherit the loaded corpus, nothing of it is pickled), one per core; each writes
the blocks it makes into its own file in the staging folder, and the dumps copy them from there
by range, in IRI order, as they copy a reused graph's.  The bytes are the same either way.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph.vocab import BASE, PREFIXES

#: Documents validated together in one Oxigraph store (memory stays near BATCH × a document).
BATCH = 128


def batch_size(graphs: int) -> int:
    """How many of ``graphs`` document graphs to validate together: BATCH, or fewer, so that
    there are at least four batches (16 graphs at least) — a small build's graphs, checked in
    one batch after the last was made, kept one thread busy while the other waited."""
    return max(16, min(BATCH, -(-graphs // 4)))


#: Subjects of document-graph triples that are the document's own (written in its Turtle block).
_OWN_LINES = (f"<{BASE}statement/".encode(), f"<{BASE}observation/".encode())
#: The dumps in the order a document's ranges are recorded: N-Quads, TriG, Turtle (own nodes).
PARTS = ("nquads", "trig", "turtle")


@lru_cache(maxsize=None)
def _header(fmt: ox.RdfFormat) -> bytes:
    one = ox.Quad(ox.NamedNode(BASE + "x"), ox.NamedNode(BASE + "x"), ox.NamedNode(BASE + "x"),
                  ox.NamedNode(BASE + "x"))
    item = one if fmt == ox.RdfFormat.TRIG else ox.Triple(one.subject, one.predicate, one.object)
    text = ox.serialize([item], format=fmt, prefixes=PREFIXES)
    lines = text.splitlines(keepends=True)
    return b"".join(ln for ln in lines if ln.startswith(b"@prefix "))


def block(items: list, fmt: ox.RdfFormat) -> bytes:
    """TriG or Turtle of ``items`` without the prefix header (written once per file)."""
    if not items:
        return b""
    text = ox.serialize(items, format=fmt, prefixes=PREFIXES)
    head = _header(fmt)
    assert text.startswith(head), "the serializer's prefix header changed"
    return text[len(head):]


def document_entry(name: str, quads: list[ox.Quad]) -> tuple[dict, list[ox.Quad]]:
    """What a build keeps of document graph ``name`` made of ``quads`` (in any order, repeats
    allowed): its N-Quads, TriG and Turtle blocks, the triples it may share with other graphs in
    the Turtle union, its hash (``graph.store.embedded.graph_hash``'s, for a graph without blank
    nodes) and size, the shared nodes it names (``refs``, for its SHACL batch; not kept); and its
    quads sorted.

    Sorting is done on N-Quads lines: N-Triples terms are self-delimiting, so lines sort as the
    (subject, predicate, object) texts do.  The serialiser writes one line per quad, in order, so
    each line is paired with its quad and nothing is parsed back."""
    import hashlib

    written = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)
    assert len(written) == len(quads), "the N-Quads serialiser no longer writes one line per quad"
    keyed = dict(zip(written, quads, strict=True))
    lines = sorted(keyed)
    ordered = [keyed[ln] for ln in lines]
    del keyed, written
    # As triples: the graph name dropped from each line's end (a newline inside a literal is
    # written as \n, so " <name> .\n" can only stand at a line's end).
    suffix = f" <{name}> .\n".encode()
    nquads = b"".join(lines)
    # The lines of the document's own subjects are contiguous runs of the sorted lines.
    runs = []
    for prefix in sorted(_OWN_LINES):
        runs.append((bisect_left(lines, prefix), bisect_left(lines, prefix[:-1] + bytes([prefix[-1] + 1]))))
    own = b"".join(b"".join(lines[lo:hi]) for lo, hi in runs).replace(suffix, b" .\n")
    cuts = [0, *(i for run in runs for i in run), len(lines)]
    shared = b"".join(b"".join(lines[lo:hi]) for lo, hi in zip(cuts[::2], cuts[1::2])).replace(suffix, b" .\n")
    entry = {
        "nquads": nquads,
        "trig": block(ordered, ox.RdfFormat.TRIG),
        "turtle": block(list(ox.parse(own, format=ox.RdfFormat.N_TRIPLES, lenient=True)), ox.RdfFormat.TURTLE),
        "shared": shared,
        "own_triples": own.count(b"\n"),
        "hash": hashlib.sha256(nquads.replace(suffix, b" .\n")).hexdigest(),
        "quads": len(lines),
        "refs": references(nquads),
    }
    return entry, ordered


def shared_entry(quads: list[ox.Quad]) -> dict:
    """What a build writes of a shared graph (entities, documents, counts) made of ``quads``
    (sorted): its N-Quads and TriG blocks, its triples as N-Triples (all of them go into the Turtle
    dump's shared part), its hash (``graph.store.embedded.graph_hash``) and size.  A build keeps
    it for the next one, keyed by the N-Quads."""
    from graph.store.embedded import graph_hash

    return {"nquads": ox.serialize(quads, format=ox.RdfFormat.N_QUADS), "trig": block(quads, ox.RdfFormat.TRIG),
            "ntriples": ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                     format=ox.RdfFormat.N_TRIPLES),
            "hash": graph_hash(quads), "quads": len(quads)}


@dataclass
class Made:
    """A document graph made by this build: what ``document_entry`` gave besides the blocks
    (``meta``), and the blocks — in memory (``blocks``, with the sorted quads), or at ``ranges``
    ((offset, length) per part of PARTS) of the file ``fd`` a worker process wrote them to."""

    meta: dict
    blocks: dict[str, bytes] | None = None
    ordered: list[ox.Quad] | None = None
    fd: int = -1
    ranges: list[tuple[int, int]] = field(default_factory=list)

    def nquads(self) -> bytes:
        if self.blocks is not None:
            return self.blocks["nquads"]
        offset, length = self.ranges[0]
        data = os.pread(self.fd, length, offset)
        if len(data) != length:
            raise OSError(f"a worker's file ended {length - len(data)} bytes short of its graph")
        return data

    def quads(self) -> list[ox.Quad]:
        """The graph's quads, sorted."""
        if self.ordered is not None:
            return self.ordered
        return list(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS, lenient=True))


#: In a worker process: the file it appends blocks to, and where the next byte goes.
_OUT: dict = {}


def _make_in_worker(make: Callable[[str], list[ox.Quad]], folder: Path, name: str, document: str):
    """In a worker process: make graph ``name`` of ``document`` and append its blocks to this
    worker's file in ``folder``; that file's path and the graph's meta and ranges (None for a
    graph with no quads)."""
    if not _OUT:
        path = os.path.join(folder, f".made-{os.getpid()}")
        _OUT.update(path=path, fd=os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), pos=0)
    try:
        quads = make(document)
        entry = document_entry(name, quads)[0] if quads else None
    except Exception as exc:  # any exception reaches the build, pickled as one it can always read
        raise RuntimeError(f"document {document}: its graph could not be made: {exc!r}") from None
    if entry is None:
        return None
    ranges = []
    for part in PARTS:
        view = memoryview(entry.pop(part))
        ranges.append((_OUT["pos"], len(view)))
        _OUT["pos"] += len(view)
        while view:
            view = view[os.write(_OUT["fd"], view):]
    return _OUT["path"], entry, ranges


@dataclass
class Makers:
    """Document graphs made in the order asked, in this process or, when there are many
    (``graph.curate.forked``), by ``workers`` processes forked from it, each writing the blocks
    it makes into its own file in ``folder`` (the dumps copy them from there).  ``close`` ends
    the workers and removes their files (after the dumps are closed)."""

    folder: Path
    workers: int
    fds: dict[str, int] = field(default_factory=dict)
    #: how many processes made the graphs (1: this one)
    processes: int = 1
    #: ``graph.curate.forked.ordered_map`` of the workers, while they run
    workers_context: AbstractContextManager | None = None

    def run(self, jobs: list[tuple[str, str]], make: Callable[[str], list[ox.Quad]]) -> Iterator[Made | None]:
        """The graphs of ``jobs`` ((name, document) pairs) in order; the workers are forked now and
        start at once, so this process may do other work before it takes the first graph."""
        from graph.curate.forked import can_fork, ordered_map

        if not can_fork(self.workers, len(jobs)):
            return self._made_here(jobs, make)
        self.processes = self.workers
        self.workers_context = ordered_map(lambda job: _make_in_worker(make, self.folder, *job), jobs, self.workers)
        return self._received(self.workers_context.__enter__())

    @staticmethod
    def _made_here(jobs, make) -> Iterator[Made | None]:
        for name, document in jobs:
            quads = make(document)
            if not quads:
                yield None
                continue
            entry, ordered = document_entry(name, quads)
            yield Made(entry, {part: entry.pop(part) for part in PARTS}, ordered)

    def _received(self, results) -> Iterator[Made | None]:
        for item in results:
            if item is None:
                yield None
                continue
            path, meta, ranges = item
            if path not in self.fds:
                self.fds[path] = os.open(path, os.O_RDONLY)
            yield Made(meta, fd=self.fds[path], ranges=ranges)

    def close(self) -> None:
        if self.workers_context is not None:
            self.workers_context.__exit__(None, None, None)  # ends the workers
            self.workers_context = None
        for path, fd in self.fds.items():
            os.close(fd)
            Path(path).unlink(missing_ok=True)
        self.fds = {}


#: The predicate of a document's clean text: kept out of the document batches' context (below).
_CLEAN_TEXT = f"<{BASE}ontology#cleanText>".encode()


def light_context(shared: bytes) -> bytes:
    """The N-Quads ``shared`` without the documents' clean texts.  The texts are most of the
    shared graphs' bytes (every article) and no check of a document graph reads them; the shared
    graphs are checked whole, once (``Validation``)."""
    return b"".join(line for line in shared.splitlines(keepends=True) if line.split(b" ", 2)[1] != _CLEAN_TEXT)


def _object(line: bytes) -> bytes | None:
    """The object of an N-Quads line when it is a node (an IRI or a blank node), else None."""
    rest = line.split(b" ", 2)[2]
    if rest.startswith(b"<"):
        return rest[:rest.index(b">") + 1]
    if rest.startswith(b"_:"):
        return rest[:rest.index(b" ")]
    return None


def references(nquads: bytes) -> frozenset[bytes]:
    """The nodes a document graph's N-Quads name (subjects and objects, as N-Triples terms),
    besides the document's own statements and observations: what of the shared graphs and the
    ontology its checks can read."""
    found = set()
    for line in nquads.splitlines():  # (``_object`` inlined: this loop is some 10 % of making a graph)
        subject, _predicate, rest = line.split(b" ", 2)
        found.add(subject)
        if rest.startswith(b"<"):
            found.add(rest[:rest.index(b">") + 1])
        elif rest.startswith(b"_:"):
            found.add(rest[:rest.index(b" ")])
    return frozenset(node for node in found if not node.startswith(_OWN_LINES))


class Context:
    """The shared graphs and the ontology (N-Quads, without the clean texts: ``light_context``),
    by subject, so that a batch of document graphs is checked with only what it can reach."""

    def __init__(self, nquads: bytes):
        self.lines: dict[bytes, list[tuple[bytes, bytes | None]]] = {}
        for line in light_context(nquads).splitlines(keepends=True):
            self.lines.setdefault(line[:line.index(b" ")], []).append((line, _object(line)))

    def around(self, nodes: Iterable[bytes]) -> bytes:
        """The lines about ``nodes`` and about every node they lead to, transitively (an entity's
        description, its class and that class's superclasses, a document's metadata): what a SHACL
        check that starts from ``nodes`` can read.  A batch checked with the whole context instead
        re-checked every shared node each time, and that context grows with the corpus."""
        todo = [node for node in nodes if node in self.lines]
        seen, out = set(todo), []
        while todo:
            for line, node in self.lines[todo.pop()]:
                out.append(line)
                if node is not None and node not in seen and node in self.lines:
                    seen.add(node)
                    todo.append(node)
        return b"".join(out)


@dataclass
class Validation:
    """SHACL over batches of changed graphs on a pool of threads (Oxigraph releases the GIL).

    ``context`` (the shared graphs and the ontology) is checked once, whole, as a batch of its own;
    each batch of document graphs is checked with the part of it the batch reaches
    (``Context.around`` the nodes the graphs name, without the clean texts), and what a batch then
    reports about the clean text (the one property left out) is not a finding.  A shared node the
    batch does not reach has no finding a batch could add: it is in no triple of the batch.

    The batches after the first ``hold_after`` are held back until ``release``: a large build
    checks them, on one thread, while its store compacts, which keeps one core busy and leaves the
    other idle."""

    checks: list
    context: bytes  #: N-Quads of the shared graphs and the ontology
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="szkg-shacl"))
    pending: list[Future] = field(default_factory=list)
    batch: list[bytes] = field(default_factory=list)
    #: the nodes the graphs of the batch name (``references``)
    reached: set[bytes] = field(default_factory=set)
    #: graphs validated in this build
    validated: list[str] = field(default_factory=list)
    index: Context | None = None
    #: graphs per batch (``batch_size``)
    size: int = BATCH
    #: batches of document graphs started before the others are held back (None: none is held)
    hold_after: int | None = None
    #: batches of document graphs started so far, and those held back
    started: int = 0
    held: list[bytes] = field(default_factory=list)
    #: the one thread that checks the batches held back (two slowed the compaction down)
    late: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="szkg-shacl-late"))

    def __post_init__(self) -> None:
        self.index = Context(self.context) if self.checks else None  # (none: the shapes went to pySHACL)

    def add(self, graph: str, nquads: bytes, refs: frozenset[bytes] | None = None) -> None:
        """Add graph ``graph`` to the batch; ``refs``: ``references(nquads)``, when known."""
        self.batch.append(nquads)
        self.reached.update(references(nquads) if refs is None else refs)
        self.validated.append(graph)
        if len(self.batch) >= self.size:
            self.flush()

    def flush(self) -> None:
        from graph.curate.shacl import validate_nquads

        # The threads start here, not before: a build forks its workers first (no thread may run then).
        if not self.pending and self.checks:
            self.pending.append(self.pool.submit(validate_nquads, self.context, self.checks))
        if self.batch:
            data = self.index.around(self.reached) + b"".join(self.batch)
            self.batch, self.reached = [], set()
            if self.hold_after is not None and self.started >= self.hold_after:
                self.held.append(data)
                return
            self.started += 1
            self.pending.append(self.pool.submit(_validate_batch, data, self.checks))

    def release(self) -> None:
        """Start the batches held back."""
        self.hold_after = None
        for data in self.held:
            self.pending.append(self.late.submit(_validate_batch, data, self.checks))
        self.started += len(self.held)
        self.held = []

    def abort(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.late.shutdown(cancel_futures=True)

    def found_so_far(self) -> list:
        """The findings of the batches checked by now (none is waited for): a build fails on them
        before it loads its store, not after."""
        return sorted({v for f in self.pending if f.done() for v in f.result()}, key=lambda v: v.sort_key())

    def results(self) -> list:
        self.flush()
        self.release()
        try:
            found = sorted({v for f in self.pending for v in f.result()}, key=lambda v: v.sort_key())
        finally:
            self.pool.shutdown()
            self.late.shutdown()
        return found


def _validate_batch(data: bytes, checks: list) -> list:
    """The findings on a batch of document graphs checked with the context they reach."""
    from graph.curate.shacl import validate_nquads

    path = _CLEAN_TEXT[1:-1].decode()
    return [v for v in validate_nquads(data, checks) if v.path != path]


def _copy_range(src: int, dst: int, offset: int, length: int) -> None:
    """Copy ``length`` bytes at ``offset`` of file ``src`` to the end of file ``dst`` (in the
    kernel where it can, without passing through Python)."""
    while length > 0:
        try:
            done = os.copy_file_range(src, dst, min(length, 1 << 30), offset)
        except OSError:  # another file system, an older kernel: read and write
            done = os.write(dst, os.pread(src, min(length, 1 << 24), offset))
        if done <= 0:
            raise OSError(f"could not copy {length} bytes of the previous build's dump")
        offset, length = offset + done, length - done


class _Sink:
    """One output file written by appending: bytes, or ranges of another file (contiguous
    ranges of one file are copied in one go).  ``pos`` is where the next byte goes."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        self.pos = 0
        self.pending: tuple[int, int, int] | None = None  # (file, offset, length) not yet copied

    def write(self, data: bytes) -> int:
        """Append ``data``; where it begins."""
        self.flush()
        at, view = self.pos, memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        self.pos += len(data)
        return at

    def copy(self, src: int, offset: int, length: int) -> int:
        """Append ``length`` bytes at ``offset`` of file ``src``; where they begin."""
        at = self.pos
        if self.pending and self.pending[0] == src and self.pending[1] + self.pending[2] == offset:
            self.pending = (src, self.pending[1], self.pending[2] + length)
        else:
            self.flush()
            self.pending = (src, offset, length)
        self.pos += length
        return at

    def flush(self) -> None:
        if self.pending:
            src, offset, length = self.pending
            self.pending = None
            _copy_range(src, self.fd, offset, length)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            os.close(self.fd)


@dataclass
class PreviousDumps:
    """The previous build's dump files, open for reading, and where each document's blocks are
    in them (``Dumps.index``); only trusted while every file is as that build left it (size,
    modification time and inode)."""

    fds: dict[str, int]
    ranges: dict[str, tuple]  #: stem → (offset, length) per part of PARTS

    @classmethod
    def open(cls, index, files: dict[str, Path]) -> PreviousDumps | None:
        if not isinstance(index, dict) or not isinstance(index.get("ranges"), dict):
            return None
        fds: dict[str, int] = {}
        try:
            for part in PARTS:
                fds[part] = os.open(files[part], os.O_RDONLY)
                info = os.fstat(fds[part])
                if (info.st_size, info.st_mtime_ns, info.st_ino) != tuple(index["files"][part]):
                    raise OSError("changed since its build")
        except (OSError, KeyError, TypeError):
            for fd in fds.values():
                os.close(fd)
            return None
        return cls(fds, index["ranges"])

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds = {}


@dataclass
class Dumps:
    """The three dump files, written as graphs arrive in IRI order.  A document graph is either
    made (its blocks, ``document_entry``) or reused: its blocks are copied from the previous
    build's dumps (``PreviousDumps``).  ``index`` records where every document's blocks went,
    for the next build."""

    nquads: _Sink
    trig: _Sink
    own: _Sink  #: a side file of the Turtle blocks of new document graphs' own nodes
    own_path: Path
    #: the Turtle dump's second part, in order: (file, offset, length) of each document's own block
    own_plan: list[tuple[int, int, int]] = field(default_factory=list)
    shared: list[bytes] = field(default_factory=list)  #: N-Triples shared with other graphs
    triples: int = 0  #: distinct triples of the union
    ranges: dict[str, list[list[int]]] = field(default_factory=dict)  #: stem → [offset, length] per part

    @classmethod
    def open(cls, files: dict[str, Path], own: Path) -> Dumps:
        dumps = cls(_Sink(files["nquads"]), _Sink(files["trig"]), _Sink(own), own)
        dumps.trig.write(_header(ox.RdfFormat.TRIG))
        return dumps

    def add(self, stem: str, made: Made) -> None:
        """A document graph made by this build (``Makers``)."""
        if made.blocks is None:
            self._copy(stem, [made.fd] * len(PARTS), made.ranges, made.meta)
            return
        blocks = made.blocks
        own = self.own.write(blocks["turtle"])
        self.own_plan.append((self.own.fd, own, len(blocks["turtle"])))
        self.ranges[stem] = [[self.nquads.write(blocks["nquads"]), len(blocks["nquads"])],
                             [self.trig.write(blocks["trig"]), len(blocks["trig"])], [-1, len(blocks["turtle"])]]
        self.shared.append(made.meta["shared"])
        self.triples += made.meta["own_triples"]

    def reuse(self, stem: str, previous: PreviousDumps, meta: dict) -> None:
        """A document graph as the previous build wrote it (``meta``: what ``document_entry``
        gave besides the blocks)."""
        self._copy(stem, [previous.fds[part] for part in PARTS], previous.ranges[stem], meta)

    def _copy(self, stem: str, fds: list[int], ranges, meta: dict) -> None:
        """A document graph whose blocks are at ``ranges`` ((offset, length) per part) of ``fds``."""
        (nq, nq_n), (trig, trig_n), (ttl, ttl_n) = ranges
        self.own_plan.append((fds[2], ttl, ttl_n))
        self.ranges[stem] = [[self.nquads.copy(fds[0], nq, nq_n), nq_n],
                             [self.trig.copy(fds[1], trig, trig_n), trig_n], [-1, ttl_n]]
        self.shared.append(meta["shared"])
        self.triples += meta["own_triples"]

    def add_shared(self, entry: dict) -> None:
        """A shared graph (entities, documents, counts; ``shared_entry``): all of it is in the
        Turtle's first part."""
        self.nquads.write(entry["nquads"])
        self.trig.write(entry["trig"])
        self.shared.append(entry["ntriples"])

    def abort(self) -> None:
        """Close the files after a failure (the staging folder they are in is removed)."""
        for sink in (self.nquads, self.trig, self.own):
            try:
                os.close(sink.fd)
            except OSError:
                pass

    def close(self, files: dict[str, Path]) -> int:
        """Finish the Turtle dump (shared triples sorted, then the documents' own blocks); the
        number of distinct triples in the union."""
        self.nquads.close()
        self.trig.close()
        self.own.flush()
        # N-Triples lines sort as their (subject, predicate, object) texts do (terms are
        # self-delimiting; UTF-8 keeps code point order), so no triple is parsed to be sorted.
        lines = sorted({ln for data in self.shared for ln in data.splitlines(keepends=True)})
        self.shared = []
        turtle = _Sink(files["turtle"])
        try:
            turtle.write(_header(ox.RdfFormat.TURTLE))
            turtle.write(block(list(ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)),
                               ox.RdfFormat.TURTLE))
            for stem, piece in zip(self.ranges, self.own_plan, strict=True):
                self.ranges[stem][2][0] = turtle.copy(*piece)
        finally:
            turtle.close()
            os.close(self.own.fd)
        self.own_path.unlink()
        return self.triples + len(lines)

    def index(self, files: dict[str, Path]) -> dict:
        """Where each document's blocks are in the written dumps, and the files as written."""
        stats = {part: (lambda i: [i.st_size, i.st_mtime_ns, i.st_ino])(os.stat(files[part])) for part in PARTS}
        return {"files": stats, "ranges": self.ranges}


def sorted_graphs(names: Iterable[str]) -> list[str]:
    return sorted(names)
