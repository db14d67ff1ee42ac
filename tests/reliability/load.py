"""A small load run: shoppers that keep writing while the server or its database goes away, and
retry each message the way the widget does until the server takes it.

Over HTTP a message is retried under the same Idempotency-Key until it is answered 200; the only
other answer allowed meanwhile is 503 (never a 500). Over the socket each message waits in an
outbox for its ``ack`` and is resent with the same ``client_id`` after an error frame or on a
new socket.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from reliability.chat import Shopper, check_transcript

TEXTS = [
    "hello there",
    "what are your opening hours?",
    "do you ship to France?",
    "how do I return an item?",
    "what payment methods do you accept?",
    "thank you",
]
RETRY_FOR = 90.0  # how long a shopper keeps retrying one message while the server is away
DOWN = (httpx.TransportError, OSError, ConnectionClosed, InvalidHandshake, TimeoutError)


def texts_for(who: str, rounds: int = 1) -> list[str]:
    return [f"{text} ({who}{i})" for i, text in enumerate(TEXTS * rounds)]


async def http_shopper(shopper: Shopper, who: str, log: list[str], rounds: int = 1) -> list[str]:
    """Send each message until the server answers it, always under the same Idempotency-Key."""
    sent = texts_for(who, rounds)
    loop = asyncio.get_running_loop()
    for i, text in enumerate(sent):
        deadline = loop.time() + RETRY_FOR
        while True:
            try:
                response = await shopper.post(text, key=f"{who}-{i}")
                if response.status_code == 200:
                    break
                assert response.status_code == 503, response.text
                assert response.headers.get("Retry-After"), "a 503 without Retry-After"
                shopper.unavailable += 1
            except DOWN:
                pass
            shopper.resent += 1
            assert loop.time() < deadline, f"{text!r} never answered"
            await asyncio.sleep(0.2)
        shopper.acknowledged.append(text)
        log.append(text)
    return sent


async def _acked(ws: ClientConnection, client_id: str, shopper: Shopper) -> bool:
    """Wait for this message's ack (True) or its service_unavailable error frame (False)."""
    async with asyncio.timeout(20):
        while True:
            frame: dict[str, Any] = json.loads(await ws.recv())
            if frame.get("client_id") != client_id:
                continue
            if frame["type"] == "ack":
                return True
            if frame["type"] == "error":
                assert frame["error"]["code"] == "service_unavailable", frame
                shopper.unavailable += 1
                return False


async def ws_shopper(
    shopper: Shopper, ws_base: str, who: str, log: list[str], rounds: int = 1
) -> list[str]:
    sent = texts_for(who, rounds)
    loop = asyncio.get_running_loop()
    ws: ClientConnection | None = None
    try:
        for i, text in enumerate(sent):
            client_id = f"{who}-{i}"
            frame = json.dumps({"type": "message", "text": text, "client_id": client_id})
            deadline = loop.time() + RETRY_FOR
            while True:
                try:
                    if ws is None:
                        ws = await connect(shopper.socket_url(ws_base), open_timeout=5)
                    await ws.send(frame)
                    if await _acked(ws, client_id, shopper):
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


async def answered(shopper: Shopper, sent: list[str], within: float = 60) -> list[dict[str, Any]]:
    """The transcript once every message has its answer (the recovery sweep may still be at work).

    Checks that each sent text is stored exactly once, in order, with a bot answer after it.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        messages = await shopper.transcript()
        try:
            check_transcript(messages[1:], sent)  # [0] is the greeting
            return messages
        except AssertionError:
            if loop.time() > deadline:
                raise
        await asyncio.sleep(0.5)


async def wait_for_acks(acked: list[str], *, at_least: int, tasks: list[asyncio.Task[Any]]) -> None:
    """Until the load has had ``at_least`` messages taken (a shopper that failed: why)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while len(acked) < at_least:
        for task in tasks:
            if task.done():
                task.result()
        assert loop.time() < deadline, "the load made no progress"
        await asyncio.sleep(0.02)


def start_load(
    shoppers: list[Shopper], ws_base: str, http_count: int, rounds: int = 1
) -> tuple[list[asyncio.Task[list[str]]], list[str]]:
    """The first ``http_count`` shoppers write over HTTP, the rest over the socket; each sends
    the TEXTS ``rounds`` times."""
    acked: list[str] = []
    runs = [
        http_shopper(s, f"h{n}", acked, rounds)
        if n < http_count
        else ws_shopper(s, ws_base, f"w{n}", acked, rounds)
        for n, s in enumerate(shoppers)
    ]
    return [asyncio.create_task(run) for run in runs], acked
