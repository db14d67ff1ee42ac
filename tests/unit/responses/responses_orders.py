"""Realistic orders for the responses tests, one per status, plus the facts each must state."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_currency

from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
)
from shopdesk.core.types import OrderStatus

LOCALES = ("en", "es", "fr", "de", "pt", "it")
# Independent of the code under test: Babel's bare "pt" is Brazilian, we write European.
BABEL = {"en": "en", "es": "es", "fr": "fr", "de": "de", "pt": "pt_PT", "it": "it"}

NUMBER = "HX-4417"
PLACED = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
ETA = date(2026, 11, 6)
CET = timezone(timedelta(hours=1))
# Sent newest first on purpose: the card must sort them oldest first.
EVENTS = (
    TrackingEventView(
        at=datetime(2026, 11, 4, 7, 5, tzinfo=CET),
        location="Zaragoza",
        description="Arrived at sorting center",
    ),
    TrackingEventView(
        at=datetime(2026, 11, 3, 16, 40, tzinfo=UTC), location="Madrid", description="Picked up"
    ),
)
LAST_EVENT = EVENTS[0]
DELIVERED_AT = datetime(2026, 11, 5, 12, 31, tzinfo=UTC)
REFUND_DAY = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)


def base(status: OrderStatus, **fields: object) -> OrderView:
    data: dict[str, object] = {
        "number": NUMBER,
        "status": status,
        "payment_status": "paid",
        "currency": "EUR",
        "total": Decimal("59.90"),
        "placed_at": PLACED,
        "customer_email": "ana.garcia@example.com",
        "customer_name": "Ana García",
        "customer_postal_code": "28013",
        "shipping_address": AddressView(
            name="Ana García", line1="Calle Mayor 5", city="Madrid", postal_code="28013"
        ),
        "items": (
            OrderItemView(
                sku="SCF-01", name="Merino wool scarf", quantity=1, unit_price=Decimal("35.90")
            ),
            OrderItemView(
                sku="SCK-03", name="Cotton socks (3-pack)", quantity=2, unit_price=Decimal("12.00")
            ),
        ),
    }
    data.update(fields)
    return OrderView.model_validate(data)


def shipment(**fields: object) -> ShipmentView:
    data: dict[str, object] = {
        "carrier": "DHL",
        "tracking_number": "JD014600006281230957",
        "tracking_url": "https://www.dhl.com/track?id=JD014600006281230957",
        "status": "in_transit",
        "shipped_at": datetime(2026, 11, 3, 16, 0, tzinfo=UTC),
        "estimated_delivery": ETA,
        "events": EVENTS,
    }
    data.update(fields)
    return ShipmentView.model_validate(data)


def order_for(status: OrderStatus) -> OrderView:
    """The full, realistic order of each status."""
    match status:
        case OrderStatus.PENDING:
            return base(status, payment_status="pending")
        case OrderStatus.PAID | OrderStatus.PROCESSING:
            return base(status)
        case OrderStatus.SHIPPED:
            return base(status, shipments=(shipment(),))
        case OrderStatus.OUT_FOR_DELIVERY:
            return base(status, shipments=(shipment(carrier="SEUR", status="out_for_delivery"),))
        case OrderStatus.DELIVERED:
            return base(
                status,
                shipments=(
                    shipment(carrier="Correos", status="delivered", delivered_at=DELIVERED_AT),
                ),
            )
        case OrderStatus.CANCELLED:
            refund = RefundView(amount=Decimal("59.90"), status="processed", created_at=REFUND_DAY)
            return base(status, payment_status="refunded", refunds=(refund,))
        case OrderStatus.RETURNED:
            refund = RefundView(amount=Decimal("18.00"), status="pending")
            return base(status, shipments=(shipment(status="delivered"),), refunds=(refund,))
        case OrderStatus.REFUNDED:
            refunds = (
                RefundView(amount=Decimal("18.00"), status="processed", created_at=REFUND_DAY),
                RefundView(amount=Decimal("41.90"), status="pending"),
            )
            return base(status, payment_status="refunded", refunds=refunds)
        case OrderStatus.ON_HOLD:
            return base(status, hold_reason="Address verification needed")
        case OrderStatus.PAYMENT_FAILED:
            return base(
                status,
                payment_status="failed",
                payment_failure_reason="Card declined by the issuing bank",
            )
    raise AssertionError(status)


def day(value: date, locale: str) -> str:
    return format_date(value, format="long", locale=BABEL[locale])


def money(amount: str, locale: str, currency: str = "EUR") -> str:
    return format_currency(Decimal(amount), currency, locale=BABEL[locale])


def facts_for(status: OrderStatus, locale: str) -> list[str]:
    """Exact substrings the reply text must contain, computed straight from Babel."""
    facts = [NUMBER]
    match status:
        case OrderStatus.PENDING | OrderStatus.PAID | OrderStatus.PROCESSING:
            facts.append(day(PLACED.date(), locale))
        case OrderStatus.SHIPPED | OrderStatus.OUT_FOR_DELIVERY:
            last_utc = LAST_EVENT.at.astimezone(UTC)
            facts += [
                "SEUR" if status is OrderStatus.OUT_FOR_DELIVERY else "DHL",
                "JD014600006281230957",
                "https://www.dhl.com/track?id=JD014600006281230957",
                day(ETA, locale),
                LAST_EVENT.description,
                "Zaragoza",
                day(last_utc.date(), locale),
                format_time(last_utc.time(), format="short", locale=BABEL[locale]),
            ]
        case OrderStatus.DELIVERED:
            facts += ["Correos", "JD014600006281230957", day(DELIVERED_AT.date(), locale)]
        case OrderStatus.CANCELLED:
            facts += [money("59.90", locale), day(REFUND_DAY.date(), locale)]
        case OrderStatus.RETURNED:
            facts.append(money("18.00", locale))
        case OrderStatus.REFUNDED:
            facts += [
                money("18.00", locale),
                money("41.90", locale),
                day(REFUND_DAY.date(), locale),
            ]
        case OrderStatus.ON_HOLD:
            facts.append("Address verification needed")
        case OrderStatus.PAYMENT_FAILED:
            facts.append("Card declined by the issuing bank")
    return facts


CONTRACT_KEYS = {
    "type",
    "order_number",
    "status",
    "carrier",
    "tracking_number",
    "tracking_url",
    "estimated_delivery",
    "items",
    "events",
}


def assert_contract_shape(card: dict[str, Any]) -> None:
    """chat-api.md: Card. Extra keys are allowed; these must be there with these types."""
    assert card.keys() >= CONTRACT_KEYS
    assert card["type"] == "order_status"
    assert isinstance(card["order_number"], str)
    assert isinstance(card["status"], str)
    for key in ("carrier", "tracking_number", "tracking_url"):
        assert card[key] is None or isinstance(card[key], str)
    eta = card["estimated_delivery"]
    assert eta is None or date.fromisoformat(eta).isoformat() == eta
    for item in card["items"]:
        assert set(item) == {"name", "quantity"}
        assert isinstance(item["name"], str)
        assert isinstance(item["quantity"], int)
    for event in card["events"]:
        assert set(event) == {"at", "location", "description"}
        assert datetime.fromisoformat(event["at"]).utcoffset() is not None
        assert event["location"] is None or isinstance(event["location"], str)
        assert isinstance(event["description"], str)
    json.dumps(card)  # plain JSON values only
