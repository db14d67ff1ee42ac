"""kill -9 the server in the middle of a load run, start it again: every message the server
acknowledged is in the transcript once, messages retried with the same Idempotency-Key or
client_id after the restart are not stored twice, every message gets its answer (the recovery
sweep answers the ones acknowledged on the socket just before the kill), and conversations go
on where they were: the dialogue state, a verified order, a queued handoff."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import httpx
import pytest

from reliability.chat import Shopper
from reliability.load import TEXTS, answered, start_load, wait_for_acks
from reliability.procs import base_env, servers
from support.servers import SHOPDESK
from support.store_doc import order_by_status, store_document


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shop_env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, str], Path]:
    """The server's environment, on a database holding the test shop, and its workdir."""
    workdir = tmp_path_factory.mktemp("kill-restart")
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'shop.db'}"
    else:
        url = request.getfixturevalue("private_pg").createdb("kill")
    env = base_env(url)
    store = workdir / "store.json"
    store.write_text(json.dumps(store_document()), encoding="utf-8")
    subprocess.run([SHOPDESK, "import", str(store)], env=env, check=True, capture_output=True)
    return env, workdir


async def test_kill_nine_mid_load_loses_and_doubles_nothing(
    shop_env: tuple[dict[str, str], Path],
) -> None:
    env, workdir = shop_env
    order = order_by_status("out_for_delivery")
    tracking = order["shipments"][0]["tracking_number"]
    with servers(env, workdir, "victim") as (server,):
        async with httpx.AsyncClient(timeout=30) as http:
            verified = await Shopper(http, server.base).open()
            await verified.say(f"{order['number']} {order['customer_email']}")
            queued = await Shopper(http, server.base).open()
            await queued.say("I want to talk to a human")

            shoppers = [await Shopper(http, server.base).open() for _ in range(5)]
            tasks, acked = start_load(shoppers, server.ws, http_count=3)
            try:
                await wait_for_acks(acked, at_least=8, tasks=tasks)
                acked_before_kill = list(acked)
                server.kill()
                assert len(acked) < len(TEXTS) * len(shoppers), "the load was over before the kill"
                server.start()
                await asyncio.to_thread(server.wait_ready)
                sent = await asyncio.gather(*tasks)
            finally:
                for task in tasks:
                    task.cancel()

            for shopper, texts in zip(shoppers, sent, strict=True):
                messages = await answered(shopper, texts)
                stored = [m["text"] for m in messages if m["role"] == "customer"]
                assert set(shopper.acknowledged) <= set(stored)
            assert set(acked_before_kill) <= set(acked)
            # The kill cut messages in flight: they were sent again after the restart.
            assert sum(s.resent for s in shoppers) >= 1

            # The conversations go on where they were.
            follow_up = await verified.say("and where is my package now?")
            assert tracking in follow_up, "the verified order was forgotten"
            state = await http.get(
                f"{server.base}/v1/conversations/{queued.id}", headers=queued.auth
            )
            assert state.json()["state"] == "queued"
    assert not server.tracebacks()
