"""int8 copies of the vectors that pick a scoped search's candidates (issue 16, 1M latency).

Real vector files on tmp_path, written through `PassageVectors.put` as ingestion writes them;
a second `PassageVectors` on the same file stands for another process.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vectorstore.int8_rows import BLOCK_ROWS, SHORTLIST, SHORTLIST_SHARE, Int8Rows
from vectorstore.lexical import KeywordIndex
from vectorstore.vectors import PassageVectors

DIM = 384


def unit_vectors(count: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def open_vectors(tmp_path: Path) -> PassageVectors:
    return PassageVectors.beside(KeywordIndex(tmp_path / "kw.sqlite3"))


def put(vectors: PassageVectors, rows: np.ndarray, values: np.ndarray) -> None:
    vectors.put([(int(row), f"chunk-{row}") for row in rows], values)


def test_int8_scores_follow_the_float16_vectors_across_blocks(tmp_path: Path) -> None:
    vectors = open_vectors(tmp_path)
    rows = np.concatenate([np.arange(3, 40), np.arange(BLOCK_ROWS - 5, BLOCK_ROWS + 30)])
    put(vectors, rows, unit_vectors(len(rows), seed=1))
    queries = unit_vectors(3, seed=2)

    exact = vectors.read(rows) @ queries.T
    first = vectors.similarities(rows, queries)  # read from the file: nothing copied yet
    assert np.abs(first - exact).max() < 1e-5
    vectors.similarities(rows, queries)  # wanted again: both blocks are copied
    approximate = vectors.similarities(rows, queries)
    assert approximate.shape == (len(rows), 3)
    assert 0 < np.abs(approximate - exact).max() < 0.01  # from the int8 copies
    # A row never written reads as zeros, as `read` gives it.
    assert not vectors.similarities(np.asarray([2]), queries).any()


def test_a_row_written_again_by_another_process_is_read_afresh(tmp_path: Path) -> None:
    vectors = open_vectors(tmp_path)
    first, second = unit_vectors(2, seed=3)
    put(vectors, np.asarray([7]), first[None])
    rows = np.asarray([7])
    for _ in range(3):  # copied on the second
        assert vectors.similarities(rows, first[None])[0, 0] > 0.99

    writer = open_vectors(tmp_path)  # another process's ingestion, same files
    put(writer, rows, second[None])
    assert abs(vectors.similarities(rows, second[None])[0, 0] - 1.0) < 0.01
    assert abs(vectors.similarities(rows, first[None])[0, 0] - float(first @ second)) < 0.01


def test_a_vector_file_started_afresh_forgets_every_copy(tmp_path: Path) -> None:
    vectors = open_vectors(tmp_path)
    rows = np.arange(10)
    old = unit_vectors(10, seed=4)
    put(vectors, rows, old)
    for _ in range(3):  # copied on the second
        assert vectors.similarities(rows, old[:1])[0, 0] > 0.99

    vectors.path.unlink()  # lost; another process starts the file and its journal again
    restarted = open_vectors(tmp_path)
    more = np.arange(20)  # past the old file's end: this process maps the new file
    new = unit_vectors(20, seed=5)
    put(restarted, more, new)
    assert np.abs(vectors.similarities(more, new) - new @ new.T).max() < 0.01


def test_a_block_wanted_twice_is_copied_whole_once(tmp_path: Path) -> None:
    """A one-off question copies only its rows; a block wanted again is read whole, in
    order, so later scopes in it cost no reads; a row written after that is read alone."""
    vectors = open_vectors(tmp_path)
    put(vectors, np.arange(300), unit_vectors(300, seed=6))
    scattered: list[int] = []
    spans: list[tuple[int, int]] = []

    def read(rows: np.ndarray) -> np.ndarray:
        scattered.append(len(rows))
        return vectors.read(rows)

    def read_span(start: int, stop: int) -> np.ndarray:
        spans.append((start, stop))
        return vectors._read_span(start, stop)

    copies = Int8Rows(DIM, read, read_span, vectors._journal_since)
    query = unit_vectors(1, seed=7)
    copies.similarities(np.arange(10), query)
    assert (scattered, spans) == ([10], [])
    copies.similarities(np.arange(10, 20), query)
    assert spans and spans[0][0] == 0

    scattered.clear()
    spans.clear()
    later = np.arange(100, 300)
    assert np.abs(copies.similarities(later, query) - vectors.read(later) @ query.T).max() < 0.01
    assert (scattered, spans) == ([], [])

    put(vectors, np.asarray([150]), unit_vectors(1, seed=8))
    copies.similarities(later, query)
    assert (scattered, spans) == ([1], [])


def test_a_large_scope_is_narrowed_by_signs_before_its_int8_products(tmp_path: Path) -> None:
    """A column of more than `SHORTLIST` rows scores only its nearest quarter by sign bits
    (at least `SHORTLIST`), and its nearest by cosine are among them; the rows no column
    picks are -inf. A smaller column, and a call without columns, score every row."""
    vectors = open_vectors(tmp_path)
    count = 4 * SHORTLIST + 2_000
    kept = -(-count // SHORTLIST_SHARE)
    rows = np.arange(count)
    values = unit_vectors(count, seed=9)
    query = unit_vectors(1, seed=10)[0]
    near = np.asarray([5, 700, 2_999])  # close to the query: near in sign bits too
    noisy = query + 0.6 * unit_vectors(len(near), seed=11)
    values[near] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    put(vectors, rows, values)
    queries = np.stack([query, values[1]])
    small = np.arange(0, 400)
    for _ in range(2):  # the block is copied on the second question
        vectors.similarities(rows, queries, [rows, small])

    scores = vectors.similarities(rows, queries, [rows, small])
    scored = np.isfinite(scores)
    assert (scored[:, 0] == scored[:, 1]).all()  # a row is scored in every column or none
    assert scored[small].all()
    assert kept <= scored[:, 0].sum() <= kept + len(small)
    exact = vectors.read(rows) @ query
    assert set(np.argsort(-exact)[:3]) == set(near) <= set(np.flatnonzero(scored[:, 0]))
    assert np.isfinite(vectors.similarities(rows, queries, [rows[:SHORTLIST], small])).all()
    assert np.isfinite(vectors.similarities(rows, queries)).all()
