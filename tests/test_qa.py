"""Answers and refusals from the real model over real Chroma."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.qa import REFUSAL_TEXT, EmptyQuestion, QAService
from bot.services import Newsbot
from bot.settings import Settings
from tests.conftest import SAMPLES, WIRE_ARTICLES
from vectorstore.embeddings import Embedder
from vectorstore.records import SearchFilters


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> QAService:
    """One store for the whole module: answering does not change it."""
    root = tmp_path_factory.mktemp("qa")
    dump = root / "wire.jsonl"
    dump.write_text("\n".join(json.dumps(a) for a in WIRE_ARTICLES), encoding="utf-8")
    newsbot = Newsbot(Settings(data_dir=root / "data"))
    report = newsbot.ingestor().ingest([SAMPLES, dump])
    assert report.added == 4
    return newsbot.qa()


@pytest.mark.parametrize(
    ("question", "expected_quote"),
    [
        ("who captured Saraqeb?", "seized Saraqeb"),
        ("How many people were killed at Aleppo's university?", "killing four people"),
        ("Who took control of Saraqeb?", "seized Saraqeb"),
        ("What did the Kremlin say about the attack?", "Kremlin condemned the attack"),
        ("How many locations did the insurgents control?", "controlled 70 locations"),
        ("What did Dareen Khalifa attribute the advance to?", "distractions facing Russia"),
        ("What was destroyed at the airbase?", "destroyed a military helicopter"),
        ("How much did the bridge repairs cost?", "41 million euros"),
        ("How many pages did volunteers scan?", "90,000 pages"),
        ("What did growers do to protect the buds?", "lit candles"),
    ],
)
def test_answers_cite_the_supporting_sentence(
    qa: QAService, question: str, expected_quote: str
) -> None:
    answer = qa.ask(question)
    assert not answer.refused, answer
    assert answer.citations
    assert expected_quote in answer.citations[0].quote
    for citation in answer.citations:
        assert citation.quote in citation.passage.text  # verbatim
        assert f"[{citation.n}]" in answer.text
        assert citation.quote in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Who won the 2022 World Cup?",
        "What is the price of bread in Aleppo?",
        "Who is the president of France?",
        "Did the insurgents use chemical weapons?",
        "How many people died in the earthquake in Japan?",
        "What did Emmanuel Macron say about the bridge?",
        # On topic, but the figure asked for is not in the reports:
        "What is the city library's annual budget?",
        "What did the growers spend on candles?",
        # ... a count of something else, no name where one is asked for, not the thing owned:
        "How many newspapers did volunteers scan?",
        "Which group lit candles in the vineyards?",
        "Where is the wine board's headquarters?",
        "Who was the city library's architect?",
    ],
)
def test_questions_the_reports_do_not_cover_are_refused(qa: QAService, question: str) -> None:
    answer = qa.ask(question)
    assert answer.refused, answer.text
    assert answer.text == REFUSAL_TEXT
    assert answer.citations == ()
    assert 0 < len(answer.related) <= 3


def test_filters_restrict_the_evidence(qa: QAService) -> None:
    gazette_only = SearchFilters(sources=("Valley Gazette",))
    answer = qa.ask("How much did the bridge repairs cost?", filters=gazette_only)
    assert all(c.passage.source == "Valley Gazette" for c in answer.citations)
    assert all(h.passage.source == "Valley Gazette" for h in answer.related)

    hits = qa.search("archive", filters=SearchFilters(since=date(2024, 5, 1)))
    assert {h.passage.title for h in hits} == {"City library opens its newspaper archive"}


def test_timings_are_reported(qa: QAService) -> None:
    answer = qa.ask("who captured Saraqeb?")
    assert set(answer.timings_ms) == {"retrieve", "answer"}
    assert all(value >= 0 for value in answer.timings_ms.values())


@pytest.mark.parametrize("question", ["", "   ", "\n"])
def test_empty_question_is_an_error(qa: QAService, question: str) -> None:
    with pytest.raises(EmptyQuestion):
        qa.ask(question)


def test_langchain_retriever_adapter(qa: QAService) -> None:
    from vectorstore.langchain_adapter import NewsRetriever

    retriever = NewsRetriever(retriever=qa.retriever, top_k=2)
    documents = retriever.invoke("who captured Saraqeb?")
    assert len(documents) == 2
    assert any("seized Saraqeb" in d.page_content for d in documents)
    assert documents[0].metadata["chunk_id"] and "score" in documents[0].metadata
