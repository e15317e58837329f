"""The parsed question: what it asks for, read once by the spaCy pipeline.

A `Question` says which kind of short answer would answer it (a count of some noun, an amount,
a date, a person holding a role, who did something, a place), and which words name the event
it asks about. The answerers bind candidate answers to these, sentence by sentence
(`bot.answering.binding`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, cast

from bot.answering.nlp import NlpPipeline
from vectorstore.text import MONTH_ABBREVIATIONS, MONTHS, NAME, WEEKDAYS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc, Span, Token
    from thinc.types import Ints2d

__all__ = [
    "CURRENCIES",
    "DOWN_VERBS",
    "HARM_FAMILIES",
    "KIND_NOUNS",
    "MONEY_NOUNS",
    "NAME_LABELS",
    "PERSON_PRONOUNS",
    "PHASES",
    "PRICE_WORDS",
    "REPORTING_VERBS",
    "TELLING_VERBS",
    "UP_VERBS",
    "WH_WORDS",
    "YEAR",
    "AskedKind",
    "Happening",
    "Question",
    "Ranking",
    "has_person_pronoun",
    "initials",
    "opposite_verb",
    "ordinal_place",
    "parse_question",
    "rate_unit",
    "same_counted",
    "same_harm",
    "same_verb",
    "unreferenced_pronoun",
    "without_conjunction",
    "without_links",
]

AskedKind = Literal[
    "count", "amount", "date", "role", "describe", "agent", "place", "object", "measure", "yesno"
]
# "Can the ruling be appealed?", "Will Flitway keep its brand?": a question opened by an
# auxiliary asks yes or no.
_YES_NO_OPENERS = frozenset(
    "is are was were am do does did will would can could should has have had may might must".split()
)
# Words that make a question's own polarity or scope unclear: "Isn't it ...?", "Did anyone
# other than ...".
_NEGATIONS = frozenset("not n't never no nobody none".split())
# "What time did the leak start?", "At what hour ...": a time asked, not a day.
_CLOCK_NOUNS = frozenset({"time", "hour"})
# "How long/far/old ... ?" is answered by a quantity or a duration, never a bare count; "What
# was the turnout?" by any figure.
_SIZE_LABELS = frozenset({"QUANTITY", "TIME", "DATE"})
_QUANTITY_LABELS = frozenset({"QUANTITY", "CARDINAL"})
_FIGURE_LABELS = frozenset({"PERCENT", "QUANTITY", "MONEY", "CARDINAL", "TIME"})
# "How long/far/old ... ?": a measure of the thing the question is about.
# "How heavy/tall/deep/wide ...?" asks a weight or a length: a quantity, never a time ("How
# far/high ...?" may ask a fall in percent, "How long ...?" a duration).
_BODY_SIZES = frozenset("heavy tall deep wide thick".split())
_MASS_OR_LENGTH_LABELS = frozenset({"QUANTITY"})
_MEASURE_ADVERBS = frozenset(
    "long far big old tall high large deep wide heavy thick fast often".split()
)

# The question words, for every reader of a question (premise, follow-ups).
WH_WORDS = frozenset("who whom whose what which when where why how".split())
# The kinds of answer that are a figure: a count, a sum, a measure.
FIGURE_KINDS = frozenset({"count", "amount", "measure"})
# Nouns that say what kind of answer is wanted, not what the event is ("which company").
_CATEGORY_NOUNS = frozenset(
    """company firm group person people individual organisation organization team country city
    town place outlet brand player club party agency bank year date day month time number
    amount share percentage""".split()
)
# "Who is the individual/figure/person that ...": described, not a role.
_DESCRIBED = frozenset("individual person figure entity one people".split())
# Words before a name that are not part of it ("President Marek Ilves", "Mayor Solberg").
TITLES = frozenset(
    """president mayor minister governor senator judge chancellor premier prime king queen
    prince princess general colonel captain coach dr mr mrs ms sir lord lady ceo cfo coo
    cto prosecutor detective inspector commissioner sheriff""".split()
)
# Courtesy titles: they say nothing of what a person does ("Dr. Saskia Brennan", "Mr Ek").
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "prof", "sir", "dame"})
# People by what they do or are in a story: "Which committee member voted to hold rates?"
# asks who, as "Which player ...?" does.
_PERSON_NOUNS = frozenset(
    """member economist analyst candidate rider driver runner athlete skier climber survivor
    victim witness suspect defendant investor shareholder passenger scientist researcher
    lawmaker legislator winner official engineer""".split()
)
_AGENT_NOUNS = (
    frozenset(
        """company firm group person individual organisation organization team country outlet
        brand player club party agency bank""".split()
    )
    | _PERSON_NOUNS
)
_PLACE_NOUNS = frozenset("city town country place region village state province".split())
# What the recogniser tags a name: what "What is the name of ...?" asks for is one of these.
NAME_LABELS = frozenset("PERSON ORG GPE LOC FAC PRODUCT WORK_OF_ART EVENT NORP LAW".split())
# "Which company ...?" is answered by an organisation's name, "which player" by a person's: the
# entity labels an answer to each category noun carries.
_CATEGORY_LABELS: dict[str, frozenset[str]] = {
    # Companies are tagged ORG reliably; groups, teams and parties are often tagged as people
    # or nationalities too ("Hayat Tahrir al-Sham" PERSON), so any of those will do for them.
    **dict.fromkeys(
        "company firm bank manufacturer maker airline carrier brand chain newspaper "
        "broadcaster insurer retailer".split(),
        frozenset({"ORG"}),
    ),
    **dict.fromkeys(
        "group organisation organization team club party agency outlet".split(),
        frozenset({"ORG", "NORP", "PERSON", "GPE"}),
    ),
    **dict.fromkeys(
        "person individual player author director coach minister official executive "
        "spokesperson spokesman spokeswoman leader founder".split(),
        frozenset({"PERSON"}),
    ),
    **dict.fromkeys(
        _PERSON_NOUNS,
        frozenset({"PERSON"}),
    ),
    **dict.fromkeys(
        "country city town state region province village".split(), frozenset({"GPE", "LOC"})
    ),
    # Institutions are tagged as organisations, buildings or places ("Grennick General").
    **dict.fromkeys(
        "court tribunal hospital clinic school university college museum".split(),
        frozenset({"ORG", "FAC", "GPE", "PERSON"}),
    ),
}
PRICE_WORDS = frozenset("cost price fare worth pay spend much".split())
# Words companies are named by, last in the name ("Halvard Shipping", "Kamerling Salvage",
# "Corvelle Airways"): a name ending in one is a company, whatever the recogniser tags it.
COMPANY_WORDS = frozenset(
    """airlines airways shipping salvage holdings group bank energy motors pharma
    pharmaceuticals capital partners systems technologies logistics media insurance
    construction mining chemicals foods telecom industries ltd inc corp plc gmbh ag sa""".split()
)
# "Which company is ...", "Who is the player that ...": nouns that say what kind of answer is
# wanted, not a role someone holds.
KIND_NOUNS = _CATEGORY_NOUNS | _AGENT_NOUNS

# Words that make a role another one: the deputy governor is not the governor, nor "the then
# rector" or "the late president" the one now.
OTHER_RANKS = frozenset("deputy vice assistant former ex then late associate shadow".split())
# "Who was Quorra's chief technology officer?": a former one was it.
PAST_RANKS = frozenset({"former", "ex", "then", "late"})
# Roles held for a portfolio ("the minister for health", "the deputy mayor for transport"),
# which a sentence naming the holder must say; "the spokeswoman for the union" names whom
# she speaks for, and "Its spokeswoman" says it.
_PORTFOLIO_ROLES = frozenset("minister secretary commissioner mayor councillor councilor".split())


@dataclass(frozen=True)
class Question:
    """What a question asks for; built once per question by `parse_question`.

    `counted`: the noun a "how many" question counts (lemma). `role`: the role words of "who is
    the mayor of X" (lemmas). `person`: the name in "who is Olaf Brenner?". `events`: lemmas
    of the verbs and nouns that name what happened; `name_heads`, the last word of each name
    (what a report keeps after the first mention), titles left out; `words`, every word as
    written (lower case); `numbers`, the figures it gives; `focus`, the noun whose measure or
    identity is asked; `measure_labels`, the entity labels that can measure it; `described`, a
    "who is the individual that ..." question; `arguments`, for a yes/no question, the nouns
    that are the subject or object of its verb ("ruling" in "Can the ruling be appealed?");
    `nouns`, every common noun (lemma); `qualifiers`, the words that say which one of the
    thing the verb is done to ("wheelchair" in "won the wheelchair race", "women" in "the
    women's race"); `objects`, the head of the verb's object with the heads of its possessor
    and "of" phrase ("the accident board's investigation" -> investigation, board);
    `relations`, the verb's prepositional phrases as (preposition, head lemma) ("campaigned
    against the bridge" -> (against, bridge)); `answer_labels`, the entity labels an answer
    to "which company/player/country" carries; `predicates`, the verbs among them (or,
    with none, "when was the election?", the noun the question is about): what a date, a place
    or a subject must attach to. `names`: the proper nouns it mentions.
    """

    text: str
    kind: AskedKind | None
    counted: str | None = None
    role: tuple[str, ...] = ()
    # "Who is the minister for health?" -> health: what the role is held for.
    role_scope: frozenset[str] = frozenset()
    person: str | None = None
    events: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    answer_labels: frozenset[str] = frozenset()
    focus: str | None = None
    measure_labels: frozenset[str] = frozenset()
    described: bool = False
    arguments: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    relations: frozenset[tuple[str, str]] = frozenset()
    # "Who was arrested?", "Who did police arrest?": the one the verb is done to is asked
    # for, not the one doing it ("Who was it founded by?" asks for the doer).
    done_to: bool = False
    # "Who did police arrest?": the subject the question gives (lemmas), whose doing the verb
    # must be in the sentence; empty when it gives none ("Who was arrested?").
    given_doer: frozenset[str] = frozenset()
    # "What growth does the bank expect?": the common-noun subjects of its verb (lemmas), whose
    # doing an object must be ("economists had expected the increase" is not).
    doers: frozenset[str] = frozenset()
    # "Which firm ...?" picks one of a kind ("which" as a determiner, not a relative "the
    # company which owns ..."): a figure never answers it.
    picks_one: bool = False
    # "How long did it take?": only a length of time answers it (not "128 metres", "morning").
    duration: bool = False
    # "How long is the whale?", "How deep is the lake?" ask a length, "How heavy ...?" a mass,
    # "How high/far ...?" an extent (see `_DIMENSION_ASKED`): a quantity in units of another
    # dimension ("2.3 tonnes") does not answer it. "" when the question asks none.
    dimension: str = ""
    # "When did Carnavia last default?", "When did the volcano previously erupt?": an earlier
    # one of the event is asked, not the one the reports are about.
    earlier: bool = False
    # "Has anyone died in the fire?", "Were there any arrests?": whether anything of a kind
    # happened to anyone (see `Happening`); None for every other question.
    happening: Happening | None = None
    # "How old is she?", "What is the age of Oskar Brenning?": an age is asked.
    age: bool = False
    # "What is the name of the nurse who died?", "What is the accused engineer's name?": the
    # noun (lemma) whose name is asked; "" for every other question.
    name_of: str = ""
    # Whose age, as written: "Calder's chief executive" in "How old is Calder's chief
    # executive?" ("" when no age is asked, or the parse gives no one).
    aged: str = ""
    # Its head and the words before it, lower-case: "the shipping magnate buying the club" ->
    # shipping, magnate; the words a sentence must set beside a name it gives the age of.
    aged_words: frozenset[str] = frozenset()
    # "By how much did the rate fall?", "How much did shares rise?": the size of a move is
    # asked, never the level it reached.
    moved: bool = False
    # "Did infections go down?", "How much did the mark gain?": the way the question's verb
    # says a figure moved ("up", "down"), for a yes/no question (a verb of the other way
    # answers it as well as its own: "fell", "rose") or one asking by how much (the other way
    # says its premise is false).
    moving: str | None = None
    # "How many errors did Duskova make?", "Is Dunmarrow planning to shut the pit?": the names
    # (lower case) of the subject the question puts between its auxiliary and its verb, whose
    # doing a count or a verdict must be.
    named_doers: frozenset[str] = frozenset()
    # "Had Roeland beaten Duskova?": the names the question's verb is done to (its object, or
    # its passive subject), which a verdict must say it of.
    named_objects: frozenset[str] = frozenset()
    # "When did the leak start?": (phase, subject) of a verb that says when something starts
    # or ends, so that another verb of that phase dates it ("the leak began").
    phased: tuple[tuple[str, str], ...] = ()
    # "Was Alvey found guilty of bribery?", "Was the wing declared fit for patients?": the
    # adjectives the question's verb says of what it is done to, which a verdict's sentence
    # must say too ("the court found that Alvey had overruled officials" says nothing of guilt).
    complements: frozenset[str] = frozenset()
    # "Should patients stop taking Veltrasan?": the verbs a verb of stopping governs, whose
    # being done says nothing of whether it stops ("patients take Veltrasan").
    stopped: frozenset[str] = frozenset()
    # "Does the ferry run on Sundays?": asked in the present tense, of what is wont to happen,
    # which a habit answers ("The ferry usually runs on Sundays"); "Will fares rise?" is not.
    asks_a_habit: bool = False
    # "What time did the leak start?": a time of day (or a clocked time) is asked, which the
    # recogniser tags TIME, not DATE.
    clock: bool = False
    # "How much is the strike costing per day?": the figure asked is a rate of this unit.
    per: str | None = None
    # "How many patients had waited a year two years ago?": the times a figure is asked for
    # ("two years ago", "2004", "march", "last season"), lower case, which the sentence that
    # gives it must say (`_times_asked`); for a name, a date or a verdict, only a year.
    times: frozenset[str] = frozenset()
    # "Who won the 2018 World Cup?", "the 1998 final": years that say which event is meant.
    # A sentence answers about that event only if it, its headline or its passage says the
    # year (or its report was published that year).
    event_years: frozenset[str] = frozenset()
    # "the Stone Bridge", "the Kessel Canal": a common noun the question names one of, with
    # the name's words (lower case); "the Morandi bridge" is another of the kind.
    named_kinds: tuple[tuple[str, frozenset[str]], ...] = ()
    # "Lyra-2", "Unit 1": a name and the number that says which one of a series it is, lower
    # case (`numbered_names`).
    numbered: frozenset[tuple[str, str]] = frozenset()
    # "since 2019", "by 2030": years that bound a period, not the year asked about.
    bounding_years: frozenset[str] = frozenset()
    # "How many Liberal Union members ...": the names that say whose the counted noun is.
    counted_names: frozenset[str] = frozenset()
    # "at the Brennholt plant": names that only say which of a thing the story is about (a
    # name modifying a common noun), not who did what; and those nouns ("plant").
    setting_names: frozenset[str] = frozenset()
    setting_nouns: frozenset[str] = frozenset()
    # "the Federation of Locomotive Engineers": the names in a name's "of" phrase, which a
    # report drops after its first mention ("the federation's general secretary").
    name_parts: frozenset[str] = frozenset()
    # "How old is Oskar Lindqvist?": the names as the question writes them, each a run of
    # capitalised words (not its first word), which say whose role or age is asked.
    written_names: tuple[str, ...] = ()
    # "Is this the first strike this year?": the place in a series that a yes/no question asks
    # whether its subject holds (see `Ranking`); None for every other question.
    ranking: Ranking | None = None
    # "Did the radar system fail?": a yes/no (or "how much did X rise") question's subject or
    # object nouns (lemmas), each with the nouns before it that say which one is meant, lower
    # case. "The flight-data system failed" says nothing of the radar one; "the system
    # failed" may.
    argument_qualifiers: tuple[tuple[str, frozenset[str]], ...] = ()
    # "Did Ostra make a profit?": the common nouns the question's verbs are done to (lemmas).
    object_heads: frozenset[str] = frozenset()
    # "Is Velmore the oldest university in the country?": the copula a yes/no question asks
    # about (see `Copula`); None for every other question.
    copula: Copula | None = None

    @property
    def years(self) -> frozenset[str]:
        """The years the question is about: those naming its event ("the 2019 fire") and
        those saying when ("in 2023")."""
        asked = self.event_years | {t for t in self.times if YEAR.fullmatch(t)}
        return asked - self.bounding_years


@dataclass(frozen=True)
class Happening:
    """What a yes/no question asks whether it befell anyone at all.

    `word`: the verb or noun of what happened (lemma: "die", "injure", "arrest", "death").
    `to`: the noun of those it may have befallen ("worker" in "Were any workers killed?"),
    None for "anyone". `graded`: the question says how badly ("badly hurt", "seriously
    injured"), so "no serious injuries" answers it; without it, it does not ("no serious
    injuries" leaves minor ones).
    """

    word: str
    to: str | None = None
    graded: bool = False


@dataclass(frozen=True)
class Ranking:
    """What "Is this the first strike on the network this year?" asks: whether its subject
    holds a place in a series.

    `place`: the place asked (1 for "first", "maiden", "inaugural"). `noun`: the noun ranked
    ("strike", lemma). `subject`: the noun of the copula's subject ("rally" in "Was Saturday's
    rally the first protest?"), None for a pronoun ("this", "it").
    """

    place: int
    noun: str
    subject: str | None


@dataclass(frozen=True)
class Copula:
    """What "Is Brightwater-2 still in service?" asks: whether a copula holds of its subject.

    `subject`: the subject's head word, lower case ("brightwater-2"); `subject_words`: the
    other words of its phrase ("jury" in "the jury's decision"). `predicate`: the words the
    sentence must say of it ("in", "service"; "oldest", "university", "country" for "the
    oldest university in the country": nouns as lemmas, other words as written, a
    preposition only when it is the predicate itself).
    """

    subject: str
    subject_words: frozenset[str]
    predicate: frozenset[str]
    # "Is ...?" asks what holds now: "was in service until 2021" does not say it.
    present: bool = True


_ORDINAL_WORDS = {
    word: place
    for place, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(),
        start=1,
    )
} | {"maiden": 1, "inaugural": 1}
_ORDINAL_FIGURE = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")


def ordinal_place(token: Token) -> int | None:
    """ "third", "3rd", "maiden" -> 3, 3, 1: the place in a series a word gives, if any."""
    word = token.lower_
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    figure = _ORDINAL_FIGURE.fullmatch(word)
    return int(figure.group(1)) if figure else None


# The words of a copula's predicate that add nothing a sentence must repeat.
_IDLE_DEPS = frozenset({"det", "case", "punct", "advmod"})


def _copula(doc: Doc | Span) -> Copula | None:
    """ "Is Brightwater-2 still in service?", "Was the decision unanimous?", "Is Velmore the
    oldest university in the country?" (the parser hangs the noun phrase on the subject): a
    question opened by "is"/"was" that says something of its subject (see `Copula`)."""
    root = doc[0]
    if root.dep_ != "ROOT" or root.lemma_ != "be":
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    said = next(
        (c for c in root.children if c.dep_ in {"attr", "acomp", "prep", "oprd"}),
        next((c for c in subject.children if c.dep_ == "appos"), None),
    )
    if said is None:
        return None

    def word(token: Token) -> str:
        return token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_

    predicate = frozenset(
        word(t)
        for t in said.subtree
        if t.dep_ not in _IDLE_DEPS and (t.pos_ != "ADP" or t.i == said.i)
    )
    subject_words = frozenset(
        word(t)
        for t in subject.subtree
        if t.i != subject.i and t.dep_ not in _IDLE_DEPS and t.i not in {x.i for x in said.subtree}
    )
    return Copula(subject.lower_, subject_words, predicate, present=root.tag_ in {"VBZ", "VBP"})


def _ranking(doc: Doc) -> Ranking | None:
    """ "Is this the first strike ...?", "Was Saturday's rally the first protest ...?": an
    ordinal on the noun a copula says of its subject (see `Ranking`)."""
    for token in doc:
        if token.dep_ != "attr" or token.head.lemma_ != "be" or token.pos_ != "NOUN":
            continue
        places = [ordinal_place(c) for c in token.children if c.dep_ in {"amod", "nummod"}]
        place = next((p for p in places if p is not None), None)
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if place is None or subject is None:
            continue
        return Ranking(
            place=place,
            noun=token.lemma_.lower(),
            subject=None if subject.pos_ == "PRON" else subject.lemma_.lower(),
        )
    return None


_LEADING_CONJUNCTION = re.compile(r"^\s*(?:and|but|so|also|then|ok|okay)\b[\s,]*", re.IGNORECASE)


# "Who captured [Saraqeb](https://en.wikipedia.org/wiki/Saraqib)?": a pasted link's target,
# or a bare address, is no word of the question (its parts would be searched as unknown
# names); a Markdown link keeps its text.
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\((?:https?://|www\.)[^)\s]*\)", re.IGNORECASE)
_ADDRESS = re.compile(r"[(<]?\b(?:https?://|www\.)[^\s)>]+[)>]?", re.IGNORECASE)


def without_links(text: str) -> str:
    """The question without the addresses pasted into it; a link's text stays."""
    if "http" not in text.lower() and "www." not in text.lower():
        return text
    plain = _ADDRESS.sub("", _MARKDOWN_LINK.sub(r"\1", text))
    return re.sub(r"\s+([?!.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", plain)).strip()


# Pronouns that stand for one person: whom a question asked first cannot mean by itself
# ("they" is as often anyone: "What did they find in the bog?"), and whom a follow-up's
# "he" or "her" is read as (bot.answering.followups).
PERSON_PRONOUNS = frozenset("he him his she her hers".split())


def has_person_pronoun(text: str) -> bool:
    """A look before a parse: whether `unreferenced_pronoun` could find anything at all."""
    return not PERSON_PRONOUNS.isdisjoint(re.findall(r"[a-z]+", text.casefold()))


# A name as the question writes it: a run of capitalised words, not the question's first word.
_WRITTEN_NAME = re.compile(rf"(?<!^){NAME.pattern}")


def initials(name: str) -> str:
    """ "Hayat Tahrir al-Sham" -> "HTS": the capitals that open its words and their parts, the
    letters an acronym of it is made of ("HTS", "BCC" for the Belgorian Coal Company)."""
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part[:1].isupper())


