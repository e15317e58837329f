"""The Telegram bot (`newsbot telegram`): thin handlers over the QA service.

Handlers parse the update, make one service call off the event loop (a slow question never
blocks other chats), and reply with escaped HTML split under Telegram's limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import secrets
import threading
import time
import warnings
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.answers import Answer
from bot.follow import Delivery, FollowError, FollowWatcher, Subscriptions, follow_file
from bot.formatting import ingest_summary, plural
from bot.qa import QAService
from bot.ratelimit import Notices, RateLimiter
from bot.redact import install_redaction
from bot.services import IngestionLocked, Newsbot
from bot.settings import Settings
from bot.telegram_log import quiet_polling_errors
from bot.telegram_render import (
    MESSAGE_LIMIT,
    render_alert,
    render_alert_summary,
    render_answer,
    render_sources,
    split_lines,
    split_text,
)
from ingest.errors import SourceError
from ingest.loaders import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, is_url
from vectorstore.errors import NewsbotError, StoreNotFound

__all__ = ["BotServices", "Webhook", "build_application", "run", "webhook_secret"]

log = logging.getLogger("newsbot.telegram")

KEPT_ANSWERS = 20  # per chat, for the Sources button
KEPT_TURNS = 5  # per chat, for follow-up questions
# Chats whose answers and conversation are kept; the least recently answered beyond this are
# forgotten (a chat's 20 answers hold their passages: ~140 KB, so about 140 MB in all).
KEPT_CHATS = 1000
# A file as large as ingestion reads one (the Bot API would let bots download 20 MB).
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
# An upload's name on disk, in UTF-8 bytes: with the chat id before it, well under the 255
# bytes file systems allow in a name (Telegram sends names of up to 255 characters).
MAX_UPLOAD_NAME_BYTES = 160
TYPING_EVERY_S = 4.0  # Telegram shows a chat action for about 5 s
SEND_ATTEMPTS = 3  # tries per message when Telegram answers 429 or 5xx
# How long a stopping bot waits for the topic-alert poller to finish the alert it is sending
# (one send, with its retries) before it cancels the poller anyway.
FOLLOW_STOP_GRACE_S = 20.0
MAX_RETRY_AFTER_S = 60.0  # flood control asking for longer than this: give the message up
NOTICE_EVERY_S = 30.0  # at most one "please wait" or "private" reply per user this often
INGEST_WAIT_S = 900.0  # an upload waits this long for another ingestion to finish
INGEST_POLL_S = 1.0  # how often a waiting upload looks whether the other one has finished
BACKOFF_S = 1.0  # before the first resend after a 5xx; doubles each time

HELP = """<b>newsbot</b> answers questions from {articles} news reports{span}, quoting the exact \
passages it relies on.

Ask in a message, or with /ask <i>question</i>{group_hint}. Examples:
• <i>Who captured Saraqeb?</i>
• <i>How many people were killed at Aleppo's university?</i>

Follow-up questions work; /reset forgets the conversation. /sources shows the full passages \
behind the last answer; /stats and /latest describe the collection. If the reports don't cover \
a question, I say so rather than guess.

