"""Passage vectors by keyword-index row, for exact similarity inside an outlet or a day.

A question that names outlets ("... as reported by The Verge, while TechCrunch ...") is
searched inside each outlet and around each day it names. Chroma answers such a filtered
vector search by scanning the outlet's share of the store, a cost that grows with the store
(about a second per question at a million passages). The keyword index already lists the
passages of each outlet and day (an SQLite index on `(source_key, published_day)`), so the
scoped search reads those rows and computes exact cosine similarity over their vectors,
kept here in a memory-mapped file: row `r` of the keyword index holds its vector at row `r`.

Derived data, like the keyword index: a vector is copied from Chroma the first time its
passage falls inside a searched scope (or when the store is opened, `fill_missing`), and the
index's `has_vector` flag says which rows hold one. A replaced passage gets a new index row,
so an old vector is never read for a new text. A lost or foreign file is started afresh.
Stored as float16: half the space, and cosine similarity within about 1e-3 of float32's.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import secrets
import struct
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.int8_rows import Int8Rows
from vectorstore.lexical import KeywordIndex
from vectorstore.store import PassageStore

__all__ = ["MIN_CANDIDATES", "PassageVectors", "VectorIndex", "one_blas_thread"]

logger = logging.getLogger(__name__)

_MAGIC = b"NBVEC1\0\0"
_HEADER = struct.Struct("<8sI")  # magic, dimension
_OFFSET = 64  # rows start here; the rest of the header is zeros
_DTYPE = np.dtype("<f2")
_JOURNAL_MAGIC = b"NBVJRN1\0"
_JOURNAL_ID_BYTES = 16
_JOURNAL_HEADER = len(_JOURNAL_MAGIC) + _JOURNAL_ID_BYTES
_JOURNAL_DTYPE = np.dtype("<i8")
# Vectors copied from Chroma per call: one `get` by id each (bounded by Chroma's SQL limits).
_FETCH_BATCH = 2_000

_blas: Any = None
_blas_lock = threading.Lock()
_blas_users = 0  # threads inside `one_blas_thread` now
_blas_limit: Any = None  # the limit they share, undone by the last to leave


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS (OpenBLAS) limited to one thread for the products of a question.

    A scope's similarities are thin products (thousands of rows by a few queries): split over
    two threads they took 3-4x longer than on one on the busy 2-core machine (5,000 x 384 by
    4 queries: 18-31 ms against 6 ms), and OpenBLAS's threads spin after each product, taking
    CPU from the rest of the question. The limit costs ~0.1 ms; where threadpoolctl is absent
    nothing is limited. The setting is the process's: questions answered at once share one
    limit, and the last to finish restores what was there before (each restoring its own,
    the first to finish would lift the others' and the last would leave one thread forever).
    """
    global _blas, _blas_users, _blas_limit
    with _blas_lock:
        if _blas is None:
            try:
                from threadpoolctl import ThreadpoolController

                _blas = ThreadpoolController()
            except ImportError:  # pragma: no cover - installed with newsbot
                _blas = False
        if _blas and _blas_users == 0:
            _blas_limit = _blas.limit(limits=1, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users -= 1
            if _blas_users == 0 and _blas_limit is not None:
                _blas_limit.restore_original_limits()
                _blas_limit = None


class PassageVectors:
    """Vectors of the keyword index's rows, filled from Chroma on demand (see module doc)."""

    def __init__(self, path: Path, index: KeywordIndex) -> None:
        self.path = path
        # Every row written, in order of writing (`VectorIndex` catches up from it).
        self.journal = path.with_name(path.name + "-journal")
        self.index = index
        self._lock = threading.Lock()
        self._dim: int | None = None
        self._map: np.memmap | None = None
        self._mapped_rows = 0
        self._dim = self._read_dimension() if path.exists() else None
        self._int8: Int8Rows | None = None  # made once the dimension is known
        if self._dim is None:
            # Flags left by a file that is gone (or unreadable) would point at zeros: forget
            # them, and the journal of its writes (an index built from them is rebuilt).
            path.unlink(missing_ok=True)
            index.forget_vectors()
            self.journal.unlink(missing_ok=True)

    @classmethod
    def beside(cls, index: KeywordIndex) -> PassageVectors:
        return cls(index.path.with_suffix(".vectors"), index)

    def _read_dimension(self) -> int | None:
        try:
            with open(self.path, "rb") as handle:
                magic, dim = _HEADER.unpack(handle.read(_HEADER.size))
        except (OSError, struct.error):
            return None
        return int(dim) if magic == _MAGIC and dim > 0 else None

    @property
    def dimension(self) -> int | None:
        return self._dim

    def start_journal(self) -> None:
        """A journal for a file written before journals existed (`VectorIndex` rebuilds)."""
        with self._lock:
            self._new_journal()

    def read_unmapped(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of sorted `rows` as float32, read with `pread` over their span, not
        through the map: building an index reads every row once, and pages read through a
        map would stay resident in this process (a million rows: 768 MB)."""
        if self._dim is None or not len(rows):
            return np.zeros((len(rows), self._dim or 0), dtype=np.float32)
        row_bytes = self._dim * _DTYPE.itemsize
        first, last = int(rows[0]), int(rows[-1])
        fd = os.open(self.path, os.O_RDONLY)
        try:
            data = os.pread(fd, (last - first + 1) * row_bytes, _OFFSET + first * row_bytes)
        finally:
            os.close(fd)
        span = np.frombuffer(data[: len(data) - len(data) % row_bytes], dtype=_DTYPE)
        span = span.reshape(-1, self._dim)
        out = np.zeros((len(rows), self._dim), dtype=np.float32)
        inside = (rows - first) < len(span)
        out[inside] = span[rows[inside] - first]
        return out

    def similarities(
        self,
        rows: np.ndarray,
        queries: np.ndarray,
        columns: Sequence[np.ndarray] | None = None,
    ) -> np.ndarray:
        """About `read(rows) @ queries.T` (within ~0.01), for sorted unique `rows`: from int8
        copies kept in memory (`Int8Rows`), to pick candidates that `read` then orders.

        With `columns` (per query, the positions in `rows` it ranks), a query's scope of more
        than `SHORTLIST` rows is first narrowed by sign bits; the rows left out are -inf."""
        if self._dim is None:
            return np.zeros((len(rows), len(queries)), dtype=np.float32)
        with self._lock:
            if self._int8 is None or self._int8.dim != self._dim:
                self._int8 = Int8Rows(self._dim, self.read, self._read_span, self._journal_since)
            copies = self._int8
        with one_blas_thread():
            return copies.similarities(rows, queries, columns)

    def ranked(self, rows: np.ndarray, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The `k` of `rows` nearest `query` by their float16 vectors, best first (ties in
        the order given), with their cosine similarities."""
        with one_blas_thread():
            scores = self.read(rows) @ query
        best = np.argsort(-scores, kind="stable")[:k]
        return rows[best], scores[best]

    def _rows_in_file(self) -> int:
        """How many rows the file holds now (another process may be growing it)."""
        row_bytes = (self._dim or 0) * _DTYPE.itemsize
        try:
            return max(0, (os.path.getsize(self.path) - _OFFSET) // row_bytes) if row_bytes else 0
        except OSError:
            return 0

    def _read_span(self, start: int, stop: int) -> np.ndarray:
        """The vectors of rows `start`..`stop`-1 that the file holds, read with `pread`."""
        held = self._rows_in_file()
        return self.read_unmapped(np.arange(start, max(start, min(stop, held)), dtype=np.int64))

    def _journal_since(self, offset: int) -> tuple[bytes | None, np.ndarray, int]:
        """The journal's identity, the rows it lists after `offset`, and its end."""
        return (self.journal_identity(), *self.journal_tail(offset))

    def journal_tail(self, offset: int) -> tuple[np.ndarray, int]:
        """The rows the journal lists after `offset`, and the offset of its last whole record's
        end (a record being appended is read next time)."""
        size = self.journal_size()
        end = _JOURNAL_HEADER + max(0, size - _JOURNAL_HEADER) // _JOURNAL_DTYPE.itemsize * (
            _JOURNAL_DTYPE.itemsize
        )
        rows = self.journal_rows(offset, end) if end > offset else np.zeros(0, dtype=np.int64)
        return rows, end

    def read(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of `rows` as float32, one per row (zeros for a row never filled)."""
        if self._dim is None or not len(rows):
            return np.zeros((len(rows), self._dim or 0), dtype=np.float32)
        with self._lock:
            table = self._rows_map(int(rows.max()) + 1)
            inside = rows < len(table)
            if inside.all():
                out = np.asarray(table[rows], dtype=np.float32)
            else:
                out = np.zeros((len(rows), self._dim), dtype=np.float32)
                out[inside] = table[rows[inside]]
            _release(table)
            return out

    def fill(self, store: PassageStore, rows: Sequence[tuple[int, str]]) -> set[int]:
        """Copy the vectors of these `(row, chunk_id)` from Chroma; returns the rows filled.

        Passages Chroma no longer holds (the keyword index may briefly lead it) stay unfilled.
        """
        filled: set[int] = set()
        for start in range(0, len(rows), _FETCH_BATCH):
            batch = rows[start : start + _FETCH_BATCH]
            found = store.embeddings([chunk_id for _, chunk_id in batch])
            present = [(row, chunk_id) for row, chunk_id in batch if chunk_id in found]
            if not present:
                continue
            self._write([row for row, _ in present], [found[cid] for _, cid in present])
            self.index.mark_vectors(present)
            filled.update(row for row, _ in present)
        return filled

    def fill_missing(self, store: PassageStore, *, batch: int = 20_000) -> int:
        """Copy every vector the file lacks (when a store is opened); returns how many."""
        total = 0
        while True:
            missing = self.index.rows_without_vectors(limit=batch)
            if not missing:
                return total
            filled = self.fill(store, missing)
            total += len(filled)
            if len(filled) < len(missing):  # some are not in Chroma (yet): do not spin on them
                return total

    def _write(self, rows: list[int], vectors: list[np.ndarray]) -> None:
        """Write rows in runs of consecutive rows, with `pwrite` (no mapping of the writes:
        pages written through a map would stay resident in this process)."""
        dim = len(vectors[0])
        with self._lock:
            if self._dim is None:
                self._start(dim)
            if dim != self._dim:
                raise ValueError(f"vectors of dimension {dim}, the file holds {self._dim}")
            order = np.argsort(rows, kind="stable")
            ordered_rows = [rows[i] for i in order]
            data = np.asarray([vectors[i] for i in order], dtype=_DTYPE)
            row_bytes = dim * _DTYPE.itemsize
            fd = os.open(self.path, os.O_WRONLY)
            try:
                run_start = 0
                for i in range(1, len(ordered_rows) + 1):
                    if i == len(ordered_rows) or ordered_rows[i] != ordered_rows[i - 1] + 1:
                        offset = _OFFSET + ordered_rows[run_start] * row_bytes
                        os.pwrite(fd, data[run_start:i].tobytes(), offset)
                        run_start = i
            finally:
                os.close(fd)
            self._journal(ordered_rows)

    def _journal(self, rows: list[int]) -> None:
        """Append written rows to the journal `VectorIndex` catches up from (one `write` of
        an `O_APPEND` file: records of two processes never interleave within a write)."""
        if not self.journal.exists():
            self._new_journal()
        fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, np.asarray(rows, dtype=_JOURNAL_DTYPE).tobytes())
        finally:
            os.close(fd)

    def _new_journal(self) -> None:
        """A journal with a fresh identity: an index built from another one is rebuilt."""
        _replace(self.journal, _JOURNAL_MAGIC + secrets.token_bytes(_JOURNAL_ID_BYTES))

    def journal_identity(self) -> bytes | None:
        """The journal's identity, or None when it is missing or foreign."""
        try:
            with open(self.journal, "rb") as handle:
                head = handle.read(_JOURNAL_HEADER)
        except OSError:
            return None
        if len(head) != _JOURNAL_HEADER or not head.startswith(_JOURNAL_MAGIC):
            return None
        return head[len(_JOURNAL_MAGIC) :]

    def journal_size(self) -> int:
        try:
            return os.path.getsize(self.journal)
        except OSError:
            return 0

    def journal_rows(self, start: int, end: int) -> np.ndarray:
        """The rows written between journal offsets `start` and `end` (whole records)."""
        start = max(start, _JOURNAL_HEADER)
        end -= (end - start) % _JOURNAL_DTYPE.itemsize
        if end <= start:
            return np.zeros(0, dtype=np.int64)
        with open(self.journal, "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
        usable = len(data) - len(data) % _JOURNAL_DTYPE.itemsize
        return np.frombuffer(data[:usable], dtype=_JOURNAL_DTYPE).astype(np.int64)

    def put(self, rows: Sequence[tuple[int, str]], vectors: np.ndarray) -> None:
        """Store the vectors of these `(row, chunk_id)` (ingestion, which has them in hand,
        so that answering never has to copy them from Chroma)."""
        if not rows:
            return
        self._write([row for row, _ in rows], list(np.asarray(vectors, dtype=np.float32)))
        self.index.mark_vectors(rows)

    def _start(self, dim: int) -> None:
        """A fresh file for vectors of `dim` components (call under the lock)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "wb") as handle:
            handle.write(_HEADER.pack(_MAGIC, dim).ljust(_OFFSET, b"\0"))
        self._dim = dim
        self._map = None
        self._mapped_rows = 0
        self._new_journal()

    def _rows_map(self, needed: int) -> np.memmap:
        """A read-only map of the file, remapped when rows past its end are asked for (the
        file grows as rows are written, by this process or another)."""
        assert self._dim is not None
        if self._map is None or needed > self._mapped_rows:
            rows = self._rows_in_file()
            if rows == 0:
                return np.zeros((0, self._dim), dtype=_DTYPE).view(np.memmap)
            self._map = np.memmap(
                self.path, dtype=_DTYPE, mode="r", offset=_OFFSET, shape=(rows, self._dim)
            )
            self._mapped_rows = rows
        return self._map


def _release(table: np.ndarray) -> None:
    """Let the pages just read through the map go from this process (they stay in the page
    cache): scopes spread over the whole file, and a long-running process would otherwise
    end up holding all of it (a million rows: 768 MB)."""
    mapping = getattr(table, "_mmap", None)
    if mapping is not None and hasattr(mmap, "MADV_DONTNEED"):
        with contextlib.suppress(OSError, ValueError):
            mapping.madvise(mmap.MADV_DONTNEED)


# The unscoped index (`VectorIndex`), measured on the 100k benchmark store against exact
# search (docs/performance.md): int8 vectors, 16 links a node, 128 candidates kept while
# building and 256 while searching; its candidates are re-ranked with the float16 vectors.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 256
# An unscoped search re-ranks at least this many of the index's candidates exactly.
MIN_CANDIDATES = 100
# Up to this many rows the index is searched exhaustively (about 1 ms at 20,000 rows on this
# machine, 0.4 ms by the graph): a graph built with several threads can leave a few rows
# unreachable, so a small store's results would change from one build to the next.
EXACT_ROWS = 20_000
# Rows written since the index was saved are searched exactly; past this many the index
# takes them in (loading it whole for the time of the merge).
MERGE_ROWS = 5_000
# Rows deleted since the index was built stay in it (left out when read); past this share
# of the live rows it is built again.
STALE_SHARE = 0.25
_BUILD_BATCH = 20_000
_STATE_FORMAT = 1


# A build of at least this many rows is announced: it takes tens of seconds or more.
NOTIFY_BUILD_ROWS = 50_000


class VectorIndex:
    """An approximate nearest-neighbour index over `PassageVectors`, for unscoped searches.

    Chroma's embedded client holds its own HNSW index in the process: every vector as
    float32 plus its graph, about 1.7 KB a passage, 1.7 GB at a million. This index keeps the
    vectors as int8 (usearch, cosine), about 0.5 KB a passage, in a file that is memory-mapped
    rather than loaded, so only the pages a search walks are resident. Chroma stays the store
    of record; this is derived data beside the keyword index, like the float16 vectors it is
    built from, and is keyed by the same row numbers.

    Keeping it current: every row `PassageVectors` writes is appended to its journal. The
    index records the journal's identity and how far it has read it; rows written since are
    searched exactly (a few thousand rows cost a millisecond), and past `MERGE_ROWS` the
    index takes them in (`update`), removing a row's old entry first, so a row replaced by a
    new passage is never found by its old vector. A deleted row may stay in the index, but a
    row is only returned when the keyword index still holds it with its vector (the caller
    looks it up), and past `STALE_SHARE` of such rows the index is built again. A missing,
    foreign or damaged file (its checksum is kept beside it) is built again by `update`.
    Every result is re-scored exactly with the float16 vector, so the int8 rounding decides
    only which candidates are looked at, never their order.
    """

    def __init__(
        self,
        vectors: PassageVectors,
        path: Path | None = None,
        *,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.vectors = vectors
        # Told before a build long enough for a person to wonder (`NOTIFY_BUILD_ROWS`).
        self._notify = notify or logger.info
        self.path = path or vectors.path.with_suffix(".usearch")
        self.state_path = self.path.with_name(self.path.name + ".json")
        self._lock = threading.Lock()  # one open or update at a time; searches never wait
        self._tail_lock = threading.Lock()
        self._opened = False
        self._ann: Any = None
        self._state: dict[str, Any] = {}
        self._tail = 0  # journal offset read into `_delta`
        self._delta = np.zeros(0, dtype=np.int64)

    @classmethod
    def beside(
        cls, vectors: PassageVectors, *, notify: Callable[[str], None] | None = None
    ) -> VectorIndex:
        return cls(vectors, notify=notify)

    def ready(self) -> bool:
        """Whether a valid index is there to search (else the caller asks Chroma)."""
        if not self._opened:
            with self._lock:
                self._open()
        return self._ann is not None

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to `k` rows nearest `query`, as `(row, cosine)`, best first, scored exactly.

        The caller drops rows the keyword index no longer holds; ask for some more than needed.
        """
        query = np.asarray(query, dtype=np.float32)
        rows = self.candidates(query, max(MIN_CANDIDATES, k))
        if not len(rows):
            return []
        best, scores = self.vectors.ranked(rows, query, k)
        return [(int(row), float(score)) for row, score in zip(best, scores, strict=True)]

    def candidates(self, query: np.ndarray, k: int) -> np.ndarray:
        """The sorted rows of the index's `k` nearest `query` by their int8 vectors, and every
        row written since it was saved: unscored, for a caller that keeps only some of them
        (a scope) and scores just those."""
        ann = self._ann
        if ann is None:
            return np.zeros(0, dtype=np.int64)
        delta = self._read_tail()
        size = len(ann)
        found = (
            ann.search(np.asarray(query, dtype=np.float32), k, threads=1, exact=size <= EXACT_ROWS)
            if size
            else None
        )
        keys = np.asarray(found.keys, dtype=np.int64) if found is not None else delta[:0]
        return np.union1d(keys, delta)

    def update(self, *, force: bool = False) -> bool:
        """Build the index if it is missing, damaged or stale; take in the rows written since
        it was saved when there are more than `MERGE_ROWS` (any, with `force`).

        Returns True if the index changed. Run where a pause is acceptable (opening a store,
        the background catch-up): building a million rows takes minutes once. A data directory
        it cannot write to (read-only, full) is logged, and searches go on as they were (to
        Chroma, if no index could be built).
        """
        with self._lock:
            try:
                return self._update(force)
            except OSError as exc:
                logger.warning("could not update the vector index %s: %s", self.path, exc)
                return False

    def _update(self, force: bool) -> bool:
        if not self._opened:
            self._open()
        dim = self.vectors.dimension
        if dim is None:
            return False  # no vectors yet: nothing to index
        identity = self.vectors.journal_identity()
        if identity is None:
            self.vectors.start_journal()
            identity = self.vectors.journal_identity()
        if self._ann is None or self._state.get("journal") != (identity or b"").hex():
            self._build(dim)
            return True
        delta = self._read_tail()
        if not len(delta) or (len(delta) < MERGE_ROWS and not force):
            return False
        live = max(self.vectors.index.count(), 1)
        if len(self._ann) + len(delta) > (1 + STALE_SHARE) * live:
            self._build(dim)
        else:
            self._merge(dim)
        return True

    def _open(self) -> None:
        """Map the saved index if its state says it is whole (call under the lock)."""
        self._opened = True
        self._ann = None
        state = self._read_state()
        if state is None:
            return
        try:
            from usearch.index import Index

            ann: Any = Index.restore(str(self.path), view=True)
        except (OSError, ValueError, RuntimeError) as exc:
            logger.warning("the vector index %s is unreadable (%s): it is rebuilt", self.path, exc)
            return
        if ann is None or ann.ndim != state["ndim"] or len(ann) != state["count"]:
            return
        self._adopt(ann, state)

    def _adopt(self, ann: Any, state: dict[str, Any]) -> None:
        """Search the mapped index `ann` from now on, with the rows its `state` says were
        written after it taken from the journal afresh."""
        ann.expansion_search = EXPANSION_SEARCH
        with self._tail_lock:
            self._ann, self._state = ann, state
            self._tail, self._delta = int(state["offset"]), np.zeros(0, dtype=np.int64)

    def _read_state(self) -> dict[str, Any] | None:
        """The saved state, if it matches the index file byte for byte (size and CRC-32)."""
        try:
            state = json.loads(self.state_path.read_text())
            if state.get("format") != _STATE_FORMAT:
                return None
            if os.path.getsize(self.path) != state["size"] or _crc32(self.path) != state["crc32"]:
                logger.warning("the vector index %s is damaged: it is rebuilt", self.path)
                return None
            return dict(state)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _read_tail(self) -> np.ndarray:
        """Add the rows written since the last look to the exactly searched ones; returns
        them all."""
        with self._tail_lock:
            rows, end = self.vectors.journal_tail(self._tail)
            if end > self._tail:
                self._tail = end
                if len(rows):
                    self._delta = np.union1d(self._delta, rows)
            return self._delta

    def _build(self, dim: int) -> None:
        """A new index of every row holding a vector (call under the lock)."""
        from usearch.index import Index

        identity = self.vectors.journal_identity() or b""
        offset = self.vectors.journal_size()  # rows written from now on are caught up later
        rows = np.asarray(sorted(self.vectors.index.rows_with_vectors()), dtype=np.int64)
        if len(rows) >= NOTIFY_BUILD_ROWS:
            self._notify(
                f"notice: building the vector index of {len(rows):,} passages (once; about a "
                "minute per 100,000 passages on 2 cores)"
            )
        ann: Any = Index(
            ndim=dim,
            metric="cos",
            dtype="i8",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH,
        )
        for start in range(0, len(rows), _BUILD_BATCH):
            self._add(ann, rows[start : start + _BUILD_BATCH])
        self._save(ann, dim, identity, offset)

    def _merge(self, dim: int) -> None:
        """Take the rows written since the index was saved into it (call under the lock)."""
        from usearch.index import Index

        identity = self.vectors.journal_identity() or b""
        with self._tail_lock:
            offset, rows = self._tail, self._delta
        ann: Any = Index.restore(str(self.path), view=False)
        if ann is None:
            self._build(dim)
            return
        ann.expansion_add = EXPANSION_ADD
        keys = rows.astype(np.uint64)
        present = keys[np.asarray(ann.contains(keys), dtype=bool)]
        if len(present):
            ann.remove(present)
        for start in range(0, len(rows), _BUILD_BATCH):
            self._add(ann, rows[start : start + _BUILD_BATCH])
        self._save(ann, dim, identity, offset)

    def _add(self, ann: Any, rows: np.ndarray) -> None:
        """Add these rows' vectors (read without mapping them: see `read_unmapped`)."""
        vectors = self.vectors.read_unmapped(rows)
        filled = np.any(vectors != 0, axis=1)
        if filled.any():
            ann.add(rows[filled].astype(np.uint64), vectors[filled], threads=0)

    def _save(self, ann: Any, dim: int, identity: bytes, offset: int) -> None:
        """Write the index and its state atomically, then map it (call under the lock)."""
        from usearch.index import Index

        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        ann.save(str(temporary))
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        state = {
            "format": _STATE_FORMAT,
            "ndim": dim,
            "count": len(ann),
            "journal": identity.hex(),
            "offset": offset,
            "size": os.path.getsize(temporary),
            "crc32": _crc32(temporary),
        }
        os.replace(temporary, self.path)
        _replace(self.state_path, json.dumps(state).encode())
        del ann
        self._adopt(Index.restore(str(self.path), view=True), state)
        self._read_tail()


def _replace(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: readers in other processes see the old file or the
    new one, never half of it."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _crc32(path: Path) -> int:
    """CRC-32 of a file, read in blocks (not mapped: the pages never count in this process)."""
    crc = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return crc
