"""Follow-up questions without an LLM: carry the previous turn's names into the question.

"and who led them?" after "who captured Saraqeb?" becomes "and who led them? (Saraqeb,
Aleppo)": retrieval then looks in the right reports. With an LLM the question is rewritten by
the model instead (bot.answering.llm.LLMAnswerer.rewrite).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vectorstore.text import STOPWORDS, tokenize

__all__ = ["carry_over", "looks_like_follow_up"]

_REFERRING = frozenset(
    "it its they them their theirs he him his she her this that these those there then "
    "also too else".split()
)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:al-)?[A-Z][\w’'-]*)*")


def looks_like_follow_up(question: str) -> bool:
    words = tokenize(question)
    return bool(words) and (
        words[0] in {"and", "but", "so", "also"}
        or question.strip().casefold().startswith(("what about", "how about"))
        or bool(_REFERRING & set(words))
    )


def _names(text: str) -> list[str]:
    names = []
    for match in _NAME.finditer(text):
        if match.start() == 0 or text[match.start() - 2 : match.start()].strip() in {".", "?"}:
            continue  # a capital at the start of a sentence is not a name
        name = match.group(0)
        if any(w not in STOPWORDS for w in tokenize(name)):
            names.append(name)
    return names


def carry_over(question: str, history: Sequence[tuple[str, str]]) -> str:
    """The question plus the names of the last turn, when it reads like a follow-up."""
    if not history or not looks_like_follow_up(question):
        return question
    previous_question, previous_answer = history[-1]
    asked = set(tokenize(question))
    names = [
        n
        for n in dict.fromkeys(_names(previous_question) + _names(previous_answer))
        if not set(tokenize(n)) <= asked
    ]
    return f"{question} ({', '.join(names[:6])})" if names else question
