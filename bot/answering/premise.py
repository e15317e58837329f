"""Whether a quoted sentence states what the question takes for granted: its premise.

"Who was arrested on suspicion of starting the fire?" presumes an arrest. A report that says
police are questioning a man does not answer it, however close in meaning its sentences are
to the question: quoting them reads as an answer the report never gave. The premise checked is
the question's one predicate, the verb its clause is built on (arrested, outbid, won, leads);
a sentence states it when it has that word (any form: "restoring" / "restoration") or a word
the embedding model holds for close enough in meaning ("seized" / "captured").

Only one-clause questions are read this way. A multi-part question ("Which company, reported
by X for ..., is accused by Y of ...?") spreads its premises over several reports, and its
verbs are mostly the reports' ("reported", "suggest"); one sentence is not expected to state
them all. Yes/no questions are left out too: their own rule (`lead.yes-no`) reads the verb,
and otherwise the reader judges the quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answering.question import HARM_FAMILIES, WH_WORDS, same_verb
from vectorstore.text import content_terms, stem, tokenize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["LIGHT_VERBS", "Premise", "holds_the_rest", "in_any_form", "premise", "stated_by"]

# Verbs that say little of what happened on their own ("What did X get?", "Who made it?"):
# the premise is in their object, which the other refusal rules read. "cost" names the measure
# a price question asks for, which reports give without the verb ("Tickets start at 59
# euros"): the price rules (`refuse.no-price`) read those. "happen" and "occur" say only that
# their subject took place ("When did the last deadlier avalanche occur?": the avalanche is
# the premise, and "the deadliest since January 2015" states it without the verb); "suffer",
# "sustain", "undergo" and "experience" only that it befell someone ("What injury did her son
# sustain?" is answered by "her son broke his wrist").
LIGHT_VERBS = frozenset(
    "be have do get make take give go come say tell put set hold keep use see know cost"
    " happen occur suffer sustain undergo experience".split()
)
# A clause of its own inside the question: "..., and is accused of ...", "which said ...".
_CLAUSE_DEPS = frozenset({"conj", "relcl", "advcl", "ccomp", "acl", "parataxis"})
# How a noun says which one of the thing is meant: "wheelchair race", "drought emergency". Not
# a possessive: "Who won the women's race?" is answered by "Faith Cherono won the marathon".
_QUALIFIER_DEPS = frozenset({"compound", "nmod"})
# Words a sentence may state the predicate with: the same word in any form (a noun too:
# "restoring" / "restoration"), or a verb close in meaning. Nouns are not compared by meaning:
# a word's embedding is close to those of its usual participants ("arrested" / "police" 0.60).
_STATING_POS = frozenset({"VERB", "NOUN", "ADJ"})
_VERB_TAGS = frozenset({"VBD", "VBN", "VBG", "VBZ", "VBP", "VB"})
# "restore" / "restoration", "evacuate" / "evacuation": a shared beginning this long at least;
# "grow" / "growth", "lead" / "leader": the whole verb, this long at least, and a short ending
# ("pass" does not state "passenger").
_MIN_SHARED_START = 5
_MIN_WHOLE_START = 4
_MAX_ADDED = 3


@dataclass(frozen=True)
class Premise:
    """The question's predicate: as written ("arrested") and its lemma ("arrest")."""

    word: str
    lemma: str
    # The common noun the verb is done to ("open new offices" -> office), if any.
    thing: str | None = None
    # The nouns that say which one of that thing ("won the wheelchair race" -> wheelchair,
    # "declare a drought emergency" -> drought): a sentence states the premise only with them
    # ("won the men's race" does not say who won the wheelchair race).
    qualifiers: frozenset[str] = frozenset()


def in_any_form(lemma: str, token: Token) -> bool:
    """Whether the token is the verb `lemma` in any form: the same lemma, or a word on the same
    beginning ("restore" / "restoration", "evacuate" / "evacuation", "grow" / "growth"; not
    "pass" / "passenger"), or the verb's noun of another spelling ("lose" / "loss")."""
    found = token.lemma_.lower()
    start = lemma.removesuffix("e")
    return (
        found == lemma
        or found in _NOUNS_OF.get(lemma, ())
        or (len(start) >= _MIN_SHARED_START and found.startswith(start))
        or (
            len(lemma) >= _MIN_WHOLE_START
            and found.startswith(lemma)
            and len(found) - len(lemma) <= _MAX_ADDED
        )
    )


