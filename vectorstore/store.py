"""The passage store: one Chroma collection holding passages, their vectors and metadata.

Chroma is the source of truth. A document is "complete" when every one of its passages carries
the document's current content hash and their number equals the `n_passages` each one records;
anything else (a crash between writes, a half-finished delete) reads as incomplete and is
rewritten by the next ingestion, so no separate commit record is needed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import numpy as np

from vectorstore.errors import (
    EmbeddingModelMismatch,
    NewsbotError,
    StoreNotFound,
    StoreUnavailable,
    storage_failure,
)
from vectorstore.records import (
    WRITTEN_MS_KEY,
    Passage,
    SearchFilters,
    chunk_id_for,
    day_number,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import GetResult

__all__ = [
    "CHROMA_DIR",
    "SOURCE_FILE_KEY",
    "ChromaConnection",
    "DocumentState",
    "DocumentSummary",
    "PassageStore",
    "StoreChanges",
    "open_chroma_client",
]

CHROMA_DIR = "chroma"
CHROMA_FILE = "chroma.sqlite3"
# Beside the chroma folder: touched after each write, so other processes know to reopen.
WRITE_STAMP = "chroma-writes.stamp"
# Collection metadata key holding the generation that every write renews (`change_marker`).
GENERATION_KEY = "newsbot_generation"
# Passage metadata key naming the local file a document was read from (see `DocumentState`).
SOURCE_FILE_KEY = "source_file"
# `changes_since` reads this far before its cursor: writes that were in flight when the
# cursor was taken, and writers whose clocks run up to this much behind.
FEED_SLACK_MS = 5 * 60 * 1000
# Deletion records are kept this long; a reader whose cursor is older compares everything.
DELETIONS_KEPT_MS = 30 * 24 * 3600 * 1000

logger = logging.getLogger(__name__)
# File descriptor 2 is the process's: one holder at a time (see `_stderr_held`).
_STDERR_LOCK = threading.Lock()

T = TypeVar("T")


@dataclass(frozen=True)
class DocumentState:
    """What the store holds of one document, enough to decide whether to rewrite it."""

    doc_id: str
    chunk_ids: tuple[str, ...]
    content_hashes: frozenset[str]
    expected_passages: int
    # The local file it was read from (resolved path), when it came from one and that was
    # recorded; `newsbot ingest --prune` removes documents whose file is gone.
    source_file: str | None = None

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
    source_file: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class StoreChanges:
    """What `PassageStore.changes_since` found: documents written or deleted after a cursor.

    `written` maps each written document to the content hash its first passage carries now;
    `deleted` are documents deleted and not written again since. `cursor` is what to pass next
    time (the writer's clock of the newest change seen). `complete` is False when the store
    cannot tell (the cursor is older than the deletion records kept): compare everything then.
    """

    written: dict[str, str]
    deleted: frozenset[str]
    cursor: int
    complete: bool = True
    # When each written document was written (ms, writer's clock).
    written_ms: dict[str, int] = field(default_factory=dict)

    def resume_at(self, unfinished: Iterable[str]) -> int:
        """Where to read from next: no later than the write time of any document found still
        being written, so that the next read lists it again."""
        times = [self.written_ms[doc] for doc in unfinished if doc in self.written_ms]
        return min([self.cursor, *times])


def now_ms() -> int:
    return int(time.time() * 1000)


class ChromaConnection:
    """The one Chroma client this process keeps for a store location, and the lock its calls take.

    Chroma's embedded client is not safe to create from several threads at once (its shared
    system registry races: "Could not connect to tenant default_tenant"), and it is one
    process's view of files that other processes write: after `newsbot ingest` wrote beside a
    running bot, queries miss the new articles, then fail with "Error finding id". So this
    connection is created once per location under a process-wide lock, every call through it
    takes its lock, and before each call the modification time of a stamp file that every
    newsbot write touches (`_stamp`) is compared with the one last seen (this process's own
    writes are recorded as seen); when another process wrote, the client is closed and opened
    again, through Chroma's public `close()`. `epoch` counts those reopenings, so the
    collections fetched from an older client are fetched again.
    """

    def __init__(self, open_client: Callable[[], ClientAPI], *, path: Path | None) -> None:
        self._open_client = open_client
        self.path = path
        self.lock = threading.RLock()
        self.epoch = 0
        self.client = open_client()
        self._seen = self._modified()

    @property
    def embedded(self) -> bool:
        return self.path is not None

    @property
    def _stamp(self) -> Path | None:
        """A file every newsbot write touches. Chroma's own database file will not do: merely
        opening a client changes its modification time, so readers would take each other's
        opening for a write and reopen (throwing the loaded vector index away) on every call."""
        return self.path.parent / WRITE_STAMP if self.path is not None else None

    def _modified(self) -> int | None:
        stamp = self._stamp
        if stamp is None:
            return None
        try:
            return stamp.stat().st_mtime_ns
        except OSError:
            return None

    def refresh(self) -> None:
        """Reopen if another process wrote since this one last looked (call under `lock`)."""
        if self.embedded and self._modified() != self._seen:
            self.reopen()

    def reopen(self) -> None:
        """A fresh view of the files on disk (call under `lock`)."""
        if not self.embedded:
            return
        close = getattr(self.client, "close", None)  # public on chromadb's Client since 1.1
        if close is not None:
            close()
        self.client = self._open_client()
        self.epoch += 1
        self._seen = self._modified()

    def wrote(self) -> None:
        """Tell other processes that the store changed, and record this process's own write,
        so it is not taken for another process's."""
        stamp = self._stamp
        if stamp is not None:
            with contextlib.suppress(OSError):  # a read-only data directory: nobody to tell
                stamp.touch()
        self._seen = self._modified()


