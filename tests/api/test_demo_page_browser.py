"""The demo page in a real headless Chromium: a shopper tracks an order and asks for a human."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from api.conftest import LiveServer
from support.store_doc import order_by_status

CHROMIUM = os.environ.get("SHOPDESK_CHROMIUM", "/usr/bin/chromium")
# Screenshots go to a temporary folder unless SHOPDESK_SCREENSHOT_DIR names one (docs/ is
# refreshed that way by hand, after looking at them).
SCREENSHOT_DIR = os.environ.get("SHOPDESK_SCREENSHOT_DIR")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def test_shopper_tracks_an_order_on_the_demo_page(
    server: LiveServer, database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the page is the same on every backend; the browser runs once")
    shots = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    order = order_by_status("shipped")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(locale="es-ES", viewport={"width": 900, "height": 900})
        await page.goto(server.base_url + "/")
        log = page.locator("#log")
        await log.locator(".msg.bot").first.wait_for()
        assert "Test Shop" in await log.inner_text()

        await page.fill("#text", f"¿Dónde está mi pedido {order['number']}?")
        await page.press("#text", "Enter")
        await log.locator(".msg.bot").nth(1).wait_for()
        await page.fill("#text", order["customer_email"])
        await page.click("form button")
        card = log.locator(".card")
        await card.wait_for()
        card_text = await card.inner_text()
        assert order["shipments"][0]["tracking_number"] in card_text
        assert order["shipments"][0]["carrier"] in card_text
        await page.screenshot(path=str(shots / "demo-order-status.png"), full_page=True)

        await log.locator(".quick button").last.click()  # "Hablar con una persona"
        await page.wait_for_function("document.getElementById('state').textContent === 'queued'")
        await page.screenshot(path=str(shots / "demo-handoff.png"), full_page=True)
        await browser.close()
