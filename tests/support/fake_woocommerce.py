"""A small WooCommerce REST API v3 (``/wp-json/wc/v3``): documented shapes, basic auth, faults.

Like WooCommerce, a full refund turns the order "refunded" by itself, and errors come as
``{"code", "message", "data": {"status"}}``. Faults are those of the Shopify fake.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from support.fake_shopify import Faults

KEY, SECRET = "ck_test", "cs_test"
API = "/wp-json/wc/v3"


def woo_order(order_id: int, **fields: Any) -> dict[str, Any]:
    """An order as GET /orders/{id} returns it (the fields shopdesk reads), paid, processing."""
    order: dict[str, Any] = {
        "id": order_id,
        "number": str(order_id),
        "status": "processing",
        "currency": "EUR",
        "total": "45.00",
        "date_created": "2024-07-01T12:00:00",
        "date_created_gmt": "2024-07-01T10:00:00",
        "date_paid_gmt": "2024-07-01T10:01:00",
        "billing": {
            "first_name": "Jonas",
            "last_name": "Weber",
            "email": "jonas@example.com",
            "postcode": "10115",
        },
        "shipping": {
            "first_name": "Jonas",
            "last_name": "Weber",
            "company": "",
            "address_1": "Invalidenstr. 1",
            "address_2": "",
            "city": "Berlin",
            "state": "",
            "postcode": "10115",
            "country": "DE",
        },
        "line_items": [{"name": "Mug", "sku": "MUG-1", "quantity": 3, "price": 15.0}],
        "refunds": [],
        "meta_data": [],
    }
    return order | fields


def _error(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message": message, "data": {"status": status}}, status_code=status
    )


class FakeWooCommerce:
    def __init__(self) -> None:
        self.faults = Faults()
        self.orders: dict[int, dict[str, Any]] = {}
        self.products: list[dict[str, Any]] = []
        self.notes: dict[int, list[dict[str, Any]]] = {}
        self.app = Starlette(
            routes=[
                Route(f"{API}/orders", self._search),
                Route(f"{API}/orders/{{id:int}}", self._order, methods=["GET", "PUT"]),
                Route(f"{API}/orders/{{id:int}}/refunds", self._refund, methods=["POST"]),
                Route(f"{API}/orders/{{id:int}}/notes", self._notes, methods=["GET", "POST"]),
                Route(f"{API}/products", self._products),
                Route(f"{API}/data/currencies/current", self._currency),
            ]
        )

    def reset(self) -> None:
        self.faults.reset()
        self.orders.clear()
        self.products.clear()
        self.notes.clear()

    def add(self, order: dict[str, Any]) -> dict[str, Any]:
        self.orders[order["id"]] = order
        return order

    async def _gate(self, request: Request) -> Response | None:
        fault = await self.faults.gate(request)
        if fault is not None:
            return fault
        expected = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return _error("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", 401)
        return None

    def _missing(self) -> JSONResponse:
        return _error("woocommerce_rest_shop_order_invalid_id", "Invalid ID.", 404)

    async def _search(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        term = request.query_params.get("search", "").casefold()
        found = [
            o
            for o in self.orders.values()
            if term in o["number"].casefold() or term in o["billing"]["email"].casefold()
        ]
        return JSONResponse(found)

    async def _order(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        order = self.orders.get(request.path_params["id"])
        if order is None:
            return self._missing()
        if request.method == "PUT":
            update = await request.json()
            if "status" in update:
                order["status"] = update["status"]
            if "shipping" in update:
                order["shipping"] = {**order["shipping"], **update["shipping"]}
            if await self.faults.lose_answer():
                return Response(status_code=504)
        return JSONResponse(order)

    async def _refund(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        order = self.orders.get(request.path_params["id"])
        if order is None:
            return self._missing()
        body = await request.json()
        amount = Decimal(body["amount"])
        refunded = sum((-Decimal(r["total"]) for r in order["refunds"]), Decimal("0"))
        if amount <= 0 or refunded + amount > Decimal(order["total"]):
            return _error("woocommerce_rest_cannot_create_order_refund", "Invalid amount.", 400)
        refund_id = 900 + len(order["refunds"])
        order["refunds"].append(
            {"id": refund_id, "reason": body.get("reason"), "total": f"-{amount}"}
        )
        if refunded + amount == Decimal(order["total"]):
            order["status"] = "refunded"  # what WooCommerce does after a full refund
        if await self.faults.lose_answer():
            return Response(status_code=504)
        return JSONResponse({"id": refund_id, "amount": str(amount), "reason": body.get("reason")})

    async def _notes(self, request: Request) -> Response:
        """Order notes (GET lists them newest first; POST adds one), as REST v3 shapes them."""
        if (fault := await self._gate(request)) is not None:
            return fault
        order_id = request.path_params["id"]
        if order_id not in self.orders:
            return self._missing()
        notes = self.notes.setdefault(order_id, [])
        if request.method == "GET":
            return JSONResponse(list(reversed(notes)))
        body = await request.json()
        if not str(body.get("note") or "").strip():
            return _error("woocommerce_rest_missing_callback_param", "Missing: note", 400)
        note = {
            "id": 700 + len(notes),
            "author": "WooCommerce",
            "date_created": "2024-07-10T10:00:00",
            "note": body["note"],
            "customer_note": bool(body.get("customer_note", False)),
            "added_by_user": False,
        }
        notes.append(note)
        if await self.faults.lose_answer():
            return Response(status_code=504)
        return JSONResponse(note, status_code=201)

    async def _products(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        sku = request.query_params.get("sku")
        term = request.query_params.get("search", "").casefold()
        found = [
            p
            for p in self.products
            if (sku is None or p["sku"] == sku) and term in p["name"].casefold()
        ]
        return JSONResponse(found[: int(request.query_params.get("per_page", 10))])

    async def _currency(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        return JSONResponse({"code": "EUR", "name": "Euro", "symbol": "€"})
