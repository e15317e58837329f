"""Claim-by-claim verification of LLM statements against the quotes they cite.

A statement the model writes is shown only if what it asserts can be read in its cited quotes:
every number, date and capitalised name in it must appear there (a figure in the same currency),
its polarity must match, no word of it may say the opposite of its quotes ("lost" for "seized"),
and most of its content words, in each of its clauses, must appear too. Each check is a named
rule; the first that fails decides the `Verdict`, so a dropped statement always says why
("llm.unsupported-name: 'Moscow' is not in the quotes").

Why words and not embeddings: on the bundled model the cosine between a statement and its
quote does not separate supported from unsupported claims. "The bridge reopened on Saturday"
against "opened the harbour bridge on Saturday" scores 0.74, "The repairs were paid by the EU"
against "the repairs cost 41 million euros" 0.74 too, and "Insurgents did not seize Saraqeb"
scores as high as "Insurgents captured Saraqeb" (0.68). Exact names and figures and a share of
the words are what a reader can check, so they decide; a similarity callable may only rescue a
close paraphrase after every hard rule has passed.

Pure functions over strings: no model, no store, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from bot.answering.question import CURRENCIES, DOWN_VERBS, UP_VERBS
from vectorstore.text import (
    GENERIC_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    STOPWORDS,
    TENS_WORDS,
    WEEKDAYS,
    stem,
    tokenize,
)

__all__ = [
    "DEFAULT_RULES",
    "MIN_OVERLAP",
    "RESCUE_SIMILARITY",
    "Rule",
    "Verdict",
    "figures",
    "instruction_like",
    "verify_statement",
]

MIN_OVERLAP = 0.6  # share of a statement's content words that its quotes must contain
RESCUE_SIMILARITY = 0.9  # cosine at which a paraphrase below MIN_OVERLAP is still accepted
MIN_CLAUSE_WORDS = 2  # a clause with this many content words must have half of them quoted


@dataclass(frozen=True)
class Verdict:
    """Whether a statement may be shown, the rule that decided, and what it found."""

    ok: bool
    rule: str
    detail: str


# --- what a statement claims ------------------------------------------------------------------

_SMALL_NUMBERS = {
    word: n
    for n, word in enumerate(NUMBER_WORDS)
    if word != "one"  # "one of the most..." is rarely a count
}
_TENS = {word: 20 + 10 * n for n, word in enumerate(TENS_WORDS)}
_UNITS = {w: n for w, n in _SMALL_NUMBERS.items() if n < 10} | {"one": 1}
_NUMBER_WORD = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")(?:-(" + "|".join(_UNITS) + r"))?"
    r"|(" + "|".join(_SMALL_NUMBERS) + r"))\b",
    re.IGNORECASE,
)
_SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:\s*-?\s*(" + "|".join(_SCALES) + r")\b)?",
    re.IGNORECASE,
)
# "a hundred", "one thousand", "a dozen", "half a million": a figure written without digits.
_ONE_OF_A_SCALE = re.compile(
    r"\b(?:(half)\s+an?|an?|one)\s+(dozen|hundred|thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)
# "a quarter point", "half a percentage point", "three quarters of a point": a rate's move.
_PART_OF_A_POINT = re.compile(
    r"\b(?:(?:a|one)\s+(quarter)|(half)|(three)[\s-]+quarters)(?:\s+of)?(?:\s+an?)?"
    r"(?=\s+(?:percentage\s+)?points?\b)",
    re.IGNORECASE,
)
_PARTS = {"quarter": "0.25", "half": "0.5", "three": "0.75"}
# What a figure is in: a currency symbol before it, a currency or "percent" after it.
_SYMBOLS = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "₹": "rupee"}
_MONTH_FORMS = {m: m for m in MONTHS} | MONTH_ABBREVIATIONS
_RELATIVE_DAYS = frozenset("yesterday today tomorrow tonight".split())
_DATE_WORD = re.compile(
    r"\b(?:(" + "|".join(w.capitalize() for w in _MONTH_FORMS) + r")\.?"
    r"|(" + "|".join(sorted(frozenset(WEEKDAYS) | _RELATIVE_DAYS)) + r"))\b",
    re.IGNORECASE,
)
_NEGATIONS = frozenset("not no never nobody none neither nor nothing cannot".split())
# "failed to seize", "was unable to reach", "refused to sign": the deed did not happen.
_NOT_DONE = re.compile(
    r"\b(?:fail(?:s|ed|ing)?|unable|refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing))\s+to\b",
    re.IGNORECASE,
)
# Lowercase words that may sit inside a name: "Hayat Tahrir al-Sham", "Bank of England".
_CONNECTORS = frozenset("of for de del da di al el bin ibn van von der den la le du".split())
# Titles that may precede a name in the statement but not in the quote ("Mr Brenner").
_TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady mayor president minister chancellor premier
    governor senator general gen colonel col captain capt chief executive ceo chairman chairwoman
    spokesman spokeswoman secretary ambassador judge justice king queen prince princess pope
    former acting deputy prime foreign interior defence defense finance""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class _Number:
    written: str
    value: Decimal  # with its scale word: "41 million" -> 41000000
    bare: Decimal  # without it: 41
    year: bool
    after: tuple[str, ...]  # stems of the content words among the next three words
    unit: str | None  # "euro", "dollar", "percent": what the figure is in, when written


def _numbers(text: str) -> list[_Number]:
    """Each number in `text`, number words ("four", "a dozen") and thousands separators
    normalised."""
    text = _ONE_OF_A_SCALE.sub(lambda m: ("0.5 " if m.group(1) else "1 ") + m.group(2), text)
    text = _PART_OF_A_POINT.sub(lambda m: _PARTS[next(g for g in m.groups() if g).casefold()], text)
    text = _NUMBER_WORD.sub(_digits, text.replace("%", " percent"))
    found = []
    for match in _NUMBER.finditer(text):
        whole, fraction, scale = match.groups()
        bare = Decimal(whole.replace(",", "") + (fraction or ""))
        value = bare * _SCALES[scale.casefold()] if scale else bare
        year = not scale and not fraction and len(whole) == 4 and 1000 <= bare <= 2100
        following = tokenize(text[match.end() : match.end() + 80])[:3]
        written = _written_unit(following)
        symbol = text[max(0, match.start() - 3) : match.start()].rstrip()[-1:]
        unit = _SYMBOLS.get(symbol) or written
        if written and following[0] != "per":
            following = following[1:]  # "41 million euros for repairs": about the repairs
        after = tuple(stem(w) for w in following if w not in STOPWORDS and not w.isdigit())
        found.append(_Number(match.group(0), value, bare, year, after, unit))
    return found


def _written_unit(following: Sequence[str]) -> str | None:
    """The currency or "percent" the words after a figure write it in: "41 million euros",
    "3 per cent"; None when they say none (a symbol before it, "$41 million", is read apart)."""
    if not following:
        return None
    word = following[0]
    if word in {"percent", "per"} and (word == "percent" or following[1:2] == ["cent"]):
        return "percent"
    for form in (word, word.removesuffix("s")):
        if form in CURRENCIES:
            return form
    return None


def figures(text: str) -> frozenset[Decimal]:
    """The values of the figures `text` writes, however written ("two", "2", "40 million",
    "40m"): what a statement or a question says must match its quote's figures by value."""
    return frozenset(number.value for number in _numbers(text))