/follow <i>topic or question</i> sends you new reports that answer it; /following lists what \
you follow, /unfollow <i>N</i> stops one."""
ADMIN_HELP = "\n\nAdmin: /ingest <i>url</i>, or send a file: " + ", ".join(
    sorted(SUPPORTED_SUFFIXES)
)
PRIVATE = "Sorry, this bot is private."
BUSY = "You're asking quickly — please wait {seconds} s and try again."
EMPTY_STORE = "No reports have been ingested yet, so I can't answer anything."
ERROR = "Sorry, something went wrong while handling that. Please try again."
FETCH_FAILED = "could not fetch that page"


@dataclass
class BotServices:
    """What the handlers share for the application's lifetime."""

    newsbot: Newsbot
    limiter: RateLimiter
    notices: Notices = field(default_factory=lambda: Notices(NOTICE_EVERY_S))
    _follow: Subscriptions | None = None
    _follow_lock: threading.Lock = field(default_factory=threading.Lock)
    # Set after an /ingest, so its alerts go out now rather than at the next poll.
    wake: asyncio.Event | None = None
    # Set when the bot stops: the poller finishes the alert it is sending and ends.
    stopping: asyncio.Event | None = None
    # One of this bot's ingestions at a time; the others wait here, as coroutines, not in the
    # worker threads every question needs.
    ingesting: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def settings(self) -> Settings:
        return self.newsbot.settings

    @property
    def follow_path(self) -> Path:
        return follow_file(self.settings.data_dir, self.settings.collection)

    def follow(self) -> Subscriptions:
        """The chats' subscriptions (the file is created by the first /follow, once, however
        many commands arrive together)."""
        with self._follow_lock:
            if self._follow is None:
                self._follow = Subscriptions(
                    self.follow_path, max_per_hour=self.settings.follow_max_per_hour
                )
            return self._follow

    def subscribe(self, chat_id: int, topic: str) -> tuple[int, bool]:
        """Follow `topic` from now on: the store's current articles are recorded as seen
        before the call returns, so only what arrives later is pushed."""
        subscriptions = self.follow()
        number, new = subscriptions.add(chat_id, topic)
        if not subscriptions.started():
            try:
                FollowWatcher(self.newsbot, subscriptions).check()
            except NewsbotError as exc:  # the store is unreachable: the poller will look later
                log.warning("topic alerts: could not look at the store yet: %s", exc)
        return number, new

    def qa(self) -> QAService:
        """The QA service, opened once however many updates ask for it at the same time."""
        return self.newsbot.qa()

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.telegram_admins

    def is_allowed(self, user_id: int | None) -> bool:
        allowed = self.settings.telegram_allowed_users
        return not allowed or self.is_admin(user_id) or (user_id is not None and user_id in allowed)

    def corpus(self) -> dict[str, Any]:
        documents = self.newsbot.store().documents()
        days = sorted(d.published for d in documents if d.published)
        return {
            "documents": documents,
            "first": days[0] if days else None,
            "last": days[-1] if days else None,
        }

    def ingest(self, sources: list[str], *, prune: bool = False) -> str:
        """Ingest now, or raise IngestionLocked at once when another process is ingesting
        (`_ingest_in_turn` waits for it without holding a thread). With `prune`, what the
        sources' files no longer hold is removed (`Ingestor.ingest`). Earlier passages'
        sentence vectors are left to `newsbot ingest`: storing them on an older store takes
        minutes, once, which the person waiting for this reply should not wait for."""
        with self.newsbot.ingestion_lock():
            report = self.newsbot.ingestor().ingest(sources, prune=prune, catch_up=False)
        lines = [ingest_summary(report)]
        lines += [_failure_line(error) for error in report.failures[:10]]
        return "\n".join(lines)


def _failure_line(error: SourceError) -> str:
    """A failed URL gets one generic line; the reason goes to the log for the operator.

    "Connection refused", "HTTP 404", "timed out" or "a private address" would tell whoever
    sends /ingest what listens where, making the bot a port scanner.
    """
    if is_url(error.source):
        log.info("ingesting %s failed: %s", error.source, error.reason)
        return f"• {error.source}: {FETCH_FAILED}"
    return f"• {error}"


def _services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    services: BotServices = context.application.bot_data["services"]
    return services


_T = TypeVar("_T")


async def _send(send: Callable[[], Awaitable[_T]]) -> _T:
    """Make one Bot API call, resending on flood control (429) and server errors (5xx).

    An answer takes seconds to compute; losing it to one 429 or a 502 from Telegram's front end
    is a waste the user sees. Flood control says how long to wait (at most MAX_RETRY_AFTER_S is
    honoured); server errors back off 1 s, 2 s. A timeout is not retried: the message may have
    arrived, and a duplicate answer is worse than an error.
    """
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await send()
        except RetryAfter as exc:
            wait = _retry_after_s(exc)
            if attempt == SEND_ATTEMPTS or wait > MAX_RETRY_AFTER_S:
                raise
            log.warning("Telegram flood control: resending in %.0f s", wait)
        except (BadRequest, TimedOut):
            raise
        except NetworkError as exc:
            if attempt == SEND_ATTEMPTS:
                raise
            wait = BACKOFF_S * 2 ** (attempt - 1)
            log.warning("Telegram failed to send (%s): resending in %.0f s", exc, wait)
        await asyncio.sleep(wait)
    raise AssertionError("unreachable")  # the last attempt returns or raises


