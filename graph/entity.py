"""Entities by any of their names, and the entity card: what the graph says about one.

A name matches an entity when it equals, after normalisation, its id or any of its
labels and aliases in any script: both sides are converted to simplified Chinese by
OpenCC and case-folded, and spaces and quotation marks are dropped, so 华为, 華為,
``Huawei`` and ``huawei`` all name the same firm.  The build stores each entity's
normalised names as ``szkg:nameKey`` literals (:func:`name_keys`), so resolving a name is
one exact lookup, on the embedded store and on a remote SPARQL server alike.  Only a name
that matches nothing, or a store built without name keys, reads every entity's names
(to list the closest ones, or to match them the slow way).

Every query here binds its values as RDF terms in a VALUES block written by pyoxigraph
(:func:`graph.query.with_values`), never as text pasted into the query.
"""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from graph.errors import SzkgError

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉【】()（）")
#: Statements, observations and documents a card lists per group unless asked for all.
CARD_LIMIT = 20
#: Threads answering a card's per-relation queries side by side.
CARD_THREADS = 4


class UnknownName(SzkgError):
    """No entity (or document) has this name."""


class AmbiguousName(SzkgError):
    """The name belongs to more than one entity (or document)."""


@dataclass(frozen=True)
class Match:
    """An entity a name resolved to."""

    iri: str
    id: str
    type: str  #: ontology class local name (``Firm``)
    label: str  #: zh-Hans preferred label
    en: str = ""

    def describe(self) -> str:
        return f"{self.label} ({self.id}, {self.type})"


@dataclass
class _Names:
    iri: str
    id: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)  #: language (lower case) → preferred label
    aliases: list[str] = field(default_factory=list)
    _keys: list[str] | None = None  #: stored name keys, or computed from the names on first use

    def match(self) -> Match:
        label = self.labels.get("zh-hans") or self.labels.get("en") or self.id
        return Match(self.iri, self.id, self.type, label, self.labels.get("en", ""))

    def names(self) -> list[str]:
        return [self.id, *self.labels.values(), *self.aliases]

    def keys(self) -> list[str]:
        """The names normalised for matching (computed once)."""
        if self._keys is None:
            self._keys = name_keys(self.names())
        return self._keys


def name_key(name: str) -> str:
    """A name normalised for matching: what ``szkg:nameKey`` holds (see the module docstring)."""
    from graph.text import match_key

    return match_key(name.translate(_QUOTES))


def name_keys(names) -> list[str]:
    """The distinct non-empty keys of some names, sorted: an entity's ``szkg:nameKey`` values."""
    return sorted({key for key in map(name_key, names) if key})


_key = name_key


def _select(store, query: str, **bindings) -> list[dict]:
    """Run one of this module's own queries; rows as dicts of pyoxigraph terms."""
    from graph.query import with_values
    from graph.vocab import PREFIXES

    answer = store.query(with_values(query, bindings), prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in answer]


NAMES_QUERY = """
SELECT ?entity ?type ?label ?kind WHERE {
  GRAPH g:entities {
    ?entity a ?type .
    { ?entity skos:prefLabel ?label BIND("pref" AS ?kind) }
    UNION { ?entity skos:altLabel ?label BIND("alt" AS ?kind) }
    UNION { ?entity szkg:nameKey ?label BIND("key" AS ?kind) }
  }
  FILTER(STRSTARTS(STR(?entity), STR(ent:)) && STRSTARTS(STR(?type), STR(szkg:)))
}"""

#: One entity's type, labels, aliases and name keys (``?entity`` bound).
ENTITY_QUERY = """
SELECT ?entity ?p ?o WHERE { GRAPH g:entities { ?entity ?p ?o } }"""

#: The entities that have a name key (``?key`` bound), with their types and labels.
KEY_QUERY = """
SELECT ?entity ?p ?o WHERE {
  ?entity szkg:nameKey ?key .
  GRAPH g:entities { ?entity ?p ?o }
}"""


