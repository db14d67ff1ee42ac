"""Many concurrent WebSocket conversations, ten turns each, checked for loss and doubles.

    python -m bench.conversations --conversations 1000 --think 2-8     # people typing
    python -m bench.conversations --conversations 1000 --think 0       # saturated

Each simulated shopper (bench/scripts.py) opens a conversation over HTTP, connects its socket
with ``after=<greeting id>`` as the widget does, and sends its messages one at a time with a
fresh widget-style client id (a UUID), each after the bot's reply plus a think time drawn
uniformly from --think seconds (its first message also waits one think time, so that starts
spread out). Halfway through, each socket is closed and reopened with ``after=<the last message
it saw>``, as the widget does after a network drop (--no-reconnect keeps one socket). Latency is
send → the bot's reply frame. Afterwards every transcript is read over HTTP and checked
(bench/checks.py). Exit status 1 when anything was lost, doubled or failed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import orjson

from bench.checks import Tally, check_conversation
from bench.loadgen import Request, fetch_all, percentiles
from bench.report import machine_info, table
from bench.scripts import conversation_script
from bench.servers import Server, cpu_seconds, raise_nofile, shopdesk_server
from bench.turns import open_conversations, shop, socket_path
from bench.wsclient import WebSocket, WebSocketClosed

REPLY_WITHIN = 60.0


@dataclass
class Shopper:
    conversation: dict[str, Any]
    script: list[str]
    client_ids: list[str] = field(default_factory=list)
    acks: dict[str, list[str]] = field(default_factory=dict)
    received: list[dict[str, Any]] = field(default_factory=list)  # message frames, in order
    latencies: list[float] = field(default_factory=list)
    reply_intents: list[str] = field(default_factory=list)  # the intent of each reply
    errors: list[str] = field(default_factory=list)


async def _read_frames(ws: WebSocket, shopper: Shopper, replied: asyncio.Queue[float]) -> None:
    """Record every frame; the first bot message after the current message's ack is its reply."""
    waiting_for_reply = False
    while True:
        frame = orjson.loads(await ws.recv())
        kind = frame.get("type")
        if kind == "ack":
            shopper.acks.setdefault(frame["client_id"], []).append(frame["message_id"])
            waiting_for_reply = frame["client_id"] == shopper.client_ids[-1]
        elif kind == "message":
            shopper.received.append(frame["message"])
            if waiting_for_reply and frame["message"]["role"] == "bot":
                waiting_for_reply = False
                shopper.reply_intents.append(frame["message"].get("intent") or "none")
                replied.put_nowait(time.perf_counter())
        elif kind == "error":
            shopper.errors.append(f"error frame: {frame['error']['code']}")


async def _connect(
    server: Server, shopper: Shopper, replied: asyncio.Queue[float]
) -> tuple[WebSocket, asyncio.Task[None]]:
    """Connect as the widget does: ``after`` the last message this shopper has seen."""
    after = shopper.received[-1]["id"] if shopper.received else None
    path = socket_path(shopper.conversation, after)
    ws = await WebSocket.connect(server.host, server.port, path)
    return ws, asyncio.create_task(_read_frames(ws, shopper, replied))


async def _disconnect(ws: WebSocket, reader: asyncio.Task[None], shopper: Shopper) -> None:
    if reader.done() and not reader.cancelled() and reader.exception():
        shopper.errors.append(f"reader: {reader.exception()!r}")
    reader.cancel()
    await ws.close()


async def converse(
    server: Server, shopper: Shopper, think: tuple[float, float], seed: int, reconnect: bool
) -> None:
    """One shopper's whole conversation; with ``reconnect``, the socket is closed halfway and
    reopened with ``after=``, as a widget does when the network drops."""
    rng = random.Random(seed)
    replied: asyncio.Queue[float] = asyncio.Queue()
    await asyncio.sleep(rng.uniform(*think))
    try:
        ws, reader = await _connect(server, shopper, replied)
    except (OSError, ConnectionError) as exc:
        shopper.errors.append(f"connect: {exc!r}")
        return
    try:
        for index, text in enumerate(shopper.script):
            if reconnect and index == len(shopper.script) // 2:
                await _disconnect(ws, reader, shopper)
                ws, reader = await _connect(server, shopper, replied)
            shopper.client_ids.append(str(uuid.uuid4()))
            frame = {"type": "message", "text": text, "client_id": shopper.client_ids[-1]}
            sent = time.perf_counter()
            ws.send(orjson.dumps(frame).decode())
            answered = await asyncio.wait_for(replied.get(), REPLY_WITHIN)
            shopper.latencies.append((answered - sent) * 1000)
            await asyncio.sleep(rng.uniform(*think))
        await asyncio.sleep(0.5)  # a turn's later replies, if any, still on their way
    except TimeoutError:
        shopper.errors.append(f"no reply within {REPLY_WITHIN:.0f} s")
    except (WebSocketClosed, OSError, ConnectionError) as exc:
        shopper.errors.append(f"socket closed: {exc!r}")
    finally:
        await _disconnect(ws, reader, shopper)


