"""What the QA service returns: an answer whose every statement points at a stored passage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from vectorstore.records import Hit, Passage

__all__ = ["Answer", "Citation", "Conflict", "Why", "also_label"]


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


def also_label(passage: Passage) -> str:
    """How "also reported by" names a copy's report: its outlet, or, with none, its title as
    a title ("a report titled ..."), which read bare would pass for an outlet's name."""
    if passage.source:
        return passage.source
    return f"a report titled “{passage.title}”" if passage.title else "another report"


@dataclass(frozen=True)
class Why:
    """One answering rule that fired, and what it saw: the trace behind an answer or refusal."""

    rule: str
    detail: str = ""


@dataclass(frozen=True)
class Conflict:
    """One of the values that reports give for the figure asked for, and citation `n` of the
    report (its newest) giving it; an answer lists them newest first."""

    value: str
    n: int
    source: str | None
    published: date | None
    latest: bool = False  # the newest report, later than all others: it updates them


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
    # Where the cited reports disagree on the figure asked for: each value, newest first.
    conflicts: tuple[Conflict, ...] = ()
    # The short answer stated before the quotes (a figure, name, date or yes/no), when one
    # is: what a reader takes for the answer. None when the answer opens with a quote.
    lead: str | None = None
