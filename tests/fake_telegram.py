"""A Bot API server on 127.0.0.1 for tests: speaks Telegram's HTTP protocol and is as strict.

It serves getMe, getUpdates (long polling), setWebhook, sendMessage, editMessageText,
deleteMessage, sendChatAction, answerCallbackQuery, getFile and file downloads. Like Telegram,
it rejects messages over 4096 characters (after entity parsing), malformed HTML entities and
unsupported tags, with the same 400 error shape; every rejection is recorded so a test can
assert there were none. A test can queue failures for a method (`failures`): flood control (429 with
retry_after) or a 5xx; and `fail(method, params)` makes a call fail with a 400 description.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

TOKEN = "123456:TEST-token"
FLOOD_CONTROL = (
    429,
    {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    },
)
BAD_GATEWAY = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Newsbot",
    "username": "newsbot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class BadRequest(Exception):
    pass


def parse_telegram_html(text: str) -> str:
    """The plain text Telegram would show, or BadRequest as Telegram would answer."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG.match(text, position)
            if not match:
                raise BadRequest(
                    f"Bad Request: can't parse entities: Unclosed start tag at byte offset "
                    f"{position}"
                )
            closing, name, _, self_closing = match.groups()
            name = name.lower()
            if name not in _ALLOWED_TAGS or self_closing:
                raise BadRequest(
                    f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at '
                    f"byte offset {position}"
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise BadRequest(
                        f'Bad Request: can\'t parse entities: Unmatched end tag "{name}"'
                    )
                stack.pop()
            else:
                stack.append(name)
            position = match.end()
        elif char == "&":
            match = _ENTITY.match(text, position)
            if not match:
                raise BadRequest(
                    "Bad Request: can't parse entities: Unsupported HTML entity or unescaped "
                    f"& at byte offset {position}"
                )
            out.append(html.unescape(match.group(0)))
            position = match.end()
        else:
            out.append(char)
            position += 1
    if stack:
        raise BadRequest(f"Bad Request: can't parse entities: Can't find end tag for {stack[-1]}")
    return "".join(out)


def check_text(text: str | None, parse_mode: str | None) -> None:
    plain = parse_telegram_html(text or "") if parse_mode == "HTML" else (text or "")
    if not plain.strip():
        raise BadRequest("Bad Request: message text is empty")
    if len(plain.encode("utf-16-le")) // 2 > 4096:
        raise BadRequest("Bad Request: message is too long")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up during a long poll (the bot shutting down) is normal."""


@dataclass
class FakeTelegram:
    """The server's state: queued updates, and everything the bot sent."""

    # file_id -> (file_path, data); data None: getFile answers but the download is a 404
    files: dict[str, tuple[str, bytes | None]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    # method -> (status, body) answers served, in order, before the method works again: a 429
    # with retry_after, a 502 from Telegram's front end...; each one served is logged in `failed`
    failures: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    failed: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    webhooks: list[dict[str, Any]] = field(default_factory=list)  # setWebhook calls
    fail: Callable[[str, dict[str, Any]], str | None] | None = None
    # method -> seconds between handling a call and answering it: a slow link, during which
    # the bot may be stopped with the message already delivered
    answer_delays: dict[str, float] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def start(self) -> FakeTelegram:
        state = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                prefix = f"/file/bot{TOKEN}/"
                path = unquote(self.path)
                stored = dict(state.files.values())
                data = stored.get(path[len(prefix) :]) if path.startswith(prefix) else None
                if data is not None:
                    self._send(200, data, "application/octet-stream")
                else:  # naming the path, token included, as many servers' 404 pages do
                    self._send(404, f"not found: {path}".encode(), "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                prefix, _, method = self.path.rpartition("/")
                if prefix != f"/bot{TOKEN}":
                    self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                params = state._params(self.headers.get("Content-Type", ""), body)
                failure = state._failure(method, params)
                if failure is not None:
                    self._json(*failure)
                    return
                try:
                    result = state.handle(method, params)
                except BadRequest as exc:
                    state.rejected.append((method, params, str(exc)))
                    self._json(400, {"ok": False, "error_code": 400, "description": str(exc)})
                    return
                except KeyError:
                    self._json(
                        404,
                        {
                            "ok": False,
                            "error_code": 404,
                            "description": "Not Found: method not found",
                        },
                    )
                    return
                time.sleep(state.answer_delays.get(method, 0.0))
                self._json(200, {"ok": True, "result": result})

            def _json(self, status: int, payload: Any) -> None:
                self._send(status, json.dumps(payload).encode(), "application/json")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    # --- protocol --------------------------------------------------------------------------

    @staticmethod
    def _params(content_type: str, body: bytes) -> dict[str, Any]:
        if content_type.startswith("application/json"):
            return json.loads(body or b"{}")
        fields = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        out: dict[str, Any] = {}
        for key, value in fields.items():
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError:
                out[key] = value
        return out

    def _failure(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        with self._cond:
            queued = self.failures.get(method)
            if not queued:
                return None
            status, body = queued.pop(0)
            self.failed.append((method, status, params))
            return status, body

    def handle(self, method: str, params: dict[str, Any]) -> Any:
        handlers = {
            "getMe": lambda p: BOT_USER,
            "deleteWebhook": lambda p: True,
            "setWebhook": self._set_webhook,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message,
            "deleteMessage": self._delete_message,
            "sendChatAction": self._chat_action,
            "answerCallbackQuery": self._answer_callback,
            "getFile": self._get_file,
        }
        handler = handlers[method]
        failure = self.fail(method, params) if self.fail else None
        if failure:
            raise BadRequest(failure)
        return handler(params)

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._updates[: int(params.get("limit") or 100)])

    def _message(self, params: dict[str, Any], text: str) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT_USER,
            "text": text,
        }

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        check_text(params.get("text"), params.get("parse_mode"))
        message = self._message(params, params["text"])
        with self._cond:
            self.sent.append({**params, "message_id": message["message_id"]})
            self._cond.notify_all()
        return message

    def _edit_message(self, params: dict[str, Any]) -> dict[str, Any]:
        check_text(params.get("text"), params.get("parse_mode"))
        with self._cond:
            self.sent.append({**params, "edited": True})
            self._cond.notify_all()
        return self._message(params, params["text"])

    def _delete_message(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self.deleted.append(params)
            self._cond.notify_all()
        return True

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("https://", "http://127.0.0.1")):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        with self._cond:
            self.webhooks.append(params)
            self._cond.notify_all()
        return True

    def wait_for_webhook(self, timeout: float = 120.0) -> dict[str, Any]:
        """Block until the bot has called setWebhook (or fail); its parameters."""
        with self._cond:
            if not self._cond.wait_for(lambda: self.webhooks, timeout):
                raise AssertionError(f"no setWebhook within {timeout} s")
            return self.webhooks[-1]

    def _chat_action(self, params: dict[str, Any]) -> bool:
        self.actions.append(params)
        return True

    def _answer_callback(self, params: dict[str, Any]) -> bool:
        self.callback_answers.append(params)
        return True

    def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise BadRequest("Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data or b""),
            "file_path": path,
        }

    # --- test side -------------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = next(self._ids)
            self._updates.append({"update_id": update_id, **update})
            self._cond.notify_all()
        return update_id

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self._cond:
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def wait_for(self, chat_id: int, count: int, timeout: float = 60.0) -> list[dict[str, Any]]:
        """Block until the bot has sent `count` messages to `chat_id` (or fail)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len([m for m in self.sent if int(m["chat_id"]) == chat_id]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"the bot sent {len(self.sent_to_unlocked(chat_id))} of {count} "
                        f"messages to chat {chat_id} within {timeout} s; rejected: "
                        f"{self.rejected}"
                    )
                self._cond.wait(left)
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def sent_to_unlocked(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.sent if int(m["chat_id"]) == chat_id]


_message_ids = itertools.count(1)


def user(user_id: int, name: str = "Ana") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def message_update(
    chat_id: int,
    user_id: int,
    text: str | None = None,
    *,
    group: bool = False,
    document: dict[str, Any] | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "group", "title": "Newsroom"}
        if group
        else {"id": chat_id, "type": "private", "first_name": "Ana"},
        "from": user(user_id),
    }
    if text is not None:
        message["text"] = text
        entities = []
        if text.startswith("/"):
            command = text.split()[0]
            entities.append(
                {
                    "type": "bot_command",
                    "offset": 0,
                    "length": len(command.encode("utf-16-le")) // 2,
                }
            )
        for match in re.finditer(r"@\w+", text):
            offset = len(text[: match.start()].encode("utf-16-le")) // 2
            entities.append(
                {
                    "type": "mention",
                    "offset": offset,
                    "length": len(match.group(0).encode("utf-16-le")) // 2,
                }
            )
        if entities:
            message["entities"] = entities
    if document is not None:
        message["document"] = document
    return {"message": message}


def callback_update(chat_id: int, user_id: int, data: str) -> dict[str, Any]:
    return {
        "callback_query": {
            "id": str(next(_message_ids)),
            "from": user(user_id),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": next(_message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Ana"},
                "from": BOT_USER,
                "text": "answer",
            },
        }
    }
