"""returns for orders held on a platform (Shopify, WooCommerce, a REST API)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite cannot drop NOT NULL in place, so the table is copied.
    with op.batch_alter_table("returns") as batch:
        batch.alter_column("order_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("connector", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("order_number", sa.String(length=64), nullable=True))
        batch.create_index(op.f("ix_returns_order_number"), ["order_number"])


def downgrade() -> None:
    op.execute("DELETE FROM returns WHERE order_id IS NULL")
    with op.batch_alter_table("returns") as batch:
        batch.drop_index(op.f("ix_returns_order_number"))
        batch.drop_column("order_number")
        batch.drop_column("connector")
        batch.alter_column("order_id", existing_type=sa.Integer(), nullable=False)
