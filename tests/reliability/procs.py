"""Processes the reliability suite starts, kills and restarts: shopdesk servers, and private Redis
and PostgreSQL instances on free ports (never the shared ones on 6379 and 5432).

Every class here stops what it started in ``close()``; the fixtures use ``running()`` or call
it in ``finally``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Self, TypeVar

import httpx

from support.servers import SHOPDESK, free_port


def _pg_bin() -> Path:
    """Debian keeps initdb and pg_ctl out of PATH, under the server's version."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else Path(shutil.which("initdb") or "initdb").parent


PG_BIN = _pg_bin()
T = TypeVar("T")


def eventually(check: Callable[[], T | None], what: str, timeout: float = 30) -> T:
    """Poll ``check`` until it returns something other than None/False; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result is not None and result is not False:
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes] | None, *, hard: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    if hard:
        process.send_signal(signal.SIGKILL)
    else:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Server:
    """One `shopdesk serve` on a fixed port, so it can be killed and started again in place."""

    def __init__(self, env: dict[str, str], workdir: Path, name: str) -> None:
        self.env, self.workdir, self.name = env, workdir, name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ws = f"ws://127.0.0.1:{self.port}"
        self.log = workdir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [SHOPDESK, "serve", "--port", str(self.port)],
                env=self.env,
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return
            assert self.process is not None and self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, f"{self.name} not ready:\n{self.output()}"
            time.sleep(0.2)

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flushing, like a crash or an OOM kill."""
        _stop(self.process, hard=True)

    def close(self) -> None:
        _stop(self.process)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def tracebacks(self) -> list[str]:
        """The unhandled errors the server logged: the exception line of each traceback."""
        found, inside = [], False
        for line in self.log.read_text(errors="replace").splitlines():
            if line.startswith("Traceback"):
                inside = True
            elif inside and line and not line[0].isspace():
                found.append(line)
                inside = False
        return found


@contextlib.contextmanager
def servers(env: dict[str, str], workdir: Path, *names: str) -> Iterator[list[Server]]:
    """Start one server per name at once (they load their models side by side), stop them all."""
    started = [Server(env, workdir, name) for name in names]
    try:
        for server in started:
            server.start()
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.close()


class _Private:
    """Started in ``running()``, closed when it ends, also after a failed start."""

    def start(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator[Self]:
        instance = cls()
        try:
            instance.start()
            yield instance
        finally:
            instance.close()


class PrivateRedis(_Private):
    """A redis-server of our own, without persistence, that a test may stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        eventually(self._pong, f"redis on {self.port}", timeout=20)

    def _pong(self) -> bool:
        try:
            out = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"],
                capture_output=True,
                timeout=5,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False
        return out.stdout.strip() == b"PONG"

    def stop(self) -> None:
        _stop(self.process)

    def close(self) -> None:
        self.stop()


class PrivatePostgres(_Private):
    """A PostgreSQL cluster of our own (initdb in a temp dir, trust auth, a free port)."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
        self.dir = Path(tempfile.mkdtemp(prefix="shopdesk-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _as_postgres(self, *command: object) -> None:
        argv = ["runuser", "-u", "postgres", "--", *(str(c) for c in command)]
        done = subprocess.run(argv, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.dir / "postgres.log"
        self._as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", log, "-w", "-t", "60", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """``fast`` ends every session and stops; ``immediate`` is a crash (recovery on start)."""
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def createdb(self, name: str) -> str:
        self._as_postgres(PG_BIN / "createdb", "-h", self.dir, "-p", self.port, name)
        return self.url(name)

    def close(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def base_env(database_url: str, **extra: str) -> dict[str, str]:
    """The server's environment: this database, quick recovery of unanswered messages."""
    return {
        **os.environ,
        "SHOPDESK_DATABASE_URL": database_url,
        "SHOPDESK_RECOVERY_SWEEP_SECONDS": "2",
        "SHOPDESK_LOG_LEVEL": "WARNING",
        **extra,
    }
