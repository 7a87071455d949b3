"""Text renderings of the analysis results: rich tables, CSV, JSON and Markdown.

Rich measures CJK characters as two columns, so its tables stay aligned; the Markdown
tables are padded with ``wcwidth`` for the same reason.  JSON keeps CJK unescaped.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.analysis.centrality import CentralityReport, Ranked, reading, relation_text, stable_text
from graph.analysis.impact import Damage, Impact
from graph.analysis.projection import Community, GraphStats, Hop, label
from graph.analysis.wording import metric_meaning, metric_title, say


def number(value: float) -> str:
    """Integers without decimals, small values with four significant digits."""
    if math.isnan(value):
        return "—"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.4g}" if abs(value) < 1 else f"{value:,.4f}"


def _carried(row: Ranked, report: CentralityReport) -> str:
    """The neighbours that carry the score, their relations by the ontology's labels in the
    report's language (``深圳 (← 位于 ×2)``)."""
    return "; ".join(relation_text(n, report.term) for n in row.neighbours)


# ---------------------------------------------------------------- centrality


def print_centrality(report: CentralityReport, out: Console) -> None:
    """One table per metric: rank, entity, class, value and the neighbours that carry it, in
    the report's language (headings, classes and predicates by their labels)."""
    lang = report.lang
    for note in report.notes:
        out.print(f"[yellow]{escape(say(lang, 'note label'))}:[/yellow] {escape(note)}")
    for name, result in report.metrics.items():
        title, meaning = metric_title(name, lang), metric_meaning(name, lang)
        table = Table(title=escape(f"{title} — {meaning}"), title_justify="left")
        for col, justify in (
            (say(lang, "col rank"), "right"),
            (say(lang, "col entity"), "left"),
            (say(lang, "col type"), "left"),
            (title, "right"),
            (say(lang, "col carried"), "left"),
        ):
            table.add_column(escape(col), justify=justify, overflow="fold")
        for row in result.top:
            table.add_row(
                str(row.rank), escape(row.label), escape(report.term(row.type)), number(row.value),
                escape(_carried(row, report)),
            )
        out.print(table)


