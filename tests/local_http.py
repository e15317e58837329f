"""A tiny HTTP server on 127.0.0.1 serving fixed routes, for fetching tests.

Fetching refuses loopback addresses by default, so tests fetch with `LOCAL` (127.0.0.1 and
localhost allowed), or with `named(...)`, which makes host names such as `harbour.example`
resolve to 127.0.0.1 for one fetcher: the server then sees the name in its `Host` header, as a
real site would.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ingest.netpolicy import AddressPolicy

LOCAL = AddressPolicy.allowing("127.0.0.1", "localhost")
LOCAL_HOSTS = "127.0.0.1,localhost"  # NEWSBOT_FETCH_ALLOWED_HOSTS for CLI and bot tests


class LocalNames:
    """A resolver under which `names` resolve to 127.0.0.1; IP literals resolve to themselves.

    It stands in for DNS only (these names exist nowhere else); the HTTP stays real. `calls`
    records every lookup.
    """

    def __init__(self, *names: str, answers: dict[str, list[str]] | None = None) -> None:
        self.answers = {name: ["127.0.0.1"] for name in names} | (answers or {})
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host in self.answers:
            return self.answers[host]
        if host.replace(".", "").isdigit() or ":" in host:
            return [host]
        raise OSError(f"unknown host {host}")


def named(*names: str, allow: tuple[str, ...] | None = None) -> AddressPolicy:
    """A policy under which `names` resolve to 127.0.0.1 and are allowed (or only `allow`)."""
    return AddressPolicy(names if allow is None else allow, LocalNames(*names))


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    drip: float = 0.0  # seconds between body bytes: a server that never stops sending


@dataclass
class Request:
    path: str
    host: str
    accept_encoding: str


class Site:
    """`site(path)` is the URL of `path` (`site(path, host=...)` under another name)."""

    def __init__(self, port: int, scheme: str = "http") -> None:
        self.port = port
        self.scheme = scheme
        self.requests: list[Request] = []
        self.sent: dict[str, int] = {}  # body bytes written per path

    def __call__(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    @property
    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that time out or stop reading (the point of some tests) are expected."""


@contextmanager
def serve(routes: dict[str, Route], *, tls: ssl.SSLContext | None = None) -> Iterator[Site]:
    """Yields the running `Site` (HTTPS with a `tls` server context); unknown paths: 404."""
    site: Site

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append(
                Request(
                    self.path,
                    self.headers.get("Host", ""),
                    self.headers.get("Accept-Encoding", ""),
                )
            )
            route = routes.get(self.path, Route(b"not found", 404, "text/plain"))
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.location:
                self.send_header("Location", route.location)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            if not route.drip:
                self.wfile.write(route.body)
                site.sent[self.path] = len(route.body)
                return
            for offset in range(len(route.body)):
                self.wfile.write(route.body[offset : offset + 1])
                self.wfile.flush()
                site.sent[self.path] = offset + 1
                time.sleep(route.drip)

    server = _QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    site = Site(server.server_address[1], "https" if tls else "http")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
