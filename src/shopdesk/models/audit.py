"""The audit log: every write the bot (or later an agent) makes on a shop's data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shopdesk.models.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    """Who: "customer:<email>" through the bot, later "agent:<email>"."""
    action: Mapped[str] = mapped_column(String(64))
    """What: "cancel_order", "update_shipping_address", ..."""
    subject: Mapped[str] = mapped_column(String(200), index=True)
    """On what: "order:<number>"."""
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The write's idempotency key: a second write with the same key finds this row and stops.
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
