"""A small HTTP/1.1 keep-alive load generator on raw asyncio streams.

httpx spends more CPU per request than the servers under test, which made it the bottleneck;
this writes requests and reads Content-Length-framed responses directly, so both servers are
measured with the same, cheap client.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import orjson


@dataclass(frozen=True)
class Request:
    path: str
    body: dict[str, object]
    headers: dict[str, str]

    def encode(self, host: str) -> bytes:
        payload = orjson.dumps(self.body)
        lines = [
            f"POST {self.path} HTTP/1.1",
            f"Host: {host}",
            "Content-Type: application/json",
            f"Content-Length: {len(payload)}",
            *(f"{k}: {v}" for k, v in self.headers.items()),
            "",
            "",
        ]
        return "\r\n".join(lines).encode() + payload


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


async def run_load(
    requests: list[Request], host: str, port: int, concurrency: int
) -> dict[str, float]:
    queue: asyncio.Queue[Request] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    latencies: list[float] = []
    errors = 0
    authority = f"{host}:{port}"

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while not queue.empty():
                request = queue.get_nowait()
                started = time.perf_counter()
                writer.write(request.encode(authority))
                status = await _read_response(reader)
                latencies.append((time.perf_counter() - started) * 1000)
                errors += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {"rps": len(requests) / elapsed, "errors": errors, **_percentiles(latencies)}
