"""Topic alerts: chats follow topics, and newly arrived articles that answer one are pushed.

Three parts, none of which talks to Telegram:

- `Subscriptions`: a SQLite file in the data directory holding the subscriptions, which article
  each subscription was already sent (so nothing is pushed twice, across restarts too), an
  outbox of alerts not yet delivered, a log of what each chat was sent (for the hourly cap),
  and the document versions already looked at.
- `FollowWatcher.check()`: when the store's change marker moved (any process's ingestion),
  finds the documents that are new or changed since the last look, asks each followed topic
  against those documents only, with the QA service (so the same retrieval and refusal rules
  as `ask`), and queues one alert per matching article and subscription.
- `Subscriptions.due()`: what to deliver now, under the per-chat hourly cap; anything over the
  cap goes out as one summary message.

Alerts go through a persistent outbox, written in the same transaction that records the
documents as seen: a bot stopped between noticing an article and sending its alert sends it
after the restart, and one that sent it never sends it again.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vectorstore.errors import NewsbotError, StoreNotFound
from vectorstore.records import SearchFilters
from vectorstore.retriever import sync_keyword_index
from vectorstore.store import StoreChanges, now_ms

if TYPE_CHECKING:
    from bot.qa import QAService
    from bot.services import Newsbot

__all__ = [
    "Alert",
    "Delivery",
    "FollowError",
    "FollowWatcher",
    "Subscription",
    "Subscriptions",
    "find_matches",
    "follow_file",
]

log = logging.getLogger("newsbot.follow")

FOLLOW_FILE = "follow.sqlite3"
MAX_TOPIC_CHARS = 300
MAX_SUBSCRIPTIONS_PER_CHAT = 50
HOUR_S = 3600.0
# New documents are asked in batches (a retrieval filter names every id), and each batch is
# asked again without the documents already matched, so one strong article does not hide the
# others: at most this many rounds per batch.
BATCH_DOCUMENTS = 50
MAX_ROUNDS = 5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    topic TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (chat_id, topic)
);
CREATE TABLE IF NOT EXISTS sent (
    subscription_id INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (subscription_id, doc_id)
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    alert TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS send_log (
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS send_log_chat ON send_log (chat_id, at);
CREATE TABLE IF NOT EXISTS seen (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class FollowError(NewsbotError):
    """A follow request that cannot be carried out: an empty topic, an unknown number..."""


def follow_file(data_dir: Path, collection: str) -> Path:
    """One file per collection, like the keyword index: topics follow one collection's news."""
    return data_dir / FOLLOW_FILE.replace(".", f"-{collection}.", 1)


@dataclass(frozen=True)
class Subscription:
    id: int
    chat_id: int
    topic: str
    created_at: float


@dataclass(frozen=True)
class Alert:
    """One article that answers one followed topic, with the sentence that answers it."""

    subscription_id: int
    chat_id: int
    topic: str
    doc_id: str
    content_hash: str
    quote: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Delivery:
    """A message to send: one alert, or (`summary`) the alerts over the chat's hourly cap."""

    chat_id: int
    alerts: tuple[Alert, ...]
    outbox_ids: tuple[int, ...]
    summary: bool = False


