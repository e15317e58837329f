"""A BM25 keyword index over the stored passages (SQLite FTS5 in the data directory).

Chroma's embedded mode has no sparse index, so we keep one. It is derived data: every row can
be rebuilt from Chroma, and `docs` records which content hash each document was indexed at so
that a stale or missing document is detected and re-indexed. For the same reason a damaged
file is not an error to report but one to repair: it is replaced by an empty index, and
`KeywordIndexReset` tells the caller to rebuild it from Chroma (`sync_keyword_index` does).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.errors import StoreDamaged, StoreUnavailable, storage_failure
from vectorstore.records import Passage, SearchFilters, day_number
from vectorstore.text import content_terms

__all__ = ["KeywordIndex", "KeywordIndexReset", "Matches", "ScopeRows", "is_damage"]

logger = logging.getLogger(__name__)

# FTS5 tokenizer options of the index (and of `_Tokenizer`, which must read words alike).
_TOKENIZE = "porter unicode61 remove_diacritics 2"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    source_key TEXT,
    published_day INTEGER
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks(source_key);
CREATE TABLE IF NOT EXISTS docs (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    n_passages INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    title, source, text, tokenize = '{_TOKENIZE}'
);
CREATE TABLE IF NOT EXISTS term_postings (
    token TEXT PRIMARY KEY,
    df INTEGER NOT NULL,
    rows BLOB NOT NULL,
    scores BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS postings_deleted (rowid INTEGER PRIMARY KEY);
"""

# bm25() weights per column (title, source, text): a title hit says more than a body hit.
_BM25_WEIGHTS = "2.0, 1.0, 1.0"

# A keyword query ranks at most about this many passages (see KeywordIndex.search); counting
# a word's passages is ~25x cheaper than ranking them, so the counts come first.
MATCH_BUDGET = 20_000
MIN_MATCH_TERMS = 3
# Document frequencies are counted up to this many passages (see document_frequencies).
DF_CAP = 4 * MATCH_BUDGET
# Each word's BM25 scores are remembered until the index changes (see KeywordIndex.matches):
# at most this many (passage, score) pairs in all, 16 bytes each.
TERM_CACHE_PAIRS = 2_000_000
# A filtered `search` ranks inside a scope of at most this many passages read from the outlet
# and day indexes; a larger scope is filtered by a join on every match instead.
SCOPE_LIMIT = 40_000
# Each word held by more than POSTINGS_MIN_DF passages keeps its best POSTINGS_DEPTH passages
# and their BM25 scores in `term_postings` (see KeywordIndex.refresh_postings), so reading a
# word costs at most that many rows however common it is; rarer words are read by a full-text
# match of their own (at most POSTINGS_MIN_DF rows). The lists are built again once the rows
# written or deleted since their build exceed POSTINGS_REFRESH of the index (or
# POSTINGS_MIN_DF); until then those rows are read by a full-text match above the build's
# last row, and deleted rows are masked.
POSTINGS_MIN_DF = 200
POSTINGS_DEPTH = 5_000
POSTINGS_REFRESH = 0.1
NOTIFY_POSTINGS_ROWS = 50_000
# Scopes remembered until the index changes (outlets recur from question to question): at
# most this many rows in all, 9 bytes each.
SCOPE_CACHE_ROWS = 2_000_000


@dataclass(frozen=True)
class ScopeRows:
    """The index rows inside a scope (sorted), and whether each one's vector is stored."""

    rows: np.ndarray
    has_vector: np.ndarray


