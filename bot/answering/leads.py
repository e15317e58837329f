"""What a question asks for, and the short answer an extractive answer leads with.

"How much did it cost?" asks for an amount, "when" for a date, "who" for a name, "where" for a
place. The answerer prefers sentences that offer such an answer, and leads with it: a figure,
a date or a name that a cited sentence literally contains (a name shown in the full form the
retrieved reports give it). When the question asks for nothing of the kind, or the answer would
be a guess, the answer is the cited sentences alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from vectorstore.text import (
    FULL_NAME,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    STOPWORDS,
    TENS_WORDS,
    WEEKDAYS,
    tokenize,
    without_dateline,
    words_pattern,
)

__all__ = ["AnswerKind", "Expected", "Lead", "answer_kind"]

AnswerKind = Literal["amount", "number", "date", "name", "place"]

# Numbers in words, and words of a quantity ("hundreds of", "half").
_QUANTITY_WORDS = ("hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "half")
_NUMBER_WORDS = words_pattern((*NUMBER_WORDS[1:], *TENS_WORDS, *_QUANTITY_WORDS))
_SCALE = r"(?:\s*(?:%|percent|per cent|million|billion|trillion|thousand|hundred|[mb]n))?"
_NUMBER = re.compile(
    rf"(?:[$€£¥]\s?)?\b(?:\d[\d,.]*|(?:{_NUMBER_WORDS}))\b{_SCALE}"
    rf"(?:\s+(?!(?:and|or|of|the|to|in|on|at|a)\b)[a-z][\w-]*)?",
    re.IGNORECASE,
)
_CURRENCY = (
    r"(?:euros?|dollars?|pounds?|pence|cents?|yen|yuan|francs?|kronor|kroner|kronur|rupees?|"
    r"pesos?|reais|rand|usd|eur|gbp)"
)
# "610 million euros", "$4.3 billion", "€12": a figure that is a sum of money.
_MONEY = re.compile(
    rf"[$€£¥]\s?\d[\d,.]*\b{_SCALE}|\b\d[\d,.]*\b{_SCALE}\s+(?:[A-Z][a-z]+\s+)?{_CURRENCY}\b",
    re.IGNORECASE,
)
_MONTHS = words_pattern(m.title() for m in (*MONTHS, *MONTH_ABBREVIATIONS))
_DATE = re.compile(
    rf"\b(?:(?:{words_pattern(day.title() for day in WEEKDAYS)})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:in\s+)?(?:{_MONTHS})\s+\d{{4}}"
    rf"|(?:19|20)\d{{2}})\b"
)
# "Which hacker group ...", not "What did the director say ...": up to two modifiers, no verb.
_WHO = re.compile(
    r"^\s*(?:who|whom|(?:which|what)\s+"
    r"(?:(?!(?:is|was|are|were|did|do|does|will|would|has|have|had|can|could|the|a|an)\b)"
    r"[\w-]+\s+){0,2}?(?:company|individual|person|organi[sz]ation|group|team|player|country|"
    r"firm|outlet|city|club|party|minister|official|detective|agency|bank|chain|brand|band|"
    r"artist|author|director|coach))\b",
    re.IGNORECASE,
)
_WHERE = re.compile(
    r"^\s*(?:where|(?:in|at|to|from)\s+(?:which|what)\s+(?:city|town|country|place))\b",
    re.IGNORECASE,
)
# "offices in Vietnam", "arrived at the Port of Halden": a name after a preposition of place.
_PLACE = re.compile(
    r"\b(?:in|at|to|from|near|outside|across|inside)\s+(?:the\s+)?"
    r"([A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)"
)
_POSSESSIVE = re.compile(r"['’]s$")
# A full stop after a word of four or more letters, then a space: the end of a sentence ("Friday.
# Corvelle"), not an initial ("J. Smith") or a title ("Mrs. Ives", "Gen. Ode").
_SENTENCE_END = re.compile(r"(?<=\w\w\w[a-z])[.!?]\s+")
# Job titles that precede a name in a capitalised run ("CEO Caroline Ellison"); not part of it.
_TITLES = frozenset(
    "ceo cfo cto coo founder co-founder chairman chairwoman chair chief executive former "
    "spokesman spokeswoman spokesperson".split()
)


class _Quoted(Protocol):
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Lead:
    """The short answer (`text`) and how the cited sentences write it (`quoted`).

    They differ for a name the sentences shorten: "Sam Bankman-Fried" quoted "Bankman-Fried"
    or "SBF".
    """

    text: str
    quoted: tuple[str, ...]


def answer_kind(question: str) -> AnswerKind | None:
    """The kind of thing the question asks for, if it asks for a figure, date, name or place."""
    asked = question.strip().casefold()
    if asked.startswith("how much"):
        return "amount"
    if asked.startswith(("how many", "what percentage", "what share")):
        return "number"
    if asked.startswith(("when", "what date", "what day", "what year", "in what year")):
        return "date"
    if _WHO.match(question):
        return "name"
    if _WHERE.match(question):
        return "place"
    return None


class Expected:
    """What a question asks for, read against the retrieved passages (`context`).

    The passages tell names from capitalised words (a word opening a sentence is a name only if
    the passages also use it mid-sentence) and give a name's full form and initials.
    """

    def __init__(self, question: str, context: Sequence[str] = ()) -> None:
        self.question = question
        self.kind = answer_kind(question)
        self.known = set(tokenize(question))
        self._mid_sentence: Counter[str] = Counter()
        self._anywhere: Counter[str] = Counter()
        self._named: set[str] = set()
        self._initials: dict[str, str] = {}
        self.read(context)

    def read(self, texts: Sequence[str]) -> None:
        """Learn the names `texts` use, and how (more passages, more full forms)."""
        for text in texts:
            for form, initial in _names(text):
                self._anywhere[form] += 1
                if not initial:
                    self._mid_sentence[form] += 1
                    self._named.add(_key(form))
                initials = _initials(form)
                if initials:
                    self._initials.setdefault(initials, _key(form))

    def offered_by(self, sentence: str) -> bool:
        """Whether `sentence` holds an answer of the asked kind the question does not contain."""
        if self.kind == "name":
            return bool(set(map(_key, self.new_names([sentence]))) - _CALENDAR_WORDS)
        if self.kind == "place":
            return any(
                _key(match.group(1)) not in self.known for match in _PLACE.finditer(sentence)
            )
        pattern = _PATTERNS.get(self.kind or "")
        return pattern is not None and _first_new(pattern, [sentence], self.known) is not None

    def lead(self, sentences: Sequence[_Quoted]) -> Lead | None:
        """A figure for "how many", an amount for "how much", a date for "when", a name for
        "who"/"which company"; none for other questions or when it would be a guess."""
        texts = [s.text for s in sentences]
        if not texts:
            return None
        if self.kind == "amount":
            value = _first_new(_MONEY, texts, self.known) or _first_new(_NUMBER, texts, self.known)
        elif self.kind in ("number", "date"):
            value = _first_new(_PATTERNS[self.kind], texts, self.known)
        elif self.kind == "name":
            return self._recurring_name(texts)
        else:
            return None
        return Lead(value, (value,)) if value else None

    def full_name(self, form: str, others: frozenset[str] = frozenset()) -> str:
        """The full form of a name the reports shorten ("Altman" -> "Sam Altman"), not one of
        `others`, full forms known to name someone else."""
        return self._full_form([form], others)

    def new_names(self, sentences: Sequence[str]) -> list[str]:
        """The names in `sentences` that the question does not contain, commonest first."""
        counts, forms = self._name_counts(sentences)
        return [forms[key][0] for key, _ in counts.most_common()]

    def _recurring_name(self, sentences: Sequence[str]) -> Lead | None:
        """A name the question does not contain, found in the cited sentences.

        With several sentences it must recur in at least two of them (the multi-article "which
        company do A and B both mention" case); with one, it is taken when it is the only one.
        """
        counts, forms = self._name_counts(sentences)
        for word in _CALENDAR_WORDS & counts.keys():
            del counts[word]  # "on Monday" in two ledes names no one
        if not counts:
            return None
        (key, count), *rest = counts.most_common()
        if len(sentences) > 1 and (count < 2 or (rest and rest[0][1] == count)):
            return None
        if len(sentences) == 1 and rest:
            return None
        return Lead(self._full_form(forms[key]), tuple(forms[key]))

    def _name_counts(self, sentences: Sequence[str]) -> tuple[Counter[str], dict[str, list[str]]]:
        """In how many sentences each name occurs, and the forms the sentences write it in.

        Reports shorten a name after its first mention ("Sam Bankman-Fried", then
        "Bankman-Fried" or "SBF"): the forms sharing a last word, or initials, count as one.
        """
        counts: Counter[str] = Counter()
        forms: dict[str, list[str]] = {}
        for sentence in sentences:
            keys = set()
            # "BRENNA, Oct 21 (The Valley Courier) -": where and when a report was filed.
            for form, initial in _names(without_dateline(sentence)):
                words = [w for w in tokenize(form) if w not in STOPWORDS]
                if not words or words[-1] in self.known:
                    continue
                key = _key(form)
                if form.isupper():
                    key = self._initials.get(form.casefold(), key)
                if key in self.known or (initial and key not in self._named):
                    continue
                keys.add(key)
                if form not in forms.setdefault(key, []):
                    forms[key].append(form)
            counts.update(keys)
        return counts, forms

    def _full_form(self, forms: Sequence[str], others: frozenset[str] = frozenset()) -> str:
        """The commonest form of two or three words that names what `forms` name ("Sam
        Altman" for "Altman", "Sam Bankman-Fried" for "SBF"); else the longest of `forms`.

        Mid-sentence forms are preferred: a sentence-opening run may hold a non-name word.
        """

        def names_same(other: str) -> bool:
            return any(
                other == form
                or other.endswith(" " + form)
                or (form.isupper() and _initials(other) == form.casefold())
                for form in forms
            )

        for found in (self._mid_sentence, self._anywhere):
            full: Counter[str] = Counter()
            for other, count in found.items():
                name = _untitled(other)
                if 2 <= len(name.split()) <= 3 and names_same(other) and name not in others:
                    full[name] += count
            if full:
                return max(full, key=lambda name: (full[name], -len(name)))
        return _untitled(max(forms, key=len))


_PATTERNS = {"amount": _MONEY, "number": _NUMBER, "date": _DATE}


def _first_new(pattern: re.Pattern[str], sentences: Sequence[str], known: set[str]) -> str | None:
    """The first match, best sentence first, that the question does not already contain."""
    for sentence in sentences:
        for match in pattern.finditer(sentence):
            value = match.group(0).strip()
            if value and not set(tokenize(value)) <= known:
                return value
    return None


def _names(text: str) -> list[tuple[str, bool]]:
    """Capitalised runs in `text`, each with whether it opens a sentence."""
    found = []
    for match in FULL_NAME.finditer(text):
        before = text[: match.start()].rstrip()
        initial = not before or before[-1] in ".!?:;\"“‘'(—–-"
        # "on Friday. Corvelle is ...": a run never crosses the end of a sentence.
        for part in _SENTENCE_END.split(match.group(0)):
            words = part.split(" ", 1)
            if initial and len(words) == 2 and words[0].casefold() in _OPENING_WORDS:
                part = words[1]  # "Across Veskaria, ...", "But Dalmoria ...": no name's word
            found.append((_POSSESSIVE.sub("", part).rstrip(".’'"), initial))
            initial = True
    return found


# Words that open a sentence in capitals without being part of a name after them.
_OPENING_WORDS = STOPWORDS | frozenset(
    "across despite among however meanwhile although since like yet still".split()
)


# Capitalised words of the calendar, which name no one ("on Monday" in two reports' ledes): no
# name lead, and a sentence giving only one offers no name (`offered_by`).
_CALENDAR_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS)


def _key(form: str) -> str:
    words = tokenize(form)
    return words[-1] if words else ""


def _initials(form: str) -> str:
    """ "sbf" for "Sam Bankman-Fried": how reports abbreviate a name they use often."""
    parts = [p for p in re.split(r"[\s-]+", _untitled(form)) if p.casefold() not in STOPWORDS]
    return "".join(p[0] for p in parts).casefold() if len(parts) > 1 else ""


def _untitled(form: str) -> str:
    """The name without leading job titles or acronyms: "CEO Caroline Ellison" -> "Caroline
    Ellison", "FTX CEO Sam Bankman-Fried" -> "Sam Bankman-Fried"."""
    words = form.split()
    while len(words) > 2 and (words[0].casefold() in _TITLES or words[0].isupper()):
        words = words[1:]
    return " ".join(words)
