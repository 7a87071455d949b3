"""The SPARQL that szkg's own readers run (the projection, entity cards, the explorer, name
resolution), kept as ``.rq`` files in ``graph/queries/read/`` beside the saved questions.

These are not questions for users: they are not listed by ``szkg query --list`` and take
their values as VALUES bindings from :func:`graph.query.entity.select` (never pasted text).
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def read_query(name: str) -> str:
    """The text of ``graph/queries/read/<name>.rq`` (its ``#`` comment lines kept)."""
    return resources.files("graph").joinpath("queries", "read", f"{name}.rq").read_text(encoding="utf-8")


def read_query_names() -> list[str]:
    """Every reader query shipped (for the tests: each must parse and be used)."""
    folder = resources.files("graph").joinpath("queries", "read")
    return sorted(entry.name.removesuffix(".rq") for entry in folder.iterdir() if entry.name.endswith(".rq"))
