"""Patterns that find names the gazetteer does not know yet.

Chinese has no spaces, so most patterns are anchored on the *end* of a name — a suffix
such as 科技, 研究院, 街道 or a role word before a person — and scan leftwards over name
characters until a stop character (function words, punctuation; ``cues.yaml``).  A stem
that is a common word (by the frequency list shipped with jieba) is not a brand name:
民营科技, 前沿科技 and 养老院 are rejected that way, without a list of exceptions.

Every pattern works on one script-normalised paragraph and returns ``Found`` spans in its
offsets; the pipeline maps them back to the original characters.
"""

from __future__ import annotations

import re

from graph.extract.cues import CJK, Cues, Found, Paragraph
from graph.extract.words import all_common_words, has_common_word, is_common, word_frequencies

_NOT_NAME = set("年月日个家位名条种项些每这那其我你他她们之际时里间第")
_DIGITS = re.compile(r"[0-9一二三四五六七八九十百千万亿两几多]")


def _trim(cues: Cues, norm: str, start: int, end: int, straddle: bool = False) -> int:
    """Skip leading words that introduce a name (包括, 如, 知名 ...) and anything up to a verb
    that cannot be part of it (广东正式成立|民营经济局); with ``straddle`` also a verb whose first character is the
    stop the scan ended on (入|驻银湖创新产业园)."""
    for m in cues.cut.finditer(norm, max(0, start - 1) if straddle else start, end):
        start = m.end()  # a verb right before the suffix leaves a stem too short to be a name (打造|港)
    if norm[start - 1:start + 1] == "其中" and start > 0:
        start += 1  # 其|中鸿富锦精密电子: 其 stops the scan, 中 is the rest of 其中 (among them), no part of a name
    changed = True
    while changed and start < end:
        changed = False
        for word in cues.lead_trim:
            if norm.startswith(word, start) and end - start > len(word) + 1:
                start += len(word)
                changed = True
                break
    return start


def _plausible_stem(stem: str, min_len: int = 2) -> bool:
    return (len(stem) >= min_len and all(CJK.match(c) for c in stem)
            and not any(c in _NOT_NAME for c in stem) and not _DIGITS.search(stem))


# ------------------------------------------------------------------ firms


def firms(p: Paragraph, cues: Cues) -> list[Found]:
    """…科技 / …集团 / …有限公司 names, and 'stem + industry word' (众擎机器人 → 众擎)."""
    out = []
    suffixes = list(cues.firm_suffix.finditer(p.norm))
    for i, m in enumerate(suffixes):
        a, b = m.span()
        if i + 1 < len(suffixes) and suffixes[i + 1].start() == b and suffixes[i + 1].group() not in cues.firm_strong:
            continue  # 鸿富锦精密|电子, 元化智能|科技: a chain of suffixes, named once by its last one
        head = a
        for prev in reversed(suffixes[:i]):
            if prev.end() != head or m.group() in cues.firm_strong:
                break  # before 有限公司 / 集团 the scan reads the rest as the stem (乙科技|有限公司), as it always did
            head = prev.start()
        if p.inside_known(head, b):
            continue
        strong = m.group() in cues.firm_strong
        if not strong and p.norm.startswith(_SECTOR_AFTER, b):
            continue  # 深圳科技|产业, 佑明创新|产业制造基地: the sector word, not a firm's name
        start = p.scan_left(head, cues.stops, 8 if strong else 4, through=False)
        if start < 0:
            continue
        start = _trim(cues, p.norm, start, head)
        guessed = p.ending.get(start)
        if guessed is not None and guessed.entry.type == "Person" and not guessed.entry.known \
                and guessed.entry.source.startswith("model:") and head - guessed.start <= 6:
            start = guessed.start  # 华强|文化科技集团: a name the model read as a person's is the firm's stem
        stem = p.norm[start:head]
        suffix = p.norm[head:b]
        if p.ending.get(start) is not None and p.ending[start].entry.type in ("Firm", "Organization"):
            continue  # 华为技术 … the firm is already named
        if m.group() == "控股" and p.norm[start - 1:start] in ("由", "被") and (b == len(p.norm) or p.norm[b] in _CLAUSE_END):
            continue  # 乙由甲控股。: the verb «holds a controlling stake», not 甲控股 (由腾讯控股领投 is the name)
        if not _plausible_stem(stem) or is_common(stem + suffix, 200):
            continue
        if is_common(stem, 2000) or (not strong and (is_common(stem, 300) or has_common_word(stem, 3000)
                                                     or all_common_words(stem, 100))):
            continue
        # a place written right before the name is often part of it (上海|玟昕科技): also a name
        place = p.ending.get(start)
        seat = (p.norm[place.start:start],) if place is not None and place.entry.type == "Place" else ()
        exact = p.starting.get(a)
        if head == a and exact is not None and exact.end == b and exact.entry.type == "Industry":
            out.append(Found(start, a, "Firm", (stem, stem + m.group(), *(s + stem for s in seat)),
                             "firm-before-industry", 0.5))
            continue
        out.append(Found(start, b, "Firm", (stem + suffix, *(s + stem + suffix for s in seat)),
                         "firm-suffix", 0.75 if strong else 0.6))
    return out


_CLAUSE_END = set("，,。；;：:、！？!?")


