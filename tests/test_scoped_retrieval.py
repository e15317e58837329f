"""Searches inside an outlet or a day, without Chroma's filtered scans (issue 16).

The store is real Chroma on tmp_path; `RecordingStore` is a PassageStore that also writes
down the filters of the vector queries it is asked, so a test can tell that none were sent.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from bot.answering.clauses import query_parts, search_query
from tests.test_store import open_store, passages, write
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Passage, SearchFilters
from vectorstore.retriever import HybridRetriever
from vectorstore.store import PassageStore
from vectorstore.text import content_terms
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
    hits = retriever.search(search_query(question, index.source_keys()), top_k=5)
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
    listed = index.scope(scope, limit=9)
    assert listed is not None
    rows = {cid: row for row, cid in index.chunk_ids(listed.rows).items()}
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


def newsroom_index(path: Path) -> KeywordIndex:
    """180 reports from three outlets over three days. "council" is in every one and "budget"
    in most (over a budget of 60 passages), "harbour" and "ferry" in a few, each report of
    its own length so that BM25 seldom ties."""
    index = KeywordIndex(path)
    words = "council budget vote harbour ferry tunnel fares mayor".split()
    documents = []
    for n in range(180):
        held = ["council"] + [w for i, w in enumerate(words[1:], start=1) if n % (i * 3) == 0]
        text = " ".join(held + ["filler"] * (n % 23) + [f"item{n}"] + held[: n % 4])
        items = passages(
            f"doc-{n}",
            [text],
            source=("Wire A", "Wire B", "The Verge")[n % 3],
            published=date(2024, 5, 1 + n % 3),
            title=f"Report {n} {held[-1]}",
        )
        documents.append((f"doc-{n}", "v1", items))
    index.replace_documents(documents)
    return index


def test_keyword_search_word_by_word_ranks_as_one_full_text_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scores summed from each word's remembered scores are BM25 of all the words: the same
    results as one full-text match joined to the scope (the search before), whole, inside an
    outlet and inside an outlet and day, also where a common word is over the match budget."""
    import vectorstore.lexical as lexical

    index = newsroom_index(tmp_path / "kw.sqlite3")
    scopes = [
        SearchFilters(),
        SearchFilters(sources=("wire a",)),
        SearchFilters(sources=("The Verge", "Wire B"), since=date(2024, 5, 2)),
        SearchFilters(sources=("Wire B",), since=date(2024, 5, 3), until=date(2024, 5, 3)),
    ]
    queries = ["council budget harbour", "ferry fares mayor tunnel", "council vote", "budget"]
    for budget in (lexical.MATCH_BUDGET, 60):
        monkeypatch.setattr(lexical, "MATCH_BUDGET", budget)
        for query in queries:
            for scope in scopes:
                before = index._search_joined(query, k=12, filters=scope)
                now = index.search(query, k=12, filters=scope)
                assert [cid for cid, _ in now] == [cid for cid, _ in before]
                assert [score for _, score in now] == pytest.approx([s for _, s in before])
                assert len(now) == min(12, len(index._search_joined(query, k=999, filters=scope)))
    # Caches held to a few entries: words and scopes are read again, the results unchanged.
    monkeypatch.setattr(lexical, "TERM_CACHE_PAIRS", 50)
    monkeypatch.setattr(lexical, "SCOPE_CACHE_ROWS", 70)
    small = newsroom_index(tmp_path / "small.sqlite3")
    for query in queries:
        for scope in scopes:
            assert small.search(query, k=12, filters=scope) == index.search(
                query, k=12, filters=scope
            )
            assert small._term_pairs <= 50 or len(small._terms) == 1
            assert small._scope_rows <= 70 or len(small._scopes) == 1
    # The common words were left out at the small budget: fewer passages matched.
    monkeypatch.setattr(lexical, "MATCH_BUDGET", 60)
    pruned = index.matches("council budget harbour ferry fares mayor")
    assert 0 < len(pruned.rows) <= 60


def test_remembered_word_scores_follow_other_processes_writes(tmp_path: Path) -> None:
    index = newsroom_index(tmp_path / "kw.sqlite3")
    assert index.search("lighthouse", k=5) == []
    wire_a = SearchFilters(sources=("Wire A",))
    listed = index.scope(wire_a, limit=999)
    assert listed is not None and len(listed.rows) == 60
    other = KeywordIndex(tmp_path / "kw.sqlite3")  # another worker's connection
    items = passages("late", ["The lighthouse keeper and the council."], source="Wire A")
    other.replace_document("late", "v1", items)
    assert [cid for cid, _ in index.search("lighthouse", k=5)] == [items[0].chunk_id]
    relisted = index.scope(wire_a, limit=999)
    assert relisted is not None and len(relisted.rows) == 61
    other.delete_document("late")
    assert index.search("lighthouse council", k=200) == index._search_joined(
        "lighthouse council", k=200, filters=SearchFilters()
    )
    assert items[0].chunk_id not in {cid for cid, _ in index.search("council", k=200)}


