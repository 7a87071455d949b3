"""The `szkg` command line: parse, call one library function, print.

Every library error (SzkgError) becomes one line on stderr and exit code 1.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from graph.errors import SzkgError
from graph.paths import default_ontology, default_out, default_sources


def handle_errors(func):
    """Turn SzkgError into click's one-line error with exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SzkgError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="szkg")
def cli() -> None:
    """szkg — a knowledge graph of Shenzhen's firms, policies and industries, where every
    edge carries the sentence that states it."""


out_option = click.option("--out", type=click.Path(path_type=Path), default=None,
                          help="Build directory (default: $SZKG_OUT or ./out).")


@cli.command()
@click.option("--sources", type=click.Path(path_type=Path), default=None,
              help="Sources directory (default: ./sources).")
@click.option("--ontology", type=click.Path(path_type=Path), default=None,
              help="Directory with szkg.ttl and shapes.ttl (default: ./ontology).")
@out_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the output paths.")
@handle_errors
def build(sources: Path | None, ontology: Path | None, out: Path | None, quiet: bool) -> None:
    """Validate the sources and build the graph: dumps (TriG, Turtle, N-Quads) and the store."""
    from graph.build import build as run_build
    from graph.report import print_build_summary

    result = run_build(sources or default_sources(), ontology or default_ontology(), out or default_out())
    print_build_summary(result, console(), quiet=quiet)


def main() -> None:  # pragma: no cover - console entry for `python -m graph`
    cli()