_CONNECTIONS: dict[tuple[str, ...], ChromaConnection] = {}
_CONNECTIONS_LOCK = threading.Lock()


def open_chroma_client(
    *,
    data_dir: Path | None,
    host: str | None = None,
    port: int | None = None,
    create: bool,
    ssl: bool = False,
    headers: Mapping[str, str] | None = None,
    ca_file: Path | None = None,
) -> ChromaConnection:
    """Embedded Chroma in `data_dir/chroma`, or a Chroma server when `host` is given.

    Thread-safe, and the same connection for the same location for the life of the process.
    A server is reached over HTTPS when `ssl` is set (verified against `ca_file` when given,
    else the usual CA bundle) and every request carries `headers`: the token a proxy in front
    of `chroma run` checks, say, since the server itself has no authentication.
    """
    if not host and data_dir is not None and not create and not (data_dir / CHROMA_DIR).exists():
        # Before importing Chroma (a second): a missing store is reported at once.
        raise StoreNotFound(f"no store in {data_dir}: run `newsbot ingest` first")
    if host:
        header_items = tuple(sorted((headers or {}).items()))
        key: tuple[str, ...] = ("http", host, str(port or 8000), str(ssl), str(header_items))
        key += (str(ca_file),)
        where = f"{host}:{port or 8000}"
        path = None
        opener = _http_opener(host, port or 8000, ssl, header_items, ca_file)
    elif data_dir is not None:
        path = (data_dir / CHROMA_DIR).resolve()
        key = ("embedded", str(path))
        where = ""
        opener = _embedded_opener(path)
    else:
        raise StoreUnavailable("no data directory and no Chroma server configured")
    with _CONNECTIONS_LOCK:
        connection = _CONNECTIONS.get(key)
        if connection is None:
            try:
                connection = ChromaConnection(opener, path=path)
            except NewsbotError:
                raise
            except Exception as exc:
                raise _unavailable(exc, server=where, path=path) from exc
            _CONNECTIONS[key] = connection
        return connection


def _chroma_settings(ca_file: Path | None = None) -> Any:
    from chromadb.config import Settings

    if ca_file:
        return Settings(anonymized_telemetry=False, chroma_server_ssl_verify=str(ca_file))
    return Settings(anonymized_telemetry=False)


def _embedded_opener(path: Path) -> Callable[[], ClientAPI]:
    def open_client() -> ClientAPI:
        return _persistent_client(path)

    return open_client


