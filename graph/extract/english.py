"""The English path: names in English articles that the gazetteer does not know.

English capitalises names, so a name is a run of capitalised words (``Shenzhen Pudu
Technology``, ``Southern University of Science and Technology``).  A run becomes a
candidate only when its last word says what it is — a firm word (Technology, Group,
Robotics …), an organisation word (University, Bureau, Commission …) or a place word
(District, Park, Zone …) — or when a role word or a verb of saying marks it as a person
(``founder Frank Wang``, ``Tan Min, vice-president of``, ``said Li Zhen``).  Capitalised runs
that say nothing of their kind (sentence openings, product lines, months) are left alone:
a missed name costs recall, a guessed one precision.  A run is cut where English joins two
names: after an owner (``Shenzhen’s Qianhai Bay``), before ``of`` a place (``Changchun
Municipal Government of Jilin Province``), after ``and`` a known name (``China and FAW
Group``); an organisation word with ``of`` keeps its field (``Bureau of Industry and
Security``); events (…Forum, …Congress) and titles (…Plan for…) are not bodies or places.

No trained English model ships inside a package this project can install (spaCy's models
are not on the package index it uses), so this path is rules over the gazetteer; the
gazetteer itself matches English names of known entities and of the lexicons.
"""

from __future__ import annotations

import re

from graph.extract.cues import Cues, Found, Paragraph

FIRM_WORDS = frozenset("""Technology Technologies Tech Co Co. Company Ltd Ltd. Limited Inc Inc. Corp Corp. Corporation
Group Holdings Holding Motors Motor Robotics Electronics Electric Semiconductor Semiconductors Industries Logistics
Logtech Automobile Automotive Capital Manufacturing Systems Networks Energy Pharmaceuticals Biotech Biotechnology
Medical Intelligent Bank Securities Airlines Aviation Telecom Communications Software
Microelectronics Optoelectronics Instruments Dynamics Labs""".split())
ORG_WORDS = frozenset("""University Institute Academy Bureau Commission Committee Government Association Council Ministry
Administration Authority Federation Office Center Centre Laboratory Laboratories Lab Party Congress Agency Department
Alliance Foundation School College Hospital Court Exchange Chamber Society""".split())
#: Words that end the name of an event, not of a body («Huawei Cloud Congress», «APAC Data Centre Forum»).
#: Words that make a run the title of a document («… Plan for …»), whatever its last word.
TITLE_WORDS = frozenset("Plan Strategy Programme Program Outline Guidelines Measures Regulations Policy Law Act Report "
                        "Paper Initiative".split())
EVENT_WORDS = frozenset("Forum Congress Summit Conference Expo Fair Festival Week Awards".split())
PLACE_WORDS = frozenset("""District Province City Park Zone Road Street Avenue Bay Area Island Town Village County Port
Airport Subdistrict Valley Region Estuary Harbour Harbor Stadium Arena""".split())
#: Words before «Centre» that make it a venue, a place («Shenzhen Universiade Sports Centre»), not a body.
VENUE_WORDS = frozenset("Sports Exhibition Convention Conference Shopping Aquatics".split())
#: Last words of a newspaper's or news agency's name: a body, never a person a verb of saying marks.
MEDIA_WORDS = frozenset("Daily News Times Post Journal Herald Gazette Tribune".split())
#: Role words that may stand inside a capitalised run before a person's name («Shenzhen Mayor Qin Weizhong»,
#: «BYD Chairman and President Wang Chuanfu»): the person is the name after the last of them.
ROLE_IN_RUN = frozenset("""mayor governor chairman chairwoman president vice-president ceo founder co-founder director
secretary professor dean minister premier chief executive officer manager engineer spokesman spokeswoman
spokesperson""".split())
#: Capitalised words that open a sentence or a clause and are not part of a name.
LEADING = frozenset("""The A An In On At As By For With From Its It This That These Those Since After Before According
While When Where Why How What Who But And Or So Yet If Although Though Over Under About Between Among During Last Next
Every Each Both Some Many Most Such Other Another All Now Today Yesterday Tomorrow Meanwhile However Also Still Then
Our Their His Her My Your We They He She I You Chinese Local Global""".split())
ROLES = ("founder", "co-founder", "cofounder", "chairman", "chairwoman", "chief executive", "ceo", "president",
         "vice-president", "vice president", "director", "head", "mayor", "secretary", "professor", "dean",
         "engineer", "manager", "analyst", "spokesperson", "spokesman", "spokeswoman", "researcher", "deputy",
         "mr", "ms", "mrs", "dr")
