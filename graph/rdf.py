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

from rdflib import RDF, XSD, Dataset, Literal, URIRef
from rdflib.namespace import SKOS

from graph.model import Corpus, Document, Entity, Evidence
from graph.names import mentions
from graph.quantity import format_quantity
from graph.text import to_simplified, to_traditional
from graph.vocab import (
    COUNTS_GRAPH,
    DCTERMS,
    DOC,
    DOCUMENTS_GRAPH,
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


def _add_entity(ds: Dataset, entity: Entity) -> None:
    g = ds.graph(ENTITIES_GRAPH)
    node = entity_iri(entity.id)
    g.add((node, RDF.type, SZKG[entity.type]))
    for lang, label in entity_labels(entity).items():
        g.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
    preferred = set(entity_labels(entity).values())
    for alias in entity.aliases:
        if alias not in preferred:
            g.add((node, SKOS.altLabel, Literal(alias, lang=script_tag(alias))))
    for key in entity_name_keys(entity):
        g.add((node, SZKG.nameKey, Literal(key)))


def entity_name_keys(entity: Entity) -> list[str]:
    """The ``szkg:nameKey`` values of an entity: its id, labels and aliases, normalised."""
    from graph.names import name_keys

    return name_keys([entity.id, *entity_labels(entity).values(), *entity.aliases])


def _add_document(ds: Dataset, doc: Document) -> None:
    g = ds.graph(DOCUMENTS_GRAPH)
    node = document_iri(doc.id)
    g.add((node, RDF.type, SZKG.Document))
    g.add((node, DCTERMS.title, Literal(doc.title, lang=doc.script)))
    g.add((node, DCTERMS.identifier, Literal(doc.id)))
    g.add((node, SZKG.script, Literal(doc.script)))
    g.add((node, SZKG.cleanText, Literal(doc.text, lang=doc.script)))
    g.add((node, SCHEMA.contentUrl, Literal(doc.path)))
    g.add((node, SZKG.sha256, Literal(hashlib.sha256(doc.raw).hexdigest())))
    for prop, value in ((SCHEMA.publisher, doc.publisher), (DCTERMS.creator, doc.author),
                        (DCTERMS.date, doc.date), (SCHEMA.url, doc.url), (SKOS.note, doc.notes)):
        if value:
            g.add((node, prop, Literal(value)))


def _evidence_node(g, node: URIRef, ev: Evidence, script: str) -> URIRef:
    evidence = URIRef(f"{node}#e{ev.start}-{ev.end}")
    quote, position = URIRef(f"{evidence}-quote"), URIRef(f"{evidence}-position")
    g.add((evidence, RDF.type, OA.SpecificResource))
    g.add((evidence, OA.hasSource, DOC[ev.document]))
    g.add((evidence, OA.hasSelector, quote))
    g.add((evidence, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(ev.quote, lang=script)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(ev.start, datatype=XSD.integer)))
    g.add((position, OA.end, Literal(ev.end, datatype=XSD.integer)))
    return evidence


def _add_evidence(g, node: URIRef, quotes, script: str, status: str, resolutions=()) -> None:
    """The document a statement or observation comes from, its status, and one evidence node
    per quote: an ``oa:SpecificResource`` of the document with two selectors of the same span,
    the verbatim quote (``oa:TextQuoteSelector``) and its offsets (``oa:TextPositionSelector``)."""
    g.add((node, PROV.wasDerivedFrom, DOC[quotes[0].document]))
    g.add((node, SZKG.status, Literal(status)))
    for ev in quotes:
        g.add((node, SZKG.evidence, _evidence_node(g, node, ev, script)))
    for ev, _end, mention, named in resolutions:  # a word of the quote that stands for a name
        evidence = _evidence_node(g, node, ev, script)
        g.add((evidence, SZKG.mention, Literal(mention, lang=script)))
        g.add((evidence, SZKG.namedAt, _evidence_node(g, node, named, script)))


def _add_statement(g, node: URIRef, s, p, o, direct: bool = True) -> None:
    """The direct triple (unless ``direct`` is false: a former or target fact is not a current
    one) and its reified statement node (evidence is added separately)."""
    if direct:
        g.add((s, p, o))
    g.add((node, RDF.type, SZKG.Statement))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))


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


def _add_counts(ds: Dataset, corpus: Corpus) -> None:
    rows = hub_counts([(st.subject, st.predicate, st.object, True) for st in corpus.statements]
                      + [(at.subject, at.predicate, at.value, False) for at in corpus.attributes])
    g = ds.graph(COUNTS_GRAPH)
    for entity, direction, relation, n in rows:
        node = URIRef(count_node(str(entity_iri(entity)), direction, relation))
        g.add((node, RDF.type, SZKG.RelationCount))
        g.add((node, SZKG.countOf, entity_iri(entity)))
        g.add((node, SZKG.direction, Literal(direction)))
        g.add((node, SZKG.countedRelation, SZKG[relation]))
        g.add((node, SZKG.statementCount, Literal(n, datatype=XSD.integer)))


