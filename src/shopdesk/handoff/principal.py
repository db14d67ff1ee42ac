"""Who is calling the agent side: one dependency, :func:`current_agent`, for every endpoint.

Today it accepts the ``SHOPDESK_AGENT_API_KEY`` bearer (an admin named "api"); console logins
extend this same function with their session, so every endpoint keeps one way in.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Literal

from starlette.requests import HTTPConnection

from shopdesk.kit.errors import Forbidden, Unauthorized

Role = Literal["agent", "supervisor", "admin"]
_RANK: dict[str, int] = {"agent": 0, "supervisor": 1, "admin": 2}


@dataclass(frozen=True)
class AgentPrincipal:
    id: str
    name: str
    role: Role
    avatar_url: str | None = None

    def at_least(self, role: Role) -> bool:
        return _RANK[self.role] >= _RANK[role]

    def require(self, role: Role) -> None:
        if not self.at_least(role):
            raise Forbidden(f"This needs the {role} role; you are {self.role}.")


API_PRINCIPAL = AgentPrincipal(id="api", name="API", role="admin")


def _bearer(value: str | None) -> str | None:
    scheme, _, token = (value or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_agent(request: HTTPConnection) -> AgentPrincipal:
    """The agent making this request (HTTP or WebSocket), or 401."""
    expected = request.app.state.runtime.settings.agent_api_key
    token = _bearer(request.headers.get("authorization"))
    if token and expected and hmac.compare_digest(token.encode(), expected.encode()):
        return API_PRINCIPAL
    # A console login: console.middleware resolved the session cookie (it needs the database)
    # and left a ConsoleCaller here; unsafe requests must also have carried the CSRF header.
    caller = request.scope.get("shopdesk.console")
    if caller is not None:
        if not caller.csrf_ok:
            raise Forbidden("Missing or wrong X-CSRF-Token header for this console session.")
        return caller.principal  # type: ignore[no-any-return]
    if not expected:
        raise Unauthorized("Agent access is not configured: set SHOPDESK_AGENT_API_KEY.")
    raise Unauthorized("Missing or wrong agent credentials.")
