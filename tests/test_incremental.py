"""Incremental builds of the embedded store, and the parallel N-Quads loader.

Rebuilding after one document changed touches only that document's named graph; a removed
document leaves no statement behind; a failed rebuild leaves the previous build as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.curate.build
import graph.layout
import graph.store.embedded
from graph.curate.build import build
from graph.curate.sources import load_corpus
from graph.errors import SourceError, StoreError
from graph.names import mentions
from graph.store.embedded import load_nquads, nquads_ranges
from graph.vocab import (
    DOC,
    DOCUMENTS_GRAPH,
    ENT,
    ENTITIES_GRAPH,
    OBS,
    ONTOLOGY_GRAPH,
    STMT,
    document_graph,
    load_ontology,
)
from tests.conftest import ONTOLOGY, SOURCES

DOC_ID = "000_8038bac2c53f9c46"


def store_quads(out: Path, graph_iri: str | None = None) -> set[ox.Quad]:
    """Every quad of the build's store (or of one named graph)."""
    store = ox.Store.read_only(str(out / "store"))
    name = ox.NamedNode(str(graph_iri)) if graph_iri else None
    return set(store.quads_for_pattern(None, None, None, name))


def named_graphs(out: Path) -> set[str]:
    return {g.value for g in ox.Store.read_only(str(out / "store")).named_graphs()}


