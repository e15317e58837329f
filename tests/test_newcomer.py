"""What a newcomer trips over first: help text, --version, plurals, batch output, wrapping,
Markdown in wire copy, a missing store, a question in another language."""

from __future__ import annotations

import os
import pty
import re
import struct
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from bot.answering.language import foreign_language
from bot.qa import ENGLISH_ONLY_TEXT
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
REPO = Path(__file__).resolve().parent.parent
NEWSBOT = Path(sys.executable).parent / "newsbot"

COMMANDS = [
    (),
    ("ingest",),
    ("ask",),
    ("search",),
    ("chat",),
    ("eval",),
    ("telegram",),
    ("stats",),
    ("docs",),
    ("docs", "list"),
    ("docs", "remove"),
]


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"newsbot {version('newsbot')}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "newsbot")
def test_help_shows_no_value_type_after_flags(cli: Cli, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0, result.stderr
    assert "<bool>" not in result.stdout
    # "Where the store lives ." had lost "[env: ...]" to Rich markup.
    assert not re.search(r"\w \.(?![\w/])", result.stdout), result.stdout
    if "--data-dir" in result.stdout:
        assert "NEWSBOT_DATA_DIR" in result.stdout


def test_counts_read_as_english(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "ferry.txt").write_text(
        "Ferry returns\nThe island ferry returned to service on Monday.\n", encoding="utf-8"
    )
    (folder / "table.csv").write_text("a,b\n", encoding="utf-8")
    result = cli("ingest", str(folder))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (
        "Ingested: 1 added, 0 updated, 0 unchanged, 0 failed; 1 passage written "
        "(1 unsupported file in folders skipped)."
    )


def test_stats_lists_the_outlets(cli: Cli, corpus_dir: Path) -> None:
    shown = cli("stats", "--data-dir", str(corpus_dir))
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    outlets = lines[lines.index("outlets:") + 1 :]
    assert [line.split("  ")[1].strip() for line in outlets] == [
        "Coastal Courier",
        "Valley Gazette",
        "(no outlet)",
    ]
    assert "2 documents, " in outlets[0] and "1 document, " in outlets[1]

    stats = cli("stats", "--data-dir", str(corpus_dir), "--json").json()
    by_outlet = {o["source"]: o for o in stats["outlets"]}
    assert by_outlet["Coastal Courier"]["documents"] == 2
    assert by_outlet[None]["documents"] == 1
    assert sum(o["passages"] for o in stats["outlets"]) == stats["passages"]


def test_batch_questions_are_shown_above_their_answers(cli: Cli, corpus_dir: Path) -> None:
    questions = "who captured Saraqeb?\nWho won the 2022 World Cup?\n"
    result = cli("ask", "-", "--data-dir", str(corpus_dir), input=questions)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    first, second = out.index("Q: who captured Saraqeb?"), out.index("Q: Who won the 2022")
    assert first < out.index("seized Saraqeb") < second < out.index("I can't answer that")
    batch = cli("ask", "-", "--json", "--data-dir", str(corpus_dir), input=questions)
    assert "Q: " not in batch.stdout and len(batch.json_lines()) == 2
    single = cli("ask", "who captured Saraqeb?", "--data-dir", str(corpus_dir))
    assert "Q: " not in single.stdout


def test_a_missing_store_says_how_to_point_at_another(cli: Cli, tmp_path: Path) -> None:
    result = cli("ask", "who captured Saraqeb?", "--data-dir", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: no store in {tmp_path / 'none'}: run `newsbot ingest` first, or point at "
        "another store with --data-dir DIR or NEWSBOT_DATA_DIR"
    )


def test_readme_names_every_kind_of_source() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("newsbot ingest SOURCE"))
    for kind in (".txt", ".md", ".html", ".json", ".jsonl", ".pdf", "feeds", "folders", "URLs"):
        assert kind in line, kind


