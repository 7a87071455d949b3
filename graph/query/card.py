"""The entity card: what the graph says about one entity, with the evidence for each fact.

``entity_card`` resolves a name (:func:`graph.query.entity.resolve_names`) and reads the
entity's labels, its statements in and out with their quotes and documents, its literal
attributes, the observations about it and the documents that mention it; ``render_card``
prints it with rich.  For a hub the card is a summary: exact counts of every relation
(from ``g:counts``, written by the build; counted where a store has none) and at most
``CARD_LIMIT`` statements of each.  Values are bound as RDF terms
(:func:`graph.query.questions.with_values`), never pasted into query text.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from graph.query.entity import DocumentMatch, labels_of, resolve_names, select
from graph.query.reads import read_query
from graph.rdf import CARD_LIMIT

#: Statements, observations and documents a card lists per group unless asked for all.
#: Threads answering a card's per-relation queries side by side.
CARD_THREADS = 4

@dataclass(frozen=True)
class Relation:
    """One quote of a statement linking the entity to another (a statement with two quotes is
    two rows with the same ``statement``)."""

    direction: str  #: ``out`` (the entity is the subject) or ``in``
    predicate: str  #: ontology property local name
    other: str  #: the other entity's id
    other_label: str
    quote: str
    document: str  #: document id
    title: str
    status: str = ""
    statement: str = ""  #: the statement's local name (``st-…``)
    time: str = ""  #: ``former`` or ``target`` (a current fact has none)
    role: str = ""  #: the role as written (holdsPosition, worksFor, leads)


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
    lang: str = "zh-Hans"  #: the language the card names entities in (title, other entities)

    @property
    def title(self) -> str:
        """The entity's label in ``lang`` (falling back zh-Hans → zh-Hant → en), else its id."""
        from graph.names import pick_label

        return pick_label(self.labels, self.lang) or self.id

    @property
    def complete(self) -> bool:
        """Whether every statement and mentioning document is listed."""
        return all(g.shown == g.count for g in self.groups) and len(self.documents) == self.document_count

    def to_dict(self) -> dict:
        return {**asdict(self), "complete": self.complete}


def _limited(query: str, limit: int | None, order: str = "") -> str:
    """``query`` with at most ``limit`` rows: the first in ``order`` (a hub's card shows the same statements
    whichever store answers, and from one build to the next; without an order LIMIT takes any)."""
    if limit is None:
        return query
    return f"{query} ORDER BY {order} LIMIT {int(limit)}" if order else f"{query} LIMIT {int(limit)}"


def _count(store, query: str, **bindings) -> int:
    rows = select(store, query, **bindings)
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
                                       label, quote, *_doc(row), status,
                                       local_name(row["statement"].value) if "statement" in row else "",
                                       row["time"].value if "time" in row else "",
                                       row["role"].value if "role" in row else ""))


def _card_statements(store, card: EntityCard, node, limit: int | None) -> None:
    """Fill the card's relations, attributes and groups: all statements, or ``limit`` per group."""
    from graph.vocab import ATTRIBUTES, SZKG

    if limit is None:
        _statement_rows(card, select(store, read_query("card-statements"), entity=node))
        counts: dict[tuple[str, str], set[str]] = {}
        for r in card.relations:
            counts.setdefault((r.direction, r.predicate), set()).add(r.statement)
        card.groups = [RelationGroup(d, p, len(n), len(n)) for (d, p), n in counts.items()]
    else:
        import pyoxigraph as ox

        rows = [(r["direction"].value, r) for r in select(store, read_query("card-indexed-counts"), entity=node)]
        if not rows:
            rows = [(d, r) for d in ("out", "in") for r in select(store, read_query(f"card-count-{d}"), entity=node)]
        rows.sort(key=lambda dr: (dr[0], dr[1]["predicate"].value))

        def attribute(direction: str, row) -> bool:  # an attribute's values are all listed, not grouped
            return direction == "out" and row["predicate"].value.removeprefix(str(SZKG)) in ATTRIBUTES

        def listing(direction_row):  # the statements of one relation and direction
            direction, row = direction_row
            query = _limited(read_query(f"card-group-{direction}"), None if attribute(direction, row) else limit,
                             "?other ?docId ?statement ?quote")
            return select(store, query, entity=node, predicate=ox.NamedNode(row["predicate"].value))

        # on the embedded store the groups' queries run side by side (pyoxigraph releases the
        # GIL); other readers (a remote store, rdflib in the benchmark) get them one by one
        threads = min(CARD_THREADS, len(rows)) if getattr(store, "parallel_reads", isinstance(store, ox.Store)) else 1
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            answers = list(pool.map(listing, rows))
        for (direction, row), answer in zip(rows, answers, strict=True):
            before = len(card.relations)
            _statement_rows(card, answer)
            if not attribute(direction, row):
                name = row["predicate"].value.removeprefix(str(SZKG))
                shown = len({r.statement for r in card.relations[before:]})
                card.groups.append(RelationGroup(direction, name, int(row["n"].value), shown))
    card.groups.sort(key=lambda g: (g.direction != "out", g.predicate))
    card.relations.sort(key=lambda r: (r.direction != "out", r.predicate, r.other, r.document, r.quote))
    card.attributes.sort(key=lambda a: (a.predicate, a.value, a.document))


