"""Fetching news pages over http(s): bounded in time, size and redirects, HTML or text only."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from ingest.articles import Article
from ingest.errors import SourceError, UnsupportedSource
from ingest.loaders import html_article

__all__ = ["FetchFailed", "fetch_article"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"


class FetchFailed(SourceError):
    """The URL could not be fetched (network error, HTTP error, too large, timed out)."""


def fetch_article(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 5,
    transport: httpx.BaseTransport | None = None,
) -> Article:
    """Download one page and extract its article; the canonical URL (or final URL) is its id."""
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
            if content_type and not content_type.startswith((*_HTML_TYPES, "text/plain")):
                raise UnsupportedSource(url, f"not a web page (content type {content_type})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > max_bytes:
                    raise FetchFailed(url, f"page larger than {max_bytes // 1_000_000} MB")
            final_url = str(response.url)
    except httpx.TooManyRedirects as exc:
        raise FetchFailed(url, f"more than {max_redirects} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchFailed(url, f"timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchFailed(url, f"cannot fetch: {exc.__class__.__name__}: {exc}") from exc
    if content_type == "text/plain":
        text = bytes(body).decode("utf-8", errors="replace").strip()
        if not text:
            raise FetchFailed(url, "empty page")
        return Article(doc_id=final_url, text=text, url=final_url)
    article = html_article(bytes(body), label=url, default_id=final_url)
    if article.url is None:
        article = Article(**{**article.__dict__, "url": final_url})
    return article
