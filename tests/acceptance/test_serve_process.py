"""As an outside acceptance suite runs us: `shopdesk import`, then `shopdesk serve` on a fresh
SQLite file, then only the HTTP contract."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.store_doc import order_by_status, store_document

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("acceptance")
    env = {**os.environ, "SHOPDESK_DATABASE_URL": f"sqlite:///{workdir / 'fresh.db'}"}
    store = workdir / "store.json"
    store.write_text(json.dumps(store_document()), encoding="utf-8")
    imported = subprocess.run(
        [SHOPDESK, "import", str(store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    port = _free_port()
    log = (workdir / "serve.log").open("wb")
    process = subprocess.Popen(
        [SHOPDESK, "serve", "--port", str(port)],
        env=env,
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, (workdir / "serve.log").read_text()
            assert time.monotonic() < deadline, "server did not become ready"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_verified_answer_over_http(served: str) -> None:
    order = order_by_status("shipped")
    with httpx.Client(base_url=served, timeout=30) as client:
        created = client.post("/v1/conversations", json={"locale": "de"}).json()
        auth = {"Authorization": f"Bearer {created['token']}"}
        url = f"/v1/conversations/{created['id']}/messages"
        asked = client.post(url, json={"text": "Wo ist meine Bestellung?"}, headers=auth).json()
        assert asked["locale"] == "de"
        text = f"{order['number']} {order['customer_email']}"
        answer = client.post(url, json={"text": text}, headers=auth).json()
        [message] = answer["messages"]
        assert message["card"]["tracking_number"] == order["shipments"][0]["tracking_number"]
        assert order["shipments"][0]["tracking_number"] in message["text"]


def test_fresh_file_without_import_serves_too(tmp_path: Path) -> None:
    env = {**os.environ, "SHOPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    port = _free_port()
    process = subprocess.Popen(
        [SHOPDESK, "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1)
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        created = httpx.post(f"http://127.0.0.1:{port}/v1/conversations", timeout=10)
        assert created.status_code == 201
    finally:
        process.terminate()
        process.wait(timeout=30)
