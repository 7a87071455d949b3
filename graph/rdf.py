"""Corpus ⇄ RDF: the one place where triples are made.

Layout of the dataset (no blank nodes, so dumps are byte-stable):

* ``g:entities``   — entity types, ``skos:prefLabel`` (zh-Hans, zh-Hant by OpenCC, en),
  ``skos:altLabel`` (every alias as written), ``szkg:nameKey`` (each distinct name key of
  the id, labels and aliases, for exact lookup by any name: see ``graph.names.name_keys``),
  indicators.
* ``g:documents``  — document metadata and clean text.
* ``g:document/D`` — what document D states: the direct ("truthy") triples, one
  ``szkg:Statement`` node per relation or attribute (``rdf:subject/predicate/object``,
  ``prov:wasDerivedFrom`` the document, ``szkg:status``, and two Web Annotation selectors:
  ``oa:TextQuoteSelector`` with ``oa:exact`` and ``oa:TextPositionSelector`` with
  ``oa:start``/``oa:end`` in the clean text), the observations, and ``szkg:mentions``.
* ``g:counts``     — an index, not facts: for every entity with more than ``CARD_LIMIT``
  statements of some relation in one direction (a hub, whose card is shortened), one
  ``szkg:RelationCount`` per relation and direction with its ``szkg:statementCount``, so the
  card reads a hub's counts instead of counting thousands of statements (:func:`hub_counts`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection

from functools import cache, lru_cache

import pyoxigraph as ox
from rdflib import XSD

from graph.model import Corpus, Document, Entity, Evidence
from graph.names import mentions
from graph.quantity import format_quantity
from graph.text import to_simplified, to_traditional
from graph.vocab import (
    COUNTS_GRAPH,
    DCTERMS,
    DOC,
    DOCUMENTS_GRAPH,
    ENT,
    ENTITIES_GRAPH,
    IND,
    OA,
    OBS,
    PROV,
    SCHEMA,
    STMT,
    SZKG,
    document_graph,
    document_iri,
    entity_iri,
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: An entity with more statements than this is a hub: the build records its counts per relation
#: (``g:counts``) and its card shows at most this many statements of each relation.
CARD_LIMIT = 20


def script_tag(name: str) -> str | None:
    """Language tag for a name as written: zh-Hans, zh-Hant, zh (script-neutral) or None (Latin)."""
    if not _CJK.search(name):
        return None
    simplified, traditional = to_simplified(name), to_traditional(name)
    if name == simplified and name != traditional:
        return "zh-Hans"
    if name != simplified:
        return "zh-Hant"
    return "zh"


def entity_labels(entity: Entity) -> dict[str, str]:
    """Preferred labels by language: zh-Hans as curated, zh-Hant derived by OpenCC, en."""
    labels = {"zh-Hans": entity.label, "zh-Hant": to_traditional(entity.label)}
    if entity.en:
        labels["en"] = entity.en
    return labels


class _Terms:
    """The vocabulary as pyoxigraph terms, made once (``T.<name>``; IRIs of other values are
    made by :func:`_iri`, whose cache holds each one once)."""

    def __init__(self):
        from rdflib import RDF as R, XSD as X
        from rdflib.namespace import SKOS as K

        named = {
            "type": R.type, "subject": R.subject, "predicate": R.predicate, "object": R.object,
            "prefLabel": K.prefLabel, "altLabel": K.altLabel, "note": K.note, "definition": K.definition,
            "scopeNote": K.scopeNote, "integer": X.integer, "decimal": X.decimal, "gYear": X.gYear,
            "title": DCTERMS.title, "identifier": DCTERMS.identifier, "date": DCTERMS.date,
            "creator": DCTERMS.creator, "contentUrl": SCHEMA.contentUrl, "publisher": SCHEMA.publisher,
            "url": SCHEMA.url, "wasDerivedFrom": PROV.wasDerivedFrom, "SpecificResource": OA.SpecificResource,
            "hasSource": OA.hasSource, "hasSelector": OA.hasSelector, "TextQuoteSelector": OA.TextQuoteSelector,
            "exact": OA.exact, "TextPositionSelector": OA.TextPositionSelector, "start": OA.start, "end": OA.end,
        }
        for name, iri in named.items():
            setattr(self, name, ox.NamedNode(str(iri)))
        for name in ("nameKey", "Document", "script", "cleanText", "sha256", "status", "evidence", "mention",
                     "namedAt", "Statement", "RelationCount", "countOf", "direction", "countedRelation",
                     "statementCount", "time", "role", "since", "until", "confidence", "extractor",
                     "Observation", "about", "indicator", "value", "unit", "period", "asOf", "periodAsWritten",
                     "observationStatus", "asWritten", "qualifier", "Indicator", "unitKind", "mentions"):
            setattr(self, "s_" + name, ox.NamedNode(str(SZKG[name])))


@lru_cache(maxsize=1)
def _terms() -> _Terms:
    return _Terms()


@lru_cache(maxsize=200_000)
def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


# The namespaces as text: an IRI made by concatenation, not through rdflib's Namespace (which
# builds and checks a URIRef each time: a quarter of the time spent making a document's graph).
_ENT, _DOC, _STMT, _OBS, _IND, _SZKG, _XSD = (
    str(ns) for ns in (ENT, DOC, STMT, OBS, IND, SZKG, XSD))


@lru_cache(maxsize=200_000)
def _entity(entity_id: str) -> ox.NamedNode:
    """``graph.vocab.entity_iri`` as a pyoxigraph term."""
    return ox.NamedNode(_ENT + entity_id)


@cache
def _szkg(name: str) -> ox.NamedNode:
    return ox.NamedNode(_SZKG + name)


def _lit(value: str, lang: str | None = None, datatype: ox.NamedNode | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=datatype) if datatype is not None else ox.Literal(value)


class _Graph:
    """The quads of one named graph, as they are made (sorted and deduplicated by :func:`sort_quads`)."""

    __slots__ = ("name", "quads")

    def __init__(self, name: str):
        self.name, self.quads = _iri(str(name)), []

    def add(self, s, p, o) -> None:
        self.quads.append(ox.Quad(s, p, o, self.name))


def sort_quads(quads) -> list[ox.Quad]:
    """Quads without repeats in the dumps' order (graph, subject, predicate, object as text)."""
    keyed = {(str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)): q for q in quads}
    return [keyed[k] for k in sorted(keyed)]


