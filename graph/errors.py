"""The exceptions szkg raises.

    SzkgError                 base: every error a user can cause
     ├── SourceError          a document, entity or fact file is wrong (file:line: what)
     ├── OntologyError        the ontology or shapes cannot be read, or data violates them
     ├── StoreError           the store cannot be opened, loaded or written
     └── QueryError           a SPARQL query is malformed, refused or timed out

The CLI turns each into one line on stderr and exit code 1; the library never prints.
"""

from __future__ import annotations


class SzkgError(Exception):
    """Base class of every error a user's input or environment can cause."""


class SourceError(SzkgError):
    """A source file (document, metadata, entities, facts) is invalid.

    The message starts with ``file:line:`` when a line is known.
    """

    def __init__(self, message: str, path: object = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path:
            where = f"{self.path}:{line}: " if line else f"{self.path}: "
        super().__init__(where + message)


class OntologyError(SzkgError):
    """The ontology is unreadable, or the data violates it (domain, range, SHACL)."""


class StoreError(SzkgError):
    """The RDF store cannot be opened, loaded or written."""


class QueryError(SzkgError):
    """A SPARQL query is malformed, refused for safety, or ran past its timeout."""
