"""The Chroma passage store and the FTS5 keyword index, on disk, with real vectors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from vectorstore.embeddings import Embedder
from vectorstore.errors import EmbeddingModelMismatch, StoreNotFound
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Passage, SearchFilters, chunk_id_for
from vectorstore.retriever import (
    RRF_K,
    HybridRetriever,
    reciprocal_rank_fusion,
    sync_keyword_index,
)
from vectorstore.store import PassageStore, now_ms, open_chroma_client


def passages(
    doc_id: str, texts: list[str], *, version: str = "v1", **meta: object
) -> list[Passage]:
    return [
        Passage(
            chunk_id=chunk_id_for(doc_id, i),
            doc_id=doc_id,
            text=text,
            index=i,
            start=0,
            end=len(text),
            content_hash=version,
            n_passages=len(texts),
            **meta,  # type: ignore[arg-type]
        )
        for i, text in enumerate(texts)
    ]


def open_store(data_dir: Path, *, model: str = "all-MiniLM-L6-v2") -> PassageStore:
    client = open_chroma_client(data_dir=data_dir, create=True)
    return PassageStore(client, collection="news", embedding_model=model, create=True)


def write(store: PassageStore, embedder: Embedder, items: list[Passage]) -> None:
    vectors = embedder.encode_passages([p.contextual_text() for p in items])
    store.write_document(items[0].doc_id, items, vectors)


def test_rewrite_replaces_and_trims_passages(tmp_path: Path, embedder: Embedder) -> None:
    store = open_store(tmp_path)
    write(store, embedder, passages("doc", ["one.", "two.", "three."]))
    assert store.count() == 3
    state = store.document_state("doc")
    assert state is not None and state.is_complete("v1") and not state.is_complete("v2")

    write(store, embedder, passages("doc", ["uno.", "dos."], version="v2"))
    assert store.count() == 2
    state = store.document_state("doc")
    assert state is not None and state.is_complete("v2")
    assert [p.text for p, _ in store.get(state.chunk_ids)] == ["uno.", "dos."]


def test_partial_write_reads_as_incomplete(tmp_path: Path, embedder: Embedder) -> None:
    """What a crash between two upserts leaves behind must never count as current."""
    store = open_store(tmp_path)
    write(store, embedder, passages("doc", ["a.", "b.", "c."]))
    newer = passages("doc", ["A.", "B.", "C."], version="v2")
    vectors = embedder.encode_passages([p.text for p in newer[:1]])
    store._collection.upsert(  # only the first passage of the new version made it
        ids=[newer[0].chunk_id],
        embeddings=vectors,
        documents=[newer[0].text],
        metadatas=[newer[0].to_metadata()],
    )
    state = store.document_state("doc")
    assert state is not None
    assert not state.is_complete("v2") and not state.is_complete("v1")


def test_delete_document(tmp_path: Path, embedder: Embedder) -> None:
    store = open_store(tmp_path)
    write(store, embedder, passages("keep", ["kept."]))
    write(store, embedder, passages("drop", ["dropped.", "also dropped."]))
    assert store.delete_document("drop") == 2
    assert store.delete_document("drop") == 0
    assert [d.doc_id for d in store.documents()] == ["keep"]


def test_a_collection_keeps_its_embedding_model(tmp_path: Path, embedder: Embedder) -> None:
    open_store(tmp_path)
    with pytest.raises(EmbeddingModelMismatch, match="all-MiniLM-L6-v2"):
        open_store(tmp_path, model="some-other-model")


def test_missing_store_is_reported_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="newsbot ingest"):
        open_chroma_client(data_dir=tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


def test_filters_apply_to_dense_and_keyword_sides(tmp_path: Path, embedder: Embedder) -> None:
    store = open_store(tmp_path)
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    docs = [
        passages(
            "a", ["The mayor opened the bridge."], source="Courier", published=date(2024, 3, 1)
        ),
        passages(
            "b", ["The mayor closed the bridge."], source="Gazette", published=date(2024, 4, 1)
        ),
        passages("c", ["The mayor painted the bridge."], source="Courier"),
    ]
    for items in docs:
        write(store, embedder, items)
        index.replace_document(items[0].doc_id, "v1", items)
    retriever = HybridRetriever(store, index, embedder)

    def found(filters: SearchFilters) -> set[str]:
        vector = embedder.encode_query("mayor bridge")
        dense = {cid for cid, _ in store.query(vector, k=10, filters=filters)}
        keyword = {cid for cid, _ in index.search("mayor bridge", k=10, filters=filters)}
        fused = {h.passage.chunk_id for h in retriever.search("mayor bridge", filters=filters)}
        assert dense == keyword == fused
        return {store.get([cid])[0][0].doc_id for cid in fused}

    assert found(SearchFilters()) == {"a", "b", "c"}
    assert found(SearchFilters(sources=("courier",))) == {"a", "c"}
    assert found(SearchFilters(since=date(2024, 3, 15))) == {"b"}
    assert found(SearchFilters(until=date(2024, 3, 15))) == {"a"}
    assert found(SearchFilters(sources=("Courier",), since=date(2024, 1, 1))) == {"a"}
    with pytest.raises(ValueError, match="after"):
        SearchFilters(since=date(2024, 5, 1), until=date(2024, 4, 1))


def test_keyword_index_is_rebuilt_from_chroma(tmp_path: Path, embedder: Embedder) -> None:
    store = open_store(tmp_path)
    write(store, embedder, passages("doc", ["Saraqeb was seized.", "Aleppo was breached."]))
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    assert index.search("Saraqeb", k=5) == []
    assert sync_keyword_index(store, index) is True
    assert [cid for cid, _ in index.search("Saraqeb", k=5)] == [chunk_id_for("doc", 0)]
    assert index.document_hash("doc") == "v1"
    assert sync_keyword_index(store, index) is False


def test_keyword_index_catches_up_from_the_change_feed_after_one_full_comparison(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker's writes (through a shared server) reach this index without reading
    every document's hash again: that read takes minutes at a million passages."""
    store = open_store(tmp_path)
    write(store, embedder, passages("a", ["Saraqeb was seized."]))
    write(store, embedder, passages("b", ["Aleppo was breached."]))
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    assert sync_keyword_index(store, index) is True  # the one full comparison
    assert index.feed_cursor() is not None

    def read_everything() -> None:
        raise AssertionError("every document's hash was read again")

    monkeypatch.setattr(store, "document_versions", read_everything)
    assert sync_keyword_index(store, index) is False
    store.delete_document("a")  # as another worker would, leaving this index alone
    write(store, embedder, passages("b", ["Aleppo fell to insurgents."], version="v2"))
    write(store, embedder, passages("c", ["Hama was shelled."]))
    assert sync_keyword_index(store, index) is True
    assert index.document_hash("a") is None
    assert index.document_hash("b") == "v2" and index.document_hash("c") == "v1"
    assert [cid for cid, _ in index.search("insurgents", k=5)] == [chunk_id_for("b", 0)]
    assert index.search("Saraqeb", k=5) == [] and index.count() == store.count() == 2
    assert sync_keyword_index(store, index) is False