def _add_entity(g: _Graph, entity: Entity) -> None:
    T = _terms()
    node = _entity(entity.id)
    g.add(node, T.type, _szkg(entity.type))
    labels = entity_labels(entity)
    for lang, label in labels.items():
        g.add(node, T.prefLabel, _lit(label, lang))
    preferred = set(labels.values())
    for alias in entity.aliases:
        if alias not in preferred:
            g.add(node, T.altLabel, _lit(alias, script_tag(alias)))
    for key in entity_name_keys(entity):
        g.add(node, T.s_nameKey, _lit(key))


def entity_name_keys(entity: Entity) -> list[str]:
    """The ``szkg:nameKey`` values of an entity: its id, labels and aliases, normalised."""
    from graph.names import name_keys

    return name_keys([entity.id, *entity_labels(entity).values(), *entity.aliases])


def _add_document(g: _Graph, doc: Document) -> None:
    T = _terms()
    node = _iri(str(document_iri(doc.id)))
    g.add(node, T.type, T.s_Document)
    g.add(node, T.title, _lit(doc.title, doc.script))
    g.add(node, T.identifier, _lit(doc.id))
    g.add(node, T.s_script, _lit(doc.script))
    g.add(node, T.s_cleanText, _lit(doc.text, doc.script))
    g.add(node, T.contentUrl, _lit(doc.path))
    g.add(node, T.s_sha256, _lit(hashlib.sha256(doc.raw).hexdigest()))
    for prop, value in ((T.publisher, doc.publisher), (T.creator, doc.author), (T.date, doc.date),
                        (T.url, doc.url), (T.note, doc.notes)):
        if value:
            g.add(node, prop, _lit(value))


def _evidence_node(g: _Graph, node: str, ev: Evidence, script: str) -> ox.NamedNode:
    T = _terms()
    base = f"{node}#e{ev.start}-{ev.end}"
    evidence, quote, position = (ox.NamedNode(base), ox.NamedNode(f"{base}-quote"),
                                 ox.NamedNode(f"{base}-position"))
    g.add(evidence, T.type, T.SpecificResource)
    g.add(evidence, T.hasSource, _iri(_DOC + ev.document))
    g.add(evidence, T.hasSelector, quote)
    g.add(evidence, T.hasSelector, position)
    g.add(quote, T.type, T.TextQuoteSelector)
    g.add(quote, T.exact, _lit(ev.quote, script))
    g.add(position, T.type, T.TextPositionSelector)
    g.add(position, T.start, _lit(str(ev.start), datatype=T.integer))
    g.add(position, T.end, _lit(str(ev.end), datatype=T.integer))
    return evidence


