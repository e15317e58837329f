"""Checking an LLM's cited answer against the passages it was given, statement by statement.

The model cites inline: `Insurgents seized Saraqeb [3: "insurgents ... seized Saraqeb"].` A
citation counts only if it names a passage that was given, its quote is in that passage (after
normalising whitespace, case and quote marks), and the passage does not try to instruct the
model. The statement is then verified against its quotes by `bot.answering.verification`; one
that fails is dropped, with the rule that dropped it.

`AnswerChecker` does this while the answer streams in: a statement is checked as soon as it is
complete (its sentence and the citations after it), so what is shown while the model is still
writing is exactly the start of the final answer, never unverified text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.answering.verification import instruction_like, verify_statement
from vectorstore.records import Passage
from vectorstore.text import content_terms, split_sentences, stem

__all__ = [
    "CANNOT_ANSWER",
    "AnswerChecker",
    "CheckedAnswer",
    "check_answer",
    "locate_quote",
    "render_statement",
]

CANNOT_ANSWER = "CANNOT_ANSWER"
# [3: "quote"] (any quote marks), or a bare [3], which cites without evidence.
_CITATION = re.compile(r"\s*\[(\d{1,3})(?:\s*[:,]\s*[\"“”'‘«](.+?)[\"“”'’»]\s*)?\]", re.DOTALL)
_FANCY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})

Cited = list[tuple[int, str]]  # (passage number, the passage's own words)


@dataclass
class CheckedAnswer:
    """Statements that survived, each with its `(passage number, verbatim quote)` citations;
    `dropped` says for each removed statement which rule removed it and why, `withheld` which
    passages were kept from the model (see `bot.answering.llm`)."""

    statements: list[tuple[str, Cited]] = field(default_factory=list)
    citations_dropped: int = 0
    sentences_dropped: int = 0
    cannot_answer: bool = False
    dropped: list[dict[str, str]] = field(default_factory=list)
    withheld: list[dict[str, str]] = field(default_factory=list)  # passages the model never saw


def _normalise(text: str) -> tuple[str, list[int]]:
    """Text with quote marks unified, whitespace collapsed, case folded; and each char's origin."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_FANCY)):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        # One character may fold to several ("ß" -> "ss", "İ" -> "i̇"): each keeps its origin.
        for folded in char.casefold():
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


def locate_quote(quote: str, passage: str) -> str | None:
    """The passage's own words for `quote`, or None when the passage does not contain them
    as whole words ("armed protesters" is not in "unarmed protesters")."""
    wanted, _ = _normalise(quote.strip().strip("\"'“”‘’ .…"))
    if len(wanted) < 8:
        return None
    haystack, origin = _normalise(passage)
    position = haystack.find(wanted)
    while position >= 0:
        end = position + len(wanted)
        starts_word = position == 0 or not _in_word(haystack[position - 1], wanted[0])
        ends_word = end == len(haystack) or not _in_word(haystack[end], wanted[-1])
        if starts_word and ends_word:
            return passage[origin[position] : origin[end - 1] + 1]
        position = haystack.find(wanted, position + 1)
    return None


def _in_word(neighbour: str, edge: str) -> bool:
    """Whether `neighbour` continues the word that `edge`, the quote's end, is part of."""
    return neighbour.isalnum() and edge.isalnum()


def _relevant(statement: str, quote: str) -> bool:
    """A quote shares at least one content word with what it is cited for; one that does not
    is left out of the shown citations even when another quote supports the statement."""
    said = {stem(t) for t in content_terms(statement)}
    return not said or bool(said & {stem(t) for t in content_terms(quote)})


def render_statement(text: str, markers: Sequence[int]) -> str:
    """`Insurgents seized Saraqeb [1][2].`: the statement with its citation numbers."""
    body = text.rstrip()
    end = body[-1] if body and body[-1] in ".!?" else "."
    return f"{body.rstrip('.!?')} {''.join(f'[{n}]' for n in markers)}{end}"