#: Words after 科技 / 创新 / 电子 … that make it a sector's word (科技产业, 创新产业园), not a firm's suffix.
_SECTOR_AFTER = ("产业", "行业", "领域", "赛道")


_BOUNDARY = set("，,、。；;：:“”「」『』（）() ")


def rare_names(p: Paragraph, cues: Cues) -> list[Found]:
    """A short name found in no dictionary right before an industry (丰翼物流无人机) or before
    的 + industry (韶音的骨传导耳机): a firm."""
    out = []
    for m in p.matches:
        if m.entry.type != "Industry":
            continue
        end = m.start - 1 if p.norm[m.start - 1:m.start] == "的" else m.start
        start = p.scan_left(end, cues.stops, 4, through=False)
        if start < 0 or (p.ending.get(start) is None and start > 0 and p.norm[start - 1] not in _BOUNDARY) or \
                (p.ending.get(start) is not None and p.ending[start].entry.type != "Place"):
            continue
        stem = p.norm[start:end]
        if 2 <= len(stem) <= 4 and _plausible_stem(stem) and word_frequencies().get(stem) is None \
                and not any(is_common(stem[i:j], 50) for i in range(len(stem)) for j in range(i + 2, len(stem) + 1)):
            names = (stem,) if end < m.start else (stem, p.norm[start:m.end])
            out.append(Found(start, end, "Firm", names, "firm-rare-name", 0.45))
    return out


_LATIN_BRAND = re.compile(r"(?<![A-Za-z0-9])([A-Z][a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z]+[0-9]+[A-Za-z0-9]*)(?![A-Za-z0-9])")


#: A run of Latin words in Chinese text (SMART Brazil, H. Buschkuehl Limited, FORESEE)
_LATIN_RUN = re.compile(r"(?<![A-Za-z0-9.&'-])[A-Z][A-Za-z0-9&'.-]*(?:[ ][A-Z][A-Za-z0-9&'.-]*){0,5}(?![A-Za-z0-9&'-])")
#: Its last word a legal form: a firm's registered name (ASN Medical Limited)
_LATIN_LEGAL = re.compile(r"(?:Limited|Ltd\.?|Inc\.?|Co\.|Corp\.?|Corporation|GmbH|AG|LLC|PLC|S\.A\.|N\.V\.|B\.V\.)$")
#: A firm noun right before it, with an opening quote (存储厂商SMART Brazil, 器材公司「H. Buschkuehl Limited」, 品牌FORESEE)
_LATIN_FIRM_BEFORE = re.compile(r"(?:公司|厂商|厂家|企业|品牌|集团|制造商|供应商|生产商|服务商|业者)[“「『\"]?$")
#: …or a brand word right after it, with a closing quote (推出Zilia品牌)
_LATIN_FIRM_AFTER = re.compile(r"[”」』\"]?(?:品牌|公司|集团)")


def latin_names(p: Paragraph) -> list[Found]:
    """Latin names in Chinese text that the text calls a firm: a legal form ends it (ASN Medical Limited), or a
    firm noun stands right before it (存储厂商SMART Brazil, 研发公司「H. Buschkuehl Limited」) or a brand word
    right after it (推出Zilia品牌).  Other Latin runs in Chinese text say nothing of their kind (a product, a
    unit, an English gloss) and are left alone."""
    out = []
    for m in _LATIN_RUN.finditer(p.original):
        a, b = m.span()
        name = m.group().rstrip(".") if not _LATIN_LEGAL.search(m.group()) else m.group()
        b = a + len(name)
        inside = [x for x in p.matches if x.start < b and a < x.end]
        if len(name) < 2 or p.original[a - 1:a] in ("(", "（") or any(
                x.entry.type not in ("Place", "Industry") or x.start < a or b < x.end or x.end - x.start == b - a
                for x in inside):
            continue  # a known name, or part of one; a place or trade inside a firm's name is part of it (SMART Brazil)
        short = len(name) <= 3 and not any(c.islower() for c in name)  # B2B品牌, AI公司: a term, not a name
        if _LATIN_LEGAL.search(name) and " " in name or not short and (
                _LATIN_FIRM_BEFORE.search(p.norm, max(0, a - 4), a) or _LATIN_FIRM_AFTER.match(p.norm, b)):
            out.append(Found(a, b, "Firm", (p.norm[a:b],), "firm-latin-context", 0.5))
    return out


def latin_brands(p: Paragraph) -> list[Found]:
    """CamelCase or letters-and-digits Latin names (DeepSeek, Insta360) not already known."""
    out = []
    for m in _LATIN_BRAND.finditer(p.original):
        a, b = m.span()
        if p.covered[a] or len(m.group()) < 5 or p.original[a - 1:a] in ("(", "（"):
            continue
        out.append(Found(a, b, "Firm", (p.norm[a:b],), "firm-latin", 0.45))
    return out


#: A trade's maker word before a firm's name: 晶片封裝材料業者江蘇華海誠科, EDA業者華大九天, 无人机龙头大疆
_MAKER = re.compile(r"业者|厂商|制造商|生产商|供应商|龙头")
_NAME_END = set("，,、。；;：:（(）)“”「」 \n")


