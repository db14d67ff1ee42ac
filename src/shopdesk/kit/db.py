"""Async database engine and sessions for SQLite (embedded) and PostgreSQL.

Only request and job boundaries commit; repositories and services use the session they are given.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shopdesk.kit.sqlite_driver import one_trip_dbapi


def async_url(url: str) -> str:
    """Choose the async driver: ``sqlite:///x`` -> aiosqlite, ``postgresql://`` -> asyncpg."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return str(parsed.set(drivername="sqlite+aiosqlite"))
    if backend in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise ValueError(f"unsupported database URL scheme: {parsed.drivername}")


def sync_url(url: str) -> str:
    """The URL Alembic uses (its own sync connection is not needed: we run it on the async one)."""
    return async_url(url)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _ensure_sqlite_dir(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def json_dumps(value: Any) -> str:
    """JSON columns' serializer: orjson, several times faster than the standard library's (a
    100,000-order import writes about half a million JSON values). What orjson refuses (a lone
    surrogate, a float subclass, an integer beyond 64 bits) gets ``json.dumps`` as before."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value)


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    target = async_url(url)
    kwargs.setdefault("json_serializer", json_dumps)
    if is_sqlite(url):
        _ensure_sqlite_dir(url)
        # One trip to aiosqlite's thread per statement instead of three or four (sqlite_driver).
        kwargs.setdefault("module", one_trip_dbapi())
        engine = create_async_engine(target, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL lets readers proceed while one writer commits; foreign keys are off by default.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    # A database that is down or unreachable fails the request in seconds (503), never hangs it.
    kwargs.setdefault("connect_args", {"timeout": 5})
    engine = create_async_engine(target, **kwargs)
    _connect_errors_as_dbapi_errors(engine)
    return engine


def _connect_errors_as_dbapi_errors(engine: AsyncEngine) -> None:
    """asyncpg's own errors while connecting ("the database system is shutting down") reach
    callers unwrapped; make them the DBAPI's OperationalError, which SQLAlchemy wraps like any
    other, so that every caller sees one kind of "database unavailable" error."""

    @event.listens_for(engine.sync_engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        dbapi = dialect.loaded_dbapi
        try:
            return dialect.connect(*cargs, **cparams)
        except (OSError, dbapi.Error):
            raise
        except Exception as exc:
            raise dbapi.OperationalError(f"{type(exc).__name__}: {exc}") from exc


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def _sqlite_write_lock(sessionmaker: async_sessionmaker[AsyncSession]) -> asyncio.Lock | None:
    """SQLite has one writer at a time; queueing writers here beats its busy-wait sleeps."""
    bind = sessionmaker.kw.get("bind")
    if not isinstance(bind, AsyncEngine) or bind.dialect.name != "sqlite":
        return None
    lock: asyncio.Lock = bind.sync_engine.__dict__.setdefault(
        "_shopdesk_write_lock", asyncio.Lock()
    )
    return lock


@asynccontextmanager
async def transaction(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A unit of work: commit on success, roll back on any error."""
    lock = _sqlite_write_lock(sessionmaker)
    if lock is None:
        async with sessionmaker() as session, session.begin():
            yield session
        return
    async with lock, sessionmaker() as session, session.begin():
        yield session