def _persistent_client(path: Path) -> ClientAPI:
    """Embedded Chroma on `path`; a full disk or a damaged file is one clear error.

    Chroma's Rust core panics on some damaged files (a `PanicException`, not an `Exception`),
    and its panic hook writes a note, or a whole backtrace under RUST_BACKTRACE, straight to
    file descriptor 2. That output is held back while the store opens: shown if the store
    opens, logged at debug level if it fails and its one-line error says it all.
    """
    import chromadb

    with _stderr_held() as held:
        try:
            return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
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


def _http_opener(
    host: str,
    port: int,
    ssl: bool,
    headers: tuple[tuple[str, str], ...],
    ca_file: Path | None,
) -> Callable[[], ClientAPI]:
    def open_client() -> ClientAPI:
        import chromadb

        return chromadb.HttpClient(
            host=host,
            port=port,
            ssl=ssl,
            headers=dict(headers),  # a fresh dict: the client adds its own headers to it
            settings=_chroma_settings(ca_file),
        )

    return open_client


def _unavailable(exc: Exception, *, server: str, path: Path | None) -> StoreUnavailable:
    """One line on why the store cannot be opened."""
    if path is not None:
        return StoreUnavailable(f"cannot open the store in {path}: {exc}")
    status = _http_status(exc)
    if status in (401, 403):
        return StoreUnavailable(
            f"the Chroma server at {server} refused newsbot (HTTP {status}): "
            "check NEWSBOT_CHROMA_TOKEN and NEWSBOT_CHROMA_HEADERS"
        )
    return StoreUnavailable(f"cannot reach the Chroma server at {server}: {_server_problem(exc)}")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and every exception it was raised from or while handling, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _http_status(exc: BaseException) -> int | None:
    """The HTTP status behind a failed server call, wherever chromadb wrapped it.

    A proxy's 401 page is not a Chroma error body, so chromadb raises a bare Exception (inside a
    ValueError) with the page as its message; the response itself is further down the chain.
    """
    import httpx
    from chromadb.errors import AuthorizationError, ChromaAuthError

    for current in _chain(exc):
        if isinstance(current, httpx.HTTPStatusError):
            return current.response.status_code
        if isinstance(current, ChromaAuthError):
            return 401
        if isinstance(current, AuthorizationError):
            return 403
    return None


def _server_problem(exc: BaseException) -> str:
    """One line on why the server could not be used; chromadb says "Are you sure it is
    running?" to a certificate it does not trust, so TLS failures are looked up in the chain."""
    import ssl

    for current in _chain(exc):
        if isinstance(current, ssl.SSLError):
            return f"TLS failed ({current}); check NEWSBOT_CHROMA_SSL and NEWSBOT_CHROMA_CA_FILE"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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
            source_file=_source_file(rows[0][1]),
        )
        for doc_id, rows in grouped.items()
    }


def _deletions_name(collection: str) -> str:
    """A valid Chroma name (3-512 characters of [a-zA-Z0-9._-]) derived from the collection's."""
    return f"{collection}.deleted"


def _source_file(meta: Mapping[str, Any]) -> str | None:
    value = meta.get(SOURCE_FILE_KEY)
    return str(value) if value else None


def _passages(found: GetResult) -> list[Passage]:
    """The passages of a `get` that included documents and metadatas."""
    documents, metadatas = found["documents"] or [], found["metadatas"] or []
    return [
        Passage.from_record(cid, documents[i], metadatas[i]) for i, cid in enumerate(found["ids"])
    ]