def makers(p: Paragraph, cues: Cues) -> list[Found]:
    """The name right after a trade and its maker word (…材料业者|江苏华海诚科, EDA业者|华大九天): a firm, when it
    runs to a punctuation mark within eight characters (no verb or particle in it)."""
    out = []
    for m in _MAKER.finditer(p.norm):
        a, b = m.span()
        trade = p.ending.get(a)
        if trade is None or trade.entry.type != "Industry":
            continue
        place = p.starting.get(b)
        place = place if place is not None and place.entry.type == "Place" else None
        first = place.end if place is not None else b  # 江苏|华海诚科: a place before the name is part of it
        end = b
        while end < len(p.norm) and end - b <= 8 and p.norm[end] not in _NAME_END and p.norm[end] not in cues.stops:
            end += 1
        if end - b > 8 or end >= len(p.norm) or p.norm[end] not in _NAME_END or first >= end \
                or any(p.covered[first:end]):
            continue
        name, stem = p.norm[b:end], p.norm[first:end]
        if not _plausible_stem(stem) or is_common(stem, 50) or all_common_words(stem, 300) \
                or has_common_word(stem, 3000):
            continue  # 业者纷纷扩产: what the makers do
        out.append(Found(b, end, "Firm", (name,) if place is None else (name, stem), "firm-after-maker", 0.55))
    return out


# ------------------------------------------------------------------ organisations


def organisations(p: Paragraph, cues: Cues) -> list[Found]:
    """…局 / …委员会 / …协会 / …大学 / …研究院 names, scanned leftwards through known names."""
    out = []
    for m in cues.org_suffix.finditer(p.norm):
        a, b = m.span()
        suffix = m.group()
        if p.inside_known(a, b):
            continue
        if len(suffix) == 1 and (p.norm.startswith(cues.role_after_suffix, b)
                                 or any(p.norm.startswith(r, a) for r in cues.roles if len(r) > 1 and r[0] == suffix)):
            continue  # 局长, 院长, 委员: the role word, not the end of a name
        if _suffix_inside_word(p.norm, a, b, suffix):
            continue
        start = p.scan_left(a, cues.org_stops, 20, through=True)
        if start < 0:
            continue
        start = _trim(cues, p.norm, start, a)
        name = p.norm[start:b]
        anchor = p.starting.get(start)
        anchored = (anchor is not None and anchor.entry.type in ("Place", "Organization", "Firm")) or \
            name.startswith(cues.org_prefixes)
        rest = p.norm[anchor.end:a] if anchor is not None and anchor.end <= a else p.norm[start:a]
        place_anchor = anchor is not None and anchor.entry.type == "Place"
        if suffix not in cues.org_strong:
            if not anchored or rest + suffix in _NOT_ORG_ENDINGS or is_common(rest + suffix, 20):
                continue
            if suffix in _PLACE_BODIES or (suffix == "委" and not rest):
                if len(rest) > 1 or not place_anchor:
                    continue  # 深圳市政府, 广东省委; not 深圳市相关政府, 省委
            elif len(rest) < 2:
                continue
        elif len(p.norm[start:a]) < 2 or (place_anchor and not rest and suffix in _GENERIC_INSTITUTES):
            continue
        if not anchored and (is_common(name, 50) or all_common_words(p.norm[start:a])):
            continue
        if any(c in _NOT_NAME for c in rest) or _DIGITS.search(rest):
            continue
        if anchor is not None and anchor.entry.type in ("Firm", "Organization") and rest.startswith(_BUILD_VERBS):
            continue  # 支持比亚迪建研发中心: the firm builds an unnamed centre, 比亚迪建研发中心 is no name
        out.append(Found(start, b, "Organization", (name,), "org-suffix", 0.7 if anchored else 0.55))
    return out


#: A verb of building right after a known firm's or body's name, before an organisation suffix: the unit is built,
#: not named (比亚迪建研发中心, 蓝海科技新建研究院); the longer verbs are cut_words
_BUILD_VERBS = ("建", "设", "新建", "筹建", "投建", "兴建", "扩建", "自建", "共建", "在建")
def _suffix_inside_word(norm: str, a: int, b: int, suffix: str) -> bool:
    """The suffix at [a, b) belongs to another word, so it ends no name: a one-character suffix that
    opens a word (总部所|在地, 深圳社|会, 整理报|导: a frequent word or one of ``_SUFFIX_STARTS_WORD``) or ends
    one (龙华区举|办, 华为深圳总|部: ``_WORD_BEFORE_SUFFIX``, or a frequent verb before 办); 中心 of a hub
    (华南地区中心|城市)."""
    if len(suffix) == 1:
        after, before = norm[a:b + 1], norm[a - 1:b]
        return is_common(after, 20) or after in _SUFFIX_STARTS_WORD or before in _WORD_BEFORE_SUFFIX \
            or (suffix == "办" and is_common(before, 20))
    return suffix == "中心" and norm.startswith(("城市", "区", "地带", "地位"), b)


_PLACE_BODIES = {"警方", "政府", "人民政府", "人大", "政协", "人大常委会", "代表团"}
_GENERIC_INSTITUTES = {"研究院", "研究所", "研究中心", "实验室", "研究部"}
_NOT_ORG_ENDINGS = {"南部", "北部", "东部", "西部", "中部", "内部", "外部", "全部", "局部", "头部", "总部", "干部",
                    "布局", "格局", "大局", "全局", "当局", "结局", "开局", "新局", "市中心", "部门",
                    "北部中心", "南部中心",
                    "东部中心", "西部中心", "中部中心", "经济中心", "金融中心", "贸易中心", "商贸中心", "航运中心",
                    "物流中心", "消费中心", "文化中心", "交通中心", "地区中心", "区域中心", "科技中心", "创新中心",
                    "科技创新中心", "国际科技创新中心", "国际中心"}
