"""A private PostgreSQL cluster for the suite's PostgreSQL tests (each makes its own database):
faster to create and throw away than databases on the shared server, and never in its way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability.procs import PrivatePostgres


@pytest.fixture(scope="session")
def private_pg() -> Iterator[PrivatePostgres]:
    with PrivatePostgres.running() as cluster:
        yield cluster
