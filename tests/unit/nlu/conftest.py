"""The built-in NLU pipeline, the held-out test sets and what the pipeline makes of them.

The pipeline comes from the model cache the server uses (``nlu_models.load_pipeline``), which
trains it only when the built-in data changed: a build takes a minute or more on 2 cores. The
tests of training on a shop's own examples share one model, ``shop_nlu_model`` (tests/conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from shopdesk.core.nlu import NLUResult
from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings

TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlu_pipeline() -> Pipeline:
    return load_pipeline(Settings())


@pytest.fixture(scope="session")
def nlu_test_sets() -> dict[str, list[tuple[str, str]]]:
    """(text, intent) pairs of the hand-written held-out test set, per language."""
    sets: dict[str, list[tuple[str, str]]] = {}
    for lang in SUPPORTED_LOCALES:
        data = yaml.safe_load((TEST_DATA / f"test_{lang}.yml").read_text("utf-8"))
        sets[lang] = [
            (line.strip(), intent)
            for intent, block in data.items()
            for line in block.splitlines()
            if line.strip()
        ]
    return sets


@dataclass(frozen=True)
class HeldOutResult:
    """One message of the held-out test sets and what the built-in pipeline made of it."""

    text: str
    expected_intent: str
    result: NLUResult


@pytest.fixture(scope="session")
def nlu_test_results(
    nlu_pipeline: Pipeline, nlu_test_sets: dict[str, list[tuple[str, str]]]
) -> dict[str, list[HeldOutResult]]:
    """Every held-out message understood once, per language: the intent and language
    tests read these instead of running the pipeline over the same 3,000 messages each.
    """
    results: dict[str, list[HeldOutResult]] = {}
    for lang, cases in nlu_test_sets.items():
        results[lang] = []
        for text, intent in cases:
            results[lang].append(HeldOutResult(text, intent, nlu_pipeline.understand(text)))
    return results