#: A word that a one-character suffix ends (在龙华区举办, 全国首部, 华为深圳总部): no name's end.
_WORD_BEFORE_SUFFIX = {"举办", "主办", "承办", "协办", "创办", "开办", "筹办", "首部", "总部", "本部", "全部", "局部"}
#: A word that a one-character suffix begins (整理报导, 统筹部署): the suffix does not end a name there.
_SUFFIX_STARTS_WORD = {"报道", "报导", "报告", "报名", "报价", "报送", "报表", "部署", "署名", "办理", "办公", "局面",
                       "局势", "所有", "所以", "所在", "所谓", "社会", "社区", "委托", "院线"}


# ------------------------------------------------------------------ policies

_BOOK = re.compile(r"《([^《》\n]{2,40})》")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』\n]{2,16})[”\"」』]")
_NUMBERED = re.compile(r"(?<![0-9])([0-9]{1,4}|[一二三四五六七八九十]{1,3})号文件")
#: Endings of a ranking, list or report (a Recognition that recognises, docs/annotation.md §3).
LIST_ENDINGS = ("报告", "白皮书", "蓝皮书", "名单", "榜单", "排行榜", "清单", "手册", "指数", "强")
#: Endings of a title or label conferred on a place or firm (a Recognition too).
TITLE_ENDINGS = ("之都", "第一城", "先锋城市", "示范城市", "示范区", "先导区", "试验区", "引领区", "先行区", "之城",
                 "名城", "奖")
#: Words before a quoted phrase that make it a conferred title (获评“…”, 打造“…”).
_TITLE_CONTEXT = re.compile(r"(?:获评|评为|荣获|获得|获批|入选|誉为|称为|成为|打造|建设|创建|跻身|摘得|荣膺|冠以|号称)"
                            r"[了为是]?$")


#: A title a place is built into or positioned as, unquoted: 建设国家人工智能创新应用先导区, 定位为…示范区
_TITLE_RUN = (r"(?![了一这该多首个新各])(?:国家|省|市)?[\u4e00-\u9fff]{3,20}?"
              r"(?:示范区|先导区|试验区|引领区|先行区|示范城市|先锋城市|示范工厂|示范基地)")
_TITLE_BUILT = re.compile(rf"(?:(?<=建设|打造|创建|获批|获评|评为|成为)|(?<=定位为)){_TITLE_RUN}(?:[和、及与]{_TITLE_RUN})*")


def policies(p: Paragraph, cues: Cues) -> list[Found]:
    """《…》 documents (or media), quoted programmes (“…”计划, “…券”) and 第…号 / …号文件."""
    out = []
    for m in _BOOK.finditer(p.norm):
        inner, after = m.group(1), p.norm[m.end():m.end() + 3]
        if inner.endswith(LIST_ENDINGS):  # 《…报告》, 《…白皮书》: a Recognition, not a policy
            out.append(Found(m.start(1), m.end(1), "Recognition", (inner,), "recognition-title", 0.6))
        elif inner.endswith(cues.media_suffixes):
            out.append(Found(m.start(1), m.end(1), "Organization", (inner,), "media-title", 0.6))
        elif any(w in inner for w in cues.policy_words) or after.startswith(cues.policy_words):
            out.append(Found(m.start(1), m.end(1), "Policy", (inner,), "policy-title", 0.7))
        elif len(inner) <= 12 and not re.search(r"[,，、:：—]{2}|——", inner) \
                and not p.norm.startswith(("一文", "文章", "的文章", "一篇"), m.end()):  # an article is no work
            out.append(Found(m.start(1), m.end(1), "Product", (inner,), "work-title", 0.5))
    for m in _QUOTED.finditer(p.norm):
        inner = m.group(1)
        if not re.fullmatch(r"[\u4e00-\u9fff0-9a-z+·]+", inner):
            continue
        tail = next((w for w in ("计划", "方案", "工程", "行动", "政策", "战略", "文件", "改革") if p.norm.startswith(w, m.end())), "")
        if tail:
            out.append(Found(m.start(), m.end() + len(tail), "Policy", (inner + tail, p.norm[m.start():m.end() + len(tail)]),
                             "policy-quoted", 0.7))
        elif inner.endswith(TITLE_ENDINGS + LIST_ENDINGS) and (
                inner.endswith(LIST_ENDINGS) or _TITLE_CONTEXT.search(p.norm, max(0, m.start() - 6), m.start())):
            out.append(Found(m.start(1), m.end(1), "Recognition", (inner,), "recognition-quoted", 0.55))
        elif inner.endswith(("券", "计划", "方案", "工程", "行动", "政策", "文件", "条例")):
            out.append(Found(m.start(1), m.end(1), "Policy", (inner,), "policy-quoted", 0.65))
        elif inner.endswith(("谷", "湾", "走廊", "之城", "港", "岛")) and len(inner) >= 3:
            out.append(Found(m.start(1), m.end(1), "Place", (inner,), "place-quoted", 0.5))
        elif re.search(r"[一二三四五六七八九十两]+(小龙|巨头|金刚|小虎|天王|剑客)$", inner):
            out.append(Found(m.start(1), m.end(1), "Organization", (inner,), "group-quoted", 0.5))
        elif p.norm.startswith(("系统", "平台", "大模型", "芯片", "操作系统"), m.end()) or \
                (p.starting.get(m.start(1)) is not None and p.starting[m.start(1)].entry.type == "Firm"
                 and p.starting[m.start(1)].end < m.end(1)):
            out.append(Found(m.start(1), m.end(1), "Product", (inner,), "product-quoted", 0.55))
    for m in _QUOTED.finditer(p.norm):  # “智能手机智能制造示范工厂”称号, 有“中国硅谷”之称: a conferred title
        inner = m.group(1)
        if p.norm.startswith(("称号", "荣誉称号", "之称", "美誉", "荣誉"), m.end()) and \
                re.fullmatch(r"[\u4e00-\u9fff0-9a-z+·]+", inner) and not inner.endswith(TITLE_ENDINGS + LIST_ENDINGS):
            out.append(Found(m.start(1), m.end(1), "Recognition", (inner,), "recognition-titled", 0.55))
    for m in _TITLE_BUILT.finditer(p.norm):  # 建设国家新一代人工智能创新发展试验区和…先导区
        for title in re.finditer(rf"(?:^|(?<=[和、及与])){_TITLE_RUN}", m.group()):
            a = m.start() + title.start()
            if not p.inside_known(a, a + len(title.group())):
                out.append(Found(a, a + len(title.group()), "Recognition", (title.group(),), "recognition-built", 0.5))
    for m in _NUMBERED.finditer(p.norm):
        out.append(Found(m.start(), m.end(), "Policy", (m.group(),), "policy-numbered", 0.8))
    for m in cues.policy_suffix.finditer(p.norm):
        a, b = m.span()
        if p.inside_known(a, b) or m.group() in ("计划", "工程", "政策", "战略", "法", "意见", "措施", "方案", "通知"):
            continue
        start = p.scan_left(a, cues.org_stops, 16, through=True)
        if start < 0:
            continue
        start = _trim(cues, p.norm, start, a)
        anchor = p.starting.get(start)
        if (anchor is None or anchor.entry.type not in ("Place", "Organization")) and \
                not p.norm.startswith(("国家", "省", "市", "区"), start):
            continue
        if a - start >= 4 and not is_common(p.norm[start:b], 50):
            out.append(Found(start, b, "Policy", (p.norm[start:b],), "policy-suffix", 0.6))
    return out


