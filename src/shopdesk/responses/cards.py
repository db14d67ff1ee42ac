"""The structured "order_status" card of the chat API (see shared/contracts/chat-api.md).

The contract's keys come first and keep their exact shape; the extra keys (placed_at, total,
shipments, refunds, ...) carry every other fact the reply text may state, so the widget can show
exactly what the text says.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shopdesk.core.orders import OrderView, RefundView, ShipmentView, TrackingEventView
from shopdesk.responses.formatting import as_utc


def main_shipment(order: OrderView) -> ShipmentView | None:
    """The shipment a single-parcel answer talks about.

    The latest one with a tracking number (a shopper can follow it), else the latest one.
    "Latest" is by shipped_at; shipments never shipped, and ties, go by their order in the data.
    """

    def rank(item: tuple[int, ShipmentView]) -> tuple[datetime, int]:
        index, shipment = item
        return (as_utc(shipment.shipped_at or datetime.min), index)

    ranked = list(enumerate(order.shipments))
    tracked = [item for item in ranked if item[1].tracking_number]
    pool = tracked or ranked
    return max(pool, key=rank)[1] if pool else None


def sorted_events(shipment: ShipmentView) -> list[TrackingEventView]:
    """Tracking events oldest first, whatever order the connector sent them in."""
    return sorted(shipment.events, key=lambda event: as_utc(event.at))


def order_status_card(order: OrderView) -> dict[str, Any]:
    shipment = main_shipment(order)
    return {
        "type": "order_status",
        "order_number": order.number,
        "status": order.status.value,
        "carrier": shipment.carrier if shipment else None,
        "tracking_number": shipment.tracking_number if shipment else None,
        "tracking_url": shipment.tracking_url if shipment else None,
        "estimated_delivery": _day(shipment.estimated_delivery) if shipment else None,
        "items": [{"name": item.name, "quantity": item.quantity} for item in order.items],
        "events": [_event(event) for event in sorted_events(shipment)] if shipment else [],
        # Extensions: everything else the text may mention.
        "delivered_at": _moment(shipment.delivered_at) if shipment else None,
        "placed_at": _moment(order.placed_at),
        "payment_status": order.payment_status,
        "total": _amount(order.total),
        "currency": order.currency,
        "shipments": [_shipment(item) for item in order.shipments],
        "refunds": [_refund(refund, order.currency) for refund in order.refunds],
        "hold_reason": order.hold_reason,
        "payment_failure_reason": order.payment_failure_reason,
    }


def _shipment(shipment: ShipmentView) -> dict[str, Any]:
    return {
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
        "status": shipment.status,
        "shipped_at": _moment(shipment.shipped_at),
        "estimated_delivery": _day(shipment.estimated_delivery),
        "delivered_at": _moment(shipment.delivered_at),
        "events": [_event(event) for event in sorted_events(shipment)],
    }


def _refund(refund: RefundView, currency: str) -> dict[str, Any]:
    return {
        "amount": _amount(refund.amount),
        "currency": currency,
        "status": refund.status,
        "created_at": _moment(refund.created_at),
    }


def _event(event: TrackingEventView) -> dict[str, Any]:
    return {
        "at": as_utc(event.at).isoformat(),
        "location": event.location,
        "description": event.description,
    }


def _moment(value: datetime | None) -> str | None:
    # ISO 8601 with offset, as the contract wants for every time.
    return as_utc(value).isoformat() if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal) -> str:
    # A string keeps the exact decimal ("18.10"); a JSON float would not.
    return format(value, "f")