def unreferenced_pronoun(doc: Doc) -> str | None:
    """rule refuse.no-referent: a pronoun for a person that nothing in the question can stand
    for ("How old is he?", "What was her time?" asked first), or None.

    Any noun or name, before the pronoun or after it, may be what it means ("What did the
    mayor say he would do?", "When he took office, what did the mayor promise?"); only the
    noun a possessive pronoun owns cannot ("her time"). Only a question with none is refused,
    rather than answered about whoever the closest passage names.
    """
    pronoun = next((t for t in doc if t.lower_ in PERSON_PRONOUNS and t.pos_ == "PRON"), None)
    if pronoun is None:
        return None
    owned = {t.head.i for t in doc if t.dep_ == "poss" and t.lower_ in PERSON_PRONOUNS}
    if any(t.pos_ in {"NOUN", "PROPN"} and t.i not in owned for t in doc):
        return None
    return pronoun.text


def without_conjunction(text: str) -> str:
    """ "and who led them?" -> "who led them?": a follow-up asks what its question asks."""
    return _LEADING_CONJUNCTION.sub("", text.strip()) or text.strip()


# "Did the strike close the pits?": a question opened by "do" or a modal has a bare verb next.
_DO_OR_MODAL = frozenset("do does did will would can could should may might must".split())


def _bare_verb_after_auxiliary(doc: Doc) -> None:
    """Reads the verb after "did"/"will"/"can" as the bare verb it must be, where the small
    pipeline reads it otherwise. It tags "close" in "Did the one-day strike close every pit?"
    an adverb and "back" in "Did any lawmakers back the bill?" a preposition (in a question
    opened by the auxiliary, the root with a subject of its own is the verb), and "found" in
    "When did Vance found Quorra?" a past "find" (no past form follows "did": it is "found",
    set up, not "found him guilty"). Every reading of the question's verb looks for a VERB
    and its lemma. The document is the pipeline's cached parse of the question (the one with
    entities, when it was parsed early), shared by every later reading of it (its premise
    too); the corrections are the same each time they are made."""
    auxiliary = next((t for t in doc if t.lower_ in _DO_OR_MODAL and t.dep_ == "aux"), None)
    if auxiliary is None or auxiliary.head.dep_ != "ROOT":
        return
    root = auxiliary.head
    others = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i != auxiliary.i]
    if (
        root.pos_ == "VERB"
        and root.tag_ in {"VBD", "VBN"}
        and root.lower_ in _PAST_AS_BASE  # not "Did the strike closed ...?", a slip for close
        and auxiliary.lower_ in _DO_SUPPORT
        and not others  # "When will Vance be sentenced?": a past participle after "be"
        and root.i > auxiliary.i
    ):
        root.tag_ = "VB"
        root.lemma_ = root.lower_
    elif (
        auxiliary.i == 0
        and root.pos_ in {"ADP", "ADV", "ADJ", "NOUN"}
        and root.i > 1
        and root.text.isalpha()
        and root.text.islower()
        and any(c.dep_ in {"nsubj", "nsubjpass"} for c in root.children)
    ):
        root.pos_ = "VERB"
        root.tag_ = "VB"
        root.lemma_ = root.lower_


