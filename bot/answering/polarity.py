"""Whether a sentence says a thing happened, says it did not, or only wonders.

A yes/no lead is a claim of its own: "No" on "Has anyone died?" tells a reader nobody did. So
it is read from a plain statement only: a negation on the very subject or noun ("no one was
injured", "No deaths have been reported"), or a counted subject of the very verb ("Three
workers were killed"). A verb under "if" or "whether", an unnegated guess ("might"), a
negation of one named person ("the driver was not hurt": others may have been) or a graded
noun the question did not grade ("no serious injuries": minor ones may have happened) gives no
verdict, and the answer is the quote alone.

`ranking_verdict` reads the other kind of verdict a plain statement gives: the place in a
series ("It is the third strike on the network this year" for "Is this the first strike?").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answering.nlp import ancestors
from bot.answering.question import HARM_FAMILIES, Happening, Ranking, ordinal_place, same_harm

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "FORGOING",
    "NEGATIVE_SUBJECTS",
    "Verdict",
    "guessed",
    "habitual",
    "happening_verdict",
    "hedged",
    "may_tell",
    "negated",
    "ranking_verdict",
]

# A clause under "if"/"whether"/"unless" states nothing ("it was not clear whether the policy
# would cover ..."); one with these modals only guesses ("might be appealed").
_HEDGES = frozenset("if whether unless though although".split())
# A clause someone denies or disputes states nothing either ("Rescuers denied reports that two
# miners were killed").
_DISPUTING = frozenset("deny dispute doubt refute".split())
# Marks of a clause that sets a condition on the clause it hangs on.
_CONDITIONS = frozenset({"if", "unless"})
_GUESSING_MODALS = frozenset("may might could would should".split())
# A present verb with these says what is wont to happen, not that it happened or will.
_FREQUENCY_ADVERBS = frozenset(
    "always usually often normally typically generally regularly routinely frequently "
    "sometimes traditionally".split()
)
_EVERY = frozenset({"every", "each"})
NEGATIVE_SUBJECTS = frozenset("nobody none nothing neither".split())
# "No one", "no passengers": a negated subject names nobody at all.
_NOBODY = frozenset({"one", "people", "person"})
# "no other injuries", "no further deaths", "no new cases" still say none happened (more).
_UNGRADED = frozenset("other further new more additional immediate known confirmed".split())
# "There were no reports of injuries": none was reported.
_REPORT_NOUNS = frozenset("report sign word indication".split())
# A word shares its stem with another when this much of the shorter one begins both
# ("injure"/"injury", "evacuate"/"evacuation", "arrest"/"arrests"): not "dead"/"deal".
_MIN_STEM = 5
_HEDGE_HOPS = 4  # how far up the parse an "if"/"whether" clause may hold the verb
_WORD = re.compile(r"[a-z]+")

SameNoun = Callable[[str, str], bool]


@dataclass(frozen=True)
class Verdict:
    """`value` is "Yes" or "No"; `token` the word of the sentence it rests on."""

    value: str
    token: Token
    detail: str


def hedged(verb: Token) -> bool:
    """Whether the verb (or a clause above it) is under "if", "whether" or "unless", or under
    a verb that denies or disputes it, or holds a condition of its own ("If the talks fail,
    the union will strike": no strike is said). A verb joined to a denial is not under it:
    "her client denied the charges and would plead not guilty" says he would."""
    below = verb
    for clause in [verb, *ancestors(verb, _HEDGE_HOPS)]:
        if any(c.dep_ == "mark" and c.lower_ in _HEDGES for c in clause.children):
            return True
        if clause is not verb and clause.lemma_.lower() in _DISPUTING and below.dep_ != "conj":
            return True
        below = clause
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in c.children)
        for c in verb.children
    )


def guessed(verb: Token) -> bool:
    """ "might be appealed", "could face charges": said with a modal that only guesses."""
    return any(c.dep_ == "aux" and c.lower_ in _GUESSING_MODALS for c in verb.children)


def habitual(verb: Token) -> bool:
    """ "Fares go up every year", "Prices usually rise in January": a habit said in the
    present tense is no particular event, so it says nothing of whether fares will rise this
    time."""
    if verb.tag_ not in {"VBP", "VBZ"} or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in _FREQUENCY_ADVERBS:
            return True  # "usually rise"
        if child.dep_ == "npadvmod" and any(
            d.dep_ == "det" and d.lower_ in _EVERY for d in child.children
        ):
            return True  # "go up every year"
    return False


def negated(verb: Token) -> bool:
    """ "could not be appealed", "never reached", "no one was hurt", "nobody died", "has yet
    to concede", "without admitting", "failed to make"."""
    if verb.dep_ == "xcomp" and any(c.lower_ == "yet" and c.i < verb.i for c in verb.head.children):
        return True  # "Anselm has yet to concede", "is yet to decide": not done so far
    if verb.dep_ in {"pcomp", "pobj"} and verb.head.lower_ == "without":
        return True  # "agreed to pay a fine ... without admitting wrongdoing"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _CARRYING and negated(verb.head):
        return True  # "had not needed to remove any containers", "did not manage to reach"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FORGOING and not negated(verb.head):
        return True  # "failed to make the payment", "declined to name it", "refused to pay"
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ == "never":
            return True
        if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and _names_nobody(child):
            return True
    return False


# Verbs whose negation is their complement's: "did not need to remove" removed nothing.
# (Not verbs of stopping, whose negation says the deed goes on: "should not stop taking".)
_CARRYING = frozenset(
    "need have manage try get seem appear mean dare bother intend plan decide agree".split()
)


# Verbs whose affirmation negates their complement: "failed to make a payment" made none.
FORGOING = frozenset("fail decline refuse".split())


def _names_nobody(token: Token) -> bool:
    """ "nobody", "no one", "no passengers", "neither guard"."""
    return token.lower_ in NEGATIVE_SUBJECTS or any(
        d.dep_ == "det" and d.lower_ in {"no", "neither"} for d in token.children
    )


def same_happening(asked: str, found: str) -> bool:
    """ "die"/"death"/"killed", "injure"/"hurt"/"injuries", "arrest"/"arrests": the same thing
    befalling someone, said with a verb or a noun."""
    if same_harm(asked, found):
        return True
    stem = min(len(asked), len(found))
    return (
        stem >= _MIN_STEM
        and asked[:_MIN_STEM] == found[:_MIN_STEM]
        and (asked[: stem - 1] == found[: stem - 1])
    )


def may_tell(happening: Happening, text: str) -> bool:
    """A cheap look before a parse: whether any word of the text may say what was asked."""
    forms = {happening.word}
    for family in HARM_FAMILIES:
        if happening.word in family:
            forms |= family
    stems = {f[:_MIN_STEM] if len(f) >= _MIN_STEM else f for f in forms}
    return any(w.startswith(s) for w in _WORD.findall(text.lower()) for s in stems)


def happening_verdict(
    happening: Happening,
    sentence: Doc,
    same_noun: SameNoun,
    events: frozenset[str] = frozenset(),
) -> Verdict | None:
    """rule lead.happened: "Has anyone died in the fire?" -> "No" when the sentence says "No
    deaths have been reported" or "nobody died"; "Yes" when it says "Three workers were
    killed". See the module docstring for what gives no verdict.

    `events`: the question's nouns for the event ("collapse"); a verb set in another event by
    its own phrase ("killed in an earlier blast") says nothing of this one."""
    for token in sentence:
        if not same_happening(happening.word, str(token.lemma_).lower()):
            continue
        if _in_another_event(token, events):
            continue
        if token.pos_ == "NOUN":
            verdict = _noun_verdict(happening, token, same_noun)
        elif token.pos_ in {"VERB", "ADJ"}:
            verdict = _verb_verdict(happening, token, same_noun)
        else:
            verdict = None
        if verdict is not None:
            return verdict
    return None


# Prepositions that set a happening in an event: "killed in the blast", "hurt during the raid".
_EVENT_PREPOSITIONS = frozenset({"in", "during", "at"})


def _in_another_event(word: Token, events: frozenset[str]) -> bool:
    """Whether a word is set in an event by its own phrase ("killed in an earlier blast") that
    is none the question names, while the question names one ("in the collapse")."""
    if not events:
        return False
    clause = word if word.pos_ in {"VERB", "AUX"} else word.head
    named = [
        obj
        for prep in clause.children
        if prep.dep_ == "prep" and prep.lower_ in _EVENT_PREPOSITIONS
        for obj in prep.children
        if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and obj.ent_type_ == ""
    ]
    return bool(named) and not any(str(n.lemma_).lower() in events for n in named)


def _noun_verdict(happening: Happening, noun: Token, same_noun: SameNoun) -> Verdict | None:
    """ "No deaths have been reported", "there were no reports of injuries": "No";
    "14 deaths": "Yes"."""
    if _stated_under(noun) is None:
        return None
    graded = [c.lower_ for c in noun.children if c.dep_ == "amod" and c.lower_ not in _UNGRADED]
    if graded and not happening.graded:
        return None  # "no serious injuries" leaves minor ones
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or _no_report_of(noun):
        return Verdict("No", noun, f"{noun.text!r} is said with 'no'")
    counts = [c for c in noun.children if c.dep_ == "nummod" and c.lower_ != "zero"]
    # "12 casualties" may all be injuries: it does not say anyone died.
    either = noun.lemma_.lower() == "casualty" and happening.word != "casualty"
    if counts and not happening.to and not either:
        return Verdict("Yes", noun, f"{counts[0].text} {noun.text!r}")
    return None


def _verb_verdict(happening: Happening, verb: Token, same_noun: SameNoun) -> Verdict | None:
    """ "no one was injured", "nobody died": "No"; "Three workers were killed", "The blast
    injured 12 people": "Yes". The one it befell must be nobody at all or counted people
    (those asked about, when the question names them)."""
    clause = _stated_under(verb)
    if clause is None:
        return None
    befell = [c for c in verb.children if c.dep_ in _BEFALLEN.get(_voice(verb), ())]
    if not befell and verb.dep_ in {"xcomp", "oprd", "acomp"}:
        befell = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    for who in befell:
        if _names_nobody(who) and (
            who.lower_ in NEGATIVE_SUBJECTS
            or who.lemma_.lower() in _NOBODY
            or (happening.to is not None and same_noun(happening.to, str(who.lemma_).lower()))
        ):
            return Verdict("No", verb, f"{verb.text!r} is said of {_phrase(who)!r}")
    if negated(verb) and any(who.lower_ in _ANYONE for who in befell):
        # "Prosecutors have not charged anyone": none at all.
        return Verdict("No", verb, f"{verb.text!r} is said, negated, of {_phrase(befell[0])!r}")
    if negated(verb) or guessed(verb) or any(c.lower_ == "will" for c in verb.children):
        return None  # "the driver was not hurt" says nothing of the others
    for who in befell:
        noun = _of_phrase(who) if who.like_num or who.lower_ in _SOME_OF else who
        counted = (
            who.like_num
            or any(c.dep_ == "nummod" for c in who.children)
            or (who.lower_ in _SOME_OF and noun is not who)  # "dozens of miners"
            or _one_of_some(who)  # "Police had arrested a 57-year-old man"
        )
        asked = happening.to is None or same_noun(happening.to, str(noun.lemma_).lower())
        if counted and asked:
            return Verdict("Yes", verb, f"{verb.text!r} is said of {_phrase(who)!r}")
    return None


# "not charged anyone": a negated verb done to any one at all.
_ANYONE = frozenset({"anyone", "anybody"})


def _one_of_some(who: Token) -> bool:
    """ "a 57-year-old man", "a firefighter": one person, not named, not "the" one (which a
    reader already knows, and whose fate says nothing of anyone else's)."""
    return who.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ in {"a", "an"} for c in who.children
    )


