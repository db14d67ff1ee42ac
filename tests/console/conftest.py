"""The app in-process (ASGI) over a real database, with agents and a queued conversation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.agents.service import AgentService
from shopdesk.app import create_app
from shopdesk.handoff.service import HandoffService
from shopdesk.kit.ratelimit import MemoryCounter
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings
from support.forms import hidden_field

PASSWORD = "a long enough password"
BASE = "http://console.test"


@pytest.fixture(scope="session")
def console_nlu() -> Pipeline:
    return load_pipeline(Settings())


@pytest.fixture(scope="session")
async def _console_app(database_url: str, console_nlu: Pipeline) -> AsyncIterator[FastAPI]:
    settings = Settings(database_url=database_url, shop_name="Test Shop")
    app = create_app(settings, nlu=console_nlu)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def console_app(_console_app: FastAPI, engine: AsyncEngine) -> FastAPI:
    """The app over empty tables, with fresh login counters."""
    _console_app.state.runtime.counter = MemoryCounter()
    return _console_app


def agents(app: FastAPI) -> AgentService:
    runtime = app.state.runtime
    return AgentService(runtime.sessionmaker, runtime.settings, runtime.counter)


@dataclass
class Team:
    agent: Any
    supervisor: Any


@pytest.fixture
async def team(console_app: FastAPI) -> Team:
    agent, _ = await agents(console_app).create("ann@example.com", PASSWORD, "agent", name="Ann")
    boss, _ = await agents(console_app).create(
        "sam@example.com", PASSWORD, "supervisor", name="Sam"
    )
    return Team(agent=agent, supervisor=boss)


def client_for(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


@pytest.fixture
async def anon(console_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(console_app) as client:
        yield client


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    page = await client.get("/console/login")
    return await client.post(
        "/console/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": hidden_field(page.text, "csrf_token"),
        },
    )


@pytest.fixture
async def ann(console_app: FastAPI, team: Team) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(console_app) as client:
        response = await log_in(client, "ann@example.com")
        assert response.status_code == 303
        yield client


@pytest.fixture
async def sam(console_app: FastAPI, team: Team) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(console_app) as client:
        response = await log_in(client, "sam@example.com")
        assert response.status_code == 303
        yield client


async def queued_conversation(app: FastAPI, text: str = "Hello there") -> str:
    """A shopper's conversation (over the public API) put in the queue."""
    async with client_for(app) as client:
        created = (await client.post("/v1/conversations", json={"locale": "en"})).json()
        await client.post(
            f"/v1/conversations/{created['id']}/messages",
            json={"text": text},
            headers={"Authorization": f"Bearer {created['token']}"},
        )
    service = HandoffService(app.state.runtime)
    conversation = await service.request(created["id"], reason="fraud", priority=85)
    assert conversation.state == "queued"
    return str(created["id"])