class Subscriptions:
    """The follow state of one collection, in SQLite, shared by the bot and the CLI.

    Each call opens its own connection (WAL, with a busy timeout): the bot's poller thread,
    its handlers and a `newsbot follow add` in another process can all use the file at once.
    """

    def __init__(self, path: Path, *, max_per_hour: int = 10) -> None:
        self.path = path
        self.max_per_hour = max_per_hour
        path.parent.mkdir(parents=True, exist_ok=True)
        self._create()

    def _create(self, *, patience: float = 30.0) -> None:
        """Create the file and its tables once, whoever gets there first.

        Switching a new file to WAL takes a lock that SQLite's busy timeout does not wait for,
        so several first `/follow`s at once (or a `newsbot follow add` beside the bot) would
        fail with "database is locked": the switch is retried, and skipped once it is done.
        """
        deadline = time.monotonic() + patience
        while True:
            db = sqlite3.connect(self.path, timeout=patience, isolation_level=None)
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA busy_timeout=30000")
                db.executescript(_SCHEMA)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            finally:
                db.close()
            time.sleep(0.02)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One transaction, taking the write lock at once: a check-then-insert is atomic."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=30000")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    # --- subscriptions ---------------------------------------------------------------------

    def add(self, chat_id: int, topic: str, *, now: float | None = None) -> tuple[int, bool]:
        """Follow `topic` in `chat_id`: its number in the chat's list, and whether it is new."""
        topic = " ".join(topic.split())
        if not topic:
            raise FollowError("give a topic or question to follow")
        if not -(2**63) <= chat_id < 2**63:  # Telegram's ids fit in 52 bits; SQLite's in 64
            raise FollowError(f"{chat_id} is no Telegram chat id")
        if len(topic) > MAX_TOPIC_CHARS:
            raise FollowError(f"a topic is at most {MAX_TOPIC_CHARS} characters")
        with self._db() as db:
            rows = db.execute(
                "SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY id", (chat_id,)
            ).fetchall()
            topics = [row[0] for row in rows]
            if topic in topics:
                return topics.index(topic) + 1, False
            if len(topics) >= MAX_SUBSCRIPTIONS_PER_CHAT:
                raise FollowError(
                    f"a chat follows at most {MAX_SUBSCRIPTIONS_PER_CHAT} topics; remove one first"
                )
            db.execute(
                "INSERT INTO subscriptions (chat_id, topic, created_at) VALUES (?, ?, ?)",
                (chat_id, topic, time.time() if now is None else now),
            )
        return len(topics) + 1, True

    def followed(self, chat_id: int | None = None) -> list[Subscription]:
        """Subscriptions in the order they were made (a chat's, or every chat's)."""
        sql = "SELECT id, chat_id, topic, created_at FROM subscriptions"
        params: tuple[Any, ...] = ()
        if chat_id is not None:
            sql += " WHERE chat_id = ?"
            params = (chat_id,)
        with self._db() as db:
            rows = db.execute(sql + " ORDER BY id", params).fetchall()
        return [Subscription(*row) for row in rows]

    def remove(self, number: int, chat_id: int | None = None) -> Subscription:
        """Remove the `number`-th subscription of `followed(chat_id)` (1-based), with its queue."""
        listed = self.followed(chat_id)
        if not 1 <= number <= len(listed):
            shown = "no topics are followed" if not listed else f"choose 1 to {len(listed)}"
            raise FollowError(f"there is no subscription {number}: {shown}")
        chosen = listed[number - 1]
        with self._db() as db:
            db.execute("DELETE FROM subscriptions WHERE id = ?", (chosen.id,))
            db.execute("DELETE FROM sent WHERE subscription_id = ?", (chosen.id,))
            db.execute("DELETE FROM outbox WHERE subscription_id = ?", (chosen.id,))
        return chosen

    # --- what was seen, and the outbox -----------------------------------------------------

    def seen_versions(self) -> dict[str, str] | None:
        """doc_id -> content hash last looked at; None before the first look."""
        with self._db() as db:
            started = db.execute("SELECT 1 FROM state WHERE key = 'baseline'").fetchone()
            rows = db.execute("SELECT doc_id, content_hash FROM seen").fetchall()
        return dict(rows) if started else None

    def started(self) -> bool:
        """Whether the first look at the store was recorded (following starts there)."""
        with self._db() as db:
            return db.execute("SELECT 1 FROM state WHERE key = 'baseline'").fetchone() is not None

    def seen_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc_id -> content hash last looked at, of these documents only."""
        wanted = list(doc_ids)
        found: dict[str, str] = {}
        with self._db() as db:
            for start in range(0, len(wanted), 500):
                chosen = wanted[start : start + 500]
                marks = ",".join("?" * len(chosen))
                found.update(
                    db.execute(
                        f"SELECT doc_id, content_hash FROM seen WHERE doc_id IN ({marks})", chosen
                    ).fetchall()
                )
        return found

    def feed_cursor(self) -> int | None:
        """How far the store's change feed was read (`PassageStore.changes_since`)."""
        with self._db() as db:
            row = db.execute("SELECT value FROM state WHERE key = 'feed_cursor'").fetchone()
        return int(row[0]) if row else None

    def marker(self) -> str | None:
        with self._db() as db:
            row = db.execute("SELECT value FROM state WHERE key = 'marker'").fetchone()
        return str(row[0]) if row else None

    def record(
        self,
        versions: dict[str, str],
        marker: str | None,
        alerts: Sequence[Alert],
        *,
        now: float | None = None,
        cursor: int | None = None,
        everything: bool = True,
        forget: Iterable[str] = (),
    ) -> list[Alert]:
        """Record the documents as seen and queue the alerts not sent before, in one
        transaction; the alerts queued. `versions` is every stored document (`everything`),
        or only those the change feed listed, `forget` those it says were deleted."""
        at = time.time() if now is None else now
        queued: list[Alert] = []
        with self._db() as db:
            if everything:
                db.execute("DELETE FROM seen")
            db.executemany("DELETE FROM seen WHERE doc_id = ?", [(doc,) for doc in forget])
            db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?)", list(versions.items()))
            db.execute("INSERT OR REPLACE INTO state VALUES ('baseline', '1')")
            if marker is not None:
                db.execute("INSERT OR REPLACE INTO state VALUES ('marker', ?)", (marker,))
            if cursor is not None:
                db.execute("INSERT OR REPLACE INTO state VALUES ('feed_cursor', ?)", (cursor,))
            for alert in alerts:
                exists = db.execute(
                    "SELECT 1 FROM subscriptions WHERE id = ?", (alert.subscription_id,)
                ).fetchone()
                inserted = db.execute(
                    "INSERT OR IGNORE INTO sent VALUES (?, ?, ?, ?)",
                    (alert.subscription_id, alert.doc_id, alert.content_hash, at),
                ).rowcount
                if exists and inserted:
                    db.execute(
                        "INSERT INTO outbox (subscription_id, chat_id, alert) VALUES (?, ?, ?)",
                        (alert.subscription_id, alert.chat_id, json.dumps(asdict(alert))),
                    )
                    queued.append(alert)
        return queued

    def due(self, *, now: float | None = None) -> list[Delivery]:
        """What to send now: each chat's queued alerts, one message each while the chat is
        under `max_per_hour` alerts in the last hour; the rest in one summary message, at most
        one summary an hour (until then they wait, and may yet go out one by one)."""
        at = time.time() if now is None else now
        with self._db() as db:
            rows = db.execute("SELECT id, chat_id, alert FROM outbox ORDER BY id").fetchall()
            queued: dict[int, list[tuple[int, Alert]]] = {}
            for outbox_id, chat_id, payload in rows:
                queued.setdefault(chat_id, []).append((outbox_id, Alert(**json.loads(payload))))
            deliveries: list[Delivery] = []
            for chat_id, items in queued.items():
                sent, summaries = db.execute(
                    "SELECT COALESCE(SUM(kind = 'alert'), 0), COALESCE(SUM(kind = 'summary'), 0)"
                    " FROM send_log WHERE chat_id = ? AND at > ?",
                    (chat_id, at - HOUR_S),
                ).fetchone()
                room = max(0, self.max_per_hour - sent)
                deliveries += [
                    Delivery(chat_id, (alert,), (outbox_id,)) for outbox_id, alert in items[:room]
                ]
                rest = items[room:]
                if rest and not summaries:
                    deliveries.append(
                        Delivery(
                            chat_id,
                            tuple(alert for _, alert in rest),
                            tuple(outbox_id for outbox_id, _ in rest),
                            summary=True,
                        )
                    )
        return deliveries

    def delivered(self, delivery: Delivery, *, now: float | None = None) -> None:
        """The delivery was sent: out of the outbox, into the chat's send log."""
        at = time.time() if now is None else now
        kind = "summary" if delivery.summary else "alert"
        with self._db() as db:
            db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in delivery.outbox_ids])
            db.execute("INSERT INTO send_log VALUES (?, ?, ?)", (delivery.chat_id, kind, at))
            db.execute("DELETE FROM send_log WHERE at < ?", (at - 2 * HOUR_S,))

    def drop(self, delivery: Delivery) -> None:
        """The delivery can never be sent (the bot was removed from the chat, say)."""
        with self._db() as db:
            db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in delivery.outbox_ids])


