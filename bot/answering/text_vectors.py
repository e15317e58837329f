"""Vectors of the sentences, headlines and words an answer compares, remembered across
questions.

Embedding the candidate sentences was a third of an extractive answer's cost, and the same
reports answer many questions: over the 100 multihop-dev questions the answerer embedded 528
sentences, of which 295 were distinct. The default encoder's vectors do not depend on the
batch they were computed in (the int8 export scales activations per row; a sentence alone and
in a batch differ by < 1e-7), so a remembered vector is the one a new batch would give. With
the fp32 backends (`onnx`, `torch`) padding moves a vector by about 1e-6, which could only
decide an exact tie between two sentences.

Sentences are also stored at ingestion (`vectorstore.sentence_vectors`): a sentence not
remembered here is read from there before anything is encoded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

__all__ = ["TextVectors"]


class TextVectors:
    """`encode`'s vectors, the `size` most recently used kept; `stored` looks up vectors
    computed before (at ingestion) for the texts not remembered."""

    def __init__(
        self,
        encode: Callable[[Sequence[str]], np.ndarray],
        size: int,
        stored: Callable[[Sequence[str]], Mapping[str, np.ndarray]] | None = None,
    ) -> None:
        self._encode = encode
        self._stored = stored
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        # Answers run in several threads at once (the Telegram bot's workers).
        self._lock = threading.Lock()

    def encode(
        self, texts: Sequence[str], *, meanwhile: Callable[[], object] | None = None
    ) -> np.ndarray:
        """One row per text, in order; only the texts not remembered reach the encoder, in
        one batch. `meanwhile` is called just before the encoder runs, and only if it runs:
        work to start in another thread while the encoder holds this one."""
        distinct = list(dict.fromkeys(texts))
        with self._lock:
            known = {t: v for t in distinct if (v := self._vectors.get(t)) is not None}
            for text in known:
                self._vectors.move_to_end(text)
        missing = [t for t in distinct if t not in known]
        if missing:
            fresh = dict(self._stored(missing)) if self._stored is not None else {}
            unstored = [t for t in missing if t not in fresh]
            if unstored:
                if meanwhile is not None:
                    meanwhile()
                # Copies: a row of the encoder's batch would keep the whole batch alive.
                encoded = self._encode(unstored)
                fresh.update((t, v.copy()) for t, v in zip(unstored, encoded, strict=True))
            with self._lock:
                self._vectors.update(fresh)
                for text in fresh:
                    self._vectors.move_to_end(text)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
            known.update(fresh)
        if not texts:
            return self._encode([])
        return np.stack([known[t] for t in texts])

    def similarity(self, first: str, second: str) -> float:
        """Cosine similarity of two texts (the encoder's vectors are normalised)."""
        vectors = self.encode([first, second])
        return float(vectors[0] @ vectors[1])
