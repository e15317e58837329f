"""What kind of thing a question asks for, so evidence that does not mention it is not offered.

"How many storks were counted?" must not be answered with "8,400 cranes were counted": the
counted noun, the thing a possessive names ("the union's demand") and a causal link for "why"
have to be in the evidence.

The noun after "which" or "what" is not looked for: reports name the answer without the
question's category word ("Which vessel ...?" / "the Kestrel Dawn"; docs/evaluation.md says
what that check cost).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from bot.answering.question import CALENDAR_WORDS, FIGURE_KINDS, YEAR
from vectorstore.text import (
    GENERIC_WORDS,
    MONTHS,
    NUMBER_WORDS,
    STOPWORDS,
    TENS_WORDS,
    WEEKDAYS,
    content_terms,
    stem,
    tokenize,
    without_dateline,
    words_pattern,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "ValueKind",
    "gives_a_value",
    "gives_an_age",
    "missing_focus",
    "question_verbs",
    "undisclosed",
]

# Categories an answer rarely names literally ("Which company ...?" -> "Google").
_CATEGORIES = frozenset(
    """company companies firm firms group groups person people individual individuals country
    countries team teams player players city cities organisation organization outlet outlets
    one ones entity entities name names brand brands body bodies""".split()
)
_AUXILIARIES = frozenset(
    "did do does will would is was are were has have had can could should may might".split()
)
_COUNTED_PHRASE = re.compile(r"^\s*how\s+many\s+(.*)$", re.IGNORECASE | re.DOTALL)
# Money questions: a figure must sit in a sentence that names what the money is.
_ASKS_AMOUNT = re.compile(
    r"^\s*(?:how\s+much|what\s+(?:is|was|are|were|will|would|did|does|do)\b)", re.IGNORECASE
)
_MONEY_TERMS = (
    frozenset({"revenue", "revenues", "turnover"}),
    frozenset({"profit", "profits"}),
    frozenset({"salary", "salaries", "wage", "wages"}),
    frozenset({"spend", "spends", "spent", "spending"}),
    frozenset({"budget", "budgets"}),
)
_HOW_MANY = re.compile(r"^\s*how\s+many\b", re.IGNORECASE)
_COUNT = re.compile(
    r"\d|\b(?:"
    + words_pattern(NUMBER_WORDS[1:] + TENS_WORDS)
    + r"|dozens?|hundreds?|thousands?|millions?|billions?|several|no|none|a few|half)\b",
    re.IGNORECASE,
)
# Prices are often given without the word ("Tickets start at 59 euros"): any figure will do.
_PRICE_TERMS = frozenset({"cost", "costs", "costing", "price", "prices", "priced", "fare", "fares"})
# "What will a tram ticket cost?": the thing before the verb "cost"; not the noun "cost" of
# "What is the current estimated cost of the tunnel?" or "... the projected cost for the new
# hospital?", whose "of"/"for" phrase names the thing (`_PRICE_OF`).
_PRICED = re.compile(
    r"^\s*(?:how\s+much|what)\s+(?:will|would|does|did|do|is|was|are|were)\s+(.+?)\s+cost\b",
    re.IGNORECASE,
)
_PRICE_OF = re.compile(r"\b(?:price|cost|fare)\s+(?:of|for)\s+([^,;?]+)", re.IGNORECASE)
# Words before the noun "cost", never the end of a thing that costs: "the estimated cost".
_COST_NOUN_BEFORE = frozenset(
    """the a an its their his her this that estimated projected expected total current final
    overall annual likely initial original approximate full new latest revised""".split()
)
_MAX_PRICED_WORDS = 5

_CAUSAL_QUESTION = re.compile(
    r"^\s*(?:why\b|what\s+(?:caused|causes|led to|triggered|sparked))", re.IGNORECASE
)
# "after", "since" and "following" give a cause only when what follows is no time: "broke out
# after 4:15 a.m.", "since 2019", "following Tuesday's vote" say when.
_WHEN = (
    r"(?!\s+(?:\d|about\s+\d|around\s+\d|midnight|noon|dawn|dusk|last\b|"
    r"(?:" + words_pattern((*WEEKDAYS, *MONTHS)) + r")\b))"
)
_CAUSAL_CUES = re.compile(
    r"\b(?:because|due to|caus(?:e|ed|es|ing)|as a result|result(?:ed)? (?:of|from|in)|"
    r"attribut(?:e|ed|es)|blam(?:e|ed|es)|spark(?:ed|s)?|trigger(?:ed|s)?|led to|owing to|"
    r"thanks to|so that|in order to|credit(?:ed|s)?|reason|amid|"
    r"(?:after|since|following)\b" + _WHEN + r")\b",
    re.IGNORECASE,
)


# Numbers in words, for ages and figures: "six-year-old", "aged nine", "forty-one".
_NUMBER_WORDS = (
    rf"(?:(?:{words_pattern(TENS_WORDS)})(?:-[a-z]+)?|{words_pattern(NUMBER_WORDS[1:20])})"
)
# A number that may be an age: not part of "1,350,000" or "64.2".
_AGE_NUMBER = rf"(?:(?<![\d,.])\d{{1,3}}(?![\d,.]\d)|{_NUMBER_WORDS})"
# An age, however news gives one: "a 73-year-old man", "2 years old", "aged 34", "the age of
# 68", "31 years of age", a number between commas or in brackets after a name or noun
# ("Kessel, 63, founded", "Marta Ovsen (81) died"), "At 72, Holm is ...", "turned 80", one
# after "is"/"was" that ends its clause or is followed by "when" ("The youngest was 23 and
# the oldest 57", "She was 29 when she was elected"), "his 90th birthday", "in her 40s",
# "teenage"; for a thing, how long ago it was made ("about 3,100 years ago", "1100 BC",
# "built in 1962", "the 17th-century painter", "a 1,500-year-old church").
_AN_AGE = re.compile(
    rf"(?:\b{_AGE_NUMBER}|\b\d{{1,2}},\d{{3}}|\b\d{{4}})[- ](?:years?|months?|weeks?|days?)"
    r"[- ]old\b"
    rf"|\bage[sd]?\s+(?:of\s+)?(?:about\s+|around\s+|between\s+|under\s+|over\s+)?"
    rf"{_AGE_NUMBER}\b"
    rf"|\b{_AGE_NUMBER}\s+years?\s+of\s+age\b"
    r"|(?<!\d),\s*\d{1,3}(?![\d,.]\d)\s*(?:[,;)]|\.(?!\d))"
    r"|\(\s*\d{1,3}\s*\)"
    rf"|\bat\s+{_AGE_NUMBER}\s*,"
    rf"|\bturn(?:s|ed|ing)?\s+{_AGE_NUMBER}\b"
    rf"|\b(?:is|was|are|were)\s+(?:about\s+|around\s+|only\s+|just\s+)?{_AGE_NUMBER}"
    r"(?=\s*(?:[,;]|\.(?!\d)|and\b|when\b|$))"
    r"|\b\d{1,3}(?:st|nd|rd|th)\s+birthday\b"
    r"|\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?|late\s+)?(?:\d0'?s|[a-z]+ties|teens)\b"
    r"|\bteen(?:age|aged|ager|agers)?\b"
    r"|\byears\s+ago\b|\b\d+\s*BCE?\b|\bcentur(?:y|ies)\b"
    r"|\b(?:born|built|founded|established|opened|made|completed|constructed|"
    r"dat(?:es|ed|ing))\b[^.;]{0,40}\b\d{4}\b",
    re.IGNORECASE,
)

# Any time at all, for "when" and "how long": a date, a weekday, a clock time, a span from now
# ("two weeks ago", "later this year", "soon"), or a time by another event ("after the match",
# "at Easter").
_TIME_WORDS = (
    "today yesterday tomorrow tonight ago overnight midday noon midnight dawn dusk morning "
    "afternoon evening night weekends? days? weeks? fortnight months? years? decades? "
    "century hours? minutes? season summer winter spring autumn quarter easter christmas "
    "soon shortly immediately recently now earlier later once after before until since during"
).split()
_A_TIME = re.compile(
    rf"\b(?:{YEAR.pattern}s?|{words_pattern(CALENDAR_WORDS)}|"
    rf"{'|'.join(_TIME_WORDS)}|\d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}[:.]\d\d|"
    r"\d{1,2}\s*[ap]\.?m)\b",
    re.IGNORECASE,
)
# Any figure at all, for a measure or a sum: a number in digits or words, or a share.
_A_FIGURE = re.compile(
    rf"\d|\b(?:{_NUMBER_WORDS}|hundreds?|thousands?|millions?|billions?|dozens?|several|"
    r"few|half|quarter|third|fifth|tenth|double[ds]?|twice|tripled?|halved)\b",
    re.IGNORECASE,
)
ValueKind = Literal["time", "figure", "duration"]


def gives_a_value(kind: ValueKind, sentence: str) -> bool:
    """Whether the sentence gives any value of the kind asked: any time at all for "when",
    any figure for a measure or a sum ("how much"), either for a duration ("how long": "since
    March", "nine days"). Not whether it is the value asked (the binders read that): "Greta
    Holm called for a ban on single-entrance queuing" gives no time, and quoted alone for
    "When did the ban come into force?" reads as the answer."""
    text = without_dateline(sentence)
    if kind != "figure" and _A_TIME.search(text):
        return True
    return kind != "time" and _A_FIGURE.search(text) is not None


def gives_an_age(sentence: str) -> bool:
    """Whether the sentence gives any age at all, of anyone or anything: the test that keeps
    "How old is prosecutor Hedda Lind?" from being answered by a sentence that names her but
    gives no age, which quoted alone reads as the answer. Whose age it is, is left to the
    binders (`lead.age`): this only says that an age is there to read."""
    return _AN_AGE.search(without_dateline(sentence)) is not None


_IRREGULAR_VERBS = frozenset(
    """led won lost made took got gave said told ran saw wrote built bought sold paid held kept
    left met put set began came went became brought thought fought found stood spent sent""".split()
)


def _counted_words(question: str, verbs: frozenset[str] = frozenset()) -> list[str]:
    """The noun phrase after "how many", up to the first verb or comma: "how many wind
    turbines were ..." -> [wind, turbines]; "how many people ..." -> [] (categories are not
    looked for). `verbs`: the question's verbs by the parse ("How many people live ..."),
    which the spelling alone does not tell from nouns.
    """
    match = _COUNTED_PHRASE.match(question)
    if not match:
        return []
    phrase = re.split(r"[,;:?!()]", match.group(1), maxsplit=1)[0]
    words: list[str] = []
    for word in tokenize(phrase):
        verb_like = word.endswith(("ed", "ly")) or word in _IRREGULAR_VERBS or word in verbs
        if word in _AUXILIARIES or word in STOPWORDS or verb_like or len(words) == 3:
            break
        words.append(word)
    while words and words[-1] in _CATEGORIES:
        words.pop()
    return words


# Kinds of answer that evidence states without naming them ("in 2019", not "in the year 2019").
_ANSWER_KINDS = frozenset(
    """year years date dates day days month months time times percentage percent share number
    amount figure total size age kind type sort way reason role position status margin score
    result outcome job title post occupation profession""".split()
)


def _vague(word: str) -> bool:
    return any(word in words for words in (_CATEGORIES, _ANSWER_KINDS, STOPWORDS, GENERIC_WORDS))


_WH_QUESTION = re.compile(r"^\s*(?:who|whom|whose|what|which|when|where|how)\b", re.IGNORECASE)
# "Athletic's goal", "the plant's permit"; not "a team's performance", which names no one thing.
_POSSESSED = re.compile(
    r"(?<!\ba )(?<!\ban )\b[\w-]+['’]s\s+((?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE
)


def _possessed_noun(question: str, verbs: frozenset[str] = frozenset()) -> str | None:
    """ "Who scored Rivermouth Athletic's goal ...?" -> goal: the thing a wh-question asks about.

    Yes/no questions are left out: "Does X's report suggest ...?" asks for a judgement. The
    possessed phrase ends before a verb of the question: "How much did Nuvato's shares drop?"
    asks about the shares, not a drop.
    """
    if not _WH_QUESTION.match(question):
        return None
    match = _POSSESSED.search(question)
    if not match:
        return None
    head = None
    for word in tokenize(match.group(1)):
        if word in STOPWORDS or word in _AUXILIARIES or word in verbs:
            break
        head = word
    return None if head is None or _vague(head) else head


_COUNTED = 3  # "3,000 affordable homes": a count sits at most this many words before its noun


def _is_count(word: str) -> bool:
    return word[:1].isdigit() or bool(_COUNT.fullmatch(word))


# Nouns of a harm, and the beginnings of the words a report counts it by.
_HARMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("death", "fatalit"), ("died", "dead", "killed", "perished", "drowned")),
    (("injur",), ("injured", "hurt", "wounded")),
)


def _counts_noun(
    noun: str,
    question: str,
    sentences: Sequence[str],
    same_noun: Callable[[str, str], bool] | None = None,
    headlines: Sequence[str] = (),
) -> bool:
    """Whether a sentence counts `noun` ("95,000 homes", "nine-day strike"), or a noun that
    `same_noun` holds for the same ("150 soldiers" for troops), and says more of what the
    question asks, itself or in its report's headline ("after 62 firefighters were sent"
    under "Blaze at Brellham packaging plant" for "How many firefighters tackled the Brellham
    blaze?"): "95,000 homes" powered does not answer how many were sold."""
    wanted = stem(noun)
    others = {stem(w) for w in content_terms(question, drop_generic=True)} - {wanted}
    # "How many deaths ...?" is counted by "23 people died", "How many injuries?" by "40 hurt".
    harmed = next((forms for nouns, forms in _HARMS if noun.startswith(nouns)), ())
    for index, sentence in enumerate(sentences):
        headline = headlines[index] if index < len(headlines) else ""
        words = tokenize(sentence)
        counted = any(
            (
                any(_is_count(w) for w in words[max(0, position - _COUNTED) : position])
                or _level_after(words, position)
            )
            and (
                stem(word) == wanted
                or (bool(harmed) and word.startswith(harmed))
                or (
                    same_noun is not None
                    and word.isalpha()
                    and word not in STOPWORDS
                    and same_noun(noun, word)
                )
            )
            for position, word in enumerate(words)
        )
        said = {stem(w) for w in [*words, *tokenize(headline)]}
        if counted and (not others or others & said):
            return True
    return False


