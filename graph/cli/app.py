"""The `szkg` command line: parse, call one function of the public API (:mod:`graph`), print.

Every library error (SzkgError) becomes one line on stderr and exit code 1.  This module
holds the group, `init`, `build` and the commands that ask the graph (`query`, `entity`,
`serve`, `explore`); the analytics are in graph/cli/analysis.py, the curation of new
articles in graph/cli/curate.py, what they share in graph/cli/options.py.
"""

from __future__ import annotations

from pathlib import Path

import click

import graph
from graph.cli import analysis, curate
from graph.cli.options import (
    console,
    handle_errors,
    lang_option,
    metric_choice,
    ontology_option,
    out_option,
    progress_bars,
    reader_for,
    sources_option,
    store_option,
    wide_console,
)

#: True when this process is the `szkg` command's own (main() ran): a question may then run in
#: it and end it at its deadline.  False under click's CliRunner or in a caller's process.
_OWN_PROCESS = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="szkg")
@click.option("--project", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The corpus folder (one with sources/; default: $SZKG_PROJECT, else this folder "
                   "or the nearest one above it).")
@handle_errors
def cli(project: Path | None) -> None:
    """szkg — a knowledge graph of Shenzhen's firms, policies and industries, where every
    edge carries the sentence that states it."""
    graph.use_project(project)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@handle_errors
def init(folder: Path) -> None:
    """Start a new corpus in FOLDER: sources/ with an example document, its entities and
    facts, and a README of the layout. `szkg build` in FOLDER then builds it."""
    for path in graph.init_project(folder):
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {folder} && szkg build")


@cli.command()
@sources_option
@ontology_option
@out_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the output paths.")
@click.option("--views/--no-views", default=True, show_default=True,
              help="Also write the centrality report (report.html) and the explorer (explorer.html).")
@click.option("--full", is_flag=True,
              help="Reload the embedded store from scratch instead of rewriting only the named graphs that changed.")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="Also load the build into this SPARQL 1.1 server (default: $SZKG_STORE, szkg.toml, "
                   "else only the embedded store); only changed graphs are sent.")
@handle_errors
def build(sources: Path | None, ontology: Path | None, out: Path | None, quiet: bool, views: bool,
          full: bool, store_url: str | None) -> None:
    """Validate the sources and build the graph: dumps (TriG, Turtle, N-Quads), the store,
    and — beside them — the HTML centrality report and the graph explorer."""
    choice = graph.store_choice(store_url)  # a malformed URL or config fails before anything is built
    result = graph.build(sources, ontology, out, views=views, full=full)
    graph.print_build_summary(result, console(), quiet=quiet)
    if not choice.embedded:
        loaded = graph.load_build(graph.open_reader(choice, result.out), result.out)
        console().print(f"  remote: {choice.url} (from {choice.chosen_by}): {len(loaded.put)} graphs sent, "
                        f"{len(loaded.deleted)} deleted, {len(loaded.unchanged)} unchanged")


# ---------------------------------------------------------------- ask the graph (graph/query/)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` options → dict; a UsageError names a malformed one."""
    values = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f"--param {pair!r}: write NAME=VALUE, e.g. --param policy=18号文件")
        values[name.strip()] = value
    return values


def print_questions() -> None:
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("name", no_wrap=True)
    for column in ("parameters", "description"):
        table.add_column(column, overflow="fold")
    for name, question in graph.saved_questions().items():
        table.add_row(name, ", ".join(p.describe() for p in question.params) or "—", question.description)
    wide_console().print(table)


@cli.command()
@click.argument("text", required=False, metavar="[SPARQL | NAME]")
@click.option("--file", "-f", "query_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Read the query from a .rq file ('-' for stdin).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE as an RDF term (entities by any name, e.g. policy=18號文件). "
                   "Repeatable. Undeclared parameters take NAME:KIND=VALUE.")
@click.option("--format", "fmt", type=click.Choice(graph.QUERY_FORMATS), default=None,
              help="Output format (default: table, or turtle for CONSTRUCT/DESCRIBE).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds before the query is stopped.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most this many rows.")
