"""JSON columns are written by orjson, and read back as the standard library wrote them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.kit.db import create_engine, json_dumps

metadata = MetaData()
documents = Table(
    "documents", metadata, Column("id", Integer, primary_key=True), Column("body", JSON)
)

VALUES: list[Any] = [
    {"text": "Dirección: Calle Mayor 1, 28013 Madrid ✓", "n": 3, "f": 1.5, "none": None},
    {1: "an integer key becomes a string, as json.dumps makes it"},
    {"numpy": np.float64(0.25)},  # a float subclass: orjson refuses it, json.dumps does not
    {"big": 2**70},  # beyond 64 bits: orjson refuses it, json.dumps does not
    {"surrogate": "\ud800"},  # orjson refuses it, json.dumps escapes it
    [1, [2, {"x": []}]],
]


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'json.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.mark.parametrize("value", VALUES)
def test_the_serializer_means_what_json_dumps_means(value: Any) -> None:
    assert json.loads(json_dumps(value)) == json.loads(json.dumps(value))


def test_what_neither_can_write_is_refused() -> None:
    with pytest.raises(TypeError):
        json_dumps({"a set": {1, 2}})


async def test_json_columns_round_trip(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(documents), [{"body": v} for v in VALUES])
        stored = (await conn.execute(select(documents.c.body).order_by(documents.c.id))).all()
    assert [row[0] for row in stored] == [json.loads(json.dumps(v)) for v in VALUES]
