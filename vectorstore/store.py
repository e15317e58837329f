"""The passage store: one Chroma collection holding passages, their vectors and metadata.

Chroma is the source of truth. A document is "complete" when every one of its passages carries
the document's current content hash and their number equals the `n_passages` each one records;
anything else (a crash between writes, a half-finished delete) reads as incomplete and is
rewritten by the next ingestion, so no separate commit record is needed.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.errors import (
    EmbeddingModelMismatch,
    NewsbotError,
    StoreNotFound,
    StoreUnavailable,
    storage_failure,
)
from vectorstore.records import Passage, SearchFilters, chunk_id_for

__all__ = ["CHROMA_DIR", "DocumentState", "DocumentSummary", "PassageStore", "open_chroma_client"]

# Per embedded store path: the database's modification time after this process's last write,
# and the lock that keeps this process's calls on that path one at a time.
_OWN_WRITES: dict[Path, int | None] = {}
_PATH_LOCKS: dict[Path, threading.RLock] = {}

CHROMA_DIR = "chroma"
CHROMA_FILE = "chroma.sqlite3"

logger = logging.getLogger(__name__)
# File descriptor 2 is the process's: one holder at a time (see `_stderr_held`).
_STDERR_LOCK = threading.Lock()


@dataclass(frozen=True)
class DocumentState:
    """What the store holds of one document, enough to decide whether to rewrite it."""

    doc_id: str
    chunk_ids: tuple[str, ...]
    content_hashes: frozenset[str]
    expected_passages: int

    def is_complete(self, content_hash: str) -> bool:
        return (
            self.content_hashes == {content_hash} and len(self.chunk_ids) == self.expected_passages
        )


@dataclass(frozen=True)
class DocumentSummary:
    """One line of `newsbot docs list`."""

    doc_id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    passages: int
    ingested_at: str | None = None


def open_chroma_client(
    *, data_dir: Path | None, host: str | None = None, port: int | None = None, create: bool
) -> Any:
    """Embedded Chroma in `data_dir/chroma`, or a Chroma server when `host` is given."""
    if not host and data_dir is not None and not create and not (data_dir / CHROMA_DIR).exists():
        # Before importing Chroma (a second): a missing store is reported at once.
        raise StoreNotFound(f"no store in {data_dir}: run `newsbot ingest` first")
    if host:
        try:
            return _http_client(host, port or 8000)
        except Exception as exc:
            raise StoreUnavailable(
                f"cannot reach the Chroma server at {host}:{port or 8000}: {exc}"
            ) from exc
    if data_dir is None:
        raise StoreUnavailable("no data directory and no Chroma server configured")
    return _persistent_client(data_dir / CHROMA_DIR)


def _persistent_client(path: Path) -> Any:
    """Embedded Chroma on `path`; a full disk or a damaged file is one clear error.

    Chroma's Rust core panics on some damaged files (a `PanicException`, not an `Exception`),
    and its panic hook writes a note, or a whole backtrace under RUST_BACKTRACE, straight to
    file descriptor 2. That output is held back while the store opens: shown if the store
    opens, logged at debug level if it fails and its one-line error says it all.
    """
    import chromadb
    from chromadb.config import Settings

    with _stderr_held() as held:
        try:
            return chromadb.PersistentClient(
                path=str(path), settings=Settings(anonymized_telemetry=False)
            )
        except BaseException as exc:
            if not _chroma_failure(exc):
                raise
            held.drop()
            raise _storage_failure(path, exc) or StoreUnavailable(
                f"cannot open the store in {path}: {exc}"
            ) from exc


def _chroma_failure(exc: BaseException) -> bool:
    """An error of Chroma's, a panic of its Rust core included (not Ctrl-C, not exit)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


class _Held:
    """Output held back from file descriptor 2; dropped output goes to the debug log."""

    def __init__(self) -> None:
        self.shown = True

    def drop(self) -> None:
        self.shown = False