_CAP = r"[A-Z][A-Za-z0-9&'’\-]*"
_RUN = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:of|and|for|the|de|&)[ \t]+)?{_CAP})*")
_ROLE_BEFORE = re.compile(r"(?:\b(?:" + "|".join(re.escape(r) for r in ROLES) + r")\b\.?,?[ \t]+)$", re.I)
#: Words that may stand before a role word after a name («Ivan Wan, general manager and chief architect of»).
_ROLE_MODIFIERS = (r"(?:(?:general|chief|senior|executive|managing|deputy|former|assistant|associate|founding|"
                   r"technical|regional)[ \t]+){0,2}")
_ROLE_AFTER = re.compile(r"^,?[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+)?" + _ROLE_MODIFIERS + "(?:" + "|".join(re.escape(r) for r in ROLES)
                         + r"|who\b|said\b|says\b|told\b)", re.I)
_DESCRIPTOR = re.compile(r"-(?:based|headquartered|listed|owned|backed)$")
#: Legal-form words at the end of a firm's name: the name without them is its label («Samsung Electronics»).
_LEGAL = re.compile(r"(?:,?\s+(?:Co|Ltd|Inc|Corp|Limited|Corporation|Holdings?|Group Holding)\.?)+$")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to)[ \t]+$", re.I)
#: Common nouns of a firm (lower case, as English writes them): the name right after one is a firm («market
#: research firm CCID Consulting», «startup X»), and so is a name an apposition calls one («NBBJ, a firm with…»,
#: «X, a Shenzhen-based maker of drones») — the noun must end the apposition's head («a company spokesman» is a person).
_FIRM_NOUNS = r"(?:firm|company|startup|start-up|maker|manufacturer|developer|supplier|provider|producer|giant|unicorn|" \
              r"subsidiary|carmaker|automaker|chipmaker)"
#: Plural firm nouns: a name an example word gives after one is a firm («robotics companies such as Yarbo», «drone
#: makers like X», «flying car companies in China, including X»)
_FIRM_PLURALS = r"(?:firms|companies|start-?ups|makers|manufacturers|developers|suppliers|providers|producers|" \
                r"enterprises|carmakers|automakers|chipmakers)"
_FIRM_BEFORE = re.compile(r"(?<![A-Za-z-])(?:" + _FIRM_NOUNS + r"|(?:made|produced|manufactured)[ \t]+by)[ \t]+$"
                          r"|(?<![A-Za-z-])" + _FIRM_PLURALS + r"(?:[ \t]+in[ \t]+[A-Z][A-Za-z]+)?,?[ \t]+"
                          r"(?:such[ \t]+as|like|including)[ \t]+$")
_FIRM_AFTER = re.compile(r"^,[ \t]+(?:a|an|the)[ \t]+(?:[A-Za-z'’-]+[ \t]+){0,4}?" + _FIRM_NOUNS
                         + r"(?:[ \t]*[,.;:)]|[ \t]+(?:of|in|with|that|which|based|from|whose|behind|known|founded|"
                         r"headquartered)\b)"
                         # «X, headquartered in Guangzhou, …»; «X is one of the earliest companies», «X is a drone maker»
                         r"|^,[ \t]+headquartered[ \t]+in\b"
                         r"|^[ \t]+(?:is|was)[ \t]+(?:a|an|one[ \t]+of[ \t]+the)[ \t]+(?:[A-Za-z'’-]+[ \t]+){0,4}?(?:"
                         + _FIRM_NOUNS + "|" + _FIRM_PLURALS + r")(?![A-Za-z-])")
