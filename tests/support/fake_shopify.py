"""A small Shopify Admin REST API: the documented shapes, real auth checks, and switchable faults.

Serve ``FakeShopify().app`` over real HTTP with ``serve`` (uvicorn in a background thread).
``faults`` makes it answer 401/404/429/5xx, hang, or apply a write and lose its answer.
``serve``, ``Faults``, ``Sleeps`` and ``Clock`` are shared with the WooCommerce fake and the tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from shopdesk.core.orders import order_number_key
from support.servers import free_port

TOKEN = "shpat_test_token"


@contextlib.contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 from a thread; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        ws="none",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"fake-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "fake server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Faults:
    """What the fake does instead of answering properly; ``reset()`` ends every fault."""

    status: int | None = None
    times: int | None = None  # None: until reset
    retry_after: str | None = None
    methods: set[str] | None = None  # None: every method
    hang: bool = False
    lose_write_answers: int = 0  # apply this many writes, then never answer them
    generation: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)

    def fail(
        self,
        status: int,
        *,
        times: int | None = None,
        retry_after: str | None = None,
        methods: set[str] | None = None,
    ) -> None:
        self.status, self.times, self.retry_after, self.methods = (
            status,
            times,
            retry_after,
            methods,
        )

    def reset(self) -> None:
        self.status = self.times = self.retry_after = self.methods = None
        self.hang, self.lose_write_answers = False, 0
        self.generation += 1  # releases every stalled request
        self.requests.clear()

    def count(self, method: str, suffix: str = "") -> int:
        return sum(1 for m, path in self.requests if m == method and path.endswith(suffix))

    async def stall(self) -> None:
        """Keep the client waiting (past its timeout) until reset, or 10 s at most."""
        generation = self.generation
        for _ in range(500):
            if self.generation != generation:
                return
            await asyncio.sleep(0.02)

    async def gate(self, request: Request) -> Response | None:
        """Record the request; the fault response, if one is switched on."""
        self.requests.append((request.method, request.url.path))
        if self.hang:
            await self.stall()
            return Response(status_code=504)
        if self.status is None or (self.methods and request.method not in self.methods):
            return None
        if self.times is not None:
            if self.times <= 0:
                return None
            self.times -= 1
        headers = {"Retry-After": self.retry_after} if self.retry_after else {}
        return JSONResponse({"errors": "fault"}, status_code=self.status, headers=headers)

    async def lose_answer(self) -> bool:
        """After a write was applied: whether to stall instead of answering."""
        if self.lose_write_answers <= 0:
            return False
        self.lose_write_answers -= 1
        await self.stall()
        return True


class Sleeps(list[float]):
    """Stands in for asyncio.sleep in connectors: records the wait, returns at once."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