def _digits(match: re.Match[str]) -> str:
    tens, unit, small = match.groups()
    if small:
        return str(_SMALL_NUMBERS[small.casefold()])
    return str(_TENS[tens.casefold()] + (_UNITS[unit.casefold()] if unit else 0))


def _dates(text: str) -> list[str]:
    """Month, weekday and relative-day words, as canonical lowercase names."""
    out = []
    for match in _DATE_WORD.finditer(text):
        month, day = match.groups()
        if month and month[0].isupper():  # "may" and "march" are also ordinary words
            out.append(_MONTH_FORMS[month.casefold()])
        elif day:
            out.append(day.casefold())
    return out


def _is_capitalised(word: str) -> bool:
    return any(part[:1].isupper() for part in word.split("-"))


def _looks_like_name(word: str) -> bool:
    """A capital after the first letter (HTS, McCain, al-Sham) or a possessive (Brenner's)."""
    return any(c.isupper() for c in word[1:]) or bool(re.search(r"['’]s$", word))


def _names(statement: str, context: Sequence[str]) -> list[list[str]]:
    """Runs of capitalised words, each as its tokens: names, to be found as a unit.

    The statement's first word is capitalised anyway. It is an ordinary word, left to the
    overlap rule, when the quotes or `context` (the passages) write it in lower case
    ("Insurgents seized…" where the passage says "insurgents"); otherwise it counts as a name,
    so "Moscow ordered…" or "Brenner said…" need their name in the quotes.
    """
    words = list(_WORD.finditer(statement))
    runs: list[tuple[int, list[str]]] = []  # (index of the run's first word, its words)
    for index, match in enumerate(words):
        word = match.group(0).rstrip(".")
        lower = word.casefold()
        gap = statement[words[index - 1].end() : match.start()] if index else "."
        joined = bool(runs) and runs[-1][0] + len(runs[-1][1]) == index and not gap.strip()
        acronym = len(word) > 1 and word.replace(".", "").isupper()  # "US" is not "us"
        ordinary = (
            lower in STOPWORDS
            or lower in _SCALES
            or lower == "half"
            or _NUMBER_WORD.fullmatch(word)
            or _dates(word)
        )
        if _is_capitalised(word) and (acronym or not ordinary):
            if joined:
                runs[-1][1].append(word)
            else:
                runs.append((index, [word]))
        elif (
            joined
            and lower in _CONNECTORS
            and index + 1 < len(words)
            and _is_capitalised(words[index + 1].group(0))
        ):
            runs[-1][1].append(word)
    if runs and runs[0][0] == 0 and len(runs[0][1]) == 1:
        first = runs[0][1][0]
        if not _looks_like_name(words[0].group(0)) and _written_lowercase(first, context):
            runs.pop(0)
    return [_tokens(" ".join(run)) for _, run in runs]


