"""Incremental ingestion against real Chroma and the real model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.services import IngestionLocked, Newsbot
from ingest.pipeline import Ingestor
from vectorstore.embeddings import Embedder
from vectorstore.records import chunk_id_for


def chroma_snapshot(ingestor: Ingestor) -> dict[str, tuple[str, ...]]:
    """doc_id -> passage texts, straight from Chroma."""
    out: dict[str, list[tuple[int, str]]] = {}
    for p in ingestor.store.iter_passages():
        out.setdefault(p.doc_id, []).append((p.index, p.text))
    return {doc: tuple(t for _, t in sorted(items)) for doc, items in out.items()}


def assert_consistent(ingestor: Ingestor) -> None:
    """Chroma and the keyword index hold the same passages, every document complete."""
    store, index = ingestor.store, ingestor.index
    assert index.count() == store.count()
    for doc in store.documents():
        state = store.document_state(doc.doc_id)
        assert state is not None
        (version,) = state.content_hashes
        assert state.is_complete(version)
        assert index.document_hash(doc.doc_id) == version


def test_ingest_then_reingest_changes_nothing(newsbot: Newsbot, sample_dir: Path) -> None:
    ingestor = newsbot.ingestor()
    first = ingestor.ingest([sample_dir])
    assert (first.added, first.updated, first.unchanged, first.failed) == (1, 0, 0, 0)
    assert first.passages == ingestor.store.count() > 3
    before = chroma_snapshot(ingestor)

    again = newsbot.ingestor().ingest([sample_dir])
    assert (again.added, again.updated, again.unchanged, again.passages) == (0, 0, 1, 0)
    assert not again.changed
    assert chroma_snapshot(ingestor) == before
    assert_consistent(ingestor)


def test_changed_file_replaces_its_passages(newsbot: Newsbot, sample_dir: Path) -> None:
    ingestor = newsbot.ingestor()
    ingestor.ingest([sample_dir])
    path = sample_dir / "aleppo-insurgent-onslaught.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("seized Saraqeb", "captured Saraqeb"), encoding="utf-8")

    report = ingestor.ingest([sample_dir])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    assert len(ingestor.store.documents()) == 1
    texts = " ".join(chroma_snapshot(ingestor)[str(path.resolve())])
    assert "captured Saraqeb" in texts and "seized Saraqeb" not in texts
    assert [cid for cid, _ in ingestor.index.search("seized", k=10)] == []
    assert_consistent(ingestor)


def test_shorter_version_leaves_no_stale_passages(newsbot: Newsbot, tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    long_body = " ".join(f"Sentence number {i} of the report is here." for i in range(80))
    path.write_text(f"Title\n{long_body}", encoding="utf-8")
    ingestor = newsbot.ingestor()
    ingestor.ingest([path])
    long_count = ingestor.store.count()
    path.write_text("Title\nNow the report is one sentence long.", encoding="utf-8")
    ingestor.ingest([path])
    assert long_count > 3 and ingestor.store.count() == 1
    assert_consistent(ingestor)


def test_one_bad_source_does_not_stop_the_others(
    newsbot: Newsbot, sample_dir: Path, wire_dump: Path, tmp_path: Path
) -> None:
    (tmp_path / "bad.json").write_text("{oops", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    ingestor = newsbot.ingestor()
    report = ingestor.ingest(
        [
            tmp_path / "missing.txt",
            tmp_path / "bad.json",
            sample_dir,
            tmp_path / "empty.txt",
            wire_dump,
        ]
    )
    assert report.failed == 3
    assert report.added == 4
    assert len(ingestor.store.documents()) == 4
    assert {type(e).__name__ for e in report.failures} == {
        "SourceNotFound",
        "MalformedSource",
        "EmptyArticle",
    }
    assert_consistent(ingestor)


def test_same_document_twice_in_one_run_is_stored_once(
    newsbot: Newsbot, wire_dump: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.jsonl"
    copy.write_text(wire_dump.read_text(encoding="utf-8"), encoding="utf-8")
    report = newsbot.ingestor().ingest([wire_dump, copy])
    assert (report.added, report.duplicates) == (3, 3)


def test_interrupted_write_is_repaired_without_duplicates(
    newsbot: Newsbot, sample_dir: Path
) -> None:
    """A crash after part of a new version reached Chroma: the next run finishes the job."""
    ingestor = newsbot.ingestor()
    ingestor.ingest([sample_dir])
    clean = chroma_snapshot(ingestor)
    doc_id = next(iter(clean))
    store = ingestor.store
    # Simulate the crash: a stray half-version passage beyond the end and a corrupted one.
    extra_id = chunk_id_for(doc_id, 99)
    ((first, vector),) = store.get([chunk_id_for(doc_id, 0)], with_embeddings=True)
    meta = first.to_metadata() | {"chunk_index": 99, "content_hash": "half-written"}
    store._collection.upsert(
        ids=[extra_id], embeddings=[vector], documents=["stray"], metadatas=[meta]
    )
    ingestor.index.delete_document(doc_id)

    report = newsbot.ingestor().ingest([sample_dir])
    assert (report.updated, report.unchanged) == (1, 0)
    assert chroma_snapshot(ingestor) == clean
    assert_consistent(ingestor)


def test_embedding_failure_leaves_the_store_untouched(
    newsbot: Newsbot, sample_dir: Path, wire_dump: Path, embedder: Embedder
) -> None:
    ingestor = newsbot.ingestor()
    ingestor.ingest([wire_dump])
    before = chroma_snapshot(ingestor)

    class Failing:
        model_id = embedder.model_id

        def load(self) -> None:
            pass

        def encode_passages(self, texts: list[str]) -> None:
            raise RuntimeError("out of memory")

    ingestor.embedder = Failing()  # type: ignore[assignment]
    with pytest.raises(RuntimeError):
        ingestor.ingest([sample_dir])
    assert chroma_snapshot(ingestor) == before
    assert_consistent(ingestor)


def test_lost_keyword_index_is_rebuilt(newsbot: Newsbot, sample_dir: Path) -> None:
    newsbot.ingestor().ingest([sample_dir])
    index_path = newsbot.keyword_index().path
    index_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{index_path}{suffix}").unlink(missing_ok=True)
    qa = Newsbot(newsbot.settings).qa()  # as the next process would
    assert qa.retriever.index.count() == qa.retriever.store.count()
    assert qa.search("Saraqeb")[0].keyword_rank == 1


def test_changing_chunk_size_resplits(newsbot: Newsbot, sample_dir: Path) -> None:
    newsbot.ingestor().ingest([sample_dir])
    settings = newsbot.settings.model_copy(update={"chunk_max_chars": 400})
    smaller = Newsbot(settings).ingestor()
    report = smaller.ingest([sample_dir])
    assert report.updated == 1
    assert all(len(p.text) <= 400 for p in smaller.store.iter_passages())


def test_second_ingestion_on_the_same_directory_is_refused(newsbot: Newsbot) -> None:
    with (
        newsbot.ingestion_lock(),
        pytest.raises(IngestionLocked, match="another ingestion is running"),
        Newsbot(newsbot.settings).ingestion_lock(),
    ):
        pass
    with newsbot.ingestion_lock():
        pass  # released again


def test_report_json_has_the_contract_keys(newsbot: Newsbot, sample_dir: Path) -> None:
    report = newsbot.ingestor().ingest([sample_dir]).to_dict()
    assert {"added", "updated", "unchanged", "failed", "passages"} <= set(report)
    json.dumps(report)
