"""Full bot turns over HTTP and over the WebSocket against a bare FastAPI JSON echo (HTTP and
WebSocket), same load generators, same run.

    python -m bench.turns [--requests 2000] [--concurrency 32] [--rounds 2]
                          [--database-url postgresql://...] [--workers 2 --redis]

Each server is a separate process (one uvicorn worker unless --workers), started one at a time.
A bot turn is a verified order lookup ("where is my order HX1148? ana.ruiz@example.com"): NLU,
the verification gate with the order read from the database, composing the reply with its card,
storing both messages and the new state. Over HTTP every turn is a fresh conversation; over the
WebSocket each socket holds one conversation for --turns-per-socket turns, then the next opens.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import Awaitable, Iterator
from typing import Any

from bench.loadgen import Request, fetch_all, run_load
from bench.report import machine_info, table
from bench.servers import (
    Server,
    bench_env,
    cpu_seconds,
    database,
    echo_server,
    load_demo,
    private_redis,
    shopdesk_server,
)
from bench.wsload import ChatProtocol, EchoProtocol, Session, run_ws_load
from shopdesk.store import DEMO_EXAMPLES

SHIPPED = next(e for e in DEMO_EXAMPLES if e.status == "shipped")
LOOKUP = f"where is my order {SHIPPED.number}? {SHIPPED.email}"


async def open_conversations(server: Server, count: int) -> list[dict[str, Any]]:
    """Create ``count`` conversations; each with its id, token and greeting's id."""
    created = await fetch_all(
        [Request("/v1/conversations", {})] * count, server.host, server.port, concurrency=8
    )
    bad = [status for status, _ in created if status != 201]
    if bad:
        raise SystemExit(f"creating conversations failed: {len(bad)} answered {bad[0]}")
    return [body for _, body in created]


def socket_path(conversation: dict[str, Any], after: str | None = None) -> str:
    """The chat socket of a conversation, ``after`` its greeting unless told otherwise."""
    after = after or conversation["messages"][-1]["id"]
    return f"/v1/conversations/{conversation['id']}/ws?token={conversation['token']}&after={after}"


async def with_cpu(server: Server, load: Awaitable[dict[str, float]]) -> dict[str, float]:
    """Run a load and add the server's CPU time per message (ms), all its processes."""
    before = cpu_seconds(server.pid)
    result = await load
    used = cpu_seconds(server.pid) - before
    return {**result, "cpu_ms": used * 1000 / max(result["count"], 1)}


async def bot_http(server: Server, requests: int, concurrency: int) -> dict[str, float]:
    conversations = await open_conversations(server, requests)
    prepared = [
        Request(
            f"/v1/conversations/{c['id']}/messages",
            {"text": LOOKUP},
            {"Authorization": f"Bearer {c['token']}"},
        )
        for c in conversations
    ]
    return await with_cpu(server, run_load(prepared, server.host, server.port, concurrency))


async def bot_ws(server: Server, requests: int, concurrency: int, turns: int) -> dict[str, float]:
    conversations = await open_conversations(server, max(1, requests // turns))
    sessions = [Session(socket_path(c), [LOOKUP] * turns) for c in conversations]
    load = run_ws_load(sessions, server.host, server.port, concurrency, ChatProtocol)
    return await with_cpu(server, load)


async def echo_both(server: Server, requests: int, concurrency: int, turns: int) -> list[Any]:
    echoes = [Request("/echo", {"text": LOOKUP})] * requests
    http = await with_cpu(server, run_load(echoes, server.host, server.port, concurrency))
    sessions = [Session("/ws", [LOOKUP] * turns)] * max(1, requests // turns)
    load = run_ws_load(sessions, server.host, server.port, concurrency, EchoProtocol)
    return [http, await with_cpu(server, load)]


@contextlib.contextmanager
def shop(database_kind: str, redis: bool) -> Iterator[dict[str, str]]:
    """A fresh database with the demo shop loaded (and a private Redis when asked)."""
    with database(database_kind) as url, contextlib.ExitStack() as stack:
        redis_url = stack.enter_context(private_redis()) if redis else None
        env = bench_env(url, redis_url)
        load_demo(env)
        yield env


def measure(
    env: dict[str, str],
    requests: int,
    concurrency: int,
    rounds: int,
    turns: int,
    workers: int = 1,
    echo: bool = True,
    bot: bool = True,
) -> dict[str, dict[str, float]]:
    """Best round (by rate) of each of: echo HTTP, echo WS, bot HTTP, bot WS."""
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(rounds):
        if echo:
            with echo_server(env) as server:
                http, ws = asyncio.run(echo_both(server, requests, concurrency, turns))
            runs.setdefault("echo HTTP", []).append(http)
            runs.setdefault("echo WS", []).append(ws)
        if not bot:
            continue
        with shopdesk_server(env, workers) as server:
            runs.setdefault("bot HTTP", []).append(
                asyncio.run(bot_http(server, requests, concurrency))
            )
            runs.setdefault("bot WS", []).append(
                asyncio.run(bot_ws(server, requests, concurrency, turns))
            )
    return {name: max(results, key=lambda r: r["rps"]) for name, results in runs.items()}


def rows(results: dict[str, dict[str, float]], label: str = "") -> list[list[object]]:
    out: list[list[object]] = []
    for name, r in results.items():
        transport = name.split()[1]
        echo = results.get(f"echo {transport}")
        ratio = f"{r['rps'] / echo['rps']:.3f}" if echo and not name.startswith("echo") else "—"
        figures = [r["count"], r["rps"], r["p50"], r["p95"], r["p99"], r["errors"], r["cpu_ms"]]
        out.append([f"{name}{label}", *figures, ratio])
    return out


HEADERS = [
    "server",
    "messages",
    "msg/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "server CPU ms/msg",
    "/ echo msg/s",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=2000, help="messages per server and transport"
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2, help="best round is shown")
    parser.add_argument("--turns-per-socket", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="a private Redis for the bus")
    args = parser.parse_args()

    print(machine_info())
    with shop(args.database, args.redis) as env:
        results = measure(
            env, args.requests, args.concurrency, args.rounds, args.turns_per_socket, args.workers
        )
    print(
        f"bot turns on {args.database}, {args.workers} worker(s); {args.concurrency} connections; "
        f"best of {args.rounds} round(s)"
    )
    print(table(HEADERS, rows(results)))


if __name__ == "__main__":
    main()
