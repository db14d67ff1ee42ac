"""Shared fixtures: real databases (SQLite file and PostgreSQL on 127.0.0.1:5432), and a shop's
own NLU model trained once per session.

Each backend gets one migrated database per test session; every test that asks for ``engine``
starts from empty tables. Nothing here mocks our own database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopdesk.kit.db import create_engine, create_sessionmaker
from shopdesk.kit.migrations import upgrade
from shopdesk.models import Base
from support.pg import scratch_database
from support.shop_model import TrainedShopModel, train_shop_model

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def _pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database for this test session."""
    with scratch_database("shopdesk_test") as url:
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'shopdesk.db'}"
    return str(request.getfixturevalue("_pg_database"))


@pytest.fixture(scope="session")
async def _migrated_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


async def truncate_all(engine: AsyncEngine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
async def engine(_migrated_engine: AsyncEngine) -> AsyncEngine:
    """A migrated database with empty tables."""
    await truncate_all(_migrated_engine)
    return _migrated_engine


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test."""
    async with engine.connect() as conn:
        trans = await conn.begin()
        async with AsyncSession(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as s:
            yield s
        await trans.rollback()


@pytest.fixture(scope="session")
def shop_nlu_model(tmp_path_factory: pytest.TempPathFactory) -> TrainedShopModel:
    """A shop's own model, trained once per session by ``shopdesk nlu train`` (see
    ``support.shop_model``): the tests of the command, of extra examples and of a custom
    order-number pattern all read this one, since a training takes a minute or more.
    """
    return train_shop_model(tmp_path_factory.mktemp("shop-nlu"))
