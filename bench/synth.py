#!/usr/bin/env python3
"""A synthetic szkg graph with the ontology's shape, at any size, for the benchmarks.

The dataset has the layout ``graph/rdf.py`` describes: entities with Chinese labels in
``g:entities`` (zh-Hans, zh-Hant, en, an alias for some), documents in ``g:documents``, and
per document ``dg:D`` the direct triples, one ``szkg:Statement`` node per relation with its
``szkg:evidence`` (``oa:TextQuoteSelector`` quote and ``oa:TextPositionSelector`` offsets), observations and
``szkg:mentions``; the ontology goes into ``g:ontology`` so the projection knows the
relations.  Degrees follow a power law: objects are drawn with Zipf weights, so a few places
(深圳 first) and industries are hubs; the industries form a hierarchy without cycles
(``subIndustryOf`` points to an industry drawn as broader).  The real anchors of the seed
corpus are there too (``huawei`` 华为, ``shenzhen`` 深圳, ``policy-18-1987`` 18号文件, ``ren-zhengfei`` 任正非,
``robotics`` 机器人), so saved questions about them have answers.  Every entity carries the
``szkg:nameKey`` literals ``szkg build`` would give it (``graph.names.name_keys``), so
names resolve the same way as on a built store, and the hubs have their ``g:counts``
(``graph.rdf.hub_counts``), as a build records them.

The same ``seed`` and size give byte-identical N-Quads.  ``entity_graph`` draws just the
entity graph (no RDF) as a networkx graph, for centrality at sizes the RDF would not fit.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BASE = "https://w3id.org/szkg/"
SZKG = BASE + "ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Share of entities per class (places and industries are few, so they become hubs).
CLASS_SHARE = {
    "Firm": 0.52,
    "Product": 0.16,
    "Person": 0.14,
    "Organization": 0.08,
    "Policy": 0.05,
    "Industry": 0.03,
    "Place": 0.02,
}
#: Relations: (predicate, subject classes, object classes, share of edges, Zipf exponent of objects).
RELATIONS = [
    ("locatedIn", ("Firm", "Organization"), ("Place",), 0.16, 1.3),
    ("operatesIn", ("Firm",), ("Industry",), 0.14, 1.2),
    ("produces", ("Firm",), ("Product",), 0.12, 0.6),
    ("supplies", ("Firm",), ("Firm",), 0.10, 0.9),
    ("partnersWith", ("Firm", "Organization"), ("Firm", "Organization"), 0.09, 0.9),
    ("foundedBy", ("Firm",), ("Person",), 0.06, 0.3),
    ("leads", ("Person",), ("Firm", "Organization"), 0.05, 0.5),
    ("enabled", ("Policy",), ("Firm", "Industry"), 0.06, 0.9),
    ("targets", ("Policy",), ("Industry",), 0.04, 1.1),
    ("issuedBy", ("Policy",), ("Organization", "Place"), 0.03, 1.2),
    ("investsIn", ("Firm", "Organization"), ("Firm",), 0.06, 0.9),
    ("memberOf", ("Firm", "Organization"), ("Organization",), 0.05, 1.0),
    ("subIndustryOf", ("Industry",), ("Industry",), 0.01, 1.0),
    ("competesWith", ("Firm",), ("Firm",), 0.03, 0.9),
]
#: Hierarchies: each drawn pair is turned so the object (the broader one) comes earlier in
#: its pool than the subject, so the relation has no cycle, as a taxonomy has none.
HIERARCHIES = {"subIndustryOf"}
#: Simplified → traditional for the characters the names are made of (OpenCC is too slow for 10⁶ names).
HANT = dict(
    zip(
        "华为电云龙车机网数据软联达光科创汇鹏飞汽讯实业发展区门湾侨业东兴园智乐宝锋产术语铁陈张刘杨赵马吴郑许邓韩冯孙罗梁谢钟苏黄",
        "華為電雲龍車機網數據軟聯達光科創匯鵬飛汽訊實業發展區門灣僑業東興園智樂寶鋒產術語鐵陳張劉楊趙馬吳鄭許鄧韓馮孫羅梁謝鍾蘇黃",
        strict=True,
    )
)
SYLLABLES = "华为电云龙车机网数据软联达光科创汇鹏飞讯实兴园智乐宝锋星海腾芯微源新锐视安恒泰瑞博"
SURNAMES = "陈张刘杨赵马吴郑许邓韩冯孙罗梁谢钟苏黄王李"
SUFFIX = {
    "Firm": ("科技", "电子", "智能", "汽车", "机器人", "集团", "软件", "光电"),
    "Organization": ("研究院", "协会", "联盟", "基金", "大学", "管理局"),
    "Product": ("芯片", "平台", "相机", "系统", "手表", "无人机"),
    "Policy": ("计划", "行动方案", "若干措施", "条例", "号文件"),
    "Industry": ("产业", "制造", "服务"),
    "Place": ("区", "街道", "园区", "市"),
}
ANCHORS = [
    ("shenzhen", "Place", "深圳", "Shenzhen"),
    ("huawei", "Firm", "华为", "Huawei"),
    ("policy-18-1987", "Policy", "18号文件", "Document No. 18 (1987)"),
    ("ren-zhengfei", "Person", "任正非", "Ren Zhengfei"),
    ("robotics", "Industry", "机器人", "robotics"),
]
QUOTE = {
    "locatedIn": "{s}总部位于{o}。",
    "operatesIn": "{s}深耕{o}多年。",
    "produces": "{s}推出了{o}。",
    "supplies": "{s}为{o}供应核心部件。",
    "partnersWith": "{s}与{o}签署战略合作协议。",
    "foundedBy": "{o}创办了{s}。",
    "leads": "{s}现任{o}董事长。",
    "enabled": "如果没有{s},就没有{o}。",
    "targets": "{s}重点支持{o}。",
    "issuedBy": "{o}发布了{s}。",
    "investsIn": "{s}领投{o}新一轮融资。",
    "memberOf": "{s}加入了{o}。",
    "subIndustryOf": "{s}是{o}的重要分支。",
    "competesWith": "{s}与{o}正面竞争。",
}
#: Triples a relation costs: the direct one + 8 on the statement node + 2 quote + 3 position.
TRIPLES_PER_RELATION = 14
STATEMENTS_PER_DOCUMENT = 40


@dataclass(frozen=True)
class Plan:
    """How many of each thing a graph of about ``triples`` triples gets."""

    entities: int
    relations: int
    observations: int
    documents: int


def plan(triples: int) -> Plan:
    """Sizes for a target triple count: per entity ~5 label triples + ~3.2 relations of 14 triples."""
    entities = max(len(ANCHORS) + 40, round(triples / 52))
    relations = max(20, round(entities * 3.2))
    observations = round(entities * 0.08)
    return Plan(entities, relations, observations, max(1, relations // STATEMENTS_PER_DOCUMENT))


def _zipf_weights(n: int, exponent: float):
    import numpy as np

    w = 1.0 / np.arange(1, n + 1, dtype=float) ** exponent
    return w / w.sum()


def _draw(rng, pools, exponent: float, k: int):
    """``k`` entity numbers from the union of the class pools, Zipf-weighted by rank in the pool."""
    import numpy as np

    sizes = np.array([len(p) for p in pools], dtype=float)
    which = rng.choice(len(pools), size=k, p=sizes / sizes.sum())
    out = np.empty(k, dtype=np.int64)
    for i, pool in enumerate(pools):
        mask = which == i
        picks = rng.choice(len(pool), size=int(mask.sum()), p=_zipf_weights(len(pool), exponent))
        out[mask] = np.asarray(pool)[picks]
    return out


@dataclass
class Skeleton:
    """Entities (id, class, zh-Hans label, en label) and relations (s, predicate, o) as numbers."""

    ids: list[str]
    classes: list[str]
    labels: list[str]
    english: list[str]
    edges: list[tuple[int, str, int]]


def skeleton(entities: int, relations: int, seed: int = 42) -> Skeleton:
    """The entity graph: classes by CLASS_SHARE, relations by RELATIONS, anchors first in their pools."""
    import numpy as np

    rng = np.random.default_rng(seed)
    classes = [a[1] for a in ANCHORS]
    rest = entities - len(ANCHORS)
    for cls, share in CLASS_SHARE.items():
        classes += [cls] * max(2, round(rest * share))
    classes = classes[:entities] if len(classes) > entities else classes
    ids, labels, english = [], [], []
    for i, cls in enumerate(classes):
        if i < len(ANCHORS):
            ids.append(ANCHORS[i][0]), labels.append(ANCHORS[i][2]), english.append(ANCHORS[i][3])
            continue
        a, b, c = (SYLLABLES[(i * 7 + j * 13) % len(SYLLABLES)] for j in range(3))
        if cls == "Person":
            name = SURNAMES[i % len(SURNAMES)] + a + (b if i % 3 else "")
        else:
            name = a + b + (c if i % 2 else "") + SUFFIX[cls][i % len(SUFFIX[cls])]
        ids.append(f"{cls.lower()}-{i}")
        labels.append(f"{name}{i}")
        english.append(f"{cls} {i}")
    pools = {cls: [i for i, c in enumerate(classes) if c == cls] for cls in CLASS_SHARE}
    edges: list[tuple[int, str, int]] = []
    for predicate, domain, range_, share, exponent in RELATIONS:
        k = max(1, round(relations * share))
        subjects = _draw(rng, [pools[c] for c in domain], 0.7, k)
        objects = _draw(rng, [pools[c] for c in range_], exponent, k)
        if predicate in HIERARCHIES:  # one class: pool order is entity number order
            subjects, objects = np.maximum(subjects, objects), np.minimum(subjects, objects)
        edges += [
            (int(s), predicate, int(o)) for s, o in zip(subjects, objects, strict=True) if s != o
        ]
    order = rng.permutation(len(edges))
    return Skeleton(ids, classes, labels, english, [edges[i] for i in order])


def entity_graph(nodes: int, seed: int = 42, relations: int | None = None):
    """The entity graph of about ``nodes`` entities as an undirected networkx Graph (no RDF),
    drawn with ``relations`` relations (default 3.2 per entity; repeated pairs collapse, so
    the graph has a few percent fewer edges)."""
    import networkx as nx

    sk = skeleton(nodes, relations or round(nodes * 3.2), seed)
    G = nx.Graph()
    G.add_nodes_from(sk.ids)
    G.add_edges_from((sk.ids[s], sk.ids[o]) for s, _p, o in sk.edges)
    return G


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _hant(text: str) -> str:
    return "".join(HANT.get(ch, ch) for ch in text)


def _ontology_lines(ontology: Path) -> list[str]:
    import pyoxigraph as ox

    g = f"<{BASE}graph/ontology>"
    triples = ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE)
    return sorted(
        {
            f"{t.subject} {t.predicate} {t.object} {g} .\n"
            for t in triples
            if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
        }
    )


def write_nquads(path: Path, triples: int, seed: int = 42, ontology: Path | None = None) -> int:
    """Write a graph of about ``triples`` triples to ``path`` as N-Quads; return the exact count."""
    from graph.names import name_keys  # the build's own keys, so lookups by name work alike
    from graph.rdf import count_node, hub_counts  # the build's own g:counts

    p = plan(triples)
    sk = skeleton(p.entities, p.relations, seed)
    ent = [f"<{BASE}id/{i}>" for i in sk.ids]
    gE, gD = f"<{BASE}graph/entities>", f"<{BASE}graph/documents>"
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:

        def emit(lines: list[str]) -> None:
            nonlocal count
            out.writelines(lines)
            count += len(lines)

        if ontology is not None:
            emit(_ontology_lines(ontology))
        for i, e in enumerate(ent):
            label = sk.labels[i]
            names = [sk.ids[i], label, _hant(label), sk.english[i]]
            lines = [
                f"{e} <{RDF}type> <{SZKG}{sk.classes[i]}> {gE} .\n",
                f"{e} <{SKOS}prefLabel> {_lit(label)}@zh-Hans {gE} .\n",
                f"{e} <{SKOS}prefLabel> {_lit(_hant(label))}@zh-Hant {gE} .\n",
                f"{e} <{SKOS}prefLabel> {_lit(sk.english[i])}@en {gE} .\n",
            ]
            if i % 4 == 0:
                names.append(label + "公司")
                lines.append(f"{e} <{SKOS}altLabel> {_lit(label + '公司')}@zh-Hans {gE} .\n")
            lines += [f"{e} <{SZKG}nameKey> {_lit(key)} {gE} .\n" for key in name_keys(names)]
            emit(lines)
        for d in range(p.documents):
            doc = f"<{BASE}document/d{d}>"
            emit(
                [
                    f"{doc} <{RDF}type> <{SZKG}Document> {gD} .\n",
                    f"{doc} <{DCT}title> {_lit(f'深圳产业报道第{d}篇')}@zh-Hans {gD} .\n",
                    f"{doc} <{DCT}identifier> {_lit(f'd{d}')} {gD} .\n",
                    f'{doc} <{SZKG}script> "zh-Hans" {gD} .\n',
                    f"{doc} <{SZKG}cleanText> {_lit(f'深圳产业报道第{d}篇的正文。')}@zh-Hans {gD} .\n",
                ]
            )
        seen: set[tuple[int, str, int, int]] = set()
        for n, (s, predicate, o) in enumerate(sk.edges):
            d = n // STATEMENTS_PER_DOCUMENT
            g, st = f"<{BASE}graph/document/d{d}>", f"<{BASE}statement/s{n}>"
            quote = QUOTE[predicate].format(s=sk.labels[s], o=sk.labels[o])
            start = (n * 37) % 5000
            if (
                s,
                predicate,
                o,
                d,
            ) not in seen:  # a fact stated twice in a document is one direct triple
                seen.add((s, predicate, o, d))
                emit([f"{ent[s]} <{SZKG}{predicate}> {ent[o]} {g} .\n"])
            emit(
                [
                    f"{st} <{RDF}type> <{SZKG}Statement> {g} .\n",
                    f"{st} <{RDF}subject> {ent[s]} {g} .\n",
                    f"{st} <{RDF}predicate> <{SZKG}{predicate}> {g} .\n",
                    f"{st} <{RDF}object> {ent[o]} {g} .\n",
                    f"{st} <{PROV}wasDerivedFrom> <{BASE}document/d{d}> {g} .\n",
                    f'{st} <{SZKG}status> "curated" {g} .\n',
                    f"{st} <{SZKG}evidence> <{BASE}statement/s{n}#e> {g} .\n",
                    f"<{BASE}statement/s{n}#e> <{RDF}type> <{OA}SpecificResource> {g} .\n",
                    f"<{BASE}statement/s{n}#e> <{OA}hasSource> <{BASE}document/d{d}> {g} .\n",
                    f"<{BASE}statement/s{n}#e> <{OA}hasSelector> <{BASE}statement/s{n}#quote> {g} .\n",
                    f"<{BASE}statement/s{n}#e> <{OA}hasSelector> <{BASE}statement/s{n}#position> {g} .\n",
                    f"<{BASE}statement/s{n}#quote> <{RDF}type> <{OA}TextQuoteSelector> {g} .\n",
                    f"<{BASE}statement/s{n}#quote> <{OA}exact> {_lit(quote)}@zh-Hans {g} .\n",
                    f"<{BASE}statement/s{n}#position> <{RDF}type> <{OA}TextPositionSelector> {g} .\n",
                    f'<{BASE}statement/s{n}#position> <{OA}start> "{start}"^^<{XSD}integer> {g} .\n',
                    f'<{BASE}statement/s{n}#position> <{OA}end> "{start + len(quote)}"^^<{XSD}integer> {g} .\n',
                ]
            )
            if n % 3 == 0 and (s, "mentions", -1, d) not in seen:
                seen.add((s, "mentions", -1, d))
                emit([f"<{BASE}document/d{d}> <{SZKG}mentions> {ent[s]} {g} .\n"])
        firms = [i for i, c in enumerate(sk.classes) if c == "Firm"]
        for k in range(p.observations):
            subject = firms[(k * 7919) % len(firms)]
            d = k % p.documents
            g, ob = f"<{BASE}graph/document/d{d}>", f"<{BASE}observation/o{k}>"
            emit(
                [
                    f"{ob} <{RDF}type> <{SZKG}Observation> {g} .\n",
                    f"{ob} <{SZKG}about> {ent[subject]} {g} .\n",
                    f"{ob} <{SZKG}indicator> <{BASE}indicator/revenue> {g} .\n",
                    f'{ob} <{SZKG}value> "{(k % 997 + 1) * 1000000}"^^<{XSD}decimal> {g} .\n',
                    f'{ob} <{SZKG}unit> "CNY" {g} .\n',
                    f'{ob} <{SZKG}period> "{2000 + k % 25}" {g} .\n',
                    f"{ob} <{PROV}wasDerivedFrom> <{BASE}document/d{d}> {g} .\n",
                ]
            )
        gC = f"<{BASE}graph/counts>"
        for i, direction, predicate, n in hub_counts((s, pr, o, True) for s, pr, o in sk.edges):
            c = f"<{count_node(ent[i][1:-1], direction, predicate)}>"
            emit(
                [
                    f"{c} <{RDF}type> <{SZKG}RelationCount> {gC} .\n",
                    f"{c} <{SZKG}countOf> {ent[i]} {gC} .\n",
                    f'{c} <{SZKG}direction> "{direction}" {gC} .\n',
                    f"{c} <{SZKG}countedRelation> <{SZKG}{predicate}> {gC} .\n",
                    f'{c} <{SZKG}statementCount> "{n}"^^<{XSD}integer> {gC} .\n',
                ]
            )
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=float, help="about how many triples (1e6, 10e6, …)")
    parser.add_argument("out", type=Path, help="N-Quads file to write")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--ontology",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "ontology" / "szkg.ttl",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # graph/, for the name keys
    started = time.perf_counter()
    n = write_nquads(args.out, int(args.triples), args.seed, args.ontology)
    print(f"{args.out}: {n:,} triples in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
