"""The int8 vector index that serves unscoped searches in place of Chroma's (issue 16, memory).

Real Chroma on tmp_path, real vectors from the bundled model, the real usearch index on disk.
`RecordingStore` (tests/test_scoped_retrieval.py) writes down every vector query sent to
Chroma, so a test can tell that none was.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import Ingestor
from tests.test_scoped_retrieval import RecordingStore, recording_store
from tests.test_store import passages, write
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import chunk_id_for
from vectorstore.retriever import HybridRetriever, StoreFollower
from vectorstore.store import CHROMA_DIR, CHROMA_FILE, PassageStore, _DirectReader
from vectorstore.vectors import PassageVectors, VectorIndex

REPORTS = [
    ("ferry", "A ferry ran aground off the island; 212 passengers were taken ashore."),
    ("budget", "The city council passed a budget that raises spending on schools by 4%."),
    ("storm", "A winter storm closed the airport and cut power to 30,000 homes."),
    ("trial", "The jury found the FTX founder guilty of fraud after a month-long trial."),
    ("vaccine", "Regulators approved a new malaria vaccine for children under five."),
    ("rocket", "The rocket reached orbit on its third attempt, the agency said."),
    ("strike", "Rail workers began a three-day strike over pay and staffing."),
    ("wildfire", "Firefighters contained the wildfire after it burned 4,000 hectares."),
]


def build(
    tmp_path: Path, embedder: Embedder
) -> tuple[RecordingStore, KeywordIndex, PassageVectors, VectorIndex]:
    store = recording_store(tmp_path)
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    for doc_id, text in REPORTS:
        items = passages(doc_id, [text], source="Wire", published=date(2024, 1, 5), title=doc_id)
        write(store, embedder, items)
        index.replace_document(doc_id, "v1", items)
    vectors = PassageVectors.beside(index)
    vectors.fill_missing(store)
    ann = VectorIndex.beside(vectors)
    assert ann.update()
    return store, index, vectors, ann


def exact_ranking(store: PassageStore, query: np.ndarray) -> list[str]:
    """Every passage by exact cosine similarity to `query`, from Chroma's own vectors."""
    ids = [p.chunk_id for p in store.iter_passages()]
    stored = store.embeddings(ids)
    return sorted(ids, key=lambda cid: -float(np.dot(stored[cid], query)))


def test_unscoped_search_comes_from_the_index_not_chroma(
    tmp_path: Path, embedder: Embedder
) -> None:
    store, index, vectors, ann = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder, vectors=vectors, ann=ann)
    for question in ("Were ferry passengers rescued?", "Who was convicted of fraud?"):
        query = embedder.encode_query(question)
        assert retriever._unscoped(query, 5) == exact_ranking(store, query)[:5]
        hits = retriever.search(question, top_k=3)
        assert hits and hits[0].passage.doc_id in {"ferry", "trial"}
    assert store.filters_sent == []  # Chroma was never asked a vector query

    # Without a built index (a store opened by an older newsbot), Chroma answers.
    fresh = VectorIndex(vectors, path=tmp_path / "elsewhere.usearch")
    fallback = HybridRetriever(store, index, embedder, vectors=vectors, ann=fresh)
    strike = embedder.encode_query("rail strike")
    assert fallback._unscoped(strike, 1) == [chunk_id_for("strike", 0)]
    assert store.filters_sent == [None]


def test_a_deleted_document_is_never_returned(tmp_path: Path, embedder: Embedder) -> None:
    store, index, vectors, ann = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder, vectors=vectors, ann=ann)
    text = dict(REPORTS)["storm"]
    query = embedder.encode_query(text)
    assert retriever._unscoped(query, 1) == [chunk_id_for("storm", 0)]

    store.delete_document("storm")
    index.delete_document("storm")
    # Still in the index file (deletions are not written to it): left out when read.
    assert ann.search(query, 1)[0][0] in {row for row, _ in ann.search(query, 20)}
    assert chunk_id_for("storm", 0) not in retriever._unscoped(query, 20)
    assert all(hit.passage.doc_id != "storm" for hit in retriever.search(text, top_k=8))

    # Built again, it no longer holds the row at all.
    ann.path.unlink()
    rebuilt = VectorIndex.beside(vectors)
    assert rebuilt.update()
    again = HybridRetriever(store, index, embedder, vectors=vectors, ann=rebuilt)
    assert chunk_id_for("storm", 0) not in again._unscoped(query, 20)
    assert len(again._unscoped(query, 20)) == len(REPORTS) - 1