# "Inspections fell to 310", "the workforce ... to about 2,900", "stood at 41,000": a level a
# noun reached, given after it.
_TO_A_LEVEL = frozenset("to at totalled totaled totalling totaling numbered reached".split())
_HEDGES = frozenset("about around roughly nearly almost some just over under only".split())
_LEVEL_WINDOW = 8  # words from the noun to its level, at most
_NOT_A_LEVEL = frozenset({"am", "pm", "a", "p", "o'clock", "hours", "gmt", "utc"})


def _level_after(words: Sequence[str], position: int) -> bool:
    """Whether a figure follows the noun at `position` as the level it reached or stands at
    ("Inspections of egg farms fell to 310"), within a few words and no sentence break."""
    for index in range(position + 1, min(len(words), position + _LEVEL_WINDOW + 1)):
        word = words[index]
        if not word[:1].isdigit():
            continue
        after = words[index + 1] if index + 1 < len(words) else ""
        if after in _NOT_A_LEVEL or (YEAR.fullmatch(word) and after.startswith("level")):
            continue  # "at 5 pm", "returned to 2019 levels"
        back = index - 1
        while back - 1 > position and words[back] in _HEDGES:  # "to just over 300"
            back -= 1
        if words[back] in _TO_A_LEVEL:
            return True
    return False


