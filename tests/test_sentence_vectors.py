"""Sentence vectors computed at ingestion and read by answers: the same vectors the encoder
gives, never another encoder's, and answers exactly as if every sentence were encoded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.answering.text_vectors import TextVectors
from bot.services import Newsbot
from bot.settings import Settings
from tests.conftest import SAMPLES
from tests.test_answer_caches import CountingEncoder
from vectorstore.embeddings import Embedder
from vectorstore.sentence_vectors import SentenceVectors, embeddable_sentences, texts_of

SENTENCES = [
    "Zelmar Airlines grounded all 23 of its aircraft, affecting 4,100 passengers.",
    "The bridge, opened in 1962, carries about 38,000 vehicles a day.",
    "Mayor Ingrid Solberg said the harbour would reopen on Monday.",
]
QUESTIONS = [
    "Who captured Saraqeb?",
    "What weapon did insurgents use for the first time?",
    "How many passengers were affected by the Zelmar grounding?",
    "Who is the mayor of Port Lenwick?",
]


def _harbour_article() -> dict[str, str]:
    """A short wire report of the three `SENTENCES`."""
    return {
        "url": "https://wire.example/harbour",
        "title": "Harbour to reopen",
        "published": "2026-03-02",
        "source": "Wire",
        "text": " ".join(SENTENCES),
    }


def _vectors(n: int, dimension: int = 8, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, dimension)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _half(vector: np.ndarray) -> np.ndarray:
    return vector.astype(np.float16).astype(np.float32)


def test_vectors_come_back_by_text(tmp_path: Path) -> None:
    store = SentenceVectors(tmp_path / "s.sentences", "model (onnx-int8)")
    vectors = _vectors(3)
    store.put(dict(zip(SENTENCES, vectors, strict=True)))
    found = store.get([SENTENCES[2], "never stored", SENTENCES[0], SENTENCES[2]])
    assert set(found) == {SENTENCES[0], SENTENCES[2]}
    # Stored as float16: within its rounding of each component.
    np.testing.assert_array_equal(found[SENTENCES[0]], _half(vectors[0]))
    np.testing.assert_array_equal(found[SENTENCES[2]], _half(vectors[2]))
    assert found[SENTENCES[0]].dtype == np.float32
    assert store.missing(["new", SENTENCES[1], "new", "other"]) == ["new", "other"]
    # Storing a text again keeps the first vector: a text's vector does not change.
    store.put({SENTENCES[0]: vectors[1]})
    np.testing.assert_array_equal(store.get([SENTENCES[0]])[SENTENCES[0]], _half(vectors[0]))
    assert store.count() == 3


def test_another_encoders_vectors_are_never_read_and_its_writes_start_afresh(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sentences"
    int8 = SentenceVectors(path, "model (onnx-int8)")
    int8.put(dict(zip(SENTENCES, _vectors(3), strict=True)))
    torch = SentenceVectors(path, "model (torch)")
    assert torch.get(SENTENCES) == {}
    assert torch.missing(SENTENCES[:2]) == SENTENCES[:2]
    torch.put({SENTENCES[0]: _vectors(1, seed=1)[0]})
    assert torch.count() == 1
    # The int8 reader opened before the torch write sees that the file is not its own now.
    assert int8.get(SENTENCES) == {}


def test_a_reader_opened_before_the_first_ingestion_reads_what_it_wrote(tmp_path: Path) -> None:
    path = tmp_path / "s.sentences"
    reader = SentenceVectors(path, "model (onnx-int8)")
    assert reader.get(SENTENCES) == {}
    SentenceVectors(path, "model (onnx-int8)").put({SENTENCES[1]: _vectors(1)[0]})
    assert set(reader.get(SENTENCES)) == {SENTENCES[1]}


def test_a_damaged_file_is_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "s.sentences"
    path.write_bytes(b"not a database at all" * 100)
    store = SentenceVectors(path, "model (onnx-int8)")
    assert store.get(SENTENCES) == {}
    store.put({SENTENCES[0]: _vectors(1)[0]})
    assert set(SentenceVectors(path, "model (onnx-int8)").get(SENTENCES)) == {SENTENCES[0]}


def test_vectors_of_another_dimension_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "s.sentences"
    store = SentenceVectors(path, "model (onnx-int8)")
    store.put({SENTENCES[0]: _vectors(1, dimension=8)[0]})
    store.put({SENTENCES[1]: _vectors(1, dimension=4)[0]})  # a new model under the old name
    assert set(store.get(SENTENCES)) == {SENTENCES[1]}


def test_embeddable_sentences_are_those_an_answer_may_quote() -> None:
    text = "Fighting resumed. Rebels said they had taken the town of Saraqeb on Monday. Ok."
    assert embeddable_sentences(text) == [
        "Rebels said they had taken the town of Saraqeb on Monday."
    ]


def test_ingestion_stores_what_the_encoder_gives(newsbot: Newsbot, embedder: Embedder) -> None:
    newsbot.ingestor().ingest([SAMPLES])
    stored = newsbot.sentence_vectors(newsbot.keyword_index())
    passages = list(newsbot.store().iter_passages())
    texts = list(dict.fromkeys(text for p in passages for text in texts_of(p)))
    found = stored.get(texts)
    assert set(found) == set(texts)
    np.testing.assert_allclose(
        np.stack([found[t] for t in texts]), embedder.encode_passages(texts), rtol=0, atol=5e-4
    )


def test_an_edited_article_encodes_only_its_new_sentences(tmp_path: Path, newsbot: Newsbot) -> None:
    article = _harbour_article()
    dump = tmp_path / "wire.jsonl"
    dump.write_text(json.dumps(article), encoding="utf-8")
    newsbot.ingestor().ingest([dump])
    stored = newsbot.sentence_vectors(newsbot.keyword_index())
    before = stored.count()
    edited = "The ferry service resumed with three crossings a day from Tuesday."
    article["text"] = " ".join([*SENTENCES, edited])
    dump.write_text(json.dumps(article), encoding="utf-8")
    report = newsbot.ingestor().ingest([dump])
    assert report.updated == 1
    assert stored.count() == before + 1
    assert set(stored.get([edited, *SENTENCES])) == {edited, *SENTENCES}


@pytest.fixture
def two_stores(tmp_path: Path) -> tuple[Newsbot, Newsbot]:
    """The samples ingested twice: with their sentences' vectors, and without."""
    stored = Newsbot(Settings(data_dir=tmp_path / "stored"))
    bare = Newsbot(Settings(data_dir=tmp_path / "bare", ingest_sentence_vectors=False))
    for newsbot in (stored, bare):
        newsbot.ingestor().ingest([SAMPLES])
    return stored, bare


