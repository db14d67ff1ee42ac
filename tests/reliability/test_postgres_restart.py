"""PostgreSQL (a private cluster of this test's own) is stopped in the middle of a load run and
started again: meanwhile the API answers 503 with Retry-After (never a 500, never a hang), the
socket answers service_unavailable, /readyz says 503; afterwards everything recovers by itself,
each message is stored once and answered, and no conversation's state is half-written."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from reliability.chat import Shopper, next_frame
from reliability.load import TEXTS, answered, start_load, wait_for_acks
from reliability.procs import PrivatePostgres, Server, base_env, servers
from shopdesk.kit.db import create_engine

pytestmark = pytest.mark.postgres
ROUNDS = 4
HANG = 15.0  # a request taking longer than this during the outage counts as hanging
AGENT_KEY = "reliability-agent-key"


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivatePostgres]:
    with PrivatePostgres.running() as pg:
        yield pg


@pytest.fixture(scope="module")
def server(cluster: PrivatePostgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = cluster.createdb("shopdesk")
    env = base_env(url, SHOPDESK_AGENT_API_KEY=AGENT_KEY)
    with servers(env, tmp_path_factory.mktemp("pg-restart"), "on-private-pg") as (s,):
        yield s


async def outage_answers(http: httpx.AsyncClient, server: Server, shopper: Shopper) -> None:
    """What every kind of request gets while the database is down."""
    ready = await http.get(f"{server.base}/readyz")
    assert ready.status_code == 503 and ready.headers.get("Retry-After")
    assert (await http.get(f"{server.base}/healthz")).status_code == 200
    for response in (
        await shopper.post("are you there?", key="during-outage"),
        await http.get(f"{server.base}/v1/conversations/{shopper.id}", headers=shopper.auth),
        await http.post(f"{server.base}/v1/conversations", json={}),
    ):
        assert response.status_code == 503, response.text
        assert response.headers.get("Retry-After")
        assert response.json()["error"]["code"] == "service_unavailable"
    # A shopper's socket cannot even check its token: it is told so and closed (1013).
    async with connect(shopper.socket_url(server.ws)) as ws:
        frame = json.loads(await asyncio.wait_for(ws.recv(), HANG))
        assert frame["error"]["code"] == "service_unavailable"
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), HANG)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    # An agent's socket stays open; what needs the database is refused frame by frame.
    headers = {"Authorization": f"Bearer {AGENT_KEY}"}
    async with connect(f"{server.ws}/v1/agent/ws", additional_headers=headers) as agent:
        await agent.send(json.dumps({"type": "ping"}))
        assert (await next_frame(agent, "pong", wait=HANG))["type"] == "pong"
        await agent.send(json.dumps({"type": "subscribe", "conversation_id": shopper.id}))
        refused = await next_frame(agent, "error", wait=HANG)
        assert refused["error"]["code"] == "service_unavailable"


async def test_postgres_restart_mid_load(cluster: PrivatePostgres, server: Server) -> None:
    async with httpx.AsyncClient(timeout=HANG) as http:
        probe = await Shopper(http, server.base).open()
        shoppers = [await Shopper(http, server.base).open() for _ in range(4)]
        # Enough messages that the load is still running when the stop has completed.
        tasks, acked = start_load(shoppers, server.ws, http_count=3, rounds=ROUNDS)
        try:
            await wait_for_acks(acked, at_least=6, tasks=tasks)
            await asyncio.to_thread(cluster.stop, "fast")
            assert len(acked) < len(TEXTS) * ROUNDS * len(shoppers), "the load ended too soon"
            await outage_answers(http, server, probe)
            # The load runs into the outage: its shoppers see 503s and error frames, and retry.
            deadline = asyncio.get_running_loop().time() + 20
            while sum(s.unavailable for s in shoppers) < 2:
                assert asyncio.get_running_loop().time() < deadline, "no shopper saw the outage"
                await asyncio.sleep(0.1)
            await asyncio.to_thread(cluster.start)
            await asyncio.to_thread(server.wait_ready, 60)
            sent = await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

        for shopper, texts in zip(shoppers, sent, strict=True):
            await answered(shopper, texts)
        # The probe's message refused during the outage is taken once when retried.
        first = await probe.post("are you there?", key="during-outage")
        again = await probe.post("are you there?", key="during-outage")
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json()
        await answered(probe, ["are you there?"])

    # Nothing half-written: every customer message is answered, and each conversation's dialogue
    # counted exactly the turns it answered.
    conn = await asyncpg.connect(cluster.url("shopdesk"))
    try:
        pending = await conn.fetchval(
            "SELECT count(*) FROM messages WHERE role = 'customer' AND processed_at IS NULL"
        )
        rows = await conn.fetch(
            "SELECT c.id, (c.dialogue->>'turns')::int AS turns, count(m.id) AS said"
            " FROM conversations c LEFT JOIN messages m"
            " ON m.conversation_id = c.id AND m.role = 'customer'"
            " GROUP BY c.id"
        )
    finally:
        await conn.close()
    assert pending == 0
    assert {r["id"]: r["turns"] for r in rows} == {r["id"]: r["said"] for r in rows}
    assert not server.tracebacks()


async def test_a_refused_connection_is_the_one_database_unavailable_error(
    cluster: PrivatePostgres,
) -> None:
    """asyncpg's own connect errors (here: no such database; in an outage: "the database system
    is shutting down") arrive as SQLAlchemy's OperationalError, which the API turns into 503."""
    engine = create_engine(cluster.url("no_such_database"))
    try:
        with pytest.raises(OperationalError, match="InvalidCatalogNameError"):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
