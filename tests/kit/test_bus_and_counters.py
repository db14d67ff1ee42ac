"""The event bus and rate counters, in memory and on the real Redis at 127.0.0.1:6379."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis_asyncio

from shopdesk.kit.bus import LocalBus, RedisBus
from shopdesk.kit.locks import KeyedLocks
from shopdesk.kit.ratelimit import MemoryCounter, RedisCounter

REDIS_URL = "redis://127.0.0.1:6379/0"
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
async def redis_client() -> AsyncIterator[redis_asyncio.Redis]:
    client = redis_asyncio.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def _wait_healthy(bus: RedisBus) -> None:
    for _ in range(100):
        if bus.healthy:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("bus never connected")


async def test_local_bus_delivers_to_subscribers_of_the_channel() -> None:
    bus = LocalBus()
    async with bus.subscribe("conv:a") as a, bus.subscribe("conv:b") as b:
        await bus.publish("conv:a", {"n": 1})
        assert a.get_nowait() == {"n": 1}
        assert b.empty()


async def test_redis_bus_crosses_processes(redis_client: redis_asyncio.Redis) -> None:
    """Two buses with separate connections stand for two shopdesk processes."""
    other_client = redis_asyncio.from_url(REDIS_URL)
    sender, receiver = RedisBus(redis_client), RedisBus(other_client)
    await sender.start()
    await receiver.start()
    try:
        await _wait_healthy(sender)
        await _wait_healthy(receiver)
        channel = f"conv:{uuid.uuid4()}"
        async with receiver.subscribe(channel) as inbox:
            await asyncio.sleep(0.05)
            await sender.publish(channel, {"type": "message", "n": 7})
            assert await asyncio.wait_for(inbox.get(), 5) == {"type": "message", "n": 7}
    finally:
        await sender.stop()
        await receiver.stop()
        await other_client.aclose()


async def test_redis_bus_without_redis_still_delivers_locally() -> None:
    client = redis_asyncio.from_url(DEAD_REDIS_URL, socket_connect_timeout=0.2)
    bus = RedisBus(client)
    await bus.start()
    try:
        async with bus.subscribe("conv:x") as inbox:
            await bus.publish("conv:x", {"n": 1})
            assert await asyncio.wait_for(inbox.get(), 2) == {"n": 1}
        assert not bus.healthy
    finally:
        await bus.stop()
        await client.aclose()


async def test_memory_counter_window() -> None:
    now = [0.0]
    counter = MemoryCounter(clock=lambda: now[0])
    assert await counter.hit("k", 10) == 1
    assert await counter.hit("k", 10) == 2
    now[0] = 10.5
    assert await counter.count("k", 10) == 0
    assert await counter.hit("k", 10) == 1


async def test_redis_counter_is_shared(redis_client: redis_asyncio.Redis) -> None:
    key = f"test:{uuid.uuid4()}"
    first, second = RedisCounter(redis_client), RedisCounter(redis_client)
    assert await first.hit(key, 60) == 1
    assert await second.hit(key, 60) == 2
    assert await first.count(key, 60) == 2
    await redis_client.delete(key)


async def test_redis_counter_falls_back_to_memory_when_redis_is_down() -> None:
    client = redis_asyncio.from_url(DEAD_REDIS_URL, socket_connect_timeout=0.2)
    counter = RedisCounter(client)
    assert await counter.hit("k", 60) == 1
    assert await counter.hit("k", 60) == 2
    assert await counter.count("k", 60) == 2
    await client.aclose()


async def test_keyed_locks_serialize_one_key_and_clean_up() -> None:
    locks = KeyedLocks()
    order: list[str] = []

    async def turn(name: str, delay: float) -> None:
        async with locks.hold("conv"):
            order.append(f"{name}-in")
            await asyncio.sleep(delay)
            order.append(f"{name}-out")

    await asyncio.gather(turn("a", 0.05), turn("b", 0))
    assert order == ["a-in", "a-out", "b-in", "b-out"]
    assert locks._locks == {}
