"""Sentence-aware passages of bounded size, with overlap and character offsets.

Passages never cut a sentence (unless one sentence alone is longer than the bound), so a
quoted sentence always lies whole inside some passage, and every passage is an exact slice of
the article: `article.text[start:end]`.
"""

from __future__ import annotations

from dataclasses import dataclass

from vectorstore.text import add_span as _add_span
from vectorstore.text import split_sentences

__all__ = ["Chunk", "chunk_text", "split_sentences"]


@dataclass(frozen=True)
class Chunk:
    """A passage-to-be: `text == article_text[start:end]`."""

    index: int
    start: int
    end: int
    text: str


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
