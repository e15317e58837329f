"""A restarted bot finds updates queued while it was down, and answers them all at once."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.fake_telegram import FakeTelegram, message_update, parse_telegram_html
from tests.test_telegram import start_bot_process

# Five questions from five users (so the rate limiter stays out of it), each with the words
# its answer must quote: the store must be open and whole for every one of them.
QUEUED = [
    ("who captured Saraqeb?", "seized Saraqeb"),
    ("How much did the harbour bridge repairs cost?", "41 million euros"),
    ("How much of the northern vines did the frost damage?", "a third of the vines"),
    ("How many pages did the library volunteers scan?", "90,000 pages"),
    ("who captured Saraqeb?", "seized Saraqeb"),
]
# Commands that read the store too, queued among the questions.
COMMANDS = [("/start", "news reports"), ("/stats", "reports"), ("/latest", "Latest reports")]


def plain(message: dict[str, object]) -> str:
    text = str(message["text"])
    return parse_telegram_html(text) if message.get("parse_mode") else text


@pytest.mark.slow
def test_updates_queued_before_start_are_all_answered(corpus_dir: Path) -> None:
    telegram = FakeTelegram().start()
    users = range(101, 101 + len(QUEUED))
    for user, (question, _) in zip(users, QUEUED, strict=True):
        for offset, (command, _) in enumerate(COMMANDS, start=1):
            telegram.push(message_update(user + 50 * offset, user + 50 * offset, command))
        telegram.push(message_update(user, user, question))
    process = start_bot_process(telegram, corpus_dir)
    try:
        for user, (question, expected) in zip(users, QUEUED, strict=True):
            (reply,) = telegram.wait_for(user, 1, timeout=120)
            assert expected in plain(reply), (question, plain(reply))
            for offset, (command, expected) in enumerate(COMMANDS, start=1):
                (reply,) = telegram.wait_for(user + 50 * offset, 1, timeout=60)
                assert expected in plain(reply), (command, plain(reply))
        # The store stays whole afterwards: a later question is answered, sources listed once.
        telegram.push(message_update(200, 200, "who captured Saraqeb?"))
        (later,) = telegram.wait_for(200, 1, timeout=60)
        assert "seized Saraqeb" in plain(later)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        telegram.stop()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "error while handling an update" not in stderr
