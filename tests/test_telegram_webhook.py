"""`newsbot telegram --webhook-url`: Telegram posts updates to the bot, as production bots run;
and a question in another language is told why it gets no answer."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.qa import ENGLISH_ONLY_TEXT
from bot.settings import Settings
from bot.telegram import webhook_secret
from tests.conftest import CliResult
from tests.fake_telegram import TOKEN, FakeTelegram, message_update
from tests.test_telegram import USER, plain, replies, run_bot, settings_for, telegram  # noqa: F401

Cli = Callable[..., CliResult]
SECRET = "webhook-secret_42"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(url: str, update: dict, secret: str | None) -> int:
    """POST one Update as Telegram does; the HTTP status (retried while nothing listens)."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    body = json.dumps({"update_id": 1, **update}).encode()
    for _ in range(600):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except (ConnectionRefusedError, urllib.error.URLError):
            time.sleep(0.1)  # setWebhook comes just before the server accepts
    raise AssertionError(f"nothing listened at {url}")


@pytest.mark.slow
def test_webhook_mode_answers_updates_posted_to_it(
    telegram: FakeTelegram,  # noqa: F811
    corpus_dir: Path,
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env |= {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "NEWSBOT_TELEGRAM_API_URL": telegram.base_url,
        "NEWSBOT_DATA_DIR": str(corpus_dir),
        "NEWSBOT_TELEGRAM_WEBHOOK_SECRET": SECRET,
    }
    command = ["telegram", "--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "newsbot"), *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        registered = telegram.wait_for_webhook()
        assert registered["url"] == url and registered["secret_token"] == SECRET
        assert "message" in registered["allowed_updates"]

        stranger = message_update(USER + 100, USER + 100, "/ingest https://evil.example/")
        assert _post(url, stranger, secret=None) == 403
        assert _post(url, stranger, secret="guessed") == 403
        question = message_update(USER, USER, "who captured Saraqeb?")
        assert _post(url, question, secret=SECRET) == 200
        (reply,) = telegram.wait_for(USER, 1, timeout=120)
        assert "seized Saraqeb" in plain(reply)
        assert telegram.sent_to(USER + 100) == []
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert f"listening on 127.0.0.1:{port}" in stderr
    assert "Traceback" not in stderr and SECRET not in stderr and TOKEN not in stderr


def test_the_webhook_has_a_secret_even_when_none_is_configured(tmp_path: Path) -> None:
    made_up = {webhook_secret(Settings(data_dir=tmp_path)) for _ in range(2)}
    assert len(made_up) == 2 and all(len(s) >= 32 for s in made_up)
    configured = Settings(data_dir=tmp_path, telegram_webhook_secret=SECRET)
    assert webhook_secret(configured) == SECRET
    with pytest.raises(ValueError, match="letters, digits"):
        Settings(data_dir=tmp_path, telegram_webhook_secret="no spaces allowed")


@pytest.mark.parametrize("url", ["telegram.example/hook", "ftp://telegram.example/hook"])
def test_a_webhook_url_must_be_a_url(cli: Cli, url: str) -> None:
    result = cli("telegram", "--webhook-url", url)
    assert result.exit_code == 2
    assert "--webhook-url" in result.stderr and "Traceback" not in result.stderr


def test_a_question_in_another_language_is_told_why(
    telegram: FakeTelegram,  # noqa: F811
    corpus_dir: Path,
) -> None:
    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "Wer hat Saraqeb eingenommen?"))
        (german,) = await replies(telegram, USER, 1)
        assert ENGLISH_ONLY_TEXT in plain(german)
        telegram.push(message_update(USER, USER, "/ask Who captured Saraqeb?"))
        _, english = await replies(telegram, USER, 2)
        assert "seized Saraqeb" in plain(english)

    run_bot(settings_for(telegram, corpus_dir), scenario)
    assert telegram.rejected == []