def _written_lowercase(word: str, texts: Sequence[str]) -> bool:
    pattern = re.compile(r"\b" + re.escape(word.casefold()) + r"\b")
    return any(pattern.search(text) for text in texts)


def _tokens(text: str) -> list[str]:
    """Words for matching: case-folded, possessives dropped, initials joined ("U.S." -> us)."""
    out: list[str] = []
    letters = False  # whether out[-1] was built from single letters
    for token in tokenize(text):
        single = len(token) == 1 and token.isalpha()
        if single and letters:
            out[-1] += token
        else:
            out.append(token)
        letters = single
    return out


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


@dataclass(frozen=True)
class _Evidence:
    statement: str
    quotes: tuple[str, ...]
    context: tuple[str, ...]

    @cached_property
    def quoted_stems(self) -> frozenset[str]:
        """The content words of the quotes, stemmed: what the overlap rules look words up in."""
        return frozenset(w for q in self.quotes for w in _content_stems(q))


# --- the rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A named check: `check` returns why the statement fails it, or None when it passes."""

    name: str
    check: Callable[[_Evidence], str | None]

    def __call__(self, evidence: _Evidence) -> str | None:
        return self.check(evidence)


def _unsupported_number(evidence: _Evidence) -> str | None:
    """Every figure in the statement is in a quote, about the same thing.

    "4,100" = "4100" and "four" = "4"; "41 million" needs the million, while a bare "41" may
    stand for a quoted "41 million". When a word follows the figure ("23 passengers"), a
    quote must give that figure with that word close after it: "grounded all 23 of its
    aircraft, affecting 4,100 passengers" does not support "23 passengers".
    """
    quoted = [n for q in evidence.quotes for n in _numbers(q)]
    for number in _numbers(evidence.statement):
        if number.year:
            continue
        same = [n for n in quoted if number.value in (n.value, n.bare)]
        if not same:
            return f"{number.written!r} is not in the quotes"
        units = {n.unit for n in same}
        if number.unit and None not in units and number.unit not in units:
            given = " or ".join(sorted(u for u in units if u))
            return f"the quotes give {number.written!r} in {given}, the statement in {number.unit}"
        if number.after and not any(set(number.after) & set(n.after) for n in same):
            return f"the quotes give {number.written!r} for something else"
    return None


