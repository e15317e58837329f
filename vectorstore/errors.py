"""Exceptions raised by newsbot's libraries.

Every message is safe to show to a user as one line; the CLI and Telegram edges do exactly that.

    NewsbotError
    ├── StoreError
    │   ├── StoreUnavailable
    │   │   ├── StoreDamaged
    │   │   └── StoreFull
    │   ├── StoreNotFound
    │   └── EmbeddingModelMismatch
    └── EmbeddingModelError

`ingest.errors` adds the source errors under `NewsbotError`.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

__all__ = [
    "EmbeddingModelError",
    "EmbeddingModelMismatch",
    "NewsbotError",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "StoreNotFound",
    "StoreUnavailable",
    "storage_failure",
]


class NewsbotError(Exception):
    """Base class of every error newsbot reports to a user."""


class StoreError(NewsbotError):
    """The passage store or the keyword index could not do what was asked."""


class StoreUnavailable(StoreError):
    """The Chroma server or the data directory cannot be reached or opened."""


class StoreDamaged(StoreUnavailable):
    """A file of the store is corrupted (not a database, or a malformed one)."""


class StoreFull(StoreUnavailable):
    """A write failed because the disk (or the user's quota) is full."""


class StoreNotFound(StoreError):
    """Nothing has been ingested yet into the configured store."""


class EmbeddingModelMismatch(StoreError):
    """The collection was built with another embedding model than the one configured."""


class EmbeddingModelError(NewsbotError):
    """The embedding model cannot be found or loaded."""


# SQLite's primary result codes, as Python's sqlite3 and Chroma's "(code: N)" report them.
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 10, 11, 13, 26
_SQLITE_CODE = re.compile(r"\bcode: (\d+)")
_SQLITE_MESSAGE = re.compile(r'SqliteError \{ code: \d+, message: "([^"]+)" \}')
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def storage_failure(path: Path, exc: BaseException, *, remedy: str) -> StoreUnavailable | None:
    """The one-line error for a store file that a full disk, damage or I/O failed; else None.

    Chroma and SQLite report these deep inside their own exceptions (`(code: 13) database or
    disk is full`, `file is not a database`); the user needs the file and what to do about it.
    `remedy` says how to recover from damage to this particular file.
    """
    detail = " ".join(str(exc).split()) or type(exc).__name__
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None and (match := _SQLITE_CODE.search(detail)):
        code = int(match.group(1))
    if quoted := _SQLITE_MESSAGE.search(detail):  # a Rust panic quotes SQLite's own message
        detail = quoted.group(1)
    primary = code & 0xFF if code is not None else None
    os_errno = exc.errno if isinstance(exc, OSError) else None
    if primary == _SQLITE_FULL or os_errno in _FULL_ERRNOS or "no space left" in detail.lower():
        return StoreFull(
            f"the disk holding {path} is full ({detail}): free some space, then run the "
            "command again"
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StoreDamaged(f"{path} is damaged ({detail}): {remedy}")
    if primary == _SQLITE_IOERR or os_errno == errno.EIO:
        return StoreUnavailable(
            f"cannot read or write {path} ({detail}): check the disk and its free space, "
            "then run the command again"
        )
    return None
