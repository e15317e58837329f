"""Searches inside an outlet or a day, without Chroma's filtered scans (issue 16).

The store is real Chroma on tmp_path; `RecordingStore` is a PassageStore that also writes
down the filters of the vector queries it is asked, so a test can tell that none were sent.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from tests.test_store import open_store, passages, write
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Passage, SearchFilters
from vectorstore.retriever import HybridRetriever
from vectorstore.store import PassageStore
from vectorstore.vectors import PassageVectors


class RecordingStore(PassageStore):
    """The real store, recording the filters of every vector query sent to Chroma."""

    filters_sent: list[SearchFilters | None]

    def query(
        self, embedding: np.ndarray, *, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        self.filters_sent.append(filters)
        return super().query(embedding, k=k, filters=filters)


def recording_store(data_dir: Path) -> RecordingStore:
    store = open_store(data_dir)
    store.__class__ = RecordingStore
    assert isinstance(store, RecordingStore)
    store.filters_sent = []
    return store


REPORTS = [
    ("verge-1", "The Verge", date(2023, 9, 26), "Sam Bankman-Fried's trial is approaching."),
    ("verge-2", "The Verge", date(2023, 11, 2), "The jury reached a verdict in the FTX trial."),
    ("tc-1", "TechCrunch", date(2023, 9, 26), "The FTX founder faces trial over fraud charges."),
    ("tc-2", "TechCrunch", date(2023, 10, 5), "A startup raised money for electric ferries."),
    ("wire-1", "Wire", date(2023, 9, 26), "The FTX trial opens next week, prosecutors said."),
]


def build(tmp_path: Path, embedder: Embedder) -> tuple[RecordingStore, KeywordIndex]:
    store = recording_store(tmp_path)
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    for doc_id, source, day, text in REPORTS:
        items = passages(doc_id, [text], source=source, published=day, title=text[:30])
        write(store, embedder, items)
        index.replace_document(doc_id, "v1", items)
    return store, index


def doc_ids(store: PassageStore, chunk_ids: list[str]) -> list[str]:
    return [passage.doc_id for passage, _ in store.get(chunk_ids)]


def test_scoped_searches_send_no_filtered_vector_query(tmp_path: Path, embedder: Embedder) -> None:
    store, index = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder)
    question = (
        "Did The Verge report that the FTX trial was approaching on September 26, 2023, "
        "while TechCrunch reported the founder faces fraud charges?"
    )
    hits = retriever.search(question, top_k=5)
    assert {"verge-1", "tc-1"} <= {hit.passage.doc_id for hit in hits}
    assert store.filters_sent == [None]  # the whole question; every scoped one was exact

    vector = embedder.encode_query("FTX trial")
    scopes = [
        SearchFilters(sources=("The Verge",)),
        SearchFilters(sources=("techcrunch",), since=date(2023, 9, 25), until=date(2023, 9, 27)),
        SearchFilters(since=date(2023, 9, 26), until=date(2023, 9, 26)),
        SearchFilters(sources=("Nobody",)),
    ]
    rankings = retriever._dense_rankings([(vector, scope, 10) for scope in scopes])
    assert [sorted(doc_ids(store, ranking)) for ranking in rankings] == [
        ["verge-1", "verge-2"],
        ["tc-1"],
        ["tc-1", "verge-1", "wire-1"],
        [],
    ]
    # Exact cosine: the same order as the similarity of the stored vectors.
    stored = store.embeddings(rankings[2])
    similarities = [float(stored[cid] @ vector) for cid in rankings[2]]
    assert similarities == sorted(similarities, reverse=True)
    assert store.filters_sent == [None]


def test_a_scope_over_budget_keeps_only_its_own_passages(
    tmp_path: Path, embedder: Embedder
) -> None:
    store, index = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder, scope_budget=1, overfetch=50)
    vector = embedder.encode_query("FTX trial")
    (ranking,) = retriever._dense_rankings([(vector, SearchFilters(sources=("the verge",)), 10)])
    assert sorted(doc_ids(store, ranking)) == ["verge-1", "verge-2"]
    assert store.filters_sent == [None]  # over-fetched, unfiltered

    hits = retriever.search("FTX trial", filters=SearchFilters(sources=("TechCrunch",)))
    assert {hit.passage.doc_id for hit in hits} == {"tc-1", "tc-2"}


def test_vectors_follow_replaced_passages_and_a_lost_file(
    tmp_path: Path, embedder: Embedder
) -> None:
    store, index = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder)
    scope = SearchFilters(sources=("techcrunch",))
    vector = embedder.encode_query("electric ferries")
    assert doc_ids(store, retriever._dense_rankings([(vector, scope, 1)])[0]) == ["tc-2"]

    # tc-2 rewritten about something else: its old vector must not be read for the new text.
    replaced: list[Passage] = passages(
        "tc-2",
        ["A court heard the FTX founder's fraud case."],
        version="v2",
        source="TechCrunch",
        published=date(2023, 10, 5),
    )
    write(store, embedder, replaced)
    index.replace_document("tc-2", "v2", replaced)
    ranking = retriever._dense_rankings([(vector, scope, 2)])[0]
    rows = {cid: row for row, cid, _ in index.scope_rows(scope, limit=9)}
    for chunk_id, stored in store.embeddings(ranking).items():
        (kept,) = retriever.vectors.read(np.asarray([rows[chunk_id]]))
        assert np.allclose(kept, stored, atol=2e-3)  # float16 of the current vector

    # The vector file lost: every row is filled again from Chroma, results unchanged.
    retriever.vectors.path.unlink()
    again = HybridRetriever(store, index, embedder, vectors=PassageVectors.beside(index))
    assert again._dense_rankings([(vector, scope, 2)])[0] == ranking


def test_index_counts_and_outlets_without_scanning(tmp_path: Path, embedder: Embedder) -> None:
    store, index = build(tmp_path, embedder)
    assert index.count() == 5
    assert index.source_keys() == ["techcrunch", "the verge", "wire"]
    index.delete_document("wire-1")
    assert index.count() == 4 and index.source_keys() == ["techcrunch", "the verge"]
    index.rebuild(store.iter_passages())
    assert index.count() == 5
    # An index written before the counter existed is counted once, when opened.
    index._db.execute("DELETE FROM counters")
    index._db.commit()
    index.close()
    assert KeywordIndex(tmp_path / "kw.sqlite3").count() == 5


def test_one_match_ranks_the_question_whole_and_inside_each_outlet(
    tmp_path: Path, embedder: Embedder
) -> None:
    _, index = build(tmp_path, embedder)
    outlets = ["the verge", "techcrunch", "nobody"]
    for filters in (None, SearchFilters(since=date(2023, 9, 26), until=date(2023, 10, 30))):
        overall, by_outlet = index.search_by_outlet(
            "FTX trial fraud", k=3, outlets=outlets, per_outlet=1, filters=filters
        )
        assert overall == index.search("FTX trial fraud", k=3, filters=filters)
        for outlet in outlets:
            scope = SearchFilters(
                sources=(outlet,),
                since=filters.since if filters else None,
                until=filters.until if filters else None,
            )
            assert by_outlet[outlet] == index.search("FTX trial fraud", k=1, filters=scope)
