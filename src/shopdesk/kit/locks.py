"""Per-conversation locks: in one process, and across processes on PostgreSQL.

A turn spans two transactions (the inbound message is committed before it is processed), so a
row lock alone cannot keep two processes from interleaving one conversation's turns. On
PostgreSQL a session-level advisory lock, keyed by the conversation, is held for the whole turn;
the in-process lock is taken first so that waiting turns do not each hold a connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:
                del self._users[key]
                del self._locks[key]


def advisory_key(key: str) -> int:
    """A signed 64-bit key for pg_advisory_lock, stable across processes."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


class ConversationLocks:
    """The in-process lock, plus a PostgreSQL advisory lock when the engine is PostgreSQL."""

    def __init__(self, engine: AsyncEngine | None = None, *, max_turns: int = 14) -> None:
        self._local = KeyedLocks()
        self._engine = (
            engine if engine is not None and engine.dialect.name == "postgresql" else None
        )
        # A turn holds two pooled connections (the lock's and its work's): bounding turns in
        # flight below half the pool means lock holders can never starve each other of one.
        self._slots = asyncio.Semaphore(max_turns)

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with self._local.hold(key):
            if self._engine is None:
                yield
                return
            lock_id = advisory_key(key)
            async with self._slots, self._engine.connect() as conn:
                # A session-level lock needs no transaction: in autocommit mode taking and
                # releasing it are one round trip each, without a BEGIN and a COMMIT.
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_id})
                try:
                    yield
                finally:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_id})
