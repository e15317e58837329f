"""Vectors of the passages' sentences, computed at ingestion and read by answers.

An extractive answer compares the question with the few sentences it may quote (up to six,
`max_embedded_sentences`, and the reports' headlines). Encoding them was the largest share of
a warm answer's time (about a third at 10k passages), and the sentences are known long before
any question: ingestion encodes them once, beside the passages, and an answer reads them here
by text, encoding only the ones it does not find (sentences of documents ingested before this
file existed, or by another worker, until the next ingestion stores them: it follows the
store's change feed from the cursor recorded here, `feed_cursor`).

Keyed by a 64-bit hash of the sentence's text, not by passage: overlapping passages and a
re-ingested article share their unchanged sentences, a sentence is encoded once however often
it recurs, and a stored vector can never belong to other text (a collision among millions of
sentences has odds of about 1e-6). Vectors of removed and changed articles are never wrong,
only unused: ingestion counts the passages it removes or replaces (`forget`) and, once they
reach a quarter of the store, keeps only the vectors of the stored passages' sentences
(`sweep`).

Stored as float16 (about 1 KB a sentence in SQLite, 4-5 sentences a passage): over the
3,846 questions of the 23 QA sets every answer's text and rules were the same as with vectors
encoded on the spot, and two traces' rounded support figure moved by 0.01. float32 changed
nothing at all but took 2.3 KB a sentence; int8 rows changed 155 answers (docs/performance.md).

Derived data: the file records which encoder wrote it (model and backend). An answer made
with another encoder does not read it, and an ingestion with another encoder starts it afresh;
a damaged file is started afresh too, and answers encode what they need meanwhile.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.errors import StoreUnavailable, storage_failure
from vectorstore.lexical import is_damage
from vectorstore.records import Passage
from vectorstore.text import split_sentences, tokenize

__all__ = ["MIN_WORDS", "SentenceVectors", "embeddable_sentences", "texts_of"]

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (key INTEGER PRIMARY KEY, vector BLOB NOT NULL);
"""
_DTYPE = np.dtype("<f2")
_FORMAT = "float16"  # a file written in another format is started afresh by the next writer
# SQLite binds at most 32,766 variables a statement; lookups are read in slices well under it.
_LOOKUP_SLICE = 500
# The fewest words a sentence needs for an answer to weigh it (shorter ones are never quoted).
MIN_WORDS = 4


def embeddable_sentences(text: str) -> list[str]:
    """The sentences of a passage that an answer may embed, in order (each once)."""
    found = (text[start:end] for start, end in split_sentences(text))
    return list(dict.fromkeys(s for s in found if len(tokenize(s)) >= MIN_WORDS))


def texts_of(passage: Passage) -> list[str]:
    """What ingestion stores for a passage: its headline and its embeddable sentences."""
    return ([passage.title] if passage.title else []) + embeddable_sentences(passage.text)


