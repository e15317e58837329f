"""Incremental ingestion: only new or changed articles are embedded and written.

A document's passages are embedded first and written only when all of them have vectors; the
store then holds either the old version, the new one, or (after a crash mid-write) an
incomplete one that the next run detects and rewrites. Re-running an ingestion changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import numpy as np

from ingest.articles import Article
from ingest.chunking import chunk_text
from ingest.errors import SourceError, UnreadableSource
from ingest.fetch import Fetcher
from ingest.loaders import Discovery, discover, load_file
from ingest.netpolicy import registrable_domain
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import EMBEDDED_FORMAT, Passage, chunk_id_for
from vectorstore.store import DocumentState, PassageStore

__all__ = ["IngestReport", "Ingestor", "OriginConflict", "ProgressListener"]

# What `Article.origin` is stored as for local files (which the operator chose).
LOCAL_ORIGIN = "local"

_PROGRESS_SLICE = 128


class ProgressListener(Protocol):
    """What a front end is told while a run goes on (all methods are optional no-ops)."""

    def started(self, files: int) -> None: ...

    def file_done(self, source: str) -> None: ...

    def embedded(self, passages: int) -> None: ...

    def failed(self, error: SourceError) -> None: ...


class _Silent:
    def started(self, files: int) -> None:
        pass

    def file_done(self, source: str) -> None:
        pass

    def embedded(self, passages: int) -> None:
        pass

    def failed(self, error: SourceError) -> None:
        pass


class OriginConflict(SourceError):
    """A fetched article would replace a stored document that came from another source."""


@dataclass
class IngestReport:
    """Document counts of one run; `passages` counts passages written."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    passages: int = 0
    duplicates: int = 0
    skipped_files: int = 0
    failures: list[SourceError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "passages": self.passages,
            "duplicates": self.duplicates,
            "skipped_files": self.skipped_files,
            "failures": [{"source": e.source, "error": e.reason} for e in self.failures],
        }


@dataclass
class _Pending:
    article: Article
    version: str
    passages: list[Passage]
    previous: DocumentState | None


def _isolated(
    source: str, items: Iterable[Article | SourceError]
) -> Iterator[Article | SourceError]:
    """The items of one source, then its failure if reading it raised unexpectedly.

    Loaders report what they foresee as `SourceError`s; anything else (a parser's bug, a
    library's limit, a hostile byte sequence nobody thought of) ends this source only, as one
    more failure, and the run goes on with the next.
    """
    try:
        yield from items
    except Exception as exc:
        yield UnreadableSource.caught(source, exc)