def _unsupported_date(evidence: _Evidence) -> str | None:
    """Every year, month, weekday and relative day ("yesterday") is in a quote."""
    quoted_years = {n.bare for q in evidence.quotes for n in _numbers(q)}
    quoted_days = {d for q in evidence.quotes for d in _dates(q)}
    for number in _numbers(evidence.statement):
        if number.year and number.bare not in quoted_years:
            return f"{number.written!r} is not in the quotes"
    for day in _dates(evidence.statement):
        if day not in quoted_days:
            return f"{day.capitalize()!r} is not in the quotes"
    return None


def _unsupported_name(evidence: _Evidence) -> str | None:
    """Every capitalised name is in one quote as a unit ("Olaf Brenner", not "Olaf" here and
    "Brenner" there). Leading titles ("Mayor", "Mr") and words the quotes use in lower case
    ("Mayor Ingrid Solberg" for "Ingrid Solberg, the mayor") may be left out."""
    quotes = [_tokens(q) for q in evidence.quotes]
    common = {w.casefold() for q in evidence.quotes for w in re.findall(r"\b[a-z][\w'’-]*", q)}
    for name in _names(evidence.statement, evidence.quotes + evidence.context):
        if any(_contains(q, name) for q in quotes):
            continue
        core = list(name)
        while len(core) > 1 and (core[0] in _TITLES or core[0] in common):
            core.pop(0)
            if any(_contains(q, core) for q in quotes):
                break
        else:
            return f"{' '.join(name)!r} is not in the quotes"
    return None


def _negation_mismatch(evidence: _Evidence) -> str | None:
    """A statement that negates needs a quote that negates; one that does not negate needs a
    quote that does not ("did not seize" is not supported by "seized", nor the reverse)."""
    said = _negated(evidence.statement)
    quoted = [_negated(q) for q in evidence.quotes]
    if said and not any(quoted):
        return "the statement negates, its quotes do not"
    if not said and quoted and all(quoted):
        return "its quotes negate, the statement does not"
    return None


def _negated(text: str) -> bool:
    words = tokenize(text)
    return any(w in _NEGATIONS or w.endswith("n't") for w in words) or bool(_NOT_DONE.search(text))


def _forms(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


# Words that say the opposite of each other, as forms a statement may use (irregular ones
# written out): a model that writes "lost" where its quote says "seized", or "rose" where it
# says "fell", keeps every name, figure and most words of its quote.
_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (_forms(one), _forms(other))
    for one, other in (
        (
            " ".join(sorted(UP_VERBS)) + " rose risen grew grown swollen raise hike higher",
            " ".join(sorted(DOWN_VERBS)) + " fell fallen sank sunk shrank shrunk slid cut lower"
            " reduce slash",
        ),
        ("win won victory seize capture", "lose lost loss"),
        ("approve pass accept uphold upheld endorse ratify adopt", "reject veto overturn"),
        ("acquit acquittal innocent", "convict conviction guilty"),
        ("open reopen", "close shut"),
        ("allow permit legalise legalize", "ban forbid forbade prohibit outlaw"),
        ("hire recruit", "fire sack layoff"),
        ("start began begun begin launch", "end finish halt"),
        ("more greater larger bigger above", "less fewer smaller below"),
        ("before earlier", "after later"),
        ("survive survivor alive", "die dead death kill"),
        ("release freed", "arrest detain jail imprison"),
        ("admit confirm", "deny denial"),
        ("profit surplus", "deficit"),
        ("support favour favor", "oppose against"),
        ("north northern", "south southern"),
        ("east eastern", "west western"),
        ("highest largest biggest maximum", "lowest smallest minimum"),
        ("best", "worst"),
        ("first", "last"),
        ("oldest", "youngest newest"),
    )
)


