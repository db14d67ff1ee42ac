"""BM25: rare words weigh more, a longer passage dilutes, scores are scaled by their ceiling."""

from __future__ import annotations

import pytest

from shopdesk.knowledge.bm25 import BM25


def test_a_document_sharing_no_word_scores_zero() -> None:
    index = BM25([["return", "label"], ["ship", "time"]])
    assert index.scores(["paypal"]) == [0.0, 0.0]
    assert index.scores(["return"])[1] == 0.0
    assert index.scores(["return"])[0] > 0


def test_a_rare_word_outweighs_a_common_one() -> None:
    index = BM25([["order", "return"], ["order", "ship"], ["order", "pay"]])
    assert index.idf("return") > index.idf("order") > 0


def test_the_shorter_passage_wins_on_the_same_match() -> None:
    index = BM25([["candle", "wick"], ["candle", *["word"] * 30]])
    short, long = index.scores(["candle"])
    assert short > long


def test_a_repeated_query_word_counts_once() -> None:
    index = BM25([["candle"], ["mug"]])
    assert index.scores(["candle", "candle"]) == index.scores(["candle"])


def test_no_score_reaches_the_ceiling() -> None:
    index = BM25([["gift", "wrap"], ["gift", "card", "gift"], ["ship"]])
    query = ["gift", "wrap"]
    assert max(index.scores(query)) < index.ceiling(query)
    assert index.ceiling([]) == 0


def test_an_empty_index_scores_nothing() -> None:
    assert BM25([]).scores(["x"]) == []


@pytest.mark.parametrize("k1", [0.9, 1.2, 2.0])
def test_more_occurrences_score_higher(k1: float) -> None:
    index = BM25([["wick", "wax"], ["wick", "wick", "wax"]], k1=k1, b=0.0)
    once, twice = index.scores(["wick"])
    assert twice > once