def test_answers_read_stored_sentences_and_answer_as_if_they_encoded_them(
    two_stores: tuple[Newsbot, Newsbot],
) -> None:
    stored, bare = two_stores
    assert bare.sentence_vectors(bare.keyword_index()).count() == 0
    counted = {}
    for name, newsbot in (("stored", stored), ("bare", bare)):
        qa = newsbot.qa()
        encoder = CountingEncoder(qa.answerer.embedder)
        qa.answerer.sentence_vectors = TextVectors(
            encoder, size=64, stored=newsbot.sentence_vectors(newsbot.keyword_index()).get
        )
        answers = [qa.ask(q) for q in QUESTIONS]
        counted[name] = (encoder.calls, [(a.text, a.refused, a.why) for a in answers])
    (stored_calls, stored_answers), (bare_calls, bare_answers) = counted["stored"], counted["bare"]
    assert stored_answers == bare_answers
    assert any(not refused for _, refused, _ in stored_answers)
    assert bare_calls  # without stored vectors, the answers encoded their sentences
    assert [texts for texts in stored_calls if texts] == []


def test_a_sweep_keeps_only_the_live_texts_and_forgets_the_stale_count(tmp_path: Path) -> None:
    store = SentenceVectors(tmp_path / "s.sentences", "model (onnx-int8)")
    store.put(dict(zip(SENTENCES, _vectors(3), strict=True)))
    store.forget(3)
    store.forget(2)
    assert store.stale() == 5
    assert store.sweep(iter([SENTENCES[1], "never stored"])) == 2
    assert set(store.get(SENTENCES)) == {SENTENCES[1]}
    assert store.stale() == 0


