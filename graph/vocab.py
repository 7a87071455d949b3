"""Namespaces, IRIs and the ontology's vocabulary as read from ``ontology/szkg.ttl``.

The ontology file is the single source of truth for classes, relations and their
domains and ranges; this module reads it once so the loader can check facts before
any RDF is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from graph.errors import OntologyError

BASE = "https://w3id.org/szkg/"
SZKG = Namespace(BASE + "ontology#")
ENT = Namespace(BASE + "id/")
DOC = Namespace(BASE + "document/")
STMT = Namespace(BASE + "statement/")
OBS = Namespace(BASE + "observation/")
IND = Namespace(BASE + "indicator/")
GRAPH = Namespace(BASE + "graph/")
DOCGRAPH = Namespace(BASE + "graph/document/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")

#: Named graphs that are not a document's.
ENTITIES_GRAPH = GRAPH["entities"]
DOCUMENTS_GRAPH = GRAPH["documents"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
COUNTS_GRAPH = GRAPH["counts"]  #: statement counts of the hubs (graph.rdf.hub_counts)

PREFIXES = {
    "szkg": str(SZKG),
    "ent": str(ENT),
    "doc": str(DOC),
    "st": str(STMT),
    "obs": str(OBS),
    "ind": str(IND),
    "g": str(GRAPH),
    "dg": str(DOCGRAPH),
    "oa": str(OA),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": str(OWL),
}

ENTITY_CLASSES = ("Firm", "Organization", "Person", "Place", "Industry", "Policy", "Product", "Recognition")
#: Attributes: a literal value of an entity, with the datatype its value takes.
ATTRIBUTES = ("foundedYear", "issuedYear", "year", "releaseDate")
#: Qualifiers of a statement that are part of the fact (two statements differing in one are two facts).
QUALIFIERS = ("time", "role", "since", "until")
TIMES = ("current", "former", "target")


def sparql_prefixes() -> str:
    """The PREFIX block every saved question may rely on."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


@dataclass(frozen=True)
class Property:
    """A relation or attribute with the classes allowed at each end."""

    name: str
    domain: frozenset[str]
    range: frozenset[str]
    symmetric: bool = False
    label_en: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class Ontology:
    """What the loader needs to know of the ontology."""

    path: str
    classes: frozenset[str]
    relations: dict[str, Property]
    attributes: dict[str, Property]
    graph: Graph


def _class_names(g: Graph, node) -> frozenset[str]:
    """Local names of a class or of an owl:unionOf list of classes."""
    union = g.value(node, OWL.unionOf)
    members = list(Collection(g, union)) if union is not None else [node]
    return frozenset(str(m).removeprefix(str(SZKG)).removeprefix(str(OWL)) for m in members)


def _labels(g: Graph, node) -> tuple[str, str]:
    en = zh = ""
    for label in g.objects(node, RDFS.label):
        if label.language == "en":
            en = str(label)
        elif label.language == "zh-Hans":
            zh = str(label)
    return en, zh


def load_ontology(path: str) -> Ontology:
    """Read the ontology Turtle file; OntologyError if it is missing or malformed.  The parse
    is kept per path and content: a file changed since is read again (a process that builds
    twice, the ontology edited between, kept the first one and stored it under the new file's
    hash in the build cache)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise OntologyError(f"{path}: ontology file not found") from exc
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read the ontology: {exc.strerror or exc}") from exc
    return _parsed_ontology(path, data)


@lru_cache(maxsize=4)
def _parsed_ontology(path: str, data: bytes) -> Ontology:
    g = Graph()
    try:
        g.parse(data=data, format="turtle", publicID=Path(path).absolute().as_uri())
    except Exception as exc:  # rdflib raises several parser exception types
        raise OntologyError(f"{path}: malformed Turtle: {exc}".splitlines()[0]) from exc
    classes = frozenset(
        str(c).removeprefix(str(SZKG)) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(SZKG))
    )
    relations: dict[str, Property] = {}
    attributes: dict[str, Property] = {}
    for prop in sorted(g.subjects(RDFS.subPropertyOf, SZKG.relation)):
        name = str(prop).removeprefix(str(SZKG))
        en, zh = _labels(g, prop)
        relations[name] = Property(
            name,
            _class_names(g, g.value(prop, RDFS.domain)),
            _class_names(g, g.value(prop, RDFS.range)),
            (prop, RDF.type, OWL.SymmetricProperty) in g,
            en,
            zh,
        )
    for name in ATTRIBUTES:
        prop = SZKG[name]
        if (prop, RDF.type, OWL.DatatypeProperty) not in g:
            raise OntologyError(f"{path}: attribute szkg:{name} is not declared")
        en, zh = _labels(g, prop)
        datatype = str(g.value(prop, RDFS.range) or "").rsplit("#", 1)[-1] or "string"
        attributes[name] = Property(name, _class_names(g, g.value(prop, RDFS.domain)), frozenset({datatype}),
                                    False, en, zh)
    missing = set(ENTITY_CLASSES) - classes
    if missing:
        raise OntologyError(f"{path}: entity classes not declared: {', '.join(sorted(missing))}")
    return Ontology(path, classes, relations, attributes, g)


def entity_iri(entity_id: str) -> URIRef:
    return ENT[entity_id]


def document_iri(document_id: str) -> URIRef:
    return DOC[document_id]


def document_graph(document_id: str) -> URIRef:
    return DOCGRAPH[document_id]


def local_name(iri: object) -> str:
    """The part of an szkg IRI after its namespace (``…/id/huawei`` → ``huawei``)."""
    text = str(iri)
    for ns in (ENT, SZKG, DOC, STMT, OBS, IND):
        if text.startswith(str(ns)):
            return text[len(str(ns)) :]
    return text
