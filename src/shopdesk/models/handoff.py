"""Handoff records: the audit trail of ownership changes, agent notes, presence and tickets.

Agents are named by a string id (a console user id, or "api" for the agent API key) with no
foreign key: the console's user table is separate and may live elsewhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdesk.models.base import Base, utcnow


class HandoffEvent(Base):
    """One ownership transition of a conversation: who did what, when, from which state to which."""

    __tablename__ = "handoff_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(32))
    """request, claim, assign, transfer, hand_back, close, reopen."""
    actor: Mapped[str] = mapped_column(String(200))
    """"bot", "customer" or "agent:<id>"."""
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    from_agent: Mapped[str | None] = mapped_column(String(100))
    to_agent: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AgentNote(Base):
    """An internal note on a conversation: seen by agents, never by the shopper."""

    __tablename__ = "agent_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    agent_id: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgentPresence(Base):
    """When each agent was last seen (heartbeat or agent WebSocket): "online" is recent."""

    __tablename__ = "agent_presence"

    agent_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # online | away | offline
    last_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class HandoffTicket(Base):
    """A shopper to call back: nobody could take the conversation when it was handed over."""

    __tablename__ = "handoff_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(10))
    contact_kind: Mapped[str] = mapped_column(String(16))  # email | phone
    contact: Mapped[str] = mapped_column(String(320))
    callback_after: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