def _relabel(store, card: EntityCard) -> None:
    """Name the other entities of the card's relations in ``card.lang``."""
    from dataclasses import replace

    from graph.names import pick_label
    from graph.vocab import ENT

    labels = labels_of(store, {str(ENT) + r.other for r in card.relations})
    card.relations = [replace(r, other_label=pick_label(labels.get(str(ENT) + r.other, {}), card.lang)
                              or r.other_label) for r in card.relations]


def entity_card(store, name: str, limit: int | None = CARD_LIMIT, lang: str = "zh-Hans") -> EntityCard:
    """The card of the entity called ``name`` (UnknownName / AmbiguousName otherwise).

    ``limit`` caps the statements listed per relation and direction, and the documents
    that mention the entity (``None`` lists everything: slow for a hub with thousands of
    statements).  Which ones are listed is fixed for a given graph (the store's index
    order, not a ranking); they are shown sorted by relation, other entity, document and quote.
    ``lang`` (zh-Hans, zh-Hant or en) names the other entities, falling back to the others.
    """
    import pyoxigraph as ox

    from graph.vocab import IND

    me = resolve_names(store, name)  # with all its names: one lookup for both
    node = ox.NamedNode(me.iri)
    card = EntityCard(me.iri, me.id, [me.type], dict(sorted(me.labels.items())), me.aliases,
                      limit=limit, lang=lang)
    card.title  # an unknown language fails here, before any statement is read
    _card_statements(store, card, node, limit)
    _relabel(store, card)  # the card's queries name the other entities in zh-Hans only
    for row in select(store, read_query("observations"), entity=node):
        text = {k: v.value for k, v in row.items()}
        card.observations.append(ObservationRow(
            text["indicator"].removeprefix(str(IND)), text["value"], text.get("unit", ""),
            text.get("period", ""), text.get("asWritten", ""), text.get("qualifier", ""),
            text.get("quote", ""), *_doc(row)))
    card.documents = sorted((DocumentMatch(r["document"].value, r["id"].value if "id" in r else "",
                                           r["title"].value if "title" in r else "")
                             for r in select(store, _limited(read_query("card-mentions"), limit, "?id ?document"), entity=node)),
                            key=lambda d: (d.id, d.iri))
    card.document_count = len(card.documents)
    if limit is not None and card.document_count >= limit:
        card.document_count = _count(store, read_query("card-mention-count"), entity=node)
    return card


def render_card(card: EntityCard, console, all_hint: str = "--all") -> None:
    """Print the card with rich: names, relations out and in, attributes, observations.

    When the card is a summary, each table says how many rows it leaves out and a last
    line says how to see them (``all_hint``: the CLI's flag).
    """
    from rich.markup import escape
    from rich.table import Table

    from graph.names import printable

    def safe(text) -> str:  # data, never markup; control characters shown escaped
        return escape(printable(str(text), 100_000))

    title = safe(card.title)
    console.print(f"[bold]{title}[/bold]  {safe(card.id)}  ({safe(', '.join(card.types))})")
    console.print(f"  {safe(card.iri)}")
    names = Table(show_header=True, header_style="bold", title="Names")
    names.add_column("language")
    names.add_column("label")
    for lang, label in card.labels.items():
        names.add_row(safe(lang), safe(label))
    for alias in card.aliases:
        names.add_row("alias", safe(alias))
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
            qualified = r.predicate + "".join(f" ({q})" for q in (r.time, r.role) if q)
            table.add_row(safe(qualified), safe(f"{r.other_label} ({r.other})"), safe(r.quote),
                          safe(f"{r.document} {r.title}"))
        for g in groups:
            if g.more:
                table.add_row(safe(g.predicate), f"[dim]… {g.more:,} more ({g.count:,} in all)[/dim]", "", "")
        console.print(table)
    if card.attributes:
        table = Table(title="Attributes", header_style="bold")
        for column in ("attribute", "value", "quote", "document"):
            table.add_column(column, overflow="fold")
        for a in card.attributes:
            table.add_row(*map(safe, (a.predicate, a.value, a.quote, f"{a.document} {a.title}")))
        console.print(table)
    if card.observations:
        table = Table(title=f"Observations ({len(card.observations):,})", header_style="bold")
        for column in ("period", "indicator", "value", "unit", "as written", "quote", "document"):
            table.add_column(column, overflow="fold")
        for o in card.observations:
            table.add_row(*map(safe, (o.period, o.indicator, o.value, o.unit, o.as_written, o.quote, o.document)))
        console.print(table)
    if card.documents:
        more = card.document_count - len(card.documents)
        noun = "document" if card.document_count == 1 else "documents"
        console.print(f"[bold]Mentioned in[/bold] ({card.document_count:,} {noun}"
                      + (f"; {len(card.documents):,} shown)" if more else ")"))
        for d in card.documents:
            console.print(f"  {safe(d.id)}  {safe(d.title)}")
    if not card.complete:
        console.print(f"[dim]A summary: at most {card.limit} statements per relation and direction and "
                      f"{card.limit} documents. Add {all_hint} to list all of them.[/dim]")