def _opposite_word(evidence: _Evidence) -> str | None:
    """A word of the statement that its quotes do not use, where they use its opposite and
    nothing of its side ("Insurgents lost Saraqeb" for "insurgents ... seized Saraqeb")."""
    said = {stem(w): w for w in tokenize(evidence.statement)}
    quoted = {stem(w): w for q in evidence.quotes for w in tokenize(q)}
    for one, other in _OPPOSITES:
        for mine, theirs in ((one, other), (other, one)):
            unquoted = [said[s] for s in said.keys() & mine if s not in quoted]
            against = [quoted[s] for s in quoted.keys() & theirs]
            if unquoted and against and not (quoted.keys() & mine) and not (said.keys() & theirs):
                return f"{unquoted[0]!r} says the opposite of the quotes' {against[0]!r}"
    return None


def _unquoted_clause(evidence: _Evidence) -> str | None:
    """Each clause of a statement of several has half its content words quoted: a clause
    added to a quoted one ("..., and the army fled north") claims something of its own,
    however well the rest is quoted."""
    clauses = _CLAUSE_BREAK.split(evidence.statement)
    if len(clauses) < 2:
        return None
    quoted = evidence.quoted_stems
    for clause in clauses:
        words = _content_stems(clause)
        unquoted = [w for w in words if w not in quoted]
        if len(words) >= MIN_CLAUSE_WORDS and len(unquoted) > len(words) / 2:
            return f"the clause {clause.strip()!r} is not in the quotes"
    return None


def _low_overlap(evidence: _Evidence) -> str | None:
    """Most content words (stemmed; figures, function and light words aside) are quoted."""
    terms = _content_stems(evidence.statement)
    if not terms:
        return None
    quoted = evidence.quoted_stems
    missing = [t for t in terms if t not in quoted]
    share = 1 - len(missing) / len(terms)
    if share >= MIN_OVERLAP:
        return None
    return f"{len(terms) - len(missing)} of {len(terms)} content words quoted; missing: " + (
        ", ".join(missing[:6])
    )


# Where one claim ends and another begins inside a statement.
_CLAUSE_BREAK = re.compile(
    r";|,\s*(?:and|but|while|whereas|which|who|after|before)\b|\s(?:but|while|whereas)\s",
    re.IGNORECASE,
)


# Words of a written figure ("half a million euros", "5 per cent"): llm.unsupported-number
# checks them with their figure.
_FIGURE_WORDS = frozenset(_SCALES) | CURRENCIES | {"half", "percent", "per", "cent"}


