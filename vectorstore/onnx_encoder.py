"""The embedding model on ONNX Runtime, exported locally from the sentence-transformers weights.

Nothing is downloaded: the export runs `torch.onnx.export` over the model that is already on
disk (the bundled package, or a path), once, into a cache shared by every data directory;
later processes load the `.onnx` file with onnxruntime and a `tokenizers` tokenizer, so they
never import torch.

The int8 variant quantizes every MatMul with a constant weight: weights per output channel,
activations per row (per token) at run time. ONNX Runtime's own dynamic quantization scales
activations over the whole input tensor, so a text's vector depended on its batch-mates and
their padding, and int8 had to encode one text per call; a row's scale depends on that row
alone, so batches are back, and the vectors sit closer to torch's (cosine 0.998 mean on news
passages against 0.994 per tensor).

Only encoders shaped like the bundled model are supported: a Transformer followed by mean
pooling; pooling and L2 normalisation are part of the exported graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.errors import EmbeddingModelError

__all__ = ["ONNX_BACKENDS", "OnnxEncoder", "ensure_onnx_export", "export_identity"]

ONNX_BACKENDS = ("onnx", "onnx-int8")
_EXPORT_FORMAT = 2
_OPSET = 17
_QUANTIZATION = {
    False: "none",
    True: "int8: weights per channel, activations per row, lookup tables per row",
}
_MODEL_FILE = "model.onnx"
_TOKENIZER_FILE = "tokenizer.json"
_INFO_FILE = "newsbot-export.json"
_DIGESTS_DIR = ".digests"


def export_identity(
    location: str, model_id: str, *, cache_dir: Path, quantize: bool
) -> dict[str, Any]:
    """What an export depends on; any change to it means a new export, never a stale one.

    The model's name, a content hash of its files, the opset, the quantization mode, the
    onnxruntime version and newsbot's export format.
    """
    import onnxruntime

    return {
        "format": _EXPORT_FORMAT,
        "model": model_id,
        "content_sha256": content_digest(location, cache_dir=cache_dir),
        "opset": _OPSET,
        "quantization": _QUANTIZATION[quantize],
        "onnxruntime": onnxruntime.__version__,
    }


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

    The directory is named by a hash of `export_identity`, so processes on any data directory
    share it and a changed model gets a new one. A file lock keeps concurrent processes from
    converting twice (the second waits, then finds the export), and the export is built in a
    temporary directory beside it and renamed into place only when complete, so a reader never
    sees half an export, even where the lock does not hold (some network file systems).
    """
    identity = export_identity(location, model_id, cache_dir=cache_dir, quantize=quantize)
    key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
    variant = "int8" if quantize else "fp32"
    name = Path(model_id).name or model_id  # a path's last part names it well enough
    slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60]
    target = cache_dir / f"{slug}-{variant}-{key}"
    if (target / _INFO_FILE).is_file():
        return target
    from filelock import FileLock

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EmbeddingModelError(f"cannot create the model cache {cache_dir}: {exc}") from exc
    with FileLock(str(cache_dir / f".{target.name}.lock")):
        if (target / _INFO_FILE).is_file():
            return target
        if notify is not None:
            notify(
                f"Converting the embedding model {model_id!r} to ONNX ({variant}) into "
                f"{cache_dir}; done once for every data directory."
            )
        try:
            model = load_model()
        except EmbeddingModelError as exc:
            raise EmbeddingModelError(f"cannot convert {model_id!r} to ONNX: {exc}") from exc
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=cache_dir))
        try:
            _export(model, location, staging, quantize=quantize, identity=identity)
            staging.chmod(0o755)
            try:
                staging.rename(target)
            except OSError:
                if not (target / _INFO_FILE).is_file():
                    raise
                shutil.rmtree(staging, ignore_errors=True)  # another process won the race
        except Exception as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, EmbeddingModelError):
                raise
            raise EmbeddingModelError(
                f"cannot convert {model_id!r} to ONNX: {exc.__class__.__name__}: {exc}"
            ) from exc
    return target


