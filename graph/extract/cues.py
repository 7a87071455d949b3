"""What every name pattern shares: the cue words of cues.yaml, a paragraph with its known
names indexed by position, and what a pattern finds.

Split from the patterns so that the person patterns (:mod:`graph.extract.people`) and the
other name patterns (:mod:`graph.extract.patterns`) stand side by side over one base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.gazetteer import Match, normalise

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Found:
    """A name found by a pattern in a normalised paragraph."""

    start: int
    end: int
    type: str
    names: tuple[str, ...]  #: normalised names, the preferred label first
    rule: str
    confidence: float


#: Words that introduce a byline or a photo credit: the names after them are not the article's people.
BYLINE = re.compile(r"(?:记者|作者|通讯员|编辑|责编|责任编辑|撰文|摄影|摄|文|图|来源|报道)[\s:：/|丨]*"
                    r"(?:[\u4e00-\u9fff]{2,4}[\s、，,]*){0,4}$")


def in_byline(norm: str, start: int) -> bool:
    """True if the name at ``start`` follows a byline word (记者 张三 李四 …) on the same line."""
    line_start = norm.rfind("\n", 0, start) + 1
    return bool(BYLINE.search(norm, max(line_start, start - 24), start))


#: A short line that is page debris, not the story (docs/annotation.md §2.4): a timestamp, a credit line
#: (◆编辑:…◆二审:…, 编译, 综合外电), a source, masthead or copyright note.  The text is normalised (ASCII lower case).
_DEBRIS_LINE = re.compile(r"\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?\s*\d{1,2}:\d{2}|◆|编辑[:：]|[一二三终]审[:：]|"
                          r"来源[:：]|报纸名称|编译|综合外电|综合报道|综合报导|copyright|©|all rights reserved")
#: A line that opens with a copyright note is debris whatever its length (a publisher's name is no entity of the story).
_COPYRIGHT_LINE = re.compile(r"^\s*(?:copyright\b|©)")
#: The longest line ``_DEBRIS_LINE`` judges whole: a paragraph of the story may quote a date.
DEBRIS_LINE_MAX = 60
#: A dateline or masthead opening the lead: 中评社北京11月21日电, 深圳晚报讯.
_DATELINE = re.compile(r"^\s*[\u4e00-\u9fff]{2,8}(?:社|报|网|台)[\u4e00-\u9fff]{0,4}\d{1,2}月\d{1,2}日电|"
                       r"^\s*[\u4e00-\u9fff]{2,8}(?:报|网)讯")


def debris(norm: str) -> tuple[int, int] | None:
    """The span of a block (one line) that is page debris — the whole line when it is a short
    credit, timestamp or source line, the dateline when the lead opens with one — or None."""
    if len(norm.strip()) <= DEBRIS_LINE_MAX and _DEBRIS_LINE.search(norm):
        return 0, len(norm)
    if _COPYRIGHT_LINE.match(norm):  # «Copyright © 2025 South China Morning Post Publishers Ltd. All rights …»
        return 0, len(norm)
    m = _DATELINE.match(norm)
    return m.span() if m else None


def alternation(words) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


@dataclass
class Cues:
    """The compiled cue words of cues.yaml."""

    raw: dict

    def __post_init__(self) -> None:
        c = {k: ([normalise(w) for w in v] if isinstance(v, list) else v) for k, v in self.raw.items()}
        self.firm_strong = set(c["firm_suffixes_strong"])
        self.firm_suffix = alternation(c["firm_suffixes_strong"] + c["firm_suffixes"])
        self.org_strong = set(c["org_suffixes_strong"])
        self.org_suffix = alternation(c["org_suffixes_strong"] + c["org_suffixes_weak"])
        self.org_prefixes = tuple(sorted(c["org_prefixes"], key=len, reverse=True))
        self.role_after_suffix = tuple(c["role_after_suffix"])
        self.place_suffix = alternation(c["place_suffixes"])
        self.policy_suffix = alternation(c["policy_suffixes"])
        self.policy_words = tuple(c["policy_words"])
        self.media_suffixes = tuple(c["media_suffixes"])
        self.roles = {**{r: "lead" for r in c["roles_lead"]}, **{r: "work" for r in c["roles_work"]},
                      **{r: "member" for r in c.get("roles_member", [])}, **{r: "found" for r in c["roles_found"]}}
        self.role = alternation(self.roles)
        self.descriptors = tuple(sorted(c["firm_descriptors"], key=len, reverse=True))
        self.stops = frozenset(c["stop_chars"])
        self.org_stops = self.stops - set("和与")
        self.name_stops = frozenset(c["name_stop_chars"])
        self.name_next_word = frozenset(c["name_next_word_chars"])
        self.lead_trim = tuple(sorted(c["lead_trim"], key=len, reverse=True))
        self.cut = alternation(c["cut_words"])
        self.smart = re.compile(f"(?:{alternation(c['smart_prefixes']).pattern})"
                                f"(?:{alternation(c['smart_product_heads']).pattern})")
        self.product_head = alternation(c["product_heads"])
        self.product_stem_verb = alternation([*c["product_stem_verbs"], *c["cut_words"]])
        before, after = alternation(c["product_launch_before"]).pattern, alternation(c["product_launch_after"]).pattern
        self.product_launch = re.compile(f"(?:{before})*(?:{alternation(c['product_launch_verbs']).pattern})"
                                         f"(?:{after})*")
        self.surnames = frozenset(c["surnames"])
        self.surnames_double = tuple(c["surnames_double"])
        self.speech = alternation(c["speech_verbs"])


class Paragraph:
    """A normalised paragraph with its gazetteer matches indexed by position."""

    def __init__(self, norm: str, original: str, matches: list[Match], document: str = ""):
        self.norm, self.original, self.matches = norm, original, matches
        #: the whole normalised document the paragraph is part of (or the paragraph alone)
        self.document = document or norm
        self.ending: dict[int, Match] = {}
        self.starting: dict[int, Match] = {}
        for m in sorted(matches, key=lambda m: m.end - m.start):  # longest wins
            self.ending[m.end] = m
            self.starting[m.start] = m
        self.covered = bytearray(len(norm) + 1)
        for m in matches:
            self.covered[m.start:m.end] = b"\x01" * (m.end - m.start)

    def inside_known(self, a: int, b: int) -> bool:
        """True if [a, b) lies within a longer match (the suffix is part of a known name)."""
        return any(m.start <= a and b <= m.end and (m.start < a or m.end > b) for m in self.matches)

    def scan_left(self, end: int, stops: frozenset[str], max_len: int, through: bool) -> int:
        """Start of the name ending at ``end``: leftwards over name characters and, if
        ``through``, over whole gazetteer names (not people); stops at a stop character.
        Returns -1 if the scan ran out of length before reaching a boundary."""
        i = end
        while i > 0:
            m = self.ending.get(i)
            if m is not None and i != end:
                if not through or m.entry.type == "Person":
                    return i
                i = m.start
                if m.entry.type in ("Organization", "Firm"):
                    return i  # a whole organisation is the anchor: 清华大学 + 人工智能学院
                continue
            ch = self.norm[i - 1]
            if ch in stops or not (CJK.match(ch) or ch in "()（）0123456789"):
                return i
            if end - i >= max_len:
                return -1
            i -= 1
        return i


def glued_name(p: Paragraph, cues: Cues, a: int, b: int) -> bool:
    """The three-character personal name [a, b) is a two-character name and the first character of the next
    word (创始人周剑并未放弃, 李屹正在): its last character begins words (``name_next_word_chars``), and the document writes the
    two-character name elsewhere followed by something else (周剑对…, 李屹表示)."""
    if b - a != 3 or p.norm[b - 1] not in cues.name_next_word:
        return False
    short, last = p.norm[a:b - 1], p.norm[b - 1]
    return any(p.document[m.end():m.end() + 1] != last for m in re.finditer(re.escape(short), p.document))
