"""Secrets out of logs and error messages: the bot token, the LLM API key and the Chroma token.

They leak in ways no call site controls: python-telegram-bot logs its base URL (token included)
at DEBUG, httpx logs every request URL at INFO, a failed download's traceback quotes the server's
answer, and an LLM endpoint may echo the key in its error body. So newsbot does not hunt call
sites: every log record is redacted on its way out, at every level, and the few messages it
builds from foreign errors (the `error:` line, the LLM failure note) pass through `redact`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

__all__ = ["MASK", "SecretFilter", "install_redaction", "redact", "register_secret"]

MASK = "***"
# Shorter "secrets" (a local server's dummy key "x") would only garble every log line.
MIN_SECRET_CHARS = 6

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None
_factory_installed = False


def _forms(secret: str) -> set[str]:
    """How a secret can appear in text: as is, URL-encoded (httpx writes the token's colon as
    %3A in file URLs), with lower-case escapes, and a bot token's secret half on its own."""
    forms = {secret, quote(secret, safe=""), quote(secret)}
    forms |= {re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), f) for f in set(forms)}
    _, colon, after = secret.partition(":")
    if colon and len(after) >= MIN_SECRET_CHARS:
        forms.add(after)
    return {f for f in forms if len(f) >= MIN_SECRET_CHARS}


def register_secret(value: str | None) -> None:
    """Redact `value` (in all its forms) from now on, in this process."""
    global _pattern
    secret = (value or "").strip()
    if len(secret) < MIN_SECRET_CHARS:
        return
    with _lock:
        if secret in _secrets:
            return
        _secrets.add(secret)
        forms = set().union(*(_forms(s) for s in _secrets))
        # Longest first, so a token is replaced whole rather than leaving its prefix behind.
        ordered = sorted(forms, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(f) for f in ordered))


def redact(text: str) -> str:
    """`text` with every registered secret replaced by ***."""
    pattern = _pattern
    return pattern.sub(MASK, text) if pattern is not None and text else text


def _redact_record(record: logging.LogRecord) -> None:
    if _pattern is None:
        return
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it later; redact what we can
        message = str(record.msg)
    record.msg, record.args = redact(message), None
    if record.exc_info:
        # The traceback is formatted here, redacted, and kept as text only: a handler that
        # renders exc_info itself (rich, a crash reporter) would otherwise print the secret.
        text = logging.Formatter().formatException(record.exc_info)
        record.exc_text, record.exc_info = redact(text), None
    elif record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class SecretFilter(logging.Filter):
    """Redacts a record's message, arguments, traceback and stack; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


_FILTER = SecretFilter()


def install_redaction(*secrets: str | None) -> None:
    """Register `secrets` and redact every log record from now on.

    The filter goes on the root logger's handlers (where every propagated record ends up); a
    record factory applies the same redaction as each record is created, so handlers added
    later (pytest's, a supervisor's) and loggers that do not propagate are covered too.
    """
    global _factory_installed
    for secret in secrets:
        register_secret(secret)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    with _lock:
        if _factory_installed:
            return
        previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _redact_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True
