"""The circuit breaker's states on a clock the test moves by hand."""

from __future__ import annotations

import pytest

from shopdesk.commerce.breaker import BreakerState, CircuitBreaker, CircuitOpen
from shopdesk.commerce.http import HttpOptions
from shopdesk.commerce.protocols import CommerceUnavailable


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def breaker(clock: Clock, failures: int = 3, cooldown: float = 10.0) -> CircuitBreaker:
    return CircuitBreaker("shopify", failure_threshold=failures, cooldown=cooldown, clock=clock)


def fail_times(b: CircuitBreaker, n: int) -> None:
    for _ in range(n):
        b.before_request()
        b.failed()


def test_opens_after_the_threshold_of_failures_in_a_row(clock: Clock) -> None:
    b = breaker(clock)
    fail_times(b, 2)
    assert b.state is BreakerState.CLOSED
    b.before_request()  # still let through
    b.failed()
    assert b.state is BreakerState.OPEN
    with pytest.raises(CircuitOpen) as raised:
        b.before_request()
    # The dialogue's polite "can't reach the order system" answer catches this.
    assert isinstance(raised.value, CommerceUnavailable)
    assert "shopify" in str(raised.value)


def test_a_success_resets_the_count(clock: Clock) -> None:
    b = breaker(clock)
    fail_times(b, 2)
    b.before_request()
    b.succeeded()
    fail_times(b, 2)
    assert b.state is BreakerState.CLOSED


def test_after_the_cooldown_one_trial_goes_out_and_the_rest_fail_fast(clock: Clock) -> None:
    b = breaker(clock)
    fail_times(b, 3)
    clock.now += 9.9
    with pytest.raises(CircuitOpen):
        b.before_request()
    clock.now += 0.1
    assert b.state is BreakerState.HALF_OPEN
    b.before_request()  # the trial
    for _ in range(20):
        with pytest.raises(CircuitOpen):
            b.before_request()
    b.succeeded()
    assert b.state is BreakerState.CLOSED
    b.before_request()


def test_a_failed_trial_opens_it_for_another_cooldown(clock: Clock) -> None:
    b = breaker(clock)
    fail_times(b, 3)
    clock.now += 10
    b.before_request()
    b.failed()
    assert b.state is BreakerState.OPEN
    clock.now += 9
    with pytest.raises(CircuitOpen):
        b.before_request()
    clock.now += 1
    b.before_request()  # the next trial
    assert b.state is BreakerState.HALF_OPEN


def test_an_abandoned_trial_lets_another_one_out(clock: Clock) -> None:
    b = breaker(clock)
    fail_times(b, 3)
    clock.now += 10
    b.before_request()
    with pytest.raises(CircuitOpen):
        b.before_request()
    b.abandoned()
    b.before_request()


def test_threshold_one_opens_on_the_first_failure(clock: Clock) -> None:
    b = breaker(clock, failures=1)
    fail_times(b, 1)
    assert b.state is BreakerState.OPEN


@pytest.mark.parametrize(("failures", "cooldown"), [(0, 10.0), (3, 0.0), (3, -1.0)])
def test_nonsense_settings_are_refused(clock: Clock, failures: int, cooldown: float) -> None:
    with pytest.raises(ValueError):
        breaker(clock, failures=failures, cooldown=cooldown)


def test_connector_config_sets_the_thresholds() -> None:
    options = HttpOptions.from_config({"breaker_failures": 2, "breaker_cooldown": "7.5"})
    assert (options.breaker_failures, options.breaker_cooldown) == (2, 7.5)
    assert (HttpOptions().breaker_failures, HttpOptions().breaker_cooldown) == (5, 30.0)
