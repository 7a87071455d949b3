"""`szkg ingest`, `extract`, `review`, `accept`, `status` and `eval`: new articles and their facts
(graph/curate/, graph/extract/) on the command line."""

from __future__ import annotations

from pathlib import Path

import click

import graph
from graph.cli.options import (
    console,
    format_option,
    handle_errors,
    ontology_option,
    out_option,
    progress_bars,
    sources_option,
    wide_console,
)


def _folders(sources: Path | None, ontology: Path | None) -> tuple[Path, Path]:
    return sources or graph.default_sources(), ontology or graph.default_ontology()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@sources_option
@ontology_option
@click.option("--title", default=None, help="Title (default: front matter, <title>, or the first line).")
@click.option("--publisher", default=None, help="Publisher.")
@click.option("--author", default=None, help="Author(s).")
@click.option("--date", default=None, help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--url", default=None, help="Where the article was published.")
@click.option("--script", type=click.Choice(["zh-Hans", "zh-Hant", "en"]), default=None,
              help="Script of the text (default: detected).")
@click.option("--notes", default=None, help="Notes on the source.")
@click.option("--replaces", default=None,
              help="Id of the document this one replaces (default: the one with the same url or title).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None, help="Refuse larger files (default 20 MB).")
@handle_errors
def ingest(paths, sources, ontology, title, publisher, author, date, url, script, notes, replaces, max_bytes) -> None:
    """Add articles (.txt, .md, .html; UTF-8, GB18030 or Big5) to the sources, cleaned and
    given a content-hash id. PATHS are files or folders (searched recursively for .txt, .md,
    .html and .htm). The same text again is a no-op; a changed one replaces the old. One line
    per file; the good files are ingested even when others are refused (then exit code 1)."""
    options = {"title": title, "publisher": publisher, "author": author, "date": date, "url": url,
               "script": script, "notes": notes}
    with progress_bars() as bars:
        results = graph.ingest_batch(list(paths), *_folders(sources, ontology), options=options, replaces=replaces,
                                     max_bytes=max_bytes or graph.MAX_BYTES, progress=bars)
    if not results:
        raise click.ClickException(f"no .txt, .md, .html or .htm files in {', '.join(map(str, paths))}")
    refused = [r for r in results if r.action == "refused"]
    if len(results) == 1 and refused:  # one file: its error is the one line
        raise click.ClickException(graph.one_line(f"{refused[0].path}: {refused[0].reason}", 600))
    for r in results:
        if r.action == "refused":
            line = f"refused: {r.path}: {r.reason}"
        elif r.action == "duplicate":
            line = f"duplicate: {r.path} (same text as {r.reason}" + (f" → {r.document})" if r.document else ")")
        else:
            line = f"{r.action}: {r.path} → {r.document}"
        if r.action == "replaced":
            line += (f" (replaces {r.replaced}: {r.kept_facts} facts kept, {r.dropped_facts} dropped"
                     + (f", entities removed: {', '.join(r.dropped_entities)}" if r.dropped_entities else "") + ")")
        click.echo(graph.one_line(line, 600))
    if refused:
        raise click.ClickException(f"{len(refused)} of {len(results)} files refused (see above); "
                                   "the others were ingested")


@click.command()
@click.argument("document", required=False)
@sources_option
@ontology_option
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default=None,
              help="For a text file PATH: print its extraction as one JSON object (default) or as a table.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="For a text file PATH: refuse a larger file (default 20 MB).")
@click.option("--pending", is_flag=True,
              help="Extract every ingested document with no review file and no facts yet, on all cores.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Propose only candidates at least this confident (default 0.25: a calibrated confidence: the precision its rule reaches with nine chances in ten).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the review file here (default: <sources>/review/<document>.yaml).")
@handle_errors
def extract(document, sources, ontology, fmt, max_bytes, pending, min_confidence, output) -> None:
    """Propose entities and statements for DOCUMENT (id or unique id prefix) into a review file.

    Run again, it merges: your decisions (curated, rejected, edited lines) are kept, statements
    already in the facts are not proposed again, and the previous file is kept as .yaml.bak.
    With --pending, every document not yet extracted (one line each).

    DOCUMENT may also be the path of any text file (UTF-8, GB18030 or Big5; Chinese or English)
    that is not in the sources: its entities and statements are printed (--format json|table)
    and nothing is written."""
    from collections import Counter

    threshold = graph.DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    if document and not pending and Path(document).exists():
        if output:
            raise click.UsageError("--output is for review files of ingested documents, not for a text file PATH")
        _extract_file(Path(document), sources, ontology, threshold, fmt or "json", max_bytes or graph.MAX_BYTES)
        return
    if fmt or max_bytes:
        raise click.UsageError(f"--format and --max-bytes are for a text file PATH; '{document}' is not a file "
                               "(for an ingested document the candidates go to its review file)")
    if pending:
        if document or output:
            raise click.UsageError("--pending extracts every pending document: give no DOCUMENT and no --output")
        with progress_bars() as bars:
            done = graph.extract_pending(*_folders(sources, ontology), min_confidence=threshold, progress=bars)
        if not done:
            click.echo("nothing pending: every document has a review file or facts")
        for d in done:
            if d.error:
                click.echo(graph.one_line(f"failed: {d.document}: {d.error}", 600))
            else:
                click.echo(f"extracted: {d.document}: {len(d.review.statements)} candidate statements, "
                           f"{len(d.review.entities)} new entities → {d.review.path}")
        failed = [d for d in done if d.error]
        if failed:
            raise click.ClickException(f"{len(failed)} of {len(done)} documents failed (see above)")
        return
    if not document:
        raise click.UsageError("give a DOCUMENT, or --pending for every document not yet extracted")
    written = graph.propose(*_folders(sources, ontology), document, min_confidence=threshold, output=output)
    per = Counter(str(s.get("p")) for s in written.statements)
    click.echo(f"{written.document}: {len(written.extraction.known)} known entities named, "
               f"{len(written.entities)} new entities proposed, {len(written.statements)} candidate statements"
               + (f" ({', '.join(f'{p} {n}' for p, n in per.most_common())})" if per else ""))
    click.echo(f"merged: {written.kept} decisions kept, {written.unchanged} open candidates unchanged, "
               f"{written.added} added, {written.accepted} dropped because already accepted"
               + (f", {written.withdrawn} no longer proposed" if written.withdrawn else ""))
    click.echo(f"review file: {written.path}" + (f" (previous one kept as {written.backup})" if written.backup else ""))


def _extract_file(path: Path, sources, ontology, threshold: float, fmt: str, max_bytes: int) -> None:
    import json

    data = graph.extract_file(path, *_folders(sources, ontology), min_confidence=threshold, max_bytes=max_bytes)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        graph.print_file_extraction(data, wide_console())


@click.command()
@click.argument("document")
@sources_option
@ontology_option
@handle_errors
def review(document, sources, ontology) -> None:
    """Show the candidates of DOCUMENT's review file with their ids (for `szkg accept --ids`)."""
    root, onto = _folders(sources, ontology)
    found, rows = graph.review_rows(root, document, onto)
    graph.print_review(found, rows, console())


def _accepted_line(done) -> str:
    return (f"{done.document}: {done.curated} curated and {done.extracted} extracted statements → {done.facts}"
            + (f"; new entities: {', '.join(done.entities)}" if done.entities else "")
            + (f"; {done.duplicates} already there" if done.duplicates else "")
            + f"; {done.left} candidates left to review")


@click.command()
@click.argument("document", required=False)
@sources_option
@ontology_option
@click.option("--all-documents", is_flag=True, help="Accept in every document that has a review file "
              "(each validated and written on its own; one line per document).")
@click.option("--all", "all_", is_flag=True, help="Also accept every unreviewed candidate (as extracted).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Also accept unreviewed candidates at least this confident (as extracted).")
@click.option("--ids", default=None, help="Accept these candidate ids (comma-separated, as `szkg review` shows them) "
              "as curated.")
@handle_errors
def accept(document, sources, ontology, all_documents, all_, min_confidence, ids) -> None:
    """Merge DOCUMENT's accepted candidates into sources/facts after the same validation as build."""
    if all_documents:
        if document or ids is not None:
            raise click.UsageError("--all-documents accepts in every review file: give no DOCUMENT and no --ids")
        with progress_bars() as bars:
            done = graph.accept_all_documents(*_folders(sources, ontology), all_=all_, min_confidence=min_confidence,
                                              progress=bars)
        for d in done:
            if d.accepted is not None:
                click.echo(graph.one_line(_accepted_line(d.accepted), 600))
            else:
                click.echo(graph.one_line(f"{'skipped' if d.nothing else 'failed'}: {d.document}: {d.error}", 600))
        failed = [d for d in done if d.error and not d.nothing]
        if failed:
            raise click.ClickException(f"{len(failed)} of {len(done)} documents failed (nothing written for them); "
                                       "the others were accepted")
        return
    if not document:
        raise click.UsageError("give a DOCUMENT, or --all-documents for every review file")
    chosen = [x.strip() for x in ids.split(",") if x.strip()] if ids is not None else []
    if ids is not None and not chosen:
        raise click.UsageError(f"--ids '{ids}' names no candidate: give ids as `szkg review` shows them")
    done = graph.accept(*_folders(sources, ontology), document, all_=all_, min_confidence=min_confidence,
                        ids=chosen)
    click.echo(_accepted_line(done))


@click.command()
@sources_option
@out_option
@format_option("table", "json")
@handle_errors
def status(sources, out, fmt) -> None:
    """Where each document stands: ingested, extracted, reviewed (accepted / rejected / open in
    its review file), facts, and built (in the current build)."""
    import json

    rows = graph.corpus_status(sources or graph.default_sources(), out)
    if fmt == "json":
        click.echo(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
    else:
        graph.print_status(rows, wide_console())


@click.command(name="eval")
@sources_option
@ontology_option
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Count only candidates at least this confident (default 0.25: a calibrated confidence: the precision its rule reaches with nine chances in ten).")
@click.option("--document", "-d", "documents", multiple=True, help="Evaluate only this document (repeatable).")
@click.option("--errors/--no-errors", default=True, show_default=True,
              help="Print each seed and tune document's misses and false hits (never the test split's).")
@click.option("--no-model", is_flag=True, help="Score the rule-only extractor (without the NER model), to compare.")
@click.option("--calibrate", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Measure every rule's precision on the seed and tune documents and write it to this file "
                   "(the extractor reads graph/extract/lexicons/calibration.yaml).")
@click.option("--learn", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Fit the learned pair model on the seed and tune documents and write it to this file "
                   "(the extractor reads graph/extract/lexicons/pairs.json; needs scikit-learn). "
                   "Run it before --calibrate.")
@click.option("--no-learned", is_flag=True, help="Score the rules without the learned pair model, to compare.")
@click.option("--unseen", "unseen", multiple=True, metavar="ID",
              help="Score this tune document (id, or its number) as the test split is, in a group of its own: "
                   "for a batch nothing was written or fitted from yet (repeatable).")
@click.option("--unseen-from", type=click.IntRange(0), default=None, metavar="N",
              help="Score every tune document numbered N or more as unseen (see --unseen).")
@format_option("table", "json")
@handle_errors
def eval_command(sources, ontology, min_confidence, documents, errors, no_model, calibrate, learn, no_learned,
                 unseen, unseen_from, fmt) -> None:
    """Precision, recall and F1 of extraction against the curated facts: leave-one-document-out on the
    seed and tune documents, and on the frozen test split (docs/evaluation.md) with what the others know."""
    import json

    if calibrate:
        table = graph.calibrate_rules(*_folders(sources, ontology))
        graph.write_atomic(calibrate, graph.calibration_text(table).encode("utf-8"))
        click.echo(f"calibration of {len(table['relations'])} relation rules and {len(table['entities'])} entity "
                   f"rules, measured on {table['documents']} seed and tune documents → {calibrate}")
        return
    if learn:
        try:
            fitted = graph.learn_pairs(*_folders(sources, ontology))
        except ImportError as err:
            raise click.ClickException(f"--learn needs scikit-learn ({err.name} is not installed): "
                                       "pip install -e '.[learn]'") from None
        graph.write_atomic(learn, fitted.to_text().encode("utf-8"))
        click.echo(f"learned pair model: {len(fitted.weights)} features, held-out precision per probability band "
                   + ", ".join(f"≥{low:g}: {p:.2f}" for low, p in fitted.bands) + f" → {learn}")
        return
    threshold = graph.DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    report = graph.evaluate(*_folders(sources, ontology), min_confidence=threshold,
                            documents=list(documents) or None, model=not no_model, learned=not no_learned,
                            unseen=unseen, unseen_from=unseen_from)
    if fmt == "json":
        click.echo(json.dumps(graph.eval_report_json(report), ensure_ascii=False, indent=2))
    else:
        graph.print_eval_report(report, console(), errors=errors)


#: registered on the `szkg` group by graph.cli.app
COMMANDS = (ingest, extract, review, accept, status, eval_command)
