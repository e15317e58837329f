"""Answers as Telegram HTML messages: every piece of text escaped, every message under the limit.

Messages are built from blocks (a paragraph of already-escaped HTML with balanced tags); blocks
are packed into messages and never cut, and text too long for one block is split at sentence or
word boundaries *before* it is escaped and wrapped, so no tag or entity is ever cut in two.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from bot.answers import Answer, Conflict, also_label
from bot.follow import Alert
from vectorstore.records import Passage

__all__ = [
    "MESSAGE_LIMIT",
    "pack",
    "render_alert",
    "render_alert_summary",
    "render_answer",
    "render_sources",
    "split_lines",
    "split_text",
    "telegram_length",
]

# Telegram's limit is 4096 characters of parsed text (UTF-16 code units); we stay well below
# it on the raw HTML, which is always longer than the parsed text.
MESSAGE_LIMIT = 4000
_BLOCK_LIMIT = 3500
_MAX_URL = 500  # longer links are shown without their URL
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of `text` whose escaped form fits `limit`, cut at sentences, then words."""
    return _packed(_units(text, limit), " ", lambda piece: telegram_length(_escape(piece)) <= limit)


def split_lines(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces of plain `text` within `limit` (UTF-16 units), cut between lines where it can
    ("/following" lists one topic a line), else at sentences and words."""
    units = (
        unit
        for line in text.split("\n")
        for unit in ([line] if telegram_length(line) <= limit else split_text(line, limit))
    )
    return _packed(units, "\n", lambda piece: telegram_length(piece) <= limit)


def _packed(units: Iterable[str], joiner: str, fits: Callable[[str], bool]) -> list[str]:
    """As many units a piece as `fits` allows, joined by `joiner`, in order."""
    pieces: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if fits(candidate):
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = unit
    if current:
        pieces.append(current)
    return pieces


def _units(text: str, limit: int) -> Iterable[str]:
    for sentence in _SENTENCE_END.split(text.strip()):
        if telegram_length(_escape(sentence)) <= limit:
            yield sentence
            continue
        for word in sentence.split():
            # A single word longer than the limit (a URL, noise) is cut by characters.
            while telegram_length(_escape(word)) > limit:
                cut = limit // 6  # an escaped character is at most 6 units long ("&quot;")
                yield word[:cut]
                word = word[cut:]
            if word:
                yield word


def _paragraph(text: str, tag: str | None = None) -> list[str]:
    """Blocks for a plain-text paragraph, each escaped and (optionally) wrapped in `tag`."""
    if not text.strip():
        return []
    overhead = len(f"<{tag}></{tag}>") if tag else 0
    return [
        f"<{tag}>{_escape(piece)}</{tag}>" if tag else _escape(piece)
        for piece in split_text(text, _BLOCK_LIMIT - overhead)
    ]


def pack(blocks: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with blank lines into as few messages as fit under `limit`."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if telegram_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def _link(passage: Passage) -> str:
    title = _escape(_shorten(passage.title or "Untitled report", 150))
    url = passage.url or ""
    if url.startswith(("http://", "https://")) and len(url) <= _MAX_URL:
        return f'<a href="{html.escape(url, quote=True)}">{title}</a>'
    return f"<b>{title}</b>"


def _byline(passage: Passage) -> str:
    source = _shorten(passage.source, 80) if passage.source else None
    details = [d for d in (source, _day(passage)) if d]
    return _escape(" — " + ", ".join(details)) if details else ""


def _also(passages: Sequence[Passage]) -> str:
    outlets = [_shorten(also_label(p), 80) for p in passages[:5]]
    return _escape(f" (also reported by {', '.join(outlets)})") if outlets else ""


def _stack(lines: Sequence[str]) -> list[str]:
    """Lines (each well under the limit) grouped into blocks joined by single line breaks."""
    blocks: list[str] = []
    for line in lines:
        if blocks and telegram_length(f"{blocks[-1]}\n{line}") <= _BLOCK_LIMIT:
            blocks[-1] = f"{blocks[-1]}\n{line}"
        else:
            blocks.append(line)
    return blocks


def _day(passage: Passage) -> str | None:
    return passage.published.isoformat() if passage.published else None


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_line(label: str, passage: Passage) -> str:
    return f"{_escape(label)} {_link(passage)}{_byline(passage)}"


def _conflict_line(conflict: Conflict) -> str:
    """ "[1] 22 killed — Daily Ledger, 2025-05-04 (latest)", escaped and kept short."""
    details = [_shorten(conflict.source or "unnamed outlet", 80)]
    if conflict.published:
        details.append(conflict.published.isoformat())
    latest = " <i>(latest)</i>" if conflict.latest else ""
    value = _escape(_shorten(conflict.value, 120))
    return f"[{conflict.n}] <b>{value}</b>{_escape(' — ' + ', '.join(details))}{latest}"


def render_answer(answer: Answer) -> list[str]:
    """The reply: the answer with its [n] markers, the values of reports that differ on the
    figure asked for (newest first), then a compact source list."""
    blocks = _paragraph(answer.text)
    if answer.conflicts:
        blocks.extend(
            _stack(["<b>Reports differ</b>"] + [_conflict_line(c) for c in answer.conflicts])
        )
    if answer.citations:
        lines = ["<b>Sources</b>"] + [
            _source_line(f"[{c.n}]", c.passage) + _also(c.also) for c in answer.citations
        ]
        blocks.extend(_stack(lines))
    elif answer.related:
        lines = ["<b>Related reports</b>"] + [_source_line("•", h.passage) for h in answer.related]
        blocks.extend(_stack(lines))
    return pack(blocks)


def render_sources(answer: Answer) -> list[str]:
    """The full cited passages of an answer, each quote marked, for the Sources button."""
    blocks: list[str] = []
    for hit in answer.related if not answer.citations else ():
        blocks.append(_source_line("•", hit.passage))
        blocks.extend(_paragraph(hit.passage.text, "blockquote"))
    for citation in answer.citations:
        blocks.append(_source_line(f"[{citation.n}]", citation.passage))
        blocks.extend(_paragraph(f"“{citation.quote}”", "i"))
        blocks.extend(_paragraph(citation.passage.text, "blockquote"))
    return pack(blocks) or ["This answer has no sources."]


# Alerts of the topics a chat follows (bot/follow.py).
_SUMMARY_ITEMS = 12  # each line is at most ~270 characters: the message stays one message


def render_alert(alert: Alert) -> str:
    """One pushed article: the topic, headline (linked), outlet, date and the quoted sentence."""
    title = _escape(_shorten(alert.title or "Untitled report", 150))
    url = alert.url or ""
    if url.startswith(("http://", "https://")) and len(url) <= _MAX_URL:
        headline = f'<b><a href="{html.escape(url, quote=True)}">{title}</a></b>'
    else:
        headline = f"<b>{title}</b>"
    source = _shorten(alert.source, 80) if alert.source else None
    byline = _escape(", ".join(d for d in (source, alert.published) if d))
    quote = _paragraph(f"“{_shorten(alert.quote, 1500)}”", "i")
    lines = [
        f"🔔 New on <b>{_escape(_shorten(alert.topic, 200))}</b>",
        headline,
        *([byline] if byline else []),
        *quote[:1],
    ]
    if url.startswith(("http://", "https://")) and len(url) <= _MAX_URL:
        lines.append(_escape(url))
    return "\n".join(lines)


def render_alert_summary(alerts: Sequence[Alert]) -> str:
    """The alerts over a chat's hourly cap, as one message: headline, outlet and date each."""
    lines = [f"🔔 {len(alerts)} more new reports on the topics you follow:"]
    for alert in alerts[:_SUMMARY_ITEMS]:
        details = ", ".join(d for d in (alert.source, alert.published) if d)
        line = f"• {_shorten(alert.title or 'Untitled report', 120)}"
        line += f" — {_shorten(details, 80)}" if details else ""
        lines.append(_escape(line) + f" ({_escape(_shorten(alert.topic, 60))})")
    if len(alerts) > _SUMMARY_ITEMS:
        lines.append(_escape(f"…and {len(alerts) - _SUMMARY_ITEMS} more."))
    return "\n".join(lines)
