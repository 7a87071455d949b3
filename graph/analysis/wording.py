"""The centrality report's words in the reader's language (``--lang zh-Hans|zh-Hant|en``).

Each phrase is written in English and in Simplified Chinese; the Traditional form is the
Simplified one through OpenCC (:func:`graph.text.to_traditional`), converted before the
values are filled in, so labels already in the chosen language are left as they are.
Metric titles and meanings have the same three forms (:func:`metric_title`,
:func:`metric_meaning`); entity, class and predicate labels come from the graph and the
ontology, not from here.
"""

from __future__ import annotations

from functools import cache, lru_cache

from graph.analysis.metrics import METRICS
from graph.errors import AnalysisError

#: key → (English, Simplified Chinese); ``{name}`` fields are filled by :func:`say`
PHRASES: dict[str, tuple[str, str]] = {
    # reading(): the setting
    "setting": ("The graph has {nodes} entities linked by {pairs} {mode} edges ({weight}) in {parts} "
                "connected parts; the largest holds {largest} entities.",
                "图中有 {nodes} 个实体，由 {pairs} 条{mode}边（{weight}）相连，分为 {parts} 个连通部分；"
                "最大的部分有 {largest} 个实体。"),
    "directed": ("directed", "有向"),
    "undirected": ("undirected", "无向"),
    "weighted": ("weighted by the number of supporting quotes", "按支持引文的数量加权"),
    "unweighted": ("unweighted", "不加权"),
    "only types": (" Rankings list only {types} entities.", "排名只列出{types}类实体。"),
    "list sep": (", ", "、"),
    # reading(): one paragraph per metric
    "nothing to rank": ("{title} ({meaning}): no entity to rank.", "{title}（{meaning}）：没有可排名的实体。"),
    "measures": ("{title} measures {meaning}.", "{title}衡量{meaning}。"),
    "first": (" {label} ranks first ({value})", "{label}排名第一（{value}）"),
    "tied": (", tied with {labels}", "，与{labels}并列"),
    "ahead": (", ahead of {label} ({value})", "，领先于{label}（{value}）"),
    "end": (".", "。"),
    "fact": (" {label}: {fact}.", "{label}：{fact}。"),
    "example": (" For example, {relation}.", "例如，{relation}。"),
    "note": (" Note: {note}.", "注：{note}。"),
    # why(): what the metric counts for one entity
    "point at it": ("{n} entities point at it", "有 {n} 个实体指向它"),
    "it points at": ("it points at {n} entities", "它指向 {n} 个实体"),
    "most by": (", most by {predicate} ({n})", "，其中最多的关系是{predicate}（{n}）"),
    "linked to": ("linked to {n} entities", "与 {n} 个实体相连"),
    "linked to none": ("linked to no other entity", "不与其他实体相连"),
    "among them": ("linked to {n} entities, among them the central {named}",
                   "与 {n} 个实体相连，其中包括中心实体{named}"),
    "and": (" and ", "和"),
    "no pair": ("on shortest paths between entities further apart; no two of its neighbours depend on it alone",
                "位于相距更远的实体之间的最短路径上；它的邻居中没有两个只靠它相连"),
    "at least": ("at least ", "至少 "),
    "bridges": ("every shortest path between {capped}{count} pairs of its neighbours runs through it "
                "(they are two steps apart and it is their only link), such as {a} and {b}",
                "它的邻居中有{capped}{count} 对实体之间的每条最短路径都经过它（它们相隔两步，它是唯一的连接），"
                "例如{a}和{b}"),
    "reaches": ("reaches {reach} entities, {one} in one hop, {two} in two and {three} in three "
                "({mean} hops on average)",
                "可到达 {reach} 个实体：一步 {one} 个，两步 {two} 个，三步 {three} 个（平均 {mean} 步）"),
    # the HTML page and the tables
    "report title": ("szkg centrality report", "szkg 中心性报告"),
    "markdown title": ("Centrality report", "中心性报告"),
    "no entity": ("no entity to rank", "没有可排名的实体"),
    "col rank": ("#", "#"),
    "col entity": ("entity", "实体"),
    "col class": ("class", "类别"),
    "col type": ("type", "类别"),
    "col value": ("value", "值"),
    "col fact": ("what the metric counts", "该指标计算的内容"),
    "col quoted": ("one relation behind it, as the source says it", "支撑它的一条关系（来源原文）"),
    "col carried": ("carried by (neighbour: relation ×quotes)", "主要来自（邻居：关系 ×引文数）"),
    "col carried short": ("carried by", "主要来自"),
    "note label": ("note", "注"),
}

#: metric name → (title, meaning) in Simplified Chinese (the English are METRICS' own)
METRIC_WORDS: dict[str, tuple[str, str]] = {
    "pagerank": ("PageRank", "图中的关注有多少流向一个实体：来自连接良好的实体的链接更重要"),
    "degree": ("度", "一个实体直接相连的实体数量"),
    "in_degree": ("入度", "有多少实体的关系指向一个实体（它是宾语）"),
    "out_degree": ("出度", "一个实体的关系指向多少实体（它是主语）"),
    "betweenness": ("介数", "一个实体多常位于另外两个实体之间的最短路径上：中介或桥梁"),
    "eigenvector": ("特征向量", "一个实体与其他中心实体的连接有多紧密"),
    "closeness": ("接近度", "一个实体到达其所在部分其余实体所需的步数有多少"),
    "harmonic": ("调和中心性", "到其他每个实体距离倒数之和：能处理不连通部分的接近度"),
}

LANGS = ("zh-Hans", "zh-Hant", "en")


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise AnalysisError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    return lang


@cache
def _template(english: str, chinese: str, lang: str) -> str:
    if lang == "en":
        return english
    if lang == "zh-Hant":
        from graph.text import to_traditional

        return to_traditional(chinese)
    return chinese


def say(lang: str, key: str, **values) -> str:
    """The phrase ``key`` in ``lang``, its ``{fields}`` filled with ``values``."""
    english, chinese = PHRASES[key]
    return _template(english, chinese, _check(lang)).format(**values)


def metric_title(name: str, lang: str) -> str:
    """A metric's heading in ``lang``."""
    return _template(METRICS[name].title, METRIC_WORDS[name][0], _check(lang))


def metric_meaning(name: str, lang: str) -> str:
    """What a metric measures, in ``lang``."""
    return _template(METRICS[name].meaning, METRIC_WORDS[name][1], _check(lang))
