"""The `szkg` command line: click commands that parse, call the public API (:mod:`graph`), print."""

from graph.cli.app import cli, main

__all__ = ["cli", "main"]
