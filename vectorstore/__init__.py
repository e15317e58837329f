"""Embeddings, the Chroma passage store, the keyword index and hybrid retrieval."""

from vectorstore.embeddings import BUNDLED_MODEL, Embedder
from vectorstore.errors import (
    EmbeddingModelError,
    EmbeddingModelMismatch,
    NewsbotError,
    StoreError,
    StoreNotFound,
    StoreUnavailable,
)
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Hit, Passage, SearchFilters, chunk_id_for
from vectorstore.retriever import HybridRetriever, reciprocal_rank_fusion, sync_keyword_index
from vectorstore.store import DocumentState, DocumentSummary, PassageStore, open_chroma_client

__all__ = [
    "BUNDLED_MODEL",
    "DocumentState",
    "DocumentSummary",
    "Embedder",
    "EmbeddingModelError",
    "EmbeddingModelMismatch",
    "Hit",
    "HybridRetriever",
    "KeywordIndex",
    "NewsbotError",
    "Passage",
    "PassageStore",
    "SearchFilters",
    "StoreError",
    "StoreNotFound",
    "StoreUnavailable",
    "chunk_id_for",
    "open_chroma_client",
    "reciprocal_rank_fusion",
    "sync_keyword_index",
]
