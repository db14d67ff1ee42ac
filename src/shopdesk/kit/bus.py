"""Event bus: conversation events to every connected client, in this process or another.

Without Redis, events go to local subscribers only (one process does everything). With Redis,
events are published on Redis pub/sub and one reader task per process fans them out locally; if
Redis is unreachable, publishing falls back to local delivery so shoppers on this process are
still served, and the reader reconnects in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import orjson

log = logging.getLogger("shopdesk.bus")
PREFIX = "shopdesk:"


class LocalBus:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        self.deliver(channel, event)

    def deliver(self, channel: str, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers.get(channel, ())):
            queue.put_nowait(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers[channel].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[channel].discard(queue)
            if not self._subscribers[channel]:
                del self._subscribers[channel]


class RedisBus(LocalBus):
    def __init__(self, redis: Any) -> None:
        super().__init__()
        self._redis = redis
        self._reader: asyncio.Task[None] | None = None
        self.healthy = False

    async def start(self) -> None:
        self._reader = asyncio.create_task(self._read_forever(), name="shopdesk-bus-reader")

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        if self.healthy:
            try:
                await self._redis.publish(PREFIX + channel, orjson.dumps(event))
                return
            except Exception as exc:
                self.healthy = False
                log.warning("redis publish failed, delivering locally: %s", type(exc).__name__)
        self.deliver(channel, event)

    async def _read_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.psubscribe(PREFIX + "*")
                self.healthy = True
                delay = 0.5
                async for item in pubsub.listen():
                    if item.get("type") != "pmessage":
                        continue
                    channel = item["channel"]
                    channel = channel.decode() if isinstance(channel, bytes) else channel
                    self.deliver(channel.removeprefix(PREFIX), orjson.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.healthy = False
                log.warning("redis bus reader lost its connection: %s", type(exc).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)


Bus = LocalBus
