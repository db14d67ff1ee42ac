"""Intent classification: accuracy on the held-out sets, out-of-scope, the model's arithmetic."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from shopdesk.core.types import SUPPORTED_LOCALES, Intent
from shopdesk.nlu import Pipeline
from shopdesk.nlu.intents import IntentClassifier
from shopdesk.nlu.linear import LinearTextModel
from shopdesk.nlu.normalize import normalize
from shopdesk.nlu.training import load_examples
from unit.nlu.conftest import HeldOutResult

TestSets = dict[str, list[tuple[str, str]]]
TestResults = dict[str, list[HeldOutResult]]


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_intent_accuracy_per_language(nlu_test_results: TestResults, lang: str) -> None:
    cases = nlu_test_results[lang]
    wrong = [
        (case.text, case.expected_intent, case.result.intent)
        for case in cases
        if case.result.intent != case.expected_intent
    ]
    accuracy = 1 - len(wrong) / len(cases)
    assert accuracy >= 0.95, wrong


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_language_accuracy_per_language(nlu_test_results: TestResults, lang: str) -> None:
    cases = [case for case in nlu_test_results[lang] if len(case.text.split()) > 2]
    wrong = [(case.text, case.result.language) for case in cases if case.result.language != lang]
    assert 1 - len(wrong) / len(cases) >= 0.95, wrong


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_test_sets_are_big_enough(nlu_test_sets: TestSets, lang: str) -> None:
    counts = Counter(intent for _, intent in nlu_test_sets[lang])
    assert set(counts) == {i.value for i in Intent}
    for intent in ("track_order", "contact_human_agent", "out_of_scope"):
        assert counts[intent] >= 20, intent
    for intent in ("greet", "goodbye", "thank_you"):
        assert counts[intent] >= 8, intent


def test_test_sets_are_not_in_the_training_data(nlu_test_sets: TestSets) -> None:
    trained = {normalize(ex.text) for ex in load_examples()}
    leaked = [t for cases in nlu_test_sets.values() for t, _ in cases if normalize(t) in trained]
    assert leaked == []


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_training_data_is_generous(lang: str) -> None:
    counts = Counter(ex.intent for ex in load_examples((lang,)))
    assert set(counts) == {i.value for i in Intent}
    assert counts["track_order"] >= 60
    assert counts["out_of_scope"] >= 60
    assert min(counts.values()) >= 25


def test_training_data_is_deterministic() -> None:
    assert load_examples(("en",)) == load_examples(("en",))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("where is my order HX4417", "track_order"),
        ("wheres my stuff", "track_order"),
        ("tracking number for #A1001?", "track_order"),
        ("¿dónde está mi pedido?", "track_order"),
        ("cuando llega mi paquete", "track_order"),
        ("où en est ma commande", "track_order"),
        ("wo bleibt mein Paket", "track_order"),
        ("onde está a minha encomenda", "track_order"),
        ("dov'è il mio pacco", "track_order"),
        ("agent", "contact_human_agent"),
        ("real person", "contact_human_agent"),
        ("quiero hablar con un agente", "contact_human_agent"),
        ("conseiller", "contact_human_agent"),
        ("echter Mensch", "contact_human_agent"),
        ("atendente", "contact_human_agent"),
        ("persona reale", "contact_human_agent"),
        ("hola", "greet"),
        ("bonjour", "greet"),
        ("tschüss", "goodbye"),
        ("arrivederci", "goodbye"),
        ("obrigado", "thank_you"),
        ("danke", "thank_you"),
        ("what is the capital of Peru?", "out_of_scope"),
        ("tell me a joke", "out_of_scope"),
    ],
)
def test_examples_from_the_brief(nlu_pipeline: Pipeline, text: str, intent: str) -> None:
    assert nlu_pipeline.understand(text).intent == intent


def test_ranking_is_a_distribution(nlu_pipeline: Pipeline) -> None:
    result = nlu_pipeline.understand("where is my order")
    assert result.intent_ranking[0][0] == result.intent
    assert {name for name, _ in result.intent_ranking} == {i.value for i in Intent}
    assert sum(p for _, p in result.intent_ranking) == pytest.approx(1.0, abs=1e-3)
    probs = [p for _, p in result.intent_ranking]
    assert probs == sorted(probs, reverse=True)


def test_low_confidence_becomes_out_of_scope() -> None:
    clf = IntentClassifier.__new__(IntentClassifier)
    clf.threshold = 0.45
    clf.margin = 0.5
    assert clf.decide([("track_order", 0.4), ("greet", 0.35)]) == ("out_of_scope", 0.6)
    assert clf.decide([("track_order", 0.9), ("greet", 0.05)]) == ("track_order", 0.9)
    assert clf.decide([("out_of_scope", 0.3), ("greet", 0.29)]) == ("out_of_scope", 0.3)


def test_an_intent_must_clearly_beat_out_of_scope() -> None:
    clf = IntentClassifier.__new__(IntentClassifier)
    clf.threshold = 0.2
    clf.margin = 0.5
    # 0.55 against 0.4: likelier, but by log(1.375) = 0.32 < 0.5 in log-odds.
    close = [("track_order", 0.55), ("out_of_scope", 0.4), ("greet", 0.05)]
    assert clf.decide(close) == ("out_of_scope", 0.45)
    # 0.7 against 0.3: log(2.33) = 0.85, clearly ahead.
    assert clf.decide([("track_order", 0.7), ("out_of_scope", 0.3)]) == ("track_order", 0.7)
    # out_of_scope rounded away to 0 in the ranking: nothing to compare with.
    assert clf.decide([("track_order", 0.99), ("out_of_scope", 0.0)]) == ("track_order", 0.99)
    clf.margin = 0.0
    assert clf.decide(close) == ("track_order", 0.55)


def test_linear_model_matches_scikit_learn() -> None:
    texts = ["where is my order", "hola que tal", "tell me a joke", "dónde está", "hi", "order?"]
    labels = ["a", "b", "c", "a", "b", "a"]

    features: list[dict[str, Any]] = [
        {"analyzer": "char_wb", "ngram_range": (2, 4)},
        {"ngram_range": (1, 2)},
    ]
    ours = LinearTextModel(features, c=5.0)
    ours.fit(texts, labels)
    reference = make_pipeline(
        FeatureUnion(
            [
                (str(i), TfidfVectorizer(**f, sublinear_tf=True, dtype=np.float32))
                for i, f in enumerate(features)
            ]
        ),
        LogisticRegression(C=5.0, solver="newton-cg", tol=1e-3, max_iter=300),
    ).fit(texts, labels)
    for text in [*texts, "where is it", "zzz", ""]:
        assert np.allclose(ours.predict_proba(text), reference.predict_proba([text])[0])


def test_linear_model_with_two_classes() -> None:
    model = LinearTextModel([{"ngram_range": (1, 1)}])
    model.fit(["yes please", "no thanks", "yes", "no"], ["y", "n", "y", "n"])
    reference = LogisticRegression(C=10.0, solver="newton-cg", tol=1e-3, max_iter=300)
    vec = TfidfVectorizer(sublinear_tf=True, dtype=np.float32)
    reference.fit(vec.fit_transform(["yes please", "no thanks", "yes", "no"]), ["y", "n", "y", "n"])
    for text in ["yes", "no please", "maybe"]:
        expected = reference.predict_proba(vec.transform([text]))[0]
        assert model.labels == ["n", "y"]
        assert np.allclose(model.predict_proba(text), expected)


def test_an_exact_training_text_gets_its_intent() -> None:
    texts = ["hello there", "hi", "bye now", "see you", "buongiorno", "buona giornata"]
    labels = ["greet", "greet", "goodbye", "goodbye", "greet", "goodbye"]
    clf = IntentClassifier.train(texts, labels)
    assert clf.rank("buongiorno")[0] == ("greet", 1.0)
    assert sum(p for _, p in clf.rank("buongiorno")) == 1.0
    # A text trained with two intents is left to the model.
    ambiguous = IntentClassifier.train([*texts, "buongiorno"], [*labels, "goodbye"])
    assert ambiguous.rank("buongiorno")[0][1] < 1.0