def _retry_after_s(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the int form becomes a timedelta
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _reply(message: Message, parts: list[str], **kwargs: Any) -> None:
    """Send HTML parts in order; the last one carries `kwargs` (a keyboard, say)."""
    for number, part in enumerate(parts, start=1):
        extra = kwargs if number == len(parts) else {}
        await _send(
            partial(
                message.reply_text,
                part,
                parse_mode=ParseMode.HTML,
                disable_web_page_preview=True,
                **extra,
            )
        )


async def _reply_text(message: Message, text: str) -> None:
    """Plain text (no parse mode), so nothing in it can break Telegram's parser; a long one
    in several messages, never cut."""
    for part in split_lines(text):
        await _send(partial(message.reply_text, part))


@contextlib.asynccontextmanager
async def _typing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> AsyncIterator[None]:
    """Show "typing…" for as long as the work takes."""
    chat = update.effective_chat

    async def keep_typing(chat_id: int) -> None:
        while True:
            # A failed "typing…" (flood control included) must not take the answer down with it.
            with contextlib.suppress(NetworkError, RetryAfter):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY_S)

    task = asyncio.create_task(keep_typing(chat.id)) if chat else None
    try:
        yield
    finally:
        if task:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _admitted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether this user may be served now (allowed, and under the rate limit), saying why not.

    Every command passes here, not only questions: /stats and /latest scan the whole collection.
    """
    user = update.effective_user
    services = _services(context)
    message = update.effective_message
    key = _sender_key(update)
    if not services.is_allowed(user.id if user else None):
        await _notice(services, message, key, PRIVATE)
        return False
    wait = services.limiter.check(key)
    if wait:
        await _notice(services, message, key, BUSY.format(seconds=max(1, round(wait))))
        return False
    return True


def _sender_key(update: Update) -> int:
    """Whom the rate limit and notices count an update against: the chat it was sent on
    behalf of (a channel's post, a group's anonymous admin, a channel writing in a group),
    else its user, else its chat.

    Not the user alone: channel posts have none (all of them were one key, 0), and every
    group's anonymous admins come as one user (@GroupAnonymousBot), so one group's flood
    silenced the others. Chat ids of groups and channels are negative, never a user's id.
    """
    sender = update.effective_sender
    if sender is not None:
        return sender.id
    chat = update.effective_chat
    return chat.id if chat is not None else 0


async def _notice(services: BotServices, message: Message | None, key: int, text: str) -> None:
    """Tell a refused user why, once per NOTICE_EVERY_S and in one try: a flood of refused
    messages must not become a flood of replies that wait out Telegram's flood control in
    the handlers everyone else's questions need."""
    if message is None or not services.notices.due(key):
        return
    with contextlib.suppress(TelegramError):
        await message.reply_text(text)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /help: what the bot knows and how to ask."""
    if not await _admitted(update, context) or not update.effective_message:
        return
    services = _services(context)
    try:
        corpus = await asyncio.to_thread(services.corpus)
    except StoreNotFound:
        corpus = {"documents": [], "first": None, "last": None}
    span = f", published {corpus['first']} to {corpus['last']}" if corpus["first"] else ""
    group = update.effective_chat and update.effective_chat.type != ChatType.PRIVATE
    text = HELP.format(
        articles=len(corpus["documents"]),
        span=span,
        group_hint=f" (in groups, /ask or mention @{context.bot.username})" if group else "",
    )
    if services.is_admin(update.effective_user.id if update.effective_user else None):
        text += ADMIN_HELP
    await _reply(update.effective_message, [text])


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question>."""
    await _answer(update, context, " ".join(context.args or []))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain messages: every one in private chats, mentions of the bot in groups."""
    message = update.effective_message
    if not message or not message.text:
        return
    if message.chat.type == ChatType.PRIVATE:
        await _answer(update, context, message.text)
        return
    mention = f"@{context.bot.username}".casefold()
    mentions = message.parse_entities([MessageEntity.MENTION])
    if any(text.casefold() == mention for text in mentions.values()):
        question = message.text
        for text in mentions.values():
            if text.casefold() == mention:
                question = question.replace(text, " ")
        await _answer(update, context, question)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    message = update.effective_message
    if not message or not await _admitted(update, context):
        return
    if not question.strip():
        await _reply_text(message, "Ask me something, e.g. /ask who captured Saraqeb?")
        return
    # One chat's questions are answered in the order they came: a follow-up sent right after
    # its question must read that question's answer in the history.
    async with _chat_lock(context, message.chat_id):
        await _answer_in_turn(update, context, message, question)


async def _answer_in_turn(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, question: str
) -> None:
    services = _services(context)
    history = _history(context)
    streamer: _Streamer | None = None
    try:
        qa = await asyncio.to_thread(services.qa)
        streamer = _Streamer(message) if qa.llm else None
        async with _typing(update, context):
            if streamer:
                await streamer.start()
            answer = await asyncio.to_thread(
                qa.ask,
                question.strip(),
                history=list(history),
                on_statement=streamer.add if streamer else None,
            )
    except Exception as exc:
        if streamer:  # no half-streamed answer stays behind
            await streamer.discard()
        if isinstance(exc, StoreNotFound):
            await _reply_text(message, EMPTY_STORE)
            return
        if isinstance(exc, NewsbotError):  # "the question is only a link: ask about ..."
            await _reply_text(message, str(exc)[:1].upper() + str(exc)[1:] + ".")
            return
        raise  # the error handler replies
    history.append((question.strip(), answer.text))
    del history[:-KEPT_TURNS]
    key = _remember(context, answer)
    _forget_idle_chats(context, message.chat_id)
    button = InlineKeyboardMarkup([[InlineKeyboardButton("Sources", callback_data=f"src:{key}")]])
    parts = render_answer(answer)
    if streamer and await streamer.finish(
        parts[0], reply_markup=button if len(parts) == 1 else None
    ):
        parts = parts[1:]
    if parts:
        await _reply(message, parts, reply_markup=button)


CHAT_LOCKS = "chat_locks"
RECENT_CHATS = "recent_chats"  # chat ids, least recently answered first


UPLOAD_LOCKS = "upload_locks"


def _chat_lock(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> asyncio.Lock:
    """This chat's lock, kept only while someone holds or awaits it."""
    return _lock(context, CHAT_LOCKS, chat_id)


