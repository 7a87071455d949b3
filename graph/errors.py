"""Every exception szkg raises, in one tree.

    SzkgError                   base: every error a user's input or environment can cause
     ├── SourceError            a document, entity or fact file is wrong (file:line: what)
 │    └── NothingToAccept   a review file has nothing (new) to accept
     ├── OntologyError          the ontology or shapes cannot be read, or data violates them
     │    └── ShapesUnsupported a shape uses SHACL the compiled checks do not translate
     ├── ProjectError           no szkg project (a folder with sources/) where one was looked for
     │    └── FolderLocked      another szkg command is writing the same folder
     ├── StoreError             the store cannot be opened, loaded or written
     │    └── ConfigError       szkg.toml or a store setting is invalid
     ├── QueryError             a SPARQL query cannot be answered as asked
     │    ├── QuerySyntaxError  it does not parse (line and column when known)
     │    ├── QueryRefused      it would fetch a URL, read a file or change the store
     │    ├── QueryTimeout      it ran past its deadline and was stopped
     │    ├── ResultTooLarge    the answer has more rows than the cap
     │    ├── UnknownQuestion   no saved question has this name
     │    └── ParameterError    a parameter is missing, unknown or does not fit its kind
     ├── UnknownName            no entity or document has this name
     ├── AmbiguousName          the name belongs to several entities or documents
     └── AnalysisError          a graph question cannot be answered as asked
          ├── NoPath            two entities are not connected in the projection
          └── ExplorerError     an explorer view cannot be drawn as asked

The CLI turns each into one line on stderr and exit code 1; the library never prints.
"""

from __future__ import annotations

#: The longest message an error carries: a value a user wrote is never echoed whole.
MAX_MESSAGE = 400


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """``message`` on one line (line breaks and control characters escaped), cut with …"""
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(message))
    return out if len(out) <= limit else out[: limit - 1] + "…"


class SzkgError(Exception):
    """Base class of every error a user's input or environment can cause."""


class SourceError(SzkgError):
    """A source file (document, metadata, entities, facts) is invalid.

    The message starts with ``file:line:`` when a line is known.
    """

    def __init__(self, message: str, path: object = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self._message = message
        where = ""
        if self.path:
            where = f"{one_line(self.path, 200)}:{line}: " if line else f"{one_line(self.path, 200)}: "
        super().__init__(where + one_line(message))

    def __reduce__(self):  # pickled whole (a build's worker process raises it in the build)
        return (type(self), (self._message, self.path, self.line))


class NothingToAccept(SourceError):
    """`szkg accept` found nothing (new) to accept in a review file: nothing was written."""


class OntologyError(SzkgError):
    """The ontology is unreadable, or the data violates it (domain, range, SHACL)."""


class ShapesUnsupported(OntologyError):
    """The shapes use SHACL that ``graph.curate.shacl`` does not translate (a build then uses pySHACL)."""


class ProjectError(SzkgError):
    """No szkg project (a folder with ``sources/``) where one was looked for."""


class FolderLocked(ProjectError):
    """Another szkg command is writing the same folder (the message names it)."""


class StoreError(SzkgError):
    """The RDF store cannot be opened, loaded or written."""


class ConfigError(StoreError):
    """The config file cannot be read, or a store setting is invalid."""


class QueryError(SzkgError):
    """A SPARQL query is malformed, refused for safety, or ran past its timeout."""


class QuerySyntaxError(QueryError):
    """The query does not parse; ``line`` and ``column`` are 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.args[0], self.line, self.column))


class QueryRefused(QueryError):
    """The query would fetch a URL, read a file or change the store, and is not run."""


class QueryTimeout(QueryError):
    """The query ran past its deadline and was stopped."""


class ResultTooLarge(QueryError):
    """The answer has more rows than the cap allows."""


class UnknownQuestion(QueryError):
    """No saved question has this name."""


class ParameterError(QueryError):
    """A parameter is missing, unknown, or its value does not fit its kind."""


class UnknownName(SzkgError):
    """No entity (or document) has this name."""


class AmbiguousName(SzkgError):
    """The name belongs to more than one entity (or document)."""


class AnalysisError(SzkgError):
    """A graph question cannot be answered as asked (unknown metric or type; no path)."""


class NoPath(AnalysisError):
    """Two entities are not connected in the projection."""


class ExplorerError(AnalysisError):
    """An explorer view cannot be drawn as asked (bad language, metric, depth or community)."""
