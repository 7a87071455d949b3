"""The query page of ``szkg serve``: YASGUI fed with szkg's prefixes, vocabulary and saved questions.

``/`` is YASGUI (the npm package ``@zazuko/yasgui``, vendored as its built files under
``graph/query/static/yasgui/``; see docs/endpoint.md for its version and how to refresh it)
with szkg's own script (``static/szkg-ui.js``) on top: it replaces YASQE's completers —
which would ask prefix.cc-style and vocabulary services on the web — by lists made here from
the ontology, lists the saved questions in a menu that fills in the query and asks for its
parameters (sent as ``param=NAME=VALUE``, bound as terms by the endpoint, never pasted into
the text), links the result IRIs of entities to ``/entity/<id>`` and draws a bar chart of a
numeric column.  The page loads nothing but this server's own files: its Content-Security-Policy
allows no other origin, for scripts, styles, images or requests.

Everything the page is told — prefixes, vocabulary, questions — travels as one JSON block
(:func:`page_config`) in a ``<script type="application/json">`` element, escaped so that no
text in it can close the element.
"""

from __future__ import annotations

import functools
import html
import json
import re

from graph.query.questions import Question, saved_questions

#: The files under graph/query/static/ the server hands out, with their media types.
STATIC_FILES = {
    "yasgui/yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui/yasgui.min.css": "text/css; charset=utf-8",
    "yasgui/LICENSE": "text/plain; charset=utf-8",
    "yasgui/VERSION": "text/plain; charset=utf-8",
    "szkg-ui.js": "text/javascript; charset=utf-8",
    "szkg-ui.css": "text/css; charset=utf-8",
}
#: The page's policy: this server's scripts, styles, images and requests, nothing else.
UI_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
             "base-uri 'none'; frame-ancestors 'none'")

DEFAULT_QUERY = """# Firms and their names in simplified Chinese; pick a saved question above, or write your own.
SELECT ?firm ?label WHERE {
  ?firm a szkg:Firm ; skos:prefLabel ?label .
  FILTER(langMatches(lang(?label), "zh-Hans"))
} ORDER BY ?label LIMIT 20"""

@functools.cache
def static_file(name: str) -> bytes | None:
    """The bytes of one of STATIC_FILES (None for any other name: nothing else is served)."""
    if name not in STATIC_FILES:
        return None
    from importlib.resources import files

    return (files("graph.query") / "static" / name).read_bytes()


def with_prefixes(text: str) -> str:
    """``text`` with a PREFIX line for each predeclared prefix it uses, after its header comments.

    The endpoint knows szkg's prefixes, but YASQE marks a prefix the text does not declare as
    an error; declaring them after the ``# description:``/``# param:`` comments keeps those
    the header the endpoint reads (:meth:`graph.query.questions.Question.from_text`).
    """
    from graph.store.sparql import keywords_only
    from graph.vocab import PREFIXES

    lines = text.splitlines()
    head = 0
    while head < len(lines) and (not lines[head].strip() or lines[head].lstrip().startswith("#")):
        head += 1
    body = "\n".join(lines[head:])
    code = keywords_only(body)
    declared = {m[1] for m in re.finditer(r"PREFIX\s+([\w-]*):", code, re.IGNORECASE)}
    used = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:?$]){re.escape(p)}:", code)]
    prefix_lines = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in used]
    return "\n".join(lines[:head] + prefix_lines + lines[head:])


def _param(param) -> dict:
    return {"name": param.name, "kind": param.kind, "class": param.entity_class, "default": param.default,
            "optional": param.optional, "required": param.required, "describe": param.describe()}


