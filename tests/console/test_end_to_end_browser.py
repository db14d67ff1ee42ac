"""The whole product end to end, in headless Chromium against a real `shopdesk demo` process.

A shopper on the demo page tracks an order in the widget and asks for a person; an agent made
with `shopdesk agents add` logs in to the console in another browser context, claims the
conversation from the live queue and replies; the shopper sees the reply live, the agent closes,
the shopper rates 5 stars and the rating is in the database. A second, short conversation is
handed back to the bot.

The demo policy's business hours are replaced by a shop open around the clock, so the request
for a person is queued (an agent is online) whatever the time the test runs.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect
from sqlalchemy import select

from shopdesk.kit.db import create_engine, create_sessionmaker
from shopdesk.models import Feedback
from shopdesk.store.demo import generate_demo_store
from support.browser import (
    ARGS,
    CHROMIUM,
    WAIT_MS,
    WIDGET,
    console_log_in,
    conversation_of,
    open_widget,
    say,
    screenshot_folder,
    wait_rows,
)
from support.servers import SHOPDESK, serving

SHOP = "Linden & Clay"
ORDER, EMAIL = "HX1148", "ana.ruiz@example.com"  # shipped, in every demo store
AGENT_EMAIL, AGENT_NAME = "marta@lindenandclay.example", "Marta López"
PASSWORD = "a long enough password"
EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class DemoShop:
    base_url: str
    database_url: str


def open_all_week_policy() -> str:
    """The demo shop's policy, with the team at work every hour of every day."""
    demo = resources.files("shopdesk.store").joinpath("demo_policy.yml").read_text("utf-8")
    policy = yaml.safe_load(demo)
    policy["business_hours"] = {
        "timezone": "UTC",
        "days": dict.fromkeys(EVERY_DAY, "00:00-24:00"),
    }
    return yaml.safe_dump(policy, allow_unicode=True)


