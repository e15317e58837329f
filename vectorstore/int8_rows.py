"""int8 copies of passage vectors kept in memory, to pick the candidates of scoped searches.

A scope (an outlet, a day) lists rows spread over the whole float16 vector file. Read through
the map, every question faulted those pages in again (they are let go after each read, or a
long-running process would come to hold the whole file), and converting float16 to float32
cost more than the product itself: at a million passages about 90 ms a question. An int8 row
is 384 bytes, half of float16: a block of rows that questions keep coming back to is copied
once, in order, and a scope inside it is then gathered from memory. Its int8 score only
picks candidates; the caller orders them by their float16 vectors.

Memory: 384 bytes for each row of a copied block (384 MB if questions range over every block
of a million-passage store). Freshness: a row is read again once the journal of vector writes
(`PassageVectors`, written by this process or any other) lists it, and every copy is dropped
once the journal is started afresh (a new vector file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np

__all__ = ["Int8Rows"]

BLOCK_ROWS = 65_536
# Rows quantized or scored at a time: bounds the float32 temporaries (3 MB at 384 dimensions).
_CHUNK = 2_048
# Rows of a block read with one `pread` when it is copied whole (6 MB of float16).
_SPAN = 8_192
# A block is copied whole by the question that wants rows of it this many times.
WHOLE_AFTER = 2
_SCALE = 127.0  # unit vectors: every component lies in [-1, 1]


class Int8Rows:
    """Approximate similarities of vector rows, from int8 copies read once (see module doc).

    `read` gives the float32 vectors of rows (zeros for a row without one), `read_span(a, b)`
    those of rows a..b-1 that the file holds (fewer past its end), read in order;
    `journal(offset)` gives the journal's identity, the rows written after `offset` and the
    journal's end.
    """

    def __init__(
        self,
        dim: int,
        read: Callable[[np.ndarray], np.ndarray],
        read_span: Callable[[int, int], np.ndarray],
        journal: Callable[[int], tuple[bytes | None, np.ndarray, int]],
    ) -> None:
        self.dim = dim
        self._read = read
        self._read_span = read_span
        self._journal = journal
        self._lock = threading.Lock()
        self._blocks: dict[int, np.ndarray] = {}
        self._held: dict[int, np.ndarray] = {}  # per block: which of its rows are copied
        self._wanted: dict[int, int] = {}  # per block: questions that wanted rows not held
        self._identity: bytes | None = None
        self._offset = 0

    def similarities(self, rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
        """`vectors(rows) @ queries.T`, within about 0.01 of the float16 product: from the
        int8 copies for the rows held, from the file for the others; `rows` sorted, unique."""
        out = np.empty((len(rows), len(queries)), dtype=np.float32)
        if not len(rows):
            return out
        transposed = np.ascontiguousarray(queries.T, dtype=np.float32)
        scaled = transposed / _SCALE
        with self._lock:
            self._catch_up()
            self._copy_wanted_blocks(rows)
            held = self._held_mask(rows)
            at = np.flatnonzero(held)
            for start in range(0, len(at), _CHUNK):
                chunk = at[start : start + _CHUNK]
                copies = self._gather(rows[chunk]).astype(np.float32)
                out[chunk] = copies @ scaled
            at = np.flatnonzero(~held)
            for start in range(0, len(at), _CHUNK):
                chunk = at[start : start + _CHUNK]
                vectors = self._read(rows[chunk])
                out[chunk] = vectors @ transposed
                self._store(rows[chunk], _quantized(vectors), only_copied_blocks=True)
        return out

    def _catch_up(self) -> None:
        """Forget rows written since the last look; everything if the journal is new."""
        identity, written, offset = self._journal(self._offset)
        if identity != self._identity:  # a new file: what it holds now is read afresh
            self._blocks.clear()
            self._held.clear()
            self._wanted.clear()
            self._identity = identity
        elif len(written):
            for block, members in _by_block(np.unique(written)):
                if block in self._held:
                    self._held[block][members - block * BLOCK_ROWS] = False
        self._offset = offset

    def _copy_wanted_blocks(self, rows: np.ndarray) -> None:
        """Copy whole each block that a question wants rows of, not held, the second time.

        A block read whole in order costs 1.6-1.8 us a row against 4-9 us for scattered rows
        (1M store, warm page cache), but an outlet's share of a block is one row in dozens
        and a fresh copy's memory costs its first writes: a one-off `ask` reads its rows from
        the file and keeps nothing (copying on first sight added 0.3 s to a cold scoped
        `ask` at 1M, whole blocks 2.9 s), while a long-running bot soon holds the blocks its
        questions range over, and later scopes cost nothing to gather. Rows written anew in
        a copied block are copied as they are read.
        """
        for block, members in _by_block(rows):
            held = self._held.get(block)
            if held is not None and held[members - block * BLOCK_ROWS].all():
                continue
            self._wanted[block] = self._wanted.get(block, 0) + 1
            if self._wanted[block] == WHOLE_AFTER:
                self._copy_block(block)

    def _held_mask(self, rows: np.ndarray) -> np.ndarray:
        parts = [
            self._held[block][members - block * BLOCK_ROWS]
            if block in self._held
            else np.zeros(len(members), dtype=bool)
            for block, members in _by_block(rows)
        ]
        return np.concatenate(parts)

    def _copy_block(self, block: int) -> None:
        """Copy every row of `block` the file holds, read in order a span at a time."""
        first = block * BLOCK_ROWS
        for start in range(first, first + BLOCK_ROWS, _SPAN):
            span = self._read_span(start, start + _SPAN)
            if not len(span):
                break
            self._store(np.arange(start, start + len(span)), _quantized(span))

    def _store(
        self, rows: np.ndarray, copies: np.ndarray, *, only_copied_blocks: bool = False
    ) -> None:
        """Keep the int8 `copies` of sorted `rows` (with `only_copied_blocks`, of those in a
        block already copied)."""
        offset = 0
        for block, members in _by_block(rows):
            if only_copied_blocks and block not in self._blocks:
                offset += len(members)
                continue
            if block not in self._blocks:  # zeroed pages take memory only once written
                self._blocks[block] = np.zeros((BLOCK_ROWS, self.dim), dtype=np.int8)
                self._held[block] = np.zeros(BLOCK_ROWS, dtype=bool)
            local = members - block * BLOCK_ROWS
            self._blocks[block][local] = copies[offset : offset + len(members)]
            self._held[block][local] = True
            offset += len(members)

    def _gather(self, rows: np.ndarray) -> np.ndarray:
        parts = [
            self._blocks[block][members - block * BLOCK_ROWS] for block, members in _by_block(rows)
        ]
        return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _quantized(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * _SCALE), -_SCALE, _SCALE).astype(np.int8)


def _by_block(rows: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Sorted `rows` split by block, in order: `(block, its rows)`."""
    if not len(rows):
        return []
    blocks = rows // BLOCK_ROWS
    cuts = np.flatnonzero(np.diff(blocks)) + 1
    return [
        (int(blocks[start]), part)
        for start, part in zip(np.concatenate([[0], cuts]), np.split(rows, cuts), strict=True)
    ]
