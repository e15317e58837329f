"""PDF reports and RSS/Atom feeds: formats that hold text in a container."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any

from ingest.articles import MAX_ARTICLE_CHARS, Article, check_length, plain_title
from ingest.errors import EmptyArticle, MalformedSource, SourceError, TooLarge, UnreadableSource
from ingest.urls import normal_url

__all__ = ["MAX_FEED_ENTRIES", "feed_articles", "looks_like_feed", "pdf_article"]

PageFetcher = Callable[[str], Article]

# Feeds list their newest entries first and real ones hold tens; a feed of 100,000 entries
# would fetch and embed for hours.
MAX_FEED_ENTRIES = 200
# Where an RSS <item> or Atom <entry> starts (any namespace prefix; not <items>).
_ENTRY_START = re.compile(rb"<(?:[A-Za-z0-9_.-]+:)?(?:item|entry)[\s>/]", re.IGNORECASE)

logger = logging.getLogger(__name__)


def pdf_article(
    data: bytes, *, label: str, default_id: str, max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    """The text of every page, with title, author and creation date from the PDF's metadata.

    Pages are read until the text passes `max_chars`: a 30,000-page PDF is refused after the
    pages that prove it too long, not after extracting all of them.
    """
    import pypdf
    from pypdf.errors import LimitReachedError

    # pypdf logs what it finds wrong with a broken file ("EOF marker not found") as warnings,
    # which reach the terminal as bare lines beside the one-line error this function raises.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise MalformedSource(label, "the PDF is encrypted")
        pages: list[str] = []
        length = 0
        for number, page in enumerate(reader.pages, start=1):
            pages.append((page.extract_text() or "").strip())
            length += len(pages[-1]) + 1
            if length > max_chars:  # stop extracting: the rest cannot be used
                raise TooLarge(
                    label,
                    f"its text passes {max_chars:,} characters by page {number} of "
                    f"{len(reader.pages)}: too long for one report",
                )
        meta = reader.metadata
        title, author = (plain_title(meta.title), meta.author or None) if meta else (None, None)
    except SourceError:
        raise
    except LimitReachedError as exc:
        raise TooLarge(
            label, f"a stream of the PDF decompresses past pypdf's safety limit ({exc})"
        ) from exc
    except Exception as exc:  # pypdf raises assorted errors on broken files, not only its own
        raise MalformedSource(label, f"cannot read PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(p for p in pages if p)
    if not text:
        raise EmptyArticle(label, "no extractable text in the PDF (a scan?)")
    check_length(label, text)
    return Article(
        doc_id=default_id, text=text, title=title, author=author, published=_pdf_date(meta)
    )


def _pdf_date(meta: Any) -> date | None:
    """The creation date; a malformed one is left out rather than failing the report."""
    try:
        created = getattr(meta, "creation_date", None) if meta else None
    except ValueError:
        return None
    return created.date() if isinstance(created, datetime) else None


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
    data: bytes,
    *,
    label: str,
    fetch_page: PageFetcher | None,
    max_entries: int = MAX_FEED_ENTRIES,
) -> Iterator[Article | SourceError]:
    """Each entry of an RSS/Atom feed: its linked page when reachable, else its own content.

    The entry's GUID (or link) identifies it and its date is the published date, whatever the
    linked page says. Only the first `max_entries` entries are read; a longer feed also
    yields one `TooLarge` saying how many were left out.
    """
    import feedparser

    # Parsing 100,000 entries takes feedparser half a minute, so a longer feed is cut just
    # before its first entry past the limit; feedparser reads the cut document leniently.
    starts = _ENTRY_START.finditer(data)
    cut = next(islice(starts, max_entries, None), None)
    total = max_entries + 1 + sum(1 for _ in starts) if cut else 0
    feed = feedparser.parse(_valid_char_refs(data[: cut.start()] if cut else data))
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no entries"
        yield MalformedSource(label, f"not a usable RSS/Atom feed: {reason}")
        return
    outlet = plain_title(feed.feed.get("title"))  # the outlet's name, as strangers write titles
    for number, entry in enumerate(feed.entries[:max_entries], start=1):
        where = f"{label} (entry {number})"
        try:
            item = _entry_article(entry, outlet, where, fetch_page, feed=label)
        except Exception as exc:  # one odd entry must not cost the feed's other entries
            item = UnreadableSource.caught(where, exc)
        yield item
    if cut:
        yield TooLarge(
            label, f"{total:,} entries; only the first {max_entries:,} were read (the limit)"
        )


# XML allows no character reference to a surrogate or past U+10FFFF, and feedparser's lenient
# parser crashes on them (UnicodeEncodeError, ValueError): they are made U+FFFD first.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _valid_char_refs(data: bytes) -> bytes:
    def checked(match: re.Match[bytes]) -> bytes:
        digits = match.group(1) or match.group(2)
        if len(digits) <= 8:
            code = int(digits, 16 if match.group(1) else 10)
            if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return match.group(0)
        return b"&#xFFFD;"

    return _CHAR_REF.sub(checked, data)


def _entry_article(
    entry: Any, outlet: str | None, label: str, fetch_page: PageFetcher | None, *, feed: str = ""
) -> Article | SourceError:
    link = entry.get("link")
    if link and not _is_link(link):
        link = None  # "javascript:alert(1)" is no page, and no citation's link
    link = normal_url(link) if link else None
    doc_id = _entry_id(entry.get("id"), feed) or link
    published = _entry_date(entry)
    if link and fetch_page is not None:
        try:
            page = fetch_page(link)
            return Article(
                doc_id=doc_id or page.doc_id,
                text=page.text,
                title=plain_title(entry.get("title")) or page.title,
                url=page.url or link,
                source=page.source or outlet,
                published=published or page.published,
                author=entry.get("author") or page.author,
            )
        except SourceError:
            pass  # fall back to what the feed itself carries
        except Exception:  # the page failed unexpectedly: the same fallback
            logger.debug("unexpected error fetching %s", link, exc_info=True)
    text = _entry_text(entry)
    if not doc_id:
        return MalformedSource(label, "entry has neither an id nor a link")
    if not text:
        return EmptyArticle(label, "entry has no text and its page could not be fetched")
    try:
        check_length(label, text)
    except SourceError as exc:
        return exc
    return Article(
        doc_id=doc_id,
        text=text,
        title=plain_title(entry.get("title")),
        url=link,
        source=outlet,
        published=published,
        author=entry.get("author"),
    )


def _is_link(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _entry_id(guid: str | None, feed: str) -> str | None:
    """The entry's document id: a GUID that is a link as it is (the page's own address), any
    other GUID ("1001", "tag:...") within its feed: two feeds numbering their entries alike
    are two stories, not one."""
    if not guid:
        return None
    if _is_link(guid):
        return normal_url(guid)
    if not feed:
        return str(guid)
    return f"{feed}#{guid}"


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
