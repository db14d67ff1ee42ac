"""A small HTTP/1.1 keep-alive load generator on raw asyncio streams.

httpx spends more CPU per request than the servers under test, which made it the bottleneck;
this writes requests and reads Content-Length-framed responses directly, so both servers are
measured with the same, cheap client. ``fetch_all`` uses the same connections to prepare a run
(create conversations, read transcripts) and keeps the response bodies.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass(frozen=True)
class Request:
    path: str
    body: dict[str, object] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "POST"

    def encode(self, host: str) -> bytes:
        payload = b"" if self.body is None else orjson.dumps(self.body)
        lines = [
            f"{self.method} {self.path} HTTP/1.1",
            f"Host: {host}",
            *(["Content-Type: application/json"] if self.body is not None else []),
            f"Content-Length: {len(payload)}",
            *(f"{k}: {v}" for k, v in self.headers.items()),
            "",
            "",
        ]
        return "\r\n".join(lines).encode() + payload


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


def percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


async def run_load(
    requests: list[Request], host: str, port: int, concurrency: int
) -> dict[str, float]:
    """Send every request over ``concurrency`` keep-alive connections; rate and latencies."""
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
                status, _ = await _read_response(reader)
                latencies.append((time.perf_counter() - started) * 1000)
                errors += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(requests) / elapsed,
        "count": len(requests),
        "errors": errors,
        **percentiles(latencies),
    }


async def fetch_all(
    requests: list[Request], host: str, port: int, concurrency: int = 16
) -> list[tuple[int, Any]]:
    """Send every request; return (status, parsed JSON body) in the order of ``requests``."""
    results: list[tuple[int, Any]] = [(0, None)] * len(requests)
    pending = iter(enumerate(requests))
    authority = f"{host}:{port}"

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for index, request in pending:
                writer.write(request.encode(authority))
                status, body = await _read_response(reader)
                results[index] = (status, orjson.loads(body) if body else None)
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(min(concurrency, len(requests)))))
    return results
