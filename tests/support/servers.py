"""Run `shopdesk serve` as a real process, the way a shop (or an outside test suite) does."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(
    base: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 180
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert process.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, "server did not become ready"
        time.sleep(0.2)


@contextlib.contextmanager
def serving(
    env: dict[str, str], workdir: Path, name: str = "serve", command: str = "serve"
) -> Iterator[str]:
    """Start `shopdesk serve` (or `shopdesk demo`, with ``command``) on a free port; yield its base
    URL once /readyz answers."""
    port = free_port()
    log_path = workdir / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [SHOPDESK, command, "--port", str(port)],
            env=env,
            cwd=workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.asynccontextmanager
async def in_process(app: Any, *, lifespan: str = "on") -> AsyncIterator[str]:
    """Serve ``app`` with uvicorn on a free port in this event loop; yield its base URL.

    For tests that need a real socket (a browser, raw HTTP) but want the app's state at hand.
    """
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # it failed to start: say why
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
