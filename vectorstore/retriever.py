"""Hybrid retrieval: dense (Chroma) and keyword (BM25) candidates fused by reciprocal rank."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import replace

import numpy as np

from vectorstore.embeddings import Embedder
from vectorstore.errors import NewsbotError
from vectorstore.lexical import KeywordIndex, KeywordIndexReset, Matches, ScopeRows
from vectorstore.near_duplicates import collapse
from vectorstore.records import Hit, QueryPart, SearchFilters, SearchQuery
from vectorstore.store import PassageStore, StoreChanges, now_ms
from vectorstore.vectors import MIN_CANDIDATES, PassageVectors, VectorIndex

__all__ = [
    "HybridRetriever",
    "StoreFollower",
    "diversify",
    "reciprocal_rank_fusion",
    "sync_keyword_index",
]

logger = logging.getLogger(__name__)

# Tuned on the MultiHop-RAG dev set (docs/evaluation.md): a smaller k than the customary 60
# trusts the first ranks more, and BM25 earns a higher weight on news, where names and
# figures decide relevance.
RRF_K = 10
KEYWORD_WEIGHT = 1.5
# A clause's rankings count half as much as the whole question's: a clause is a narrower view,
# its own best passage is kept among the results anyway (see `_promote`).
PART_WEIGHT = 0.5
# A scoped dense search computes exact similarity over at most this many passages (an outlet's
# share of a million-passage store from 60 outlets is about 17k); a larger scope over-fetches
# this many from an unfiltered query and keeps those inside it.
SCOPE_BUDGET = 40_000
OVERFETCH = 500
# Searches whose keyword side can run beside their encoding at once; more wait their turn.
KEYWORD_WORKERS = 4


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

    Reading every document's hash takes minutes at a million passages, so that is done once:
    after it, a `thorough` sync reads only the store's change feed since the last one
    (`PassageStore.changes_since`; the index keeps its cursor). Where only this data
    directory's ingestions write (embedded Chroma, whose ingestions update the index in the
    same step), `thorough=False` compares passage counts only: a write interrupted between
    Chroma and the index changes the counts; an interrupted update the next ingestion repairs.

    A damaged index file found on the way has been emptied (`KeywordIndexReset`): it is
    rebuilt whole.
    """
    try:
        return _sync(store, index, thorough=thorough)
    except KeywordIndexReset:
        started = now_ms()
        index.rebuild(store.iter_passages())
        if thorough:
            index.set_feed_cursor(started)
        return True


def _sync(store: PassageStore, index: KeywordIndex, *, thorough: bool) -> bool:
    if not thorough and index.count() == store.count():
        return False
    cursor = index.feed_cursor() if thorough else None
    if cursor is not None:
        changes = store.changes_since(cursor)
        if changes.complete:
            return _apply_changes(store, index, changes)
    started = now_ms()
    changed = _compare_everything(store, index)
    if thorough:
        index.set_feed_cursor(started)
    return changed


def _apply_changes(store: PassageStore, index: KeywordIndex, changes: StoreChanges) -> bool:
    """Re-index what the store's change feed lists (the cost grows with the changes, not the
    store). A document still being written is left for the next look: the cursor stays at
    its write time, so the next look reads it again."""
    gone = [doc for doc in changes.deleted if index.document_hash(doc) is not None]
    stale = [doc for doc, h in changes.written.items() if index.document_hash(doc) != h]
    whole = store.complete_documents(changes.written, stale)
    for doc in gone:
        index.delete_document(doc)
    index.replace_documents(
        [(doc, changes.written[doc], store.document_passages(doc)) for doc in stale if doc in whole]
    )
    index.set_feed_cursor(changes.resume_at(doc for doc in stale if doc not in whole))
    return bool(gone or whole)


def _compare_everything(store: PassageStore, index: KeywordIndex) -> bool:
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


