"""Checking an LLM's cited answer against the passages it was given.

The model cites inline: `Insurgents seized Saraqeb [3: "insurgents ... seized Saraqeb"].` Every
citation is checked before anyone sees it: one naming a passage that was not given, or whose
quote is not in that passage (after normalising whitespace and quote marks), or whose quote
shares no content word with the statement it supports, is removed; a statement left with no
valid citation is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.chunking import split_sentences
from vectorstore.records import Passage
from vectorstore.text import content_terms, stem

__all__ = ["CANNOT_ANSWER", "CheckedAnswer", "check_answer", "locate_quote"]

CANNOT_ANSWER = "CANNOT_ANSWER"
# [3: "quote"] (any quote marks), or a bare [3], which cites without evidence.
_CITATION = re.compile(r"\s*\[(\d{1,3})(?:\s*[:,]\s*[\"“”'‘«](.+?)[\"“”'’»]\s*)?\]", re.DOTALL)
_FANCY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


@dataclass
class CheckedAnswer:
    """Statements that survived, each with its `(passage number, verbatim quote)` citations."""

    statements: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)
    citations_dropped: int = 0
    sentences_dropped: int = 0
    cannot_answer: bool = False


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with quote marks unified, whitespace collapsed, case folded; and each char's origin."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_FANCY)):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char.casefold())
        origin.append(index)
    return "".join(chars), origin


def locate_quote(quote: str, passage: str) -> str | None:
    """The passage's own words for `quote`, or None when the passage does not contain them."""
    wanted, _ = _normalise(quote.strip().strip("\"'“”‘’ .…"))
    if len(wanted) < 8:
        return None
    haystack, origin = _normalise(passage)
    position = haystack.find(wanted)
    if position < 0:
        return None
    return passage[origin[position] : origin[position + len(wanted) - 1] + 1]


def _supports(statement: str, quote: str) -> bool:
    """A quote must share at least one content word with what it is cited for."""
    said = {stem(t) for t in content_terms(statement)}
    return not said or bool(said & {stem(t) for t in content_terms(quote)})


def check_answer(reply: str, passages: Sequence[Passage]) -> CheckedAnswer:
    checked = CheckedAnswer(cannot_answer=reply.strip().startswith(CANNOT_ANSWER))
    if checked.cannot_answer:
        return checked
    for start, end in _statements(reply):
        sentence = reply[start:end]
        text = " ".join(_CITATION.sub("", sentence).split())
        cites = _CITATION.findall(sentence)
        if not text or CANNOT_ANSWER in text:
            continue
        valid: list[tuple[int, str]] = []
        for raw_number, quote in cites:
            number = int(raw_number)
            found = (
                locate_quote(quote, passages[number - 1].text)
                if quote and 1 <= number <= len(passages)
                else None
            )
            if found is None or not _supports(text, found):
                checked.citations_dropped += 1
            elif (number, found) not in valid:
                valid.append((number, found))
        if valid:
            checked.statements.append((text, valid))
        else:
            checked.sentences_dropped += 1
    return checked


def _statements(reply: str) -> list[tuple[int, int]]:
    """Sentence spans, with a citation that follows a full stop kept in its sentence."""
    spans = split_sentences(reply)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _CITATION.fullmatch(reply[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
