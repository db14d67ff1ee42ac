"""Alembic environment: runs migrations on the connection ``kit.migrations`` hands over."""

from __future__ import annotations

from alembic import context

from shopdesk.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only ``shopdesk db upgrade`` drives migrations
    raise RuntimeError("run migrations with `shopdesk db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
