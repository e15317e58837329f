"""Text helpers at the bottom of the dependency order: words (tokenising, the stemmer) and
sentences, shared by ingestion (chunking), the keyword index, the retriever and the answerer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "FULL_NAME",
    "GENERIC_WORDS",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "NAME",
    "NUMBER_WORDS",
    "SCALE_WORDS",
    "STOPWORDS",
    "TENS_WORDS",
    "add_span",
    "content_terms",
    "dateline_dash",
    "split_sentences",
    "stem",
    "tokenize",
    "without_dateline",
    "words_pattern",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Function words and question words: they say nothing about which passage answers.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom whose why will with would you your yours yourself
    yourselves according article report reported reports say said says tell told
    ever many much one ones us via within without yet
    """.split()
)

# The month names, in calendar order (a month's number is its position plus one).
MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
# How news copy shortens them ("Sept. 14", "Jan 5"), each with the month it stands for.
MONTH_ABBREVIATIONS = {month[:3]: month for month in MONTHS if month != "may"} | {
    "sept": "september"
}
# Numbers in words: a word's position in NUMBER_WORDS is its value; TENS_WORDS are 20, 30, ...
NUMBER_WORDS = tuple(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty""".split()
)
TENS_WORDS = tuple("twenty thirty forty fifty sixty seventy eighty ninety".split())
SCALE_WORDS = ("hundred", "thousand", "million", "billion")
# A name as news copy writes one: capitalised words in a row, with the particles some names
# take inside them ("Hayat Tahrir al-Sham", "Omar bin Laden", "Ursula van Dam"). A full stop
# ends it: "Dr. Marsh" is a title and a name, "in May. Corvelle" two sentences.
_NAME_PARTICLE = r"(?:al-|bin\s+|de\s+|van\s+)"
NAME = re.compile(rf"\b[A-Z][\w’'-]*(?:\s+{_NAME_PARTICLE}?[A-Z][\w’'-]*)*")
# The same with its initials and short titles inside ("J. Smith", "Mrs. Ives Holm"): a full
# name as a report writes it, for a lead; its reader splits it where a sentence ends.
FULL_NAME = re.compile(rf"\b[A-Z][\w’'.-]*(?:\s+{_NAME_PARTICLE}?[A-Z][\w’'.-]*)*")
# The weekday names, Monday first (a day's position is `date.weekday()`).
WEEKDAYS = tuple("monday tuesday wednesday thursday friday saturday sunday".split())

# Light verbs and vague modifiers: a question can use them ("what happened", "try to", "took
# control") without the answer sharing them, so they should not decide whether it is answered.
GENERIC_WORDS = frozenset(
    """
    happen happens happened happening begin begins began begun beginning start starts started
    try tries tried trying take takes took taken taking make makes made making get gets got
    gotten getting go goes went gone going come comes came coming use uses used using do done
    give gives gave given giving put puts keep keeps kept let lets seem seems seemed become
    becomes became know knows knew known think thinks thought want wants wanted need needs
    needed see sees saw seen look looks looked find finds found mean means meant show shows
    showed shown call calls called happen place places thing things way ways kind sort type
    fast quickly slowly quick slow big small large new old good bad well really actually
    exactly currently recently first last next main major specific particular certain
    overall generally typically likely possible mentioned described discussed regarding
    based respectively considering question answer information details detail
    """.split()
)


def tokenize(text: str) -> list[str]:
    """Lower-cased words; a possessive 's dropped (Aleppo's -> aleppo), other apostrophes kept."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group(0).casefold().replace("’", "'")
        words.append(word[:-2] if word.endswith("'s") else word)
    return words


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match captured/capture/captures, cheap and stable.
    Cached: answering stems the same few thousand words for every question."""
    word = word.casefold()
    for suffix, keep in (
        ("ational", 5),
        ("ization", 5),
        ("ingly", 4),
        ("ments", 4),
        ("ment", 4),
        ("ness", 4),
        ("ing", 4),
        ("ies", 3),
        ("ied", 3),
        ("ed", 4),
        ("es", 4),
        ("ly", 4),
        ("s", 3),
        ("e", 4),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep - 1:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            elif suffix in ("ed", "ing") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # controlled -> control, stopped -> stop
            return base
    return word


def content_terms(text: str, *, drop_generic: bool = False) -> list[str]:
    """Distinct non-stopword words of `text`, in order of first appearance."""
    seen: dict[str, None] = {}
    for word in tokenize(text):
        if drop_generic and word in GENERIC_WORDS:
            continue
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)


# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital,
# digit or opening quote, or at a line break. The lookbehind and possessive quantifiers keep
# matching linear: without them, a line of a million dots is tried from every dot and
# backtracked through the rest of the run, which takes hours.
_BOUNDARY = re.compile(
    r"""(?<![.!?…])[.!?…]++["'”’)\]]*+\s++(?=["'“‘(\[]?[A-Z0-9\u0400-\u04FF\u0600-\u06FF])"""
)
# Longer than any abbreviation with its opening quotes: how far back a boundary looks.
_LOOKBACK = 32
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep st jr sr inc ltd co corp
    vs etc no nos fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx est dept
    u.s u.k u.n e.g i.e a.m p.m""".split()
)


# An opening dateline: the filing place in capitals ("WASHINGTON", "SÃO PAULO", "DAR es
# SALAAM", "JERUSALEM/GAZA"), then any of a region, a date after commas ("KESSARA, Ombria,
# June 9") and the agency in brackets ("(Reuters)"), then a dash between spaces.
_UPPER = "A-ZÀ-ÖØ-Þ"
_PLACE_WORD = rf"[{_UPPER}][{_UPPER}'’.-]*"
_PLACE = rf"{_PLACE_WORD}(?:(?:\s+|/)(?:{_PLACE_WORD}|es|el|de|del|da|do|la|le|al|of|upon))*"
# After a comma, capitalised words, numbers and month abbreviations only: "which runs 40
# clinics" or "Shell and Exxon" is no region or date.
_SEGMENT = rf"[{_UPPER}0-9][\w.'’-]*(?:\s+(?:[{_UPPER}0-9][\w.'’-]*|de|del|la|es))*"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})(?P<details>(?:,\s+{_SEGMENT})*(?:\s*\([^()\n]{{1,60}}\))?)"
    r"\s+(?P<dash>—|–|--|-)\s+"
)
# A place with nothing after it is a dateline only if it is a word of three letters or more
# ("US - China talks" is not) and the dash is not the first of a pair around an aside ("NATO
# — the alliance of 32 nations — agreed").
_MIN_BARE_PLACE = 3


def _dateline(sentence: str) -> re.Match[str] | None:
    match = _DATELINE.match(sentence)
    if match is None or match.group("details"):
        return match
    paired = match.group("dash") in sentence[match.end() :]
    return None if paired or len(match.group("place")) < _MIN_BARE_PLACE else match


def dateline_dash(sentence: str) -> int | None:
    """Where the dash that ends a sentence's opening dateline starts, or None without one.

    A dateline says where and when a report was filed, never what it reports: its place,
    date and agency answer no question about the news.
    """
    match = _dateline(sentence)
    return match.start("dash") if match else None


def without_dateline(sentence: str) -> str:
    """The sentence without its opening dateline (and the dash after it)."""
    match = _dateline(sentence)
    return sentence[match.end() :] if match else sentence


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` with surrounding whitespace excluded.

    Linear in the length of the text, however long its lines: each boundary looks back a
    bounded distance, never at the whole line before it.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        line_start = line.start()
        piece_start = 0
        body = line.group(0)
        for boundary in _BOUNDARY.finditer(body):
            if _ends_with_abbreviation(body, boundary.start() + 1):
                continue
            end = boundary.end()
            add_span(spans, text, line_start + piece_start, line_start + end)
            piece_start = end
        add_span(spans, text, line_start + piece_start, line_start + len(body))
    return spans


def _ends_with_abbreviation(line: str, end: int) -> bool:
    """Whether `line[:end]`, which ends with a sentence mark, ends with an abbreviation.

    Only the last `_LOOKBACK` characters are read: a word reaching further back is longer
    than any abbreviation.
    """
    window_start = max(0, end - _LOOKBACK)
    window = line[window_start:end]
    words = window.rstrip(".").split()
    if not words or (len(words) == 1 and window_start > 0 and not window[0].isspace()):
        return False
    word = words[-1].lstrip("(\"'“‘").casefold()
    # Single letters are initials ("J. Smith"), unless the sentence is one letter long.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and end > 2)


def add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append `text[start:end]` without its surrounding whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def words_pattern(words: Iterable[str]) -> str:
    """The words as one regular-expression alternation, longest first: "sixteen" is tried
    before "six" wherever the pattern is not closed by a word boundary."""
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))