def test_a_question_reads_each_word_once_and_a_repeated_one_none(
    tmp_path: Path, embedder: Embedder
) -> None:
    """The whole question, its outlets and its clauses share one full-text match per word;
    asked again before the index changes, no full-text match runs at all."""
    store, index = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder)
    question = (
        "Did The Verge report that the FTX trial was approaching on September 26, 2023, "
        "while TechCrunch reported the founder faces fraud charges?"
    )
    statements: list[str] = []
    index._db.set_trace_callback(statements.append)
    reading = search_query(question, index.source_keys())
    first = retriever.search(reading, top_k=5)
    ranked = [s for s in statements if "bm25(" in s]
    words = {
        term
        for text in [
            question,
            *(p.text for p in query_parts(question, ["the verge", "techcrunch"])),
        ]
        for term in content_terms(text)
    }
    assert len(ranked) == len(words)  # one per distinct word, not one per search
    statements.clear()
    assert retriever.search(reading, top_k=5) == first
    assert [s for s in statements if "MATCH" in s] == []


def test_remembered_scopes_are_counted_by_what_they_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vectorstore.lexical as lexical

    monkeypatch.setattr(lexical, "SCOPE_CACHE_ROWS", 70)
    index = newsroom_index(tmp_path / "kw.sqlite3")
    assert index.scope(SearchFilters(sources=("Wire A",)), limit=5) is None  # 6 rows read
    assert index.scope(SearchFilters(sources=("Wire B",)), limit=100) is not None  # 60
    assert index.scope(SearchFilters(sources=("The Verge",)), limit=100) is not None  # 60
    # Over 70: the oldest two are forgotten, each by the rows it was counted for.
    assert index._scope_rows == 60 and len(index._scopes) == 1


def test_searches_from_many_threads_rank_as_searches_one_at_a_time(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Each search ranks its keyword side in a worker thread while it encodes; Telegram runs
    several searches at once, so the workers and the index's one connection are shared."""
    store, index = build(tmp_path, embedder)
    retriever = HybridRetriever(store, index, embedder)
    questions = [
        "Did The Verge report that the FTX trial was approaching on September 26, 2023, "
        "while TechCrunch reported the founder faces fraud charges?",
        "Which startup raised money for electric ferries?",
        "When does the FTX trial open, according to prosecutors?",
        "What verdict did the jury reach?",
    ]

    def ranked(question: str) -> list[str]:
        hits = retriever.search(search_query(question, index.source_keys()), top_k=5)
        return [hit.passage.chunk_id for hit in hits]

    alone = [ranked(question) for question in questions]
    assert all(alone)
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(ranked, questions * 4))
    assert together == alone * 4


def test_a_scope_too_large_to_list_is_ranked_from_the_whole_ranking(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BM25 does not depend on the scope: the best inside it are the first inside the whole
    ranking, so no full-text match joined to the scope (a cost that grows with the index)
    runs unless the over-fetched ones hold too few."""
    store, index = build(tmp_path, embedder)
    scope = SearchFilters(sources=("techcrunch",))
    text = "FTX founder trial fraud"
    joined = [cid for cid, _ in index._search_joined(text, k=3, filters=scope)]
    assert len(joined) == 1  # tc-1; tc-2 holds none of the words
    statements: list[str] = []
    index._db.set_trace_callback(statements.append)

    deep = HybridRetriever(store, index, embedder, scope_budget=1, overfetch=50)
    assert deep._keyword_rankings([(text, scope, 3)], {scope: None}) == [joined]
    assert not [s for s in statements if "MATCH" in s and "JOIN chunks" in s]

    # Over-fetching the best three of four matches finds one inside: the scope is searched.
    searched: list[SearchFilters | None] = []
    search = index.search
    monkeypatch.setattr(
        index, "search", lambda *a, **kw: searched.append(kw["filters"]) or search(*a, **kw)
    )
    assert deep._keyword_rankings([(text, scope, 3)], {scope: None}) == [joined]
    assert searched == []
    shallow = HybridRetriever(store, index, embedder, scope_budget=1, overfetch=1)
    assert shallow._keyword_rankings([(text, scope, 3)], {scope: None}) == [joined]
    assert searched == [scope]