def _add_evidence(g: _Graph, node: str, quotes, script: str, status: str, resolutions=()) -> None:
    """The document a statement or observation comes from, its status, and one evidence node
    per quote: an ``oa:SpecificResource`` of the document with two selectors of the same span,
    the verbatim quote (``oa:TextQuoteSelector``) and its offsets (``oa:TextPositionSelector``)."""
    T = _terms()
    subject = _iri(node)
    g.add(subject, T.wasDerivedFrom, _iri(_DOC + quotes[0].document))
    g.add(subject, T.s_status, _lit(status))
    for ev in quotes:
        g.add(subject, T.s_evidence, _evidence_node(g, node, ev, script))
    for ev, _end, mention, named in resolutions:  # a word of the quote that stands for a name
        evidence = _evidence_node(g, node, ev, script)
        g.add(evidence, T.s_mention, _lit(mention, script))
        g.add(evidence, T.s_namedAt, _evidence_node(g, node, named, script))


def _add_statement(g: _Graph, node: str, s, p, o, direct: bool = True) -> None:
    """The direct triple (unless ``direct`` is false: a former or target fact is not a current
    one) and its reified statement node (evidence is added separately)."""
    T = _terms()
    if direct:
        g.add(s, p, o)
    subject = _iri(node)
    g.add(subject, T.type, T.s_Statement)
    g.add(subject, T.subject, s)
    g.add(subject, T.predicate, p)
    g.add(subject, T.object, o)


def hub_counts(statements) -> list[tuple[object, str, object, int]]:
    """The ``g:counts`` rows: (entity, direction, relation, statements), sorted.

    ``statements`` yields (subject, relation, object, object_is_entity) once per statement
    node.  An entity gets a row for each relation and direction it has when one of them holds
    more than ``CARD_LIMIT`` statements; other entities get none (their card
    counts them quickly).  Subjects, relations and objects only need to sort; the build passes
    ids and predicate names, bench/synth.py its own identifiers.
    """
    counts: Counter = Counter()
    for subject, relation, obj, object_is_entity in statements:
        counts[subject, "out", relation] += 1
        if object_is_entity:
            counts[obj, "in", relation] += 1
    hubs = {entity for (entity, _, _), n in counts.items() if n > CARD_LIMIT}
    return sorted((e, d, r, n) for (e, d, r), n in counts.items() if e in hubs)


def count_node(entity: str, direction: str, relation: str) -> str:
    """IRI of one ``szkg:RelationCount``: the entity's IRI with a fragment (``…/id/shenzhen#in-locatedIn``)."""
    return f"{entity}#{direction}-{relation}"


def _add_counts(g: _Graph, rows) -> None:
    """``g:counts`` of the (subject, relation, object, object is an entity) rows (``Corpus.count_rows``)."""
    T = _terms()
    rows = hub_counts(rows)
    for entity, direction, relation, n in rows:
        node = _iri(count_node(str(entity_iri(entity)), direction, relation))
        g.add(node, T.type, T.s_RelationCount)
        g.add(node, T.s_countOf, _iri(str(entity_iri(entity))))
        g.add(node, T.s_direction, _lit(direction))
        g.add(node, T.s_countedRelation, _szkg(relation))
        g.add(node, T.s_statementCount, _lit(str(n), datatype=T.integer))


