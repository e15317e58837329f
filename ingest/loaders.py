"""Turn sources (files and folders) into `Article`s.

Loaders never raise for one bad item: they yield a `SourceError` in its place, so one broken
file or dump entry never stops the rest of a run.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from ingest.articles import MAX_ARTICLE_CHARS, Article, Scalar, check_length, plain_title
from ingest.documents import MAX_FEED_ENTRIES, feed_articles, pdf_article
from ingest.dumps import json_values, jsonl_values
from ingest.errors import (
    EmptyArticle,
    MalformedSource,
    SourceError,
    SourceNotFound,
    TooLarge,
    UndecodableText,
    UnreadableSource,
    UnsupportedSource,
)
from ingest.urls import normal_url

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "Discovery",
    "discover",
    "html_article",
    "is_url",
    "load_file",
    "parse_date",
    "read_sources_file",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
PDF_SUFFIXES = frozenset({".pdf"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | PDF_SUFFIXES | FEED_SUFFIXES
)

_TEXT_KEYS = ("body", "text", "content")
_DATE_KEYS = ("published_at", "published", "date")
_KNOWN_KEYS = {*_TEXT_KEYS, *_DATE_KEYS, "title", "url", "source", "author"}
_MAX_TITLE_CHARS = 200
# Far beyond any news report; a bigger "article" is a mistake (a log, a book, a dump in the
# wrong format) that would take hours to embed. Dumps may be larger: the cap is per article
# (MAX_ARTICLE_CHARS, in ingest.articles).
MAX_FILE_BYTES = 10_000_000


@dataclass
class Discovery:
    """The files a run will read, the sources that failed already, and files passed over."""

    files: list[Path] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    failures: list[SourceError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def discover(
    sources: Iterable[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Discovery:
    """Expand folders recursively; in folders, hidden and unsupported files are passed over.

    A file named explicitly must be supported; a folder's other files (images, `.DS_Store`)
    are expected and only counted. `include`/`exclude` are glob patterns matched against a
    folder file's path relative to the folder, or its name ("*.md", "drafts/*").
    """
    found = Discovery()
    seen: set[Path] = set()
    for source in sources:
        if isinstance(source, str) and is_url(source):
            if source not in found.urls:
                found.urls.append(source)
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                    continue
                if not _selected(relative, include, exclude):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    _add_once(found.files, seen, child)
                else:
                    found.skipped.append(child)
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                _add_once(found.files, seen, path)
            else:
                supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
                found.failures.append(
                    UnsupportedSource(
                        str(source),
                        f"unsupported file type {path.suffix or '(none)'!r}"
                        f" (supported: {supported})",
                    )
                )
        else:
            found.failures.append(SourceNotFound(str(source), "no such file or folder"))
    return found


def _selected(relative: Path, include: Sequence[str], exclude: Sequence[str]) -> bool:
    def matches(pattern: str) -> bool:
        return fnmatch(relative.as_posix(), pattern) or fnmatch(relative.name, pattern)

    if include and not any(matches(p) for p in include):
        return False
    return not any(matches(p) for p in exclude)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _add_once(files: list[Path], seen: set[Path], path: Path) -> None:
    resolved = path.resolve()
    if resolved not in seen:
        seen.add(resolved)
        files.append(path)


def load_file(
    path: Path,
    *,
    fetch_page: Callable[[str], Article] | None = None,
    max_feed_entries: int = MAX_FEED_ENTRIES,
) -> Iterator[Article | SourceError]:
    """The articles of one file: one for text, HTML and PDF, one per item of a dump or feed.

    `fetch_page` fetches the pages a feed links to; without it, entries use their own text.
    """
    suffix = path.suffix.lower()
    label = str(path)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        yield from _dump_articles(path, json_array=suffix in JSON_SUFFIXES)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield TooLarge(
                label,
                f"{size / 1e6:.0f} MB is too large for one report "
                f"(limit {MAX_FILE_BYTES // 1_000_000} MB)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield SourceNotFound(label, f"cannot read: {exc.strerror or exc}")
        return
    try:
        if suffix in TEXT_SUFFIXES:
            yield _text_article(path, _decode(label, data), markdown=suffix != ".txt")
        elif suffix in HTML_SUFFIXES:
            yield _html_article(path, data)
        elif suffix in PDF_SUFFIXES:
            yield pdf_article(data, label=label, default_id=_path_id(path))
        elif suffix in FEED_SUFFIXES:
            if not data.strip():
                raise EmptyArticle(label, "empty file")
            yield from feed_articles(
                data, label=label, fetch_page=fetch_page, max_entries=max_feed_entries
            )
        else:
            yield UnsupportedSource(label, f"unsupported file type {suffix or '(none)'!r}")
    except SourceError as exc:
        yield exc


# The bytes UTF-8 writes Latin letters with (Ã, Â in Latin-1: rare in text written in it).
_UTF8_LEAD = re.compile(rb"[\xc2\xc3]")


def _decode(label: str, data: bytes) -> str:
    """A text file's text: UTF-8, or UTF-16 with its byte-order mark; a file in neither with
    no NUL byte is read as Windows-1252 (Latin-1 and its Western European kin), the other
    encoding such files come in, unless it holds UTF-8's lead bytes for Latin letters (then it
    is broken UTF-8, and refused)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise UndecodableText(label, "not valid UTF-16") from exc
    if b"\x00" in data[:8192]:
        raise UndecodableText(label, "binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_LEAD.search(data):  # "Caf\xc3\x28": UTF-8 gone wrong, not Latin-1 ("Caf\xe9")
            raise UndecodableText(
                label, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from exc
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise EmptyArticle(label, "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text and Markdown -------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_OPENED = re.compile(r"\A---[ \t]*\n[\w-]+[ \t]*:")


def _text_article(path: Path, text: str, *, markdown: bool) -> Article:
    """Optional `---` front matter (`key: value` lines), then the title line, then the body."""
    meta: dict[str, Any] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip():
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end() :]
    elif _FRONT_MATTER_OPENED.match(text):
        # Read as text, its "title:" and "source:" lines would become the article's first words
        # and "---" its title.
        raise MalformedSource(
            str(path), "front matter opened by '---' on line 1 is not closed by a '---' line"
        )
    body = text.strip("\n")
    title = meta.get("title")
    if not title:
        first, _, rest = body.partition("\n")
        candidate = first.lstrip("#").strip() if markdown else first.strip()
        if candidate and len(candidate) <= _MAX_TITLE_CHARS and rest.strip():
            title, body = candidate, rest.strip("\n")
    if not body.strip():
        raise EmptyArticle(str(path), "no article text")
    return _article(meta, body, title=title, default_id=_path_id(path), label=str(path))


# --- HTML ---------------------------------------------------------------------------------


def _html_article(path: Path, data: bytes) -> Article:
    return html_article(data, label=str(path), default_id=_path_id(path))


# Where the extractor reads the URL a page gives for itself: its canonical link, <base>, the
# x-default alternate, og:url and twitter:url.
_PAGE_URLS = (
    './/head//link[@rel="canonical"] | .//head//base'
    ' | .//head//link[@rel="alternate"][@hreflang="x-default"]'
    ' | .//head//meta[@property="og:url"] | .//head//meta[@name="twitter:url"]'
)


def html_article(
    data: bytes,
    *,
    label: str,
    default_id: str,
    accept_url: Callable[[str], bool] | None = None,
) -> Article:
    """The main text and metadata of an HTML page; its canonical URL, if any, is the id.

    `accept_url` judges the URL the page gives for itself: one it refuses contributes
    nothing, neither the id nor the outlet (its host) or the date (its path) the extractor
    would read from it; the page is read again as if it named none.
    """
    if not data.strip():
        raise EmptyArticle(label, "empty page")
    doc = _extracted(data, label)
    page_url = getattr(doc, "url", None)
    if page_url and accept_url is not None and not accept_url(page_url):
        doc = _extracted(_without_page_urls(data), label)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise EmptyArticle(label, "no article text found in the HTML")
    title = getattr(doc, "title", None)
    if title and text.startswith(title):
        text = text[len(title) :].strip("\n") or text
    meta = {
        "url": getattr(doc, "url", None),
        "source": getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        "author": getattr(doc, "author", None),
        "published": getattr(doc, "date", None),
    }
    return _article(meta, text, title=title, default_id=default_id, label=label)


def _extracted(html: Any, label: str) -> Any:
    """trafilatura's reading of a page (bytes or a parsed tree): text and metadata."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # the extractor raises assorted parser errors on broken markup
        raise MalformedSource(label, f"cannot parse HTML: {exc}") from exc


def _without_page_urls(data: bytes) -> Any:
    """The page parsed, without the elements that give its own URL (`_PAGE_URLS`)."""
    import trafilatura

    tree = trafilatura.load_html(data)
    if tree is None:
        return data
    for element in tree.xpath(_PAGE_URLS):
        element.drop_tree()
    return tree


# --- JSON and JSONL dumps -----------------------------------------------------------------


def _dump_articles(path: Path, *, json_array: bool) -> Iterator[Article | SourceError]:
    """Each item of a JSON or JSONL dump, read as a stream (see ingest.dumps)."""
    label = str(path)
    keys: Counter[str] = Counter()
    try:
        with path.open("rb") as stream:
            if json_array:
                for number, item in json_values(stream, label=label):
                    yield _dump_item(path, item, f"item {number}", keys)
                return
            for value in jsonl_values(stream, label=label):
                if isinstance(value, SourceError):
                    yield value
                else:
                    yield _dump_item(path, value[1], f"line {value[0]}", keys)
    except OSError as exc:
        yield SourceNotFound(label, f"cannot read: {exc.strerror or exc}")
    except SourceError as exc:
        yield exc


def _dump_item(path: Path, item: Any, where: str, keys: Counter[str]) -> Article | SourceError:
    label = f"{path} ({where})"
    if not isinstance(item, Mapping):
        return MalformedSource(label, "expected a JSON object")
    try:
        text = _dump_text(item, label)
        article = _article(item, text.strip(), title=item.get("title"), default_id="", label=label)
    except SourceError as exc:
        return exc
    except Exception as exc:  # one odd item must not cost the rest of the dump
        return UnreadableSource.caught(label, exc)
    if article.url:
        return article
    key = _item_key(article)
    keys[key] += 1
    if keys[key] > 1:  # a second item with the same title, outlet and date in this dump
        key = f"{key}-{keys[key]}"
    return replace(article, doc_id=f"{_path_id(path)}#{key}")


def _item_key(article: Article) -> str:
    """What identifies a dump item without a url inside its dump: its title, outlet and date.

    Not its position, which every deleted line would shift (each later item then replacing
    its neighbour, the last one left behind as a stale copy). Not its body either, so an
    edited body replaces the item's passages; an edited title makes a new document (and
    `--prune` removes the old one). An untitled item is known by its text.
    """
    published = article.published.isoformat() if article.published else None
    fields = [article.title, article.source, published] if article.title else [article.text]
    digest = hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:16]


def _dump_text(item: Mapping[str, Any], label: str) -> str:
    """The item's text: the first of its text keys that holds a string."""
    text = next((item[k] for k in _TEXT_KEYS if isinstance(item.get(k), str)), None)
    if text is None:
        wrong = next((k for k in _TEXT_KEYS if item.get(k) is not None), None)
        if wrong is not None:
            raise MalformedSource(label, f"{wrong!r} must be text, not {_json_type(item[wrong])}")
    if text is None or not text.strip():
        raise EmptyArticle(label, "no article text in 'body', 'text' or 'content'")
    return text


# --- shared -------------------------------------------------------------------------------


def _path_id(path: Path) -> str:
    return str(path.resolve())


def _article(
    meta: Mapping[str, Any], text: str, *, title: Any, default_id: str, label: str
) -> Article:
    """An article from `text` and its metadata (a dump item, front matter, a page's).

    The metadata may come from JSON: a field holding an object, an array or a boolean is
    refused (MalformedSource, naming it), never written out as Python shows it ("{'a': 1}");
    a number where text belongs is written out as one ("1984"). Extra fields keep scalars
    only; others are left out.
    """
    check_length(label, text)
    date_key = next((k for k in _DATE_KEYS if meta.get(k)), None)
    published_raw = meta[date_key] if date_key else None
    if date_key and (
        isinstance(published_raw, bool) or not isinstance(published_raw, str | int | float)
    ):
        raise MalformedSource(
            label,
            f"{date_key!r} must be a date or epoch seconds, not {_json_type(published_raw)}",
        )
    extra: dict[str, Scalar] = {
        str(k): v
        for k, v in meta.items()
        if k not in _KNOWN_KEYS and isinstance(v, str | int | float | bool) and v != ""
    }
    url = _clean(_text_field(meta.get("url"), "url", label, numbers=False))
    url = normal_url(url) if url else None
    return Article(
        doc_id=url or default_id,
        text=text,
        title=plain_title(_clean(_text_field(title, "title", label))),
        url=url,
        source=_clean(_text_field(meta.get("source"), "source", label)),
        published=parse_date(published_raw),
        author=_clean(_text_field(meta.get("author"), "author", label)),
        extra=extra,
    )


def _text_field(value: Any, key: str, label: str, *, numbers: bool = True) -> str | None:
    """A metadata field that holds text: a string, None, or (with `numbers`) a number."""
    if value is None or isinstance(value, str):
        return value
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise MalformedSource(label, f"{key!r} must be text, not {_json_type(value)}")


def _json_type(value: Any) -> str:
    """What JSON calls `value`'s type, for an error message."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


_RELATIVE = re.compile(r"^(?:(an?|\d+)\s+(minute|hour|day|week)s?\s+ago|just now|today|yesterday)$")


def _relative_date(text: str, today: date) -> date | None:
    """ "3 hours ago", "2 days ago", "yesterday": what feeds and pages often show."""
    match = _RELATIVE.match(text)
    if not match:
        return None
    if text in {"today", "just now"}:
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    amount = 1 if match.group(1) in {"a", "an"} else int(match.group(1))
    hours = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 168}[match.group(2)] * amount
    return (datetime.combine(today, datetime.max.time()) - timedelta(hours=hours)).date()


def parse_date(value: Any, *, today: date | None = None) -> date | None:
    """A calendar date from ISO strings, written forms, "2 days ago" or epoch seconds; or None.

    An unparseable date is dropped rather than failing the article: the report is still worth
    having, it just cannot be found by date filters.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    from dateutil import parser

    text = str(value).strip()
    relative = _relative_date(text.casefold(), today or datetime.now(UTC).date())
    if relative is not None:
        return relative
    try:
        return parser.isoparse(text).date()
    except (ValueError, OverflowError):
        pass
    try:
        return parser.parse(text).date()
    except (ValueError, OverflowError, parser.ParserError):
        return None


def read_sources_file(path: Path) -> list[str]:
    """One URL or path per line; blank lines and `#` comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceNotFound(str(path), f"cannot read the sources file: {exc}") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
