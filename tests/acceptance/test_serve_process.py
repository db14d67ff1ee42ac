"""As an outside acceptance suite runs us: `shopdesk import`, then `shopdesk serve` on a fresh
SQLite file, then only the HTTP contract."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.servers import SHOPDESK, serving
from support.store_doc import order_by_status, store_document


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
    with serving(env, workdir) as base:
        yield base


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
    with serving(env, tmp_path) as base:
        created = httpx.post(f"{base}/v1/conversations", timeout=10)
    assert created.status_code == 201


def test_served_responses_do_not_name_the_server_software(served: str) -> None:
    answered = httpx.get(f"{served}/healthz", timeout=10)
    assert answered.status_code == 200
    assert "server" not in answered.headers
    assert answered.headers["x-content-type-options"] == "nosniff"