def centrality_json(report: CentralityReport) -> str:
    """The report as JSON: settings, notes, reading and each metric's top list."""
    data = {
        "settings": {
            "directed": report.directed,
            "weighted": report.weighted,
            "types": list(report.types),
            "nodes": report.nodes,
            "edges": report.pairs,
            "betweenness_samples": report.betweenness_samples,
        },
        "notes": report.notes,
        "reading": reading(report),
        "metrics": {
            name: {
                "title": metric_title(name, report.lang),
                "meaning": metric_meaning(name, report.lang),
                "note": r.note,
                "top": [_ranked_dict(row, report) for row in r.top],
            }
            for name, r in report.metrics.items()
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _ranked_dict(row: Ranked, report: CentralityReport) -> dict:
    data = asdict(row)
    data["neighbours"] = [
        {
            "id": n.id,
            "label": n.label,
            "weight": n.weight,
            "relations": [{"predicate": p, "predicate_label": report.term(p), "direction": a, "quotes": q}
                          for p, a, q in n.relations],
        }
        for n in row.neighbours
    ]
    return data


def centrality_csv(report: CentralityReport) -> str:
    """Long format: one row per (metric, rank); ``type`` is the class's id, ``type_label`` its
    label and ``carried_by`` names predicates by their labels, in the report's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["metric", "rank", "id", "label", "type", "type_label", "value", "carried_by"])
    for name, result in report.metrics.items():
        for row in result.top:
            writer.writerow(
                [name, row.rank, row.id, row.label, row.type, report.term(row.type), stable_text(row.value),
                 _carried(row, report)]
            )
    return buffer.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """A pipe table padded by display width, so CJK columns line up in a plain-text editor."""
    from wcwidth import wcswidth

    def width(text: str) -> int:
        return max(wcswidth(text), len(text))

    cells = [[_cell(c) for c in header]] + [[_cell(c) for c in r] for r in rows]
    widths = [max(3, *(width(r[i]) for r in cells)) for i in range(len(header))]

    def pad(text: str, i: int) -> str:
        gap = " " * (widths[i] - width(text))
        return gap + text if i in right else text + gap

    lines = [
        "| " + " | ".join(pad(c, i) for i, c in enumerate(cells[0])) + " |",
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if i in right else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|",
    ]
    lines += ["| " + " | ".join(pad(c, i) for i, c in enumerate(r)) + " |" for r in cells[1:]]
    return "\n".join(lines)


def centrality_markdown(report: CentralityReport) -> str:
    """A Markdown report: the reading, then one table per metric."""
    lang = report.lang
    parts = ["# " + say(lang, "markdown title"), "", reading(report)[0]]
    parts += ["", *(f"> {say(lang, 'note label')}: {n}  " for n in report.notes)] if report.notes else []
    for (name, result), text in zip(report.metrics.items(), reading(report)[1:], strict=True):
        title = metric_title(name, lang)
        rows = [[str(r.rank), r.label, report.term(r.type), number(r.value), _carried(r, report)]
                for r in result.top]
        parts += [
            "",
            f"## {title}",
            "",
            text,
            "",
            markdown_table([say(lang, "col rank"), say(lang, "col entity"), say(lang, "col type"), title,
                            say(lang, "col carried short")], rows, right={0, 3}),
        ]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- stats


def print_stats(s: GraphStats, out: Console) -> None:
    """Counts per type and predicate, density and components."""
    out.print(
        f"[bold]szkg stats[/bold]: {s.nodes:,} entities, {s.edges:,} typed edges from {s.statements:,} "
        f"statements, {s.pairs:,} linked pairs; density {s.density:.4f}; {s.components:,} connected "
        f"components (largest {s.largest_component:,}, {s.isolated:,} isolated entities)"
    )
    types = Table(title="Entities per type", title_justify="left")
    types.add_column("type")
    types.add_column("entities", justify="right")
    for name, count in sorted(s.nodes_per_type.items(), key=lambda kv: (-kv[1], kv[0])):
        types.add_row(name, f"{count:,}")
    preds = Table(title="Edges per predicate", title_justify="left")
    for col in ("predicate", "edges", "statements"):
        preds.add_column(col, justify="left" if col == "predicate" else "right")
    for name, count in sorted(s.edges_per_predicate.items(), key=lambda kv: (-kv[1], kv[0])):
        preds.add_row(name, f"{count:,}", f"{s.statements_per_predicate[name]:,}")
    out.print(types)
    out.print(preds)
    if s.kept_out:
        names = {"statements": "statement", "observations": "observation", "documents": "document"}
        out.print(
            "kept out of the projection: "
            + ", ".join(f"{v:,} {names.get(k, k)} nodes" for k, v in s.kept_out.items())
        )


def stats_json(s: GraphStats) -> str:
    """The stats as JSON (counters as plain objects sorted by key)."""
    from dataclasses import fields

    data = {}
    for f in fields(s):
        value = getattr(s, f.name)
        data[f.name] = dict(sorted(value.items())) if isinstance(value, dict) else value
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- communities


def print_communities(
    found: list[Community], G, out: Console, min_size: int = 2, members: int = 8
) -> None:
    """One row per community of at least ``min_size`` members."""
    shown = [c for c in found if len(c.members) >= min_size]
    table = Table(title=f"{len(shown)} communities (Louvain)", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("named by", max_width=30, overflow="fold")
    table.add_column("size", justify="right")
    table.add_column("members", overflow="fold")
    for i, c in enumerate(shown, start=1):
        names = "、".join(label(G, m) for m in c.members[:members])
        more = f" … +{len(c.members) - members}" if len(c.members) > members else ""
        basis = c.basis if c.basis != "member" else "most linked member"
        basis += "" if c.inside else ", linked from outside"
        table.add_row(
            str(i), escape(f"{c.name} ({basis})"), str(len(c.members)), escape(names + more)
        )
    out.print(table)
    hidden = len(found) - len(shown)
    if hidden:
        out.print(f"{hidden} communities smaller than {min_size} not shown (use --min-size 1)")


def communities_json(found: list[Community], G, min_size: int = 1) -> str:
    data = [
        {
            "name": c.name,
            "named_by": c.named_by,
            "basis": c.basis,
            "inside": c.inside,
            "size": len(c.members),
            "members": [
                {"id": m, "label": label(G, m), "type": G.nodes[m].get("type", "")}
                for m in c.members
            ],
        }
        for c in found
        if len(c.members) >= min_size
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- paths


def print_paths(paths: list[list[Hop]], G, out: Console, quotes: int = 3) -> None:
    """Each path, then every hop with its predicate, quotes (``quotes`` at most) and documents."""
    for i, path in enumerate(paths, start=1):
        chain = " — ".join([label(G, path[0].source)] + [label(G, h.target) for h in path])
        hops = "hop" if len(path) == 1 else "hops"
        out.print(f"[bold]path {i}[/bold] ({len(path)} {hops}): {escape(chain)}")
        for h in path:
            for predicate, s, o, supports in h.relations:
                out.print(f"  {escape(label(G, s))} —{predicate}→ {escape(label(G, o))}")
                for sup in supports[:quotes]:
                    out.print(f"      “{escape(sup.quote)}”")
                    out.print(
                        f"        [dim]— {escape(sup.title)} ({sup.document}), "
                        f"statement {sup.statement}[/dim]"
                    )
                if len(supports) > quotes:
                    out.print(
                        f"      … {len(supports) - quotes} more quotes (all in --format json)"
                    )


def paths_json(paths: list[list[Hop]], G) -> str:
    data = [
        [
            {
                "from": h.source,
                "to": h.target,
                "relations": [
                    {
                        "predicate": p,
                        "subject": s,
                        "object": o,
                        "subject_label": label(G, s),
                        "object_label": label(G, o),
                        "statements": [sup._asdict() for sup in sups],
                    }
                    for p, s, o, sups in h.relations
                ],
            }
            for h in path
        ]
        for path in paths
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- impact


def _names(G, nodes, limit: int) -> str:
    """Labels joined by 、, at most ``limit`` of them, then how many more."""
    text = "、".join(label(G, n) for n in nodes[:limit])
    return text + (f" … +{len(nodes) - limit:,}" if len(nodes) > limit else "")


def print_impact(result: Impact, G, out: Console, shown: int = 10) -> None:
    """What removing one entity does, in a few lines."""
    links = "link" if result.degree == 1 else "links"
    out.print(
        f"[bold]removing {escape(result.label)}[/bold] ({result.type}, {result.degree} {links}, in a "
        f"component of {result.component:,} entities)"
    )
    if result.split_off:
        pieces = "piece" if len(result.split_off) == 1 else "pieces"
        entities = "entity" if result.split_count == 1 else "entities"
        out.print(
            f"  splits off {result.split_count:,} {entities} in {len(result.split_off)} {pieces}:"
        )
        for piece in result.split_off[:shown]:
            out.print(f"    {len(piece):>4}: {escape(_names(G, piece, 12))}")
        if len(result.split_off) > shown:
            out.print(
                f"    … and {len(result.split_off) - shown:,} more pieces (all in --format json)"
            )
    else:
        out.print("  splits nothing off: the rest of its component stays connected")
    if result.orphaned:
        lost = [n for n, _t in result.orphaned]
        who = "entity loses its" if len(lost) == 1 else "entities lose their"
        out.print(
            f"  {len(lost):,} {who} only link to a {result.orphaned[0][1]}: "
            + escape(_names(G, lost, 3 * shown))
        )
    if result.aspl_before is not None:
        after = f"{result.aspl_after:.3f}" if result.aspl_after is not None else "— (no pair left)"
        how = f" (estimated from {result.samples} sampled sources)" if result.samples else ""
        out.print(
            f"  average shortest path in its component: {result.aspl_before:.3f} → {after}{how}; "
            f"{result.pairs_lost:,} ordered pairs disconnected"
        )


def impact_json(result: Impact) -> str:
    data = asdict(result)
    data["split_count"] = result.split_count
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def print_damage(rows: list[Damage], out: Console) -> None:
    table = Table(
        title="Entities by damage if removed (articulation points first)", title_justify="left"
    )
    for col in ("#", "entity", "type", "articulation", "split off", "falls into", "orphaned", "degree"):
        table.add_column(
            col, justify="left" if col in ("entity", "type", "articulation") else "right"
        )
    for r in rows:
        table.add_row(
            str(r.rank),
            escape(r.label),
            r.type,
            "yes" if r.articulation else "no",
            f"{r.split_off:,}",
            str(r.pieces),
            str(r.orphaned),
            str(r.degree),
        )
    out.print(table)


def damage_json(rows: list[Damage]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