def _verb_read_as_a_noun(doc: Doc, nlp: NlpPipeline) -> None:
    """Reads the bare verb of a question opened by "did"/"will"/"can", or by a wh-phrase and
    one of those ("When did", "How much did", "How many seats will", "In which year did"),
    that the small pipeline parsed with no verb after the auxiliary: it makes "resign" in
    "Will the zoo director resign?" and "rise" in "Did card spending rise in the city?" the
    head noun of one long noun phrase, "contact" in "Did the zoo contact Greta Vollan?" a
    name's compound, "open" in "When did the Kessel Canal open?" a noun and "fine" in "How
    much did the medicines authority fine Kavell?" an adjective. Without a verb the question
    has no predicate: no sentence can say yes or no to it, nothing tells the event asked about
    from others, and no premise can be checked.

    The same words put in the order of a statement, with "will" after the subject ("The zoo
    director will resign."), are parsed right. The verb is a lower-case word before the first
    preposition or the last word, after a subject of one word at least, that the lemmatizer
    knows as a verb's base form and that the statement's parse makes the verb, with a noun
    for its subject; after a wh-phrase of two words or more, that subject's phrase must be all
    the words before the verb ("The 2019 will fire in Marrowdene cost." is no reading of "How
    much did the 2019 fire in Marrowdene cost?"). Where several words fit ("Did the justice
    minister resign?": "minister" too is a verb), one that cannot be a noun is it; where that
    leaves more than one ("Did the firm contact police?"), the question is left as it was
    parsed: a wrong verb would be read as what was asked."""
    opener = _auxiliary_place(doc)
    if opener is None or len(doc) < opener + 4 or doc[-1].text != "?":
        return
    if any(t.pos_ in {"VERB", "AUX"} for t in doc[opener + 1 :]):
        return
    verbs, nouns = nlp.base_forms("verb"), nlp.base_forms("noun")
    phrase_end = next(
        (t.i for t in doc[opener + 2 :] if t.pos_ in {"ADP", "PUNCT", "SCONJ"}), len(doc) - 1
    )
    words = [t.text for t in doc]
    fitting: list[tuple[int, Doc]] = []
    # The last word is one too: "When will the new cancer centre in Harrowby open?"
    last = len(doc) - 2
    for verb in [*range(opener + 2, phrase_end), *([last] if last >= phrase_end else [])]:
        word = doc[verb]
        if not (word.is_alpha and word.is_lower and word.lower_ in verbs):
            continue
        subject = words[opener + 1 : verb]
        statement = [subject[0][:1].upper() + subject[0][1:], *subject[1:], "will"]
        statement += [*words[verb:-1], "."]
        parsed = nlp.parse(" ".join(statement), entities=False)
        said = parsed[verb - opener]  # the word after "will"
        subjects = [c for c in said.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
        if (
            len(parsed) == len(doc) - opener
            and said.pos_ == "VERB"
            and said.dep_ == "ROOT"
            and subjects
            and (
                opener < _WH_PHRASE
                or any(s.left_edge.i == 0 and s.right_edge.i == len(subject) - 1 for s in subjects)
            )
        ):
            fitting.append((verb, parsed))
    only_verbs = [(verb, parsed) for verb, parsed in fitting if doc[verb].lower_ not in nouns]
    chosen = only_verbs if len(only_verbs) == 1 else fitting
    if len(chosen) == 1:
        _copy_parse(doc, chosen[0][1], chosen[0][0], opener)


# Wh-words that may open a question before its auxiliary and say how, not what: "When did the
# canal open?"
_ADVERB_WH_WORDS = frozenset({"when", "where", "why", "how"})
# A wh-phrase this long or longer ("How much", "In which year"), before its auxiliary.
_WH_PHRASE = 2
_MAX_WH_PHRASE = 5
# The head of a wh-phrase that says how, not what: a measure ("How long did the strike
# last?", "How high did the river crest?"), "How much did the repairs cost?" (as the pipeline
# parses it where it finds the verb), or when ("How soon").
_ADVERB_HEADS = _MEASURE_ADVERBS | {"much", "soon", "late", "early", "quickly"}


def _auxiliary_place(doc: Doc) -> int | None:
    """Where the auxiliary of a question stands that a bare verb must follow: first ("Did
    ..."), after a wh-word that says how ("When did ..."), or after a wh-phrase of a few words
    with no verb in it ("How much did ...", "How many seats will ...", "By how much did ...",
    "In which year did ..."). None for any other question."""
    if not len(doc):
        return None
    if doc[0].lower_ in _DO_OR_MODAL:
        return 0
    if len(doc) > 1 and doc[0].lower_ in _ADVERB_WH_WORDS and doc[1].lower_ in _DO_OR_MODAL:
        return 1
    wh = 1 if len(doc) > 1 and doc[0].pos_ == "ADP" else 0
    # Not "What loss did the zoo report?", "Which team will Rovers face?": their kind (a figure
    # of the loss, the one the verb is done to) is read from the wh-noun, not the verb.
    if doc[wh].lower_ != "how" and not (wh and doc[wh].lower_ in {"what", "which"}):
        return None
    for token in doc[wh + 1 : _MAX_WH_PHRASE + 1]:
        if token.lower_ in _DO_OR_MODAL:
            return token.i if token.i >= _WH_PHRASE else None
        if token.pos_ in {"VERB", "AUX", "PROPN", "PUNCT"}:
            return None
    return None


def _wh_phrase_rows(question: Doc, statement: Doc, verb: int, opener: int) -> list[tuple[str, int]]:
    """The dependency and head (a question token's index) of each word of the wh-phrase
    before the auxiliary, once the verb is known: its own parse inside the phrase ("How" on
    "many", "many" on "seats"); its head on the verb, as the object ("How many seats did ...
    win": seats), a bare noun of measure where the verb has an object of its own ("How many
    times did the bank cut rates"), or how ("How long did ... last", "How much did ... pay");
    a preposition that opens it on the verb, the phrase its object ("By how much", "In which
    year"). "When did ..." hangs on the verb as its adverb."""
    if opener < _WH_PHRASE:
        return [("advmod", verb)] * opener
    first = 1 if question[0].pos_ == "ADP" else 0
    head = opener - 1
    has_object = any(c.dep_ == "dobj" for c in statement[verb - opener].children)
    rows: list[tuple[str, int]] = []
    for token in question[:opener]:
        if token.i == 0 and first:
            rows.append(("prep", verb))
        elif token.i == head:
            if first:
                rows.append(("pobj", 0))
            elif token.lower_ in _ADVERB_HEADS:
                rows.append(("advmod", verb))
            else:
                rows.append(("npadvmod" if has_object else "dobj", verb))
        elif first <= token.head.i < opener and token.head.i != token.i:
            rows.append((token.dep_, token.head.i))  # the phrase's own parse
        elif token.lower_ in WH_WORDS:
            rows.append(("advmod" if token.lower_ == "how" else "det", token.i + 1))
        else:
            rows.append(("amod" if token.pos_ == "ADJ" else "compound", head))
    return rows


def _copy_parse(question: Doc, statement: Doc, verb: int, opener: int = 0) -> None:
    """The statement's dependencies, and the tags and lemmas of its lower-case words, on the
    question's tokens: the words before the verb moved one place left (the auxiliary opens the
    question, after the `opener` words of a wh-phrase if there is one: they keep their tags
    and hang on the verb, `_wh_phrase_rows`), the auxiliary itself in the place of "will"."""
    import numpy
    from spacy.attrs import DEP, HEAD, LEMMA, POS, TAG  # loaded with the pipeline by now

    stated_verb = verb - opener  # the verb's place in the statement, after "will"

    def placed(i: int) -> int:  # a question token's place in the statement
        k = i - opener
        return stated_verb - 1 if k == 0 else k - 1 if k < stated_verb else k

    def source(j: int) -> int:  # a statement token's place in the question
        k = 0 if j == stated_verb - 1 else j + 1 if j < stated_verb - 1 else j
        return k + opener

    phrase = _wh_phrase_rows(question, statement, verb, opener)
    rows = []
    for i, token in enumerate(question):
        if i < opener:  # "When", "How much": on the verb it asks about
            dep, head = phrase[i]
            rows.append((token.pos_, token.tag_, dep, head - i, token.lemma_))
            continue
        said = statement[placed(i)]
        head = source(said.head.i)
        if i == verb:
            rows.append(("VERB", "VB", said.dep_, head - i, said.lemma_))
        elif i == opener:  # "Did", which the question's parse may have made its main verb
            rows.append(("AUX", token.tag_, said.dep_, head - i, token.lemma_))
        elif not token.is_lower:
            # A name keeps its own tags: "Carnavia" opening a statement is read as no name.
            rows.append((token.pos_, token.tag_, said.dep_, head - i, token.lemma_))
        else:  # "the justice minister" is tagged a name in the question, nouns in the statement
            rows.append((said.pos_, said.tag_, said.dep_, head - i, said.lemma_))
    strings = question.vocab.strings
    values = numpy.zeros((len(rows), 5), dtype="uint64")
    for i, (pos, tag, dep, offset, lemma) in enumerate(rows):
        values[i] = [strings.add(pos), strings.add(tag), strings.add(dep), 0, strings.add(lemma)]
        values[i, 3] = numpy.int64(offset).astype("uint64")  # spaCy's relative heads
    attributes = [POS, TAG, DEP, HEAD, LEMMA]
    question.from_array(attributes, cast("Ints2d", values))


def _verb_after_a_possessive(doc: Doc) -> None:
    """ "How many shops has Hartley's shut?", "How many nurses did St Wenna's lose to private
    hospitals?": the small pipeline makes "has"/"did" the main verb and "shut"/"lose" a noun
    that Hartley's owns. After a wh-phrase, "did"/"has" is the auxiliary, and the word after
    the possessive, at the question's end or before a preposition, is its bare verb."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.i == 0 or root.lower_ not in _AUXILIARY_AS_VERB:
        return
    if any(
        c.dep_ in {"nsubj", "nsubjpass"} and {t.lower_ for t in c.subtree} & _WH_SUBJECTS
        for c in root.children
    ):
        return  # "Who has Marlow's debt?": "has" is the verb, its subject the wh-word
    for child in root.children:
        following = doc[child.i + 1] if child.i + 1 < len(doc) else None
        if (
            child.dep_ == "dobj"
            and child.pos_ == "NOUN"
            and child.i > root.i
            and any(c.dep_ == "poss" for c in child.children)
            and (following is None or following.is_punct or following.pos_ == "ADP")
        ):
            child.pos_ = "VERB"
            child.tag_ = "VB"
            child.lemma_ = child.lower_


def _without_attribution(doc: Doc) -> Span | Doc:
    """ "According to the ministry, how many officers were on duty?": the question after
    whom it asks about, whose words say what is asked (an outlet named there is read
    apart: `bot.answering.clauses.named_sources`)."""
    if len(doc) < 4 or doc[0].lower_ != "according" or doc[1].lower_ != "to":
        return doc
    # The comma before the question proper: "According to the census of March 3, 2021, how
    # many people ...?" is cut before "how", not after "March 3".
    comma = next(
        (
            t.i
            for t in doc[:-1]
            if t.text == "," and doc[t.i + 1].lower_ in WH_WORDS | _YES_NO_OPENERS
        ),
        None,
    )
    return doc[comma + 1 :] if comma is not None else doc


def _after_a_fronted_phrase(body: Span | Doc) -> Span | Doc:
    """ "By March 12, how many ships ...?", "In Brenna, how many homes ...?": the figure asked
    from the "how" after a phrase that sets the time or the place. The phrase still counts
    for the question's names, dates, years and nouns, read from the whole of it.

    Left in (the question read as before, a quote without a lead): a set counted from ("Of
    the 40 passengers, how many were unhurt?"), whose subset no binder tells apart from the
    set (an outside review: "12 passengers" of another clause put first); a phrase before
    another wh-word ("After the merger, which airline ...?": read from "which", such
    questions put a sentence below the best one first on the validation sets)."""
    if len(body) < 4 or body[0].lower_ in WH_WORDS | _YES_NO_OPENERS | {"of"}:
        return body
    comma = next((t for t in body[:-1] if t.text == "," and t.nbor().lower_ == "how"), None)
    return comma.doc[comma.i + 1 :] if comma is not None else body


# "Was ...?", "Who were ...?": a question about what held then.
PAST_BE = frozenset({"was", "were"})
# Words of a date ("Sept. 14", "March 2023"), not names of a series ("Unit 1").
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | frozenset(WEEKDAYS)
_DO_SUPPORT = frozenset({"do", "does", "did"})
# "Does it ...?", "How many staff do they have?": a question of now.
PRESENT_DO = frozenset({"do", "does"})
# A subject with these asks who or which does it ("Which fund has Hartley's shares?"); "How
# many shops has Hartley's shut?" asks about the shops shut.
_WH_SUBJECTS = frozenset({"who", "what", "which", "whose"})
# Past forms that are verbs of their own: "found" (set up), "ground", "wound", "bound", "lay".
_PAST_AS_BASE = frozenset("found ground wound bound lay".split())
# "did"/"has" that a wh-question puts before its subject: an auxiliary, whatever the parse says.
_AUXILIARY_AS_VERB = frozenset("did does do has have had".split())


# Subordinators of a clause that only situates the asked event in time: "When did a keeper
# last see the leopard before it escaped?" asks when the keeper saw it, not when it escaped.
_SITUATING_MARKS = frozenset({"before", "after", "until", "till", "since", "once", "while"})


def _situating_clauses(doc: Doc) -> frozenset[int]:
    """The positions of the tokens in the question's clauses opened by `_SITUATING_MARKS`
    (adverbial clauses, or the verb of a "before/after" phrase): their verbs are not what is
    asked. Not "when": "Did police open fire when protesters stormed the parliament?" needs
    its clause to say which time police are asked about."""
    inside: set[int] = set()
    for token in doc:
        opened = token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _SITUATING_MARKS for c in token.children
        )
        if opened or (
            token.dep_ == "pcomp" and token.head.lower_ in _SITUATING_MARKS and token.pos_ == "VERB"
        ):
            inside.update(range(token.left_edge.i, token.right_edge.i + 1))
    return frozenset(inside)


def parse_question(text: str, nlp: NlpPipeline) -> Question:
    """The question read once: what it asks for and about what (see `Question`)."""
    # A follow-up ("and who led them?") asks what its question asks, without the "and".
    # Tags, lemmas and the parse only: entities are never read here (see NlpPipeline.parse).
    doc = nlp.parse(without_conjunction(text), entities=False)
    # The small pipeline's misreadings of a question's verb, corrected in its cached parse.
    _verb_after_a_possessive(doc)
    _bare_verb_after_auxiliary(doc)
    _verb_read_as_a_noun(doc, nlp)
    body = _without_attribution(doc)
    tokens = [t for t in _after_a_fronted_phrase(body) if not t.is_punct]
    if not tokens:
        return Question(text=text, kind=None)
    # "By how many votes ...", "In which year ...": the preposition before the wh-word says
    # how the answer relates, not what is asked. "By how much did X rise?" asks for the size
    # of a change, a measure, not a sum of money.
    led_by_preposition = (
        len(tokens) > 2
        # "Since when ...?" is tagged a conjunction. ("Until when" is left as the tagger reads
        # it: the date binder reads its verb, "stay", not what stays, and an outside review's
        # "Until when will the road stay closed?" led another report's rail line's date.)
        and (tokens[0].pos_ == "ADP" or tokens[0].lower_ == "since")
        and tokens[1].lower_ in WH_WORDS
    )
    if led_by_preposition:
        tokens = tokens[1:]
    # "From whom will he seek compensation?", "To whom was it sold?": not who does it, and no
    # binder reads the object of a preposition ("By whom ...?" asks the doer).
    to_whom = led_by_preposition and tokens[0].lower_ == "whom" and body[0].lower_ != "by"
    first = tokens[0].lower_
    second = tokens[1].lower_ if len(tokens) > 1 else ""
    # Proper nouns as written: the tagger calls some lower-case words PROPN ("harbour bridge").
    names = frozenset(t.lower_ for t in body if t.pos_ == "PROPN" and t.text[:1].isupper())
    numbers = frozenset(t.text for t in doc if t.like_num)
    name_heads = frozenset(
        t.lower_
        for t in doc
        if t.lower_ in names and t.dep_ != "compound" and t.lower_ not in TITLES
    ) or frozenset(n for n in names if n not in TITLES)
    counted: str | None = None
    role: tuple[str, ...] = ()
    person: str | None = None
    kind: AskedKind | None = None
    if to_whom:
        kind = None
    elif first in _YES_NO_OPENERS and not _NEGATIONS & {t.lower_ for t in doc}:
        kind = "yesno"
    elif first == "how" and second == "many":
        kind = "count"
        counted = _counted_noun(doc)
    elif first == "how" and second == "much" and _measured_noun(doc) is not None:
        kind = "measure"  # "How much water will the plant use?": a quantity of the water
    elif first == "how" and second == "much" and led_by_preposition:
        kind = "measure"
    elif first == "how" and second == "much" and not _share_of(doc):
        kind = "amount"
    elif first == "how" and second == "much":
        kind = "measure"  # "How much of the roof fell in?": a share, not a sum of money
    elif first == "how" and second in _MEASURE_ADVERBS:
        kind = "measure"
    elif first == "when" or _asks_noun(doc, {"year", "date", "day", "month", *_CLOCK_NOUNS}):
        kind = "date"
    elif first == "where" or _asks_noun(doc, _PLACE_NOUNS):
        kind = "place"
    elif first in {"what", "which"} and _asks_noun(doc, _AGENT_NOUNS) and _asks_object(doc):
        kind = "object"  # "Which team will Rovers face?": the one the verb is done to
    elif (
        first in {"who", "whom"}
        or _asks_noun(doc, _AGENT_NOUNS)
        # "Which judge presided ...?": a title asks who, as "who" does
        or (first in {"what", "which"} and _asks_noun(doc, TITLES - HONORIFICS))
    ):
        role, person = _role_or_person(doc)
        kind = "role" if role else "describe" if person else "agent"
    elif first in {"what", "which"} and _asks_object(doc):
        kind = "object"
    elif first in {"what", "which"} and _figure_noun(doc) is not None:
        kind = "measure"  # "What premium is Corvelle paying?": a figure of the premium
    elif first == "what" and any(t.lemma_ in PRICE_WORDS for t in doc):
        kind = "amount"
    elif first == "what" and _copular_subject(doc) is not None and not _asks_a_name(doc):
        kind = "measure"  # "What was the turnout?": bound figures only, else the quote
    skip = set(role) | ({counted} if counted else set())
    # "Who is in charge of the agency?" names no event "charge": the phrase says "heads".
    skip |= {t.lemma_.lower() for _, phrase in _phrases(doc) for t in phrase}
    events = frozenset(
        t.lemma_.lower()
        for t in doc
        if t.pos_ in {"VERB", "NOUN", "ADJ"}
        and t.lower_ not in WH_WORDS
        and t.lemma_.lower() not in skip
        and t.lemma_.lower() not in _CATEGORY_NOUNS
        and t.dep_ not in {"aux", "auxpass"}
        and t.lemma_.lower() not in {"be", "have", "do", "many", "much"}
    )
    situating = _situating_clauses(doc)
    verbs = frozenset(
        t.lemma_.lower()
        for t in doc
        if t.pos_ == "VERB"
        and t.dep_ not in {"aux", "auxpass", "amod"}
        and t.lemma_.lower() in events
        and t.i not in situating
    ) | _phrase_verbs(doc)
    verbs = verbs or _due_verb(doc)
    subjects = frozenset(
        t.lemma_.lower()
        for t in doc
        if t.dep_ in {"nsubj", "nsubjpass", "attr"} and t.lemma_.lower() in events
    )
    settings = _settings(doc, names)
    moved = (
        first == "how"
        and second == "much"
        and not _share_of(doc)
        and any(t.lemma_.lower() in CHANGE_VERBS for t in doc)
    )
    given_doer = _given_doer(doc) if kind == "agent" else None
    aged = _whose_age(doc, first, second)
    return Question(
        text=text,
        kind=kind,
        answer_labels=_answer_labels(doc),
        focus=_focus(doc, kind),
        measure_labels=_measure_labels(doc, first, second),
        named_doers=(
            _named_doers(doc, progressive=kind == "yesno")
            if kind in {"count", "amount", "yesno"}
            else frozenset()
        ),
        named_objects=_named_objects(doc, verbs) if kind == "yesno" else frozenset(),
        moving=_moving(doc) if kind == "yesno" or moved else None,
        moved=moved,
        described=_asks_described(doc),
        counted=counted,
        role=role,
        role_scope=_role_scope(doc, role),
        person=person,
        events=events,
        predicates=verbs or subjects,
        phased=_phased(doc, verbs),
        stopped=frozenset(
            t.lemma_.lower()
            for t in doc
            if t.dep_ == "xcomp" and t.head.lemma_.lower() in STOPPING_VERBS
        ),
        asks_a_habit=kind == "yesno" and len(doc) > 0 and doc[0].lower_ in PRESENT_DO,
        names=names,
        name_heads=name_heads,
        words=frozenset(t.lower_ for t in doc),
        numbers=numbers,
        arguments=_arguments(doc, verbs) if kind == "yesno" else frozenset(),
        doers=_doers(doc, verbs) if kind == "object" else frozenset(),
        picks_one=any(t.lower_ == "which" and t.dep_ == "det" for t in doc),
        nouns=frozenset(
            t.lemma_.lower() for t in doc if t.pos_ == "NOUN" and t.lower_ not in WH_WORDS
        ),
        qualifiers=_qualifiers(doc, verbs),
        objects=_objects(doc, verbs),
        relations=_relations(doc, verbs) | _phrase_relations(doc),
        done_to=_passive(doc, verbs) or given_doer is not None,
        given_doer=given_doer or frozenset(),
        duration=_asks_duration(doc, first, second),
        dimension=_asked_dimension(doc, first, second),
        earlier=_asks_an_earlier_one(doc),
        happening=_happening(doc) if kind == "yesno" else None,
        age=(first == "how" and second == "old") or aged is not None,
        name_of=_name_of(doc),
        aged=_subtree_text(aged) if aged is not None else "",
        aged_words=frozenset(
            {aged.lower_} | {t.lower_ for t in aged.lefts if t.dep_ not in {"det", "case", "poss"}}
        )
        if aged is not None
        else frozenset(),
        clock=kind == "date" and _asks_noun(doc, _CLOCK_NOUNS),
        setting_names=frozenset(name for name, _ in settings),
        written_names=tuple(_WRITTEN_NAME.findall(text)),
        name_parts=frozenset(
            t.lower_
            for t in doc
            if t.lower_ in names
            and t.dep_ == "pobj"
            and t.head.lower_ == "of"
            and t.head.head.pos_ == "PROPN"
        ),
        setting_nouns=frozenset(noun for _, noun in settings),
        per=rate_unit(doc) if kind in FIGURE_KINDS else None,
        times=_times_for(kind, doc),
        event_years=_event_years(doc),
        named_kinds=_named_kinds(doc),
        numbered=numbered_names(doc),
        bounding_years=_bounding_years(doc),
        counted_names=_counted_names(doc) if kind == "count" else frozenset(),
        ranking=_ranking(doc) if kind == "yesno" else None,
        copula=_copula(body) if kind == "yesno" and not verbs else None,
        argument_qualifiers=(_argument_qualifiers(doc, verbs) if kind == "yesno" or moved else ()),
        object_heads=frozenset(
            str(t.lemma_).lower() for t in _verb_objects(doc, verbs) if t.pos_ == "NOUN"
        ),
        complements=_complements(doc, verbs) if kind == "yesno" else frozenset(),
    )


def _complements(doc: Doc, verbs: frozenset[str]) -> frozenset[str]:
    """The adjectives the question's verbs (those in `verbs`) say of their subject or object:
    "found guilty", "declared fit", "pleaded guilty" (see `Question.complements`)."""
    return frozenset(
        child.lower_
        for token in doc
        if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in verbs
        for child in token.children
        if child.pos_ == "ADJ" and child.dep_ in _COMPLEMENT_DEPS
    )


_COMPLEMENT_DEPS = frozenset({"acomp", "oprd", "ccomp", "xcomp"})


# Phrases that say what one verb says, as lemmas: "Who is in charge of the agency?" asks who
# heads it; "Did the union take part in the strike?" is answered by "did not join the strike".
_PHRASE_VERBS = {
    ("in", "charge", "of"): "head",
    ("take", "part", "in"): "join",
    ("step", "in"): "intervene",
    ("step", "down"): "resign",
    ("shut", "down"): "close",
    ("set", "up"): "establish",
    ("call", "off"): "cancel",
}


def _phrases(doc: Doc) -> list[tuple[str, Span]]:
    """Each phrase of `_PHRASE_VERBS` in the question, as (the verb it says, its words)."""
    words = [str(t.lemma_).lower() for t in doc]
    return [
        (verb, doc[i : i + len(phrase)])
        for phrase, verb in _PHRASE_VERBS.items()
        for i in range(len(words) - len(phrase) + 1)
        if tuple(words[i : i + len(phrase)]) == phrase
    ]


def _due_verb(doc: Doc) -> frozenset[str]:
    """ "When was the restoration due to finish?": the small model tags "finish" a noun after
    "due to" (as in "due to rain"); in a question with no other verb it is the verb asked
    about, bare (no determiner or modifier of its own)."""
    return frozenset(
        str(t.lemma_).lower()
        for t in doc
        if t.pos_ == "NOUN"
        and t.dep_ == "pobj"
        and t.head.lower_ == "due"
        and t.i > 0
        and doc[t.i - 1].lower_ == "to"
        and not any(c.dep_ in {"det", "amod", "poss", "compound"} for c in t.children)
    )


def _phrase_verbs(doc: Doc) -> frozenset[str]:
    return frozenset(verb for verb, _ in _phrases(doc))


def _phrase_relations(doc: Doc) -> frozenset[tuple[str, str]]:
    """What a phrase verb is done to, as the phrase's last word and its object: "in charge of
    the agency" -> ("of", "agency"), which `lead.role-verb` reads as what the role is of."""
    return frozenset(
        (phrase[-1].lower_, str(c.lemma_).lower())
        for _, phrase in _phrases(doc)
        for c in phrase[-1].children
        if c.dep_ == "pobj"
    )


def _measure_labels(doc: Doc, first: str, second: str) -> frozenset[str]:
    """The entity labels that can answer a measure question: "How long/far/big ...?" a size or
    a time, "How much of", "By how much" or "what" any figure."""
    if first != "how" or _share_of(doc):
        return _FIGURE_LABELS
    if _measured_noun(doc) not in {None, "time"}:
        return _QUANTITY_LABELS  # "How much rain ...": "38 millimetres", not "two weeks"
    if second == "much":
        return _FIGURE_LABELS  # "By how much did the rate fall?": "38%" as well as "2 points"
    if second in _BODY_SIZES:
        return _MASS_OR_LENGTH_LABELS  # "How heavy is the probe?": "1,240 kg", never "52 minutes"
    return _SIZE_LABELS


def _whose_age(doc: Doc, first: str, second: str) -> Token | None:
    """Whose age a question asks (the head of its phrase): "How old is Calder's chief
    executive?", "What age is the magnate buying the club?", "What is the age of Oskar
    Brenning?", "What is Brenning's age?". None when it asks no one's age: an age with a word
    of its own is a figure of many or of a rule ("the average age of the fleet", "the
    retirement age")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ != "be":
        return None
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "attr"}]
    if first == "how" and second == "old":
        return next((c for c in subjects if c.lower_ not in WH_WORDS), None)
    age = next((c for c in subjects if c.lemma_.lower() == "age"), None)
    if first != "what" or age is None:
        return None
    if any(c.dep_ in {"amod", "compound", "nummod"} for c in age.children):
        return None
    owner = next((c for c in age.children if c.dep_ == "poss"), None)
    if owner is not None:  # "What is Brenning's age?"
        return owner
    of = next((c for c in age.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    whose = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    if whose is None and any(c.lower_ == "what" and c.dep_ == "det" for c in age.children):
        whose = next((c for c in subjects if c is not age and c.lower_ not in WH_WORDS), None)
    return whose


def _subtree_text(token: Token) -> str:
    """The phrase the token heads, as written; an owner without its "'s"."""
    words = list(token.subtree)
    if words[-1].dep_ == "case" and words[-1].head.i == token.i:
        words = words[:-1]
    return "".join(t.text_with_ws for t in words).strip()


def _asks_duration(doc: Doc, first: str, second: str) -> bool:
    """ "How long did it take?", "How long does the crossing take?": a verb lasts or takes a
    while (a thing is long: "How long is the bridge?")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if first != "how" or second != "long" or root is None:
        return False
    if root.lemma_ != "be":
        return True
    # "How long was the boy trapped?", "How long was he in prison?": a state lasts; "How long
    # is the bridge?" has nothing but its subject.
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    return any(c.dep_ == "prep" for c in root.children) or (
        subject is not None and any(c.dep_ == "acl" and c.tag_ == "VBN" for c in subject.children)
    )


# Adverbs that put an event before the one reported: "last defaulted in 2009".
EARLIER_ADVERBS = frozenset({"last", "previously", "earlier", "before"})


def _asks_an_earlier_one(doc: Doc) -> bool:
    """ "When did the volcano previously erupt?", "When did Halden United last win the cup
    before this final?": the question's main verb asks for an earlier one than the one
    reported. "Last" alone means the most recent ("When was the boy last seen?"), and a word
    of another verb says nothing of the main one's ("the suspect, previously jailed for
    fraud")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB":
        return False
    said = {c.lower_ for c in root.children if c.dep_ in {"advmod", "prep", "nsubj", "amod"}}
    return bool(said & {"previously", "earlier"}) or {"last", "before"} <= said


# The dimension a "how ...?" adjective asks ("How long is the ship?": a length; "How heavy is
# the whale?": a mass). "How high/far ...?" asks an extent: a length, or a speed or a
# temperature as often ("How high were the gusts?"), never a mass, an area or a volume.
_DIMENSION_ASKED = {
    **dict.fromkeys("long tall deep wide thick".split(), "length"),
    **dict.fromkeys("high far".split(), "extent"),
    "heavy": "mass",
}


def _asked_dimension(doc: Doc, first: str, second: str) -> str:
    """ "How long is the ship?" asks a length, "How long did it take?" a time (`duration`,
    which no quantity's unit contradicts: "")."""
    if first != "how" or _asks_duration(doc, first, second):
        return ""
    return _DIMENSION_ASKED.get(second, "")


# Auxiliaries that put a question's subject after them: "Who did police arrest?"
_INVERTING = frozenset("do does did will would can could shall should may might must".split())
_BEFORE_SUBJECT = frozenset({"DET", "ADJ", "PART", "NUM"})
# "Who do police believe started the fire?", "Who does the party want to lead it?": the wh-word
# is the subject of the clause these verbs report, not their object.
REPORTING_VERBS = frozenset(
    "say believe think expect suspect claim allege report want fear hope consider know "
    "predict tip".split()
)
# Verbs that say who tells ("told reporters", "the ministry announced"), not what was done.
TELLING_VERBS = REPORTING_VERBS | {"tell", "announce", "confirm", "add", "state"}


def _named_doers(doc: Doc, *, progressive: bool = False) -> frozenset[str]:
    """ "How many errors did Duskova commit?", "How much does Corvane pay?": the proper nouns
    between the auxiliary and the verb, by word order (the small parser makes them a compound
    or an object of "did" as often as a subject). Empty when a common noun or a pronoun is
    among them ("How many did the Corvane plant employ?" is not only Corvane's doing).
    `progressive`: "be" opens it too ("Is Dunmarrow planning to shut the pit?")."""
    openers = {"have", "be"} if progressive else {"have"}
    aux = next((t for t in doc[:8] if t.lower_ in _INVERTING or t.lemma_ in openers), None)
    if aux is None:
        return frozenset()
    names: set[str] = set()
    for token in doc[aux.i + 1 :]:
        if token.pos_ == "VERB":
            return frozenset(names)
        # A capitalised word inside the question is a name, whatever its tag: the tagger
        # calls some invented names nouns ("Is Dunmarrow planning ...?").
        if token.pos_ in {"PROPN", "NOUN"} and token.text[:1].isupper():
            names.add(token.lower_)
        elif token.pos_ not in {"DET", "PART"} or token.tag_ == "POS":
            return frozenset()  # "the tram" (tagged PROPN in lower case) is no name
    return frozenset()


def _named_objects(doc: Doc, verbs: frozenset[str]) -> frozenset[str]:
    """ "Had Roeland ever beaten Duskova?" -> duskova; "Was Duskova beaten?" too: the proper
    noun the question's verb is done to."""
    return frozenset(
        child.lower_
        for token in doc
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs
        for child in token.children
        # Capitalised: the tagger calls some common nouns PROPN ("survive the avalanche").
        if child.dep_ in {"dobj", "nsubjpass"}
        and child.pos_ == "PROPN"
        and child.text[:1].isupper()
    )


def _given_doer(doc: Doc) -> frozenset[str] | None:
    """ "Who did police arrest?", "Whom will the party nominate?": the wh-word, an auxiliary,
    then a subject before the verb; the wh-word is then the verb's object, and the subject's
    words (lemmas) are returned. The word order decides, since the small parser often makes
    the wh-word the subject here ("Who" nsubj, "police" a compound of "arrest"). A pronoun
    subject ("Who did they arrest?") gives no words: anyone may have done it. None for any
    other question: "Who will chair the board?", "Who has been arrested?", "Who did the
    interview?" (no verb after the noun), and a reporting verb's ("Who did police say
    started the fire?": the one who started it is asked).
    """
    if len(doc) < 4 or doc[0].lower_ not in {"who", "whom"} or doc[1].lower_ not in _INVERTING:
        return None
    words: list[str] = []
    subject = False
    for token in doc[2:]:
        if token.pos_ == "VERB":
            if not subject or str(token.lemma_).lower() in REPORTING_VERBS:
                return None  # "Who do police believe started the fire?": the starter
            return frozenset(words)  # a pronoun ("Who did they arrest?") gives no one to match
        if token.pos_ in {"NOUN", "PROPN"}:
            words.append(str(token.lemma_).lower())
            subject = True
        elif token.pos_ == "PRON":
            subject = True
        elif token.pos_ not in _BEFORE_SUBJECT:
            return None
    return None


def _passive(doc: Doc, verbs: frozenset[str]) -> bool:
    """ "Who was arrested?", "Which firm was hired?": a passive verb with no "by" (the doer is
    then asked for: "Who was the firm founded by?")."""
    if any(t.lower_ == "by" for t in doc):
        return False
    return any(t.dep_ in {"auxpass", "nsubjpass"} and t.head.lemma_.lower() in verbs for t in doc)


def _share_of(doc: Doc) -> bool:
    """ "How much of the roof ...": "much" with an "of" phrase asks for a part of a thing."""
    return any(
        t.lower_ == "much" and any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)
        for t in doc
    ) or [t.lower_ for t in doc[:3]] == ["how", "much", "of"]


# Verbs of a figure moving up or down: "How much did X rise?" asks by how much, not where it
# ended; "Did X go down?" is answered by "X fell" (and "X rose" says it did not).
UP_VERBS = frozenset(
    """rise grow increase jump climb gain surge soar rebound rally spike swell strengthen
    appreciate""".split()
)
DOWN_VERBS = frozenset(
    """fall drop decline slump slip sink dip shrink plunge tumble decrease plummet slide ease
    weaken depreciate""".split()
)
CHANGE_VERBS = UP_VERBS | DOWN_VERBS


def _moving(doc: Doc) -> str | None:
    """The way the question's verb (or its root: the tagger calls "increase" in "Did inflation
    increase?" a noun) says a figure moved, if it says one."""
    verbs = (t for t in doc if t.pos_ == "VERB" or t.dep_ == "ROOT")
    return next((d for t in verbs if (d := direction(t)) is not None), None)


# Verbs of moving a figure, said of what is moved: "raised its main interest rate", "cut
# its dividend"; only with such a figure as the object ("raised concerns", "cut jobs" are not).
_RAISING_VERBS = frozenset("raise lift hike boost".split())
_LOWERING_VERBS = frozenset("cut lower reduce slash trim".split())
_MOVED_FIGURES = frozenset(
    """rate price tax forecast target fee tariff wage pay salary rent cost estimate outlook
    guidance dividend""".split()
)


def direction(verb: Token) -> str | None:
    """ "up" or "down" for a verb of a figure moving ("rose", "went down", "came down", "raised
    rates")."""
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ in {"prt", "advmod"}), "")
    if lemma in UP_VERBS or (lemma == "go" and particle == "up"):
        return "up"
    if lemma in DOWN_VERBS or (lemma in {"go", "come"} and particle == "down"):
        return "down"
    if lemma in _RAISING_VERBS | _LOWERING_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _MOVED_FIGURES for c in verb.children
    ):
        return "up" if lemma in _RAISING_VERBS else "down"
    return None


