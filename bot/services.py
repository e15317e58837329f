"""Wiring: builds the store, index, embedder, ingestor and QA service from settings.

Everything heavy (Chroma, torch, the model) is created on first use, so commands that do not
need it stay fast.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from bot.answering.extractive import ExtractiveAnswerer
from bot.answering.llm import LLMAnswerer, chat_model
from bot.answering.nlp import NlpPipeline
from bot.qa import QAService
from bot.redact import register_secret
from bot.settings import Settings
from ingest.fetch import Fetcher
from ingest.netpolicy import AddressPolicy
from ingest.pipeline import Ingestor
from vectorstore.embeddings import Embedder, resolve_model
from vectorstore.errors import NewsbotError, StoreError
from vectorstore.lexical import KeywordIndex
from vectorstore.retriever import HybridRetriever, StoreFollower, sync_keyword_index
from vectorstore.sentence_vectors import SentenceVectors
from vectorstore.store import PassageStore, open_chroma_client
from vectorstore.vectors import PassageVectors, VectorIndex

__all__ = ["IngestionLocked", "Newsbot", "shared_embedder"]

KEYWORD_INDEX_FILE = "keyword-index.sqlite3"
LOCK_FILE = "ingest.lock"


class IngestionLocked(StoreError):
    """Another ingestion holds this data directory."""


@lru_cache(maxsize=4)
def shared_embedder(model: str, backend: str = "torch", cache_dir: Path | None = None) -> Embedder:
    """One model per process, however many commands or chats use it.

    `cache_dir` holds the ONNX conversions; it is the settings' model cache, shared by every
    data directory, so a second store never converts the model again.
    """
    return Embedder(model, backend=backend, cache_dir=cache_dir, notify=_tell)


@lru_cache(maxsize=4)
def shared_pipeline(name: str) -> NlpPipeline:
    """One spaCy pipeline per process, like the embedding model."""
    return NlpPipeline(name)


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Newsbot:
    """The parts of newsbot, built once per process from one `Settings`.

    Safe to use from several threads (the Telegram bot answers chats concurrently): the store,
    the keyword index and the QA service are each opened once, under one lock, and shared.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._store: PassageStore | None = None
        self._index: KeywordIndex | None = None
        self._qa: QAService | None = None

    @property
    def embedder(self) -> Embedder:
        settings = self.settings
        return shared_embedder(
            settings.embedding_model,
            settings.embedding_backend,
            None if settings.embedding_backend == "torch" else settings.model_cache,
        )

    def store(self, *, create: bool = False) -> PassageStore:
        """The passage store, opened once; `create` makes the collection if it is missing."""
        with self._lock:
            if self._store is None:
                settings = self.settings
                connection = open_chroma_client(
                    data_dir=settings.data_dir,
                    host=settings.chroma_host,
                    port=settings.chroma_port,
                    create=create,
                    ssl=settings.chroma_ssl,
                    headers=settings.chroma_request_headers,
                    ca_file=settings.chroma_ca_file,
                )
                model_id, _ = resolve_model(settings.embedding_model)
                self._store = PassageStore(
                    connection,
                    collection=settings.collection,
                    embedding_model=model_id,
                    create=create,
                )
            return self._store

    def keyword_index(self) -> KeywordIndex:
        with self._lock:
            if self._index is None:
                # One index file per collection, so two collections in one directory never mix.
                name = KEYWORD_INDEX_FILE.replace(".", f"-{self.settings.collection}.", 1)
                self._index = KeywordIndex(self.settings.data_dir / name, notify=_tell)
            return self._index

    def ingestor(self) -> Ingestor:
        with self._lock:
            store = self.store(create=True)
            index = self.keyword_index()
            sync_keyword_index(store, index, thorough=self.settings.chroma_host is not None)
        return Ingestor(
            store,
            index,
            self.embedder,
            max_chars=self.settings.chunk_max_chars,
            overlap_chars=self.settings.chunk_overlap_chars,
            batch_passages=self.settings.ingest_batch,
            fetcher=self.fetcher(),
            retention_days=self.settings.retention_days,
            sentence_vectors=self.sentence_vectors(index)
            if self.settings.ingest_sentence_vectors
            else None,
        )

    def sentence_vectors(self, index: KeywordIndex) -> SentenceVectors:
        """The sentences' vectors kept beside the keyword index, for this encoder."""
        return SentenceVectors.beside(index.path, self.embedder.identity)

    def fetcher(self) -> Fetcher:
        """Fetching as the settings allow it; ingest itself never reads the environment."""
        settings = self.settings
        return Fetcher(
            policy=AddressPolicy(settings.fetch_allowed_hosts),
            timeout=settings.fetch_timeout,
            source_budget=settings.fetch_source_budget,
            max_feed_entries=settings.fetch_max_feed_entries,
        )

    def qa(self) -> QAService:
        """The QA service, built once: the store, its keyword index in line, the model loaded."""
        if self._qa is not None:  # built: no lock, so questions never wait behind an ingestion
            return self._qa
        with self._lock:
            if self._qa is None:
                store = self.store()
                index = self.keyword_index()
                server = self.settings.chroma_host is not None
                seen = store.change_marker()  # before the sync: a write during it is caught up
                sync_keyword_index(store, index, thorough=server)
                vectors = PassageVectors.beside(index)
                vectors.fill_missing(store)  # once per new passage; kept in the data directory
                ann = VectorIndex.beside(vectors, notify=_tell)
                ann.update()  # built once (minutes at a million passages), then kept current
                embedder = self.embedder
                embedder.load()  # now, so the first answer's timings measure answering only
                follower = StoreFollower(
                    store,
                    index,
                    vectors,
                    every=self.settings.index_sync_seconds,
                    thorough=server,
                    seen=seen,
                    ann=ann,
                )
                retriever = HybridRetriever(
                    store, index, embedder, vectors=vectors, follower=follower, ann=ann
                )
                nlp = shared_pipeline(self.settings.nlp_pipeline)
                nlp.load()  # a bad pipeline setting is one clear error now, not mid-answer
                answerer = ExtractiveAnswerer(
                    embedder, index, nlp=nlp, stored_sentences=self.sentence_vectors(index)
                )
                self._qa = QAService(retriever, answerer, llm=self.llm(), top_k=self.settings.top_k)
            return self._qa

    def llm(self) -> LLMAnswerer | None:
        """The LLM answerer when an endpoint is configured; None means extractive answers."""
        settings = self.settings
        if not settings.llm_base_url:
            return None
        if not settings.llm_model:
            raise NewsbotError("NEWSBOT_LLM_MODEL must be set with NEWSBOT_LLM_BASE_URL")
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        register_secret(key)  # an endpoint may echo it in an error that becomes a note
        model = chat_model(
            settings.llm_base_url, settings.llm_model, key, timeout=settings.llm_timeout
        )
        return LLMAnswerer(
            model,
            name=f"{settings.llm_base_url} ({settings.llm_model})",
            timeout=settings.llm_timeout,
        )

    @contextmanager
    def ingestion_lock(self, timeout: float = 0) -> Iterator[None]:
        """One ingestion per data directory at a time. A second one is told at once (the
        CLI), or waits up to `timeout` seconds for its turn (the bot's uploads)."""
        from filelock import FileLock, Timeout

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.settings.data_dir / LOCK_FILE
        lock = FileLock(str(path))
        try:
            lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise IngestionLocked(
                f"another ingestion is running on {self.settings.data_dir} (lock: {path})"
            ) from exc
        try:
            yield
        finally:
            lock.release()