def _content_stems(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in tokenize(_NUMBER_WORD.sub(" ", text)):
        if word in STOPWORDS or word in GENERIC_WORDS or any(c.isdigit() for c in word):
            continue
        if word in _FIGURE_WORDS or word.removesuffix("s") in _FIGURE_WORDS:
            continue
        if len(word) > 1:
            seen.setdefault(stem(word.replace("’", "'")), None)
    return list(seen)


UNSUPPORTED_NUMBER = Rule("llm.unsupported-number", _unsupported_number)
UNSUPPORTED_DATE = Rule("llm.unsupported-date", _unsupported_date)
UNSUPPORTED_NAME = Rule("llm.unsupported-name", _unsupported_name)
NEGATION_MISMATCH = Rule("llm.negation-mismatch", _negation_mismatch)
OPPOSITE_WORD = Rule("llm.opposite-word", _opposite_word)
UNQUOTED_CLAUSE = Rule("llm.unquoted-clause", _unquoted_clause)
LOW_OVERLAP = Rule("llm.low-overlap", _low_overlap)
DEFAULT_RULES = (
    UNSUPPORTED_NUMBER,
    UNSUPPORTED_DATE,
    UNSUPPORTED_NAME,
    NEGATION_MISMATCH,
    OPPOSITE_WORD,
    UNQUOTED_CLAUSE,
    LOW_OVERLAP,
)


def verify_statement(
    statement: str,
    quotes: Sequence[str],
    *,
    context: Sequence[str] = (),
    similarity: Callable[[str, str], float] | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
) -> Verdict:
    """Whether `quotes` support `statement`, and the rule that decided.

    `context` (the full passages) only tells whether a capitalised first word is a name;
    the quotes count as context too.
    `similarity(statement, quote)`, when given, may accept a statement that fails only
    llm.low-overlap, at a cosine of RESCUE_SIMILARITY or more; numbers, dates, names and
    negation are never overridden.
    """
    if not quotes:
        return Verdict(False, "llm.no-citation", "no quote supports it")
    evidence = _Evidence(statement, tuple(quotes), tuple(context))
    for rule in rules:
        detail = rule(evidence)
        if detail is None:
            continue
        if rule is LOW_OVERLAP and similarity is not None:
            best = max(similarity(statement, q) for q in quotes)
            if best >= RESCUE_SIMILARITY:
                return Verdict(True, "llm.similar", f"cosine {best:.2f} to its quote; {detail}")
        return Verdict(False, rule.name, detail)
    terms = _content_stems(statement)
    return Verdict(True, "llm.supported", f"names, figures and {len(terms)} content words quoted")


# --- text that speaks to the model ------------------------------------------------------------

_INSTRUCTION = re.compile(
    r"""
    \b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+)?
        (?:previous|prior|above|earlier|preceding|your|system|original|initial|these|those)
        \s+(?:\w+\s+)?(?:instructions?|prompts?|directions|directives|guidelines|rules)\b
    | \b(?:ignore|disregard|forget)\s+
        (?:(?:all|any|the|everything|of|these|those|passages?|text|context|messages?)\s+)*
        (?:previous|prior|above|earlier|preceding|before)\b
    | \bfrom\s+now\s+on\b[^.\n]{0,40}?\b(?:respond|reply|answer|say|write|output)\b
    | (?:^|[.!?]\s+|\n)\s*(?:system|assistant|user|developer)\s*:
    | <\|\s*\w+\s*\|> | \#{2,}\s*(?:instruction|system|response)s?\b
    | \b(?:instructions?|note|message)\s+(?:for|to)\s+(?:the\s+|any\s+|all\s+)?
        (?:ai(?:\s+models?)?|llms?|language\s+models?|chatbots?|(?:models?|assistants?)(?=\s*[:.,]))
    | \b(?:new|updated|real|actual|hidden)\s+instructions?\s*:
    | \bsystem\s+prompt\b | \bdeveloper\s+mode\b
    | \b(?:you\s+are|you're)\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|llm)\b
    | \bas\s+an?\s+(?:ai|language\s+model)\b
    | \b(?:ai|assistant|language\s+model|llm|chatbot)s?\s+(?:reading|processing|summari[sz]ing)
        \s+(?:this|these|the\s+following)\b
    | (?:^|[.!?]\s+|\n)["'“‘(\s]*(?:please\s+)?
        (?:say|answer|reply|respond|output|print|write|state|repeat|claim)
        \s*(?::|that\b|with\b|only\b|exactly\b|the\s+following\b|["“])
    | (?:^|[.!?]\s+|\n)["'“‘(\s]*(?:please\s+)?tell\s+(?:the\s+)?(?:user|reader)s?\b
    | CANNOT_ANSWER | </?\s*passage\b | \[\d{1,3}\s*[:,]\s*["“'‘«]
    """,
    re.IGNORECASE | re.VERBOSE,
)


def instruction_like(text: str) -> str | None:
    """The part of `text` that addresses a language model, or None for ordinary prose.

    News rarely tells its reader to ignore instructions, adopt a role, answer in a set form or
    speak newsbot's citation protocol; text that does is treated as an attempt to steer the
    model, and the passage holding it is never used as evidence for a model's statement.
    """
    match = _INSTRUCTION.search(_plain(text))
    return " ".join(match.group(0).split()) if match else None


# Characters that hide a word from a pattern but not from a model: zero-width ones, and
# Markdown's bold marks ("**Say:**").
_HIDING = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad*"), None)


def _plain(text: str) -> str:
    """`text` as a model reads it: compatibility forms folded ("Ｉｇｎｏｒｅ" is "Ignore"),
    invisible characters and emphasis marks gone."""
    return unicodedata.normalize("NFKC", text).translate(_HIDING)