# Words that say a figure stayed where it was: "remained unchanged", "held steady", "sales were
# flat", "fares will be frozen".
STILL_WORDS = frozenset("unchanged steady stable flat frozen".split())
# Verbs that take such a word of their subject or object: "was", "remained", "kept X unchanged".
_HOLDING_STILL = frozenset("be remain stay hold keep leave".split())
# Verbs under which keeping a figure still is done or said, not only wished or guessed ("voted
# to keep rates unchanged" is one member's vote, "expected the bank to leave rates unchanged"
# a forecast; "decided to keep" is the decision, "said it would keep" what was said).
_DOING_OR_SAYING = frozenset("decide agree choose opt say tell announce confirm add state".split())
# A time the stillness is bounded by ("frozen until March", "unchanged for 14 months"): it
# says when the figure may move, not that it did not.
_BOUNDING = frozenset("until till since for".split())
# Adverbs that make it a guess: "will probably hold rates".
_GUESSING_ADVERBS = frozenset("probably likely possibly perhaps".split())


def held_still(verb: Token) -> Token | None:
    """The word by which the verb says a figure stayed where it was ("unchanged", "frozen",
    "steady"; the verb itself for "held rates" and "froze fares"): "off-peak fares will be
    frozen", "the bank left its main rate unchanged", "held rates at 4.5 percent", "sales were
    flat". That says it did not move either way, so "Will off-peak fares rise?" is answered
    "No". Not when only wished or guessed ("voted to keep rates unchanged", "expected the bank
    to leave rates unchanged", "will probably hold rates"), bounded by a time ("frozen until
    March", "kept frozen for 18 months"), said beside a move ("held steady before falling 1.2
    percent", "were frozen last year but rose 4 percent"), or of no figure ("froze hiring",
    "its steady growth"). Whose figure it is, `lead.yes-no` reads."""
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    figure_object = any(c.lemma_.lower() in _MOVED_FIGURES for c in objects)
    word: Token | None = None
    if lemma == "freeze" and verb.pos_ == "VERB":
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
        word = verb if passive or figure_object else None
    elif lemma == "hold" and figure_object:
        word = verb  # "The bank held rates", "held its main rate at 4.5 percent"
    elif lemma in _HOLDING_STILL:
        # "left its main rate unchanged": an adjective after the object is said of it; one
        # before it ("its steady growth") only describes it.
        after = [a for o in objects for a in o.children if a.dep_ == "amod" and a.i > o.i]
        word = next(
            (
                w
                for w in [*verb.children, *after]
                if w.dep_ in {"acomp", "oprd", "advmod", "xcomp", "amod"}
                and w.lower_ in STILL_WORDS
            ),
            None,
        )
    if word is None or not _plainly_still(verb, word):
        return None
    return word