def test_keyword_queries_are_never_fts_syntax(tmp_path: Path) -> None:
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    index.replace_document("d", "v", passages("d", ['He said "NEAR" AND OR NOT (x*)']))
    for query in ['"', "AND OR NOT", "x* NEAR(a b)", "col:umn", "-minus", "(", "?"]:
        index.search(query, k=5)  # must not raise
    assert index.search('said "NEAR"', k=5)


def test_texts_mentioning_a_word_are_read_with_their_titles(tmp_path: Path) -> None:
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    for n in range(5):
        index.replace_document(
            f"d{n}", "v", passages(f"d{n}", [f"Altman spoke on day {n}."], title=f"Sam Altman {n}")
        )
    index.replace_document("other", "v", passages("other", ["Nadella spoke."], title="Microsoft"))
    texts = index.texts_mentioning("Altman", k=3)
    assert len(texts) == 6  # title and text of three passages
    assert all("Altman" in text for text in texts)
    assert index.texts_mentioning("Pichai", k=3) == []
    assert index.texts_mentioning('"', k=3) == []  # not FTS syntax either


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]])
    assert max(fused, key=fused.__getitem__) == "b"
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1))
    weighted = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 2.0])
    assert weighted["b"] == pytest.approx(2 * weighted["a"])
    assert set(fused) == {"a", "b", "c", "d"}


def test_similarity_is_cosine(tmp_path: Path, embedder: Embedder) -> None:
    store = open_store(tmp_path)
    write(store, embedder, passages("doc", ["Insurgents seized Saraqeb."]))
    vector = embedder.encode_query("Insurgents seized Saraqeb.")
    ((_, similarity),) = store.query(vector, k=3)
    stored = store.get([chunk_id_for("doc", 0)], with_embeddings=True)[0][1]
    assert stored is not None
    assert similarity == pytest.approx(float(np.dot(vector, stored)), abs=1e-4)


def test_half_written_documents_are_never_returned(tmp_path: Path, embedder: Embedder) -> None:
    """What a reader sees while an ingestion is between two writes of one article."""
    store = open_store(tmp_path)
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    old = passages("story", ["The ferry to the island was cancelled.", "Storms are expected."])
    other = passages("other", ["The ferry timetable changes in May."])
    for items in (old, other):
        write(store, embedder, items)
        index.replace_document(items[0].doc_id, "v1", items)
    retriever = HybridRetriever(store, index, embedder)
    assert {h.passage.doc_id for h in retriever.search("ferry", top_k=5)} == {"story", "other"}

    new = passages(
        "story",
        ["The ferry to the island sails again.", "Repairs took a week.", "Fares are unchanged."],
        version="v2",
    )
    write(store, embedder, new[:1])  # the first of three new passages, as a crash or race leaves
    seen = retriever.search("ferry island", top_k=5)
    assert {h.passage.doc_id for h in seen} == {"other"}

    write(store, embedder, new)
    index.replace_document("story", "v2", new)
    seen = retriever.search("ferry island", top_k=5)
    story = [h.passage for h in seen if h.passage.doc_id == "story"]
    assert story and {p.content_hash for p in story} == {"v2"}


