"""`szkg build`: sources → validated RDF dumps + embedded store, written atomically.

Nothing is swapped in until everything is loaded and validated (sources, ontology, SHACL);
the new build is assembled in a sibling directory and swapped in, so a failed build
leaves the previous one untouched.

The build scales with the corpus, document by document (``graph.curate.graphs``): the sources
and every cross-document check are loaded whole as dataclasses, but RDF is made, validated and
written one document graph at a time, never as one whole-corpus graph; with many facts files to
parse or graphs to make, worker processes forked from the build do that part (one per CPU,
``graph.curate.forked``), to the same bytes.  What a document
yields is cached per document (``graph.curate.cache``): facts whose file, document text and
referred entities are unchanged are not parsed again, and a graph whose facts and mentions are
unchanged is neither made nor validated again.  SHACL runs as compiled SPARQL checks on
Oxigraph (``graph.curate.shacl``; pySHACL when the shapes use what the compiler does not
translate) over the changed document graphs and the shared graphs, which every build makes and
validates afresh; any violation fails the build.

The store is rebuilt incrementally.  Beside it, ``store-manifest.json`` records the
SHA-256 of every named graph (``graph.store.embedded.graph_hash``, the remote store's scheme).  The
next build checkpoints the previous store into the new directory (hard links, the old
one is only read), drops the graphs that are gone or whose hash changed, and loads the
changed ones; unchanged graphs are not touched.  It loads everything afresh (in parallel,
from the N-Quads dump) when asked to, when many graphs changed, or when the previous store
cannot be trusted: no manifest, another pyoxigraph, a changed ontology file, or a store written
to since its build (``szkg serve --update``).  The dumps are always written whole — the blocks
of unchanged graphs copied from the previous dumps — and a full build and an incremental one
write the same bytes.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.curate.sources import load_corpus
from graph.errors import OntologyError, StoreError
from graph.layout import BuildDir, build_lock
from graph.model import Corpus
from graph.store.embedded import (
    copy_store,
    graph_hash,
    ontology_quads,
    store_fingerprint,
    update_graphs,
    write_store,
)
from graph.vocab import COUNTS_GRAPH, DOCUMENTS_GRAPH, ENTITIES_GRAPH, ONTOLOGY_GRAPH, load_ontology

#: Bump when the manifest or the store layout changes: older stores are then reloaded.
MANIFEST_FORMAT = 1


@dataclass
class BuildResult:
    """What a build produced, for the summary."""

    out: Path
    corpus: Corpus
    quads: int
    triples: int
    store_quads: int
    shacl_violations: int
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)
    #: True if the previous store was copied and only changed graphs rewritten.
    incremental: bool = False
    #: Named graphs (IRIs) written: the changed and new ones, or all of them on a full load.
    graphs_replaced: list[str] = field(default_factory=list)
    #: Named graphs of the previous store that the sources no longer have (incremental only).
    graphs_removed: list[str] = field(default_factory=list)
    #: Named graphs kept as they were (incremental only).
    graphs_unchanged: list[str] = field(default_factory=list)
    #: Why the store was loaded afresh ("" when incremental).
    full_reason: str = ""
    #: Document graphs made afresh (the others came from the previous build's cache).
    graphs_made: list[str] = field(default_factory=list)
    #: Document graphs SHACL-validated by this build (the shared graphs are validated by every build).
    graphs_validated: list[str] = field(default_factory=list)
    #: Processes that made the document graphs (1: the build's own; more: forked workers).
    processes: int = 1

    def store_summary(self) -> str:
        """One line on what happened to the store, for the CLI."""
        n = len(self.graphs_replaced)
        if not self.incremental:
            return f"store: full load of {n} named graphs ({self.full_reason})"
        return (f"store: {n} named graph{'' if n == 1 else 's'} replaced, "
                f"{len(self.graphs_removed)} removed, {len(self.graphs_unchanged)} unchanged")

    def per_class(self) -> Counter:
        return Counter(e.type for e in self.corpus.entities.values())

    def per_predicate(self) -> Counter:
        counts: Counter = Counter()
        for part in self.corpus.parts:
            counts.update(dict(part.summary.predicates))
        return counts

    def per_document(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {d: Counter() for d in sorted(self.corpus.documents)}
        for part in self.corpus.parts:
            for kind in ("statements", "observations", "attributes"):
                table[part.document][kind] += getattr(part.summary, kind)
        return table

    def totals(self) -> Counter:
        """Statements, the quotes that support them, observations and attributes, over the corpus."""
        counts: Counter = Counter()
        for part in self.corpus.parts:
            for kind in ("statements", "quotes", "observations", "attributes"):
                counts[kind] += getattr(part.summary, kind)
        return counts


def validate_shacl(data: Graph, shapes_path: Path, ontology: Graph) -> int:
    """Run the SHACL shapes; OntologyError naming the first violations if any."""
    from pyshacl import validate

    from graph.curate.shacl import read_shapes

    shapes = read_shapes(shapes_path)
    conforms, report, _text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                       allow_warnings=True)
    if conforms:
        return 0
    from rdflib.namespace import SH

    def where(r) -> str:  # the focus node, and the offending value when a rule names one (a statement)
        value = report.value(r, SH.value)
        return f"{report.value(r, SH.focusNode)}" + (f" {value}" if value is not None else "")

    messages = sorted({f"{where(r)}: {report.value(r, SH.resultMessage)}"
                       for r in report.subjects(SH.resultSeverity, SH.Violation)})
    raise OntologyError(f"SHACL: {len(messages)} violation(s); first: " + "; ".join(messages[:3]))


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read the ontology: {exc}") from exc


class _Reload(Exception):
    """The previous store cannot be updated in place (the message says why): load afresh."""


def _previous_graphs(out: BuildDir, manifest: dict) -> tuple[dict[str, str], int]:
    """The graph hashes of the previous build's store and the quads it holds; _Reload if it
    cannot be trusted."""
    try:
        old = json.loads(out.store_manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if out.store.is_dir():
            raise _Reload("no manifest beside the previous store") from None
        raise _Reload("no previous store") from None
    if not isinstance(old, dict) or not isinstance(old.get("graphs"), dict):
        raise _Reload("unreadable manifest beside the previous store")
    if (old.get("format"), old.get("pyoxigraph")) != (manifest["format"], manifest["pyoxigraph"]):
        raise _Reload("the previous store was written by another version")
    if old.get("ontology_sha256") != manifest["ontology_sha256"]:
        raise _Reload("the ontology changed")
    try:
        if store_fingerprint(out.store) != old.get("store_files"):
            raise _Reload("the previous store was changed after its build")
    except OSError:
        raise _Reload("no previous store") from None
    if not isinstance(old.get("quads"), int):
        raise _Reload("no quad count in the manifest beside the previous store")
    return old["graphs"], old["quads"]


def _update_previous(out: BuildDir, target: Path, graphs: dict[str, list[ox.Quad] | bytes | None],
                     manifest: dict, expected: int) -> dict:
    """Copy the previous store to ``target`` and rewrite only the graphs whose hash changed
    (``graphs`` holds the quads of every graph that may have); what happened, as BuildResult
    fields.  Not compacted: that would rewrite every file."""
    (old, before), hashes = _previous_graphs(out, manifest), manifest["graphs"]
    replace = {g: graphs.get(g) for g in sorted(hashes) if old.get(g) != hashes[g]}
    if any(quads is None for quads in replace.values()):
        raise _Reload(f"more than {_INCREMENTAL_MAX} graphs changed")
    # a document graph made by this build comes as its N-Quads, parsed only now that it is needed
    replace = {g: list(ox.parse(q, format=ox.RdfFormat.N_QUADS, lenient=True)) if isinstance(q, bytes) else q
               for g, q in replace.items()}
    removed = sorted(set(old) - set(hashes))
    try:
        copy_store(out.store, target)
        count = update_graphs(target, replace, removed, before)
    except StoreError as exc:
        raise _Reload(f"the previous store could not be updated: {exc}") from exc
    if count != expected:
        raise _Reload(f"the previous store does not match its manifest ({count} quads, "
                      f"not {expected})")
    unchanged = [g for g in sorted(hashes) if g not in replace]
    return {"store_quads": count, "incremental": True, "graphs_replaced": list(replace),
            "graphs_removed": removed, "graphs_unchanged": unchanged}


def _write_store(tmp: BuildDir, out: BuildDir, graphs: dict[str, list[ox.Quad] | bytes | None], manifest: dict,
                 full: bool, threads: int | None, expected: int,
                 loaded: Callable[[], None] | None = None) -> dict:
    """Write ``tmp``'s store, by updating a copy of ``out``'s if possible, and its manifest;
    what happened, as BuildResult fields.  ``loaded`` is called when the store is loaded afresh,
    before it is compacted, or else first."""
    target = tmp.store
    try:
        if full:
            raise _Reload("full load requested")
        if loaded is not None:
            loaded()
        done = _update_previous(out, target, graphs, manifest, expected)
    except _Reload as why:
        shutil.rmtree(target, ignore_errors=True)
        # Not counted by a scan of the store (1.5 s at 1,000 documents): the dump's graphs hold
        # distinct quads and share none, and the loader loads every line of it or fails.
        write_store(target, tmp.dump("nquads"), graphs[str(ONTOLOGY_GRAPH)], lenient=True, threads=threads,
                    count=False, loaded=loaded)
        done = {"store_quads": expected, "incremental": False, "graphs_replaced": sorted(manifest["graphs"]),
                "full_reason": str(why)}
    manifest = {**manifest, "quads": done["store_quads"], "store_files": store_fingerprint(target)}
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    tmp.store_manifest.write_text(text, encoding="utf-8")
    return done


def _disk_full(exc: BaseException) -> bool:
    return (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left on device" in str(exc)


def remove_leftovers(target: BuildDir) -> list[Path]:
    """Clear what dead builds left beside ``target`` (with the build lock held, no live build
    owns any): staging folders are removed; a retired previous build is put back first if the
    build folder itself is missing (a build killed between its two renames)."""
    removed = []
    retired = sorted(target.root.parent.glob(f".{target.root.name}.old-*"))
    if retired and not target.root.exists():
        retired.pop().rename(target.root)
    for leftover in [*target.root.parent.glob(f".{target.root.name}.tmp-*"), *retired]:
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    return removed


def build(sources: Path, ontology_dir: Path, out: Path, *, full: bool = False,
          threads: int | None = None, finish: Callable[[Path], dict[str, Path]] | None = None,
          workers: int | None = None) -> BuildResult:
    """Load, validate and write the whole graph; the previous build survives any failure.

    ``full``: load the store afresh instead of updating the previous one.  ``threads``:
    how many threads load the store (default: one per CPU).  ``workers``: how many processes make
    the document graphs when there are many to make (default: one per CPU; 1: this process only;
    the dumps are the same bytes either way).  ``finish`` writes more files (the report, the
    explorer) into the staging folder it is given, after the store and before the swap: the
    swap is the last step, so a build folder is always whole.  The build holds the folder's
    lock (a second build is refused, naming the first) and clears what killed builds left behind.
    """
    with build_lock(BuildDir(Path(out))), _few_collections():
        return _build(Path(sources), Path(ontology_dir), BuildDir(Path(out)), full, threads, finish, workers)


def _salt(ontology_dir: Path, sources: Path) -> str:
    """What every cached document result depends on besides the document itself: the ontology,
    shapes and indicators, and the code that reads facts and makes their RDF (a changed
    release never reuses an older one's results)."""
    from graph.curate.cache import CACHE_FORMAT, digest

    import graph.curate.graphs
    import graph.curate.sources
    import graph.names
    import graph.quantity
    import graph.rdf
    import graph.text

    indicators = sources / "indicators.yaml"
    code = [Path(m.__file__).read_bytes() for m in (graph.rdf, graph.curate.sources, graph.curate.graphs,
                                                    graph.names, graph.quantity, graph.text)]
    return digest(CACHE_FORMAT, MANIFEST_FORMAT, ox.__version__, _read(ontology_dir / "szkg.ttl"),
                  _read(ontology_dir / "shapes.ttl"), _read(indicators) if indicators.exists() else b"", *code)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read: {exc}") from exc


def _checks(shapes: Path):
    """The compiled SHACL checks, or None when the shapes need pySHACL (``Unsupported``)."""
    from graph.curate.shacl import Unsupported, compile_shapes

    try:
        return compile_shapes(shapes)
    except Unsupported:
        return None


#: The cyclic garbage collector's first threshold during a build (Python's default: 700).
_GC_THRESHOLD = 100_000


@contextmanager
def _few_collections():
    """A build allocates millions of small objects that live until it ends (the parsed facts, the
    quads of each graph) and makes almost no reference cycles: with the collector's default
    thresholds, collections that find nothing took a tenth of its time (a profile at 1,000
    documents).  For the build, the first threshold is raised and what the corpus loaded is kept
    out of later collections (``gc.freeze`` in ``_build``); both are undone afterwards."""
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.set_threshold(max(before[0], _GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:  # (a caller's own frozen objects stay frozen)
            gc.unfreeze()


def _raise_violations(found) -> None:
    errors = sorted({f"{v.focus}" + (f" {v.value}" if v.value is not None and v.path is None
                                     or v.component == "SPARQLConstraintComponent" else "")
                     + f": {v.message}" for v in found if not v.message.startswith(("Warning:", "Info:"))})
    if errors:
        raise OntologyError(f"SHACL: {len(errors)} violation(s); first: " + "; ".join(errors[:3]))


def _build(sources: Path, ontology_dir: Path, target: BuildDir, full: bool, threads: int | None,
           finish: Callable[[Path], dict[str, Path]] | None, workers: int | None) -> BuildResult:
    from graph.curate.cache import DocumentCache, digest
    from graph.curate.graphs import PARTS, Dumps, Makers, PreviousDumps, Validation, batch_size
    from graph.rdf import document_quads
    from graph.vocab import document_graph

    started = time.perf_counter()
    ontology = load_ontology(str(ontology_dir / "szkg.ttl"))
    checks = _checks(ontology_dir / "shapes.ttl")
    previous = target.cache if (target.cache.is_dir() and not full) else None
    cache = DocumentCache(previous, _salt(ontology_dir, sources))
    workers = workers if workers is not None else (os.cpu_count() or 1)
    corpus = load_corpus(sources, ontology, cache=cache, workers=workers)
    gc.freeze()  # the corpus lives until the build ends: no collection need walk it (_few_collections)
    mentioned = corpus.mentions

    out = target.root
    remove_leftovers(target)
    tmp, old = BuildDir(target.staging()), target.retired()
    dumps = validation = before = makers = writer = None
    try:
        tmp.root.mkdir(parents=True)
        files = {name: tmp.dump(name) for name in BuildDir.DUMPS}
        own = tmp.root / ".turtle-own"
        before = PreviousDumps.open(cache.previous_memo("dumps", ""), {p: target.dump(p) for p in PARTS})
        dumps = Dumps.open(files, own)
        # a document's facts may come in several files: its graph is kept with the last (in name
        # order) and made again when any of them changes, or is added or removed
        files_of: dict[str, list[str]] = {}
        for stem in sorted(cache.entries):
            files_of.setdefault(cache.entries[stem]["document"], []).append(stem)
        stems = {document: group[-1] for document, group in files_of.items()}
        hashes, changed, made, quads_total = {}, {}, [], 0
        doc_of = {str(document_graph(d)): d for d in corpus.documents}
        fallback = []  # graphs pySHACL validates when the shapes cannot be compiled
        plan = []  # per document graph in IRI order: (name, document, its cache stem, cache entry, key, reused)
        for name in sorted(doc_of):
            doc = corpus.documents[doc_of[name]]
            stem = stems.get(doc.id)
            entry = cache.entries.get(stem) if stem else None
            group = [cache.entries[s] for s in files_of.get(doc.id, ())]
            key = digest([e["facts_sha"] for e in group], doc.script, doc.id, [e["refs"] for e in group],
                         sorted(mentioned.get(doc.id, ())))
            meta = entry.get("graph") if entry else None
            reused = meta is not None and meta.get("key") == key and before is not None and stem in before.ranges
            plan.append((name, doc, stem, entry, key, reused))

        def make(document: str) -> list[ox.Quad]:
            return document_quads(corpus.documents[document], *corpus.facts_of(document),
                                  mentioned.get(document, set()), sort=False)

        jobs = [(name, doc.id) for name, doc, *_rest, reused in plan
                if doc is not None and not reused]
        # the workers start making graphs now, while this process makes the shared graphs
        makers = Makers(tmp.root, workers)
        made_in_order = makers.run(jobs, make)
        shared, shared_quads = _shared_entries(corpus, cache)
        onto_quads = cache.ontology(_sha256(ontology_dir / "szkg.ttl"), lambda: ontology_quads(ontology.graph))
        context = b"".join(shared[g]["nquads"] for g in (str(ENTITIES_GRAPH), str(DOCUMENTS_GRAPH)) if g in shared)
        context += ox.serialize(onto_quads, format=ox.RdfFormat.N_QUADS)
        plan = sorted([*plan, *((name, None, None, None, None, False) for name in shared if name not in doc_of)],
                      key=lambda step: step[0])
        validation = Validation(checks or [], context, size=batch_size(len(jobs)))
        if len(jobs) > _INCREMENTAL_MAX:  # the store will be loaded afresh, then compacted
            batches = -(-len(jobs) // validation.size)
            validation.hold_after = batches - batches // _HELD_BACK
        for name, doc, stem, entry, key, reused in plan:
            if doc is None:
                dumps.add_shared(shared[name])
                hashes[name] = shared[name]["hash"]
                quads_total += shared[name]["quads"]
                continue
            if reused:
                meta = entry["graph"]
                dumps.reuse(stem, before, meta)
            else:
                graph = next(made_in_order)
                if graph is None:
                    continue
                refs = graph.meta.pop("refs")
                meta = {**graph.meta, "key": key}
                if checks is not None:
                    validation.add(name, graph.nquads(), refs)
                else:
                    fallback.extend(graph.quads())
                changed[name] = graph.nquads() if len(changed) < _INCREMENTAL_MAX else None
                made.append(name)
                if entry is not None:
                    dumps.add(stem, graph)
                    cache.keep(stem, {**entry, "graph": meta}, unchanged=False)
                else:  # a document with no facts file yet: its graph (its mentions) is made every build
                    dumps.add(f"~{doc.id}", graph)
                del graph
            hashes[name] = meta["hash"]
            quads_total += meta["quads"]
        if checks is None:
            fallback.extend(ox.parse(context, format=ox.RdfFormat.N_QUADS, lenient=True))
            validate_shacl(_rdflib_graph(fallback), ontology_dir / "shapes.ttl", ontology.graph)
        # SHACL finishes on its threads while the dumps, the clean texts and the cache are written
        # (into the staging folder: a violation still fails the build before anything is swapped in)
        validation.flush()
        triples = dumps.close(files)
        makers.close()
        processes = makers.processes
        cache.keep_memo("dumps", "", dumps.index(files))
        dumps = None
        if before is not None:
            before.close()
        # The clean texts and the cache (thousands of small files at a large corpus) are written on
        # a thread while SHACL finishes and the store loads; both are done before the swap.
        writer = ThreadPoolExecutor(1, thread_name_prefix="szkg-cache")
        written = writer.submit(_write_texts_and_cache, corpus, target, tmp, cache)
        hashes[str(ONTOLOGY_GRAPH)] = graph_hash(onto_quads)
        manifest = {"format": MANIFEST_FORMAT, "pyoxigraph": ox.__version__,
                    "ontology_sha256": _sha256(ontology_dir / "szkg.ttl"), "graphs": dict(sorted(hashes.items()))}
        replace = {**shared_quads, **changed, str(ONTOLOGY_GRAPH): onto_quads}
        del changed, context, shared_quads
        _raise_violations(validation.found_so_far())  # (what the batches checked by now found: fail early)
        store = _write_store(tmp, target, replace, manifest, full, threads, quads_total + len(onto_quads),
                             loaded=validation.release)
        _raise_violations(validation.results())  # (before the swap: a violation fails the build)
        written.result()
        writer.shutdown()
        if finish is not None:
            files.update(finish(tmp.root))
        if out.exists():
            out.rename(old)
        tmp.root.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        for part in (dumps, validation):
            if part is not None:
                part.abort()
        if makers is not None:
            makers.close()
        if writer is not None:
            writer.shutdown()  # waits for the files it is writing into the staging folder
        if before is not None:
            before.close()
        shutil.rmtree(tmp.root, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        if _disk_full(exc):
            raise StoreError(f"{out}: the disk is full (no space left on device); the previous build "
                             "is unchanged — free some space and build again") from None
        if isinstance(exc, OSError):
            raise StoreError(f"{out}: cannot write the build: {exc}") from exc
        raise
    files = {name: out / path.name for name, path in files.items()}
    files["store"] = target.store
    return BuildResult(out, corpus, quads_total, triples, seconds=time.perf_counter() - started,
                       files=files, shacl_violations=0, graphs_made=made,
                       graphs_validated=list(validation.validated) if checks is not None else made,
                       processes=processes, **store)


def _write_texts_and_cache(corpus: Corpus, target: BuildDir, tmp: BuildDir, cache) -> None:
    _write_clean_texts(corpus, target, tmp, cache)
    cache.commit(tmp.cache, corpus.documents.values())


def _write_clean_texts(corpus: Corpus, target: BuildDir, tmp: BuildDir, cache) -> None:
    """The clean texts into ``tmp``: hard links to the previous build's files of texts it wrote
    alike (by their SHA-256, and the file still of that size), the others written."""
    tmp.clean.mkdir()
    before = cache.previous_memo("clean", "") or {}
    now = {}
    for doc in corpus.documents.values():
        data = doc.text.encode("utf-8")
        now[doc.id] = hashlib.sha256(data).hexdigest()
        old, new = target.clean_text(doc.id), tmp.clean_text(doc.id)
        if before.get(doc.id) == now[doc.id]:
            try:
                if old.stat().st_size == len(data):
                    os.link(old, new)
                    continue
            except OSError:
                pass
        new.write_bytes(data)
    cache.keep_memo("clean", "", now)


def _shared_entries(corpus: Corpus, cache) -> tuple[dict[str, dict], dict[str, list[ox.Quad]]]:
    """The shared graphs (``graph.rdf.shared_graphs``) as ``graph.curate.graphs.shared_entry``
    gives them, and the quads of those made afresh.  Each is taken from the previous build's
    cache while what it is made of is unchanged (its key): the entities and indicators for
    ``g:entities`` (names, OpenCC variants, name keys), every document's metadata and bytes for
    ``g:documents`` (every clean text), the facts' subjects, relations and objects for
    ``g:counts``; and no graph is serialised into blocks again while its N-Quads are the same."""
    from graph.curate.cache import digest
    from graph.curate.graphs import shared_entry
    from graph.rdf import shared_graphs

    documents = [(d.id, d.path, d.title, d.script, d.publisher, d.author, d.date, d.url, d.notes,
                  hashlib.sha256(d.raw).hexdigest()) for _, d in sorted(corpus.documents.items())]
    keys = {str(ENTITIES_GRAPH): digest(sorted(corpus.entities.items()), sorted(corpus.indicators.items()),
                                        sorted(corpus.used_indicators())),
            str(DOCUMENTS_GRAPH): digest(documents),
            str(COUNTS_GRAPH): digest(corpus.count_rows())}
    entries: dict[str, dict] = {}
    for name, key in keys.items():
        short = name.rsplit("/", 1)[-1]
        known = cache.previous_memo(f"{short}-graph", key)
        entry = cache.previous_memo(f"graph-{short}", known) if known is not None else None
        if entry is not None:
            entries[name] = entry
            cache.keep_memo(f"{short}-graph", key, known)
            cache.keep_memo(f"graph-{short}", known, entry)
    quads_of = shared_graphs(corpus, skip=entries)
    for name, quads in quads_of.items():
        short = name.rsplit("/", 1)[-1]
        nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        entries[name] = cache.memo(f"graph-{short}", digest(nquads), lambda q=quads: shared_entry(q))
        cache.keep_memo(f"{short}-graph", keys[name], digest(nquads))
    return entries, quads_of


#: Above this many changed graphs the store is loaded afresh from the dump (their quads are not kept).
_INCREMENTAL_MAX = 50
#: When the store is loaded afresh, 1/_HELD_BACK of the batches of document graphs are checked
#: while it compacts (``Validation.hold_after``; a compaction keeps one core busy for about as long
#: as a quarter of the checks take on the other).
_HELD_BACK = 4


def _rdflib_graph(quads) -> Graph:
    graph = Graph()
    graph.parse(data=ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                  format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph
