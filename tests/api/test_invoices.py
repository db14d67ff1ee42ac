"""Invoices over the real server: the bot's link downloads the PDF; bad links get a clear 404."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
from pypdf import PdfReader

from api.conftest import Chat, LiveServer
from shopdesk.invoices.links import link_secret, sign_invoice_token

URL = re.compile(r"https?://\S+/v1/invoices/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def sign(server: LiveServer, order_key: str, locale: str, expires_at: datetime) -> str:
    secret = link_secret(server.app.state.runtime.settings)
    return sign_invoice_token(secret, order_key, locale, expires_at)


async def invoice_link(client: httpx.AsyncClient, text: str) -> str:
    chat = await Chat.open(client)
    reply = await chat.reply_text(text)
    found = URL.search(reply)
    assert found, reply
    # The link is built on SHOPDESK_PUBLIC_URL; the test server listens elsewhere.
    return urlsplit(found.group(0)).path


async def test_the_link_from_the_chat_downloads_the_invoice(client: httpx.AsyncClient) -> None:
    path = await invoice_link(
        client, "I need the invoice for order TS5003, my email is buyer3@example.com"
    )
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="invoice-TS5003.pdf"'
    assert "no-store" in response.headers["cache-control"]
    text = text_of(response.content)
    for fact in ("Test Shop", "Invoice", "TS5003", "buyer3@example.com", "Stoneware mug"):
        assert fact in text, fact
    assert "€36.00" in text and "November 1, 2026" in text


async def test_the_invoice_is_in_the_conversations_language(client: httpx.AsyncClient) -> None:
    path = await invoice_link(
        client, "Ich brauche die Rechnung für meine Bestellung TS5005, E-Mail buyer5@example.com"
    )
    text = text_of((await client.get(path)).content)
    assert "Rechnung" in text and "36,00\u00a0€" in text and "1. November 2026" in text


async def test_a_tampered_link_is_404(client: httpx.AsyncClient) -> None:
    path = await invoice_link(client, "invoice for TS5001 please, buyer1@example.com")
    head, signature = path.rsplit(".", 1)
    forged = f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    response = await client.get(forged)
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "This invoice link is not valid."}
    }
    garbage = await client.get("/v1/invoices/nonsense")
    assert garbage.status_code == 404 and garbage.json()["error"]["code"] == "not_found"


async def test_an_expired_link_is_404_and_says_so(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    token = sign(server, "TS5003", "en", datetime.now(UTC) - timedelta(seconds=1))
    response = await client.get(f"/v1/invoices/{token}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found" and "expired" in error["message"]


async def test_a_genuine_link_to_an_unpaid_or_unknown_order_is_404(
    server: LiveServer, client: httpx.AsyncClient
) -> None:
    later = datetime.now(UTC) + timedelta(hours=1)
    for order_key in ("TS5000", "TS5010", "NOPE1"):
        response = await client.get(f"/v1/invoices/{sign(server, order_key, 'en', later)}")
        assert response.status_code == 404, order_key
        assert response.json()["error"]["message"] == "There is no invoice for this link."


async def test_no_link_for_an_unpaid_order(client: httpx.AsyncClient) -> None:
    chat = await Chat.open(client)
    reply = await chat.reply_text("can you send me the invoice for TS5000? buyer0@example.com")
    assert "hasn't been paid yet" in reply and "/v1/invoices/" not in reply
