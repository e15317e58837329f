"""Follow-up questions without an LLM: carry the previous turn's names into the question.

"and who led them?" after "who captured Saraqeb?" becomes "and who led them? (Saraqeb,
Aleppo)": retrieval then looks in the right reports. With an LLM the question is rewritten by
the model instead (bot.answering.llm.LLMAnswerer.rewrite).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vectorstore.text import STOPWORDS, tokenize

__all__ = ["answer_core", "carry_over", "looks_like_follow_up"]

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


_MARKER = re.compile(r"\s*\[(\d+)\]")
# A first statement this short is a lead ("Dunya Petrakis [3]."), not a quoted sentence.
_LEAD_WORDS = 12


def answer_core(answer: str) -> tuple[str, str]:
    """What the previous answer said in answer: its lead (empty when it has none) and the
    sentence it quoted first for it (the one the lead cites). The other quoted sentences are
    context (another report's chief executive, say): a follow-up's pronoun does not point at
    them."""
    first = _MARKER.search(answer)
    if first is None:
        return "", answer
    lead = answer[: first.start()].strip()
    if len(lead.split()) > _LEAD_WORDS:
        return "", lead  # no lead: the first statement is the quoted sentence
    rest = answer[first.end() :]
    start = 0
    for marker in _MARKER.finditer(rest):
        if marker.group(1) == first.group(1) and rest[start : marker.start()].strip(" .;"):
            return lead, rest[start : marker.start()].strip(" .;")
        start = marker.end()
    return lead, ""


def carry_over(question: str, history: Sequence[tuple[str, str]]) -> str:
    """The question plus the names of the last turn, when it reads like a follow-up: those of
    its question, its lead when that is a name, and the sentence it quoted first for it
    (`answer_core`)."""
    if not history or not looks_like_follow_up(question):
        return question
    previous_question, previous_answer = history[-1]
    lead, sentence = answer_core(previous_answer)
    named_lead = [lead] if _NAME.fullmatch(lead) and lead not in {"Yes", "No"} else []
    asked = set(tokenize(question))
    names = [
        n
        for n in dict.fromkeys(_names(previous_question) + named_lead + _names(sentence))
        if not set(tokenize(n)) <= asked
    ]
    return f"{question} ({', '.join(names[:6])})" if names else question
