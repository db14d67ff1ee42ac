"""Okapi BM25 over pre-tokenised passages (tokens from :mod:`shopdesk.knowledge.text`)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Final

K1: Final = 1.2
B: Final = 0.75


class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = K1, b: float = B) -> None:
        self.k1, self.b = k1, b
        self._counts = [Counter(doc) for doc in documents]
        self._lengths = [len(doc) for doc in documents]
        self._avg = (sum(self._lengths) / len(documents)) if documents else 0.0
        frequency: Counter[str] = Counter()
        for counts in self._counts:
            frequency.update(counts.keys())
        n = len(documents)
        # The "plus one" form: never negative, even for a word in most passages.
        self._idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}

    def __len__(self) -> int:
        return len(self._counts)

    def idf(self, word: str) -> float:
        return self._idf.get(word, 0.0)

    def scores(self, query: Sequence[str]) -> list[float]:
        """One score per document; 0 for a document sharing no word with the query."""
        words = [w for w in dict.fromkeys(query) if w in self._idf]
        result: list[float] = []
        for counts, length in zip(self._counts, self._lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self._avg) if self._avg else self.k1
            score = 0.0
            for word in words:
                tf = counts.get(word, 0)
                if tf:
                    score += self._idf[word] * tf * (self.k1 + 1) / (tf + norm)
            result.append(score)
        return result

    def ceiling(self, query: Sequence[str]) -> float:
        """The most a document could score for ``query`` (every word, very often): a scale that
        turns a score into a share between 0 and 1 that means the same for any question."""
        return sum(self.idf(w) * (self.k1 + 1) for w in dict.fromkeys(query))
