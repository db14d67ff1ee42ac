"""Storage of conversations, messages and idempotency records. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Any, cast

from sqlalchemy import CursorResult, Table, insert, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from shopdesk.models import (
    AgentNote,
    Conversation,
    Customer,
    HandoffEvent,
    IdempotencyRecord,
    Message,
)

_MESSAGES = cast(Table, Message.__table__)
_CONVERSATIONS = cast(Table, Conversation.__table__)
_MESSAGE_COLUMNS = tuple(c.key for c in _MESSAGES.columns if c.key != "seq")
# JSON columns store a None as JSON null, as the ORM does; other columns leave it to the default.
_JSON_COLUMNS = frozenset({"quick_replies", "card", "agent"})
# Customer messages stored but not answered yet (the partial index ix_messages_unanswered).
_AWAITING_ANSWER = (Message.role == "customer", Message.processed_at.is_(None))
# What a turn may change on its conversation.
_TURN_COLUMNS = (
    "state",
    "locale",
    "dialogue",
    "handoff",
    "updated_at",
    "queued_at",
    "handoff_reason",
    "priority",
    "agent_id",
)


def _message_row(message: Message) -> dict[str, Any]:
    """The INSERT values of a new message as the unit of work would write them."""
    values = inspect(message).dict
    return {
        key: values[key]
        for key in _MESSAGE_COLUMNS
        if key in values and (values[key] is not None or key in _JSON_COLUMNS)
    }


class ConversationRepository:
    """Reads through the ORM; the message path's writes are single Core statements.

    The unit of work (change tracking, flush ordering) costs more CPU than the rest of a bot
    turn's database work, so a turn's inbound message, replies and conversation changes are
    written with explicit INSERT and UPDATE statements instead.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert_messages(self, messages: Sequence[Message]) -> None:
        """INSERT new messages (not added to the session), in order; each gets its ``seq``."""
        rows = [(_message_row(m), m) for m in messages]
        # Messages with the same columns go in one statement (usually all of them).
        for _, group in groupby(rows, key=lambda row: tuple(row[0])):
            batch = list(group)
            query = insert(_MESSAGES).returning(_MESSAGES.c.seq, sort_by_parameter_order=True)
            result = await self.session.execute(query, [values for values, _ in batch])
            for (seq,), (_, message) in zip(result.all(), batch, strict=True):
                set_committed_value(message, "seq", seq)

    async def save_turn(self, conversation: Conversation) -> None:
        """UPDATE the conversation's columns that this turn assigned a different value."""
        state = inspect(conversation)
        changed = {
            key: getattr(conversation, key)
            for key in _TURN_COLUMNS
            if state.attrs[key].history.has_changes()
        }
        if not changed:
            return
        where = _CONVERSATIONS.c.id == conversation.id
        await self.session.execute(update(_CONVERSATIONS).where(where).values(changed))
        for key, value in changed.items():
            set_committed_value(conversation, key, value)

    async def mark_answered(self, inbound: Message) -> bool:
        """Store what the turn learnt of the customer's message and that it is answered.

        False, and nothing written, if it was already answered: a message is answered once.
        """
        query = (
            update(_MESSAGES)
            .where(_MESSAGES.c.id == inbound.id, _MESSAGES.c.processed_at.is_(None))
            .values(
                intent=inbound.intent,
                confidence=inbound.confidence,
                sentiment=inbound.sentiment,
                locale=inbound.locale,
                processed_at=inbound.processed_at,
            )
        )
        result = cast(CursorResult[Any], await self.session.execute(query))
        return result.rowcount == 1

    async def get(self, conversation_id: str, *, for_update: bool = False) -> Conversation | None:
        query = select(Conversation).where(Conversation.id == conversation_id)
        # Row lock on PostgreSQL: one turn at a time per conversation across processes.
        if for_update and self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get_with_unanswered(self, conversation_id: str) -> tuple[Conversation | None, bool]:
        """The conversation, row-locked as ``get(for_update=True)``, and whether any of its
        customer messages awaits an answer: one statement, the first of every turn."""
        waiting = (
            select(Message.seq)
            .where(Message.conversation_id == Conversation.id, *_AWAITING_ANSWER)
            .exists()
        )
        query = select(Conversation, waiting).where(Conversation.id == conversation_id)
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Conversation)
        row = (await self.session.execute(query)).first()
        return (None, False) if row is None else (row[0], bool(row[1]))

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
            .where(*_AWAITING_ANSWER, Message.created_at < before)
            .order_by(Message.seq)
        )
        return [(row[0], row[1]) for row in await self.session.execute(query)]

    async def unanswered(self, conversation_id: str) -> list[str]:
        """Ids of the customer messages stored but not yet answered, oldest first."""
        query = (
            select(Message.id)
            .where(Message.conversation_id == conversation_id, *_AWAITING_ANSWER)
            .order_by(Message.seq)
        )
        return list((await self.session.execute(query)).scalars())

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