# ------------------------------------------------------------------ places


def places(p: Paragraph, cues: Cues) -> list[Found]:
    """…街道 / …路 / …大厦 / …产业园 names; a known place in front is kept as an alias."""
    out = []
    for m in cues.place_suffix.finditer(p.norm):
        a, b = m.span()
        if p.inside_known(a, b) or p.covered[a]:
            continue
        single = len(m.group()) == 1
        start = p.scan_left(a, cues.stops, 3 if single else 6, through=False)
        if start < 0:
            continue
        start = _trim(cues, p.norm, start, a, straddle=True)
        stem = p.norm[start:a]
        prefix = p.ending.get(start)
        has_place = prefix is not None and prefix.entry.type == "Place"
        if not stem and prefix is not None and prefix.entry.type == "Firm":
            out.append(Found(prefix.start, b, "Product", (p.norm[prefix.start:b],), "product-firm-place", 0.5))
            continue
        if not stem and has_place and m.group() in ("大道", "口岸", "机场", "港"):
            name = p.norm[prefix.start:b]
            out.append(Found(prefix.start, b, "Place", (name,), "place-suffix", 0.6))
            continue
        if not _plausible_stem(stem) or is_common(stem + m.group(), 50) or is_common(stem, 3000):
            continue
        if single and (is_common((stem + m.group())[-2:], 50) or has_common_word(stem, 3000)
                       or (start > 0 and is_common(p.norm[start - 1:start + 1], 300))):
            continue  # 说明深|港, 了|解深|港: a verb or half a word before a one-character suffix
        names = (stem + m.group(),)
        span_start = start
        if has_place:
            names, span_start = (stem + m.group(), p.norm[prefix.start:b]), prefix.start
        out.append(Found(span_start, b, "Place", names, "place-suffix", 0.6))
    return out


def listed_firms(p: Paragraph, cues: Cues) -> list[Found]:
    """Unknown names listed with known firms (华为、中兴、腾讯、创维等): firms too."""
    out = []
    if "、" not in p.norm:
        return out
    for m in _LIST.finditer(p.norm):
        parts, pos = [], m.start()
        for seg in re.split(r"([、和及])", m.group()):
            if seg in ("、", "和", "及"):
                pos += 1
                continue
            parts.append((pos, pos + len(seg)))
            pos += len(seg)
        trimmed = []
        for k, (a, b) in enumerate(parts):
            if "等" in p.norm[a:b]:
                b = a + p.norm[a:b].index("等")
            if k == 0:
                known = p.ending.get(b)
                a = known.start if known is not None and known.start >= a else \
                    max(a, p.scan_left(b, cues.stops, 5, through=False))
            trimmed.append((a, b))
        firms_known = [s for s in trimmed if ((k := p.starting.get(s[0])) is not None and k.end == s[1]
                                              and k.entry.type == "Firm")
                       or cues.firm_suffix.fullmatch(p.norm, s[1] - 2, s[1]) and s[1] - s[0] >= 4]
        if not firms_known:
            continue
        for a, b in trimmed:
            seg = p.norm[a:b]
            if any(p.covered[i] for i in range(a, b)) or len(seg) > 5:
                continue
            if (_plausible_stem(seg) and not is_common(seg, 300) and not has_common_word(seg, 3000)) or \
                    re.fullmatch(r"[a-z][a-z0-9]{1,9}", seg):
                out.append(Found(a, b, "Firm", (seg,), "firm-listed", 0.5))
    return out


