"""People: names after a role word (董事长何小鹏, 作者:曾思怡) or before a verb of saying."""

from __future__ import annotations

import re

from graph.extract.cues import CJK, Cues, Found, Paragraph, glued_name
from graph.extract.words import PERSON_NAMES, is_common


def _name_after(p: Paragraph, cues: Cues, i: int) -> tuple[int, int] | None:
    """The span of a Chinese personal name starting at ``i`` (surname + one or two characters)."""
    norm = p.norm
    sur = next((s for s in cues.surnames_double if norm.startswith(s, i)), None)
    size = len(sur) if sur else (1 if i < len(norm) and norm[i] in cues.surnames else 0)
    if not size:
        return None
    given = 0
    while given < 2 and i + size + given < len(norm) and CJK.match(norm[i + size + given]) \
            and not (given >= 1 and norm[i + size + given] in cues.name_stops):
        given += 1
    if given == 0 or (given == 1 and norm[i + size] in cues.name_stops):
        return None
    end = i + size + given
    if size == 1 and glued_name(p, cues, i, end):
        end -= 1  # 创始人周剑并未…: 并 begins the next word, the document writes 周剑 apart
    if p.covered[i] or any(p.covered[j] for j in range(i, end)) or \
            (is_common(norm[i:end], 30) and norm[i:end] not in PERSON_NAMES):
        return None
    return i, end


def people(p: Paragraph, cues: Cues) -> list[Found]:
    """Names right after a role word (董事长何小鹏, 教授钟若愚, 创始人汪滔, 作者:曾思怡)."""
    out = []
    for m in cues.role.finditer(p.norm):
        if m.group() in ("作者", "记者"):  # bylines are not the article's people (docs/annotation.md 2.4)
            continue
        i = m.end()
        while True:  # 董事长兼CEO何小鹏
            nxt = cues.role.match(p.norm, i + 1) if p.norm.startswith("兼", i) else None
            if not nxt:
                break
            i = nxt.end()
        if p.norm.startswith((":", "：", " "), i):
            i += 1
        latin = _LATIN_PERSON.match(p.original, i)
        if latin:
            out.append(Found(i, latin.end(), "Person", (p.norm[i:latin.end()],), "person-role", 0.6))
            continue
        for _ in range(3):  # 作者:杨智杰 吕雪良
            span = _name_after(p, cues, i)
            if span is None:
                break
            out.append(Found(span[0], span[1], "Person", (p.norm[span[0]:span[1]],), "person-role", 0.7))
            if not p.norm.startswith((" ", "、"), span[1]) or m.group() not in ("作者", "记者"):
                break
            i = span[1] + 1
    return out


_LATIN_PERSON = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def speakers(p: Paragraph, cues: Cues) -> list[Found]:
    """A name opening a clause and followed by a speech verb (任正非曾坦言, 杨俊说)."""
    out = []
    for m in cues.speech.finditer(p.norm):
        for size in (3, 2):
            i = m.start() - size - (1 if p.norm[m.start() - 1:m.start()] == "曾" else 0)
            if i < 0 or (i > 0 and p.norm[i - 1] not in cues.stops and not p.ending.get(i)):
                continue
            span = _name_after(p, cues, i)
            if span is not None and span[1] - span[0] == size and span[1] <= m.start():
                out.append(Found(span[0], span[1], "Person", (p.norm[span[0]:span[1]],), "person-speech", 0.5))
                break
    return out


def listed_people(p: Paragraph, cues: Cues) -> list[Found]:
    """A name listed between people (由马化腾、张志东、曾李青共同创立): a segment of a 、-list next to a
    known person, two to four characters from a surname, is a person too — the whole segment, so a
    surname that is also a word (曾 once, 正 now) is not cut off."""
    out = []
    people_at = {m.start: m for m in p.matches if m.entry.type == "Person"}
    ends = {m.end: m for m in p.matches if m.entry.type == "Person"}
    for m in _LISTED.finditer(p.norm):
        a, b = m.span(1)
        neighbour = (p.norm[b:b + 1] == "、" and b + 1 in people_at) or (p.norm[a - 1:a] == "、" and a - 1 in ends)
        if not neighbour or any(p.covered[a:b]) or _name_after(p, cues, a) is None:
            continue
        name = p.norm[a:b]
        if not is_common(name, 30) or name in PERSON_NAMES:
            out.append(Found(a, b, "Person", (name,), "person-listed", 0.55))
    return out


#: A segment of a 、-list: two to four Han characters between list marks (or the list's ends).
_LISTED = re.compile(r"(?:(?<=[、由和与及])|(?<=^))([\u4e00-\u9fff]{2,4})(?=[、共等和与及]|$)")
