"""Where the triples live: one contract, :class:`Store`, and the stores that keep it.

=================  ===========================================================
``EmbeddedStore``  the build's Oxigraph store on disk (the default; nothing to start)
``MemoryStore``    an Oxigraph store in memory: a fake for tests and notebooks
``RemoteStore``    any SPARQL 1.1 server (Protocol, Update, Graph Store Protocol)
=================  ===========================================================

Every reader (questions, entity cards, the projection, the explorer, the endpoint) takes a
:class:`Store` and calls only what the contract names; :func:`connect` turns what a user
gives (a build folder, a store folder, a URL, or a store) into one.  Answers are
pyoxigraph's result types on every store, so a reader never asks which store it has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Store(Protocol):
    """What szkg needs of a store.

    ``query`` takes pyoxigraph ``Store.query``'s keywords (``use_default_graph_as_union``,
    ``prefixes``, ``substitutions``, ``default_graph``, ``named_graphs``) and a ``timeout``
    in seconds that a remote store sends as the request's limit; it answers with
    pyoxigraph's ``QuerySolutions``, ``QueryBoolean`` or an iterable of triples.
    """

    def query(self, sparql: str, **options: Any) -> Any: ...

    def update(self, sparql: str, **options: Any) -> None: ...

    def named_graphs(self) -> list[str]: ...

    def put_graph(self, graph: str, triples: list) -> None: ...

    def describe(self) -> str: ...


def connect(where: Any, *, writable: bool = False) -> Store:
    """The store ``where`` names: a :class:`Store` as it is, an ``http(s)://`` URL (optionally
    ``flavour+``-prefixed) as a :class:`RemoteStore`, a build folder or a store folder as its
    :class:`EmbeddedStore`, a pyoxigraph ``Store`` wrapped as one.  StoreError if there is none."""
    import pyoxigraph as ox

    from graph.layout import BuildDir
    from graph.store.embedded import EmbeddedStore
    from graph.store.remote import RemoteStore

    if isinstance(where, ox.Store):
        return EmbeddedStore.wrap(where)
    if isinstance(where, Store):
        return where
    if isinstance(where, str) and "://" in where:
        return RemoteStore(where)
    if isinstance(where, BuildDir):
        return EmbeddedStore(where.require_store(), writable=writable)
    path = Path(where)
    build = BuildDir(path)
    if build.store.is_dir():
        return EmbeddedStore(build.store, writable=writable)
    if not path.is_dir():
        build.require_store()
    return EmbeddedStore(path, writable=writable)


__all__ = ["Store", "connect"]