# Words that pick some of a group by its "of" phrase: "dozens of miners", "some of the miners".
_SOME_OF = frozenset("dozens hundreds thousands scores some several many most all both".split())


def _of_phrase(figure: Token) -> Token:
    """ "two of the miners", "one of the three crossings", "dozens of miners": the noun a
    figure or a word like "some" picks from; the word itself without an "of" phrase."""
    for child in figure.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            noun = next((c for c in child.children if c.dep_ == "pobj"), None)
            if noun is not None:
                return noun
    return figure


# Who a verb says it befell: the subject of "died" or of "were killed", the object of
# "killed three people".
_BEFALLEN: dict[str, tuple[str, ...]] = {
    "intransitive": ("nsubj",),
    "passive": ("nsubjpass",),
    "active": ("dobj",),
}


def _voice(verb: Token) -> str:
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return "passive"
    if any(c.dep_ == "dobj" for c in verb.children):
        return "active"
    return "intransitive"


def _stated_under(token: Token) -> Token | None:
    """The clause that states the word, or None when it is under "if"/"whether" or a guess."""
    clause = token if token.pos_ in {"VERB", "AUX"} else token.head
    if hedged(clause) or guessed(clause):
        return None
    return clause


def _no_report_of(noun: Token) -> bool:
    """ "no reports of injuries": the noun is the object of "of" after a negated report."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of":
        return False
    report = prep.head
    return report.lemma_.lower() in _REPORT_NOUNS and any(
        d.dep_ == "det" and d.lower_ == "no" for d in report.children
    )


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


# A ranked phrase narrowed by a clause ("the first to turn violent", "the first flight to carry
# a crew", "the first since it was unveiled") or a "since" phrase ("the first since 2018")
# ranks within something the question did not ask about.
_NARROWING = frozenset({"relcl", "acl", "xcomp", "advcl"})


def ranking_verdict(ranking: Ranking, sentence: Doc, same_noun: SameNoun) -> Verdict | None:
    """rule lead.ranking: "Is this the first strike on the network this year?" -> "No" when
    the sentence says "It is the third strike on the network this year"; "Yes" when it says
    "It is the first strike ...".

    The ordinal must rank the noun asked (or, said of the same subject, an unnamed one: "the
    rally was the fourth in Korvan"), in a plain copula whose subject is the question's (or a
    pronoun). A place narrowed by a clause ("the first to turn violent"), a negated or hedged
    copula, or sentences giving both answers give no verdict.
    """
    verdicts: list[Verdict] = []
    for token in sentence:
        place = ordinal_place(token)
        if place is None:
            continue
        ranked = _ranked_phrase(token, ranking, same_noun)
        if ranked is None or _narrowed(ranked):
            continue
        copula = _copula_of(ranked)
        if copula is None or negated(copula) or _stated_under(copula) is None:
            continue
        subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
        if subject is None or not _same_subject(subject, ranking, named=ranked is not token):
            continue
        value = "Yes" if place == ranking.place else "No"
        said = token.text if ranked is token else f"{token.text} {ranked.text}"
        verdicts.append(Verdict(value, token, f"{said!r} is said of {subject.text!r}"))
    if len({v.value for v in verdicts}) != 1:
        return None
    return verdicts[0]


def _narrowed(ranked: Token) -> bool:
    """Whether a clause or a "since" phrase narrows the ranked phrase. One set off by a comma
    ("the sixth flight of the Hawkline-4, built by Corvane") only adds to it."""
    for child in ranked.children:
        if child.dep_ == "prep" and child.lower_ == "since":
            return True
        start = child.left_edge.i
        if child.dep_ in _NARROWING and not (start > 0 and ranked.doc[start - 1].text == ","):
            return True
    return False


def _ranked_phrase(ordinal: Token, ranking: Ranking, same_noun: SameNoun) -> Token | None:
    """The head of the phrase an ordinal ranks: the noun asked ("the third strike"), or the
    ordinal itself when it stands for an unnamed noun ("the fourth in Korvan")."""
    if ordinal.dep_ in {"amod", "nummod"} and ordinal.head.pos_ == "NOUN":
        noun = ordinal.head
        return noun if same_noun(ranking.noun, str(noun.lemma_).lower()) else None
    if ordinal.dep_ in {"attr", "conj"} and ordinal.pos_ in {"ADJ", "NUM", "NOUN"}:
        return ordinal
    return None


def _copula_of(ranked: Token) -> Token | None:
    """The "be" whose attribute the phrase is, directly or as a conjunct of one ("the sixth
    flight ... and its fifth success", "was the fourth ..., and the first ...")."""
    head = ranked.head
    if ranked.dep_ == "conj" and head.dep_ == "attr":
        head = head.head
    if ranked.dep_ in {"attr", "conj"} and head.lemma_ == "be":
        return head
    return None


def _same_subject(subject: Token, ranking: Ranking, *, named: bool) -> bool:
    """A pronoun stands for what the question's subject is only when the ranked noun is named
    ("It is the third strike"); otherwise the subject must be the question's own noun ("the
    rally was the fourth")."""
    lemma = str(subject.lemma_).lower()
    if subject.pos_ == "PRON":
        return named
    if ranking.subject is None:
        return lemma == ranking.noun
    return lemma == ranking.subject