async def transcripts(server: Server, shoppers: list[Shopper]) -> list[tuple[int, Any]]:
    reads = [
        Request(
            f"/v1/conversations/{s.conversation['id']}",
            headers={"Authorization": f"Bearer {s.conversation['token']}"},
            method="GET",
        )
        for s in shoppers
    ]
    return await fetch_all(reads, server.host, server.port, concurrency=8)


async def warm_up(server: Server, turns: int) -> None:
    """Two unmeasured conversations (English and Spanish) first: the first turns after a start
    load what the server loads lazily (measured once: about 0.6 s for the first greeting)."""
    conversations = await open_conversations(server, 2)
    shoppers = [
        Shopper(c, conversation_script(seed, turns))
        for seed, c in zip((0, 1), conversations, strict=True)
    ]
    await asyncio.gather(
        *(converse(server, s, (0, 0), i, reconnect=True) for i, s in enumerate(shoppers))
    )


async def run(
    server: Server, count: int, turns: int, think: tuple[float, float], reconnect: bool = True
) -> dict[str, Any]:
    await warm_up(server, turns)
    conversations = await open_conversations(server, count)
    shoppers = [Shopper(c, conversation_script(i, turns)) for i, c in enumerate(conversations)]
    started = time.perf_counter()
    cpu_before = cpu_seconds(server.pid) if server.pid else float("nan")
    await asyncio.gather(
        *(converse(server, s, think, i, reconnect) for i, s in enumerate(shoppers))
    )
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(server.pid) - cpu_before if server.pid else float("nan")
    tally = Tally()
    for shopper, (status, body) in zip(shoppers, await transcripts(server, shoppers), strict=True):
        check_conversation(shopper, status, body, tally)
    latencies = [ms for s in shoppers for ms in s.latencies]
    by_intent: dict[str, list[float]] = {}
    for s in shoppers:
        for intent, ms in zip(s.reply_intents, s.latencies, strict=False):
            by_intent.setdefault(intent, []).append(ms)
    return {
        "conversations": count,
        "messages": len(latencies),
        "rate": len(latencies) / elapsed,
        "cpu_ms": cpu * 1000 / max(len(latencies), 1),
        "elapsed": elapsed,
        **percentiles(latencies),
        "max": max(latencies, default=float("nan")),
        "tally": tally,
        "by_intent": by_intent,
    }


def parse_think(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    return float(low), float(high or low)


HEADERS = [
    "conversations",
    "think s",
    "messages",
    "msg/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "server CPU ms/msg",
    "errors",
    "lost",
    "doubled",
]


def row(result: dict[str, Any], think: str) -> list[object]:
    tally: Tally = result["tally"]
    return [
        result["conversations"],
        think,
        result["messages"],
        result["rate"],
        result["p50"],
        result["p95"],
        result["p99"],
        result["max"],
        result["cpu_ms"],
        tally.errors,
        tally.lost,
        tally.doubled,
    ]


def intent_breakdown(by_intent: dict[str, list[float]]) -> str:
    lines = ["replies by intent: count, p50 / p95 ms"]
    for intent, samples in sorted(by_intent.items(), key=lambda kv: -len(kv[1])):
        cut = percentiles(samples)
        lines.append(f"  {intent:<24} {len(samples):6}  {cut['p50']:8.1f} / {cut['p95']:8.1f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--quick", action="store_const", dest="conversations", const=100)
    scale.add_argument("--full", action="store_const", dest="conversations", const=1000)
    scale.add_argument("--conversations", type=int)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument(
        "--think", default="2-8", help="seconds between messages, uniform: LOW-HIGH"
    )
    parser.add_argument(
        "--no-reconnect",
        dest="reconnect",
        action="store_false",
        help="keep one socket per conversation (default: reconnect halfway with after=)",
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="a private Redis for the bus")
    parser.add_argument(
        "--server",
        metavar="URL",
        help="a running shopdesk with the demo shop loaded (and its message limits raised) "
        "instead of starting one",
    )
    args = parser.parse_args()
    count = args.conversations or 100

    raise_nofile()
    print(machine_info())
    think = parse_think(args.think)
    if args.server:
        where = urlsplit(args.server)
        server = Server(where.hostname or "127.0.0.1", where.port or 80, pid=0)
        result = asyncio.run(run(server, count, args.turns, think, args.reconnect))
    else:
        with shop(args.database, args.redis) as env, shopdesk_server(env, args.workers) as server:
            result = asyncio.run(run(server, count, args.turns, think, args.reconnect))
    print(
        f"{count} WebSocket conversations × {args.turns} turns on {args.database}, "
        f"{args.workers} worker(s), think time {args.think} s; run took {result['elapsed']:.0f} s"
    )
    print(table(HEADERS, [row(result, args.think)]))
    print(intent_breakdown(result["by_intent"]))
    for problem in result["tally"].problems[:10]:
        print("problem:", problem)
    sys.exit(1 if result["tally"].failed else 0)


if __name__ == "__main__":
    main()
