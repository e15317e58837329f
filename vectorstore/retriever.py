"""Hybrid retrieval: dense (Chroma) and keyword (BM25) candidates fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Hit, SearchFilters
from vectorstore.store import PassageStore

__all__ = ["HybridRetriever", "reciprocal_rank_fusion", "sync_keyword_index"]

# The constant from Cormack et al. (2009); it damps the gap between the first few ranks.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], *, k: int = RRF_K
) -> dict[str, float]:
    """Fuse ranked id lists: each id scores the sum of 1 / (k + rank) over the lists."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def sync_keyword_index(store: PassageStore, index: KeywordIndex) -> bool:
    """Rebuild the keyword index from Chroma when it is missing or disagrees; True if rebuilt."""
    if index.count() == store.count():
        return False
    index.rebuild(store.iter_passages())
    return True


class HybridRetriever:
    """Finds the passages that best match a query, under optional metadata filters."""

    def __init__(
        self,
        store: PassageStore,
        index: KeywordIndex,
        embedder: Embedder,
        *,
        candidates: int = 50,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.candidates = candidates

    def search(
        self,
        query: str,
        *,
        top_k: int = 5,
        filters: SearchFilters | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        if not query.strip():
            return []
        vector = query_vector if query_vector is not None else self.embedder.encode_query(query)
        depth = max(self.candidates, top_k)
        dense = self.store.query(vector, k=depth, filters=filters)
        keyword = self.index.search(query, k=depth, filters=filters)
        dense_ids = [cid for cid, _ in dense]
        keyword_ids = [cid for cid, _ in keyword]
        fused = reciprocal_rank_fusion([dense_ids, keyword_ids])
        ranked = sorted(fused, key=lambda cid: fused[cid], reverse=True)[: top_k * 2]
        dense_rank = {cid: rank for rank, cid in enumerate(dense_ids, start=1)}
        keyword_rank = {cid: rank for rank, cid in enumerate(keyword_ids, start=1)}
        hits: list[Hit] = []
        # The keyword index may briefly lag or lead Chroma; ids Chroma lacks are dropped here.
        for passage, embedding in self.store.get(ranked, with_embeddings=True):
            if filters and not filters.matches(passage):
                continue
            similarity = float(np.dot(vector, embedding)) if embedding is not None else 0.0
            hits.append(
                Hit(
                    passage=passage,
                    score=fused[passage.chunk_id],
                    similarity=similarity,
                    dense_rank=dense_rank.get(passage.chunk_id),
                    keyword_rank=keyword_rank.get(passage.chunk_id),
                )
            )
        return hits[:top_k]