def _lock(context: ContextTypes.DEFAULT_TYPE, kind: str, key: Any) -> asyncio.Lock:
    """The lock of `key` among the application's locks of `kind`, kept only while someone
    holds or awaits it."""
    locks: weakref.WeakValueDictionary[Any, asyncio.Lock] = context.application.bot_data[kind]
    lock = locks.get(key)
    if lock is None:
        lock = locks[key] = asyncio.Lock()
    return lock


def _preview(statements: list[str]) -> str:
    """The verified statements so far and "…", within Telegram's limit as it counts (UTF-16
    units): a preview of emoji-heavy text cut by characters was refused as too long."""
    if not statements:
        return ""
    return split_text(" ".join(statements), MESSAGE_LIMIT - 2)[0] + " …"


class _Streamer:
    """Shows an LLM answer as it is verified: one message, "…" at first, edited at most every
    1.2 s with the statements verified so far, and replaced by the final answer at the end.

    It only ever holds verified text. If the final edit fails, the message is deleted and the
    caller sends the answer as new messages, so a partial or superseded answer never stays.
    """

    EVERY_S = 1.2

    def __init__(self, message: Message) -> None:
        self.message = message
        self.placeholder: Message | None = None
        self._statements: list[str] = []
        self._task: asyncio.Task[None] | None = None

    def add(self, statement: str) -> None:  # called from the worker thread
        self._statements.append(statement)

    async def start(self) -> None:
        """Post the placeholder; if Telegram refuses it, the answer is sent whole at the end."""
        try:
            self.placeholder = await _send(partial(self.message.reply_text, "…"))
        except TelegramError as exc:
            log.warning("could not start streaming the answer (%s); sending it at the end", exc)
            return
        self._task = asyncio.create_task(self._refresh())

    async def _refresh(self) -> None:
        shown = ""
        while True:
            await asyncio.sleep(self.EVERY_S)
            preview = _preview(self._statements)
            if preview and preview != shown and self.placeholder:
                try:
                    await self.placeholder.edit_text(preview)
                except RetryAfter as exc:  # flood control: skip edits until it has passed
                    await asyncio.sleep(min(_retry_after_s(exc), MAX_RETRY_AFTER_S))
                    continue
                except TelegramError:
                    pass  # a preview that failed is only a preview: the final edit decides
                shown = preview

    async def _stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await self._task
            self._task = None

    async def finish(self, html_text: str, *, reply_markup: Any = None) -> bool:
        """Put the final answer into the message; False (message deleted) if that failed."""
        await self._stop()
        if self.placeholder is None:
            return False
        try:
            await self.placeholder.edit_text(
                html_text,
                parse_mode=ParseMode.HTML,
                disable_web_page_preview=True,
                reply_markup=reply_markup,
            )
            return True
        except TelegramError as exc:
            log.warning("could not edit the streamed answer (%s); sending it anew", exc)
            await self.discard()
            return False

    async def discard(self) -> None:
        """Remove the streamed message: the answer failed or goes out as a new message."""
        await self._stop()
        if self.placeholder is not None:
            with contextlib.suppress(TelegramError):
                await self.placeholder.delete()
            self.placeholder = None


def _history(context: ContextTypes.DEFAULT_TYPE) -> list[tuple[str, str]]:
    chat_data = context.chat_data if context.chat_data is not None else {}
    history: list[tuple[str, str]] = chat_data.setdefault("history", [])
    return history


async def reset_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reset: forget this chat's conversation, so the next question stands alone."""
    message = update.effective_message
    if not await _admitted(update, context) or not message:
        return
    # After the answer under way, which would otherwise add its turn back to the history.
    async with _chat_lock(context, message.chat_id):
        _history(context).clear()
    await _reply_text(message, "Conversation forgotten.")


