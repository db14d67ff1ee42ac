"""a partial index for the recovery sweep's unanswered customer messages

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_UNANSWERED = sa.text("role = 'customer' AND processed_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_messages_unanswered",
        "messages",
        ["seq"],
        sqlite_where=_UNANSWERED,
        postgresql_where=_UNANSWERED,
    )


def downgrade() -> None:
    op.drop_index("ix_messages_unanswered", table_name="messages")
