"""Closed-loop WebSocket load: N sockets, each sends a frame and waits for its answer.

The same generator drives the bare echo (``/ws`` of ``bench/echo_app.py``) and shopdesk's chat
socket, so the two rates compare. A session is one socket: it connects, sends its messages one
after another, each after the previous answer, then closes and the next session starts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from bench.loadgen import percentiles
from bench.wsclient import WebSocket, WebSocketClosed


@dataclass(frozen=True)
class Session:
    path: str
    texts: list[str]


class EchoProtocol:
    @staticmethod
    def frame(text: str, index: int) -> dict[str, Any]:
        return {"text": text, "n": index}

    @staticmethod
    async def answer(ws: WebSocket, index: int) -> bool:
        frame = orjson.loads(await ws.recv())
        return bool(frame.get("echo", {}).get("n") == index)


class ChatProtocol:
    """shopdesk's chat socket: a message frame is acked, then the bot's reply follows. Replies of
    an earlier turn always come before the next ack, so the first bot message after this
    message's ack is its reply."""

    @staticmethod
    def frame(text: str, index: int) -> dict[str, Any]:
        return {"type": "message", "text": text, "client_id": f"m{index}"}

    @staticmethod
    async def answer(ws: WebSocket, index: int) -> bool:
        acked = False
        while True:
            frame = orjson.loads(await ws.recv())
            kind = frame.get("type")
            if kind == "error":
                return False
            if kind == "ack" and frame.get("client_id") == f"m{index}":
                acked = True
            elif acked and kind == "message" and frame["message"]["role"] == "bot":
                return True


async def run_ws_load(
    sessions: list[Session],
    host: str,
    port: int,
    concurrency: int,
    protocol: type[EchoProtocol] | type[ChatProtocol],
    answer_within: float = 60,
) -> dict[str, float]:
    """Run every session over ``concurrency`` sockets at a time; answers/s and latencies (ms,
    send → answer frame)."""
    pending = iter(sessions)
    latencies: list[float] = []
    errors = 0
    frame: Callable[[str, int], dict[str, Any]] = protocol.frame

    async def worker() -> None:
        nonlocal errors
        for session in pending:
            try:
                ws = await WebSocket.connect(host, port, session.path)
            except (OSError, ConnectionError):
                errors += len(session.texts)
                continue
            try:
                for index, text in enumerate(session.texts):
                    started = time.perf_counter()
                    ws.send(orjson.dumps(frame(text, index)).decode())
                    answered = await asyncio.wait_for(protocol.answer(ws, index), answer_within)
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors += not answered
            except (WebSocketClosed, OSError, TimeoutError):
                errors += 1
            finally:
                await ws.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    count = sum(len(s.texts) for s in sessions)
    return {"rps": count / elapsed, "count": count, "errors": errors, **percentiles(latencies)}
