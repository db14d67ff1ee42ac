"""The generic REST connector, mapped by config onto a shop API with its own shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shopdesk.commerce.protocols import CommerceUnavailable
from shopdesk.commerce.rest import RestConnector, dig
from shopdesk.core.orders import AddressView
from shopdesk.core.types import OrderStatus
from support.fake_shopify import serve


class ShopApi:
    """An in-house shop API: bearer token, its own field names, honours Idempotency-Key."""

    def __init__(self) -> None:
        self.order: dict[str, Any] = {}
        self.seen_keys: list[str | None] = []
        self.app = Starlette(
            routes=[
                Route("/api/orders/{number}", self.get),
                Route("/api/orders/{ref}/cancel", self.cancel, methods=["POST"]),
                Route("/api/orders/{ref}/ship-to", self.ship_to, methods=["PATCH"]),
                Route("/api/catalog", self.catalog),
            ]
        )

    def reset(self) -> None:
        self.seen_keys.clear()
        self.order = {
            "ref": "o-77",
            "no": "A-500",
            "state": "open",
            "money": {"total": "20.00", "cur": "GBP"},
            "created": "2024-07-01T10:00:00+00:00",
            "buyer": {"mail": "kim@example.com", "zip": "SW1A 1AA"},
            "ship_to": {"street": "1 Mall", "town": "London", "zip": "SW1A 1AA", "cc": "GB"},
            "lines": [{"code": "BAG", "title": "Bag", "qty": 1, "each": "20.00"}],
            "parcels": [{"carrier": "Royal Mail", "no": "RM1", "state": "in_transit"}],
        }

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("Authorization") == "Bearer s3cret"

    async def get(self, request: Request) -> Response:
        if not self._authorised(request):
            return Response(status_code=401)
        if request.path_params["number"] not in ("A500", "A-500"):
            return JSONResponse({"error": "no such order"}, status_code=404)
        return JSONResponse({"data": self.order})

    async def cancel(self, request: Request) -> Response:
        self.seen_keys.append(request.headers.get("Idempotency-Key"))
        assert request.path_params["ref"] == "o-77"
        self.order["state"] = "void"
        return Response(status_code=204)

    async def ship_to(self, request: Request) -> Response:
        self.seen_keys.append(request.headers.get("Idempotency-Key"))
        self.order["ship_to"] = await request.json()
        return JSONResponse({"ok": True})

    async def catalog(self, request: Request) -> Response:
        item = {"code": "BAG", "title": "Bag", "price": {"amount": "20.00"}, "left": 2}
        if request.query_params.get("code"):
            return JSONResponse({"item": item} if request.query_params["code"] == "BAG" else {})
        return JSONResponse({"results": [item]})


CONFIG: dict[str, Any] = {
    "headers": {"Authorization": "Bearer s3cret"},
    "idempotency_header": "Idempotency-Key",
    "currency": "GBP",
    "get_order": "/api/orders/{number}",
    "cancel_order": "POST /api/orders/{id}/cancel",
    "update_address": "PATCH /api/orders/{id}/ship-to",
    "search_products": "/api/catalog?q={query}",
    "get_product": "/api/catalog?code={sku}",
    "order": {
        "root": "data",
        "id": "ref",
        "number": "no",
        "status": "state",
        "total": "money.total",
        "currency": "money.cur",
        "placed_at": "created",
        "customer_email": "buyer.mail",
        "customer_postal_code": "buyer.zip",
        "shipping_address": {"path": "ship_to", "line1": "street", "city": "town",
                             "postal_code": "zip", "country": "cc"},
        "items": {"path": "lines", "sku": "code", "name": "title", "quantity": "qty",
                  "unit_price": "each"},
        "shipments": {"path": "parcels", "tracking_number": "no", "status": "state"},
    },
    "statuses": {"open": "processing", "void": "cancelled"},
    "address_fields": {"line1": "street", "city": "town", "postal_code": "zip", "country": "cc"},
    "products": {"root": "results", "item_root": "item", "sku": "code", "name": "title",
                 "price": "price.amount", "stock": "left"},
}  # fmt: skip


@pytest.fixture(scope="module")
def _api() -> Iterator[tuple[ShopApi, str]]:
    api = ShopApi()
    with serve(api.app) as url:
        yield api, url


@pytest.fixture
async def rest(_api: tuple[ShopApi, str]) -> AsyncIterator[RestConnector]:
    _api[0].reset()
    connector = RestConnector.from_config(CONFIG | {"url": _api[1]})
    yield connector
    await connector.aclose()


def test_dig() -> None:
    data = {"a": [{"b": 1}], "c": None}
    assert dig(data, "a.0.b") == 1
    assert dig(data, "a.1.b") is None
    assert dig(data, "c.d") is None
    assert dig(data, "") == data


async def test_order_through_the_mapping(rest: RestConnector) -> None:
    order = await rest.get_order("A500")
    assert order is not None
    assert (order.number, order.status, order.total, order.currency) == (
        "A-500",
        OrderStatus.PROCESSING,
        Decimal("20.00"),
        "GBP",
    )
    assert order.customer_email == "kim@example.com"
    assert order.shipping_address == AddressView(
        line1="1 Mall", city="London", postal_code="SW1A 1AA", country="GB"
    )
    assert [(i.sku, i.quantity, i.unit_price) for i in order.items] == [
        ("BAG", 1, Decimal("20.00"))
    ]
    assert [(s.carrier, s.tracking_number) for s in order.shipments] == [("Royal Mail", "RM1")]
    assert await rest.get_order("B9") is None


async def test_writes_send_the_idempotency_key(
    rest: RestConnector, _api: tuple[ShopApi, str]
) -> None:
    cancelled = await rest.cancel_order("A500", reason="late", idempotency_key="k-1")
    assert cancelled.status is OrderStatus.CANCELLED
    new = AddressView(line1="2 Strand", city="London", postal_code="WC2N 5DN", country="GB")
    moved = await rest.update_shipping_address("A500", new, idempotency_key="k-2")
    assert moved.shipping_address == new
    assert _api[0].order["ship_to"]["street"] == "2 Strand"
    assert _api[0].seen_keys == ["k-1", "k-2"]


async def test_a_mapping_that_does_not_fit_is_unavailable(
    rest: RestConnector, _api: tuple[ShopApi, str]
) -> None:
    _api[0].order["money"] = {"total": "twenty"}
    with pytest.raises(CommerceUnavailable, match="mapping"):
        await rest.get_order("A500")


async def test_products(rest: RestConnector) -> None:
    [bag] = await rest.find_products("bag")
    assert (bag.sku, bag.name, bag.price, bag.currency, bag.stock) == (
        "BAG",
        "Bag",
        Decimal("20.00"),
        "GBP",
        2,
    )
    assert await rest.get_product("BAG") == bag
    assert await rest.get_product("HAT") is None
