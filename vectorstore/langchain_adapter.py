"""A LangChain `BaseRetriever` over newsbot's hybrid retriever, for use in any LangChain chain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from vectorstore.records import Hit, SearchFilters, SearchQuery
from vectorstore.retriever import HybridRetriever

__all__ = ["NewsRetriever", "hit_to_document"]


def hit_to_document(hit: Hit) -> Document:
    passage = hit.passage
    metadata: dict[str, Any] = {
        "chunk_id": passage.chunk_id,
        "doc_id": passage.doc_id,
        "title": passage.title,
        "source": passage.source,
        "url": passage.url,
        "published": passage.published.isoformat() if passage.published else None,
        "start": passage.start,
        "end": passage.end,
        "score": hit.score,
        "similarity": hit.similarity,
    }
    return Document(page_content=passage.text, metadata=metadata, id=passage.chunk_id)


class NewsRetriever(BaseRetriever):
    """Hybrid dense + BM25 retrieval over a newsbot store, as LangChain `Document`s."""

    retriever: HybridRetriever
    top_k: int = 5
    filters: SearchFilters | None = None
    # How a question is read into searches (the outlets and clauses it names): newsbot's
    # `bot.answering.clauses.search_query` with the store's outlets; None searches it whole.
    reading: Callable[[str], SearchQuery] | None = None

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        searched = self.reading(query) if self.reading is not None else query
        hits = self.retriever.search(searched, top_k=self.top_k, filters=self.filters)
        return [hit_to_document(hit) for hit in hits]
