"""Embedding backends: ONNX exports of the model agree with torch, live in one shared cache,
are converted once even by concurrent processes, and int8 vectors do not depend on the batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bot.services import Newsbot
from bot.settings import Settings
from tests.conftest import REPO, CliResult
from vectorstore.embeddings import BUNDLED_MODEL, Embedder, resolve_model
from vectorstore.errors import EmbeddingModelError
from vectorstore.onnx_encoder import export_identity

TEXTS = [
    "Insurgents seized Saraqeb, a key town linking Aleppo with Damascus and the coast.",
    "The harbour bridge reopened on Saturday after eight months of repairs. " * 3,
    "Growers lit candles between the rows overnight.",
    "x",
]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer sentence-transformers model built here (random weights, the bundled
    tokenizer): converting it takes a second, so cache behaviour is tested on fresh caches."""
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import AutoTokenizer, BertConfig, BertModel

    root = tmp_path_factory.mktemp("tiny-model")
    bundled = resolve_model(BUNDLED_MODEL)[1]
    torch.manual_seed(0)
    config = BertConfig(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64
    )
    BertModel(config).save_pretrained(root / "bert")
    AutoTokenizer.from_pretrained(bundled).save_pretrained(root / "bert")
    transformer = models.Transformer(str(root / "bert"), max_seq_length=64)
    pooling = models.Pooling(32, pooling_mode="mean")
    SentenceTransformer(modules=[transformer, pooling], device="cpu").save(str(root / "model"))
    return root / "model"


def exports(cache: Path) -> list[str]:
    """The finished exports in a cache (no locks, digests or staging directories)."""
    return sorted(p.name for p in cache.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_onnx_fp32_vectors_equal_torch(torch_embedder: Embedder, tmp_path: Path) -> None:
    notes: list[str] = []
    onnx = Embedder(backend="onnx", cache_dir=tmp_path / "cache", notify=notes.append)
    vectors = onnx.encode_passages(TEXTS)
    reference = torch_embedder.encode_passages(TEXTS)

    assert vectors.shape == reference.shape == (len(TEXTS), 384)
    assert (vectors * reference).sum(axis=1).min() >= 0.9999
    assert len(notes) == 1 and "ONNX" in notes[0]
    assert len(exports(tmp_path / "cache")) == 1


def test_int8_default_agrees_with_torch(embedder: Embedder, torch_embedder: Embedder) -> None:
    assert embedder.backend == "onnx-int8"
    vectors = embedder.encode_passages(TEXTS)
    reference = torch_embedder.encode_passages(TEXTS)

    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines[:-1].min() >= 0.995  # sentences
    assert cosines[-1] >= 0.98  # "x": one token, the least averaged of all


def test_int8_vectors_do_not_depend_on_the_batch(embedder: Embedder) -> None:
    """A text alone and the same text among longer and shorter batch-mates (so padded):
    the same vector, with batches of several texts per call."""
    texts = [*TEXTS, "Traffic on the coastal road is expected to ease within a week.", "Dam"]
    assert embedder.batch_size > 1
    alone = np.stack([embedder.encode_query(text) for text in texts])
    together = embedder.encode_passages(texts)
    one_batch = Embedder(
        backend="onnx-int8", cache_dir=embedder._cache_dir, batch_size=len(texts)
    ).encode_passages(texts)

    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(one_batch, alone, atol=1e-5)


def test_encoder_threads_sleep_between_calls(embedder: Embedder) -> None:
    """The encoder's worker threads do not spin after a run: a question's encoding is followed
    by searches in the same process, which spinning threads would starve of CPU."""
    embedder.encode_query("Flooding closed the coastal road.")
    assert embedder._onnx is not None
    options = embedder._onnx._session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_the_setting_selects_the_backend_and_one_cache_serves_every_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model_cache: Path
) -> None:
    first = Newsbot(Settings(data_dir=tmp_path / "one")).embedder
    second = Newsbot(Settings(data_dir=tmp_path / "two")).embedder
    assert first.backend == "onnx-int8"
    assert first is second and first._cache_dir == model_cache

    monkeypatch.setenv("NEWSBOT_EMBEDDING_BACKEND", "torch")
    assert Newsbot(Settings()).embedder.backend == "torch"
    monkeypatch.setenv("NEWSBOT_EMBEDDING_BACKEND", "onnx")
    monkeypatch.setenv("NEWSBOT_MODEL_CACHE", str(tmp_path / "elsewhere"))
    chosen = Newsbot(Settings()).embedder
    assert chosen.backend == "onnx" and chosen._cache_dir == tmp_path / "elsewhere"

    monkeypatch.delenv("NEWSBOT_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Settings().model_cache == tmp_path / "xdg" / "newsbot" / "models"


def test_a_changed_model_is_converted_again(tiny_model: Path, tmp_path: Path) -> None:
    """The export is keyed by the weights' content, not their path, size or date."""
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    cache = tmp_path / "cache"
    notes: list[str] = []
    before = Embedder(str(model), backend="onnx-int8", cache_dir=cache, notify=notes.append)
    vector = before.encode_query("harbour bridge")
    identity = export_identity(str(model), str(model), cache_dir=cache, quantize=True)
    assert {"content_sha256", "opset", "quantization", "onnxruntime"} <= identity.keys()

    from safetensors.torch import load_file, save_file

    weights = model / "model.safetensors"
    stat = weights.stat()
    tensors = load_file(weights)
    for name in tensors:
        if name.endswith("intermediate.dense.weight"):
            tensors[name] = tensors[name] * 1.5
    save_file(tensors, weights, metadata={"format": "pt"})
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert weights.stat().st_size == stat.st_size  # same size, same mtime: only content differs

    after = Embedder(str(model), backend="onnx-int8", cache_dir=cache, notify=notes.append)
    assert export_identity(str(model), str(model), cache_dir=cache, quantize=True) != identity
    assert not np.allclose(after.encode_query("harbour bridge"), vector)
    assert len(notes) == 2 and len(exports(cache)) == 2


CONVERT = """
import json, sys
from pathlib import Path
from vectorstore.embeddings import Embedder
embedder = Embedder(sys.argv[1], backend="onnx-int8", cache_dir=Path(sys.argv[2]),
                    notify=lambda note: print(note, file=sys.stderr, flush=True))
print(json.dumps(embedder.encode_query("harbour bridge").tolist()))
"""


@pytest.mark.slow
def test_concurrent_conversions_convert_once(tiny_model: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CONVERT, str(tiny_model), str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=240) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], results
    assert sum("Converting" in stderr for _, stderr in results) == 1
    first, second = (np.array(json.loads(stdout)) for stdout, _ in results)
    np.testing.assert_allclose(first, second, atol=1e-6)
    assert len(exports(cache)) == 1
    staging = [p for p in cache.iterdir() if p.is_dir() and p.name.startswith(".")]
    assert [p.name for p in staging] == [".digests"]


