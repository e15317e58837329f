"""Embedding backends: the ONNX exports of the bundled model agree with torch and are reused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CliResult
from vectorstore.embeddings import Embedder
from vectorstore.errors import EmbeddingModelError

TEXTS = [
    "Insurgents seized Saraqeb, a key town linking Aleppo with Damascus and the coast.",
    "The harbour bridge reopened on Saturday after eight months of repairs. " * 3,
    "Growers lit candles between the rows overnight.",
    "x",
]


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.mark.parametrize(("backend", "least_cosine"), [("onnx", 0.9999), ("onnx-int8", 0.97)])
def test_onnx_vectors_agree_with_torch(
    embedder: Embedder, model_cache: Path, backend: str, least_cosine: float
) -> None:
    notes: list[str] = []
    onnx = Embedder(backend=backend, cache_dir=model_cache, notify=notes.append)
    vectors = onnx.encode_passages(TEXTS)
    reference = embedder.encode_passages(TEXTS)

    assert vectors.shape == reference.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * reference).sum(axis=1).min() >= least_cosine
    # Batching and length-sorting do not change a text's vector.
    np.testing.assert_allclose(onnx.encode_query(TEXTS[1]), vectors[1], atol=1e-5)
    assert len(notes) == 1 and "ONNX" in notes[0]

    again: list[str] = []
    reused = Embedder(backend=backend, cache_dir=model_cache, notify=again.append)
    np.testing.assert_allclose(reused.encode_passages(TEXTS), vectors, atol=1e-6)
    assert again == []  # the export on disk is reused, not made again
    exports = [p for p in model_cache.iterdir() if not p.name.startswith(".")]
    assert len([p for p in exports if p.name.endswith("int8" if "int8" in backend else "fp32")])


def test_backend_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelError, match="unknown embedding backend 'tensorflow'"):
        Embedder(backend="tensorflow")
    with pytest.raises(EmbeddingModelError, match="needs a directory"):
        Embedder(backend="onnx")
    not_a_model = tmp_path / "not-a-model"
    not_a_model.mkdir()
    broken = Embedder(str(not_a_model), backend="onnx", cache_dir=tmp_path / "models")
    with pytest.raises(EmbeddingModelError, match="cannot convert"):
        broken.load()
    assert [p.name for p in (tmp_path / "models").iterdir() if not p.name.endswith(".lock")] == []


def test_cli_on_the_int8_backend(
    cli: Callable[..., CliResult],
    sample_dir: Path,
    isolated_settings: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSBOT_EMBEDDING_BACKEND", "onnx-int8")
    ingested = cli("ingest", str(sample_dir), "--json")
    assert ingested.exit_code == 0, ingested.stderr
    assert "Converting the embedding model" in ingested.stderr
    assert (isolated_settings / "models").is_dir()

    answer = cli("ask", "who captured Saraqeb?", "--json")
    assert answer.exit_code == 0, answer.stderr
    assert "Converting" not in answer.stderr
    assert "insurgents" in answer.json()["answer"].lower()

    monkeypatch.setenv("NEWSBOT_EMBEDDING_BACKEND", "onnx-fp16")
    invalid = cli("ask", "who captured Saraqeb?")
    assert invalid.exit_code != 0
    assert "embedding_backend" in invalid.stderr
