"""The console's pages: login (+ TOTP), queue, conversation, team, canned responses.

Reading happens here (server-rendered); every change to a conversation goes through the agent
API (``/v1/agent/...``) from the page's scripts, authenticated by the same session cookie.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Path, Request
from starlette.responses import RedirectResponse, Response

from shopdesk.agents.service import (
    AgentError,
    LoginFailed,
    LoginThrottled,
    SignedIn,
    role_at_least,
)
from shopdesk.agents.web import (
    COOKIE,
    agent_service,
    clear_session_cookie,
    client_address,
    csrf_ok,
    set_session_cookie,
    signed_in,
)
from shopdesk.console import views
from shopdesk.console.i18n import Translator, pick_locale
from shopdesk.console.pages import (
    LOGIN_CSRF_COOKIE,
    login_csrf_ok,
    new_login_csrf,
    render,
)
from shopdesk.kit.errors import NotFound

router = APIRouter(prefix="/console", include_in_schema=False)
MAX_FORM_BYTES = 16_384


async def form(request: Request) -> dict[str, str]:
    """An urlencoded form body as a dict of first values (the console sends nothing else)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/console/login?next={quote(target)}", status_code=303)


def safe_next(value: str | None) -> str:
    """Only a console path: an open redirect would let a phishing link borrow our login page."""
    if value and value.startswith("/console") and "//" not in value and "\\" not in value:
        return value
    return "/console"


def forbidden(request: Request, signed: SignedIn) -> Response:
    t = Translator(pick_locale(request))
    return render(request, "error.html", signed=signed, status_code=403, message=t("forbidden"))


# -- login -------------------------------------------------------------------------------------


def _login_page(
    request: Request, *, error: str | None = None, status_code: int = 200, email: str = ""
) -> Response:
    token = new_login_csrf()
    response = render(
        request,
        "login.html",
        status_code=status_code,
        csrf_token=token,
        error=error,
        email=email,
        next=safe_next(request.query_params.get("next")),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, path="/console", httponly=True, samesite="strict", max_age=3600
    )
    return response


