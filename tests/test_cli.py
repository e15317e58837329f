"""The `newsbot` command end to end: real model, real Chroma, the JSON contract."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.articles import strip_emphasis
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

CITATION_KEYS = {
    "n",
    "quote",
    "text",
    "doc_id",
    "chunk_id",
    "title",
    "source",
    "url",
    "published",
    "score",
}
RESULT_KEYS = {"chunk_id", "doc_id", "text", "title", "source", "url", "published", "score"}


@pytest.fixture
def ingested(cli: Cli, sample_dir: Path, wire_dump: Path) -> Path:
    result = cli("ingest", str(sample_dir), str(wire_dump), "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["added"] == 4
    return sample_dir


def test_ingest_summary_and_rerun(cli: Cli, sample_dir: Path) -> None:
    first = cli("ingest", str(sample_dir))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("Ingested: 1 added, 0 updated, 0 unchanged, 0 failed;")

    again = cli("ingest", str(sample_dir), "--json")
    summary = again.json()
    assert again.exit_code == 0
    assert (
        summary["added"],
        summary["updated"],
        summary["unchanged"],
        summary["failed"],
        summary["passages"],
    ) == (0, 0, 1, 0, 0)
    assert cli("ingest", str(sample_dir)).stdout.startswith("Nothing changed:")


def test_ask_json_contract(cli: Cli, ingested: Path) -> None:
    result = cli("ask", "who captured Saraqeb?", "--json")
    assert result.exit_code == 0, result.stderr
    answer = result.json()
    assert {"question", "answer", "refused", "citations", "related", "timings_ms"} <= set(answer)
    assert answer["question"] == "who captured Saraqeb?"
    assert answer["refused"] is False
    citation = answer["citations"][0]
    assert set(citation) >= CITATION_KEYS
    assert "seized Saraqeb" in citation["quote"]
    assert citation["quote"] in citation["text"]
    assert citation["title"].startswith("Aleppo Faces Unexpected Insurgent Onslaught")
    assert "[1]" in answer["answer"]
    assert set(answer["timings_ms"]) == {"retrieve", "answer"}
    assert answer["why"][0]["rule"] == "select.sentences"
    assert all(set(step) == {"rule", "detail"} for step in answer["why"])
    # Nothing binds a name to "captured": the answer opens with the quote, stating nothing.
    assert answer["lead"] is None
    assert answer["answer"].startswith(citation["quote"])
    # The quote's offsets point into the article text (the file's, less Markdown bold).
    article = (ingested / "aleppo-insurgent-onslaught.txt").read_text(encoding="utf-8")
    body = strip_emphasis(article.split("\n", 1)[1])
    assert body[citation["quote_start"] : citation["quote_end"]] == citation["quote"]


def test_ask_refuses_with_related_passages(cli: Cli, ingested: Path) -> None:
    answer = cli("ask", "Who won the 2022 World Cup?", "--json").json()
    assert answer["refused"] is True
    assert answer["citations"] == []
    # The refusal names the rule that refused, and what it saw.
    assert answer["why"][-1]["rule"].startswith("refuse.")
    assert answer["why"][-1]["detail"]
    assert answer["related"] and set(answer["related"][0]) >= RESULT_KEYS
    text = cli("ask", "Who won the 2022 World Cup?")
    assert text.exit_code == 0
    assert "can't answer" in text.stdout and "Related passages" in text.stdout


def test_ask_explain_prints_the_rules_that_fired(cli: Cli, ingested: Path) -> None:
    from bot.answering.rules import RULES

    result = cli("ask", "Who is Dareen Khalifa?", "--explain")
    assert result.exit_code == 0, result.stderr
    stated = cli("ask", "Who is Dareen Khalifa?", "--json").json()
    # The short answer stated before the quotes is given apart, as the answer opens with it.
    assert stated["lead"] == "expert"
    assert stated["answer"].startswith("expert [1]. ")
    # A count is not stated: its sentence is quoted first and answers alone.
    counted = cli("ask", "How many people were killed at Aleppo's university?", "--json").json()
    assert counted["lead"] is None
    assert "killing four people" in counted["answer"].split("[1]", 1)[0]
    assert "lead.sentence-first" in [w["rule"] for w in counted["why"]]
    _, _, trace = result.stdout.partition("\nWhy\n")
    rules = [line.split()[0] for line in trace.splitlines() if line.strip()]
    assert rules and all(rule in RULES for rule in rules)
    assert "select.sentences" in rules


def test_ask_terminal_output_shows_sources(cli: Cli, ingested: Path) -> None:
    result = cli("ask", "who captured Saraqeb?")
    assert result.exit_code == 0
    assert "seized Saraqeb" in result.stdout
    assert "Sources" in result.stdout and "[1]" in result.stdout


def test_ask_batch_mode(cli: Cli, ingested: Path) -> None:
    questions = (
        "who captured Saraqeb?\n\n"
        "How much did the bridge repairs cost?\n"
        "Who won the 2022 World Cup?\n"
    )
    result = cli("ask", "-", "--json", input=questions)
    assert result.exit_code == 0, result.stderr
    answers = result.json_lines()
    assert [a["question"] for a in answers] == [
        "who captured Saraqeb?",
        "How much did the bridge repairs cost?",
        "Who won the 2022 World Cup?",
    ]
    assert [a["refused"] for a in answers] == [False, False, True]


def test_ask_filters(cli: Cli, ingested: Path) -> None:
    answer = cli(
        "ask",
        "How much did the bridge repairs cost?",
        "--json",
        "--source",
        "coastal courier",
        "--since",
        "2024-03-01",
        "--until",
        "2024-03-31",
    ).json()
    assert not answer["refused"]
    assert {c["source"] for c in answer["citations"]} == {"Coastal Courier"}
    assert {c["published"] for c in answer["citations"]} == {"2024-03-02"}

    nothing = cli(
        "ask", "How much did the bridge repairs cost?", "--json", "--source", "Valley Gazette"
    ).json()
    assert all(c["source"] == "Valley Gazette" for c in nothing["citations"])


@pytest.mark.parametrize("command", ["ask", "search"])
def test_an_outlet_no_report_is_from_is_an_error(cli: Cli, ingested: Path, command: str) -> None:
    """A typo or a partial outlet name is a one-line error listing the stored outlets, not a
    refusal blaming the reports."""
    result = cli(command, "How much did the bridge repairs cost?", "--source", "courier")
    assert result.exit_code == 1
    assert "no stored report is from 'courier'" in result.stderr
    assert "coastal courier" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_json_and_batch(cli: Cli, ingested: Path) -> None:
    result = cli("search", "Saraqeb", "--json", "--top-k", "2")
    payload = result.json()
    assert payload["query"] == "Saraqeb"
    assert len(payload["results"]) == 2
    assert set(payload["results"][0]) >= RESULT_KEYS
    assert "Saraqeb" in payload["results"][0]["text"]

    batch = cli("search", "-", "--json", "-k", "1", input="Saraqeb\nvineyard frost\n")
    lines = batch.json_lines()
    assert [line["query"] for line in lines] == ["Saraqeb", "vineyard frost"]
    assert lines[1]["results"][0]["source"] == "Valley Gazette"


def test_docs_list_remove_and_stats(cli: Cli, ingested: Path) -> None:
    stats = cli("stats", "--json").json()
    assert stats["documents"] == 4 and stats["passages"] > 4
    assert stats["keyword_index_passages"] == stats["passages"]
    assert (stats["oldest"], stats["newest"]) == ("2024-03-02", "2024-05-20")

    listed = cli("docs", "list", "--json").json()["documents"]
    assert len(listed) == 4
    assert listed[0]["published"] == "2024-05-20"  # newest first

    removed = cli("docs", "remove", "https://example.org/vineyard-frost")
    assert removed.exit_code == 0 and "Removed" in removed.stdout
    after = cli("stats", "--json").json()
    assert after["documents"] == 3
    assert after["keyword_index_passages"] == after["passages"]
    hits = cli("search", "vineyard frost candles", "--json").json()["results"]
    assert all(h["doc_id"] != "https://example.org/vineyard-frost" for h in hits)

    missing = cli("docs", "remove", "https://example.org/vineyard-frost")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: no document with id")

    table = cli("docs", "list")
    assert "City library opens its newspaper archive" in table.stdout


def test_bad_inputs_fail_clearly_but_good_ones_are_ingested(
    cli: Cli, sample_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "broken.json").write_text('[{"body": ', encoding="utf-8")
    (bad / "latin1.md").write_bytes("T\nCaf\xe9".encode("latin-1"))
    (bad / "table.csv").write_text("a,b\n", encoding="utf-8")
    result = cli(
        "ingest",
        str(tmp_path / "missing.txt"),
        str(bad),
        str(sample_dir),
        str(bad / "table.csv"),
        "--json",
    )
    assert result.exit_code == 1
    summary = result.json()
    assert (summary["added"], summary["failed"]) == (2, 4)  # a Latin-1 file is read as such
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    assert all(line.startswith("error: ") for line in errors)
    joined = "\n".join(errors)
    for fragment in (
        "no such file or folder",
        "empty file",
        "malformed JSON",
        "unsupported file type '.csv'",
    ):
        assert fragment in joined
    assert cli("stats", "--json").json()["documents"] == 2
    assert "Café" in cli("search", "Cafe", "--json").stdout


def test_ingesting_only_missing_paths_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    """A typo in the only path of a first run is said at once (exit code 2), and no empty
    store is left for later commands to read as "no reports yet". (With a store, a missing
    folder fails like any source: tests/test_mirror.py.)"""
    result = cli("ingest", str(tmp_path / "missing"), "--json")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
    assert "run `newsbot ingest` first" in cli("stats").stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("ask", "anything?"), "run `newsbot ingest` first"),
        (("search", "anything"), "run `newsbot ingest` first"),
        (("stats",), "run `newsbot ingest` first"),
    ],
)
def test_empty_store_is_an_error(cli: Cli, args: tuple[str, ...], fragment: str) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and fragment in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "q", "--since", "yesterday"),
        ("ask", "q", "--since", "2024-05-01", "--until", "2024-04-01"),
        ("ask", "q", "--top-k", "0"),
        ("search", "q", "--until", "2024-13-01"),
    ],
)
def test_bad_options_are_usage_errors(cli: Cli, ingested: Path, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_empty_question_is_an_error(cli: Cli, ingested: Path) -> None:
    result = cli("ask", "  ")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: the question is empty"


def test_invalid_settings_are_reported(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_TOP_K", "many")
    result = cli("stats")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid settings: top_k")


def test_data_dir_flag_overrides_the_environment(
    cli: Cli, sample_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere"
    assert cli("ingest", str(sample_dir), "--data-dir", str(other)).exit_code == 0
    assert (other / "chroma").is_dir()
    assert cli("stats", "--data-dir", str(other), "--json").json()["documents"] == 1
    assert cli("stats").exit_code == 1  # the default data dir is still empty


def test_help_has_examples(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "newsbot ask" in result.stdout and "Examples" in result.stdout


def test_chat_understands_follow_ups(cli: Cli, ingested: Path) -> None:
    result = cli("chat", input="who captured Saraqeb?\nand who led them?\n:reset\n:quit\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert 0 <= out.index("seized Saraqeb") < out.index("Hayat Tahrir al-Sham")
    assert "Conversation forgotten." in result.stdout


def test_chat_commands_are_never_questions(cli: Cli, ingested: Path) -> None:
    """ ":help" and a mistyped command answer with the commands, not with "I can't answer
    that"; a line of punctuation asks nothing; --explain shows each answer's rules."""
    result = cli("chat", "--explain", input=":help\n:rset\n?\nwho captured Saraqeb?\n:quit\n")
    assert result.exit_code == 0, result.stderr
    assert "Unknown command :rset. :reset forgets the conversation" in result.stdout
    assert result.stdout.count(":reset forgets the conversation") == 3  # greeting, :help, :rset
    assert "I can't answer" not in result.stdout
    assert "seized Saraqeb" in result.stdout and "select.sentences" in result.stdout


