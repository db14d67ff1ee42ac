"""Storage of conversations, messages and idempotency records. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.models import (
    AgentNote,
    Conversation,
    Customer,
    HandoffEvent,
    IdempotencyRecord,
    Message,
)


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, conversation_id: str, *, for_update: bool = False) -> Conversation | None:
        query = select(Conversation).where(Conversation.id == conversation_id)
        # Row lock on PostgreSQL: one turn at a time per conversation across processes.
        if for_update and self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    def add(self, item: Conversation | Message | IdempotencyRecord | HandoffEvent) -> None:
        self.session.add(item)

    async def messages(self, conversation_id: str, *, after_seq: int = 0) -> Sequence[Message]:
        query = (
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.seq > after_seq)
            .order_by(Message.seq)
        )
        return (await self.session.execute(query)).scalars().all()

    async def message_by_id(self, conversation_id: str, message_id: str) -> Message | None:
        query = select(Message).where(
            Message.conversation_id == conversation_id, Message.id == message_id
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def message_by_client_id(self, conversation_id: str, client_id: str) -> Message | None:
        query = select(Message).where(
            Message.conversation_id == conversation_id, Message.client_id == client_id
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def replies_after(self, conversation_id: str, seq: int) -> Sequence[Message]:
        """Non-customer messages that answered the customer message at ``seq``."""
        query = (
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.seq > seq)
            .order_by(Message.seq)
        )
        answered: list[Message] = []
        for message in (await self.session.execute(query)).scalars():
            if message.role == "customer":
                break
            answered.append(message)
        return answered

    async def unprocessed(self, before: datetime) -> list[tuple[str, str]]:
        """(conversation id, message id) of customer messages stored but never answered."""
        query = (
            select(Message.conversation_id, Message.id)
            .where(
                Message.role == "customer",
                Message.processed_at.is_(None),
                Message.created_at < before,
            )
            .order_by(Message.seq)
        )
        return [(row[0], row[1]) for row in await self.session.execute(query)]

    async def idempotent_response(self, conversation_id: str, key: str) -> dict[str, Any] | None:
        query = select(IdempotencyRecord.response).where(
            IdempotencyRecord.conversation_id == conversation_id, IdempotencyRecord.key == key
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def queued(self, state: str, limit: int = 200) -> Sequence[Conversation]:
        query = (
            select(Conversation)
            .where(Conversation.state == state)
            .order_by(Conversation.queued_at, Conversation.created_at)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()

    async def last_customer_text(self, conversation_id: str) -> str | None:
        query = (
            select(Message.text)
            .where(Message.conversation_id == conversation_id, Message.role == "customer")
            .order_by(Message.seq.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def customer_by_email(self, email: str) -> Customer | None:
        query = select(Customer).where(Customer.email == email)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def customer_email(self, customer_id: int) -> str | None:
        query = select(Customer.email).where(Customer.id == customer_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def customer(self, customer_id: int) -> Customer | None:
        return await self.session.get(Customer, customer_id)

    async def last_customer_message(self, conversation_id: str) -> Message | None:
        query = (
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.role == "customer")
            .order_by(Message.seq.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def notes(self, conversation_id: str) -> Sequence[AgentNote]:
        query = (
            select(AgentNote)
            .where(AgentNote.conversation_id == conversation_id)
            .order_by(AgentNote.id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def handoff_events(self, conversation_id: str) -> Sequence[HandoffEvent]:
        query = (
            select(HandoffEvent)
            .where(HandoffEvent.conversation_id == conversation_id)
            .order_by(HandoffEvent.id)
        )
        return (await self.session.execute(query)).scalars().all()
