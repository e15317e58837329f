"""Escape sequences in stored titles and text never reach the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.formatting import printable
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

TITLE = "Ferry \x1b]0;pwned\x07returns\x1b[2J to the island"
BODY = (
    "The island ferry \x1b[31mreturned\x1b[0m to service on Monday after the storm. "
    "Captain Ilse Varga said the crossing \x9b2Jtook forty minutes.\x1bc"
)


def test_terminal_output_has_no_escape_sequences(cli: Cli, tmp_path: Path) -> None:
    dump = tmp_path / "hostile.jsonl"
    item = {"url": "https://news.example/ferry\x1b[8m", "title": TITLE, "body": BODY}
    dump.write_text(json.dumps(item) + "\n", encoding="utf-8")
    odd_name = tmp_path / "report\x1b]0;owned\x07.csv"
    odd_name.write_text("a,b\n", encoding="utf-8")
    ingested = cli("ingest", str(dump), str(odd_name))
    assert ingested.exit_code == 1  # the .csv is refused, and its name printed
    assert "report.csv: unsupported file type" in ingested.stderr

    outputs = {
        "docs list": cli("docs", "list"),
        "ask": cli("ask", "when did the ferry return to service?"),
        "search": cli("search", "island ferry storm"),
        "chat": cli("chat", input="how long did the crossing take?\n:quit\n"),
    }
    for command, result in [("ingest", ingested), *outputs.items()]:
        assert result.exit_code in (0, 1), (command, result.stderr)
        shown = result.stdout + result.stderr
        assert not any(c in shown for c in "\x1b\x07\x9b"), (command, shown)
    for command in ("docs list", "ask", "search"):
        assert "Ferry returns to the island" in outputs[command].stdout, command
    assert "https://news.example/ferry" in outputs["docs list"].stdout
    assert "took forty minutes" in outputs["chat"].stdout


def test_json_output_keeps_the_stored_text_escaped() -> None:
    """JSON is for programs: json.dumps writes control characters as \\u escapes."""
    assert "\x1b" not in json.dumps({"title": TITLE}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (TITLE, "Ferry returns to the island"),
        ("a\x1b[1;31mred\x1b[0m", "ared"),
        ("x\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "xlink"),
        ("tab\tnew\nline\rback\x08\x7f c1\x9b2J", "tab\tnew\nlineback c12J"),
        ("cut \x1b]0;no terminator", "cut 0;no terminator"),
        ("reset\x1bc done", "reset done"),
        ("café ✓ 中文", "café ✓ 中文"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_passages_heading_is_kept_apart_from_its_paragraph() -> None:
    """Search results and related passages show a heading line set off from the paragraph
    after it, not run into it ("Market Reaction The crown rose")."""
    from io import StringIO

    from rich.console import Console

    from bot.formatting import print_hits
    from tests.conftest import passage_of
    from vectorstore.records import Hit

    out = StringIO()
    text = "Market Reaction\nThe crown rose 0.4% against the euro.\n\nRates held."
    print_hits(
        Console(file=out, width=200), [Hit(passage=passage_of(text), score=0.5, similarity=0.5)]
    )
    assert "Market Reaction — The crown rose 0.4% against the euro. — Rates held." in out.getvalue()


def test_followed_topics_and_errors_reach_the_terminal_printable(cli: Cli) -> None:
    """A topic or an outlet's name is text from strangers: no escape sequence of it is
    printed by `follow list` or by an error line."""
    topic = "floods \x1b]0;pwned\x07in Marrowdene"
    assert cli("follow", "add", topic, "--chat", "5").exit_code == 0
    listed = cli("follow", "list")
    assert "\x1b" not in listed.stdout and "floods in Marrowdene" in listed.stdout
