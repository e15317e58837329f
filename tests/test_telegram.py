"""The real python-telegram-bot Application against a Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.services import Newsbot
from bot.settings import Settings
from bot.telegram import (
    BUSY,
    ERROR,
    MAX_UPLOAD_BYTES,
    PRIVATE,
    SEND_ATTEMPTS,
    _a_number,
    _preview,
    build_application,
)
from bot.telegram_render import telegram_length
from ingest.loaders import SUPPORTED_SUFFIXES
from tests.fake_telegram import (
    BAD_GATEWAY,
    FLOOD_CONTROL,
    TOKEN,
    FakeTelegram,
    callback_update,
    message_update,
    parse_telegram_html,
)
from tests.local_http import LOCAL_HOSTS, Route, serve
from tests.test_loaders import HTML

# `newsbot` subprocesses find the model already converted in the session cache.
pytestmark = pytest.mark.usefixtures("embedder")

REPO = Path(__file__).resolve().parent.parent
ADMIN = 7
USER = 8
STRANGER = 9
OTHER = 10
LIMIT_MB = MAX_UPLOAD_BYTES // 1_000_000


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


def settings_for(server: FakeTelegram, data_dir: Path, **overrides: Any) -> Settings:
    values = {
        "data_dir": data_dir,
        "telegram_bot_token": TOKEN,
        "telegram_api_url": server.base_url,
        "telegram_admins": frozenset({ADMIN}),
    }
    return Settings(**(values | overrides))


def start_bot_process(telegram: FakeTelegram, data_dir: Path) -> subprocess.Popen[str]:
    """The installed `newsbot telegram`, long-polling the local Bot API (stop it with SIGINT)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "NEWSBOT_TELEGRAM_API_URL": telegram.base_url,
        "NEWSBOT_DATA_DIR": str(data_dir),
    }
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "newsbot"), "telegram"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_bot(settings: Settings, scenario: Callable[[], Awaitable[None]]) -> None:
    """Start the application with long polling, play the scenario, shut down cleanly (in
    the order `run_polling` does, hooks included)."""

    async def main() -> None:
        application = build_application(settings)
        await application.initialize()
        if application.post_init:  # as run_polling does
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            await scenario()
        finally:
            await application.updater.stop()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
            await application.shutdown()

    asyncio.run(main())


def run_with_llm(
    telegram: FakeTelegram, corpus_dir: Path, llm: Any, scenario: Callable[[], Awaitable[None]]
) -> None:
    """`run_bot` with the answers written by `llm` (a started FakeOpenAI), stopped after."""
    try:
        run_bot(
            settings_for(telegram, corpus_dir, llm_base_url=llm.base_url, llm_model="m"),
            scenario,
        )
    finally:
        llm.stop()


async def replies(server: FakeTelegram, chat_id: int, count: int) -> list[dict[str, Any]]:
    return await asyncio.to_thread(server.wait_for, chat_id, count)


def plain(message: dict[str, Any]) -> str:
    return parse_telegram_html(message["text"]) if message.get("parse_mode") else message["text"]


def test_start_explains_what_the_bot_knows(telegram: FakeTelegram, corpus_dir: Path) -> None:
    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "/start"))
        (reply,) = await replies(telegram, USER, 1)
        text = plain(reply)
        assert "4 news reports" in text and "2024-03-02 to 2024-05-20" in text
        assert "/ask" in text and "Admin" not in text
        telegram.push(message_update(ADMIN, ADMIN, "/help"))
        (admin_reply,) = await replies(telegram, ADMIN, 1)
        assert "/ingest" in plain(admin_reply)
        assert all(suffix in plain(admin_reply) for suffix in SUPPORTED_SUFFIXES)

    run_bot(settings_for(telegram, corpus_dir), scenario)
    assert telegram.rejected == []


def test_the_docs_list_every_upload_type() -> None:
    docs = (REPO / "docs" / "telegram.md").read_text(encoding="utf-8")
    uploads = next(line for line in docs.splitlines() if line.startswith("| upload"))
    assert sorted(s for s in SUPPORTED_SUFFIXES if f"`{s}`" not in uploads) == []


