"""Shared pieces of the browser tests: headless Chromium, the chat widget and the console login.

The widget lives in a shadow root, so its helpers query through ``shopdesk-chat``.
"""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

CHROMIUM = os.environ.get("SHOPDESK_CHROMIUM", "/usr/bin/chromium")
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
WAIT_MS = 20_000
WIDGET = "shopdesk-chat"


def screenshot_folder(default: Path) -> Path:
    """``default`` (a temporary folder) unless SHOPDESK_SCREENSHOT_DIR names one: docs/screenshots
    is refreshed that way by hand, after looking at them."""
    chosen = os.environ.get("SHOPDESK_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else default
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def serious_findings(page: Page) -> list[str]:
    """axe-core over the whole page (open shadow roots included): serious and critical only."""
    results = await Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


async def open_widget(page: Page, base_url: str) -> None:
    """The demo page at ``/``, the launcher pressed, the greeting shown."""
    await page.goto(base_url + "/")
    await page.locator(f"{WIDGET} .launch").click()
    await page.locator(f"{WIDGET} .row.bot").first.wait_for(timeout=WAIT_MS)


async def say(page: Page, text: str) -> None:
    await page.locator(f"{WIDGET} input").fill(text)
    await page.locator(f"{WIDGET} input").press("Enter")


async def wait_rows(page: Page, selector: str, count: int) -> None:
    """Until the widget shows at least ``count`` rows matching ``selector``."""
    await page.wait_for_function(
        """([sel, n]) => document.querySelector('shopdesk-chat').shadowRoot
             .querySelectorAll(sel).length >= n""",
        arg=[selector, count],
        timeout=WAIT_MS,
    )


async def conversation_of(page: Page) -> dict[str, str]:
    """The widget's conversation (id and customer token), from its session storage."""
    stored = await page.evaluate(
        "JSON.parse(sessionStorage.getItem(document.querySelector('shopdesk-chat').key)).conv"
    )
    assert stored and stored["id"] and stored["token"]
    return stored  # type: ignore[no-any-return]


async def console_log_in(page: Page, base: str, email: str, password: str) -> None:
    """Through the console's login form, as a person does; ends on the queue page."""
    await page.goto(base + "/console")
    assert "/console/login" in page.url
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(base + "/console")
