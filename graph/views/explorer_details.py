"""What the explorer's cards show beyond the projection, read from the store.

Documents (title, publisher, date, year, link), the evidence of every statement and
observation (quote, character offsets in the clean text, the sentence around the quote,
status), observations with their indicator's labels in every language, attributes, mentions,
the ontology's labels of classes and predicates, and the policy timeline.

The sentence around a quote is cut from the document's clean text (``szkg:cleanText``) at the
offsets the build verified: from the end of the sentence before the quote to the end of the
sentence that holds its last character, at most ``CONTEXT`` characters on each side.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: at most this many characters of the surrounding sentence on each side of a quote
CONTEXT = 160
#: a sentence ends after one of these (a full stop followed by a space, for English)
_SENTENCE_END = re.compile(r"[。！？!?；\n]|\.(?=\s)")
#: what a policy does to a firm or industry, as the timeline lists it
TIMELINE_PREDICATES = ("enabled", "targets", "supports")
_YEAR = re.compile(r"^(\d{4})")


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """(before, after): the rest of the sentence(s) the span ``text[start:end]`` stands in."""
    if not text or not 0 <= start <= end <= len(text):
        return "", ""
    window = text[max(0, start - CONTEXT):start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    before = window[ends[-1]:] if ends else window
    tail = text[end:end + CONTEXT]
    if end > start and _SENTENCE_END.fullmatch(text[end - 1]):
        after = ""  # the quote ends its sentence
    else:
        found = _SENTENCE_END.search(tail)
        after = tail[:found.end()] if found else tail
    return before.lstrip(), after.rstrip()


def year_of(date: str) -> int | None:
    """The year a document's date (``2025``, ``2025-02``, ``2025-02-03``) falls in, if any."""
    found = _YEAR.match(date or "")
    return int(found.group(1)) if found else None


def _fields(row, *names: str) -> dict[str, str]:
    """Some variables of a SPARQL solution as plain strings ("" when unbound)."""
    return {n: row[n].value if row[n] is not None else "" for n in names}


def _lang_labels(rows, key: str) -> dict[str, dict[str, str]]:
    """{local name: {zh-Hans, zh-Hant, en}} from rows of (key, ?l); zh-Hant by OpenCC when missing."""
    from graph.text import to_traditional
    from graph.vocab import local_name

    found: dict[str, dict[str, str]] = {}
    for row in rows:
        lang = (row["l"].language or "").lower()
        name = local_name(row[key].value)
        tag = {"en": "en", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}.get(lang)
        if tag:
            found.setdefault(name, {})[tag] = row["l"].value
    for labels in found.values():
        if "zh-Hans" in labels:
            labels.setdefault("zh-Hant", to_traditional(labels["zh-Hans"]))
    return dict(sorted(found.items()))


def _evidence(rows, texts: dict[str, str]) -> dict[str, list[dict]]:
    """{statement or observation id: its pieces of evidence, in text order}."""
    from graph.vocab import local_name

    found: dict[str, set[tuple]] = {}
    for row in rows:
        doc = local_name(row["doc"].value) if row["doc"] is not None else ""
        status = row["status"].value if row["status"] is not None else ""
        found.setdefault(local_name(row["node"].value), set()).add(
            (doc, int(row["start"].value), int(row["end"].value), row["quote"].value, status))
    result = {}
    for node, pieces in sorted(found.items()):
        result[node] = []
        for doc, start, end, quote, status in sorted(pieces):
            before, after = context(texts.get(doc, ""), start, end)
            result[node].append(dict(doc=doc, start=start, end=end, quote=quote, status=status,
                                     before=before, after=after))
    return result


def with_evidence(node: str, quote: str, doc: str, evidence: dict[str, list[dict]]) -> dict:
    """One quote of ``node`` as the page shows it: the quote, where it is and what surrounds it."""
    for piece in evidence.get(node, ()):
        if piece["quote"] == quote and (not doc or piece["doc"] == doc):
            return dict(piece)
    return dict(doc=doc, quote=quote, start=None, end=None, status="", before="", after="")


