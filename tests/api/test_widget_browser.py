"""The chat widget on the demo shop page, in a real headless Chromium, against a live server.

The server holds the demo store (``shopdesk demo``'s data), so the shopper tracks one of its
orders; a person answers through the handoff service, as the console does.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, Route, WebSocketRoute, async_playwright
from sqlalchemy import select

from api.conftest import LiveServer
from shopdesk.app import create_app
from shopdesk.handoff.principal import AgentPrincipal
from shopdesk.handoff.service import HandoffService
from shopdesk.kit.db import transaction
from shopdesk.models import Feedback, Message
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings
from shopdesk.store import import_document, parse_document
from shopdesk.store.demo import generate_demo_store
from support.browser import (
    ARGS,
    CHROMIUM,
    WAIT_MS,
    WIDGET,
    conversation_of,
    open_widget,
    say,
    screenshot_folder,
    serious_findings,
    wait_rows,
)
from support.servers import free_port, in_process

SHOP = "Linden & Clay"
ORDER, EMAIL = "HX1148", "ana.ruiz@example.com"  # shipped, in every demo store
# A shop's own site on another origin (another port), embedding the widget from the server.
STOREFRONT_PORT = free_port()
STOREFRONT = f"http://127.0.0.1:{STOREFRONT_PORT}"
MARTA = AgentPrincipal(id="marta", name="Marta López", role="agent")


@pytest.fixture(scope="module")
async def shop(
    database_url: str, nlu_pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LiveServer]:
    if not database_url.startswith("sqlite"):
        pytest.skip("the widget is the same on every backend; the browser runs once")
    db = tmp_path_factory.mktemp("widget") / "shop.db"
    settings = Settings(database_url=f"sqlite:///{db}", shop_name=SHOP, cors_origins=[STOREFRONT])
    app = create_app(settings, nlu=nlu_pipeline)
    async with in_process(app) as base_url:
        async with transaction(app.state.runtime.sessionmaker) as session:
            await import_document(session, parse_document(generate_demo_store()))
        yield LiveServer(app=app, base_url=base_url)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        await launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return screenshot_folder(tmp_path)


def demo_order() -> dict[str, Any]:
    orders = generate_demo_store()["orders"]
    return next(o for o in orders if o["number"] == ORDER)  # type: ignore[no-any-return]


async def shown(page: Page) -> list[dict[str, str]]:
    """Every message the widget shows: id, role and text, in order."""
    return await page.evaluate(  # type: ignore[no-any-return]
        """() => [...document.querySelector('shopdesk-chat').shadowRoot
                 .querySelectorAll('.row:not(.system)')].map(r => ({
             id: r.dataset.id || '', role: r.className.split(' ')[1],
             text: r.querySelector('.bubble').textContent}))"""
    )


async def transcript(base_url: str, conv: dict[str, str]) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        response = await client.get(
            f"/v1/conversations/{conv['id']}", headers={"Authorization": f"Bearer {conv['token']}"}
        )
    assert response.status_code == 200, response.text
    return response.json()["messages"]  # type: ignore[no-any-return]


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(200):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


async def stored_ratings(shop: LiveServer, kind: str, conversation_id: str) -> list[Feedback]:
    async with shop.app.state.runtime.sessionmaker() as session:
        query = select(Feedback).where(
            Feedback.kind == kind, Feedback.conversation_id == conversation_id
        )
        return list((await session.execute(query)).scalars())


@contextlib.contextmanager
def serve_page(body: bytes) -> Iterator[None]:
    """The storefront: one HTML page over real HTTP on its own port."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", STOREFRONT_PORT), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


async def test_widget_script_is_small_and_served(shop: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=shop.base_url) as client:
        script = await client.get("/widget.js")
        page = await client.get("/")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert 'customElements.define("shopdesk-chat"' in script.text
    assert len(gzip.compress(script.content, 9)) < 40 * 1024
    # The demo shop embeds it with one script tag and nothing else.
    assert page.text.count("<script") == 1 and 'src="/widget.js"' in page.text
    assert "Linden &amp; Clay" in page.text


