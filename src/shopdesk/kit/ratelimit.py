"""Sliding-window counters for rate limits and the verification throttle.

In one process the counters live in memory; with Redis configured they are shared by every
process (a sorted set per key). If Redis fails, the limiter falls back to memory: limits stay
in force per process rather than failing open or blocking shoppers.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger("shopdesk.ratelimit")


class Counter(Protocol):
    async def hit(self, key: str, window: float) -> int:
        """Record one event now; return how many events the key had in the window."""
        ...

    async def count(self, key: str, window: float) -> int: ...


class MemoryCounter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._clock = clock

    def _trim(self, key: str, window: float) -> deque[float]:
        now = self._clock()
        events = self._events[key]
        while events and events[0] <= now - window:
            events.popleft()
        return events

    async def hit(self, key: str, window: float) -> int:
        events = self._trim(key, window)
        events.append(self._clock())
        return len(events)

    async def count(self, key: str, window: float) -> int:
        events = self._trim(key, window)
        if not events:
            self._events.pop(key, None)
        return len(events)


class RedisCounter:
    def __init__(self, redis: object, fallback: MemoryCounter | None = None) -> None:
        self._redis = redis
        self._fallback = fallback or MemoryCounter()

    async def hit(self, key: str, window: float) -> int:
        now = time.time()
        try:
            pipe = self._redis.pipeline()  # type: ignore[attr-defined]
            pipe.zremrangebyscore(key, 0, now - window)
            pipe.zadd(key, {f"{now}:{uuid.uuid4().hex[:8]}": now})
            pipe.zcard(key)
            pipe.expire(key, int(window) + 1)
            results = await pipe.execute()
            return int(results[2])
        except Exception as exc:
            log.warning("redis rate limiter unavailable, using memory: %s", type(exc).__name__)
            return await self._fallback.hit(key, window)

    async def count(self, key: str, window: float) -> int:
        now = time.time()
        try:
            pipe = self._redis.pipeline()  # type: ignore[attr-defined]
            pipe.zremrangebyscore(key, 0, now - window)
            pipe.zcard(key)
            results = await pipe.execute()
            return int(results[1])
        except Exception as exc:
            log.warning("redis rate limiter unavailable, using memory: %s", type(exc).__name__)
            return await self._fallback.count(key, window)
