"""Word-level text helpers shared by the keyword index, the retriever and the answerer."""

from __future__ import annotations

import re

__all__ = ["GENERIC_WORDS", "STOPWORDS", "content_terms", "stem", "tokenize"]

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


def stem(word: str) -> str:
    """A light suffix stripper: enough to match captured/capture/captures, cheap and stable."""
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
