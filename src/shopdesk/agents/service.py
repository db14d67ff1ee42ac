"""Console users and their logins: create, list, disable, log in (+ TOTP), sessions, canned replies.

Sessions live in the database (``agent_sessions``), so any shopdesk process can serve any agent,
and logging out or disabling an agent ends them at once. A session ends after
``console_session_idle_minutes`` without a request and ``console_session_hours`` after login.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shopdesk.agents import secrets as agent_secrets
from shopdesk.agents.repository import AgentRepository
from shopdesk.agents.tables import ROLES, Agent, AgentSession, CannedResponse
from shopdesk.kit.db import transaction
from shopdesk.kit.ratelimit import Counter
from shopdesk.models.base import utcnow
from shopdesk.settings import Settings

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SHORTCUT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
PLACEHOLDERS = ("customer_name", "order_number", "agent_name")
# Touching last_seen_at on every request would write on every page view; a minute is plenty
# against a 30-minute idle limit.
_TOUCH_EVERY = timedelta(seconds=60)


class AgentError(ValueError):
    """Bad input for an agent or a canned response; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class LoginFailed(Exception):
    """Wrong email, password or code (deliberately not saying which)."""


class LoginThrottled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("too many failed logins")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Login:
    """A new session: the cookie value, its CSRF token, and whether a TOTP code is still due."""

    token: str
    csrf_token: str
    needs_totp: bool


@dataclass(frozen=True)
class SignedIn:
    agent: Agent
    session: AgentSession


def role_at_least(agent: Agent, role: str) -> bool:
    return ROLES.index(agent.role) >= ROLES.index(role)


def fill_placeholders(text: str, values: dict[str, str | None]) -> str:
    """Replace {customer_name}, {order_number}, {agent_name}; an unknown value stays visible."""
    for name in PLACEHOLDERS:
        value = values.get(name)
        if value:
            text = text.replace("{" + name + "}", value)
    return text


