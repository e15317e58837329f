"""Sentence-aware passages of bounded size, with overlap and character offsets.

Passages never cut a sentence (unless one sentence alone is longer than the bound), so a
quoted sentence always lies whole inside some passage, and every passage is an exact slice of
the article: `article.text[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Chunk", "chunk_text", "split_sentences"]

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital,
# digit or opening quote, or at a line break. The lookbehind and possessive quantifiers keep
# matching linear: without them, a line of a million dots is tried from every dot and
# backtracked through the rest of the run, which takes hours.
_BOUNDARY = re.compile(
    r"""(?<![.!?…])[.!?…]++["'”’)\]]*+\s++(?=["'“‘(\[]?[A-Z0-9\u0400-\u04FF\u0600-\u06FF])"""
)
# Longer than any abbreviation with its opening quotes: how far back a boundary looks.
_LOOKBACK = 32
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep st jr sr inc ltd co corp
    vs etc no nos fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx est dept
    u.s u.k u.n e.g i.e a.m p.m""".split()
)


@dataclass(frozen=True)
class Chunk:
    """A passage-to-be: `text == article_text[start:end]`."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` with surrounding whitespace excluded.

    Linear in the length of the text, however long its lines: each boundary looks back a
    bounded distance, never at the whole line before it.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        line_start = line.start()
        piece_start = 0
        body = line.group(0)
        for boundary in _BOUNDARY.finditer(body):
            if _ends_with_abbreviation(body, boundary.start() + 1):
                continue
            end = boundary.end()
            _add_span(spans, text, line_start + piece_start, line_start + end)
            piece_start = end
        _add_span(spans, text, line_start + piece_start, line_start + len(body))
    return spans


def _ends_with_abbreviation(line: str, end: int) -> bool:
    """Whether `line[:end]`, which ends with a sentence mark, ends with an abbreviation.

    Only the last `_LOOKBACK` characters are read: a word reaching further back is longer
    than any abbreviation.
    """
    window_start = max(0, end - _LOOKBACK)
    window = line[window_start:end]
    words = window.rstrip(".").split()
    if not words or (len(words) == 1 and window_start > 0 and not window[0].isspace()):
        return False
    word = words[-1].lstrip("(\"'“‘").casefold()
    # Single letters are initials ("J. Smith"), unless the sentence is one letter long.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and end > 2)


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _bounded(spans: list[tuple[int, int]], text: str, max_chars: int) -> list[tuple[int, int]]:
    """Split any sentence longer than `max_chars` at whitespace (or hard, if it has none)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > max_chars:
            cut = text.rfind(" ", start + 1, start + max_chars)
            cut = cut if cut > start else start + max_chars
            _add_span(out, text, start, cut)
            start = cut
        _add_span(out, text, start, end)
    return out


def chunk_text(text: str, *, max_chars: int = 800, overlap_chars: int = 200) -> list[Chunk]:
    """Group whole sentences into passages of at most `max_chars`.

    Consecutive passages share their boundary sentences, up to `overlap_chars` (at least one
    sentence, unless it is longer than half a passage), so a fact stated across a boundary is
    still found whole in one passage.
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    if not 0 <= overlap_chars < max_chars:
        raise ValueError("overlap_chars must be at least 0 and less than max_chars")
    spans = _bounded(split_sentences(text), text, max_chars)
    chunks: list[Chunk] = []
    first = 0
    while first < len(spans):
        last = first
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars:
            last += 1
        start, end = spans[first][0], spans[last][1]
        chunks.append(Chunk(index=len(chunks), start=start, end=end, text=text[start:end]))
        if last + 1 >= len(spans):
            break
        following = last + 1
        while following - 1 > first and end - spans[following - 1][0] <= overlap_chars:
            following -= 1
        if following == last + 1 and last > first and end - spans[last][0] <= max_chars // 2:
            following = last  # always repeat one sentence when it is not too long
        first = following
    return chunks
