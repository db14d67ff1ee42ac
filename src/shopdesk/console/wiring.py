"""Mount the console on the app: pages, static files, the session middleware."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from shopdesk.console.endpoints import router
from shopdesk.console.middleware import ConsoleSessionMiddleware


def install_console(app: FastAPI) -> None:
    app.include_router(router)
    static = str(resources.files("shopdesk.console") / "static")
    app.mount("/console/static", StaticFiles(directory=static), name="console-static")
    app.add_middleware(ConsoleSessionMiddleware)
