"""Returns opened through shopdesk: for orders in its own database (``order_id``), or for orders
held on a platform (``connector`` and the order's ``order_number`` key there)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdesk.models.base import Base, utcnow


class Return(Base):
    __tablename__ = "returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the shopper quotes ("R-7KQ2M9XA"); printed on the label.
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    # For a platform's order (order_id is None): which connector, and its order_number_key.
    connector: Mapped[str | None] = mapped_column(String(32))
    order_number: Mapped[str | None] = mapped_column(String(64), index=True)
    # [{"sku": str|None, "name": str, "quantity": int}]: the order's items being sent back.
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text)
    # requested -> (label used) -> received -> refunded; or cancelled.
    status: Mapped[str] = mapped_column(String(32))
    label_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A retried request with the same key finds this row and returns it: one return, not two.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
