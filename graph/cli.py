"""The `szkg` command line: parse, call one library function, print.

Every library error (SzkgError) becomes one line on stderr and exit code 1.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path

import click

from graph.errors import SzkgError
from graph.paths import default_ontology, default_out, default_sources
from graph.results import ALL_FORMATS as ALL_QUERY_FORMATS


#: True when this process is the `szkg` command's own (main() ran): a question may then run in
#: it and end it at its deadline.  False under click's CliRunner or in a caller's process.
_OWN_PROCESS = False


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="szkg")
def cli() -> None:
    """szkg — a knowledge graph of Shenzhen's firms, policies and industries, where every
    edge carries the sentence that states it."""


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


@cli.command()
@click.option("--sources", type=click.Path(path_type=Path), default=None,
              help="Sources directory (default: ./sources).")
@click.option("--ontology", type=click.Path(path_type=Path), default=None,
              help="Directory with szkg.ttl and shapes.ttl (default: ./ontology).")
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
    from graph.build import build as run_build
    from graph.config import endpoint, store_choice
    from graph.report import print_build_summary

    choice = store_choice(store_url)  # a malformed URL or config fails before anything is built
    result = run_build(sources or default_sources(), ontology or default_ontology(), out or default_out(),
                       full=full)
    if views:
        from graph.explorer import write_explorer
        from graph.htmlreport import write_report

        # Written after the new build is in place: a failure here cannot damage the dumps.
        result.files["report"] = write_report(result.out)
        result.files["explorer"] = write_explorer(result.out)
    print_build_summary(result, console(), quiet=quiet)
    if not choice.embedded:
        from graph.remote import load_build

        loaded = load_build(endpoint(choice), result.out)
        console().print(f"  remote: {choice.url} (from {choice.chosen_by}): {len(loaded.put)} graphs sent, "
                        f"{len(loaded.deleted)} deleted, {len(loaded.unchanged)} unchanged")


# ---------------------------------------------------------------- graph analytics (graph/analysis.py)


@contextlib.contextmanager
def progress_bars():
    """A rich Progress on stderr, shown only on a terminal and cleared when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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


@cli.command()
@out_option
@store_option
@format_option("table", "json")
@handle_errors
def stats(out: Path | None, store_url: str | None, fmt: str) -> None:
    """Node and edge counts per type and predicate, density and connected components."""
    from graph.analysis import stats as graph_stats
    from graph.analysis_text import print_stats, stats_json

    with progress_bars() as bars:
        result = graph_stats(load_projection(out, bars, store_url), progress=bars)
    print_stats(result, console()) if fmt == "table" else emit(stats_json(result), None)


@cli.command()
@out_option
@store_option
@click.option("--metric", "-m", "metrics", default="all", show_default=True,
              help="Comma-separated: pagerank, degree, in_degree, out_degree, betweenness, eigenvector, "
                   "closeness, harmonic; or all.")
@click.option("--type", "types", default=None, help="Rank only these entity types, e.g. Firm,Policy.")
@click.option("--top", "-n", default=10, show_default=True, type=click.IntRange(min=1), help="Entities per metric.")
@click.option("--directed/--undirected", default=False, show_default=True,
              help="Follow the stated direction of relations, or not.")
@click.option("--weighted", is_flag=True, help="Weight edges by their number of supporting quotes.")
@format_option("table", "csv", "json", "markdown", "html")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file (html: default <out>/report.html).")
@click.option("--exact-limit", type=click.IntRange(min=0), default=None,
              help="Up to this many nodes networkx computes every metric; above, igraph does, and path "
                   "metrics are estimated when the graph is bigger than --samples (default 1000).")
@click.option("--samples", type=click.IntRange(min=1), default=None,
              help="Sample size for estimated metrics (default: by graph size).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for sampling.")
@handle_errors
def centrality(out, store_url, metrics, types, top, directed, weighted, fmt, output, exact_limit, samples, seed) -> None:
    """Rank entities by degree, PageRank, betweenness, eigenvector, closeness and harmonic centrality."""
    from graph import analysis_text as text
    from graph.centrality_report import EXACT_LIMIT
    from graph.centrality_report import centrality as run_centrality

    with progress_bars() as bars:
        report = run_centrality(load_projection(out, bars, store_url), metrics, types=types, top=top, directed=directed,
                                weighted=weighted, samples=samples, seed=seed, progress=bars,
                                exact_limit=EXACT_LIMIT if exact_limit is None else exact_limit)
    if fmt == "table":
        text.print_centrality(report, console())
        return
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "html":
        from graph.htmlreport import REPORT_NAME, render_html

        output = output or (out or default_out()) / REPORT_NAME
        output.write_text(render_html(report), encoding="utf-8")
        click.echo(f"report: {output}")
        return
    render = {"csv": text.centrality_csv, "json": text.centrality_json, "markdown": text.centrality_markdown}
    emit(render[fmt](report), output)


