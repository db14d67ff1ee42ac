"""The learned half of sentiment: a 3-class logistic regression over sentence embeddings.

Trained on shopdesk's own hand-written messages (``sentiment_data/<lang>.yml``, expanded like the
intent data by :func:`shopdesk.nlu.training.expand`) when the pipeline is built. The multilingual
encoder puts "still nothing", "toujours rien" and "immer noch nichts" close together, so the head
catches complaints the lexicon has no word or pattern for, in every language.

Only the weights are kept (a 3 x 512 matrix and 3 intercepts): the model pickles in a few KB,
never holds the encoder, and one prediction is a matrix-vector product, not a scikit-learn call
(whose input validation costs more than the arithmetic on one vector, as in ``linear.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import Any, Final

import numpy as np
import yaml

from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu.training import expand

CLASSES: Final = ("negative", "neutral", "positive")
# Regularisation of the logistic regression. Measured with C = 1, 3 and 10 (bench.nlu_eval's
# sentiment sets, with HEAD_WEIGHT and the thresholds): the differences are a point or two.
DEFAULT_C: Final = 2.0
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_sentiment_examples(
    languages: Sequence[str] = SUPPORTED_LOCALES,
) -> list[tuple[str, str, str]]:
    """(text, class, language) of the bundled sentiment data, in a stable order."""
    out: list[tuple[str, str, str]] = []
    for lang in languages:
        text = (
            resources.files("shopdesk.nlu")
            .joinpath("sentiment_data", f"{lang}.yml")
            .read_text("utf-8")
        )
        spec = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader, the C one if built
        unknown = set(spec["classes"]) - set(CLASSES)
        if unknown:
            raise ValueError(f"sentiment_data/{lang}.yml: unknown classes {sorted(unknown)}")
        # The intent expander reads "intents"; here the "intents" are the three classes.
        body = {"slots": spec.get("slots") or {}, "intents": spec["classes"]}
        if "per_template" in spec:
            body["per_template"] = spec["per_template"]
        out.extend((t, cls, lang) for t, cls in expand(body, seed=f"sentiment-{lang}"))
    return out


class SentimentHead:
    """Class probabilities (``CLASSES`` order) of an L2-normalised sentence embedding."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray) -> None:
        if coef.shape[0] != len(CLASSES) or intercept.shape != (len(CLASSES),):
            raise ValueError(f"expected {len(CLASSES)} classes, got weights {coef.shape}")
        # float32 like the embeddings: no conversion per message.
        self.coef = np.ascontiguousarray(coef.T, dtype=np.float32)  # (dims, classes)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    @classmethod
    def fit(
        cls, embeddings: np.ndarray, labels: Sequence[str], *, c: float = DEFAULT_C
    ) -> SentimentHead:
        """Train on embeddings (n x dims) and their classes; every class must be present."""
        from sklearn.linear_model import LogisticRegression

        missing = set(CLASSES) - set(labels)
        if missing:
            raise ValueError(f"no training examples for {sorted(missing)}")
        # Balanced: the classes are of unequal size, and the share of angry messages in our
        # data says nothing about their share in a shop's traffic.
        model = LogisticRegression(C=c, max_iter=1000, class_weight="balanced")
        model.fit(np.asarray(embeddings, dtype=np.float64), list(labels))
        order = [list(model.classes_).index(name) for name in CLASSES]
        return cls(np.asarray(model.coef_)[order], np.asarray(model.intercept_)[order])

    def proba(self, embedding: np.ndarray) -> np.ndarray:
        """Probabilities of one embedding (or of each row of a matrix)."""
        logits = np.asarray(embedding, dtype=np.float32) @ self.coef + self.intercept
        logits = logits - logits.max(axis=-1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=-1, keepdims=True))

    def polarity(self, embedding: np.ndarray) -> float:
        """p(positive) - p(negative) of one embedding, in -1..1."""
        p = self.proba(embedding)
        return float(p[2] - p[0])
