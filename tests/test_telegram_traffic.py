"""Real traffic on the real Application: floods, edits, links, quick follow-ups, files sent
together, stale buttons and flood control while streaming, against a Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest

import bot.telegram
from bot.services import Newsbot
from bot.settings import Settings
from bot.telegram import BUSY
from bot.telegram_log import POLLING_LOGGER
from bot.telegram_render import split_lines, telegram_length
from tests.fake_telegram import FLOOD_CONTROL, FakeTelegram, callback_update, message_update
from tests.test_telegram import (
    ADMIN,
    OTHER,
    REPO,
    USER,
    _streaming_llm,
    plain,
    replies,
    run_bot,
    run_with_llm,
    settings_for,
    verified_answer_arrives,
)

pytestmark = pytest.mark.usefixtures("embedder")


@pytest.fixture
def telegram() -> Any:
    server = FakeTelegram().start()
    yield server
    server.stop()


def _upload(telegram: FakeTelegram, reports: dict[str, tuple[str, bytes]]) -> None:
    """The admin sends each report as a document (file id -> (path, body)), all at once."""
    telegram.files.update(reports)
    for file_id, (path, body) in reports.items():
        document = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": Path(path).name,
            "file_size": len(body),
        }
        telegram.push(message_update(ADMIN, ADMIN, document=document))


async def _sources_button(telegram: FakeTelegram, chat: int) -> str:
    """Ask the chat's question; the callback data of its answer's Sources button."""
    telegram.push(message_update(chat, chat, "who captured Saraqeb?"))
    (answer,) = await replies(telegram, chat, 1)
    return str(answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"])


async def _pressed(telegram: FakeTelegram, chat: int, key: str) -> dict[str, Any]:
    """Press a Sources button; the reply it draws (after the answer already sent)."""
    telegram.push(callback_update(chat, chat, key))
    _, reply = await replies(telegram, chat, 2)
    return reply


def _busy(message: dict[str, Any]) -> bool:
    return str(message["text"]).startswith(BUSY.split("{")[0])


def test_a_flooding_user_gets_one_notice_and_others_are_still_answered(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """30 messages over the limit draw one "please wait", not 30 replies that would each wait
    out flood control in the handlers another user's question needs."""

    async def scenario() -> None:
        for _ in range(30):
            telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        telegram.push(message_update(OTHER, OTHER, "who captured Saraqeb?"))
        (other,) = await replies(telegram, OTHER, 1)
        assert "seized Saraqeb" in plain(other)
        sent = await replies(telegram, USER, 3)  # two answers, one notice
        await asyncio.sleep(1.0)  # the other 27 were read by now, and drew nothing
        assert len(telegram.sent_to(USER)) == 3
        assert sum(_busy(m) for m in sent) == 1

    run_bot(settings_for(telegram, corpus_dir, telegram_rate_limit=2), scenario)


def test_an_edited_message_is_not_answered_or_run_again(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    async def scenario() -> None:
        update = message_update(USER, USER, "who captured Saraqeb?")
        telegram.push(update)
        (answer,) = await replies(telegram, USER, 1)
        assert "seized Saraqeb" in plain(answer)
        telegram.push({"edited_message": update["message"] | {"edit_date": 1}})
        command = message_update(USER, USER, "/stats")
        telegram.push({"edited_message": command["message"] | {"edit_date": 1}})
        telegram.push(message_update(USER, USER, "/reset"))
        *_, last = await replies(telegram, USER, 2)
        assert last["text"] == "Conversation forgotten."

    run_bot(settings_for(telegram, corpus_dir), scenario)
    assert len(telegram.sent_to(USER)) == 2


def test_a_link_alone_is_told_what_to_ask(telegram: FakeTelegram, corpus_dir: Path) -> None:
    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "https://news.example/aleppo"))
        (reply,) = await replies(telegram, USER, 1)
        assert reply["text"] == "The question is only a link: ask about what it says."

    run_bot(settings_for(telegram, corpus_dir), scenario)


