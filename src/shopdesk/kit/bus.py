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
    """Redis pub/sub between processes, local delivery while Redis is away.

    ``healthy`` says whether this process's reader holds a confirmed subscription: it is set by
    every ``psubscribe`` confirmation (also after redis-py reconnects by itself) and cleared when
    the reader loses its connection. Only then is an event published on Redis; otherwise, or when
    publishing fails, it is delivered to this process's subscribers, so the shoppers connected
    here are still served. A failed publish does not mark the bus unhealthy: the reader alone
    knows whether the subscription is gone, so cross-process delivery resumes by itself.
    """

    def __init__(self, redis: Any, *, max_backoff: float = 5.0) -> None:
        super().__init__()
        self._redis = redis
        self._reader: asyncio.Task[None] | None = None
        self._max_backoff = max_backoff
        self.healthy = False

    async def start(self) -> None:
        self._reader = asyncio.create_task(self._read_forever(), name="shopdesk-bus-reader")

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        self.healthy = False

    async def publish(self, channel: str, event: dict[str, Any]) -> None:
        if self.healthy:
            try:
                await self._redis.publish(PREFIX + channel, orjson.dumps(event))
                return
            except Exception as exc:
                log.warning("redis publish failed, delivering locally: %s", type(exc).__name__)
        self.deliver(channel, event)

    async def _read_forever(self) -> None:
        delay = 0.5
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.psubscribe(PREFIX + "*")
                async for item in pubsub.listen():
                    kind = item.get("type")
                    if kind == "psubscribe":  # confirmed, also after a reconnect inside redis-py
                        self.healthy = True
                        delay = 0.5
                    if kind != "pmessage":
                        continue
                    channel = item["channel"]
                    channel = channel.decode() if isinstance(channel, bytes) else channel
                    self.deliver(channel.removeprefix(PREFIX), orjson.loads(item["data"]))
                raise ConnectionError("subscription ended")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self.healthy:
                    log.warning("redis bus reader lost its connection: %s", type(exc).__name__)
                self.healthy = False
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._max_backoff)


Bus = LocalBus
