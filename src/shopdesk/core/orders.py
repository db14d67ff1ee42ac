"""Read-only views of an order, as every commerce connector returns them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from shopdesk.core.types import OrderStatus


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class AddressView(_View):
    name: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


class OrderItemView(_View):
    sku: str | None = None
    name: str
    quantity: int
    unit_price: Decimal | None = None
    tags: tuple[str, ...] = ()  # the product's tags ("final-sale"): what policy may exclude


class TrackingEventView(_View):
    at: datetime
    location: str | None = None
    description: str


class ShipmentView(_View):
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    status: str
    shipped_at: datetime | None = None
    estimated_delivery: date | None = None
    delivered_at: datetime | None = None
    events: tuple[TrackingEventView, ...] = ()

    @property
    def last_event(self) -> TrackingEventView | None:
        return max(self.events, key=lambda e: e.at) if self.events else None


class RefundView(_View):
    amount: Decimal
    status: str
    created_at: datetime | None = None


class OrderView(_View):
    number: str
    status: OrderStatus
    payment_status: str | None = None
    currency: str
    total: Decimal
    placed_at: datetime
    customer_email: str
    customer_name: str | None = None
    customer_postal_code: str | None = None
    shipping_address: AddressView | None = None
    items: tuple[OrderItemView, ...] = ()
    shipments: tuple[ShipmentView, ...] = ()
    refunds: tuple[RefundView, ...] = ()
    payment_failure_reason: str | None = None
    hold_reason: str | None = None

    @property
    def refunded_total(self) -> Decimal:
        return sum((r.amount for r in self.refunds), Decimal("0"))


class ReturnView(_View):
    """A return the shop has opened for some items of an order."""

    reference: str
    items: tuple[OrderItemView, ...]
    label_url: str | None = None
    status: str


def order_number_key(value: str) -> str:
    """Canonical form of an order number: upper-cased letters and digits only.

    "#hx-4417", "HX 4417" and "hx4417" all give "HX4417"; the store keeps this key beside the
    number so lookups do not depend on how the shopper typed it.
    """
    return "".join(ch for ch in value.upper() if ch.isalnum())