async def test_shopper_tracks_an_order_rates_it_and_loses_nothing_on_reconnect(
    shop: LiveServer, browser: Browser, shots: Path
) -> None:
    order = demo_order()
    shipment = order["shipments"][0]
    context = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    # Every socket goes through the test, which can cut it and refuse reconnections for a while.
    sockets: list[WebSocketRoute] = []
    refuse = asyncio.Event()

    async def route(ws: WebSocketRoute) -> None:
        if refuse.is_set():
            await ws.close(code=1012, reason="restarting")
            return
        ws.connect_to_server()
        sockets.append(ws)

    await page.route_web_socket(re.compile(r"/ws\?"), route)
    await open_widget(page, shop.base_url)
    widget = page.locator(WIDGET)
    assert SHOP in await widget.locator(".row.bot").first.inner_text()
    assert await widget.locator("h2").inner_text() == SHOP

    await say(page, f"Where is my order {ORDER}?")
    await wait_rows(page, ".row.bot", 2)
    await say(page, EMAIL)
    card = widget.locator(".card")
    await card.wait_for(timeout=WAIT_MS)
    card_text = await card.inner_text()
    assert shipment["carrier"] in card_text and shipment["tracking_number"] in card_text
    assert "Shipped" in card_text and "Estimated delivery" in card_text
    link = card.locator("a")
    assert await link.get_attribute("href") == shipment["tracking_url"]
    answer_quick = widget.locator(".row.bot", has=page.locator(".card")).locator(".quick")
    assert "Talk to a person" in await answer_quick.inner_text()
    events = card.locator(".tl li")
    assert await events.count() == len(shipment["events"])
    # Newest first.
    assert shipment["events"][-1]["description"] in await events.first.inner_text()
    await page.screenshot(path=str(shots / "widget-desktop.png"))

    # Thumbs up on the answer with the card: stored once, against that answer.
    answer = widget.locator(".row.bot", has=page.locator(".card"))
    answer_id = await answer.get_attribute("data-id")
    conv = await conversation_of(page)
    await answer.locator(".rate button.up").click()
    assert await answer.locator(".rate button.up").get_attribute("aria-pressed") == "true"

    async def thumbs_up_stored() -> bool:
        rows = await stored_ratings(shop, "answer_rating", conv["id"])
        return [(r.rating, r.idempotency_key) for r in rows] == [(1, f"answer_rating:{answer_id}")]

    await eventually(thumbs_up_stored, "the thumbs up in the feedback table")

    # The connection drops and stays down for a while. Meanwhile the shopper writes in the
    # widget (kept in its outbox) and in another tab (only the server knows that one).
    refuse.set()
    await sockets[-1].close(code=1012, reason="restarting")
    await widget.locator(".conn").wait_for(timeout=WAIT_MS)
    await say(page, "Thank you!")
    async with httpx.AsyncClient(base_url=shop.base_url, timeout=30) as client:
        other_tab = await client.post(
            f"/v1/conversations/{conv['id']}/messages",
            json={"text": "Do you ship to Portugal?"},
            headers={"Authorization": f"Bearer {conv['token']}"},
        )
    assert other_tab.status_code == 200
    refuse.clear()

    async def caught_up() -> bool:
        server_side = await transcript(shop.base_url, conv)
        on_screen = await shown(page)
        return len(server_side) == len(on_screen) and all(row["id"] for row in on_screen)

    await eventually(caught_up, "the widget shows the whole transcript after reconnecting")
    server_side = await transcript(shop.base_url, conv)
    on_screen = await shown(page)
    assert [(m["id"], m["role"]) for m in server_side] == [(r["id"], r["role"]) for r in on_screen]
    assert [r["text"] for r in on_screen].count("Thank you!") == 1
    assert [r["text"] for r in on_screen].count("Do you ship to Portugal?") == 1
    assert len(sockets) >= 2  # it did reconnect over the WebSocket
    assert await widget.locator(".conn").is_hidden()

    await context.close()


