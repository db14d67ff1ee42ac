"""Access control: a conversation's token opens that conversation only, and only where tokens
belong; the agent API needs agent credentials, the right role, and (with a console cookie) the
session's CSRF token; a console form without its CSRF token changes nothing.

Every endpoint is taken from the app's own OpenAPI document, so a new endpoint is checked too.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from security.conftest import AGENT_KEY, PASSWORD, TOKEN_SECRET, Chat, Shop
from security.people import log_in, queued_chat, submit_login
from shopdesk.auth.customer_token import sign_customer_token


def operations(shop: Shop, prefix: str) -> list[tuple[str, str]]:
    """(method, path template) of every documented operation under ``prefix``."""
    paths = shop.app.openapi()["paths"]
    return [
        (method.upper(), path)
        for path, ops in paths.items()
        if path.startswith(prefix)
        for method in ops
    ]


def body_for(path: str) -> dict[str, Any]:
    """A body that would be valid, so only the credentials decide."""
    if path.endswith("/feedback"):
        return {"message_id": "m", "rating": "up"}
    if path.endswith("/csat"):
        return {"score": 5}
    if path.endswith(("/assign", "/transfer")):
        return {"agent_id": "1"}
    return {"text": "hello", "client_id": "c-1"}


async def transcript_length(chat: Chat) -> int:
    response = await chat.client.get(f"/v1/conversations/{chat.id}", headers=chat.auth)
    return len(response.json()["messages"])


async def test_a_token_opens_no_other_conversation(shop: Shop, client: httpx.AsyncClient) -> None:
    mine, theirs = await Chat.open(client), await Chat.open(client)
    before = await transcript_length(theirs)
    ops = operations(shop, "/v1/conversations/{conversation_id}")
    assert len(ops) >= 4
    for method, template in ops:
        path = template.format(conversation_id=theirs.id)
        response = await client.request(method, path, headers=mine.auth, json=body_for(path))
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["error"]["code"] == "unauthorized"
    assert await transcript_length(theirs) == before  # nothing was written to it


@pytest.mark.parametrize(
    "where",
    ["query", "cookie", "basic", "token-scheme", "raw", "customer-jwt", "agent-key"],
)
async def test_tokens_count_only_as_a_bearer_header(client: httpx.AsyncClient, where: str) -> None:
    chat = await Chat.open(client)
    url = f"/v1/conversations/{chat.id}"
    jwt = sign_customer_token({"email": "ana.ruiz@example.com"}, TOKEN_SECRET)
    attempts: dict[str, dict[str, Any]] = {
        "query": {"params": {"token": chat.token}},
        "cookie": {"headers": {"Cookie": f"token={chat.token}"}},
        "basic": {"headers": {"Authorization": f"Basic {chat.token}"}},
        "token-scheme": {"headers": {"Authorization": f"Token {chat.token}"}},
        "raw": {"headers": {"Authorization": chat.token}},
        "customer-jwt": {"headers": {"Authorization": f"Bearer {jwt}"}},
        "agent-key": {"headers": {"Authorization": f"Bearer {AGENT_KEY}"}},
    }
    response = await client.get(url, **attempts[where])
    assert response.status_code == 401, response.text


async def test_a_socket_opens_only_with_its_own_token(
    shop: Shop, client: httpx.AsyncClient
) -> None:
    mine, theirs = await Chat.open(client), await Chat.open(client)
    base = f"{shop.ws_url}/v1/conversations/{theirs.id}/ws"
    for query in (f"?token={mine.token}", "", "?token=", f"?token={AGENT_KEY}"):
        async with connect(base + query) as ws:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert frame["type"] == "error" and frame["error"]["code"] == "unauthorized"
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    # The owner's socket hears nothing of another conversation.
    async with connect(f"{shop.ws_url}/v1/conversations/{mine.id}/ws?token={mine.token}") as ws:
        await theirs.say("where is my order HX1148? ana.ruiz@example.com")
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(ws.recv(), 0.5)


AGENT_CREDENTIALS = {
    "none": {},
    "wrong key": {"Authorization": "Bearer not-the-key"},
    "key as basic": {"Authorization": f"Basic {AGENT_KEY}"},
    "key in query": {},  # added as ?api_key= below
}


@pytest.mark.parametrize("credential", sorted(AGENT_CREDENTIALS))
async def test_agent_api_refuses_without_agent_credentials(
    shop: Shop, client: httpx.AsyncClient, credential: str
) -> None:
    chat = await Chat.open(client)
    params = {"api_key": AGENT_KEY, "token": AGENT_KEY} if credential == "key in query" else {}
    for method, template in operations(shop, "/v1/agent"):
        path = template.format(conversation_id=chat.id)
        response = await client.request(
            method, path, headers=AGENT_CREDENTIALS[credential], params=params, json=body_for(path)
        )
        assert response.status_code == 401, (method, path, response.text)


async def test_a_shoppers_token_is_no_agent_credential(
    shop: Shop, client: httpx.AsyncClient
) -> None:
    chat = await Chat.open(client)
    for method, template in operations(shop, "/v1/agent"):
        path = template.format(conversation_id=chat.id)
        response = await client.request(method, path, headers=chat.auth, json=body_for(path))
        assert response.status_code == 401, (method, path)


async def test_console_cookie_needs_the_csrf_header_for_every_change(
    shop: Shop, client: httpx.AsyncClient
) -> None:
    chat = await queued_chat(shop, client)
    async with await log_in(shop, "admin") as agent:
        for method, template in operations(shop, "/v1/agent"):
            if method == "GET":
                continue
            path = template.format(conversation_id=chat.id)
            for headers in ({}, {"X-CSRF-Token": "forged"}):
                response = await agent.client.request(
                    method, path, json=body_for(path), headers=headers
                )
                assert response.status_code == 403, (method, path, response.text)
        state = await agent.api("GET", f"/v1/agent/conversations/{chat.id}")
        assert state.status_code == 200
    assert (await client.get(f"/v1/conversations/{chat.id}", headers=chat.auth)).json()[
        "state"
    ] == "queued"  # no claim slipped through


async def test_a_password_without_the_totp_code_opens_nothing(shop: Shop) -> None:
    async with shop.client("198.51.100.8") as browser:
        response = await submit_login(browser, "totp@desk.example", PASSWORD)
        assert response.headers["location"].startswith("/console/login/code")
        assert (await browser.get("/v1/agent/queue")).status_code == 401
        assert (await browser.get("/console")).status_code == 303  # back to the login


async def test_roles_over_http(shop: Shop, client: httpx.AsyncClient) -> None:
    agent, supervisor, admin = [await log_in(shop, r) for r in ("agent", "supervisor", "admin")]
    try:
        first, second = await queued_chat(shop, client), await queued_chat(shop, client)
        claimed = await agent.api("POST", f"/v1/agent/conversations/{first.id}/claim")
        assert claimed.status_code == 200, claimed.text
        agent_id = claimed.json()["agent_id"]
        # Assigning is for supervisors and admins.
        refused = await agent.api(
            "POST", f"/v1/agent/conversations/{second.id}/assign", json={"agent_id": agent_id}
        )
        assert refused.status_code == 403
        assert "supervisor" in refused.json()["error"]["message"]
        for boss in (supervisor, admin):
            moved = await boss.api(
                "POST", f"/v1/agent/conversations/{second.id}/assign", json={"agent_id": agent_id}
            )
            assert moved.status_code == 200, moved.text
        # A conversation someone else holds: an agent may not move, close or hand it back.
        given = await admin.api(
            "POST", f"/v1/agent/conversations/{second.id}/assign", json={"agent_id": "other"}
        )
        assert given.json()["agent_id"] == "other"
        for action, body in (
            ("transfer", {"agent_id": agent_id}),
            ("close", {}),
            ("hand-back", {}),
        ):
            path = f"/v1/agent/conversations/{second.id}/{action}"
            stolen = await agent.api("POST", path, json=body)
            assert stolen.status_code == 403, (action, stolen.text)
        # The console's supervisor pages and forms.
        for console, team_status in ((agent, 403), (supervisor, 200), (admin, 200)):
            assert (await console.client.get("/console/team")).status_code == team_status
        form = {"csrf_token": agent.csrf, "shortcut": "role-probe", "title": "Hi", "text": "Hi!"}
        assert (await agent.client.post("/console/canned", data=form)).status_code == 403
        page = await supervisor.client.get("/console/canned")
        assert "role-probe" not in page.text
    finally:
        for console in (agent, supervisor, admin):
            await console.client.aclose()


CONSOLE_FORMS = ["/console/logout", "/console/canned", "/console/canned/1/delete"]


@pytest.mark.parametrize("path", CONSOLE_FORMS)
async def test_console_forms_without_their_csrf_token_change_nothing(shop: Shop, path: str) -> None:
    async with await log_in(shop, "admin") as admin:
        form = {"shortcut": "csrf-probe", "title": "x", "text": "x"}
        for token in (None, "forged"):
            data = form if token is None else {**form, "csrf_token": token}
            response = await admin.client.post(path, data=data)
            assert response.status_code == 403, (path, response.status_code)
        # Still logged in, and no canned response was made.
        page = await admin.client.get("/console/canned")
        assert page.status_code == 200 and "csrf-probe" not in page.text


async def test_agent_socket_from_another_site_gets_no_identity(shop: Shop) -> None:
    admin = await log_in(shop, "admin")
    cookie = "; ".join(f"{k}={v}" for k, v in admin.client.cookies.items())
    await admin.client.aclose()
    host = shop.base_url.removeprefix("http://")
    for origin, allowed in ((f"http://{host}", True), ("https://evil.example", False)):
        headers = {"Cookie": cookie, "Origin": origin}
        async with connect(f"{shop.ws_url}/v1/agent/ws", additional_headers=headers) as ws:
            if allowed:
                await ws.send(json.dumps({"type": "ping"}))
                frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert frame["type"] != "error", frame
                continue
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert frame["type"] == "error" and frame["error"]["code"] == "unauthorized"


async def test_an_expired_customer_token_opens_no_conversation(client: httpx.AsyncClient) -> None:
    expired = sign_customer_token(
        {"email": "ana.ruiz@example.com", "exp": int(time.time()) - 5}, TOKEN_SECRET
    )
    none_alg = expired.split(".", 1)[1]
    for token in (expired, f"eyJhbGciOiJub25lIn0.{none_alg.rsplit('.', 1)[0]}."):
        response = await client.post("/v1/conversations", json={"customer_token": token})
        assert response.status_code == 401, response.text


async def test_agent_socket_takes_no_key_from_the_url(
    shop: Shop, client: httpx.AsyncClient
) -> None:
    chat = await Chat.open(client)
    for query in (f"?token={AGENT_KEY}", f"?api_key={AGENT_KEY}", f"?token={chat.token}"):
        async with connect(f"{shop.ws_url}/v1/agent/ws{query}") as ws:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            assert frame["type"] == "error" and frame["error"]["code"] == "unauthorized"
    headers = {"Authorization": f"Bearer {AGENT_KEY}"}
    async with connect(f"{shop.ws_url}/v1/agent/ws", additional_headers=headers) as ws:
        await ws.send(json.dumps({"type": "ping"}))
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert frame["type"] != "error", frame