def _plainly_still(verb: Token, word: Token) -> bool:
    """Whether the stillness is said as done, unbounded and alone (see `held_still`)."""
    if verb.dep_ == "pcomp":
        return False  # "after holding them unchanged": another time's
    clause = verb
    while clause.dep_ in {"xcomp", "ccomp"}:
        if clause.head.lemma_.lower() not in _DOING_OR_SAYING:
            return False  # "voted to keep", "expected the bank to leave", "wants fares frozen"
        clause = clause.head
    own = [*verb.children, *word.children]
    if any(c.dep_ == "prep" and c.lower_ in _BOUNDING for c in own):
        return False  # "unchanged for 14 months", "frozen for 18 months"
    if any(c.dep_ == "advmod" and c.lower_ in _GUESSING_ADVERBS for c in own):
        return False
    return not any(
        t.lower_ in {"until", "till"} or (t.i != verb.i and direction(t) is not None)
        for t in verb.subtree
    )  # "until the freeze ends", "held steady before falling 1.2 percent"


# "How much money/funding ...?" asks for a sum, which the amount rule finds.
MONEY_NOUNS = frozenset(
    "money cash funding revenue profit income debt compensation investment budget".split()
)
# Currencies, as their lemmas: what a figure counts when it is a sum ("41 million euros").
CURRENCIES = frozenset(
    """euro dollar pound pence cent yen yuan franc krona krone kronor kroner crown rupee peso
    real rand lira rouble ruble dinar dirham riyal rupiah ringgit zloty forint shekel naira
    shilling baht hryvnia usd eur gbp""".split()
)