def snapshot(out: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under ``out`` (the store's files included)."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, Path]:
    """(sources, out): a private copy of the sources and their full build."""
    root = tmp_path_factory.mktemp("incremental")
    shutil.copytree(SOURCES, root / "sources", ignore=shutil.ignore_patterns("curation"))
    result = build(root / "sources", ONTOLOGY, root / "out")
    assert not result.incremental and result.full_reason == "no previous store"
    return root / "sources", root / "out"


@pytest.fixture
def previous(first, tmp_path) -> tuple[Path, Path]:
    """A writable copy of ``first`` (sources and build) for one test."""
    sources, out = tmp_path / "sources", tmp_path / "out"
    shutil.copytree(first[0], sources)
    shutil.copytree(first[1], out)
    return sources, out


def edit_a_quote(sources: Path, doc_id: str = DOC_ID) -> None:
    """Shorten the first statement's quote of ``doc_id`` by its last character (still verbatim)."""
    path = sources / "facts" / f"{doc_id}.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r'quote: "([^"]+)"', text)
    path.write_text(
        text[: match.start(1)] + match.group(1)[:-1] + text[match.end(1) :], encoding="utf-8"
    )


def removable_document(sources: Path) -> tuple[str, set[str]]:
    """A document that can go with the entities only it names (no other document's facts use
    them), and those entities' ids."""
    corpus = load_corpus(sources, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    found = mentions(corpus)
    facts = [*corpus.statements, *corpus.observations, *corpus.attributes]
    for doc_id in sorted(corpus.documents):
        orphans = found[doc_id] - set().union(*(ids for d, ids in found.items() if d != doc_id))
        used = {
            getattr(f, role, None)
            for f in facts
            if f.evidence.document != doc_id
            for role in ("subject", "object")
        }
        if not orphans & used:
            return doc_id, orphans
    pytest.skip("every document names an entity that another document's facts use")


def remove_document(sources: Path, doc_id: str, orphans: set[str]) -> None:
    """Remove a document as a curator would: its metadata, its file, its facts, and the
    entities no other document names (every entity must be named somewhere)."""
    meta = sources / "documents.yaml"
    kept, skipping = [], False
    for line in meta.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("- id: "):
            skipping = line.strip() == f"- id: {doc_id}"
        if not skipping:
            kept.append(line)
    meta.write_text("".join(kept), encoding="utf-8")
    for path in (sources / "documents").glob(f"{doc_id}.*"):
        path.unlink()
    (sources / "facts" / f"{doc_id}.yaml").unlink()
    entities = sources / "entities.yaml"
    entities.write_text(
        "".join(
            line
            for line in entities.read_text(encoding="utf-8").splitlines(keepends=True)
            if not any(line.startswith(f"- {{id: {e},") for e in orphans)
        ),
        encoding="utf-8",
    )


# ------------------------------------------------------------------ (a) nothing changed


def test_a_rebuild_without_changes_replaces_no_graph(previous):
    sources, out = previous
    before = store_quads(out)
    dumps = {n: (out / n).read_bytes() for n in ("szkg.nq", "szkg.trig", "szkg.ttl")}
    result = build(sources, ONTOLOGY, out)
    assert result.incremental, result.full_reason
    assert result.graphs_replaced == [] and result.graphs_removed == []
    assert len(result.graphs_unchanged) == len(named_graphs(out)) >= 8
    assert (
        result.store_summary()
        == f"store: 0 named graphs replaced, 0 removed, {len(result.graphs_unchanged)} unchanged"
    )
    assert store_quads(out) == before
    assert result.store_quads == len(before)
    for name, data in dumps.items():
        assert (out / name).read_bytes() == data, name


# ------------------------------------------------------------------ (b) one document changed


def test_b_one_changed_quote_replaces_only_that_documents_graph(previous, tmp_path):
    sources, out = previous
    graphs = named_graphs(out)
    before = {g: store_quads(out, g) for g in graphs}
    edit_a_quote(sources)
    result = build(sources, ONTOLOGY, out)

    changed = str(document_graph(DOC_ID))
    assert result.incremental, result.full_reason
    assert result.graphs_replaced == [changed]  # entities did not change, so g:entities is kept
    assert result.graphs_removed == []
    assert sorted(result.graphs_unchanged) == sorted(graphs - {changed})
    assert (
        result.store_summary()
        == f"store: 1 named graph replaced, 0 removed, {len(graphs) - 1} unchanged"
    )
    after = {g: store_quads(out, g) for g in named_graphs(out)}
    assert after.keys() == before.keys()
    for g in graphs - {changed}:
        assert after[g] == before[g], g
    assert after[changed] != before[changed]
    dumped = {
        q
        for q in ox.parse(path=str(out / "szkg.nq"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name.value == changed
    }
    assert after[changed] == dumped  # the new content, and nothing of the old one

    full = build(sources, ONTOLOGY, tmp_path / "full", full=True)
    assert not full.incremental and full.full_reason == "full load requested"
    assert store_quads(out) == store_quads(full.out)
    for name in ("szkg.nq", "szkg.trig", "szkg.ttl"):
        assert (out / name).read_bytes() == (full.out / name).read_bytes(), name


def test_b_a_facts_file_changed_behind_its_size_and_time_is_read_again(previous):
    """A facts file is skipped unread only while its whole stat is the one it had when read:
    rewritten to the same size with its modification time put back, its change time still
    differs, and the edit is built."""
    sources, out = previous
    build(sources, ONTOLOGY, out)  # the stats of these copies, read well after they were written
    path = sources / "facts" / f"{DOC_ID}.yaml"
    before = path.stat()
    edit_a_quote(sources)
    path.write_bytes(path.read_bytes() + b" " * (before.st_size - path.stat().st_size))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    result = build(sources, ONTOLOGY, out)
    assert result.graphs_made == [str(document_graph(DOC_ID))]
    assert result.graphs_replaced == [str(document_graph(DOC_ID))]


def test_b_a_changed_entity_replaces_the_entities_graph(previous):
    sources, out = previous
    path = sources / "entities.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("en: London,", "en: Londinium,"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    result = build(sources, ONTOLOGY, out)
    assert result.incremental and result.graphs_replaced == [str(ENTITIES_GRAPH)]
    labels = {
        q.object.value
        for q in store_quads(out, ENTITIES_GRAPH)
        if q.subject.value.endswith("/id/london")
    }
    assert "Londinium" in labels and "London" not in labels


def unsourced(facts) -> list:
    """Facts without the file:line they were read at (the module's first build read this copy's
    facts in another folder)."""
    return [dataclasses.replace(f, source="") for f in facts]


def test_b_a_rebuild_reads_the_facts_of_the_changed_document_only_and_loses_none(previous):
    """The unchanged documents' facts stay in the cache until asked for; asked for, they are
    the facts a fresh load reads, in the same order, and the counts the CLI prints agree."""
    sources, out = previous
    build(sources, ONTOLOGY, out)  # a copied build folder's dumps are not trusted (inodes): settle it here
    edit_a_quote(sources)
    result = build(sources, ONTOLOGY, out)
    assert result.incremental
    read = {part.document for part in result.corpus.parts if part.facts is not None}
    assert read == {DOC_ID}, "only the changed document's facts are read"
    fresh = load_corpus(sources, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    assert result.per_predicate() == Counter(s.predicate for s in fresh.statements)
    assert result.totals() == Counter(statements=len(fresh.statements), observations=len(fresh.observations),
                                      attributes=len(fresh.attributes),
                                      quotes=sum(len(s.quotes) for s in fresh.statements))
    for kind in ("statements", "observations", "attributes"):
        assert unsourced(getattr(result.corpus, kind)) == unsourced(getattr(fresh, kind)), kind
    assert all(part.facts is not None for part in result.corpus.parts)


def test_b_facts_missing_from_the_cache_are_read_from_their_file_again(previous):
    sources, out = previous
    build(sources, ONTOLOGY, out)
    edit_a_quote(sources)
    result = build(sources, ONTOLOGY, out)
    other = next(p for p in result.corpus.parts if p.document != DOC_ID)
    (out / "cache" / f"{other.document}.facts.pickle").unlink()
    fresh = load_corpus(sources, load_ontology(str(ONTOLOGY / "szkg.ttl")))
    assert [unsourced(f) for f in result.corpus.facts_of(other.document)] == \
        [unsourced(f) for f in fresh.facts_of(other.document)]
    assert result.corpus.facts_of(other.document)[0], "the document has statements"
    again = build(sources, ONTOLOGY, out)  # its cache entry has no facts: the file is parsed again
    assert again.incremental and not again.graphs_replaced
    assert unsourced(again.corpus.statements) == unsourced(fresh.statements)
    assert not (out / "cache" / f"{other.document}.pickle").exists(), "an entry whose facts are gone is dropped"
    third = build(sources, ONTOLOGY, out)  # so this build parses the file again, and keeps it
    assert {p.document for p in third.corpus.parts if p.facts is not None} == {other.document}
    assert (out / "cache" / f"{other.document}.facts.pickle").is_file()


# ------------------------------------------------------------------ (c) a document removed


def test_c_a_removed_document_leaves_nothing_behind(previous, tmp_path):
    sources, out = previous
    doc_id, orphans = removable_document(sources)
    doc_graph, doc_iri = str(document_graph(doc_id)), str(DOC[doc_id])
    nodes = {
        q.subject.value
        for q in store_quads(out, doc_graph)
        if q.subject.value.startswith((str(STMT), str(OBS)))
    }
    assert nodes, "the document's statements should be in the store before"
    remove_document(sources, doc_id, orphans)
    result = build(sources, ONTOLOGY, out)

    assert result.incremental, result.full_reason
    assert result.graphs_removed == [doc_graph]
    assert str(DOCUMENTS_GRAPH) in result.graphs_replaced
    assert (str(ENTITIES_GRAPH) in result.graphs_replaced) == bool(orphans)
    assert doc_graph not in named_graphs(out)
    gone = {doc_iri, doc_graph} | {str(ENT[e]) for e in orphans}
    for q in store_quads(out):
        terms = {
            t.value for t in (q.subject, q.object, q.graph_name) if isinstance(t, ox.NamedNode)
        }
        terms |= {
            t.value.split("#")[0] for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)
        }
        assert not terms & (gone | nodes), q
    full = build(sources, ONTOLOGY, tmp_path / "full", full=True)
    assert store_quads(out) == store_quads(full.out)


# ------------------------------------------------------------------ (d) failures and fallbacks


def test_d_a_failed_rebuild_leaves_the_previous_build_byte_identical(previous):
    sources, out = previous
    before, listing = snapshot(out), sorted(p.name for p in (out / "store").iterdir())
    facts = sources / "facts" / f"{DOC_ID}.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        re.sub(r'quote: "[^"]+"', 'quote: "这句话不在文中"', text, count=1), encoding="utf-8"
    )
    with pytest.raises(SourceError, match="quote not found"):
        build(sources, ONTOLOGY, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in (out / "store").iterdir()) == listing
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.is_dir()]


def test_d_a_store_failure_after_the_copy_leaves_the_previous_build_byte_identical(
    previous, monkeypatch
):
    sources, out = previous
    before, quads = snapshot(out), store_quads(out)
    real_update, real_write = graph.curate.build.update_graphs, graph.curate.build.write_store

    def update_then_fail(path, replace, remove=(), before=None):
        real_update(path, replace, [*remove, str(ONTOLOGY_GRAPH)])  # really change the copy first
        raise StoreError(f"{path}: disk full")

    def write_then_fail(path, *args, **kwargs):
        real_write(path, *args, **kwargs)
        raise StoreError(f"{path}: disk full")

    monkeypatch.setattr(graph.curate.build, "update_graphs", update_then_fail)
    monkeypatch.setattr(graph.curate.build, "write_store", write_then_fail)
    edit_a_quote(sources)
    with pytest.raises(StoreError, match="disk full"):
        build(sources, ONTOLOGY, out)
    assert snapshot(out) == before
    assert store_quads(out) == quads
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.is_dir()]


def test_d_a_store_that_cannot_be_updated_is_loaded_afresh(previous, monkeypatch):
    sources, out = previous

    def fail(path, *_args):
        raise StoreError(f"{path}: cannot update the store: boom")

    monkeypatch.setattr(graph.curate.build, "update_graphs", fail)
    edit_a_quote(sources)
    result = build(sources, ONTOLOGY, out)
    assert not result.incremental and "could not be updated" in result.full_reason
    assert result.store_summary().startswith(
        f"store: full load of {len(named_graphs(out))} named graphs ("
    )
    assert store_quads(out) == {
        *ox.parse(path=str(out / "szkg.nq"), format=ox.RdfFormat.N_QUADS),
        *store_quads(out, ONTOLOGY_GRAPH),
    }


def test_d_a_store_written_to_after_its_build_is_loaded_afresh(previous):
    sources, out = previous
    stray = ox.Quad(
        ox.NamedNode("http://example.org/s"),
        ox.NamedNode("http://example.org/p"),
        ox.Literal("added by SPARQL Update"),
        ox.NamedNode(str(document_graph(DOC_ID))),
    )
    store = ox.Store(str(out / "store"))  # what `szkg serve --update` does
    store.add(stray)
    store.flush()
    del store
    result = build(sources, ONTOLOGY, out)
    assert (
        not result.incremental
        and result.full_reason == "the previous store was changed after its build"
    )
    assert stray not in store_quads(out)


def test_d_a_changed_ontology_reloads_the_store(previous, tmp_path):
    sources, out = previous
    ontology = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, ontology)
    with (ontology / "szkg.ttl").open("a", encoding="utf-8") as f:
        f.write("\n# a comment is a change too\n")
    result = build(sources, ontology, out)
    assert not result.incremental and result.full_reason == "the ontology changed"
    again = build(sources, ontology, out)
    assert again.incremental and again.graphs_replaced == []


def test_the_manifest_records_each_graphs_hash(first):
    import json

    from graph.store.embedded import graph_hash

    _sources, out = first
    manifest = json.loads(graph.layout.BuildDir(out).store_manifest.read_text(encoding="utf-8"))
    assert set(manifest["graphs"]) == named_graphs(out)
    for g, digest in manifest["graphs"].items():
        assert graph_hash(store_quads(out, g)) == digest, g


# ------------------------------------------------------------------ (e) the parallel loader


def synthetic_nquads(lines: int) -> bytes:
    return "".join(
        f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "v{i} 深圳"@zh '
        f"<http://example.org/g{i % 3}> .\n"
        for i in range(lines)
    ).encode()


def single_threaded(path: Path) -> set[ox.Quad]:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return set(store)


def test_e_ranges_are_line_aligned_and_cover_the_file():
    data = synthetic_nquads(1000)
    assert len(nquads_ranges(data, 2, min_bytes=1)) == 2
    ranges = nquads_ranges(data, 3, max_bytes=10_000, min_bytes=1)
    assert len(ranges) > 3  # max_bytes splits further than the thread count
    assert b"".join(data[a:b] for a, b in ranges) == data
    assert all(data[b - 1 : b] == b"\n" and (a == 0 or data[a - 1 : a] == b"\n") for a, b in ranges)
    assert nquads_ranges(data, 8) == [(0, len(data))]  # below MIN_RANGE: one call


def test_e_the_parallel_loader_gives_the_quads_of_a_single_threaded_load(tmp_path, monkeypatch):
    path = tmp_path / "data.nq"
    path.write_bytes(synthetic_nquads(3000))
    monkeypatch.setattr(graph.store.embedded, "MIN_RANGE", 4096)
    used, real = [], graph.store.embedded.nquads_ranges
    monkeypatch.setattr(
        graph.store.embedded, "nquads_ranges", lambda *a, **k: used.append(real(*a, **k)) or used[-1]
    )
    count = load_nquads(tmp_path / "store", path, threads=3)
    assert len(used) == 1 and len(used[0]) == 3  # really loaded in three ranges
    assert count == 3000
    assert set(ox.Store.read_only(str(tmp_path / "store"))) == single_threaded(path)


def test_e_blank_nodes_keep_their_identity_across_the_file(tmp_path, monkeypatch):
    path = tmp_path / "blank.nq"
    body = synthetic_nquads(2000)
    path.write_bytes(
        b"<http://example.org/a> <http://example.org/p> _:shared <http://example.org/g> .\n"
        + body
        + b"<http://example.org/b> <http://example.org/p> _:shared <http://example.org/g> .\n"
    )
    monkeypatch.setattr(graph.store.embedded, "MIN_RANGE", 1024)
    load_nquads(tmp_path / "store", path, threads=2)
    store = ox.Store.read_only(str(tmp_path / "store"))
    objects = {
        q.object for q in store.quads_for_pattern(None, ox.NamedNode("http://example.org/p"), None)
    }
    assert len(objects) == 1 and isinstance(next(iter(objects)), ox.BlankNode)


def test_e_a_malformed_line_names_the_file_and_its_line(tmp_path, monkeypatch):
    lines = synthetic_nquads(3000).splitlines(keepends=True)
    lines[2499] = (
        b'<http://example.org/s> <http://example.org/p> "unterminated <http://example.org/g> .\n'
    )
    path = tmp_path / "bad.nq"
    path.write_bytes(b"".join(lines))
    monkeypatch.setattr(graph.store.embedded, "MIN_RANGE", 4096)
    with pytest.raises(StoreError) as caught:
        load_nquads(tmp_path / "store", path, threads=2)
    message = str(caught.value)
    assert message.startswith(f"{path}: malformed N-Quads: ") and "\n" not in message
    assert re.search(r"\bline 2500\b", message), message


def test_e_a_bad_iri_is_refused_unless_lenient(tmp_path):
    path = tmp_path / "iri.nq"
    path.write_bytes(
        b'<http://example.org/a b> <http://example.org/p> "x" <http://example.org/g> .\n'
    )
    with pytest.raises(StoreError, match=r"iri\.nq: malformed N-Quads: .*line 1"):
        load_nquads(tmp_path / "strict", path)
    assert load_nquads(tmp_path / "lenient", path, lenient=True) == 1


def test_e_the_build_store_holds_the_dump_and_the_ontology(first):
    _sources, out = first
    dumped = set(ox.parse(path=str(out / "szkg.nq"), format=ox.RdfFormat.N_QUADS))
    ontology = store_quads(out, ONTOLOGY_GRAPH)
    assert len(ontology) == len(load_ontology(str(ONTOLOGY / "szkg.ttl")).graph)
    assert store_quads(out) == dumped | ontology
    assert not dumped & ontology


def test_a_shacl_violation_found_last_still_leaves_the_previous_build(previous, monkeypatch):
    """SHACL finishes on its threads while the dumps, clean texts and cache are written into the
    staging folder; a violation it then reports fails the build, and nothing of it is swapped in."""
    import graph.curate.shacl as shacl
    from graph.errors import OntologyError

    sources, out = previous
    before = snapshot(out)
    edit_a_quote(sources)
    real = shacl.validate_nquads

    def late(data, checks):
        found = real(data, checks)
        return [*found, shacl.Violation(f"{ENT}huawei", None, "ClassConstraintComponent", None, "found last")]

    monkeypatch.setattr(shacl, "validate_nquads", late)
    with pytest.raises(OntologyError, match=r"SHACL: 1 violation\(s\); first: .*huawei: found last"):
        build(sources, ONTOLOGY, out)
    assert snapshot(out) == before
    assert not list(out.parent.glob(f".{out.name}.tmp-*"))


def test_b_a_document_whose_first_of_two_facts_files_is_removed_loses_its_facts(previous, tmp_path):
    """A document's facts may be split over several files; removing one of them (here the first in
    name order: the document's graph was kept with the last) changes the document's graph, as a full
    build of the same sources has it."""
    sources, out = previous
    facts = sources / "facts" / f"{DOC_ID}.yaml"
    text = facts.read_text(encoding="utf-8")
    head, _, rest = text.partition("statements:\n")
    items = re.split(r"(?m)^(?=  - )", rest)
    moved = next(i for i, item in enumerate(items) if item.startswith("  - ") and "resolve" not in item)
    later = sources / "facts" / f"{DOC_ID}~more.yaml"
    later.write_text(f"document: {DOC_ID}\nstatements:\n{items[moved]}", encoding="utf-8")
    facts.write_text(head + "statements:\n" + "".join(items[:moved] + items[moved + 1:]), encoding="utf-8")
    split = build(sources, ONTOLOGY, out)
    assert str(document_graph(DOC_ID)) in split.graphs_replaced or split.graphs_made
    facts.unlink()
    again = build(sources, ONTOLOGY, out)
    full = build(sources, ONTOLOGY, tmp_path / "full", full=True)
    assert (again.out / "szkg.nq").read_bytes() == (full.out / "szkg.nq").read_bytes()
    assert store_quads(out, str(document_graph(DOC_ID))) == store_quads(full.out, str(document_graph(DOC_ID)))
