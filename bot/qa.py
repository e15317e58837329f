"""The QA service: retrieve, answer, check every citation, or refuse."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.answers import Answer, Citation
from bot.extractive import Draft, ExtractiveAnswerer
from vectorstore.errors import NewsbotError
from vectorstore.records import Hit, SearchFilters
from vectorstore.retriever import HybridRetriever

__all__ = ["REFUSAL_TEXT", "EmptyQuestion", "QAService"]

REFUSAL_TEXT = "I can't answer that from the ingested reports: none of them covers it."
RELATED_COUNT = 3


class EmptyQuestion(NewsbotError):
    """The question or query has no words."""


class QAService:
    """Answers questions over the store; the one place CLI and Telegram call into."""

    def __init__(
        self, retriever: HybridRetriever, answerer: ExtractiveAnswerer, *, top_k: int = 5
    ) -> None:
        self.retriever = retriever
        self.answerer = answerer
        self.top_k = top_k

    def search(
        self, query: str, *, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> list[Hit]:
        _require_words(query)
        return self.retriever.search(query, top_k=top_k or self.top_k, filters=filters)

    def ask(
        self, question: str, *, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> Answer:
        _require_words(question)
        started = time.perf_counter()
        vector = self.retriever.embedder.encode_query(question)
        hits = self.retriever.search(
            question, top_k=top_k or self.top_k, filters=filters, query_vector=vector
        )
        retrieved = time.perf_counter()
        draft = self.answerer.answer(question, hits, vector)
        answered = time.perf_counter()
        timings = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "answer": round((answered - retrieved) * 1000, 1),
        }
        return _compose(question, draft, hits, timings)


def _require_words(text: str) -> None:
    if not text or not text.strip():
        raise EmptyQuestion("the question is empty")


def _compose(question: str, draft: Draft, hits: Sequence[Hit], timings: dict[str, float]) -> Answer:
    # Never show a quote the stored passage does not contain word for word.
    verified = [s for s in draft.sentences if s.text and s.text in s.hit.passage.text]
    citations = tuple(
        Citation(n=n, quote=s.text, passage=s.hit.passage, score=round(s.score, 4))
        for n, s in enumerate(verified, start=1)
    )
    if draft.refused or not citations:
        return Answer(
            question=question,
            text=REFUSAL_TEXT,
            refused=True,
            related=tuple(hits[:RELATED_COUNT]),
            timings_ms=timings,
        )
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    if draft.lead:
        # The lead is only shown with the citations whose quotes contain it.
        markers = "".join(f"[{c.n}]" for c in citations if draft.lead in c.quote)
        if markers:
            text = f"{draft.lead} {markers}. {text}"
    return Answer(
        question=question, text=text, refused=False, citations=citations, timings_ms=timings
    )
