"""The console's session cookie on HTTP requests and WebSockets.

The cookie is HttpOnly and SameSite=Strict, so a page on another site can neither read it nor
make the browser send it. On top of that every unsafe request authenticated by the cookie
carries the session's CSRF token (a form field, or the ``X-CSRF-Token`` header from the
console's scripts), compared in constant time.
"""

from __future__ import annotations

import hmac

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from shopdesk.agents.service import AgentService, SignedIn
from shopdesk.settings import Settings

COOKIE = "shopdesk_console"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def agent_service(connection: HTTPConnection) -> AgentService:
    runtime = connection.app.state.runtime
    return AgentService(runtime.sessionmaker, runtime.settings, runtime.counter)


def client_address(connection: HTTPConnection) -> str:
    return connection.client.host if connection.client else "unknown"


async def signed_in(connection: HTTPConnection, *, pending: bool = False) -> SignedIn | None:
    """The agent behind the cookie, or None (no cookie, unknown, expired, disabled)."""
    token = connection.cookies.get(COOKIE)
    if not token:
        return None
    return await agent_service(connection).resolve(token, pending=pending)


def csrf_ok(signed: SignedIn, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(
        signed.session.csrf_token.encode(), (presented or "").encode()
    )


def header_csrf_ok(request: Request, signed: SignedIn) -> bool:
    """Unsafe API calls made with the cookie must carry the CSRF header."""
    return request.method in SAFE_METHODS or csrf_ok(signed, request.headers.get(CSRF_HEADER))


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=settings.console_session_hours * 3600,
        path="/",
        httponly=True,
        samesite="strict",
        secure=settings.console_secure_cookie,
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="strict", secure=settings.console_secure_cookie
    )