def _camel(name: str) -> str:
    """rank_of → rankOf: an observation dimension as its szkg: property."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def corpus_to_dataset(corpus: Corpus) -> Dataset:
    """Turn a validated corpus into an RDF dataset (see the module docstring for its layout)."""
    ds = Dataset()
    for ent_id in sorted(corpus.entities):
        _add_entity(ds, corpus.entities[ent_id])
    for doc_id in sorted(corpus.documents):
        _add_document(ds, corpus.documents[doc_id])
    scripts = {d.id: d.script for d in corpus.documents.values()}
    for st in corpus.statements:
        g = ds.graph(document_graph(st.evidence.document))
        node = STMT[st.id]
        _add_statement(g, node, entity_iri(st.subject), SZKG[st.predicate], entity_iri(st.object),
                       direct=st.time == "current")
        if st.time != "current":
            g.add((node, SZKG.time, Literal(st.time)))
        if st.role:
            g.add((node, SZKG.role, Literal(st.role, lang=scripts[st.evidence.document])))
        for prop, year in ((SZKG.since, st.since), (SZKG.until, st.until)):
            if year:
                g.add((node, prop, Literal(year, datatype=XSD.gYear)))
        if st.confidence is not None:
            g.add((node, SZKG.confidence, Literal(format(st.confidence, ".3f"), datatype=XSD.decimal)))
        if st.extractor:
            g.add((node, SZKG.extractor, Literal(st.extractor)))
        _add_evidence(g, node, st.quotes, scripts[st.evidence.document], st.status, st.resolutions)
    for at in corpus.attributes:
        g = ds.graph(document_graph(at.evidence.document))
        node = STMT[at.id]
        _add_statement(g, node, entity_iri(at.subject), SZKG[at.predicate], Literal(at.value, datatype=XSD[at.datatype]))
        _add_evidence(g, node, (at.evidence,), scripts[at.evidence.document], "curated")
    indicators = ds.graph(ENTITIES_GRAPH)
    for ob in corpus.observations:
        g = ds.graph(document_graph(ob.evidence.document))
        node = OBS[ob.id]
        g.add((node, RDF.type, SZKG.Observation))
        g.add((node, SZKG.about, entity_iri(ob.subject)))
        g.add((node, SZKG.indicator, IND[ob.indicator]))
        g.add((node, SZKG.value, Literal(format_quantity(ob.value), datatype=XSD.decimal)))
        g.add((node, SZKG.unit, Literal(ob.unit)))
        if ob.period:
            g.add((node, SZKG.period, Literal(ob.period)))
        for prop, value in ((SZKG.asOf, ob.as_of), (SZKG.periodAsWritten, ob.period_as_written),
                            (SZKG.observationStatus, "" if ob.status == "actual" else ob.status)):
            if value:
                g.add((node, prop, Literal(value)))
        for dimension, value in ob.dimensions:
            g.add((node, SZKG[_camel(dimension)], Literal(value, lang=scripts[ob.evidence.document])))
        g.add((node, SZKG.asWritten, Literal(ob.as_written, lang=scripts[ob.evidence.document])))
        if ob.qualifier:
            g.add((node, SZKG.qualifier, Literal(ob.qualifier)))
        _add_evidence(g, node, (ob.evidence,), scripts[ob.evidence.document], "curated")
        indicators.add((IND[ob.indicator], RDF.type, SZKG.Indicator))
        known = corpus.indicators.get(ob.indicator)
        if known is None:  # no vocabulary: the id is its label
            indicators.add((IND[ob.indicator], SKOS.prefLabel, Literal(ob.indicator.replace("_", " "), lang="en")))
            continue
        for lang, label in known.labels.items():
            indicators.add((IND[ob.indicator], SKOS.prefLabel, Literal(label, lang=lang)))
        for prop, value in ((SKOS.definition, known.definition), (SZKG.unitKind, known.unit_kind),
                            (SKOS.scopeNote, known.comparable)):
            if value:
                indicators.add((IND[ob.indicator], prop, Literal(value, lang="en" if prop != SZKG.unitKind else None)))
    for doc_id, found in sorted(mentions(corpus).items()):
        g = ds.graph(document_graph(doc_id))
        for ent_id in sorted(found):
            g.add((document_iri(doc_id), SZKG.mentions, entity_iri(ent_id)))
    _add_counts(ds, corpus)
    return ds