def test_a_follow_up_sent_at_once_reads_the_answer_before_it(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """Both messages arrive in one batch of updates: the follow-up waits for the first answer
    and is read against it, and the answers come in the order asked."""
    data_dir = tmp_path / "data"
    Newsbot(Settings(data_dir=data_dir)).ingestor().ingest(
        [REPO / "samples" / "newsqa" / "articles.jsonl"]
    )

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "Who won the Rivermouth marathon?"))
        telegram.push(message_update(USER, USER, "What was her time?"))
        first, second = await replies(telegram, USER, 2)
        assert plain(first).startswith("Faith Cherono")
        assert "2 hours 19 minutes and 48 seconds" in plain(second).split("[1]")[0]

    run_bot(settings_for(telegram, data_dir), scenario)


def test_files_sent_together_are_each_ingested(telegram: FakeTelegram, tmp_path: Path) -> None:
    """Each upload waits for the ingestion before it instead of failing."""
    data_dir = tmp_path / "data"
    reports = {
        f"doc{n}": (
            f"documents/report-{n}.txt",
            f"Ferry line {n} reopens\nFerry line {n} reopened on Friday after {n + 2} weeks of "
            f"repairs, the operator said.".encode(),
        )
        for n in range(3)
    }

    async def scenario() -> None:
        _upload(telegram, reports)
        sent = await replies(telegram, ADMIN, 6)  # "Ingesting…" and a summary each
        summaries = [m["text"] for m in sent if not m["text"].startswith("Ingesting")]
        assert len(summaries) == 3 and all(s.startswith("Ingested: 1 added") for s in summaries)

    run_bot(settings_for(telegram, data_dir), scenario)
    assert len(Newsbot(Settings(data_dir=data_dir)).store().documents()) == 3


def test_uploads_waiting_for_another_ingestion_leave_questions_answered(
    telegram: FakeTelegram, corpus_dir: Path, tmp_path: Path
) -> None:
    """`ingest --watch` (another process) holds the ingestion lock; six uploads wait for it.
    They wait as coroutines: a question sent after them is answered while the lock is held
    (six waits once sat in the worker threads every answer needs), and each upload is
    ingested once the lock is free."""
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_dir, data_dir)
    reports = {
        f"doc{n}": (f"documents/ferry-{n}.txt", f"Ferry line {n} reopened on Friday.".encode())
        for n in range(6)
    }

    async def scenario() -> None:
        other_ingestion = Newsbot(Settings(data_dir=data_dir)).ingestion_lock()
        other_ingestion.__enter__()
        try:
            _upload(telegram, reports)
            await replies(telegram, ADMIN, 6)  # "Ingesting…" each
            telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
            (answer,) = await replies(telegram, USER, 1)
            assert "seized Saraqeb" in plain(answer)
            assert len(telegram.sent_to(ADMIN)) == 6  # no upload got through meanwhile
        finally:
            other_ingestion.__exit__(None, None, None)
        sent = await replies(telegram, ADMIN, 12)
        summaries = [m["text"] for m in sent if not m["text"].startswith("Ingesting")]
        assert len(summaries) == 6 and all(s.startswith("Ingested: 1 added") for s in summaries)

    run_bot(settings_for(telegram, data_dir), scenario)