@click.option("--list", "list_questions", is_flag=True, help="List the saved questions and exit.")
@lang_option
@out_option
@store_option
@handle_errors
def query(text, query_file, params, fmt, timeout, limit, list_questions, lang, out, store_url) -> None:
    """Run SPARQL 1.1 against the graph: inline text, -f FILE, or a saved question by NAME.

    \b
    szkg query --list
    szkg query firms-enabled-by --param policy=18號文件
    szkg query 'SELECT ?firm WHERE { ?firm a szkg:Firm }' --format csv
    szkg query -f my.rq --format json

    The prefixes szkg: ent: doc: skos: rdf: rdfs: prov: oa: dcterms: … are predeclared.
    In table and markdown output a ?xLabel column beside an entity column ?x shows ?x's label
    in --lang; csv, json and the other formats give the answer as the store gave it.
    """
    import sys

    if list_questions:
        print_questions()
        return
    if (text is None) == (query_file is None):
        raise click.UsageError("give a query, a saved question NAME or --file (one of them); "
                               "`szkg query --list` shows the saved questions")
    if query_file is not None:
        question = (graph.Question.from_text(sys.stdin.read(), "<stdin>", "<stdin>") if str(query_file) == "-"
                    else graph.question_from_file(query_file))
    elif text.strip() and not any(c.isspace() or c in "{}?*" for c in text.strip()):
        question = graph.saved_question(text.strip())
    else:
        question = graph.Question.from_text(text)
    store = reader_for(out, store_url)
    # In the `szkg` command an embedded question runs in this process (see main); elsewhere
    # (CliRunner, a caller's process) in a worker process that is killed at the deadline.
    with graph.runner_for(store, in_process=_OWN_PROCESS) as runner:
        result = graph.run_question(store, question, parse_params(params), timeout=timeout, limit=limit,
                                    runner=runner)
    if (fmt or "table") in ("table", "markdown"):
        result = graph.localize_labels(store, result, lang)
    print_result(result, fmt)
    if result.truncated:
        click.echo(f"(stopped after {limit} rows: --limit {limit}; there are more)", err=True)


def print_result(result, fmt: str | None) -> None:
    """Write a QueryResult to stdout in the chosen format (table by default)."""
    PREFIXES = graph.PREFIXES
    if result.kind == "update":
        click.echo("update done")
        return
    fmt = fmt or ("turtle" if result.kind == "graph" else "table")
    if fmt == "table":
        wide_console().print(graph.result_table(result, PREFIXES))
        if result.kind == "ask":
            return
        noun = ("triple" if result.kind == "graph" else "row") + ("" if len(result) == 1 else "s")
        click.echo(f"{len(result)} {noun} in {result.seconds:.3f} s", err=True)
    elif fmt == "markdown":
        click.echo(graph.result_markdown(result, PREFIXES), nl=False)
    else:
        data = graph.serialize(result, fmt, PREFIXES)
        click.echo(data, nl=not data.endswith(b"\n"))  # bytes: written to stdout's binary stream


@cli.command()
@click.argument("name")
@out_option
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the card as JSON.")
@click.option("--all", "show_all", is_flag=True,
              help="List every statement and mentioning document, not at most 20 per relation.")
@lang_option
@handle_errors
def entity(name: str, out: Path | None, store_url: str | None, as_json: bool, show_all: bool, lang: str) -> None:
    """An entity card: types, labels in every script, aliases, relations in and out with their
    quotes and documents, attributes and observations — for a hub, the count of every relation
    and at most 20 of each (--all lists them all).

    NAME is an id, label or alias in any script (华为, 華為, Huawei, huawei).
    """
    card = graph.entity_card(name, reader_for(out, store_url), limit=None if show_all else graph.CARD_LIMIT,
                             lang=lang)
    if as_json:
        import json

        click.echo(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        graph.render_card(card, wide_console())


@cli.command()
@out_option
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=7878, show_default=True,
              help="Port (0 picks a free one).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped (answered with 503).")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Refuse answers with more rows or triples than this.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Queries answered at once (each in its own process).")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update. It changes <out>/store until the next build; off by default.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let only pages of this origin (https://host[:port]) read answers; repeat it or list "
                   "several separated by commas. Default: any origin (*) when read-only, none with "
                   "--allow-update.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