def _measured_noun(doc: Doc) -> str | None:
    """ "How much water/rain/debris ...": the noun right after "much" names the stuff measured,
    so a quantity of it answers ("4 million cubic metres of water"), not a sum of money."""
    if len(doc) < 3 or doc[2].pos_ != "NOUN" or doc[1].lower_ != "much":
        return None
    lemma = str(doc[2].lemma_).lower()
    return None if lemma in MONEY_NOUNS or lemma in PRICE_WORDS else lemma


def _figure_noun(doc: Doc) -> str | None:
    """ "What premium ...", "What pay rise ...": the noun of a wh-determiner that names a
    figure of something (not a price word, not a kind of answer: "which company")."""
    for token in doc:
        if token.lower_ in {"what", "which"} and token.dep_ == "det":
            head = token.head
            between = doc[token.i + 1 : head.i]
            if any(t.pos_ not in {"NOUN", "ADJ", "PROPN"} for t in between):
                continue  # "What will a single tram ticket cost?": a misparse, not "what X"
            noun = str(head.lemma_).lower()
            if head.pos_ == "NOUN" and noun not in PRICE_WORDS | KIND_NOUNS:
                return noun
    return None


def _verb_objects(doc: Doc, verbs: frozenset[str]) -> Iterator[Token]:
    """The direct objects of the question's verbs (those in `verbs`); a plural noun the parse
    makes an object of its own before one is its modifier (`noun_modifiers`)."""
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs:
            yield from (
                child
                for child in token.children
                if child.dep_ == "dobj" and not _modifies_next(child)
            )


# How the parse attaches a plural noun that modifies the next ("won the points
# classification" reads as two objects of "won": points, classification; "the mountains
# classification" as a "dative" and an object).
_OBJECT_DEPS = frozenset({"dobj", "dative"})


def _modifies_next(token: Token) -> bool:
    """Whether a plural noun the parse makes an object of its verb is the modifier of the
    object right after it ("the points classification"): which classification is meant."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (
        token.dep_ in _OBJECT_DEPS
        and token.tag_ == "NNS"
        and after is not None
        and after.head.i == token.head.i
        and after.dep_ == "dobj"
        and after.pos_ == "NOUN"
    )


def noun_modifiers(noun: Token) -> list[Token]:
    """The common words that say which one of `noun` is meant: its compound, adjective and
    possessive modifiers ("the wheelchair race", "the women's race"), and a plural noun the
    parse hangs beside it ("the points classification")."""
    found = [
        m
        for m in noun.children
        if m.dep_ in {"compound", "amod", "poss", "nmod"} and m.pos_ in {"NOUN", "ADJ"}
    ]
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if before is not None and _modifies_next(before):
        found.append(before)
    return found


def _objects(doc: Doc, verbs: frozenset[str]) -> frozenset[str]:
    """ "Who leads the Federation of Locomotive Engineers?" -> federation, engineer: the verb's
    object and what it belongs to (possessor, "of" phrase), by their head words."""
    found = set()
    for child in _verb_objects(doc, verbs):
        found.add(str(child.lemma_).lower())
        for part in child.children:
            if part.dep_ == "poss":
                found.add(str(part.lemma_).lower())
            if part.dep_ == "prep" and part.lower_ == "of":
                found.update(str(p.lemma_).lower() for p in part.children if p.dep_ == "pobj")
    return frozenset(found)


def _relations(doc: Doc, verbs: frozenset[str]) -> frozenset[tuple[str, str]]:
    """ "Which group campaigned against the bridge?" -> (against, bridge): how the thing is
    tied to the verb, which a sentence tying it otherwise ("campaigned for the bridge") does
    not state."""
    return frozenset(
        (prep.lower_, str(obj.lemma_).lower())
        for verb in doc
        if verb.pos_ == "VERB" and str(verb.lemma_).lower() in verbs
        for prep in verb.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def _qualifiers(doc: Doc, verbs: frozenset[str]) -> frozenset[str]:
    """The common-word modifiers of the verb's object: "won the wheelchair race" -> wheelchair,
    "won the women's race" -> woman, "won the half marathon" -> half."""
    return frozenset(
        str(modifier.lemma_).lower()
        for child in _verb_objects(doc, verbs)
        for modifier in noun_modifiers(child)
        if modifier.lower_ not in WH_WORDS
    )


def _doers(doc: Doc, verbs: frozenset[str]) -> frozenset[str]:
    """The common-noun subjects of the question's verbs (lemmas). A named subject is left to
    the name checks: a report may call it "the group" or give it in full."""
    return frozenset(
        str(child.lemma_).lower()
        for token in doc
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs
        for child in token.children
        if child.dep_ == "nsubj" and child.pos_ == "NOUN"
    )


def _argument_nouns(doc: Doc, verbs: frozenset[str]) -> Iterator[Token]:
    """The common nouns that are the subject or object of the question's verbs."""
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in verbs:
            yield from (
                child
                for child in token.children
                if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and child.pos_ == "NOUN"
            )


def _arguments(doc: Doc, verbs: frozenset[str]) -> frozenset[str]:
    """The common nouns that are the subject or object of the question's verb: what a sentence
    must say it of ("Did economists expect the increase?" -> economist, increase)."""
    return frozenset(str(noun.lemma_).lower() for noun in _argument_nouns(doc, verbs))


