"""Questions about the order of two reports: "Did The Verge report X before TechCrunch reported
Y?", "Was X reported by Sporting News before or after it reported Y?".

For news the date is the answer: once each side's report is found, their publication dates
decide, and the answer says so with both reports cited. Only questions whose two sides each
name a stored outlet are read this way; "Did the price rise after the election?" is not about
reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.answering.clauses import named_sources

__all__ = ["OrderQuestion", "order_question", "verdict"]

_ORDER = re.compile(
    r"^\s*(?:did|was|were|has|had|is|does|do)\s+(?P<first>.+?)\s+"
    r"(?P<word>before\s+or\s+after|after\s+or\s+before|before|after)\s+(?P<second>.+)$",
    re.IGNORECASE | re.DOTALL,
)

_REPORTING = re.compile(
    r"\b(?:report|reports|reported|reporting|article|story|piece|review|coverage|published|"
    r"wrote|covered)\b",
    re.IGNORECASE,
)
_HEAD_WORDS = 6


@dataclass(frozen=True)
class OrderQuestion:
    """The two sides of the question, the outlets each names, and what it asks."""

    first: str
    second: str
    first_outlets: tuple[str, ...]
    second_outlets: tuple[str, ...]
    asks: Literal["before", "after", "which"]


def order_question(question: str, source_keys: Sequence[str]) -> OrderQuestion | None:
    """The question read as one about the order of two reports, or None."""
    match = _ORDER.match(question.strip())
    if not match:
        return None
    first, second = match.group("first"), match.group("second").rstrip(" ?")
    first_outlets = named_sources(first, source_keys)
    second_outlets = named_sources(second, source_keys)
    if not first_outlets or not second_outlets:
        return None
    # "... before TechCrunch reported Y", not "... return to the game after a head injury in
    # the same manner that The Sydney Morning Herald reported": the word orders reports.
    head = " ".join(second.split()[:_HEAD_WORDS])
    if not named_sources(head, second_outlets) and not _REPORTING.search(head):
        return None
    word = match.group("word").casefold()
    asks: Literal["before", "after", "which"] = (
        "which" if " or " in word else "before" if word == "before" else "after"
    )
    return OrderQuestion(first, second, tuple(first_outlets), tuple(second_outlets), asks)


def verdict(question: OrderQuestion, first: date, second: date) -> str:
    """ "Yes"/"No" for "did A ... before/after B", "Before"/"After" for "before or after"."""
    if first == second:
        return "The same day"
    earlier = first < second
    if question.asks == "which":
        return "Before" if earlier else "After"
    return "Yes" if earlier == (question.asks == "before") else "No"