class _DirectReader:
    """Passages by id and the passage count, read from an embedded store's SQLite file.

    Why not through Chroma's client: its first read of a collection, of any kind (a count, a
    get by id), first brings the collection's segments up to date with its log, and doing so
    loads the collection's whole HNSW index into the process, about 1.7 KB a passage (1.7 GB
    at a million), even when no vector search is ever asked of it. Answering searches
    vectors with `VectorIndex` and needs from Chroma only passages by id and the count,
    which Chroma keeps in the SQLite "metadata segment". Those are read here, read-only, as
    long as the file has the layout this Chroma writes (checked when opened) and Chroma's log
    holds no record the segment has not taken in (checked on every read, one indexed lookup:
    a write in progress or interrupted). Otherwise, and on any error, the client reads, as
    before. `tests/test_store.py` compares both readers on the same store.
    """

    _TABLES: ClassVar[dict[str, set[str]]] = {
        "segments": {"id", "type", "scope", "collection"},
        "embeddings": {"id", "segment_id", "embedding_id"},
        "embedding_metadata": {
            "id",
            "key",
            "string_value",
            "int_value",
            "float_value",
            "bool_value",
        },
        "max_seq_id": {"segment_id", "seq_id"},
        "embeddings_queue": {"seq_id", "topic"},
    }

    def __init__(self, db: sqlite3.Connection, segment: str, collection_id: str) -> None:
        self._db = db
        self._segment = segment
        self.collection_id = collection_id
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, collection_id: str) -> _DirectReader | None:
        """A reader of `path` for the collection, or None if the file is not as expected."""
        try:
            db = sqlite3.connect(
                f"{path.as_uri()}?mode=ro", uri=True, timeout=30.0, check_same_thread=False
            )
        except sqlite3.Error:
            return None
        try:
            for table, wanted in cls._TABLES.items():
                columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                if not wanted <= columns:
                    raise LookupError(f"{table} lacks {sorted(wanted - columns)}")
            row = db.execute(
                "SELECT id FROM segments WHERE collection = ? AND scope = 'METADATA'"
                " AND type = 'urn:chroma:segment/metadata/sqlite'",
                (collection_id,),
            ).fetchone()
            if row is None:
                raise LookupError("no metadata segment")
        except (sqlite3.Error, LookupError) as exc:
            logger.debug("reading %s through Chroma's client: %s", path, exc)
            db.close()
            return None
        return cls(db, str(row[0]), collection_id)

    def _current(self) -> bool:
        """True if the metadata segment holds every record of Chroma's log (hold the lock)."""
        row = self._db.execute(
            "SELECT seq_id FROM max_seq_id WHERE segment_id = ?", (self._segment,)
        ).fetchone()
        applied = row[0] if row else 0
        if not isinstance(applied, int):
            return False
        pending = self._db.execute(
            "SELECT 1 FROM embeddings_queue WHERE seq_id > ? AND topic LIKE ? LIMIT 1",
            (applied, f"%{self.collection_id}"),
        ).fetchone()
        return pending is None

    def count(self) -> int | None:
        """The passage count, or None when the client must answer."""
        try:
            with self._lock:
                if not self._current():
                    return None
                row = self._db.execute(
                    "SELECT count(*) FROM embeddings WHERE segment_id = ?", (self._segment,)
                ).fetchone()
        except sqlite3.Error as exc:
            logger.debug("counting through Chroma's client: %s", exc)
            return None
        return int(row[0])

    def get(self, ids: Sequence[str], include: Sequence[str]) -> dict[str, Any] | None:
        """Like `Collection.get(ids=..., include=...)` for documents and metadatas, or None
        when the client must answer."""
        records: dict[str, tuple[list[str | None], dict[str, Any]]] = {}
        try:
            with self._lock:
                if not self._current():
                    return None
                unique = list(dict.fromkeys(ids))
                for start in range(0, len(unique), 500):
                    batch = unique[start : start + 500]
                    sql = (
                        "SELECT e.embedding_id, m.key, m.string_value, m.int_value,"
                        " m.float_value, m.bool_value FROM embeddings e"
                        " LEFT JOIN embedding_metadata m ON m.id = e.id"
                        " WHERE e.segment_id = ? AND e.embedding_id IN"
                        f" ({','.join('?' * len(batch))})"
                    )
                    for cid, key, text, integer, real, flag in self._db.execute(
                        sql, [self._segment, *batch]
                    ):
                        document, meta = records.setdefault(cid, ([None], {}))
                        if key is None:
                            continue
                        if key == "chroma:document":
                            document[0] = text
                        elif not key.startswith("chroma:"):
                            meta[key] = _metadata_value(text, integer, real, flag)
        except sqlite3.Error as exc:
            logger.debug("reading through Chroma's client: %s", exc)
            return None
        found = list(records)
        return {
            "ids": found,
            "documents": [records[cid][0][0] for cid in found] if "documents" in include else None,
            "metadatas": [records[cid][1] for cid in found] if "metadatas" in include else None,
        }


