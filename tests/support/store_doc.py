"""A small store document (import format) with one order in every status, plus edge cases."""

from __future__ import annotations

from typing import Any

STATUSES = [
    "pending",
    "paid",
    "processing",
    "shipped",
    "out_for_delivery",
    "delivered",
    "cancelled",
    "returned",
    "refunded",
    "on_hold",
    "payment_failed",
]
LOCALES = ["en", "es", "fr", "de", "pt", "it"]
CARRIERS = {"shipped": "DHL", "out_for_delivery": "UPS", "delivered": "GLS", "returned": "DPD"}


def _address(postal: str) -> dict[str, Any]:
    return {
        "name": "Test Person",
        "line1": "Calle Mayor 1",
        "line2": None,
        "city": "Madrid",
        "region": None,
        "postal_code": postal,
        "country": "ES",
    }


def order_for(status: str, index: int) -> dict[str, Any]:
    number = f"TS{5000 + index}"
    email = f"buyer{index}@example.com"
    order: dict[str, Any] = {
        "number": number,
        "customer_email": email,
        "placed_at": "2026-11-01T10:00:00+00:00",
        "status": status,
        "payment_status": {
            "pending": "pending",
            "payment_failed": "failed",
            "refunded": "refunded",
            "returned": "refunded",
            "cancelled": "refunded",
        }.get(status, "paid"),
        "currency": "EUR",
        "total": "36.00",
        "shipping_address": _address(f"280{index:02d}"),
        "items": [{"sku": "MUG-01", "name": "Stoneware mug", "quantity": 2, "unit_price": "18.00"}],
        "shipments": [],
        "refunds": [],
    }
    if status in CARRIERS:
        carrier = CARRIERS[status]
        shipment = {
            "carrier": carrier,
            "tracking_number": f"JD0146000{index:05d}",
            "tracking_url": f"https://track.example.com/{carrier.lower()}/JD0146000{index:05d}",
            "status": {"shipped": "in_transit", "out_for_delivery": "out_for_delivery"}.get(
                status, "delivered"
            ),
            "shipped_at": "2026-11-02T09:00:00+00:00",
            "estimated_delivery": "2026-11-05",
            "delivered_at": "2026-11-04T15:30:00+00:00"
            if status in {"delivered", "returned"}
            else None,
            "events": [
                {
                    "at": "2026-11-02T09:00:00+00:00",
                    "location": "Zaragoza",
                    "description": "Parcel handed to carrier",
                },
                {
                    "at": "2026-11-03T18:20:00+00:00",
                    "location": "Madrid",
                    "description": "Arrived at delivery depot",
                },
            ],
        }
        order["shipments"].append(shipment)
    if status in {"refunded", "returned", "cancelled"}:
        order["refunds"].append(
            {"amount": "36.00", "status": "processed", "created_at": "2026-11-06T12:00:00+00:00"}
        )
    if status == "payment_failed":
        order["payment_failure_reason"] = "Card declined by the issuing bank"
    if status == "on_hold":
        order["hold_reason"] = "Address verification needed"
    return order


def store_document() -> dict[str, Any]:
    customers = [
        {
            "email": f"buyer{i}@example.com",
            "name": f"Buyer {i}",
            "locale": LOCALES[i % 6],
            "postal_code": f"280{i:02d}",
            "vip": False,
        }
        for i in range(len(STATUSES))
    ]
    orders = [order_for(status, i) for i, status in enumerate(STATUSES)]
    return {
        "customers": customers,
        "products": [
            {
                "sku": "MUG-01",
                "name": "Stoneware mug",
                "description": "A mug",
                "price": "18.00",
                "currency": "EUR",
                "stock": 12,
                "tags": ["kitchen"],
                "locale": "en",
            }
        ],
        "orders": orders,
        "articles": [
            {
                "slug": "returns-policy",
                "locale": "en",
                "title": "Returns",
                "body": "You can return items within 30 days.",
            }
        ],
    }


def order_by_status(status: str) -> dict[str, Any]:
    return order_for(status, STATUSES.index(status))
