"""Column values of each record, exactly as the database stores them.

Keeping one canonical form (timestamps in UTC, enum values as plain strings, addresses and events
as JSON dicts) is what lets a re-import compare equal and write nothing.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from shopdesk import models
from shopdesk.core.orders import order_number_key
from shopdesk.store import schemas

CHILD_MODELS: dict[str, type[Any]] = {
    "items": models.OrderItem,
    "shipments": models.Shipment,
    "refunds": models.Refund,
}


def simple_values(record: schemas.Customer | schemas.Product | schemas.Article) -> dict[str, Any]:
    """Customers, products and articles: every field is a column of the same name."""
    return record.model_dump(exclude={"extra"}) | {"extra": record.extra}


def order_values(record: schemas.Order, customer_id: int) -> dict[str, Any]:
    address = record.shipping_address
    return {
        "number": record.number,
        "number_key": order_number_key(record.number),
        "customer_id": customer_id,
        "placed_at": record.placed_at,
        "status": record.status.value,
        "payment_status": record.payment_status.value if record.payment_status else None,
        "currency": record.currency,
        "total": record.total,
        "shipping_address": address.model_dump(mode="json") if address else None,
        "payment_failure_reason": record.payment_failure_reason,
        "hold_reason": record.hold_reason,
        "extra": record.extra,
    }


def _item_values(position: int, item: schemas.OrderItem) -> dict[str, Any]:
    return {
        "position": position,
        "sku": item.sku,
        "name": item.name,
        "quantity": item.quantity,
        "unit_price": item.unit_price,
        "extra": item.extra,
    }


def _event(event: schemas.TrackingEvent) -> dict[str, Any]:
    # One spelling of the instant ("+00:00", never "Z") keeps re-imports byte-for-byte unchanged.
    return {
        "at": event.at.astimezone(UTC).isoformat(),
        "location": event.location,
        "description": event.description,
        **(event.model_extra or {}),
    }


def _shipment_values(position: int, shipment: schemas.Shipment) -> dict[str, Any]:
    return {
        "position": position,
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
        "status": shipment.status.value,
        "shipped_at": shipment.shipped_at,
        "estimated_delivery": shipment.estimated_delivery,
        "delivered_at": shipment.delivered_at,
        "events": [_event(e) for e in shipment.events],
        "extra": shipment.extra,
    }


def _refund_values(position: int, refund: schemas.Refund) -> dict[str, Any]:
    return {
        "position": position,
        "amount": refund.amount,
        "status": refund.status.value,
        "created_at": refund.created_at,
        "extra": refund.extra,
    }


def children(record: schemas.Order) -> dict[str, list[dict[str, Any]]]:
    return {
        "items": [_item_values(i, item) for i, item in enumerate(record.items)],
        "shipments": [_shipment_values(i, s) for i, s in enumerate(record.shipments)],
        "refunds": [_refund_values(i, r) for i, r in enumerate(record.refunds)],
    }