def check_new_agent(email: str, role: str, password: str, name: str | None) -> tuple[str, str]:
    email = email.strip()
    if not EMAIL.match(email) or len(email) > 320:
        raise AgentError("email", f"{email!r} is not an email address")
    if role not in ROLES:
        raise AgentError("role", f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if len(password) < agent_secrets.MIN_PASSWORD_LENGTH:
        raise AgentError(
            "password", f"must be at least {agent_secrets.MIN_PASSWORD_LENGTH} characters"
        )
    display = (name or email.split("@", 1)[0]).strip()
    if not display or len(display) > 120:
        raise AgentError("name", "must be 1 to 120 characters")
    return email, display


class AgentService:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        counter: Counter,
        *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.counter = counter
        self.now = now

    # -- agents ------------------------------------------------------------------------------

    async def create(
        self,
        email: str,
        password: str,
        role: str,
        *,
        name: str | None = None,
        totp: bool = False,
        avatar_url: str | None = None,
    ) -> tuple[Agent, str | None]:
        """Add an agent; returns it and, with ``totp``, the provisioning URI for the app."""
        email, display = check_new_agent(email, role, password, name)
        secret = agent_secrets.new_totp_secret() if totp else None
        agent = Agent(
            email=email,
            name=display,
            role=role,
            password_hash=agent_secrets.hash_password(password),
            totp_secret=secret,
            active=True,
            avatar_url=avatar_url,
            created_at=self.now(),
        )
        try:
            async with transaction(self.sessionmaker) as session:
                if await AgentRepository(session).by_email(email) is not None:
                    raise AgentError("email", f"an agent with {email} already exists")
                session.add(agent)
        except IntegrityError:  # a concurrent add of the same email
            raise AgentError("email", f"an agent with {email} already exists") from None
        uri = agent_secrets.totp_uri(secret, email) if secret else None
        return agent, uri

    async def all(self) -> list[Agent]:
        async with self.sessionmaker() as session:
            return await AgentRepository(session).all()

    async def get(self, agent_id: int) -> Agent | None:
        async with self.sessionmaker() as session:
            return await AgentRepository(session).by_id(agent_id)

    async def disable(self, email: str) -> Agent:
        async with transaction(self.sessionmaker) as session:
            repo = AgentRepository(session)
            agent = await repo.by_email(email)
            if agent is None:
                raise AgentError("email", f"no agent with {email}")
            agent.active = False
            await repo.drop_sessions_of(agent.id)
            return agent

    # -- logins ------------------------------------------------------------------------------

    async def _throttle(self, keys: list[tuple[str, int]]) -> None:
        window = self.settings.console_login_window_seconds
        for key, limit in keys:
            if await self.counter.count(key, window) >= limit:
                raise LoginThrottled(window)

    def _keys(self, email: str, client: str) -> list[tuple[str, int]]:
        settings = self.settings
        return [
            (f"console-login:email:{email.lower()}", settings.console_login_attempts_per_email),
            (f"console-login:client:{client}", settings.console_login_attempts_per_client),
        ]

    async def _failed(self, keys: list[tuple[str, int]]) -> None:
        for key, _limit in keys:
            await self.counter.hit(key, self.settings.console_login_window_seconds)

    async def login(self, email: str, password: str, client: str) -> Login:
        """Check the password; a TOTP agent gets a half-open session that only the code opens."""
        keys = self._keys(email.strip(), client)
        await self._throttle(keys)
        async with transaction(self.sessionmaker) as session:
            agent = await AgentRepository(session).by_email(email.strip())
            ok = agent_secrets.verify_password(agent.password_hash if agent else None, password)
            if agent is None or not ok or not agent.active:
                await self._failed(keys)
                raise LoginFailed
            if agent_secrets.needs_rehash(agent.password_hash):
                agent.password_hash = agent_secrets.hash_password(password)
            return self._open(session, agent, verified=agent.totp_secret is None)

    def _open(self, session: AsyncSession, agent: Agent, *, verified: bool) -> Login:
        token, csrf = agent_secrets.new_token(), secrets.token_urlsafe(24)
        now = self.now()
        session.add(
            AgentSession(
                token_digest=agent_secrets.digest(token),
                agent_id=agent.id,
                csrf_token=csrf,
                verified=verified,
                created_at=now,
                last_seen_at=now,
            )
        )
        return Login(token=token, csrf_token=csrf, needs_totp=not verified)

    async def second_factor(self, token: str, code: str, client: str) -> Login:
        """Check the TOTP code of a half-open session; on success a new, full session replaces it
        (a fresh cookie value, so a token seen before the second factor is worth nothing)."""
        async with transaction(self.sessionmaker) as session:
            repo = AgentRepository(session)
            pending = await self._live(repo, token)
            if pending is None or pending.verified:
                raise LoginFailed
            agent = await repo.by_id(pending.agent_id)
            if agent is None or not agent.active or agent.totp_secret is None:
                raise LoginFailed
            keys = self._keys(agent.email, client)
            await self._throttle(keys)
            if not agent_secrets.verify_totp(agent.totp_secret, code):
                await self._failed(keys)
                raise LoginFailed
            await repo.drop_session(pending.id)
            return self._open(session, agent, verified=True)

    async def _live(self, repo: AgentRepository, token: str) -> AgentSession | None:
        """The session for a cookie value, or None when unknown or expired (then deleted)."""
        row = await repo.session_by_digest(agent_secrets.digest(token))
        if row is None:
            return None
        now = self.now()
        idle = timedelta(minutes=self.settings.console_session_idle_minutes)
        absolute = timedelta(hours=self.settings.console_session_hours)
        if now - row.last_seen_at > idle or now - row.created_at > absolute:
            await repo.drop_session(row.id)
            return None
        return row

    async def resolve(self, token: str, *, pending: bool = False) -> SignedIn | None:
        """The signed-in agent for a cookie value. ``pending`` also accepts a session that still
        waits for its TOTP code (only the code form asks for that)."""
        if not token:
            return None
        async with transaction(self.sessionmaker) as session:
            repo = AgentRepository(session)
            row = await self._live(repo, token)
            if row is None or (not row.verified and not pending):
                return None
            agent = await repo.by_id(row.agent_id)
            if agent is None or not agent.active:
                return None
            now = self.now()
            if now - row.last_seen_at >= _TOUCH_EVERY:
                row.last_seen_at = now
            return SignedIn(agent=agent, session=row)

    async def logout(self, token: str) -> None:
        async with transaction(self.sessionmaker) as session:
            repo = AgentRepository(session)
            row = await repo.session_by_digest(agent_secrets.digest(token))
            if row is not None:
                await repo.drop_session(row.id)

    # -- canned responses --------------------------------------------------------------------

    async def canned(self) -> list[CannedResponse]:
        async with self.sessionmaker() as session:
            return await AgentRepository(session).canned()

    async def save_canned(
        self, author: Agent, shortcut: str, title: str, text: str
    ) -> CannedResponse:
        """Add or replace (by shortcut) a canned response; supervisors and admins only."""
        if not role_at_least(author, "supervisor"):
            raise PermissionError("only supervisors and admins manage canned responses")
        shortcut, title, text = shortcut.strip().lower(), title.strip(), text.strip()
        if not SHORTCUT.match(shortcut):
            raise AgentError("shortcut", "use 1-40 lower-case letters, digits, - or _")
        if not title or len(title) > 120:
            raise AgentError("title", "must be 1 to 120 characters")
        if not text or len(text) > 4000:
            raise AgentError("text", "must be 1 to 4000 characters")
        async with transaction(self.sessionmaker) as session:
            row = await AgentRepository(session).canned_by_shortcut(shortcut)
            if row is None:
                row = CannedResponse(shortcut=shortcut)
                session.add(row)
            row.title, row.text, row.created_by, row.updated_at = title, text, author.id, self.now()
            return row

    async def delete_canned(self, author: Agent, canned_id: int) -> None:
        if not role_at_least(author, "supervisor"):
            raise PermissionError("only supervisors and admins manage canned responses")
        async with transaction(self.sessionmaker) as session:
            row = await session.get(CannedResponse, canned_id)
            if row is not None:
                await session.delete(row)