#: A list of names right after a plural firm noun and its comma: «two flying car companies in China, Ehang and
#: AutoFlight» — each name of the list is a firm.
_FIRM_LIST_BEFORE = re.compile(r"(?<![A-Za-z-])" + _FIRM_PLURALS + r"(?:[ \t]+in[ \t]+[A-Z][A-Za-z]+)?,[ \t]+$")
#: «in X» / «based in X»: a place when X ends the phrase (a comma, a full stop, a conjunction or a preposition
#: follows; «in Kirin phones» is a brand before its product).  Months, days and languages are not places.
_IN_BEFORE = re.compile(r"(?<![A-Za-z-])in[ \t]+$")
_PHRASE_END = re.compile(r"^(?:[ \t]*(?:[,.;:)!?”\"]|$)|[ \t]+(?:and|while|where|which|who|that|since|on|at|to|for|from|"
                         r"with|by|last|this|next|as|after|before|until|in|of|is|was|were|are|has|had|have|will|would|"
                         r"can|could)\b)")
#: A lower-case place noun after a capitalised name makes the two a place («the Bao’an district location»,
#: «BYD’s Shenshan industrial park», «Jilin province»).
_LOWER_PLACE = re.compile(r"[ \t]+(?:(?:industrial|science|technology|high-tech)[ \t]+)?(?:park|district|province|county|"
                          r"prefecture|township|subdistrict|new[ \t]+area)(?![A-Za-z-])")
#: A known place before a lower-case «government» names the place's government («the Shenzhen government»).
_GOVERNMENT = re.compile(r"[ \t]+(?:(?:municipal|city|provincial|district|local)[ \t]+)?government(?![A-Za-z-])")
#: A lower-case «government of» before a known place names the place's government («the government of Bao’an District»).
_GOVERNMENT_OF = re.compile(r"(?<![A-Za-z-])((?:(?:municipal|city|provincial|district|local|people's)[ \t]+)?government"
                            r"[ \t]+of[ \t]+)$")
#: An apposition whose head is a place noun: «Huaqiangbei, the world’s largest electronics wholesale market area in …».
_PLACE_AFTER = re.compile(r"^,[ \t]+(?:a|an|the)[ \t]+(?:[A-Za-z'’-]+[ \t]+){0,5}?(?:city|town|village|district|area|"
                          r"province|region|county|neighbourhood|neighborhood)(?:[ \t]*[,.;:)]|[ \t]+(?:of|in|on|near|"
                          r"that|which|where|known|with)\b)")
#: A name right after «app» is the app, a Product («social networking app WeChat»).
_APP_BEFORE = re.compile(r"(?<![A-Za-z-])app[ \t]+$")
_NOT_PLACES = frozenset("""January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday English Chinese Japanese Korean Cantonese Mandarin French
German Spanish Italian Russian Arabic Portuguese""".split())