@contextmanager
def _stderr_held() -> Iterator[_Held]:
    """Hold back what is written to file descriptor 2 inside the block, then show it unless
    the block dropped it."""
    held = _Held()
    with _STDERR_LOCK, ExitStack() as stack:
        try:
            sink = stack.enter_context(tempfile.TemporaryFile())
            saved = os.dup(2)
        except OSError:  # no room even for this, or no stderr at all: let the output through
            yield held
            return
        sys.stderr.flush()
        os.dup2(sink.fileno(), 2)
        try:
            yield held
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            output = sink.read()
            if output and held.shown:
                with os.fdopen(os.dup(2), "wb") as stderr:
                    stderr.write(output)
            elif output:
                logger.debug("held back from stderr: %s", output.decode(errors="replace"))


def _storage_failure(path: Path, exc: BaseException) -> StoreUnavailable | None:
    """A full disk, a damaged `chroma.sqlite3` or an I/O error, named with its file."""
    return storage_failure(
        path / CHROMA_FILE,
        exc,
        remedy=f"restore {path} from a backup, or move it aside and ingest your sources again",
    )


@lru_cache(maxsize=8)
def _http_client(host: str, port: int) -> Any:
    """One connection pool per server and process, as the embedded client shares its system."""
    import chromadb
    from chromadb.config import Settings

    return chromadb.HttpClient(host=host, port=port, settings=Settings(anonymized_telemetry=False))


def _states(records: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, DocumentState]:
    """Group `(chunk_id, metadata)` records into each document's state."""
    grouped: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for chunk_id, meta in records:
        grouped.setdefault(str(meta["doc_id"]), []).append((chunk_id, meta))
    return {
        doc_id: DocumentState(
            doc_id=doc_id,
            chunk_ids=tuple(chunk_id for chunk_id, _ in rows),
            content_hashes=frozenset(str(meta.get("content_hash", "")) for _, meta in rows),
            expected_passages=max(int(meta.get("n_passages", 0)) for _, meta in rows),
        )
        for doc_id, rows in grouped.items()
    }


def _shared_system(client: Any) -> Any:
    from chromadb.api.shared_system_client import SharedSystemClient

    return SharedSystemClient._identifier_to_system.get(client._identifier)