def test_question_answer_sources_button(telegram: FakeTelegram, corpus_dir: Path) -> None:
    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        (answer,) = await replies(telegram, USER, 1)
        text = plain(answer)
        assert "seized Saraqeb" in text and "[1]" in text and "Sources" in text
        assert "Aleppo Faces Unexpected Insurgent Onslaught" in text
        keyboard = answer["reply_markup"]["inline_keyboard"]
        assert keyboard[0][0]["text"] == "Sources"
        assert any(a["action"] == "typing" for a in telegram.actions)

        telegram.push(callback_update(USER, USER, keyboard[0][0]["callback_data"]))
        _, sources = await replies(telegram, USER, 2)
        assert "<blockquote>" in sources["text"] and "<i>“" in sources["text"]
        assert "seized Saraqeb" in plain(sources)
        assert telegram.callback_answers

        telegram.push(message_update(USER, USER, "/sources"))
        *_, again = await replies(telegram, USER, 3)
        assert plain(again) == plain(sources)

    run_bot(settings_for(telegram, corpus_dir), scenario)
    assert telegram.rejected == []


def test_refusal_is_plain_and_offers_related(telegram: FakeTelegram, corpus_dir: Path) -> None:
    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "/ask Who won the 2022 World Cup?"))
        (reply,) = await replies(telegram, USER, 1)
        text = plain(reply)
        assert "can't answer that from the ingested reports" in text
        assert "Related reports" in text

    run_bot(settings_for(telegram, corpus_dir), scenario)


def test_allowlist_refuses_strangers(telegram: FakeTelegram, corpus_dir: Path) -> None:
    async def scenario() -> None:
        telegram.push(message_update(STRANGER, STRANGER, "who captured Saraqeb?"))
        telegram.push(message_update(STRANGER, STRANGER, "/sources"))
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        await replies(telegram, USER, 1)
        refusals = await replies(telegram, STRANGER, 1)
        assert [m["text"] for m in refusals] == [PRIVATE]  # told once, not at every message

    settings = settings_for(telegram, corpus_dir, telegram_allowed_users=frozenset({USER}))
    run_bot(settings, scenario)
    assert not any("Saraqeb" in m["text"] for m in telegram.sent_to(STRANGER))


def test_rate_limit_is_friendly(telegram: FakeTelegram, corpus_dir: Path) -> None:
    async def scenario() -> None:
        for _ in range(3):
            telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        sent = await replies(telegram, USER, 3)
        busy = [m for m in sent if m["text"].startswith(BUSY.split("{")[0])]
        assert len(busy) == 1

    run_bot(settings_for(telegram, corpus_dir, telegram_rate_limit=2), scenario)


def test_every_command_is_rate_limited(telegram: FakeTelegram, corpus_dir: Path) -> None:
    """/stats scans the whole collection: a flood of it is limited like questions are."""

    async def scenario() -> None:
        for _ in range(5):
            telegram.push(message_update(USER, USER, "/stats"))
        sent = await replies(telegram, USER, 3)
        busy = [m for m in sent if m["text"].startswith(BUSY.split("{")[0])]
        assert (len(busy), len(sent)) == (1, 3)  # two answered, one notice for the three over
        telegram.push(message_update(USER, USER, "/latest"))
        telegram.push(message_update(OTHER, OTHER, "/stats"))  # read after /latest
        await replies(telegram, OTHER, 1)
        assert len(telegram.sent_to(USER)) == 3  # /latest is limited too, and told nothing

    run_bot(settings_for(telegram, corpus_dir, telegram_rate_limit=2), scenario)


ANONYMOUS_ADMIN = 1087968824  # the user Telegram shows for every group's anonymous admins


def _from_chat(update: dict[str, Any], chat: int, kind: str) -> dict[str, Any]:
    """`update`'s message as sent on behalf of a chat: an anonymous admin (the group itself)
    or a channel; a channel's own posts come as `channel_post`, with no user at all."""
    message = update["message"]
    message["sender_chat"] = {"id": chat, "type": kind, "title": f"Chat {chat}"}
    if kind == "channel" and message["chat"]["id"] == chat:
        message["chat"] = message["sender_chat"]
        del message["from"]
        return {"channel_post": message}
    return update


