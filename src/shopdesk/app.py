"""Application wiring: create_app() builds the FastAPI app and its lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import text

from shopdesk import __version__
from shopdesk.commerce.registry import connector_from_settings
from shopdesk.console.wiring import install_console
from shopdesk.conversations import endpoints as conversation_endpoints
from shopdesk.conversations import websocket as conversation_socket
from shopdesk.conversations.runtime import ModelHandle, Runtime
from shopdesk.conversations.service import ConversationService
from shopdesk.handoff import endpoints as agent_endpoints
from shopdesk.invoices import endpoints as invoice_endpoints
from shopdesk.kit.bus import LocalBus, RedisBus
from shopdesk.kit.db import create_engine, create_sessionmaker
from shopdesk.kit.errors import error_body, install_error_handlers
from shopdesk.kit.jsonresponse import JSONResponse
from shopdesk.kit.locks import ConversationLocks
from shopdesk.kit.logging import configure_logging
from shopdesk.kit.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from shopdesk.kit.migrations import upgrade
from shopdesk.kit.ratelimit import MemoryCounter, RedisCounter
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.policy import load_policy
from shopdesk.settings import Settings, get_settings

log = logging.getLogger("shopdesk.app")


async def build_runtime(settings: Settings, *, nlu: Pipeline | None = None) -> Runtime:
    """Open the database (migrating it), start loading the NLU model, connect Redis if set.

    An invalid policy file raises :class:`~shopdesk.policy.PolicyError` before anything starts.
    """
    policy = load_policy(settings)
    # A platform connector is made once per process (its HTTP client and cache are shared); a
    # misconfigured one stops the start with the connector named.
    connector = None if settings.connector == "builtin" else connector_from_settings(settings)
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    model = ModelHandle(nlu)
    if nlu is None:
        model.load_in_background(lambda: load_pipeline(settings))
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        nlu=model,
        locks=ConversationLocks(engine),
        policy=policy,
        connector=connector,
    )
    if settings.redis_url:
        import redis.asyncio as redis_asyncio

        # An unreachable Redis must not hold up a turn: the bus and counters fall back at once.
        client = redis_asyncio.from_url(settings.redis_url, socket_connect_timeout=2)
        runtime.bus = RedisBus(client)
        runtime.counter = RedisCounter(client, MemoryCounter())
    else:
        runtime.bus = LocalBus()
    await runtime.bus.start()
    return runtime


async def close_runtime(runtime: Runtime) -> None:
    if runtime.connector is not None:
        await runtime.connector.aclose()
    await runtime.nlu.close()
    await runtime.knowledge.close()
    await runtime.bus.stop()
    await runtime.engine.dispose()


def create_app(settings: Settings | None = None, *, nlu: Pipeline | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = await build_runtime(settings, nlu=nlu)
        app.state.runtime = runtime
        app.state.conversations = ConversationService(runtime)
        recovered = await app.state.conversations.recover_pending()
        if recovered:
            log.info("answered %d message(s) left unanswered by an earlier stop", recovered)
        log.info("shopdesk %s ready", __version__)
        background = [
            asyncio.create_task(
                app.state.conversations.sweep_pending(settings.recovery_sweep_seconds),
                name="shopdesk-recovery-sweep",
            ),
            asyncio.create_task(runtime.warm_up(), name="shopdesk-warm-up"),
        ]
        try:
            yield
        finally:
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await close_runtime(runtime)

    app = FastAPI(
        title="shopdesk",
        version=__version__,
        description="Self-hosted AI support desk for online shops: the chat API.",
        lifespan=lifespan,
        default_response_class=JSONResponse,
    )
    install_error_handlers(app)
    app.include_router(conversation_endpoints.router)
    app.include_router(conversation_socket.router)
    app.include_router(agent_endpoints.router)
    app.include_router(invoice_endpoints.router)
    install_console(app)  # /console pages and static files; console sessions on /v1/agent

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    async def readyz(request: Request) -> JSONResponse:
        """The database answers, and the model and the shop's indexes are loaded."""
        runtime = request.app.state.runtime
        try:
            async with runtime.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            body = error_body("service_unavailable", "The database is not reachable.")
            return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})
        if not runtime.nlu.ready or not runtime.warm:
            body = error_body("service_unavailable", "The language model is still loading.")
            return JSONResponse(body, status_code=503, headers={"Retry-After": "2"})
        return JSONResponse({"status": "ready"})

    web = resources.files("shopdesk") / "web"
    demo_page = (web / "demo.html").read_text(encoding="utf-8")
    widget_script = (web / "widget.js").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    async def demo() -> HTMLResponse:
        return HTMLResponse(demo_page.replace("{{shop_name}}", html.escape(settings.shop_name)))

    @app.get("/widget.js", include_in_schema=False)
    async def widget() -> Response:
        # Shops embed it from their own pages: cacheable for a while, revalidated after.
        headers = {"Cache-Control": "public, max-age=300"}
        return Response(widget_script, media_type="text/javascript; charset=utf-8", headers=headers)

    # Outermost last: the security headers go on every answer, the refusals of the body
    # limit and CORS included.
    app.add_middleware(BodyLimitMiddleware, max_bytes=65_536)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
    configure_logging(settings.log_level)
    return app
