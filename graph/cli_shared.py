"""What the `szkg` commands share: error handling, consoles, common options, output."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import click

from graph.errors import SzkgError
from graph.paths import default_out


def handle_errors(func):
    """Turn SzkgError into click's one-line error with exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SzkgError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def console(stderr: bool = False):
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, stderr=stderr)


out_option = click.option("--out", type=click.Path(path_type=Path), default=None,
                          help="Build directory (default: $SZKG_OUT or ./out).")
store_option = click.option(
    "--store", "store_url", default=None, metavar="URL",
    help="Read from this SPARQL 1.1 server instead of the build's embedded store "
         "(default: $SZKG_STORE, szkg.toml, else embedded; 'embedded' forces it).")


def reader_for(out: Path | None, store_url: str | None):
    """What a read command reads: the build directory (embedded store) or a RemoteStore.

    A remote choice is announced on stderr, so output piped elsewhere stays clean.
    """
    from graph.config import open_reader, store_choice

    choice = store_choice(store_url)
    if choice.embedded:
        return out or default_out()
    console(stderr=True).print(f"store: {choice.describe()}", markup=False)
    return open_reader(choice, out or default_out())


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


def load_projection(out: Path | None, bars, store_url: str | None = None):
    """The networkx projection of the build in ``out`` (default: the usual build directory),
    or of the remote store that ``--store`` / SZKG_STORE / szkg.toml names."""
    from graph.analysis import project

    return project(reader_for(out, store_url), progress=bars)


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` and say where."""
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help="Output format.")


def wide_console():
    """The console for tables of answers: unwrapped when piped (one line per row)."""
    out = console()
    if not out.is_terminal:
        out.width = 10_000
    return out
