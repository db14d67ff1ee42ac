"""Shopify JSON -> OrderView / ProductView, read over real HTTP from the fake Admin API."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from shopdesk.commerce.shopify import ShopifyConnector
from shopdesk.core.orders import AddressView, OrderItemView
from shopdesk.core.types import OrderStatus, PaymentStatus, RefundStatus, ShipmentStatus
from support.fake_shopify import FakeShopify, shopify_order


def fulfillment(shipment_status: str | None, *numbers: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": len(numbers) * 100 + hash(shipment_status) % 97,
        "status": "success",
        "shipment_status": shipment_status,
        "tracking_company": "CTT",
        "tracking_number": numbers[0] if numbers else None,
        "tracking_numbers": list(numbers),
        "tracking_url": f"https://track.example/{numbers[0]}" if numbers else None,
        "tracking_urls": [f"https://track.example/{n}" for n in numbers],
        "created_at": "2024-07-02T09:00:00-04:00",
        "updated_at": "2024-07-04T15:00:00-04:00",
    } | fields


def refund(*transactions: tuple[str, str]) -> dict[str, Any]:
    return {
        "id": 1,
        "created_at": "2024-07-05T10:00:00-04:00",
        "transactions": [
            {"kind": "refund", "amount": amount, "status": status}
            for amount, status in transactions
        ],
    }


async def test_a_paid_order_maps_every_field(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    fake_shopify.add(shopify_order(11, "#1001"))
    order = await shopify.get_order("1001")
    assert order is not None
    assert order.number == "#1001"
    assert order.status is OrderStatus.PAID
    assert order.payment_status == PaymentStatus.PAID
    assert (order.currency, order.total) == ("EUR", Decimal("59.90"))
    assert order.placed_at == datetime(2024, 7, 1, 14, 0, tzinfo=UTC)
    assert order.customer_email == "ana@example.com"
    assert order.customer_name == "Ana Silva"
    assert order.customer_postal_code == "1000-001"
    assert order.shipping_address == AddressView(
        name="Ana Silva", line1="Rua Augusta 1", city="Lisboa", postal_code="1000-001", country="PT"
    )
    assert order.items == (
        OrderItemView(sku="TEE-M", name="Tee - M", quantity=2, unit_price=Decimal("29.95")),
    )
    assert order.shipments == order.refunds == ()


async def test_an_unknown_order_is_none(shopify: ShopifyConnector) -> None:
    assert await shopify.get_order("424242") is None


@pytest.mark.parametrize(
    ("fields", "status", "payment"),
    [
        ({"financial_status": "pending"}, OrderStatus.PENDING, PaymentStatus.PENDING),
        ({"financial_status": "partially_paid"}, OrderStatus.PENDING, PaymentStatus.PENDING),
        ({"financial_status": "authorized"}, OrderStatus.PAID, PaymentStatus.PAID),
        ({"financial_status": "voided"}, OrderStatus.CANCELLED, None),
        (
            {"financial_status": "refunded", "cancelled_at": "2024-07-02T10:00:00Z"},
            OrderStatus.CANCELLED,
            PaymentStatus.REFUNDED,
        ),
        ({"financial_status": "refunded"}, OrderStatus.REFUNDED, PaymentStatus.REFUNDED),
        (
            {"financial_status": "refunded", "fulfillment_status": "restocked"},
            OrderStatus.RETURNED,
            PaymentStatus.REFUNDED,
        ),
    ],
)
async def test_order_statuses(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    fields: dict[str, Any],
    status: OrderStatus,
    payment: PaymentStatus | None,
) -> None:
    fake_shopify.add(shopify_order(12, "#1002", **fields))
    order = await shopify.get_order("1002")
    assert order is not None
    assert (order.status, order.payment_status) == (status, payment)


@pytest.mark.parametrize(
    ("fulfillment_status", "shipment_statuses", "status"),
    [
        ("partial", [None], OrderStatus.SHIPPED),
        ("partial", ["delivered"], OrderStatus.SHIPPED),  # the rest is still to come
        ("fulfilled", ["in_transit", "label_printed"], OrderStatus.SHIPPED),
        ("fulfilled", ["delivered", "out_for_delivery"], OrderStatus.OUT_FOR_DELIVERY),
        ("fulfilled", ["delivered", "delivered"], OrderStatus.DELIVERED),
        ("fulfilled", ["attempted_delivery"], OrderStatus.SHIPPED),
    ],
)
async def test_fulfilment_statuses(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    fulfillment_status: str,
    shipment_statuses: list[str | None],
    status: OrderStatus,
) -> None:
    fulfillments = [fulfillment(s, f"CT{i}PT") for i, s in enumerate(shipment_statuses)]
    fake_shopify.add(
        shopify_order(13, "#1003", fulfillment_status=fulfillment_status, fulfillments=fulfillments)
    )
    order = await shopify.get_order("1003")
    assert order is not None
    assert order.status is status
    assert len(order.shipments) == len(shipment_statuses)


async def test_several_shipments_and_parcels(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    fake_shopify.add(
        shopify_order(
            14,
            "#1004",
            fulfillment_status="fulfilled",
            fulfillments=[
                fulfillment("delivered", "AA1"),
                fulfillment("in_transit", "BB1", "BB2"),  # one fulfilment, two parcels
                fulfillment("attempted_delivery", "CC1"),
                fulfillment(None, "DD1", status="cancelled"),  # cancelled: not a shipment
                fulfillment(None, status="open"),  # no label yet, no number
            ],
        )
    )
    order = await shopify.get_order("1004")
    assert order is not None
    seen = [(s.tracking_number, s.status, s.tracking_url) for s in order.shipments]
    assert seen == [
        ("AA1", ShipmentStatus.DELIVERED, "https://track.example/AA1"),
        ("BB1", ShipmentStatus.IN_TRANSIT, "https://track.example/BB1"),
        ("BB2", ShipmentStatus.IN_TRANSIT, "https://track.example/BB2"),
        ("CC1", ShipmentStatus.EXCEPTION, "https://track.example/CC1"),
        (None, ShipmentStatus.LABEL_CREATED, None),
    ]
    first = order.shipments[0]
    assert first.carrier == "CTT"
    assert first.shipped_at == datetime(2024, 7, 2, 13, 0, tzinfo=UTC)
    assert first.delivered_at == datetime(2024, 7, 4, 19, 0, tzinfo=UTC)
    assert order.shipments[1].delivered_at is None


async def test_refunds_come_from_their_transactions(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    refunds = [
        refund(("10.00", "success"), ("5.00", "success")),
        refund(("4.90", "pending")),
        refund(("3.00", "failure")),  # moved no money
        refund(),  # restock only
    ]
    fake_shopify.add(
        shopify_order(15, "#1005", financial_status="partially_refunded", refunds=refunds)
    )
    order = await shopify.get_order("1005")
    assert order is not None
    assert order.status is OrderStatus.PAID
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    assert [(r.amount, r.status) for r in order.refunds] == [
        (Decimal("15.00"), RefundStatus.PROCESSED),
        (Decimal("4.90"), RefundStatus.PENDING),
    ]
    assert order.refunded_total == Decimal("19.90")


PRODUCTS = [
    {
        "id": 1,
        "title": "Linen shirt",
        "handle": "linen-shirt",
        "body_html": "<p>Breezy <b>linen</b> for summer</p>",
        "tags": "summer, linen",
        "variants": [
            {"id": 11, "sku": "LS-S", "title": "S", "price": "49.00", "inventory_quantity": 0,
             "inventory_management": "shopify"},
            {"id": 12, "sku": "LS-M", "title": "M", "price": "45.00", "inventory_quantity": 3,
             "inventory_management": "shopify"},
        ],
    },
    {
        "id": 2,
        "title": "Gift card",
        "handle": "gift-card",
        "body_html": "",
        "tags": "",
        "variants": [{"id": 21, "sku": "", "title": "Default Title", "price": "25.00",
                      "inventory_quantity": 0, "inventory_management": None}],
    },
]  # fmt: skip


async def test_products(fake_shopify: FakeShopify, shopify_config: dict[str, Any]) -> None:
    fake_shopify.products.extend(PRODUCTS)
    config = shopify_config | {"storefront_url": "https://shop.example"}
    connector = ShopifyConnector.from_config(config)
    try:
        [shirt] = await connector.find_products("linen summer")
        assert (shirt.sku, shirt.name, shirt.price, shirt.currency) == (
            "LS-S",
            "Linen shirt",
            Decimal("45.00"),
            "EUR",
        )
        assert shirt.stock == 3 and shirt.in_stock
        assert shirt.url == "https://shop.example/products/linen-shirt"
        assert shirt.description == "Breezy linen for summer"
        assert shirt.tags == ("summer", "linen")
        assert [(v.sku, v.stock) for v in shirt.variants] == [("LS-S", 0), ("LS-M", 3)]
        assert await connector.get_product("LS-M") == shirt
        card = await connector.get_product("gift-card")  # no SKU: the handle stands in
        assert card is not None and card.stock is None and card.in_stock
        assert await connector.get_product("NOPE") is None
        assert await connector.find_products("kayak") == []
    finally:
        await connector.aclose()