class AnswerChecker:
    """Verifies a cited answer statement by statement, as it streams in.

    `feed` the model's text as it arrives; each statement is checked once it is complete and,
    if it holds, passed to `on_statement` already numbered as the final answer numbers it
    (citations in order of first use). `finish` checks the rest and returns the result.
    """

    def __init__(
        self,
        passages: Sequence[Passage],
        *,
        on_statement: Callable[[str], None] | None = None,
        verify: Callable[..., Any] = verify_statement,
    ) -> None:
        self.passages = list(passages)
        self.on_statement = on_statement
        self.verify = verify
        self.result = CheckedAnswer()
        self._text = ""
        self._done = 0  # characters of _text already checked
        self._numbers: dict[tuple[int, str], int] = {}
        self._context = [p.text for p in self.passages]
        self._steering = [instruction_like(f"{p.title or ''}\n{p.text}") for p in self.passages]

    def feed(self, text: str) -> None:
        self._text += text
        if self._text.lstrip().startswith(CANNOT_ANSWER[: len(self._text.lstrip())]):
            return  # perhaps the refusal token, still arriving
        # Text from an unfinished citation on is not cut (its quote may hold a full stop), and
        # the last statement may still grow: more words, or citations after its full stop.
        pending = self._text.rfind("[")
        complete = pending < 0 or _CITATION.match(self._text, pending)
        settled = self._text if complete else self._text[:pending]
        for start, end in _statements(settled, self._done)[:-1]:
            self._check(self._text[start:end])
            self._done = end

    def finish(self) -> CheckedAnswer:
        if self._text.strip().startswith(CANNOT_ANSWER):
            self.result.cannot_answer = True
            return self.result
        for start, end in _statements(self._text, self._done):
            self._check(self._text[start:end])
        self._done = len(self._text)
        # "... [1]. CANNOT_ANSWER": a model that ends by saying the passages do not answer,
        # with nothing it said verified, has refused.
        self.result.cannot_answer = not self.result.statements and CANNOT_ANSWER in self._text
        return self.result

    def _check(self, sentence: str) -> None:
        text = " ".join(_CITATION.sub("", sentence).split())
        cites = _CITATION.findall(sentence)
        if not text or CANNOT_ANSWER in text:
            return
        valid: Cited = []
        failures: list[tuple[str, str]] = []
        for raw_number, quote in cites:
            failure, found = self._citation(int(raw_number), quote)
            if failure:
                failures.append(failure)
            elif (int(raw_number), found) not in valid:
                valid.append((int(raw_number), found))
        if not valid:
            rule, detail = failures[0] if failures else ("llm.no-citation", "it cites nothing")
            self._drop(text, len(cites), rule, "; ".join(d for _, d in failures) or detail)
            return
        verdict = self.verify(text, [q for _, q in valid], context=self._context)
        if not verdict.ok:
            self._drop(text, len(cites), verdict.rule, verdict.detail)
            return
        kept = [(n, q) for n, q in valid if _relevant(text, q)] or valid
        self.result.citations_dropped += len(cites) - len(kept)
        self.result.statements.append((text, kept))
        markers = [self._numbers.setdefault(key, len(self._numbers) + 1) for key in kept]
        if self.on_statement:
            self.on_statement(render_statement(text, markers))

    def _citation(self, number: int, quote: str) -> tuple[tuple[str, str] | None, str]:
        """(rule, detail) when the citation does not count, else None and the found quote."""
        if not quote:
            return ("llm.bare-citation", f"[{number}] gives no quote"), ""
        if not 1 <= number <= len(self.passages):
            return ("llm.unknown-passage", f"passage {number} was not given"), ""
        steering = self._steering[number - 1]
        if steering:
            detail = f"passage {number} addresses the model ({steering!r})"
            return ("llm.instruction-in-passage", detail), ""
        found = locate_quote(quote, self.passages[number - 1].text)
        if found is None:
            return ("llm.quote-not-found", f"the quote is not in passage {number}"), ""
        return None, found

    def _drop(self, text: str, citations: int, rule: str, detail: str) -> None:
        self.result.citations_dropped += citations
        self.result.sentences_dropped += 1
        self.result.dropped.append({"statement": text, "rule": rule, "detail": detail})


def check_answer(reply: str, passages: Sequence[Passage]) -> CheckedAnswer:
    """Verify a whole reply at once (what `AnswerChecker` does while streaming)."""
    checker = AnswerChecker(passages)
    checker.feed(reply)
    return checker.finish()


def _statements(reply: str, offset: int = 0) -> list[tuple[int, int]]:
    """Statement spans from `offset` on: sentences, each with the citations that follow it.

    Citations are masked before splitting, so a full stop inside a quote never ends a
    statement and a citation after a full stop stays with the sentence before it.
    """
    masked = _CITATION.sub(lambda m: " " + "." * (len(m.group(0)) - 1), reply)
    spans = [(offset + s, offset + e) for s, e in split_sentences(masked[offset:])]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not masked[start:end].strip(". "):
            merged[-1] = (merged[-1][0], end)  # only citations: they belong to the sentence
        else:
            merged.append((start, end))
    return merged
