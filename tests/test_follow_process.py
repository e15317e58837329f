"""Topic alerts end to end: the real `newsbot telegram` process on a Bot API server on
127.0.0.1, and `newsbot ingest` writing articles from another process.

A chat sends /follow; another process ingests a matching article and an unrelated one: the
matching one is pushed, the unrelated one is not. After a restart nothing is pushed twice, and
the next matching article still arrives. No timing is asserted: waits have generous timeouts,
and the bot polls every second (NEWSBOT_FOLLOW_POLL=1).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.services import Newsbot
from bot.settings import Settings
from tests.fake_telegram import TOKEN, FakeTelegram, message_update, parse_telegram_html
from tests.follow_articles import CEASEFIRE, CHEESE_FAIR, TOPIC, TRUCE_HOLDS, dump
from vectorstore.embeddings import Embedder

CHAT = 4242
NEWSBOT = str(Path(sys.executable).parent / "newsbot")


def environment(telegram: FakeTelegram, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    return env | {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "NEWSBOT_TELEGRAM_API_URL": telegram.base_url,
        "NEWSBOT_DATA_DIR": str(data_dir),
        "NEWSBOT_FOLLOW_POLL": "1",
    }


def start_bot(telegram: FakeTelegram, data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [NEWSBOT, "telegram"],
        env=environment(telegram, data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> str:
    """SIGINT, as Ctrl-C: the bot finishes what it was sending and exits cleanly."""
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    return stderr


def ingest(telegram: FakeTelegram, data_dir: Path, source: Path) -> None:
    done = subprocess.run(
        [NEWSBOT, "ingest", str(source), "--json"],
        env=environment(telegram, data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def plain(message: dict[str, Any]) -> str:
    text = str(message["text"])
    return parse_telegram_html(text) if message.get("parse_mode") else text


@pytest.mark.slow
def test_a_followed_topic_is_pushed_once_from_another_process_s_ingestion(
    tmp_path: Path, wire_dump: Path, embedder: Embedder
) -> None:
    data_dir = tmp_path / "data"
    Newsbot(Settings(data_dir=data_dir)).ingestor().ingest([wire_dump])
    telegram = FakeTelegram().start()
    try:
        bot = start_bot(telegram, data_dir)
        try:
            telegram.push(message_update(CHAT, CHAT, f"/follow {TOPIC}"))
            (reply,) = telegram.wait_for(CHAT, 1, timeout=120)
            assert plain(reply).startswith(f"Following #1: {TOPIC}")
            # Another process ingests an unrelated report and a matching one.
            ingest(telegram, data_dir, dump(tmp_path / "a.jsonl", CHEESE_FAIR, CEASEFIRE))
            ingested = time.monotonic()
            push = telegram.wait_for(CHAT, 2, timeout=120)[1]
            latency = time.monotonic() - ingested  # printed below, never asserted
        finally:
            stop(bot)  # whatever the bot was going to send is sent by now
        text = plain(push)
        assert push["parse_mode"] == "HTML"
        assert TOPIC in text and CEASEFIRE["title"] in text and "Levant Wire, 2024-12-05" in text
        assert "A ceasefire took effect in Aleppo on Thursday" in text
        assert CEASEFIRE["url"] in text
        assert len(telegram.sent_to(CHAT)) == 2  # the cheese fair was not pushed

        # A restart: the subscription is still there, nothing is pushed again, and the next
        # matching report still arrives.
        bot = start_bot(telegram, data_dir)
        try:
            telegram.push(message_update(CHAT, CHAT, "/following"))
            following = telegram.wait_for(CHAT, 3, timeout=120)[2]
            assert f"1. {TOPIC}" in plain(following)
            ingest(telegram, data_dir, dump(tmp_path / "b.jsonl", TRUCE_HOLDS))
            telegram.wait_for(CHAT, 4, timeout=120)
        finally:
            stop(bot)
        sent = [plain(m) for m in telegram.sent_to(CHAT)]
        assert len(sent) == 4, sent
        assert TRUCE_HOLDS["title"] in sent[3]
        assert sum(CEASEFIRE["title"] in text for text in sent) == 1
        assert not any("cheese" in text.casefold() for text in sent)
        assert telegram.rejected == []
        print(f"\n--- push {latency:.1f} s after the ingestion ended (poll: 1 s) ---")
        print("--- what the Bot API server saw ---")
        for message in telegram.sent_to(CHAT):
            print(f"[{message.get('parse_mode') or 'plain'}] {message['text']}\n")
    finally:
        telegram.stop()
