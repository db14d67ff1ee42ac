"""The escalation conversations of this folder, through the real NLU and message path."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopdesk.convtest import run_file
from shopdesk.nlu.pipeline import Pipeline

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("path", sorted(HERE.glob("*.yml")), ids=lambda p: p.stem)
async def test_conversation_file(path: Path, nlu_pipeline: Pipeline) -> None:
    results = await run_file(path, nlu=nlu_pipeline)
    failures = [f"{r.name}: {f}" for r in results for f in r.failures]
    assert not failures, "\n".join(failures)
    assert len(results) >= 9
