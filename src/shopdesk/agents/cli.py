"""``shopdesk agents``: add, list and disable console users.

Registered on the main command line by :mod:`shopdesk.cli`. Bad input exits with status 2 and
``error: FIELD: problem`` on stderr.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from shopdesk.agents.service import AgentError, AgentService
from shopdesk.agents.tables import ROLES
from shopdesk.settings import Settings, get_settings

agents_app = typer.Typer(help="Console users (agents, supervisors, admins).", no_args_is_help=True)
console = Console()
err = Console(stderr=True)
T = TypeVar("T")
PASSWORD_ENV = "SHOPDESK_AGENT_PASSWORD"  # noqa: S105 - the variable's name, not a secret


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            field = "SHOPDESK_" + ".".join(str(p) for p in error["loc"]).upper()
            err.print(f"[red]error:[/red] {field}: {escape(str(error['msg']))}")
        raise typer.Exit(2) from None


def _run(settings: Settings, work: Callable[[AgentService], Awaitable[T]]) -> T:
    async def _go() -> T:
        from shopdesk.kit.db import create_engine, create_sessionmaker
        from shopdesk.kit.migrations import upgrade
        from shopdesk.kit.ratelimit import MemoryCounter

        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
            service = AgentService(create_sessionmaker(engine), settings, MemoryCounter())
            return await work(service)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(_go())
    except AgentError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


@agents_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The agent's email (their login)")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}")] = "agent",
    name: Annotated[str | None, typer.Option(help="Display name (default: from the email)")] = None,
    totp: Annotated[
        bool, typer.Option("--totp", help="Require a TOTP code; prints the app's setup URI")
    ] = False,
) -> None:
    """Create a console user. The password is asked for, or read from SHOPDESK_AGENT_PASSWORD."""
    settings = _settings()
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    agent, uri = _run(
        settings, lambda service: service.create(email, password, role, name=name, totp=totp)
    )
    console.print(f"added {escape(agent.email)} ({agent.role}, {escape(agent.name)})")
    if uri:
        console.print("Scan this in an authenticator app (shown once):")
        console.print(escape(uri), soft_wrap=True)


@agents_app.command("list")
def list_agents() -> None:
    """Every console user, with role, second factor and whether they can log in."""
    agents = _run(_settings(), lambda service: service.all())
    table = Table("email", "name", "role", "totp", "active")
    for agent in agents:
        table.add_row(
            escape(agent.email),
            escape(agent.name),
            agent.role,
            "yes" if agent.totp_secret else "no",
            "yes" if agent.active else "no",
        )
    console.print(table)


@agents_app.command("disable")
def disable(email: Annotated[str, typer.Argument(help="The agent's email")]) -> None:
    """Stop a user from logging in and end their open sessions at once."""
    agent = _run(_settings(), lambda service: service.disable(email))
    console.print(f"disabled {escape(agent.email)}")
