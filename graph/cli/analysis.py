"""`szkg stats`, `centrality`, `communities`, `path` and `impact`: the graph analytics
(graph/analysis/) on the command line."""

from __future__ import annotations

from pathlib import Path

import click

import graph
from graph.cli.options import (
    console,
    emit,
    format_option,
    handle_errors,
    lang_option,
    load_projection,
    out_option,
    progress_bars,
    store_option,
)


@click.command()
@out_option
@store_option
@format_option("table", "json")
@handle_errors
def stats(out: Path | None, store_url: str | None, fmt: str) -> None:
    """Node and edge counts per type and predicate, density and connected components."""
    text = graph.tables
    with progress_bars() as bars:
        result = graph.stats(load_projection(out, bars, store_url), progress=bars)
    text.print_stats(result, console()) if fmt == "table" else emit(text.stats_json(result), None)


@click.command()
@out_option
@store_option
@click.option("--metric", "-m", "metrics", default="all", show_default=True,
              help=f"Comma-separated: {', '.join(graph.METRICS)}; or all.")
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
@lang_option
@handle_errors
def centrality(out, store_url, metrics, types, top, directed, weighted, fmt, output, exact_limit, samples, seed,
               lang) -> None:
    """Rank entities by degree, PageRank, betweenness, eigenvector, closeness and harmonic centrality."""
    text = graph.tables
    with progress_bars() as bars:
        report = graph.centrality(load_projection(out, bars, store_url, lang), metrics, types=types, top=top,
                                  directed=directed, weighted=weighted, samples=samples, seed=seed, progress=bars,
                                  exact_limit=graph.EXACT_LIMIT if exact_limit is None else exact_limit)
    if fmt == "table":
        text.print_centrality(report, console())
        return
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "html":
        output = output or graph.BuildDir.at(out).report
        graph.write_atomic(output, graph.render_report(report, lang=lang))
        click.echo(f"report: {output}")
        return
    render = {"csv": text.centrality_csv, "json": text.centrality_json, "markdown": text.centrality_markdown}
    emit(render[fmt](report), output)


@click.command()
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
@lang_option
@handle_errors
def communities(out, store_url, seed, resolution, weighted, min_size, fmt, lang) -> None:
    """Louvain communities, each named by its dominant industry or place, with their members."""
    communities_json, print_communities = graph.tables.communities_json, graph.tables.print_communities
    with progress_bars() as bars:
        G = load_projection(out, bars, store_url, lang)
        found = graph.communities(G, seed=seed, resolution=resolution, weighted=weighted, progress=bars)
    if fmt == "json":
        emit(communities_json(found, G, min_size), None)
    else:
        print_communities(found, G, console(), min_size=min_size)


@click.command()
@click.argument("source")
@click.argument("target")
@out_option
@store_option
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True,
              help="At most this many shortest paths.")
@click.option("--directed", is_flag=True, help="Follow relations only from subject to object.")
@click.option("--weighted", is_flag=True, help="Prefer hops backed by more quotes.")
@format_option("table", "json")
@lang_option
@handle_errors
def path(source, target, out, store_url, limit, directed, weighted, fmt, lang) -> None:
    """The shortest evidence paths between two entities: every hop with its predicate, quote and document.

    SOURCE and TARGET are ids or names in any script (华为, 華為, Huawei).
    """
    paths_json, print_paths = graph.tables.paths_json, graph.tables.print_paths
    with progress_bars() as bars:
        G = load_projection(out, bars, store_url, lang)
    paths = graph.evidence_paths(G, source, target, limit=limit, directed=directed, weighted=weighted)
    if fmt == "json":
        emit(paths_json(paths, G), None)
    else:
        print_paths(paths, G, console())


@click.command()
@click.argument("name", required=False)
@out_option
@store_option
@click.option("--top", "-n", type=click.IntRange(min=1), default=None,
              help="Rank the N entities whose removal does most damage (default 10 without NAME).")
@click.option("--type", "types", default=None, help="With --top: rank only these types, e.g. Firm,Place.")
@format_option("table", "json")
@lang_option
@handle_errors
def impact(name, out, store_url, top, types, fmt, lang) -> None:
    """What breaks if NAME is removed; without NAME, the entities whose removal does most damage."""
    text = graph.tables
    if name and top:
        raise click.UsageError("give a NAME or --top, not both")
    kinds = graph.parse_types(types)
    with progress_bars() as bars:
        G = load_projection(out, bars, store_url, lang)
        if name:
            result = graph.impact(G, name, progress=bars)
        else:
            rows = graph.rank_impact(G, top=top or 10, types=kinds, progress=bars)
    if name:
        text.print_impact(result, G, console()) if fmt == "table" else emit(text.impact_json(result), None)
    else:
        text.print_damage(rows, console()) if fmt == "table" else emit(text.damage_json(rows), None)


#: registered on the `szkg` group by graph.cli.app
COMMANDS = (stats, centrality, communities, path, impact)
