"""Secrets are never logged. One run through everything that handles them (a shopper verifying an
order on Shopify, an agent logging in with a password and a TOTP code, the agent API key, a
Shopify token the platform refuses) with every log record kept at DEBUG: in-process through
``caplog``, and as ``shopdesk serve`` in its own process with its whole output kept. Neither may
contain a password, TOTP secret or code, access token, conversation token, session cookie,
database password or the shopper's email.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest

from security.conftest import AGENT_KEY, PASSWORD, TOKEN_SECRET
from shopdesk.agents.service import AgentService
from shopdesk.app import create_app
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings
from support.fake_shopify import TOKEN as SHOPIFY_TOKEN
from support.fake_shopify import FakeShopify, serve, shopify_order
from support.forms import hidden_field
from support.pg import scratch_database
from support.servers import SHOPDESK, serving

SHOPPER_EMAIL = "ana@example.com"  # on the fake Shopify's order #1001
AGENT_EMAIL = "totp-agent@desk.example"
DB_PASSWORD = "db-pass-9f3k2q"


@dataclass
class Seen:
    """The secret values one run handled."""

    values: dict[str, str] = field(default_factory=dict)

    def assert_absent_from(self, log: str) -> None:
        assert log.strip(), "nothing was logged: the check would prove nothing"
        found = {name: value for name, value in self.values.items() if value and value in log}
        assert not found, f"logged: {sorted(found)}"


@pytest.fixture(scope="module")
def fake_shopify() -> Iterator[tuple[FakeShopify, str]]:
    fake = FakeShopify()
    fake.add(shopify_order(450789469, "#1001"))
    with serve(fake.app) as url:
        yield fake, url
        fake.reset()


def connector_file(directory: Path, shop_url: str) -> Path:
    path = directory / "connector.json"
    config = {"shop_url": shop_url, "access_token": SHOPIFY_TOKEN, "read_timeout": 2}
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def totp_secret(uri: str) -> str:
    return parse_qs(urlsplit(uri).query)["secret"][0]


async def the_run(client: httpx.AsyncClient, secret: str, fake: FakeShopify) -> Seen:
    """Everything that touches a secret, over ``client``; the values it handled."""
    seen = Seen({"password": PASSWORD, "totp secret": secret, "shopify token": SHOPIFY_TOKEN})
    seen.values |= {"agent key": AGENT_KEY, "token secret": TOKEN_SECRET, "email": SHOPPER_EMAIL}
    created = (await client.post("/v1/conversations", json={"locale": "en"})).json()
    seen.values["conversation token"] = created["token"]
    auth = {"Authorization": f"Bearer {created['token']}"}
    url = f"/v1/conversations/{created['id']}/messages"
    answer = await client.post(
        url, json={"text": f"where is order #1001? {SHOPPER_EMAIL}"}, headers=auth
    )
    assert answer.status_code == 200 and answer.json()["messages"][0]["card"], answer.text
    fake.faults.fail(401)  # the platform now refuses the token: logged as a credentials problem
    await client.post(url, json={"text": "and where is order #1002?"}, headers=auth)
    fake.faults.reset()
    page = await client.get("/console/login")
    fields = {"email": AGENT_EMAIL, "password": "a wrong password", "csrf_token": ""}
    fields["csrf_token"] = hidden_field(page.text, "csrf_token")
    assert (await client.post("/console/login", data=fields)).status_code == 401
    page = await client.get("/console/login")
    fields |= {"password": PASSWORD, "csrf_token": hidden_field(page.text, "csrf_token")}
    half = await client.post("/console/login", data=fields)
    assert half.status_code == 303, half.text
    seen.values["half session"] = client.cookies["shopdesk_console"]
    code_page = await client.get("/console/login/code")
    code = pyotp.TOTP(secret).now()
    seen.values["totp code"] = code
    done = await client.post(
        "/console/login/code",
        data={"code": code, "csrf_token": hidden_field(code_page.text, "csrf_token")},
    )
    assert done.status_code == 303, done.text
    seen.values["session cookie"] = client.cookies["shopdesk_console"]
    assert (await client.get("/v1/agent/queue")).status_code == 200
    api = await client.get("/v1/agent/queue", headers={"Authorization": f"Bearer {AGENT_KEY}"})
    assert api.status_code == 200
    return seen


@pytest.fixture
async def shopify_app(
    tmp_path: Path, nlu_pipeline: Pipeline, fake_shopify: tuple[FakeShopify, str]
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'shop.db'}",
        connector="shopify",
        connector_config=connector_file(tmp_path, fake_shopify[1]),
        agent_api_key=AGENT_KEY,
        customer_token_secret=TOKEN_SECRET,
        log_level="DEBUG",
    )
    app = create_app(settings, nlu=nlu_pipeline)
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        service = AgentService(runtime.sessionmaker, runtime.settings, runtime.counter)
        _, uri = await service.create(AGENT_EMAIL, PASSWORD, "agent", totp=True)
        assert uri is not None
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://desk.test") as client:
            yield client, totp_secret(uri)


async def test_nothing_secret_in_the_logs_in_process(
    shopify_app: tuple[httpx.AsyncClient, str],
    fake_shopify: tuple[FakeShopify, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, secret = shopify_app
    with caplog.at_level(logging.DEBUG):
        seen = await the_run(client, secret, fake_shopify[0])
    seen.assert_absent_from(caplog.text)
    assert "refused our credentials" in caplog.text  # the 401 was logged, without the token


async def _over_http(base: str, secret: str, fake: FakeShopify) -> Seen:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        return await the_run(client, secret, fake)


@pytest.mark.postgres
def test_nothing_secret_in_the_output_of_shopdesk_serve(
    tmp_path: Path, fake_shopify: tuple[FakeShopify, str]
) -> None:
    with scratch_database("shopdesk_secrets") as url:
        database_url = url.replace("postgres@", f"postgres:{DB_PASSWORD}@")  # trust auth
        env = {
            **os.environ,
            "SHOPDESK_DATABASE_URL": database_url,
            "SHOPDESK_CONNECTOR": "shopify",
            "SHOPDESK_CONNECTOR_CONFIG": str(connector_file(tmp_path, fake_shopify[1])),
            "SHOPDESK_AGENT_API_KEY": AGENT_KEY,
            "SHOPDESK_CUSTOMER_TOKEN_SECRET": TOKEN_SECRET,
            "SHOPDESK_AGENT_PASSWORD": PASSWORD,
            "SHOPDESK_LOG_LEVEL": "DEBUG",
        }
        added = subprocess.run(
            [SHOPDESK, "agents", "add", AGENT_EMAIL, "--role", "agent", "--totp"],
            env={**env, "COLUMNS": "500"},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        uri = re.search(r"otpauth://\S+", added.stdout)
        assert uri, added.stdout
        with serving(env, tmp_path) as base:
            seen = asyncio.run(_over_http(base, totp_secret(uri.group(0)), fake_shopify[0]))
        seen.values["database password"] = DB_PASSWORD
        output = (tmp_path / "serve.log").read_text(errors="replace")
    seen.assert_absent_from(output + added.stderr)
