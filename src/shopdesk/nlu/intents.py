"""Intent classification: character and word n-grams plus a sentence embedding, one linear head.

One model serves all six languages: the character n-grams (within word boundaries) carry
spelling variants and typos, the word n-grams carry phrases, the multilingual sentence embedding
(see :mod:`shopdesk.nlu.embeddings`) carries meaning across wordings and languages ("get my money
back" near "refund"), and nothing depends on the language detector having been right. The three
blocks feed one logistic regression: measured on held-out data, it beats either kind of feature
alone (docs/BENCHMARKS.md). Out-of-scope is an explicit class trained on varied off-topic
messages; on top of that, a message is out of scope when its best in-scope intent is less likely
than ``threshold``, or not clearly more likely than out-of-scope: its log-odds against the
out_of_scope class must reach ``margin`` (a logit margin, measured best on validation data
among max-probability, energy and margin rules: docs/BENCHMARKS.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np

from shopdesk.core.nlu import Entity
from shopdesk.core.types import Intent
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.embeddings import embedding_text, encode
from shopdesk.nlu.linear import LinearTextModel
from shopdesk.nlu.normalize import collapse_repeats, normalize

# Both chosen on held-out data (python -m bench.intent_heads, docs/BENCHMARKS.md). At 0.2 the
# trained out_of_scope class does most of the rejecting and shop questions are rarely refused.
DEFAULT_THRESHOLD: Final = 0.2
# The best in-scope intent must beat out_of_scope by this much in log-odds (e^0.5 = 1.65 times as
# likely): chosen on CLINC150's validation data (python -m bench.oos_decision), it rejects more
# off-topic requests than a higher threshold would, for the same share of shop questions kept.
DEFAULT_MARGIN: Final = 0.5
# How much the embedding counts against one (unit-norm) block of n-grams: 0.5 beat 1.0.
EMBEDDING_WEIGHT: Final = 0.5
# Entities become placeholder words, so "where is HX4417" and "where is #1001" look the same to
# the classifier. Made-up words: they collide with nothing in six languages.
PLACEHOLDERS: Final[dict[str, str]] = {
    "order_number": "xordnumx",
    "email": "xemailx",
    "postal_code": "xpostx",
    "phone": "xphonex",
}
# Only the start of a very long message is classified: it states the request, and char n-grams
# of 2,000 characters would cost more than the rest of the turn.
_MAX_CHARS: Final = 600


def intent_text(text: str, entities: Sequence[Entity]) -> str:
    """What the classifier sees: ``text`` with entities as placeholders, normalised."""
    parts: list[str] = []
    pos = 0
    for ent in sorted(entities, key=lambda e: (e.start, e.type != "order_number")):
        if ent.start < pos:  # the postal-code reading of an order number's span
            continue
        parts += [text[pos : ent.start], f" {PLACEHOLDERS.get(ent.type, 'xentityx')} "]
        pos = ent.end
    parts.append(text[pos:])
    return normalize(collapse_repeats("".join(parts))[:_MAX_CHARS])


class IntentClassifier(Component):
    """Fills ``intent_text``, ``intent_ranking``, ``intent`` and ``confidence``."""

    name = "intent_classifier"

    def __init__(
        self,
        model: LinearTextModel,
        threshold: float = DEFAULT_THRESHOLD,
        exact: dict[str, str] | None = None,
        margin: float = DEFAULT_MARGIN,
    ) -> None:
        self._model = model
        self.threshold = threshold
        self.margin = margin
        # Training texts whose every example has the same intent: a message that is exactly
        # one of them gets that intent. What a shop trained, the bot answers, whatever the
        # regularised model makes of a one-word message like "buongiorno".
        self._exact = exact or {}

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        embeddings: np.ndarray | None = None,
        weights: Sequence[float] | None = None,
    ) -> IntentClassifier:
        """Fit on prepared texts (see :func:`intent_text`) and their sentence embeddings.

        Without ``embeddings`` the model uses n-grams only (and never embeds a message).
        """
        model = LinearTextModel(
            [
                # Characters within words: spelling variants, typos, inflections.
                {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 2},
                # Words and word pairs: phrases ("real person", "wo bleibt").
                {"ngram_range": (1, 2)},
            ],
            # C = 5 fits in half the time of C = 10 for about the same held-out accuracy.
            c=5.0,
            dense_weight=EMBEDDING_WEIGHT if embeddings is not None else 0.0,
        )
        model.fit(texts, labels, balanced=True, dense=embeddings, weights=weights)
        seen: dict[str, set[str]] = {}
        for text, label in zip(texts, labels, strict=True):
            seen.setdefault(text.strip(), set()).add(label)
        exact = {text: next(iter(ls)) for text, ls in seen.items() if len(ls) == 1 and text}
        return cls(model, threshold, exact)

    @property
    def labels(self) -> list[str]:
        return list(self._model.labels)

    @property
    def uses_embeddings(self) -> bool:
        return bool(self._model.dense_weight)

    def logits(self, prepared: str, embedding: np.ndarray | None = None) -> np.ndarray:
        """The raw class scores (in ``labels`` order) of one prepared text, for measurements."""
        return self._model.logits(prepared, embedding)

    def rank(self, prepared: str, embedding: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Intents with probabilities for one prepared text, most likely first."""
        if not prepared.strip():
            return [(Intent.OUT_OF_SCOPE.value, 1.0)]
        known = self._exact.get(prepared.strip())
        if known is not None:
            return [(known, 1.0)] + [(label, 0.0) for label in self.labels if label != known]
        probs = self._model.predict_proba(prepared, embedding)
        order = np.argsort(-probs)
        return [(self._model.labels[i], round(float(probs[i]), 4)) for i in order]

    def decide(self, ranking: Sequence[tuple[str, float]]) -> tuple[str, float]:
        """The intent to act on and its confidence.

        Out of scope when out_of_scope ranks first, when the best in-scope intent is below the
        threshold, or when it is not ``margin`` log-odds more likely than out_of_scope; then the
        confidence is 1 - p(best in-scope intent): how sure we are that it is *not* that guess.
        """
        oos = Intent.OUT_OF_SCOPE.value
        best, p = ranking[0]
        if best == oos:
            return best, p
        p_oos = next((q for label, q in ranking if label == oos), 0.0)
        if p < self.threshold or (p_oos > 0 and math.log(p / p_oos) < self.margin):
            return oos, round(1.0 - p, 4)
        return best, p

    def process(self, msg: WorkingMessage) -> None:
        msg.intent_text = intent_text(msg.clean or msg.text, msg.entities)
        embedding = None
        if self.uses_embeddings:
            embedding = msg.embedding
            if embedding is None:  # a pipeline without an embedder before this component
                embedding = encode([embedding_text(msg.clean or msg.text, msg.entities)])[0]
        msg.intent_ranking = self.rank(msg.intent_text, embedding)
        msg.intent, msg.confidence = self.decide(msg.intent_ranking)
