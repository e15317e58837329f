"""An OpenAI-compatible chat completions server on 127.0.0.1, scripted by the test.

`/v1/chat/completions`, plain JSON or streamed as server-sent events, like OpenAI, vLLM,
llama.cpp's server and Ollama answer. `script(request) -> Reply` decides each response; a
reply can also stream slowly, or send only keep-alives (SSE comments, or blank bytes before a
JSON body) until the client hangs up, as proxies and busy servers do.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None  # sent as is (garbage)
    echo_key: bool = False  # an error body quoting the API key, as some endpoints do
    chunk_delay: float = 0.0  # between streamed pieces
    keepalive: bool = False  # keep-alives every 0.5 s, never an answer


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected."""


@dataclass
class FakeOpenAI:
    script: Callable[[dict[str, Any]], Reply] = lambda request: Reply("CANNOT_ANSWER")
    requests: list[dict[str, Any]] = field(default_factory=list)
    api_keys: list[str] = field(default_factory=list)  # the bearer token of each request
    hung_up: threading.Event = field(default_factory=threading.Event)  # a client left mid-reply

    def start(self) -> FakeOpenAI:
        state = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, b'{"error": {"message": "not found"}}')
                    return
                request = json.loads(body)
                state.requests.append(request)
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                state.api_keys.append(key)
                reply = state.script(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.echo_key:
                    message = f"Incorrect API key provided: {key}. Check your key."
                    error = {"error": {"message": message, "code": "invalid_api_key"}}
                    self._send(reply.status, json.dumps(error).encode())
                elif reply.keepalive:
                    self._keep_alive(streaming=bool(request.get("stream")))
                elif reply.raw is not None:
                    self._send(reply.status, reply.raw)
                elif reply.status != 200:
                    error = {"error": {"message": "internal error", "type": "server_error"}}
                    self._send(reply.status, json.dumps(error).encode())
                elif request.get("stream"):
                    self._stream(request, reply.content, reply.chunk_delay)
                else:
                    self._send(200, json.dumps(_completion(request, reply.content)).encode())

            def _keep_alive(self, *, streaming: bool) -> None:
                self.send_response(200)
                self.send_header(
                    "Content-Type", "text/event-stream" if streaming else "application/json"
                )
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                for _ in range(240):  # two minutes at most, if the client never gives up
                    try:
                        self.wfile.write(b": keep-alive\n\n" if streaming else b" \n")
                        self.wfile.flush()
                    except OSError:
                        state.hung_up.set()
                        return
                    time.sleep(0.5)

            def _stream(self, request: dict[str, Any], content: str, delay: float) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [content[i : i + 12] for i in range(0, len(content), 12)]
                for piece in [*pieces, None]:
                    time.sleep(delay)
                    chunk = _chunk(request, piece)
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

            def _send(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"


def _completion(request: dict[str, Any], content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "test"),
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(request: dict[str, Any], piece: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": request.get("model", "test"),
        "choices": [
            {
                "index": 0,
                "delta": {"content": piece} if piece else {},
                "finish_reason": None if piece else "stop",
            }
        ],
    }


def passage_number(request: dict[str, Any], phrase: str) -> int:
    """The number the prompt gave the passage containing `phrase` (as a model would read it).

    Passages come as `<passage n="3" …>` blocks; the older `[3] Title` layout is read too.
    """
    prompt = request["messages"][-1]["content"]
    blocks = re.findall(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', prompt, re.S)
    blocks += re.findall(r"(?:^|\n\n)\[(\d+)\][^\n]*\n(.*?)(?=\n\n|$)", prompt, re.S)
    for number, text in blocks:
        if phrase in text:
            return int(number)
    raise AssertionError(f"no passage with {phrase!r} in the prompt")
