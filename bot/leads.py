"""The short answer an extractive answer leads with: a figure, a date, or a name.

Only what a cited sentence literally contains is ever offered, and only when the question asks
for that kind of thing; otherwise the answer is the cited sentences alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from vectorstore.text import STOPWORDS, tokenize

__all__ = ["asks_for_name", "find_lead", "new_names"]

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|dozen|dozens|half"
)
_SCALE = r"(?:\s*(?:%|percent|per cent|million|billion|trillion|thousand|hundred))?"
_NUMBER = re.compile(
    rf"(?:[$€£¥]\s?)?\b(?:\d[\d,.]*|(?:{_NUMBER_WORDS}))\b{_SCALE}"
    rf"(?:\s+(?!(?:and|or|of|the|to|in|on|at|a)\b)[a-z][\w-]*)?",
    re.IGNORECASE,
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:in\s+)?(?:{_MONTHS})\s+\d{{4}}"
    rf"|(?:19|20)\d{{2}})\b"
)
_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-Z][\w’'.-]*)*")
# "Which hacker group ...", not "What did the director say ...": up to two modifiers, no verb.
_WHO = re.compile(
    r"^\s*(?:who|whom|(?:which|what)\s+"
    r"(?:(?!(?:is|was|are|were|did|do|does|will|would|has|have|had|can|could|the|a|an)\b)"
    r"[\w-]+\s+){0,2}?(?:company|individual|person|organi[sz]ation|group|team|player|country|"
    r"firm|outlet|city|club|party|minister|official|detective|agency|bank|chain|brand|band|"
    r"artist|author|director|coach))\b",
    re.IGNORECASE,
)


_POSSESSIVE = re.compile(r"['’]s$")


class _Quoted(Protocol):
    @property
    def text(self) -> str: ...


def find_lead(
    question: str, sentences: Sequence[_Quoted], context: Sequence[str] = ()
) -> str | None:
    """A figure for "how many", a date for "when", a name for "who"/"which company".

    `context` (the retrieved passages) tells names from capitalised words and gives a name's
    full form when the cited sentences only use the short one.
    """
    if not sentences:
        return None
    asked = question.strip().casefold()
    question_words = set(tokenize(question))
    if asked.startswith(("how many", "how much", "what percentage", "what share")):
        return _first_new(_NUMBER, sentences, question_words)
    if asked.startswith(("when", "what date", "what day", "what year", "in what year")):
        return _first_new(_DATE, sentences, question_words)
    if _WHO.match(question):
        return _recurring_name(sentences, question_words, context)
    return None


def _first_new(
    pattern: re.Pattern[str], sentences: Sequence[_Quoted], known: set[str]
) -> str | None:
    """The first match, best sentence first, that the question does not already contain."""
    for sentence in sentences:
        for match in pattern.finditer(sentence.text):
            value = match.group(0).strip()
            if value and not set(tokenize(value)) <= known:
                return value
    return None


def asks_for_name(question: str) -> bool:
    """ "Who ...?", "Which hacker group ...?": the answer is a name."""
    return bool(_WHO.match(question))


def new_names(question: str, sentences: Sequence[str], context: Sequence[str] = ()) -> list[str]:
    """The names in `sentences` that the question does not contain, commonest first."""
    counts, forms = _name_counts(sentences, set(tokenize(question)), context)
    return [forms[key] for key, _ in counts.most_common()]


def _recurring_name(
    sentences: Sequence[_Quoted], known: set[str], context: Sequence[str]
) -> str | None:
    """A capitalised name the question does not contain, found in the cited sentences.

    With several sentences it must recur in at least two of them (the multi-article "which
    company do A and B both mention" case); with one, it is taken when it is the only one.
    """
    counts, forms = _name_counts([s.text for s in sentences], known, context)
    if not counts:
        return None
    (key, count), *rest = counts.most_common()
    if len(sentences) > 1 and (count < 2 or (rest and rest[0][1] == count)):
        return None
    if len(sentences) == 1 and rest:
        return None
    return forms[key]


def _name_counts(
    sentences: Sequence[str], known: set[str], context: Sequence[str]
) -> tuple[Counter[str], dict[str, str]]:
    """In how many sentences each name occurs, and the form to show it in.

    Reports shorten a name after its first mention ("Sam Bankman-Fried", then "Bankman-Fried"):
    the forms sharing a last word count as one name, shown in its commonest full form. A
    capitalised word opening a sentence counts only when `context` has it mid-sentence too.
    """
    mid_sentence = Counter(
        form for text in context for form, initial in _names(text) if not initial
    )
    named = {_key(form) for form in mid_sentence}
    counts: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for sentence in sentences:
        keys = set()
        for form, initial in _names(sentence):
            words = [w for w in tokenize(form) if w not in STOPWORDS]
            if not words or words[-1] in known or (initial and _key(form) not in named):
                continue
            keys.add(_key(form))
            forms.setdefault(_key(form), form)
        counts.update(keys)
    return counts, {key: _full_form(form, mid_sentence) for key, form in forms.items()}


def _names(text: str) -> list[tuple[str, bool]]:
    """Capitalised runs in `text`, each with whether it opens a sentence."""
    found = []
    for match in _NAME.finditer(text):
        before = text[: match.start()].rstrip()
        initial = not before or before[-1] in ".!?:;\"“‘'(—–-"
        found.append((_POSSESSIVE.sub("", match.group(0)).rstrip(".’'"), initial))
    return found


def _key(form: str) -> str:
    words = tokenize(form)
    return words[-1] if words else ""


def _full_form(form: str, forms: Counter[str]) -> str:
    """The commonest longer form ending in `form` ("Sam Altman" for "Altman"), up to 3 words."""
    longer = [
        (count, -len(other))
        for other, count in forms.items()
        if other != form and other.endswith(" " + form) and len(other.split()) <= 3
    ]
    if not longer:
        return form
    best = max(longer)
    return next(o for o, c in forms.items() if (c, -len(o)) == best and o.endswith(" " + form))
