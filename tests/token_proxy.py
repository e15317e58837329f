"""A reverse proxy on 127.0.0.1 that demands a token, optionally over TLS, for `chroma run`.

Chroma 1.x's server (`chroma run`) has no authentication of its own: deployments put it behind
a proxy that checks a token and terminates TLS. This is that proxy, small enough to read: it
answers 401 to any request without `Authorization: Bearer TOKEN` (or `X-Chroma-Token: TOKEN`)
and forwards the rest, byte for byte, to the real server.
"""

from __future__ import annotations

import http.client
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host"}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (a failed TLS handshake is the point of some tests) are normal."""


@contextmanager
def token_proxy(
    upstream_port: int,
    token: str,
    *,
    certfile: Path | None = None,
    keyfile: Path | None = None,
) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """Yields the proxy's port and the (method, path) of every request it refused."""
    refused: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if (
                self.headers.get("Authorization") != f"Bearer {token}"
                and self.headers.get("X-Chroma-Token") != token
            ):
                refused.append((self.command, self.path))
                # Hang up after refusing, as a proxy does to a client it won't serve: chromadb
                # leaves a client that failed to start unclosed, with no way to close it.
                self.close_connection = True
                page = b"<h1>401 Authorization Required</h1>"
                self._send(401, {"Content-Type": "text/html", "Connection": "close"}, page)
                return
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                kept = {
                    k: v
                    for k, v in response.getheaders()
                    if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"
                }
                self._send(response.status, kept, data)
            finally:
                upstream.close()

        def _send(self, status: int, headers: dict[str, str], data: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

    server = _QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if certfile is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1]), refused
    finally:
        server.shutdown()
        server.server_close()
