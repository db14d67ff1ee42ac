"""A real shopdesk server (uvicorn, real HTTP on 127.0.0.1) per database backend.

The server is started once per backend; each test starts from empty tables, a freshly imported
test store and fresh rate-limit counters.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.app import create_app
from shopdesk.kit.db import create_sessionmaker, transaction
from shopdesk.kit.ratelimit import MemoryCounter
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings
from shopdesk.store import import_document, parse_document
from support.servers import in_process
from support.store_doc import store_document

AGENT_KEY = "test-agent-key"
TOKEN_SECRET = "test-customer-token-secret"


@pytest.fixture(scope="session")
def nlu_pipeline() -> Pipeline:
    # What `shopdesk serve` runs: the built-in model, from the cache when this machine has one.
    return load_pipeline(Settings())


@dataclass
class LiveServer:
    app: FastAPI
    base_url: str

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://")


@pytest.fixture(scope="session")
async def live_server(database_url: str, nlu_pipeline: Pipeline) -> AsyncIterator[LiveServer]:
    settings = Settings(
        database_url=database_url,
        agent_api_key=AGENT_KEY,
        customer_token_secret=TOKEN_SECRET,
        shop_name="Test Shop",
    )
    app = create_app(settings, nlu=nlu_pipeline)
    async with in_process(app) as base_url:
        yield LiveServer(app=app, base_url=base_url)


@pytest.fixture
async def server(live_server: LiveServer, engine: AsyncEngine) -> LiveServer:
    """The live server over empty tables plus the test store; counters reset."""
    async with transaction(create_sessionmaker(engine)) as session:
        await import_document(session, parse_document(store_document()))
    live_server.app.state.runtime.counter = MemoryCounter()
    return live_server


@pytest.fixture
async def client(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as c:
        yield c


class Chat:
    """One shopper's conversation over the HTTP API."""

    def __init__(self, client: httpx.AsyncClient, created: dict[str, Any]) -> None:
        self.client = client
        self.id: str = created["id"]
        self.token: str = created["token"]
        self.created = created

    @classmethod
    async def open(cls, client: httpx.AsyncClient, **body: Any) -> Chat:
        response = await client.post("/v1/conversations", json=body)
        assert response.status_code == 201, response.text
        return cls(client, response.json())

    async def say(self, text: str, **headers: str) -> dict[str, Any]:
        response = await self.client.post(
            f"/v1/conversations/{self.id}/messages",
            json={"text": text},
            headers={"Authorization": f"Bearer {self.token}", **headers},
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def reply_text(self, text: str) -> str:
        body = await self.say(text)
        return "\n".join(m["text"] for m in body["messages"])

    async def transcript(self) -> dict[str, Any]:
        response = await self.client.get(
            f"/v1/conversations/{self.id}", headers={"Authorization": f"Bearer {self.token}"}
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def open_chat(client: httpx.AsyncClient):  # type: ignore[no-untyped-def]
    async def _open(**body: Any) -> Chat:
        return await Chat.open(client, **body)

    return _open