def _missing_figure(
    question: str,
    sentences: Sequence[str],
    contexts: Sequence[str] | None,
    verbs: frozenset[str] = frozenset(),
    same_noun: Callable[[str, str], bool] | None = None,
) -> tuple[str, str] | None:
    """A question asking for a number ("How many ...") or an amount ("How much ...", "What did
    ... spend") whose chosen sentences hold no figure, or none beside the money word; a price
    question whose figures all sit in reports about something else."""
    answer = " ".join(sentences)
    if _HOW_MANY.match(question):
        if not _COUNT.search(answer):
            return ("refuse.no-count", "the evidence gives no number")
        counted = _counted_words(question, verbs)
        # "How many people ..." is answered by "killed four"; other nouns are counted as such.
        if (
            counted
            and counted[-1] not in _CATEGORIES
            and not _counts_noun(
                counted[-1],
                question,
                sentences,
                same_noun,
                [c.split("\n", 1)[0] for c in contexts or ()],
            )
        ):
            return ("refuse.no-count", f"the evidence gives no number of {counted[-1]}")
    if not _ASKS_AMOUNT.match(question):
        return None
    asked = set(tokenize(question))
    for group in _MONEY_TERMS:
        if asked & group:
            for sentence in sentences:
                if re.search(r"\d", sentence) and set(tokenize(sentence)) & group:
                    return None
            return (
                "refuse.no-amount",
                f"the evidence gives no amount for {sorted(asked & group)[0]}",
            )
    if asked & _PRICE_TERMS and not re.search(r"\d", answer):
        return ("refuse.no-price", "the evidence gives no price")
    priced = _priced_thing(question, verbs)
    if priced and contexts is not None:
        for sentence, context in zip(sentences, contexts, strict=True):
            present = {stem(word) for word in tokenize(context)}
            if re.search(r"\d", sentence) and all(stem(word) in present for word in priced):
                return None
        return ("refuse.no-price", f"the evidence gives no price for {' '.join(priced)}")
    return None