@cli.command()
@out_option
@store_option
@click.option("--seed", type=int, default=42, show_default=True, help="Louvain seed: same seed, same communities.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Above 1: smaller communities; below 1: larger ones.")
@click.option("--weighted/--unweighted", default=True, show_default=True,
              help="Weight edges by their number of supporting quotes.")
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True,
              help="Hide communities with fewer members (isolated entities are communities of one).")
@format_option("table", "json")
@handle_errors
def communities(out, store_url, seed, resolution, weighted, min_size, fmt) -> None:
    """Louvain communities, each named by its dominant industry or place, with their members."""
    from graph.analysis import communities as find_communities
    from graph.analysis_text import communities_json, print_communities

    with progress_bars() as bars:
        G = load_projection(out, bars, store_url)
        found = find_communities(G, seed=seed, resolution=resolution, weighted=weighted, progress=bars)
    if fmt == "json":
        emit(communities_json(found, G, min_size), None)
    else:
        print_communities(found, G, console(), min_size=min_size)


@cli.command()
@click.argument("source")
@click.argument("target")
@out_option
@store_option
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="At most this many shortest paths.")
@click.option("--directed", is_flag=True, help="Follow relations only from subject to object.")
@click.option("--weighted", is_flag=True, help="Prefer hops backed by more quotes.")
@format_option("table", "json")
@handle_errors
def path(source, target, out, store_url, limit, directed, weighted, fmt) -> None:
    """The shortest evidence paths between two entities: every hop with its predicate, quote and document.

    SOURCE and TARGET are ids or names in any script (华为, 華為, Huawei).
    """
    from graph.analysis import evidence_paths
    from graph.analysis_text import paths_json, print_paths

    with progress_bars() as bars:
        G = load_projection(out, bars, store_url)
    paths = evidence_paths(G, source, target, limit=limit, directed=directed, weighted=weighted)
    if fmt == "json":
        emit(paths_json(paths, G), None)
    else:
        print_paths(paths, G, console())


@cli.command()
@click.argument("name", required=False)
@out_option
@store_option
@click.option("--top", "-n", type=click.IntRange(min=1), default=None,
              help="Rank the N entities whose removal does most damage (default 10 without NAME).")
@click.option("--type", "types", default=None, help="With --top: rank only these types, e.g. Firm,Place.")
@format_option("table", "json")
@handle_errors
def impact(name, out, store_url, top, types, fmt) -> None:
    """What breaks if NAME is removed; without NAME, the entities whose removal does most damage."""
    from graph import analysis_text as text
    from graph.analysis import parse_types
    from graph.impact import impact as remove_one
    from graph.impact import rank_impact

    if name and top:
        raise click.UsageError("give a NAME or --top, not both")
    kinds = parse_types(types)
    with progress_bars() as bars:
        G = load_projection(out, bars, store_url)
        if name:
            result = remove_one(G, name, progress=bars)
        else:
            rows = rank_impact(G, top=top or 10, types=kinds, progress=bars)
    if name:
        text.print_impact(result, G, console()) if fmt == "table" else emit(text.impact_json(result), None)
    else:
        text.print_damage(rows, console()) if fmt == "table" else emit(text.damage_json(rows), None)