def _names_from(rows) -> dict[str, _Names]:
    """``?entity ?p ?o`` rows of g:entities → _Names of the entities among them (szkg types only)."""
    from graph.vocab import ENT, SZKG

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    skos = "http://www.w3.org/2004/02/skos/core#"
    found: dict[str, _Names] = {}
    for row in rows:
        iri, p, o = row["entity"].value, row["p"].value, row["o"]
        names = found.setdefault(iri, _Names(iri, iri.removeprefix(str(ENT)), ""))
        if p == rdf_type and o.value.startswith(str(SZKG)):
            names.type = o.value.removeprefix(str(SZKG))
        elif p == skos + "prefLabel":
            names.labels[(o.language or "").lower()] = o.value
        elif p == skos + "altLabel":
            names.aliases.append(o.value)
        elif p == str(SZKG.nameKey):
            names._keys = [*(names._keys or []), o.value]
    for names in found.values():
        names.aliases.sort()
        if names._keys is not None:
            names._keys.sort()
    return {iri: n for iri, n in found.items() if n.type and iri.startswith(str(ENT))}


def entity_names(store) -> dict[str, _Names]:
    """Every entity of the store with its type, labels, aliases (and stored name keys), by IRI."""
    from graph.vocab import ENT, SZKG

    found: dict[str, _Names] = {}
    for row in _select(store, NAMES_QUERY):
        iri = row["entity"].value
        names = found.setdefault(iri, _Names(iri, iri.removeprefix(str(ENT)),
                                             row["type"].value.removeprefix(str(SZKG))))
        # ?kind is a string, not a boolean: Virtuoso answers BIND(true) as 1
        label, kind = row["label"], row["kind"].value
        if kind == "alt":
            names.aliases.append(label.value)
        elif kind == "key":
            names._keys = [*(names._keys or []), label.value]
        else:
            names.labels[(label.language or "").lower()] = label.value
    for names in found.values():
        names.aliases.sort()
    return found


def _has_name_keys(store) -> bool:
    from graph.vocab import PREFIXES

    return bool(store.query("ASK { ?entity szkg:nameKey ?key }", prefixes=PREFIXES,
                            use_default_graph_as_union=True))


def _closest(key: str, candidates, n: int = 5) -> list:
    """The candidates whose names are most like ``key`` (substring matches first)."""
    scored: list[tuple[float, str, object]] = []
    matcher = difflib.SequenceMatcher(None, key, "")
    for candidate in candidates:
        best = 0.0
        for other in candidate.keys():
            if key and (key in other or other in key):
                best = max(best, 0.6 + 0.4 * min(len(key), len(other)) / max(len(key), len(other)))
            matcher.set_seq2(other)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:  # upper bounds of ratio()
                best = max(best, matcher.ratio())
        if best >= 0.34:
            scored.append((-best, candidate.id, candidate))
    return [c for _, _, c in sorted(scored, key=lambda t: (t[0], t[1]))[:n]]


def _listing(matches) -> str:
    return ", ".join(m.describe() for m in matches)


def _as_iri(text: str) -> str | None:
    """The IRI a name spells (``<…>``, ``ent:id`` or ``http…``), else None."""
    from graph.vocab import ENT

    if text.startswith("ent:"):
        return str(ENT) + text[4:]
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    return text if "://" in text else None


def _by_iri(store, iri: str) -> _Names | None:
    import pyoxigraph as ox

    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    return _names_from(_select(store, ENTITY_QUERY, entity=node)).get(iri)


def resolve_entity(store, name: str, entity_class: str | None = None) -> Match:
    """The one entity called ``name`` (id, label or alias, any script, or its IRI)."""
    import pyoxigraph as ox

    text = name.strip()
    iri = _as_iri(text)
    known = _by_iri(store, iri) if iri else None
    if known is not None:
        return known.match()
    key = _key(text)
    found = list(_names_from(_select(store, KEY_QUERY, key=ox.Literal(key))).values()) if key else []
    if not found and not _has_name_keys(store):
        found = [n for n in entity_names(store).values() if key and key in n.keys()]  # built before name keys
    found.sort(key=lambda n: n.id)
    if entity_class and found:
        fitting = [n for n in found if n.type == entity_class]
        if not fitting:
            pool = [n for n in entity_names(store).values() if n.type == entity_class]
            raise UnknownName(f"'{name}' is {_listing(n.match() for n in found)}, not a {entity_class}; "
                              f"closest {entity_class} names: "
                              f"{_listing(c.match() for c in _closest(key, pool)) or 'none'}")
        found = fitting
    if len(found) == 1:
        return found[0].match()
    if found:
        raise AmbiguousName(f"'{name}' names {len(found)} entities: {_listing(n.match() for n in found)}; "
                            "use the id instead")
    pool = [n for n in entity_names(store).values() if not entity_class or n.type == entity_class]
    close = _closest(key, pool)
    what = f"{entity_class} " if entity_class else "entity "
    hint = f"closest: {_listing(c.match() for c in close)}" if close else "no name is close"
    raise UnknownName(f"no {what}is called '{name}'; {hint}")


