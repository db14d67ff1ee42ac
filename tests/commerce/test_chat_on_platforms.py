"""A shopper chats with shopdesk while the orders live on Shopify or WooCommerce (fakes over
real HTTP): answers come from the platform, writes reach it once, and its failures get a
polite answer with a person on offer, never an error."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shopdesk.app import create_app
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings
from support.fake_shopify import FakeShopify, shopify_order
from support.fake_woocommerce import FakeWooCommerce, woo_order


@pytest.fixture(scope="module")
def nlu() -> Pipeline:
    return load_pipeline(Settings())


async def _client(
    tmp_path: Path, nlu: Pipeline, connector: str, config: dict[str, Any]
) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "connector.json").write_text(json.dumps(config), encoding="utf-8")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'shop.db'}",
        connector=connector,
        connector_config=tmp_path / "connector.json",
    )
    app = create_app(settings, nlu=nlu)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shopdesk") as client:
            yield client


class Chat:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.id = ""
        self.token = ""

    async def open(self) -> Chat:
        created = (await self.client.post("/v1/conversations", json={})).json()
        self.id, self.token = created["id"], created["token"]
        return self

    async def say(self, text: str) -> str:
        response = await self.client.post(
            f"/v1/conversations/{self.id}/messages",
            json={"text": text},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        assert response.status_code == 200, response.text
        return "\n".join(m["text"] for m in response.json()["messages"])


@pytest.fixture
async def shopify_chat(
    tmp_path: Path, nlu: Pipeline, fake_shopify: FakeShopify, shopify_config: dict[str, Any]
) -> AsyncIterator[Chat]:
    async for client in _client(tmp_path, nlu, "shopify", shopify_config):
        yield await Chat(client).open()


async def test_status_then_cancel_on_shopify(shopify_chat: Chat, fake_shopify: FakeShopify) -> None:
    fake_shopify.add(shopify_order(450789469, "#1001"))
    status = await shopify_chat.say("where is my order #1001? my email is ana@example.com")
    assert "1001" in status and "Traceback" not in status
    asked = await shopify_chat.say("please cancel order #1001")
    assert "Shall I cancel it?" in asked
    done = await shopify_chat.say("yes")
    assert "is cancelled" in done
    assert fake_shopify.faults.count("POST", "/cancel.json") == 1
    assert fake_shopify.orders[450789469]["cancelled_at"] is not None


async def test_shopify_down_gets_a_polite_answer(
    shopify_chat: Chat, fake_shopify: FakeShopify
) -> None:
    fake_shopify.add(shopify_order(450789470, "#1002"))
    fake_shopify.faults.fail(503)
    answer = await shopify_chat.say("where is my order #1002? ana@example.com")
    assert "can't reach our order system" in answer
    fake_shopify.faults.reset()
    assert "1002" in await shopify_chat.say("where is my order #1002? ana@example.com")


async def test_a_refused_cancel_changes_nothing(
    shopify_chat: Chat, fake_shopify: FakeShopify
) -> None:
    fake_shopify.add(shopify_order(450789471, "#1003"))
    assert "Shall I cancel it?" in await shopify_chat.say("cancel order #1003 ana@example.com")
    fake_shopify.faults.fail(401, methods={"POST"})
    answer = await shopify_chat.say("yes")
    assert "nothing has been changed" in answer
    assert fake_shopify.orders[450789471]["cancelled_at"] is None


async def test_status_on_woocommerce(
    tmp_path: Path, nlu: Pipeline, fake_woo: FakeWooCommerce, woo_config: dict[str, Any]
) -> None:
    fake_woo.add(woo_order(727))
    async for client in _client(tmp_path, nlu, "woocommerce", woo_config):
        chat = await Chat(client).open()
        answer = await chat.say("where is order 727? my email is jonas@example.com")
        assert "727" in answer and "can't reach" not in answer
