"""What each console page shows, read through HandoffService and the agents' tables."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from starlette.requests import Request

from shopdesk.agents.service import SignedIn, fill_placeholders, role_at_least
from shopdesk.agents.tables import Agent
from shopdesk.agents.web import agent_service
from shopdesk.commerce.builtin import DatabaseOrderSource
from shopdesk.core.orders import OrderView, order_number_key
from shopdesk.handoff.service import PRESENCE_SECONDS, HandoffService
from shopdesk.models import AgentPresence, Conversation

CLOSE_REASONS = ("resolved", "no_response", "duplicate", "other")
MAX_ORDERS_SHOWN = 5
log = logging.getLogger("shopdesk.console")


def handoff(request: Request) -> HandoffService:
    return HandoffService(request.app.state.runtime)


def sentiment_band(value: float | None) -> str | None:
    if value is None:
        return None
    if value <= -0.3:
        return "negative"
    return "positive" if value >= 0.3 else "neutral"


def priority_band(value: int | None) -> str:
    """Bands over the escalation policy's numbers: anger, fraud, legal and safety are high."""
    value = value or 0
    if value >= 80:
        return "high"
    return "normal" if value >= 40 else "low"


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "priority_band": priority_band(row.get("priority")),
        "sentiment_band": sentiment_band(row.get("sentiment")),
    }


async def _agent_names(request: Request) -> dict[str, str]:
    return {str(a.id): a.name for a in await agent_service(request).all()}


async def queue_view(request: Request, signed: SignedIn) -> dict[str, Any]:
    service = handoff(request)
    me = str(signed.agent.id)
    supervisor = role_at_least(signed.agent, "supervisor")
    taken = [_row(r) for r in await service.queue("agent")]
    return {
        "queued": [_row(r) for r in await service.queue("queued")],
        "mine": [r for r in taken if r["agent_id"] == me],
        "others": [r for r in taken if r["agent_id"] != me] if supervisor else [],
        "names": await _agent_names(request),
        "supervisor": supervisor,
        "active_agents": [a for a in await agent_service(request).all() if a.active],
    }


async def verified_orders(request: Request, numbers: list[str]) -> list[dict[str, Any]]:
    """The orders the shopper proved are theirs, read from the shop (status, items, tracking).

    Only orders the verification gate accepted reach here; a platform that fails to answer
    leaves the number shown without details rather than failing the page.
    """
    runtime = request.app.state.runtime
    shown: list[dict[str, Any]] = []
    async with runtime.sessionmaker() as session:
        source = runtime.connector or DatabaseOrderSource(session)
        for number in numbers[:MAX_ORDERS_SHOWN]:
            view: OrderView | None = None
            try:
                view = await source.get_order(order_number_key(number))
            except Exception as exc:  # any connector error: the agent still sees the number
                log.warning("order %s not readable for the console: %s", number, exc)
            shown.append({"number": view.number if view else number, "order": view})
    return shown


async def conversation_view(
    request: Request, signed: SignedIn, conversation_id: str
) -> dict[str, Any]:
    context = await handoff(request).context(conversation_id)  # NotFound for an unknown id
    customer = context.get("customer") or {}
    orders = list(context.get("verified_orders") or [])
    details = await verified_orders(request, orders)
    first = next((d["order"] for d in details if d["order"] is not None), None)
    values = {
        # A guest has no customer record: the verified order still names them.
        "customer_name": customer.get("name") or (first.customer_name if first else None),
        "order_number": orders[0] if orders else None,
        "agent_name": signed.agent.name,
    }
    canned = [
        {"shortcut": c.shortcut, "title": c.title, "text": fill_placeholders(c.text, values)}
        for c in await agent_service(request).canned()
    ]
    trend = [float(s) for s in context.get("sentiment_trend") or []]
    return {
        "c": context,
        "customer": customer,
        "orders": details,
        "customer_name": values["customer_name"],
        "canned": canned,
        "sentiment_band": sentiment_band(trend[-1] if trend else None),
        "trend": trend[-8:],
        "names": await _agent_names(request),
        "mine": context.get("agent_id") == str(signed.agent.id),
        "active_agents": [a for a in await agent_service(request).all() if a.active],
        "close_reasons": CLOSE_REASONS,
    }


async def team_view(request: Request) -> dict[str, Any]:
    """Every active agent with presence (online/away/offline) and open conversations."""
    runtime = request.app.state.runtime
    since = datetime.now(UTC) - timedelta(seconds=PRESENCE_SECONDS)
    async with runtime.sessionmaker() as session:
        agents = (await session.execute(select(Agent).order_by(Agent.name))).scalars().all()
        presence = {p.agent_id: p for p in (await session.execute(select(AgentPresence))).scalars()}
        load_rows = await session.execute(
            select(Conversation.agent_id, func.count())
            .where(Conversation.state == "agent")
            .group_by(Conversation.agent_id)
        )
        load = {str(agent_id): int(n) for agent_id, n in load_rows.all()}
    team = []
    for agent in agents:
        if not agent.active:
            continue
        seen = presence.get(str(agent.id))
        status = "offline"
        if seen is not None and seen.last_seen.astimezone(UTC) >= since:
            status = seen.status if seen.status in ("online", "away") else "offline"
        team.append({"agent": agent, "status": status, "load": load.get(str(agent.id), 0)})
    service = handoff(request)
    return {
        "team": team,
        "queued": [_row(r) for r in await service.queue("queued")],
        "taken": [_row(r) for r in await service.queue("agent")],
        "names": {str(a.id): a.name for a in agents},
    }
