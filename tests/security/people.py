"""Who talks to the shop in these tests: console agents (logged in through the login form) and
shoppers whose conversation is waiting for a person."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from security.conftest import PASSWORD, Chat, Shop, email_of
from shopdesk.handoff.service import HandoffService
from support.forms import hidden_field, page_csrf


@dataclass
class Console:
    """A browser logged in to the console: its cookie jar and its session's CSRF token."""

    client: httpx.AsyncClient
    csrf: str

    async def api(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        """The agent API the way the console's scripts call it: cookie plus X-CSRF-Token."""
        headers = {"X-CSRF-Token": self.csrf}
        return await self.client.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]

    async def __aenter__(self) -> Console:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.client.aclose()


async def submit_login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    page = await client.get("/console/login")
    fields = {
        "email": email,
        "password": password,
        "csrf_token": hidden_field(page.text, "csrf_token"),
    }
    return await client.post("/console/login", data=fields)


async def log_in(shop: Shop, role: str, address: str = "198.51.100.7") -> Console:
    client = shop.client(address)
    response = await submit_login(client, email_of(role), PASSWORD)
    assert response.status_code == 303, response.text
    page = await client.get("/console")
    assert page.status_code == 200
    return Console(client, page_csrf(page.text))


async def queued_chat(shop: Shop, client: httpx.AsyncClient) -> Chat:
    """A shopper's conversation waiting for a person."""
    chat = await Chat.open(client)
    await chat.say("Hello, I have a question")
    await HandoffService(shop.app.state.runtime).request(chat.id, reason="customer_request")
    return chat