async def test_a_person_joins_closes_and_the_shopper_rates(
    shop: LiveServer, browser: Browser, shots: Path
) -> None:
    context = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    await open_widget(page, shop.base_url)
    widget = page.locator(WIDGET)
    # A quick reply is a button: pressing it sends its label, and the buttons go away.
    quick = widget.locator(".quick button").first
    label = await quick.inner_text()
    await quick.focus()
    await page.keyboard.press("Enter")
    await wait_rows(page, ".row.bot", 2)
    assert [(r["role"], r["text"]) for r in await shown(page)][1] == ("customer", label)
    await say(page, "I want to talk to a human")
    await widget.locator(".banner.queued").wait_for(timeout=WAIT_MS)
    assert "Waiting for a person" in await widget.locator(".banner").inner_text()
    conv = await conversation_of(page)

    handoff = HandoffService(shop.app.state.runtime)
    await handoff.claim(conv["id"], MARTA)
    await handoff.typing(conv["id"], MARTA)
    await widget.get_by_text("Marta López is typing…").wait_for(timeout=WAIT_MS)
    # The shopper closes the panel; the answer shows as a count on the launcher.
    await page.keyboard.press("Escape")
    await handoff.agent_reply(conv["id"], MARTA, "Hi, I'm Marta. How can I help?", None)
    launcher = widget.locator(".launch")
    await widget.locator(".launch .badge-n").wait_for(timeout=WAIT_MS)
    assert await widget.locator(".launch .badge-n").inner_text() == "1"
    assert await launcher.get_attribute("aria-label") == "Chat with us (1 new)"
    await launcher.click()
    assert await widget.locator(".launch .badge-n").is_hidden()
    agent_row = widget.locator(".row.agent")
    await agent_row.wait_for(timeout=WAIT_MS)
    assert await agent_row.locator(".av").inner_text() == "ML"  # initials: no avatar given
    assert "Marta López" in await agent_row.locator(".who").inner_text()
    assert "Marta López joined" in await widget.locator(".banner").inner_text()
    assert await agent_row.locator(".rate").count() == 0  # thumbs are for the bot's answers

    assert await widget.locator(".typing").is_hidden()
    await page.screenshot(path=str(shots / "widget-agent.png"))
    await handoff.close(conv["id"], MARTA, "resolved")
    stars = widget.locator(".csat .stars button")
    await stars.first.wait_for(timeout=WAIT_MS)
    assert await stars.count() == 5
    assert await serious_findings(page) == []  # with the agent's message and the CSAT question
    await stars.nth(3).focus()
    await page.keyboard.press("Enter")
    await widget.get_by_text("Thank you for your rating!").wait_for(timeout=WAIT_MS)

    async def csat_stored() -> bool:
        rows = await stored_ratings(shop, "csat", conv["id"])
        return [(r.rating, r.conversation_id) for r in rows] == [(4, conv["id"])]

    await eventually(csat_stored, "the CSAT score in the feedback table")

    # A reload resumes the same conversation, closed, already rated.
    await page.reload()
    await widget.locator(".row.agent").wait_for(timeout=WAIT_MS)
    assert (await conversation_of(page))["id"] == conv["id"]
    assert await widget.locator(".csat").count() == 0
    assert "closed" in await widget.locator(".banner").inner_text()
    await context.close()