def content_digest(location: str, *, cache_dir: Path) -> str:
    """SHA-256 over the contents of the model's files (names included).

    Hashing ~90 MB costs ~0.2 s, a tenth of a cold `ask`, so the digest is remembered in the
    cache beside each file's size, mtime, ctime and inode, and recomputed when any of them
    changes (ctime changes with every write and cannot be set back, unlike mtime).
    A name that is not on disk (a hub name sentence-transformers finds in its own cache) is
    identified by the name alone.
    """
    path = Path(location)
    if not path.exists():
        return hashlib.sha256(f"name:{location}".encode()).hexdigest()
    path = path.resolve()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    stats = []
    for item in files:
        stat = item.stat()
        stats.append(
            [
                item.relative_to(path).as_posix() if item != path else item.name,
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ino,
            ]
        )
    memo = cache_dir / _DIGESTS_DIR / f"{hashlib.sha256(str(path).encode()).hexdigest()[:16]}.json"
    try:
        remembered = json.loads(memo.read_text("utf-8"))
        if remembered["files"] == stats:
            return str(remembered["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = hashlib.sha256()
    for item, (name, *_rest) in zip(files, stats, strict=True):
        digest.update(f"{name}\0".encode())
        with item.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    value = digest.hexdigest()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        staging = memo.with_name(f".{memo.name}.{os.getpid()}")
        staging.write_text(json.dumps({"files": stats, "sha256": value}), encoding="utf-8")
        staging.replace(memo)
    except OSError:
        pass  # a read-only cache still works; it only hashes again next time
    return value


def _export(
    model: Any, location: str, directory: Path, *, quantize: bool, identity: dict[str, Any]
) -> None:
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
            opset_version=_OPSET,
            dynamo=False,
        )
    if quantize:
        quantize_per_row(fp32_path, directory / _MODEL_FILE)
        fp32_path.unlink()
    model.tokenizer.backend_tokenizer.save(str(directory / _TOKENIZER_FILE))
    info = {
        **identity,
        "source": location,
        "max_seq_length": int(model.max_seq_length or 512),
        "dimension": int(model.get_embedding_dimension() or 0),
        "quantized": quantize,
    }
    (directory / _INFO_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")


def quantize_per_row(source: Path, target: Path) -> int:
    """Rewrite every MatMul by a constant 2-D weight as int8 x int8; return how many.

    (Large lookup tables are stored as int8 too: `_quantize_table`.)

    For `Y = X @ W`: W is quantized symmetrically per output column (scale `s_w[n]`), X per
    row at run time (scale `s_x = max|X[row]| / 127`), the product is accumulated in int32 by
    `MatMulIntegerToFloat` and rescaled by `s_w` there and by `s_x` after. X is shifted to
    uint8 around 128 so ONNX Runtime takes its fast u8 x s8 kernels. Every row is scaled by
    its own values only, which is what makes a text's vector independent of its batch.

    (`s_x` must stay out of `MatMulIntegerToFloat`'s `a_scale`, which takes one scale per
    tensor: a `Mul(s_x, s_w)` feeding it is fused by ONNX Runtime 1.32 into wrong results.)
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    nodes: list[Any] = []
    count = 0
    for node in graph.node:
        if node.op_type == "Gather" and _quantize_table(node, weights, graph, nodes):
            continue
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        array = numpy_helper.to_array(weight) if weight is not None else None
        if array is None or array.ndim != 2 or array.dtype != np.float32:
            nodes.append(node)
            continue
        count += 1
        p = f"rowq{count}_"
        w_scale = np.maximum(np.abs(array).max(axis=0), 1e-12) / 127.0
        quantized = np.clip(np.round(array / w_scale), -127, 127).astype(np.int8)
        graph.initializer.extend(
            [
                numpy_helper.from_array(quantized, p + "w"),
                numpy_helper.from_array(w_scale.astype(np.float32), p + "w_scale"),
            ]
        )
        x = node.input[0]
        nodes += [
            helper.make_node("Abs", [x], [p + "abs"]),
            helper.make_node("ReduceMax", [p + "abs"], [p + "amax"], axes=[-1], keepdims=1),
            helper.make_node("Max", [p + "amax", "rowq_tiny"], [p + "range"]),
            helper.make_node("Div", ["rowq_127", p + "range"], [p + "inverse"]),
            helper.make_node("Div", [p + "range", "rowq_127"], [p + "x_scale"]),
            helper.make_node("Mul", [x, p + "inverse"], [p + "x_scaled"]),
            # Rounds half to even, adds 128 and saturates to uint8 in one pass.
            helper.make_node(
                "QuantizeLinear", [p + "x_scaled", "rowq_one", "rowq_128"], [p + "x_q"]
            ),
            helper.make_node(
                "MatMulIntegerToFloat",
                [p + "x_q", p + "w", "rowq_one", p + "w_scale", "rowq_128"],
                [p + "y_w"],
                domain="com.microsoft",
            ),
            helper.make_node("Mul", [p + "y_w", p + "x_scale"], [node.output[0]]),
        ]
    used = {name for node in nodes for name in node.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array(1e-12, np.float32), "rowq_tiny"),
            numpy_helper.from_array(np.array(127.0, np.float32), "rowq_127"),
            numpy_helper.from_array(np.array(1.0, np.float32), "rowq_one"),
            numpy_helper.from_array(np.array(128, np.uint8), "rowq_128"),
        ]
    )
    del graph.node[:]
    graph.node.extend(nodes)
    if not any(entry.domain == "com.microsoft" for entry in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(target))
    return count


def _quantize_table(node: Any, weights: dict[str, Any], graph: Any, nodes: list[Any]) -> bool:
    """Store a large lookup table (the word embeddings: 47 MB of the 58) as int8 with a scale
    per row; the rows looked up are dequantized. Loading the export then takes ~0.5 s less,
    which a cold `ask` pays; the vectors move by < 0.0001 cosine."""
    from onnx import TensorProto, helper, numpy_helper

    table = weights.get(node.input[0])
    array = numpy_helper.to_array(table) if table is not None else None
    axis = next((a.i for a in node.attribute if a.name == "axis"), 0)
    if array is None or array.ndim != 2 or array.size < 1_000_000 or axis != 0:
        return False
    scale = (np.maximum(np.abs(array).max(axis=1, keepdims=True), 1e-12) / 127.0).astype(np.float32)
    quantized = np.clip(np.round(array / scale), -127, 127).astype(np.int8)
    p = f"tableq_{node.output[0]}_"
    graph.initializer.extend(
        [
            numpy_helper.from_array(quantized, p + "rows"),
            numpy_helper.from_array(scale, p + "scale"),
        ]
    )
    nodes += [
        helper.make_node("Gather", [p + "rows", node.input[1]], [p + "picked"], axis=0),
        helper.make_node("Gather", [p + "scale", node.input[1]], [p + "picked_scale"], axis=0),
        helper.make_node("Cast", [p + "picked"], [p + "picked_float"], to=TensorProto.FLOAT),
        helper.make_node("Mul", [p + "picked_float", p + "picked_scale"], [node.output[0]]),
    ]
    return True


SPIN_KEY = "session.intra_op.allow_spinning"


class OnnxEncoder:
    """Runs an export from `ensure_onnx_export`: tokenizes, batches by length, runs the graph."""

    def __init__(self, directory: Path, *, threads: int = 0) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        try:
            info: dict[str, Any] = json.loads((directory / _INFO_FILE).read_text("utf-8"))
            options = onnxruntime.SessionOptions()
            # 0: one thread per physical core, which measured best; the graph is optimised
            # fully (layer norm, GELU and MatMul fusions) when the session is created.
            options.intra_op_num_threads = threads
            # onnxruntime's worker threads otherwise spin for a while after every run, waiting
            # for more work: a question's encoder call is followed by the keyword and dense
            # searches in this process, and on a busy 2-core machine the spinning threads took
            # their CPU (ask p50 at 100k 280-300 -> 180-195 ms, load 15-18; encoder outputs
            # identical). A worker now sleeps when it runs out of work.
            options.add_session_config_entry(SPIN_KEY, "0")
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
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
