"""Thumbs up/down on bot answers and CSAT: over the WebSocket and over HTTP, stored once."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import connect

from api.conftest import Chat, LiveServer
from shopdesk.kit.db import create_sessionmaker
from shopdesk.models import Feedback


async def ratings(engine: AsyncEngine, chat: Chat) -> list[tuple[str, int | None, str]]:
    async with create_sessionmaker(engine)() as session:
        query = select(Feedback).where(Feedback.conversation_id == chat.id).order_by(Feedback.id)
        rows = (await session.execute(query)).scalars()
        return [(r.kind, r.rating, r.text) for r in rows]


def bearer(chat: Chat) -> dict[str, str]:
    return {"Authorization": f"Bearer {chat.token}"}


async def test_rating_an_answer_twice_keeps_the_latest(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    chat = await Chat.open(client)
    greeting = chat.created["messages"][0]
    url = f"/v1/conversations/{chat.id}/feedback"
    up = await client.post(
        url, json={"message_id": greeting["id"], "rating": "up"}, headers=bearer(chat)
    )
    assert up.status_code == 200, up.text
    assert up.json() == {"message_id": greeting["id"], "rating": "up"}
    down = await client.post(
        url, json={"message_id": greeting["id"], "rating": "down"}, headers=bearer(chat)
    )
    assert down.status_code == 200
    assert await ratings(engine, chat) == [("answer_rating", -1, greeting["text"])]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"message_id": "not-a-message", "rating": "up"}, 422),
        ({"rating": "up"}, 422),
        ({"message_id": "{greeting}", "rating": "meh"}, 422),
        ({"message_id": "{customer}", "rating": "up"}, 422),  # only the bot's answers
        ({"message_id": "x" * 500, "rating": "up"}, 422),
    ],
)
async def test_bad_answer_ratings_are_refused(
    client: httpx.AsyncClient, engine: AsyncEngine, body: dict[str, str], status: int
) -> None:
    chat = await Chat.open(client)
    await chat.say("hello")
    messages = (await chat.transcript())["messages"]
    ids = {
        "{greeting}": messages[0]["id"],
        "{customer}": next(m["id"] for m in messages if m["role"] == "customer"),
    }
    body = {k: ids.get(v, v) for k, v in body.items()}
    response = await client.post(
        f"/v1/conversations/{chat.id}/feedback", json=body, headers=bearer(chat)
    )
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]
    assert await ratings(engine, chat) == []


async def test_ratings_need_the_conversation_token(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    greeting = chat.created["messages"][0]
    body = {"message_id": greeting["id"], "rating": "up"}
    wrong = await client.post(f"/v1/conversations/{chat.id}/feedback", json=body)
    assert wrong.status_code == 401
    csat = await client.post(
        f"/v1/conversations/{chat.id}/csat",
        json={"score": 5},
        headers={"Authorization": "Bearer x"},
    )
    assert csat.status_code == 401
    unknown = await client.post(
        "/v1/conversations/00000000-0000-0000-0000-000000000000/csat",
        json={"score": 5},
        headers=bearer(chat),
    )
    assert unknown.status_code == 404


@pytest.mark.parametrize("score", [0, 6, "5", True, 4.5, None])
async def test_csat_out_of_range_is_refused(
    client: httpx.AsyncClient, engine: AsyncEngine, score: Any
) -> None:
    chat = await Chat.open(client)
    response = await client.post(
        f"/v1/conversations/{chat.id}/csat", json={"score": score}, headers=bearer(chat)
    )
    assert response.status_code == 422, response.text
    assert await ratings(engine, chat) == []


async def test_csat_over_http_latest_score_counts(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    chat = await Chat.open(client)
    for score in (2, 5):
        response = await client.post(
            f"/v1/conversations/{chat.id}/csat", json={"score": score}, headers=bearer(chat)
        )
        assert response.status_code == 200
    assert await ratings(engine, chat) == [("csat", 5, "")]


async def test_ratings_over_the_websocket(
    server: LiveServer, client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    chat = await Chat.open(client)
    greeting = chat.created["messages"][0]
    url = f"{server.ws_url}/v1/conversations/{chat.id}/ws?token={chat.token}"
    async with connect(url) as ws:
        await ws.send(
            json.dumps({"type": "feedback", "message_id": greeting["id"], "rating": "up"})
        )
        # Resent after a reconnect: still one rating.
        await ws.send(
            json.dumps({"type": "feedback", "message_id": greeting["id"], "rating": "up"})
        )
        await ws.send(json.dumps({"type": "csat", "score": 9}))
        error = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert error["type"] == "error" and error["error"]["code"] == "invalid_request"
        assert "score" in error["error"]["message"]
        await ws.send(json.dumps({"type": "csat", "score": 3}))
        for _ in range(100):
            if len(await ratings(engine, chat)) == 2:
                break
            await asyncio.sleep(0.05)
    assert await ratings(engine, chat) == [
        ("answer_rating", 1, greeting["text"]),
        ("csat", 3, ""),
    ]
