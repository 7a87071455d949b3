"""The self-contained HTML centrality report: one bar chart per metric and a plain reading.

The page needs nothing outside itself: charts are inline SVG drawn here (labels stay text,
so CJK names render in the reader's own fonts, can be searched and copied), styles are
inline, there is no script, and a Content-Security-Policy meta tag forbids fetching
anything.  Every piece of text from the graph goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from graph.analysis.centrality import (
    CentralityReport,
    MetricResult,
    reading,
)
from graph.analysis.wording import metric_title, say
from graph.curate.edit import write_atomic
from graph.views.palette import CLASS_STYLE, class_colour

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"

_STYLE = """
body{font-family:$FONT;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1f2933;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #d9e2ec}
.meta{color:#52606d;font-size:.9rem} .note{background:#fff8e1;border-left:4px solid #f0b429;padding:.4rem .8rem}
figure{margin:1rem 0} svg{max-width:100%;height:auto} table{border-collapse:collapse;font-size:.9rem;width:100%}
th,td{border-bottom:1px solid #e4e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums} td:nth-child(2){white-space:nowrap}
q{quotes:none} .src{color:#52606d}
nav a{margin-right:.8rem}
""".replace("$FONT", FONT)



def _value(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:.4g}"


def _fit(text: str, columns: int = 26) -> str:
    """Shorten a label to about ``columns`` display columns (a CJK character is two)."""
    from wcwidth import wcwidth

    used, kept = 0, []
    for ch in text:
        used += max(wcwidth(ch), 1)
        if used > columns:
            return "".join(kept) + "…"
        kept.append(ch)
    return text


def bar_chart(result: MetricResult, title: str, lang: str = "en") -> str:
    """A horizontal bar chart of a metric's top entities as an inline SVG element."""
    rows = result.top
    row_h, label_w, bar_w, value_w = 26, 190, 420, 90
    width, height = label_w + bar_w + value_w, max(1, len(rows)) * row_h + 10
    peak = max((r.value for r in rows), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-metric="{escape(result.name)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" font-family="{escape(FONT)}" font-size="13">'
    ]
    for i, r in enumerate(rows):
        y = 5 + i * row_h
        length = max(1.0, bar_w * max(r.value, 0.0) / peak)
        colour = class_colour(r.type)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(_fit(r.label))}'
            f"<title>{escape(r.label)}</title></text>"
        )
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 8}" '
            f'fill="{colour}"><title>{escape(f"{r.label} ({r.type_label or r.type}): {r.value:.6g}")}</title></rect>'
        )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 17}" fill="#52606d">{escape(_value(r.value))}</text>'
        )
    if not rows:
        parts.append(f'<text x="{label_w}" y="20">{escape(say(lang, "no entity"))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _explanations(result: MetricResult, lang: str = "en", term=None) -> str:
    """The top entities: value, what the metric counts for each, and one relation in its source's words."""
    rows = []
    for r in result.top:
        quoted = "—"
        if r.quoted:
            q = r.quoted
            quoted = (f"{escape(q.subject_label)} → {escape(q.predicate_label)} → {escape(q.object_label)}"
                      + (f": “<q>{escape(q.quote)}</q>”" if q.quote else "")
                      + (f' <span class="src">({escape(q.title)})</span>' if q.title else ""))
        rows.append(
            f"<tr><td class=num>{r.rank}</td><td>{escape(r.label)}</td><td>{escape(term(r.type) if term else r.type_label or r.type)}</td>"
            f"<td class=num>{escape(_value(r.value))}</td><td>{escape(r.fact) or '—'}</td>"
            f'<td class="quoted">{quoted}</td></tr>'
        )
    head = "".join(f"<th>{escape(say(lang, 'col ' + key))}</th>"
                   for key in ("rank", "entity", "class", "value", "fact", "quoted"))
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def render_html(report: CentralityReport, title: str | None = None, lang: str | None = None) -> str:
    """The whole page as a string.  Entity labels are in the language the graph was labelled in
    (``relabel``); the sentences, headings, classes and predicates are in ``lang`` (default: the
    same), which is also the page's ``lang``.  The facts per entity were worded when the report
    was computed, in the graph's language."""
    if lang and lang != report.lang:
        from dataclasses import replace

        report = replace(report, lang=lang)
    lang = report.lang
    title = title or say(lang, "report title")
    paragraphs = reading(report)
    sections, nav = [], []
    for (name, result), text in zip(report.metrics.items(), paragraphs[1:], strict=True):
        heading = metric_title(name, lang)
        nav.append(f'<a href="#{escape(name)}">{escape(heading)}</a>')
        sections.append(
            f'<section id="{escape(name)}"><h2>{escape(heading)}</h2><p>{escape(text)}</p>'
            f"<figure>{bar_chart(result, heading, lang)}</figure>{_explanations(result, lang, report.term)}</section>"
        )
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in report.notes)
    legend = " ".join(f'<span style="color:{c}">■</span> {escape(report.term(t))}'
                      for t, (c, _shape) in CLASS_STYLE.items() if t)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=meta>{legend}</p>"
        f"<p>{escape(paragraphs[0])}</p>{notes}<nav>{''.join(nav)}</nav>{''.join(sections)}"
        "</body></html>\n"
    )


def write_report(out_dir: Path, top: int = 10, progress=None, lang: str = "zh-Hans") -> Path:
    """Write ``<out_dir>/report.html`` from the build's store, with every metric, labelled in
    ``lang``; return its path.  Called at the end of ``szkg build``; StoreError if ``out_dir``
    holds no store.
    """
    from graph.analysis.centrality import centrality
    from graph.analysis.projection import project, relabel
    from graph.layout import BuildDir

    build = BuildDir(Path(out_dir))
    report = centrality(relabel(project(build, progress=progress), lang), top=top, progress=progress)
    write_atomic(build.report, render_html(report))
    return build.report
