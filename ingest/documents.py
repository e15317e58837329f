"""PDF reports and RSS/Atom feeds: formats that hold text in a container."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from ingest.articles import Article
from ingest.errors import EmptyArticle, MalformedSource, SourceError

__all__ = ["feed_articles", "looks_like_feed", "pdf_article"]

PageFetcher = Callable[[str], Article]


def pdf_article(data: bytes, *, label: str, default_id: str) -> Article:
    """The text of every page, with title, author and creation date from the PDF's metadata."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise MalformedSource(label, "the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise MalformedSource(label, f"cannot read PDF: {exc}") from exc
    text = "\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise EmptyArticle(label, "no extractable text in the PDF (a scan?)")
    created = getattr(meta, "creation_date", None) if meta else None
    return Article(
        doc_id=default_id,
        text=text,
        title=(meta.title or None) if meta else None,
        author=(meta.author or None) if meta else None,
        published=created.date() if isinstance(created, datetime) else None,
    )


def looks_like_feed(content_type: str, data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return content_type in {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
    } or (head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head))


def feed_articles(
    data: bytes, *, label: str, fetch_page: PageFetcher | None
) -> Iterator[Article | SourceError]:
    """Each entry of an RSS/Atom feed: its linked page when reachable, else its own content.

    The entry's GUID (or link) identifies it and its date is the published date, whatever the
    linked page says.
    """
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no entries"
        yield MalformedSource(label, f"not a usable RSS/Atom feed: {reason}")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(entry, outlet, f"{label} (entry {number})", fetch_page)


def _entry_article(
    entry: Any, outlet: str | None, label: str, fetch_page: PageFetcher | None
) -> Article | SourceError:
    link = entry.get("link")
    doc_id = entry.get("id") or link
    published = _entry_date(entry)
    if link and fetch_page is not None:
        try:
            page = fetch_page(link)
            return Article(
                doc_id=doc_id or page.doc_id,
                text=page.text,
                title=entry.get("title") or page.title,
                url=page.url or link,
                source=page.source or outlet,
                published=published or page.published,
                author=entry.get("author") or page.author,
            )
        except SourceError:
            pass  # fall back to what the feed itself carries
    text = _entry_text(entry)
    if not doc_id:
        return MalformedSource(label, "entry has neither an id nor a link")
    if not text:
        return EmptyArticle(label, "entry has no text and its page could not be fetched")
    return Article(
        doc_id=doc_id,
        text=text,
        title=entry.get("title"),
        url=link,
        source=outlet,
        published=published,
        author=entry.get("author"),
    )


def _entry_text(entry: Any) -> str:
    import trafilatura

    parts = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    html = "\n".join(p for p in parts if p)
    if not html.strip():
        return ""
    text = trafilatura.extract(f"<html><body><article>{html}</article></body></html>")
    return (text or "").strip()


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day = parsed[:3]
    return date(year, month, day)