def _question(question: Question) -> dict:
    return {"description": question.description, "text": with_prefixes(question.text),
            "params": [_param(p) for p in question.params]}


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict[str, list[str]]:
    """The IRIs YASQE completes: the ontology's classes and properties (graph/ontology/szkg.ttl),
    and the terms of other vocabularies that szkg's own queries use (RDF, SKOS, PROV, Web
    Annotation, Dublin Core), sorted."""
    from importlib.resources import files

    from rdflib import OWL, RDF, Graph

    from graph.vocab import PREFIXES

    ontology = Graph().parse(data=(files("graph") / "ontology" / "szkg.ttl").read_text(encoding="utf-8"),
                             format="turtle")
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if not str(c).startswith("_")}
    properties = {str(p) for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.SymmetricProperty,
                                      RDF.Property) for p in ontology.subjects(RDF.type, kind)}
    queries = files("graph") / "queries"
    texts = [e.read_text(encoding="utf-8") for folder in (queries, queries / "read")
             for e in folder.iterdir() if e.name.endswith(".rq")]
    from graph.store.sparql import keywords_only

    for text in texts:
        for prefix, local in re.findall(r"(?<![\w:?$<])([a-z]+):([A-Za-z][\w]*)", keywords_only(text)):
            if prefix in PREFIXES and prefix not in ("ent", "doc", "st", "obs", "ind", "g", "dg"):
                iri = PREFIXES[prefix] + local
                (classes if local[0].isupper() else properties).add(iri)
    classes = {c for c in classes if c.startswith("http")}
    return {"classes": sorted(classes), "properties": sorted(properties - classes)}


def page_config(config) -> dict:
    """What the page's script is told: the endpoint, prefixes, vocabulary, saved questions, limits."""
    from graph.vocab import ENT, PREFIXES

    return {
        "endpoint": "/sparql",
        "entity": str(ENT),
        "prefixes": PREFIXES,
        "defaultQuery": with_prefixes(DEFAULT_QUERY),
        **vocabulary(),
        "questions": {name: _question(q) for name, q in saved_questions().items()},
        "timeout": config.timeout,
        "maxRows": config.max_rows,
    }


