"""Errors for sources that cannot be ingested.

    NewsbotError (vectorstore.errors)
    └── SourceError
        ├── SourceNotFound
        ├── UnsupportedSource
        ├── EmptyArticle
        ├── MalformedSource
        ├── UndecodableText
        ├── TooLarge
        └── UnreadableSource

Each carries the source it is about, so a run can report every failure and go on.
"""

from __future__ import annotations

import logging

from vectorstore.errors import NewsbotError

__all__ = [
    "EmptyArticle",
    "MalformedSource",
    "SourceError",
    "SourceNotFound",
    "TooLarge",
    "UndecodableText",
    "UnreadableSource",
    "UnsupportedSource",
]

logger = logging.getLogger(__name__)

_MAX_REASON_CHARS = 200


class SourceError(NewsbotError):
    """A source (file, item of a dump, URL) could not be turned into articles."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class SourceNotFound(SourceError):
    """The path does not exist."""


class UnsupportedSource(SourceError):
    """The file type is not one newsbot can read."""


class EmptyArticle(SourceError):
    """The source holds no article text."""


class MalformedSource(SourceError):
    """The file claims a format (JSON, JSONL, HTML) but does not parse as one."""


class UndecodableText(SourceError):
    """The bytes are not valid UTF-8 text."""


class TooLarge(SourceError):
    """The file or article is far larger than any news report."""


class UnreadableSource(SourceError):
    """Reading the source failed in a way no check foresaw (a parser's bug or limit)."""

    @classmethod
    def caught(cls, source: str, exc: BaseException) -> UnreadableSource:
        """The failure of `source` for an unexpected exception; its traceback goes to the log
        at debug level, and the user gets one line."""
        logger.debug("unexpected error while reading %s", source, exc_info=exc)
        detail = " ".join(str(exc).split())
        if len(detail) > _MAX_REASON_CHARS:
            detail = detail[: _MAX_REASON_CHARS - 1] + "…"
        return cls(source, f"cannot be read ({type(exc).__name__}: {detail or 'no details'})")
