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


# The statement that empties a PostgreSQL test database, per database URL (see truncate_all).
_pg_reset: dict[str, str] = {}

_OWNED_SEQUENCES = text(
    """SELECT DISTINCT s.oid::regclass::text FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
        AND d.refclassid = 'pg_class'::regclass
    JOIN pg_class t ON t.oid = d.refobjid
    WHERE s.relkind = 'S' AND t.relname = ANY(:tables)"""
)


async def truncate_all(engine: AsyncEngine) -> None:
    """Empty every table and restart the id sequences, children first.

    On PostgreSQL the rows are deleted in one DO block with an asynchronous commit: TRUNCATE
    gives every table new files, which took about half a second per test, ten times longer.
    """
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with engine.begin() as conn:
        if engine.dialect.name != "postgresql":
            for table in tables:
                await conn.execute(text(f"DELETE FROM {table}"))
            return
        key = str(engine.url)
        if key not in _pg_reset:
            sequences = (await conn.execute(_OWNED_SEQUENCES, {"tables": tables})).scalars()
            quote = engine.dialect.identifier_preparer.quote
            _pg_reset[key] = " ".join(
                [f"DELETE FROM {quote(table)};" for table in tables]
                + [f"ALTER SEQUENCE {sequence} RESTART;" for sequence in sequences]
            )
        await conn.execute(text("SET LOCAL synchronous_commit = off"))
        await conn.execute(text(f"DO $$ BEGIN {_pg_reset[key]} END $$"))


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
