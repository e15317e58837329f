"""One log line, not a traceback, each time polling Telegram fails.

PTB retries a failed `getUpdates` for ever, with backoff up to 30 s, and logs each failure
with its full traceback: an hour without a network wrote over a hundred tracebacks, burying
the lines a person reading the log needs. The failure is expected and says all it has to say
in one line; the same line again within `REPEAT_S` is left out.
"""

from __future__ import annotations

import logging
import time

__all__ = ["POLLING_LOGGER", "REPEAT_S", "PollingErrors", "quiet_polling_errors"]

POLLING_LOGGER = "telegram.ext.Updater"
REPEAT_S = 300.0
_POLLING_FAILED = "Exception happened while polling for updates"


class PollingErrors(logging.Filter):
    """Turns PTB's polling tracebacks into a warning line, each distinct line once in
    `repeat_s`; other records pass unchanged."""

    def __init__(self, repeat_s: float = REPEAT_S) -> None:
        super().__init__()
        self.repeat_s = repeat_s
        self._last: tuple[str, float] | None = None  # the latest line, and when it was let through

    def filter(self, record: logging.LogRecord) -> bool:
        failed = record.exc_info or record.exc_text
        if not failed or not str(record.msg).startswith(_POLLING_FAILED):
            return True
        line = f"polling Telegram failed ({_error(record)}); retrying"
        now = time.monotonic()
        if self._last and self._last[0] == line and now - self._last[1] < self.repeat_s:
            return False
        self._last = (line, now)
        record.msg, record.args = line, ()
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True


def _error(record: logging.LogRecord) -> str:
    """ "NetworkError: Bad Gateway": the exception, or the last line of its traceback when
    redaction (`bot.redact`) has already turned it into text."""
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        return f"{type(error).__name__}: {error}"
    last = (record.exc_text or "").strip().splitlines()[-1:] or ["unknown error"]
    name, colon, message = last[0].partition(": ")
    return f"{name.rsplit('.', 1)[-1]}{colon}{message}"


def quiet_polling_errors() -> None:
    """Install the filter on PTB's updater logger, once."""
    logger = logging.getLogger(POLLING_LOGGER)
    if not any(isinstance(f, PollingErrors) for f in logger.filters):
        logger.addFilter(PollingErrors())
