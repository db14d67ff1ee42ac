"""The order_status card has exactly the contract's shape and the order's own values."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from responses_orders import (
    CONTRACT_KEYS,
    EVENTS,
    NUMBER,
    assert_contract_shape,
    base,
    order_for,
    shipment,
)

from shopdesk.core.orders import RefundView
from shopdesk.core.types import OrderStatus
from shopdesk.responses import order_status_card


@pytest.mark.parametrize("status", list(OrderStatus))
def test_card_shape_and_values_for_every_status(status: OrderStatus) -> None:
    order = order_for(status)
    card = order_status_card(order)
    assert_contract_shape(card)
    assert card["order_number"] == NUMBER
    assert card["status"] == status.value
    assert card["items"] == [
        {"name": "Merino wool scarf", "quantity": 1},
        {"name": "Cotton socks (3-pack)", "quantity": 2},
    ]
    assert card["total"] == "59.90"
    assert card["currency"] == "EUR"
    assert [r["amount"] for r in card["refunds"]] == [f"{r.amount:f}" for r in order.refunds]
    assert card["hold_reason"] == order.hold_reason
    assert card["payment_failure_reason"] == order.payment_failure_reason


def test_card_of_a_shipped_order() -> None:
    card = order_status_card(order_for(OrderStatus.SHIPPED))
    assert card["carrier"] == "DHL"
    assert card["tracking_number"] == "JD014600006281230957"
    assert card["tracking_url"] == "https://www.dhl.com/track?id=JD014600006281230957"
    assert card["estimated_delivery"] == "2026-11-06"
    # Oldest first, each with its own offset kept.
    assert card["events"] == [
        {"at": "2026-11-03T16:40:00+00:00", "location": "Madrid", "description": "Picked up"},
        {
            "at": "2026-11-04T07:05:00+01:00",
            "location": "Zaragoza",
            "description": "Arrived at sorting center",
        },
    ]


def test_card_without_any_optional_data() -> None:
    card = order_status_card(base(OrderStatus.PROCESSING, items=(), payment_status=None))
    assert_contract_shape(card)
    assert {k: card[k] for k in CONTRACT_KEYS - {"type", "order_number", "status"}} == {
        "carrier": None,
        "tracking_number": None,
        "tracking_url": None,
        "estimated_delivery": None,
        "items": [],
        "events": [],
    }
    assert card["shipments"] == [] and card["refunds"] == [] and card["delivered_at"] is None


def test_main_shipment_is_the_latest_with_a_tracking_number() -> None:
    first = shipment(
        carrier="GLS", tracking_number="GLS1", shipped_at=datetime(2026, 11, 1, tzinfo=UTC)
    )
    second = shipment(
        carrier="UPS", tracking_number="1Z999", shipped_at=datetime(2026, 11, 3, tzinfo=UTC)
    )
    untracked = shipment(
        carrier="Local courier", tracking_number=None, tracking_url=None, events=()
    )
    card = order_status_card(base(OrderStatus.SHIPPED, shipments=(second, untracked, first)))
    assert (card["carrier"], card["tracking_number"]) == ("UPS", "1Z999")
    assert [s["carrier"] for s in card["shipments"]] == ["UPS", "Local courier", "GLS"]
    assert len(card["events"]) == len(EVENTS)


def test_without_tracking_numbers_the_latest_shipment_still_names_its_carrier() -> None:
    only = shipment(tracking_number=None, tracking_url=None, events=(), estimated_delivery=None)
    card = order_status_card(base(OrderStatus.SHIPPED, shipments=(only,)))
    assert card["carrier"] == "DHL"
    assert card["tracking_number"] is None
    assert card["events"] == []


def test_naive_times_are_read_as_utc() -> None:
    naive = shipment(events=(EVENTS[1].model_copy(update={"at": datetime(2026, 11, 3, 16, 40)}),))
    card = order_status_card(base(OrderStatus.SHIPPED, shipments=(naive,)))
    assert card["events"][0]["at"] == "2026-11-03T16:40:00+00:00"


def test_refunds_keep_exact_amounts() -> None:
    refund = RefundView(amount=Decimal("18.1"), status="pending")
    card = order_status_card(base(OrderStatus.RETURNED, refunds=(refund,)))
    assert card["refunds"] == [
        {"amount": "18.1", "currency": "EUR", "status": "pending", "created_at": None}
    ]
