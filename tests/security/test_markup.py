"""Markup a shopper types is data everywhere it goes: the chat API returns it as JSON text, the
widget puts server text into the page only as text, and the console escapes it for agents."""

from __future__ import annotations

import re
from importlib import resources

import httpx

from security.conftest import Chat, Shop
from security.people import log_in, queued_chat

WIDGET = (resources.files("shopdesk") / "web" / "widget.js").read_text(encoding="utf-8")
ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)> where is HX1148?"


def test_the_widget_puts_server_text_in_the_page_as_text_only() -> None:
    # HTML is parsed only from the widget's own constants: its stylesheet and icons.
    assignments = re.findall(r"innerHTML\s*=\s*([^;]+);", WIDGET)
    assert len(assignments) >= 3  # the shadow DOM's frame and two icons
    for assignment in assignments:
        interpolated = re.findall(r"\$\{([^}]+)\}", assignment)
        assert all(re.fullmatch(r"STYLE|ICON\.\w+", name) for name in interpolated), assignment
        if not interpolated:
            assert re.fullmatch(r"ICON\.\w+", assignment.strip()), assignment
    for sink in ("insertAdjacentHTML", "outerHTML", "document.write", "eval(", "new Function"):
        assert sink not in WIDGET, sink
    # Message text becomes text nodes; links only for http(s) addresses.
    assert "e.textContent = text" in WIDGET
    assert re.search(r"URL_RE = /\(https\?:", WIDGET)
    assert "/^https?:/.test(c.tracking_url)" in WIDGET
    assert "/^https?:/.test(a.avatar_url)" in WIDGET


async def test_markup_comes_back_as_json_text(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    replies = await chat.say(ATTACK)
    assert all("<" not in m["text"] for m in replies)  # the bot never repeats it
    transcript = await client.get(f"/v1/conversations/{chat.id}", headers=chat.auth)
    assert transcript.headers["content-type"] == "application/json"
    assert transcript.headers["x-content-type-options"] == "nosniff"
    assert ATTACK in [m["text"] for m in transcript.json()["messages"]]  # kept as written


async def test_agents_see_the_shoppers_markup_escaped(
    shop: Shop, client: httpx.AsyncClient
) -> None:
    chat = await queued_chat(shop, client)
    await chat.post(ATTACK)  # stored while the conversation waits for a person
    async with await log_in(shop, "supervisor") as supervisor:
        pages = [
            await supervisor.client.get(f"/console/conversations/{chat.id}"),
            await supervisor.client.get("/console/queue/fragment"),
            await supervisor.client.get("/console"),
        ]
    conversation = pages[0]
    assert conversation.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in conversation.text
    for page in pages:
        assert "<script>alert(1)" not in page.text
        assert "<img src=x" not in page.text
