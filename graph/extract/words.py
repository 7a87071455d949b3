"""Which words are common Chinese words: jieba's dictionary with its frequencies.

A name pattern may only accept a stem that is *not* a common word (民营, 前沿, 养老 are
words; 影石, 拓竹 are not).  The dictionary is read from the file jieba ships; jieba
itself is not imported (nor its segmenter initialised).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """jieba's dictionary of common words with their frequencies (read once, jieba not imported)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    freq: dict[str, int] = {}
    people: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, count, tag = (line.rstrip("\n").split(" ") + [""])[:3]
            freq[word] = int(count)
            if tag == "nr":
                people.add(word)
    PERSON_NAMES.clear()
    PERSON_NAMES.update(people)
    return freq


PERSON_NAMES: set[str] = set()  #: words jieba tags as personal names (filled with the frequencies)


def is_common(word: str, threshold: int) -> bool:
    """True if ``word`` is a dictionary word at least ``threshold`` times frequent."""
    return word_frequencies().get(word, 0) >= threshold


def has_common_word(stem: str, threshold: int) -> bool:
    """True if a two-character word of ``stem`` is very common (技术, 企业, 进行 …) or it
    holds a common longer word (离不开)."""
    return any(is_common(stem[i:i + 2], threshold) for i in range(len(stem) - 1)) or \
        any(is_common(stem[i:i + 3], 100) for i in range(len(stem) - 2))


def all_common_words(stem: str, threshold: int = 300) -> bool:
    """True if ``stem`` splits into common words of two or more characters (优势学科重点)."""
    ok = [True] + [False] * len(stem)
    for i in range(len(stem)):
        if ok[i]:
            for j in range(i + 2, min(len(stem), i + 4) + 1):
                if is_common(stem[i:j], threshold):
                    ok[j] = True
    return len(stem) >= 2 and ok[len(stem)]
