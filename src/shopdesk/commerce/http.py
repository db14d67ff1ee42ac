"""What every HTTP connector shares: one client, error mapping, bounded retries, small caches.

The rules, so that a shopper never hears a wrong fact and an order is never changed twice:

- reads (GET) are retried once after a timeout, a dropped connection or a 5xx;
- writes are sent once: after an unclear failure (timeout, 5xx, dropped connection) the request
  may or may not have been applied, so :class:`OutcomeUnknown` tells the caller to re-read the
  order before deciding anything (see ``commerce.connector``);
- a 429 means "not processed", so both reads and writes wait and retry once when the platform asks
  for a short pause (``max_retry_after``), and give up at once otherwise;
- 401/403 is a configuration problem: logged loudly, reported as unavailable;
- 404 is "no such thing" for reads (``None``) and a refusal for writes;
- every attempt goes through the platform's circuit breaker (``commerce.breaker``): after
  ``breaker_failures`` timeouts, dropped connections or 5xx in a row, requests fail at once for
  ``breaker_cooldown`` seconds, then one trial request decides whether the platform is back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar

import httpx

from shopdesk.commerce.breaker import CircuitBreaker
from shopdesk.commerce.protocols import CommerceRejected, CommerceUnavailable

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
V = TypeVar("V")


class OutcomeUnknown(CommerceUnavailable):
    """A write got no clear answer: it may have been applied. Re-read before retrying."""


@dataclass(frozen=True)
class HttpOptions:
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    cache_ttl: float = 30.0
    cache_size: int = 512
    # A 429 asking for at most this many seconds is waited out once; longer ones are reported.
    max_retry_after: float = 2.0
    # How many write outcomes are remembered per process for idempotency keys.
    memo_size: int = 2048
    # Failed attempts in a row that open the circuit breaker, and how long it then stays open.
    breaker_failures: int = 5
    breaker_cooldown: float = 30.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> HttpOptions:
        default = cls()
        return cls(
            connect_timeout=float(config.get("connect_timeout", default.connect_timeout)),
            read_timeout=float(config.get("read_timeout", default.read_timeout)),
            cache_ttl=float(config.get("cache_ttl", default.cache_ttl)),
            breaker_failures=int(config.get("breaker_failures", default.breaker_failures)),
            breaker_cooldown=float(config.get("breaker_cooldown", default.breaker_cooldown)),
        )


def required(config: Mapping[str, Any], key: str) -> str:
    """A config value the connector cannot work without (the registry names the connector)."""
    value = config.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"missing {key!r} in the connector configuration")
    return value.strip()


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class TTLCache(Generic[V]):
    """A small per-process cache: entries expire after ``ttl`` seconds; the oldest go first."""

    def __init__(self, ttl: float, size: int, clock: Clock = time.monotonic) -> None:
        self._ttl, self._size, self._clock = ttl, size, clock
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()

    def get(self, key: str) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        stored_at, value = item
        if self._clock() - stored_at >= self._ttl:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: str, value: V) -> None:
        if self._ttl <= 0:
            return
        self._items[key] = (self._clock(), value)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def discard(self, key: str) -> None:
        self._items.pop(key, None)


class ShopClient:
    """JSON over HTTP to one platform, with the rules in the module docstring."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        options: HttpOptions,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
        sleep: Sleep | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self.name = name
        self.options = options
        self._sleep = asyncio.sleep if sleep is None else sleep
        self.breaker = CircuitBreaker(
            name,
            failure_threshold=options.breaker_failures,
            cooldown=options.breaker_cooldown,
            clock=clock,
        )
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Accept": "application/json", **(headers or {})},
            auth=auth,
            timeout=httpx.Timeout(options.read_timeout, connect=options.connect_timeout),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def read(self, path: str, params: Mapping[str, Any] | None = None) -> Any | None:
        """GET ``path`` as JSON; None when the platform says 404."""
        for attempt in (1, 2):
            try:
                response = await self._send("GET", path, params=params)
            except httpx.TransportError as exc:  # timeouts and dropped connections
                if attempt == 1:
                    continue
                raise CommerceUnavailable(f"{self.name}: GET {path} failed: {exc!r}") from exc
            if response.status_code == 404:
                return None
            if response.status_code >= 500 and attempt == 1:
                continue
            if await self._wait_for_retry(response, attempt):
                continue
            self._raise_for(response, write=False)
            return response.json()
        raise AssertionError("unreachable")  # pragma: no cover

    async def write(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one write; OutcomeUnknown when it may or may not have been applied."""
        for attempt in (1, 2):
            try:
                response = await self._send(method, path, json=body, headers=headers)
            except httpx.TransportError as exc:
                raise OutcomeUnknown(f"{self.name}: {method} {path} failed: {exc!r}") from exc
            if response.status_code >= 500:
                raise OutcomeUnknown(f"{self.name}: {method} {path} -> {response.status_code}")
            if await self._wait_for_retry(response, attempt):
                continue  # a 429 was not processed, so sending it again is safe
            self._raise_for(response, write=True)
            return response.json() if response.content else None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One attempt, through the breaker (which raises CircuitOpen before sending)."""
        self.breaker.before_request()
        try:
            response = await self._client.request(method, path, **kwargs)
        except httpx.TransportError:
            self.breaker.failed()
            raise
        except BaseException:  # cancelled (the turn was abandoned): no verdict on the platform
            self.breaker.abandoned()
            raise
        if response.status_code >= 500:
            self.breaker.failed()
        else:
            self.breaker.succeeded()  # even a 4xx: the platform is there and answering
        return response

    async def _wait_for_retry(self, response: httpx.Response, attempt: int) -> bool:
        if response.status_code != 429 or attempt > 1:
            return False
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None or wait > self.options.max_retry_after:
            return False
        await self._sleep(wait)
        return True

    def _raise_for(self, response: httpx.Response, *, write: bool) -> None:
        status = response.status_code
        where = f"{self.name}: {response.request.method} {response.request.url.path}"
        if status < 400:
            return
        if status in (401, 403):
            # Nothing a shopper can fix: the shop's token was revoked or lacks a scope.
            log.error("%s refused our credentials (HTTP %s); check the config", where, status)
            raise CommerceUnavailable(f"{where} -> {status} (credentials)")
        if status == 429:
            retry = retry_after_seconds(response.headers.get("Retry-After"))
            raise CommerceUnavailable(f"{where} -> 429", retry_after=retry)
        if status >= 500:
            raise CommerceUnavailable(f"{where} -> {status}")
        if write:
            raise CommerceRejected(f"{where} -> {status}: {response.text[:300]}")
        log.warning("%s -> %s: %s", where, status, response.text[:300])
        raise CommerceUnavailable(f"{where} -> {status}")
