"""Rendering answers and search results for JSON and for a terminal.

JSON shapes are a contract (docs/cli.md): keys may be added, never changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.answers import Answer, Citation, Conflict, also_label
from ingest.articles import TERMINAL_ESCAPE
from ingest.pipeline import IngestReport
from vectorstore.records import Hit, Passage

__all__ = [
    "answer_to_json",
    "hit_to_json",
    "ingest_summary",
    "plural",
    "print_answer",
    "print_hits",
    "print_reading",
    "print_why",
    "printable",
    "search_to_json",
]

# C0 controls but tab and newline, DEL, and C1 controls (0x9b is an 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without the escape sequences and control characters a terminal would obey.

    Titles, passages and URLs come from pages and dumps that strangers write: printed raw,
    "\\x1b]0;pwned\\x07" retitles the window and "\\x1b[2J" clears the screen. Newlines and
    tabs stay; an unterminated sequence loses its ESC, so what follows shows as text.
    """
    return _CONTROL.sub("", TERMINAL_ESCAPE.sub("", text))


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 passage`, `2 passages`: counts that read like English ("1 passages" does not)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def _passage_fields(passage: Passage) -> dict[str, Any]:
    return {
        "doc_id": passage.doc_id,
        "chunk_id": passage.chunk_id,
        "title": passage.title,
        "source": passage.source,
        "url": passage.url,
        "published": passage.published.isoformat() if passage.published else None,
    }


def _also(passages: Sequence[Passage]) -> list[dict[str, Any]]:
    return [_passage_fields(p) for p in passages]


def hit_to_json(hit: Hit) -> dict[str, Any]:
    return {
        **_passage_fields(hit.passage),
        "text": hit.passage.text,
        "score": round(hit.score, 6),
        "similarity": round(hit.similarity, 4),
        "also_reported_by": _also(hit.also),
    }


def citation_to_json(citation: Citation) -> dict[str, Any]:
    passage = citation.passage
    quote_start = passage.start + passage.text.index(citation.quote)
    return {
        "n": citation.n,
        "quote": citation.quote,
        "text": passage.text,
        **_passage_fields(passage),
        "score": citation.score,
        "also_reported_by": _also(citation.also),
        # Where the quote lies in the original article text.
        "quote_start": quote_start,
        "quote_end": quote_start + len(citation.quote),
    }


def answer_to_json(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "answer": answer.text,
        "refused": answer.refused,
        # The short answer stated before the quotes, or null when the answer opens with one.
        "lead": answer.lead,
        "citations": [citation_to_json(c) for c in answer.citations],
        "related": [hit_to_json(h) for h in answer.related],
        "timings_ms": answer.timings_ms,
        "why": [{"rule": w.rule, "detail": w.detail} for w in answer.why],
        # Where the cited reports disagree on the figure asked for: newest first, else empty.
        "conflicts": [conflict_to_json(c) for c in answer.conflicts],
        **answer.notes,
    }


def conflict_to_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "value": conflict.value,
        "n": conflict.n,
        "source": conflict.source,
        "published": conflict.published.isoformat() if conflict.published else None,
        "latest": conflict.latest,
    }


def search_to_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    return {"query": query, "results": [hit_to_json(h) for h in hits]}


def ingest_summary(report: IngestReport) -> str:
    """One line: what an ingestion did, for the CLI and the Telegram admin commands."""
    counts = (
        f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.failed} failed; {plural(report.passages, 'passage')} written"
    )
    if report.removed:
        counts += f"; {report.removed} removed"
    notes = []
    if report.expired:
        notes.append(f"{report.expired} past retention not stored")
    if report.duplicates:
        notes.append(f"{plural(report.duplicates, 'duplicate document')} ignored")
    if report.skipped_files:
        notes.append(f"{plural(report.skipped_files, 'unsupported file')} in folders skipped")
    prefix = "Ingested" if report.changed else "Nothing changed"
    return f"{prefix}: {counts}" + (f" ({'; '.join(notes)})" if notes else "") + "."


def _byline(passage: Passage) -> Text:
    line = Text()
    line.append(printable(passage.title or passage.doc_id), style="bold")
    published = passage.published.isoformat() if passage.published else None
    details = [d for d in (passage.source, published) if d]
    if details:
        line.append(printable(" — " + ", ".join(details)), style="dim")
    return line


def _location(passage: Passage) -> Text:
    return Text(printable(passage.url or passage.doc_id), style="cyan")


def print_answer(console: Console, answer: Answer, *, text: bool = True) -> None:
    """The answer, then each citation with the exact quote it rests on; `text=False` when the
    answer's text is already on screen (streamed)."""
    if text:
        console.print(Text(printable(answer.text), style="yellow" if answer.refused else ""))
    if answer.conflicts:
        console.print()
        console.print(Text("Reports differ", style="bold underline"))
        for conflict in answer.conflicts:
            line = Text(f"  [{conflict.n}] ", style="bold").append(printable(conflict.value))
            details = [conflict.source or "unnamed outlet"]
            if conflict.published:
                details.append(conflict.published.isoformat())
            line.append(printable(" — " + ", ".join(details)), style="dim")
            if conflict.latest:
                line.append(" (latest)", style="bold")
            console.print(line)
    if answer.citations:
        console.print()
        console.print(Text("Sources", style="bold underline"))
        for citation in answer.citations:
            console.print(
                Text(f"[{citation.n}] ", style="bold").append_text(_byline(citation.passage))
            )
            console.print(Text(printable(f"    “{citation.quote}”"), style="italic"))
            if citation.also:
                outlets = ", ".join(also_label(p) for p in citation.also)
                console.print(Text(printable(f"    also reported by {outlets}"), style="dim"))
            console.print(Text("    ").append_text(_location(citation.passage)))
    if answer.related:
        console.print()
        console.print(Text("Related passages", style="bold underline"))
        print_hits(console, answer.related)


def print_reading(console: Console, answer: Answer) -> None:
    """ "(read as: When did Lise Ambrov take office?)": how a follow-up was understood, so a
    reader can tell a wrong reading from a wrong answer. Nothing for a question read as it
    was asked."""
    read = answer.notes.get("standalone_question")
    if read and read != answer.question:
        console.print(Text(f"(read as: {printable(read)})", style="dim"))


def print_why(console: Console, answer: Answer) -> None:
    """The answering rules that fired, in order: why this answer, or why a refusal."""
    console.print()
    console.print(Text("Why", style="bold underline"))
    if not answer.why:
        console.print(Text("  (no rule recorded)", style="dim"))
    for step in answer.why:
        line = Text(f"  {step.rule}", style="bold")
        if step.detail:
            line.append(printable(f" — {step.detail}"))
        console.print(line)


def print_hits(console: Console, hits: Sequence[Hit]) -> None:
    if not hits:
        console.print(Text("No passages found.", style="yellow"))
    for rank, hit in enumerate(hits, start=1):
        console.print(Text(f"{rank}. ", style="bold").append_text(_byline(hit.passage)))
        console.print(Text("   ").append_text(_location(hit.passage)))
        # A heading is its own line in the passage: kept apart from the paragraph after it
        # ("Market Reaction — The crown rose ..."), not run into it.
        lines = (" ".join(line.split()) for line in printable(hit.passage.text).splitlines())
        snippet = " — ".join(line for line in lines if line)
        if len(snippet) > 300:
            snippet = snippet[:297].rstrip() + "…"
        console.print(Text(f"   {snippet}"))
