"""Console users on real SQLite and PostgreSQL: passwords, TOTP, sessions, throttling, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shopdesk.agents.service import (
    AgentError,
    AgentService,
    LoginFailed,
    LoginThrottled,
    fill_placeholders,
    role_at_least,
)
from shopdesk.agents.tables import Agent, AgentSession
from shopdesk.kit.ratelimit import MemoryCounter
from shopdesk.settings import Settings

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> AgentService:
    settings = Settings(console_login_attempts_per_email=3, console_login_attempts_per_client=5)
    return AgentService(sessionmaker, settings, MemoryCounter(), now=clock)


async def test_password_is_stored_as_argon2_and_verified(service: AgentService) -> None:
    agent, uri = await service.create("Ann@Example.com", PASSWORD, "agent", name="Ann")
    assert uri is None
    assert agent.password_hash.startswith("$argon2id$")
    assert PASSWORD not in agent.password_hash
    login = await service.login("ann@example.com", PASSWORD, "1.2.3.4")
    assert not login.needs_totp
    signed_in = await service.resolve(login.token)
    assert signed_in is not None
    assert signed_in.agent.email == "Ann@Example.com"
    assert signed_in.session.csrf_token == login.csrf_token


async def test_only_the_token_digest_is_stored(
    service: AgentService, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await service.create("ann@example.com", PASSWORD, "agent")
    login = await service.login("ann@example.com", PASSWORD, "c")
    async with sessionmaker() as session:
        rows = (await session.execute(select(AgentSession))).scalars().all()
    assert len(rows) == 1
    assert rows[0].token_digest != login.token
    assert len(rows[0].token_digest) == 64


async def test_wrong_password_unknown_email_and_disabled_agent_fail_alike(
    service: AgentService,
) -> None:
    await service.create("ann@example.com", PASSWORD, "agent")
    with pytest.raises(LoginFailed):
        await service.login("ann@example.com", "wrong password!", "c1")
    with pytest.raises(LoginFailed):
        await service.login("nobody@example.com", PASSWORD, "c1")
    good = await service.login("ann@example.com", PASSWORD, "c1")
    await service.disable("ann@example.com")
    assert await service.resolve(good.token) is None  # disabling ends open sessions
    with pytest.raises(LoginFailed):
        await service.login("ann@example.com", PASSWORD, "c1")


async def test_failed_logins_are_throttled_per_email(service: AgentService) -> None:
    await service.create("ann@example.com", PASSWORD, "agent")
    for _ in range(3):
        with pytest.raises(LoginFailed):
            await service.login("ann@example.com", "not the password", "c2")
    with pytest.raises(LoginThrottled) as throttled:
        await service.login("ann@example.com", PASSWORD, "c2")  # even the right one now
    assert throttled.value.retry_after == 900


async def test_failed_logins_are_throttled_per_client(service: AgentService) -> None:
    for i in range(5):
        with pytest.raises(LoginFailed):
            await service.login(f"user{i}@example.com", "guess guess", "9.9.9.9")
    with pytest.raises(LoginThrottled):
        await service.login("someone@example.com", "guess guess", "9.9.9.9")


async def test_totp_second_step(service: AgentService) -> None:
    _, uri = await service.create("sam@example.com", PASSWORD, "supervisor", totp=True)
    assert uri is not None
    assert uri.startswith("otpauth://totp/")
    totp = pyotp.parse_uri(uri)
    half = await service.login("sam@example.com", PASSWORD, "c")
    assert half.needs_totp
    assert await service.resolve(half.token) is None  # nothing opens before the code
    assert await service.resolve(half.token, pending=True) is not None
    with pytest.raises(LoginFailed):
        await service.second_factor(half.token, "000000", "c")
    with pytest.raises(LoginFailed):
        await service.second_factor(half.token, "12ab56", "c")
    full = await service.second_factor(half.token, totp.now(), "c")  # type: ignore[attr-defined]
    assert not full.needs_totp
    assert full.token != half.token
    assert await service.resolve(half.token, pending=True) is None  # the half session is gone
    signed_in = await service.resolve(full.token)
    assert signed_in is not None
    assert signed_in.agent.role == "supervisor"


async def test_sessions_expire_when_idle_and_absolutely(
    service: AgentService, clock: Clock
) -> None:
    await service.create("ann@example.com", PASSWORD, "agent")
    idle = await service.login("ann@example.com", PASSWORD, "c")
    clock.now += timedelta(minutes=31)
    assert await service.resolve(idle.token) is None

    busy = await service.login("ann@example.com", PASSWORD, "c")
    for _ in range(35):  # active every 20 minutes: alive for 11 h 40 min
        clock.now += timedelta(minutes=20)
        assert await service.resolve(busy.token) is not None
    clock.now += timedelta(minutes=25)  # not idle for long, but 12 h 5 min since login
    assert await service.resolve(busy.token) is None


async def test_logout_ends_the_session(service: AgentService) -> None:
    await service.create("ann@example.com", PASSWORD, "agent")
    login = await service.login("ann@example.com", PASSWORD, "c")
    await service.logout(login.token)
    assert await service.resolve(login.token) is None
    assert await service.resolve("") is None


@pytest.mark.parametrize(
    ("email", "role", "password", "field"),
    [
        ("not-an-email", "agent", PASSWORD, "email"),
        ("a@example.com", "boss", PASSWORD, "role"),
        ("a@example.com", "agent", "short", "password"),
    ],
)
async def test_bad_agent_input_names_the_field(
    service: AgentService, email: str, role: str, password: str, field: str
) -> None:
    with pytest.raises(AgentError) as error:
        await service.create(email, password, role)
    assert error.value.field == field


async def test_duplicate_email_is_refused(service: AgentService) -> None:
    await service.create("ann@example.com", PASSWORD, "agent")
    with pytest.raises(AgentError, match="already exists"):
        await service.create("ANN@example.com", PASSWORD, "admin")


async def test_roles_and_canned_responses(service: AgentService) -> None:
    agent, _ = await service.create("ann@example.com", PASSWORD, "agent")
    boss, _ = await service.create("sam@example.com", PASSWORD, "supervisor")
    assert role_at_least(boss, "supervisor")
    assert not role_at_least(agent, "supervisor")
    with pytest.raises(PermissionError):
        await service.save_canned(agent, "hello", "Hello", "Hi {customer_name}")
    with pytest.raises(AgentError) as bad:
        await service.save_canned(boss, "Bad Shortcut!", "Hello", "Hi")
    assert bad.value.field == "shortcut"
    saved = await service.save_canned(boss, "hello", "Hello", "Hi {customer_name}, {agent_name}")
    await service.save_canned(boss, "hello", "Hello", "Hello {customer_name}")  # replaces
    rows = await service.canned()
    assert [(r.shortcut, r.text) for r in rows] == [("hello", "Hello {customer_name}")]
    await service.delete_canned(boss, saved.id)
    assert await service.canned() == []


def test_placeholders_are_filled_and_unknown_ones_stay_visible() -> None:
    text = "Hi {customer_name}, order {order_number} is with {agent_name}."
    filled = fill_placeholders(text, {"customer_name": "Lea", "agent_name": "Ann"})
    assert filled == "Hi Lea, order {order_number} is with Ann."


async def test_agent_rows_are_real(
    service: AgentService, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await service.create("ann@example.com", PASSWORD, "admin", name="Ann Admin")
    async with sessionmaker() as session:
        agent = (await session.execute(select(Agent))).scalar_one()
    assert (agent.name, agent.role, agent.active) == ("Ann Admin", "admin", True)
