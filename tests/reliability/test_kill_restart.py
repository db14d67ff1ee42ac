"""kill -9 the server in the middle of a load run, start it again: every message the server
acknowledged is in the transcript once, messages retried with the same Idempotency-Key or
client_id after the restart are not stored twice, every message gets its answer (the recovery
sweep answers the ones acknowledged on the socket just before the kill), and conversations go
on where they were: the dialogue state, a verified order, a queued handoff."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from reliability.chat import Shopper, check_transcript, next_frame
from reliability.procs import base_env, servers
from support.pg import scratch_database
from support.servers import SHOPDESK
from support.store_doc import order_by_status, store_document

TEXTS = [
    "hello there",
    "what are your opening hours?",
    "do you ship to France?",
    "how do I return an item?",
    "what payment methods do you accept?",
    "thank you",
]
HTTP_SHOPPERS, WS_SHOPPERS = 3, 2
RETRY_FOR = 90.0  # how long a shopper keeps retrying one message while the server is away
DOWN = (httpx.TransportError, OSError, ConnectionClosed, InvalidHandshake, TimeoutError)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shop_env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, str], Path]]:
    """The server's environment, on a database holding the test shop, and its workdir."""
    workdir = tmp_path_factory.mktemp("kill-restart")
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{workdir / 'shop.db'}"
        else:
            url = stack.enter_context(scratch_database("shopdesk_kill"))
        env = base_env(url)
        store = workdir / "store.json"
        store.write_text(json.dumps(store_document()), encoding="utf-8")
        subprocess.run([SHOPDESK, "import", str(store)], env=env, check=True, capture_output=True)
        yield env, workdir


def texts_for(who: str) -> list[str]:
    return [f"{text} ({who}{i})" for i, text in enumerate(TEXTS)]


async def http_shopper(shopper: Shopper, who: str, log: list[str]) -> list[str]:
    """Send each message until the server answers it, always under the same Idempotency-Key."""
    sent = texts_for(who)
    loop = asyncio.get_running_loop()
    for i, text in enumerate(sent):
        deadline = loop.time() + RETRY_FOR
        while True:
            try:
                response = await shopper.post(text, key=f"{who}-{i}")
                if response.status_code == 200:
                    break
                # While the server starts again the only other answer allowed is a 503.
                assert response.status_code == 503, response.text
            except DOWN:
                pass
            shopper.resent += 1
            assert loop.time() < deadline, f"{text!r} never answered"
            await asyncio.sleep(0.2)
        shopper.acknowledged.append(text)
        log.append(text)
    return sent


async def ws_shopper(shopper: Shopper, ws_base: str, who: str, log: list[str]) -> list[str]:
    """Like the widget: each message waits in an outbox for its ack, and is resent with the same
    client_id on every new socket until it is acknowledged."""
    sent = texts_for(who)
    loop = asyncio.get_running_loop()
    ws: ClientConnection | None = None
    try:
        for i, text in enumerate(sent):
            frame = json.dumps({"type": "message", "text": text, "client_id": f"{who}-{i}"})
            deadline = loop.time() + RETRY_FOR
            while True:
                try:
                    if ws is None:
                        ws = await connect(shopper.socket_url(ws_base), open_timeout=5)
                    await ws.send(frame)
                    await next_frame(ws, "ack", wait=15, client_id=f"{who}-{i}")
                    break
                except DOWN:
                    if ws is not None:
                        await ws.close()
                    ws = None
                shopper.resent += 1
                assert loop.time() < deadline, f"{text!r} never acknowledged"
                await asyncio.sleep(0.2)
            shopper.acknowledged.append(text)
            log.append(text)
    finally:
        if ws is not None:
            await ws.close()
    return sent


async def answered(shopper: Shopper, sent: list[str]) -> list[dict[str, Any]]:
    """The transcript once every message has its answer (the sweep may still be at work)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while True:
        messages = await shopper.transcript()
        try:
            check_transcript(messages[1:], sent)  # [0] is the greeting
            return messages
        except AssertionError:
            if loop.time() > deadline:
                raise
        await asyncio.sleep(0.5)


async def test_kill_nine_mid_load_loses_and_doubles_nothing(
    shop_env: tuple[dict[str, str], Path],
) -> None:
    env, workdir = shop_env
    order = order_by_status("out_for_delivery")
    tracking = order["shipments"][0]["tracking_number"]
    with servers(env, workdir, "victim") as (server,):
        async with httpx.AsyncClient(timeout=30) as http:
            verified = await Shopper(http, server.base).open()
            await verified.say(f"{order['number']} {order['customer_email']}")
            queued = await Shopper(http, server.base).open()
            await queued.say("I want to talk to a human")
            assert (
                await http.get(f"{server.base}/v1/conversations/{queued.id}", headers=queued.auth)
            ).json()["state"] == "queued"

            shoppers = [await Shopper(http, server.base).open() for _ in range(5)]
            acked: list[str] = []
            load = [
                http_shopper(s, f"h{n}", acked) for n, s in enumerate(shoppers[:HTTP_SHOPPERS])
            ] + [
                ws_shopper(s, server.ws, f"w{n}", acked)
                for n, s in enumerate(shoppers[HTTP_SHOPPERS:])
            ]
            tasks = [asyncio.create_task(run) for run in load]
            try:
                await wait_for_acks(acked, at_least=8, tasks=tasks)
                acked_before_kill = list(acked)
                server.kill()
                assert len(acked) < len(TEXTS) * len(shoppers), "the load was over before the kill"
                server.start()
                await asyncio.to_thread(server.wait_ready)
                sent = await asyncio.gather(*tasks)
            finally:
                for task in tasks:
                    task.cancel()

            for shopper, texts in zip(shoppers, sent, strict=True):
                messages = await answered(shopper, texts)
                stored = [m["text"] for m in messages if m["role"] == "customer"]
                assert set(shopper.acknowledged) <= set(stored)
            assert set(acked_before_kill) <= set(acked)
            # The kill cut messages in flight: they were sent again after the restart.
            assert sum(s.resent for s in shoppers) >= 1

            # The conversations go on where they were.
            follow_up = await verified.say("and where is my package now?")
            assert tracking in follow_up, "the verified order was forgotten"
            state = await http.get(
                f"{server.base}/v1/conversations/{queued.id}", headers=queued.auth
            )
            assert state.json()["state"] == "queued"
    assert not server.tracebacks()


async def wait_for_acks(acked: list[str], *, at_least: int, tasks: list[asyncio.Task[Any]]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while len(acked) < at_least:
        for task in tasks:
            if task.done():
                task.result()  # a shopper that failed early: show why
        assert loop.time() < deadline, "the load made no progress"
        await asyncio.sleep(0.02)
