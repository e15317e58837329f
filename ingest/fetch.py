"""Fetching over http(s), bounded in time, size and redirects: pages, PDFs and feeds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from ingest.articles import Article
from ingest.documents import feed_articles, looks_like_feed, pdf_article
from ingest.errors import SourceError, UnsupportedSource
from ingest.loaders import html_article

__all__ = ["FetchFailed", "Fetched", "fetch", "fetch_article", "url_articles"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "newsbot/0.1"


class FetchFailed(SourceError):
    """The URL could not be fetched (network error, HTTP error, too large, timed out)."""


@dataclass(frozen=True)
class Fetched:
    """A downloaded resource: where it ended up, what it says it is, and its bytes."""

    url: str
    content_type: str
    body: bytes


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 5,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET with every bound a hostile server could abuse: time, size, redirects, scheme."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise UnsupportedSource(url, "only http and https URLs can be fetched")
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=max_redirects,
                timeout=timeout,
                headers={"User-Agent": USER_AGENT},
                transport=transport,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchFailed(url, f"HTTP {response.status_code} {response.reason_phrase}")
            content_type = response.headers.get("content-type", "").split(";")[0].strip()
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchFailed(url, f"page larger than {max_bytes // 1_000_000} MB")
            return Fetched(str(response.url), content_type.lower(), bytes(body))
    except httpx.TooManyRedirects as exc:
        raise FetchFailed(url, f"more than {max_redirects} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchFailed(url, f"timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(url, f"cannot fetch: {exc.__class__.__name__}: {exc}") from exc


def fetch_article(url: str, **limits: Any) -> Article:
    """One web page (HTML or plain text) as an article; its canonical URL is the id."""
    fetched = fetch(url, **limits)
    return _page_article(url, fetched)


def _page_article(url: str, fetched: Fetched) -> Article:
    content_type = fetched.content_type
    if content_type and not content_type.startswith((*_HTML_TYPES, "text/plain")):
        raise UnsupportedSource(url, f"not a web page (content type {content_type})")
    if content_type == "text/plain":
        text = fetched.body.decode("utf-8", errors="replace").strip()
        if not text:
            raise FetchFailed(url, "empty page")
        return Article(doc_id=fetched.url, text=text, url=fetched.url)
    article = html_article(fetched.body, label=url, default_id=fetched.url)
    if article.url is None:
        article = replace(article, url=fetched.url)
    return article


def url_articles(url: str, **limits: Any) -> Iterator[Article | SourceError]:
    """Whatever a URL holds: a page, a PDF, or a feed whose entries' pages are fetched too."""
    try:
        fetched = fetch(url, **limits)
        if fetched.content_type == "application/pdf" or fetched.body.startswith(b"%PDF-"):
            yield pdf_article(fetched.body, label=url, default_id=fetched.url)
        elif looks_like_feed(fetched.content_type, fetched.body):
            yield from feed_articles(
                fetched.body, label=url, fetch_page=lambda link: fetch_article(link, **limits)
            )
        else:
            yield _page_article(url, fetched)
    except SourceError as error:
        yield error
