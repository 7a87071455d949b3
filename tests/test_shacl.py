"""The build's SHACL engine (shapes compiled to SPARQL on Oxigraph) reports what pySHACL reports.

A suite of bad graphs, each one real document graph of the seed corpus (with the entities,
document and ontology it refers to) broken in one way, is validated by both engines; they
must find the same violations — focus node, path, constraint component and value — and
every bad graph must have at least one.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tests.conftest import ONTOLOGY

SZKG = "https://w3id.org/szkg/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ENT = "https://w3id.org/szkg/id/"


@pytest.fixture(scope="module")
def base(built):
    """One document graph with everything it refers to: (its quads, the context quads)."""
    from graph.rdf import corpus_graphs
    from graph.store.embedded import ontology_quads
    from graph.vocab import DOCUMENTS_GRAPH, ENTITIES_GRAPH, document_graph, load_ontology

    graphs = corpus_graphs(built.corpus)
    doc = next(d for d in sorted(built.corpus.documents)
               if any(s.predicate == "enabled" for s in built.corpus.statements if s.evidence.document == d))
    own = graphs[str(document_graph(doc))]
    named = {t.value for q in own for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    context = [q for g in (ENTITIES_GRAPH, DOCUMENTS_GRAPH) for q in graphs[str(g)] if q.subject.value in named]
    return own, context + ontology_quads(load_ontology(str(ONTOLOGY / "szkg.ttl")).graph)


def _pyshacl(quads) -> set[tuple]:
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    data = Graph().parse(data=ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                           format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    _conforms, report, _text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = set()
    for r in report.subjects(SH.resultSeverity, SH.Violation):
        path, value = report.value(r, SH.resultPath), report.value(r, SH.value)
        found.add((report.value(r, SH.focusNode).n3(), str(path) if path is not None else None,
                   str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[1],
                   value.n3() if value is not None else None))
    return found


def _compiled(quads) -> set[tuple]:
    from graph.curate.shacl import compile_shapes, validate_quads

    return {v.key for v in validate_quads(quads, compile_shapes(ONTOLOGY / "shapes.ttl"))
            if not v.message.startswith(("Warning:", "Info:"))}


def _n(iri):
    return ox.NamedNode(iri)


def _first(quads, predicate, obj=None):
    return next(q for q in quads if q.predicate.value == predicate and (obj is None or q.object == obj))


def _drop(predicate, obj=None):
    def mutate(own, ctx):
        q = _first(own + ctx, predicate, obj)
        return [x for x in own if x != q], [x for x in ctx if x != q]
    return mutate


def _add(make):
    def mutate(own, ctx):
        return own + make(own, ctx), ctx
    return mutate


def _replace_object(predicate, new, obj=None):
    def mutate(own, ctx):
        q = _first(own + ctx, predicate, obj)
        swap = ox.Quad(q.subject, q.predicate, new(q), q.graph_name)
        return [swap if x == q else x for x in own], [swap if x == q else x for x in ctx]
    return mutate


def _statement(own):
    return _first(own, RDF + "type", _n(SZKG + "Statement")).subject


def _label(own, ctx, lang):
    return [ox.Quad(q.subject, q.predicate, ox.Literal("又一个", language=lang), q.graph_name)
            for q in ctx if q.predicate.value == SKOS + "prefLabel"][:1]


BAD = {
    "statement without its document": _drop(PROV + "wasDerivedFrom"),
    "statement with a second subject": _add(lambda own, ctx: [ox.Quad(
        _statement(own), _n(RDF + "subject"), _n(ENT + "shenzhen"), own[0].graph_name)]),
    "a literal as rdf:subject": _replace_object(RDF + "subject", lambda q: ox.Literal("华为")),
    "status outside its list": lambda own, ctx: ([ox.Quad(q.subject, q.predicate, ox.Literal("approved"),
        q.graph_name) if q.predicate.value == SZKG + "status" and q.subject == _statement(own) else q
        for q in own], ctx),
    "time neither former nor target": _add(lambda own, ctx: [ox.Quad(
        _statement(own), _n(SZKG + "time"), ox.Literal("someday"), own[0].graph_name)]),
    "confidence above 1": _add(lambda own, ctx: [ox.Quad(
        _statement(own), _n(SZKG + "confidence"), ox.Literal("1.5", datatype=_n(XSD + "decimal")),
        own[0].graph_name)]),
    "confidence not a decimal": _add(lambda own, ctx: [ox.Quad(
        _statement(own), _n(SZKG + "confidence"), ox.Literal("high"), own[0].graph_name)]),
    "statement without evidence": lambda own, ctx: (
        [q for q in own if not (q.predicate.value == SZKG + "evidence" and q.subject == _statement(own))], ctx),
    "evidence without its quote": _drop(OA + "exact"),
    "quote selector that is empty": _replace_object(OA + "exact", lambda q: ox.Literal("")),
    "offsets that end before they start": _replace_object(
        OA + "end", lambda q: ox.Literal("0", datatype=_n(XSD + "integer"))),
    "negative offset": _replace_object(OA + "start", lambda q: ox.Literal("-1", datatype=_n(XSD + "integer"))),
    "offset as text": _replace_object(OA + "start", lambda q: ox.Literal("3")),
    "evidence with two quote selectors": _add(lambda own, ctx: [ox.Quad(
        _first(own, OA + "hasSelector").subject, _n(OA + "hasSelector"),
        _n("https://w3id.org/szkg/statement/x#q"), own[0].graph_name), ox.Quad(
        _n("https://w3id.org/szkg/statement/x#q"), _n(RDF + "type"), _n(OA + "TextQuoteSelector"),
        own[0].graph_name), ox.Quad(_n("https://w3id.org/szkg/statement/x#q"), _n(OA + "exact"),
                                    ox.Literal("又"), own[0].graph_name)]),
    "quote selector of another class": lambda own, ctx: (
        [ox.Quad(q.subject, q.predicate, _n(OA + "CssSelector"), q.graph_name)
         if q.object == _n(OA + "TextQuoteSelector") else q for q in own], ctx),
    "second quote selector of a subclass of its class": _add(lambda own, ctx: [ox.Quad(
        _first(own, OA + "hasSelector").subject, _n(OA + "hasSelector"),
        _n("https://w3id.org/szkg/statement/x#q"), own[0].graph_name), ox.Quad(
        _n("https://w3id.org/szkg/statement/x#q"), _n(RDF + "type"), _n("https://w3id.org/szkg/x#Quote"),
        own[0].graph_name), ox.Quad(_n("https://w3id.org/szkg/x#Quote"),
                                    _n("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                    _n(OA + "TextQuoteSelector"), own[0].graph_name),
        ox.Quad(_n("https://w3id.org/szkg/statement/x#q"), _n(OA + "exact"), ox.Literal("又"), own[0].graph_name)]),
    "evidence from no document": _replace_object(OA + "hasSource", lambda q: _n(ENT + "shenzhen")),
    "observation with a bad period": _replace_object(SZKG + "period", lambda q: ox.Literal("2024年")),
    "observation about a literal": _replace_object(SZKG + "about", lambda q: ox.Literal("x")),
    "observation without a unit": _drop(SZKG + "unit"),
    "entity without a zh-Hant label": lambda own, ctx: (own, [q for q in ctx if q != next(
        x for x in ctx if x.predicate.value == SKOS + "prefLabel" and x.object.language == "zh-hant")]),
    "entity with two zh-Hans labels": lambda own, ctx: (own, ctx + _label(own, ctx, "zh-Hans")),
    "entity label in French": lambda own, ctx: (own, ctx + _label(own, ctx, "fr")),
    "document without clean text": _drop(SZKG + "cleanText"),
    "document in an unknown script": _replace_object(SZKG + "script", lambda q: ox.Literal("xx")),
    "a place that enables": _add(lambda own, ctx: [ox.Quad(
        _n(ENT + "shenzhen"), _n(SZKG + "enabled"), _n(ENT + "shenzhen"), own[0].graph_name)]),
    "enabled without its cue": lambda own, ctx: ([ox.Quad(q.subject, q.predicate, ox.Literal(
        "普通的一句话", language="zh-hans"), q.graph_name) if q.predicate.value == OA + "exact" else q
        for q in own], ctx),
    "a policy named like a ranking": lambda own, ctx: (own, ctx + [ox.Quad(
        next(q.subject for q in ctx if q.object == _n(SZKG + "Policy")), _n(SKOS + "prefLabel"),
        ox.Literal("创新百强榜", language="zh-hans"), ctx[0].graph_name)]),
    "foundedYear that is not a year": _add(lambda own, ctx: [ox.Quad(
        _n(ENT + "shenzhen"), _n(SZKG + "foundedYear"), ox.Literal("1980"), own[0].graph_name)]),
}


def test_the_good_graph_conforms_in_both_engines(base):
    own, ctx = base
    assert _compiled(own + ctx) == _pyshacl(own + ctx) == set()


@pytest.mark.parametrize("name", sorted(BAD))
def test_both_engines_report_the_same_violations(base, name):
    own, ctx = BAD[name](*base)
    expected = _pyshacl(own + ctx)
    assert expected, f"{name}: pySHACL finds nothing, so this case tests nothing"
    assert _compiled(own + ctx) == expected


def test_shapes_this_engine_cannot_translate_are_refused(tmp_path):
    from graph.curate.shacl import Unsupported, compile_shapes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:a ex:b ) ; sh:minCount 1 ] .""")
    with pytest.raises(Unsupported, match="property path"):
        compile_shapes(shapes)


def test_a_build_falls_back_to_pyshacl_for_shapes_it_cannot_compile(tmp_path, sources_copy):
    import shutil

    from graph.curate.build import build
    from graph.errors import OntologyError

    onto = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, onto)
    with open(onto / "shapes.ttl", "a", encoding="utf-8") as f:  # every document must be an author's
        f.write("\nshp:Authored a sh:NodeShape ; sh:targetClass szkg:Document ;\n"
                "  sh:property [ sh:path [ sh:inversePath dcterms:creator ] ; sh:minCount 1 ] .\n")
    with pytest.raises(OntologyError, match="SHACL: .* violation"):
        build(sources_copy, onto, tmp_path / "out")
