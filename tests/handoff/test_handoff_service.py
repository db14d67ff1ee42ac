"""HandoffService on both databases: races, idempotency, the bot's part after a hand back."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from api.conftest import Chat, LiveServer
from shopdesk.handoff.principal import AgentPrincipal
from shopdesk.handoff.service import HandoffService, summarize
from shopdesk.kit.errors import Conflict
from shopdesk.models import HandoffEvent, Message

ANA = AgentPrincipal(id="1", name="Ana", role="agent")
BO = AgentPrincipal(id="2", name="Bo", role="agent")


async def events(server: LiveServer, conversation_id: str) -> list[str]:
    async with server.app.state.runtime.sessionmaker() as session:
        rows = await session.execute(
            select(HandoffEvent.action)
            .where(HandoffEvent.conversation_id == conversation_id)
            .order_by(HandoffEvent.id)
        )
        return list(rows.scalars())


async def test_two_agents_claiming_at_once_one_wins(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    service = HandoffService(server.app.state.runtime)
    chat = await Chat.open(client)
    await service.request(chat.id, "customer_request", 60)
    results = await asyncio.gather(
        service.claim(chat.id, ANA), service.claim(chat.id, BO), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], Conflict) and "already taken" in losers[0].message
    assert await events(server, chat.id) == ["request", "claim"]


async def test_repeats_write_nothing(server: LiveServer, client: httpx.AsyncClient) -> None:
    service = HandoffService(server.app.state.runtime)
    chat = await Chat.open(client)
    for _ in range(3):
        queued = await service.request(chat.id, "anger", 80)
    assert (queued.state, queued.priority, queued.handoff_reason) == ("queued", 80, "anger")
    for _ in range(2):
        await service.claim(chat.id, ANA)
    for _ in range(2):
        await service.close(chat.id, ANA, "resolved")
    assert await events(server, chat.id) == ["request", "claim", "close"]


async def test_an_agent_reply_is_stored_once_per_client_id(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    service = HandoffService(server.app.state.runtime)
    chat = await Chat.open(client)
    await service.request(chat.id, "customer_request")
    await service.claim(chat.id, ANA)
    first, second = await asyncio.gather(
        service.agent_reply(chat.id, ANA, "Hello", "k1"),
        service.agent_reply(chat.id, ANA, "Hello", "k1"),
    )
    assert first.id == second.id
    async with server.app.state.runtime.sessionmaker() as session:
        count = await session.execute(
            select(func.count()).where(Message.conversation_id == chat.id, Message.role == "agent")
        )
        assert count.scalar_one() == 1


async def test_after_a_hand_back_the_bot_starts_afresh(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    service = HandoffService(server.app.state.runtime)
    chat = await Chat.open(client)
    await chat.say("where is my order?")  # the bot asks for the order number
    await service.request(chat.id, "customer_request")
    await service.claim(chat.id, ANA)
    await service.hand_back(chat.id, ANA)
    body = await chat.say("thank you")
    assert body["state"] == "bot" and body["messages"][0]["intent"] == "thank_you"
    transcript = (await chat.transcript())["messages"]
    assert "I'm back to help" in transcript[-3]["text"]


async def test_unknown_conversation(server: LiveServer) -> None:
    service = HandoffService(server.app.state.runtime)
    for call in (
        service.claim("nope", ANA),
        service.context("nope"),
        service.add_note("nope", ANA, "x"),
    ):
        with pytest.raises(Exception) as missing:
            await call
        assert getattr(missing.value, "status_code", None) == 404


def test_the_summary_quotes_the_shopper() -> None:
    said = [
        Message(seq=1, text="hi", sentiment=0.3),
        Message(seq=2, text="my order HX4417 never arrived", sentiment=-0.2),
        Message(seq=3, text="this is really annoying now", sentiment=-0.8),
        Message(seq=4, text="can someone help", sentiment=-0.1),
    ]
    summary = summarize(said, "anger")
    assert summary == (
        "[anger] my order HX4417 never arrived / this is really annoying now / can someone help"
    )
    assert summarize([], None) == ""