def _argument_qualifiers(doc: Doc, verbs: frozenset[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    """ "Did the radar system fail?" -> (system, {radar}): the verb's subject and object
    nouns with their qualifiers (`qualifiers_of`; see `Question.argument_qualifiers`)."""
    return tuple(
        (noun.lemma_.lower(), qualifiers)
        for noun in _argument_nouns(doc, verbs)
        if (qualifiers := qualifiers_of(noun))
    )


def qualifiers_of(noun: Token) -> frozenset[str]:
    """The nouns before `noun`, lower case: "the radar system" -> radar, "the flight-data
    system" -> data. Not an adjective ("the new bridge") nor a measure ("the two-year
    offer"), which say how it is, not which one."""
    return frozenset(
        m.lower_
        for m in noun.children
        if m.dep_ == "compound"
        and m.pos_ in {"NOUN", "PROPN"}
        # "the two-year offer", "a 48-hour strike": a measure of it, not which one
        and not any(c.dep_ == "nummod" for c in m.children)
    )


# The nouns news counts people by, when a question counts "people": "seven members of a
# school group were killed" answers how many people died; "900 flights" or "12 cars" does not.
PEOPLE_NOUNS = frozenset(
    """people person member victim passenger worker employee staff resident child pupil
    student patient soldier troop officer firefighter miner fan spectator visitor tourist
    migrant refugee prisoner inmate civilian adult man woman boy girl crew driver pilot nurse
    doctor teacher voter protester demonstrator climber skier hiker survivor casualty citizen
    villager local customer user subscriber guest player runner athlete family household
    participant volunteer attendee commuter traveller traveler""".split()
)
# "Has anyone died?", "Was anybody hurt?": a subject that names no one in particular.
INDEFINITE_PEOPLE = frozenset("anyone anybody someone somebody".split())
# What befalls people in the news, each said with verbs and nouns of other stems: "Has anyone
# died?" is answered by "No deaths" or "three were killed"; "hurt" by "no injuries".
# "casualty" is either, so only its absence answers (see polarity).
HARM_FAMILIES = (
    frozenset("die death dead fatality fatal kill killing casualty perish drown".split()),
    frozenset("injure injury injured hurt harm wound wounded casualty".split()),
)


# Nouns a report counts by other words than the question's, the same things each time ("600
# positions" are jobs, "312 new cases" infections, "lorries" trucks): pairs the bundled model
# scores below its synonym threshold (jobs/positions 0.44, infections/cases 0.19,
# lorries/trucks 0.57, fans/supporters 0.70). Only counts of the very same things, never a
# kind for its sort ("vehicles" are not "cars").
COUNTED_SYNONYMS = (
    frozenset("job position post".split()),
    frozenset("worker employee staff workforce headcount".split()),
    frozenset("infection case".split()),
    frozenset("lorry truck".split()),
    frozenset("fan supporter".split()),
    frozenset("death fatality".split()),
    frozenset("flat apartment".split()),
    frozenset("pupil student schoolchild".split()),
    frozenset("lawmaker legislator".split()),
    frozenset("shop store".split()),
    frozenset("film movie".split()),
    frozenset("ship vessel".split()),
    frozenset("box container".split()),
    frozenset("sailor seafarer seaman mariner crewman".split()),
    frozenset("thief robber burglar".split()),
    frozenset("resident inhabitant".split()),
    frozenset("doctor physician".split()),
)


# Verbs that say the same deed in news copy, as lemmas: "Who is leading the inquiry?" is
# answered by "Inspector Kjell, who heads the inquiry"; "When will it arrive in orbit?" by
# "is due to reach lunar orbit". Only words for the very same deed, never its opposite or a
# step towards it ("bid" is not "buy").
VERB_SYNONYMS = (
    frozenset("lead head run chair direct".split()),
    frozenset("build construct erect".split()),
    frozenset("arrive reach".split()),
    frozenset("meet convene".split()),
    frozenset("buy acquire purchase".split()),
    frozenset("resign quit".split()),
    frozenset("hire recruit".split()),
    frozenset("dismiss sack fire".split()),
    frozenset("ban prohibit outlaw forbid".split()),
    frozenset("start begin launch commence".split()),
    frozenset("end finish conclude".split()),
    frozenset("arrest detain apprehend".split()),
    frozenset("release free".split()),
    frozenset("approve pass adopt".split()),
    frozenset("reject refuse".split()),
    frozenset("close shut".split()),
    frozenset("need require".split()),
    frozenset("back support endorse".split()),
    frozenset("concede admit".split()),
    frozenset("intervene mediate".split()),
    frozenset("found establish".split()),
    frozenset("join participate".split()),
    frozenset("cancel scrap".split()),
    frozenset("stop halt".split()),
    frozenset("find discover detect uncover".split()),
    frozenset("install erect".split()),
    frozenset("publish release".split()),
    frozenset("win secure clinch".split()),
    frozenset("receive obtain".split()),
    frozenset("investigate probe examine".split()),
    frozenset("postpone delay defer".split()),
    frozenset("announce unveil".split()),
    frozenset("rescue save".split()),
    frozenset("reopen resume".split()),
    frozenset("charge indict".split()),
    # Common verbs of news reports, each family one deed (not a narrower one: "murder" says
    # "kill", "kill" does not say "murder"; not a verb of moving figures, which `direction`
    # reads; not a verb with another common sense: "name" is "identify" and "appoint",
    # "clear" is "acquit" and "clear a square", "recover" is "retrieve" and "get well").
    frozenset("kill slay".split()),
    frozenset("injure hurt wound".split()),
    frozenset("die perish".split()),
    frozenset("seize capture".split()),
    frozenset("seize confiscate".split()),
    frozenset("flee escape".split()),
    frozenset("warn caution".split()),
    frozenset("plan intend".split()),
    frozenset("expect anticipate forecast".split()),
    frozenset("confirm verify".split()),
    frozenset("jail imprison".split()),
    frozenset("approve authorise".split()),
    frozenset("stop cease".split()),
    frozenset("finish complete".split()),
)


def same_verb(first: str, second: str) -> bool:
    """ "lead"/"head", "arrive"/"reach": one deed, said with another verb (lemmas); and one
    verb spelt the British or the American way ("criticise"/"criticize")."""
    first, second = _british(first), _british(second)
    return _one_family(first, second, VERB_SYNONYMS)


def _british(verb: str) -> str:
    """ "authorize" -> "authorise", "analyze" -> "analyse": the spelling the word lists use.
    Only a verb's ending: "size" and "seize" keep theirs (too short a stem, or no "-ize")."""
    if len(verb) > 6 and verb.endswith(("ize", "yze")):
        return verb[:-2] + "se"
    return verb


# Deeds whose doing says the other was not done, of the same thing by the same doer: a ministry
# that denied a report did not confirm it; a court that acquitted did not convict. Only pairs
# that cannot both be true of one object at one time: not "open"/"close" ("closed on Monday and
# reopened on Friday") or "win"/"lose" ("lost 19 seats and won 44").
OPPOSITE_VERBS = (
    (frozenset("admit concede acknowledge confirm".split()), frozenset({"deny"})),
    (frozenset("accept approve adopt endorse".split()), frozenset("reject veto".split())),
    (frozenset({"support"}), frozenset({"oppose"})),
    (frozenset({"convict"}), frozenset({"acquit"})),
    (frozenset("allow permit".split()), frozenset("ban prohibit forbid".split())),
    (frozenset({"include"}), frozenset({"exclude"})),
)


def opposite_verb(asked: str, said: str) -> bool:
    """ "admit"/"deny", "accept"/"reject": the said deed is the one that rules out the asked
    one (lemmas; either way round)."""
    return any(
        (asked in one and said in other) or (asked in other and said in one)
        for one, other in OPPOSITE_VERBS
    )


def _one_family(first: str, second: str, families: tuple[frozenset[str], ...]) -> bool:
    return first == second or any(first in f and second in f for f in families)


def same_counted(first: str, second: str) -> bool:
    """ "job"/"position", "infections"/"cases": one thing counted, said with other words
    (lemmas or plurals)."""
    if first == second:
        return True
    one, other = _singulars(first), _singulars(second)
    return any(one & g and other & g for g in COUNTED_SYNONYMS)


def _singulars(word: str) -> set[str]:
    """The forms a plural may come from: "lorries" -> lorry, "cases" -> case, "jobs" -> job."""
    word = word.lower()
    forms = {word, word.removesuffix("s"), word.removesuffix("es")}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def same_harm(first: str, second: str) -> bool:
    """ "injure"/"hurt", "die"/"kill": one thing befalling people, said with other words."""
    return _one_family(first, second, HARM_FAMILIES)


# The determiners of a noun whose being there is asked: "Were there any deaths?", "Is there a
# vaccine?".
_SOME = frozenset({"any", "a", "an"})


def _happening(doc: Doc) -> Happening | None:
    """ "Has anyone died in X?" -> die; "Were any workers killed?" -> kill, to worker; "Were
    there any deaths?" -> death. The verb is the one the indefinite subject governs or that
    hangs on it ("Was anybody injured": the parse makes "injured" a modifier of "anybody").
    "Is there a vaccine against norovirus?" asks the same of a vaccine."""
    for token in doc:
        if token.lower_ in _SOME and token.dep_ == "det" and token.head.dep_ == "attr":
            noun = token.head  # "Were there any deaths ...?", "Have there been any arrests?"
            if any(c.dep_ == "expl" for c in noun.head.children):
                return Happening(str(noun.lemma_).lower(), graded=_graded(noun))
        indefinite = token.lower_ in INDEFINITE_PEOPLE or (
            token.pos_ == "NOUN"
            and any(c.dep_ == "det" and c.lower_ == "any" for c in token.children)
        )
        # "Were any of the museum's guards hurt?": "any" of a noun.
        of = [
            p
            for c in token.children
            if token.lower_ == "any" and c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj" and p.pos_ == "NOUN"
        ]
        # "Was anybody killed ...?": the parse may make the pronoun the copula's attribute.
        if not (indefinite or of) or token.dep_ not in {"nsubj", "nsubjpass", "attr"}:
            continue
        named = of[0] if of else token
        to = None if token.lower_ in INDEFINITE_PEOPLE else str(named.lemma_).lower()
        verbs = [token.head] if token.head.pos_ == "VERB" else []
        verbs += [
            c
            for c in [*token.children, *named.children]
            if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"
        ]
        if token.head.lemma_ == "be":  # "Were any of the guards hurt?": "hurt" hangs on "were"
            verbs += [
                c
                for c in token.head.children
                if c.dep_ in {"ccomp", "acomp", "xcomp"} and c.pos_ == "VERB"
            ]
        if verbs:
            verb = verbs[0]
            return Happening(str(verb.lemma_).lower(), to, graded=_graded(verb))
    return None


_RATE_UNITS = frozenset("hour day night week month year".split())
_RATE_ADVERBS = {
    "hourly": "hour",
    "daily": "day",
    "nightly": "night",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
    "annual": "year",
}


# Units of a time pointed at ("last year", "two seasons ago"): the figure of another one is no
# answer.
_TIME_UNITS = frozenset("week month year season quarter weekend decade".split())
_POINTING = frozenset({"last", "next", "previous"})
YEAR = re.compile(r"(?:19|20)\d\d")


def _times_asked(doc: Doc) -> frozenset[str]:
    """The times a figure is asked for, as a report would write them (lower case): a month
    ("in March"; capitalised, so not "the march"), a weekday, a year, "last/next/previous
    <unit>" and "<number> <units> ago". Only a time that says when ("in 2004", "on Tuesday",
    "last season"), not one that names the event ("the 2004 tsunami", "Saturday's attack") or
    a baseline ("up from last year"). Not "this year" (a report's present needs no saying) nor
    a rate ("each year", `rate_unit`). Read from the words and the parse, since questions are
    parsed without the entity recogniser.
    """
    found: set[str] = set()
    for token in doc:
        word = token.lower_
        named = word in MONTHS and token.text[:1].isupper() and (word != "may" or token.i > 0)
        if (named or word in WEEKDAYS or YEAR.fullmatch(word)) and _says_when(token):
            found.add(word)
        elif word in _POINTING and token.i + 1 < len(doc):
            unit = doc[token.i + 1]
            if str(unit.lemma_).lower() in _TIME_UNITS and _says_when(unit):
                found.add(f"{word} {unit.lower_}")
        elif word == "ago" and token.i >= 2:
            unit, number = doc[token.i - 1], doc[token.i - 2]
            if str(unit.lemma_).lower() in _TIME_UNITS and number.like_num:
                found.add(f"{number.lower_} {unit.lower_} ago")
    return frozenset(found)


# Prepositions that say when: "in 2004", "on Tuesday", "since March", "by last season".
_WHEN_PREPOSITIONS = frozenset(
    "in on during since by at before after until till through throughout within".split()
)


def _date_of(token: Token) -> Token:
    """The word of the date a time word belongs to that attaches it to the sentence: "2024"
    in "in March 2024" belongs to "March", the object of "in"."""
    while token.dep_ in {"nummod", "compound", "amod", "appos"} and _is_time_word(token.head):
        token = token.head
    return token


def _says_when(token: Token) -> bool:
    """Whether a time word says when the thing asked happened: the object of a preposition of
    time, or a time phrase of its own ("last season"), through the date it belongs to ("in
    March 2024"); not a modifier naming the event ("the 2004 tsunami", "Saturday's attack")."""
    token = _date_of(token)
    if token.dep_ == "pobj":
        return token.head.lower_ in _WHEN_PREPOSITIONS
    return token.dep_ in {"npadvmod", "tmod"}


# Prepositions whose year bounds a period: "since 2019", "by 2030", "before 2004".
_BOUNDING_PREPOSITIONS = frozenset("since by before after until till from through within".split())


def _bounding_years(doc: Doc) -> frozenset[str]:
    """The years that bound a period ("since 2019", "by March 2030"): a figure for the period
    is no figure of that one year."""
    found: set[str] = set()
    for token in doc:
        if not YEAR.fullmatch(token.text):
            continue
        head = _date_of(token)
        if head.dep_ == "pobj" and head.head.lower_ in _BOUNDING_PREPOSITIONS:
            found.add(token.text)
    return frozenset(found)


def _is_time_word(token: Token) -> bool:
    word = token.lower_
    return (
        word in MONTHS
        or word in WEEKDAYS
        or bool(YEAR.fullmatch(word))
        or str(token.lemma_).lower() in _TIME_UNITS
    )


# "Lyra-2", "Hawkline4": a name and its number, written as one word.
_NUMBERED_WORD = re.compile(r"^([a-z]{2,})-?(\d+)$")


def numbered_names(doc: Doc | Span) -> frozenset[tuple[str, str]]:
    """The names of a numbered series a text gives, as (name, number) in lower case: "Lyra-2",
    or a capitalised noun and its number written apart ("Unit 1", "Flight 417"); not a date
    ("March 2023", "Sept 14") nor a word before a figure ("Were 12 people killed?")."""
    joined = {(m.group(1), m.group(2)) for t in doc if (m := _NUMBERED_WORD.match(t.lower_))}
    apart = {
        (t.lower_, following.text)
        for t, following in pairwise(doc)
        if t.pos_ in {"NOUN", "PROPN"}
        and t.text[:1].isupper()
        and t.is_alpha
        and following.text.isdigit()
        and t.lower_.rstrip(".") not in CALENDAR_WORDS
    }
    return frozenset(joined | apart)


def _named_kinds(doc: Doc) -> tuple[tuple[str, frozenset[str]], ...]:
    """ "the Stone Bridge" -> (bridge, {stone}): a noun with a capitalised name before it. Not
    a titled name ("Finance Minister Cecilia Braun"); a person's ("John Smith") is read as
    one, but a sentence's other of the kind must be a common noun ("the Morandi bridge"), and
    "Mr Smith" is none. Read without the entity recogniser, as the whole question is."""
    kinds = []
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"} or not token.is_alpha or token.i == 0:
            continue
        if any(c.dep_ == "compound" and c.lower_ in TITLES for c in token.children):
            continue  # "Finance Minister Cecilia Braun"; the sentence's kind is a common noun
        name = frozenset(
            c.lower_
            for c in token.children
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.text[:1].isupper()
        )
        if name and token.dep_ != "compound":
            kinds.append((token.lemma_.lower(), name))
    return tuple(kinds)


def _event_years(doc: Doc) -> frozenset[str]:
    """The years that name which event is asked about ("the 2018 World Cup", "the 1998
    final", "the tsunami of 2004"): a year modifying a noun, not one that says when."""

    def names_event(year: Token) -> bool:
        head = year.head
        if year.dep_ == "pobj" and head.lower_ == "of":
            head = head.head
        elif year.dep_ not in {"nummod", "compound", "amod"}:
            return False
        return head.pos_ in {"NOUN", "PROPN"} and not _is_time_word(head)

    return frozenset(t.text for t in doc if YEAR.fullmatch(t.text) and names_event(t))


def _times_for(kind: AskedKind | None, doc: Doc) -> frozenset[str]:
    """The times the answer's sentence must say: every time asked for a figure, which changes
    from one day to the next; only a year for a name, a date or a verdict ("Who scored when
    they won the 1998 final?" is not answered by this year's scorer, while "Who scored for
    Carden on Saturday?" may be answered by a sentence that leaves the day to the lede)."""
    times = _times_asked(doc)
    if kind in FIGURE_KINDS:
        return times
    return frozenset(t for t in times if YEAR.fullmatch(t))


def rate_unit(doc: Doc) -> str | None:
    """ "per day", "a day", "each year", "daily", "annual": the unit a figure is given per.
    Not "in a day of fighting": a unit after a preposition other than "per" is a time."""
    for token in doc:
        if token.lower_ in _RATE_ADVERBS:
            return _RATE_ADVERBS[token.lower_]
        if token.lemma_.lower() not in _RATE_UNITS:
            continue
        if token.dep_ == "pobj" and token.head.lower_ == "per":
            return str(token.lemma_).lower()
        if token.dep_ != "pobj" and any(
            c.dep_ == "det" and c.lower_ in {"a", "an", "each", "every", "per"}
            for c in token.children
        ):
            return str(token.lemma_).lower()
    return None


def _graded(token: Token) -> bool:
    """ "badly hurt", "seriously injured", "serious injuries": how badly is part of the ask."""
    return any(c.dep_ in {"advmod", "amod"} and c.pos_ in {"ADV", "ADJ"} for c in token.children)


def _asks_a_name(doc: Doc) -> bool:
    """ "What is the name of the youngest victim?", "What are the names of the guards?": a name
    is asked, never a figure. The parse may hang the copula under a later verb ("What is the
    name of the woman moved to intensive care?")."""
    subject = _copular_subject(doc)
    if subject is not None and subject.lemma_.lower() in {"name", "identity", "title"}:
        return True
    opener = next((t for t in doc if not t.is_punct), None)
    return (
        opener is not None
        and opener.lower_ in {"what", "which"}
        and any(
            t.lemma_.lower() == "name" and t.dep_ in {"nsubj", "attr"} and t.head.lemma_ == "be"
            for t in doc
        )
    )


def _counted_names(doc: Doc) -> frozenset[str]:
    """ "How many Liberal Union members voted ...?" -> liberal, union: the proper nouns that
    modify the noun "many" counts."""
    for token in doc:
        if token.lower_ == "many" and token.head.pos_ == "NOUN":
            return frozenset(
                t.lower_
                for t in token.head.subtree
                if t.pos_ == "PROPN" and t.i < token.head.i and t.i > token.i
            )
    return frozenset()


def _counted_noun(doc: Doc) -> str | None:
    """ "How many passengers were affected" -> passenger: the head of "many". "How many of the
    reports were fires?" -> fire: what "many of X" are said to be, the copula's noun."""
    for token in doc:
        if token.lower_ == "many" and token.dep_ == "nsubj" and token.head.lemma_ == "be":
            said = [c for c in token.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
            if said and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
                return str(said[0].lemma_).lower()
    for token in doc:
        if (
            token.lower_ == "many"
            and token.head.i != token.i
            and token.head.pos_
            in {
                "NOUN",
                "PROPN",
            }
        ):
            return str(token.head.lemma_).lower()
    return None


def _asks_object(doc: Doc) -> bool:
    """ "What weapon did insurgents use?": the wh-word (or its noun) is the verb's object."""
    for token in doc:
        if token.lower_ in {"what", "which"} and token.dep_ == "det":
            # A bare "what" ("What did the director say?") asks for a statement, not a thing.
            target = token.head
            if target.dep_ == "dobj" and target.head.pos_ == "VERB":
                return True
            # "Which company did Nordhavn agree to buy?", parsed with two subjects: after "did"
            # comes the subject, so the wh-phrase before it is the object.
            subjects = [c for c in target.head.children if c.dep_ == "nsubj" and c.i != target.i]
            if target.dep_ == "nsubj" and any(
                s.i > target.i and any(a.dep_ == "aux" and target.i < a.i < s.i for a in doc)
                for s in subjects
            ):
                return True
    return False


def _copular_subject(doc: Doc) -> Token | None:
    """ "What was the turnout ...?" -> turnout: the noun a copular what-question is about."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ != "be":
        return None
    # Without an article ("What was voter turnout ...?") the parser makes the noun a second
    # attribute beside "what": still the noun asked about.
    return next(
        (c for c in root.children if c.dep_ in {"nsubj", "attr"} and c.pos_ == "NOUN"), None
    )


def _focus(doc: Doc, kind: AskedKind | None) -> str | None:
    """The noun whose measure or identity is asked: "what pay rise" -> rise, "how long will
    the line be" -> line, "what was the turnout" -> turnout."""
    if kind == "object" or (kind == "measure" and _figure_noun(doc)):
        for token in doc:
            if token.lower_ in {"what", "which"} and token.dep_ == "det":
                if kind == "measure" and token.lower_ == "which":
                    # "Which judge presided?" picks one of a kind: a figure beside the noun
                    # ("the two dissenting judges") never answers it, so none is bound.
                    return None
                return str(token.head.lemma_).lower()
    if kind != "measure":
        return None
    measured = _measured_noun(doc)
    if measured is not None:
        return measured
    for token in doc[:3]:
        if token.lower_ == "much":  # "How much of its water ...": a part of the water
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for noun in child.children:
                        if noun.dep_ == "pobj":
                            return str(noun.lemma_).lower()
    subject = _copular_subject(doc)
    if subject is None:
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        subjects = [c for c in root.children if c.dep_ == "nsubj"] if root is not None else []
        nouns = [t for t in doc if t.pos_ == "NOUN"]
        subject = next((s for s in subjects if s.pos_ == "NOUN"), nouns[-1] if nouns else None)
    return str(subject.lemma_).lower() if subject is not None else None


def _name_of(doc: Doc) -> str:
    """The noun whose name a "What is the name of the N?" or "What is the N's name?" question
    asks (its lemma): "the 29-year-old prison officer" -> officer. "" when no name is asked,
    or it is a name's ("What is Brenning's name?")."""
    opener = next((t.lower_ for t in doc if not t.is_punct), "")
    if opener not in {"what", "which"} or not _asks_a_name(doc):
        return ""  # "Was the name of the rescued boy made public?" asks yes or no
    for token in doc:
        if token.lemma_.lower() != "name" or token.pos_ != "NOUN":
            continue
        for child in token.children:
            if child.dep_ == "poss" and child.pos_ == "NOUN":
                return str(child.lemma_).lower()
            if child.dep_ == "prep" and child.lower_ == "of":
                owner = next((c for c in child.children if c.dep_ == "pobj"), None)
                if owner is not None and owner.pos_ == "NOUN":
                    return str(owner.lemma_).lower()
    return ""


def _answer_labels(doc: Doc) -> frozenset[str]:
    """The entity labels the answer to "which/what <category> ..." carries, if any; any
    name's for "What is the name of ...?"."""
    if _asks_a_name(doc):
        return NAME_LABELS
    for token in doc:
        if token.lower_ in {"which", "what"} and token.dep_ == "det":
            return _CATEGORY_LABELS.get(str(token.head.lemma_).lower(), frozenset())
    return frozenset()


# Verbs that say when something else starts or stops, by what they say of it: "When did the
# leak start?" asks when the leak began, which a report may say with another verb of the same
# phase ("The leak began at 4:40"), never with one of another ("The leak was sealed at 7").
PHASES: dict[str, str] = {
    **dict.fromkeys(("start", "begin", "commence"), "start"),
    **dict.fromkeys(("end", "finish", "stop", "conclude"), "end"),
}


# Verbs whose complement they end: "stop taking", "quit smoking", "cease trading".
STOPPING_VERBS = frozenset("stop quit cease halt".split())


def _phased(doc: Doc, verbs: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(phase, subject) for each phase verb of the question with a noun subject: ("start",
    "leak") for "When did the leak start?"."""
    return tuple(
        (PHASES[t.head.lemma_.lower()], t.lemma_.lower())
        for t in doc
        if t.dep_ in {"nsubj", "nsubjpass"}
        and t.pos_ == "NOUN"
        and t.head.lemma_.lower() in verbs
        and t.head.lemma_.lower() in PHASES
    )


def _settings(doc: Doc, names: frozenset[str]) -> set[tuple[str, str]]:
    """(name, noun) for each name of a question that says which of a thing it is about:
    ("brennholt", "plant") in "at the Brennholt Chemicals plant". A report names its setting
    once, near the top; the sentence that answers may say "the plant" only."""
    found: set[tuple[str, str]] = set()
    for token in doc:
        if token.lower_ not in names:
            continue
        top, head = token, token.head
        while top.dep_ == "compound" and head.pos_ == "PROPN" and head.head != head:
            top, head = head, head.head  # "the Brennholt Chemicals plant": the whole name
        if top.dep_ == "compound" and head.pos_ == "NOUN":
            found.update((t.lower_, head.lemma_.lower()) for t in top.subtree if t.lower_ in names)
    return found


def _asks_noun(doc: Doc, nouns: set[str] | frozenset[str]) -> bool:
    """ "Which company ...", "In what year ...": a wh-determiner on one of `nouns`."""
    return any(
        t.lower_ in {"which", "what"} and t.head.lemma_.lower() in nouns and t.dep_ == "det"
        for t in doc
    )


def _role_or_person(doc: Doc) -> tuple[tuple[str, ...], str | None]:
    """ "Who is the mayor of X?" -> (mayor,); "Who is Olaf Brenner?" -> the name.

    Only the copular form asks for a role holder or a description; "Who captured X?" asks who
    did something.
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ != "be":
        return (), None
    for child in root.children:
        if child.dep_ not in {"nsubj", "attr"} or child.lower_ in WH_WORDS:
            continue
        title = _capitalised_title(child)
        if (child.pos_ == "PROPN" and not title) or _capitalised_name(child):
            return (), _span_text(child)
        if child.pos_ == "NOUN" and child.lemma_.lower() in _DESCRIBED:
            return (), None  # "Who is the individual that ...?" asks who, not a role holder
        if child.pos_ in {"NOUN", "PROPN"}:  # "the Mayor of Brevik": a title, capitalised
            modifiers = [
                str(t.lemma_).lower()
                for t in child.lefts
                # "the Prime Minister": a capitalised title's words are capitalised too
                if t.dep_ in {"amod", "compound"}
                and (t.pos_ in {"ADJ", "NOUN"} or (title and t.pos_ == "PROPN"))
            ]
            return (*modifiers, str(child.lemma_).lower()), None
    return (), None


def _role_scope(doc: Doc, role: tuple[str, ...]) -> frozenset[str]:
    """ "Who is the deputy mayor for transport?" -> transport; "the minister for foreign
    affairs" -> foreign, affair: the words of a "for" phrase on a portfolio role's noun
    (`_PORTFOLIO_ROLES`), one of which a sentence naming the holder must say ("Foreign
    Minister Nils Aakre"). Lemmas."""
    if not role or role[-1] not in _PORTFOLIO_ROLES:
        return frozenset()
    return frozenset(
        str(word.lemma_).lower()
        for token in doc
        if token.pos_ in {"NOUN", "PROPN"} and str(token.lemma_).lower() == role[-1]
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == "for"
        for noun in prep.children
        if noun.dep_ == "pobj" and noun.pos_ == "NOUN"
        for word in (noun, *(c for c in noun.children if c.dep_ in {"amod", "compound"}))
    )


def _asks_described(doc: Doc) -> bool:
    """ "Who is the individual that, according to Fortune, ...?" or "Which company ... both
    reported?": someone described by what the reports say of them, not by one verb."""
    return any(
        t.lemma_.lower() in _DESCRIBED
        and (t.head.lemma_ in {"be", "become", "remain"} or t.dep_ == "nsubj")
        for t in doc
        if t.pos_ == "NOUN"
    )


def _capitalised_name(token: Token) -> bool:
    """ "Who is Gwen Price?": the tagger takes "Price" for a noun, but a capitalised word after
    a proper noun, with no article, is the end of a name ("Who is the Mayor?" asks a role)."""
    return (
        token.text[:1].isupper()
        and not any(c.dep_ == "det" for c in token.children)
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.lefts)
    )


def _capitalised_title(token: Token) -> bool:
    """ "Who is the Mayor of Brevik?", "Who was Alameda Research's CEO?": a title written with
    a capital, which the tagger takes for a proper noun; the article or the possessor says it
    is no name."""
    return (
        token.pos_ == "PROPN"
        and token.lower_ in TITLES
        and any(c.dep_ in {"det", "poss"} for c in token.children)
    )


def _span_text(token: Token) -> str:
    """A proper noun with its compound parts: "Olaf Brenner"."""
    parts = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
    return " ".join(t.text for t in parts)
