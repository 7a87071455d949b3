"""Tests written against the mutants `make mutate` left alive in graph/curate/build.py (the
1-in-10 sample of docs/testing.md).  They go through build()'s public functions only, so they
hold while its internals change; the mutants no input can tell apart are in
tests/mutation_equivalent.txt."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.curate.build import validate_shacl
from graph.errors import OntologyError

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix e: <http://e/> .
e:S a sh:NodeShape ; sh:targetClass e:C ;
    sh:property [ sh:path e:p ; sh:minCount 1 ; sh:message "needs p" ] ;
    sh:property [ sh:path e:note ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "a note would help" ] .
"""


def test_a_shape_of_warning_severity_does_not_fail_the_validation(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    warned = Graph().parse(data="@prefix e: <http://e/> . e:a a e:C ; e:p 1 .", format="turtle")
    assert validate_shacl(warned, shapes, Graph()) == 0, "only a warning: the build goes on"
    both = Graph().parse(data="@prefix e: <http://e/> . e:a a e:C ; e:p 1 . e:b a e:C .", format="turtle")
    assert str(pytest.raises(OntologyError, validate_shacl, both, shapes, Graph()).value) == \
        "SHACL: 1 violation(s); first: http://e/b: needs p", "the warning is not counted as a violation"


def test_build_runs_finish_in_its_staging_folder_and_outlives_a_stray_leftover(tmp_path):
    from graph.curate.build import build
    from tests.conftest import ONTOLOGY, SOURCES

    stray = tmp_path / ".out.tmp-1"
    stray.write_text("not a folder", encoding="utf-8")  # what a dead build left: rmtree cannot remove it
    staged: list = []

    def finish(staging):
        staged.append(staging)
        (staging / "extra.txt").write_text("written before the swap", encoding="utf-8")
        return {"extra": staging / "extra.txt"}

    result = build(SOURCES, ONTOLOGY, tmp_path / "out", finish=finish)
    assert len(staged) == 1 and staged[0] != tmp_path / "out" and staged[0].parent == tmp_path
    assert (tmp_path / "out" / "extra.txt").read_text(encoding="utf-8") == "written before the swap"
    assert result.files["extra"] == tmp_path / "out" / "extra.txt", "named where it is after the swap"
    assert result.files["store"] == tmp_path / "out" / "store" and result.files["store"].is_dir()


def test_shapes_the_compiler_cannot_translate_still_fail_the_build_through_pyshacl(tmp_path):
    import shutil

    from graph.curate.build import build
    from tests.conftest import ONTOLOGY, SOURCES

    def ontology_with(min_count: int):
        onto = tmp_path / f"onto-{min_count}"
        shutil.copytree(ONTOLOGY, onto)
        with (onto / "shapes.ttl").open("a", encoding="utf-8") as shapes:  # a sequence path: pySHACL only
            shapes.write(f"""
<https://e/FirmPath> a <http://www.w3.org/ns/shacl#NodeShape> ;
    <http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/szkg/ontology#Firm> ;
    <http://www.w3.org/ns/shacl#property> [
        <http://www.w3.org/ns/shacl#path> ( <https://e/p> <https://e/q> ) ;
        <http://www.w3.org/ns/shacl#minCount> {min_count} ;
        <http://www.w3.org/ns/shacl#message> "a firm needs p/q" ] .
""")
        return onto

    assert build(SOURCES, ontology_with(0), tmp_path / "ok").shacl_violations == 0
    with pytest.raises(OntologyError) as caught:
        build(SOURCES, ontology_with(1), tmp_path / "out")
    assert str(caught.value).startswith("SHACL: ") and "a firm needs p/q" in str(caught.value)
    assert not (tmp_path / "out").exists(), "nothing half-written"


def test_a_rebuild_keeps_the_clean_texts_it_would_write_alike(tmp_path):
    from graph.curate.build import build
    from graph.layout import BuildDir
    from tests.conftest import ONTOLOGY, SOURCES

    first = build(SOURCES, ONTOLOGY, tmp_path / "out")
    texts = {d: BuildDir(tmp_path / "out").clean_text(d) for d in sorted(first.corpus.documents)}
    inodes = {d: path.stat().st_ino for d, path in texts.items()}
    build(SOURCES, ONTOLOGY, tmp_path / "out")
    assert {d: path.stat().st_ino for d, path in texts.items()} == inodes, "hard links, not written again"
    assert all(path.read_text(encoding="utf-8") == first.corpus.documents[d].text for d, path in texts.items())


@pytest.fixture
def settled(tmp_path):
    """(sources, out): a private copy of the sources, built twice in place (a build folder's dumps
    are trusted only where it was built)."""
    import shutil

    from graph.curate.build import build
    from tests.conftest import ONTOLOGY, SOURCES

    sources, out = tmp_path / "sources", tmp_path / "out"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns("curation"))
    build(sources, ONTOLOGY, out)
    return sources, out


