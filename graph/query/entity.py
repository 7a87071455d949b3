"""Entities and documents by any of their names (the card of an entity is graph.query.card).

A name matches an entity when it equals, after normalisation, its id or any of its
labels and aliases in any script: both sides are converted to simplified Chinese by
OpenCC and case-folded, and spaces and quotation marks are dropped, so 华为, 華為,
``Huawei`` and ``huawei`` all name the same firm.  The build stores each entity's
normalised names as ``szkg:nameKey`` literals (:func:`name_keys`), so resolving a name is
one exact lookup, on the embedded store and on a remote SPARQL server alike.  Only a name
that matches nothing, or a store built without name keys, reads every entity's names
(to list the closest ones, or to match them the slow way).

Every query here binds its values as RDF terms in a VALUES block written by pyoxigraph
(:func:`graph.query.questions.with_values`), never as text pasted into the query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import AmbiguousName, UnknownName
from graph.names import choose, closest, name_key, name_keys, printable
from graph.query.reads import read_query


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
class EntityNames:
    """An entity's IRI, id, class and every name it has."""

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


def select(store, query: str, **bindings) -> list[dict]:
    """Run one of szkg's own queries with ``bindings`` (names → pyoxigraph terms) bound as a
    VALUES block; the rows as dicts of pyoxigraph terms (unbound variables left out)."""
    from graph.query.questions import with_values
    from graph.vocab import PREFIXES

    answer = store.query(with_values(query, bindings), prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in answer]






def labels_of(store, iris) -> dict[str, dict[str, str]]:
    """Each IRI's preferred labels in ``g:entities``: IRI → {language tag (lower case) → label}.

    Asked in chunks of VALUES rows, each IRI written by pyoxigraph (escaped), never pasted."""
    import pyoxigraph as ox

    from graph.store.sparql import inject_values
    from graph.vocab import PREFIXES

    wanted = sorted(set(iris))
    found: dict[str, dict[str, str]] = {}
    query = "SELECT ?e ?l WHERE { GRAPH g:entities { ?e skos:prefLabel ?l } }"
    for start in range(0, len(wanted), 500):
        rows = " ".join(str(ox.NamedNode(iri)) for iri in wanted[start:start + 500])
        answer = store.query(inject_values(query, f"VALUES ?e {{ {rows} }}"), prefixes=PREFIXES,
                             use_default_graph_as_union=True)
        for s in answer:
            found.setdefault(s["e"].value, {})[(s["l"].language or "").lower()] = s["l"].value
    return found


def localize(store, result, lang: str):
    """A SELECT answer with every ``?xLabel`` column beside an ``?x`` entity column showing ``?x``'s
    label in ``lang`` (zh-Hans → zh-Hant → en fallback; the answer's own text where ?x has no
    label); other columns, and the answer given, unchanged.  For the table and Markdown forms."""
    from dataclasses import replace

    import pyoxigraph as ox

    from graph.names import pick_label

    if result.kind != "select":
        return result
    pairs = [(result.variables.index(v[:-len("Label")]), i) for i, v in enumerate(result.variables)
             if v.endswith("Label") and v[:-len("Label")] in result.variables]
    if not pairs:
        return result
    iris = {row[k].value for row in result.rows for k, _i in pairs if isinstance(row[k], ox.NamedNode)}
    labels = labels_of(store, iris)
    rows = []
    for row in result.rows:
        row = list(row)
        for k, i in pairs:
            text = pick_label(labels.get(row[k].value, {}), lang) if isinstance(row[k], ox.NamedNode) else ""
            if text:
                row[i] = ox.Literal(text)
        rows.append(tuple(row))
    return replace(result, rows=rows)


def _names_from(rows) -> dict[str, EntityNames]:
    """``?entity ?p ?o`` rows of g:entities → EntityNames of the entities among them (szkg types only)."""
    from graph.vocab import ENT, SZKG

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    skos = "http://www.w3.org/2004/02/skos/core#"
    found: dict[str, EntityNames] = {}
    for row in rows:
        iri, p, o = row["entity"].value, row["p"].value, row["o"]
        names = found.setdefault(iri, EntityNames(iri, iri.removeprefix(str(ENT)), ""))
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


def entity_names(store) -> dict[str, EntityNames]:
    """Every entity of the store with its type, labels, aliases (and stored name keys), by IRI."""
    from graph.vocab import ENT, SZKG

    found: dict[str, EntityNames] = {}
    for row in select(store, read_query("names")):
        iri = row["entity"].value
        names = found.setdefault(iri, EntityNames(iri, iri.removeprefix(str(ENT)),
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


def _by_iri(store, iri: str) -> EntityNames | None:
    """The names of the entity with this IRI; None when the store has no such entity."""
    import pyoxigraph as ox

    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    return _names_from(select(store, read_query("entity"), entity=node)).get(iri)


def resolve_entity(store, name: str, entity_class: str | None = None) -> Match:
    """The one entity called ``name`` (id, label or alias, any script, or its IRI)."""
    return resolve_names(store, name, entity_class).match()


def resolve_names(store, name: str, entity_class: str | None = None) -> EntityNames:
    """As ``resolve_entity``, with every name of the entity found (what its card shows)."""
    import pyoxigraph as ox

    text = name.strip()
    iri = _as_iri(text)
    known = _by_iri(store, iri) if iri else None
    if known is not None:
        return known
    key = name_key(text)
    found = list(_names_from(select(store, read_query("entities-by-key"), key=ox.Literal(key))).values()) if key else []
    if not found and not _has_name_keys(store):
        found = [n for n in entity_names(store).values() if key and key in n.keys()]  # built before name keys
    found.sort(key=lambda n: n.id)
    exact = [n for n in found if n.id == text]
    if len(exact) == 1:
        found = exact  # an entity's own id wins over another's name written the same (ai-algorithms, «AI algorithms»)
    if entity_class and found:
        fitting = [n for n in found if n.type == entity_class]
        if not fitting:
            pool = [n for n in entity_names(store).values() if n.type == entity_class]
            raise UnknownName(f"'{printable(name)}' is {_listing(n.match() for n in found)}, not a {entity_class}; "
                              f"closest {entity_class} names: "
                              f"{_listing(c.match() for c in closest(key, pool)) or 'none'}")
        found = fitting
    pool = lambda: [n for n in entity_names(store).values() if not entity_class or n.type == entity_class]  # noqa: E731
    return choose(name, found, pool, lambda n: n.match().describe(), entity_class or "entity")


@dataclass(frozen=True)
class DocumentMatch:
    """A document a name resolved to."""

    iri: str
    id: str
    title: str

    def describe(self) -> str:
        return f"{self.id} ({self.title})"





def documents(store) -> list[DocumentMatch]:
    """Every document of the store, by id."""
    return [DocumentMatch(r["document"].value, r["id"].value, r["title"].value)
            for r in select(store, read_query("document-list"))]


def _document_by(store, **binding) -> DocumentMatch | None:
    rows = select(store, read_query("document"), **binding)
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
    key = name_key(text)
    for test in (lambda d: text in (d.id, d.iri), lambda d: name_key(d.title) == key,
                 lambda d: d.id.startswith(text), lambda d: key in name_key(d.title)):
        found = [d for d in docs if text and test(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AmbiguousName(f"'{name}' names {len(found)} documents: "
                                f"{', '.join(d.describe() for d in found)}; use the id instead")
    raise UnknownName(f"no document is called '{name}'; documents: " + ", ".join(d.id for d in docs))
