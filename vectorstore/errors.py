"""Exceptions raised by newsbot's libraries.

Every message is safe to show to a user as one line; the CLI and Telegram edges do exactly that.

    NewsbotError
    ├── StoreError
    │   ├── StoreUnavailable
    │   ├── StoreNotFound
    │   └── EmbeddingModelMismatch
    └── EmbeddingModelError

`ingest.errors` adds the source errors under `NewsbotError`.
"""

from __future__ import annotations

__all__ = [
    "EmbeddingModelError",
    "EmbeddingModelMismatch",
    "NewsbotError",
    "StoreError",
    "StoreNotFound",
    "StoreUnavailable",
]


class NewsbotError(Exception):
    """Base class of every error newsbot reports to a user."""


class StoreError(NewsbotError):
    """The passage store or the keyword index could not do what was asked."""


class StoreUnavailable(StoreError):
    """The Chroma server or the data directory cannot be reached or opened."""


class StoreNotFound(StoreError):
    """Nothing has been ingested yet into the configured store."""


class EmbeddingModelMismatch(StoreError):
    """The collection was built with another embedding model than the one configured."""


class EmbeddingModelError(NewsbotError):
    """The embedding model cannot be found or loaded."""
