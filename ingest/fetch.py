"""Fetching over http(s), bounded in where, how long and how much: pages, PDFs and feeds.

Every bound is one a hostile server could otherwise abuse:

- where: each host is resolved once and every address checked (`ingest.netpolicy`); the
  connection goes to a checked address, never to a second DNS answer. Redirects are followed
  here, one hop at a time, so every hop is checked the same way;
- how long: one deadline for the whole fetch (all hops, every read), and one time budget for a
  source (a feed and the pages it links to), not a timeout per read that a server sending a
  byte a second never trips;
- how much: the body, after decompression, is capped while it streams in; only gzip is asked
  for, decoded a bounded slice at a time, and any other encoding is refused unread.

Connections are made through httpcore (httpx's own engine) with a network backend that
connects to the pinned address while the URL keeps the host name, so the `Host` header, TLS
SNI and certificate checks all use the name, as they would without pinning.
"""

from __future__ import annotations

import re
import ssl
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import httpcore
import httpx

from ingest.articles import Article, check_length
from ingest.documents import MAX_FEED_ENTRIES, feed_articles, looks_like_feed, pdf_article
from ingest.errors import SourceError, UnsupportedSource
from ingest.loaders import html_article
from ingest.netpolicy import (
    AddressPolicy,
    ForbiddenDestination,
    PinnedBackend,
    registrable_domain,
)
from ingest.urls import normal_url

__all__ = [
    "FetchFailed",
    "FetchTimedOut",
    "Fetched",
    "Fetcher",
    "ForbiddenDestination",
    "fetch",
    "fetch_article",
    "same_site",
    "url_articles",
]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "newsbot/0.1"


class FetchFailed(SourceError):
    """The URL could not be fetched (network error, HTTP error, too large, bad encoding)."""


class FetchTimedOut(FetchFailed):
    """The fetch's deadline, or its source's time budget, passed before the body was read."""


@dataclass(frozen=True)
class Fetched:
    """A downloaded resource: where it ended up, what it says it is, and its bytes."""

    url: str
    content_type: str
    body: bytes
    charset: str | None = None  # the Content-Type's charset parameter, as sent

    def text(self) -> str:
        """The body as text in its declared charset (UTF-8 when none, or one Python lacks)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    return match.group(1).lower() if match else None


class _Budget:
    """The time one source may spend fetching, counted from its first fetch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._ends: float | None = None

    def ends(self) -> float:
        if self._ends is None:
            self._ends = time.monotonic() + self.seconds
        return self._ends


@cache
def _default_tls() -> ssl.SSLContext:
    """httpx's defaults (certifi's CAs, or SSL_CERT_FILE), loaded once per process."""
    return httpx.create_ssl_context()


def same_site(url: str, other: str) -> bool:
    """Both http(s) URLs on one registrable domain (`www.bbc.co.uk` and `bbc.co.uk`)."""
    a, b = httpx.URL(url), httpx.URL(other)
    if a.scheme not in ("http", "https") or b.scheme not in ("http", "https"):
        return False
    return bool(a.host) and registrable_domain(a.host) == registrable_domain(b.host)


def _site(url: str) -> str:
    return registrable_domain(httpx.URL(url).host)