def _remember(context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> int:
    """Keep the chat's recent answers for the Sources button and /sources."""
    chat_data = context.chat_data if context.chat_data is not None else {}
    answers: OrderedDict[int, Answer] = chat_data.setdefault("answers", OrderedDict())
    key = chat_data.get("next_key", 1)
    chat_data["next_key"] = key + 1
    answers[key] = answer
    while len(answers) > KEPT_ANSWERS:
        answers.popitem(last=False)
    return int(key)


def _forget_idle_chats(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Mark the chat as just answered; forget the answers and conversation of the least
    recently answered chats beyond KEPT_CHATS, so a bot serving many chats keeps a bounded
    memory (their Sources buttons then say the answer is too old)."""
    recent: OrderedDict[int, None] = context.application.bot_data.setdefault(
        RECENT_CHATS, OrderedDict()
    )
    recent[chat_id] = None
    recent.move_to_end(chat_id)
    while len(recent) > KEPT_CHATS:
        idle, _ = recent.popitem(last=False)
        context.application.drop_chat_data(idle)


def _recalled(context: ContextTypes.DEFAULT_TYPE, key: int | None) -> Answer | None:
    answers: OrderedDict[int, Answer] = (context.chat_data or {}).get("answers", OrderedDict())
    if not answers:
        return None
    return answers.get(key) if key is not None else next(reversed(answers.values()))


async def sources_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Sources button under an answer: the full quoted passages."""
    query = update.callback_query
    if not query:
        return
    # Only stops the button's spinner: a query too old to answer (after a restart) or flood
    # control must not cost the sources themselves.
    with contextlib.suppress(TelegramError):
        await query.answer()
    if not await _admitted(update, context) or not query.message:
        return
    _, _, raw = (query.data or "").partition(":")
    answer = _recalled(context, int(raw) if _a_number(raw) else -1)
    if answer is None:
        await context.bot.send_message(query.message.chat.id, "That answer is too old.")
        return
    chat_id = query.message.chat.id
    for part in render_sources(answer):
        await _send(
            partial(
                context.bot.send_message,
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                disable_web_page_preview=True,
            )
        )


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the full passages behind the last answer in this chat."""
    if not await _admitted(update, context) or not update.effective_message:
        return
    answer = _recalled(context, None)
    if answer is None:
        await _reply_text(update.effective_message, "Ask a question first.")
        return
    await _reply(update.effective_message, render_sources(answer))


async def _corpus(update: Update, context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any] | None:
    """The collection's documents and date span; None (after saying why) when there is none."""
    if not update.effective_message or not await _admitted(update, context):
        return None
    try:
        return await asyncio.to_thread(_services(context).corpus)
    except StoreNotFound:
        await _reply_text(update.effective_message, EMPTY_STORE)
        return None


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: how many reports, outlets and dates."""
    corpus = await _corpus(update, context)
    if corpus is None or not update.effective_message:
        return
    documents = corpus["documents"]
    outlets = len({d.source for d in documents if d.source})
    passages = sum(d.passages for d in documents)
    text = ", ".join(
        [plural(len(documents), "report"), plural(passages, "passage"), plural(outlets, "outlet")]
    )
    if corpus["first"]:
        text += f", published {corpus['first']} to {corpus['last']}"
    await _reply_text(update.effective_message, text + ".")


async def latest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/latest: the most recently ingested reports."""
    corpus = await _corpus(update, context)
    if corpus is None or not update.effective_message:
        return
    latest = sorted(corpus["documents"], key=lambda d: d.ingested_at or "", reverse=True)[:5]
    lines = [
        f"• {d.title or d.doc_id}"
        + (f" — {d.source}" if d.source else "")
        + (f", {d.published}" if d.published else "")
        for d in latest
    ]
    await _reply_text(update.effective_message, "\n".join(["Latest reports:", *lines]))


async def _admin_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    if not await _admitted(update, context):
        return False
    user = update.effective_user
    if _services(context).is_admin(user.id if user else None):
        return True
    if update.effective_message:
        await _reply_text(update.effective_message, "Only admins can add reports.")
    return False


async def ingest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ingest <url> (admins)."""
    message = update.effective_message
    if not message or not await _admin_only(update, context):
        return
    urls = [arg for arg in context.args or [] if is_url(arg)]
    if not urls:
        await _reply_text(message, "Usage: /ingest https://example.com/article")
        return
    await _ingest(update, context, urls)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An uploaded file (admins): saved under the data directory, then ingested."""
    message = update.effective_message
    if not message or not message.document:
        return
    if message.chat.type != ChatType.PRIVATE and not _addressed(message, context):
        # A file shared in a group is for its members: ingested only when the bot is asked
        # (its @name in the caption), and nobody is told off for sharing one.
        return
    if not await _admin_only(update, context):
        return
    document = message.document
    name = Path(document.file_name or "upload.txt").name
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        await _reply_text(message, f"I can't read {name}: send one of {supported}.")
        return
    too_large = f"{name} is too large (the limit is {MAX_UPLOAD_BYTES // 1_000_000} MB)."
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await _reply_text(message, too_large)
        return
    # One path per chat and file name (the file's path is its document's id): the same file
    # sent again changes nothing, and a new version sent under the same name replaces the
    # earlier one, as re-ingesting a changed file does. Not per Telegram file: every version
    # is another file to Telegram, and would have been one more document, quoted beside
    # the old one.
    uploads = _services(context).settings.data_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    target = uploads / f"{message.chat.id}-{_disk_name(name)}"
    # Two versions sent at once take turns: each is written, ingested and deleted whole.
    async with _lock(context, UPLOAD_LOCKS, target):
        try:
            telegram_file = await document.get_file()
            await telegram_file.download_to_drive(target)
            # The size a message gives may be missing or wrong: what arrived decides.
            if target.stat().st_size > MAX_UPLOAD_BYTES:
                await _reply_text(message, too_large)
                return
            # Pruned: what an earlier version of this file held and this one does not (a
            # dump's dropped item) goes, as with `ingest --prune` of a file.
            await _ingest(update, context, [str(target)], prune=True)
        finally:
            # Its text is in the store now; kept, uploads would pile up, and a report removed
            # with `newsbot docs remove` would live on here.
            target.unlink(missing_ok=True)


def _disk_name(name: str) -> str:
    """`name`, or a long one shortened to MAX_UPLOAD_NAME_BYTES: its beginning, a hash of the
    whole name (two long names differing only at the end stay two files) and its extension
    (which says how the file is read). Control characters go ("\\x00.json" cannot be a file
    name); a name of nothing else, or of an extension only, is "upload" with it."""
    name = "".join(c for c in name if c.isprintable()).strip()
    if not name.strip(". ") or name.startswith("."):
        name = "upload" + name  # ".json" (or a name of control characters and ".json")
    if len(name.encode("utf-8")) <= MAX_UPLOAD_NAME_BYTES:
        return name
    suffix = Path(name).suffix
    tag = "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    room = MAX_UPLOAD_NAME_BYTES - len((tag + suffix).encode("utf-8"))
    stem = name[: -len(suffix)] if suffix else name
    stem = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return stem + tag + suffix


def _addressed(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether a group message's caption names the bot ("@newsbot_bot add this")."""
    mention = f"@{context.bot.username}".casefold()
    return mention in (message.caption or "").casefold()


async def _ingest(
    update: Update, context: ContextTypes.DEFAULT_TYPE, sources: list[str], *, prune: bool = False
) -> None:
    message = update.effective_message
    assert message is not None
    await _reply_text(message, f"Ingesting {plural(len(sources), 'source')}…")
    try:
        async with _typing(update, context):
            summary = await _ingest_in_turn(_services(context), sources, prune=prune)
    except NewsbotError as exc:
        summary = f"Ingestion failed: {exc}"
    await _reply_text(message, summary)
    wake = _services(context).wake
    if wake is not None:
        wake.set()  # alerts for what was just ingested go out now


async def _ingest_in_turn(services: BotServices, sources: list[str], *, prune: bool = False) -> str:
    """Files sent together, two /ingest commands, or `ingest --watch` beside the bot: each
    waits its turn (up to INGEST_WAIT_S) rather than failing. The wait is asynchronous: six
    ingestions once waited in six worker threads for another process's lock, and no question
    could be answered until it was released."""
    deadline = time.monotonic() + INGEST_WAIT_S
    async with services.ingesting:
        while True:
            try:
                return await asyncio.to_thread(services.ingest, sources, prune=prune)
            except IngestionLocked:
                if time.monotonic() >= deadline:
                    raise
                await asyncio.sleep(INGEST_POLL_S)


async def follow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/follow <topic or question>: push new reports that answer it to this chat."""
    message = update.effective_message
    if not message or not await _admitted(update, context):
        return
    topic = " ".join(" ".join(context.args or []).split())
    if not topic:
        await _reply_text(message, "Usage: /follow ceasefire in Aleppo (a topic or a question)")
        return
    try:
        number, new = await asyncio.to_thread(_services(context).subscribe, message.chat.id, topic)
    except FollowError as exc:
        await _reply_text(message, f"Can't follow that: {exc}.")
        return
    if not new:
        await _reply_text(message, f"Already following #{number}: {topic}")
        return
    await _reply_text(
        message,
        f"Following #{number}: {topic}\nNew reports that answer it will be sent here. "
        f"/following lists your topics; /unfollow {number} stops this one.",
    )


async def following_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/following: this chat's topics, numbered for /unfollow."""
    message = update.effective_message
    if not message or not await _admitted(update, context):
        return
    services = _services(context)
    listed = await asyncio.to_thread(services.follow().followed, message.chat.id)
    if not listed:
        await _reply_text(message, "This chat follows no topics. Try /follow ceasefire in Aleppo")
        return
    lines = [f"{n}. {s.topic}" for n, s in enumerate(listed, start=1)]
    await _reply_text(message, "\n".join(["Following:", *lines, "/unfollow N stops one."]))


def _a_number(text: str) -> bool:
    """ASCII digits only: "²" passes `str.isdigit` and then breaks `int`."""
    return text.isascii() and text.isdigit() and len(text) <= 9


async def unfollow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unfollow N: stop following this chat's N-th topic."""
    message = update.effective_message
    if not message or not await _admitted(update, context):
        return
    raw = (context.args or [""])[0]
    if not _a_number(raw):
        await _reply_text(message, "Usage: /unfollow N (the number /following shows)")
        return
    services = _services(context)
    try:
        removed = await asyncio.to_thread(services.follow().remove, int(raw), message.chat.id)
    except FollowError as exc:
        await _reply_text(message, f"Can't unfollow: {exc}.")
        return
    await _reply_text(message, f"Stopped following: {removed.topic}")


async def _follow_loop(application: Application) -> None:
    """Every NEWSBOT_FOLLOW_POLL seconds (or right after an /ingest): look for articles that
    arrived from any process, and push the alerts they raise. Never ends on a failure; ends
    when the bot stops, between two alerts."""
    services: BotServices = application.bot_data["services"]
    wake, stopping = services.wake, services.stopping
    assert wake is not None and stopping is not None
    every = services.settings.follow_poll
    while not stopping.is_set():
        try:
            if services.follow_path.exists():  # nothing to do before the first /follow
                subscriptions = services.follow()
                watcher = FollowWatcher(services.newsbot, subscriptions)
                await asyncio.to_thread(watcher.check)
                await _deliver(application, subscriptions, stopping)
        except NewsbotError as exc:  # the store is unreachable, say: one line, not a traceback
            log.warning("topic alerts: %s; trying again in %s s", exc, every)
        except Exception:
            log.exception("topic alerts: the check failed; trying again in %s s", every)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), every)
        wake.clear()


async def _deliver(
    application: Application, subscriptions: Subscriptions, stopping: asyncio.Event
) -> None:
    """Send what is due; a chat that can never receive it loses it, a network failure waits.

    Each alert is sent and then recorded as delivered: a bot stopped between the two would
    send it again after its restart, so a stopping bot finishes the alert in hand (see
    `_stopping`) and leaves the rest in the outbox for the next run.
    """
    for delivery in await asyncio.to_thread(subscriptions.due):
        if stopping.is_set():
            return
        if not await _push(application, delivery):
            return  # Telegram is unreachable: the rest waits for the next poll
        await asyncio.to_thread(subscriptions.delivered, delivery)


async def _push(application: Application, delivery: Delivery) -> bool:
    """Send one alert or summary; False if it should be tried again later."""
    if delivery.summary:
        text = render_alert_summary(delivery.alerts)
    else:
        text = render_alert(delivery.alerts[0])
    try:
        await _send(
            partial(
                application.bot.send_message,
                delivery.chat_id,
                text,
                parse_mode=ParseMode.HTML,
                disable_web_page_preview=True,
            )
        )
    except (Forbidden, BadRequest, ChatMigrated) as exc:
        log.warning("alert for chat %s dropped: %s", delivery.chat_id, exc)
        services: BotServices = application.bot_data["services"]
        await asyncio.to_thread(services.follow().drop, delivery)
        return True
    except TimedOut as exc:
        if not _request_went_out(exc):
            log.warning(
                "sending an alert to chat %s timed out; trying again later", delivery.chat_id
            )
            return False
        # Telegram may well have it: counted as sent, as a duplicate is worse than a lost alert.
        log.warning(
            "no answer from Telegram to an alert for chat %s; not sent again", delivery.chat_id
        )
        return True
    except TelegramError as exc:
        log.warning(
            "could not send an alert to chat %s (%s); trying again later", delivery.chat_id, exc
        )
        return False
    return True


def _request_went_out(exc: TimedOut) -> bool:
    """Whether a timed-out call may have reached Telegram: not when no connection was made
    (connect timeout) or none was free (pool timeout), as PTB chains httpx's error."""
    return not isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure and tell the user kindly; the bot keeps running."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        with contextlib.suppress(Exception):
            await _reply_text(update.effective_message, ERROR)


def build_application(settings: Settings, newsbot: Newsbot | None = None) -> Application:
    """The PTB application with every handler; polling or webhooks are up to the caller."""
    if settings.telegram_bot_token is None:
        raise NewsbotError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
    token = settings.telegram_bot_token.get_secret_value().strip()
    if not token:
        raise NewsbotError("TELEGRAM_BOT_TOKEN is empty")
    install_redaction(*settings.secret_values())  # before the Bot logs its URL, token included
    quiet_polling_errors()
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .concurrent_updates(32)
        .post_init(_started)
        .post_stop(_stopping)
        .build()
    )
    application.bot_data[CHAT_LOCKS] = weakref.WeakValueDictionary()
    application.bot_data[UPLOAD_LOCKS] = weakref.WeakValueDictionary()
    application.bot_data["services"] = BotServices(
        newsbot=newsbot or Newsbot(settings),
        limiter=RateLimiter(settings.telegram_rate_limit),
    )
    # An edited message was answered (or its command run) when it was first sent: an edit is
    # not a new question, and running /ingest again on an edit would surprise its sender.
    new = ~filters.UpdateType.EDITED
    commands = {
        ("start", "help"): start,
        ("ask",): ask_command,
        ("sources",): sources_command,
        ("reset",): reset_command,
        ("stats",): stats_command,
        ("latest",): latest_command,
        ("ingest",): ingest_command,
        ("follow",): follow_command,
        ("following",): following_command,
        ("unfollow",): unfollow_command,
    }
    for names, handler in commands.items():
        application.add_handler(CommandHandler(list(names), handler, filters=new))
    application.add_handler(CallbackQueryHandler(sources_button, pattern=r"^src:"))
    application.add_handler(MessageHandler(filters.Document.ALL & new, on_document))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & new, on_text))
    application.add_error_handler(on_error)
    return application


