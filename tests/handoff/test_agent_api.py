"""The agent API over real HTTP: claim, reply, transfer, notes, close, hand back, and errors."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select, update

from api.conftest import AGENT_KEY, TOKEN_SECRET, Chat, LiveServer
from shopdesk.auth.customer_token import sign_customer_token
from shopdesk.handoff.principal import AgentPrincipal
from shopdesk.handoff.service import HandoffService
from shopdesk.models import Customer, HandoffEvent, HandoffTicket
from support.store_doc import order_by_status

AUTH = {"Authorization": f"Bearer {AGENT_KEY}"}


async def queued_chat(client: httpx.AsyncClient, text: str = "I want to talk to a human") -> Chat:
    chat = await Chat.open(client)
    assert (await chat.say(text))["state"] == "queued"
    return chat


def url(chat: Chat, action: str = "") -> str:
    return f"/v1/agent/conversations/{chat.id}" + (f"/{action}" if action else "")


async def test_claim_reply_hand_back_and_reopen(client: httpx.AsyncClient) -> None:
    chat = await queued_chat(client)
    claimed = await client.post(url(chat, "claim"), headers=AUTH)
    assert claimed.status_code == 200
    assert claimed.json()["state"] == "agent" and claimed.json()["agent_id"] == "api"
    # The same claim again is a no-op, not an error.
    assert (await client.post(url(chat, "claim"), headers=AUTH)).status_code == 200

    sent = await client.post(
        url(chat, "messages"), json={"text": "Hi, I'm here", "client_id": "c1"}, headers=AUTH
    )
    assert sent.status_code == 201
    body = sent.json()
    assert body["role"] == "agent" and body["agent"] == {"name": "API", "avatar_url": None}
    again = await client.post(
        url(chat, "messages"), json={"text": "Hi, I'm here", "client_id": "c1"}, headers=AUTH
    )
    assert again.json()["id"] == body["id"]

    # While a person owns the conversation, the bot never answers.
    turn = await chat.say("where is my order HX4417?")
    assert turn["state"] == "agent" and turn["messages"] == []

    back = await client.post(url(chat, "hand-back"), headers=AUTH)
    assert back.json()["state"] == "bot"
    transcript = (await chat.transcript())["messages"]
    roles = [m["role"] for m in transcript]
    assert roles.count("agent") == 1 and roles[-1] == "bot"
    assert (await chat.say("thank you"))["messages"]  # the bot answers again

    closed = await client.post(url(chat, "close"), json={"reason": "resolved"}, headers=AUTH)
    assert closed.json()["state"] == "closed"
    reopened = await chat.say("one more question")
    assert reopened["state"] == "bot" and reopened["messages"]


async def test_every_transition_is_audited(client: httpx.AsyncClient, server: LiveServer) -> None:
    chat = await queued_chat(client)
    await client.post(url(chat, "claim"), headers=AUTH)
    await client.post(url(chat, "transfer"), json={"agent_id": "7"}, headers=AUTH)
    await client.post(url(chat, "close"), headers=AUTH)
    await chat.say("hello again")
    async with server.app.state.runtime.sessionmaker() as session:
        rows = (
            await session.execute(
                select(HandoffEvent)
                .where(HandoffEvent.conversation_id == chat.id)
                .order_by(HandoffEvent.id)
            )
        ).scalars()
        moves = [(e.action, e.actor, e.from_state, e.to_state, e.to_agent) for e in rows]
    assert moves == [
        ("request", "bot", "bot", "queued", None),
        ("claim", "agent:api", "queued", "agent", "api"),
        ("transfer", "agent:api", "agent", "agent", "7"),
        ("close", "agent:api", "agent", "closed", None),
        ("reopen", "customer", "closed", "bot", None),
    ]


async def test_the_queue_and_the_context(client: httpx.AsyncClient) -> None:
    calm = await queued_chat(client)
    angry = await queued_chat(client, "This is a scam, I'm calling my lawyer")
    rows = (await client.get("/v1/agent/queue", headers=AUTH)).json()
    assert [r["id"] for r in rows] == [angry.id, calm.id]  # higher priority first
    assert rows[0]["handoff_reason"] == "legal_threat" and rows[0]["priority"] > rows[1]["priority"]
    assert rows[0]["wait_seconds"] >= 0 and rows[0]["locale"] == "en"

    note = await client.post(url(calm, "notes"), json={"text": "VIP, be nice"}, headers=AUTH)
    assert note.status_code == 201
    context = (await client.get(url(calm), headers=AUTH)).json()
    assert context["state"] == "queued" and context["locale"] == "en"
    assert "I want to talk to a human" in context["summary"]
    assert context["intents"] == ["contact_human_agent"]
    assert [n["text"] for n in context["notes"]] == ["VIP, be nice"]
    assert context["transcript"][0]["role"] == "bot"
    assert len(context["sentiment_trend"]) == 1 and context["verified_orders"] == []
    assert context["events"][0]["action"] == "request"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/agent/queue"),
        ("get", "/v1/agent/conversations/x"),
        ("post", "/v1/agent/conversations/x/claim"),
        ("post", "/v1/agent/presence"),
    ],
)
async def test_without_credentials_401(client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await client.request(method, path, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


async def test_unknown_conversation_404(client: httpx.AsyncClient) -> None:
    for path in ("", "/claim", "/hand-back"):
        method = "get" if not path else "post"
        response = await client.request(method, f"/v1/agent/conversations/nope{path}", headers=AUTH)
        assert response.status_code == 404, path


async def test_invalid_transitions_409(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)  # the bot owns it
    claimed = await client.post(url(chat, "claim"), headers=AUTH)
    assert claimed.status_code == 409
    assert "cannot claim a conversation that is bot" in claimed.json()["error"]["message"]
    reply = await client.post(url(chat, "messages"), json={"text": "hi"}, headers=AUTH)
    assert reply.status_code == 409
    transfer = await client.post(url(chat, "transfer"), json={"agent_id": "2"}, headers=AUTH)
    assert transfer.status_code == 409


async def test_bad_bodies_422(client: httpx.AsyncClient) -> None:
    chat = await queued_chat(client)
    await client.post(url(chat, "claim"), headers=AUTH)
    for body in ({}, {"text": "   "}, {"text": "x" * 2001}, {"text": 3}):
        response = await client.post(url(chat, "messages"), json=body, headers=AUTH)
        assert response.status_code == 422, body
    assert (await client.post(url(chat, "transfer"), json={}, headers=AUTH)).status_code == 422
    presence = await client.post("/v1/agent/presence", json={"status": "dancing"}, headers=AUTH)
    assert presence.status_code == 422


async def test_roles_403(client: httpx.AsyncClient, server: LiveServer) -> None:
    service = HandoffService(server.app.state.runtime)
    chat = await queued_chat(client)
    ana = AgentPrincipal(id="1", name="Ana", role="agent")
    bo = AgentPrincipal(id="2", name="Bo", role="agent")
    with pytest.raises(Exception, match="supervisor") as refused:
        await service.assign(chat.id, "2", ana)
    assert getattr(refused.value, "status_code", None) == 403
    await service.claim(chat.id, ana)
    for attempt in (
        service.transfer(chat.id, "3", bo),
        service.close(chat.id, bo),
        service.hand_back(chat.id, bo),
        service.agent_reply(chat.id, bo, "hello", None),
    ):
        with pytest.raises(Exception) as refused:
            await attempt
        assert getattr(refused.value, "status_code", None) == 403
    boss = AgentPrincipal(id="9", name="Boss", role="supervisor")
    assert (await service.assign(chat.id, "2", boss)).agent_id == "2"


async def test_nobody_online_asks_for_a_contact_and_files_a_ticket(
    client: httpx.AsyncClient, server: LiveServer
) -> None:
    chat = await Chat.open(client, locale="es")
    first = await chat.say("Quiero hablar con una persona real")
    assert first["state"] == "queued"
    [said] = first["messages"]
    assert "correo" in said["text"]  # asked how to reach them, in Spanish
    quiet = await chat.say("¿hola?")
    assert quiet["messages"] == []  # no contact in it: waits for the team
    answer = await chat.say("mi correo es ana@example.com")
    [thanks] = answer["messages"]
    assert "ana@example.com" in thanks["text"]
    async with server.app.state.runtime.sessionmaker() as session:
        [ticket] = (await session.execute(select(HandoffTicket))).scalars().all()
    assert (ticket.contact_kind, ticket.contact, ticket.locale) == (
        "email",
        "ana@example.com",
        "es",
    )
    assert ticket.callback_after is None or ticket.callback_after.tzinfo is not None


async def test_with_an_agent_online_during_hours_no_ticket_is_asked(
    client: httpx.AsyncClient, server: LiveServer
) -> None:
    runtime = server.app.state.runtime
    hours = runtime.policy.business_hours
    always = hours.model_copy(
        update={"days": dict.fromkeys(hours.days | {"sat": "", "sun": ""}, "00:00-24:00")}
    )
    runtime.policy = runtime.policy.model_copy(update={"business_hours": always})
    try:
        heartbeat = await client.post("/v1/agent/presence", headers=AUTH)
        assert heartbeat.json()["agents_online"] == 1
        chat = await Chat.open(client)
        [said] = (await chat.say("I want to talk to a human"))["messages"]
        assert "email" not in said["text"] and "connecting you" in said["text"]
    finally:
        runtime.policy = runtime.policy.model_copy(update={"business_hours": hours})
    assert always.is_open(datetime.now(UTC))


async def test_a_vip_customer_who_is_unhappy_goes_to_a_person_with_priority(
    client: httpx.AsyncClient, server: LiveServer
) -> None:
    email = order_by_status("shipped")["customer_email"]
    token = sign_customer_token({"email": email, "exp": 4_000_000_000}, TOKEN_SECRET)
    text = "It's broken, very disappointed"  # sentiment about -0.8: an offer for anyone else
    ordinary = await Chat.open(client)
    assert (await ordinary.say(text))["state"] == "bot"

    async with server.app.state.runtime.sessionmaker() as session, session.begin():
        await session.execute(update(Customer).where(Customer.email == email).values(vip=True))
    vip = await Chat.open(client, customer_token=token)
    assert (await vip.say(text))["state"] == "queued"
    [row] = (await client.get("/v1/agent/queue", headers=AUTH)).json()
    assert row["id"] == vip.id and row["priority"] > 60
