"""Sentiment: signs per language, negation, intensifiers, emphasis, complaint patterns, VADER for
English, and per-language accuracy on our own hand-written sets (data/sentiment_<lang>.yml)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from shopdesk.nlu.component import WorkingMessage
from shopdesk.nlu.sentiment import NEGATIVE_BELOW, POSITIVE_ABOVE, SentimentScorer, label, score

DATA = Path(__file__).parent / "data"
LANGUAGES = ("en", "es", "fr", "de", "pt", "it")


def load_set(lang: str) -> list[tuple[str, str]]:
    data = yaml.safe_load((DATA / f"sentiment_{lang}.yml").read_text("utf-8"))
    assert set(data) == {"negative", "neutral", "positive"}
    return [(text, gold) for gold, texts in data.items() for text in texts]


@pytest.mark.parametrize(
    "text",
    [
        "great, thank you so much!",
        "muchas gracias, sois geniales",
        "merci, c'est parfait",
        "super, vielen Dank",
        "ótimo, muito obrigado",
        "perfetto, grazie mille",
        "👍",
    ],
)
def test_positive(text: str) -> None:
    assert score(text) > 0.3


@pytest.mark.parametrize(
    "text",
    [
        "this is terrible, worst shop ever",
        "esto es una estafa, estoy harto",
        "c'est nul, je suis très déçu",
        "das ist eine Frechheit, ich bin wütend",
        "serviço péssimo, estou farto",
        "servizio pessimo, sono arrabbiato",
        "😡",
    ],
)
def test_negative(text: str) -> None:
    assert score(text) < -0.3


@pytest.mark.parametrize(
    "text",
    [
        "I'm not happy",
        "no estoy contento",
        "je ne suis pas content",
        "ich bin nicht zufrieden",
        "não estou satisfeito",
        "non sono soddisfatto",
        "this isn't good",
    ],
)
def test_negation_flips(text: str) -> None:
    assert score(text) < 0


@pytest.mark.parametrize(
    "text", ["where is my order", "¿dónde está mi pedido?", "HX4417", "", "🙂‍↔️"[1:]]
)
def test_neutral(text: str) -> None:
    assert score(text) == 0.0


def test_intensifier_and_emphasis_strengthen() -> None:
    assert score("very bad") < score("bad") < 0
    assert score("bad!!!") < score("bad")
    assert score("THIS IS A SCAM") < score("this is a scam") < 0
    assert score("muy contento") > score("contento") > 0


def test_gratitude_is_not_negated() -> None:
    assert score("no thanks") >= 0
    assert score("no, gracias") >= 0


def test_bounded() -> None:
    assert -1.0 <= score("terrible awful horrible " * 300 + "!!!!!!") <= 1.0
    assert -1.0 <= score("😍" * 500) <= 1.0


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I still haven't received my order", "en"),
        ("3 weeks and nothing, no one answers my emails", "en"),
        ("refund now", "en"),
        ("Great, another delay. Thanks for nothing", "en"),
        ("sigo esperando y nadie contesta", "es"),
        ("toujours pas reçu mon colis, personne ne répond", "fr"),
        ("seit zwei Wochen immer noch nicht geliefert", "de"),
        ("ainda não chegou e ninguém responde", "pt"),
        ("ancora niente, nessuno risponde", "it"),
    ],
)
def test_complaint_patterns_are_negative(text: str, lang: str) -> None:
    assert score(text, lang) < NEGATIVE_BELOW
    assert score(text) < NEGATIVE_BELOW  # language unknown: all patterns run


def test_english_uses_vader_too() -> None:
    # Not in our lexicon, known to VADER.
    assert score("what a dreadfully sloppy, careless service", "en") < NEGATIVE_BELOW
    assert score("the courier was courteous and the box was pristine", "en") > POSITIVE_ABOVE


def test_shop_words_vader_would_score_stay_neutral() -> None:
    for text in ("I'd like to return my order", "can I pay by card?", "please help", "no"):
        assert label(score(text, "en")) == "neutral", text


def test_portuguese_no_is_not_a_negation() -> None:
    assert score("que descaso no atendimento", "pt") < NEGATIVE_BELOW


def test_german_compounds_by_suffix() -> None:
    assert score("schon wieder eine Signalstörung", "de") < NEGATIVE_BELOW


def test_formulas_are_not_sentiment() -> None:
    assert label(score("Where is my parcel? Best regards, Ann", "en")) == "neutral"
    assert label(score("Wo bleibt mein Paket? Mit freundlichen Grüßen", "de")) == "neutral"


def test_label_thresholds() -> None:
    assert label(NEGATIVE_BELOW - 0.01) == "negative"
    assert label(0.0) == "neutral"
    assert label(POSITIVE_ABOVE + 0.01) == "positive"


def test_scorer_component_passes_language() -> None:
    msg = WorkingMessage(text="ainda não chegou", language="pt")
    SentimentScorer().process(msg)
    assert msg.sentiment < NEGATIVE_BELOW


@pytest.mark.parametrize("lang", LANGUAGES)
def test_own_set_accuracy_and_negative_recall(lang: str) -> None:
    rows = load_set(lang)
    assert len(rows) >= 40
    for hint in (lang, None):
        predicted = [label(score(text, hint)) for text, _ in rows]
        correct = sum(p == g for p, (_, g) in zip(predicted, rows, strict=True))
        negatives = [p for p, (_, g) in zip(predicted, rows, strict=True) if g == "negative"]
        recall = sum(p == "negative" for p in negatives) / len(negatives)
        false_alarms = sum(
            p == "negative" for p, (_, g) in zip(predicted, rows, strict=True) if g != "negative"
        )
        assert correct / len(rows) >= 0.85, (lang, hint, correct / len(rows))
        assert recall >= 0.8, (lang, hint, recall)
        assert false_alarms <= 2, (lang, hint, false_alarms)


def test_fast() -> None:
    texts = [text for lang in LANGUAGES for text, _ in load_set(lang)]
    for text in texts:
        score(text)
    t0 = time.perf_counter()
    for _ in range(3):
        for text in texts:
            score(text)
    per_message_ms = (time.perf_counter() - t0) * 1000 / (3 * len(texts))
    assert per_message_ms < 1.0  # typically ~0.1 ms; loose so a busy CI machine passes
