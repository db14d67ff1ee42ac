"""What every HTTP connector does the same way: cached reads, and writes that happen once.

A platform module (``shopify``, ``woocommerce``, ``rest``) only says how to fetch an order, how to
send a cancellation or an address, and how to map JSON to views. This base class decides when to
use the cache and how to survive a write whose answer was lost:

1. a known idempotency key returns the first outcome without calling the platform;
2. the order is read fresh (never from the cache) and, if the change is already there, that is
   the outcome: an earlier attempt whose answer was lost, or staff who did it meanwhile;
3. the write is sent once; if its outcome is unclear, the order is read again, and only if the
   change is still missing is it sent a second (last) time;
4. every write drops the cached order, so the next read shows the change.
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shopdesk.commerce.http import Clock, OutcomeUnknown, ShopClient, TTLCache
from shopdesk.commerce.platform_returns import (
    ReturnsLedger,
    line_key,
    reference_for,
    returnable_lines,
)
from shopdesk.commerce.protocols import CommerceRejected, CommerceUnavailable, CommerceUnsupported
from shopdesk.core.orders import AddressView, OrderItemView, OrderView, ReturnView
from shopdesk.core.products import ProductView
from shopdesk.core.types import OrderStatus

log = logging.getLogger(__name__)

# Keys are retried within minutes, not days; a day bounds the memory of them by time as well.
_MEMO_TTL = 24 * 3600.0


@dataclass(frozen=True)
class Found:
    """An order as the platform holds it: its id there, our view of it, and the raw JSON."""

    ref: str
    view: OrderView
    raw: Mapping[str, Any]


@dataclass(frozen=True)
class _Outcome:
    operation: str
    number_key: str
    view: OrderView


Apply = Callable[[Found], Awaitable[OrderView]]
Done = Callable[[Found], bool]


def address_matches(current: AddressView | None, wanted: AddressView) -> bool:
    """Whether the order already ships to ``wanted`` (the fields the shopper gave)."""
    if current is None:
        return False
    for field, value in wanted.model_dump(exclude_none=True).items():
        if str(getattr(current, field) or "").strip().casefold() != str(value).strip().casefold():
            return False
    return True


class HttpConnector(ABC):
    name = "http"
    # Why items and quantities are not changed through this platform (see change_item_quantity).
    no_item_changes = "the platform has no safe partial edit of an order's items"

    def __init__(self, client: ShopClient, *, clock: Clock | None = None) -> None:
        self.client = client
        options = client.options
        clock = time.monotonic if clock is None else clock
        self._order_cache: TTLCache[Found] = TTLCache(options.cache_ttl, options.cache_size, clock)
        self._product_cache: TTLCache[list[ProductView]] = TTLCache(
            options.cache_ttl, options.cache_size, clock
        )
        self._outcomes: TTLCache[_Outcome] = TTLCache(_MEMO_TTL, options.memo_size, clock)
        # Writes are rare; doing one at a time keeps two retries of one key from racing.
        self._write_lock = asyncio.Lock()

    async def aclose(self) -> None:
        await self.client.aclose()

    # -- what a platform module provides ---------------------------------------------------------

    @abstractmethod
    async def fetch_order(self, number_key: str) -> Found | None: ...

    @abstractmethod
    async def send_cancel(self, found: Found, reason: str | None, key: str) -> OrderView:
        """Cancel (and refund); ``key`` is the idempotency key, for platforms that take one."""

    @abstractmethod
    async def send_address(self, found: Found, address: AddressView, key: str) -> OrderView: ...

    @abstractmethod
    async def search_products(self, query: str, limit: int) -> list[ProductView]: ...

    @abstractmethod
    async def fetch_product(self, sku: str) -> ProductView | None: ...

    async def send_return_note(
        self, found: Found, reference: str, lines: list[dict[str, Any]], reason: str
    ) -> None:
        """Tell the platform about a return we recorded (a note on the order); by default
        nothing: the return lives in our table only."""
        return None

    async def return_noted(self, found: Found, reference: str) -> bool:
        """Whether the order already carries this return's note (an earlier attempt's)."""
        return False

    def is_cancelled(self, found: Found) -> bool:
        return found.view.status is OrderStatus.CANCELLED

    # -- the protocols -----------------------------------------------------------------------------

    async def get_order(self, number_key: str) -> OrderView | None:
        cached = self._order_cache.get(number_key)
        if cached is not None:
            return cached.view
        found = await self.fetch_order(number_key)
        if found is None:
            return None  # not cached: an order placed a second ago must show up at once
        self._order_cache.put(number_key, found)
        return found.view

    async def cancel_order(
        self, number_key: str, *, reason: str | None, idempotency_key: str
    ) -> OrderView:
        async def apply(found: Found) -> OrderView:
            return await self.send_cancel(found, reason, idempotency_key)

        return await self._write("cancel", number_key, idempotency_key, apply, self.is_cancelled)

    async def update_shipping_address(
        self, number_key: str, address: AddressView, *, idempotency_key: str
    ) -> OrderView:
        async def apply(found: Found) -> OrderView:
            return await self.send_address(found, address, idempotency_key)

        def done(found: Found) -> bool:
            return address_matches(found.view.shipping_address, address)

        return await self._write("address", number_key, idempotency_key, apply, done)

    async def change_item_quantity(
        self,
        number_key: str,
        sku_or_line: str,
        new_quantity: int,
        *,
        expected_quantity: int | None = None,
        key: str,
    ) -> OrderView:
        """Refused before any request: editing lines needs more than one call on these
        platforms, and a half-done edit would leave the order and the money out of step.
        The shopper is offered a person, who edits the order in the shop's admin."""
        raise CommerceUnsupported(f"{self.name}: {self.no_item_changes}")

    async def open_return(
        self,
        number_key: str,
        items: Sequence[OrderItemView],
        reason: str,
        *,
        idempotency_key: str,
        ledger: ReturnsLedger,
    ) -> ReturnView:
        """Open a return: eligibility from the order as read now, a note on the platform's
        order, then our own record (see ``commerce.platform_returns``).

        The order of the two writes is what makes a retry finish the job exactly once. The
        reference is derived from the idempotency key, and the note carries it, so:

        - the platform note goes first: if it fails, nothing is recorded anywhere and the
          shopper hears so (an unclear failure is re-read once, as for every write);
        - our record goes second, in the turn's transaction: if that fails after the note
          landed, the retried message (same key, same reference) finds the note already on the
          order, sends nothing, and records the return once.

        The other way round, a record kept after a failed note would be a return the shop's
        staff never hear of, and a retry could not tell whether the note had gone out.
        """
        earlier = await ledger.by_key(idempotency_key)
        if earlier is not None:
            return earlier
        reference = reference_for(self.name, number_key, idempotency_key)
        async with self._write_lock:
            found = await self._fresh(number_key)
            lines = returnable_lines(found.view, items)
            taken = await ledger.taken(self.name, number_key)
            already = [str(x["name"]) for x in lines if line_key(x["sku"], x["name"]) in taken]
            if already:
                raise CommerceRejected(f"already being returned: {', '.join(already)}")
            try:
                await self._note_return(number_key, found, reference, lines, reason)
            finally:
                self._order_cache.discard(number_key)
        return await ledger.record(
            self.name,
            number_key,
            lines,
            reason,
            reference=reference,
            idempotency_key=idempotency_key,
        )

    async def _note_return(
        self,
        number_key: str,
        found: Found,
        reference: str,
        lines: list[dict[str, Any]],
        reason: str,
    ) -> None:
        unclear: CommerceUnavailable | None = None
        for _attempt in (1, 2):
            if await self.return_noted(found, reference):
                return
            try:
                await self.send_return_note(found, reference, lines, reason)
                return
            except OutcomeUnknown as exc:
                log.warning("%s: return note on %s: %s; re-reading", self.name, number_key, exc)
                unclear = exc
            found = await self._fresh(number_key)
        if await self.return_noted(found, reference):
            return
        raise CommerceUnavailable(f"{self.name}: return note on {number_key}: {unclear}")

    async def find_products(self, query: str, *, limit: int = 5) -> list[ProductView]:
        key = f"find:{limit}:{query.strip().casefold()}"
        cached = self._product_cache.get(key)
        if cached is None:
            cached = await self.search_products(query, limit)
            self._product_cache.put(key, cached)
        return list(cached)

    async def get_product(self, sku: str) -> ProductView | None:
        key = f"sku:{sku}"
        cached = self._product_cache.get(key)
        if cached is None:
            product = await self.fetch_product(sku)
            if product is None:
                return None
            cached = [product]
            self._product_cache.put(key, cached)
        return cached[0]

    # -- writes ------------------------------------------------------------------------------------

    async def _write(
        self, operation: str, number_key: str, key: str, apply: Apply, done: Done
    ) -> OrderView:
        async with self._write_lock:
            outcome = self._outcomes.get(key)
            if outcome is not None:
                if (outcome.operation, outcome.number_key) != (operation, number_key):
                    raise CommerceRejected(f"idempotency key {key!r} was used for another write")
                return outcome.view
            self._order_cache.discard(number_key)
            try:
                view = await self._write_once(operation, number_key, apply, done)
            finally:
                self._order_cache.discard(number_key)
            self._outcomes.put(key, _Outcome(operation, number_key, view))
            return view

    async def _write_once(
        self, operation: str, number_key: str, apply: Apply, done: Done
    ) -> OrderView:
        found = await self._fresh(number_key)
        unclear: CommerceUnavailable | None = None
        for attempt in (1, 2):
            if done(found):
                return found.view
            try:
                return await apply(found)
            except OutcomeUnknown as exc:
                log.warning("%s: %s of %s: %s; re-reading", self.name, operation, number_key, exc)
                unclear = exc
            except CommerceRejected:
                if attempt == 1:
                    raise
                # The first attempt may have landed after our re-read, making this one refused.
                found = await self._fresh(number_key)
                if done(found):
                    return found.view
                raise
            found = await self._fresh(number_key)
        if done(found):
            return found.view
        raise CommerceUnavailable(f"{self.name}: {operation} of {number_key}: {unclear}")

    async def _fresh(self, number_key: str) -> Found:
        found = await self.fetch_order(number_key)
        if found is None:
            raise CommerceRejected(f"{self.name}: order {number_key} not found")
        return found