def test_chats_without_a_user_are_limited_each_on_its_own(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """Anonymous admins of every group come as one user, and channel posts as none: each is
    limited by the chat that sent it, so one group's or channel's flood never silences
    another."""
    group, other_group, channel, other_channel = -100, -101, -200, -201

    def stats(chat: int, sender: int, kind: str) -> dict[str, Any]:
        update = message_update(chat, ANONYMOUS_ADMIN, "/stats", group=kind == "group")
        return _from_chat(update, sender, kind)

    async def scenario() -> None:
        for _ in range(3):
            telegram.push(stats(group, group, "group"))
        sent = await replies(telegram, group, 3)
        assert sum(m["text"].startswith(BUSY.split("{")[0]) for m in sent) == 1
        telegram.push(stats(other_group, other_group, "group"))
        (answer,) = await replies(telegram, other_group, 1)
        assert " reports, " in answer["text"]
        for _ in range(2):
            telegram.push(stats(channel, channel, "channel"))
        telegram.push(stats(other_channel, other_channel, "channel"))
        await replies(telegram, channel, 2)
        (answer,) = await replies(telegram, other_channel, 1)
        assert not answer["text"].startswith(BUSY.split("{")[0])

    run_bot(settings_for(telegram, corpus_dir, telegram_rate_limit=2), scenario)


def test_an_answer_survives_flood_control_and_a_bad_gateway(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    telegram.failures["sendMessage"] = [FLOOD_CONTROL, BAD_GATEWAY]
    telegram.failures["sendChatAction"] = [FLOOD_CONTROL]  # "typing…" is not worth a retry

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        (answer,) = await replies(telegram, USER, 1)
        assert "seized Saraqeb" in plain(answer)
        telegram.push(message_update(USER, USER, "/reset"))
        await replies(telegram, USER, 2)

    run_bot(settings_for(telegram, corpus_dir), scenario)
    assert sorted((method, status) for method, status, _ in telegram.failed) == [
        ("sendChatAction", 429),
        ("sendMessage", 429),
        ("sendMessage", 502),
    ]
    answers = [m for m in telegram.sent_to(USER) if "seized Saraqeb" in plain(m)]
    assert len(answers) == 1  # resent until it arrived, and only once


def test_server_errors_are_retried_a_bounded_number_of_times(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """SEND_ATTEMPTS 502s: the answer is given up, and the apology (sent next) arrives."""
    telegram.failures["sendMessage"] = [BAD_GATEWAY] * SEND_ATTEMPTS

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        (reply,) = await replies(telegram, USER, 1)
        assert reply["text"] == ERROR

    run_bot(settings_for(telegram, corpus_dir), scenario)
    assert len(telegram.failed) == SEND_ATTEMPTS
    assert all("seized Saraqeb" in plain(params) for _, _, params in telegram.failed)


def test_groups_answer_mentions_and_ask_only(telegram: FakeTelegram, corpus_dir: Path) -> None:
    group = -100

    async def scenario() -> None:
        telegram.push(message_update(group, USER, "who captured Saraqeb?", group=True))
        telegram.push(
            message_update(group, USER, "@newsbot_test_bot who captured Saraqeb?", group=True)
        )
        telegram.push(
            message_update(group, USER, "/ask How much did the bridge repairs cost?", group=True)
        )
        sent = await replies(telegram, group, 2)
        await asyncio.sleep(1.0)  # the unaddressed message gets no reply
        assert len(telegram.sent_to(group)) == 2
        texts = " ".join(plain(m) for m in sent)
        assert "seized Saraqeb" in texts and "41 million euros" in texts

    run_bot(settings_for(telegram, corpus_dir), scenario)


def test_admin_ingests_url_and_upload(telegram: FakeTelegram, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    report = (
        b"Night train returns\n"
        b"The night train between Halden and Skarvik returned on Friday after 12 years. "
        b"Tickets start at 59 euros."
    )
    telegram.files["doc1"] = ("documents/night-train.txt", report)

    async def scenario() -> None:
        with serve({"/strike": Route(HTML.encode())}) as url:
            telegram.push(message_update(USER, USER, f"/ingest {url('/strike')}"))
            (refused,) = await replies(telegram, USER, 1)
            assert refused["text"] == "Only admins can add reports."
            telegram.push(message_update(ADMIN, ADMIN, f"/ingest {url('/strike')}"))
            _, summary = await replies(telegram, ADMIN, 2)
            assert summary["text"].startswith("Ingested: 1 added")

        document = {
            "file_id": "doc1",
            "file_unique_id": "udoc1",
            "file_name": "night-train.txt",
            "file_size": len(report),
        }
        telegram.push(message_update(ADMIN, ADMIN, document=document))
        *_, uploaded = await replies(telegram, ADMIN, 4)
        assert uploaded["text"].startswith("Ingested: 1 added")
        telegram.push(message_update(ADMIN, ADMIN, document=document))
        *_, again = await replies(telegram, ADMIN, 6)
        assert again["text"].startswith("Nothing changed")

        telegram.push(message_update(USER, USER, "How much do night train tickets cost?"))
        telegram.push(message_update(USER, USER, "What raise did the dock workers get?"))
        *_, first, second = await replies(telegram, USER, 3)
        answers = plain(first) + plain(second)
        assert "59 euros" in answers and "6 percent raise" in answers

        telegram.push(message_update(USER, USER, "/latest"))
        *_, latest = await replies(telegram, USER, 4)
        assert "Night train returns" in latest["text"]

    run_bot(settings_for(telegram, data_dir, fetch_allowed_hosts=LOCAL_HOSTS), scenario)
    assert telegram.rejected == []
    assert list((data_dir / "uploads").iterdir()) == []  # deleted once ingested


def _document(file_id: str, name: str, data: bytes | None = None) -> dict[str, Any]:
    """The `document` of a message sending file `file_id` (stored in the fake Bot API)."""
    document: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u{file_id}"}
    document["file_name"] = name
    if data is not None:
        document["file_size"] = len(data)
    return document


def _dump(*items: tuple[str, str]) -> bytes:
    """A JSONL dump of reports (slug, text) with their URLs on harbour.example."""
    return "".join(
        json.dumps({"url": f"https://harbour.example/{slug}", "title": slug, "body": text}) + "\n"
        for slug, text in items
    ).encode()


def test_a_file_sent_again_under_its_name_replaces_the_earlier_version(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """A new version of a file (another Telegram file, so another file_unique_id) sent under
    the same name in the same chat replaces the first: a report is updated, not stored twice,
    and what a dump no longer holds is removed, as `ingest --prune` does for a file. Another
    chat's file of the same name is its own."""
    data_dir = tmp_path / "data"
    files = {
        "t1": b"Night train\nNight train tickets start at 59 euros.",
        "t2": b"Night train\nNight train tickets start at 79 euros.",
        "t3": b"Ferry\nFerry tickets cost 12 euros.",
        "d1": _dump(("quay", "The quay opened."), ("bridge", "The bridge closed.")),
        "d2": _dump(("quay", "The quay opened on Monday.")),
    }
    telegram.files |= {key: (f"documents/{key}", data) for key, data in files.items()}
    group = -100

    async def send(chat: int, key: str, name: str, count: int) -> str:
        update = message_update(chat, ADMIN, group=chat < 0, document=_document(key, name))
        update["message"]["caption"] = "@newsbot_test_bot"
        telegram.push(update)
        *_, summary = await replies(telegram, chat, count)
        return str(summary["text"])

    async def scenario() -> None:
        assert (await send(ADMIN, "t1", "train.txt", 2)).startswith("Ingested: 1 added")
        replaced = await send(ADMIN, "t2", "train.txt", 4)
        assert replaced.startswith("Ingested: 0 added, 1 updated, 0 unchanged")
        assert (await send(group, "t3", "train.txt", 2)).startswith("Ingested: 1 added")
        assert (await send(ADMIN, "d1", "wire.jsonl", 6)).startswith("Ingested: 2 added")
        pruned = await send(ADMIN, "d2", "wire.jsonl", 8)
        assert pruned.startswith("Ingested: 0 added, 1 updated") and pruned.endswith("1 removed.")

    run_bot(settings_for(telegram, data_dir), scenario)
    store = Newsbot(Settings(data_dir=data_dir)).store()
    states = store.document_states([d.doc_id for d in store.documents()]).values()
    texts = sorted(p.text for state in states for p, _ in store.get(state.chunk_ids))
    assert texts == [
        "Ferry tickets cost 12 euros.",
        "Night train tickets start at 79 euros.",
        "The quay opened on Monday.",
    ]
    assert list((data_dir / "uploads").iterdir()) == []


def test_long_names_and_large_files(telegram: FakeTelegram, tmp_path: Path) -> None:
    """A 254-character name (the most Telegram sends) is shortened on disk, keeping its
    extension, and two such names differing only at the end stay two files; a file over the
    limit is refused also when its size is not given or understated, by what was downloaded."""
    data_dir = tmp_path / "data"
    long_a, long_b = "a" * 250 + ".txt", "a" * 249 + "b.txt"
    wide = "ж" * 250 + ".md"  # 500 bytes in UTF-8
    big = b"Big\n" + b"The harbour reopened. " * (MAX_UPLOAD_BYTES // 20)
    files = {
        "a": b"Ferry\nThe ferry runs twice a day.",
        "b": b"Bridge\nThe bridge opens in May.",
        "w": b"Quay\nThe quay was rebuilt.",
        "big": big,
    }
    telegram.files |= {key: (f"documents/{key}", data) for key, data in files.items()}

    async def scenario() -> None:
        sent = 0
        for key, name, size in [
            ("a", long_a, None),
            ("b", long_b, None),
            ("w", wide, None),
            ("big", "big.txt", None),
            ("big", "big.txt", 1000),
        ]:
            document = _document(key, name) | ({"file_size": size} if size else {})
            telegram.push(message_update(ADMIN, ADMIN, document=document))
            sent += 2 if key != "big" else 1
            *_, reply = await replies(telegram, ADMIN, sent)
            if key == "big":
                assert reply["text"] == f"big.txt is too large (the limit is {LIMIT_MB} MB)."
            else:
                assert reply["text"].startswith("Ingested: 1 added"), reply["text"]

    run_bot(settings_for(telegram, data_dir), scenario)
    assert len(Newsbot(Settings(data_dir=data_dir)).store().documents()) == 3
    assert list((data_dir / "uploads").iterdir()) == []


def test_the_docs_give_the_upload_limit() -> None:
    docs = (REPO / "docs" / "telegram.md").read_text(encoding="utf-8")
    uploads = next(line for line in docs.splitlines() if line.startswith("| upload"))
    assert f"(up to {LIMIT_MB} MB)" in uploads


def test_ingest_failures_do_not_say_what_listens_where(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    """A refused address, a closed port and an HTTP 404 all read the same to the admin."""

    async def scenario() -> None:
        with serve({}) as site:
            urls = [
                site("/story"),  # 127.0.0.1 is not allowed, only the name localhost
                site("/missing", host="localhost"),  # HTTP 404
                "http://localhost:9/story",  # the discard port: connection refused
            ]
            telegram.push(message_update(ADMIN, ADMIN, "/ingest " + " ".join(urls)))
            _, summary = await replies(telegram, ADMIN, 2)
            assert site.paths == ["/missing"]
        lines = summary["text"].splitlines()
        assert lines[0].startswith("Nothing changed: 0 added") and "3 failed" in lines[0]
        assert lines[1:] == [f"• {url}: could not fetch that page" for url in urls]

    run_bot(settings_for(telegram, tmp_path / "data", fetch_allowed_hosts="localhost"), scenario)


def test_long_and_hostile_text_never_breaks_a_reply(telegram: FakeTelegram, tmp_path: Path) -> None:
    """Article text full of markup characters and far beyond 4096 characters."""
    hostile = "Evil <b>bold & <script>alert(1)</script> &amp; &nbsp; </i> tags. " * 5 + " ".join(
        f'Sentence {i} mentions the <harbour> & the pier\'s "cranes".' for i in range(400)
    )
    dump = tmp_path / "hostile.jsonl"
    dump.write_text(
        json.dumps(
            {
                "title": '<Title> & "quotes"',
                "source": "A&B <News>",
                "url": 'https://x.example/?a=1&b="2"',
                "body": hostile,
            }
        ),
        encoding="utf-8",
    )
    data_dir = tmp_path / "data"
    Newsbot(Settings(data_dir=data_dir)).ingestor().ingest([dump])

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "What does sentence 7 mention about the pier?"))
        (answer,) = await replies(telegram, USER, 1)
        telegram.push(
            callback_update(
                USER, USER, answer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            )
        )
        await replies(telegram, USER, 2)  # the Sources reply, however long it takes

    run_bot(settings_for(telegram, data_dir), scenario)
    assert telegram.rejected == []
    assert all(len(parse_telegram_html(m["text"])) <= 4096 for m in telegram.sent)


def test_empty_store_and_empty_question(telegram: FakeTelegram, tmp_path: Path) -> None:
    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        telegram.push(message_update(USER, USER, "/ask"))
        telegram.push(message_update(USER, USER, "/stats"))
        sent = await replies(telegram, USER, 3)
        texts = sorted(m["text"] for m in sent)
        assert any("No reports have been ingested yet" in t for t in texts)
        assert any(t.startswith("Ask me something") for t in texts)

    run_bot(settings_for(telegram, tmp_path / "empty"), scenario)
    assert telegram.rejected == []


def test_cli_reports_missing_and_rejected_tokens(
    cli: Callable[..., Any], telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = cli("telegram")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == "error: TELEGRAM_BOT_TOKEN is not set (see .env.example)"

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:wrong")
    monkeypatch.setenv("NEWSBOT_TELEGRAM_API_URL", telegram.base_url)
    rejected = cli("telegram")
    assert rejected.exit_code == 1
    assert rejected.stderr.strip().splitlines()[-1] == (
        "error: Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)"
    )


@pytest.mark.slow
def test_newsbot_telegram_command_end_to_end(telegram: FakeTelegram, corpus_dir: Path) -> None:
    """The installed command, long-polling the local Bot API, stopped by Ctrl-C."""
    process = start_bot_process(telegram, corpus_dir)
    try:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        (reply,) = telegram.wait_for(USER, 1, timeout=120)
        assert "seized Saraqeb" in plain(reply)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "running as @newsbot_test_bot" in stderr
    assert "Traceback" not in stderr


def test_llm_answer_streams_into_one_edited_message(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    from tests.fake_openai import FakeOpenAI, Reply, passage_number

    saraqeb = "insurgents detonated car bombs on Aleppo's western edge and seized Saraqeb"

    def script(request: dict[str, Any]) -> Reply:
        if "Rewrite" in request["messages"][0]["content"]:
            return Reply("Who led the insurgent advances in Syria?")
        if "seized Saraqeb" in request["messages"][-1]["content"]:
            n = passage_number(request, "seized Saraqeb")
            # Slow enough to be seen streaming: the edit loop runs every 1.2 s.
            return Reply(f'Insurgents seized Saraqeb [{n}: "{saraqeb}"].', delay=1.5)
        return Reply("CANNOT_ANSWER")

    llm = FakeOpenAI(script=script).start()

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        placeholder, *_ = await replies(telegram, USER, 2)
        for _ in range(100):  # previews may come first; the verified edit is HTML
            final = next((m for m in telegram.sent_to(USER) if m.get("parse_mode")), None)
            if final:
                break
            await asyncio.sleep(0.1)
        assert placeholder["text"] == "…"
        assert final and final.get("edited")
        assert int(final["message_id"]) == placeholder["message_id"]
        assert plain(final).startswith("Insurgents seized Saraqeb [1].")
        assert final["reply_markup"]["inline_keyboard"][0][0]["text"] == "Sources"

        count = len(telegram.sent_to(USER))
        telegram.push(message_update(USER, USER, "/reset"))
        *_, reset = await replies(telegram, USER, count + 1)
        assert reset["text"] == "Conversation forgotten."

    run_with_llm(telegram, corpus_dir, llm, scenario)
    assert telegram.rejected == []


def _streaming_llm(**reply: Any) -> Any:
    """A model streaming a true statement, a false one (issue 13's), and another true one."""
    from tests.fake_openai import FakeOpenAI, Reply
    from tests.test_llm import two_statements_one_false

    def script(request: dict[str, Any]) -> Reply:
        if "Rewrite" in request["messages"][0]["content"]:
            return Reply("who captured Saraqeb?")
        streamed = two_statements_one_false(request)
        return Reply(streamed.content, **reply)

    return FakeOpenAI(script=script).start()


VERIFIED = (
    "Insurgents seized Saraqeb, a key town [1].",
    "Traffic on the strategic highway was diverted [2].",
)


async def _final_answer(telegram: FakeTelegram) -> dict[str, Any]:
    """The message (sent or edited) that carries the Sources button."""
    for _ in range(600):
        final = next((m for m in telegram.sent_to(USER) if m.get("reply_markup")), None)
        if final:
            return final
        await asyncio.sleep(0.1)
    raise AssertionError(f"no final answer; sent: {telegram.sent_to(USER)}")


async def verified_answer_arrives(telegram: FakeTelegram) -> None:
    """Ask the question `_streaming_llm` answers; its verified statements arrive, in full."""
    telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
    final = await _final_answer(telegram)
    assert plain(final).startswith(" ".join(VERIFIED))


def test_streamed_edits_show_verified_statements_only(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """Every edit of the streamed message holds verified statements, never the dropped one."""
    llm = _streaming_llm(chunk_delay=0.1)  # about 3 s of streaming: several edits
    run_with_llm(telegram, corpus_dir, llm, partial(verified_answer_arrives, telegram))
    shown = [plain(m) for m in telegram.sent_to(USER)]
    assert shown[0] == "…"
    for text in shown:
        assert "Russian" not in text and "Moscow" not in text
    for preview in shown[1:-1]:  # the streamed edits: verified statements so far, then "…"
        assert preview.endswith(" …") and " ".join(VERIFIED).startswith(preview[:-2])
    assert telegram.rejected == []


def test_a_streamed_preview_fits_telegram_as_it_counts() -> None:
    """Telegram counts UTF-16 units: 4,000 characters of emoji are 8,000 and were refused."""
    statements = ["Fires \U0001f525" + " \U0001f525" * 1400 + " [1].", "Floods [2]."]
    preview = _preview(statements)
    assert preview.startswith("Fires") and preview.endswith(" …")
    assert telegram_length(preview) <= 4096
    assert _preview(["Insurgents seized Saraqeb [1]."]) == "Insurgents seized Saraqeb [1]. …"


def test_numbers_from_users_are_ascii_digits() -> None:
    """A forged button ("src:²") or "/unfollow ²" is no number: "²".isdigit() is true and
    int("²") raised, which users saw as "Sorry, something went wrong"."""
    assert _a_number("12") and not _a_number("²") and not _a_number("") and not _a_number("1" * 40)


def test_a_failed_final_edit_leaves_no_streamed_text(
    telegram: FakeTelegram, corpus_dir: Path
) -> None:
    """The final edit is refused: the streamed message goes, the answer comes as a new one."""
    llm = _streaming_llm()

    def refuse_final_edit(method: str, params: dict[str, Any]) -> str | None:
        if method == "editMessageText" and params.get("parse_mode"):
            return "Bad Request: message to edit not found"
        return None

    telegram.fail = refuse_final_edit

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        final = await _final_answer(telegram)
        assert not final.get("edited") and plain(final).startswith(" ".join(VERIFIED))
        placeholder = telegram.sent_to(USER)[0]
        assert placeholder["text"] == "…"
        assert [int(d["message_id"]) for d in telegram.deleted] == [placeholder["message_id"]]

    run_with_llm(telegram, corpus_dir, llm, scenario)
    assert not any("Russian" in plain(m) for m in telegram.sent_to(USER))


def test_a_follow_up_leads_with_what_it_asks(telegram: FakeTelegram, tmp_path: Path) -> None:
    """followup.resolve in Telegram, as in `chat`: "What was her time?" after "Who won the
    Rivermouth marathon?" leads with her time, not another Rivermouth report."""
    data_dir = tmp_path / "data"
    Newsbot(Settings(data_dir=data_dir)).ingestor().ingest(
        [REPO / "samples" / "newsqa" / "articles.jsonl"]
    )

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "Who won the Rivermouth marathon?"))
        (first,) = await replies(telegram, USER, 1)
        assert plain(first).startswith("Faith Cherono")
        telegram.push(message_update(USER, USER, "What was her time?"))
        _, second = await replies(telegram, USER, 2)
        lead = plain(second).split("[1]")[0]
        assert lead.startswith("Kenyan runner Faith Cherono"), plain(second)
        assert "2 hours 19 minutes and 48 seconds" in lead

    run_bot(settings_for(telegram, data_dir), scenario)
    assert telegram.rejected == []
