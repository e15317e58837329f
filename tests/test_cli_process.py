"""The installed `newsbot` command in a real process, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

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
        f"error: no store in {tmp_path / 'none'}: run `newsbot ingest` first"
    ]
