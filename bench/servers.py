"""Start and stop the servers a benchmark measures, each in its own process.

shopdesk (``shopdesk serve``) and the bare echo (``bench/echo_app.py`` under uvicorn) are
started the same way, with the open-file limit raised so that thousands of sockets fit, and
their output kept in a log file that is shown when a start fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import httpx

from shopdesk.store.demo_data import SHOP_NAME as DEMO_SHOP_NAME

ROOT = Path(__file__).resolve().parent.parent
SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def raise_nofile() -> int:
    """Lift this process's open-file limit to its hard limit (root may raise both)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = max(hard, 65536) if os.geteuid() == 0 else hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, target))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory of one process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its worker processes."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def bench_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """The demo shop's settings, with the per-client and per-conversation message limits lifted:
    a load generator is one client sending far faster than any shopper."""
    policy = resources.files("shopdesk.store").joinpath("demo_policy.yml")
    env = {
        **os.environ,
        "SHOPDESK_DATABASE_URL": database_url,
        "SHOPDESK_POLICY_PATH": str(policy),
        "SHOPDESK_SHOP_NAME": DEMO_SHOP_NAME,
        "SHOPDESK_MESSAGES_PER_MINUTE_PER_CLIENT": "10000000",
        "SHOPDESK_MESSAGES_PER_MINUTE_PER_CONVERSATION": "10000000",
        "SHOPDESK_LOG_LEVEL": "WARNING",
    }
    env.pop("SHOPDESK_REDIS_URL", None)
    if redis_url:
        env["SHOPDESK_REDIS_URL"] = redis_url
    return env


def load_demo(env: dict[str, str]) -> None:
    subprocess.run([SHOPDESK, "demo", "--no-serve"], env=env, check=True, capture_output=True)


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    pid: int

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            tail = log.read_text(errors="replace")[-3000:]
            raise SystemExit(f"server {url} did not become ready:\n{tail}")
        time.sleep(0.2)


@contextlib.contextmanager
def _serve(cmd: list[str], env: dict[str, str], ready_path: str) -> Iterator[Server]:
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="shopdesk-bench-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*cmd, "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=raise_nofile,
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}{ready_path}", process, log, timeout=240)
            yield Server("127.0.0.1", port, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if any(word in log.read_text(errors="replace") for word in ("WARNING", "ERROR", "Traceback")):
        print(f"(the server logged warnings or errors: {log})", file=sys.stderr)
    else:
        log.unlink()


def shopdesk_server(
    env: dict[str, str], workers: int = 1
) -> contextlib.AbstractContextManager[Server]:
    return _serve([SHOPDESK, "serve", "--workers", str(workers)], env, "/readyz")


def echo_server(env: dict[str, str]) -> contextlib.AbstractContextManager[Server]:
    cmd = [sys.executable, "-m", "uvicorn", "bench.echo_app:app", "--log-level", "warning"]
    return _serve(cmd, env, "/healthz")


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, empty database for one benchmark: a SQLite file in a temporary folder, or a
    scratch PostgreSQL database on 127.0.0.1:5432 that is dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="shopdesk-bench-") as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    import asyncpg

    name = f"shopdesk_bench_{os.getpid()}_{int(time.time())}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(PG_ADMIN)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextlib.contextmanager
def private_redis() -> Iterator[str]:
    """A Redis of our own on a free port, not persisted, stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