@dataclass(frozen=True)
class Fetcher:
    """How URLs are fetched: where to, for how long, and how much. Built once from settings.

    `timeout` is the deadline of one fetch, redirects and all; `source_budget` bounds one
    source (a feed URL or file and every page it links to); `max_bytes` caps a body after
    decompression. `ssl_context` replaces the default certificate authorities (certifi's).
    """

    policy: AddressPolicy = field(default_factory=AddressPolicy)
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    source_budget: float = 120.0
    max_feed_entries: int = MAX_FEED_ENTRIES
    ssl_context: ssl.SSLContext | None = field(default=None, compare=False, repr=False)

    def fetch(self, url: str, *, budget: _Budget | None = None) -> Fetched:
        """GET `url`, following up to `max_redirects` redirects, every hop checked."""
        budget_ends = budget.ends() if budget else None
        deadline = time.monotonic() + self.timeout
        if budget_ends is not None and budget_ends < deadline:
            deadline, late = budget_ends, f"the source's time budget ({self.source_budget:g} s)"
        else:
            late = f"the deadline ({self.timeout:g} s)"
        if deadline <= time.monotonic():
            raise FetchTimedOut(url, f"not fetched: {late} has passed")
        backend = PinnedBackend(deadline)
        try:
            with httpcore.ConnectionPool(
                ssl_context=self.ssl_context or _default_tls(),
                network_backend=backend,
                retries=0,
            ) as pool:
                return self._follow(url, pool, backend)
        except httpcore.TimeoutException as exc:
            raise FetchTimedOut(url, f"timed out: {late} passed") from exc
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as exc:
            raise FetchFailed(url, f"cannot fetch: {exc.__class__.__name__}: {exc}") from exc

    def _follow(self, url: str, pool: httpcore.ConnectionPool, backend: PinnedBackend) -> Fetched:
        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise UnsupportedSource(url, f"not a valid URL: {exc}") from exc
        if current.userinfo:
            # "http://editor:pw@host/..." would become the document's id and citation link,
            # shown to every reader; the credentials were never sent anyway.
            current = current.copy_with(username=None, password=None)
        for hop in range(self.max_redirects + 1):
            self._pin(url, current, backend, redirected=hop > 0)
            # Every socket operation is also bounded by the deadline (`_DeadlineStream`).
            timeouts = dict.fromkeys(("connect", "read", "write", "pool"), self.timeout)
            with pool.stream(
                "GET",
                httpcore.URL(
                    scheme=current.raw_scheme,
                    host=current.raw_host,
                    port=current.port,
                    target=current.raw_path,
                ),
                headers=[
                    (b"Host", current.netloc),
                    (b"User-Agent", USER_AGENT.encode()),
                    (b"Accept-Encoding", b"gzip"),
                ],
                extensions={"timeout": timeouts},
            ) as response:
                headers = _Headers(response.headers)
                location = headers.get("location")
                if response.status in _REDIRECTS and location:
                    try:
                        current = current.join(location).copy_with(fragment=None)
                    except httpx.InvalidURL as exc:
                        raise FetchFailed(url, f"redirected to an invalid URL: {exc}") from exc
                    continue
                if response.status >= 300:
                    reason = response.extensions.get("reason_phrase", b"").decode("latin-1")
                    raise FetchFailed(url, f"HTTP {response.status} {reason}".strip())
                declared = headers.get("content-type")
                content_type = declared.split(";")[0].strip().lower()
                body = self._read_body(url, response, headers)
                return Fetched(normal_url(str(current)), content_type, body, _charset(declared))
        raise FetchFailed(url, f"more than {self.max_redirects} redirects")

    def _pin(
        self, url: str, current: httpx.URL, backend: PinnedBackend, *, redirected: bool
    ) -> None:
        """Check where `current` may go and pin its host to the checked addresses."""
        if current.scheme not in ("http", "https") or not current.host:
            if redirected:
                raise UnsupportedSource(url, f"redirected to a non-http(s) URL {current}")
            raise UnsupportedSource(url, "only http and https URLs can be fetched")
        host = current.raw_host.decode("ascii").lower()
        if host in backend.pins:
            return
        port = current.port or (443 if current.scheme == "https" else 80)
        try:
            backend.pins[host] = self.policy.addresses(url, host, port)
        except ForbiddenDestination as exc:
            if not redirected:
                raise
            raise ForbiddenDestination(url, f"redirected to {current}: {exc.reason}") from None

    def _read_body(self, url: str, response: httpcore.Response, headers: _Headers) -> bytes:
        """The body, decoded, refused as soon as it passes `max_bytes`; never held whole first.

        A gzip body is inflated a bounded slice at a time (zlib's `max_length`), so a small
        compressed response claiming gigabytes never expands in memory.
        """
        limit = self.max_bytes
        too_large = f"page larger than {limit / 1_000_000:g} MB"
        encodings = [e for e in headers.get("content-encoding").lower().split(",") if e.strip()]
        encodings = [e.strip() for e in encodings if e.strip() != "identity"]
        decoder = None
        if encodings in (["gzip"], ["x-gzip"]):
            decoder = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif encodings:
            raise FetchFailed(url, f"unrequested content encoding {', '.join(encodings)!r}")
        declared = headers.get("content-length")
        if declared.isdigit() and int(declared) > limit:
            raise FetchFailed(url, too_large)
        body = bytearray()
        received = 0
        try:
            for chunk in response.iter_stream():
                received += len(chunk)
                if received > limit:
                    raise FetchFailed(url, too_large)
                if decoder is not None:
                    chunk = decoder.decompress(chunk, limit - len(body) + 1)
                body.extend(chunk)
                if len(body) > limit:
                    raise FetchFailed(url, f"{too_large} once decompressed")
            if decoder is not None:
                body.extend(decoder.flush())
                if len(body) > limit:
                    raise FetchFailed(url, f"{too_large} once decompressed")
        except zlib.error as exc:
            raise FetchFailed(url, f"broken gzip body: {exc}") from exc
        return bytes(body)

    def article(self, url: str, *, budget: _Budget | None = None) -> Article:
        """One web page (HTML or plain text) as an article."""
        return _page_article(url, self.fetch(url, budget=budget))

    def page_fetcher(self) -> Callable[[str], Article]:
        """A fetcher for the pages one feed file links to, sharing one time budget."""
        budget = _Budget(self.source_budget)
        return lambda link: self.article(link, budget=budget)

    def url_articles(self, url: str) -> Iterator[Article | SourceError]:
        """Whatever a URL holds: a page, a PDF, or a feed whose entries' pages are fetched too.

        Everything carries the site it came from (`Article.origin`); a feed's entries carry
        the feed's site, since the feed chose their ids.
        """
        budget = _Budget(self.source_budget)
        try:
            fetched = self.fetch(url, budget=budget)
            site = _site(fetched.url)
            if fetched.content_type == "application/pdf" or fetched.body.startswith(b"%PDF-"):
                article = pdf_article(fetched.body, label=url, default_id=fetched.url)
                yield replace(article, url=article.url or fetched.url, origin=site)
            elif looks_like_feed(fetched.content_type, fetched.body):
                entries = feed_articles(
                    fetched.body,
                    label=url,
                    fetch_page=lambda link: self.article(link, budget=budget),
                    max_entries=self.max_feed_entries,
                )
                for item in entries:
                    yield replace(item, origin=site) if isinstance(item, Article) else item
            else:
                yield _page_article(url, fetched)
        except SourceError as error:
            yield error


