"""The SHACL shapes and the ontology cannot drift apart: every relation's domain and range in
ontology/szkg.ttl has a shape that enforces exactly the same classes, and no shape names a
relation the ontology does not have."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from graph.layout import default_ontology, packaged_ontology

SH = Namespace("http://www.w3.org/ns/shacl#")
SZKG = Namespace("https://w3id.org/szkg/ontology#")
SHP = Namespace("https://w3id.org/szkg/shapes#")
ENTITY_CLASSES = {SZKG[c] for c in ("Firm", "Organization", "Person", "Place", "Industry", "Policy", "Product")}


def classes(graph: Graph, node) -> set:
    """A class, or the members of an owl:unionOf / sh:or list, as a set."""
    union = graph.value(node, OWL.unionOf)
    if union is not None:
        return set(Collection(graph, union))
    alternatives = graph.value(node, SH["or"])
    if alternatives is not None:
        return {graph.value(member, SH["class"]) for member in Collection(graph, alternatives)}
    single = graph.value(node, SH["class"])
    return {single} if single is not None else {node}


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(default_ontology() / "szkg.ttl")


@pytest.fixture(scope="module")
def shapes():
    return Graph().parse(default_ontology() / "shapes.ttl")


def relations(ontology: Graph) -> dict:
    """Relation local name → (domain classes, range classes), for relations between entity classes."""
    found = {}
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        domain, range_ = ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)
        if domain is None or range_ is None:
            continue
        dom, ran = classes(ontology, domain), classes(ontology, range_)
        if dom <= ENTITY_CLASSES and ran <= ENTITY_CLASSES:
            found[str(prop).removeprefix(str(SZKG))] = (dom, ran)
    return found


def test_every_relation_has_domain_and_range_shapes_with_the_ontologys_classes(ontology, shapes):
    rels = relations(ontology)
    assert len(rels) >= 15  # the checker sees the relations at all
    for name, (dom, ran) in sorted(rels.items()):
        domain_shape, range_shape = SHP[f"{name}Domain"], SHP[f"{name}Range"]
        assert (domain_shape, SH.targetSubjectsOf, SZKG[name]) in shapes, f"no shape for the domain of {name}"
        assert (range_shape, SH.targetObjectsOf, SZKG[name]) in shapes, f"no shape for the range of {name}"
        assert classes(shapes, domain_shape) == dom, f"{name}: the domain shape and the ontology disagree"
        assert classes(shapes, range_shape) == ran, f"{name}: the range shape and the ontology disagree"


def test_no_shape_targets_a_relation_the_ontology_lacks(ontology, shapes):
    known = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    targeted = set(shapes.objects(None, SH.targetSubjectsOf)) | set(shapes.objects(None, SH.targetObjectsOf))
    assert targeted and targeted <= known, sorted(map(str, targeted - known))


def test_the_checker_catches_a_drifted_shape(ontology, shapes):
    drifted = Graph()
    for triple in shapes:
        drifted.add(triple)
    drifted.remove((SHP.competesWithDomain, SH["class"], SZKG.Firm))
    drifted.add((SHP.competesWithDomain, SH["class"], SZKG.Person))
    assert classes(shapes, SHP.competesWithDomain) == relations(ontology)["competesWith"][0]
    assert classes(drifted, SHP.competesWithDomain) != relations(ontology)["competesWith"][0]


def test_the_package_ships_the_same_ontology_as_the_checkout():
    shipped = packaged_ontology()
    for name in ("szkg.ttl", "shapes.ttl"):
        assert (shipped / name).read_bytes() == (default_ontology() / name).read_bytes()


def test_an_ontology_edited_in_a_running_process_is_read_again(tmp_path):
    """The parsed ontology is kept per path and content: a process that builds twice, the file
    edited between, builds the second time with the edit (it kept the first parse, and the build
    cache stored it under the new file's hash)."""
    from rdflib import Literal

    from graph.vocab import SZKG, load_ontology

    path = tmp_path / "szkg.ttl"
    path.write_bytes(default_ontology().joinpath("szkg.ttl").read_bytes())
    first = load_ontology(str(path))
    assert load_ontology(str(path)) is first  # unchanged: not parsed again
    path.write_text(path.read_text(encoding="utf-8") + '\nszkg:Firm rdfs:comment "edited" .\n', encoding="utf-8")
    second = load_ontology(str(path))
    assert (SZKG.Firm, RDFS.comment, Literal("edited")) in second.graph
    assert (SZKG.Firm, RDFS.comment, Literal("edited")) not in first.graph
