"""Generated hostile text: no crash, and no reply that Telegram's parser would reject."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import Answer, Citation
from bot.telegram import ERROR
from bot.telegram_render import render_answer, render_sources
from tests.fake_telegram import FakeTelegram, check_text, message_update
from tests.test_telegram import USER, replies, run_bot, settings_for
from vectorstore.records import Hit, Passage

# Markup metacharacters, entities, emoji, right-to-left Arabic, combining marks, whitespace.
PIECES = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        "&lt;",
        "&#x1F600;",
        "&nbsp;",
        '"',
        "'",
        "<b>",
        "</i>",
        "<a href=",
        "*",
        "_",
        "`",
        "[",
        "](",
        "\\",
        "😀",
        "👩‍👩‍👧",
        "مرحبا بالعالم",
        "שלום",
        "é",
        "\u0301",
        "\u200f",
        " ",
        "\n",
        "\t",
        "Saraqeb",
        "who captured",
        "?",
        "[1]",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(PIECES, max_size=60).map("".join),
    st.builds(lambda piece, n: piece * n, PIECES, st.integers(1, 3000)),
)


def passage(text: str, title: str, source: str, url: str, n: int) -> Passage:
    return Passage(
        chunk_id=f"c{n}",
        doc_id=f"d{n}",
        text=text or "x",
        index=0,
        start=0,
        end=len(text),
        content_hash="h",
        n_passages=1,
        title=title or None,
        source=source or None,
        url=url or None,
        published=date(2024, 1, 2),
    )


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=TEXT, body=TEXT, title=TEXT, source=TEXT, url=TEXT, refused=st.booleans())
def test_rendered_replies_always_parse(
    question: str, body: str, title: str, source: str, url: str, refused: bool
) -> None:
    quote = body[: max(1, len(body) // 3)] or "x"
    p = passage(body or "x", title, source, "https://e.x/" + url, 1)
    hit = Hit(passage=p, score=0.5, similarity=0.5)
    answer = Answer(
        question=question,
        text=f"{question} {quote} [1]",
        refused=refused,
        citations=() if refused else (Citation(n=1, quote=quote, passage=p, score=0.5),),
        related=(hit, hit) if refused else (),
    )
    for message in render_answer(answer) + render_sources(answer):
        check_text(message, "HTML")  # raises BadRequest exactly as the fake server would


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(messages=st.lists(TEXT, min_size=60, max_size=60))
def test_generated_messages_through_the_real_bot(messages: list[str], corpus_dir: Path) -> None:
    server = FakeTelegram().start()
    expected = [m for m in messages if m.strip()]

    async def scenario() -> None:
        for text in expected:
            server.push(message_update(USER, USER, text))
        await replies(server, USER, len(expected))
        await asyncio.sleep(0.5)

    try:
        run_bot(settings_for(server, corpus_dir, telegram_rate_limit=1000), scenario)
    finally:
        server.stop()
    assert server.rejected == []
    assert not any(m["text"] == ERROR for m in server.sent)
