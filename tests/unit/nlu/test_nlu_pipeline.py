"""The whole pipeline: result shape, robustness on any string, speed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from shopdesk.core.nlu import NLUResult
from shopdesk.core.types import SUPPORTED_LOCALES, Intent
from shopdesk.nlu import Component, Pipeline, WorkingMessage
from shopdesk.nlu.component import WorkingMessage as _WM
from shopdesk.nlu.entities import DEFAULT_ORDER_NUMBER_PATTERN
from shopdesk.nlu_models import _cache_file, load_pipeline
from shopdesk.settings import Settings
from support.shop_model import TrainedShopModel

INTENTS = {i.value for i in Intent}


def check(result: NLUResult, text: str) -> None:
    assert result.text == text
    assert result.intent in INTENTS
    assert 0.0 <= result.confidence <= 1.0
    assert result.language in (*SUPPORTED_LOCALES, None)
    assert 0.0 <= result.language_confidence <= 1.0
    assert -1.0 <= result.sentiment <= 1.0
    for ent in result.entities:
        assert text[ent.start : ent.end] == ent.raw


def test_a_typical_message(nlu_pipeline: Pipeline) -> None:
    text = "Hola, ¿dónde está mi pedido #HX-4417? Mi email es Ana@Example.com"
    result = nlu_pipeline.understand(text)
    check(result, text)
    assert result.language == "es"
    assert result.intent == "track_order"
    assert result.confidence > 0.8
    assert result.first("order_number") is not None
    assert result.first("order_number").value == "HX4417"  # type: ignore[union-attr]
    assert [e.value for e in result.all("email")] == ["ana@example.com"]
    assert result.normalized.startswith("hola donde esta mi pedido")


def test_entity_only_messages_never_crash(nlu_pipeline: Pipeline) -> None:
    for text in ["HX4417", "#1001", "ana@x.com", "28001", "SW1A 1AA", "+34 612 345 678"]:
        result = nlu_pipeline.understand(text)
        check(result, text)
        assert result.entities
        assert result.language is None


def _random_texts() -> list[str]:
    rng = random.Random(7)
    alphabet = (
        "abcxyz ÄÖÜßéèñçãõ  0123456789#@.,;:!?¿¡-_/\\'\"()[]{}€$£%&*+=<>|~^`"
        "\n\t\r\x00\x07\x1b\u200b\u200d\ufeff\u202e😀😡👍🏽🙏❤️中文字русскийالعربية"
        "\ud800\udfff\U0010ffff"
    )
    texts = ["", " ", "\n", "\x00", "\ud83d", "a" * 2000, "ñ" * 2000, "where is my order " * 120]
    for _ in range(200):
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))))
    return texts


def test_any_string_goes_through_every_component(nlu_pipeline: Pipeline) -> None:
    # run() has no safety net: a bug in a component would show here.
    for text in _random_texts():
        msg = nlu_pipeline.run(text)
        assert msg.intent in INTENTS


def test_understand_never_raises(nlu_pipeline: Pipeline) -> None:
    for text in _random_texts():
        check(nlu_pipeline.understand(text, hint_locale="xx-YY"), text)


def test_very_long_text_is_cut_but_kept(nlu_pipeline: Pipeline) -> None:
    text = "where is my order HX4417 " + "blah " * 5000
    result = nlu_pipeline.understand(text)
    assert result.text == text
    assert result.intent == "track_order"


class _Broken(Component):
    name = "broken"

    def process(self, msg: WorkingMessage) -> None:
        raise RuntimeError("bug")


def test_a_failing_component_degrades_to_out_of_scope(caplog: pytest.LogCaptureFixture) -> None:
    result = Pipeline([_Broken()]).understand("hello")
    assert (result.intent, result.confidence, result.language) == ("out_of_scope", 0.0, None)
    assert "NLU pipeline failed" in caplog.text


class _SpanishOnly(Component):
    name = "spanish_only"
    supported_languages = frozenset({"es"})

    def process(self, msg: _WM) -> None:
        msg.sentiment = 0.5


def test_components_only_run_for_their_languages(nlu_pipeline: Pipeline) -> None:
    pipeline = Pipeline([*nlu_pipeline.components, _SpanishOnly()])
    assert pipeline.run("muchas gracias por todo").sentiment == 0.5
    assert pipeline.run("vielen Dank für alles").sentiment != 0.5


def test_custom_order_number_pattern(shop_nlu_model: TrainedShopModel, tmp_path: Path) -> None:
    # A shop with its own order numbers trains its model for them (`shopdesk nlu train` reads
    # SHOPDESK_ORDER_NUMBER_PATTERN); the server runs it for that pattern.
    pattern = shop_nlu_model.order_number_pattern
    settings = Settings(
        order_number_pattern=pattern, nlu_model_path=shop_nlu_model.path, nlu_cache_dir=tmp_path
    )
    pipeline = load_pipeline(settings)
    assert pipeline.info is not None and pipeline.info.extra_examples > 0  # the shop's model
    assert pipeline.info.order_number_pattern == pattern
    result = pipeline.understand("where is SO-123456 and 4417")
    assert [e.value for e in result.all("order_number")] == ["SO123456"]
    assert result.intent == "track_order"
    assert not any(tmp_path.iterdir())  # nothing was built


def test_the_model_cache_keeps_one_model_per_order_number_pattern(tmp_path: Path) -> None:
    data = "0" * 64  # the built-in data's hash
    default = _cache_file(tmp_path, data, DEFAULT_ORDER_NUMBER_PATTERN)
    assert _cache_file(tmp_path, data, r"SO-\d{6}") != default
    assert _cache_file(tmp_path, data, DEFAULT_ORDER_NUMBER_PATTERN) == default
    assert _cache_file(tmp_path, "1" * 64, DEFAULT_ORDER_NUMBER_PATTERN) != default
