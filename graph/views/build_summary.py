"""Human-readable summaries printed by the CLI (rich tables; CJK-width aware)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from graph.curate.build import BuildResult


def print_build_summary(result: BuildResult, out: Console, quiet: bool = False) -> None:
    """Counts per class, predicate and document; warnings; where the files are."""
    corpus, totals = result.corpus, result.totals()
    if not quiet:
        out.print(f"[bold]szkg build[/bold]: {len(corpus.documents)} documents, {len(corpus.entities)} entities, "
                  f"{totals['statements']} facts (relation statements) supported by "
                  f"{totals['quotes']} quotes, {totals['observations']} observations, "
                  f"{totals['attributes']} attributes → {result.triples} triples in "
                  f"{result.quads} quads; SHACL: {result.shacl_violations} violations; "
                  f"{result.seconds:.1f} s")
        classes = Table(title="Entities per class")
        classes.add_column("class")
        classes.add_column("entities", justify="right")
        for name, count in sorted(result.per_class().items(), key=lambda kv: (-kv[1], kv[0])):
            classes.add_row(name, str(count))
        preds = Table(title="Statements per predicate")
        preds.add_column("predicate")
        preds.add_column("statements", justify="right")
        for name, count in sorted(result.per_predicate().items(), key=lambda kv: (-kv[1], kv[0])):
            preds.add_row(name, str(count))
        docs = Table(title="Per document")
        docs.add_column("document", no_wrap=True)
        docs.add_column("title", overflow="fold", ratio=1)
        for col in ("statements", "observations", "attributes"):
            docs.add_column(col, justify="right")
        for doc_id, counts in result.per_document().items():
            docs.add_row(doc_id, corpus.documents[doc_id].title, str(counts["statements"]),
                         str(counts["observations"]), str(counts["attributes"]))
        out.print(classes)
        out.print(preds)
        out.print(docs)
        for warning in corpus.warnings:
            out.print(f"[yellow]warning:[/yellow] {warning}")
        out.print(result.store_summary(), markup=False)
    for name, path in result.files.items():
        out.print(f"{name:>8}: {path}")