def english_names(p: Paragraph, cues: Cues) -> list[Found]:
    """Firms, organisations, places and people named in an English paragraph."""
    out = []
    text = p.original
    for spans in _runs(text):
        while spans and (text[slice(*spans[0])].rstrip(".") in LEADING  # «In Shenzhen», «The Hetao zone»
                         or _DESCRIPTOR.search(text[slice(*spans[0])])):  # «Shanghai-based SMIC»
            spans = spans[1:]
        while len(spans) > 2 and text[slice(*spans[1])] == "of" and text[slice(*spans[0])].lower() in ROLE_IN_RUN:
            spans = spans[2:]  # «chairman and CEO of Tencent Holdings»: the title is no part of the firm's name
        if len(spans) > 2 and text[slice(*spans[1])] == "of" and _sentence_start(text, spans[0][0]) \
                and _kind([text[a:b] for a, b in spans[2:]], text, 0, 0):
            spans = spans[2:]  # «Shares of Shenzhen Pudu Technology»: a sentence opens with a common word
        joined = [i for i, (a, b) in enumerate(spans) if text[a:b] in ("and", "&")]
        if len(joined) == 1 and 0 < joined[0] < len(spans) - 1 and len(spans) <= 5 \
                and _FIRM_LIST_BEFORE.search(text[max(0, spans[0][0] - 60):spans[0][0]]):
            for part in (spans[:joined[0]], spans[joined[0] + 1:]):
                a, b = part[0][0], _trim_possessive(text, part[0][0], part[-1][1])
                if not _known_across(p, a, b) and not _made_of_known(p, text, part):
                    out.append(Found(a, b, "Firm", (p.norm[a:b],), "en-firm-context", 0.55))
            continue
        if joined and _kind([text[a:b] for a, b in spans[joined[-1] + 1:]], text, 0, 0) \
                and _made_of_known(p, text, spans[:joined[-1]]):
            # «China and FAW Group»: a known name, «and», a name; «Land and Real Estate Exchange Centre» is one name
            spans = spans[joined[-1] + 1:]
        owner = [i for i, (a, b) in enumerate(spans[:-1]) if text[a:b].endswith(("'s", "’s"))]
        if owner:
            spans = spans[owner[-1] + 1:]  # «Shenzhen’s Qianhai Bay»: the name is after the owner
        spans = _after_role(text, spans)
        spans = _body_of_place(text, spans)
        while spans and text[slice(*spans[-1])].lower() in ("of", "and", "for", "the", "de", "&"):
            spans = spans[:-1]
        if not spans:
            continue
        if _made_of_known(p, text, spans):
            before_of = _GOVERNMENT_OF.search(text, 0, spans[0][0])
            if before_of is not None and all(m.entry.type == "Place" for m in p.matches
                                             if spans[0][0] <= m.start < spans[-1][1]):
                a, b = before_of.start(1), _trim_possessive(text, spans[0][0], spans[-1][1])
                place = p.norm[spans[0][0]:b]  # «the government of Bao’an District» is Bao’an District's government
                out.append(Found(a, b, "Organization", (p.norm[a:b], place + " government"), "en-org-government", 0.6))
                continue
            government = _GOVERNMENT.match(text, spans[-1][1])
            if government is not None and all(m.entry.type == "Place" for m in p.matches
                                              if spans[0][0] <= m.start < spans[-1][1]):
                a, b = spans[0][0], government.end()  # «The Shenzhen government has awarded Tencent …»
                out.append(Found(a, b, "Organization", (p.norm[a:b],), "en-org-government", 0.6))
            continue
        start, end = spans[0][0], spans[-1][1]
        words = [text[a:b] for a, b in spans]
        end = _trim_possessive(text, start, end)
        if end - start < 2 or _known_across(p, start, end):
            continue
        kind = _kind(words, text, start, end)
        lower = _LOWER_PLACE.match(text, end) if len(words) <= 2 else None
        if kind is None and lower is not None and all(w[:1].isupper() for w in words):
            out.append(Found(start, lower.end(), "Place", (p.norm[start:lower.end()],), "en-place-lower-noun", 0.55))
            continue
        if kind is None or (kind[0] == "Person" and any(p.covered[start:end])):
            continue
        etype, rule, confidence = kind
        name = p.norm[start:end]
        short = _LEGAL.sub("", text[start:end])
        names = (p.norm[start:start + len(short)], name) if etype == "Firm" and short != text[start:end] else (name,)
        out.append(Found(start, end, etype, names, rule, confidence))
    return out


def _runs(text: str):
    """The capitalised runs of a paragraph as lists of word spans; a run is cut after «and» when a person
    after a role word ends before it («Shenzhen Mayor Qin Weizhong and BYD Chairman … Wang Chuanfu»)."""
    for m in _RUN.finditer(text):
        spans = [(m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group())]
        j = 0
        while j < len(spans):
            if text[slice(*spans[j])] == "and" and len(_after_role(text, spans[:j])) < j:
                yield spans[:j]
                spans, j = spans[j + 1:], 0
            j += 1
        yield spans


