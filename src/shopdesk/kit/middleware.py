"""Small ASGI middlewares: request-size limits (headers, URL, body) and security headers."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shopdesk.kit.errors import error_body

# Every response. X-Frame-Options for browsers that predate CSP's frame-ancestors.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# JSON, scripts and anything else that is not a page: nothing may load from it or frame it.
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# The demo shop page: the widget from this server, its shadow-DOM style, avatars over HTTPS.
DEMO_CSP = (
    b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; "
    b"base-uri 'none'; form-action 'self'"
)
# FastAPI's interactive docs load their scripts from a CDN with inline set-up code.
_NO_DEFAULT_CSP = ("/docs", "/redoc")
# Beyond these a request is refused before the app sees it (a proxy in front may be stricter).
MAX_HEADER_BYTES = 32_768
MAX_TARGET_BYTES = 8_192


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = orjson.dumps(error_body(code, message))
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Reject bodies over ``max_bytes`` with 413 before the app reads them whole, and request
    targets or header blocks too large to be genuine with 414 / 431."""

    def __init__(self, app: ASGIApp, max_bytes: int = 65_536) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        problem = None
        if target > MAX_TARGET_BYTES:
            problem = (414, "uri_too_long", "The request URL is too long.")
        elif sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES:
            problem = (431, "headers_too_large", "The request headers are too large.")
        if problem is not None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1009})
            else:
                await _refuse(send, *problem)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        declared = dict(headers).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(send)
            return
        seen = 0
        started = False
        refused = False  # the 413 went out: the app reads no more and its answer is dropped

        async def limited_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not started:
                    refused = True
                    await self._reject(send)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            if not refused:
                raise  # the app's own failure, not the disconnect it was handed

    async def _reject(self, send: Send) -> None:
        await _refuse(send, 413, "payload_too_large", "The request body is too large.")


class SecurityHeadersMiddleware:
    """The headers above on every HTTP response, and a Content-Security-Policy where the
    response did not set its own (the console pages do)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        default_csp = None if path.startswith(_NO_DEFAULT_CSP) else API_CSP
        if path == "/":
            default_csp = DEMO_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                if default_csp is not None and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", default_csp))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
