"""Relation rules: which two names of a sentence are related, by which predicate.

Two kinds of rules, both working on one script-normalised sentence and the names found in it:

* **trigger rules** (``lexicons/relations.yaml``): a trigger word, the order of subject,
  trigger and object, the entity types at each end and the largest gap between them;
  an end that is part of a list (A、B和C) brings the whole list;
* **structural rules** (below): a name inside a name (南山区科技创新局 → locatedIn 南山区;
  清华大学人工智能学院 → subsidiaryOf 清华大学; a policy title naming an industry → targets),
  role chains before a person (中国科学院院士、清华大学人工智能学院院长姚期智), adjacency
  (深圳华强北, 大疆无人机, 3D打印独角兽拓竹科技), lists with their hypernym (A、B等智能硬件;
  智能终端包括A、B), and the place and industry hierarchy of the lexicons.

Every candidate is checked against the ontology's domain and range before it is returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.extract.gazetteer import Entry, Gazetteer, Match
from graph.extract.learned import PREDICATES, Pair, PairModel, sentence_pairs
from graph.extract.learned import RULE as LEARNED_RULE
from graph.vocab import Ontology

_LIST_GLUE = {"、", "和", "与", "及", "以及", "、以及", "或", "跟", ",以及", ",及"}  # the text is normalised: , not ，
_WORD_AND = {"和", "及", "以及", "、以及", ",以及", ",及"}  #: glue that only says «and»
_WITH = {"与", "跟"}  #: glue that says «and» or «with»
#: An item of a list the name finders did not find, between two names of one type (华为、腾讯、平安、招行、万科等;
#: 成都,以及美国硅谷、新泽西、西雅图等8地): the list goes on over it
_UNFOUND_ITEM = re.compile(r"、[\u4e00-\u9fff]{1,4}(?:、|和|及|以及)")


@dataclass(frozen=True)
class Related:
    """A relation proposed inside one sentence."""

    subject: Entry
    predicate: str
    object: Entry
    rule: str
    confidence: float


@dataclass
class TriggerRule:
    """One rule of relations.yaml, compiled."""

    id: str
    predicate: str
    triggers: re.Pattern[str]
    order: str
    window: int
    subject: frozenset[str]
    object: frozenset[str]
    confidence: float
    #: the subject, the object and the trigger stand in one clause (no , ; : between them)
    clause: bool = False
    #: one of these words stands between the subject and the object (甲与乙合作, not 甲、乙联合提名)
    between: tuple[str, ...] = ()
    #: a word of the relation stands, outside any name, in the clause after the later end (甲与乙签署
    #: 合作协议: the 与 of 甲与乙先后在深圳设立… only joins two subjects)
    cue: re.Pattern[str] | None = None
    #: the rule relates every member of a list at either end (甲、乙和丙合作); False: only the two names nearest
    #: the trigger (华为旗下的哈勃投资、广汽资本和比亚迪: the list goes on with other investors, not more units)
    lists: bool = True

    @classmethod
    def from_yaml(cls, row: dict) -> TriggerRule:
        words = sorted(row["triggers"], key=len, reverse=True)
        # a Latin trigger is a whole word or phrase («based in», not the «in» of «inside»)
        # a trigger right after one of ``not_after`` is another rule's longer one (总部|位于: located-headquarters)
        before = "".join(f"(?<!{re.escape(n)})" for n in row.get("not_after", ()))
        alternatives = [before + ("(?<![a-z-])" if w[:1].isalpha() and w.isascii() else "") + re.escape(w)
                        + ("(?![a-z])" if w[-1:].isalpha() and w.isascii() else "") for w in words]
        return cls(row["id"], row["predicate"], re.compile("|".join(alternatives)),
                   row["order"].replace(" ", ""), int(row["window"]), frozenset(row["subject"]),
                   frozenset(row["object"]), float(row["confidence"]), bool(row.get("clause", False)),
                   tuple(row.get("between", ())), re.compile(row["cue"]) if row.get("cue") else None,
                   bool(row.get("lists", True)))

    def fits(self, s: Sentence, subj: Match, obj: Match, trigger: tuple[int, int]) -> bool:
        """The rule's conditions on what stands between the two ends and the trigger."""
        first, last = min(subj, obj), max(subj, obj)
        if self.between and not any(w in s.norm[first.end:last.start] for w in self.between):
            return False
        if self.clause:
            lo, hi = min(first.start, trigger[0]), max(last.end, trigger[1])
            inside = s.norm[lo:hi]
            if any(c in inside for c in ",;:。，；："):
                return False
        if self.cue is not None:
            # from the end of the later end's list (甲、乙和丙合作) to the end of the clause, or to the next
            # name of the kind the rule relates: 甲和乙分别与丙合作 / 都是丙的合作伙伴 is 丙's cue, not theirs
            start = s.members(last)[-1].end
            end = next((i for i in range(start, s.b) if s.norm[i] in ",;:。，；："), s.b)
            end = min([m.start for m in s.flat if start <= m.start < end
                       and m.entry.type in self.subject | self.object] + [end])
            chars = list(s.norm[start:end])
            for m in s.flat:  # 联合 of 联合电子 is no word of partnership
                for i in range(max(m.start, start), min(m.end, end)):
                    chars[i - start] = " "
            if not self.cue.search("".join(chars)):
                return False
        return True


#: English list glue between two Latin-written names («A, B and C», «A, B, and C»); a legal form of the first left out
_EN_GLUE = re.compile(r"(?:\.com)?(?:,?\s+(?:inc|ltd|co|corp|llc|plc)\.?)*(?:,\s+|\s+and\s+|,\s+and\s+)")


def _english_list_glue(norm: str, a: Match, b: Match, glue: str) -> bool:
    """Two Latin-written names of a list, not places (a comma between places is a chain of containment:
    «Shenzhen, Guangdong»)."""
    return a.entry.type != "Place" and norm[a.start:a.end].isascii() and norm[b.start:b.end].isascii() \
        and _EN_GLUE.fullmatch(glue) is not None


class Sentence:
    """A sentence [a, b) of a normalised paragraph ``norm``, with its outermost names
    (``flat``) and every name (``all``); positions are the paragraph's."""

    def __init__(self, norm: str, a: int, b: int, flat: list[Match], every: list[Match],
                 referents: frozenset[int] = frozenset()):
        self.norm, self.a, self.b, self.flat, self.all = norm, a, b, flat, every
        #: starts of the mentions that stand for a name (该公司, «the company», «there»), not names
        self.referents = referents
        self.groups = self._lists()

    def _lists(self) -> dict[int, list[Match]]:
        """Start of each flat name → the list (A、B和C) of same-typed names it belongs to.  Firms
        and organisations before 与 / 跟 after a list joined by 和 or 及 (甲和乙与丙合作) are the
        subjects, and 与 says «with»: 丙 begins a list of its own."""
        groups: dict[int, list[Match]] = {}
        current: list[Match] = []
        glues: list[str] = []
        for m in self.flat:
            if current:
                prev = current[-1]
                glue = self.norm[prev.end:m.start]
                if (glue in _LIST_GLUE or _UNFOUND_ITEM.fullmatch(glue) or _english_list_glue(self.norm, prev, m, glue)) \
                        and prev.entry.type == m.entry.type and not (
                        glue in _WITH and m.entry.type in ("Firm", "Organization")
                        and any(g in _WORD_AND for g in glues)):
                    current.append(m)
                    glues.append(glue)
                    continue
            glues = []
            for x in current:
                groups[x.start] = current
            current = [m]
        for x in current:
            groups[x.start] = current
        return groups

    def members(self, m: Match) -> list[Match]:
        return self.groups.get(m.start, [m])

    def gap(self, a: int, b: int) -> str:
        return self.norm[a:b] if a <= b else ""


def _nearest_before(s: Sentence, pos: int, types: frozenset[str], window: int) -> Match | None:
    best = None
    for m in s.flat:
        if m.end <= pos and pos - m.end <= window and m.entry.type in types:
            best = m
    return best


def _nearest_after(s: Sentence, pos: int, types: frozenset[str], window: int) -> Match | None:
    for m in s.flat:
        if m.start >= pos and m.start - pos <= window and m.entry.type in types:
            return m
    return None


#: An English apposition right after a name («, the global leader in manufacturing drones, is»)
_APPOSITION = re.compile(r",\s+(?:the|a|an)\s[^,;:]{1,60},\s+")


def _before_apposition(s: Sentence, pos: int, types: frozenset[str], window: int) -> Match | None:
    """The name before an English apposition that ends before ``pos``, the rest of the gap within ``window``."""
    m = _nearest_before(s, pos, types, window + 70)
    if m is None:
        return None
    gap = _APPOSITION.match(s.norm, m.end, pos)
    return m if gap is not None and pos - gap.end() <= window else None


#: What stands between two places of a chain written broadest first
_CHAIN_GLUE = ("", "的", "'s ", "’s ")


def _most_specific(s: Sentence, m: Match) -> Match:
    """The last of a chain of places written broadest first (位于深圳宝安区, 深圳市福田区华强北的赛格科技园):
    what a location verb places its subject in is the narrowest of them; in English, an owner's
    (headquartered in Shenzhen's Longgang district)."""
    flat = s.flat
    k = flat.index(m)
    while k + 1 < len(flat) and flat[k + 1].entry.type == "Place" and s.norm[flat[k].end:flat[k + 1].start] in _CHAIN_GLUE:
        k += 1
    return flat[k]


def _chain_before(s: Sentence, m: Match) -> list[Match]:
    """The places written right before ``m``, broadest first, in one chain with it
    (深圳市福田区华强北的赛格科技园 → 深圳市, 福田区, 华强北 before 赛格科技园)."""
    flat = s.flat
    k = flat.index(m)
    out: list[Match] = []
    while k > 0 and flat[k - 1].entry.type == "Place" and s.norm[flat[k - 1].end:flat[k].start] in ("", "的"):
        k -= 1
        out.insert(0, flat[k])
    return out


def written_chains(s: Sentence, found: list[Related], gaz: Gazetteer) -> Iterator[Related]:
    """Written containment (annotation.md §5): a chain of places written broadest first
    (深圳市福田区华强北的赛格科技园) puts each place in every broader one written before it, not only
    in its neighbour; and what a location rule puts in the chain's narrowest place (坐落在深圳华强北
    赛格科技园) stands in each written place of the chain too."""
    for m in s.flat:
        if m.entry.type != "Place":
            continue
        chain = _chain_before(s, m)
        for broader in chain[:-1]:  # the neighbour is place-before-place's
            if m.entry not in _ancestors(broader.entry, gaz):
                yield Related(m.entry, "locatedIn", broader.entry, "place-in-written-chain", 0.6)
    narrowest = {m.entry: _chain_before(s, m) for m in s.flat if m.entry.type == "Place"}
    # English writes the chain narrowest first: «located in Shenzhen, China», «based in Nanshan, Shenzhen, Guangdong»
    narrowest.update({m.entry: _en_chain_after(s, m, gaz) for m in s.flat
                      if m.entry.type == "Place" and s.norm[m.start:m.end].isascii()})
    for rel in found:
        if rel.predicate != "locatedIn" or rel.rule not in _LOCATING:
            continue
        for broader in narrowest.get(rel.object, []):
            yield Related(rel.subject, "locatedIn", broader.entry, "located-in-written-chain",
                          min(rel.confidence, 0.6))


def _en_chain_after(s: Sentence, m: Match, gaz: Gazetteer) -> list[Match]:
    """The places written right after ``m`` with a comma, narrowest first («Shenzhen, Guangdong, China»), unless
    the run is a list («Shenzhen, Paris, and Rome») or the lexicon puts one inside the place before it."""
    flat = s.flat
    k = flat.index(m)
    if _en_place_list(s, m):
        return []
    out: list[Match] = []
    while k + 1 < len(flat) and flat[k + 1].entry.type == "Place" and s.norm[flat[k].end:flat[k + 1].start] == ", " \
            and flat[k].entry not in _ancestors(flat[k + 1].entry, gaz):
        k += 1
        out.append(flat[k])
    return out