def _metadata_value(
    text: str | None, integer: int | None, real: float | None, flag: int | None
) -> Any:
    """One metadata value as Chroma returns it, from the column that holds it."""
    if text is not None:
        return text
    if integer is not None:
        return integer
    if real is not None:
        return real
    return None if flag is None else bool(flag)


class PassageStore:
    """Passages of many documents in one Chroma collection, with their embeddings."""

    def __init__(
        self,
        connection: ChromaConnection,
        *,
        collection: str,
        embedding_model: str,
        create: bool,
    ) -> None:
        self._connection = connection
        self.embedding_model = embedding_model
        self._name = collection
        with connection.lock:
            self._collection = self._open_collection(collection, create=create)
            self._epoch = connection.epoch
            self._max_batch = int(connection.client.get_max_batch_size())
        self._reader: _DirectReader | None = None
        self._reader_tried = ""

    def _direct(self) -> _DirectReader | None:
        """The direct reader of an embedded store (see `_DirectReader`), opened once per
        collection id (a collection deleted and created again has a new one)."""
        path = self._connection.path
        if path is None:
            return None
        collection_id = str(self._collection.id)
        if self._reader_tried != collection_id:
            self._reader_tried = collection_id
            self._reader = _DirectReader.open(path / CHROMA_FILE, collection_id)
        return self._reader

    def _run(self, operation: Callable[[Collection], T], *, writes: bool = False) -> T:
        """Run one Chroma call on this collection; a full disk or a damaged database file is
        one clear error naming the file (a panic of Chroma's Rust core included)."""
        try:
            return self._run_once(operation, writes=writes)
        except BaseException as exc:
            if isinstance(exc, NewsbotError) or not _chroma_failure(exc):
                raise
            path = self._connection.path
            failure = _storage_failure(path, exc) if path is not None else None
            if failure is None:
                raise
            raise failure from exc

    def _run_once(self, operation: Callable[[Collection], T], *, writes: bool) -> T:
        """One call on a view that is current.

        Calls on one location are one at a time in this process: a write's new modification
        time must be recorded before any other thread compares it, or that thread would take
        this process's own write for another's and reopen under the writer.
        """
        connection = self._connection
        if not connection.embedded:
            return operation(self._collection)
        with connection.lock:
            connection.refresh()
            if self._epoch != connection.epoch:
                self._reattach()
            try:
                result = operation(self._collection)
            except Exception:  # a stale view fails in many ways; every call here is idempotent
                connection.reopen()
                self._reattach()
                result = operation(self._collection)
            if writes:
                connection.wrote()
            return result

    def _get(self, **arguments: Any) -> GetResult:
        include = arguments.get("include", ["documents", "metadatas"])
        if set(arguments) <= {"ids", "include"} and set(include) <= {"documents", "metadatas"}:
            reader = self._direct()
            found = reader.get(arguments["ids"], include) if reader is not None else None
            if found is not None:
                return cast("GetResult", found)
        return self._run(lambda c: c.get(**arguments))

    def _delete(self, chunk_ids: list[str]) -> None:
        self._run(lambda c: c.delete(ids=chunk_ids), writes=True)

    def _reattach(self) -> None:
        self._collection = self._open_collection(self._name, create=False)
        self._epoch = self._connection.epoch

    def _open_collection(self, name: str, *, create: bool) -> Collection:
        try:
            if create:
                collection = self._connection.client.get_or_create_collection(
                    name,
                    metadata={"hnsw:space": "cosine", "embedding_model": self.embedding_model},
                    embedding_function=None,
                )
            else:
                collection = self._connection.client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if not create and "does not exist" in str(exc).lower():
                raise StoreNotFound(
                    f"the collection {name!r} does not exist: run `newsbot ingest` first"
                ) from exc
            path = self._connection.path
            failure = _storage_failure(path, exc) if path is not None else None
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
        reader = self._direct()
        counted = reader.count() if reader is not None else None
        return counted if counted is not None else self._run(lambda c: c.count())

    def document_state(self, doc_id: str) -> DocumentState | None:
        return self.document_states([doc_id]).get(doc_id)

    def document_states(self, doc_ids: Sequence[str]) -> dict[str, DocumentState]:
        """The stored state of each of `doc_ids` that has passages, in one query per batch."""
        unique = list(dict.fromkeys(doc_ids))
        records: list[tuple[str, Mapping[str, Any]]] = []
        for start in range(0, len(unique), 500):
            batch = unique[start : start + 500]
            where = {"doc_id": batch[0]} if len(batch) == 1 else {"doc_id": {"$in": batch}}
            found = self._get(where=where, include=["metadatas"])
            records += zip(found["ids"], found["metadatas"] or [], strict=True)
        return _states(records)

    def complete_documents(self, versions: Mapping[str, str], doc_ids: Sequence[str]) -> set[str]:
        """Those of `doc_ids` stored whole at `versions[doc]`: one that another process is
        still writing is not, and is looked at again once its last write is in."""
        states = self.document_states(doc_ids)
        return {doc for doc in doc_ids if doc in states and states[doc].is_complete(versions[doc])}

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
        unique = list(dict.fromkeys(ids))
        found = self._get(ids=unique, include=["metadatas"])
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
        written = {WRITTEN_MS_KEY: now_ms()}
        for start in range(0, len(passages), self._max_batch):
            batch = passages[start : start + self._max_batch]
            vectors = embeddings[start : start + self._max_batch]
            self._run(
                lambda c, batch=batch, vectors=vectors: c.upsert(
                    ids=[p.chunk_id for p in batch],
                    embeddings=vectors,
                    documents=[p.text for p in batch],
                    metadatas=[p.to_metadata() | written for p in batch],  # type: ignore[misc]
                ),
                writes=True,
            )
        keep = {p.chunk_id for p in passages}
        stale = [cid for state in replacing for cid in state.chunk_ids if cid not in keep]
        for start in range(0, len(stale), self._max_batch):
            doomed = stale[start : start + self._max_batch]
            self._delete(doomed)
        if passages or stale:
            self._mark_changed()

    def delete_document(self, doc_id: str) -> int:
        return self.delete_documents([doc_id]).get(doc_id, 0)

    def delete_documents(self, doc_ids: Sequence[str]) -> dict[str, int]:
        """Delete documents whole; how many passages each stored one had (absent: none).

        Each Chroma call deletes whole documents (one transaction), so a crash part-way leaves
        some documents removed and the others untouched, never a document cut in half that a
        later ingestion would take for an interrupted write and complete again.
        """
        states = self.document_states(doc_ids)
        batch: list[str] = []
        for state in states.values():
            if batch and len(batch) + len(state.chunk_ids) > self._max_batch:
                self._delete(batch)
                batch = []
            batch += state.chunk_ids
        if batch:
            self._delete(batch)
        if states:
            self._record_deletions(list(states))
            self._mark_changed()
        return {doc_id: len(state.chunk_ids) for doc_id, state in states.items()}

    def _deletions(self, *, create: bool) -> Collection | None:
        """The collection of deletion records beside this one (None if none was ever made).

        Deleted passages leave nothing in the passage collection to find, so each deleted
        document leaves a small record here; readers of `changes_since` on other machines learn
        of it without comparing every document. A separate collection, because adding records
        is atomic where rewriting a list in the collection's metadata would race between
        writers.
        """
        name = _deletions_name(self._name)
        client = self._connection.client
        if create:
            return client.get_or_create_collection(name, embedding_function=None)
        try:
            return client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if "does not exist" in str(exc).lower():
                return None
            raise

    def _record_deletions(self, doc_ids: Sequence[str]) -> None:
        at = now_ms()

        def record(_: Collection) -> None:
            deletions = self._deletions(create=True)
            assert deletions is not None
            for start in range(0, len(doc_ids), self._max_batch):
                chosen = doc_ids[start : start + self._max_batch]
                deletions.upsert(
                    ids=[f"{doc}@{at}" for doc in chosen],
                    embeddings=np.zeros((len(chosen), 1), dtype=np.float32),
                    metadatas=[{"doc_id": doc, WRITTEN_MS_KEY: at} for doc in chosen],
                )
            expired: dict[str, Any] = {WRITTEN_MS_KEY: {"$lt": at - DELETIONS_KEPT_MS}}
            deletions.delete(where=expired)

        self._run(record, writes=True)

    def changes_since(self, cursor: int) -> StoreChanges:
        """Documents written or deleted since `cursor` (ms, from an earlier call or `now_ms()`
        taken before a full comparison), whoever wrote them.

        Its cost grows with the number of changes, not with the store: written passages carry
        their write time (an indexed integer), deleted documents leave a deletion record. It
        reads from `FEED_SLACK_MS` before the cursor, so a caller sees some changes twice and
        must compare content hashes before acting. Passages written by a newsbot older than
        this feed carry no write time: a reader catches up with those by one full comparison.
        """
        since = cursor - FEED_SLACK_MS
        written_at: dict[str, int] = {}
        written: dict[str, str] = {}
        newest = cursor
        # Only the time is filtered in Chroma: with the first-passage condition beside it, its
        # SQLite would list every document's first passage to intersect the two.
        for meta in self._matching({WRITTEN_MS_KEY: {"$gte": since}}):
            if meta.get("chunk_index") != 0:
                continue
            doc, at = str(meta["doc_id"]), int(meta[WRITTEN_MS_KEY])
            written[doc], written_at[doc] = str(meta.get("content_hash", "")), at
            newest = max(newest, at)

        def read_deletions(_: Collection) -> list[Mapping[str, Any]]:
            deletions = self._deletions(create=False)
            if deletions is None:
                return []
            recent: dict[str, Any] = {WRITTEN_MS_KEY: {"$gte": since}}
            found = deletions.get(where=recent, include=["metadatas"])
            return list(found["metadatas"] or [])

        deleted: set[str] = set()
        for meta in self._run(read_deletions):
            doc, at = str(meta["doc_id"]), int(meta[WRITTEN_MS_KEY])
            newest = max(newest, at)
            if at >= written_at.get(doc, -1):
                deleted.add(doc)
                written.pop(doc, None)
        complete = since >= now_ms() - DELETIONS_KEPT_MS
        kept = {doc: written_at[doc] for doc in written}
        return StoreChanges(written, frozenset(deleted), newest, complete, kept)

    def record_source_files(self, files: Sequence[tuple[DocumentState, str]]) -> None:
        """Record which local file each stored document was read from, without rewriting it.

        Documents stored before files were recorded, or since read from another file (a URL
        id moved between dumps), get it on their next ingestion, unchanged as they are.
        """
        ids = [cid for state, path in files for cid in state.chunk_ids]
        metas = [{SOURCE_FILE_KEY: path} for state, path in files for _ in state.chunk_ids]
        for start in range(0, len(ids), self._max_batch):
            chosen_ids = ids[start : start + self._max_batch]
            chosen = metas[start : start + self._max_batch]
            self._run(
                lambda c, i=chosen_ids, m=chosen: c.update(ids=i, metadatas=m),  # type: ignore[misc]
                writes=True,
            )

    def change_marker(self) -> str:
        """A value that changes whenever any process writes to this collection.

        Readers (a bot noticing other workers' ingestions, caches of what only changes on
        ingestion) compare it with the last one seen. It is one small read of the collection's
        metadata, so its cost does not grow with the store, and it works the same against a
        Chroma server shared by several machines. A store last written before markers existed
        answers "" until its next write.
        """

        def read(_: Collection) -> str:
            current = self._connection.client.get_collection(self._name, embedding_function=None)
            return str((current.metadata or {}).get(GENERATION_KEY, ""))

        return self._run(read)

    def _mark_changed(self) -> None:
        """Give the collection a new generation after a write (see `change_marker`)."""
        generation = uuid.uuid4().hex

        def modify(collection: Collection) -> None:
            current = self._connection.client.get_collection(self._name, embedding_function=None)
            # Chroma refuses a metadata update that names hnsw:* keys (it reads them as a
            # change of distance function); the space itself lives in the configuration.
            kept = {k: v for k, v in (current.metadata or {}).items() if not k.startswith("hnsw:")}
            collection.modify(metadata={**kept, GENERATION_KEY: generation})

        self._run(modify, writes=True)

    def document_versions(self) -> dict[str, str]:
        """doc_id -> content hash of every stored document (read from its first passage)."""
        return {str(m["doc_id"]): str(m.get("content_hash", "")) for m in self._first_passages()}

    def _first_passages(
        self, page: int = 10_000, where: Mapping[str, Any] | None = None
    ) -> Iterator[Mapping[str, Any]]:
        """Metadata of every document's first passage (those matching `where`), in pages:
        Chroma's SQLite refuses a single read of more than about 32k rows."""
        first: dict[str, Any] = {"chunk_index": 0}
        yield from self._matching({"$and": [first, dict(where)]} if where else first, page)

    def _matching(
        self, where: Mapping[str, Any], page: int = 10_000
    ) -> Iterator[Mapping[str, Any]]:
        """Metadata of every passage matching `where`, in pages (see `_first_passages`)."""
        offset = 0
        while True:
            found = self._get(where=dict(where), include=["metadatas"], limit=page, offset=offset)
            yield from found["metadatas"] or []
            if len(found["ids"]) < page:
                return
            offset += page

    def document_passages(self, doc_id: str) -> list[Passage]:
        found = self._get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        return sorted(_passages(found), key=lambda p: p.index)

    def documents(
        self,
        *,
        sources: Sequence[str] = (),
        published_before: date | None = None,
        doc_id: str | None = None,
    ) -> list[DocumentSummary]:
        """Stored documents, newest first: all, or those of `sources` (any case) and/or
        published before a day (documents without a date are never "before" one), or the one
        with `doc_id`. A document is listed by its first passage."""
        clauses: list[dict[str, Any]] = [{"doc_id": doc_id}] if doc_id is not None else []
        if sources:
            clauses.append({"source_key": {"$in": [s.casefold() for s in sources]}})
        if published_before is not None:
            clauses.append({"published_day": {"$lt": day_number(published_before)}})
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        summaries = [
            DocumentSummary(
                doc_id=str(m["doc_id"]),
                title=m.get("title"),
                source=m.get("source"),
                published=m.get("published"),
                url=m.get("url"),
                passages=int(m.get("n_passages", 0)),
                ingested_at=m.get("ingested_at"),
                source_file=_source_file(m),
                origin=m.get("origin"),
            )
            for m in self._first_passages(where=where)
        ]
        return sorted(summaries, key=lambda d: (d.published or "", d.doc_id), reverse=True)

    def get(
        self, chunk_ids: Sequence[str], *, with_embeddings: bool = False
    ) -> list[tuple[Passage, np.ndarray | None]]:
        """Passages by id, in the order asked; ids that no longer exist are left out."""
        if not chunk_ids:
            return []
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        found = self._get(ids=list(chunk_ids), include=include)
        vectors = found.get("embeddings") if with_embeddings else None
        by_id: dict[str, tuple[Passage, np.ndarray | None]] = {}
        for i, passage in enumerate(_passages(found)):
            vector = np.asarray(vectors[i], dtype=np.float32) if vectors is not None else None
            by_id[passage.chunk_id] = (passage, vector)
        return [by_id[cid] for cid in chunk_ids if cid in by_id]

    def embeddings(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors of these passages by id (ids no longer stored are left out)."""
        if not chunk_ids:
            return {}
        found = self._get(ids=list(chunk_ids), include=["embeddings"])
        vectors = found.get("embeddings")
        if vectors is None:
            return {}
        return {cid: np.asarray(vectors[i], dtype=np.float32) for i, cid in enumerate(found["ids"])}

    def query(
        self, embedding: np.ndarray, *, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[str, float]]:
        """Nearest passages as `(chunk_id, cosine similarity)`, best first.

        Chroma returns fewer than `k` when fewer exist, so no count (a round trip) comes first.
        """
        where = filters.to_chroma_where() if filters else None
        result = self._run(
            lambda c: c.query(
                query_embeddings=[embedding], n_results=k, where=where, include=["distances"]
            )
        )
        ids = result["ids"][0]
        distances = (result["distances"] or [[]])[0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def iter_passages(self, *, batch_size: int = 1000) -> Iterator[Passage]:
        """Every stored passage, in pages, for rebuilding derived indexes."""
        offset = 0
        while True:
            page = self._get(include=["documents", "metadatas"], limit=batch_size, offset=offset)
            if not page["ids"]:
                return
            yield from _passages(page)
            offset += len(page["ids"])
