"""Each common word's best passages kept in the keyword index (issue 16): a question reads at
most `POSTINGS_DEPTH` rows of a word however many passages hold it, and the lists follow
every write, this process's or another's, and are built for an index written before them.

Real SQLite files on tmp_path; the thresholds are lowered so that 180 reports have common
words ("council" is in every one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import vectorstore.lexical as lexical
from tests.test_scoped_retrieval import newsroom_index
from tests.test_store import passages
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import SearchFilters

DEPTH = 40


@pytest.fixture
def small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical, "POSTINGS_MIN_DF", 20)
    monkeypatch.setattr(lexical, "POSTINGS_DEPTH", DEPTH)


def read_word(index: KeywordIndex, word: str) -> tuple[np.ndarray, np.ndarray]:
    with index._session():
        index._check_version()
        return index._term_scores(word)


def full_match(index: KeywordIndex, query: str, k: int) -> list[tuple[str, float]]:
    return index._search_joined(query, k=k, filters=SearchFilters())


def test_a_common_word_is_read_from_its_best_passages_only(
    tmp_path: Path, small_lists: None
) -> None:
    index = newsroom_index(tmp_path / "kw.sqlite3")
    assert len(read_word(index, "council")[0]) == DEPTH  # in all 180 reports
    assert len(read_word(index, "harbour")[0]) == 20  # in 20: not common, read whole
    # Its best passages are the full-text match's, with the same scores.
    for query in ("council", "budget", "Councils"):
        now = index.search(query, k=10)
        before = full_match(index, query, 10)
        assert [cid for cid, _ in now] == [cid for cid, _ in before]
        assert [s for _, s in now] == pytest.approx([s for _, s in before], rel=1e-5)


def test_word_lists_follow_writes_here_and_in_other_processes(
    tmp_path: Path, small_lists: None
) -> None:
    index = newsroom_index(tmp_path / "kw.sqlite3")
    best_before = index.search("council", k=1)[0][0]
    other = KeywordIndex(tmp_path / "kw.sqlite3")  # another worker's connection
    late = passages("late", ["Council council council."], source="Wire A", title="Council")
    other.replace_document("late", "v1", late)
    assert index.search("council", k=1)[0][0] == late[0].chunk_id  # written after the build
    # A deleted passage is never found again, though its row is in the list.
    with index._session() as db:
        (doc_of_best,) = db.execute(
            "SELECT doc_id FROM chunks WHERE chunk_id = ?", (best_before,)
        ).fetchone()
    other.delete_document(doc_of_best)
    assert best_before not in {cid for cid, _ in index.search("council", k=200)}
    # The last row deleted and a passage written: SQLite gives the row number out again (it
    # is in the lists, with the old text's scores), and the new passage is found as new.
    other.delete_document("late")
    again = passages("again", ["Council council council council."], title="Council")
    other.replace_document("again", "v1", again)
    with index._session():
        rows = {cid: row for cid, row in index._db.execute("SELECT chunk_id, rowid FROM chunks")}
    assert rows[again[0].chunk_id] == 181
    assert index.search("council", k=1)[0][0] == again[0].chunk_id
    assert [cid for cid, _ in index.search("council", k=10)] == [
        cid for cid, _ in full_match(index, "council", 10)
    ]


def test_word_lists_are_built_again_after_many_writes(tmp_path: Path, small_lists: None) -> None:
    index = newsroom_index(tmp_path / "kw.sqlite3")
    with index._session():
        built_at = index._counter("postings_upto")
    for n in range(21):  # one more than POSTINGS_MIN_DF rows written since the build
        index.replace_document(f"new-{n}", "v1", passages(f"new-{n}", [f"council news {n}"]))
    with index._session():
        assert index._counter("postings_upto") == index._last_row() > (built_at or 0)
        assert index._counter("postings_deleted") == 0
    assert len(read_word(index, "council")[0]) == DEPTH


def test_an_index_written_before_word_lists_gets_them_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kw.sqlite3"
    index = newsroom_index(path)  # default thresholds: no word is common in 180 reports
    assert len(read_word(index, "council")[0]) == 180
    # What an older newsbot left: no lists, no counters of them.
    index._db.executescript(
        "DROP TABLE term_postings; DROP TABLE postings_deleted;"
        " DELETE FROM counters WHERE name LIKE 'postings%';"
    )
    index.close()
    monkeypatch.setattr(lexical, "POSTINGS_MIN_DF", 20)
    monkeypatch.setattr(lexical, "POSTINGS_DEPTH", DEPTH)
    monkeypatch.setattr(lexical, "NOTIFY_POSTINGS_ROWS", 100)
    told: list[str] = []
    reopened = KeywordIndex(path, notify=told.append)
    assert len(told) == 1 and "180 passages" in told[0]
    assert len(read_word(reopened, "council")[0]) == DEPTH
    assert reopened.search("council", k=10) == newsroom_index(tmp_path / "new.sqlite3").search(
        "council", k=10
    )
    # Other settings (a deeper list) rebuild them too; an index already current is left alone.
    monkeypatch.setattr(lexical, "POSTINGS_DEPTH", 2 * DEPTH)
    deeper = KeywordIndex(path, notify=told.append)
    assert len(told) == 2 and len(read_word(deeper, "council")[0]) == 2 * DEPTH
    KeywordIndex(path, notify=told.append)
    assert len(told) == 2


def test_an_ingestion_builds_the_word_lists_once_at_its_end(
    tmp_path: Path, small_lists: None, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch after batch, the index grows by more than a tenth many times over: building the
    lists after each such batch cost eleven builds of the whole index on the way up."""
    from bot.services import Newsbot
    from bot.settings import Settings
    from tests.follow_articles import dump

    builds: list[int] = []
    real = KeywordIndex._word_lists

    def counted(index: KeywordIndex, db: Any) -> list[tuple[str, int, bytes, bytes]]:
        builds.append(1)
        return real(index, db)

    monkeypatch.setattr(KeywordIndex, "_word_lists", counted)
    reports = [
        {
            "url": f"https://example.org/council-{n}",
            "title": f"Council meeting {n}",
            "source": "Harbour Post",
            "published_at": "2024-12-05",
            "body": f"The council met on day {n} to discuss the budget of district {n}.",
        }
        for n in range(120)
    ]
    newsbot = Newsbot(Settings(data_dir=tmp_path / "data", ingest_batch=8))
    ingestor = newsbot.ingestor()
    ingestor.hold_passages = 8  # fifteen writes, each more than a tenth of what came before
    report = ingestor.ingest([dump(tmp_path / "reports.jsonl", *reports)])
    assert report.added == 120
    assert len(builds) == 1
    index = newsbot.keyword_index()
    assert len(read_word(index, "council")[0]) == DEPTH  # built over every report
