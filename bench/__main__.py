"""Every benchmark, one after another, with one table each.

    python -m bench            # quick scale (a few minutes; `make bench`)
    python -m bench --full     # the real scale (about 20 minutes on 2 cores)
    python -m bench --only conversations idle

Each section prints the command that runs it alone at the same scale.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench import backends, conversations, idle, turns
from bench.report import machine_info, table
from bench.servers import ROOT, raise_nofile, shopdesk_server


@dataclass(frozen=True)
class Scale:
    turns: int  # messages per server and transport
    conversations: int
    think_shapes: tuple[str, ...]  # seconds between a shopper's messages; "0" is saturated
    idle: int  # idle sockets
    backends: int  # messages per setup and transport
    orders: int
    nlu_build: str  # "--build": time a build of the model too (a minute or more)


QUICK = Scale(500, 100, ("2-8", "0"), 1000, 300, 10_000, "")
FULL = Scale(3000, 1000, ("2-8", "5-25", "0"), 10_000, 2000, 100_000, "--build")


def bench_turns(scale: Scale) -> None:
    print(f"$ python -m bench.turns --requests {scale.turns} --rounds 1")
    with turns.shop("sqlite", False) as env:
        results = turns.measure(env, scale.turns, 32, 1, 5)
    print(table(turns.HEADERS, turns.rows(results)))


def bench_conversations(scale: Scale) -> None:
    n = scale.conversations
    found = []
    for shape in scale.think_shapes:
        print(f"$ python -m bench.conversations --conversations {n} --think {shape}")
        with turns.shop("sqlite", False) as env, shopdesk_server(env) as server:
            result = asyncio.run(conversations.run(server, n, 10, conversations.parse_think(shape)))
        found.append(conversations.row(result, shape))
        for problem in result["tally"].problems[:5]:
            print("problem:", problem)
    print(table(conversations.HEADERS, found))


def bench_idle(scale: Scale) -> None:
    print(f"$ python -m bench.idle --connections {scale.idle} --hold 30")
    with turns.shop("sqlite", False) as env, shopdesk_server(env) as server:
        result = idle.measure(server, scale.idle, 30)
    print(table(idle.HEADERS, [idle.row(result)]))


def bench_backends(scale: Scale) -> None:
    print(f"$ python -m bench.backends --requests {scale.backends}")
    print(table(turns.HEADERS, backends.run(scale.backends, 32, 1, 5)))


def _command(*args: str) -> Callable[[Scale], None]:
    def run(scale: Scale) -> None:
        argv = [f for a in args if (f := a.format(scale=scale))]
        print("$ python -m " + " ".join(argv))
        subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, check=False)

    return run


BENCHMARKS: dict[str, Callable[[Scale], None]] = {
    "nlu": _command("bench.nlu_latency", "{scale.nlu_build}"),
    "turns": bench_turns,
    "conversations": bench_conversations,
    "idle": bench_idle,
    "backends": bench_backends,
    "import": _command("bench.import_store", "--orders", "{scale.orders}"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the real scale")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    args = parser.parse_args()
    scale = FULL if args.full else QUICK
    raise_nofile()
    print(machine_info())
    print(f"scale: {'full' if args.full else 'quick'}")
    for name in args.only:
        started = time.monotonic()
        print(f"\n## {name}")
        BENCHMARKS[name](scale)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"({time.monotonic() - started:.0f} s; load average now {load})")


if __name__ == "__main__":
    main()
