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

from bot.answering.question import OTHER_RANKS, PAST_RANKS
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

AnswerKind = Literal[
    "amount", "quantity", "number", "date", "time", "age", "measure", "name", "place"
]

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
# "Maas, 56, said", "aged 81", "a 29-year-old", "at the age of 81", "44 years old".
_AGE = re.compile(
    r"\b[A-Z][\w'’-]+,\s+\d{1,3},|\baged\s+\d{1,3}\b|\b\d{1,3}-year-old\b"
    r"|\bage\s+of\s+\d{1,3}\b|\b\d{1,3}\s+years\s+old\b"
)
# A figure with a unit of length, area, weight, volume, time, speed or share: what "how long",
# "how far", "how high", "how heavy" ask ("85 km away", "a 1.2-tonne probe", "for 11 months").
_UNITS = (
    r"(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|miles?|feet|foot|cm|centimet(?:re|er)s?|mm|"
    r"millimet(?:re|er)s?|tonnes?|tons?|kg|kilograms?|grams?|litres?|liters?|hectares?|acres?|"
    r"square|cubic|percent|per cent|hours?|minutes?|seconds?|days?|weeks?|months?|years?|"
    r"kph|mph|knots?|degrees?|megawatts?|gigawatts?|mw|gw|terabytes?|gigabytes?|barrels?|"
    r"storeys?|floors?)"
)
_MEASURE = re.compile(
    rf"(?:\b\d[\d,.]*|\b(?:{_NUMBER_WORDS}|one|half)\b)"
    rf"(?:\s*(?:million|billion|thousand|hundred))?(?:\s*%|[\s-]*{_UNITS}\b)",
    re.IGNORECASE,
)
# "closed for a fortnight", "within a week": a span said in words, which answers "how long"
# only ("the deadliest in more than a decade" says nothing of how far).
_SPAN = re.compile(
    r"\b(?:for|within|in|after|over|about|nearly|almost)\s+"
    r"(?:(?:at\s+least|about|nearly|almost|more\s+than|less\s+than)\s+)?(?:a|an|one)\s+"
    r"(?:fortnight|decade|week|month|year|day|hour|minute)\b",
    re.IGNORECASE,
)
_WORD_OR_COMMA = re.compile(r"[\w'’-]+|,")
# How many words before a name ("trust chair", "an agency spokeswoman ,") and after it (", a
# space industry analyst") a role may stand.
_ROLE_BEFORE = 3
_ROLE_AFTER = 5
# How far before those a rank of the role may stand ("Its former chief executive, X").
_RANK_BEFORE = 2
_ASKED_NAME = re.compile(r"(?<!^)(?<=\s)[A-Z][\w'’-]*")
# A time of day: "4:40 a.m.", "6 pm", "11:30", "midnight".
_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b|\b(?:midnight|noon|midday)\b",
    re.IGNORECASE,
)
# "What time of year ...?" asks a season, not a time of day.
_TIME_OF = re.compile(r"^\s*(?:at\s+)?what\s+time\s+of\b")
# "How much rain fell?", "How much data was stolen?": a quantity of a thing, not a sum of money
# ("How much did it cost?", "How much money ...?").
_HOW_MUCH_OF = re.compile(
    r"^\s*how much\s+(?!(?:did|does|do|is|was|are|were|will|would|has|have|had|can|could|"
    r"should|money|cash|funding|compensation)\b)[a-z]",
    re.IGNORECASE,
)
# Not "how big" or "how large", which a sum ("a budget of 1.2 billion euros") or a count ("a
# fleet of 96 aircraft") answers as well, nor "how strong" (a magnitude has no unit).
_HOW_MEASURED = re.compile(
    r"^\s*how\s+(?:long|far|tall|high|deep|wide|heavy|fast)\b", re.IGNORECASE
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
    if asked.startswith(("how old", "what age", "at what age")):
        return "age"
    if asked.startswith(("what time", "at what time")) and not _TIME_OF.match(asked):
        return "time"
    if _HOW_MEASURED.match(question):
        return "measure"
    if _HOW_MUCH_OF.match(question):
        return "quantity"
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
        # The capitalised words after its first: whom the question names.
        self._asked_names = set(tokenize(" ".join(_ASKED_NAME.findall(question))))
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
        if self.kind == "age" and self._asked_names:
            # "How old is Arne Lundqvist?": "Holm, 49," is another one's age.
            return any(
                self._age_of_asked(set(tokenize(sentence[max(0, m.start() - 40) : m.end()])))
                for m in _AGE.finditer(sentence)
            )
        if (
            self.kind == "measure"
            and self.question.lstrip().lower().startswith("how long")
            and _SPAN.search(sentence)
        ):
            return True
        pattern = _PATTERNS.get(self.kind or "")
        return pattern is not None and _first_new(pattern, [sentence], self.known) is not None

    def _age_of_asked(self, said: set[str]) -> bool:
        """Whether an age said beside `said` (the words before it) is the asked person's: a
        word of the name asked, and all of it where the reports name another of the surname
        ("How old is Lars Engen?": "Engen, 59," is Mats Engen's age)."""
        named = self._asked_names & said
        namesake = any(
            len(parts) > 1 and parts[-1] in named and not set(parts) <= self._asked_names
            for parts in (tokenize(form) for form in self._anywhere)
        )
        return bool(named) and (not namesake or len(named) > 1)

    def named_in_role(self, sentence: str, roles: frozenset[tuple[str, ...]]) -> bool:
        """Whether `sentence` names someone the question does not beside a role it asks the
        holder of: "trust chair Nadine Fairbrother", "Mayor Henrik Solvay", "an agency
        spokeswoman, Lena Park", "Lise Norrgaard, chair of the association". A name alone is
        in most sentences of a report; the role beside it is what answers "Who chairs the
        trust?" (`roles`: each the lemmas that say one role, all beside the name: "finance
        minister", not "Housing Minister Elin Rask"; `binding.asked_roles`). Not another rank
        of it the question does not ask ("former chief executive Jon Berge", "Deputy Mayor
        Ingrid Saal"), nor a role held of another name ("Brask Rail's chairman, Olav Rud" for
        Norvik Rail's; "Osterlund, whose chief executive, Anna Ferm": hers, not Osterlund's)."""
        words = _WORD_OR_COMMA.findall(sentence)
        plain = [_POSSESSIVE.sub("", w.casefold()) for w in words]
        singular = [_singular(w) for w in plain]
        wanted_roles = [{_singular(word) for word in role} for role in roles]
        wanted = set().union(*wanted_roles)
        asked_ranks = OTHER_RANKS & self.known | (
            PAST_RANKS if self.known & {"was", "were"} else set()
        )
        runs = _capitalised_runs(words)

        def names_another(run: tuple[int, int]) -> bool:
            first, last = run
            if first == last == 0:
                return False  # a sentence's first word, capitalised as any is
            return any(
                singular[k] not in wanted
                and plain[k] not in self.known
                and plain[k] not in _CALENDAR_WORDS
                for k in range(first, last + 1)
            )

        for first, last in runs:
            new = [plain[k] for k in range(first, last + 1) if singular[k] not in wanted]
            # Not one the question names ("Velmore University suspended the dean").
            if not new or any(w in self.known for w in new) or first == last == 0:
                continue
            around = list(range(max(0, first - _ROLE_BEFORE), first))
            for k in range(last + 1, min(len(words), last + 1 + _ROLE_AFTER)):
                if plain[k] == "whose":
                    break
                around.append(k)
            near = {singular[k] for k in around} | set(singular[first:last])
            if not any(role <= near for role in wanted_roles):
                continue
            # "Its former chief executive, Jon Berge": a rank just before the role too; a
            # rank after the name is another title's ("Mediator Peter Lindahl, a former
            # labour court judge") unless the role is said there.
            before = range(max(0, first - _ROLE_BEFORE - _RANK_BEFORE), first)
            titled = {singular[k] for k in before} | set(singular[first:last])
            if not any(role <= titled for role in wanted_roles):
                titled |= near
            if titled & OTHER_RANKS - asked_ranks:
                continue
            window = set(around)
            for k in before:
                if plain[k] == "whose":
                    window.update(range(max(0, k - 2), k))  # the one whose role it is
            if not any(
                names_another(run)
                for run in runs
                if run != (first, last) and window & set(range(run[0], run[1] + 1))
            ):
                return True
        return False

    def lead(self, sentences: Sequence[_Quoted]) -> Lead | None:
        """A figure for "how many", an amount for "how much", a date for "when", a name for
        "who"/"which company"; none for other questions (an age, a measure or a time of day is
        only preferred in ranking: `offered_by`) or when it would be a guess."""
        texts = [s.text for s in sentences]
        if not texts:
            return None
        if self.kind in ("amount", "quantity"):
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


_PATTERNS = {
    "amount": _MONEY,
    "quantity": _NUMBER,
    "number": _NUMBER,
    "date": _DATE,
    "time": _TIME,
    "age": _AGE,
    "measure": _MEASURE,
}


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


def _singular(word: str) -> str:
    """ "spokeswomen" -> "spokeswoman", "judges" -> "judge": near enough to compare roles."""
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _capitalised_runs(words: Sequence[str]) -> list[tuple[int, int]]:
    """The first and last index of each run of capitalised words."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if words[i][:1].isupper():
            j = i
            while j + 1 < len(words) and words[j + 1][:1].isupper():
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    return runs
