"""The built-in NLU pipeline and the held-out test sets.

The pipeline comes from the model cache the server uses (``nlu_models.load_pipeline``), which
trains it only when the built-in data changed: a build takes a minute or more on 2 cores, and
the tests of the training itself (``test_nlu_evaluation``, ``cli/test_nlu_commands``) build
their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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
