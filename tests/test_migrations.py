"""The migrations build exactly the schema the models describe, and the newest one undoes cleanly.

Run on both backends (the ``engine`` fixture's database is migrated to head at session start).
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.kit.migrations import alembic_config, head_revision, upgrade
from shopdesk.models.base import Base


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return list(compare_metadata(context, Base.metadata))


async def test_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


def _downgrade_to_0007(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "0007")


def _message_indexes(connection: Connection) -> set[str]:
    return {str(index["name"]) for index in inspect(connection).get_indexes("messages")}


async def test_newest_migration_downgrades_and_upgrades_again(engine: AsyncEngine) -> None:
    assert head_revision() == "0008"
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_to_0007)
    try:
        async with engine.connect() as connection:
            assert "ix_messages_unanswered" not in await connection.run_sync(_message_indexes)
    finally:
        await upgrade(engine, "head")
    async with engine.connect() as connection:
        assert "ix_messages_unanswered" in await connection.run_sync(_message_indexes)