_LIST = re.compile(r"[\u4e00-\u9fffa-z0-9]{2,8}(?:[、和及][\u4e00-\u9fffa-z0-9]{2,8})+")


# ------------------------------------------------------------------ industries and products


def industries(p: Paragraph, cues: Cues) -> list[Found]:
    """AI / 智能 + a product noun (AI眼镜, 智能飞行器) when the lexicon does not have it."""
    out = []
    for m in cues.smart.finditer(p.norm):
        a, b = m.span()
        known = p.starting.get(a)
        if known is not None and known.end >= b:
            continue
        if b < len(p.norm) and CJK.match(p.norm[b]) and p.norm[b] not in cues.stops and p.norm[b] not in "等和及":
            continue  # part of a longer word (智能制造业 …)
        out.append(Found(a, b, "Industry", (p.norm[a:b],), "industry-smart-product", 0.55))
    return out


#: What closes a list of trades: 三大领域, 4个赛道, 四大产业领域, 等39项工业产品, 等领域 — a count or 等, then the
#: class noun.  Every member of such a list is a trade.
_LIST_CLOSE = re.compile(r"(?:等)?(?:[0-9]{1,3}|[一二三四五六七八九十两]{1,3})?(?:大|个|项|类)?"
                         r"(?:重点|主导|支柱|新兴|战略性新兴|工业|产业)?"
                         r"(?:产业领域|领域|赛道|产业集群|产业|行业|板块|产品)")
#: A verb that opens the list (重点发展金融业、…): the first member starts after it.
_LIST_OPEN = re.compile(r"(?:发展|瞄准|聚焦|布局|覆盖|涉及|包括|包含|涵盖|围绕|培育|壮大|面向|深耕|专注于?|从事|集中于|分布于|"
                        r"分布在|集中在|主攻|涉足|进军|开发|研发|生产|制造|推出)")
_LIST_MEMBER = re.compile(r"[\u4e00-\u9fff0-9a-z]{2,12}")


def listed_industries(p: Paragraph, cues: Cues) -> list[Found]:
    """The members of a list of trades that a count or 等 and a class noun close (生命信息与支持、临床检验及试剂、
    医学影像三大领域; 新一代信息技术、高端装备智造、新材料、节能与新能源汽车4个赛道; 金融业、…、科技服务和其他专业服务业
    四大产业领域): each is a trade, when one of them is a trade the lexicon knows.  Members are split at 、 only
    (临床检验及试剂 is one trade), the last also at 和其他 / 及其他; the first starts after a stop or the verb that
    opens the list."""
    out = []
    for close in _LIST_CLOSE.finditer(p.norm):
        counted = close.group() != close.group().lstrip("等") or re.match(r"等?[0-9一二三四五六七八九十两]", close.group())
        if not counted:
            continue
        end, members = close.start(), []
        while True:  # leftwards, member by member, over 、
            stop = cues.stops - set("与及和")
            i = end
            while i > 0 and p.norm[i - 1] not in stop and end - i <= 16:
                i -= 1
            members.append((i, end))
            if i > 0 and p.norm[i - 1] == "、":
                end = i - 1
                continue
            break
        if len(members) < 2:
            continue
        members.reverse()
        a, b = members[0]
        opened = [m.end() for m in _LIST_OPEN.finditer(p.norm, a, b)]
        tail = [m.start for m in p.matches if m.end == b and a < m.start and m.entry.type == "Industry"]
        members[0] = (max([*opened, *tail]) if opened or tail else a, b)  # 开发智能玩具、… : 智能玩具
        a, b = members[-1]
        split = re.search(r"(?:和|及|以及)其他|以及", p.norm[a:b])
        if split:
            members[-1:] = [(a, a + split.start()), (a + split.end(), b)]
        spans = [(a, b) for a, b in members if _LIST_MEMBER.fullmatch(p.norm, a, b)]
        known = {(m.start, m.end) for m in p.matches if m.entry.type == "Industry"}
        if len(spans) < 2 or not any(s in known for s in spans):
            continue
        for a, b in spans:
            if (a, b) in known or any(m.start <= a and b <= m.end for m in p.matches if m.entry.type != "Industry") \
                    or is_common(p.norm[a:b], 300):
                continue
            out.append(Found(a, b, "Industry", (p.norm[a:b],), "industry-listed", 0.5))
    return out


#: A head noun that makes a narrower trade of the trade right before it (锂电池|材料, 电池|制造设备, 芯片|制造业,
#: 智能家居|设备): the goods or the making of that trade, a field the curators write whole
_TRADE_HEAD = re.compile(r"(?:原材料|材料|制造设备|设备|器件|组件|制造)(?:业)?")
#: …when the compound ends there: a stop, a list joint, or a word for the firms or the field of the trade
_TRADE_HEAD_END = re.compile(r"[^\u4e00-\u9fff]|[、和及与等的]|企业|公司|厂商|生产商|制造商|供应商|产业|行业|领域|环节|国产|$")


