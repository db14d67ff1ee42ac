"""Bot turns on SQLite and PostgreSQL, with one and two worker processes.

    python -m bench.backends [--requests 2000] [--concurrency 32]

Same measurement as bench.turns (HTTP and WebSocket, verified order lookups) for each setup,
each on a fresh database with the demo shop: SQLite, one worker; PostgreSQL (a scratch database
on 127.0.0.1:5432, dropped afterwards), one worker; PostgreSQL with a private Redis and
``shopdesk serve --workers 2`` (the scale-out setup); and SQLite with two workers, to show what
happens when two processes share one SQLite file. The bare echo is measured once, first.
"""

from __future__ import annotations

import argparse
from typing import Any

from bench.report import machine_info, table
from bench.turns import HEADERS, measure, rows, shop

SETUPS = (
    ("sqlite", 1, False),
    ("postgresql", 1, False),
    ("postgresql", 2, True),
    ("sqlite", 2, False),
)


def run(requests: int, concurrency: int, rounds: int, turns: int) -> list[list[object]]:
    results: dict[str, Any] = {}
    for database, workers, redis in SETUPS:
        label = f" ({database}, {workers} worker{'s' if workers > 1 else ''}"
        label += " + Redis)" if redis else ")"
        with shop(database, redis) as env:
            if not results:
                results.update(measure(env, requests, concurrency, 1, turns, bot=False))
            found = measure(env, requests, concurrency, rounds, turns, workers, echo=False)
        results.update({f"{name}{label}": r for name, r in found.items()})
    return rows(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--turns-per-socket", type=int, default=5)
    args = parser.parse_args()
    print(machine_info())
    found = run(args.requests, args.concurrency, args.rounds, args.turns_per_socket)
    print(f"bot turns; {args.concurrency} connections; best of {args.rounds} round(s)")
    print(table(HEADERS, found))


if __name__ == "__main__":
    main()
