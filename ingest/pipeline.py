"""Incremental ingestion: only new or changed articles are embedded and written.

A run reads and splits every source first and checks it against the store, so the number of
passages to embed is known before embedding starts (a progress bar has a real total); only
past `HOLD_PASSAGES` held passages does embedding start early, to bound memory.

A document's passages are embedded first and written only when all of them have vectors; the
store then holds either the old version, the new one, or (after a crash mid-write) an
incomplete one that the next run detects and rewrites. Re-running an ingestion changes nothing.

Removals (`prune`, retention) go through Chroma first, whole documents per call, then the
keyword index in one transaction; a crash in between leaves index rows that Chroma lacks,
which `sync_keyword_index` drops when the store is next opened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import numpy as np

from ingest.articles import Article
from ingest.chunking import chunk_text
from ingest.errors import SourceError, UnreadableSource
from ingest.fetch import Fetcher
from ingest.loaders import JSON_SUFFIXES, JSONL_SUFFIXES, Discovery, discover, is_url, load_file
from ingest.netpolicy import registrable_domain
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import EMBEDDED_FORMAT, Passage, chunk_id_for
from vectorstore.sentence_vectors import SentenceVectors, texts_of
from vectorstore.store import (
    SOURCE_FILE_KEY,
    DocumentState,
    DocumentSummary,
    PassageStore,
    now_ms,
)
from vectorstore.vectors import PassageVectors

__all__ = ["IngestReport", "Ingestor", "OriginConflict", "ProgressListener", "Removal"]

# What `Article.origin` is stored as for local files (which the operator chose).
LOCAL_ORIGIN = "local"

# Passages encoded per call: a progress report after each, every few seconds on a small CPU.
# The batch is sorted by length before slicing, so small slices pad no more than big ones.
_PROGRESS_SLICE = 32
# The progress line while earlier passages' sentences are stored (`_catch_up_sentences`).
_CATCHING_UP = "embedding the sentences of passages ingested before"
# Passages read, split and checked before embedding starts. Below it (about 100 MB of text)
# the total to embed is known up front; above it embedding starts and the total grows.
HOLD_PASSAGES = 50_000
# Sentence vectors are swept once the passages removed or replaced since the last sweep are
# at least this share of the store, and at least this many (`Ingestor._sweep_sentences`).
SWEEP_SHARE = 0.25
SWEEP_MIN_PASSAGES = 1000
# Articles checked against the store in one query while reading.
_CHECK_ARTICLES = 256


class ProgressListener(Protocol):
    """What a front end is told while a run goes on."""

    def stage(self, text: str) -> None:
        """What the run does now, when it is not embedding ("loading the embedding model")."""

    def started(self, files: int) -> None:
        """Reading starts: this many files and URLs."""

    def file_done(self, source: str) -> None: ...

    def planned(self, passages: int) -> None:
        """This many more passages will be embedded (the total only grows)."""

    def embedded(self, passages: int) -> None: ...

    def failed(self, error: SourceError) -> None: ...


class _Silent:
    def stage(self, text: str) -> None:
        pass

    def started(self, files: int) -> None:
        pass

    def file_done(self, source: str) -> None:
        pass

    def planned(self, passages: int) -> None:
        pass

    def embedded(self, passages: int) -> None:
        pass

    def failed(self, error: SourceError) -> None:
        pass


class OriginConflict(SourceError):
    """A fetched article would replace a stored document that came from another source."""


@dataclass(frozen=True)
class Removal:
    """A document a run removed, and why (its file is gone, it is past retention)."""

    doc_id: str
    title: str | None
    passages: int
    reason: str
    source_file: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "file": self.source_file,
            "passages": self.passages,
            "reason": self.reason,
        }


@dataclass
class IngestReport:
    """Document counts of one run; `passages` counts passages written.

    `expired` counts articles read but not stored because retention had already passed them;
    `removed` counts stored documents deleted (`removals` says which and why).
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    passages: int = 0
    duplicates: int = 0
    skipped_files: int = 0
    expired: int = 0
    failures: list[SourceError] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)

    @property
    def removed(self) -> int:
        return len(self.removals)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removals)

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "passages": self.passages,
            "duplicates": self.duplicates,
            "skipped_files": self.skipped_files,
            "expired": self.expired,
            "removed": self.removed,
            "removals": [r.to_dict() for r in self.removals],
            "failures": [{"source": e.source, "error": e.reason} for e in self.failures],
        }