def _key(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _by_key(texts: Iterable[str]) -> dict[int, list[str]]:
    """Distinct texts by key, in order of first appearance."""
    by_key: dict[int, list[str]] = {}
    for text in dict.fromkeys(texts):
        by_key.setdefault(_key(text), []).append(text)
    return by_key


class SentenceVectors:
    """Sentence vectors by text, in an SQLite file written by one encoder (see module doc)."""

    def __init__(self, path: Path, encoder: str) -> None:
        self.path = path
        self.encoder = encoder
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._readable = False  # written by this encoder
        self._dimension: int | None = None
        self._open()

    @classmethod
    def beside(cls, index_path: Path, encoder: str) -> SentenceVectors:
        """The file kept beside a keyword index (one per collection and data directory)."""
        return cls(index_path.with_suffix(".sentences"), encoder)

    def _open(self) -> None:
        try:
            self._db = self._connect()
            with self._lock:
                self._current()
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and is_damage(exc):
                self._start_afresh(exc)
            else:  # locked, read-only, a full disk: answers encode what they need instead,
                # and an ingestion stops where Chroma or the keyword index fail next
                logger.debug("sentence vectors %s cannot be opened (%s)", self.path, exc)
                self.close()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _start_afresh(self, exc: BaseException) -> None:
        """Replace a damaged file by an empty one; nothing is lost that cannot be encoded."""
        if self._db is not None:
            self._db.close()
            self._db = None
        logger.warning("sentence vectors %s unreadable (%s); started afresh", self.path, exc)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            self._db = self._connect()
        except (OSError, sqlite3.Error) as again:
            logger.warning("sentence vectors %s cannot be recreated (%s)", self.path, again)
            self._db = None
        self._readable = False
        self._dimension = None

    def _current(self) -> bool:
        """Whether this encoder wrote the file, read again: an ingestion in another process
        may have written it first, or afresh with another encoder, since it was opened."""
        assert self._db is not None
        rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        self._readable = rows.get("encoder") == self.encoder and rows.get("format") == _FORMAT
        self._dimension = int(rows["dimension"]) if self._readable else None
        return self._readable

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of `texts` (those found; none when another encoder wrote them)."""
        by_key = _by_key(texts)
        found: dict[str, np.ndarray] = {}
        for key, blob in self._select("key, vector", list(by_key)):
            vector = np.frombuffer(blob, dtype=_DTYPE).astype(np.float32)
            if vector.shape[0] != self._dimension:  # another writer's, since `_current`
                continue
            for text in by_key[key]:
                found[text] = vector
        return found

    def missing(self, texts: Iterable[str]) -> list[str]:
        """`texts` without a stored vector, each once, in order: what ingestion must encode.
        Reads keys only: ingestion need not decode the vectors it skips."""
        distinct = list(dict.fromkeys(texts))
        keys = [_key(t) for t in distinct]
        present = {key for (key,) in self._select("key", list(dict.fromkeys(keys)))}
        return [t for t, key in zip(distinct, keys, strict=True) if key not in present]

    def _select(self, columns: str, keys: list[int]) -> list[tuple[Any, ...]]:
        """Rows of `keys` in a file this encoder wrote (none otherwise, or when it cannot be
        read: a reader never repairs, it encodes instead)."""
        if not keys or self._db is None:
            return []
        rows: list[tuple[Any, ...]] = []
        try:
            with self._lock:
                if not self._current():
                    return []
                for start in range(0, len(keys), _LOOKUP_SLICE):
                    chosen = keys[start : start + _LOOKUP_SLICE]
                    rows += self._db.execute(
                        f"SELECT {columns} FROM vectors WHERE key IN"
                        f" ({','.join('?' * len(chosen))})",
                        chosen,
                    ).fetchall()
        except sqlite3.DatabaseError as exc:
            logger.warning("sentence vectors %s unreadable (%s)", self.path, exc)
            return []
        return rows

    def put(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Store vectors by text. A file written by another encoder is emptied first."""
        if not vectors or self._db is None:
            return
        rows = [(_key(t), np.asarray(v, dtype=_DTYPE).tobytes()) for t, v in vectors.items()]
        dimension = len(next(iter(vectors.values())))
        try:
            with self._lock, self._db:
                if not self._current() or self._dimension != dimension:
                    self._db.execute("DELETE FROM vectors")
                    # What another encoder had caught up with is not caught up here.
                    self._db.execute("DELETE FROM meta WHERE key IN ('stale', 'feed_cursor')")
                    self._db.executemany(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        [
                            ("encoder", self.encoder),
                            ("format", _FORMAT),
                            ("dimension", str(dimension)),
                        ],
                    )
                    self._readable, self._dimension = True, dimension
                self._db.executemany(
                    "INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows
                )
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)

    def _write_failed(self, exc: sqlite3.DatabaseError) -> None:
        """A damaged file is started afresh; a full disk or an I/O error stops the ingestion
        with one clear line, as it would a moment later in Chroma or the keyword index."""
        if is_damage(exc):
            self._start_afresh(exc)
            return
        raise storage_failure(
            self.path, exc, remedy="delete it: ingestion writes it again"
        ) or StoreUnavailable(f"cannot write the sentence vectors {self.path}: {exc}") from exc

    def forget(self, passages: int) -> None:
        """`passages` were removed or replaced: their sentences may no longer be needed."""
        if passages <= 0 or self._db is None:
            return
        try:
            with self._lock, self._db:
                self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('stale', ?) ON CONFLICT (key)"
                    " DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
                    (passages,),
                )
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)

    def stale(self) -> int:
        """Passages removed or replaced since the last sweep."""
        return self._counter("stale", any_encoder=True) or 0

    def _counter(self, key: str, *, any_encoder: bool = False) -> int | None:
        """The whole number kept under `key` in the file's meta table; None when there is
        none, or (unless `any_encoder`) when another encoder wrote the file."""
        if self._db is None:
            return None
        with self._lock:
            if not any_encoder and not self._current():
                return None
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else None

    def sweep(self, live: Iterable[str]) -> int:
        """Keep only the vectors of `live` texts (every stored passage's sentences and
        headline); returns how many were dropped."""
        if self._db is None:
            return 0
        keys = sorted({_key(text) for text in live})
        try:
            with self._lock, self._db:
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key INTEGER PRIMARY KEY)")
                self._db.execute("DELETE FROM temp.live")
                self._db.executemany("INSERT INTO temp.live (key) VALUES (?)", ((k,) for k in keys))
                dropped = self._db.execute(
                    "DELETE FROM vectors WHERE key NOT IN (SELECT key FROM temp.live)"
                ).rowcount
                self._db.execute("DELETE FROM temp.live")
                self._db.execute("DELETE FROM meta WHERE key = 'stale'")
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)
            return 0
        return int(dropped)

    def feed_cursor(self) -> int | None:
        """How far the store's change feed was read when every passage written before it had
        its sentences stored here (`PassageStore.changes_since`); None: never, or by another
        encoder."""
        return self._counter("feed_cursor")

    def set_feed_cursor(self, cursor: int) -> None:
        """Every passage written before `cursor` has its sentences stored now (said only in a
        file this encoder wrote)."""
        if self._db is None:
            return
        try:
            with self._lock, self._db:
                if not self._current():
                    return
                self._db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('feed_cursor', ?)",
                    (str(cursor),),
                )
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)

    def count(self) -> int:
        if self._db is None:
            return 0
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
