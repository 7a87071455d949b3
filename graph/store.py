"""The embedded Oxigraph store: open, load and query.

rdflib terms are what ``graph.rdf`` makes; this module converts them to pyoxigraph's
terms once, at load time.  Queries run with the default graph as the union of all
named graphs, so users need no ``GRAPH`` clause for the common questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from graph.errors import StoreError
from graph.vocab import ONTOLOGY_GRAPH


def to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """Convert one rdflib term to its pyoxigraph equivalent."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def dataset_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of the dataset in a stable order (graph, subject, predicate, object)."""
    quads = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g.identifier if hasattr(g, "identifier") else g))
        for s, p, o, g in ds.quads((None, None, None, None))
        if g is not None and not str(g.identifier if hasattr(g, "identifier") else g).startswith("urn:x-rdflib:")
    ]
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def graph_quads(g: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    name = ox.NamedNode(str(graph_name))
    for s, p, o in g:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)


def write_store(path: Path, quads: Iterable[ox.Quad], ontology: Graph | None = None) -> int:
    """Create an on-disk store at ``path`` holding the quads (and the ontology graph)."""
    try:
        store = ox.Store(str(path))
        store.bulk_extend(quads)
        if ontology is not None:
            store.bulk_extend(graph_quads(ontology, ONTOLOGY_GRAPH))
        store.optimize()
        store.flush()
        count = len(store)
        del store
        return count
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the store: {exc}") from exc


def open_store(path: Path) -> ox.Store:
    """Open a built store read-only; StoreError with a hint if there is none."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path}: no store here; run `szkg build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc
