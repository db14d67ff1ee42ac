"""Run every conversation test file in this folder, as `shopdesk test tests/conversations` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopdesk.convtest import run_file
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def nlu() -> Pipeline:
    return load_pipeline(Settings())


@pytest.mark.parametrize("path", sorted(HERE.glob("*.yml")), ids=lambda p: p.stem)
async def test_conversation_file(path: Path, nlu: Pipeline) -> None:
    results = await run_file(path, nlu=nlu)
    failures = [f"{r.name}: {f}" for r in results for f in r.failures]
    assert not failures, "\n".join(failures)