def _priced_thing(question: str, verbs: frozenset[str] = frozenset()) -> list[str]:
    """ "What will a single tram ticket to the airport cost?" -> [single, tram, ticket, airport]:
    a price must be given in a report about that very thing, not a ferry's return ticket. The
    question's verbs name no thing ("How much is the bridge expected to cost?" -> [bridge])."""
    priced = _PRICED.match(question)
    if priced and priced.group(1).split()[-1].casefold() in _COST_NOUN_BEFORE:
        priced = None  # the noun "cost": its "of"/"for" phrase (if any) names the thing
    for match in (priced, _PRICE_OF.search(question)):
        words = content_terms(match.group(1), drop_generic=True) if match else []
        words = [w for w in words if w not in verbs]
        if words:  # "What is the cost of ...": "the" names nothing, the "of" phrase does
            return words if len(words) <= _MAX_PRICED_WORDS else []
    return []


def missing_focus(
    question: str,
    evidence: str,
    sentences: Sequence[str] | None = None,
    contexts: Sequence[str] | None = None,
    verbs: frozenset[str] = frozenset(),
    same_noun: Callable[[str, str], bool] | None = None,
) -> tuple[str, str] | None:
    """Why the evidence cannot answer the question's form, as `(rule, detail)`, or None.

    `evidence` is the cited passages with their titles; `sentences`, the sentences chosen;
    `contexts`, the passage (with title) each sentence comes from; `verbs`, the question's
    verbs (lower case) by the parse (`question_verbs`): the noun phrases the rules look for
    end before them; `same_noun`, whether two nouns name the same thing (the embedding model:
    "troops"/"soldiers"), for the noun a count is of.
    """
    if _CAUSAL_QUESTION.match(question) and not _CAUSAL_CUES.search(evidence):
        return ("refuse.no-cause", "the evidence gives no cause")
    if sentences is not None:
        # "ARDMOSS, Nov 6 (CPA) -": a dateline's date is no figure of the news.
        sentences = [without_dateline(s) for s in sentences]
        missing = _missing_figure(question, sentences, contexts, verbs, same_noun)
        if missing:
            return missing
    present = {stem(word) for word in tokenize(evidence)}
    possessed = _possessed_noun(question, verbs)
    if possessed and stem(possessed) not in present:
        return ("refuse.no-possessed", f"the evidence does not mention the {possessed}")
    return None


