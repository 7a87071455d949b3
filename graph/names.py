"""Names: the one normaliser that decides when two names are the same, and the one policy
that turns a user's name into exactly one thing (or says why not).

``name_key`` is what ``szkg:nameKey`` stores, what the entity resolver looks up, what the
projection's resolver looks up, what the gazetteer and the evaluation compare.  A name and
its key: Unicode NFKC (full-width ``ｈｕａｗｅｉ`` → ``huawei``), simplified script by
OpenCC (華為 → 华为), case-folded, without quotation marks and brackets (《华为》, “华为”),
spaces and the joiners ``·・-_.,，``.

``choose`` is the resolution policy shared by every resolver: one candidate wins; several
are ambiguous (each listed, "use the id"); none gets the closest names as a hint.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from graph.errors import AmbiguousName, UnknownName
from graph.model import Corpus, Entity

_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉【】()（）[]")
_JOINERS = re.compile(r"[\s\u3000·・\-_.,，]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def name_key(name: str) -> str:
    """A name normalised for matching (see the module docstring)."""
    from graph.text import to_simplified

    folded = unicodedata.normalize("NFKC", name)
    return _JOINERS.sub("", to_simplified(folded).casefold().translate(_QUOTES))


def name_keys(names: Iterable[str]) -> list[str]:
    """The distinct non-empty keys of some names, sorted: an entity's ``szkg:nameKey`` values."""
    return sorted({key for key in map(name_key, names) if key})


def printable(text: str, limit: int = 200) -> str:
    """``text`` safe for one line of a terminal: control characters escaped (``\\x1b``), cut
    at ``limit`` characters with an ellipsis."""
    shown = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class Candidate(Protocol):
    """Something a name may denote: an id to sort and refer by, and the keys of its names."""

    id: str

    def keys(self) -> Sequence[str]: ...


C = TypeVar("C", bound=Candidate)


def closest(key: str, candidates: Iterable[C], n: int = 5) -> list[C]:
    """The candidates whose names are most like ``key`` (substring matches first)."""
    scored: list[tuple[float, str, C]] = []
    matcher = difflib.SequenceMatcher(None, key, "")
    for candidate in candidates:
        best = 0.0
        for other in candidate.keys():
            if key and (key in other or other in key):
                best = max(best, 0.6 + 0.4 * min(len(key), len(other)) / max(len(key), len(other)))
            matcher.set_seq2(other)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:  # upper bounds of ratio()
                best = max(best, matcher.ratio())
        if best >= 0.34:
            scored.append((-best, candidate.id, candidate))
    return [c for _, _, c in sorted(scored, key=lambda t: (t[0], t[1]))[:n]]


def choose(name: str, found: Iterable[C], pool: Callable[[], Iterable[C]], describe: Callable[[C], str],
           what: str = "entity") -> C:
    """The one candidate in ``found`` for ``name``; AmbiguousName listing them when several,
    UnknownName with the closest of ``pool()`` (read only then) when none."""
    found = sorted(found, key=lambda c: c.id)
    many = what[:-1] + "ies" if what.endswith("y") else what + "s"
    if len(found) == 1:
        return found[0]
    shown = printable(name)
    if found:
        raise AmbiguousName(f"'{shown}' names {len(found)} {many}: "
                            f"{', '.join(describe(c) for c in found)}; use the id instead")
    close = closest(name_key(name), pool())
    hint = f"closest: {', '.join(describe(c) for c in close)}" if close else "no name is close"
    raise UnknownName(f"no {what} is called '{shown}'; {hint}")


#: The label languages, in the order they stand in for each other: a label in the chosen
#: language, else zh-Hans, else zh-Hant, else en (then the caller shows the id).
LABEL_LANGS = ("zh-Hans", "zh-Hant", "en")


def pick_label(labels: dict[str, str], lang: str) -> str:
    """The label of ``labels`` (language tag → label; tags in any case) to show in ``lang``,
    falling back through ``LABEL_LANGS``; "" when there is none."""
    if lang not in LABEL_LANGS:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LABEL_LANGS)}")
    lowered = {tag.lower(): text for tag, text in labels.items() if text}
    for choice in (lang, *LABEL_LANGS):
        if lowered.get(choice.lower()):
            return lowered[choice.lower()]
    return ""


def names_of(entity: Entity) -> list[str]:
    """Every Chinese or Latin name of an entity as written: label then aliases."""
    return [entity.label, *entity.aliases]


def mentions(corpus: Corpus, english: bool = False, documents: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Map document id → ids of the entities whose label or alias (with ``english``, also English
    name) occurs in its clean text (of the ``documents`` given, by default all of them).

    Matching is across scripts: names and text are both converted to simplified (OpenCC)
    and case-folded, then matched with an Aho-Corasick automaton.  A name that begins or ends
    with a Latin letter or digit must not continue a Latin word there (USA is not in
    "thousand", EV not in "every").
    """
    match = MentionMatcher(corpus, english)
    wanted = list(corpus.documents) if documents is None else list(documents)
    return {doc_id: match(corpus.documents[doc_id].text) for doc_id in wanted}


class MentionMatcher:
    """``mentions`` for one text at a time: ``MentionMatcher(corpus)(text)`` is the set of ids of the
    corpus's entities named in ``text`` (the automaton is built once, then used for every text; a
    process forked after building it uses it as it is)."""

    def __init__(self, corpus: Corpus, english: bool = False):
        import ahocorasick

        from graph.text import to_simplified

        self.automaton = ahocorasick.Automaton()
        for ent in corpus.entities.values():
            for name in (*names_of(ent), *([ent.en] if english and ent.en else [])):
                key = to_simplified(name).casefold()
                if len(key) >= 1:
                    owners = self.automaton.get(key, (key, set()))[1] if self.automaton.exists(key) else set()
                    owners.add(ent.id)
                    self.automaton.add_word(key, (key, owners))
        if len(self.automaton):
            self.automaton.make_automaton()

    def __call__(self, text: str) -> set[str]:
        from graph.text import to_simplified

        found: set[str] = set()
        if not len(self.automaton):
            return found
        text = to_simplified(text).casefold()
        for end, (key, owners) in self.automaton.iter(text):
            if _continues_a_latin_word(key, text, end - len(key) + 1, end):
                continue
            found |= owners
        return found


def _latin_edge(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _continues_a_latin_word(key: str, text: str, start: int, end: int) -> bool:
    """True if ``key`` found at ``text[start:end + 1]`` begins or ends inside a Latin word there."""
    return (_latin_edge(key[0]) and start > 0 and _latin_edge(text[start - 1])) or \
        (_latin_edge(key[-1]) and end + 1 < len(text) and _latin_edge(text[end + 1]))


def name_occurs(name: str, folded_text: str) -> bool:
    """True if ``name`` is a mention in a text as ``MentionMatcher`` counts one: both simplified and
    case-folded (``folded_text`` already is: ``to_simplified(text).casefold()``), and a Latin edge of the
    name not continuing a Latin word (UBS is not in "subsidiary")."""
    from graph.text import to_simplified

    key = to_simplified(name).casefold()
    start = folded_text.find(key) if key else -1
    while start >= 0:
        if not _continues_a_latin_word(key, folded_text, start, start + len(key) - 1):
            return True
        start = folded_text.find(key, start + 1)
    return False
