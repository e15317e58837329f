"""The `Article`: what every loader produces and the pipeline consumes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Article"]

Scalar = str | int | float | bool


@dataclass(frozen=True)
class Article:
    """One news report: its text and what is known about it.

    `doc_id` identifies the report across runs: its canonical URL when it has one, else the
    file path (plus the item's position inside a dump).
    """

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    author: str | None = None
    extra: Mapping[str, Scalar] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Changes whenever the text or any metadata a citation shows changes."""
        payload = json.dumps(
            {
                "text": self.text,
                "title": self.title,
                "url": self.url,
                "source": self.source,
                "published": self.published.isoformat() if self.published else None,
                "author": self.author,
                "extra": dict(sorted(self.extra.items())),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
