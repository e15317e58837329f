"""The embedding model on ONNX Runtime, exported locally from the sentence-transformers weights.

Nothing is downloaded: the export runs `torch.onnx.export` over the model that is already on
disk (the bundled package, or a path), once, into a cache directory; later processes load the
`.onnx` file with onnxruntime and a `tokenizers` tokenizer, so they never import torch. The
int8 variant quantizes the MatMul weights per output channel (dynamic activations), which kept
cosine similarity to the torch vectors at 0.99 on news passages, where per-tensor quantization
of every operator fell to 0.96.

Only encoders shaped like the bundled model are supported: a Transformer followed by mean
pooling; pooling and L2 normalisation are part of the exported graph.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.errors import EmbeddingModelError

__all__ = ["ONNX_BACKENDS", "OnnxEncoder", "ensure_onnx_export"]

ONNX_BACKENDS = ("onnx", "onnx-int8")
_EXPORT_FORMAT = 1
_MODEL_FILE = "model.onnx"
_TOKENIZER_FILE = "tokenizer.json"
_INFO_FILE = "newsbot-export.json"


def ensure_onnx_export(
    location: str,
    model_id: str,
    *,
    cache_dir: Path,
    quantize: bool,
    load_model: Callable[[], Any],
    notify: Callable[[str], None] | None = None,
) -> Path:
    """Return the directory of this model's export, converting it first if it is not there.

    `load_model` gives the sentence-transformers model found at `location` (the torch
    backend's loader, so both load it alike).

    The directory name carries a fingerprint of the weights, so a changed model is exported
    anew rather than silently mismatched; a lock keeps concurrent processes from exporting
    twice, and the export is renamed into place only when complete.
    """
    from filelock import FileLock

    variant = "int8" if quantize else "fp32"
    slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_id)[:60]
    target = cache_dir / f"{slug}-{_fingerprint(location)}-{variant}"
    if (target / _INFO_FILE).is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache_dir / f".{target.name}.lock")):
        if (target / _INFO_FILE).is_file():
            return target
        if notify is not None:
            notify(f"Converting the embedding model {model_id!r} to ONNX ({variant}); done once.")
        try:
            model = load_model()
        except EmbeddingModelError as exc:
            raise EmbeddingModelError(f"cannot convert {model_id!r} to ONNX: {exc}") from exc
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=cache_dir))
        try:
            _export(model, location, staging, quantize=quantize)
            staging.chmod(0o755)
            staging.rename(target)
        except Exception as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, EmbeddingModelError):
                raise
            raise EmbeddingModelError(
                f"cannot convert {model_id!r} to ONNX: {exc.__class__.__name__}: {exc}"
            ) from exc
    return target


def _fingerprint(location: str) -> str:
    """Sizes and modification times of the model's files: cheap, and changes with the weights."""
    path = Path(location)
    digest = hashlib.sha256(f"{_EXPORT_FORMAT}:{path.resolve()}".encode())
    if path.is_dir():
        for item in sorted(path.rglob("*")):
            if item.is_file():
                stat = item.stat()
                digest.update(
                    f"{item.relative_to(path)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
                )
    return digest.hexdigest()[:12]


def _export(model: Any, location: str, directory: Path, *, quantize: bool) -> None:
    import torch

    modules = [type(module).__name__ for module in model]
    pooling = getattr(model[1], "pooling_mode", None) if len(model) > 1 else None
    if modules not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) or (
        pooling != "mean"
    ):
        raise EmbeddingModelError(
            f"the ONNX backend supports Transformer + mean pooling models only (this one is "
            f"{' + '.join(modules)}, pooling {pooling}); use the torch backend"
        )
    transformer: Any = model[0].auto_model
    transformer.eval()
    # The eager attention exports as plain MatMul/Softmax, which ONNX Runtime fuses and the
    # quantizer handles; the default SDPA path traces data-dependent branches.
    transformer.set_attn_implementation("eager")

    class MeanPooledEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            tokens = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            # newsbot compares by cosine and always normalises, as the torch backend does.
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    fp32_path = directory / ("model-fp32.onnx" if quantize else _MODEL_FILE)
    example = torch.ones(2, 8, dtype=torch.long)
    dynamic = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the legacy exporter and tracer are loud but correct
        torch.onnx.export(
            MeanPooledEncoder(),
            (example, example),
            str(fp32_path),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": dynamic,
                "attention_mask": dynamic,
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    if quantize:
        _quantize(fp32_path, directory / _MODEL_FILE)
        fp32_path.unlink()
    model.tokenizer.backend_tokenizer.save(str(directory / _TOKENIZER_FILE))
    info = {
        "format": _EXPORT_FORMAT,
        "source": location,
        "max_seq_length": int(model.max_seq_length or 512),
        "dimension": int(model.get_embedding_dimension() or 0),
        "quantized": quantize,
    }
    (directory / _INFO_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")


def _quantize(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    quiet = logging.NullHandler()
    root.addHandler(quiet)  # the quantizer logs advice through the root logger
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )
    finally:
        logging.disable(logging.NOTSET)
        root.removeHandler(quiet)


class OnnxEncoder:
    """Runs an export from `ensure_onnx_export`: tokenizes, batches by length, runs the graph."""

    def __init__(self, directory: Path, *, threads: int = 0) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        try:
            info: dict[str, Any] = json.loads((directory / _INFO_FILE).read_text("utf-8"))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.log_severity_level = 3
            self._session = onnxruntime.InferenceSession(
                str(directory / _MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = Tokenizer.from_file(str(directory / _TOKENIZER_FILE))
        except Exception as exc:
            raise EmbeddingModelError(
                f"cannot load the ONNX export in {directory}: {exc.__class__.__name__}: {exc}"
            ) from exc
        self._tokenizer.enable_truncation(max_length=int(info["max_seq_length"]))
        self._tokenizer.enable_padding()
        self.dimension = int(info["dimension"])

    def encode(self, texts: Sequence[str], *, batch_size: int) -> np.ndarray:
        # Longest first, as sentence-transformers does: batches of similar length pad little.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in chosen])
            feed = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            }
            vectors[chosen] = self._session.run(None, feed)[0]
        return vectors
