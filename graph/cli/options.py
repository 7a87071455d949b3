"""What the `szkg` commands share: error handling, consoles, the options defined once, output."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import click

import graph


def handle_errors(func):
    """Turn SzkgError into click's one-line error with exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except graph.SzkgError as exc:
            raise click.ClickException(graph.one_line(str(exc), 600)) from None

    return wrapper


def console(stderr: bool = False):
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, stderr=stderr)


# ---------------------------------------------------------------- options defined once

out_option = click.option("--out", type=click.Path(path_type=Path), default=None,
                          help="Build folder (default: $SZKG_OUT, else out/ in the project).")
store_option = click.option(
    "--store", "store_url", default=None, metavar="URL",
    help="Read from this SPARQL 1.1 server instead of the build's embedded store "
         "(default: $SZKG_STORE, szkg.toml, else embedded; 'embedded' forces it).")
sources_option = click.option("--sources", type=click.Path(path_type=Path), default=None,
                              help="Sources folder (default: sources/ in the project).")
ontology_option = click.option("--ontology", type=click.Path(path_type=Path), default=None,
                               help="Folder with szkg.ttl and shapes.ttl (default: the project's "
                                    "ontology/, else the one shipped with szkg).")
lang_option = click.option("--lang", type=click.Choice(["zh-Hans", "zh-Hant", "en"]), default="zh-Hans",
                           show_default=True,
                           help="Language of the labels (falling back zh-Hans → zh-Hant → en → id).")


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help="Output format.")


def metric_choice() -> click.Choice:
    """The metrics of the registry (graph.METRICS), as a click choice."""
    return click.Choice(list(graph.METRICS))


# ---------------------------------------------------------------- reading and writing


def reader_for(out: Path | None, store_url: str | None):
    """The Store a read command reads: the build's embedded store, or the server that
    ``--store`` / SZKG_STORE / szkg.toml names.  A remote choice is announced on stderr, so
    output piped elsewhere stays clean."""
    choice = graph.store_choice(store_url)
    if not choice.embedded:
        console(stderr=True).print(f"store: {choice.describe()}", markup=False)
    return graph.open_reader(choice, out or graph.default_out())


@contextlib.contextmanager
def progress_bars():
    """A rich Progress on stderr, shown only on a terminal and cleared when done."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    err = console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bars:
        yield bars


def load_projection(out: Path | None, bars, store_url: str | None = None, lang: str = "zh-Hans"):
    """The networkx projection of the build in ``out`` (default: the usual build folder),
    or of the remote store that ``--store`` / SZKG_STORE / szkg.toml names, labelled in ``lang``."""
    return graph.relabel(graph.project(reader_for(out, store_url), progress=bars), lang)


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` and say where."""
    if output is None:
        click.echo(text, nl=False)
        return
    graph.write_atomic(output, text)  # a reader never sees half a file
    click.echo(f"wrote {output}", err=True)


def wide_console():
    """The console for tables of answers: unwrapped when piped (one line per row)."""
    out = console()
    if not out.is_terminal:
        out.width = 10_000
    return out
