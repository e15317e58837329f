"""The `Article`: what every loader produces and the pipeline consumes."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ingest.errors import TooLarge

__all__ = [
    "MAX_ARTICLE_CHARS",
    "TERMINAL_ESCAPE",
    "Article",
    "check_length",
    "plain_title",
    "strip_emphasis",
    "valid_unicode",
]

Scalar = str | int | float | bool

# Far beyond any news report; a bigger "article" is a mistake (a log, a book, a dump in the
# wrong format) that would take hours to embed. Applies to every kind of source.
MAX_ARTICLE_CHARS = 1_000_000
# What metadata an article keeps: a title, outlet or author this long is cut (with "…"); extra
# fields past these sizes are left out (a dump's raw "html" field is no citation's metadata).
MAX_LABEL_CHARS = 300
MAX_EXTRA_FIELDS = 20
MAX_EXTRA_KEY_CHARS = 64
MAX_EXTRA_VALUE_CHARS = 1_000

_SURROGATE = re.compile("[\ud800-\udfff]")
# A tag or comment, as feeds (HTML-typed titles), pages and dumps carry them: "<b>", "</a>",
# "<!-- x -->"; "a < b" is no tag.
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.DOTALL)
# Escape sequences a terminal acts on: CSI (ESC [ ... final byte: colours, cursor moves, clear
# screen), OSC/DCS/SOS/PM/APC strings ended by BEL or ESC \ (window titles, hyperlinks,
# clipboard writes), and the short ESC sequences (ESC c resets the terminal). A title loses
# them whole: dropping only their control characters would leave "]0;pwned" in it.
TERMINAL_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-~])?"
)
# What changes how a title is shown rather than what it says: C0/C1 controls (tab and newlines
# are whitespace, collapsed below), bidi embeddings, overrides, isolates and marks (U+202E
# turns the rest of a line around), zero-width spaces and byte-order marks. Zero-width
# (non-)joiners stay: Persian and emoji sequences need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# Markdown bold (and bold italic) within one line: `**Insurgents breach Aleppo**`.
_EMPHASIS = re.compile(r"(\*{2,3})(?=\S)([^\n]*?\S)\1")


def check_length(label: str, text: str) -> None:
    """Refuse (not truncate) an article over `MAX_ARTICLE_CHARS`: half a book is no report."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise TooLarge(
            label,
            f"{len(text):,} characters is too long for one report (limit {MAX_ARTICLE_CHARS:,})",
        )


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD.

    JSON's `"\\ud800"` escapes decode to lone surrogates, which no UTF-8 encoder accepts: the
    content hash, SQLite and Chroma would all fail on the article.
    """
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def plain_title(value: str | None) -> str | None:
    """A title as plain text, whoever wrote it: tags removed, entities unescaped, terminal
    escape sequences, control and bidi characters dropped, whitespace collapsed; None when
    nothing is left.

    Called once where a title enters (a feed entry, a page, a dump item, a file, a PDF's
    metadata), not on every `Article`: unescaping twice would turn a title's literal "&lt;b&gt;"
    into a tag and drop it.
    """
    if value is None:
        return None
    text = html.unescape(_TAG.sub(" ", value)) if "<" in value or "&" in value else value
    return " ".join(_INVISIBLE.sub("", TERMINAL_ESCAPE.sub("", text)).split()) or None


def _shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).rstrip() + "…"


def strip_emphasis(text: str) -> str:
    """`text` without Markdown bold markers, which are formatting, not words of the report.

    Wire copy pasted from Markdown (a `.txt` headline in `**...**`) would otherwise carry the
    asterisks into passages, quotes and answers. Stripped before the text is stored, so a
    passage and every quote taken from it stay verbatim to each other. Only paired markers on
    one line go: a lone `**` or `2 * 3` is left alone.
    """
    return _EMPHASIS.sub(r"\2", text) if "**" in text else text


@dataclass(frozen=True)
class Article:
    """One news report: its text and what is known about it.

    `doc_id` identifies the report across runs: its canonical URL when it has one, else the
    file path (plus, inside a dump, a key from the item's title, outlet and date). `origin`
    is the site (registrable domain) that served a fetched article, None for local files: a
    fetched article may only replace a stored document from the same origin.
    """

    doc_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    author: str | None = None
    extra: Mapping[str, Scalar] = field(default_factory=dict)
    origin: str | None = None

    def __post_init__(self) -> None:
        # Every loader's text ends here, so this is the one place that makes it encodable,
        # and that cleans what readers see of it.
        for name in ("doc_id", "text", "title", "url", "source", "author"):
            value = getattr(self, name)
            if value is not None:
                value = valid_unicode(value)
                if name in ("text", "title"):
                    value = strip_emphasis(value)
                if name in ("title", "source", "author"):
                    value = _shortened(value, MAX_LABEL_CHARS)
                object.__setattr__(self, name, value)
        # Metadata is copied onto every passage, and the title is embedded with each one: a
        # dump item with a megabyte "html" field or title must not make a gigabyte store.
        extra = {
            valid_unicode(key): valid_unicode(value) if isinstance(value, str) else value
            for key, value in list(self.extra.items())[:MAX_EXTRA_FIELDS]
            if len(key) <= MAX_EXTRA_KEY_CHARS
            and not (isinstance(value, str) and len(value) > MAX_EXTRA_VALUE_CHARS)
        }
        object.__setattr__(self, "extra", extra)

    @property
    def content_hash(self) -> str:
        """Changes whenever the text or any metadata a citation shows changes."""
        payload = json.dumps(
            {
                "text": self.text,
                "title": self.title,
                "url": self.url,
                "source": self.source,
                "published": self.published.isoformat() if self.published else None,
                "author": self.author,
                "extra": dict(sorted(self.extra.items())),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
