"""Console pages through the ASGI app on real SQLite and PostgreSQL: login, CSRF, roles, pages."""

from __future__ import annotations

import re

import httpx
import pyotp
from fastapi import FastAPI

from console.conftest import (
    PASSWORD,
    Team,
    agents,
    client_for,
    log_in,
    queued_conversation,
)
from support.forms import hidden_field, page_csrf


async def test_pages_need_a_login(anon: httpx.AsyncClient) -> None:
    for path in ("/console", "/console/team", "/console/canned", "/console/conversations/x1"):
        response = await anon.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=")


async def test_login_page_is_accessible_markup(anon: httpx.AsyncClient) -> None:
    page = await anon.get("/console/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="de">' in page.text
    assert '<label for="email">' in page.text
    assert 'autocomplete="current-password"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"


async def test_login_sets_a_strict_http_only_cookie(console_app: FastAPI, team: Team) -> None:
    async with client_for(console_app) as client:
        response = await log_in(client, "ann@example.com")
        assert response.status_code == 303
        assert response.headers["location"] == "/console"
        cookies = response.headers.get_list("set-cookie")
        cookie = next(h for h in cookies if h.startswith("shopdesk_console="))
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        queue = await client.get("/console")
        assert queue.status_code == 200
        assert "Ann" in queue.text


async def test_wrong_password_is_refused_without_saying_which(
    anon: httpx.AsyncClient, team: Team
) -> None:
    response = await log_in(anon, "ann@example.com", "not the password")
    assert response.status_code == 401
    assert "Wrong email, password or code." in response.text
    unknown = await log_in(anon, "nobody@example.com", PASSWORD)
    assert unknown.status_code == 401
    assert "shopdesk_console=" not in unknown.headers.get("set-cookie", "")


async def test_login_form_without_its_csrf_token_is_refused(
    anon: httpx.AsyncClient, team: Team
) -> None:
    await anon.get("/console/login")
    response = await anon.post(
        "/console/login",
        data={"email": "ann@example.com", "password": PASSWORD, "csrf_token": "forged"},
    )
    assert response.status_code == 403
    assert "shopdesk_console=" not in response.headers.get("set-cookie", "")


async def test_login_throttling_answers_429(anon: httpx.AsyncClient, team: Team) -> None:
    for _ in range(5):
        assert (await log_in(anon, "ann@example.com", "wrong wrong")).status_code == 401
    response = await log_in(anon, "ann@example.com", PASSWORD)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "900"


async def test_totp_agent_needs_the_code(console_app: FastAPI) -> None:
    _, uri = await agents(console_app).create("tom@example.com", PASSWORD, "agent", totp=True)
    assert uri
    async with client_for(console_app) as client:
        response = await log_in(client, "tom@example.com")
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login/code")
        assert (await client.get("/console")).status_code == 303  # not in yet
        page = await client.get("/console/login/code")
        token = hidden_field(page.text, "csrf_token")
        bad = await client.post("/console/login/code", data={"code": "123456", "csrf_token": token})
        assert bad.status_code == 401
        code = pyotp.parse_uri(uri).now()  # type: ignore[attr-defined]
        good = await client.post("/console/login/code", data={"code": code, "csrf_token": token})
        assert good.status_code == 303
        assert (await client.get("/console")).status_code == 200


async def test_logout_needs_the_csrf_token_and_ends_the_session(ann: httpx.AsyncClient) -> None:
    page = await ann.get("/console")
    forged = await ann.post("/console/logout", data={"csrf_token": "nope"})
    assert forged.status_code == 403
    assert (await ann.get("/console")).status_code == 200
    out = await ann.post("/console/logout", data={"csrf_token": page_csrf(page.text)})
    assert out.status_code == 303
    assert (await ann.get("/console")).status_code == 303


async def test_queue_shows_the_waiting_conversation(
    console_app: FastAPI, ann: httpx.AsyncClient
) -> None:
    conversation_id = await queued_conversation(console_app)
    page = await ann.get("/console")
    assert page.status_code == 200
    row = re.search(rf'<tr data-id="{conversation_id}">(.*?)</tr>', page.text, re.S)
    assert row, page.text
    assert "High" in row.group(1)
    assert "Fraud" in row.group(1)
    assert "EN" in row.group(1)
    fragment = await ann.get("/console/queue/fragment")
    assert conversation_id in fragment.text
    assert "<html" not in fragment.text


async def test_claim_and_reply_through_the_agent_api_with_the_cookie(
    console_app: FastAPI, ann: httpx.AsyncClient
) -> None:
    conversation_id = await queued_conversation(console_app)
    page = await ann.get(f"/console/conversations/{conversation_id}")
    assert page.status_code == 200
    assert "Hello there" in page.text
    csrf = page_csrf(page.text)
    path = f"/v1/agent/conversations/{conversation_id}"
    no_header = await ann.post(f"{path}/claim")
    assert no_header.status_code == 403  # the cookie alone is not enough for a change
    claimed = await ann.post(f"{path}/claim", headers={"X-CSRF-Token": csrf})
    assert claimed.status_code == 200, claimed.text
    sent = await ann.post(
        f"{path}/messages",
        json={"text": "Hi, I am Ann. Let me look.", "client_id": "c-1"},
        headers={"X-CSRF-Token": csrf},
    )
    assert sent.status_code in (200, 201), sent.text
    again = await ann.get(f"/console/conversations/{conversation_id}")
    assert "Hi, I am Ann. Let me look." in again.text
    mine = await ann.get("/console")
    assert f'<tr data-id="{conversation_id}">' in mine.text


async def test_unknown_conversation_is_a_404_page(ann: httpx.AsyncClient) -> None:
    response = await ann.get("/console/conversations/no-such-id")
    assert response.status_code == 404
    assert "There is no such conversation." in response.text


async def test_team_view_is_for_supervisors(ann: httpx.AsyncClient, sam: httpx.AsyncClient) -> None:
    assert (await ann.get("/console/team")).status_code == 403
    assert (await ann.get("/console/team/fragment")).status_code == 403
    page = await sam.get("/console/team")
    assert page.status_code == 200
    assert "Ann" in page.text and "Sam" in page.text
    assert "Offline" in page.text


async def test_canned_responses_are_managed_by_supervisors(
    console_app: FastAPI, ann: httpx.AsyncClient, sam: httpx.AsyncClient
) -> None:
    ann_page = await ann.get("/console/canned")
    refused = await ann.post(
        "/console/canned",
        data={
            "shortcut": "hi",
            "title": "Hi",
            "text": "Hello",
            "csrf_token": hidden_field(ann_page.text, "csrf_token"),
        },
    )
    assert refused.status_code == 403
    page = await sam.get("/console/canned")
    token = hidden_field(page.text, "csrf_token")
    forged = await sam.post(
        "/console/canned", data={"shortcut": "hi", "title": "Hi", "text": "x", "csrf_token": "x"}
    )
    assert forged.status_code == 403
    bad = await sam.post(
        "/console/canned",
        data={"shortcut": "Hi There", "title": "Hi", "text": "x", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "shortcut" in bad.text
    saved = await sam.post(
        "/console/canned",
        data={
            "shortcut": "greet",
            "title": "Greeting",
            "text": "Hello {customer_name}, this is {agent_name}.",
            "csrf_token": token,
        },
    )
    assert saved.status_code == 303
    conversation_id = await queued_conversation(console_app)
    view = await ann.get(f"/console/conversations/{conversation_id}")
    # The agent's name is filled in; the customer is unknown, so that placeholder stays.
    assert "Hello {customer_name}, this is Ann." in view.text


async def test_open_redirects_are_refused(console_app: FastAPI, team: Team) -> None:
    async with client_for(console_app) as client:
        page = await client.get("/console/login?next=https://evil.example/")
        assert 'name="next" value="/console"' in page.text


async def test_assign_needs_a_supervisor_and_lands_in_the_agents_own_list(
    console_app: FastAPI, team: Team, ann: httpx.AsyncClient, sam: httpx.AsyncClient
) -> None:
    conversation_id = await queued_conversation(console_app)
    path = f"/v1/agent/conversations/{conversation_id}/assign"
    body = {"agent_id": str(team.agent.id), "agent_name": "Ann"}
    ann_csrf = page_csrf((await ann.get("/console")).text)
    refused = await ann.post(path, json=body, headers={"X-CSRF-Token": ann_csrf})
    assert refused.status_code == 403
    sam_csrf = page_csrf((await sam.get("/console")).text)
    wrong_token = await sam.post(path, json=body, headers={"X-CSRF-Token": ann_csrf})
    assert wrong_token.status_code == 403  # another session's token is no good
    done = await sam.post(path, json=body, headers={"X-CSRF-Token": sam_csrf})
    assert done.status_code == 200, done.text
    assert done.json()["agent_id"] == str(team.agent.id)
    page = (await ann.get("/console")).text
    mine = page.split('id="mine-title"', 1)[1]
    assert f'<tr data-id="{conversation_id}">' in mine
    supervisor_page = (await sam.get("/console")).text
    assert "Whole queue" in supervisor_page  # Sam sees what others hold


async def test_a_disabled_agents_cookie_opens_nothing(
    console_app: FastAPI, ann: httpx.AsyncClient
) -> None:
    assert (await ann.get("/console")).status_code == 200
    await agents(console_app).disable("ann@example.com")
    assert (await ann.get("/console")).status_code == 303
    assert (await ann.get("/v1/agent/queue")).status_code == 401


def test_websocket_from_another_origin_gets_no_console_identity() -> None:
    from starlette.requests import HTTPConnection

    from shopdesk.console.middleware import _same_origin

    def connection(origin: str | None) -> HTTPConnection:
        headers = [(b"host", b"desk.example:8000")]
        if origin is not None:
            headers.append((b"origin", origin.encode()))
        return HTTPConnection({"type": "websocket", "headers": headers})

    assert _same_origin(connection("http://desk.example:8000"))
    assert _same_origin(connection(None))  # not a browser
    assert not _same_origin(connection("https://evil.example"))
    assert not _same_origin(connection("http://desk.example:9000"))


async def test_verified_orders_show_status_tracking_and_fill_the_customer_name(
    console_app: FastAPI, sam: httpx.AsyncClient
) -> None:
    from shopdesk.kit.db import transaction
    from shopdesk.store import import_document, parse_document
    from support.store_doc import order_by_status, store_document

    async with transaction(console_app.state.runtime.sessionmaker) as session:
        await import_document(session, parse_document(store_document()))
    order = order_by_status("shipped")
    sam_page = await sam.get("/console/canned")
    await sam.post(
        "/console/canned",
        data={
            "shortcut": "hi",
            "title": "Hi",
            "text": "Hello {customer_name}, about {order_number}:",
            "csrf_token": hidden_field(sam_page.text, "csrf_token"),
        },
    )
    async with client_for(console_app) as client:
        created = (await client.post("/v1/conversations", json={"locale": "en"})).json()
        auth = {"Authorization": f"Bearer {created['token']}"}
        url = f"/v1/conversations/{created['id']}/messages"
        await client.post(url, json={"text": f"Where is my order {order['number']}?"}, headers=auth)
        await client.post(url, json={"text": order["customer_email"]}, headers=auth)
    from shopdesk.handoff.service import HandoffService

    await HandoffService(console_app.state.runtime).request(created["id"], reason="fraud")
    page = (await sam.get(f"/console/conversations/{created['id']}")).text
    orders = page.split('class="orders"', 1)[1].split("</ul>", 1)[0]
    assert order["number"] in orders
    assert "Shipped" in orders
    assert order["shipments"][0]["tracking_number"] in orders
    customers = {c["email"]: c for c in store_document()["customers"]}
    name = customers[order["customer_email"]]["name"]
    assert f"<dd>{name}</dd>" in page
    assert f'value="Hello {name}, about {order["number"]}:"' in page