def test_the_sources_button_works_when_its_query_is_too_old(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """After a restart Telegram refuses to answer an old callback query; the sources are still
    sent."""
    too_old = (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: query is too old"},
    )
    telegram.failures["answerCallbackQuery"] = [too_old]

    async def scenario() -> None:
        key = await _sources_button(telegram, USER)
        assert "seized Saraqeb" in plain(await _pressed(telegram, USER, key))

    run_bot(settings_for(telegram, corpus_dir), scenario)


def test_the_least_recently_answered_chats_are_forgotten(
    telegram: FakeTelegram, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers are kept for the KEPT_CHATS most recently answered chats only: memory stays
    bounded however many chats write, and an older chat's button says so."""
    monkeypatch.setattr(bot.telegram, "KEPT_CHATS", 2)

    async def scenario() -> None:
        buttons = {chat: await _sources_button(telegram, chat) for chat in (USER, OTHER, ADMIN)}
        forgotten = await _pressed(telegram, USER, buttons[USER])
        assert plain(forgotten) == "That answer is too old."
        assert "seized Saraqeb" in plain(await _pressed(telegram, ADMIN, buttons[ADMIN]))

    run_bot(settings_for(telegram, corpus_dir), scenario)


def test_polling_failures_are_one_line_each_not_tracebacks(
    telegram: FakeTelegram, corpus_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram unreachable for a while: PTB retries for ever; the log gets one line for the
    failure (the same line again is left out), not a traceback per retry."""
    bad_gateway = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    telegram.failures["getUpdates"] = [bad_gateway, bad_gateway]

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        (answer,) = await replies(telegram, USER, 1)
        assert "seized Saraqeb" in plain(answer)

    with caplog.at_level(logging.WARNING, logger=POLLING_LOGGER):
        run_bot(settings_for(telegram, corpus_dir), scenario)
    polling = [r for r in caplog.records if r.name == POLLING_LOGGER]
    assert [r.getMessage() for r in polling] == [
        "polling Telegram failed (NetworkError: Bad Gateway); retrying"
    ]
    assert not any(r.exc_info for r in polling)
    assert [m for m, *_ in telegram.failed] == ["getUpdates", "getUpdates"]


def test_flood_control_while_streaming_does_not_lose_the_answer(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """A 429 on the placeholder and on a streamed edit: the answer still arrives, verified."""
    llm = _streaming_llm(chunk_delay=0.1)
    telegram.failures["sendMessage"] = [FLOOD_CONTROL]
    telegram.failures["editMessageText"] = [FLOOD_CONTROL]
    run_with_llm(telegram, corpus_dir, llm, partial(verified_answer_arrives, telegram))
    shown = [plain(m) for m in telegram.sent_to(USER)]
    assert not any("Russian" in text or "went wrong" in text for text in shown)


def test_a_long_plain_reply_is_split_between_lines_not_cut() -> None:
    """/following with many topics: every line arrives, each message within the limit as
    Telegram counts it (UTF-16 units: an emoji is two)."""
    text = "\n".join(f"{n}. floods in Marrowdene 🌊🌊🌊 and beyond" for n in range(300))
    parts = split_lines(text, 4000)
    assert len(parts) > 1 and all(telegram_length(p) <= 4000 for p in parts)
    assert "\n".join(parts) == text


def test_a_file_shared_in_a_group_is_ingested_only_when_the_bot_is_asked(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """Members share files with each other: no "Only admins" reply to them, and an admin's
    file is ingested only with the bot's @name in its caption."""
    data_dir = tmp_path / "data"
    body = b"Ferry line reopens\nThe ferry line reopened on Friday after three weeks."
    telegram.files["g1"] = ("documents/ferry.txt", body)
    document = {"file_id": "g1", "file_unique_id": "ug1", "file_name": "ferry.txt"}
    group = -100

    def shared(user_id: int, caption: str | None = None) -> dict[str, Any]:
        update = message_update(group, user_id, document=document | {"file_size": len(body)})
        update["message"]["chat"] = {"id": group, "type": "group", "title": "Newsroom"}
        if caption:
            update["message"]["caption"] = caption
        return update

    async def scenario() -> None:
        telegram.push(shared(USER))
        telegram.push(shared(ADMIN))
        telegram.push(shared(ADMIN, "@newsbot_test_bot please add this"))
        sent = await replies(telegram, group, 2)  # "Ingesting…" and its summary, nothing else
        assert sent[-1]["text"].startswith("Ingested: 1 added")
        await asyncio.sleep(1.0)
        assert len(telegram.sent_to(group)) == 2

    run_bot(settings_for(telegram, data_dir), scenario)
