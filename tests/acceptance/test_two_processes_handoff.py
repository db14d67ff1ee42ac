"""Two shopdesk processes on one PostgreSQL database and one Redis: an agent connected to one
process talks live with a shopper connected to the other."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from support.pg import scratch_database
from support.servers import SHOPDESK, serving
from support.store_doc import store_document

pytestmark = pytest.mark.postgres
KEY = "two-process-agent-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    workdir = tmp_path_factory.mktemp("two-handoff")
    store = workdir / "store.json"
    store.write_text(json.dumps(store_document()), encoding="utf-8")
    with scratch_database("shopdesk_two_handoff") as url:
        env = {
            **os.environ,
            "SHOPDESK_DATABASE_URL": url,
            "SHOPDESK_REDIS_URL": "redis://127.0.0.1:6379/0",
            "SHOPDESK_AGENT_API_KEY": KEY,
        }
        subprocess.run([SHOPDESK, "import", str(store)], env=env, check=True, capture_output=True)
        with serving(env, workdir, "serve-a") as first, serving(env, workdir, "serve-b") as second:
            yield [first, second]


async def next_frame(ws: Any, kind: str, wait: float = 20, **match: Any) -> dict[str, Any]:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), wait))
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame


async def test_agent_on_one_process_talks_with_shopper_on_another(
    two_servers: list[str],
) -> None:
    agent_base, shopper_base = two_servers
    agent_ws = agent_base.replace("http://", "ws://") + "/v1/agent/ws"
    async with (
        httpx.AsyncClient(timeout=60) as http,
        connect(agent_ws, additional_headers=AUTH) as agent,
    ):
        created = (await http.post(f"{shopper_base}/v1/conversations", json={})).json()
        cid, token = created["id"], created["token"]
        shopper_ws = shopper_base.replace("http://", "ws://")
        async with connect(f"{shopper_ws}/v1/conversations/{cid}/ws?token={token}") as shopper:
            ask = {"type": "message", "text": "I want to talk to a human", "client_id": "s1"}
            await shopper.send(json.dumps(ask))
            assert (await next_frame(shopper, "state"))["state"] == "queued"
            # The queue change made on the shopper's process reaches the agent's.
            queued = await next_frame(agent, "queue", conversation_id=cid)
            assert queued["state"] == "queued"

            await agent.send(json.dumps({"type": "subscribe", "conversation_id": cid}))
            await next_frame(agent, "subscribed")
            claim = await http.post(
                f"{agent_base}/v1/agent/conversations/{cid}/claim", headers=AUTH
            )
            assert claim.status_code == 200
            assert (await next_frame(shopper, "state"))["state"] == "agent"

            await agent.send(json.dumps({"type": "typing", "conversation_id": cid}))
            assert (await next_frame(shopper, "typing"))["role"] == "agent"
            hello = {"type": "message", "conversation_id": cid, "text": "Hello!", "client_id": "a1"}
            await agent.send(json.dumps(hello))
            seen = await next_frame(shopper, "message")
            assert (seen["message"]["role"], seen["message"]["text"]) == ("agent", "Hello!")

            await shopper.send(json.dumps({"type": "typing"}))
            assert (await next_frame(agent, "typing", role="customer"))["conversation_id"] == cid
            reply = {"type": "message", "text": "thanks, where is it?", "client_id": "s2"}
            await shopper.send(json.dumps(reply))
            heard = await next_frame(agent, "message", conversation_id=cid)
            assert heard["message"]["text"] == "thanks, where is it?"

            closed = await http.post(
                f"{agent_base}/v1/agent/conversations/{cid}/close", headers=AUTH
            )
            assert closed.json()["state"] == "closed"
            assert (await next_frame(shopper, "state"))["state"] == "closed"
