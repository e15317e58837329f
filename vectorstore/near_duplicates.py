"""Near-duplicate passages: the same wire story run by several outlets with small edits.

Two passages are near-duplicates when the Jaccard similarity of their word 3-shingles reaches
a threshold (0.2 by default) *and* they agree on their figures and names (`agree`): a
follow-up that changes a figure ("17 electric buses" became "773") or a templated local report
about another town shares most of its wording with the first and is still another report,
whose figures may even contradict it (an answer then shows both). Both were tuned on
benchmarks/near_duplicates.py's labelled pairs.

Grouping happens at query time over the retrieved candidates, so it needs no extra index and
works the same in server mode. A group's newest copy is cited, in the slot of its best-ranked
one; the others ride along in `also`, one passage per other outlet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from vectorstore.records import Hit, Passage
from vectorstore.text import (
    NUMBER_WORDS,
    SCALE_WORDS,
    STOPWORDS,
    TENS_WORDS,
    split_sentences,
    tokenize,
    without_dateline,
)

__all__ = [
    "SHINGLE_WORDS",
    "THRESHOLD",
    "agree",
    "collapse",
    "is_near_duplicate",
    "jaccard",
    "shingles",
    "slots",
]

SHINGLE_WORDS = 3
THRESHOLD = 0.2

# Figures (with their separators, "7,100", "1.4"), and words, as written.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER_WORDS = frozenset((*NUMBER_WORDS, *TENS_WORDS, *SCALE_WORDS))
_CONTEXT = 2  # words each side that identify a slot


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    words = tokenize(text)
    if len(words) < size:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _slot_value(token: str) -> str | None:
    """The figure or name a token states, normalised; None for an ordinary word."""
    if token[0].isdigit():
        return token.replace(",", "")
    lowered = token.casefold()
    if lowered in _NUMBER_WORDS:
        return lowered
    if token[0].isupper() and lowered not in STOPWORDS:
        return lowered
    return None


Slots = dict[tuple[str, ...], frozenset[str]]


def slots(text: str) -> Slots:
    """Each figure and name of `text`, keyed by the words around it.

    A slot is a figure or a capitalised word; its keys are the two words before it and the two
    after it in its sentence (as ("<", w1, w2) and (">", w1, w2)). Two texts that fill the
    same key with different values say different things there: "added 17 electric buses"
    against "added 773 electric buses". Contexts never cross a sentence's end, so a copy that
    drops a sentence makes no new ones; keys at the start or end of a sentence are left out
    (a dropped sentence leaves no new neighbours), and the text's opening dateline is no
    context at all ("ARLEN - Arlen added" and "KELSO (Wire) - Arlen added" say the same).
    """
    found: dict[tuple[str, ...], set[str]] = {}
    for index, (start, end) in enumerate(split_sentences(text)):
        sentence = text[start:end]
        # A dateline ("ARLEN - ", "KELSO (Wire) - ") is no context of the words after it: two
        # copies with different datelines would fill "> arlen added" with different words.
        tokens = _TOKEN.findall(without_dateline(sentence) if index == 0 else sentence)
        lowered = [t.casefold() for t in tokens]
        for i, token in enumerate(tokens):
            value = _slot_value(token)
            if value is None:
                continue
            if i >= _CONTEXT:
                found.setdefault(("<", *lowered[i - _CONTEXT : i]), set()).add(value)
            if i + _CONTEXT < len(tokens):
                found.setdefault((">", *lowered[i + 1 : i + 1 + _CONTEXT]), set()).add(value)
    return {key: frozenset(values) for key, values in found.items()}


def agree(a: str | Slots, b: str | Slots) -> bool:
    """Whether two texts agree on their figures and names: no context that both have is
    filled with different values (the slots of a text may be given precomputed).

    A copy that drops a sentence, adds a dateline or rewords a phrase loses or changes
    contexts, never fills one with another figure; a follow-up with new figures or a templated
    report about another town does.
    """
    sa = slots(a) if isinstance(a, str) else a
    sb = slots(b) if isinstance(b, str) else b
    return not any(key in sb and not values & sb[key] for key, values in sa.items())


def is_near_duplicate(a: str, b: str, *, threshold: float = THRESHOLD) -> bool:
    return jaccard(shingles(a), shingles(b)) >= threshold and agree(a, b)


def collapse(hits: Sequence[Hit], *, threshold: float = THRESHOLD) -> list[Hit]:
    """One hit per story, in the slot of its best-ranked copy, citing its newest copy; the
    other copies ride along in its `also`, one per outlet (not the cited one's)."""
    marks: dict[int, Slots] = {}

    def slots_of(passage: Passage) -> Slots:
        # Figures and names are read only for the copies by wording, each once: reading them
        # for every hit was half of this function's cost.
        if id(passage) not in marks:
            marks[id(passage)] = slots(passage.text)
        return marks[id(passage)]

    groups: list[tuple[list[Hit], frozenset[tuple[str, ...]]]] = []
    for hit in hits:
        grams = shingles(hit.passage.text)
        for members, best_grams in groups:
            if (
                all(m.passage.doc_id != hit.passage.doc_id for m in members)
                and jaccard(grams, best_grams) >= threshold
                and agree(slots_of(hit.passage), slots_of(members[0].passage))
            ):
                members.append(hit)
                break
        else:
            groups.append(([hit], grams))
    return [_cited(members) for members, _ in groups]


def _cited(members: list[Hit]) -> Hit:
    """The group's newest copy (the best-ranked among equals), with one copy per other outlet
    (each outlet's newest) in `also`."""
    if len(members) == 1:
        return members[0]
    newest = max(members, key=lambda h: (_day(h.passage), -members.index(h)))
    outlets: dict[str, Passage] = {}
    for member in sorted(members, key=lambda h: _day(h.passage), reverse=True):
        key = _outlet(member.passage)
        if key != _outlet(newest.passage) and key not in outlets:
            outlets[key] = member.passage
    return replace(newest, also=tuple(outlets.values()))


def _day(passage: Passage) -> date:
    return passage.published or date.min


def _outlet(passage: Passage) -> str:
    return (passage.source or passage.doc_id).casefold()
