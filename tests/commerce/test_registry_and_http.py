"""Entry-point loading, config files, settings, and the small HTTP helpers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.builtin import DatabaseOrderSource
from shopdesk.commerce.http import TTLCache, retry_after_seconds
from shopdesk.commerce.registry import (
    ConnectorError,
    available,
    connector_from_settings,
    load_connector,
    read_config,
)
from shopdesk.commerce.rest import RestConnector
from shopdesk.commerce.shopify import ShopifyConnector
from shopdesk.commerce.woocommerce import WooCommerceConnector
from shopdesk.settings import Settings
from support.fake_shopify import Clock


def test_the_four_connectors_are_entry_points() -> None:
    assert {"builtin", "shopify", "woocommerce", "rest"} <= set(available())


@pytest.mark.parametrize(
    ("name", "config", "kind"),
    [
        ("shopify", {"shop_url": "https://x.myshopify.com", "access_token": "t"}, ShopifyConnector),
        (
            "woocommerce",
            {"url": "https://w.example", "consumer_key": "k", "consumer_secret": "s"},
            WooCommerceConnector,
        ),
        ("rest", {"url": "https://api.example", "get_order": "/o/{number}"}, RestConnector),
    ],
)
async def test_load_connector(name: str, config: dict[str, Any], kind: type[Any]) -> None:
    connector = load_connector(name, config)
    assert isinstance(connector, kind)
    for method in ("get_order", "cancel_order", "update_shipping_address", "find_products"):
        assert callable(getattr(connector, method))
    await connector.aclose()


def test_builtin_reads_the_turns_session() -> None:
    assert isinstance(load_connector("builtin", {"session": AsyncSession()}), DatabaseOrderSource)
    with pytest.raises(ConnectorError, match="'builtin' is misconfigured: needs 'session'"):
        load_connector("builtin", {})


def test_an_unknown_connector_is_named() -> None:
    with pytest.raises(ConnectorError, match=r"unknown commerce connector 'magento'.*shopify"):
        load_connector("magento", {})


@pytest.mark.parametrize(
    ("name", "config", "missing"),
    [
        ("shopify", {"shop_url": "https://x.myshopify.com"}, "access_token"),
        ("woocommerce", {"url": "https://w.example", "consumer_key": "k"}, "consumer_secret"),
        ("rest", {"url": "https://api.example"}, "get_order"),
    ],
)
def test_a_missing_setting_is_named(name: str, config: dict[str, Any], missing: str) -> None:
    with pytest.raises(ConnectorError, match=f"'{name}' is misconfigured: missing '{missing}'"):
        load_connector(name, config)


def test_a_bad_shape_is_reported() -> None:
    config = {"url": "https://api.example", "get_order": "/o", "order": ["number"]}
    with pytest.raises(ConnectorError, match="'rest' is misconfigured: 'order' must be"):
        load_connector("rest", config)


def test_config_files(tmp_path: Path) -> None:
    yml = tmp_path / "shop.yml"
    yml.write_text("shop_url: https://x.myshopify.com\naccess_token: t\n")
    assert read_config(yml) == {"shop_url": "https://x.myshopify.com", "access_token": "t"}
    js = tmp_path / "shop.json"
    js.write_text(json.dumps({"url": "https://w.example"}))
    assert read_config(js) == {"url": "https://w.example"}
    js.write_text("{not json")
    with pytest.raises(ConnectorError, match=r"shop\.json"):
        read_config(js)
    yml.write_text("- a list\n")
    with pytest.raises(ConnectorError, match="must hold a mapping"):
        read_config(yml)
    with pytest.raises(ConnectorError, match="cannot read"):
        read_config(tmp_path / "absent.yml")


async def test_connector_from_settings(tmp_path: Path) -> None:
    file = tmp_path / "woo.yml"
    file.write_text("url: https://w.example\nconsumer_key: k\nconsumer_secret: s\n")
    settings = Settings(connector="woocommerce", connector_config=file)
    connector = connector_from_settings(settings)
    assert isinstance(connector, WooCommerceConnector)
    await connector.aclose()
    assert Settings().connector == "builtin"


def test_retry_after_forms() -> None:
    assert retry_after_seconds("2") == 2
    assert retry_after_seconds("0.5") == 0.5
    assert retry_after_seconds("-3") == 0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    wait = retry_after_seconds(later)
    assert wait is not None and 100 < wait <= 120
    past = format_datetime(datetime.now(UTC) - timedelta(seconds=120), usegmt=True)
    assert retry_after_seconds(past) == 0


def test_ttl_cache_expires_and_stays_bounded() -> None:
    clock = Clock()
    cache: TTLCache[int] = TTLCache(ttl=30, size=2, clock=clock)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    clock.now += 30
    assert cache.get("a") is None