# ---------------------------------------------------------------- ask the graph (graph/query.py, entity.py, server.py)


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` options → dict; a UsageError names a malformed one."""
    values = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise click.UsageError(f"--param {pair!r}: write NAME=VALUE, e.g. --param policy=18号文件")
        values[name.strip()] = value
    return values


def wide_console():
    """The console for tables of answers: unwrapped when piped (one line per row)."""
    out = console()
    if not out.is_terminal:
        out.width = 10_000
    return out


def print_questions() -> None:
    from rich.table import Table

    from graph.query import saved_questions

    table = Table(header_style="bold")
    table.add_column("name", no_wrap=True)
    for column in ("parameters", "description"):
        table.add_column(column, overflow="fold")
    for name, question in saved_questions().items():
        table.add_row(name, ", ".join(p.describe() for p in question.params) or "—", question.description)
    wide_console().print(table)


@cli.command()
@click.argument("text", required=False, metavar="[SPARQL | NAME]")
@click.option("--file", "-f", "query_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Read the query from a .rq file ('-' for stdin).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE as an RDF term (entities by any name, e.g. policy=18號文件). "
                   "Repeatable. Undeclared parameters take NAME:KIND=VALUE.")
@click.option("--format", "fmt", type=click.Choice(ALL_QUERY_FORMATS), default=None,
              help="Output format (default: table, or turtle for CONSTRUCT/DESCRIBE).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds before the query is stopped.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most this many rows.")
@click.option("--list", "list_questions", is_flag=True, help="List the saved questions and exit.")
@out_option
@store_option
@handle_errors
def query(text, query_file, params, fmt, timeout, limit, list_questions, out, store_url) -> None:
    """Run SPARQL 1.1 against the graph: inline text, -f FILE, or a saved question by NAME.

    \b
    szkg query --list
    szkg query firms-enabled-by --param policy=18號文件
    szkg query 'SELECT ?firm WHERE { ?firm a szkg:Firm }' --format csv
    szkg query -f my.rq --format json

    The prefixes szkg: ent: doc: skos: rdf: rdfs: prov: oa: dcterms: … are predeclared.
    """
    import sys

    from graph.query import Question, question_from_file, run_question, saved_question

    if list_questions:
        print_questions()
        return
    if (text is None) == (query_file is None):
        raise click.UsageError("give a query, a saved question NAME or --file (one of them); "
                               "`szkg query --list` shows the saved questions")
    if query_file is not None:
        question = (Question.from_text(sys.stdin.read(), "<stdin>", "<stdin>") if str(query_file) == "-"
                    else question_from_file(query_file))
    elif text.strip() and not any(c.isspace() or c in "{}?*" for c in text.strip()):
        question = saved_question(text.strip())
    else:
        question = Question.from_text(text)
    source = reader_for(out, store_url)
    if isinstance(source, Path):
        from graph.runner import InProcessRunner

        # In the `szkg` command the question runs in this process (see main); elsewhere
        # (CliRunner, a caller's process) in a worker process that is killed at the deadline.
        runner = InProcessRunner(source / "store") if _OWN_PROCESS else None
        result = run_question(source / "store", question, parse_params(params), timeout=timeout, limit=limit,
                              runner=runner)
    else:
        from graph.remote import RemoteRunner

        result = run_question(None, question, parse_params(params), timeout=timeout, limit=limit,
                              runner=RemoteRunner(source))
    print_result(result, fmt)
    if result.truncated:
        click.echo(f"(stopped after {limit} rows: --limit {limit}; there are more)", err=True)


def print_result(result, fmt: str | None) -> None:
    """Write a QueryResult to stdout in the chosen format (table by default)."""
    from graph.results import markdown, serialize, table
    from graph.vocab import PREFIXES

    if result.kind == "update":
        click.echo("update done")
        return
    fmt = fmt or ("turtle" if result.kind == "graph" else "table")
    if fmt == "table":
        wide_console().print(table(result, PREFIXES))
        if result.kind == "ask":
            return
        noun = ("triple" if result.kind == "graph" else "row") + ("" if len(result) == 1 else "s")
        click.echo(f"{len(result)} {noun} in {result.seconds:.3f} s", err=True)
    elif fmt == "markdown":
        click.echo(markdown(result, PREFIXES), nl=False)
    else:
        data = serialize(result, fmt, PREFIXES)
        click.get_binary_stream("stdout").write(data if data.endswith(b"\n") else data + b"\n")


@cli.command()
@click.argument("name")
@out_option
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the card as JSON.")
@click.option("--all", "show_all", is_flag=True,
              help="List every statement and mentioning document, not at most 20 per relation.")
@handle_errors
def entity(name: str, out: Path | None, store_url: str | None, as_json: bool, show_all: bool) -> None:
    """An entity card: types, labels in every script, aliases, relations in and out with their
    quotes and documents, attributes and observations — for a hub, the count of every relation
    and at most 20 of each (--all lists them all).

    NAME is an id, label or alias in any script (华为, 華為, Huawei, huawei).
    """
    from graph.card import CARD_LIMIT, entity_card, render_card
    from graph.store import open_store

    source = reader_for(out, store_url)
    card = entity_card(open_store(source / "store") if isinstance(source, Path) else source, name,
                       limit=None if show_all else CARD_LIMIT)
    if as_json:
        import json

        click.echo(json.dumps(card.to_dict(), ensure_ascii=False, indent=2))
    else:
        render_card(card, wide_console())


@cli.command()
@out_option
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
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
@handle_errors
def serve(out, host, port, timeout, max_rows, workers, allow_update, quiet) -> None:
    """Serve the graph as a SPARQL 1.1 Protocol endpoint, with a query page at / and the explorer.

    Read-only and bound to 127.0.0.1 unless told otherwise; SERVICE, LOAD and dataset
    clauses that would fetch a URL or a file are refused.
    """
    from graph.server import ServerConfig
    from graph.server import serve as run_server

    out = out or default_out()
    if host not in ("127.0.0.1", "localhost", "::1"):
        console(stderr=True).print(f"[yellow]warning: listening on {host}: other machines can query the graph"
                                   + (" and change it (--allow-update)" if allow_update else "") + "[/yellow]")
    config = ServerConfig(out / "store", timeout=timeout, max_rows=max_rows, allow_update=allow_update,
                          workers=workers, explorer=out / "explorer.html", quiet=quiet)
    run_server(config, host, port, announce=lambda line: click.echo(line, err=True))


# ---------------------------------------------------------------- the explorer page (graph/explorer.py)


@cli.command()
@out_option
@store_option
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the page here (default: <out>/explorer.html).")
@click.option("--lang", type=click.Choice(["zh-Hans", "zh-Hant", "en"]), default="zh-Hans", show_default=True,
              help="Language of the labels (the page can switch).")
@click.option("--size-by", type=click.Choice(["pagerank", "degree", "in_degree", "out_degree", "betweenness",
                                               "eigenvector", "closeness", "harmonic"]),
              default="pagerank", show_default=True, help="Centrality that sizes the nodes and ranks --top.")
@click.option("--focus", default=None, help="Draw only this entity's neighbourhood (id or any name, any script).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around --focus.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep only the N most central entities.")
@click.option("--type", "types", default=None, help="Keep only these classes, e.g. Firm,Policy.")
@click.option("--community", type=click.IntRange(min=1), default=None,
              help="Keep only community K, numbered as in `szkg communities`.")
@click.option("--max-nodes", type=click.IntRange(min=0), default=500, show_default=True,
              help="Prune larger views to their most central entities (0: draw everything).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the default browser.")
@handle_errors
def explore(out, store_url, output, lang, size_by, focus, depth, top, types, community, max_nodes, open_page) -> None:
    """Write the graph explorer: one self-contained HTML page to search, filter and click through the graph.

    Every edge opens the sentences that state it. The page works offline, opened from disk.
    """
    from graph.analysis import parse_types
    from graph.explorer import EXPLORER_NAME, View, render_explorer, save_explorer

    out = out or default_out()
    view = View(lang=lang, size_by=size_by, focus=focus, depth=depth, top=top, types=parse_types(types),
                community=community, max_nodes=max_nodes)
    with progress_bars() as bars:
        page = render_explorer(reader_for(out, store_url), view, progress=bars)
    path = save_explorer(page, output or out / EXPLORER_NAME)
    for note in page.notes:
        console(stderr=True).print(f"[yellow]note: {note}[/yellow]")
    click.echo(f"explorer: {path} ({page.nodes} entities, {page.edges} relations)")
    if open_page:
        click.launch(str(path))


# ---------------------------------------------------------------- new articles (graph/ingest.py, extract/, review.py)


sources_option = click.option("--sources", type=click.Path(path_type=Path), default=None,
                              help="Sources directory (default: ./sources).")
ontology_option = click.option("--ontology", type=click.Path(path_type=Path), default=None,
                               help="Directory with szkg.ttl (default: ./ontology).")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@sources_option
@ontology_option
@click.option("--title", default=None, help="Title (default: front matter, <title>, or the first line).")
@click.option("--publisher", default=None, help="Publisher.")
@click.option("--author", default=None, help="Author(s).")
@click.option("--date", default=None, help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", default=None, help="Where the article was published.")
@click.option("--script", type=click.Choice(["zh-Hans", "zh-Hant"]), default=None,
              help="Script of the text (default: detected).")
@click.option("--notes", default=None, help="Notes on the source.")
@click.option("--replaces", default=None,
              help="Id of the document this one replaces (default: the one with the same url or title).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse larger files (default 20 MB).")
@handle_errors
def ingest(files, sources, ontology, title, publisher, author, date, url, script, notes, replaces, max_bytes) -> None:
    """Add articles (.txt, .md, .html; UTF-8, GB18030 or Big5) to the sources, cleaned and
    given a content-hash id. The same text again is a no-op; a changed one replaces the old."""
    from graph.ingest import MAX_BYTES
    from graph.ingest import ingest as run_ingest

    options = {"title": title, "publisher": publisher, "author": author, "date": date, "url": url,
               "script": script, "notes": notes}
    results = run_ingest(list(files), sources or default_sources(), ontology or default_ontology(),
                         options=options, replaces=replaces, max_bytes=max_bytes or MAX_BYTES)
    for r in results:
        line = f"{r.action}: {r.path} → {r.document}"
        if r.action == "replaced":
            line += (f" (replaces {r.replaced}: {r.kept_facts} facts kept, {r.dropped_facts} dropped"
                     + (f", entities removed: {', '.join(r.dropped_entities)}" if r.dropped_entities else "") + ")")
        click.echo(line)


@cli.command()
@click.argument("document")
@sources_option
@ontology_option
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Propose only candidates at least this confident (default 0.4).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the review file here (default: <sources>/review/<document>.yaml).")
@handle_errors
def extract(document, sources, ontology, min_confidence, output) -> None:
    """Propose entities and statements for DOCUMENT (id or unique id prefix) into a review file."""
    from collections import Counter

    from graph.evaluate import DEFAULT_MIN_CONFIDENCE
    from graph.review import extract as run_extract

    written = run_extract(sources or default_sources(), ontology or default_ontology(), document,
                          min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence,
                          output=output)
    per = Counter(s["p"] for s in written.statements)
    click.echo(f"{written.document}: {len(written.extraction.known)} known entities named, "
               f"{len(written.entities)} new entities proposed, {len(written.statements)} candidate statements"
               + (f" ({', '.join(f'{p} {n}' for p, n in per.most_common())})" if per else ""))
    click.echo(f"review file: {written.path}")


@cli.command()
@click.argument("document")
@sources_option
@ontology_option
@handle_errors
def review(document, sources, ontology) -> None:
    """Show the numbered candidates of DOCUMENT's review file."""
    from graph.review import print_review, review_rows

    found, rows = review_rows(sources or default_sources(), document, ontology or default_ontology())
    print_review(found, rows, console())


@cli.command()
@click.argument("document")
@sources_option
@ontology_option
@click.option("--all", "all_", is_flag=True, help="Also accept every unreviewed candidate (as extracted).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Also accept unreviewed candidates at least this confident (as extracted).")
@click.option("--ids", default=None, help="Accept these candidate numbers (as `szkg review` shows them) as curated.")
@handle_errors
def accept(document, sources, ontology, all_, min_confidence, ids) -> None:
    """Merge DOCUMENT's accepted candidates into sources/facts after the same validation as build."""
    from graph.review import accept as run_accept

    try:
        numbers = {int(x) for x in ids.split(",") if x.strip()} if ids else set()
    except ValueError:
        raise click.UsageError(f"--ids '{ids}' must be comma-separated numbers") from None
    done = run_accept(sources or default_sources(), ontology or default_ontology(), document, all_=all_,
                      min_confidence=min_confidence, ids=numbers)
    click.echo(f"{done.document}: {done.curated} curated and {done.extracted} extracted statements → {done.facts}"
               + (f"; new entities: {', '.join(done.entities)}" if done.entities else "")
               + (f"; {done.duplicates} already there" if done.duplicates else "")
               + f"; {done.left} candidates left to review")


@cli.command(name="eval")
@sources_option
@ontology_option
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Count only candidates at least this confident (default 0.4).")
@click.option("--document", "-d", "documents", multiple=True, help="Evaluate only this document (repeatable).")
@click.option("--errors/--no-errors", default=True, show_default=True, help="Print each document's misses and false hits.")
@format_option("table", "json")
@handle_errors
def eval_command(sources, ontology, min_confidence, documents, errors, fmt) -> None:
    """Precision, recall and F1 of extraction against the curated facts, leave-one-document-out."""
    import json

    from graph.evaluate import DEFAULT_MIN_CONFIDENCE, evaluate, print_report, report_json

    report = evaluate(sources or default_sources(), ontology or default_ontology(),
                      min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence,
                      documents=list(documents) or None)
    if fmt == "json":
        click.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print_report(report, console(), errors=errors)


def main() -> None:
    """Console entry: `szkg` and `python -m graph`."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    cli()