def _camel(name: str) -> str:
    """rank_of → rankOf: an observation dimension as its szkg: property."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def document_quads(doc: Document, statements, attributes, observations, mentioned,
                   sort: bool = True) -> list[ox.Quad]:
    """The named graph ``g:document/D`` of one document, sorted (as made, with repeats, when not
    ``sort``): its statements, attributes and
    observations (all of them evidenced in ``doc``) and ``szkg:mentions`` of the entities whose
    names its text contains (``mentioned``).  A document's graph depends on nothing else, so a
    build can keep it while the document and its facts are unchanged."""
    T = _terms()
    g, script = _Graph(str(document_graph(doc.id))), doc.script
    for st in statements:
        node = _STMT + st.id
        _add_statement(g, node, _entity(st.subject), _szkg(st.predicate),
                       _entity(st.object), direct=st.time == "current")
        subject = _iri(node)
        if st.time != "current":
            g.add(subject, T.s_time, _lit(st.time))
        if st.role:
            g.add(subject, T.s_role, _lit(st.role, script))
        for prop, year in ((T.s_since, st.since), (T.s_until, st.until)):
            if year:
                g.add(subject, prop, _lit(year, datatype=T.gYear))
        if st.confidence is not None:
            g.add(subject, T.s_confidence, _lit(format(st.confidence, ".3f"), datatype=T.decimal))
        if st.extractor:
            g.add(subject, T.s_extractor, _lit(st.extractor))
        _add_evidence(g, node, st.quotes, script, st.status, st.resolutions)
    for at in attributes:
        node = _STMT + at.id
        _add_statement(g, node, _entity(at.subject), _szkg(at.predicate),
                       _lit(at.value, datatype=_iri(_XSD + at.datatype)))
        _add_evidence(g, node, (at.evidence,), script, "curated")
    for ob in observations:
        node = _OBS + ob.id
        subject = _iri(node)
        g.add(subject, T.type, T.s_Observation)
        g.add(subject, T.s_about, _entity(ob.subject))
        g.add(subject, T.s_indicator, _iri(_IND + ob.indicator))
        g.add(subject, T.s_value, _lit(format_quantity(ob.value), datatype=T.decimal))
        g.add(subject, T.s_unit, _lit(ob.unit))
        if ob.period:
            g.add(subject, T.s_period, _lit(ob.period))
        for prop, value in ((T.s_asOf, ob.as_of), (T.s_periodAsWritten, ob.period_as_written),
                            (T.s_observationStatus, "" if ob.status == "actual" else ob.status)):
            if value:
                g.add(subject, prop, _lit(value))
        for dimension, value in ob.dimensions:
            g.add(subject, _szkg(_camel(dimension)), _lit(value, script))
        g.add(subject, T.s_asWritten, _lit(ob.as_written, script))
        if ob.qualifier:
            g.add(subject, T.s_qualifier, _lit(ob.qualifier))
        _add_evidence(g, node, (ob.evidence,), script, "curated")
    document = _iri(str(document_iri(doc.id)))
    for ent_id in sorted(mentioned):
        g.add(document, T.s_mentions, _entity(ent_id))
    return sort_quads(g.quads) if sort else g.quads


def _add_indicators(g: _Graph, corpus: Corpus) -> None:
    T = _terms()
    for ind in sorted(corpus.used_indicators()):
        node = _iri(str(IND[ind]))
        g.add(node, T.type, T.s_Indicator)
        known = corpus.indicators.get(ind)
        if known is None:  # no vocabulary: the id is its label
            g.add(node, T.prefLabel, _lit(ind.replace("_", " "), "en"))
            continue
        for lang, label in known.labels.items():
            g.add(node, T.prefLabel, _lit(label, lang))
        for prop, value in ((T.definition, known.definition), (T.s_unitKind, known.unit_kind),
                            (T.scopeNote, known.comparable)):
            if value:
                g.add(node, prop, _lit(value, "en" if prop != T.s_unitKind else None))


def shared_graphs(corpus: Corpus, skip: Collection[str] = ()) -> dict[str, list[ox.Quad]]:
    """The graphs every document feeds (``g:entities`` with the indicators, ``g:documents``,
    ``g:counts``), each sorted, but those named in ``skip`` (the caller has them already)."""
    entities, documents, counts = (_Graph(str(g)) for g in (ENTITIES_GRAPH, DOCUMENTS_GRAPH, COUNTS_GRAPH))
    if str(ENTITIES_GRAPH) not in skip:
        for ent_id in sorted(corpus.entities):
            _add_entity(entities, corpus.entities[ent_id])
        _add_indicators(entities, corpus)
    if str(DOCUMENTS_GRAPH) not in skip:
        for doc_id in sorted(corpus.documents):
            _add_document(documents, corpus.documents[doc_id])
    if str(COUNTS_GRAPH) not in skip:
        _add_counts(counts, corpus.count_rows())
    graphs = {str(g.name.value): sort_quads(g.quads) for g in (entities, documents, counts)}
    return {name: quads for name, quads in graphs.items() if quads}


def corpus_graphs(corpus: Corpus, mentioned: dict[str, set[str]] | None = None) -> dict[str, list[ox.Quad]]:
    """Every named graph of the corpus (IRI → sorted quads); ``mentioned`` as
    ``graph.names.mentions`` gives it (computed when not given)."""
    mentioned = mentions(corpus) if mentioned is None else mentioned
    graphs = shared_graphs(corpus)
    for doc_id in sorted(corpus.documents):
        quads = document_quads(corpus.documents[doc_id], *corpus.facts_of(doc_id), mentioned.get(doc_id, set()))
        if quads:
            graphs[str(document_graph(doc_id))] = quads
    return graphs


def corpus_to_dataset(corpus: Corpus):
    """The corpus as an rdflib ``Dataset`` (for code that wants rdflib; a build uses
    :func:`corpus_graphs`)."""
    from rdflib import Dataset, Literal, URIRef

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        plain = t.language or t.datatype.value == str(XSD.string)  # rdflib keeps xsd:string apart
        return Literal(t.value, lang=t.language, datatype=None if plain else URIRef(t.datatype.value))

    ds = Dataset()
    for name, quads in sorted(corpus_graphs(corpus).items()):
        g = ds.graph(URIRef(name))
        for q in quads:
            g.add((term(q.subject), term(q.predicate), term(q.object)))
    return ds
