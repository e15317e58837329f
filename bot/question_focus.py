"""What kind of thing a question asks for, so evidence that does not mention it is not offered.

"How many storks were counted?" must not be answered with "8,400 cranes were counted": the
counted noun, the noun after "which", and a causal link for "why" have to be in the evidence.
"""

from __future__ import annotations

import re

from vectorstore.text import STOPWORDS, stem, tokenize

__all__ = ["missing_focus"]

# Categories an answer rarely names literally ("Which company ...?" -> "Google").
_CATEGORIES = frozenset(
    """company companies firm firms group groups person people individual individuals country
    countries team teams player players city cities organisation organization outlet outlets
    one ones entity entities name names brand brands""".split()
)
_AUXILIARIES = frozenset(
    "did do does will would is was are were has have had can could should may might".split()
)
_FOCUS = re.compile(r"^\s*(?:how\s+(?:many|much)|which)\s+(.*)$", re.IGNORECASE | re.DOTALL)
_CAUSAL_QUESTION = re.compile(
    r"^\s*(?:why\b|what\s+(?:caused|causes|led to|triggered|sparked))", re.IGNORECASE
)
_CAUSAL_CUES = re.compile(
    r"\b(?:because|due to|caus(?:e|ed|es|ing)|as a result|result(?:ed)? (?:of|from|in)|"
    r"attribut(?:e|ed|es)|blam(?:e|ed|es)|spark(?:ed|s)?|trigger(?:ed|s)?|led to|owing to|"
    r"thanks to|after|since|so that|in order to|credit(?:ed|s)?|reason|amid|following)\b",
    re.IGNORECASE,
)


_IRREGULAR_VERBS = frozenset(
    """led won lost made took got gave said told ran saw wrote built bought sold paid held kept
    left met put set began came went became brought thought fought found stood spent sent""".split()
)


def _focus_words(question: str) -> list[str]:
    """The noun phrase after "how many"/"how much"/"which", up to the first verb or comma.

    "which hacker group claimed ..." -> [hacker]; "how many wind turbines were ..." -> [wind,
    turbines]; "which company, recently ..." -> [] (categories are not looked for).
    """
    match = _FOCUS.match(question)
    if not match:
        return []
    phrase = re.split(r"[,;:?!()]", match.group(1), maxsplit=1)[0]
    words: list[str] = []
    for word in tokenize(phrase):
        verb_like = word.endswith(("ed", "ly")) or word in _IRREGULAR_VERBS
        if word in _AUXILIARIES or word in STOPWORDS or verb_like or len(words) == 3:
            break
        words.append(word)
    while words and words[-1] in _CATEGORIES:
        words.pop()
    return words


def missing_focus(question: str, evidence: str) -> str | None:
    """Why the evidence cannot answer the question's form, or None when it can."""
    if _CAUSAL_QUESTION.match(question) and not _CAUSAL_CUES.search(evidence):
        return "the evidence gives no cause"
    focus = _focus_words(question)
    if not focus:
        return None
    present = {stem(word) for word in tokenize(evidence)}
    absent = [word for word in focus if stem(word) not in present]
    # Several focus words ("grape variety"): the head noun, the last, decides.
    if absent and focus[-1] in absent:
        return f"the evidence does not mention {' '.join(focus)}"
    return None
