"""kill -9 at random points of a real `newsbot ingest`, then run it again: the store must equal
the one a clean run produces (same documents and passages, Chroma and the keyword index in
agreement, no duplicates, no orphans)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.services import Newsbot
from bot.settings import Settings
from tests.conftest import REPO, SAMPLES

# `newsbot` subprocesses find the model already converted in the session cache.
pytestmark = pytest.mark.usefixtures("embedder")

NEWSBOT = Path(sys.executable).parent / "newsbot"
SOURCES = [str(REPO / "samples/newsqa/articles.jsonl"), str(SAMPLES)]
RUNS = 4


def ingest(data_dir: Path) -> subprocess.Popen[bytes]:
    """A real ingestion in its own process, in batches of 4 passages (many write points)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env |= {"NEWSBOT_DATA_DIR": str(data_dir), "NEWSBOT_INGEST_BATCH": "4"}
    with (data_dir.parent / f"{data_dir.name}.log").open("ab") as log:
        return subprocess.Popen(
            [str(NEWSBOT), "ingest", *SOURCES, "--json"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def log_of(data_dir: Path) -> str:
    return (data_dir.parent / f"{data_dir.name}.log").read_text(errors="replace")


def snapshot(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """doc_id -> passage texts; asserts Chroma and the keyword index agree."""
    newsbot = Newsbot(Settings(data_dir=data_dir))
    store, index = newsbot.store(), newsbot.keyword_index()
    passages: dict[str, list[tuple[int, str]]] = {}
    ids = []
    for passage in store.iter_passages():
        passages.setdefault(passage.doc_id, []).append((passage.index, passage.text))
        ids.append(passage.chunk_id)
    assert len(ids) == len(set(ids)), "duplicate passages"
    assert index.count() == store.count(), "keyword index and Chroma disagree"
    for doc_id, items in passages.items():
        state = store.document_state(doc_id)
        assert state is not None and len(state.content_hashes) == 1
        assert state.is_complete(next(iter(state.content_hashes))), f"{doc_id} incomplete"
        assert index.document_hash(doc_id) in state.content_hashes
        assert sorted(i for i, _ in items) == list(range(len(items))), f"{doc_id} has gaps"
    index.close()
    return {doc: tuple(t for _, t in sorted(items)) for doc, items in passages.items()}


@pytest.mark.slow
def test_kill_9_at_random_points_then_rerun(tmp_path: Path) -> None:
    started = time.monotonic()
    clean = ingest(tmp_path / "clean")
    assert clean.wait(timeout=300) == 0, log_of(tmp_path / "clean")
    duration = time.monotonic() - started
    expected = snapshot(tmp_path / "clean")
    assert len(expected) == 23

    chances = random.Random(os.environ.get("CRASH_SEED", "newsbot"))
    kill_points = []
    for run in range(RUNS):
        data_dir = tmp_path / f"run{run}"
        for _ in range(2):  # two crashes in a row, then a full run
            process = ingest(data_dir)
            delay = chances.uniform(0.3, 1.0) * duration
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
            kill_points.append(round(delay, 2))
        final = ingest(data_dir)
        assert final.wait(timeout=300) == 0, log_of(data_dir)
        assert snapshot(data_dir) == expected, f"run {run} differs after kills at {kill_points}"
    print(f"{RUNS} runs, {len(kill_points)} kills at {kill_points} s; clean run {duration:.1f} s")
