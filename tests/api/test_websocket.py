"""The live channel: ack, bot messages, state events, resume with ``after``, no doubles."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import connect

from api.conftest import Chat, LiveServer
from support.store_doc import order_by_status


async def _next(ws: Any, kind: str, wait: float = 10) -> dict[str, Any]:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), wait))
        if frame["type"] == kind:
            return frame


async def _drain(ws: Any, quiet: float = 0.3) -> list[dict[str, Any]]:
    frames = []
    while True:
        try:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), quiet)))
        except TimeoutError:
            return frames


def _url(server: LiveServer, chat: Chat, after: str | None = None) -> str:
    url = f"{server.ws_url}/v1/conversations/{chat.id}/ws?token={chat.token}"
    return url + (f"&after={after}" if after else "")


async def test_message_is_acked_then_answered(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    chat = await Chat.open(client)
    order = order_by_status("shipped")
    async with connect(_url(server, chat)) as ws:
        await ws.send(json.dumps({"type": "message", "text": "hello", "client_id": "c1"}))
        ack = await _next(ws, "ack")
        assert ack["client_id"] == "c1" and ack["message_id"]
        reply = await _next(ws, "message")
        assert reply["message"]["role"] == "bot"
        text = f"{order['number']} {order['customer_email']}"
        await ws.send(json.dumps({"type": "message", "text": text, "client_id": "c2"}))
        await _next(ws, "ack")
        answer = await _next(ws, "message")
        assert (
            answer["message"]["card"]["tracking_number"] == order["shipments"][0]["tracking_number"]
        )


async def test_resent_client_id_is_acked_once_and_never_doubled(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    chat = await Chat.open(client)
    async with connect(_url(server, chat)) as ws:
        frame = json.dumps({"type": "message", "text": "thanks!", "client_id": "dup"})
        await ws.send(frame)
        first = await _next(ws, "ack")
        await _drain(ws)
        await ws.send(frame)
        second = await _next(ws, "ack")
        assert first["message_id"] == second["message_id"]
    transcript = await chat.transcript()
    assert [m["text"] for m in transcript["messages"]].count("thanks!") == 1
    assert [m["role"] for m in transcript["messages"]] == ["bot", "customer", "bot"]


async def test_a_socket_message_retried_over_http_is_stored_once(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    # The widget falls back to HTTP when its socket dies before the ack; it sends the same
    # client_id in the body (and as the idempotency key), and the first message is found.
    chat = await Chat.open(client)
    async with connect(_url(server, chat)) as ws:
        await ws.send(json.dumps({"type": "message", "text": "thanks!", "client_id": "w-1"}))
        ack = await _next(ws, "ack")
        await _drain(ws)
    response = await client.post(
        f"/v1/conversations/{chat.id}/messages",
        json={"text": "thanks!", "client_id": "w-1"},
        headers={"Authorization": f"Bearer {chat.token}", "Idempotency-Key": "w-1"},
    )
    assert response.status_code == 200, response.text
    transcript = await chat.transcript()
    customer = [m for m in transcript["messages"] if m["role"] == "customer"]
    assert [m["id"] for m in customer] == [ack["message_id"]]
    assert [m["role"] for m in transcript["messages"]] == ["bot", "customer", "bot"]


async def test_a_client_id_over_http_is_checked(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    response = await client.post(
        f"/v1/conversations/{chat.id}/messages",
        json={"text": "hello", "client_id": "x" * 101},
        headers={"Authorization": f"Bearer {chat.token}"},
    )
    assert response.status_code == 422
    assert "client_id" in response.json()["error"]["message"]


async def test_resume_after_replays_only_newer_messages(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    chat = await Chat.open(client)
    greeting_id = chat.created["messages"][0]["id"]
    await chat.say("hello")  # sent while no socket was open
    async with connect(_url(server, chat, after=greeting_id)) as ws:
        frames = await _drain(ws)
    replayed = [f["message"] for f in frames if f["type"] == "message"]
    assert [m["role"] for m in replayed] == ["customer", "bot"]
    assert greeting_id not in {m["id"] for m in replayed}


async def test_state_event_on_handoff(server: LiveServer, client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    async with connect(_url(server, chat)) as ws:
        await ws.send(json.dumps({"type": "message", "text": "human please", "client_id": "h"}))
        state = await _next(ws, "state")
        assert state["state"] == "queued"


async def test_bad_token_and_bad_frames(server: LiveServer, client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    bad = f"{server.ws_url}/v1/conversations/{chat.id}/ws?token=wrong"
    async with connect(bad) as ws:
        error = json.loads(await ws.recv())
        assert error["type"] == "error" and error["error"]["code"] == "unauthorized"
    async with connect(_url(server, chat)) as ws:
        await ws.send("not json")
        assert (await _next(ws, "error"))["error"]["code"] == "invalid_request"
        await ws.send(json.dumps({"type": "message", "text": "", "client_id": "x"}))
        assert (await _next(ws, "error"))["error"]["code"] == "invalid_request"
        await ws.send(json.dumps({"type": "message", "text": "hi", "client_id": "ok"}))
        assert (await _next(ws, "ack"))["client_id"] == "ok"
        assert (await _next(ws, "message"))["message"]["role"] == "bot"
