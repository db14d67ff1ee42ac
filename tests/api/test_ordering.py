"""Messages to one conversation are processed one at a time, in order, exactly once."""

from __future__ import annotations

import asyncio

import httpx

from api.conftest import Chat


async def test_concurrent_messages_each_get_their_own_answer(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    texts = [f"thanks {i}" for i in range(12)]
    bodies = await asyncio.gather(*(chat.say(text) for text in texts))
    assert all(len(body["messages"]) == 1 for body in bodies)

    transcript = (await chat.transcript())["messages"][1:]  # after the greeting
    roles = [m["role"] for m in transcript]
    assert roles == ["customer", "bot"] * len(texts)  # every answer follows its own message
    assert sorted(m["text"] for m in transcript[::2]) == sorted(texts)
    answer_ids = {body["messages"][0]["id"] for body in bodies}
    assert answer_ids == {m["id"] for m in transcript[1::2]}


async def test_the_same_idempotency_key_sent_concurrently_is_stored_once(
    client: httpx.AsyncClient,
) -> None:
    chat = await Chat.open(client)
    key = {"Idempotency-Key": "same-key"}
    bodies = await asyncio.gather(*(chat.say("hello", **key) for _ in range(5)))
    assert all(body == bodies[0] for body in bodies)
    roles = [m["role"] for m in (await chat.transcript())["messages"]]
    assert roles == ["bot", "customer", "bot"]
