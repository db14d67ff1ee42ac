"""Asking for a human, in every language, moves the conversation to the queue."""

from __future__ import annotations

import httpx
import pytest

from api.conftest import AGENT_KEY, Chat

ASKS = {
    "en": "I want to talk to a human",
    "es": "Quiero hablar con una persona real",
    "fr": "Je voudrais parler à un conseiller",
    "de": "Ich möchte mit einem Mitarbeiter sprechen",
    "pt": "Quero falar com um atendente",
    "it": "Vorrei parlare con un operatore",
}


@pytest.mark.parametrize("locale", list(ASKS))
async def test_human_request_queues_the_conversation(open_chat, locale: str) -> None:
    chat = await open_chat()
    body = await chat.say(ASKS[locale])
    assert body["state"] == "queued"
    [message] = body["messages"]
    assert message["locale"] == locale
    assert message["intent"] == "contact_human_agent"
    assert message["text"]


@pytest.mark.parametrize("word", ["agent", "human", "representative", "humano", "Mitarbeiter"])
async def test_one_word_requests_work(open_chat, word: str) -> None:
    chat = await open_chat()
    assert (await chat.say(word))["state"] == "queued"


async def test_bot_stays_quiet_while_queued_and_messages_are_kept(open_chat) -> None:
    chat = await open_chat()
    await chat.say("agent please")
    body = await chat.say("hello? is anyone there?")
    assert body["state"] == "queued" and body["messages"] == []
    transcript = await chat.transcript()
    assert transcript["messages"][-1]["text"] == "hello? is anyone there?"


async def test_agents_list_the_queue(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    await chat.say("talk to a human")
    await Chat.open(client)  # a bot conversation, not listed
    unauthorized = await client.get("/v1/agent/conversations")
    assert unauthorized.status_code == 401
    listed = await client.get(
        "/v1/agent/conversations", headers={"Authorization": f"Bearer {AGENT_KEY}"}
    )
    assert listed.status_code == 200
    rows = listed.json()
    assert [r["id"] for r in rows] == [chat.id]
    assert rows[0]["handoff_reason"] == "customer_request"
    assert rows[0]["last_customer_message"] == "talk to a human"
