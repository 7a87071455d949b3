"""Query answers and the formats they are written in.

A :class:`QueryResult` holds pyoxigraph terms (they pickle, so a worker process can send
them back).  The SPARQL 1.1 Results JSON is written here; XML, CSV and TSV are produced
from it by Oxigraph's own serialisers, so every standard format follows the spec's
term encoding exactly.  Graphs (CONSTRUCT, DESCRIBE) are serialised by Oxigraph too.
The table and Markdown forms are for people: IRIs are shortened with the project's
prefixes and literals shown by their text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from graph.errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Formats of SELECT and ASK answers → media type.
RESULT_FORMATS = {
    "table": "text/plain",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "markdown": "text/markdown",
}
#: Formats of CONSTRUCT and DESCRIBE answers → media type.
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "table": "text/plain",
    "markdown": "text/markdown",
}
ALL_FORMATS = tuple(dict.fromkeys([*RESULT_FORMATS, *GRAPH_FORMATS]))


@dataclass
class QueryResult:
    """The answer to one query, with at most the rows the caller allowed."""

    kind: str  #: ``select``, ``ask``, ``graph`` (CONSTRUCT/DESCRIBE) or ``update``
    variables: tuple[str, ...] = ()  #: SELECT variables, in projection order
    rows: list[tuple] = field(default_factory=list)  #: one tuple of terms (or None) per solution
    boolean: bool | None = None  #: the ASK answer
    triples: list = field(default_factory=list)  #: pyoxigraph Triples of a graph answer
    truncated: bool = False  #: more rows or triples existed than the limit let through
    seconds: float = 0.0  #: time spent in the store
    #: the answer already written in ``written_as`` by the worker (rows and triples then left out)
    body: bytes | None = None
    written_as: str = ""

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def column(self, name: str) -> list:
        """The values of one variable, in row order (None where unbound)."""
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        """Rows as dicts of variable → the term's lexical value (IRIs in full); unbound left out."""
        return [{v: t.value for v, t in zip(self.variables, row, strict=True) if t is not None}
                for row in self.rows]


def _term_json(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def results_json(result: QueryResult) -> dict:
    """The answer as a SPARQL 1.1 Query Results JSON object."""
    if result.kind == "ask":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [{v: _term_json(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def compact(term, prefixes: dict[str, str]) -> str:
    """A term as a person reads it: ``ent:huawei``, the literal's text, ``_:b0``."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in prefixes.items():
            local = term.value[len(ns):]
            if term.value.startswith(ns) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _check_format(result: QueryResult, fmt: str) -> None:
    allowed = GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS
    if fmt not in allowed:
        what = {"graph": "a CONSTRUCT or DESCRIBE answer (a graph)", "ask": "an ASK answer"}.get(
            result.kind, "a SELECT answer")
        raise QueryError(f"format '{fmt}' does not fit {what}; use one of: {', '.join(allowed)}")


def _display_rows(result: QueryResult, prefixes: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    if result.kind == "ask":
        return ["ask"], [["true" if result.boolean else "false"]]
    if result.kind == "graph":
        return ["subject", "predicate", "object"], [
            [compact(t.subject, prefixes), compact(t.predicate, prefixes), compact(t.object, prefixes)]
            for t in result.triples]
    return list(result.variables), [[compact(t, prefixes) for t in row] for row in result.rows]


def table(result: QueryResult, prefixes: dict[str, str]):
    """A rich Table of the answer (rich measures CJK characters as two columns)."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from graph.names import printable

    header, rows = _display_rows(result, prefixes)
    out = Table(show_lines=False, header_style="bold")
    for name in header:
        out.add_column(escape(name), overflow="fold")
    for row in rows:
        # data is text, never rich markup; control characters are shown escaped, never sent raw
        out.add_row(*(Text(printable(cell, 100_000)) for cell in row))
    return out


def markdown(result: QueryResult, prefixes: dict[str, str]) -> str:
    """A GitHub-flavoured Markdown table; pipes and line breaks in values are escaped."""
    header, rows = _display_rows(result, prefixes)

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def serialize(result: QueryResult, fmt: str, prefixes: dict[str, str]) -> bytes:
    """The answer in a machine format (every format but ``table``), as bytes."""
    import pyoxigraph as ox

    _check_format(result, fmt)
    if fmt == "markdown":
        return markdown(result, prefixes).encode("utf-8")
    if fmt == "table":
        raise QueryError("the table format is for the terminal; choose another format")
    if result.kind == "graph":
        rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                      "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
        used = {k: v for k, v in prefixes.items()
                if any(str(t).find(v) >= 0 for t in result.triples)} if fmt != "ntriples" else None
        return ox.serialize(result.triples, format=rdf_format, prefixes=used or None)
    data = json.dumps(results_json(result), ensure_ascii=False).encode("utf-8")
    if fmt == "json":
        return data
    results_format = {"xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
                      "tsv": ox.QueryResultsFormat.TSV}[fmt]
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=results_format)