# Verbs whose noun is spelt otherwise than they begin: "the loss of about 1,100 jobs" says
# that jobs will be lost.
_NOUNS_OF = {
    "lose": ("loss",),
    "sell": ("sale",),
    "steal": ("theft",),
    "fly": ("flight",),
    "choose": ("choice",),
    "succeed": ("success",),
    "die": ("death",),
    "bear": ("birth",),
    "weigh": ("weight",),
    "seize": ("seizure",),
    "abstain": ("abstention",),
}
# Verbs whose infinitive says what happened: "managed to get back" got back; or what is to
# happen: "is supposed to shut its last mine" presumes the shutting, said "will close".
_CATENATIVES = frozenset(
    {"manage", "try", "attempt", "seem", "appear", "happen", "continue", "suppose"}
)
# Participles that say only where a thing is: "Where is the charity based/located?" is
# answered by "runs a maritime charity in Dunmere", which says neither.
_WHERE_IT_IS = frozenset("base locate headquarter situate".split())
# Verbs that name only the measure asked, as "cost" does: "How much does the spacecraft weigh?"
# is answered by "the 1.2-tonne Vesper", "How long did the strike last?" by "the 23-day
# strike"; a report need not say the verb.
_MEASURING = frozenset("weigh last measure total span".split())
# A verb and its object that say what one verb says: "lost their lives" is "died".
_IDIOMS = {("lose", "life"): "die"}
_PRESUMING_NOTHING = LIGHT_VERBS | _WHERE_IT_IS | _MEASURING


