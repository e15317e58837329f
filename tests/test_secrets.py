"""Secrets never reach a log line, an error message or a note, at any level."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.redact import MASK, SecretFilter, install_redaction, redact, register_secret
from tests.fake_openai import FakeOpenAI, Reply
from tests.fake_telegram import TOKEN, FakeTelegram, message_update
from tests.test_telegram import ADMIN, USER, replies, run_bot, settings_for

API_KEY = "sk-test-9f8e7d6c5b4a39281706"


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


def test_every_form_of_a_secret_is_masked() -> None:
    register_secret("424242:AAH-unit-test-secret")
    register_secret("abc")  # too short to be a secret worth mangling every log line for
    text = (
        "POST http://h/bot424242:AAH-unit-test-secret/getMe "
        "GET http://h/file/bot424242%3AAAH-unit-test-secret/f "
        "GET http://h/file/bot424242%3aAAH-unit-test-secret/f "
        "half AAH-unit-test-secret abc"
    )
    assert redact(text) == (
        f"POST http://h/bot{MASK}/getMe GET http://h/file/bot{MASK}/f "
        f"GET http://h/file/bot{MASK}/f half {MASK} abc"
    )


def test_the_filter_masks_arguments_and_tracebacks_even_on_later_handlers() -> None:
    secret = "unit-test-key-5551234"
    install_redaction(secret)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # added after install_redaction, unfiltered
    logger = logging.getLogger("newsbot.test-redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("key is %s", secret)
        try:
            raise RuntimeError(f"the server said: bad key {secret}")
        except RuntimeError:
            logger.exception("call failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    output = stream.getvalue()
    assert secret not in output
    assert f"key is {MASK}" in output and f"bad key {MASK}" in output

    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "%s", (secret,), None)
    assert SecretFilter().filter(record) and record.getMessage() == MASK


def test_the_bot_never_logs_its_token(
    telegram: FakeTelegram, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """PTB at DEBUG logs its base URL; a failed download's ERROR quotes the file URL."""
    caplog.set_level(logging.DEBUG)
    telegram.files["gone"] = ("documents/gone.txt", None)  # getFile works, the download 404s
    document = {"file_id": "gone", "file_unique_id": "ugone", "file_name": "gone.txt"}

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        telegram.push(message_update(ADMIN, ADMIN, document=document))
        await replies(telegram, USER, 1)
        await replies(telegram, ADMIN, 1)

    run_bot(settings_for(telegram, tmp_path / "empty"), scenario)
    secret_half = TOKEN.partition(":")[2]
    logged = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert secret_half not in logged
    assert "Set Bot API URL: " in logged and f"/bot{MASK}" in logged  # DEBUG was captured
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    echoed = f"not found: /file/bot{MASK}/documents/gone.txt"
    assert any(echoed in r.getMessage() for r in errors)  # PTB's own ERROR line
    assert any(echoed in (r.exc_text or "") for r in errors if r.name == "newsbot.telegram")


def test_an_endpoint_echoing_the_api_key_never_gets_it_printed(
    cli: Callable[..., Any],
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    llm = FakeOpenAI(script=lambda request: Reply(status=401, echo_key=True)).start()
    try:
        assert cli("ingest", str(sample_dir)).exit_code == 0
        monkeypatch.setenv("NEWSBOT_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("NEWSBOT_LLM_MODEL", "test-model")
        monkeypatch.setenv("NEWSBOT_LLM_API_KEY", API_KEY)
        shown = cli("ask", "who captured Saraqeb?")
        as_json = cli("ask", "who captured Saraqeb?", "--json")
    finally:
        llm.stop()
    assert llm.api_keys == [API_KEY, API_KEY]  # the key went out, and came back in the error
    assert shown.exit_code == 0 and "seized Saraqeb" in shown.stdout
    assert shown.stderr.startswith("warning: the LLM at") and MASK in shown.stderr
    assert as_json.json()["llm_error"].endswith(
        f"Incorrect API key provided: {MASK}. Check your key."
    )
    for text in (shown.stdout, shown.stderr, as_json.stdout, as_json.stderr, caplog.text):
        assert API_KEY not in text
