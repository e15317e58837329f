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

import os
import struct
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vectorstore.lexical import KeywordIndex
from vectorstore.store import PassageStore

__all__ = ["PassageVectors"]

_MAGIC = b"NBVEC1\0\0"
_HEADER = struct.Struct("<8sI")  # magic, dimension
_OFFSET = 64  # rows start here; the rest of the header is zeros
_DTYPE = np.dtype("<f2")
# Vectors copied from Chroma per call: one `get` by id each (bounded by Chroma's SQL limits).
_FETCH_BATCH = 2_000


class PassageVectors:
    """Vectors of the keyword index's rows, filled from Chroma on demand (see module doc)."""

    def __init__(self, path: Path, index: KeywordIndex) -> None:
        self.path = path
        self.index = index
        self._lock = threading.Lock()
        self._dim: int | None = None
        self._map: np.memmap | None = None
        self._mapped_rows = 0
        if not path.exists():
            # Flags left by a file that is gone would point at zeros: forget them.
            index.forget_vectors()
        else:
            self._dim = self._read_dimension()
            if self._dim is None:
                path.unlink(missing_ok=True)
                index.forget_vectors()

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

    def read(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of `rows` as float32, one per row (zeros for a row never filled)."""
        if self._dim is None or not len(rows):
            return np.zeros((len(rows), self._dim or 0), dtype=np.float32)
        with self._lock:
            table = self._rows_map(int(rows.max()) + 1)
            inside = rows < len(table)
            if inside.all():
                return np.asarray(table[rows], dtype=np.float32)
            out = np.zeros((len(rows), self._dim), dtype=np.float32)
            out[inside] = table[rows[inside]]
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

    def _start(self, dim: int) -> None:
        """A fresh file for vectors of `dim` components (call under the lock)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "wb") as handle:
            handle.write(_HEADER.pack(_MAGIC, dim).ljust(_OFFSET, b"\0"))
        self._dim = dim
        self._map = None
        self._mapped_rows = 0

    def _rows_map(self, needed: int) -> np.memmap:
        """A read-only map of the file, remapped when rows past its end are asked for (the
        file grows as rows are written, by this process or another)."""
        assert self._dim is not None
        if self._map is None or needed > self._mapped_rows:
            row_bytes = self._dim * _DTYPE.itemsize
            rows = max(0, (os.path.getsize(self.path) - _OFFSET) // row_bytes)
            if rows == 0:
                return np.zeros((0, self._dim), dtype=_DTYPE).view(np.memmap)
            self._map = np.memmap(
                self.path, dtype=_DTYPE, mode="r", offset=_OFFSET, shape=(rows, self._dim)
            )
            self._mapped_rows = rows
        return self._map