class _Headers:
    """Response headers by lower-cased name; repeated headers joined with commas."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self._values: dict[str, str] = {}
        for name, value in raw:
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1").strip()
            self._values[key] = f"{self._values[key]}, {text}" if key in self._values else text

    def get(self, name: str) -> str:
        return self._values.get(name, "")


def _page_article(url: str, fetched: Fetched) -> Article:
    """The page's text; its canonical URL is its id only when it is on the fetched site.

    A page may name any URL as canonical, and the id decides which stored document it
    replaces, so a canonical URL on another registrable domain is ignored.
    """
    content_type = fetched.content_type
    site = _site(fetched.url)
    if content_type and not content_type.startswith((*_HTML_TYPES, "text/plain")):
        raise UnsupportedSource(url, f"not a web page (content type {content_type})")
    if content_type == "text/plain":
        text = fetched.text().strip()
        if not text:
            raise FetchFailed(url, "empty page")
        check_length(url, text)
        return Article(doc_id=fetched.url, text=text, url=fetched.url, origin=site)
    article = html_article(
        fetched.body,
        label=url,
        default_id=fetched.url,
        accept_url=lambda page_url: _on_site(page_url, fetched.url) is not None,
    )
    canonical = _on_site(article.url, fetched.url) if article.url else None
    if canonical is None:
        return replace(article, doc_id=fetched.url, url=fetched.url, origin=site)
    return replace(article, doc_id=canonical, url=canonical, origin=site)


def _on_site(canonical: str, fetched_url: str) -> str | None:
    """The page's canonical URL (relative to where it was fetched), in its one spelling, if
    it is on the same site; else None."""
    try:
        joined = normal_url(str(httpx.URL(fetched_url).join(canonical)))
    except httpx.InvalidURL:
        return None
    return joined if same_site(joined, fetched_url) else None


def fetch(url: str, **options: Any) -> Fetched:
    """`Fetcher(**options).fetch(url)`."""
    return Fetcher(**options).fetch(url)


def fetch_article(url: str, **options: Any) -> Article:
    """`Fetcher(**options).article(url)`."""
    return Fetcher(**options).article(url)


def url_articles(url: str, **options: Any) -> Iterator[Article | SourceError]:
    """`Fetcher(**options).url_articles(url)`."""
    return Fetcher(**options).url_articles(url)
