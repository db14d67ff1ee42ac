"""A message stored before a crash is answered when the server comes back, exactly once."""

from __future__ import annotations

from datetime import timedelta

import httpx

from api.conftest import Chat, LiveServer
from shopdesk.conversations.service import ConversationService


async def test_unanswered_message_is_answered_once_by_the_recovery_sweep(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    service: ConversationService = server.app.state.conversations
    chat = await Chat.open(client)
    # What a process that died between storing and answering leaves behind:
    accepted = await service._accept(chat.id, chat.token, "hello there", None, "c-crash")
    assert not isinstance(accepted, dict)

    assert await service.recover_pending(older_than=timedelta(0)) == 1
    assert await service.recover_pending(older_than=timedelta(0)) == 0
    roles = [m["role"] for m in (await chat.transcript())["messages"]]
    assert roles == ["bot", "customer", "bot"]


async def test_resending_after_a_crash_does_not_store_twice(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    service: ConversationService = server.app.state.conversations
    chat = await Chat.open(client)
    await service._accept(chat.id, chat.token, "thanks", None, "idem:key-1")
    body = await chat.say("thanks", **{"Idempotency-Key": "key-1"})
    transcript = (await chat.transcript())["messages"]
    assert [m["text"] for m in transcript].count("thanks") == 1
    assert [m["role"] for m in body["messages"]] == ["bot"]
    assert [m["role"] for m in transcript] == ["bot", "customer", "bot"]