@dataclass
class _Pending:
    article: Article
    version: str
    passages: list[Passage]
    previous: DocumentState | None
    source_file: str | None = None


@dataclass
class _Seen:
    """What a run read: every document id, and the files read without any failure."""

    doc_ids: set[str] = field(default_factory=set)
    clean_files: set[str] = field(default_factory=set)


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
        retention_days: int | None = None,
        hold_passages: int = HOLD_PASSAGES,
        sentence_vectors: SentenceVectors | None = None,
    ) -> None:
        self.store = store
        self.index = index
        # The vectors are kept beside the keyword index too, so that answering never has to
        # copy them from Chroma (whose embedded client would load its whole index to do so).
        self.vectors = PassageVectors.beside(index)
        self.embedder = embedder
        self.max_chars = max_chars
        self.overlap_chars = overlap_chars
        self.batch_passages = batch_passages
        self.fetcher = fetcher or Fetcher()
        # Articles published more than this many days ago are neither stored nor kept.
        self.retention_days = retention_days
        self.hold_passages = hold_passages
        # The sentences an answer may quote, encoded now so that answers need not (see
        # `vectorstore.sentence_vectors`); None leaves them to the answers.
        self.sentence_vectors = sentence_vectors
        # Documents the current run wrote (`_catch_up_sentences` need not read them back).
        self._written_docs: set[str] = set()

    def ingest(
        self,
        sources: Iterable[str | Path],
        *,
        progress: ProgressListener | None = None,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        prune: bool = False,
        catch_up: bool = True,
    ) -> IngestReport:
        """Ingest `sources`; with `prune`, also remove what their files no longer hold; with
        `catch_up`, also store the sentence vectors of passages earlier runs or other
        processes wrote without them (`_catch_up_sentences`; minutes, once, on an older store).

        Pruning looks only at documents read from files under the local folders and files
        given here (see `_prune`); URLs and other folders are never touched. With
        `retention_days`, articles published before the cutoff are skipped and stored ones
        removed (undated ones are kept: see docs/usage.md).
        """
        listener = progress or _Silent()
        sources = list(sources)
        report = IngestReport()
        self._written_docs = set()
        found = discover(sources, include=include, exclude=exclude)
        report.skipped_files = len(found.skipped)
        for error in found.failures:
            self._fail(report, listener, error)
        seen = _Seen()
        cutoff = self._cutoff()
        listener.started(len(found.files) + len(found.urls))
        # Writing a batch (Chroma, keyword index) overlaps embedding the next one; one write
        # at a time, in order, so what a crash leaves behind is what it was without overlap.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbot-write") as writer:
            writing: Future[None] | None = None
            held: list[_Pending] = []
            held_passages = 0
            for changed in self._read(found, report, listener, seen, cutoff):
                held += changed
                held_passages += sum(len(item.passages) for item in changed)
                if held_passages >= self.hold_passages:
                    writing = self._embed_and_write(held, report, listener, writer, writing)
                    held, held_passages = [], 0
            writing = self._embed_and_write(held, report, listener, writer, writing)
            if writing is not None:
                writing.result()
        # The keyword index's word lists, built again if this run wrote a tenth of it.
        self.index.refresh_postings()
        if cutoff is not None:
            self._expire(cutoff, report, listener)
        if prune:
            self._prune(sources, seen, report, listener)
        if catch_up:
            self._catch_up_sentences(listener, report.passages)
        self._sweep_sentences(listener)
        return report

    def _catch_up_sentences(self, listener: ProgressListener, written: int) -> None:
        """Store the sentence vectors of passages this run did not write and no earlier run
        stored: a store ingested before sentence vectors existed (or with them turned off, or
        with another encoder), and documents other processes wrote since the last run. The
        store's change feed names those documents, so the cost grows with what others wrote,
        not with the store; only the first run on an older store (no cursor yet) reads every
        passage, once. Resumable: what is stored is never encoded again.

        `written`: the passages this run wrote (their sentences are stored already). The cursor
        is taken after this run's writes: a document another process writes during the run
        and not after is left to answers to encode, which is slower, never wrong.
        """
        vectors = self.sentence_vectors
        if vectors is None:
            return
        cursor, start = vectors.feed_cursor(), now_ms()
        # Written documents are listed whatever the cursor's age (`complete` speaks of
        # deletions, which leave no sentences to store).
        passages: Iterable[Passage] = ()
        if cursor is not None:
            changes = self.store.changes_since(cursor)
            docs = [d for d in changes.written if d not in self._written_docs]
            passages = self._passages_of(docs, listener)
        elif (earlier := self.store.count() - written) > 0:  # none earlier: a new store
            listener.stage(_CATCHING_UP)
            listener.planned(earlier)
            passages = (p for p in self.store.iter_passages() if p.doc_id not in self._written_docs)
        for chosen in _slices(passages, _PROGRESS_SLICE):
            self._embed_sentences(chosen)
            listener.embedded(len(chosen))
        vectors.set_feed_cursor(start)

    def _passages_of(self, docs: Sequence[str], listener: ProgressListener) -> Iterator[Passage]:
        """The stored passages of the documents that have sentences not stored yet (one
        lookup a document), told to the progress line as they are found. The feed lists again
        what was written just before its cursor (clocks differ between writers), which is
        read and found stored."""
        assert self.sentence_vectors is not None
        told = False
        for doc in docs:
            passages = self.store.document_passages(doc)
            if not self.sentence_vectors.missing(t for p in passages for t in texts_of(p)):
                continue
            if not told:
                listener.stage(_CATCHING_UP)
                told = True
            listener.planned(len(passages))
            yield from passages

    def _sweep_sentences(self, listener: ProgressListener) -> None:
        """Drop the sentence vectors of removed and changed articles once those articles'
        passages reach a quarter of the store (`SWEEP_SHARE`): the sweep reads every stored
        passage (minutes at a million), so it is paid once per that much change."""
        vectors = self.sentence_vectors
        if vectors is None:
            return
        stale = vectors.stale()
        if stale < SWEEP_MIN_PASSAGES or stale < SWEEP_SHARE * self.store.count():
            return
        listener.stage("forgetting the sentence vectors of removed and changed articles")
        vectors.sweep(text for p in self.store.iter_passages() for text in texts_of(p))

    def _read(
        self,
        found: Discovery,
        report: IngestReport,
        listener: ProgressListener,
        seen: _Seen,
        cutoff: date | None,
    ) -> Iterator[list[_Pending]]:
        """Read and split every source; yield the articles to embed, checked in batches."""
        read: list[_Pending] = []
        for source, source_file, items in self._sources(found):
            clean = True
            for item in _isolated(source, items):
                if isinstance(item, SourceError):
                    clean = False
                    self._fail(report, listener, item)
                    continue
                if item.doc_id in seen.doc_ids:
                    report.duplicates += 1
                    continue
                seen.doc_ids.add(item.doc_id)
                if cutoff is not None and item.published is not None and item.published < cutoff:
                    report.expired += 1
                    continue
                try:
                    read.append(self._prepare(item, source_file))
                except Exception as exc:  # this article alone fails (see `_isolated`)
                    clean = False
                    self._fail(report, listener, UnreadableSource.caught(item.doc_id, exc))
                    continue
                if len(read) >= _CHECK_ARTICLES:
                    yield self._drop_current(read, report, listener)
                    read = []
            if source_file is not None and clean:
                seen.clean_files.add(source_file)
            listener.file_done(source)
        yield self._drop_current(read, report, listener)

    def _sources(
        self, found: Discovery
    ) -> Iterator[tuple[str, str | None, Iterable[Article | SourceError]]]:
        """`(label, resolved file path or None for a URL, its articles)` of each source."""
        for path in found.files:
            # Each file gets its own fetcher, so a feed file's linked pages share one budget.
            yield (
                str(path),
                str(path.resolve()),
                load_file(
                    path,
                    fetch_page=self.fetcher.page_fetcher(),
                    max_feed_entries=self.fetcher.max_feed_entries,
                ),
            )
        for url in found.urls:
            yield url, None, self.fetcher.url_articles(url)

    def remove(self, doc_id: str) -> int:
        """Delete a document everywhere; returns how many passages it had."""
        return self.remove_documents([doc_id]).get(doc_id, 0)

    def remove_documents(self, doc_ids: Sequence[str]) -> dict[str, int]:
        """Delete documents from Chroma, then from the keyword index; passages per document
        actually stored (see the module docstring for what a crash in between leaves)."""
        removed = self.store.delete_documents(doc_ids)
        self.index.delete_documents(doc_ids)
        if self.sentence_vectors is not None:
            self.sentence_vectors.forget(sum(removed.values()))
        return removed

    def _cutoff(self) -> date | None:
        if self.retention_days is None:
            return None
        return datetime.now(UTC).date() - timedelta(days=self.retention_days)

    def _expire(self, cutoff: date, report: IngestReport, listener: ProgressListener) -> None:
        """Remove the stored documents published before `cutoff`."""
        old = self.store.documents(published_before=cutoff)
        reason = f"published before {cutoff.isoformat()} (retention {self.retention_days} days)"
        self._remove([(doc, reason) for doc in old], report, listener)

    def _prune(
        self,
        sources: Sequence[str | Path],
        seen: _Seen,
        report: IngestReport,
        listener: ProgressListener,
    ) -> None:
        """Remove documents read from files under the given local sources that are gone.

        A document goes when its recorded file no longer exists, or when its file was read
        whole this run (no failure at all) and no longer yields it (a dump lost an item, a
        page's canonical URL changed). A file that failed, a folder that does not exist (an
        unmounted disk), URLs and documents from anywhere else are left alone.
        """
        scopes = [
            Path(source).expanduser().resolve()
            for source in sources
            if not (isinstance(source, str) and is_url(source))
            and Path(source).expanduser().exists()
        ]
        if not scopes:
            return
        listener.stage("looking for documents whose files are gone")
        done = {removal.doc_id for removal in report.removals}
        doomed: list[tuple[DocumentSummary, str]] = []
        for doc in self.store.documents():
            if doc.doc_id in seen.doc_ids or doc.doc_id in done:
                continue
            source_file = _file_of(doc)
            if source_file is None or not any(_within(source_file, s) for s in scopes):
                continue
            if not Path(source_file).exists():
                doomed.append((doc, "its file is gone"))
            elif source_file in seen.clean_files:
                doomed.append((doc, "no longer in its file"))
        self._remove(doomed, report, listener)

    def _remove(
        self,
        doomed: Sequence[tuple[DocumentSummary, str]],
        report: IngestReport,
        listener: ProgressListener,
    ) -> None:
        if not doomed:
            return
        listener.stage(f"removing {len(doomed)} documents")
        removed = self.remove_documents([doc.doc_id for doc, _ in doomed])
        for doc, reason in doomed:
            if doc.doc_id in removed:
                report.removals.append(
                    Removal(doc.doc_id, doc.title, removed[doc.doc_id], reason, _file_of(doc))
                )

    def _fail(self, report: IngestReport, listener: ProgressListener, error: SourceError) -> None:
        report.failed += 1
        report.failures.append(error)
        listener.failed(error)

    def _version(self, article: Article) -> str:
        """The article's hash plus how it is split and embedded: a change means new passages."""
        split = f"{article.content_hash}/{self.max_chars}/{self.overlap_chars}/{EMBEDDED_FORMAT}"
        return hashlib.sha256(split.encode()).hexdigest()

    def _prepare(self, article: Article, source_file: str | None = None) -> _Pending:
        content_hash = self._version(article)
        passages = self._passages(article, content_hash, source_file)
        return _Pending(article, content_hash, passages, None, source_file)

    def _drop_current(
        self, pending: Sequence[_Pending], report: IngestReport, listener: ProgressListener
    ) -> list[_Pending]:
        """Keep the articles whose stored copy is missing, different or incomplete.

        One store query covers the whole batch: re-reading an unchanged corpus (watch mode)
        costs a query per batch, not per article. A fetched article that would replace a
        document from another origin is refused (`OriginConflict`). An unchanged document
        read from another file than the one recorded (or before files were recorded) gets
        its file recorded, so `--prune` knows where it lives. The passages kept are announced
        to the listener (`planned`).
        """
        if not pending:
            return []
        states = self.store.document_states([item.article.doc_id for item in pending])
        changed = []
        moved: list[tuple[DocumentState, str]] = []
        for item in pending:
            doc_id = item.article.doc_id
            state = states.get(doc_id)
            if state is not None and state.is_complete(item.version):
                if self.index.document_hash(doc_id) != item.version:
                    stored = [p for p, _ in self.store.get(state.chunk_ids)]
                    self.index.replace_document(doc_id, item.version, stored)
                if item.source_file is not None and state.source_file != item.source_file:
                    moved.append((state, item.source_file))
                report.unchanged += 1
                continue
            if state is not None and item.article.origin is not None:
                conflict = self._origin_conflict(item.article, state)
                if conflict is not None:
                    self._fail(report, listener, conflict)
                    continue
            item.previous = state
            changed.append(item)
        if moved:
            self.store.record_source_files(moved)
        listener.planned(sum(len(item.passages) for item in changed))
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

    def _passages(
        self, article: Article, content_hash: str, source_file: str | None = None
    ) -> list[Passage]:
        ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        where = {SOURCE_FILE_KEY: source_file} if source_file is not None else {}
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
                    **where,
                },
            )
            for chunk in chunks
        ]

    def _embed_and_write(
        self,
        held: Sequence[_Pending],
        report: IngestReport,
        listener: ProgressListener,
        writer: ThreadPoolExecutor,
        writing: Future[None] | None,
    ) -> Future[None] | None:
        """Embed and write `held` (already checked) in batches of about `batch_passages`."""
        if not held:
            return writing
        listener.stage("loading the embedding model")
        self.embedder.load()  # once per process; the listener can say why nothing moves
        listener.stage("embedding")
        batch: list[_Pending] = []
        queued = 0
        for item in held:
            batch.append(item)
            queued += len(item.passages)
            if queued >= self.batch_passages:
                writing = self._flush(batch, report, listener, writer, writing)
                batch, queued = [], 0
        return self._flush(batch, report, listener, writer, writing)

    def _flush(
        self,
        pending: Sequence[_Pending],
        report: IngestReport,
        listener: ProgressListener,
        writer: ThreadPoolExecutor,
        writing: Future[None] | None,
    ) -> Future[None] | None:
        """Embed `pending` while the previous batch is written; return this batch's write."""
        if not pending:
            return writing
        vectors = self._embed([p for item in pending for p in item.passages], listener)
        if writing is not None:
            writing.result()  # raises the previous write's error, if any
        return writer.submit(self._write, pending, vectors, report)

    def _embed(self, passages: Sequence[Passage], listener: ProgressListener) -> np.ndarray:
        """Embed a batch shortest first, in slices, reporting progress after each slice.

        Sorting the whole batch by length before slicing groups texts of similar length, so the
        model pads less than it would slice by slice in reading order; the slices keep the
        progress bar moving. A slice's sentences are encoded with it, so that the bar counts
        a passage once all of its work is done.
        """
        texts = [p.contextual_text() for p in passages]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = [self.embedder.encode_passages([])]
        for start in range(0, len(order), _PROGRESS_SLICE):
            chosen = order[start : start + _PROGRESS_SLICE]
            parts.append(self.embedder.encode_passages([texts[i] for i in chosen]))
            self._embed_sentences([passages[i] for i in chosen])
            listener.embedded(len(chosen))
        in_order = np.concatenate(parts)
        vectors = np.empty_like(in_order)
        vectors[order] = in_order
        return vectors

    def _embed_sentences(self, passages: Sequence[Passage]) -> None:
        """Store the vectors of the passages' sentences and headlines not stored yet (a
        sentence shared by overlapping passages, or kept by an edited article, is encoded
        once), shortest first like the passages."""
        if self.sentence_vectors is None:
            return
        texts = self.sentence_vectors.missing(text for p in passages for text in texts_of(p))
        texts.sort(key=len)
        if texts:
            encoded = self.embedder.encode_passages(texts)
            self.sentence_vectors.put(dict(zip(texts, encoded, strict=True)))

    def _write(
        self, pending: Sequence[_Pending], vectors: np.ndarray, report: IngestReport
    ) -> None:
        self.store.write_documents(
            [p for item in pending for p in item.passages],
            vectors,
            replacing=[item.previous for item in pending if item.previous is not None],
        )
        self.index.replace_documents(
            [(item.article.doc_id, item.version, item.passages) for item in pending],
            refresh=False,  # once, at the end of the run (`ingest`)
        )
        self._keep_vectors(pending, vectors)
        self._written_docs.update(item.article.doc_id for item in pending)
        if self.sentence_vectors is not None:
            self.sentence_vectors.forget(
                sum(len(item.previous.chunk_ids) for item in pending if item.previous is not None)
            )
        for item in pending:
            report.passages += len(item.passages)
            if item.previous is not None:
                report.updated += 1
            else:
                report.added += 1

    def _keep_vectors(self, pending: Sequence[_Pending], vectors: np.ndarray) -> None:
        """Store the batch's vectors by keyword-index row (`PassageVectors`)."""
        written = [p.chunk_id for item in pending for p in item.passages]
        position = {chunk_id: i for i, chunk_id in enumerate(written)}
        chosen = [(row, cid) for cid, row in self.index.rows_of(written).items()]
        if chosen:
            self.vectors.put(chosen, vectors[[position[cid] for _, cid in chosen]])


def _slices(items: Iterable[Passage], size: int) -> Iterator[list[Passage]]:
    chosen: list[Passage] = []
    for item in items:
        chosen.append(item)
        if len(chosen) == size:
            yield chosen
            chosen = []
    if chosen:
        yield chosen


def _file_of(doc: DocumentSummary) -> str | None:
    """The local file a stored document was read from, if it came from one.

    Documents stored before files were recorded are recognised by their id, which for a
    file is its resolved path (plus "#N" for an item of a dump, in stores written before
    items without a url were keyed by a hash of their title, outlet and date).
    """
    if doc.source_file:
        return doc.source_file
    if doc.origin not in (None, LOCAL_ORIGIN) or not Path(doc.doc_id).is_absolute():
        return None
    head, sep, tail = doc.doc_id.rpartition("#")
    dump = Path(head).suffix.lower() in JSON_SUFFIXES | JSONL_SUFFIXES
    return head if sep and tail.isdigit() and dump else doc.doc_id


def _within(path: str, scope: Path) -> bool:
    candidate = Path(path)
    return candidate == scope or candidate.is_relative_to(scope)
