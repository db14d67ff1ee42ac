"""handoff: conversation owner and priority, audit trail, notes, agent presence, tickets

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("agent_id", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("handoff", sa.JSON(), nullable=True))
        batch.create_index("ix_conversations_agent_id", ["agent_id"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("agent", sa.JSON(), nullable=True))
    op.create_table(
        "handoff_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("from_agent", sa.String(length=100), nullable=True),
        sa.Column("to_agent", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_handoff_events_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_events")),
    )
    op.create_index(
        op.f("ix_handoff_events_conversation_id"), "handoff_events", ["conversation_id"]
    )
    op.create_index(op.f("ix_handoff_events_at"), "handoff_events", ["at"])
    op.create_table(
        "agent_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=False),
        sa.Column("agent_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_agent_notes_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_notes")),
    )
    op.create_index(op.f("ix_agent_notes_conversation_id"), "agent_notes", ["conversation_id"])
    op.create_table(
        "agent_presence",
        sa.Column("agent_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("agent_id", name=op.f("pk_agent_presence")),
    )
    op.create_index(op.f("ix_agent_presence_last_seen"), "agent_presence", ["last_seen"])
    op.create_table(
        "handoff_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("contact_kind", sa.String(length=16), nullable=False),
        sa.Column("contact", sa.String(length=320), nullable=False),
        sa.Column("callback_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_handoff_tickets_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_tickets")),
    )
    op.create_index(
        op.f("ix_handoff_tickets_conversation_id"), "handoff_tickets", ["conversation_id"]
    )


def downgrade() -> None:
    op.drop_table("handoff_tickets")
    op.drop_table("agent_presence")
    op.drop_table("agent_notes")
    op.drop_table("handoff_events")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("agent")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_agent_id")
        batch.drop_column("handoff")
        batch.drop_column("priority")
        batch.drop_column("agent_id")