async def test_mobile_spanish_keyboard_and_axe(
    shop: LiveServer, browser: Browser, shots: Path
) -> None:
    context = await browser.new_context(
        locale="es-ES", viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True
    )
    page = await context.new_page()
    await page.goto(shop.base_url + "/")
    launcher = page.locator(f"{WIDGET} .launch")
    assert await launcher.get_attribute("aria-label") == "Habla con nosotros"
    # Keyboard only: tab to the launcher, open it, the message field has focus.
    await launcher.focus()
    await page.keyboard.press("Enter")
    widget = page.locator(WIDGET)
    await widget.locator(".row.bot").first.wait_for(timeout=WAIT_MS)
    focused = await page.evaluate(
        "document.querySelector('shopdesk-chat').shadowRoot.activeElement.id"
    )
    assert focused == "i"
    box = await widget.locator(".panel").bounding_box()
    assert box is not None and box["width"] == 390 and box["height"] == 780  # full screen
    assert await widget.locator("input").get_attribute("placeholder") == "Escribe tu mensaje…"
    await say(page, f"¿Dónde está mi pedido {ORDER}?")
    await wait_rows(page, ".row.bot", 2)
    await say(page, EMAIL)
    await widget.locator(".card").wait_for(timeout=WAIT_MS)
    assert "Enviado" in await widget.locator(".card .badge").inner_text()
    await page.screenshot(path=str(shots / "widget-mobile.png"))

    results = await Axe().run(page, options={"resultTypes": ["violations", "passes"]})
    assert await serious_findings(page) == []
    # axe looked inside the shadow root: it checked the widget's own nodes.
    inside = {
        p["id"]
        for p in results.response["passes"]
        for node in p["nodes"]
        if isinstance(node["target"][0], list) and node["target"][0][0] == WIDGET
    }
    assert {"button-name", "color-contrast", "label", "aria-allowed-attr"} <= inside

    # The shop's colour, from an attribute.
    await page.evaluate(
        "document.querySelector('shopdesk-chat').setAttribute('brand-color', '#7a2e0e')"
    )
    header = await widget.locator("header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header == "rgb(122, 46, 14)"

    # Escape closes the panel and gives the focus back to the launcher.
    await page.keyboard.press("Escape")
    assert await widget.locator(".panel").is_hidden()
    focused = await page.evaluate(
        "document.querySelector('shopdesk-chat').shadowRoot.activeElement.className"
    )
    assert focused == "launch"
    await context.close()


async def test_http_fallback_when_websockets_are_blocked(
    shop: LiveServer, browser: Browser
) -> None:
    context = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = await context.new_page()

    async def refuse(ws: WebSocketRoute) -> None:
        await ws.close(code=1011, reason="blocked")

    await page.route_web_socket(re.compile(r"/ws\?"), refuse)
    await open_widget(page, shop.base_url)
    widget = page.locator(WIDGET)
    await say(page, f"Where is my order {ORDER}?")
    await wait_rows(page, ".row.bot", 2)
    await say(page, EMAIL)
    await widget.locator(".card").wait_for(timeout=WAIT_MS)
    conv = await conversation_of(page)

    async def caught_up() -> bool:
        on_screen = await shown(page)
        return len(await transcript(shop.base_url, conv)) == len(on_screen) and all(
            r["id"] for r in on_screen
        )

    # The polled transcript gives the customer messages their ids, without showing them twice.
    await eventually(caught_up, "the transcript and the widget agree")
    answer = widget.locator(".row.bot").last
    await answer.locator(".rate button.dn").click()

    async def thumbs_down_stored() -> bool:
        rows = await stored_ratings(shop, "answer_rating", conv["id"])
        return [r.rating for r in rows] == [-1]

    await eventually(thumbs_down_stored, "the thumbs down sent over HTTP")
    await context.close()


async def test_a_storefront_on_another_origin_embeds_the_widget(
    shop: LiveServer, browser: Browser
) -> None:
    context = await browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    storefront = (
        '<!doctype html><html lang="de"><head><title>Storefront</title></head><body><main>'
        "<h1>Storefront</h1></main>"
        f'<script src="{shop.base_url}/widget.js" data-chat-title="Hilfe"></script></body></html>'
    )
    with serve_page(storefront.encode()):
        await _chat_from_the_storefront(page, shop)
    await context.close()


async def _chat_from_the_storefront(page: Page, shop: LiveServer) -> None:
    await page.goto(STOREFRONT + "/")
    widget = page.locator(WIDGET)
    await widget.locator(".launch").click()
    await widget.locator(".row.bot").first.wait_for(timeout=WAIT_MS)
    assert await widget.locator("h2").inner_text() == "Hilfe"
    assert await widget.locator("input").get_attribute("placeholder") == "Nachricht schreiben…"
    await say(page, f"Wo ist meine Bestellung {ORDER}?")
    await wait_rows(page, ".row.bot", 2)
    # The script's origin is the server: API calls and the socket went there, across origins.
    conv = await conversation_of(page)
    messages = await transcript(shop.base_url, conv)
    assert [m["role"] for m in messages] == ["bot", "customer", "bot"]
    assert messages[0]["locale"] == "de"


async def test_a_message_typed_offline_survives_a_reload(
    shop: LiveServer, browser: Browser
) -> None:
    context = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    # Every socket and message POST goes through the test, which can cut them off.
    down = asyncio.Event()

    async def sockets(ws: WebSocketRoute) -> None:
        if down.is_set():
            await ws.close(code=1011, reason="down")
        else:
            ws.connect_to_server()

    async def posts(route: Route) -> None:
        await (route.abort() if down.is_set() else route.continue_())

    await page.route_web_socket(re.compile(r"/ws\?"), sockets)
    await page.route(re.compile(r"/messages$"), posts)
    await open_widget(page, shop.base_url)
    widget = page.locator(WIDGET)
    conv = await conversation_of(page)

    # Cut off: the socket drops, reconnections are refused, posts fail at the network level.
    down.set()
    await page.evaluate("document.querySelector('shopdesk-chat').ws.close()")
    await say(page, "Is my parcel insured?")
    assert await widget.locator(".row.customer.pending").count() == 1
    outbox = await page.evaluate(
        "JSON.parse(sessionStorage.getItem(document.querySelector('shopdesk-chat').key)).outbox"
    )
    assert [item["text"] for item in outbox] == ["Is my parcel insured?"]
    await asyncio.sleep(3)  # long enough for the HTTP fallback to try, and fail
    texts = [m["text"] for m in await transcript(shop.base_url, conv)]
    assert "Is my parcel insured?" not in texts

    # Back online after a reload: the message goes out once, with its first client id.
    down.clear()
    await page.reload()

    async def delivered() -> bool:
        texts = [m["text"] for m in await transcript(shop.base_url, conv)]
        return texts.count("Is my parcel insured?") == 1

    await eventually(delivered, "the outbox message stored after the reload")
    async with shop.app.state.runtime.sessionmaker() as session:
        query = select(Message.client_id).where(
            Message.conversation_id == conv["id"], Message.text == "Is my parcel insured?"
        )
        assert list((await session.execute(query)).scalars()) == [outbox[0]["client_id"]]
    await widget.locator(".row.bot").nth(1).wait_for(timeout=WAIT_MS)
    on_screen = [r["text"] for r in await shown(page)]
    assert on_screen.count("Is my parcel insured?") == 1
    assert await widget.locator(".row.customer.pending").count() == 0
    await context.close()