@pytest.fixture(scope="module")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoShop]:
    workdir = tmp_path_factory.mktemp("e2e")
    policy = workdir / "policy.yml"
    policy.write_text(open_all_week_policy(), encoding="utf-8")
    database_url = f"sqlite:///{workdir / 'shop.db'}"
    env = {
        **os.environ,
        "SHOPDESK_DATABASE_URL": database_url,
        "SHOPDESK_POLICY_PATH": str(policy),
    }
    # As a shop owner would: load the demo shop, add a console user, serve.
    for command in (
        [SHOPDESK, "demo", "--no-serve"],
        [SHOPDESK, "agents", "add", AGENT_EMAIL, "--name", AGENT_NAME],
    ):
        done = subprocess.run(
            command,
            env={**env, "SHOPDESK_AGENT_PASSWORD": PASSWORD},
            cwd=workdir,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    with serving(env, workdir, "demo", command="demo") as base_url:
        yield DemoShop(base_url=base_url, database_url=database_url)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        await launched.close()


async def new_page(browser: Browser, width: int = 1280) -> tuple[BrowserContext, Page]:
    """A browser context of its own: the shopper and the agent share no cookies or storage."""
    context = await browser.new_context(locale="en-GB", viewport={"width": width, "height": 860})
    return context, await context.new_page()


async def agent_on_the_queue(browser: Browser, shop: DemoShop) -> Page:
    """The agent logged in, on the queue page, its live connection up (which marks them online)."""
    _, page = await new_page(browser, width=1360)
    await console_log_in(page, shop.base_url, AGENT_EMAIL, PASSWORD)
    await expect(page.locator("#conn")).to_be_hidden()
    return page


async def ask_for_a_person(page: Page) -> None:
    await say(page, "I want to talk to a human")
    banner = page.locator(f"{WIDGET} .banner.queued")
    await banner.wait_for(timeout=WAIT_MS)
    assert "Waiting for a person" in await banner.inner_text()


async def claim_from_the_queue(
    page: Page, shop: DemoShop, conversation_id: str, shot: Path | None = None
) -> None:
    row = page.locator(f'tr[data-id="{conversation_id}"]')
    await row.wait_for(timeout=WAIT_MS)  # pushed to the open queue page, no reload
    if shot:
        await page.screenshot(path=str(shot), full_page=True)
    await row.get_by_role("button", name="Claim").click()
    await page.wait_for_url(f"{shop.base_url}/console/conversations/{conversation_id}")
    await expect(page.locator("#state-label")).to_have_text("With an agent")


async def stored_csat(database_url: str, conversation_id: str) -> list[tuple[int | None, str]]:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            query = select(Feedback).where(
                Feedback.kind == "csat", Feedback.conversation_id == conversation_id
            )
            rows = (await session.execute(query)).scalars()
            return [(row.rating, row.kind) for row in rows]
    finally:
        await engine.dispose()


def demo_shipment() -> dict[str, Any]:
    order = next(o for o in generate_demo_store()["orders"] if o["number"] == ORDER)
    return order["shipments"][0]  # type: ignore[no-any-return]


async def test_shopper_tracks_asks_for_a_person_is_answered_and_rates(
    demo_shop: DemoShop, browser: Browser, tmp_path: Path
) -> None:
    shots = screenshot_folder(tmp_path)
    agent = await agent_on_the_queue(browser, demo_shop)
    _, shopper = await new_page(browser)
    widget = shopper.locator(WIDGET)

    # The demo page, the widget opened, an order tracked with its number and email.
    await open_widget(shopper, demo_shop.base_url)
    assert await widget.locator("h2").inner_text() == SHOP
    await say(shopper, f"Where is my order {ORDER}?")
    await wait_rows(shopper, ".row.bot", 2)
    await say(shopper, EMAIL)
    card = widget.locator(".card")
    await card.wait_for(timeout=WAIT_MS)
    shipment = demo_shipment()
    card_text = await card.inner_text()
    assert ORDER in card_text and shipment["tracking_number"] in card_text
    assert "Shipped" in card_text

    await ask_for_a_person(shopper)
    conversation = await conversation_of(shopper)
    await claim_from_the_queue(
        agent, demo_shop, conversation["id"], shots / "e2e-console-queue.png"
    )
    await widget.get_by_text(f"{AGENT_NAME} joined the conversation").wait_for(timeout=WAIT_MS)
    # The console shows the order the shopper proved, with its tracking number.
    await expect(agent.locator(".orders")).to_contain_text(ORDER)
    await expect(agent.locator(".orders")).to_contain_text(shipment["tracking_number"])

    reply = "Hi Ana, I'm Marta. Your parcel is on its way; I'll keep an eye on it."
    await agent.fill("#reply-text", reply)
    await agent.press("#reply-text", "Enter")
    agent_row = widget.locator(".row.agent")
    await agent_row.wait_for(timeout=WAIT_MS)  # live, over the widget's socket
    assert await agent_row.locator(".bubble").inner_text() == reply
    assert AGENT_NAME in await agent_row.locator(".who").inner_text()
    await agent.locator(".msg.agent", has_text="on its way").wait_for(timeout=WAIT_MS)
    await shopper.screenshot(path=str(shots / "e2e-widget-agent-reply.png"))
    await agent.screenshot(path=str(shots / "e2e-console-conversation.png"), full_page=True)

    await agent.select_option("#close-reason", "resolved")
    await agent.get_by_role("button", name="Close conversation").click()
    await expect(agent.locator("#state-label")).to_have_text("Closed")
    stars = widget.locator(".csat .stars button")
    await stars.first.wait_for(timeout=WAIT_MS)
    assert await stars.count() == 5
    assert "closed" in await widget.locator(".banner").inner_text()
    await shopper.screenshot(path=str(shots / "e2e-widget-csat.png"))
    await stars.nth(4).click()
    await widget.get_by_text("Thank you for your rating!").wait_for(timeout=WAIT_MS)

    for _ in range(100):
        if await stored_csat(demo_shop.database_url, conversation["id"]):
            break
        await asyncio.sleep(0.1)
    assert await stored_csat(demo_shop.database_url, conversation["id"]) == [(5, "csat")]


async def test_agent_hands_a_conversation_back_to_the_bot(
    demo_shop: DemoShop, browser: Browser
) -> None:
    agent = await agent_on_the_queue(browser, demo_shop)
    _, shopper = await new_page(browser)
    widget = shopper.locator(WIDGET)
    await open_widget(shopper, demo_shop.base_url)
    await ask_for_a_person(shopper)
    conversation = await conversation_of(shopper)
    await claim_from_the_queue(agent, demo_shop, conversation["id"])
    await widget.get_by_text(f"{AGENT_NAME} joined the conversation").wait_for(timeout=WAIT_MS)

    await agent.get_by_role("button", name="Hand back to the bot").click()
    await expect(agent.locator("#state-label")).to_have_text("Bot")
    await widget.get_by_text("You are chatting with the assistant again.").wait_for(timeout=WAIT_MS)
    # The bot answers again: an order question is asked for its email, not left to a person.
    bots = await widget.locator(".row.bot").count()
    await say(shopper, f"Where is my order {ORDER}?")
    await wait_rows(shopper, ".row.bot", bots + 1)
    async with httpx.AsyncClient(base_url=demo_shop.base_url, timeout=30) as http:
        response = await http.get(
            f"/v1/conversations/{conversation['id']}",
            headers={"Authorization": f"Bearer {conversation['token']}"},
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == "bot"
    assert [m["role"] for m in body["messages"]][-2:] == ["customer", "bot"]
