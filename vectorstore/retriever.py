"""Hybrid retrieval: dense (Chroma) and keyword (BM25) candidates fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex, KeywordIndexReset
from vectorstore.near_duplicates import collapse
from vectorstore.query_parts import QueryPart, named_sources, query_parts
from vectorstore.records import Hit, SearchFilters
from vectorstore.store import PassageStore

__all__ = [
    "HybridRetriever",
    "diversify",
    "reciprocal_rank_fusion",
    "sync_keyword_index",
]

# Tuned on the MultiHop-RAG dev set (docs/evaluation.md): a smaller k than the customary 60
# trusts the first ranks more, and BM25 earns a higher weight on news, where names and
# figures decide relevance.
RRF_K = 10
KEYWORD_WEIGHT = 1.5
# A clause's rankings count half as much as the whole question's: a clause is a narrower view,
# its own best passage is kept among the results anyway (see `_promote`).
PART_WEIGHT = 0.5


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    *,
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> dict[str, float]:
    """Fuse ranked id lists: each id scores the sum of weight / (k + rank) over the lists."""
    fused: dict[str, float] = {}
    for position, ranking in enumerate(rankings):
        weight = weights[position] if weights else 1.0
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def sync_keyword_index(store: PassageStore, index: KeywordIndex, *, thorough: bool = True) -> bool:
    """Bring the keyword index in line with Chroma; True if anything had to change.

    Documents are compared by content hash, so a change another worker made through a shared
    Chroma server is picked up even when the passage count stays the same. Only the documents
    that differ are re-indexed; a missing or mostly stale index is rebuilt whole.

    Reading every document's hash takes minutes at a million passages. Where only this data
    directory's ingestions write (embedded Chroma, whose ingestions update the index in the
    same step), `thorough=False` compares passage counts only: a write interrupted between
    Chroma and the index changes the counts; an interrupted update the next ingestion repairs.

    A damaged index file found on the way has been emptied (`KeywordIndexReset`): it is
    rebuilt whole.
    """
    try:
        return _sync(store, index, thorough=thorough)
    except KeywordIndexReset:
        index.rebuild(store.iter_passages())
        return True


def _sync(store: PassageStore, index: KeywordIndex, *, thorough: bool) -> bool:
    if not thorough and index.count() == store.count():
        return False
    stored = store.document_versions()
    indexed = index.document_hashes()
    if stored == indexed and index.count() == store.count():
        return False
    stale = [doc for doc, version in stored.items() if indexed.get(doc) != version]
    gone = [doc for doc in indexed if doc not in stored]
    if len(stale) + len(gone) > max(len(stored), 1) // 2:
        index.rebuild(store.iter_passages())
        return True
    for doc in gone:
        index.delete_document(doc)
    for doc in stale:
        index.replace_document(doc, stored[doc], store.document_passages(doc))
    if index.count() != store.count():  # orphaned passages: only a rebuild can tell
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
        per_source_candidates: int = 10,
        max_per_document: int = 2,
        keyword_weight: float = KEYWORD_WEIGHT,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.per_source_candidates = per_source_candidates
        self.max_per_document = max_per_document
        self.keyword_weight = keyword_weight

    def search(
        self,
        query: str,
        *,
        top_k: int = 5,
        filters: SearchFilters | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        try:
            return self._search(query, top_k=top_k, filters=filters, query_vector=query_vector)
        except KeywordIndexReset:  # the damaged index was emptied: rebuild it, search again
            sync_keyword_index(self.store, self.index)
            return self._search(query, top_k=top_k, filters=filters, query_vector=query_vector)

    def _search(
        self,
        query: str,
        *,
        top_k: int,
        filters: SearchFilters | None,
        query_vector: np.ndarray | None,
    ) -> list[Hit]:
        if not query.strip():
            return []
        vector = query_vector if query_vector is not None else self.embedder.encode_query(query)
        depth = max(self.candidates, top_k)
        dense_ids = [cid for cid, _ in self.store.query(vector, k=depth, filters=filters)]
        keyword_ids = [cid for cid, _ in self.index.search(query, k=depth, filters=filters)]
        rankings = [dense_ids, keyword_ids]
        weights = [1.0, self.keyword_weight]
        promoted: list[str] = []
        if filters is None or not filters.sources:
            # A question naming outlets ("Did The Verge report X before TechCrunch reported
            # Y?") needs evidence from each: retrieve within every named outlet too, and each
            # clause within the outlet it names (and around the day it names), or within all
            # the named outlets. Each clause's best passage is kept among the results; the
            # rankings of the clauses naming an outlet also join the fusion.
            outlets = named_sources(query, self.index.source_keys())
            for source in outlets:
                scoped = _within(SearchFilters(sources=(source,)), filters)
                rankings += self._rankings(query, vector, scoped, k=self.per_source_candidates)
                weights += [1.0, self.keyword_weight]
            clause_bests: list[str] = []
            for part, (dense, keyword) in self._part_rankings(query, outlets, filters):
                if part.names_outlet:
                    rankings += [dense, keyword]
                    weights += [PART_WEIGHT, PART_WEIGHT * self.keyword_weight]
                best = reciprocal_rank_fusion([dense, keyword], weights=[1.0, self.keyword_weight])
                if best:
                    (promoted if part.names_outlet else clause_bests).append(
                        max(best, key=best.__getitem__)
                    )
            # The outlet-naming clauses' passages first: they are what the question cites.
            promoted += clause_bests
        fused = reciprocal_rank_fusion(rankings, weights=weights)
        ranked = sorted(fused, key=fused.__getitem__, reverse=True)
        ranked = _promote(ranked, promoted, top_k=top_k, score=fused)[: top_k * 3]
        dense_rank = {cid: rank for rank, cid in enumerate(dense_ids, start=1)}
        keyword_rank = {cid: rank for rank, cid in enumerate(keyword_ids, start=1)}
        hits: list[Hit] = []
        # The keyword index may briefly lag or lead Chroma; ids Chroma lacks are dropped here.
        found = self.store.get(ranked, with_embeddings=True)
        # An ingestion may be writing right now: a document is shown only when every one of
        # its passages is stored at the version of the passage found, never half-written.
        complete = self.store.complete_versions([passage for passage, _ in found])
        for passage, embedding in found:
            if (passage.doc_id, passage.content_hash) not in complete:
                continue
            if filters and not filters.matches(passage):
                continue
            similarity = float(np.dot(vector, embedding)) if embedding is not None else 0.0
            hits.append(
                Hit(
                    passage=passage,
                    score=fused.get(passage.chunk_id, 0.0),
                    similarity=similarity,
                    dense_rank=dense_rank.get(passage.chunk_id),
                    keyword_rank=keyword_rank.get(passage.chunk_id),
                )
            )
        return diversify(collapse(hits), top_k=top_k, max_per_document=self.max_per_document)

    def _rankings(
        self, query: str, vector: np.ndarray, filters: SearchFilters | None, *, k: int
    ) -> list[list[str]]:
        """Dense and keyword rankings of one query under one filter."""
        return [
            [cid for cid, _ in self.store.query(vector, k=k, filters=filters)],
            [cid for cid, _ in self.index.search(query, k=k, filters=filters)],
        ]

    def _part_rankings(
        self, query: str, outlets: Sequence[str], filters: SearchFilters | None
    ) -> list[tuple[QueryPart, list[list[str]]]]:
        """Each clause with its dense and keyword rankings, inside its outlets and day."""
        parts = query_parts(query, outlets)
        if not parts:
            return []
        vectors = self.embedder.encode_queries([part.text for part in parts])
        return [
            (
                part,
                self._rankings(
                    part.text,
                    vectors[i],
                    _within(part.filters(), filters),
                    k=self.per_source_candidates,
                ),
            )
            for i, part in enumerate(parts)
        ]


def _within(scope: SearchFilters, filters: SearchFilters | None) -> SearchFilters:
    """`scope` narrowed by the caller's filters; the caller's dates win over a clause's day,
    and the caller's documents (if any) bound every scope."""
    if filters is None:
        return scope
    if filters.since or filters.until:
        scope = replace(scope, since=filters.since, until=filters.until)
    return replace(scope, doc_ids=filters.doc_ids) if filters.doc_ids else scope


