"""The built-in commerce connector: orders from shopdesk's own database."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from shopdesk.commerce.protocols import CommerceRejected
from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
)
from shopdesk.core.types import OrderStatus
from shopdesk.models import AuditEntry, Order, Refund


def _order_query(number_key: str) -> Select[tuple[Order]]:
    return (
        select(Order)
        .where(Order.number_key == number_key)
        .options(
            # One round trip: an order has few items, shipments and refunds, so the joined
            # rows stay few, and each statement costs far more than its rows here.
            joinedload(Order.customer),
            joinedload(Order.items),
            joinedload(Order.shipments),
            joinedload(Order.refunds),
        )
    )


class DatabaseOrderSource:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_order(self, number_key: str) -> OrderView | None:
        query = _order_query(number_key)
        order = (await self._session.execute(query)).unique().scalar_one_or_none()
        return None if order is None else order_view(order)


# Until it ships an order can still change; after that the parcel is with the carrier.
_BEFORE_SHIPMENT = frozenset(
    {
        OrderStatus.PENDING,
        OrderStatus.PAID,
        OrderStatus.PROCESSING,
        OrderStatus.ON_HOLD,
        OrderStatus.PAYMENT_FAILED,
    }
)


class DatabaseOrderActions(DatabaseOrderSource):
    """Writes on shopdesk's own orders, each with an audit entry, in the caller's transaction.

    The request or job that called commits (or rolls back) the write together with the turn
    that asked for it. Idempotent per key: the audit entry carries it, uniquely.
    """

    def __init__(self, session: AsyncSession, *, actor: str) -> None:
        super().__init__(session)
        self._actor = actor

    async def _load(self, number_key: str) -> Order:
        query = _order_query(number_key).with_for_update(of=Order)
        order = (await self._session.execute(query)).unique().scalar_one_or_none()
        if order is None:
            raise CommerceRejected(f"no order {number_key}")
        return order

    async def _done_before(self, idempotency_key: str) -> bool:
        query = select(AuditEntry.id).where(AuditEntry.idempotency_key == idempotency_key)
        return (await self._session.execute(query)).first() is not None

    def _audit(self, action: str, order: Order, before: dict[str, Any], key: str) -> None:
        after = {k: _plain(getattr(order, k)) for k in before}
        self._session.add(
            AuditEntry(
                actor=self._actor,
                action=action,
                subject=f"order:{order.number}",
                before=before,
                after=after,
                idempotency_key=key or None,
            )
        )

    async def cancel_order(
        self, number_key: str, *, reason: str | None, idempotency_key: str
    ) -> OrderView:
        order = await self._load(number_key)
        if await self._done_before(idempotency_key) or order.status == OrderStatus.CANCELLED:
            return order_view(order)
        if order.status not in _BEFORE_SHIPMENT:
            raise CommerceRejected(f"order {order.number} is {order.status}")
        before = {"status": order.status, "payment_status": order.payment_status}
        order.status = OrderStatus.CANCELLED
        if order.payment_status in ("paid", "partially_refunded"):
            owed = order.total - sum((r.amount for r in order.refunds), Decimal("0"))
            if owed > 0:
                order.refunds.append(
                    Refund(
                        position=len(order.refunds),
                        amount=owed,
                        status="pending",
                        created_at=datetime.now(UTC),
                        extra={"reason": reason or "order cancelled"},
                    )
                )
            order.payment_status = "refunded"
        self._audit("cancel_order", order, before, idempotency_key)
        await self._session.flush()
        return order_view(order)

    async def update_shipping_address(
        self, number_key: str, address: AddressView, *, idempotency_key: str
    ) -> OrderView:
        order = await self._load(number_key)
        if await self._done_before(idempotency_key):
            return order_view(order)
        if order.status not in _BEFORE_SHIPMENT:
            raise CommerceRejected(f"order {order.number} is {order.status}")
        before = {"shipping_address": order.shipping_address}
        order.shipping_address = address.model_dump(exclude_none=True)
        self._audit("update_shipping_address", order, before, idempotency_key)
        await self._session.flush()
        return order_view(order)


def _plain(value: Any) -> Any:
    """A column value as JSON can hold it."""
    return (
        value if value is None or isinstance(value, str | int | float | dict | list) else str(value)
    )


def _event(raw: dict[str, Any]) -> TrackingEventView:
    at = datetime.fromisoformat(raw["at"])
    return TrackingEventView(
        at=at if at.tzinfo else at.replace(tzinfo=UTC),
        location=raw.get("location"),
        description=raw.get("description") or "",
    )


def order_view(order: Order) -> OrderView:
    address = AddressView(**order.shipping_address) if order.shipping_address else None
    return OrderView(
        number=order.number,
        status=OrderStatus(order.status),
        payment_status=order.payment_status,
        currency=order.currency,
        total=order.total,
        placed_at=order.placed_at,
        customer_email=order.customer.email,
        customer_name=order.customer.name,
        customer_postal_code=order.customer.postal_code,
        shipping_address=address,
        items=tuple(
            OrderItemView(sku=i.sku, name=i.name, quantity=i.quantity, unit_price=i.unit_price)
            for i in order.items
        ),
        shipments=tuple(
            ShipmentView(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                tracking_url=s.tracking_url,
                status=s.status,
                shipped_at=s.shipped_at,
                estimated_delivery=s.estimated_delivery,
                delivered_at=s.delivered_at,
                events=tuple(_event(e) for e in s.events or ()),
            )
            for s in order.shipments
        ),
        refunds=tuple(
            RefundView(amount=r.amount, status=r.status, created_at=r.created_at)
            for r in order.refunds
        ),
        payment_failure_reason=order.payment_failure_reason,
        hold_reason=order.hold_reason,
    )
