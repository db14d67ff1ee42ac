"""Changing an order's items on Shopify and WooCommerce is refused before any request: neither
platform has a single safe call for it. In the chat the shopper is offered a person instead, and
the order on the platform stays as it was. A return, though, is opened from the chat and noted on
the platform's order."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from shopdesk.app import create_app
from shopdesk.commerce.protocols import CommerceRejected, CommerceUnsupported
from shopdesk.commerce.shopify import ShopifyConnector
from shopdesk.commerce.woocommerce import WooCommerceConnector
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings
from support.fake_shopify import FakeShopify, shopify_order
from support.fake_woocommerce import FakeWooCommerce, woo_order


async def test_shopify_refuses_item_changes_without_a_request(
    fake_shopify: FakeShopify, shopify: ShopifyConnector
) -> None:
    fake_shopify.add(shopify_order(31, "#3001"))
    with pytest.raises(CommerceUnsupported, match="GraphQL") as refused:
        await shopify.change_item_quantity("3001", "TEE-M", 1, key="k1")
    assert isinstance(refused.value, CommerceRejected)  # callers that know only "rejected"
    assert fake_shopify.faults.requests == []
    assert fake_shopify.orders[31]["line_items"][0]["quantity"] == 2


async def test_woocommerce_refuses_item_changes_without_a_request(
    fake_woo: FakeWooCommerce, woo: WooCommerceConnector
) -> None:
    fake_woo.add(woo_order(41))
    with pytest.raises(CommerceUnsupported, match="partial-edit"):
        await woo.change_item_quantity("41", "TEE-M", 0, key="k1")
    assert fake_woo.faults.requests == []


@pytest.fixture(scope="module")
def nlu() -> Pipeline:
    return load_pipeline(Settings())


@pytest.fixture
async def client(
    tmp_path: Path, nlu: Pipeline, fake_shopify: FakeShopify, shopify_config: dict[str, Any]
) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "connector.json").write_text(json.dumps(shopify_config), encoding="utf-8")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'shop.db'}",
        connector="shopify",
        connector_config=tmp_path / "connector.json",
    )
    app = create_app(settings, nlu=nlu)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopdesk") as http:
            yield http


async def test_a_chat_on_shopify_hands_the_change_to_a_person(
    client: httpx.AsyncClient, fake_shopify: FakeShopify
) -> None:
    fake_shopify.add(shopify_order(32, "#3002"))
    created = (await client.post("/v1/conversations", json={})).json()
    headers = {"Authorization": f"Bearer {created['token']}"}

    async def say(text: str) -> dict[str, Any]:
        url = f"/v1/conversations/{created['id']}/messages"
        response = await client.post(url, json={"text": text}, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    asked = await say("I'd like to change order #3002, I only want 1 tee, ana@example.com")
    assert "from 2 to 1" in asked["messages"][0]["text"]
    answer = await say("yes")
    assert "member of our team" in answer["messages"][0]["text"]
    assert [m for m, _ in fake_shopify.faults.requests if m != "GET"] == []
    assert fake_shopify.orders[32]["line_items"][0]["quantity"] == 2
    queued = await say("yes")
    assert queued["state"] == "queued"


async def test_a_chat_on_shopify_opens_a_return_noted_on_the_order(
    client: httpx.AsyncClient, fake_shopify: FakeShopify
) -> None:
    delivered_at = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    fulfillment = {
        "status": "success",
        "shipment_status": "delivered",
        "tracking_number": "RR9",
        "created_at": delivered_at,
        "updated_at": delivered_at,
    }
    fake_shopify.add(
        shopify_order(33, "#3003", fulfillment_status="fulfilled", fulfillments=[fulfillment])
    )
    created = (await client.post("/v1/conversations", json={})).json()
    headers = {"Authorization": f"Bearer {created['token']}"}

    async def say(text: str) -> str:
        url = f"/v1/conversations/{created['id']}/messages"
        response = await client.post(url, json={"text": text}, headers=headers)
        assert response.status_code == 200, response.text
        return "\n".join(m["text"] for m in response.json()["messages"])

    assert "why" in await say("I want to return order #3003, my email is ana@example.com")
    assert "Shall I open the return?" in await say("it is too small")
    done = await say("yes")
    reference = re.search(r"R-[A-Z0-9]{8}", done)
    assert reference is not None, done
    assert reference.group() in fake_shopify.orders[33]["note"]
    assert "return-requested" in fake_shopify.orders[33]["tags"]
    assert fake_shopify.faults.count("PUT") == 1