def _promote(
    ranked: Sequence[str], promoted: Sequence[str], *, top_k: int, score: dict[str, float]
) -> list[str]:
    """`ranked` with the `promoted` ids moved into its first `top_k`, in score order there.

    At most half the slots are promoted, so a question of many clauses does not push the
    passages that match it best out of the results.
    """
    chosen = list(dict.fromkeys(promoted))[: top_k // 2]
    if not chosen:
        return list(ranked)
    taken = set(chosen)
    top = chosen + [cid for cid in ranked if cid not in taken][: top_k - len(chosen)]
    # A clause's best passage may have no fused score (clauses naming no outlet are not fused).
    top.sort(key=lambda cid: score.get(cid, 0.0), reverse=True)
    in_top = set(top)
    return top + [cid for cid in ranked if cid not in in_top]


def diversify(hits: Sequence[Hit], *, top_k: int, max_per_document: int) -> list[Hit]:
    """Top hits with at most `max_per_document` per article, unless too few articles remain.

    Slots left over (a corpus of one article, say) are filled in rank order, so diversity
    never costs recall.
    """
    chosen: list[Hit] = []
    per_doc: dict[str, int] = {}
    for hit in hits:
        if per_doc.get(hit.passage.doc_id, 0) < max_per_document:
            chosen.append(hit)
            per_doc[hit.passage.doc_id] = per_doc.get(hit.passage.doc_id, 0) + 1
    chosen_ids = {h.passage.chunk_id for h in chosen}
    chosen.extend(h for h in hits if h.passage.chunk_id not in chosen_ids)
    return chosen[:top_k]