async def open_store(application: Application) -> None:
    """Open the store and load the model before the first update is handled.

    After a restart, updates queued while the bot was down arrive together and are handled
    concurrently; opening everything here, once, means none of them opens it for itself.
    An empty data directory is fine: the first /ingest creates the store.
    """
    services: BotServices = application.bot_data["services"]
    try:
        await asyncio.to_thread(services.qa)
    except StoreNotFound:
        log.info("no reports in %s yet", services.settings.data_dir)


FOLLOW_TASK = "follow_task"


async def _started(application: Application) -> None:
    """Open the store, then start the topic-alert poller."""
    await open_store(application)
    services: BotServices = application.bot_data["services"]
    services.wake, services.stopping = asyncio.Event(), asyncio.Event()
    application.bot_data[FOLLOW_TASK] = asyncio.create_task(_follow_loop(application))


async def _stopping(application: Application) -> None:
    """Let the topic-alert poller end between two alerts, rather than cancel it mid-send: an
    alert Telegram received but the outbox still holds would go out twice."""
    task: asyncio.Task[None] | None = application.bot_data.pop(FOLLOW_TASK, None)
    if task is None:
        return
    services: BotServices = application.bot_data["services"]
    if services.stopping is not None and services.wake is not None:
        services.stopping.set()
        services.wake.set()
    done, _ = await asyncio.wait({task}, timeout=FOLLOW_STOP_GRACE_S)
    if not done:
        log.warning("topic alerts: still busy after %.0f s; stopping anyway", FOLLOW_STOP_GRACE_S)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates (`url`, public, usually HTTPS at a reverse proxy) and
    where the bot listens for them; the local path is the URL's path."""

    url: str
    listen: str = "127.0.0.1"
    port: int = 8443

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def webhook_secret(settings: Settings) -> str:
    """The secret Telegram must send back with every update: configured, or made up per run.

    Without one, anyone who learns the webhook URL could post updates as any user, admins
    included. Telegram learns it from setWebhook, so a fresh one each run costs nothing.
    """
    configured = settings.telegram_webhook_secret
    return configured.get_secret_value() if configured else secrets.token_urlsafe(32)