def test_a_replaced_passage_is_found_by_its_new_vector(tmp_path: Path, embedder: Embedder) -> None:
    store, index, vectors, ann = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder, vectors=vectors, ann=ann)
    # The last document rewritten: its keyword-index row number is given out again.
    (last_row,) = index.rows_of([chunk_id_for("wildfire", 0)], with_vector=True).values()
    new_text = "An earthquake of magnitude 6.1 shook the coast; no damage was reported."
    replaced = passages("wildfire", [new_text], version="v2", source="Wire", title="quake")
    write(store, embedder, replaced)
    index.replace_document("wildfire", "v2", replaced)
    (row,) = index.rows_of([chunk_id_for("wildfire", 0)]).values()
    assert row == last_row
    query = embedder.encode_query("earthquake on the coast")

    # Until its vector is stored the row is left out; then it is searched exactly.
    assert chunk_id_for("wildfire", 0) not in retriever._unscoped(query, 8)
    vectors.fill_missing(store)
    assert retriever._unscoped(query, 1) == [chunk_id_for("wildfire", 0)]

    # Taken into the index (its old entry removed first): found the same way, once.
    assert ann.update(force=True)
    assert retriever._unscoped(query, 1) == [chunk_id_for("wildfire", 0)]
    assert len(retriever._unscoped(query, 20)) == len(REPORTS)
    kept = np.asarray(ann._ann.get(np.uint64(last_row), dtype=np.float32))
    new_vector = embedder.encode_passages([replaced[0].contextual_text()])[0]
    assert float(np.dot(kept, new_vector) / np.linalg.norm(kept)) > 0.99  # not the old one


