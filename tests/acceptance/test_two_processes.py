"""Two shopdesk processes on one PostgreSQL database: one conversation's turns never interleave."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from support.pg import scratch_database
from support.servers import SHOPDESK, serving
from support.store_doc import store_document

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    workdir = tmp_path_factory.mktemp("two")
    store = workdir / "store.json"
    store.write_text(json.dumps(store_document()), encoding="utf-8")
    with scratch_database("shopdesk_two") as url:
        env = {**os.environ, "SHOPDESK_DATABASE_URL": url}
        subprocess.run([SHOPDESK, "import", str(store)], env=env, check=True, capture_output=True)
        with serving(env, workdir, "serve-0") as first, serving(env, workdir, "serve-1") as second:
            yield [first, second]


async def test_concurrent_turns_through_two_processes_stay_in_order(two_servers: list[str]) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        created = (await client.post(f"{two_servers[0]}/v1/conversations", json={})).json()
        auth = {"Authorization": f"Bearer {created['token']}"}
        texts = [f"thank you {i}" for i in range(16)]

        async def send(index: int, text: str) -> dict:
            base = two_servers[index % 2]
            url = f"{base}/v1/conversations/{created['id']}/messages"
            response = await client.post(url, json={"text": text}, headers=auth)
            assert response.status_code == 200, response.text
            return response.json()

        bodies = await asyncio.gather(*(send(i, t) for i, t in enumerate(texts)))
        transcript = (
            await client.get(f"{two_servers[1]}/v1/conversations/{created['id']}", headers=auth)
        ).json()["messages"][1:]
    assert [m["role"] for m in transcript] == ["customer", "bot"] * len(texts)
    assert sorted(m["text"] for m in transcript[::2]) == sorted(texts)
    assert {b["messages"][0]["id"] for b in bodies} == {m["id"] for m in transcript[1::2]}
