"""`newsbot digest`: what arrived since a moment, grouped by story, every item cited.

An item is one article ingested since then (its `ingested_at`), cited with one verbatim
sentence of it: with a topic, the sentence that answers the topic (the same matching as topic
alerts, so `ask`'s retrieval and refusal rules decide; articles that do not answer it are left
out); without one, the article's first sentence.

Articles are grouped into stories greedily, newest first: an article joins the first story
whose first article it is a near-duplicate of (the same wire copy, `vectorstore.near_duplicates`)
or whose headline and lead it resembles (cosine similarity of their embeddings at least
`STORY_SIMILARITY`); otherwise it starts a story.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.follow import find_matches
from vectorstore.errors import NewsbotError
from vectorstore.near_duplicates import is_near_duplicate
from vectorstore.records import chunk_id_for
from vectorstore.text import split_sentences

if TYPE_CHECKING:
    from bot.services import Newsbot

__all__ = ["Digest", "DigestItem", "Story", "build_digest", "parse_since"]

# Headline-and-lead similarity from which two articles are taken for the same story. On the
# tuning set samples/longform-tune (15 reports; three events told twice, one story updated),
# the bundled MiniLM model puts the same story's reports at 0.645 to 0.834 and different events
# at 0.469 at most (two fires: Kettlewick Ridge and the Cloth Hall): the middle of that gap.
STORY_SIMILARITY = 0.55
LEAD_MIN_WORDS = 8
_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class BadSince(NewsbotError):
    """`--since` is neither a duration (24h, 90m, 7d) nor a date or time."""


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """`24h`, `90m`, `7d`, `2w` before now, or an ISO date or date-time (UTC unless it says)."""
    now = now or datetime.now(UTC)
    match = _RELATIVE.match(text)
    if match:
        amount, unit = float(match.group(1)), match.group(2)
        try:
            return now - timedelta(**{_UNITS[unit]: amount})
        except OverflowError:
            raise BadSince(f"{text!r} reaches back before any date there is") from None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadSince(
            f"expected a duration like 24h, 90m or 7d, or a date like 2024-11-30, got {text!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DigestItem:
    doc_id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    ingested_at: str | None
    quote: str


@dataclass(frozen=True)
class Story:
    headline: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class Digest:
    since: datetime
    until: datetime
    topic: str | None
    stories: tuple[Story, ...]

    def to_dict(self) -> dict[str, Any]:
        """The `--json` form; keys are stable (docs/usage.md)."""
        return {
            "since": self.since.isoformat(timespec="seconds"),
            "until": self.until.isoformat(timespec="seconds"),
            "topic": self.topic,
            "documents": sum(len(s.items) for s in self.stories),
            "stories": [
                {"headline": s.headline, "items": [asdict(i) for i in s.items]}
                for s in self.stories
            ],
        }


def _arrived_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build_digest(
    newsbot: Newsbot, since: datetime, *, topic: str | None = None, now: datetime | None = None
) -> Digest:
    """The articles ingested since `since`, cited and grouped by story."""
    until = now or datetime.now(UTC)
    store = newsbot.store()
    arrived = [
        d
        for d in store.documents()
        if (moment := _arrived_at(d.ingested_at)) is not None and since <= moment <= until
    ]
    arrived.sort(key=lambda d: (d.ingested_at or "", d.published or ""), reverse=True)
    quotes: dict[str, str] = {}
    if topic is not None:
        for doc_id, quote, _ in find_matches(newsbot.qa(), topic, [d.doc_id for d in arrived]):
            quotes[doc_id] = quote
    else:
        first = store.get([chunk_id_for(d.doc_id, 0) for d in arrived])
        for passage, _ in first:
            quotes[passage.doc_id] = _lead(passage.text)
    items = [
        DigestItem(
            doc_id=d.doc_id,
            title=d.title,
            source=d.source,
            published=d.published,
            url=d.url,
            ingested_at=d.ingested_at,
            quote=quotes[d.doc_id],
        )
        for d in arrived
        if quotes.get(d.doc_id)
    ]
    return Digest(since, until, topic, tuple(_stories(newsbot, items)))


def _lead(text: str) -> str:
    """The article's first real sentence: a headline, byline or outlet line is too short."""
    sentences = [text[start:end].strip() for start, end in split_sentences(text)]
    sentences = [s for s in sentences if s]
    for sentence in sentences:
        if len(sentence.split()) >= LEAD_MIN_WORDS:
            return sentence
    return sentences[0] if sentences else text.strip()


def _stories(newsbot: Newsbot, items: list[DigestItem]) -> list[Story]:
    if not items:
        return []
    leads = [f"{item.title or ''}. {item.quote}" for item in items]
    vectors = np.asarray(newsbot.embedder.encode_passages(leads))
    groups: list[list[int]] = []
    for i in range(len(items)):
        for group in groups:
            first = group[0]
            similar = float(np.dot(vectors[i], vectors[first])) >= STORY_SIMILARITY
            if similar or is_near_duplicate(items[i].quote, items[first].quote):
                group.append(i)
                break
        else:
            groups.append([i])
    return [
        Story(
            headline=items[group[0]].title or items[group[0]].quote,
            items=tuple(items[i] for i in group),
        )
        for group in groups
    ]