@dataclass(frozen=True)
class DocumentMatch:
    """A document a name resolved to."""

    iri: str
    id: str
    title: str

    def describe(self) -> str:
        return f"{self.id} ({self.title})"


DOCUMENTS_QUERY = """
SELECT ?document ?id ?title WHERE {
  GRAPH g:documents { ?document a szkg:Document ; dcterms:identifier ?id ; dcterms:title ?title }
} ORDER BY ?id"""

#: The document with an id (``?id`` bound) or an IRI (``?document`` bound).
DOCUMENT_QUERY = """
SELECT ?document ?id ?title WHERE {
  GRAPH g:documents { ?document dcterms:identifier ?id ; a szkg:Document ; dcterms:title ?title }
}"""


def documents(store) -> list[DocumentMatch]:
    """Every document of the store, by id."""
    return [DocumentMatch(r["document"].value, r["id"].value, r["title"].value)
            for r in _select(store, DOCUMENTS_QUERY)]


def _document_by(store, **binding) -> DocumentMatch | None:
    rows = _select(store, DOCUMENT_QUERY, **binding)
    return DocumentMatch(rows[0]["document"].value, rows[0]["id"].value, rows[0]["title"].value) \
        if len(rows) == 1 else None


def resolve_document(store, name: str) -> DocumentMatch:
    """The one document with this id, id prefix, IRI or title (or a unique part of the title)."""
    import pyoxigraph as ox

    text = name.strip().removeprefix("<").removesuffix(">").removeprefix("doc:")
    exact = _document_by(store, id=ox.Literal(text)) if text else None  # one lookup, the common case
    if exact is None and "://" in text:
        try:
            exact = _document_by(store, document=ox.NamedNode(text))
        except ValueError:
            exact = None
    if exact is not None:
        return exact
    docs = documents(store)
    key = _key(text)
    for test in (lambda d: text in (d.id, d.iri), lambda d: _key(d.title) == key,
                 lambda d: d.id.startswith(text), lambda d: key in _key(d.title)):
        found = [d for d in docs if text and test(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousName(f"'{name}' names {len(found)} documents: "
                                f"{', '.join(d.describe() for d in found)}; use the id instead")
    raise UnknownName(f"no document is called '{name}'; documents: " + ", ".join(d.id for d in docs))


# ---------------------------------------------------------------- the entity card


@dataclass(frozen=True)
class Relation:
    """One statement linking the entity to another, with its evidence."""

    direction: str  #: ``out`` (the entity is the subject) or ``in``
    predicate: str  #: ontology property local name
    other: str  #: the other entity's id
    other_label: str
    quote: str
    document: str  #: document id
    title: str
    status: str = ""


@dataclass(frozen=True)
class RelationGroup:
    """How many statements link the entity by one relation in one direction, and how many are listed."""

    direction: str  #: ``out`` or ``in``
    predicate: str
    count: int  #: statements in the graph
    shown: int  #: of them in ``EntityCard.relations``

    @property
    def more(self) -> int:
        return self.count - self.shown


@dataclass(frozen=True)
class Attribute:
    """A literal attribute (founding or issuing year) with its evidence."""

    predicate: str
    value: str
    quote: str
    document: str
    title: str


@dataclass(frozen=True)
class ObservationRow:
    """A quantity a document states about the entity."""

    indicator: str
    value: str
    unit: str
    period: str
    as_written: str
    qualifier: str
    quote: str
    document: str
    title: str


@dataclass
class EntityCard:
    """What the graph says about one entity: everything, or a summary of a few rows per group.

    With a ``limit`` the card lists at most that many statements per relation and
    direction (``groups`` has every group's full count) and that many of the documents
    that mention the entity (``document_count`` has them all); observations are always
    all listed.  ``complete`` tells whether anything was left out.
    """

    iri: str
    id: str
    types: list[str]
    labels: dict[str, str]  #: language tag (lower case, as Oxigraph stores it) → preferred label
    aliases: list[str]
    relations: list[Relation] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    documents: list[DocumentMatch] = field(default_factory=list)  #: documents that mention it
    groups: list[RelationGroup] = field(default_factory=list)  #: every relation and direction, with counts
    document_count: int = 0  #: documents that mention it, listed or not
    limit: int | None = None  #: rows listed per group (None: all of them)

    @property
    def complete(self) -> bool:
        """Whether every statement and mentioning document is listed."""
        return all(g.shown == g.count for g in self.groups) and len(self.documents) == self.document_count

    def to_dict(self) -> dict:
        return {**asdict(self), "complete": self.complete}


#: A hub's statement counts as the build recorded them in g:counts (``?entity`` bound; no
#: rows for an entity that is not a hub: see graph.rdf.hub_counts).
INDEXED_COUNTS_QUERY = """
SELECT ?direction ?predicate ?n WHERE {
  ?count szkg:countOf ?entity ; szkg:direction ?direction ; szkg:countedRelation ?predicate ;
         szkg:statementCount ?n
}"""

#: How many statements link the entity, per predicate, in each direction (``?entity`` bound):
#: one lookup per statement — what a hub's card would pay without g:counts.
COUNT_QUERIES = {
    "out": "SELECT ?predicate (COUNT(*) AS ?n) "
           "WHERE { ?statement rdf:subject ?entity ; rdf:predicate ?predicate } GROUP BY ?predicate",
    "in": "SELECT ?predicate (COUNT(*) AS ?n) "
          "WHERE { ?statement rdf:object ?entity ; rdf:predicate ?predicate } GROUP BY ?predicate",
}

_EVIDENCE = """
  ?statement prov:wasDerivedFrom ?document .
  OPTIONAL { ?statement szkg:status ?status }
  OPTIONAL { ?statement oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?document dcterms:identifier ?docId }
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?other skos:prefLabel ?otherLabel FILTER(langMatches(lang(?otherLabel), "zh-Hans")) }"""

#: Every statement of the entity, either direction (``?entity`` bound).
STATEMENTS_QUERY = """
SELECT ?direction ?predicate ?other ?otherLabel ?quote ?document ?docId ?title ?status WHERE {
  { ?statement rdf:subject ?entity BIND("out" AS ?direction) }
  UNION { ?statement rdf:object ?entity BIND("in" AS ?direction) }
  ?statement rdf:predicate ?predicate ; rdf:subject|rdf:object ?other .
  FILTER(?other != ?entity)""" + _EVIDENCE + "\n}"  # a statement never links an entity to itself

#: Statements of one relation in one direction (``?entity``, ``?predicate`` bound), found through
#: the direct triples and their document graphs so a hub's other statements are never read.
GROUP_QUERIES = {
    "out": """
SELECT ?direction ?predicate ?other ?otherLabel ?quote ?document ?docId ?title ?status WHERE {
  GRAPH ?graph { ?entity ?predicate ?other .
                 ?statement rdf:subject ?entity ; rdf:predicate ?predicate ; rdf:object ?other }
  BIND("out" AS ?direction)""" + _EVIDENCE + "\n}",
    "in": """
SELECT ?direction ?predicate ?other ?otherLabel ?quote ?document ?docId ?title ?status WHERE {
  GRAPH ?graph { ?other ?predicate ?entity .
                 ?statement rdf:object ?entity ; rdf:predicate ?predicate ; rdf:subject ?other }
  BIND("in" AS ?direction)""" + _EVIDENCE + "\n}",
}

OBSERVATIONS_QUERY = """
SELECT ?entity ?indicator ?value ?unit ?period ?asWritten ?qualifier ?quote ?document ?docId ?title WHERE {
  ?obs szkg:about ?entity ; a szkg:Observation ; szkg:indicator ?indicator ; szkg:value ?value ;
       prov:wasDerivedFrom ?document .
  OPTIONAL { ?obs szkg:unit ?unit }
  OPTIONAL { ?obs szkg:period ?period }
  OPTIONAL { ?obs szkg:asWritten ?asWritten }
  OPTIONAL { ?obs szkg:qualifier ?qualifier }
  OPTIONAL { ?obs oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
  OPTIONAL { ?document dcterms:identifier ?docId }
  OPTIONAL { ?document dcterms:title ?title }
} ORDER BY ?period ?indicator"""

MENTIONS_QUERY = """
SELECT ?entity ?document ?id ?title WHERE {
  ?document szkg:mentions ?entity .
  OPTIONAL { ?document dcterms:identifier ?id }
  OPTIONAL { ?document dcterms:title ?title }
}"""

MENTION_COUNT_QUERY = "SELECT (COUNT(DISTINCT ?document) AS ?n) WHERE { ?document szkg:mentions ?entity }"


def _limited(query: str, limit: int | None) -> str:
    return query if limit is None else f"{query} LIMIT {int(limit)}"


def _count(store, query: str, **bindings) -> int:
    rows = _select(store, query, **bindings)
    return int(rows[0]["n"].value) if rows else 0


def _doc(row) -> tuple[str, str]:
    """(document id, title) of a row with ``?document`` and the optional ``?docId``, ``?title``."""
    from graph.vocab import local_name

    doc_id = row["docId"].value if "docId" in row else local_name(row["document"].value)
    return doc_id, row["title"].value if "title" in row else ""


def _statement_rows(card: EntityCard, rows) -> None:
    """Statement rows → the card's relations (entity objects) and attributes (literal objects)."""
    import pyoxigraph as ox

    from graph.vocab import ENT, SZKG, local_name

    for row in rows:
        other, quote = row["other"], row["quote"].value if "quote" in row else ""
        predicate = row["predicate"].value.removeprefix(str(SZKG))
        if isinstance(other, ox.Literal):
            card.attributes.append(Attribute(predicate, other.value, quote, *_doc(row)))
            continue
        label = row["otherLabel"].value if "otherLabel" in row else local_name(other.value)
        status = row["status"].value if "status" in row else ""
        card.relations.append(Relation(row["direction"].value, predicate, other.value.removeprefix(str(ENT)),
                                       label, quote, *_doc(row), status))


def _card_statements(store, card: EntityCard, node, limit: int | None) -> None:
    """Fill the card's relations, attributes and groups: all statements, or ``limit`` per group."""
    from graph.vocab import ATTRIBUTES, SZKG

    if limit is None:
        _statement_rows(card, _select(store, STATEMENTS_QUERY, entity=node))
        counts: dict[tuple[str, str], int] = {}
        for r in card.relations:
            counts[r.direction, r.predicate] = counts.get((r.direction, r.predicate), 0) + 1
        card.groups = [RelationGroup(d, p, n, n) for (d, p), n in counts.items()]
    else:
        import pyoxigraph as ox

        rows = [(r["direction"].value, r) for r in _select(store, INDEXED_COUNTS_QUERY, entity=node)]
        if not rows:
            rows = [(d, r) for d, query in COUNT_QUERIES.items() for r in _select(store, query, entity=node)]
        rows.sort(key=lambda dr: (dr[0], dr[1]["predicate"].value))

        def attribute(direction: str, row) -> bool:  # an attribute's values are all listed, not grouped
            return direction == "out" and row["predicate"].value.removeprefix(str(SZKG)) in ATTRIBUTES

        def listing(direction_row):  # the statements of one relation and direction
            direction, row = direction_row
            query = _limited(GROUP_QUERIES[direction], None if attribute(direction, row) else limit)
            return _select(store, query, entity=node, predicate=ox.NamedNode(row["predicate"].value))

        # on the embedded store the groups' queries run side by side (pyoxigraph releases the
        # GIL); other readers (a remote store, rdflib in the benchmark) get them one by one
        threads = min(CARD_THREADS, len(rows)) if isinstance(store, ox.Store) else 1
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            answers = list(pool.map(listing, rows))
        for (direction, row), answer in zip(rows, answers, strict=True):
            before = len(card.relations)
            _statement_rows(card, answer)
            if not attribute(direction, row):
                name = row["predicate"].value.removeprefix(str(SZKG))
                card.groups.append(RelationGroup(direction, name, int(row["n"].value), len(card.relations) - before))
    card.groups.sort(key=lambda g: (g.direction != "out", g.predicate))
    card.relations.sort(key=lambda r: (r.direction != "out", r.predicate, r.other, r.document, r.quote))
    card.attributes.sort(key=lambda a: (a.predicate, a.value, a.document))


def entity_card(store, name: str, limit: int | None = CARD_LIMIT) -> EntityCard:
    """The card of the entity called ``name`` (UnknownName / AmbiguousName otherwise).

    ``limit`` caps the statements listed per relation and direction, and the documents
    that mention the entity (``None`` lists everything: slow for a hub with thousands of
    statements).  Which ones are listed is fixed for a given graph (the store's index
    order, not a ranking); they are shown sorted by relation, other entity, document and quote.
    """
    import pyoxigraph as ox

    from graph.vocab import IND

    match = resolve_entity(store, name)
    node = ox.NamedNode(match.iri)
    me = _names_from(_select(store, ENTITY_QUERY, entity=node))[match.iri]
    card = EntityCard(match.iri, match.id, [me.type], dict(sorted(me.labels.items())), me.aliases,
                      limit=limit)
    _card_statements(store, card, node, limit)
    for row in _select(store, OBSERVATIONS_QUERY, entity=node):
        text = {k: v.value for k, v in row.items()}
        card.observations.append(ObservationRow(
            text["indicator"].removeprefix(str(IND)), text["value"], text.get("unit", ""),
            text.get("period", ""), text.get("asWritten", ""), text.get("qualifier", ""),
            text.get("quote", ""), *_doc(row)))
    card.documents = sorted((DocumentMatch(r["document"].value, r["id"].value if "id" in r else "",
                                           r["title"].value if "title" in r else "")
                             for r in _select(store, _limited(MENTIONS_QUERY, limit), entity=node)),
                            key=lambda d: (d.id, d.iri))
    card.document_count = len(card.documents)
    if limit is not None and card.document_count >= limit:
        card.document_count = _count(store, MENTION_COUNT_QUERY, entity=node)
    return card


def render_card(card: EntityCard, console, all_hint: str = "--all") -> None:
    """Print the card with rich: names, relations out and in, attributes, observations.

    When the card is a summary, each table says how many rows it leaves out and a last
    line says how to see them (``all_hint``: the CLI's flag).
    """
    from rich.table import Table

    title = card.labels.get("zh-hans") or card.id
    console.print(f"[bold]{title}[/bold]  {card.id}  ({', '.join(card.types)})")
    console.print(f"  {card.iri}")
    names = Table(show_header=True, header_style="bold", title="Names")
    names.add_column("language")
    names.add_column("label")
    for lang, label in card.labels.items():
        names.add_row(lang, label)
    for alias in card.aliases:
        names.add_row("alias", alias)
    console.print(names)
    for direction, heading in (("out", "Relations out"), ("in", "Relations in")):
        rows = [r for r in card.relations if r.direction == direction]
        groups = [g for g in card.groups if g.direction == direction]
        total, more = sum(g.count for g in groups), sum(g.more for g in groups)
        if not rows and not total:
            continue
        shown = f"{total:,}" if not more else f"{total:,}; {len(rows):,} shown"
        table = Table(title=f"{heading} ({shown})", header_style="bold")
        for column in ("relation", "entity", "quote", "document"):
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(r.predicate, f"{r.other_label} ({r.other})", r.quote, f"{r.document} {r.title}")
        for g in groups:
            if g.more:
                table.add_row(g.predicate, f"[dim]… {g.more:,} more ({g.count:,} in all)[/dim]", "", "")
        console.print(table)
    if card.attributes:
        table = Table(title="Attributes", header_style="bold")
        for column in ("attribute", "value", "quote", "document"):
            table.add_column(column, overflow="fold")
        for a in card.attributes:
            table.add_row(a.predicate, a.value, a.quote, f"{a.document} {a.title}")
        console.print(table)
    if card.observations:
        table = Table(title=f"Observations ({len(card.observations):,})", header_style="bold")
        for column in ("period", "indicator", "value", "unit", "as written", "quote", "document"):
            table.add_column(column, overflow="fold")
        for o in card.observations:
            table.add_row(o.period, o.indicator, o.value, o.unit, o.as_written, o.quote, o.document)
        console.print(table)
    if card.documents:
        more = card.document_count - len(card.documents)
        noun = "document" if card.document_count == 1 else "documents"
        console.print(f"[bold]Mentioned in[/bold] ({card.document_count:,} {noun}"
                      + (f"; {len(card.documents):,} shown)" if more else ")"))
        for d in card.documents:
            console.print(f"  {d.id}  {d.title}")
    if not card.complete:
        console.print(f"[dim]A summary: at most {card.limit} statements per relation and direction and "
                      f"{card.limit} documents. Add {all_hint} to list all of them.[/dim]")