def test_a_damaged_index_file_is_rebuilt(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, vectors, ann = build(tmp_path, embedder)
    query = embedder.encode_query("airport closed by snow")
    before = ann.search(query, 5)

    data = bytearray(ann.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xff" * 64
    ann.path.write_bytes(bytes(data))
    told: list[str] = []
    monkeypatch.setattr("vectorstore.vectors.NOTIFY_BUILD_ROWS", len(REPORTS))
    damaged = VectorIndex.beside(vectors, notify=told.append)
    assert not damaged.ready()  # the checksum kept beside it no longer matches
    assert damaged.update()
    # A long build is announced (here: as long as the announcement threshold).
    assert told == [
        f"notice: building the vector index of {len(REPORTS)} passages (once; "
        "about a minute per 100,000 passages on 2 cores)"
    ]
    assert damaged.ready()
    assert damaged.search(query, 5) == before

    ann.path.write_bytes(b"not an index")  # a foreign file, and its state lost too
    ann.state_path.write_text("{")
    foreign = VectorIndex.beside(vectors)
    assert not foreign.ready()
    assert foreign.update()
    assert foreign.search(query, 5) == before
    assert json.loads(ann.state_path.read_text())["count"] == len(REPORTS)


def test_ingested_passages_are_searched_before_the_index_takes_them_in(
    tmp_path: Path, embedder: Embedder
) -> None:
    data_dir = tmp_path / "data"
    store = recording_store(data_dir)
    index = KeywordIndex(data_dir / "kw.sqlite3")
    article = tmp_path / "flood.txt"
    article.write_text("Flood waters rose above the levee in the river town overnight.\n")
    ingestor = Ingestor(store, index, embedder)
    ingestor.ingest([article])
    # Ingestion stored the vectors itself: nothing to copy from Chroma.
    assert index.rows_without_vectors(limit=5) == []
    ann = VectorIndex.beside(ingestor.vectors)
    assert ann.update()

    second = tmp_path / "drought.txt"
    second.write_text("A drought left the reservoir at a fifth of its capacity this summer.\n")
    ingestor.ingest([second])
    retriever = HybridRetriever(store, index, embedder, vectors=ingestor.vectors, ann=ann)
    query = embedder.encode_query("reservoir drought")
    (found,) = retriever._unscoped(query, 1)
    ((passage, _),) = store.get([found])
    assert "drought" in passage.text
    assert not ann.update()  # one row written since: searched exactly, no merge yet
    assert ann.update(force=True)
    assert retriever._unscoped(query, 1) == [found]
    assert store.filters_sent == []


def test_direct_reads_match_chromas_client(tmp_path: Path, embedder: Embedder) -> None:
    store = recording_store(tmp_path)
    items = passages(
        "typed",
        ["First passage.", "Second passage."],
        title="Typed",
        published=date(2024, 3, 1),
        extra={"score": 0.25, "flagged": True, "rank": 7, "note": "x"},
    )
    write(store, embedder, items)
    wanted = [chunk_id_for("typed", 1), chunk_id_for("missing", 0), chunk_id_for("typed", 0)]
    include = ["documents", "metadatas"]
    direct = store._get(ids=wanted, include=include)
    client = store._run(lambda c: c.get(ids=wanted, include=include))  # type: ignore[arg-type]
    by_id = {
        cid: (direct["documents"][i], direct["metadatas"][i])  # type: ignore[index]
        for i, cid in enumerate(direct["ids"])
    }
    assert by_id == {
        cid: (client["documents"][i], client["metadatas"][i])  # type: ignore[index]
        for i, cid in enumerate(client["ids"])
    }
    assert store.count() == store._run(lambda c: c.count()) == 2
    in_order = [chunk_id_for("typed", 1), chunk_id_for("typed", 0)]
    assert [p.chunk_id for p, _ in store.get(wanted)] == in_order

    # A record in Chroma's log that its segment has not taken in: the client must read.
    reader = store._direct()
    assert reader is not None
    chroma_file = tmp_path / CHROMA_DIR / CHROMA_FILE
    with sqlite3.connect(chroma_file) as db:
        last = db.execute("SELECT max(seq_id) FROM embeddings_queue").fetchone()[0] or 0
        topic = f"persistent://default/default/{reader.collection_id}"
        db.execute(
            "INSERT INTO embeddings_queue(seq_id, operation, topic, id) VALUES (?, 0, ?, 'x')",
            (last + 1000, topic),
        )
    assert reader.count() is None
    assert reader.get(wanted, include) is None


def test_a_file_not_laid_out_as_expected_is_read_through_the_client(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE embeddings (id INTEGER PRIMARY KEY, segment_id TEXT)")
    assert _DirectReader.open(other, "any") is None


def test_an_embedded_catch_up_waits_for_an_ingestion_in_progress(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Comparing every document would read through Chroma's client, loading its index."""
    store, index, vectors, ann = build(tmp_path, embedder)
    follower = StoreFollower(store, index, vectors, every=0, thorough=False, ann=ann)
    items = passages("late", ["A late report about the harbour."], source="Wire", title="late")
    write(store, embedder, items)  # Chroma written, the keyword index not yet
    marker = store.change_marker()
    follower._catch_up(marker)
    assert index.document_hash("late") is None
    assert follower._seen != marker  # looked at again at the next poll

    index.replace_document("late", "v1", items)  # the ingestion's second write
    follower._catch_up(marker)
    assert follower._seen == marker
    assert index.rows_without_vectors(limit=5) == []  # its vector copied in the catch-up
    query = embedder.encode_query("late harbour report")
    retriever = HybridRetriever(store, index, embedder, vectors=vectors, ann=ann)
    assert retriever._unscoped(query, 1) == [chunk_id_for("late", 0)]


def test_a_questions_products_run_on_one_blas_thread() -> None:
    """The thin products of a scope's similarities run on one BLAS thread (two were 3-4x
    slower on a busy 2-core machine); the process's own setting is back afterwards."""
    from threadpoolctl import threadpool_info

    from vectorstore.vectors import one_blas_thread

    def blas_threads() -> set[int]:  # numpy's own; scipy's, loaded later by others, is not
        return {
            lib["num_threads"]
            for lib in threadpool_info()
            if lib["user_api"] == "blas" and "numpy" in lib["filepath"]
        }

    before = blas_threads()
    with one_blas_thread():
        assert blas_threads() == {1}
    assert blas_threads() == before

    # Questions answered at once (Telegram) overlap: the limit holds until the last leaves.
    first, second = one_blas_thread(), one_blas_thread()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert blas_threads() == {1}
    second.__exit__(None, None, None)
    assert blas_threads() == before


def test_a_small_index_is_searched_exhaustively(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A graph built on several threads can leave a few rows unreachable (measured: 80 of
    600 searches of 86 clustered rows, k=100, returned fewer than 86), so a small store's
    results would change from one build to the next. Up to EXACT_ROWS the search is
    exhaustive; above it, the graph answers."""
    _, _, _, ann = build(tmp_path, embedder)
    inner = ann._ann
    modes: list[bool] = []

    class Recording:
        def __len__(self) -> int:
            return len(inner)

        def search(self, *args: object, **kwargs: object) -> object:
            modes.append(bool(kwargs.get("exact")))
            return inner.search(*args, **kwargs)

    ann._ann = Recording()
    query = embedder.encode_query("rail strike")
    assert len(ann.candidates(query, 100)) == len(inner)
    monkeypatch.setattr("vectorstore.vectors.EXACT_ROWS", 0)
    ann.candidates(query, 100)
    assert modes == [True, False]
