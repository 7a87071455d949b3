"""Entities by any of their names, and the entity card: everything the graph says about one.

A name matches an entity when it equals, after normalisation, its id or any of its
labels and aliases in any script: both sides are converted to simplified Chinese by
OpenCC and case-folded, and spaces and quotation marks are dropped, so 华为, 華為,
``Huawei`` and ``huawei`` all name the same firm.  A name that matches nothing, or more
than one entity, raises an error that lists the closest names.

Every query here binds the entity as an RDF term (``substitutions``), never as text.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from graph.errors import SzkgError

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉【】()（）")


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
    _keys: list[str] | None = None

    def match(self) -> Match:
        label = self.labels.get("zh-hans") or self.labels.get("en") or self.id
        return Match(self.iri, self.id, self.type, label, self.labels.get("en", ""))

    def names(self) -> list[str]:
        return [self.id, *self.labels.values(), *self.aliases]

    def keys(self) -> list[str]:
        """The names normalised for matching (computed once)."""
        if self._keys is None:
            self._keys = [k for k in (_key(n) for n in self.names()) if k]
        return self._keys


def _key(name: str) -> str:
    from graph.text import match_key

    return match_key(name.translate(_QUOTES))


def _select(store, query: str, **bindings) -> list[dict]:
    """Run one of this module's own queries; rows as dicts of pyoxigraph terms."""
    import pyoxigraph as ox

    from graph.vocab import PREFIXES

    answer = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                         substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
    names = [v.value for v in answer.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in answer]


NAMES_QUERY = """
SELECT ?entity ?type ?label ?kind WHERE {
  GRAPH g:entities {
    ?entity a ?type .
    { ?entity skos:prefLabel ?label BIND("pref" AS ?kind) } UNION { ?entity skos:altLabel ?label BIND("alt" AS ?kind) }
  }
  FILTER(STRSTARTS(STR(?entity), STR(ent:)) && STRSTARTS(STR(?type), STR(szkg:)))
}"""


def entity_names(store) -> dict[str, _Names]:
    """Every entity of the store with its type, labels and aliases, by IRI."""
    from graph.vocab import ENT, SZKG

    found: dict[str, _Names] = {}
    for row in _select(store, NAMES_QUERY):
        iri = row["entity"].value
        names = found.setdefault(iri, _Names(iri, iri.removeprefix(str(ENT)),
                                             row["type"].value.removeprefix(str(SZKG))))
        label = row["label"]
        if row["kind"].value == "alt":  # a string, not a boolean: Virtuoso answers BIND(true) as 1
            names.aliases.append(label.value)
        else:
            names.labels[(label.language or "").lower()] = label.value
    for names in found.values():
        names.aliases.sort()
    return found


def _closest(key: str, candidates, n: int = 5) -> list:
    """The candidates whose names are most like ``key`` (substring matches first)."""
    scored = []
    for candidate in candidates:
        best = 0.0
        for other in candidate.keys():
            score = difflib.SequenceMatcher(None, key, other).ratio()
            if key and (key in other or other in key):
                score = max(score, 0.6 + 0.4 * min(len(key), len(other)) / max(len(key), len(other)))
            best = max(best, score)
        if best >= 0.34:
            scored.append((-best, candidate.id, candidate))
    return [c for _, _, c in sorted(scored, key=lambda t: (t[0], t[1]))[:n]]


def _listing(matches) -> str:
    return ", ".join(m.describe() for m in matches)


def resolve_entity(store, name: str, entity_class: str | None = None) -> Match:
    """The one entity called ``name`` (id, label or alias, any script, or its IRI)."""
    from graph.vocab import ENT

    everyone = entity_names(store)
    text = name.strip()
    iri = text.removeprefix("<").removesuffix(">")
    if text.startswith("ent:"):
        iri = str(ENT) + text[4:]
    if iri in everyone:
        return everyone[iri].match()
    key = _key(text)
    found = [n for n in everyone.values() if key and key in n.keys()]
    pool = [n for n in everyone.values() if not entity_class or n.type == entity_class]
    if entity_class and found:
        fitting = [n for n in found if n.type == entity_class]
        if not fitting:
            raise UnknownName(f"'{name}' is {_listing(n.match() for n in found)}, not a {entity_class}; "
                              f"closest {entity_class} names: "
                              f"{_listing(c.match() for c in _closest(key, pool)) or 'none'}")
        found = fitting
    if len(found) == 1:
        return found[0].match()
    if found:
        raise AmbiguousName(f"'{name}' names {len(found)} entities: {_listing(n.match() for n in found)}; "
                            "use the id instead")
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


def documents(store) -> list[DocumentMatch]:
    """Every document of the store, by id."""
    return [DocumentMatch(r["document"].value, r["id"].value, r["title"].value)
            for r in _select(store, DOCUMENTS_QUERY)]


def resolve_document(store, name: str) -> DocumentMatch:
    """The one document with this id, id prefix, IRI or title (or a unique part of the title)."""
    docs = documents(store)
    text = name.strip().removeprefix("<").removesuffix(">").removeprefix("doc:")
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
    """Everything the graph says about one entity."""

    iri: str
    id: str
    types: list[str]
    labels: dict[str, str]  #: language tag (lower case, as Oxigraph stores it) → preferred label
    aliases: list[str]
    relations: list[Relation] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    documents: list[DocumentMatch] = field(default_factory=list)  #: documents that mention it

    def to_dict(self) -> dict:
        return asdict(self)


