"""Near-duplicate passages: the same wire story run by several outlets with small edits.

Two passages are near-duplicates when the Jaccard similarity of their word 3-shingles reaches
a threshold (0.3 by default; tuned on benchmarks/near_duplicates.py's labelled pairs). Grouping
happens at query time over the retrieved candidates, so it needs no extra index, works the
same in server mode, and an answer cites one copy while listing the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from vectorstore.records import Hit
from vectorstore.text import tokenize

__all__ = ["SHINGLE_WORDS", "collapse", "is_near_duplicate", "jaccard", "shingles"]

SHINGLE_WORDS = 3
THRESHOLD = 0.3


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    words = tokenize(text)
    if len(words) < size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_near_duplicate(a: str, b: str, *, threshold: float = THRESHOLD) -> bool:
    return jaccard(shingles(a), shingles(b)) >= threshold


def collapse(hits: Sequence[Hit], *, threshold: float = THRESHOLD) -> list[Hit]:
    """Keep the best-ranked copy of each story; the others ride along in its `also`."""
    kept: list[tuple[Hit, frozenset[tuple[str, ...]]]] = []
    for hit in hits:
        grams = shingles(hit.passage.text)
        for index, (best, best_grams) in enumerate(kept):
            if (
                best.passage.doc_id != hit.passage.doc_id
                and jaccard(grams, best_grams) >= threshold
            ):
                kept[index] = (replace(best, also=(*best.also, hit.passage)), best_grams)
                break
        else:
            kept.append((hit, grams))
    return [hit for hit, _ in kept]