class PassageStore:
    """Passages of many documents in one Chroma collection, with their embeddings."""

    def __init__(
        self,
        client: Any,
        *,
        collection: str,
        embedding_model: str,
        create: bool,
        embedded_path: Path | None = None,
    ) -> None:
        self._client = client
        self.embedding_model = embedding_model
        self._embedded_path = embedded_path
        self._collection = self._open_collection(collection, create=create)
        self._max_batch = int(client.get_max_batch_size())
        self._generation = self._current_generation()
        self._system = _shared_system(client) if embedded_path else None

    # Embedded Chroma is one process's view of files on disk. When another process (a
    # `newsbot ingest` beside a running bot) writes them, this view goes stale: queries miss
    # the new articles, then fail with "Error finding id". So before each call we compare the
    # database's modification time with the one we opened (ignoring this process's own
    # writes), reopen when someone else wrote, and reopen and retry once if a call fails.

    def _current_generation(self) -> int | None:
        if self._embedded_path is None:
            return None
        try:
            return (self._embedded_path / CHROMA_FILE).stat().st_mtime_ns
        except OSError:
            return None

    def _reopen(self) -> None:
        from chromadb.api.shared_system_client import SharedSystemClient

        assert self._embedded_path is not None
        identifier = self._client._identifier
        systems = SharedSystemClient._identifier_to_system
        if systems.get(identifier) is self._system:  # not yet replaced by another store
            systems.pop(identifier).stop()
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self._client = _persistent_client(self._embedded_path)
        self._system = systems.get(identifier)
        self._collection = self._open_collection(self._collection.name, create=False)
        self._generation = self._current_generation()

    def _call(self, method: str, **arguments: Any) -> Any:
        try:
            return self._call_once(method, **arguments)
        except BaseException as exc:
            if isinstance(exc, NewsbotError) or not _chroma_failure(exc):
                raise
            failure = _storage_failure(self._embedded_path, exc) if self._embedded_path else None
            if failure is None:
                raise
            raise failure from exc

    def _call_once(self, method: str, **arguments: Any) -> Any:
        if self._embedded_path is None:
            return getattr(self._collection, method)(**arguments)
        # One call at a time per store path in this process: a write's new modification time
        # must be recorded before any other thread compares it, or that thread would take
        # this process's own write for another's and reopen under the writer.
        with _PATH_LOCKS.setdefault(self._embedded_path, threading.RLock()):
            generation = self._current_generation()
            if generation not in (self._generation, _OWN_WRITES.get(self._embedded_path)):
                self._reopen()
            try:
                result = getattr(self._collection, method)(**arguments)
            except Exception:  # a stale view fails in many ways; every call here is idempotent
                self._reopen()
                result = getattr(self._collection, method)(**arguments)
            if method in ("upsert", "delete"):
                self._generation = _OWN_WRITES[self._embedded_path] = self._current_generation()
            return result

    def _open_collection(self, name: str, *, create: bool) -> Any:
        try:
            if create:
                collection = self._client.get_or_create_collection(
                    name,
                    metadata={"hnsw:space": "cosine", "embedding_model": self.embedding_model},
                    embedding_function=None,
                )
            else:
                collection = self._client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if not create and "does not exist" in str(exc).lower():
                raise StoreNotFound(
                    f"the collection {name!r} does not exist: run `newsbot ingest` first"
                ) from exc
            failure = _storage_failure(self._embedded_path, exc) if self._embedded_path else None
            raise failure or StoreUnavailable(
                f"cannot open the Chroma collection {name!r}: {exc}"
            ) from exc
        built_with = (collection.metadata or {}).get("embedding_model")
        if built_with and built_with != self.embedding_model:
            raise EmbeddingModelMismatch(
                f"the collection {name!r} was built with the embedding model {built_with!r}, "
                f"not {self.embedding_model!r}: use that model or another collection"
            )
        return collection

    @property
    def name(self) -> str:
        return str(self._collection.name)

    def count(self) -> int:
        return int(self._call("count"))

    def document_state(self, doc_id: str) -> DocumentState | None:
        return self.document_states([doc_id]).get(doc_id)

    def document_states(self, doc_ids: Sequence[str]) -> dict[str, DocumentState]:
        """The stored state of each of `doc_ids` that has passages, in one query per batch."""
        unique = list(dict.fromkeys(doc_ids))
        records: list[tuple[str, Mapping[str, Any]]] = []
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            where = {"doc_id": batch[0]} if len(batch) == 1 else {"doc_id": {"$in": batch}}
            found = self._call("get", where=where, include=["metadatas"])
            records += zip(found["ids"], found["metadatas"] or [], strict=True)
        return _states(records)

    def complete_versions(self, passages: Sequence[Passage]) -> set[tuple[str, str]]:
        """The `(doc_id, content_hash)` of these passages whose documents are fully stored.

        A passage names its document's passage count, and passage ids follow from the
        document id, so one lookup by id (fast at any size, unlike a metadata filter) tells
        whether every passage of that version is there.
        """
        wanted = {(p.doc_id, p.content_hash): p.n_passages for p in passages}
        ids = [chunk_id_for(doc, i) for (doc, _), n in wanted.items() for i in range(n)]
        if not ids:
            return set()
        found = self._call("get", ids=list(dict.fromkeys(ids)), include=["metadatas"])
        states = _states(zip(found["ids"], found["metadatas"] or [], strict=True))
        return {
            (doc, version)
            for doc, version in wanted
            if doc in states and states[doc].is_complete(version)
        }

    def write_document(
        self, doc_id: str, passages: Sequence[Passage], embeddings: np.ndarray
    ) -> None:
        """Replace one document's passages with `passages` (see `write_documents`)."""
        if any(p.doc_id != doc_id for p in passages):
            raise ValueError("every passage must belong to the document being written")
        previous = self.document_state(doc_id)
        self.write_documents(passages, embeddings, replacing=[previous] if previous else [])

    def write_documents(
        self,
        passages: Sequence[Passage],
        embeddings: np.ndarray,
        *,
        replacing: Iterable[DocumentState] = (),
    ) -> None:
        """Write the passages of several documents, replacing what `replacing` says is stored.

        New passages are upserted first (same ids overwrite), in as few calls as Chroma allows,
        since each call costs milliseconds whatever its size; then leftovers of older, longer
        versions are deleted. A crash in between leaves incomplete documents that the next
        ingestion rewrites; it never leaves two copies.
        """
        if len(passages) != len(embeddings):
            raise ValueError("one embedding per passage is required")
        for start in range(0, len(passages), self._max_batch):
            batch = passages[start : start + self._max_batch]
            self._call(
                "upsert",
                ids=[p.chunk_id for p in batch],
                embeddings=embeddings[start : start + self._max_batch],
                documents=[p.text for p in batch],
                metadatas=[p.to_metadata() for p in batch],  # type: ignore[misc]
            )
        keep = {p.chunk_id for p in passages}
        stale = [cid for state in replacing for cid in state.chunk_ids if cid not in keep]
        for start in range(0, len(stale), self._max_batch):
            self._call("delete", ids=stale[start : start + self._max_batch])

    def delete_document(self, doc_id: str) -> int:
        state = self.document_state(doc_id)
        if state is None:
            return 0
        self._call("delete", ids=list(state.chunk_ids))
        return len(state.chunk_ids)

    def document_versions(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document (read from its first passage)."""
        return {str(m["doc_id"]): str(m.get("content_hash", "")) for m in self._first_passages()}

    def _first_passages(self, page: int = 10_000) -> Iterator[Mapping[str, Any]]:
        """Metadata of every document's first passage, in pages: Chroma's SQLite refuses a
        single read of more than about 32k rows ("too many SQL variables")."""
        offset = 0
        while True:
            found = self._call(
                "get", where={"chunk_index": 0}, include=["metadatas"], limit=page, offset=offset
            )
            yield from found["metadatas"] or []
            if len(found["ids"]) < page:
                return
            offset += page

    def document_passages(self, doc_id: str) -> list[Passage]:
        found = self._call("get", where={"doc_id": doc_id}, include=["documents", "metadatas"])
        passages = [
            Passage.from_record(cid, found["documents"][i], found["metadatas"][i])
            for i, cid in enumerate(found["ids"])
        ]
        return sorted(passages, key=lambda p: p.index)

    def documents(self) -> list[DocumentSummary]:
        summaries = [
            DocumentSummary(
                doc_id=str(m["doc_id"]),
                title=m.get("title"),
                source=m.get("source"),
                published=m.get("published"),
                url=m.get("url"),
                passages=int(m.get("n_passages", 0)),
                ingested_at=m.get("ingested_at"),
            )
            for m in self._first_passages()
        ]
        return sorted(summaries, key=lambda d: (d.published or "", d.doc_id), reverse=True)

    def get(
        self, chunk_ids: Sequence[str], *, with_embeddings: bool = False
    ) -> list[tuple[Passage, np.ndarray | None]]:
        """Passages by id, in the order asked; ids that no longer exist are left out."""
        if not chunk_ids:
            return []
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        found = self._call("get", ids=list(chunk_ids), include=include)
        vectors = found.get("embeddings") if with_embeddings else None
        by_id: dict[str, tuple[Passage, np.ndarray | None]] = {}
        for i, cid in enumerate(found["ids"]):
            passage = Passage.from_record(cid, found["documents"][i], found["metadatas"][i])
            vector = np.asarray(vectors[i], dtype=np.float32) if vectors is not None else None
            by_id[cid] = (passage, vector)
        return [by_id[cid] for cid in chunk_ids if cid in by_id]

    def query(
        self, embedding: np.ndarray, *, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        """Nearest passages as `(chunk_id, cosine similarity)`, best first.

        Chroma returns fewer than `k` when fewer exist, so no count (a round trip) comes first.
        """
        result = self._call(
            "query",
            query_embeddings=[embedding],
            n_results=k,
            where=filters.to_chroma_where() if filters else None,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def iter_passages(self, *, batch_size: int = 1000) -> Iterator[Passage]:
        """Every stored passage, in pages, for rebuilding derived indexes."""
        offset = 0
        while True:
            page = self._call(
                "get", include=["documents", "metadatas"], limit=batch_size, offset=offset
            )
            if not page["ids"]:
                return
            for i, cid in enumerate(page["ids"]):
                yield Passage.from_record(cid, page["documents"][i], page["metadatas"][i])
            offset += len(page["ids"])
