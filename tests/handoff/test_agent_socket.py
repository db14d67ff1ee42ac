"""The live flow between an agent's WebSocket and a shopper's, on one server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from api.conftest import AGENT_KEY, Chat, LiveServer

AUTH = {"Authorization": f"Bearer {AGENT_KEY}"}


async def next_frame(ws: Any, kind: str, wait: float = 15, **match: Any) -> dict[str, Any]:
    """The next frame of ``kind`` whose fields equal ``match`` (others are skipped)."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), wait))
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame


def shopper_url(base: str, chat: Chat) -> str:
    return f"{base}/v1/conversations/{chat.id}/ws?token={chat.token}"


async def test_agent_and_shopper_talk_live(server: LiveServer, client: httpx.AsyncClient) -> None:
    async with connect(f"{server.ws_url}/v1/agent/ws", additional_headers=AUTH) as agent:
        chat = await Chat.open(client)
        await chat.say("I want to talk to a human")
        queued = await next_frame(agent, "queue", conversation_id=chat.id)
        assert queued["state"] == "queued" and queued["reason"] == "customer_request"

        await agent.send(json.dumps({"type": "subscribe", "conversation_id": chat.id}))
        await next_frame(agent, "subscribed")
        async with connect(shopper_url(server.ws_url, chat)) as shopper:
            claimed = await client.post(f"/v1/agent/conversations/{chat.id}/claim", headers=AUTH)
            assert claimed.status_code == 200
            state = await next_frame(shopper, "state")
            assert state["state"] == "agent" and state["agent"]["name"] == "API"

            await agent.send(json.dumps({"type": "typing", "conversation_id": chat.id}))
            assert (await next_frame(shopper, "typing"))["role"] == "agent"
            hello = {
                "type": "message",
                "conversation_id": chat.id,
                "text": "Hi!",
                "client_id": "a1",
            }
            await agent.send(json.dumps(hello))
            ack = await next_frame(agent, "ack", client_id="a1")
            seen = await next_frame(shopper, "message")
            assert seen["message"]["id"] == ack["message_id"]
            assert seen["message"]["role"] == "agent" and seen["message"]["text"] == "Hi!"
            assert seen["message"]["agent"]["name"] == "API"

            await shopper.send(json.dumps({"type": "typing"}))
            typing = await next_frame(agent, "typing", role="customer")
            assert typing["conversation_id"] == chat.id
            ask = {"type": "message", "text": "where is my parcel?", "client_id": "s1"}
            await shopper.send(json.dumps(ask))
            heard = await next_frame(agent, "message", conversation_id=chat.id)
            assert heard["message"]["role"] == "customer"
            assert heard["message"]["text"] == "where is my parcel?"

            back = await client.post(f"/v1/agent/conversations/{chat.id}/hand-back", headers=AUTH)
            assert back.json()["state"] == "bot"
            assert (await next_frame(shopper, "state"))["state"] == "bot"
            bot = await next_frame(shopper, "message")
            assert bot["message"]["role"] == "bot"
            assert (await next_frame(agent, "queue", conversation_id=chat.id))["state"] in (
                "agent",
                "bot",
            )


async def test_agent_socket_frames_are_checked(server: LiveServer) -> None:
    async with connect(f"{server.ws_url}/v1/agent/ws", additional_headers=AUTH) as agent:
        await agent.send("not json")
        assert (await next_frame(agent, "error"))["error"]["code"] == "invalid_request"
        await agent.send(json.dumps({"type": "subscribe", "conversation_id": "nope"}))
        assert (await next_frame(agent, "error"))["error"]["code"] == "not_found"
        await agent.send(json.dumps({"type": "message", "conversation_id": "nope"}))
        assert (await next_frame(agent, "error"))["error"]["code"] == "invalid_request"
        await agent.send(json.dumps({"type": "ping"}))
        await next_frame(agent, "pong")


async def test_agent_socket_needs_credentials(server: LiveServer) -> None:
    async with connect(f"{server.ws_url}/v1/agent/ws") as agent:
        frame = json.loads(await asyncio.wait_for(agent.recv(), 10))
        assert frame["error"]["code"] == "unauthorized"
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(agent.recv(), 10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


async def test_presence_while_connected(server: LiveServer, client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/agent/presence", headers=AUTH)).json()["agents_online"] == 0
    async with connect(f"{server.ws_url}/v1/agent/ws", additional_headers=AUTH) as agent:
        await agent.send(json.dumps({"type": "ping"}))
        await next_frame(agent, "pong")
        online = await client.get("/v1/agent/presence", headers=AUTH)
        assert online.json()["agents_online"] == 1