def test_concurrent_ingestion_is_refused_clearly(
    cli: Cli, sample_dir: Path, isolated_settings: Path
) -> None:
    from bot.services import Newsbot
    from bot.settings import Settings

    with Newsbot(Settings(data_dir=isolated_settings)).ingestion_lock():
        result = cli("ingest", str(sample_dir))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: another ingestion is running on {isolated_settings}")
    assert cli("ingest", str(sample_dir)).exit_code == 0


def test_chat_reads_a_pronoun_as_the_person_just_named(cli: Cli) -> None:
    """followup.resolve end to end: "What was her time?" is asked as "What was Faith
    Cherono's time?", so the marathon sentence with her time leads, not another Rivermouth
    report's (the names carried over in brackets used to pull in the mayoral election)."""
    newsqa = Path(__file__).parents[1] / "samples" / "newsqa" / "articles.jsonl"
    assert cli("ingest", str(newsqa)).exit_code == 0
    result = cli("chat", input="Who won the Rivermouth marathon?\nWhat was her time?\n:quit\n")
    assert result.exit_code == 0, result.stderr
    # Each answer follows the prompt ("> "); the follow-up's is the second.
    follow_up = result.stdout.split("> ")[2]
    read_as, answer = follow_up.split("\n", 1)
    assert read_as == "(read as: What was Faith Cherono's time?)", follow_up
    first_statement = answer.split("[1]")[0]
    assert first_statement.startswith("Kenyan runner Faith Cherono"), follow_up
    assert "2 hours 19 minutes and 48 seconds" in first_statement
