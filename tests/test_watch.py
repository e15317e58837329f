"""`newsbot ingest --watch` keeps going: a busy lock or a failing run skips one tick only."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import cli as cli_module
from bot.services import Newsbot
from bot.settings import Settings
from tests.conftest import CliResult
from tests.documents import pdf_with_content

Cli = Callable[..., CliResult]


def test_watch_skips_a_tick_when_busy_or_failing_and_goes_on(
    cli: Cli, tmp_path: Path, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("First\nThe first report arrived.", encoding="utf-8")
    # pypdf fails on this one with an AssertionError: once the end of the watch.
    (inbox / "odd.pdf").write_bytes(pdf_with_content(b"BT 72 72 R0 Td (Hi) Tj ET"))

    other = Newsbot(Settings(data_dir=isolated_settings))
    index = other.keyword_index()
    index_path = index.path
    index.close()
    lock = other.ingestion_lock()
    lock.__enter__()  # another ingestion holds the data directory for the first tick
    ticks: list[str] = []

    def between_ticks(seconds: float) -> None:
        ticks.append(f"{seconds:g}")
        if len(ticks) == 1:
            lock.__exit__(None, None, None)
            index_path.unlink()
            index_path.mkdir()  # the keyword index cannot be opened: the second tick fails
        elif len(ticks) == 2:
            index_path.rmdir()
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "_wait", between_ticks, raising=False)
    result = cli("ingest", str(inbox), "--watch", "--every", "90s", "--json")

    assert result.exit_code == 0, result.stderr
    assert ticks == ["90", "90", "90"]
    lines = result.stderr.strip().splitlines()
    assert re.fullmatch(
        r"another ingestion is running; skipping this run, next at \d\d:\d\d", lines[0]
    )
    assert re.fullmatch(r"error: cannot open the keyword index .*, next at \d\d:\d\d", lines[1])
    assert "odd.pdf: cannot read PDF: AssertionError" in lines[2]
    assert lines[3:] == ["stopped watching"]
    (summary,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (summary["added"], summary["failed"]) == (1, 1)


def test_ctrl_c_during_a_run_stops_the_watch_cleanly(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupted run leaves what a crash leaves (the next ingestion completes it), so
    Ctrl-C stops a watch the same way whenever it comes."""

    def interrupted_run(*args: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "_ingest_once", interrupted_run)
    result = cli("ingest", str(tmp_path), "--watch", "--every", "1h")
    assert (result.exit_code, result.stderr) == (0, "stopped watching\n")


def test_ctrl_c_swallowed_inside_a_run_still_ends_the_watch(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library that catches the KeyboardInterrupt of a Ctrl-C pressed in the middle of a run
    must not keep the watch ticking: the loop also reads the mark the handler leaves."""
    import contextlib
    import os
    import signal

    ticks: list[int] = []

    def run_that_swallows_ctrl_c(*args: object) -> None:
        ticks.append(1)
        assert len(ticks) < 5, "the watch went on after Ctrl-C"
        with contextlib.suppress(KeyboardInterrupt):  # what a careless library does
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(cli_module, "_watch_tick", run_that_swallows_ctrl_c)
    monkeypatch.setattr(cli_module, "_wait", lambda seconds: None)
    handler = signal.getsignal(signal.SIGINT)
    cli_module._watch(None, [], None, None, True, 1.0)  # type: ignore[arg-type]
    assert len(ticks) == 1
    assert "stopped watching" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGINT) is handler  # the caller's handler is back