def json_for_html(value) -> str:
    """JSON that can stand inside a ``<script>`` element: ``<``, ``>`` and ``&`` (and the two
    line separators JavaScript once refused) are written as escapes, so no string in it can
    end the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def ui_page(config, *, explorer: bool = False) -> bytes:
    """The YASGUI page (see the module docstring); a plain form for browsers without scripts."""
    from graph.vocab import PREFIXES

    esc = html.escape
    options = "".join(f'<option value="{esc(name, quote=True)}" title="{esc(q.description, quote=True)}">'
                      f"{esc(name)} — {esc(q.description)}</option>" for name, q in saved_questions().items())
    prefixes = " ".join(f"<code>{esc(p)}:</code>" for p in PREFIXES)
    limits = (f"Read-only{' (updates allowed)' if config.allow_update else ''}; queries stop after "
              f"{config.timeout:g} s and at most {config.max_rows:,} rows.")
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>szkg — ask the graph</title>",
        '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">',
        '<link rel="stylesheet" href="/static/szkg-ui.css"></head><body>',
        '<header><h1>szkg — ask the graph</h1>',
        f"<p>SPARQL 1.1 endpoint at <code>/sparql</code>. {esc(limits)} "
        + ('<a href="/explorer">Graph explorer</a>' if explorer else "") + "</p>",
        f'<details class="prefixes"><summary>Predeclared prefixes</summary><p>{prefixes}</p></details></header>',
        '<section id="saved" aria-label="Saved questions">',
        '<label for="question">Saved question</label> ',
        f'<select id="question"><option value="">— write your own query —</option>{options}</select>',
        '<p id="question-description"></p>',
        '<form id="params" autocomplete="off"></form>',
        '<button type="button" id="run-question" hidden>Run the question</button></section>',
        '<main id="yasgui"></main>',
        '<noscript><form method="get" action="/sparql"><p>Without scripts: type a query and get an HTML '
        'table.</p><textarea name="query" rows="12" cols="100" spellcheck="false">'
        f'{esc(DEFAULT_QUERY)}</textarea><input type="hidden" name="format" value="html">'
        '<button type="submit">Run</button></form></noscript>',
        f'<script type="application/json" id="szkg-config">{json_for_html(page_config(config))}</script>',
        '<script src="/static/yasgui/yasgui.min.js"></script>',
        '<script src="/static/szkg-ui.js"></script>',
        "</body></html>",
    ]
    return "".join(parts).encode("utf-8")


# ---------------------------------------------------------------- the entity card

_CARD_STYLE = """body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5rem auto;max-width:80rem;
padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.2rem;width:100%}
td,th{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}th{background:#f5f5f5}
.quote{color:#333}.quote::before{content:"“"}.quote::after{content:"”"}.dim{color:#777}
code{background:#f3f3f3;padding:0 .2rem}nav a{margin-right:1rem}"""


def _entity_link(entity_id: str, label: str, lang: str) -> str:
    from urllib.parse import quote

    href = "/entity/" + quote(entity_id, safe="") + (f"?lang={quote(lang)}" if lang != "zh-Hans" else "")
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(label or entity_id)}</a>'


def card_page(card, *, all_href: str = "") -> bytes:
    """The entity card as an HTML page: names, relations with every quote and its document,
    attributes, observations, mentioning documents; every text escaped, other entities linked
    to their own cards.  ``all_href`` links a summary (a hub's card) to the whole card."""
    esc = html.escape
    lang = card.lang
    out = ['<!DOCTYPE html><html lang="' + esc(lang, quote=True) + '"><head><meta charset="utf-8">',
           f"<title>{esc(card.title)} — szkg</title><style>{_CARD_STYLE}</style></head><body>",
           '<nav><a href="/">Query page</a>'
           + "".join(f'<a href="?lang={code}{"&amp;all=1" if card.limit is None else ""}">{name}</a>'
                     for code, name in (("zh-Hans", "简体"), ("zh-Hant", "繁體"), ("en", "English")))
           + "</nav>",
           f'<h1 class="card-title">{esc(card.title)}</h1>',
           f"<p><code>{esc(card.id)}</code> · {esc(', '.join(card.types))} · <code>{esc(card.iri)}</code></p>",
           "<h2>Names</h2><table><tr><th>language</th><th>label</th></tr>"]
    out += [f"<tr><td>{esc(tag)}</td><td>{esc(label)}</td></tr>" for tag, label in card.labels.items()]
    out += [f"<tr><td>alias</td><td>{esc(alias)}</td></tr>" for alias in card.aliases]
    out.append("</table>")
    for direction, heading in (("out", "Relations out"), ("in", "Relations in")):
        rows = [r for r in card.relations if r.direction == direction]
        groups = [g for g in card.groups if g.direction == direction]
        total = sum(g.count for g in groups)
        if not rows and not total:
            continue
        out.append(f'<h2>{heading} ({total:,})</h2><table class="relations"><tr><th>relation</th><th>entity</th>'
                   "<th>quote</th><th>document</th></tr>")
        for r in rows:
            qualified = r.predicate + "".join(f" ({q})" for q in (r.time, r.role) if q)
            out.append(f"<tr><td>{esc(qualified)}</td><td>{_entity_link(r.other, r.other_label, lang)}</td>"
                       f'<td class="quote">{esc(r.quote)}</td>'
                       f"<td>{esc(r.document)} <span class='dim'>{esc(r.title)}</span></td></tr>")
        for g in groups:
            if g.more:
                out.append(f"<tr><td>{esc(g.predicate)}</td><td colspan='3' class='dim'>… {g.more:,} more "
                           f"({g.count:,} in all)</td></tr>")
        out.append("</table>")
    if card.attributes:
        out.append("<h2>Attributes</h2><table><tr><th>attribute</th><th>value</th><th>quote</th>"
                   "<th>document</th></tr>")
        out += [f"<tr><td>{esc(a.predicate)}</td><td>{esc(a.value)}</td><td class='quote'>{esc(a.quote)}</td>"
                f"<td>{esc(a.document)} <span class='dim'>{esc(a.title)}</span></td></tr>" for a in card.attributes]
        out.append("</table>")
    if card.observations:
        out.append(f"<h2>Observations ({len(card.observations):,})</h2><table><tr><th>period</th>"
                   "<th>indicator</th><th>value</th><th>unit</th><th>as written</th><th>quote</th><th>document</th></tr>")
        out += ["<tr>" + "".join(f"<td>{esc(v)}</td>" for v in (o.period, o.indicator, o.value, o.unit, o.as_written))
                + f"<td class='quote'>{esc(o.quote)}</td><td>{esc(o.document)}</td></tr>" for o in card.observations]
        out.append("</table>")
    if card.documents:
        out.append(f"<h2>Mentioned in ({card.document_count:,})</h2><ul>")
        out += [f"<li><code>{esc(d.id)}</code> {esc(d.title)}</li>" for d in card.documents]
        out.append("</ul>")
    if not card.complete and all_href:
        out.append(f'<p class="dim">A summary: at most {card.limit} statements per relation and direction. '
                   f'<a href="{esc(all_href, quote=True)}">Show every statement and quote</a>.</p>')
    out.append("</body></html>")
    return "".join(out).encode("utf-8")