#: The rules that place a subject in the narrowest place of a chain (whose broader places are
#: written containment)
_LOCATING = {"located-trigger", "located-headquarters", "located-founded-in", "located-from-place", "firm-at-place",
             "firm-sets-up-in-place", "located-built-in-place", "located-in-place-founded",
             "located-subject-in-place-founded", "en-located", "site-at-place"}


def trigger_pairs(s: Sentence, rule: TriggerRule) -> Iterator[tuple[Match, Match]]:
    """(subject, object) pairs one trigger rule finds in a sentence."""
    for t in rule.triggers.finditer(s.norm, s.a, s.b):
        ta, tb = t.span()
        if any(m.start <= ta < m.end for m in s.flat):
            continue  # a trigger inside a name (协作 in 协作机器人) is not a trigger
        order, w = rule.order, rule.window
        subj = obj = None
        if order == "STO":
            subj, obj = _nearest_before(s, ta, rule.subject, w), _nearest_after(s, tb, rule.object, w)
            if subj is None:  # «DJI, the global leader in manufacturing drones, is based in …»: the apposition is no gap
                subj = _before_apposition(s, ta, rule.subject, w)
        elif order == "OTS":
            obj, subj = _nearest_before(s, ta, rule.object, w), _nearest_after(s, tb, rule.subject, w)
        elif order == "SOT":
            obj = _nearest_before(s, ta, rule.object, w)
            subj = _nearest_before(s, s.members(obj)[0].start, rule.subject, w) if obj else None
        elif order == "OST":
            subj = _nearest_before(s, ta, rule.subject, w)
            obj = _nearest_before(s, s.members(subj)[0].start, rule.object, w) if subj else None
        elif order == "TSO":
            subj = _nearest_after(s, tb, rule.subject, w)
            obj = _nearest_after(s, s.members(subj)[-1].end, rule.object, w) if subj else None
        elif order == "TOS":
            obj = _nearest_after(s, tb, rule.object, w)
            subj = _nearest_after(s, s.members(obj)[-1].end, rule.subject, w) if obj else None
        if subj is None or obj is None:
            continue
        if order == "STO" and rule.predicate == "locatedIn" and any(c in s.norm[tb:obj.start] for c in ",;:，；："):
            continue  # 它位于深圳大学城及其周边,沿着留仙大道…: the place of 位于 stands in its clause
        if order in ("STO", "TSO") and obj.entry.type == "Place":
            obj = _most_specific(s, obj)
        if not rule.fits(s, subj, obj, (ta, tb)):
            continue
        if not rule.lists:
            yield subj, obj
            continue
        for a in s.members(subj):
            for b in s.members(obj):
                yield a, b


# ------------------------------------------------------------------ structural rules


#: What a firm's full name adds to its short one (深圳市佑明光电 + 有限公司): the same firm, not a parent
_LEGAL_FORM = re.compile(r"\s*(?:\((?:深圳|中国|香港|上海|北京|广州)\))?(?:股份有限公司|有限责任公司|有限公司|公司|集团有限公司|"
                         r"集团股份有限公司|控股有限公司|,?\s*(?:co\.?,?\s*)?(?:ltd|limited|inc|corp)\.?)")


#: The last word of a unit's name after its parent's (X大学Y学院, X集团Y部, X研究院, «X Research Institute»): searched
#: on the rest of the name, so it must end there
_UNIT_END = re.compile(r"(?:学院|研究院|研究所|研究部|研究中心|实验室|分公司|分院|分校|校区|事业部|事业群|"
                       r"[部办局处厅室所院系会委组站]|(?<!公)司|中心|\b(?:institute|school|college|department|bureau|office|"
                       r"lab|laboratory|laboratories|division|unit|academy|committee|centre|center|university))\s*$")

#: Titles that say a place is the hub of what they name (无人机之都, 低空经济第一城, 医疗器械重镇)
_HUB_TITLES = ("之都", "第一城", "重镇", "名城", "高地", "之城")


#: A name written in quotes is a nickname or title («“中国硅谷”之称»), not a chain of places
_QUOTE_OPEN = "“‘\"'「『《"


