"""Two server processes on one PostgreSQL database sharing a private Redis:

- concurrent messages to one conversation through both processes (and retries of the same
  message racing each other on the two) are each stored and answered exactly once, turn by turn;
- Redis stopped mid-run: shoppers on either process are still answered (the bus delivers
  locally, rate limits count in memory), nothing is lost; Redis back: an event published by
  process A reaches a WebSocket on process B again.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from reliability.chat import Shopper, check_transcript, next_frame
from reliability.procs import PrivatePostgres, PrivateRedis, Server, base_env, servers

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def redis_server() -> Iterator[PrivateRedis]:
    with PrivateRedis.running() as server:
        yield server


@pytest.fixture(scope="module")
def database(private_pg: PrivatePostgres) -> str:
    return private_pg.createdb("two_redis")


@pytest.fixture(scope="module")
def pair(
    redis_server: PrivateRedis, database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Server]]:
    env = base_env(database, SHOPDESK_REDIS_URL=redis_server.url)
    with servers(env, tmp_path_factory.mktemp("two-redis"), "a", "b") as started:
        yield started


async def dialogue_turns(database: str, conversation_id: str) -> int:
    conn = await asyncpg.connect(database)
    try:
        query = "SELECT (dialogue->>'turns')::int FROM conversations WHERE id = $1"
        return int(await conn.fetchval(query, conversation_id))
    finally:
        await conn.close()


async def test_one_conversation_through_two_processes_exactly_once_in_order(
    pair: list[Server], database: str
) -> None:
    a, b = pair
    async with httpx.AsyncClient(timeout=60) as http:
        shopper = await Shopper(http, a.base).open()

        async def writer(name: str, count: int) -> list[tuple[str, dict[str, Any]]]:
            """Sends its messages one after another; each one twice at once (a retry racing
            the first attempt), one copy to each process, under the same Idempotency-Key."""
            said = []
            for i in range(count):
                text, key = f"thank you {name}{i}", f"{name}-{i}"
                first, second = await asyncio.gather(
                    shopper.post(text, key=key, base=a.base),
                    shopper.post(text, key=key, base=b.base),
                )
                assert first.status_code == second.status_code == 200, first.text + second.text
                assert first.json() == second.json(), "a retried message was answered twice"
                said.append((text, first.json()))
            return said

        results = await asyncio.gather(*(writer(name, 5) for name in "xyz"))
        messages = (await shopper.transcript(base=b.base))[1:]

    customer = [m["text"] for m in messages if m["role"] == "customer"]
    assert len(customer) == len(set(customer)) == 15, customer
    for said in results:  # each writer's messages in the order it sent them
        texts = [text for text, _ in said]
        assert [t for t in customer if t in texts] == texts
    check_transcript(messages, customer)  # each one answered before the next was taken
    # Each answer (as both copies of the request got it) is what follows its message.
    at = {m["text"]: i for i, m in enumerate(messages) if m["role"] == "customer"}
    for said in results:
        for text, body in said:
            replies = [m["id"] for m in body["messages"]]
            following = messages[at[text] + 1 : at[text] + 1 + len(replies)]
            assert replies == [m["id"] for m in following]
    assert await dialogue_turns(database, shopper.id) == 15


async def frames_until(ws: ClientConnection, text: str, within: float) -> bool:
    """Whether a message frame with ``text`` arrives within ``within`` seconds."""
    try:
        async with asyncio.timeout(within):
            while True:
                frame = json.loads(await ws.recv())
                if frame["type"] == "message" and frame["message"]["text"] == text:
                    return True
    except TimeoutError:
        return False


async def test_redis_outage_serves_everyone_and_delivery_resumes(
    pair: list[Server], redis_server: PrivateRedis
) -> None:
    a, b = pair
    async with httpx.AsyncClient(timeout=30) as http:
        shopper = await Shopper(http, b.base).open()
        sent: list[str] = []
        async with connect(shopper.socket_url(b.ws)) as ws:

            async def via_a(text: str) -> None:
                await shopper.say(text, base=a.base)
                sent.append(text)

            async def via_socket(text: str) -> None:
                client_id = str(uuid.uuid4())
                await ws.send(json.dumps({"type": "message", "text": text, "client_id": client_id}))
                await next_frame(ws, "ack", client_id=client_id)
                sent.append(text)
                # The bot's answer reaches the socket from its own process.
                reply = await next_frame(ws, "message")
                assert reply["message"]["role"] == "bot"

            # Before: what process A publishes reaches the socket on process B.
            await via_a("hello from a")
            assert await frames_until(ws, "hello from a", within=10)

            await asyncio.to_thread(redis_server.stop)
            for n in range(3):
                await via_socket(f"thanks during the outage {n}")
                await via_a(f"thank you during the outage {n}")
                await shopper.say(f"ok during the outage {n}", base=b.base)
                sent.append(f"ok during the outage {n}")

            await asyncio.to_thread(redis_server.start)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 40
            attempt = 0
            while True:
                text = f"are you back {attempt}"
                await via_a(text)
                if await frames_until(ws, text, within=1.5):
                    break
                assert loop.time() < deadline, "cross-process delivery never resumed"
                attempt += 1
            await via_socket("and the socket still works")

        messages = await shopper.transcript()
        check_transcript(messages[1:], sent)
    for server in pair:
        assert not server.tracebacks(), server.name