def premise(question: Doc) -> Premise | None:
    """The one predicate a one-clause question presumes, or None.

    None for a yes/no question (opened by an auxiliary), a question with more than one clause,
    or one built on a light verb or on "be" ("Who is the mayor?": the role rules read those).
    """
    if not any(t.lower_ in WH_WORDS for t in question):
        return None  # a yes/no question, however it opens ("After X reported ..., did Y ...?")
    root = next((t for t in question if t.dep_ == "ROOT"), None)
    clauses = [t for t in question if t.dep_ in _CLAUSE_DEPS and t.pos_ in {"VERB", "AUX"}]
    passive = _passive_participle(root, clauses)
    if passive is not None and passive.lemma_.lower() in _WHERE_IT_IS:
        return None  # "Where is the charity based?" presumes only the charity
    if passive is not None:
        return Premise(passive.lower_, passive.lemma_.lower())
    if clauses:
        return None
    if root is not None and root.lemma_.lower() in _CATENATIVES:
        # "How many miners managed to get back to the surface?" presumes they got back.
        root = next((c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), root)
    if root is None or root.pos_ != "VERB" or root.lemma_.lower() in _PRESUMING_NOTHING:
        return None
    if any(c.dep_ == "prt" for c in root.children):
        return None  # "turned out for the rally": a phrasal verb says more than its verb
    done_to = next((c for c in root.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if done_to is not None and (root.lemma_.lower(), done_to.lemma_.lower()) in _IDIOMS:
        # "How many miners lost their lives?" presumes they died, which reports say so.
        said = _IDIOMS[root.lemma_.lower(), done_to.lemma_.lower()]
        return Premise(said, said)
    if done_to is None:
        return Premise(root.lower_, root.lemma_.lower())
    qualifiers = frozenset(
        m.lemma_.lower()
        for m in done_to.children
        if m.dep_ in _QUALIFIER_DEPS
        and m.pos_ == "NOUN"
        and m.lower_ not in WH_WORDS
        # "the 7,100-hectare estimate": a measure, which a report gives once, not which one
        and not any(c.dep_ == "nummod" for c in m.children)
    )
    return Premise(root.lower_, root.lemma_.lower(), done_to.lemma_.lower(), qualifiers)


def _passive_participle(root: Token | None, clauses: list[Token]) -> Token | None:
    """The verb of a passive question that the small parser hangs on its subject: in "How
    much was Kestrion fined by the court?" it makes "was" the root and "fined" a clause of
    "Kestrion" (acl); the question presumes the fine. Only when that participle is the one
    clause (`clauses`: the question's), hangs on the root's own subject or attribute, and has
    its doer ("by ...")."""
    if root is None or root.pos_ != "AUX" or root.lemma_.lower() != "be":
        return None
    if len(clauses) != 1:
        return None
    (verb,) = clauses
    fits = (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.head.dep_ in {"nsubj", "nsubjpass", "attr"}
        and verb.head.head.i == root.i
        and verb.lemma_.lower() not in LIGHT_VERBS
        # Done by someone ("by the court"): an event. Without an agent such a participle
        # often describes ("the site located in ...", "the increase allowed under the law").
        and any(c.dep_ == "agent" for c in verb.children)
    )
    return verb if fits else None


def stated_by(
    asked: Premise, sentence: Doc, similarity: Callable[[str, str], float], threshold: float
) -> Token | None:
    """The word of `sentence` that states the predicate, if any: the same lemma, stem or
    beginning (a verb, noun or adjective), or a verb whose similarity to the predicate (as
    written) reaches `threshold`; or the common noun it is done to ("Where will Loomly open new
    offices?" is answered by "the money will pay for offices in Vietnam": the offices are the
    event). A name it is done to is not enough: "Who leads the Farmers' Union?" is not
    answered by what the union said. A sentence without the thing's qualifiers states nothing
    ("Who won the wheelchair race?" is not answered by "Mwangale won the men's race")."""
    if asked.qualifiers and not _has_all(sentence, asked.qualifiers):
        return None
    wanted = stem(asked.word)
    best: tuple[float, Token | None] = (0.0, None)
    for token in sentence:
        if token.pos_ not in _STATING_POS:
            continue
        if (
            token.lemma_.lower() == asked.thing
            or stem(token.lower_) == wanted
            or in_any_form(asked.lemma, token)
            or (token.pos_ == "VERB" and same_verb(asked.lemma, token.lemma_.lower()))
        ):
            return token
        if token.pos_ != "VERB" and token.tag_ not in _VERB_TAGS:
            continue
        score = similarity(asked.word, token.lower_)
        if score >= threshold and score > best[0]:
            best = (score, token)
    return best[1]


def _has_all(sentence: Doc, lemmas: frozenset[str]) -> bool:
    """Whether every lemma is in the sentence, as a lemma or by its stem."""
    present = {t.lemma_.lower() for t in sentence} | {stem(t.lower_) for t in sentence}
    return all(lemma in present or stem(lemma) in present for lemma in lemmas)


# The word after a wh-word, which names the kind of value asked: "what year", "how long".
_ASKED_KIND = re.compile(r"\b(?:what|which|how)\s+(\w+)", re.IGNORECASE)


def holds_the_rest(asked: Premise, question: str, sentence: str) -> bool:
    """rule premise.paraphrased: whether `sentence` holds every content word of the question
    but its predicate (by stem): it is about the very thing asked, and says what happened by
    another verb ("Innisvar, home to about 4,200 people" for "How many people live on
    Innisvar?", "Police recovered the stolen crown in a garage" for "Where was the stolen crown
    found?"). A false premise leaves out a word that says which one ("Who won the wheelchair
    race?" against "won the men's race"), so the sentence does not hold the rest. The caller
    also asks that the sentence offer a value of the type asked, which the word after the
    wh-word names ("In what year ...", "How long ..."): the sentence gives that as a value
    ("who set up the airline in 1998" for "In what year did Emil Rask launch Norda Wings?"),
    not as a word, and it is not wanted, unless the question says nothing else ("What
    impurity was found?": a sentence about the impurity)."""
    predicate = {stem(asked.word), stem(asked.lemma)}
    kind = {stem(m.group(1).lower()) for m in _ASKED_KIND.finditer(question)}
    wanted = {stem(w) for w in content_terms(question, drop_generic=True)} - predicate
    wanted = wanted - kind or wanted
    words = tokenize(sentence)
    present = {stem(w) for w in words}
    return bool(wanted) and wanted <= present and _says_its_harm(asked.lemma, words)


def _says_its_harm(lemma: str, words: list[str]) -> bool:
    """A death or an injury is always said in so many words: "nine people were hurt" is no
    other way of saying how many died. True for a predicate that is no harm."""
    families = [f for f in HARM_FAMILIES if lemma in f]
    if not families:
        return True
    harms = {stem(m) for f in families for m in f}
    return any(stem(w) in harms for w in words)
