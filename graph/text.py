"""Clean text, script normalisation and sentences.

Documents are kept as received; the *clean text* is derived from the raw bytes by the
visible rules below, and every quote and offset in the graph refers to it.  The rules
are deliberately few and line-based so that a reader can check what was dropped:

* ``DEBRIS`` — whole lines that are page furniture, not content (image placeholders,
  horizontal rules, navigation, registration footers, lists of timestamps).
* ``MARKUP`` — HTML tags and Markdown syntax that are removed while their text is kept.
* Leading full-width or ASCII indentation and trailing spaces are stripped; runs of blank
  lines collapse to one.

Script conversion uses OpenCC: ``to_simplified`` (t2s) is the matching key across
scripts, ``to_traditional`` (s2tw) derives zh-Hant labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from graph.errors import SourceError

#: (name, pattern) of lines dropped whole; matched against the stripped line.
DEBRIS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("image placeholder", re.compile(r"^(!\[[^\]]*\]\([^)]*\)|\S*\.(jpe?g|png|gif|webp)\))$", re.I)),
    ("horizontal rule", re.compile(r"^([-*_]\s*){3,}$|^-$")),
    ("navigation", re.compile(r"^(您現在的位置|您现在的位置|当前位置|當前位置)[:：]")),
    ("registration footer", re.compile(r"(公網安備|公网安备|ICP备|ICP備)\s*\d*")),
    ("related-articles heading", re.compile(r"^(大灣區精選|大湾区精选|相关阅读|相關閱讀|推荐阅读|推薦閱讀)[:：]$")),
    ("timestamp list item", re.compile(r"^-\s*\d{4}年\d{1,2}月\d{1,2}日\s+\d{1,2}:\d{2}(:\d{2})?$")),
    ("bare URL line", re.compile(r"^(>\s*)?(URL|url|链接|鏈接)\s*[:：]\s*\S+$")),
)

#: (name, pattern, replacement) applied in order to every kept line.
MARKUP: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("markdown image", re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    ("markdown link", re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    ("markdown heading", re.compile(r"^#{1,6}\s+"), ""),
    ("markdown blockquote", re.compile(r"^>\s?"), ""),
    ("markdown emphasis", re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    ("indentation", re.compile(r"^[\s\u3000]+"), ""),
    ("trailing space", re.compile(r"[\s\u3000]+$"), ""),
)

_TAG = re.compile(r"<[A-Za-z/!][^>]*>")


class _TextOnly(HTMLParser):
    """Collects the character data of an HTML fragment (tags dropped, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(line: str) -> str:
    """Return the text of an HTML fragment; text without tags is returned unchanged."""
    if not _TAG.search(line) and "&" not in line:
        return line
    parser = _TextOnly()
    parser.feed(line)
    parser.close()
    return "".join(parser.parts)


#: Encodings besides UTF-8 that Chinese sources arrive in; charset-normalizer picks among them.
LEGACY_ENCODINGS = ("gb18030", "big5", "big5hkscs", "cp950")


def decode(raw: bytes, path: object = "<bytes>") -> str:
    """Decode raw bytes: UTF-8 (BOM allowed) first, else the best of LEGACY_ENCODINGS.

    Raises SourceError for empty, binary or undecodable input.
    """
    if not raw.strip():
        raise SourceError("file is empty", path)
    if b"\x00" in raw:
        raise SourceError("file looks binary (contains NUL bytes), not text", path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise SourceError(
            f"cannot decode: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            f"nor any of {', '.join(LEGACY_ENCODINGS)}",
            path,
        )
    return str(best)


@dataclass(frozen=True)
class CleanReport:
    """What the cleaner did to one document: dropped lines per rule."""

    dropped: dict[str, int]


def clean_lines(text: str) -> tuple[str, CleanReport]:
    """Apply DEBRIS and MARKUP to decoded text; return the clean text and a report."""
    dropped: dict[str, int] = {}
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip(" \t\u3000")
        rule = next((name for name, pat in DEBRIS if pat.search(stripped)), None)
        if rule:
            dropped[rule] = dropped.get(rule, 0) + 1
            continue
        line = strip_html(line)
        for _name, pattern, repl in MARKUP:
            line = pattern.sub(repl, line)
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n") + "\n", CleanReport(dropped)


def clean(raw: bytes, path: object = "<bytes>") -> str:
    """Decode and clean raw bytes into the clean text that quotes refer to."""
    text, _ = clean_lines(decode(raw, path))
    if not text.strip():
        raise SourceError("file has no text left after cleaning", path)
    return text


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Convert to simplified Chinese (OpenCC t2s): the key for matching across scripts."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Convert to traditional Chinese (OpenCC s2tw), used for derived zh-Hant labels."""
    return _converter("s2tw").convert(text)


def to_taiwan_phrasing(text: str) -> str:
    """Convert to traditional Chinese with Taiwan's words (OpenCC s2twp: 集成电路 → 積體電路)."""
    return _converter("s2twp").convert(text)


#: The scripts szkg reads: documents.yaml's ``script`` and the extractor's language paths.
SCRIPTS = ("zh-Hans", "zh-Hant", "en")

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_script(text: str) -> str:
    """The script of ``text``: ``zh-Hans``, ``zh-Hant`` or ``en``; anything else is a language code
    (``ja``, ``ko``, ``fr``, ... or ``und`` for text without letters) that szkg does not read.

    Chinese when Han characters are at least a fifth of the letters (and kana or hangul do not
    outnumber a tenth of them), then zh-Hant when OpenCC t2s changes more than 2 % of the first
    20,000 Han characters.  Other text is classified by py3langid (its model ships inside the
    package); only English is accepted.
    """
    sample = text[:200_000]
    han = _HAN.findall(sample)
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "und"
    kana, hangul = len(_KANA.findall(sample)), len(_HANGUL.findall(sample))
    if kana > 0.1 * len(han) and kana >= hangul and kana:
        return "ja"
    if hangul > 0.1 * len(han) and hangul:
        return "ko"
    if len(han) >= 0.2 * letters:
        head = "".join(han[:20000])
        changed = sum(1 for a, b in zip(head, to_simplified(head), strict=False) if a != b)
        return "zh-Hant" if changed / len(head) > 0.02 else "zh-Hans"
    import py3langid  # a 2 MB model loaded on first use: only for text that is not Chinese

    language, _ = py3langid.classify(sample[:20000])
    return "en" if language == "en" else language


_SENTENCE_END = re.compile(r"[^。！？!?；;\n]*[。！？!?；;]+[”」』\"]?|[^。！？!?；;\n]+")


#: An English full stop: after a word of two or more letters, a digit or a closing bracket or quote, before
#: white space and a capital, digit or opening quote — not after a title or a short abbreviation.
_FULL_STOP = re.compile(r"(?<=[A-Za-z0-9)\"'’”])\.[\"'’”]?(?=[ \t]+[A-Z0-9“\"'‘(\u4e00-\u9fff])"
                        r"|(?<=[a-z]{2})\.(?=[A-Z][a-z]+[ \t])")  # «…in Menlo Park.The design…»: a space lost
_ABBREVIATIONS = frozenset({"mr", "ms", "mrs", "dr", "co", "no", "st", "jr", "sr", "vs", "ltd", "inc", "corp", "gov",
                            "prof", "approx", "etc", "e.g", "i.e", "u.s", "u.k"})
_WORD_BEFORE = re.compile(r"[A-Za-z.]+$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of a clean text: Chinese sentences end at
    。！？；!?; (and a closing quote), English ones also at a full stop before the next capital."""
    out = []
    for m in _SENTENCE_END.finditer(text):
        if not m.group().strip():
            continue
        start = m.start()
        if "." in m.group():
            for stop in _FULL_STOP.finditer(text, m.start(), m.end()):
                word = _WORD_BEFORE.search(text, max(m.start(), stop.start() - 8), stop.start())
                if word and (word.group().lower().lstrip(".") in _ABBREVIATIONS or len(word.group()) == 1):
                    continue
                out.append((start, stop.end()))
                start = stop.end()
                while start < m.end() and text[start] in " \t":
                    start += 1
        out.append((start, m.end()))
    return out


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the offsets of the sentence(s) that contain text[start:end]."""
    spans = [s for s in sentences(text) if s[1] > start and s[0] < end]
    if not spans:
        return start, end
    return spans[0][0], spans[-1][1]
