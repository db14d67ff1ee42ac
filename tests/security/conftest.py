"""The security suite's shop: the real app over a real SQLite file holding the demo store.

One app per test session (its lifespan runs on the session's event loop). Tests reach it two
ways: in-process through ``httpx.ASGITransport`` (fast, and each client can claim its own
address, so "one attacker" and "many shoppers" are both possible), and over real HTTP and
WebSockets through uvicorn on 127.0.0.1 (headers as a server sends them, sockets). Rate-limit
counters start fresh for every test. Agents of every role exist, one of them with TOTP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.conftest import nlu_pipeline
from shopdesk.agents.service import AgentService
from shopdesk.app import create_app
from shopdesk.kit.db import transaction
from shopdesk.kit.ratelimit import MemoryCounter
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings
from shopdesk.store import generate_demo_store, import_document, parse_document
from support.servers import in_process

__all__ = ["nlu_pipeline"]

WIDGET_ORIGIN = "https://shop.example"
# Values that must never show up in a reply, a log line or an error body.
AGENT_KEY = "agent-key-5f0c1e9a7b"
TOKEN_SECRET = "customer-token-secret-3d8e2b"
INVOICE_SECRET = "invoice-link-secret-a41c77"
PASSWORD = "correct horse battery staple 42"
ROLES = ("agent", "supervisor", "admin")
ATTACKER = "203.0.113.66"  # one client address (TEST-NET-3)


def email_of(role: str) -> str:
    return f"{role}@desk.example"


@dataclass
class Shop:
    app: FastAPI
    settings: Settings
    document: dict[str, Any]
    base_url: str  # uvicorn on 127.0.0.1
    totp_uri: str  # of the agent "totp@desk.example" (role agent)

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://")

    def client(self, address: str = "192.0.2.10") -> httpx.AsyncClient:
        """An in-process client whose requests come from ``address``."""
        transport = httpx.ASGITransport(app=self.app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://shopdesk.test", timeout=30)

    def agents(self) -> AgentService:
        runtime = self.app.state.runtime
        return AgentService(runtime.sessionmaker, runtime.settings, runtime.counter)


def demo_policy() -> Path:
    return Path(str(resources.files("shopdesk.store").joinpath("demo_policy.yml")))


@pytest.fixture(scope="session")
async def _shop(
    tmp_path_factory: pytest.TempPathFactory, nlu_pipeline: Pipeline
) -> AsyncIterator[Shop]:
    database = tmp_path_factory.mktemp("security") / "shopdesk.db"
    settings = Settings(
        database_url=f"sqlite:///{database}",
        agent_api_key=AGENT_KEY,
        customer_token_secret=TOKEN_SECRET,
        invoice_link_secret=INVOICE_SECRET,
        cors_origins=[WIDGET_ORIGIN],
        policy_path=demo_policy(),
        shop_name="Linden & Clay",
    )
    app = create_app(settings, nlu=nlu_pipeline)
    document = generate_demo_store()
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        async with transaction(runtime.sessionmaker) as session:
            await import_document(session, parse_document(document))
        service = AgentService(runtime.sessionmaker, runtime.settings, runtime.counter)
        for role in ROLES:
            await service.create(email_of(role), PASSWORD, role, name=role.title())
        _, uri = await service.create("totp@desk.example", PASSWORD, "agent", totp=True)
        assert uri is not None
        async with in_process(app, lifespan="off") as base_url:
            yield Shop(app, settings, document, base_url, uri)


@pytest.fixture
def shop(_shop: Shop) -> Shop:
    """The shop with fresh rate-limit counters (message limits, verification, logins)."""
    _shop.app.state.runtime.counter = MemoryCounter()
    return _shop


@pytest.fixture
def limits(shop: Shop) -> Iterator[Any]:
    """Change settings of the running app for one test: ``limits(messages_per_...=5)``."""
    runtime = shop.app.state.runtime
    original = runtime.settings

    def change(**updates: Any) -> None:
        runtime.settings = original.model_copy(update=updates)

    yield change
    runtime.settings = original


class Chat:
    """One shopper's conversation over the HTTP API (in-process)."""

    def __init__(self, client: httpx.AsyncClient, created: dict[str, Any]) -> None:
        self.client = client
        self.id: str = created["id"]
        self.token: str = created["token"]

    @classmethod
    async def open(cls, client: httpx.AsyncClient, **body: Any) -> Chat:
        response = await client.post("/v1/conversations", json={"locale": "en", **body})
        assert response.status_code == 201, response.text
        return cls(client, response.json())

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def post(self, text: str) -> httpx.Response:
        return await self.client.post(
            f"/v1/conversations/{self.id}/messages", json={"text": text}, headers=self.auth
        )

    async def say(self, text: str) -> list[dict[str, Any]]:
        """The bot's messages in answer to ``text``."""
        response = await self.post(text)
        assert response.status_code == 200, response.text
        return list(response.json()["messages"])


@pytest.fixture
async def client(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    async with shop.client() as c:
        yield c
