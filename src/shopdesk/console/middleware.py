"""Console sessions on the agent API: the cookie becomes an :class:`AgentPrincipal`.

``handoff.principal.current_agent`` is synchronous and looks at the request only; resolving a
session needs the database, so this middleware does it first (only for ``/v1/agent`` requests
that carry the cookie) and leaves the result in the ASGI scope under :data:`SCOPE_KEY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from shopdesk.agents.service import SignedIn
from shopdesk.agents.web import COOKIE, header_csrf_ok, signed_in
from shopdesk.handoff.principal import AgentPrincipal

SCOPE_KEY = "shopdesk.console"
AGENT_API = "/v1/agent"


@dataclass(frozen=True)
class ConsoleCaller:
    principal: AgentPrincipal
    # False for an unsafe HTTP request without the session's X-CSRF-Token header.
    csrf_ok: bool


def principal_of(signed: SignedIn) -> AgentPrincipal:
    agent = signed.agent
    role = agent.role if agent.role in ("agent", "supervisor", "admin") else "agent"
    return AgentPrincipal(
        id=str(agent.id),
        name=agent.name,
        role=role,  # type: ignore[arg-type]
        avatar_url=agent.avatar_url,
    )


def _same_origin(connection: HTTPConnection) -> bool:
    """A browser always sends Origin on a WebSocket; another site's page must not ride along."""
    origin = connection.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == connection.headers.get("host", "")


class ConsoleSessionMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope["path"].startswith(AGENT_API):
            connection = HTTPConnection(scope)
            if connection.cookies.get(COOKIE) and _same_origin(connection):
                signed = await signed_in(connection)
                if signed is not None:
                    csrf = True
                    if scope["type"] == "http":
                        csrf = header_csrf_ok(Request(scope), signed)
                    scope[SCOPE_KEY] = ConsoleCaller(principal_of(signed), csrf)
        await self.app(scope, receive, send)