@dataclass(frozen=True)
class Matches:
    """Every passage holding a word of a query, with its BM25 score for the whole query.

    BM25 is a sum over the query's words of a per-word score that depends on the word and the
    passage alone (its IDF over the whole index, its frequency in the passage, the passage's
    length), so summing each word's scores gives exactly the score of one full-text match of
    all the words: FTS5's own `bm25()`, with the same weights.
    """

    rows: np.ndarray  # sorted, distinct
    scores: np.ndarray

    @classmethod
    def summed(cls, parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> Matches:
        if not parts:
            return cls(*_no_scores())
        if len(parts) == 1:
            return cls(*parts[0])
        rows = np.concatenate([r for r, _ in parts])
        distinct, where = np.unique(rows, return_inverse=True)
        scores = np.bincount(where, weights=np.concatenate([s for _, s in parts]))
        return cls(distinct, scores)

    def best(self, k: int, *, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The `k` best `(rows, scores)`, best first (ties by row), among `within` if given."""
        rows, scores = self.rows, self.scores
        if within is not None:
            keep = np.isin(rows, within, assume_unique=True)
            rows, scores = rows[keep], scores[keep]
        if k <= 0 or not len(rows):
            return rows[:0], scores[:0]
        if k < len(rows):  # the best k, and every passage tied with the k-th, by score
            top = np.flatnonzero(scores >= -np.partition(-scores, k - 1)[k - 1])
        else:
            top = np.arange(len(rows))
        # Ties go to the earlier row, as in SQLite's ORDER BY score over a full-text match.
        top = top[np.lexsort((rows[top], -scores[top]))][:k]
        return rows[top], scores[top]


class KeywordIndexReset(StoreDamaged):
    """The keyword index file was damaged and has been replaced by an empty one: rebuild it."""


class KeywordIndex:
    """Full-text search over passages, filtered like the dense side."""

    def __init__(self, path: Path, *, notify: Callable[[str], None] | None = None) -> None:
        self.path = path
        self._notify = notify or logger.warning
        # One connection, shared by the threads of one process (Telegram runs QA off-loop).
        self._lock = threading.Lock()
        # Counts and outlets, remembered between queries until the index changes (here, or in
        # another process: SQLite's data_version tells). At a million passages each costs
        # milliseconds to recompute, on every question.
        self._memo: dict[tuple[str, object], Any] = {}
        self._memo_version = -1
        # Each word's (rows, BM25 scores), remembered like the counts (see `matches`).
        self._terms: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._term_pairs = 0
        self._scopes: OrderedDict[tuple[SearchFilters, int], ScopeRows | None] = OrderedDict()
        self._scope_rows = 0
        self._tokenizer = _Tokenizer()
        self._writes = 0  # write sessions of this process's connection (see refresh_postings)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise self._failure(exc, "open") from exc
            self._start_afresh(exc)
        # An index written before the word lists existed (or by other settings) gets them now.
        with suppress(KeywordIndexReset):  # emptied: the caller's sync rebuilds it
            self.refresh_postings()

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot open the keyword index {self.path}: {exc}") from exc
        db = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            _migrate(db)
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab"
                " USING fts5vocab(main, 'passages_fts', 'row')"
            )
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _start_afresh(self, exc: sqlite3.DatabaseError) -> KeywordIndexReset:
        """Replace a damaged file by an empty index; the caller rebuilds it from Chroma."""
        if getattr(self, "_db", None) is not None:
            self._db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            self._db = self._connect()
        except sqlite3.Error as again:
            raise self._failure(again, "recreate") from again
        self._forget()
        self._memo_version = -1
        message = f"the keyword index {self.path} was damaged ({exc}); it is rebuilt from Chroma"
        self._notify(f"notice: {message}")
        return KeywordIndexReset(message)

    def _failure(self, exc: sqlite3.Error, action: str) -> StoreUnavailable:
        return storage_failure(
            self.path, exc, remedy="delete it: newsbot rebuilds it from Chroma"
        ) or StoreUnavailable(f"cannot {action} the keyword index {self.path}: {exc}")

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection, for this thread alone; a write is one transaction.

        A damaged file found here is replaced by an empty index (`KeywordIndexReset`); a full
        disk or an I/O error becomes one clear `StoreUnavailable`.
        """
        with self._lock:
            try:
                if write:
                    self._forget()
                    self._writes += 1
                    with self._db:
                        yield self._db
                else:
                    yield self._db
            except sqlite3.DatabaseError as exc:
                if is_damage(exc):
                    raise self._start_afresh(exc) from exc
                if isinstance(exc, sqlite3.OperationalError):
                    raise self._failure(exc, "use") from exc
                raise

    def _remembered(self, key: tuple[str, object], compute: Callable[[], Any]) -> Any:
        """`compute()`, or its value from before if nobody committed since; hold the lock."""
        self._check_version()
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _check_version(self) -> None:
        """Forget what was remembered if another connection committed since; hold the lock."""
        version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        if version != self._memo_version:
            self._forget()
            self._memo_version = version

    def _forget(self) -> None:
        self._memo.clear()
        self._terms.clear()
        self._term_pairs = 0
        self._scopes.clear()
        self._scope_rows = 0

    def close(self) -> None:
        self._db.close()

    def count(self) -> int:
        """How many passages the index holds: a counter kept by every write, not a count."""
        with self._session() as db:
            row = db.execute("SELECT value FROM counters WHERE name = 'passages'").fetchone()
        return int(row[0]) if row else 0

    def source_keys(self) -> list[str]:
        """Every outlet in the index, case-folded (as filters compare them).

        Read by hopping from one outlet to the next in the outlet index (one lookup per
        outlet), not by reading every row: the cost follows the number of outlets.
        """
        query = """
            WITH RECURSIVE outlet(key) AS (
                SELECT min(source_key) FROM chunks
                UNION ALL
                SELECT (SELECT min(source_key) FROM chunks WHERE source_key > outlet.key)
                FROM outlet WHERE outlet.key IS NOT NULL
            )
            SELECT key FROM outlet WHERE key IS NOT NULL
        """
        with self._session() as db:
            keys = self._remembered(("sources", ""), lambda: [row[0] for row in db.execute(query)])
        return list(keys)

    def scope(self, filters: SearchFilters, *, limit: int) -> ScopeRows | None:
        """The rows inside `filters`, or None if there are more than `limit`.

        Read from the outlet and day indexes (rows and flags only: a caller looks up the chunk
        ids of the few rows it keeps, `chunk_ids`), so the cost follows the scope's size, not
        the index's; and remembered until the index changes, since the same outlets come up
        question after question.
        """
        sql = ["SELECT rowid, has_vector FROM chunks WHERE 1"]
        params: list[object] = []
        _scope_sql(filters, sql, params, prefix="")
        sql.append("LIMIT ?")
        params.append(limit + 1)

        key = (filters, limit)
        with self._session() as db:
            self._check_version()
            if key in self._scopes:
                self._scopes.move_to_end(key)
                return self._scopes[key]
            found = db.execute(" ".join(sql), params).fetchall()
            scope: ScopeRows | None = None
            if len(found) <= limit:
                pairs = np.fromiter(
                    chain.from_iterable(found), dtype=np.int64, count=2 * len(found)
                ).reshape(-1, 2)
                order = np.argsort(pairs[:, 0], kind="stable")
                scope = ScopeRows(rows=pairs[order, 0], has_vector=pairs[order, 1].astype(bool))
            self._scopes[key] = scope
            self._scope_rows += len(found)
            while self._scope_rows > SCOPE_CACHE_ROWS and len(self._scopes) > 1:
                (_, old_limit), old = self._scopes.popitem(last=False)
                self._scope_rows -= len(old.rows) if old is not None else old_limit + 1
            return scope

    def chunk_ids(
        self,
        rows: Sequence[int] | np.ndarray,
        *,
        with_vector: bool = False,
        within: SearchFilters | None = None,
    ) -> dict[int, str]:
        """The chunk ids of `rows` (lookups by row); rows deleted meanwhile are left out, and
        with `with_vector` those whose vector `PassageVectors` does not hold (yet): a row
        replaced and not yet given its new vector; with `within`, rows outside it."""
        sql = ["SELECT rowid, chunk_id FROM chunks WHERE rowid IN ({marks})"]
        params: list[object] = []
        if with_vector:
            sql.append("AND has_vector")
        if within is not None:
            _scope_sql(within, sql, params, prefix="")
        with self._session() as db:
            found = _by_keys(db, " ".join(sql), [int(row) for row in rows], after=params)
            return {int(row): str(cid) for row, cid in found}

    def rows_of(self, chunk_ids: Sequence[str], *, with_vector: bool = False) -> dict[str, int]:
        """The rows of `chunk_ids` (lookups by id; ids not held are left out), and with
        `with_vector` only of those whose vector is stored."""
        condition = " AND has_vector" if with_vector else ""
        sql = "SELECT chunk_id, rowid FROM chunks WHERE chunk_id IN ({marks})" + condition
        with self._session() as db:
            return {str(cid): int(row) for cid, row in _by_keys(db, sql, chunk_ids)}

    def in_scope(self, chunk_ids: Sequence[str], filters: SearchFilters) -> set[str]:
        """Those of `chunk_ids` that the index holds inside `filters` (lookups by id)."""
        if not chunk_ids:
            return set()
        sql = ["SELECT chunk_id FROM chunks WHERE chunk_id IN ({marks})"]
        params: list[object] = []
        _scope_sql(filters, sql, params, prefix="")
        with self._session() as db:
            return {str(row[0]) for row in _by_keys(db, " ".join(sql), chunk_ids, after=params)}

    def mark_vectors(self, rows: Sequence[tuple[int, str]]) -> None:
        """Record that the vectors of these `(row, chunk_id)` are stored (`PassageVectors`).

        The chunk id must still be the row's: a row deleted and reused meanwhile stays unmarked.
        """
        if not rows:
            return
        with self._session(write=True) as db:
            db.executemany(
                "UPDATE chunks SET has_vector = 1 WHERE rowid = ? AND chunk_id = ?", rows
            )

    def forget_vectors(self) -> None:
        """Their file is gone: no row holds a vector any more."""
        with self._session(write=True) as db:
            db.execute("UPDATE chunks SET has_vector = 0 WHERE has_vector = 1")

    def rows_without_vectors(self, *, limit: int) -> list[tuple[int, str]]:
        """Up to `limit` `(row, chunk_id)` whose vectors are not stored yet."""
        query = (
            "SELECT rowid, chunk_id FROM chunks INDEXED BY chunks_unvectored"
            " WHERE has_vector = 0 LIMIT ?"
        )
        with self._session() as db:
            return [(int(row), str(cid)) for row, cid in db.execute(query, (limit,))]

    def rows_with_vectors(self) -> list[int]:
        """Every row whose vector `PassageVectors` holds (to build `VectorIndex` from)."""
        with self._session() as db:
            return [int(row) for (row,) in db.execute("SELECT rowid FROM chunks WHERE has_vector")]

    def max_row(self) -> int:
        with self._session():
            return self._last_row()

    def document_hash(self, doc_id: str) -> str | None:
        with self._session() as db:
            row = db.execute("SELECT content_hash FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def feed_cursor(self) -> int | None:
        """How far this index has caught up with the store's change feed (None: unknown,
        compare everything); see `PassageStore.changes_since`."""
        with self._session():
            return self._counter("feed_cursor")

    def set_feed_cursor(self, cursor: int) -> None:
        with self._session(write=True) as db:
            db.execute("INSERT OR REPLACE INTO counters VALUES ('feed_cursor', ?)", (cursor,))

    def document_hashes(self) -> dict[str, str]:
        with self._session() as db:
            return dict(db.execute("SELECT doc_id, content_hash FROM docs").fetchall())

    def replace_document(self, doc_id: str, content_hash: str, passages: Sequence[Passage]) -> None:
        self.replace_documents([(doc_id, content_hash, passages)])

    def replace_documents(
        self, documents: Sequence[tuple[str, str, Sequence[Passage]]], *, refresh: bool = True
    ) -> None:
        """Swap the rows of `(doc_id, content_hash, passages)` documents in one transaction,
        so readers never see half of one, and a batch costs one commit.

        `refresh=False` leaves the word lists to the caller's `refresh_postings()`: an
        ingestion writing batch after batch would otherwise build them again after every
        tenth of growth (eleven builds of the whole index on the way from empty), where
        one at the end of the run will do."""
        with self._session(write=True):
            for doc_id, content_hash, passages in documents:
                self._delete(doc_id)
                self._insert(passages)
                self._db.execute(
                    "INSERT INTO docs(doc_id, content_hash, n_passages) VALUES (?, ?, ?)",
                    (doc_id, content_hash, len(passages)),
                )
        if refresh:
            self.refresh_postings()

    def delete_document(self, doc_id: str) -> None:
        self.delete_documents([doc_id])

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Delete documents in one transaction: a crash leaves all of them or none."""
        with self._session(write=True):
            for doc_id in doc_ids:
                self._delete(doc_id)
        self.refresh_postings()

    def rebuild(self, passages: Iterable[Passage]) -> int:
        """Replace the whole index with `passages` (all of a store's), in one transaction."""
        count = 0
        docs: dict[str, tuple[str, int]] = {}
        with self._session(write=True):
            self._db.execute("DELETE FROM passages_fts")
            self._db.execute("DELETE FROM chunks")
            self._db.execute("DELETE FROM docs")
            self._db.execute("DELETE FROM term_postings")
            self._db.execute("DELETE FROM postings_deleted")
            self._db.execute(
                "UPDATE counters SET value = 0"
                " WHERE name IN ('passages', 'postings_upto', 'postings_deleted')"
            )
            batch: list[Passage] = []
            for passage in passages:
                batch.append(passage)
                docs[passage.doc_id] = (passage.content_hash, passage.n_passages)
                if len(batch) >= 1000:
                    count += self._insert(batch)
                    batch = []
            count += self._insert(batch)
            self._db.executemany(
                "INSERT INTO docs(doc_id, content_hash, n_passages) VALUES (?, ?, ?)",
                [(doc_id, h, n) for doc_id, (h, n) in docs.items()],
            )
        self.refresh_postings()
        return count

    def _delete(self, doc_id: str) -> None:
        # Rows inside the word lists are masked until the lists are built again.
        listed = self._db.execute(
            "INSERT OR IGNORE INTO postings_deleted(rowid) SELECT rowid FROM chunks"
            " WHERE doc_id = ? AND rowid <= (SELECT coalesce(max(value), 0) FROM counters"
            " WHERE name = 'postings_upto')",
            (doc_id,),
        ).rowcount
        if listed > 0:
            self._db.execute(
                "UPDATE counters SET value = value + ? WHERE name = 'postings_deleted'", (listed,)
            )
        self._db.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE doc_id = ?)",
            (doc_id,),
        )
        removed = self._db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,)).rowcount
        self._db.execute("DELETE FROM docs WHERE doc_id = ?", (doc_id,))
        self._add_to_count(-max(removed, 0))

    def _add_to_count(self, change: int) -> None:
        if change:
            self._db.execute(
                "UPDATE counters SET value = value + ? WHERE name = 'passages'", (change,)
            )

    def _insert(self, passages: Sequence[Passage]) -> int:
        first = None
        for p in passages:
            cursor = self._db.execute(
                "INSERT INTO chunks(chunk_id, doc_id, source_key, published_day)"
                " VALUES (?, ?, ?, ?)",
                (
                    p.chunk_id,
                    p.doc_id,
                    p.source.casefold() if p.source else None,
                    day_number(p.published) if p.published else None,
                ),
            )
            self._db.execute(
                "INSERT INTO passages_fts(rowid, title, source, text) VALUES (?, ?, ?, ?)",
                (cursor.lastrowid, p.title or "", p.source or "", p.text),
            )
            first = cursor.lastrowid if first is None else first
        if first is not None:
            # The last rows deleted give their numbers out again: a row the word lists were
            # built over is read as new from now on (the lists' rows above it are ignored).
            self._db.execute(
                "UPDATE counters SET value = ? WHERE name = 'postings_upto' AND value >= ?",
                (first - 1, first),
            )
        self._add_to_count(len(passages))
        return len(passages)

    def search(
        self, query: str, *, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        """Best passages for the words of `query` as `(chunk_id, bm25 score)`, best first.

        Words are OR-ed: a passage need not contain every word, BM25 rewards those that do.
        Scored from each word's remembered scores (`matches`), then ranked inside `filters`'
        scope (read from the outlet and day indexes); a scope of more than `SCOPE_LIMIT`
        passages (years of every outlet) is ranked by one full-text match joined to it.
        """
        within = None
        if filters is not None and not filters.is_empty():
            scope = self.scope(filters, limit=SCOPE_LIMIT)
            if scope is None:
                return self._search_joined(query, k=k, filters=filters)
            within = scope.rows
        return self.ranked(self.matches(query), k=k, within=within)

    def ranked(
        self, matches: Matches, *, k: int, within: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The best `k` of `matches` (among the sorted rows `within`, if given) as
        `(chunk_id, bm25 score)`, best first."""
        rows, scores = matches.best(k, within=within)
        ids = self.chunk_ids(rows)
        pairs = zip(rows.tolist(), scores.tolist(), strict=True)
        return [(ids[row], score) for row, score in pairs if row in ids]

    def matches(self, query: str) -> Matches:
        """Every passage holding a word of `query`, with its BM25 score for all the words.

        Ranking costs about a microsecond per passage holding a word, so in a large index the
        commonest words are left out of the query until the rarest ones hold at most
        `MATCH_BUDGET` passages: those words weigh little in BM25, and the cost stays bounded
        however large the index grows. Small indexes are never pruned.

        Each word's scores are read by a full-text match of that word alone and remembered
        until the index changes (`TERM_CACHE_PAIRS` in all), so a question, its clauses and
        its outlets share one reading of each word, and a later question reads only the words
        not seen since the last ingestion; the sum is exactly one match of all the words.
        """
        terms = self._affordable_terms(content_terms(query))
        with self._session():
            self._check_version()
            self._tokenizer.tokens(terms)  # the new words tokenized in one go
            return Matches.summed([self._term_scores(term) for term in terms])

    def _term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """`(rows, bm25 scores)` of the passages holding `term`, or for a common word its best
        `POSTINGS_DEPTH` (`term_postings`) and those written since; hold the lock."""
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        expression = _match_expression(term)
        listed = self._listed(term) if expression else None
        if listed is not None:
            postings, upto = listed
            tail = self._scored(expression, above=upto)
            scored = (
                np.concatenate([postings[0], tail[0]]),
                np.concatenate([postings[1], tail[1]]),
            )
        else:
            scored = self._scored(expression) if expression else _no_scores()
        self._terms[term] = scored
        self._term_pairs += len(scored[0])
        while self._term_pairs > TERM_CACHE_PAIRS and len(self._terms) > 1:
            _, (rows, _) = self._terms.popitem(last=False)
            self._term_pairs -= len(rows)
        return scored

    def _scored(self, expression: str, *, above: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """`(rows, bm25 scores)` of a full-text match (of the rows above `above`), by row."""
        query = (
            f"SELECT rowid, -bm25(passages_fts, {_BM25_WEIGHTS}) FROM passages_fts"
            " WHERE passages_fts MATCH ? AND rowid > ?"
        )
        found = self._db.execute(query, (expression, above)).fetchall()
        pairs = np.fromiter(
            chain.from_iterable(found), dtype=np.float64, count=2 * len(found)
        ).reshape(-1, 2)
        order = np.argsort(pairs[:, 0], kind="stable")  # FTS5 yields rows in order already
        return pairs[order, 0].astype(np.int64), pairs[order, 1]

    def _postings_state(self) -> tuple[int, np.ndarray] | None:
        """The last row the word lists were built over and the rows deleted since (None: not
        built); remembered until the index changes. Hold the lock."""

        def read() -> tuple[int, np.ndarray] | None:
            upto = self._counter("postings_upto")
            if upto is None or not self._postings_settings_current():
                return None
            deleted = [row for (row,) in self._db.execute("SELECT rowid FROM postings_deleted")]
            return upto, np.asarray(sorted(deleted), dtype=np.int64)

        return self._remembered(("postings", ""), read)  # type: ignore[no-any-return]

    def _listed(self, term: str) -> tuple[tuple[np.ndarray, np.ndarray], int] | None:
        """`term`'s kept best postings `(rows, scores)` (deleted rows left out) and the last
        row of their build, if `term` is one word of the index with a list; hold the lock."""
        state = self._postings_state()
        if state is None:
            return None
        upto, deleted = state
        tokens = self._tokenizer.tokens([term])[term]
        if len(tokens) != 1:
            return None
        found = self._db.execute(
            "SELECT rows, scores FROM term_postings WHERE token = ?", tokens
        ).fetchone()
        if found is None:
            return None
        rows = np.frombuffer(found[0], dtype="<u4").astype(np.int64)
        scores = np.frombuffer(found[1], dtype="<f4").astype(np.float64)
        end = int(np.searchsorted(rows, upto, side="right"))  # rows given out again: anew
        rows, scores = rows[:end], scores[:end]
        if len(deleted):
            keep = ~np.isin(rows, deleted, assume_unique=True)
            rows, scores = rows[keep], scores[keep]
        return (rows, scores), upto

    def _postings_settings_current(self) -> bool:
        """Whether the word lists were built with this code's depth and threshold."""
        return (self._counter("postings_depth"), self._counter("postings_min_df")) == (
            POSTINGS_DEPTH,
            POSTINGS_MIN_DF,
        )

    def _last_row(self) -> int:
        return int(self._db.execute("SELECT coalesce(max(rowid), 0) FROM chunks").fetchone()[0])

    def _counter(self, name: str) -> int | None:
        row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else None

    def refresh_postings(self) -> bool:
        """Build the word lists (`term_postings`) again if they are missing, were built with
        other settings, or the rows written or deleted since their build exceed
        `POSTINGS_REFRESH` of the index; True if they were built.

        Each word held by more than `POSTINGS_MIN_DF` passages (and that the index's
        tokenizer leaves as it is, so that a full-text match of it finds it) keeps its best
        `POSTINGS_DEPTH` passages by BM25. Building reads every such word's passages once
        (1-2 us each; measured on 2 busy cores: 52 s at 100,000 passages, 408 s at a
        million), announced when large. It holds this connection meanwhile: a bot's questions
        wait for a rebuild its catch-up started, once per tenth of the index written.
        """
        with self._session() as db:
            self._check_version()
            version, writes = self._memo_version, self._writes
            count = self._counter("passages") or 0
            last = self._last_row()
            upto = self._counter("postings_upto")
            deleted = self._counter("postings_deleted") or 0
            current = upto is not None and self._postings_settings_current()
            if current and (last - (upto or 0)) + deleted <= max(
                POSTINGS_REFRESH * count, POSTINGS_MIN_DF
            ):
                return False
            lists: list[tuple[str, int, bytes, bytes]] = []  # a small index: no common word
            if count > POSTINGS_MIN_DF:
                if count >= NOTIFY_POSTINGS_ROWS:
                    self._notify(
                        f"notice: listing the best passages of each common word in the keyword "
                        f"index of {count:,} passages (once; minutes at a million passages)"
                    )
                lists = self._word_lists(db)
        with self._session(write=True) as db:
            now = int(db.execute("PRAGMA data_version").fetchone()[0])
            if (now, self._writes) != (version, writes + 1):
                return False  # written meanwhile: built at the next write or opening
            db.execute("DELETE FROM term_postings")
            db.executemany("INSERT INTO term_postings VALUES (?, ?, ?, ?)", lists)
            db.execute("DELETE FROM postings_deleted")
            for name, value in (
                ("postings_upto", last),
                ("postings_deleted", 0),
                ("postings_depth", POSTINGS_DEPTH),
                ("postings_min_df", POSTINGS_MIN_DF),
            ):
                db.execute("INSERT OR REPLACE INTO counters VALUES (?, ?)", (name, value))
        return True

    def _word_lists(self, db: sqlite3.Connection) -> list[tuple[str, int, bytes, bytes]]:
        """`(token, df, rows, scores)` of every word held by more than `POSTINGS_MIN_DF`
        passages: its best `POSTINGS_DEPTH` rows (ties to the earlier row, as `Matches.best`),
        stored by row; hold the lock."""
        common = [
            str(token)
            for (token,) in db.execute(
                "SELECT term FROM temp.passages_vocab WHERE doc > ?", (POSTINGS_MIN_DF,)
            )
        ]
        tokens = self._tokenizer.tokens(common)
        lists = []
        for token in common:
            if tokens[token] != (token,):  # the tokenizer would change it: no match finds it
                continue
            rows, scores = self._scored('"' + token.replace('"', '""') + '"')
            best, _ = Matches(rows, scores).best(POSTINGS_DEPTH)
            keep = np.isin(rows, best, assume_unique=True)
            lists.append(
                (
                    token,
                    len(rows),
                    rows[keep].astype("<u4").tobytes(),
                    scores[keep].astype("<f4").tobytes(),
                )
            )
        return lists

    def _search_joined(
        self, query: str, *, k: int, filters: SearchFilters
    ) -> list[tuple[str, float]]:
        """`search` inside a scope too large to list: one full-text match joined to it."""
        match = _match_expression(" ".join(self._affordable_terms(content_terms(query))))
        if not match:
            return []
        sql, params = _ranked_matches(match, filters, columns="c.chunk_id")
        sql.append("ORDER BY score DESC LIMIT ?")
        params.append(k)
        with self._session() as db:
            rows = db.execute(" ".join(sql), params).fetchall()
        return [(chunk_id, float(score)) for chunk_id, score in rows]

    def texts_mentioning(self, word: str, *, k: int) -> list[str]:
        """Titles and texts of up to `k` passages holding `word`, in no particular order.

        Unranked, so it costs the same at any index size: the answerer reads them for the full
        form of a name ("Sam Altman" for "Altman"), where any mention will do.
        """
        match = _match_expression(word)
        if not match:
            return []
        query = "SELECT title, text FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?"
        with self._session() as db:
            rows = db.execute(query, (match, k)).fetchall()
        return [part for row in rows for part in row if part]

    def _affordable_terms(self, terms: list[str]) -> list[str]:
        if len(terms) <= MIN_MATCH_TERMS:
            return terms
        frequencies = self.document_frequencies(terms)
        if sum(frequencies.values()) <= MATCH_BUDGET:
            return terms
        kept: list[str] = []
        matched = 0
        for term in sorted(terms, key=lambda t: frequencies[t]):
            if len(kept) >= MIN_MATCH_TERMS and matched + frequencies[term] > MATCH_BUDGET:
                break
            kept.append(term)
            matched += frequencies[term]
        return kept

    def _count(self, term: str) -> int:
        expression = _match_expression(term)
        if not expression:
            return 0
        state = self._postings_state()
        tokens = self._tokenizer.tokens([term])[term] if state is not None else ()
        if len(tokens) == 1:  # a listed word: its count at the build and the rows since
            listed = self._db.execute(
                "SELECT df FROM term_postings WHERE token = ?", tokens
            ).fetchone()
            if listed is not None and state is not None:
                query = (
                    "SELECT count(*) FROM (SELECT 1 FROM passages_fts"
                    " WHERE passages_fts MATCH ? AND rowid > ? LIMIT ?)"
                )
                since = self._db.execute(query, (expression, state[0], DF_CAP)).fetchone()[0]
                return min(int(listed[0]) + int(since), DF_CAP)
        query = (
            "SELECT count(*) FROM (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?)"
        )
        return int(self._db.execute(query, (expression, DF_CAP)).fetchone()[0])

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many passages contain each term (stemmed like the index), for IDF weights.

        Counted up to `DF_CAP`: counting reads the word's whole posting list, so an uncapped
        count of a common word grows with the index. A word in more passages than that is
        far over `MATCH_BUDGET` and weighs little in any case.
        """
        counts: dict[str, int] = {}
        with self._session():
            self._tokenizer.tokens(terms)  # the new words tokenized in one go
            for term in terms:
                counts[term] = int(self._remembered(("df", term), partial(self._count, term)))
        return counts


def _ranked_matches(
    match: str, filters: SearchFilters, *, columns: str
) -> tuple[list[str], list[object]]:
    """The SQL (and its parameters) of the passages matching `match` inside `filters`: the
    `columns` asked for and their BM25 `score`, for a caller to order, limit or partition."""
    sql = [
        f"SELECT {columns}, -bm25(passages_fts, {_BM25_WEIGHTS}) AS score",
        "FROM passages_fts JOIN chunks c ON c.rowid = passages_fts.rowid",
        "WHERE passages_fts MATCH ?",
    ]
    params: list[object] = [match]
    _scope_sql(filters, sql, params, prefix="c.")
    return sql, params


def _scope_sql(
    filters: SearchFilters, sql: list[str], params: list[object], *, prefix: str
) -> None:
    """Append the `AND` conditions of `filters` on the chunks table (aliased by `prefix`)."""
    if filters.sources:
        sql.append(f"AND {prefix}source_key IN ({','.join('?' * len(filters.sources))})")
        params.extend(filters.source_keys)
    if filters.since:
        sql.append(f"AND {prefix}published_day >= ?")
        params.append(day_number(filters.since))
    if filters.until:
        sql.append(f"AND {prefix}published_day <= ?")
        params.append(day_number(filters.until))
    if filters.doc_ids:
        sql.append(f"AND {prefix}doc_id IN ({','.join('?' * len(filters.doc_ids))})")
        params.extend(filters.doc_ids)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring an index written by an older newsbot up to this schema (each step runs once).

    `has_vector` marks the rows whose vector `PassageVectors` holds; a replaced passage gets a
    fresh row, so a vector is never taken for a newer text's. The passage count is kept in
    `counters` so that reading it never counts the rows. The word lists (`term_postings`) of
    an index that has none are built when it is opened (`KeywordIndex.refresh_postings`).
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(chunks)")}
    with db:
        if "has_vector" not in columns:
            db.execute("ALTER TABLE chunks ADD COLUMN has_vector INTEGER NOT NULL DEFAULT 0")
        # Covering: a scope's rows are read from the index alone, without a lookup per row.
        for name, keys in (("scope", "source_key, published_day"), ("day", "published_day")):
            db.execute(
                f"CREATE INDEX IF NOT EXISTS chunks_{name} ON chunks({keys}, has_vector, chunk_id)"
            )
        db.execute(
            "CREATE INDEX IF NOT EXISTS chunks_unvectored ON chunks(chunk_id) WHERE has_vector = 0"
        )
        if db.execute("SELECT 1 FROM counters WHERE name = 'passages'").fetchone() is None:
            db.execute("INSERT INTO counters(name, value) SELECT 'passages', count(*) FROM chunks")


def _by_keys(
    db: sqlite3.Connection, sql: str, keys: Sequence[Any], *, after: Sequence[object] = ()
) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql` for all `keys`, bound to its `{marks}` list 500 at a time (SQLite's
    limit on parameters), with the parameters `after` that follow it."""
    for start in range(0, len(keys), 500):
        batch = list(keys[start : start + 500])
        yield from db.execute(sql.format(marks=",".join("?" * len(batch))), [*batch, *after])


def _no_scores() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


class _Tokenizer:
    """The index's own tokenizer (FTS5's, same options), in a private in-memory database: a
    query word's tokens name its list in `term_postings` ("captured" is listed as "captur")."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(f"CREATE VIRTUAL TABLE words USING fts5(w, tokenize = '{_TOKENIZE}')")
        self._db.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(words, instance)")
        self._known: dict[str, tuple[str, ...]] = {}

    def tokens(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Each of `words` as the index's tokens, in order; remembered (they never change)."""
        new = list(dict.fromkeys(w for w in words if w not in self._known))
        if new:
            found: dict[int, list[str]] = {}
            with self._db:
                self._db.executemany(
                    "INSERT INTO words(rowid, w) VALUES (?, ?)", list(enumerate(new))
                )
                query = "SELECT doc, term FROM tokens ORDER BY doc, offset"
                for doc, token in self._db.execute(query):
                    found.setdefault(int(doc), []).append(str(token))
                self._db.execute("DELETE FROM words")
            if len(self._known) > 100_000:
                self._known.clear()
            for i, word in enumerate(new):
                self._known[word] = tuple(found.get(i, ()))
        return {word: self._known[word] for word in words}


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB: the file's bytes are wrong, not the disk or the SQL."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (11, 26)


def _match_expression(text: str) -> str:
    """An FTS5 query OR-ing the content words of `text`, each quoted so none is an operator."""
    terms = content_terms(text)
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
