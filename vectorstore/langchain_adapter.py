"""A LangChain `BaseRetriever` over newsbot's hybrid retriever, for use in any LangChain chain."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from vectorstore.records import Hit, SearchFilters
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

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.retriever.search(query, top_k=self.top_k, filters=self.filters)
        return [hit_to_document(hit) for hit in hits]