def load_details(store) -> dict[str, Any]:
    """Everything the cards show beyond the projection (see the module docstring)."""
    import pyoxigraph as ox

    from graph.query.reads import read_query
    from graph.vocab import local_name, sparql_prefixes

    def rows(name: str):
        return store.query(sparql_prefixes() + read_query(name), use_default_graph_as_union=True)

    documents, texts = {}, {}
    for row in rows("documents"):
        found = _fields(row, "title", "script", "publisher", "date", "url")
        found["year"] = year_of(found["date"])
        documents[row["id"].value] = {k: v for k, v in found.items() if v not in ("", None)}
        texts[row["id"].value] = _fields(row, "text")["text"]
    evidence = _evidence(rows("evidence"), texts)
    indicators = _lang_labels(rows("indicator-labels"), "indicator")
    mentions: dict[str, set[str]] = {}
    for row in rows("mentions"):
        mentions.setdefault(local_name(row["e"].value), set()).add(local_name(row["doc"].value))
    observations: dict[str, dict[str, dict]] = {}
    for row in rows("observations"):
        node, indicator = local_name(row["observation"].value), local_name(row["indicator"].value)
        found = _fields(row, "value", "unit", "period", "asWritten", "qualifier", "quote")
        doc = local_name(_fields(row, "document")["document"])
        found.update(with_evidence(node, found["quote"], doc, evidence))
        found["written"] = found.pop("asWritten")
        found["indicator"] = indicator
        found["indicatorLabels"] = indicators.get(indicator) or {"en": indicator.replace("_", " ")}
        observations.setdefault(local_name(row["entity"].value), {})[node] = found
    attributes: dict[str, dict[str, dict]] = {}
    for row in rows("statements"):
        if not isinstance(row["object"], ox.Literal):  # an attribute: a statement with a literal value
            continue
        node, doc = local_name(row["statement"].value), local_name(_fields(row, "document")["document"])
        found = with_evidence(node, _fields(row, "quote")["quote"], doc, evidence)
        found.update(value=row["object"].value, attribute=local_name(row["predicate"].value))
        attributes.setdefault(local_name(row["subject"].value), {})[f"{node} {found['start']}"] = found
    return {
        "labels": _lang_labels(rows("ontology-labels"), "x"),
        "documents": documents,
        "evidence": evidence,
        "mentions": {e: sorted(d) for e, d in mentions.items()},
        "observations": {e: [v for _k, v in sorted(o.items())] for e, o in observations.items()},
        "attributes": {e: [v for _k, v in sorted(a.items())] for e, a in attributes.items()},
    }


def policy_timeline(G: nx.MultiDiGraph, shown: list[str], details: dict[str, Any]) -> list[dict]:
    """The policies drawn, by year of issue (``issuedYear``; unknown years last), each with the
    firms, industries and products it enabled, targets or supports, and who issued it."""
    drawn = set(shown)
    entries = []
    for policy in shown:
        if G.nodes[policy].get("type") != "Policy":
            continue
        years = sorted({int(a["value"][:4]) for a in details.get("attributes", {}).get(policy, ())
                        if a.get("attribute") == "issuedYear" and a["value"][:4].isdigit()})
        links = sorted((TIMELINE_PREDICATES.index(p), p, o) for _s, o, p in G.out_edges(policy, keys=True)
                       if p in TIMELINE_PREDICATES and o in drawn)
        issuers = sorted(o for _s, o, p in G.out_edges(policy, keys=True) if p == "issuedBy" and o in drawn)
        entries.append(dict(policy=policy, year=years[0] if years else None, issuedBy=issuers,
                            links=[dict(predicate=p, to=o) for _i, p, o in links]))
    return sorted(entries, key=lambda e: (e["year"] is None, e["year"] or 0, -len(e["links"]), e["policy"]))