class Ingestor:
    """Loads sources, splits articles into passages, embeds them in batches and stores them."""

    def __init__(
        self,
        store: PassageStore,
        index: KeywordIndex,
        embedder: Embedder,
        *,
        max_chars: int = 800,
        overlap_chars: int = 200,
        batch_passages: int = 256,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.max_chars = max_chars
        self.overlap_chars = overlap_chars
        self.batch_passages = batch_passages
        self.fetcher = fetcher or Fetcher()

    def ingest(
        self,
        sources: Iterable[str | Path],
        *,
        progress: ProgressListener | None = None,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> IngestReport:
        listener = progress or _Silent()
        report = IngestReport()
        found = discover(sources, include=include, exclude=exclude)
        report.skipped_files = len(found.skipped)
        for error in found.failures:
            self._fail(report, listener, error)
        seen: set[str] = set()
        pending: list[_Pending] = []
        queued = 0
        listener.started(len(found.files) + len(found.urls))
        # Writing a batch (Chroma, keyword index) overlaps embedding the next one; one write
        # at a time, in order, so what a crash leaves behind is what it was without overlap.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbot-write") as writer:
            writing: Future[None] | None = None
            for source, items in self._sources(found):
                for item in _isolated(source, items):
                    if isinstance(item, SourceError):
                        self._fail(report, listener, item)
                        continue
                    if item.doc_id in seen:
                        report.duplicates += 1
                        continue
                    seen.add(item.doc_id)
                    try:
                        pending.append(self._prepare(item))
                    except Exception as exc:  # this article alone fails (see `_isolated`)
                        self._fail(report, listener, UnreadableSource.caught(item.doc_id, exc))
                        continue
                    queued += len(pending[-1].passages)
                    if queued >= self.batch_passages:
                        writing = self._flush(pending, report, listener, writer, writing)
                        pending, queued = [], 0
                listener.file_done(source)
            writing = self._flush(pending, report, listener, writer, writing)
            if writing is not None:
                writing.result()
        return report

    def _sources(self, found: Discovery) -> Iterator[tuple[str, Iterable[Article | SourceError]]]:
        for path in found.files:
            # Each file gets its own fetcher, so a feed file's linked pages share one budget.
            yield (
                str(path),
                load_file(
                    path,
                    fetch_page=self.fetcher.page_fetcher(),
                    max_feed_entries=self.fetcher.max_feed_entries,
                ),
            )
        for url in found.urls:
            yield url, self.fetcher.url_articles(url)

    def remove(self, doc_id: str) -> int:
        """Delete a document everywhere; returns how many passages it had."""
        removed = self.store.delete_document(doc_id)
        self.index.delete_document(doc_id)
        return removed

    def _fail(self, report: IngestReport, listener: ProgressListener, error: SourceError) -> None:
        report.failed += 1
        report.failures.append(error)
        listener.failed(error)

    def _version(self, article: Article) -> str:
        """The article's hash plus how it is split and embedded: a change means new passages."""
        split = f"{article.content_hash}/{self.max_chars}/{self.overlap_chars}/{EMBEDDED_FORMAT}"
        return hashlib.sha256(split.encode()).hexdigest()

    def _prepare(self, article: Article) -> _Pending:
        content_hash = self._version(article)
        return _Pending(article, content_hash, self._passages(article, content_hash), None)

    def _drop_current(
        self, pending: Sequence[_Pending], report: IngestReport, listener: ProgressListener
    ) -> list[_Pending]:
        """Keep the articles whose stored copy is missing, different or incomplete.

        One store query covers the whole batch: re-reading an unchanged corpus (watch mode)
        costs a query per batch, not per article. A fetched article that would replace a
        document from another origin is refused (`OriginConflict`).
        """
        states = self.store.document_states([item.article.doc_id for item in pending])
        changed = []
        for item in pending:
            doc_id = item.article.doc_id
            state = states.get(doc_id)
            if state is not None and state.is_complete(item.version):
                if self.index.document_hash(doc_id) != item.version:
                    stored = [p for p, _ in self.store.get(state.chunk_ids)]
                    self.index.replace_document(doc_id, item.version, stored)
                report.unchanged += 1
                continue
            if state is not None and item.article.origin is not None:
                conflict = self._origin_conflict(item.article, state)
                if conflict is not None:
                    self._fail(report, listener, conflict)
                    continue
            item.previous = state
            changed.append(item)
        return changed

    def _origin_conflict(self, article: Article, state: DocumentState) -> OriginConflict | None:
        """Why a fetched article may not replace the stored `state`, or None if it may.

        A document stored before origins were recorded is judged by its URL's site.
        """
        stored = next(iter(self.store.get(state.chunk_ids[:1])), None)
        if stored is None:
            return None
        passage = stored[0]
        origin = passage.extra.get("origin")
        if origin is None and passage.url:
            host = urlsplit(passage.url).hostname
            origin = registrable_domain(host) if host else None
        if origin == article.origin:
            return None
        where = "local files" if origin == LOCAL_ORIGIN else (origin or "an unknown source")
        return OriginConflict(
            article.url or article.doc_id,
            f"{article.doc_id} is already stored from {where}; "
            f"a page from {article.origin} may not replace it",
        )

    def _passages(self, article: Article, content_hash: str) -> list[Passage]:
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        chunks = chunk_text(
            article.text, max_chars=self.max_chars, overlap_chars=self.overlap_chars
        )
        return [
            Passage(
                chunk_id=chunk_id_for(article.doc_id, chunk.index),
                doc_id=article.doc_id,
                text=chunk.text,
                index=chunk.index,
                start=chunk.start,
                end=chunk.end,
                content_hash=content_hash,
                n_passages=len(chunks),
                title=article.title,
                source=article.source,
                url=article.url,
                published=article.published,
                author=article.author,
                extra={
                    **article.extra,
                    "ingested_at": ingested_at,
                    "origin": article.origin or LOCAL_ORIGIN,
                },
            )
            for chunk in chunks
        ]

    def _flush(
        self,
        pending: Sequence[_Pending],
        report: IngestReport,
        listener: ProgressListener,
        writer: ThreadPoolExecutor,
        writing: Future[None] | None,
    ) -> Future[None] | None:
        """Embed `pending` while the previous batch is written; return this batch's write."""
        pending = self._drop_current(pending, report, listener)
        if not pending:
            return writing
        vectors = self._embed(
            [p.contextual_text() for item in pending for p in item.passages], listener
        )
        if writing is not None:
            writing.result()  # raises the previous write's error, if any
        return writer.submit(self._write, pending, vectors, report)

    def _embed(self, texts: Sequence[str], listener: ProgressListener) -> np.ndarray:
        """Embed a batch shortest first, in slices, reporting progress after each slice.

        Sorting the whole batch by length before slicing groups texts of similar length, so the
        model pads less than it would slice by slice in reading order; the slices keep the
        progress bar moving.
        """
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = [self.embedder.encode_passages([])]
        for start in range(0, len(order), _PROGRESS_SLICE):
            chosen = order[start : start + _PROGRESS_SLICE]
            parts.append(self.embedder.encode_passages([texts[i] for i in chosen]))
            listener.embedded(len(chosen))
        in_order = np.concatenate(parts)
        vectors = np.empty_like(in_order)
        vectors[order] = in_order
        return vectors

    def _write(
        self, pending: Sequence[_Pending], vectors: np.ndarray, report: IngestReport
    ) -> None:
        self.store.write_documents(
            [p for item in pending for p in item.passages],
            vectors,
            replacing=[item.previous for item in pending if item.previous is not None],
        )
        self.index.replace_documents(
            [(item.article.doc_id, item.version, item.passages) for item in pending]
        )
        for item in pending:
            report.passages += len(item.passages)
            if item.previous is not None:
                report.updated += 1
            else:
                report.added += 1
