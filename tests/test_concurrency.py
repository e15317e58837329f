"""Questions answered while another process ingests into the same embedded store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.services import Newsbot
from bot.settings import Settings
from vectorstore.embeddings import Embedder
from vectorstore.records import Passage

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("embedder")]

REPO = Path(__file__).resolve().parent.parent


def story(number: int, version: str) -> dict[str, str]:
    """A report whose wording and length differ between versions "a" and "b"."""
    if version == "a":
        body = " ".join(
            f"The council of Town {number} approved budget line {line} for the harbour."
            for line in range(12)
        )
    else:
        body = " ".join(
            f"Revised: Town {number} council cut harbour spending in line {line}, officials said."
            for line in range(20)
        )
    return {
        "url": f"https://news.example/town-{number}",
        "title": f"Town {number} harbour budget",
        "source": "Harbour Wire",
        "published_at": "2024-06-01",
        "body": body,
    }


def dump(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    return path


def check_consistent(passages: list[Passage], bodies: dict[str, dict[str, str]]) -> None:
    """Every passage is verbatim from one version of its article, one version per article."""
    versions: dict[str, set[str]] = {}
    for passage in passages:
        matching = {v for v, body in bodies[passage.url or ""].items() if passage.text in body}
        assert matching, f"{passage.chunk_id} matches no version of its article"
        versions.setdefault(passage.doc_id, set()).add(passage.content_hash)
    assert all(len(hashes) == 1 for hashes in versions.values())


def test_search_and_ask_during_an_ingestion_are_consistent(
    tmp_path: Path, isolated_settings: Path, embedder: Embedder
) -> None:
    first = [story(n, "a") for n in range(20)]
    second = [story(n, "b") for n in range(20)] + [story(n, "a") for n in range(20, 40)]
    bodies: dict[str, dict[str, str]] = {}
    for article, version in [(a, "a") for a in first] + [(a, "b") for a in second[:20]]:
        bodies.setdefault(article["url"], {})[version] = article["body"]
    for article in second[20:]:
        bodies.setdefault(article["url"], {})["a"] = article["body"]

    newsbot = Newsbot(Settings(data_dir=isolated_settings))
    newsbot.ingestor().ingest([dump(tmp_path / "first.jsonl", first)])
    qa = newsbot.qa()

    writer = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", str(dump(tmp_path / "second.jsonl", second))],
        env={**os.environ, "NEWSBOT_DATA_DIR": str(isolated_settings), "NEWSBOT_INGEST_BATCH": "4"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    questions = 0
    try:
        while writer.poll() is None:
            hits = qa.search("harbour budget council", top_k=10)
            check_consistent([h.passage for h in hits], bodies)
            answer = qa.ask("What did the council of Town 3 do about the harbour?")
            check_consistent([c.passage for c in answer.citations], bodies)
            questions += 1
    finally:
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert "20 added, 20 updated" in out
    assert questions >= 3  # the reads really overlapped the writes

    # Afterwards the reader sees the new versions and the new articles, without reopening.
    hits = qa.search("Revised: Town 3 council cut harbour spending", top_k=10)
    check_consistent([h.passage for h in hits], bodies)
    assert hits[0].passage.url == "https://news.example/town-3"
    assert hits[0].passage.text in bodies["https://news.example/town-3"]["b"]
    assert newsbot.store().document_state("https://news.example/town-39") is not None
