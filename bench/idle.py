"""Idle WebSocket connections: the server's resident memory per open chat socket.

    python -m bench.idle --connections 10000

One shopdesk server (SQLite, one worker). The conversations are created over HTTP first; then a
client in a separate process (``python -m bench.idle --client``) opens one chat socket per
conversation, answers the server's pings, and holds them all open. The server's VmRSS (from
/proc) is read before the sockets open, once they are all open, after --hold seconds, and after
they close. Both processes raise their open-file limit (RLIMIT_NOFILE) first.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import orjson

from bench.report import machine_info, table
from bench.servers import ROOT, Server, raise_nofile, rss_mib, shopdesk_server
from bench.turns import open_conversations, shop, socket_path
from bench.wsclient import WebSocket, WebSocketClosed

TRY_AGAIN_LATER = "03f5"  # close code 1013: the server could not serve the socket just now


async def hold_open(host: str, port: int, paths: list[str]) -> None:
    """The client process: open every socket, report, hold until stdin closes, close all.

    A socket closed with 1013 (try again later) while the rest connect is reopened after a
    second, as the widget does; how many were is reported."""
    sockets: dict[int, WebSocket] = {}
    connected = [asyncio.get_running_loop().create_future() for _ in paths]
    gate = asyncio.Semaphore(64)  # handshakes in flight at once
    ended: Counter[str] = Counter()  # why sockets ended before the client closed them
    retried = 0
    reopening: set[int] = set()  # sockets waiting to be reopened

    async def keep_open(index: int, path: str) -> None:
        nonlocal retried
        for attempt in range(5):
            async with gate:
                try:
                    sockets[index] = await WebSocket.connect(host, port, path)
                except (OSError, ConnectionError) as exc:
                    ended[f"connect failed: {type(exc).__name__}"] += 1
                    break
            reopening.discard(index)
            if not connected[index].done():
                connected[index].set_result(None)
            try:
                while True:
                    await sockets[index].recv()  # answers pings; an idle chat gets nothing else
            except WebSocketClosed as exc:
                del sockets[index]
                if exc.args and exc.args[0] == TRY_AGAIN_LATER and attempt < 4:
                    retried += 1
                    reopening.add(index)
                    await asyncio.sleep(1)
                    continue
                ended[f"close frame {exc}" if exc.args else "connection dropped"] += 1
            except OSError as exc:
                del sockets[index]
                ended[type(exc).__name__] += 1
            break
        reopening.discard(index)
        if not connected[index].done():
            connected[index].set_result(None)

    keepers = [asyncio.create_task(keep_open(i, p)) for i, p in enumerate(paths)]
    await asyncio.gather(*connected)
    await asyncio.sleep(3)  # let refused sockets come back
    for _ in range(120):  # at most a minute more
        if not reopening:
            break
        await asyncio.sleep(0.5)
    print(f"open {len(sockets)} retried {retried}", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    alive = len(sockets)
    for keeper in keepers:
        keeper.cancel()
    await asyncio.gather(*(ws.close() for ws in sockets.values()))
    print(f"closed {alive} ended-early {sum(ended.values())} {dict(ended)}", flush=True)


def measure(server: Server, count: int, hold: float) -> dict[str, float]:
    conversations = asyncio.run(open_conversations(server, count))
    paths_file = Path(tempfile.mkstemp(prefix="shopdesk-idle-", suffix=".json")[1])
    paths_file.write_bytes(orjson.dumps([socket_path(c) for c in conversations]))
    time.sleep(2)
    before = rss_mib(server.pid)
    client = subprocess.Popen(
        [sys.executable, "-m", "bench.idle", "--client", str(server.port), str(paths_file)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert client.stdin and client.stdout
    started = time.monotonic()
    opened_line = client.stdout.readline().split()
    open_seconds = time.monotonic() - started  # including 3 s the client waits for refusals
    time.sleep(2)
    at_open = rss_mib(server.pid)
    time.sleep(hold)
    after_hold = rss_mib(server.pid)
    client.stdin.write("close\n")
    client.stdin.flush()
    closed_line = client.stdout.readline().split()
    client.wait(timeout=120)
    if int(closed_line[3]):
        print("sockets that ended early:", " ".join(closed_line[4:]))
    time.sleep(3)
    after_close = rss_mib(server.pid)
    paths_file.unlink()
    opened = int(opened_line[1])
    return {
        "connections": opened,
        "not_open": count - opened,
        "reopened": int(opened_line[3]),
        "dropped": opened - int(closed_line[1]),
        "open_seconds": open_seconds,
        "before": before,
        "at_open": at_open,
        "after_hold": after_hold,
        "after_close": after_close,
        "per_connection_kib": (max(at_open, after_hold) - before) * 1024 / max(opened, 1),
    }


HEADERS = [
    "connections",
    "not open",
    "refused (1013), reopened",
    "dropped while held",
    "open in s",
    "RSS before MiB",
    "RSS open MiB",
    "RSS after hold MiB",
    "per connection KiB",
    "RSS after close MiB",
]


def row(r: dict[str, float]) -> list[object]:
    keys = ["connections", "not_open", "reopened", "dropped", "open_seconds", "before", "at_open"]
    keys.append("after_hold")
    return [*(r[k] for k in keys), r["per_connection_kib"], r["after_close"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--quick", action="store_const", dest="connections", const=1000)
    scale.add_argument("--full", action="store_const", dest="connections", const=10000)
    scale.add_argument("--connections", type=int)
    parser.add_argument("--hold", type=float, default=30, help="seconds held open, then re-read")
    parser.add_argument("--client", nargs=2, metavar=("PORT", "PATHS_JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    raise_nofile()
    if args.client:
        paths = orjson.loads(Path(args.client[1]).read_bytes())
        asyncio.run(hold_open("127.0.0.1", int(args.client[0]), paths))
        return
    count = args.connections or 1000
    print(machine_info())
    with shop("sqlite", False) as env, shopdesk_server(env) as server:
        result = measure(server, count, args.hold)
    print(f"{count} idle chat sockets on one shopdesk process (SQLite), held {args.hold:.0f} s")
    print(table(HEADERS, [row(result)]))
    at_10k = result["before"] + result["per_connection_kib"] * 10_000 / 1024
    verdict = "met" if at_10k < 1024 else "NOT met"
    print(f"server RSS with 10,000 open (measured, or projected from this run): {at_10k:,.0f} MiB")
    print(f"goal < 1 GiB: {verdict}")


if __name__ == "__main__":
    main()
