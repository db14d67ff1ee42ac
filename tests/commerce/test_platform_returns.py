"""Returns on Shopify, WooCommerce and a REST API (fakes over real HTTP): checked on the order as
read, noted on the platform's order once, recorded in our ``returns`` table once per key, and
never half-written whatever the platform does (429, 5xx, timeouts, a lost answer)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shopdesk.commerce.platform_returns import PlatformTurn, ReturnsLedger, reference_for
from shopdesk.commerce.protocols import CommerceRejected, CommerceUnavailable
from shopdesk.commerce.rest import RestConnector
from shopdesk.commerce.shopify import ShopifyConnector
from shopdesk.commerce.woocommerce import WooCommerceConnector
from shopdesk.core.orders import OrderItemView
from shopdesk.models import AuditEntry, Return
from support.fake_shopify import FakeShopify, Sleeps, serve, shopify_order
from support.fake_woocommerce import FakeWooCommerce, woo_order

PORTAL = "https://shop.example/returns"
TEE = OrderItemView(sku="TEE-M", name="Tee - M", quantity=2)
MUG = OrderItemView(sku="MUG-1", name="Mug", quantity=3)
DELIVERED = {
    "fulfillment_status": "fulfilled",
    "fulfillments": [
        {
            "status": "success",
            "shipment_status": "delivered",
            "tracking_company": "CTT",
            "tracking_number": "RR1",
            "created_at": "2024-07-02T10:00:00Z",
            "updated_at": "2024-07-04T10:00:00Z",
        }
    ],
}


@pytest.fixture
def ledger(session: AsyncSession) -> ReturnsLedger:
    return ReturnsLedger(session, actor="customer:test", returns_portal=PORTAL)


async def _rows(session: AsyncSession) -> list[Return]:
    return list((await session.execute(select(Return))).scalars().all())


async def _audits(session: AsyncSession) -> int:
    query = select(func.count()).select_from(AuditEntry)
    return int((await session.execute(query)).scalar_one())


# -- Shopify ---------------------------------------------------------------------------------------


@pytest.fixture
def delivered(fake_shopify: FakeShopify) -> dict[str, Any]:
    return fake_shopify.add(shopify_order(51, "#5001", note="gift wrap", tags="vip", **DELIVERED))


async def test_shopify_return_is_noted_and_recorded(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    turn = PlatformTurn(shopify, ledger)
    opened = await turn.create_return("5001", [TEE], "too small", idempotency_key="m:1")
    assert opened.reference == reference_for("shopify", "5001", "m:1")
    assert opened.label_url == f"{PORTAL}/{opened.reference}"
    assert [(i.sku, i.quantity) for i in opened.items] == [("TEE-M", 2)]
    order = fake_shopify.orders[51]
    assert order["note"].startswith("gift wrap\n") and opened.reference in order["note"]
    assert "too small" in order["note"]
    assert order["tags"] == f"vip, return-requested, {opened.reference}"
    [row] = await _rows(session)
    assert (row.connector, row.order_number, row.order_id, row.status) == (
        "shopify",
        "5001",
        None,
        "requested",
    )
    assert await _audits(session) == 1


async def test_shopify_same_key_returns_the_first_return_without_calling(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    first = await PlatformTurn(shopify, ledger).create_return(
        "5001", [TEE], "x", idempotency_key="m:2"
    )
    calls = len(fake_shopify.faults.requests)
    again = await PlatformTurn(shopify, ledger).create_return(
        "5001", [TEE], "x", idempotency_key="m:2"
    )
    assert again == first and len(fake_shopify.faults.requests) == calls
    with pytest.raises(CommerceRejected, match="already being returned"):
        await PlatformTurn(shopify, ledger).create_return("5001", [TEE], "x", idempotency_key="m:3")
    assert fake_shopify.faults.count("PUT") == 1 and len(await _rows(session)) == 1


@pytest.mark.parametrize(
    "fields",
    [{}, {"cancelled_at": "2024-07-05T10:00:00Z", **DELIVERED}],
    ids=["not delivered", "cancelled"],
)
async def test_shopify_ineligible_orders_are_refused_untouched(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    fields: dict[str, Any],
) -> None:
    fake_shopify.add(shopify_order(52, "#5002", **fields))
    with pytest.raises(CommerceRejected):
        await PlatformTurn(shopify, ledger).create_return("5002", [TEE], "x", idempotency_key="k")
    assert fake_shopify.faults.count("PUT") == 0 and await _rows(session) == []


async def test_shopify_item_not_on_the_order_is_refused(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    with pytest.raises(CommerceRejected, match="no item"):
        await PlatformTurn(shopify, ledger).create_return("5001", [MUG], "x", idempotency_key="k")
    assert fake_shopify.faults.count("PUT") == 0 and await _rows(session) == []


async def test_shopify_short_429_is_waited_out_and_sent_once(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    sleeps: Sleeps,
    delivered: dict[str, Any],
) -> None:
    fake_shopify.faults.fail(429, times=1, retry_after="1", methods={"PUT"})
    await PlatformTurn(shopify, ledger).create_return("5001", [TEE], "x", idempotency_key="m:4")
    assert sleeps == [1.0] and len(await _rows(session)) == 1
    assert fake_shopify.orders[51]["tags"].count("return-requested") == 1


async def test_shopify_failing_note_records_nothing_and_a_retry_completes_once(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    fake_shopify.faults.fail(503, methods={"PUT"})
    with pytest.raises(CommerceUnavailable):
        await PlatformTurn(shopify, ledger).create_return("5001", [TEE], "x", idempotency_key="m:5")
    assert await _rows(session) == [] and "return-requested" not in delivered["tags"]
    fake_shopify.faults.reset()
    opened = await PlatformTurn(shopify, ledger).create_return(
        "5001", [TEE], "x", idempotency_key="m:5"
    )
    assert len(await _rows(session)) == 1
    assert fake_shopify.orders[51]["note"].count(opened.reference) == 1


async def test_shopify_lost_answer_is_found_by_re_reading(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    fake_shopify.faults.lose_write_answers = 1  # applied, then the client times out
    opened = await PlatformTurn(shopify, ledger).create_return(
        "5001", [TEE], "x", idempotency_key="m:6"
    )
    assert fake_shopify.faults.count("PUT") == 1
    assert fake_shopify.orders[51]["note"].count(opened.reference) == 1
    assert len(await _rows(session)) == 1


async def test_shopify_hanging_platform_is_unavailable_and_nothing_recorded(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    fake_shopify.faults.hang = True
    with pytest.raises(CommerceUnavailable):
        await PlatformTurn(shopify, ledger).create_return("5001", [TEE], "x", idempotency_key="m:7")
    fake_shopify.faults.reset()
    assert await _rows(session) == []


class BrokenLedger(ReturnsLedger):
    async def record(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database went away")


async def test_a_record_lost_after_the_note_is_completed_by_the_retry_exactly_once(
    fake_shopify: FakeShopify,
    shopify: ShopifyConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
    delivered: dict[str, Any],
) -> None:
    broken = BrokenLedger(session, actor="customer:test", returns_portal=PORTAL)
    with pytest.raises(RuntimeError):
        await PlatformTurn(shopify, broken).create_return("5001", [TEE], "x", idempotency_key="m:8")
    assert fake_shopify.faults.count("PUT") == 1 and await _rows(session) == []
    opened = await PlatformTurn(shopify, ledger).create_return(
        "5001", [TEE], "x", idempotency_key="m:8"
    )
    assert fake_shopify.faults.count("PUT") == 1  # the note was already there: not sent again
    assert [r.reference for r in await _rows(session)] == [opened.reference]


# -- WooCommerce -----------------------------------------------------------------------------------


async def test_woocommerce_return_adds_one_private_note(
    fake_woo: FakeWooCommerce,
    woo: WooCommerceConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
) -> None:
    fake_woo.add(woo_order(61, status="delivered"))
    opened = await PlatformTurn(woo, ledger).create_return(
        "61", [MUG], "chipped", idempotency_key="m:9"
    )
    [note] = fake_woo.notes[61]
    assert opened.reference in note["note"] and "chipped" in note["note"]
    assert note["customer_note"] is False
    again = await PlatformTurn(woo, ledger).create_return(
        "61", [MUG], "chipped", idempotency_key="m:9"
    )
    assert again == opened and len(fake_woo.notes[61]) == 1
    [row] = await _rows(session)
    assert (row.connector, row.order_number) == ("woocommerce", "61")


async def test_woocommerce_5xx_then_lost_answer_sends_the_note_once(
    fake_woo: FakeWooCommerce,
    woo: WooCommerceConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
) -> None:
    fake_woo.add(woo_order(62, status="delivered"))
    fake_woo.faults.fail(500, times=1, methods={"POST"})
    opened = await PlatformTurn(woo, ledger).create_return("62", [MUG], "x", idempotency_key="m:10")
    assert len(fake_woo.notes[62]) == 1 and opened.reference in fake_woo.notes[62][0]["note"]
    fake_woo.add(woo_order(63, status="delivered"))
    fake_woo.faults.lose_write_answers = 1
    await PlatformTurn(woo, ledger).create_return("63", [MUG], "x", idempotency_key="m:11")
    assert len(fake_woo.notes[63]) == 1 and len(await _rows(session)) == 2


async def test_woocommerce_processing_order_is_refused(
    fake_woo: FakeWooCommerce,
    woo: WooCommerceConnector,
    ledger: ReturnsLedger,
    session: AsyncSession,
) -> None:
    fake_woo.add(woo_order(64))
    with pytest.raises(CommerceRejected):
        await PlatformTurn(woo, ledger).create_return("64", [MUG], "x", idempotency_key="m:12")
    assert 64 not in fake_woo.notes and await _rows(session) == []


# -- generic REST ----------------------------------------------------------------------------------


class FakeApi:
    """A shop's own API: orders in our shapes, and a returns endpoint honouring a key header."""

    def __init__(self) -> None:
        self.returns: dict[str, dict[str, Any]] = {}
        self.fail_next = 0
        self.app = Starlette(
            routes=[
                Route("/orders/{number}", self._order),
                Route("/orders/{number}/returns", self._return, methods=["POST"]),
            ]
        )

    async def _order(self, request: Request) -> Response:
        return JSONResponse(
            {
                "number": request.path_params["number"],
                "status": "delivered",
                "currency": "EUR",
                "total": "20.00",
                "placed_at": "2024-07-01T10:00:00+00:00",
                "customer_email": "ana@example.com",
                "items": [{"sku": "MUG-1", "name": "Mug", "quantity": 3}],
            }
        )

    async def _return(self, request: Request) -> Response:
        if self.fail_next:
            self.fail_next -= 1
            return JSONResponse({"error": "busy"}, status_code=503)
        key = request.headers["Idempotency-Key"]
        self.returns.setdefault(key, await request.json())
        return JSONResponse({"ok": True}, status_code=201)


