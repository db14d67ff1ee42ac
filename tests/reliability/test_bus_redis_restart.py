"""The Redis bus across a Redis restart (a private redis-server this test stops and starts):
events keep reaching this process's subscribers while Redis is away, and events from another
process arrive again once it is back, without restarting anything."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import redis.asyncio as redis_asyncio

from reliability.procs import PrivateRedis
from shopdesk.kit.bus import RedisBus


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    with PrivateRedis.running() as server:
        yield server


@pytest.fixture
async def buses(private_redis: PrivateRedis) -> AsyncIterator[tuple[RedisBus, RedisBus]]:
    """Two buses on separate connections stand for two processes."""
    clients = [redis_asyncio.from_url(private_redis.url) for _ in range(2)]
    pair = (RedisBus(clients[0], max_backoff=1.0), RedisBus(clients[1], max_backoff=1.0))
    try:
        for bus in pair:
            await bus.start()
        yield pair
    finally:
        for bus in pair:
            await bus.stop()
        for client in clients:
            await client.aclose()


async def until(condition: Any, what: str, within: float = 30) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def crosses(sender: RedisBus, inbox: asyncio.Queue[dict[str, Any]], channel: str) -> bool:
    """Publish a marked event; whether it reached the other bus within a second."""
    mark = uuid.uuid4().hex
    await sender.publish(channel, {"mark": mark})
    try:
        async with asyncio.timeout(1):
            while (await inbox.get()).get("mark") != mark:
                pass
    except TimeoutError:
        return False
    return True


async def test_local_delivery_during_the_outage_and_cross_process_after(
    private_redis: PrivateRedis, buses: tuple[RedisBus, RedisBus]
) -> None:
    sender, receiver = buses
    await until(lambda: sender.healthy and receiver.healthy, "both buses subscribed")
    channel = f"conv:{uuid.uuid4()}"
    async with receiver.subscribe(channel) as remote, sender.subscribe(channel) as local:
        assert await crosses(sender, remote, channel)

        await asyncio.to_thread(private_redis.stop)
        await until(lambda: not sender.healthy, "the sender noticing the outage")
        # Redis is away: the sender's own subscribers still get every event, at once.
        for n in range(5):
            await sender.publish(channel, {"n": n})
        seen = [local.get_nowait() for _ in range(local.qsize())]
        assert [e for e in seen if "n" in e] == [{"n": n} for n in range(5)]

        await asyncio.to_thread(private_redis.start)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not await crosses(sender, remote, channel):
            assert loop.time() < deadline, "cross-process delivery never resumed"
        assert sender.healthy and receiver.healthy


async def test_a_failed_publish_does_not_cut_the_bus_off(
    private_redis: PrivateRedis, buses: tuple[RedisBus, RedisBus]
) -> None:
    """The reader's subscription is intact; one publish fails (here: its client is closed for a
    moment). Later events cross again, with no reconnect of the reader needed."""
    sender, receiver = buses
    await until(lambda: sender.healthy and receiver.healthy, "both buses subscribed")
    channel = f"conv:{uuid.uuid4()}"
    async with receiver.subscribe(channel) as remote:
        working = sender._redis
        broken = redis_asyncio.from_url("redis://127.0.0.1:1/0")  # nothing listens on port 1
        sender._redis = broken
        try:
            await sender.publish(channel, {"lost": True})  # falls back to local delivery
        finally:
            sender._redis = working
            await broken.aclose()
        assert await crosses(sender, remote, channel)
