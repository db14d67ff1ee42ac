"""Which NLU model the server runs: the shop's trained one, the cached built-in one, or a build."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from shopdesk.nlu.pipeline import Pipeline, builtin_hash
from shopdesk.nlu_models import _cache_file, load_pipeline
from shopdesk.settings import Settings


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    # The cached built-in model (built once if this machine has none yet).
    return load_pipeline(Settings()).to_bytes()


def _settings(tmp_path: Path, **kwargs: object) -> Settings:
    return Settings(nlu_cache_dir=tmp_path, **kwargs)  # type: ignore[arg-type]


def test_a_cached_model_is_loaded_not_rebuilt(tmp_path: Path, model_bytes: bytes) -> None:
    settings = _settings(tmp_path)
    cached = _cache_file(tmp_path, builtin_hash(), settings.order_number_pattern)
    cached.write_bytes(model_bytes)
    before = cached.stat().st_mtime_ns
    pipeline = load_pipeline(settings)
    assert pipeline.understand("where is my order HX4417?").intent == "track_order"
    assert cached.stat().st_mtime_ns == before


def test_the_shops_model_is_used_when_configured(tmp_path: Path, model_bytes: bytes) -> None:
    model = tmp_path / "shop-model.bin"
    model.write_bytes(model_bytes)
    pipeline = load_pipeline(_settings(tmp_path / "cache", nlu_model_path=model))
    assert isinstance(pipeline, Pipeline)
    assert not (tmp_path / "cache").exists()  # nothing was built or cached


def test_an_unusable_shop_model_falls_back_with_a_warning(
    tmp_path: Path, model_bytes: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.bin"
    broken.write_bytes(b"not a model")
    settings = _settings(tmp_path, nlu_model_path=broken)
    _cache_file(tmp_path, builtin_hash(), settings.order_number_pattern).write_bytes(model_bytes)
    with caplog.at_level(logging.WARNING, logger="shopdesk.nlu"):
        pipeline = load_pipeline(settings)
    assert pipeline.understand("hola").intent == "greet"
    assert "not using the model" in caplog.text and "broken.bin" in caplog.text