def find_matches(qa: QAService, topic: str, doc_ids: Sequence[str]) -> list[tuple[str, str, Any]]:
    """The documents among `doc_ids` that answer `topic`: `(doc_id, quote, passage)` each.

    The topic is asked as a question with retrieval restricted to these documents, so the same
    retrieval and refusal rules as `ask` decide; a refusal means no match. Each batch is asked
    again without the documents already matched, as an answer cites only a few.
    """
    matches: list[tuple[str, str, Any]] = []
    for start in range(0, len(doc_ids), BATCH_DOCUMENTS):
        remaining = list(doc_ids[start : start + BATCH_DOCUMENTS])
        for _ in range(MAX_ROUNDS):
            if not remaining:
                break
            answer = qa.ask(topic, filters=SearchFilters(doc_ids=tuple(remaining)))
            if answer.refused:
                break
            found = False
            for citation in answer.citations:
                doc_id = citation.passage.doc_id
                if doc_id in remaining:
                    remaining.remove(doc_id)
                    matches.append((doc_id, citation.quote, citation.passage))
                    found = True
            if not found:
                break
    return matches


class FollowWatcher:
    """Notices new or changed articles, whoever wrote them, and queues the alerts they raise."""

    def __init__(self, newsbot: Newsbot, subscriptions: Subscriptions) -> None:
        self.newsbot = newsbot
        self.subscriptions = subscriptions

    def check(self, *, now: float | None = None) -> list[Alert]:
        """One look at the store (cheap when its change marker has not moved); the alerts
        queued. The first look only records what is there: following starts now.

        What changed is read from the store's change feed, so a look costs what changed since
        the last one, not the store's size; a look after a long pause (past the feed's memory)
        or from a file written before the feed existed compares every document once.
        """
        subscriptions = self.subscriptions
        try:
            store = self.newsbot.store()
            marker = store.change_marker()
        except StoreNotFound:  # nothing ingested yet: everything that comes will be new
            if not subscriptions.started():
                subscriptions.record({}, None, [], now=now, cursor=now_ms())
            return []
        if marker and marker == subscriptions.marker():
            return []
        if not subscriptions.started():
            start = now_ms()  # what arrived just before (in the feed's slack) is seen, not new
            subscriptions.record(
                store.changes_since(start).written, marker, [], now=now, cursor=start
            )
            return []
        cursor = subscriptions.feed_cursor()
        changes = store.changes_since(cursor) if cursor is not None else None
        if changes is not None and changes.complete:
            everything, seen = False, subscriptions.seen_of(changes.written)
        else:  # no cursor, or one older than the feed's memory: compare every document, once
            changes = StoreChanges(store.document_versions(), frozenset(), now_ms())
            everything, seen = True, subscriptions.seen_versions() or {}
        versions = dict(changes.written)
        changed = sorted(doc for doc, version in versions.items() if seen.get(doc) != version)
        # A document another process is writing right now is looked at once it is whole (its
        # last write renews the marker): until then it keeps its old version here, and the
        # feed is read again from its write time.
        whole = store.complete_documents(versions, changed)
        unfinished = [doc for doc in changed if doc not in whole]
        for doc in unfinished:
            if doc in seen:
                versions[doc] = seen[doc]
            else:
                del versions[doc]
        changed = [doc for doc in changed if doc in whole]
        cursor = changes.resume_at(unfinished)
        forget = changes.deleted
        alerts: list[Alert] = []
        followed = subscriptions.followed()
        if changed and followed:
            index = self.newsbot.keyword_index()
            # Another worker's ingestion through a shared Chroma server did not touch our index.
            sync_keyword_index(store, index, thorough=self.newsbot.settings.chroma_host is not None)
            qa = self.newsbot.qa()
            for subscription in followed:
                for doc_id, quote, passage in find_matches(qa, subscription.topic, changed):
                    alerts.append(
                        Alert(
                            subscription_id=subscription.id,
                            chat_id=subscription.chat_id,
                            topic=subscription.topic,
                            doc_id=doc_id,
                            content_hash=versions[doc_id],
                            quote=quote,
                            title=passage.title,
                            source=passage.source,
                            published=passage.published.isoformat() if passage.published else None,
                            url=passage.url,
                        )
                    )
        queued = subscriptions.record(
            versions, marker, alerts, now=now, cursor=cursor, everything=everything, forget=forget
        )
        if changed:
            log.info("%d new or changed articles: %d alerts queued", len(changed), len(queued))
        return queued
