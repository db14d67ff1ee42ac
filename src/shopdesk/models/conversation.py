from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from shopdesk.models.base import Base, utcnow


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # SHA-256 of the bearer token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True)
    locale: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(32), default="web")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    # Serialized dialogue.state.DialogueState: any process can serve the next message.
    dialogue: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]
    handoff_reason: Mapped[str | None] = mapped_column(String(64))
    # The agent who owns the conversation (state "agent"); no foreign key: see models.handoff.
    agent_id: Mapped[str | None] = mapped_column(String(100), index=True)
    priority: Mapped[int | None]  # in the queue: higher is served first
    # Handoff bookkeeping: reasons a person was already offered for, an open callback request.
    handoff: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "client_id", name="uq_messages_conversation_client"),
        # The recovery sweep looks for unanswered customer messages every half minute; a partial
        # index keeps that a lookup of the few in flight, not a scan of every message ever sent.
        Index(
            "ix_messages_unanswered",
            "seq",
            sqlite_where=text("role = 'customer' AND processed_at IS NULL"),
            postgresql_where=text("role = 'customer' AND processed_at IS NULL"),
        ),
    )

    # ``seq`` orders the transcript across processes; ``id`` is the public identifier.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(10))
    intent: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None] = mapped_column(Float)
    sentiment: Mapped[float | None] = mapped_column(Float)
    quick_replies: Mapped[list[str]] = mapped_column(JSON, default=list)
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    client_id: Mapped[str | None] = mapped_column(String(100))
    # Who wrote an agent message, as the shopper sees it: {"id", "name", "avatar_url"}.
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Inbound messages are stored before processing; this is set once the turn is answered.
    processed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    """The first response to a request that carried an Idempotency-Key."""

    __tablename__ = "idempotency_records"
    __table_args__ = (
        UniqueConstraint("conversation_id", "key", name="uq_idempotency_conversation_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
