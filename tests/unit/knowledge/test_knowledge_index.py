"""Hybrid search: BM25 and the injected embedding, one score, a threshold for "no answer", and
the shopper's own language preferred for the quote."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from shopdesk.knowledge import Article, KnowledgeIndex
from shopdesk.knowledge.index import Vectors

# A toy encoder standing in for the sentence encoder: each topic is one axis, recognised by its
# words in any language, so "meaning" crosses languages as the real one does.
TOPICS = {
    0: ("return", "devolver", "devolución", "zurück"),
    1: ("ship", "envío", "livraison", "delivery"),
    2: ("gift", "regalo", "wrap"),
}


def toy_embed(texts: Sequence[str]) -> Vectors:
    rows = []
    for text in texts:
        low = text.lower()
        vector = np.array([sum(w in low for w in words) for words in TOPICS.values()] + [0.2])
        rows.append(vector / np.linalg.norm(vector))
    return np.array(rows, dtype=np.float32)


ARTICLES = [
    Article(
        "returns", "en", "Returns", "You can return items within 30 days.\n\nRefunds take 5 days."
    ),
    Article("returns", "es", "Devoluciones", "Puedes devolver artículos en 30 días."),
    Article("shipping", "en", "Shipping", "We ship in 2 days. Delivery is free from 60 €."),
    Article("gifts", "en", "Gift wrapping", "We wrap any gift for 3.50 €.", "https://x.example/g"),
]


@pytest.fixture(scope="module")
def index() -> KnowledgeIndex:
    return KnowledgeIndex(ARTICLES, embed=toy_embed)


def test_the_best_passage_comes_first(index: KnowledgeIndex) -> None:
    hits = index.search("how long does shipping take")
    assert hits[0].article.slug == "shipping"
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_bm25_alone_needs_shared_words(index: KnowledgeIndex) -> None:
    (hit,) = index.search("¿Hacéis papel de regalo?", limit=1, mode="bm25")
    assert hit.lexical == 0
    (hit,) = index.search("¿Hacéis papel de regalo?", limit=1, mode="embedding")
    assert hit.article.slug == "gifts"


def test_the_hybrid_score_weighs_both(index: KnowledgeIndex) -> None:
    (hit,) = index.search("return items", limit=1)
    weight = index.weight_embedding
    assert hit.score == pytest.approx((1 - weight) * hit.lexical + weight * hit.semantic)
    assert 0 < hit.lexical <= 1


def test_bm25_counts_only_in_the_questions_language(index: KnowledgeIndex) -> None:
    # "Devoluciones" is a word of the Spanish article only: asked in English, it is no match.
    (spanish,) = index.search("devoluciones", locale="es", limit=1, mode="bm25")
    assert spanish.lexical > 0
    (english,) = index.search("devoluciones", locale="en", limit=1, mode="bm25")
    assert english.lexical == 0
    (anywhere,) = index.search("devoluciones", limit=1, mode="bm25")
    assert anywhere.article.locale == "es"


def test_a_spanish_question_gets_an_english_only_article(index: KnowledgeIndex) -> None:
    hit = index.answer("¿Podéis envolver un regalo?", locale="es")
    assert hit is not None
    assert (hit.article.slug, hit.article.locale) == ("gifts", "en")
    assert hit.article.url == "https://x.example/g"


def test_the_shoppers_locale_is_quoted_when_the_article_has_it(index: KnowledgeIndex) -> None:
    hit = index.answer("can I return this", locale="es")
    assert hit is not None
    assert (hit.article.slug, hit.article.locale) == ("returns", "es")
    english = index.answer("can I return this", locale="en")
    assert english is not None and english.article.locale == "en"


def test_nothing_close_enough_is_no_answer(index: KnowledgeIndex) -> None:
    assert index.answer("what is the capital of Australia", locale="en") is None
    strict = KnowledgeIndex(ARTICLES, embed=toy_embed, min_score=1.01)
    assert strict.answer("return items", locale="en") is None


def test_without_an_encoder_the_index_is_bm25_only() -> None:
    index = KnowledgeIndex(ARTICLES, min_score=0.1)
    assert index.weight_embedding == 0
    hit = index.answer("gift wrap", locale="en")
    assert hit is not None and hit.article.slug == "gifts"
    assert index.answer("¿Podéis envolver un regalo?", locale="es") is None


def test_an_empty_knowledge_base_answers_nothing() -> None:
    empty = KnowledgeIndex([], embed=toy_embed)
    assert len(empty) == 0
    assert empty.search("anything") == []
    assert empty.answer("anything", locale="en") is None
