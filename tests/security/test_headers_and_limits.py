"""Security headers on every kind of response, CORS only for the configured widget origins, and
the message rate limits per client and per conversation (429 with Retry-After, HTTP and
WebSocket)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from security.conftest import WIDGET_ORIGIN, Chat, Shop
from shopdesk.app import create_app
from shopdesk.settings import Settings

EVERYWHERE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


async def test_security_headers_on_every_kind_of_response(shop: Shop) -> None:
    chat_body = json.dumps({"text": "x" * 100_000})
    async with httpx.AsyncClient(base_url=shop.base_url, timeout=10) as client:
        created = (await client.post("/v1/conversations", json={})).json()
        responses = {
            "api": await client.get(f"/v1/conversations/{created['id']}"),  # 401
            "created": await client.post("/v1/conversations", json={}),
            "not found": await client.get("/nope"),
            "too large": await client.post(
                "/v1/conversations", content=chat_body, headers={"Content-Type": "application/json"}
            ),
            "demo page": await client.get("/"),
            "widget": await client.get("/widget.js"),
            "console login": await client.get("/console/login"),
            "console script": await client.get("/console/static/queue.js"),
            "openapi": await client.get("/openapi.json"),
        }
    for name, response in responses.items():
        for header, value in EVERYWHERE.items():
            assert response.headers.get(header) == value, (name, header, response.status_code)
        csp = response.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp, (name, csp)
        assert "unsafe-eval" not in csp
        # The server names itself at most, never its version.
        assert not re.search(r"\d", response.headers.get("server", "")), name
    assert "script-src 'self'" in responses["demo page"].headers["content-security-policy"]
    assert "default-src 'none'" in responses["api"].headers["content-security-policy"]
    assert responses["widget"].headers["content-type"].startswith("text/javascript")
    # The console keeps its own, stricter policy (one header, not two).
    console_csp = responses["console login"].headers.get_list("content-security-policy")
    assert len(console_csp) == 1 and "style-src 'self';" in console_csp[0]


def preflight(origin: str, path: str = "/v1/conversations") -> dict[str, Any]:
    return {
        "method": "OPTIONS",
        "url": path,
        "headers": {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    }


async def test_cors_only_for_the_configured_widget_origin(client: httpx.AsyncClient) -> None:
    allowed = await client.request(**preflight(WIDGET_ORIGIN))
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == WIDGET_ORIGIN
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    simple = await client.post("/v1/conversations", json={}, headers={"Origin": WIDGET_ORIGIN})
    assert simple.headers["access-control-allow-origin"] == WIDGET_ORIGIN
    assert "access-control-allow-credentials" not in simple.headers  # no cookies cross-site
    for origin in ("https://evil.example", "https://shop.example.evil.example", "null"):
        refused = await client.request(**preflight(origin))
        assert "access-control-allow-origin" not in refused.headers, origin
        assert refused.status_code == 400
        plain = await client.post("/v1/conversations", json={}, headers={"Origin": origin})
        assert "access-control-allow-origin" not in plain.headers, origin
    # The agent API is not for other sites either.
    agent = await client.request(**preflight(WIDGET_ORIGIN, "/v1/agent/queue"))
    assert agent.headers.get("access-control-allow-origin") in (None, WIDGET_ORIGIN)


async def test_without_configured_origins_no_site_is_allowed() -> None:
    # CORS is decided before any route runs, so the app needs no lifespan here.
    app = create_app(Settings(database_url="sqlite:///unused.db"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
        for origin in (WIDGET_ORIGIN, "https://evil.example"):
            answer = await client.request(**preflight(origin))
            assert "access-control-allow-origin" not in answer.headers
            health = await client.get("/healthz", headers={"Origin": origin})
            assert "access-control-allow-origin" not in health.headers


def assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["error"]["code"] == "rate_limited"


async def test_messages_per_conversation_are_limited(
    shop: Shop, client: httpx.AsyncClient, limits: Callable[..., None]
) -> None:
    limits(messages_per_minute_per_conversation=5)
    chat, other = await Chat.open(client), await Chat.open(client)
    statuses = [(await chat.post("hello")).status_code for _ in range(5)]
    assert statuses == [200] * 5
    assert_limited(await chat.post("hello"))
    assert (await other.post("hello")).status_code == 200  # only that conversation waits
    async with connect(f"{shop.ws_url}/v1/conversations/{chat.id}/ws?token={chat.token}") as ws:
        await ws.send(json.dumps({"type": "message", "text": "hi", "client_id": "c-9"}))
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert frame["type"] == "error" and frame["error"]["code"] == "rate_limited"
        assert frame["client_id"] == "c-9"


async def test_messages_per_client_are_limited(shop: Shop, limits: Callable[..., None]) -> None:
    limits(messages_per_minute_per_client=8)
    async with shop.client("203.0.113.9") as noisy, shop.client("203.0.113.10") as quiet:
        chats = [await Chat.open(noisy) for _ in range(3)]
        statuses = [(await chats[i % 3].post("hello")).status_code for i in range(8)]
        assert statuses == [200] * 8
        for chat in chats:  # a fresh conversation does not help
            assert_limited(await chat.post("hello"))
        assert_limited(await (await Chat.open(noisy)).post("hello"))
        assert (await (await Chat.open(quiet)).post("hello")).status_code == 200


@pytest.mark.parametrize("attempts", [6])
async def test_console_logins_are_limited(shop: Shop, attempts: int) -> None:
    from security.people import submit_login

    async with shop.client("203.0.113.11") as browser:
        answers = [
            await submit_login(browser, "admin@desk.example", "wrong password")
            for _ in range(attempts)
        ]
    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert answers[5].status_code == 429 and int(answers[5].headers["retry-after"]) >= 1