def headed_industries(p: Paragraph, cues: Cues) -> list[Found]:
    """A known trade and a head noun of its goods or its making (锂电池材料, 电池制造设备, 芯片制造业): the narrower
    trade, written whole, when the compound ends at a stop, a list joint or a word for its firms or field."""
    out = []
    for m in p.matches:
        if m.entry.type != "Industry" or p.inside_known(m.start, m.end):
            continue
        head = _TRADE_HEAD.match(p.norm, m.end)
        if head is None or not _TRADE_HEAD_END.match(p.norm, head.end()) \
                or p.norm[m.start:m.end].endswith(("设计", "制造", "服务", "研发", "加工", "贸易")):
            continue  # 设计|制造: two activities of a firm, no goods of a trade
        longer = p.starting.get(m.start)
        if longer is not None and longer.end >= head.end():
            continue
        name = p.norm[m.start:head.end()]
        names = (name[:-1], name) if name.endswith("业") else (name,)
        out.append(Found(m.start, head.end(), "Industry", names, "industry-head", 0.5))
    return out


#: A modifier that makes a narrower trade of the known trade right after it (消费级|无人机, 车规级|芯片, 柔性|显示,
#: 电化学|储能, 跨境|电商, 第三代|半导体): a grade, a use, a kind; not an administrative level (国家级|制造业) and not
#: a bare quality (高端|手机, 高性能|医疗器械), which the curators leave with the known trade.
_TRADE_MODIFIER = re.compile(r"(?:[\u4e00-\u9fff]{1,2}级|新型|先进|民用|消费|服务|医用|家用|柔性|微型|小型|"
                             r"超高清|第[一二三四五六七八九十]代|功率|电化学|多旋翼|航拍|协作|仿生|绿色|海洋|跨境|现代|通用|垂类|专业)+$")


def modified_industries(p: Paragraph, cues: Cues) -> list[Found]:
    """A modifier of grade, use or kind and a known trade (消费级无人机, 电化学储能, 跨境电商): the narrower trade,
    written whole, when it stands between boundaries (a stop, a known name, the verb that opens a list; after it
    a stop, a list joint or a word for its firms or field) and the lexicon does not know it."""
    out = []
    for m in p.matches:
        if m.entry.type != "Industry" or p.inside_known(m.start, m.end):
            continue
        mod = _TRADE_MODIFIER.search(p.norm, max(0, m.start - 6), m.start)
        if mod is None or re.search(r"(?:国家|[国省市区县镇])级", mod.group()):
            continue
        a = mod.start()
        if any(k.start < a < k.end or (a <= k.start < m.start < k.end) for k in p.matches):
            continue  # a known name runs across the modifier's edge
        opened = any(x.end() == a for x in _LIST_OPEN.finditer(p.norm, max(0, a - 4), a))
        if a > 0 and CJK.match(p.norm[a - 1]) and p.norm[a - 1] not in cues.stops and a not in p.ending \
                and p.norm[a - 1] not in "的在与和及等" and not opened:
            continue  # inside a longer word or clause (国家级…, 发挥…)
        if not _TRADE_HEAD_END.match(p.norm, m.end) and m.end not in p.starting:
            continue
        longer = p.starting.get(a)
        if longer is not None and longer.end >= m.end:
            continue
        out.append(Found(a, m.end, "Industry", (p.norm[a:m.end],), "industry-modified", 0.5))
    return out


_TRADE_SUFFIX = re.compile(r"产业|行业|领域|赛道|制造业|服务业")
#: Words that qualify an industry without naming one (相关产业, 传统行业, 优势领域, 细分赛道).
_TRADE_QUALIFIER = re.compile(r"(?:相关|传统|新兴|主导|支柱|优势|重点|特色|前沿|关键|核心|细分|热门|上下游|各类|其他|其它|"
                              r"整个|全|本|多个|诸多|更多|不同|这些|新|老|大|小|高|新型|基础|配套|实体|头部)$")
#: …and what names a technology or an activity before 产业 / 领域 (关键核心技术领域, 数字化转型领域)
_TRADE_ACTIVITY = re.compile(r"(?:科技|技术|转型|整合|创新|发展|建设|改革|合作|应用|智能)$")


#: What may stand right before the trade of X领域 / X赛道 (the trade of X产业 / X行业 only after 的).
_TRADE_BOUNDARY = set(",，、。;；:：“「『(（的在\n")