def question_verbs(question: Doc) -> frozenset[str]:
    """The question's verbs as written (lower case), by the parse: its VERB tokens and its root
    when that is not an auxiliary ("How far did Kestrion's share price fall?" tags "fall" a
    noun, but it is the root: what happened, not the thing asked about)."""
    return frozenset(
        t.lower_ for t in question if t.pos_ == "VERB" or (t.dep_ == "ROOT" and t.pos_ != "AUX")
    )


# "declined to say", "has not been named", "were not disclosed", "did not give a figure": a
# report saying that something is not known. The words after the phrase (or, for a passive,
# before it) say what.
_NOT_DISCLOSED = re.compile(
    r"\b(?:(?:declined|refused|would not|did not|has not|have not|had not|could not|"
    r"was not able to|were not able to)\s+(?:to\s+)?(?:say|said|give|given|disclose|"
    r"disclosed|reveal|revealed|specify|specified|name|named|put a figure on|comment on)|"
    r"(?:was|were|has|have|had)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:disclosed|named|"
    r"revealed|released|made public|specified|given|identified)|undisclosed|"
    r"(?:is|was|are|were|remains|remained)\s+(?:still\s+)?(?:unclear|not\s+(?:yet\s+)?"
    r"(?:clear|known))|too\s+(?:soon|early)\s+to\s+(?:say|tell)|"
    r"asked\s+not\s+to\s+be\s+(?:named|identified))\b",
    re.IGNORECASE,
)
# What a non-disclosure must say is unknown for each kind of answer: a figure ("how much", "a
# figure", "terms"), a name ("named"), a date ("when").
_UNDISCLOSED_CUES: dict[str, frozenset[str]] = {
    "amount": frozenset(
        {"how much", "figure", "sum", "amount", "price", "cost", "terms", "value", "fee"}
    ),
    "count": frozenset({"how many", "figure", "number", "total"}),
    "measure": frozenset({"how much", "how many", "how long", "figure", "size", "amount"}),
    "date": frozenset({"when", "date"}),
    "place": frozenset({"where"}),
    "name": frozenset({"name", "named", "identify", "identified", "who"}),
    # "Will Bluehaven offer cash refunds?": "It did not say whether it would offer them".
    "yesno": frozenset({"whether"}),
    # "How did the inmates get the tools?": "How the men obtained the tools remains unclear".
    "manner": frozenset({"how"}),
    "reason": frozenset({"why"}),
}
# "how the men obtained the tools", not "how many", "how long": the manner, not a measure.
_HOW_IT_HAPPENED = re.compile(
    r"\bhow\b(?!\s+(?:many|much|long|far|old|often|big|large|soon|high|deep|fast))"
)
# Kinds whose unknown must hold most of what is asked, not only a word of it: "whether" and
# "how" are said of anything.
_WHOLLY_ASKED = frozenset({"yesno", "manner", "reason"})
# A name outside the unknown's clause, past the sentence's first word: a place it gives.
_NAMED = re.compile(r"(?<=\S)\s+(?:the\s+)?[A-Z][a-z]+")