def nested(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """Names inside names: place prefix → locatedIn, organisation prefix → subsidiaryOf,
    an industry in a policy's title → targets, a known industry as the head (last word) of an
    industry's name → subIndustryOf (工业机器人 → 机器人; not a negated 非工业机器人)."""
    if len(s.all) == len(s.flat):
        return
    for outer in s.flat:
        inners = [m for m in s.all if outer.start <= m.start and m.end <= outer.end
                  and m.end - m.start < outer.end - outer.start]
        if not inners:
            continue
        for inner in inners:
            if inner.entry.type in ("Industry", "Product") and outer.entry.type == "Policy" and not any(
                    m is not inner and m.entry.type == "Industry" and m.start <= inner.start and inner.end <= m.end
                    for m in inners):
                # the widest industry of the title: one inside another (新能源 in 新能源汽车) is part of that compound
                yield Related(outer.entry, "targets", inner.entry, "policy-title-names-industry", 0.6)
            if inner.entry.type == "Industry" and outer.entry.type == "Recognition" \
                    and outer.entry.label.endswith(_HUB_TITLES):
                # 深圳成为“无人机之都”: the place that holds the title of an industry's hub hosts it
                place = next((p for p in reversed(s.flat) if p.end <= outer.start and p.entry.type == "Place"), None)
                if place is not None and gaz.parent_of(place.entry) is not None:
                    yield Related(place.entry, "hostsIndustry", inner.entry, "hub-title-names-industry", 0.6)
        tail = max((m for m in inners if m.end == outer.end), key=lambda m: m.end - m.start, default=None)
        if tail is not None and outer.entry.type == "Industry" and tail.entry.type == "Industry" and tail.entry.known \
                and not s.norm.startswith("非", outer.start):
            # Chinese and English compounds are head-final: 工业机器人, commercial drones are kinds of their head
            yield Related(outer.entry, "subIndustryOf", tail.entry, "industry-name-ends-with-industry", 0.7)
        head = max((m for m in inners if m.start == outer.start), key=lambda m: m.end, default=None)
        if head is None:
            continue
        o, i = outer.entry, head.entry
        rest = next((m for m in inners if m.start == head.end and m.end == outer.end and m.entry.type == "Place"), None)
        if i.type == "Place" and o.type == "Place" and rest is not None \
                and s.norm[outer.start] not in _QUOTE_OPEN and not (outer.start > 0 and s.norm[outer.start - 1] in _QUOTE_OPEN):
            # a place's name written as a chain of two places (中山翠亨新区, 中国香港): the place is in the first,
            # a country too — a written chain, not a name's prefix (深圳湾, 深圳市委 are identity)
            yield Related(o, "locatedIn", i, "place-name-is-chain", 0.65)
        elif i.type == "Place" and o.type in ("Firm", "Organization", "Place") and gaz.parent_of(i) is not None:
            yield Related(o, "locatedIn", i, "name-starts-with-place", 0.7)
        elif i.type in ("Organization", "Firm") and o.type in ("Organization", "Firm") and i.entity != o.entity \
                and not _LEGAL_FORM.fullmatch(s.norm, head.end, outer.end) \
                and (_UNIT_END.search(s.norm, head.end, outer.end) or (i.known and o.known)):
            # a unit word ends the rest (星河大学|智能学院, 国务院|新闻办, «Lanhai Tech| Lab»), or the curators made the two
            # names two entities; a proposed name that adds only a trade word is the firm's own (歌爾微|電子, «DJI| Technology»)
            yield Related(o, "subsidiaryOf", i, "name-starts-with-organisation", 0.7)


#: A line of a firm's business written between its name and a post (核心医疗营销副总裁, 蓝海科技研发部总监)
_LINE_OF_BUSINESS = re.compile(r"(?:营销|销售|市场|技术|研发|产品|财务|运营|营运|品牌|战略|投资|人力资源|法务|海外|国际)(?:部|中心)?$")


def role_chains(s: Sentence, roles: dict[str, str]) -> Iterator[Related]:
    """ORG ROLE、ORG ROLE PERSON: leads / worksFor / foundedBy by the kind of role."""
    by_end = {m.end: m for m in s.flat}
    ordered = sorted(roles, key=len, reverse=True)
    previous_person: Match | None = None
    previous_links: list[Related] = []
    for person in s.flat:
        if person.entry.type != "Person":
            continue
        links: list[Related] = []
        pos = person.start
        if previous_person is not None and s.norm[previous_person.end:pos] in (" ", "、"):
            links = [Related(person.entry, r.predicate, r.object, r.rule, r.confidence) if r.subject == previous_person.entry
                     else Related(r.subject, r.predicate, person.entry, r.rule, r.confidence) for r in previous_links]
        while pos > s.a:
            if s.norm[pos - 1] in ":：":
                pos -= 1
            role = next((r for r in ordered if s.norm.startswith(r, pos - len(r))), None)
            if role is None:
                break
            pos -= len(role)
            kinds = [roles[role]]
            while pos > 1 and s.norm[pos - 1] == "兼":
                inner = next((r for r in ordered if s.norm.startswith(r, pos - 1 - len(r))), None)
                if inner is None:
                    break
                pos -= 1 + len(inner)
                kinds.append(roles[inner])  # 创始人兼董事长: each post joined by 兼 is held (founder and head)
            org_end = pos - 1 if pos > 0 and s.norm[pos - 1] in "的原前现" else pos
            org = by_end.get(org_end)
            if org is None:  # 核心医疗营销副总裁赵伟: a line of the firm's business between it and the post
                line = _LINE_OF_BUSINESS.search(s.norm, s.a, pos)
                org = by_end.get(line.start()) if line else None
            if org is not None and org.entry.type in ("Firm", "Organization"):
                for kind in dict.fromkeys(kinds):
                    if kind == "found":
                        links.append(Related(org.entry, "foundedBy", person.entry, "role-founder", 0.85))
                    elif kind == "member":
                        links.append(Related(person.entry, "holdsPosition", org.entry, "role-member", 0.75))
                    else:
                        links.append(Related(person.entry, "leads" if kind == "lead" else "worksFor", org.entry,
                                             f"role-{kind}", 0.8))
                pos = org.start
            if pos > 0 and s.norm[pos - 1] == "、":
                pos -= 1
                continue
            break
        yield from links
        previous_person, previous_links = person, links


#: A verb that gives a person a post in the body named after it (李明远是蓝海科技的董事长, 担任蓝海科技总裁)
_HOLDS_POST = re.compile(r"(?:目前|现|曾|此前)?(?:是|为|系|担任|出任|现任|兼任|曾任)")
#: What may follow the role word: the end of the clause or another role, not a longer word (董事长助理)
_POST_END = re.compile(r"$|[,;:。，；：、兼和及]|一职|职务")


def person_holds_post(s: Sentence, roles: dict[str, str]) -> Iterator[Related]:
    """PERSON 是/担任 ORG(的) ROLE: the role chain said the other way round (role_chains reads ORG ROLE PERSON)."""
    by_start = {m.start: m for m in s.flat}
    ordered = sorted(roles, key=len, reverse=True)
    for person in s.flat:
        if person.entry.type != "Person":
            continue
        verb = _HOLDS_POST.match(s.norm, person.end, s.b)
        org = by_start.get(verb.end()) if verb else None
        if org is None or org.entry.type not in ("Firm", "Organization"):
            continue
        pos = org.end + (1 if s.norm[org.end:org.end + 1] == "的" else 0)
        role = next((r for r in ordered if s.norm.startswith(r, pos)), None)
        if role is None or not _POST_END.match(s.norm[pos + len(role):s.b]):
            continue
        kind = roles[role]
        if kind == "found":
            yield Related(org.entry, "foundedBy", person.entry, "person-holds-post", 0.8)
        elif kind == "member":
            yield Related(person.entry, "holdsPosition", org.entry, "person-holds-post", 0.7)
        else:
            yield Related(person.entry, "leads" if kind == "lead" else "worksFor", org.entry, "person-holds-post", 0.75)


#: Words for a firm between a place or an industry and the firm's name (深圳AI头部企业X, 互联网巨头企业腾讯,
#: 光刻胶生产商X, 机器视觉识别领域的龙头X): at most two, after an optional 领域的 / 行业.
_DESCRIPTOR_GLUE = re.compile(r"^(的)?((领域|行业|产业|赛道)的?)?((出货量|销量|市场份额|市占率)?(全球|全国|国内)?第一的?)?"
                              r"(独角兽|龙头企业|龙头|头部企业|头部|研发企业|研发公司|企业|公司|科技企业|创新企业|"
                              r"科技公司|巨头|明星企业|初创企业|品牌|厂商|上市公司|领军企业|本土企业|民营企业|代表|代表性企业|"
                              r"业者|生产商|制造商|供应商|服务商|运营商|新贵|先锋|领头羊|第一股){0,2}[”」』\"“「『]?$")


def adjacency(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """Neighbouring names: 深圳华强北, 深圳的速腾聚创, 3D打印独角兽拓竹科技, 大疆无人机, 华为的鸿蒙."""
    flat = s.flat
    for k, right in enumerate(flat):
        for left in reversed(flat[max(0, k - 2):k]):
            glue = s.norm[left.end:right.start]
            le, ri = left.entry, right.entry
            if le.type == "Place" and ri.type == "Place" and glue in ("", "的"):
                if gaz.parent_of(le) != ri:
                    yield Related(ri, "locatedIn", le, "place-before-place", 0.65)
            elif le.type == "Place" and ri.type in ("Firm", "Organization") and _DESCRIPTOR_GLUE.match(glue) \
                    and not _respective(s, left) \
                    and not (len(s.members(left)) > 1 and len(s.members(right)) > 1):
                # 分别位于A、B的X: X is not in B by being next to it; nor is it in 深圳、广州的X和Y, where
                # two lists without 分别 do not say who is where
                yield Related(ri, "locatedIn", le, "place-before-firm", 0.6)
                outer = flat[k - 2] if k >= 2 and left is flat[k - 1] else None
                if outer is not None and outer.entry.type == "Place" and s.norm[outer.end:left.start] == "" \
                        and gaz.parent_of(outer.entry) != le and len(s.members(outer)) == 1:
                    # 来自深圳坪山的企业甲: a chain of places before the firm places it in the outer one too
                    yield Related(ri, "locatedIn", outer.entry, "place-chain-before-firm", 0.55)
                firms = s.members(right)
                if firms[0] is right and len(s.members(left)) == 1:
                    # 深圳的大族激光、光韵达、杰普特: the place before a tight list qualifies each name of it
                    # (annotation.md §4, one word spread over one tight list)
                    for other in firms[1:]:
                        yield Related(other.entry, "locatedIn", le, "place-before-firm-list", 0.55)
            elif le.type == "Industry" and ri.type == "Firm" and _DESCRIPTOR_GLUE.match(glue):
                yield Related(ri, "operatesIn", le, "industry-before-firm", 0.65)
            elif le.type == "Firm" and ri.type == "Industry" and glue in ("", "的"):
                yield Related(le, "operatesIn", ri, "firm-before-industry", 0.6)
            elif le.type == "Firm" and ri.type == "Product" and glue in ("", "的"):
                yield Related(le, "produces", ri, "firm-before-product", 0.7)
            if glue:
                break
            if le.type not in ("Place", "Industry"):
                break


#: English: «drone maker DJI», «DJI, the drone maker» — an industry word and a word for a firm.
_MAKER = r"(?:maker|makers|manufacturer|manufacturers|producer|company|companies|firm|firms|giant|giants|" \
         r"supplier|suppliers|provider|start-up|startup|developer|leader|brand|operator|platform)"
#: «drone maker DJI», «drone-maker DJI» (the hyphen joins the trade to its maker)
_MAKER_BEFORE = re.compile(rf"^(?:'s)?(?:\s+|-)(?:[\w'’-]+\s+)?{_MAKER}\s+(?:[\w'’-]+\s+)?$")
_MAKER_AFTER = re.compile(rf"^,\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}$")
_MAKER_AFTER_END = re.compile(rf"\s*(?:\w+\s+)?{_MAKER}\b")


#: 分别 + a verb of location; the places follow it at once (分别在为A、B供货 names no place of X, Y)
_RESPECTIVELY = re.compile(r"分别(?:位于|设在|设于|落户(?:在|于)?|坐落于|坐落在|在)")


def _respective_places(s: Sentence, end: int) -> list[Match]:
    """The list of places written right after a 分别 verb ending at ``end`` (spaces aside), or []."""
    after = [f for f in s.flat if f.start >= end]
    if not after or s.norm[end:after[0].start].strip():
        return []
    places = s.members(after[0])
    return places if all(p.entry.type == "Place" for p in places) else []


def _respective(s: Sentence, m: Match) -> bool:
    """``m`` belongs to a list of places written right after a 分别 verb (分别位于A、B)."""
    places = s.members(m)
    return len(places) > 1 and any(_respective_places(s, r.end()) == places
                                   for r in _RESPECTIVELY.finditer(s.norm, s.a, places[0].start))


def respectively(s: Sentence) -> Iterator[Related]:
    """X、Y分别位于A、B and 分别位于A、B的X和Y: the lists pair up in order (X in A, Y in B) when
    they have the same length; after a bare 分别在 only with a verb of setting up (分别在A、B设立…),
    else as firm-at-place (分别在A、B举办发布会)."""
    for m in _RESPECTIVELY.finditer(s.norm, s.a, s.b):
        places = _respective_places(s, m.end())
        if len(places) < 2:
            continue
        before = [f for f in s.flat if f.end <= m.start()]
        later = [f for f in s.flat if f.start >= places[-1].end]
        if before and not s.norm[before[-1].end:m.start()].strip():
            subjects = s.members(before[-1])  # X、Y分别位于A、B
        elif later and s.norm[places[-1].end:later[0].start] == "的":
            subjects = s.members(later[0])  # 分别位于A、B的X、Y
        else:
            continue
        if len(subjects) != len(places):
            continue
        # 分别在A、B + a verb of setting up (设立, 落户…) says where they are; 分别在A、B举办发布会 only where
        # they did something: no more than firm-at-place says of one firm 在 one place
        located = not m.group().endswith("分别在") or \
            _SET_UP.match(s.norm, _most_specific(s, places[-1]).end, s.b) is not None
        for subj, place in zip(subjects, places, strict=True):
            if located:
                yield Related(subj.entry, "locatedIn", place.entry, "located-respectively", 0.85)
            else:
                yield Related(subj.entry, "locatedIn", place.entry, "firm-at-place", 0.5)


_AMONG = re.compile(r"(?<![\u4e00-\u9fff])其中")  # not 在其中 (in it)


def _ancestors(entry: Entry, gaz: Gazetteer) -> list[Entry]:
    out, parent = [], gaz.parent_of(entry)
    while parent is not None and parent not in out and len(out) < 8:
        out.append(parent)
        parent = gaz.parent_of(parent)
    return out


def _placed_elsewhere(chain: list[Entry], anchor: Entry, gaz: Gazetteer) -> bool:
    """The lexicon knows where a place is (its ``chain`` of broader places) and ``anchor``, a
    unit inside the lexicon's hierarchy, is not in it (北京 is not in 深圳).  A region (大湾区) or
    a site is no unit of the hierarchy, and a place with no parent (a country, a continent) may
    lie above the chain's top: of these the lexicon does not say what lies in them."""
    return bool(chain) and not gaz.is_region(anchor) and not gaz.is_site(anchor) \
        and gaz.parent_of(anchor) is not None


def among_them(norm: str, before: list[Match], inside: list[Match], a: int, b: int,
               gaz: Gazetteer) -> Iterator[tuple[Related, bool]]:
    """其中 narrows the places just named: 大湾区…。其中，深圳…，广州… / 中国…企业达到13069家，其中深圳… →
    each place named after 其中 is in the place named before it.  ``before`` are the names of
    the previous sentence (used when 其中 opens the sentence); yields (relation, whether the
    quote must take in the previous sentence).  The place before is the lexicon ancestor of the
    one after when the lexicon knows one, else the only place named before, unless the lexicon
    puts the one after elsewhere (深圳…,其中北京: 北京 is not in 深圳)."""
    m = _AMONG.search(norm, a, b)
    if m is None or any(x.start <= m.start() < x.end for x in inside):
        return
    opens = not norm[a:m.start()].strip(" ,，、")
    context = before if opens else [x for x in inside if x.end <= m.start()]
    anchors = list(dict.fromkeys(x.entry for x in context if x.entry.type == "Place"))
    if not anchors:
        return
    for x in dict.fromkeys(x.entry for x in inside if x.start >= m.end() and x.entry.type == "Place"):
        chain = _ancestors(x, gaz)
        anchor = next((p for p in anchors if p in chain), None)
        if anchor is None and len(anchors) == 1 and x not in _ancestors(anchors[0], gaz) \
                and not _placed_elsewhere(chain, anchors[0], gaz):
            anchor = anchors[0]
        if anchor is not None and anchor != x:
            yield Related(x, "locatedIn", anchor, "among-them-place", 0.6), opens


#: A place's own share of, or rank over, the country: 占全国…, 居全国(城市)首位, 领跑全国, 全国第一 / 领先;
#: 大陆全国 (a Taiwanese or Hong Kong article's «the whole mainland») names 中国大陆
_NATIONAL_RANK = re.compile(r"(?:占|领跑)(大陆)?全国|(?:居|位居|稳居|跃居|居于|排名|排在)(大陆)?全国(?:大中城市|城市)?"
                            r"(?:之最|之首|首位|第[一二三四五六七八九十\d]+|前列|前[三五十])|(大陆)?全国(?:第一|首位|领先)")
#: what stands right before a place that is the measure of a share or a comparison (占广东…, 比北京…), not the ranked one
_MEASURE_BEFORE = ("占", "比", "于", "较", "超过", "超越", "超过了", "超越了")


def national_rank(norm: str, inside: list[Match], a: int, b: int,
                  gaz: Gazetteer) -> Iterator[tuple[Related, Match]]:
    """深圳…占全国…, 深圳…居全国城市首位, 深圳…数量均领跑全国: the place whose own share or rank over the
    country the sentence gives is in that country (annotation.md §5 locatedIn, 全国 in the place's own share
    or rank); with the match of 全国 as the country's name.  The place is the nearest one written
    before the cue that is not itself the measure (占广东), and no firm, organisation or person
    stands between (深圳的X销量居全国第一 ranks the firm)."""
    for m in _NATIONAL_RANK.finditer(norm, a, b):
        country = gaz.lookup("中国大陆" if any(m.groups()) else "中国")
        if country is None:
            continue
        place = None
        for x in reversed([x for x in inside if x.end <= m.start()]):
            if x.entry.type in ("Firm", "Organization", "Person"):
                break
            if x.entry.type != "Place" or norm[:x.start].endswith(_MEASURE_BEFORE):
                continue
            place = x
            break
        if place is None or place.entry == country:
            continue
        if gaz.parent_of(place.entry) is None and not gaz.is_site(place.entry):
            continue  # a country (美国) or a place the lexicon puts nowhere is no part of the country
        where = norm.find("全国", m.start(), m.end())  # the word that names the country here
        yield Related(place.entry, "locatedIn", country, "place-national-rank", 0.7), \
            Match(where, where + 2, country)


#: S (已/将/先后…)在 P: the firm does what the sentence says at the place
_AT_PLACE = re.compile(r"^(?:已|已经|还|也|先后|相继|分别|曾|正|又|率先|首先|最早|早已|均已|都)*在$")  # not 将在: future
#: a count of the places listed (8, 两, 三 … 十, 多): 等8地, 等八地, 两地, 多地, 两个城市
_COUNT = r"(?:\d+|[一二两三四五六七八九十]+|多)"
_SET_UP = re.compile(rf"(?:等{_COUNT}?(?:个城市|座城市|[地城个座处家])?|{_COUNT}(?:个城市|座城市|[地城]))?"
                     r"(?:设立|设有|建立|建设|开设|设置|建成|兴建|投资建设|注册|成立|落户|布局)")


def _place_run(s: Sentence, place: Match) -> list[Match]:
    """The places listed from ``place`` on: its list (A、B和C) with the last narrowed by its chain
    (美国硅谷 → 硅谷), and the list that goes on from that chain (在深圳、北京,以及美国硅谷、新泽西、
    西雅图等8地: 硅谷、新泽西、西雅图 is a list of its own)."""
    run: list[Match] = []
    group = s.members(place)
    while group:
        last = _most_specific(s, group[-1])
        run.extend(group[:-1] + [last])
        if last is group[-1]:
            break
        rest = s.members(last)
        group = rest[next(i for i, m in enumerate(rest) if m is last) + 1:]
    return run


def at_place(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """X在A、B设立… (a firm sets something up in the places listed) and, more weakly, X在A + any
    verb; a site (a park, a building: a place the lexicon does not know as a unit) 在 A stands in A
    (荣耀智能制造产业园在深圳坪山区正式启用).  Every name of a list before 在 (X与Y先后在A…) is there."""
    flat = s.flat
    for k, subj in enumerate(flat[:-1]):
        site = gaz.is_site(subj.entry)
        if subj.entry.type not in ("Firm", "Organization") and not site:
            continue
        place = flat[k + 1]
        if place.entry.type != "Place" or not _AT_PLACE.match(s.norm[subj.end:place.start]):
            continue
        places = _place_run(s, place)
        set_up = _SET_UP.match(s.norm, places[-1].end, s.b) is not None
        # 甲与乙先后在深圳设立…: each of a list before 在 does it there, not only the name next to 在
        subjects = [m for m in s.members(subj) if gaz.is_site(m.entry) == site]
        for who in subjects:
            for p in places:
                if site:
                    yield Related(who.entry, "locatedIn", p.entry, "site-at-place", 0.5)
                else:
                    yield Related(who.entry, "locatedIn", p.entry,
                                  "firm-sets-up-in-place" if set_up else "firm-at-place", 0.65 if set_up else 0.5)


def english_neighbours(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """English appositions between two neighbouring names: «Cupertino, California» and
    «Shenzhen's Huaqiangbei» (locatedIn), «drone maker DJI» and «DJI, the drone maker»
    (operatesIn).  Only between Latin-written names: Chinese has its own adjacency rules."""
    flat = s.flat
    for left, right in zip(flat, flat[1:], strict=False):
        glue = s.norm[left.end:right.start]
        if not (s.norm[left.start:left.end].isascii() and s.norm[right.start:right.end].isascii()):
            continue
        le, ri = left.entry, right.entry
        if le.type == "Place" and ri.type == "Place" and glue == ", " and gaz.parent_of(ri) != le:
            if not _en_place_list(s, left):  # «Grenada in Spain, Paris, Burgundy, and Bologna»: a list, no chain
                yield Related(le, "locatedIn", ri, "en-place-comma", 0.75)
        elif le.type in ("Firm", "Organization") and ri.type in ("Firm", "Organization") and glue in ("'s ", "’s "):
            yield Related(ri, "subsidiaryOf", le, "en-possessive-unit", 0.6)  # «Huawei's HiSilicon chip unit»
        elif le.type in ("Firm", "Organization") and ri.type == "Product" and glue in ("'s ", "’s "):
            yield Related(le, "produces", ri, "en-possessive-product", 0.6)  # «Tencent's WeChat»
        elif le.type == "Firm" and ri.type == "Place" and glue in ("'s ", "’s ") and gaz.is_site(ri):
            yield Related(le, "locatedIn", ri, "en-possessive-site", 0.5)  # «BYD's Shenshan industrial park»
        elif le.type in ("Firm", "Organization") and ri.type == "Place" and glue in (" of ", " of the "):
            # «Changchun Municipal Government of Jilin Province»: a place after a body's name locates it
            yield Related(le, "locatedIn", ri, "en-body-of-place", 0.6)
        elif le.type == "Place" and ri.type in ("Place", "Firm", "Organization") and glue in ("'s ", "’s "):
            yield Related(ri, "locatedIn", le, "en-place-possessive", 0.6)
        elif le.type in ("Firm", "Organization") and ri.type == "Place" and glue == ", " \
                and _EN_PLACES_FIRM.match(s.norm, right.end, s.b):
            # «Tencent, China's largest listed internet company»: the apposition makes it the place's firm
            yield Related(le, "locatedIn", ri, "en-firm-places-apposition", 0.6)
        elif le.type == "Firm" and ri.type == "Industry" and glue in (" ", "'s ", "’s "):
            yield Related(le, "operatesIn", ri, "en-firm-industry", 0.6)  # «Huawei mobile phones», «BYD's batteries»
        elif le.type in ("Firm", "Organization") and ri.type == "Place" and glue in (" in ", " in the "):
            yield Related(le, "locatedIn", ri, "en-firm-in-place", 0.5)
        elif le.type == "Industry" and ri.type == "Firm" and _MAKER_BEFORE.match(glue):
            yield Related(ri, "operatesIn", le, "en-industry-maker", 0.65)
        elif le.type == "Firm" and ri.type == "Industry" and _MAKER_AFTER.match(glue) and \
                _MAKER_AFTER_END.match(s.norm, right.end):
            yield Related(le, "operatesIn", ri, "en-firm-a-maker", 0.65)


#: «'s largest listed internet company», «’s top pig breeder»: a place's firm, in an apposition after the firm
_EN_PLACES_FIRM = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,5}?(?:company|companies|firm|maker|manufacturer|producer|"
                             r"breeder|startup|start-up|giant|brand|chipmaker|carmaker|automaker|developer|operator|"
                             r"unicorn|bank|insurer|lender|retailer|group|conglomerate|supplier|provider|association|"
                             r"university|institute)\b")


#: one or more further items of one or two words after a comma, then «and» / «or»: a list goes on
_EN_LIST_GOES_ON = re.compile(r"(?:,\s+[\w'’.-]+(?:\s+[\w'’.-]+)?)+,?\s+(?:and|or)\s|,\s+(?:and|or)\s")


def _en_place_list(s: Sentence, m: Match) -> bool:
    """``m`` begins (or is inside) a run of places joined by commas that an «and» closes: a list
    («Spain, Paris, Burgundy, and Bologna»), not a chain of containment («Shenzhen, Guangdong, China»)."""
    flat = s.flat
    k = flat.index(m)
    while k > 0 and flat[k - 1].entry.type == "Place" and s.norm[flat[k - 1].end:flat[k].start] == ", ":
        k -= 1  # from the first place of the run
    m = flat[k]
    while k + 1 < len(flat) and flat[k + 1].entry.type == "Place":
        glue = s.norm[flat[k].end:flat[k + 1].start]
        if glue in (" and ", ", and ", " or ", ", or "):
            return True
        if glue != ", ":
            break
        k += 1
    # the list goes on with names the lexicons do not know: «…, Paris, Burgundy, Verona, and Bologna»; three
    # places joined by commas and then «and» are a list too («Shenzhen, Guangdong, Paris and Rome»)
    last = flat[min(k + 1, len(flat) - 1)]
    if _EN_LIST_GOES_ON.match(s.norm, last.end):
        return True
    return flat.index(last) - flat.index(m) >= 2 and re.match(r"\s+(?:and|or)\s", s.norm[last.end:]) is not None


_EN_WORD = r"[\w'’.&-]+"
#: «Chinese technology giant Huawei», «China's EV titan BYD», «Chinese online retailing giant, JD.com»
_PLACE_DESCRIBES_FIRM = re.compile(rf"^(?:'s|’s)?\s+(?:{_EN_WORD}\s+){{0,4}}?(?:{_MAKER}|giants?|titans?|"
                                   rf"conglomerates?|champions?|carmakers?|automakers?|chipmakers?|retailers?)"
                                   rf",?\s+$")
#: «the southern Chinese metropolis of Shenzhen», «the Chinese technology hub of Shenzhen»
_PLACE_CITY_OF = re.compile(rf"^\s+(?:{_EN_WORD}\s+){{0,2}}(?:city|metropolis|megacity|capital|hub|town|province|"
                            rf"region|municipality)\s+of\s+$")
#: «Shenzhen's traditional general aviation industry», «China's low-altitude economy»
_PLACE_OWNS_INDUSTRY = re.compile(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,2}$")
#: «China's EV titan BYD»: a word for a firm after the industry (the place describes the firm, not a cluster)
_FIRM_NOUN_AFTER = re.compile(rf"\s+(?:{_MAKER}|titans?|conglomerates?|champions?|carmakers?|automakers?|chipmakers?|"
                              rf"retailers?)\b")
#: «the city of Shenzhen in southern China», «Grenada in Spain»
_PLACE_IN_PLACE = re.compile(r"^,?\s+in\s+(?:the\s+)?(?:(?:south|north|east|west|central|north-?east|south-?east|"
                             r"north-?west|south-?west)(?:ern)?\s+)?$")


def english_descriptions(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """A place, or a country's adjective, that describes the name after it: «Chinese
    technology giant Huawei» (locatedIn China), «the southern Chinese metropolis of Shenzhen»
    (locatedIn China), «Shenzhen's general aviation industry» (hostsIndustry), and a place
    «in» another («Shenzhen in southern China»).  Industries may stand in the description
    («Chinese EV giant BYD»); any other name between the two ends it."""
    flat = s.flat
    for k, right in enumerate(flat):
        if not s.norm[right.start:right.end].isascii():
            continue
        for left in reversed(flat[max(0, k - 3):k]):
            if left.entry.type != "Place":
                if left.entry.type == "Industry":
                    continue
                break
            glue, le, ri = s.norm[left.end:right.start], left.entry, right.entry
            if not s.norm[left.start:left.end].isascii():
                break
            if ri.type in ("Firm", "Organization") and _PLACE_DESCRIBES_FIRM.match(glue):
                yield Related(ri, "locatedIn", le, "en-place-describes-firm", 0.7)
            elif ri.type == "Place" and _PLACE_CITY_OF.match(glue) and ri not in _ancestors(le, gaz):
                yield Related(ri, "locatedIn", le, "en-place-city-of", 0.7)
            elif ri.type == "Industry" and _PLACE_OWNS_INDUSTRY.match(glue) \
                    and not _FIRM_NOUN_AFTER.match(s.norm, right.end):  # «Asia's biggest internet company»
                yield Related(le, "hostsIndustry", ri, "en-place-possessive-industry", 0.6)
            elif ri.type == "Place" and _PLACE_IN_PLACE.match(glue) and le not in _ancestors(ri, gaz):
                yield Related(le, "locatedIn", ri, "en-place-in-place", 0.7)
            break


#: A passive verb between a name and its agent: «Huawei was originally founded in 1987 by ex-military officer Ren
#: Zhengfei», «X, founded by Y», «chips produced by HiSilicon»; at most three words describe the agent
_EN_PASSIVE = re.compile(
    r"^,?\s+(?:(?:which|that|who)\s+)?(?:(?:is|was|were|are|has been|had been|have been|being)\s+)?"
    r"(?:(?:originally|first|jointly|later|also|mainly|largely|exclusively|only|now)\s+)?"
    r"(?P<verb>co-founded|founded|established|set up|started|created|produced|made|manufactured|developed)"
    r"(?:\s+(?:in|on)\s+[\w’'. -]{1,25}?)?\s+by\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?$")
_EN_FOUNDED_BY = re.compile(r"(?:founded|set up|started|established) by\s")
_FOUNDED = ("co-founded", "founded", "established", "set up", "started", "created")
#: «Li Mingyuan, general manager and chief architect of Lanhai Tech», «Yang Yang, executive deputy secretary
#: general of the World UAV Federation»: a person's title in apposition, then its body
_EN_TITLE_OF = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+)?(?P<title>(?:[\w-]+\s+){1,6}?)(?:of|at)\s+(?:the\s+)?$")
_EN_HEAD = re.compile(r"\b(?:chairman|chairwoman|chair|ceo|chief executive|president|general manager|head|director|"
                      r"dean|mayor|party secretary|secretary general|secretary-general|managing director)\b")
_EN_STAFF = re.compile(r"\b(?:engineer|researcher|professor|scientist|analyst|manager|architect|spokesperson|"
                       r"spokesman|spokeswoman|officer|executive|official|secretary|designer|employee|economist|"
                       r"chief|vice-president|vice-chairman)\b")
_EN_TRIGGER_TITLES = {"chairman", "chairwoman", "chief executive", "ceo", "president", "head", "director", "mayor",
                      "party secretary", "dean", "vice-president", "vice president", "engineer", "researcher",
                      "professor", "manager"}
_EN_DEPUTY = re.compile(r"\b(?:vice|deputy|assistant|associate)\b")


def english_agents(s: Sentence) -> Iterator[Related]:
    """English passives and titles between two names: «X was founded (in 1987) by Y» (foundedBy), «chips
    produced by X» (operatesIn), «Lanhai One, developed by X» (produces); «Y, chairman of X» (leads) and
    «Y, engineer at X» (worksFor) with any title of a head or a staff member."""
    flat = s.flat
    for left, right in zip(flat, flat[1:], strict=False):
        if not (s.norm[left.start:left.end].isascii() and s.norm[right.start:right.end].isascii()):
            continue
        glue, le, ri = s.norm[left.end:right.start], left.entry, right.entry
        passive = _EN_PASSIVE.match(glue)
        if passive:
            if passive["verb"] in _FOUNDED:
                # «founded by» right before its agent is en-founded-by's; this rule reads what lies between
                if le.type in ("Firm", "Organization") and not _EN_FOUNDED_BY.search(glue) and le.type in ("Firm", "Organization") and ri.type in ("Person", "Firm", "Organization"):
                    yield Related(le, "foundedBy", ri, "en-founded-passive", 0.7)
            elif ri.type in ("Firm", "Organization"):
                if le.type == "Industry":
                    yield Related(ri, "operatesIn", le, "en-made-by", 0.6)
                elif le.type == "Product":
                    yield Related(ri, "produces", le, "en-made-by", 0.6)
            continue
        title = _EN_TITLE_OF.match(glue)
        if title and le.type == "Person" and ri.type in ("Firm", "Organization"):
            words = title["title"]
            if words.strip() in _EN_TRIGGER_TITLES:
                continue  # «Li, chairman of X», «Li, engineer at X»: en-leads-of's and en-works-for's
            if _EN_HEAD.search(words) and not _EN_DEPUTY.search(words):
                yield Related(le, "leads", ri, "en-title-of", 0.7)
            elif _EN_HEAD.search(words) or _EN_STAFF.search(words):
                yield Related(le, "worksFor", ri, "en-title-of", 0.65)


#: «Apple enlisted Norman Foster for its spaceship building in Cupertino», «expand its base in Menlo Park»: the firm's
#: own building, base or plant in a place (a site)
_ITS_SITE_IN = re.compile(r"\bits\s+(?:[\w-]+\s+){0,2}(?:base|building|buildings|campus|headquarters|hq|plant|plants|"
                          r"factory|factories|office|offices|site|facility|facilities|centre|center|park|store|stores|"
                          r"lab|laboratory)\s+in\s+(?:the\s+)?$")
#: «Huaqiangbei, the world's largest electronics market area in the Chinese technology hub of Shenzhen», «DJI, a
#: drone maker in Shenzhen»: an apposition that places the name before it
_APPOSITION_IN = re.compile(r",\s+(?:the|a|an)\s+[^,;:()]{0,80}?\s+in\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?"
                            r"(?:city|metropolis|megacity|hub|capital|town|province|region)\s+of\s+)?")
#: «X's clients include A, B and C», «X, a firm with a long list of clients from the tech world, including A, B»
_CLIENTS = re.compile(r"\b(?:clients|customers)\b[^.;:]{0,50}?\b(?:include|includes|included|including|such as|like)"
                      r"\s+$")
#: between two names of an English list, a legal form or a web suffix of the first left out («Amazon.com Inc., Google»)
_EN_LIST_GLUE = re.compile(r"(?:\.com)?(?:,?\s+(?:inc|ltd|co|corp|llc|plc)\.?)*(?:,\s+|\s+and\s+|,\s+and\s+|\s+&\s+)"
                           r"(?:the\s+)?")
#: «The low-altitude economy, viewed as a strategic emerging industry»: an industry put in a category
_VIEWED_AS = re.compile(r"^,?\s+(?:(?:which\s+)?(?:is|was|are|were|has been|is being)\s+)?(?:(?:widely|often|now|also|"
                        r"officially)\s+)?(?:viewed|seen|regarded|considered|classed|classified|listed|identified|"
                        r"designated)\s+as\s+(?:a|an|one of the|one of)\s+(?:[\w-]+\s+){0,1}$")


_FRAME = re.compile(r"\s*in\s+(?:the\s+)?")


def _opening_frame(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """«In California, Apple … in Cupertino while Facebook … in Menlo Park»: a country or a state (a place the
    lexicon puts at most one level below a country) opening the sentence frames its clauses (annotation.md §5
    locatedIn, a country or state as an opening frame): every firm and body of the sentence, and every place the
    lexicon does not put elsewhere, is in it (up to a semicolon)."""
    frame = _FRAME.match(s.norm, s.a, s.b)
    flat = s.flat
    if frame is None or not flat or flat[0].start != frame.end() or flat[0].entry.type != "Place" \
            or not s.norm.startswith(", ", flat[0].end) or not s.norm[flat[0].start:flat[0].end].isascii():
        return
    place = flat[0].entry
    if len(_ancestors(place, gaz)) > 1 or gaz.is_region(place) or gaz.is_site(place):
        return
    end = s.norm.find(";", flat[0].end, s.b)
    end = s.b if end < 0 else end
    for m in flat[1:]:
        if m.start >= end or not s.norm[m.start:m.end].isascii():
            break
        if m.entry.type in ("Firm", "Organization"):
            yield Related(m.entry, "locatedIn", place, "en-opening-frame", 0.5)
        elif m.entry.type == "Place" and m.entry != place and place not in _ancestors(m.entry, gaz) \
                and not _ancestors(m.entry, gaz) and m.entry not in _ancestors(place, gaz):
            yield Related(m.entry, "locatedIn", place, "en-opening-frame", 0.5)


#: «…, the company has built a new campus»: a firm's verb of setting up a site of its own, after the firm
_BUILT_SITE = re.compile(r"\s+(?:(?:has|have|had|recently|also|now|is|was)\s+)*(?:built|opened|set up|established|"
                         r"completed|building|opening)\s+(?:a|an|its)\s+(?:[\w-]+\s+){0,3}?(?:campus|plant|factory|"
                         r"headquarters|base|research centre|research center|office|facility|site|park|laboratory|lab)\b")


def _opening_site(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """«In Dongguan, close to the city of Shenzhen in southern China, the company has built a new campus»: the place
    opening the sentence is where the firm (or body) that opens the main clause sets up a site of its own
    (annotation.md §5 locatedIn, role site).  The firm is the first name after the opening clause's comma;
    nothing between but the opening clause (no semicolon, no colon).  A country or a state opening the sentence
    is ``_opening_frame``'s."""
    frame = _FRAME.match(s.norm, s.a, s.b)
    flat = s.flat
    if frame is None or not flat or flat[0].start != frame.end() or flat[0].entry.type != "Place" \
            or not s.norm.startswith(",", flat[0].end) or not s.norm[flat[0].start:flat[0].end].isascii():
        return
    place = flat[0]
    if len(_ancestors(place.entry, gaz)) <= 1 and not gaz.is_region(place.entry) and not gaz.is_site(place.entry):
        return
    for m in flat[1:]:
        if m.entry.type not in ("Firm", "Organization"):
            continue
        gap = s.norm[place.end:m.start]
        if len(gap) <= 80 and not any(c in gap for c in ";:") and gap.rstrip().endswith(",") \
                and _BUILT_SITE.match(s.norm, m.end, s.b):
            yield Related(m.entry, "locatedIn", place.entry, "en-opening-site", 0.6)
        return


_FIRM_PLURAL = r"(?:companies|firms|enterprises|manufacturers|makers|producers|suppliers|start-ups|startups)"
#: a count before an industry and its firm noun: «more than 600 licensed commercial drone companies», «nearly 400
#: unmanned aerial vehicle (uav) manufacturers», «the number of uav enterprises»; or before the firm noun and a verb of
#: making the industry: «the estimated 1,200 companies involved in making drones»
_COUNT_BEFORE = re.compile(r"(?:\b\d[\d,.]*(?:\s+(?:thousand|million))?|\bthe number of|\bdozens of|\bhundreds of|"
                           r"\bthousands of)\s+(?:[\w-]+\s+){0,2}$")
_NOUN_AFTER = re.compile(rf"(?:\s*\([\w\s-]+\))?\s+{_FIRM_PLURAL}\b")
_COUNT_MAKING = re.compile(rf"(?:\b\d[\d,.]*|\bthe number of)\s+(?:[\w-]+\s+){{0,1}}{_FIRM_PLURAL}\s+(?:[\w-]+\s+){{0,2}}"
                           rf"(?:making|producing|manufacturing|developing|building)\s+(?:[\w-]+\s+){{0,1}}$")
#: what follows the counted firms: «… in China», «…, China now makes up»
_IN_PLACE_AFTER = re.compile(r"[^,;:]{0,60}?\s+in\s+(?:the\s+)?$")


def english_firm_counts(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """A count of a place's firms of an industry (annotation.md §1.6, a count observation and hostsIndustry): «the
    number of UAV enterprises in China reached over 19,000», «With nearly 400 UAV manufacturers, China now makes up…»,
    «1,200 companies involved in making drones … in China».  Countries count: the count is the place's own."""
    flat = s.flat
    for k, m in enumerate(flat):
        if m.entry.type != "Industry" or not s.norm[m.start:m.end].isascii():
            continue
        lo = flat[k - 1].end if k else s.a
        noun = _NOUN_AFTER.match(s.norm, m.end, s.b)
        if noun is not None and _COUNT_BEFORE.search(s.norm, lo, m.start):
            end = noun.end()
        elif _COUNT_MAKING.search(s.norm, lo, m.start):
            end = m.end
        else:
            continue
        place = next((x for x in flat[k + 1:] if x.entry.type == "Place"), None)
        if place is not None and _IN_PLACE_AFTER.fullmatch(s.norm, end, place.start):
            yield Related(place.entry, "hostsIndustry", m.entry, "en-firm-count-in-place", 0.55)
        elif place is not None and re.fullmatch(r",\s+", s.norm[end:place.start]) \
                and re.match(r"\s*with\s+", s.norm[s.a:m.start]):
            yield Related(place.entry, "hostsIndustry", m.entry, "en-firm-count-in-place", 0.55)


def english_clauses(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """English constructions over a clause: a firm's own site («its base in Menlo Park»), an apposition that
    places its name («X, the … in Y»), a firm's list of clients («clients … including A, B and C»: supplies),
    an industry put in a category («X, viewed as a strategic emerging industry»)."""
    flat = s.flat
    yield from _opening_frame(s, gaz)
    yield from _opening_site(s, gaz)
    for k, m in enumerate(flat):
        e = m.entry
        if not s.norm[m.start:m.end].isascii():
            continue  # Latin-written names only: Chinese has its own rules
        if e.type == "Place":
            # the nearest firm or body before it in the clause whose «its … in» reaches it
            owner = next((x for x in reversed(flat[:k]) if x.entry.type in ("Firm", "Organization")), None)
            if owner is not None and _ITS_SITE_IN.search(s.norm, owner.end, m.start) \
                    and not any(c in s.norm[owner.end:m.start] for c in ";:") and s.norm.count(",", owner.end, m.start) <= 1:
                yield Related(owner.entry, "locatedIn", e, "en-its-site-in", 0.6)
        if e.type in ("Firm", "Organization", "Place"):
            app = _APPOSITION_IN.match(s.norm, m.end, s.b)
            if app is not None:
                place = next((x for x in flat if x.start == app.end() and x.entry.type == "Place"), None)
                if place is not None:
                    place = _most_specific(s, place)
                    if place.entry != e and (e.type != "Place" or e not in _ancestors(place.entry, gaz)):
                        yield Related(e, "locatedIn", place.entry, "en-apposition-in", 0.6)
        if e.type in ("Firm", "Organization") and k > 0:
            # the first client of a list: the supplier is the nearest firm before «clients»
            clients = _CLIENTS.search(s.norm, s.a, m.start)
            if clients is not None:
                supplier = next((x for x in reversed(flat[:k]) if x.end <= clients.start()
                                 and x.entry.type in ("Firm", "Organization")), None)
                between = [x for x in flat if supplier is not None and supplier.end <= x.start and x.end <= clients.start()]
                if supplier is not None and not any(x.entry.type in ("Firm", "Organization") for x in between) \
                        and clients.start() - supplier.end <= 60:
                    run, j = [m], k
                    while j + 1 < len(flat) and flat[j + 1].entry.type in ("Firm", "Organization") \
                            and _EN_LIST_GLUE.fullmatch(s.norm, flat[j].end, flat[j + 1].start):
                        j += 1
                        run.append(flat[j])
                    for client in run:
                        yield Related(supplier.entry, "supplies", client.entry, "en-clients-including", 0.6)
        if e.type == "Industry" and k + 1 < len(flat) and flat[k + 1].entry.type == "Industry" \
                and _VIEWED_AS.match(s.norm[m.end:flat[k + 1].start]):
            yield Related(e, "subIndustryOf", flat[k + 1].entry, "en-industry-viewed-as", 0.6)


_HYPERNYM_AFTER = re.compile(r"^等(一批|多家|众多|各类|多种)?(深圳|国内)?$")
_HYPERNYM_BEFORE = re.compile(r"^(企业|领域|产业|行业|方面)?[,，:：]?(包括|包含|涵盖|例如|比如|如|像|有|主要有|囊括)$")


_HYPERNYM_WORDS = re.compile(r"等|包括|包含|涵盖|例如|比如|如|像|有|囊括")


def lists_with_hypernym(s: Sentence) -> Iterator[Related]:
    """A、B、C等智能硬件 / 智能终端包括A、B、C / AI企业包括A、B和C."""
    if not _HYPERNYM_WORDS.search(s.norm, s.a, s.b):
        return
    seen: set[int] = set()
    for m in s.flat:
        group = s.members(m)
        if id(group) in seen:
            continue
        seen.add(id(group))
        first, last = group[0], group[-1]
        after = next((h for h in s.flat if h.start >= last.end and _HYPERNYM_AFTER.match(s.gap(last.end, h.start))), None)
        before = next((h for h in reversed(s.flat) if h.end <= first.start
                       and _HYPERNYM_BEFORE.match(s.gap(h.end, first.start))), None)
        for hyper, rule in ((after, "list-then-hypernym"), (before, "hypernym-then-list")):
            if hyper is None:
                continue
            for member in group:
                if member.entry.type == "Industry" and hyper.entry.type == "Industry":
                    yield Related(member.entry, "subIndustryOf", hyper.entry, rule, 0.6)
                elif member.entry.type == "Firm" and hyper.entry.type == "Industry":
                    yield Related(member.entry, "operatesIn", hyper.entry, rule, 0.6)


#: The firms of an industry taken as a set (近百家机器人公司中, 深圳的无人机企业里), and a word that gives examples
_AMONG_FIRMS = re.compile(r"(?:相关)?(?:公司|企业|厂商)(?:中|里|当中|之中)")
_EXAMPLES = re.compile(r"诸如|比如|例如|如|像")


def examples_of_industry_firms(s: Sentence) -> Iterator[Related]:
    """近百家机器人公司中,拥有诸多细分领域的龙头,如无人机龙头大疆,…优必选,…普渡科技: the firms given as
    examples of a set of an industry's firms work in it, each in its own descriptive phrase."""
    for m in s.flat:
        if m.entry.type != "Industry" or not _AMONG_FIRMS.match(s.norm, m.end):
            continue
        cue = _EXAMPLES.search(s.norm, m.end, s.b)
        if cue is None or any(x.start <= cue.start() < x.end for x in s.flat):
            continue
        for firm in s.flat:
            if firm.start >= cue.end() and firm.entry.type == "Firm":
                yield Related(firm.entry, "operatesIn", m.entry, "examples-of-industry-firms", 0.55)


#: English: an industry's firms, then the examples («robotics companies such as A», «drone makers like A, B and C»,
#: «flying car companies in China, including A», or the list in apposition: «… companies in China, A and B»); the noun
#: must follow the industry, the example word or the comma the noun
_EN_AMONG_FIRMS = re.compile(r"[ \t]+(?:companies|firms|enterprises|makers|manufacturers|players|start-?ups)"
                             r"(?:[ \t]+in[ \t]+[a-z]+)?(?:,?[ \t]+(?:such[ \t]+as|like|including)[ \t]+|(,[ \t]+))")


def english_industry_firm_examples(s: Sentence) -> Iterator[Related]:
    """«robotics companies such as Yarbo, … AgileX Robotics»: the firms given as examples of an industry's firms
    work in it — every firm after the example word in the sentence, as 近百家机器人公司中,…如A,B."""
    for m in s.flat:
        if m.entry.type != "Industry":
            continue
        cue = _EN_AMONG_FIRMS.match(s.norm, m.end)
        if cue is None or any(x.start < cue.end() and m.end < x.end and x.entry.type != "Place" for x in s.flat if x is not m):
            continue
        if cue.group(1):  # an apposition, «flying car companies in China, A and B»: the list right after the comma
            first = next((x for x in s.flat if x.start == cue.end()), None)
            firms = [x for x in s.members(first) if x.entry.type == "Firm"] if first is not None else []
        else:
            firms = [x for x in s.flat if x.start >= cue.end() and x.entry.type == "Firm"]
        for firm in firms:
            yield Related(firm.entry, "operatesIn", m.entry, "en-industry-firm-examples", 0.55)


def hierarchy(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """Two names of a sentence that the lexicon hierarchy relates (深圳 … 广东); a mention that stands
    for a name («the company» for Huawei) is not that name written, and the lexicon's knowledge needs both
    written."""
    present = {m.entry for m in s.flat if m.start not in s.referents}
    for entry in present:
        parent = gaz.parent_of(entry)
        if parent is not None and parent in present and parent != entry:
            pred = "subIndustryOf" if entry.type == "Industry" else "locatedIn"
            yield Related(entry, pred, parent, "lexicon-hierarchy", 0.45)


#: Words that say a place has an industry, not only that both are named (…产业, 集群, 重点发展,
#: 产值, 之都; «industry», «hub», «home to», «-made»).  Searched outside the names of the sentence.
_HOSTS_CUE = re.compile(r"产业|集群|集聚|聚集|基地|重镇|之都|第一城|中心|产值|产量|规模|重点发展|大力发展|发展|培育|形成|"
                        r"高地|分布|大市|强市|生态|赛道|industry|industries|sector|hub|cluster|home to|ecosystem|"
                        r"capital of|-made|made in")


_CHAIN_WORD = re.compile(r"产业(?:链|集群)")


def _outside_names(s: Sentence) -> str:
    """The sentence with its names blanked out (a cue word inside a name is no cue)."""
    chars = list(s.norm[s.a:s.b])
    for m in s.flat:
        for i in range(max(m.start, s.a), min(m.end, s.b)):
            chars[i - s.a] = " "
    return "".join(chars)


#: A place named only as a neighbour or a term of comparison (依托毗邻香港的区位优势, 密度堪比硅谷的…,
#: 继环渤海、长三角、珠三角之后的“第四极”): the word right before its list
_COMPARED = re.compile(r"(?:毗邻|邻近|紧邻|靠近|堪比|媲美|比肩|不亚于|仅次于|继|如同|好比)$")


def _compared(s: Sentence, m: Match) -> bool:
    """``m`` (or the list it belongs to) is the object of a word of neighbourhood or comparison."""
    first = s.members(m)[0]
    return _COMPARED.search(s.norm, max(s.a, first.start - 3), first.start) is not None


#: What follows a place that is a venue or a region's hub, no host of the sentence's industries: 在深圳市龙华区举办,
#: 成长为华南地区中心城市 (深圳 is the hub of 华南; 华南 hosts nothing by that)
_VENUE_OR_HUB = re.compile(r"(?:地区|区域)?(?:中心城市|核心城市)|举办|举行|召开")


def _venue_or_hub(s: Sentence, m: Match) -> bool:
    end, places = m.end, {x.start: x for x in s.flat if x.entry.type == "Place"}
    while end in places:  # 深圳市龙华区举办: the chain of places before the verb
        end = places[end].end
    return _VENUE_OR_HUB.match(s.norm, end) is not None


#: A count of firms between a place and their industry (中国400多家生物制造企业, 深圳近2000家机器人公司):
#: the place hosts the industry (annotation.md §5 hostsIndustry, a count of a named place's firms)
_FIRM_COUNT = re.compile(r"(?:的)?(?:约|近|超|超过|逾|共有|共)?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)(?:多|余)?"
                         r"(?:万|千|百)?(?:多|余)?家(?:的)?")
_FIRM_NOUN = re.compile(r"(?:相关)?(?:企业|公司|厂商|厂家|制造商|生产商|初创企业)")


def counted_firms_industry(s: Sentence) -> Iterator[Related]:
    """A place, a count of firms and their industry, then the firm noun (中国400多家生物制造企业中…): the
    place hosts the industry, whatever its level (a country's count is its own, unlike 全国)."""
    for k, m in enumerate(s.flat):
        if m.entry.type != "Industry" or k == 0 or not _FIRM_NOUN.match(s.norm, m.end):
            continue
        place = s.flat[k - 1]
        if place.entry.type != "Place" or _compared(s, place):
            continue
        if _FIRM_COUNT.fullmatch(s.norm, place.end, m.start):
            yield Related(place.entry, "hostsIndustry", m.entry, "place-count-industry", 0.6)


#: A word that gives a firm's main line before its fields: 主营, 主要产品为, 业务涵盖, 主要方向为 …
_MAIN_BUSINESS = re.compile(r"(?:主营业务|主营产品|主营|主要产品|主要业务|核心业务|业务范围|产品线|主要方向|主攻方向|主要研发方向)"
                            r"(?:为|是|有|包括|包含|涵盖|覆盖|集中在|聚焦)?|(?:业务|产品)(?:涵盖|覆盖|包括|包含)|"
                            r"主要从事|主要生产|主攻")


#: 等, a count of firms, then the place (甲、乙等29家深圳企业, 甲、乙等一批深圳企业)
_LIST_COUNT_BEFORE_PLACE = re.compile(r"等(?:(?:\d+|[一二两三四五六七八九十百千]+)(?:多|余)?家|一批|众多|多家)")
#: after the place: a few words (industries or not, no sign) and the firm noun (深圳充电设备终端制造企业)
_FIRM_NOUN_AFTER_PLACE = re.compile(r"的?[^\s,;:。，；：、()“”]{0,12}?(?:企业|公司|厂商|厂家)")


def counted_firms_of_place(s: Sentence) -> Iterator[Related]:
    """A list closed by 等, a count of firms, a place and the firm noun (华为、英飞源、永联等11家深圳充电设备终端
    制造企业): each listed firm is in the place (firms-of-place-listed's 等深圳企业, with the count between)."""
    for k, place in enumerate(s.flat):
        if k == 0 or place.entry.type != "Place":
            continue
        before = s.flat[k - 1]
        if before.entry.type != "Firm" or not _LIST_COUNT_BEFORE_PLACE.fullmatch(s.norm, before.end, place.start):
            continue
        after = _FIRM_NOUN_AFTER_PLACE.match(s.norm, place.end, s.b)
        if after is None or any(m.entry.type not in ("Industry", "Place") for m in s.flat
                                if place.end <= m.start < after.end()):
            continue
        for firm in s.members(before):
            if firm.entry.type == "Firm":
                yield Related(firm.entry, "locatedIn", place.entry, "firms-counted-of-place", 0.6)


#: after the place: the firm noun (a few words before it, a count after it), then the word that opens the
#: list of some of them (美国企业,包括高通…; 粤港澳大湾区企业共有220家,其中包括腾讯控股)
_PLACE_FIRMS_INCLUDING = re.compile(r"的?[^\s,;:。，；：、()“”]{0,12}?(?:企业|公司|厂商|厂家)"
                                    r"(?:共有?(?:\d+|[一二两三四五六七八九十百千]+)(?:多|余)?家)?[,，]?(?:其中)?"
                                    r"(?:包括|包含|如)(?:知名的|著名的)?")


#: a word before a place that makes it a partner, a target or a recipient rather than the firms' seat
_PLACE_AS_PARTNER = set("与和跟同向对为给赴往到")


def place_firms_including(s: Sentence) -> Iterator[Related]:
    """A place, the firm noun, then 包括 and a list of firms (多达33家的美国企业,包括高通、英特尔…): some of the
    place's firms, named — each is in the place (counted_firms_of_place's list, written after the noun)."""
    for k, place in enumerate(s.flat[:-1]):
        if place.entry.type != "Place" or s.norm[place.start - 1:place.start] in _PLACE_AS_PARTNER:
            continue  # 与深圳合作的企业包括X: firms of a partner of the place, not of the place
        cue = _PLACE_FIRMS_INCLUDING.match(s.norm, place.end, s.b)
        first = next((m for m in s.flat[k + 1:] if cue is not None and m.start >= cue.end()), None)
        if cue is None or first is None or first.start != cue.end() or first.entry.type != "Firm" \
                or any(m.entry.type not in ("Industry", "Place") for m in s.flat if place.end <= m.start < cue.end()):
            continue
        for firm in s.members(first):
            if firm.entry.type == "Firm":
                yield Related(firm.entry, "locatedIn", place.entry, "place-firms-including", 0.6)


def main_business(s: Sentence) -> Iterator[Related]:
    """A firm or body, then a word of its main line (主营, 主要产品为, 业务涵盖, 主要方向为) with no other
    name between: every industry of the clause after that word is its field (迈瑞武汉研究院占地约110亩,…,
    主要方向为生物原材料和试剂研发、手术设备研发、大健康技术研发)."""
    for cue in _MAIN_BUSINESS.finditer(s.norm, s.a, s.b):
        if any(m.start <= cue.start() < m.end for m in s.flat):
            continue  # inside a name
        before = [m for m in s.flat if m.end <= cue.start()]
        if not before or before[-1].entry.type not in ("Firm", "Organization"):
            continue
        end = next((i for i in range(cue.end(), s.b) if s.norm[i] in ",;:。，；："), s.b)
        for m in s.flat:
            if cue.end() <= m.start and m.end <= end and m.entry.type == "Industry":
                yield Related(before[-1].entry, "operatesIn", m.entry, "firm-main-business", 0.6)


def _sited_places(s: Sentence, gaz: Gazetteer) -> set[int]:
    """Starts of the places a firm, a body or a site of the sentence stands at (X(已…)在A、B…; at_place's)."""
    out: set[int] = set()
    for k, subj in enumerate(s.flat[:-1]):
        if subj.entry.type not in ("Firm", "Organization") and not gaz.is_site(subj.entry):
            continue
        place = s.flat[k + 1]
        if place.entry.type == "Place" and _AT_PLACE.match(s.norm[subj.end:place.start]):
            run = _place_run(s, place)
            out |= {m.start for m in run}
            out |= {m.start for p in run for m in _chain_before(s, p)}
    return out


#: A noun of a market place or a platform right after an industry (the world's largest electronics wholesale market,
#: 华强北电子批发市场, 昇腾算力平台): the industry only says what is traded or computed there, the phrase names a venue
_VENUE_AFTER = re.compile(r"(?:批发市场|批发|交易市场|专业市场|商城|平台|\s+(?:wholesale|retail|trading)\b|\s+(?:platforms?|malls?)\b)")


def _kind_of_venue(s: Sentence, m: Match) -> bool:
    """The industry ``m`` (or its list) stands inside a longer noun phrase naming a market or a platform."""
    return _VENUE_AFTER.match(s.norm, s.members(m)[-1].end) is not None


def _country_between(s: Sentence, gaz: Gazetteer, place: Match, m: Match) -> bool:
    """A country written after ``place`` and before the industry ``m``, in the industry's clause (透过深圳“机器人谷”,中国在
    高端制造领域突破…): the country is the industry's place; an earlier, narrower place does not host it by this."""
    start = max((i + 1 for i in range(place.end, m.start) if s.norm[i] in ",;:。，；："), default=place.end)
    return any(x.entry.type == "Place" and gaz.parent_of(x.entry) is None and start <= x.start and x.end <= m.start
               for x in s.flat)


#: After «country + industry»: a firm's rank or a pole over the country (我国医疗器械的龙头, 中国手机出口前10大企业, 中国生物
#: 技术产业创新高地三极之一, 中国医疗器械企业排行榜): the country is a comparison set there, no host (annotation.md §4 «A country's X»)
_COUNTRY_RANKS = re.compile(r"(?:产业|行业|领域)?(?:的)?(?:龙头|领军|[^,;。]{0,8}之一|[^,;。]{0,4}前\d|[^,;。]{0,4}第[一二三四五\d]|最大|"
                            r"[^,;。]{0,4}百强|[^,;。]{0,6}(?:排行|排名|榜)|[^,;。]{0,4}看)")


#: After a place: its own sector (深圳的支柱产业, 深圳的主导行业, 深圳的产业集群)
_PLACES_SECTOR = re.compile(r"的[^,;:。，；：、]{0,6}?(?:产业|行业|集群)")


def hosted_industries(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """Industries named in a sentence with a place below country level: hosted there (the
    nearest place before the industry when there are several).  Three kinds of evidence, each
    its own rule so that calibration weighs them apart: the place written right before the
    industry (深圳无人机产业, 前海金融, 深圳的机器人); a sentence with a word of hosting (产业, 集群,
    重点发展, 产值 …); both only named in one sentence.  With a word of hosting but the industry written before
    any place (industry-then-place), the place hosts it 7 times in 59 on seed and tune against 107 in 292
    otherwise (calibration of 2026-12-08): a rule of its own."""
    places = [m for m in s.flat if m.entry.type == "Place" and gaz.parent_of(m.entry) is not None
              and not _compared(s, m) and not _venue_or_hub(s, m)]
    sites = [m for m in s.flat if gaz.is_site(m.entry) and not _compared(s, m) and not _venue_or_hub(s, m)]
    for m in s.flat:
        site = next((p for p in sites if p.end <= m.start and s.norm[p.end:m.start] in ("", "的")), None)
        if m.entry.type == "Industry" and site is not None and not s.norm[site.start:site.end].isascii():
            yield Related(site.entry, "hostsIndustry", m.entry, "place-before-industry", 0.6)
    # the places where a firm or a site of the sentence is (迈瑞已在深圳、…西雅图等8地设立研发中心,主要瞄准…三大领域;
    # 荣耀智能制造产业园在深圳坪山区正式启用): the sentence's industries are the firm's, not the places' (annotation.md
    # §5 hostsIndustry, one firm's own plant or base); only the place written right before an industry hosts it
    for m in s.flat:
        country = next((c for c in s.flat if c.end <= m.start and s.norm[c.end:m.start] in ("", "的")
                        and c.entry.type == "Place" and gaz.parent_of(c.entry) is None), None)
        if m.entry.type == "Industry" and country is not None and not _compared(s, country) \
                and not s.norm[country.start:country.end].isascii() and not _COUNTRY_RANKS.match(s.norm, m.end):
            yield Related(country.entry, "hostsIndustry", m.entry, "country-before-industry", 0.5)
    sited = _sited_places(s, gaz)
    if not places:
        return
    single = len({m.entry for m in places}) == 1
    # 产业链 / 产业集群 also when 产业 ends an industry's name (完整的人工智能和机器人产业链)
    cued = _HOSTS_CUE.search(_outside_names(s)) is not None or _CHAIN_WORD.search(s.norm, s.a, s.b) is not None
    for m in s.flat:
        if m.entry.type != "Industry":
            continue
        before = [p for p in places if p.end <= m.start]
        place = before[-1] if before else _most_specific(s, places[0])
        # a site written right after the place (在深圳“机器人谷”诞生了完整的…产业链) is the narrowest place of the
        # chain: it is the host, as a location verb places its subject in the narrowest place
        site = next((x for x in sites if place.end <= x.start and x.end <= m.start
                     and s.norm[place.end:x.start] in ("", "的")), None)
        if site is not None and not (before and s.norm[place.end:m.start] in ("", "的")):
            place = site
        if before and s.norm[place.end:m.start] in ("", "的") and not s.norm[place.start:place.end].isascii():
            yield Related(place.entry, "hostsIndustry", m.entry, "place-before-industry", 0.6)
        elif place.start in sited or _kind_of_venue(s, m) or _country_between(s, gaz, place, m):
            continue
        elif cued and not before and not _PLACES_SECTOR.match(s.norm, place.end):
            # the industry before any place: the place's far less often (calibrated apart), unless the place's own
            # sector follows it (无人机产业已成为深圳的支柱产业)
            yield Related(place.entry, "hostsIndustry", m.entry, "industry-then-place", 0.3)
        elif cued:
            yield Related(place.entry, "hostsIndustry", m.entry, "industry-with-place", 0.45 if single else 0.4)
        else:
            yield Related(place.entry, "hostsIndustry", m.entry, "industry-with-place-uncued", 0.3)


#: The broad sectors of every economy (industries.yaml, «broad sectors»): a firm named with one is not
#: thereby in it — «the global leader in manufacturing drones», «battery manufacturing», «助力制造业发展»
#: name what the firm makes or serves; a firm's own sector needs its own cue (以制造业为主业, operates-in-focus)
_BROAD_SECTORS = frozenset({"制造业", "服务业"})


#: A firm written as a person's employer (英伟达高级AI研究科学家Jim Fan, 蓝海科技首席科学家李明远): the words after it,
#: up to a word of a post, are the person's title; the firm is no actor of the sentence
_EMPLOYER_OF = re.compile(r"[^,;:。，；：、()（）“”\"]{0,10}?(?:科学家|工程师|研究员|分析师|设计师|架构师|总裁|总经理|董事长|"
                          r"首席执行官|首席技术官|创始人|负责人|发言人|ceo|cto)")


def _employer_only(s: Sentence, firm: Entry) -> bool:
    """Every mention of ``firm`` in the sentence is a person's employer (the title of a post follows it)."""
    mentions = [m for m in s.flat if m.entry == firm]
    return all(_EMPLOYER_OF.match(s.norm, m.end, s.b) for m in mentions)


#: A firm written as the holder of another one's shares (华为持股4%的纵慧芯光…生产…化合物半导体): what the sentence
#: says the held firm does is not the holder's
_SHAREHOLDER_OF = re.compile(r"(?:已|曾|也)?(?:持股|控股|参股|入股|投资)[^,;:。，；：、]{0,8}?的")


def _shareholder_only(s: Sentence, firm: Entry) -> bool:
    """Every mention of ``firm`` in the sentence is the holder of the firm named after it (X持股4%的Y)."""
    return all(_SHAREHOLDER_OF.match(s.norm, m.end, s.b) for m in s.flat if m.entry == firm)


#: A verb of buying, using or investing right before an industry (采购了一批无人机, 搭载人工智能芯片, using drones to
#: deliver): the industry is what the firm buys, uses or funds, not its own field
_USES_BEFORE = re.compile(r"(?:使用|采用|搭载|采购|购买|购入|租用|投资|入股|参股)(?:了|过)?(?:一批|一家|多家|大量|多款|多架|多台)?$|"
                          r"\b(?:using|uses|used|use|buy|buys|bought|buying|purchased?|purchasing|invested\s+in|"
                          r"invests\s+in|investing\s+in)\s+(?:a\s+|an\s+|the\s+)?$")


def _used_or_bought(s: Sentence, m: Match) -> bool:
    """The industry ``m`` (or the list it heads) is the object of a verb of buying, using or investing."""
    first = s.members(m)[0]
    return _USES_BEFORE.search(s.norm, max(s.a, first.start - 16), first.start) is not None


#: 产业 / 行业 after an industry (武汉的生命健康产业): the industry as a whole, here a place's
_SECTOR_AFTER = re.compile(r"(?:产业|行业|\s+(?:industry|industries|sector))")


def _places_industry(s: Sentence, m: Match) -> bool:
    """The industry ``m`` is written as a place's sector (对光谷乃至武汉的生命健康产业, China's low-altitude economy): the
    place right before it (or its list), then 产业 / 行业 / 经济 in or after the name; not a firm's field."""
    group = s.members(m)
    first, last = group[0], group[-1]
    place = next((p for p in reversed(s.flat) if p.end <= first.start), None)
    if place is None or place.entry.type != "Place" or s.norm[place.end:first.start] not in ("", "的", "'s ", "’s ", " "):
        return False
    written = s.norm[last.start:last.end]
    return written.endswith(("产业", "行业", "经济", "economy")) or _SECTOR_AFTER.match(s.norm, last.end) is not None


def co_mentioned_industry(s: Sentence) -> Iterator[Related]:
    """A firm and an industry named in one sentence, with no other firm: weakly, it works in it (not in a broad
    sector, ``_BROAD_SECTORS``; not when the firm is only a person's employer; not the head of a compound right
    after another industry, 即时通讯软件: the firm's field is the modifier, not 软件).  A rule of its own,
    industry-then-firm, when the industry comes first: right 13 times in 73 on seed and tune against 79 in 244
    with the firm first (calibration of 2026-12-08)."""
    firms = {m.entry for m in s.flat if m.entry.type == "Firm"}
    if len(firms) != 1:
        return
    (firm,) = firms
    if _employer_only(s, firm) or _shareholder_only(s, firm):
        return
    first = min(m.start for m in s.flat if m.entry == firm)
    for k, m in enumerate(s.flat):
        if m.entry.type == "Industry" and m.entry.label not in _BROAD_SECTORS and not _used_or_bought(s, m) \
                and not _places_industry(s, m) and not (k and s.flat[k - 1].entry.type == "Industry"
                                                       and s.flat[k - 1].end == m.start):
            if m.start < first:  # the industry before the firm is named: less often the firm's (calibrated apart)
                yield Related(firm, "operatesIn", m.entry, "industry-then-firm", 0.3)
            else:
                yield Related(firm, "operatesIn", m.entry, "firm-with-industry", 0.4)


#: A word of cooperation right after a list written with 、 only (甲、乙合作开发, 甲、乙双方正式签约); not 联合
#: (甲、乙联合发布 is a list acting together on a third thing) nor 合作伙伴 (partners of someone else)
_LISTED_PACT = re.compile(r"(?:双方|三方|各方|共同|已|已经|将|正式|再次|首次|宣布|达成)*"
                          r"(?:战略合作|合作|携手|联手|签约|结盟|合资)(?!伙伴|方|单位|企业|商|机构)")


def listed_partners(s: Sentence) -> Iterator[Related]:
    """甲、乙合作: firms or organisations listed with 、 alone right before a word of cooperation
    cooperate with each other, every two of them."""
    seen: set[int] = set()
    for m in s.flat:
        group = s.members(m)
        if group[0].start in seen or len(group) < 2 or m.entry.type not in ("Firm", "Organization"):
            continue
        seen.add(group[0].start)
        if any(s.norm[a.end:b.start] != "、" for a, b in zip(group, group[1:])):
            continue
        pact = _LISTED_PACT.match(s.norm, group[-1].end, s.b)
        if pact is None:
            continue
        for a in group:
            for b in group:
                if a.entry != b.entry:
                    yield Related(a.entry, "partnersWith", b.entry, "partners-listed", 0.55)


def group_members(s: Sentence) -> Iterator[Related]:
    """Firms named before a quoted group (以A、B为首的「杭州六小龙」, 有A B C D的「深圳四巨头」)."""
    for group in s.flat:
        if group.entry.source != "group-quoted":
            continue
        for m in s.flat:
            if m.entry.type == "Firm" and m.end <= group.start and group.start - m.end <= 60:
                yield Related(m.entry, "memberOf", group.entry, "firms-before-group", 0.6)


#: 深圳(市区两级)(先后)出台 …: a city or province as the subject of a verb of issuing
_ISSUES = re.compile(r"^(?:市|省|区)?(?:区两级|市区两级|两级|政府|各区|有关部门|相关部门)?"
                     r"(?:已|还|又|先后|陆续|相继|正式|近日|日前|今年|去年|再次|首次|率先|创新)*"
                     r"(?:出台|推出|发布|印发|颁布|制定|实施|设立|启动)")


#: A policy named as a frame or a term of comparison (创新十条之外, 继“人类基因组计划”之后…的第三次革命): its closing
#: quote, then 之外 / 以外 / 之后 / 以后; the sentence's industries are not what it targets
_POLICY_FRAME = re.compile(r"[”’」』\"'》]?(?:之外|以外|之后|以后)")


def policy_co_mentions(s: Sentence, gaz: Gazetteer) -> Iterator[Related]:
    """A policy named with industries: weakly, it targets them.  A city or province that is the
    subject of a verb of issuing (深圳市区两级出台…, 深圳推出“训力券”) issued the policies named
    after it; a place merely named with a policy (为支持香港青年…推出「1510」计划) did not."""
    policies = [m for m in s.flat if m.entry.type == "Policy"]
    if not policies:
        return
    framed = {m.entry for m in policies if _POLICY_FRAME.match(s.norm, s.members(m)[-1].end, s.b)}
    for policy in dict.fromkeys(m.entry for m in policies if m.entry not in framed):
        for m in s.flat:
            if m.entry.type == "Industry":
                yield Related(policy, "targets", m.entry, "policy-with-industry", 0.4)
    for m in s.flat:
        if m.entry.type == "Place" and city_level(m.entry, gaz) and _ISSUES.match(s.norm[m.end:s.b]):
            for policy in dict.fromkeys(p.entry for p in policies if p.start > m.end):
                yield Related(policy, "issuedBy", m.entry, "place-issues-policy", 0.6)


def city_level(entry: Entry, gaz: Gazetteer) -> bool:
    """A province or city (its lexicon parent is a country or a province), not a district nor a
    region (华南, 粤港澳大湾区)."""
    if gaz.is_region(entry):
        return False
    parent = gaz.parent_of(entry)
    return parent is not None and (gaz.parent_of(parent) is None or gaz.parent_of(gaz.parent_of(parent)) is None)


# ------------------------------------------------------------------ all rules


def _recognition_fits(rel: Related) -> bool:
    """A list, ranking or report recognises (recognizedBy → it); a title or award is awarded
    (it awardedTo →): the Recognition's name says which kind it is."""
    from graph.extract.patterns import LIST_ENDINGS

    if rel.predicate == "awardedTo":
        return not rel.subject.label.endswith(LIST_ENDINGS)
    if rel.predicate == "recognizedBy":
        return rel.object.label.endswith(LIST_ENDINGS) or "企业" in rel.object.label[-4:]
    return True


#: 显示 after a source of figures (数据显示, 信息显示, 《报告》显示) or before a colon is the verb «show»,
#: not the display industry (显示 is also the head of 超高清视频显示, 激光显示: those are longer names)
_SHOWS_AFTER = ("数据", "信息", "资料", "统计", "调查", "研究", "报告", "结果", "监测", "测算", "公告", "财报",
                "年报", "图", "表", "》", "」", "”")


def _reporting_verb(s: Sentence, m: Match) -> bool:
    """An industry name that is the verb of «the data show» here."""
    if m.entry.type != "Industry" or s.norm[m.start:m.end] != "显示":
        return False
    return s.norm[:m.start].endswith(_SHOWS_AFTER) or s.norm[m.end:m.end + 1] in (",", ":", "，", "：")


class RelationRules:
    """Every rule, compiled once; ``relate`` runs them over one sentence."""

    def __init__(self, ontology: Ontology, rows: list[dict], roles: dict[str, str]):
        import ahocorasick

        self.ontology = ontology
        self.triggers = [TriggerRule.from_yaml(r) for r in rows if r["predicate"] in ontology.relations]
        self.roles = roles
        self._words = ahocorasick.Automaton()  # every trigger word → the rules that use it
        for row in rows:
            for word in row["triggers"]:
                rules = self._words.get(word) if self._words.exists(word) else set()
                rules.add(row["id"])
                self._words.add_word(word, rules)
        self._words.make_automaton()
        #: predicate → (subject types, object types) of what the learned model may propose
        self.domains = {p: (frozenset(ontology.relations[p].domain), frozenset(ontology.relations[p].range))
                        for p in PREDICATES if p in ontology.relations}
        self.symmetric = frozenset(p for p, prop in ontology.relations.items() if prop.symmetric)
        #: the learned pair model (``learned.py``), None to use the rules alone
        self.learned: PairModel | None = None
        #: called with each sentence's pairs and the keys the rules proposed (``szkg eval --learn`` collects them)
        self.observe: Callable[[list[Pair], set[tuple[str, str, str]]], None] | None = None

    def allowed(self, rel: Related) -> bool:
        prop = self.ontology.relations.get(rel.predicate)
        return (prop is not None and rel.subject != rel.object and rel.subject.type in prop.domain
                and rel.object.type in prop.range and rel.subject.entity != rel.object.entity
                and _recognition_fits(rel))

    def relate(self, s: Sentence, gaz: Gazetteer) -> list[Related]:
        found: list[Related] = []
        verbs = [m for m in s.flat if _reporting_verb(s, m)]
        if verbs:  # 数据显示: no end of any rule
            s = Sentence(s.norm, s.a, s.b, [m for m in s.flat if m not in verbs], [m for m in s.all if m not in verbs])
        present = set().union(*(ids for _end, ids in self._words.iter(s.norm, s.a, s.b)))
        for rule in self.triggers:
            if rule.id not in present:
                continue
            for subj, obj in trigger_pairs(s, rule):
                found.append(Related(subj.entry, rule.predicate, obj.entry, rule.id, rule.confidence))
        for gen in (nested(s, gaz), role_chains(s, self.roles), person_holds_post(s, self.roles), adjacency(s, gaz),
                    english_neighbours(s, gaz), english_descriptions(s, gaz), english_agents(s), english_clauses(s, gaz),
                    english_firm_counts(s, gaz), at_place(s, gaz),
                    lists_with_hypernym(s), examples_of_industry_firms(s), english_industry_firm_examples(s),
                    hierarchy(s, gaz), hosted_industries(s, gaz), counted_firms_industry(s), counted_firms_of_place(s),
                    place_firms_including(s), main_business(s),
                    co_mentioned_industry(s),
                    group_members(s), listed_partners(s), policy_co_mentions(s, gaz)):
            found.extend(gen)
        found.extend(list(written_chains(s, found, gaz)))
        paired = list(respectively(s))
        if paired:  # X、Y分别位于A、B: only the pairs in order, not every combination
            ends = {(r.subject, r.object) for r in paired}
            subjects, places = {r.subject for r in paired}, {r.object for r in paired}
            found = [r for r in found if not (r.predicate == "locatedIn" and r.subject in subjects
                                              and r.object in places and (r.subject, r.object) not in ends)]
            found.extend(paired)
        best: dict[tuple[str, str, str], Related] = {}
        for rel in found:
            if not self.allowed(rel):
                continue
            if rel.predicate == "locatedIn" and rel.subject in _ancestors(rel.object, gaz):
                continue  # 光明区集聚了深圳近80%的…企业: the lexicon puts the object in the subject, not the reverse
            key = (rel.subject.entity, rel.predicate, rel.object.entity)
            if key not in best or rel.confidence > best[key].confidence:
                best[key] = rel
        if self.learned is not None or self.observe is not None:
            self._learned(s, gaz, best)
        return list(best.values())

    def _learned(self, s: Sentence, gaz: Gazetteer, best: dict[tuple[str, str, str], Related]) -> None:
        """Add what the learned model finds among the pairs of names the rules left unrelated (by any predicate)."""
        names = [m for m in s.flat if m.start not in s.referents]
        pairs = list(sentence_pairs(s.norm, s.a, s.b, names, self.domains, self.symmetric))
        if self.observe is not None:
            self.observe(pairs, set(best))
        if self.learned is None:
            return
        related = {frozenset((subj, obj)) for subj, _p, obj in best}  # a rule chose the predicate (worksFor, not leads)
        chosen: dict[frozenset[str], tuple[float, Related]] = {}  # one statement per pair of names: its likeliest
        for pair in pairs:
            ends = frozenset((pair.subject.entry.entity, pair.object.entry.entity))
            if ends in related:
                continue
            probability = self.learned.probability(pair.features)
            confidence = self.learned.confidence(probability)
            if confidence is None or (ends in chosen and chosen[ends][0] >= probability):
                continue
            rel = Related(pair.subject.entry, pair.predicate, pair.object.entry, LEARNED_RULE, confidence)
            if self.allowed(rel) and not (rel.predicate == "locatedIn" and rel.subject in _ancestors(rel.object, gaz)):
                chosen[ends] = (probability, rel)
        for _probability, rel in chosen.values():
            best[(rel.subject.entity, rel.predicate, rel.object.entity)] = rel
