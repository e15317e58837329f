"""Incremental ingestion: only new or changed articles are embedded and written.

A document's passages are embedded first and written only when all of them have vectors; the
store then holds either the old version, the new one, or (after a crash mid-write) an
incomplete one that the next run detects and rewrites. Re-running an ingestion changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from ingest.articles import Article
from ingest.chunking import chunk_text
from ingest.errors import SourceError
from ingest.fetch import fetch_article, url_articles
from ingest.loaders import Discovery, discover, load_file
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import EMBEDDED_FORMAT, Passage, chunk_id_for
from vectorstore.store import PassageStore

__all__ = ["IngestReport", "Ingestor", "ProgressListener"]


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
    existed: bool


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
        url_loader: Callable[[str], Iterable[Article | SourceError]] = url_articles,
        page_fetcher: Callable[[str], Article] | None = fetch_article,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.max_chars = max_chars
        self.overlap_chars = overlap_chars
        self.batch_passages = batch_passages
        self.url_loader = url_loader
        self.page_fetcher = page_fetcher

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
        listener.started(len(found.files) + len(found.urls))
        for source, items in self._sources(found):
            for item in items:
                if isinstance(item, SourceError):
                    self._fail(report, listener, item)
                    continue
                if item.doc_id in seen:
                    report.duplicates += 1
                    continue
                seen.add(item.doc_id)
                queued = self._prepare(item, report)
                if queued:
                    pending.append(queued)
                if sum(len(p.passages) for p in pending) >= self.batch_passages:
                    self._flush(pending, report, listener)
                    pending = []
            listener.file_done(source)
        self._flush(pending, report, listener)
        return report

    def _sources(self, found: Discovery) -> Iterator[tuple[str, Iterable[Article | SourceError]]]:
        for path in found.files:
            yield str(path), load_file(path, fetch_page=self.page_fetcher)
        for url in found.urls:
            yield url, self.url_loader(url)

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

    def _prepare(self, article: Article, report: IngestReport) -> _Pending | None:
        """None when the stored copy is current; else the passages to embed and write."""
        content_hash = self._version(article)
        state = self.store.document_state(article.doc_id)
        if state is not None and state.is_complete(content_hash):
            if self.index.document_hash(article.doc_id) != content_hash:
                stored = [p for p, _ in self.store.get(state.chunk_ids)]
                self.index.replace_document(article.doc_id, content_hash, stored)
            report.unchanged += 1
            return None
        passages = self._passages(article, content_hash)
        return _Pending(article, content_hash, passages, existed=state is not None)

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
                extra={**article.extra, "ingested_at": ingested_at},
            )
            for chunk in chunks
        ]

    def _flush(
        self, pending: Sequence[_Pending], report: IngestReport, listener: ProgressListener
    ) -> None:
        if not pending:
            return
        texts = [p.contextual_text() for item in pending for p in item.passages]
        vectors = self.embedder.encode_passages(texts)
        listener.embedded(len(texts))
        offset = 0
        for item in pending:
            count = len(item.passages)
            doc_id = item.article.doc_id
            self.store.write_document(doc_id, item.passages, vectors[offset : offset + count])
            self.index.replace_document(doc_id, item.version, item.passages)
            offset += count
            report.passages += count
            if item.existed:
                report.updated += 1
            else:
                report.added += 1
