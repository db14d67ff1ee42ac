"""A small import document with every order status, and a way to compare database contents."""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.core.types import OrderStatus

TABLES = ("customers", "products", "orders", "order_items", "shipments", "refunds", "articles")

_CUSTOMERS = [
    {
        "email": "ana@example.com",
        "name": "Ana Ruiz",
        "phone": "+34 600 000 001",
        "locale": "es",
        "postal_code": "28001",
        "vip": True,
    },
    {"email": "ben@example.org", "name": "Ben Shaw", "locale": "en", "postal_code": "N1 9GU"},
]
_PRODUCTS = [
    {
        "sku": "MUG-01",
        "name": "Stoneware mug",
        "description": "Speckled.",
        "price": "18.00",
        "currency": "EUR",
        "stock": 12,
        "tags": ["kitchen", "gift"],
        "locale": "en",
    },
    {"sku": "CND-01", "name": "Soy candle", "price": "24.00", "currency": "EUR", "stock": 0},
]
_ARTICLES = [
    {"slug": "returns-policy", "locale": "en", "title": "Returns", "body": "30 days."},
    {"slug": "returns-policy", "locale": "es", "title": "Devoluciones", "body": "30 días."},
]


def _order(index: int, status: OrderStatus) -> dict[str, Any]:
    order: dict[str, Any] = {
        "number": f"A{1001 + index}",
        "customer_email": _CUSTOMERS[index % 2]["email"],
        "placed_at": f"2026-11-{index + 1:02d}T10:00:00+00:00",
        "status": status.value,
        "payment_status": "paid",
        "currency": "EUR",
        "total": "36.00",
        "shipping_address": {
            "name": "Ana Ruiz",
            "line1": "Calle Mayor, 1",
            "line2": None,
            "city": "Madrid",
            "region": None,
            "postal_code": "28001",
            "country": "ES",
        },
        "items": [{"sku": "MUG-01", "name": "Stoneware mug", "quantity": 2, "unit_price": "18.00"}],
        "shipments": [],
        "refunds": [],
    }
    if status in {OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED}:
        order["shipments"] = [
            {
                "carrier": "DHL",
                "tracking_number": f"JD01460000{index:04d}",
                "tracking_url": None,
                "status": "delivered" if status != OrderStatus.SHIPPED else "in_transit",
                "shipped_at": "2026-11-20T16:00:00+00:00",
                "estimated_delivery": "2026-11-24",
                "delivered_at": None,
                "events": [
                    {
                        "at": "2026-11-20T16:00:00+00:00",
                        "location": "Zaragoza",
                        "description": "Picked up",
                    }
                ],
            }
        ]
    if status in {OrderStatus.REFUNDED, OrderStatus.RETURNED}:
        order["refunds"] = [
            {"amount": "36.00", "status": "processed", "created_at": "2026-11-22T09:00:00+00:00"}
        ]
        order["payment_status"] = "refunded"
    if status is OrderStatus.PAYMENT_FAILED:
        order["payment_status"] = "failed"
        order["payment_failure_reason"] = "Card declined."
    if status is OrderStatus.ON_HOLD:
        order["hold_reason"] = "Address check."
    return order


def make_doc() -> dict[str, Any]:
    """Two customers, two products, one order per status (A1001..A1011), two articles."""
    return copy.deepcopy(
        {
            "customers": _CUSTOMERS,
            "products": _PRODUCTS,
            "orders": [_order(i, s) for i, s in enumerate(OrderStatus)],
            "articles": _ARTICLES,
        }
    )


@pytest.fixture
def small_doc() -> dict[str, Any]:
    return make_doc()


@pytest.fixture
def new_doc() -> Callable[[], dict[str, Any]]:
    """A factory of fresh small documents, for tests that import more than one."""
    return make_doc


Snapshot = Callable[[AsyncSession], Awaitable[dict[str, list[tuple[Any, ...]]]]]


async def _snapshot(session: AsyncSession) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the store tables, as text so that JSON columns compare on both backends."""
    await session.flush()
    result = {}
    for table in TABLES:
        rows = await session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        result[table] = [tuple(str(v) for v in row) for row in rows]
    return result


@pytest.fixture
def snapshot() -> Snapshot:
    return _snapshot
