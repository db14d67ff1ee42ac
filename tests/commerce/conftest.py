"""Fake platforms served over real HTTP by uvicorn in a background thread, one per session.

Each test gets the fake reset (no orders, no faults) and a fresh connector pointed at it, with a
short read timeout so "hang" tests stay quick, and a recording ``sleep`` so that waiting out a
Retry-After costs no time and can be checked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from shopdesk.commerce.shopify import ShopifyConnector
from shopdesk.commerce.woocommerce import WooCommerceConnector
from support.fake_shopify import TOKEN, Clock, FakeShopify, Sleeps, serve
from support.fake_woocommerce import KEY, SECRET, FakeWooCommerce

READ_TIMEOUT = 0.3


@pytest.fixture(scope="session")
def _shopify_server() -> Iterator[tuple[FakeShopify, str]]:
    fake = FakeShopify()
    with serve(fake.app) as url:
        yield fake, url
        fake.reset()  # releases stalled requests so the server stops promptly


@pytest.fixture(scope="session")
def _woo_server() -> Iterator[tuple[FakeWooCommerce, str]]:
    fake = FakeWooCommerce()
    with serve(fake.app) as url:
        yield fake, url
        fake.reset()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake_shopify(_shopify_server: tuple[FakeShopify, str]) -> Iterator[FakeShopify]:
    fake, _ = _shopify_server
    fake.reset()
    yield fake
    fake.reset()


@pytest.fixture
def shopify_config(_shopify_server: tuple[FakeShopify, str]) -> dict[str, Any]:
    return {"shop_url": _shopify_server[1], "access_token": TOKEN, "read_timeout": READ_TIMEOUT}


@pytest.fixture
async def shopify(
    fake_shopify: FakeShopify, shopify_config: dict[str, Any], sleeps: Sleeps, clock: Clock
) -> AsyncIterator[ShopifyConnector]:
    connector = ShopifyConnector.from_config(shopify_config, sleep=sleeps, clock=clock)
    yield connector
    await connector.aclose()


@pytest.fixture
def fake_woo(_woo_server: tuple[FakeWooCommerce, str]) -> Iterator[FakeWooCommerce]:
    fake, _ = _woo_server
    fake.reset()
    yield fake
    fake.reset()


@pytest.fixture
def woo_config(_woo_server: tuple[FakeWooCommerce, str]) -> dict[str, Any]:
    return {
        "url": _woo_server[1],
        "consumer_key": KEY,
        "consumer_secret": SECRET,
        "read_timeout": READ_TIMEOUT,
    }


@pytest.fixture
async def woo(
    fake_woo: FakeWooCommerce, woo_config: dict[str, Any], sleeps: Sleeps, clock: Clock
) -> AsyncIterator[WooCommerceConnector]:
    connector = WooCommerceConnector.from_config(woo_config, sleep=sleeps, clock=clock)
    yield connector
    await connector.aclose()
