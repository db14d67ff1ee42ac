"""Import of a large store file through `shopdesk import`, end to end, on SQLite and PostgreSQL.

    python -m bench.import_store [--orders 100000] [--backends sqlite,postgres]

The file is the demo shop with its 200 orders repeated under new numbers. Each backend starts
from a fresh database; the second run of the same file (re-import, nothing changes) is timed too.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import asyncpg

from shopdesk.store import generate_demo_store

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "shopdesk_bench_import"


def build_file(orders: int, folder: Path) -> Path:
    demo = generate_demo_store(today=date(2026, 11, 25))
    template = demo["orders"]
    big = []
    for i in range(orders):
        order = copy.deepcopy(template[i % len(template)])
        order["number"] = f"BIG{i:07d}"
        big.append(order)
    path = folder / f"store-{orders}.json"
    path.write_text(json.dumps({**demo, "orders": big}), encoding="utf-8")
    return path


async def fresh_pg() -> str:
    conn = await asyncpg.connect(PG_ADMIN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{PG_DB}"')
    finally:
        await conn.close()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{PG_DB}"


def timed_import(path: Path, url: str) -> float:
    shopdesk = str(Path(sys.executable).with_name("shopdesk"))
    env = {**os.environ, "SHOPDESK_DATABASE_URL": url}
    started = time.perf_counter()
    subprocess.run([shopdesk, "import", str(path)], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="shopdesk-import-"))
    path = build_file(args.orders, folder)
    size_mb = path.stat().st_size / 1e6
    print(f"file: {args.orders} orders, {size_mb:.0f} MB")
    for backend in args.backends.split(","):
        url = f"sqlite:///{folder / 'bench.db'}" if backend == "sqlite" else asyncio.run(fresh_pg())
        first = timed_import(path, url)
        again = timed_import(path, url)
        print(f"{backend:>8}: import {first:6.1f} s   re-import (unchanged) {again:6.1f} s")


if __name__ == "__main__":
    main()