def suffixed_industries(p: Paragraph, cues: Cues) -> list[Found]:
    """A trade the lexicon does not know, named as X产业 / X行业 / X领域 / X赛道 (机器视觉识别领域的龙头,
    武汉的生命健康产业): X, from a stop to the suffix, is the trade.  Not when a known name ends right
    before the suffix (人工智能产业: the lexicon's), nor a qualifier (相关产业, 传统行业, 细分领域), nor a
    stem that is itself a common word."""
    out = []
    for m in _TRADE_SUFFIX.finditer(p.norm):
        a, b = m.span()
        if p.inside_known(a, b) or p.covered[a - 1: a] == b"\x01" or a == 0:
            continue
        start = p.scan_left(a, cues.stops, 6, through=False)
        if start < 0:
            continue
        known = p.ending.get(start)
        if known is not None and known.entry.type == "Industry" and start < a:
            start = known.start  # 机器视觉|识别领域: a longer trade than the known one
        before = p.norm[start - 1] if start > 0 else ","
        if before not in (_TRADE_BOUNDARY if m.group() in ("领域", "赛道") else
                          _TRADE_BOUNDARY | set("与和及") if m.group() in ("制造业", "服务业") else "的"):
            continue  # 力争实现|产业规模, 要平衡短期|产业: a clause, not a name
        start = _trim(cues, p.norm, start, a)
        opened = [x.end() for x in _LIST_OPEN.finditer(p.norm, start, a)]
        start = max([start, *opened])
        stem = p.norm[start:a]
        inner = [x for x in p.matches if start <= x.start and x.end <= a]
        if any(p.covered[start:a]) and not (inner and all(x.entry.type == "Industry" for x in inner)
                                            and inner[0].start == start and not p.covered[a - 2] and not p.covered[a - 1]):
            continue  # 机器视觉|识别领域: a longer trade than the known one
        if len(stem) < 3 or not _plausible_stem(stem) or is_common(stem, 100) \
                or _TRADE_QUALIFIER.search(stem) or is_common(stem + m.group(), 20) \
                or (_TRADE_ACTIVITY.search(stem) and m.group() not in ("制造业", "服务业")):
            continue
        if m.group() in ("制造业", "服务业"):  # 先进制造业与高技术制造业: the sector's name is whole
            names, end = (stem + m.group(),), b
        elif m.group() in ("产业", "行业"):
            names, end = (stem, stem + m.group()), b
        elif stem.endswith(("产业", "行业")) and len(stem) > 4:  # 人工智能终端产业领域
            names, end = (stem[:-2], stem), a
        else:
            names, end = (stem,), a
        out.append(Found(start, end, "Industry", names, "industry-suffix", 0.5))
    return out


_MODEL = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]*(?: ?[A-Z0-9][A-Za-z0-9]*)*(?: ?[0-9]+)?)(?![A-Za-z0-9])")


def _product_name(p: Paragraph, cues: Cues, i: int) -> tuple[int, str, float] | None:
    """(end, name, confidence) of a product name starting at ``i``: a Latin model name (Flow 2,
    Phantom2 Vision), or a stem of 2–4 characters and a product head (盘古大模型) whose stem holds
    no verb (合作开发芯片 is what a firm does, not a name: jieba's tags are unreliable there)."""
    latin = _MODEL.match(p.original, i)
    if latin and (re.search(r"[0-9]", latin.group()) or " " in latin.group()) and not p.covered[i]:
        return latin.end(), p.norm[i:latin.end()], 0.6
    for j in range(i + 2, min(i + 5, len(p.norm)) + 1):
        head = cues.product_head.match(p.norm, j)
        if head:
            stem = p.norm[i:head.start()]
            if re.fullmatch(r"[\u4e00-\u9fff]{2,4}[a-z0-9]{0,3}", stem) and not is_common(stem, 300) \
                    and not cues.product_stem_verb.search(stem) \
                    and not (len(stem) >= 4 and all_common_words(stem)) \
                    and not any(p.covered[k] for k in range(i, head.start())):
                return head.end(), stem + head.group(), 0.55
            return None
    return None


def products(p: Paragraph, cues: Cues) -> list[Found]:
    """Product names right after a firm (华为盘古大模型, 影石的Flow 2) and Latin model names; and
    the name a firm launches (蓝海科技推出蓝海二号芯片, 大疆出产的Phantom2 Vision)."""
    out = []
    for m in p.matches:
        if m.entry.type != "Firm":
            continue
        i = m.end + (1 if p.norm.startswith("的", m.end) else 0)
        rule, name = "product-after-firm", _product_name(p, cues, i)
        if name is None:
            launch = cues.product_launch.match(p.norm, m.end)
            if launch:
                i, rule, name = launch.end(), "product-after-launch", _product_name(p, cues, launch.end())
        if name is not None:
            end, label, confidence = name
            out.append(Found(i, end, "Product", (label,), rule, confidence))
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z][a-z]{3,} ?[A-Z][0-9]{1,3}|[\u4e00-\u9fff]{2}[A-Z][0-9]{1,2})(?![A-Za-z0-9])",
                         p.original):
        if not p.covered[m.start()] and not any(f.start <= m.start() < f.end for f in out):
            out.append(Found(m.start(), m.end(), "Product", (p.norm[m.start():m.end()],), "product-model", 0.55))
    return out


#: Patterns in two stages: names of the first stage are known to the second (an
#: organisation's name is not scanned through the person after its role word).
def _stage_one(p: Paragraph, c: Cues) -> list[Found]:
    from graph.extract.people import people, speakers

    return [*people(p, c), *speakers(p, c), *policies(p, c), *industries(p, c), *listed_industries(p, c),
            *suffixed_industries(p, c), *headed_industries(p, c), *modified_industries(p, c)]


def _listed_people(p: Paragraph, c: Cues) -> list[Found]:
    from graph.extract.people import listed_people

    return listed_people(p, c)


STAGES = (
    _stage_one,
    lambda p, c: [*_listed_people(p, c), *organisations(p, c), *firms(p, c), *makers(p, c), *latin_brands(p), *latin_names(p), *listed_firms(p, c),
                  *places(p, c), *products(p, c), *rare_names(p, c)],
)