class Clock:
    """A monotonic clock the test moves by hand (cache expiry without waiting)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def shopify_order(order_id: int, name: str, **fields: Any) -> dict[str, Any]:
    """An order as GET /orders.json returns it (the fields shopdesk reads), unpaid and new."""
    order: dict[str, Any] = {
        "id": order_id,
        "name": name,
        "email": "ana@example.com",
        "created_at": "2024-07-01T10:00:00-04:00",
        "currency": "EUR",
        "total_price": "59.90",
        "financial_status": "paid",
        "fulfillment_status": None,
        "cancelled_at": None,
        "cancel_reason": None,
        "customer": {
            "email": "ana@example.com",
            "first_name": "Ana",
            "last_name": "Silva",
            "default_address": {"zip": "1000-001"},
        },
        "shipping_address": {
            "first_name": "Ana",
            "last_name": "Silva",
            "name": "Ana Silva",
            "address1": "Rua Augusta 1",
            "address2": None,
            "city": "Lisboa",
            "province": None,
            "province_code": None,
            "zip": "1000-001",
            "country": "Portugal",
            "country_code": "PT",
        },
        "line_items": [
            {"sku": "TEE-M", "title": "Tee", "name": "Tee - M", "quantity": 2, "price": "29.95"}
        ],
        "fulfillments": [],
        "refunds": [],
    }
    return order | fields


class FakeShopify:
    def __init__(self) -> None:
        self.faults = Faults()
        self.orders: dict[int, dict[str, Any]] = {}
        self.products: list[dict[str, Any]] = []
        self.currency = "EUR"
        api = "/admin/api/{version}"
        self.app = Starlette(
            routes=[
                Route(f"{api}/orders.json", self._orders),
                Route(f"{api}/orders/{{id:int}}.json", self._order, methods=["GET", "PUT"]),
                Route(f"{api}/orders/{{id:int}}/cancel.json", self._cancel, methods=["POST"]),
                Route(f"{api}/products.json", self._products),
                Route(f"{api}/shop.json", self._shop),
            ]
        )

    def reset(self) -> None:
        self.faults.reset()
        self.orders.clear()
        self.products.clear()

    def add(self, order: dict[str, Any]) -> dict[str, Any]:
        self.orders[order["id"]] = order
        return order

    async def _gate(self, request: Request) -> Response | None:
        fault = await self.faults.gate(request)
        if fault is not None:
            return fault
        if request.headers.get("X-Shopify-Access-Token") != TOKEN:
            message = "[API] Invalid API key or access token (unrecognized login or wrong password)"
            return JSONResponse({"errors": message}, status_code=401)
        return None

    async def _orders(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        wanted = order_number_key(request.query_params.get("name", ""))
        found = [o for o in self.orders.values() if order_number_key(o["name"]) == wanted]
        return JSONResponse({"orders": found})

    async def _order(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        order = self.orders.get(request.path_params["id"])
        if order is None:
            return JSONResponse({"errors": "Not Found"}, status_code=404)
        if request.method == "PUT":
            update = (await request.json())["order"]
            if "shipping_address" in update:
                address = dict(update["shipping_address"])
                names = (address.get("first_name"), address.get("last_name"))
                address["name"] = " ".join(n for n in names if n)
                order["shipping_address"] = address
            # Shopify replaces the note, and the tags with the comma-separated list sent.
            for field_name in ("note", "tags"):
                if field_name in update:
                    order[field_name] = update[field_name]
            if await self.faults.lose_answer():
                return Response(status_code=504)
        return JSONResponse({"order": order})

    async def _cancel(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        order = self.orders.get(request.path_params["id"])
        if order is None:
            return JSONResponse({"errors": "Not Found"}, status_code=404)
        if order["cancelled_at"]:
            return JSONResponse({"error": "Order has already been cancelled"}, status_code=422)
        if order["fulfillments"] and order["financial_status"] == "paid":
            return JSONResponse(
                {"errors": {"base": ["Cannot cancel an order that has fulfillments"]}},
                status_code=422,
            )
        body = await request.json()
        now = datetime.now(UTC).isoformat()
        order["cancelled_at"], order["cancel_reason"] = now, body.get("reason", "other")
        if body.get("amount"):
            order["refunds"].append(
                {
                    "id": len(order["refunds"]) + 1,
                    "created_at": now,
                    "transactions": [
                        {"kind": "refund", "status": "success", "amount": body["amount"]}
                    ],
                }
            )
            refunded = sum(
                Decimal(t["amount"]) for r in order["refunds"] for t in r["transactions"]
            )
            full = refunded >= Decimal(order["total_price"])
            order["financial_status"] = "refunded" if full else "partially_refunded"
        elif order["financial_status"] == "authorized":
            order["financial_status"] = "voided"
        if await self.faults.lose_answer():
            return Response(status_code=504)
        return JSONResponse({"order": order})

    async def _products(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        return JSONResponse({"products": self.products})

    async def _shop(self, request: Request) -> Response:
        if (fault := await self._gate(request)) is not None:
            return fault
        return JSONResponse({"shop": {"name": "Fake shop", "currency": self.currency}})
