"""Short answers bound, inside one sentence, to what the question asked.

A figure, a date or a name may lead an answer only when the sentence that holds it ties it to
the question: the number counts the noun asked about ("4,100 passengers"), the sum is what the
thing asked about cost, the date dates the event asked about, the name holds the role asked
about ("Mayor Ingrid Solberg") or did what was asked. The tie is read from the dependency parse,
never from nearness: "300-megawatt" does not count jobs, "1962" does not count vehicles.
Each binder is a named rule; `bind` says which one bound the value, or none does and the answer
is the quoted sentences alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.answering.gender import pronoun_gender, titled_gender
from bot.answering.nlp import ancestors
from bot.answering.polarity import (
    FORGOING,
    NEGATIVE_SUBJECTS,
    guessed,
    habitual,
    happening_verdict,
    hedged,
    negated,
    ranking_verdict,
)
from bot.answering.premise import LIGHT_VERBS, in_any_form
from bot.answering.question import (
    CALENDAR_WORDS,
    COMPANY_WORDS,
    EARLIER_ADVERBS,
    HARM_FAMILIES,
    PAST_BE,
    PHASES,
    REPORTING_VERBS,
    TELLING_VERBS,
    WH_WORDS,
    YEAR,
    Copula,
    Happening,
    Question,
    direction,
    held_still,
    initials,
    noun_modifiers,
    numbered_names,
    opposite_verb,
    ordinal_place,
    qualifiers_of,
    rate_unit,
    same_harm,
    same_verb,
)
from bot.answering.question import CHANGE_VERBS as _CHANGE_VERBS
from bot.answering.question import CURRENCIES as _CURRENCIES
from bot.answering.question import FIGURE_KINDS as _FIGURE_KINDS
from bot.answering.question import HONORIFICS as _HONORIFICS
from bot.answering.question import MONEY_NOUNS as _MONEY_NOUNS
from bot.answering.question import OTHER_RANKS as _OTHER_RANKS
from bot.answering.question import PAST_RANKS as _PAST_RANKS
from bot.answering.question import PEOPLE_NOUNS as _PEOPLE_NOUNS
from bot.answering.question import PRESENT_DO as _PRESENT_DO
from bot.answering.question import PRICE_WORDS as _PRICE_WORDS
from bot.answering.question import TITLES as _TITLES
from bot.answering.verification import figures
from vectorstore.text import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    WEEKDAYS,
    dateline_dash,
    split_sentences,
    tokenize,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "Binding",
    "ambiguous",
    "asked_roles",
    "bind",
    "counts_asked_noun",
    "denied",
    "labelled",
    "moved_the_other_way",
    "name_given",
    "offers",
    "rival",
    "role_holder",
    "says_another_harm",
]

# A sentence must end like one: a heading or a title ("Insurgents Breach Aleppo") never leads.
_SENTENCE_ENDS = (".", "!", "?", '"', "”", "’", "'", ")")
_NUMERIC_ENTITIES = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_AGENT_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
_ROLE_LINKS = frozenset({"compound", "appos", "amod", "nmod"})
_MAX_LEAD_TOKENS = 6
_SUBORDINATE = frozenset({"relcl", "advcl", "ccomp", "conj", "parataxis", "xcomp"})
_MAX_HOPS = 4  # how far up the parse a date or place may sit from the event it dates


@dataclass(frozen=True)
class Binding:
    """`value` leads the answer; `quoted` is how the sentence writes it (a substring)."""

    value: str
    quoted: str
    rule: str
    detail: str


SameNoun = Callable[[str, str], bool]


def _identical(a: str, b: str) -> bool:
    return a == b


@dataclass(frozen=True)
class _Around:
    """What a binder may read besides the sentence (see `bind`)."""

    same_noun: SameNoun = _identical
    headline: str = ""
    passage: str = ""


def bind(
    question: Question,
    sentence: Doc,
    *,
    same_noun: SameNoun = _identical,
    headline: str = "",
    passage: str = "",
    published: date | None = None,
) -> Binding | None:
    """The short answer this sentence gives to `question`, when the parse ties it there.

    `same_noun(asked, found)` says whether a noun of the sentence names what the question's
    noun names ("soldiers" for "troops"); by default only the same lemma does. `headline`, the
    sentence's report's, may name what a role belongs to ("Port Lenwick" for its mayor);
    `passage`, the text around the sentence, may name what a "who did it" question is about;
    `published`, its report's date, may be the year of the event asked about.
    """
    text = sentence.text.rstrip()
    if not text.endswith(_SENTENCE_ENDS):
        return None
    around = _Around(same_noun, headline, passage)
    if question.kind in _NEEDS_QUESTION_NAMES and not names_present(
        question, sentence, headline, passage
    ):
        return None  # "How much did Joseph Arimo get?": a figure in a sentence without him
    binder = _BINDERS.get(question.kind or "")
    binding = binder(question, sentence, around) if binder else None
    if binding is not None and _in_dateline(binding.quoted, sentence):
        return None  # "(Meridian Daily)" filed the report; it did nothing in it
    if binding is not None and question.per and rate_unit(sentence) != question.per:
        # "How much is the strike costing per day?": "a loss of 214 million euros last year"
        # is no daily cost; only a figure given per day answers it.
        return None
    if binding is not None and not _of_the_year(
        question.event_years, text, headline, passage, published
    ):
        # "Who won the 2018 World Cup?": "Halden United won the national cup on Sunday", in a
        # report that never says 2018, is about another cup.
        return None
    if binding is not None and _another_of_the_kind(question, sentence):
        # "How many people died when the Stone Bridge collapsed?": "the Morandi bridge ...
        # killed 43 people" is about another bridge.
        return None
    if binding is not None and _names_a_sibling(question.numbered, sentence):
        # "When did Marenland launch Lyra-2?": "Lyra-1 was launched in 2022" is the other one.
        return None
    if binding is not None and not _says_times(question, f"{text}\n{headline}"):
        # "How many patients had waited a year two years ago?": "23,900 patients had been
        # waiting more than 52 weeks, compared with 15,100 in September last year" gives
        # neither figure for that time.
        return None
    return binding


def _another_of_the_kind(question: Question, sentence: Doc) -> bool:
    """Whether the sentence names another of a kind the question names one of ("the Morandi
    bridge" for "the Stone Bridge", "the Ostvik coal pit" for "the Brenna pit") and never
    the one asked about."""
    words = {t.lower_ for t in sentence}
    for kind, name in question.named_kinds:
        if name & words:
            continue
        for token in sentence:
            # A common noun: "the Morandi bridge"; "Mr Smith", "Storm Ida" are names.
            if token.lemma_.lower() != kind or token.pos_ != "NOUN":
                continue
            other = _proper_compounds(token)
            if other and not other & name:
                return True
    return False


def _names_a_sibling(asked: frozenset[tuple[str, str]], sentence: Doc) -> bool:
    """Whether the sentence names another of a numbered series the question names one of
    ("Lyra-1" when "Lyra-2" is asked about, "Unit 2" for "Unit 1") and not the one asked."""
    numbered = dict(asked)
    if not numbered:
        return False
    found = numbered_names(sentence)
    return any(numbered.get(name) not in {None, number} for name, number in found) and not any(
        numbered.get(name) == number for name, number in found
    )


def _of_the_year(
    years: frozenset[str], text: str, headline: str, passage: str, published: date | None
) -> bool:
    """Whether the sentence, its headline or passage says each year that names the event
    asked about, or its report was published that year (`years_said`)."""
    if not years:
        return True
    said = years_said(f"{text}\n{headline}\n{passage}", published)
    return said is None or years <= said


def unstated_years(
    question: Question, reports: Iterable[tuple[str, str, date | None]]
) -> frozenset[str]:
    """The years the question is about ("in 2023", "the 2019 fire") when no report says one
    of them (`years_said`), else none. A report is (passage, headline, published): "Last
    year, 14 people died in accidents in Belgorian mines, down from 21 in 2024" (2026) gives
    no figure for 2023."""
    asked = question.years
    if not asked:
        return frozenset()
    for text, headline, published in reports:
        said = years_said(f"{text}\n{headline}", published)
        if said is None or asked & said:
            return frozenset()
    return asked


# "FY2024", "2022-23": a year inside a word or a season; "2,000" is no year.
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?<!\d[,.])((?:19|20)\d\d)(?:[-/–](\d\d))?(?!\d|[,.]\d)")
_THOUSANDS = re.compile(r"(?<=\b\d),(?=\d{3}\b)")
# How a report points at a year by its own date: "last year", "two years ago", "a year
# earlier", "the previous year", "in the past year", "next year".
_YEARS_BACK = re.compile(
    r"\b(?:(last|previous|past|next) year|(a|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d+) years? (?:ago|earlier|before))\b",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"\b(?:the|a) (?:year|season) (?:before|earlier)\b(?!\s+last)|\bthe (?:previous|prior) "
    r"year\b",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip


# "since 2021", "since March 2020", "since early 2019": the start of a span, not a time that
# a figure is of ("the highest level since 2021" gives no figure for 2021); but "the largest
# strike since 2011, when 30,000 teachers walked out" tells of 2011.
SINCE = re.compile(
    r"\bsince\s+(?:(?:early|late|mid|the end of|the start of)[\s-]+)?"
    rf"(?:(?:(?:{'|'.join(MONTHS)})\s+)?(?:19|20)\d\d\b|(?:{'|'.join(MONTHS)})\b(?!\s+\d))"
    r"(?!,?\s+(?:when|after|as)\b)",
    re.IGNORECASE,
)


def without_since(text: str) -> str:
    """The text without the times it gives only as the start of a span (`SINCE`)."""
    return SINCE.sub("since", text)


# "in January", "during March", "for early May": the month a figure is asked for. Not "May"
# alone (a name, a verb), nor "since March" (a span's start).
_ASKED_MONTH = re.compile(
    r"\b(?:in|during|for|of)\s+(?:(?:early|late|mid)[\s-]+)?(" + "|".join(MONTHS) + r")\b",
    re.IGNORECASE,
)
_LAST_MONTH = re.compile(r"\b(?:last|previous) month\b|\ba month (?:ago|earlier)\b", re.I)
_THIS_MONTH = re.compile(r"\bthis month\b", re.IGNORECASE)


def asked_months(question: str) -> frozenset[str]:
    """The months a question asks a figure for ("What was the inflation rate in January?")."""
    return frozenset(m.group(1).casefold() for m in _ASKED_MONTH.finditer(question))


def months_said(text: str, published: date | None) -> set[str] | None:
    """The months a report's text speaks of: written out, its own month, and the month it
    points at from its date ("last month"). None when it points at one but has no date."""
    said = {m for m in MONTHS if re.search(rf"\b{m}\b", text, re.IGNORECASE)}
    pointed = bool(_LAST_MONTH.search(text) or _THIS_MONTH.search(text))
    if published is None:
        return None if pointed else said
    said.add(MONTHS[published.month - 1])
    if _LAST_MONTH.search(text):
        said.add(MONTHS[published.month - 2])  # January's "last month" is December
    return said


# "on Tuesday", "on Thursday evening": the day a figure is asked for. Not "since Monday" (a
# span's start), "by Friday" (a deadline) nor "Tuesday's vote" (which vote).
_ASKED_WEEKDAY = re.compile(r"\bon\s+(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_WEEKDAY_IN_TEXT = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)


def asked_weekdays(question: str) -> frozenset[str]:
    """The weekdays a question asks a figure for ("How much did the shares fall on Tuesday?")."""
    return frozenset(m.group(1).casefold() for m in _ASKED_WEEKDAY.finditer(question))


def weekdays_said(text: str, before: str, published: date | None) -> set[str] | None:
    """The weekdays a sentence speaks of: those it writes (with "yesterday" and "today" from
    its report's date, and a date's weekday). A sentence writing none, or only the day
    something was said ("the commission said on Monday"), is also read with the one before it
    and its report's own day and the day before (a report filed the morning after says what
    happened "on Monday" once, then "Shares fell 9 percent"); undated, it may be of any day
    (None)."""
    said = _weekdays_written(text, published)
    if said - _weekdays_written(" ".join(m.group(0) for m in REPORTED_ON.finditer(text)), None):
        return said
    if published is None:
        return None
    own = {WEEKDAYS[published.weekday()], WEEKDAYS[published.weekday() - 1]}
    return said | _weekdays_written(before, published) | own


# The day a report was given out, not what it says happened: "the commission said on Monday",
# "told reporters on Monday".
REPORTED_ON = re.compile(
    r"\b(?:said|says|told(?:\s+\w+)?|announced|reported|confirmed|added|stated)\s+"
    rf"(?:(?:late|early)\s+)?on\s+(?:{'|'.join(WEEKDAYS)})\b",
    re.IGNORECASE,
)
_MONTH_NAMES = "|".join(
    [m.title() for m in MONTHS] + [rf"{a.title()}\." for a in MONTH_ABBREVIATIONS]
)
# "on May 19", "19 May", "Jan. 5", "May 19th, 2026": a day whose weekday the report need not
# write (of the report's year unless one is written). Capitalised only: "3 may need surgery"
# is a verb. Not "May 2,400 euros", nor the count in "March 3, 2000 workers".
_MONTH_DAY = re.compile(
    rf"\b(?:({_MONTH_NAMES})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d|,\d)|(\d{{1,2}})\s+({_MONTH_NAMES}))"
    r"(?:,?\s+((?:19|20)\d\d)\b(?!\s+[a-z]))?"
)


def _weekdays_written(text: str, published: date | None) -> set[str]:
    said = {m.group(1).casefold() for m in _WEEKDAY_IN_TEXT.finditer(text)}
    if published is not None:
        for match in _MONTH_DAY.finditer(text):
            written = _date_written(match, published)
            if written is not None:
                said.add(WEEKDAYS[written.weekday()])
        for word, offset in _DAY_OFFSETS.items():
            # "yesterday", "today": what is said of "tomorrow" has not happened yet
            if offset <= 0 and re.search(rf"\b{word}\b", text, re.IGNORECASE):
                said.add(WEEKDAYS[(published + timedelta(days=offset)).weekday()])
    return said


def _date_written(match: re.Match[str], published: date) -> date | None:
    """The day a `_MONTH_DAY` match writes: of its own year, or else of the report's (the
    year before, for "December 31" in a report of January 2)."""
    name = (match.group(1) or match.group(4)).casefold().rstrip(".")
    month = MONTH_ABBREVIATIONS.get(name, name)
    day = int(match.group(2) or match.group(3))
    year = int(match.group(5)) if match.group(5) else published.year
    try:
        written = date(year, MONTHS.index(month) + 1, day)
        if not match.group(5) and written > published + timedelta(days=_DAYS_AHEAD):
            written = date(year - 1, written.month, day)
    except ValueError:
        return None  # "February 30", or February 29 of another year
    return written


_DAYS_AHEAD = 60  # a date written further after its report's is last year's


def years_said(text: str, published: date | None) -> set[str] | None:
    """The years a report's text speaks of: written out ("in 2024", "FY2024", the second of
    "2022-23"), its own year, and those it points at from its date ("last year", "two years
    ago"). None when it points at years but has no date: it may speak of any."""
    said: set[str] = set()
    # "2,000" read as 2000 too: "the 2000 striking workers" parses as a year of an event.
    # Only a comma inside a figure goes, so every year of the text is still found here.
    plain = _THOUSANDS.sub("", text)
    for match in _YEAR_IN_TEXT.finditer(plain):
        said.add(match.group(1))
        if match.group(2):
            said.add(match.group(1)[:2] + match.group(2))
    # "84.1 percent in 2025, down from 87.6 percent the year before": the year before the
    # last one written before it, or before its report's when none is.
    unanchored = False
    for match in _YEAR_BEFORE.finditer(plain):
        earlier = [m.group(1) for m in _YEAR_IN_TEXT.finditer(plain[: match.start()])]
        if earlier:
            said.add(str(int(earlier[-1]) - 1))
        else:
            unanchored = True
    pointed = list(_YEARS_BACK.finditer(text))
    if published is None:
        return None if pointed or unanchored else said
    said.add(str(published.year))
    if unanchored:
        said.add(str(published.year - 1))
    for match in pointed:
        if match.group(1):
            step = 1 if match.group(1).casefold() == "next" else -1
        else:
            count = match.group(2).casefold()
            step = -(int(count) if count.isdigit() else _COUNT_WORDS[count])
        said.add(str(published.year + step))
    return said


def _says_times(question: Question, text: str) -> bool:
    """Whether the sentence (or its report's headline, which often dates the event: "2004
    tsunami toll") says every time the question asks for, as written; not only as the bound
    of a span ("the biggest fall since March 2020" says nothing of March 2020), unless the
    question asks since when too ("How much have prices risen since 2021?")."""
    spanned = "since" in question.words
    lowered = (text if spanned else without_since(text)).lower()
    return all(re.search(rf"\b{re.escape(time)}\b", lowered) for time in question.times)


# Kinds answered by a figure, a date, a place or a thing: the people and places the question
# names must be in the sentence (or its report's headline) that gives it, or a coach's
# resignation in Lisbon answers where a minister resigned.
_NEEDS_QUESTION_NAMES = frozenset(
    {"count", "amount", "date", "measure", "place", "object", "yesno"}
)


def names_present(
    question: Question, sentence: Doc, context: str, passage: str = "", *, settings: bool = True
) -> bool:
    """Whether every name the question gives is in the sentence or `context`, by its last word
    ("Ilves" for "President Marek Ilves": reports use the surname after the first mention).
    A name that only says which of a thing ("at the Brennholt plant") may be in the `passage`
    too, unless the sentence names another one ("at the Tarveld plant"); so may the names of
    a name's "of" phrase, once its head is said ("the federation's general secretary" in a
    passage about the Federation of Locomotive Engineers). `settings=False`: a name that only
    says which of a thing must be in the sentence or `context` ("Who is the chief executive of
    Sound Ferries?" is not answered by Bluewake Ferries' chief executive in a passage that
    names Sound Ferries too)."""
    words = {t.lower_ for t in sentence} | _words(context)
    missing = question.name_heads - words
    if not missing:
        return True
    # "NSA director-general Amara Okonkwo" names the Northern Space Agency by its initials.
    missing -= _named_by_initials(question, {t.text for t in sentence})
    if not missing:
        return True
    if missing <= _opening_pronoun_names(sentence, passage, question.name_heads):
        return True  # "Crown Princess Isolde was proclaimed queen on Saturday. She is 47."
    if missing <= question.name_parts and missing <= _words(passage):
        return True  # "the federation's" in a passage naming the Federation of ... Engineers
    if not settings or not missing <= question.setting_names or not missing <= _words(passage):
        return False
    # "Eleven workers were injured at the Tarveld plant" names another plant: not Brennholt's.
    return not any(_lemma(t) in question.setting_nouns and _proper_compounds(t) for t in sentence)


def _proper_compounds(noun: Token) -> set[str]:
    """The names before a noun that say which one it is ("the Tarveld plant", "the Morandi
    bridge"), lower case."""
    return {c.lower_ for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"}


def _opening_pronoun_names(sentence: Doc, passage: str, asked: frozenset[str]) -> set[str]:
    """The words of the sentence before this one in its passage, when this one opens with
    "He" or "She" as its subject, or with "Her", "His", "Its" or "Their" as a possessive ("Her
    husband, Matthias Orlov, ..."): whom the pronoun stands for is named there, unless that
    sentence names someone else too ("Marten Holm married Anna Berg. She is 47."): a run of
    capitalised words holding none of the `asked` names and no title."""
    first = sentence[0] if len(sentence) else None
    if first is None or not (
        (first.text in {"He", "She"} and first.dep_ in _SUBJECT_DEPS)
        or (first.text in {"Her", "His", "Its", "Their"} and first.dep_ == "poss")
    ):
        return set()
    at = passage.find(sentence.text)
    if at <= 0:
        return set()
    spans = split_sentences(passage[:at])
    if not spans:
        return set()
    previous = passage[spans[-1][0] : spans[-1][1]]
    for run in _CAPITALISED_RUN.finditer(previous):
        words = {w.casefold() for w in run.group().split()}
        if not words & asked and not words & (_TITLES | _ROLE_TITLES):
            return set()
    return _words(previous)


# Two or more capitalised words in a row, not opening the sentence: a name ("Anna Berg").
_CAPITALISED_RUN = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")
# Words that make a run a title, not another person: "Crown Princess Isolde".
_ROLE_TITLES = frozenset("crown princess prince queen king duke duchess".split())


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _named_by_initials(question: Question, written: set[str]) -> set[str]:
    """The words (lower case) of each name of two or more words the question writes whose
    initials the sentence writes as a word ("NSA" for the Northern Space Agency)."""
    return {
        word.casefold()
        for name in question.written_names
        if len(name.split()) > 1 and len(initials(name)) > 1 and initials(name) in written
        for word in name.split()
    }


def _words(text: str) -> set[str]:
    """The words of a headline or passage, in lower case, for the checks that read it too."""
    return set(re.findall(r"\w+", text.casefold()))


def _in_question(question: Question, span: Span) -> bool:
    """Whether the question itself gives this figure or date (whole words: "May" is not in
    "Mayor", "24" not in "2024")."""
    return all(t.lower_ in question.words for t in span if not t.is_punct)


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def _ancestors(token: Token, hops: int = _MAX_HOPS) -> Iterator[Token]:
    return ancestors(token, hops)


def _bound_to_event(token: Token, events: frozenset[str]) -> Token | None:
    """The nearest ancestor (within a few hops) naming one of the question's events, or the
    verb whose subject names it ("the election will be held on 12 May")."""
    for ancestor in _ancestors(token):
        if _event(ancestor) & events:
            return ancestor
        if ancestor.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {"nsubj", "nsubjpass"} and _event(c) & events for c in ancestor.children
        ):
            return ancestor
    return None


def _inside_object(entity: Span, event: Token) -> bool:
    """Whether a date is part of the verb's object ("cut its forecast for economic growth
    next year"), which it describes, not when the verb's deed was done. (A day right after
    the object, "announced a general strike on Monday", is `_dated_verb`'s.)"""
    return any(
        c.dep_ == "dobj" and entity.root in c.subtree and entity.root != c for c in event.children
    )


def _dates_a_complement(question: Question, entity: Span, event: Token) -> bool:
    """Whether a date hangs on a verb that completes the verb asked about and says nothing of
    what the question's verb is done to: "could expect to return home on Saturday" dates the
    return, not when anyone expects "a first report". ("The companies expect the deal to close
    in 2026" still dates "When is the deal expected to complete?", which names no object.)"""
    if not question.objects or not _event(event) & question.predicates:
        return False
    for ancestor in _ancestors(entity.root):
        if ancestor.i == event.i:
            return False
        if ancestor.pos_ == "VERB" and ancestor.dep_ in {"xcomp", "ccomp"}:
            return not question.objects & {_lemma(t) for t in ancestor.subtree}
    return False


def _event(token: Token) -> set[str]:
    """The lemmas a word names an event by: a noun made from a verb with "-ing" also names the
    verb's event ("The next policy meeting is on June 18" dates when the board meets; "the
    opening" when it opens)."""
    lemma = _lemma(token)
    if token.pos_ == "NOUN" and lemma.endswith("ing") and len(lemma) > 5:
        stem = lemma[:-3]
        return {lemma, stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem}
    return {lemma}


def _contiguous(sentence: Doc, first: Token, last: Token) -> str:
    start, end = min(first.i, last.i), max(first.i, last.i)
    if end - start + 1 > _MAX_LEAD_TOKENS:
        return ""
    return str(sentence[start : end + 1].text)


def _noun_phrase(sentence: Doc, noun: Token) -> str:
    """A noun with the modifiers before it: "regional fire commander", "drones"."""
    words = sorted(
        [t for t in noun.lefts if t.dep_ in {"compound", "amod"}] + [noun], key=lambda t: t.i
    )
    return _contiguous(sentence, words[0], words[-1])


_MAX_TITLE_TOKENS = 10
_TITLE_PREPOSITIONS = frozenset({"of", "at", "for"})


def _title_phrase(sentence: Doc, noun: Token, entity: Span) -> str:
    """A title with what it is held of: "chief executive of Varnaby Water", "Nuvato's head of
    product safety", "chief economist at Brennick Savings Bank"; the bare title when that
    would run long."""
    words = [t for t in noun.lefts if t.dep_ in {"compound", "amod", "poss"}]
    for word in list(words):
        words += [t for t in word.subtree if not _inside(t, entity)]
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _TITLE_PREPOSITIONS:
            words += [t for t in _without_clauses(child) if not _inside(t, entity)]
    words.append(noun)
    first, last = min(t.i for t in words), max(t.i for t in words)
    while last > first and sentence[last].is_punct:
        last -= 1
    span = sentence[first : last + 1]
    if len(span) > _MAX_TITLE_TOKENS or any(_inside(t, entity) for t in span):
        return _noun_phrase(sentence, noun)
    return str(span.text)


# "head of sales and marketing": a coordinated noun stays part of the title.
_CLAUSES = (_SUBORDINATE - {"conj"}) | {"punct"}


def _without_clauses(token: Token, clauses: frozenset[str] = _CLAUSES) -> list[Token]:
    """The phrase under `token` without the clauses inside it: "head of the LO federation,
    which has 1.2 million members" is the head of the LO federation. `clauses`: the
    dependencies that open one (with `_SUBORDINATE`, a conjunct is one too)."""
    words, stack = [], [token]
    while stack:
        current = stack.pop()
        words.append(current)
        stack += [c for c in current.children if c.dep_ not in clauses]
    return words


def _number_span(token: Token) -> Span:
    """The whole figure a number token belongs to: "at least 31", "some 4,100", "1.2 million"."""
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end and entity.label_ in _NUMERIC_ENTITIES:
            return entity
    return token.doc[token.i : token.i + 1]


def _counted_by(token: Token) -> Token | None:
    """The noun a number counts: "4,100 passengers", "all 23 of its aircraft"."""
    current = token
    while current.dep_ in {"quantmod", "compound", "nummod"} and current.head.like_num:
        current = current.head
    if current.dep_ == "nummod" and current.head.pos_ in {"NOUN", "PROPN"}:
        noun = current.head
        # "200,000 vaccine doses", parsed as counting "vaccine": a singular modifier counts
        # the plural noun it modifies ("300-megawatt data centre" counts no centres).
        while noun.dep_ == "compound" and noun.tag_ == "NN" and noun.head.tag_ == "NNS":
            noun = noun.head
        return noun
    for child in current.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in {"NOUN", "PROPN"}:
                return objects[0]
    return None


def _count(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.count: a number whose noun (by the parse) is the noun the question counts.

    A follow-up may name no noun ("And how many were injured?"): then the number must count
    something in a clause with the very verb asked about ("injuring 45 people").
    """
    if not question.counted and not question.predicates:
        return None
    if not _says_asked_harm(question, sentence):
        # "How many firefighters died?": "About 400 firefighters were on the fire lines" says
        # no one died; a death or an injury is always said in so many words.
        return None
    # A figure without its noun counts only when no figure with it does: "since 2015, when 30
    # died, ... 12 people were killed".
    elided: Binding | None = None
    for token in sentence:
        if not token.like_num or token.text in question.numbers:
            continue
        noun = _counted_by(token)
        if noun is None or (question.counted and _lemma(noun) in _STAND_INS):
            elided = elided or _elided_count(token, noun, question, sentence, around)
            continue
        if question.counted:
            if not around.same_noun(question.counted, _lemma(noun)):
                continue
            others = question.events - {question.counted}
            # Not the counted noun's own modifiers: "9,400 rail workers walked off the job" says
            # nothing of rail workers arrested.
            said = {_lemma(t) for t in sentence if t.head.i != noun.i or t.dep_ != "compound"}
            if others and not others & said:
                continue  # counts the noun, but of another event: "300 people were evacuated"
            if _counted_for_another_verb(noun, question, sentence):
                continue  # "killing 38 people and injuring more than 200": 38 were not injured
            if _done_in_another_event(noun, question, sentence):
                continue  # "The blast injured 40 people" does not count those killed
            if not question.counted_names <= {t.lower_ for t in noun.subtree}:
                continue  # "three members of the governing coalition" are no Liberal Union ones
            if _group_of_a_part(noun):
                continue  # "Of the 300 people at the rally, 12 were injured": 12, not 300
            verb = _verb_of(noun)
            if verb is not None and _of_another_time(verb, question, dated=False):
                continue  # "the deadliest since 1987, when 14 people died" in another valley
            if verb is not None and _time_said_elsewhere(verb, question, sentence):
                continue  # "cancelled 210 flights on Sunday and expects more on Monday"
            if _time_closer_to_another(token, question, sentence, around.same_noun):
                continue  # "212 ... so far this year, compared with 164 in ... 2025"
            if _only_wanted(noun, question):
                continue  # "has demanded a recount at 312 polling stations": not recounted
            if _capacity(noun) and not question.words & _ABILITY:
                continue  # "can carry 180 cars" says how many fit, not how many were aboard
            if _at_most(token, verb) and not question.words & _LIABILITY:
                continue  # "carries a prison sentence of up to eight years": nobody's term
            if _margin(noun) and not question.words & _MARGIN_WORDS:
                continue  # "defeating Ashby by just 212 votes": the margin, nobody's votes
            if _named_another_doer(question, verb):
                continue  # "Roeland hit 29 unforced errors" counts none of Duskova's
        elif not (question.predicates - LIGHT_VERBS) & (_clause_lemmas(noun) | {_lemma(noun)}):
            # "How many of the survivors had to be taken to hospital?": a light verb ("take")
            # ties nothing ("the crossing would take less than two days").
            continue
        figure = _number_span(token)
        lead = _contiguous(sentence, figure[0], noun) or f"{figure.text} {noun.text}"
        return Binding(
            lead, figure.text, "lead.count", f"{figure.text} counts {noun.text!r} in the sentence"
        )
    return _death_toll(question, sentence) or elided


# "The ferry can carry 180 cars" says what is possible, not what is; a question with one of
# these words asks what is possible ("How many cars could it carry?"). Only "can" marks a
# sentence's figure so: "could" there is as often a forecast ("could cost 1,100 jobs").
_ABILITY = frozenset({"can", "could", "capacity", "hold", "holds", "seat", "seats"})


# Verbs of a contest, whose "by" figure is the margin between its sides ("won by 212 votes",
# "edged Arimo by two seconds"); a question with one of these words asks for it.
_CONTEST_VERBS = frozenset("win defeat beat edge lead trail lose outpoll".split())
_MARGIN_WORDS = frozenset({"by", "margin", "more", "fewer", "ahead", "behind"})


def _named_another_doer(question: Question, verb: Token | None) -> bool:
    """Whether the verb's subject is someone named other than the doer the question names:
    "How many unforced errors did Duskova commit?" is not answered by "Roeland hit 41 winners
    against 29 unforced errors". A subject that is no name ("she", "the company") may be
    anyone, and answers."""
    if not question.named_doers or verb is None:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        subject = verb.head  # "The Lisk plant, which employs around 480 people"
    if subject is None:  # "Two planes were sent by neighbouring Ostravia": the "by" agent
        subject = next((c for c in verb.children if c.dep_ == "agent"), None)
    partner = _subject_source(verb) if subject is None else None
    if partner is not None:  # "Braun said the government ... but would not bail out ..."
        subject = next((c for c in partner.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    # The subject's own words, not those of a clause inside it.
    names = {
        t.lower_
        for t in _without_clauses(subject, _SUBORDINATE)
        if t.pos_ == "PROPN" and t.text[:1].isupper()
    }
    # The name the subject is: its head and the names before it, not a possessor ("Petrak's
    # National Labour Alliance") or a title. Each giving a word the other lacks, they are two:
    # "Civic Alliance" is not the National Labour Alliance though both say "Alliance", while
    # "Elena Castanar" is the Castanar asked about.
    named = [subject, *(c for c in subject.children if c.dep_ == "appos")]
    core = {
        t.lower_
        for head in named
        for t in [head, *(c for c in head.children if c.dep_ == "compound")]
        if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in _TITLES
    }
    two = bool(core - question.names) and bool(question.named_doers - core)
    return bool(names) and (not names & question.named_doers or two)


def _margin(noun: Token) -> bool:
    """Whether a counted noun is the margin of a contest ("defeating Ashby by just 212
    votes"), not a count of what either side had; "rose by 3,000 jobs" is no contest."""
    by = noun.head
    return noun.dep_ == "pobj" and by.lower_ == "by" and _lemma(by.head) in _CONTEST_VERBS


# Verbs of what may befall someone: "faces up to 10 years", "carries up to eight years",
# "risks up to 2 million euros"; a question with one of these words asks for that maximum.
_LIABLE_VERBS = frozenset({"face", "carry", "risk"})
_LIABILITY = frozenset({"face", "faces", "carry", "carries", "risk", "risks", "maximum", "up"})


def _at_most(figure: Token, verb: Token | None) -> bool:
    """Whether a figure is the most that may befall someone ("an offence that carries a
    prison sentence of up to eight years", "faces up to 10 years"): "up to" it, under a verb
    of liability. Nobody was sentenced to it."""
    up_to = [t.lower_ for t in figure.children if t.dep_ == "quantmod"][:2] == ["up", "to"]
    return up_to and verb is not None and _lemma(verb) in _LIABLE_VERBS


def _capacity(noun: Token) -> bool:
    """Whether a counted noun is what its verb "can" do ("can carry 650 passengers")."""
    verb = _verb_of(noun)
    return verb is not None and any(
        c.dep_ == "aux" and c.lower_ in {"can", "ca"} for c in verb.children
    )


def counts_asked_noun(
    question: Question, sentence: Doc, same_noun: SameNoun = _identical
) -> str | None:
    """rule lead.counting-first: a figure the parse ties to the noun a "how many" question
    counts ("18,500 runners started the race" for "How many runners completed it?"), of
    whatever event; None when the sentence counts no such noun. Not a lead (the event may
    differ), but the sentence a reader should see first."""
    if not question.counted:
        return None
    for token in sentence:
        if not token.like_num or token.text in question.numbers:
            continue
        noun = _counted_by(token)
        if (
            noun is not None
            and (same_noun(question.counted, _lemma(noun)) or _staff_employed(question, noun))
            # "injured four people" counts none of the dead
            and not _done_in_another_event(noun, question, sentence)
        ):
            return f"{_number_span(token).text} {noun.text}"
    return None


# Nouns of a workforce: "How many staff does Halvorsen have?"
_STAFF = frozenset({"staff", "employee", "worker", "workforce", "headcount"})


def _staff_employed(question: Question, noun: Token) -> bool:
    """ "Halvorsen, which employs 14,500 people": the people a company employs are its staff,
    the count news gives for "How many staff / employees / workers does it have?". Only for a
    question that asks what it has or employs (not "How many Telvika employees have been
    disciplined?"), and a sentence that says each of its names and nouns: an outside review
    found "The foundation, which employs 12 people" offered for Orlan Bank's staff and "The
    Tessby plant ... employs 1,150 people" for Tessby Cottage Hospital's."""
    if (
        question.counted not in _STAFF
        or _lemma(noun) not in _PEOPLE
        or noun.dep_ != "dobj"
        or _lemma(noun.head) != "employ"
        or not question.predicates <= _HAVING
    ):
        return False
    if any(c.lower_ in _TOGETHER for c in noun.head.children):
        return False  # "The depots at Orne and Kilvik, which together employ 210 people"
    if question.words & _PRESENT_DO and noun.head.tag_ not in _PRESENT_TAGS:
        return False  # "employed about 3,600 people at the end of 2024" for how many now
    employer = _employer(noun.head)
    said = {t.lower_ for t in employer} | {_lemma(t) for t in employer}
    return (question.names | question.nouns) - _STAFF - _HAVING - {question.counted} <= said


def _employer(verb: Token) -> list[Token]:
    """The words naming who employs: the verb's subject ("The Tessby plant employs ..."), or
    the noun a "which" clause hangs on ("Halvorsen, which employs ..."), without that clause;
    the whole sentence when the parse gives neither."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return list(verb.doc)
    if subject.lower_ in {"which", "that", "who"} and verb.dep_ == "relcl":
        clause = {t.i for t in verb.subtree}
        return [t for t in verb.head.subtree if t.i not in clause]
    return list(subject.subtree)


# What a staff question asks a body to have: "How many staff does it have / employ?"
_HAVING = frozenset({"have", "employ"})
# Several bodies' staff in one figure.
_TOGETHER = frozenset({"together", "jointly", "between", "combined"})
# "How many staff does it have?" asks of now: "employs", not "employed".
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def _group_of_a_part(noun: Token) -> bool:
    """Whether a counted noun is the whole a clause picks its figure from: "Of the 300 people
    at the rally, 12 were injured" ("of" on the verb, not on a figure)."""
    of = noun.head
    return noun.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ in {"VERB", "AUX"}


# Nouns that stand for the one counted before them: "12 people were killed and 40 others
# injured".
_STAND_INS = frozenset({"other", "others", "more"})
_PEOPLE = frozenset({"people", "person"})


def _elided_count(
    figure: Token, stand_in: Token | None, question: Question, sentence: Doc, around: _Around
) -> Binding | None:
    """ "killing 38 people and injuring more than 200", "Twelve people were killed and 40
    (others) injured": a bare figure, or one counting "others", that is what the verb asked
    about is done to counts the noun the sentence names beside it ("more than 200" injured
    people). A subject counts so only for a verb without an object ("40 injured", parsed as
    its subject; "40 fled" does not count the killed), and not in a clause of another time
    ("the deadliest since 2015, when 30 died")."""
    if not question.counted or (stand_in is not None and question.counted not in _PEOPLE):
        return None  # "Three children were killed and 40 others injured": others, not children
    counted = stand_in or figure  # the word the verb governs
    verb = counted.head
    if verb.pos_ != "VERB" or not any(same_harm(p, _lemma(verb)) for p in question.predicates):
        return None
    undergoes = counted.dep_ in {"dobj", "nsubjpass"} or (
        counted.dep_ == "nsubj" and not any(c.dep_ == "dobj" for c in verb.children)
    )
    if not undergoes or _of_another_time(verb, question):
        return None
    if not any(
        t.pos_ == "NOUN" and t.i != counted.i and around.same_noun(question.counted, _lemma(t))
        for t in sentence
    ):
        return None
    span = _number_span(figure)
    detail = f"{span.text} is what {verb.text!r} counts, of the {question.counted} named"
    return Binding(span.text, span.text, "lead.count", detail)


# Words that point a date at another time than the report's: "last month", "two years ago".
_OTHER_TIME = frozenset({"last", "ago", "earlier", "previous", "before"})


def _of_another_time(verb: Token, question: Question, *, dated: bool = True) -> bool:
    """Whether a verb's clause is set at another time than the question's: a "when" clause
    after a time ("since 1987, when 14 people died"; with `dated`, any "when" clause), or
    (`dated`) a date of the verb's own that points back and that the question does not give
    ("in a raid last month 40 died", "in 2019"; not one inside its subject: "The floods, the
    worst since 2010, killed 12 people")."""
    if any(c.lower_ == "when" for c in verb.children) and (dated or verb.dep_ == "relcl"):
        return True
    return dated and any(
        t.ent_type_ == "DATE"
        and t.lower_ not in question.words
        and (t.lower_ in _OTHER_TIME or _holds_year(t.doc[t.i : t.i + 1]))
        for child in verb.children
        if child.dep_ in _WHEN_DEPS
        for t in child.subtree
    )


# Verbs of wanting something done: their figure is what someone asks for, not what happened
# ("demanded a recount at 312 polling stations", "is seeking a 12% rise").
_WANTING = frozenset("demand request seek propose urge want petition lobby".split())


def _only_wanted(noun: Token, question: Question) -> bool:
    """Whether the counted noun is what a verb of wanting asks for ("The union has demanded a
    recount at 312 polling stations"), while the question asks what was done, not wanted."""
    return any(
        a.pos_ == "VERB" and _lemma(a) in _WANTING and _lemma(a) not in question.events
        for a in _ancestors(noun)
    )


def _time_closer_to_another(
    figure: Token, question: Question, sentence: Doc, same_noun: SameNoun
) -> bool:
    """Whether every mention of the time or year the question asks about belongs to another
    figure of the same thing (one counting the same noun, or none), by the parse: "at least
    212 people had died ... so far this year, compared with 164 in the same period of 2025"
    gives 164 for 2025 ("2025" hangs on "164"), not 212; "690 people died in 2025, up from 164
    in 2024" gives 690 for it."""
    mentions = [
        sentence[span.start] for span in _said_at(question.times | question.years, sentence)
    ]
    if not mentions:
        return False
    own = {t.i for t in _number_span(figure)}

    def rival(token: Token) -> bool:
        if not token.like_num or token.i in own or YEAR.fullmatch(token.text):
            return False
        if token.ent_type_ == "ORDINAL" or ordinal_place(token) is not None:
            return False  # "a third-place finish" counts nothing
        noun = _counted_by(token)
        return noun is None or same_noun(question.counted or "", _lemma(noun))

    def belongs_to_rival(mention: Token) -> bool:
        for above in _ancestors(mention, len(sentence)):
            if above.i in own:
                return False
            if rival(above):
                return True
        return False

    return all(belongs_to_rival(m) for m in mentions)


def _said_at(times: frozenset[str], sentence: Doc) -> list[range]:
    """Where the sentence says each of the times (lower case, as the question words them:
    "last year", "monday", "2025"), as token ranges."""
    return [
        range(start, start + len(time.split()))
        for time in times
        for start in range(len(sentence))
        if " ".join(t.lower_ for t in sentence[start : start + len(time.split())]) == time
    ]


_SEPARATE_CLAUSES = (_SUBORDINATE - {"advcl", "xcomp"}) | {"pcomp"}


def _time_said_elsewhere(verb: Token, question: Question, sentence: Doc) -> bool:
    """Whether the sentence says a time the question asks about ("on Monday", "last year") only
    outside the figure's clause: "The airline cancelled 210 flights on Sunday and expects to
    cancel more on Monday" gives no Monday figure; "plans to cut 900 jobs, after cutting 450
    jobs last year" gives 450 for last year, not 900. A time at the end of coordinated verbs
    is theirs alike ("scored 17 goals and provided 9 assists ... last season"), unless the
    figure's verb has a date of its own."""
    said = _said_at(question.times, sentence)
    if not said:
        return False

    def clause(head: Token) -> set[int]:
        # Adverbial and infinitive clauses are the verb's own event ("died trying to reach
        # Marrenland in 2025"); a clause after a preposition is not ("after cutting 450 jobs").
        return {t.i for t in _without_clauses(head, _SEPARATE_CLAUSES)}

    own = clause(verb)
    if any(all(i in own for i in span) for span in said):
        return False
    if any(
        sentence[i].ent_type_ == "DATE" and sentence[i].lower_ not in question.words for i in own
    ):
        return True  # "on Sunday": the figure's own time
    shared = set().union(*(clause(c) for c in verb.conjuncts))
    return not any(all(i in shared for i in span) for span in said)


# A verb's dependents that may say when: "in 2019", "last month", "two years ago".
_WHEN_DEPS = frozenset({"prep", "npadvmod", "advmod", "tmod"})


def _says_asked_harm(question: Question, sentence: Doc) -> bool:
    """Whether the sentence says the harm the question asks about (a word of its family:
    "died", "killed", "deaths", "death toll", "injured", "hurt"), if it asks about one."""
    asked = _asked_harms(question)
    return not asked or any(same_harm(a, _lemma(t)) for a in asked for t in sentence)


def says_another_harm(question: Question, sentence: Doc) -> bool:
    """Whether the question asks about a harm ("injured") and the sentence says only others
    ("killing 12 people"): a lede that says the day asked of but counts the killed says
    nothing of how many were injured that day (`lead.counting-first`)."""
    return (
        bool(_asked_harms(question))
        and any(_lemma(t) in family for t in sentence for family in HARM_FAMILIES)
        and not _says_asked_harm(question, sentence)
    )


def _asked_harms(question: Question) -> frozenset[str]:
    """The question's verbs that name a harm ("died", "injured"), which its answer must say."""
    return frozenset(p for p in question.predicates if any(p in family for family in HARM_FAMILIES))


def _counted_for_another_verb(noun: Token, question: Question, sentence: Doc) -> bool:
    """Whether the counted noun hangs on another verb than the one asked about while the
    sentence gives the asked one a count of its own: then this count is the other verb's.
    The asked verb may be said as a noun: "sent 31 people to hospital and forced the
    evacuation of about 2,400 residents" evacuated the residents."""
    above = list(_ancestors(noun, len(sentence)))
    verb = next((a for a in above if a.pos_ == "VERB"), None)
    if verb is None or _lemma(verb) in question.predicates:
        return False
    governing = {a.i for a in above}  # "promised to build 3,000 homes": promised governs it
    return any(
        (
            (t.pos_ == "VERB" and _lemma(t) in question.predicates)
            or (
                t.pos_ == "NOUN"
                and any(in_any_form(p, t) for p in question.predicates if p not in LIGHT_VERBS)
            )
        )
        and t.head.i != noun.i  # "412 confirmed cases": the asked verb on the noun itself
        and t.i not in governing
        # with a count of its own ("injuring more than 200"), not a background clause ("when
        # the ferry ran aground")
        and any(c.like_num for c in t.subtree)
        for t in sentence
    )


def _done_in_another_event(noun: Token, question: Question, sentence: Doc) -> bool:
    """Whether the counted noun is the subject or object of a verb of another harm than the
    one asked about ("The blast injured 40 people" counts no one killed; "killed 12" no one
    hurt), unless the sentence says the asked harm of that noun as well. Only harms are told
    apart: another verb is as often the asked one in other words ("represents 1,300
    growers" for members, "11 riders fell" for went down)."""
    asked = _asked_harms(question)
    verb = noun.head
    if not asked or noun.dep_ not in {"nsubj", "nsubjpass", "dobj"} or verb.pos_ != "VERB":
        return False
    found = _lemma(verb)
    if not any(found in family for family in HARM_FAMILIES):
        return False
    if any(same_harm(a, found) for a in asked):
        return False
    # The asked harm said of this noun too: a verb joined to its verb with no one of its own
    # that the harm befell ("killed or injured 40 people"), or a participle on the noun ("40
    # people injured"). "Killed 12 people and left 40 others injured", "and several others
    # died", "40 people, 12 of whom later died" say it of others.
    shared = [c for c in verb.conjuncts if not any(_harmed(t) for t in c.children)]
    described = [c for c in noun.children if c.dep_ in {"acl", "amod"}]
    return not any(same_harm(a, _lemma(t)) for a in asked for t in [*shared, *described])


# Harm verbs whose subject is the one harmed ("several others died").
_UNDERGONE = frozenset({"die", "perish"})


def _harmed(token: Token) -> bool:
    """Whether a verb's dependent names whom the verb's harm befell: its object, a passive
    subject, or the subject of a verb like "die" or of a participle with no object ("and
    dozens injured", which the parse reads as active)."""
    verb = token.head
    return token.dep_ in {"dobj", "nsubjpass"} or (
        token.dep_ == "nsubj"
        and (
            _lemma(verb) in _UNDERGONE
            or (verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children))
        )
    )


_DEATH_VERBS = frozenset({"die", "kill"})


def _death_toll(question: Question, sentence: Doc) -> Binding | None:
    """ "How many people died in the earthquake?" -> "61" in "The death toll from the
    earthquake has risen to 61": a death toll counts the dead. Its figure is what the toll
    rose to, stands at or is, never what it rose from; the sentence is about the same event."""
    if question.counted not in {"people", "person"} or not question.events & _DEATH_VERBS:
        return None
    others = question.events - _DEATH_VERBS
    if others and not others & {_lemma(t) for t in sentence}:
        return None
    for toll in sentence:
        if _lemma(toll) != "toll" or not any(_lemma(c) == "death" for c in toll.children):
            continue
        verb = toll.head  # "the toll has risen to 61", "is 61", "put the toll at 61"
        for token in verb.subtree:
            if not token.like_num or token.text in question.numbers:
                continue
            through = token.head.lower_ in {"to", "at"} and token.head.head.i == verb.i
            if through or (token.dep_ == "attr" and token.head.i == verb.i):
                figure = _number_span(token)
                detail = f"{figure.text} is the death toll"
                return Binding(figure.text, figure.text, "lead.count", detail)
    return None


def _sums(sentence: Doc) -> list[Span]:
    """Sums of money: the recogniser's MONEY entities, figures counting a currency ("41
    million euros", which it tags a plain number) and figures after a currency sign ("£4.5bn",
    which it may not tag at all)."""
    sums = [_with_currency(e) for e in sentence.ents if e.label_ == "MONEY"]
    taken = {i for e in sums for i in range(e.start, e.end)}
    for token in sentence:
        if token.i in taken:
            continue
        if token.tag_ == "$" and sentence[token.i + 1 : token.i + 2].text[:1].isdigit():
            figure = _with_currency(_number_span(sentence[token.i + 1]))
            sums.append(figure)
            taken.update(range(figure.start, figure.end))
            continue
        if not token.like_num:
            continue
        noun = _counted_by(token)
        if noun is not None and _lemma(noun) in _CURRENCIES and noun.i > token.i:
            figure = _number_span(token)
            sums.append(sentence[figure.start : noun.i + 1])
            taken.update(range(figure.start, noun.i + 1))
    return sums


# Not "m" alone: "a 400 m stretch" is metres ("€300m" has its sign, `_sums`).
_LARGE = frozenset({"million", "billion", "trillion", "bn", "mn", "crore", "lakh"})


def gives_a_sum(sentence: Doc, asked: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence gives any sum of money (`_sums`, or a figure before a currency
    word the parse does not tie to it: "4,500 zloty"), a figure in millions, billions or
    crores of anything but people or time (a currency the recogniser does not know: "410
    million marens"), a share ("9.4 percent": how much more a ticket costs), or a figure in
    the phrase of a word of money the question asks by (`asked`, its forms and lemmas: "a
    limit on cash withdrawals of 2,000 carnas" for "How much cash ...?"; the tagger makes
    "fined" "fin"). Not whose it is (the binders read that), only that a sum may be there
    to read."""
    if _sums(sentence) or any(e.label_ == "PERCENT" for e in sentence.ents):
        return True
    # "R1.2 million", "A$18.42": a figure may share its token with a currency's letters. Not
    # a year, a date ("paid the fine on 3 March"), an age ("fined Brekke, 58, for contempt"),
    # nor a count of people or time ("1.2 million people", "two weeks' wages").
    figures = [
        t
        for t in sentence
        if any(c.isdigit() for c in t.text)
        and not YEAR.fullmatch(t.text)
        and not _counts_people_or_time(t)
    ]
    after = [sentence[t.i + 1] for t in figures if t.i + 1 < len(sentence)]
    if any(w.lower_ in _LARGE or _lemma(w) in _CURRENCIES for w in after):
        return True
    # The figure must be in the money word's phrase ("fined Brekke 30,000 dukats", "cash
    # withdrawals of 2,000 carnas"), not elsewhere in its sentence ("27 rejected applicants
    # filed a claim for damages").
    plain = {t for t in figures if t.ent_type_ not in {"DATE", "TIME"} and not _an_age(t)}
    for word in sentence:
        if word.lower_ not in asked and _lemma(word) not in asked:
            continue
        if any(t in plain for t in _phrase_of(word).subtree):
            return True
    return False


def _an_age(figure: Token) -> bool:
    """A number between commas after a name, news style: "Jonas Brekke, 58,"."""
    doc = figure.doc
    return (
        figure.i >= 2
        and figure.i + 1 < len(doc)
        and doc[figure.i - 1].text == ","
        and doc[figure.i + 1].text == ","
        and doc[figure.i - 2].pos_ == "PROPN"
    )


def _phrase_of(word: Token) -> Token:
    """The head of the phrase a word of money is in: the noun it modifies ("cash
    withdrawals"), the noun a preposition's phrase hangs on ("a limit on cash withdrawals"),
    and the verb of a subject ("The limit on cash withdrawals is 2,000 carnas")."""
    node = word.head if word.dep_ in {"compound", "amod"} else word
    while (
        node.dep_ == "pobj"
        and node.head.dep_ == "prep"
        and node.head.head.pos_ in {"NOUN", "PROPN"}
    ):
        node = node.head.head
    return node.head if node.dep_ in {"nsubj", "nsubjpass"} else node


def _counts_people_or_time(figure: Token) -> bool:
    """Whether a figure counts people or time ("27 rejected applicants", "two weeks'"), by
    the noun the parse ties it to, or the word after it."""
    doc = figure.doc
    nouns = [_counted_by(figure), doc[figure.i + 1] if figure.i + 1 < len(doc) else None]
    return any(n is not None and _lemma(n) in _PEOPLE_NOUNS | _DURATION_UNITS for n in nouns)


def _with_currency(entity: Span) -> Span:
    """ "between 28 million and 34 million euros", which the recogniser tags without its
    currency, or "€300m" tagged "300": the sum with the currency word or sign beside it, and
    the magnitude written onto it (300 is not 300 million)."""
    doc = entity.doc
    start, end = entity.start, entity.end
    if start > 0 and doc[start - 1].tag_ == "$":
        start -= 1
    if end < len(doc) and not doc[end - 1].whitespace_ and doc[end].lower_ in _MAGNITUDES:
        end += 1
    if end < len(doc) and _lemma(doc[end]) in _CURRENCIES:
        end += 1
    return doc[start:end]


# Magnitudes written onto a figure: "€300m", "$40M", "£1.2bn".
_MAGNITUDES = frozenset({"k", "m", "mn", "mln", "b", "bn", "tn"})


def _amount(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.amount: a sum of money in the clause of the thing asked about.

    At least half of the words naming the thing (not the price words, not names, which the
    report's context gives) must be in that clause: a ferry's return ticket does not price a
    single tram ticket.
    """
    thing = question.events - _PRICE_WORDS - question.names
    # "How much will the merger save each year?" is not answered by a reform's savings "a
    # year": a noun naming the thing (not a word of time) is in the sentence or its headline.
    nouns = question.nouns - _PRICE_WORDS - _MONEY_NOUNS - _TIME_WORDS - _CHANGE_VERBS
    said = {_lemma(t) for t in sentence} | _words(around.headline)
    if nouns and not nouns & said:
        return None
    needed = max(1, -(-len(thing) // 2)) if thing else 1
    wanted = thing or question.names
    best: tuple[int, Span] | None = None
    for entity in _sums(sentence):
        if _in_question(question, entity) or _moved_to(question, entity):
            continue
        overlap = len(_clause_lemmas(entity.root) & wanted)
        if overlap >= needed and (best is None or overlap > best[0]):
            best = (overlap, entity)
    if best is None:
        return None
    entity = best[1]
    return Binding(
        entity.text, entity.text, "lead.amount", f"{entity.text} is in the clause about it"
    )


_CHANGE_ENTITIES = frozenset({"PERCENT", "MONEY", "QUANTITY"})


def _change(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.change: "How much did Vireo shares rise?" -> "9 percent" in "Shares in Vireo
    rose 9 percent": the size of the move (the verb's own figure, or "by" one) of a verb whose
    subject is what the question names; never the level it moved to ("to 4.6 billion")."""
    # Unless "how much" asks the move, it is the question's verb, subject or focus: "the
    # price before the rise" asks a price, which no size of the rise gives.
    focus = {question.focus} if question.focus else set()
    said = question.events if question.moved else question.predicates | focus
    asked = said & _CHANGE_VERBS
    for verb in sentence:
        if verb.pos_ != "VERB":
            continue
        # "How much did Flitway shares rise?": "jumped" moves the same way ("fell" does not).
        if _lemma(verb) not in asked and not (
            question.moving and direction(verb) == question.moving
        ):
            continue
        if not _moves_the_thing(question, verb):
            continue  # "Revenue rose 21 percent" says nothing of the shares
        for entity in sentence.ents:
            if entity.label_ not in _CHANGE_ENTITIES:
                continue
            root = entity.root
            by = root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head.i == verb.i
            if by or (root.dep_ in {"npadvmod", "dobj"} and root.head.i == verb.i):
                detail = f"{entity.text} is how much {verb.text!r} moved"
                return Binding(entity.text, entity.text, "lead.change", detail)
    return None


def _moves_the_thing(question: Question, verb: Token) -> bool:
    """Whether the verb's subject is what the question asks about the move of: its noun
    ("shares"), else its name ("How much did Vireo rise?"); not when the subject names
    another ("Corvelle shares" for Flitway's)."""
    things = (question.nouns - _CHANGE_VERBS) or question.names
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if _another_name(question, subjects):
        return False  # "Corvelle shares fell" is not how far Flitway shares fell
    return not things or any(
        _lemma(t) in things or t.lower_ in things for s in subjects for t in s.subtree
    )


# How a figure `held_still` moves: neither the way asked nor the other.
_STILL = "nowhere"


def _still_of_the_asked(question: Question, verb: Token) -> bool:
    """Whether what `held_still` says stayed where it was is the figure the question asks
    about, then: the verb's subject, or what it keeps, leaves or holds ("left its main rate
    unchanged"); the question's noun (or what a pronoun stands for), with every word that
    says which one of it the question's own ("Clothing sales were flat" says nothing of food
    sales, nor of sales as a whole; "Core inflation was unchanged" nothing of inflation); not
    a rate of change ("GDP growth was unchanged at 0.4 percent" says GDP grew); at the time
    the question asks ("kept rates unchanged in March" says nothing of May, "fares were
    frozen this year" nothing of next year, nor of whether they will rise)."""
    if _of_another_time(verb, question) or not _at_the_asked_time(question, verb):
        return False
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    kept = _lemma(verb) in {"keep", "leave", "hold", "freeze"}
    asked = question.arguments | question.nouns
    qualified = dict(question.argument_qualifiers)
    said = set(tokenize(question.text))
    for figure in objects if kept and objects else subjects:
        names = {_lemma(figure)} | (
            _antecedents(verb) if figure.lower_ in _SUBJECT_PRONOUNS else set()
        )
        if names & _RATES_OF_CHANGE and not names & asked:
            return False
        noun = next((n for n in names if n in asked), None)
        if noun is None:
            continue
        if any(t.lower_ in _LEAVING_OUT for t in figure.subtree) or _owned_by_another(
            question, figure, verb
        ):
            return False  # "Inflation excluding energy was stable", a rival's "its sales"
        which = _which_one(figure)
        wanted = qualified.get(noun, frozenset())
        return which <= said and (not wanted or bool(which & wanted))
    return False


def _which_one(noun: Token, *, names_only: bool = False) -> set[str]:
    """The words that say which one of a noun is meant: before it ("clothing sales", "core
    inflation", "off-peak fares": "off" hangs on "peak") and in a phrase after it ("rents for
    family houses", "spending on housing", "the main rate of income tax"); with `names_only`,
    the proper nouns among them ("shares in Daran Air")."""
    return {
        w.lower_
        for m in noun.children
        # Not an adjective after it, which says how it is: "left its rate unchanged".
        if (m.dep_ in {"compound", "amod", "nmod"} and m.i < noun.i)
        or (m.dep_ == "prep" and m.lower_ in _WHICH_PREPOSITIONS)
        for w in m.subtree
        if w.i != m.i or m.dep_ != "prep"
        if w.pos_ not in {"DET", "NUM", "PRON", "PUNCT"} and (not names_only or w.pos_ == "PROPN")
    }


# Prepositions whose phrase says which one of a figure: "rents for family houses".
_WHICH_PREPOSITIONS = frozenset({"for", "in", "on", "of"})


def _moved_another_one(question: Question, verb: Token) -> bool:
    """Whether the figure a verb moves is another one than the question's, told apart by
    words of its own that the question does not say (`_which_one`): of a noun the question
    qualifies ("Clothing sales fell" for "Did food sales rise?"), or beside one the sentence
    says as the question does ("Off-peak fares will fall, while peak fares will rise"; "cut
    the main rate, but raised the top rate")."""
    qualified = dict(question.argument_qualifiers)
    said = set(tokenize(question.text))
    for figure in (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}):
        if _owned_by_another(question, figure, verb):
            return True  # "Rival Brenner Group said that its clothing sales rose"
        which, lemma = _which_one(figure), _lemma(figure)
        if which <= said:
            continue
        if lemma in qualified and not which & qualified[lemma]:
            return True  # "clothing sales" for food sales ("benchmark interest rate" is one)
        # The same noun, however tagged: "while spending on housing" may be read as a verb.
        others = [
            t
            for t in verb.doc
            if t.i != figure.i and (_lemma(t) == lemma or t.lower_ == figure.lower_)
        ]
        if any(_which_one(t) <= said for t in others):
            return True
        # "Shares in Daran Petrol slid, while shares in the national carrier Daran Air ...":
        # told apart by their names.
        if not _which_one(figure, names_only=True) <= said and any(
            (names := _which_one(t, names_only=True)) and names <= said for t in others
        ):
            return True
    return False


def _at_the_asked_time(question: Question, verb: Token) -> bool:
    """Whether the verb's clause is set when the question asks: a time the question gives
    ("in May", "next year", "in 2025") is the clause's own too, and a question about what
    will happen is not answered by what was ("Fares were frozen" for "Will fares rise?"),
    nor one about what happened by what will."""
    # Not the question's verb: "How much did sales fall?" asks no autumn.
    named = question.words - question.predicates - question.events
    asked = {w for w in named if w in _TIMES or YEAR.fullmatch(w)}
    own = {
        t.lower_ for c in verb.children if c.dep_ in _WHEN_DEPS | {"npadvmod"} for t in c.subtree
    }
    if not asked <= own:
        return False
    opening = _opening_word(question)
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    coming = bool(auxiliaries & {"will", "'ll", "would"})
    past = not coming and (verb.tag_ == "VBD" or bool(auxiliaries & {"was", "were", "had", "did"}))
    if opening == "will":
        return not past
    return not (opening in {"did", "was", "were", "had"} and coming)


def _opening_word(question: Question) -> str:
    """The question's first word, lower case ("will", "did"): the tense it asks in."""
    return question.text.split(maxsplit=1)[0].lower() if question.text.strip() else ""


# Words that say a figure is of only part of the thing: "inflation excluding energy".
_LEAVING_OUT = frozenset({"excluding", "except", "ex"})
# Nouns of a figure's move: one held still says the figure kept moving.
_RATES_OF_CHANGE = _CHANGE_VERBS | frozenset("growth pace momentum inflation".split())


def moved_the_other_way(question: Question, sentence: Doc) -> str | None:
    """rule refuse.other-way: "How much did the Kelland mark gain?" when "The Kelland mark
    fell 0.6%": the sentence plainly says the thing asked about moved the other way, so the
    question's premise is false. Why, or None."""
    if not question.moved or question.moving is None:
        return None
    for verb in sentence:
        # "How much will off-peak fares rise?": "off-peak fares will be frozen" (`held_still`).
        still = held_still(verb)
        if still is not None and not _still_of_the_asked(question, verb):
            continue  # "while clothing sales were flat" says nothing of food sales
        way = _STILL if still is not None else direction(verb) if verb.pos_ == "VERB" else None
        if way is None or way == question.moving or negated(verb) or hedged(verb) or guessed(verb):
            continue
        if _of_another_time(verb, question):
            continue  # "The stock had fallen 22% last year": not how it moved on Monday
        # The mover itself, not a word of its clauses: "Water levels on the river, which
        # flows across the plain, have fallen" says nothing of the plain's population.
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        movers = {word for c in subjects for word in (_lemma(c), c.lower_)}
        if _another_name(question, subjects):
            continue  # "while Corvelle shares fell" says nothing of Flitway's
        if movers & ((question.nouns - _CHANGE_VERBS) | question.names):
            asked = question.moving
            moved = f"{verb.text!r} moves {way}"
            moves = moved if still is None else f"{still.text!r} says it stayed where it was"
            return f"{moves}; the question asks how much it went {asked}"
    return None


def _another_name(question: Question, phrases: Sequence[Token]) -> bool:
    """Whether the phrases name someone or something and none of it is a name the question
    gives ("Corvelle shares" for a question about Flitway's)."""
    names = {t.lower_ for p in phrases for t in p.subtree if t.pos_ == "PROPN"}
    return bool(names and question.names and not names & question.names)


def _moved_to(question: Question, entity: Span) -> bool:
    """ "rose 21 percent to 4.6 billion dollars": the level a figure moved to or from is not how
    much it moved, which a "How much did it rise?" question asks."""
    root = entity.root
    return (
        bool(question.events & _CHANGE_VERBS)
        and root.dep_ == "pobj"
        and root.head.lower_ in {"to", "from"}
        and _lemma(root.head.head) in _CHANGE_VERBS
    )


def _change_or_amount(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    return _change(question, sentence, around) or _amount(question, sentence, around)


def _clause_lemmas(token: Token) -> set[str]:
    """Lemmas of the clause a token sits in: up to its verb, and that verb's arguments."""
    verb = next((a for a in [token, *_ancestors(token)] if a.pos_ in {"VERB", "AUX"}), None)
    head = verb if verb is not None else token.sent.root
    # The clause's own words, not those of clauses inside it.
    lemmas = {_lemma(t) for t in _without_clauses(head, _SUBORDINATE)}
    lemmas.update(_lemma(a) for a in _ancestors(token))
    return lemmas


def _date(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.date: a date whose place in the parse is on the event asked about, and not the
    baseline of a comparison ("the strongest storm to hit the coast since 2011" does not say
    when this storm hit); a time of day for "what time"."""
    if not _same_thing(question, sentence, around):
        return None
    dated: list[tuple[int, Span, Token]] = []
    # "What time did the leak start?" asks a time ("around 4:40 a.m."), not the day.
    label = "TIME" if question.clock else "DATE"
    for entity in sentence.ents:
        if entity.label_ != label or _in_question(question, entity) or _baseline(entity):
            continue
        if _compared_with(entity):
            continue  # "compared with 6.4 percent two years ago": when the baseline held
        if label == "DATE" and _duration(entity):
            continue  # "construction taking about four years" says how long, not when
        if label == "DATE" and not _reads_as_date(entity):
            continue  # "struck Marrow province", which the recogniser tags a date
        if label == "TIME" and not _CLOCK.search(entity.text):
            continue  # "three hours after the explosion" is a duration, not a time of day
        if entity.root.dep_ == "poss":
            continue  # "a place in next season's Champions Trophy" says which trophy
        if _any_such_day(entity):
            continue  # "on a Sunday in May 1998" names no day; the date after it does
        if entity.root.dep_ in {"compound", "amod"} and entity.root.lower_ in _TIME_WORDS:
            continue  # "the lake's summer regatta" says which regatta, not when
        verb = _dated_verb(entity)
        if verb is not None:
            event = verb if _event(verb) & question.predicates else None
        else:
            event = _bound_to_event(entity.root, question.predicates)
            if event is not None and _dates_a_complement(question, entity, event):
                event = None  # "could expect to return home on Saturday" dates the return
            if event is not None and _inside_object(entity, event):
                event = None  # "cut its forecast for growth next year": the growth's year
        if event is not None and _named_another_doer(question, event):
            continue  # "Hurricane Bruno in 2019 made landfall" is not when Ysolde did
        if event is not None and _an_earlier_one(question, event):
            continue  # "The last major strike at Saltmarsh, in 2011" is not this strike
        if event is not None and question.earlier and _this_one(event, entity):
            continue  # "won the national cup on Sunday" is not when it last won before
        if event is not None and _another_object(question, event, around):
            continue  # "approved the trial in 2024, and the vaccine last week": not the trial
        if (
            event is not None
            and question.words & _PAST_AUXILIARIES
            and (
                guessed(event)
                or _only_planned(event, question)
                or (question.words & _DEED_AUXILIARIES and _said_to_come(event))
            )
        ):
            continue  # "could make his debut on Aug. 15" is no date he made it
        if event is not None and _asks_ahead(question) and _said_done(event):
            continue  # "met both sides separately on Monday" is not when he will meet them
        event = _scheduled(entity, question.predicates) or event or _phase_of(question, entity)
        if (
            event is not None
            and question.phased
            and _lemma(event) in PHASES
            and not _phase_said(question, event)
        ):
            continue  # "as pilots began a strike ..." dates no start of the talks
        if event is not None and _former_plan(event) and not question.words & _PAST_AUXILIARIES:
            continue  # "was originally scheduled to open in 2025" is not when it will now
        if event is not None:
            dated.append((_hops(entity.root, event) + _of_the_object(entity, event), entity, event))
    if not dated:
        return None
    # "present its budget for 2027 in September": both dates may hang on "present", but "for
    # 2027" says which budget; the date nearest the event in the parse, and not the object's,
    # dates it.
    _, entity, event = min(dated, key=lambda d: d[0])
    quoted = value = _with_day(entity)
    bound = entity.root.head
    if entity.root.dep_ == "pobj" and bound.lower_ in _BOUNDING and bound.i == entity.start - 1:
        # "by 2030" is a deadline, not the day; "is not expected to be finished before 2032"
        # says "not before 2032", the opposite of "before 2032".
        denied = any(negated(v) for v in [event, *_ancestors(event, 2)])
        value = f"{'not ' if denied else ''}{bound.text} {quoted}"
    return Binding(value, quoted, "lead.date", f"{value} dates {event.text!r}")


# Adjectives that make a noun an earlier one of its kind: "the last major strike", "the
# previous record", "an earlier outbreak".
_EARLIER = frozenset("last previous earlier prior former".split())


def _an_earlier_one(question: Question, event: Token) -> bool:
    """Whether the event (a noun, or a verb's subject) is said to be an earlier one of its
    kind ("The last major strike at Saltmarsh, in 2011, lasted 23 days"), which the question
    does not ask about ("When did the Saltmarsh port strike start?")."""
    return bool(_earlier_marks(event) - question.words)


def _earlier_marks(event: Token) -> set[str]:
    """The adjectives that make the event, or its verb's subject, an earlier one ("the last
    major strike", "its previous eruption")."""
    nouns = [event] if event.pos_ == "NOUN" else []
    nouns += [c for c in event.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "NOUN"]
    return {c.lower_ for n in nouns for c in n.children if c.dep_ == "amod"} & _EARLIER


def _this_one(event: Token, entity: Span) -> bool:
    """Whether a date is the reported event's own, for a question that asks when an earlier
    one was ("When did Halden United last win the cup before this final?"): a day of the week
    or "today" dates the news ("won the national cup on Sunday"; "on Thursday, March 3" too),
    unless a year goes with it, the event is said to be an earlier one ("which previously
    erupted on a Sunday", "its previous eruption"; not "earlier on Tuesday", the same day), or
    the date is the one since which it has not happened ("have not won a major trophy since
    lifting the FA Cup on Sunday, May 10, 1998"). A year or a month may be an earlier one's
    ("expelled two diplomats in 2021")."""
    if not any(t.lower_ in _REPORTED_DAYS for t in entity) or _with_a_year(entity):
        return False
    return not (
        _earlier_marks(event)
        or any(_marks_earlier(c) for c in event.children)
        or any(a.lower_ == "since" for a in _ancestors(entity.root))
    )


_REPORTED_DAYS = frozenset(WEEKDAYS) | {"today", "yesterday", "tonight"}
# Words after "earlier" that keep it the same day: "earlier on Tuesday", "earlier today".
_SAME_DAY_AFTER = frozenset({"on", "today", "this", "that", "in"})


def _marks_earlier(token: Token) -> bool:
    """ "last defaulted", "previously erupted": an adverb that puts the event before the news;
    not "earlier on Tuesday", which is earlier the same day."""
    if token.dep_ != "advmod" or token.lower_ not in EARLIER_ADVERBS:
        return False
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return token.lower_ != "earlier" or following is None or following.lower_ not in _SAME_DAY_AFTER


def _with_a_year(entity: Span) -> bool:
    """Whether a weekday's date gives its year, in the entity or in one right after it that the
    recogniser split off ("Sunday, May 10, 1998"; not "on Sunday at 2030 local time")."""
    after = entity.doc[entity.end : min(entity.end + 3, len(entity.doc))]
    return _holds_year(entity) or any(
        t.ent_type_ == "DATE" and YEAR.fullmatch(t.text) is not None for t in after
    )


def _any_such_day(entity: Span) -> bool:
    """ "on a Sunday", "one Monday": a weekday with "a" or "one" before it names no day (the
    recogniser splits "a Sunday in May 1998" so); not "at a 2019 rally", a dated thing."""
    words = [t.lower_ for t in entity if t.is_alpha]
    return (
        entity.start > 0
        and entity.doc[entity.start - 1].lower_ in {"a", "one"}
        and bool(words)
        and all(w in WEEKDAYS for w in words)
    )


# Prepositions that make a date a bound, which the lead keeps: "by 2030", "before May".
_BOUNDING = frozenset({"before", "after", "by", "until", "till"})


# "was originally scheduled to open in 2025": the plan of before, not the one now.
_FORMERLY = frozenset({"originally", "initially"})
_PAST_AUXILIARIES = frozenset({"did", "was", "were", "had"})
# "When did it open?" asks for a deed done; "When was it (due to be) opened?" may ask for a
# date set, which a sentence in the future tense gives.
_DEED_AUXILIARIES = frozenset({"did", "had"})


def _only_planned(event: Token, question: Question) -> bool:
    """Whether the dated verb is only what was due, planned or expected ("trains were due to
    start running in 2027", "planned to open it in May"): no date it happened, unless the
    question asks for the plan ("When was the restoration due to finish?")."""
    verb = event
    for _ in range(4):
        if _lemma(verb) in _DUE | _WISHING:  # "is scheduled to open in 2027": the plan dated
            return verb.lower_ not in question.words and _lemma(verb) not in question.predicates
        if verb.dep_ not in {"xcomp", "ccomp"}:  # "expect the deal to close in 2026"
            return False
        verb = verb.head
    return False


def _said_to_come(event: Token) -> bool:
    """Whether the dated verb says what will be ("will go on display from spring 2028")."""
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUXILIARIES for c in event.children)


def _said_done(event: Token) -> bool:
    """Whether the dated verb says what was done, in the past tense or the perfect ("met",
    "was appointed", "has been here since 1968"), or as a participle describing a noun ("a
    branch, opened in February 2024,"), not what will or would be ("said it would open")."""
    return (
        event.tag_ == "VBD"
        or (
            event.tag_ == "VBN"
            and event.dep_ == "acl"
            and event.lower_ not in _PLAN_WORDS  # "The new runway, expected in 2029,"
            and not any(c.dep_ in {"aux", "auxpass"} for c in event.children)
        )
        or any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "VBD" for c in event.children)
        or (
            event.tag_ == "VBN"
            and any(c.dep_ == "aux" and c.lemma_ == "have" for c in event.children)
        )
    )


def _former_plan(event: Token) -> bool:
    """Whether the dated verb is said to be the plan of before ("was originally scheduled to
    open in 2025", "initially due to start"), which does not answer a question asked in the
    present or future ("When will the bridge open?"). The adverb says so, or the past perfect
    of the plan ("had been due to reopen on March 15", "had planned to open in May": a plan
    since overtaken); a plan reported in the past tense ("officials said they expected it to
    open in 2027") is as often the current one."""
    above = [event, *_ancestors(event, 3)]
    return (
        any(c.dep_ == "advmod" and c.lower_ in _FORMERLY for token in above for c in token.children)
        or any(
            (token.lower_ in _PLAN_WORDS or _lemma(token) in _PLAN_WORDS)
            # "had planned", "had been scheduled", "had been due": not a plan said now under
            # a verb in the past perfect ("had announced that it is expected to reopen")
            and (_with_had(token) or (_lemma(token.head) == "be" and _with_had(token.head)))
            for token in above[1:]
        )
        or _plan_of_a_past_year(event)
    )


def _with_had(verb: Token) -> bool:
    """Whether the verb is in the past perfect: "had planned", "had been"."""
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


# Words of a plan: "was due to", "had been scheduled to", "had planned to", "had hoped to".
_PLAN_WORDS = frozenset(
    "due schedule scheduled expect expected plan planned set intend intended hope hoped aim "
    "aimed".split()
)


def _plan_of_a_past_year(event: Token) -> bool:
    """Whether a past "when" clause with a year sets the dated verb's sentence at that time:
    "When parliament approved the tunnel in 2019, ... trains were due to start running in
    2027" tells the plan of 2019. A clause the verb is in ("When the line opens in 2027") or
    one in the present ("when it opens") sets nothing back."""
    above = [event, *_ancestors(event, len(event.doc))]
    return any(
        clause.dep_ == "advcl"
        and clause.tag_ == "VBD"
        and clause not in above
        and any(c.lower_ == "when" for c in clause.children)
        and any(t.ent_type_ == "DATE" and _holds_year(t.doc[t.i : t.i + 1]) for t in clause.subtree)
        for token in above
        for clause in token.children
    )


# A time of day: "4:40", "0740", "7 a.m.", "noon", "midnight", "six o'clock".
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{4}\b|\b[ap]\.?m\b|o'clock|\bnoon\b|\bmidnight\b", re.I
)


def _phase_of(question: Question, entity: Span) -> Token | None:
    """ "When did the leak start?" -> "The leak began at 4:40": the verb the date hangs on says
    the same phase (start, end) of the same subject as the question's."""
    verb = _verb_of(entity.root)
    if verb is None or _lemma(verb) not in PHASES:
        return None
    return verb if _phase_said(question, verb) else None


def _phase_said(question: Question, verb: Token) -> bool:
    """Whether a verb of a phase says the question's phase of the question's subject, or of
    the verb the question's phase verb governs ("When did the chlorine start leaking?": "The
    leak began at 4:40"): "pilots began a strike" does not say when the talks began."""
    subjects = {_lemma(c) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}}
    phase = PHASES[_lemma(verb)]
    asked = set(question.phased) | {(phase, p) for p in question.predicates}
    return bool({(phase, subject) for subject in subjects} & asked)


def _of_the_object(entity: Span, event: Token) -> int:
    """1 for a "for" date of a verb with an object ("present its budget for 2027"): it sets
    the object's date (see `_scheduled`), which the parse may hang on the verb; else 0."""
    root = entity.root
    if root.dep_ != "pobj" or root.head.lower_ != "for" or root.head.head.i != event.i:
        return 0
    return int(any(c.dep_ == "dobj" for c in event.children))


def _hops(token: Token, ancestor: Token) -> int:
    """How many steps up the parse `ancestor` is from `token` (beyond reach: a large number)."""
    for hops, above in enumerate(_ancestors(token, 8), start=1):
        if above.i == ancestor.i:
            return hops
    return 99


_TIME_WORDS = frozenset(
    """year month week day decade century weekend morning afternoon evening night spring summer
    autumn fall winter today yesterday tomorrow tonight season quarter hour""".split()
)
# Words of a time a question may ask a figure's stillness for ("in May", "next year").
_TIMES = frozenset(MONTHS) | frozenset(WEEKDAYS) | _TIME_WORDS | {"next", "last", "this"}


def _reads_as_date(entity: Span) -> bool:
    """A date entity with a year, a month, a weekday or a word of time in it: the small
    recogniser also tags place names ("Marrow province"), an age ("Dunmer, 66, died") and a
    league place ("finished 14th last season") as dates."""
    calendar = any(t.lower_.rstrip(".") in CALENDAR_WORDS for t in entity)
    if _ORDINAL.fullmatch(entity[0].text) and not calendar:
        return False  # "14th last season" is a place in a table, "the 3rd" no date alone
    return calendar or any(
        YEAR.match(t.text) or (t.like_num and len(t.text) == 4) or _lemma(t) in _TIME_WORDS
        for t in entity
    )


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)


def _same_thing(question: Question, sentence: Doc, around: _Around) -> bool:
    """Whether the sentence (or its headline) says some other word the question gives beside
    its verb: "When did the earthquake strike?" is not answered by "called a general strike
    for December 2", which says nothing of an earthquake."""
    others = question.events - question.predicates
    if not others:
        return True
    said = {_lemma(t) for t in sentence} | {t.lower_ for t in sentence}
    said |= _words(around.headline)
    return bool(others & said)


def _dated_verb(entity: Span) -> Token | None:
    """ "Unions announced a general strike on Monday": the parser may hang the date on the
    object, but a day after a verb's object dates the verb (the announcement), not the thing
    announced; only "for" sets the object's own date (`_scheduled`)."""
    prep = entity.root.head
    noun = prep.head
    if (
        entity.root.dep_ == "pobj"
        and prep.lower_ in {"on", "in", "at", "during"}
        and noun.dep_ == "dobj"
        and noun.head.pos_ == "VERB"
    ):
        return noun.head
    return None


def _scheduled(entity: Span, events: frozenset[str]) -> Token | None:
    """ "Unions called a general strike for December 2": a "for" date of a verb whose object is
    the event asked about is when that event is set for ("announced the strike on Monday" dates
    the announcement, not the strike)."""
    root = entity.root
    if root.dep_ != "pobj" or root.head.lower_ != "for":
        return None
    verb = root.head.head
    return next(
        (c for c in verb.children if c.dep_ == "dobj" and _event(c) & events),
        None,
    )


_RANKING_WORDS = frozenset({"first", "last", "only"})


def _baseline(entity: Span) -> bool:
    """ "the fastest rise since 2008", "for the first time since 2015": a date after "since"
    that a superlative or a ranking word measures against. "Closed since Monday" is no such
    thing: it dates the closure."""
    since = entity.root.head
    if entity.root.dep_ != "pobj" or since.lower_ != "since":
        return False
    return any(
        child.tag_ in {"JJS", "RBS"} or child.lower_ in _RANKING_WORDS
        for word in [since.head, *_ancestors(since.head, 2)]
        for child in word.children
    )


_DAY_OFFSETS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall"})
# "When is the library now expected to open?": what is planned now is still to come.
_PLANNED_NOW = frozenset({"expected", "due", "scheduled", "set", "planned"})


def _asks_ahead(question: Question) -> bool:
    """Whether the question asks when something will be: "will", or "is/are ... expected
    (due, scheduled) to"."""
    return bool(
        question.words & _FUTURE_AUXILIARIES
        or (question.words & {"is", "are"} and question.words & _PLANNED_NOW)
    )


def calendar_day(quoted: str, sentence: Doc, published: date | None) -> date | None:
    """The calendar day a weekday or "yesterday" lead stands for, counted from its report's
    publication day: "beat Carden on Saturday" in a report of Sunday 19 April 2026 is 18 April;
    "will face Holt on Saturday", the Saturday after. None when the tense does not say which
    way to count ("is on Friday" in a Friday report), or the lead is no such word."""
    words = quoted.casefold().split()
    if published is None or len(words) != 1:
        return None
    word = words[0]
    if word in _DAY_OFFSETS:
        return published + timedelta(days=_DAY_OFFSETS[word])
    if word not in WEEKDAYS:
        return None
    token = next((t for t in sentence if t.lower_ == word), None)
    back = (published.weekday() - WEEKDAYS.index(word)) % 7
    tense = _tense(token) if token is not None else None
    if tense == "future":
        return published + timedelta(days=7 - back) if back else None
    if tense == "past":
        return published - timedelta(days=back)
    return None


# Modals that leave a day's side of the report's date open.
_UNSURE_OF_WHEN = frozenset({"would", "could", "might", "should"})


def _tense(token: Token) -> str | None:
    """Past or future, by the first finite verb above the token ("after beating Carden on
    Saturday" takes the tense of "reached"); None for the present or no verb."""
    for verb in _ancestors(token, len(token.doc)):
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        if any(c.lower_ in _FUTURE_AUXILIARIES for c in verb.children):
            return "future"
        if any(c.dep_ == "aux" and c.lower_ in _UNSURE_OF_WHEN for c in verb.children):
            # "The league said it would open an inquiry on Monday": the Monday after the
            # saying, which may be before the report's day or after it.
            return None
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in verb.children):
            return "past"  # "scored", "was appointed", "had agreed"
        if verb.tag_ in {"VBZ", "VBP", "MD"}:
            return None
    return None


def _with_day(entity: Span) -> str:
    """ "0200 on Sunday", "noon on Friday": a time with the day the sentence gives it. The
    recogniser may take in the comma after a date ("on June 18, six weeks from now"), which
    is no part of it."""
    doc = entity.doc
    end = entity.end
    text = str(entity.text)
    if end + 1 < len(doc) and doc[end].lower_ in {"on", "at"}:
        for other in doc.ents:
            if other.start == end + 1 and other.label_ in {"DATE", "TIME"}:
                text = str(doc[entity.start : other.end].text)
    return text.rstrip(",;: ")


def _role(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.role: a person named with the role asked about ("Mayor Ingrid Solberg",
    "Olaf Brenner, the chief executive", "the mayor, Ingrid Solberg")."""
    if not names_present(question, sentence, around.headline, around.passage, settings=False):
        return None  # "the mayor of Port Lenwick": another town's mayor does not answer
    if question.role_scope and not question.role_scope & (
        {_lemma(t) for t in sentence} | _words(around.headline)
    ):
        return None  # "Deputy Mayor Ingrid Saal, who is responsible for the zoo": not transport
    name = role_holder(question, sentence)
    if name is not None:
        # "Deputy Mayor for Transport Anika Sorensen": the portfolio is no part of the name.
        words = name.split()
        while len(words) > 2 and words[0].casefold() in question.role_scope | set(question.role):
            words = words[1:]
        name = " ".join(words)
        role = " ".join(question.role)
        return Binding(name, name, "lead.role", f"{name} is named with the role {role!r}")
    return _role_done(question, sentence)


# A role asked by a word that names none in particular is held by the titles reports give:
# "Who is the boss of Valdorra Lifts?" by "chief executive", "Who is the head of Castellan?"
# by "chief executive" or "director".
_ROLE_ALTERNATIVES: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    ("boss",): (
        ("chief", "executive"),
        ("head",),
        ("chairman",),
        ("president",),
        ("director",),
        ("leader",),
    ),
    ("head",): (("chief", "executive"), ("director",), ("president",), ("chairman",), ("leader",)),
    ("leader",): (("head",), ("chairman",), ("president",)),
}


def role_holder(question: Question, sentence: Doc) -> str | None:
    """The person the sentence names with the role asked about, unless it says the role is
    another's by name; whether the sentence names the asked owner at all is `_role`'s check
    ("Chief executive Marta Ilvesson" names a chief executive, of some company). A role
    asked by a generic word ("boss", "head", "leader") is also held by its usual titles
    (`_ROLE_ALTERNATIVES`), the role asked tried first."""
    for role in (question.role, *_ROLE_ALTERNATIVES.get(question.role, ())):
        asked = question if role == question.role else replace(question, role=role)
        found = _holder_of(asked, sentence)
        if found is not None:
            return found
    return None


def _holder_of(question: Question, sentence: Doc) -> str | None:
    """`role_holder` for the question's own role words."""
    head_role = question.role[-1]
    for entity in [*sentence.ents, *_untagged_names(sentence, question.role)]:
        # "Harald Brisk, chief executive of ...", which the recogniser may tag ORG: the role
        # the parse attaches makes it a holder.
        if entity.label_ not in _AGENT_ENTITIES or entity.root.lower_ in question.names:
            continue
        linked = [*_role_tokens(entity), *_appos_of_phrase(entity)]
        if (
            head_role in {_lemma(t) for t in linked}
            and _same_title(question.role, linked)
            and not _another_rank(question.role, linked, past=bool(question.words & PAST_BE))
            and not _role_of_another(question, head_role, linked)
            and not _would_hold(linked)
        ):
            return _name_text(entity)
    return None


def _role_of_another(question: Question, head_role: str, linked: Sequence[Token]) -> bool:
    """Whether the role is said to be another's by name: "Corvelle's chief executive" or
    "Halden chief executive" when the question asks Flitway's (a role joined to another,
    "Flitway's founder and chief executive", is owned by that one's owner)."""
    if not question.names:
        return False
    for role in (t for t in linked if _lemma(t) == head_role):
        heads = [role, role.head] if role.dep_ == "conj" else [role]
        owners = (
            {
                t.lower_
                for head in heads
                for c in head.children
                if c.dep_ in {"poss", "compound", "amod"} and _owner_name(c)
                for t in c.subtree
                if _owner_name(t)
            }
            - set(question.role)
            - _TITLES
        )
        if not owners or owners <= question.words:
            continue  # its owner is one the question names ("Council leader", island council)
        # Each name giving a word the other lacks, they are two: "Bluewake Ferries" is not
        # Sound Ferries, though both say "Ferries"; "Dunmarrow" is Dunmarrow Coal.
        unmatched = {o for o in owners if not any(_one_name(o, n) for n in question.names)}
        unasked = {n for n in question.names if not any(_one_name(o, n) for o in owners)}
        if unmatched == owners or (unmatched and unasked):
            acronyms = {initials(name).casefold() for name in question.written_names}
            if not owners & acronyms:  # "BCC chief executive" is the Belgorian Coal Company's
                return True
    return False


def _one_name(first: str, second: str) -> bool:
    """Whether two names are one, or a place and its people's adjective ("Ombria" /
    "Ombrian", "Kovania" / "Kovanian"): the same beginning, five letters at least, and short
    endings."""
    shared = next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )
    return first == second or (shared >= 5 and max(len(first), len(second)) - shared <= 3)


def _owner_name(token: Token) -> bool:
    """A name that may own a role: a proper noun, or a word the recogniser tags an
    organisation or place ("Halden", tagged an adjective). Not a nationality: "the British
    prime minister" is Britain's."""
    return token.ent_type_ in _OWNER_ENTITIES or (token.pos_ == "PROPN" and not token.ent_type_)


_OWNER_ENTITIES = frozenset({"ORG", "GPE", "LOC", "FAC", "PERSON"})


def _would_hold(linked: Sequence[Token]) -> bool:
    """ "Marsh would become Norvessa's first female prime minister": a role someone may come
    to hold, not one they hold."""
    return any(
        t.lemma_ == "become" and guessed(t) for role in linked for t in [role, *_ancestors(role, 2)]
    )


def _titled_person(entity: Span, roles: frozenset[str]) -> bool:
    """ "trust chair Nadine Fairbrother", the name tagged an organisation: a name of two or
    more capitalised proper nouns, none a word companies are named by, with a role asked as
    its title before it, is a person's (as `lead.role` reads `_AGENT_ENTITIES`)."""
    return (
        entity.label_ in _AGENT_ENTITIES
        and len(entity) >= 2
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in entity)
        and not any(t.lower_ in COMPANY_WORDS for t in entity)
        and any(
            _lemma(t) in roles and t.i < entity.start
            for t in entity.root.children
            if t.dep_ == "compound"
        )
    )


def _untagged_names(sentence: Doc, role: tuple[str, ...]) -> list[Span]:
    """ "Governor Amalia Torrvik told ...": names the recogniser missed, read as people: two
    or more capitalised proper nouns together, none of them tagged, after the title asked
    about (which stays outside the name, as the title of a tagged one does)."""
    names: list[Span] = []
    i = 0
    while i < len(sentence):
        j = i
        while j < len(sentence) and _untagged_proper(sentence[j]):
            j += 1
        start = i
        while start < j and sentence[start].lower_ in role:
            start += 1
        if start > i and j - start >= 2:
            name = sentence[start:j]
            name.label_ = "PERSON"
            names.append(name)
        i = max(j, i + 1)
    return names


def _untagged_proper(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and not token.ent_type_


def _role_done(question: Question, sentence: Doc) -> Binding | None:
    """A person who does what the role asked about does, to what the question names: "Who is
    Roeland's coach?" -> "Benedikt Sauer, a former doubles player who has coached Roeland";
    "Who is the owner of the Kestrel Hotel?" -> "Marta Ilves, who owns the Kestrel Hotel".
    The verb must be the role's own (`_role_nouns`), plainly said, and done to a name the
    question gives: the role alone ("who has coached since 2019") says whose it is nowhere."""
    if len(question.role) != 1 or not question.names:
        return None  # "the finance minister" is more than what any one verb says
    for entity in sentence.ents:
        if entity.label_ not in _AGENT_ENTITIES or entity.root.lower_ in question.names:
            continue
        root = entity.root
        verbs = [root.head] if root.dep_ == "nsubj" else []
        for noun in [root, *(c for c in root.children if c.dep_ == "appos")]:
            verbs += [c for c in noun.children if c.dep_ == "relcl"]
        for verb in verbs:
            if question.role[0] not in _role_nouns(_lemma(verb)) or negated(verb):
                continue
            done_to = {
                t.lower_ for c in verb.children if c.dep_ in {"dobj", "prep"} for t in c.subtree
            }
            if done_to & question.names:
                name = _name_text(entity)
                detail = (
                    f"{name} {verb.text} what the question names: what a {question.role[0]} does"
                )
                return Binding(name, name, "lead.role", detail)
    return None


# Modifiers of a role that do not tell one role from another ("the new mayor").
_PLAIN_ROLE_WORDS = frozenset({"new", "current", "present"})


def _another_rank(role: tuple[str, ...], linked: Sequence[Token], *, past: bool = False) -> bool:
    """ "Who is governor of the bank?" is not answered by "deputy governor Felix Amundsen",
    nor "Who is the mayor?" by "former mayor ...", unless the question says so too; a
    question in the past ("Who was ...?") is answered by a former holder."""
    said = {
        c.lower_.rstrip("-")
        for t in linked
        if _lemma(t) == role[-1]
        for c in [*t.children, *t.lefts]
        if c.i < t.i
    } | {
        _lemma(t)
        for t in linked
        # Not a word of another title: "Mediator Peter Lindahl, a former labour court judge"
        # is the mediator now.
        if not (t.dep_ in {"amod", "compound"} and t.head in linked and _lemma(t.head) != role[-1])
    }
    return bool((said & _OTHER_RANKS) - set(role) - (_PAST_RANKS if past else frozenset()))


def _same_title(role: tuple[str, ...], linked: Sequence[Token]) -> bool:
    """ "Who is the finance minister?" is not answered by "Labour Minister Eva Strand": when the
    name's title qualifies the role with other words, the question's own qualifiers must be
    among them. A bare title ("the minister, Eva Strand") does not contradict them."""
    asked = set(role[:-1]) - _PLAIN_ROLE_WORDS
    # "Managing director Owen Hartley": the tagger may read "Managing" as a verb ("manage").
    given = {w for t in linked if _lemma(t) != role[-1] for w in (_lemma(t), t.lower_)}
    return not asked or not given or asked <= given


def _name_text(entity: Span) -> str:
    """A name without the possessive the recogniser keeps in it ("Jonas Ek's Liberals")."""
    if len(entity) > 1 and entity[-1].tag_ == "POS":
        return str(entity[:-1].text)
    return str(entity.text)


def _role_tokens(entity: Span) -> list[Token]:
    """The words the parse attaches to a name as its title or apposition."""
    root = entity.root
    tokens = [t for t in root.children if t.dep_ in _ROLE_LINKS and not _inside(t, entity)]
    if root.dep_ == "appos" or (root.head.dep_ == "appos" and root.head.head.i == root.i):
        tokens.append(root.head)
    tokens += [t for t in root.head.children if t.dep_ == "appos" and t.i != root.i]
    if root.dep_ in {"nsubj", "nsubjpass"}:  # "Solberg is the mayor"
        tokens += [t for t in root.head.children if t.dep_ == "attr"]
    before = _title_before_comma(entity)
    if before is not None:
        tokens.append(before)
    tokens += _appointed_as(root)
    expanded: list[Token] = []
    for token in tokens:
        expanded.append(token)
        expanded += [t for t in token.children if t.dep_ in {"compound", "amod"}]
    return expanded


# Verbs that give someone a role: "named Mirela Sand as its new rector", "was appointed chief
# executive", "was elected mayor". Not "nominate": a nominee holds nothing yet.
_APPOINTING = frozenset("name appoint elect re-elect reelect choose select install".split())


def _appointed_as(name: Token) -> list[Token]:
    """The role a verb of appointing gives the name, its object or its passive subject: the
    verb's predicate ("named Anna Holm its new chief executive", "was elected mayor") or its
    "as" phrase ("was named as the new mayor"). Not when the appointment is denied, guessed,
    still to come ("will be named", "is expected to be named") or only planned."""
    verb = name.head
    if (
        name.dep_ not in {"dobj", "nsubjpass"}
        or _lemma(verb) not in _APPOINTING
        or verb.dep_ == "xcomp"
        or negated(verb)
        or guessed(verb)
        or any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUXILIARIES for c in verb.children)
    ):
        return []
    return [
        role
        for c in verb.children
        for role in ([c] if c.dep_ == "oprd" else c.children if c.lower_ == "as" else [])
        if role.dep_ in {"oprd", "pobj"} and role.pos_ in {"NOUN", "PROPN"}
    ]


def _title_before_comma(entity: Span) -> Token | None:
    """ "said the agency's chief epidemiologist, Dr. Saskia Brennan": the small parser may make
    the title and the name two subjects rather than an apposition. The common noun right
    before the name across a comma (and a courtesy title) is its title, unless it is a
    preposition's object ("Asked about the president, Smith said ...")."""
    doc = entity.doc
    i = entity.start - 1
    while i >= 0 and doc[i].lower_.rstrip(".") in _HONORIFICS:
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    noun = doc[i - 1]
    if not _common_noun(noun) or noun.dep_ == "pobj":
        return None
    return noun


def _common_noun(token: Token) -> bool:
    """A noun that is not a name. The small pipeline tags a lowercase title before a name as a
    proper noun ("council president Sofia Marchetti"); a lowercase word is never one."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_lower)


def _inside(token: Token, span: Span) -> bool:
    return span.start <= token.i < span.end


def _describe(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.describe: "Who is Olaf Brenner?" -> the title the sentence gives him."""
    if not question.person:
        return None
    surname = question.person.split()[-1].lower()
    for entity in sentence.ents:
        # The question gives the name: whatever the recogniser calls it ("Lukas Ferenc" ORG).
        if entity.label_ not in _AGENT_ENTITIES or entity.root.lower_ != surname:
            continue
        # "Mayor Declan Farrish": a capitalised title before the name is tagged a proper noun.
        titles = [
            t
            for t in _role_tokens(entity)
            if _common_noun(t)
            or (t.pos_ == "PROPN" and t.lower_ in _TITLES and t.lower_ not in _HONORIFICS)
        ]
        if not titles:
            continue
        phrase = _title_phrase(sentence, titles[0], entity)
        if phrase:
            return Binding(phrase, phrase, "lead.describe", f"{entity.text} is named as {phrase!r}")
    return None


def _agent(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.agent: the named subject (or "by" agent) of the very verb asked about, or of
    "to be" with the quality asked about ("Altman was not consistently candid").

    Names the recogniser missed count when the parse makes them proper nouns ("Helio Nord
    built the farm").
    """
    # The rest of what the question says must be there too: most of its other words in the
    # sentence ("won the men's race" does not say who won the wheelchair race), and every name
    # it gives in the sentence or its report (another report's "led by" is not Loomly's round).
    lemmas = {_lemma(t) for t in sentence}
    others = question.events - question.predicates
    context = f"{around.headline}\n{around.passage}"
    if len(others & lemmas) * 2 < len(others) or not names_present(question, sentence, context):
        return None
    # "won the men's race" does not say who won the women's; the report's headline may say
    # which farm "built the farm" is about.
    headline = _words(around.headline)
    if not question.qualifiers <= lemmas | headline:
        return None
    # "Who scored for Carden?": the one it was done for (with, against) is said in the sentence
    # or the headline, not only somewhere in a passage about both teams.
    tied = {name for _, name in question.relations if name in question.names}
    if not tied <= {t.lower_ for t in sentence} | headline:
        return None
    for found, text in _names(sentence):
        if found.lower_ in question.names or set(text.casefold().split()) & question.names:
            continue  # "Nordhavn Shipping" when the question names Nordhavn
        # "by the investment firm Norrvik Capital": the name stands in apposition to the agent.
        root = found.head if found.dep_ == "appos" else found
        head = root.head
        verb = None
        # "Who killed the minister?" asks for the doer: the subject of an active verb, not the
        # minister "was killed by a car bomb"; "Who was arrested?" asks for the one it was
        # done to, whom "police arrested".
        done_to = {"nsubjpass", "dobj"} if question.done_to else {"nsubj"}
        if root.dep_ in done_to and _lemma(head) in question.predicates:
            verb = head
            if not _done_by_given(question, verb, around):
                continue  # "Protesters arrested a police officer" for "Who did police arrest?"
        elif not question.done_to and (clause := _relative_doer(root, question)) is not None:
            verb = clause  # "Labour Minister Eva Strand, who drafted the reform, said ..."
        elif not question.done_to and (wanted := _controlled(root, question)) is not None:
            verb = wanted  # "Nordhavn Shipping agreed to buy Kelso Lines"
        elif root.dep_ == "nsubj" and _lemma(head) == "be":
            if any(
                c.dep_ in {"acomp", "attr"} and _lemma(c) in question.events for c in head.children
            ):
                verb = head
        elif (
            root.dep_ == "pobj"
            and head.dep_ == "agent"
            and _lemma(head.head) in question.predicates
        ):
            verb = head.head
        if verb is not None and _other_kind_of_object(question, verb):
            continue  # "won a tight men's race" beside "the women's course record"
        if verb is not None:
            detail = (
                f"{text} is who {verb.text!r} names as {'done to' if question.done_to else 'doer'}"
            )
            return Binding(text, text, "lead.agent", detail)
    return None


def _done_by_given(question: Question, verb: Token, around: _Around) -> bool:
    """Whether the verb's subject may be the one the question gives ("Who did police
    arrest?": "Police arrested Jan Kowal"); a pronoun may stand for it, and a verb without a
    subject ("Jan Kowal was arrested") or a question that gives none never says otherwise."""
    if not question.given_doer:
        return True
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects or any(s.pos_ == "PRON" for s in subjects):
        return True
    said = {_lemma(t) for s in subjects for t in s.subtree} | {
        t.lower_ for s in subjects for t in s.subtree
    }
    return any(around.same_noun(given, word) for given in question.given_doer for word in said)


def _controlled(name: Token, question: Question) -> Token | None:
    """The verb asked about, when this name's verb takes it as its own next step: "Nordhavn
    agreed to buy Kelso", "the council plans to build a bridge" (the subject of "agreed" is the
    buyer)."""
    if name.dep_ != "nsubj":
        return None
    return next(
        (
            c
            for c in name.head.children
            if c.dep_ == "xcomp" and c.pos_ == "VERB" and _lemma(c) in question.predicates
        ),
        None,
    )


def _relative_doer(name: Token, question: Question) -> Token | None:
    """The verb asked about in a relative clause whose subject is this name: "Eva Strand, who
    drafted the reform"."""
    for clause in name.children:
        if (
            clause.dep_ == "relcl"
            and _lemma(clause) in question.predicates
            and any(c.dep_ == "nsubj" and c.lower_ in {"who", "that"} for c in clause.children)
        ):
            return clause
    return None


def _other_kind_of_object(question: Question, verb: Token) -> bool:
    """Whether the verb's object says it is another one than the question's: "won a tight
    men's race" when the women's race is asked about (its modifiers share none of the
    question's qualifiers), its preposition ties the thing asked about otherwise
    ("campaigned for the bridge" when who campaigned against it is asked), or it is done to
    another named one than the question names."""
    # "Who is advising Flitway?" is not answered by "Corvelle is being advised by Harrowmont".
    named_object = question.objects & question.names
    for child in verb.children:
        if (
            named_object
            and child.dep_ in {"dobj", "nsubjpass"}
            and child.pos_ == "PROPN"
            and child.lower_ not in question.names
        ):
            return True
    asked = dict((obj, prep) for prep, obj in question.relations)
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and asked.get(_lemma(obj), prep.lower_) != prep.lower_:
                return True
    if not question.qualifiers:
        return False
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        modifiers = {_lemma(m) for m in noun_modifiers(child)}
        if modifiers and not modifiers & question.qualifiers:
            return True
    return False


def _names(sentence: Doc) -> list[tuple[Token, str]]:
    """Agent-like entities, then proper-noun runs the recogniser left out: (head, text).

    A dateline ("PORT ELLERY, June 28 —") names where the report was filed, nobody who did
    anything: its capitals are left out.
    """
    found: list[tuple[Token, str]] = []
    dateline = _dateline(sentence)
    for entity in sentence.ents:
        if entity.label_ in _AGENT_ENTITIES:
            # "Ana Kiro" where the recogniser took only "Kiro": the parse's compound names join.
            start = entity.start
            while (
                start > 0
                and sentence[start - 1].dep_ == "compound"
                and sentence[start - 1].pos_ == "PROPN"
            ):
                start -= 1
            if start not in dateline:
                found.append((entity.root, str(sentence[start : entity.end].text)))
    covered = {i for e in sentence.ents for i in range(e.start, e.end)}
    for token in sentence:
        if token.pos_ == "PROPN" and token.dep_ != "compound" and token.i not in covered:
            parts = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            first = parts[0].i if parts else token.i
            if first not in dateline:
                found.append((token, str(sentence[first : token.i + 1].text)))
    return found


def _in_dateline(quoted: str, sentence: Doc) -> bool:
    """Whether `quoted` is written only in the sentence's opening dateline."""
    dateline = _dateline(sentence)
    if not dateline:
        return False
    end = max(dateline) + 1
    return quoted in sentence[:end].text and quoted not in sentence[end:].text


def _dateline(sentence: Doc) -> set[int]:
    """The token positions of an opening dateline, before its dash ("WENDMOOR —", "CASTMERE,
    Sept 23 —", "FENNICK, July 20 (Meridian Daily) - ")."""
    dash = dateline_dash(sentence.text)
    if dash is None:
        return set()
    return {t.i for t in sentence if t.idx < dash}


def _object(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.object: "What weapon did insurgents use?" -> the object of that very verb
    ("using drones")."""
    for token in sentence:
        if token.pos_ != "VERB" or _lemma(token) not in question.predicates:
            continue
        if _done_by_another(question, token, around):
            continue  # "Most economists had expected the increase": not what the bank expects
        for child in token.children:
            if child.dep_ != "dobj" or child.pos_ not in {"NOUN", "PROPN"}:
                continue
            if any(c.dep_ == "nummod" for c in child.children):
                continue  # "paid 41 million euros": a figure, which lead.measure reads
            if _lemma(child) in question.events or child.lower_ in question.names:
                continue  # the thing the question already names
            phrase = _noun_phrase(sentence, child)
            if phrase:
                return Binding(phrase, phrase, "lead.object", f"{phrase} is what {token.text!r}")
    return None


def _done_by_another(question: Question, verb: Token, around: _Around) -> bool:
    """Whether the verb's subject is another common noun than the question's ("Most
    economists had expected the increase" for "What growth does the bank expect?"). Only
    common nouns are compared, by head and compounds ("economists at the bank" are
    economists): a name may be the very one the question calls "the regulator", and a verb
    with no subject of its own ("using drones") may be the question's."""
    if not question.doers:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
    if not subjects:
        return False
    said = {_lemma(s) for s in subjects} | {
        _lemma(c) for s in subjects for c in s.children if c.dep_ == "compound"
    }
    return not any(around.same_noun(d, w) for d in question.doers for w in said)


def _measure(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.measure: a figure the parse attaches to the thing asked about: "a pay rise of
    6 percent", "Turnout was 61 percent", "The crossing takes 75 minutes"."""
    focus = question.focus
    if not focus:
        return None
    for entity in sentence.ents:
        if entity.label_ not in question.measure_labels or _in_question(question, entity):
            continue
        if entity.label_ in {"DATE", "TIME"} and not _duration(entity):
            continue  # "How long is the bridge?" is not answered by "1962" nor "morning"
        if question.duration and not _duration(entity):
            continue  # "How long did it take?" is not answered by "morning"
        if _of_another_dimension(entity, question.dimension):
            continue  # "How long was the smallest whale?" is not answered by "2.3 tonnes"
        if _compared_with(entity):
            continue  # "3 percent, compared with increases of up to 15 percent last year"
        if _counts_another_noun(entity, focus):
            continue  # "the personal data of 1.4 million customers" measures no data
        ancestors = list(_ancestors(entity.root, 3))
        attached = (
            # The noun asked about; a verb of the same lemma only for its own object ("the
            # crossing takes 75 minutes"), not through a preposition ("pay rose by 8 percent"
            # does not give the "pay rise" asked about).
            any(
                _lemma(a) == focus and (a.pos_ in {"NOUN", "PROPN"} or entity.root.head.i == a.i)
                for a in ancestors
            )
            or any(
                a.pos_ in {"VERB", "AUX"}
                and any(c.dep_ in {"nsubj", "nsubjpass"} and _lemma(c) == focus for c in a.children)
                for a in ancestors[:2]
            )
            or _part_of(entity.root, focus)
        )
        if attached:
            # "12 million euros", which the recogniser tags "12 million": the whole sum.
            value = next(
                (m.text for m in _sums(sentence) if m.start <= entity.start < m.end), entity.text
            )
            value = _with_rate(sentence, value, entity.end)
            return Binding(value, value, "lead.measure", f"{value} measures {focus!r}")
    return None


_RATE_WORDS = frozenset({"a", "an", "per", "each"})


def _with_rate(sentence: Doc, value: str, end: int) -> str:
    """ "4.1 tonnes a hectare", "3.1 million euros a day": a figure with the rate it is given
    at, which is part of what it says; "140 km/h" with its "/h"."""
    if end + 1 < len(sentence) and sentence[end].text == "/" and sentence[end].i > 0:
        slash, unit = sentence[end], sentence[end + 1]
        if not sentence[end - 1].whitespace_ and not slash.whitespace_ and unit.is_alpha:
            return f"{value}/{unit.text}"
    if end + 1 < len(sentence) and sentence[end].lower_ in _RATE_WORDS:
        unit = sentence[end + 1]
        if unit.pos_ == "NOUN" and not unit.like_num:
            return f"{value} {sentence[end].text} {unit.text}"
    return value


# Measures whose value is a count of something else: "a capacity of 60,000 seats", "a
# population of 45,000 people", "Turnout was 2.3 million voters".
_COUNTED_MEASURES = frozenset(
    """capacity population turnout attendance crowd audience margin majority total number size
    toll workforce membership fleet field enrolment enrollment headcount""".split()
)


def _counts_another_noun(entity: Span, focus: str) -> bool:
    """A bare number that counts a noun of its own ("the personal data of 1.4 million
    customers"): it says how many of those there are, not how much of the thing asked about.
    A measure carries its unit in its entity ("128 metres", "6 percent") or is a sum ("180
    million euros", which the recogniser tags a plain number); a measure that is a count
    (`_COUNTED_MEASURES`) is given as one; so is what the thing asked about is said to be
    ("The crowd was 41,000 fans")."""
    root = entity.root
    if entity.label_ != "CARDINAL" or root.dep_ != "nummod" or root.head.pos_ != "NOUN":
        return False
    noun = root.head
    if _lemma(noun) == focus or _lemma(noun) in _CURRENCIES or focus in _COUNTED_MEASURES:
        return False
    said_to_be = noun.dep_ == "attr" and any(
        c.dep_ == "nsubj" and _lemma(c) == focus for c in noun.head.children
    )
    return not said_to_be


def _part_of(root: Token, focus: str) -> bool:
    """ "about 60 percent of the roof": the figure is a part of the thing asked about."""
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(_lemma(o) == focus for o in c.children)
        for c in root.children
    )


_DURATION_UNITS = frozenset("second minute hour day week month year decade century".split())

# The dimension of a quantity's unit, by the words it is written with; area and volume are
# read first ("square kilometres" is no length).
_UNIT_DIMENSIONS = (
    ("area", frozenset("square sq hectare acre".split())),
    ("volume", frozenset("cubic litre liter gallon barrel".split())),
    ("speed", frozenset("mph kph knot".split())),
    ("temperature", frozenset("degree celsius fahrenheit".split())),
    ("mass", frozenset("tonne ton kg kilogram gram pound lb ounce".split())),
    (
        "length",
        frozenset(
            """metre meter km kilometre kilometer cm centimetre centimeter mm millimetre
            millimeter mile foot feet inch yard""".split()
        ),
    ),
)


def _of_another_dimension(entity: Span, asked: str) -> bool:
    """Whether a quantity is in units of another dimension than the one asked ("2.3 tonnes"
    for how long a whale was); False when either is unknown ("12 units", "How big ...?")."""
    if not asked or entity.label_ != "QUANTITY":
        return False
    words = {_lemma(t) for t in entity} | {t.lower_ for t in entity}
    found = next((dimension for dimension, units in _UNIT_DIMENSIONS if words & units), "")
    if asked == "extent":
        return found in _NO_EXTENT
    return bool(found) and found != asked


# What "How high/far ...?" (an extent: a length, a speed, a temperature) is never answered by.
_NO_EXTENT = frozenset({"mass", "area", "volume"})


def _compared_with(entity: Span) -> bool:
    """A figure in a "compared with/to" phrase: the baseline of a comparison, not the value."""
    return any(a.lower_ in {"compared", "comparison"} for a in _ancestors(entity.root))


def _duration(entity: Span) -> bool:
    """ "three weeks", "60 years": a length of time, not a point in it ("1962", "May", "last
    week", "two years ago", "next month")."""
    words = [t.lower_ for t in entity]
    if words and (words[0] in _POINTING_WORDS or words[-1] == "ago"):
        return False
    return any(_lemma(t) in _DURATION_UNITS for t in entity) and not _holds_year(entity)


_POINTING_WORDS = frozenset({"last", "next", "this", "previous", "coming"})


def _holds_year(entity: Span) -> bool:
    """ "in 2024", "May 2023": a four-digit number, read as a year (it counts nothing)."""
    return any(t.like_num and len(t.text) == 4 and t.text.isdigit() for t in entity)


# "Who leads the federation?" is answered by "the federation's general secretary, Dunya
# Petrakis": the verb asked about names a role, and the role is held of what the question names.
_VERB_ROLES: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("lead", "head"),
        frozenset(
            "leader head chief chair chairman chairwoman president director boss commander "
            "secretary".split()
        ),
    ),
    "run": frozenset("chief executive head boss director manager leader".split()),
    "govern": frozenset({"governor"}),
    "command": frozenset("commander captain master".split()),
    "represent": frozenset("lawyer attorney representative counsel".split()),
    "chair": frozenset("chair chairman chairwoman".split()),
    "coach": frozenset({"coach"}),
    "manage": frozenset({"manager"}),
    "investigate": frozenset({"investigator"}),
    "mediate": frozenset({"mediator"}),
    "preside": frozenset("judge president chair chairman chairwoman".split()),
}


def asked_roles(question: Question) -> frozenset[tuple[str, ...]]:
    """The roles a who-question asks the holder of, each as the words a sentence must say of
    it: "Who is Ostland's finance minister?" -> (finance, minister), which "Housing Minister
    Elin Rask" is not; "Who leads the opposition?" -> (leader,), (head,), (chief,), ...
    (`_VERB_ROLES`, or the verb's agent noun, not the verb itself: "will buy a stake" names
    no buyer). None for other questions. Ranking prefers a sentence naming someone beside one
    of them."""
    if question.kind == "role" and question.role:
        words = tuple(w for w in question.role if w not in _ANY_HOLDER) or question.role[-1:]
        return frozenset({words, *_ROLE_ALTERNATIVES.get(words, ())})
    if question.kind == "agent":
        nouns = frozenset().union(
            *(
                _role_nouns(v) - ({v} if v not in _VERB_ROLES else set())
                for v in question.predicates
            )
        )
        return frozenset((noun,) for noun in nouns)
    return frozenset()


# Words that say which holder of a role, not which role: "the new chief executive" is named
# "chief executive Robert Kessel" (a past rank the question asks is checked beside the name).
_ANY_HOLDER = _PLAIN_ROLE_WORDS | _PAST_RANKS | {"acting", "interim", "incoming", "outgoing"}


def _role_nouns(verb: str) -> frozenset[str]:
    """The roles a verb names: those listed (`_VERB_ROLES`), else the verb's own agent noun
    ("direct" -> director, "own" -> owner, "found" -> founder, "prosecute" -> prosecutor,
    "sponsor" -> sponsor)."""
    if verb in _VERB_ROLES:
        return _VERB_ROLES[verb]
    if verb in {"be", "have", "do", "say", "get", "make"}:
        return frozenset()
    stem = verb[:-1] if verb.endswith("e") else verb
    return frozenset({verb, f"{verb}er", f"{verb}r", f"{verb}or", f"{stem}or", f"{stem}er"})


def _role_verb(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.role-verb: "Who governs the province of Marrowdene?" -> "The governor of
    Marrowdene, Teodor Quillan": a person named with the role the asked verb names, that role
    held of something the question names (its possessor, compound or "of" phrase).

    A role held of something else ("Nuvato's head of product safety" does not head Nuvato, "the
    health secretary" does not head the Health Services Inspectorate) does not lead.
    """
    roles = frozenset().union(*(_role_nouns(v) for v in question.predicates))
    if not roles:
        return None
    # What the role is held of: the verb's object, or what it is done over or for ("presided
    # over the Lake Varn case").
    named = (
        question.objects
        or frozenset(head for prep, head in question.relations if prep in {"over", "for", "of"})
        or question.names  # "Who runs Brennholt Chemicals?": a name is what it is held of
    )
    if not named and (question.nouns or question.names):
        return None  # "Who leads in the polls?": no object the role could be held of
    for entity in sentence.ents:
        if entity.root.lower_ in question.names:
            continue
        if entity.label_ != "PERSON" and not _titled_person(entity, roles):
            continue
        for token in [*_role_tokens(entity), *_appos_of_phrase(entity)]:
            if _lemma(token) not in roles:
                continue
            # "chief investigator": the role phrase is the noun "chief" modifies.
            if token.dep_ in {"amod", "compound"} and token.head.pos_ == "NOUN":
                token = token.head
            if _role_of_another(question, _lemma(token), [token]):
                continue  # "Flitway's founder and chief executive" leads no Corvelle group
            held_of = [t for t in token.subtree if not _inside(t, entity) and t.i != token.i]
            # "the head of product safety", "Chief executive Marta Ilvesson of Norvik Gas": an
            # "of" phrase on the role or on the name says what the role is held of.
            of_phrases = [
                p
                for c in [*token.children, *entity.root.children]
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if any(_lemma(p) not in named and p.lower_ not in named for p in of_phrases):
                continue  # the head of product safety, not of the company
            # A follow-up ("Who presided?") names nothing: the role alone answers it. A role
            # held of nothing named ("Presiding judge Helena Marsk") is held of what its
            # report is about, when the report names what the question does.
            of_nothing = not any(
                t.pos_ in {"NOUN", "PROPN"} and _lemma(t) not in roles for t in held_of
            )
            if (
                not named
                or any(_lemma(t) in named or t.lower_ in named for t in held_of if not t.is_stop)
                or (
                    of_nothing
                    and _names_any(named, f"{sentence.text} {around.headline} {around.passage}")
                )
            ):
                name = _name_text(entity)
                detail = f"{name} is named as {token.text!r}, what {question.text!r} asks"
                return Binding(name, name, "lead.role-verb", detail)
    return None


# Endings that leave a word's meaning ("inspect-ion" / "inspect-ed", "injur-ies" / "injur-e");
# not "-ment" ("state" / "statement") or "-ure" ("press" / "pressure").
_ENDINGS = frozenset("e s es ies y ed d ing ion ions ation ations er ers or ors".split()) | {""}
_MIN_SHARED = 4


def _one_word(first: str, second: str) -> bool:
    """Whether two words are one word with different endings (`_ENDINGS`)."""
    shared = 0
    while shared < min(len(first), len(second)) and first[shared] == second[shared]:
        shared += 1
    return shared >= _MIN_SHARED and {first[shared:], second[shared:]} <= _ENDINGS


def said_in(words: Iterable[str], text: str) -> list[str]:
    """The words (lemmas or lower-case forms) the text says, by their first five letters
    ("fire" / "fires", "injure" / "injuries")."""
    lowered = text.lower()
    return [w for w in words if re.search(rf"\b{re.escape(w[:5])}", lowered)]


def _names_any(words: frozenset[str], text: str) -> bool:
    """Whether the text says any of the words longer than two letters."""
    return bool(said_in([w for w in words if len(w) > 2], text))


def _appos_of_phrase(entity: Span) -> list[Token]:
    """ "The governor of Marrowdene, Teodor Quillan": the parse may hang the name on
    "Marrowdene"; the noun that "of" phrase belongs to is the title."""
    root = entity.root
    if root.dep_ != "appos":
        return []
    head = root.head
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN":
        return [head.head.head]
    return []


def _agent_or_role_verb(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    return _agent(question, sentence, around) or _role_verb(question, sentence, around)


def _object_or_measure(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """ "Which firm ...?" picks one of a kind: a figure beside the noun ("the two firms") never
    answers it, as none answers a "which" measure question (`bot.answering.question`)."""
    found = _object(question, sentence, around)
    if found is not None or question.picks_one:
        return found
    return _measure(question, sentence, around)


def _yes_no(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.yes-no: "Can the ruling be appealed?" -> "No", when a sentence says "the ruling
    could not be appealed": the very verb asked about, said of the same nouns, plainly
    affirmed or plainly negated.

    Anything less certain gives no verdict (the quote alone): the verb under "if" or
    "whether", an unnegated guess ("might be appealed"), or most of the question's other words
    missing from the sentence. Whether anything befell anyone ("Has anyone died?") is read by
    its own rule, `lead.happened` (polarity.happening_verdict).
    """
    if question.happening is not None:
        event_nouns = question.events - question.predicates
        verdict = happening_verdict(question.happening, sentence, around.same_noun, event_nouns)
        if verdict is None or not _of_the_event(question, question.happening, sentence, around):
            return None
        return Binding(verdict.value, verdict.token.text, "lead.happened", verdict.detail)
    if question.ranking is not None:
        if not _says_most_nouns(question, sentence, around):
            return None
        ranked = ranking_verdict(question.ranking, sentence, around.same_noun)
        if ranked is None:
            return None
        return Binding(ranked.value, ranked.token.text, "lead.ranking", ranked.detail)
    if question.copula is not None:
        return _copula_verdict(question.copula, sentence)
    # "Should patients stop taking X?": "patients take X" says nothing of stopping.
    verbs = {v for v in question.predicates if v not in {"be", "have", "do"}} - question.stopped
    if not verbs and not question.moving:
        return None
    if not _says_most_nouns(question, sentence, around):
        return None
    if not figures(question.text) <= figures(sentence.text):
        return None  # "Did he promise a 40 million euro fund?": "a fund of 25 million euros"
    if _another_of_each(question, sentence):
        return None  # "Did the radar system fail?": "the flight-data system failed"
    # "Will off-peak fares rise?": "off-peak fares will be frozen" says they will not; read
    # after every verb that moves ("Clothing sales were flat, while food sales rose 8 percent"
    # says food sales rose).
    stills = [
        (token, still)
        for token in (sentence if question.moving else ())
        if (still := held_still(token)) is not None and _still_of_the_asked(question, token)
    ]
    read: list[tuple[Token, Token | None]] = [*((t, None) for t in sentence), *stills]
    for token, still in read:
        if token.pos_ != "VERB" and still is None:
            continue
        # "Did infections go down?": "Infections fell" says yes, "Infections rose" no.
        moved = _STILL if still is not None else question.moving and direction(token)
        if moved and still is None and _moved_another_one(question, token):
            continue  # "Clothing sales fell, while food sales rose": food sales rose
        if moved and still is None and not _at_the_asked_time(question, token):
            continue  # "will rise 4 percent in January" for whether fares rose in 2025
        # "Has the prime minister admitted defeat?": "Petrak conceded defeat" says it;
        # "Petrak denied defeat" says he did not (`opposite_verb`), when said plainly.
        opposite = not moved and any(opposite_verb(v, _lemma(token)) for v in verbs)
        if not moved and not opposite and not any(same_verb(_lemma(token), v) for v in verbs):
            continue
        if hedged(token) or _only_claimed(token):
            continue
        if habitual(token) and not question.asks_a_habit:
            continue  # "Fares go up every year" says nothing of whether they will this time
        # The nouns asked about must be this verb's own: "economists expected the bank to
        # hold" does not say they expected the increase. A pronoun subject stands for a
        # subject before it: "The plant was inspected in August, when it was fined".
        # The verb's own clause: its dependents' phrases, not the clauses under it.
        clause_words = [t for c in token.children if c.dep_ not in _SUBORDINATE for t in c.subtree]
        clause = {_lemma(t) for t in clause_words}
        # Not a verb joined to it: "won the most seats but fell short of a majority" does not
        # say a majority was won. Nor a question put to it: "Asked whether the ambassador
        # would be asked to leave, she said ..." says nothing of the ambassador.
        put = {t.i for c in token.children if _whether_clause(c) for t in c.subtree}
        own = (
            {
                _lemma(t)
                for t in _without_clauses(token, _JOINED)
                if not _prefixed(t) and t.i not in put
            }
            | _antecedents(token)
            # "The guide, a 44-year-old local man, survived ...": the parser may hang the verb
            # on its subject as a clause of it.
            | ({_lemma(token.head)} if token.dep_ == "acl" else set())
        )
        if moved:  # "Inflation rose, while unemployment held" says nothing of unemployment
            own = {_lemma(token)} | _antecedents(token) | clause
            if _moved_elsewhere(question, token, clause):
                continue  # "fell in the zone, while it rose in the city": the city's rose
        called = {
            a: how
            for a, how in _also_called(question, token, around).items()
            if not any(around.same_noun(a, w) for w in own)
        }
        own |= called.keys()
        if not all(any(around.same_noun(a, w) for w in own) for a in question.arguments):
            continue
        # Not as its doer: "Greta Vollan contacted the zoo" is not the zoo contacting her.
        if not question.named_objects <= {t.lower_ for t in _done_to(token)}:
            continue  # "Roeland beat Chiara Montesi" says nothing of whether she beat Duskova
        if _object_as_doer(question, token, around):
            continue  # "Police attacked the protesters" is not the protesters attacking police
        if _another_object(question, token, around):
            continue  # "made a loss in 2024, after a profit the year before": no profit made
        if not _without_said(question.text, clause_words):
            continue  # "suspended on full pay" says nothing of whether without pay
        if _named_another_doer(question, token) or _subject_names_another(
            question, token, around.passage
        ):
            continue  # "Thursday's strike shut the pits" is not Dunmarrow shutting one
        if _only_preferred(token, verbs) or _not_done(token, verbs):
            continue  # "Two members preferred to hold the rate": no one held it
        if _says_only_that_it_said(token, verbs, own):
            continue  # "Dunmarrow said it had suspended work" says nothing of when it restarts
        # The parse found no subject or object of the verb asked ("Is significant rain
        # expected ...?"): half of the question's nouns must be in the verb's own clause, not
        # in a clause under it ("the harvest was expected to be smaller if there was no rain"
        # does not say whether rain is expected).
        if (
            not question.arguments
            and question.nouns
            and len(question.nouns & clause) * 2 < len(question.nouns)
        ):
            continue
        if (
            question.complements
            and not question.moving
            and not _complement_forms(question) & {t.lower_ for t in token.subtree}
        ):
            continue  # "the court found that Alvey had overruled officials": no guilt said
        complement_not = _complement_negated(token, question)
        if complement_not is None:
            continue  # "not guilty of manslaughter but guilty of falsifying the log"
        said_not = negated(token) or complement_not
        if not said_not and guessed(token) and not _reported_will(token):
            continue
        if (opposite or still is not None) and said_not:
            continue  # "did not deny" is no admission; "were not frozen" says no rise
        if said_not and (_bounded(question, token) or _only_so_far(question, token)):
            continue  # "would not sign it until Wirt returned"; "did not strike last year"
        other_way = (bool(moved) and moved != question.moving) or opposite
        value = "No" if said_not != other_way else "Yes"
        detail = f"{token.text!r} is said {'with' if said_not else 'without'} a negation"
        if called:
            detail += f" ({'; '.join(called.values())})"
        if opposite:
            detail += ", and says the opposite of what was asked"
        if still is not None:
            said = repr(token.text) + (f" with {still.text!r}" if still.i != token.i else "")
            detail = f"{said} says the figure stayed where it was (asked: {question.moving})"
        elif moved:
            detail += f", of a figure moving {moved} (asked: {question.moving})"
        return Binding(value, (token if still is None else still).text, "lead.yes-no", detail)
    return None


def denied(
    question: Question,
    sentence: Doc,
    *,
    same_noun: SameNoun = _identical,
    headline: str = "",
    passage: str = "",
) -> Binding | None:
    """rule lead.denied: "No" to a yes/no question whose best sentence negates a clause that
    says at least two of the question's words, though with another verb than the one asked
    (which `lead.yes-no` reads): "He ruled out taking a stake in Velstrand" for "Will the
    government buy a stake in Velstrand?", "tests had found none in treated water" for "Did
    tests find toxins in treated tap water?", "the defence ministry denied that any exercises
    had taken place" for "Did the ministry admit that exercises took place?".

    Reports answer a question they say "no" to in so many words; the negation must be the
    clause's own, not a clause joined to or put under it ("found no evidence that ... and that
    the programme would continue on schedule" says nothing against the schedule), and not
    hedged or guessed. No verdict for a question that is itself negated, asks which way a
    figure moved (`lead.yes-no` reads directions), or asks about a denial ("Does the engineer
    deny the charges?": "her client denied the charges" says yes); nor where the negated verb
    is the opposite of the one asked ("did not deny" is no admission).
    """
    text = sentence.text.rstrip()
    if question.kind != "yesno" or not text.endswith(_SENTENCE_ENDS) or question.moving:
        return None
    if _NEGATED_QUESTION.search(question.text):
        return None
    around = _Around(same_noun, headline, passage)
    if not names_present(question, sentence, headline, passage):
        return None
    if _another_of_the_kind(question, sentence) or _names_a_sibling(question.numbered, sentence):
        return None
    if not _says_most_nouns(question, sentence, around):
        return None
    asked = (question.nouns | question.predicates) - {"be", "have", "do"}
    asks_a_denial = bool(question.predicates & _DENYING)
    for token in sentence:
        verb = _negated_by(token)
        if verb is None or (token.i == verb.i and (asks_a_denial or negated(verb))):
            continue  # "denied the charges" says yes to "Did he deny them?"; "did not deny" no
        if (
            hedged(verb)
            or _not_only(token)
            or (guessed(verb) and not _said_will_not(verb, question, around))
        ):
            continue  # "might not be appealed" guesses
        if _bounded(question, verb) or (not _denies(verb) and _only_so_far(question, verb)):
            continue  # "would not reopen the area until the fence is rebuilt"
        if _leaves_it_open(verb) and not any(same_verb(_lemma(verb), v) for v in asked):
            continue  # "She did not say whether the region would compensate hotels": unknown
        if token.i != verb.i and any(opposite_verb(v, _lemma(verb)) for v in question.predicates):
            continue  # "did not deny" is no admission; "denied" is a "no" to "Did X admit?"
        words = {_lemma(t) for t in _own_clause(verb)} | {_lemma(verb)}
        said = {a for a in asked if any(a == w or around.same_noun(a, w) for w in words)}
        if len(said) >= _DENIED_WORDS:
            detail = f"{token.text!r} negates {verb.text!r}, said of {', '.join(sorted(said))}"
            return Binding("No", token.text, "lead.denied", detail)
    return None


# A yes/no question that is itself negated ("Didn't the bank cut rates?"): a "no" in the
# sentence may answer it either way.
_NEGATED_QUESTION = re.compile(r"(?i)\b(?:not|no|never|none|nothing|nobody)\b|n't\b")
# Verbs that deny what follows them; "ruled out" is one with its particle.
_DENYING = frozenset({"deny", "reject", "rule"})
# Clauses that are not the negated verb's own: joined to it, or about something else.
_NOT_ITS_OWN = frozenset({"conj", "advcl", "relcl", "parataxis"})
# How many of the question's words the negated clause must say: one ("the government") is any
# sentence about the government.
_DENIED_WORDS = 2


def _negated_by(token: Token) -> Token | None:
    """The verb a negating word negates: "not"/"never" its head, "no" the verb of the noun
    it determines ("found no evidence"), "none"/"nothing" the verb it is subject or object of,
    "denied"/"rejected"/"ruled out" itself."""
    verb: Token | None
    if token.dep_ == "neg" or token.lower_ == "never":
        verb = token.head
    elif token.lower_ in {"no", "neither"} and token.dep_ == "det":
        verb = _verb_of(token.head, _MAX_HOPS)
    elif token.lower_ in NEGATIVE_SUBJECTS and token.dep_ in {"nsubj", "nsubjpass", "dobj"}:
        verb = token.head
    elif _denies(token):
        verb = token
    else:
        return None
    return verb if verb is not None and verb.pos_ in _VERBS else None


_VERBS = frozenset({"VERB", "AUX"})


def _denies(token: Token) -> bool:
    """ "denied", "rejected", "ruled out" (the verb with its particle)."""
    if token.pos_ != "VERB":
        return False
    if _lemma(token) == "rule":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    return _lemma(token) in _DENYING


def _leaves_it_open(verb: Token) -> bool:
    """ "did not say whether ...", "would not say when ...", "did not comment": not saying
    is no "no" to what was left unsaid (`refuse.undisclosed` reads those)."""
    if _lemma(verb) in _TELLING_OR_KNOWING:
        return True
    return any(
        _whether_clause(c)
        or (c.dep_ in {"ccomp", "xcomp"} and c.doc[c.left_edge.i].lower_ in _OPEN_WORDS)
        for c in verb.children
    )


# Verbs of telling or knowing: negated, they leave the matter open.
_TELLING_OR_KNOWING = frozenset(
    "say tell disclose reveal specify comment know announce explain indicate elaborate".split()
)
_OPEN_WORDS = frozenset({"whether", "if"}) | WH_WORDS


def _not_only(token: Token) -> bool:
    """ "not only ... but also": an addition, not a negation."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ == "not" and following is not None and following.lower_ == "only"


def _own_clause(verb: Token) -> list[Token]:
    """The verb's dependents and theirs, without the clauses joined to or put under any of
    them, nor a clause before the verb that the parse hangs on it ("X had predicted the move;
    the others expected no change" parses the first clause as the second's complement)."""
    found: list[Token] = []
    stack = [c for c in verb.children if not (c.dep_ == "ccomp" and c.i < verb.i)]
    while stack:
        token = stack.pop()
        if token.dep_ in _NOT_ITS_OWN:
            continue
        found.append(token)
        stack.extend(token.children)
    return found


_JOINED = frozenset({"conj"})
# Verbs of telling under which "would" reports a "will" ("said it would keep the plant open").
_TELLING_WHAT_WILL_BE = frozenset("say tell announce promise pledge confirm".split())


def _said_will_not(verb: Token, question: Question, around: _Around) -> bool:
    """ "The minister said the government would not intervene", for "Will the government
    intervene?": a "would not" that was said, of the very verb asked, by a subject the
    question names. Of another verb it may say that the opposite will be done ("would not
    close the plant" for "Will it keep the plant open?"); of another subject, nothing ("the
    company would not challenge the cut" for whether the minister will)."""
    if not _reported_will(verb) or not any(same_verb(_lemma(verb), v) for v in question.predicates):
        return False
    subject = _subject_words(verb)
    asked = question.nouns | question.name_heads
    return any(around.same_noun(a, w) for a in asked for w in subject)


def _complement_negated(verb: Token, question: Question) -> bool | None:
    """Whether the verb's complement, a word the question says, is negated: "pleaded not
    guilty" answers "Did he plead guilty?", "was found not guilty" "Was he found guilty?",
    "declared the tunnel unsafe" "Was the tunnel declared safe?" (`_opposites`).
    When the sentence says that word more than once ("not guilty of manslaughter but guilty
    of falsifying the log"), each is read with the words after it up to the next: the ones
    of what the question asks ("guilty of manslaughter") decide, and `None` (no verdict)
    when none is of it or they disagree; so does a question that says of what none of them
    is ("guilty of false accounting" for "not guilty of two counts of fraud")."""
    opposite_of = {o: c for c in question.complements for o in _opposites(c)}
    word = next(
        (
            c.lower_
            for c in verb.children
            if c.lower_ in question.words
            and (c.dep_ in {"oprd", "acomp"} or (c.dep_ in {"ccomp", "xcomp"} and c.pos_ == "ADJ"))
        ),
        # "ruled the confession inadmissible": the parse may hang it on the object
        next((t.lower_ for t in verb.subtree if t.lower_ in _complement_forms(question)), None),
    )
    if word is None:
        return False
    word = opposite_of.get(word, word)
    doc = verb.doc
    negative = _opposites(word) if word in question.complements else frozenset()
    at = [t.i for t in doc if t.lower_ == word or t.lower_ in negative]
    of_what = set(re.findall(r"[a-z]{4,}", question.text.casefold().partition(word)[2]))
    said: set[bool] = set()
    for start, end in zip(at, [*at[1:], len(doc)], strict=True):
        words = {t.lower_ for t in doc[start + 1 : end]}
        if of_what and not any(w == x or _one_word(w, x) for w in of_what for x in words):
            continue
        not_before = start > 0 and doc[start - 1].lower_ == "not"
        negated = not_before or any(c.dep_ == "neg" for c in doc[start].children)
        said.add(negated != (doc[start].lower_ in negative))  # "unsafe", "not unsafe"
    return said.pop() if len(said) == 1 else None


def _opposites(adjective: str) -> frozenset[str]:
    """The forms that say an adjective's opposite by a prefix: "unsafe" for "safe",
    "ineligible" for "eligible", "inadmissible" for "admissible"."""
    return frozenset(f"{prefix}{adjective}" for prefix in _NEGATING_PREFIXES)


def _complement_forms(question: Question) -> frozenset[str]:
    """The adjectives the question's verb says (`Question.complements`) and their opposites."""
    return question.complements.union(*map(_opposites, question.complements))


_NEGATING_PREFIXES = ("un", "in", "im", "il", "ir", "non", "non-", "dis")


def _bounded(question: Question, verb: Token) -> bool:
    """Whether a negated verb is bounded in time, which says only that it will not be done
    for a while: "would not reopen the area until the fence is rebuilt", "would not dismiss
    Quint before the inquiry reported"; unless the question asks of that while ("Will she
    sign the agreement before Wirt returns?")."""
    if question.words & _UNTIL:
        return False
    return any(
        c.lower_ in _UNTIL
        or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _UNTIL for m in c.children))
        for c in verb.children
    )


def _only_so_far(question: Question, verb: Token) -> bool:
    """Whether a question of what will be is answered by a past or a perfect, which says
    only what was done so far: "did not raise fares in 2025" for "Will the council raise
    fares this year?", "has not been arrested" for "Will the driver be arrested?". (A
    denial is another thing: "ruled out taking a stake" is of what will be.)"""
    if _opening_word(question) != "will":
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if auxiliaries & {"will", "'ll", "wo", "would", "shall"}:
        return False
    return verb.tag_ == "VBD" or bool(auxiliaries & {"did", "was", "were", "had", "has", "have"})


# Words that bound a negation in time: "would not reopen until ...", "not before ...".
_UNTIL = frozenset({"until", "till", "before"})


def _reported_will(verb: Token) -> bool:
    """ "Velstrand said it would keep the plant open": "would" under a verb of telling is the
    "will" that was said, not a guess; not "would have" (what did not happen)."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    said = verb
    while said.dep_ == "conj" and said.head.i != said.i:
        said = said.head  # "said her client denied the charges and would plead not guilty"
    return (
        "would" in auxiliaries
        and not auxiliaries & {"have", "'ve"}
        and said.dep_ == "ccomp"
        and _lemma(said.head) in _TELLING_WHAT_WILL_BE
    )


def _another_of_each(question: Question, sentence: Doc) -> bool:
    """Whether the sentence says a noun the yes/no question qualifies ("the radar system")
    only of others, each with qualifiers of its own and none of the question's ("the
    flight-data system"); a noun said bare ("the system") may be the one asked."""
    for noun, asked in question.argument_qualifiers:
        given = [qualifiers_of(t) for t in sentence if _lemma(t) == noun]
        if given and all(q and not q & asked for q in given):
            return True
    return False


def _whether_clause(clause: Token) -> bool:
    """ "whether the ambassador would be asked to leave": a clause that asks, not says."""
    return any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in clause.children)


def _another_object(question: Question, verb: Token, around: _Around) -> bool:
    """Whether the verb is done to another thing than the one asked about, which the
    sentence names elsewhere: "Did Ostra make a profit in 2024?" is not answered by "Ostra
    made a loss of 1.2 million crowns in 2024, after a profit the year before", whose "made"
    has "loss" for its object. A sentence that never names the thing asked may call it
    otherwise ("signed an agreement" for the deal): the other checks read it."""
    asked = question.object_heads
    if not asked:
        return False
    done_to = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"}]
    if not done_to or any(around.same_noun(a, _lemma(d)) for a in asked for d in done_to):
        return False
    inside = {t.i for d in done_to for t in d.subtree}
    # The thing asked, hanging on this verb by a phrase of its own ("after a profit"), not
    # done to by another verb ("to settle the fine", "making it the first vaccine").
    return any(
        _lemma(t) in asked and t.i not in inside and _verb_above(t) == verb.i for t in verb.subtree
    )


def _verb_above(token: Token) -> int | None:
    """The position of the nearest verb the token hangs on (tokens are compared by it:
    spaCy makes a new object for each access)."""
    return next((a.i for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)


# Words that say more of a predicate than the question asks: "the deputy mayor", "fully in
# service", a negation.
_MORE_SAID = frozenset({"amod", "compound", "nmod", "advmod", "npadvmod", "quantmod", "neg"})
# "was in service until 2021": a state that ended.
_ENDED = frozenset({"until", "till", "before"})


def _of_the_tense(copula: Copula, verb: Token) -> bool:
    """Whether the copula's verb says what the question asks of its time: now for "Is ...?"
    (not "was", not "until 2021"), then for "Was ...?"."""
    if any(t.lower_ in _ENDED for t in verb.subtree):
        return False
    return (verb.tag_ in {"VBZ", "VBP"}) == copula.present or verb.tag_ == "VB"


def _no_longer(verb: Token) -> bool:
    """ "is no longer in service": a negation of what was."""
    return any(
        t.lower_ == "longer" and any(c.lower_ == "no" for c in t.children) for t in verb.subtree
    )


# Verbs that say what their subject is, as "be" does: "Brightwater-2 remains in service".
_COPULAS = frozenset({"be", "remain", "stay"})
# Words that change what a predicate says: "the second oldest", "one of the oldest", "the
# only", "a former".
_QUALIFYING = frozenset({"one", "only", "former", "ex", "no", "not", "never", "than", "once"})


def _copula_verdict(copula: Copula, sentence: Doc) -> Binding | None:
    """rule lead.copula: "Is Brightwater-2 still in service?" -> Yes, from "Brightwater-2,
    launched in 2019, remains in service"; "Is Velmore the oldest university in the country?"
    -> Yes, from "Velmore, the country's oldest university, has ..."; No from "The decision
    was not unanimous". The subject is the question's (with the rest of its phrase in the
    sentence), said to be (or remain) every word of the predicate, nothing that qualifies it
    more ("the second oldest", "one of the oldest", a figure), not hedged or guessed. Only a
    plain negation says No: another predicate ("advisory" for "binding") is left to the
    reader."""
    for token in sentence:
        if token.lower_ != copula.subject:
            continue
        # The subject's own phrase holds the rest of the question's: "the old bridge is safe,
        # but the new one is not" says nothing of the new bridge.
        own = {_lemma(t) for t in token.subtree} | {t.lower_ for t in token.subtree}
        if not copula.subject_words <= own:
            continue
        verb = token.head if token.dep_ == "nsubj" and _lemma(token.head) in _COPULAS else None
        if verb is not None and not _of_the_tense(copula, verb):
            continue  # "was in service until 2021" does not say it is now
        said = [c for c in token.children if c.dep_ == "appos"]
        if verb is not None:
            said += [c for c in verb.children if c.dep_ in {"attr", "acomp", "prep", "oprd"}]
        for phrase in said:
            given = list(phrase.subtree)
            forms = {_lemma(t) for t in given} | {t.lower_ for t in given}
            if not copula.predicate <= forms:
                continue
            if phrase.pos_ == "ADP" and phrase.lower_ not in copula.predicate:
                continue  # "among the oldest universities" for "the oldest university"
            extra = [
                t
                for t in given
                if t.lower_ not in copula.predicate and _lemma(t) not in copula.predicate
            ]
            if any(
                t.like_num or ordinal_place(t) or t.lower_ in _QUALIFYING or t.dep_ in _MORE_SAID
                for t in extra
            ):
                continue  # "the second oldest", "one of the oldest", "the deputy mayor"
            if verb is not None and (hedged(verb) or guessed(verb)):
                continue
            said_not = verb is not None and (negated(verb) or _no_longer(verb))
            words_said = sentence[phrase.left_edge.i : phrase.right_edge.i + 1].text
            detail = f"{token.text!r} is said to be {words_said!r}" + (
                " with a negation" if said_not else ""
            )
            return Binding("No" if said_not else "Yes", words_said, "lead.copula", detail)
    return None


# "Was the dean suspended without pay?": the word after "without" (past a determiner).
_WITHOUT = re.compile(
    r"\bwithout\s+(?:(?:a|an|the|any|his|her|its|their|my|your|our|prior)\s+)?([a-z-]+)", re.I
)


def _without_said(question: str, clause_words: Sequence[Token]) -> bool:
    """Whether the verb's clause says the question's "without X" too ("was suspended without
    pay"): a verdict on "suspended" alone would answer "Was the dean suspended without pay?"
    Yes from "suspended on full pay"."""
    wanted = _WITHOUT.findall(question)
    if not wanted:
        return True
    said = {t.lower_ for t in clause_words} | {_lemma(t) for t in clause_words}
    return "without" in said and all(w.lower() in said for w in wanted)


def _only_claimed(verb: Token) -> bool:
    """Whether the verb is only what a claim, an allegation or a rumour says ("cleared Rask
    of a claim that she had used a ministry car"): the clause of such a noun reports what
    someone alleged, not that it happened."""
    for head in _ancestors(verb, 4):
        if head.pos_ == "NOUN" and _lemma(head) in _CLAIM_NOUNS:
            return True
        if head.pos_ in {"VERB", "AUX"}:
            break
    # The parser may hang "that she had used" on the verb the claim noun is under.
    that_clause = verb.dep_ == "ccomp" and any(
        c.dep_ == "mark" and c.lower_ == "that" for c in verb.children
    )
    if not that_clause:
        return False
    opening = verb.left_edge.i  # "that"
    doc = verb.doc
    # The claim's phrase must end just before the clause ("a claim, made in January, that
    # she had used"), not anywhere before it ("Despite the claims, the inquiry found that").
    return any(
        t.pos_ == "NOUN"
        and _lemma(t) in _CLAIM_NOUNS
        and t.right_edge.i < opening
        and all(doc[i].is_punct for i in range(t.right_edge.i + 1, opening))
        for t in verb.head.subtree
    )


# Nouns whose clause is only alleged or possible: "the claim that ...", "allegations that
# ...", "a 40 percent chance that the main rate will be cut".
_CLAIM_NOUNS = frozenset(
    """claim allegation accusation rumour rumor suggestion speculation suspicion chance
    possibility prospect likelihood probability risk odds""".split()
)


def _only_preferred(verb: Token, verbs: set[str]) -> bool:
    """Whether the verb is only what someone wants, prefers or plans ("preferred to hold the
    rate", "wants to sell"): a wish says nothing of whether it was done, unless the question
    asks about the wish itself."""
    return verb.dep_ == "xcomp" and _lemma(verb.head) in _WISHING and _lemma(verb.head) not in verbs


_WISHING = _WANTING | frozenset("prefer hope plan intend wish aim expect favour favor".split())


def _not_done(verb: Token, verbs: set[str]) -> bool:
    """Whether the verb is only due ("is due to reach lunar orbit in 23 days", "was scheduled
    to open") or is what someone refused, ruled out or failed to do ("ruled out closing the
    emergency department"): neither says it was done, nor plainly that it was not, unless the
    question asks about the plan or the refusal itself. A verb someone failed, declined or
    refused to do was plainly not done, which `negated` reads."""
    head = verb.head
    if verb.dep_ not in {"xcomp", "pcomp", "dobj", "ccomp"} or _lemma(head) in verbs:
        return False
    if _lemma(head) in _DUE and verb.dep_ == "xcomp":
        return True
    if verb.dep_ == "xcomp" and _lemma(head) in FORGOING:
        # "failed to make the payment": plainly not made (`negated`); "did not refuse to
        # pay" says neither.
        return negated(head)
    ruled_out = _lemma(head) == "rule" and any(c.lower_ == "out" for c in head.children)
    return ruled_out or _lemma(head) in _REFUSING


# Heads under which a verb is only planned ("due to reach", "set to open", "slated to").
_DUE = frozenset("due schedule set slate supposed poised".split())
# Heads under which a verb was not done, though no "not" says so.
_REFUSING = frozenset("refuse decline reject fail deny avoid".split())


def _prefixed(token: Token) -> bool:
    """Whether the word is the end of a hyphened one ("quarter-finals", "co-founder",
    "ex-president"), which names another thing than the word alone."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_


def _subject(verb: Token) -> Token | None:
    """The verb's subject, not a dateline the parser made one: in "ESKHOLM, April 16 (Halden
    Business Wire) - Valemark's central bank cut its rate", the bank cut it, not Eskholm.
    (`_named_another_doer` still reads the dateline: read past it there, a verdict on a
    validation set's lede went wrong, and no tuning answer changed.)"""
    dateline = _dateline(verb.doc)
    return next(
        (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i not in dateline),
        None,
    )


def _asked_names(question: Question) -> set[str]:
    """The question's names, lower case: its capitalised words but titles."""
    written = {w.lower() for name in question.written_names for w in name.split()}
    return set(question.names | (written - _TITLES))


def _names_in(phrase: Token) -> set[str]:
    """The proper nouns of a phrase, its clauses left out, titles too."""
    return {
        t.text
        for t in _without_clauses(phrase, _SUBORDINATE)
        if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in _TITLES
    }


def _owned_by_another(question: Question, figure: Token, verb: Token) -> bool:
    """Whether a figure written with "its" or "their" is of another than the question names:
    "Rival Brenner Group said that its clothing sales rose" says nothing of Marlowe's. The
    owner is the nearest subject up the sentence that is neither the figure nor a pronoun."""
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in figure.children):
        return False
    asked_names = _asked_names(question) - CALENDAR_WORDS
    head = verb
    for _ in range(_MAX_HOPS):
        subject = _subject(head)
        if subject is not None and subject.i != figure.i and subject.pos_ != "PRON":
            names = _names_in(subject)
            return bool(asked_names and names and not {n.lower() for n in names} & asked_names)
        if head.head.i == head.i:
            break
        head = head.head
    return False


def _subject_names_another(question: Question, verb: Token, passage: str = "") -> bool:
    """Whether the verb's subject names only others than the question does: "Shares of
    Norcrest jumped" says nothing of whether Halden's shares rose. A subject naming no one
    ("shares", "the bank") may be the one asked about, and so may a first name that the
    `passage` writes before a name asked about ("Teodor" in a quote, for "Teodor
    Vasquez-Lind"). The question's names are its capitalised words, an adjective of a people
    too ("the Orvanian central bank" is not Valemark's); one whose only names are of the
    calendar ("Did the bank raise rates in November?") names no one a subject could be other
    than."""
    asked_names = _asked_names(question)
    if not asked_names - CALENDAR_WORDS:
        return False
    subject = _subject(verb)
    if subject is None or subject.pos_ == "PRON":
        return False
    names = _names_in(subject)
    if not names or {n.lower() for n in names} & asked_names:
        return False
    asked = "|".join(re.escape(n) for n in asked_names)
    return not any(
        re.search(rf"\b{re.escape(n)}\s+(?:{asked})\b", passage, re.IGNORECASE) for n in names
    )


def _says_only_that_it_said(verb: Token, verbs: set[str], said: set[str]) -> bool:
    """ "Has Dunmarrow said when work will restart?": a verb of saying answers only with what
    was said, the question's verb under it ("restart"); "Dunmarrow said it had suspended
    work" says something else."""
    if _lemma(verb) not in REPORTING_VERBS:
        return False
    under = verbs - REPORTING_VERBS
    return bool(under) and not under & said


def _says_most_nouns(question: Question, sentence: Doc, around: _Around) -> bool:
    """Whether the sentence (or its headline) says at least half of the nouns of a yes/no
    question other than its verb's own. "Can Arvel appeal the court's decision?": "The ruling
    cannot be appealed" under a headline about the court says it; "at a previous inspection"
    is said by "was last inspected" (one word with another ending; not "statement" by
    "state")."""
    lemmas = {_lemma(t) for t in sentence}
    others = question.nouns - question.arguments
    words = {t.lower_ for t in sentence}
    said = (
        (others & lemmas)
        | {noun for noun in others if any(_one_word(noun, w) for w in words)}
        | set(said_in(others - lemmas, around.headline))
        | set(said_in(others - lemmas, around.passage))
    )
    return len(said) * 2 >= len(others)


_SUBJECT_PRONOUNS = frozenset({"it", "he", "she", "they"})


# Who does a deed: the active subject, or the "by" phrase of a passive.
_DOER_DEPS = frozenset({"nsubj", "agent"})


def _doer_heads(verb: Token) -> list[Token]:
    """The head nouns of a verb's doers, with their conjuncts: "The rebels holding the
    hostages freed them" has the rebels for doers, not the hostages of their modifier."""
    heads = [
        head
        for c in verb.children
        if c.dep_ in _DOER_DEPS
        for head in ([c] if c.dep_ == "nsubj" else [p for p in c.children if p.dep_ == "pobj"])
    ]
    return [t for head in heads for t in (head, *head.conjuncts)]


def _done_to(verb: Token) -> list[Token]:
    """The words of the verb's own clause but its doers': what it is done to, where, when."""
    return [t for c in verb.children if c.dep_ not in _SUBORDINATE | _DOER_DEPS for t in c.subtree]


def _object_as_doer(question: Question, verb: Token, around: _Around) -> bool:
    """Whether a noun the question's verb is done to ("Did the protesters attack police?") is
    the sentence's doer instead (its subject or "by" phrase) and not among what the verb is
    done to: "Police attacked the protesters" answers another question."""
    doers = {
        _lemma(t)
        for head in _doer_heads(verb)
        for t in [head, *(c for c in head.children if c.dep_ == "compound")]
    }
    done = {_lemma(t) for t in _done_to(verb)}
    return any(
        any(around.same_noun(noun, w) for w in doers)
        and not any(around.same_noun(noun, w) for w in done)
        for noun in question.object_heads
    )


def _moved_elsewhere(question: Question, verb: Token, clause: set[str]) -> bool:
    """Whether a noun or name of the question that is not its subject or object (where, of
    what) is said only in the clause of another figure's move: "card spending in the zone fell
    2 percent, while it rose 3 percent in the city as a whole" says the spending in the city
    rose, not fell; "Prices rose in Norcrest, while they fell in Halden", that Halden's fell."""
    others = (question.nouns | question.names) - question.arguments - clause
    return any(
        other is not verb
        and direction(other)
        and others
        & {
            _lemma(t)
            for c in other.children
            if c.dep_ not in _SUBORDINATE | {"nsubj", "nsubjpass"}
            for t in c.subtree
        }
        for other in verb.doc
        if other.pos_ == "VERB"
    )


def _antecedents(verb: Token) -> set[str]:
    """The subjects before a verb's pronoun subject in its sentence, which the pronoun may
    stand for; for a joined verb with no subject of its own, its partner's
    (`_shared_subject`); none otherwise. "It" and "they" may stand for whom a spokesman or an
    official speaks for too: "A council spokesman said it had inspected the street" is the
    council ("The school bus driver said it had broken down" is not the school)."""
    pronoun = next(
        (
            c
            for c in verb.children
            if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in _SUBJECT_PRONOUNS
        ),
        None,
    )
    if pronoun is None:
        return _shared_subject(verb)
    # Only the subjects of what comes before: in "Police questioned the mayor's driver, and he
    # was arrested", "he" is not the mayor.
    subjects = [
        t
        for t in verb.doc[: pronoun.i]
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ in {"nsubj", "nsubjpass"}
    ]
    spoken_for = (
        {
            _lemma(c)
            for t in subjects
            if _lemma(t) in _SPEAKERS
            for c in t.children
            if c.dep_ == "compound"
        }
        if pronoun.lower_ in {"it", "they"}
        else set()
    )
    return {_lemma(t) for t in subjects} | spoken_for


def _also_called(question: Question, verb: Token, around: _Around) -> dict[str, str]:
    """The nouns the question's verb is said of (`Question.arguments`) that the verb's
    subject stands for, though it does not say them, each with how (for the rule's detail):
    a report names a person once with a title ("zoo director Rafael Quint", "the driver, Piet
    Amsel") and then by surname or "he" (`_titled`), so "Quint said he would not resign"
    answers "Will the zoo director resign?"; "her client" is whom the lawyer speaks for ("The
    engineer's lawyer said her client would plead not guilty"). Only the subject: "his
    client would not testify against Vint" says nothing of whether Vint will."""
    subject = _subject_words(verb)
    represented = _represented(verb.doc) if "client" in subject else set()
    qualified = dict(question.argument_qualifiers)
    text = f"{around.headline}\n{around.passage}\n{verb.doc.text}"
    # "Former mayor Harald Vinge", "the deputy director" hold another rank than the one asked.
    ranks = (_OTHER_RANKS | _ACTING_RANKS) - question.words
    called: dict[str, str] = {}
    for asked in question.arguments - subject:
        if asked in represented:
            called[asked] = f"the client is the {asked} whose lawyer speaks"
            continue
        titled = next(
            (
                w
                for w in sorted(subject | represented)
                if w.isalpha() and _titled(asked, w, text, qualified.get(asked, frozenset()), ranks)
            ),
            None,
        )
        if titled is not None:
            called[asked] = f"{titled.capitalize()} is the {asked} in the report"
    return called


# Who holds a post for a while in another's stead: "the acting director" may not be "the
# director" asked about.
_ACTING_RANKS = frozenset({"acting", "interim"})


def _subject_words(verb: Token) -> set[str]:
    """The lemmas of the verb's subject (its head and the names or nouns before it: "Bus
    driver Piet Amsel"), or of what its pronoun subject stands for in the sentence
    (`_antecedents`); not a possessor ("The engineer's lawyer" is the lawyer)."""
    heads = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.lower_ not in _PRONOUNS]
    return {
        _lemma(t)
        for head in heads
        for t in (head, *(c for c in head.children if c.dep_ == "compound"))
    } | _antecedents(verb)


_PRONOUNS = _SUBJECT_PRONOUNS | {"i", "we", "you"}


def _represented(sentence: Doc) -> set[str]:
    """Whom a lawyer in the sentence speaks for: "the engineer's lawyer", "a lawyer for the
    engineer" (lemmas of the possessor's or the "for" phrase's nouns and names)."""
    return {
        _lemma(t)
        for lawyer in sentence
        if _lemma(lawyer) in _LAWYERS
        for c in lawyer.children
        if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "for")
        for t in c.subtree
        if t.pos_ in {"NOUN", "PROPN"}
    }


_LAWYERS = frozenset("lawyer attorney counsel solicitor barrister".split())


def _titled(
    role: str, name: str, text: str, qualifiers: frozenset[str], ranks: frozenset[str]
) -> bool:
    """Whether `text` gives the person of that surname (`name`, lower case) the title or
    description `role`, with the `qualifiers` the question gives it ("zoo" for "the zoo
    director") and none of the `ranks` it does not ("former", "deputy"): "zoo director
    Rafael Quint", "Environment Minister Lars Okafor", "the driver, Piet Amsel, 58,", "Quint,
    the zoo's director". Not a role that is another's ("a lawyer for the driver, Mira Solt,";
    "Eskel, a critic of the director"; "Solt, a lawyer representing the driver"), a comma
    that ends a clause ("After meeting the minister, Moll said"), nor a surname two people
    share ("Karin Moll" and "Ulrik Moll")."""
    surname = name.capitalize()
    before_surname = re.finditer(rf"\b([A-Z][\w'’-]+) {re.escape(surname)}\b", text)
    if len({m.group(1) for m in before_surname} - _TITLE_WORDS) > 1:
        return False
    for match in _title_pattern(role, surname).finditer(text):
        if (match.group("before") or "").strip().casefold() in _PREPOSITIONS:
            continue  # "a lawyer for the driver, Mira Solt," is the lawyer
        said = set(re.findall(r"[a-z]+", match.group(0).casefold()))
        if qualifiers <= said and not said & ranks:
            return True
    return False


def _title_pattern(role: str, surname: str) -> re.Pattern[str]:
    """ "zoo director Rafael Quint", "the driver, Piet Amsel,", "Quint, 52, the zoo's
    director" (see `_titled`); group "before" is the word before the title's phrase."""
    role_word = rf"(?i:{re.escape(role)}s?)(?!['’])"  # not "the driver's lawyer"
    first_names = r"(?:[A-Z][\w'’-]+\s+){0,2}"
    name = re.escape(surname)
    # Not a word that starts another phrase: "Solt, a lawyer representing the driver".
    others = "|".join(sorted(_PREPOSITIONS | _DETERMINERS | {"and", "or"}))
    word = rf"(?!(?i:{others})\b)[\w'’-]+\s+"
    determiner = r"(?i:the|its|his|her|their)\s+"
    return re.compile(
        rf"(?P<before>\b[\w'’-]+\s+)?(?:{determiner})?(?:{word}){{0,2}}"
        rf"(?:{role_word}\s+{first_names}{name}\b|{role_word},\s+{first_names}{name},)"
        rf"|\b{name},\s+(?:\d+,\s+)?(?:{determiner}|(?i:an?)\s+)(?:{word}){{0,3}}{role_word}\b"
    )


# Words before a title that make it another's ("a lawyer for the driver", "a critic of the
# director", "a letter to the minister").
_PREPOSITIONS = frozenset("of for to with by at from against about".split())
_DETERMINERS = frozenset("the a an its his her their this that".split())
# Capitalised words that may come before a surname and are no first name.
_TITLE_WORDS = frozenset(
    "Mr Mrs Ms Dr Director Minister President Mayor Judge Chief Inspector Captain".split()
)


def _shared_subject(verb: Token) -> set[str]:
    """ "Prosecutors have opened an investigation but have not charged anyone": a verb joined
    to another with no subject of its own has that verb's subject (what a pronoun there stands
    for: "it had received complaints and had inspected the street"). So has a verb it governs
    with "to" ("The club refused to pay the fine"), unless that verb has an object: "ordered
    four diplomats to leave" is the diplomats leaving, and gives the verb no subject here, as
    an ambassador is a diplomat by the model's measure.

    The parser joins a verb that goes on what was said to the verb of saying: in "Braun said the
    government was monitoring the situation but would not bail out developers", "would" (said
    of the future from the past) makes it the government's, the subject of what she said."""
    partner = _subject_source(verb)
    if partner is None:
        return set()
    return {
        word
        for c in partner.children
        if c.dep_ in {"nsubj", "nsubjpass"}
        for word in (
            _antecedents(partner)
            if c.lower_ in _SUBJECT_PRONOUNS
            else {_lemma(t) for t in _without_clauses(c, _SUBORDINATE)}
        )
    }


# Who speaks for an organisation: "A council spokesman said it ..." is the council.
_SPEAKERS = frozenset("spokesman spokeswoman spokesperson official representative".split())


def _subject_source(verb: Token) -> Token | None:
    """The verb whose subject a verb without one of its own shares (see `_shared_subject`)."""
    if verb.dep_ not in {"conj", "xcomp"} or any(
        c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children
    ):
        return None
    partner = verb.head
    if verb.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in partner.children):
        return None
    if (
        verb.dep_ == "conj"
        and _lemma(partner) in TELLING_VERBS  # a verb of saying
        and any(c.dep_ == "aux" and c.lower_ in _REPORTED_MODALS for c in verb.children)
    ):
        said = next(
            (c for c in partner.children if c.dep_ == "ccomp" and partner.i < c.i < verb.i), None
        )
        if said is not None and any(c.dep_ in {"nsubj", "nsubjpass"} for c in said.children):
            return said
    return partner


# The modals of reported speech: "said ... but would not".
_REPORTED_MODALS = frozenset({"would", "could", "might", "should"})


def _of_the_event(question: Question, happening: Happening, sentence: Doc, around: _Around) -> bool:
    """ "Has anyone died in the fire?": "No deaths have been reported" answers it only in a
    report about a fire; half the question's other nouns must be in the sentence, its
    passage or its headline (the names are checked for every yes/no question)."""
    nouns = question.nouns - {happening.word, happening.to}
    text = f"{sentence.text} {around.passage} {around.headline}"
    return len(said_in(nouns, text)) * 2 >= len(nouns)


def labelled(question: Question, sentence: Doc, context: str = "") -> bool:
    """Whether the sentence names something of the kind asked for ("which company": an
    organisation) that the question does not already name, outside its dateline, or names the
    subject of the very verb asked about (the recogniser tags "Helio Nord" a person)."""
    dateline = _dateline(sentence)  # "PORT ALDER, May 18 (Meridian News Agency) -" names none
    opening = next((t.i for t in sentence if t.i not in dateline and t.is_alpha), 0)
    return any(
        (e.label_ in question.answer_labels or _a_company(e, question))
        and not any(t.lower_ in question.names for t in e)  # "Corvelle Airways" for Corvelle
        and e.start not in dateline
        # "Education minister Johan Lindqvist": "Education", tagged an organisation, is a
        # common noun in capitals only because it opens the sentence.
        and not (e.start == opening and all(t.pos_ == "NOUN" for t in e))
        for e in sentence.ents
    ) or (
        question.kind == "agent"
        and _agent(question, sentence, _Around(headline=context.split("\n", 1)[0], passage=context))
        is not None
    )


# Verbs that give a name with "as": "was named by his family as Piet Korhonen", "identified
# as", "known as".
_NAMING_VERBS = frozenset({"name", "identify", "call", "know", "dub", "rename", "nickname"})
_NAME_LINKS = frozenset({"appos", "compound"})


def name_given(question: Question, sentence: Doc, same_noun: SameNoun = _identical) -> bool | None:
    """Whether the sentence gives a name with the one whose name is asked (`Question.name_of`):
    beside the noun ("The bus driver, Piet Amsel,", "Nurse Anna Berg", "a nurse" set beside a
    name) or by a verb of naming ("was named by his family as Piet Korhonen", "known as
    KV-217"). False when it speaks of them with no name ("The boy, who had been in intensive
    care, died on Wednesday" for "What was the name of the boy who died?"); None when it does
    not speak of them, or no name is asked: a report may name the answer without the noun
    asked ("Which vessel?" / "the Kestrel Dawn"); True too when it does not speak of them but
    a verb of naming gives someone a name ("Police named him as Tom Berg")."""
    asked = question.name_of
    if not asked:
        return None
    mentions = [
        t
        for t in sentence
        if t.pos_ in {"NOUN", "PROPN"} and (_lemma(t) == asked or same_noun(asked, _lemma(t)))
    ]
    if not mentions:
        # "Police named him as Tom Berg": a name given to someone the sentence points at.
        return True if _gives_a_name(sentence) else None
    return any(_named_with(t) for t in mentions)


def _gives_a_name(sentence: Doc) -> bool:
    """Whether a verb of naming gives someone a name ("Police named him as Tom Berg", "He was
    identified as Piet Amsel"), whoever it is given to."""
    return any(verb.pos_ == "VERB" and _names_by(verb) for verb in sentence)


def _names_by(verb: Token, named: Token | None = None) -> bool:
    """Whether the token is a verb of naming that gives a name after it (`_given_by`), other
    than the noun `named` itself."""
    return verb.lemma_.lower() in _NAMING_VERBS and any(
        _given_by(t, verb) for t in verb.subtree if t.i > verb.i and t is not named
    )


def _named_with(noun: Token) -> bool:
    """Whether a name is given with the noun (see `name_given`)."""
    if any(c.dep_ in _NAME_LINKS and c.pos_ == "PROPN" for c in noun.children):
        return True
    if noun.dep_ in _NAME_LINKS and noun.head.pos_ == "PROPN":
        return True
    if noun.dep_ == "attr" and _has_child(noun.head, "nsubj", "PROPN"):
        return True  # "Tom Berg was the boy who died."
    if noun.dep_ == "poss" and noun.head.lemma_.lower() == "name":
        return _has_child(noun.head.head, "attr", "PROPN")  # "The boy's name was Tom Berg."
    verbs = [noun.head] if noun.dep_ in {"nsubj", "nsubjpass", "dobj"} else []
    verbs += [c for c in noun.children if c.dep_ in {"acl", "relcl"}]
    for verb in verbs:
        if _names_by(verb, noun):
            return True
        if verb.lemma_ == "be" and _has_child(verb, "attr", "PROPN"):
            return True  # "The driver was Piet Amsel."
    return False


def _has_child(token: Token, dep: str, pos: str) -> bool:
    return any(c.dep_ == dep and c.pos_ == pos for c in token.children)


def _given_by(name: Token, verb: Token) -> bool:
    """Whether a proper noun after a verb of naming is the name it gives ("named by his
    family as Piet Korhonen", "dubbed Ciaran"), not one in a phrase of its own ("named the
    boy who died after the crash near Orsk")."""
    if name.pos_ != "PROPN":
        return False
    token = name
    while token.i != verb.i and token.head.i != token.i:
        token = token.head
        if token.dep_ == "prep" and token.lower_ != "as":
            return False
    return token.i == verb.i


def _a_company(entity: Span, question: Question) -> bool:
    """ "Halvard Shipping", "Kamerling Salvage": a name ending in a word companies are named
    by, whatever the recogniser calls it (it tags both people), when a company is asked for."""
    return "ORG" in question.answer_labels and entity[-1].lower_ in COMPANY_WORDS


# The entity labels of an answer to each kind of question: answer types from the recogniser.
_OFFERED_LABELS: dict[str, frozenset[str]] = {
    "count": frozenset({"CARDINAL"}),
    # "How much did prices rise?" is answered by a share as often as by a sum.
    "amount": frozenset({"MONEY", "PERCENT"}),
    "date": frozenset({"DATE"}),
    "place": _PLACE_ENTITIES,
    "role": frozenset({"PERSON"}),
    "agent": frozenset({"PERSON", "ORG"}),
}


# Broader: what might be an answer of that type, the recogniser's misses included ("Harald
# Brisk" tagged ORG, a group tagged NORP, a time tagged TIME, a number word it left untagged).
_MAYBE_LABELS: dict[str, frozenset[str]] = {
    "count": frozenset({"CARDINAL", "QUANTITY"}),
    "amount": frozenset({"MONEY", "PERCENT", "CARDINAL"}),
    "date": frozenset({"DATE", "TIME"}),
    "place": _PLACE_ENTITIES | {"ORG"},
    "role": _AGENT_ENTITIES,
    "agent": _AGENT_ENTITIES,
}


def offers(question: Question, sentence: Doc, *, maybe: bool = False) -> str | None:
    """rule lead.offering-first: a value of the type the question asks for that the sentence
    gives and the question does not (a count for "how many", a sum for "how much", a date for
    "when", a place for "where", a person for "who is the mayor"), by the recogniser's label;
    None when it gives none. A year is no count; a date the question gives is no answer.

    `maybe`: also what might be one (`_MAYBE_LABELS`, any figure for a figure, any proper
    noun the question does not give for a name), to tell a sentence that surely offers none.
    """
    labels = question.measure_labels if question.kind == "measure" else None
    table = _MAYBE_LABELS if maybe else _OFFERED_LABELS
    dateline = _dateline(sentence)
    labels = labels or table.get(question.kind or "", frozenset())
    if question.answer_labels:
        labels = question.answer_labels | (_AGENT_ENTITIES if maybe else frozenset())
    for entity in sentence.ents:
        # "a median of 41 weeks": the recogniser tags a length of time DATE.
        duration = question.kind == "measure" and entity.label_ == "DATE" and _duration(entity)
        if (entity.label_ not in labels and not duration) or _in_question(question, entity):
            continue
        if entity.root.lower_ in question.names or entity.start in dateline:
            continue
        if question.kind != "date" and _holds_year(entity):
            continue  # "in 2024": a year counts nothing
        return str(entity.text)
    if question.kind == "amount":
        return next((str(m.text) for m in _sums(sentence) if not _in_question(question, m)), None)
    if maybe and question.kind in _FIGURE_KINDS:
        # The recogniser leaves figures untagged ("up to 18 million litres"), but one it tags
        # a year ("in 2024") or a rank ("finishing second") counts and costs nothing (a
        # measure may be a period: "between March 2024 and January 2025").
        not_figures = dateline | {
            t.i
            for e in sentence.ents
            if question.kind in {"count", "amount"} and (e.label_ == "ORDINAL" or _holds_year(e))
            for t in e
        }
        return next(
            (
                t.text
                for t in sentence
                if t.like_num and t.text not in question.numbers and t.i not in not_figures
            ),
            None,
        )
    if maybe and question.kind in {"role", "agent", "place"}:
        return next(
            (
                t.text
                for t in sentence
                if t.pos_ == "PROPN" and t.lower_ not in question.names and t.i not in dateline
            ),
            None,
        )
    return None


def _verb_of(token: Token, hops: int = 6) -> Token | None:
    """The token, or the nearest of its ancestors within `hops`, that is a verb."""
    return next((a for a in [token, *_ancestors(token, hops)] if a.pos_ in {"VERB", "AUX"}), None)


def ambiguous(
    question: Question, sentence: Doc, binding: Binding, same_noun: SameNoun = _identical
) -> str | None:
    """rule lead.ambiguous: another figure of the same kind that the lead's own sentence gives
    in the same clause, or a coordinated one of the same verb; None when there is none.

    "13,205 islanders voted yes and 11,384 voted no": "how many voted against" is bound to
    13,205 (it counts islanders; 11,384 counts nothing the parse can see). "Her yield was down
    to 4.1 tonnes a hectare from 7.5 tonnes": which figure the yield is, the parse does not
    say. Two figures of one verb are a guess between them: the sentence answers alone. A
    figure counting another noun ("650 passengers and 180 cars"), a year, or one the question
    gives is no rival.
    """
    if binding.rule not in {"lead.count", "lead.measure", "lead.amount"}:
        return None
    quoted = binding.quoted.casefold()
    numeric = [e for e in sentence.ents if e.label_ in _NUMERIC_ENTITIES]
    lead = next((e for e in numeric if e.text.casefold() in quoted), None)
    if lead is None:
        return None
    verb = _verb_of(lead.root)
    if verb is None:
        return None
    parallel = {verb.i} | {c.i for c in verb.conjuncts if _lemma(c) == _lemma(verb)}
    for entity in numeric:
        if entity is lead or entity.label_ != lead.label_ or _in_question(question, entity):
            continue
        if entity.text.casefold() in quoted or _holds_year(entity):
            continue
        other = _verb_of(entity.root)
        if other is None or other.i not in parallel:
            continue
        noun = _counted_by(entity.root)
        if noun is not None and question.counted and not same_noun(question.counted, _lemma(noun)):
            continue  # "650 passengers and 180 cars": it counts another thing
        return str(entity.text)
    return _counted_again(question, sentence, numeric, lead, quoted)


def _counted_again(
    question: Question, sentence: Doc, numeric: list[Span], lead: Span, quoted: str
) -> str | None:
    """A second count of the noun asked about anywhere in the lead's sentence, for the verb
    asked ("The floods have killed 31 people since June, after 4 people were killed on
    Tuesday"): the parse cannot tell which is asked. A count for another verb ("left 200 people
    homeless") is no rival."""
    counted = _counted_by(lead.root)
    if not question.counted or counted is None:
        return None
    lead_verb = _first_verb_above(counted)
    for entity in numeric:
        if entity is lead or entity.label_ != "CARDINAL" or _in_question(question, entity):
            continue
        if entity.text.casefold() in quoted or _holds_year(entity):
            continue
        noun = _counted_by(entity.root)
        # The very noun the lead counts: "96 fire engines" beside "14 water-bombing aircraft"
        # counts another thing, however close the words.
        if noun is None or noun.i == counted.i or _lemma(noun) != _lemma(counted):
            continue
        verb = _first_verb_above(noun)
        if verb is None or _lemma(verb) not in question.predicates:
            continue  # "left 200 people homeless": counted for another verb
        if lead_verb is not None and _another_time_or_doer(question, lead_verb, verb):
            continue
        return str(entity.text)
    return None


def _first_verb_above(token: Token) -> Token | None:
    return next((a for a in _ancestors(token, len(token.doc)) if a.pos_ == "VERB"), None)


def _another_time_or_doer(question: Question, lead_verb: Token, verb: Token) -> bool:
    """Whether a second count's verb is done by another doer than the lead's ("The storm
    killed 12 people, a year after floods killed 31") or lacks the day the question asks about
    and the lead's verb has ("arrested 45 people on Saturday, after 12 people were arrested on
    Friday")."""
    doers, others = _doers_of(lead_verb), _doers_of(verb)
    if doers and others and not doers & others:
        return True
    days = {w for w in question.words if w in WEEKDAYS or w in MONTHS} | set(question.numbers)
    said = {t.lower_ for t in lead_verb.subtree}
    return bool(days & said) and not days & {t.lower_ for t in verb.subtree}


def _doers_of(verb: Token) -> set[str]:
    """The lemmas of a verb's active subject or its "by" agent."""
    found = {_lemma(c) for c in verb.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}}
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        found |= {_lemma(p) for p in agent.children if p.dep_ == "pobj"}
    return found


def rival(
    question: Question,
    best: Doc,
    binding: Binding,
    same_noun: SameNoun = _identical,
    headline: str = "",
) -> str | None:
    """rule lead.rival: another figure of the very thing asked about, in the best-ranked
    sentence, when the lead was bound in a lower-ranked one; None when there is none.

    "How many passengers did Flitway fly?": the best sentence says "Flitway ... carried 11.8
    million passengers", a lower one "Corvelle ... carried 19.4 million passengers". Both
    count the noun asked about; the binder cannot tell whose, and the sentence closest to the
    question is as likely right: a guess between two values, so the quoted sentences answer
    alone. The rival must be tied to the same thing: a number counting the noun counted
    (lead.count), a sum in a clause with the thing priced or the price word asked
    (lead.amount), a figure of the noun measured (lead.measure). Other figures of the best
    sentence ("95,000 passengers" when drivers are counted) are no rivals; nor are any when
    the question asks a time that the best sentence (and its `headline`) does not say, as the
    bound one does: "By Friday, how many homes had been flooded?" is answered by "By Friday,
    3,450 homes had been flooded", not rivalled by Tuesday's 1,200.
    """
    if question.times and not _says_times(question, f"{best.text}\n{headline}"):
        return None
    quoted = binding.quoted.casefold()

    def other(span: Span) -> bool:
        text = span.text.casefold()
        return not _in_question(question, span) and text not in quoted and quoted not in text

    if binding.rule == "lead.count" and question.counted:
        for token in best:
            if not token.like_num or token.text in question.numbers:
                continue
            noun = _counted_by(token)
            if noun is not None and same_noun(question.counted, _lemma(noun)):
                figure = _number_span(token)
                if other(figure):
                    return str(figure.text)
    elif binding.rule == "lead.amount":
        wanted = (question.events & _PRICE_WORDS) | (question.events - question.names)
        for entity in _sums(best):
            if other(entity) and _clause_lemmas(entity.root) & wanted:
                return str(entity.text)
    elif binding.rule == "lead.measure" and question.focus:
        for entity in best.ents:
            if entity.label_ not in question.measure_labels or not other(entity):
                continue
            if entity.label_ == "DATE":
                continue
            if question.focus in _clause_lemmas(entity.root):
                return str(entity.text)
    return None


_MAX_AGE = 120


def _age(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    """rule lead.age: "How old is Elias Mwangale?" -> 31, from "Mwangale, 31, edged Joseph
    Arimo": news gives a person's age as a number between commas after the name. The person is
    one the question names, or, when it names none ("How old was the oldest runner?"), the one
    the sentence sets beside the question's own word ("the oldest, Walter Greim, 84")."""
    if not question.age:
        return None
    for token in sentence[: len(sentence) - 3]:
        comma, figure, after = (sentence[token.i + k] for k in (1, 2, 3))
        if token.pos_ != "PROPN" or comma.text != "," or after.text not in {",", "."}:
            continue
        if not figure.text.isdigit() or not 0 < int(figure.text) < _MAX_AGE:
            continue
        start = token.i
        while start > 0 and sentence[start - 1].pos_ == "PROPN":
            start -= 1
        name = sentence[start : token.i + 1]
        # A title both give is no name in common: "Deputy Finance Minister Jonas Okoro, 41"
        # is not Prime Minister Anton Lehtinen.
        named = ({t.lower_ for t in name} - _TITLES) & question.names
        beside = {t.lower_ for t in sentence[max(0, start - 3) : start]}
        if named and not _same_person(question, name, around):
            continue  # "Captain Lidia Marsh, 52" is not Ilona Marsh
        # The words of whose age is asked, not the rest of the question: "the shipping
        # magnate buying the club" is not "former club chairman Graham Pell, 71".
        whose = question.aged_words or question.words
        if named or (not question.names and beside & whose - _STOP_BESIDE):
            detail = f"{figure.text} follows {name.text!r} between commas: an age"
            return Binding(figure.text, figure.text, "lead.age", detail)
    stated = _STATED_AGE.match(sentence.text.strip())
    if (
        stated
        and 0 < int(stated.group(1)) < _MAX_AGE
        and question.name_heads
        and question.name_heads
        <= _opening_pronoun_names(sentence, around.passage, question.name_heads)
        # "the king" for "She": the question's own words, not its names ("Emily Duke").
        and titled_gender(question.words - question.names)
        in {None, pronoun_gender(sentence[0].text)}
    ):
        # "Crown Princess Isolde was proclaimed queen on Saturday. She is 47."
        detail = f"{sentence.text.strip()!r} follows a sentence naming whom it is about"
        return Binding(stated.group(1), stated.group(1), "lead.age", detail)
    return None


# "She is 47.", "He was 81 years old.": an age in a sentence of its own.
_STATED_AGE = re.compile(r"(?:He|She) (?:is|was) (\d{1,3})(?: years old)?\.$")


def _same_person(question: Question, name: Span, around: _Around) -> bool:
    """Whether a name sharing a word with the question's is the person asked about: not when
    each gives a first name the other lacks ("Lidia Marsh" for "Ilona Marsh"), nor when the
    sentence gives the surname alone and its report gives it only with another first name
    ("Lindqvist, 58" in a report about Hedda Lindqvist, for "How old is Oskar Lindqvist?")."""
    given = {t.lower_ for t in name} - _TITLES
    other = given - question.names
    runs = [set(name.casefold().split()) for name in question.written_names]
    asked = next((run - _TITLES - given for run in runs if run & given), set())
    if not asked:
        return True
    if other:
        return False
    text = f"{around.headline}\n{around.passage}\n{name.doc.text}"
    before = {
        match.group(1).casefold()
        for surname in given
        for match in re.finditer(rf"\b([A-Z][\w'-]*)[ \t]+{re.escape(surname)}\b", text, re.I)
        if match.group(1)[:1].isupper()
    } - _TITLES
    return not before or bool(before & asked)


# Words beside a name that say nothing of which person is meant.
_STOP_BESIDE = frozenset("the a an , of was is".split())


def _age_or_measure(question: Question, sentence: Doc, around: _Around) -> Binding | None:
    if question.moved:
        # "By how much did the rate fall?" asks the size of a move, as "How much did it fall?"
        # does: never the level it reached, nor another thing's move ("What pay rise is asked
        # for?" asks about a rise, and is read as any measure).
        return _change(question, sentence, around)
    return _age(question, sentence, around) or _measure(question, sentence, around)


_BINDERS: dict[str, Callable[[Question, Doc, _Around], Binding | None]] = {
    "count": _count,
    "role": _role,
    "agent": _agent_or_role_verb,
    "object": _object_or_measure,
    "measure": _age_or_measure,
    "amount": _change_or_amount,
    "date": _date,
    "describe": _describe,
    "yesno": _yes_no,
}
