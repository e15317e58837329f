"""/follow, /following and /unfollow in the real Application, against the local Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.follow import Subscriptions, follow_file
from bot.services import Newsbot
from bot.settings import Settings
from bot.telegram import BUSY, PRIVATE
from tests.fake_telegram import FakeTelegram, message_update, parse_telegram_html
from tests.follow_articles import CEASEFIRE, CHEESE_FAIR, TOPIC, dump
from tests.test_telegram import STRANGER, USER, replies, run_bot, settings_for
from vectorstore.embeddings import Embedder


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def data_dir(tmp_path: Path, wire_dump: Path, embedder: Embedder) -> Path:
    """A store of its own: these tests write to it."""
    path = tmp_path / "bot-data"
    Newsbot(Settings(data_dir=path)).ingestor().ingest([wire_dump])
    return path


def texts(telegram: FakeTelegram, chat: int) -> list[str]:
    return [
        parse_telegram_html(m["text"]) if m.get("parse_mode") else m["text"]
        for m in telegram.sent_to(chat)
    ]


def test_follow_list_unfollow_and_a_push(
    telegram: FakeTelegram, data_dir: Path, tmp_path: Path
) -> None:
    async def scenario() -> None:
        for command in ["/follow", f"/follow {TOPIC}", "/follow frost damage", "/following"]:
            telegram.push(message_update(USER, USER, command))
            await replies(telegram, USER, len(telegram.sent_to(USER)) + 1)
        # Another writer ingests an unrelated and a matching report: one push arrives.
        writer = Newsbot(Settings(data_dir=data_dir))
        report = dump(tmp_path / "new.jsonl", CHEESE_FAIR, CEASEFIRE)
        await asyncio.to_thread(writer.ingestor().ingest, [report])
        await replies(telegram, USER, 5)
        for command in ["/unfollow 1", "/unfollow 5", "/following"]:
            telegram.push(message_update(USER, USER, command))
            await replies(telegram, USER, len(telegram.sent_to(USER)) + 1)

    run_bot(settings_for(telegram, data_dir, follow_poll=0.2), scenario)
    usage, first, second, listed, push, stopped, missing, after = texts(telegram, USER)
    assert usage.startswith("Usage: /follow")
    assert first.startswith(f"Following #1: {TOPIC}") and "/unfollow 1" in first
    assert second.startswith("Following #2: frost damage")
    assert listed.splitlines()[1:3] == [f"1. {TOPIC}", "2. frost damage"]
    assert CEASEFIRE["title"] in push and "A ceasefire took effect in Aleppo" in push
    assert stopped == f"Stopped following: {TOPIC}"
    assert missing.startswith("Can't unfollow: there is no subscription 5")
    assert after.splitlines()[1:] == ["1. frost damage", "/unfollow N stops one."]
    assert telegram.rejected == []


def test_follow_obeys_the_allowlist_and_the_rate_limit(
    telegram: FakeTelegram, data_dir: Path
) -> None:
    async def scenario() -> None:
        telegram.push(message_update(STRANGER, STRANGER, f"/follow {TOPIC}"))
        for topic in ["one", "two", "three"]:
            telegram.push(message_update(USER, USER, f"/follow {topic}"))
        await replies(telegram, STRANGER, 1)
        await replies(telegram, USER, 3)

    settings = settings_for(
        telegram, data_dir, telegram_allowed_users=frozenset({USER}), telegram_rate_limit=2
    )
    run_bot(settings, scenario)
    assert texts(telegram, STRANGER) == [PRIVATE]
    busy = [t for t in texts(telegram, USER) if t.startswith(BUSY.split("{")[0])]
    assert len(busy) == 1
    followed = Subscriptions(follow_file(data_dir, "news")).followed()
    assert len(followed) == 2 and all(s.chat_id == USER for s in followed)


async def follow_and_push_slowly(
    telegram: FakeTelegram, data_dir: Path, tmp_path: Path, answer_delay: float
) -> None:
    """Follow the topic, then let another writer ingest a matching report while Telegram
    takes `answer_delay` seconds to answer each message; returns once Telegram has the push."""
    telegram.push(message_update(USER, USER, f"/follow {TOPIC}"))
    await replies(telegram, USER, 1)
    telegram.answer_delays["sendMessage"] = answer_delay
    writer = Newsbot(Settings(data_dir=data_dir))
    report = dump(tmp_path / "new.jsonl", CEASEFIRE)
    await asyncio.to_thread(writer.ingestor().ingest, [report])
    await replies(telegram, USER, 2)


def test_a_bot_stopped_while_an_alert_is_in_flight_never_sends_it_again(
    telegram: FakeTelegram, data_dir: Path, tmp_path: Path
) -> None:
    """Telegram has the alert but has not answered yet when the bot is told to stop: the bot
    waits for the answer and records the alert as delivered, so the restarted bot does not
    push it a second time (it once did: the stop cancelled the poller mid-send)."""
    settings = settings_for(telegram, data_dir, follow_poll=0.2)

    async def follow_then_stop_mid_push() -> None:
        await follow_and_push_slowly(telegram, data_dir, tmp_path, 2.0)

    run_bot(settings, follow_then_stop_mid_push)
    telegram.answer_delays.clear()
    subscriptions = Subscriptions(follow_file(data_dir, settings.collection))
    assert subscriptions.due() == []

    async def restart() -> None:
        await asyncio.sleep(1.0)  # a few polls: a queued alert would go out now
        telegram.push(message_update(USER, USER, "/following"))
        await replies(telegram, USER, 3)

    run_bot(settings, restart)
    followed, push, listed = texts(telegram, USER)
    assert followed.startswith(f"Following #1: {TOPIC}")
    assert CEASEFIRE["title"] in push
    assert listed.splitlines()[1] == f"1. {TOPIC}"


@pytest.mark.slow
def test_an_alert_telegram_did_not_answer_in_time_is_not_sent_again(
    telegram: FakeTelegram, data_dir: Path, tmp_path: Path
) -> None:
    """The request went out but the answer never came (read timeout, 5 s in PTB): Telegram
    may have the alert, and a duplicate is worse than a lost alert, so it is not resent."""

    async def scenario() -> None:
        await follow_and_push_slowly(telegram, data_dir, tmp_path, 8.0)
        await asyncio.sleep(7.0)  # past the timeout, and many polls

    settings = settings_for(telegram, data_dir, follow_poll=0.2)
    run_bot(settings, scenario)
    followed, push = texts(telegram, USER)  # once, not twice
    assert followed.startswith(f"Following #1: {TOPIC}") and CEASEFIRE["title"] in push
    assert Subscriptions(follow_file(data_dir, settings.collection)).due() == []
