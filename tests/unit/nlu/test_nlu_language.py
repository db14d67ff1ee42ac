"""Language detection: short greetings, entity-only texts, other scripts, the hint."""

from __future__ import annotations

import pytest

from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu import Pipeline
from shopdesk.nlu.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()  # fastText + marker words, without the in-domain model


SHORT = [
    ("hola", "es"),
    ("gracias", "es"),
    ("adiós", "es"),
    ("merci", "fr"),
    ("bonjour", "fr"),
    ("salut", "fr"),
    ("au revoir", "fr"),
    ("danke", "de"),
    ("hallo", "de"),
    ("tschüss", "de"),
    ("guten morgen", "de"),
    ("obrigado", "pt"),
    ("olá", "pt"),
    ("tchau", "pt"),
    ("bom dia", "pt"),
    ("grazie", "it"),
    ("ciao", "it"),
    ("buongiorno", "it"),
    ("arrivederci", "it"),
    ("hello", "en"),
    ("thanks", "en"),
    ("bye", "en"),
]


@pytest.mark.parametrize(("text", "lang"), SHORT)
def test_short_texts_without_domain_model(detector: LanguageDetector, text: str, lang: str) -> None:
    assert detector.detect(text)[0] == lang


@pytest.mark.parametrize(("text", "lang"), SHORT)
def test_short_texts_in_the_pipeline(nlu_pipeline: Pipeline, text: str, lang: str) -> None:
    assert nlu_pipeline.understand(text).language == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿dónde está mi pedido?", "es"),
        ("cuando llega mi paquete", "es"),
        ("où en est ma commande", "fr"),
        ("wo bleibt mein Paket", "de"),
        ("onde está a minha encomenda", "pt"),
        ("rastreie o pacote por favor", "pt"),
        ("dov'è il mio pacco", "it"),
        ("where is my order", "en"),
    ],
)
def test_sentences(nlu_pipeline: Pipeline, text: str, lang: str) -> None:
    assert nlu_pipeline.understand(text).language == lang


@pytest.mark.parametrize(
    "text",
    [
        "HX4417",
        "#A1001",
        "4417",
        "ana.garcia@gmail.com",
        "28001",
        "SW1A 1AA",
        "+34 612 345 678",
        "12345 ana@x.com",
        "",
        "   ",
        "?!",
        "👍",
    ],
)
def test_no_language_in_entities_digits_or_symbols(nlu_pipeline: Pipeline, text: str) -> None:
    result = nlu_pipeline.understand(text, hint_locale="fr")
    assert (result.language, result.language_confidence) == (None, 0.0)


@pytest.mark.parametrize("text", ["你好，我的订单在哪里", "где мой заказ", "مرحبا، أين طلبي"])
def test_other_scripts_are_no_supported_language(nlu_pipeline: Pipeline, text: str) -> None:
    assert nlu_pipeline.understand(text).language is None


def test_hint_breaks_ties_on_ambiguous_words(nlu_pipeline: Pipeline) -> None:
    # "no" is a word in four of our languages: the conversation's language wins.
    for hint in ("en", "es", "it"):
        assert nlu_pipeline.understand("no", hint_locale=hint).language == hint
    assert nlu_pipeline.understand("ok", hint_locale="de-AT").language == "de"


def test_hint_does_not_override_clear_evidence(nlu_pipeline: Pipeline) -> None:
    assert nlu_pipeline.understand("vielen Dank", hint_locale="es").language == "de"
    assert nlu_pipeline.understand("merci", hint_locale="es").language == "fr"
    assert nlu_pipeline.understand("hola", hint_locale="en").language == "es"
    assert nlu_pipeline.understand("grazie", hint_locale="pt").language == "it"


def test_language_is_always_supported_or_none(nlu_pipeline: Pipeline) -> None:
    for text in ["asdfgh", "lorem ipsum dolor sit amet", "dankjewel", "tack så mycket", "ok"]:
        assert nlu_pipeline.understand(text).language in (*SUPPORTED_LOCALES, None)
