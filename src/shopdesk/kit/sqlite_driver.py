"""aiosqlite as SQLAlchemy drives it, with one trip to the database thread per statement.

aiosqlite runs every call on its own thread. SQLAlchemy's adapter makes four such calls for each
SELECT (open a cursor, execute, fetch all, close) and three for each INSERT or UPDATE; every one
wakes the thread, then the event loop, and hands the GIL over twice. Here a statement is one
function run on that thread: the same sqlite3 calls, in the same order, with one round trip.
``commit`` and ``rollback`` skip the trip when no transaction is open (sqlite3 would do nothing):
a pooled connection is rolled back each time it is returned, after every committed transaction.

Everything else (server-side cursors, connecting, closing, errors) is SQLAlchemy's own adapter.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

# (description, rows, lastrowid, rowcount) of one statement, as the adapter's cursor keeps them.
_Outcome = tuple[Any, list[Any], Any, int]


def _execute(conn: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    """Runs on the connection's thread, like every call aiosqlite makes."""
    cursor = conn.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, [], cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


def _executemany(conn: sqlite3.Connection, operation: str, seq_of_parameters: Any) -> _Outcome:
    cursor = conn.cursor()
    try:
        cursor.executemany(operation, seq_of_parameters)
        return None, [], cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._run(_execute, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._run(_executemany, operation, seq_of_parameters)

    def _run(self, function: Any, operation: Any, parameters: Any) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        # aiosqlite's own way onto its thread (every public call goes through it).
        queued = connection._execute(  # type: ignore[no-untyped-call]
            lambda: function(connection._conn, operation, parameters)
        )
        try:
            outcome: _Outcome = self.await_(queued)
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        description, rows, lastrowid, rowcount = outcome
        self.description = description
        self._rows = deque(rows)
        self.lastrowid, self.rowcount = lastrowid, rowcount


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side=True)
        return OneTripCursor(self)

    def _in_transaction(self) -> bool:
        # Reading sqlite3's autocommit flag needs no trip: the pool hands this connection to one
        # task at a time, so nothing else is running on it now.
        inner: sqlite3.Connection | None = getattr(self._connection, "_connection", None)
        return inner is None or inner.in_transaction

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    """The DBAPI module to hand to ``create_async_engine(..., module=...)`` for SQLite."""
    return OneTripDBAPI(aiosqlite, sqlite3)
