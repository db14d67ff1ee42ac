"""Rendering console pages: the Jinja2 environment, the CSRF cookie of the login form."""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from shopdesk.agents.service import SignedIn
from shopdesk.console.i18n import Translator, pick_locale

_templates = Environment(
    loader=FileSystemLoader(str(resources.files("shopdesk.console") / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# Scripts and styles come from /console/static only; nothing inline, nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
LOGIN_CSRF_COOKIE = "shopdesk_console_login"


def wait_label(seconds: int | None, t: Translator) -> str:
    if seconds is None:
        return "–"
    return t("minutes", n=max(0, seconds) // 60)


def render(
    request: Request,
    template: str,
    *,
    signed: SignedIn | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    t = Translator(pick_locale(request))
    page = _templates.get_template(template).render(
        t=t,
        lang=t.locale,
        me=signed.agent if signed else None,
        csrf_token=signed.session.csrf_token if signed else context.pop("csrf_token", ""),
        wait_label=lambda s: wait_label(s, t),
        year=datetime.now(UTC).year,
        **context,
    )
    response = HTMLResponse(page, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    return response


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def login_csrf_ok(request: Request, presented: str | None) -> bool:
    """Double-submit check for the login form (there is no session to hold a token yet)."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    return bool(expected) and hmac.compare_digest(expected.encode(), (presented or "").encode())
