"""A circuit breaker for one platform: stop calling a shop system that keeps failing.

Closed: requests go through; ``failure_threshold`` failures in a row open it. Open: every request
fails at once (no connection, no timeout to wait out) for ``cooldown`` seconds. Then one trial
request is let through (half-open) while the others still fail fast: its success closes the
breaker, its failure opens it for another cool-down. Without this, a platform that hangs would
hold every shopper's turn (and its database connection and conversation lock) for the whole
timeout, and the waiting turns would pile up behind it.

Pure logic on an injected clock; ``commerce.http.ShopClient`` records every HTTP attempt here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

from shopdesk.commerce.protocols import CommerceUnavailable


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpen(CommerceUnavailable):
    """The platform failed repeatedly; nothing was sent (so nothing can have been applied)."""


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        failure_threshold: int = 5,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if cooldown <= 0:
            raise ValueError("cooldown must be positive")
        self.name = name
        self.failure_threshold = failure_threshold
        self.cooldown = cooldown
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_in_flight = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._trial_in_flight or self._clock() - self._opened_at >= self.cooldown:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def before_request(self) -> None:
        """Call before sending; raises :class:`CircuitOpen` when the request must not go out.

        A request allowed through must end in :meth:`succeeded` or :meth:`failed` (or
        :meth:`abandoned` when it was cancelled with no outcome), or no later trial is let out.
        """
        state = self.state
        if state is BreakerState.CLOSED:
            return
        if state is BreakerState.HALF_OPEN and not self._trial_in_flight:
            self._trial_in_flight = True  # this request is the one trial
            return
        raise CircuitOpen(f"{self.name}: not reachable lately; not calling it for a while")

    def succeeded(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_in_flight = False

    def failed(self) -> None:
        if self._opened_at is not None:
            # A trial failed (or a request sent before the breaker opened): another cool-down.
            self._opened_at = self._clock()
            self._trial_in_flight = False
            return
        self._failures += 1
        if self._failures >= self.failure_threshold:
            self._opened_at = self._clock()

    def abandoned(self) -> None:
        """The request was cancelled before an outcome: let another trial go out later."""
        self._trial_in_flight = False