@pytest.mark.slow
def test_a_second_process_on_another_data_dir_reuses_the_conversion(
    tiny_model: Path, tmp_path: Path, sample_dir: Path
) -> None:
    newsbot = Path(sys.executable).parent / "newsbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env |= {"NEWSBOT_EMBEDDING_MODEL": str(tiny_model), "NEWSBOT_MODEL_CACHE": str(tmp_path / "c")}

    def ingest(data_dir: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(newsbot), "ingest", str(sample_dir), "--json"],
            env=env | {"NEWSBOT_DATA_DIR": str(tmp_path / data_dir)},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )

    first, second = ingest("one"), ingest("two")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "Converting" in first.stderr
    assert "Converting" not in second.stderr
    assert json.loads(second.stdout)["added"] == json.loads(first.stdout)["added"] > 0
    assert len(exports(tmp_path / "c")) == 1
    assert not (tmp_path / "one" / "models").exists()


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
    assert exports(tmp_path / "models") == []


def test_cli_answers_on_the_default_backend_without_converting(
    cli: Callable[..., CliResult],
    sample_dir: Path,
    isolated_settings: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ingested = cli("ingest", str(sample_dir), "--json")
    assert ingested.exit_code == 0, ingested.stderr
    assert "Converting" not in ingested.stderr  # the session's conversion is reused
    assert not (isolated_settings / "models").exists()

    answer = cli("ask", "who captured Saraqeb?", "--json")
    assert answer.exit_code == 0, answer.stderr
    assert "insurgents" in answer.json()["answer"].lower()

    monkeypatch.setenv("NEWSBOT_EMBEDDING_BACKEND", "onnx-fp16")
    invalid = cli("ask", "who captured Saraqeb?")
    assert invalid.exit_code != 0
    assert "embedding_backend" in invalid.stderr


TORCH_PROBE = """
import atexit, runpy, sys
atexit.register(lambda: print("torch imported:", "torch" in sys.modules, file=sys.stderr))
sys.argv = ["newsbot", "ask", "who captured Saraqeb?"]
runpy.run_module("bot", run_name="__main__")
"""


@pytest.mark.slow
def test_a_cold_ask_on_the_default_backend_never_imports_torch(corpus_dir: Path) -> None:
    """Importing torch was most of a cold `ask` (spaCy's thinc imports it when installed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env |= {"NEWSBOT_DATA_DIR": str(corpus_dir), "PYTHONPATH": str(REPO)}
    asked = subprocess.run(
        [sys.executable, "-c", TORCH_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert asked.returncode == 0, asked.stderr
    assert "insurgents" in asked.stdout.lower()
    assert "torch imported: False" in asked.stderr


def test_spacy_may_import_torch_only_for_pipelines_that_name_it(tmp_path: Path) -> None:
    from bot.answering.nlp import DEFAULT_PIPELINE, _needs_torch

    assert not _needs_torch(DEFAULT_PIPELINE)
    pipeline = tmp_path / "trf"
    pipeline.mkdir()
    (pipeline / "config.cfg").write_text(
        '[components.transformer.model]\n@architectures = "spacy-curated-transformers.X"\n'
    )
    assert _needs_torch(str(pipeline))
    assert _needs_torch("no_such_pipeline_package")
