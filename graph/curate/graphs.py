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

So a full build and an incremental one write the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from graph.vocab import BASE, PREFIXES

#: Documents validated together in one Oxigraph store (memory stays near BATCH × a document).
BATCH = 64
#: Subjects of document-graph triples that are the document's own (written in its Turtle block).
_OWN_LINES = (f"<{BASE}statement/".encode(), f"<{BASE}observation/".encode())


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


BLOCKS = ("nquads", "trig", "turtle", "shared")  #: the parts of a ``.blocks`` file, in order


def write_blocks(path: Path, entry: dict) -> dict:
    """Write the blocks of ``entry`` to ``path``; the entry without them, with their lengths."""
    with open(path, "wb") as out:
        for part in BLOCKS:
            out.write(entry[part])
    return {**{k: v for k, v in entry.items() if k not in BLOCKS}, "lengths": [len(entry[p]) for p in BLOCKS]}


def read_blocks(path: Path, meta: dict) -> dict:
    """The blocks of one document graph, as ``write_blocks`` wrote them."""
    with open(path, "rb") as handle:
        return {**meta, **{part: handle.read(n) for part, n in zip(BLOCKS, meta["lengths"], strict=True)}}


def document_entry(name: str, quads: list[ox.Quad]) -> tuple[dict, list[ox.Quad]]:
    """What a build keeps of document graph ``name`` made of ``quads`` (in any order, repeats
    allowed): its N-Quads, TriG and Turtle blocks, the triples it may share with other graphs in
    the Turtle union, its hash (``graph.store.embedded.graph_hash``'s, for a graph without blank
    nodes) and size; and its quads sorted.

    Sorting is done on N-Quads lines: N-Triples terms are self-delimiting, so lines sort as the
    (subject, predicate, object) texts do."""
    import hashlib

    lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))
    suffix = f" <{name}> .\n".encode()
    triples = [ln[: -len(suffix)] + b" .\n" for ln in lines]
    own = b"".join(ln for ln in triples if ln.startswith(_OWN_LINES))
    shared = b"".join(ln for ln in triples if not ln.startswith(_OWN_LINES))
    nquads = b"".join(lines)
    ordered = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS, lenient=True))
    entry = {
        "nquads": nquads,
        "trig": block(ordered, ox.RdfFormat.TRIG),
        "turtle": block(list(ox.parse(own, format=ox.RdfFormat.N_TRIPLES, lenient=True)), ox.RdfFormat.TURTLE),
        "shared": shared,
        "own_triples": own.count(b"\n"),
        "hash": hashlib.sha256(b"".join(triples)).hexdigest(),
        "quads": len(lines),
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
class Validation:
    """SHACL over batches of changed graphs on a pool of threads (Oxigraph releases the GIL)."""

    checks: list
    context: bytes  #: N-Quads of the shared graphs and the ontology every batch is checked with
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="szkg-shacl"))
    pending: list[Future] = field(default_factory=list)
    batch: list[bytes] = field(default_factory=list)
    #: graphs validated in this build
    validated: list[str] = field(default_factory=list)

    def add(self, graph: str, nquads: bytes) -> None:
        self.batch.append(nquads)
        self.validated.append(graph)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        from graph.curate.shacl import validate_nquads

        if self.batch or not self.pending:
            data, self.batch = self.context + b"".join(self.batch), []
            self.pending.append(self.pool.submit(validate_nquads, data, self.checks))

    def abort(self) -> None:
        self.pool.shutdown(cancel_futures=True)

    def results(self) -> list:
        self.flush()
        try:
            found = sorted({v for f in self.pending for v in f.result()}, key=lambda v: v.sort_key())
        finally:
            self.pool.shutdown()
        return found


@dataclass
class Dumps:
    """The three dump files, written as graphs arrive in IRI order."""

    nquads: BinaryIO
    trig: BinaryIO
    turtle_own: BinaryIO  #: a side file of the Turtle blocks of documents' own nodes
    shared: list[bytes] = field(default_factory=list)  #: N-Triples shared with other graphs
    triples: int = 0  #: distinct triples of the union

    @classmethod
    def open(cls, files: dict[str, Path], own: Path) -> Dumps:
        dumps = cls(open(files["nquads"], "wb"), open(files["trig"], "wb"), open(own, "wb"))  # noqa: SIM115
        dumps.trig.write(_header(ox.RdfFormat.TRIG))
        return dumps

    def add(self, entry: dict) -> None:
        self.nquads.write(entry["nquads"])
        self.trig.write(entry["trig"])
        self.turtle_own.write(entry["turtle"])
        self.shared.append(entry["shared"])
        self.triples += entry["own_triples"]

    def add_shared(self, entry: dict) -> None:
        """A shared graph (entities, documents, counts; ``shared_entry``): all of it is in the
        Turtle's first part."""
        self.nquads.write(entry["nquads"])
        self.trig.write(entry["trig"])
        self.shared.append(entry["ntriples"])

    def abort(self) -> None:
        """Close the files after a failure (the staging folder they are in is removed)."""
        for handle in (self.nquads, self.trig, self.turtle_own):
            handle.close()

    def close(self, turtle: Path, own: Path) -> int:
        """Finish the Turtle dump (shared triples sorted, then the documents' own blocks); the
        number of distinct triples in the union."""
        for handle in (self.nquads, self.trig, self.turtle_own):
            handle.close()
        # N-Triples lines sort as their (subject, predicate, object) texts do (terms are
        # self-delimiting; UTF-8 keeps code point order), so no triple is parsed to be sorted.
        lines = sorted({ln for data in self.shared for ln in data.splitlines(keepends=True)})
        self.shared = []
        with open(turtle, "wb") as out:
            out.write(_header(ox.RdfFormat.TURTLE))
            out.write(block(list(ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES, lenient=True)),
                            ox.RdfFormat.TURTLE))
            with open(own, "rb") as side:
                while chunk := side.read(1 << 20):
                    out.write(chunk)
        own.unlink()
        return self.triples + len(lines)


def sorted_graphs(names: Iterable[str]) -> list[str]:
    return sorted(names)
