"""The installed `newsbot` command in a real process, as a user runs it."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES

# `newsbot` subprocesses find the model already converted in the session cache.
pytestmark = pytest.mark.usefixtures("embedder")

NEWSBOT = Path(sys.executable).parent / "newsbot"


def run(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env["NEWSBOT_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [str(NEWSBOT), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


@pytest.mark.slow
def test_readme_demo_in_a_fresh_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest = run("ingest", str(SAMPLES), data_dir=data)
    assert ingest.returncode == 0, ingest.stderr
    assert "1 added" in ingest.stdout
    assert ingest.stderr == ""  # no progress bar or library noise when not on a terminal

    asked = run(
        "ask",
        "-",
        "--json",
        data_dir=data,
        stdin="who captured Saraqeb?\nWho won the 2022 World Cup?\n",
    )
    assert asked.returncode == 0, asked.stderr
    first, second = (json.loads(line) for line in asked.stdout.splitlines())
    assert not first["refused"] and "seized Saraqeb" in first["citations"][0]["quote"]
    assert second["refused"]


@pytest.mark.slow
def test_module_entry_point_and_errors(tmp_path: Path) -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=False
    )
    assert help_text.returncode == 0 and "ingest" in help_text.stdout

    missing = run("ask", "anything?", data_dir=tmp_path / "none")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        f"error: no store in {tmp_path / 'none'}: run `newsbot ingest` first, or point at "
        "another store with --data-dir DIR or NEWSBOT_DATA_DIR"
    ]


def _read_all(fd: int, process: subprocess.Popen[bytes], *, raw: bool = False) -> str:
    """Everything the process writes to its terminal, until it exits (with its escape
    sequences when `raw`)."""
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([fd], [], [], 240)
        if not ready:
            process.kill()
            raise AssertionError(f"no output for 240 s; so far: {b''.join(chunks)!r}")
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the terminal's other end closed
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    text = b"".join(chunks).decode()
    return text if raw else re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def _ask_on_a_terminal(
    corpus_dir: Path, server: Any, *, raw: bool = False, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """`newsbot ask "who captured Saraqeb?"` on a pseudo-terminal, answered by `server` (a
    started FakeOpenAI, stopped after): its exit code and what it wrote to the terminal."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    environment |= {
        "NEWSBOT_DATA_DIR": str(corpus_dir),
        "NEWSBOT_LLM_BASE_URL": server.base_url,
        "NEWSBOT_LLM_MODEL": "test-model",
        **(env or {}),
    }
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(NEWSBOT), "ask", "who captured Saraqeb?"],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            env=environment,
        )
        os.close(terminal)
        shown = _read_all(controller, process, raw=raw)
    finally:
        os.close(controller)
        server.stop()
    return process.returncode, shown


@pytest.mark.slow
def test_streamed_answer_on_a_terminal_shows_verified_statements_only(corpus_dir: Path) -> None:
    """`newsbot ask` on a pseudo-terminal, with an LLM streaming a statement that is dropped:
    nothing of it ever reaches the terminal."""
    from tests.fake_openai import FakeOpenAI, Reply
    from tests.test_llm import two_statements_one_false

    def script(request: dict[str, Any]) -> Reply:
        return Reply(two_statements_one_false(request).content, chunk_delay=0.05)

    server = FakeOpenAI(script=script).start()
    returncode, shown = _ask_on_a_terminal(corpus_dir, server)
    assert returncode == 0, shown
    assert server.requests[0]["stream"] is True
    assert "Russian" not in shown and "Moscow" not in shown
    answer = (
        "Insurgents seized Saraqeb, a key town [1]. "
        "Traffic on the strategic highway was diverted [2]."
    )
    assert shown.count(answer) == 1  # streamed once, not printed again
    assert shown.index("…") < shown.index(answer) < shown.index("Sources")
    assert "1 statement(s) of the LLM answer were removed" in shown


@pytest.mark.slow
def test_statements_of_an_answer_given_up_are_taken_off_the_terminal(corpus_dir: Path) -> None:
    """The model streams a verified statement, then runs past its deadline: the extractive
    answer replaces it, so the streamed line is erased (not left beside an answer whose
    sources it does not match), and the failure is told once."""
    from tests.fake_openai import FakeOpenAI, Reply
    from tests.test_llm import SARAQEB, passage_number

    def script(request: dict[str, Any]) -> Reply:
        n = passage_number(request, "seized Saraqeb")
        first = f'Insurgents seized Saraqeb, a key town [{n}: "{SARAQEB}"]. '
        return Reply(first + "And then " + "more words " * 300, chunk_delay=0.1)

    server = FakeOpenAI(script=script).start()
    returncode, shown = _ask_on_a_terminal(
        corpus_dir, server, raw=True, env={"NEWSBOT_LLM_TIMEOUT": "8"}
    )
    assert returncode == 0, shown
    streamed = shown.index("Insurgents seized Saraqeb, a key town [1].")
    erased = shown.index("\x1b[1F\x1b[J", streamed)
    assert erased < shown.index("Sources")
    assert shown.count("deadline") == 1  # the CLI's warning, not a log line besides
