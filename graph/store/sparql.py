"""SPARQL as text: where a query's WHERE group opens, its form, its keywords.

Small, dependency-free helpers that both the questions (:mod:`graph.query.questions`, binding
parameters) and the remote store (:mod:`graph.store.remote`, choosing what to accept)
use; the real parsing, for safety, is the parser's job (:func:`graph.query.questions.inspect`).
"""

from __future__ import annotations

import re

_NOISE = re.compile(
    r'<[^<>\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


_TOKENS = re.compile(_NOISE.pattern + r"|(?P<where>\bWHERE\b)|(?P<brace>\{)", re.IGNORECASE)


def inject_values(sparql: str, block: str) -> str:
    """``sparql`` with ``block`` (a VALUES clause) first in its WHERE group.

    Binding there, rather than in a trailing VALUES clause, is what Oxigraph's substitutions
    do, and Virtuoso 7.2 answers a trailing VALUES wrongly when the query has a UNION.
    """
    braces = [
        (m.end(), bool(m.group("where")))
        for m in _TOKENS.finditer(sparql)
        if m.group("where") or m.group("brace")
    ]
    after_where = [
        end for i, (end, where) in enumerate(braces) if not where and i > 0 and braces[i - 1][1]
    ]
    position = after_where[0] if after_where else next((e for e, w in braces if not w), None)
    if position is None:
        return f"{sparql}\n{block}"
    return f"{sparql[:position]} {block} {sparql[position:]}"


def keywords_only(sparql: str) -> str:
    """The query text with its IRIs, strings and comments blanked: a keyword found in what is
    left is one (not a word inside a literal, an IRI or a comment)."""
    return _NOISE.sub(" ", sparql)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query (IRIs, strings, comments ignored)."""
    found = _FORM.search(keywords_only(sparql))
    return found.group(1).upper() if found else "SELECT"
