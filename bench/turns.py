"""Full bot turns over HTTP against a bare FastAPI JSON echo, same load generator, same run.

    python bench/turns.py [--requests 2000] [--concurrency 32]

Both servers run as separate uvicorn processes (1 worker each, one at a time). Each bot turn is
a verified order lookup ("where is my order HX1148? ana.ruiz@example.com") in its own
conversation: NLU + database + verification + composing + persisting both messages.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.loadgen import Request, run_load
from shopdesk.store import DEMO_EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def start(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, env=env, cwd=ROOT)


async def bot_requests(base: str, count: int) -> list[Request]:
    shipped = next(e for e in DEMO_EXAMPLES if e[3] == "shipped")
    text = f"where is my order {shipped[0]}? {shipped[1]}"
    prepared: list[Request] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(count):
            created = (await client.post("/v1/conversations", json={})).json()
            headers = {"Authorization": f"Bearer {created['token']}"}
            path = f"/v1/conversations/{created['id']}/messages"
            prepared.append(Request(path, {"text": text}, headers))
    return prepared


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file in a temp folder"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="shopdesk-bench-"))
    env = {
        **os.environ,
        "SHOPDESK_DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.db'}",
        "SHOPDESK_MESSAGES_PER_MINUTE_PER_CLIENT": "10000000",
        "SHOPDESK_LOG_LEVEL": "WARNING",
    }
    shopdesk = str(Path(sys.executable).with_name("shopdesk"))
    subprocess.run([shopdesk, "demo", "--no-serve"], env=env, check=True, capture_output=True)

    results: dict[str, list[dict]] = {"echo": [], "bot": []}
    for _ in range(args.rounds):
        port = free_port()
        echo = start(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.echo_app:app",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env,
        )
        try:
            wait_ready(f"http://127.0.0.1:{port}/docs")
            reqs = [Request("/echo", {"text": "where is my order?"}, {})] * args.requests
            results["echo"].append(asyncio.run(run_load(reqs, "127.0.0.1", port, args.concurrency)))
        finally:
            echo.terminate()
            echo.wait()

        port = free_port()
        bot = start([shopdesk, "serve", "--port", str(port)], env)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(f"{base}/healthz")
            reqs = asyncio.run(bot_requests(base, args.requests))
            results["bot"].append(asyncio.run(run_load(reqs, "127.0.0.1", port, args.concurrency)))
        finally:
            bot.terminate()
            bot.wait()

    best = {k: max(v, key=lambda r: r["rps"]) for k, v in results.items()}
    print(
        f"requests per round: {args.requests}, concurrency: {args.concurrency}, "
        f"rounds: {args.rounds} (best round shown)"
    )
    for name, r in best.items():
        print(
            f"{name:>5}: {r['rps']:7.0f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
            f"p99 {r['p99']:6.1f} ms  errors {r['errors']}"
        )
    print(f"bot turn / echo throughput: {best['bot']['rps'] / best['echo']['rps']:.2f}")


if __name__ == "__main__":
    main()
