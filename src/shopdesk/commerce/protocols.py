"""The protocols the dialogue engine talks to. Implementations live beside this module.

A connector is a shop's system of record: shopdesk's own database (``builtin``), or a platform
reached over HTTP. Reads return the frozen views of :mod:`shopdesk.core.orders` and
:mod:`shopdesk.core.products`; writes return the order as it is after the write. Every failure a
shopper could run into is one of the exceptions below, so the engine can always answer politely
(and offer a person) instead of crashing; none of them means "half written".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from shopdesk.core.orders import AddressView, OrderItemView, OrderView, ReturnView
from shopdesk.core.products import ProductView


class CommerceError(Exception):
    """The shop's system could not do what was asked; the message is for logs, not shoppers."""


class CommerceUnavailable(CommerceError):
    """Down, timing out, rate-limited or refusing our credentials: try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CommerceRejected(CommerceError):
    """The platform refused this write (say, the order shipped meanwhile); nothing changed."""


class CommerceUnsupported(CommerceRejected):
    """This connector cannot make this kind of write at all (the platform has no safe way to):
    nothing changed, and a person has to do it in the shop's own admin."""


class OrderSource(Protocol):
    async def get_order(self, number_key: str) -> OrderView | None:
        """The order whose canonical number (see ``order_number_key``) is ``number_key``.

        The caller, not the source, decides whether the shopper may see it: see
        ``dialogue.verification``.
        """
        ...


class OrderActions(Protocol):
    """Writes on orders. Each is idempotent per ``idempotency_key``: a retry with the same key
    returns the first outcome and changes nothing more. The caller checks the shop's policy
    first; an implementation still refuses what its platform refuses (``CommerceRejected``).
    """

    async def cancel_order(
        self, number_key: str, *, reason: str | None, idempotency_key: str
    ) -> OrderView:
        """Cancel the order (and refund what was paid); returns the cancelled order."""
        ...

    async def update_shipping_address(
        self, number_key: str, address: AddressView, *, idempotency_key: str
    ) -> OrderView:
        """Replace the order's shipping address; returns the updated order."""
        ...

    async def create_return(
        self,
        number_key: str,
        items: Sequence[OrderItemView],
        reason: str,
        *,
        idempotency_key: str,
    ) -> ReturnView:
        """Open a return for ``items`` of the order (each in full); returns it with its label.

        Refuses (``CommerceRejected``) an unknown order or an item already being returned.
        """
        ...

    async def change_item_quantity(
        self,
        number_key: str,
        sku_or_line: str,
        new_quantity: int,
        *,
        expected_quantity: int | None = None,
        key: str,
    ) -> OrderView:
        """Set one line's quantity (0 removes it); totals follow and the difference is refunded.

        ``sku_or_line`` is the line's SKU, or its name for lines without one. With
        ``expected_quantity``, refuses (``CommerceRejected``) when the line no longer has that
        quantity: the order moved on since the shopper agreed. Connectors whose platform has no
        safe partial edit raise ``CommerceUnsupported``.
        """
        ...


class CatalogSource(Protocol):
    async def find_products(self, query: str, *, limit: int = 5) -> list[ProductView]:
        """Products whose name or description matches ``query``, best first."""
        ...

    async def get_product(self, sku: str) -> ProductView | None: ...


class ShopperRecords(Protocol):
    """What the shop records about a shopper at their request, in its own database. Each write
    is idempotent per ``idempotency_key`` (a retried message records nothing more)."""

    async def record_feedback(
        self,
        kind: str,
        text: str,
        *,
        email: str | None,
        order_number: str | None,
        rating: int | None,
        idempotency_key: str,
    ) -> None:
        """Keep a complaint or a review ("kind"), tied to a verified order when there is one."""
        ...

    async def request_erasure(self, email: str, *, idempotency_key: str) -> str:
        """Record a verified customer's request to delete their account; returns its reference
        (an open request for the same email is returned rather than a second one)."""
        ...

    async def set_newsletter(self, email: str, subscribed: bool) -> bool:
        """Subscribe or unsubscribe; returns whether the email was subscribed before."""
        ...
