"""The NLU pipeline, trained once per test session (about a second), and the held-out test sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu import Pipeline, build_pipeline

TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlu_pipeline() -> Pipeline:
    return build_pipeline()


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
