"""The SQLite driver makes one trip to aiosqlite's thread per statement and behaves as before."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.kit.db import create_engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many calls were queued on aiosqlite's database thread."""
    count = [0]
    queue_call = aiosqlite.Connection._execute

    async def counted(connection: aiosqlite.Connection, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return await queue_call(connection, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    yield count


async def test_a_statement_is_one_trip_and_a_commit_one_more(
    engine: AsyncEngine, trips: list[int]
) -> None:
    async with engine.connect() as conn:
        trips[0] = 0
        inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        rows = (await conn.execute(text("SELECT id, name FROM t"))).all()
        await conn.commit()
        assert trips[0] == 3
    assert inserted.rowcount == 1
    assert [tuple(r) for r in rows] == [(1, "a")]


async def test_returning_a_connection_with_nothing_open_costs_no_trip(
    engine: AsyncEngine, trips: list[int]
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        trips[0] = 0
    assert trips[0] == 0  # the pool's rollback on return found no transaction


async def test_lastrowid_rowcount_and_executemany(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        first = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        many = await conn.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}]
        )
        updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
    assert first.lastrowid == 1
    assert many.rowcount == 2
    assert updated.rowcount == 2


async def test_a_failed_statement_raises_and_its_transaction_rolls_back(
    engine: AsyncEngine,
) -> None:
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0


async def test_server_side_cursors_still_stream(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": str(i)} for i in range(50)]
        )
    async with engine.connect() as conn:
        result = await conn.stream(text("SELECT name FROM t ORDER BY id"))
        names = [row[0] async for row in result]
    assert names == [str(i) for i in range(50)]
