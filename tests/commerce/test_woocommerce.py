"""WooCommerce REST v3 over real HTTP: mapping, lookups, two-step cancels, auth and products."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from shopdesk.commerce.protocols import CommerceUnavailable
from shopdesk.commerce.woocommerce import TRACKING_META, WooCommerceConnector
from shopdesk.core.orders import AddressView, OrderItemView
from shopdesk.core.types import OrderStatus, PaymentStatus, ShipmentStatus
from support.fake_woocommerce import FakeWooCommerce, woo_order


@pytest.mark.parametrize(
    ("woo_status", "status"),
    [
        ("pending", OrderStatus.PENDING),
        ("checkout-draft", OrderStatus.PENDING),
        ("processing", OrderStatus.PROCESSING),
        ("on-hold", OrderStatus.ON_HOLD),
        ("completed", OrderStatus.SHIPPED),
        ("cancelled", OrderStatus.CANCELLED),
        ("refunded", OrderStatus.REFUNDED),
        ("failed", OrderStatus.PAYMENT_FAILED),
        ("out-for-delivery", OrderStatus.OUT_FOR_DELIVERY),  # a plugin's status we know
        ("awaiting-pickup", OrderStatus.PROCESSING),  # one we do not
    ],
)
async def test_statuses(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector, woo_status: str, status: OrderStatus
) -> None:
    fake_woo.add(woo_order(301, status=woo_status))
    order = await woo.get_order("301")
    assert order is not None and order.status is status


async def test_every_field(fake_woo: FakeWooCommerce, woo: WooCommerceConnector) -> None:
    tracking = [
        {"tracking_provider": "DHL", "tracking_number": "JD0001", "date_shipped": "1719900000",
         "custom_tracking_link": "https://dhl.example/JD0001"},
        {"custom_tracking_provider": "Hermes", "tracking_number": "H2", "date_shipped": ""},
    ]  # fmt: skip
    fake_woo.add(
        woo_order(
            302,
            status="completed",
            refunds=[{"id": 1, "reason": "broken", "total": "-15.00"}],
            meta_data=[{"id": 9, "key": TRACKING_META, "value": tracking}],
        )
    )
    order = await woo.get_order("302")
    assert order is not None
    assert order.number == "302"
    assert order.placed_at == datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
    assert (order.total, order.currency) == (Decimal("45.00"), "EUR")
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    assert order.refunded_total == Decimal("15.00")
    assert (order.customer_email, order.customer_name) == ("jonas@example.com", "Jonas Weber")
    assert order.customer_postal_code == "10115"
    assert order.shipping_address == AddressView(
        name="Jonas Weber", line1="Invalidenstr. 1", city="Berlin", postal_code="10115",
        country="DE",
    )  # fmt: skip
    assert order.items == (
        OrderItemView(sku="MUG-1", name="Mug", quantity=3, unit_price=Decimal("15.0")),
    )
    assert [(s.carrier, s.tracking_number, s.status) for s in order.shipments] == [
        ("DHL", "JD0001", ShipmentStatus.IN_TRANSIT),
        ("Hermes", "H2", ShipmentStatus.IN_TRANSIT),
    ]
    assert order.shipments[0].shipped_at == datetime.fromtimestamp(1719900000, UTC)
    assert order.shipments[0].tracking_url == "https://dhl.example/JD0001"


@pytest.mark.parametrize(
    ("fields", "payment"),
    [
        ({"status": "pending", "date_paid_gmt": None}, PaymentStatus.PENDING),
        ({}, PaymentStatus.PAID),
        ({"status": "failed", "date_paid_gmt": None}, PaymentStatus.FAILED),
        ({"refunds": [{"id": 1, "total": "-45.00"}]}, PaymentStatus.REFUNDED),
    ],
)
async def test_payment_status(
    fake_woo: FakeWooCommerce,
    woo: WooCommerceConnector,
    fields: dict[str, Any],
    payment: PaymentStatus,
) -> None:
    fake_woo.add(woo_order(303, **fields))
    order = await woo.get_order("303")
    assert order is not None and order.payment_status == payment


async def test_renumbered_orders_are_found_by_search(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    fake_woo.add(woo_order(55, number="WC-1001"))
    order = await woo.get_order("WC1001")
    assert order is not None and order.number == "WC-1001"
    assert await woo.get_order("55") is None  # the id is not the number the shopper knows
    assert await woo.get_order("999") is None  # 404 on the id, nothing in the search


async def test_wrong_keys_are_unavailable(
    fake_woo: FakeWooCommerce, woo_config: dict[str, Any]
) -> None:
    fake_woo.add(woo_order(304))
    connector = WooCommerceConnector.from_config(woo_config | {"consumer_secret": "cs_old"})
    try:
        with pytest.raises(CommerceUnavailable, match="credentials"):
            await connector.get_order("304")
    finally:
        await connector.aclose()


async def test_cancel_refunds_then_cancels(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    raw = fake_woo.add(woo_order(305, refunds=[{"id": 1, "total": "-5.00"}]))
    view = await woo.cancel_order("305", reason="too late", idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED
    assert view.refunded_total == Decimal("45.00")
    assert raw["refunds"][-1] == {"id": 901, "reason": "too late", "total": "-40.00"}


async def test_cancel_of_an_unpaid_order_only_cancels(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    raw = fake_woo.add(woo_order(306, status="on-hold", date_paid_gmt=None))
    view = await woo.cancel_order("306", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED
    assert raw["refunds"] == []
    assert fake_woo.faults.count("POST") == 0


async def test_a_lost_refund_answer_never_refunds_twice(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    raw = fake_woo.add(woo_order(307))
    fake_woo.faults.lose_write_answers = 1  # the refund lands, its answer does not
    view = await woo.cancel_order("307", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED
    assert len(raw["refunds"]) == 1
    assert fake_woo.faults.count("POST", "/refunds") == 1
    assert await woo.cancel_order("307", reason=None, idempotency_key="k1") == view


async def test_a_lost_cancel_answer_is_found_by_re_reading(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    raw = fake_woo.add(woo_order(308, status="pending", date_paid_gmt=None))
    fake_woo.faults.lose_write_answers = 1
    view = await woo.cancel_order("308", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED and raw["status"] == "cancelled"
    assert fake_woo.faults.count("PUT") == 1


async def test_update_shipping_address(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    raw = fake_woo.add(woo_order(309))
    wanted = AddressView(
        name="Jonas Weber", line1="Torstr. 5", city="Berlin", postal_code="10119", country="DE"
    )
    view = await woo.update_shipping_address("309", wanted, idempotency_key="a1")
    assert view.shipping_address == wanted
    assert raw["shipping"]["address_1"] == "Torstr. 5"
    assert raw["shipping"]["first_name"] == "Jonas"


async def test_products(fake_woo: FakeWooCommerce, woo: WooCommerceConnector) -> None:
    fake_woo.products.extend(
        [
            {"id": 1, "name": "Blue mug", "sku": "MUG-B", "price": "12.50", "manage_stock": True,
             "stock_quantity": 4, "stock_status": "instock", "permalink": "https://w.example/mug",
             "short_description": "<p>Holds <em>tea</em></p>",
             "tags": [{"id": 3, "name": "kitchen"}]},
            {"id": 2, "name": "Red mug", "sku": "", "price": "11.00", "manage_stock": False,
             "stock_quantity": None, "stock_status": "outofstock", "tags": []},
        ]
    )  # fmt: skip
    found = await woo.find_products("mug")
    assert [(p.sku, p.price, p.currency, p.stock) for p in found] == [
        ("MUG-B", Decimal("12.50"), "EUR", 4),
        ("2", Decimal("11.00"), "EUR", 0),
    ]
    assert found[0].description == "Holds tea" and found[0].tags == ("kitchen",)
    blue = await woo.get_product("MUG-B")
    assert blue is not None and blue.url == "https://w.example/mug"
    assert await woo.get_product("NONE") is None