class StoreFollower:
    """Keeps the keyword index and vectors in step with other processes' writes.

    Several bots or ingestion workers may share one Chroma server, each with its own keyword
    index. A long-running bot looks at the store's change marker (one small read, whatever
    the store's size) at most every `every` seconds; only when it moved does it compare the
    index with Chroma (`sync_keyword_index`) and copy the new passages' vectors, in a
    background thread, so no question waits for it. Until then questions are answered from
    the index as it was.
    """

    def __init__(
        self,
        store: PassageStore,
        index: KeywordIndex,
        vectors: PassageVectors | None,
        *,
        every: float,
        thorough: bool,
        seen: str | None = None,
        ann: VectorIndex | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.vectors = vectors
        self.ann = ann
        self.every = every
        self.thorough = thorough
        self._seen = seen if seen is not None else store.change_marker()
        self._next_look = time.monotonic() + every
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def poll(self) -> None:
        """Start a catch-up if it is time to look and the store changed since the last one."""
        now = time.monotonic()
        if now < self._next_look or not self._lock.acquire(blocking=False):
            return
        try:
            if self._worker is not None and self._worker.is_alive():
                return
            self._next_look = now + self.every
            marker = self.store.change_marker()
            if marker == self._seen:
                return
            self._worker = threading.Thread(
                target=self._catch_up, args=(marker,), name="newsbot-index-sync", daemon=True
            )
            self._worker.start()
        except NewsbotError as exc:  # the server is away: questions will say so themselves
            logger.warning("could not look for other workers' writes: %s", exc)
        finally:
            self._lock.release()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a catch-up in progress (tests, and shutting down cleanly)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _catch_up(self, marker: str) -> None:
        try:
            if not self.thorough and self.index.count() != self.store.count():
                # Embedded: an ingestion in this data directory is between its Chroma and its
                # keyword-index writes. Look again later rather than compare every document,
                # which reads through Chroma's client and so loads its whole vector index
                # into this process (`_DirectReader`); an interrupted ingestion is repaired
                # by the next ingestion or the next opening.
                return
            sync_keyword_index(self.store, self.index, thorough=self.thorough)
            if self.vectors is not None:
                self.vectors.fill_missing(self.store)
            if self.ann is not None:
                self.ann.update()
        except NewsbotError as exc:  # tried again at the next look
            logger.warning("could not catch up with other workers' writes: %s", exc)
            return
        self._seen = marker


# Passages of one article among the first results, before other articles' come. Long reports
# hold the answer in their third or fourth passage as often as in their first two: at 2,
# longform-tune's hits@10 was 0.902 (0.991 at 4) while multihop-dev, whose questions span
# articles, keeps 0.949-0.952 at 2 to 6 (docs/evaluation.md).
MAX_PER_DOCUMENT = 4


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
        max_per_document: int = MAX_PER_DOCUMENT,
        keyword_weight: float = KEYWORD_WEIGHT,
        scope_budget: int = SCOPE_BUDGET,
        overfetch: int = OVERFETCH,
        vectors: PassageVectors | None = None,
        follower: StoreFollower | None = None,
        ann: VectorIndex | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.vectors = vectors if vectors is not None else PassageVectors.beside(index)
        # Unscoped searches, once built (`VectorIndex.update`); until then Chroma answers them.
        self.ann = ann if ann is not None else VectorIndex.beside(self.vectors)
        self.scope_budget = scope_budget
        self.overfetch = overfetch
        self.follower = follower
        self.candidates = candidates
        self.per_source_candidates = per_source_candidates
        self.max_per_document = max_per_document
        self.keyword_weight = keyword_weight
        # Threads start on first use, one per search running at once (Telegram answers
        # several questions at a time), up to this many.
        self._keyword_workers = ThreadPoolExecutor(
            max_workers=KEYWORD_WORKERS, thread_name_prefix="newsbot-keyword"
        )

    def search(
        self,
        query: str | SearchQuery,
        *,
        top_k: int = 5,
        filters: SearchFilters | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """The best passages for `query`: a plain string is searched whole; a `SearchQuery`
        (the answering core's reading of a question) also inside each outlet it names and
        each of its clauses inside that clause's outlets and day."""
        if isinstance(query, str):
            query = SearchQuery(query)
        if self.follower is not None:
            self.follower.poll()
        try:
            return self._search(query, top_k=top_k, filters=filters, query_vector=query_vector)
        except KeywordIndexReset:  # the damaged index was emptied: rebuild it, search again
            sync_keyword_index(self.store, self.index)
            return self._search(query, top_k=top_k, filters=filters, query_vector=query_vector)

    def _search(
        self,
        search: SearchQuery,
        *,
        top_k: int,
        filters: SearchFilters | None,
        query_vector: np.ndarray | None,
    ) -> list[Hit]:
        query = search.text
        if not query.strip():
            return []
        depth = max(self.candidates, top_k)
        scope = filters if filters is not None and not filters.is_empty() else None
        # Every search this question needs, as (text, scope, depth): the whole question
        # first, then (for a question naming outlets) the question inside each outlet, then
        # each clause inside its outlets and day.
        plan: list[tuple[str, SearchFilters | None, int]] = [(query, scope, depth)]
        outlets: list[str] = []
        parts: list[QueryPart] = []
        if filters is None or not filters.sources:
            # A question naming outlets ("Did The Verge report X before TechCrunch reported
            # Y?") needs evidence from each: retrieve within every named outlet too, and each
            # clause within the outlet it names (and around the day it names), or within all
            # the named outlets. Each clause's best passage is kept among the results; the
            # rankings of the clauses naming an outlet also join the fusion.
            outlets = list(search.outlets)
            k = self.per_source_candidates
            plan += [
                (query, _within(SearchFilters(sources=(source,)), filters), k) for source in outlets
            ]
            parts = list(search.parts)
            plan += [(part.text, _within(part.filters(), filters), k) for part in parts]
        scopes = self._scopes(scoped for _, scoped, _ in plan)
        # Vectors a scope lacks are copied first: marking them written resets the keyword
        # index's remembered word scores, which the keyword side is about to compute.
        table = self._scope_rows(_listed(scopes))
        # The keyword side needs no vector: it ranks in a worker thread while this one
        # encodes the question and its clauses (the encoder and SQLite both release the GIL).
        keyword_side = self._keyword_workers.submit(self._keyword_rankings, plan, scopes)
        try:
            vector = query_vector if query_vector is not None else self.embedder.encode_query(query)
            vectors = [vector] * (1 + len(outlets))
            if parts:
                vectors += list(self.embedder.encode_queries([part.text for part in parts]))
            dense = self._dense_rankings(
                [(vectors[i], scoped, k) for i, (_, scoped, k) in enumerate(plan)], scopes, table
            )
        except BaseException:
            wait([keyword_side])  # never leave the worker reading the index unseen
            raise
        keyword = keyword_side.result()
        dense_ids, keyword_ids = dense[0], keyword[0]
        rankings = [dense_ids, keyword_ids]
        weights = [1.0, self.keyword_weight]
        for i in range(1, 1 + len(outlets)):
            rankings += [dense[i], keyword[i]]
            weights += [1.0, self.keyword_weight]
        promoted: list[str] = []
        clause_bests: list[str] = []
        for j, part in enumerate(parts):
            part_dense, part_keyword = dense[1 + len(outlets) + j], keyword[1 + len(outlets) + j]
            if part.names_outlet:
                rankings += [part_dense, part_keyword]
                weights += [PART_WEIGHT, PART_WEIGHT * self.keyword_weight]
            best = reciprocal_rank_fusion(
                [part_dense, part_keyword], weights=[1.0, self.keyword_weight]
            )
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
        found = self.store.get(ranked)
        embeddings = self._embeddings([passage.chunk_id for passage, _ in found])
        # An ingestion may be writing right now: a document is shown only when every one of
        # its passages is stored at the version of the passage found, never half-written.
        complete = self.store.complete_versions([passage for passage, _ in found])
        for passage, _ in found:
            if (passage.doc_id, passage.content_hash) not in complete:
                continue
            if filters and not filters.matches(passage):
                continue
            embedding = embeddings.get(passage.chunk_id)
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

    def _scopes(
        self, wanted: Iterable[SearchFilters | None]
    ) -> dict[SearchFilters, ScopeRows | None]:
        """The rows of each scope (None: more than `scope_budget`), for both sides' rankings."""
        return {
            scope: self.index.scope(scope, limit=self.scope_budget)
            for scope in wanted
            if scope is not None
        }

    def _keyword_rankings(
        self,
        searches: Sequence[tuple[str, SearchFilters | None, int]],
        scopes: dict[SearchFilters, ScopeRows | None],
    ) -> list[list[str]]:
        """Keyword rankings of `(text, scope, k)` searches: chunk ids, best first.

        Each text's matches are scored once (`KeywordIndex.matches`, whose words' scores are
        shared by every text and remembered): the whole question's serve its searches inside
        each outlet, and a scope's ranking is taken among the rows listed for the dense side.
        A scope too large to list is ranked from the whole ranking (`_keyword_overfetched`).
        """
        matches: dict[str, Matches] = {}
        chosen: list[np.ndarray | list[str]] = []
        for text, scope, k in searches:
            if text not in matches:
                matches[text] = self.index.matches(text)
            found = scopes[scope] if scope is not None else None
            if scope is not None and found is None:
                chosen.append(self._keyword_overfetched(text, matches[text], scope, k))
                continue
            best, _ = matches[text].best(k, within=found.rows if found is not None else None)
            chosen.append(best)
        return self._as_chunk_ids(chosen)

    def _keyword_overfetched(
        self, text: str, matches: Matches, scope: SearchFilters, k: int
    ) -> list[str]:
        """The best `k` matches inside a scope too large to list.

        A passage's BM25 score does not depend on the scope, so these are the first `k`
        inside it of the whole ranking: the best `overfetch` are looked up. Only when fewer
        than `k` of them lie inside (and more passages match) is the scope matched in full,
        a full-text match joined to it whose cost grows with the index.
        """
        depth = max(self.overfetch, k)
        rows, _ = matches.best(depth)
        inside = self.index.chunk_ids(rows, within=scope)
        ranked = [inside[row] for row in rows.tolist() if row in inside][:k]
        if len(ranked) < k and len(matches.rows) > depth:
            return [cid for cid, _ in self.index.search(text, k=k, filters=scope)]
        return ranked

    def _dense_rankings(
        self,
        searches: Sequence[tuple[np.ndarray, SearchFilters | None, int]],
        scopes: dict[SearchFilters, ScopeRows | None] | None = None,
        table: np.ndarray | None = None,
    ) -> list[list[str]]:
        """Dense rankings of `(vector, scope, k)` searches: chunk ids, best first.

        An unscoped search asks the vector index beside the keyword index (`VectorIndex`),
        or Chroma while that is not built. A scoped one is never a filtered Chroma
        query (Chroma scans the scope's share of the store for it): the keyword index lists
        the scope's passages; their similarity from int8 copies held in memory
        (`PassageVectors.similarities`, one product for all the scopes of a question, after
        a scope of more than `SHORTLIST` rows is narrowed by sign bits) picks the best
        `MIN_CANDIDATES`, which their float16 vectors order (`_best_exactly`). A
        scope of more than `scope_budget` passages (a date range of years, say) is served by
        over-fetching an unfiltered query and keeping what lies inside.
        """
        if scopes is None:
            scopes = self._scopes(scope for _, scope, _ in searches)
        if table is None:
            table = self._scope_rows(_listed(scopes))
        # The searches inside a listed scope: one column of the product each, in this order.
        listed = [
            (vector, found)
            for vector, scope, _ in searches
            if scope is not None and (found := scopes[scope]) is not None
        ]
        places = [_places(table, found.rows) for _, found in listed]
        queries = [vector for vector, _ in listed]
        similarities = (
            self.vectors.similarities(
                table,
                np.asarray(queries, dtype=np.float32),
                [positions[usable] for positions, usable in places],
            )
            if queries and len(table)
            else None
        )
        rankings: list[list[str] | np.ndarray] = []
        column = 0
        for vector, scope, k in searches:
            if scope is None:
                rankings.append(self._unscoped(vector, k))
                continue
            found = scopes[scope]
            if found is None:
                rankings.append(self._overfetched(vector, scope, k))
                continue
            if similarities is None:
                rankings.append([])
                column += 1
                continue
            positions, usable = places[column]
            scores = np.where(usable, similarities[positions, column], -np.inf)
            column += 1
            rankings.append(self._best_exactly(found.rows, scores, vector, k))
        return self._as_chunk_ids(rankings)

    def _best_exactly(
        self, rows: np.ndarray, approximate: np.ndarray, vector: np.ndarray, k: int
    ) -> np.ndarray:
        """The `k` best of `rows` by their float16 vectors, among the best `MIN_CANDIDATES`
        (at least `k`) by their `approximate` (int8) scores; -inf marks a row left out."""
        shortlist = min(max(MIN_CANDIDATES, k), int(np.isfinite(approximate).sum()))
        if shortlist == 0:
            return rows[:0]
        picked = (
            np.argpartition(-approximate, shortlist - 1)[:shortlist]
            if shortlist < len(approximate)
            else np.flatnonzero(np.isfinite(approximate))
        )
        return self.vectors.ranked(rows[np.sort(picked)], vector, k)[0]

    def _as_chunk_ids(self, rankings: Sequence[np.ndarray | list[str]]) -> list[list[str]]:
        """Rankings of index rows (arrays) as chunk ids, in one lookup for all of them; a
        ranking already of chunk ids is kept, a row deleted meanwhile left out."""
        rows = [r for ranking in rankings if isinstance(ranking, np.ndarray) for r in ranking]
        ids = self.index.chunk_ids(rows) if rows else {}
        return [
            [ids[r] for r in ranking.tolist() if r in ids]
            if isinstance(ranking, np.ndarray)
            else ranking
            for ranking in rankings
        ]

    def _scope_rows(self, scopes: Sequence[ScopeRows]) -> np.ndarray:
        """The sorted rows of all `scopes` that hold a vector.

        Rows without one yet are filled from Chroma first; rows Chroma lacks are left out.
        """
        if not scopes:
            return np.zeros(0, dtype=np.int64)
        rows = np.concatenate([scope.rows for scope in scopes])
        has = np.concatenate([scope.has_vector for scope in scopes])
        table, first = np.unique(rows, return_index=True)
        # Vectorised: at 1M passages a scope holds tens of thousands of rows.
        missing = [int(row) for row in rows[first[~has[first]]]]
        ids = self.index.chunk_ids(missing) if missing else {}
        # A row deleted meanwhile has no id: it is left out like a row Chroma lacks.
        lacking = [(row, ids[row]) for row in missing if row in ids]
        if missing:
            filled = self.vectors.fill(self.store, lacking)
            unfilled = np.asarray([row for row in missing if row not in filled], dtype=np.int64)
            if len(unfilled):
                table = np.setdiff1d(table, unfilled, assume_unique=True)
        return table

    def _unscoped(self, vector: np.ndarray, k: int) -> list[str]:
        """The `k` passages nearest `vector` in the whole store, chunk ids best first.

        From `VectorIndex` when it is built (Chroma's own index is then never loaded into
        this process, see `VectorIndex`); rows the keyword index no longer holds with their
        vector (a deleted or replaced passage) are left out.
        """
        if not self.ann.ready():
            return [cid for cid, _ in self.store.query(vector, k=k)]
        found = self.ann.search(vector, 2 * k)
        ids = self.index.chunk_ids([row for row, _ in found], with_vector=True)
        return [ids[row] for row, _ in found if row in ids][:k]

    def _embeddings(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors of these passages, from `PassageVectors` (Chroma for any it lacks)."""
        rows = self.index.rows_of(chunk_ids, with_vector=True)
        ordered = list(rows)
        table = self.vectors.read(np.asarray([rows[cid] for cid in ordered], dtype=np.int64))
        found = {cid: table[i] for i, cid in enumerate(ordered) if table[i].any()}
        missing = [cid for cid in chunk_ids if cid not in found]
        if missing:
            found.update(self.store.embeddings(missing))
        return found

    def _overfetched(self, vector: np.ndarray, scope: SearchFilters, k: int) -> list[str]:
        """The best of an unfiltered query's `overfetch` passages that lie inside `scope`
        (looked up by row, in one query with the scope: a lookup by chunk id reads pages of
        a second index, the first time about 80 ms for 500 ids at a million passages)."""
        depth = max(self.overfetch, k)
        if not self.ann.ready():
            ids = [cid for cid, _ in self.store.query(vector, k=depth)]
            kept = self.index.in_scope(ids, scope)
            return [cid for cid in ids if cid in kept][:k]
        found = self.ann.candidates(vector, 2 * depth)
        inside = self.index.chunk_ids(found, with_vector=True, within=scope)
        rows = np.asarray(sorted(inside), dtype=np.int64)
        if not len(rows):
            return []
        best, _ = self.vectors.ranked(rows, vector, k)
        return [inside[int(row)] for row in best]


def _places(table: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of sorted `rows` lies in sorted `table` (a valid index even when it is
    not there), and whether it is there."""
    positions = np.minimum(np.searchsorted(table, rows), max(len(table) - 1, 0))
    return positions, table[positions] == rows if len(table) else np.zeros(len(rows), bool)


def _listed(scopes: dict[SearchFilters, ScopeRows | None]) -> list[ScopeRows]:
    """The distinct listed scopes (None: too large to list)."""
    return list({id(s): s for s in scopes.values() if s is not None}.values())


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