STATEMENTS_QUERY = """
SELECT ?entity ?direction ?predicate ?other ?quote ?document ?status WHERE {
  { ?st rdf:subject ?entity ; rdf:object ?other . BIND("out" AS ?direction) }
  UNION
  { ?st rdf:object ?entity ; rdf:subject ?other . BIND("in" AS ?direction) }
  ?st a szkg:Statement ; rdf:predicate ?predicate ; prov:wasDerivedFrom ?document .
  OPTIONAL { ?st szkg:status ?status }
  OPTIONAL { ?st oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
}"""

OBSERVATIONS_QUERY = """
SELECT ?entity ?indicator ?value ?unit ?period ?asWritten ?qualifier ?quote ?document WHERE {
  ?obs a szkg:Observation ; szkg:about ?entity ; szkg:indicator ?indicator ; szkg:value ?value ;
       prov:wasDerivedFrom ?document .
  OPTIONAL { ?obs szkg:unit ?unit }
  OPTIONAL { ?obs szkg:period ?period }
  OPTIONAL { ?obs szkg:asWritten ?asWritten }
  OPTIONAL { ?obs szkg:qualifier ?qualifier }
  OPTIONAL { ?obs oa:hasSelector ?selector . ?selector a oa:TextQuoteSelector ; oa:exact ?quote }
} ORDER BY ?period ?indicator"""

MENTIONS_QUERY = "SELECT ?entity ?document WHERE { ?document szkg:mentions ?entity } ORDER BY ?document"


def entity_card(store, name: str) -> EntityCard:
    """The card of the entity called ``name`` (UnknownName / AmbiguousName otherwise)."""
    import pyoxigraph as ox

    from graph.vocab import ENT, IND, SZKG, local_name

    match = resolve_entity(store, name)
    everyone = entity_names(store)
    me = everyone[match.iri]
    titles = {d.iri: d for d in documents(store)}
    node = ox.NamedNode(match.iri)

    def doc(row) -> tuple[str, str]:
        d = titles.get(row["document"].value)
        return (d.id, d.title) if d else (local_name(row["document"].value), "")

    card = EntityCard(match.iri, match.id, [me.type], dict(sorted(me.labels.items())), me.aliases)
    for row in _select(store, STATEMENTS_QUERY, entity=node):
        other, quote = row["other"], row.get("quote")
        quote_text = quote.value if quote is not None else ""
        predicate = row["predicate"].value.removeprefix(str(SZKG))
        if isinstance(other, ox.Literal):
            card.attributes.append(Attribute(predicate, other.value, quote_text, *doc(row)))
            continue
        names = everyone.get(other.value)
        card.relations.append(Relation(
            row["direction"].value, predicate, other.value.removeprefix(str(ENT)),
            names.match().label if names else local_name(other.value), quote_text, *doc(row),
            row["status"].value if "status" in row else ""))
    card.relations.sort(key=lambda r: (r.direction != "out", r.predicate, r.other, r.document, r.quote))
    card.attributes.sort(key=lambda a: (a.predicate, a.value, a.document))
    for row in _select(store, OBSERVATIONS_QUERY, entity=node):
        text = {k: (v.value if v is not None else "") for k, v in row.items()}
        card.observations.append(ObservationRow(
            text["indicator"].removeprefix(str(IND)), text["value"], text.get("unit", ""),
            text.get("period", ""), text.get("asWritten", ""), text.get("qualifier", ""),
            text.get("quote", ""), *doc(row)))
    card.documents = [titles[r["document"].value] for r in _select(store, MENTIONS_QUERY, entity=node)
                      if r["document"].value in titles]
    return card


def render_card(card: EntityCard, console) -> None:
    """Print the card with rich: names, relations out and in, attributes, observations."""
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
        if not rows:
            continue
        table = Table(title=f"{heading} ({len(rows)})", header_style="bold")
        for column in ("relation", "entity", "quote", "document"):
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(r.predicate, f"{r.other_label} ({r.other})", r.quote, f"{r.document} {r.title}")
        console.print(table)
    if card.attributes:
        table = Table(title="Attributes", header_style="bold")
        for column in ("attribute", "value", "quote", "document"):
            table.add_column(column, overflow="fold")
        for a in card.attributes:
            table.add_row(a.predicate, a.value, a.quote, f"{a.document} {a.title}")
        console.print(table)
    if card.observations:
        table = Table(title=f"Observations ({len(card.observations)})", header_style="bold")
        for column in ("period", "indicator", "value", "unit", "as written", "quote", "document"):
            table.add_column(column, overflow="fold")
        for o in card.observations:
            table.add_row(o.period, o.indicator, o.value, o.unit, o.as_written, o.quote, o.document)
        console.print(table)
    if card.documents:
        console.print("[bold]Mentioned in[/bold]")
        for d in card.documents:
            console.print(f"  {d.id}  {d.title}")