def test_markdown_bold_is_not_part_of_the_stored_text(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "floods.md"
    report.write_text(
        "# **Floods close the valley road**\n\n"
        "**Heavy rain closed the valley road on Tuesday.** Engineer Ana Ruiz said the road "
        "would reopen in **three weeks** after repairs. 2 ** 3 is not Markdown.\n",
        encoding="utf-8",
    )
    assert cli("ingest", str(report)).exit_code == 0
    hits = cli("search", "valley road reopen", "--json").json()["results"]
    assert hits[0]["title"] == "Floods close the valley road"
    assert hits[0]["text"].startswith("Heavy rain closed the valley road on Tuesday.")
    assert "in three weeks after repairs. 2 ** 3 is not Markdown." in hits[0]["text"]
    answer = cli("ask", "when would the valley road reopen?", "--json").json()
    assert not answer["refused"] and "**" not in answer["answer"]
    for citation in answer["citations"]:
        assert citation["quote"] in citation["text"]


def test_existing_stores_with_markdown_still_verify(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written before the stripping holds passages with `**`: its quotes are still
    exact substrings of them (nothing strips at answer time); re-ingesting updates it."""
    report = tmp_path / "floods.md"
    report.write_text(
        "Floods close the valley road\n\n**Heavy rain closed the valley road on Tuesday.** "
        "Engineer Ana Ruiz said the road would reopen in three weeks after repairs.\n",
        encoding="utf-8",
    )
    with monkeypatch.context() as previous_release:
        previous_release.setattr("ingest.articles.strip_emphasis", lambda text: text)
        assert cli("ingest", str(report)).exit_code == 0
    question = "when did heavy rain close the valley road?"
    answer = cli("ask", question, "--json").json()
    assert not answer["refused"] and "**" in answer["citations"][0]["text"]
    assert all(c["quote"] in c["text"] for c in answer["citations"])

    again = cli("ingest", str(report))
    assert "1 updated" in again.stdout
    answer = cli("ask", question, "--json").json()
    assert "**" not in answer["citations"][0]["text"]
    assert all(c["quote"] in c["text"] for c in answer["citations"])


def test_english_questions_with_foreign_names_are_not_flagged() -> None:
    for question in (
        "Who captured Saraqeb?",
        "What did Zelenskyy say about Bakhmut?",
        "Did von der Leyen speak in Brussels?",
        "Who is Jean de la Fontaine?",
        "Did Le Monde report it?",
        "Is Die Zeit a German paper?",
        "Was Assad in Moscow?",
        "Lake Como flooding?",
        "Who wrote 'Qui a tué mon père'?",
        "What did Путин say?",
        "When did Al Jazeera report on Deir ez-Zor?",
        "How many people died in São Paulo?",
        "What did Erdoğan tell Müller?",
        "Who leads Hayat Tahrir al-Sham?",
        "Saraqeb",
        # Possessives and contractions are English, not French "s" and "d".
        "Is Kestrel's offer above Marlow's?",
        "Did Halvard's and Brenn's boards approve Corvelle's bid?",
        "Isn't Marlow's bid higher than Kestrel's, and who'd pay it?",
    ):
        assert foreign_language(question) is None, question


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Wer hat Saraqeb eingenommen?", "German"),
        ("Was ist in Aleppo passiert?", "German"),
        ("Qui a pris Saraqeb ?", "French"),
        ("Qu'est-ce qui s'est passé à Alep ?", "French"),
        ("¿Quién capturó Saraqeb?", "Spanish"),
        ("Chi ha conquistato Saraqeb?", "Italian"),
        ("Quem tomou Saraqeb e quando?", "Portuguese"),
        ("Wie heeft Saraqeb ingenomen?", "Dutch"),
        ("Кто захватил Саракеб?", "a non-Latin script"),
        ("谁占领了萨拉奇布？", "a non-Latin script"),
        ("من سيطر على سراقب؟", "a non-Latin script"),
    ],
)
def test_questions_in_other_languages_are_recognised(question: str, language: str) -> None:
    assert foreign_language(question) == language


def test_a_question_in_another_language_is_told_why(cli: Cli, corpus_dir: Path) -> None:
    german = cli("ask", "Wer hat Saraqeb eingenommen?", "--json", "--data-dir", str(corpus_dir))
    answer = german.json()
    assert answer["refused"] and answer["answer"] == ENGLISH_ONLY_TEXT
    assert answer["why"][-1]["rule"] == "refuse.not-english"
    assert "Saraqeb" in answer["related"][0]["text"]  # its names still find the reports
    shown = cli("ask", "Wer hat Saraqeb eingenommen?", "--data-dir", str(corpus_dir))
    assert "in English" in shown.stdout

    english = cli("ask", "Who captured Saraqeb?", "--json", "--data-dir", str(corpus_dir))
    assert not english.json()["refused"]


def _terminal_output(args: list[str], env: dict[str, str], stdin: str, columns: int) -> str:
    """What `newsbot ARGS` shows on a pseudo-terminal `columns` wide."""
    import fcntl
    import termios

    from tests.test_cli_process import _read_all

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    try:
        process = subprocess.Popen(
            [str(NEWSBOT), *args],
            stdin=subprocess.PIPE,
            stdout=terminal,
            stderr=terminal,
            env=env,
        )
        os.close(terminal)
        assert process.stdin is not None
        process.stdin.write(stdin.encode())
        process.stdin.close()
        return _read_all(controller, process)
    finally:
        os.close(controller)


@pytest.mark.slow
def test_answers_wrap_at_the_terminal_width(corpus_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env.pop("COLUMNS", None)
    env["NEWSBOT_DATA_DIR"] = str(corpus_dir)
    shown = _terminal_output(["ask", "-"], env, "who captured Saraqeb?\n", columns=60)
    lines = shown.replace("\r", "").splitlines()
    assert "Q: who captured Saraqeb?" in lines
    assert max(len(line) for line in lines) <= 60, shown
    # Wrapped between words: the answer's words are all there, whole, in order.
    quote = "seized Saraqeb, a key town linking Aleppo with Damascus and the coast."
    assert quote in " ".join(line.strip() for line in lines)

    piped = subprocess.run(
        [str(NEWSBOT), "ask", "who captured Saraqeb?"],
        capture_output=True,
        text=True,
        env=env | {"COLUMNS": "60"},
        check=True,
    )
    assert any(len(line) > 60 for line in piped.stdout.splitlines())  # a file: not wrapped