# Where a clause ends, around a non-disclosure phrase: "..., but did not say how many had been
# paid" is its own clause; "the final vote was 5-4" before " but " is another.
_CLAUSE_BREAK = re.compile(r",|;|\bbut\b|\band\b|\bwhile\b")
_FIGURE = re.compile(r"\d")


def undisclosed(
    kind: str | None,
    question: str,
    sentence: str,
    *,
    wholly: bool = False,
) -> str | None:
    """rule refuse.undisclosed: the sentence says that what the question asks is not known:
    "Castellan has not said how much it would charge for vericarbin" for "How much will
    Castellan charge for vericarbin?", "The woman who died, who has not been named" for "What
    was the name of the woman who died?". The phrase must be of the kind of answer asked (a
    name for who, a figure for how much, a date for when), and its clause, with the words
    before it that it is about ("The woman who died"), must share a word with the question
    besides those: "bids he declined to name" says nothing of a vote's result, nor "did not say
    how long oil had been escaping" of how long a rescue took. A figure the sentence gives
    outside that clause answers ("About 212,000 notices were issued, but it did not say how
    many had been paid"), unless the clause holds most of what the question asks ("did not say
    how long oil had been escaping before the drop was noticed" beside "40 minutes later").
    `wholly`: the clause must hold most of what the question asks whatever its kind, as when
    a value was bound elsewhere (a lead withheld: "Castellan has not said how much it would
    charge for vericarbin" outweighs a forecast of its sales). What the unknown says after
    its phrase must be all the question's: "has not said how much it will invest in the second
    phase of the plant" leaves open another sum than what it invests in the plant, "did not
    say where the protest would start" another place than where the farmers will protest. A
    place unknown is no unknown when the sentence names one outside its clause ("did not say
    where the trucks would unload, but said the Lindby depot could take 20 a day"). The
    phrase found, or None."""
    cues = _UNDISCLOSED_CUES.get(kind or "")
    if cues is None:
        return None
    lowered = sentence.lower()
    cue_words = {stem(c) for cue in cues for c in cue.split()}
    asked = {stem(w) for w in content_terms(question, drop_generic=True)} - cue_words
    # Every word of the question, generic ones too: what its unknown may say.
    said = {stem(w) for w in content_terms(question)}
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(lowered)]
    for match in _NOT_DISCLOSED.finditer(lowered):
        start = max([b for b in breaks if b < match.start()], default=0)
        end = min([b for b in breaks if b >= match.end()], default=len(lowered))
        before = max([b for b in breaks if b < start], default=0)
        clause = lowered[start:end]
        words = set(tokenize(clause))
        if not any((" " in cue and cue in clause) or cue in words for cue in cues):
            continue
        if kind == "manner" and not _HOW_IT_HAPPENED.search(clause):
            continue  # "unclear how many people were inside" is a figure, not how
        # A name withheld is of whom the sentence is about ("A cargo ship was recorded ...,
        # but he declined to name it"); a figure, of what its clause says.
        about = {stem(w) for w in tokenize(lowered if kind == "name" else lowered[before:end])}
        if not asked & about:
            continue
        inside = asked & {stem(w) for w in words}
        unknown = {stem(w) for w in content_terms(lowered[match.end() : end])}
        if kind not in _WHOLLY_ASKED and unknown - said - cue_words:
            continue  # "how much it will invest in the second phase": another sum
        written = sentence if len(sentence) == len(lowered) else lowered
        if kind == "place" and _NAMED.search(written[:start] + written[end:]):
            continue  # "..., but said the Lindby depot could take 20 trucks a day"
        if (wholly or kind in _WHOLLY_ASKED) and len(inside) * 2 < len(asked):
            continue  # "did not say whether it would appeal" is not whether it will pay
        if (
            kind in FIGURE_KINDS
            and _FIGURE.search(lowered[:start] + lowered[end:])
            and len(inside) * 2 < len(asked)
        ):
            continue  # a figure given outside, and the unknown is of something else
        return match.group(0)
    return None
