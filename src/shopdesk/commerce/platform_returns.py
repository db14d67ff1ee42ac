"""Returns for orders held on a platform, recorded in shopdesk's own ``returns`` table.

Shopify's REST Admin API has no returns endpoint (returns are a GraphQL flow there) and
WooCommerce has none at all, so shopdesk does what integrations on those platforms do: it checks
eligibility on the order it has just read, keeps the return (reference, items, reason, label link
from the shop's returns portal) in its own table, and leaves a note on the platform's order so the
shop's staff see it where they work. ``PlatformTurn`` gives the chat one connector per turn whose
``create_return`` writes the record in that turn's transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.protocols import CommerceRejected
from shopdesk.commerce.return_records import add_return, label_url, return_view
from shopdesk.core.orders import OrderItemView, OrderView, ReturnView
from shopdesk.core.types import OrderStatus
from shopdesk.models import Return

if TYPE_CHECKING:
    from shopdesk.commerce.connector import HttpConnector

_CLOSED = frozenset({OrderStatus.CANCELLED, OrderStatus.RETURNED, OrderStatus.REFUNDED})
# No 0/O or 1/I, as for the built-in shop's references.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def reference_for(connector: str, number_key: str, idempotency_key: str) -> str:
    """The return's reference, derived from its idempotency key: a retry names the same
    return, so the note it may already have left on the platform is recognised as its own."""
    digest = hashlib.sha256(f"{connector}:{number_key}:{idempotency_key}".encode()).digest()
    return "R-" + "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:8])


def line_key(sku: str | None, name: str) -> tuple[str, str]:
    return (sku or "", name.casefold())


def returnable_lines(order: OrderView, items: Sequence[OrderItemView]) -> list[dict[str, Any]]:
    """The order's own lines for ``items``, if the order (as just read) can take a return.

    The shop's window and non-returnable tags are the dialogue's to check (it has the policy and
    the clock); here only what the platform's data says: delivered, not closed, the items on it.
    """
    delivered = order.status is OrderStatus.DELIVERED or any(
        s.delivered_at is not None for s in order.shipments
    )
    if order.status in _CLOSED or not delivered:
        raise CommerceRejected(f"order {order.number} is {order.status}")
    lines = {line_key(i.sku, i.name): i for i in order.items}
    wanted: list[dict[str, Any]] = []
    for item in items:
        line = lines.get(line_key(item.sku, item.name))
        if line is None:
            raise CommerceRejected(f"order {order.number} has no item {item.name!r}")
        entry = {"sku": line.sku, "name": line.name, "quantity": line.quantity}
        if entry not in wanted:
            wanted.append(entry)
    if not wanted:
        raise CommerceRejected("a return needs at least one item")
    return wanted


def note_text(reference: str, lines: Sequence[Mapping[str, Any]], reason: str) -> str:
    """What the shop's staff read on the order (in English: the admin's language is theirs)."""
    items = ", ".join(f"{line['quantity']} x {line['name']}" for line in lines)
    return f"Return {reference} requested in chat: {items}. Reason: {reason.strip()[:300]}"


class ReturnsLedger:
    """Platform returns in our ``returns`` table, in the caller's transaction."""

    def __init__(
        self, session: AsyncSession, *, actor: str, returns_portal: str | None = None
    ) -> None:
        self._session = session
        self._actor = actor
        self.returns_portal = returns_portal

    async def by_key(self, idempotency_key: str) -> ReturnView | None:
        query = select(Return).where(Return.idempotency_key == idempotency_key)
        row = (await self._session.execute(query)).scalar_one_or_none()
        return None if row is None else return_view(row)

    async def taken(self, connector: str, number_key: str) -> set[tuple[str, str]]:
        """The lines of this order already in an open return."""
        query = select(Return).where(
            Return.connector == connector,
            Return.order_number == number_key,
            Return.status != "cancelled",
        )
        rows = (await self._session.execute(query)).scalars()
        return {line_key(line.get("sku"), str(line["name"])) for row in rows for line in row.items}

    async def record(
        self,
        connector: str,
        number_key: str,
        lines: list[dict[str, Any]],
        reason: str,
        *,
        reference: str,
        idempotency_key: str,
    ) -> ReturnView:
        row = Return(
            reference=reference,
            order_id=None,
            connector=connector,
            order_number=number_key,
            items=lines,
            reason=reason.strip()[:1000],
            status="requested",
            label_url=label_url(self.returns_portal, reference),
            created_at=datetime.now(UTC),
            idempotency_key=idempotency_key,
        )
        subject = f"{connector}-order:{number_key}"
        if not await add_return(self._session, row, actor=self._actor, subject=subject):
            earlier = await self.by_key(idempotency_key)
            if earlier is None:
                raise CommerceRejected("the return could not be stored")
            return earlier
        return return_view(row)


class PlatformTurn:
    """A platform connector for one chat turn: everything is the shared connector's, except
    that a return is recorded through this turn's ledger (our table, this turn's transaction)."""

    def __init__(self, connector: HttpConnector, ledger: ReturnsLedger) -> None:
        self._connector = connector
        self._ledger = ledger

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connector, name)

    async def create_return(
        self,
        number_key: str,
        items: Sequence[OrderItemView],
        reason: str,
        *,
        idempotency_key: str,
    ) -> ReturnView:
        return await self._connector.open_return(
            number_key, items, reason, idempotency_key=idempotency_key, ledger=self._ledger
        )
