"""The chat API contract: shapes, auth, validation errors, idempotency, health."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from api.conftest import Chat

MESSAGE_KEYS = {"id", "role", "text", "created_at", "locale", "intent", "quick_replies", "card"}


async def test_create_returns_token_state_and_greeting(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/conversations", json={"locale": "es", "channel": "web"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"id", "token", "state", "locale", "messages"}
    assert body["state"] == "bot" and body["locale"] == "es"
    [greeting] = body["messages"]
    assert set(greeting) >= MESSAGE_KEYS
    assert greeting["role"] == "bot" and greeting["locale"] == "es"
    assert "Test Shop" in greeting["text"]


async def test_create_without_body_uses_default_locale(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/conversations")
    assert response.status_code == 201
    assert response.json()["locale"] == "en"


async def test_unsupported_locale_falls_back_and_region_tags_map(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/conversations", json={"locale": "pt-BR"})).json()[
        "locale"
    ] == "pt"
    assert (await client.post("/v1/conversations", json={"locale": "xx"})).json()["locale"] == "en"


async def test_send_message_needs_the_conversation_token(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    url = f"/v1/conversations/{chat.id}/messages"
    missing = await client.post(url, json={"text": "hi"})
    wrong = await client.post(url, json={"text": "hi"}, headers={"Authorization": "Bearer nope"})
    for response in (missing, wrong):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.json()["error"]["message"]


async def test_token_of_one_conversation_reads_no_other(client: httpx.AsyncClient) -> None:
    first, second = await Chat.open(client), await Chat.open(client)
    response = await client.get(
        f"/v1/conversations/{second.id}", headers={"Authorization": f"Bearer {first.token}"}
    )
    assert response.status_code == 401


async def test_unknown_conversation_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/v1/conversations/{uuid.uuid4()}/messages",
        json={"text": "hi"},
        headers={"Authorization": "Bearer whatever"},
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_invalid_bodies_get_clear_4xx(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    url = f"/v1/conversations/{chat.id}/messages"
    auth = {"Authorization": f"Bearer {chat.token}", "Content-Type": "application/json"}
    cases = [
        (b"", 422),
        (b"not json", 422),
        (b'{"text": "   "}', 422),
        (b'{"text": 5}', 422),
        (b'{"nothing": 1}', 422),
        (b"[1, 2]", 422),
        ('{"text": "' + "x" * 2001 + '"}', 422),
        (b'{"text": "\xff\xfe"}', 422),
        ('{"text": "' + "y" * 1_000_000 + '"}', 413),
    ]
    for body, status in cases:
        response = await client.post(url, content=body, headers=auth)
        assert response.status_code == status, (body[:30], response.text)
        error = response.json()["error"]
        assert error["code"] and error["message"]
        assert "Traceback" not in response.text


async def test_text_is_trimmed_and_2000_chars_accepted(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    body = await chat.say("  " + "a" * 2000 + "  ")
    assert body["messages"]
    transcript = await chat.transcript()
    assert transcript["messages"][1]["text"] == "a" * 2000


async def test_transcript_is_whole_and_oldest_first(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    await chat.say("hello")
    await chat.say("thanks")
    transcript = await chat.transcript()
    roles = [m["role"] for m in transcript["messages"]]
    assert roles == ["bot", "customer", "bot", "customer", "bot"]
    stamps = [m["created_at"] for m in transcript["messages"]]
    assert stamps == sorted(stamps)
    assert all("+" in s or s.endswith("Z") for s in stamps)


async def test_idempotency_key_returns_first_answer_and_stores_once(
    client: httpx.AsyncClient,
) -> None:
    chat = await Chat.open(client)
    key = str(uuid.uuid4())
    first = await chat.say("where is my order TS5003?", **{"Idempotency-Key": key})
    again = await chat.say("where is my order TS5003?", **{"Idempotency-Key": key})
    assert first == again
    transcript = await chat.transcript()
    assert [m["role"] for m in transcript["messages"]].count("customer") == 1


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    for _ in range(200):  # ready once the model and the shop's indexes are loaded (warm_up)
        ready = await client.get("/readyz")
        if ready.status_code == 200:
            break
        assert ready.status_code == 503 and ready.headers["Retry-After"]
        await asyncio.sleep(0.05)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


async def test_openapi_documents_the_chat_api(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "/v1/conversations" in spec["paths"]
    assert "/v1/conversations/{conversation_id}/messages" in spec["paths"]
    assert (await client.get("/docs")).status_code == 200


async def test_demo_page_is_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200 and "Test Shop" in page.text
    assert page.headers["x-content-type-options"] == "nosniff"


async def test_unknown_path_is_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