@router.get("/login")
async def login_page(request: Request) -> Response:
    if await signed_in(request) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    t = Translator(pick_locale(request))
    fields = await form(request)
    email = fields.get("email", "").strip()[:320]
    if not login_csrf_ok(request, fields.get("csrf_token")):
        return _login_page(request, error=t("form_expired"), status_code=403, email=email)
    service = agent_service(request)
    try:
        login = await service.login(email, fields.get("password", ""), client_address(request))
    except LoginThrottled as exc:
        response = _login_page(
            request,
            error=t("login_throttled", minutes=max(1, exc.retry_after // 60)),
            status_code=429,
            email=email,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except LoginFailed:
        return _login_page(request, error=t("login_failed"), status_code=401, email=email)
    target = safe_next(fields.get("next"))
    if login.needs_totp:
        target = f"/console/login/code?next={quote(target)}"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, login.token, request.app.state.runtime.settings)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console")
    return response


@router.get("/login/code")
async def code_page(request: Request) -> Response:
    signed = await signed_in(request, pending=True)
    if signed is None:
        return to_login(request)
    if signed.session.verified:
        return RedirectResponse("/console", status_code=303)
    return render(
        request,
        "code.html",
        csrf_token=signed.session.csrf_token,
        error=None,
        next=safe_next(request.query_params.get("next")),
    )


@router.post("/login/code")
async def code(request: Request) -> Response:
    t = Translator(pick_locale(request))
    signed = await signed_in(request, pending=True)
    if signed is None:
        return to_login(request)
    fields = await form(request)
    target = safe_next(fields.get("next"))

    def again(error: str, status_code: int) -> Response:
        return render(
            request,
            "code.html",
            status_code=status_code,
            csrf_token=signed.session.csrf_token,
            error=error,
            next=target,
        )

    if not csrf_ok(signed, fields.get("csrf_token")):
        return again(t("form_expired"), 403)
    service = agent_service(request)
    token = request.cookies.get(COOKIE, "")
    try:
        login = await service.second_factor(token, fields.get("code", ""), client_address(request))
    except LoginThrottled as exc:
        return again(t("login_throttled", minutes=max(1, exc.retry_after // 60)), 429)
    except LoginFailed:
        return again(t("login_failed"), 401)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, login.token, request.app.state.runtime.settings)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    signed = await signed_in(request, pending=True)
    fields = await form(request)
    if signed is not None and csrf_ok(signed, fields.get("csrf_token")):
        await agent_service(request).logout(request.cookies.get(COOKIE, ""))
    elif signed is not None:
        return forbidden(request, signed)
    response = RedirectResponse("/console/login", status_code=303)
    clear_session_cookie(response, request.app.state.runtime.settings)
    return response


# -- pages -------------------------------------------------------------------------------------


@router.get("")
async def queue_page(request: Request) -> Response:
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    data = await views.queue_view(request, signed)
    return render(request, "queue.html", signed=signed, page="queue", **data)


@router.get("/queue/fragment")
async def queue_fragment(request: Request) -> Response:
    """The queue tables alone: the page's script swaps them in on every queue event."""
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    data = await views.queue_view(request, signed)
    return render(request, "_queue.html", signed=signed, **data)


ConversationId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/conversations/{conversation_id}")
async def conversation_page(request: Request, conversation_id: ConversationId) -> Response:
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    t = Translator(pick_locale(request))
    try:
        data = await views.conversation_view(request, signed, conversation_id)
    except NotFound:
        return render(request, "error.html", signed=signed, status_code=404, message=t("not_found"))
    return render(request, "conversation.html", signed=signed, **data)


@router.get("/team")
async def team_page(request: Request) -> Response:
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    if not role_at_least(signed.agent, "supervisor"):
        return forbidden(request, signed)
    data = await views.team_view(request)
    return render(request, "team.html", signed=signed, page="team", supervisor=True, **data)


@router.get("/team/fragment")
async def team_fragment(request: Request) -> Response:
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    if not role_at_least(signed.agent, "supervisor"):
        return forbidden(request, signed)
    data = await views.team_view(request)
    return render(request, "_team.html", signed=signed, supervisor=True, **data)


# -- canned responses --------------------------------------------------------------------------


async def _canned_page(
    request: Request, signed: SignedIn, *, error: Any = None, status_code: int = 200
) -> Response:
    rows = await agent_service(request).canned()
    return render(
        request,
        "canned.html",
        signed=signed,
        status_code=status_code,
        page="canned",
        canned=rows,
        error=error,
        can_edit=role_at_least(signed.agent, "supervisor"),
    )


@router.get("/canned")
async def canned_page(request: Request) -> Response:
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    return await _canned_page(request, signed)


async def _canned_form(request: Request) -> tuple[SignedIn, dict[str, str]] | Response:
    """A supervisor's form posted on the canned-responses page, or the page to answer with
    instead (sign in, form expired, forbidden)."""
    signed = await signed_in(request)
    if signed is None:
        return to_login(request)
    fields = await form(request)
    if not csrf_ok(signed, fields.get("csrf_token")):
        t = Translator(pick_locale(request))
        return await _canned_page(request, signed, error=t("form_expired"), status_code=403)
    if not role_at_least(signed.agent, "supervisor"):
        return forbidden(request, signed)
    return signed, fields


@router.post("/canned")
async def save_canned(request: Request) -> Response:
    posted = await _canned_form(request)
    if isinstance(posted, Response):
        return posted
    signed, fields = posted
    try:
        await agent_service(request).save_canned(
            signed.agent,
            fields.get("shortcut", ""),
            fields.get("title", ""),
            fields.get("text", ""),
        )
    except AgentError as exc:
        return await _canned_page(request, signed, error=str(exc), status_code=422)
    return RedirectResponse("/console/canned", status_code=303)


@router.post("/canned/{canned_id}/delete")
async def delete_canned(request: Request, canned_id: int) -> Response:
    posted = await _canned_form(request)
    if isinstance(posted, Response):
        return posted
    signed, _fields = posted
    await agent_service(request).delete_canned(signed.agent, canned_id)
    return RedirectResponse("/console/canned", status_code=303)
