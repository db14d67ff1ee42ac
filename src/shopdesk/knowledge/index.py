"""Hybrid search over passages: BM25 on words plus cosine on multilingual sentence embeddings.

The two scores are put on one scale and added with weights (:data:`WEIGHT_EMBEDDING`):

* BM25 is divided by its ceiling for the question (:meth:`BM25.ceiling`), so 0.6 means "most of
  the question's weight is matched", whatever the question's length;
* the cosine is taken as it is (vectors are unit length).

BM25 counts only for passages in the question's language (when it is known): a word shared
with an article in another language is a coincidence ("Madrid", "morgen"), not a match, and
letting it count made unrelated questions look answered.

A weighted sum, unlike reciprocal-rank fusion, keeps an absolute score, which the caller needs
to tell "no good answer" from a weak best answer; on our question set it also ranks better (see
``bench/faq_eval.py`` and docs/BENCHMARKS.md). BM25 carries exact words (a product, "PayPal");
the embedding carries meaning across wordings and languages, so a Spanish question finds an
article written only in English.

The embed function is injected (the NLU's encoder in the server), so this package needs no model
of its own; without one the index is BM25 only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from shopdesk.knowledge.bm25 import BM25
from shopdesk.knowledge.passages import Article, Passage, split_articles
from shopdesk.knowledge.text import tokens

Vectors = npt.NDArray[np.float32]
Embed = Callable[[Sequence[str]], Vectors]
Mode = Literal["hybrid", "bm25", "embedding"]

# Measured with bench/faq_eval.py: 0.7-0.8 rank best; 0.8 leaves a single matching word (a
# city, "tomorrow") too little weight to lift an unrelated question over the threshold.
WEIGHT_EMBEDDING: Final = 0.8
# Below this hybrid score the best passage is not an answer: on our question set every
# unanswerable question stays below; of 68 answerable ones 52 are answered right, 3 wrongly and
# 13 refused (mostly questions to an article in another language).
MIN_SCORE: Final = 0.24


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    lexical: float  # BM25 share of the ceiling, 0..1
    semantic: float  # cosine, -1..1

    @property
    def article(self) -> Article:
        return self.passage.article


class KnowledgeIndex:
    """Passages of a set of articles, searchable by words and by meaning. Immutable once built:
    a refreshed knowledge base is a new index."""

    def __init__(
        self,
        articles: Sequence[Article],
        embed: Embed | None = None,
        *,
        weight_embedding: float = WEIGHT_EMBEDDING,
        min_score: float = MIN_SCORE,
    ) -> None:
        self.articles = tuple(articles)
        self.passages = split_articles(self.articles)
        self._embed = embed
        self.weight_embedding = weight_embedding if embed is not None else 0.0
        self.min_score = min_score
        # The title and the heading are part of every passage's words and meaning: "How long
        # does delivery take" should match a list of countries under "Shipping times".
        self._bm25 = BM25([tokens(self._context(p)) for p in self.passages])
        self._vectors: Vectors | None = None
        if embed is not None and self.passages:
            self._vectors = embed([self._context(p) for p in self.passages])

    @staticmethod
    def _context(passage: Passage) -> str:
        heading = f"{passage.section}. " if passage.section else ""
        return f"{passage.article.title}. {heading}{passage.text}"

    def __len__(self) -> int:
        return len(self.passages)

    def locales_of(self, slug: str) -> frozenset[str]:
        return frozenset(a.locale for a in self.articles if a.slug == slug)

    def search(
        self, question: str, *, locale: str | None = None, limit: int = 5, mode: Mode = "hybrid"
    ) -> list[Hit]:
        """The best passages for ``question`` (written in ``locale``, if known), best first,
        whatever their score (see :meth:`answer`)."""
        if not self.passages:
            return []
        words = tokens(question)
        ceiling = self._bm25.ceiling(words)
        raw = self._bm25.scores(words)
        lexical = [
            min(1.0, s / ceiling) if ceiling and locale in (None, p.article.locale) else 0.0
            for s, p in zip(raw, self.passages, strict=True)
        ]
        semantic = [0.0] * len(self.passages)
        if self._vectors is not None and self._embed is not None:
            query = self._embed([question])[0]
            semantic = [float(x) for x in self._vectors @ query]
        weight = {"hybrid": self.weight_embedding, "bm25": 0.0, "embedding": 1.0}[mode]
        hits = [
            Hit(p, (1 - weight) * lex + weight * sem, lex, sem)
            for p, lex, sem in zip(self.passages, lexical, semantic, strict=True)
        ]
        hits.sort(key=lambda h: (-h.score, h.passage.key))
        return hits[:limit]

    def answer(self, question: str, *, locale: str) -> Hit | None:
        """The passage to quote for ``question``, or None when nothing answers it well.

        The article is the one the best passage belongs to; when that article exists in
        ``locale`` (the shopper's), the quote is that version's best passage, otherwise the
        passage is quoted in the language the article has.
        """
        hits = self.search(question, locale=locale, limit=len(self.passages))
        if not hits or hits[0].score < self.min_score:
            return None
        best = hits[0]
        if best.article.locale == locale or locale not in self.locales_of(best.article.slug):
            return best
        # The same article in the shopper's language: its best passage, whatever its score
        # (the article was judged on the best passage of any version).
        slug = best.article.slug
        return next(
            (h for h in hits if h.article.slug == slug and h.article.locale == locale), best
        )