def run(settings: Settings, webhook: Webhook | None = None) -> None:
    """Long-poll, or serve a webhook, until interrupted."""
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application = build_application(settings)
    username = asyncio.run(_check_token(application))
    log.info("running as @%s, answering from %s", username, settings.data_dir)
    if webhook is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    secret = webhook_secret(settings)
    install_redaction(*settings.secret_values(), secret)
    log.info("webhook %s, listening on %s:%d", webhook.url, webhook.listen, webhook.port)
    try:
        application.run_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.path,
            webhook_url=webhook.url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    except OSError as exc:
        where = f"{webhook.listen}:{webhook.port}"
        raise NewsbotError(f"cannot listen on {where}: {exc.strerror or exc}") from exc
    except TelegramError as exc:
        raise NewsbotError(f"Telegram refused the webhook {webhook.url}: {exc}") from exc


async def _check_token(application: Application) -> str:
    """Ask Telegram who we are, so a bad token or URL is one clear line, not a traceback."""
    try:
        async with application.bot as bot:
            return str((await bot.get_me()).username)
    except InvalidToken as exc:
        raise NewsbotError("Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)") from exc
    except NetworkError as exc:
        raise NewsbotError(f"cannot reach the Telegram Bot API: {exc}") from exc
    except TelegramError as exc:  # a proxy's HTML page, 409 Conflict (another bot polling)
        raise NewsbotError(f"the Telegram Bot API refused to start the bot: {exc}") from exc