@handle_errors
def serve(out, store_url, host, port, timeout, max_rows, workers, allow_update, cors_origins, quiet) -> None:
    """Serve the graph as a SPARQL 1.1 Protocol endpoint, with a query page at / and the explorer.

    Read-only and bound to 127.0.0.1 unless told otherwise; SERVICE, LOAD and dataset
    clauses that would fetch a URL or a file are refused.  With --store URL it serves a
    remote SPARQL server through the same checks (read-only: --allow-update is refused).
    """
    build = graph.BuildDir.at(out)
    store = reader_for(build.root, store_url)
    if allow_update and not isinstance(store, graph.EmbeddedStore):
        raise click.UsageError("--allow-update serves only the embedded store; a remote server takes "
                               "updates at its own endpoint")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console(stderr=True).print(f"[yellow]warning: listening on {host}: other machines can query the graph"
                                   + (" and change it (--allow-update)" if allow_update else "") + "[/yellow]")
    config = graph.ServerConfig(store, timeout=timeout, max_rows=max_rows, allow_update=allow_update,
                                workers=workers, explorer=build.explorer, quiet=quiet,
                                cors_origins=cors_origins or None)
    graph.serve(config, host, port, announce=lambda line: click.echo(line, err=True))


@cli.command()
@out_option
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="Output format.")
@handle_errors
def conflicts(out, store_url, fmt) -> None:
    """Where the sources disagree: observations of the same entity, indicator, period and scope
    whose values cannot all be true (超/以上/约/近/不到 read as the ranges they allow), each side
    with its value as written, quote and document."""
    found = graph.conflicts(reader_for(out, store_url))
    rows = graph.conflict_rows(found)
    if fmt == "json":
        import json

        click.echo(json.dumps([{"entity": c.entity, "entity_label": c.entity_label, "indicator": c.indicator,
                                "indicator_label": c.indicator_label, "when": c.when, "unit": c.unit,
                                "dimensions": c.qualifiers, "within_one_document": c.within_one_document,
                                "sides": [{k: r[k] for k in ("value", "bound", "as_written", "document", "title",
                                                            "quote")} for r in rows if r["conflict"] == str(n)]}
                               for n, c in enumerate(found, 1)], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["conflict"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=f"{len(found)} conflicts", header_style="bold", show_lines=True)
        for column in ("#", "entity", "indicator", "when", "value", "document", "quote"):
            table.add_column(column, overflow="fold")
        for r in rows:
            value = f"{r['as_written']} ({r['bound'] or 'exact'}: {r['value']} {r['unit']})"
            table.add_row(*(escape(x) for x in (r["conflict"], f"{r['entity_label']} ({r['entity']})",
                                                 r["indicator_label"] or r["indicator"], r["when"], value,
                                                 r["document"], r["quote"])))
        wide_console().print(table)


# ---------------------------------------------------------------- the explorer page (graph/views/explorer.py)


@cli.command()
@out_option
@store_option
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the page here (default: <out>/explorer.html).")
@lang_option
@click.option("--size-by", type=metric_choice(), default="pagerank", show_default=True, help="Centrality that sizes the nodes and ranks --top.")
@click.option("--focus", default=None, help="Draw only this entity's neighbourhood (id or any name, any script).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around --focus.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the N most central entities.")
@click.option("--type", "types", default=None, help="Keep only these classes, e.g. Firm,Policy.")
@click.option("--community", type=click.IntRange(min=1), default=None,
              help="Keep only community K, numbered as in `szkg communities`.")
@click.option("--max-nodes", type=click.IntRange(min=0), default=lambda: graph.View.max_nodes, show_default="5000",
              help="Leave larger views out of the page but their most central entities (0: keep everything).")
@click.option("--start", type=click.IntRange(min=0), default=lambda: graph.View.start, show_default="12",
              help="Draw at first the N most central entities and their strongest neighbours; the rest on "
                   "demand (0: draw the whole view at once).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
@handle_errors
def explore(out, store_url, output, lang, size_by, focus, depth, top, types, community, max_nodes, start,
            open_page) -> None:
    """Write the graph explorer: one self-contained HTML page to search, filter and click through the graph.

    Every edge opens the sentences that state it. The page works offline, opened from disk.
    """
    build = graph.BuildDir.at(out)
    view = graph.View(lang=lang, size_by=size_by, focus=focus, depth=depth, top=top,
                      types=graph.parse_types(types), community=community, max_nodes=max_nodes, start=start)
    with progress_bars() as bars:
        page = graph.render_explorer(reader_for(build.root, store_url), view, progress=bars)
    path = graph.save_explorer(page, output or build.explorer)
    for note in page.notes:
        console(stderr=True).print(f"[yellow]note: {note}[/yellow]")
    click.echo(f"explorer: {path} ({page.nodes} entities, {page.edges} relations)")
    if open_page:
        click.launch(str(path))


for command in (*analysis.COMMANDS, *curate.COMMANDS):
    cli.add_command(command)


def main() -> None:
    """Console entry: `szkg` and `python -m graph`."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    cli()