def _after_role(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """«Shenzhen Mayor Qin Weizhong», «BYD Chairman and President Wang Chuanfu»: a role word inside the
    run opens the person's name when two or three plain capitalised words follow it (the role and its
    body before it are left to the relation rules)."""
    words = [text[a:b] for a, b in spans]
    for i in range(len(words) - 3, -1, -1):
        if words[i].lower() in ROLE_IN_RUN:
            rest = words[i + 1:]
            if 2 <= len(rest) <= 3 and all(w[:1].isupper() and w[1:].isalpha() and w[1:].islower() for w in rest) \
                    and not {rest[-1]} & (FIRM_WORDS | ORG_WORDS | PLACE_WORDS | EVENT_WORDS | MEDIA_WORDS):
                return spans[i + 1:]
            return spans
    return spans


def _body_of_place(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """«Changchun Municipal Government of Jilin Province»: a body of a place is the body; the
    place after «of» is a name of its own (a run of one organisation word and «of», «Ministry of
    Commerce», is left whole)."""
    words = [text[a:b] for a, b in spans]
    if "of" in words[2:]:
        i = words.index("of", 2)
        if words[i - 1] in ORG_WORDS and words[-1] in PLACE_WORDS:
            return spans[:i]
    return spans


def _made_of_known(p: Paragraph, text: str, spans: list[tuple[int, int]]) -> bool:
    """Every word of the run is inside a known name: the run is known names side by side."""
    return all(text[a:b] in ("of", "and", "for", "the", "de", "&")
               or any(m.start <= a and b <= m.end for m in p.matches) for a, b in spans)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"“”'"


def _known_across(p: Paragraph, start: int, end: int) -> bool:
    """A known name is the whole run or crosses its edges; one inside it (the Shenzhen of
    «Shenzhen Pudu Technology») does not stop the longer name."""
    return any(m.start < end and start < m.end and (m.start <= start and end <= m.end or m.start < start
                                                     or m.end > end) for m in p.matches)


def _trim_possessive(text: str, start: int, end: int) -> int:
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            return end - len(suffix)
    return end


def _kind(words: list[str], text: str, start: int, end: int) -> tuple[str, str, float] | None:
    last = words[-1].rstrip(".,")
    if last in EVENT_WORDS or any(w in TITLE_WORDS for w in words[:-1]):
        return None  # an event; a document's title («Development Plan for Shenzhen Park»)
    if len(words) >= 3 and words[0] in ORG_WORDS and words[1] == "of":
        return "Organization", "en-org-of", 0.65  # «Bureau of Industry and Security», «University of Hong Kong»
    if len(words) >= 2 and last in FIRM_WORDS:
        return "Firm", "en-firm-suffix", 0.65
    if len(words) >= 2 and last in MEDIA_WORDS:
        return "Organization", "en-org-media", 0.6  # «the Shenzhen Economic Daily reported»
    if len(words) >= 3 and last in ("Centre", "Center") and words[-2] in VENUE_WORDS:
        return "Place", "en-place-venue", 0.6
    if len(words) >= 2 and last in ORG_WORDS:
        return "Organization", "en-org-suffix", 0.65
    if len(words) >= 2 and last in PLACE_WORDS:
        return "Place", "en-place-suffix", 0.6
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        before, after = text[max(0, start - 40):start], text[end:end + 40]
        if _ROLE_BEFORE.search(before) or _SAID_BEFORE.search(before) or _ROLE_AFTER.match(after):
            return "Person", "en-person-role", 0.6
    if start == end:
        return None  # asked about words only, without their text
    before, after = text[max(0, start - 40):start], text[end:end + 120]
    if len(words) <= 3 and _APP_BEFORE.search(before):
        return "Product", "en-product-app", 0.55
    if len(words) <= 4 and (_FIRM_BEFORE.search(before) or _FIRM_AFTER.match(after)):
        return "Firm", "en-firm-context", 0.55
    if len(words) <= 3 and _PLACE_AFTER.match(after):
        return "Place", "en-place-apposition", 0.55
    if len(words) <= 2 and _IN_BEFORE.search(before) and _PHRASE_END.match(after) \
            and all(w.isalpha() and w[:1].isupper() and w not in _NOT_PLACES for w in words):
        return "Place", "en-place-after-in", 0.5
    return None


#: What a trade is named before in English: «the general aviation industry», «market research firm», «online
#: retailing giant», «the Meituan online delivery platform».
_TRADE_HEAD = re.compile(r"(?<![A-Za-z-])((?:[a-z][a-z-]+ ){0,2}[a-z][a-z-]+) (?=(?:industry|industries|sector|market|"
                         r"maker|makers|manufacturer|manufacturers|firm|firms|company|companies|giant|platform|"
                         r"supplier|suppliers|start-up|startup)(?![A-Za-z-]))")
#: Words that are no part of a trade's name: determiners, pronouns, and words of size, place, time or praise
_NOT_TRADE = frozenset("""the a an its their his her our this that these those new big biggest large largest leading
major world world's global international domestic local national chinese foreign private public state-owned
listed top first second third last next old other such many some more most own same whole entire rapidly fast
fast-growing growing booming emerging traditional well-known famous established private-sector also and or of
for in on at to by with from as is are was were be been has have had will would which that who
whose than into over under about between tech technology high-tech them it they look like several common various
supporting consumer cottage key core main relevant prominent important significant notable renowned innovative
dominant project product two three four five six seven eight nine ten dozen dozens hundreds thousands""".split())


def _superlative(word: str) -> bool:
    """«the earliest companies», «the fastest-growing market»: a superlative (not forest, harvest, contest)."""
    word = word.lower().split("-")[0]
    return len(word) >= 6 and word.endswith("est") and not word.endswith(("rest", "vest", "test"))


def english_trades(p: Paragraph, cues: Cues) -> list[Found]:
    """Trades named by the noun they stand before (an industry, a market, a maker): the words before
    «industry», «firm», «giant» … are the trade's name when none of them is a determiner or a
    word of size, place or praise («the world's largest drone maker» gives drone, not largest)."""
    out = []
    text = p.original
    for m in _TRADE_HEAD.finditer(text):
        words = m.group(1).split()
        while words and (words[0].lower() in _NOT_TRADE or words[0].endswith(("ed", "ly")) or _superlative(words[0])):
            words = words[1:]  # «licensed commercial drone companies»: the trade is commercial drones
        if not words or any(w.lower() in _NOT_TRADE or w.endswith(("ed", "ly")) or _superlative(w) for w in words) \
                or len(" ".join(words)) < 4:
            continue
        name = " ".join(words)
        start = m.start(1) + len(m.group(1)) - len(name)
        if any(start < x.end and x.start < start + len(name) and x.end != start + len(name) for x in p.matches):
            continue  # a known name opens the trade («consumer electronics manufacturing»); one that ends it
            # names its kind («commercial drone» is a kind of drone)
        out.append(Found(start, start + len(name), "Industry", (name,), "en-trade-head", 0.5))
    return out


#: A document's title in quotation marks: capitalised words (small words between) with a title word
#: («the “Development Plan for Shenzhen Park in the Hetao … Zone.”»).  A report or paper is no Policy.
_QUOTED = re.compile(r"[“\"]([A-Z][^“”\"\n]{6,240}?)[.,]?[”\"]")
_POLICY_WORDS = frozenset("Plan Strategy Programme Program Outline Guidelines Measures Regulations Policy Law Act Rules "
                          "Opinions".split())
_SMALL = frozenset("of for in on the and to a an with by at".split())


def english_titles(p: Paragraph, cues: Cues) -> list[Found]:
    """Policies whose title the article quotes."""
    out = []
    for m in _QUOTED.finditer(p.original):
        words = m.group(1).split()
        if len(words) >= 3 and _POLICY_WORDS & set(words) \
                and all(w in _SMALL or w[:1].isupper() or w[:1].isdigit() for w in words):
            a, b = m.span(1)
            out.append(Found(a, b, "Policy", (p.norm[a:b],), "en-policy-quoted", 0.6))
    return out


ENGLISH_STAGES = (english_names, english_trades, english_titles)
