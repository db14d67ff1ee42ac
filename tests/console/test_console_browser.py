"""The console in a real headless Chromium against a live server: an agent logs in, sees a
shopper's request for a person arrive in the queue, claims it, sees the shopper typing and
replies; the shopper's WebSocket receives the reply live and it is in their transcript."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from playwright.async_api import Page, async_playwright, expect

from console.conftest import PASSWORD, agents
from shopdesk.app import create_app
from shopdesk.kit.db import transaction
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings
from shopdesk.store import import_document, parse_document
from support.browser import (
    ARGS,
    CHROMIUM,
    WAIT_MS,
    console_log_in,
    screenshot_folder,
    serious_findings,
)
from support.servers import in_process
from support.store_doc import order_by_status, store_document


@pytest.fixture(scope="module")
async def live(
    database_url: str, console_nlu: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    if not database_url.startswith("sqlite"):
        pytest.skip("the console is the same on every backend; the browser runs once")
    db = tmp_path_factory.mktemp("console") / "shop.db"
    app = create_app(
        Settings(database_url=f"sqlite:///{db}", shop_name="Test Shop"), nlu=console_nlu
    )
    async with in_process(app) as base_url:
        await agents(app).create("ann@example.com", PASSWORD, "supervisor", name="Ann Lee")
        await agents(app).create("bo@example.com", PASSWORD, "agent", name="Bo Berg")
        await agents(app).save_canned(
            (await agents(app).all())[0],
            "hello",
            "Greeting",
            "Hi {customer_name}, this is {agent_name}. I am looking at it now.",
        )
        async with transaction(app.state.runtime.sessionmaker) as session:
            await import_document(session, parse_document(store_document()))
        yield base_url


async def next_event(socket: Any, kind: str, **match: Any) -> dict[str, Any]:
    while True:
        event = json.loads(await asyncio.wait_for(socket.recv(), timeout=20))
        if event.get("type") == kind and all(event.get(k) == v for k, v in match.items()):
            return event


async def log_in(page: Page, base: str) -> None:
    await console_log_in(page, base, "ann@example.com", PASSWORD)


async def test_agent_claims_and_replies_live(live: str, tmp_path: Path) -> None:
    shots = screenshot_folder(tmp_path)
    async with async_playwright() as playwright, httpx.AsyncClient(base_url=live) as http:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 800})
        await log_in(page, live)
        # The queue page's WebSocket marks the agent online, so a shopper asking for a person
        # is queued (not offered a callback).
        await expect(page.locator("#conn")).to_be_hidden()

        created = (await http.post("/v1/conversations", json={"locale": "en"})).json()
        conversation_id, token = created["id"], created["token"]
        ws_url = live.replace("http://", "ws://") + f"/v1/conversations/{conversation_id}/ws"
        async with websockets.connect(f"{ws_url}?token={token}") as shopper:
            # The shopper proves an order first, so the agent sees it in the context.
            order = order_by_status("shipped")
            customers = {c["email"]: c["name"] for c in store_document()["customers"]}
            greeting = f"Hi {customers[order['customer_email']]}, this is Ann Lee."
            for n, text in enumerate(
                [f"Where is my order {order['number']}?", order["customer_email"]]
            ):
                await shopper.send(
                    json.dumps({"type": "message", "client_id": f"v-{n}", "text": text})
                )
                await next_event(shopper, "ack", client_id=f"v-{n}")
                reply = await next_event(shopper, "message")
                while reply["message"]["role"] != "bot":
                    reply = await next_event(shopper, "message")
            await shopper.send(
                json.dumps(
                    {
                        "type": "message",
                        "client_id": "s-1",
                        "text": "I was charged twice, I want to talk to a human",
                    }
                )
            )
            await next_event(shopper, "state", state="queued")

            row = page.locator(f'tr[data-id="{conversation_id}"]')
            await row.wait_for(timeout=WAIT_MS)  # arrived without a reload
            assert "EN" in await row.inner_text()
            await page.screenshot(path=str(shots / "console-queue.png"), full_page=True)

            await row.get_by_role("button", name="Claim").click()
            await page.wait_for_url(f"{live}/console/conversations/{conversation_id}")
            await expect(page.locator("#state-label")).to_have_text("With an agent")
            await expect(page.locator("#claim")).to_be_hidden()
            joined = await next_event(shopper, "state", state="agent")
            assert joined["agent"]["name"] == "Ann Lee"

            await expect(page.locator("#conn")).to_be_hidden()
            await page.wait_for_timeout(300)  # the subscribe frame is sent on open
            await shopper.send(json.dumps({"type": "typing"}))
            await page.locator("#typing").wait_for(state="visible", timeout=WAIT_MS)
            await shopper.send(
                json.dumps(
                    {"type": "message", "client_id": "s-2", "text": "Order HX1001, twice 49 €"}
                )
            )
            await page.locator(".msg.customer", has_text="Order HX1001").wait_for(timeout=WAIT_MS)

            orders = page.locator(".orders")
            await expect(orders).to_contain_text(order["number"])
            await expect(orders).to_contain_text(order["shipments"][0]["tracking_number"])
            await page.select_option("#canned", index=0)
            await page.click("#insert-canned")
            assert (await page.input_value("#reply-text")).startswith(greeting)
            await page.fill("#reply-text", "/hello")
            await page.press("#reply-text", "Tab")  # a shortcut expands in place
            assert (await page.input_value("#reply-text")).startswith(greeting)
            await page.fill("#reply-text", "")
            await page.locator("#reply-text").press_sequentially("I see the double charge")
            typing = await next_event(shopper, "typing", role="agent")
            assert typing["agent"]["name"] == "Ann Lee"
            await page.fill("#reply-text", "I see the double charge, refunding one now.")
            await page.press("#reply-text", "Enter")

            live_reply = await next_event(shopper, "message")
            while live_reply["message"]["role"] != "agent":
                live_reply = await next_event(shopper, "message")
            assert live_reply["message"]["text"] == "I see the double charge, refunding one now."
            await page.locator(".msg.agent", has_text="refunding one now").wait_for()
            assert await page.locator(".msg.agent").count() == 1  # the API answer and the echo

            await page.fill("#note-text", "Refund issued in the payment provider.")
            await page.get_by_role("button", name="Add note").click()
            await page.locator("#notes li", has_text="Refund issued").wait_for()
            await page.wait_for_timeout(500)  # the note's own event, de-duplicated by id
            assert await page.locator("#notes li").count() == 1
            await page.screenshot(path=str(shots / "console-conversation.png"), full_page=True)

        transcript = (
            await http.get(
                f"/v1/conversations/{conversation_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
        ).json()
        texts = [(m["role"], m["text"]) for m in transcript["messages"]]
        assert ("agent", "I see the double charge, refunding one now.") in texts

        await page.select_option("#close-reason", "resolved")
        await page.get_by_role("button", name="Close conversation").click()
        await expect(page.locator("#state-label")).to_have_text("Closed")

        # A second shopper: claimed from the conversation page itself, then handed back.
        second = (await http.post("/v1/conversations", json={"locale": "en"})).json()
        second_ws = live.replace("http://", "ws://") + f"/v1/conversations/{second['id']}/ws"
        async with websockets.connect(f"{second_ws}?token={second['token']}") as shopper:
            await shopper.send(
                json.dumps(
                    {"type": "message", "client_id": "t-1", "text": "talk to a human please"}
                )
            )
            await next_event(shopper, "state", state="queued")
            await page.goto(f"{live}/console/conversations/{second['id']}")
            await page.get_by_role("button", name="Claim").click()
            await expect(page.locator("#state-label")).to_have_text("With an agent")
            await next_event(shopper, "state", state="agent")
            await page.get_by_role("button", name="Hand back to the bot").click()
            await expect(page.locator("#state-label")).to_have_text("Bot")
            await next_event(shopper, "state", state="bot")

        tablet = await browser.new_page(locale="en-GB", viewport={"width": 820, "height": 1180})
        await log_in(tablet, live)
        await tablet.goto(f"{live}/console/conversations/{conversation_id}")
        width = await tablet.evaluate("document.documentElement.scrollWidth")
        assert width <= 820  # nothing spills sideways on a tablet
        await tablet.screenshot(path=str(shots / "console-tablet.png"), full_page=True)

        await page.goto(f"{live}/console/team")
        team = page.locator("table").first
        await team.locator("tr", has_text="Ann Lee").wait_for()
        assert "Online" in await team.locator("tr", has_text="Ann Lee").inner_text()
        assert "Offline" in await team.locator("tr", has_text="Bo Berg").inner_text()
        await page.screenshot(path=str(shots / "console-team.png"), full_page=True)

        login = await browser.new_page(locale="de-DE", viewport={"width": 1280, "height": 800})
        await login.goto(f"{live}/console/login")
        await expect(login.get_by_role("button", name="Anmelden")).to_be_visible()
        await login.screenshot(path=str(shots / "console-login.png"))
        # axe-core is injected by script, which the console's CSP forbids: a separate context
        # that bypasses CSP, for this check only.
        context = await browser.new_context(bypass_csp=True, locale="en-GB")
        audited = await context.new_page()
        await audited.goto(f"{live}/console/login")
        assert await serious_findings(audited) == []
        await log_in(audited, live)
        for path in ("/console", f"/console/conversations/{conversation_id}", "/console/team"):
            await audited.goto(live + path)
            findings = await serious_findings(audited)
            assert findings == [], (path, findings)
        await browser.close()
