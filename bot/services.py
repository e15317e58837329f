"""Wiring: builds the store, index, embedder, ingestor and QA service from settings.

Everything heavy (Chroma, torch, the model) is created on first use, so commands that do not
need it stay fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path

from bot.extractive import ExtractiveAnswerer
from bot.llm import LLMAnswerer, chat_model
from bot.qa import QAService
from bot.settings import Settings
from ingest.fetch import fetch_article, url_articles
from ingest.pipeline import Ingestor
from vectorstore.embeddings import Embedder, resolve_model
from vectorstore.errors import NewsbotError, StoreError
from vectorstore.lexical import KeywordIndex
from vectorstore.retriever import HybridRetriever, sync_keyword_index
from vectorstore.store import CHROMA_DIR, PassageStore, open_chroma_client

__all__ = ["IngestionLocked", "Newsbot", "shared_embedder"]

KEYWORD_INDEX_FILE = "keyword-index.sqlite3"
LOCK_FILE = "ingest.lock"


class IngestionLocked(StoreError):
    """Another ingestion holds this data directory."""


MODELS_DIR = "models"


@lru_cache(maxsize=4)
def shared_embedder(model: str, backend: str = "torch", cache_dir: Path | None = None) -> Embedder:
    """One model per process, however many commands or chats use it."""
    return Embedder(model, backend=backend, cache_dir=cache_dir, notify=_tell)


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Newsbot:
    """The parts of newsbot, built once per process from one `Settings`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def embedder(self) -> Embedder:
        settings = self.settings
        return shared_embedder(
            settings.embedding_model,
            settings.embedding_backend,
            None if settings.embedding_backend == "torch" else settings.data_dir / MODELS_DIR,
        )

    def store(self, *, create: bool = False) -> PassageStore:
        settings = self.settings
        client = open_chroma_client(
            data_dir=settings.data_dir,
            host=settings.chroma_host,
            port=settings.chroma_port,
            create=create,
        )
        model_id, _ = resolve_model(settings.embedding_model)
        return PassageStore(
            client,
            collection=settings.collection,
            embedding_model=model_id,
            create=create,
            embedded_path=None if settings.chroma_host else settings.data_dir / CHROMA_DIR,
        )

    def keyword_index(self) -> KeywordIndex:
        # One index file per collection, so two collections in one data directory never mix.
        name = KEYWORD_INDEX_FILE.replace(".", f"-{self.settings.collection}.", 1)
        return KeywordIndex(self.settings.data_dir / name, notify=_tell)

    def ingestor(self) -> Ingestor:
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
            url_loader=partial(url_articles, timeout=self.settings.fetch_timeout),
            page_fetcher=partial(fetch_article, timeout=self.settings.fetch_timeout),
        )

    def qa(self) -> QAService:
        store = self.store()
        index = self.keyword_index()
        sync_keyword_index(store, index, thorough=self.settings.chroma_host is not None)
        embedder = self.embedder
        embedder.load()  # now, so the first answer's timings measure answering only
        retriever = HybridRetriever(store, index, embedder)
        answerer = ExtractiveAnswerer(embedder, index)
        return QAService(retriever, answerer, llm=self.llm(), top_k=self.settings.top_k)

    def llm(self) -> LLMAnswerer | None:
        """The LLM answerer when an endpoint is configured; None means extractive answers."""
        settings = self.settings
        if not settings.llm_base_url:
            return None
        if not settings.llm_model:
            raise NewsbotError("NEWSBOT_LLM_MODEL must be set with NEWSBOT_LLM_BASE_URL")
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        model = chat_model(
            settings.llm_base_url, settings.llm_model, key, timeout=settings.llm_timeout
        )
        return LLMAnswerer(model, name=f"{settings.llm_base_url} ({settings.llm_model})")

    @contextmanager
    def ingestion_lock(self) -> Iterator[None]:
        """One ingestion per data directory at a time; a second one is told, not queued."""
        from filelock import FileLock, Timeout

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.settings.data_dir / LOCK_FILE
        lock = FileLock(str(path))
        try:
            lock.acquire(timeout=0)
        except Timeout as exc:
            raise IngestionLocked(
                f"another ingestion is running on {self.settings.data_dir} (lock: {path})"
            ) from exc
        try:
            yield
        finally:
            lock.release()
