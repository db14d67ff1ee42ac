"""A TF-IDF + logistic-regression text classifier with a fast single-text prediction path.

Used for intents and for the in-domain language model. scikit-learn is imported only when a
model is trained (it takes a second or two to import), so importing ``shopdesk.nlu`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np


class LinearTextModel:
    """TF-IDF vectorisers and a multinomial logistic regression over their concatenation.

    ``features`` are keyword arguments of scikit-learn's ``TfidfVectorizer``, one dict per block
    of features; every block uses sublinear tf and L2 norm. Training is scikit-learn's.
    Prediction for one text does the same arithmetic by hand (n-grams -> sublinear tf x idf ->
    L2 norm -> weights), because scikit-learn's per-call validation and sparse-matrix set-up
    cost ten times more than the maths on a short message.
    """

    def __init__(
        self,
        features: Sequence[Mapping[str, Any]],
        *,
        c: float = 10.0,
        dense_weight: float = 0.0,
    ) -> None:
        self._features = [dict(f) for f in features]
        self._c = c
        # A dense vector per text (a sentence embedding), scaled by this weight and appended to
        # the sparse features; 0 means none. Each sparse block has unit norm, so the weight says
        # how much the embedding counts against one block of n-grams.
        self.dense_weight = dense_weight
        self._dense = np.zeros((0, 0))
        self.labels: list[str] = []
        # Per block: the n-gram analyser, the vocabulary and a table whose rows are
        # (idf, weight per class) of each feature: one lookup per n-gram when predicting.
        self._blocks: list[tuple[Callable[[str], list[str]], dict[str, int], np.ndarray]] = []
        self._intercept = np.zeros(0)

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        balanced: bool = False,
        dense: np.ndarray | None = None,
        weights: Sequence[float] | None = None,
    ) -> None:
        """Train; ``dense`` holds one vector per text when ``dense_weight`` is set.

        ``weights`` weigh the examples (times the class balance when ``balanced``).
        """
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        # float32 makes the Newton solver four times faster; the weights are the same to 1e-5.
        vectorizers = [
            TfidfVectorizer(**f, sublinear_tf=True, norm="l2", dtype=np.float32)
            for f in self._features
        ]
        matrices = [v.fit_transform(texts) for v in vectorizers]
        if self.dense_weight:
            if dense is None or len(dense) != len(texts):
                raise ValueError("a dense vector per text is needed")
            matrices.append(csr_matrix(np.asarray(dense, dtype=np.float32) * self.dense_weight))
        head = LogisticRegression(
            C=self._c,
            solver="newton-cg",
            tol=1e-3,  # converges in a few Newton steps; 1e-4 doubles the time for nothing
            max_iter=300,
        )
        sample_weight = np.ones(len(texts)) if weights is None else np.asarray(weights, float)
        if balanced:
            from sklearn.utils.class_weight import compute_sample_weight

            sample_weight = sample_weight * compute_sample_weight("balanced", list(labels))
        head.fit(hstack(matrices).tocsr(), list(labels), sample_weight=sample_weight)
        self.labels = [str(c) for c in head.classes_]
        coef = np.asarray(head.coef_, dtype=np.float64)
        intercept = np.asarray(head.intercept_, dtype=np.float64)
        if len(self.labels) == 2:  # scikit-learn keeps one row for two classes
            coef, intercept = np.vstack([-coef[0], coef[0]]) / 2, np.array([-1, 1]) * intercept / 2
        self._intercept = intercept
        self._blocks = []
        start = 0
        for vec, m in zip(vectorizers, matrices, strict=False):
            block = coef[:, start : start + m.shape[1]].T
            idf = np.asarray(vec.idf_, dtype=np.float64)
            vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
            self._blocks.append((vec.build_analyzer(), vocab, np.column_stack([idf, block])))
            start += m.shape[1]
        self._dense = coef[:, start:].T * self.dense_weight

    def predict_proba(self, text: str, dense: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities (in ``labels`` order) of one text (and its dense vector)."""
        logits = self.logits(text, dense)
        logits -= logits.max()
        probs = np.exp(logits)
        return np.asarray(probs / probs.sum())

    def logits(self, text: str, dense: np.ndarray | None = None) -> np.ndarray:
        """The raw class scores (in ``labels`` order) of one text (and its dense vector)."""
        logits = self._intercept.copy()
        if self.dense_weight:
            if dense is None:
                raise ValueError("this model needs the text's dense vector")
            logits += np.asarray(dense, dtype=np.float64) @ self._dense
        for analyzer, vocab, table in self._blocks:
            counts: dict[int, int] = {}
            for gram in analyzer(text):
                idx = vocab.get(gram)
                if idx is not None:
                    counts[idx] = counts.get(idx, 0) + 1
            if not counts:
                continue
            rows = table[list(counts)]
            tf = np.fromiter(counts.values(), float, len(counts))
            tfidf = (1.0 + np.log(tf)) * rows[:, 0]
            logits += (tfidf / np.sqrt(tfidf @ tfidf)) @ rows[:, 1:]
        return logits