def _edit_quotes(sources, n: int) -> list[str]:
    """Shorten the first quote of the first ``n`` facts files by a character (still verbatim);
    their document ids."""
    import re

    edited = []
    for path in sorted((sources / "facts").glob("*.yaml"))[:n]:
        text = path.read_text(encoding="utf-8")
        match = re.search(r'quote: "([^"]{3,})"', text)
        path.write_text(text[: match.start(1)] + match.group(1)[:-1] + text[match.end(1):], encoding="utf-8")
        edited.append(path.stem)
    return edited


def test_over_the_incremental_limit_the_store_is_loaded_afresh_and_at_it_updated(settled, monkeypatch):
    import graph.curate.build as B
    from tests.conftest import ONTOLOGY

    sources, out = settled
    monkeypatch.setattr(B, "_INCREMENTAL_MAX", 2)
    _edit_quotes(sources, 2)
    at_limit = B.build(sources, ONTOLOGY, out)
    assert at_limit.incremental and len(at_limit.graphs_replaced) == 2, "two changed graphs: still in place"
    _edit_quotes(sources, 3)
    over = B.build(sources, ONTOLOGY, out)
    assert not over.incremental and over.full_reason == "more than 2 graphs changed"


def test_a_new_manifest_format_makes_every_document_graph_again(settled, monkeypatch):
    import graph.curate.build as B
    from tests.conftest import ONTOLOGY

    sources, out = settled
    assert B.build(sources, ONTOLOGY, out).graphs_made == [], "nothing changed: nothing made"
    monkeypatch.setattr(B, "MANIFEST_FORMAT", B.MANIFEST_FORMAT + 1)
    again = B.build(sources, ONTOLOGY, out)
    assert len(again.graphs_made) == len(again.corpus.documents), "the cache of another format is not used"
    assert again.full_reason == "the previous store was written by another version"


def test_a_documents_script_changed_alone_makes_its_graph_again(settled):
    import re

    import graph.curate.build as B
    from graph.vocab import document_graph
    from tests.conftest import ONTOLOGY

    sources, out = settled
    meta = sources / "documents.yaml"
    text = meta.read_text(encoding="utf-8")
    block = re.search(r"- id: (\S+)\n(?:  .*\n)*?  script: zh-Hans\n", text)
    doc_id = block.group(1)
    meta.write_text(text[: block.start()] + block.group(0).replace("script: zh-Hans", "script: zh-Hant")
                    + text[block.end():], encoding="utf-8")
    again = B.build(sources, ONTOLOGY, out)
    assert again.graphs_made == [str(document_graph(doc_id))], "its quotes' language tags change with the script"


def test_a_document_without_a_facts_file_builds_and_rebuilds(settled):
    """A document may have no facts yet (ingested, not curated): its graph holds its mentions, is
    made again by every build (it has no cache entry) and, unchanged, leaves the store alone.  It
    used to stop the build with a TypeError."""
    import graph.curate.build as B
    from graph.vocab import document_graph
    from tests.conftest import ONTOLOGY

    sources, out = settled
    facts = sorted((sources / "facts").glob("*.yaml"))[-1]
    facts.unlink()
    first = B.build(sources, ONTOLOGY, out)
    assert str(document_graph(facts.stem)) in first.graphs_made
    assert facts.stem not in {p.document for p in first.corpus.parts}
    again = B.build(sources, ONTOLOGY, out)
    assert again.graphs_made == [str(document_graph(facts.stem))]
    assert again.incremental and again.graphs_replaced == []


def test_a_new_entity_named_in_a_text_makes_those_documents_graphs_again(settled):
    """A document's graph holds szkg:mentions of the entities its text names: an entity added to
    entities.yaml changes the graphs of the documents that name it, and only those."""
    import re

    import graph.curate.build as B
    from graph.vocab import document_graph
    from tests.conftest import ONTOLOGY

    sources, out = settled
    before = B.build(sources, ONTOLOGY, out).corpus
    text = next(doc.text for _, doc in sorted(before.documents.items()) if doc.script == "zh-Hans")
    name = next(w for w in re.findall(r"[\u4e00-\u9fff]{6}", text))  # six Chinese characters as written there
    with (sources / "entities.yaml").open("a", encoding="utf-8") as entities:
        entities.write(f"- {{id: test-new-place, type: Place, label: {name}}}\n")
    again = B.build(sources, ONTOLOGY, out)
    naming = {d for d, ids in again.corpus.mentions.items() if "test-new-place" in ids}
    assert naming, "the text the name was taken from names it"
    assert sorted(again.graphs_made) == sorted(str(document_graph(d)) for d in naming)
