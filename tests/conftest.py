"""Shared fixtures: every test gets its own data directory; the real model loads once."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.answering.nlp import NlpPipeline
from bot.cli import app
from bot.services import Newsbot, shared_embedder
from bot.settings import Settings, default_model_cache
from vectorstore.embeddings import BUNDLED_MODEL, Embedder
from vectorstore.records import Passage

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "articles"
NEWSQA_ARTICLES = REPO / "samples" / "newsqa" / "articles.jsonl"

# Three short reports from different outlets and days, for filter and multi-document tests.
WIRE_ARTICLES = [
    {
        "url": "https://example.org/harbour-bridge",
        "title": "Harbour bridge reopens after repairs",
        "source": "Coastal Courier",
        "published_at": "2024-03-02T08:00:00Z",
        "author": "Ana Ruiz",
        "category": "local",
        "body": "The harbour bridge reopened on Saturday after eight months of repairs. "
        "City engineer Mara Okafor said the repairs cost 41 million euros. "
        "Traffic on the coastal road is expected to ease within a week.",
    },
    {
        "url": "https://example.org/vineyard-frost",
        "title": "Late frost hits northern vineyards",
        "source": "Valley Gazette",
        "published_at": "2024-04-18",
        "body": "A late frost damaged about a third of the vines in the northern valley. "
        "Growers lit candles between the rows overnight to protect the young buds. "
        "The regional wine board estimated losses at 12 million euros.",
    },
    {
        "url": "https://example.org/library-archive",
        "title": "City library opens its newspaper archive",
        "source": "Coastal Courier",
        "published_at": "2024-05-20",
        "body": "The city library opened a digital archive of local newspapers going back "
        "to 1850. Archivist Jonas Lind said volunteers scanned more than 90,000 pages. "
        "The archive is free to search online.",
    },
]


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One model cache for the session, never the user's: the model is converted once.

    Set as the user cache directory too, so `newsbot` subprocesses started without any
    NEWSBOT_ variable find the same conversions.
    """
    cache = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        yield default_model_cache()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path) -> Path:
    """Point newsbot at a fresh data directory; no settings leak in from the machine."""
    for key in list(os.environ):
        if key.startswith("NEWSBOT_") or key == "TELEGRAM_BOT_TOKEN":
            monkeypatch.delenv(key)
    monkeypatch.setenv("NEWSBOT_MODEL_CACHE", str(model_cache))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # so no stray .env is read
    data_dir = tmp_path / "data"
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(data_dir))
    return data_dir


DEFAULT_BACKEND: str = Settings.model_fields["embedding_backend"].default


@pytest.fixture(scope="session")
def embedder(model_cache: Path) -> Embedder:
    """The real bundled model on the default backend, converted and loaded once per session.

    The very object `Newsbot` uses in-process (shared with the CLI).
    """
    model = shared_embedder(
        BUNDLED_MODEL, DEFAULT_BACKEND, None if DEFAULT_BACKEND == "torch" else model_cache
    )
    model.load()
    return model


@pytest.fixture(scope="session")
def nlp() -> NlpPipeline:
    """The spaCy pipeline the answering core reads with, loaded once per session (under a
    second); the rule tests run on plain sentences with it, no embedding model needed."""
    pipeline = NlpPipeline()
    pipeline.load()
    return pipeline


@pytest.fixture(scope="session")
def torch_embedder() -> Embedder:
    """The bundled model on sentence-transformers, for tests that compare against it."""
    model = shared_embedder(BUNDLED_MODEL, "torch")
    model.load()
    return model


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A data directory holding the sample and wire articles, built once; do not write to it."""
    root = tmp_path_factory.mktemp("corpus")
    dump = root / "wire.jsonl"
    dump.write_text("\n".join(json.dumps(a) for a in WIRE_ARTICLES), encoding="utf-8")
    Newsbot(Settings(data_dir=root / "data")).ingestor().ingest([SAMPLES, dump])
    return root / "data"


@pytest.fixture
def newsbot(isolated_settings: Path, embedder: Embedder) -> Newsbot:
    return Newsbot(Settings(data_dir=isolated_settings))


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample articles."""
    target = tmp_path / "articles"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture
def wire_dump(tmp_path: Path) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in WIRE_ARTICLES) + "\n", encoding="utf-8")
    return path


class CliResult:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def json(self) -> dict:
        return json.loads(self.stdout)

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


@pytest.fixture
def cli(embedder: Embedder) -> Callable[..., CliResult]:
    """Run `newsbot ARGS...` in-process (the model stays loaded between calls)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> CliResult:
        result = runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


def passage_of(text: str) -> Passage:
    """A one-passage document holding `text`, for rules read on plain strings."""
    return Passage(
        chunk_id="c",
        doc_id="d",
        text=text,
        index=0,
        start=0,
        end=len(text),
        content_hash="h",
        n_passages=1,
    )
