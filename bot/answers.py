"""What the QA service returns: an answer whose every statement points at a stored passage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vectorstore.records import Hit, Passage

__all__ = ["Answer", "Citation", "Why"]


@dataclass(frozen=True)
class Citation:
    """Citation `[n]`: the passage, and the verbatim words of it that support the statement.

    `quote` is always an exact substring of `passage.text`; the QA service checks this before
    an answer leaves it.
    """

    n: int
    quote: str
    passage: Passage
    score: float
    also: tuple[Passage, ...] = ()  # the same story from other outlets


@dataclass(frozen=True)
class Why:
    """One answering rule that fired, and what it saw: the trace behind an answer or refusal."""

    rule: str
    detail: str = ""


@dataclass(frozen=True)
class Answer:
    """An answer, or a refusal with the closest passages offered as related reading."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    related: tuple[Hit, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The rules that fired, in order; a refusal ends with the rule that refused.
    why: tuple[Why, ...] = ()
    # How it was made: answerer, LLM statements dropped by verification (each with its rule),
    # passages withheld from the model, LLM errors and fallbacks.
    notes: dict[str, Any] = field(default_factory=dict)
