"""Domain values shared by the store, the keyword index and the retriever."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = [
    "DAY_TOLERANCE",
    "EMBEDDED_FORMAT",
    "Hit",
    "Passage",
    "QueryPart",
    "SearchFilters",
    "SearchQuery",
    "chunk_id_for",
    "day_number",
]

# Version of what `Passage.contextual_text` feeds the embedder; part of each document's hash.
EMBEDDED_FORMAT = 2

Scalar = str | int | float | bool

# When the store wrote a passage or a deletion record, in ms since the epoch by the writer's
# clock: what `PassageStore.changes_since` reads (Chroma indexes integer metadata).
WRITTEN_MS_KEY = "written_ms"
# Keys the store owns in each Chroma metadata record; anything else is article metadata.
_RESERVED = {
    "doc_id",
    "chunk_index",
    "start",
    "end",
    "title",
    "source",
    "source_key",
    "url",
    "published",
    "published_day",
    "author",
    "content_hash",
    "n_passages",
    WRITTEN_MS_KEY,
}


def _storable(key: str) -> bool:
    """Chroma refuses a whole batch if one record has a metadata key that is empty, starts with
    `$` or `#`, or is its own `chroma:document`: such a key of a dump item is left out."""
    return bool(key) and not key.startswith(("$", "#")) and key != "chroma:document"


def chunk_id_for(doc_id: str, index: int) -> str:
    """Passage ids are derived, never random, so a re-run overwrites instead of duplicating."""
    doc_key = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16]
    return f"{doc_key}-{index:04d}"


def day_number(day: date) -> int:
    """Chroma compares numbers only, so dates are stored as YYYYMMDD integers."""
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class Passage:
    """A bounded span of one article, with the article's metadata copied in.

    `start`/`end` are character offsets into the article text, so `text` is exactly
    `article.text[start:end]` and a quote can always be traced back to the original.
    """

    chunk_id: str
    doc_id: str
    text: str
    index: int
    start: int
    end: int
    content_hash: str
    n_passages: int
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    author: str | None = None
    extra: Mapping[str, Scalar] = field(default_factory=dict)

    def contextual_text(self) -> str:
        """What the embedder sees: title, outlet and date give a bare passage its context.

        Changing this changes every vector: bump `EMBEDDED_FORMAT` so stores get re-embedded.
        """
        published = self.published.isoformat() if self.published else None
        head = " — ".join(part for part in (self.title, self.source, published) if part)
        return f"{head}\n{self.text}" if head else self.text

    def to_metadata(self) -> dict[str, Scalar]:
        meta: dict[str, Scalar] = {
            key: value
            for key, value in self.extra.items()
            if key not in _RESERVED and _storable(key)
        }
        meta.update(
            doc_id=self.doc_id,
            chunk_index=self.index,
            start=self.start,
            end=self.end,
            content_hash=self.content_hash,
            n_passages=self.n_passages,
        )
        if self.title:
            meta["title"] = self.title
        if self.source:
            meta["source"] = self.source
            meta["source_key"] = self.source.casefold()
        if self.url:
            meta["url"] = self.url
        if self.author:
            meta["author"] = self.author
        if self.published:
            meta["published"] = self.published.isoformat()
            meta["published_day"] = day_number(self.published)
        return meta

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: Mapping[str, Any]) -> Passage:
        published = meta.get("published")
        return cls(
            chunk_id=chunk_id,
            doc_id=str(meta["doc_id"]),
            text=text,
            index=int(meta["chunk_index"]),
            start=int(meta["start"]),
            end=int(meta["end"]),
            content_hash=str(meta.get("content_hash", "")),
            n_passages=int(meta.get("n_passages", 0)),
            title=meta.get("title"),
            source=meta.get("source"),
            url=meta.get("url"),
            published=date.fromisoformat(published) if published else None,
            author=meta.get("author"),
            extra={k: v for k, v in meta.items() if k not in _RESERVED},
        )


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with the evidence for its rank.

    `score` is the fused (reciprocal-rank) score that orders results; `similarity` is the
    cosine similarity between the query and the passage, comparable across queries.
    """

    passage: Passage
    score: float
    similarity: float
    dense_rank: int | None = None
    keyword_rank: int | None = None
    # Near-duplicate copies of this passage from other outlets (the same wire story).
    also: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class SearchFilters:
    """Metadata filters applied on both the dense and the keyword side.

    Articles without a published date are excluded as soon as a date bound is set: we cannot
    claim they fall inside the range.
    """

    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    # Only these documents (topic alerts match a topic against the newly arrived ones only).
    doc_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"--since {self.since.isoformat()} is after --until {self.until.isoformat()}"
            )

    @property
    def source_keys(self) -> tuple[str, ...]:
        return tuple(source.casefold() for source in self.sources)

    def is_empty(self) -> bool:
        return not (self.sources or self.since or self.until or self.doc_ids)

    def to_chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append({"source_key": {"$in": list(self.source_keys)}})
        if self.since:
            clauses.append({"published_day": {"$gte": day_number(self.since)}})
        if self.until:
            clauses.append({"published_day": {"$lte": day_number(self.until)}})
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, passage: Passage) -> bool:
        if self.doc_ids and passage.doc_id not in self.doc_ids:
            return False
        if self.sources and (passage.source or "").casefold() not in self.source_keys:
            return False
        if self.since or self.until:
            if passage.published is None:
                return False
            if self.since and passage.published < self.since:
                return False
            if self.until and passage.published > self.until:
                return False
        return True


# Outlets publish in their own time zone and the question's date is the reader's: a report
# "on November 5" may be stored as November 4 or 6 in UTC.
DAY_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True)
class QueryPart:
    """One clause of a question and the outlets and day it names.

    A clause naming no outlet ("admitted to being aware of discrepancies after a judge's
    intervention") is still one report's fact: it is searched inside all the outlets the
    question names (`sources`), with `names_outlet` False.
    """

    text: str
    sources: tuple[str, ...]
    day: date | None = None
    names_outlet: bool = True

    def filters(self) -> SearchFilters:
        if self.day is None:
            return SearchFilters(sources=self.sources)
        return SearchFilters(
            sources=self.sources, since=self.day - DAY_TOLERANCE, until=self.day + DAY_TOLERANCE
        )


@dataclass(frozen=True)
class SearchQuery:
    """A question as retrieval reads it: its text, the stored outlets it names and its
    clauses, each searched inside its outlets and day.

    Reading a question is the answering core's work (`bot/answering/clauses.py`); the
    retriever only carries out the searches it describes. A plain string is searched whole.
    """

    text: str
    outlets: tuple[str, ...] = ()
    parts: tuple[QueryPart, ...] = ()