def test_keyword_queries_leave_out_the_commonest_words_of_a_large_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vectorstore.lexical as lexical

    index = KeywordIndex(tmp_path / "kw.sqlite3")
    texts = [f"Council budget vote number {n} in the city." for n in range(55)]
    texts += [f"A referendum on the city council budget, round {n}." for n in range(5)]
    texts += ["The council budget for the harbour was cut by Mara Okafor."]
    items = passages("d", texts)
    index.replace_document("d", "v1", items)
    query = "council budget city harbour Okafor referendum"
    everything = [cid for cid, _ in index.search(query, k=3)]
    monkeypatch.setattr(lexical, "MATCH_BUDGET", 10)
    bounded = index.search(query, k=100)
    # Only the rarer words were matched (okafor, harbour, referendum: 7 postings, within the
    # budget, in 6 passages), and the passage holding the rarest still ranks first.
    assert len(bounded) == 6
    assert bounded[0][0] == everything[0] == items[-1].chunk_id


def test_store_opened_from_many_threads_at_once(tmp_path: Path, embedder: Embedder) -> None:
    """The Telegram bot handles queued updates concurrently; each may open the store first."""
    import shutil
    import threading

    write(open_store(tmp_path / "built"), embedder, passages("doc", ["one.", "two."]))
    # A copy this process has never opened, as a freshly started bot finds its store.
    shutil.copytree(tmp_path / "built", tmp_path / "copy")
    start = threading.Barrier(16)
    errors: list[BaseException] = []
    counts: list[int] = []

    def work() -> None:
        start.wait()
        try:
            connection = open_chroma_client(data_dir=tmp_path / "copy", create=False)
            store = PassageStore(
                connection, collection="news", embedding_model="all-MiniLM-L6-v2", create=False
            )
            counts.append(store.count())
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == [2] * 16


def test_another_process_reading_does_not_make_this_one_reopen(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Opening a Chroma client changes chroma.sqlite3's modification time; only newsbot's
    writes count as writes, or two readers would reopen (and reload the index) on every call."""
    import subprocess
    import sys

    store = open_store(tmp_path)
    write(store, embedder, passages("doc", ["one.", "two."]))
    connection = open_chroma_client(data_dir=tmp_path, create=False)
    epoch = connection.epoch
    reader = (
        "import chromadb, sys; client = chromadb.PersistentClient(path=sys.argv[1]); "
        "print(client.get_collection('news').count())"
    )
    result = subprocess.run(
        [sys.executable, "-c", reader, str(tmp_path / "chroma")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "2"
    assert store.count() == 2
    assert connection.epoch == epoch  # a read elsewhere is no reason to reopen


def test_changes_since_lists_written_and_deleted_documents_not_the_whole_store(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Followers on other machines catch up from this feed instead of reading every
    document's hash (minutes at a million passages)."""
    store = open_store(tmp_path)
    write(store, embedder, passages("old", ["one.", "two."]))
    cursor = now_ms() + 10 * 60 * 1000  # as if "old" was written long before the cursor
    assert store.changes_since(cursor).written == {}

    start = now_ms()
    write(store, embedder, passages("new", ["three.", "four."]))
    write(store, embedder, passages("gone", ["five."]))
    store.delete_document("gone")
    changes = store.changes_since(start)
    assert changes.written == {"new": "v1", "old": "v1"}  # "old" is inside the slack window
    assert changes.deleted == {"gone"} and changes.complete
    assert changes.cursor >= start

    write(
        store, embedder, passages("gone", ["five again."], version="v2")
    )  # back after its deletion
    later = store.changes_since(changes.cursor)
    assert later.written["gone"] == "v2" and "gone" not in later.deleted
    assert not store.changes_since(start - 40 * 24 * 3600 * 1000).complete
    assert all("written_ms" not in p.extra for p in store.document_passages("new"))


def test_change_marker_moves_with_every_write_from_any_process(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Readers poll the marker to notice other workers' ingestions; reads must not move it."""
    import subprocess
    import sys

    store = open_store(tmp_path)
    assert store.change_marker() == ""
    write(store, embedder, passages("doc", ["one.", "two."]))
    first = store.change_marker()
    assert first and store.change_marker() == first
    store.query(embedder.encode_query("one"), k=1)
    assert store.change_marker() == first
    writer = (
        "import sys; from pathlib import Path; from vectorstore.store import PassageStore, "
        "open_chroma_client; c = open_chroma_client(data_dir=Path(sys.argv[1]), create=False); "
        "s = PassageStore(c, collection='news', embedding_model=sys.argv[2], create=False); "
        "print(s.delete_document('doc'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", writer, str(tmp_path), store.embedding_model],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.stdout.strip() == "2"
    assert store.change_marker() not in ("", first)
    assert store.count() == 0
    with pytest.raises(EmbeddingModelMismatch):  # the generation never drops the model name
        open_store(tmp_path, model="another-model")
