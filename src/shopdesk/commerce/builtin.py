"""The built-in commerce connector: orders from shopdesk's own database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
)
from shopdesk.core.types import OrderStatus
from shopdesk.models import Order


class DatabaseOrderSource:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_order(self, number_key: str) -> OrderView | None:
        query = (
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
        order = (await self._session.execute(query)).unique().scalar_one_or_none()
        return None if order is None else order_view(order)


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
