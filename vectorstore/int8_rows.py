"""int8 copies of passage vectors kept in memory, to pick the candidates of scoped searches.

A scope (an outlet, a day) lists rows spread over the whole float16 vector file. Read through
the map, every question faulted those pages in again (they are let go after each read, or a
long-running process would come to hold the whole file), and converting float16 to float32
cost more than the product itself: at a million passages about 90 ms a question. An int8 row
is 384 bytes, half of float16: a block of rows that questions keep coming back to is copied
once, in order, and a scope inside it is then gathered from memory. Its int8 score only
picks candidates; the caller orders them by their float16 vectors.

At a million passages an outlet's scope is still thousands of rows, and reading their 384
bytes each was the largest cost of a scoped question left (17 of the 32 ms that a 1M
search spent beyond a 10k one). So a copied row also keeps its signs, one bit a component
(48 bytes): a scope larger than `SHORTLIST` is first narrowed by the Hamming distance
between its rows' signs and the query's, and only the nearest `SHORTLIST` (or a quarter of
the scope, if more) are scored from their int8 copies.

Memory: 432 bytes for each row of a copied block (432 MB if questions range over every block
of a million-passage store). Freshness: a row is read again once the journal of vector writes
(`PassageVectors`, written by this process or any other) lists it, and every copy is dropped
once the journal is started afresh (a new vector file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

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
# A scope of more rows than this is narrowed by their signs before its int8 products (module
# doc), to this many or a quarter of its rows, whichever is more. The rows of an exact top 10
# lie deeper in the Hamming order the larger the scope: among 100 dev questions over random
# scopes of the 100k benchmark store's vectors, at most 9.7% deep in 17,000 rows and 15.6% in
# 50,000. A quarter kept every exact top 10 there; a fixed 1,000 lost 0.2-0.7% of them, and up
# to half of one question's (docs/performance.md).
SHORTLIST = 1_000
SHORTLIST_SHARE = 4  # a quarter


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
        self._signs: dict[int, np.ndarray] = {}  # per block: its rows' sign bits, packed
        self._held: dict[int, np.ndarray] = {}  # per block: which of its rows are copied
        self._wanted: dict[int, int] = {}  # per block: questions that wanted rows not held
        self._identity: bytes | None = None
        self._offset = 0

    def similarities(
        self,
        rows: np.ndarray,
        queries: np.ndarray,
        columns: Sequence[np.ndarray] | None = None,
    ) -> np.ndarray:
        """`vectors(rows) @ queries.T`, within about 0.01 of the float16 product: from the
        int8 copies for the rows held, from the file for the others; `rows` sorted, unique.

        `columns[c]`, if given, are the positions in `rows` that query `c` ranks (its scope,
        sorted): of a column of more than `SHORTLIST` held rows, only the `SHORTLIST` (or a
        quarter, if more) nearest by their signs are scored. A row no column picks is -inf
        throughout; a row one column picks is scored in every column, which only widens
        another's shortlist.
        """
        out = np.empty((len(rows), len(queries)), dtype=np.float32)
        if not len(rows):
            return out
        transposed = np.ascontiguousarray(queries.T, dtype=np.float32)
        scaled = transposed / _SCALE
        with self._lock:
            self._catch_up()
            self._copy_wanted_blocks(rows)
            held = self._held_mask(rows)
            picked = self._shortlisted(rows, held, queries, columns or [])
            at = np.flatnonzero(held if picked is None else held & picked)
            for start in range(0, len(at), _CHUNK):
                chunk = at[start : start + _CHUNK]
                copies = self._gather(self._blocks, rows[chunk]).astype(np.float32)
                out[chunk] = copies @ scaled
            at = np.flatnonzero(~held)
            for start in range(0, len(at), _CHUNK):
                chunk = at[start : start + _CHUNK]
                vectors = self._read(rows[chunk])
                out[chunk] = vectors @ transposed
                self._store(rows[chunk], _quantized(vectors), only_copied_blocks=True)
        if picked is not None:
            out[~picked] = -np.inf
        return out

    def _shortlisted(
        self,
        rows: np.ndarray,
        held: np.ndarray,
        queries: np.ndarray,
        columns: Sequence[np.ndarray],
    ) -> np.ndarray | None:
        """Which rows to score: of each column's held rows, the `SHORTLIST` (or a quarter,
        if more) nearest its query by sign bits (Hamming distance), or all where it has no
        more; and every row read from the file (scored anyway). None to score every row."""
        if all(len(positions) <= SHORTLIST for positions in columns):
            return None
        wanted = _signs(queries)
        picked = ~held
        for column, positions in enumerate(columns):
            inside = positions[held[positions]]
            keep = max(SHORTLIST, -(-len(inside) // SHORTLIST_SHARE))
            if len(inside) > keep:
                signs = self._gather(self._signs, rows[inside])
                distance = np.bitwise_count(signs ^ wanted[column]).sum(axis=1, dtype=np.uint16)
                inside = inside[np.argpartition(distance, keep - 1)[:keep]]
            picked[inside] = True
        return picked

    def _catch_up(self) -> None:
        """Forget rows written since the last look; everything if the journal is new."""
        identity, written, offset = self._journal(self._offset)
        if identity != self._identity:  # a new file: what it holds now is read afresh
            self._blocks.clear()
            self._signs.clear()
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
                self._signs[block] = np.zeros((BLOCK_ROWS, self._sign_words), dtype=np.uint64)
                self._held[block] = np.zeros(BLOCK_ROWS, dtype=bool)
            local = members - block * BLOCK_ROWS
            copied = copies[offset : offset + len(members)]
            self._blocks[block][local] = copied
            self._signs[block][local] = _signs(copied)
            self._held[block][local] = True
            offset += len(members)

    @property
    def _sign_words(self) -> int:
        return -(-self.dim // 64)

    @staticmethod
    def _gather(blocks: dict[int, np.ndarray], rows: np.ndarray) -> np.ndarray:
        """The rows of `blocks` (int8 copies or signs) for sorted `rows`, all held."""
        parts = [blocks[block][members - block * BLOCK_ROWS] for block, members in _by_block(rows)]
        return np.concatenate(parts) if len(parts) > 1 else parts[0]


def _quantized(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * _SCALE), -_SCALE, _SCALE).astype(np.int8)


def _signs(vectors: np.ndarray) -> np.ndarray:
    """Each row's signs (a bit set for a positive component), packed into 64-bit words."""
    bits = np.packbits(vectors > 0, axis=1)
    padded = np.zeros((len(bits), -(-bits.shape[1] // 8) * 8), dtype=np.uint8)
    padded[:, : bits.shape[1]] = bits
    return padded.view(np.uint64)


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