def test_removed_articles_sentences_are_swept_once_enough_has_changed(
    tmp_path: Path, newsbot: Newsbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        {
            "url": f"https://wire.example/{n}",
            "title": f"Report {n}",
            "published": "2026-03-02",
            "source": "Wire",
            "text": text,
        }
        for n, text in enumerate(SENTENCES)
    ]
    dump = tmp_path / "wire.jsonl"
    dump.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    newsbot.ingestor().ingest([dump])
    stored = newsbot.sentence_vectors(newsbot.keyword_index())
    assert set(stored.get(SENTENCES)) == set(SENTENCES)
    dump.write_text("\n".join(json.dumps(a) for a in articles[1:]), encoding="utf-8")
    # Below the sweep's threshold the removed article's vectors stay (unused, never wrong).
    newsbot.ingestor().ingest([dump], prune=True)
    assert stored.stale() == 1
    assert set(stored.get(SENTENCES)) == set(SENTENCES)
    monkeypatch.setattr("ingest.pipeline.SWEEP_MIN_PASSAGES", 1)
    newsbot.ingestor().ingest([dump])
    assert set(stored.get(SENTENCES)) == set(SENTENCES[1:])
    assert set(stored.get(["Report 1", "Report 2"])) == {"Report 1", "Report 2"}
    assert stored.stale() == 0


class _Recorder:
    """A progress listener that keeps what it was told."""

    def __init__(self) -> None:
        self.stages: list[str] = []
        self.planned_total = 0
        self.embedded_total = 0

    def stage(self, text: str) -> None:
        self.stages.append(text)

    def started(self, files: int) -> None:
        pass

    def file_done(self, source: str) -> None:
        pass

    def planned(self, passages: int) -> None:
        self.planned_total += passages

    def embedded(self, passages: int) -> None:
        self.embedded_total += passages

    def failed(self, error: object) -> None:
        pass


def _all_texts(newsbot: Newsbot) -> list[str]:
    passages = list(newsbot.store().iter_passages())
    return list(dict.fromkeys(text for p in passages for text in texts_of(p)))


def _catching_up(recorder: _Recorder) -> bool:
    return any("ingested before" in stage for stage in recorder.stages)


def test_a_store_ingested_without_sentence_vectors_gets_them_at_its_next_ingestion(
    tmp_path: Path,
) -> None:
    """An older store (or one ingested with them off) has its sentences stored by the next
    ingestion, even one that finds nothing new, once: the one after reads nothing again."""
    bare = Newsbot(Settings(data_dir=tmp_path, ingest_sentence_vectors=False))
    bare.ingestor().ingest([SAMPLES])
    newsbot = Newsbot(Settings(data_dir=tmp_path))
    stored = newsbot.sentence_vectors(newsbot.keyword_index())
    assert stored.count() == 0
    first = _Recorder()
    report = newsbot.ingestor().ingest([SAMPLES], progress=first)
    assert report.added == report.updated == 0
    texts = _all_texts(newsbot)
    assert set(stored.get(texts)) == set(texts)
    assert _catching_up(first)
    assert first.embedded_total == first.planned_total == newsbot.store().count()
    again = _Recorder()
    newsbot.ingestor().ingest([SAMPLES], progress=again)
    assert not _catching_up(again) and again.planned_total == 0


def test_documents_another_process_wrote_are_caught_up_alone(tmp_path: Path) -> None:
    """A document written since the last run by a process that stored no sentence vectors
    is the only one read back (the change feed names it), not the whole store."""
    newsbot = Newsbot(Settings(data_dir=tmp_path))
    newsbot.ingestor().ingest([SAMPLES])
    article = _harbour_article()
    dump = tmp_path / "other.jsonl"
    dump.write_text(json.dumps(article), encoding="utf-8")
    other = Newsbot(Settings(data_dir=tmp_path, ingest_sentence_vectors=False))
    other.ingestor().ingest([dump])
    stored = newsbot.sentence_vectors(newsbot.keyword_index())
    assert stored.get(SENTENCES) == {}
    recorder = _Recorder()
    newsbot.ingestor().ingest([SAMPLES], progress=recorder)
    assert set(stored.get(SENTENCES)) == set(SENTENCES)
    written = len(newsbot.store().document_passages("https://wire.example/harbour"))
    assert recorder.planned_total == recorder.embedded_total == written
    texts = _all_texts(newsbot)
    assert set(stored.get(texts)) == set(texts)