@pytest.fixture(scope="module")
def _api() -> Iterator[tuple[FakeApi, str]]:
    fake = FakeApi()
    with serve(fake.app) as url:
        yield fake, url


@pytest.fixture
async def rest(_api: tuple[FakeApi, str]) -> AsyncIterator[tuple[FakeApi, RestConnector]]:
    fake, url = _api
    fake.returns.clear()
    config = {
        "url": url,
        "get_order": "/orders/{number}",
        "create_return": "POST /orders/{id}/returns",
        "idempotency_header": "Idempotency-Key",
        "read_timeout": 0.5,
    }
    connector = RestConnector.from_config(config, sleep=Sleeps())
    yield fake, connector
    await connector.aclose()


async def test_rest_return_goes_to_the_configured_endpoint_once(
    rest: tuple[FakeApi, RestConnector], ledger: ReturnsLedger, session: AsyncSession
) -> None:
    fake, connector = rest
    fake.fail_next = 1  # a 503 on the write: unclear, re-read, sent once more with the same key
    opened = await PlatformTurn(connector, ledger).create_return(
        "7001", [MUG], "too many", idempotency_key="m:13"
    )
    assert list(fake.returns) == [opened.reference]
    assert fake.returns[opened.reference]["items"] == [
        {"sku": "MUG-1", "name": "Mug", "quantity": 3}
    ]
    assert len(await _rows(session)) == 1


async def test_rest_without_an_endpoint_keeps_the_return_in_our_table(
    _api: tuple[FakeApi, str], ledger: ReturnsLedger, session: AsyncSession
) -> None:
    fake, url = _api
    fake.returns.clear()
    connector = RestConnector.from_config({"url": url, "get_order": "/orders/{number}"})
    try:
        opened = await PlatformTurn(connector, ledger).create_return(
            "7002", [MUG], "x", idempotency_key="m:14"
        )
    finally:
        await connector.aclose()
    assert fake.returns == {}
    [row] = await _rows(session)
    assert (row.reference, row.connector, row.order_number) == (opened.reference, "rest", "7002")
