"""Sentiment: the lexicon (signs per language, negation, intensifiers, emphasis, complaint
patterns, VADER for English), the embedding head, and per-language accuracy of the blended scorer
on our own hand-written sets: data/sentiment_<lang>.yml and the held-out
data/sentiment_heldout_<lang>.yml (written apart from the training data, never trained on)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml

from shopdesk.nlu import Pipeline
from shopdesk.nlu.component import WorkingMessage
from shopdesk.nlu.sentiment import (
    NEGATIVE_BELOW,
    POSITIVE_ABOVE,
    SentimentScorer,
    label,
    lexicon_score,
)
from shopdesk.nlu.sentiment_model import CLASSES, load_sentiment_examples

score = lexicon_score  # most tests below are about the lexicon half

DATA = Path(__file__).parent / "data"
LANGUAGES = ("en", "es", "fr", "de", "pt", "it")


def load_set(lang: str, kind: str = "") -> list[tuple[str, str]]:
    data = yaml.safe_load((DATA / f"sentiment_{kind}{lang}.yml").read_text("utf-8"))
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


@pytest.fixture(scope="module")
def scorer(nlu_pipeline: Pipeline) -> SentimentScorer:
    found = [c for c in nlu_pipeline.components if isinstance(c, SentimentScorer)]
    assert len(found) == 1 and found[0].head is not None
    return found[0]


def rates(
    scorer: SentimentScorer, rows: list[tuple[str, str]], hint: str | None
) -> tuple[float, float, int]:
    """Accuracy, negative recall and false alarms (non-negatives scored negative)."""
    predicted = [label(scorer.score(text, hint)) for text, _ in rows]
    pairs = list(zip(predicted, (g for _, g in rows), strict=True))
    negatives = [p for p, g in pairs if g == "negative"]
    return (
        sum(p == g for p, g in pairs) / len(pairs),
        sum(p == "negative" for p in negatives) / len(negatives),
        sum(p == "negative" and g != "negative" for p, g in pairs),
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_own_set_accuracy_and_negative_recall(scorer: SentimentScorer, lang: str) -> None:
    rows = load_set(lang)
    assert len(rows) >= 40
    for hint in (lang, None):
        acc, recall, false_alarms = rates(scorer, rows, hint)
        assert acc >= 0.85, (lang, hint, acc)
        assert recall >= 0.8, (lang, hint, recall)
        assert false_alarms <= 3, (lang, hint, false_alarms)


# Measured with the bundled data (accuracy, negative recall, language given or not):
# en 0.90 0.85, es 0.92 0.85, fr 0.82 0.85, de 0.85 0.85, pt 0.90 0.85, it 0.88 0.90; the lexicon
# alone scores 0.58-0.78. The floors sit a few points lower, so a broken head fails them.
HELD_OUT_FLOORS = {"en": 0.83, "es": 0.85, "fr": 0.75, "de": 0.78, "pt": 0.83, "it": 0.82}
NEGATIVE_RECALL_FLOOR = 0.75


@pytest.mark.parametrize("lang", LANGUAGES)
def test_held_out_accuracy_and_negative_recall(scorer: SentimentScorer, lang: str) -> None:
    rows = load_set(lang, "heldout_")
    for cls in CLASSES:
        assert sum(g == cls for _, g in rows) >= 20, (lang, cls)
    training = {text for text, _, _ in load_sentiment_examples()}
    assert not training & {text for text, _ in rows}, "held-out sentences must not be trained on"
    for hint in (lang, None):
        acc, recall, _ = rates(scorer, rows, hint)
        assert acc >= HELD_OUT_FLOORS[lang], (lang, hint, acc)
        assert recall >= NEGATIVE_RECALL_FLOOR, (lang, hint, recall)


def test_head_catches_complaints_without_angry_words(scorer: SentimentScorer) -> None:
    for text, lang in [
        ("I've been chasing this for a month", "en"),
        ("Llevo un mes detrás de esto", "es"),
        ("Ça fait un mois que je vous relance", "fr"),
        ("Ich renne dem seit einem Monat hinterher", "de"),
    ]:
        assert label(scorer.score(text, lang)) == "negative", text


def test_scorer_uses_the_pipeline_embedding(scorer: SentimentScorer) -> None:
    # The head reads msg.embedding when the Embedder filled it: a different vector, a different
    # score (here the embedding of an angry message under a neutral text).
    angry = scorer.score("this is a disgrace, I want my money back", "en")
    from shopdesk.nlu import embeddings

    vector = embeddings.encode(["this is a disgrace, I want my money back"])[0]
    msg = WorkingMessage(text="the parcel", language="en", embedding=vector)
    scorer.process(msg)
    assert msg.sentiment < NEGATIVE_BELOW
    assert msg.sentiment == scorer.score("the parcel", "en", vector)
    assert angry < NEGATIVE_BELOW


def test_scorer_pickles_without_the_encoder(scorer: SentimentScorer) -> None:
    data = pickle.dumps(scorer)
    assert len(data) < 20_000  # 3 x 512 float32 weights, nothing else
    copy = pickle.loads(data)
    assert copy.score("thank you so much", "en") == scorer.score("thank you so much", "en")


def test_a_scorer_pickled_before_the_head_existed_still_scores() -> None:
    old = SentimentScorer.__new__(SentimentScorer)  # no instance attributes, as an old pickle
    assert old.head is None
    assert old.score("this is terrible", "en") == lexicon_score("this is terrible", "en")


def test_bounded_blend(scorer: SentimentScorer) -> None:
    for text in ("terrible awful horrible " * 300 + "!!!!!!", "😍" * 500, "", "HX4417"):
        assert -1.0 <= scorer.score(text) <= 1.0
