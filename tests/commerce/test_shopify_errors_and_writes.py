"""HTTP failures, safe writes, idempotency and the read cache, against the fake Shopify.

The rules live in commerce/http.py and commerce/connector.py and are the same for every
platform; Shopify is the one they are exercised through here.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import pytest

from shopdesk.commerce.protocols import CommerceRejected, CommerceUnavailable
from shopdesk.commerce.shopify import ShopifyConnector
from shopdesk.core.orders import AddressView
from shopdesk.core.types import OrderStatus, PaymentStatus
from support.fake_shopify import Clock, FakeShopify, Sleeps, shopify_order

ORDERS = "/orders.json"
CANCEL = "/cancel.json"
NEW_ADDRESS = AddressView(
    name="Ana Silva", line1="Rua do Ouro 9", city="Porto", postal_code="4000-001", country="PT"
)


@pytest.fixture
def order(fake_shopify: FakeShopify) -> dict[str, Any]:
    return fake_shopify.add(shopify_order(21, "#2001"))


# -- reads ---------------------------------------------------------------------------------------


async def test_wrong_token_is_unavailable_and_logged(
    fake_shopify: FakeShopify,
    shopify_config: dict[str, Any],
    order: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    connector = ShopifyConnector.from_config(shopify_config | {"access_token": "shpat_revoked"})
    try:
        with caplog.at_level(logging.ERROR), pytest.raises(CommerceUnavailable):
            await connector.get_order("2001")
    finally:
        await connector.aclose()
    assert "refused our credentials (HTTP 401)" in caplog.text
    assert "shpat_revoked" not in caplog.text


async def test_403_is_unavailable(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.fail(403)
    with pytest.raises(CommerceUnavailable):
        await shopify.get_order("2001")
    assert fake_shopify.faults.count("GET") == 1  # credentials do not fix themselves


async def test_404_on_a_read_is_none(fake_shopify: FakeShopify, shopify: ShopifyConnector) -> None:
    fake_shopify.faults.fail(404)
    assert await shopify.get_order("2001") is None


async def test_short_429_is_waited_out_once(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any], sleeps: Sleeps
) -> None:
    fake_shopify.faults.fail(429, times=1, retry_after="1.5")
    assert await shopify.get_order("2001") is not None
    assert sleeps == [1.5]
    assert fake_shopify.faults.count("GET", ORDERS) == 2


async def test_long_429_is_reported_with_retry_after(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any], sleeps: Sleeps
) -> None:
    fake_shopify.faults.fail(429, retry_after="30")
    with pytest.raises(CommerceUnavailable) as raised:
        await shopify.get_order("2001")
    assert raised.value.retry_after == 30
    assert sleeps == []
    assert fake_shopify.faults.count("GET", ORDERS) == 1


async def test_429_twice_gives_up(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any], sleeps: Sleeps
) -> None:
    fake_shopify.faults.fail(429, retry_after="1")
    with pytest.raises(CommerceUnavailable) as raised:
        await shopify.get_order("2001")
    assert raised.value.retry_after == 1
    assert sleeps == [1]


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_one_5xx_on_a_read_is_retried(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any], status: int
) -> None:
    fake_shopify.faults.fail(status, times=1)
    assert await shopify.get_order("2001") is not None
    assert fake_shopify.faults.count("GET", ORDERS) == 2


async def test_5xx_twice_is_unavailable(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.fail(503)
    with pytest.raises(CommerceUnavailable):
        await shopify.get_order("2001")
    assert fake_shopify.faults.count("GET", ORDERS) == 2


async def test_a_hanging_platform_times_out(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.hang = True
    with pytest.raises(CommerceUnavailable):
        await shopify.get_order("2001")
    assert fake_shopify.faults.count("GET", ORDERS) == 2


# -- the cache ----------------------------------------------------------------------------------


async def test_reads_are_cached_briefly(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any], clock: Clock
) -> None:
    first = await shopify.get_order("2001")
    order["financial_status"] = "refunded"  # changed in Shopify's admin meanwhile
    assert await shopify.get_order("2001") == first
    assert fake_shopify.faults.count("GET", ORDERS) == 1
    clock.now += 31
    later = await shopify.get_order("2001")
    assert later is not None and later.status is OrderStatus.REFUNDED
    assert fake_shopify.faults.count("GET", ORDERS) == 2


async def test_not_found_is_not_cached(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    assert await shopify.get_order("2001") is None
    fake_shopify.add(shopify_order(21, "#2001"))  # placed a moment later
    assert await shopify.get_order("2001") is not None


async def test_a_write_drops_the_cached_order(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    before = await shopify.get_order("2001")
    assert before is not None and before.status is OrderStatus.PAID
    await shopify.cancel_order("2001", reason="changed my mind", idempotency_key="k1")
    after = await shopify.get_order("2001")
    assert after is not None and after.status is OrderStatus.CANCELLED


# -- writes ---------------------------------------------------------------------------------------


async def test_cancel_refunds_what_was_paid(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    cancelled = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.payment_status == PaymentStatus.REFUNDED
    assert cancelled.refunded_total == Decimal("59.90")
    assert fake_shopify.faults.count("POST", CANCEL) == 1


async def test_cancel_of_an_unpaid_order_refunds_nothing(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    fake_shopify.add(shopify_order(22, "#2002", financial_status="authorized"))
    cancelled = await shopify.cancel_order("2002", reason=None, idempotency_key="k1")
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.refunds == ()


async def test_same_key_returns_the_first_outcome_without_calling(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    first = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    calls = len(fake_shopify.faults.requests)
    again = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert again == first
    assert len(fake_shopify.faults.requests) == calls
    with pytest.raises(CommerceRejected, match="another write"):
        await shopify.update_shipping_address("2001", NEW_ADDRESS, idempotency_key="k1")


async def test_an_already_cancelled_order_is_not_cancelled_again(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    fake_shopify.add(shopify_order(23, "#2003", cancelled_at="2024-07-02T10:00:00Z"))
    view = await shopify.cancel_order("2003", reason=None, idempotency_key="other-key")
    assert view.status is OrderStatus.CANCELLED
    assert fake_shopify.faults.count("POST", CANCEL) == 0


async def test_a_lost_cancel_answer_is_found_by_re_reading(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.lose_write_answers = 1  # applied, then the answer never comes
    view = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED
    assert fake_shopify.faults.count("POST", CANCEL) == 1
    assert len(order["refunds"]) == 1  # refunded once
    assert await shopify.cancel_order("2001", reason=None, idempotency_key="k1") == view
    assert fake_shopify.faults.count("POST", CANCEL) == 1


async def test_a_5xx_write_is_resent_only_after_a_re_read(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.fail(503, times=1, methods={"POST"})
    view = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED
    # read, POST (503: applied or not?), re-read (not applied), POST again; its answer
    # carries the cancelled order, so no read after it.
    methods = [m for m, _ in fake_shopify.faults.requests]
    assert methods == ["GET", "POST", "GET", "POST"]
    assert len(order["refunds"]) == 1


async def test_a_write_that_keeps_failing_is_unavailable_and_not_half_done(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.fail(503, methods={"POST"})
    with pytest.raises(CommerceUnavailable):
        await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert fake_shopify.faults.count("POST", CANCEL) == 2
    assert order["cancelled_at"] is None and order["refunds"] == []
    fake_shopify.faults.reset()
    # Nothing was remembered for the key: a later retry does the work.
    view = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED


async def test_a_write_that_hangs_is_re_read_not_resent_blindly(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.hang = True
    with pytest.raises(CommerceUnavailable):
        await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    # The first read timed out (twice): nothing was sent.
    assert fake_shopify.faults.count("POST") == 0


async def test_a_short_429_on_a_write_is_sent_again(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any], sleeps: Sleeps
) -> None:
    fake_shopify.faults.fail(429, times=1, retry_after="1", methods={"POST"})
    view = await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert view.status is OrderStatus.CANCELLED
    assert sleeps == [1]
    assert len(order["refunds"]) == 1


async def test_a_long_429_on_a_write_is_reported(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.fail(429, retry_after="120", methods={"POST"})
    with pytest.raises(CommerceUnavailable) as raised:
        await shopify.cancel_order("2001", reason=None, idempotency_key="k1")
    assert raised.value.retry_after == 120
    assert order["cancelled_at"] is None


async def test_404_on_a_write_is_rejected(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.fail(404, methods={"POST"})
    with pytest.raises(CommerceRejected):
        await shopify.cancel_order("2001", reason=None, idempotency_key="k1")


async def test_cancel_of_an_unknown_order_is_rejected(shopify: ShopifyConnector) -> None:
    with pytest.raises(CommerceRejected, match="not found"):
        await shopify.cancel_order("9999", reason=None, idempotency_key="k1")


async def test_shopify_refusing_the_cancel_is_rejected(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    fulfilled = {"id": 1, "status": "success", "shipment_status": "in_transit"}
    fake_shopify.add(
        shopify_order(24, "#2004", fulfillment_status="fulfilled", fulfillments=[fulfilled])
    )
    with pytest.raises(CommerceRejected, match="422"):
        await shopify.cancel_order("2004", reason=None, idempotency_key="k1")


async def test_update_shipping_address(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    view = await shopify.update_shipping_address("2001", NEW_ADDRESS, idempotency_key="a1")
    assert view.shipping_address == NEW_ADDRESS
    assert order["shipping_address"]["address1"] == "Rua do Ouro 9"
    assert order["shipping_address"]["country_code"] == "PT"


async def test_a_lost_address_answer_is_found_by_re_reading(
    fake_shopify: FakeShopify, shopify: ShopifyConnector, order: dict[str, Any]
) -> None:
    fake_shopify.faults.lose_write_answers = 1
    view = await shopify.update_shipping_address("2001", NEW_ADDRESS, idempotency_key="a1")
    assert view.shipping_address == NEW_ADDRESS
    assert fake_shopify.faults.count("PUT") == 1
