"""The shipped graph: complete, evidence-backed, valid and deterministic."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.curate.build import build
from graph.text import to_simplified
from graph.vocab import sparql_prefixes
from tests.conftest import ONTOLOGY, SOURCES


def ask(store_path, query: str) -> list[dict]:
    store = ox.Store.read_only(str(store_path))
    rows = store.query(sparql_prefixes() + query, use_default_graph_as_union=True)
    names = [v.value for v in rows.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in rows]


def test_every_quote_is_verbatim_at_its_offsets(built):
    docs = built.corpus.documents
    facts = [*built.corpus.statements, *built.corpus.observations, *built.corpus.attributes]
    assert facts
    for fact in facts:
        ev = fact.evidence
        assert docs[ev.document].text[ev.start:ev.end] == ev.quote, fact


def test_offsets_in_the_store_match_the_clean_text(store_path, built):
    rows = ask(store_path, """
        SELECT ?doc ?exact ?start ?end WHERE {
          ?st prov:wasDerivedFrom ?d ; szkg:evidence ?e .
          ?e oa:hasSource ?d ; oa:hasSelector ?q, ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
          ?d dcterms:identifier ?doc .
        }""")
    quotes = sum(len(st.quotes) for st in built.corpus.statements)
    assert len(rows) == quotes + len(built.corpus.observations) + len(built.corpus.attributes)
    for row in rows:
        text = built.corpus.documents[row["doc"]].text
        assert text[int(row["start"]):int(row["end"])] == row["exact"]


def test_shacl_reports_no_violation(built):
    assert built.shacl_violations == 0


def test_18_document_enabled_huawei_with_ren_zhengfeis_words(store_path):
    rows = ask(store_path, """
        SELECT ?quote ?title WHERE {
          ent:policy-18-1987 szkg:enabled ent:huawei .
          ?st rdf:subject ent:policy-18-1987 ; rdf:predicate szkg:enabled ; rdf:object ent:huawei ;
              prov:wasDerivedFrom ?doc ; szkg:evidence/oa:hasSelector/oa:exact ?quote .
          ?doc dcterms:title ?title .
        }""")
    assert any("如果沒有18號文件" in r["quote"] and "創辦華為" in r["quote"] for r in rows), rows


def test_dji_is_located_in_shenzhen(store_path):
    rows = ask(store_path, "SELECT ?q WHERE { ?st rdf:subject ent:dji ; rdf:predicate szkg:locatedIn ; "
                           "rdf:object ent:shenzhen ; szkg:evidence/oa:hasSelector/oa:exact ?q }")
    assert rows and all("大疆" in to_simplified(r["q"]) or "DJI" in r["q"] for r in rows)  # zh or en articles


def test_insta360_revenue_for_2025_is_an_observation(store_path):
    rows = ask(store_path, """
        SELECT ?value ?unit ?quote WHERE {
          ?o szkg:about ent:insta360 ; szkg:indicator ind:revenue ; szkg:period "2025" ;
             szkg:value ?value ; szkg:unit ?unit ; szkg:evidence/oa:hasSelector/oa:exact ?quote .
        }""")
    assert rows, "the Insta360 2025 revenue observation is missing"
    assert float(rows[0]["value"]) == pytest.approx(9858000000) and rows[0]["unit"] == "CNY"
    assert "98.58亿元" in rows[0]["quote"]


def test_some_article_says_who_supplies_whom(built):
    assert any(s.predicate == "supplies" for s in built.corpus.statements)


def test_one_id_per_thing_across_scripts(built):
    ents = built.corpus.entities
    assert "華為" in ents["huawei"].aliases or ents["huawei"].label == "华为"
    docs_naming_huawei = {s.evidence.document for s in built.corpus.statements if "huawei" in (s.subject, s.object)}
    assert {"004_7ac091414ba7caeb"} <= docs_naming_huawei
    keys = {}
    for ent in ents.values():
        key = (ent.type, to_simplified(ent.label).casefold())
        assert key not in keys, f"{ent.id} and {keys[key]} look like the same {ent.type}"
        keys[key] = ent.id


def test_entities_have_labels_in_both_scripts(store_path, built):
    rows = ask(store_path, """
        SELECT ?e (COUNT(DISTINCT ?l) AS ?n) WHERE {
          ?e a ?c . ?c rdfs:subClassOf szkg:Entity .
          ?e skos:prefLabel ?l FILTER(langMatches(lang(?l), "zh-Hans") || langMatches(lang(?l), "zh-Hant"))
        } GROUP BY ?e""")
    assert len(rows) == len(built.corpus.entities)
    assert all(int(r["n"]) == 2 for r in rows)
    huawei = ask(store_path, 'SELECT ?l WHERE { ent:huawei skos:prefLabel ?l FILTER(langMatches(lang(?l), "zh-Hant")) }')
    assert huawei == [{"l": "華為"}]


def test_the_corpus_meets_the_expected_scale(built):
    corpus = built.corpus
    assert len(corpus.entities) >= 250
    assert len(corpus.statements) >= 300  # facts: one statement per fact and document since the re-curation
    assert sum(len(s.quotes) for s in corpus.statements) > len(corpus.statements)  # some facts have several quotes
    assert len(corpus.observations) >= 150


def test_the_readme_counts_what_the_build_holds(built):
    """README's numbers are the corpus's facts and quotes, not numbers someone typed once."""
    import re

    readme = " ".join((SOURCES.parent / "README.md").read_text(encoding="utf-8").split())
    counts = re.search(r"\*\*(\d+) entities and (\d+) facts supported by (\d+) quotes\*\*", readme)
    assert counts, "README.md no longer says how many entities, facts and quotes the graph has"
    corpus = built.corpus
    assert tuple(map(int, counts.groups())) == (
        len(corpus.entities), len(corpus.statements), sum(len(s.quotes) for s in corpus.statements))
    observations = re.search(r"\*\*(\d+) observations and (\d+) dated attributes\*\*", readme)
    assert observations and tuple(map(int, observations.groups())) == (len(corpus.observations),
                                                                        len(corpus.attributes))


def test_every_document_contributes_facts(built):
    for doc_id, counts in built.per_document().items():
        # the seeds are whole articles; the development corpus holds ~2,000-byte excerpts
        assert counts["statements"] >= (20 if doc_id < "005" else 1), doc_id


def test_two_builds_give_byte_identical_dumps(built, tmp_path):
    again = build(SOURCES, ONTOLOGY, tmp_path / "again")
    for name in ("szkg.trig", "szkg.ttl", "szkg.nq"):
        assert (again.out / name).read_bytes() == (built.out / name).read_bytes(), name


def test_the_store_holds_the_dumped_quads_plus_the_ontology(built):
    store = ox.Store.read_only(str(built.out / "store"))
    data = set(ox.parse(path=str(built.out / "szkg.nq"), format=ox.RdfFormat.N_QUADS))
    assert data <= set(store)
    assert len(store) > len(data)  # the ontology graph is there too


def _union(built):
    """The merged Turtle dump: the union of every named graph."""
    from rdflib import Graph

    return Graph().parse(data=(built.out / "szkg.ttl").read_text(encoding="utf-8"), format="turtle")


def test_shacl_catches_a_statement_without_its_quote(built):
    from rdflib import Namespace

    from graph.curate.build import validate_shacl
    from graph.errors import OntologyError
    from graph.vocab import load_ontology

    oa = Namespace("http://www.w3.org/ns/oa#")
    g = _union(built)
    selector, quote = next(iter(g.subject_objects(oa.exact)))
    g.remove((selector, oa.exact, quote))
    with pytest.raises(OntologyError, match="SHACL: 1 violation"):
        validate_shacl(g, ONTOLOGY / "shapes.ttl", load_ontology(str(ONTOLOGY / "szkg.ttl")).graph)


def test_shacl_catches_a_domain_violation(built):
    from graph.curate.build import validate_shacl
    from graph.errors import OntologyError
    from graph.vocab import SZKG, entity_iri, load_ontology

    g = _union(built)
    g.add((entity_iri("shenzhen"), SZKG.enabled, entity_iri("huawei")))
    with pytest.raises(OntologyError, match="subject of enabled must be a Policy"):
        validate_shacl(g, ONTOLOGY / "shapes.ttl", load_ontology(str(ONTOLOGY / "szkg.ttl")).graph)
